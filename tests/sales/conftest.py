from decimal import Decimal

import pytest
from django.utils import translation

from orderdesk.demo import seed_company
from orderdesk.permissions import ASSISTANT, MANAGER
from sales.models import DiscountAuthority
from tests.factories import CompanyFactory, ContactFactory, ProductFactory


@pytest.fixture(autouse=True)
def _english_messages():
    # Service messages are asserted in English; documents choose their own language.
    with translation.override("en"):
        yield


@pytest.fixture
def company_settings(db):
    return seed_company()


@pytest.fixture
def discount_limits(db):
    DiscountAuthority.objects.create(role=ASSISTANT, max_discount_percent=10, min_margin_percent=15)
    DiscountAuthority.objects.create(role=MANAGER, max_discount_percent=30, min_margin_percent=5)


@pytest.fixture
def customer(db, company_settings):
    company = CompanyFactory(
        name="Bakkerij Peeters", vat_number="BE0417497106", email="info@bakkerij-peeters.be", credit_limit=50000
    )
    ContactFactory(company=company, first_name="Jan", last_name="Peeters", email="jan@bakkerij-peeters.be")
    return company


@pytest.fixture
def b2b_customer(customer):
    """The customer as a Belgian company on Peppol (enterprise number) with an address for invoices."""
    customer.enterprise_number = "0417497106"
    customer.invoice_email = "boekhouding@bakkerij-peeters.be"
    customer.save()
    return customer


@pytest.fixture
def contact(customer):
    return customer.contacts.get()


@pytest.fixture
def oven(db):
    return ProductFactory(
        sku="OVEN-60", name_nl="Heteluchtoven 60 l", name_fr="Four à air chaud 60 l", list_price=Decimal("1200.00"),
        cost_price=Decimal("800.00"), on_hand=Decimal("10"), supplier="Unox Benelux", supplier_lead_days=14,
        usage_nl="Voorverwarmen op 180 °C.", usage_fr="Préchauffer à 180 °C.",
    )  # fmt: skip


@pytest.fixture
def installation(db):
    return ProductFactory(
        sku="SRV-INST", name_nl="Installatie", name_fr="Installation", is_service=True, list_price=Decimal("95.00"),
        cost_price=Decimal("50.00"),
    )  # fmt: skip
