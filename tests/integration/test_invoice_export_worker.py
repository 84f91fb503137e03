"""A month exported from the page by real Celery workers on Redis and PostgreSQL: two chunks rendered in parallel
count their documents on one row without losing any, and the last one packs the zip."""

import datetime
import zipfile

import pytest
from django.db import transaction

from orderdesk.demo import seed_company
from orderdesk.permissions import ACCOUNTING
from sales.models import InvoiceExport, InvoiceExportStatus
from sales.services import invoice_export_runs
from sales.services.invoicing import invoice_free_create, invoice_issue
from sales.services.lines import document_line_save
from tests.factories import CompanyFactory, UserFactory
from tests.integration.conftest import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_two_chunks_on_two_workers_count_every_document_once(start_worker, monkeypatch):
    seed_company()
    accountant = UserFactory(username="els", role=ACCOUNTING)
    customer = CompanyFactory(name="Bakkerij Peeters", vat_number="BE0417497106", enterprise_number="0417497106")
    numbers = []
    for day in (5, 12, 19):
        invoice = invoice_free_create(company=customer, actor=accountant, customer_reference="PO-2026-0042")
        document_line_save(document=invoice, actor=accountant, description="Onderhoud ovens", quantity="1",
                           unit_price="150.00", vat_rate="21")  # fmt: skip
        numbers.append(invoice_issue(invoice=invoice, actor=accountant, today=datetime.date(2026, 1, day)).number)
    monkeypatch.setattr(invoice_export_runs, "EXPORT_CHUNK", 2)
    start_worker(concurrency=2)

    with transaction.atomic():
        export = invoice_export_runs.invoice_export_start(period=datetime.date(2026, 1, 1), actor=accountant)

    wait_for(lambda: InvoiceExport.objects.get(pk=export.pk).status in (InvoiceExportStatus.DONE, "failed"),
             what="the export to finish")  # fmt: skip
    export.refresh_from_db()
    assert (export.status, export.done, export.total, export.error) == ("done", 3, 3, "")
    with export.file.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        assert sorted(archive.namelist()) == sorted(
            [f"{number}.pdf" for number in numbers] + [f"{number}.xml" for number in numbers] + ["journal.csv"]
        )
