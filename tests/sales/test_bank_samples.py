"""Statement files written by other projects and banks (../shared/bank-samples/, see its README for where each
comes from): each imports or is refused as expected, nothing crashes, and a second import changes nothing."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from orderdesk.exceptions import DomainError
from sales.models import BankLine, BankStatement, CompanyBankAccount, Payment
from sales.services.bank_formats import statement_parse
from sales.services.bank_import import bank_statement_import

pytestmark = pytest.mark.django_db
SAMPLES = Path(settings.BASE_DIR).parent / "shared" / "bank-samples"

# Accepted: (statements, lines). Refused: the message, and why the refusal is right.
ACCEPTED = {
    "febelfin-coda-pkg/CODA-empty.txt": (1, 0),
    "febelfin-coda-pkg/CODA.txt": (1, 67),  # an old Belgian account number; grouped movements split
    "genkgo-camt/camt053.v2.all-balance-types.xml": (1, 1),
    "genkgo-camt/camt053.v2.five.decimals.xml": (1, 1),
    "genkgo-camt/camt053.v2.minimal.ultimate.xml": (1, 1),
    "genkgo-camt/camt053.v2.minimal.xml": (1, 1),
    "genkgo-camt/camt053.v2.multi.statement.xml": (2, 2),
    "genkgo-camt/camt053.v2.with-account-name.xml": (1, 1),  # only a CLAV balance
    "genkgo-camt/camt053.v2.with-party-ids.xml": (1, 1),
    "genkgo-camt/camt053.v3.xml": (1, 1),
    "genkgo-camt/camt053.v4.xml": (1, 1),
    "genkgo-camt/camt053.v8.xml": (1, 1),
    "genkgo-camt/camt53.only-Dt-with-DtTm.xml": (1, 0),  # only an opening balance
    "oca-bank-statement-import/sftp-camt053.xml": (1, 1),  # no closing balance
    "oca-bank-statement-import/test-camt053-bookgdt-dttm.xml": (1, 1),
    "oca-bank-statement-import/test-camt053-no-ntry.xml": (1, 0),
    "oca-bank-statement-import/test-camt053-txdtls.xml": (1, 2),  # a batch of two transactions
    "oca-bank-statement-import/test-camt053.v9.xml": (1, 3),
    "oca-bank-statement-import/test-camt053.xml": (1, 4),  # a reversed batch of direct debits
    "oca-l10n-belgium/Coda_iban_v2_3_multi_statements.txt": (2, 2),
    "oca-l10n-belgium/Coda_iban_v2_3_single_statement.txt": (1, 30),
    "ofxstatement-iso20022/camt053.xml": (1, 1),  # a Swiss account number that is no IBAN
    "ofxstatement-iso20022/davider80.xml": (1, 16),
    "ofxstatement-iso20022/gcamp6.xml": (1, 5),
    "ofxstatement-iso20022/simple.xml": (1, 4),
}
NOT_A_STATEMENT = "document, not a camt.053 bank statement."
ONTVANGEN = (
    "Line 23: the new balance (record 8) is of account BE44734024486445, the old balance (line 2) of BE46737018594236."
)
REFUSED = {
    # Reports and notifications, not statements.
    "genkgo-camt/camt052.v8.xml": "This XML file is a camt.052.001.08 " + NOT_A_STATEMENT,
    "genkgo-camt/camt054.v8.xml": "This XML file is a camt.054.001.08 " + NOT_A_STATEMENT,
    "oca-bank-statement-import/test-camt054.xml": "This XML file is a camt.054.001.04 " + NOT_A_STATEMENT,
    "ofxstatement-iso20022/camt052.xml": "This XML file is a camt.052.001.02 " + NOT_A_STATEMENT,
    # A camt.053 document without a statement in it.
    "genkgo-camt/camt053.v2.wrong.xml": "The file contains no bank statement.",
    # The anonymised test file's new balance (record 8) is of another account than its old balance (record 1),
    # and is not the old balance plus the movements either (13,646.05 against 13,527.81): truly broken.
    "oca-l10n-belgium/Ontvangen_CODA.2012-01-11-18.59.15.v10.txt": ONTVANGEN,
    "oca-l10n-belgium/Ontvangen_CODA.2012-01-11-18.59.15.v8.txt": ONTVANGEN,
}
FILES = sorted(str(path.relative_to(SAMPLES)) for path in SAMPLES.glob("*/*")) if SAMPLES.is_dir() else []


def _snapshot():
    return [list(model.objects.order_by("pk").values()) for model in (BankStatement, BankLine, Payment)]


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/bank-samples is not beside the project")
def test_every_sample_has_an_expectation():
    assert set(FILES) == set(ACCEPTED) | set(REFUSED)


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/bank-samples is not beside the project")
@pytest.mark.parametrize("name", FILES)
def test_a_statement_file_from_elsewhere(name, accountant):
    content = (SAMPLES / name).read_bytes()
    if name in REFUSED:
        with pytest.raises(DomainError) as refused:
            bank_statement_import(content=content, filename=name, actor=accountant)
        assert str(refused.value) == REFUSED[name]
        assert _snapshot() == [[], [], []]
        return
    for parsed in statement_parse(content):  # the test makes the sample's account ours
        CompanyBankAccount.objects.get_or_create(iban=parsed.account, currency=parsed.currency)

    result = bank_statement_import(content=content, filename=name, actor=accountant)

    assert (len(result.statements), BankLine.objects.count()) == ACCEPTED[name]
    assert not BankLine.objects.filter(status=BankLine.Status.PENDING).exists()
    before = _snapshot()
    again = bank_statement_import(content=content, filename=name, actor=accountant)
    assert (again.statements, len(again.already_imported)) == ([], ACCEPTED[name][0])
    assert _snapshot() == before


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/bank-samples is not beside the project")
def test_a_reversed_batch_of_direct_debits_from_elsewhere():
    """OCA's file: a DBIT entry with RvslInd true whose two transactions name the customer as Cdtr."""
    [statement] = statement_parse((SAMPLES / "oca-bank-statement-import/test-camt053.xml").read_bytes())

    reversed_lines = [line for line in statement.lines if line.batch == "2"]
    assert [(line.amount, line.is_return, line.counterparty_name) for line in reversed_lines] == [
        (Decimal("-564.05"), True, "Test Customer"),
        (Decimal("-100.00"), True, "Test Customer"),
    ]
