"""The whole chain in a browser: a price request on the phone, a quote with a discount a manager must approve,
the customer accepting through the link in the e-mail, the order, its confirmation and two partial deliveries."""

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from orderdesk.demo import seed_company
from orderdesk.models import OutboxMessage
from orderdesk.permissions import ASSISTANT, MANAGER
from sales.models import DiscountAuthority, Order
from tests.browser.conftest import PASSWORD, README_SHOTS, log_in
from tests.factories import CompanyFactory, ContactFactory, ProductFactory

pytestmark = pytest.mark.browser


def _sign_in(browser, live_server, user) -> Page:
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("form:has(input[name=username]) button[type=submit]").click()
    return page


def test_price_request_to_two_partial_deliveries(page: Page, live_server, make_user, page_errors):
    seed_company()
    DiscountAuthority.objects.create(role=ASSISTANT, max_discount_percent=10, min_margin_percent=15)
    DiscountAuthority.objects.create(role=MANAGER, max_discount_percent=30, min_margin_percent=5)
    assistant = make_user("Assistant", language="en")
    manager = make_user("Manager", language="en")
    customer = CompanyFactory(name="Bakkerij Peeters", vat_number="BE0417497106", email="info@peeters.be",
                              credit_limit=Decimal("50000"))  # fmt: skip
    ContactFactory(company=customer, first_name="Jan", last_name="Peeters", email="jan@peeters.be")
    ProductFactory(sku="OVEN-60", name_nl="Heteluchtoven 60 l", name_en="Convection oven 60 l", list_price="1200.00",
                   cost_price="800.00", on_hand=10)  # fmt: skip
    log_in(page, live_server, assistant)

    # On the phone: the customer wants two ovens and a better price.
    page.get_by_role("link", name="Customers").click()
    page.get_by_role("link", name="Bakkerij Peeters").click()
    page.get_by_role("link", name="Price request").click()
    page.get_by_label("What they need").fill("Two ovens for the new shop, asks for 15 % off")
    page.get_by_label("Quantity").fill("2")
    page.get_by_role("button", name="Save and make a quote").click()
    expect(page.locator("h1")).to_contain_text("Draft quote")

    add = page.locator("form:has(#add-product)")
    add.locator("#add-product").fill("OVEN-60")
    # The suggestions come as you type; the live server shares one SQLite connection, so let them arrive first.
    expect(page.locator("#product-suggestions option")).to_have_count(1)
    add.locator("#add-quantity").fill("2")
    add.locator("#add-discount_percent").fill("15")
    add.get_by_role("button", name="Add").click()
    # 2 × 1.200,00 − 15 % = 2.040,00: the totals follow without a page load, the warning comes before sending.
    expect(page.locator("#total-net")).to_have_text("2.040,00\xa0€")
    expect(page.locator("#document-lines")).to_contain_text("above the 10 % allowed without a manager")
    README_SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=README_SHOTS / "quote-en.png")
    page.locator("#send-quote").click()
    expect(page.locator("#send-quote-dialog")).to_contain_text("manager's approval")  # nothing leaves yet
    page.locator("#send-quote-dialog-confirm").click()
    expect(page.locator(".title-bar .badge").first).to_have_text("Awaiting approval")

    # The manager approves between two meetings.
    boss = _sign_in(page.context.browser, live_server, manager)
    boss.get_by_role("link", name="Approvals").click()
    boss.locator("main").get_by_role("link", name="Draft quote").click()
    boss.locator("#approval-comment").fill("Good customer: OK for 15 % this once.")
    boss.locator("#approve-quote").click()
    expect(boss.locator(".title-bar .badge").first).to_have_text("Approved")

    page.reload()
    page.locator("#send-quote").click()
    page.locator("#send-quote-dialog-confirm").click()
    expect(page.locator(".title-bar .badge").first).to_have_text("Sent")
    link = page.locator("#customer-link").get_attribute("href")
    mail = OutboxMessage.objects.get()  # the quote, with the PDF and the link
    assert link.replace("http://127.0.0.1:8000", "") in mail.body

    # The customer opens the link from the e-mail (in Dutch, their language) and accepts.
    visitor = page.context.browser.new_context().new_page()
    visitor.goto(live_server.url + link.replace("http://127.0.0.1:8000", ""))
    expect(visitor.locator("html")).to_have_attribute("lang", "nl")
    expect(visitor.locator("#quote-total")).to_have_text("2.468,40\xa0€")
    visitor.locator("#accept-name").fill("Jan Peeters")
    visitor.locator("#accept-reference").fill("PO-2026-117")
    visitor.locator("button[name=answer][value=accept]").click()
    expect(visitor.locator(".alert-success")).to_be_visible()

    # Back at the desk: order, checks, confirmation, two deliveries.
    page.reload()
    page.locator("#convert-to-order").click()
    expect(page.locator("#checklist-heading")).to_be_visible()
    page.locator("#confirm-order").click()
    page.locator("#confirm-order-dialog-confirm").click()
    expect(page.locator(".title-bar .badge").first).to_have_text("Confirmed")
    order = Order.objects.get()
    assert order.customer_reference == "PO-2026-117" and order.lines.get().quantity_reserved == 2

    for quantity, status in (("1", "Partially delivered"), ("1", "Delivered")):
        page.locator("#deliver-order").click()
        page.locator("input[name^=line-]").fill(quantity)
        page.locator("#make-delivery").click()
        expect(page.locator(".title-bar .badge").first).to_have_text(status)
    expect(page.locator("main")).to_contain_text(order.deliveries.first().number)
    page.screenshot(path=README_SHOTS / "order-en.png")
    assert order.deliveries.count() == 2
    assert page_errors == []
