"""The credit note a complaint creates carries its reason in the customer's language, whoever wrote it: a French
customer's PDF never says "Klacht" because the assistant works in Dutch."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from complaints.models import RootCause
from complaints.services import complaint_answer, complaint_assess, complaint_propose, complaint_register
from tests.pdf_tools import pdf_text
from tests.sales.test_invoices import issued_invoice, mail_of, stored

pytestmark = pytest.mark.django_db


def test_the_credit_note_reason_is_in_the_french_customers_language_on_the_pdf(client, b2b_customer, assistant, oven):
    b2b_customer.language = "fr"
    b2b_customer.save(update_fields=["language"])
    invoice = issued_invoice(b2b_customer, assistant, (oven, "2"), today=datetime.date(2026, 9, 1))
    with translation.override("nl"):  # the assistant works in Dutch
        complaint = complaint_register(company=b2b_customer, actor=assistant, category="damaged", severity="normal",
                                       description="Porte d'un four enfoncée",
                                       invoice_lines={invoice.lines.get().pk: "1"})  # fmt: skip
        complaint_assess(complaint=complaint, actor=assistant, justified=True, justification="Photos",
                         root_cause=RootCause.objects.get(name_en="Transport"))  # fmt: skip
        complaint_propose(complaint=complaint, actor=assistant, procedure="credit_note",
                          proposal="un four crédité", credit_amount=Decimal("200"))  # fmt: skip
        note = complaint_answer(complaint=complaint, actor=assistant, accepted=True).credit_note

    text = " ".join(pdf_text(stored(note.pdf)).split())
    assert f"Réclamation {complaint.number} : un four crédité" in text
    assert "Klacht" not in text
    assert f"Réclamation {complaint.number} : un four crédité" in " ".join(mail_of(note).body.split())  # the mail too
    # The Dutch-speaking assistant reads the same reason in Dutch on the credit note's page.
    client.force_login(assistant)
    page = client.get(reverse("sales:invoice-detail", args=[note.pk])).content.decode()
    assert f"Klacht {complaint.number}: un four crédité" in page
