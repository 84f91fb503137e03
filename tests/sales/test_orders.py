import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from customers.models import Company, CreditStatus
from orderdesk.exceptions import DomainError, PermissionDeniedError
from orderdesk.history import status_history
from orderdesk.models import OutboxMessage
from sales.models import IncomingStock, Order, Product
from sales.selectors.purchasing import backorders_to_purchase
from sales.services.deliveries import (
    delivery_create,
    supplier_order_create,
    supplier_order_receive,
)
from sales.services.documents import quote_link_token
from sales.services.lines import document_line_save
from sales.services.orders import (
    order_cancel,
    order_checklist,
    order_confirm,
    order_create,
    order_from_quote,
    order_release,
)
from sales.services.quotes import quote_accept, quote_create, quote_send
from sales.states import OrderStatus, QuoteStatus
from tests.factories import CompanyFactory, ContactFactory
from tests.pdf_tools import pdf_text

pytestmark = pytest.mark.django_db
D = Decimal


def _order(customer, actor, *lines):
    order = order_create(company=customer, contact=customer.contacts.first(), actor=actor)
    for product, quantity in lines:
        document_line_save(document=order, actor=actor, product=product, quantity=quantity)
    order.refresh_from_db()
    return order


def test_an_accepted_quote_becomes_an_order_in_one_step(customer, contact, assistant, oven, discount_limits):
    quote = quote_create(company=customer, contact=contact, actor=assistant)
    document_line_save(document=quote, actor=assistant, product=oven, quantity="2", discount_percent="5")
    quote_send(quote=quote, actor=assistant)
    quote_accept(token=quote_link_token(quote), name="Jan Peeters", customer_reference="PO-1")

    order = order_from_quote(quote=quote, actor=assistant)

    quote.refresh_from_db()
    assert quote.status == QuoteStatus.ORDERED and order.quote == quote
    assert (order.customer_reference, order.status, order.total) == ("PO-1", OrderStatus.DRAFT, quote.total)
    line = order.lines.get()
    assert (line.sku, line.quantity, line.discount_percent, line.net_amount) == ("OVEN-60", 2, D("5.00"), D("2280.00"))
    with pytest.raises(DomainError):
        order_from_quote(quote=quote, actor=assistant)  # not twice
    assert Order.objects.count() == 1


def test_confirming_reserves_stock_and_mails_the_confirmation(customer, assistant, oven, installation,
                                                                django_capture_on_commit_callbacks):  # fmt: skip
    order = _order(customer, assistant, (oven, "3"), (installation, "1"))

    with django_capture_on_commit_callbacks(execute=True):
        order_confirm(order=order, actor=assistant)

    oven.refresh_from_db()
    assert order.status == OrderStatus.CONFIRMED and order.number.startswith("O")
    assert (oven.on_hand, oven.reserved, oven.available_now) == (10, 3, 7)
    assert order.lines.get(sku="OVEN-60").quantity_reserved == 3
    message = OutboxMessage.objects.get(object_id=order.pk, subject__contains=order.number)
    assert message.to == ["jan@bakkerij-peeters.be"]
    text = pdf_text(message.attachments.get().file.read())
    assert order.number in text and "Bakkerij Peeters" in text and "Orderbevestiging" in text


def test_what_is_not_in_stock_becomes_a_dated_backorder(customer, assistant, oven):
    IncomingStock.objects.create(
        product=oven, quantity=20, expected_on=timezone.localdate() + datetime.timedelta(days=5)
    )
    order = _order(customer, assistant, (oven, "14"))

    order_confirm(order=order, actor=assistant)

    line = order.lines.get()
    assert (line.quantity_reserved, line.quantity_backordered) == (10, 4)
    assert line.expected_on == timezone.localdate() + datetime.timedelta(days=5)


def test_without_incoming_goods_the_backorder_waits_the_supplier_lead_time(customer, assistant, oven):
    order = _order(customer, assistant, (oven, "12"))

    order_confirm(order=order, actor=assistant)

    assert order.lines.get().expected_on == timezone.localdate() + datetime.timedelta(days=14)


def test_the_checklist_shows_missing_data_and_blocks_confirmation(assistant, oven, company_settings):
    company = CompanyFactory(name="Nieuwe Klant", vat_number="", email="", street="")
    order = _order(company, assistant, (oven, "1"))

    checklist = order_checklist(order=order, today=timezone.localdate())

    assert checklist.missing == [
        "Invoice address complete", "VAT number of the company", "An e-mail address for the confirmation"]  # fmt: skip
    with pytest.raises(DomainError, match="Complete the order first"):
        order_confirm(order=order, actor=assistant)
    order.refresh_from_db()
    assert (order.status, order.number) == (OrderStatus.DRAFT, "")


def test_an_order_over_the_credit_limit_waits_for_a_manager(customer, assistant, manager, oven,
                                                              django_capture_on_commit_callbacks):  # fmt: skip
    customer.credit_limit = D("5000.00")
    customer.save()
    order = _order(customer, assistant, (oven, "4"))  # 4 × 1200 × 1.21 = 5808

    with django_capture_on_commit_callbacks(execute=True):
        order_confirm(order=order, actor=assistant)

    oven.refresh_from_db()
    assert order.status == OrderStatus.ON_HOLD and "Over the credit limit" in order.hold_reason
    assert oven.reserved == 0 and not OutboxMessage.objects.exists()
    with pytest.raises(PermissionDeniedError):
        order_release(order=order, actor=assistant, reason="please")
    with pytest.raises(ValidationError):
        order_release(order=order, actor=manager, reason="")

    with django_capture_on_commit_callbacks(execute=True):
        order_release(order=order, actor=manager, reason="Paid a deposit of 2.000 €")

    oven.refresh_from_db()
    assert order.status == OrderStatus.CONFIRMED and oven.reserved == 4
    release = status_history(order).last()
    assert (release.from_status, release.to_status, release.actor, release.reason) == (
        OrderStatus.ON_HOLD, OrderStatus.CONFIRMED, manager, "Paid a deposit of 2.000 €")  # fmt: skip
    assert OutboxMessage.objects.filter(object_id=order.pk).count() == 1


def test_open_orders_count_in_the_credit_exposure(customer, assistant, oven):
    customer.credit_limit = D("4000.00")
    customer.save()
    order_confirm(order=_order(customer, assistant, (oven, "2")), actor=assistant)  # 2904 incl. VAT
    second = _order(customer, assistant, (oven, "1"))  # + 1452 = 4356

    order_confirm(order=second, actor=assistant)

    assert second.status == OrderStatus.ON_HOLD


def test_a_blocked_customer_is_held_whatever_the_amount(customer, assistant, manager, oven):
    Company.objects.filter(pk=customer.pk).update(credit_status=CreditStatus.BLOCKED, credit_status_reason="Bankrupt?")
    customer.refresh_from_db()
    order = _order(customer, assistant, (oven, "1"))

    order_confirm(order=order, actor=assistant)

    assert order.status == OrderStatus.ON_HOLD and "Bankrupt?" in order.hold_reason


def test_a_prospect_becomes_a_customer_with_its_first_confirmed_order(assistant, oven, company_settings):
    prospect = CompanyFactory(kind="prospect", vat_number="BE0417497106", email="hallo@prospect.be")
    order = _order(prospect, assistant, (oven, "1"))

    order_confirm(order=order, actor=assistant)

    prospect.refresh_from_db()
    assert prospect.kind == Company.Kind.CUSTOMER and prospect.became_customer_at is not None


def test_cancelling_frees_the_reservation_for_waiting_backorders(customer, assistant, oven):
    first = _order(customer, assistant, (oven, "8"))
    order_confirm(order=first, actor=assistant)
    second = _order(customer, assistant, (oven, "5"))
    order_confirm(order=second, actor=assistant)
    assert second.lines.get().quantity_reserved == 2

    order_cancel(order=first, actor=assistant, reason="Customer changed their mind")

    oven.refresh_from_db()
    assert first.status == OrderStatus.CANCELLED
    assert second.lines.get().quantity_reserved == 5 and oven.reserved == 5


def test_two_partial_deliveries_complete_the_order(customer, assistant, oven, installation,
                                                     django_capture_on_commit_callbacks):  # fmt: skip
    order = _order(customer, assistant, (oven, "4"), (installation, "1"))
    order_confirm(order=order, actor=assistant)
    oven_line, service_line = order.lines.get(sku="OVEN-60"), order.lines.get(sku="SRV-INST")

    with django_capture_on_commit_callbacks(execute=True):
        first = delivery_create(order=order, actor=assistant, quantities={oven_line.pk: "3"})

    order.refresh_from_db()
    oven.refresh_from_db()
    assert order.status == OrderStatus.PARTIALLY_DELIVERED and first.number.startswith("D")
    assert (oven.on_hand, oven.reserved) == (7, 1)
    text = pdf_text(OutboxMessage.objects.get(subject__contains=first.number).attachments.first().file.read())
    assert "Leveringsbon" in text and "Voorverwarmen op 180 °C." in text  # usage instructions in Dutch

    second = delivery_create(order=order, actor=assistant, quantities={oven_line.pk: "1", service_line.pk: "1"})

    order.refresh_from_db()
    oven.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED and second.number != first.number
    assert (oven.on_hand, oven.reserved) == (6, 0)
    assert [d.quantity_remaining for d in first.lines.all()] == [1]


def test_a_delivery_cannot_exceed_what_is_open_or_in_stock(customer, assistant, oven):
    order = _order(customer, assistant, (oven, "12"))
    order_confirm(order=order, actor=assistant)
    line = order.lines.get()

    with pytest.raises(ValidationError) as error:
        delivery_create(order=order, actor=assistant, quantities={line.pk: "11"})
    assert "at most 10 can be delivered now" in str(error.value)
    with pytest.raises(DomainError, match="at least one line"):
        delivery_create(order=order, actor=assistant, quantities={line.pk: "0"})
    oven.refresh_from_db()
    assert (oven.on_hand, oven.reserved, order.deliveries.count()) == (10, 10, 0)


def test_a_draft_order_cannot_be_delivered(customer, assistant, oven):
    order = _order(customer, assistant, (oven, "1"))

    with pytest.raises(DomainError, match="Only a confirmed order"):
        delivery_create(order=order, actor=assistant, quantities={order.lines.get().pk: "1"})


def test_a_supplier_order_for_backorders_dates_them_and_its_receipt_serves_them(customer, assistant, oven):
    order = _order(customer, assistant, (oven, "13"))
    order_confirm(order=order, actor=assistant)
    assert backorders_to_purchase() == {"Unox Benelux": [{"product": oven, "quantity": 3}]}
    expected = timezone.localdate() + datetime.timedelta(days=7)

    supplier_order = supplier_order_create(supplier="Unox Benelux", actor=assistant, lines=[(oven, "5")],
                                           expected_on=expected)  # fmt: skip

    assert supplier_order.number.startswith("P") and backorders_to_purchase() == {}
    assert order.lines.get().expected_on == expected
    line = supplier_order.lines.get()

    supplier_order_receive(supplier_order=supplier_order, actor=assistant, quantities={line.pk: "2"})
    assert supplier_order.status == "partially_received"
    assert order.lines.get().quantity_reserved == 12
    supplier_order_receive(supplier_order=supplier_order, actor=assistant, quantities={line.pk: "3"})

    oven.refresh_from_db()
    order_line = order.lines.get()
    assert (order_line.quantity_reserved, order_line.quantity_backordered, order_line.expected_on) == (13, 0, None)
    assert (oven.on_hand, oven.reserved, oven.available_now) == (15, 13, 2)
    assert not oven.incoming.filter(received=False).exists()
    with pytest.raises(DomainError):
        supplier_order_receive(supplier_order=supplier_order, actor=assistant, quantities={line.pk: "1"})


def test_order_confirmation_pdf_in_french_for_a_french_speaking_customer(assistant, oven, company_settings):
    company = CompanyFactory(name="Boulangerie Dupont", language="fr", vat_number="BE0417497106",
                             email="info@dupont.be", city="Namur")  # fmt: skip
    ContactFactory(company=company, email="marie@dupont.be", language="fr")
    order = _order(company, assistant, (oven, "11"))
    order_confirm(order=order, actor=assistant)

    from sales.services.documents import order_confirmation_pdf

    text = pdf_text(order_confirmation_pdf(order))
    assert "Confirmation de commande" in text and order.number in text
    assert "Four à air chaud 60 l" in text and "1 attendu(s) le" in text
    assert "Total TVAC" in text


def test_only_products_in_the_catalog_can_be_ordered_while_active(customer, assistant, oven):
    Product.objects.filter(pk=oven.pk).update(is_active=False)
    oven.refresh_from_db()
    order = order_create(company=customer, actor=assistant)

    with pytest.raises(DomainError, match="no longer sold"):
        document_line_save(document=order, actor=assistant, product=oven, quantity="1")


def test_a_delay_on_a_backorder_is_mailed_to_the_customer(
    customer, assistant, oven, django_capture_on_commit_callbacks
):
    from sales.services.orders import order_line_reschedule

    order = _order(customer, assistant, (oven, "12"))
    order_confirm(order=order, actor=assistant)
    line = order.lines.get()
    later = line.expected_on + datetime.timedelta(days=10)

    with django_capture_on_commit_callbacks(execute=True):
        order_line_reschedule(line=line, expected_on=line.expected_on - datetime.timedelta(days=1), actor=assistant)
    assert OutboxMessage.objects.count() == 1  # earlier: no news to send
    with django_capture_on_commit_callbacks(execute=True):
        order_line_reschedule(line=line, expected_on=later, actor=assistant)

    update = OutboxMessage.objects.order_by("-pk").first()
    assert OutboxMessage.objects.count() == 2 and order.number in update.subject
    assert later.strftime("%d/%m/%Y") in update.body and "2 × Heteluchtoven 60 l" in update.body
