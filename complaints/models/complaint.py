"""A complaint: what the customer says happened, the assessment, the solution proposed and its answer, the
manager's decision when it was escalated, the supplier's part, and how it ended."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from complaints.states import ComplaintStatus, Severity
from orderdesk.money import MoneyField


class RootCause(models.Model):
    """The managed list of causes, so the report can count them."""

    name_nl = models.CharField(_("name (Dutch)"), max_length=100)
    name_fr = models.CharField(_("name (French)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("root cause")
        verbose_name_plural = _("root causes")

    def __str__(self):
        return getattr(self, f"name_{(get_language() or 'nl')[:2]}", "") or self.name_nl


class Complaint(models.Model):
    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("E-mail")
        VISIT = "visit", _("Visit")
        LETTER = "letter", _("Letter")
        WEBSITE = "website", _("Website")

    class Category(models.TextChoices):
        DAMAGED = "damaged", _("Damaged")
        WRONG_ITEM = "wrong_item", _("Wrong item")
        MISSING_QUANTITY = "missing_quantity", _("Missing quantity")
        LATE_DELIVERY = "late_delivery", _("Late delivery")
        DEFECT = "defect", _("Defect")
        INVOICE_ERROR = "invoice_error", _("Invoice error")
        SERVICE = "service", _("Service")

    class Procedure(models.TextChoices):
        REPAIR = "repair", _("Repair")
        REPLACEMENT = "replacement", _("Replacement at no charge")
        CREDIT_NOTE = "credit_note", _("Credit note")
        REFUND = "refund", _("Refund")
        GESTURE = "gesture", _("Commercial gesture")
        REJECTION = "rejection", _("Rejection")

    class Warranty(models.TextChoices):
        COVERED = "covered", _("Covered")
        NOT_COVERED = "not_covered", _("Not covered")

    number = models.CharField(_("number"), max_length=20, unique=True)
    status = models.CharField(_("status"), max_length=12, choices=ComplaintStatus.choices, default=ComplaintStatus.NEW)
    company = models.ForeignKey(
        "customers.Company", verbose_name=_("customer"), on_delete=models.PROTECT, related_name="complaints"
    )
    contact = models.ForeignKey(
        "customers.Contact", verbose_name=_("contact"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="complaints",
    )  # fmt: skip
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.PHONE)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.NORMAL)
    description = models.TextField(_("what happened"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handled by"), on_delete=models.PROTECT, related_name="complaints"
    )
    received_at = models.DateTimeField(_("received at"))
    response_due = models.DateTimeField(_("answer due"))
    resolution_due = models.DateTimeField(_("resolution due"))
    first_response_at = models.DateTimeField(_("first answer at"), null=True, blank=True)
    # Assessment.
    justified = models.BooleanField(_("justified"), null=True, blank=True)
    justification = models.TextField(_("why (not) justified"), blank=True)
    root_cause = models.ForeignKey(
        RootCause, verbose_name=_("root cause"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="complaints",
    )  # fmt: skip
    root_cause_detail = models.TextField(_("cause, in detail"), blank=True)
    warranty_override = models.CharField(_("warranty decided"), max_length=12, choices=Warranty.choices, blank=True)
    warranty_override_reason = models.CharField(_("why the warranty was decided by hand"), max_length=300, blank=True)
    # Proposal and answer.
    procedure = models.CharField(_("solution"), max_length=12, choices=Procedure.choices, blank=True)
    proposal = models.TextField(_("what we propose"), blank=True)
    credit_amount = MoneyField(_("credit excl. VAT"), null=True, blank=True)
    customer_answer_note = models.TextField(_("customer's answer"), blank=True)
    # Escalation.
    escalation_reason = models.TextField(_("why escalated"), blank=True)
    manager_decision = models.TextField(_("manager's decision"), blank=True)
    approved_credit = MoneyField(_("credit approved by the manager"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # What the solution created, linked both ways.
    credit_note = models.OneToOneField(
        "sales.Invoice", verbose_name=_("credit note"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="complaint",
    )  # fmt: skip
    replacement_order = models.OneToOneField(
        "sales.Order", verbose_name=_("replacement order"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="complaint",
    )  # fmt: skip
    # The end.
    outcome = models.TextField(_("outcome"), blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        _("customer satisfaction (1–5)"), null=True, blank=True, choices=[(n, str(n)) for n in range(1, 6)]
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    response_alerted_at = models.DateTimeField(null=True, blank=True)
    resolution_alerted_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        permissions = [("decide_complaint", _("Can decide escalated complaints"))]
        indexes = [models.Index(fields=["status", "resolution_due"])]

    def __str__(self):
        return self.number


class ComplaintLine(models.Model):
    """A concerned line of the customer's documents: ordered (a late delivery), delivered (with its date, for the
    warranty) or invoiced."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey("sales.OrderLine", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    delivery_line = models.ForeignKey(
        "sales.DeliveryLine", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    invoice_line = models.ForeignKey(
        "sales.InvoiceLine", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    product = models.ForeignKey("sales.Product", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    description = models.CharField(_("description"), max_length=300)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=3)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("concerned line")
        verbose_name_plural = _("concerned lines")

    def __str__(self):
        return f"{self.quantity} × {self.description}"


class SupplierClaim(models.Model):
    class Outcome(models.TextChoices):
        PENDING = "pending", _("Waiting for the supplier")
        CREDIT = "credit", _("Supplier credit")
        REPLACEMENT = "replacement", _("Replaced by the supplier")
        REJECTED = "rejected", _("Rejected by the supplier")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="supplier_claims")
    supplier = models.CharField(_("supplier"), max_length=200)
    supplier_reference = models.CharField(_("their reference"), max_length=100, blank=True)
    question = models.TextField(_("what we asked"))
    answer = models.TextField(_("their answer"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.PENDING)
    amount = MoneyField(_("amount credited by the supplier"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("supplier claim")
        verbose_name_plural = _("supplier claims")

    def __str__(self):
        return f"{self.supplier}: {self.get_outcome_display()}"
