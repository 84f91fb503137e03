"""Issued invoices and credit notes are tamper-evident: a hash chain per series that `verify_documents` checks,
protected links to them and from them, and on PostgreSQL triggers that refuse changing them even by raw SQL."""

import datetime
import importlib
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, models, transaction
from django.db.migrations.executor import MigrationExecutor

from orderdesk.models import User
from sales.models import Invoice, InvoiceLine
from sales.models.invoices import MUTABLE_AFTER_ISSUE
from sales.services.document_chain import document_hash, documents_verify
from sales.services.invoicing import credit_note_create, invoice_issue, invoice_update
from tests.sales.test_invoices import free_invoice

pytestmark = pytest.mark.django_db

ISSUED_ON = datetime.date(2026, 3, 16)
CHAIN_MIGRATION = importlib.import_module("sales.migrations.0018_document_chain")
# The migration that last replaced the issued-document trigger function.
LATEST_TRIGGER_MIGRATION = importlib.import_module("sales.migrations.0022_stored_texts")


def issue(company, actor, *amounts, today=ISSUED_ON) -> Invoice:
    draft = invoice_update(invoice=free_invoice(company, actor, *amounts), actor=actor, customer_reference="PO 1")
    return invoice_issue(invoice=draft, actor=actor, today=today)


@pytest.fixture
def series(customer, assistant):
    """Three invoices of 2026, one of 2027 and a credit note: three series."""
    invoices = [issue(customer, assistant, amount) for amount in ("100.00", "200.00", "300.00")]
    invoices.append(issue(customer, assistant, "400.00", today=datetime.date(2027, 1, 4)))
    note = credit_note_create(invoice=invoices[0], actor=assistant, reason="Price error", amount="10.00")
    invoices.append(invoice_issue(invoice=note, actor=assistant, today=ISSUED_ON))
    return invoices


def verify() -> str:
    out = StringIO()
    call_command("verify_documents", stdout=out)
    return out.getvalue()


def raw(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_each_issued_document_is_chained_to_the_previous_of_its_series(series):
    first, second, third, next_year, note = (Invoice.objects.get(pk=doc.pk) for doc in series)
    assert (first.previous_hash, next_year.previous_hash, note.previous_hash) == ("", "", "")
    assert second.previous_hash == first.chain_hash and third.previous_hash == second.chain_hash
    assert third.chain_hash == document_hash(third, previous_hash=second.chain_hash)
    assert len({doc.chain_hash for doc in (first, second, third, next_year, note)}) == 5
    assert "5 issued documents verified" in verify()


@pytest.mark.parametrize(
    ("column", "value"),
    [("total", "1.00"), ("number", "F2026-999999"), ("issue_date", "2026-01-01"), ("pdf_sha256", "0" * 64),
     ("parties", '{"buyer": {"name": "Someone else"}}')],
)  # fmt: skip
def test_verify_documents_finds_a_frozen_column_changed_by_raw_sql(series, column, value):
    if connection.vendor == "postgresql":
        pytest.skip("the trigger refuses the change itself (see below)")
    raw(f"UPDATE sales_invoice SET {column} = %s WHERE id = %s", [value, series[1].pk])

    with pytest.raises(CommandError, match="Broken link at F2026-0000"):
        verify()


def test_verify_documents_finds_a_document_removed_from_a_series(series):
    if connection.vendor == "postgresql":
        pytest.skip("the trigger refuses the deletion itself (see below)")
    raw("DELETE FROM sales_invoiceline WHERE invoice_id = %s", [series[1].pk])
    raw("DELETE FROM sales_invoice WHERE id = %s", [series[1].pk])

    with pytest.raises(CommandError, match=f"Broken link at {series[2].number}"):
        verify()


def test_verify_documents_finds_an_archived_pdf_replaced(series):
    invoice = Invoice.objects.get(pk=series[0].pk)
    with open(invoice.pdf.path, "wb") as handle:
        handle.write(b"%PDF-1.7 another document")

    with pytest.raises(CommandError, match=f"Broken link at {invoice.number}: .*was changed"):
        verify()


def test_the_data_migration_chains_the_documents_issued_before(series):
    if connection.vendor == "postgresql":  # as before the migration: no trigger yet (rolled back with the test)
        raw("SET CONSTRAINTS ALL IMMEDIATE")
        raw("ALTER TABLE sales_invoice DISABLE TRIGGER sales_invoice_frozen")
    models.QuerySet(Invoice).update(previous_hash="", chain_hash="")  # the plain queryset: no ORM guard
    assert documents_verify()[1] is not None

    historical = MigrationExecutor(connection).loader.project_state(("sales", "0018_document_chain")).apps
    CHAIN_MIGRATION.chain_issued(historical, None)

    assert documents_verify() == (5, None)
    assert Invoice.objects.get(pk=series[1].pk).previous_hash == Invoice.objects.get(pk=series[0].pk).chain_hash


def test_the_trigger_keeps_the_same_mutable_columns_as_the_orm_guard():
    columns = {Invoice._meta.get_field(name).column for name in MUTABLE_AFTER_ISSUE}
    assert set(LATEST_TRIGGER_MIGRATION.MUTABLE_COLUMNS) == columns


@pytest.mark.postgres
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE sales_invoice SET total = 1 WHERE id = %s",
        "UPDATE sales_invoice SET chain_hash = '' WHERE id = %s",
        "UPDATE sales_invoice SET status = 'draft' WHERE id = %s",
        "DELETE FROM sales_invoice WHERE id = %s",
        "UPDATE sales_invoiceline SET unit_price = 1 WHERE invoice_id = %s",
        "DELETE FROM sales_invoiceline WHERE invoice_id = %s",
    ],
)
def test_on_postgresql_a_trigger_refuses_raw_sql_on_an_issued_document(series, sql):
    with pytest.raises(IntegrityError, match="issued document"), transaction.atomic():
        raw(sql, [series[1].pk])

    assert documents_verify() == (5, None)


@pytest.mark.postgres
def test_on_postgresql_the_money_of_an_issued_document_still_moves_by_raw_sql(series):
    raw("UPDATE sales_invoice SET amount_paid = 10, status = 'partially_paid' WHERE id = %s", [series[1].pk])
    assert Invoice.objects.get(pk=series[1].pk).amount_paid == 10


@pytest.mark.postgres
def test_on_postgresql_a_draft_still_changes_freely(customer, assistant):
    draft = free_invoice(customer, assistant, "50.00")
    raw("UPDATE sales_invoiceline SET unit_price = 60 WHERE invoice_id = %s", [draft.pk])
    raw("DELETE FROM sales_invoiceline WHERE invoice_id = %s", [draft.pk])
    raw("DELETE FROM sales_invoice WHERE id = %s", [draft.pk])


def _links_to_invoices():
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.ForeignKey) and field.related_model is Invoice:
                yield f"{model._meta.label}.{field.name}", field.remote_field.on_delete


def test_every_link_to_an_invoice_protects_it():
    links = dict(_links_to_invoices())
    assert "sales.InvoiceLine.invoice" in links and "complaints.Complaint.credit_note" in links
    assert {name for name, on_delete in links.items() if on_delete is not models.PROTECT} == set()


def test_the_people_and_documents_an_invoice_names_are_protected():
    links = {field.name: field.remote_field.on_delete for field in Invoice._meta.concrete_fields if field.is_relation}
    lines = {field.name: field.remote_field.on_delete for field in InvoiceLine._meta.concrete_fields
             if field.is_relation}  # fmt: skip
    assert set(links.values()) | set(lines.values()) == {models.PROTECT}


def test_a_contact_named_on_an_invoice_cannot_be_deleted(customer, assistant):
    contact = customer.contacts.get()
    draft = free_invoice(customer, assistant, "100.00")
    invoice_update(invoice=draft, actor=assistant, contact=contact, customer_reference="PO 1")
    invoice = invoice_issue(invoice=draft, actor=assistant, today=ISSUED_ON)

    with pytest.raises(models.ProtectedError):
        contact.delete()
    assert Invoice.objects.get(pk=invoice.pk).contact == contact


def test_a_user_who_issued_a_document_cannot_be_deleted(series, assistant):
    with pytest.raises(models.ProtectedError):
        User.objects.get(pk=assistant.pk).delete()
    assert Invoice.objects.get(pk=series[0].pk).issued_by == assistant


def test_the_admin_refuses_to_delete_a_user_named_on_a_document_and_offers_deactivation(client, series, assistant):
    client.force_login(User.objects.create_superuser("root", "root@example.be", "not-used-here"))
    change_page = f"/admin/orderdesk/user/{assistant.pk}/change/"

    for method in (client.get, client.post):
        response = method(f"/admin/orderdesk/user/{assistant.pk}/delete/", {"post": "yes"} if method == client.post
                          else {})  # fmt: skip
        assert (response.status_code, response["Location"]) == (302, change_page)
    assert "kan niet verwijderd worden" in client.get(change_page).content.decode()  # the admin speaks Dutch
    assert User.objects.filter(pk=assistant.pk).exists()

    client.post("/admin/orderdesk/user/", {"action": "deactivate", "_selected_action": [assistant.pk]})
    assert not User.objects.get(pk=assistant.pk).is_active


def test_the_admin_still_deletes_a_user_named_on_nothing(client):
    client.force_login(User.objects.create_superuser("root", "root@example.be", "not-used-here"))
    newcomer = User.objects.create_user("newcomer")

    client.post(f"/admin/orderdesk/user/{newcomer.pk}/delete/", {"post": "yes"})

    assert not User.objects.filter(pk=newcomer.pk).exists()
