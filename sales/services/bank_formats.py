"""Bank statement files (CODA and camt.053) read into plain dataclasses.

Reading never touches the database: matching lines to invoices is someone else's job. Every error a user can
cause names the line of the file, because the person importing must be able to tell their bank what is wrong.
What banks really send is read: CODA in windows-1252 or UTF-8, grouped movements (CODA globalisation, camt
batches) split into their transactions, movement numbers that restart after 9999, camt.053 with any kind of
balance and paginated; reversals and returns are marked as such. Files to build statements (demo data,
tests) are in `sales.bank_builders`.

CODA is parsed by febelfin-coda, which trusts its input: it fails with bare AssertionError, ValueError or
IndexError and no position. So the records are checked here first (length, type, amounts, dates, statement
structure), and the package reads them through a counter that knows which line it was on when it failed.
"""

import codecs
import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

import coda
from django.utils.translation import gettext as _
from lxml import etree
from stdnum import iban, iso11649
from stdnum.be import iban as belgian_iban
from stdnum.be import ogm_vcs

from orderdesk.money import MAX_DIGITS, ZERO, quantize

EURO = "EUR"
# What a money column holds (MAX_DIGITS digits, two of them decimals): a larger amount is refused by its line.
_AMOUNT_LIMIT = Decimal(10) ** (MAX_DIGITS - 2)


@dataclass(frozen=True)
class StatementLine:
    sequence: str  # stable id of the line inside its statement
    booked_on: datetime.date
    value_date: datetime.date | None
    amount: Decimal  # signed: > 0 money in, < 0 money out
    counterparty_name: str
    counterparty_account: str
    structured_reference: str  # the 12 OGM digits, or ""
    creditor_reference: str  # "RF...", or ""
    free_text: str
    bank_reference: str
    source_line: int  # where the movement starts in the file
    currency: str = EURO
    batch: str = ""  # the grouped movement (CODA globalisation, camt batch) this line is one transaction of
    is_return: bool = False  # a reversal, return or storno: money going back the way it came
    end_to_end_id: str = ""


@dataclass(frozen=True)
class ParsedStatement:
    format: str  # "coda" or "camt.053"
    account: str  # our IBAN, compact; the raw account when it is not an IBAN
    reference: str  # identifies the statement (with its page), to refuse importing it twice
    issued_on: datetime.date
    opening_balance: Decimal | None  # None: the file gives no such balance (camt.053 may leave it out)
    closing_balance: Decimal | None
    lines: tuple[StatementLine, ...]
    currency: str = EURO
    page: int = 1  # the page of a paginated camt.053 statement
    # Closing - opening - what was booked (a grouped movement counts once, with its own amount); None when a
    # booked balance is missing. Not zero: lines are missing or the bank's balances are off.
    balance_difference: Decimal | None = None
    source_line: int | None = None  # where the statement starts in the file


class StatementFormatError(ValueError):
    def __init__(self, message: str, line: int | None = None):
        self.message = message
        self.line = line
        super().__init__(_("Line %(line)s: %(message)s") % {"line": line, "message": message} if line else message)


def statement_parse(content: bytes) -> list[ParsedStatement]:
    """The statements in a CODA or camt.053 file, told apart by their content (banks name files freely)."""
    head = content.removeprefix(codecs.BOM_UTF8).lstrip()
    if not head:
        raise StatementFormatError(_("The file is empty."))
    if head.startswith(b"<"):
        return _camt053_parse(content)
    first_record = head.split(b"\n", 1)[0].removesuffix(b"\r")
    if first_record.startswith(b"0") and any(len(text) == 128 for text in _decodings(first_record)):
        return _coda_parse(content)
    raise StatementFormatError(_("This is neither a CODA nor a camt.053 file."))


def _account(value: str) -> str:
    return iban.compact(value) if iban.is_valid(value) else value


def _checked(amount: Decimal, line: int | None) -> Decimal:
    if abs(amount) >= _AMOUNT_LIMIT:
        raise StatementFormatError(_("the amount %(amount)s is too large to book.") % {"amount": amount}, line)
    return amount


def _currency(value: str, line: int | None) -> str:
    value = value.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", value):
        raise StatementFormatError(_("“%(value)s” is not a currency code.") % {"value": value}, line)
    return value


def _remittance(*, ogm: str = "", rf: str = "", text: str = "") -> tuple[str, str, str]:
    """(structured_reference, creditor_reference, free_text) from what the bank marked as an OGM or an RF
    reference and the free text. A marked reference that does not validate is kept as text, so a typo still
    reaches the person matching by hand. Free text that is nothing but an RF reference is one: payers type them
    in the free field, and the check digits make that unambiguous."""
    structured = creditor = ""
    leftovers = []
    digits = re.sub(r"[^0-9]", "", ogm)
    if ogm_vcs.is_valid(digits):
        structured = digits
    elif ogm.strip():
        leftovers.append(ogm.strip())
    if iso11649.is_valid(rf):
        creditor = iso11649.compact(rf)
    elif rf.strip():
        leftovers.append(rf.strip())
    text = text.strip()
    if not creditor and iso11649.is_valid(text):
        creditor, text = iso11649.compact(text), ""
    return structured, creditor, " ".join([*leftovers, text]).strip()


def _unique_sequences(lines: list[StatementLine]) -> tuple[StatementLine, ...]:
    """Banks repeat references (two entries with the same AcctSvcrRef): the later ones get a suffix."""
    seen: set[str] = set()
    unique = []
    for line in lines:
        sequence, copy = line.sequence, 1
        while sequence in seen:
            copy += 1
            sequence = f"{line.sequence}#{copy}"
        seen.add(sequence)
        unique.append(line if sequence == line.sequence else _replace(line, sequence=sequence))
    return tuple(unique)


def _replace(line: StatementLine, **changes) -> StatementLine:
    return StatementLine(**{**line.__dict__, **changes})


# --- CODA -------------------------------------------------------------------------------------------------

_CODA_RECORDS = {"0", "1", "21", "22", "23", "31", "32", "33", "4", "8", "9"}
# Amount fields (0-based slices) with their pattern, and date fields (DDMMYY): the package hands them to
# Decimal(), which also takes "1E5" or " 12", and to strptime(), whose complaints mean nothing to a user.
_CODA_AMOUNTS = {
    "1": [(slice(42, 58), r"[01][0-9]{15}")],
    "21": [(slice(31, 47), r"[01][0-9]{15}")],
    "8": [(slice(41, 57), r"[01][0-9]{15}")],
    "9": [(slice(22, 37), r"[0-9]{15}"), (slice(37, 52), r"[0-9]{15}")],
}
_CODA_DATES = {"0": [slice(5, 11)], "1": [slice(58, 64)], "21": [slice(47, 53), slice(115, 121)], "8": [slice(57, 63)]}
# Febelfin transaction codes (family, transaction) of money going back: returned, unpaid, reversed, reimbursed.
# Transactions 49 and 99 are "cancellation or correction" (storno) in every family.
_CODA_STORNO = {"49", "99"}
_CODA_RETURNS = {
    ("01", "54"),  # unexecutable transfer order (our transfer came back)
    ("01", "62"),  # unpaid postal order
    ("02", "54"),  # instant transfer: unexecutable transfer order
    ("03", "09"),  # unpaid voucher
    ("03", "38"),  # cheque provisionally unpaid
    ("03", "60"),  # reversal of voucher
    ("03", "62"),  # reversal of cheque
    ("05", "03"),  # direct debit: unpaid debt
    ("05", "05"),  # direct debit: reimbursement (to the debtor)
    ("05", "54"),  # direct debit: reimbursement (to us, the debtor)
    ("05", "56"),  # direct debit: unexecutable reimbursement
    ("05", "58"),  # direct debit: reversal
    ("07", "07"),  # unpaid commercial paper
    ("43", "07"),  # unpaid foreign cheque
    ("43", "62"),  # reversal of cheques
    ("47", "07"),  # unpaid foreign bill
}
# Types of record 2.1 (position 54): 1 and 2 are grouped movements whose details of type 5, 6 or 7 are the
# transactions; the details of 3 (type 8) break one movement down (capital and interest, charges).
_CODA_GROUPED = {"1", "2"}
_CODA_TRANSACTIONS = {"5", "6", "7"}


@dataclass(frozen=True)
class _Record21:
    line: int
    value_date_known: bool


class _LineCounter:
    """Feeds the records to febelfin-coda and remembers which line it was reading."""

    def __init__(self, records: list[str]):
        self.records = records
        self.line = 0

    def __iter__(self):
        for number, record in enumerate(self.records, start=1):
            self.line = number
            yield record


def _decodings(content: bytes) -> list[str]:
    """The text in UTF-8 and in windows-1252 (as banks export CODA), or latin-1, which maps every byte."""
    texts = []
    for encoding in ("utf-8", "windows-1252", "latin-1"):
        try:
            texts.append(content.decode(encoding))
        except UnicodeDecodeError:
            continue
    return texts


def _coda_records(text: str) -> list[str]:
    records = [line.removesuffix("\r") for line in text.split("\n")]
    while records and not records[-1].strip(" \t\x1a"):  # blank lines and the DOS end-of-file mark at the end
        records.pop()
    return records


def _coda_parse(content: bytes) -> list[ParsedStatement]:
    decoded = [_coda_records(text) for text in _decodings(content.removeprefix(codecs.BOM_UTF8))]
    # The encoding in which every record has its 128 characters (an é is two bytes in UTF-8, one in
    # windows-1252); when none fits, the first one, and the check names the line that is wrong.
    records = next((records for records in decoded if all(len(record) == 128 for record in records)), decoded[0])
    movements = _coda_check(records)
    counter = _LineCounter(records)
    try:
        parsed = coda.CODA(counter)
    except AssertionError:
        if records[counter.line - 1][0] == "9":
            message = _("the totals or the record count of the trailer do not match the movements.")
        else:
            message = _("the record does not match the records before it.")
        raise StatementFormatError(message, counter.line) from None
    except (ArithmeticError, AttributeError, IndexError, KeyError, TypeError, ValueError) as error:
        raise StatementFormatError(
            _("the record cannot be read (%(error)s).") % {"error": error}, counter.line
        ) from None
    return [_coda_statement(statement, starts) for statement, starts in zip(parsed.statements, movements, strict=True)]


def _coda_check(records: list[str]) -> list[tuple[int, list[_Record21]]]:
    """Check what the package takes on trust, and patch two things it cannot read (in place). Returns, per
    statement, the line of its header and of each record 2.1 (movements and their details, in file order) and
    whether its value date is known: the package keeps neither."""
    statements: list[tuple[int, list[_Record21]]] = []
    inside = False
    old_balance = (0, "")
    booked = ZERO
    for number, record in enumerate(records, start=1):
        if len(record) != 128:
            raise StatementFormatError(
                _("the record is %(length)s characters long instead of 128.") % {"length": len(record)}, number
            )
        kind = record[:2] if record[0] in "23" else record[0]
        if kind not in _CODA_RECORDS:
            raise StatementFormatError(_("the record type %(type)s is unknown.") % {"type": kind}, number)
        if kind == "0":
            if inside:
                raise StatementFormatError(_("a new statement starts before the trailer (record 9)."), number)
            if record[127] != "2":
                raise StatementFormatError(_("only version 2 of CODA is supported."), number)
            inside = True
            statements.append((number, []))
            booked = ZERO
        elif not inside:
            raise StatementFormatError(_("the record is not inside a statement (header record 0 missing)."), number)
        elif kind == "9":
            inside = False
        if kind == "21":
            value_date_known = record[47:53] != "000000"
            if not value_date_known:
                # Febelfin's "not known"; the package cannot parse it, so it gets the entry date, reported as None.
                record = record[:47] + record[115:121] + record[53:]
            if record[53] == "9":
                # A detail of a detail: febelfin-coda 0.5.0 calls .append() on a Move there and crashes. Filed as
                # a plain detail of the movement (8), which never becomes a line of its own.
                record = record[:53] + "8" + record[54:]
            if record[53] not in "01235678":
                raise StatementFormatError(
                    _("the type of movement %(type)s is unknown.") % {"type": record[53]}, number
                )
            records[number - 1] = record
            statements[-1][1].append(_Record21(number, value_date_known))
        for field, pattern in _CODA_AMOUNTS.get(kind, []):
            if not re.fullmatch(pattern, record[field]):
                raise StatementFormatError(_("the amount is not a number."), number)
        for field in _CODA_DATES.get(kind, []):
            if not _is_ddmmyy(record[field]):
                raise StatementFormatError(_("“%(value)s” is not a date (DDMMYY).") % {"value": record[field]}, number)
        if kind == "1":
            old_balance = (number, record[5:42])
            booked = _coda_amount(record[42:58])
        elif kind == "8":
            _coda_check_new_balance(record, number, old_balance, booked)
        elif kind == "21" and record[53] in "0123":  # a movement; 5-8 are details of the one before
            booked += _coda_amount(record[31:47])
    if inside:
        raise StatementFormatError(_("the file ends before the trailer (record 9) of the statement."), len(records))
    return statements


def _coda_amount(field: str) -> Decimal:
    return Decimal(field[1:]) / 1000 * (-1 if field[0] == "1" else 1)


def _coda_check_new_balance(record: str, number: int, old_balance: tuple[int, str], booked: Decimal) -> None:
    """Record 8 is of the account of record 1, and its balance is the old one plus the movements."""
    line, account = old_balance
    if record[4:41] != account:
        raise StatementFormatError(
            _("the new balance (record 8) is of account %(new)s, the old balance (line %(line)s) of %(old)s.")
            % {"new": record[4:41].split()[0] if record[4:41].strip() else "?", "line": line,
               "old": account.split()[0] if account.strip() else "?"},
        number)  # fmt: skip
    new_balance = _coda_amount(record[41:57])
    if new_balance != booked:
        raise StatementFormatError(
            _("the new balance %(new)s is not the old balance plus the movements (%(expected)s).")
            % {"new": quantize(new_balance), "expected": quantize(booked)},
            number,
        )


def _is_ddmmyy(value: str) -> bool:
    try:
        return re.fullmatch(r"[0-9]{6}", value) is not None and bool(datetime.datetime.strptime(value, "%d%m%y"))
    except ValueError:
        return False


def _coda_account(statement: coda.Statement) -> str:
    account = statement.account.replace(" ", "")
    if statement._account_structure == "0" and re.fullmatch(r"[0-9]{12}", account):
        # An old Belgian account number: the IBAN it stands for, so it is recognised as the same account.
        candidate = f"BE{iban.calc_check_digits('BE00' + account)}{account}"
        if belgian_iban.is_valid(candidate):
            return candidate
    return _account(account)


def _coda_statement(statement: coda.Statement, starts: tuple[int, list[_Record21]]) -> ParsedStatement:
    header, records = starts
    account = _coda_account(statement)
    currency = _currency(statement.account_currency, header + 1)
    records_left = iter(records)
    lines: list[StatementLine] = []
    previous, wraps = None, 0
    for move in statement.moves:
        # Movement numbers restart at 0001 after 9999: the second round counts on from 10001.
        number = int(move.sequence) if move.sequence.isdigit() else 0
        if previous is not None and number <= previous:
            wraps += 1
        previous = number
        label = f"{wraps * 10000 + number:04d}" if move.sequence.isdigit() else move.sequence
        top = next(records_left)
        details = [(detail, next(records_left)) for detail in move.moves]
        transactions = [(detail, record) for detail, record in details if detail.transaction_type in _CODA_TRANSACTIONS]
        if move.transaction_type not in _CODA_GROUPED or not transactions:
            lines.append(_coda_line(move, top, currency, sequence=label))
            continue
        # A grouped movement: its transactions are the lines, each with its own amount and communication; the
        # movement itself only balances the statement. What they do not account for stays a line of its own.
        for detail, record in transactions:
            sequence = f"{label}/{detail.detail_sequence}"
            lines.append(_coda_line(detail, record, currency, sequence=sequence, batch=label, parent=move))
        rest = quantize(move.amount) - sum((quantize(detail.amount) for detail, _record in transactions), ZERO)
        if rest:
            lines.append(_replace(_coda_line(move, top, currency, sequence=label, batch=label), amount=rest))
    closing = quantize(statement.new_balance)
    return ParsedStatement(
        format="coda",
        account=account,
        reference=f"{account}/{statement.new_sequence}/{statement.new_balance_date.isoformat()}",
        issued_on=statement.creation_date,
        opening_balance=_checked(quantize(statement.old_balance), header + 1),
        closing_balance=_checked(closing, header),
        lines=_unique_sequences(lines),
        currency=currency,
        balance_difference=ZERO,  # febelfin-coda and the check above refuse a statement that does not add up
        source_line=header,
    )


def _coda_is_return(move: coda.Move) -> bool:
    if move.transaction_transaction in _CODA_STORNO:
        return True
    if (move.transaction_family, move.transaction_transaction) in _CODA_RETURNS:
        return True
    # Record 2.2 (CODA 2.3 on): the type of R-transaction (1 reject, 2 return, 3 refund, 4 reversal,
    # 5 cancellation) with its ISO reason code. Older files have other data there, never a reason code.
    return (move.r_transaction or "") in {"1", "2", "3", "4", "5"} and bool(
        re.fullmatch(r"[A-Z]{2}[0-9]{2}|[A-Z]{4}", move.r_reason or "")
    )


def _coda_line(
    move: coda.Move,
    record: _Record21,
    currency: str,
    *,
    sequence: str,
    batch: str = "",
    parent: coda.Move | None = None,
) -> StatementLine:
    communication = (move.communication or "").strip()
    if move.communication_type in ("101", "102"):
        structured, creditor, free_text = _remittance(ogm=communication)
    else:
        structured, creditor, free_text = _remittance(text=communication)
    # The account field may hold the IBAN followed by a currency code or other data.
    account = (move.counterparty_account or "").split()
    return StatementLine(
        sequence=sequence,
        booked_on=move.entry_date,
        value_date=move.value_date if record.value_date_known else None,
        amount=_checked(quantize(move.amount), record.line),
        counterparty_name=(move.counterparty_name or "").strip(),
        counterparty_account=_account(account[0]) if account else "",
        structured_reference=structured,
        creditor_reference=creditor,
        free_text=free_text,
        bank_reference=move.bank_reference.strip(),
        source_line=record.line,
        currency=currency,
        batch=batch,
        is_return=_coda_is_return(move) or (parent is not None and _coda_is_return(parent)),
    )


# --- camt.053 ---------------------------------------------------------------------------------------------

_ISO20022 = "urn:iso:std:iso:20022:tech:xsd:"
# Bank transaction sub-families (ISO 20022 external code list) of money going back the way it came.
_CAMT_RETURNS = {"RRTN", "RPCR", "UPDD", "PRDD", "RCDD"}
# Balances that open (the first found is taken) and close a statement or one page of it.
_OPENING = ("OPBD", "PRCD")
_CLOSING = ("CLBD",)


def _camt053_parse(content: bytes) -> list[ParsedStatement]:
    # No entity expansion, no DTD or network fetches: the file comes from a user.
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as error:
        raise StatementFormatError(
            _("the XML is not well-formed (%(error)s).") % {"error": error.msg}, error.lineno or None
        ) from None
    name = etree.QName(root)
    message = (name.namespace or "").removeprefix(_ISO20022)
    if not re.fullmatch(r"camt\.053\.001\.[0-9]{2}", message) or name.localname != "Document":
        kind = message if (name.namespace or "").startswith(_ISO20022) else name.localname
        raise StatementFormatError(
            _("This XML file is a %(kind)s document, not a camt.053 bank statement.") % {"kind": kind}
        )
    # The versions differ in namespace and in a few paths, not in the names read here: drop the namespace.
    for element in root.iter(etree.Element):
        element.tag = etree.QName(element).localname
    report = root.find("BkToCstmrStmt")
    statements = [_camt_statement(statement, report) for statement in root.iterfind("BkToCstmrStmt/Stmt")]
    if not statements:
        raise StatementFormatError(_("The file contains no bank statement."))
    return statements


def _text(element: etree._Element, path: str) -> str:
    return (element.findtext(path) or "").strip()


def _camt_amount(amount: etree._Element, indicator: str) -> Decimal:
    """An Amt element signed by its CdtDbtInd: ISO 20022 amounts are never negative themselves."""
    value = (amount.text or "").strip()
    if not re.fullmatch(r"[0-9]+(\.[0-9]+)?", value):
        raise StatementFormatError(_("the amount is not a number."), amount.sourceline)
    if indicator not in ("CRDT", "DBIT"):
        raise StatementFormatError(_("the credit/debit indicator must be CRDT or DBIT."), amount.sourceline)
    return _checked(quantize(Decimal(value)) * (1 if indicator == "CRDT" else -1), amount.sourceline)


def _iso_date(value: str, line: int) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value[:10])  # a date, or the date of a date and time
    except ValueError:
        raise StatementFormatError(_("the date “%(value)s” is not valid.") % {"value": value}, line) from None


def _camt_date(holder: etree._Element | None) -> datetime.date | None:
    """BookgDt, ValDt, Bal/Dt: a date (Dt) or a date and time (DtTm)."""
    if holder is None:
        return None
    return _iso_date(_text(holder, "Dt") or _text(holder, "DtTm"), holder.sourceline)


def _camt_page(statement: etree._Element, report: etree._Element) -> int:
    """The page of a paginated statement: Stmt/StmtPgntn (.03 on) or the message's GrpHdr/MsgPgntn."""
    for holder in (statement.find("StmtPgntn/PgNb"), report.find("GrpHdr/MsgPgntn/PgNb")):
        if holder is not None:
            value = (holder.text or "").strip()
            if not value.isdigit() or int(value) < 1:
                raise StatementFormatError(
                    _("the page number “%(value)s” is not a number.") % {"value": value}, holder.sourceline
                )
            return int(value)
    return 1


def _camt_balances(statement: etree._Element) -> tuple[etree._Element | None, etree._Element | None, bool]:
    """(opening, closing, both booked): the opening booked balance, or the previous closing one (PRCD), or the
    first intermediate one (ITBD, on a later page); the closing booked balance, or the last intermediate one,
    or else the closing available balance (CLAV), which does not count for the balance check."""
    found = [(_text(balance, "Tp/CdOrPrtry/Cd").upper(), balance) for balance in statement.iterfind("Bal")]
    intermediate = [balance for code, balance in found if code == "ITBD"]

    def first(codes) -> etree._Element | None:
        return next((balance for wanted in codes for code, balance in found if code == wanted), None)

    opening = first(_OPENING)
    if opening is None and intermediate:
        opening = intermediate[0]
    closing = first(_CLOSING)
    if closing is None and intermediate and intermediate[-1] is not opening:
        closing = intermediate[-1]
    booked = opening is not None and closing is not None
    if closing is None:
        closing = first(("CLAV",))
    return opening, closing, booked


def _camt_statement(statement: etree._Element, report: etree._Element) -> ParsedStatement:
    opening, closing, booked = _camt_balances(statement)
    account = _text(statement, "Acct/Id/IBAN") or _text(statement, "Acct/Id/Othr/Id")
    reference = _text(statement, "Id")
    if not account or not reference:
        raise StatementFormatError(_("the statement has no identification or no account."), statement.sourceline)
    account = _account(account)
    # When the statement was made; else the date of its closing balance, of its opening one, of the message.
    created = statement.find("CreDtTm")
    dated = closing if closing is not None else opening
    if created is None and (dated is None or dated.find("Dt") is None):
        created = report.find("GrpHdr/CreDtTm")
    if created is not None:
        issued_on = _iso_date((created.text or "").strip(), created.sourceline)
    else:
        issued_on = _camt_date(dated.find("Dt")) if dated is not None else None
    if issued_on is None:
        raise StatementFormatError(_("the statement has no date."), statement.sourceline)
    currency_holder = statement.find("Acct/Ccy")
    if currency_holder is not None:
        currency = _currency(currency_holder.text or "", currency_holder.sourceline)
    else:  # no account currency: that of its balances, else of its first entry, else the euro
        amount = statement.find("Bal/Amt")
        amount = amount if amount is not None else statement.find("Ntry/Amt")
        currency = _currency(amount.get("Ccy") or EURO, amount.sourceline) if amount is not None else EURO
    context = {"account": account, "owner": _text(statement, "Acct/Ownr/Nm"), "currency": currency}
    lines, booked_total = [], ZERO
    for index, entry in enumerate(statement.iterfind("Ntry"), start=1):
        entry_lines, entry_amount = _camt_entry_lines(entry, index, context)
        lines += entry_lines
        booked_total += entry_amount
    opening_balance = _camt_balance(opening) if opening is not None else None
    closing_balance = _camt_balance(closing) if closing is not None else None
    difference = None
    if booked:
        difference = _checked(closing_balance - opening_balance - booked_total, statement.sourceline)
    return ParsedStatement(
        format="camt.053",
        account=account,
        reference=reference,
        issued_on=issued_on,
        opening_balance=opening_balance,
        closing_balance=closing_balance,
        lines=_unique_sequences(lines),
        currency=currency,
        page=_camt_page(statement, report),
        balance_difference=difference,
        source_line=statement.sourceline,
    )


def _camt_balance(balance: etree._Element) -> Decimal:
    amount = balance.find("Amt")
    if amount is None:
        raise StatementFormatError(_("a balance has no amount."), balance.sourceline)
    return _camt_amount(amount, _text(balance, "CdtDbtInd"))


def _camt_is_return(*holders: etree._Element) -> bool:
    """Reversed (RvslInd), returned (RtrInf) or of a returning bank transaction code."""
    for holder in holders:
        if _text(holder, "RvslInd").lower() in ("true", "1"):
            return True
        if holder.find("RtrInf") is not None:
            return True
        if _text(holder, "BkTxCd/Domn/Fmly/SubFmlyCd").upper() in _CAMT_RETURNS:
            return True
    return False


def _camt_entry_lines(entry: etree._Element, index: int, context: dict) -> tuple[list[StatementLine], Decimal]:
    """The lines of one entry, and the amount it booked (zero when it is not booked)."""
    if (_text(entry, "Sts/Cd") or _text(entry, "Sts")) not in ("", "BOOK"):
        return [], ZERO  # pending or information only: no money has moved yet
    amount = entry.find("Amt")
    if amount is None:
        raise StatementFormatError(_("an entry has no amount."), entry.sourceline)
    indicator = _text(entry, "CdtDbtInd")
    total = _camt_amount(amount, indicator)
    booked_on = _camt_date(entry.find("BookgDt")) or _camt_date(entry.find("ValDt"))
    if booked_on is None:
        raise StatementFormatError(_("an entry has no booking date."), entry.sourceline)
    currency = _currency(amount.get("Ccy") or context["currency"], amount.sourceline)
    common = {
        **context,
        "booked_on": booked_on,
        "value_date": _camt_date(entry.find("ValDt")),
        "bank_reference": _text(entry, "AcctSvcrRef"),
        "currency": currency,
        "reversal": _text(entry, "RvslInd").lower() in ("true", "1"),
    }
    sequence = _text(entry, "NtryRef") or common["bank_reference"] or str(index)
    details = entry.findall("NtryDtls/TxDtls")
    if len(details) <= 1:
        # The entry amount is what was booked; a lone TxDtls amount may be the instructed one, before charges.
        detail = details[0] if details else None
        return [_camt_line(entry, detail, total, sequence, entry.sourceline, common)], total
    # A batch booking: one line per transaction, each with its own amount, when each has one in the entry's
    # currency. Otherwise the entry stays one line, with every transaction's references in its text.
    parts = []
    for detail in details:
        detail_amount = detail.find("Amt")
        if detail_amount is None:
            detail_amount = detail.find("AmtDtls/TxAmt/Amt")
        if detail_amount is None or (detail_amount.get("Ccy") or currency) != currency:
            return [_camt_line(entry, None, total, sequence, entry.sourceline, common, texts_of=details)], total
        parts.append((detail, _camt_amount(detail_amount, _text(detail, "CdtDbtInd") or indicator)))
    lines = [
        _camt_line(entry, detail, signed, f"{sequence}/{number}", detail.sourceline, common, batch=sequence)
        for number, (detail, signed) in enumerate(parts, start=1)
    ]
    rest = total - sum((signed for _detail, signed in parts), ZERO)
    if rest:  # what the transactions do not account for (charges, for example) is a line of its own
        lines.append(_camt_line(entry, None, rest, sequence, entry.sourceline, common, batch=sequence))
    return lines, total


def _camt_references(detail: etree._Element) -> tuple[str, str, list[str]]:
    """(OGM, RF reference, texts) of one transaction's remittance information."""
    ogm = rf = ""
    texts = []
    for reference in detail.iterfind("RmtInf/Strd/CdtrRefInf"):
        value = _text(reference, "Ref")
        issuer = _text(reference, "Tp/Issr").upper()
        if issuer == "BBA" and not ogm:
            ogm = value
        elif (issuer == "ISO" or value.upper().startswith("RF")) and not rf:
            rf = value
        elif value:
            texts.append(value)
    texts += [(text.text or "").strip() for text in detail.iterfind("RmtInf/Ustrd")]
    return ogm, rf, texts


def _camt_party(detail: etree._Element, *, paid_us: bool, returned: bool, common: dict) -> tuple[str, str]:
    """(name, account) of the counterparty: whoever paid us on a credit, whoever we paid on a debit. A reversal
    keeps the parties of the transaction it reverses. Never ourselves: when that party is our own account, the
    other one is meant; and on a return, where banks list the parties either way, the other one when that
    party is missing."""
    roles = ["Dbtr", "Cdtr"] if paid_us != common["reversal"] else ["Cdtr", "Dbtr"]
    for position, role in enumerate(roles):
        # From .07 on the party is wrapped in Pty (it may be an agent instead).
        name = _text(detail, f"RltdPties/{role}/Nm") or _text(detail, f"RltdPties/{role}/Pty/Nm")
        account = _text(detail, f"RltdPties/{role}Acct/Id/IBAN") or _text(detail, f"RltdPties/{role}Acct/Id/Othr/Id")
        ours = (account and _account(account) == common["account"]) or (
            not account and name and name.casefold() == common["owner"].casefold()
        )
        if ours or (position == 0 and returned and not (name or account)):
            continue
        return name, account
    return "", ""


def _camt_line(
    entry: etree._Element,
    detail: etree._Element | None,
    amount: Decimal,
    sequence: str,
    source_line: int,
    common: dict,
    *,
    batch: str = "",
    texts_of: list[etree._Element] = (),
) -> StatementLine:
    name = account = ogm = rf = end_to_end = ""
    texts = []
    bank_reference = common["bank_reference"]
    returned = _camt_is_return(entry, *([detail] if detail is not None else []))
    if detail is not None:
        name, account = _camt_party(detail, paid_us=amount >= 0, returned=returned, common=common)
        ogm, rf, texts = _camt_references(detail)
        bank_reference = _text(detail, "Refs/AcctSvcrRef") or bank_reference
        end_to_end = _text(detail, "Refs/EndToEndId")
    for other in texts_of:  # a batch that cannot be split: every transaction's references, as text
        other_ogm, other_rf, other_texts = _camt_references(other)
        texts += [value for value in (other_ogm, other_rf, *other_texts) if value]
    structured, creditor, free_text = _remittance(ogm=ogm, rf=rf, text=" ".join(filter(None, texts)))
    return StatementLine(
        sequence=sequence,
        booked_on=common["booked_on"],
        value_date=common["value_date"],
        amount=amount,
        counterparty_name=name,
        counterparty_account=_account(account),
        structured_reference=structured,
        creditor_reference=creditor,
        free_text=free_text,
        bank_reference=bank_reference,
        source_line=source_line,
        currency=common["currency"],
        batch=batch,
        is_return=returned,
        end_to_end_id="" if end_to_end.upper() == "NOTPROVIDED" else end_to_end,
    )
