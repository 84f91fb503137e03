"""Bank statements in, payments out: automatic matches on our OGM, suggestions to confirm, the unmatched queue,
idempotent and atomic imports, and the command."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from stdnum import iso11649
from stdnum.iso7064 import mod_97_10

from customers.models import VatRegime
from orderdesk.exceptions import DomainError
from sales.bank_builders import camt053_build, coda_build
from sales.models import BankLine, BankStatement, Payment
from sales.selectors.bank import bank_statement_progress
from sales.services.bank_import import (
    bank_line_confirm,
    bank_line_ignore,
    bank_line_return_confirm,
    bank_lines_to_match,
    bank_statement_import,
    bank_statement_match,
    bank_statement_match_retry,
)
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
    assert (suggestion.suggested_invoice, suggestion.suggestion_reason_text) == (
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
    assert "1.452,00\u00a0€ is open" in line.suggestion_reason_text
    # Confirmed, it is a partial payment.
    bank_line_confirm(line=line, invoice=first, actor=accountant)
    first.refresh_from_db()
    assert (first.status, first.amount_open) == (InvoiceStatus.PARTIALLY_PAID, D("452.00"))


def test_an_over_payment_pays_the_invoice_and_keeps_the_rest_as_credit(invoices, accountant):
    from sales.selectors.receivables import company_credit

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
    assert (by_amount[D("2904.00")].suggested_invoice, by_amount[D("2904.00")].suggestion_reason_text) == (
        second,
        "RF reference",
    )
    assert (by_amount[D("344.85")].suggested_invoice, by_amount[D("344.85")].suggestion_reason_text) == (
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


# --- statements as Belgian banks send them ----------------------------------------------------------------

PEETERS = {"counterparty_name": "BAKKERIJ PEETERS BV", "counterparty_account": "BE68539007547034"}


def camt(movements, *, statement_id="STMT-1", **options):
    return camt053_build(account_iban=OUR_IBAN, holder_name="Vandenbroucke Technics", statement_id=statement_id,
                         created_on=DAY, opening_balance=D("0"), movements=movements, **options)  # fmt: skip


def lines_of(result):
    return list(result.statements[0].lines.order_by("pk"))


def test_a_grouped_coda_batch_of_ogm_payments_pays_each_invoice(invoices, accountant):
    first, second, third = invoices
    batch = {"free_text": "COLLECTIEVE OVERSCHRIJVING", "batch": [
        {"amount": D("1452.00"), "structured_reference": first.structured_reference, **PEETERS},
        {"amount": D("2904.00"), "structured_reference": second.structured_reference, **PEETERS},
        {"amount": D("344.85"), "structured_reference": third.structured_reference, "counterparty_name": "S. LAMBERT"},
    ]}  # fmt: skip

    result = bank_statement_import(content=coda([batch]), actor=accountant)

    assert (result.matched, result.to_confirm, result.unmatched) == (3, 0, 0)
    for invoice in invoices:
        invoice.refresh_from_db()
        assert (invoice.status, invoice.amount_open) == (InvoiceStatus.PAID, 0)
    lines = lines_of(result)
    assert [(line.sequence, line.batch, line.status) for line in lines] == [
        ("0001/0001", "0001", "matched"),
        ("0001/0002", "0001", "matched"),
        ("0001/0003", "0001", "matched"),
    ]
    assert Payment.objects.count() == 3 and result.statements[0].balance_difference == 0


def test_a_camt_batch_pays_each_invoice_too(invoices, accountant):
    first, second, _third = invoices
    batch = {"batch": [
        {"amount": D("1452.00"), "structured_reference": first.structured_reference, **PEETERS},
        {"amount": D("2904.00"), "structured_reference": second.structured_reference, **PEETERS},
    ]}  # fmt: skip

    result = bank_statement_import(content=camt([batch], version="001.08"), actor=accountant)

    assert result.matched == 2 and {line.batch for line in lines_of(result)} == {"STMT-1-0001"}


def test_two_entries_with_the_same_bank_reference_and_movement_numbers_past_9999_import(invoices, accountant):
    first, second, _third = invoices
    same = [
        {"amount": D("1452.00"), "structured_reference": first.structured_reference, "bank_reference": "B1", **PEETERS},
        {
            "amount": D("2904.00"),
            "structured_reference": second.structured_reference,
            "bank_reference": "B1",
            **PEETERS,
        },
    ]
    result = bank_statement_import(content=camt(same), actor=accountant)
    assert [(line.sequence, line.status) for line in lines_of(result)] == [("B1", "matched"), ("B1#2", "matched")]

    movement = {"amount": D("10.00"), "free_text": "a", "counterparty_name": "A"}
    wrapped = coda_build(account_iban=OUR_IBAN, holder_name="Vandenbroucke Technics", bank_bic="KREDBEBB",
                         statement_number=2, created_on=DAY, opening_balance=D("0"), first_movement=9999,
                         movements=[movement] * 3)  # fmt: skip
    result = bank_statement_import(content=wrapped, actor=accountant)
    assert [line.sequence for line in lines_of(result)] == ["9999", "10001", "10002"]


def test_a_foreign_currency_line_never_pays_a_euro_invoice(invoices, accountant, client):
    first = invoices[0]
    dollars = {"amount": D("1452.00"), "currency": "USD", "structured_reference": first.structured_reference, **PEETERS}

    result = bank_statement_import(content=camt([dollars], version="001.08"), actor=accountant)

    assert (result.matched, result.to_confirm) == (0, 1)
    line = BankLine.objects.get()
    first.refresh_from_db()
    assert (first.status, line.status, line.currency, line.suggested_invoice) == ("issued", "unmatched", "USD", first)
    assert line.suggestion_reason_text == "Structured communication and amount, but the amount is in USD"
    with pytest.raises(DomainError, match="in USD: register the payment by hand"):
        bank_line_confirm(line=line, invoice=first, actor=accountant)
    client.force_login(accountant)
    page = client.get(reverse("sales:bank")).content.decode()
    assert f'id="bank-line-{line.pk}"' in page and ">USD</span>" in page


def test_a_reversed_payment_opens_its_invoice_again_with_the_customer_as_counterparty(invoices, accountant):
    first = invoices[0]
    paid = {"amount": D("1452.00"), "structured_reference": first.structured_reference, "end_to_end_id": "E2E-77",
            **PEETERS}  # fmt: skip
    bank_statement_import(content=camt([paid]), actor=accountant)
    first.refresh_from_db()
    assert first.status == InvoiceStatus.PAID
    original = BankLine.objects.get()

    reversal = paid | {"amount": D("-1452.00"), "reversal": True}
    result = bank_statement_import(content=camt([reversal], statement_id="STMT-2"), actor=accountant)

    assert result.returned == 1
    first.refresh_from_db()
    assert (first.status, first.amount_open) == (InvoiceStatus.ISSUED, D("1452.00"))
    assert Payment.objects.count() == 0  # the money went back
    returned = lines_of(result)[0]
    original.refresh_from_db()
    assert (original.status, original.payment) == ("returned", None)
    assert (returned.status, returned.reverses, returned.suggested_invoice) == ("matched", original, first)
    assert (returned.counterparty_name, returned.counterparty_account) == ("BAKKERIJ PEETERS BV", "BE68539007547034")
    assert returned.suggestion_reason_text == f"Returned: {first.number} is open again"


def test_a_coda_return_without_references_waits_then_opens_the_invoice_again(invoices, accountant):
    first = invoices[0]
    bank_statement_import(content=coda([{"amount": D("1452.00"), "structured_reference": first.structured_reference,
                                         **PEETERS}]), actor=accountant)  # fmt: skip
    unpaid = {"amount": D("-1452.00"), "free_text": "TERUGBETALING DOMICILIERING", "transaction_code": "00505000",
              **PEETERS}  # fmt: skip

    result = bank_statement_import(content=coda([unpaid], number=2), actor=accountant)

    assert (result.returned, result.to_confirm) == (0, 1)  # the same account and amount only suggest it
    line = lines_of(result)[0]
    assert (line.is_return, line.status, line.suggested_invoice) == (True, "unmatched", first)
    assert line in bank_lines_to_match()  # not ignored: a person looks at it
    with pytest.raises(DomainError, match="returned payment pays nothing"):
        bank_line_confirm(line=line, invoice=first, actor=accountant)

    bank_line_return_confirm(line=line, actor=accountant)

    first.refresh_from_db()
    line.refresh_from_db()
    assert (first.status, line.status, line.handled_by) == (InvoiceStatus.ISSUED, "confirmed", accountant)
    with pytest.raises(DomainError, match="handled already"):
        bank_line_return_confirm(line=line, actor=accountant)


def test_a_return_imported_before_its_payment_cancels_it_out(invoices, accountant):
    first = invoices[0]
    paid = {"amount": D("1452.00"), "structured_reference": first.structured_reference, **PEETERS}
    bank_statement_import(content=camt([paid | {"amount": D("-1452.00"), "reversal": True}], statement_id="S-2"),
                          actor=accountant)  # fmt: skip
    assert BankLine.objects.get().status == "unmatched"

    bank_statement_import(content=camt([paid], statement_id="S-1"), actor=accountant)

    first.refresh_from_db()
    assert first.status == InvoiceStatus.ISSUED and Payment.objects.count() == 0
    assert sorted(BankLine.objects.values_list("status", flat=True)) == ["matched", "returned"]


def test_a_statement_of_an_account_that_is_not_ours_is_refused(invoices, accountant):
    from sales.models import CompanyBankAccount

    other = coda_build(account_iban="BE71096123456769", holder_name="Someone else", bank_bic="GKCCBEBB",
                       statement_number=1, created_on=DAY, opening_balance=D("0"), movements=[])  # fmt: skip
    with pytest.raises(DomainError, match="BE71 0961 2345 6769, which is not one of our bank accounts"):
        bank_statement_import(content=other, actor=accountant)
    dollars = camt([], currency="USD")
    with pytest.raises(DomainError, match="in USD, which is not one of our bank accounts in that currency"):
        bank_statement_import(content=dollars, actor=accountant)
    assert BankStatement.objects.count() == 0

    CompanyBankAccount.objects.create(iban=OUR_IBAN, currency="USD")
    CompanyBankAccount.objects.create(iban="BE71096123456769")
    assert len(bank_statement_import(content=dollars, actor=accountant).statements) == 1
    assert len(bank_statement_import(content=other, actor=accountant).statements) == 1


def test_utf8_coda_missing_balances_and_the_pages_of_a_camt_statement_import(invoices, accountant):
    first, second, _third = invoices
    utf8 = coda_build(account_iban=OUR_IBAN, holder_name="Vandenbroucke Técnics", bank_bic="KREDBEBB",
                      statement_number=3, created_on=DAY, opening_balance=D("0"), encoding="utf-8",
                      movements=[{"amount": D("1452.00"), "structured_reference": first.structured_reference,
                                  "counterparty_name": "BAKKERIJ PÉETERS"}])  # fmt: skip
    assert bank_statement_import(content=utf8, actor=accountant).matched == 1
    assert BankLine.objects.get().counterparty_name == "BAKKERIJ PÉETERS"

    paid = {"amount": D("2904.00"), "structured_reference": second.structured_reference, **PEETERS}
    only_available = camt([paid], statement_id="S-CLAV", balances=("PRCD", "CLAV"))
    statement = bank_statement_import(content=only_available, actor=accountant).statements[0]
    assert (statement.opening_balance, statement.closing_balance, statement.balance_difference) == (
        D("0.00"), D("2904.00"), None)  # fmt: skip

    pages = [camt([{"amount": D("5.00"), "free_text": f"page {n}", "counterparty_name": "X"}], statement_id="S-P",
                  balances=("ITBD", "ITBD"), page=(n, n == 2)) for n in (1, 2)]  # fmt: skip
    for page in pages:
        assert len(bank_statement_import(content=page, actor=accountant).statements) == 1
    assert list(BankStatement.objects.filter(reference="S-P").order_by("page").values_list("page", flat=True)) == [1, 2]
    again = bank_statement_import(content=pages[1], actor=accountant)
    assert (again.statements, [s.label for s in again.already_imported]) == ([], ["S-P (2)"])


def test_references_too_long_for_their_column_and_amounts_too_large_name_the_line(invoices, accountant):
    long_id = camt([{"amount": D("5.00"), "free_text": "x", "counterparty_name": "X"}], statement_id="S" * 90)
    with pytest.raises(DomainError, match=r"^Line \d+: the reference “S{90}” is longer than 80 characters\.$"):
        bank_statement_import(content=long_id, actor=accountant)
    long_entry = camt([{"amount": D("5.00"), "free_text": "x", "counterparty_name": "X", "bank_reference": "R" * 60}])
    with pytest.raises(DomainError, match=r"Line \d+: the reference “R{60}” is longer than 50 characters"):
        bank_statement_import(content=long_entry, actor=accountant)
    huge = camt([{"amount": D("5.00"), "free_text": "x", "counterparty_name": "X"}])
    huge = huge.replace(b">5.00<", b">" + b"9" * 13 + b"<")
    with pytest.raises(DomainError, match=r"Line \d+: the amount 9999999999999.00 is too large to book"):
        bank_statement_import(content=huge, actor=accountant)
    assert BankStatement.objects.count() == 0


def test_a_large_statement_is_matched_by_a_worker_chunk_by_chunk(
    invoices, accountant, monkeypatch, django_capture_on_commit_callbacks
):
    from sales.services import bank_import

    monkeypatch.setattr(bank_import, "MATCH_IN_REQUEST_LINES", 2)
    monkeypatch.setattr(bank_import, "MATCH_CHUNK", 2)
    first, second, third = invoices
    with django_capture_on_commit_callbacks() as callbacks:
        result = bank_statement_import(content=statement_of(invoices), actor=accountant)
    statement = result.queued[0]
    assert (result.statements, result.matched, len(callbacks)) == ([statement], 0, 1)
    assert bank_statement_progress(statement) == (0, 5)
    assert not bank_lines_to_match().exists()  # nothing to match by hand before the worker looked at it

    callbacks[0]()  # the worker (Celery runs eagerly in the tests)

    assert bank_statement_progress(statement) == (5, 5)
    first.refresh_from_db()
    assert first.status == InvoiceStatus.PAID
    assert sorted(BankLine.objects.values_list("status", flat=True)) == [
        "ignored", "matched", "matched", "unmatched", "unmatched"]  # fmt: skip
    assert bank_statement_match(statement_id=statement.pk).pk == statement.pk  # delivered twice: nothing to do
    assert Payment.objects.count() == 2


def test_matching_that_stops_on_an_error_can_be_tried_again(
    invoices, accountant, monkeypatch, django_capture_on_commit_callbacks
):
    from sales.services import bank_import

    monkeypatch.setattr(bank_import, "MATCH_IN_REQUEST_LINES", 2)
    with django_capture_on_commit_callbacks(execute=True):
        statement = bank_statement_import(content=statement_of(invoices), actor=accountant).queued[0]
    real_match = bank_import._match
    monkeypatch.setattr(bank_import, "_match", lambda line, actor: 1 / 0)
    BankLine.objects.update(status="pending")
    bank_statement_match(statement_id=statement.pk)
    statement.refresh_from_db()
    assert statement.matching_failed_at is not None and bank_statement_progress(statement) == (0, 5)

    monkeypatch.setattr(bank_import, "_match", real_match)
    with django_capture_on_commit_callbacks(execute=True):
        bank_statement_match_retry(statement=statement, actor=accountant)
    statement.refresh_from_db()
    assert statement.matching_failed_at is None and bank_statement_progress(statement) == (5, 5)
    with pytest.raises(DomainError, match="matched already"):
        bank_statement_match_retry(statement=statement, actor=accountant)
