from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from orderdesk.money import MoneyField

from .invoices import Invoice


class Payment(models.Model):
    """Money received from a customer (or refunded to one), spread over invoices (or credit notes).

    What is not allocated stays the customer's credit, to allocate later.
    """

    class Method(models.TextChoices):
        TRANSFER = "transfer", _("Bank transfer")
        DIRECT_DEBIT = "direct_debit", _("Direct debit")
        CARD = "card", _("Card")
        CASH = "cash", _("Cash")
        OTHER = "other", _("Other")

    class Direction(models.TextChoices):
        RECEIVED = "received", _("Received from the customer")
        REFUNDED = "refunded", _("Refunded to the customer")

    company = models.ForeignKey(
        "customers.Company", verbose_name=_("customer"), on_delete=models.PROTECT, related_name="payments"
    )
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.RECEIVED)
    received_on = models.DateField(_("date"))
    amount = MoneyField(_("amount"))
    method = models.CharField(_("method"), max_length=15, choices=Method.choices, default=Method.TRANSFER)
    reference = models.CharField(_("reference or communication"), max_length=140, blank=True)
    payer = models.CharField(_("paid by"), max_length=140, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # Notes the system wrote (a payment booked from a bank line): read in the reader's language.
    notes_data = models.JSONField(_("notes (stored text)"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_amount_positive")]

    def __str__(self):
        return f"{self.received_on} {self.amount} {self.company}"


class PaymentAllocation(models.Model):
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="allocations")
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="allocations")
    amount = MoneyField(_("amount"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("payment allocation")
        verbose_name_plural = _("payment allocations")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="allocation_amount_positive"),
            models.UniqueConstraint(fields=["payment", "invoice"], name="one_allocation_per_invoice_and_payment"),
        ]

    def __str__(self):
        return f"{self.amount} → {self.invoice}"
