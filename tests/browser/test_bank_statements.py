"""Statements as banks send them, in a browser: a manager registers a second account, accounting imports a
grouped batch that pays two invoices, a line in dollars waits showing its currency, and a returned payment
opens its invoice again in one click."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from orderdesk.demo import seed_company
from sales.bank_builders import camt053_build, coda_build
from sales.services.invoicing import invoice_free_create, invoice_issue
from sales.services.lines import document_line_save
from sales.states import InvoiceStatus
from tests.browser.conftest import SCREENSHOTS, log_in
from tests.factories import CompanyFactory

pytestmark = pytest.mark.browser
TODAY = timezone.localdate()
SECOND_ACCOUNT = "BE71096123456769"


def issued(company, actor, amount: str):
    invoice = invoice_free_create(company=company, actor=actor, customer_reference="PO-2026-0042")
    document_line_save(document=invoice, actor=actor, description="Onderhoud", quantity="1", unit_price=amount)
    return invoice_issue(invoice=invoice, actor=actor, today=TODAY - datetime.timedelta(days=5))


def test_a_second_account_a_grouped_batch_dollars_and_a_return(page: Page, live_server, make_user, page_errors,
                                                               tmp_path):  # fmt: skip
    seed_company()
    manager = make_user("Manager", language="en")
    accountant = make_user("Accounting", language="en")
    peeters = CompanyFactory(name="Bakkerij Peeters", vat_number="BE0417497106",
                             invoice_email="boekhouding@peeters.be")  # fmt: skip
    first, second, third = (issued(peeters, accountant, amount) for amount in ("200.00", "300.00", "50.00"))

    log_in(page, live_server, manager)
    page.goto(live_server.url + "/bank/accounts/")
    page.locator("#id_iban").fill("BE71 0961 2345 6769")
    page.locator("#id_currency").fill("EUR")
    page.locator("#id_name").fill("Savings")
    page.locator("#bank-account-add button[type=submit]").click()
    expect(page.locator("#bank-accounts")).to_contain_text("BE71 0961 2345 6769")
    page.screenshot(path=SCREENSHOTS / "bank-accounts.png")
    page.context.clear_cookies()

    payer = {"counterparty_name": "BAKKERIJ PEETERS", "counterparty_account": "BE43068999999501"}
    grouped = {"free_text": "COLLECTIEVE OVERSCHRIJVING", "batch": [
        {"amount": first.total, "structured_reference": first.structured_reference, **payer},
        {"amount": second.total, "structured_reference": second.structured_reference, **payer},
    ]}  # fmt: skip
    batch = coda_build(account_iban=SECOND_ACCOUNT, holder_name="Vandenbroucke", bank_bic="GKCCBEBB",
                       statement_number=1, created_on=TODAY, opening_balance=Decimal("0"),
                       movements=[grouped])  # fmt: skip
    later = camt053_build(
        account_iban=SECOND_ACCOUNT, holder_name="Vandenbroucke", statement_id="S-2", created_on=TODAY,
        opening_balance=first.total + second.total, version="001.08", movements=[
            {"amount": -first.total, "structured_reference": first.structured_reference, "reversal": True, **payer},
            {"amount": third.total, "currency": "USD", "structured_reference": third.structured_reference, **payer},
        ],
    )  # fmt: skip
    (tmp_path / "batch.cod").write_bytes(batch)
    (tmp_path / "later.xml").write_bytes(later)
    log_in(page, live_server, accountant)
    page.get_by_role("link", name="Bank statements").click()
    page.locator("#id_file").set_input_files(tmp_path / "batch.cod")
    page.locator("#import-statement").click()
    expect(page.locator(".alert-success")).to_contain_text("2 paid automatically, 0 to confirm, 0 to match")
    page.locator("#id_file").set_input_files(tmp_path / "later.xml")
    page.locator("#import-statement").click()
    expect(page.locator(".alert-warning")).to_contain_text("1 returned payment(s)")
    dollars = page.locator("#to-match tbody tr").filter(has_text="USD")
    expect(dollars).to_contain_text(third.number)
    expect(dollars.get_by_role("button", name=f"Pays {third.number}")).to_have_count(0)
    page.screenshot(path=SCREENSHOTS / "bank-queue.png", full_page=True)
    for invoice, status in ((first, InvoiceStatus.ISSUED), (second, InvoiceStatus.PAID), (third, InvoiceStatus.ISSUED)):
        invoice.refresh_from_db()
        assert invoice.status == status

    page.get_by_role("link", name=f"{SECOND_ACCOUNT}/001/").click()
    expect(page.locator("#statement-lines")).to_contain_text("Grouped movement 0001")
    page.screenshot(path=SCREENSHOTS / "bank-statement-batch.png", full_page=True)
    assert not page_errors
