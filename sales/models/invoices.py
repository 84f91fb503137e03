"""Invoices and credit notes: one model, two kinds, one number series each.

An issued invoice never changes: the ORM guards below refuse any save, update or delete that would touch
what was issued. Only the fields that follow the money (status, amounts paid and credited) still move.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from orderdesk.exceptions import DomainError
from orderdesk.money import MoneyField
from orderdesk.stored_texts import stored_or_typed
from sales.states import HandOver, InvoiceResponse, InvoiceStatus, TransmissionStatus

from .approvals import PriceApproval
from .deliveries import DeliveryLine, DeliveryNote
from .lines import SaleLine
from .orders import Order, OrderLine
from .pricing import PERCENT

# What may still change on an issued invoice: the settlement and its follow-up (a dispute, a hand-over to
# collections), never the content.
MUTABLE_AFTER_ISSUE = frozenset(
    {"status", "amount_paid", "amount_credited", "updated_at", "disputed", "dispute_note", "dispute_note_data",
     "disputing_complaints", "handed_over_to", "handed_over_at", "handed_over_note", "handed_over_note_data"}
)  # fmt: skip


class IssuedDocumentFrozen(DomainError):
    pass


def _frozen_error():
    return IssuedDocumentFrozen(
        gettext("An issued invoice or credit note cannot be changed or deleted. Correct it with a credit note.")
    )


class InvoiceQuerySet(models.QuerySet):
    def update(self, **kwargs):
        # Back to draft would unfreeze everything else: the status only moves between the issued states.
        touches_content = set(kwargs) - MUTABLE_AFTER_ISSUE or kwargs.get("status") == InvoiceStatus.DRAFT
        if touches_content and self.exclude(status=InvoiceStatus.DRAFT).exists():
            raise _frozen_error()
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, **kwargs):
        objs = list(objs)
        if set(fields) - MUTABLE_AFTER_ISSUE:
            guarded = objs
        else:  # only a status set back to draft touches what was issued
            guarded = [obj for obj in objs if "status" in fields and obj.status == InvoiceStatus.DRAFT]
        if guarded and self.filter(pk__in=[obj.pk for obj in guarded]).exclude(status=InvoiceStatus.DRAFT).exists():
            raise _frozen_error()
        return super().bulk_update(objs, fields, **kwargs)

    def delete(self):
        if self.exclude(status=InvoiceStatus.DRAFT).exists():
            raise _frozen_error()
        return super().delete()


class Invoice(PriceApproval):
    """An invoice or a credit note. A draft has no number; issuing fixes everything and archives the PDF."""

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("Invoice")
        CREDIT_NOTE = "credit_note", _("Credit note")

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        PEPPOL = "peppol", _("Peppol (and a copy by e-mail)")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.INVOICE)
    number = models.CharField(_("number"), max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=InvoiceStatus.choices, default=InvoiceStatus.DRAFT)
    company = models.ForeignKey(
        "customers.Company", verbose_name=_("customer"), on_delete=models.PROTECT, related_name="invoices"
    )
    contact = models.ForeignKey(
        "customers.Contact", verbose_name=_("contact"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    order = models.ForeignKey(
        Order, verbose_name=_("order"), on_delete=models.PROTECT, null=True, blank=True, related_name="invoices"
    )
    credited_invoice = models.ForeignKey(
        "self", verbose_name=_("credited invoice"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="credit_notes",
    )  # fmt: skip
    credit_reason = models.TextField(_("reason for the credit"), blank=True)
    # A reason the system wrote (a complaint's credit note): a code and its parameters, so the customer's PDF
    # reads it in the customer's language and a colleague in theirs (orderdesk.stored_texts).
    credit_reason_data = models.JSONField(_("reason for the credit (stored text)"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES, default="nl")
    vat_regime = models.CharField(_("VAT regime"), max_length=10, blank=True)
    customer_reference = models.CharField(_("customer's reference (PO)"), max_length=100, blank=True)
    discount_percent = models.DecimalField(
        _("discount on the whole invoice (%)"), max_digits=5, decimal_places=2, default=0, validators=PERCENT
    )
    net_total = MoneyField(_("total excl. VAT"), default=0)
    vat_total = MoneyField(_("VAT"), default=0)
    total = MoneyField(_("total incl. VAT"), default=0)
    # An invoice: the total of its credit notes. A credit note: the part set off against its invoice's open
    # amount (the rest is refunded, in amount_paid).
    amount_credited = MoneyField(_("credited"), default=0)
    amount_paid = MoneyField(_("paid"), default=0)
    payment_days = models.PositiveSmallIntegerField(_("payment term (days)"), default=30)
    issue_date = models.DateField(_("issue date"), null=True, blank=True)
    supply_date = models.DateField(_("date of supply"), null=True, blank=True, help_text=_("Empty: the issue date."))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    structured_reference = models.CharField(_("structured communication"), max_length=12, blank=True)
    # Seller and buyer as they were at issue (name, address, VAT and enterprise numbers, IBAN, ...).
    parties = models.JSONField(_("parties at issue"), default=dict, blank=True)
    channel = models.CharField(_("sent by"), max_length=10, choices=Channel.choices, blank=True)
    notes = models.TextField(_("note for the customer"), blank=True)
    internal_notes = models.TextField(_("internal notes"), blank=True, help_text=_("Never shown to the customer."))
    pdf = models.FileField(_("PDF"), upload_to="invoices/", blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)
    ubl = models.FileField(_("UBL"), upload_to="invoices/", blank=True)
    ubl_sha256 = models.CharField(_("SHA-256 of the UBL file"), max_length=64, blank=True)
    # Follow-up of the collection: no reminder while disputed or handed over.
    disputed = models.BooleanField(_("disputed"), default=False)
    dispute_note = models.CharField(_("what the customer disputes"), max_length=300, blank=True)
    dispute_note_data = models.JSONField(_("what the customer disputes (stored text)"), null=True, blank=True)
    # Written by the complaints app while complaints about the invoice are open: the dispute is theirs to end.
    disputing_complaints = models.CharField(_("open complaints about it"), max_length=200, blank=True)
    handed_over_to = models.CharField(_("handed over to"), max_length=12, choices=HandOver.choices, blank=True)
    handed_over_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    handed_over_note = models.TextField(_("hand-over note"), blank=True)
    handed_over_note_data = models.JSONField(_("hand-over note (stored text)"), null=True, blank=True)
    # People named on a document are deactivated, never deleted: PROTECT, not SET_NULL, which would rewrite it.
    approval_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approval asked by"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+",
    )  # fmt: skip
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    # Tamper evidence: the hash of what was issued, chained to the previous document of the series
    # (sales/services/document_chain.py; `manage.py verify_documents` checks the chain).
    previous_hash = models.CharField(_("hash of the previous document"), max_length=64, blank=True)
    chain_hash = models.CharField(_("chained hash"), max_length=64, blank=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = InvoiceQuerySet.as_manager()

    class Meta(PriceApproval.Meta):
        ordering = ["-issue_date", "-number", "-pk"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        permissions = [("issue_invoice", _("Can issue invoices and credit notes"))]
        constraints = [
            models.UniqueConstraint(fields=["number"], condition=~models.Q(number=""), name="invoice_number_once"),
            models.UniqueConstraint(
                fields=["structured_reference"],
                condition=~models.Q(structured_reference=""),
                name="invoice_structured_reference_once",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["issue_date"]),
            # The invoice list's order (read backwards): its pages are found in the index, however deep.
            models.Index(fields=["issue_date", "number", "id"], name="invoice_list_order"),
        ]

    def __str__(self):
        return self.reference

    def save(self, *args, **kwargs):
        if self.pk and self._is_issued_in_database():
            update_fields = kwargs.get("update_fields")
            if update_fields is None or set(update_fields) - MUTABLE_AFTER_ISSUE or self.is_draft:
                raise _frozen_error()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.pk and self._is_issued_in_database():
            raise _frozen_error()
        return super().delete(*args, **kwargs)

    def _is_issued_in_database(self) -> bool:
        stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
        return stored is not None and stored != InvoiceStatus.DRAFT

    @property
    def credit_reason_text(self) -> str:
        """The reason of a credit note in the active language (the customer's on the customer's documents)."""
        return stored_or_typed(self.credit_reason_data, self.credit_reason)

    @property
    def dispute_note_text(self) -> str:
        return stored_or_typed(self.dispute_note_data, self.dispute_note)

    @property
    def handed_over_note_text(self) -> str:
        return stored_or_typed(self.handed_over_note_data, self.handed_over_note)

    @property
    def is_credit_note(self) -> bool:
        return self.kind == self.Kind.CREDIT_NOTE

    @property
    def is_draft(self) -> bool:
        return self.status == InvoiceStatus.DRAFT

    @property
    def reference(self) -> str:
        if self.number:
            return self.number
        if self.is_credit_note:
            return gettext("Draft credit note %(id)s") % {"id": self.pk}
        return gettext("Draft invoice %(id)s") % {"id": self.pk}

    @property
    def status_label(self) -> str:
        """A credit note's money goes the other way: set off against its invoice, to refund, refunded."""
        if self.is_credit_note:
            labels = {"credited": _("Set off"), "issued": _("To refund"), "partially_paid": _("Partly refunded"),
                      "paid": _("Refunded")}  # fmt: skip
            if self.status in labels:
                return str(labels[self.status])
        return self.get_status_display()

    @property
    def amount_open(self):
        """What the customer still owes (an invoice) or is still owed (a credit note)."""
        return self.total - self.amount_credited - self.amount_paid

    @property
    def structured_reference_display(self) -> str:
        from orderdesk.identifiers import format_structured_reference

        return format_structured_reference(self.structured_reference)


class InvoiceLineQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        invoice_ids = {obj.invoice_id for obj in objs}
        if Invoice.objects.filter(pk__in=invoice_ids).exclude(status=InvoiceStatus.DRAFT).exists():
            raise _frozen_error()
        return super().bulk_create(objs, *args, **kwargs)

    def update(self, **kwargs):
        if self.exclude(invoice__status=InvoiceStatus.DRAFT).exists():
            raise _frozen_error()
        return super().update(**kwargs)

    def delete(self):
        if self.exclude(invoice__status=InvoiceStatus.DRAFT).exists():
            raise _frozen_error()
        return super().delete()


class InvoiceLine(SaleLine):
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="lines")
    order_line = models.ForeignKey(
        OrderLine, on_delete=models.PROTECT, null=True, blank=True, related_name="invoice_lines"
    )
    delivery_line = models.ForeignKey(
        DeliveryLine, on_delete=models.PROTECT, null=True, blank=True, related_name="invoice_lines"
    )
    credited_line = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="credit_lines"
    )

    objects = InvoiceLineQuerySet.as_manager()

    class Meta(SaleLine.Meta):
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")

    def save(self, *args, **kwargs):
        if Invoice.objects.filter(pk=self.invoice_id).exclude(status=InvoiceStatus.DRAFT).exists():
            raise _frozen_error()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if Invoice.objects.filter(pk=self.invoice_id).exclude(status=InvoiceStatus.DRAFT).exists():
            raise _frozen_error()
        return super().delete(*args, **kwargs)


class InvoiceDelivery(models.Model):
    """Which delivery notes an invoice bills; a delivery note is billed by one invoice at most."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="invoice_deliveries")
    delivery = models.OneToOneField(DeliveryNote, on_delete=models.PROTECT, related_name="invoice_link")

    class Meta:
        verbose_name = _("invoiced delivery note")
        verbose_name_plural = _("invoiced delivery notes")

    def __str__(self):
        return f"{self.delivery} → {self.invoice}"


class PeppolTransmission(models.Model):
    """One attempt to deliver an issued document over Peppol, through the configured backend."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="transmissions")
    backend = models.CharField(_("backend"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=TransmissionStatus.choices, default=TransmissionStatus.QUEUED
    )
    detail = models.TextField(_("detail"), blank=True)  # a legacy backend's own words; ours use note_code
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Exactly once: the SHA-256 of the UBL, sent as the access point's Idempotency-Key and unique here.
    idempotency_key = models.CharField(_("idempotency key"), max_length=64, blank=True)
    document_id = models.CharField(_("access point's document id"), max_length=100, blank=True, db_index=True)
    # What the desk says about it, as a code and its parameters: rendered in the reader's language.
    note_code = models.CharField(_("note"), max_length=40, blank=True)
    note_params = models.JSONField(_("note parameters"), default=dict, blank=True)
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    response_code = models.CharField(_("customer's response"), max_length=2, choices=InvoiceResponse.choices,
                                     blank=True)  # fmt: skip
    response_reason = models.TextField(_("reason given by the customer"), blank=True)
    response_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Peppol transmission")
        verbose_name_plural = _("Peppol transmissions")
        constraints = [
            models.UniqueConstraint(fields=["idempotency_key"], condition=~models.Q(idempotency_key=""),
                                    name="sales_peppol_transmission_once"),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.invoice} → {self.get_status_display()}"
