"""The browser side of the Content-Security-Policy: pages work under it, and a violation fails the test."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in, switch_language

pytestmark = pytest.mark.browser


def test_an_inline_script_is_refused_and_caught_by_the_fixture(page: Page, live_server, csp_violations):
    page.goto(live_server.url + reverse("login"))

    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.body.append(script);
            const box = document.createElement("div");
            box.setAttribute("style", "color: red");
            document.body.append(box);
        }"""
    )
    page.wait_for_timeout(200)

    assert page.evaluate("() => window.injected") is None  # the browser refused to run it
    assert any("script-src" in violation for violation in csp_violations), csp_violations
    assert any("style-src" in violation for violation in csp_violations), csp_violations
    csp_violations.clear()  # caught on purpose: the fixture would fail this test otherwise


def test_the_shell_runs_under_the_policy(page: Page, live_server, make_user, page_errors):
    user = make_user("Manager")
    log_in(page, live_server, user)

    switch_language(page, "fr")  # the switcher's script lives in app.js, not in an onchange attribute
    page.locator("#user-menu").click()
    expect(page.locator(f"a[href='{reverse('orderdesk:sign-in-locks')}']")).to_be_visible()
    page.goto(live_server.url + reverse("orderdesk:sign-in-locks"))
    expect(page.locator("h1")).to_have_text("Connexions bloquées")
    assert page_errors == []


def test_the_customers_quote_page_runs_under_the_policy(page: Page, live_server, make_user):
    from orderdesk.demo import seed_company
    from sales.services.documents import quote_link_token
    from sales.services.lines import document_line_save
    from sales.services.quotes import quote_create, quote_send
    from tests.factories import CompanyFactory, ContactFactory, ProductFactory

    seed_company()
    manager = make_user("Manager")
    customer = CompanyFactory(name="Bakkerij Peeters", email="info@bakkerij-peeters.be")
    ContactFactory(company=customer, first_name="Jan", last_name="Peeters", email="jan@bakkerij-peeters.be")
    quote = quote_create(company=customer, contact=customer.contacts.get(), actor=manager)
    document_line_save(document=quote, actor=manager, product=ProductFactory(sku="OVEN-60"), quantity="1")
    quote_send(quote=quote, actor=manager)

    page.goto(live_server.url + reverse("quote-public", args=[quote_link_token(quote)]))

    expect(page.locator("h1")).to_contain_text(quote.number)
    page.locator("#accept-name").fill("Jan Peeters")
    with page.expect_navigation():
        page.locator("button[value=accept]").click()
    expect(page.locator(".alert-success")).to_be_visible()
