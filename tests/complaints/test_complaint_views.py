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
    assert '<tr><td>Beschadigd</td><td class="money">2</td></tr>' in page  # the manager reads Dutch
    csv = client.get(reverse("complaints:complaint-report") + "?format=csv").content.decode("utf-8-sig")
    assert csv.count("\n") == 4 and b2b_customer.name in csv


def test_accounting_reads_but_does_not_handle_complaints(client, accountant):
    client.force_login(accountant)
    assert client.get(reverse("complaints:complaint-list")).status_code == 200
    assert client.get(reverse("complaints:complaint-create")).status_code == 403


def test_report_figures_written_out(client, manager, assistant, b2b_customer, oven):
    """Three complaints: two assessed (one justified), first answers after 2 h and 4 h, one resolved after 3 days
    with a credit note of 100,00 excl. VAT."""
    from django.utils import timezone

    from complaints.selectors import complaint_report
    from complaints.services import (
        complaint_answer,
        complaint_assess,
        complaint_close,
        complaint_propose,
        complaint_register,
    )

    invoice = issued_invoice(b2b_customer, assistant, (oven, "1"), today=datetime.date(2026, 9, 1))
    received = timezone.now() - datetime.timedelta(days=5)
    first = complaint_register(company=b2b_customer, actor=assistant, category="damaged", severity="normal",
                               description="a", received_at=received,
                               invoice_lines={invoice.lines.get().pk: "1"})  # fmt: skip
    second = complaint_register(company=b2b_customer, actor=assistant, category="damaged", severity="low",
                                description="b", received_at=received)  # fmt: skip
    complaint_register(company=b2b_customer, actor=assistant, category="defect", severity="low", description="c",
                       received_at=received)  # fmt: skip
    first = complaint_assess(complaint=first, actor=assistant, justified=True, justification="ja")
    first = complaint_propose(complaint=first, actor=assistant, procedure="credit_note", proposal="100",
                              credit_amount=Decimal("100"))  # fmt: skip
    first = complaint_close(complaint=complaint_answer(complaint=first, actor=assistant, accepted=True),
                            actor=assistant, outcome="ok")  # fmt: skip
    complaint_assess(complaint=second, actor=assistant, justified=False, justification="nee")
    Complaint.objects.filter(pk=first.pk).update(first_response_at=received + datetime.timedelta(hours=2),
                                                 resolved_at=received + datetime.timedelta(days=3))  # fmt: skip
    Complaint.objects.filter(pk=second.pk).update(first_response_at=received + datetime.timedelta(hours=4))

    report = complaint_report(since=received.date(), until=timezone.localdate())
    totals = report["totals"]
    assert (totals["count"], totals["assessed"], totals["justified"], totals["justified_ratio"]) == (3, 2, 1, 50)
    assert totals["first_answer"] == datetime.timedelta(hours=3)  # (2 h + 4 h) / 2
    assert totals["resolution"] == datetime.timedelta(days=3)
    assert (totals["credited"], totals["cost"]) == (Decimal("100.00"), Decimal("100.00"))
    assert [(row["category"], row["count"]) for row in report["by_category"]] == [("damaged", 2), ("defect", 1)]
    assert report["by_product"] == [{"product__sku": "OVEN-60", "product__name_nl": "Heteluchtoven 60 l", "count": 1}]


def test_a_manager_keeps_the_root_causes(client, manager, assistant):
    client.force_login(assistant)
    assert client.get(reverse("complaints:root-causes")).status_code == 403
    client.force_login(manager)
    causes = list(RootCause.objects.order_by("name_nl"))
    data = {"form-TOTAL_FORMS": len(causes) + 1, "form-INITIAL_FORMS": len(causes), "form-MIN_NUM_FORMS": 0,
            "form-MAX_NUM_FORMS": 1000}  # fmt: skip
    for index, cause in enumerate(causes):
        data.update({f"form-{index}-id": cause.pk, f"form-{index}-name_nl": cause.name_nl,
                     f"form-{index}-name_fr": cause.name_fr, f"form-{index}-name_en": cause.name_en})  # fmt: skip
        if cause.name_en != "Other":
            data[f"form-{index}-active"] = "on"
    new = len(causes)
    data.update({f"form-{new}-name_nl": "Verpakking", f"form-{new}-name_fr": "Emballage",
                 f"form-{new}-name_en": "Packaging", f"form-{new}-active": "on"})  # fmt: skip
    assert client.post(reverse("complaints:root-causes"), data).status_code == 302
    assert RootCause.objects.get(name_en="Packaging").active
    assert not RootCause.objects.get(name_en="Other").active


def test_a_manager_decides_an_escalated_complaint_from_the_approvals_page(client, manager, assistant, b2b_customer):
    from complaints.services import complaint_escalate, complaint_register

    complaint = complaint_register(company=b2b_customer, actor=assistant, category="damaged", severity="high",
                                   description="Pallet omgevallen")  # fmt: skip
    complaint_escalate(complaint=complaint, actor=assistant, reason="Klant wil alles gecrediteerd")
    client.force_login(manager)
    page = client.get(reverse("desk:approval-list")).content.decode()
    assert complaint.number in page and "Klant wil alles gecrediteerd" in page
    data = {"decision": "Akkoord tot 500", "approved_credit": "500", "next": reverse("desk:approval-list")}
    response = client.post(reverse("complaints:complaint-action", args=[complaint.pk, "decide"]), data)
    assert response.status_code == 302 and response.url == reverse("desk:approval-list")
    complaint.refresh_from_db()
    assert (complaint.status, complaint.approved_credit, complaint.decided_by) == (
        ComplaintStatus.ASSESSING,
        Decimal("500.00"),
        manager,
    )
    unsafe = client.post(reverse("complaints:complaint-action", args=[complaint.pk, "escalate"]),
                         {"reason": "opnieuw", "next": "https://evil.example/"})  # fmt: skip
    assert unsafe.url == reverse("complaints:complaint-detail", args=[complaint.pk])
