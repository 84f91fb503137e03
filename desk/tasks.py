from celery import shared_task
from django.utils import timezone

from desk.services import weekly_report_send


@shared_task
def weekly_report_task() -> int:
    """Monday 7:00: last week's key figures to each manager."""
    return weekly_report_send(today=timezone.localdate())
