"""An assistant on the phone with a new prospect, in French: file, contact, call, follow-up, found again."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from customers.models import Company, FollowUpTask
from tests.browser.conftest import README_SHOTS, SCREENSHOTS, log_in

pytestmark = pytest.mark.browser


def test_a_prospect_with_a_contact_a_call_and_a_follow_up_found_again_through_search(
    page: Page, live_server, make_user, page_errors
):
    assistant = make_user("Assistant", language="fr")
    log_in(page, live_server, assistant)

    # Clients → Nouvelle entreprise
    page.locator("nav.sidebar a.nav-link").nth(1).click()
    expect(page.locator("h1")).to_have_text("Clients et prospects")
    page.get_by_role("link", name="Nouvelle entreprise").click()
    page.locator("#id_name").fill("Imprimerie Lambert")
    page.locator("#id_legal_form").fill("SRL")
    page.locator("#id_enterprise_number").fill("0403.170.701")
    page.locator("#id_language").select_option("fr")
    page.locator("#id_street").fill("Rue de Fer 12")
    page.locator("#id_postal_code").fill("5000")
    page.locator("#id_city").fill("Namur")
    page.locator("#id_tags").fill("Salon 2026")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("h1")).to_have_text("Imprimerie Lambert SRL")
    expect(page.locator(".title-bar")).to_contain_text("Prospect")

    # A contact who decides on purchases.
    page.get_by_role("link", name="Nouveau contact").click()
    page.locator("#id_first_name").fill("Claire")
    page.locator("#id_last_name").fill("Lambert")
    page.locator("#id_email").fill("claire@imprimerie-lambert.be")
    page.locator("#id_phone").fill("+32 81 22 33 44")
    page.locator("input[name=roles][value=decision_maker]").check()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#contacts-heading").locator("..")).to_contain_text("Claire Lambert")
    expect(page.get_by_text("Décide des achats")).to_be_visible()

    # The call we are on, then the follow-up it needs.
    page.get_by_role("link", name="Noter un contact").first.click()
    page.locator("#id_kind").select_option("call")
    page.locator("input[name=contacts]").first.check()
    page.locator("#id_summary").fill("Demande une offre pour 5 000 brochures")
    page.get_by_role("button", name="Enregistrer et planifier un suivi").click()
    page.locator("#id_title").fill("Envoyer l'offre brochures")
    due = timezone.localdate() + timezone.timedelta(days=3)
    page.locator("#id_due_date").fill(due.isoformat())
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#timeline-heading").locator("..")).to_contain_text("Demande une offre pour 5 000 brochures")
    expect(page.locator("#tasks-heading").locator("..")).to_contain_text("Envoyer l'offre brochures")
    expect(page.locator("#tasks-heading").locator("..")).to_contain_text(due.strftime("%d/%m/%Y"))

    # Later, the customer calls back: find the file from the search box.
    page.get_by_role("link", name="Mon bureau").click()
    expect(page.locator("h1")).to_have_text("Mon bureau")
    page.wait_for_load_state("load")  # app.js (the "/" shortcut) runs deferred
    page.keyboard.press("/")
    expect(page.locator("#global-search")).to_be_focused()
    page.keyboard.type("lambert")
    result = page.locator("#search-results a", has_text="Imprimerie Lambert").first  # the company, above its contact
    expect(result).to_contain_text("Prospect")
    expect(page.locator("#search-results")).to_contain_text("Claire Lambert")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "customers-search-fr.png")
    result.click()
    expect(page.locator("h1")).to_have_text("Imprimerie Lambert SRL")
    page.screenshot(path=SCREENSHOTS / "customer-file-fr.png", full_page=True)
    README_SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=README_SHOTS / "customer-file-fr.png")

    company = Company.objects.get()
    assert (company.enterprise_number, company.language, company.owner) == ("0403170701", "fr", assistant)
    task = FollowUpTask.objects.get()
    assert (task.due_date, task.assignee, task.contact.full_name) == (due, assistant, "Claire Lambert")
    assert page_errors == []
