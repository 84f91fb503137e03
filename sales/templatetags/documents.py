from django import template

from sales.selectors.customer_file import company_documents as _company_documents

register = template.Library()

STATUS_CLASSES = {
    "draft": "secondary",
    "open": "info",
    "awaiting_approval": "warning",
    "on_hold": "warning",
    "approved": "info",
    "sent": "primary",
    "ordered": "success",
    "accepted": "success",
    "confirmed": "primary",
    "partially_delivered": "info",
    "partially_received": "info",
    "shipped": "info",
    "delivered": "success",
    "received": "success",
    "invoiced": "success",
    "quoted": "success",
    "declined": "danger",
    "expired": "dark",
    "cancelled": "dark",
    "closed": "dark",
    "issued": "primary",
    "partially_paid": "info",
    "paid": "success",
    "credited": "dark",
    "queued": "secondary",
    "new": "info",
    "assessing": "info",
    "escalated": "warning",
    "proposed": "primary",
    "refused": "danger",
    "resolved": "success",
    "stored": "info",
    "failed": "danger",
}


@register.inclusion_tag("sales/_status_badge.html")
def status_badge(document, field="status"):
    """The status of any document as a coloured badge, in the user's language."""
    value = getattr(document, field)
    label = document.status_label if field == "status" and hasattr(document, "status_label") else None
    label = label or getattr(document, f"get_{field}_display")()
    return {"label": label, "css": STATUS_CLASSES.get(value, "secondary")}


@register.simple_tag
def scoped_filters(form) -> list[str]:
    """The hidden filters a list was opened with (from the dashboard or My desk), by label: the page says it is
    narrowed down, since the form does not show them."""
    if not form.is_bound:
        return []
    return [str(field.label) for field in form.hidden_fields() if form.data.get(field.name)]


@register.simple_tag
def quantity_unit(quantity, unit: str) -> str:
    """ "2 boxes" / "2 dozen" / "2 boîtes": the quantity in the Belgian format with its unit, singular or plural."""
    from orderdesk.templatetags.orderdesk import quantity as quantity_format
    from sales.models.catalog import unit_label

    return f"{quantity_format(quantity)} {unit_label(unit, quantity)}"


@register.simple_tag(takes_context=True)
def company_documents(context, company) -> dict:
    """The customer file's quotes, orders, invoices and reminders, as the signed-in user may see them."""
    return _company_documents(company=company, user=context["request"].user)


@register.filter
def approval_reasons_for(document, user) -> list[str]:
    """Why a quote, order or draft invoice waits for a manager, in the reader's language; margin figures only for
    a reader who may see cost prices."""
    from orderdesk.permissions import VIEW_MARGIN
    from sales.services.quotes import approval_reason_text

    show_cost = user.has_perm(VIEW_MARGIN)
    if document.approval_problems:
        return [approval_reason_text(problem, show_cost=show_cost) for problem in document.approval_problems]
    return getattr(document, "approval_reasons", "").splitlines()
