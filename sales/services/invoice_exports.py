"""Issued invoices and credit notes for the accountant: the archived files of a month, its sales journal, and
one document's archived UBL by number.

Everything comes from what was archived at issue (the PDF and the UBL, checked against their SHA-256) and from
the frozen lines and parties, never from the current customer file or catalog. In the journal a credit note
counts negative, so the sum of a column is what the month really invoiced.
"""

import gc
import hashlib
import multiprocessing
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TextIO

from django.db import connections
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from orderdesk.exceptions import DomainError
from orderdesk.exports import safe_csv_writer
from orderdesk.money import ZERO
from sales.models import Invoice, InvoiceLine
from sales.selectors.invoices import invoice_without_ubl_reason, invoices_of_period
from sales.services.totals import document_totals
from sales.states import InvoiceStatus

JOURNAL_FILENAME = "journal.csv"


# --- one document ------------------------------------------------------------------------------------------------


def invoice_issued_by_number(*, number: str) -> Invoice:
    """The issued invoice or credit note with this number; drafts have none and are never found."""
    number = number.strip()
    invoice = (
        Invoice.objects.filter(number=number).exclude(status=InvoiceStatus.DRAFT).select_related("company").first()
        if number
        else None
    )
    if invoice is None:
        raise DomainError(
            _("No issued invoice or credit note has the number %(number)s (a draft has no number yet).")
            % {"number": number}
        )
    return invoice


def issued_ubl(invoice: Invoice) -> bytes:
    """The UBL file as it was archived (and sent) at issue, byte for byte."""
    return _archived(invoice, invoice.ubl, invoice.ubl_sha256, "UBL")


def issued_pdf(invoice: Invoice) -> bytes:
    """The PDF as it was archived (and sent) at issue, byte for byte."""
    return _archived(invoice, invoice.pdf, invoice.pdf_sha256, "PDF")


def _archived(invoice: Invoice, file, sha256: str, label: str) -> bytes:
    if invoice.status != InvoiceStatus.DRAFT and not file:
        if label == "UBL":
            raise DomainError(_("%(invoice)s has no e-invoice: %(reason)s")
                              % {"invoice": invoice.number, "reason": invoice_without_ubl_reason(invoice)})  # fmt: skip
        raise DomainError(_("%(invoice)s has no archived %(file)s.") % {"invoice": invoice.number, "file": label})
    if invoice.status == InvoiceStatus.DRAFT or not file:
        raise DomainError(_("%(invoice)s has no archived %(file)s: only issued documents have one.")
                          % {"invoice": invoice.reference, "file": label})  # fmt: skip
    with file.open("rb") as handle:
        content = handle.read()
    if hashlib.sha256(content).hexdigest() != sha256:
        raise DomainError(_("The archived %(file)s of %(invoice)s does not match its SHA-256 any more.")
                          % {"invoice": invoice.number, "file": label})  # fmt: skip
    return content


# --- the journal of a month ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class JournalRow:
    """One issued document in the sales journal; a credit note's amounts are negative."""

    invoice: Invoice
    customer_name: str
    customer_vat_number: str
    per_rate: dict[Decimal, tuple[Decimal, Decimal]]  # VAT rate → (taxable base, VAT)
    net: Decimal
    vat: Decimal
    total: Decimal


@dataclass(frozen=True)
class JournalTotals:
    invoices: int = 0
    credit_notes: int = 0
    net: Decimal = ZERO
    vat: Decimal = ZERO
    total: Decimal = ZERO
    per_rate: dict[Decimal, tuple[Decimal, Decimal]] = field(default_factory=dict)


def _signed(amount: Decimal, sign: int) -> Decimal:
    value = amount * sign
    return value if value else ZERO  # no "-0.00"


def invoices_journal_rows(*, year: int, month: int) -> list[JournalRow]:
    """The sales journal of a month: every issued invoice, then every credit note, in number order."""
    documents = invoices_of_period(year=year, month=month).prefetch_related(
        Prefetch("lines", queryset=InvoiceLine.objects.order_by("position", "pk"))
    )
    rows = []
    for invoice in sorted(documents, key=lambda document: (document.is_credit_note, document.number)):
        sign = -1 if invoice.is_credit_note else 1
        frozen = (invoice.net_total, invoice.vat_total, invoice.total)
        # Per VAT category and rate, as issued; documents issued before categories were kept: per rate.
        for regime in (invoice.vat_regime, ""):
            totals = document_totals(
                lines=invoice.lines.all(), discount_percent=invoice.discount_percent, regime=regime
            )
            if (totals.net, totals.vat, totals.total) == frozen:
                break
        else:
            raise DomainError(_("The lines of %(number)s do not add up to its frozen totals.")
                              % {"number": invoice.number})  # fmt: skip
        per_rate: dict[Decimal, tuple[Decimal, Decimal]] = {}
        for row in totals.per_rate:  # goods and services to the EU are two categories at 0 %: one journal column
            base, vat = per_rate.get(row.rate, (ZERO, ZERO))
            per_rate[row.rate] = (base + _signed(row.base, sign), vat + _signed(row.vat, sign))
        buyer = (invoice.parties or {}).get("buyer", {})
        rows.append(
            JournalRow(
                invoice=invoice,
                customer_name=buyer.get("name") or invoice.company.display_name,
                customer_vat_number=buyer.get("vat_number", invoice.company.vat_number) or "",
                per_rate=per_rate,
                net=_signed(invoice.net_total, sign),
                vat=_signed(invoice.vat_total, sign),
                total=_signed(invoice.total, sign),
            )
        )
    return rows


def journal_rates(rows: Iterable[JournalRow]) -> list[Decimal]:
    """Every VAT rate that occurs in the journal, highest first: one pair of columns each."""
    return sorted({rate for row in rows for rate in row.per_rate}, reverse=True)


def journal_totals(rows: Iterable[JournalRow]) -> JournalTotals:
    rows = list(rows)
    per_rate = {}
    for rate in journal_rates(rows):
        pairs = [row.per_rate[rate] for row in rows if rate in row.per_rate]
        per_rate[rate] = (sum((base for base, _vat in pairs), ZERO), sum((vat for _base, vat in pairs), ZERO))
    return JournalTotals(
        invoices=sum(1 for row in rows if not row.invoice.is_credit_note),
        credit_notes=sum(1 for row in rows if row.invoice.is_credit_note),
        net=sum((row.net for row in rows), ZERO),
        vat=sum((row.vat for row in rows), ZERO),
        total=sum((row.total for row in rows), ZERO),
        per_rate=per_rate,
    )


def _rate_label(rate: Decimal) -> str:
    return f"{rate.normalize():f}%"


def journal_csv_write(*, rows: list[JournalRow], stream: TextIO) -> None:
    """The journal as CSV (comma-separated, amounts with a decimal point), one line per document."""
    rates = journal_rates(rows)
    header = [_("number"), _("kind"), _("issue date"), _("customer"), _("customer VAT number")]
    for rate in rates:
        header += [_("base %(rate)s") % {"rate": _rate_label(rate)}, _("VAT %(rate)s") % {"rate": _rate_label(rate)}]
    header += [_("total excl. VAT"), _("VAT"), _("total incl. VAT")]
    writer = safe_csv_writer(stream, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        invoice = row.invoice
        cells = [
            invoice.number,
            invoice.get_kind_display(),
            invoice.issue_date.isoformat(),
            row.customer_name,
            row.customer_vat_number,
        ]
        for rate in rates:
            base, vat = row.per_rate.get(rate, (None, None))
            cells += ["" if base is None else f"{base:.2f}", "" if vat is None else f"{vat:.2f}"]
        cells += [f"{row.net:.2f}", f"{row.vat:.2f}", f"{row.total:.2f}"]
        writer.writerow(cells)


def invoices_export(*, year: int, month: int, directory: Path, render: bool = False, workers: int = 1,
                    progress: Callable[[int, int], None] | None = None) -> JournalTotals:  # fmt: skip
    """Write a month for the accountant into `directory` (created if needed): <number>.xml and <number>.pdf of
    every issued document as archived, and journal.csv.

    `render`: each PDF rendered again from the document's frozen lines and parties instead of copied from the
    archive (documents issued before PDFs were archived, e.g. the large demo dataset), by `workers` processes;
    `progress(done, total)` is called as documents are rendered."""
    rows = invoices_journal_rows(year=year, month=month)
    # Private persons have no e-invoice (Peppol has no address for them): their PDF alone.
    files = [(row.invoice, issued_ubl(row.invoice) if row.invoice.ubl else None,
              None if render else issued_pdf(row.invoice)) for row in rows]  # fmt: skip
    directory.mkdir(parents=True, exist_ok=True)
    if render:
        invoices_render(ids=[row.invoice.pk for row in rows], directory=directory, workers=workers, progress=progress)
    for invoice, ubl, pdf in files:
        if ubl is not None:
            (directory / f"{invoice.number}.xml").write_bytes(ubl)
        if pdf is not None:
            (directory / f"{invoice.number}.pdf").write_bytes(pdf)
    with (directory / JOURNAL_FILENAME).open("w", encoding="utf-8", newline="") as stream:
        journal_csv_write(rows=rows, stream=stream)
    return journal_totals(rows)


# --- rendering many documents in parallel --------------------------------------------------------------------

# Documents per piece of work: small enough for an even share between workers and a smooth progress bar, large
# enough that starting a piece costs little next to its renders.
RENDER_CHUNK = 25


def render_chunks(ids: list[int], size: int = RENDER_CHUNK) -> list[list[int]]:
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def invoices_render(*, ids: list[int], directory: Path, workers: int = 1,
                    progress: Callable[[int, int], None] | None = None) -> int:  # fmt: skip
    """Render the PDF of each invoice or credit note (issued: from its frozen data) into `directory` as
    <number>.pdf, by `workers` processes (WeasyPrint holds the GIL: threads would not help). The files appear
    only when every one is rendered, so a failure leaves no half month behind."""
    chunks = render_chunks(ids, RENDER_CHUNK)
    done = 0
    with tempfile.TemporaryDirectory(dir=directory, prefix=".rendering-") as folder:
        if workers <= 1 or len(chunks) <= 1:
            for chunk in chunks:
                done += invoices_render_chunk(ids=chunk, folder=folder)
                if progress:
                    progress(done, len(ids))
        else:
            # Forked children inherit the loaded Django, templates and fonts; each opens its own connection.
            connections.close_all()
            context = multiprocessing.get_context("fork")
            # The objects the children inherit are frozen out of the collector's reach first: a collection in a
            # child would otherwise walk (and so copy, page by page) the whole inherited heap.
            gc.freeze()
            try:
                with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                    for rendered in pool.map(_render_chunk_in_child, chunks, [folder] * len(chunks)):
                        done += rendered
                        if progress:
                            progress(done, len(ids))
            finally:
                gc.unfreeze()
        for path in Path(folder).iterdir():
            path.replace(directory / path.name)
    return done


def invoices_render_chunk(*, ids: list[int], folder: str) -> int:
    """One piece of the work (a worker process or a Celery task): render these documents into `folder`."""
    from sales.services.invoice_documents import invoice_pdf

    invoices = Invoice.objects.filter(pk__in=ids).select_related("company", "contact", "order", "credited_invoice")
    count = 0
    for invoice in invoices:
        (Path(folder) / f"{invoice.number or f'draft-{invoice.pk}'}.pdf").write_bytes(invoice_pdf(invoice))
        count += 1
    return count


def _render_chunk_in_child(ids: list[int], folder: str) -> int:
    try:
        return invoices_render_chunk(ids=ids, folder=folder)
    finally:
        connections.close_all()
