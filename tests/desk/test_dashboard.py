"""Dashboard figures on small hand-made data, the expected numbers written out."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.utils import timezone

from desk.dashboard import DashboardFilter, pipeline_figures, sales_figures, workload_figures
from sales.models import PriceRequest, Quote
from sales.services.invoicing import credit_note_create, invoice_draft_for_order, invoice_issue
from tests.sales.conftest import *  # noqa: F403 - customer, products, English messages
from tests.sales.conftest import _english_messages  # noqa: F401
from tests.sales.test_invoices import delivered_order

pytestmark = pytest.mark.django_db
D = Decimal
OCTOBER = datetime.date(2026, 10, 1)


@pytest.fixture(autouse=True)
def _end_of_november_2026(time_machine):
    """The figures are written out for invoices of October and November 2026, seen on 30 November 2026."""
    time_machine.move_to(datetime.datetime(2026, 11, 30, 10, tzinfo=zoneinfo.ZoneInfo("Europe/Brussels")))


@pytest.fixture
def invoiced(b2b_customer, assistant, oven, installation):
    """October: 2 ovens (2 × 1.200,00; cost 800,00 each). November: 1 oven and 2 installations (95,00; cost
    50,00), and a credit note for one oven of October's invoice."""
    b2b_customer.owner = assistant
    b2b_customer.save()
    # Both orders confirmed and delivered first (an overdue invoice would put the second on hold).
    first, _note = delivered_order(b2b_customer, assistant, (oven, "2"))
    second, _note = delivered_order(b2b_customer, assistant, (oven, "1"), (installation, "2"))
    october = invoice_issue(invoice=invoice_draft_for_order(order=first, actor=assistant), actor=assistant,
                            today=datetime.date(2026, 10, 5))  # fmt: skip
    invoice_issue(invoice=invoice_draft_for_order(order=second, actor=assistant), actor=assistant,
                  today=datetime.date(2026, 11, 10))  # fmt: skip
    note = credit_note_create(invoice=october, actor=assistant, reason="Eén oven terug",
                              quantities={october.lines.get().pk: "1"})  # fmt: skip
    invoice_issue(invoice=note, actor=assistant, today=datetime.date(2026, 11, 12))
    return october


def test_revenue_margin_and_intake(invoiced, assistant):
    figures = sales_figures(DashboardFilter(since=OCTOBER, until=timezone.localdate()))
    # Revenue: 2.400,00 + (1.200,00 + 190,00) − 1.200,00 = 2.590,00.
    # Cost: 1.600,00 + (800,00 + 100,00) − 800,00 = 1.700,00 → margin 890,00 = 34,4 %.
    assert (figures["revenue"], figures["margin"], figures["margin_percent"]) == (D("2590.00"), D("890.00"), D("34.4"))
    october, november = figures["months"][:2]
    assert (october["month"], october["revenue"], october["margin"]) == (OCTOBER, D("2400.00"), D("800.00"))
    assert (november["revenue"], november["margin"]) == (D("190.00"), D("90.00"))
    assert figures["intake"] == D("3790.00")  # both orders confirmed (today), excl. VAT
    assert [(row["product__sku"], row["revenue"]) for row in figures["top_products"]] == [
        ("OVEN-60", D("2400.00")), ("SRV-INST", D("190.00"))]  # fmt: skip
    assert [(row["name"], row["revenue"]) for row in figures["top_customers"]] == [
        ("Bakkerij Peeters", D("2590.00"))]  # fmt: skip
    assert figures["by_assistant"][0]["username"] == assistant.username


def test_filters_and_last_year(invoiced, oven, manager):
    services_only = DashboardFilter(since=OCTOBER, until=timezone.localdate(), category_id=oven.category_id)
    assert sales_figures(services_only)["revenue"] == D("2400.00")  # the ovens' category alone
    someone_else = DashboardFilter(since=OCTOBER, until=timezone.localdate(), assistant_id=manager.pk)
    assert sales_figures(someone_else)["revenue"] == 0
    last_year = DashboardFilter(since=OCTOBER, until=timezone.localdate()).last_year()
    assert (last_year.since, sales_figures(last_year)["revenue"]) == (datetime.date(2025, 10, 1), 0)


def test_pipeline_conversion_and_times(customer, assistant):
    sent = timezone.now() - datetime.timedelta(days=20)

    def quote(status, answered_days=None, net="1000.00"):
        return Quote.objects.create(
            company=customer, owner=assistant, status=status, valid_until=timezone.localdate(), sent_at=sent,
            answered_at=sent + datetime.timedelta(days=answered_days) if answered_days else None, net_total=D(net),
        )  # fmt: skip

    accepted = quote("accepted", answered_days=2)
    quote("ordered", answered_days=4)
    quote("declined", answered_days=1)
    quote("sent", net="500.00")
    request = PriceRequest.objects.create(company=customer, need="Ovens", created_by=assistant)
    PriceRequest.objects.filter(pk=request.pk).update(created_at=sent - datetime.timedelta(hours=6))
    Quote.objects.filter(pk=accepted.pk).update(price_request=request)

    figures = pipeline_figures(DashboardFilter(since=timezone.localdate() - datetime.timedelta(days=30),
                                               until=timezone.localdate()))  # fmt: skip
    assert (figures["sent"], figures["accepted"], figures["declined"], figures["expired"]) == (4, 2, 1, 0)
    assert figures["conversion"] == D("50.0")
    assert figures["to_convert"] == datetime.timedelta(days=3)  # (2 + 4) / 2
    assert figures["to_answer"] == datetime.timedelta(hours=6)
    assert figures["open_value"] == D("500.00")


def test_workload_counts_open_items_per_person(customer, assistant, manager):
    Quote.objects.create(company=customer, owner=assistant, status="sent", valid_until=timezone.localdate())
    Quote.objects.create(company=customer, owner=assistant, status="declined", valid_until=timezone.localdate())
    rows = {row["username"]: row for row in workload_figures()}
    assert (rows[assistant.username]["open_quotes"], rows[assistant.username]["open_orders"]) == (1, 0)
    assert manager.username not in rows


def test_the_page_csv_and_pdf_for_a_manager_with_a_fixed_number_of_queries(
    invoiced, client, manager, django_assert_max_num_queries
):
    from django.urls import reverse

    from tests.pdf_tools import pdf_text

    client.force_login(manager)
    url = reverse("desk:dashboard") + "?from=2026-10-01"
    page = client.get(url).content.decode()
    assert "2.590,00" in page and 'id="sales-chart"' in page
    with django_assert_max_num_queries(60) as captured:
        client.get(url)
    queries = len(captured.captured_queries)
    from sales.services.invoicing import invoice_free_create
    from sales.services.lines import document_line_save
    from tests.factories import CompanyFactory

    for number in range(3):  # more customers and invoices: the same number of queries
        company = CompanyFactory(name=f"Klant {number}", vat_regime="private", vat_number="",
                                 email=f"k{number}@example.be")  # fmt: skip
        invoice = invoice_free_create(company=company, actor=manager)
        document_line_save(document=invoice, actor=manager, description="Onderhoud", quantity="1", unit_price="10")
        invoice_issue(invoice=invoice, actor=manager, today=datetime.date(2026, 11, 20))
    with django_assert_max_num_queries(queries):
        client.get(url)
    csv = client.get(url + "&format=csv").content.decode("utf-8-sig")
    assert "2590.00" in csv and "Bakkerij Peeters" in csv
    text = pdf_text(client.get(url + "&format=pdf").content)
    assert "Dashboard" in text and "2.590,00" in text


def test_an_assistant_cannot_open_the_dashboard(client, assistant):
    from django.urls import reverse

    client.force_login(assistant)
    assert client.get(reverse("desk:dashboard")).status_code == 403


def test_the_weekly_report_goes_to_each_manager_once_in_their_language(invoiced, manager, assistant):
    from desk.services import weekly_report_send
    from orderdesk.models import OutboxMessage
    from tests.pdf_tools import pdf_text

    manager.email, manager.language = "marc@vandenbroucke.be", "fr"
    manager.save()
    monday = datetime.date(2026, 11, 16)  # last week: 9–15 November, with the November invoice
    assert weekly_report_send(today=monday) == 1
    assert weekly_report_send(today=monday) == 0  # the beat twice: still once
    mail = OutboxMessage.objects.get(to=["marc@vandenbroucke.be"])
    assert mail.subject.replace("\xa0", " ") == "Semaine du 09/11/2026 : les chiffres clés"
    # Revenue 9–15 November: the invoice of the 10th (1.390,00) less the credit note of the 12th (1.200,00).
    assert "190,00" in mail.body and "1.390,00" not in mail.body
    assert "Tableau de bord" in pdf_text(mail.attachments.get().file.read())


def test_my_desk_refreshes_its_queues_without_a_reload(client, assistant):
    from django.urls import reverse

    client.force_login(assistant)
    page = client.get(reverse("desk:desk")).content.decode()
    assert 'id="desk-queues"' in page and 'hx-trigger="every 60s"' in page
    fragment = client.get(reverse("desk:desk"), headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith("<div") and "<html" not in fragment and 'id="desk-queues"' in fragment


def test_the_dashboard_exports_to_xlsx(invoiced, client, manager):
    from io import BytesIO

    from django.urls import reverse
    from openpyxl import load_workbook

    client.force_login(manager)
    response = client.get(reverse("desk:dashboard") + "?from=2026-10-01&format=xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    total = next(row for row in rows if row[0] == "Totaal")  # the manager reads Dutch
    assert total[2] == 2590 and total[3] == 890  # revenue and margin, as numbers
    assert ["Bakkerij Peeters", 2590] in [row[:2] for row in rows]


def test_a_period_longer_than_a_year_is_not_compared_with_last_year(invoiced, client, manager):
    from django.urls import reverse

    assert not DashboardFilter(since=datetime.date(2024, 1, 1), until=datetime.date(2026, 11, 29)).within_a_year
    client.force_login(manager)
    three_years = client.get(reverse("desk:dashboard") + "?from=2024-01-01").content.decode()
    one_year = client.get(reverse("desk:dashboard") + "?from=2026-01-01").content.decode()
    assert "vorig jaar" not in three_years.split('id="sales-chart"')[0]
    assert "vorig jaar" in one_year.split('id="sales-chart"')[0]


def test_my_desk_shows_my_quotes_waiting_for_a_manager_and_my_draft_orders(client, assistant, customer):
    from django.urls import reverse

    from sales.services.orders import order_create

    Quote.objects.create(
        company=customer, owner=assistant, status="awaiting_approval", valid_until=timezone.localdate()
    )
    order_create(company=customer, actor=assistant)
    client.force_login(assistant)
    page = client.get(reverse("desk:desk")).content.decode()
    assert "Mijn offertes die op een manager wachten" in page and "Mijn conceptbestellingen om te bevestigen" in page
    assert "?status=awaiting_approval" in page and "?status=draft" in page


def test_in_production_the_figures_are_computed_once_per_filter_and_language_for_a_minute(
    invoiced, client, manager, settings, time_machine
):
    import warnings

    from django.core.cache import cache
    from django.core.cache.backends.base import CacheKeyWarning
    from django.urls import reverse

    from desk.views import dashboard as view

    settings.DASHBOARD_CACHE_SECONDS = 60
    cache.clear()
    computed = []
    real = view.dashboard_context

    def counted(flt, **kwargs):
        computed.append((flt.since, view.translation.get_language()))
        return real(flt, **kwargs)

    client.force_login(manager)
    url = reverse("desk:dashboard")
    with pytest.MonkeyPatch.context() as patch, warnings.catch_warnings():
        patch.setattr(view, "dashboard_context", counted)
        warnings.simplefilter("error", CacheKeyWarning)  # a key any cache backend takes (memcached too)
        first = client.get(url, {"from": "2026-10-01"}).content.decode()
        again = client.get(url, {"from": "2026-10-01"}).content.decode()
        client.get(url, {"from": "2026-10-01", "format": "csv"})  # the same figures as CSV
        client.get(url, {"from": "2026-11-01"})  # another period
        manager.language = "fr"
        manager.save(update_fields=["language"])
        client.get(url, {"from": "2026-10-01"})  # another language
        time_machine.shift(datetime.timedelta(seconds=61))
        client.get(url, {"from": "2026-10-01"})  # a minute later: computed again
    cache.clear()

    assert "2.590,00" in first and first.count("2.590,00") == again.count("2.590,00")
    october, november = datetime.date(2026, 10, 1), datetime.date(2026, 11, 1)
    assert computed == [(october, "nl"), (november, "nl"), (october, "fr"), (october, "fr")]
