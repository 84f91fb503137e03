"""Bank statements in, payments out: automatic matches on our OGM, suggestions to confirm, the unmatched queue,
idempotent and atomic imports, and the command."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from stdnum import iso11649
from stdnum.iso7064 import mod_97_10

from customers.models import VatRegime
from orderdesk.exceptions import DomainError
from sales.models import BankLine, BankStatement, Payment
from sales.services.bank_formats import camt053_build, coda_build
from sales.services.bank_import import bank_line_confirm, bank_line_ignore, bank_statement_import
from sales.states import InvoiceStatus
from tests.factories import CompanyFactory
from tests.sales.test_invoices import issued_invoice

pytestmark = pytest.mark.django_db
D = Decimal
DAY = timezone.localdate()
OUR_IBAN = "BE73735012345660"


@pytest.fixture
def invoices(b2b_customer, assistant, oven, installation, company_settings):
    consumer = CompanyFactory(name="Sophie Lambert", vat_regime=VatRegime.PRIVATE, vat_number="",
                              email="sophie.lambert@example.be", street="Rue Haute 12", postal_code="1000",
                              city="Bruxelles")  # fmt: skip
    return (
        issued_invoice(b2b_customer, assistant, (oven, "1"), today=DAY - datetime.timedelta(days=3)),  # 1.452,00
        issued_invoice(b2b_customer, assistant, (oven, "2"), today=DAY - datetime.timedelta(days=2)),  # 2.904,00
        issued_invoice(consumer, assistant, (installation, "3"), today=DAY - datetime.timedelta(days=1)),  # 344,85
    )


def coda(movements, number=1):
    return coda_build(account_iban=OUR_IBAN, holder_name="Vandenbroucke Technics", bank_bic="KREDBEBB",
                      statement_number=number, created_on=DAY, opening_balance=D("10000.00"),
                      movements=movements)  # fmt: skip


def statement_of(invoices):
    first, second, third = invoices
    return coda([
        {"amount": D("1452.00"), "structured_reference": first.structured_reference,
         "counterparty_name": "BAKKERIJ PEETERS BV", "counterparty_account": "BE68539007547034"},
        {"amount": D("2904.00"), "structured_reference": second.structured_reference,
         "counterparty_name": "BAKKERIJ PEETERS BV", "counterparty_account": "BE68539007547034"},
        {"amount": D("344.85"), "free_text": f"factuur {third.number} installatie",
         "counterparty_name": "S. LAMBERT", "counterparty_account": "BE71096123456769"},
        {"amount": D("75.00"), "free_text": "voorschot", "counterparty_name": "ONBEKEND",
         "counterparty_account": "BE62510007547061"},
        {"amount": D("-120.00"), "free_text": "huur november", "counterparty_name": "IMMO GENT",
         "counterparty_account": "BE43068999999501"},
    ])  # fmt: skip


def test_two_invoices_paid_automatically_one_suggestion_one_unmatched_and_the_debit_ignored(invoices, accountant):
    first, second, third = invoices
    result = bank_statement_import(content=statement_of(invoices), filename="coda.txt", actor=accountant)
    assert (result.matched, result.to_confirm, result.unmatched) == (2, 1, 1)
    for invoice in (first, second):
        invoice.refresh_from_db()
        assert (invoice.status, invoice.amount_open) == (InvoiceStatus.PAID, 0)
    statuses = list(BankLine.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == ["matched", "matched", "unmatched", "unmatched", "ignored"]
    suggestion = BankLine.objects.get(amount=D("344.85"))
    assert (suggestion.suggested_invoice, suggestion.suggestion_reason) == (
        third,
        "Invoice number in the communication",
    )
    payment = BankLine.objects.filter(status="matched").first().payment
    assert (payment.payer, payment.reference, payment.received_on) == (
        "BAKKERIJ PEETERS BV",
        first.structured_reference_display,
        DAY,
    )

    bank_line_confirm(line=suggestion, invoice=third, actor=accountant)
    third.refresh_from_db()
    assert third.status == InvoiceStatus.PAID
    with pytest.raises(DomainError, match="handled already"):
        bank_line_confirm(line=suggestion, invoice=first, actor=accountant)


def test_importing_the_same_statement_twice_changes_nothing(invoices, accountant):
    content = statement_of(invoices)
    bank_statement_import(content=content, actor=accountant)
    payments = Payment.objects.count()
    again = bank_statement_import(content=content, actor=accountant)
    assert again.statements == [] and len(again.already_imported) == 1
    assert (Payment.objects.count(), BankLine.objects.count(), BankStatement.objects.count()) == (payments, 5, 1)


def test_a_malformed_file_names_the_line_and_imports_nothing(invoices, accountant):
    lines = statement_of(invoices).decode("latin-1").splitlines()
    lines[5] = lines[5][:100]  # a record cut short
    with pytest.raises(DomainError, match="Line 6"):
        bank_statement_import(content="\n".join(lines).encode("latin-1"), actor=accountant)
    assert (BankStatement.objects.count(), Payment.objects.count()) == (0, 0)


def test_our_ogm_with_another_amount_is_only_a_suggestion(invoices, accountant):
    first = invoices[0]
    bank_statement_import(content=coda([{"amount": D("1000.00"), "structured_reference": first.structured_reference,
                                         "counterparty_name": "BAKKERIJ PEETERS"}]), actor=accountant)  # fmt: skip
    line = BankLine.objects.get()
    first.refresh_from_db()
    assert line.status == "unmatched" and line.suggested_invoice == first and first.status == InvoiceStatus.ISSUED
    assert "1452.00 is open" in line.suggestion_reason
    # Confirmed, it is a partial payment.
    bank_line_confirm(line=line, invoice=first, actor=accountant)
    first.refresh_from_db()
    assert (first.status, first.amount_open) == (InvoiceStatus.PARTIALLY_PAID, D("452.00"))


def test_an_over_payment_pays_the_invoice_and_keeps_the_rest_as_credit(invoices, accountant):
    from sales.services.payments import company_credit

    first = invoices[0]
    typed = f"+++{first.structured_reference_display[3:-3]}+++"  # the OGM typed as free text
    bank_statement_import(content=coda([{"amount": D("1500.00"), "free_text": typed, "counterparty_name": "X"}]),
                          actor=accountant)  # fmt: skip
    line = BankLine.objects.get()
    bank_line_confirm(line=line, invoice=first, actor=accountant)
    first.refresh_from_db()
    assert first.status == InvoiceStatus.PAID and company_credit(first.company) == D("48.00")


def test_camt053_with_the_bba_reference_and_an_rf_reference_and_the_amount_with_the_name(invoices, accountant):
    first, second, third = invoices
    rf_body = second.number.replace("-", "")
    rf = "RF" + mod_97_10.calc_check_digits(rf_body + "RF") + rf_body  # ISO 11649: check over body + "RF"
    assert iso11649.is_valid(rf)
    content = camt053_build(account_iban=OUR_IBAN, holder_name="Vandenbroucke Technics", statement_id="STMT-2026-11-20",
                            created_on=DAY, opening_balance=D("0"), version="001.08", movements=[
        {"amount": D("1452.00"), "structured_reference": first.structured_reference,
         "counterparty_name": "Bakkerij Peeters", "counterparty_account": "BE68539007547034"},
        {"amount": D("2904.00"), "creditor_reference": rf, "counterparty_name": "Bakkerij Peeters",
         "counterparty_account": "BE68539007547034"},
        {"amount": D("344.85"), "free_text": "installatie", "counterparty_name": "Lambert Sophie",
         "counterparty_account": "BE71096123456769"},
    ])  # fmt: skip
    result = bank_statement_import(content=content, actor=accountant)
    assert (result.matched, result.to_confirm, result.unmatched) == (1, 2, 0)
    by_amount = {line.amount: line for line in BankLine.objects.all()}
    assert (by_amount[D("2904.00")].suggested_invoice, by_amount[D("2904.00")].suggestion_reason) == (
        second,
        "RF reference",
    )
    assert (by_amount[D("344.85")].suggested_invoice, by_amount[D("344.85")].suggestion_reason) == (
        third,
        "Amount and name of the payer",
    )


def test_a_line_pays_one_invoice_at_most_and_an_ignored_line_cannot_be_booked(invoices, accountant):
    first, second, _third = invoices
    bank_statement_import(content=statement_of(invoices), actor=accountant)
    matched = BankLine.objects.filter(status="matched").first()
    with pytest.raises(DomainError, match="handled already"):
        bank_line_confirm(line=matched, invoice=second, actor=accountant)
    unknown = BankLine.objects.get(amount=D("75.00"))
    bank_line_ignore(line=unknown, actor=accountant)
    with pytest.raises(DomainError, match="handled already"):
        bank_line_confirm(line=unknown, invoice=second, actor=accountant)
    assert Payment.objects.count() == 2


def test_the_command_imports_reports_and_recognises_the_second_run(invoices, tmp_path):
    path = tmp_path / "statement.cod"
    path.write_bytes(statement_of(invoices))
    out = StringIO()
    call_command("import_bank_statement", str(path), stdout=out)
    assert "Paid automatically: 2; to confirm: 1; to match: 1." in out.getvalue()
    out = StringIO()
    call_command("import_bank_statement", str(path), stdout=out)
    assert "was already imported" in out.getvalue() and "nothing changed" in out.getvalue()

    path.write_bytes(b"this is not a bank statement")
    with pytest.raises(CommandError, match="neither a CODA nor a camt.053"):
        call_command("import_bank_statement", str(path))


def test_the_upload_page_says_what_happened_in_the_users_language(invoices, client, accountant):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    accountant.language = "fr"
    accountant.save()
    client.force_login(accountant)
    content = statement_of(invoices)
    upload = lambda data: client.post(  # noqa: E731
        reverse("sales:bank"), {"file": SimpleUploadedFile("extrait.cod", data)}, follow=True
    )
    page = upload(content).content.decode().replace("\xa0", " ")  # French puts a no-break space before ":"
    assert "1 extrait(s) importé(s) : 2 payé(s) automatiquement, 1 à confirmer, 1 à rapprocher." in page
    page = upload(content).content.decode().replace("\xa0", " ").replace("&#x27;", "'")
    assert "déjà" in page and "rien n'a changé" in page, page[page.find("alert") : page.find("alert") + 400]

    broken = content[:300] + b"X\n" + content[300:]  # a record split in two
    response = upload(broken)
    assert response.status_code == 400
    assert "Ligne" in response.content.decode() and BankStatement.objects.count() == 1


def test_our_refunds_on_the_statement_settle_the_credit_notes_to_refund(invoices, accountant, assistant):
    from sales.services.invoicing import credit_note_create, invoice_issue
    from sales.services.payments import payment_register

    first, second, third = invoices
    for invoice in (first, second):
        payment_register(company=invoice.company, actor=accountant, received_on=DAY, amount=invoice.total,
                         allocations={invoice.pk: invoice.total})  # fmt: skip

    def credit(invoice, amount):
        draft = credit_note_create(invoice=invoice, actor=assistant, reason="Kras", amount=amount, vat_rate="21")
        return invoice_issue(invoice=draft, actor=assistant)

    named, unnamed = credit(first, "100"), credit(second, "50")  # 121,00 and 60,50 to refund
    content = coda([
        {"amount": D("-121.00"), "free_text": f"Terugbetaling {named.number}",
         "counterparty_name": "BAKKERIJ PEETERS BV", "counterparty_account": "BE68539007547034"},
        {"amount": D("-60.50"), "free_text": "terugbetaling", "counterparty_name": "Bakkerij Peeters",
         "counterparty_account": "BE68539007547034"},
        {"amount": D("-60.50"), "free_text": "huur", "counterparty_name": "IMMO GENT",
         "counterparty_account": "BE43068999999501"},
    ])  # fmt: skip

    result = bank_statement_import(content=content, filename="coda.txt", actor=accountant)

    assert (result.matched, result.to_confirm) == (1, 1)
    named.refresh_from_db()
    assert (named.status, named.amount_open, named.status_label) == (InvoiceStatus.PAID, 0, "Refunded")
    refund = BankLine.objects.get(amount=D("-121.00")).payment
    assert (refund.direction, refund.amount) == (Payment.Direction.REFUNDED, D("121.00"))
    suggested = BankLine.objects.get(free_text="terugbetaling")
    assert (suggested.status, suggested.suggested_invoice) == ("unmatched", unnamed)
    assert BankLine.objects.get(free_text="huur").status == "ignored"  # rent is not a refund
    with pytest.raises(DomainError, match="money paid out refunds a credit note"):
        bank_line_confirm(line=suggested, invoice=third, actor=accountant)

    bank_line_confirm(line=suggested, invoice=unnamed, actor=accountant)
    unnamed.refresh_from_db()
    assert (unnamed.status, unnamed.amount_paid) == (InvoiceStatus.PAID, D("60.50"))
