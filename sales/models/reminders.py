"""Collecting what is overdue: the interest rate table, reminder levels, reminder runs and the reminders sent,
and payment promises from a call."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from orderdesk.money import MoneyField
from orderdesk.stored_texts import stored_or_typed
from sales.states import HandOver

from .invoices import Invoice


class LatePaymentRate(models.Model):
    """The statutory late-payment interest rate (law of 2 August 2002), published per half year."""

    valid_from = models.DateField(_("valid from"), unique=True)
    percent = models.DecimalField(_("rate (% per year)"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("late-payment interest rate")
        verbose_name_plural = _("late-payment interest rates")

    def __str__(self):
        return f"{self.valid_from}: {self.percent} %"


class ReminderLevel(models.Model):
    """One step of the reminder ladder. The texts are the opening paragraph of the letter per language; empty
    takes the standard text of the level's kind."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail with the letter attached")
        LETTER = "letter", _("Letter to print and post")

    rank = models.PositiveSmallIntegerField(_("step"), unique=True)
    name = models.CharField(_("name"), max_length=80, blank=True, help_text=_("Empty: the standard name."))
    days_after_due = models.PositiveSmallIntegerField(_("days after the due date"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    charge_interest = models.BooleanField(_("claim late-payment interest"), default=False)
    charge_compensation = models.BooleanField(
        _("claim the flat compensation"), default=False,
        help_text=_("€40 per invoice for a company; for a private customer the damages of the legal scale."),
    )  # fmt: skip
    formal_notice = models.BooleanField(_("formal notice"), default=False)
    hand_over_to = models.CharField(
        _("hand over to"), max_length=12, choices=HandOver.choices, blank=True,
        help_text=_("Instead of a letter, the file is handed over and reminders stop."),
    )  # fmt: skip
    subject_nl = models.CharField(_("subject (Dutch)"), max_length=150, blank=True)
    subject_fr = models.CharField(_("subject (French)"), max_length=150, blank=True)
    subject_en = models.CharField(_("subject (English)"), max_length=150, blank=True)
    text_nl = models.TextField(_("text (Dutch)"), blank=True)
    text_fr = models.TextField(_("text (French)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["rank"]
        verbose_name = _("reminder level")
        verbose_name_plural = _("reminder levels")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.name:
            return self.name
        if self.hand_over_to:
            return gettext("Hand-over")
        if self.formal_notice:
            return gettext("Formal notice")
        if self.rank == 1:
            return gettext("Friendly reminder")
        return gettext("Reminder %(rank)s") % {"rank": self.rank}


class ReminderRun(models.Model):
    """The reminders due on a day, proposed for review, then sent together."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("To review")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_on = models.DateField(_("proposed on"))
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-proposed_on", "-pk"]
        verbose_name = _("reminder run")
        verbose_name_plural = _("reminder runs")
        # One run under review at a time: a second beat tick adds to it instead of opening another.
        constraints = [
            models.UniqueConstraint(
                fields=["status"], condition=models.Q(status="proposed"), name="one_reminder_run_to_review"
            )
        ]

    def __str__(self):
        return f"{self.proposed_on} ({self.get_status_display()})"


class Reminder(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        EXCLUDED = "excluded", _("Left out")
        QUEUED = "queued", _("Being sent")
        SENT = "sent", _("Sent")
        DROPPED = "dropped", _("Not needed any more")

    run = models.ForeignKey(ReminderRun, on_delete=models.CASCADE, related_name="reminders")
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="reminders")
    level = models.ForeignKey(ReminderLevel, verbose_name=_("level"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    channel = models.CharField(_("channel"), max_length=10, choices=ReminderLevel.Channel.choices)
    principal = MoneyField(_("open amount"))
    interest = MoneyField(_("interest"), default=0)
    compensation = MoneyField(_("compensation"), default=0)
    note = models.CharField(_("note for the customer"), max_length=500, blank=True)
    exclusion_note = models.CharField(_("why left out"), max_length=300, blank=True)  # as a person typed it
    # Why the run dropped it: stored texts, read in the reader's language (orderdesk.stored_texts).
    exclusion_note_data = models.JSONField(_("why left out (stored text)"), null=True, blank=True)
    pdf = models.FileField(_("letter"), upload_to="reminders/", blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    # B2C: damages may be claimed only after this day (14 days after the first reminder reached the customer).
    waiting_period_ends = models.DateField(_("waiting period ends"), null=True, blank=True)
    outbox_message = models.ForeignKey(
        "orderdesk.OutboxMessage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        # Exactly once per invoice and level: left-out proposals do not count, so tomorrow's run proposes again.
        constraints = [
            models.UniqueConstraint(
                fields=["invoice", "level"],
                condition=models.Q(status__in=["proposed", "queued", "sent"]),
                name="one_reminder_per_invoice_and_level",
            )
        ]

    def __str__(self):
        return f"{self.invoice} – {self.level}"

    @property
    def exclusion_note_text(self) -> str:
        return stored_or_typed(self.exclusion_note_data, self.exclusion_note)

    @property
    def total(self):
        return self.principal + self.interest + self.compensation


class PaymentPromise(models.Model):
    """What a customer promised on the phone: no reminder for the invoice until the date has passed unpaid."""

    # A promise further ahead is a typing mistake, and would silence the reminders for as long.
    HORIZON_DAYS = 183
    HORIZON_REASON = _("a promise to pay is for today or the coming six months")

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payment_promises")
    promised_for = models.DateField(_("promised for"))
    amount = MoneyField(_("amount"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    # A note the system wrote: a code and its parameters, read in the reader's language (orderdesk.stored_texts).
    note_data = models.JSONField(_("note (stored text)"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-promised_for", "-pk"]
        verbose_name = _("payment promise")
        verbose_name_plural = _("payment promises")

    def __str__(self):
        return f"{self.invoice}: {self.amount} on {self.promised_for}"

    @property
    def note_text(self) -> str:
        return stored_or_typed(self.note_data, self.note)
