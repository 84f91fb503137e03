"""Delivery notes and supplier orders: goods leave for the customer, goods come in from suppliers."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orderdesk.exceptions import DomainError, PermissionDeniedError
from orderdesk.history import status_transition
from orderdesk.mail import MailComposition
from orderdesk.numbering import document_number_next
from orderdesk.numbers import NumberError, to_number
from orderdesk.permissions import ADD_DELIVERIES, ADD_SUPPLIER_ORDERS, RECEIVE_SUPPLIER_ORDERS
from sales.models import (
    DeliveryLine,
    DeliveryNote,
    IncomingStock,
    Order,
    OrderLine,
    Product,
    SupplierOrder,
    SupplierOrderLine,
)
from sales.services.documents import delivery_mail, document_recipients, order_delivery_address
from sales.services.orders import backorders_allocate, order_transition, products_lock
from sales.states import (
    DELIVERY_TRANSITIONS,
    ORDER_OPEN,
    SUPPLIER_ORDER_TRANSITIONS,
    DeliveryStatus,
    OrderStatus,
    SupplierOrderStatus,
)


def _require(actor, permission: str) -> None:
    if not actor.has_perm(permission):
        raise PermissionDeniedError(_("You do not have the permission to do this."))


def _quantity(value, field: str) -> Decimal:
    try:
        quantity = to_number(value, max_digits=12, decimal_places=3) if value not in (None, "") else Decimal(0)
    except NumberError as error:
        raise ValidationError({field: error.message}) from None
    if quantity < 0:
        raise ValidationError({field: _("A quantity cannot be negative.")})
    return quantity


def deliverable_now(line: OrderLine) -> Decimal:
    """How much of the line can leave today: its reservation plus free stock (services: all that is open)."""
    if not line.is_goods:
        return line.quantity_open
    return min(line.quantity_open, line.quantity_reserved + line.product.available_now)


@transaction.atomic
def delivery_create(
    *,
    order: Order,
    actor,
    quantities: dict[int, object],
    notes: str = "",
    shipped_on: datetime.date | None = None,
    mail: MailComposition | None = None,
) -> DeliveryNote:
    """Deliver all or part of a confirmed order: a numbered delivery note, stock out, reservations used up,
    the order's status follows, and the customer gets the note (with the manuals) by e-mail."""
    _require(actor, ADD_DELIVERIES)
    locked = (
        Order.objects.select_for_update(of=("self",))
        .select_related("company", "contact", "delivery_address")
        .get(pk=order.pk)
    )
    if locked.status not in ORDER_OPEN:
        raise DomainError(_("Only a confirmed order can be delivered."))
    lines = {line.pk: line for line in locked.lines.select_related("product")}
    wanted = {}
    for line_id, value in quantities.items():
        if int(line_id) not in lines:
            raise DomainError(_("This line is not part of the order."))
        quantity = _quantity(value, f"line-{line_id}")
        if quantity:
            wanted[int(line_id)] = quantity
    if not wanted:
        raise DomainError(_("Enter the quantity delivered on at least one line."))
    products = products_lock({lines[pk].product_id for pk in wanted if lines[pk].is_goods})
    errors = {}
    for line_id, quantity in wanted.items():
        line = lines[line_id]
        if line.is_goods:
            line.product = products[line.product_id]
        limit = deliverable_now(line)
        if quantity > limit:
            limit_text = f"{limit.normalize():f}".replace(".", ",")
            errors[f"line-{line_id}"] = _("%(sku)s: at most %(limit)s can be delivered now.") % {
                "sku": line.sku or line.description[:30], "limit": limit_text}  # fmt: skip
    if errors:
        raise ValidationError(errors)
    note = DeliveryNote.objects.create(
        number=document_number_next(series="delivery", year=timezone.localdate().year),
        order=locked,
        shipped_on=shipped_on or timezone.localdate(),
        address=order_delivery_address(locked),
        notes=notes,
        created_by=actor,
    )
    for line_id, quantity in wanted.items():
        line = lines[line_id]
        if line.is_goods:
            product = products[line.product_id]
            from_reservation = min(quantity, line.quantity_reserved)
            product.reserved -= from_reservation
            product.on_hand -= quantity
            line.quantity_reserved -= from_reservation
        line.quantity_delivered += quantity
        line.save(update_fields=["quantity_reserved", "quantity_delivered"])
        DeliveryLine.objects.create(delivery=note, order_line=line, quantity=quantity,
                                    quantity_remaining=line.quantity_open)  # fmt: skip
    for product in products.values():
        product.save(update_fields=["on_hand", "reserved", "updated_at"])
    complete = all(line.quantity_open <= 0 for line in lines.values())
    target = OrderStatus.DELIVERED if complete else OrderStatus.PARTIALLY_DELIVERED
    if locked.status != target:
        order_transition(order=locked, to=target, actor=actor, reason=note.number)
    to = mail.to if mail is not None and mail.to else document_recipients(locked)
    delivery_mail(note=note, to=to, actor=actor, composition=mail)
    return note


@transaction.atomic
def delivery_mark_delivered(*, note: DeliveryNote, actor, delivered_on: datetime.date) -> DeliveryNote:
    """The customer signed for the goods: the date that starts the warranty."""
    _require(actor, "sales.change_deliverynote")
    if delivered_on < note.shipped_on:
        raise ValidationError({"delivered_on": _("The goods cannot arrive before they left.")})
    return status_transition(
        obj=note, to=DeliveryStatus.DELIVERED, actor=actor, allowed=DELIVERY_TRANSITIONS,
        extra_fields={"delivered_on": delivered_on},
    )  # fmt: skip


# --- supplier orders ------------------------------------------------------------------------------------------------


@transaction.atomic
def supplier_order_create(
    *, supplier: str, actor, lines: list[tuple[Product, object]], expected_on: datetime.date | None = None,
    notes: str = "",
) -> SupplierOrder:  # fmt: skip
    """Order goods from a supplier; the expected receipts count in every availability answer at once."""
    _require(actor, ADD_SUPPLIER_ORDERS)
    if not supplier.strip():
        raise ValidationError({"supplier": _("Name the supplier.")})
    wanted = [(product, _quantity(quantity, "quantity")) for product, quantity in lines]
    wanted = [(product, quantity) for product, quantity in wanted if quantity > 0]
    if not wanted:
        raise DomainError(_("Order at least one product."))
    today = timezone.localdate()
    if expected_on is None:
        lead = max((product.supplier_lead_days or 0 for product, _q in wanted), default=0)
        expected_on = today + datetime.timedelta(days=lead)
    if expected_on < today:
        raise ValidationError({"expected_on": _("The expected date cannot lie in the past.")})
    supplier_order = SupplierOrder.objects.create(
        number=document_number_next(series="purchase_order", year=today.year),
        supplier=supplier.strip(), expected_on=expected_on, notes=notes, created_by=actor,
    )  # fmt: skip
    for product, quantity in wanted:
        incoming = IncomingStock.objects.create(product=product, quantity=quantity, expected_on=expected_on)
        SupplierOrderLine.objects.create(
            supplier_order=supplier_order, product=product, quantity=quantity, incoming=incoming
        )
    _backorder_dates_refresh(product_ids=[product.pk for product, _q in wanted], expected_on=expected_on)
    return supplier_order


def _backorder_dates_refresh(*, product_ids, expected_on: datetime.date) -> None:
    """Backorders without a date, or with a later one, now wait for this receipt."""
    for line in OrderLine.objects.filter(product_id__in=product_ids, order__status__in=ORDER_OPEN):
        if line.quantity_backordered > 0 and (line.expected_on is None or line.expected_on > expected_on):
            line.expected_on = expected_on
            line.save(update_fields=["expected_on"])


@transaction.atomic
def supplier_order_receive(*, supplier_order: SupplierOrder, actor, quantities: dict[int, object]) -> SupplierOrder:
    """Goods arrived (all or part): stock goes up, the expected receipt shrinks, backorders are served."""
    _require(actor, RECEIVE_SUPPLIER_ORDERS)
    locked = SupplierOrder.objects.select_for_update().get(pk=supplier_order.pk)
    if locked.status not in {SupplierOrderStatus.ORDERED, SupplierOrderStatus.PARTIALLY_RECEIVED}:
        raise DomainError(_("This supplier order is closed."))
    lines = {line.pk: line for line in locked.lines.select_related("incoming")}
    received = {}
    for line_id, value in quantities.items():
        line = lines.get(int(line_id))
        if line is None:
            raise DomainError(_("This line is not part of the supplier order."))
        quantity = _quantity(value, f"line-{line_id}")
        if quantity > line.quantity_open:
            raise ValidationError({f"line-{line_id}": _("More than was ordered and not yet received.")})
        if quantity:
            received[line.pk] = quantity
    if not received:
        raise DomainError(_("Enter the quantity received on at least one line."))
    products = products_lock({lines[pk].product_id for pk in received})
    for line_id, quantity in received.items():
        line = lines[line_id]
        products[line.product_id].on_hand += quantity
        line.quantity_received += quantity
        line.save(update_fields=["quantity_received"])
        if line.incoming is not None:
            line.incoming.quantity = line.quantity_open
            line.incoming.received = line.quantity_open <= 0
            line.incoming.save(update_fields=["quantity", "received"])
    for product in products.values():
        product.save(update_fields=["on_hand", "updated_at"])
    complete = all(line.quantity_open <= 0 for line in lines.values())
    target = SupplierOrderStatus.RECEIVED if complete else SupplierOrderStatus.PARTIALLY_RECEIVED
    if locked.status != target:
        locked = status_transition(obj=locked, to=target, actor=actor, allowed=SUPPLIER_ORDER_TRANSITIONS)
    backorders_allocate(product_ids=list(products), today=timezone.localdate())
    supplier_order.status = locked.status
    return locked
