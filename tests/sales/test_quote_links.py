"""The customer's quote link: revoked shows nothing, an older revision shows itself as sent, links expire."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from sales.services.documents import quote_link_read, quote_link_token
from sales.services.lines import document_line_save
from sales.services.quotes import quote_create, quote_link_revoke, quote_revise, quote_send


@pytest.fixture
def quote(customer, contact, assistant, oven, discount_limits):
    quote = quote_create(company=customer, contact=contact, actor=assistant)
    document_line_save(document=quote, actor=assistant, product=oven, quantity="2")
    return quote


def _in(quote, text: str) -> str:
    """The message as the customer reads it (the public page speaks the quote's language)."""
    with translation.override(quote.language):
        return gettext(text)


def _total(html: str) -> str:
    return html.split('id="quote-total">', 1)[1].split("<", 1)[0]


def _page(client, token):
    return client.get(reverse("quote-public", args=[token]))


def test_a_revoked_link_shows_nothing_of_the_quote(client, quote, assistant):
    quote_send(quote=quote, actor=assistant)
    token = quote_link_token(quote)
    assert quote.number in _page(client, token).content.decode()

    quote_link_revoke(quote=quote, actor=assistant)

    response = _page(client, token)
    html = response.content.decode()
    assert response.status_code == 404
    assert quote.number not in html and "Oven" not in html and quote.company.name not in html
    assert client.get(reverse("quote-public-pdf", args=[token])).status_code == 404


def test_sending_a_new_revision_never_revives_a_revoked_link(client, quote, assistant):
    quote_send(quote=quote, actor=assistant)
    old_token = quote_link_token(quote)
    quote_link_revoke(quote=quote, actor=assistant)
    quote_revise(quote=quote, actor=assistant)
    quote_send(quote=quote, actor=assistant)

    assert _page(client, old_token).status_code == 404
    assert client.get(reverse("quote-public-pdf", args=[old_token])).status_code == 404
    assert _page(client, quote_link_token(quote)).status_code == 200  # the new revision's own link works


def test_an_older_revision_shows_what_was_sent_and_that_a_newer_one_exists(client, quote, assistant, oven):
    quote_send(quote=quote, actor=assistant)
    old_token = quote_link_token(quote)
    sent_total = _total(_page(client, old_token).content.decode())
    quote_revise(quote=quote, actor=assistant)
    line = quote.lines.get()
    document_line_save(document=quote, actor=assistant, line=line, product=oven, quantity="7",
                       description="Unsent draft text")  # fmt: skip

    # While the draft is being changed the old link shows revision 1 as sent, nothing of the draft.
    html = _page(client, old_token).content.decode()
    assert "Unsent draft text" not in html and _total(html) == sent_total
    assert _in(quote, "This quote is being changed. You will receive the new version by e-mail.") in html

    quote_send(quote=quote, actor=assistant)
    html = _page(client, old_token).content.decode()
    newer = "This quote has been replaced by a newer version. Please use the link in our latest e-mail."
    assert _in(quote, newer) in html
    assert "Unsent draft text" not in html and _total(html) == sent_total
    assert f"{quote.number}</h1>" in html  # rev 1, not "rev 2"
    assert 'name="answer"' not in html  # no accepting an outdated revision


def test_a_link_carries_an_expiry(client, quote, assistant, settings):
    settings.QUOTE_LINK_DAYS_AFTER_VALIDITY = 10
    quote_send(quote=quote, actor=assistant)
    token = quote_link_token(quote)
    last_day = quote.valid_until + datetime.timedelta(days=10)

    assert quote_link_read(token)[2] == last_day
    assert _page(client, token).status_code == 200

    with time_machine.travel(datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time(12),
                                                       tzinfo=timezone.get_current_timezone())):  # fmt: skip
        response = _page(client, token)
        assert response.status_code == 404
        html = response.content.decode()
        assert _in(quote, "This link has expired. Please contact us for a new one.") in html
        assert quote.number not in html


def test_archived_documents_are_served_with_nosniff(client, assistant_client, quote, assistant, settings):
    # The archived PDFs and UBL files (quotes, invoices, credit notes) come from views behind the security
    # middleware, which marks every response nosniff.
    assert settings.SECURE_CONTENT_TYPE_NOSNIFF
    assert settings.MIDDLEWARE[0] == "django.middleware.security.SecurityMiddleware"
    quote_send(quote=quote, actor=assistant)

    public = client.get(reverse("quote-public-pdf", args=[quote_link_token(quote)]))
    archived = assistant_client.get(reverse("sales:quote-pdf", args=[quote.pk]))

    for response in (public, archived):
        assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
