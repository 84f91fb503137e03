from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from orderdesk.money import MoneyField

from .catalog import Category, Product

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class QuantityBreak(models.Model):
    """A lower list price from a quantity on ("from 10 pieces: 110,00")."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="quantity_breaks")
    min_quantity = models.DecimalField(_("from quantity"), max_digits=12, decimal_places=3)
    unit_price = MoneyField(_("unit price excl. VAT"))

    class Meta:
        ordering = ["product", "min_quantity"]
        constraints = [models.UniqueConstraint(fields=["product", "min_quantity"], name="one_break_per_quantity")]
        verbose_name = _("quantity break")
        verbose_name_plural = _("quantity breaks")

    def __str__(self):
        return f"{self.product.sku} ≥ {self.min_quantity}: {self.unit_price}"


class PriceList(models.Model):
    """Agreed prices for a group of customers, or for one customer: companies point to their list."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("price list")
        verbose_name_plural = _("price lists")

    def __str__(self):
        return self.name


class PriceListItem(models.Model):
    """One product on a price list: a fixed price or a discount on the list price, from a quantity on."""

    price_list = models.ForeignKey(PriceList, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="price_list_items")
    min_quantity = models.DecimalField(_("from quantity"), max_digits=12, decimal_places=3, default=1)
    unit_price = MoneyField(_("fixed price excl. VAT"), null=True, blank=True)
    discount_percent = models.DecimalField(
        _("discount on the list price (%)"), max_digits=5, decimal_places=2, null=True, blank=True, validators=PERCENT
    )

    class Meta:
        ordering = ["price_list", "product", "min_quantity"]
        constraints = [
            models.UniqueConstraint(fields=["price_list", "product", "min_quantity"], name="one_item_per_quantity"),
            models.CheckConstraint(
                condition=models.Q(unit_price__isnull=False) ^ models.Q(discount_percent__isnull=False),
                name="price_list_item_price_or_discount",
            ),
        ]
        verbose_name = _("price list line")
        verbose_name_plural = _("price list lines")

    def __str__(self):
        return f"{self.price_list}: {self.product.sku}"


class Promotion(models.Model):
    """A promotion for a period, on a product or a whole category: a percentage off or a fixed price."""

    name = models.CharField(_("name"), max_length=100)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, null=True, blank=True, related_name="promotions", verbose_name=_("product")
    )
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, null=True, blank=True, related_name="promotions",
        verbose_name=_("category"),
    )  # fmt: skip
    discount_percent = models.DecimalField(
        _("discount (%)"), max_digits=5, decimal_places=2, null=True, blank=True, validators=PERCENT
    )
    unit_price = MoneyField(_("promotion price excl. VAT"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(product__isnull=False) ^ models.Q(category__isnull=False),
                name="promotion_on_product_or_category",
            ),
            models.CheckConstraint(
                condition=models.Q(unit_price__isnull=False) ^ models.Q(discount_percent__isnull=False),
                name="promotion_price_or_discount",
            ),
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="promotion_period"),
        ]
        verbose_name = _("promotion")
        verbose_name_plural = _("promotions")

    def __str__(self):
        return self.name


class DiscountAuthority(models.Model):
    """How much discount a role may give without a manager, and the margin no sale may go below."""

    role = models.CharField(_("role"), max_length=30, unique=True)
    max_discount_percent = models.DecimalField(
        _("maximum discount (%)"), max_digits=5, decimal_places=2, validators=PERCENT
    )
    min_margin_percent = models.DecimalField(
        _("minimum margin (%)"), max_digits=5, decimal_places=2, default=0, validators=PERCENT,
        help_text=_("On the selling price: (price − cost) / price."),
    )  # fmt: skip
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["role"]
        verbose_name = _("discount authority")
        verbose_name_plural = _("discount authorities")

    def __str__(self):
        return f"{self.role}: {self.max_discount_percent} %"
