"""The approvals page: a manager releases an order held for credit in place, and stays on the page."""

import pytest
from django.urls import reverse
from django.utils import translation

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
    # Kept as data: a French-speaking manager reads why in French.
    with translation.override("fr"):
        assert order.hold_reasons_shown == ["Crédit en attente\u00a0: Betaalt traag"]

    client.force_login(manager)
    page = client.get(reverse("desk:approval-list")).content.decode()
    assert f'id="release-{order.pk}"' in page
    response = client.post(reverse("sales:order-action", args=[order.pk, "release"]),
                           {"reason": "Betaling beloofd", "next": reverse("desk:approval-list")})  # fmt: skip
    assert response.url == reverse("desk:approval-list")
    order.refresh_from_db()
    assert order.status == OrderStatus.CONFIRMED


def test_a_manager_decides_credit_line_requests_in_place(client, manager, assistant, customer):
    from decimal import Decimal

    from customers.models import CreditRequest
    from customers.services.credit import credit_request_create

    other = customer.__class__.objects.create(name="Slagerij Dewitte", kind="customer")
    raise_it = credit_request_create(company=customer, requested_limit=Decimal("75000"), reason="Grote werf",
                                     actor=assistant)  # fmt: skip
    refuse_it = credit_request_create(company=other, requested_limit=Decimal("9000"), reason="Nieuwe winkel",
                                      actor=assistant)  # fmt: skip
    client.force_login(manager)
    approvals = reverse("desk:approval-list")
    page = client.get(approvals).content.decode()
    assert f'id="credit-request-{raise_it.pk}"' in page and "Grote werf" in page

    decide = "customers:credit-request-decide"
    approved = client.post(reverse(decide, args=[raise_it.pk]), {"decision": "approve", "next": approvals})
    assert approved.url == approvals
    customer.refresh_from_db()
    assert customer.credit_limit == Decimal("75000")
    # Refusing needs a note: the manager is told so, and nothing is decided.
    missing = client.post(reverse(decide, args=[refuse_it.pk]), {"decision": "refuse", "next": approvals})
    assert missing.status_code == 400 and CreditRequest.objects.get(pk=refuse_it.pk).status == "requested"
    refused = client.post(reverse(decide, args=[refuse_it.pk]),
                          {"decision": "refuse", "note": "Eerst 3 maanden betalen", "next": approvals})  # fmt: skip
    assert refused.url == approvals
    assert CreditRequest.objects.get(pk=refuse_it.pk).decision_note == "Eerst 3 maanden betalen"
