from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from orderdesk.money import MoneyField
from sales.states import OrderStatus

from .approvals import PriceApproval
from .lines import SaleLine
from .pricing import PERCENT
from .quotes import Quote


class Order(PriceApproval):
    """A customer's order: checked (data, credit, stock) before it is confirmed, then delivered in one or more parts."""

    class DeliveryMethod(models.TextChoices):
        OUR_DELIVERY = "delivery", _("Delivered by us")
        CARRIER = "carrier", _("By carrier")
        PICKUP = "pickup", _("Picked up by the customer")

    number = models.CharField(_("number"), max_length=20, blank=True)
    company = models.ForeignKey(
        "customers.Company", verbose_name=_("customer"), on_delete=models.PROTECT, related_name="orders"
    )
    contact = models.ForeignKey(
        "customers.Contact", verbose_name=_("contact"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    quote = models.OneToOneField(
        Quote, verbose_name=_("quote"), on_delete=models.PROTECT, null=True, blank=True, related_name="order"
    )
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES, default="nl")
    status = models.CharField(_("status"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.DRAFT)
    customer_reference = models.CharField(_("customer's reference (PO)"), max_length=100, blank=True)
    requested_delivery_on = models.DateField(_("requested delivery date"), null=True, blank=True)
    delivery_address = models.ForeignKey(
        "customers.DeliveryAddress", verbose_name=_("delivery address"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+", help_text=_("Empty: the customer's main address."),
    )  # fmt: skip
    delivery_method = models.CharField(
        _("delivery method"), max_length=10, choices=DeliveryMethod.choices, default=DeliveryMethod.OUR_DELIVERY
    )
    packaging = models.CharField(_("packaging"), max_length=200, blank=True)
    discount_percent = models.DecimalField(
        _("discount on the whole order (%)"), max_digits=5, decimal_places=2, default=0, validators=PERCENT
    )
    delivery_terms = models.TextField(_("delivery terms"), blank=True)
    payment_terms = models.TextField(_("payment terms"), blank=True)
    internal_notes = models.TextField(_("internal notes"), blank=True, help_text=_("Never shown to the customer."))
    net_total = MoneyField(_("total excl. VAT"), default=0)
    vat_total = MoneyField(_("VAT"), default=0)
    total = MoneyField(_("total incl. VAT"), default=0)
    hold_reason = models.TextField(_("why the order is on hold"), blank=True)  # as written, for the record
    hold_problems = models.JSONField(default=list, blank=True)  # the same as data, shown in the reader's language
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handled by"), on_delete=models.SET_NULL, null=True,
        related_name="orders",
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta(PriceApproval.Meta):
        ordering = ["-created_at", "-pk"]
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        permissions = [("release_order", _("Can release orders held for credit"))]
        constraints = [
            models.UniqueConstraint(fields=["number"], condition=~models.Q(number=""), name="order_number_once")
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return self.reference

    @property
    def reference(self) -> str:
        return self.number or _("Draft order %(id)s") % {"id": self.pk}

    @property
    def hold_reasons_shown(self) -> list[str]:
        """Why the order waits for a manager, in the language of whoever reads it."""
        from sales.services.orders import hold_reason_text

        if self.hold_problems:
            return [hold_reason_text(problem) for problem in self.hold_problems]
        return self.hold_reason.splitlines()


class OrderLine(SaleLine):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    specifications = models.TextField(_("specifications"), blank=True, help_text=_("Colour, size, finish, ..."))
    quantity_reserved = models.DecimalField(_("reserved"), max_digits=12, decimal_places=3, default=0)
    quantity_delivered = models.DecimalField(_("delivered"), max_digits=12, decimal_places=3, default=0)
    expected_on = models.DateField(_("expected on"), null=True, blank=True)
    # When stock arrived for this backorder: My desk shows it until the goods leave.
    backorder_served_at = models.DateTimeField(_("backorder served at"), null=True, blank=True)

    class Meta(SaleLine.Meta):
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")

    @property
    def quantity_open(self):
        """Still to deliver."""
        return max(self.quantity - self.quantity_delivered, 0)

    @property
    def quantity_backordered(self):
        """Still to deliver and not reserved from stock: waits for incoming goods."""
        if not self.is_goods:
            return 0
        return max(self.quantity - self.quantity_delivered - self.quantity_reserved, 0)
