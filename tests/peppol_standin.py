"""A stand-in for the e-invoice.be API on 127.0.0.1, for the unmodified `e-invoice-api` SDK to talk to over HTTP.

It answers the endpoints our backend uses, in the shapes of the SDK's own types (DocumentResponse,
DocumentTimeline, LookupRetrieveResponse, LookupRetrieveParticipantsResponse), and behaves like an access point
that honours the Idempotency-Key header: the same key gives back the same document. It counts what it really
received (distinct documents, distinct sends) and can fail on demand: a timeout, 500, 429, a refusal, or a
request held until the test lets it go (to kill a worker mid-send). A webhook event is signed as the provider
signs it (`signed_webhook`).
"""

import datetime
import email
import email.policy
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

BIS = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1"
INVOICE_TYPE = f"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2::Invoice##{BIS}"
CREDIT_NOTE_TYPE = f"urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2::CreditNote##{BIS}"
API_KEY = "test-key"


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat()


def signed_webhook(event: dict, secret: str) -> tuple[bytes, dict]:
    """The body and headers of a webhook call as e-invoice.be signs it: HMAC-SHA256 of the event as JSON with
    sorted keys, in X-Signature as sha256=<hex>."""
    body = json.dumps(event, sort_keys=True).encode()
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return body, {"HTTP_X_SIGNATURE": signature}


class AccessPointStandIn:
    def __init__(self):
        self.lock = threading.Lock()
        self.documents: dict[str, dict] = {}  # idempotency key -> document
        self.ubls: dict[str, bytes] = {}  # document id -> the UBL received
        self.sends: dict[str, set] = {}  # document id -> the distinct send keys
        self.send_queries: list[dict] = []
        self.timelines: dict[str, list[dict]] = {}
        self.participants: dict[str, dict] = {}  # peppol id -> {"name", "types"}
        self.lookups = 0
        self.faults: dict[str, list] = {}
        self.hold = threading.Event()
        self.holding = threading.Event()
        self.hold_route = ""
        self.timeout_seconds = 1.5
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.hold.set()
        self.server.shutdown()
        self.server.server_close()

    # --- what the test sets up and reads ------------------------------------------------------------------------

    def fail(self, route: str, *faults) -> None:
        """The next requests of `route` (create, send, timeline, lookup, search) fail, one fault each: "timeout",
        an HTTP status (500, 429, 422...) or (status, body)."""
        self.faults.setdefault(route, []).extend(faults)

    def hold_next(self, route: str) -> None:
        """The next request of `route` is received (and acted on) but its answer waits until `release()`."""
        self.hold_route = route
        self.hold.clear()
        self.holding.clear()

    def release(self) -> None:
        self.hold.set()

    def register(self, peppol_id: str, name: str, *, types=(INVOICE_TYPE, CREDIT_NOTE_TYPE)) -> None:
        self.participants[peppol_id] = {"name": name, "types": list(types)}

    def add_event(self, document_id: str, event_type: str, *, event_id: str = "", **details) -> None:
        with self.lock:
            events = self.timelines.setdefault(document_id, [])
            events.append({"id": event_id or f"{document_id}-ev{len(events) + 1}", "event_type": event_type,
                           "timestamp": _now(), "details": details or None})  # fmt: skip

    @property
    def distinct_documents(self) -> int:
        return len(self.documents)

    def sends_of(self, document_id: str) -> int:
        return len(self.sends.get(document_id, ()))

    # --- the server ---------------------------------------------------------------------------------------------

    def _fault(self, route: str):
        with self.lock:
            queue = self.faults.get(route) or []
            return queue.pop(0) if queue else None

    def _handler(self):
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _answer(self, status: int, payload) -> None:
                body = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client went away (a killed worker, a timeout)

            def _route(self, method: str) -> tuple[str, str]:
                path = urlparse(self.path).path.rstrip("/")
                parts = path.split("/")
                if method == "POST" and path == "/api/documents/ubl":
                    return "create", ""
                if method == "POST" and len(parts) == 5 and parts[4] == "send":
                    return "send", parts[3]
                if method == "GET" and len(parts) == 5 and parts[4] == "timeline":
                    return "timeline", parts[3]
                if method == "GET" and path == "/api/lookup":
                    return "lookup", ""
                if method == "GET" and path == "/api/lookup/participants":
                    return "search", ""
                return "", ""

            def _handle(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                if self.headers.get("Authorization") != f"Bearer {API_KEY}":
                    return self._answer(401, {"detail": "Invalid API key"})
                route, document_id = self._route(method)
                if not route:
                    return self._answer(404, {"detail": "Not found"})
                fault = standin._fault(route)
                if fault == "timeout":
                    answer = self._act(route, document_id, body)  # received and done, the answer comes too late
                    time.sleep(standin.timeout_seconds)
                    return self._answer(*answer)
                if fault is not None:
                    status, payload = fault if isinstance(fault, tuple) else (fault, {"detail": f"Stand-in {fault}"})
                    return self._answer(status, payload)
                answer = self._act(route, document_id, body)
                if standin.hold_route == route:
                    standin.hold_route = ""
                    standin.holding.set()
                    standin.hold.wait(60)
                return self._answer(*answer)

            def _act(self, route: str, document_id: str, body: bytes):
                query = {key: values[0] for key, values in parse_qs(urlparse(self.path).query).items()}
                key = self.headers.get("Idempotency-Key", "")
                if route == "create":
                    message = email.message_from_bytes(
                        b"Content-Type: " + self.headers["Content-Type"].encode() + b"\r\n\r\n" + body,
                        policy=email.policy.HTTP,
                    )
                    ubl = next(part.get_payload(decode=True) for part in message.iter_parts()
                               if part.get_param("name", header="content-disposition") == "file")  # fmt: skip
                    with standin.lock:
                        key = key or hashlib.sha256(ubl).hexdigest() + f"-{len(standin.documents)}"
                        document = standin.documents.get(key)
                        if document is None:
                            document = {
                                "id": f"doc-{len(standin.documents) + 1}",
                                "created_at": _now(),
                                "state": "DRAFT",
                                "direction": "OUTBOUND",
                                "document_type": "CREDIT_NOTE" if b"<CreditNote" in ubl else "INVOICE",
                            }
                            standin.documents[key] = document
                            standin.ubls[document["id"]] = ubl
                    return 200, document
                if route == "send":
                    with standin.lock:
                        document = next((doc for doc in standin.documents.values() if doc["id"] == document_id), None)
                        if document is None:
                            return 404, {"detail": f"Document {document_id} not found"}
                        standin.sends.setdefault(document_id, set()).add(key or _now())
                        standin.send_queries.append(query)
                        document["state"] = "TRANSIT"
                    return 200, document
                if route == "timeline":
                    return 200, {"document_id": document_id, "events": list(standin.timelines.get(document_id, []))}
                if route == "lookup":
                    standin.lookups += 1
                    return 200, _lookup_answer(query.get("peppol_id", ""), standin.participants)
                if route == "search":
                    text = query.get("query", "").lower()
                    found = [
                        {"peppol_id": peppol_id, "peppol_scheme": "iso6523-actorid-upis",
                         "document_types": [{"scheme": "busdox-docid-qns", "value": value} for value in entry["types"]],
                         "entities": [{"name": entry["name"], "country_code": "BE"}]}
                        for peppol_id, entry in standin.participants.items()
                        if text in entry["name"].lower() or text.replace("be", "").replace(".", "") in peppol_id
                    ]  # fmt: skip
                    return 200, {"query_terms": text, "search_date": _now(), "total_count": len(found),
                                 "used_count": len(found), "participants": found}  # fmt: skip
                return 404, {"detail": "Not found"}

            def do_GET(self):
                self._handle("GET")

            def do_POST(self):
                self._handle("POST")

        return Handler


def _lookup_answer(peppol_id: str, participants: dict) -> dict:
    entry = participants.get(peppol_id)
    scheme, _sep, value = peppol_id.partition(":")
    ok = entry is not None
    return {
        "businessCard": {"entities": [{"name": entry["name"], "countryCode": "BE"}] if ok else [], "queryTimeMs": 1.0,
                         "status": "success" if ok else "error"},
        "certificates": [],
        "dnsInfo": {"dnsRecords": [{"ip": "127.0.0.1"}] if ok else [], "smlHostname": "sml.peppolcentral.org",
                    "status": "success" if ok else "error"},
        "errors": [] if ok else [f"No SMP record for {peppol_id}"],
        "executionTimeMs": 2.0,
        "queryMetadata": {"identifierScheme": "iso6523-actorid-upis", "identifierValue": f"{scheme}:{value}",
                          "smlDomain": "edelivery.tech.ec.europa.eu", "timestamp": _now(), "version": "1"},
        "serviceMetadata": {
            "endpoints": [{"documentTypes": [{"scheme": "busdox-docid-qns", "value": v} for v in entry["types"]],
                           "status": "success", "url": "http://127.0.0.1/smp"}] if ok else [],
            "queryTimeMs": 1.0, "status": "success" if ok else "error",
        },
        "status": "success" if ok else "error",
    }  # fmt: skip
