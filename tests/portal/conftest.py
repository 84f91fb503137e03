"""A French-speaking customer with one of everything: a sent quote, a delivered order, an issued invoice."""

from decimal import Decimal

import pytest
from django.utils import timezone, translation

from orderdesk.demo import seed_company
from portal.models import PortalAccess
from sales.services.deliveries import delivery_create
from sales.services.invoicing import invoice_draft_for_order, invoice_issue
from sales.services.lines import document_line_save
from sales.services.orders import order_confirm, order_create
from sales.services.quotes import quote_create, quote_send
from tests.factories import CompanyFactory, ContactFactory, ProductFactory


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def world(db, assistant, complaint_defaults):
    """Everything a customer sees in their portal, and a second customer whose documents must stay out of it."""
    seed_company()
    customer = CompanyFactory(name="Boulangerie Dubois", language="fr", vat_number="BE0417497106",
                              email="info@dubois.be", credit_limit=Decimal("50000"), owner=assistant,
                              peppol_id="0208:0417497106")  # fmt: skip
    contact = ContactFactory(company=customer, first_name="Claire", last_name="Dubois", email="claire@dubois.be",
                             language="fr")  # fmt: skip
    oven = ProductFactory(sku="OVEN-60", name_fr="Four à air chaud 60 l", name_nl="Heteluchtoven 60 l",
                          list_price="1200.00", cost_price="800.00", on_hand=10, warranty_months=24)  # fmt: skip
    quote = quote_create(company=customer, actor=assistant, contact=contact)
    document_line_save(document=quote, actor=assistant, product=oven, quantity="1")
    quote.internal_notes = "Secret: margin target 40 %"
    quote.save()
    quote = quote_send(quote=quote, actor=assistant)
    order = order_create(company=customer, contact=contact, actor=assistant)
    document_line_save(document=order, actor=assistant, product=oven, quantity="2")
    order_confirm(order=order, actor=assistant)
    note = delivery_create(order=order, actor=assistant, quantities={order.lines.get().pk: "2"},
                           shipped_on=timezone.localdate())  # fmt: skip
    invoice = invoice_issue(invoice=invoice_draft_for_order(order=order, actor=assistant), actor=assistant)
    other = CompanyFactory(
        name="Autre Client",
        language="nl",
        credit_limit=Decimal("50000"),
        vat_number="BE0403170701",
        peppol_id="0208:0403170701",
    )
    other_contact = ContactFactory(company=other, first_name="Piet", last_name="Anders", email="piet@anders.be")
    other_order = order_create(company=other, contact=other_contact, actor=assistant)
    document_line_save(document=other_order, actor=assistant, product=oven, quantity="1")
    order_confirm(order=other_order, actor=assistant)
    other_note = delivery_create(order=other_order, actor=assistant, quantities={other_order.lines.get().pk: "1"},
                                 shipped_on=timezone.localdate())  # fmt: skip
    other_invoice = invoice_issue(invoice=invoice_draft_for_order(order=other_order, actor=assistant), actor=assistant)
    return {
        "customer": customer, "contact": contact, "oven": oven, "quote": quote, "order": order, "note": note,
        "invoice": invoice, "other": other, "other_contact": other_contact, "other_order": other_order,
        "other_note": other_note, "other_invoice": other_invoice,
    }  # fmt: skip


@pytest.fixture
def access(world, assistant) -> PortalAccess:
    from portal.services import portal_link_send

    return portal_link_send(contact=world["contact"], actor=assistant)
