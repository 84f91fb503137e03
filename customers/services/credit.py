"""Credit-line requests: an assistant asks for a higher limit, a manager decides."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.models import Company, CreditRequest
from orderdesk.approvals import four_eyes_check
from orderdesk.exceptions import DomainError, PermissionDeniedError
from orderdesk.history import status_transition
from orderdesk.models import User
from orderdesk.permissions import DECIDE_CREDIT


def _require(actor: User, permission: str) -> None:
    if not actor.has_perm(permission):
        raise PermissionDeniedError(_("Your role does not allow this."))


@transaction.atomic
def credit_request_create(*, company: Company, requested_limit: Decimal, reason: str, actor: User) -> CreditRequest:
    """An assistant asks a manager for a higher credit limit."""
    _require(actor, "customers.add_creditrequest")
    locked = Company.objects.select_for_update().get(pk=company.pk)
    if locked.credit_requests.filter(status=CreditRequest.Status.REQUESTED).exists():
        raise DomainError(_("A credit-line request for this company is already waiting for a decision."))
    if requested_limit <= locked.credit_limit:
        raise ValidationError({"requested_limit": _("Ask for more than the current limit.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Explain why the customer needs more credit.")})
    request = CreditRequest(
        company=locked,
        current_limit=locked.credit_limit,
        requested_limit=requested_limit,
        reason=reason.strip(),
        requested_by=actor,
    )
    request.full_clean()
    request.save()
    return request


CREDIT_DECISIONS = {CreditRequest.Status.REQUESTED: {CreditRequest.Status.APPROVED, CreditRequest.Status.REFUSED}}


@transaction.atomic
def credit_request_decide(*, request: CreditRequest, approve: bool, note: str, actor: User) -> CreditRequest:
    """A manager approves (the new limit applies at once) or refuses, with a note kept on the file."""
    _require(actor, DECIDE_CREDIT)
    if not approve and not note.strip():
        raise ValidationError({"decision_note": _("Say why the request is refused.")})
    # Four eyes: a manager does not approve the credit line they asked for (unless allowed, then recorded).
    self_approved = four_eyes_check(actor=actor, requester_id=request.requested_by_id) if approve else False
    decided = status_transition(
        obj=request,
        to=CreditRequest.Status.APPROVED if approve else CreditRequest.Status.REFUSED,
        actor=actor,
        allowed=CREDIT_DECISIONS,
        reason=note,
        extra_fields={"decided_by": actor, "decided_at": timezone.now(), "decision_note": note.strip()},
        self_approved=self_approved,
    )
    if approve:
        Company.objects.filter(pk=decided.company_id).update(credit_limit=decided.requested_limit)
    return decided
