"""A month exported for the accountant from the page, run by Celery: the documents split into chunks rendered by
parallel workers (each chunk counts its documents on the export's row as it finishes, once), then one worker packs the
zip: <number>.pdf and <number>.xml of every issued invoice and credit note, and the journal, like
`export_invoices`.

No result backend is needed: the chunk that brings the count to the total claims the packing by moving the row
from running to packing in one conditional UPDATE, which only one of them can win.
"""

import contextlib
import datetime
import io
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from orderdesk.exceptions import DomainError, PermissionDeniedError
from orderdesk.permissions import EXPORT_INVOICES
from sales.models import Invoice, InvoiceExport, InvoiceExportChunk, InvoiceExportStatus
from sales.selectors.invoices import invoices_of_period
from sales.services.invoice_exports import (
    JOURNAL_FILENAME,
    RENDER_CHUNK,
    invoices_journal_rows,
    issued_pdf,
    issued_ubl,
    journal_csv_write,
    render_chunks,
)

# Documents per Celery task: the same even share and smooth progress as the command's worker processes.
EXPORT_CHUNK = RENDER_CHUNK


def _work_folder(export: InvoiceExport | int) -> str:
    """Where the chunks leave their files for the packing: the default storage, shared by every worker."""
    return f"invoice-exports/work-{getattr(export, 'pk', export)}"


@transaction.atomic
def invoice_export_start(*, period: datetime.date, actor) -> InvoiceExport:
    """Start exporting the month of `period`; the export of that month still running is reused, not doubled."""
    if not actor.has_perm(EXPORT_INVOICES):
        raise PermissionDeniedError(_("You do not have the permission to do this."))
    period = period.replace(day=1)
    # One still active is reused; one older than the broker's visibility timeout lost its tasks: start anew.
    since = timezone.now() - datetime.timedelta(seconds=settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"])
    running = InvoiceExport.objects.filter(
        period=period, status__in=InvoiceExport.ACTIVE, created_at__gte=since
    ).first()
    if running is not None:
        return running
    ids = list(invoices_of_period(year=period.year, month=period.month).values_list("pk", flat=True))
    if not ids:
        raise DomainError(
            _("No invoice or credit note was issued in %(month)s: there is nothing to export.")
            % {"month": f"{period:%Y-%m}"},
            field="period",
        )
    export = InvoiceExport.objects.create(period=period, requested_by=actor, total=len(ids))
    chunks = render_chunks(ids, EXPORT_CHUNK)
    transaction.on_commit(lambda: _dispatch(export.pk, chunks))
    return export


def _dispatch(export_id: int, chunks: list[list[int]]) -> None:
    from celery import group

    from sales.tasks import invoice_export_chunk_task

    group(invoice_export_chunk_task.si(export_id, chunk) for chunk in chunks).apply_async()


def invoice_export_chunk(*, export_id: int, ids: list[int]) -> bool:
    """Write the PDF and UBL of these documents to the work folder and count them done. True when this chunk was
    the last one and claimed the packing."""
    InvoiceExport.objects.filter(pk=export_id, status=InvoiceExportStatus.QUEUED).update(
        status=InvoiceExportStatus.RUNNING, started_at=timezone.now()
    )
    if not InvoiceExport.objects.filter(pk=export_id, status=InvoiceExportStatus.RUNNING).exists():
        return False  # failed meanwhile: the rest of the work is of no use
    from sales.services.invoice_documents import invoice_pdf

    folder = _work_folder(export_id)
    try:
        invoices = Invoice.objects.filter(pk__in=ids).select_related("company", "contact", "order", "credited_invoice")
        for invoice in invoices:
            # The archived PDF is the one the customer got; documents issued before PDFs were archived: rendered.
            pdf = issued_pdf(invoice) if invoice.pdf else invoice_pdf(invoice)
            _save(f"{folder}/{invoice.number}.pdf", pdf)
            if invoice.ubl:  # private persons have no e-invoice
                _save(f"{folder}/{invoice.number}.xml", issued_ubl(invoice))
    except DomainError as error:
        invoice_export_fail(export_id=export_id, error=str(error))
        return False
    _count_once(export_id, ids)
    return bool(
        InvoiceExport.objects.filter(pk=export_id, status=InvoiceExportStatus.RUNNING, done__gte=F("total")).update(
            status=InvoiceExportStatus.PACKING
        )
    )


@transaction.atomic
def _count_once(export_id: int, ids: list[int]) -> None:
    """Count the chunk's documents done, once: its row and the count are written together, or neither."""
    _, created = InvoiceExportChunk.objects.get_or_create(export_id=export_id, first_invoice_id=min(ids))
    if created:
        InvoiceExport.objects.filter(pk=export_id).update(done=F("done") + len(ids))


def _save(name: str, content: bytes) -> None:
    if default_storage.exists(name):  # a chunk handed out again after a lost worker: write it anew
        default_storage.delete(name)
    default_storage.save(name, ContentFile(content))


def invoice_export_pack(*, export_id: int) -> InvoiceExport:
    """Zip the work folder with the month's journal into the export's file and mark it done."""
    export = InvoiceExport.objects.get(pk=export_id)
    if export.status != InvoiceExportStatus.PACKING:
        return export
    folder = _work_folder(export)
    names = default_storage.listdir(folder)[1] if default_storage.exists(folder) else []
    journal = io.StringIO()
    try:
        journal_csv_write(rows=invoices_journal_rows(year=export.period.year, month=export.period.month),
                          stream=journal)  # fmt: skip
    except DomainError as error:
        return invoice_export_fail(export_id=export_id, error=str(error))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(names):
            with default_storage.open(f"{folder}/{name}", "rb") as handle:
                archive.writestr(name, handle.read())
        archive.writestr(JOURNAL_FILENAME, journal.getvalue())
    export.file.save(export.filename, ContentFile(buffer.getvalue()), save=False)
    export.status, export.finished_at = InvoiceExportStatus.DONE, timezone.now()
    export.save(update_fields=["file", "status", "finished_at"])
    _work_folder_delete(folder, names)
    return export


def invoice_export_fail(*, export_id: int, error: str) -> InvoiceExport:
    InvoiceExport.objects.filter(pk=export_id, status__in=InvoiceExport.ACTIVE).update(
        status=InvoiceExportStatus.FAILED, error=error, finished_at=timezone.now()
    )
    folder = _work_folder(export_id)
    if default_storage.exists(folder):
        _work_folder_delete(folder, default_storage.listdir(folder)[1])
    return InvoiceExport.objects.get(pk=export_id)


def _work_folder_delete(folder: str, names: list[str]) -> None:
    for name in names:
        default_storage.delete(f"{folder}/{name}")
    with contextlib.suppress(NotImplementedError, OSError):  # on disk the empty folder stays otherwise
        Path(default_storage.path(folder)).rmdir()
