from decimal import Decimal

import pytest

from sales.services.deliveries import delivery_create
from sales.services.invoicing import invoice_draft_for_order, invoice_issue
from sales.services.lines import document_line_save
from sales.services.orders import order_confirm, order_create
from sales.states import InvoiceStatus, OrderStatus
from tests.peppol_tools import ubl_errors, ubl_warnings

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def b2b_customer(customer):
    customer.enterprise_number = "0417497106"
    customer.invoice_email = "boekhouding@bakkerij-peeters.be"
    customer.save()
    return customer


def delivered_order(customer, actor, *lines):
    order = order_create(company=customer, contact=customer.contacts.first(), actor=actor)
    for product, quantity in lines:
        document_line_save(document=order, actor=actor, product=product, quantity=quantity)
    order_confirm(order=order, actor=actor)
    note = delivery_create(order=order, actor=actor, quantities={line.pk: line.quantity for line in order.lines.all()})
    order.refresh_from_db()
    return order, note


def test_issue_a_delivered_order(b2b_customer, assistant, oven, installation):
    order, note = delivered_order(b2b_customer, assistant, (oven, "2"), (installation, "1"))
    draft = invoice_draft_for_order(order=order, actor=assistant)
    invoice = invoice_issue(invoice=draft, actor=assistant)
    assert invoice.number.startswith("F")
    assert invoice.status == InvoiceStatus.ISSUED
    order.refresh_from_db()
    assert order.status == OrderStatus.INVOICED
    xml = invoice.ubl.read()
    print(xml.decode()[:3000])
    assert ubl_errors(xml) == []
    print(ubl_warnings(xml))
