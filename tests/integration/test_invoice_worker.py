"""Issuing an invoice with a real Celery worker on Redis and PostgreSQL: after the commit the worker sends the
e-mail once and hands the UBL to the Peppol backend once, and the invoice page can show both."""

from decimal import Decimal

import pytest
from django.db import transaction

from orderdesk.demo import seed_company
from orderdesk.models import OutboxMessage
from orderdesk.permissions import ASSISTANT
from sales.models import PeppolTransmission
from sales.services.invoicing import invoice_free_create, invoice_issue
from sales.services.lines import document_line_save
from sales.states import TransmissionStatus
from tests.factories import CompanyFactory, UserFactory
from tests.integration.conftest import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_the_worker_mails_the_invoice_once_and_stores_it_for_peppol(start_worker, mailroom):
    seed_company()
    clerk = UserFactory(username="clerk", role=ASSISTANT)
    customer = CompanyFactory(name="Bakkerij Peeters", vat_number="BE0417497106", enterprise_number="0417497106",
                              invoice_email="boekhouding@bakkerij-peeters.be")  # fmt: skip
    start_worker()

    with transaction.atomic():
        invoice = invoice_free_create(company=customer, actor=clerk, customer_reference="PO-2026-0042")
        document_line_save(document=invoice, actor=clerk, description="Onderhoud ovens", quantity="2",
                           unit_price="150.00")  # fmt: skip
    with transaction.atomic():
        invoice = invoice_issue(invoice=invoice, actor=clerk)

    mail = OutboxMessage.objects.get(subject__contains=invoice.number)
    wait_for(lambda: OutboxMessage.objects.get(pk=mail.pk).state == "sent", what="the invoice mail to be sent")
    transmission = PeppolTransmission.objects.get(invoice=invoice)
    wait_for(lambda: PeppolTransmission.objects.get(pk=transmission.pk).status == TransmissionStatus.STORED,
             what="the Peppol transmission to run")  # fmt: skip
    transmission.refresh_from_db()
    assert transmission.attempts == 1 and mailroom.deliveries(mail) == 1
    assert invoice.total == Decimal("363.00")
