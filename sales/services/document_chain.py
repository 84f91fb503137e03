"""Tamper evidence for issued invoices and credit notes: a hash chain per number series.

At issue, each document stores the hash of what it says (number, dates, parties, totals, the hashes of its PDF
and UBL file) chained to the hash of the previous document of its series (one series per document type per year,
in number order). Changing a frozen column afterwards, even by raw SQL, or removing a document from the middle
of a series breaks the chain; `manage.py verify_documents` finds the first broken link.

The fingerprint reads plain attributes only, so the data migration that chains the documents issued before
runs the very same code on its historical models. Never change what goes into it: the stored hashes would no
longer verify.
"""

import hashlib
import json
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from sales.states import InvoiceStatus

CHAINED_FIELDS = ("kind", "number", "issue_date", "supply_date", "due_date", "structured_reference", "vat_regime",
                  "parties", "net_total", "vat_total", "total", "pdf_sha256", "ubl_sha256")  # fmt: skip


def _canonical(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def document_hash(document, *, previous_hash: str) -> str:
    """The SHA-256 of the document's issued content and the previous document's hash."""
    content = {name: _canonical(getattr(document, name)) for name in CHAINED_FIELDS}
    content["previous_hash"] = previous_hash
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def document_series(document) -> tuple[str, int]:
    return document.kind, document.issue_date.year


def chain_previous(model, document):
    """The last issued document of the document's series before it (its previous link), or None for the first."""
    kind, year = document_series(document)
    return (
        model.objects.filter(kind=kind, issue_date__year=year, number__lt=document.number)
        .exclude(status=InvoiceStatus.DRAFT)
        .exclude(pk=document.pk)
        .exclude(number="")
        .order_by("-number")
        .first()
    )


def document_chain_link(*, document, model) -> None:
    """Set `previous_hash` and `chain_hash` of a document being issued (numbered and frozen, not saved yet)."""
    previous = chain_previous(model, document)
    document.previous_hash = previous.chain_hash if previous else ""
    document.chain_hash = document_hash(document, previous_hash=document.previous_hash)


def chain_in_number_order(model) -> dict[tuple[str, int], list]:
    """Every issued document, by series, in number order."""
    series: dict[tuple[str, int], list] = {}
    for document in model.objects.exclude(status=InvoiceStatus.DRAFT).exclude(number="").order_by("pk"):
        series.setdefault(document_series(document), []).append(document)
    for documents in series.values():
        documents.sort(key=lambda row: row.number)
    return series


@dataclass(frozen=True)
class BrokenLink:
    number: str
    problem: str

    def __str__(self):
        return f"{self.number}: {self.problem}"


def _sequence(number: str) -> int | None:
    digits = re.search(r"(\d+)$", number)
    return int(digits[1]) if digits else None


def documents_verify(model=None) -> tuple[int, BrokenLink | None]:
    """Walk every series in number order: how many documents were checked, and the first broken link."""
    if model is None:
        from sales.models import Invoice as model
    checked = 0
    for _series, documents in sorted(chain_in_number_order(model).items()):
        previous = None
        for document in documents:
            checked += 1
            expected_previous = previous.chain_hash if previous else ""
            sequences = (_sequence(previous.number), _sequence(document.number)) if previous else (None, None)
            if None not in sequences and sequences[1] != sequences[0] + 1:
                return checked, BrokenLink(
                    document.number,
                    _("the document numbered before it is missing (the previous one is %(previous)s).")
                    % {"previous": previous.number},
                )
            if not document.chain_hash:
                return checked, BrokenLink(document.number, _("it has no hash: it was never chained."))
            if document.previous_hash != expected_previous:
                return checked, BrokenLink(
                    document.number,
                    _("it does not follow %(previous)s: a document of the series was removed or changed.")
                    % {"previous": previous.number if previous else "—"},
                )
            if document_hash(document, previous_hash=document.previous_hash) != document.chain_hash:
                return checked, BrokenLink(
                    document.number, _("what it says was changed after it was issued (its hash no longer matches).")
                )
            for file_field, digest_field in (("pdf", "pdf_sha256"), ("ubl", "ubl_sha256")):
                problem = _file_problem(getattr(document, file_field), getattr(document, digest_field))
                if problem:
                    return checked, BrokenLink(document.number, problem)
            previous = document
    return checked, None


def _file_problem(file, digest: str) -> str:
    """The archived file must still be the one whose hash was chained."""
    if not file or not file.name or not digest:
        return ""
    try:
        with file.open("rb") as handle:
            content = handle.read()
    except OSError:
        return _("its archived file %(name)s is missing.") % {"name": file.name}
    if hashlib.sha256(content).hexdigest() != digest:
        return _("its archived file %(name)s was changed.") % {"name": file.name}
    return ""
