"""Lines of quotes and orders: one way to add, change and remove them, and to keep the totals right."""

from decimal import Decimal
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orderdesk.exceptions import DomainError, PermissionDeniedError
from orderdesk.money import ZERO, quantize
from orderdesk.numbers import NumberError, to_number
from orderdesk.stored_texts import stored_text, stored_text_render
from orderdesk.text import text_clean
from sales import texts
from sales.models import Invoice, InvoiceLine, Order, OrderLine, Product, Quote, QuoteLine
from sales.models.lines import SaleLine
from sales.selectors.catalog import products_search
from sales.services.pricing import price_for
from sales.services.totals import document_totals, line_net
from sales.services.vat import applied_rate
from sales.states import INVOICE_EDITABLE, ORDER_EDITABLE, QUOTE_EDITABLE

DEFAULT_VAT_RATE = Decimal("21.00")


def _document_kind(document) -> tuple[type, set, str]:
    if isinstance(document, Quote):
        return QuoteLine, QUOTE_EDITABLE, "sales.change_quote"
    if isinstance(document, Order):
        return OrderLine, ORDER_EDITABLE, "sales.change_order"
    if isinstance(document, Invoice) and not document.is_credit_note:
        # Credit note lines come from the credited invoice only (credit_note_create).
        return InvoiceLine, INVOICE_EDITABLE, "sales.change_invoice"
    raise TypeError(f"Not a document with lines: {document!r}")


def _locked_editable(document, actor):
    line_model, editable, permission = _document_kind(document)
    if not actor.has_perm(permission):
        raise PermissionDeniedError(_("You may not change this document."))
    locked = type(document).objects.select_for_update(of=("self",)).select_related("company").get(pk=document.pk)
    if locked.status not in editable:
        raise DomainError(_("Only a draft can be changed. %(status)s documents are frozen.")
                          % {"status": locked.get_status_display()})  # fmt: skip
    if getattr(locked, "approval_pending", False):
        # The prices change: the request waiting is moot; confirming (or issuing) checks them again.
        locked.approval_pending = False
        locked.save(update_fields=["approval_pending", "updated_at"])
    return locked, line_model


def product_find(query: str) -> Product:
    """The product a user means by "SKU or name": an exact SKU, or the one active product that matches."""
    query = query.strip()
    exact = Product.objects.filter(sku__iexact=query).first()
    if exact is not None:
        return exact
    matches = products_search(query=query, limit=2) if query else []
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise DomainError(_("No product matches “%(query)s”.") % {"query": query}, field="product")
    raise DomainError(_("Several products match “%(query)s”: type the SKU.") % {"query": query}, field="product")


def document_vat_regime(document) -> str:
    """The VAT regime a document's lines are rated for: an invoice's own (frozen when its draft was made, the
    credited invoice's for a credit note), the customer's for a quote or an order."""
    return getattr(document, "vat_regime", "") or document.company.vat_regime


def totals_regime(document) -> str:
    """The regime an invoice's totals are broken down by (per VAT category and rate, as its UBL); quotes and orders
    are totalled per rate."""
    return document_vat_regime(document) if isinstance(document, Invoice) else ""


def _decimal(value, field: str) -> Decimal:
    try:
        # As many whole digits as the column holds (a quantity 9, a price 12); a price is rounded to the cent later.
        return to_number(value, max_digits=12 if field == "quantity" else 15, decimal_places=3)
    except NumberError as error:
        raise ValidationError({field: error.message}) from None


@transaction.atomic
def document_line_save(
    *,
    document,
    actor,
    line=None,
    product: Product | None = None,
    quantity,
    unit_price=None,
    discount_percent=ZERO,
    description: str = "",
    vat_rate=None,
    specifications: str = "",
    is_service: bool | None = None,
):
    """Add a line (no `line`) or change one. A product line takes its price, VAT and text from the catalog
    unless the user typed a price; a free line needs a description and a price, and says whether it is a service
    (`is_service`; a new free line is one unless told otherwise). The VAT rate is the Belgian rate under the
    document's VAT regime (0 % for an export, an intra-Community supply or reverse charge)."""
    locked, line_model = _locked_editable(document, actor)
    regime = document_vat_regime(locked)
    description, specifications = text_clean(description or ""), text_clean(specifications or "")
    quantity = _decimal(quantity, "quantity")
    discount_percent = _decimal(discount_percent or 0, "discount_percent")
    errors = {}
    if quantity <= 0:
        errors["quantity"] = _("The quantity must be more than 0.")
    if not ZERO <= discount_percent <= 100:
        errors["discount_percent"] = _("A discount lies between 0 and 100 %.")
    if errors:
        raise ValidationError(errors)
    if line is None:
        line = line_model(position=locked.lines.count() + 1)
        setattr(line, _parent_field(line_model), locked)
    elif line.pk and line_model.objects.filter(pk=line.pk).exclude(**{_parent_field(line_model): locked}).exists():
        raise DomainError(_("This line belongs to another document."))
    today = timezone.localdate()
    if product is not None:
        if not product.is_active and product.pk != line.product_id:
            raise DomainError(_("%(sku)s is no longer sold.") % {"sku": product.sku}, field="product")
        answer = price_for(product=product, quantity=quantity, date=today, customer=locked.company)
        product_changed = product.pk != line.product_id
        if description.strip():
            line.description = description.strip()
        elif product_changed or not line.description:
            line.description = text_clean(product.name_in(locked.language))
        line.product, line.sku, line.unit, line.list_price = product, product.sku, product.unit, product.list_price
        if unit_price not in (None, ""):
            line.unit_price = quantize(_decimal(unit_price, "unit_price"))
            by_hand = line.unit_price != answer.unit_price
            _price_explained(line, stored_text(texts.PRICE_BY_HAND, explanation=answer.explanation_data)
                             if by_hand else answer.explanation_data)  # fmt: skip
        elif product_changed or quantity != line.quantity:
            # A new product or quantity gets the catalog's answer (quantity breaks may apply).
            line.unit_price = answer.unit_price
            _price_explained(line, answer.explanation_data)
        line.is_service, line.base_vat_rate = product.is_service, answer.vat_rate
        line.vat_rate = applied_rate(regime, answer.vat_rate)
    else:
        if not description.strip():
            raise ValidationError({"description": _("Describe what you offer on a line without a product.")})
        if unit_price in (None, ""):
            raise ValidationError({"unit_price": _("Enter a unit price for a line without a product.")})
        line.product, line.sku, line.list_price = None, "", None
        line.description = description.strip()
        line.unit_price = quantize(_decimal(unit_price, "unit_price"))
        _price_explained(line, stored_text(texts.PRICE_FREE_LINE))
        rate = DEFAULT_VAT_RATE if vat_rate in (None, "") else _decimal(vat_rate, "vat_rate")
        if not ZERO <= rate < 100:
            raise ValidationError({"vat_rate": _("Choose a Belgian VAT rate: 21, 12, 6 or 0 %.")})
        if is_service is not None:
            line.is_service = bool(is_service)
        elif line.pk is None:
            line.is_service = True
        line.base_vat_rate = rate
        line.vat_rate = applied_rate(regime, rate)
    if line.unit_price < 0:
        raise ValidationError({"unit_price": _("A unit price cannot be negative.")})
    line.quantity = quantity
    line.discount_percent = discount_percent
    if line_model is OrderLine:
        line.specifications = specifications
    line.net_amount = line_net(quantity=quantity, unit_price=line.unit_price, discount_percent=discount_percent)
    line.full_clean(exclude=["quote", "order", "invoice"])
    line.save()
    document_recalculate(document=locked)
    _copy_totals(locked, document)
    return line


def _price_explained(line, explanation: dict) -> None:
    """How the line's price was found: kept as a stored text (read in the reader's language), and in words in the
    writer's language for the admin and exports of older readers."""
    line.price_explanation_data = explanation
    line.price_explanation = stored_text_render(explanation)[:300]


def _parent_field(line_model) -> str:
    return {QuoteLine: "quote", OrderLine: "order", InvoiceLine: "invoice"}[line_model]


@transaction.atomic
def document_line_delete(*, document, line, actor) -> None:
    locked, line_model = _locked_editable(document, actor)
    line_model.objects.filter(pk=line.pk, **{_parent_field(line_model): locked}).delete()
    for position, remaining in enumerate(locked.lines.order_by("position", "pk"), start=1):
        if remaining.position != position:
            remaining.position = position
            remaining.save(update_fields=["position"])
    document_recalculate(document=locked)
    _copy_totals(locked, document)


@transaction.atomic
def document_discount_set(*, document, actor, discount_percent) -> None:
    locked, _line_model = _locked_editable(document, actor)
    discount_percent = _decimal(discount_percent or 0, "discount_percent")
    if not ZERO <= discount_percent <= 100:
        raise ValidationError({"discount_percent": _("A discount lies between 0 and 100 %.")})
    locked.discount_percent = discount_percent
    locked.save(update_fields=["discount_percent"])
    document_recalculate(document=locked)
    _copy_totals(locked, document)


def document_recalculate(*, document) -> None:
    """Store the totals of the document from its lines (inside the caller's transaction)."""
    totals = document_totals(lines=document.lines.all(), discount_percent=document.discount_percent,
                             regime=totals_regime(document))  # fmt: skip
    document.net_total, document.vat_total, document.total = totals.net, totals.vat, totals.total
    document.save(update_fields=["net_total", "vat_total", "total", "updated_at"])


def _copy_totals(source, target) -> None:
    for name in ("discount_percent", "net_total", "vat_total", "total"):
        setattr(target, name, getattr(source, name))


# What a line says to the customer: carried from a quote line to its order line, from an order line to its
# invoice line, from an invoice line to its credit note line.
_COPIED_LINE_FIELDS = (
    "position", "product_id", "sku", "description", "quantity", "unit", "list_price", "unit_price",
    "discount_percent", "vat_rate", "net_amount", "price_explanation", "price_explanation_data", "is_service",
    "base_vat_rate",
)  # fmt: skip


LineT = TypeVar("LineT", bound=SaleLine)


def line_copy(source: SaleLine, *, to_model: type[LineT], **overrides) -> LineT:
    """A new, unsaved `to_model` line saying what `source` says (product, text, prices, VAT), with `overrides`
    for the rest: the parent document, the links back to the source, another position or quantity. Given
    another quantity, the amount is computed again for it."""
    fields = {name: getattr(source, name) for name in _COPIED_LINE_FIELDS}
    fields.update(overrides)
    if "quantity" in overrides and "net_amount" not in overrides:
        fields["net_amount"] = line_net(
            quantity=fields["quantity"], unit_price=fields["unit_price"], discount_percent=fields["discount_percent"]
        )
    return to_model(**fields)


def lines_copy(*, source, target) -> None:
    """Copy the lines of a quote onto an order (prices and texts as the customer accepted them)."""
    line_model, _editable, _permission = _document_kind(target)
    parent = _parent_field(line_model)
    line_model.objects.bulk_create(
        [line_copy(line, to_model=line_model, **{parent: target}) for line in source.lines.all()]
    )
    target.discount_percent = source.discount_percent
    document_recalculate(document=target)
