"""Receivables (aging, DSO, customer statement), the reminder pages and an invoice's follow-up, through the views."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from customers.models import VatRegime
from orderdesk.models import OutboxMessage
from sales.models import LatePaymentRate, Reminder, ReminderLevel, ReminderRun
from sales.selectors.receivables import aging_by_customer, aging_totals, days_sales_outstanding
from sales.services.payments import payment_register
from tests.factories import CompanyFactory
from tests.pdf_tools import pdf_text
from tests.sales.test_invoices import issued_invoice

pytestmark = pytest.mark.django_db
D = Decimal
TODAY = timezone.localdate()


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


@pytest.fixture
def consumer(company_settings):
    return CompanyFactory(
        name="Sophie Lambert", vat_regime=VatRegime.PRIVATE, vat_number="", language="fr",
        email="sophie.lambert@example.be", street="Rue Haute 12", postal_code="1000", city="Bruxelles",
    )  # fmt: skip


@pytest.fixture
def ledger(b2b_customer, consumer, assistant, accountant, oven, installation):
    """Due in 20 days: 1.452,00; 45 days late: 2.904,00 with 100,00 paid; 100 days late: 344,85 (a consumer)."""
    not_due = issued_invoice(b2b_customer, assistant, (oven, "1"), today=days_ago(10))
    late_45 = issued_invoice(b2b_customer, assistant, (oven, "2"), today=days_ago(75))
    late_100 = issued_invoice(consumer, assistant, (installation, "3"), today=days_ago(130))
    payment_register(company=b2b_customer, actor=accountant, received_on=TODAY, amount="100",
                     allocations={late_45.pk: "100"})  # fmt: skip
    return not_due, late_45, late_100


def test_aging_buckets_and_dso_written_out(ledger, b2b_customer, consumer):
    totals = aging_totals(today=TODAY)
    assert (totals["not_due"], totals["days_1_30"], totals["days_31_60"], totals["days_61_90"],
            totals["days_over_90"]) == (D("1452.00"), 0, D("2804.00"), 0, D("344.85"))  # fmt: skip
    assert (totals["open_total"], totals["overdue_total"], totals["open_count"]) == (D("4600.85"), D("3148.85"), 3)
    # Sales of the last 90 days: 1.452,00 + 2.904,00 = 4.356,00; open 4.600,85 → 4600.85 / 4356 × 90 = 95.06 days
    assert days_sales_outstanding(today=TODAY) == D("95.1")

    rows = list(aging_by_customer(today=TODAY))
    assert [(row.name, row.open_total, row.overdue_total) for row in rows] == [
        ("Bakkerij Peeters", D("4256.00"), D("2804.00")),
        ("Sophie Lambert", D("344.85"), D("344.85")),
    ]


def test_the_receivables_page_shows_the_buckets_with_a_fixed_number_of_queries(
    ledger, client, accountant, assistant, oven, django_assert_max_num_queries
):
    client.force_login(accountant)
    response = client.get(reverse("sales:receivables"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "2.804,00" in page and "344,85" in page
    assert "Bakkerij Peeters" in page and "Sophie Lambert" in page

    with django_assert_max_num_queries(12) as first:
        client.get(reverse("sales:receivables"))
    for number in range(5):  # more customers with open invoices: the same number of queries
        company = CompanyFactory(name=f"Klant {number}", vat_regime=VatRegime.PRIVATE, vat_number="",
                                 email=f"klant{number}@example.be")  # fmt: skip
        issued_invoice(company, assistant, (oven, "1"), today=days_ago(40))
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(reverse("sales:receivables"))


def test_the_customer_statement_lists_open_items_as_pdf_and_by_mail(ledger, client, accountant, consumer):
    client.force_login(accountant)
    page = client.get(reverse("sales:customer-statement", args=[consumer.pk])).content.decode()
    assert ledger[2].number in page

    pdf = client.get(reverse("sales:customer-statement", args=[consumer.pk]) + "?format=pdf")
    text = pdf_text(pdf.content)
    assert "Relevé de compte" in text and ledger[2].number in text and "344,85" in text

    response = client.post(reverse("sales:customer-statement", args=[consumer.pk]))
    assert response.status_code == 302
    mail = OutboxMessage.objects.get(to=["sophie.lambert@example.be"], subject__startswith="Relevé de compte")
    assert mail.attachments.get().filename.endswith(".pdf")


def test_an_accountant_proposes_reviews_and_sends_a_run_from_the_page(
    ledger, client, accountant, django_capture_on_commit_callbacks
):
    client.force_login(accountant)
    client.post(reverse("sales:reminder-run"), {"action": "propose"})
    run = ReminderRun.objects.get(status=ReminderRun.Status.PROPOSED)
    assert set(run.reminders.values_list("invoice__number", flat=True)) == {ledger[1].number, ledger[2].number}
    page = client.get(reverse("sales:reminder-run")).content.decode()
    assert ledger[1].number in page and 'id="send-run"' in page

    client.post(reverse("sales:reminder-run"), {"action": "exclude", "run": run.pk,
                                                "company": ledger[1].company_id, "note": "Belt terug"})  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("sales:reminder-run"), {"action": "send", "run": run.pk})
    run.refresh_from_db()
    assert run.status == ReminderRun.Status.SENT  # delivered in-process (eager Celery in tests)
    assert list(run.reminders.values_list("invoice__number", "status").order_by("invoice__number")) == sorted(
        [(ledger[1].number, Reminder.Status.EXCLUDED), (ledger[2].number, Reminder.Status.SENT)]
    )
    page = client.get(reverse("sales:reminder-run-detail", args=[run.pk])).content.decode()
    assert ledger[2].number in page
    assert client.get(reverse("sales:reminder-pdf", args=[run.reminders.get(status="sent").pk])).status_code == 200


def test_only_a_manager_sets_up_the_levels_and_rates(client, assistant, manager):
    client.force_login(assistant)
    assert client.get(reverse("sales:reminder-setup")).status_code == 403

    client.force_login(manager)
    assert client.get(reverse("sales:reminder-setup")).status_code == 200
    levels = list(ReminderLevel.objects.order_by("rank"))
    rates = list(LatePaymentRate.objects.order_by("-valid_from"))
    data = {
        "levels-TOTAL_FORMS": len(levels) + 1, "levels-INITIAL_FORMS": len(levels),
        "levels-MIN_NUM_FORMS": 0, "levels-MAX_NUM_FORMS": 1000,
        "rates-TOTAL_FORMS": len(rates) + 1, "rates-INITIAL_FORMS": len(rates),
        "rates-MIN_NUM_FORMS": 0, "rates-MAX_NUM_FORMS": 1000,
    }  # fmt: skip
    for index, level in enumerate(levels):
        data.update({
            f"levels-{index}-id": level.pk, f"levels-{index}-rank": level.rank, f"levels-{index}-name": level.name,
            f"levels-{index}-days_after_due": 10 if level.rank == 1 else level.days_after_due,
            f"levels-{index}-channel": level.channel, f"levels-{index}-hand_over_to": level.hand_over_to,
        })  # fmt: skip
        for flag in ("charge_interest", "charge_compensation", "formal_notice", "active"):
            if getattr(level, flag):
                data[f"levels-{index}-{flag}"] = "on"
    for index, rate in enumerate(rates):
        data.update({f"rates-{index}-id": rate.pk, f"rates-{index}-valid_from": rate.valid_from.isoformat(),
                     f"rates-{index}-percent": str(rate.percent).replace(".", ",")})  # fmt: skip
    # The empty extra level as the browser sends it: its defaults, so it is left alone.
    data.update({f"levels-{len(levels)}-channel": "email", f"levels-{len(levels)}-active": "on"})
    data.update({f"rates-{len(rates)}-valid_from": "2026-07-01", f"rates-{len(rates)}-percent": "10,25"})
    response = client.post(reverse("sales:reminder-setup"), data)
    assert response.status_code == 302, [f.errors for f in response.context["levels"]] + [
        f.errors for f in response.context["rates"]
    ]
    assert ReminderLevel.objects.get(rank=1).days_after_due == 10
    assert LatePaymentRate.objects.get(valid_from=datetime.date(2026, 7, 1)).percent == D("10.25")


def test_follow_up_from_the_invoice_page(ledger, client, assistant):
    invoice = ledger[1]
    client.force_login(assistant)
    url = lambda action: reverse("sales:invoice-follow-up", args=[invoice.pk, action])  # noqa: E731
    client.post(url("dispute"), {"note": "Twee ovens besteld, één geleverd"})
    invoice.refresh_from_db()
    assert invoice.disputed and invoice.dispute_note == "Twee ovens besteld, één geleverd"
    page = client.get(reverse("sales:invoice-detail", args=[invoice.pk])).content.decode()
    assert 'id="disputed"' in page

    client.post(url("undispute"))
    response = client.post(url("promise"), {"promised_for": days_ago(-7).isoformat(), "amount": "1.000,00"})
    assert response.status_code == 302
    promise = invoice.payment_promises.get()
    assert (promise.amount, promise.promised_for) == (D("1000.00"), days_ago(-7))
    bad = client.post(url("promise"), {"promised_for": days_ago(3).isoformat(), "amount": "10"}, follow=True)
    assert "De beloofde datum ligt in het verleden." in bad.content.decode()  # the assistant reads Dutch
    assert invoice.payment_promises.count() == 1

    client.post(url("hand-over"), {"to": "legal", "note": "Advocaat Van Damme"})
    invoice.refresh_from_db()
    assert invoice.handed_over_to == "legal"
    company_page = client.get(reverse("customers:company-detail", args=[invoice.company_id])).content.decode()
    assert "1 factuur overgedragen voor invordering" in company_page
