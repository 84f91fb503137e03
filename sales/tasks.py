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
