"""Peppol delivery through a real access point backend: the unmodified e-invoice.be SDK over HTTP against a
stand-in server. Sent exactly once (the UBL's hash as Idempotency-Key), retried on timeouts/5xx/429 then failed
clearly, delivery and the customer's Invoice Response read back by poll and by signed, replay-safe webhook, the
customer's reachability cached and refreshable, and the store backend untouched without credentials."""

import hashlib
import json

import pytest
from django.urls import reverse
from django.utils import translation

from desk.selectors import desk_queues
from sales.models import Invoice, PeppolEvent, PeppolParticipant, PeppolTransmission
from sales.selectors.peppol import peppol_text
from sales.services.invoicing import invoice_free_create, invoice_issue
from sales.services.lines import document_line_save
from sales.services.peppol_delivery import peppol_poll, transmission_run
from sales.states import InvoiceResponse, PeppolReach, TransmissionStatus
from sales.tasks import peppol_transmit_task
from tests.peppol_standin import API_KEY, AccessPointStandIn, signed_webhook

pytestmark = pytest.mark.django_db
PEPPOL_ID = "0208:0417497106"
SECRET = "whsec-test"


@pytest.fixture(autouse=True)
def _reads_english(assistant):
    assistant.language = "en"
    assistant.save(update_fields=["language"])


@pytest.fixture
def access_point(settings):
    standin = AccessPointStandIn().start()
    settings.PEPPOL_BACKEND = "sales.access_points.EInvoiceBackend"
    settings.E_INVOICE_API_KEY, settings.E_INVOICE_BASE_URL = API_KEY, standin.url
    settings.PEPPOL_TIMEOUT, settings.PEPPOL_SEND_RETRIES, settings.PEPPOL_RETRY_DELAY = 0.5, 3, 1
    settings.PEPPOL_WEBHOOK_SECRET = SECRET
    standin.register(PEPPOL_ID, "Bakkerij Peeters")
    yield standin
    standin.stop()


def issue(customer, actor, capture) -> Invoice:
    with capture(execute=True):
        invoice = invoice_free_create(company=customer, actor=actor, customer_reference="PO-2026-0042")
        document_line_save(document=invoice, actor=actor, description="Onderhoud ovens", quantity="2",
                           unit_price="150.00")  # fmt: skip
        return invoice_issue(invoice=invoice, actor=actor)


def codes(transmission) -> list[str]:
    return list(transmission.events.values_list("code", flat=True))


def test_an_issued_invoice_reaches_the_access_point_once(
    access_point, b2b_customer, assistant, django_capture_on_commit_callbacks
):
    invoice = issue(b2b_customer, assistant, django_capture_on_commit_callbacks)

    transmission = PeppolTransmission.objects.get(invoice=invoice)
    assert (transmission.status, transmission.document_id, transmission.attempts) == (TransmissionStatus.SENT,
                                                                                       "doc-1", 1)  # fmt: skip
    assert transmission.idempotency_key == invoice.ubl_sha256 == hashlib.sha256(access_point.ubls["doc-1"]).hexdigest()
    assert access_point.send_queries == [{"receiver_peppol_scheme": "0208", "receiver_peppol_id": "0417497106"}]

    # A task delivered again, a run by hand: nothing more reaches the access point.
    peppol_transmit_task.delay(transmission.pk)
    transmission_run(transmission_id=transmission.pk)
    assert (access_point.distinct_documents, access_point.sends_of("doc-1")) == (1, 1)
    assert codes(transmission) == ["queued", "sent"]


def test_timeouts_5xx_and_429_are_tried_again_and_the_document_is_sent_once(
    access_point, b2b_customer, assistant, django_capture_on_commit_callbacks
):
    # The timeout is the worst case: the access point took the document, its answer never came back.
    access_point.fail("create", "timeout", 500, 429)

    invoice = issue(b2b_customer, assistant, django_capture_on_commit_callbacks)

    transmission = PeppolTransmission.objects.get(invoice=invoice)
    assert (transmission.status, transmission.attempts) == (TransmissionStatus.SENT, 4)
    assert codes(transmission) == ["queued", "attempt_failed", "attempt_failed", "attempt_failed", "sent"]
    reasons = [event.params["reason"] for event in transmission.events.filter(code="attempt_failed")]
    assert reasons[1:] == ["Stand-in 500", "Stand-in 429"]
    assert (access_point.distinct_documents, access_point.sends_of("doc-1")) == (1, 1)


def test_the_last_failure_is_clear_and_one_click_on_my_desk_sends_again(
    access_point, b2b_customer, assistant, assistant_client, django_capture_on_commit_callbacks
):
    access_point.fail("send", *[(503, {"detail": "Peppol network maintenance"})] * 4)

    invoice = issue(b2b_customer, assistant, django_capture_on_commit_callbacks)

    transmission = PeppolTransmission.objects.get(invoice=invoice)
    assert (transmission.status, transmission.attempts) == (TransmissionStatus.FAILED, 4)
    page = assistant_client.get(reverse("sales:invoice-detail", args=[invoice.pk])).content.decode()
    assert "Not sent after 4 attempts: Peppol network maintenance" in page
    card = next(queue for queue in desk_queues(user=assistant) if queue.label == "Peppol deliveries that failed")
    assert card.count == 1 and invoice.number in card.oldest
    # The card itself carries the button: one click from My desk, and back to it.
    retry = card.items[0].action
    desk = assistant_client.get(reverse("desk:desk")).content.decode()
    assert f'action="{retry.url}"' in desk and f'name="transmission" value="{transmission.pk}"' in desk

    with django_capture_on_commit_callbacks(execute=True):
        response = assistant_client.post(retry.url, dict(retry.fields))
    assert response.status_code == 302 and response.url == "/"
    transmission.refresh_from_db()
    assert (transmission.status, transmission.attempts) == (TransmissionStatus.SENT, 5)
    assert (access_point.distinct_documents, access_point.sends_of("doc-1")) == (1, 1)
    assert codes(transmission)[-3:] == ["retry_requested", "queued", "sent"]
    assert not [queue for queue in desk_queues(user=assistant) if queue.label == "Peppol deliveries that failed"]


def test_a_refused_document_fails_at_once_with_the_access_points_words(
    access_point, b2b_customer, assistant, django_capture_on_commit_callbacks
):
    access_point.fail("create", (422, {"detail": "[BR-CO-15] Invoice total amount with VAT mismatch"}))

    invoice = issue(b2b_customer, assistant, django_capture_on_commit_callbacks)

    transmission = PeppolTransmission.objects.get(invoice=invoice)
    assert (transmission.status, transmission.attempts, transmission.note_code) == (TransmissionStatus.FAILED, 1,
                                                                                    "refused")  # fmt: skip
    # Stored as a code and the provider's message: worded in the reader's language, the message verbatim.
    with translation.override("fr"):
        french = peppol_text(transmission.note_code, transmission.note_params)
    with translation.override("nl"):
        dutch = peppol_text(transmission.note_code, transmission.note_params)
    assert french != dutch
    assert "[BR-CO-15] Invoice total amount with VAT mismatch" in french and dutch.endswith("VAT mismatch")


def test_delivery_and_the_customers_rejection_come_back_by_poll_and_webhook(
    access_point, b2b_customer, assistant, assistant_client, client, django_capture_on_commit_callbacks
):
    invoice = issue(b2b_customer, assistant, django_capture_on_commit_callbacks)
    transmission = PeppolTransmission.objects.get(invoice=invoice)

    access_point.add_event("doc-1", "send_success")
    assert peppol_poll() == 1
    transmission.refresh_from_db()
    assert transmission.status == TransmissionStatus.DELIVERED

    # The customer's software rejects it; the provider calls the webhook (and calls it again: a replay).
    access_point.add_event("doc-1", "imr_received", response_code="RE", reason="Order PO-2026-0042 was cancelled")
    event = {"id": "evt-1", "type": "document.sent", "timestamp": "2026-12-06T10:00:00Z",
             "data": {"document_id": "doc-1"}}  # fmt: skip
    body, headers = signed_webhook(event, SECRET)
    url = reverse("sales:peppol-webhook")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, body, content_type="application/json", **headers).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, body, content_type="application/json", **headers).status_code == 200
    assert peppol_poll() == 0  # the same timeline read again: nothing new
    transmission.refresh_from_db()
    assert transmission.response_code == InvoiceResponse.RE
    assert transmission.response_reason == "Order PO-2026-0042 was cancelled"
    assert codes(transmission) == ["queued", "sent", "delivered", "response"]
    assert PeppolEvent.objects.count() == 4

    # Unsigned, wrongly signed or tampered calls are refused and change nothing.
    assert client.post(url, body, content_type="application/json").status_code == 401
    forged = json.dumps({**event, "id": "evt-2"}, sort_keys=True).encode()
    assert client.post(url, forged, content_type="application/json", **headers).status_code == 401

    page = assistant_client.get(reverse("sales:invoice-detail", args=[invoice.pk])).content.decode()
    assert "Rejected by the customer" in page and "Order PO-2026-0042 was cancelled" in page
    file = assistant_client.get(reverse("customers:company-detail", args=[b2b_customer.pk])).content.decode()
    assert "Rejected by the customer" in file
    card = next(queue for queue in desk_queues(user=assistant) if queue.label == "Invoices rejected by the customer")
    assert card.count == 1 and invoice.number in card.oldest
    listing = assistant_client.get(reverse("sales:peppol-deliveries") + "?view=rejected").content.decode()
    assert invoice.number in listing


def test_reachability_is_cached_refreshed_by_hand_and_never_blocks(
    access_point, b2b_customer, assistant, assistant_client, django_capture_on_commit_callbacks
):
    file_url = reverse("customers:company-detail", args=[b2b_customer.pk])

    assert "Not checked yet" in assistant_client.get(file_url).content.decode()  # the worker asks, the page goes on
    assert "Registered on Peppol, receives invoices and credit notes" in assistant_client.get(file_url).content.decode()
    assert access_point.lookups == 1  # cached

    access_point.fail("lookup", 500)
    assistant_client.post(reverse("sales:peppol-lookup", args=[b2b_customer.pk]))
    assert PeppolParticipant.objects.get(peppol_id=PEPPOL_ID).reach == PeppolReach.UNKNOWN
    assert assistant_client.get(file_url).status_code == 200

    # Off the network: the draft says the PDF goes by e-mail, and so it does.
    access_point.participants.clear()
    assistant_client.post(reverse("sales:peppol-lookup", args=[b2b_customer.pk]))
    assert PeppolParticipant.objects.get(peppol_id=PEPPOL_ID).reach == PeppolReach.NOT_REGISTERED
    invoice = issue(b2b_customer, assistant, django_capture_on_commit_callbacks)
    assert invoice.channel == Invoice.Channel.EMAIL and not invoice.transmissions.exists()
    page = assistant_client.get(reverse("sales:invoice-detail", args=[invoice.pk])).content.decode()
    assert "Sent as a PDF by e-mail: the customer is not on Peppol." in page


def test_a_search_on_the_network_fills_in_a_missing_peppol_id(access_point, b2b_customer, assistant_client):
    b2b_customer.enterprise_number = ""
    b2b_customer.save()
    search = reverse("sales:peppol-search", args=[b2b_customer.pk])

    page = assistant_client.get(search, {"q": "peeters"}).content.decode()
    assert PEPPOL_ID in page and "Bakkerij Peeters" in page

    response = assistant_client.post(search, {"peppol_id": PEPPOL_ID})
    assert response.status_code == 302
    b2b_customer.refresh_from_db()
    assert b2b_customer.peppol_id == PEPPOL_ID


def test_without_credentials_the_store_backend_keeps_the_file_and_the_pages_say_so(
    b2b_customer, assistant, assistant_client, django_capture_on_commit_callbacks
):
    invoice = issue(b2b_customer, assistant, django_capture_on_commit_callbacks)

    transmission = PeppolTransmission.objects.get(invoice=invoice)
    assert transmission.status == TransmissionStatus.STORED
    page = assistant_client.get(reverse("sales:invoice-detail", args=[invoice.pk])).content.decode()
    assert "Peppol is not configured" in page and "download the UBL file" in page
    file = assistant_client.get(reverse("customers:company-detail", args=[b2b_customer.pk])).content.decode()
    assert "Peppol is not configured" in file


def test_the_deliveries_list_costs_the_same_queries_for_more_rows(
    b2b_customer, assistant, assistant_client, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def page_queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = assistant_client.get(reverse("sales:peppol-deliveries"))
        assert response.status_code == 200
        return len(captured)

    issue(b2b_customer, assistant, django_capture_on_commit_callbacks)
    few = page_queries()
    for _ in range(4):
        issue(b2b_customer, assistant, django_capture_on_commit_callbacks)
    assert PeppolTransmission.objects.count() == 5
    assert page_queries() == few
