"""The page "Export a month": a month of issued invoices and credit notes zipped by Celery chunk tasks (eager here)
while the page follows the progress, then downloaded."""

import csv
import datetime
import io
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse

from sales.models import InvoiceExport, InvoiceExportStatus
from sales.services import invoice_export_runs
from sales.services.invoicing import credit_note_create, invoice_free_create, invoice_issue
from sales.services.lines import document_line_save

pytestmark = pytest.mark.django_db
START = reverse("sales:invoice-export")


def _issued(customer, actor, *, day: datetime.date):
    invoice = invoice_free_create(company=customer, actor=actor, customer_reference="PO-2026-0042")
    document_line_save(document=invoice, actor=actor, description="Onderhoud ovens", quantity="2",
                       unit_price="150.00", vat_rate="21")  # fmt: skip
    return invoice_issue(invoice=invoice, actor=actor, today=day)


@pytest.fixture
def accounting_client(client, accountant):
    client.force_login(accountant)
    return client


@pytest.fixture
def january(customer, accountant):
    """Two invoices and a credit note issued in January 2026, one invoice in February."""
    customer.enterprise_number = "0417497106"
    customer.save()
    first = _issued(customer, accountant, day=datetime.date(2026, 1, 12))
    second = _issued(customer, accountant, day=datetime.date(2026, 1, 20))
    note = credit_note_create(invoice=first, actor=accountant, reason="Eén oven defect.",
                              quantities={first.lines.get().pk: "1"})  # fmt: skip
    note = invoice_issue(invoice=note, actor=accountant, today=datetime.date(2026, 1, 28))
    _issued(customer, accountant, day=datetime.date(2026, 2, 2))
    return [first, second, note]


def test_a_month_exported_from_the_page_zips_each_pdf_and_ubl_with_the_journal(
    accounting_client, january, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(invoice_export_runs, "EXPORT_CHUNK", 2)  # three documents: two chunks counting on one row
    page = accounting_client.get(START)
    assert page.status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = accounting_client.post(START, {"period": " 01/2026 "})

    export = InvoiceExport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "sales:invoice-export-detail", args=[export.pk]
    )
    assert (export.period, export.status, export.done, export.total) == (datetime.date(2026, 1, 1), "done", 3, 3)
    progress = accounting_client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert 'value="3" max="3"' in progress and "hx-trigger" not in progress  # full bar, polling stopped
    download = reverse("sales:invoice-export-download", args=[export.pk])
    assert download in progress

    response = accounting_client.get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="invoices-2026-01.zip"'
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    numbers = sorted(document.number for document in january)
    assert sorted(archive.namelist()) == sorted(
        [f"{number}.pdf" for number in numbers] + [f"{number}.xml" for number in numbers] + ["journal.csv"]
    )
    for document in january:
        with document.pdf.open("rb") as handle:
            assert archive.read(f"{document.number}.pdf") == handle.read()
    journal = list(csv.reader(io.StringIO(archive.read("journal.csv").decode())))
    assert sorted(row[0] for row in journal[1:]) == numbers
    assert not list(Path(export.file.path).parent.glob("work-*"))  # the chunks' files are cleaned up


def test_the_same_month_started_again_while_it_runs_is_reused(accountant, january):
    first = invoice_export_runs.invoice_export_start(period=datetime.date(2026, 1, 15), actor=accountant)
    again = invoice_export_runs.invoice_export_start(period=datetime.date(2026, 1, 1), actor=accountant)

    assert again == first and InvoiceExport.objects.get().status == InvoiceExportStatus.QUEUED  # tasks not run yet
    assert first.total == 3


def test_a_chunk_handed_out_again_counts_once_and_the_zip_waits_for_every_chunk(accountant, january):
    """A worker dies after counting its chunk, before Celery heard of it: the chunk runs again. Counted twice, the
    total would be reached while the last chunk still runs, and the zip packed without its documents."""
    export = invoice_export_runs.invoice_export_start(period=datetime.date(2026, 1, 1), actor=accountant)
    ids = sorted(document.pk for document in january)
    first, last = ids[:2], ids[2:]

    assert invoice_export_runs.invoice_export_chunk(export_id=export.pk, ids=first) is False
    assert invoice_export_runs.invoice_export_chunk(export_id=export.pk, ids=first) is False  # handed out again
    export.refresh_from_db()
    assert (export.status, export.done, export.total) == (InvoiceExportStatus.RUNNING, 2, 3)

    assert invoice_export_runs.invoice_export_chunk(export_id=export.pk, ids=last) is True  # the last one packs
    export = invoice_export_runs.invoice_export_pack(export_id=export.pk)
    assert (export.status, export.done) == (InvoiceExportStatus.DONE, 3)
    with export.file.open("rb") as handle:
        names = zipfile.ZipFile(io.BytesIO(handle.read())).namelist()
    assert sorted(names) == sorted([f"{d.number}.{kind}" for d in january for kind in ("pdf", "xml")] + ["journal.csv"])


@pytest.mark.parametrize(
    ("typed", "message"),
    [("2026-13", "bijvoorbeeld 2026-01"), ("next month", "bijvoorbeeld 2026-01"), ("2025-03", "niets te exporteren")],
)
def test_a_bad_month_is_explained_and_nothing_is_started(accounting_client, typed, message):
    """In the user's language (Dutch here)."""
    response = accounting_client.post(START, {"period": typed})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not InvoiceExport.objects.exists()


def test_the_assistant_may_not_export_nor_download(assistant_client, accountant):
    export = InvoiceExport.objects.create(period=datetime.date(2026, 1, 1), requested_by=accountant, total=3)

    assert assistant_client.get(START).status_code == 403
    assert assistant_client.post(START, {"period": "2026-01"}).status_code == 403
    assert assistant_client.get(reverse("sales:invoice-export-download", args=[export.pk])).status_code == 403
    assert "export-month" not in assistant_client.get(reverse("sales:invoice-list")).content.decode()
