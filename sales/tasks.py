from celery import shared_task
from django.utils import timezone

from sales.services.quotes import quotes_expire


@shared_task
def quotes_expire_task() -> int:
    return quotes_expire(today=timezone.localdate())
