from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from orderdesk.stored_texts import stored_or_typed


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
    reason = models.TextField(_("reason"), blank=True)  # as a person typed it (or an old row's system text)
    # A reason the system wrote: a code and its parameters, read in the reader's language (orderdesk.stored_texts).
    reason_data = models.JSONField(_("reason (stored text)"), null=True, blank=True)
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

    @property
    def reason_text(self) -> str:
        """The reason in the active language: the system's stored text, else what the person typed."""
        return stored_or_typed(self.reason_data, self.reason)
