import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from sales.models import IncomingStock, PriceList, PriceListItem, ProductNote, ProductSpec
from tests.factories import CompanyFactory, ProductFactory

pytestmark = pytest.mark.django_db


def test_the_catalog_costs_the_same_queries_for_5_or_25_products(assistant_client, django_assert_max_num_queries):
    def fill(count):
        for _ in range(count):
            product = ProductFactory(on_hand=0, supplier_lead_days=10)
            IncomingStock.objects.create(product=product, quantity=5, expected_on=timezone.localdate())

    fill(5)
    with django_assert_max_num_queries(20) as few:
        assert assistant_client.get(reverse("sales:catalog")).status_code == 200
    fill(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = assistant_client.get(reverse("sales:catalog"))
    assert len(response.context["rows"]) == 25


def test_a_product_is_found_by_a_specification_value_in_the_catalog_and_the_global_search(assistant_client):
    wanted = ProductFactory(sku="LMP-220", name_nl="Werflamp LED")
    ProductSpec.objects.create(product=wanted, key="Beschermingsklasse", value="IP65")
    ProductFactory(sku="CMP-100", name_nl="Compressor")

    response = assistant_client.get(reverse("sales:catalog"), {"q": "ip65"})
    assert [row["product"] for row in response.context["rows"]] == [wanted]
    search = assistant_client.get(reverse("desk:search"), {"q": "IP65"}, headers={"HX-Request": "true"})
    assert "LMP-220 · Werflamp LED" in search.content.decode()


def test_the_product_page_answers_price_availability_and_substitute_for_a_customer(client, assistant):
    product = ProductFactory(sku="CMP-2400", name_nl="Compressor 50 l", on_hand=0, supplier_lead_days=14)
    IncomingStock.objects.create(
        product=product, quantity=10, expected_on=timezone.localdate() + datetime.timedelta(days=7)
    )
    substitute = ProductFactory(sku="CMP-2500", name_nl="Compressor 100 l", on_hand=4)
    product.substitutes.add(substitute)
    horeca = PriceList.objects.create(name="Horeca")
    PriceListItem.objects.create(price_list=horeca, product=product, unit_price=Decimal("99.00"))
    customer = CompanyFactory(name="Brasserie De Hoek", price_list=horeca)
    ProductNote.objects.create(product=product, question="Welke olie?", answer="Geen: olievrij.", author=assistant)
    client.force_login(assistant)

    response = client.get(
        reverse("sales:product-detail", args=[product.pk]), {"customer": customer.pk, "quantity": "2"}
    )

    html = response.content.decode()
    assert response.context["price"].unit_price == Decimal("99.00")
    assert "prijslijst Horeca: 99,00\xa0€" in html
    assert "beschikbaar op" in html and "onderweg" in html
    assert "CMP-2500" in html and "nu beschikbaar" in html
    assert "Welke olie?" in html
    assert "Kostprijs" not in html  # margins are for managers


def test_a_manager_sees_the_cost_price(manager_client):
    product = ProductFactory(cost_price=Decimal("80.00"))

    response = manager_client.get(reverse("sales:product-detail", args=[product.pk]))

    assert response.context["show_margin"] is True
    assert "80,00\xa0€" in response.content.decode()


def test_a_missing_translation_is_shown_in_dutch_with_a_marker(client, assistant):
    assistant.language = "fr"
    assistant.save()
    product = ProductFactory(name_nl="Lasapparaat", name_fr="", name_en="Welder")
    client.force_login(assistant)

    html = client.get(reverse("sales:product-detail", args=[product.pk])).content.decode()

    assert "Lasapparaat" in html and ">NL</span>" in html


def test_colleagues_share_questions_and_answers(assistant_client, assistant):
    product = ProductFactory()

    assistant_client.post(
        reverse("sales:product-note-create", args=[product.pk]),
        {"question": "Hoe leg ik de installatie uit?", "answer": "Toon eerst de video."},
    )
    empty = assistant_client.post(
        reverse("sales:product-note-create", args=[product.pk]),
        {"question": "Zonder antwoord", "answer": ""},
        follow=True,
    )

    assert list(ProductNote.objects.values_list("question", "author")) == [
        ("Hoe leg ik de installatie uit?", assistant.pk)
    ]
    assert [message.level_tag for message in empty.context["messages"]][-1] == "error"


def test_the_quality_report_lists_what_is_missing(assistant_client):
    complete = ProductFactory(sku="OK-1", name_fr="Complet", name_en="Complete", warranty_months=24)
    ProductSpec.objects.create(product=complete, key="Gewicht", value="2 kg")
    complete.documents.create(title="Datasheet", file="products/ok.pdf")
    untranslated = ProductFactory(sku="NL-1", name_fr="", name_en="Only English", warranty_months=12)
    ProductFactory(sku="INACTIVE-1", is_active=False)

    sections = {
        s["key"]: s["products"] for s in assistant_client.get(reverse("sales:catalog-quality")).context["sections"]
    }

    assert sections["translation"] == [untranslated]
    assert complete not in sections["specs"] + sections["warranty"] + sections["document"]
    assert untranslated in sections["specs"] and untranslated in sections["document"]
    assert all(p.sku != "INACTIVE-1" for products in sections.values() for p in products)


def test_a_manager_sets_discount_limits_and_an_assistant_may_not(client, manager, assistant):
    from sales.models import DiscountAuthority

    url = reverse("sales:discount-authority")
    client.force_login(assistant)
    assert client.get(url).status_code == 403
    client.force_login(manager)
    data = {"Assistant-max_discount_percent": "10", "Assistant-min_margin_percent": "15",
            "Manager-max_discount_percent": "25", "Manager-min_margin_percent": "10",
            "Accounting-max_discount_percent": "0", "Accounting-min_margin_percent": "0"}  # fmt: skip

    wrong = client.post(url, {**data, "Assistant-max_discount_percent": "150"})
    assert wrong.status_code == 400 and not DiscountAuthority.objects.exists()
    assert 'value="150"' in wrong.content.decode()
    client.post(url, data)

    limits = dict(DiscountAuthority.objects.values_list("role", "max_discount_percent"))
    assert limits == {"Assistant": Decimal("10.00"), "Manager": Decimal("25.00"), "Accounting": Decimal("0.00")}


def _formset(prefix, rows=()):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def test_a_manager_creates_a_product_with_specs_quantity_prices_and_expected_goods(manager_client):
    from sales.models import Category, Product, VatCategory

    category = Category.objects.create(name_nl="Verlichting")
    substitute = ProductFactory(sku="LMP-700")
    data = {
        "sku": "lmp-650", "category": category.pk, "is_active": "on", "unit": "piece",
        "vat_category": VatCategory.objects.get(code="standard").pk, "name_nl": "Werflamp LED 50 W",
        "name_fr": "Projecteur LED 50 W", "list_price": "1.234,50", "cost_price": "800", "warranty_months": "24",
        "supplier_lead_days": "14", "on_hand": "0", "substitutes": [substitute.pk],
        **_formset("specs", [{"key": "Beschermingsklasse", "value": "IP65", "position": "0"}]),
        **_formset("breaks", [{"min_quantity": "10", "unit_price": "1100"}]),
        **_formset("incoming", [{"quantity": "20", "expected_on": "2026-12-01"}]),
    }  # fmt: skip

    response = manager_client.post(reverse("sales:product-create"), data)

    product = Product.objects.get(sku="LMP-650")
    assert response["Location"] == reverse("sales:product-detail", args=[product.pk])
    assert product.list_price == Decimal("1234.50")
    assert list(product.specs.values_list("key", "value")) == [("Beschermingsklasse", "IP65")]
    assert product.quantity_breaks.get().unit_price == Decimal("1100.00")
    assert product.incoming.get().quantity == Decimal("20")
    assert list(product.substitutes.all()) == [substitute]

    wrong = manager_client.post(reverse("sales:product-update", args=[product.pk]), {**data, "list_price": "-5"})
    assert wrong.status_code == 400
    product.refresh_from_db()
    assert product.list_price == Decimal("1234.50")


def test_an_assistant_cannot_edit_the_catalog(assistant_client):
    product = ProductFactory()

    assert assistant_client.get(reverse("sales:product-update", args=[product.pk])).status_code == 403
    assert assistant_client.get(reverse("sales:product-create")).status_code == 403


def test_a_manager_sets_up_a_promotion_and_a_price_list(manager_client):
    product = ProductFactory(sku="LMP-650", list_price=Decimal("100.00"))
    today = timezone.localdate()

    both = manager_client.post(
        reverse("sales:promotion-create"),
        {
            "name": "Winter",
            "starts_on": today.isoformat(),
            "ends_on": today.isoformat(),
            "product": product.pk,
            "discount_percent": "10",
            "unit_price": "80",
        },  # fmt: skip
    )
    assert both.status_code == 400
    manager_client.post(
        reverse("sales:promotion-create"),
        {
            "name": "Winter",
            "starts_on": today.isoformat(),
            "ends_on": today.isoformat(),
            "product": product.pk,
            "discount_percent": "12,5",
        },  # fmt: skip
    )
    manager_client.post(
        reverse("sales:price-list-create"),
        {
            "name": "Horeca",
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-0-product": product.pk,
            "items-0-min_quantity": "1",
            "items-0-unit_price": "85,00",
        },  # fmt: skip
    )

    from sales.services.pricing import price_for

    customer = CompanyFactory(price_list=PriceList.objects.get(name="Horeca"))
    assert price_for(product=product, quantity=Decimal(1), date=today).unit_price == Decimal("87.50")
    assert price_for(product=product, quantity=Decimal(1), date=today, customer=customer).unit_price == Decimal("85.00")
    page = manager_client.get(reverse("sales:pricing")).content.decode()
    assert "Winter" in page and "Horeca" in page


def test_an_assistant_notes_a_competitor_price_heard_from_a_customer(assistant_client, assistant):
    from sales.models import MarketNote

    product = ProductFactory()
    customer = CompanyFactory(name="Garage Claes")

    assistant_client.post(
        reverse("sales:market-note-add", args=[product.pk]),
        {
            "competitor": "Toolstation",
            "competitor_product": "Compressor 50 l",
            "competitor_price": "189,95",
            "observed_on": timezone.localdate().isoformat(),
            "company": customer.pk,
        },  # fmt: skip
    )

    note = MarketNote.objects.get()
    assert (note.competitor_price, note.company, note.author) == (Decimal("189.95"), customer, assistant)
    page = assistant_client.get(reverse("sales:product-detail", args=[product.pk])).content.decode()
    assert "Toolstation" in page and "189,95" in page
