"""My desk: each queue counts its work and names the item waiting longest, one click from where it is handled;
the lists behind the cards and behind the dashboard's figures hold exactly what was counted."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from desk.selectors import desk_queues
from sales.models import Invoice, Quote, Reminder, ReminderLevel, ReminderRun
from sales.services.deliveries import delivery_create, supplier_order_create, supplier_order_receive
from sales.services.orders import order_confirm
from tests.sales.conftest import *  # noqa: F403 - customer, products, English messages
from tests.sales.conftest import _english_messages  # noqa: F401
from tests.sales.test_orders import _order

pytestmark = pytest.mark.django_db
D = Decimal


def _queues(user) -> dict:
    with translation.override("en"):  # a page request before may have left the user's language active
        return {str(queue.label): queue for queue in desk_queues(user=user)}


def _sent_quote(customer, owner, *, days_ago: int, status="sent") -> Quote:
    sent = timezone.now() - datetime.timedelta(days=days_ago)
    return Quote.objects.create(company=customer, owner=owner, status=status, sent_at=sent,
                                valid_until=timezone.localdate() + datetime.timedelta(days=20))  # fmt: skip


def _listed(client, url: str) -> list[str]:
    response = client.get(url)
    return [row.reference for row in response.context["page_obj"].object_list]


def test_quotes_without_an_answer_count_after_10_days_the_oldest_first(client, customer, assistant, manager):
    _sent_quote(customer, assistant, days_ago=9)  # not yet
    ten = _sent_quote(customer, assistant, days_ago=10)
    fifteen = _sent_quote(customer, assistant, days_ago=15)
    _sent_quote(customer, manager, days_ago=30)  # someone else's

    queue = _queues(assistant)["Sent quotes without an answer for 10 days"]

    assert queue.count == 2
    assert queue.oldest == f"{fifteen.reference} · Bakkerij Peeters"
    assert queue.oldest_url == reverse("sales:quote-detail", args=[fifteen.pk])
    client.force_login(assistant)
    assert _listed(client, queue.url) == [fifteen.reference, ten.reference]
    page = client.get(reverse("desk:desk")).content.decode()
    assert f'href="{queue.oldest_url}"' in page and "Verzonden offertes, al 10 dagen zonder antwoord" in page


def test_orders_to_deliver_today_and_backorders_now_available(client, customer, assistant, oven):
    today_order = _order(customer, assistant, (oven, "2"))
    order_confirm(order=today_order, actor=assistant)
    later = _order(customer, assistant, (oven, "1"))
    later.requested_delivery_on = timezone.localdate() + datetime.timedelta(days=5)
    later.save()
    order_confirm(order=later, actor=assistant)
    waiting = _order(customer, assistant, (oven, "12"))  # 7 left in stock: 5 wait for the supplier
    order_confirm(order=waiting, actor=assistant)
    delivery_create(order=waiting, actor=assistant, quantities={waiting.lines.get().pk: "7"})

    queues = _queues(assistant)
    assert queues["Orders to deliver today"].count == 1  # the later one waits for its date, the rest is sent
    assert queues["Orders to deliver today"].oldest_url == reverse("sales:order-detail", args=[today_order.pk])
    assert "Backorders now available" not in queues

    supplier_order = supplier_order_create(supplier="Unox Benelux", actor=assistant, lines=[(oven, "5")])
    supplier_order_receive(supplier_order=supplier_order, actor=assistant,
                           quantities={supplier_order.lines.get().pk: "5"})  # fmt: skip

    queue = _queues(assistant)["Backorders now available"]
    assert (queue.count, queue.oldest_url) == (1, reverse("sales:order-detail", args=[waiting.pk]))
    client.force_login(assistant)
    waiting.refresh_from_db()
    assert _listed(client, queue.url) == [waiting.reference]
    delivery_create(order=waiting, actor=assistant, quantities={waiting.lines.get().pk: "5"})
    assert "Backorders now available" not in _queues(assistant)


def test_overdue_invoices_open_on_the_one_due_longest_ago(client, customer, assistant):
    today = timezone.localdate()
    for number, days in (("F2026-000010", 5), ("F2026-000011", 40), ("F2026-000012", -3)):
        Invoice.objects.create(company=customer, number=number, status="issued", issue_date=today,
                               due_date=today - datetime.timedelta(days=days), total=D("100.00"),
                               net_total=D("82.64"))  # fmt: skip

    queue = _queues(assistant)["Overdue invoices"]

    assert (queue.count, queue.oldest.split(" · ")[0]) == (2, "F2026-000011")
    client.force_login(assistant)
    listed = [row.number for row in client.get(queue.url).context["page_obj"].object_list]
    assert listed == ["F2026-000011", "F2026-000010"]


def test_my_desk_costs_the_same_queries_with_one_item_or_many(client, customer, assistant):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def desk_queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("desk:desk")).status_code == 200
        return len(captured)

    client.force_login(assistant)
    _sent_quote(customer, assistant, days_ago=12)
    _sent_quote(customer, assistant, days_ago=12, status="accepted")
    first = desk_queries()
    for days in (11, 13, 20, 25):
        _sent_quote(customer, assistant, days_ago=days)
        _sent_quote(customer, assistant, days_ago=days, status="accepted")

    assert desk_queries() == first


def test_the_dashboards_figures_open_lists_with_exactly_what_they_count(client, customer, assistant, manager):
    from customers.models import Tag
    from desk.dashboard import DashboardFilter, dashboard_links, pipeline_figures

    group = Tag.objects.create(name="Bakkers")
    customer.tags.add(group)
    customer.owner = assistant
    customer.save()
    for days, status in ((3, "sent"), (4, "accepted"), (5, "ordered"), (6, "declined"), (7, "expired"), (60, "sent")):
        _sent_quote(customer, assistant, days_ago=days, status=status)
    other = Quote.objects.create(company=customer.__class__.objects.create(name="Elders"), owner=assistant,
                                 status="sent", sent_at=timezone.now(), valid_until=timezone.localdate())  # fmt: skip
    flt = DashboardFilter(since=timezone.localdate() - datetime.timedelta(days=30), until=timezone.localdate(),
                          assistant_id=assistant.pk, tag_id=group.pk)  # fmt: skip
    figures, links = pipeline_figures(flt), dashboard_links(flt)
    manager.language = "en"
    manager.save()
    client.force_login(manager)

    def count(url):
        return client.get(url).context["paginator"].count

    assert (figures["sent"], count(links["sent"])) == (5, 5)  # the quote sent 60 days ago and "Elders" stay out
    assert (figures["accepted"], count(links["won"])) == (2, 2)
    assert figures["declined"] + figures["expired"] == count(links["lost"]) == 2
    assert count(links["open_quotes"]) == 2  # the two sent quotes of the group, whenever they were sent
    page = client.get(links["sent"]).content.decode()
    assert 'id="scoped-filter"' in page and "Account owner" in page and "Customer group" in page
    assert other.reference not in page


def test_invoices_handed_over_and_reminded_at_a_level(client, customer, manager):
    today = timezone.localdate()

    def invoice(number, **fields):
        return Invoice.objects.create(company=customer, number=number, status="issued", issue_date=today,
                                      due_date=today, total=D("10.00"), net_total=D("8.26"), **fields)  # fmt: skip

    handed = invoice("F2026-000020", handed_over_to="legal")
    first, second = invoice("F2026-000021"), invoice("F2026-000022")
    run = ReminderRun.objects.create(status="sent", proposed_on=today)
    levels = ReminderLevel.objects.order_by("rank")
    Reminder.objects.create(run=run, invoice=first, level=levels[0], status="sent", channel="email",
                            principal=D("10.00"), sent_on=today - datetime.timedelta(days=40))  # fmt: skip
    Reminder.objects.create(run=run, invoice=second, level=levels[0], status="sent", channel="email",
                            principal=D("10.00"), sent_on=today)  # fmt: skip
    Reminder.objects.create(run=run, invoice=first, level=levels[1], status="sent", channel="email",
                            principal=D("10.00"), sent_on=today)  # fmt: skip
    client.force_login(manager)
    url = reverse("sales:invoice-list")

    def numbers(query):
        return sorted(row.number for row in client.get(f"{url}?{query}").context["page_obj"].object_list)

    assert numbers("handed_over=true") == [handed.number]
    since = (today - datetime.timedelta(days=10)).isoformat()
    assert numbers(f"reminder_level=1&reminded_from={since}&reminded_to={today}") == [second.number]
    assert numbers(f"reminder_level=2&reminded_from={since}&reminded_to={today}") == [first.number]


def test_an_assistant_sees_her_orders_held_for_credit(customer, assistant, oven):
    from customers.models import CreditStatus

    customer.credit_status, customer.credit_status_reason = CreditStatus.ON_HOLD, "Betaalt traag"
    customer.save()
    held = _order(customer, assistant, (oven, "1"))
    order_confirm(order=held, actor=assistant)

    queue = _queues(assistant)["My orders held for credit"]

    assert (queue.count, queue.oldest_url, queue.alert) == (1, reverse("sales:order-detail", args=[held.pk]), True)


def test_complaint_figures_open_the_complaints_they_count(client, customer, assistant, manager):
    from complaints.models import Complaint, RootCause
    from complaints.selectors import complaint_report
    from desk.dashboard import DashboardFilter, dashboard_links

    now = timezone.now()
    cause = RootCause.objects.order_by("pk").first()

    def complaint(number, *, days_ago, category="damaged", root_cause=None, resolution_in_days=10):
        received = now - datetime.timedelta(days=days_ago)
        return Complaint.objects.create(
            number=number, company=customer, category=category, description="Deuk", assignee=assistant,
            received_at=received, response_due=received + datetime.timedelta(days=1),
            first_response_at=received, resolution_due=now + datetime.timedelta(days=resolution_in_days),
            root_cause=root_cause,
        )  # fmt: skip

    complaint("K2026-0001", days_ago=5, root_cause=cause)
    complaint("K2026-0002", days_ago=6, category="late", resolution_in_days=-2)
    due_soon = complaint("K2026-0003", days_ago=3, root_cause=cause, resolution_in_days=0)
    complaint("K2026-0004", days_ago=90, root_cause=cause)  # before the period
    flt = DashboardFilter(since=timezone.localdate() - datetime.timedelta(days=30), until=timezone.localdate())
    report, links = complaint_report(since=flt.since, until=flt.until), dashboard_links(flt)
    client.force_login(manager)

    def listed(query):
        return sorted(c.number for c in client.get(query).context["page_obj"].object_list)

    assert report["totals"]["count"] == len(listed(links["complaints"])) == 3
    assert listed(f"{links['complaints']}&root_cause={cause.pk}") == ["K2026-0001", "K2026-0003"]
    assert listed(f"{links['complaints']}&category=late") == ["K2026-0002"]
    assert listed(f"{reverse('complaints:complaint-list')}?assignee={assistant.pk}") == [
        "K2026-0001", "K2026-0002", "K2026-0003", "K2026-0004"]  # fmt: skip
    # My desk's queue: the late one and the one due today, the most pressing first.
    client.force_login(assistant)
    queue = _queues(assistant)["My complaints near or past their deadline"]
    urgent = [c.number for c in client.get(queue.url).context["page_obj"].object_list]
    assert (queue.count, urgent) == (2, ["K2026-0002", due_soon.number])
    assert client.get(f"{reverse('complaints:complaint-list')}?root_cause=abc").status_code == 200


@pytest.mark.parametrize(
    ("shipped_on", "deadline"),
    [
        (datetime.date(2026, 10, 31), datetime.date(2026, 11, 15)),
        (datetime.date(2026, 12, 1), datetime.date(2027, 1, 15)),  # into the next year
        (datetime.date(2026, 1, 31), datetime.date(2026, 2, 15)),
    ],
)
def test_the_legal_invoicing_deadline_is_the_15th_of_the_next_month(shipped_on, deadline):
    from sales.selectors.invoices import invoicing_deadline

    assert invoicing_deadline(shipped_on) == deadline


def test_delivery_notes_to_invoice_turn_red_five_days_before_the_15th(client, customer, assistant, oven):
    from sales.selectors.invoices import invoicing_deadline
    from tests.sales.test_invoices import delivered_order

    today = timezone.localdate()
    recent = today.replace(day=1)  # this month: due on the 15th of the next one, far enough
    _order, note = delivered_order(customer, assistant, (oven, "1"), shipped_on=recent)
    queue = _queues(assistant)["Delivery notes to invoice"]
    deadline = invoicing_deadline(recent)
    assert queue.oldest_note == f"invoice by {deadline:%d/%m/%Y}"
    assert queue.alert == (deadline <= today + datetime.timedelta(days=5))

    # Two calendar months back (the 1st of this month minus 40 days): its deadline, the 15th of last month, has passed.
    late = today.replace(day=1) - datetime.timedelta(days=40)
    _order, old_note = delivered_order(customer, assistant, (oven, "1"), shipped_on=late)
    queue = _queues(assistant)["Delivery notes to invoice"]
    assert (queue.count, queue.alert) == (2, True)
    assert queue.oldest.startswith(old_note.number)
    client.force_login(assistant)
    page = client.get(reverse("sales:invoice-list")).content.decode()
    overdue_cell = f'<td class="text-danger fw-semibold">{invoicing_deadline(late):%d/%m/%Y}</td>'
    assert overdue_cell in page


def test_a_credit_note_on_a_paid_invoice_waits_for_its_refund(client, b2b_customer, assistant, accountant, oven):
    from sales.services.invoicing import credit_note_create, invoice_issue
    from sales.services.payments import payment_register
    from tests.sales.test_invoices import issued_invoice

    invoice = issued_invoice(b2b_customer, assistant, (oven, "1"), today=timezone.localdate())
    payment_register(company=b2b_customer, actor=accountant, received_on=timezone.localdate(), amount=invoice.total)
    note = invoice_issue(invoice=credit_note_create(invoice=invoice, actor=assistant, reason="Kras",
                                                    amount="100", vat_rate="21"), actor=assistant)  # fmt: skip

    queue = _queues(accountant)["Credit notes to refund"]
    assert (queue.count, queue.oldest_url) == (1, reverse("sales:invoice-detail", args=[note.pk]))
    accountant.language = "en"
    accountant.save()
    client.force_login(accountant)
    page = client.get(queue.oldest_url).content.decode()
    assert "To refund" in page and 'id="register-refund"' in page
    assert '<dd class="col-7 money fw-semibold" id="amount-open">121,00\xa0€</dd>' in page
    payment_register(company=b2b_customer, actor=accountant, received_on=timezone.localdate(), amount="121",
                     direction="refunded")  # fmt: skip
    assert "Credit notes to refund" not in _queues(accountant)
    assert "Refunded" in client.get(queue.oldest_url).content.decode()
