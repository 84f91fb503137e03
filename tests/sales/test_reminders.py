"""Reminder runs: what is proposed when, what is claimed (B2B interest and €40, B2C free first reminder, waiting
period and capped damages), what holds a reminder back, and that each one is sent exactly once."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType

from customers.models import VatRegime
from orderdesk.models import OutboxMessage
from sales.models import Invoice, Reminder, ReminderLevel, ReminderRun
from sales.services.orders import order_checklist, order_create
from sales.services.reminders import (
    invoice_dispute_set,
    invoice_hand_over,
    payment_promise_record,
    reminder_exclude_company,
    reminder_note_set,
    reminder_run_deliver,
    reminder_run_propose,
    reminder_run_send,
)
from tests.factories import CompanyFactory, ContactFactory
from tests.pdf_tools import pdf_text
from tests.sales.test_invoices import issued_invoice

pytestmark = pytest.mark.django_db
D = Decimal
ISSUED = datetime.date(2026, 9, 1)  # due 2026-10-01 (30 days)
DUE = datetime.date(2026, 10, 1)


def reminder_mails(invoice: Invoice):
    return OutboxMessage.objects.filter(
        content_type=ContentType.objects.get_for_model(Invoice), object_id=invoice.pk, subject__icontains=invoice.number
    ).exclude(pk__in=[m.pk for m in OutboxMessage.objects.filter(subject__startswith="Invoice")])


def run_on(today, actor):
    """Propose, send and deliver the run of a day, as the beat task, a person and the worker would."""
    run = reminder_run_propose(today=today, actor=actor)
    reminder_run_send(run=run, actor=actor)
    reminder_run_deliver(run_id=run.pk, today=today)
    return run


@pytest.fixture
def overdue(b2b_customer, assistant, oven):
    invoice = issued_invoice(b2b_customer, assistant, (oven, "1"), today=ISSUED)  # 1.452,00
    assert invoice.due_date == DUE
    return invoice


@pytest.fixture
def consumer(company_settings):
    company = CompanyFactory(
        name="Sophie Lambert", vat_regime=VatRegime.PRIVATE, vat_number="", language="fr",
        email="sophie.lambert@example.be", street="Rue Haute 12", postal_code="1000", city="Bruxelles",
    )  # fmt: skip
    ContactFactory(company=company, first_name="Sophie", last_name="Lambert", email="sophie.lambert@example.be")
    return company


@pytest.fixture
def consumer_overdue(consumer, assistant, installation):
    # 3 × 95,00 + 21 % = 344,85
    return issued_invoice(consumer, assistant, (installation, "3"), today=ISSUED)


def test_the_first_level_is_proposed_a_week_after_the_due_date_and_not_before(overdue, accountant):
    run = reminder_run_propose(today=DUE + datetime.timedelta(days=6), actor=accountant)
    assert not run.reminders.exists()

    run = reminder_run_propose(today=DUE + datetime.timedelta(days=7), actor=accountant)
    (reminder,) = run.reminders.all()
    assert (reminder.invoice, reminder.level.rank, reminder.status) == (overdue, 1, Reminder.Status.PROPOSED)
    assert (reminder.principal, reminder.interest, reminder.compensation) == (D("1452.00"), 0, 0)


def test_a_b2b_friendly_reminder_then_the_second_with_statutory_interest_and_40_euro(overdue, accountant):
    first_day = DUE + datetime.timedelta(days=7)
    run_on(first_day, accountant)
    (first,) = overdue.reminders.all()
    assert (first.status, first.sent_on) == (Reminder.Status.SENT, first_day)

    # Level 2 comes 21 days after the due date and 14 days after the first letter.
    second_day = DUE + datetime.timedelta(days=21)
    run = run_on(second_day, accountant)
    second = run.reminders.get()
    assert second.level.rank == 2
    # Interest from 2 October to 22 October 2026 = 21 days: 1452.00 × 10.5 % × 21 / 365 = 8.7716 → 8.77
    assert (second.principal, second.interest, second.compensation) == (D("1452.00"), D("8.77"), D("40.00"))
    assert second.total == D("1500.77")
    text = pdf_text(second.pdf.read())
    assert "21 dagen" in text and "10,5" in text  # the customer is Dutch-speaking
    assert "8,77" in text and "40,00" in text and "1.500,77" in text


def test_the_letter_and_the_mail_are_in_the_customers_language_with_the_pdf(overdue, accountant):
    run_on(DUE + datetime.timedelta(days=7), accountant)
    reminder = overdue.reminders.get()
    mail = OutboxMessage.objects.get(pk=reminder.outbox_message_id)
    assert mail.to == ["boekhouding@bakkerij-peeters.be"]
    assert mail.subject == f"Herinnering: factuur {overdue.number}"
    assert overdue.structured_reference_display in mail.body
    (attachment,) = mail.attachments.all()
    assert attachment.filename == f"herinnering-{overdue.number}.pdf"
    text = pdf_text(attachment.file.read())
    assert f"Herinnering: factuur {overdue.number}" in text
    assert "1.452,00" in text and overdue.structured_reference_display in text


def test_a_consumers_first_reminder_is_free_and_says_what_the_law_requires(consumer_overdue, accountant):
    day = DUE + datetime.timedelta(days=7)  # Thursday 8 October 2026, by e-mail
    run_on(day, accountant)
    reminder = consumer_overdue.reminders.get()
    assert (reminder.interest, reminder.compensation) == (0, 0)
    # E-mail: the 14 days start the next day, 9 October, and end 22 October.
    assert reminder.waiting_period_ends == datetime.date(2026, 10, 22)
    text = pdf_text(reminder.pdf.read())
    assert "Ce premier rappel est gratuit." in text
    assert "Le principal restant dû s'élève à 344,85" in text
    # Damages announced: 344.85 → 30 + 10 % × 194.85 = 49.485 → 49.49
    assert "49,49" in text
    assert "du 09/10/2026 au 22/10/2026 inclus" in text
    assert "numéro d'entreprise" in text and "Installation" in text


def test_a_consumer_is_charged_only_after_the_waiting_period_within_the_legal_scale(consumer_overdue, accountant):
    run_on(DUE + datetime.timedelta(days=7), accountant)  # waiting period ends 22 October
    # Level 2 would be due 21 days after the due date (22 October), but claims: it waits for the period to end.
    assert not reminder_run_propose(today=datetime.date(2026, 10, 22), actor=accountant).reminders.exists()
    run = ReminderRun.objects.get(status=ReminderRun.Status.PROPOSED)
    run.delete()

    run = run_on(datetime.date(2026, 11, 2), accountant)
    second = run.reminders.get()
    # Interest from the end of the waiting period: 23 Oct – 2 Nov = 11 days × 344.85 × 10.5 % / 365 = 1.0912 → 1.09
    assert (second.interest, second.compensation) == (D("1.09"), D("49.49"))


def test_nothing_is_claimed_when_our_conditions_do_not_provide_it(overdue, accountant, company_settings):
    company_settings.late_payment_charges = False
    company_settings.save()
    run_on(DUE + datetime.timedelta(days=7), accountant)
    run = run_on(DUE + datetime.timedelta(days=21), accountant)
    assert (run.reminders.get().interest, run.reminders.get().compensation) == (0, 0)


def test_disputed_promised_and_handed_over_invoices_are_not_reminded(overdue, accountant, assistant):
    day = DUE + datetime.timedelta(days=10)
    invoice_dispute_set(invoice=overdue, actor=assistant, disputed=True, note="Deur beschadigd bij levering")
    assert not reminder_run_propose(today=day, actor=accountant).reminders.exists()

    invoice_dispute_set(invoice=overdue, actor=assistant, disputed=False)
    payment_promise_record(invoice=overdue, actor=assistant, promised_for=day + datetime.timedelta(days=5),
                           amount=D("1452.00"), note="Belde: betaalt vrijdag", today=day)  # fmt: skip
    assert not reminder_run_propose(today=day, actor=accountant).reminders.exists()
    # The promised day passes unpaid: the reminder comes back by itself.
    assert reminder_run_propose(today=day + datetime.timedelta(days=6), actor=accountant).reminders.count() == 1
    ReminderRun.objects.all().delete()

    invoice_hand_over(invoice=overdue, actor=accountant, to="legal", note="Advocaat Van Damme")
    assert not reminder_run_propose(today=day + datetime.timedelta(days=6), actor=accountant).reminders.exists()


def test_a_reminder_that_became_unneeded_before_sending_is_dropped(overdue, accountant, assistant):
    day = DUE + datetime.timedelta(days=7)
    run = reminder_run_propose(today=day, actor=accountant)
    invoice_dispute_set(invoice=overdue, actor=assistant, disputed=True, note="Factuur klopt niet")
    reminder_run_send(run=run, actor=accountant)
    reminder_run_deliver(run_id=run.pk, today=day)
    reminder = run.reminders.get()
    assert reminder.status == Reminder.Status.DROPPED and "disputes" in reminder.exclusion_note_text
    assert not reminder.outbox_message_id


def test_proposing_and_sending_twice_changes_nothing(overdue, accountant):
    day = DUE + datetime.timedelta(days=7)
    run = reminder_run_propose(today=day, actor=accountant)
    assert reminder_run_propose(today=day, actor=accountant) == run
    assert run.reminders.count() == 1
    assert reminder_run_send(run=run, actor=accountant) == 1
    assert reminder_run_send(run=run, actor=accountant) == 0
    reminder_run_deliver(run_id=run.pk, today=day)
    reminder_run_deliver(run_id=run.pk, today=day)
    run.refresh_from_db()
    assert run.status == ReminderRun.Status.SENT
    assert OutboxMessage.objects.filter(subject__startswith="Herinnering").count() == 1
    # Tomorrow the same level is not proposed again.
    assert not reminder_run_propose(today=day + datetime.timedelta(days=1), actor=accountant).reminders.exists()


def test_a_customer_left_out_of_a_run_stays_out_of_it_and_a_note_reaches_the_letter(
    overdue, consumer_overdue, accountant
):
    day = DUE + datetime.timedelta(days=7)
    run = reminder_run_propose(today=day, actor=accountant)
    assert run.reminders.count() == 2
    reminder_exclude_company(run=run, company_id=overdue.company_id, actor=accountant, note="Belt morgen terug")
    reminder_note_set(run=run, company_id=consumer_overdue.company_id, actor=accountant,
                      note="Suite à notre appel du 5 octobre.")  # fmt: skip
    assert reminder_run_propose(today=day, actor=accountant).reminders.filter(status="proposed").count() == 1
    reminder_run_send(run=run, actor=accountant)
    reminder_run_deliver(run_id=run.pk, today=day)
    assert overdue.reminders.get().status == Reminder.Status.EXCLUDED
    assert "Suite à notre appel du 5 octobre." in pdf_text(consumer_overdue.reminders.get().pdf.read())
    # The next run proposes the left-out customer again.
    assert (
        reminder_run_propose(today=day + datetime.timedelta(days=1), actor=accountant).reminders.get().invoice
        == overdue
    )


def test_the_last_level_hands_the_file_over_and_the_customer_goes_on_hold(overdue, accountant, assistant):
    for days in (7, 21, 35, 60):
        run_on(DUE + datetime.timedelta(days=days), accountant)
    overdue.refresh_from_db()
    assert overdue.handed_over_to == "collections"
    assert list(overdue.reminders.values_list("level__rank", flat=True)) == [1, 2, 3, 4]
    formal = overdue.reminders.get(level__rank=3)
    assert "Ingebrekestelling" in pdf_text(formal.pdf.read())

    order = order_create(company=overdue.company, actor=assistant)
    checklist = order_checklist(order=order, today=DUE + datetime.timedelta(days=61))
    assert any("handed over for collection" in reason for reason in checklist.hold_reasons)


def test_an_assistant_cannot_change_the_ladder_but_can_record_a_promise(overdue, assistant):
    assert not assistant.has_perm("sales.change_reminderlevel")
    promise = payment_promise_record(invoice=overdue, actor=assistant, promised_for=DUE, amount=D("500"), today=DUE)
    assert promise.amount == D("500")


def test_a_letter_level_writes_the_pdf_without_mailing(overdue, accountant):
    ReminderLevel.objects.filter(rank=1).update(channel=ReminderLevel.Channel.LETTER)
    run_on(DUE + datetime.timedelta(days=7), accountant)
    reminder = overdue.reminders.get()
    assert reminder.status == Reminder.Status.SENT and reminder.pdf and reminder.outbox_message is None


@pytest.mark.parametrize(
    ("language", "title", "interest_line", "compensation"),
    [
        ("nl", "Tweede herinnering: factuur", "21 dagen tegen 10,50 % per jaar", "Forfaitaire schadevergoeding"),
        ("fr", "Deuxième rappel : facture", "21 jours au taux de 10,50 % par an", "Indemnité forfaitaire"),
        ("en", "Second reminder: invoice", "21 days at 10,50 % per year", "Flat recovery compensation"),
    ],
)
def test_the_second_reminder_letter_in_each_language(
    b2b_customer, assistant, oven, accountant, language, title, interest_line, compensation
):
    b2b_customer.language = language
    b2b_customer.save()
    invoice = issued_invoice(b2b_customer, assistant, (oven, "1"), today=ISSUED)
    run_on(DUE + datetime.timedelta(days=7), accountant)
    run_on(DUE + datetime.timedelta(days=21), accountant)
    text = " ".join(pdf_text(invoice.reminders.get(level__rank=2).pdf.read()).split())
    assert f"{title} {invoice.number}" in text
    assert interest_line in text and compensation in text
    assert "1.500,77" in text and invoice.structured_reference_display in text


def test_send_reminders_dry_run_changes_nothing_and_the_real_run_sends(overdue, capsys, settings):
    from django.core.management import call_command
    from django.utils import timezone

    assert timezone.localdate() > DUE + datetime.timedelta(days=7)  # the invoice is overdue today
    call_command("send_reminders", "--dry-run")
    out = capsys.readouterr().out
    assert overdue.number in out and "Dry run: 1 reminder(s) due, nothing sent." in out
    assert not Reminder.objects.exists() and not ReminderRun.objects.exists()

    call_command("send_reminders")
    assert "1 reminder(s) in the run, 1 sent." in capsys.readouterr().out
    assert overdue.reminders.get().status == Reminder.Status.SENT


def test_with_automatic_sending_the_daily_run_goes_out_by_itself(
    overdue, company_settings, django_capture_on_commit_callbacks
):
    company_settings.reminders_auto_send = True
    company_settings.save()
    with django_capture_on_commit_callbacks(execute=True):
        run = reminder_run_propose(today=DUE + datetime.timedelta(days=7))  # the beat task: no user
    run.refresh_from_db()
    assert run.status == ReminderRun.Status.SENT and run.sent_by is None
    assert overdue.reminders.get().status == Reminder.Status.SENT
