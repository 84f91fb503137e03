"""Import and export the catalog and the price lists as CSV files: a preview first, then all rows or none.

An exported file imports again as it is: export, change prices or texts in Excel, import. The files follow the
rules of every Order Desk import (``orderdesk.csvimport``): UTF-8 with or without byte-order mark, ";" or ","
between cells, column names in English, Dutch or French (not case-sensitive; accents, spaces and hyphens do not
matter; unknown columns are ignored and listed in the preview), numbers by the one Belgian rule of every form
(``orderdesk.numbers``: "1234,56", "1.234,56"; "1.234" is 1234; "1.5" and "1234.56" have a decimal point), at most
``MAX_ROWS`` rows. Row numbers in messages are the ones Excel shows (the column names are row 1).

The products file
-----------------

One row per product. A row whose SKU is already in the catalog (not case-sensitive) updates that product,
otherwise it creates one (the SKU is stored in capitals, as the product screen does).

**An update changes only what the file says.** A column that is not in the file changes nothing, and neither
does an empty cell: "1234;;;" leaves the name, price, ... of product 1234 as they are. So the import cannot
empty a field; do that on the product's page. Delete the columns you do not mean to change before importing
(e.g. ``on_hand`` when you only change prices, so stock moved since the export is not put back).

======================  ============================================================================
sku                     required
category                the category's Dutch name; a name not in the catalog creates that category
name_nl                 required for a new product
name_fr, name_en
description_nl, description_fr, description_en
unit                    piece, set, box, m, m2, kg, l or hour [piece]
vat_category            standard, intermediate, reduced, zero or accommodation [standard]
list_price, cost_price  excl. VAT, at most two decimals, not negative
warranty_months         whole number
supplier
supplier_lead_days      whole number
on_hand                 stock, at most three decimals [0]
active                  yes/no, ja/nee, oui/non, 1/0 [yes]
specs                   "Key: value | Key: value"; replaces all the product's specifications
======================  ============================================================================

The price lists file
--------------------

One row per price list line: ``price_list`` (the list's name; a name not known creates the list), ``sku`` (a
product of the catalog), ``min_quantity`` [1] and exactly one of ``unit_price`` (a fixed price excl. VAT) or
``discount_percent`` (on the list price). A line already on the list for that product and quantity is updated;
it gets the price or the discount of the file, and loses the other.

``*_import_preview`` checks everything and writes nothing. ``*_import_commit`` checks the same content again, in
its transaction with the products or lines it changes locked, and writes all of it, or raises ImportHasErrors.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.db.models.functions import Upper
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from orderdesk.csvimport import (
    CellError,
    Column,
    ImportHasErrors,
    RowError,
    alias_map,
    csv_bytes,
    format_decimal,
    format_yes_no,
    parse_amount,
    parse_whole_number,
    parse_yes_no,
    read_csv,
    split_list,
)
from orderdesk.exceptions import DomainError, PermissionDeniedError
from sales.models import Category, PriceList, PriceListItem, Product, ProductSpec, VatCategory

MAX_ROWS = 5000
ADD_PRODUCTS = "sales.add_product"
CHANGE_PRODUCTS = "sales.change_product"
CHANGE_PRICE_LISTS = "sales.change_pricelist"
DEFAULT_VAT_CATEGORY = "standard"
SPEC_SEPARATOR = " | "
BATCH_SIZE = 500

PRODUCTS = "products"
PRICES = "prices"
PRODUCT_COLUMNS = [
    Column(
        "sku",
        gettext_lazy("Required. A SKU already in the catalog updates that product; another creates one."),
        nl=("artikelnummer", "artikelnr", "artikelcode"),
        fr=("reference", "ref", "code_article"),
        en=("article_number", "item_number", "product_code"),
    ),
    Column(
        "category",
        gettext_lazy("The category's Dutch name. A name not in the catalog creates the category."),
        nl=("categorie", "productcategorie"),
        fr=("categorie_produit",),
        en=("product_category",),
    ),
    Column(
        "name_nl",
        gettext_lazy("Required for a new product."),
        nl=("naam_nl", "naam", "naam_nederlands"),
        fr=("nom_nl", "nom_neerlandais"),
        en=("name_dutch",),
    ),
    Column("name_fr", nl=("naam_fr", "naam_frans"), fr=("nom_fr", "nom", "nom_francais"), en=("name_french",)),
    Column("name_en", nl=("naam_en", "naam_engels"), fr=("nom_en", "nom_anglais"), en=("name_english",)),
    Column(
        "description_nl",
        nl=("omschrijving_nl", "beschrijving_nl", "omschrijving"),
        fr=("description_neerlandais",),
        en=("description_dutch",),
    ),
    Column(
        "description_fr",
        nl=("omschrijving_fr", "beschrijving_fr"),
        fr=("description_francais",),
        en=("description_french",),
    ),
    Column(
        "description_en",
        nl=("omschrijving_en", "beschrijving_en"),
        fr=("description_anglais",),
        en=("description_english",),
    ),
    Column(
        "unit",
        gettext_lazy("piece, set, box, m, m2, kg, l or hour; empty: piece."),
        nl=("eenheid",),
        fr=("unite",),
    ),
    Column(
        "vat_category",
        gettext_lazy("standard, intermediate, reduced, zero or accommodation; empty: standard."),
        nl=("btw_categorie", "btw"),
        fr=("categorie_tva", "tva"),
        en=("vat",),
    ),
    Column(
        "list_price",
        gettext_lazy("Excl. VAT: 1234,56 or 1234.56."),
        nl=("lijstprijs", "verkoopprijs", "prijs"),
        fr=("prix_catalogue", "prix_de_vente", "prix"),
        en=("price",),
    ),
    Column(
        "cost_price",
        gettext_lazy("Excl. VAT: 1234,56 or 1234.56."),
        nl=("kostprijs", "aankoopprijs"),
        fr=("prix_de_revient", "prix_d_achat", "cout"),
        en=("cost",),
    ),
    Column(
        "warranty_months",
        gettext_lazy("Whole number of months."),
        nl=("garantie_maanden", "garantie"),
        fr=("garantie_mois",),
        en=("warranty",),
    ),
    Column("supplier", nl=("leverancier",), fr=("fournisseur",)),
    Column(
        "supplier_lead_days",
        gettext_lazy("Whole number of days."),
        nl=("levertijd_dagen", "levertijd", "levertermijn"),
        fr=("delai_fournisseur", "delai_de_livraison", "delai_livraison"),
        en=("lead_days", "lead_time"),
    ),
    Column(
        "on_hand",
        gettext_lazy("Stock; empty for a new product: 0."),
        nl=("voorraad", "in_voorraad"),
        fr=("stock", "en_stock"),
        en=("stock", "in_stock"),
    ),
    Column(
        "active",
        gettext_lazy("yes or no (ja/nee, oui/non, 1/0); empty for a new product: yes."),
        nl=("actief",),
        fr=("actif",),
        en=("is_active",),
    ),
    Column(
        "specs",
        gettext_lazy("Key: value, separated by |, e.g. Voltage: 230 V | Protection: IP65. Replaces all of them."),
        nl=("specificaties", "kenmerken", "specs"),
        fr=("specifications", "caracteristiques"),
        en=("specifications",),
    ),
]
PRICE_COLUMNS = [
    Column(
        "price_list",
        gettext_lazy("Required. The list's name; a name not known creates the list."),
        nl=("prijslijst",),
        fr=("liste_de_prix", "liste_prix", "tarif"),
    ),
    Column(
        "sku",
        gettext_lazy("Required. A product of the catalog."),
        nl=("artikelnummer", "artikelnr", "artikelcode"),
        fr=("reference", "ref", "code_article"),
        en=("article_number", "item_number", "product_code"),
    ),
    Column(
        "min_quantity",
        gettext_lazy("The price holds from this quantity on; empty: 1."),
        nl=("vanaf_aantal", "minimum_aantal", "aantal"),
        fr=("a_partir_de", "quantite_minimum", "quantite"),
        en=("from_quantity", "quantity"),
    ),
    Column(
        "unit_price",
        gettext_lazy("A fixed price excl. VAT. Fill in this or discount_percent, not both."),
        nl=("eenheidsprijs", "prijs", "vaste_prijs"),
        fr=("prix_unitaire", "prix", "prix_fixe"),
        en=("price", "fixed_price"),
    ),
    Column(
        "discount_percent",
        gettext_lazy("A discount on the list price, in %. Fill in this or unit_price, not both."),
        nl=("korting", "korting_procent", "kortingspercentage"),
        fr=("remise", "remise_pourcent", "pourcentage_de_remise"),
        en=("discount",),
    ),
]
PRODUCT_ALIASES = alias_map(PRODUCT_COLUMNS)
PRICE_ALIASES = alias_map(PRICE_COLUMNS)

# Column -> the Product field it fills (specs and category are handled on their own).
PRODUCT_FIELDS = {column.name: column.name for column in PRODUCT_COLUMNS} | {"active": "is_active"}
MONEY_COLUMNS = {"list_price", "cost_price", "unit_price"}
TEXT_COLUMNS = {"name_nl", "name_fr", "name_en", "description_nl", "description_fr", "description_en", "supplier"}


# --- the preview ----------------------------------------------------------------------------------------------


class RowAction:
    NEW = "new"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"


@dataclass(frozen=True)
class Change:
    column: str  # as named in the file
    old: str
    new: str


@dataclass
class ImportRow:
    """What one row of the file does; its number is the row number Excel shows (the column names are row 1)."""

    number: int
    key: str  # the SKU
    label: str = ""  # the product's name, or the price list's
    action: str = ""
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def action_label(self) -> str:
        if self.errors:
            return _("Error")
        return {
            RowAction.NEW: _("New"),
            RowAction.UPDATE: _("Update"),
            RowAction.UNCHANGED: _("No change"),
        }.get(self.action, "")


@dataclass
class ImportPreview:
    """The whole file checked: errors about the file itself, or one ImportRow per non-empty row, and totals."""

    kind: str
    rows: list[ImportRow] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    delimiter: str = ";"
    header: dict[str, str] = field(default_factory=dict)  # column -> its name in the file
    new_groups: list[str] = field(default_factory=list)  # categories or price lists the import creates

    @property
    def rows_with_errors(self) -> int:
        return sum(1 for row in self.rows if row.errors)

    @property
    def is_valid(self) -> bool:
        return bool(self.rows) and not self.file_errors and not self.rows_with_errors

    def _count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action and not row.errors)

    @property
    def new_count(self) -> int:
        return self._count(RowAction.NEW)

    @property
    def update_count(self) -> int:
        return self._count(RowAction.UPDATE)

    @property
    def unchanged_count(self) -> int:
        return self._count(RowAction.UNCHANGED)


@dataclass(frozen=True)
class ImportResult:
    created: int  # products, or price list lines
    updated: int
    unchanged: int
    groups_created: int  # categories, or price lists


def _require(actor, permission: str) -> None:
    if not actor.has_perm(permission):
        raise PermissionDeniedError(_("Your role does not allow this."))


def _errors_from(error: ValidationError, column: str) -> list[RowError]:
    return [RowError(column, message) for message in error.messages]


def _display(value: Any, *, decimal_places: int | None = None) -> str:
    """A value as the preview shows it: as it would be written in the file."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Decimal):
        return format_decimal(value, decimal_places=decimal_places)
    if isinstance(value, list):
        return _specs_text(value)
    if isinstance(value, VatCategory):
        return value.code
    return str(value)


def _specs_text(specs: Iterable[tuple[str, str]]) -> str:
    return SPEC_SEPARATOR.join(f"{key}: {value}" for key, value in specs)


def _sku_key(sku: str) -> str:
    return sku.strip().upper()


# --- products -------------------------------------------------------------------------------------------------


@dataclass
class _ProductPlan:
    row: int
    product: Product  # the existing product, or a new unsaved one
    is_new: bool
    updates: dict[str, Any] = field(default_factory=dict)  # field -> value; only what changes (all, when new)
    new_category: str = ""  # key of a category the import creates
    specs: list[tuple[str, str]] | None = None  # None: leave them as they are


@dataclass
class _Catalog:
    """What the rows are checked against, read once per file."""

    products: dict[str, list[Product]]  # SKU in capitals -> products (more than one only when SKUs differ in case)
    categories: dict[str, list[Category]]  # casefolded Dutch name -> categories
    vat_categories: dict[str, VatCategory]
    can_add: bool
    new_categories: dict[str, str] = field(default_factory=dict)  # casefolded name -> the name as first written
    skus: dict[str, int] = field(default_factory=dict)  # SKU in capitals -> its first row


def _load_catalog(keys: set[str], actor, *, lock: bool) -> _Catalog:
    queryset = (
        Product.objects.annotate(sku_key=Upper("sku"))
        .filter(sku_key__in=keys)
        .select_related("category", "vat_category")
        .order_by("pk")
    )
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    products: dict[str, list[Product]] = defaultdict(list)
    for product in queryset.prefetch_related("specs"):
        products[product.sku_key].append(product)
    categories: dict[str, list[Category]] = defaultdict(list)
    for category in Category.objects.order_by("pk"):
        categories[category.name_nl.strip().casefold()].append(category)
    vat_categories = {category.code: category for category in VatCategory.objects.all()}
    return _Catalog(products, categories, vat_categories, can_add=actor.has_perm(ADD_PRODUCTS))


def _parse_specs(text: str) -> list[tuple[str, str]]:
    key_length = ProductSpec._meta.get_field("key").max_length
    value_length = ProductSpec._meta.get_field("value").max_length
    specs = []
    for part in split_list(text):
        key, colon, value = part.partition(":")
        key, value = key.strip(), value.strip()
        if not (colon and key and value):
            raise CellError(
                _(
                    "%(part)s is not a specification. Write Key: value, separated by |, "
                    "e.g. Voltage: 230 V | Protection: IP65."
                )
                % {"part": part}
            )
        if len(key) > key_length or len(value) > value_length:
            raise CellError(
                _("%(part)s is too long: at most %(key)s characters before the colon and %(value)s after it.")
                % {"part": part, "key": key_length, "value": value_length}
            )
        specs.append((key, value))
    return specs


def _product_value(column: str, text: str, catalog: _Catalog) -> Any:
    """A non-empty cell as the value of its Product field (raises CellError or ValidationError)."""
    if column == "unit":
        code = text.lower()
        if code not in Product.Unit.values:
            raise CellError(
                _("Unknown unit %(value)s. Use one of: %(codes)s.")
                % {"value": text, "codes": ", ".join(Product.Unit.values)}
            )
        return code
    if column == "vat_category":
        code = text.lower()
        if code not in catalog.vat_categories:
            raise CellError(
                _("Unknown VAT category %(value)s. Use one of: %(codes)s.")
                % {"value": text, "codes": ", ".join(sorted(catalog.vat_categories))}
            )
        return catalog.vat_categories[code]
    if column == "specs":
        return _parse_specs(text)
    if column in ("list_price", "cost_price"):
        value = parse_amount(text, decimal_places=2)
    elif column == "on_hand":
        # Stock may have gone below zero in Order Desk; an exported file must import back as it is.
        value = parse_amount(text, decimal_places=3, negative=True)
    elif column in ("warranty_months", "supplier_lead_days"):
        value = parse_whole_number(text)
    elif column == "active":
        value = parse_yes_no(text)
    else:
        value = text
    model_field = Product._meta.get_field(PRODUCT_FIELDS[column])
    return model_field.clean(value, None)  # lengths, digits and ranges as the model checks them


def _category(text: str, catalog: _Catalog, row: ImportRow, column: str) -> tuple[Category | None, str]:
    """(the existing category, "") or (None, key of a category the import creates)."""
    key = text.casefold()
    found = catalog.categories.get(key, [])
    if len(found) > 1:
        row.errors.append(
            RowError(column, _("Two categories are named %(name)s; rename one first.") % {"name": found[0].name_nl})
        )
        return None, ""
    if found:
        return found[0], ""
    max_length = Category._meta.get_field("name_nl").max_length
    if len(text) > max_length:
        row.errors.append(RowError(column, _("A category name has at most %(max)s characters.") % {"max": max_length}))
        return None, ""
    catalog.new_categories.setdefault(key, text)
    row.notes.append(_("New category %(name)s will be created.") % {"name": catalog.new_categories[key]})
    return None, key


def _product_row(number: int, values: dict[str, str], header: dict[str, str], catalog: _Catalog, row: ImportRow):
    """Check one row and say what it does; the plan, or None when the row has errors."""
    sku = values.get("sku", "")
    key = _sku_key(sku)
    row.key = key
    if not key:
        row.errors.append(RowError(header["sku"], _("The SKU is required.")))
        return None
    if key in catalog.skus:
        row.errors.append(
            RowError(header["sku"], _("This SKU is already on row %(row)s.") % {"row": catalog.skus[key]})
        )
        return None
    catalog.skus[key] = number
    existing = catalog.products.get(key, [])
    if len(existing) > 1:
        row.errors.append(
            RowError(
                header["sku"],
                _("The catalog has several products with this SKU in other capitals: %(skus)s.")
                % {"skus": ", ".join(p.sku for p in existing)},
            )
        )
        return None
    product = existing[0] if existing else None

    parsed: dict[str, Any] = {}
    category, new_category = None, ""
    for column, text in values.items():
        if column == "sku" or not text:
            continue
        if column == "category":
            category, new_category = _category(text, catalog, row, header[column])
            continue
        try:
            parsed[column] = _product_value(column, text, catalog)
        except CellError as error:
            row.errors.append(RowError(header[column], error.message))
        except ValidationError as error:
            row.errors += _errors_from(error, header[column])

    if product is None:
        return _new_product(number, key, parsed, category, new_category, header, catalog, row)
    new_name = catalog.new_categories.get(new_category, "")
    return _changed_product(number, product, parsed, category, (new_category, new_name), header, row)


def _new_product(number, key, parsed, category, new_category, header, catalog: _Catalog, row: ImportRow):
    row.action = RowAction.NEW
    row.label = parsed.get("name_nl", "")
    if not catalog.can_add:
        message = _("%(sku)s is not in the catalog, and your role may not add products.") % {"sku": key}
        row.errors.append(RowError(header["sku"], message))
    try:
        Product._meta.get_field("sku").clean(key, None)
    except ValidationError as error:
        row.errors += _errors_from(error, header["sku"])
    if "name_nl" not in parsed and header["name_nl"] not in {e.column for e in row.errors}:
        row.errors.append(RowError(header["name_nl"], _("Required for a new product.")))
    if category is None and not new_category and header["category"] not in {e.column for e in row.errors}:
        row.errors.append(RowError(header["category"], _("Required for a new product.")))
    if "vat_category" not in parsed:
        if DEFAULT_VAT_CATEGORY in catalog.vat_categories:
            parsed["vat_category"] = catalog.vat_categories[DEFAULT_VAT_CATEGORY]
        elif header["vat_category"] not in {e.column for e in row.errors}:
            row.errors.append(RowError(header["vat_category"], _("Required for a new product.")))
    if row.errors:
        return None
    specs = parsed.pop("specs", None)
    updates = {PRODUCT_FIELDS[column]: value for column, value in parsed.items()}
    product = Product(sku=key, category=category, **updates)
    try:
        product.clean_fields(exclude=["category", "vat_category"])
    except ValidationError as error:
        columns = {model_field: column for column, model_field in PRODUCT_FIELDS.items()}
        for model_field, messages in error.message_dict.items():
            column = header.get(columns.get(model_field, ""), "" if model_field == NON_FIELD_ERRORS else model_field)
            row.errors += [RowError(column, message) for message in messages]
        return None
    return _ProductPlan(number, product, is_new=True, updates=updates, new_category=new_category, specs=specs)


def _changed_product(number, product: Product, parsed, category, new_category: tuple[str, str], header, row: ImportRow):
    """new_category: (key, name) of a category the import creates for this product, or ("", "")."""
    row.label = parsed.get("name_nl", product.name_nl)
    if row.errors:
        return None
    plan = _ProductPlan(number, product, is_new=False)
    new_category_key, new_category_name = new_category
    if new_category_key:
        plan.new_category = new_category_key
        row.changes.append(Change(header["category"], product.category.name_nl, new_category_name))
    elif category is not None and category.pk != product.category_id:
        plan.updates["category"] = category
        row.changes.append(Change(header["category"], product.category.name_nl, category.name_nl))
    for column, value in parsed.items():
        if column == "specs":
            old = [(spec.key, spec.value) for spec in product.specs.all()]
            if value != old:
                plan.specs = value
                row.changes.append(Change(header[column], _specs_text(old), _specs_text(value)))
            continue
        model_field = PRODUCT_FIELDS[column]
        old = getattr(product, model_field)
        same = old.strip() == value if isinstance(old, str) else old == value
        if not same:
            plan.updates[model_field] = value
            places = 2 if column in MONEY_COLUMNS else None
            row.changes.append(
                Change(header[column], _display(old, decimal_places=places), _display(value, decimal_places=places))
            )
    row.action = RowAction.UPDATE if row.changes else RowAction.UNCHANGED
    return plan


def _analyse_products(content: bytes, actor, *, lock: bool = False) -> tuple[ImportPreview, list[_ProductPlan]]:
    preview = ImportPreview(kind=PRODUCTS)
    table = read_csv(
        content,
        columns=[column.name for column in PRODUCT_COLUMNS],
        aliases=PRODUCT_ALIASES,
        required=["sku"],
        max_rows=MAX_ROWS,
        missing_message=_(
            "The column %(columns)s is missing. The first row of the file must hold the column names, "
            "e.g. sku;name_nl;list_price."
        ),
    )
    preview.delimiter, preview.header = table.delimiter, table.header
    preview.file_errors += table.file_errors
    preview.ignored_columns += table.ignored_columns
    if preview.file_errors:
        return preview, []
    keys = {_sku_key(table.values(record).get("sku", "")) for _number, record in table.data} - {""}
    catalog = _load_catalog(keys, actor, lock=lock)
    plans = _plan_rows(
        table, preview, lambda number, values, row: _product_row(number, values, table.header, catalog, row)
    )
    preview.new_groups = list(catalog.new_categories.values())
    return preview, plans


def _plan_rows(table, preview: ImportPreview, plan_row) -> list:
    """One ImportRow per data row of the file; the plans of the rows without errors."""
    plans = []
    for number, record in table.data:
        row = ImportRow(number=number, key="")
        preview.rows.append(row)
        if table.has_extra_cells(record):
            row.errors.append(RowError("", table.extra_cells_message()))
        plan = plan_row(number, table.values(record), row)
        if plan is not None and not row.errors:
            plans.append(plan)
        if row.errors:
            row.action = RowAction.ERROR
    return plans


def product_import_preview(*, content: bytes, actor) -> ImportPreview:
    """What importing this products file would do, row by row, with every error; writes nothing."""
    _require(actor, CHANGE_PRODUCTS)
    preview, _plans = _analyse_products(content, actor)
    return preview


@transaction.atomic
def product_import_commit(*, content: bytes, actor) -> ImportResult:
    """Import the products file: everything, or nothing when any row has an error (raises ImportHasErrors)."""
    _require(actor, CHANGE_PRODUCTS)
    preview, plans = _analyse_products(content, actor, lock=True)
    if not preview.is_valid:
        raise ImportHasErrors(preview)
    new_products, changed = [], []
    try:
        categories = {name.casefold(): Category.objects.create(name_nl=name) for name in preview.new_groups}
        for plan in plans:
            if plan.new_category:
                plan.updates["category"] = categories[plan.new_category]
            for model_field, value in plan.updates.items():
                setattr(plan.product, model_field, value)
            if plan.is_new:
                new_products.append(plan.product)
            elif plan.updates or plan.specs is not None:
                # One save per product: on SQLite, bulk_update's CASE expressions are slower than this.
                plan.product.save(update_fields=[*plan.updates, "updated_at"])
                changed.append(plan.product)
        Product.objects.bulk_create(new_products, batch_size=BATCH_SIZE)
        with_specs = [plan for plan in plans if plan.specs is not None]
        ProductSpec.objects.filter(product_id__in=[p.product.pk for p in with_specs if not p.is_new]).delete()
        ProductSpec.objects.bulk_create(
            [
                ProductSpec(product=plan.product, key=key, value=value, position=position)
                for plan in with_specs
                for position, (key, value) in enumerate(plan.specs, start=1)
            ],
            batch_size=BATCH_SIZE,
        )
    except IntegrityError as error:
        raise DomainError(
            _("Someone changed the catalog while the file was imported; nothing was imported. Upload it again.")
        ) from error
    return ImportResult(
        created=len(new_products),
        updated=len(changed),
        unchanged=preview.unchanged_count,
        groups_created=len(categories),
    )


# --- price lists ----------------------------------------------------------------------------------------------


@dataclass
class _PricePlan:
    row: int
    list_key: str
    price_list: PriceList | None  # None: a list the import creates
    product: Product
    min_quantity: Decimal
    unit_price: Decimal | None
    discount_percent: Decimal | None
    item: PriceListItem | None  # the line already on the list
    changed: bool = True


@dataclass
class _PriceData:
    lists: dict[str, list[PriceList]]  # casefolded name -> lists (one, unless names differ in case only)
    products: dict[str, list[Product]]
    items: dict[tuple[int, int, Decimal], PriceListItem]
    new_lists: dict[str, str] = field(default_factory=dict)  # casefolded name -> name as first written
    lines: dict[tuple[str, str, Decimal], int] = field(default_factory=dict)  # (list, SKU, quantity) -> row


def _load_prices(keys: set[str], *, lock: bool) -> _PriceData:
    lists: dict[str, list[PriceList]] = defaultdict(list)
    for price_list in PriceList.objects.order_by("pk"):
        lists[price_list.name.strip().casefold()].append(price_list)
    products: dict[str, list[Product]] = defaultdict(list)
    for product in Product.objects.annotate(sku_key=Upper("sku")).filter(sku_key__in=keys).order_by("pk"):
        products[product.sku_key].append(product)
    product_ids = [p.pk for found in products.values() for p in found]
    items_queryset = PriceListItem.objects.filter(product_id__in=product_ids).order_by("pk")
    if lock:
        items_queryset = items_queryset.select_for_update()
    items = {(item.price_list_id, item.product_id, item.min_quantity): item for item in items_queryset}
    return _PriceData(lists, products, items)


def _price_cell(column: str, text: str, header: dict[str, str], row: ImportRow, **options) -> Decimal | None:
    if not text:
        return None
    try:
        value = parse_amount(text, **options)
        return PriceListItem._meta.get_field(column).clean(value, None)
    except CellError as error:
        row.errors.append(RowError(header[column], error.message))
    except ValidationError as error:
        row.errors += _errors_from(error, header[column])
    return None


def _price_row(number: int, values: dict[str, str], header: dict[str, str], data: _PriceData, row: ImportRow):
    list_name, sku = values.get("price_list", ""), values.get("sku", "")
    key = _sku_key(sku)
    row.key, row.label = key, list_name
    list_key = list_name.casefold()
    price_list = None
    if not list_name:
        row.errors.append(RowError(header["price_list"], _("The price list's name is required.")))
    elif len(data.lists.get(list_key, [])) > 1:
        row.errors.append(RowError(header["price_list"], _("Two price lists have this name; rename one first.")))
    elif list_key in data.lists:
        price_list = data.lists[list_key][0]
        row.label = price_list.name
    elif len(list_name) > PriceList._meta.get_field("name").max_length:
        max_length = PriceList._meta.get_field("name").max_length
        row.errors.append(
            RowError(
                header["price_list"], _("A price list's name has at most %(max)s characters.") % {"max": max_length}
            )
        )
    else:
        data.new_lists.setdefault(list_key, list_name)
        row.label = data.new_lists[list_key]
        row.notes.append(_("New price list %(name)s will be created.") % {"name": row.label})

    product = None
    found = data.products.get(key, [])
    if not key:
        row.errors.append(RowError(header["sku"], _("The SKU is required.")))
    elif not found:
        row.errors.append(RowError(header["sku"], _("No product in the catalog has the SKU %(sku)s.") % {"sku": sku}))
    elif len(found) > 1:
        row.errors.append(
            RowError(
                header["sku"],
                _("The catalog has several products with this SKU in other capitals: %(skus)s.")
                % {"skus": ", ".join(p.sku for p in found)},
            )
        )
    else:
        product = found[0]

    min_quantity = Decimal(1)
    if values.get("min_quantity"):
        quantity = _price_cell("min_quantity", values["min_quantity"], header, row, decimal_places=3)
        if quantity is not None and quantity <= 0:
            row.errors.append(RowError(header["min_quantity"], _("Enter a quantity above 0.")))
        elif quantity is not None:
            min_quantity = quantity
    unit_price = _price_cell("unit_price", values.get("unit_price", ""), header, row, decimal_places=2)
    discount = _price_cell("discount_percent", values.get("discount_percent", ""), header, row, decimal_places=2)
    given = [column for column in ("unit_price", "discount_percent") if values.get(column)]
    if not given:
        row.errors.append(
            RowError(header["unit_price"], _("Fill in unit_price or discount_percent.")),
        )
    elif len(given) == 2:
        row.errors.append(
            RowError(
                header["discount_percent"],
                _("Fill in unit_price or discount_percent, not both: a line has a fixed price or a discount."),
            )
        )
    if not row.errors:
        line = (list_key, key, min_quantity)
        if line in data.lines:
            message = _("Row %(row)s already gives this product a price on this list from this quantity.")
            row.errors.append(RowError(header["min_quantity"], message % {"row": data.lines[line]}))
        data.lines.setdefault(line, number)
    if row.errors:
        row.action = RowAction.ERROR
        return None

    item = data.items.get((price_list.pk, product.pk, min_quantity)) if price_list is not None else None
    plan = _PricePlan(number, list_key, price_list, product, min_quantity, unit_price, discount, item)
    if item is None:
        row.action = RowAction.NEW
        return plan
    for column, value in (("unit_price", unit_price), ("discount_percent", discount)):
        old = getattr(item, column)
        if old != value:
            places = 2 if column in MONEY_COLUMNS else None
            row.changes.append(
                Change(header[column], _display(old, decimal_places=places), _display(value, decimal_places=places))
            )
    plan.changed = bool(row.changes)
    row.action = RowAction.UPDATE if row.changes else RowAction.UNCHANGED
    return plan


def _analyse_prices(content: bytes, *, lock: bool = False) -> tuple[ImportPreview, list[_PricePlan]]:
    preview = ImportPreview(kind=PRICES)
    table = read_csv(
        content,
        columns=[column.name for column in PRICE_COLUMNS],
        aliases=PRICE_ALIASES,
        required=["price_list", "sku"],
        max_rows=MAX_ROWS,
        missing_message=_(
            "The column %(columns)s is missing. The first row of the file must hold the column names, "
            "e.g. price_list;sku;min_quantity;unit_price;discount_percent."
        ),
    )
    if not table.file_errors and not {"unit_price", "discount_percent"} & table.positions.keys():
        table.file_errors.append(_("The file needs a unit_price or a discount_percent column, or both."))
    preview.delimiter, preview.header = table.delimiter, table.header
    preview.file_errors += table.file_errors
    preview.ignored_columns += table.ignored_columns
    if preview.file_errors:
        return preview, []
    keys = {_sku_key(table.values(record).get("sku", "")) for _number, record in table.data} - {""}
    data = _load_prices(keys, lock=lock)
    plans = _plan_rows(table, preview, lambda number, values, row: _price_row(number, values, table.header, data, row))
    preview.new_groups = list(data.new_lists.values())
    return preview, plans


def price_import_preview(*, content: bytes, actor) -> ImportPreview:
    """What importing this price lists file would do, row by row, with every error; writes nothing."""
    _require(actor, CHANGE_PRICE_LISTS)
    preview, _plans = _analyse_prices(content)
    return preview


@transaction.atomic
def price_import_commit(*, content: bytes, actor) -> ImportResult:
    """Import the price lists file: everything, or nothing when any row has an error (raises ImportHasErrors)."""
    _require(actor, CHANGE_PRICE_LISTS)
    preview, plans = _analyse_prices(content, lock=True)
    if not preview.is_valid:
        raise ImportHasErrors(preview)
    new_items, changed_items = [], []
    try:
        lists = {name.casefold(): PriceList.objects.create(name=name) for name in preview.new_groups}
        for plan in plans:
            if plan.item is None:
                new_items.append(
                    PriceListItem(
                        price_list=plan.price_list or lists[plan.list_key],
                        product=plan.product,
                        min_quantity=plan.min_quantity,
                        unit_price=plan.unit_price,
                        discount_percent=plan.discount_percent,
                    )
                )
            elif plan.changed:
                plan.item.unit_price, plan.item.discount_percent = plan.unit_price, plan.discount_percent
                plan.item.save(update_fields=["unit_price", "discount_percent"])
                changed_items.append(plan.item)
        PriceListItem.objects.bulk_create(new_items, batch_size=BATCH_SIZE)
    except IntegrityError as error:
        raise DomainError(
            _("Someone changed the price lists while the file was imported; nothing was imported. Upload it again.")
        ) from error
    return ImportResult(
        created=len(new_items),
        updated=len(changed_items),
        unchanged=preview.unchanged_count,
        groups_created=len(lists),
    )


# --- export ---------------------------------------------------------------------------------------------------


def product_export_columns(*, include_cost: bool) -> list[str]:
    return [column.name for column in PRODUCT_COLUMNS if include_cost or column.name != "cost_price"]


def _product_cells(product: Product) -> dict[str, str]:
    return {
        "sku": product.sku,
        "category": product.category.name_nl,
        **{column: getattr(product, column) for column in TEXT_COLUMNS},
        "unit": product.unit,
        "vat_category": product.vat_category.code,
        "list_price": format_decimal(product.list_price, decimal_places=2),
        "cost_price": format_decimal(product.cost_price, decimal_places=2),
        "warranty_months": "" if product.warranty_months is None else str(product.warranty_months),
        "supplier_lead_days": "" if product.supplier_lead_days is None else str(product.supplier_lead_days),
        "on_hand": format_decimal(product.on_hand),
        "active": format_yes_no(product.is_active),
        "specs": _specs_text((spec.key, spec.value) for spec in product.specs.all()),
    }


def products_csv(queryset: QuerySet[Product], *, include_cost: bool) -> bytes:
    """The products as a file the products import reads back as it is; the cost price only when asked."""
    columns = product_export_columns(include_cost=include_cost)
    products = queryset.select_related("category", "vat_category").prefetch_related("specs")
    rows = ([cells[column] for column in columns] for cells in map(_product_cells, products))
    return csv_bytes(columns, rows)


def price_list_csv(price_list: PriceList) -> bytes:
    """A price list's lines as a file the price lists import reads back as it is."""
    columns = [column.name for column in PRICE_COLUMNS]
    items = price_list.items.select_related("product").order_by("product__sku", "min_quantity")
    rows = (
        [
            price_list.name,
            item.product.sku,
            format_decimal(item.min_quantity),
            format_decimal(item.unit_price, decimal_places=2),
            format_decimal(item.discount_percent),
        ]
        for item in items
    )
    return csv_bytes(columns, rows)
