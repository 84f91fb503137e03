from smtplib import SMTPException

from celery import shared_task

from orderdesk import mail


@shared_task(
    bind=True,
    autoretry_for=(SMTPException, ConnectionError, TimeoutError, OSError),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=mail.MAX_ATTEMPTS,
)
def outbox_message_send_task(self, message_id: int) -> bool:
    return mail.outbox_message_send(message_id=message_id)


@shared_task
def outbox_requeue_stale_task() -> int:
    return len(mail.outbox_requeue_stale())
