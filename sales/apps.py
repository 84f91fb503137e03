from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SalesConfig(AppConfig):
    name = "sales"
    verbose_name = _("Sales")

    def ready(self):
        from auditlog.registry import auditlog

        from sales import texts  # noqa: F401  the codes of the texts sales stores, for every reader
        from sales.models import (
            DiscountAuthority,
            LatePaymentRate,
            PriceList,
            PriceListItem,
            Product,
            Promotion,
            QuantityBreak,
            ReminderLevel,
        )

        # The catalog and the settings that drive money or legal text keep an audit trail of who changed what.
        auditlog.register(Product, m2m_fields={"substitutes", "accessories"})
        for model in (PriceListItem, Promotion, DiscountAuthority, ReminderLevel, LatePaymentRate, PriceList,
                      QuantityBreak):  # fmt: skip
            auditlog.register(model)
