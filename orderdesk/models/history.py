from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class StatusChange(models.Model):
    """One step in a document's life: who moved it, when, from which status to which, and why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    document = GenericForeignKey("content_type", "object_id")
    # Which state field moved: "status" for documents; a company also has "kind" and "credit_status".
    field = models.CharField(_("field"), max_length=30, default="status")
    from_status = models.CharField(_("previous status"), max_length=30, blank=True)
    to_status = models.CharField(_("new status"), max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.PROTECT
    )
    reason = models.TextField(_("reason"), blank=True)
    # An approval given by the one who asked for it (allowed only when the company settings say so).
    self_approved = models.BooleanField(_("self-approved"), default=False)
    changed_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["changed_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "changed_at"])]

    def __str__(self):
        return f"{self.from_status or '∅'} → {self.to_status}"
