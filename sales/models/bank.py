"""Our bank accounts, bank statements as imported (CODA, camt.053) and their lines, each matched to at most one
payment."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from orderdesk.identifiers import format_iban, validate_bic, validate_iban
from orderdesk.money import MoneyField
from orderdesk.stored_texts import stored_or_typed

from .invoices import Invoice
from .payments import Payment


class CompanyBankAccount(models.Model):
    """An account of ours: only its statements are imported. The IBAN on the company settings counts too."""

    iban = models.CharField(_("IBAN"), max_length=34, validators=[validate_iban])
    bic = models.CharField(_("BIC"), max_length=11, blank=True, validators=[validate_bic])
    currency = models.CharField(_("currency"), max_length=3, default="EUR", help_text=_("EUR, USD, CHF..."))
    name = models.CharField(_("name"), max_length=100, blank=True, help_text=_("For example: current account."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["iban", "currency"]
        verbose_name = _("bank account")
        verbose_name_plural = _("bank accounts")
        constraints = [models.UniqueConstraint(fields=["iban", "currency"], name="company_bank_account_once")]

    def __str__(self):
        return f"{self.iban_display} {self.currency}"

    @property
    def iban_display(self) -> str:
        return format_iban(self.iban)


class BankStatement(models.Model):
    format = models.CharField(_("format"), max_length=10)
    account = models.CharField(_("account"), max_length=40)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    reference = models.CharField(_("statement"), max_length=80)
    # A paginated camt.053 statement comes as several files, one page each, with the same reference.
    page = models.PositiveIntegerField(_("page"), default=1)
    issued_on = models.DateField(_("date"))
    # Empty when the file gives no such balance (camt.053 may send only some kinds).
    opening_balance = MoneyField(_("opening balance"), null=True, blank=True)
    closing_balance = MoneyField(_("closing balance"), null=True, blank=True)
    # Closing balance - opening balance - what the bank booked (a grouped movement counts once); empty when a
    # booked balance is missing. Not zero: lines are missing from the file, or its balances are off.
    balance_difference = MoneyField(_("balance difference"), null=True, blank=True)
    filename = models.CharField(_("file"), max_length=200, blank=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    # When matching the lines stopped on an unexpected error; the lines not matched yet wait for a retry.
    matching_failed_at = models.DateTimeField(_("matching failed at"), null=True, blank=True)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("bank statement")
        verbose_name_plural = _("bank statements")
        # The same statement imported twice is refused by the database too, not only by the import service.
        constraints = [models.UniqueConstraint(fields=["account", "reference", "page"], name="bank_statement_once")]

    def __str__(self):
        return f"{self.account} {self.reference}"

    @property
    def label(self) -> str:
        """The statement's reference, with its page when it is one page of several."""
        return f"{self.reference} ({self.page})" if self.page > 1 else self.reference


class BankLine(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Being matched")
        MATCHED = "matched", _("Matched automatically")
        CONFIRMED = "confirmed", _("Matched by hand")
        UNMATCHED = "unmatched", _("To match")
        IGNORED = "ignored", _("Ignored")
        RETURNED = "returned", _("Returned")  # its payment came back: a later return line undid the booking

    statement = models.ForeignKey(BankStatement, on_delete=models.CASCADE, related_name="lines")
    sequence = models.CharField(_("sequence"), max_length=50)
    # The grouped movement (CODA globalisation, camt batch) this line is one transaction of.
    batch = models.CharField(_("batch"), max_length=50, blank=True)
    booked_on = models.DateField(_("booked on"))
    value_date = models.DateField(_("value date"), null=True, blank=True)
    amount = MoneyField(_("amount"))
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    # A reversal, return or storno: money going back the way it came, never a new payment.
    is_return = models.BooleanField(_("return"), default=False)
    end_to_end_id = models.CharField(_("end-to-end reference"), max_length=35, blank=True)
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
        Invoice, verbose_name=_("suggestion"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    suggestion_reason = models.CharField(_("why"), max_length=200, blank=True)  # rows matched before stored texts
    # Why: a code and its parameters, read in the language of whoever looks (orderdesk.stored_texts).
    suggestion_reason_data = models.JSONField(_("why (stored text)"), null=True, blank=True)
    # For a return: the line whose booking it undoes (or would undo, while it waits for a person).
    reverses = models.ForeignKey(
        "self", verbose_name=_("returns"), on_delete=models.PROTECT, null=True, blank=True, related_name="returned_by"
    )
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
    def suggestion_reason_text(self) -> str:
        return stored_or_typed(self.suggestion_reason_data, self.suggestion_reason)

    @property
    def is_receipt(self) -> bool:
        return self.amount > 0

    @property
    def is_foreign_currency(self) -> bool:
        """Our invoices are in euros: an amount in another currency never pays one as it stands."""
        return self.currency != "EUR"
