"""The complaint's life: one status, the allowed moves, and the deadlines per severity."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ComplaintStatus(models.TextChoices):
    NEW = "new", _("New")
    ASSESSING = "assessing", _("Being assessed")
    ESCALATED = "escalated", _("With the manager")
    PROPOSED = "proposed", _("Solution proposed")
    ACCEPTED = "accepted", _("Accepted by the customer")
    REFUSED = "refused", _("Refused by the customer")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


S = ComplaintStatus
COMPLAINT_TRANSITIONS = {
    S.NEW: {S.ASSESSING, S.ESCALATED},
    S.ASSESSING: {S.PROPOSED, S.ESCALATED},
    S.ESCALATED: {S.ASSESSING, S.PROPOSED},
    S.PROPOSED: {S.ACCEPTED, S.REFUSED, S.ESCALATED},
    S.REFUSED: {S.PROPOSED, S.ESCALATED, S.RESOLVED},
    S.ACCEPTED: {S.RESOLVED},
    S.RESOLVED: {S.CLOSED, S.ASSESSING},  # re-opened
    S.CLOSED: {S.ASSESSING},  # re-opened
}
COMPLAINT_OPEN = {S.NEW, S.ASSESSING, S.ESCALATED, S.PROPOSED, S.ACCEPTED, S.REFUSED}


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical (production stopped, safety)")


# (first answer within hours, resolution within days) per severity.
DEADLINES = {
    Severity.LOW: (48, 20),
    Severity.NORMAL: (24, 10),
    Severity.HIGH: (8, 5),
    Severity.CRITICAL: (2, 2),
}
