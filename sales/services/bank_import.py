"""Importing bank statements and matching what customers paid to their invoices, and our refunds to the credit
notes they settle.

A credit line whose structured communication is one of our OGMs and whose amount is exactly what is open is
booked at once. Otherwise the line waits in the queue with the best suggestion we can make (the OGM with a
different amount, an RF reference or an invoice number in the text, the amount with the customer's name)
for a person to confirm. A debit line is our refund when it names a credit note still to refund (booked at once
with exactly its amount) or has its amount and the customer's name (a suggestion); other debits are ignored.
Each line books at most one payment for one invoice (a one-to-one link, checked
under a row lock). A statement already imported is recognised by its account and reference and skipped; a
file that does not parse imports nothing.
"""

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Replace
from django.utils.translation import gettext as _
from stdnum.be import ogm_vcs

from orderdesk.exceptions import DomainError, PermissionDeniedError
from orderdesk.identifiers import format_structured_reference
from orderdesk.permissions import IMPORT_BANK, MATCH_BANK
from sales.models import BankLine, BankStatement, Invoice, Payment
from sales.services.bank_formats import ParsedStatement, StatementFormatError, statement_parse
from sales.services.payments import payment_register
from sales.states import INVOICE_OPEN

# An OGM typed by hand in the free text: +++123/4567/89012+++, with or without the pluses, slashes and spaces.
_TYPED_OGM = re.compile(r"(?<!\d)(\d{3})\s*/?\s*(\d{4})\s*/?\s*(\d{5})(?!\d)")
# Invoice numbers as we print them (F2026-000123) and as people type them (F2026000123, f 2026-123 is too loose).
_INVOICE_NUMBER = re.compile(r"\b([A-Z]\d{4})-?(\d{6})\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]{3,}")
_LEGAL_FORMS = {"bv", "nv", "bvba", "srl", "sa", "sprl", "vzw", "asbl", "cv", "sc", "comm", "the", "and"}


def _require(actor, permission: str) -> None:
    if actor is not None and not actor.has_perm(permission):
        raise PermissionDeniedError(_("You do not have the permission to do this."))


@dataclass
class ImportResult:
    statements: list[BankStatement] = field(default_factory=list)
    already_imported: list[BankStatement] = field(default_factory=list)
    matched: int = 0
    to_confirm: int = 0
    unmatched: int = 0


def _open_invoices():
    return Invoice.objects.filter(kind=Invoice.Kind.INVOICE, status__in=INVOICE_OPEN)


def _open_credit_notes():
    """Credit notes with money still owed back: what a debit line (our refund) can settle."""
    return Invoice.objects.filter(kind=Invoice.Kind.CREDIT_NOTE, status__in=INVOICE_OPEN)


def _open_documents_for(line: BankLine):
    return _open_invoices() if line.is_receipt else _open_credit_notes()


def _ogms_in(line: BankLine) -> list[str]:
    found = [line.structured_reference] if line.structured_reference else []
    for match in _TYPED_OGM.finditer(line.free_text):
        digits = "".join(match.groups())
        if ogm_vcs.is_valid(digits) and digits not in found:
            found.append(digits)
    return found


def _numbers_in(line: BankLine) -> list[str]:
    """Invoice numbers, without their dash, found in the free text or the RF reference's body."""
    texts = [line.free_text, line.creditor_reference[4:] if line.creditor_reference else ""]
    return [f"{prefix.upper()}{digits}" for text in texts for prefix, digits in _INVOICE_NUMBER.findall(text)]


def _words(name: str) -> set[str]:
    return {word for word in _WORD.findall(name.lower()) if word not in _LEGAL_FORMS}


def _numbered(documents, numbers: list[str]) -> Invoice | None:
    """The document whose number (without its dash) is one of these."""
    compact = documents.annotate(compact=Replace("number", Value("-"), Value("")))
    return compact.filter(compact__in=numbers).select_related("company").first()


def _same_amount_and_name(documents, amount, name: str) -> Invoice | None:
    """The oldest document with exactly this open amount whose customer's name shares a word with `name`."""
    candidates = (
        documents.annotate(open=F("total") - F("amount_credited") - F("amount_paid"))
        .filter(open=amount)
        .select_related("company")
        .order_by("due_date", "issue_date", "pk")[:50]
    )
    words = _words(name)
    return next((document for document in candidates if words & _words(document.company.name)), None)


def line_suggestion(line: BankLine) -> tuple[Invoice | None, str, bool]:
    """(invoice, why, certain) for a credit line: certain only for our OGM with exactly the open amount."""
    ogms = _ogms_in(line)
    if ogms:
        invoice = _open_invoices().filter(structured_reference__in=ogms).select_related("company").first()
        if invoice is not None:
            if invoice.amount_open == line.amount and line.structured_reference == invoice.structured_reference:
                return invoice, _("Structured communication and amount"), True
            if invoice.amount_open == line.amount:
                return invoice, _("Structured communication in the text and amount"), False
            return invoice, _("Structured communication of %(number)s, but %(open)s is open") % {
                "number": invoice.number, "open": invoice.amount_open}, False  # fmt: skip
    numbers = _numbers_in(line)
    invoice = _numbered(_open_invoices(), numbers) if numbers else None
    if invoice is not None:
        reason = _("RF reference") if line.creditor_reference else _("Invoice number in the communication")
        return invoice, reason, False
    invoice = _same_amount_and_name(_open_invoices(), line.amount, line.counterparty_name)
    if invoice is not None:
        return invoice, _("Amount and name of the payer"), False
    return None, "", False


def refund_suggestion(line: BankLine) -> tuple[Invoice | None, str, bool]:
    """(credit note, why, certain) for a debit line, our refund: certain for the credit note's number in the
    communication with exactly what is still to refund; the amount and the customer's name only suggest."""
    numbers = _numbers_in(line)
    note = _numbered(_open_credit_notes(), numbers) if numbers else None
    if note is not None:
        return note, _("Credit note number in the communication"), note.amount_open == -line.amount
    note = _same_amount_and_name(_open_credit_notes(), -line.amount, line.counterparty_name)
    if note is not None:
        return note, _("Amount and name of the customer"), False
    return None, "", False


def _book(*, line: BankLine, invoice: Invoice, actor) -> Payment:
    """The payment of a bank line allocated to one invoice (what is above its open amount stays credit), or a
    debit line's refund allocated to one credit note."""
    reference = format_structured_reference(line.structured_reference) or line.free_text
    amount = abs(line.amount)
    direction = Payment.Direction.RECEIVED if line.is_receipt else Payment.Direction.REFUNDED
    return payment_register(
        company=invoice.company, actor=actor, received_on=line.booked_on, amount=amount,
        method=Payment.Method.TRANSFER, reference=reference[:140], payer=line.counterparty_name[:140],
        notes=_("Bank statement %(statement)s, line %(line)s") % {"statement": line.statement.reference,
                                                                  "line": line.sequence},
        direction=direction, allocations={invoice.pk: min(amount, invoice.amount_open)},
    )  # fmt: skip


def _match(line: BankLine, actor) -> str:
    if line.is_receipt:
        invoice, reason, certain = line_suggestion(line)
    else:  # money out: our refund of a credit note, or not the customers' business (rent, suppliers...)
        invoice, reason, certain = refund_suggestion(line)
        if invoice is None:
            line.status = BankLine.Status.IGNORED
            line.save(update_fields=["status"])
            return "ignored"
    if certain:
        line.payment = _book(line=line, invoice=invoice, actor=actor)
        line.status, line.suggested_invoice, line.suggestion_reason = BankLine.Status.MATCHED, invoice, reason
        line.save(update_fields=["payment", "status", "suggested_invoice", "suggestion_reason"])
        return "matched"
    line.suggested_invoice, line.suggestion_reason = invoice, reason
    line.save(update_fields=["suggested_invoice", "suggestion_reason"])
    return "to_confirm" if invoice is not None else "unmatched"


def _store(parsed: ParsedStatement, *, filename: str, actor) -> BankStatement:
    statement = BankStatement.objects.create(
        format=parsed.format, account=parsed.account, reference=parsed.reference, issued_on=parsed.issued_on,
        opening_balance=parsed.opening_balance, closing_balance=parsed.closing_balance, filename=filename[:200],
        imported_by=actor if getattr(actor, "pk", None) else None,
    )  # fmt: skip
    BankLine.objects.bulk_create(
        BankLine(
            statement=statement,
            sequence=line.sequence,
            booked_on=line.booked_on,
            value_date=line.value_date,
            amount=line.amount,
            counterparty_name=line.counterparty_name[:140],
            counterparty_account=line.counterparty_account[:40],
            structured_reference=line.structured_reference,
            creditor_reference=line.creditor_reference[:35],
            free_text=line.free_text[:500],
            bank_reference=line.bank_reference[:40],
        )  # fmt: skip
        for line in parsed.lines
    )
    return statement


@transaction.atomic
def bank_statement_import(*, content: bytes, filename: str = "", actor=None) -> ImportResult:
    """Import every statement of a CODA or camt.053 file and match its lines; all or nothing."""
    _require(actor, IMPORT_BANK)
    try:
        parsed_statements = statement_parse(content)
    except StatementFormatError as error:
        raise DomainError(str(error)) from None
    result = ImportResult()
    for parsed in parsed_statements:
        existing = BankStatement.objects.filter(account=parsed.account, reference=parsed.reference).first()
        if existing is not None:
            result.already_imported.append(existing)
            continue
        statement = _store(parsed, filename=filename, actor=actor)
        result.statements.append(statement)
        for line in statement.lines.order_by("pk"):
            outcome = _match(line, actor)
            if outcome != "ignored":
                setattr(result, outcome, getattr(result, outcome) + 1)
    return result


def _locked_open_line(line: BankLine) -> BankLine:
    line = BankLine.objects.select_for_update(of=("self",)).select_related("statement").get(pk=line.pk)
    if line.status != BankLine.Status.UNMATCHED or line.payment_id:
        raise DomainError(_("This bank line has been handled already."))
    return line


@transaction.atomic
def bank_line_confirm(*, line: BankLine, invoice: Invoice, actor) -> BankLine:
    """A person confirms which invoice a bank line pays (the suggestion, or another open invoice)."""
    _require(actor, MATCH_BANK)
    line = _locked_open_line(line)
    if line.is_receipt != (invoice.kind == Invoice.Kind.INVOICE):
        raise DomainError(_("Money received pays an invoice; money paid out refunds a credit note."))
    invoice = _open_documents_for(line).filter(pk=invoice.pk).select_related("company").first()
    if invoice is None:
        raise DomainError(_("This invoice is not open any more."))
    line.payment = _book(line=line, invoice=invoice, actor=actor)
    line.status, line.suggested_invoice, line.handled_by = BankLine.Status.CONFIRMED, invoice, actor
    line.save(update_fields=["payment", "status", "suggested_invoice", "handled_by"])
    return line


@transaction.atomic
def bank_line_ignore(*, line: BankLine, actor) -> BankLine:
    """Not a customer's payment (a refund from a supplier, a transfer between our accounts...)."""
    _require(actor, MATCH_BANK)
    line = _locked_open_line(line)
    line.status, line.handled_by = BankLine.Status.IGNORED, actor
    line.save(update_fields=["status", "handled_by"])
    return line


def invoice_by_number(number: str) -> Invoice | None:
    """An open invoice, or an open credit note (for a refund), by its number as typed."""
    compact = number.strip().upper().replace("-", "").replace(" ", "")
    return _numbered(Invoice.objects.filter(status__in=INVOICE_OPEN), [compact])


def bank_lines_to_match():
    """Money received not booked yet, and refunds paid out that point to a credit note."""
    return (
        BankLine.objects.filter(status=BankLine.Status.UNMATCHED)
        .filter(Q(amount__gt=0) | Q(suggested_invoice__isnull=False))
        .select_related("statement", "suggested_invoice__company")
        .order_by("booked_on", "pk")
    )
