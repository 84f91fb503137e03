"""My desk's cards list the first few items, each one click from its action, and a customer's answer on the quote
link shows at once on the desk of the quote's owner."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from desk.selectors import desk_queues
from sales.models import Quote
from sales.services.documents import quote_link_token
from sales.services.lines import document_line_save
from sales.services.quotes import quote_accept, quote_create, quote_decline, quote_send
from tests.sales.conftest import *  # noqa: F403 - customer, products, English messages
from tests.sales.conftest import _english_messages  # noqa: F401

pytestmark = pytest.mark.django_db


def _queues(user) -> dict:
    with translation.override("en"):
        return {str(queue.label): queue for queue in desk_queues(user=user)}


def test_a_card_lists_the_five_that_wait_longest_and_says_how_many_more(client, customer, assistant):
    now = timezone.now()
    quotes = [
        Quote.objects.create(company=customer, owner=assistant, status="sent", sent_at=now - datetime.timedelta(days=d),
                             valid_until=timezone.localdate() + datetime.timedelta(days=30))
        for d in (11, 40, 12, 30, 20, 13, 25)
    ]  # fmt: skip

    queue = _queues(assistant)["Sent quotes without an answer for 10 days"]

    by_age = sorted(quotes, key=lambda q: q.sent_at)
    assert [item.url for item in queue.items] == [reverse("sales:quote-detail", args=[q.pk]) for q in by_age[:5]]
    assert (queue.count, queue.more, queue.oldest_url) == (7, 2, queue.items[0].url)
    client.force_login(assistant)
    page = client.get(reverse("desk:desk")).content.decode()
    assert all(f'href="{item.url}"' in page for item in queue.items)
    assert f'href="{reverse("sales:quote-detail", args=[by_age[5].pk])}"' not in page


def test_the_customers_answer_on_the_link_shows_on_the_owners_desk_only(client, customer, contact, assistant,
                                                                         manager, oven, discount_limits):  # fmt: skip
    def sent_quote():
        quote = quote_create(company=customer, contact=contact, actor=assistant)
        document_line_save(document=quote, actor=assistant, product=oven, quantity="1")
        return quote_send(quote=quote, actor=assistant)

    accepted, declined = sent_quote(), sent_quote()
    assert "Customer answers" not in _queues(assistant)

    quote_accept(token=quote_link_token(accepted), name="Jan Peeters")
    quote_decline(token=quote_link_token(declined), reason="Too expensive")

    queue = _queues(assistant)["Customer answers"]
    assert [(item.url, str(item.badge)) for item in queue.items] == [
        (reverse("sales:quote-detail", args=[declined.pk]), "declined"),  # the newest answer first
        (reverse("sales:quote-detail", args=[accepted.pk]), "accepted"),
    ]
    assert "Customer answers" not in _queues(manager)  # not the owner
    client.force_login(assistant)
    listed = client.get(queue.url).context["page_obj"].object_list
    assert [quote.pk for quote in listed] == [declined.pk, accepted.pk]
    page = client.get(reverse("desk:desk")).content.decode()
    assert "Antwoorden van klanten" in page and "afgewezen" in page  # the desk speaks Dutch
