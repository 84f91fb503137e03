"""Peppol delivery with a real Celery worker on Redis and PostgreSQL, talking over HTTP (the unmodified SDK) to a
stand-in access point: a worker killed while the access point is taking the document, and a 500 on the next try,
still leave exactly one document at the access point, and the invoice ends sent."""

import os
import signal

import pytest
from django.db import transaction

from orderdesk.demo import seed_company
from orderdesk.permissions import ASSISTANT
from sales.models import PeppolTransmission
from sales.services.invoicing import invoice_free_create, invoice_issue
from sales.services.lines import document_line_save
from sales.services.peppol_delivery import transmissions_requeue_stale
from sales.states import TransmissionStatus
from tests.factories import CompanyFactory, UserFactory
from tests.integration.conftest import wait_for
from tests.peppol_standin import API_KEY, AccessPointStandIn

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

LEASE = 2


@pytest.fixture
def access_point(monkeypatch, settings):
    """The stand-in, and the settings that point the test and the workers it starts (their environment) at it."""
    standin = AccessPointStandIn().start()
    values = {"PEPPOL_BACKEND": "sales.access_points.EInvoiceBackend", "E_INVOICE_API_KEY": API_KEY,
              "E_INVOICE_BASE_URL": standin.url, "PEPPOL_SENDING_LEASE": str(LEASE), "PEPPOL_RETRY_DELAY": "1",
              "PEPPOL_TIMEOUT": "30"}  # fmt: skip
    for name, value in values.items():
        monkeypatch.setenv(name, value)
        setattr(settings, name, int(value) if value.isdigit() else value)
    settings.PEPPOL_TIMEOUT = 30.0
    yield standin
    standin.stop()


def status_of(transmission) -> str:
    return PeppolTransmission.objects.get(pk=transmission.pk).status


def test_a_worker_killed_mid_send_leaves_one_document_at_the_access_point(access_point, start_worker):
    seed_company()
    clerk = UserFactory(username="clerk", role=ASSISTANT)
    customer = CompanyFactory(name="Bakkerij Peeters", vat_number="BE0417497106", enterprise_number="0417497106",
                              invoice_email="boekhouding@bakkerij-peeters.be")  # fmt: skip
    access_point.hold_next("create")  # it takes the document, then its answer waits: the worker dies meanwhile
    first = start_worker(concurrency=1)

    with transaction.atomic():
        invoice = invoice_free_create(company=customer, actor=clerk, customer_reference="PO-2026-0042")
        document_line_save(document=invoice, actor=clerk, description="Onderhoud ovens", quantity="2",
                           unit_price="150.00")  # fmt: skip
    with transaction.atomic():
        invoice = invoice_issue(invoice=invoice, actor=clerk)
    transmission = PeppolTransmission.objects.get(invoice=invoice)

    wait_for(access_point.holding.is_set, what="the access point to receive the document")
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    access_point.release()
    assert status_of(transmission) == TransmissionStatus.SENDING
    assert transmissions_requeue_stale() == []  # within its lease nobody takes it over

    access_point.fail("send", 500)  # and the next try meets a server error: retried after its back-off
    start_worker(concurrency=1)
    wait_for(lambda: transmissions_requeue_stale() == [transmission.pk], what="the lease to run out")
    wait_for(lambda: status_of(transmission) == TransmissionStatus.SENT, what="the invoice to be sent")

    transmission.refresh_from_db()
    assert (access_point.distinct_documents, access_point.sends_of(transmission.document_id)) == (1, 1)
    assert transmission.attempts == 3
    assert list(transmission.events.values_list("code", flat=True)) == ["queued", "attempt_failed", "sent"]
