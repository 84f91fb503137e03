from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sales.states import SupplierOrderStatus

from .catalog import IncomingStock, Product


class SupplierOrder(models.Model):
    """A purchase order to a supplier, mostly for backordered goods; receiving it fills stock and backorders."""

    number = models.CharField(_("number"), max_length=20, unique=True)
    supplier = models.CharField(_("supplier"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=SupplierOrderStatus.choices, default=SupplierOrderStatus.ORDERED
    )
    expected_on = models.DateField(_("expected on"))
    notes = models.TextField(_("notes for the supplier"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("supplier order")
        verbose_name_plural = _("supplier orders")

    def __str__(self):
        return self.number


class SupplierOrderLine(models.Model):
    supplier_order = models.ForeignKey(SupplierOrder, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=3)
    quantity_received = models.DecimalField(_("received"), max_digits=12, decimal_places=3, default=0)
    # The expected receipt the availability answer counts, while the goods are on their way.
    incoming = models.OneToOneField(IncomingStock, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["product__sku", "pk"]
        verbose_name = _("supplier order line")
        verbose_name_plural = _("supplier order lines")

    def __str__(self):
        return f"{self.quantity} × {self.product.sku}"

    @property
    def quantity_open(self):
        return max(self.quantity - self.quantity_received, 0)
