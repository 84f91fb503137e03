import base64
import http.server
import threading

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from orderdesk.demo import seed_company
from orderdesk.pdf import BASE_URL, LocalOnlyURLFetcher, RefusedURL, html_to_pdf
from tests.pdf_tools import pdf_attachments, pdf_images, pdf_page_count, pdf_text

# A 1×1 red PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading", "terms"),
    [
        ("nl", "Voorbeelddocument", "Onze algemene verkoopsvoorwaarden"),
        ("fr", "Document d'exemple", "Nos conditions générales de vente"),
        ("en", "Sample document", "Our general terms of sale"),
    ],
)
def test_the_sample_document_shows_our_legal_mentions_in_the_requested_language(
    assistant_client, language, heading, terms
):
    seed_company()
    response = assistant_client.get(reverse("orderdesk:company-preview", args=[language]))

    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert pdf_page_count(response.content) == 1
    assert heading in text
    assert terms in text
    # Mandatory mentions: name and legal form, enterprise number, register court, IBAN.
    assert "Vandenbroucke Technics BV" in text
    assert "0403.170.701" in text
    assert "RPR Gent" in text
    assert "BE73 7350 1234 5660" in text
    # Belgian amounts whatever the language: 2 × 125,50 and the total of 1 234,56.
    assert "251,00 €" in text
    assert "1.234,56 €" in text


@pytest.mark.django_db
def test_the_company_logo_from_media_is_embedded(assistant_client):
    company = seed_company()
    company.logo.save("logo.png", ContentFile(PNG))

    response = assistant_client.get(reverse("orderdesk:company-preview", args=["nl"]))

    assert len(pdf_images(response.content)) == 1


def test_a_template_cannot_pull_a_local_file_into_the_pdf():
    pdf = html_to_pdf(
        """
        <link rel="stylesheet" href="file:///etc/passwd">
        <img src="file:///etc/passwd">
        <img src="/static/../../../../etc/passwd">
        <a rel="attachment" href="file:///etc/passwd">passwd</a>
        <object data="file:///etc/passwd"></object>
        <p>Visible text</p>
        """
    )

    assert "Visible text" in pdf_text(pdf)
    assert b"root:" not in pdf
    assert pdf_attachments(pdf) == []
    assert pdf_images(pdf) == []


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(PNG)

    def log_message(self, *args):
        pass


@pytest.fixture
def counting_server():
    _CountingHandler.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _CountingHandler.hits
    server.shutdown()
    server.server_close()


def test_a_template_cannot_reach_the_network(counting_server):
    url, hits = counting_server
    pdf = html_to_pdf(
        f"""
        <style>@import url("{url}/import.css"); p {{ background: url("{url}/background.png"); }}</style>
        <link rel="stylesheet" href="{url}/style.css">
        <img src="{url}/image.png">
        <a rel="attachment" href="{url}/attachment.bin">file</a>
        <p>Visible text</p>
        """
    )

    assert hits == []
    assert "Visible text" in pdf_text(pdf)
    assert pdf_images(pdf) == []
    assert pdf_attachments(pdf) == []


def test_the_fetcher_serves_our_static_files_and_refuses_everything_else():
    fetcher = LocalOnlyURLFetcher()

    response = fetcher.fetch(f"{BASE_URL}static/documents/document.css")
    assert b"@page" in response.read()

    for url in [
        "file:///etc/passwd",
        "https://example.com/logo.png",
        f"{BASE_URL}static/../settings.py",
        f"{BASE_URL}admin/",
        f"{BASE_URL}static/no-such-file.css",
    ]:
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)


def test_media_files_are_served_from_storage():
    default_storage.save("company/logo.png", ContentFile(PNG))

    response = LocalOnlyURLFetcher().fetch(f"{BASE_URL}media/company/logo.png")

    assert (response.content_type, response.read()) == ("image/png", PNG)
