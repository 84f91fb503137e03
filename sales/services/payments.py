"""Payments: register what a customer paid (or what we refunded) and spread it over their open documents.

The invoices are locked in pk order before their open amount is read, so two people booking payments for the
same customer queue up instead of both taking the same open amount. What is not allocated stays the
customer's credit.
"""

import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from customers.models import Company
from orderdesk.exceptions import PermissionDeniedError
from orderdesk.money import ZERO, quantize
from orderdesk.numbers import NumberError, to_number
from orderdesk.permissions import ADD_PAYMENTS
from sales.models import Payment, PaymentAllocation
from sales.selectors.receivables import open_documents
from sales.services.invoicing import invoice_settle


def _money(value, field: str) -> Decimal:
    try:
        return quantize(to_number(value, max_digits=14, decimal_places=2))
    except NumberError as error:
        raise ValidationError({field: error.message}) from None


@transaction.atomic
def payment_register(
    *,
    company: Company,
    actor,
    received_on: datetime.date,
    amount,
    method: str = Payment.Method.TRANSFER,
    reference: str = "",
    payer: str = "",
    notes: str | dict = "",
    direction: str = Payment.Direction.RECEIVED,
    allocations: Mapping[int, object] | None = None,
) -> Payment:
    """Book a payment and allocate it: to the amounts given per document ({invoice id: amount}), or, without
    them, to the oldest open documents first. Each allocation is at most the document's open amount; the total
    at most the payment; the rest is the customer's credit. Notes the system writes are a stored text
    (orderdesk.stored_texts)."""
    if actor is not None and not actor.has_perm(ADD_PAYMENTS):  # None: the bank import run by a command
        raise PermissionDeniedError(_("You do not have the permission to do this."))
    amount = _money(amount, "amount")
    if amount <= 0:
        raise ValidationError({"amount": _("The amount must be more than zero.")})
    documents = list(open_documents(company, direction=direction).select_for_update(of=("self",)).order_by("pk"))
    by_id = {document.pk: document for document in documents}
    wanted: dict[int, Decimal] = {}
    if allocations:
        for invoice_id, value in allocations.items():
            if value in (None, ""):
                continue
            share = _money(value, f"allocation_{invoice_id}")
            if share == 0:
                continue
            document = by_id.get(int(invoice_id))
            if document is None:
                raise ValidationError(_("This document is not open for this customer any more."))
            if share < 0 or share > document.amount_open:
                raise ValidationError({f"allocation_{invoice_id}": _(
                    "%(number)s: between 0 and the open %(open)s.") % {"number": document.number,
                                                                         "open": document.amount_open}})  # fmt: skip
            wanted[document.pk] = share
        if sum(wanted.values(), ZERO) > amount:
            raise ValidationError(_("The allocations (%(allocated)s) are more than the payment (%(amount)s).")
                                  % {"allocated": sum(wanted.values(), ZERO), "amount": amount})  # fmt: skip
    else:
        left = amount
        for document in sorted(documents, key=lambda d: (d.due_date or d.issue_date, d.issue_date, d.number)):
            if left <= 0:
                break
            share = min(left, document.amount_open)
            if share > 0:
                wanted[document.pk], left = share, left - share
    payment = Payment.objects.create(
        company=company, direction=direction, received_on=received_on, amount=amount, method=method,
        reference=reference.strip(), payer=payer.strip(), created_by=actor if actor else None,
        **({"notes_data": notes} if isinstance(notes, dict) else {"notes": notes}),
    )  # fmt: skip
    for invoice_id, share in wanted.items():
        document = by_id[invoice_id]
        PaymentAllocation.objects.create(payment=payment, invoice=document, amount=share)
        document.amount_paid += share
        document.save(update_fields=["amount_paid", "updated_at"])
        invoice_settle(invoice=document, actor=actor)
    return payment
