"""Complaints through their services: the warranty (with edge dates), registering with its deadlines and
acknowledgement, escalation above the assistant's credit limit, an accepted credit note or replacement carried
out and linked, disputed invoices that no reminder touches, deadlines, closing and re-opening."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from complaints.models import Complaint, RootCause
from complaints.services import (
    complaint_answer,
    complaint_assess,
    complaint_close,
    complaint_decide,
    complaint_escalate,
    complaint_propose,
    complaint_register,
    complaint_reopen,
    complaints_deadlines,
    line_warranty,
    warranty_until,
)
from complaints.states import ComplaintStatus
from orderdesk.exceptions import DomainError, TransitionNotAllowed
from orderdesk.models import OutboxMessage
from sales.models import Reminder
from sales.services.reminders import invoice_dispute_set, reminder_run_propose
from sales.states import InvoiceStatus, OrderStatus
from tests.sales.test_invoices import delivered_order, issued_invoice

pytestmark = pytest.mark.django_db
D = Decimal
S = ComplaintStatus


@pytest.mark.parametrize(
    ("delivered", "months", "until"),
    [
        (datetime.date(2026, 3, 10), 24, datetime.date(2028, 3, 10)),
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),  # a shorter month: its last day
        (datetime.date(2024, 2, 29), 24, datetime.date(2026, 2, 28)),  # from a leap day
        (datetime.date(2025, 12, 31), 6, datetime.date(2026, 6, 30)),
    ],
)
def test_the_warranty_ends_the_same_day_months_later(delivered, months, until):
    assert warranty_until(delivered_on=delivered, months=months) == until


@pytest.fixture
def delivery(customer, assistant, oven):
    oven.warranty_months = 24
    oven.save()
    _order, note = delivered_order(customer, assistant, (oven, "2"))  # shipped 2026-03-10
    return note


def test_covered_on_the_last_day_and_expired_the_day_after(delivery, assistant, customer):
    complaint = complaint_register(company=customer, actor=assistant, category="defect", severity="normal",
                                   description="Oven heats no more",
                                   delivery_lines={delivery.lines.get().pk: "1"})  # fmt: skip
    line = complaint.lines.get()
    assert line_warranty(line, today=datetime.date(2028, 3, 10)).covered is True
    answer = line_warranty(line, today=datetime.date(2028, 3, 11))
    assert (answer.covered, answer.text) == (False, "Warranty expired on 10/03/2028")
    assert line_warranty(line, today=datetime.date(2026, 11, 1)).text == "Under warranty until 10/03/2028"


def test_registering_numbers_sets_deadlines_and_acknowledges_in_the_customers_language(
    delivery, assistant, customer, django_capture_on_commit_callbacks
):
    customer.language = "fr"
    customer.save()
    received = timezone.now()
    complaint = complaint_register(company=customer, actor=assistant, category="damaged", severity="high",
                                   description="Porte du four cabossée", delivery_lines={delivery.lines.get().pk: "1"},
                                   received_at=received, contact=customer.contacts.get())  # fmt: skip
    assert complaint.number == f"K{timezone.localdate().year}-000001"
    assert complaint.response_due == received + datetime.timedelta(hours=8)
    assert complaint.resolution_due == received + datetime.timedelta(days=5)
    mail = OutboxMessage.objects.get(object_id=complaint.pk, content_type__model="complaint")
    assert mail.subject == f"Votre réclamation {complaint.number}"
    assert mail.to == ["jan@bakkerij-peeters.be"] and "Porte du four cabossée" in mail.body


def test_a_line_of_another_customer_or_too_many_pieces_is_refused(delivery, assistant, customer):
    from tests.factories import CompanyFactory

    with pytest.raises(DomainError, match="between 0 and 2"):
        complaint_register(company=customer, actor=assistant, category="damaged", severity="low",
                           description="x", delivery_lines={delivery.lines.get().pk: "3"})  # fmt: skip
    with pytest.raises(DomainError, match="not this customer's"):
        complaint_register(company=CompanyFactory(name="Ander"), actor=assistant, category="damaged",
                           severity="low", description="x", delivery_lines={delivery.lines.get().pk: "1"})  # fmt: skip
    assert not Complaint.objects.exists()


@pytest.fixture
def invoiced(b2b_customer, assistant, oven):
    """Two ovens invoiced (2 × 1.200,00 + 21 % = 2.904,00) and a complaint about one of them."""
    invoice = issued_invoice(b2b_customer, assistant, (oven, "2"), today=datetime.date(2026, 9, 1))
    complaint = complaint_register(company=b2b_customer, actor=assistant, category="damaged", severity="normal",
                                   description="Deur van één oven ingedeukt",
                                   invoice_lines={invoice.lines.get().pk: "1"})  # fmt: skip
    invoice.refresh_from_db()
    return invoice, complaint


def test_an_open_complaint_disputes_the_invoice_and_no_reminder_goes_out(invoiced, accountant):
    invoice, complaint = invoiced
    assert invoice.disputed and complaint.number in invoice.dispute_note_text
    run = reminder_run_propose(today=invoice.due_date + datetime.timedelta(days=10), actor=accountant)
    assert not Reminder.objects.filter(run=run, invoice=invoice).exists()
    # Clearing the dispute by hand is refused while the complaint is open: it would let reminders out.
    with pytest.raises(DomainError, match=f"Complaint {complaint.number} about this invoice is still open"):
        invoice_dispute_set(invoice=invoice, actor=accountant, disputed=False)
    invoice.refresh_from_db()
    assert invoice.disputed


def assess(complaint, actor, justified=True):
    cause = RootCause.objects.get(name_en="Transport")
    return complaint_assess(complaint=complaint, actor=actor, justified=justified, justification="Foto's tonen de deuk",
                            root_cause=cause, root_cause_detail="Pallet gekanteld bij lossen")  # fmt: skip


def test_a_partial_credit_note_accepted_is_issued_linked_and_closing_ends_the_dispute(invoiced, assistant):
    invoice, complaint = invoiced
    complaint = assess(complaint, assistant)
    assert complaint.status == S.ASSESSING and complaint.first_response_at
    complaint = complaint_propose(complaint=complaint, actor=assistant, procedure="credit_note",
                                  proposal="Creditnota voor één oven; u houdt hem", credit_amount=D("200"))  # fmt: skip
    complaint = complaint_answer(complaint=complaint, actor=assistant, accepted=True, note="Akkoord per telefoon")
    note = complaint.credit_note
    assert complaint.status == S.ACCEPTED and note.complaint == complaint  # linked both ways
    assert (note.status, note.net_total, note.total) == (InvoiceStatus.CREDITED, D("200.00"), D("242.00"))  # set off
    assert complaint.number in note.credit_reason_text
    invoice.refresh_from_db()
    assert invoice.amount_credited == D("242.00") and invoice.disputed

    complaint = complaint_close(complaint=complaint, actor=assistant, outcome="Creditnota aanvaard", satisfaction=4)
    assert (complaint.status, complaint.satisfaction) == (S.CLOSED, 4) and complaint.resolved_at
    invoice.refresh_from_db()
    assert not invoice.disputed and invoice.dispute_note_text == ""

    complaint_reopen(complaint=complaint, actor=assistant, reason="Tweede oven ook beschadigd")
    invoice.refresh_from_db()
    assert invoice.disputed


def test_a_credit_above_the_limit_needs_the_manager(invoiced, assistant, manager, company_settings):
    _invoice, complaint = invoiced
    complaint = assess(complaint, assistant)
    with pytest.raises(DomainError, match="escalate the complaint to a manager"):
        complaint_propose(complaint=complaint, actor=assistant, procedure="credit_note", proposal="Volledige oven")
    assert complaint.credit_amount is None
    complaint = complaint_escalate(complaint=complaint, actor=assistant, reason="Klant wil 1.200 euro terug")
    assert complaint.status == S.ESCALATED
    with pytest.raises(Exception, match="permission"):
        complaint_decide(complaint=complaint, actor=assistant, decision="ok")
    complaint = complaint_decide(
        complaint=complaint, actor=manager, decision="Akkoord tot 1.200", approved_credit=D("1200")
    )
    assert (complaint.status, complaint.decided_by, complaint.approved_credit) == (S.ASSESSING, manager, D("1200.00"))
    # The line's value: one oven, 1.200,00 excl. VAT; within what the manager approved.
    complaint = complaint_propose(complaint=complaint, actor=assistant, procedure="credit_note", proposal="Eén oven")
    assert (complaint.status, complaint.credit_amount) == (S.PROPOSED, D("1200.00"))
    complaint = complaint_answer(complaint=complaint, actor=assistant, accepted=True)
    assert complaint.credit_note.lines.get().quantity == 1  # credited by line: the oven itself


def test_a_replacement_creates_a_free_order_linked_to_the_complaint(delivery, assistant, customer):
    complaint = complaint_register(company=customer, actor=assistant, category="defect", severity="normal",
                                   description="Thermostaat defect",
                                   delivery_lines={delivery.lines.get().pk: "1"})  # fmt: skip
    complaint = assess(complaint, assistant)
    complaint = complaint_propose(complaint=complaint, actor=assistant, procedure="replacement",
                                  proposal="Nieuwe oven, kosteloos")  # fmt: skip
    complaint = complaint_answer(complaint=complaint, actor=assistant, accepted=True)
    order = complaint.replacement_order
    assert order.complaint == complaint and order.total == 0
    assert order.status == OrderStatus.CONFIRMED and order.lines.get().quantity == 1


def test_illegal_moves_are_refused(delivery, assistant, customer):
    complaint = complaint_register(company=customer, actor=assistant, category="service", severity="low",
                                   description="Technieker te laat")  # fmt: skip
    with pytest.raises(TransitionNotAllowed):
        complaint_answer(complaint=complaint, actor=assistant, accepted=True)
    with pytest.raises(DomainError, match="Assess the complaint first"):
        complaint_propose(complaint=complaint, actor=assistant, procedure="gesture", proposal="Bon", credit_amount=10)
    complaint = assess(complaint, assistant, justified=True)
    with pytest.raises(DomainError, match="cannot be rejected"):
        complaint_propose(complaint=complaint, actor=assistant, procedure="rejection", proposal="Nee")


def test_a_refused_rejection_and_a_new_proposal(delivery, assistant, customer):
    complaint = complaint_register(company=customer, actor=assistant, category="wrong_item", severity="low",
                                   description="Verkeerde kleur")  # fmt: skip
    complaint = assess(complaint, assistant, justified=False)
    complaint = complaint_propose(complaint=complaint, actor=assistant, procedure="rejection",
                                  proposal="Kleur stond op de bestelbon")  # fmt: skip
    complaint = complaint_answer(complaint=complaint, actor=assistant, accepted=False, note="Niet akkoord")
    assert complaint.status == S.REFUSED
    complaint = complaint_propose(complaint=complaint, actor=assistant, procedure="gesture",
                                  proposal="50 euro korting", credit_amount=D("50"))  # fmt: skip
    assert complaint.status == S.PROPOSED


def test_deadlines_alert_the_assignee_once(delivery, assistant, customer):
    assistant.email, assistant.language = "an@vandenbroucke.be", "en"  # the alert speaks the assignee's language
    assistant.save()
    received = timezone.now() - datetime.timedelta(days=3)
    complaint = complaint_register(company=customer, actor=assistant, category="defect", severity="normal",
                                   description="Oven lekt", received_at=received)  # fmt: skip
    # Normal severity: an answer within 24 hours (3 days ago: late), a resolution within 10 days (not near yet).
    assert complaints_deadlines() == 1
    assert complaints_deadlines() == 0
    assert complaints_deadlines(now=received + datetime.timedelta(days=9, hours=12)) == 1  # resolution near
    mails = OutboxMessage.objects.filter(to=["an@vandenbroucke.be"]).order_by("pk")
    assert [mail.subject for mail in mails] == [
        f"Complaint {complaint.number}: the customer is waiting for an answer",
        mails[1].subject,
    ] and mails[1].subject.startswith(f"Complaint {complaint.number}: resolution due")
    # Answered and closed: nothing more.
    complaint = assess(complaint, assistant, justified=False)
    complaint = complaint_propose(complaint=complaint, actor=assistant, procedure="rejection", proposal="Slijtage")
    complaint = complaint_answer(complaint=complaint, actor=assistant, accepted=True)
    complaint_close(complaint=complaint, actor=assistant, outcome="Uitgelegd")
    assert complaints_deadlines(now=received + datetime.timedelta(days=30)) == 0


def test_a_late_delivery_concerns_the_ordered_lines_not_delivered_yet(customer, assistant, oven):
    from sales.services.lines import document_line_save
    from sales.services.orders import order_confirm, order_create

    order = order_create(company=customer, contact=customer.contacts.first(), actor=assistant)
    document_line_save(document=order, actor=assistant, product=oven, quantity="3")
    order_confirm(order=order, actor=assistant)
    complaint = complaint_register(company=customer, actor=assistant, category="late_delivery", severity="high",
                                   description="Ovens beloofd voor maandag",
                                   order_lines={order.lines.get().pk: "3"})  # fmt: skip
    line = complaint.lines.get()
    assert (line.order_line, line.quantity, line.product) == (order.lines.get(), 3, oven)
    assert line_warranty(line, today=timezone.localdate()).covered is None  # nothing delivered: no warranty yet


def test_a_refund_accepted_on_a_paid_invoice_gives_a_credit_note_to_refund(invoiced, assistant, accountant):
    from sales.services.payments import payment_register

    invoice, complaint = invoiced
    payment_register(company=invoice.company, actor=accountant, received_on=datetime.date(2026, 9, 20),
                     amount=invoice.total)  # fmt: skip
    complaint = assess(complaint, assistant)
    complaint = complaint_propose(complaint=complaint, actor=assistant, procedure="refund",
                                  proposal="We storten 100 euro terug", credit_amount=D("100"))  # fmt: skip
    complaint = complaint_answer(complaint=complaint, actor=assistant, accepted=True)

    note = complaint.credit_note
    assert (note.kind, note.status, note.total, note.amount_open) == (
        "credit_note", InvoiceStatus.ISSUED, D("121.00"), D("121.00"))  # fmt: skip
    assert note.status_label == "To refund" and note.complaint == complaint
    refund = payment_register(company=invoice.company, actor=accountant, received_on=datetime.date(2026, 9, 25),
                              amount="121", direction="refunded")  # fmt: skip
    note.refresh_from_db()
    assert refund.allocations.get().invoice == note and note.status_label == "Refunded"


def test_a_manager_does_not_approve_the_credit_of_a_complaint_they_escalated(customer, manager, company_settings):
    from orderdesk.exceptions import PermissionDeniedError
    from orderdesk.models import CompanySettings, StatusChange
    from tests.factories import UserFactory

    complaint = complaint_register(company=customer, actor=manager, category="service", severity="low",
                                   description="Technieker te laat")  # fmt: skip
    complaint = complaint_escalate(complaint=complaint, actor=manager, reason="Klant wil 500 euro")
    with pytest.raises(PermissionDeniedError, match="four eyes"):
        complaint_decide(complaint=complaint, actor=manager, decision="Akkoord", approved_credit=D("500"))
    # Without a credit it is a decision, not an approval of one's own money.
    assert complaint_decide(complaint=complaint, actor=manager, decision="Eerst uitleg vragen").status == S.ASSESSING

    complaint = complaint_escalate(complaint=complaint, actor=manager, reason="Klant wil toch 500 euro")
    other = UserFactory(username="mia.manager", role="Manager")
    decided = complaint_decide(complaint=complaint, actor=other, decision="Ok", approved_credit=D("500"))
    assert decided.decided_by == other

    CompanySettings.objects.filter(pk=company_settings.pk).update(self_approval_allowed=True)
    complaint = complaint_escalate(complaint=complaint, actor=manager, reason="Nog eens")
    complaint_decide(complaint=complaint, actor=manager, decision="Zelf", approved_credit=D("400"))
    assert StatusChange.objects.filter(object_id=complaint.pk, reason="Zelf").get().self_approved


def test_the_report_shows_the_replacements_at_cost_only_to_a_manager(client, delivery, assistant, manager, customer):
    from django.urls import reverse

    complaint = complaint_register(company=customer, actor=assistant, category="defect", severity="normal",
                                   description="Thermostaat defect",
                                   delivery_lines={delivery.lines.get().pk: "1"})  # fmt: skip
    complaint = complaint_propose(complaint=assess(complaint, assistant), actor=assistant, procedure="replacement",
                                  proposal="Nieuwe oven, kosteloos")  # fmt: skip
    complaint_answer(complaint=complaint, actor=assistant, accepted=True)
    url = reverse("complaints:complaint-report")
    for user in (assistant, manager):
        user.language = "en"
        user.save()

    client.force_login(assistant)
    page = client.get(url).content.decode()
    assert "replacements at cost" not in page and "800,00" not in page  # the oven's cost price

    client.force_login(manager)
    page = client.get(url).content.decode()
    assert "replacements at cost" in page and "800,00" in page
