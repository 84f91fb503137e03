"""The portal's parts on the assistant's pages (loaded by name, so the lower apps import nothing of the portal):
the customer file's "personal link" section, My desk's "From the customer portal" card, a complaint's photos."""

from django import template

from portal.models import PortalAccess, PortalRequest
from portal.selectors import portal_last_used, portal_requests_for, portal_work_for

register = template.Library()

DESK_ITEMS = 8


@register.inclusion_tag("portal/_customer_section.html", takes_context=True)
def portal_customer_section(context, company):
    contacts = list(company.contacts.filter(is_active=True, anonymised_at=None))
    active = {}
    for access in PortalAccess.objects.filter(company=company, revoked_at=None).order_by("expires_at"):
        if access.is_active:
            active[access.contact_id] = access
    for contact in contacts:
        contact.portal_access = active.get(contact.pk)
    return {
        "company": company, "contacts": contacts, "last_used": portal_last_used(company),
        "requests": list(portal_requests_for(company)[:10]), "perms": context.get("perms"),
        "csrf_token": context.get("csrf_token"),
    }  # fmt: skip


@register.inclusion_tag("portal/_desk_card.html")
def portal_desk_card(user):
    work = portal_work_for(user)
    return {"count": work.count(), "items": list(work[:DESK_ITEMS])}


@register.inclusion_tag("portal/_complaint_photos.html")
def portal_complaint_photos(complaint):
    requests = PortalRequest.objects.filter(complaint=complaint).prefetch_related("photos")
    return {"photos": [photo for request in requests for photo in request.photos.all()],
            "from_portal": requests.exists()}  # fmt: skip


@register.simple_tag
def portal_link_line(contact):
    """In a document mail: the contact's personal link to their own page ("" when they cannot have one). For the
    composer (a contact marked `link_preview`) the placeholder instead: showing a mail makes no link."""
    from django.utils.translation import gettext as _

    from orderdesk.mail import PERSONAL_LINK
    from portal.services import portal_link_for_document, portal_link_possible

    if getattr(contact, "link_preview", False):
        url = PERSONAL_LINK if portal_link_possible(contact) else ""
    else:
        url = portal_link_for_document(contact)
    if not url:
        return ""
    return _("All your quotes, orders, deliveries and invoices, always up to date, on your own page:") + f"\n{url}\n\n"


@register.simple_tag
def portal_link_url(contact):
    """The contact's personal link alone (made now if needed), for a composed mail's placeholder; "" if none."""
    from portal.services import portal_link_for_document

    return portal_link_for_document(contact)
