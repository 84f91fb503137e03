import base64
import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse
from django.utils import translation

from orderdesk.csvimport import CellError, format_decimal, parse_decimal, parse_yes_no
from orderdesk.exceptions import DomainError, PermissionDeniedError
from sales import imports
from sales.imports import (
    MAX_ROWS,
    ImportHasErrors,
    RowAction,
    price_import_commit,
    price_import_preview,
    price_list_csv,
    product_import_commit,
    product_import_preview,
    products_csv,
)
from sales.models import Category, PriceList, PriceListItem, Product, ProductSpec, VatCategory
from sales.views.imports import ProductImportView
from tests.factories import ProductCategoryFactory, ProductFactory, UserFactory

pytestmark = pytest.mark.django_db

SESSION_KEY = ProductImportView.session_key


def csv_bytes(*lines: str, delimiter: str = ";", bom: bool = False) -> bytes:
    text = "\r\n".join(line.replace(";", delimiter) for line in lines) + "\r\n"
    return ("\ufeff" if bom else "").encode() + text.encode()


def row_of(preview, number: int):
    return next(row for row in preview.rows if row.number == number)


def errors_of(preview, number: int) -> dict[str, str]:
    return {error.column: error.message for error in row_of(preview, number).errors}


def read_back(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


@pytest.fixture(autouse=True)
def _in_english():
    """The messages are checked in English, whatever the translations say."""
    with translation.override("en"):
        yield


@pytest.fixture
def manager(manager):
    manager.language = "en"
    manager.save(update_fields=["language"])
    return manager


@pytest.fixture
def assistant(assistant):
    assistant.language = "en"
    assistant.save(update_fields=["language"])
    return assistant


@pytest.fixture
def lamps():
    return ProductCategoryFactory(name_nl="Verlichting")


@pytest.fixture
def lamp(lamps):
    product = ProductFactory(
        sku="LED-100",
        category=lamps,
        name_nl="LED-lamp 10 W",
        name_fr="Lampe LED 10 W",
        list_price=Decimal("12.50"),
        cost_price=Decimal("6.00"),
        warranty_months=24,
        on_hand=Decimal("40"),
    )
    ProductSpec.objects.create(product=product, key="Vermogen", value="10 W", position=1)
    return product


PRODUCTS = csv_bytes(
    "sku;category;name_nl;name_fr;unit;vat_category;list_price;cost_price;warranty_months;active;specs",
    "LED-100;;;;;;13,75;;;;",
    "pomp-200;Pompen;Dompelpomp 200 W;Pompe submersible 200 W;piece;standard;1.234,56;800.10;12;ja;"
    'Vermogen: 200 W | Debiet: 6000 l/h | Aansluiting: 1"',
)


# --- numbers ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1234,56", "1234.56"),
        ("1.234,56", "1234.56"),
        ("1234.56", "1234.56"),
        ("1 234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("€ 12,50", "12.50"),
        ("1.234.567", "1234567"),
        ("0.250", "0.250"),
        ("1234.567", "1234.567"),
        ("12", "12"),
        ("-3,5", "-3.5"),
    ],
)
def test_numbers_are_read_the_belgian_way_and_with_a_decimal_point(text, value):
    assert parse_decimal(text) == Decimal(value)


@pytest.mark.parametrize(("text", "value"), [("1.234", "1234"), ("12.500", "12500"), ("-1.234", "-1234"),
                                           ("1.5", "1.5"), ("0.500", "0.5")])  # fmt: skip
def test_a_point_before_three_digits_separates_the_thousands_as_in_every_form(text, value):
    assert parse_decimal(text) == Decimal(value)


@pytest.mark.parametrize("text", ["abc", "12,34,56", "1.2.3", "12e3", "1,234,56.7", ""])
def test_what_is_not_a_number_is_refused(text):
    with pytest.raises(CellError):
        parse_decimal(text)


def test_yes_and_no_in_three_languages_and_belgian_decimals_out():
    assert [parse_yes_no(v) for v in ("ja", "Oui", "YES", "1", "nee", "non", "no", "0")] == [True] * 4 + [False] * 4
    with pytest.raises(CellError):
        parse_yes_no("misschien")
    assert format_decimal(Decimal("1234.5"), decimal_places=2) == "1234,50"
    assert format_decimal(Decimal("12.500")) == "12,5"
    assert format_decimal(Decimal("40.000")) == "40"


# --- products: preview -----------------------------------------------------------------------------------------


def test_the_preview_says_update_or_new_and_writes_nothing(manager, lamp):
    preview = product_import_preview(content=PRODUCTS, actor=manager)

    assert preview.is_valid, [(row.number, row.errors) for row in preview.rows]
    update, new = preview.rows
    assert (update.number, update.action, update.key) == (2, RowAction.UPDATE, "LED-100")
    assert [(c.column, c.old, c.new) for c in update.changes] == [("list_price", "12,50", "13,75")]
    assert (new.number, new.action, new.key, new.label) == (3, RowAction.NEW, "POMP-200", "Dompelpomp 200 W")
    assert new.notes == ["New category Pompen will be created."]
    assert preview.new_groups == ["Pompen"]
    assert (preview.new_count, preview.update_count, preview.unchanged_count) == (1, 1, 0)
    # Nothing written.
    lamp.refresh_from_db()
    assert lamp.list_price == Decimal("12.50")
    assert not Product.objects.filter(sku="POMP-200").exists()
    assert not Category.objects.filter(name_nl="Pompen").exists()


def test_commit_updates_only_the_columns_given_and_creates_the_new_product(manager, lamp):
    result = product_import_commit(content=PRODUCTS, actor=manager)

    assert (result.created, result.updated, result.unchanged, result.groups_created) == (1, 1, 0, 1)
    lamp.refresh_from_db()
    # Empty cells left the rest as it was.
    assert lamp.list_price == Decimal("13.75")
    assert (lamp.name_nl, lamp.name_fr, lamp.cost_price, lamp.warranty_months) == (
        "LED-lamp 10 W",
        "Lampe LED 10 W",
        Decimal("6.00"),
        24,
    )
    assert lamp.category.name_nl == "Verlichting"
    assert [(s.key, s.value) for s in lamp.specs.all()] == [("Vermogen", "10 W")]

    pump = Product.objects.get(sku="POMP-200")
    assert pump.category == Category.objects.get(name_nl="Pompen")
    assert (pump.name_nl, pump.name_fr, pump.unit, pump.vat_category.code) == (
        "Dompelpomp 200 W",
        "Pompe submersible 200 W",
        "piece",
        "standard",
    )
    assert (pump.list_price, pump.cost_price, pump.warranty_months, pump.is_active) == (
        Decimal("1234.56"),
        Decimal("800.10"),
        12,
        True,
    )
    assert pump.on_hand == 0
    assert [(s.key, s.value, s.position) for s in pump.specs.all()] == [
        ("Vermogen", "200 W", 1),
        ("Debiet", "6000 l/h", 2),
        ("Aansluiting", '1"', 3),
    ]


def test_specs_in_the_file_replace_the_products_specs(manager, lamp):
    content = csv_bytes("sku;specs", "led-100;Vermogen: 9 W| Fitting : E27 |Lichtkleur: 2700 K: warm wit")

    preview = product_import_preview(content=content, actor=manager)

    assert preview.is_valid
    (change,) = row_of(preview, 2).changes
    assert (change.column, change.old) == ("specs", "Vermogen: 10 W")
    assert change.new == "Vermogen: 9 W | Fitting: E27 | Lichtkleur: 2700 K: warm wit"
    product_import_commit(content=content, actor=manager)
    assert [(s.key, s.value) for s in lamp.specs.all()] == [
        ("Vermogen", "9 W"),
        ("Fitting", "E27"),
        ("Lichtkleur", "2700 K: warm wit"),
    ]


def test_a_spec_without_a_colon_is_an_error(manager, lamp):
    preview = product_import_preview(content=csv_bytes("sku;specs", "LED-100;Vermogen: 9 W | IP65"), actor=manager)

    assert not preview.is_valid
    assert "IP65 is not a specification" in errors_of(preview, 2)["specs"]


def test_bad_rows_are_named_with_their_row_and_column(manager, lamp):
    content = csv_bytes(
        "Artikelnummer;Naam;Categorie;Eenheid;BTW;Lijstprijs;Kostprijs",
        "LED-100;;;doos;;;",  # 2: unknown unit
        "PMP-1;Pomp;Pompen;;super;10;",  # 3: unknown VAT category
        ";Zonder SKU;Pompen;;;10;",  # 4: no SKU
        "",  # 5: empty row, skipped but counted
        "PMP-2;Pomp;Pompen;;;-5;12,34,56",  # 6: negative price, a cost that is not a number
        "PMP-3;;Pompen;;;10;",  # 7: a new product without a Dutch name
        "pmp-2;Pomp;Pompen;;;10;",  # 8: the same SKU as row 6
    )

    preview = product_import_preview(content=content, actor=manager)

    assert not preview.is_valid
    assert [row.number for row in preview.rows] == [2, 3, 4, 6, 7, 8]
    assert preview.rows_with_errors == 6
    assert all(row.action == RowAction.ERROR for row in preview.rows)
    assert "Unknown unit doos" in errors_of(preview, 2)["Eenheid"]
    assert "piece, set, box" in errors_of(preview, 2)["Eenheid"]
    assert "Unknown VAT category super" in errors_of(preview, 3)["BTW"]
    assert "accommodation, intermediate, reduced, standard, zero" in errors_of(preview, 3)["BTW"]
    assert errors_of(preview, 4) == {"Artikelnummer": "The SKU is required."}
    assert "-5 is negative" in errors_of(preview, 6)["Lijstprijs"]
    assert "12,34,56 is not a number" in errors_of(preview, 6)["Kostprijs"]
    assert errors_of(preview, 7) == {"Naam": "Required for a new product."}
    assert errors_of(preview, 8) == {"Artikelnummer": "This SKU is already on row 6."}


def test_file_errors_empty_file_missing_sku_column_too_many_rows_excel_workbook(manager):
    assert product_import_preview(content=b"\xef\xbb\xbf\r\n", actor=manager).file_errors == ["The file is empty."]
    missing = product_import_preview(content=csv_bytes("name_nl", "Pomp"), actor=manager)
    assert "The column sku is missing" in missing.file_errors[0]
    too_many = csv_bytes("sku;name_nl", *[f"S{i};Pomp" for i in range(MAX_ROWS + 1)])
    assert "at most 5000" in product_import_preview(content=too_many, actor=manager).file_errors[0]
    workbook = product_import_preview(content=b"PK\x03\x04rest", actor=manager)
    assert "Excel workbook" in workbook.file_errors[0]


def test_columns_may_be_named_in_french_and_separated_by_commas(manager, lamp):
    content = csv_bytes("Référence,Prix de vente,Unité,Actif", 'LED-100,"14,00",box,non', delimiter=",")

    preview = product_import_preview(content=content, actor=manager)

    assert preview.is_valid
    assert preview.delimiter == ","
    assert [c.column for c in row_of(preview, 2).changes] == ["Prix de vente", "Unité", "Actif"]


def test_a_file_with_one_bad_row_imports_nothing(manager, lamp):
    content = csv_bytes("sku;name_nl;category;list_price", "LED-100;;;20", "NEW-1;Nieuw;Pompen;20", "NEW-2;;Pompen;x")

    with pytest.raises(ImportHasErrors) as refused:
        product_import_commit(content=content, actor=manager)

    assert refused.value.preview.rows_with_errors == 1
    lamp.refresh_from_db()
    assert lamp.list_price == Decimal("12.50")
    assert not Product.objects.filter(sku__startswith="NEW").exists()
    assert not Category.objects.filter(name_nl="Pompen").exists()


def test_when_a_write_fails_half_way_nothing_stays(manager, lamp, monkeypatch):
    def refuse(*args, **kwargs):
        raise IntegrityError("concurrent change")

    monkeypatch.setattr(imports.ProductSpec.objects, "bulk_create", refuse)

    with pytest.raises(DomainError):
        product_import_commit(content=PRODUCTS, actor=manager)

    lamp.refresh_from_db()
    assert lamp.list_price == Decimal("12.50")
    assert not Product.objects.filter(sku="POMP-200").exists()
    assert not Category.objects.filter(name_nl="Pompen").exists()


def test_export_then_import_changes_nothing(manager, lamp):
    other = ProductFactory(
        sku="kabel-3g",
        category=ProductCategoryFactory(name_nl="Kabels; draden"),
        name_nl="Kabel 3G2,5",
        description_nl='Soepele kabel, "H07RN-F"\nper meter',
        description_fr="Câble souple",
        unit="m",
        vat_category=VatCategory.objects.get(code="reduced"),
        list_price=Decimal("1234.50"),
        cost_price=None,
        supplier="Kabelhuis NV",
        supplier_lead_days=5,
        on_hand=Decimal("12.125"),
        is_active=False,
    )
    ProductSpec.objects.create(product=other, key="Doorsnede", value="3 × 2,5 mm²", position=1)
    ProductSpec.objects.create(product=other, key="Kleur", value="zwart", position=2)
    Product.objects.filter(pk=lamp.pk).update(on_hand=Decimal("-2"))  # stock below zero exports and imports back
    before = {p.pk: p.updated_at for p in Product.objects.all()}

    content = products_csv(Product.objects.all(), include_cost=True)

    rows = read_back(content)
    assert content.startswith(b"\xef\xbb\xbf")
    assert rows[0][:3] == ["sku", "category", "name_nl"]
    assert "cost_price" in rows[0]
    kabel = dict(zip(rows[0], rows[2], strict=True))
    assert (kabel["list_price"], kabel["on_hand"], kabel["active"], kabel["unit"]) == ("1234,50", "12,125", "no", "m")
    assert kabel["specs"] == "Doorsnede: 3 × 2,5 mm² | Kleur: zwart"
    preview = product_import_preview(content=content, actor=manager)
    assert preview.is_valid, [(row.number, row.errors) for row in preview.rows]
    assert [row.action for row in preview.rows] == [RowAction.UNCHANGED, RowAction.UNCHANGED]
    result = product_import_commit(content=content, actor=manager)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert {p.pk: p.updated_at for p in Product.objects.all()} == before
    assert products_csv(Product.objects.all(), include_cost=True) == content


def test_export_without_cost_leaves_out_the_column_in_a_few_queries(django_assert_num_queries, lamp):
    for _ in range(5):
        ProductSpec.objects.create(product=ProductFactory(category=lamp.category), key="Kleur", value="wit")

    with django_assert_num_queries(2):  # products with category and VAT category; their specs
        content = products_csv(Product.objects.all(), include_cost=False)

    rows = read_back(content)
    assert "cost_price" not in rows[0]
    assert len(rows) == 7
    assert "6,00" not in content.decode("utf-8-sig")


def test_only_a_role_that_maintains_the_catalog_may_import(assistant, manager):
    with pytest.raises(PermissionDeniedError):
        product_import_preview(content=PRODUCTS, actor=assistant)
    with pytest.raises(PermissionDeniedError):
        product_import_commit(content=PRODUCTS, actor=assistant)
    with pytest.raises(PermissionDeniedError):
        price_import_preview(content=PRICES, actor=assistant)
    with pytest.raises(PermissionDeniedError):
        price_import_commit(content=PRICES, actor=assistant)


def test_a_role_that_may_change_but_not_add_products_gets_an_error_on_new_rows(lamp):
    from django.contrib.auth.models import Permission

    user = UserFactory(username="editor", language="en")
    user.user_permissions.add(Permission.objects.get(codename="change_product"))

    preview = product_import_preview(content=PRODUCTS, actor=user)

    assert row_of(preview, 2).action == RowAction.UPDATE
    assert errors_of(preview, 3) == {"sku": "POMP-200 is not in the catalog, and your role may not add products."}


# --- price lists -----------------------------------------------------------------------------------------------

PRICES = csv_bytes(
    "price_list;sku;min_quantity;unit_price;discount_percent",
    "Horeca;LED-100;;11,00;",
    "Horeca;led-100;10;;15",
    "Installateurs;LED-100;1;;7,5",
)


def test_a_prices_file_creates_the_lists_and_the_lines(manager, lamp):
    PriceList.objects.create(name="Horeca")

    preview = price_import_preview(content=PRICES, actor=manager)

    assert preview.is_valid, [(row.number, row.errors) for row in preview.rows]
    assert [row.action for row in preview.rows] == [RowAction.NEW] * 3
    assert preview.new_groups == ["Installateurs"]
    assert row_of(preview, 4).notes == ["New price list Installateurs will be created."]
    assert PriceListItem.objects.count() == 0

    result = price_import_commit(content=PRICES, actor=manager)

    assert (result.created, result.updated, result.groups_created) == (3, 0, 1)
    lines = PriceListItem.objects.order_by("price_list__name", "min_quantity")
    assert [(i.price_list.name, i.product.sku, i.min_quantity, i.unit_price, i.discount_percent) for i in lines] == [
        ("Horeca", "LED-100", Decimal("1"), Decimal("11.00"), None),
        ("Horeca", "LED-100", Decimal("10"), None, Decimal("15")),
        ("Installateurs", "LED-100", Decimal("1"), None, Decimal("7.5")),
    ]


def test_an_existing_line_is_updated_and_gets_a_price_or_a_discount(manager, lamp):
    horeca = PriceList.objects.create(name="Horeca")
    line = PriceListItem.objects.create(price_list=horeca, product=lamp, discount_percent=Decimal("10"))
    content = csv_bytes("Prijslijst;Artikelnummer;Vanaf aantal;Eenheidsprijs", "horeca;LED-100;1;10,50")

    preview = price_import_preview(content=content, actor=manager)

    assert preview.is_valid
    assert row_of(preview, 2).action == RowAction.UPDATE
    assert [(c.column, c.old, c.new) for c in row_of(preview, 2).changes] == [
        ("Eenheidsprijs", "", "10,50"),
        ("discount_percent", "10", ""),
    ]
    price_import_commit(content=content, actor=manager)
    line.refresh_from_db()
    assert (line.unit_price, line.discount_percent) == (Decimal("10.50"), None)
    assert PriceList.objects.count() == 1


def test_bad_price_rows_are_named(manager, lamp):
    content = csv_bytes(
        "price_list;sku;min_quantity;unit_price;discount_percent",
        "Horeca;NOPE;;10;",
        "Horeca;LED-100;;10;5",
        "Horeca;LED-100;0;;",
        "Horeca;LED-100;;;120",
        ";LED-100;2;1;",
        "Horeca;LED-100;5;1;",
        "Horeca;LED-100;5,000;2;",
    )

    preview = price_import_preview(content=content, actor=manager)

    assert errors_of(preview, 2) == {"sku": "No product in the catalog has the SKU NOPE."}
    assert "not both" in errors_of(preview, 3)["discount_percent"]
    assert errors_of(preview, 4) == {
        "min_quantity": "Enter a quantity above 0.",
        "unit_price": "Fill in unit_price or discount_percent.",
    }
    assert "100" in errors_of(preview, 5)["discount_percent"]
    assert errors_of(preview, 6) == {"price_list": "The price list's name is required."}
    assert errors_of(preview, 7) == {}
    assert errors_of(preview, 8) == {
        "min_quantity": "Row 7 already gives this product a price on this list from this quantity."
    }
    assert PriceList.objects.count() == 0


def test_a_price_list_exports_and_imports_back_unchanged(manager, lamp):
    horeca = PriceList.objects.create(name="Horeca & Co")
    PriceListItem.objects.create(price_list=horeca, product=lamp, unit_price=Decimal("1234.50"))
    PriceListItem.objects.create(
        price_list=horeca, product=lamp, min_quantity=Decimal("2.5"), discount_percent=Decimal("12.50")
    )

    content = price_list_csv(horeca)

    assert read_back(content) == [
        ["price_list", "sku", "min_quantity", "unit_price", "discount_percent"],
        ["Horeca & Co", "LED-100", "1", "1234,50", ""],
        ["Horeca & Co", "LED-100", "2,5", "", "12,5"],
    ]
    preview = price_import_preview(content=content, actor=manager)
    assert [row.action for row in preview.rows] == [RowAction.UNCHANGED] * 2
    result = price_import_commit(content=content, actor=manager)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)


# --- screens --------------------------------------------------------------------------------------------------


def upload(client, url_name: str, content: bytes, name: str = "producten.csv"):
    return client.post(reverse(url_name), {"file": SimpleUploadedFile(name, content, "text/csv")})


def test_upload_preview_confirm_imports_the_products(manager_client, lamp):
    page = manager_client.get(reverse("sales:product-import"))
    assert page.status_code == 200
    assert 'type="file"' in page.content.decode()
    assert reverse("sales:product-export") + "?inactive=true" in page.content.decode()

    preview_page = upload(manager_client, "sales:product-import", PRODUCTS)

    assert preview_page.status_code == 200
    html = preview_page.content.decode()
    assert 'name="confirm"' in html
    assert "POMP-200" in html and "Pompen" in html
    assert "12,50" in html and "13,75" in html  # the price change, old and new
    assert not Product.objects.filter(sku="POMP-200").exists()
    stored = manager_client.session[SESSION_KEY]
    assert base64.b64decode(stored["content"]) == PRODUCTS

    done = manager_client.post(reverse("sales:product-import"), {"confirm": "1", "digest": stored["digest"]})

    assert done.status_code == 302
    assert done.url == reverse("sales:catalog")
    assert Product.objects.filter(sku="POMP-200").exists()
    lamp.refresh_from_db()
    assert lamp.list_price == Decimal("13.75")
    assert SESSION_KEY not in manager_client.session
    # Confirming twice imports nothing more.
    again = manager_client.post(reverse("sales:product-import"), {"confirm": "1", "digest": stored["digest"]})
    assert again.status_code == 302
    assert again.url == reverse("sales:product-import")
    assert Product.objects.count() == 2


def test_a_file_with_errors_shows_them_without_a_confirm_button(manager_client, lamp):
    response = upload(manager_client, "sales:product-import", csv_bytes("sku;unit", "LED-100;doos"))

    assert response.status_code == 400
    html = response.content.decode()
    assert "table-danger" in html
    assert "Unknown unit doos" in html
    assert 'name="confirm"' not in html
    assert SESSION_KEY not in manager_client.session


def test_a_confirm_with_another_digest_imports_nothing(manager_client, lamp):
    upload(manager_client, "sales:product-import", PRODUCTS)

    response = manager_client.post(reverse("sales:product-import"), {"confirm": "1", "digest": "0" * 64})

    assert response.status_code == 302
    assert not Product.objects.filter(sku="POMP-200").exists()


def test_upload_preview_confirm_imports_the_prices(manager_client, lamp):
    horeca = PriceList.objects.create(name="Horeca")
    page = manager_client.get(reverse("sales:price-import"))
    assert reverse("sales:price-export", args=[horeca.pk]) in page.content.decode()

    preview_page = upload(manager_client, "sales:price-import", PRICES, name="prijzen.csv")
    assert preview_page.status_code == 200
    assert "Installateurs" in preview_page.content.decode()
    digest = manager_client.session["sales_price_import"]["digest"]
    done = manager_client.post(reverse("sales:price-import"), {"confirm": "1", "digest": digest})

    assert done.status_code == 302
    assert PriceListItem.objects.count() == 3


def test_an_assistant_gets_403_on_the_import_screens(assistant_client, lamp):
    for url_name in ("sales:product-import", "sales:price-import"):
        assert assistant_client.get(reverse(url_name)).status_code == 403
        assert upload(assistant_client, url_name, PRODUCTS).status_code == 403
    confirm = assistant_client.post(reverse("sales:product-import"), {"confirm": "1", "digest": "0" * 64})
    assert confirm.status_code == 403
    lamp.refresh_from_db()
    assert lamp.list_price == Decimal("12.50")


def test_the_products_export_follows_the_catalog_filters_and_shows_cost_to_managers_only(
    client, assistant, manager, lamp
):
    ProductFactory(sku="POMP-1", name_nl="Pomp", cost_price=Decimal("99.99"))
    ProductFactory(sku="OLD-1", name_nl="Oude lamp", is_active=False)
    url = reverse("sales:product-export")

    client.force_login(assistant)
    response = client.get(url, {"q": "lamp"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = read_back(response.content)
    assert "cost_price" not in rows[0]
    assert [row[0] for row in rows[1:]] == ["LED-100"]  # the inactive lamp only when asked

    client.force_login(manager)
    rows = read_back(client.get(url, {"inactive": "true"}).content)
    assert "cost_price" in rows[0]
    assert [row[0] for row in rows[1:]] == ["LED-100", "OLD-1", "POMP-1"]


def test_a_price_list_export_for_everyone_who_sees_price_lists(assistant_client, lamp):
    horeca = PriceList.objects.create(name="Horeca")
    PriceListItem.objects.create(price_list=horeca, product=lamp, unit_price=Decimal("10"))

    response = assistant_client.get(reverse("sales:price-export", args=[horeca.pk]))

    assert response.status_code == 200
    assert 'filename="price-list-horeca-' in response["Content-Disposition"]
    assert read_back(response.content)[1] == ["Horeca", "LED-100", "1", "10,00", ""]
