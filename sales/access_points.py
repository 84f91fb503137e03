"""Peppol access points: who carries our UBL files over the network, named by settings.PEPPOL_BACKEND.

An access point backend answers five questions, so another provider fits by writing one class:

- `lookup(peppol_id) -> Participant`: is this id registered, and for our document types?
- `search(query) -> list[Participant]`: participants by name or VAT number (to fill in a missing Peppol id);
- `send(ubl=, idempotency_key=, receiver=) -> str`: hand one document over; the provider's document id. The same
  key twice must not send twice (it goes out as the Idempotency-Key header);
- `events(document_id=) -> list[AccessPointEvent]`: the document's timeline (delivery, failure, the customer's
  Invoice Response);
- `webhook_event(body=, headers=) -> dict | None`: the parsed event of a webhook call whose signature is right,
  None otherwise.

A transient trouble (timeout, 5xx, 429, no connection) raises `AccessPointUnavailable`: the task tries again
later. A refusal raises `AccessPointRefused`: trying again would not help. The provider's own words are kept
verbatim in both. `StoreBackend` is the default without credentials: it keeps the UBL with the invoice.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass, field

from django.conf import settings

from sales.states import PeppolReach, TransmissionStatus

# The document type identifiers of Peppol BIS Billing 3.0 that we send (root element ## customization id).
BIS_CUSTOMIZATION = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
INVOICE_DOCUMENT_TYPE = f"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2::Invoice##{BIS_CUSTOMIZATION}"
CREDIT_NOTE_DOCUMENT_TYPE = (
    f"urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2::CreditNote##{BIS_CUSTOMIZATION}"
)


class AccessPointError(Exception):
    """The access point's trouble, with its own message (kept verbatim, shown as it is)."""

    def __init__(self, message: str, *, status: int | None = None):
        super().__init__(message)
        self.message, self.status = message, status


class AccessPointUnavailable(AccessPointError):
    """Timeout, no connection, 5xx or 429: worth trying again later."""


class AccessPointRefused(AccessPointError):
    """The access point refused the document or the request: trying again would not help."""


@dataclass(frozen=True)
class Participant:
    peppol_id: str
    reach: str = PeppolReach.UNKNOWN
    name: str = ""
    country: str = ""
    error: str = ""


@dataclass(frozen=True)
class AccessPointEvent:
    """One entry of a document's timeline, in our words: delivered, failed, response (with its code) or other."""

    id: str
    at: object  # an aware datetime
    kind: str
    response_code: str = ""
    reason: str = ""
    details: dict = field(default_factory=dict)


class StoreBackend:
    """The default: no access point yet. The UBL stays with the invoice, to download or upload by hand."""

    configured = False

    def transmit(self, *, invoice, ubl: bytes) -> tuple[str, str]:
        return TransmissionStatus.STORED, ""

    def lookup(self, peppol_id: str) -> Participant:
        return Participant(peppol_id=peppol_id)

    def search(self, query: str) -> list[Participant]:
        return []


def _error_message(error) -> str:
    body = getattr(error, "body", None)
    if isinstance(body, dict):
        for key in ("detail", "message", "error"):
            if body.get(key):
                return str(body[key])[:1000]
    return str(getattr(error, "message", "") or error)[:1000]


class EInvoiceBackend:
    """e-invoice.be through its official SDK (`e-invoice-api`). Settings: E_INVOICE_API_KEY, E_INVOICE_BASE_URL,
    PEPPOL_TIMEOUT; webhooks are signed with PEPPOL_WEBHOOK_SECRET (X-Signature: sha256=HMAC of the event)."""

    configured = True

    def __init__(self):
        from e_invoice_api import EInvoice

        # The SDK's own retries are off: a retry is the task's, with its back-off and its bounded count, so a
        # worker never sleeps through minutes of 429s.
        self.client = EInvoice(api_key=settings.E_INVOICE_API_KEY, base_url=settings.E_INVOICE_BASE_URL or None,
                               timeout=settings.PEPPOL_TIMEOUT, max_retries=0)  # fmt: skip

    def _call(self, function, *args, **kwargs):
        import e_invoice_api as sdk

        try:
            return function(*args, **kwargs)
        except (sdk.APIConnectionError, sdk.RateLimitError, sdk.InternalServerError) as error:
            raise AccessPointUnavailable(_error_message(error), status=getattr(error, "status_code", None)) from error
        except sdk.APIStatusError as error:
            if error.status_code >= 500:
                raise AccessPointUnavailable(_error_message(error), status=error.status_code) from error
            raise AccessPointRefused(_error_message(error), status=error.status_code) from error
        except sdk.APIError as error:  # a response the SDK could not read
            raise AccessPointUnavailable(_error_message(error)) from error

    def lookup(self, peppol_id: str) -> Participant:
        try:
            answer = self._call(self.client.lookup.retrieve, peppol_id=peppol_id)
        except AccessPointError as error:
            return Participant(peppol_id=peppol_id, error=error.message)
        names = [entity.name for entity in answer.business_card.entities if entity.name] if answer.business_card else []
        types = {document_type.value for endpoint in answer.service_metadata.endpoints
                 for document_type in endpoint.document_types}  # fmt: skip
        if answer.status != "success" or not answer.service_metadata.endpoints:
            return Participant(peppol_id=peppol_id, reach=PeppolReach.NOT_REGISTERED, name=names[0] if names else "")
        both = any(INVOICE_DOCUMENT_TYPE in value for value in types) and any(
            CREDIT_NOTE_DOCUMENT_TYPE in value for value in types
        )
        reach = PeppolReach.REACHABLE if both else PeppolReach.PARTIAL
        return Participant(peppol_id=peppol_id, reach=reach, name=names[0] if names else "")

    def search(self, query: str) -> list[Participant]:
        answer = self._call(self.client.lookup.retrieve_participants, query=query)
        found = []
        for participant in answer.participants or []:
            value = participant.peppol_id
            if ":" not in value or value.lower().startswith("iso6523"):
                value = f"{participant.peppol_scheme}:{value}" if participant.peppol_scheme.isdigit() else value
            entity = (participant.entities or [None])[0]
            found.append(Participant(peppol_id=value, reach=PeppolReach.REACHABLE,
                                     name=(entity.name or "") if entity else "",
                                     country=(entity.country_code or "") if entity else ""))  # fmt: skip
        return found

    def send(self, *, ubl: bytes, idempotency_key: str, receiver: str) -> str:
        """Create the document from the UBL, then send it; both calls carry the key, so a repeat of either is
        recognised by the access point and answered with the same document."""
        document = self._call(self.client.documents.ubl.create_from_ubl, file=("invoice.xml", ubl, "application/xml"),
                              extra_headers={"Idempotency-Key": idempotency_key})  # fmt: skip
        scheme, _sep, identifier = receiver.partition(":")
        self._call(self.client.documents.send, document.id, receiver_peppol_scheme=scheme,
                   receiver_peppol_id=identifier,
                   extra_headers={"Idempotency-Key": f"{idempotency_key}-send"})  # fmt: skip
        return document.id

    def events(self, *, document_id: str) -> list[AccessPointEvent]:
        timeline = self._call(self.client.documents.retrieve_timeline, document_id)
        events = []
        for event in timeline.events:
            details = dict(event.details or {})
            kind, code, reason = "other", "", ""
            if event.event_type == "send_success":
                kind = "delivered"
            elif event.event_type == "send_failed":
                kind, reason = "failed", str(details.get("error") or details.get("message") or details.get("reason")
                                             or "")  # fmt: skip
            elif event.event_type in ("imr_received", "mlr_received"):
                code = str(details.get("response_code") or details.get("code") or details.get("status") or "")
                reason = str(details.get("reason") or details.get("note") or details.get("description") or "")
                kind = "response" if event.event_type == "imr_received" else ("failed" if code == "RE" else "other")
            event_id = event.id or f"{event.event_type}@{event.timestamp.isoformat()}"
            events.append(AccessPointEvent(id=event_id, at=event.timestamp, kind=kind, response_code=code.upper()[:2],
                                           reason=reason[:2000], details=details))  # fmt: skip
        return events

    def webhook_event(self, *, body: bytes, headers) -> dict | None:
        """The event, if its X-Signature is the HMAC-SHA256 (key: PEPPOL_WEBHOOK_SECRET) of the event as the
        provider signs it (JSON with sorted keys), or of the raw body."""
        secret = settings.PEPPOL_WEBHOOK_SECRET
        signature = headers.get("X-Signature", "")
        if not secret or not signature:
            return None
        try:
            event = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            return None
        if not isinstance(event, dict):
            return None
        for signed in (json.dumps(event, sort_keys=True).encode(), body):
            expected = "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
            if hmac.compare_digest(expected, signature):
                return event
        return None
