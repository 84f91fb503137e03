"""The sales part of the customer file: the customers app shows it through the `company_documents` template tag,
so that customers never imports sales."""

from sales.selectors.invoices import company_open_invoices_total
from sales.selectors.receivables import company_reminders
from sales.states import INVOICE_OPEN

RECENT_DOCUMENTS = 8


def company_documents(*, company, user) -> dict:
    """The latest quotes, orders and (for who may see them) invoices and reminders of a customer."""
    return {
        "quotes": company.quotes.select_related("company").order_by("-created_at")[:RECENT_DOCUMENTS],
        "orders": company.orders.order_by("-created_at")[:RECENT_DOCUMENTS],
        "invoices": company.invoices.order_by("-created_at")[:RECENT_DOCUMENTS]
        if user.has_perm("sales.view_invoice")
        else [],
        "open_invoices": company_open_invoices_total(company),
        "reminders": company_reminders(company)[:RECENT_DOCUMENTS] if user.has_perm("sales.view_reminderrun") else [],
        "handed_over": company.invoices.exclude(handed_over_to="").filter(status__in=INVOICE_OPEN).count(),
    }
