"""From the price check to a quote in one click: the line goes on a new quote or on the customer's draft."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from customers.models import Company
from orderdesk.exceptions import DomainError
from sales.models import Product, Quote
from sales.services.lines import document_line_save
from sales.services.quotes import quote_create


@transaction.atomic
def quote_line_add(*, company: Company, product: Product, quantity: Decimal, actor, quote: Quote | None = None
                   ) -> Quote:  # fmt: skip
    """Put `quantity` of `product` at the customer's price on `quote` (a draft of this customer), or on a new quote
    for them when None. The line is priced as the line editor prices it."""
    if quote is None:
        quote = quote_create(company=company, actor=actor)
    elif quote.company_id != company.pk:
        raise DomainError(_("This quote is for another customer."))
    document_line_save(document=quote, actor=actor, product=product, quantity=quantity)
    return quote
