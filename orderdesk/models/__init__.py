from .company import CompanySettings
from .history import StatusChange
from .numbering import SequenceCounter
from .outbox import OutboxAttachment, OutboxMessage
from .users import User

__all__ = [
    "CompanySettings",
    "OutboxAttachment",
    "OutboxMessage",
    "SequenceCounter",
    "StatusChange",
    "User",
]
