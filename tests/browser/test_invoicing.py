"""From the delivery to the credit note in a browser: deliver, invoice, issue, find the e-mail with the PDF and
the e-invoice in the outbox, and credit one of the delivered items."""

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from orderdesk.demo import seed_company
from sales.models import Invoice
from sales.services.lines import document_line_save
from sales.services.orders import order_confirm, order_create
from tests.browser.conftest import README_SHOTS, log_in
from tests.factories import CompanyFactory, ContactFactory, ProductFactory
from tests.peppol_standin import API_KEY, AccessPointStandIn

pytestmark = pytest.mark.browser


@pytest.fixture
def access_point(settings):
    """The e-invoice.be SDK, unmodified, against the stand-in access point on 127.0.0.1."""
    standin = AccessPointStandIn().start()
    settings.PEPPOL_BACKEND = "sales.access_points.EInvoiceBackend"
    settings.E_INVOICE_API_KEY, settings.E_INVOICE_BASE_URL = API_KEY, standin.url
    standin.register("0208:0417497106", "Bakkerij Peeters")
    yield standin
    standin.stop()


def test_deliver_invoice_issue_and_credit_part(page: Page, live_server, make_user, page_errors, access_point):
    from sales.services.peppol_delivery import peppol_poll

    seed_company()
    assistant = make_user("Assistant", language="en")
    customer = CompanyFactory(name="Bakkerij Peeters", vat_number="BE0417497106", enterprise_number="0417497106",
                              email="info@peeters.be", invoice_email="boekhouding@peeters.be",
                              credit_limit=Decimal("50000"))  # fmt: skip
    ContactFactory(company=customer, first_name="Jan", last_name="Peeters", email="jan@peeters.be")
    oven = ProductFactory(sku="OVEN-60", name_nl="Heteluchtoven 60 l", list_price="1200.00", cost_price="800.00",
                          on_hand=10)  # fmt: skip
    order = order_create(company=customer, contact=customer.contacts.get(), actor=assistant,
                         customer_reference="PO-2026-117")  # fmt: skip
    document_line_save(document=order, actor=assistant, product=oven, quantity="2")
    order_confirm(order=order, actor=assistant)
    log_in(page, live_server, assistant)

    # Deliver the two ovens.
    page.goto(f"{live_server.url}/orders/{order.pk}/")
    page.locator("#deliver-order").click()
    page.locator("input[name^=line-]").fill("2")
    page.locator("#make-delivery").click()
    expect(page.locator(".title-bar .badge").first).to_have_text("Delivered")

    # Invoice: a draft with the delivered lines, checked, then issued.
    page.locator("#invoice-order").click()
    expect(page.locator("h1")).to_contain_text("Draft invoice")
    expect(page.locator("#total")).to_have_text("2.904,00\xa0€")
    page.locator("#issue-invoice").click()
    page.locator("#issue-invoice-dialog-confirm").click()
    expect(page.locator(".title-bar .badge").first).to_have_text("Issued")
    invoice = Invoice.objects.get()
    expect(page.locator("h1")).to_have_text(f"Invoice {invoice.number}")
    expect(page.locator("#ogm")).to_have_text(invoice.structured_reference_display)
    page.screenshot(path=README_SHOTS / "invoice-en.png")

    # Sent over Peppol by the worker once issued; the access point then reports the delivery and the customer's
    # Invoice Response, read by the periodic poll: the invoice shows its timeline.
    assert access_point.distinct_documents == 1
    access_point.add_event("doc-1", "send_success")
    access_point.add_event("doc-1", "imr_received", response_code="AP")
    peppol_poll()
    page.reload()
    timeline = page.locator("#peppol-delivery")
    expect(timeline.locator("#peppol-response")).to_have_text("Accepted by the customer")
    expect(timeline.locator(".peppol-timeline li")).to_have_count(4)  # queued, sent, delivered, accepted
    timeline.scroll_into_view_if_needed()
    page.screenshot(path=README_SHOTS / "invoice-peppol-en.png")

    # The e-mail waits in the outbox with the PDF and the Peppol UBL file.
    page.get_by_role("link", name="Outbox").click()
    # The mail speaks the customer's language (Dutch): "Factuur F2026-000001 van Vandenbroucke Technics".
    page.get_by_role("link", name=f"Factuur {invoice.number}").first.click()
    expect(page.locator("main")).to_contain_text("boekhouding@peeters.be")
    expect(page.get_by_role("link", name=f"{invoice.number}.pdf")).to_be_visible()
    expect(page.get_by_role("link", name=f"{invoice.number}.xml")).to_be_visible()

    # One oven arrived dented: credit one of the two.
    page.goto(f"{live_server.url}/invoices/{invoice.pk}/")
    page.locator("#credit-invoice").click()
    page.get_by_label("Reason (printed on the credit note)").fill("One oven delivered with a dented door")
    page.get_by_label("Chosen lines and quantities").check()
    line = invoice.lines.get()
    page.locator(f"#quantity_{line.pk}").fill("3")  # more than was invoiced: refused, nothing lost
    page.locator("#create-credit-note").click()
    expect(page.locator(".alert-danger")).to_contain_text("between 0 and 2")
    expect(page.get_by_label("Reason (printed on the credit note)")).to_have_value(
        "One oven delivered with a dented door")  # fmt: skip
    page.locator(f"#quantity_{line.pk}").fill("1")
    page.locator("#create-credit-note").click()
    expect(page.locator("h1")).to_contain_text("Draft credit note")
    page.locator("#issue-invoice").click()
    page.locator("#issue-invoice-dialog-confirm").click()
    expect(page.locator(".title-bar .badge").first).to_have_text("Set off")  # against the open invoice
    expect(page.locator("#amount-open")).to_have_text("0,00\xa0€")  # nothing to refund
    note = Invoice.objects.get(kind=Invoice.Kind.CREDIT_NOTE)
    assert note.number.startswith("C") and note.total == Decimal("1452.00")

    page.get_by_role("link", name=f"on invoice {invoice.number}").click()
    expect(page.locator("#amount-open")).to_have_text("1.452,00\xa0€")
    expect(page.locator("main")).to_contain_text(note.number)
    assert page_errors == []
