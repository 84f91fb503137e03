from django.db import models
from django.utils.translation import gettext_lazy as _

from orderdesk.money import MoneyField
from orderdesk.stored_texts import stored_or_typed

from .catalog import Product
from .pricing import PERCENT


class SaleLine(models.Model):
    """The columns every sales document line shares, so quotes, orders and invoices compute amounts alike.

    Description, unit, price and VAT rate are copied from the catalog when the line is added: a document
    keeps what the customer was offered even when the catalog changes later.
    """

    position = models.PositiveSmallIntegerField(_("position"), default=0)
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sku = models.CharField(_("SKU"), max_length=40, blank=True)
    description = models.TextField(_("description"))
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=3)
    unit = models.CharField(_("unit"), max_length=10, choices=Product.Unit.choices, default=Product.Unit.PIECE)
    list_price = MoneyField(_("list price"), null=True, blank=True)
    unit_price = MoneyField(_("unit price excl. VAT"))
    discount_percent = models.DecimalField(
        _("discount (%)"), max_digits=5, decimal_places=2, default=0, validators=PERCENT
    )
    vat_rate = models.DecimalField(_("VAT (%)"), max_digits=5, decimal_places=2)
    # What the VAT rules need to know of the line beyond its rate: goods or a service (from the product, or said on
    # a free line), and the Belgian rate of what is sold, so the line can be rated again when the customer's VAT
    # regime changes (vat_rate is that rate under the document's regime: 0 for an export, ...).
    is_service = models.BooleanField(
        _("service"), default=False, help_text=_("A service rather than goods: B2B services to another EU country "
                                                 "are reverse charge, goods an intra-Community supply."),
    )  # fmt: skip
    base_vat_rate = models.DecimalField(
        _("Belgian VAT (%)"), max_digits=5, decimal_places=2, null=True, blank=True,
        help_text=_("The Belgian rate of what is sold (catalog or typed), whatever the customer's VAT regime."),
    )  # fmt: skip
    net_amount = MoneyField(_("amount excl. VAT"), default=0)
    price_explanation = models.CharField(_("price explanation"), max_length=300, blank=True)
    # The same, as a stored text (orderdesk.stored_texts): read in the language of whoever opens the document.
    price_explanation_data = models.JSONField(_("price explanation (stored text)"), blank=True, null=True)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.quantity} × {self.description[:40]}"

    @property
    def price_explanation_text(self) -> str:
        return stored_or_typed(self.price_explanation_data, self.price_explanation)

    @property
    def is_goods(self) -> bool:
        """Goods take stock; services and free lines do not."""
        return self.product_id is not None and not self.product.is_service
