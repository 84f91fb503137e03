"""An overdue invoice handed over to a collection agency from its page, then taken back: while it is handed over
no reminder goes out and the customer's next order waits at the credit check, and the invoice, the customer file
and the receivables say so; taken back, all of that is lifted and the reminders resume. Accounting reads Dutch
(their profile), so the pages are asserted in Dutch."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from sales.services.lines import document_line_save
from sales.services.orders import order_checklist, order_create
from sales.services.reminders import reminder_run_propose
from sales.states import InvoiceStatus

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
NOTE = "Incassobureau Intrum, dossier 77812"


@pytest.fixture
def overdue(b2b_customer, assistant, oven):
    """1.452,00 issued 75 days ago, due 30 days later: 45 days overdue, never reminded."""
    from sales.services.invoicing import invoice_free_create, invoice_issue

    invoice = invoice_free_create(company=b2b_customer, actor=assistant, customer_reference="PO-2026-0042")
    document_line_save(document=invoice, actor=assistant, product=oven, quantity="1")
    invoice = invoice_issue(invoice=invoice, actor=assistant, today=TODAY - datetime.timedelta(days=75))
    assert (invoice.total, invoice.due_date) == (Decimal("1452.00"), TODAY - datetime.timedelta(days=45))
    return invoice


def follow_up(invoice, action: str) -> str:
    return reverse("sales:invoice-follow-up", args=[invoice.pk, action])


def pages(client, invoice) -> tuple[str, str, str]:
    """(invoice page, customer file, receivables) as accounting sees them."""
    return tuple(
        client.get(url).content.decode()
        for url in (
            reverse("sales:invoice-detail", args=[invoice.pk]),
            reverse("customers:company-detail", args=[invoice.company_id]),
            reverse("sales:receivables"),
        )
    )


def hold_kinds(invoice, actor) -> list[str]:
    order = order_create(company=invoice.company, actor=actor)
    return [problem["kind"] for problem in order_checklist(order=order, today=TODAY).hold_problems]


def reminded_today(invoice, actor) -> list[int]:
    """The levels proposed for this invoice in today's run (the run is dropped again)."""
    run = reminder_run_propose(today=TODAY, actor=actor)
    levels = list(run.reminders.filter(invoice=invoice).values_list("level__rank", flat=True))
    run.reminders.all().delete()
    run.delete()
    return levels


def test_an_invoice_handed_over_then_taken_back_is_reminded_again_and_no_longer_holds_orders(
    client, accountant, assistant, overdue
):
    client.force_login(accountant)

    response = client.post(follow_up(overdue, "hand-over"), {"to": "collections", "note": NOTE})

    assert response.status_code == 302
    overdue.refresh_from_db()
    assert (overdue.handed_over_to, overdue.handed_over_note) == ("collections", NOTE)
    assert overdue.handed_over_at is not None
    invoice_page, company_page, receivables = pages(client, overdue)
    handed_over = invoice_page.split('id="handed-over">', 1)[1].split("</div>", 1)[0]
    assert handed_over == (f"Overgedragen op {timezone.localdate(overdue.handed_over_at):%d/%m/%Y} (Incassobureau): "
                           f"geen herinneringen meer.<br>{NOTE}")  # fmt: skip
    assert "Dossier terugnemen" in invoice_page
    assert "1 factuur overgedragen voor invordering" in company_page
    assert '<span class="badge text-bg-danger">overgedragen</span>' in receivables
    assert reminded_today(overdue, accountant) == []
    assert "handed_over" in hold_kinds(overdue, assistant)

    response = client.post(follow_up(overdue, "hand-back"), follow=True)

    assert "De factuur is terug bij ons; de herinneringen kunnen hervat worden." in response.content.decode()
    overdue.refresh_from_db()
    assert (overdue.handed_over_to, overdue.handed_over_at) == ("", None)
    assert (overdue.status, overdue.amount_open) == (InvoiceStatus.ISSUED, Decimal("1452.00"))
    invoice_page, company_page, receivables = pages(client, overdue)
    assert 'id="handed-over"' not in invoice_page and "Dossier terugnemen" not in invoice_page
    assert "Dossier overdragen" in invoice_page  # it can be handed over again
    assert "overgedragen voor invordering" not in company_page
    assert '<span class="badge text-bg-danger">overgedragen</span>' not in receivables
    assert reminded_today(overdue, accountant) == [1]  # the friendly reminder, 45 days late
    assert hold_kinds(overdue, assistant) == ["overdue"]  # still overdue, no longer handed over
