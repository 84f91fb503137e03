from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from sales.services.quotes import quotes_expire


@shared_task
def quotes_expire_task() -> int:
    return quotes_expire(today=timezone.localdate())


@shared_task
def peppol_transmit_task(transmission_id: int) -> str:
    from sales.services.peppol import transmission_run

    return transmission_run(transmission_id=transmission_id).status


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
