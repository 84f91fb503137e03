"""Peppol delivery: an issued document handed to the access point exactly once, its answers followed up.

Exactly once: the transmission's idempotency key is the SHA-256 of the UBL (unique per transmission, sent as the
Idempotency-Key header), and a transmission is claimed in its own short transaction before the network call. A
claim older than settings.PEPPOL_SENDING_LEASE belongs to a worker that died mid-send: the sweeper hands it out
again and the access point, seeing the same key, answers with the document it already has.

Answers come back through the timeline of each document (read by beat, `peppol_poll`) and the provider's webhook
(`peppol_webhook_receive`); both are applied by `transmission_events_apply`, which keeps each event of the access
point once, so a replay changes nothing. Texts are codes and parameters (`sales.selectors.peppol` renders them).
"""

import datetime
import hashlib
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from orderdesk.exceptions import DomainError, PermissionDeniedError
from orderdesk.permissions import ISSUE_INVOICES
from sales.access_points import AccessPointError, AccessPointRefused, AccessPointUnavailable, Participant
from sales.models import Invoice, PeppolEvent, PeppolParticipant, PeppolTransmission, PeppolWebhookCall
from sales.states import InvoiceResponse, PeppolReach, TransmissionStatus

log = logging.getLogger(__name__)

OPEN = {TransmissionStatus.QUEUED, TransmissionStatus.FAILED, TransmissionStatus.SENDING}
# Responses after which the customer has nothing more to say about the invoice.
FINAL_RESPONSES = {InvoiceResponse.AP, InvoiceResponse.RE, InvoiceResponse.PD}
UNKNOWN_RECHECK = datetime.timedelta(minutes=10)


def backend_of(path: str | None = None):
    return import_string(path or settings.PEPPOL_BACKEND)()


def peppol_configured() -> bool:
    """True when a real access point is configured (the store backend keeps files, it reaches nobody)."""
    return bool(getattr(import_string(settings.PEPPOL_BACKEND), "configured", False))


def _event(transmission, event_code: str, *, at=None, provider_event_id: str = "", **params) -> PeppolEvent:
    return PeppolEvent.objects.create(transmission=transmission, at=at or timezone.now(), code=event_code,
                                      params=params, provider_event_id=provider_event_id)  # fmt: skip


def _note(transmission, code: str, **params) -> None:
    transmission.note_code, transmission.note_params = code, params


# --- send --------------------------------------------------------------------------------------------------------


@transaction.atomic
def transmission_queue(*, invoice: Invoice) -> PeppolTransmission:
    """Queue the Peppol transmission of an issued document; the worker runs it after the commit. A document has one
    transmission per UBL: queueing it again (a retry) takes the same one, with the same key."""
    from sales.tasks import peppol_transmit_task

    key = invoice.ubl_sha256 or hashlib.sha256(f"invoice-{invoice.pk}".encode()).hexdigest()
    transmission = PeppolTransmission.objects.select_for_update().filter(idempotency_key=key).first()
    if transmission is None:
        transmission = PeppolTransmission.objects.create(invoice=invoice, backend=settings.PEPPOL_BACKEND,
                                                         idempotency_key=key)  # fmt: skip
    elif transmission.status in (TransmissionStatus.FAILED, TransmissionStatus.STORED):
        transmission.status, transmission.backend = TransmissionStatus.QUEUED, settings.PEPPOL_BACKEND
        _note(transmission, "")
        transmission.save(update_fields=["status", "backend", "note_code", "note_params", "updated_at"])
    else:
        return transmission  # queued, on its way or done: nothing to do twice
    _event(transmission, "queued")
    transaction.on_commit(lambda: peppol_transmit_task.delay(transmission.pk))
    return transmission


@transaction.atomic
def transmission_retry(*, transmission: PeppolTransmission, actor) -> PeppolTransmission:
    """Send a failed transmission again (My desk, the invoice page): same document, same key."""
    if not actor.has_perm(ISSUE_INVOICES):
        raise PermissionDeniedError
    locked = PeppolTransmission.objects.select_for_update().select_related("invoice").get(pk=transmission.pk)
    if locked.status != TransmissionStatus.FAILED:
        raise DomainError(_("This Peppol delivery did not fail: there is nothing to send again."))
    _event(locked, "retry_requested", user=actor.get_full_name() or actor.get_username())
    return transmission_queue(invoice=locked.invoice)


def transmission_run(*, transmission_id: int, final_attempt: bool = True) -> PeppolTransmission:
    """Hand the UBL to the backend once. A transmission already sent, or being sent by a live worker, is left
    alone, so running it twice is safe. A transient failure raises AccessPointUnavailable for the task to retry,
    unless this is the last attempt: then the transmission fails with the access point's reason."""
    with transaction.atomic():
        transmission = (
            PeppolTransmission.objects.select_for_update(of=("self",)).select_related("invoice")
            .get(pk=transmission_id)
        )  # fmt: skip
        if transmission.status not in OPEN:
            return transmission
        lease = datetime.timedelta(seconds=settings.PEPPOL_SENDING_LEASE)
        now = timezone.now()
        if (
            transmission.status == TransmissionStatus.SENDING
            and transmission.claimed_at
            and (transmission.claimed_at > now - lease)
        ):
            return transmission  # another worker is sending it right now
        backend = backend_of(transmission.backend)
        if not hasattr(backend, "send"):
            return _run_legacy(transmission, backend)
        transmission.status, transmission.claimed_at = TransmissionStatus.SENDING, now
        transmission.attempts += 1
        transmission.save(update_fields=["status", "claimed_at", "attempts", "updated_at"])
    invoice = transmission.invoice
    try:
        with invoice.ubl.open("rb") as handle:
            ubl = handle.read()
        receiver = (invoice.parties or {}).get("buyer", {}).get("peppol_id", "")
        document_id = backend.send(ubl=ubl, idempotency_key=transmission.idempotency_key, receiver=receiver)
    except AccessPointUnavailable as error:
        _failed(transmission_id, error, retrying=not final_attempt)
        if not final_attempt:
            raise
    except AccessPointRefused as error:
        _failed(transmission_id, error, retrying=False)
    except Exception as error:  # a backend's bug is recorded and shown, not lost in a log
        log.exception("Peppol transmission %s failed", transmission_id)
        _failed(transmission_id, AccessPointError(str(error)[:1000]), retrying=False)
    else:
        with transaction.atomic():
            transmission = PeppolTransmission.objects.select_for_update().get(pk=transmission_id)
            if transmission.status == TransmissionStatus.SENDING:
                transmission.status, transmission.document_id = TransmissionStatus.SENT, document_id
                transmission.sent_at, transmission.claimed_at = timezone.now(), None
                _note(transmission, "sent", document=document_id)
                transmission.save(update_fields=["status", "document_id", "sent_at", "claimed_at", "note_code",
                                                 "note_params", "updated_at"])  # fmt: skip
                _event(transmission, "sent", document=document_id)
    return PeppolTransmission.objects.get(pk=transmission_id)


def _failed(transmission_id: int, error: AccessPointError, *, retrying: bool) -> None:
    with transaction.atomic():
        transmission = PeppolTransmission.objects.select_for_update().get(pk=transmission_id)
        if transmission.status != TransmissionStatus.SENDING:
            return
        reason = error.message or error.__class__.__name__
        if retrying:
            transmission.status = TransmissionStatus.QUEUED
            _note(transmission, "retrying", reason=reason, attempt=transmission.attempts)
            _event(transmission, "attempt_failed", reason=reason, attempt=transmission.attempts)
        else:
            transmission.status = TransmissionStatus.FAILED
            code = "refused" if isinstance(error, AccessPointRefused) else "failed"
            _note(transmission, code, reason=reason, attempts=transmission.attempts)
            _event(transmission, code, reason=reason, attempts=transmission.attempts)
        transmission.claimed_at = None
        transmission.save(update_fields=["status", "claimed_at", "note_code", "note_params", "updated_at"])


def _run_legacy(transmission: PeppolTransmission, backend) -> PeppolTransmission:
    """A backend with only `transmit(invoice=, ubl=) -> (status, detail)` (the store backend, older ones)."""
    transmission.attempts += 1
    try:
        with transmission.invoice.ubl.open("rb") as handle:
            status, detail = backend.transmit(invoice=transmission.invoice, ubl=handle.read())
    except Exception as error:  # a backend's failure is recorded and shown, not lost in a log
        status, detail = TransmissionStatus.FAILED, str(error)[:1000]
    transmission.status, transmission.detail = status, detail
    _note(transmission, "stored" if status == TransmissionStatus.STORED else "")
    transmission.save(update_fields=["status", "detail", "attempts", "note_code", "note_params", "updated_at"])
    if status == TransmissionStatus.STORED:
        _event(transmission, "stored")
    else:  # such a backend speaks for itself: its words are kept as they are
        _event(transmission, "backend", status=str(status), text=str(detail))
    return transmission


def transmissions_requeue_stale(*, now: datetime.datetime | None = None) -> list[int]:
    """Hand out again the transmissions whose sender died mid-send (claimed longer ago than the lease)."""
    from sales.tasks import peppol_transmit_task

    now = now or timezone.now()
    stale = list(PeppolTransmission.objects.filter(
        status=TransmissionStatus.SENDING,
        claimed_at__lt=now - datetime.timedelta(seconds=settings.PEPPOL_SENDING_LEASE),
    ).order_by("pk").values_list("pk", flat=True))  # fmt: skip
    for pk in stale:
        peppol_transmit_task.delay(pk)
    return stale


# --- answers -----------------------------------------------------------------------------------------------------


@transaction.atomic
def transmission_events_apply(*, transmission_id: int, events) -> int:
    """Apply the access point's events to a transmission; each is kept once (by its id), so applying the same
    timeline again changes nothing. Returns how many events were new."""
    transmission = PeppolTransmission.objects.select_for_update().get(pk=transmission_id)
    known = set(transmission.events.exclude(provider_event_id="").values_list("provider_event_id", flat=True))
    fields, new = {"updated_at"}, 0
    for event in sorted(events, key=lambda event: event.at):
        if event.id in known or event.kind == "other":
            continue
        known.add(event.id)
        new += 1
        if event.kind == "delivered":
            _event(transmission, "delivered", at=event.at, provider_event_id=event.id)
            if transmission.status in (TransmissionStatus.SENT, TransmissionStatus.SENDING, TransmissionStatus.QUEUED):
                transmission.status, transmission.delivered_at = TransmissionStatus.DELIVERED, event.at
                _note(transmission, "delivered")
                fields |= {"status", "delivered_at", "note_code", "note_params"}
        elif event.kind == "failed":
            _event(transmission, "delivery_failed", at=event.at, provider_event_id=event.id, reason=event.reason)
            if transmission.status != TransmissionStatus.DELIVERED or not transmission.response_code:
                transmission.status = TransmissionStatus.FAILED
                _note(transmission, "delivery_failed", reason=event.reason)
                fields |= {"status", "note_code", "note_params"}
        elif event.kind == "response" and event.response_code in InvoiceResponse.values:
            _event(transmission, "response", at=event.at, provider_event_id=event.id, code=event.response_code,
                   reason=event.reason)  # fmt: skip
            if transmission.response_at is None or event.at >= transmission.response_at:
                transmission.response_code, transmission.response_reason = event.response_code, event.reason
                transmission.response_at = event.at
                fields |= {"response_code", "response_reason", "response_at"}
            if transmission.status in (TransmissionStatus.SENT, TransmissionStatus.SENDING):
                # An answer of the customer's software proves the delivery.
                transmission.status, transmission.delivered_at = TransmissionStatus.DELIVERED, event.at
                _note(transmission, "delivered")
                fields |= {"status", "delivered_at", "note_code", "note_params"}
    if new:
        transmission.save(update_fields=sorted(fields))
    return new


def transmission_sync(*, transmission_id: int) -> int:
    """Read the document's timeline at the access point and apply what is new. An unreachable access point is
    tried again at the next poll."""
    transmission = PeppolTransmission.objects.get(pk=transmission_id)
    if not transmission.document_id:
        return 0
    backend = backend_of(transmission.backend)
    if not hasattr(backend, "events"):
        return 0
    try:
        events = backend.events(document_id=transmission.document_id)
    except AccessPointError as error:
        log.warning("Peppol timeline of %s not read: %s", transmission.document_id, error.message)
        return 0
    return transmission_events_apply(transmission_id=transmission_id, events=events)


def peppol_poll(*, now: datetime.datetime | None = None) -> int:
    """Beat, every few minutes: hand out again what a dead worker left, and read the timelines of the documents
    still waiting for their delivery or the customer's answer."""
    now = now or timezone.now()
    transmissions_requeue_stale(now=now)
    if not peppol_configured():
        return 0
    since = now - datetime.timedelta(days=settings.PEPPOL_FOLLOW_DAYS)
    waiting = (
        PeppolTransmission.objects.filter(status__in=[TransmissionStatus.SENT, TransmissionStatus.DELIVERED],
                                          sent_at__gte=since)
        .exclude(document_id="").exclude(response_code__in=FINAL_RESPONSES)
        .order_by("sent_at").values_list("pk", flat=True)
    )  # fmt: skip
    return sum(transmission_sync(transmission_id=pk) for pk in waiting)


def peppol_webhook_receive(*, body: bytes, headers) -> bool:
    """A call of the access point's webhook. False when its signature is wrong (the view answers 401). The same
    event twice (the provider retries, or someone replays it) is acted on once."""
    from sales.tasks import peppol_sync_task

    backend = backend_of()
    if not hasattr(backend, "webhook_event"):
        return False
    event = backend.webhook_event(body=body, headers=headers)
    if event is None:
        return False
    event_id = str(event.get("id") or hashlib.sha256(body).hexdigest())[:100]
    data = event.get("data") if isinstance(event.get("data"), dict) else {}
    document = data.get("document") if isinstance(data.get("document"), dict) else {}
    document_id = str(data.get("document_id") or document.get("id") or data.get("id") or "")[:100]
    try:
        with transaction.atomic():
            PeppolWebhookCall.objects.create(event_id=event_id, event_type=str(event.get("type", ""))[:60])
            transmission = PeppolTransmission.objects.filter(document_id=document_id).first() if document_id else None
            if transmission is not None:
                transaction.on_commit(lambda: peppol_sync_task.delay(transmission.pk))
    except IntegrityError:
        pass  # handled before: a replay changes nothing
    return True


# --- who is reachable --------------------------------------------------------------------------------------------


def participant_is_stale(participant: PeppolParticipant | None, *, now: datetime.datetime | None = None) -> bool:
    if participant is None:
        return True
    now = now or timezone.now()
    if participant.reach == PeppolReach.UNKNOWN:
        return participant.checked_at < now - UNKNOWN_RECHECK
    return participant.checked_at < now - datetime.timedelta(hours=settings.PEPPOL_LOOKUP_HOURS)


def participant_lookup(*, peppol_id: str, force: bool = False) -> PeppolParticipant | None:
    """Whether a Peppol id is registered and takes our invoices and credit notes, from the cache unless it
    expired (or `force`). Never raises: an access point that cannot answer makes it "unknown"."""
    if not peppol_id or not peppol_configured():
        return None
    participant = PeppolParticipant.objects.filter(peppol_id=peppol_id).first()
    if not force and not participant_is_stale(participant):
        return participant
    try:
        found = backend_of().lookup(peppol_id)
    except Exception as error:  # a lookup never stops the work it helps
        log.warning("Peppol lookup of %s failed: %s", peppol_id, error)
        found = Participant(peppol_id=peppol_id, error=str(error)[:1000])
    participant, _created = PeppolParticipant.objects.update_or_create(
        peppol_id=peppol_id,
        defaults={"reach": found.reach, "name": found.name[:200], "error": found.error, "checked_at": timezone.now()},
    )
    return participant


def participant_search(*, query: str) -> list[Participant]:
    """Participants on the network by name or VAT number; raises AccessPointError when it cannot be asked."""
    query = " ".join((query or "").split())[:100]
    if len(query) < 3 or not peppol_configured():
        return []
    return backend_of().search(query)
