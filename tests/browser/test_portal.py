"""The customer's own page in French, in a browser: open the personal link, accept a quote, download an invoice PDF,
report a problem on a delivered line; then the assistant finds the complaint and the accepted quote on My desk."""

from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from complaints.models import Complaint
from orderdesk.demo import seed_company
from portal.models import PortalPhoto
from portal.services import portal_link_send, portal_token
from sales.services.deliveries import delivery_create
from sales.services.invoicing import invoice_draft_for_order, invoice_issue
from sales.services.lines import document_line_save
from sales.services.orders import order_confirm, order_create
from sales.services.quotes import quote_create, quote_send
from sales.states import QuoteStatus
from tests.browser.conftest import README_SHOTS, log_in
from tests.factories import CompanyFactory, ContactFactory, ProductFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("complaint_defaults")]

PHONE = {"width": 390, "height": 844}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_the_customer_portal_in_french(page: Page, live_server, make_user, page_errors):
    seed_company()
    assistant = make_user("Assistant", language="fr")
    customer = CompanyFactory(name="Boulangerie Dubois", language="fr", vat_number="BE0417497106",
                              peppol_id="0208:0417497106", email="info@dubois.be", credit_limit=Decimal("50000"),
                              owner=assistant)  # fmt: skip
    contact = ContactFactory(company=customer, first_name="Claire", last_name="Dubois", email="claire@dubois.be",
                             language="fr")  # fmt: skip
    oven = ProductFactory(sku="OVEN-60", name_fr="Four à air chaud 60 l", name_nl="Heteluchtoven 60 l",
                          list_price="1200.00", cost_price="800.00", on_hand=10, warranty_months=24)  # fmt: skip
    mixer = ProductFactory(sku="MIX-20", name_fr="Pétrin 20 l", name_nl="Kneedmachine 20 l", list_price="900.00",
                           cost_price="600.00", on_hand=0, supplier_lead_days=21)  # fmt: skip
    quote = quote_create(company=customer, actor=assistant, contact=contact)
    document_line_save(document=quote, actor=assistant, product=oven, quantity="1")
    document_line_save(document=quote, actor=assistant, product=mixer, quantity="1")
    quote = quote_send(quote=quote, actor=assistant)
    order = order_create(company=customer, contact=contact, actor=assistant)
    document_line_save(document=order, actor=assistant, product=oven, quantity="2")
    order_confirm(order=order, actor=assistant)
    note = delivery_create(order=order, actor=assistant, quantities={order.lines.get().pk: "2"},
                           shipped_on=timezone.localdate())  # fmt: skip
    invoice = invoice_issue(invoice=invoice_draft_for_order(order=order, actor=assistant), actor=assistant)
    access = portal_link_send(contact=contact, actor=assistant)

    # The customer opens the link from the mail, on a phone: their page, in French, with our name on top.
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/portal/{portal_token(access)}/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("#portal-title")).to_have_text("Bienvenue, Claire")
    expect(page.locator("#supplier-name")).to_have_text("Vandenbroucke Technics")
    expect(page.locator("#contact-person")).to_contain_text("Votre personne de contact")
    expect(page.locator("#statement-qr")).to_be_visible()
    page.screenshot(path=README_SHOTS / "portal-fr-phone.png", full_page=True)

    # Accept the quote, with a name and a PO reference; the expected date shows per line.
    page.locator(".portal-quote").first.click()
    expect(page.locator("h1")).to_have_text(f"Offre {quote.number}")
    expect(page.locator("td.expected").nth(0)).to_have_text("disponible maintenant")
    expect(page.locator("td.expected").nth(1)).to_contain_text("21 jours")
    page.locator("#accept-reference").fill("BC-2026-17")
    page.locator("#accept-quote").click()
    expect(page.locator("#quote-answered")).to_contain_text("Merci")
    quote.refresh_from_db()
    assert (quote.status, quote.accepted_by_name, quote.customer_reference) == (
        QuoteStatus.ACCEPTED, "Claire Dubois", "BC-2026-17")  # fmt: skip

    # Download the invoice's PDF.
    page.locator("text=Retour à votre page").click()
    with page.expect_download() as download_info:
        page.locator(".invoice-pdf").first.click()
    download = download_info.value
    assert download.suggested_filename == f"{invoice.number}.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    # Report a problem on the delivered line, with a photo.
    page.locator(".report-problem").first.click()
    page.locator("#problem-category").select_option("damaged")
    page.locator("#problem-quantity").fill("1")
    page.locator("#problem-description").fill("La porte d'un des deux fours est cabossée.")
    page.locator("#problem-photos").set_input_files([{"name": "porte.png", "mimeType": "image/png", "buffer": PNG}])
    page.locator("#send-problem").click()
    expect(page.locator("#portal-done")).to_contain_text("Merci")
    complaint = Complaint.objects.get()
    assert complaint.lines.get().delivery_line == note.lines.get() and complaint.assignee == assistant
    assert PortalPhoto.objects.count() == 1

    # The assistant finds both on My desk: the usual queues, and what came from the portal.
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, live_server, assistant)
    card = page.locator("#portal-desk-card")
    expect(card).to_contain_text("Depuis le portail client")
    expect(card).to_contain_text(complaint.number)
    expect(card).to_contain_text(quote.number)
    expect(page.locator("section[aria-label='Offres acceptées à convertir en commandes']")).to_contain_text(
        quote.number
    )
    page.screenshot(path=README_SHOTS / "portal-desk-fr.png", full_page=True)
    card.locator(f"text={complaint.number}").click()
    expect(page.locator("h1")).to_have_text(f"Réclamation {complaint.number}")
    expect(page.locator("#complaint-from-portal")).to_contain_text("porte.png")
    # The customer file shows when the portal was last used.
    page.goto(f"{live_server.url}/customers/{customer.pk}/")
    expect(page.locator("#portal-last-used")).to_contain_text("Dernière utilisation le")
    page.locator("#portal-section").screenshot(path=README_SHOTS / "portal-customer-file-fr.png")
    assert page_errors == []
