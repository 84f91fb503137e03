"""On the phone, in Dutch: a customer asks for an IP65 work light that is out of stock."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from sales.models import IncomingStock, ProductSpec
from tests.browser.conftest import README_SHOTS, log_in
from tests.factories import ProductFactory

pytestmark = pytest.mark.browser


def test_an_out_of_stock_product_found_by_spec_shows_its_date_and_a_substitute_in_stock(
    page: Page, live_server, make_user, page_errors
):
    assistant = make_user("Assistant", language="nl")
    lamp = ProductFactory(sku="LMP-650", name_nl="Werflamp LED 50 W", on_hand=0, supplier_lead_days=14)
    ProductSpec.objects.create(product=lamp, key="Beschermingsklasse", value="IP65")
    arrives = timezone.localdate() + datetime.timedelta(days=6)
    IncomingStock.objects.create(product=lamp, quantity=Decimal(20), expected_on=arrives)
    substitute = ProductFactory(sku="LMP-700", name_nl="Werflamp LED 70 W", on_hand=12)
    lamp.substitutes.add(substitute)
    ProductFactory(sku="CMP-100", name_nl="Compressor 24 l", on_hand=3)
    log_in(page, live_server, assistant)

    page.get_by_role("link", name="Catalogus").click()
    page.locator("#id_q").fill("ip65")
    row = page.locator("#product-rows tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("LMP-650")
    expect(row).to_contain_text(f"beschikbaar op {arrives:%d/%m/%Y} (onderweg)")
    # Leaving the field fires htmx's "change" search once more; the live server shares one SQLite connection,
    # so let that request finish before the next page load.
    page.locator("#id_q").press("Tab")
    page.wait_for_load_state("networkidle")

    row.get_by_role("link", name="LMP-650").click()
    expect(page.locator("h1")).to_contain_text("Werflamp LED 50 W")
    answer = page.locator("#answer-heading").locator("..")
    expect(answer).to_contain_text(f"beschikbaar op {arrives:%d/%m/%Y} (onderweg)")
    substitutes = page.locator("#substitutes-heading").locator("..")
    expect(substitutes).to_contain_text("LMP-700")
    expect(substitutes).to_contain_text("nu beschikbaar")
    README_SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=README_SHOTS / "product-nl.png")

    substitutes.get_by_role("link", name="LMP-700 · Werflamp LED 70 W").click()
    expect(page.locator("h1")).to_contain_text("LMP-700")
    assert page_errors == []
