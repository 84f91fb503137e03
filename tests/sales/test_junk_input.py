"""Every input gets a clear answer: ids that are not numbers or do not exist, numbers written the Belgian way,
dates nobody means. No 500, what was typed stays, and a refused form writes nothing."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from orderdesk.exceptions import DomainError
from orderdesk.models import OutboxMessage
from sales.models import Invoice, Order, Payment, PaymentPromise, ReminderRun
from sales.services.quotes import quote_create
from sales.services.reminders import payment_promise_record
from tests.sales.test_invoices import issued_invoice

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
D = Decimal
JUNK_IDS = ["abc", "-1", "0", "9" * 20, "9" * 30, "1.5", "a\x00b", "²"]


@pytest.fixture
def invoice(b2b_customer, assistant, oven):
    return issued_invoice(b2b_customer, assistant, (oven, "1"))  # 1.452,00


def test_the_payment_form_with_a_junk_customer_or_invoice_asks_for_the_customer(client, accountant, invoice):
    client.force_login(accountant)
    url = reverse("sales:payment-create")
    for junk in JUNK_IDS:
        assert client.get(url, {"company": junk}).url == reverse("sales:company-pick", args=["payment"])
        page = client.get(url, {"company": invoice.company_id, "invoice": junk})
        assert page.status_code == 200 and page.context["company"] == invoice.company
        refused = client.post(url, {"company": junk, "amount": "10", "received_on": TODAY.isoformat()})
        assert refused.url == reverse("sales:company-pick", args=["payment"])
    assert not Payment.objects.exists()


def test_a_junk_allocation_is_a_form_error_and_nothing_is_booked(client, accountant, invoice):
    client.force_login(accountant)
    data = {"company": invoice.company_id, "direction": "received", "received_on": TODAY.isoformat(),
            "amount": "100", "method": "transfer", f"allocation_{invoice.pk}": "NaN",
            f"allocation_{'9' * 30}": "5"}  # fmt: skip
    response = client.post(reverse("sales:payment-create"), data)
    assert response.status_code == 400
    assert not Payment.objects.exists()
    assert response.context["rows"][0]["typed"] == "NaN"  # what was typed stays


def test_a_payment_dated_far_from_today_is_refused_saying_the_range(client, accountant, invoice):
    client.force_login(accountant)
    for day in ("0001-01-01", "9999-12-31", (TODAY - datetime.timedelta(days=400)).isoformat()):
        data = {"company": invoice.company_id, "direction": "received", "received_on": day, "amount": "100",
                "method": "transfer"}  # fmt: skip
        response = client.post(reverse("sales:payment-create"), data)
        assert response.status_code == 400
        with translation.override("nl"):
            reason = gettext("a payment is registered within a year of the day it was received")
        assert reason in str(response.context["form"].errors["received_on"])
    assert not Payment.objects.exists()


def test_a_promise_is_for_the_coming_six_months(client, assistant, accountant, invoice):
    with pytest.raises(DomainError, match="six months"):
        payment_promise_record(invoice=invoice, actor=accountant, promised_for=TODAY + datetime.timedelta(days=200),
                               amount=D("100"), today=TODAY)  # fmt: skip
    latest = TODAY + datetime.timedelta(days=PaymentPromise.HORIZON_DAYS)
    promise = payment_promise_record(invoice=invoice, actor=accountant, amount=D("100"), today=TODAY,
                                     promised_for=latest)  # fmt: skip
    assert promise.pk
    client.force_login(assistant)
    url = reverse("sales:invoice-follow-up", args=[invoice.pk, "promise"])
    page = client.post(url, {"promised_for": "9999-12-31", "amount": "100"}, follow=True).content.decode()
    with translation.override("nl"):
        assert gettext("a promise to pay is for today or the coming six months") in page
    assert PaymentPromise.objects.count() == 1


@pytest.mark.parametrize(("params", "quantity"), [
    ({"customer": "abc"}, "1"), ({"customer": "9" * 30}, "1"), ({"quantity": "NaN"}, "1"),
    ({"quantity": "1e400"}, "1"), ({"quantity": "-1"}, "1"), ({"quantity": "9" * 30}, "1"),
    ({"quantity": "1.234"}, "1234"), ({"quantity": "2,5"}, "2.5"), ({"quantity": "1.5"}, "1.5"),
])  # fmt: skip
def test_the_product_page_ignores_what_it_cannot_use(client, assistant, customer, oven, params, quantity):
    client.force_login(assistant)
    response = client.get(reverse("sales:product-detail", args=[oven.pk]), params)
    assert response.status_code == 200
    assert response.context["quantity"] == D(quantity)
    assert response.context["customer"] is None


def test_creating_an_order_or_an_invoice_for_a_junk_customer_or_order_writes_nothing(client, manager, customer):
    client.force_login(manager)
    with translation.override("nl"):
        no_order = gettext("This order does not exist (any more).")
    for junk in JUNK_IDS:
        assert client.post(reverse("sales:order-create"), {"company": junk}).url == reverse(
            "sales:company-pick", args=["order"]
        )
        assert client.post(reverse("sales:invoice-create"), {"company": junk}).url == reverse(
            "sales:company-pick", args=["invoice"]
        )
        refused = client.post(reverse("sales:invoice-create"), {"order": junk, "next": "abc"})
        assert refused.url == reverse("sales:invoice-list")  # "abc" is no page of ours
        messages = [str(m) for m in client.get(reverse("sales:invoice-list")).context["messages"]]
        assert messages == [no_order]
        client.post(reverse("sales:invoice-create"), {"source": "deliveries", "delivery": [junk, "9" * 30]})
        client.get(reverse("sales:invoice-list"))  # reads its message
    assert not Order.objects.exists() and not Invoice.objects.exists()


def test_the_reminder_page_answers_a_junk_run_or_customer_with_a_message(
    client, accountant, reminder_defaults, invoice
):
    client.force_login(accountant)
    client.post(reverse("sales:reminder-run"), {"action": "propose"})
    real = ReminderRun.objects.get()
    with translation.override("nl"):  # the accountant reads Dutch
        no_run = gettext("This reminder run does not exist (any more); here is the current one.")
        no_customer = gettext("Choose a customer of the run.")
    for run, company, said in [("abc", "1", no_run), ("9" * 30, "1", no_run), (real.pk, "x", no_customer),
                               (real.pk, "9" * 30, no_customer), (real.pk, "", no_customer)]:  # fmt: skip
        response = client.post(reverse("sales:reminder-run"), {"action": "note", "run": run, "company": company,
                                                               "note": "Belt terug"}, follow=True)  # fmt: skip
        assert response.status_code == 200
        assert [str(m) for m in response.context["messages"]] == [said]


def test_the_quote_comparison_ignores_revisions_that_are_not_numbers(client, assistant, customer):
    client.force_login(assistant)
    quote = quote_create(company=customer, actor=assistant)
    url = reverse("sales:quote-compare", args=[quote.pk])
    for params in ({"old": "9" * 20, "new": "abc"}, {"old": "NaN"}, {"old": "-1", "new": "9" * 30}):
        response = client.get(url, params)
        assert response.status_code == 200
        assert response.context["error"]


def test_a_mail_subject_is_plain_text(client, assistant, customer, oven, django_capture_on_commit_callbacks):
    customer.name = "Janssens & Zonen"
    customer.save()
    from orderdesk.models import CompanySettings

    settings = CompanySettings.load()
    settings.name = "Van den Broucke & Co"
    settings.save()
    from sales.services.lines import document_line_save
    from sales.services.quotes import quote_send

    quote = quote_create(company=customer, actor=assistant, contact=customer.contacts.first())
    document_line_save(document=quote, actor=assistant, product=oven, quantity="1")
    quote_send(quote=quote, actor=assistant)
    message = OutboxMessage.objects.get()
    assert "Van den Broucke & Co" in message.subject and "&amp;" not in message.subject
    assert "&amp;" not in message.body


def test_no_plain_text_template_is_rendered_with_html_escaping():
    import pathlib
    import re

    root, offenders = pathlib.Path(__file__).resolve().parents[2], []
    for app in ("orderdesk", "customers", "sales", "complaints", "desk"):
        for path in (root / app).glob("**/*.py"):
            if re.search(r"render_to_string\(\s*[^)]*\.txt", path.read_text(encoding="utf-8")):
                offenders.append(str(path))
    assert not offenders, "render .txt mail templates with orderdesk.mail.render_text"
