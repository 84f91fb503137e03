"""Importing bank statements of our accounts and matching what customers paid to their invoices, our refunds to
the credit notes they settle, and returned payments to what they paid.

A credit line in euros whose structured communication is one of our OGMs and whose amount is exactly what is
open is booked at once. Otherwise the line waits in the queue with the best suggestion we can make (the OGM
with a different amount, an RF reference or an invoice number in the text, the amount with the customer's
name) for a person to confirm; a line in another currency always waits, showing its currency. A debit line is
our refund when it names a credit note still to refund (booked at once with exactly its amount) or has its
amount and the customer's name (a suggestion); other debits are ignored. Each line books at most one payment
for one invoice (a one-to-one link, checked under a row lock); the transactions of a grouped movement are lines
of their own, each paying its invoice.

A return (a reversal, a returned or unpaid transfer or direct debit, a storno) is never a new payment: when it
names the line it returns (same end-to-end reference or communication, same amount), the payment that line
booked is taken back and the invoice is open again; otherwise it waits for a person, with the line it
probably returns. A statement of an account that is not one of ours is refused; one already imported is
recognised by its account, reference and page and skipped; a file that does not parse imports nothing. A
large statement is stored at once and its lines are matched by a worker, the statement's page showing the
progress.
"""

import logging
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Replace
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from stdnum import iban
from stdnum.be import ogm_vcs

from orderdesk.exceptions import DomainError, PermissionDeniedError
from orderdesk.identifiers import format_iban, format_structured_reference
from orderdesk.models import CompanySettings
from orderdesk.permissions import IMPORT_BANK, MATCH_BANK
from orderdesk.stored_texts import stored_text
from sales import texts
from sales.models import BankLine, BankStatement, CompanyBankAccount, Invoice, Payment
from sales.services.bank_formats import EURO, ParsedStatement, StatementFormatError, statement_parse
from sales.services.invoicing import invoice_settle
from sales.services.payments import payment_register
from sales.states import INVOICE_OPEN

logger = logging.getLogger(__name__)

# A file with more lines than this is matched by a worker: the request only stores it.
MATCH_IN_REQUEST_LINES = 200
# Lines the worker matches per transaction: each chunk commits, so the statement's page shows the progress.
MATCH_CHUNK = 50

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
    queued: list[BankStatement] = field(default_factory=list)  # their lines are matched by a worker
    matched: int = 0
    to_confirm: int = 0
    unmatched: int = 0
    returned: int = 0  # returns that took back the payment of the line they return


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
    sources = [line.free_text, line.creditor_reference[4:] if line.creditor_reference else ""]
    return [f"{prefix.upper()}{digits}" for text in sources for prefix, digits in _INVOICE_NUMBER.findall(text)]


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


def line_suggestion(line: BankLine) -> tuple[Invoice | None, dict | None, bool]:
    """(invoice, why as a stored text, certain) for a credit line: certain only for our OGM with exactly the open
    amount."""
    ogms = _ogms_in(line)
    if ogms:
        invoice = _open_invoices().filter(structured_reference__in=ogms).select_related("company").first()
        if invoice is not None:
            if invoice.amount_open == line.amount and line.structured_reference == invoice.structured_reference:
                return invoice, stored_text(texts.BANK_OGM_AND_AMOUNT), True
            if invoice.amount_open == line.amount:
                return invoice, stored_text(texts.BANK_OGM_IN_TEXT_AND_AMOUNT), False
            return invoice, stored_text(texts.BANK_OGM_OTHER_AMOUNT, number=invoice.number,
                                        open=invoice.amount_open), False  # fmt: skip
    numbers = _numbers_in(line)
    invoice = _numbered(_open_invoices(), numbers) if numbers else None
    if invoice is not None:
        reason = texts.BANK_RF_REFERENCE if line.creditor_reference else texts.BANK_INVOICE_NUMBER
        return invoice, stored_text(reason), False
    invoice = _same_amount_and_name(_open_invoices(), line.amount, line.counterparty_name)
    if invoice is not None:
        return invoice, stored_text(texts.BANK_AMOUNT_AND_PAYER), False
    return None, None, False


def refund_suggestion(line: BankLine) -> tuple[Invoice | None, dict | None, bool]:
    """(credit note, why, certain) for a debit line, our refund: certain for the credit note's number in the
    communication with exactly what is still to refund; the amount and the customer's name only suggest."""
    numbers = _numbers_in(line)
    note = _numbered(_open_credit_notes(), numbers) if numbers else None
    if note is not None:
        return note, stored_text(texts.BANK_CREDIT_NOTE_NUMBER), note.amount_open == -line.amount
    note = _same_amount_and_name(_open_credit_notes(), -line.amount, line.counterparty_name)
    if note is not None:
        return note, stored_text(texts.BANK_AMOUNT_AND_CUSTOMER), False
    return None, None, False


def _book(*, line: BankLine, invoice: Invoice, actor) -> Payment:
    """The payment of a bank line allocated to one invoice (what is above its open amount stays credit), or a
    debit line's refund allocated to one credit note."""
    reference = format_structured_reference(line.structured_reference) or line.free_text
    amount = abs(line.amount)
    direction = Payment.Direction.RECEIVED if line.is_receipt else Payment.Direction.REFUNDED
    return payment_register(
        company=invoice.company, actor=actor, received_on=line.booked_on, amount=amount,
        method=Payment.Method.TRANSFER, reference=reference[:140], payer=line.counterparty_name[:140],
        notes=stored_text(texts.PAYMENT_FROM_BANK_LINE, statement=line.statement.label, line=line.sequence),
        direction=direction, allocations={invoice.pk: min(amount, invoice.amount_open)},
    )  # fmt: skip


def _save(line: BankLine, status: str, *, invoice: Invoice | None = None, reason: dict | None = None) -> None:
    """Keep the line's outcome; its reason is a stored text, read in the language of whoever looks at it."""
    line.status, line.suggested_invoice, line.suggestion_reason_data = status, invoice, reason
    line.suggestion_reason = ""  # the text of rows matched before reasons were stored as codes
    line.save(update_fields=["status", "payment", "suggested_invoice", "suggestion_reason", "suggestion_reason_data",
                             "reverses"])  # fmt: skip


def _match(line: BankLine, actor) -> str:
    """Match one line that waits; its status is never left pending. Returns what happened."""
    if line.is_return:
        return _match_return(line, actor)
    if _returned_later(line):
        return "returned"
    if line.is_receipt:
        invoice, reason, certain = line_suggestion(line)
    else:  # money out: our refund of a credit note, or not the customers' business (rent, suppliers...)
        invoice, reason, certain = refund_suggestion(line)
        if invoice is None:
            _save(line, BankLine.Status.IGNORED)
            return "ignored"
    if invoice is not None and line.is_foreign_currency:
        certain = False  # a dollar is not a euro: a person books it, in euros
        reason = stored_text(texts.BANK_FOREIGN_CURRENCY, reason=reason, currency=line.currency)
    if certain:
        try:
            with transaction.atomic():
                line.payment = _book(line=line, invoice=invoice, actor=actor)
        except (DomainError, ValidationError):  # the invoice changed meanwhile: a person decides
            certain = False
    if certain:
        _save(line, BankLine.Status.MATCHED, invoice=invoice, reason=reason)
        return "matched"
    _save(line, BankLine.Status.UNMATCHED, invoice=invoice, reason=reason)
    return "to_confirm" if invoice is not None else "unmatched"


# --- returns -----------------------------------------------------------------------------------------------------


def _same_transaction(line: BankLine) -> Q | None:
    """What ties a return to the line it returns for certain: the end-to-end reference or the communication."""
    keys = Q()
    for name in ("end_to_end_id", "structured_reference", "creditor_reference"):
        if getattr(line, name):
            keys |= Q(**{name: getattr(line, name)})
    return keys or None


def _counterpart(line: BankLine, candidates) -> tuple[BankLine | None, bool]:
    """(the line among the candidates that this one returns, or is returned by; certain?): exactly one with
    the same references, or else exactly one from the same account (only a suggestion)."""
    candidates = candidates.filter(amount=-line.amount, currency=line.currency).exclude(pk=line.pk)
    keys = _same_transaction(line)
    if keys is not None:
        found = list(candidates.filter(keys).select_related("statement")[:2])
        accounts = {found[0].counterparty_account, line.counterparty_account} - {""} if found else set()
        if len(found) == 1 and len(accounts) <= 1:  # the same transaction, unless another account says no
            return found[0], True
        if found:
            return None, False
    if line.counterparty_account:
        found = list(candidates.filter(counterparty_account=line.counterparty_account).select_related("statement")[:2])
        if len(found) == 1:
            return found[0], False
    return None, False


def _returnable_lines():
    """Lines a return can take back: not returns themselves, not returned already."""
    handled = [BankLine.Status.MATCHED, BankLine.Status.CONFIRMED, BankLine.Status.UNMATCHED, BankLine.Status.IGNORED]
    return BankLine.objects.filter(is_return=False, status__in=handled, returned_by__isnull=True)


def _document_of(line: BankLine) -> Invoice | None:
    allocation = line.payment.allocations.select_related("invoice").first() if line.payment_id else None
    return allocation.invoice if allocation else line.suggested_invoice


def _take_back(*, line: BankLine, original: BankLine, actor) -> Invoice | None:
    """The return `line` takes back what `original` booked: the payment's allocations are undone (the invoice
    or credit note is open again, its status follows) and the payment goes, since the money went back. The
    original line keeps the facts, marked returned. Returns the document opened again, if any."""
    original = BankLine.objects.select_for_update(of=("self",)).select_related("payment").get(pk=original.pk)
    if original.is_return or original.status in (BankLine.Status.PENDING, BankLine.Status.RETURNED):
        raise DomainError(_("This payment has been returned already."))
    if original.returned_by.exclude(pk=line.pk).exclude(status=BankLine.Status.UNMATCHED).exists():
        raise DomainError(_("This payment has been returned already."))
    document = _document_of(original)
    payment = original.payment
    if payment is not None:
        allocations = list(payment.allocations.order_by("invoice_id"))
        documents = Invoice.objects.select_for_update(of=("self",)).filter(pk__in=[a.invoice_id for a in allocations])
        by_id = {invoice.pk: invoice for invoice in documents.order_by("pk")}
        for allocation in allocations:
            invoice = by_id[allocation.invoice_id]
            invoice.amount_paid -= allocation.amount
            invoice.save(update_fields=["amount_paid", "updated_at"])
            invoice_settle(invoice=invoice, actor=actor)
            allocation.delete()
        original.payment = None
        original.status = BankLine.Status.RETURNED
        original.save(update_fields=["payment", "status"])  # before the payment goes: the line protects it
        payment.delete()
    elif original.status != BankLine.Status.IGNORED:
        original.status = BankLine.Status.RETURNED  # never booked: it leaves the queue with its return
        original.save(update_fields=["status"])
    line.reverses = original
    return document


def _return_outcome(line: BankLine, original: BankLine, document: Invoice | None, status: str) -> str:
    if original.status == BankLine.Status.IGNORED:  # rent that bounced, a supplier's refund taken back...
        _save(line, BankLine.Status.IGNORED, reason=stored_text(texts.BANK_RETURNS_IGNORED))
        return "ignored"
    if document is not None:
        reason = stored_text(texts.BANK_RETURNED_OPEN_AGAIN, number=document.number)
    else:
        reason = stored_text(texts.BANK_RETURNS_NOT_BOOKED)
    _save(line, status, invoice=document, reason=reason)
    return "returned"


def _match_return(line: BankLine, actor) -> str:
    earlier = _returnable_lines().filter(pk__lt=line.pk, booked_on__lte=line.booked_on)
    original, certain = _counterpart(line, earlier)
    if original is not None and certain:
        try:
            with transaction.atomic():
                document = _take_back(line=line, original=original, actor=actor)
                return _return_outcome(line, original, document, BankLine.Status.MATCHED)
        except (DomainError, ValidationError):
            line.reverses = None
    if original is not None:
        line.reverses = original
        document = _document_of(original)
        reason = stored_text(texts.BANK_PROBABLY_RETURNS, date=original.booked_on,
                             number=f" ({document.number})" if document else "")  # fmt: skip
        _save(line, BankLine.Status.UNMATCHED, invoice=document, reason=reason)
        return "to_confirm"
    _save(line, BankLine.Status.UNMATCHED, reason=stored_text(texts.BANK_RETURN_UNKNOWN))
    return "unmatched"


def _returned_later(line: BankLine) -> bool:
    """A return imported before the line it returns (statements imported out of order): the pair cancels out,
    and the line books nothing. Only a return booked that day or later: a payment made again after a return
    is a payment."""
    waiting = BankLine.objects.filter(
        is_return=True, status=BankLine.Status.UNMATCHED, reverses__isnull=True, booked_on__gte=line.booked_on
    )
    returned_by, certain = _counterpart(line, waiting)
    if returned_by is None or not certain:
        return False
    line.status = BankLine.Status.RETURNED
    line.save(update_fields=["status"])
    returned_by = BankLine.objects.select_for_update(of=("self",)).get(pk=returned_by.pk)
    returned_by.reverses = line
    _save(returned_by, BankLine.Status.MATCHED, reason=stored_text(texts.BANK_RETURNS_NOT_BOOKED))
    return True


# --- importing ---------------------------------------------------------------------------------------------------


def our_accounts() -> set[tuple[str, str]]:
    """(IBAN, currency) of the accounts whose statements we import: our bank accounts, and the IBAN on the
    company settings (in euros)."""
    accounts = set(CompanyBankAccount.objects.values_list("iban", "currency"))
    company_iban = CompanySettings.load().iban.replace(" ", "").upper()
    if company_iban:
        accounts.add((company_iban, EURO))
    return accounts


def _check_ours(parsed: ParsedStatement, accounts: set[tuple[str, str]]) -> None:
    if (parsed.account, parsed.currency) in accounts:
        return
    values = {
        "reference": parsed.reference,
        "account": format_iban(parsed.account) if iban.is_valid(parsed.account) else parsed.account,
        "currency": parsed.currency,
    }
    if parsed.account in {account for account, _currency in accounts}:
        message = _(
            "Statement %(reference)s is of account %(account)s in %(currency)s, which is not one of our bank "
            "accounts in that currency: nothing was imported. A manager can add it under Bank accounts."
        )
    else:
        message = _(
            "Statement %(reference)s is of account %(account)s, which is not one of our bank accounts: nothing "
            "was imported. If it is ours, a manager adds it under Bank accounts."
        )
    raise DomainError(message % values)


def _check_columns(parsed: ParsedStatement) -> None:
    """What identifies a statement or a line is never cut short: a reference too long for its column is an
    error naming the line. (Names and texts are cut to their column.)"""
    fields = [(BankStatement, "account", parsed.account, parsed.source_line),
              (BankStatement, "reference", parsed.reference, parsed.source_line)]  # fmt: skip
    fields += [(BankLine, "sequence", line.sequence, line.source_line) for line in parsed.lines]
    for model, name, value, source_line in fields:
        limit = model._meta.get_field(name).max_length
        if len(value) > limit:
            message = _("the reference “%(value)s” is longer than %(limit)s characters.") % {
                "value": value, "limit": limit}  # fmt: skip
            raise DomainError(str(StatementFormatError(message, source_line)))


def _store(parsed: ParsedStatement, *, filename: str, actor) -> BankStatement | None:
    """The statement with its lines, all waiting to be matched; None when it was imported already."""
    existing = BankStatement.objects.filter(account=parsed.account, reference=parsed.reference, page=parsed.page)
    if existing.exists():
        return None
    try:
        with transaction.atomic():
            statement = BankStatement.objects.create(
                format=parsed.format, account=parsed.account, currency=parsed.currency, reference=parsed.reference,
                page=parsed.page, issued_on=parsed.issued_on, opening_balance=parsed.opening_balance,
                closing_balance=parsed.closing_balance, balance_difference=parsed.balance_difference,
                filename=filename[:200], imported_by=actor if getattr(actor, "pk", None) else None,
            )  # fmt: skip
            BankLine.objects.bulk_create(
                (
                    BankLine(
                        statement=statement,
                        status=BankLine.Status.PENDING,
                        sequence=line.sequence,
                        batch=line.batch[:50],
                        booked_on=line.booked_on,
                        value_date=line.value_date,
                        amount=line.amount,
                        currency=line.currency,
                        is_return=line.is_return,
                        end_to_end_id=line.end_to_end_id[:35],
                        counterparty_name=line.counterparty_name[:140],
                        counterparty_account=line.counterparty_account[:40],
                        structured_reference=line.structured_reference,
                        creditor_reference=line.creditor_reference[:35],
                        free_text=line.free_text[:500],
                        bank_reference=line.bank_reference[:40],
                    )  # fmt: skip
                    for line in parsed.lines
                ),
                batch_size=500,
            )
    except IntegrityError:  # the same statement, imported by someone else at this very moment
        if existing.exists():
            return None
        raise
    return statement


@transaction.atomic
def bank_statement_import(
    *, content: bytes, filename: str = "", actor=None, background: bool | None = None
) -> ImportResult:
    """Import every statement of a CODA or camt.053 file of our accounts and match its lines; all or nothing.

    The lines are matched here, or by a worker once this transaction commits (`background`; by default when
    the file has more than MATCH_IN_REQUEST_LINES lines): the statements are stored either way.
    """
    _require(actor, IMPORT_BANK)
    try:
        parsed_statements = statement_parse(content)
    except StatementFormatError as error:
        raise DomainError(str(error)) from None
    accounts = our_accounts()
    for parsed in parsed_statements:
        _check_ours(parsed, accounts)
        _check_columns(parsed)
    result = ImportResult()
    for parsed in parsed_statements:
        statement = _store(parsed, filename=filename, actor=actor)
        if statement is None:
            existing = BankStatement.objects.get(account=parsed.account, reference=parsed.reference, page=parsed.page)
            result.already_imported.append(existing)
        else:
            result.statements.append(statement)
    if background is None:
        background = sum(len(parsed.lines) for parsed in parsed_statements) > MATCH_IN_REQUEST_LINES
    for statement in result.statements:
        if background:
            from sales.tasks import bank_statement_match_task

            result.queued.append(statement)
            transaction.on_commit(lambda pk=statement.pk: bank_statement_match_task.delay(pk))
            continue
        for line in statement.lines.select_related("statement").order_by("pk"):
            outcome = _match(line, actor)
            if outcome != "ignored":
                setattr(result, outcome, getattr(result, outcome) + 1)
    return result


def _match_chunk(statement: BankStatement, actor) -> int:
    with transaction.atomic():
        lines = list(
            BankLine.objects.select_for_update(of=("self",), skip_locked=True)
            .select_related("statement")
            .filter(statement=statement, status=BankLine.Status.PENDING)
            .order_by("pk")[:MATCH_CHUNK]
        )
        for line in lines:
            _match(line, actor)
    return len(lines)


def bank_statement_match(*, statement_id: int) -> BankStatement | None:
    """Match the lines of a statement that still wait (the worker's part of a large import), a chunk per
    transaction so that the statement's page shows the progress. A task delivered twice finds nothing left to
    do. An unexpected error is noted on the statement, whose page offers to try again; the lines matched so
    far stay matched."""
    statement = BankStatement.objects.select_related("imported_by").filter(pk=statement_id).first()
    if statement is None:
        return None
    BankStatement.objects.filter(pk=statement.pk).update(matching_failed_at=None)
    actor = statement.imported_by
    try:
        with translation.override(getattr(actor, "language", "") or settings.LANGUAGE_CODE):
            while _match_chunk(statement, actor):
                pass
    except Exception as error:
        logger.exception("Matching the lines of bank statement %s failed", statement_id)
        BankStatement.objects.filter(pk=statement.pk).update(matching_failed_at=timezone.now())
        if isinstance(error, OperationalError):
            raise  # transient: the task retries
    statement.refresh_from_db()
    return statement


@transaction.atomic
def bank_statement_match_retry(*, statement: BankStatement, actor) -> BankStatement:
    """Queue the matching of a statement whose lines still wait again (after an error)."""
    from sales.tasks import bank_statement_match_task

    _require(actor, IMPORT_BANK)
    statement = BankStatement.objects.select_for_update().get(pk=statement.pk)
    if not statement.lines.filter(status=BankLine.Status.PENDING).exists():
        raise DomainError(_("Every line of this statement is matched already."))
    statement.matching_failed_at = None
    statement.save(update_fields=["matching_failed_at"])
    transaction.on_commit(lambda: bank_statement_match_task.delay(statement.pk))
    return statement


# --- by hand -----------------------------------------------------------------------------------------------------


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
    if line.is_return:
        raise DomainError(_("A returned payment pays nothing: open again what it returns, or ignore it."))
    if line.is_foreign_currency:
        raise DomainError(
            _("This line is in %(currency)s: register the payment by hand with its amount in euros, then ignore "
              "the line.") % {"currency": line.currency}
        )  # fmt: skip
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
def bank_line_return_confirm(*, line: BankLine, actor) -> BankLine:
    """A person confirms that a return takes back the line it probably returns: its invoice is open again."""
    _require(actor, MATCH_BANK)
    line = _locked_open_line(line)
    if not line.is_return or line.reverses_id is None:
        raise DomainError(_("We know of no line this one returns: check it by hand, then ignore it."))
    original = line.reverses
    if original.amount != -line.amount or original.currency != line.currency:
        raise DomainError(_("This return is not of the same amount as the line it would return."))
    document = _take_back(line=line, original=original, actor=actor)
    _return_outcome(line, original, document, BankLine.Status.CONFIRMED)
    line.handled_by = actor
    line.save(update_fields=["handled_by"])
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
    """Money received not booked yet, refunds paid out that point to a credit note, and returns."""
    return (
        BankLine.objects.filter(status=BankLine.Status.UNMATCHED)
        .filter(Q(amount__gt=0) | Q(suggested_invoice__isnull=False) | Q(is_return=True))
        .select_related("statement", "suggested_invoice__company")
        .order_by("booked_on", "pk")
    )
