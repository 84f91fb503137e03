from django import template

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
