"""Reads for the document screens: lists with filters, a document's lines with their stock answer, queues."""

import datetime
from dataclasses import dataclass, field

import django_filters
from django import forms
from django.db.models import Case, ExpressionWrapper, F, Q, QuerySet, Sum, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orderdesk.money import ZERO, MoneyField
from sales.models import DeliveryNote, Invoice, Order, PriceRequest, Quote, SupplierOrder
from sales.services.availability import Availability, availability_for
from sales.services.totals import Totals, document_totals
from sales.states import INVOICE_OPEN, ORDER_OPEN, InvoiceStatus, OrderStatus, PriceRequestStatus, QuoteStatus

EXPIRING_DAYS = 7
UNANSWERED_DAYS = 7


class _SmallWidgets:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form_field in self.form.fields.values():
            is_select = hasattr(form_field, "choices")
            form_field.widget.attrs.setdefault(
                "class", "form-select form-select-sm" if is_select else "form-control form-control-sm"
            )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class OverdueWidget(forms.CheckboxInput):
    """A checkbox for a BooleanFilter: ticked means "only overdue", unticked means no filter."""

    def value_from_datadict(self, data, files, name):
        return True if data.get(name) in ("on", "true", "1") else None


class DocumentFilter(_SmallWidgets, django_filters.FilterSet):
    """Search by number, customer or customer reference; filter by status."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_search")

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        match = Q(number__icontains=value) | Q(company__name__icontains=value)
        if hasattr(queryset.model, "customer_reference"):
            match |= Q(customer_reference__icontains=value)
        return queryset.filter(match)


class QuoteFilter(DocumentFilter):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=QuoteStatus.choices, empty_label=_("Any status"))
    follow_up = django_filters.ChoiceFilter(
        label=_("Follow-up"),
        choices=[("expiring", _("Expiring within a week")), ("unanswered", _("Sent a week ago, no answer"))],
        method="filter_follow_up",
        empty_label=_("All"),
    )

    class Meta:
        model = Quote
        fields = []

    def filter_follow_up(self, queryset, name, value):
        today = timezone.localdate()
        wanted = quotes_expiring(today=today) if value == "expiring" else quotes_unanswered(today=today)
        return queryset.filter(pk__in=wanted.values("pk"))


class OrderFilter(DocumentFilter):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=OrderStatus.choices, empty_label=_("Any status"))

    class Meta:
        model = Order
        fields = []


class InvoiceFilter(DocumentFilter):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Invoice.Kind.choices, empty_label=_("Invoices and credit notes")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=InvoiceStatus.choices, empty_label=_("Any status"))
    issued_from = django_filters.DateFilter(
        label=_("Issued from"), field_name="issue_date", lookup_expr="gte", widget=DateInput()
    )
    issued_to = django_filters.DateFilter(
        label=_("Issued until"), field_name="issue_date", lookup_expr="lte", widget=DateInput()
    )
    company = django_filters.NumberFilter(field_name="company", widget=forms.HiddenInput())
    overdue = django_filters.BooleanFilter(label=_("Overdue only"), method="filter_overdue", widget=OverdueWidget())

    class Meta:
        model = Invoice
        fields = []

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(kind=Invoice.Kind.INVOICE, status__in=INVOICE_OPEN, due_date__lt=timezone.localdate())


def invoice_list(*, params, company_id: int | None = None) -> InvoiceFilter:
    queryset = Invoice.objects.select_related("company").order_by(
        F("issue_date").desc(nulls_first=True), "-number", "-pk"
    )
    if company_id:
        queryset = queryset.filter(company_id=company_id)
    return InvoiceFilter(params, queryset=queryset)


def invoice_list_totals(queryset) -> dict:
    """Sums of what is filtered, in one query: credit notes count against the invoices."""
    sums = queryset.aggregate(
        invoiced=Sum("total", filter=Q(kind=Invoice.Kind.INVOICE)),
        credited=Sum("total", filter=Q(kind=Invoice.Kind.CREDIT_NOTE)),
        net=Sum(
            Case(
                When(kind=Invoice.Kind.CREDIT_NOTE, then=ExpressionWrapper(-F("net_total"), output_field=MoneyField())),
                default=F("net_total"),
                output_field=MoneyField(),
            ),
        ),
        open=Sum(
            ExpressionWrapper(F("total") - F("amount_credited") - F("amount_paid"), output_field=MoneyField()),
            filter=Q(kind=Invoice.Kind.INVOICE, status__in=INVOICE_OPEN),
        ),
    )
    return {name: value or ZERO for name, value in sums.items()}


def quote_list(*, params) -> QuoteFilter:
    queryset = Quote.objects.select_related("company", "owner").order_by("-created_at", "-pk")
    return QuoteFilter(params, queryset=queryset)


def order_list(*, params) -> OrderFilter:
    queryset = Order.objects.select_related("company", "owner").order_by("-created_at", "-pk")
    return OrderFilter(params, queryset=queryset)


def price_requests_open() -> QuerySet[PriceRequest]:
    return PriceRequest.objects.filter(status=PriceRequestStatus.OPEN).select_related("company", "contact")


def delivery_list() -> QuerySet[DeliveryNote]:
    return DeliveryNote.objects.select_related("order__company").order_by("-shipped_on", "-pk")


def supplier_order_list() -> QuerySet[SupplierOrder]:
    return SupplierOrder.objects.order_by("-created_at", "-pk")


@dataclass
class LineRow:
    line: object
    availability: Availability | None = None
    substitutes: list = field(default_factory=list)


@dataclass
class DocumentLines:
    rows: list[LineRow]
    totals: Totals
    accessories: list = field(default_factory=list)


def document_lines(*, document, today: datetime.date) -> DocumentLines:
    """The lines as the editor shows them: per product line the availability answer and, when it is short,
    the substitutes in stock; and the accessories of the products not on the document yet."""
    lines = list(
        document.lines.select_related("product").prefetch_related(
            "product__incoming", "product__substitutes__incoming", "product__accessories__incoming"
        )
    )
    rows, accessories, on_document = [], {}, {line.product_id for line in lines}
    # An invoice bills what was delivered: stock, substitutes and accessories are no longer the question.
    selling = not isinstance(document, Invoice)
    for line in lines:
        row = LineRow(line)
        product = line.product if selling else None
        open_quantity = getattr(line, "quantity_open", line.quantity)
        if product is not None and not product.is_service and open_quantity > 0:
            row.availability = availability_for(product=product, quantity=open_quantity, today=today)
            if row.availability.quantity_later:
                row.substitutes = [
                    (substitute, availability_for(product=substitute, quantity=open_quantity, today=today))
                    for substitute in product.substitutes.all()
                    if substitute.is_active
                ]
        if product is not None:
            for accessory in product.accessories.all():
                if accessory.is_active and accessory.pk not in on_document:
                    accessories[accessory.pk] = accessory
        rows.append(row)
    totals = document_totals(lines=lines, discount_percent=document.discount_percent)
    return DocumentLines(rows=rows, totals=totals, accessories=list(accessories.values()))


def quotes_awaiting_approval() -> QuerySet[Quote]:
    return Quote.objects.filter(status=QuoteStatus.AWAITING_APPROVAL).select_related("company", "owner")


def orders_on_hold() -> QuerySet[Order]:
    return Order.objects.filter(status=OrderStatus.ON_HOLD).select_related("company", "owner")


def quotes_expiring(*, today: datetime.date) -> QuerySet[Quote]:
    return Quote.objects.filter(
        status=QuoteStatus.SENT, valid_until__gte=today, valid_until__lte=today + datetime.timedelta(EXPIRING_DAYS)
    )


def quotes_unanswered(*, today: datetime.date) -> QuerySet[Quote]:
    cutoff = today - datetime.timedelta(days=UNANSWERED_DAYS)
    return Quote.objects.filter(status=QuoteStatus.SENT, sent_at__date__lte=cutoff)


def orders_to_deliver() -> QuerySet[Order]:
    """Open orders with something reserved or a service to do: the goods can leave."""
    return (
        Order.objects.filter(status__in=ORDER_OPEN)
        .filter(Q(lines__quantity_reserved__gt=0) | Q(lines__product__is_service=True))
        .distinct()
    )


def desk_sales_queues(*, user, today: datetime.date) -> list[dict]:
    """My desk's cards for quotes and orders: what to approve, send, chase, convert, deliver and purchase."""
    from django.urls import reverse

    quotes, orders = reverse("sales:quote-list"), reverse("sales:order-list")
    cards = []
    if user.has_perm("sales.approve_quote"):
        cards += [
            (_("Discounts to approve"), quotes_awaiting_approval().count(), reverse("sales:approval-list"), True),
            (_("Orders held for credit"), orders_on_hold().count(), reverse("sales:approval-list"), True),
        ]
    if user.has_perm("sales.change_quote"):
        mine = Quote.objects.filter(owner=user)
        cards += [
            (_("Open price requests"), price_requests_open().count(), quotes, False),
            (_("My quotes waiting for a manager"), mine.filter(status=QuoteStatus.AWAITING_APPROVAL).count(),
             f"{quotes}?status=awaiting_approval", False),
            (_("Approved quotes to send"), mine.filter(status=QuoteStatus.APPROVED).count(),
             f"{quotes}?status=approved", False),
            (_("Quotes expiring within a week"), quotes_expiring(today=today).filter(owner=user).count(),
             f"{quotes}?follow_up=expiring", False),
            (_("Sent quotes without an answer"), quotes_unanswered(today=today).filter(owner=user).count(),
             f"{quotes}?follow_up=unanswered", False),
            (_("Accepted quotes to turn into orders"), mine.filter(status=QuoteStatus.ACCEPTED).count(),
             f"{quotes}?status=accepted", True),
        ]  # fmt: skip
    if user.has_perm("sales.change_order"):
        drafts = Order.objects.filter(owner=user, status=OrderStatus.DRAFT).count()
        cards.append((_("My draft orders to confirm"), drafts, f"{orders}?status=draft", False))
    if user.has_perm("sales.add_deliverynote"):
        cards.append((_("Orders ready to deliver"), orders_to_deliver().count(), f"{orders}?status=confirmed", False))
    if user.has_perm("sales.add_supplierorder"):
        from sales.services.deliveries import backorders_to_purchase

        short = sum(len(items) for items in backorders_to_purchase().values())
        cards.append((_("Backordered products to purchase"), short, reverse("sales:supplier-order-list"), False))
    if user.has_perm("sales.add_invoice"):
        from sales.services.invoicing import deliveries_to_invoice, invoices_overdue

        invoices = reverse("sales:invoice-list")
        cards += [
            (_("Delivery notes to invoice"), deliveries_to_invoice().count(), f"{invoices}#to-invoice", False),
            (_("Draft invoices to issue"), Invoice.objects.filter(status=InvoiceStatus.DRAFT).count(),
             f"{invoices}?status=draft", False),
            (_("Overdue invoices"), invoices_overdue(today).count(), f"{invoices}?overdue=on", True),
        ]  # fmt: skip
    return [{"label": label, "count": count, "url": url, "alert": alert} for label, count, url, alert in cards if count]
