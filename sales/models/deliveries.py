from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sales.states import DeliveryStatus

from .orders import Order, OrderLine


class DeliveryNote(models.Model):
    """What left for the customer, in one shipment: all of an order or a part of it."""

    number = models.CharField(_("number"), max_length=20, unique=True)
    order = models.ForeignKey(Order, verbose_name=_("order"), on_delete=models.PROTECT, related_name="deliveries")
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.SHIPPED
    )
    shipped_on = models.DateField(_("shipped on"))
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    address = models.TextField(_("delivery address"))
    notes = models.TextField(_("notes for the customer"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-shipped_on", "-pk"]
        verbose_name = _("delivery note")
        verbose_name_plural = _("delivery notes")

    def __str__(self):
        return self.number


class DeliveryLine(models.Model):
    delivery = models.ForeignKey(DeliveryNote, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey(OrderLine, on_delete=models.PROTECT, related_name="delivery_lines")
    quantity = models.DecimalField(_("quantity delivered"), max_digits=12, decimal_places=3)
    # What was still to deliver after this shipment, as printed on the note.
    quantity_remaining = models.DecimalField(_("still to deliver"), max_digits=12, decimal_places=3)

    class Meta:
        ordering = ["order_line__position", "order_line__pk"]
        verbose_name = _("delivery line")
        verbose_name_plural = _("delivery lines")

    def __str__(self):
        return f"{self.quantity} × {self.order_line.description[:40]}"
