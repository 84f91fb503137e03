"""Accounting's morning in a browser: import the bank statement (two invoices paid automatically), confirm the
suggested match, run the reminders, review, send, and find the reminder with its letter in the outbox."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from orderdesk.demo import seed_company
from orderdesk.models import CompanySettings
from sales.bank_builders import coda_build
from sales.models import Reminder
from sales.services.invoicing import invoice_free_create, invoice_issue
from sales.services.lines import document_line_save
from sales.states import InvoiceStatus
from tests.browser.conftest import README_SHOTS, log_in
from tests.factories import CompanyFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("reminder_defaults")]
TODAY = timezone.localdate()


def issued(company, actor, amount: str, *, days_ago: int):
    invoice = invoice_free_create(company=company, actor=actor, customer_reference="PO-2026-0042")
    document_line_save(document=invoice, actor=actor, description="Onderhoud", quantity="1", unit_price=amount)
    return invoice_issue(invoice=invoice, actor=actor, today=TODAY - datetime.timedelta(days=days_ago))


def test_import_match_remind_and_send(page: Page, live_server, make_user, page_errors, tmp_path):
    seed_company()
    accountant = make_user("Accounting", language="en")
    gilson = CompanyFactory(name="Transports Gilson", language="fr", vat_number="BE0403170701",
                            invoice_email="comptabilite@gilson.be")  # fmt: skip
    peeters = CompanyFactory(name="Bakkerij Peeters", vat_number="BE0417497106", invoice_email="boekhouding@peeters.be")
    lambert = CompanyFactory(name="Sophie Lambert", vat_regime="private", vat_number="", email="sophie@lambert.be")
    late = issued(gilson, accountant, "1000.00", days_ago=60)  # 1.210,00, 30 days past due
    first = issued(peeters, accountant, "200.00", days_ago=3)  # 242,00
    second = issued(peeters, accountant, "300.00", days_ago=2)  # 363,00
    third = issued(lambert, accountant, "50.00", days_ago=1)  # 60,50
    statement = tmp_path / "statement.cod"
    seller = CompanySettings.load()
    statement.write_bytes(coda_build(
        account_iban=seller.iban, holder_name=seller.name, bank_bic="KREDBEBB", statement_number=7,
        created_on=TODAY, opening_balance=Decimal("1000.00"), movements=[
            {"amount": Decimal("242.00"), "structured_reference": first.structured_reference,
             "counterparty_name": "BAKKERIJ PEETERS", "counterparty_account": "BE68539007547034"},
            {"amount": Decimal("363.00"), "structured_reference": second.structured_reference,
             "counterparty_name": "BAKKERIJ PEETERS", "counterparty_account": "BE68539007547034"},
            {"amount": Decimal("60.50"), "free_text": f"facture {third.number}", "counterparty_name": "S LAMBERT",
             "counterparty_account": "BE71096123456769"},
            {"amount": Decimal("80.00"), "free_text": "remboursement", "counterparty_name": "INCONNU",
             "counterparty_account": "BE62510007547061"},
        ]))  # fmt: skip
    log_in(page, live_server, accountant)

    # Import: two invoices paid automatically, one suggestion, one line nobody knows.
    page.get_by_role("link", name="Bank statements").click()
    page.locator("#id_file").set_input_files(statement)
    page.locator("#import-statement").click()
    expect(page.locator(".alert-success")).to_contain_text("2 paid automatically, 1 to confirm, 1 to match")
    expect(page.locator("#to-match tbody tr")).to_have_count(2)
    page.screenshot(path=README_SHOTS / "bank-en.png")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (InvoiceStatus.PAID, InvoiceStatus.PAID)

    # Confirm the suggestion: the invoice number in the communication.
    page.get_by_role("button", name=f"Pays {third.number}").click()
    expect(page.locator(".alert-success")).to_contain_text(third.number)
    expect(page.locator("#to-match tbody tr")).to_have_count(1)
    third.refresh_from_db()
    assert third.status == InvoiceStatus.PAID

    # Reminders: look for what is due, review, send.
    page.get_by_role("link", name="Reminders").click()
    page.locator("#propose-run").click()
    group = page.locator(f"#run-company-{gilson.pk}")
    expect(group).to_contain_text(late.number)
    expect(group).to_contain_text("Friendly reminder")
    expect(page.locator("#run")).not_to_contain_text("Bakkerij Peeters")
    page.screenshot(path=README_SHOTS / "reminders-en.png")
    group.locator("input[name=note]").first.fill("Suite à notre appel de ce matin.")
    group.get_by_role("button", name="Save the note").click()
    expect(page.locator(f"#run-company-{gilson.pk} input[name=note]").first).to_have_value(
        "Suite à notre appel de ce matin."
    )
    page.locator("#send-run").click()
    dialog = page.locator("#send-run-dialog")  # the letters are listed before anything leaves
    expect(dialog).to_contain_text(late.number)
    expect(dialog).to_contain_text("comptabilite@gilson.be")
    dialog.locator("#send-run-dialog-confirm").click()
    expect(page.locator("#run")).to_contain_text("Sent")
    reminder = Reminder.objects.get(invoice=late)
    assert reminder.status == Reminder.Status.SENT and reminder.note == "Suite à notre appel de ce matin."

    # The reminder in the outbox: in the customer's language, with the letter attached.
    page.get_by_role("link", name="Outbox").click()
    page.get_by_role("link", name=f"Rappel : facture {late.number}").first.click()
    expect(page.locator("main")).to_contain_text("comptabilite@gilson.be")
    expect(page.locator("main")).to_contain_text("Suite à notre appel de ce matin.")
    expect(page.get_by_role("link", name=f"rappel-{late.number}.pdf")).to_be_visible()
    assert not page_errors
