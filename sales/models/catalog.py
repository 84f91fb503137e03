from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from orderdesk.money import MoneyField
from orderdesk.uploads import RandomName, validate_upload


class VatCategory(models.Model):
    """What a product is for VAT (standard, reduced, ...); the rate itself is dated data (VatRate)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("VAT category")
        verbose_name_plural = _("VAT categories")

    def __str__(self):
        return self.name


class VatRate(models.Model):
    """A Belgian VAT rate for a category from a date: rates move between categories over time."""

    category = models.ForeignKey(VatCategory, on_delete=models.CASCADE, related_name="rates")
    rate = models.DecimalField(_("rate (%)"), max_digits=5, decimal_places=2)
    valid_from = models.DateField(_("valid from"))

    class Meta:
        ordering = ["category", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["category", "valid_from"], name="one_vat_rate_per_day")]
        verbose_name = _("VAT rate")
        verbose_name_plural = _("VAT rates")

    def __str__(self):
        return f"{self.category}: {self.rate} % ({self.valid_from})"


class Category(models.Model):
    name_nl = models.CharField(_("name (Dutch)"), max_length=100)
    name_fr = models.CharField(_("name (French)"), max_length=100, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)

    class Meta:
        ordering = ["name_nl"]
        verbose_name = _("product category")
        verbose_name_plural = _("product categories")

    def __str__(self):
        return self.name_nl


class Product(models.Model):
    """A product or service we sell. Texts in nl, fr and en; documents show the customer's language."""

    class Unit(models.TextChoices):
        PIECE = "piece", _("piece")
        SET = "set", _("set")
        BOX = "box", _("box")
        METRE = "m", _("metre")
        SQUARE_METRE = "m2", _("square metre")
        KILOGRAM = "kg", _("kilogram")
        LITRE = "l", _("litre")
        HOUR = "hour", _("hour")

    sku = models.CharField(_("SKU"), max_length=40, unique=True)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="products"
    )
    is_service = models.BooleanField(_("service (no stock)"), default=False)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    applications_nl = models.TextField(_("applications (Dutch)"), blank=True)
    applications_fr = models.TextField(_("applications (French)"), blank=True)
    applications_en = models.TextField(_("applications (English)"), blank=True)
    usage_nl = models.TextField(_("usage instructions (Dutch)"), blank=True)
    usage_fr = models.TextField(_("usage instructions (French)"), blank=True)
    usage_en = models.TextField(_("usage instructions (English)"), blank=True)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.PIECE)
    vat_category = models.ForeignKey(VatCategory, verbose_name=_("VAT category"), on_delete=models.PROTECT)
    list_price = MoneyField(_("list price excl. VAT"), null=True, blank=True)
    cost_price = MoneyField(_("cost price"), null=True, blank=True)
    warranty_months = models.PositiveSmallIntegerField(_("warranty (months)"), null=True, blank=True)
    supplier = models.CharField(_("supplier"), max_length=200, blank=True)
    supplier_lead_days = models.PositiveSmallIntegerField(_("supplier lead time (days)"), null=True, blank=True)
    on_hand = models.DecimalField(_("in stock"), max_digits=12, decimal_places=3, default=0)
    reserved = models.DecimalField(
        _("reserved"), max_digits=12, decimal_places=3, default=0, help_text=_("Held for confirmed orders.")
    )
    substitutes = models.ManyToManyField(
        "self", verbose_name=_("substitutes"), symmetrical=False, blank=True, related_name="substitute_for"
    )
    accessories = models.ManyToManyField(
        "self", verbose_name=_("accessories and related products"), symmetrical=False, blank=True,
        related_name="accessory_for",
    )  # fmt: skip
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["sku"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        permissions = [("view_margin", _("Can see cost prices and margins"))]

    def __str__(self):
        return f"{self.sku} {self.name_nl}"

    def text(self, field: str, language: str) -> tuple[str, bool]:
        """(text in the language, True when it fell back to Dutch because the translation is missing)."""
        value = getattr(self, f"{field}_{language}", "")
        if value or language == "nl":
            return value, False
        return getattr(self, f"{field}_nl"), True

    def name_in(self, language: str) -> str:
        return self.text("name", language)[0]

    @property
    def available_now(self):
        return max(self.on_hand - self.reserved, 0)


class ProductSpec(models.Model):
    """A structured technical specification: key and value, searchable ("Voltage: 230 V")."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="specs")
    key = models.CharField(_("specification"), max_length=100)
    value = models.CharField(_("value"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("specification")
        verbose_name_plural = _("specifications")

    def __str__(self):
        return f"{self.key}: {self.value}"


class ProductDocument(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES, blank=True)
    file = models.FileField(_("file"), upload_to=RandomName("products"), validators=[validate_upload])
    original_name = models.CharField(_("original file name"), max_length=255, blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("product document")
        verbose_name_plural = _("product documents")

    def __str__(self):
        return self.title


class IncomingStock(models.Model):
    """Goods expected from a supplier on a date (until received)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="incoming")
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=3)
    expected_on = models.DateField(_("expected on"))
    received = models.BooleanField(_("received"), default=False)

    class Meta:
        ordering = ["expected_on", "pk"]
        verbose_name = _("incoming stock")
        verbose_name_plural = _("incoming stock")

    def __str__(self):
        return f"{self.product.sku}: {self.quantity} on {self.expected_on}"


class ProductNote(models.Model):
    """Internal Q&A colleagues share about a product ("how do I explain the set-up?")."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="notes")
    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(_("answer"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("product Q&A note")
        verbose_name_plural = _("product Q&A notes")

    def __str__(self):
        return self.question


class MarketNote(models.Model):
    """A competitor's product or price seen in the market, linked to our product (and the customer who said it)."""

    product = models.ForeignKey(
        Product, verbose_name=_("our product"), on_delete=models.CASCADE, related_name="market_notes"
    )
    competitor = models.CharField(_("competitor"), max_length=200)
    competitor_product = models.CharField(_("their product"), max_length=200, blank=True)
    competitor_price = MoneyField(_("their price excl. VAT"), null=True, blank=True)
    observed_on = models.DateField(_("observed on"))
    company = models.ForeignKey(
        "customers.Company", verbose_name=_("heard from customer"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="market_notes",
    )  # fmt: skip
    notes = models.TextField(_("notes"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-observed_on", "-pk"]
        verbose_name = _("market note")
        verbose_name_plural = _("market notes")

    def __str__(self):
        return f"{self.competitor}: {self.competitor_product}"


def unit_label(unit: str, quantity) -> str:
    """The unit after a quantity, singular or plural in the active language: "1 box", "2 dozen", "2 boîtes"."""
    from django.utils.translation import ngettext

    n = int(quantity) if quantity == int(quantity) else 2  # a decimal quantity reads as a plural
    labels = {
        "piece": lambda: ngettext("piece", "pieces", n),
        "set": lambda: ngettext("set", "sets", n),
        "box": lambda: ngettext("box", "boxes", n),
        "m": lambda: ngettext("metre", "metres", n),
        "m2": lambda: ngettext("square metre", "square metres", n),
        "kg": lambda: ngettext("kilogram", "kilograms", n),
        "l": lambda: ngettext("litre", "litres", n),
        "hour": lambda: ngettext("hour", "hours", n),
    }
    return labels[unit]() if unit in labels else unit
