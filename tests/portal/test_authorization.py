"""The authorization matrix of the portal's routes: every route is either the customer's (a valid personal link, no
login) or the assistant's (login and permission). A new route that is in neither list fails here."""

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, reverse

from portal import urls as portal_urls
from portal.models import PortalPhoto, PortalRequest
from portal.services import portal_token

pytestmark = pytest.mark.django_db

PUBLIC = {"request-link"}  # anyone: asking for a link
CUSTOMER = {  # a valid token, no login; another customer's token finds nothing
    "home", "statement-pdf", "quote", "quote-pdf", "order-pdf", "delivery-pdf", "usage-document", "problem",
    "invoice-pdf", "invoice-ubl", "promise", "ask",
}  # fmt: skip
# The assistant's: (method, the permission a role needs).
STAFF = {
    "link-send": ("post", "customers.change_contact"),
    "link-revoke": ("post", "customers.change_contact"),
    "promise-confirm": ("post", "sales.add_paymentpromise"),
    "request-close": ("post", "customers.change_followuptask"),
    "photo": ("get", "complaints.view_complaint"),
}


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def _names() -> set[str]:
    return {pattern.name for pattern in portal_urls.urlpatterns if isinstance(pattern, URLPattern)}


def test_every_portal_route_is_in_the_matrix():
    assert _names() == PUBLIC | CUSTOMER | set(STAFF)


def _customer_args(name, token, world, document_pk=0):
    return {
        "home": [token], "statement-pdf": [token], "quote": [token, world["quote"].pk],
        "quote-pdf": [token, world["quote"].pk], "order-pdf": [token, world["order"].pk],
        "delivery-pdf": [token, world["note"].pk], "usage-document": [token, world["note"].pk, document_pk],
        "problem": [token, world["note"].lines.get().pk], "invoice-pdf": [token, world["invoice"].pk],
        "invoice-ubl": [token, world["invoice"].pk], "promise": [token, world["invoice"].pk],
        "ask": [token, "invoice", world["invoice"].pk],
    }[name]  # fmt: skip


def test_customer_routes_answer_a_valid_link_and_refuse_any_other(world, access):
    from portal.services import portal_link_send

    anonymous = Client()
    other = portal_link_send(contact=world["other_contact"], actor=world["quote"].owner)
    for name in sorted(CUSTOMER - {"usage-document", "invoice-ubl"}):
        mine = anonymous.get(reverse(f"portal:{name}", args=_customer_args(name, portal_token(access), world)))
        assert mine.status_code == 200, name
        forged = anonymous.get(reverse(f"portal:{name}", args=_customer_args(name, "made-up", world)))
        assert forged.status_code == 404, name
        # Another customer's valid link: their own page and statement, never this customer's documents.
        theirs = anonymous.get(reverse(f"portal:{name}", args=_customer_args(name, portal_token(other), world)))
        if name in ("home", "statement-pdf"):
            assert theirs.status_code == 200 and world["invoice"].number.encode() not in theirs.content, name
        else:
            assert theirs.status_code == 404, name
    # No usage document for this product: not found, not another product's.
    assert anonymous.get(reverse("portal:usage-document", args=_customer_args(
        "usage-document", portal_token(access), world, document_pk=1))).status_code == 404  # fmt: skip


@pytest.mark.parametrize("name", sorted(STAFF))
def test_staff_routes_need_a_login_and_the_permission(name, world, access, client, assistant, accountant):
    contact = world["contact"]
    request = PortalRequest.objects.create(kind=PortalRequest.Kind.PROMISE, company=world["customer"],
                                           contact=contact, document_id=world["invoice"].pk,
                                           promised_for=world["invoice"].due_date, amount=1)  # fmt: skip
    photo = PortalPhoto.objects.create(request=request, file=ContentFile(b"\x89PNG\r\n\x1a\n", name="p.png"),
                                       original_name="p.png")  # fmt: skip
    pk = {"link-send": contact.pk, "link-revoke": contact.pk, "promise-confirm": request.pk,
          "request-close": request.pk, "photo": photo.pk}[name]  # fmt: skip
    method, permission = STAFF[name]
    url = reverse(f"portal:{name}", args=[pk])
    # Anonymous (even with a customer's valid link in hand): to the login page.
    response = getattr(client, method)(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    # Each role: allowed exactly when it holds the permission.
    for user in (assistant, accountant):
        client.force_login(user)
        response = getattr(client, method)(url)
        if user.has_perm(permission) and (name != "photo" or user.has_perm("customers.view_company")):
            assert response.status_code != 403, (name, user)
        else:
            assert response.status_code == 403, (name, user)
