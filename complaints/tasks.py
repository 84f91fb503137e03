from celery import shared_task


@shared_task
def complaints_deadlines_task() -> int:
    """Hourly: tell assignees about complaints without an answer or close to their resolution deadline."""
    from complaints.services import complaints_deadlines

    return complaints_deadlines()
