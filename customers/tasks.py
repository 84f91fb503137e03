from celery import shared_task

from customers import imports


@shared_task
def company_import_run_task(job_id: int) -> str:
    job = imports.company_import_run(job_id=job_id)
    return job.status if job else "skipped"
