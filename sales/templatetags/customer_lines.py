"""What a customer page says about when a line comes: the availability answer, in the customer's words."""

import datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sales.models import OrderLine, Product
from sales.services.availability import availability_for

register = template.Library()


def _day(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


@register.simple_tag
def quote_line_expected(sku: str, quantity) -> str:
    """For a quote line (by SKU and quantity): available now, the date incoming goods arrive, or the lead time."""
    product = Product.objects.filter(sku=sku).prefetch_related("incoming").first() if sku else None
    if product is None:
        return ""
    try:
        quantity = Decimal(quantity)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    today = timezone.localdate()
    answer = availability_for(product=product, quantity=quantity, today=today)
    if answer.status in ("available", "service"):
        return _("available now") if answer.status == "available" else ""
    if answer.later_on is not None:
        return _("expected on %(date)s") % {"date": _day(answer.later_on)}
    if answer.lead_days is not None:
        return _("about %(days)s days after your order") % {"days": answer.lead_days}
    return _("we will confirm the date")


@register.simple_tag
def order_line_expected(line: OrderLine) -> str:
    """For an order line still to deliver: the backorder's incoming date, or ready to leave (or the date asked)."""
    if line.quantity_open <= 0:
        return _("delivered")
    if line.expected_on is not None:
        return _("expected on %(date)s") % {"date": _day(line.expected_on)}
    requested = line.order.requested_delivery_on
    if requested is not None and requested > timezone.localdate():
        return _("planned on %(date)s") % {"date": _day(requested)}
    if line.is_goods and line.quantity_backordered > 0:
        return _("we will confirm the date")
    return _("ready to leave")
