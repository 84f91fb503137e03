"""Orders: from a quote or a phone call, checked (data, credit, stock), confirmed, reserved, and cancelled.

Stock rules: a confirmed order reserves what is available now; the rest is a backorder with an expected date.
Rows of products are always locked in pk order, so two confirmations for the last units queue up instead of
both taking them (or deadlocking).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from customers.models import Company, Contact, CreditStatus, DeliveryAddress, VatRegime
from customers.services.companies import company_convert_to_customer
from orderdesk.approvals import four_eyes_check
from orderdesk.exceptions import DomainError, PermissionDeniedError
from orderdesk.history import instance_sync, status_transition
from orderdesk.mail import MailComposition
from orderdesk.money import ZERO
from orderdesk.numbering import document_number_next
from orderdesk.permissions import ADD_ORDERS, CHANGE_ORDERS, RELEASE_ORDERS
from orderdesk.stored_texts import stored_text
from orderdesk.templatetags.orderdesk import money
from sales import texts
from sales.models import Invoice, Order, OrderLine, Product, Quote
from sales.selectors.invoices import invoices_overdue
from sales.services.approvals import document_approval_request, document_prices_cover
from sales.services.availability import Availability, availability_for
from sales.services.discounts import document_approval_problems
from sales.services.documents import document_recipients, order_confirmation_mail
from sales.services.lines import lines_copy
from sales.services.quotes import quote_transition
from sales.states import INVOICE_OPEN, ORDER_OPEN, ORDER_TRANSITIONS, InvoiceStatus, OrderStatus, QuoteStatus

B2B_REGIMES = {VatRegime.BELGIAN, VatRegime.INTRA_EU, VatRegime.REVERSE_CHARGE}


def _require(actor, permission: str) -> None:
    if not actor.has_perm(permission):
        raise PermissionDeniedError(_("You do not have the permission to do this."))


def order_transition(*, order: Order, to: str, actor, reason: str = "", **fields) -> Order:
    """The one way an order changes status: checked against ORDER_TRANSITIONS, with a history row."""
    return status_transition(
        obj=order, to=to, actor=actor, allowed=ORDER_TRANSITIONS, reason=reason, extra_fields=fields or None
    )


ORDER_HEADER_FIELDS = {
    "contact",
    "customer_reference",
    "requested_delivery_on",
    "delivery_address",
    "delivery_method",
    "packaging",
    "delivery_terms",
    "payment_terms",
    "internal_notes",
}


@transaction.atomic
def order_create(*, company: Company, actor, contact: Contact | None = None, **fields) -> Order:
    """A draft order taken directly (by phone, by mail), without a quote."""
    from sales.services.quotes import quote_default_terms

    _require(actor, ADD_ORDERS)
    terms = quote_default_terms(company)
    order = Order(
        company=company,
        contact=contact,
        language=company.language,
        owner=actor,
        delivery_terms=terms["delivery_terms"],
        payment_terms=terms["payment_terms"],
    )
    _set_header(order, fields)
    order.full_clean()
    order.save()
    return order


@transaction.atomic
def order_update(*, order: Order, actor, **fields) -> Order:
    _require(actor, CHANGE_ORDERS)
    locked = Order.objects.select_for_update().get(pk=order.pk)
    if locked.status != OrderStatus.DRAFT:
        raise DomainError(_("Only a draft order can be changed."))
    _set_header(locked, fields)
    locked.full_clean()
    locked.save()
    return locked


def _set_header(order: Order, fields: dict) -> None:
    for name, value in fields.items():
        if name not in ORDER_HEADER_FIELDS:
            raise ValueError(f"An order header has no field {name}")
        setattr(order, name, value)
    if order.contact_id and Contact.objects.filter(pk=order.contact_id).exclude(company_id=order.company_id).exists():
        raise ValidationError({"contact": _("Pick a contact of this company.")})
    if (
        order.delivery_address_id
        and not DeliveryAddress.objects.filter(pk=order.delivery_address_id, company_id=order.company_id).exists()
    ):
        raise ValidationError({"delivery_address": _("Pick a delivery address of this company.")})


@transaction.atomic
def order_from_quote(*, quote: Quote, actor) -> Order:
    """The accepted quote becomes a draft order with the same lines and prices, in one step."""
    _require(actor, ADD_ORDERS)
    locked_quote = Quote.objects.select_for_update(of=("self",)).select_related("company").get(pk=quote.pk)
    if locked_quote.status != QuoteStatus.ACCEPTED:
        raise DomainError(_("Only an accepted quote can become an order."))
    company = locked_quote.company
    order = Order.objects.create(
        company=company,
        contact=locked_quote.contact,
        quote=locked_quote,
        language=locked_quote.language,
        owner=actor,
        customer_reference=locked_quote.customer_reference,
        delivery_terms=locked_quote.delivery_terms,
        payment_terms=locked_quote.payment_terms,
        delivery_address=company.delivery_addresses.filter(is_default=True).first(),
    )
    lines_copy(source=locked_quote, target=order)
    # The prices were approved (or within the sender's authority) on the quote the customer accepted.
    document_prices_cover(document=order)
    quote_transition(
        quote=locked_quote, to=QuoteStatus.ORDERED, actor=actor, reason=stored_text(texts.HISTORY_ORDER_CREATED)
    )
    quote.status = locked_quote.status
    return order


# --- the checklist before confirmation -----------------------------------------------------------------------------


@dataclass
class Check:
    label: str
    ok: bool
    detail: str = ""


@dataclass
class LineCheck:
    line: OrderLine
    availability: Availability | None
    substitutes: list = field(default_factory=list)


@dataclass
class OrderChecklist:
    data: list[Check]
    credit: list[Check]
    lines: list[LineCheck]
    exposure: Decimal
    hold_problems: list[dict]  # why a manager must release the order, as data (see hold_reason_text)

    @property
    def hold_reasons(self) -> list[str]:
        return [hold_reason_text(problem) for problem in self.hold_problems]

    @property
    def missing(self) -> list[str]:
        return [check.label for check in self.data if not check.ok]


def credit_exposure(*, company: Company, exclude: Order | None = None) -> Decimal:
    """What the customer owes us or will owe us: confirmed orders not invoiced yet, and what is still open on
    issued invoices (credit notes and payments deducted)."""
    orders = Order.objects.filter(company=company, status__in=ORDER_OPEN | {OrderStatus.DELIVERED})
    if exclude is not None:
        orders = orders.exclude(pk=exclude.pk)
    ordered = orders.aggregate(total=Sum("total"))["total"] or ZERO
    invoices = Invoice.objects.filter(company=company, kind=Invoice.Kind.INVOICE).exclude(status=InvoiceStatus.DRAFT)
    # Part of an open order may be invoiced already: count it once, as an invoice.
    billed = invoices.filter(order__in=orders).aggregate(total=Sum("net_total"), vat=Sum("vat_total"))
    open_ = invoices.filter(status__in=INVOICE_OPEN).aggregate(
        total=Sum("total"), credited=Sum("amount_credited"), paid=Sum("amount_paid")
    )
    open_amount = (open_["total"] or ZERO) - (open_["credited"] or ZERO) - (open_["paid"] or ZERO)
    return max(ordered - (billed["total"] or ZERO) - (billed["vat"] or ZERO), ZERO) + open_amount


def order_checklist(*, order: Order, today: datetime.date) -> OrderChecklist:
    """What the assistant reads before confirming: data complete, credit, and per line the stock answer."""
    company = order.company
    data = [
        Check(_("The order has lines"), order.lines.exists()),
        Check(
            _("Invoice address complete"),
            bool(company.street and company.postal_code and company.city),
            f"{company.street}, {company.postal_code} {company.city}".strip(", "),
        ),
    ]
    if company.vat_regime in B2B_REGIMES:
        data.append(Check(_("VAT number of the company"), bool(company.vat_number), company.vat_number))
    try:
        recipient = document_recipients(order)[0]
    except DomainError:
        recipient = ""
    data.append(Check(_("An e-mail address for the confirmation"), bool(recipient), recipient))

    exposure = credit_exposure(company=company, exclude=order) + order.total
    credit, hold = [], []
    if company.credit_status != CreditStatus.OK:
        problem = {"kind": "credit_status", "status": company.credit_status, "reason": company.credit_status_reason}
        credit.append(Check(_("Credit status"), False, hold_reason_text(problem)))
        hold.append(problem)
    else:
        credit.append(Check(_("Credit status"), True, company.get_credit_status_display()))
    overdue = invoices_overdue(today, company=company).aggregate(
        count=Count("pk"), total=Sum("total"), credited=Sum("amount_credited"), paid=Sum("amount_paid")
    )
    if overdue["count"]:
        late = overdue["total"] - overdue["credited"] - overdue["paid"]
        problem = {"kind": "overdue", "count": overdue["count"], "amount": str(late)}
        credit.append(Check(_("No overdue invoices"), False, hold_reason_text(problem)))
        hold.append(problem)
    else:
        credit.append(Check(_("No overdue invoices"), True))
    handed_over = Invoice.objects.filter(company=company, status__in=INVOICE_OPEN).exclude(handed_over_to="").count()
    if handed_over:
        problem = {"kind": "handed_over", "count": handed_over}
        credit.append(Check(_("No file handed over for collection"), False, hold_reason_text(problem)))
        hold.append(problem)
    if company.credit_limit:
        within = exposure <= company.credit_limit
        credit.append(Check(_("Within the credit limit"), within, _exposure_text(exposure, company.credit_limit)))
        if not within:
            hold.append({"kind": "over_limit", "exposure": str(exposure), "limit": str(company.credit_limit)})
    else:
        credit.append(
            Check(
                _("Within the credit limit"),
                True,
                _("no credit limit set; open orders and invoices %(exposure)s") % {"exposure": money(exposure)},
            )  # fmt: skip
        )

    lines = []
    for line in order.lines.select_related("product").prefetch_related("product__incoming", "product__substitutes"):
        if line.product is None or line.product.is_service:
            lines.append(LineCheck(line, None))
            continue
        answer = availability_for(product=line.product, quantity=line.quantity_open, today=today)
        substitutes = []
        if answer.quantity_later:
            substitutes = [p for p in line.product.substitutes.all() if p.is_active and p.available_now > 0]
        lines.append(LineCheck(line, answer, substitutes))
    return OrderChecklist(data=data, credit=credit, lines=lines, exposure=exposure, hold_problems=hold)


def _exposure_text(exposure, limit) -> str:
    return _("open orders and invoices with this one %(exposure)s, limit %(limit)s") % {
        "exposure": money(Decimal(exposure)), "limit": money(Decimal(limit))}  # fmt: skip


def hold_reason_text(problem: dict) -> str:
    """Why an order waits for a manager, in the active language (stored as data, read by anyone)."""
    kind = problem["kind"]
    if kind == "credit_status":
        status = CreditStatus(problem["status"]).label.lower()
        return _("Credit %(status)s: %(reason)s") % {"status": status, "reason": problem["reason"]}
    if kind == "overdue":
        return ngettext(
            "%(count)s invoice overdue, %(amount)s still open", "%(count)s invoices overdue, %(amount)s still open",
            problem["count"],
        ) % {"count": problem["count"], "amount": money(Decimal(problem["amount"]))}  # fmt: skip
    if kind == "handed_over":
        return ngettext(
            "%(count)s invoice handed over for collection", "%(count)s invoices handed over for collection",
            problem["count"],
        ) % {"count": problem["count"]}  # fmt: skip
    return _("Over the credit limit: %(detail)s") % {"detail": _exposure_text(problem["exposure"], problem["limit"])}


# --- confirm, hold, release, cancel ---------------------------------------------------------------------------------


@transaction.atomic
def order_confirm(*, order: Order, actor, mail: MailComposition | None = None) -> Order:
    """Confirm a draft: complete data is required; prices beyond the actor's authority wait for a manager's
    approval (the order stays a draft: check `approval_pending` on the result); a credit problem puts it on hold
    for a manager; otherwise stock is reserved, backorders get their date and the customer receives the
    confirmation."""
    _require(actor, CHANGE_ORDERS)
    locked = Order.objects.select_for_update(of=("self",)).select_related("company", "contact").get(pk=order.pk)
    if locked.status != OrderStatus.DRAFT:
        raise DomainError(_("Only a draft order can be confirmed."))
    today = timezone.localdate()
    checklist = order_checklist(order=locked, today=today)
    if checklist.missing:
        raise DomainError(_("Complete the order first: %(missing)s.") % {"missing": "; ".join(checklist.missing)})
    if locked.approval_pending:
        raise DomainError(_("The prices of this order wait for a manager's approval."))
    problems = document_approval_problems(document=locked, actor=actor)
    if problems:
        locked = document_approval_request(document=locked, actor=actor, problems=problems)
        instance_sync(order, locked)
        return locked
    if not locked.number:
        locked.number = document_number_next(series="order", year=today.year)
        locked.save(update_fields=["number"])
    if checklist.hold_problems:
        reason = "\n".join(checklist.hold_reasons)  # kept on the order as written; the history reads the data
        problems = checklist.hold_problems
        locked = order_transition(
            order=locked, to=OrderStatus.ON_HOLD, actor=actor, hold_reason=reason, hold_problems=problems,
            reason=stored_text(texts.HISTORY_HOLD_PROBLEMS, problems=problems),
        )  # fmt: skip
    else:
        locked = _confirm(locked, actor=actor, today=today, reason="", mail=mail)
    instance_sync(order, locked)
    return locked


@transaction.atomic
def order_release(*, order: Order, actor, reason: str) -> Order:
    """A manager releases an order held for credit: it is confirmed as it stands, and the decision recorded."""
    _require(actor, RELEASE_ORDERS)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you release the order; it stays on the record.")})
    locked = Order.objects.select_for_update(of=("self",)).select_related("company", "contact").get(pk=order.pk)
    if locked.status != OrderStatus.ON_HOLD:
        raise DomainError(_("Only an order on hold can be released."))
    # Four eyes: the manager who handles the order does not release its credit hold (unless allowed, recorded).
    self_approved = four_eyes_check(actor=actor, requester_id=locked.owner_id)
    locked = _confirm(locked, actor=actor, today=timezone.localdate(), reason=reason, self_approved=self_approved)
    instance_sync(order, locked)
    return locked


def _confirm(order: Order, *, actor, today: datetime.date, reason: str, self_approved: bool = False,
             mail: MailComposition | None = None) -> Order:  # fmt: skip
    order_reserve(order=order, today=today)
    order = status_transition(
        obj=order, to=OrderStatus.CONFIRMED, actor=actor, allowed=ORDER_TRANSITIONS, reason=reason,
        extra_fields={"confirmed_at": timezone.now()}, self_approved=self_approved,
    )  # fmt: skip
    if order.company.kind == Company.Kind.PROSPECT:
        company_convert_to_customer(company=order.company, actor=actor,
                                    reason=stored_text(texts.HISTORY_FIRST_ORDER, number=order.number))  # fmt: skip
    to = mail.to if mail is not None and mail.to else document_recipients(order)
    order_confirmation_mail(order=order, to=to, actor=actor, composition=mail)
    return order


def order_reserve(*, order: Order, today: datetime.date) -> None:
    """Reserve what is available now for each goods line; date the rest (incoming goods or supplier lead time)."""
    lines = [line for line in order.lines.select_related("product") if line.is_goods]
    products = products_lock({line.product_id for line in lines})
    for line in lines:
        product = products[line.product_id]
        wanted = line.quantity - line.quantity_delivered - line.quantity_reserved
        take = max(min(product.available_now, wanted), Decimal(0))
        product.reserved += take
        line.quantity_reserved += take
        line.expected_on = _backorder_date(product, line, wanted - take, today) if wanted > take else None
        line.save(update_fields=["quantity_reserved", "expected_on"])
    for product in products.values():
        product.save(update_fields=["reserved", "updated_at"])


def products_lock(ids) -> dict[int, Product]:
    """Lock product rows in pk order (every stock movement does), so concurrent movements queue, never deadlock."""
    return {p.pk: p for p in Product.objects.select_for_update().filter(pk__in=ids).order_by("pk")}


def _backorder_date(product: Product, line: OrderLine, missing: Decimal, today: datetime.date):
    """When `missing` units arrive for this line: after the backorders already waiting for the same product."""
    waiting = sum(
        (other.quantity_backordered for other in OrderLine.objects.filter(
            product=product, order__status__in=ORDER_OPEN).exclude(pk=line.pk).select_related("product")),
        Decimal(0),
    )  # fmt: skip
    answer = availability_for(product=product, quantity=product.available_now + waiting + missing, today=today)
    if answer.later_on:
        return answer.later_on
    if answer.lead_days is not None:
        return today + datetime.timedelta(days=answer.lead_days)
    return None


@transaction.atomic
def order_cancel(*, order: Order, actor, reason: str) -> Order:
    """Cancel an order not delivered yet: its reservations go back to stock (and to backorders waiting)."""
    _require(actor, CHANGE_ORDERS)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the order is cancelled.")})
    locked = Order.objects.select_for_update().get(pk=order.pk)
    if locked.lines.filter(quantity_delivered__gt=0).exists():
        raise DomainError(_("Part of this order has been delivered; it can no longer be cancelled."))
    lines = list(locked.lines.filter(quantity_reserved__gt=0))
    products = products_lock({line.product_id for line in lines})
    for line in lines:
        products[line.product_id].reserved -= line.quantity_reserved
        line.quantity_reserved = 0
        line.save(update_fields=["quantity_reserved"])
    for product in products.values():
        product.save(update_fields=["reserved", "updated_at"])
    locked = order_transition(order=locked, to=OrderStatus.CANCELLED, actor=actor, reason=reason)
    backorders_allocate(product_ids=list(products), today=timezone.localdate())
    instance_sync(order, locked)
    return locked


def backorders_allocate(*, product_ids, today: datetime.date) -> list[OrderLine]:
    """Give free stock to the lines waiting for it, oldest confirmation first. Returns the lines served."""
    served = []
    products = products_lock(product_ids)
    waiting = (
        OrderLine.objects.filter(product_id__in=products, order__status__in=ORDER_OPEN)
        .select_related("order")
        .order_by("order__confirmed_at", "order_id", "position", "pk")
    )
    for line in waiting:
        product = products[line.product_id]
        line.product = product
        wanted = line.quantity_backordered
        take = min(product.available_now, wanted)
        if take <= 0:
            continue
        product.reserved += take
        line.quantity_reserved += take
        line.backorder_served_at = timezone.now()
        if take == wanted:
            line.expected_on = None
        line.save(update_fields=["quantity_reserved", "expected_on", "backorder_served_at"])
        served.append(line)
    for product in products.values():
        product.save(update_fields=["reserved", "updated_at"])
    return served


@transaction.atomic
def order_line_reschedule(*, line: OrderLine, expected_on: datetime.date, actor) -> OrderLine:
    """A backorder gets a new expected date (the supplier moved it). A later date is a delay: the customer is told
    at once, with the updated confirmation."""
    _require(actor, CHANGE_ORDERS)
    locked = OrderLine.objects.select_for_update(of=("self",)).select_related("order", "product").get(pk=line.pk)
    order = locked.order
    if order.status not in ORDER_OPEN or not locked.quantity_backordered:
        raise DomainError(_("Only a backordered line of an open order gets a new date."))
    if expected_on < timezone.localdate():
        raise ValidationError({"expected_on": _("The expected date cannot lie in the past.")})
    previous = locked.expected_on
    locked.expected_on = expected_on
    locked.save(update_fields=["expected_on"])
    if previous is None or expected_on > previous:
        with translation.override(order.language):
            change = _("The delivery of %(quantity)s × %(description)s moves to %(date)s. We apologise.") % {
                "quantity": f"{locked.quantity_backordered.normalize():f}".replace(".", ","),
                "description": locked.description,
                "date": expected_on.strftime("%d/%m/%Y"),
            }
        order_confirmation_mail(order=order, to=document_recipients(order), actor=actor, change=change)
    line.expected_on = expected_on
    return locked
