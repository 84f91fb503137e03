"""The one availability answer, used on the phone, in quotes and in orders."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sales.models import Product


@dataclass(frozen=True)
class Availability:
    status: str  # "available", "partial", "incoming", "to_order", "service"
    quantity_now: Decimal  # of the requested quantity, what can leave now
    quantity_later: Decimal  # the rest
    later_on: datetime.date | None  # when the rest is expected (incoming), or None
    lead_days: int | None  # when the rest must be ordered from the supplier
    message: str


def _number(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}".replace(".", ",")


def availability_for(*, product: Product, quantity: Decimal = Decimal(1), today: datetime.date) -> Availability:
    """How much of `quantity` is available now, and when the rest comes (incoming stock first, then the
    supplier's lead time)."""
    quantity = Decimal(quantity)
    if product.is_service:
        return Availability("service", quantity, Decimal(0), None, None, _("service: planned on request"))
    now = min(product.available_now, quantity)
    missing = quantity - now
    if missing <= 0:
        return Availability("available", quantity, Decimal(0), None, None, _("available now"))
    # Incoming goods cover what is still missing, in order of arrival; reservations already took their share
    # from the stock on hand.
    covered, arrives = Decimal(0), None
    # .all() so a list page's prefetch serves every row without a query each.
    expected = sorted(
        (i for i in product.incoming.all() if not i.received and i.expected_on >= today),
        key=lambda i: (i.expected_on, i.pk),
    )
    for incoming in expected:
        covered += incoming.quantity
        arrives = incoming.expected_on
        if covered >= missing:
            break
    parts = []
    if now:
        parts.append(_("%(quantity)s available now") % {"quantity": _number(now)})
    if arrives is not None and covered >= missing:
        when = date_format(arrives, "SHORT_DATE_FORMAT")
        if now:
            parts.append(_("%(quantity)s on %(date)s (incoming)") % {"quantity": _number(missing), "date": when})
        else:
            parts.append(_("available on %(date)s (incoming)") % {"date": when})
        status = "partial" if now else "incoming"
        return Availability(status, now, missing, arrives, None, ", ".join(parts))
    lead = product.supplier_lead_days
    if lead is None:
        parts.append(
            _("the rest must be ordered; ask purchasing for a date")
            if now
            else _("to be ordered; ask purchasing for a date")
        )
    elif now:
        parts.append(
            _("%(quantity)s to be ordered: about %(days)s days") % {"quantity": _number(missing), "days": lead}
        )
    else:
        parts.append(_("to be ordered: about %(days)s days") % {"days": lead})
    return Availability("partial" if now else "to_order", now, missing, None, lead, ", ".join(parts))
