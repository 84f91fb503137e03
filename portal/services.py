"""Every write of the customer portal. The customer's actions reuse the domain services (quote answers, complaints,
follow-up tasks, payment promises) so the same rules hold as on the phone; what came from the portal is also kept
as a PortalRequest so the assistant sees it on the customer file and on My desk.

Customer actions have no actor (actor=None), like the answers through the quote link.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from complaints.models import Complaint
from complaints.services import complaint_register
from complaints.states import Severity
from customers.models import Company, Contact
from customers.services.activity import task_complete, task_create
from orderdesk.exceptions import DomainError, PermissionDeniedError
from orderdesk.mail import mail_queue
from orderdesk.models import OutboxMessage, User
from orderdesk.permissions import ASSISTANT, CHANGE_CUSTOMERS, RECORD_PROMISES
from orderdesk.stored_texts import stored_text
from orderdesk.uploads import original_name, validate_image_upload
from portal import texts
from portal.models import PortalAccess, PortalPhoto, PortalRequest, PortalVisit
from sales.models import DeliveryLine, Invoice, PaymentPromise, Quote
from sales.services.documents import quote_link_token
from sales.services.quotes import quote_accept, quote_decline
from sales.services.reminders import payment_promise_record
from sales.states import INVOICE_OPEN

TOKEN_SALT = "portal.access"
TITLE_PREFIX = "[Portal]"  # marks a follow-up task that came from the customer's page, in every language
# A document mail reuses the contact's link while it still has this long to live.
REUSE_DAYS = 14


def _require(actor, permission: str) -> None:
    if not actor.has_perm(permission):
        raise PermissionDeniedError(_("You do not have the permission to do this."))


# --- links ---------------------------------------------------------------------------------------------------------


def portal_token(access: PortalAccess) -> str:
    """The signed part of the link: which access row, and when it was signed (nothing else to read or change)."""
    return signing.dumps({"a": access.pk}, salt=TOKEN_SALT, compress=False)


def portal_url(access: PortalAccess) -> str:
    return settings.SITE_URL + reverse("portal:home", args=[portal_token(access)])


def portal_access_read(token: str) -> PortalAccess:
    """The access a link names; refused when tampered with, expired or revoked (nothing of the customer shown)."""
    max_age = datetime.timedelta(days=settings.PORTAL_LINK_DAYS)
    try:
        access_id = int(signing.loads(token, salt=TOKEN_SALT, max_age=max_age)["a"])
    except signing.SignatureExpired:
        raise DomainError(_("This link has expired. Ask for a new one below.")) from None
    except (signing.BadSignature, KeyError, TypeError, ValueError, OverflowError):
        raise DomainError(_("This link is not valid. Ask for a new one below.")) from None
    access = PortalAccess.objects.select_related("contact", "company__owner").filter(pk=access_id).first()
    if access is None:
        raise DomainError(_("This link is not valid. Ask for a new one below."))
    if access.revoked_at is not None:
        raise DomainError(_("This link has been withdrawn. Ask for a new one below or contact us."))
    if access.expires_at <= timezone.now():
        raise DomainError(_("This link has expired. Ask for a new one below."))
    if access.contact.company_id != access.company_id or not access.contact.is_active or access.contact.anonymised_at:
        raise DomainError(_("This link is not valid. Ask for a new one below."))
    return access


@transaction.atomic
def portal_visit_record(*, access: PortalAccess, method: str, path: str) -> PortalVisit:
    """Every page the customer opens is kept (and audited); the customer file shows when the portal was last used."""
    now = timezone.now()
    PortalAccess.objects.filter(pk=access.pk).update(last_used_at=now)
    access.last_used_at = now
    return PortalVisit.objects.create(access=access, method=method[:6], path=path[:300])


def _access_create(*, contact: Contact, actor, origin: str) -> PortalAccess:
    return PortalAccess.objects.create(
        contact=contact, company=contact.company, origin=origin,
        created_by=actor if getattr(actor, "pk", None) else None,
        expires_at=timezone.now() + datetime.timedelta(days=settings.PORTAL_LINK_DAYS),
    )  # fmt: skip


def _link_mail(*, access: PortalAccess, actor) -> OutboxMessage:
    from orderdesk.models import CompanySettings

    contact = access.contact
    context = {"contact": contact, "link": portal_url(access), "company": CompanySettings.load(),
               "expires_on": timezone.localtime(access.expires_at).date()}  # fmt: skip
    with translation.override(contact.language):
        subject = _("Your personal page at %(company)s") % {"company": context["company"].name or "Order Desk"}
        body = render_to_string("portal/mail/link.txt", context)
    return mail_queue(
        to=[contact.email], subject=subject, body=body, language=contact.language, related=contact.company,
        actor=actor,
    )  # fmt: skip


@transaction.atomic
def portal_link_send(*, contact: Contact, actor) -> PortalAccess:
    """The assistant sends a contact their personal link (from the customer file)."""
    _require(actor, CHANGE_CUSTOMERS)
    if not contact.email:
        raise DomainError(_("%(contact)s has no e-mail address.") % {"contact": contact.full_name})
    if not contact.is_active or contact.anonymised_at:
        raise DomainError(_("This contact no longer works there."))
    access = _access_create(contact=contact, actor=actor, origin=PortalAccess.Origin.ASSISTANT)
    _link_mail(access=access, actor=actor)
    return access


@transaction.atomic
def portal_links_revoke(*, contact: Contact, actor) -> int:
    """Every link of the contact stops working at once; a new link can be sent later."""
    _require(actor, CHANGE_CUSTOMERS)
    now = timezone.now()
    accesses = list(PortalAccess.objects.select_for_update().filter(contact=contact, revoked_at=None))
    for access in accesses:  # one by one, so each revocation is in the audit trail
        access.revoked_at, access.revoked_by = now, actor
        access.save(update_fields=["revoked_at", "revoked_by"])
    return len(accesses)


def portal_link_possible(contact: Contact | None) -> bool:
    """Whether a document mail to this contact carries a personal link: not for no contact, one without an e-mail
    address or one who left."""
    return contact is not None and bool(contact.email) and contact.is_active and not contact.anonymised_at


def portal_link_for_document(contact: Contact | None) -> str:
    """The contact's personal link to put in a document mail: their latest link while it lives long enough, else a
    new one. "" when `portal_link_possible` says no."""
    if not portal_link_possible(contact):
        return ""
    access = (
        PortalAccess.objects.filter(
            contact=contact, revoked_at=None, expires_at__gt=timezone.now() + datetime.timedelta(days=REUSE_DAYS)
        )
        .order_by("-expires_at")
        .first()
    )
    if access is None:
        access = _access_create(contact=contact, actor=None, origin=PortalAccess.Origin.DOCUMENT)
    return portal_url(access)


def _counted(key: str, limit: int) -> bool:
    """Counts one more for `key` this hour; False once over `limit`."""
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    return count <= limit


def portal_hit_allowed(*, client: str) -> bool:
    return _counted(f"portal:hits:{client}", settings.PORTAL_HITS_PER_HOUR)


def portal_link_request_allowed(*, client: str) -> bool:
    return _counted(f"portal:link-requests:{client}", settings.PORTAL_LINK_REQUESTS_PER_HOUR)


@transaction.atomic
def portal_link_request(*, email: str) -> int:
    """The customer asks for a new link with their e-mail address. The caller always answers the same, known address
    or not; each address gets at most a few mails an hour. Returns how many links were sent (for tests)."""
    email = email.strip()
    if not email or "@" not in email:
        return 0
    if not _counted(f"portal:link-requests:{email.lower()}", settings.PORTAL_LINK_REQUESTS_PER_HOUR):
        return 0
    contacts = Contact.objects.filter(
        email__iexact=email, is_active=True, anonymised_at=None, company__kind=Company.Kind.CUSTOMER
    ).select_related("company")
    sent = 0
    for contact in contacts:
        access = _access_create(contact=contact, actor=None, origin=PortalAccess.Origin.REQUEST)
        _link_mail(access=access, actor=None)
        sent += 1
    return sent


# --- what the customer asks and reports ----------------------------------------------------------------------------


def portal_handler(company: Company) -> User:
    """Who handles what the customer sends: the account owner, else an assistant."""
    owner = company.owner
    if owner is not None and owner.is_active:
        return owner
    handler = User.objects.filter(is_active=True, groups__name=ASSISTANT).order_by("pk").first()
    handler = handler or User.objects.filter(is_active=True, is_superuser=True).order_by("pk").first()
    if handler is None:
        raise DomainError(_("We cannot take your request right now. Please call us."))
    return handler


def _request(*, access: PortalAccess, kind: str, document=None, label: str = "", **fields) -> PortalRequest:
    return PortalRequest.objects.create(
        kind=kind, company=access.company, contact=access.contact, access=access, document_label=label[:60],
        document_type=ContentType.objects.get_for_model(document) if document is not None else None,
        document_id=document.pk if document is not None else None, **fields,
    )  # fmt: skip


def _task_title(text: str) -> str:
    return f"{TITLE_PREFIX} {text}"[:200]


@transaction.atomic
def portal_question_ask(*, access: PortalAccess, document, label: str, text: str) -> PortalRequest:
    """ "I have a question" on a document: a follow-up task for the account owner, linked to the document."""
    text = text.strip()
    if not text:
        raise DomainError(_("Please write your question."))
    handler = portal_handler(access.company)
    with translation.override(handler.language or settings.LANGUAGE_CODE):
        title = _task_title(
            _("Question from %(contact)s about %(document)s") % {"contact": access.contact.full_name, "document": label}
        )
    task = task_create(
        actor=None, title=title, due_date=timezone.localdate(), assignee=handler, company=access.company,
        contact=access.contact, notes=text[:5000], document=document,
    )  # fmt: skip
    return _request(access=access, kind=PortalRequest.Kind.QUESTION, document=document, label=label, text=text[:5000],
                    task=task)  # fmt: skip


@transaction.atomic
def portal_problem_report(
    *, access: PortalAccess, line: DeliveryLine, category: str, quantity, text: str, photos=()
) -> PortalRequest:
    """ "Report a problem" on a delivered line: registered as a complaint (from the website) that the assistant
    assesses as usual; the photos stay with the portal request, shown on the complaint."""
    if line.delivery.order.company_id != access.company_id:
        raise DomainError(_("That delivery is not yours."))
    if category not in Complaint.Category.values:
        raise DomainError(_("Choose what is wrong."))
    photos = list(photos)
    for photo in photos:
        validate_image_upload(photo)
    complaint = complaint_register(
        company=access.company, actor=None, category=category, description=text, severity=Severity.NORMAL,
        channel=Complaint.Channel.WEBSITE, contact=access.contact, delivery_lines={line.pk: quantity},
        assignee=portal_handler(access.company),
    )  # fmt: skip
    request = _request(access=access, kind=PortalRequest.Kind.PROBLEM, document=line.delivery,
                       label=line.delivery.number, text=text.strip()[:5000], complaint=complaint)  # fmt: skip
    for photo in photos:
        PortalPhoto.objects.create(request=request, file=photo, original_name=original_name(photo))
    return request


@transaction.atomic
def portal_promise_make(
    *, access: PortalAccess, invoice: Invoice, promised_for: datetime.date, today: datetime.date
) -> PortalRequest:
    """ "I will pay on ...": waits for the assistant to confirm; only then is it a payment promise that holds the
    reminders back. A task tells the account owner."""
    if invoice.company_id != access.company_id:
        raise DomainError(_("That invoice is not yours."))
    if invoice.kind != Invoice.Kind.INVOICE or invoice.status not in INVOICE_OPEN or invoice.amount_open <= 0:
        raise DomainError(_("Nothing is open on this invoice."))
    latest = today + datetime.timedelta(days=PaymentPromise.HORIZON_DAYS)
    if promised_for < today:
        raise DomainError(_("The promised date is in the past."))
    if promised_for > latest:
        raise DomainError(_("Choose a date at the latest on %(latest)s.") % {"latest": latest.strftime("%d/%m/%Y")})
    if PortalRequest.objects.filter(kind=PortalRequest.Kind.PROMISE, state=PortalRequest.State.OPEN,
                                    document_type=ContentType.objects.get_for_model(Invoice),
                                    document_id=invoice.pk).exists():  # fmt: skip
        raise DomainError(_("We already have your payment date for this invoice; we will confirm it shortly."))
    handler = portal_handler(access.company)
    with translation.override(handler.language or settings.LANGUAGE_CODE):
        title = _task_title(
            _("Confirm payment promise: %(invoice)s on %(date)s")
            % {"invoice": invoice.number, "date": promised_for.strftime("%d/%m/%Y")}
        )
    task = task_create(
        actor=None, title=title, due_date=today, assignee=handler, company=access.company, contact=access.contact,
        document=invoice,
    )  # fmt: skip
    return _request(access=access, kind=PortalRequest.Kind.PROMISE, document=invoice, label=invoice.number,
                    promised_for=promised_for, amount=invoice.amount_open, task=task)  # fmt: skip


def _handled(request: PortalRequest, *, actor, state: str) -> PortalRequest:
    request.state, request.handled_by, request.handled_at = state, actor, timezone.now()
    request.save(update_fields=["state", "handled_by", "handled_at"])
    if request.task_id and request.task.done_at is None:
        task_complete(task=request.task, actor=actor)
    return request


@transaction.atomic
def portal_promise_confirm(*, request: PortalRequest, actor, today: datetime.date) -> PaymentPromise:
    """The assistant confirms the customer's date: it becomes a payment promise, with the usual rules."""
    _require(actor, RECORD_PROMISES)
    request = PortalRequest.objects.select_for_update(of=("self",)).select_related("task").get(pk=request.pk)
    if request.kind != PortalRequest.Kind.PROMISE or request.state != PortalRequest.State.OPEN:
        raise DomainError(_("This payment promise was handled already."))
    invoice = Invoice.objects.get(pk=request.document_id)
    amount = min(request.amount or Decimal(0), invoice.amount_open)
    promise = payment_promise_record(
        invoice=invoice, actor=actor, promised_for=request.promised_for, amount=amount,
        note=stored_text(texts.PROMISE_THROUGH_PORTAL), today=today,
    )  # fmt: skip
    _handled(request, actor=actor, state=PortalRequest.State.CONFIRMED)
    return promise


@transaction.atomic
def portal_request_close(*, request: PortalRequest, actor) -> PortalRequest:
    """The assistant handled a question, or does not confirm a payment date (after calling the customer)."""
    _require(actor, "customers.change_followuptask")
    request = PortalRequest.objects.select_for_update(of=("self",)).select_related("task").get(pk=request.pk)
    if request.state != PortalRequest.State.OPEN:
        raise DomainError(_("This was handled already."))
    state = PortalRequest.State.DISMISSED if request.kind == PortalRequest.Kind.PROMISE else PortalRequest.State.DONE
    return _handled(request, actor=actor, state=state)


@transaction.atomic
def portal_quote_answer(
    *, access: PortalAccess, quote: Quote, accept: bool, name: str = "", customer_reference: str = "",
    reason: str = "",
) -> Quote:  # fmt: skip
    """Accept or decline a quote from the portal: the very rules of the quote link (sales), for the revision sent."""
    if quote.company_id != access.company_id:
        raise DomainError(_("That quote is not yours."))
    token = quote_link_token(quote)
    if accept:
        quote = quote_accept(token=token, name=name, customer_reference=customer_reference)
        kind, text = PortalRequest.Kind.QUOTE_ACCEPTED, customer_reference.strip()
    else:
        quote = quote_decline(token=token, reason=reason)
        kind, text = PortalRequest.Kind.QUOTE_DECLINED, reason.strip()
    _request(access=access, kind=kind, document=quote, label=quote.reference, text=text[:5000],
             state=PortalRequest.State.DONE)  # fmt: skip
    return quote
