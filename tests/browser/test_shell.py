"""The page shell in a real browser: every role, every language, every page of the navigation."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from orderdesk.navigation import NAVIGATION
from orderdesk.permissions import ACCOUNTING, ASSISTANT, MANAGER, ROLE_PERMISSIONS
from tests.browser.conftest import README_SHOTS, SCREENSHOTS, VIEWPORT, log_in, switch_language

pytestmark = pytest.mark.browser

LANGUAGES = ["nl", "fr", "en"]
SIDEBAR_LINKS = "nav.sidebar a.nav-link"

# Words that are rightly the same as the English in that language; anything else identical is untranslated.
SAME_AS_ENGLISH = {
    "nl": {
        "Dashboard",  # Dutch offices say "dashboard"
        "Manager",  # the role: Flemish job title, as in English
    },
    "fr": {
        "Administration",  # same word in French (only shown to staff)
    },
}


def slug(url_name: str) -> str:
    return url_name.split(":")[1]


def expected_navigation(role: str) -> list[str]:
    """The hrefs a role should see in the sidebar, in order, from the navigation table itself."""
    allowed = ROLE_PERMISSIONS[role]
    return [entry.url for entry in NAVIGATION if entry.permission is None or entry.permission in allowed]


def translated(message: str, language: str) -> str:
    with translation.override(language):
        return gettext(message)


def assert_shell_page(page: Page, language: str) -> None:
    """A real page of the app in the right language: no error template, one main title."""
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator(".error-page")).to_have_count(0)
    expect(page.locator("h1").first).to_be_visible()
    expect(page.locator("h1").first).not_to_have_text(re.compile(r"^\s*$"))


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def readme_shot(page: Page, name: str) -> None:
    README_SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(VIEWPORT)
    page.screenshot(path=README_SHOTS / f"{name}.png")


# For the README: (role, language, page) -> file name.
README_PAGES = {
    (ASSISTANT, "nl", "desk"): "desk-nl",
    (MANAGER, "en", "outbox-list"): "outbox-en",
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", [ASSISTANT, MANAGER, ACCOUNTING])
def test_every_page_of_the_navigation_opens(page: Page, page_errors, live_server, make_user, role, language):
    # Start in another language so that the switcher is what brings the user to `language`.
    user = make_user(role, language="en" if language != "en" else "nl")
    log_in(page, live_server, user)
    switch_language(page, language)
    user.refresh_from_db()
    assert user.language == language, "the switcher should remember the language on the profile"

    hrefs = page.locator(SIDEBAR_LINKS).evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs == expected_navigation(role)

    slugs = {entry.url: slug(entry.url_name) for entry in NAVIGATION}
    for href in hrefs:
        link = page.locator(f"{SIDEBAR_LINKS}[href='{href}']")
        with page.expect_navigation() as navigation:
            link.click()
        response = navigation.value
        assert response is not None and response.status < 400, f"{href}: HTTP {response and response.status}"
        assert urlsplit(page.url).path == href
        assert_shell_page(page, language)
        expect(page.locator(f"{SIDEBAR_LINKS}[href='{href}']")).to_have_attribute("aria-current", "page")
        name = f"{role.lower()}-{language}-{slugs[href]}"
        screenshot(page, name)
        if (role, language, slugs[href]) in README_PAGES:
            readme_shot(page, README_PAGES[(role, language, slugs[href])])

    assert page_errors == []


def shell_labels(page: Page) -> dict[str, str]:
    """The words of the shell, keyed by what they are so that two languages can be compared."""
    labels = {}
    for link in page.locator(SIDEBAR_LINKS).all():
        labels[f"nav {link.get_attribute('href')}"] = link.inner_text().strip()
    labels["nav aria-label"] = page.locator("nav.sidebar").get_attribute("aria-label")
    labels["search placeholder"] = page.locator("#global-search").get_attribute("placeholder")
    labels["search label"] = page.locator("label[for=global-search]").text_content().strip()
    # The user menu, opened as a person would.
    page.locator("#user-menu").click()
    menu = page.locator("#user-menu + .dropdown-menu")
    expect(menu).to_be_visible()
    labels["user menu roles"] = menu.locator(".dropdown-item-text").inner_text().strip()
    for item in menu.locator("a.dropdown-item").all():
        labels[f"user menu {item.get_attribute('href')}"] = item.inner_text().strip()
    labels["user menu log out"] = menu.locator(f"form[action='{reverse('logout')}'] button").inner_text().strip()
    page.keyboard.press("Escape")
    return labels


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_no_untranslated_label_on_the_shell(page: Page, live_server, make_user, language):
    # A staff manager sees every entry of the navigation and of the user menu.
    user = make_user(MANAGER, language="en", is_staff=True)
    log_in(page, live_server, user)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    english = shell_labels(page)
    assert "user menu /admin/" in english and f"nav {reverse('desk:dashboard')}" in english

    switch_language(page, language)
    localized = shell_labels(page)

    assert localized.keys() == english.keys()
    untranslated = {
        key: text for key, text in localized.items() if text == english[key] and text not in SAME_AS_ENGLISH[language]
    }
    assert not untranslated, f"still in English in {language}: {untranslated}"


def test_manager_sees_the_dashboard(page: Page, live_server, make_user):
    log_in(page, live_server, make_user(MANAGER))
    dashboard = page.locator(f"{SIDEBAR_LINKS}[href='{reverse('desk:dashboard')}']")
    expect(dashboard).to_have_count(1)
    with page.expect_navigation() as navigation:
        dashboard.click()
    assert navigation.value.status == 200
    assert_shell_page(page, "nl")


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_assistant_gets_a_friendly_403_on_the_dashboard(page: Page, live_server, make_user, language):
    # The language of the profile, applied by the middleware from the first page after login.
    log_in(page, live_server, make_user(ASSISTANT, language=language))
    expect(page.locator(f"{SIDEBAR_LINKS}[href='{reverse('desk:dashboard')}']")).to_have_count(0)
    expect(page.locator(SIDEBAR_LINKS)).to_have_count(len(expected_navigation(ASSISTANT)))

    response = page.goto(live_server.url + reverse("desk:dashboard"))  # typed in the address bar

    assert response.status == 403
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator(".error-page")).to_be_visible()
    heading = "You are not allowed to open this page"
    explanation = "Your role does not give access to it. Ask a manager if you need it."
    expect(page.locator("h1")).to_have_text(translated(heading, language))
    expect(page.locator(".error-page p")).to_have_text(translated(explanation, language))
    assert translated(heading, language) != heading, f"the 403 page is not translated in {language} yet"
    # The way out is there, and the shell still works.
    expect(page.locator(f".error-page a[href='{reverse('desk:desk')}']")).to_be_visible()
    expect(page.locator(SIDEBAR_LINKS).first).to_be_visible()


def test_log_out_then_every_page_asks_to_log_in(page: Page, live_server, make_user):
    log_in(page, live_server, make_user(ACCOUNTING))

    page.locator("#user-menu").click()
    with page.expect_navigation():
        page.locator(f"form[action='{reverse('logout')}'] button").click()

    login = reverse("login")
    assert urlsplit(page.url).path == login
    expect(page.locator("input[name=username]")).to_be_visible()
    expect(page.locator("#user-menu")).to_have_count(0)
    for entry in NAVIGATION:
        response = page.goto(live_server.url + entry.url)
        assert response.status == 200
        url = urlsplit(page.url)
        assert url.path == login, f"{entry.url} did not ask to log in"
        assert parse_qs(url.query)["next"] == [entry.url]
        expect(page.locator("input[name=username]")).to_be_visible()


def test_login_page_follows_the_browser_language(browser, live_server):
    """A French-speaking browser gets the login page in French (README screenshot)."""
    context = browser.new_context(locale="fr-BE", viewport=VIEWPORT)
    page = context.new_page()
    try:
        response = page.goto(live_server.url + reverse("login"))
        assert response.status == 200
        expect(page.locator("html")).to_have_attribute("lang", "fr")
        expect(page.locator("h1")).to_have_text(translated("Log in", "fr"))
        readme_shot(page, "login-fr")
    finally:
        context.close()


def test_login_page_language_buttons_switch_the_language(page: Page, live_server):
    page.goto(live_server.url + reverse("login"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    with page.expect_navigation():
        page.locator(f"form[action='{reverse('orderdesk:language')}'] button[value=fr]").click()
    assert urlsplit(page.url).path == reverse("login")
    assert page.locator("html").get_attribute("lang") == "fr"
