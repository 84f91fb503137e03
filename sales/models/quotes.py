import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from orderdesk.money import MoneyField
from sales.states import PriceRequestStatus, QuoteStatus

from .lines import SaleLine
from .pricing import PERCENT


class PriceRequest(models.Model):
    """A customer's (or prospect's) question for a price: what, how many, by when. Becomes a quote."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("E-mail")
        WEBSITE = "website", _("Website")
        VISIT = "visit", _("Visit")
        FAIR = "fair", _("Event or fair")
        OTHER = "other", _("Other")

    company = models.ForeignKey(
        "customers.Company", verbose_name=_("customer"), on_delete=models.PROTECT, related_name="price_requests"
    )
    contact = models.ForeignKey(
        "customers.Contact", verbose_name=_("contact"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.PHONE)
    need = models.TextField(_("what they need"))
    quantity = models.CharField(_("quantity"), max_length=100, blank=True)
    deadline = models.DateField(_("answer wanted by"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PriceRequestStatus.choices, default=PriceRequestStatus.OPEN
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("price request")
        verbose_name_plural = _("price requests")

    def __str__(self):
        return f"{self.company}: {self.need[:50]}"


class Quote(models.Model):
    """An offer to a customer. Sending freezes a revision (with its PDF); changing a sent quote starts the next."""

    number = models.CharField(_("number"), max_length=20, blank=True)
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    company = models.ForeignKey(
        "customers.Company", verbose_name=_("customer"), on_delete=models.PROTECT, related_name="quotes"
    )
    contact = models.ForeignKey(
        "customers.Contact", verbose_name=_("contact"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    price_request = models.OneToOneField(
        PriceRequest, verbose_name=_("price request"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="quote",
    )  # fmt: skip
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES, default="nl")
    status = models.CharField(_("status"), max_length=20, choices=QuoteStatus.choices, default=QuoteStatus.DRAFT)
    valid_until = models.DateField(_("valid until"))
    discount_percent = models.DecimalField(
        _("discount on the whole quote (%)"), max_digits=5, decimal_places=2, default=0, validators=PERCENT
    )
    introduction = models.TextField(_("introduction for the customer"), blank=True)
    delivery_terms = models.TextField(_("delivery terms"), blank=True)
    payment_terms = models.TextField(_("payment terms"), blank=True)
    warranty_terms = models.TextField(_("warranty terms"), blank=True)
    return_terms = models.TextField(_("return terms"), blank=True)
    internal_notes = models.TextField(_("internal notes"), blank=True, help_text=_("Never shown to the customer."))
    net_total = MoneyField(_("total excl. VAT"), default=0)
    vat_total = MoneyField(_("VAT"), default=0)
    total = MoneyField(_("total incl. VAT"), default=0)
    approval_reasons = models.TextField(_("why approval is needed"), blank=True)  # as written, for the record
    approval_problems = models.JSONField(default=list, blank=True)  # the same as data, shown in the reader's language
    approval_comment = models.TextField(_("manager's comment"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    approval_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approval asked by"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )  # fmt: skip
    self_approved = models.BooleanField(_("approved by the one who asked"), default=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    link_revoked_at = models.DateTimeField(_("customer link revoked at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    accepted_by_name = models.CharField(_("accepted by"), max_length=200, blank=True)
    customer_reference = models.CharField(_("customer's reference (PO)"), max_length=100, blank=True)
    declined_reason = models.TextField(_("reason for declining"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handled by"), on_delete=models.SET_NULL, null=True,
        related_name="quotes",
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        permissions = [("approve_quote", _("Can approve discounts on quotes"))]
        constraints = [
            models.UniqueConstraint(fields=["number"], condition=~models.Q(number=""), name="quote_number_once")
        ]
        indexes = [models.Index(fields=["status", "valid_until"])]

    def __str__(self):
        return self.reference

    @property
    def approval_reasons_shown(self) -> list[str]:
        """Why a manager must approve, in the language of whoever reads it."""
        from sales.services.quotes import approval_reason_text

        if self.approval_problems:
            return [approval_reason_text(problem) for problem in self.approval_problems]
        return self.approval_reasons.splitlines()

    @property
    def reference(self) -> str:
        """The number with its revision, as the customer sees it: "Q2026-000123 rev 2"."""
        if not self.number:
            return _("Draft quote %(id)s") % {"id": self.pk}
        return f"{self.number} rev {self.revision}" if self.revision > 1 else self.number

    def is_expired_on(self, date: datetime.date) -> bool:
        return self.valid_until < date


class QuoteLine(SaleLine):
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="lines")

    class Meta(SaleLine.Meta):
        verbose_name = _("quote line")
        verbose_name_plural = _("quote lines")


class QuoteRevision(models.Model):
    """A sent revision, frozen: what the customer received (lines and totals) and the PDF itself."""

    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="revisions")
    revision = models.PositiveSmallIntegerField(_("revision"))
    content = models.JSONField(_("content"))
    pdf = models.FileField(_("PDF"), upload_to="quotes/")
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    sent_at = models.DateTimeField(_("sent at"))
    # Revoking a link stops every link sent so far; a later revision gets a link of its own.
    link_revoked_at = models.DateTimeField(_("customer link revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["quote", "revision"]
        constraints = [models.UniqueConstraint(fields=["quote", "revision"], name="one_frozen_quote_revision")]
        verbose_name = _("quote revision")
        verbose_name_plural = _("quote revisions")

    def __str__(self):
        return f"{self.quote.number} rev {self.revision}"
