"""My desk in a browser, on the demo data: the queues with the item waiting longest, one click to act on it, and
new work showing up without a reload."""

import pytest
from playwright.sync_api import Page, expect

from desk.demo import seed_demo
from orderdesk.models import User
from tests.browser.conftest import PASSWORD, README_SHOTS, log_in

pytestmark = pytest.mark.browser


def _card(page: Page, label: str):
    return page.locator("#desk-queues section.desk-card", has_text=label)


def test_the_assistant_opens_the_oldest_overdue_invoice_and_sees_new_work_arrive(
    page: Page, live_server, transactional_db, vat_defaults, reminder_defaults, complaint_defaults, page_errors
):
    from sales.models import Invoice, PriceRequest

    seed_demo()
    assistant = User.objects.get(username="assistant")  # An Peeters, in Dutch
    assistant.set_password(PASSWORD)
    assistant.save()
    log_in(page, live_server, assistant)

    overdue = _card(page, "Vervallen facturen")
    expect(overdue.locator(".desk-oldest")).to_be_visible()
    page.screenshot(path=README_SHOTS / "desk-nl.png", full_page=True)
    oldest = overdue.locator(".desk-oldest").inner_text().split(" · ")[0]
    overdue.locator(".desk-oldest").click()
    expect(page.locator("h1")).to_contain_text(oldest)
    invoice = Invoice.objects.get(number=oldest)
    assert page.url.endswith(f"/invoices/{invoice.pk}/")
    open_invoices = Invoice.objects.filter(kind="invoice", status__in=["issued", "partially_paid"])
    assert open_invoices.order_by("due_date").first() == invoice  # the one due longest ago

    page.go_back()
    requests = _card(page, "Openstaande prijsaanvragen").locator(".count")
    before = int(requests.inner_text())
    customer = Invoice.objects.first().company
    PriceRequest.objects.create(company=customer, need="Twee koelcellen", created_by=assistant)
    # What the 60-second poll does, without waiting a minute for it.
    page.evaluate("htmx.ajax('GET', '/', {target: '#desk-queues', swap: 'outerHTML'})")
    expect(requests).to_have_text(str(before + 1))
    assert not page_errors
