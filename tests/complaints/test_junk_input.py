"""Junk on the complaint pages answered clearly, and merging customer files that have documents: what can move
follows the file that stays, an issued invoice keeps its customer and the merge says why it cannot."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from complaints.models import Complaint
from complaints.services import complaint_register
from customers.models import Company, VatRegime
from customers.services.merge import company_merge
from sales.models import Invoice, Order, Payment, Quote
from sales.services.payments import payment_register
from sales.services.quotes import quote_create
from tests.factories import CompanyFactory, ContactFactory
from tests.sales.test_invoices import delivered_order, free_invoice, issued_invoice

pytestmark = pytest.mark.django_db
JUNK_IDS = ["abc", "-1", "0", "9" * 20, "9" * 30, "1.5", "a\x00b"]


def test_the_complaint_form_and_list_ignore_a_junk_customer(client, assistant, customer, oven):
    client.force_login(assistant)
    _order, note = delivered_order(customer, assistant, (oven, "2"))
    for junk in JUNK_IDS:
        assert client.get(reverse("complaints:complaint-create"), {"company": junk}).url == reverse(
            "sales:company-pick", args=["complaint"]
        )
        typed = {"company": junk, "category": "defect", "severity": "normal", "description": "Kapot"}
        refused = client.post(reverse("complaints:complaint-create"), typed)
        assert refused.url == reverse("sales:company-pick", args=["complaint"])
        assert client.get(reverse("complaints:complaint-list"), {"company": junk, "state": "all"}).status_code == 200
    data = {"company": customer.pk, "category": "defect", "severity": "normal", "description": "Kapot",
            f"delivery_{'9' * 30}": "1", f"delivery_{note.lines.get().pk}": "NaN"}  # fmt: skip
    response = client.post(reverse("complaints:complaint-create"), data)
    assert response.status_code == 400
    assert response.context["delivery_lines"][0][1] == "NaN"  # what was typed stays
    assert not Complaint.objects.exists()


def test_the_complaint_list_filters_on_a_real_customer(client, assistant, customer, oven):
    client.force_login(assistant)
    _order, note = delivered_order(customer, assistant, (oven, "2"))
    complaint = complaint_register(company=customer, actor=assistant, category="defect", severity="normal",
                                   description="Kapot", delivery_lines={note.lines.get().pk: "1"})  # fmt: skip
    other = CompanyFactory()
    url = reverse("complaints:complaint-list")
    assert list(client.get(url, {"company": customer.pk}).context["complaints"]) == [complaint]
    assert list(client.get(url, {"company": other.pk}).context["complaints"]) == []


# --- merging customer files --------------------------------------------------------------------------------------


@pytest.fixture
def duplicate(company_settings):
    """The same bakery typed in again as a private customer: no VAT number, so it can be merged."""
    company = CompanyFactory(name="Bakkerij Peeters (dubbel)", kind="customer", vat_regime=VatRegime.PRIVATE,
                             vat_number="", email="peeters@example.be")  # fmt: skip
    ContactFactory(company=company)
    return company


def test_a_merge_moves_quotes_orders_drafts_payments_and_complaints(manager, assistant, customer, duplicate, oven):
    quote = quote_create(company=duplicate, actor=assistant)
    order, note = delivered_order(duplicate, assistant, (oven, "1"))
    draft = free_invoice(duplicate, assistant, "100")
    payment = payment_register(company=duplicate, actor=manager, received_on=timezone.localdate(), amount="50")
    complaint = complaint_register(company=duplicate, actor=assistant, category="defect", severity="normal",
                                   description="Kapot", delivery_lines={note.lines.get().pk: "1"})  # fmt: skip

    merged = company_merge(source=duplicate, target=customer, actor=manager)

    assert not Company.objects.filter(pk=duplicate.pk).exists()
    for document in (quote, order, draft, payment, complaint):
        document.refresh_from_db()
        assert document.company_id == merged.pk


def test_a_file_with_issued_invoices_is_not_folded_into_another_and_nothing_moves(
    manager, assistant, customer, duplicate, oven
):
    invoice = issued_invoice(duplicate, assistant, (oven, "1"))
    contact = duplicate.contacts.get()

    with pytest.raises(ValidationError) as refused:
        company_merge(source=duplicate, target=customer, actor=manager)

    assert "issued documents" in refused.value.messages[0]
    contact.refresh_from_db()
    assert contact.company_id == duplicate.pk and Company.objects.filter(pk=duplicate.pk).exists()
    assert Order.objects.get().company_id == duplicate.pk
    # The other way round: the file with the issued invoice stays and the other is folded into it.
    quote = quote_create(company=customer, actor=assistant)
    merged = company_merge(source=customer, target=duplicate, actor=manager)
    quote.refresh_from_db()
    invoice.refresh_from_db()
    assert quote.company_id == merged.pk == invoice.company_id
    assert invoice.parties["buyer"]["name"].startswith("Bakkerij Peeters (dubbel)")  # as issued


def test_two_companies_with_different_vat_numbers_are_not_merged(manager, customer):
    other = CompanyFactory(name="Bakkerij Peeters", vat_number="BE0403170701")
    with pytest.raises(ValidationError, match="two companies, not a duplicate"):
        company_merge(source=other, target=customer, actor=manager)


def test_the_merge_page_says_why_instead_of_a_500(client, manager, assistant, customer, duplicate, oven):
    issued_invoice(duplicate, assistant, (oven, "1"))
    client.force_login(manager)
    response = client.post(reverse("customers:company-merge", args=[customer.pk]), {"duplicate": duplicate.pk})
    assert response.status_code == 400
    with translation.override("nl"):  # the manager reads Dutch
        expected = gettext(
            "%(name)s has issued documents (invoices, credit notes), and they stay in the file of the customer they "
            "were issued to. When only one of the two files has issued documents, keep that one and fold the other "
            "into it."
        ) % {"name": duplicate.name}
    assert list(response.context["merge_form"].non_field_errors()) == [expected]
    assert Invoice.objects.get().company_id == duplicate.pk
    assert Quote.objects.count() == Payment.objects.count() == 0
    for junk in JUNK_IDS:
        response = client.post(reverse("customers:company-merge", args=[customer.pk]), {"duplicate": junk})
        assert response.status_code == 400
