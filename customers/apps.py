from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "customers"
    verbose_name = _("Customers")

    def ready(self):
        from auditlog.registry import auditlog

        from customers.models import Company, Contact, CreditRequest, DeliveryAddress, FollowUpTask, Interaction

        # Who changed a customer's data, and when (personal data included: see privacy.py for anonymising).
        auditlog.register(Company, m2m_fields={"tags"})
        for model in (Contact, DeliveryAddress, Interaction, FollowUpTask, CreditRequest):
            auditlog.register(model)
