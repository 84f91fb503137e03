"""Reminders with real Celery workers on Redis and PostgreSQL: exactly one reminder per (invoice, level) and one
e-mail each, when the beat task fires twice, when deliveries race, and when a worker dies in the middle."""

import datetime
import os
import signal
import time

import pytest
from django.db import transaction
from django.utils import timezone

from orderdesk.celery import app as celery_app
from orderdesk.demo import seed_company
from orderdesk.models import OutboxMessage
from orderdesk.permissions import ACCOUNTING
from orderdesk.tasks import outbox_message_send_task
from sales.models import Reminder, ReminderRun
from sales.services.invoicing import invoice_free_create, invoice_issue
from sales.services.lines import document_line_save
from sales.services.reminders import reminder_run_send
from sales.tasks import reminder_run_deliver_task, reminders_propose_task, reminders_resume_task
from tests.factories import CompanyFactory, UserFactory
from tests.integration.conftest import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reminder_defaults")]


def overdue_invoices(count: int):
    """`count` customers, each with an invoice 30 days past due (issued 60 days ago)."""
    seed_company()
    clerk = UserFactory(username="els", role=ACCOUNTING)
    issued_on = timezone.localdate() - datetime.timedelta(days=60)
    invoices = []
    for number in range(count):
        customer = CompanyFactory(name=f"Klant {number:02d}", vat_number="", vat_regime="private",
                                  email=f"klant{number}@example.be", street="Kerkstraat 1", postal_code="9000",
                                  city="Gent")  # fmt: skip
        with transaction.atomic():
            invoice = invoice_free_create(company=customer, actor=clerk)
            document_line_save(document=invoice, actor=clerk, description="Onderhoud", quantity="1",
                               unit_price="100.00")  # fmt: skip
            invoices.append(invoice_issue(invoice=invoice, actor=clerk, today=issued_on))
    return clerk, invoices


def wait_idle(results, timeout: float = 90.0) -> None:
    """Until the tasks ran (no result backend: ask the workers what they still hold)."""
    ids = {result.id for result in results}

    def done() -> bool:
        inspect = celery_app.control.inspect(timeout=1)
        held = [*(inspect.active() or {}).values(), *(inspect.reserved() or {}).values()]
        return not any(task["id"] in ids for tasks in held for task in tasks)

    time.sleep(0.5)
    wait_for(done, timeout=timeout, what="the tasks to run")


def assert_each_reminded_once(invoices, mailroom):
    for invoice in invoices:
        reminders = list(Reminder.objects.filter(invoice=invoice).exclude(status=Reminder.Status.EXCLUDED))
        assert [(r.level.rank, r.status) for r in reminders] == [(1, Reminder.Status.SENT)], invoice.number
        (reminder,) = reminders
        mail = OutboxMessage.objects.get(pk=reminder.outbox_message_id)
        assert (
            OutboxMessage.objects.filter(object_id=invoice.pk, content_type=mail.content_type).count() == 2
        )  # + invoice
        wait_for(lambda m=mail: OutboxMessage.objects.get(pk=m.pk).state == "sent", what=f"the mail of {invoice}")
        assert mailroom.deliveries(mail) == 1, invoice.number


def test_the_beat_twice_and_racing_deliveries_send_each_reminder_once(start_worker, mailroom):
    clerk, invoices = overdue_invoices(6)
    start_worker(concurrency=2)

    # The beat fires twice at once: two workers propose concurrently; one run, one proposal per invoice.
    worker_busy = [reminders_propose_task.delay(), reminders_propose_task.delay()]
    wait_for(lambda: Reminder.objects.count() == 6, timeout=60, what="the reminders to be proposed")
    wait_idle(worker_busy)
    run = ReminderRun.objects.get()
    assert run.reminders.filter(status=Reminder.Status.PROPOSED).count() == 6

    with transaction.atomic():
        reminder_run_send(run=run, actor=clerk)  # queues one delivery task on commit...
    reminder_run_deliver_task.delay(run.pk)  # ...and a second one and the sweeper race it
    reminders_resume_task.delay()
    wait_for(lambda: ReminderRun.objects.get(pk=run.pk).status == ReminderRun.Status.SENT, timeout=90,
             what="the run to be sent")  # fmt: skip
    assert_each_reminded_once(invoices, mailroom)


def test_a_worker_killed_mid_run_leaves_nothing_half_done_and_the_sweeper_finishes(start_worker, mailroom):
    clerk, invoices = overdue_invoices(12)
    worker = start_worker(concurrency=1)
    wait_idle([reminders_propose_task.delay()])
    run = ReminderRun.objects.get()
    assert run.reminders.count() == 12

    with transaction.atomic():
        reminder_run_send(run=run, actor=clerk)
    # Kill the worker (and its pool) as soon as the first letters are out, while others are still queued.
    wait_for(lambda: run.reminders.filter(status=Reminder.Status.SENT).exists(), timeout=90,
             what="the first reminder to be sent")  # fmt: skip
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()
    assert run.reminders.filter(status=Reminder.Status.QUEUED).exists(), "the kill came too late to prove anything"
    assert ReminderRun.objects.get(pk=run.pk).status == ReminderRun.Status.SENDING

    start_worker(concurrency=2)
    reminders_resume_task.delay()  # what the beat does every ten minutes
    wait_for(lambda: ReminderRun.objects.get(pk=run.pk).status == ReminderRun.Status.SENT, timeout=120,
             what="the sweeper to finish the run")  # fmt: skip
    # Mails whose send task died with the worker: the outbox sweeper hands them out again after a minute.
    for message_id in OutboxMessage.objects.filter(state="queued").values_list("pk", flat=True):
        outbox_message_send_task.delay(message_id)
    assert_each_reminded_once(invoices, mailroom)
