"""The dashboard in the reader's language: complaint categories and root causes by their names, no link without
text, and each age bucket of the receivables opening the list of exactly its invoices."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints.models import RootCause
from complaints.services import complaint_assess, complaint_register
from sales.selectors.receivables import BUCKETS
from sales.services.invoicing import invoice_draft_for_order, invoice_issue
from tests.sales.conftest import *  # noqa: F403 - customer, products, English messages
from tests.sales.conftest import _english_messages  # noqa: F401
from tests.sales.test_invoices import delivered_order

pytestmark = pytest.mark.django_db


def bucket_of(invoice, today: datetime.date) -> str:
    late = (today - invoice.due_date).days
    return next(name for name, limit in (("not_due", 0), ("days_1_30", 30), ("days_31_60", 60), ("days_61_90", 90),
                                         ("days_over_90", 10**6)) if late <= limit)  # fmt: skip


def test_labels_not_codes_and_each_age_bucket_opens_its_own_invoices(client, manager, b2b_customer, assistant, oven):
    today = timezone.localdate()
    # Delivered first (an overdue invoice would hold the next order), invoiced oldest first (numbering is in order).
    orders = [delivered_order(b2b_customer, assistant, (oven, "1"))[0] for _days in range(3)]
    invoices = [
        invoice_issue(invoice=invoice_draft_for_order(order=order, actor=assistant), actor=assistant,
                      today=today - datetime.timedelta(days=days))
        for order, days in zip(orders, (100, 45, 5), strict=True)
    ]  # fmt: skip
    damaged = complaint_register(company=b2b_customer, actor=assistant, category="damaged", severity="normal",
                                 description="Deur ingedeukt")  # fmt: skip
    complaint_assess(complaint=damaged, actor=assistant, justified=True, justification="Foto's",
                     root_cause=RootCause.objects.get(name_en="Picking error"))  # fmt: skip
    complaint_register(company=b2b_customer, actor=assistant, category="wrong_item", severity="normal",
                       description="Verkeerde oven")  # fmt: skip
    manager.language = "fr"
    manager.save(update_fields=["language"])
    client.force_login(manager)

    page = client.get(reverse("desk:dashboard")).content.decode()

    assert "Endommagé" in page and "Mauvais article" in page and "Erreur de préparation" in page
    assert ">damaged<" not in page and ">wrong_item<" not in page
    assert not re.search(r"<a\b[^>]*>\s*</a>", page)  # no link without text
    expected = {name: set() for name, _label in BUCKETS}
    for invoice in invoices:
        expected[bucket_of(invoice, today)].add(invoice.number)
    assert sum(1 for numbers in expected.values() if numbers) == 3
    for name, _label in BUCKETS:
        link = f"{reverse('sales:invoice-list')}?age={name}"
        assert f'href="{link}"' in page
        listed = client.get(link).context["filter"].qs
        assert {invoice.number for invoice in listed} == expected[name]
    # A bucket that is no bucket is ignored: the whole list, no error.
    assert client.get(f"{reverse('sales:invoice-list')}?age=ancient").status_code == 200
