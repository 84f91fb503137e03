from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .company import Company
from .contact import Contact


class Interaction(models.Model):
    """A contact moment: a call, a mail, a visit, a meeting. Newest first on the customer file."""

    class Kind(models.TextChoices):
        CALL = "call", _("Phone call")
        EMAIL = "email", _("E-mail")
        LETTER = "letter", _("Letter")
        VISIT = "visit", _("Visit")
        MEETING = "meeting", _("Meeting")
        EVENT = "event", _("Event")

    class Direction(models.TextChoices):
        INBOUND = "in", _("Inbound (they contacted us)")
        OUTBOUND = "out", _("Outbound (we contacted them)")

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="interactions"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CALL)
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices, default=Direction.INBOUND)
    happened_at = models.DateTimeField(_("date and time"), default=timezone.now)
    contacts = models.ManyToManyField(Contact, verbose_name=_("contacts"), blank=True, related_name="interactions")
    internal_attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("our attendees"), blank=True, related_name="+"
    )
    summary = models.CharField(_("summary"), max_length=300)
    minutes = models.TextField(_("minutes"), blank=True, help_text=_("What was said and agreed."))
    document_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    document_id = models.PositiveBigIntegerField(null=True, blank=True)
    document = GenericForeignKey("document_type", "document_id")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("logged by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-happened_at", "-pk"]
        indexes = [models.Index(fields=["company", "-happened_at"])]
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.summary}"
