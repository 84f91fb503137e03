"""Discount authority: what a user may give without a manager. Quotes and orders call `discount_check`."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from orderdesk.exceptions import PermissionDeniedError
from orderdesk.money import quantize
from orderdesk.permissions import VIEW_MANAGER_PAGES, user_role_names
from sales.models import DiscountAuthority, Product


@dataclass
class DiscountCheck:
    allowed: bool
    reasons: list[str] = field(default_factory=list)
    margin_percent: Decimal | None = None
    # The same reasons as data ({"kind": "discount"|"margin", ...}): stored on a quote waiting for approval and
    # put in words in the language of whoever reads them (see discount_reason).
    problems: list[dict] = field(default_factory=list)


def discount_reason(problem: dict) -> str:
    """A reason a manager must approve, in the active language."""
    if problem["kind"] == "discount":
        return _("A discount of %(discount)s %% is above the %(limit)s %% allowed without a manager.") % problem
    return _("The margin would be %(margin)s %%, below the minimum of %(minimum)s %%.") % problem


def _limits_for(user) -> tuple[Decimal, Decimal]:
    """(max discount, min margin) of the user's roles, read once per user object: a quote checks every line."""
    if user.is_superuser:
        return Decimal(100), Decimal(0)
    cached = getattr(user, "_discount_limits", None)
    if cached is None:
        authorities = list(DiscountAuthority.objects.filter(role__in=user_role_names(user)))
        cached = (
            max((a.max_discount_percent for a in authorities), default=Decimal(0)),
            max((a.min_margin_percent for a in authorities), default=Decimal(0)),
        )
        user._discount_limits = cached
    return cached


def discount_check(*, user, product: Product, list_price: Decimal, unit_price: Decimal) -> DiscountCheck:
    """May `user` sell `product` at `unit_price`? If not, the reasons a manager must approve."""
    problems = []
    discount = quantize((list_price - unit_price) / list_price * 100) if list_price else Decimal(0)
    max_discount, min_margin = _limits_for(user)
    if discount > max_discount:
        problems.append({"kind": "discount", "discount": _percent(discount), "limit": _percent(max_discount)})
    margin = None
    if product.cost_price is not None and unit_price > 0:
        margin = quantize((unit_price - product.cost_price) / unit_price * 100)
        if margin < min_margin:
            problems.append({"kind": "margin", "margin": _percent(margin), "minimum": _percent(min_margin)})
    return DiscountCheck(allowed=not problems, reasons=[discount_reason(problem) for problem in problems],
                         margin_percent=margin, problems=problems)  # fmt: skip


def _percent(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


@transaction.atomic
def discount_authority_set(*, role: str, max_discount_percent: Decimal, min_margin_percent: Decimal, actor):
    """A manager sets a role's discount limit and the minimum margin."""
    if not actor.has_perm(VIEW_MANAGER_PAGES):
        raise PermissionDeniedError(_("Only a manager can change discount limits."))
    authority, _created = DiscountAuthority.objects.update_or_create(
        role=role,
        defaults={
            "max_discount_percent": max_discount_percent,
            "min_margin_percent": min_margin_percent,
            "updated_by": actor,
        },
    )
    authority.full_clean()
    return authority
