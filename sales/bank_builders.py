"""Bank statement files written for demo data and tests: CODA and camt.053 as Belgian banks send them.

Not used to import anything: `sales.services.bank_formats` reads statements. A movement is a dict:
{"amount": signed Decimal, "value_date": date (default: created_on), "counterparty_name",
"counterparty_account" (IBAN), and one of "structured_reference" (12 digits), "creditor_reference" (RF...),
"free_text"}. Optional keys:
- "batch": [movement, ...]: one grouped movement booking several transactions (a CODA globalisation, type 1
  with its details of type 5; a camt.053 entry with several TxDtls; in .02, where a transaction has no
  credit/debit indicator of its own, of one direction). "amount" then overrides the total (default: the sum).
- "currency": the movement's currency (camt.053; CODA amounts are in the account's currency).
- "bank_reference": the bank's reference (camt AcctSvcrRef, CODA positions 11-31).
- CODA: "transaction_code" (8 digits, default SEPA credit transfer received/sent), "r_transaction" (the type
  of R-transaction, 1-5) with "r_reason" (ISO reason code, e.g. MD06).
- camt.053: "reversal" (RvslInd true, the parties as in the original transaction), "sub_family" (bank
  transaction sub-family, e.g. RRTN), "return_reason" (RtrInf/Rsn/Cd), "end_to_end_id".
"""

import datetime
from decimal import Decimal

from lxml import etree
from stdnum import iban

from orderdesk.money import ZERO, quantize

_ISO20022 = "urn:iso:std:iso:20022:tech:xsd:"


def _parts(movement: dict) -> list[dict]:
    return movement.get("batch") or [movement]


def _total(movement: dict) -> Decimal:
    if "amount" in movement:
        return quantize(movement["amount"])
    return sum((quantize(part["amount"]) for part in _parts(movement)), ZERO)


# --- CODA -------------------------------------------------------------------------------------------------


def _coda_date(value: datetime.date) -> str:
    return value.strftime("%d%m%y")


def _coda_amount(value: Decimal) -> str:
    """Sign (0 credit, 1 debit) and 15 digits with three implied decimals."""
    return ("1" if value < 0 else "0") + f"{int(abs(quantize(value)) * 1000):015d}"


def _coda_movement(
    movement: dict, *, move: str, amount: Decimal, kind: str, sequence: str, created_on: datetime.date, number: int
) -> list[str]:
    """Records 2.1, 2.2 and 2.3 of one movement or one detail of a grouped movement."""
    date = _coda_date(created_on)
    if movement.get("structured_reference"):
        communication = f"1101{movement['structured_reference']}"
    else:
        # Free text runs on over records 2.1 (53), 2.2 (53) and 2.3 (43 characters). An RF reference travels
        # there too: febelfin-coda does not decode the structured type meant for it (100).
        communication = "0" + (movement.get("creditor_reference") or movement.get("free_text") or "")
    communication = f"{communication[:150]:<150}"
    code = movement.get("transaction_code") or ("00150000" if amount >= 0 else "00101000")  # SEPA received/sent
    code = kind + code[1:]
    value_date = _coda_date(movement.get("value_date") or created_on)
    bank_reference = movement.get("bank_reference") or f"OD{sequence}{number:04d}"
    globalised = "1" if kind == "1" else "0"
    r_transaction = f"{movement.get('r_transaction', ''):1}{movement.get('r_reason', ''):<4}"
    return [
        f"21{move}{bank_reference[:21]:<21}{_coda_amount(amount)}{value_date}{code}"
        f"{communication[:54]}{date}{sequence}{globalised}1 0",
        f"22{move}{communication[54:107]}{'':49}{r_transaction}{'':8}1 0",
        f"23{move}{iban.compact(movement.get('counterparty_account', '')):<34}EUR"
        f"{movement.get('counterparty_name', '')[:35]:<35}{communication[107:]}0 0",
    ]


def coda_build(
    *,
    account_iban: str,
    holder_name: str,
    bank_bic: str,
    statement_number: int,
    created_on: datetime.date,
    opening_balance: Decimal,
    movements: list[dict],
    currency: str = "EUR",
    first_movement: int = 1,
    encoding: str = "windows-1252",
) -> bytes:
    """One CODA v2 statement (Febelfin, 128-character records) for a Belgian IBAN account.

    Movements are numbered from `first_movement` and restart at 0001 after 9999, as the standard prescribes.
    """
    sequence = f"{statement_number % 1000:03d}"
    date = _coda_date(created_on)
    # Account structure 2 (IBAN of a Belgian account): IBAN in 31, extension zone, currency. Records 1 and 8
    # must carry the very same 37 characters.
    account = f"{iban.compact(account_iban):<31}   {currency}"
    holder = f"{holder_name[:26]:<26}"
    records = [
        f"00000{date}00005 {'':7}{'OD' + sequence:<10}{holder}{bank_bic[:11]:<11}{'0' * 11} 00000{'':39}2",
        f"12{sequence}{account}{_coda_amount(opening_balance)}{date}{holder}{'':35}{sequence}",
    ]
    for index, movement in enumerate(movements):
        number = (first_movement - 1 + index) % 9999 + 1
        total = _total(movement)
        common = {"sequence": sequence, "created_on": created_on, "number": number}
        if "batch" not in movement:
            records += _coda_movement(movement, move=f"{number:04d}0000", amount=total, kind="0", **common)
            continue
        records += _coda_movement(movement, move=f"{number:04d}0000", amount=total, kind="1", **common)
        for detail, part in enumerate(movement["batch"], start=1):
            move = f"{number:04d}{detail:04d}"
            records += _coda_movement(part, move=move, amount=quantize(part["amount"]), kind="5", **common)
    amounts = [_total(movement) for movement in movements]
    closing = quantize(opening_balance) + sum(amounts, ZERO)
    records.append(f"8{sequence}{account}{_coda_amount(closing)}{date}{'':64}0")
    debit = -sum((amount for amount in amounts if amount < 0), ZERO)
    credit = sum((amount for amount in amounts if amount > 0), ZERO)
    # The record count leaves out the header and the trailer itself.
    records.append(f"9{'':15}{len(records) - 1:06d}{_coda_amount(debit)[1:]}{_coda_amount(credit)[1:]}{'':75}2")
    return "".join(record + "\r\n" for record in records).encode(encoding, errors="replace")


# --- camt.053 ---------------------------------------------------------------------------------------------


def camt053_build(
    *,
    account_iban: str,
    holder_name: str,
    statement_id: str,
    created_on: datetime.date,
    opening_balance: Decimal,
    movements: list[dict],
    version: str = "001.02",
    currency: str = "EUR",
    balances: tuple[str, ...] = ("OPBD", "CLBD"),
    page: tuple[int, bool] | None = None,
) -> bytes:
    """One camt.053 statement in the given version (001.02 ... 001.08; each checked once against its XSD).

    `balances`: the codes of the opening and the closing balance (for example ("PRCD", "CLAV"), ("ITBD",
    "CLBD") on the last page of a paginated statement, or ("OPBD",) alone). `page`: (number, last page?).
    """
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

    def add_amount(parent: etree._Element, path: str, value: Decimal, ccy: str = currency) -> None:
        add(parent, path, f"{abs(value):.2f}", Ccy=ccy)
        add(parent, "CdtDbtInd", "CRDT" if value >= 0 else "DBIT")

    today = created_on.isoformat()
    created = f"{today}T08:00:00"
    report = add(root, "BkToCstmrStmt")
    add(report, "GrpHdr/MsgId", f"{statement_id}-{page[0]}" if page else statement_id)
    add(report, "GrpHdr/CreDtTm", created)
    if page:
        add(report, "GrpHdr/MsgPgntn/PgNb", str(page[0]))
        add(report, "GrpHdr/MsgPgntn/LastPgInd", "true" if page[1] else "false")
    statement = add(report, "Stmt")
    add(statement, "Id", statement_id)
    add(statement, "CreDtTm", created)
    add(statement, "Acct/Id/IBAN", iban.compact(account_iban))
    add(statement, "Acct/Ccy", currency)
    add(statement, "Acct/Ownr/Nm", holder_name)
    totals = [_total(movement) for movement in movements]
    amounts = (quantize(opening_balance), quantize(opening_balance) + sum(totals, ZERO))
    for code, value in zip(balances, amounts, strict=False):
        balance = add(statement, "Bal")
        add(balance, "Tp/CdOrPrtry/Cd", code)
        add_amount(balance, "Amt", value)
        add(balance, "Dt/Dt", today)
    for number, (movement, amount) in enumerate(zip(movements, totals, strict=True), start=1):
        entry = add(statement, "Ntry")
        ccy = movement.get("currency", currency)
        add_amount(entry, "Amt", amount, ccy)
        if movement.get("reversal"):
            add(entry, "RvslInd", "true")
        add(entry, "Sts/Cd" if minor >= 7 else "Sts", "BOOK")  # a code choice since .07
        add(entry, "BookgDt/Dt", today)
        add(entry, "ValDt/Dt", (movement.get("value_date") or created_on).isoformat())
        add(entry, "AcctSvcrRef", movement.get("bank_reference") or f"{statement_id}-{number:04d}")
        add(entry, "BkTxCd/Domn/Cd", "PMNT")
        received = (amount >= 0) != bool(movement.get("reversal"))
        add(entry, "BkTxCd/Domn/Fmly/Cd", "RCDT" if received else "ICDT")
        add(entry, "BkTxCd/Domn/Fmly/SubFmlyCd", movement.get("sub_family", "ESCT"))
        for transaction in _parts(movement):
            detail = add(entry, "NtryDtls/TxDtls")
            value = quantize(transaction["amount"])
            add(detail, "Refs/EndToEndId", transaction.get("end_to_end_id", "NOTPROVIDED"))
            if minor >= 3:  # mandatory in .03 to .06, optional after
                add_amount(detail, "Amt", value, transaction.get("currency", ccy))
            elif "batch" in movement:  # .02 has no own amount or indicator per transaction
                add(detail, "AmtDtls/TxAmt/Amt", f"{abs(value):.2f}", Ccy=transaction.get("currency", ccy))
            # The counterparty paid us, or we paid them; a reversal keeps the parties of the original transaction.
            them = "Dbtr" if (value >= 0) != bool(transaction.get("reversal", movement.get("reversal"))) else "Cdtr"
            us = "Cdtr" if them == "Dbtr" else "Dbtr"
            parties = [(them, transaction["counterparty_name"], transaction.get("counterparty_account", ""))]
            if movement.get("reversal"):
                parties.append((us, holder_name, account_iban))
            for party, name, account in sorted(parties, key=lambda party: party[0] != "Dbtr"):  # schema order
                add(detail, f"RltdPties/{party}/Pty/Nm" if minor >= 7 else f"RltdPties/{party}/Nm", name)
                add(detail, f"RltdPties/{party}Acct/Id/IBAN", iban.compact(account))
            if transaction.get("free_text"):
                add(detail, "RmtInf/Ustrd", transaction["free_text"])
            for key, issuer in (("structured_reference", "BBA"), ("creditor_reference", "ISO")):
                if transaction.get(key):
                    reference = add(detail, "RmtInf/Strd/CdtrRefInf")
                    add(reference, "Tp/CdOrPrtry/Cd", "SCOR")
                    add(reference, "Tp/Issr", issuer)
                    add(reference, "Ref", transaction[key])
            if movement.get("return_reason"):
                add(detail, "RtrInf/Rsn/Cd", movement["return_reason"])
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
