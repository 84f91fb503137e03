"""Price authority on orders and draft invoices: over-limit prices wait for a manager before the document is
confirmed or issued. Quotes have their own states (quote_send, quote_approve); the check is the same one,
`document_approval_problems`."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from orderdesk.approvals import four_eyes_check
from orderdesk.exceptions import DomainError, PermissionDeniedError
from orderdesk.history import approval_record, instance_sync
from orderdesk.permissions import APPROVE_QUOTES
from orderdesk.stored_texts import stored_text
from sales import texts
from sales.models import Invoice, Order
from sales.services.discounts import document_price_facts
from sales.states import InvoiceStatus, OrderStatus


def _locked(document) -> Order | Invoice:
    locked = type(document).objects.select_for_update(of=("self",)).get(pk=document.pk)
    draft = OrderStatus.DRAFT if isinstance(locked, Order) else InvoiceStatus.DRAFT
    if locked.status != draft:
        raise DomainError(_("Only a draft waits for a price approval."))
    return locked


def document_approval_request(*, document: Order | Invoice, actor, problems: list[dict]) -> Order | Invoice:
    """Put the document in the managers' approvals (it stays a draft), with the reasons as data."""
    locked = _locked(document)
    locked.approval_pending, locked.approval_problems, locked.approval_requested_by = True, problems, actor
    locked.approved_by, locked.approval_comment, locked.self_approved = None, "", False
    locked.save(update_fields=["approval_pending", "approval_problems", "approval_requested_by", "approved_by",
                               "approval_comment", "self_approved", "updated_at"])  # fmt: skip
    # Written for the record, read by anyone who may read the document: no margin figures.
    approval_record(
        obj=locked, to="requested", actor=actor, reason=stored_text(texts.HISTORY_APPROVAL_PROBLEMS, problems=problems)
    )
    instance_sync(document, locked)
    return locked


def _require_approver(actor) -> None:
    if not actor.has_perm(APPROVE_QUOTES):
        raise PermissionDeniedError(_("Only a manager can approve prices."))


@transaction.atomic
def document_approve(*, document: Order | Invoice, actor, comment: str = "") -> Order | Invoice:
    """A manager accepts the prices waiting: they are covered, the assistant can confirm (or issue) now. Not the
    manager who asked, unless the company allows it (then recorded as self-approved)."""
    _require_approver(actor)
    locked = _locked(document)
    if not locked.approval_pending:
        raise DomainError(_("Nothing on this document waits for approval."))
    self_approved = four_eyes_check(actor=actor, requester_id=locked.approval_requested_by_id)
    locked.approved_problems = [*locked.approved_problems, *locked.approval_problems]
    locked.approval_pending, locked.approved_by, locked.approval_comment = False, actor, comment.strip()
    locked.self_approved = self_approved
    locked.save(update_fields=["approved_problems", "approval_pending", "approved_by", "approval_comment",
                               "self_approved", "updated_at"])  # fmt: skip
    approval_record(obj=locked, to="approved", actor=actor, reason=comment.strip(), self_approved=self_approved)
    instance_sync(document, locked)
    return locked


@transaction.atomic
def document_refuse(*, document: Order | Invoice, actor, comment: str) -> Order | Invoice:
    """A manager refuses the prices: the document stays a draft, with the comment the assistant will read."""
    _require_approver(actor)
    if not comment.strip():
        raise ValidationError({"comment": _("Say why, so the assistant knows what to change.")})
    locked = _locked(document)
    if not locked.approval_pending:
        raise DomainError(_("Nothing on this document waits for approval."))
    locked.approval_pending, locked.approved_by, locked.approval_comment = False, None, comment.strip()
    locked.save(update_fields=["approval_pending", "approved_by", "approval_comment", "updated_at"])
    approval_record(obj=locked, to="refused", actor=actor, reason=comment.strip())
    instance_sync(document, locked)
    return locked


def document_prices_cover(*, document: Order | Invoice, free_only: bool = False) -> None:
    """The prices as they stand are covered by an earlier decision (inside the caller's transaction): the quote an
    order comes from, the confirmed order an invoice bills, or (`free_only`) a complaint's free replacement,
    decided in the complaint's own approval flow. A price changed afterwards is checked again."""
    facts = document_price_facts(document=document, free_only=free_only)
    document.approved_problems = [*document.approved_problems, *facts]
    type(document).objects.filter(pk=document.pk).update(approved_problems=document.approved_problems)
