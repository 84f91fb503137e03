"""The header and terms every page a customer opens carries: our name, logo, the person to contact and our terms."""

import base64

from django import template

from orderdesk.models import CompanySettings
from orderdesk.uploads import sniff

register = template.Library()


def _logo_data_uri(company: CompanySettings) -> str:
    """The logo inline (the customer is not signed in, and the logo view is for users only)."""
    if not company.logo:
        return ""
    try:
        with company.logo.open("rb") as handle:
            content = handle.read(2 * 1024 * 1024)
    except (OSError, ValueError):
        return ""
    found = sniff(content[:2048])
    if found is None or found[0] != "image":
        return ""
    return f"data:{found[1]};base64,{base64.b64encode(content).decode()}"


@register.inclusion_tag("orderdesk/_customer_header.html")
def customer_page_header(owner=None, contact=None):
    """`owner`: the person at our company who handles this customer (their name and e-mail address are shown)."""
    company = CompanySettings.load()
    return {"our": company, "logo": _logo_data_uri(company), "owner": owner, "contact": contact}


@register.inclusion_tag("orderdesk/_customer_terms.html")
def customer_page_terms(language: str):
    return {"terms": CompanySettings.load().terms_for(language)}
