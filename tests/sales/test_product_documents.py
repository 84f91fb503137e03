"""Product documents: checked by content, stored under a random name, served only to staff as a download."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sales.models import ProductDocument
from tests.factories import ProductFactory, UserFactory

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


@pytest.fixture
def product(db):
    return ProductFactory(sku="OVEN-60")


def _upload(client, product, name, content):
    return client.post(
        reverse("sales:product-document-add", args=[product.pk]),
        {"title": "Manual", "language": "nl", "file": SimpleUploadedFile(name, content)},
    )


def test_an_html_file_renamed_pdf_is_refused(manager_client, product):
    _upload(manager_client, product, "manual.pdf", HTML)

    assert not ProductDocument.objects.exists()


def test_a_pdf_is_stored_under_a_random_name_and_keeps_its_own_for_the_download(manager_client, product):
    _upload(manager_client, product, "Handleiding oven.pdf", PDF)

    document = ProductDocument.objects.get()
    assert document.original_name == "Handleiding oven.pdf"
    assert document.file.name.startswith("products/") and "Handleiding" not in document.file.name

    response = manager_client.get(reverse("sales:product-document", args=[product.pk, document.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment") and "Handleiding" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    page = manager_client.get(reverse("sales:product-detail", args=[product.pk])).content.decode()
    assert reverse("sales:product-document", args=[product.pk, document.pk]) in page and "/media/" not in page


def test_a_document_needs_login_and_the_permission_to_see_the_catalog(client, manager_client, product):
    _upload(manager_client, product, "manual.pdf", PDF)
    document = ProductDocument.objects.get()
    url = reverse("sales:product-document", args=[product.pk, document.pk])
    manager_client.logout()

    assert client.get(url).status_code == 302  # to the login page
    client.force_login(UserFactory(username="no.role"))
    assert client.get(url).status_code == 403
    # Another product's id in the path does not reach the document.
    other = ProductFactory(sku="OTHER-1")
    client.force_login(UserFactory(username="an.assistant2", role="Assistant"))
    assert client.get(reverse("sales:product-document", args=[other.pk, document.pk])).status_code == 404
    assert client.get(url).status_code == 200
