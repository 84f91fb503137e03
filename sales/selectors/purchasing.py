"""Reads for purchasing: what to order from suppliers."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from sales.models import IncomingStock, OrderLine, Product
from sales.states import ORDER_OPEN


def backorders_to_purchase() -> dict[str, list[dict]]:
    """Per supplier, the products whose backorders are not covered by goods already on their way."""
    waiting = defaultdict(Decimal)
    for line in OrderLine.objects.filter(order__status__in=ORDER_OPEN, product__is_service=False).select_related(
        "product"
    ):
        if line.quantity_backordered > 0:
            waiting[line.product_id] += line.quantity_backordered
    incoming = dict(
        IncomingStock.objects.filter(product_id__in=waiting, received=False)
        .values_list("product_id")
        .annotate(total=Sum("quantity"))
    )
    per_supplier = defaultdict(list)
    for product in Product.objects.filter(pk__in=waiting).order_by("supplier", "sku"):
        short = waiting[product.pk] - incoming.get(product.pk, 0) - product.available_now
        if short > 0:
            per_supplier[product.supplier or _("(no supplier set)")].append({"product": product, "quantity": short})
    return dict(per_supplier)
