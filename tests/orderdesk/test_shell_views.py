import pytest
from django.contrib.auth import get_user_model
from django.core import mail as django_mail
from django.core.management import call_command
from django.urls import reverse

from orderdesk.demo import DEMO_USERS, seed_company
from orderdesk.mail import mail_queue
from orderdesk.models import CompanySettings
from orderdesk.navigation import NAVIGATION
from orderdesk.permissions import ACCOUNTING, ASSISTANT, MANAGER
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGES_FOR_EVERYONE = [entry.url_name for entry in NAVIGATION if entry.permission is None] + [
    "orderdesk:company-settings",
    "desk:search",
    "password_change",
]


@pytest.mark.parametrize("role", [ASSISTANT, MANAGER, ACCOUNTING])
def test_every_role_opens_every_page_of_its_navigation(client, role):
    user = UserFactory(role=role)
    client.force_login(user)
    for entry in NAVIGATION:
        response = client.get(reverse(entry.url_name))
        expected = 200 if entry.permission is None or user.has_perm(entry.permission) else 403
        assert response.status_code == expected, entry.url_name
    for name in PAGES_FOR_EVERYONE:
        assert client.get(reverse(name)).status_code == 200, name


def test_an_assistant_is_refused_the_manager_pages_with_a_friendly_page(assistant_client):
    response = assistant_client.get(reverse("desk:dashboard"))

    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()
    assert "Dashboard" not in [str(item["label"]) for item in response.context["navigation"]]


def test_an_assistant_cannot_change_the_company_data(assistant_client):
    seed_company()

    response = assistant_client.post(reverse("orderdesk:company-settings"), {"name": "Hijacked"})

    assert response.status_code == 403
    assert CompanySettings.load().name == "Vandenbroucke Technics"
    # The read-only view has no form to submit.
    page = assistant_client.get(reverse("orderdesk:company-settings"))
    assert page.context["form"] is None
    assert "manager" in page.content.decode()


def test_the_manager_sees_the_dashboard_in_the_navigation(manager_client):
    response = manager_client.get(reverse("desk:dashboard"))

    assert response.status_code == 200
    assert "Dashboard" in [str(item["label"]) for item in response.context["navigation"]]


@pytest.mark.parametrize("name", PAGES_FOR_EVERYONE + ["desk:dashboard", "orderdesk:outbox-list"])
def test_every_page_requires_login(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_login_and_password_reset_pages_are_public_and_reset_mails_a_link(client):
    UserFactory(username="an", email="an@vandenbroucke-technics.be")

    assert client.get(reverse("login")).status_code == 200
    response = client.post(reverse("password_reset"), {"email": "an@vandenbroucke-technics.be"})

    assert response.status_code == 302
    (message,) = django_mail.outbox
    assert message.to == ["an@vandenbroucke-technics.be"]
    assert "/accounts/reset/" in message.body


def test_logging_in_opens_my_desk_in_my_own_language(client):
    UserFactory(username="sophie", language="fr")

    response = client.post(reverse("login"), {"username": "sophie", "password": "secret-pass-123"}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("desk:desk")
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "Mon bureau" in html


def test_switching_the_language_is_remembered_on_the_profile(assistant_client, assistant):
    response = assistant_client.post(
        reverse("orderdesk:language"), {"language": "fr", "next": reverse("orderdesk:outbox-list")}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("orderdesk:outbox-list")
    assistant.refresh_from_db()
    assert assistant.language == "fr"
    assert '<html lang="fr">' in assistant_client.get(reverse("desk:desk")).content.decode()


def test_switching_to_an_unknown_language_changes_nothing_and_says_so(assistant_client, assistant):
    response = assistant_client.post(reverse("orderdesk:language"), {"language": "de", "next": "https://evil.example"})

    assert response["Location"] == "/"
    assistant.refresh_from_db()
    assert assistant.language == "nl"
    messages = [str(message) for message in response.wsgi_request._messages]
    assert messages == ["Deze taal is niet beschikbaar."]


def test_the_global_search_finds_a_mail_by_recipient(assistant_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        mail_queue(to=["inkoop@bakkerij-janssens.be"], subject="Offerte Q2026-000007", body="...", language="nl")

    response = assistant_client.get(reverse("desk:search"), {"q": "bakkerij"})

    assert "Offerte Q2026-000007" in response.content.decode()
    fragment = assistant_client.get(reverse("desk:search"), {"q": "bakkerij"}, headers={"HX-Request": "true"})
    assert "<html" not in fragment.content.decode()
    assert "Offerte Q2026-000007" in fragment.content.decode()


def company_form_data(**overrides):
    return {
        "name": "Vandenbroucke Technics",
        "legal_form": "BV",
        "street": "Industrieweg 12",
        "postal_code": "9000",
        "city": "Gent",
        "country": "BE",
        "enterprise_number": "0403.170.701",
        "vat_number": "BE0403170701",
        "register_court": "RPR Gent",
        "iban": "BE73 7350 1234 5660",
        "bic": "KREDBEBB",
        "email": "verkoop@vandenbroucke-technics.be",
        "phone": "+32 9 123 45 67",
        "website": "www.vandenbroucke-technics.be",
        "default_payment_days": "30",
        "late_payment_charges": "on",
        "complaint_credit_limit": "250",
        "terms_nl": "Betaling binnen 30 dagen.",
        "terms_fr": "",
        "terms_en": "",
        **overrides,
    }


def test_a_manager_saves_the_company_data_in_canonical_form(manager_client):
    response = manager_client.post(reverse("orderdesk:company-settings"), company_form_data())

    assert response.status_code == 302
    company = CompanySettings.load()
    assert (company.enterprise_number, company.iban) == ("0403170701", "BE73735012345660")
    assert company.website == "https://www.vandenbroucke-technics.be"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("enterprise_number", "0403.170.702", "ondernemingsnummer"),
        ("iban", "BE73 7350 1234 5661", "IBAN"),
        ("default_payment_days", "90", "60 dagen"),
    ],
)
def test_a_wrong_company_field_is_explained_and_nothing_is_lost(manager_client, field, value, message):
    seed_company()

    response = manager_client.post(reverse("orderdesk:company-settings"), company_form_data(**{field: value}))

    assert response.status_code == 400
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    # What the manager typed is still in the form, and nothing was saved.
    html = response.content.decode()
    assert value in html
    assert "Betaling binnen 30 dagen." in html
    assert CompanySettings.load().terms_nl.startswith("Onze algemene")


def test_an_unknown_page_shows_the_friendly_404(assistant_client):
    response = assistant_client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.content.decode()


def test_seed_demo_is_idempotent_and_gives_every_role_a_login():
    call_command("seed_demo")
    call_command("seed_demo")

    users = get_user_model().objects.filter(username__in=[row[0] for row in DEMO_USERS])
    assert users.count() == len(DEMO_USERS)
    for user in users:
        assert user.check_password("demo")
        assert user.groups.count() == 1
    assert CompanySettings.objects.count() == 1
