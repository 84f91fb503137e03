"""The warranty decided by hand (a complaint out of warranty accepted anyway, the reason kept and shown) and the
claims we put to the supplier (what we asked, their reference, their answer and the outcome), from the complaint's
page. The users read Dutch (their profile), so the page is asserted in Dutch."""

import re
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from complaints.models import Complaint, RootCause, SupplierClaim
from complaints.services import complaint_register
from complaints.states import ComplaintStatus
from sales.services.deliveries import delivery_create
from sales.services.lines import document_line_save
from sales.services.orders import order_confirm, order_create
from sales.states import OrderStatus

pytestmark = pytest.mark.django_db
S = ComplaintStatus
REASON = "Coulance: vaste klant sinds 2010, thermostaat defect twee weken na het einde van de garantie"


def delivered_order(customer, actor, product, quantity: str, *, shipped_on=None):
    """A confirmed order of one product, delivered in full: (order, delivery note)."""
    order = order_create(company=customer, contact=customer.contacts.first(), actor=actor)
    document_line_save(document=order, actor=actor, product=product, quantity=quantity)
    order_confirm(order=order, actor=actor)
    note = delivery_create(order=order, actor=actor, quantities={order.lines.get().pk: quantity}, shipped_on=shipped_on)
    return order, note


def detail(client, complaint) -> str:
    response = client.get(reverse("complaints:complaint-detail", args=[complaint.pk]))
    assert response.status_code == 200
    return response.content.decode()


def action(complaint, name: str) -> str:
    return reverse("complaints:complaint-action", args=[complaint.pk, name])


def warranty_summary(page: str) -> tuple[str, str]:
    """(css classes, text) of the complaint's warranty line under the concerned lines."""
    [(classes, text)] = re.findall(r'<p class="([^"]*)" id="warranty">([^<]*)</p>', page)
    return classes, text


@pytest.fixture
def out_of_warranty(customer, assistant, oven):
    """Two ovens with 6 months of warranty, shipped 8 months ago: the warranty ended 2 months ago."""
    oven.warranty_months = 6
    oven.save()
    shipped_on = timezone.localdate() - relativedelta(months=8)
    _order, note = delivered_order(customer, assistant, oven, "2", shipped_on=shipped_on)
    return note, shipped_on + relativedelta(months=6)


def test_a_complaint_out_of_warranty_is_covered_by_decision_with_its_reason_kept_and_shown(
    client, assistant, customer, out_of_warranty
):
    note, warranty_end = out_of_warranty
    expired = f"Garantie verlopen op {warranty_end:%d/%m/%Y}"
    client.force_login(assistant)
    response = client.post(reverse("complaints:complaint-create"), {
        "company": customer.pk, "channel": "phone", "category": "defect", "severity": "normal",
        "description": "Oven warmt niet meer op", f"delivery_{note.lines.get().pk}": "1",
    })  # fmt: skip
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    page = detail(client, complaint)
    assert warranty_summary(page) == ("mb-0 fw-semibold text-danger", expired)

    # Deciding by hand needs a reason: refused without one, and nothing is saved.
    cause = RootCause.objects.get(name_en="Supplier defect")
    assessment = {"justified": "yes", "justification": "Thermostaat defect vastgesteld", "root_cause": cause.pk,
                  "warranty_override": "covered"}  # fmt: skip
    refused = client.post(action(complaint, "assess"), {**assessment, "warranty_override_reason": " "})
    assert refused.status_code == 400
    assert "Geef aan waarom de garantie manueel beslist wordt." in refused.content.decode()
    complaint.refresh_from_db()
    assert (complaint.status, complaint.justified, complaint.warranty_override) == (S.NEW, None, "")

    response = client.post(action(complaint, "assess"), {**assessment, "warranty_override_reason": REASON})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.status, complaint.warranty_override, complaint.warranty_override_reason) == (
        S.ASSESSING, Complaint.Warranty.COVERED, REASON)  # fmt: skip
    page = detail(client, complaint)
    # The decision and its reason on the complaint; the line still says what the dates say.
    assert warranty_summary(page) == ("mb-0 fw-semibold text-success", f"Onder garantie bij beslissing: {REASON}")
    assert f'<td class="text-danger">{expired}</td>' in page
    assert f'value="{REASON}"' in page  # the assessment form shows the reason to change it

    # Accepted anyway: a replacement at no charge, and the decision stays on record.
    client.post(action(complaint, "propose"), {"procedure": "replacement", "proposal": "Nieuwe oven, kosteloos"})
    client.post(action(complaint, "answer"), {"accepted": "yes", "note": "Akkoord"})
    complaint.refresh_from_db()
    order = complaint.replacement_order
    assert complaint.status == S.ACCEPTED
    assert (order.status, order.total, order.lines.get().quantity) == (OrderStatus.CONFIRMED, Decimal("0.00"), 1)
    assert complaint.warranty_override_reason == REASON
    page = detail(client, complaint)
    assert warranty_summary(page)[1] == f"Onder garantie bij beslissing: {REASON}"
    assert order.number in page


def test_a_warranty_decided_as_not_covered_says_so_with_its_reason(client, assistant, customer, oven):
    """The other way: under warranty by the dates, refused by decision (misuse)."""
    oven.warranty_months = 24
    oven.save()
    _order, note = delivered_order(customer, assistant, oven, "1", shipped_on=timezone.localdate())
    complaint = complaint_register(company=customer, actor=assistant, category="defect", severity="low",
                                   description="Deur gebarsten", delivery_lines={note.lines.get().pk: "1"})  # fmt: skip
    client.force_login(assistant)
    until = timezone.localdate() + relativedelta(months=24)
    assert warranty_summary(detail(client, complaint)) == (
        "mb-0 fw-semibold text-success", f"Onder garantie tot {until:%d/%m/%Y}")  # fmt: skip

    client.post(action(complaint, "assess"), {
        "justified": "no", "justification": "Schade door een val", "warranty_override": "not_covered",
        "warranty_override_reason": "Valschade valt niet onder de garantie",
    })  # fmt: skip

    decided = "Buiten garantie bij beslissing: Valschade valt niet onder de garantie"
    assert warranty_summary(detail(client, complaint)) == ("mb-0 fw-semibold text-danger", decided)


@pytest.fixture
def complaint(customer, assistant, oven):
    _order, note = delivered_order(customer, assistant, oven, "2")
    return complaint_register(company=customer, actor=assistant, category="defect", severity="normal",
                              description="Scharnier van de deur gebroken",
                              delivery_lines={note.lines.get().pk: "1"})  # fmt: skip


def claims_section(page: str) -> str:
    return page.split('id="supplier-claims"', 1)[1].split("</section>", 1)[0]


def test_a_supplier_claim_records_what_we_asked_then_their_reference_answer_and_outcome(
    client, assistant, accountant, complaint
):
    client.force_login(assistant)
    page = detail(client, complaint)
    # The product's supplier is suggested.
    assert 'name="supplier" value="Unox Benelux"' in claims_section(page)

    question = "Scharnier gebroken na drie weken: vervangen jullie het of krijgen we een creditnota?"
    response = client.post(action(complaint, "claim"), {"supplier": "Unox Benelux", "question": question,
                                                        "outcome": "pending"})  # fmt: skip
    assert response.status_code == 302
    claim = SupplierClaim.objects.get()
    assert (claim.complaint, claim.supplier, claim.question, claim.outcome, claim.amount, claim.created_by) == (
        complaint, "Unox Benelux", question, SupplierClaim.Outcome.PENDING, None, assistant)  # fmt: skip
    section = claims_section(detail(client, complaint))
    assert "<strong>Unox Benelux</strong> · Wacht op de leverancier<br>" + question in section

    # Their answer comes: the claim's own form on the page updates the same claim with their reference, the
    # answer, the outcome and the amount.
    assert f'<input type="hidden" name="claim" value="{claim.pk}">' in section
    assert f'name="claim-{claim.pk}-question"' in section
    answer = "Fabricagefout erkend, creditnota volgt"
    fields = {"supplier": "Unox Benelux", "supplier_reference": "RMA-55012", "question": question, "answer": answer,
              "outcome": "credit", "amount": "150,00"}  # fmt: skip
    response = client.post(
        action(complaint, "claim"), {"claim": claim.pk, **{f"claim-{claim.pk}-{k}": v for k, v in fields.items()}}
    )
    assert response.status_code == 302
    claim = SupplierClaim.objects.get()
    assert (claim.supplier_reference, claim.answer, claim.outcome, claim.amount) == (
        "RMA-55012", answer, SupplierClaim.Outcome.CREDIT, Decimal("150.00"))  # fmt: skip
    section = claims_section(detail(client, complaint))
    assert (
        "<strong>Unox Benelux</strong> · RMA-55012 · Creditnota van de leverancier · 150,00\xa0€<br>"
        f"{question}<br><em>{answer}</em>"
    ) in section

    # Without what we asked, nothing is saved; accounting reads complaints but does not handle them.
    refused = client.post(
        action(complaint, "claim"), {"supplier": "Unox Benelux", "question": "", "outcome": "pending"}
    )
    assert refused.status_code == 400
    client.force_login(accountant)
    forbidden = client.post(action(complaint, "claim"), {"supplier": "Andere", "question": "?", "outcome": "pending"})
    assert forbidden.status_code == 403
    assert SupplierClaim.objects.count() == 1
