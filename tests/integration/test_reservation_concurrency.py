"""Two confirmations for the last units, at the same moment, on PostgreSQL: the product row lock lets one take
what it needs and the other gets the rest; the stock is never promised twice."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from orderdesk.demo import seed_company
from orderdesk.permissions import ASSISTANT
from sales.models import Order, OrderLine, Product
from sales.services.lines import document_line_save
from sales.services.orders import order_confirm, order_create
from sales.states import OrderStatus
from tests.factories import CompanyFactory, ContactFactory, ProductFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def colleague(db):
    return UserFactory(username="sophie.assistante", first_name="Sophie", language="fr", role=ASSISTANT)


@pytest.fixture
def last_compressors(db):
    return ProductFactory(
        sku="CMP-LAST", name_nl="Compressor 50 l", list_price=Decimal("489.00"), cost_price=Decimal("376.53"),
        on_hand=Decimal("5"), supplier="Abac Italia S.p.A.", supplier_lead_days=10,
    )  # fmt: skip


def _draft_order(name: str, vat_number: str, actor, product: Product, quantity: str, number: str) -> Order:
    company = CompanyFactory(name=name, vat_number=vat_number, email=f"info@{name.split()[0].lower()}.be")
    ContactFactory(company=company)
    order = order_create(company=company, contact=company.contacts.get(), actor=actor)
    document_line_save(document=order, actor=actor, product=product, quantity=quantity)
    # Numbered beforehand, so the two confirmations do not queue on the order counter: only the lock on the
    # product row keeps them from both taking the same units.
    Order.objects.filter(pk=order.pk).update(number=number)
    return order


def test_two_confirmations_for_the_last_five_units_reserve_five_and_backorder_the_rest(
    assistant, colleague, last_compressors
):
    seed_company()
    orders = [
        (_draft_order("Garage Peeters", "BE0417497106", assistant, last_compressors, "4", "O2026-000901"), assistant),
        (_draft_order("Garage Dubois", "BE0456789034", colleague, last_compressors, "3", "O2026-000902"), colleague),
    ]
    errors: list[BaseException] = []
    start = threading.Barrier(len(orders))

    def confirm(order_id: int, actor) -> None:
        try:
            order = Order.objects.get(pk=order_id)
            start.wait()
            order_confirm(order=order, actor=actor)
        except BaseException as error:  # surfaced in the main thread below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm, args=(order.pk, actor)) for order, actor in orders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert set(Order.objects.values_list("status", flat=True)) == {OrderStatus.CONFIRMED}
    last_compressors.refresh_from_db()
    lines = sorted(OrderLine.objects.select_related("order"), key=lambda line: line.order.confirmed_at)
    assert sum(line.quantity_reserved for line in lines) == 5
    assert (last_compressors.on_hand, last_compressors.reserved, last_compressors.available_now) == (5, 5, 0)
    first, second = lines
    # Whoever locked the product first got all it asked for; the other got what was left and waits for the rest.
    assert (first.quantity_reserved, first.quantity_backordered, first.expected_on) == (first.quantity, 0, None)
    assert second.quantity_reserved == 5 - first.quantity
    assert second.quantity_backordered == first.quantity + second.quantity - 5 > 0
    assert second.expected_on is not None
