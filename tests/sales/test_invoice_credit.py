"""The credit check before confirming an order counts issued invoices: open amounts and overdue ones."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from sales.services.deliveries import delivery_create
from sales.services.invoicing import credit_note_create, invoice_draft_for_order, invoice_issue
from sales.services.lines import document_line_save
from sales.services.orders import credit_exposure, order_checklist, order_confirm, order_create
from sales.states import OrderStatus

pytestmark = pytest.mark.django_db


def _invoiced_order(customer, actor, product, quantity, *, days_ago=0):
    order = order_create(company=customer, contact=customer.contacts.get(), actor=actor)
    document_line_save(document=order, actor=actor, product=product, quantity=quantity)
    order_confirm(order=order, actor=actor)
    delivery_create(order=order, actor=actor, quantities={order.lines.get().pk: quantity})
    today = timezone.localdate() - datetime.timedelta(days=days_ago)
    return invoice_issue(invoice=invoice_draft_for_order(order=order, actor=actor), actor=actor, today=today)


def test_open_invoices_count_in_the_exposure_once_and_credit_notes_lower_it(customer, assistant, oven):
    invoice = _invoiced_order(customer, assistant, oven, "2")  # 2 × 1.200 + 21 % = 2.904,00
    assert credit_exposure(company=customer) == Decimal("2904.00")
    note = credit_note_create(invoice=invoice, actor=assistant, reason="Dented", quantities={invoice.lines.get().pk: 1})
    invoice_issue(invoice=note, actor=assistant)
    assert credit_exposure(company=customer) == Decimal("1452.00")


def test_an_overdue_invoice_puts_the_next_order_on_hold(customer, assistant, oven):
    _invoiced_order(customer, assistant, oven, "1", days_ago=45)  # due 15 days ago
    order = order_create(company=customer, contact=customer.contacts.get(), actor=assistant)
    document_line_save(document=order, actor=assistant, product=oven, quantity="1")

    checklist = order_checklist(order=order, today=timezone.localdate())
    assert "1 invoice overdue, 1.452,00\xa0€ still open" in checklist.hold_reasons

    order_confirm(order=order, actor=assistant)
    order.refresh_from_db()
    assert order.status == OrderStatus.ON_HOLD and "overdue" in order.hold_reason


def test_an_invoice_not_yet_due_does_not_hold_an_order(customer, assistant, oven):
    _invoiced_order(customer, assistant, oven, "1", days_ago=10)
    order = order_create(company=customer, contact=customer.contacts.get(), actor=assistant)
    document_line_save(document=order, actor=assistant, product=oven, quantity="1")
    order_confirm(order=order, actor=assistant)
    order.refresh_from_db()
    assert order.status == OrderStatus.CONFIRMED
