"""Junk on the foundation's pages: a `next` that is not a page of ours, a NUL character in a search."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from orderdesk.mail import mail_queue, render_text
from orderdesk.permissions import ACCOUNTING
from orderdesk.redirects import safe_next
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _language_kept():
    """The pages switch the thread's language to the visitor's; the tests after these expect it back."""
    language = translation.get_language()
    yield
    translation.activate(language)


@pytest.mark.parametrize(
    ("typed", "safe"),
    [("/approvals/", "/approvals/"), ("abc", None), ("https://evil.example/", None), ("//evil.example/", None),
     ("", None), ("a\x00b", None), ("/\\evil.example", None)],
)  # fmt: skip
def test_only_a_page_of_ours_is_a_next_page(typed, safe):
    assert safe_next(RequestFactory().post("/", {"next": typed})) == safe


@pytest.mark.parametrize("typed", ["abc", "https://evil.example/", "x" * 10_000])
def test_switching_the_language_with_a_junk_next_page_goes_home(client, typed):
    response = client.post(reverse("orderdesk:language"), {"language": "fr", "next": typed})
    assert (response.status_code, response.url) == (302, "/")


def test_a_nul_character_in_a_search_never_reaches_the_database(client):
    client.force_login(UserFactory(role=ACCOUNTING))
    sent = []

    def spy(execute, sql, params, many, context):
        sent.extend(value for value in params or () if isinstance(value, str))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(spy):
        assert client.get(reverse("orderdesk:outbox-list"), {"q": "Jan\x00ssens", "state": "\x00"}).status_code == 200
        assert client.get(reverse("desk:search"), {"q": "Jan\x00ssens"}).status_code == 200
    assert not [value for value in sent if "\x00" in value]


def test_a_mail_text_is_not_html_escaped_and_its_subject_is_one_line(tmp_path, settings):
    template = tmp_path / "mail_subject.txt"
    template.write_text("Offerte van {{ company }} voor {{ customer }}")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    subject = render_text("mail_subject.txt", {"company": "Van den Broucke & Co", "customer": "L'Atelier <Zoë>"})
    assert subject == "Offerte van Van den Broucke & Co voor L'Atelier <Zoë>"
    message = mail_queue(to=["jan@example.be"], subject="Janssens & Zonen\nline two", body="…")
    assert message.subject == "Janssens & Zonen line two"
