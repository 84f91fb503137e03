"""Bank statement files: the CODA sample febelfin-coda ships, our own builders read back, and broken files
whose error names the line to look at."""

import codecs
from datetime import date
from decimal import Decimal
from pathlib import Path

import coda
import pytest
from django.utils import translation

from sales.bank_builders import camt053_build, coda_build
from sales.services.bank_formats import StatementFormatError, statement_parse

D = Decimal
CODA_SAMPLES = Path(coda.__file__).parent
CREATED = date(2026, 3, 3)
MOVEMENTS = [
    {
        "amount": D("121.00"),
        "counterparty_name": "Brasserie Dupont",
        "counterparty_account": "BE71 0961 2345 6769",
        "structured_reference": "010806817183",
    },
    {
        "amount": D("-45.50"),
        "value_date": date(2026, 3, 2),
        "counterparty_name": "Proximus",
        "counterparty_account": "BE62510007547061",
        "creditor_reference": "RF18539007547034",
    },
    {
        "amount": D("1250"),
        "counterparty_name": "Café Zoë",
        "counterparty_account": "FR1420041010050500013M02606",
        "free_text": "Facture 2026-000123 et 2026-000124, solde du compte après la note de crédit C2026-000007 merci",
    },
    {
        "amount": D("-0.99"),
        "counterparty_name": "Banque",
        "counterparty_account": "BE43068999999501",
        "free_text": "Frais",
    },
]


def coda_file(movements=MOVEMENTS, **overrides) -> bytes:
    arguments = {
        "account_iban": "BE68 5390 0754 7034",
        "holder_name": "Order Desk BV",
        "bank_bic": "GKCCBEBB",
        "statement_number": 12,
        "created_on": CREATED,
        "opening_balance": D("1000.00"),
        "movements": movements,
    } | overrides
    return coda_build(**arguments)


def camt_file(movements=MOVEMENTS, version="001.02") -> bytes:
    return camt053_build(
        account_iban="BE68539007547034",
        holder_name="Order Desk BV",
        statement_id="2026-03-03-012",
        created_on=CREATED,
        opening_balance=D("1000.00"),
        movements=movements,
        version=version,
    )


def as_movements(statement) -> list[dict]:
    """What a movement dict says, as read back: every reference field present, absent ones empty."""
    return [
        {
            "amount": line.amount,
            "value_date": line.value_date,
            "counterparty_name": line.counterparty_name,
            "counterparty_account": line.counterparty_account,
            "structured_reference": line.structured_reference,
            "creditor_reference": line.creditor_reference,
            "free_text": line.free_text,
        }
        for line in statement.lines
    ]


def expected(movements) -> list[dict]:
    return [
        {
            "amount": movement["amount"].quantize(D("0.01")),
            "value_date": movement.get("value_date", CREATED),
            "counterparty_name": movement["counterparty_name"],
            "counterparty_account": movement["counterparty_account"].replace(" ", ""),
            "structured_reference": movement.get("structured_reference", ""),
            "creditor_reference": movement.get("creditor_reference", ""),
            "free_text": movement.get("free_text", ""),
        }
        for movement in movements
    ]


def error_of(content: bytes) -> StatementFormatError:
    with translation.override("en"), pytest.raises(StatementFormatError) as caught:
        statement_parse(content)
    return caught.value


def replace_line(content: bytes, number: int, change) -> bytes:
    lines = content.split(b"\r\n")
    lines[number - 1] = change(lines[number - 1])
    return b"\r\n".join(lines)


# --- CODA -------------------------------------------------------------------------------------------------


def test_the_coda_sample_of_febelfin_coda():
    [statement] = statement_parse((CODA_SAMPLES / "CODA.txt").read_bytes())

    assert statement.format == "coda"
    # An old Belgian account number (account structure 0): read as the IBAN it stands for.
    assert statement.account == "BE47435000000080"
    assert statement.reference == "BE47435000000080/001/2006-12-07"
    assert statement.issued_on == date(2006, 12, 6)
    assert (statement.opening_balance, statement.closing_balance) == (D("0.00"), D("9405296.99"))
    assert (statement.currency, statement.balance_difference) == ("EUR", D("0.00"))
    # 111 movements in the file, 59 of them top-level; four of those are grouped (types 1 and 2), and their
    # twelve transactions (types 5 and 6) are the lines instead. Details of type 8 only break a movement down.
    assert len(statement.lines) == 59 - 4 + 12
    assert sum(line.amount for line in statement.lines) == statement.closing_balance - statement.opening_balance
    wages = [line for line in statement.lines if line.batch == "0008"]
    assert [(line.sequence, line.amount, line.counterparty_name, line.source_line) for line in wages] == [
        ("0008/0001", D("-747.69"), "JANSSENS TUUR", 48),
        ("0008/0003", D("-565.64"), "MONTEO CARLOS", 53),
        ("0008/0005", D("-588.63"), "VANBUITEN GUIDO", 58),
        ("0008/0007", D("-880.61"), "FLIPKENS MARIA", 63),
    ]
    assert not any(line.sequence == "0008" for line in statement.lines)  # the total only balances the statement
    # Transaction 03 of family 05 (unpaid direct debit) is money going back: a return.
    assert next(line for line in statement.lines if line.sequence == "0048").is_return
    first = statement.lines[0]
    assert (first.sequence, first.amount, first.source_line) == ("0001", D("-2578.25"), 3)
    assert first.free_text.startswith("BORDEREAU DE DECOMPTE AVANCES")
    assert first.bank_reference == "EPIB00048 AWIUBTKAPUO"
    paid = next(line for line in statement.lines if line.sequence == "0053")
    assert paid.amount == D("817.56")
    assert paid.structured_reference == "269021157996"
    assert (paid.counterparty_name, paid.counterparty_account) == ("LA CROIX D OR SPRL", "370121620105")
    assert (paid.free_text, paid.source_line) == ("", 224)
    # The account field carries more than the account: only its first part is kept.
    placement = next(line for line in statement.lines if line.sequence == "0037")
    assert placement.counterparty_account == "728051142478"
    foreign = next(line for line in statement.lines if line.sequence == "0040")
    assert (foreign.counterparty_account, foreign.free_text) == ("NL34KRED0633083542", "C.0609/717,")


def test_the_empty_coda_sample_is_a_statement_without_lines():
    [statement] = statement_parse((CODA_SAMPLES / "CODA-empty.txt").read_bytes())

    assert statement.lines == ()
    assert statement.opening_balance == statement.closing_balance == D("0.00")
    assert statement.reference == "BE00000000000000/202/2026-08-07"  # without record 8 the old balance stands


def test_coda_build_reads_back_exactly():
    content = coda_file()
    records = content.decode("windows-1252").split("\r\n")[:-1]
    assert all(len(record) == 128 for record in records)
    assert coda.CODA(records).statements[0].account == "BE68539007547034"

    [statement] = statement_parse(content)

    assert statement.account == "BE68539007547034"
    assert statement.reference == "BE68539007547034/012/2026-03-03"
    assert statement.issued_on == CREATED
    assert statement.closing_balance == D("2324.51")
    assert as_movements(statement) == expected(MOVEMENTS)
    assert [line.source_line for line in statement.lines] == [3, 6, 9, 12]
    assert [line.sequence for line in statement.lines] == ["0001", "0002", "0003", "0004"]
    assert {line.booked_on for line in statement.lines} == {CREATED}


def test_coda_with_unix_line_ends_trailing_blank_lines_and_a_byte_windows_1252_lacks():
    content = coda_file().replace(b"\r\n", b"\n").replace("Zoë".encode("windows-1252"), b"Zo\x81") + b"\n\n"

    [statement] = statement_parse(content)

    assert statement.lines[2].counterparty_name == "Café Zo\x81"  # read as latin-1, nothing lost


def test_coda_invalid_ogm_stays_free_text():
    movement = MOVEMENTS[0] | {"structured_reference": "010806817184"}

    [statement] = statement_parse(coda_file([movement]))

    assert statement.lines[0].structured_reference == ""
    assert statement.lines[0].free_text == "010806817184"


def test_coda_grouped_movement_whose_transactions_fall_short_keeps_the_rest_and_survives_details_of_details():
    """Types 5-9 are details of the movement before; febelfin-coda crashes on type 9 unless we help it."""
    lines = coda_file(MOVEMENTS[:1]).decode("windows-1252").split("\r\n")
    top = lines[2]
    lines[2] = top[:53] + "1" + top[54:]  # globalised by the customer

    def detail(number: str, kind: str, amount: str) -> str:
        return top[:6] + number + top[10:31] + amount + top[47:53] + kind + top[54:61] + " " * 54 + top[115:]

    lines[5:5] = [detail("0001", "5", "0000000000100000"), detail("0002", "9", "0000000000021000")]
    trailer = lines[-2]
    lines[-2] = trailer[:16] + f"{int(trailer[16:22]) + 2:06d}" + trailer[22:]

    [statement] = statement_parse("\r\n".join(lines).encode("windows-1252"))

    # The transaction of type 5 is a line; the detail of a detail (9) is not; the rest of the total stays one.
    assert [(line.sequence, line.amount, line.batch, line.source_line) for line in statement.lines] == [
        ("0001/0001", D("100.00"), "0001", 6),
        ("0001", D("21.00"), "0001", 3),
    ]


def test_coda_unknown_value_date():
    content = replace_line(coda_file(), 3, lambda record: record[:47] + b"000000" + record[53:])

    [statement] = statement_parse(content)

    assert statement.lines[0].value_date is None
    assert statement.lines[0].booked_on == CREATED


def test_coda_file_with_two_statements():
    content = coda_file(MOVEMENTS[:1]) + coda_file(MOVEMENTS[1:2], statement_number=13)

    first, second = statement_parse(content)

    assert (first.reference, second.reference) == ("BE68539007547034/012/2026-03-03", "BE68539007547034/013/2026-03-03")
    assert second.lines[0].source_line == 7 + 3  # after the seven records of the first statement


def test_coda_short_record_names_its_line():
    error = error_of(replace_line(coda_file(), 4, lambda record: record[:120]))

    assert error.line == 4
    assert str(error) == "Line 4: the record is 120 characters long instead of 128."


def test_coda_letter_in_an_amount():
    error = error_of(replace_line(coda_file(), 6, lambda record: record[:40] + b"O" + record[41:]))

    assert str(error) == "Line 6: the amount is not a number."


def test_coda_trailer_totals_that_do_not_match():
    content = coda_file()
    last = len(content.split(b"\r\n")) - 1
    content = replace_line(content, last, lambda record: record[:37] + b"000000000999000" + record[52:])

    assert (
        str(error_of(content))
        == f"Line {last}: the totals or the record count of the trailer do not match the movements."
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda lines: lines[:-2], "Line 15: the file ends before the trailer (record 9) of the statement."),
        (lambda lines: [*lines[:3], b"5" + lines[3][1:], *lines[4:]], "Line 4: the record type 5 is unknown."),
        (lambda lines: [lines[0], *lines], "Line 2: a new statement starts before the trailer (record 9)."),
        (lambda lines: [lines[0][:127] + b"1", *lines[1:]], "Line 1: only version 2 of CODA is supported."),
        (
            lambda lines: [*lines[:-1], lines[1]],
            "Line 17: the record is not inside a statement (header record 0 missing).",
        ),
        (
            lambda lines: [*lines[:2], lines[2][:53] + b"4" + lines[2][54:], *lines[3:]],
            "Line 3: the type of movement 4 is unknown.",
        ),
        (
            lambda lines: [
                lines[1][:58] + b"320126" + lines[1][64:] if n == 1 else line for n, line in enumerate(lines)
            ],
            "Line 2: “320126” is not a date (DDMMYY).",
        ),
        (
            lambda lines: [*lines[:3], lines[3][:2] + b"0009" + lines[3][6:], *lines[4:]],
            "Line 4: the record does not match the records before it.",
        ),
    ],
)
def test_coda_broken_structure(change, message):
    lines = coda_file().split(b"\r\n")

    assert str(error_of(b"\r\n".join(change(lines)))) == message


# --- camt.053 ---------------------------------------------------------------------------------------------

BATCH = {
    "batch": [
        {
            "amount": D("60.50"),
            "counterparty_name": "Brasserie Dupont",
            "counterparty_account": "BE71096123456769",
            "structured_reference": "240283842818",
        },
        {
            "amount": D("14.50"),
            "counterparty_name": "Taverne De Kroon",
            "counterparty_account": "NL91ABNA0417164300",
            "free_text": "Invoice F2026-000009",
        },
    ]
}


@pytest.mark.parametrize("version", [f"001.0{minor}" for minor in range(2, 9)])
def test_camt053_build_reads_back_exactly(version):
    content = camt_file([*MOVEMENTS, BATCH], version=version)
    assert f"urn:iso:std:iso:20022:tech:xsd:camt.053.{version}".encode() in content

    [statement] = statement_parse(content)

    assert statement.format == "camt.053"
    assert (statement.account, statement.reference, statement.issued_on) == (
        "BE68539007547034",
        "2026-03-03-012",
        CREATED,
    )
    assert (statement.opening_balance, statement.closing_balance) == (D("1000.00"), D("2399.51"))
    assert as_movements(statement) == expected([*MOVEMENTS, *BATCH["batch"]])
    assert [line.sequence for line in statement.lines] == [
        "2026-03-03-012-0001",
        "2026-03-03-012-0002",
        "2026-03-03-012-0003",
        "2026-03-03-012-0004",
        "2026-03-03-012-0005/1",
        "2026-03-03-012-0005/2",
    ]
    text = content.decode()
    ntry_lines = [number for number, line in enumerate(text.split("\n"), start=1) if line.strip() == "<Ntry>"]
    assert [line.source_line for line in statement.lines[:4]] == ntry_lines[:4]
    # A transaction of a batch starts at its own TxDtls.
    assert statement.lines[4].source_line > ntry_lines[4]


@pytest.mark.parametrize("version", ["001.04", "001.08"])
def test_camt053_batch_with_debits_and_credits(version):
    """From .03 on each transaction has its own credit/debit indicator."""
    batch = {"batch": [BATCH["batch"][0], MOVEMENTS[1]]}

    [statement] = statement_parse(camt_file([batch], version=version))

    assert [line.amount for line in statement.lines] == [D("60.50"), D("-45.50")]
    assert statement.lines[1].counterparty_name == "Proximus"


CAMT_04 = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.04">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-03-04T06:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>S-42</Id>
      <Acct><Id><IBAN>BE68539007547034</IBAN></Id></Acct>
      <Bal><Tp><CdOrPrtry><Cd>PRCD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">20.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>
        <Dt><Dt>2026-03-02</Dt></Dt></Bal>
      <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">83.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
        <Dt><Dt>2026-03-03</Dt></Dt></Bal>
      <Ntry>
        <NtryRef>N1</NtryRef><Amt Ccy="EUR">105.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
        <BookgDt><DtTm>2026-03-03T10:15:00+01:00</DtTm></BookgDt>
        <NtryDtls><TxDtls>
          <Refs><AcctSvcrRef>BANK-77</AcctSvcrRef></Refs>
          <RltdPties><Dbtr><Nm>Ets Martin</Nm></Dbtr><DbtrAcct><Id><IBAN>BE71096123456769</IBAN></Id></DbtrAcct>
            <Cdtr><Nm>Order Desk BV</Nm></Cdtr></RltdPties>
          <RmtInf><Ustrd>Invoice</Ustrd><Ustrd>F2026-000123</Ustrd>
            <Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>BBA</Issr></Tp>
              <Ref>+++010/8068/17183+++</Ref></CdtrRefInf></Strd></RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>
      <Ntry>
        <Amt Ccy="EUR">2.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>
        <BookgDt><Dt>2026-03-03</Dt></BookgDt><AddtlNtryInf>Account fee</AddtlNtryInf>
      </Ntry>
      <Ntry>
        <Amt Ccy="EUR">500.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>PDNG</Sts>
        <BookgDt><Dt>2026-03-03</Dt></BookgDt>
      </Ntry>
      <Ntry>
        <Amt Ccy="EUR">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
        <BookgDt><Dt>2026-03-03</Dt></BookgDt>
        <NtryDtls><TxDtls><RmtInf><Ustrd>rf18 5390 0754 7034</Ustrd>
          <Strd><CdtrRefInf><Tp><Issr>BBA</Issr></Tp><Ref>010806817184</Ref></CdtrRefInf></Strd>
        </RmtInf></TxDtls></NtryDtls>
      </Ntry>
    </Stmt>
  </BkToCstmrStmt>
</Document>
"""


def test_camt053_as_banks_write_it():
    [statement] = statement_parse(CAMT_04.encode())

    assert statement.opening_balance == D("-20.00")  # the previous closing balance, overdrawn
    assert statement.issued_on == date(2026, 3, 3)  # no CreDtTm on the statement: the closing balance date
    paid, fee, zero = statement.lines  # the pending entry is not money yet
    assert (paid.sequence, paid.booked_on, paid.value_date, paid.source_line) == ("N1", CREATED, None, 12)
    assert (paid.counterparty_name, paid.counterparty_account) == ("Ets Martin", "BE71096123456769")
    assert (paid.structured_reference, paid.free_text, paid.bank_reference) == (
        "010806817183",
        "Invoice F2026-000123",
        "BANK-77",
    )
    assert (fee.sequence, fee.amount, fee.counterparty_name, fee.free_text) == ("2", D("-2.00"), "", "")
    # An OGM with a wrong check digit is kept as text; free text that is an RF reference is one.
    assert (zero.structured_reference, zero.creditor_reference, zero.free_text) == (
        "",
        "RF18539007547034",
        "010806817184",
    )


def test_camt_broken_xml_names_its_line():
    content = camt_file()
    number = content.decode().split("\n").index("        <CdtDbtInd>CRDT</CdtDbtInd>") + 1
    content = content.replace(b"<CdtDbtInd>CRDT</CdtDbtInd>", b"<CdtDbtInd>CRDT</CdtDbtIndd>", 1)

    error = error_of(content)

    assert error.line == number
    assert str(error).startswith(f"Line {number}: the XML is not well-formed (Opening and ending tag mismatch")


def test_camt_entry_without_an_amount():
    content = camt_file(MOVEMENTS[:1]).replace(b'<Amt Ccy="EUR">121.00</Amt>', b"", 1)
    number = content.decode().split("\n").index("      <Ntry>") + 1

    assert str(error_of(content)) == f"Line {number}: an entry has no amount."


def test_camt_amount_that_is_not_a_number():
    content = camt_file(MOVEMENTS[:1]).replace(b">121.00<", b">12l.00<")
    number = content.decode().split("\n").index('        <Amt Ccy="EUR">12l.00</Amt>') + 1

    assert str(error_of(content)) == f"Line {number}: the amount is not a number."


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            camt_file().replace(b"camt.053.001.02", b"camt.054.001.02"),
            "This XML file is a camt.054.001.02 document, not a camt.053 bank statement.",
        ),
        (
            b'<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"/>',
            "This XML file is a pain.001.001.03 document, not a camt.053 bank statement.",
        ),
        (
            b"<html><body>Not a statement</body></html>",
            "This XML file is a html document, not a camt.053 bank statement.",
        ),
        (
            b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt/></Document>',
            "The file contains no bank statement.",
        ),
        (b"", "The file is empty."),
        (b"\r\n  \n", "The file is empty."),
        (bytes(range(256)) * 4, "This is neither a CODA nor a camt.053 file."),
        (
            b"Date;Amount;Communication\n2026-03-03;121,00;+++010/8068/17183+++\n",
            "This is neither a CODA nor a camt.053 file.",
        ),
    ],
)
def test_files_that_are_no_statement(content, message):
    error = error_of(content)

    assert (str(error), error.line) == (message, None)


def test_camt_entities_are_not_expanded():
    content = (
        camt_file(MOVEMENTS[:1])
        .replace(
            b"<?xml version='1.0' encoding='UTF-8'?>",
            b'<?xml version="1.0"?><!DOCTYPE Document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>',
        )
        .replace(b"Brasserie Dupont", b"&secret;")
    )

    [statement] = statement_parse(content)

    assert "root:" not in statement.lines[0].counterparty_name


# --- as banks really send them ----------------------------------------------------------------------------

TAVERNE = {
    "amount": D("60.50"),
    "counterparty_name": "Taverne De Kroon",
    "counterparty_account": "BE71096123456769",
    "structured_reference": "240283842818",
}


def test_coda_grouped_credit_transfers_are_one_line_each_with_their_own_ogm():
    """A globalisation (type 1) with its details (type 5): the details are the payments."""
    batch = {"free_text": "VERZAMELDE OVERSCHRIJVINGEN", "batch": [MOVEMENTS[0], TAVERNE]}

    [statement] = statement_parse(coda_file([batch, MOVEMENTS[1]]))

    assert [
        (line.sequence, line.amount, line.batch, line.structured_reference, line.counterparty_name, line.source_line)
        for line in statement.lines
    ] == [
        ("0001/0001", D("121.00"), "0001", "010806817183", "Brasserie Dupont", 6),
        ("0001/0002", D("60.50"), "0001", "240283842818", "Taverne De Kroon", 9),
        ("0002", D("-45.50"), "", "", "Proximus", 12),
    ]
    assert statement.closing_balance == D("1136.00") and statement.balance_difference == 0


def test_camt_batch_whose_transactions_do_not_make_its_amount_keeps_the_rest_as_a_line():
    """The bank took 1.00 of charges off the batch: the transactions pay, the charges are a line of their own."""
    batch = {"amount": D("180.50"), "batch": [MOVEMENTS[0], TAVERNE]}

    [statement] = statement_parse(camt_file([batch], version="001.08"))

    assert [(line.sequence, line.amount, line.batch) for line in statement.lines] == [
        ("2026-03-03-012-0001/1", D("121.00"), "2026-03-03-012-0001"),
        ("2026-03-03-012-0001/2", D("60.50"), "2026-03-03-012-0001"),
        ("2026-03-03-012-0001", D("-1.00"), "2026-03-03-012-0001"),
    ]
    assert statement.balance_difference == 0  # the batch counts once, with the amount the bank booked


def test_coda_movement_numbers_restart_after_9999():
    [statement] = statement_parse(coda_file(MOVEMENTS[:3], first_movement=9998))

    assert [line.sequence for line in statement.lines] == ["9998", "9999", "10001"]


def test_camt_entries_with_the_same_bank_reference_keep_a_line_each():
    movements = [movement | {"bank_reference": "SAME-REF"} for movement in MOVEMENTS[:3]]

    [statement] = statement_parse(camt_file(movements))

    assert [line.sequence for line in statement.lines] == ["SAME-REF", "SAME-REF#2", "SAME-REF#3"]
    assert {line.bank_reference for line in statement.lines} == {"SAME-REF"}


def test_an_amount_too_large_to_book_names_its_line():
    content = camt_file(MOVEMENTS[:1]).replace(b">121.00<", b">1234567890123.00<")
    number = content.decode().split("\n").index('        <Amt Ccy="EUR">1234567890123.00</Amt>') + 1

    assert str(error_of(content)) == f"Line {number}: the amount 1234567890123.00 is too large to book."


def test_amounts_in_another_currency_keep_it():
    content = camt053_build(
        account_iban="BE68539007547034", holder_name="Order Desk BV", statement_id="S-USD", created_on=CREATED,
        opening_balance=D("0"), movements=[MOVEMENTS[0] | {"currency": "USD"}, MOVEMENTS[1]], version="001.08",
    )  # fmt: skip

    [statement] = statement_parse(content)

    assert statement.currency == "EUR"
    assert [(line.amount, line.currency) for line in statement.lines] == [(D("121.00"), "USD"), (D("-45.50"), "EUR")]
    [francs] = statement_parse(coda_file(MOVEMENTS[:1], currency="CHF"))
    assert (francs.currency, francs.lines[0].currency) == ("CHF", "CHF")


@pytest.mark.parametrize("version", ["001.02", "001.08"])
def test_camt_reversal_is_a_return_from_the_original_payer_not_from_us(version):
    """RvslInd: the customer's payment goes back; the bank lists the parties of the original transfer."""
    reversal = MOVEMENTS[0] | {"amount": D("-121.00"), "reversal": True, "end_to_end_id": "E2E-1"}

    [statement] = statement_parse(camt_file([reversal, MOVEMENTS[1]], version=version))

    returned, paid = statement.lines
    assert (returned.is_return, paid.is_return) == (True, False)
    assert (returned.counterparty_name, returned.counterparty_account) == ("Brasserie Dupont", "BE71096123456769")
    assert (returned.structured_reference, returned.end_to_end_id, paid.end_to_end_id) == ("010806817183", "E2E-1", "")


def test_camt_return_by_its_return_information_or_transaction_code():
    movements = [
        MOVEMENTS[1] | {"amount": D("45.50"), "return_reason": "AC04"},  # our transfer to a closed account, back
        MOVEMENTS[0] | {"sub_family": "RRTN"},
        MOVEMENTS[0],
    ]

    [statement] = statement_parse(camt_file(movements, version="001.04"))

    assert [line.is_return for line in statement.lines] == [True, True, False]


def test_coda_returns_by_their_transaction_code_or_r_transaction():
    movements = [
        MOVEMENTS[0] | {"amount": D("-121.00"), "transaction_code": "00503000"},  # direct debit: unpaid debt
        MOVEMENTS[0] | {"amount": D("-121.00"), "r_transaction": "2", "r_reason": "MD06"},  # SEPA return
        MOVEMENTS[0] | {"transaction_code": "00199000"},  # cancellation or correction (storno)
        MOVEMENTS[0],
    ]

    [statement] = statement_parse(coda_file(movements))

    assert [line.is_return for line in statement.lines] == [True, True, True, False]


@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8])
def test_coda_in_utf_8(bom):
    """An é is two bytes in UTF-8: the records are 128 characters, not 128 bytes."""
    content = bom + coda_file(holder_name="Brûlerie Léonard", encoding="utf-8")
    assert "Zoë".encode() in content and len(content.split(b"\r\n")[0]) > 128

    [statement] = statement_parse(content)

    assert statement.lines[2].counterparty_name == "Café Zoë"
    assert as_movements(statement) == expected(MOVEMENTS)


@pytest.mark.parametrize(
    ("balances", "opening", "closing", "difference"),
    [
        (("PRCD", "CLBD"), D("1000.00"), D("2324.51"), D("0.00")),
        (("OPBD", "CLAV"), D("1000.00"), D("2324.51"), None),  # an available balance is no booked one
        (("ITBD", "ITBD"), D("1000.00"), D("2324.51"), D("0.00")),  # a page in the middle
        (("PRCD",), D("1000.00"), None, None),
        ((), None, None, None),
    ],
)
def test_camt_with_the_balances_banks_send(balances, opening, closing, difference):
    content = camt053_build(
        account_iban="BE68539007547034", holder_name="Order Desk BV", statement_id="S-1", created_on=CREATED,
        opening_balance=D("1000.00"), movements=MOVEMENTS, balances=balances, version="001.04",
    )  # fmt: skip

    [statement] = statement_parse(content)

    assert (statement.opening_balance, statement.closing_balance, statement.balance_difference) == (
        opening,
        closing,
        difference,
    )
    assert len(statement.lines) == 4


def test_camt_balances_that_do_not_add_up_are_told_not_refused():
    content = camt_file(MOVEMENTS).replace(b">2324.51<", b">2300.00<")

    [statement] = statement_parse(content)

    assert statement.balance_difference == D("-24.51")


def test_camt_paginated_statement_is_one_page_per_file():
    def page(number, movements, opening, balances):
        return camt053_build(
            account_iban="BE68539007547034", holder_name="Order Desk BV", statement_id="S-7", created_on=CREATED,
            opening_balance=opening, movements=movements, balances=balances, page=(number, number == 2),
        )  # fmt: skip

    [first] = statement_parse(page(1, MOVEMENTS[:2], D("1000.00"), ("OPBD", "ITBD")))
    [second] = statement_parse(page(2, MOVEMENTS[2:], D("1075.50"), ("ITBD", "CLBD")))

    assert [(s.reference, s.page, s.balance_difference) for s in (first, second)] == [("S-7", 1, 0), ("S-7", 2, 0)]
    assert (first.closing_balance, second.opening_balance, second.closing_balance) == (
        D("1075.50"),
        D("1075.50"),
        D("2324.51"),
    )


def test_coda_whose_new_balance_is_of_another_account_names_both():
    content = replace_line(coda_file(), 15, lambda record: record[:4] + b"BE71096123456769" + record[20:])

    assert str(error_of(content)) == (
        "Line 15: the new balance (record 8) is of account BE71096123456769, the old balance (line 2) of "
        "BE68539007547034."
    )


def test_coda_whose_new_balance_is_not_the_old_one_plus_the_movements():
    content = replace_line(coda_file(), 15, lambda record: record[:41] + b"0000000002300000" + record[57:])

    assert str(error_of(content)) == (
        "Line 15: the new balance 2300.00 is not the old balance plus the movements (2324.51)."
    )
