from .company import Company, CreditStatus, DeliveryAddress, Tag, VatRegime
from .contact import Contact, ContactRole
from .credit import CreditRequest
from .imports import CompanyImport
from .interaction import Interaction
from .task import FollowUpTask

__all__ = [
    "Company",
    "CompanyImport",
    "Contact",
    "ContactRole",
    "CreditRequest",
    "CreditStatus",
    "DeliveryAddress",
    "FollowUpTask",
    "Interaction",
    "Tag",
    "VatRegime",
]
