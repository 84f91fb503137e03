from datetime import timedelta

import pytest
from django.core import mail as django_mail
from django.db import transaction
from django.utils import timezone

from orderdesk.mail import Attachment, mail_queue, outbox_message_send, outbox_requeue_stale
from orderdesk.models import OutboxMessage
from orderdesk.tasks import outbox_message_send_task

pytestmark = pytest.mark.django_db


def queue_invoice_mail(**overrides):
    return mail_queue(
        **{
            "to": ["boekhouding@klant.be"],
            "subject": "Factuur F2026-000001",
            "body": "Beste klant, in bijlage uw factuur.",
            "language": "nl",
            "attachments": [Attachment("F2026-000001.pdf", b"%PDF-1.7 test", "application/pdf")],
            **overrides,
        }
    )


def test_a_mail_queued_in_a_committed_transaction_is_sent_once_with_its_attachment(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_invoice_mail()

    message.refresh_from_db()
    assert message.state == OutboxMessage.State.SENT
    assert message.sent_at is not None
    (sent,) = django_mail.outbox
    assert sent.to == ["boekhouding@klant.be"]
    assert sent.subject == "Factuur F2026-000001"
    assert sent.extra_headers["Message-ID"] == message.message_id
    assert sent.attachments[0][0] == "F2026-000001.pdf"
    assert sent.attachments[0][1] == b"%PDF-1.7 test"


def test_nothing_is_sent_before_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = queue_invoice_mail()
    assert django_mail.outbox == []
    assert message.state == OutboxMessage.State.QUEUED
    assert len(callbacks) == 1


@pytest.mark.django_db(transaction=True)
def test_a_mail_queued_in_a_rolled_back_transaction_never_leaves():
    class BusinessStepFailed(Exception):
        pass

    with pytest.raises(BusinessStepFailed), transaction.atomic():
        queue_invoice_mail()
        raise BusinessStepFailed

    assert OutboxMessage.objects.count() == 0
    assert django_mail.outbox == []


def test_running_the_send_task_twice_sends_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_invoice_mail()
    outbox_message_send_task.delay(message.pk)
    outbox_message_send_task.apply(args=[message.pk])

    assert len(django_mail.outbox) == 1
    message.refresh_from_db()
    assert message.attempts == 1


def test_a_message_another_worker_is_sending_is_left_alone(settings):
    message = queue_invoice_mail()
    OutboxMessage.objects.filter(pk=message.pk).update(state="sending", claimed_at=timezone.now())

    assert outbox_message_send(message_id=message.pk) is False
    assert django_mail.outbox == []


def test_a_claim_left_by_a_dead_worker_is_taken_over_after_the_lease(settings, django_capture_on_commit_callbacks):
    settings.OUTBOX_SENDING_LEASE = 60
    message = queue_invoice_mail()
    OutboxMessage.objects.filter(pk=message.pk).update(
        state="sending", claimed_at=timezone.now() - timedelta(seconds=61), attempts=1
    )

    with django_capture_on_commit_callbacks(execute=True):
        requeued = outbox_requeue_stale()

    assert requeued == [message.pk]
    assert len(django_mail.outbox) == 1
    message.refresh_from_db()
    assert (message.state, message.attempts) == ("sent", 2)


def test_a_failed_delivery_keeps_the_message_and_the_error_for_a_retry(settings):
    settings.EMAIL_BACKEND = "tests.orderdesk.failing_email_backend.EmailBackend"
    message = queue_invoice_mail()

    with pytest.raises(ConnectionRefusedError):
        outbox_message_send(message_id=message.pk)

    message.refresh_from_db()
    assert message.state == OutboxMessage.State.QUEUED
    assert "ConnectionRefusedError" in message.last_error
    assert message.claimed_at is None


def test_the_outbox_page_lists_and_opens_messages(assistant_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_invoice_mail()

    listing = assistant_client.get("/outbox/")
    assert "Factuur F2026-000001" in listing.text
    detail = assistant_client.get(f"/outbox/{message.pk}/")
    assert "boekhouding@klant.be" in detail.text
    assert "F2026-000001.pdf" in detail.text
    attachment = message.attachments.get()
    download = assistant_client.get(f"/outbox/{message.pk}/attachments/{attachment.pk}/?download=1")
    assert b"".join(download.streaming_content) == b"%PDF-1.7 test"
    assert download["Content-Disposition"].startswith("attachment")


def test_the_outbox_list_costs_the_same_queries_for_5_or_25_mails(assistant_client, django_assert_max_num_queries):
    for index in range(5):
        queue_invoice_mail(subject=f"Mail {index}")
    with django_assert_max_num_queries(12) as few:
        assistant_client.get("/outbox/")
    for index in range(20):
        queue_invoice_mail(subject=f"More {index}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assistant_client.get("/outbox/")
