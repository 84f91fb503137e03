"""The approvals page: a manager releases an order held for credit in place, and stays on the page."""

import pytest
from django.urls import reverse

from customers.models import CreditStatus
from sales.services.lines import document_line_save
from sales.services.orders import order_confirm, order_create
from sales.states import OrderStatus

pytestmark = pytest.mark.django_db


def test_a_manager_releases_a_held_order_from_the_approvals_page(client, manager, assistant, customer, oven):
    customer.credit_status, customer.credit_status_reason = CreditStatus.ON_HOLD, "Betaalt traag"
    customer.save()
    order = order_create(company=customer, contact=customer.contacts.get(), actor=assistant)
    document_line_save(document=order, actor=assistant, product=oven, quantity="1")
    order = order_confirm(order=order, actor=assistant)
    assert order.status == OrderStatus.ON_HOLD

    client.force_login(manager)
    page = client.get(reverse("sales:approval-list")).content.decode()
    assert f'id="release-{order.pk}"' in page
    response = client.post(reverse("sales:order-action", args=[order.pk, "release"]),
                           {"reason": "Betaling beloofd", "next": reverse("sales:approval-list")})  # fmt: skip
    assert response.url == reverse("sales:approval-list")
    order.refresh_from_db()
    assert order.status == OrderStatus.CONFIRMED
