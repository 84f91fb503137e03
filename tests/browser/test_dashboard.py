"""The manager's dashboard in a browser: open it, change the period, see the figures and the charts; an assistant
is turned away."""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from orderdesk.demo import seed_company
from sales.services.invoicing import invoice_free_create, invoice_issue
from sales.services.lines import document_line_save
from tests.browser.conftest import README_SHOTS, log_in
from tests.factories import CompanyFactory

pytestmark = pytest.mark.browser


def test_a_manager_changes_the_period(page: Page, live_server, make_user, page_errors):
    seed_company()
    manager = make_user("Manager", language="nl")
    customer = CompanyFactory(name="Bakkerij Peeters", vat_number="BE0417497106", owner=manager,
                              invoice_email="boekhouding@peeters.be")  # fmt: skip
    for day, amount in ((datetime.date(2026, 9, 15), "1000.00"), (datetime.date(2026, 10, 20), "2500.00")):
        invoice = invoice_free_create(company=customer, actor=manager, customer_reference="PO-2026-0042")
        document_line_save(document=invoice, actor=manager, description="Onderhoud", quantity="1", unit_price=amount)
        invoice_issue(invoice=invoice, actor=manager, today=day)
    log_in(page, live_server, manager)

    page.get_by_role("link", name="Dashboard").click()
    page.locator("#from").fill("2026-10-01")
    page.locator("#to").fill("2026-10-31")
    page.locator("#apply-filter").click()
    expect(page.locator("#figure-revenue")).to_have_text("2.500,00\xa0€")
    page.locator("#from").fill("2026-09-01")
    page.locator("#apply-filter").click()
    expect(page.locator("#figure-revenue")).to_have_text("3.500,00\xa0€")
    expect(page.locator("#months-table tbody tr")).to_have_count(2)
    page.wait_for_function("() => window.Chart && Chart.getChart('sales-chart')")  # the chart is drawn
    page.screenshot(path=README_SHOTS / "dashboard-nl.png", full_page=True)
    # The figure opens the invoices behind it, for the same period.
    page.locator("#figure-revenue").click()
    expect(page).to_have_url(re.compile(r"/invoices/\?issued_from=2026-09-01&issued_to=2026-10-31"))
    expect(page.locator("#invoice-rows tbody tr")).to_have_count(2)
    assert not page_errors


def test_an_assistant_cannot_open_the_dashboard(page: Page, live_server, make_user):
    assistant = make_user("Assistant", language="en")
    log_in(page, live_server, assistant)
    expect(page.get_by_role("link", name="Dashboard")).to_have_count(0)
    response = page.goto(f"{live_server.url}/dashboard/")
    assert response.status == 403
