"""The invoice screens as the assistant and accounting use them: real forms, real templates, real PDFs."""

import hashlib
from decimal import Decimal

import pytest
from django.urls import reverse

from orderdesk.models import OutboxMessage
from sales.models import Invoice
from sales.services.deliveries import delivery_create
from sales.services.invoicing import invoice_draft_for_order, invoice_issue
from sales.services.lines import document_line_save
from sales.services.orders import order_confirm, order_create
from sales.states import InvoiceStatus, OrderStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivered(customer, assistant, oven):
    customer.enterprise_number = "0417497106"
    customer.invoice_email = "boekhouding@bakkerij-peeters.be"
    customer.save()
    order = order_create(company=customer, contact=customer.contacts.get(), actor=assistant)
    document_line_save(document=order, actor=assistant, product=oven, quantity="3")
    order_confirm(order=order, actor=assistant)
    delivery_create(order=order, actor=assistant, quantities={order.lines.get().pk: "3"})
    order.refresh_from_db()
    return order


def test_invoice_a_delivered_order_issue_it_and_credit_part_of_it(assistant_client, delivered):
    order_page = assistant_client.get(reverse("sales:order-detail", args=[delivered.pk])).content.decode()
    assert 'id="invoice-order"' in order_page

    response = assistant_client.post(reverse("sales:invoice-create"), {"order": delivered.pk})
    draft = Invoice.objects.get()
    assert response.url == reverse("sales:invoice-detail", args=[draft.pk])
    page = assistant_client.get(response.url).content.decode()
    assert 'id="issue-invoice"' in page and "disabled" not in page.split('id="issue-invoice"')[1][:20]
    preview = assistant_client.get(reverse("sales:invoice-pdf", args=[draft.pk]))
    assert preview["Content-Type"] == "application/pdf"

    assistant_client.post(reverse("sales:invoice-action", args=[draft.pk, "issue"]))
    invoice = Invoice.objects.get()
    delivered.refresh_from_db()
    assert invoice.status == InvoiceStatus.ISSUED and delivered.status == OrderStatus.INVOICED
    page = assistant_client.get(reverse("sales:invoice-detail", args=[invoice.pk])).content.decode()
    assert invoice.number in page and invoice.structured_reference_display in page
    pdf = assistant_client.get(reverse("sales:invoice-pdf", args=[invoice.pk])).content
    assert hashlib.sha256(pdf).hexdigest() == invoice.pdf_sha256  # served from the archive, byte for byte
    ubl = assistant_client.get(reverse("sales:invoice-ubl", args=[invoice.pk]))
    assert ubl["Content-Type"] == "application/xml" and invoice.number.encode() in ubl.content
    mail = OutboxMessage.objects.get(subject__contains=invoice.number)
    assert mail.to == ["boekhouding@bakkerij-peeters.be"]

    line = invoice.lines.get()
    form_url = reverse("sales:credit-note-create", args=[invoice.pk])
    too_many = assistant_client.post(form_url, {"reason": "Dented", "mode": "lines", f"quantity_{line.pk}": "4"})
    assert too_many.status_code == 400
    assert "credit between 0 and 3" in too_many.content.decode().replace("crediteer", "credit") or (
        "tussen 0 en 3" in too_many.content.decode()
    )
    assert Invoice.objects.count() == 1  # nothing half-made
    response = assistant_client.post(form_url, {"reason": "Eén oven beschadigd", "mode": "lines",
                                                f"quantity_{line.pk}": "1"})  # fmt: skip
    note = Invoice.objects.get(kind=Invoice.Kind.CREDIT_NOTE)
    assert response.url == reverse("sales:invoice-detail", args=[note.pk])
    assistant_client.post(reverse("sales:invoice-action", args=[note.pk, "issue"]))
    invoice.refresh_from_db()
    note.refresh_from_db()
    assert note.number.startswith("C") and note.total == Decimal("1452.00")
    assert invoice.amount_open == invoice.total - note.total
    page = assistant_client.get(reverse("sales:invoice-detail", args=[invoice.pk])).content.decode()
    assert note.number in page


def test_a_draft_shows_what_blocks_its_issue(assistant_client, delivered):
    delivered.company.vat_number = ""
    delivered.company.save()
    draft = invoice_draft_for_order(order=delivered, actor=delivered.owner or delivered.company.owner or _user())
    page = assistant_client.get(reverse("sales:invoice-detail", args=[draft.pk])).content.decode()
    assert "disabled" in page.split('id="issue-invoice"')[1][:20]
    response = assistant_client.post(reverse("sales:invoice-action", args=[draft.pk, "issue"]), follow=True)
    draft.refresh_from_db()
    assert draft.status == InvoiceStatus.DRAFT and not draft.number
    assert "Voor een factuur aan een bedrijf is het btw-nummer van de klant nodig." in response.content.decode()


def _user():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="assistant")


def test_a_free_invoice_is_typed_line_by_line(assistant_client, customer, installation):
    response = assistant_client.post(reverse("sales:invoice-create"), {"company": customer.pk})
    draft = Invoice.objects.get()
    assert response.url == reverse("sales:invoice-detail", args=[draft.pk])
    fragment = assistant_client.post(
        reverse("sales:invoice-line-add", args=[draft.pk]), {"product": "SRV-INST", "quantity": "2"},
        headers={"HX-Request": "true"},
    ).content.decode()  # fmt: skip
    assert "SRV-INST" in fragment
    draft.refresh_from_db()
    assert draft.net_total == Decimal("190.00")


def test_the_invoice_list_filters_and_totals(assistant_client, delivered, assistant, django_assert_max_num_queries):
    invoice = invoice_issue(invoice=invoice_draft_for_order(order=delivered, actor=assistant), actor=assistant)
    page = assistant_client.get(reverse("sales:invoice-list")).content.decode()
    assert invoice.number in page
    assert assistant_client.get(reverse("sales:invoice-list"), {"overdue": "on"}).content.decode().count(
        invoice.number) == 0  # fmt: skip
    assert invoice.number in assistant_client.get(reverse("sales:invoice-list"), {"status": "issued"}).content.decode()
    with django_assert_max_num_queries(25) as few:
        assistant_client.get(reverse("sales:invoice-list"))
    for _ in range(4):
        extra = order_create(company=delivered.company, contact=delivered.contact, actor=assistant)
        document_line_save(document=extra, actor=assistant, product=delivered.lines.get().product, quantity="1")
        order_confirm(order=extra, actor=assistant)
        delivery_create(order=extra, actor=assistant, quantities={extra.lines.get().pk: "1"})
        invoice_issue(invoice=invoice_draft_for_order(order=extra, actor=assistant), actor=assistant)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assistant_client.get(reverse("sales:invoice-list"))


def test_accounting_issues_and_a_manager_too_but_an_issued_invoice_has_no_edit(client, accountant, delivered,
                                                                                assistant):  # fmt: skip
    invoice = invoice_issue(invoice=invoice_draft_for_order(order=delivered, actor=assistant), actor=assistant)
    client.force_login(accountant)
    assert client.get(reverse("sales:invoice-detail", args=[invoice.pk])).status_code == 200
    line = invoice.lines.get()
    response = client.post(reverse("sales:invoice-line-update", args=[invoice.pk, line.pk]),
                           {"quantity": "1", "unit_price": "1"})  # fmt: skip
    assert response.status_code in (302, 200)
    line.refresh_from_db()
    assert line.quantity == 3  # the line editor refuses: issued
    response = client.post(reverse("sales:invoice-action", args=[invoice.pk, "delete"]), follow=True)
    assert Invoice.objects.filter(pk=invoice.pk).exists()


def test_the_global_search_finds_an_invoice_by_its_structured_communication(assistant_client, delivered, assistant):
    invoice = invoice_issue(invoice=invoice_draft_for_order(order=delivered, actor=assistant), actor=assistant)
    typed = invoice.structured_reference_display  # as the customer reads it on the phone: +++260/0000/00170+++
    page = assistant_client.get(reverse("desk:search"), {"q": typed}).content.decode()
    assert reverse("sales:invoice-detail", args=[invoice.pk]) in page
    page = assistant_client.get(reverse("desk:search"), {"q": delivered.number}).content.decode()
    assert reverse("sales:order-detail", args=[delivered.pk]) in page


def test_delivery_notes_of_two_orders_go_on_one_invoice(assistant_client, delivered, assistant, oven):
    second = order_create(company=delivered.company, contact=delivered.contact, actor=assistant)
    document_line_save(document=second, actor=assistant, product=oven, quantity="1")
    order_confirm(order=second, actor=assistant)
    delivery_create(order=second, actor=assistant, quantities={second.lines.get().pk: "1"})
    notes = [delivered.deliveries.get(), second.deliveries.get()]
    page = assistant_client.get(reverse("sales:invoice-list")).content.decode()
    assert all(f'name="delivery" value="{note.pk}"' in page for note in notes)

    nothing = assistant_client.post(reverse("sales:invoice-create"), {"source": "deliveries"}, follow=True)
    assert not Invoice.objects.exists() and "Tick the delivery notes" in nothing.content.decode().replace(
        "Vink de leveringsbonnen", "Tick the delivery notes")  # fmt: skip
    assistant_client.post(reverse("sales:invoice-create"),
                          {"source": "deliveries", "delivery": [note.pk for note in notes]})  # fmt: skip

    invoice = Invoice.objects.get()
    assert sorted(link.delivery_id for link in invoice.invoice_deliveries.all()) == sorted(n.pk for n in notes)
    assert [line.quantity for line in invoice.lines.all()] == [3, 1] and invoice.order is None
