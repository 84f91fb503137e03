from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CompanyImport(models.Model):
    """A confirmed CSV import, run by a Celery worker: big files do not hold a web request open."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for a worker")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed, nothing imported")

    filename = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("file content"))
    rows = models.PositiveIntegerField(_("rows"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    result = models.JSONField(_("result"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("company import")
        verbose_name_plural = _("company imports")

    def __str__(self):
        return self.filename

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
