"""The mail outbox with a real Celery worker on Redis and PostgreSQL: sent once, never lost, never twice."""

import os
import signal

import pytest
from django.db import transaction

from orderdesk.celery import app as celery_app
from orderdesk.mail import mail_queue, outbox_requeue_stale
from orderdesk.models import OutboxMessage
from orderdesk.tasks import outbox_message_send_task
from tests.integration.conftest import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def queue_mail(subject: str, **overrides) -> OutboxMessage:
    with transaction.atomic():
        return mail_queue(
            to=["boekhouding@klant.be"], subject=subject, body="In bijlage uw document.", language="nl", **overrides
        )


def test_a_mail_queued_in_a_committed_transaction_is_sent_once(start_worker, mailroom):
    start_worker()

    message = queue_mail("Factuur F2026-000001")

    wait_for(lambda: OutboxMessage.objects.get(pk=message.pk).state == "sent", what="the mail to be sent")
    message.refresh_from_db()
    assert (message.attempts, mailroom.deliveries(message)) == (1, 1)


def test_a_mail_queued_in_a_rolled_back_transaction_is_never_sent(start_worker, mailroom):
    start_worker()

    with pytest.raises(RuntimeError), transaction.atomic():
        mail_queue(to=["klant@example.be"], subject="Offerte die nooit bestond", body="-", language="nl")
        raise RuntimeError("the quote could not be saved")
    later = queue_mail("Offerte Q2026-000002")

    wait_for(lambda: OutboxMessage.objects.get(pk=later.pk).state == "sent", what="the later mail to be sent")
    assert list(OutboxMessage.objects.values_list("subject", flat=True)) == ["Offerte Q2026-000002"]
    sent_text = "".join(path.read_text() for path in mailroom.outbox.iterdir())
    assert "Offerte die nooit bestond" not in sent_text


def test_the_send_task_delivered_three_times_sends_the_mail_once(start_worker, mailroom):
    worker = start_worker(concurrency=2)

    message = queue_mail("Aanmaning F2026-000003")
    outbox_message_send_task.delay(message.pk)
    outbox_message_send_task.delay(message.pk)

    wait_for(lambda: OutboxMessage.objects.get(pk=message.pk).state == "sent", what="the mail to be sent")
    inspect = celery_app.control.inspect(destination=[worker.nodename], timeout=1)
    wait_for(lambda: not any((inspect.active() or {}).values()), what="the duplicate tasks to finish")
    message.refresh_from_db()
    assert (message.attempts, mailroom.deliveries(message)) == (1, 1)


def test_a_worker_killed_mid_send_does_not_lose_the_mail(start_worker, mailroom):
    first = start_worker(concurrency=1)
    mailroom.hang_next_send()

    message = queue_mail("[hang] Factuur F2026-000004")
    wait_for(mailroom.send_started, what="the worker to start sending")
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    assert OutboxMessage.objects.get(pk=message.pk).state == "sending"
    # Within its lease nobody takes the message over (its sender might still be alive)...
    assert outbox_requeue_stale() == []

    start_worker(concurrency=1)
    # ...after it, the sweeper that beat runs every minute hands it out again.
    wait_for(lambda: outbox_requeue_stale() == [message.pk], what="the lease to run out")

    wait_for(lambda: OutboxMessage.objects.get(pk=message.pk).state == "sent", what="the mail to be sent again")
    message.refresh_from_db()
    assert (message.attempts, mailroom.deliveries(message)) == (2, 1)
