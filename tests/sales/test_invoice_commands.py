import csv
import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db.models import Sum

from orderdesk.exceptions import DomainError
from sales.models import Invoice, InvoiceLine
from sales.services.invoice_exports import issued_pdf, issued_ubl
from sales.services.invoicing import credit_note_create, invoice_free_create, invoice_issue
from sales.services.lines import document_line_save

pytestmark = pytest.mark.django_db
D = Decimal


def _invoice(customer, actor, lines, *, day: datetime.date) -> Invoice:
    invoice = invoice_free_create(company=customer, actor=actor, customer_reference="PO-2026-0042")
    for description, quantity, unit_price, vat_rate in lines:
        document_line_save(
            document=invoice, actor=actor, description=description, quantity=quantity, unit_price=unit_price,
            vat_rate=vat_rate,
        )  # fmt: skip
    return invoice_issue(invoice=invoice, actor=actor, today=day)


@pytest.fixture
def january(customer, accountant):
    """January 2026: two invoices (one at 21 %, one at 21 % and 6 %) and a credit note on the first by lines;
    February: one more invoice; and a draft."""
    customer.enterprise_number = "0417497106"
    customer.invoice_email = "boekhouding@bakkerij-peeters.be"
    customer.save()
    first = _invoice(
        customer,
        accountant,
        [("Heteluchtoven 60 l", "2", "1200.00", "21"), ("Installatie", "3", "95.00", "21")],
        day=datetime.date(2026, 1, 12),
    )
    second = _invoice(
        customer,
        accountant,
        [("Onderhoudscontract", "1", "450.00", "21"), ("Plaatsing dampkap (woning > 10 jaar)", "1", "380.00", "6")],
        day=datetime.date(2026, 1, 20),
    )
    oven = first.lines.get(description="Heteluchtoven 60 l")
    note = credit_note_create(invoice=first, actor=accountant, reason="Eén oven defect teruggenomen.",
                              quantities={oven.pk: "1"})  # fmt: skip
    note = invoice_issue(invoice=note, actor=accountant, today=datetime.date(2026, 1, 28))
    february = _invoice(customer, accountant, [("Installatie", "2", "95.00", "21")], day=datetime.date(2026, 2, 2))
    draft = invoice_free_create(company=customer, actor=accountant)
    return {"invoices": [first, second], "credit_note": note, "february": february, "draft": draft}


# --- export_peppol ---------------------------------------------------------------------------------------------


def test_export_peppol_writes_the_archived_ubl_byte_for_byte_to_a_file(january, tmp_path):
    for document in [*january["invoices"], january["credit_note"]]:
        target = tmp_path / f"{document.number}.xml"
        out = StringIO()

        call_command("export_peppol", document.number, "-o", str(target), stdout=out)

        with document.ubl.open("rb") as handle:
            assert target.read_bytes() == handle.read()
        assert document.number in out.getvalue()


def test_export_peppol_writes_to_stdout_without_a_file(january):
    note = january["credit_note"]
    out = StringIO()

    call_command("export_peppol", note.number, stdout=out)

    with note.ubl.open("rb") as handle:
        assert out.getvalue().encode("utf-8") == handle.read()
    assert out.getvalue().startswith("<?xml") and "<CreditNote" in out.getvalue()


def test_export_peppol_of_an_unknown_number_or_a_draft_is_a_clear_error(january):
    with pytest.raises(CommandError, match="No issued invoice or credit note has the number F2026-999999"):
        call_command("export_peppol", "F2026-999999")
    # A draft has no number to ask for, and no archived UBL.
    with pytest.raises(CommandError, match="a draft has no number yet"):
        call_command("export_peppol", "")
    with pytest.raises(DomainError, match="only issued documents have one"):
        issued_ubl(january["draft"])


def test_an_archived_file_that_changed_is_refused(january):
    invoice = january["invoices"][0]
    invoice.ubl.storage.delete(invoice.ubl.name)
    invoice.ubl.storage.save(invoice.ubl.name, ContentFile(b"<Invoice/>"))

    with pytest.raises(CommandError, match="does not match its SHA-256"):
        call_command("export_peppol", invoice.number, stdout=StringIO())


# --- export_invoices -------------------------------------------------------------------------------------------


def _read_journal(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _amount(value: str) -> Decimal:
    return D(value) if value else D(0)


def test_export_invoices_writes_the_archived_files_and_the_journal_of_the_month(january, tmp_path):
    target = tmp_path / "accountant" / "2026-01"
    out = StringIO()

    call_command("export_invoices", "--period", "2026-01", "-o", str(target), stdout=out)

    documents = [*january["invoices"], january["credit_note"]]
    expected = {f"{d.number}.{ext}" for d in documents for ext in ("xml", "pdf")} | {"journal.csv"}
    assert {path.name for path in target.iterdir()} == expected
    for document in documents:
        assert (target / f"{document.number}.pdf").read_bytes() == issued_pdf(document)
        assert (target / f"{document.number}.xml").read_bytes() == issued_ubl(document)

    rows = _read_journal(target / "journal.csv")
    assert [row["number"] for row in rows] == [d.number for d in documents]  # invoices, then credit notes
    assert list(rows[0])[:5] == ["number", "kind", "issue date", "customer", "customer VAT number"]
    assert list(rows[0])[5:] == [
        "base 21%", "VAT 21%", "base 6%", "VAT 6%", "total excl. VAT", "VAT", "total incl. VAT"
    ]  # fmt: skip
    first = rows[0]
    assert (first["kind"], first["issue date"]) == ("Invoice", "2026-01-12")
    assert (first["customer"], first["customer VAT number"]) == ("Bakkerij Peeters BV", "BE0417497106")
    assert first["base 6%"] == first["VAT 6%"] == ""

    credit = rows[-1]
    note = january["credit_note"]
    assert credit["kind"] == "Credit note"
    assert _amount(credit["total incl. VAT"]) == -note.total < 0
    assert _amount(credit["base 21%"]) == -note.net_total and _amount(credit["VAT 21%"]) == -note.vat_total

    # Per rate, the columns add up to the lines in the database (credit notes deducted).
    sign = {d.number: -1 if d.is_credit_note else 1 for d in documents}
    for rate in (D(21), D(6)):
        label = f"{rate.normalize()}%"
        assert sum(_amount(row[f"base {label}"]) for row in rows) == sum(sign[d.number] * _base_at(d, rate)
                                                                         for d in documents)  # fmt: skip
        assert sum(_amount(row[f"VAT {label}"]) for row in rows) == sum(
            sign[d.number] * (_base_at(d, rate) * rate / 100).quantize(D("0.01")) for d in documents
        )
    # The totals add up to the frozen totals of the documents.
    for column, field in (("total excl. VAT", "net_total"), ("VAT", "vat_total"), ("total incl. VAT", "total")):
        expected_total = sum(getattr(d, field) for d in january["invoices"]) - getattr(note, field)
        assert sum(_amount(row[column]) for row in rows) == expected_total
    for row in rows:
        bases = sum(_amount(row[f"base {label}"]) for label in ("21%", "6%"))
        vats = sum(_amount(row[f"VAT {label}"]) for label in ("21%", "6%"))
        assert (bases, vats) == (_amount(row["total excl. VAT"]), _amount(row["VAT"]))
        assert bases + vats == _amount(row["total incl. VAT"])

    total = sum(d.total for d in january["invoices"]) - note.total
    assert f"2 invoices, 1 credit note → {target}" in out.getvalue()
    assert f"incl. VAT {total:.2f} EUR" in out.getvalue()


def _base_at(invoice: Invoice, rate: Decimal) -> Decimal:
    return InvoiceLine.objects.filter(invoice=invoice, vat_rate=rate).aggregate(s=Sum("net_amount"))["s"] or D(0)


def test_a_month_without_documents_gives_an_empty_journal(january, tmp_path):
    out = StringIO()

    call_command("export_invoices", "--period", "2025-12", "-o", str(tmp_path / "empty"), stdout=out)

    assert [path.name for path in (tmp_path / "empty").iterdir()] == ["journal.csv"]
    assert len(_read_journal(tmp_path / "empty" / "journal.csv")) == 0
    assert "0 invoices, 0 credit notes" in out.getvalue()


def test_export_with_render_renders_each_pdf_again_from_the_frozen_data(january, tmp_path):
    from sales.services.invoice_exports import invoices_export
    from tests.pdf_tools import pdf_text

    progress = []
    invoices_export(year=2026, month=1, directory=tmp_path, render=True, progress=lambda *step: progress.append(step))

    documents = [*january["invoices"], january["credit_note"]]
    assert sorted(path.name for path in tmp_path.iterdir() if path.suffix == ".pdf") == sorted(
        f"{d.number}.pdf" for d in documents
    )
    for document in documents:
        assert document.number in pdf_text((tmp_path / f"{document.number}.pdf").read_bytes())
    assert progress[-1] == (3, 3) and not list(tmp_path.glob(".rendering-*"))


@pytest.mark.parametrize("period", ["2026-1", "2026-13", "2026-00", "january", "2026/01", ""])
def test_a_bad_period_is_a_clear_error(period, tmp_path):
    with pytest.raises(CommandError, match="--period takes a month as YYYY-MM"):
        call_command("export_invoices", "--period", period, "-o", str(tmp_path / "out"))
    assert not (tmp_path / "out").exists()


# --- render_pdf ------------------------------------------------------------------------------------------------


def test_render_pdf_of_an_issued_invoice_or_credit_note_is_the_archived_pdf(january, tmp_path):
    for document in (january["invoices"][1], january["credit_note"]):
        target = tmp_path / f"{document.number}.pdf"

        call_command("render_pdf", document.number, "-o", str(target), stdout=StringIO())

        with document.pdf.open("rb") as handle:
            assert target.read_bytes() == handle.read()


def test_render_pdf_never_finds_a_draft(january):
    assert january["draft"].number == ""
    with pytest.raises(CommandError, match="No document has the number"):
        call_command("render_pdf", "")
