"""Peppol delivery, read: who is reachable, each transmission's timeline in the reader's language, the queues of
My desk. The notes and events are stored as codes and parameters; `peppol_text` words them at display time, the
access point's own message (a parameter) verbatim."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orderdesk.permissions import ISSUE_INVOICES, VIEW_INVOICES
from orderdesk.queues import DeskAction, DeskQueue, desk_queue, since, titled
from sales.models import Invoice, PeppolParticipant, PeppolTransmission
from sales.states import InvoiceResponse, InvoiceStatus, PeppolReach, TransmissionStatus

TEXTS = {
    "queued": _("Queued for the access point."),
    "stored": _("Kept with the invoice: download the UBL file to send it over Peppol."),
    "sent": _("Accepted by the access point (document %(document)s)."),
    "retrying": _("Attempt %(attempt)s failed, tried again soon: %(reason)s"),
    "attempt_failed": _("Attempt %(attempt)s failed: %(reason)s"),
    "failed": _("Not sent after %(attempts)s attempts: %(reason)s"),
    "refused": _("Refused by the access point: %(reason)s"),
    "delivered": _("Delivered to the customer's access point."),
    "delivery_failed": _("The delivery failed: %(reason)s"),
    "retry_requested": _("Sent again by %(user)s."),
    "response": _("The customer answered: %(response)s."),
    "backend": _("The backend said: %(text)s"),
}


def peppol_text(code: str, params: dict | None = None) -> str:
    """A stored note or event in the reader's language; an unknown code shows as itself."""
    params = dict(params or {})
    message = TEXTS.get(code)
    if message is None:
        return code
    if code == "response":
        label = dict(InvoiceResponse.choices).get(params.get("code", ""), params.get("code", ""))
        text = str(message) % {"response": label}
        return f"{text} {params['reason']}" if params.get("reason") else text
    try:
        return str(message) % defaultdict(str, params)  # a parameter a row lacks reads as nothing
    except (TypeError, ValueError):
        return str(message)


def peppol_configured() -> bool:
    from django.utils.module_loading import import_string

    return bool(getattr(import_string(settings.PEPPOL_BACKEND), "configured", False))


@dataclass(frozen=True)
class Reachability:
    configured: bool
    peppol_id: str
    participant: PeppolParticipant | None
    stale: bool

    @property
    def reach(self) -> str:
        return self.participant.reach if self.participant else PeppolReach.UNKNOWN

    @property
    def label(self) -> str:
        if self.participant is None:
            return str(_("Not checked yet: the access point is being asked."))
        return str(PeppolReach(self.reach).label)

    @property
    def not_reachable(self) -> bool:
        return self.participant is not None and self.reach == PeppolReach.NOT_REGISTERED


def reachability(peppol_id: str) -> Reachability:
    """What the cache knows of a Peppol id; `stale` says a lookup should be queued (never waited for)."""
    configured = peppol_configured()
    participant = PeppolParticipant.objects.filter(peppol_id=peppol_id).first() if peppol_id and configured else None
    if not configured or not peppol_id:
        return Reachability(configured, peppol_id, None, False)
    from sales.services.peppol_delivery import participant_is_stale

    return Reachability(configured, peppol_id, participant, participant_is_stale(participant))


def peppol_not_registered(peppol_id: str) -> bool:
    """True only when a lookup said the id is not on Peppol: then the invoice goes by e-mail."""
    if not peppol_id or not peppol_configured():
        return False
    return PeppolParticipant.objects.filter(peppol_id=peppol_id, reach=PeppolReach.NOT_REGISTERED).exists()


def invoice_transmissions(invoice: Invoice) -> list[PeppolTransmission]:
    """The transmissions of a document with their timeline, the texts worded for the reader."""
    transmissions = list(invoice.transmissions.prefetch_related("events"))
    for transmission in transmissions:
        transmission.note = peppol_text(transmission.note_code, transmission.note_params) if (
            transmission.note_code) else transmission.detail  # fmt: skip
        transmission.timeline = [(event.at, event.code, peppol_text(event.code, event.params))
                                 for event in transmission.events.all()]  # fmt: skip
    return transmissions


def peppol_deliveries(*, view: str = "") -> QuerySet:
    """The list behind My desk's cards: failed deliveries, or invoices the customer rejected."""
    rows = PeppolTransmission.objects.select_related("invoice__company")
    if view == "failed":
        return rows.filter(status=TransmissionStatus.FAILED).order_by("updated_at", "pk")
    if view == "rejected":
        # Until the invoice is credited (or a later answer of the customer replaces the rejection).
        return rows.filter(response_code=InvoiceResponse.RE).exclude(invoice__status=InvoiceStatus.CREDITED).order_by(
            "response_at", "pk")  # fmt: skip
    return rows.order_by("-created_at", "-pk")


def company_responses(company_id: int, *, limit: int = 5) -> list[PeppolTransmission]:
    """The customer's latest answers to our e-invoices, for the customer file."""
    recent = timezone.now() - datetime.timedelta(days=365)
    return list(
        PeppolTransmission.objects.filter(invoice__company_id=company_id, response_at__gte=recent)
        .exclude(response_code="").select_related("invoice").order_by("-response_at")[:limit]
    )  # fmt: skip


def desk_peppol_queues(*, user) -> list[DeskQueue | None]:
    if not user.has_perm(VIEW_INVOICES):
        return []
    url = reverse("sales:peppol-deliveries")

    may_retry = user.has_perm(ISSUE_INVOICES)

    def describe(transmission):
        invoice = transmission.invoice
        retry = None
        if may_retry and transmission.status == TransmissionStatus.FAILED:  # one click sends it again
            retry = DeskAction(_("Send again"), url, (("transmission", str(transmission.pk)), ("next", "/")))
        return (titled(invoice.number, invoice.company.name), reverse("sales:invoice-detail", args=[invoice.pk]),
                since(transmission.response_at or transmission.updated_at), "", "", retry)  # fmt: skip

    return [
        desk_queue(_("Peppol deliveries that failed"), peppol_deliveries(view="failed"), url=f"{url}?view=failed",
                   oldest_first=("updated_at", "pk"), describe=describe, alert=True),
        desk_queue(_("Invoices rejected by the customer"), peppol_deliveries(view="rejected"),
                   url=f"{url}?view=rejected", oldest_first=("response_at", "pk"), describe=describe, alert=True),
    ]  # fmt: skip
