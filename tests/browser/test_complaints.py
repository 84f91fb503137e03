"""A complaint in French, in a browser: registered on a delivered line while the customer is on the phone, the
warranty says covered, a partial credit note proposed and accepted, issued, and the complaint closed."""

from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from complaints.models import Complaint
from orderdesk.demo import seed_company
from sales.services.deliveries import delivery_create
from sales.services.invoicing import invoice_draft_for_order, invoice_issue
from sales.services.lines import document_line_save
from sales.services.orders import order_confirm, order_create
from sales.states import InvoiceStatus
from tests.browser.conftest import README_SHOTS, log_in
from tests.factories import CompanyFactory, ContactFactory, ProductFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("complaint_defaults")]


def test_complaint_to_credit_note_in_french(page: Page, live_server, make_user, page_errors):
    seed_company()
    assistant = make_user("Assistant", language="fr")
    customer = CompanyFactory(name="Boulangerie Dubois", language="fr", vat_number="BE0417497106",
                              email="info@dubois.be", credit_limit=Decimal("50000"))  # fmt: skip
    ContactFactory(company=customer, first_name="Claire", last_name="Dubois", email="claire@dubois.be")
    oven = ProductFactory(sku="OVEN-60", name_fr="Four à air chaud 60 l", name_nl="Heteluchtoven 60 l",
                          list_price="1200.00", cost_price="800.00", on_hand=10, warranty_months=24)  # fmt: skip
    order = order_create(company=customer, contact=customer.contacts.get(), actor=assistant)
    document_line_save(document=order, actor=assistant, product=oven, quantity="2")
    order_confirm(order=order, actor=assistant)
    note = delivery_create(order=order, actor=assistant, quantities={order.lines.get().pk: "2"},
                           shipped_on=timezone.localdate())  # fmt: skip
    invoice = invoice_issue(invoice=invoice_draft_for_order(order=order, actor=assistant), actor=assistant)
    log_in(page, live_server, assistant)

    # On the phone: from the customer file, register on the delivered line.
    page.goto(f"{live_server.url}/customers/{customer.pk}/")
    page.locator("#register-complaint-link").click()
    page.locator("#id_category").select_option("damaged")
    page.locator("#id_description").fill("La porte d'un des deux fours est cabossée à la livraison.")
    page.locator(f"input[name=delivery_{note.lines.get().pk}]").fill("1")
    page.locator("#register-complaint").click()
    complaint = Complaint.objects.get()
    expect(page.locator("h1")).to_have_text(f"Réclamation {complaint.number}")
    expect(page.locator("#warranty")).to_contain_text("Sous garantie jusqu'au")

    # Assess: justified, transport.
    assess = page.locator("#assess")
    assess.locator("#id_justified").select_option("yes")
    assess.locator("#id_justification").fill("Photos du chauffeur : porte enfoncée.")
    assess.locator("#id_root_cause").select_option(label="Transport")
    page.locator("#save-assessment").click()

    # Propose a partial credit note: 150 € excl. VAT on one oven.
    propose = page.locator("#propose")
    propose.locator("#id_procedure").select_option("credit_note")
    propose.locator("#id_proposal").fill("Une note de crédit de 150 € ; vous gardez le four.")
    propose.locator("#id_credit_amount").fill("150,00")
    page.locator("#propose-solution").click()
    expect(page.locator("#complaint-status")).to_contain_text("Solution proposée")

    # The customer accepts: the credit note is issued at once and linked.
    page.locator("#answer-note").fill("D'accord par téléphone.")
    page.locator("#customer-accepts").click()
    complaint.refresh_from_db()
    credit_note = complaint.credit_note
    expect(page.locator(".alert-success")).to_contain_text(credit_note.number)
    expect(page.locator("#credit-note-link")).to_have_text(credit_note.number)
    # Set off against the open invoice: nothing to pay back.
    assert (credit_note.status, credit_note.total) == (InvoiceStatus.CREDITED, Decimal("181.50"))
    invoice.refresh_from_db()
    assert invoice.amount_credited == Decimal("181.50") and invoice.disputed
    page.screenshot(path=README_SHOTS / "complaint-fr.png", full_page=True)

    # Close with the outcome and the customer's satisfaction: the invoice is no longer disputed.
    close = page.locator("#close")
    close.locator("#id_outcome").fill("Note de crédit acceptée, cliente satisfaite.")
    close.locator("#id_satisfaction").select_option("4")
    page.locator("#close-complaint").click()
    expect(page.locator("#complaint-status")).to_contain_text("Clôturée")
    invoice.refresh_from_db()
    assert not invoice.disputed
    assert not page_errors
