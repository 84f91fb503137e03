"""Bank statements as imported (CODA, camt.053) and their lines, each matched to at most one payment."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from orderdesk.money import MoneyField

from .invoices import Invoice
from .payments import Payment


class BankStatement(models.Model):
    format = models.CharField(_("format"), max_length=10)
    account = models.CharField(_("account"), max_length=40)
    reference = models.CharField(_("statement"), max_length=80)
    issued_on = models.DateField(_("date"))
    opening_balance = MoneyField(_("opening balance"))
    closing_balance = MoneyField(_("closing balance"))
    filename = models.CharField(_("file"), max_length=200, blank=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("bank statement")
        verbose_name_plural = _("bank statements")
        # The same statement imported twice is refused by the database too, not only by the import service.
        constraints = [models.UniqueConstraint(fields=["account", "reference"], name="bank_statement_once")]

    def __str__(self):
        return f"{self.account} {self.reference}"


class BankLine(models.Model):
    class Status(models.TextChoices):
        MATCHED = "matched", _("Matched automatically")
        CONFIRMED = "confirmed", _("Matched by hand")
        UNMATCHED = "unmatched", _("To match")
        IGNORED = "ignored", _("Ignored")

    statement = models.ForeignKey(BankStatement, on_delete=models.CASCADE, related_name="lines")
    sequence = models.CharField(_("sequence"), max_length=40)
    booked_on = models.DateField(_("booked on"))
    value_date = models.DateField(_("value date"), null=True, blank=True)
    amount = MoneyField(_("amount"))
    counterparty_name = models.CharField(_("counterparty"), max_length=140, blank=True)
    counterparty_account = models.CharField(_("counterparty account"), max_length=40, blank=True)
    structured_reference = models.CharField(_("structured communication"), max_length=12, blank=True)
    creditor_reference = models.CharField(_("RF reference"), max_length=35, blank=True)
    free_text = models.CharField(_("communication"), max_length=500, blank=True)
    bank_reference = models.CharField(_("bank reference"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.UNMATCHED)
    # One bank line books one payment at most: the payment is what settles invoices.
    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="bank_line")
    suggested_invoice = models.ForeignKey(
        Invoice, verbose_name=_("suggestion"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    suggestion_reason = models.CharField(_("why"), max_length=200, blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["statement", "pk"]
        verbose_name = _("bank line")
        verbose_name_plural = _("bank lines")
        constraints = [models.UniqueConstraint(fields=["statement", "sequence"], name="bank_line_once")]
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return f"{self.booked_on} {self.amount} {self.counterparty_name}"

    @property
    def is_receipt(self) -> bool:
        return self.amount > 0
