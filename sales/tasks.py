from celery import shared_task
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
