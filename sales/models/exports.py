"""A month of issued invoices and credit notes exported for the accountant from the page: its progress while
Celery workers render it in chunks, then the zip to download."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from orderdesk.uploads import RandomName


class InvoiceExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    # Every document is in: one worker packs the zip (the status is its claim, so only one does).
    PACKING = "packing", _("Packing the zip")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class InvoiceExport(models.Model):
    ACTIVE = (InvoiceExportStatus.QUEUED, InvoiceExportStatus.RUNNING, InvoiceExportStatus.PACKING)

    period = models.DateField(_("month"), help_text=_("The first day of the month exported."))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=InvoiceExportStatus.choices, default=InvoiceExportStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("documents"), default=0)
    done = models.PositiveIntegerField(_("documents done"), default=0)
    file = models.FileField(_("file"), upload_to=RandomName("invoice-exports"), blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invoice export")
        verbose_name_plural = _("invoice exports")

    def __str__(self) -> str:
        return self.period_label

    @property
    def period_label(self) -> str:
        return f"{self.period:%Y-%m}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def filename(self) -> str:
        return f"invoices-{self.period_label}.zip"


class InvoiceExportChunk(models.Model):
    """A chunk of an export that has been counted: a chunk handed out again (its worker died after counting, before
    Celery heard of it) finds its row and counts nothing, so the count reaches the total only when every chunk is in
    and the zip is never packed early."""

    export = models.ForeignKey(InvoiceExport, on_delete=models.CASCADE, related_name="chunks")
    first_invoice_id = models.PositiveBigIntegerField()  # chunks never share a document: the first one names it

    class Meta:
        constraints = [models.UniqueConstraint(fields=["export", "first_invoice_id"], name="invoice_export_chunk_once")]

    def __str__(self) -> str:
        return f"{self.export_id}/{self.first_invoice_id}"
