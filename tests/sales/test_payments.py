"""Payments registered by hand: partial, several invoices at once, over-payment kept as credit, refunds."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sales.models import Invoice
from sales.selectors.receivables import company_credit, open_documents
from sales.services.invoicing import credit_note_create, invoice_issue
from sales.services.payments import payment_register
from sales.states import InvoiceStatus
from tests.sales.test_invoices import issued_invoice

pytestmark = pytest.mark.django_db
D = Decimal
TODAY = timezone.localdate()


@pytest.fixture
def two_invoices(b2b_customer, assistant, oven):
    first = issued_invoice(b2b_customer, assistant, (oven, "1"))  # 1.452,00
    second = issued_invoice(b2b_customer, assistant, (oven, "2"))  # 2.904,00
    return first, second


def test_a_partial_payment_then_the_rest(b2b_customer, accountant, two_invoices):
    first, _second = two_invoices
    payment_register(company=b2b_customer, actor=accountant, received_on=TODAY, amount="452,00",
                     allocations={first.pk: "452"})  # fmt: skip
    first.refresh_from_db()
    assert (first.status, first.amount_paid, first.amount_open) == (InvoiceStatus.PARTIALLY_PAID, D("452"), D("1000"))

    payment_register(company=b2b_customer, actor=accountant, received_on=TODAY, amount="1000",
                     allocations={first.pk: "1000"})  # fmt: skip
    first.refresh_from_db()
    assert (first.status, first.amount_open) == (InvoiceStatus.PAID, 0)


def test_one_payment_for_two_invoices_goes_to_the_oldest_first_and_the_rest_is_credit(
    b2b_customer, accountant, two_invoices
):
    first, second = two_invoices
    payment = payment_register(company=b2b_customer, actor=accountant, received_on=TODAY, amount="4500.00")

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (InvoiceStatus.PAID, InvoiceStatus.PAID)
    assert sorted(a.amount for a in payment.allocations.all()) == [D("1452.00"), D("2904.00")]
    assert company_credit(b2b_customer) == D("144.00")  # over-payment kept for the customer


def test_an_allocation_above_the_open_amount_or_the_payment_is_refused_and_nothing_is_booked(
    b2b_customer, accountant, two_invoices
):
    first, second = two_invoices
    with pytest.raises(ValidationError, match="between 0 and the open 1452.00"):
        payment_register(company=b2b_customer, actor=accountant, received_on=TODAY, amount="2000",
                         allocations={first.pk: "1500"})  # fmt: skip
    with pytest.raises(ValidationError, match="more than the payment"):
        payment_register(company=b2b_customer, actor=accountant, received_on=TODAY, amount="100",
                         allocations={first.pk: "60", second.pk: "60"})  # fmt: skip
    with pytest.raises(ValidationError, match="more than zero"):
        payment_register(company=b2b_customer, actor=accountant, received_on=TODAY, amount="0")
    first.refresh_from_db()
    assert first.amount_paid == 0 and b2b_customer.payments.count() == 0


def test_a_credit_note_settles_what_is_open_and_only_the_rest_is_refunded(
    b2b_customer, accountant, assistant, two_invoices
):
    first, second = two_invoices
    note = invoice_issue(invoice=credit_note_create(invoice=first, actor=assistant, reason="Dented",
                                                    amount="200", vat_rate="21"), actor=assistant)  # fmt: skip
    first.refresh_from_db()
    assert first.amount_open == D("1210.00")  # 1.452 − 242
    assert (note.status, note.amount_open) == (InvoiceStatus.CREDITED, 0)  # set off: nothing owed to the customer
    payment_register(company=b2b_customer, actor=accountant, received_on=TODAY, amount="1210",
                     allocations={first.pk: "1210"})  # fmt: skip
    first.refresh_from_db()
    assert first.status == InvoiceStatus.PAID
    assert list(open_documents(b2b_customer, direction="refunded")) == []

    # The second invoice is paid in full, then credited: that credit note is money owed back.
    payment_register(company=b2b_customer, actor=accountant, received_on=TODAY, amount=second.total,
                     allocations={second.pk: second.total})  # fmt: skip
    late = invoice_issue(invoice=credit_note_create(invoice=second, actor=assistant, reason="Wrong colour",
                                                    amount="100", vat_rate="21"), actor=assistant)  # fmt: skip
    assert (late.status, late.amount_open) == (InvoiceStatus.ISSUED, D("121.00"))
    refund = payment_register(company=b2b_customer, actor=accountant, received_on=TODAY, amount="121",
                              direction="refunded")  # fmt: skip
    late.refresh_from_db()
    assert refund.allocations.get().invoice == late and late.status == InvoiceStatus.PAID


def test_an_overdue_invoice_paid_in_full_is_no_longer_overdue(b2b_customer, accountant, assistant, oven):
    from sales.selectors.invoices import invoices_overdue

    old = issued_invoice(b2b_customer, assistant, (oven, "1"), today=TODAY - datetime.timedelta(days=50))
    assert list(invoices_overdue(TODAY)) == [old]
    payment_register(company=b2b_customer, actor=accountant, received_on=TODAY, amount=old.total)
    assert list(invoices_overdue(TODAY)) == []


def test_register_a_payment_from_the_invoice_page(client, accountant, b2b_customer, two_invoices):
    from django.urls import reverse

    first, second = two_invoices
    client.force_login(accountant)
    page = client.get(reverse("sales:invoice-detail", args=[first.pk])).content.decode()
    assert 'id="register-payment"' in page
    form = client.get(reverse("sales:payment-create"), {"company": b2b_customer.pk, "invoice": first.pk})
    html = form.content.decode()
    assert f'name="allocation_{first.pk}" value="1452,00"' in html and f'name="allocation_{second.pk}"' in html

    data = {"company": b2b_customer.pk, "direction": "received", "received_on": TODAY.isoformat(),
            "amount": "1.452,00", "method": "transfer", "reference": first.structured_reference, "payer": "",
            "notes": "", f"allocation_{first.pk}": "1.500,00"}  # fmt: skip
    refused = client.post(reverse("sales:payment-create"), data)
    assert refused.status_code == 400 and 'value="1.500,00"' in refused.content.decode()  # what was typed stays
    data[f"allocation_{first.pk}"] = "1.452,00"
    response = client.post(reverse("sales:payment-create"), data)
    assert response.url == reverse("sales:invoice-detail", args=[first.pk])
    first.refresh_from_db()
    assert first.status == InvoiceStatus.PAID
    listing = client.get(reverse("sales:payment-list")).content.decode()
    assert first.structured_reference in listing and b2b_customer.name in listing


def test_credit_notes_issued_before_the_set_off_are_settled_by_the_migration(
    b2b_customer, accountant, assistant, two_invoices
):
    """The data migration works out, from the money as it stands, what was set off and what is owed back."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("sales.migrations.0012_credit_notes_set_off")
    first, second = two_invoices
    payment_register(company=b2b_customer, actor=accountant, received_on=TODAY, amount=second.total,
                     allocations={second.pk: second.total})  # fmt: skip
    notes = []
    for invoice in (first, second):
        note = invoice_issue(invoice=credit_note_create(invoice=invoice, actor=assistant, reason="Kras",
                                                        amount="100", vat_rate="21"), actor=assistant)  # fmt: skip
        notes.append(note)
    # As the old code left them: issued, nothing set off.
    Invoice.objects.filter(pk__in=[note.pk for note in notes]).update(amount_credited=0, status="issued")

    migration.set_off_credit_notes(apps, None)

    on_open, on_paid = (Invoice.objects.get(pk=note.pk) for note in notes)
    assert (on_open.status, on_open.amount_credited, on_open.amount_open) == ("credited", D("121.00"), 0)
    assert (on_paid.status, on_paid.amount_credited, on_paid.amount_open) == ("issued", 0, D("121.00"))
