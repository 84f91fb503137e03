"""The Peppol parts other pages show: the customer file's (customers/ may not import sales, so it loads this tag)
and the invoice page's delivery card."""

from django import template

from sales.selectors.invoices import invoice_parties
from sales.selectors.peppol import company_responses, invoice_transmissions, peppol_configured, reachability

register = template.Library()


def _refresh_if_stale(reach) -> None:
    """An old or missing lookup is refreshed by the worker; the page shows what the cache knows now."""
    if reach.stale:
        from sales.tasks import peppol_lookup_task

        peppol_lookup_task.delay(reach.peppol_id)


@register.inclusion_tag("sales/peppol/_customer.html", takes_context=True)
def peppol_customer_section(context, company):
    reach = reachability(company.effective_peppol_id)
    _refresh_if_stale(reach)
    return {
        "company": company, "reach": reach, "responses": company_responses(company.pk),
        "perms": context.get("perms"), "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
    }  # fmt: skip


@register.inclusion_tag("sales/peppol/_invoice.html", takes_context=True)
def peppol_invoice_section(context, invoice):
    buyer = invoice_parties(invoice)["buyer"]
    reach = reachability(buyer.get("peppol_id", "") if invoice.is_draft or invoice.channel else "")
    if invoice.is_draft:
        _refresh_if_stale(reach)
    return {
        "invoice": invoice, "reach": reach, "configured": peppol_configured(),
        "transmissions": invoice_transmissions(invoice), "perms": context.get("perms"),
        "request": context.get("request"), "csrf_token": context.get("csrf_token"),
    }  # fmt: skip
