"""The main pages on a desk screen in Dutch and on a phone in French: no sideways scrolling on the phone, no serious
or critical accessibility violation (axe-core) on either; the shell by keyboard and the menu button on a phone."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from complaints.services import complaint_register
from orderdesk.demo import seed_company
from portal.services import portal_link_send, portal_token
from sales.services.deliveries import delivery_create
from sales.services.documents import quote_link_token
from sales.services.invoicing import invoice_draft_for_order, invoice_issue
from sales.services.lines import document_line_save
from sales.services.orders import order_confirm, order_create
from sales.services.quotes import quote_create, quote_send
from tests.browser.conftest import (
    accessibility_violations,
    assert_no_horizontal_scroll,
    horizontal_overflow,
    log_in,
    switch_language,
)
from tests.factories import CompanyFactory, ContactFactory, ProductFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("complaint_defaults")]

DESK = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def the_main_pages(manager, *, language: str) -> dict[str, str]:
    """One customer with a document of each kind, by a manager (who sees every page); page name -> path."""
    seed_company()
    customer = CompanyFactory(name="Boulangerie Dubois & Fils", language=language, vat_number="BE0417497106",
                              email="info@dubois.be", credit_limit=Decimal("50000"), owner=manager)  # fmt: skip
    contact = ContactFactory(company=customer, first_name="Claire", last_name="Dubois", email="claire@dubois.be",
                             language=language)  # fmt: skip
    oven = ProductFactory(sku="OVEN-60", name_fr="Four à air chaud 60 l", name_nl="Heteluchtoven 60 l",
                          list_price="1200.00", cost_price="800.00", on_hand=10, warranty_months=24)  # fmt: skip
    mixer = ProductFactory(sku="MIX-20", name_fr="Pétrin 20 l", name_nl="Kneedmachine 20 l", list_price="900.00",
                           cost_price="600.00", on_hand=0, supplier_lead_days=21)  # fmt: skip
    quote = quote_create(company=customer, actor=manager, contact=contact)
    document_line_save(document=quote, actor=manager, product=oven, quantity="1")
    document_line_save(document=quote, actor=manager, product=mixer, quantity="2")
    quote = quote_send(quote=quote, actor=manager)
    order = order_create(company=customer, contact=contact, actor=manager)
    document_line_save(document=order, actor=manager, product=oven, quantity="2")
    order_confirm(order=order, actor=manager)
    note = delivery_create(order=order, actor=manager, quantities={order.lines.get().pk: "2"},
                           shipped_on=timezone.localdate())  # fmt: skip
    draft = invoice_draft_for_order(order=order, actor=manager)
    invoice = invoice_issue(invoice=draft, actor=manager, today=timezone.localdate() - datetime.timedelta(days=45))
    complaint_register(company=customer, actor=manager, category="damaged", severity="normal", contact=contact,
                       description="La porte d'un des fours est cabossée.",
                       delivery_lines={note.lines.get().pk: "1"})  # fmt: skip
    access = portal_link_send(contact=contact, actor=manager)
    return {
        "My desk": reverse("desk:desk"),
        "customer list": reverse("customers:company-list"),
        "customer file": reverse("customers:company-detail", args=[customer.pk]),
        "product list": reverse("sales:catalog"),
        "product page": reverse("sales:product-detail", args=[oven.pk]),
        "quote list": reverse("sales:quote-list"),
        "quote": reverse("sales:quote-detail", args=[quote.pk]),
        "order": reverse("sales:order-detail", args=[order.pk]),
        "invoice list": reverse("sales:invoice-list"),
        "invoice": reverse("sales:invoice-detail", args=[invoice.pk]),
        "bank statements": reverse("sales:bank"),
        "receivables": reverse("sales:receivables"),
        "complaints list": reverse("complaints:complaint-list"),
        "dashboard": reverse("desk:dashboard"),
        "public quote link": reverse("quote-public", args=[quote_link_token(quote)]),
        "portal": reverse("portal:home", args=[portal_token(access)]),
        "quote in the portal": reverse("portal:quote", args=[portal_token(access), quote.pk]),
    }


def walk(page: Page, live_server, pages: dict[str, str]) -> None:
    """Open every page; report every problem of every page at once, each under the page's name."""
    problems = []
    for name, path in pages.items():
        if name == "public quote link":
            page.context.clear_cookies()  # the customer's pages, as the customer sees them: nobody signed in
        response = page.goto(live_server.url + path)
        if response.status != 200:
            problems.append(f"{name} ({path}): HTTP {response.status}")
            continue
        if name == "dashboard":
            page.wait_for_function("() => window.Chart && Chart.getChart('aging-chart')")
            for chart, least in (("sales-chart", 250), ("aging-chart", 200)):
                height = page.locator(f"#{chart}").bounding_box()["height"]
                if height < least:
                    problems.append(f"{name}: the chart #{chart} is squeezed to {height:.0f} px high")
        if overflow := horizontal_overflow(page):
            problems.append(f"{name} ({path}) scrolls sideways: {overflow}")
        problems += [f"{name} ({path}): {violation}" for violation in accessibility_violations(page)]
    assert not problems, "\n".join(problems)


def test_the_main_pages_on_a_desk_screen_in_dutch(page: Page, live_server, make_user, page_errors):
    manager = make_user("Manager", language="nl")
    pages = the_main_pages(manager, language="nl")
    page.set_viewport_size(DESK)
    log_in(page, live_server, manager)
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    walk(page, live_server, pages)
    assert not page_errors


def test_the_main_pages_on_a_phone_in_french(page: Page, live_server, make_user, page_errors):
    manager = make_user("Manager", language="fr")
    pages = the_main_pages(manager, language="fr")
    page.set_viewport_size(PHONE)
    log_in(page, live_server, manager)
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    walk(page, live_server, pages)
    assert not page_errors


def test_the_shell_by_keyboard_and_on_a_phone(page: Page, live_server, make_user, page_errors):
    assistant = make_user("Assistant", language="nl")
    first = CompanyFactory(name="Bakkerij Peeters", owner=assistant)
    second = CompanyFactory(name="Bakkerij Janssens", owner=assistant)
    log_in(page, live_server, assistant)
    search = page.locator("#global-search")

    # The first Tab reaches the skip link, shown now; Enter puts the focus on the page's content.
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    assert skip.bounding_box()["width"] > 10, "the skip link stays hidden when focused"
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()

    # "/" from anywhere goes to the global search, without typing the slash; arrows walk the results, Enter opens one.
    page.keyboard.press("/")
    expect(search).to_be_focused()
    expect(search).to_have_value("")
    page.keyboard.type("Bakkerij")
    results = page.locator("#search-results a[href*='/customers/']")
    expect(results).to_have_count(2)
    page.keyboard.press("ArrowDown")
    expect(results.nth(0)).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(results.nth(1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(search).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    chosen = results.nth(1).get_attribute("href")
    assert chosen in (reverse("customers:company-detail", args=[pk]) for pk in (first.pk, second.pk))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == live_server.url + chosen

    # A page's own search box keeps its slashes.
    page.goto(live_server.url + reverse("customers:company-list"))
    own = page.locator("#id_q")
    own.click()
    page.keyboard.type("12/3")
    expect(own).to_have_value("12/3")
    expect(own).to_be_focused()
    expect(search).to_have_value("")

    # On a phone the navigation hides behind the menu button; search, language and the user menu still work.
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse("desk:desk"))
    customers_link = page.locator("#sidebar a.nav-link", has_text="Klanten")
    expect(customers_link).to_be_hidden()
    assert_no_horizontal_scroll(page)
    page.locator("#menu-button").click()
    expect(customers_link).to_be_visible()
    with page.expect_navigation():
        customers_link.click()
    assert page.url == live_server.url + reverse("customers:company-list")
    expect(customers_link).to_be_hidden()
    search.fill("Peeters")
    expect(page.locator("#search-results a", has_text="Bakkerij Peeters")).to_be_visible()
    page.keyboard.press("Escape")
    page.locator("#user-menu").click()
    expect(page.locator("#user-menu + .dropdown-menu")).to_be_visible()
    page.keyboard.press("Escape")
    switch_language(page, "fr")
    assert page.url == live_server.url + reverse("customers:company-list")
    assert not page_errors
