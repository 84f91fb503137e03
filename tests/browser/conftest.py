"""Fixtures and helpers for the browser tests: users the live server can see, signing in, switching language."""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.factories import UserFactory

PASSWORD = "secret-pass-123"
# Fixed names keep screenshots the same from run to run.
NAMES = {"Assistant": ("An", "Peeters"), "Manager": ("Marc", "Janssens"), "Accounting": ("Els", "Maes")}
VIEWPORT = {"width": 1280, "height": 800}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
README_SHOTS = ARTIFACTS / "readme"  # 1280x800 viewport shots, copied by hand to docs/screenshots/


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": VIEWPORT, "locale": "en-GB"}


@pytest.fixture
def make_user(transactional_db):
    """A user of a role; live_server serves from another thread, so the data must be committed.

    One user per role and test: the username comes from the role, and the factory gets-or-creates by username.
    """

    def make(role: str, *, language: str = "nl", **kwargs):
        first_name, last_name = NAMES[role]
        return UserFactory(
            username=f"{first_name}.{last_name}".lower(),
            first_name=first_name,
            last_name=last_name,
            role=role,
            language=language,
            **kwargs,
        )

    return make


@pytest.fixture
def page_errors(page: Page):
    """Failed responses (a missing static file, a 500 of an htmx call) and JavaScript errors on the page."""
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"JS error: {exc}"))
    page.on(
        "response",
        lambda response: (
            errors.append(f"{response.status} {response.url}")
            if response.status >= 400 and response.request.resource_type != "document"
            else None
        ),
    )
    return errors


# Chromium reports a refused script or style in the console; the listener also catches what reaches the DOM event.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ${where}`);
});
"""


def _csp_collector(violations: list[str]):
    def on_console(message):
        text = message.text
        if message.type == "error" and ("Content Security Policy" in text or text.startswith("CSP violation")):
            violations.append(text)

    return on_console


def watch_csp(page: Page) -> list[str]:
    """Collect every Content-Security-Policy violation on the page from now on."""
    violations: list[str] = []
    page.add_init_script(CSP_LISTENER)
    page.on("console", _csp_collector(violations))
    return violations


@pytest.fixture(autouse=True)
def csp_violations(page: Page, browser, monkeypatch):
    """Every browser test runs under the app's CSP and fails on any violation (an inline script, a style attribute),
    on its `page` and on any page or context it opens itself (a customer's browser, another language)."""
    violations = watch_csp(page)
    collect = _csp_collector(violations)

    def watch_context(context):
        context.add_init_script(CSP_LISTENER)
        context.on("page", lambda new_page: new_page.on("console", collect))
        return context

    page.context.on("page", lambda new_page: (new_page.add_init_script(CSP_LISTENER), new_page.on("console", collect)))
    new_context = browser.new_context
    monkeypatch.setattr(browser, "new_context", lambda *args, **kwargs: watch_context(new_context(*args, **kwargs)))
    yield violations
    if violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(violations), pytrace=False)


def log_in(page: Page, live_server, user) -> None:
    """Sign in as a person does: open the app, land on the login form, type, click."""
    page.goto(live_server.url + reverse("desk:desk"))
    expect(page).to_have_url(f"{live_server.url}{reverse('login')}?next=/")
    form = page.locator("form:has(input[name=username])")
    form.locator("input[name=username]").fill(user.username)
    form.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page).to_have_url(live_server.url + reverse("desk:desk"))
    expect(page.locator("#user-menu")).to_be_visible()


def switch_language(page: Page, language: str) -> None:
    """Pick a language in the top bar's switcher; the page reloads in it."""
    with page.expect_navigation():
        page.locator("#language-switch").select_option(language)
    expect(page.locator("html")).to_have_attribute("lang", language)


# axe-core's impacts that fail a test; "moderate" and "minor" are left to judgement.
BLOCKING_IMPACTS = ("serious", "critical")


def accessibility_violations(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page as it stands, one line each: rule, impact, where."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] not in BLOCKING_IMPACTS:
            continue
        targets = [" ".join(node["target"]) for node in violation["nodes"]]
        shown = ", ".join(targets[:5]) + (f" and {len(targets) - 5} more" if len(targets) > 5 else "")
        found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — {shown}")
    return found


def assert_accessible(page: Page) -> None:
    """No serious or critical axe-core violation on the page."""
    violations = accessibility_violations(page)
    assert not violations, f"{page.url}: accessibility violations:\n" + "\n".join(violations)


# What sticks out to the right of the window: outside any box that scrolls sideways itself (a table in its card), or
# positioned absolutely, which such a box does not clip unless it is positioned itself.
OVERFLOW_SCRIPT = """() => {
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth <= width) return null;
  const scrolls = (element) => {
    for (let node = element.parentElement; node; node = node.parentElement) {
      const overflow = getComputedStyle(node).overflowX;
      if (overflow === "auto" || overflow === "scroll" || overflow === "hidden") return true;
    }
    return false;
  };
  const culprits = [...document.body.querySelectorAll("*")]
    .filter((element) => element.getBoundingClientRect().right > width + 1
      && (!scrolls(element) || getComputedStyle(element).position === "absolute"))
    .filter((element) => ![...element.children].some((child) => child.getBoundingClientRect().right > width + 1))
    .slice(0, 5)
    .map((element) => element.tagName.toLowerCase() + (element.id ? `#${element.id}` : "")
      + (typeof element.className === "string" && element.className.trim()
        ? `.${element.className.trim().split(/\\s+/).join(".")}` : ""));
  return `page ${document.documentElement.scrollWidth} px wide in a ${width} px window (${culprits.join(", ")})`;
}"""


def horizontal_overflow(page: Page) -> str | None:
    """Why the page scrolls sideways (its width and what sticks out), or None when it fits the window."""
    return page.evaluate(OVERFLOW_SCRIPT)


def assert_no_horizontal_scroll(page: Page) -> None:
    """The page fits the window's width: document.documentElement.scrollWidth <= window.innerWidth."""
    overflow = horizontal_overflow(page)
    assert overflow is None, f"{page.url}: {overflow}"
