"""The customer's own page: a personal link per contact (signed, expiring, revocable), its visits, and what the
customer asked or reported through it (work for the assistant)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orderdesk.money import MoneyField
from orderdesk.uploads import RandomName, validate_image_upload


class PortalAccess(models.Model):
    """One personal link of a contact. The signed token names this row, so revoking the row kills the link."""

    class Origin(models.TextChoices):
        ASSISTANT = "assistant", _("Sent from the customer file")
        REQUEST = "request", _("Asked by the customer")
        DOCUMENT = "document", _("With a document mail")

    contact = models.ForeignKey(
        "customers.Contact", verbose_name=_("contact"), on_delete=models.CASCADE, related_name="portal_accesses"
    )
    company = models.ForeignKey(
        "customers.Company", verbose_name=_("customer"), on_delete=models.CASCADE, related_name="portal_accesses"
    )
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices, default=Origin.ASSISTANT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("portal link")
        verbose_name_plural = _("portal links")

    def __str__(self):
        return f"{self.contact} ({self.created_at:%d/%m/%Y})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class PortalVisit(models.Model):
    """One page the customer opened or one answer they gave, for the audit trail."""

    access = models.ForeignKey(PortalAccess, on_delete=models.CASCADE, related_name="visits")
    at = models.DateTimeField(_("at"), auto_now_add=True)
    method = models.CharField(_("method"), max_length=6)
    path = models.CharField(_("page"), max_length=300)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("portal visit")
        verbose_name_plural = _("portal visits")

    def __str__(self):
        return f"{self.method} {self.path}"


class PortalRequest(models.Model):
    """What came in through the portal: a question, a problem on a delivered line, a payment promise, an answer to
    a quote. Each is also ordinary work (a follow-up task, a complaint, an accepted quote) the desk shows."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("Question")
        PROBLEM = "problem", _("Problem reported")
        PROMISE = "promise", _("Payment promise")
        QUOTE_ACCEPTED = "quote_accepted", _("Quote accepted")
        QUOTE_DECLINED = "quote_declined", _("Quote declined")

    class State(models.TextChoices):
        OPEN = "open", _("To handle")
        CONFIRMED = "confirmed", _("Confirmed")
        DISMISSED = "dismissed", _("Not confirmed")
        DONE = "done", _("Handled")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    company = models.ForeignKey(
        "customers.Company", verbose_name=_("customer"), on_delete=models.CASCADE, related_name="portal_requests"
    )
    contact = models.ForeignKey(
        "customers.Contact", verbose_name=_("contact"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    access = models.ForeignKey(PortalAccess, on_delete=models.SET_NULL, null=True, related_name="requests")
    document_label = models.CharField(_("document"), max_length=60, blank=True)
    document_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    document_id = models.PositiveBigIntegerField(null=True, blank=True)
    document = GenericForeignKey("document_type", "document_id")
    text = models.TextField(_("what the customer wrote"), blank=True)
    promised_for = models.DateField(_("will pay on"), null=True, blank=True)
    amount = MoneyField(_("amount"), null=True, blank=True)
    task = models.ForeignKey(
        "customers.FollowUpTask", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "created_at"])]
        verbose_name = _("portal request")
        verbose_name_plural = _("portal requests")

    def __str__(self):
        return f"{self.get_kind_display()} {self.document_label}".strip()


class PortalPhoto(models.Model):
    """A photo the customer added to a reported problem."""

    request = models.ForeignKey(PortalRequest, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("photo"), upload_to=RandomName("portal"), validators=[validate_image_upload])
    original_name = models.CharField(_("original file name"), max_length=255, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.original_name or self.file.name
