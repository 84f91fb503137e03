"""Complaint pages through the client: register with concerned lines, the steps from the file, the report and
its CSV, and who may do what."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from complaints.models import Complaint, RootCause
from complaints.states import ComplaintStatus
from tests.sales.test_invoices import issued_invoice

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(b2b_customer, assistant, oven):
    return issued_invoice(b2b_customer, assistant, (oven, "2"), today=datetime.date(2026, 9, 1))


def test_register_on_the_phone_then_assess_propose_accept_and_close(client, assistant, invoice, b2b_customer):
    client.force_login(assistant)
    form = client.get(reverse("complaints:complaint-create") + f"?company={b2b_customer.pk}").content.decode()
    delivery_line = invoice.lines.get().delivery_line
    assert f'name="delivery_{delivery_line.pk}"' in form

    response = client.post(reverse("complaints:complaint-create"), {
        "company": b2b_customer.pk, "channel": "phone", "category": "damaged", "severity": "normal",
        "description": "Eén oven met ingedeukte deur", f"delivery_{delivery_line.pk}": "1",
    })  # fmt: skip
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and complaint.lines.get().quantity == 1
    url = lambda action: reverse("complaints:complaint-action", args=[complaint.pk, action])  # noqa: E731
    cause = RootCause.objects.get(name_en="Transport")
    client.post(url("assess"), {"justified": "yes", "justification": "Foto", "root_cause": cause.pk})
    client.post(url("propose"), {"procedure": "credit_note", "proposal": "Creditnota 200", "credit_amount": "200,00"})
    client.post(url("answer"), {"accepted": "yes", "note": "Akkoord"})
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.ACCEPTED and complaint.credit_note.total == Decimal("242.00")
    page = client.get(reverse("complaints:complaint-detail", args=[complaint.pk])).content.decode()
    assert complaint.credit_note.number in page
    client.post(url("close"), {"outcome": "Klant tevreden", "satisfaction": "5"})
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CLOSED


def test_a_bad_step_says_why_and_changes_nothing(client, assistant, invoice, b2b_customer):
    client.force_login(assistant)
    client.post(reverse("complaints:complaint-create"), {"company": b2b_customer.pk, "channel": "phone",
                                                          "category": "service", "severity": "low",
                                                          "description": "Te laat"})  # fmt: skip
    complaint = Complaint.objects.get()
    response = client.post(reverse("complaints:complaint-action", args=[complaint.pk, "propose"]),
                           {"procedure": "gesture", "proposal": "Bon", "credit_amount": "10"})  # fmt: skip
    assert response.status_code == 400 and "Beoordeel eerst de klacht" in response.content.decode()  # in Dutch
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.NEW


def test_the_report_counts_and_exports(client, manager, assistant, b2b_customer):
    from complaints.services import complaint_assess, complaint_register

    for category in ("damaged", "damaged", "defect"):
        complaint = complaint_register(company=b2b_customer, actor=assistant, category=category, severity="low",
                                       description="x")  # fmt: skip
    complaint_assess(complaint=complaint, actor=assistant, justified=True, justification="ok")
    client.force_login(manager)
    page = client.get(reverse("complaints:complaint-report")).content.decode()
    assert "Beschadigd" in page or "Damaged" in page
    csv = client.get(reverse("complaints:complaint-report") + "?format=csv").content.decode("utf-8-sig")
    assert csv.count("\n") == 4 and b2b_customer.name in csv


def test_accounting_reads_but_does_not_handle_complaints(client, accountant):
    client.force_login(accountant)
    assert client.get(reverse("complaints:complaint-list")).status_code == 200
    assert client.get(reverse("complaints:complaint-create")).status_code == 403
