"""Reads for the document screens: lists with filters, a document's lines with their stock answer, queues."""

import datetime
from dataclasses import dataclass, field

import django_filters
from django import forms
from django.db.models import Case, ExpressionWrapper, F, Q, QuerySet, Sum, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orderdesk.money import ZERO, MoneyField
from orderdesk.params import IdFilter
from orderdesk.queues import DeskQueue, desk_queue, due, short_date, since, titled
from sales.models import DeliveryNote, Invoice, Order, OrderLine, PriceRequest, Quote, SupplierOrder
from sales.selectors.receivables import BUCKETS as AGE_BUCKETS
from sales.selectors.receivables import invoices_in_age_bucket
from sales.services.availability import Availability, availability_for
from sales.services.totals import Totals, document_totals
from sales.states import (
    INVOICE_OPEN,
    ORDER_OPEN,
    ORDER_STAGES,
    QUOTE_STAGES,
    InvoiceStatus,
    OrderStatus,
    PriceRequestStatus,
    QuoteStatus,
)

EXPIRING_DAYS = 7
UNANSWERED_DAYS = 10


class _SmallWidgets:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form_field in self.form.fields.values():
            if isinstance(form_field.widget, forms.CheckboxInput):
                css = "form-check-input"
            elif hasattr(form_field, "choices"):
                css = "form-select form-select-sm"
            else:
                css = "form-control form-control-sm"
            form_field.widget.attrs.setdefault("class", css)


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


def _by_category(queryset, name, value):
    """Documents with at least one line of the product category (a subquery keeps the rows unique)."""
    if not value:
        return queryset
    lines = queryset.model.lines.rel.related_model.objects.filter(product__category_id=value)
    return queryset.filter(pk__in=lines.values(queryset.model.lines.field.name))


class CustomerScopeFilter(DocumentFilter):
    """The dashboard's scopes, carried into the list behind a figure: the customer's account owner, a customer
    group, a product category. Hidden: the list says it is filtered and offers to show everything."""

    account_owner = IdFilter(label=_("Account owner"), field_name="company__owner", widget=forms.HiddenInput())
    group = IdFilter(label=_("Customer group"), field_name="company__tags", widget=forms.HiddenInput())
    category = IdFilter(label=_("Product category"), method=_by_category, widget=forms.HiddenInput())


def _handled_by(request=None):
    from orderdesk.models import User

    return User.objects.filter(is_active=True).order_by("first_name", "username")


class QuoteFilter(CustomerScopeFilter):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=QuoteStatus.choices, empty_label=_("Any status"))
    follow_up = django_filters.ChoiceFilter(
        label=_("Follow-up"),
        choices=[
            ("expiring", _("Expiring within a week")),
            ("unanswered", _("Sent 10 days ago, no answer")),
            ("answered", _("Answered by the customer in the last 7 days")),
        ],
        method="filter_follow_up",
        empty_label=_("All"),
    )
    owner = django_filters.ModelChoiceFilter(label=_("Handled by"), queryset=_handled_by, empty_label=_("Everyone"))
    sent_from = django_filters.DateFilter(
        label=_("Sent from"), field_name="sent_at__date", lookup_expr="gte", widget=forms.HiddenInput()
    )
    sent_to = django_filters.DateFilter(
        label=_("Sent until"), field_name="sent_at__date", lookup_expr="lte", widget=forms.HiddenInput()
    )
    stage = django_filters.ChoiceFilter(
        label=_("Stage"),
        choices=[("open", _("Open, drafts included")), ("pipeline", _("Waiting for a manager or the customer")),
                 ("won", _("Accepted or ordered")), ("lost", _("Declined or expired"))],
        method="filter_stage", widget=forms.HiddenInput(),
    )  # fmt: skip

    class Meta:
        model = Quote
        fields = []

    def filter_follow_up(self, queryset, name, value):
        """The desk's queues, oldest first: the quote that expires first, the one sent longest ago."""
        today = timezone.localdate()
        if value == "expiring":
            return queryset.filter(pk__in=quotes_expiring(today=today).values("pk")).order_by("valid_until", "pk")
        if value == "answered":  # the newest answer first, as on the desk
            return queryset.filter(pk__in=quotes_answered_recently().values("pk")).order_by("-answered_at", "-pk")
        return queryset.filter(pk__in=quotes_unanswered(today=today).values("pk")).order_by("sent_at", "pk")

    def filter_stage(self, queryset, name, value):
        return queryset.filter(status__in=QUOTE_STAGES[value]) if value in QUOTE_STAGES else queryset


class OrderFilter(CustomerScopeFilter):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=OrderStatus.choices, empty_label=_("Any status"))
    to_do = django_filters.ChoiceFilter(
        label=_("To do"),
        choices=[("deliver_today", _("To deliver today")), ("backorders_available", _("Backorders now available"))],
        method="filter_to_do",
        empty_label=_("All"),
    )
    owner = django_filters.ModelChoiceFilter(label=_("Handled by"), queryset=_handled_by, empty_label=_("Everyone"))
    confirmed_from = django_filters.DateFilter(
        label=_("Confirmed from"), field_name="confirmed_at__date", lookup_expr="gte", widget=forms.HiddenInput()
    )
    confirmed_to = django_filters.DateFilter(
        label=_("Confirmed until"), field_name="confirmed_at__date", lookup_expr="lte", widget=forms.HiddenInput()
    )
    stage = django_filters.ChoiceFilter(
        label=_("Stage"),
        choices=[("open", _("Open, drafts included")), ("booked", _("Confirmed, not cancelled"))],
        method="filter_stage", widget=forms.HiddenInput(),
    )  # fmt: skip

    class Meta:
        model = Order
        fields = []

    def filter_to_do(self, queryset, name, value):
        """The desk's queues, the order confirmed longest ago first."""
        today = timezone.localdate()
        wanted = orders_to_deliver_today(today=today) if value == "deliver_today" else orders_backorders_available()
        return queryset.filter(pk__in=wanted.values("pk")).order_by("confirmed_at", "pk")

    def filter_stage(self, queryset, name, value):
        return queryset.filter(status__in=ORDER_STAGES[value]) if value in ORDER_STAGES else queryset


class InvoiceFilter(CustomerScopeFilter):
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
    company = IdFilter(field_name="company", widget=forms.HiddenInput())
    overdue = django_filters.BooleanFilter(label=_("Overdue only"), method="filter_overdue", widget=OverdueWidget())
    handed_over = django_filters.BooleanFilter(
        label=_("Handed over"), method="filter_handed_over", widget=forms.HiddenInput()
    )
    reminder_level = IdFilter(label=_("Reminder level"), method="filter_reminder_level", widget=forms.HiddenInput())
    reminded_from = django_filters.DateFilter(label=_("Reminded from"), method="keep", widget=forms.HiddenInput())
    reminded_to = django_filters.DateFilter(label=_("Reminded until"), method="keep", widget=forms.HiddenInput())
    # One age bucket of the open receivables (the dashboard's ageing links); an unknown bucket is ignored.
    age = django_filters.ChoiceFilter(
        label=_("Open, in one age bucket"), choices=AGE_BUCKETS, method="filter_age", widget=forms.HiddenInput()
    )

    class Meta:
        model = Invoice
        fields = []

    def keep(self, queryset, name, value):
        """A parameter another filter reads."""
        return queryset

    def filter_handed_over(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(status__in=INVOICE_OPEN).exclude(handed_over_to="")

    def filter_reminder_level(self, queryset, name, value):
        """Invoices that got the reminder of this level, sent within the reminded_from–reminded_to period."""
        from sales.models import Reminder

        sent = Reminder.objects.filter(status=Reminder.Status.SENT, level__rank=value)
        if self.form.cleaned_data.get("reminded_from"):
            sent = sent.filter(sent_on__gte=self.form.cleaned_data["reminded_from"])
        if self.form.cleaned_data.get("reminded_to"):
            sent = sent.filter(sent_on__lte=self.form.cleaned_data["reminded_to"])
        return queryset.filter(pk__in=sent.values("invoice_id"))

    def filter_age(self, queryset, name, value):
        return invoices_in_age_bucket(queryset, bucket=value, today=timezone.localdate())

    def filter_overdue(self, queryset, name, value):
        """Overdue invoices, the one due longest ago first."""
        if not value:
            return queryset
        return queryset.filter(
            kind=Invoice.Kind.INVOICE, status__in=INVOICE_OPEN, due_date__lt=timezone.localdate()
        ).order_by("due_date", "pk")


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
    """Oldest first: the customer who asked first waits longest."""
    return (
        PriceRequest.objects.filter(status=PriceRequestStatus.OPEN)
        .select_related("company", "contact")
        .order_by("created_at", "pk")
    )


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
    totals = document_totals(lines=lines, discount_percent=document.discount_percent, regime=_totals_regime(document))
    return DocumentLines(rows=rows, totals=totals, accessories=list(accessories.values()))


def _totals_regime(document) -> str:
    """An invoice is totalled per VAT category and rate under its regime (as issued); a quote or an order per rate."""
    if isinstance(document, Invoice):
        return document.vat_regime or document.company.vat_regime
    return ""


def quotes_awaiting_approval() -> QuerySet[Quote]:
    return Quote.objects.filter(status=QuoteStatus.AWAITING_APPROVAL).select_related("company", "owner")


def orders_awaiting_approval() -> QuerySet[Order]:
    """Draft orders whose prices wait for a manager before they can be confirmed."""
    return Order.objects.filter(status=OrderStatus.DRAFT, approval_pending=True).select_related(
        "company", "owner", "approval_requested_by"
    )


def invoices_awaiting_approval() -> QuerySet[Invoice]:
    """Draft invoices whose prices wait for a manager before they can be issued."""
    return Invoice.objects.filter(status=InvoiceStatus.DRAFT, approval_pending=True).select_related(
        "company", "approval_requested_by"
    )


def orders_on_hold() -> QuerySet[Order]:
    return Order.objects.filter(status=OrderStatus.ON_HOLD).select_related("company", "owner")


def quotes_expiring(*, today: datetime.date) -> QuerySet[Quote]:
    return Quote.objects.filter(
        status=QuoteStatus.SENT, valid_until__gte=today, valid_until__lte=today + datetime.timedelta(EXPIRING_DAYS)
    )


def quotes_unanswered(*, today: datetime.date) -> QuerySet[Quote]:
    cutoff = today - datetime.timedelta(days=UNANSWERED_DAYS)
    return Quote.objects.filter(status=QuoteStatus.SENT, sent_at__date__lte=cutoff)


ANSWERED_DAYS = 7


def quotes_answered_recently() -> QuerySet[Quote]:
    """Quotes the customer accepted or declined (on the link, the portal, or as recorded) in the last days, so the
    owner sees the answer on the desk at once."""
    since_ = timezone.now() - datetime.timedelta(days=ANSWERED_DAYS)
    return Quote.objects.filter(
        status__in=[QuoteStatus.ACCEPTED, QuoteStatus.DECLINED, QuoteStatus.ORDERED], answered_at__gte=since_
    )


def orders_to_deliver_today(*, today: datetime.date) -> QuerySet[Order]:
    """Open orders with something reserved or a service to do, and no later delivery date asked: the goods can
    leave today."""
    ready = OrderLine.objects.filter(Q(quantity_reserved__gt=0) | Q(product__is_service=True))
    return Order.objects.filter(status__in=ORDER_OPEN, pk__in=ready.values("order_id")).filter(
        Q(requested_delivery_on=None) | Q(requested_delivery_on__lte=today)
    )


def orders_backorders_available() -> QuerySet[Order]:
    """Open orders whose backordered goods have arrived and wait, reserved, to be delivered."""
    served = OrderLine.objects.filter(backorder_served_at__isnull=False, quantity_reserved__gt=0)
    return Order.objects.filter(status__in=ORDER_OPEN, pk__in=served.values("order_id"))


def desk_sales_queues(*, user, today: datetime.date) -> list[DeskQueue]:
    """My desk's cards for quotes and orders: what to approve, send, chase, convert, deliver and purchase; each
    with the item that waits longest."""
    from django.urls import reverse

    quotes, orders = reverse("sales:quote-list"), reverse("sales:order-list")
    mine = f"owner={user.pk}"

    def quote(field: str, note=since):
        return lambda q: (titled(q.reference, q.company.name), reverse("sales:quote-detail", args=[q.pk]),
                          note(getattr(q, field)))  # fmt: skip

    def order(field: str, note=since):
        return lambda o: (titled(o.reference, o.company.name), reverse("sales:order-detail", args=[o.pk]),
                          note(getattr(o, field)))  # fmt: skip

    def until(day):
        return _("valid until %(date)s") % {"date": short_date(day)}

    def answer(q):
        declined = q.status == QuoteStatus.DECLINED
        return (titled(q.reference, q.company.name), reverse("sales:quote-detail", args=[q.pk]),
                short_date(q.answered_at), _("declined") if declined else _("accepted"),
                "danger" if declined else "success")  # fmt: skip

    cards = []
    if user.has_perm("sales.approve_quote"):
        approvals = reverse("desk:approval-list")
        cards += [
            desk_queue(_("Discounts to approve"), quotes_awaiting_approval(), url=approvals,
                       oldest_first=("updated_at", "pk"), describe=quote("updated_at"), alert=True),
            desk_queue(_("Orders held for credit"), orders_on_hold(), url=approvals,
                       oldest_first=("updated_at", "pk"), describe=order("updated_at"), alert=True),
            desk_queue(_("Order prices to approve"), orders_awaiting_approval(), url=approvals,
                       oldest_first=("updated_at", "pk"), describe=order("updated_at"), alert=True),
            desk_queue(_("Invoice prices to approve"), invoices_awaiting_approval(), url=approvals,
                       oldest_first=("updated_at", "pk"),
                       describe=lambda i: (titled(i.reference, i.company.name),
                                           reverse("sales:invoice-detail", args=[i.pk]), since(i.updated_at)),
                       alert=True),
        ]  # fmt: skip
    if user.has_perm("sales.change_quote"):
        my_quotes = Quote.objects.filter(owner=user).select_related("company")
        cards += [
            desk_queue(_("Open price requests"), price_requests_open(), url=quotes + "#price-requests",
                       oldest_first=("created_at", "pk"),
                       describe=lambda r: (r.company.name, f"{quotes}#price-request-{r.pk}", since(r.created_at))),
            desk_queue(_("My quotes waiting for a manager"), my_quotes.filter(status=QuoteStatus.AWAITING_APPROVAL),
                       url=f"{quotes}?status=awaiting_approval&{mine}", oldest_first=("updated_at", "pk"),
                       describe=quote("updated_at")),
            desk_queue(_("Approved quotes to send"), my_quotes.filter(status=QuoteStatus.APPROVED),
                       url=f"{quotes}?status=approved&{mine}", oldest_first=("updated_at", "pk"),
                       describe=quote("updated_at")),
            desk_queue(_("Customer answers"), quotes_answered_recently().filter(owner=user).select_related("company"),
                       url=f"{quotes}?follow_up=answered&{mine}", oldest_first=("-answered_at", "-pk"),
                       describe=answer),
            desk_queue(_("Quotes expiring within a week"),
                       quotes_expiring(today=today).filter(owner=user).select_related("company"),
                       url=f"{quotes}?follow_up=expiring&{mine}", oldest_first=("valid_until", "pk"),
                       describe=quote("valid_until", until)),
            desk_queue(_("Sent quotes without an answer for 10 days"),
                       quotes_unanswered(today=today).filter(owner=user).select_related("company"),
                       url=f"{quotes}?follow_up=unanswered&{mine}", oldest_first=("sent_at", "pk"),
                       describe=quote("sent_at")),
            desk_queue(_("Accepted quotes to turn into orders"), my_quotes.filter(status=QuoteStatus.ACCEPTED),
                       url=f"{quotes}?status=accepted&{mine}", oldest_first=("answered_at", "pk"),
                       describe=quote("answered_at"), alert=True),
        ]  # fmt: skip
    if user.has_perm("sales.change_order") and not user.has_perm("sales.approve_quote"):
        cards.append(desk_queue(_("My orders held for credit"), orders_on_hold().filter(owner=user),
                                url=f"{orders}?status=on_hold&{mine}", oldest_first=("updated_at", "pk"),
                                describe=order("updated_at"), alert=True))  # fmt: skip
    if user.has_perm("sales.change_order"):
        drafts = Order.objects.filter(owner=user, status=OrderStatus.DRAFT).select_related("company")
        cards.append(desk_queue(_("My draft orders to confirm"), drafts, url=f"{orders}?status=draft&{mine}",
                                oldest_first=("created_at", "pk"), describe=order("created_at")))  # fmt: skip
    if user.has_perm("sales.add_deliverynote"):
        cards += [
            desk_queue(_("Orders to deliver today"), orders_to_deliver_today(today=today).select_related("company"),
                       url=f"{orders}?to_do=deliver_today", oldest_first=("confirmed_at", "pk"),
                       describe=order("confirmed_at")),
            desk_queue(_("Backorders now available"), orders_backorders_available().select_related("company"),
                       url=f"{orders}?to_do=backorders_available", oldest_first=("confirmed_at", "pk"),
                       describe=order("confirmed_at"), alert=True),
        ]  # fmt: skip
    if user.has_perm("sales.add_supplierorder"):
        from sales.selectors.purchasing import backorders_to_purchase

        short = sum(len(items) for items in backorders_to_purchase().values())
        if short:
            cards.append(DeskQueue(_("Backordered products to purchase"), short, reverse("sales:supplier-order-list")))
    if user.has_perm("sales.add_invoice"):
        from sales.selectors.invoices import (
            deliveries_to_invoice,
            invoices_overdue,
            invoicing_deadline,
            invoicing_deadline_near,
        )

        invoices = reverse("sales:invoice-list")

        def invoice(field: str, note):
            return lambda i: (titled(i.number or i.reference, i.company.name),
                              reverse("sales:invoice-detail", args=[i.pk]), note(getattr(i, field)))  # fmt: skip

        cards += [
            # The oldest delivery has the nearest legal deadline: the card turns red 5 days before it.
            desk_queue(_("Delivery notes to invoice"), deliveries_to_invoice(), url=f"{invoices}#to-invoice",
                       oldest_first=("shipped_on", "pk"),
                       describe=lambda d: (titled(d.number, d.order.company.name),
                                           reverse("sales:delivery-detail", args=[d.pk]),
                                           _("invoice by %(date)s") % {
                                               "date": short_date(invoicing_deadline(d.shipped_on))}),
                       alert=lambda d: invoicing_deadline_near(d.shipped_on, today=today)),
            desk_queue(_("Draft invoices to issue"),
                       Invoice.objects.filter(status=InvoiceStatus.DRAFT).select_related("company"),
                       url=f"{invoices}?status=draft", oldest_first=("created_at", "pk"),
                       describe=invoice("created_at", since)),
            desk_queue(_("Overdue invoices"), invoices_overdue(today).select_related("company"),
                       url=f"{invoices}?overdue=on", oldest_first=("due_date", "pk"),
                       describe=invoice("due_date", due), alert=True),
        ]  # fmt: skip
    if user.has_perm("sales.add_payment"):
        to_refund = Invoice.objects.filter(kind=Invoice.Kind.CREDIT_NOTE, status__in=INVOICE_OPEN)
        cards.append(desk_queue(
            _("Credit notes to refund"), to_refund.select_related("company"),
            url=reverse("sales:invoice-list") + "?kind=credit_note&status=issued", oldest_first=("issue_date", "pk"),
            describe=lambda note: (titled(note.number, note.company.name),
                                   reverse("sales:invoice-detail", args=[note.pk]), since(note.issue_date)),
        ))  # fmt: skip
    return [card for card in cards if card]
