"""Reads for the catalog screens."""

import datetime

import django_filters
from django import forms
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from sales.models import Category, PriceList, Product, ProductSpec, Promotion


def product_search_filter(query: str) -> Q:
    """SKU, a name in any language, or a specification value ("IP65", "50 l")."""
    specs = ProductSpec.objects.filter(product=OuterRef("pk")).filter(
        Q(value__icontains=query) | Q(key__icontains=query)
    )
    return (
        Q(sku__icontains=query)
        | Q(name_nl__icontains=query)
        | Q(name_fr__icontains=query)
        | Q(name_en__icontains=query)
        | Q(supplier__icontains=query)
        | Q(Exists(specs))
    )


class ProductFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    category = django_filters.ModelChoiceFilter(
        label=_("Category"), queryset=Category.objects.all(), empty_label=_("All categories")
    )
    stock = django_filters.ChoiceFilter(
        label=_("Stock"),
        choices=[("available", _("Available now")), ("missing", _("Not available now"))],
        method="filter_stock",
        empty_label=_("Any stock"),
    )
    inactive = django_filters.BooleanFilter(
        label=_("Show inactive products"), method="filter_inactive", widget=forms.CheckboxInput
    )

    class Meta:
        model = Product
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            is_select = hasattr(field, "choices")
            field.widget.attrs.setdefault(
                "class", "form-select form-select-sm" if is_select else "form-control form-control-sm"
            )

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.cleaned_data.get("inactive"):
            queryset = queryset.filter(is_active=True)
        return queryset

    def filter_search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(product_search_filter(value)) if value else queryset

    def filter_stock(self, queryset, name, value):
        from django.db.models import F

        in_stock = Q(on_hand__gt=F("reserved")) | Q(is_service=True)
        return queryset.filter(in_stock) if value == "available" else queryset.exclude(in_stock)

    def filter_inactive(self, queryset, name, value):
        return queryset


def product_list(*, params) -> ProductFilter:
    queryset = Product.objects.select_related("category").prefetch_related("incoming").order_by("sku")
    return ProductFilter(params, queryset=queryset)


def products_search(*, query: str, limit: int) -> list[Product]:
    products = Product.objects.filter(product_search_filter(query), is_active=True).prefetch_related("incoming")
    return list(products.order_by("sku")[:limit])


def product_page_queryset() -> QuerySet[Product]:
    return Product.objects.select_related("category", "vat_category").prefetch_related(
        "specs", "documents", "quantity_breaks", "substitutes__incoming", "accessories__incoming"
    )


def catalog_quality() -> dict[str, list[Product]]:
    """Gaps in the commercial information, per kind of gap, active products only; and the inactive products that
    open quotes or orders still offer (the customer may accept a product we no longer sell)."""
    from django.db.models import Count

    from sales.models import OrderLine, QuoteLine
    from sales.states import ORDER_OPEN, QuoteStatus

    open_quotes = [QuoteStatus.DRAFT, QuoteStatus.AWAITING_APPROVAL, QuoteStatus.APPROVED, QuoteStatus.SENT,
                   QuoteStatus.ACCEPTED]  # fmt: skip
    offered = QuoteLine.objects.filter(product=OuterRef("pk"), quote__status__in=open_quotes)
    ordered = OrderLine.objects.filter(product=OuterRef("pk"), order__status__in=[*ORDER_OPEN, "draft", "on_hold"])
    inactive_offered = list(
        Product.objects.filter(is_active=False).filter(Exists(offered) | Exists(ordered)).select_related("category")
    )

    products = list(
        Product.objects.filter(is_active=True)
        .annotate(spec_count=Count("specs", distinct=True), document_count=Count("documents", distinct=True))
        .select_related("category")
        .order_by("sku")
    )
    languages = ("fr", "en")
    return {
        "translation": [
            p
            for p in products
            if any(
                not getattr(p, f"name_{lang}") or (p.description_nl and not getattr(p, f"description_{lang}"))
                for lang in languages
            )
        ],  # fmt: skip
        "specs": [p for p in products if not p.spec_count and not p.is_service],
        "price": [p for p in products if p.list_price is None],
        "warranty": [p for p in products if p.warranty_months is None and not p.is_service],
        "document": [p for p in products if not p.document_count and not p.is_service],
        "inactive_offered": inactive_offered,
    }


def price_lists_overview() -> QuerySet[PriceList]:
    """The price lists, each with how many products (`item_count`) and customers (`company_count`) it has."""
    return PriceList.objects.annotate(
        item_count=Count("items", distinct=True), company_count=Count("companies", distinct=True)
    )


def promotions_not_ended(*, today: datetime.date) -> QuerySet[Promotion]:
    """Running and coming promotions."""
    return Promotion.objects.select_related("product", "category").filter(ends_on__gte=today)
