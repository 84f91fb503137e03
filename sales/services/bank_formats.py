"""Bank statement files (CODA and camt.053) read into plain dataclasses, and written for demo data and tests.

Reading never touches the database: matching lines to invoices is someone else's job. Every error a user can
cause names the line of the file, because the person importing must be able to tell their bank what is wrong.

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
from stdnum.be import ogm_vcs

from orderdesk.money import ZERO, quantize


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


@dataclass(frozen=True)
class ParsedStatement:
    format: str  # "coda" or "camt.053"
    account: str  # our IBAN, compact; the raw account when it is not an IBAN
    reference: str  # identifies the statement, to refuse importing it twice
    issued_on: datetime.date
    opening_balance: Decimal
    closing_balance: Decimal
    lines: tuple[StatementLine, ...]


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
    if first_record.startswith(b"0") and len(first_record) == 128:
        return _coda_parse(content)
    raise StatementFormatError(_("This is neither a CODA nor a camt.053 file."))


def _account(value: str) -> str:
    return iban.compact(value) if iban.is_valid(value) else value


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


class _LineCounter:
    """Feeds the records to febelfin-coda and remembers which line it was reading."""

    def __init__(self, records: list[str]):
        self.records = records
        self.line = 0

    def __iter__(self):
        for number, record in enumerate(self.records, start=1):
            self.line = number
            yield record


def _coda_parse(content: bytes) -> list[ParsedStatement]:
    try:
        text = content.decode("windows-1252")
    except UnicodeDecodeError:  # five byte values are undefined in windows-1252; latin-1 maps every byte
        text = content.decode("latin-1")
    records = [line.removesuffix("\r") for line in text.split("\n")]
    while records and not records[-1].strip():
        records.pop()
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


def _coda_check(records: list[str]) -> list[list[tuple[int, bool]]]:
    """Check what the package takes on trust, and patch two things it cannot read (in place). Returns, per
    statement, the line of each top-level movement and whether its value date is known: the package keeps
    neither."""
    statements: list[list[tuple[int, bool]]] = []
    inside = False
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
            statements.append([])
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
                # A detail of a detail: febelfin-coda 0.5.0 calls .append() on a Move there and crashes.
                # Only top-level movements become lines, so filing it as a plain detail (8) changes nothing.
                record = record[:53] + "8" + record[54:]
            records[number - 1] = record
            if record[53] in "0123":  # the package's top-level types; 5-9 are details of the move before
                statements[-1].append((number, value_date_known))
        for field, pattern in _CODA_AMOUNTS.get(kind, []):
            if not re.fullmatch(pattern, record[field]):
                raise StatementFormatError(_("the amount is not a number."), number)
        for field in _CODA_DATES.get(kind, []):
            if not _is_ddmmyy(record[field]):
                raise StatementFormatError(_("“%(value)s” is not a date (DDMMYY).") % {"value": record[field]}, number)
    if inside:
        raise StatementFormatError(_("the file ends before the trailer (record 9) of the statement."), len(records))
    return statements


def _is_ddmmyy(value: str) -> bool:
    try:
        return re.fullmatch(r"[0-9]{6}", value) is not None and bool(datetime.datetime.strptime(value, "%d%m%y"))
    except ValueError:
        return False


def _coda_statement(statement: coda.Statement, starts: list[tuple[int, bool]]) -> ParsedStatement:
    account = _account(statement.account.replace(" ", ""))
    return ParsedStatement(
        format="coda",
        account=account,
        reference=f"{account}/{statement.new_sequence}/{statement.new_balance_date.isoformat()}",
        issued_on=statement.creation_date,
        opening_balance=quantize(statement.old_balance),
        closing_balance=quantize(statement.new_balance),
        lines=tuple(
            _coda_line(move, line, value_date_known)
            for move, (line, value_date_known) in zip(statement.moves, starts, strict=True)
        ),
    )


def _coda_line(move: coda.Move, line: int, value_date_known: bool) -> StatementLine:
    communication = (move.communication or "").strip()
    if move.communication_type in ("101", "102"):
        structured, creditor, free_text = _remittance(ogm=communication)
    else:
        structured, creditor, free_text = _remittance(text=communication)
    # The account field may hold the IBAN followed by a currency code or other data.
    account = (move.counterparty_account or "").split()
    return StatementLine(
        sequence=move.sequence,
        booked_on=move.entry_date,
        value_date=move.value_date if value_date_known else None,
        amount=quantize(move.amount),
        counterparty_name=(move.counterparty_name or "").strip(),
        counterparty_account=_account(account[0]) if account else "",
        structured_reference=structured,
        creditor_reference=creditor,
        free_text=free_text,
        bank_reference=move.bank_reference.strip(),
        source_line=line,
    )


# --- camt.053 ---------------------------------------------------------------------------------------------

_ISO20022 = "urn:iso:std:iso:20022:tech:xsd:"


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
    statements = [_camt_statement(statement) for statement in root.iterfind("BkToCstmrStmt/Stmt")]
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
    return quantize(Decimal(value)) * (1 if indicator == "CRDT" else -1)


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


def _camt_statement(statement: etree._Element) -> ParsedStatement:
    balances = {_text(balance, "Tp/CdOrPrtry/Cd"): balance for balance in statement.iterfind("Bal")}
    # Some banks give the opening balance as the previous closing one (PRCD) instead of OPBD.
    opening = balances.get("OPBD", balances.get("PRCD"))
    closing = balances.get("CLBD")
    if opening is None or closing is None:
        raise StatementFormatError(_("the statement has no opening or no closing balance."), statement.sourceline)
    account = _text(statement, "Acct/Id/IBAN") or _text(statement, "Acct/Id/Othr/Id")
    reference = _text(statement, "Id")
    if not account or not reference:
        raise StatementFormatError(_("the statement has no identification or no account."), statement.sourceline)
    created = statement.find("CreDtTm")
    if created is not None:
        issued_on = _iso_date((created.text or "").strip(), created.sourceline)
    else:
        issued_on = _camt_date(closing.find("Dt"))
    if issued_on is None:
        raise StatementFormatError(_("the statement has no date."), statement.sourceline)
    lines = []
    for index, entry in enumerate(statement.iterfind("Ntry"), start=1):
        lines += _camt_entry_lines(entry, index)
    return ParsedStatement(
        format="camt.053",
        account=_account(account),
        reference=reference,
        issued_on=issued_on,
        opening_balance=_camt_balance(opening),
        closing_balance=_camt_balance(closing),
        lines=tuple(lines),
    )


def _camt_balance(balance: etree._Element) -> Decimal:
    amount = balance.find("Amt")
    if amount is None:
        raise StatementFormatError(_("a balance has no amount."), balance.sourceline)
    return _camt_amount(amount, _text(balance, "CdtDbtInd"))


def _camt_entry_lines(entry: etree._Element, index: int) -> list[StatementLine]:
    if (_text(entry, "Sts/Cd") or _text(entry, "Sts")) not in ("", "BOOK"):
        return []  # pending or information only: no money has moved yet
    amount = entry.find("Amt")
    if amount is None:
        raise StatementFormatError(_("an entry has no amount."), entry.sourceline)
    indicator = _text(entry, "CdtDbtInd")
    booked_on = _camt_date(entry.find("BookgDt"))
    if booked_on is None:
        raise StatementFormatError(_("an entry has no booking date."), entry.sourceline)
    common = {
        "booked_on": booked_on,
        "value_date": _camt_date(entry.find("ValDt")),
        "bank_reference": _text(entry, "AcctSvcrRef"),
    }
    sequence = _text(entry, "NtryRef") or common["bank_reference"] or str(index)
    details = entry.findall("NtryDtls/TxDtls")
    if len(details) <= 1:
        # The entry amount is what was booked; a lone TxDtls amount may be the instructed one, before charges.
        detail = details[0] if details else None
        return [_camt_line(detail, _camt_amount(amount, indicator), sequence, entry.sourceline, common)]
    # A batch booking: one line per transaction, each with its own amount.
    lines = []
    for number, detail in enumerate(details, start=1):
        detail_amount = detail.find("Amt")
        if detail_amount is None:
            detail_amount = detail.find("AmtDtls/TxAmt/Amt")
        if detail_amount is None:
            raise StatementFormatError(_("an entry has no amount."), detail.sourceline)
        signed = _camt_amount(detail_amount, _text(detail, "CdtDbtInd") or indicator)
        lines.append(_camt_line(detail, signed, f"{sequence}/{number}", detail.sourceline, common))
    return lines


def _camt_line(
    detail: etree._Element | None, amount: Decimal, sequence: str, source_line: int, common: dict
) -> StatementLine:
    name = account = ogm = rf = ""
    texts = []
    bank_reference = common["bank_reference"]
    if detail is not None:
        # The counterparty is whoever paid us on a credit, whoever we paid on a debit.
        party = "Dbtr" if amount >= 0 else "Cdtr"
        # From .07 on the party is wrapped in Pty (it may be an agent instead).
        name = _text(detail, f"RltdPties/{party}/Nm") or _text(detail, f"RltdPties/{party}/Pty/Nm")
        account = _text(detail, f"RltdPties/{party}Acct/Id/IBAN") or _text(detail, f"RltdPties/{party}Acct/Id/Othr/Id")
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
        bank_reference = _text(detail, "Refs/AcctSvcrRef") or bank_reference
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
    )


# --- Builders (demo data, tests) --------------------------------------------------------------------------
# A movement: {"amount": signed Decimal, "value_date": date (default: created_on), "counterparty_name",
# "counterparty_account" (IBAN), and one of "structured_reference" (12 digits), "creditor_reference" (RF...),
# "free_text"}. camt053_build also takes {"batch": [movement, ...]}: one entry booking several transactions
# (of one direction in .02, where a transaction has no credit/debit indicator of its own).


def _coda_date(value: datetime.date) -> str:
    return value.strftime("%d%m%y")


def _coda_amount(value: Decimal) -> str:
    """Sign (0 credit, 1 debit) and 15 digits with three implied decimals."""
    return ("1" if value < 0 else "0") + f"{int(abs(quantize(value)) * 1000):015d}"


def coda_build(
    *,
    account_iban: str,
    holder_name: str,
    bank_bic: str,
    statement_number: int,
    created_on: datetime.date,
    opening_balance: Decimal,
    movements: list[dict],
) -> bytes:
    """One CODA v2 statement (Febelfin, 128-character records) for a Belgian IBAN account."""
    sequence = f"{statement_number % 1000:03d}"
    date = _coda_date(created_on)
    # Account structure 2 (IBAN of a Belgian account): IBAN in 31, extension zone, currency. Records 1 and 8
    # must carry the very same 37 characters.
    account = f"{iban.compact(account_iban):<31}   EUR"
    holder = f"{holder_name[:26]:<26}"
    records = [
        f"00000{date}00005 {'':7}{'OD' + sequence:<10}{holder}{bank_bic[:11]:<11}{'0' * 11} 00000{'':39}2",
        f"12{sequence}{account}{_coda_amount(opening_balance)}{date}{holder}{'':35}{sequence}",
    ]
    for number, movement in enumerate(movements, start=1):
        amount = quantize(movement["amount"])
        move = f"{number:04d}0000"
        if movement.get("structured_reference"):
            communication = f"1101{movement['structured_reference']}"
        else:
            # Free text runs on over records 2.1 (53), 2.2 (53) and 2.3 (43 characters). An RF reference
            # travels there too: febelfin-coda does not decode the structured type meant for it (100).
            communication = "0" + (movement.get("creditor_reference") or movement.get("free_text") or "")
        communication = f"{communication[:150]:<150}"
        code = "00150000" if amount >= 0 else "00101000"  # SEPA credit transfer received / sent
        value_date = _coda_date(movement.get("value_date") or created_on)
        records += [
            f"21{move}{'OD' + sequence + f'{number:04d}':<21}{_coda_amount(amount)}{value_date}{code}"
            f"{communication[:54]}{date}{sequence}01 0",
            f"22{move}{communication[54:107]}{'':62}1 0",
            f"23{move}{iban.compact(movement.get('counterparty_account', '')):<34}EUR"
            f"{movement['counterparty_name'][:35]:<35}{communication[107:]}0 0",
        ]
    amounts = [quantize(movement["amount"]) for movement in movements]
    closing = quantize(opening_balance) + sum(amounts, ZERO)
    records.append(f"8{sequence}{account}{_coda_amount(closing)}{date}{'':64}0")
    debit = -sum((amount for amount in amounts if amount < 0), ZERO)
    credit = sum((amount for amount in amounts if amount > 0), ZERO)
    # The record count leaves out the header and the trailer itself.
    records.append(f"9{'':15}{len(records) - 1:06d}{_coda_amount(debit)[1:]}{_coda_amount(credit)[1:]}{'':75}2")
    return "".join(record + "\r\n" for record in records).encode("windows-1252", errors="replace")


def camt053_build(
    *,
    account_iban: str,
    holder_name: str,
    statement_id: str,
    created_on: datetime.date,
    opening_balance: Decimal,
    movements: list[dict],
    version: str = "001.02",
) -> bytes:
    """One camt.053 statement in the given version (001.02 ... 001.08; each checked once against its XSD)."""
    minor = int(version.rsplit(".", 1)[1])
    namespace = f"{_ISO20022}camt.053.{version}"
    root = etree.Element(f"{{{namespace}}}Document", nsmap={None: namespace})

    def add(parent: etree._Element, path: str, text: str | None = None, **attributes: str) -> etree._Element:
        """Append the last element of the path, going into the latest existing element for the ones before."""
        *ancestors, last = path.split("/")
        for name in ancestors:
            existing = parent.findall(f"{{{namespace}}}{name}")
            parent = existing[-1] if existing else etree.SubElement(parent, f"{{{namespace}}}{name}")
        element = etree.SubElement(parent, f"{{{namespace}}}{last}", attributes)
        element.text = text
        return element

    def add_amount(parent: etree._Element, path: str, value: Decimal) -> None:
        add(parent, path, f"{abs(value):.2f}", Ccy="EUR")
        add(parent, "CdtDbtInd", "CRDT" if value >= 0 else "DBIT")

    today = created_on.isoformat()
    created = f"{today}T08:00:00"
    report = add(root, "BkToCstmrStmt")
    add(report, "GrpHdr/MsgId", statement_id)
    add(report, "GrpHdr/CreDtTm", created)
    statement = add(report, "Stmt")
    add(statement, "Id", statement_id)
    add(statement, "CreDtTm", created)
    add(statement, "Acct/Id/IBAN", iban.compact(account_iban))
    add(statement, "Acct/Ccy", "EUR")
    add(statement, "Acct/Ownr/Nm", holder_name)
    totals = [_movement_total(movement) for movement in movements]
    for code, value in (("OPBD", quantize(opening_balance)), ("CLBD", quantize(opening_balance) + sum(totals, ZERO))):
        balance = add(statement, "Bal")
        add(balance, "Tp/CdOrPrtry/Cd", code)
        add_amount(balance, "Amt", value)
        add(balance, "Dt/Dt", today)
    for number, (movement, amount) in enumerate(zip(movements, totals, strict=True), start=1):
        entry = add(statement, "Ntry")
        add_amount(entry, "Amt", amount)
        add(entry, "Sts/Cd" if minor >= 7 else "Sts", "BOOK")  # a code choice since .07
        add(entry, "BookgDt/Dt", today)
        add(entry, "ValDt/Dt", (movement.get("value_date") or created_on).isoformat())
        add(entry, "AcctSvcrRef", f"{statement_id}-{number:04d}")
        add(entry, "BkTxCd/Domn/Cd", "PMNT")
        add(entry, "BkTxCd/Domn/Fmly/Cd", "RCDT" if amount >= 0 else "ICDT")
        add(entry, "BkTxCd/Domn/Fmly/SubFmlyCd", "ESCT")
        for transaction in movement.get("batch") or [movement]:
            detail = add(entry, "NtryDtls/TxDtls")
            value = quantize(transaction["amount"])
            add(detail, "Refs/EndToEndId", "NOTPROVIDED")
            if minor >= 3:  # mandatory in .03 to .06, optional after
                add_amount(detail, "Amt", value)
            elif "batch" in movement:  # .02 has no own amount or indicator per transaction
                add(detail, "AmtDtls/TxAmt/Amt", f"{abs(value):.2f}", Ccy="EUR")
            party = "Dbtr" if value >= 0 else "Cdtr"
            name = f"RltdPties/{party}/Pty/Nm" if minor >= 7 else f"RltdPties/{party}/Nm"  # a choice since .07
            add(detail, name, transaction["counterparty_name"])
            add(detail, f"RltdPties/{party}Acct/Id/IBAN", iban.compact(transaction.get("counterparty_account", "")))
            if transaction.get("free_text"):
                add(detail, "RmtInf/Ustrd", transaction["free_text"])
            for key, issuer in (("structured_reference", "BBA"), ("creditor_reference", "ISO")):
                if transaction.get(key):
                    reference = add(detail, "RmtInf/Strd/CdtrRefInf")
                    add(reference, "Tp/CdOrPrtry/Cd", "SCOR")
                    add(reference, "Tp/Issr", issuer)
                    add(reference, "Ref", transaction[key])
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _movement_total(movement: dict) -> Decimal:
    return sum((quantize(part["amount"]) for part in movement.get("batch") or [movement]), ZERO)
