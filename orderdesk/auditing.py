"""Which models keep an audit trail of who changed what (django-auditlog)."""

from auditlog.registry import auditlog


def register_models() -> None:
    from customers.models import Company, Contact, CreditRequest, DeliveryAddress, FollowUpTask, Interaction
    from orderdesk.models import CompanySettings, User
    from sales.models import DiscountAuthority, PriceListItem, Product, Promotion

    auditlog.register(CompanySettings)
    auditlog.register(User, exclude_fields=["password", "last_login"])
    auditlog.register(Company, m2m_fields={"tags"})
    auditlog.register(Contact)
    auditlog.register(DeliveryAddress)
    auditlog.register(Interaction)
    auditlog.register(FollowUpTask)
    auditlog.register(CreditRequest)
    auditlog.register(Product, m2m_fields={"substitutes", "accessories"})
    auditlog.register(PriceListItem)
    auditlog.register(Promotion)
    auditlog.register(DiscountAuthority)
