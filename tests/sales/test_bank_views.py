"""The bank pages: our bank accounts (a manager's), the upload limit, a large statement matched by a worker
with its progress on the statement's page, and a returned payment taken back in one click."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sales.bank_builders import camt053_build
from sales.forms import BankStatementUploadForm
from sales.models import BankLine, BankStatement, CompanyBankAccount
from sales.states import InvoiceStatus
from tests.sales.test_invoices import issued_invoice

pytestmark = pytest.mark.django_db
D = Decimal
DAY = timezone.localdate()
OUR_IBAN = "BE73735012345660"  # on the company settings of seed_company


@pytest.fixture(autouse=True)
def in_english(db, request):
    """The pages in English, whoever signs in (users read Dutch by default)."""
    for name in ("accountant", "manager"):
        if name in request.fixturenames:
            user = request.getfixturevalue(name)
            user.language = "en"
            user.save(update_fields=["language"])


def statement(movements, statement_id="S-1"):
    return camt053_build(account_iban=OUR_IBAN, holder_name="Vandenbroucke Technics", statement_id=statement_id,
                         created_on=DAY, opening_balance=D("0"), movements=movements)  # fmt: skip


def upload(client, content, name="statement.xml"):
    return client.post(reverse("sales:bank"), {"file": SimpleUploadedFile(name, content)})


@pytest.mark.parametrize("role", ["accountant", "assistant"])
def test_only_a_manager_sees_and_changes_our_bank_accounts(role, request, client, company_settings):
    client.force_login(request.getfixturevalue(role))

    assert client.get(reverse("sales:bank-accounts")).status_code == 403
    assert client.post(reverse("sales:bank-accounts"), {"iban": "BE71096123456769"}).status_code == 403
    assert not CompanyBankAccount.objects.exists()


def test_a_manager_adds_and_removes_a_bank_account(manager_client, company_settings, django_assert_num_queries):
    page = manager_client.get(reverse("sales:bank-accounts"))
    assert page.status_code == 200 and "BE73 7350 1234 5660" in page.content.decode()  # the company's, counted

    response = manager_client.post(
        reverse("sales:bank-accounts"), {"iban": "be71 0961 2345 6769", "bic": "gkccbebb", "currency": "usd"}
    )

    assert response.status_code == 302
    account = CompanyBankAccount.objects.get()
    assert (account.iban, account.bic, account.currency) == ("BE71096123456769", "GKCCBEBB", "USD")
    for data in ({"iban": "BE71096123456768", "currency": "EUR"}, {"iban": "BE71096123456769", "currency": "USD"},
                 {"iban": "BE71096123456769", "currency": "dollar"}):  # fmt: skip
        assert manager_client.post(reverse("sales:bank-accounts"), data).status_code == 400
    with CaptureQueriesContext(connection) as one_account:
        manager_client.get(reverse("sales:bank-accounts"))
    CompanyBankAccount.objects.create(iban="BE43068999999501")
    CompanyBankAccount.objects.create(iban="BE43068999999501", currency="CHF")
    with django_assert_num_queries(len(one_account)):  # the list is one query, however many accounts
        assert "BE43 0689 9999 9501" in manager_client.get(reverse("sales:bank-accounts")).content.decode()

    manager_client.post(reverse("sales:bank-accounts"), {"remove": account.pk})

    assert list(CompanyBankAccount.objects.values_list("currency", flat=True)) == ["CHF", "EUR"]


def test_a_file_above_the_limit_is_refused(client, accountant, company_settings, monkeypatch):
    monkeypatch.setattr(BankStatementUploadForm, "MAX_SIZE_MB", 0)
    client.force_login(accountant)

    response = upload(client, statement([]))

    assert response.status_code == 400 and "is larger than 0 MB" in response.content.decode()
    assert not BankStatement.objects.exists()


def test_a_statement_of_another_account_is_refused_on_the_page(client, accountant, company_settings):
    client.force_login(accountant)
    other = camt053_build(account_iban="BE71096123456769", holder_name="X", statement_id="S-X", created_on=DAY,
                          opening_balance=D("0"), movements=[])  # fmt: skip

    response = upload(client, other)

    assert response.status_code == 400
    assert "BE71 0961 2345 6769, which is not one of our bank accounts" in response.content.decode()


def test_a_large_statement_shows_its_progress_while_a_worker_matches_it(
    client, accountant, company_settings, monkeypatch, django_capture_on_commit_callbacks
):
    from sales.services import bank_import

    monkeypatch.setattr(bank_import, "MATCH_IN_REQUEST_LINES", 2)
    client.force_login(accountant)
    movements = [{"amount": D("10.00"), "free_text": f"line {n}", "counterparty_name": "X"} for n in range(5)]

    with django_capture_on_commit_callbacks() as callbacks:
        response = upload(client, statement(movements))

    imported = BankStatement.objects.get()
    assert response.status_code == 302 and response.url == reverse("sales:bank-statement", args=[imported.pk])
    page = client.get(response.url).content.decode()
    assert "Matching the lines: 0 of 5." in page and 'hx-trigger="every 2s"' in page
    assert 'id="statement-lines"' not in page
    assert "being matched" in client.get(reverse("sales:bank")).content.decode()

    for callback in callbacks:
        callback()  # the worker

    progress = client.get(response.url, {"progress": "1"}, headers={"HX-Request": "true"})
    assert progress["HX-Refresh"] == "true" and "All 5 lines matched." in progress.content.decode()
    page = client.get(response.url).content.decode()
    assert 'id="statement-lines"' in page and page.count("line 4") == 1


def test_a_returned_payment_is_taken_back_from_the_queue(client, accountant, b2b_customer, assistant, oven):
    invoice = issued_invoice(b2b_customer, assistant, (oven, "1"), today=DAY - datetime.timedelta(days=3))
    client.force_login(accountant)
    paid = {"amount": invoice.total, "structured_reference": invoice.structured_reference,
            "counterparty_name": "BAKKERIJ PEETERS", "counterparty_account": "BE43068999999501"}  # fmt: skip
    upload(client, statement([paid]))
    returned = paid | {"amount": -invoice.total, "structured_reference": "", "free_text": "RETOUR AM04",
                       "sub_family": "RRTN"}  # fmt: skip
    upload(client, statement([returned], statement_id="S-2"))
    line = BankLine.objects.get(is_return=True)
    page = client.get(reverse("sales:bank")).content.decode()
    assert f"Open {invoice.number} again" in page

    response = client.post(reverse("sales:bank-line-action", args=[line.pk, "return"]), follow=True)

    assert f"Returned: {invoice.number} is open again" in response.content.decode()
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.ISSUED
    statement_page = client.get(reverse("sales:bank-statement", args=[line.statement_id])).content.decode()
    assert "Return" in statement_page and "returns the line of" in statement_page


def test_the_data_migration_makes_the_company_iban_our_first_account(company_settings):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("sales.migrations.0014_company_bank_account_from_settings")
    migration.create_from_settings(apps, None)
    migration.create_from_settings(apps, None)  # run twice: still one

    account = CompanyBankAccount.objects.get()
    assert (account.iban, account.currency, account.bic) == (OUR_IBAN, "EUR", company_settings.bic)
