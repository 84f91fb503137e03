"""Discount authority: what a user may give without a manager. Quotes and orders call `discount_check`.

The limit measures the discount the user gives on top of the price the customer is entitled to (contract price
list, promotion, quantity break: `price_for`, the same answer the user sees), not the distance to the list price:
a promotion or a contract price is no discount of the user's. A price at or above the entitled price needs no
approval. The margin rule is unchanged."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orderdesk.auditing import audit_actor
from orderdesk.exceptions import DomainError, PermissionDeniedError
from orderdesk.money import quantize
from orderdesk.permissions import VIEW_MANAGER_PAGES, user_role_names
from sales.models import DiscountAuthority, Product
from sales.services.pricing import price_for
from sales.services.totals import effective_unit_price


@dataclass
class DiscountCheck:
    allowed: bool
    reasons: list[str] = field(default_factory=list)
    margin_percent: Decimal | None = None
    # The same reasons as data ({"kind": "discount"|"margin", ...}): stored on a quote waiting for approval and
    # put in words in the language of whoever reads them (see discount_reason).
    problems: list[dict] = field(default_factory=list)


def discount_reason(problem: dict, *, show_cost: bool = True) -> str:
    """A reason a manager must approve, in the active language. Without `show_cost` (a reader who may not see
    cost prices) a margin problem is named without a number: the cost price could be worked out from it."""
    if problem["kind"] == "discount":
        if problem.get("below_list") not in (None, problem["discount"]):
            return (
                _(
                    "A discount of %(discount)s %% on top of the customer's price (%(below_list)s %% below list) is "
                    "above the %(limit)s %% allowed without a manager."
                )
                % problem
            )
        return _("A discount of %(discount)s %% is above the %(limit)s %% allowed without a manager.") % problem
    if not show_cost:
        return _("Needs a manager's approval: under the minimum margin.")
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


def _below(reference: Decimal | None, price: Decimal) -> Decimal:
    """How far `price` lies below `reference`, in % (0 at or above it, or without a reference)."""
    if not reference or price >= reference:
        return Decimal(0)
    return quantize((reference - price) / reference * 100)


def _figures(*, product: Product, list_price: Decimal, unit_price: Decimal) -> tuple[Decimal, Decimal | None]:
    """(discount on the list price, margin on the price; None without a cost price or a price) in %."""
    discount = quantize((list_price - unit_price) / list_price * 100) if list_price else Decimal(0)
    margin = None
    if product.cost_price is not None and unit_price > 0:
        margin = quantize((unit_price - product.cost_price) / unit_price * 100)
    return discount, margin


def discount_check(
    *, user, product: Product, list_price: Decimal, unit_price: Decimal, entitled_price: Decimal | None = None
) -> DiscountCheck:
    """May `user` sell `product` at `unit_price`? If not, the reasons a manager must approve. `entitled_price`:
    what the customer pays anyway (`entitled_price_for`); the role's limit applies to the discount given on top of
    it. Without it, the list price."""
    problems = []
    below_list, margin = _figures(product=product, list_price=list_price, unit_price=unit_price)
    entitled = list_price if entitled_price is None else min(entitled_price, list_price or entitled_price)
    on_top = _below(entitled, unit_price)
    max_discount, min_margin = _limits_for(user)
    if on_top > max_discount:
        problems.append({"kind": "discount", "discount": _percent(on_top), "limit": _percent(max_discount),
                         "below_list": _percent(below_list)})  # fmt: skip
    if margin is not None and margin < min_margin:
        problems.append({"kind": "margin", "margin": _percent(margin), "minimum": _percent(min_margin)})
    return DiscountCheck(allowed=not problems, reasons=[discount_reason(problem) for problem in problems],
                         margin_percent=margin, problems=problems)  # fmt: skip


def entitled_price_for(
    *, product: Product, quantity: Decimal, customer, list_price: Decimal | None = None, date=None
) -> Decimal | None:
    """The price per unit the customer is entitled to without anyone's discount: the pricing service's answer (the
    one the user sees), never above the list price a line was priced at. None when the catalog cannot say (no list
    price, no VAT rate): then the line's list price is the reference."""
    try:
        answer = price_for(product=product, quantity=quantity, date=date or timezone.localdate(), customer=customer)
    except DomainError:
        return list_price
    return answer.unit_price if list_price is None else min(answer.unit_price, list_price)


def _priced_lines(document):
    """(line, price the customer pays per unit after the line and document discounts) of each catalog line."""
    for line in document.lines.select_related("product"):
        if line.product is None or not line.list_price:
            continue
        yield line, effective_unit_price(unit_price=line.unit_price, line_discount_percent=line.discount_percent,
                                         document_discount_percent=document.discount_percent)  # fmt: skip


def _problem_key(problem: dict) -> tuple:
    # A price is covered by its distance to the line's frozen list price: it does not move when a promotion ends or
    # a price list changes. Facts stored before the rule measured the customer's price carry it as "discount".
    if problem["kind"] == "discount":
        return problem["sku"], "discount", problem.get("below_list", problem.get("discount"))
    return problem["sku"], problem["kind"], problem.get(problem["kind"])


def document_approval_problems(*, document, actor) -> list[dict]:
    """Does this quote, order or draft invoice need a manager's approval before `actor` sends, confirms or issues
    it, and why: one entry per line and problem ({"kind": "discount"|"margin", "sku": ..., figures}), as data.
    Prices already covered (`approved_problems`: by the quote an order came from, the order an invoice bills, a
    complaint's free replacement or a manager's approval) are left out; a price changed since is not covered."""
    covered = {_problem_key(problem) for problem in getattr(document, "approved_problems", None) or []}
    problems = []
    max_discount, _min_margin = _limits_for(actor)
    for line, price in _priced_lines(document):
        entitled = None
        if _below(line.list_price, price) > max_discount:
            # Only then can the discount on top of the customer's price be too large: spare the price queries.
            entitled = entitled_price_for(product=line.product, quantity=line.quantity, customer=document.company,
                                          list_price=line.list_price)  # fmt: skip
        check = discount_check(user=actor, product=line.product, list_price=line.list_price, unit_price=price,
                               entitled_price=entitled)  # fmt: skip
        problems += [
            problem
            for problem in ({**problem, "sku": line.sku} for problem in check.problems)
            if _problem_key(problem) not in covered
        ]
    return problems


def document_price_facts(*, document, free_only: bool = False) -> list[dict]:
    """Every line's discount and margin as problems would state them, to mark the prices as they stand now as
    covered (see `document_approval_problems`). `free_only`: only lines given for nothing."""
    facts = []
    for line, price in _priced_lines(document):
        if free_only and price != 0:
            continue
        discount, margin = _figures(product=line.product, list_price=line.list_price, unit_price=price)
        facts.append({"kind": "discount", "sku": line.sku, "below_list": _percent(discount)})
        if margin is not None:
            facts.append({"kind": "margin", "sku": line.sku, "margin": _percent(margin)})
    return facts


def _percent(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


@transaction.atomic
def discount_authority_set(*, role: str, max_discount_percent: Decimal, min_margin_percent: Decimal, actor):
    """A manager sets a role's discount limit and the minimum margin."""
    if not actor.has_perm(VIEW_MANAGER_PAGES):
        raise PermissionDeniedError(_("Only a manager can change discount limits."))
    with audit_actor(actor):
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
