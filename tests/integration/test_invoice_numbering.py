"""Invoices issued at the same moment on PostgreSQL: the locked counter row gives each its own number, with no gap
and no duplicate, even when an issue fails after taking its number (the law wants one unbroken series)."""

import datetime
import threading
import time

import pytest
from django.db import connection

import sales.services.peppol
from orderdesk.demo import seed_company
from orderdesk.identifiers import structured_reference_for
from orderdesk.models import SequenceCounter
from orderdesk.permissions import ASSISTANT
from sales.models import Invoice
from sales.services.document_chain import documents_verify
from sales.services.invoicing import invoice_free_create, invoice_issue
from sales.services.lines import document_line_save
from sales.states import InvoiceStatus
from tests.factories import CompanyFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ISSUED_ON = datetime.date(2026, 5, 4)
VAT_NUMBERS = ["BE0417497106", "BE0456789034", "BE0403170701", "BE0202239951", "BE0207500123", "BE0220764971",
               "BE0401574852"]  # fmt: skip


class IssueFailed(Exception):
    pass


@pytest.fixture
def clerks(db):
    seed_company()
    return [UserFactory(username=f"clerk{n}", role=ASSISTANT) for n in range(len(VAT_NUMBERS))]


def _drafts(actors) -> list[int]:
    ids = []
    for n, (vat_number, actor) in enumerate(zip(VAT_NUMBERS, actors, strict=False)):
        company = CompanyFactory(name=f"Klant {n}", vat_number=vat_number, invoice_email=f"boekhouding@klant{n}.be")
        invoice = invoice_free_create(company=company, actor=actor, customer_reference=f"PO-{n}")
        document_line_save(document=invoice, actor=actor, description="Onderhoud", quantity="1",
                           unit_price=f"{100 + n}.00")  # fmt: skip
        ids.append(invoice.pk)
    return ids


def _issue_in_thread(invoice_id: int, actor, errors: list, wait_for=None) -> threading.Thread:
    def issue() -> None:
        try:
            if wait_for is not None:
                wait_for()
            invoice_issue(invoice=Invoice.objects.get(pk=invoice_id), actor=actor, today=ISSUED_ON)
        except BaseException as error:  # surfaced in the main thread
            errors.append((invoice_id, error))
        finally:
            connection.close()

    thread = threading.Thread(target=issue)
    thread.start()
    return thread


def _issued_numbers() -> list[str]:
    return sorted(Invoice.objects.exclude(status=InvoiceStatus.DRAFT).values_list("number", flat=True))


def test_six_invoices_issued_at_once_get_numbers_one_to_six(clerks):
    ids = _drafts(clerks[:6])
    errors: list = []
    start = threading.Barrier(len(ids))

    threads = [_issue_in_thread(pk, actor, errors, wait_for=start.wait) for pk, actor in zip(ids, clerks, strict=False)]
    for thread in threads:
        thread.join()

    assert errors == []
    assert _issued_numbers() == [f"F2026-{n:06d}" for n in range(1, 7)]
    references = set(Invoice.objects.values_list("structured_reference", flat=True))
    assert references == {structured_reference_for(year=2026, sequence=n) for n in range(1, 7)}
    assert SequenceCounter.objects.get(series="invoice", year=2026).last_value == 6
    assert documents_verify() == (6, None)  # each chained to the one numbered before it, whoever committed first


def test_an_issue_that_fails_with_its_number_leaves_no_hole(clerks, monkeypatch):
    """Two invoices are issued; the third takes number 3 and fails while four more wait for the counter: they
    get 3 to 6. The failed draft, issued again later, gets 7."""
    *ids, failing_id = _drafts(clerks)
    errors: list = []
    held: list[str] = []
    holding = threading.Event()
    real_ubl = sales.services.peppol.invoice_ubl

    def ubl_or_failure(invoice, **kwargs):
        if invoice.pk == failing_id:
            held.append(invoice.number)
            holding.set()
            time.sleep(0.5)  # the others now queue on the locked counter row
            raise IssueFailed("the access point refused the file")
        return real_ubl(invoice, **kwargs)

    monkeypatch.setattr(sales.services.peppol, "invoice_ubl", ubl_or_failure)
    first = [_issue_in_thread(pk, actor, errors) for pk, actor in zip(ids[:2], clerks, strict=False)]
    for thread in first:
        thread.join()
    failing = _issue_in_thread(failing_id, clerks[6], errors)
    assert holding.wait(timeout=60)
    rest = [_issue_in_thread(pk, actor, errors) for pk, actor in zip(ids[2:], clerks[2:], strict=False)]
    for thread in [failing, *rest]:
        thread.join()

    assert held == ["F2026-000003"]
    assert [(pk, type(error)) for pk, error in errors] == [(failing_id, IssueFailed)]
    assert _issued_numbers() == [f"F2026-{n:06d}" for n in range(1, 7)]
    failed = Invoice.objects.get(pk=failing_id)
    assert (failed.status, failed.number, failed.structured_reference, failed.pdf.name) == (
        InvoiceStatus.DRAFT, "", "", "")  # fmt: skip

    monkeypatch.setattr(sales.services.peppol, "invoice_ubl", real_ubl)
    again = invoice_issue(invoice=failed, actor=clerks[6], today=ISSUED_ON)

    assert again.number == "F2026-000007"
    assert len(set(Invoice.objects.values_list("structured_reference", flat=True))) == 7
