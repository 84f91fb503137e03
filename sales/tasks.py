from celery import shared_task
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone

from sales.services.quotes import quotes_expire
from sales.states import TransmissionStatus


@shared_task
def quotes_expire_task() -> int:
    return quotes_expire(today=timezone.localdate())


def peppol_backoff(retries: int) -> int:
    """Seconds before the next try: doubling from PEPPOL_RETRY_DELAY, at most an hour (below the broker's
    visibility timeout, so a waiting retry is never handed out twice)."""
    return min(settings.PEPPOL_RETRY_DELAY * 2**retries, 3600)


@shared_task
def peppol_transmit_task(transmission_id: int, attempt: int = 0) -> str:
    """Send one document over Peppol. Timeouts, 5xx and 429 are tried again PEPPOL_SEND_RETRIES times with back-off
    (the next try is a new task with a countdown, so no worker waits); the last failure is recorded with the
    access point's reason."""
    from sales.access_points import AccessPointUnavailable
    from sales.services.peppol_delivery import transmission_run

    try:
        return transmission_run(transmission_id=transmission_id,
                                final_attempt=attempt >= settings.PEPPOL_SEND_RETRIES).status  # fmt: skip
    except AccessPointUnavailable:
        peppol_transmit_task.apply_async((transmission_id,), {"attempt": attempt + 1},
                                         countdown=peppol_backoff(attempt))  # fmt: skip
        return TransmissionStatus.QUEUED


@shared_task
def peppol_sync_task(transmission_id: int) -> int:
    """Read a document's timeline at the access point (a webhook told us something happened)."""
    from sales.services.peppol_delivery import transmission_sync

    return transmission_sync(transmission_id=transmission_id)


@shared_task
def peppol_poll_task() -> int:
    """Beat: hand out again what a dead worker left, read the timelines still waiting for an answer."""
    from sales.services.peppol_delivery import peppol_poll

    return peppol_poll()


@shared_task
def peppol_lookup_task(peppol_id: str) -> str:
    """Refresh whether a Peppol id is reachable, away from the page that noticed the cache was old."""
    from sales.services.peppol_delivery import participant_lookup

    participant = participant_lookup(peppol_id=peppol_id)
    return participant.reach if participant else ""


@shared_task
def reminders_propose_task() -> int:
    """Daily: put the reminders due today in the run to review (or send it, if the company chose so)."""
    from sales.services.reminders import reminder_run_propose

    return reminder_run_propose(today=timezone.localdate()).pk


@shared_task
def reminder_run_deliver_task(run_id: int) -> int:
    from sales.services.reminders import reminder_run_deliver

    return reminder_run_deliver(run_id=run_id, today=timezone.localdate())


@shared_task
def reminders_resume_task() -> int:
    from sales.services.reminders import reminder_runs_resume

    return reminder_runs_resume(today=timezone.localdate())


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def bank_statement_match_task(statement_id: int) -> int:
    """Match the lines of a large imported statement; the statement's page shows the progress."""
    from sales.services.bank_import import bank_statement_match

    statement = bank_statement_match(statement_id=statement_id)
    return statement.lines.count() if statement else 0


@shared_task
def invoice_export_chunk_task(export_id: int, ids: list[int]) -> int:
    """One chunk of a month exported from the page; the last one to finish packs the zip."""
    from sales.services.invoice_export_runs import invoice_export_chunk, invoice_export_fail

    try:
        last = invoice_export_chunk(export_id=export_id, ids=ids)
    except Exception as error:
        invoice_export_fail(export_id=export_id, error=f"{type(error).__name__}: {error}")
        raise
    if last:
        invoice_export_pack_task.delay(export_id)
    return len(ids)


@shared_task
def invoice_export_pack_task(export_id: int) -> str:
    from sales.services.invoice_export_runs import invoice_export_fail, invoice_export_pack

    try:
        return invoice_export_pack(export_id=export_id).status
    except Exception as error:
        invoice_export_fail(export_id=export_id, error=f"{type(error).__name__}: {error}")
        raise
