"""Price requests and quotes: from the customer's question to an accepted (or declined, or expired) offer."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from customers.models import Company, Contact
from orderdesk.approvals import four_eyes_check
from orderdesk.exceptions import DomainError, PermissionDeniedError
from orderdesk.history import instance_sync, status_transition
from orderdesk.mail import MailComposition
from orderdesk.numbering import document_number_next
from orderdesk.permissions import ADD_QUOTES, APPROVE_QUOTES, CHANGE_QUOTES, VIEW_MARGIN
from orderdesk.stored_texts import stored_text
from sales import texts
from sales.models import PriceRequest, Quote, QuoteRevision
from sales.services.discounts import discount_reason, document_approval_problems
from sales.services.documents import (
    document_recipients,
    quote_link_expires,
    quote_link_read,
    quote_mail,
    quote_pdf,
    quote_revision_freeze,
)
from sales.states import PRICE_REQUEST_TRANSITIONS, QUOTE_TRANSITIONS, PriceRequestStatus, QuoteStatus

QUOTE_TERM_FIELDS = ["delivery_terms", "payment_terms", "warranty_terms", "return_terms"]


def _require(actor, permission: str) -> None:
    if not actor.has_perm(permission):
        raise PermissionDeniedError(_("You do not have the permission to do this."))


def quote_transition(*, quote: Quote, to: str, actor, reason: str = "", **fields) -> Quote:
    """The one way a quote changes status: checked against QUOTE_TRANSITIONS, with a history row."""
    return status_transition(
        obj=quote, to=to, actor=actor, allowed=QUOTE_TRANSITIONS, reason=reason, extra_fields=fields or None
    )


# --- price requests ------------------------------------------------------------------------------------------------


@transaction.atomic
def price_request_create(
    *,
    company: Company,
    actor,
    need: str,
    channel: str = PriceRequest.Channel.PHONE,
    contact: Contact | None = None,
    quantity: str = "",
    deadline: datetime.date | None = None,
    notes: str = "",
) -> PriceRequest:
    _require(actor, "sales.add_pricerequest")
    if contact is not None and contact.company_id != company.pk:
        raise ValidationError({"contact": _("Pick a contact of this company.")})
    request = PriceRequest(
        company=company, contact=contact, channel=channel, need=need, quantity=quantity, deadline=deadline,
        notes=notes, created_by=actor,
    )  # fmt: skip
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def price_request_close(*, request: PriceRequest, actor, reason: str) -> PriceRequest:
    _require(actor, "sales.change_pricerequest")
    return status_transition(
        obj=request, to=PriceRequestStatus.CLOSED, actor=actor, allowed=PRICE_REQUEST_TRANSITIONS, reason=reason
    )


# --- quotes -------------------------------------------------------------------------------------------------------


def quote_default_terms(company: Company) -> dict[str, str]:
    """The usual terms, written in the customer's language; the assistant adapts them per quote."""
    with translation.override(company.language):
        return {
            "delivery_terms": _(
                "Delivery at the address agreed, within the lead times stated per line from the confirmation of "
                "your order."
            ),
            "payment_terms": ngettext(
                "Payment within %(days)s day of the invoice date, by bank transfer with the structured communication.",
                "Payment within %(days)s days of the invoice date, by bank transfer with the structured communication.",
                company.payment_days,
            )
            % {"days": company.payment_days},
            "warranty_terms": _(
                "Warranty as stated per product, from the delivery date. Consumers keep their legal guarantee of "
                "two years."
            ),
            "return_terms": _(
                "Unused goods in their original packaging can be returned within 14 days after delivery, after "
                "our agreement."
            ),
        }


@transaction.atomic
def quote_create(
    *, company: Company, actor, contact: Contact | None = None, price_request: PriceRequest | None = None
) -> Quote:
    """A draft quote for a customer or prospect, with the usual terms in their language."""
    _require(actor, ADD_QUOTES)
    if contact is not None and contact.company_id != company.pk:
        raise ValidationError({"contact": _("Pick a contact of this company.")})
    if price_request is not None:
        price_request = status_transition(
            obj=price_request, to=PriceRequestStatus.QUOTED, actor=actor, allowed=PRICE_REQUEST_TRANSITIONS,
            reason=stored_text(texts.HISTORY_TURNED_INTO_QUOTE),
        )  # fmt: skip
        contact = contact or price_request.contact
    # The person we deal with by default: the quote goes to them.
    contact = contact or company.contacts.filter(is_active=True).order_by("pk").first()
    quote = Quote.objects.create(
        company=company,
        contact=contact,
        price_request=price_request,
        language=company.language,
        valid_until=timezone.localdate() + datetime.timedelta(days=settings.QUOTE_VALIDITY_DAYS),
        owner=actor,
        internal_notes=price_request.need if price_request is not None else "",
        **quote_default_terms(company),
    )
    return quote


@transaction.atomic
def quote_update(*, quote: Quote, actor, **fields) -> Quote:
    """Change the header of a draft quote: contact, validity, texts and terms."""
    _require(actor, CHANGE_QUOTES)
    locked = Quote.objects.select_for_update().get(pk=quote.pk)
    if locked.status != QuoteStatus.DRAFT:
        raise DomainError(_("Only a draft can be changed. Make a new revision first."))
    allowed = {"contact", "valid_until", "introduction", "internal_notes", *QUOTE_TERM_FIELDS}
    for name, value in fields.items():
        if name not in allowed:
            raise ValueError(f"quote_update cannot change {name}")
        setattr(locked, name, value)
    if locked.contact is not None and locked.contact.company_id != locked.company_id:
        raise ValidationError({"contact": _("Pick a contact of this company.")})
    if locked.valid_until < timezone.localdate():
        raise ValidationError({"valid_until": _("The validity date cannot lie in the past.")})
    locked.full_clean()
    locked.save()
    return locked


def quote_approval_reasons(*, quote: Quote, actor) -> list[str]:
    """Why a manager must approve before `actor` may send this quote (empty: the actor may send it), in words
    `actor` may read (no margin figures without the cost permission)."""
    show_cost = actor.has_perm(VIEW_MARGIN)
    return [approval_reason_text(problem, show_cost=show_cost)
            for problem in quote_approval_problems(quote=quote, actor=actor)]  # fmt: skip


def approval_reason_text(problem: dict, *, show_cost: bool = True) -> str:
    return f"{problem['sku']}: {discount_reason(problem, show_cost=show_cost)}"


def quote_approval_problems(*, quote: Quote, actor) -> list[dict]:
    """The same, as data: one entry per line and problem, with the line's SKU."""
    return document_approval_problems(document=quote, actor=actor)


def _check_ready_to_send(quote: Quote) -> None:
    if not quote.lines.exists():
        raise DomainError(_("Add at least one line before sending the quote."))
    if quote.valid_until < timezone.localdate():
        raise DomainError(_("The validity date lies in the past: change it before sending."), field="valid_until")


@transaction.atomic
def quote_send(*, quote: Quote, actor, mail: MailComposition | None = None) -> Quote:
    """Send a draft or approved quote. A discount beyond the sender's authority goes to a manager first:
    the quote then waits for approval instead of leaving (check `status` on the result). `mail`: what the user
    changed in the composer (subject, text, addresses); the rest is the default."""
    _require(actor, CHANGE_QUOTES)
    locked = Quote.objects.select_for_update(of=("self",)).select_related("company", "contact").get(pk=quote.pk)
    _check_ready_to_send(locked)
    if locked.status == QuoteStatus.DRAFT:
        problems = quote_approval_problems(quote=locked, actor=actor)
        if problems:
            # Written for the record, read by anyone who may read the quote: no margin figures.
            reasons = "\n".join(approval_reason_text(problem, show_cost=False) for problem in problems)
            locked = quote_transition(
                quote=locked, to=QuoteStatus.AWAITING_APPROVAL, actor=actor,
                reason=stored_text(texts.HISTORY_APPROVAL_PROBLEMS, problems=problems),
                approval_reasons=reasons, approval_problems=problems, approval_comment="", approved_by=None,
                approval_requested_by=actor, self_approved=False,
            )  # fmt: skip
            instance_sync(quote, locked)
            return locked
    elif locked.status != QuoteStatus.APPROVED:
        raise DomainError(
            _("A quote that is %(status)s cannot be sent.") % {"status": locked.get_status_display().lower()}
        )
    recipients = mail.to if mail is not None and mail.to else document_recipients(locked)
    if not locked.number:
        locked.number = document_number_next(series="quote", year=timezone.localdate().year)
        locked.save(update_fields=["number"])
    locked = quote_transition(
        quote=locked, to=QuoteStatus.SENT, actor=actor, reason=", ".join(recipients),
        sent_at=timezone.now(), link_revoked_at=None,
    )  # fmt: skip
    pdf = quote_pdf(locked)
    quote_revision_freeze(quote=locked, actor=actor, pdf=pdf)
    quote_mail(quote=locked, pdf=pdf, to=recipients, actor=actor, composition=mail)
    instance_sync(quote, locked)
    return locked


@transaction.atomic
def quote_approve(*, quote: Quote, actor, comment: str = "") -> Quote:
    """A manager accepts the discounts; the quote is ready to be sent."""
    _require(actor, APPROVE_QUOTES)
    locked = Quote.objects.select_for_update().get(pk=quote.pk)
    if locked.status != QuoteStatus.AWAITING_APPROVAL:
        raise DomainError(_("Only a quote awaiting approval can be approved."))
    self_approved = four_eyes_check(actor=actor, requester_id=locked.approval_requested_by_id or locked.owner_id)
    locked = status_transition(
        obj=locked, to=QuoteStatus.APPROVED, actor=actor, allowed=QUOTE_TRANSITIONS, reason=comment,
        extra_fields={"approval_comment": comment, "approved_by": actor, "self_approved": self_approved},
        self_approved=self_approved,
    )  # fmt: skip
    instance_sync(quote, locked)
    return locked


@transaction.atomic
def quote_refuse(*, quote: Quote, actor, comment: str) -> Quote:
    """A manager refuses the discounts: back to draft, with the comment the assistant will read."""
    _require(actor, APPROVE_QUOTES)
    if quote.status != QuoteStatus.AWAITING_APPROVAL:
        raise DomainError(_("Only a quote awaiting approval can be refused."))
    if not comment.strip():
        raise ValidationError({"comment": _("Say why, so the assistant knows what to change.")})
    return quote_transition(
        quote=quote, to=QuoteStatus.DRAFT, actor=actor, reason=comment, approval_comment=comment, approved_by=None
    )


@transaction.atomic
def quote_revise(*, quote: Quote, actor, reason: str = "") -> Quote:
    """Reopen a quote for changes. A quote the customer has seen gets the next revision number; the sent
    revision stays frozen with its PDF. An approval does not carry over to changed lines."""
    _require(actor, CHANGE_QUOTES)
    locked = Quote.objects.select_for_update().get(pk=quote.pk)
    fields = {"approved_by": None, "approval_comment": "", "approval_reasons": "", "approval_problems": [],
              "self_approved": False}  # fmt: skip
    if locked.revisions.filter(revision=locked.revision).exists():
        fields.update(revision=locked.revision + 1, answered_at=None, declined_reason="")
        if locked.valid_until < timezone.localdate():
            fields["valid_until"] = timezone.localdate() + datetime.timedelta(days=settings.QUOTE_VALIDITY_DAYS)
    locked = quote_transition(quote=locked, to=QuoteStatus.DRAFT, actor=actor, reason=reason, **fields)
    instance_sync(quote, locked)
    return locked


@transaction.atomic
def quote_cancel(*, quote: Quote, actor, reason: str) -> Quote:
    _require(actor, CHANGE_QUOTES)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the quote is cancelled.")})
    return quote_transition(quote=quote, to=QuoteStatus.CANCELLED, actor=actor, reason=reason)


@transaction.atomic
def quote_link_revoke(*, quote: Quote, actor) -> Quote:
    """Stop the customer's links from working (a wrong recipient, a price that must change): every link sent so
    far stays dead for good; only sending a new revision gives the customer a new link."""
    _require(actor, CHANGE_QUOTES)
    locked = Quote.objects.select_for_update().get(pk=quote.pk)
    locked.link_revoked_at = timezone.now()
    locked.save(update_fields=["link_revoked_at", "updated_at"])
    locked.revisions.filter(link_revoked_at=None).update(link_revoked_at=locked.link_revoked_at)
    instance_sync(quote, locked)
    return locked


def quote_link_open(token: str, *, today: datetime.date | None = None) -> QuoteRevision:
    """The sent revision a customer's link points to. Refused (nothing of the quote shown) when the link was
    tampered with, revoked or has expired."""
    quote_id, revision, expires = quote_link_read(token)
    frozen = (
        QuoteRevision.objects.select_related("quote__company", "quote__contact")
        .filter(quote_id=quote_id, revision=revision)
        .first()
    )
    if frozen is None:
        raise DomainError(_("This link is not valid. Ask us for a new one."))
    if frozen.link_revoked_at is not None:
        raise DomainError(_("This link has been withdrawn. Please contact us."))
    if expires is None:  # a link sent before links carried their last day
        expires = quote_link_expires(datetime.date.fromisoformat(frozen.content["valid_until"]))
    if (today or timezone.localdate()) > expires:
        raise DomainError(_("This link has expired. Please contact us for a new one."))
    return frozen


def quote_for_link(token: str) -> tuple[Quote, int]:
    """The quote a customer's link points to, and the revision it was sent for; refused as quote_link_open."""
    frozen = quote_link_open(token)
    return frozen.quote, frozen.revision


def quote_link_problem(*, quote: Quote, revision: int, today: datetime.date) -> str:
    """Why the customer can no longer answer through this link ("" when they can)."""
    if quote.link_revoked_at is not None:
        return _("This link has been withdrawn. Please contact us.")
    if quote.revisions.filter(revision__gt=revision).exists():
        return _("This quote has been replaced by a newer version. Please use the link in our latest e-mail.")
    if revision != quote.revision:
        return _("This quote is being changed. You will receive the new version by e-mail.")
    if quote.status in {QuoteStatus.ACCEPTED, QuoteStatus.ORDERED}:
        return _("You accepted this quote. Thank you!")
    if quote.status == QuoteStatus.DECLINED:
        return _("You declined this quote.")
    if quote.status == QuoteStatus.EXPIRED or (quote.status == QuoteStatus.SENT and quote.is_expired_on(today)):
        return _("This quote expired on %(date)s. Please contact us for a new one.") % {
            "date": quote.valid_until.strftime("%d/%m/%Y")}  # fmt: skip
    if quote.status != QuoteStatus.SENT:
        return _("This quote is being changed. You will receive the new version by e-mail.")
    return ""


@transaction.atomic
def quote_accept(*, token: str, name: str, customer_reference: str = "") -> Quote:
    """The customer accepts through the signed link (no login)."""
    quote, revision = quote_for_link(token)
    locked = Quote.objects.select_for_update().get(pk=quote.pk)
    problem = quote_link_problem(quote=locked, revision=revision, today=timezone.localdate())
    if problem:
        raise DomainError(problem)
    if not name.strip():
        raise ValidationError({"name": _("Please give your name.")})
    return quote_transition(
        quote=locked, to=QuoteStatus.ACCEPTED, actor=None,
        reason=stored_text(texts.HISTORY_ACCEPTED_THROUGH_LINK, name=name.strip()),
        accepted_by_name=name.strip(), customer_reference=customer_reference.strip(), answered_at=timezone.now(),
    )  # fmt: skip


@transaction.atomic
def quote_decline(*, token: str, reason: str) -> Quote:
    """The customer declines through the signed link, with a reason we can learn from."""
    quote, revision = quote_for_link(token)
    locked = Quote.objects.select_for_update().get(pk=quote.pk)
    problem = quote_link_problem(quote=locked, revision=revision, today=timezone.localdate())
    if problem:
        raise DomainError(problem)
    if not reason.strip():
        raise ValidationError({"reason": _("Please tell us why, so we can do better.")})
    return quote_transition(
        quote=locked, to=QuoteStatus.DECLINED, actor=None, reason=reason.strip(),
        declined_reason=reason.strip(), answered_at=timezone.now(),
    )  # fmt: skip


@transaction.atomic
def quote_record_answer(*, quote: Quote, actor, accepted: bool, name: str = "", reason: str = "",
                        customer_reference: str = "") -> Quote:  # fmt: skip
    """The customer answered by phone or e-mail: the assistant records it for them."""
    _require(actor, CHANGE_QUOTES)
    locked = Quote.objects.select_for_update().get(pk=quote.pk)
    if locked.status != QuoteStatus.SENT:
        raise DomainError(_("Only a sent quote can be accepted or declined."))
    if accepted:
        return quote_transition(
            quote=locked, to=QuoteStatus.ACCEPTED, actor=actor, reason=reason,
            accepted_by_name=name.strip(), customer_reference=customer_reference.strip(), answered_at=timezone.now(),
        )  # fmt: skip
    if not reason.strip():
        raise ValidationError({"reason": _("Note why the customer declined.")})
    return quote_transition(
        quote=locked, to=QuoteStatus.DECLINED, actor=actor, reason=reason, declined_reason=reason.strip(),
        answered_at=timezone.now(),
    )  # fmt: skip


def quotes_expire(*, today: datetime.date) -> int:
    """Expire every sent quote whose validity date has passed; the daily beat task calls this."""
    expired = 0
    for quote_id in Quote.objects.filter(status=QuoteStatus.SENT, valid_until__lt=today).values_list("pk", flat=True):
        with transaction.atomic():
            locked = Quote.objects.select_for_update().get(pk=quote_id)
            if locked.status != QuoteStatus.SENT or locked.valid_until >= today:
                continue  # answered meanwhile
            quote_transition(
                quote=locked, to=QuoteStatus.EXPIRED, actor=None, reason=stored_text(texts.HISTORY_VALIDITY_PASSED)
            )
            expired += 1
    return expired


# --- revisions ---------------------------------------------------------------------------------------------------


def quote_revision_changes(*, quote: Quote, old: int, new: int) -> list[str]:
    """What changed between two sent revisions, in words, for the assistant and the manager."""
    revisions = {r.revision: r.content for r in quote.revisions.filter(revision__in=[old, new])}
    if old not in revisions or new not in revisions:
        raise DomainError(_("Both revisions must have been sent to compare them."))
    before, after = revisions[old], revisions[new]
    changes = []

    def key(line):
        return line["sku"] or line["description"]

    old_lines = {key(line): line for line in before["lines"]}
    new_lines = {key(line): line for line in after["lines"]}
    for name, line in new_lines.items():
        previous = old_lines.get(name)
        if previous is None:
            changes.append(_("Added: %(quantity)s × %(line)s") % {"quantity": _n(line["quantity"]), "line": name})
            continue
        for field, label in (("quantity", _("quantity")), ("unit_price", _("unit price")),
                             ("discount_percent", _("discount (%)")), ("description", _("description"))):  # fmt: skip
            if previous[field] != line[field]:
                changes.append(
                    _("%(line)s: %(field)s %(old)s → %(new)s")
                    % {"line": name, "field": label, "old": _n(previous[field]), "new": _n(line[field])}
                )
    for name, line in old_lines.items():
        if name not in new_lines:
            changes.append(_("Removed: %(quantity)s × %(line)s") % {"quantity": _n(line["quantity"]), "line": name})
    for field, label in (("discount_percent", _("discount on the whole quote (%)")), ("valid_until", _("valid until")),
                         ("total", _("total incl. VAT"))):  # fmt: skip
        if before[field] != after[field]:
            changes.append(_("%(field)s: %(old)s → %(new)s") % {"field": label, "old": _n(before[field]),
                                                              "new": _n(after[field])})  # fmt: skip
    for field, text in after["terms"].items():
        if before["terms"].get(field) != text:
            changes.append(_("%(field)s changed") % {"field": Quote._meta.get_field(field).verbose_name})
    return changes


def _n(value: str) -> str:
    """Numbers as a Belgian reads them (1,5 not 1.500); other text as it is."""
    from decimal import Decimal, InvalidOperation

    try:
        return f"{Decimal(value).normalize():f}".replace(".", ",")
    except InvalidOperation:
        return value
