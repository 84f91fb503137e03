"""Discount and margin authority on every priced document: an order (taken directly or changed after its quote),
a draft invoice and a complaint's replacement order wait for a manager like a quote does; four eyes on every
approval; nobody without the cost permission reads a margin figure."""

from decimal import Decimal

import pytest
from django.urls import reverse

from orderdesk.exceptions import DomainError, PermissionDeniedError
from orderdesk.models import CompanySettings, OutboxMessage, StatusChange
from sales.services.approvals import document_approve, document_prices_cover, document_refuse
from sales.services.invoicing import invoice_draft_for_order, invoice_free_create, invoice_issue, invoice_update
from sales.services.lines import document_line_save
from sales.services.orders import order_confirm, order_create, order_from_quote, order_release
from sales.services.quotes import quote_approve, quote_create, quote_record_answer, quote_send
from sales.states import InvoiceStatus, OrderStatus, QuoteStatus
from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def other_manager(db):
    from orderdesk.permissions import MANAGER

    return UserFactory(username="mia.manager", first_name="Mia", role=MANAGER)


@pytest.fixture
def thin(db):
    """Sold at list price it makes 3 %: under the minimum margin of an assistant (15 %) and of a manager (5 %)."""
    return ProductFactory(sku="THIN-1", list_price=D("100.00"), cost_price=D("97.00"), on_hand=D("10"))


def _order(customer, actor, product, **line):
    order = order_create(company=customer, contact=customer.contacts.get(), actor=actor)
    document_line_save(document=order, actor=actor, product=product, quantity="1", **line)
    return order


def _login(client, user):
    """Pages in English, as the service messages are asserted."""
    user.language = "en"
    user.save(update_fields=["language"])
    client.force_login(user)


def _mails(document):
    return OutboxMessage.objects.filter(content_type__model=document._meta.model_name, object_id=document.pk)


# --- orders ----------------------------------------------------------------------------------------------------------


def test_an_order_taken_directly_beyond_the_limit_waits_for_a_manager_before_it_is_confirmed(
    client, customer, assistant, manager, oven, discount_limits
):
    order = _order(customer, assistant, oven, discount_percent="25")  # the assistant may give 10 %

    order = order_confirm(order=order, actor=assistant)

    assert order.status == OrderStatus.DRAFT and order.approval_pending and not order.number
    assert not _mails(order).exists()  # nothing confirmed, nothing mailed
    assert [p["kind"] for p in order.approval_problems] == ["discount", "margin"]
    with pytest.raises(DomainError, match="wait for a manager"):
        order_confirm(order=order, actor=assistant)
    with pytest.raises(PermissionDeniedError):
        document_approve(document=order, actor=assistant)
    # The manager sees it on the approvals page and on My desk, and approves it there.
    _login(client, manager)
    page = client.get(reverse("desk:approval-list")).content.decode()
    assert 'id="price-approvals"' in page and order.reference in page and "25 %" in page
    assert "Order prices to approve" in client.get(reverse("desk:desk")).content.decode()
    approvals = reverse("desk:approval-list")
    response = client.post(reverse("sales:order-action", args=[order.pk, "approve"]),
                           {"comment": "Grote klant", "next": approvals})  # fmt: skip
    assert response.url == approvals
    order.refresh_from_db()
    assert not order.approval_pending and order.approved_by == manager and not order.self_approved
    row = StatusChange.objects.get(object_id=order.pk, field="approval", to_status="approved")
    assert (row.actor, row.reason, row.self_approved) == (manager, "Grote klant", False)

    order = order_confirm(order=order, actor=assistant)

    assert order.status == OrderStatus.CONFIRMED and _mails(order).count() == 1


def test_a_refused_order_stays_a_draft_with_the_comment(customer, assistant, manager, oven, discount_limits):
    order = order_confirm(order=_order(customer, assistant, oven, discount_percent="25"), actor=assistant)
    with pytest.raises(Exception, match="Say why"):
        document_refuse(document=order, actor=manager, comment=" ")

    order = document_refuse(document=order, actor=manager, comment="Max 15 %")

    assert (order.status, order.approval_pending, order.approval_comment) == (OrderStatus.DRAFT, False, "Max 15 %")
    order = order_confirm(order=order, actor=assistant)  # unchanged: asks again
    assert order.approval_pending and order.status == OrderStatus.DRAFT


def test_an_order_from_an_approved_quote_is_confirmed_but_a_price_changed_after_conversion_waits(
    customer, assistant, manager, oven, discount_limits
):
    quote = quote_create(company=customer, actor=assistant)
    document_line_save(document=quote, actor=assistant, product=oven, quantity="1", discount_percent="20")
    quote_send(quote=quote, actor=assistant)
    quote_approve(quote=quote, actor=manager, comment="ok")
    quote_send(quote=quote, actor=assistant)
    quote_record_answer(quote=quote, actor=assistant, accepted=True, name="Jan")
    order = order_from_quote(quote=quote, actor=assistant)
    # As the customer accepted it: no second approval.
    assert order_confirm(order=order, actor=assistant).status == OrderStatus.CONFIRMED

    quote2 = quote_create(company=customer, actor=assistant)
    document_line_save(document=quote2, actor=assistant, product=oven, quantity="1", discount_percent="5")
    quote_send(quote=quote2, actor=assistant)
    quote_record_answer(quote=quote2, actor=assistant, accepted=True, name="Jan")
    order2 = order_from_quote(quote=quote2, actor=assistant)
    line = order2.lines.get()
    document_line_save(document=order2, actor=assistant, line=line, product=oven, quantity="1", discount_percent="40")

    order2 = order_confirm(order=order2, actor=assistant)

    assert order2.status == OrderStatus.DRAFT and order2.approval_pending
    assert order2.approval_problems[0]["discount"] == "40"


# --- draft invoices --------------------------------------------------------------------------------------------------


def test_an_over_limit_draft_invoice_is_issued_only_after_approval(
    client, customer, assistant, manager, oven, discount_limits
):
    invoice = invoice_free_create(company=customer, actor=assistant)
    invoice_update(invoice=invoice, actor=assistant, customer_reference="PO-77")
    document_line_save(document=invoice, actor=assistant, product=oven, quantity="1", unit_price="600.00")

    invoice = invoice_issue(invoice=invoice, actor=assistant)

    assert invoice.status == InvoiceStatus.DRAFT and invoice.approval_pending and not invoice.number
    with pytest.raises(DomainError, match="wait for a manager"):
        invoice_issue(invoice=invoice, actor=assistant)
    _login(client, manager)
    page = client.get(reverse("desk:approval-list")).content.decode()
    assert invoice.reference in page
    assert "Invoice prices to approve" in client.get(reverse("desk:desk")).content.decode()
    approvals = reverse("desk:approval-list")
    response = client.post(reverse("sales:invoice-action", args=[invoice.pk, "approve"]),
                           {"comment": "Demotoestel", "next": approvals})  # fmt: skip
    assert response.url == approvals
    invoice = invoice_issue(invoice=invoice, actor=assistant)
    assert invoice.status == InvoiceStatus.ISSUED and invoice.number


def test_an_invoice_of_a_confirmed_order_needs_no_second_approval(customer, assistant, manager, oven, discount_limits):
    order = order_confirm(order=_order(customer, assistant, oven, discount_percent="25"), actor=assistant)
    document_approve(document=order, actor=manager)
    order = order_confirm(order=order, actor=assistant)
    from sales.services.deliveries import delivery_create

    delivery_create(order=order, actor=assistant, quantities={line.pk: line.quantity for line in order.lines.all()})
    invoice = invoice_issue(invoice=invoice_draft_for_order(order=order, actor=assistant), actor=assistant)
    assert invoice.status == InvoiceStatus.ISSUED


# --- complaint replacements ------------------------------------------------------------------------------------------


def test_a_free_replacement_is_not_held_but_a_price_typed_on_it_afterwards_is_checked(
    customer, assistant, oven, discount_limits
):
    order = _order(customer, assistant, oven, unit_price="0.00")
    document_prices_cover(document=order, free_only=True)  # what the complaint does: its own flow decided
    assert order_confirm(order=order, actor=assistant).status == OrderStatus.CONFIRMED

    order = _order(customer, assistant, oven, unit_price="0.00")
    document_prices_cover(document=order, free_only=True)
    document_line_save(document=order, actor=assistant, line=order.lines.get(), product=oven, quantity="1",
                       unit_price="500.00")  # fmt: skip
    order = order_confirm(order=order, actor=assistant)
    assert order.status == OrderStatus.DRAFT and order.approval_pending


# --- four eyes -------------------------------------------------------------------------------------------------------


def test_a_manager_cannot_approve_their_own_discount(client, customer, manager, other_manager, oven, discount_limits):
    quote = quote_create(company=customer, actor=manager)
    document_line_save(document=quote, actor=manager, product=oven, quantity="1", discount_percent="40")
    quote_send(quote=quote, actor=manager)  # beyond the manager's own 30 %
    assert quote.status == QuoteStatus.AWAITING_APPROVAL

    with pytest.raises(PermissionDeniedError, match="four eyes"):
        quote_approve(quote=quote, actor=manager)
    _login(client, manager)
    client.post(reverse("sales:quote-action", args=[quote.pk, "approve"]), {"comment": "zelf"})
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.AWAITING_APPROVAL

    quote = quote_approve(quote=quote, actor=other_manager, comment="ok")
    assert quote.status == QuoteStatus.APPROVED and not quote.self_approved


def test_a_single_manager_company_may_self_approve_and_it_is_recorded(
    client, customer, manager, oven, discount_limits, company_settings
):
    CompanySettings.objects.filter(pk=company_settings.pk).update(self_approval_allowed=True)
    quote = quote_create(company=customer, actor=manager)
    document_line_save(document=quote, actor=manager, product=oven, quantity="1", discount_percent="40")
    quote_send(quote=quote, actor=manager)

    quote = quote_approve(quote=quote, actor=manager, comment="Enige manager")

    assert quote.status == QuoteStatus.APPROVED and quote.self_approved
    assert StatusChange.objects.get(object_id=quote.pk, to_status="approved").self_approved
    _login(client, manager)
    assert "self-approved" in client.get(reverse("sales:quote-detail", args=[quote.pk])).content.decode()
    # The switch is on the company settings page.
    assert 'name="self_approval_allowed"' in client.get(reverse("orderdesk:company-settings")).content.decode()


def test_four_eyes_on_orders_credit_lines_and_credit_holds(customer, manager, other_manager, oven, discount_limits):
    from customers.models import CreditStatus
    from customers.services.credit import credit_request_create, credit_request_decide

    order = order_confirm(order=_order(customer, manager, oven, discount_percent="40"), actor=manager)
    with pytest.raises(PermissionDeniedError):
        document_approve(document=order, actor=manager)
    assert document_approve(document=order, actor=other_manager).approved_by == other_manager

    request = credit_request_create(company=customer, requested_limit=D("90000"), reason="Werf", actor=manager)
    with pytest.raises(PermissionDeniedError):
        credit_request_decide(request=request, approve=True, note="", actor=manager)
    assert credit_request_decide(request=request, approve=True, note="", actor=other_manager).status == "approved"

    customer.credit_status, customer.credit_status_reason = CreditStatus.ON_HOLD, "Traag"
    customer.save()
    held = order_confirm(order=_order(customer, manager, oven), actor=manager)
    assert held.status == OrderStatus.ON_HOLD
    with pytest.raises(PermissionDeniedError):
        order_release(order=held, actor=manager, reason="Eigen klant")
    assert order_release(order=held, actor=other_manager, reason="Betaald").status == OrderStatus.CONFIRMED


# --- cost never leaks ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["quote", "order"])
def test_the_line_editor_tells_an_assistant_no_margin_figure(client, customer, assistant, manager, thin, kind,
                                                           discount_limits):  # fmt: skip
    if kind == "quote":
        document = quote_create(company=customer, actor=assistant)
    else:
        document = order_create(company=customer, contact=customer.contacts.get(), actor=assistant)
    document_line_save(document=document, actor=assistant, product=thin, quantity="1")
    url = reverse(f"sales:{kind}-detail", args=[document.pk])

    _login(client, assistant)
    page = client.get(url).content.decode()
    assert "under the minimum margin" in page
    assert "margin would be" not in page and "3 %" not in page and "97,00" not in page

    _login(client, manager)
    page = client.get(url).content.decode()
    assert "margin would be 3 %" in page


def test_the_line_editors_warning_names_the_margin_only_to_a_manager(customer, assistant, manager, thin,
                                                                    discount_limits):  # fmt: skip
    from sales.views.lines import lines_context

    order = _order(customer, assistant, thin)

    assert lines_context(document=order, kind="order", user=assistant)["approval_reasons"] == [
        "THIN-1: Needs a manager's approval: under the minimum margin."
    ]
    assert lines_context(document=order, kind="order", user=manager)["approval_reasons"] == [
        "THIN-1: The margin would be 3 %, below the minimum of 5 %."
    ]


def test_a_quote_waiting_for_approval_shows_an_assistant_no_margin_figure(client, customer, assistant, manager,
                                                                          thin, discount_limits):  # fmt: skip
    quote = quote_create(company=customer, actor=assistant)
    document_line_save(document=quote, actor=assistant, product=thin, quantity="1")
    quote_send(quote=quote, actor=assistant)
    _login(client, assistant)
    page = client.get(reverse("sales:quote-detail", args=[quote.pk])).content.decode()
    assert "under the minimum margin" in page and "3 %" not in page
    _login(client, manager)
    assert "margin would be 3 %" in client.get(reverse("desk:approval-list")).content.decode()


def test_the_catalog_export_has_the_cost_price_only_for_a_manager(client, assistant, manager, thin):
    import csv
    import io

    def thin_row(user) -> dict:
        _login(client, user)
        export = client.get(reverse("sales:product-export")).content.decode().lstrip("\ufeff")
        return next(row for row in csv.DictReader(io.StringIO(export), delimiter=";") if row["sku"] == "THIN-1")

    # By column: a factory's product name ("Product 197") may hold the digits too.
    hidden = thin_row(assistant)
    assert "cost_price" not in hidden and "97,00" not in hidden.values()
    assert thin_row(manager)["cost_price"] == "97,00"


def test_the_dashboard_and_its_exports_are_for_managers_only(client, assistant, accountant, manager):
    for user in (assistant, accountant):
        _login(client, user)
        for export in ("", "csv", "xlsx"):
            assert client.get(reverse("desk:dashboard"), {"format": export} if export else {}).status_code == 403
    _login(client, manager)
    assert "Gross margin" in client.get(reverse("desk:dashboard"), {"format": "csv"}).content.decode()


# --- the outbox ------------------------------------------------------------------------------------------------------


def test_only_managers_read_the_weekly_report_in_the_outbox(client, assistant, accountant, manager, company_settings):
    import datetime

    from desk.services import weekly_report_send

    manager.email = "marc@example.be"
    manager.save()
    assert weekly_report_send(today=datetime.date(2026, 11, 16)) == 1
    mail = OutboxMessage.objects.get(to=["marc@example.be"])
    attachment = mail.attachments.get()
    detail = reverse("orderdesk:outbox-detail", args=[mail.pk])
    download = reverse("orderdesk:outbox-attachment", args=[mail.pk, attachment.pk])

    for user in (assistant, accountant):
        _login(client, user)
        assert mail.subject not in client.get(reverse("orderdesk:outbox-list")).content.decode()
        assert client.get(detail).status_code == 404
        assert client.get(download).status_code == 404
        assert mail.subject not in client.get(reverse("desk:search"), {"q": "Week"}).content.decode()

    _login(client, manager)
    assert mail.subject in client.get(reverse("orderdesk:outbox-list")).content.decode()
    assert client.get(detail).status_code == 200
    assert client.get(download).status_code == 200


def test_a_customers_signed_link_is_read_only_by_who_handles_the_quote(client, customer, assistant, accountant,
                                                                        oven):  # fmt: skip
    quote = quote_create(company=customer, actor=assistant)
    document_line_save(document=quote, actor=assistant, product=oven, quantity="1")
    quote_send(quote=quote, actor=assistant)
    mail = _mails(quote).get()
    assert mail.audience == OutboxMessage.Audience.HANDLERS
    detail = reverse("orderdesk:outbox-detail", args=[mail.pk])

    page = reverse("sales:quote-detail", args=[quote.pk])
    _login(client, accountant)  # reads quotes, does not handle them
    assert client.get(detail).status_code == 404
    assert 'id="customer-link"' not in client.get(page).content.decode()
    _login(client, assistant)
    assert client.get(detail).status_code == 200
    assert 'id="customer-link"' in client.get(page).content.decode()
