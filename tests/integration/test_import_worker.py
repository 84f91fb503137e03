"""A confirmed CSV import runs on a real Celery worker while the page reports its status."""

import pytest
from django.urls import reverse

from customers.imports import company_import_queue
from customers.models import Company, CompanyImport
from tests.customers.test_import import DUTCH
from tests.integration.conftest import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_confirmed_import_is_run_by_the_worker_and_the_page_follows_it(start_worker, assistant, client):
    start_worker(concurrency=1)
    client.force_login(assistant)

    job = company_import_queue(content=DUTCH, filename="klanten.csv", actor=assistant)

    wait_for(lambda: CompanyImport.objects.get(pk=job.pk).is_finished, what="the import to finish")
    job.refresh_from_db()
    assert (job.status, job.result["companies_created"]) == ("done", 3)
    assert Company.objects.count() == 3
    fragment = client.get(reverse("customers:company-import-detail", args=[job.pk]), headers={"HX-Request": "true"})
    assert "3 nieuwe bedrijven" in fragment.content.decode()
