"""Invoices and credit notes: drafts from what was delivered, issue, immutability, credit notes, Peppol."""

import datetime
import hashlib
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone
from stdnum.be import ogm_vcs

from orderdesk.exceptions import DomainError
from orderdesk.history import status_history
from orderdesk.identifiers import structured_reference_for
from orderdesk.models import CompanySettings, OutboxMessage, SequenceCounter
from sales.models import Invoice, InvoiceLine, PeppolTransmission
from sales.selectors.invoices import (
    company_open_invoices_total,
    deliveries_to_invoice,
    invoice_problems,
    invoices_overdue,
)
from sales.services.approvals import document_approve
from sales.services.deliveries import delivery_create
from sales.services.invoice_documents import invoice_archived_pdf, invoice_pdf
from sales.services.invoicing import (
    credit_note_create,
    invoice_draft_create,
    invoice_draft_delete,
    invoice_draft_for_order,
    invoice_free_create,
    invoice_issue,
    invoice_update,
)
from sales.services.lines import document_discount_set, document_line_save
from sales.services.orders import order_confirm, order_create
from sales.services.peppol import transmission_run
from sales.states import InvoiceStatus, OrderStatus, TransmissionStatus
from tests.factories import CompanyFactory, ContactFactory, ProductFactory, UserFactory, _vat_category
from tests.pdf_tools import pdf_text

pytestmark = pytest.mark.django_db
D = Decimal

SHIPPED_ON = datetime.date(2026, 3, 10)
ISSUED_ON = datetime.date(2026, 3, 16)


@pytest.fixture
def private_customer(company_settings):
    company = CompanyFactory(name="Sofie Claes", legal_form="", vat_regime="private", vat_number="", language="nl")
    ContactFactory(company=company, first_name="Sofie", last_name="Claes", email="sofie.claes@example.be")
    return company


@pytest.fixture
def bread_flour(db):
    """A product at the reduced rate (6 %), next to the oven at 21 %."""
    return ProductFactory(
        sku="FLOUR-25", name_nl="Broodmeel 25 kg", list_price=D("40.00"), cost_price=D("25.00"), on_hand=D("100"),
        vat_category=_vat_category("reduced"),
    )  # fmt: skip


def delivered_order(customer, actor, *lines, discount_percent=None, shipped_on=SHIPPED_ON):
    """A confirmed order of (product, quantity[, line discount %]) lines, delivered in full on `shipped_on`."""
    order = order_create(company=customer, contact=customer.contacts.first(), actor=actor)
    for product, quantity, *discount in lines:
        document_line_save(document=order, actor=actor, product=product, quantity=quantity,
                           discount_percent=discount[0] if discount else 0)  # fmt: skip
    if discount_percent is not None:
        document_discount_set(document=order, actor=actor, discount_percent=discount_percent)
    if order_confirm(order=order, actor=actor).approval_pending:  # discounts beyond the actor's authority
        document_approve(document=order, actor=approving_manager())
        order_confirm(order=order, actor=actor)
    note = delivery_create(
        order=order, actor=actor, quantities={line.pk: line.quantity for line in order.lines.all()},
        shipped_on=shipped_on,
    )  # fmt: skip
    order.refresh_from_db()
    return order, note


def approving_manager():
    """A manager who approves what goes beyond an assistant's authority (not the one who asked: four eyes)."""
    from orderdesk.models import User
    from orderdesk.permissions import MANAGER

    return User.objects.filter(username="approving.manager").first() or UserFactory(
        username="approving.manager", role=MANAGER
    )


def issued_invoice(customer, actor, *lines, today=None, **options) -> Invoice:
    """An order delivered and invoiced (today, unless told): the issued invoice."""
    order, _note = delivered_order(customer, actor, *lines, **options)
    return invoice_issue(invoice=invoice_draft_for_order(order=order, actor=actor), actor=actor, today=today)


def free_invoice(company, actor, *amounts, vat_rate="21", reference="PO-2026-0042") -> Invoice:
    """A draft without order, one line per amount (excl. VAT), with the customer's reference (Peppol needs one)."""
    invoice = invoice_free_create(company=company, actor=actor)
    invoice.customer_reference = reference
    invoice.save(update_fields=["customer_reference"])
    for amount in amounts:
        document_line_save(document=invoice, actor=actor, description="Onderhoud", quantity="1", unit_price=amount,
                           vat_rate=vat_rate)  # fmt: skip
    return invoice


def mails_of(invoice: Invoice):
    return OutboxMessage.objects.filter(content_type=ContentType.objects.get_for_model(Invoice), object_id=invoice.pk)


def mail_of(invoice: Invoice) -> OutboxMessage:
    return mails_of(invoice).get()


def stored(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


# --- drafts ------------------------------------------------------------------------------------------------------


def test_a_delivered_order_is_billed_as_ordered_and_becomes_invoiced(b2b_customer, assistant, oven, installation):
    order, note = delivered_order(b2b_customer, assistant, (oven, "2", "5"), (installation, "1"))

    draft = invoice_draft_for_order(order=order, actor=assistant)

    assert (draft.status, draft.number, draft.structured_reference) == (InvoiceStatus.DRAFT, "", "")
    assert (draft.order, draft.supply_date, draft.language) == (order, SHIPPED_ON, "nl")
    assert [link.delivery for link in draft.invoice_deliveries.all()] == [note]
    billed = [(line.sku, line.quantity, line.unit_price, line.discount_percent, line.vat_rate, line.net_amount)
              for line in draft.lines.all()]  # fmt: skip
    ordered = [(line.sku, line.quantity, line.unit_price, line.discount_percent, line.vat_rate, line.net_amount)
               for line in order.lines.all()]  # fmt: skip
    assert (
        billed
        == ordered
        == [
            ("OVEN-60", 2, D("1200.00"), 5, 21, D("2280.00")),
            ("SRV-INST", 1, D("95.00"), 0, 21, D("95.00")),
        ]
    )
    assert (draft.net_total, draft.vat_total, draft.total) == (D("2375.00"), D("498.75"), D("2873.75"))
    assert order.status == OrderStatus.DELIVERED  # a draft changes nothing for the order

    invoice = invoice_issue(invoice=draft, actor=assistant, today=ISSUED_ON)

    order.refresh_from_db()
    assert order.status == OrderStatus.INVOICED
    assert (invoice.net_total, invoice.vat_total, invoice.total) == (D("2375.00"), D("498.75"), D("2873.75"))
    assert (invoice.issue_date, invoice.supply_date) == (ISSUED_ON, SHIPPED_ON)


def test_a_partial_delivery_is_billed_by_its_delivery_note_and_the_order_waits_for_the_rest(
    b2b_customer, assistant, oven
):
    order = order_create(company=b2b_customer, contact=b2b_customer.contacts.first(), actor=assistant)
    line = document_line_save(document=order, actor=assistant, product=oven, quantity="5")
    order_confirm(order=order, actor=assistant)
    first = delivery_create(order=order, actor=assistant, quantities={line.pk: "2"}, shipped_on=SHIPPED_ON)

    invoice = invoice_issue(invoice=invoice_draft_for_order(order=order, actor=assistant), actor=assistant)

    order.refresh_from_db()
    assert order.status == OrderStatus.PARTIALLY_DELIVERED
    assert [(link.delivery, list(invoice.lines.values_list("quantity", flat=True)))
            for link in invoice.invoice_deliveries.all()] == [(first, [2])]  # fmt: skip
    assert invoice.net_total == D("2400.00")

    second = delivery_create(order=order, actor=assistant, quantities={line.pk: "3"})
    rest = invoice_draft_for_order(order=order, actor=assistant)

    assert [link.delivery for link in rest.invoice_deliveries.all()] == [second]
    assert list(rest.lines.values_list("quantity", flat=True)) == [3]
    invoice_issue(invoice=rest, actor=assistant)
    order.refresh_from_db()
    assert order.status == OrderStatus.INVOICED


def test_a_delivery_note_is_billed_once_and_freed_when_its_draft_is_deleted(b2b_customer, assistant, oven):
    order, note = delivered_order(b2b_customer, assistant, (oven, "1"))
    draft = invoice_draft_for_order(order=order, actor=assistant)

    with pytest.raises(DomainError, match=f"{note.number} is already on Draft invoice {draft.pk}"):
        invoice_draft_create(company=b2b_customer, actor=assistant, deliveries=[note])
    with pytest.raises(DomainError, match=f"Everything on {order.number} is invoiced already"):
        invoice_draft_for_order(order=order, actor=assistant)
    assert Invoice.objects.count() == 1
    assert list(deliveries_to_invoice()) == []

    invoice_draft_delete(invoice=draft, actor=assistant)

    assert not Invoice.objects.exists() and not InvoiceLine.objects.exists()
    assert list(deliveries_to_invoice()) == [note]
    again = invoice_draft_for_order(order=order, actor=assistant)
    assert [link.delivery for link in again.invoice_deliveries.all()] == [note]


def test_an_order_of_services_only_is_invoiced_without_a_delivery(b2b_customer, assistant, installation):
    order = order_create(company=b2b_customer, contact=b2b_customer.contacts.first(), actor=assistant)
    document_line_save(document=order, actor=assistant, product=installation, quantity="3")
    order_confirm(order=order, actor=assistant)

    draft = invoice_draft_for_order(order=order, actor=assistant)

    assert not draft.invoice_deliveries.exists()
    assert [(line.sku, line.quantity, line.net_amount) for line in draft.lines.all()] == [("SRV-INST", 3, D("285.00"))]
    with pytest.raises(DomainError, match="invoiced already"):  # the draft holds the services already
        invoice_draft_for_order(order=order, actor=assistant)
    invoice_issue(invoice=draft, actor=assistant, today=ISSUED_ON)
    order.refresh_from_db()
    assert order.status == OrderStatus.INVOICED
    assert [(change.from_status, change.to_status) for change in status_history(order)][-1] == (
        OrderStatus.CONFIRMED, OrderStatus.INVOICED)  # fmt: skip
    assert Invoice.objects.get().supply_date == ISSUED_ON  # nothing shipped: supplied when invoiced


# --- issue -------------------------------------------------------------------------------------------------------


def test_numbers_are_given_at_issue_one_after_the_other_per_year(b2b_customer, assistant):
    first, second, third = (free_invoice(b2b_customer, assistant, "100") for _n in range(3))
    assert {first.number, second.number, third.number} == {""}

    # Drafts are numbered in the order they are issued, not the order they were made.
    invoice_issue(invoice=second, actor=assistant, today=datetime.date(2026, 12, 30))
    invoice_issue(invoice=first, actor=assistant, today=datetime.date(2026, 12, 31))
    invoice_issue(invoice=third, actor=assistant, today=datetime.date(2027, 1, 2))

    assert (second.number, first.number, third.number) == ("F2026-000001", "F2026-000002", "F2027-000001")
    assert list(Invoice.objects.order_by("number").values_list("number", flat=True)) == [
        "F2026-000001", "F2026-000002", "F2027-000001"]  # fmt: skip


def test_issue_and_due_dates_follow_the_customers_payment_term(customer, assistant):
    customer.payment_days = 45
    customer.save()
    invoice = free_invoice(customer, assistant, "100")

    invoice_issue(invoice=invoice, actor=assistant, today=ISSUED_ON)

    invoice.refresh_from_db()
    assert (invoice.issue_date, invoice.supply_date, invoice.due_date) == (
        ISSUED_ON, ISSUED_ON, datetime.date(2026, 4, 30))  # fmt: skip
    assert invoice.payment_days == 45


def test_a_b2b_payment_term_over_60_days_is_refused(customer, private_customer, assistant):
    customer.payment_days = 90
    customer.save()
    invoice = free_invoice(customer, assistant, "100")

    with pytest.raises(ValidationError, match="A B2B payment term may not exceed 60 days"):
        invoice_issue(invoice=invoice, actor=assistant)
    invoice.refresh_from_db()
    assert (invoice.status, invoice.number) == (InvoiceStatus.DRAFT, "")
    with pytest.raises(ValidationError, match="may not exceed 60 days"):
        invoice_update(invoice=invoice, actor=assistant, payment_days=61)

    invoice_update(invoice=invoice, actor=assistant, payment_days=60)
    invoice_issue(invoice=invoice, actor=assistant, today=ISSUED_ON)
    assert (invoice.number, invoice.due_date) == ("F2026-000001", datetime.date(2026, 5, 15))
    # The law of 2 August 2002 limits terms between companies only.
    private_customer.payment_days = 90
    private_customer.save()
    consumer = free_invoice(private_customer, assistant, "100")
    invoice_update(invoice=consumer, actor=assistant, contact=private_customer.contacts.get())
    assert invoice_issue(invoice=consumer, actor=assistant, today=ISSUED_ON).due_date == datetime.date(2026, 6, 14)


def test_the_structured_communication_is_valid_unique_and_derived_from_year_and_sequence(customer, assistant):
    first = invoice_issue(invoice=free_invoice(customer, assistant, "100"), actor=assistant, today=ISSUED_ON)
    second = invoice_issue(invoice=free_invoice(customer, assistant, "100"), actor=assistant, today=ISSUED_ON)

    assert first.structured_reference == structured_reference_for(year=2026, sequence=1) == "260000000170"
    assert second.structured_reference == structured_reference_for(year=2026, sequence=2)
    assert ogm_vcs.is_valid(first.structured_reference) and ogm_vcs.is_valid(second.structured_reference)
    assert first.structured_reference != second.structured_reference
    assert first.structured_reference_display == "+++260/0000/00170+++"


def test_amounts_and_parties_are_frozen_at_issue(b2b_customer, assistant, oven):
    invoice = issued_invoice(b2b_customer, assistant, (oven, "1"))
    pdf = stored(invoice.pdf)
    assert "Stationsstraat 1" in pdf_text(pdf)

    # The customer moves and the catalog price changes; we change bank.
    b2b_customer.street, b2b_customer.postal_code, b2b_customer.city = "Nieuwe Baan 99", "2000", "Antwerpen"
    b2b_customer.save()
    oven.list_price = D("1500.00")
    oven.save()
    seller = CompanySettings.load()
    seller.iban = "BE71096123456769"
    seller.save()

    invoice.refresh_from_db()
    assert invoice.parties["buyer"]["street"] == "Stationsstraat 1"
    assert invoice.parties["buyer"]["city"] == "Gent"
    assert invoice.parties["seller"]["iban"] == "BE73735012345660"
    assert (invoice.net_total, invoice.vat_total, invoice.total) == (D("1200.00"), D("252.00"), D("1452.00"))
    assert invoice_archived_pdf(invoice) == pdf
    # Even a new rendering (a reprint) shows the parties as they were at issue.
    reprint = pdf_text(invoice_pdf(invoice))
    assert "Stationsstraat 1" in reprint and "Nieuwe Baan" not in reprint
    assert "BE73 7350 1234 5660" in reprint and "BE71" not in reprint


def test_the_archived_files_match_their_hashes(b2b_customer, assistant, oven):
    invoice = issued_invoice(b2b_customer, assistant, (oven, "1"))

    pdf, ubl = stored(invoice.pdf), stored(invoice.ubl)
    assert pdf.startswith(b"%PDF") and ubl.startswith(b"<?xml")
    assert invoice.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    assert invoice.ubl_sha256 == hashlib.sha256(ubl).hexdigest()
    assert invoice.number in pdf_text(pdf)


def test_the_invoice_is_mailed_with_pdf_and_ubl_to_the_invoice_address_in_the_customers_language(
    b2b_customer, assistant, oven
):
    b2b_customer.language = "fr"
    b2b_customer.save()

    invoice = issued_invoice(b2b_customer, assistant, (oven, "1"))

    message = mail_of(invoice)
    assert message.to == ["boekhouding@bakkerij-peeters.be"]
    assert message.language == "fr" and message.body.startswith("Bonjour Jan,")
    assert invoice.structured_reference_display in message.body  # to pay with
    attachments = {attachment.filename: attachment for attachment in message.attachments.all()}
    assert set(attachments) == {f"{invoice.number}.pdf", f"{invoice.number}.xml"}
    assert stored(attachments[f"{invoice.number}.pdf"].file) == stored(invoice.pdf)
    assert stored(attachments[f"{invoice.number}.xml"].file) == stored(invoice.ubl)
    assert attachments[f"{invoice.number}.pdf"].content_type == "application/pdf"


def test_a_private_customer_without_invoice_address_gets_the_mail_at_the_contacts_address(
    private_customer, assistant, oven
):
    invoice = issued_invoice(private_customer, assistant, (oven, "1"))

    message = mail_of(invoice)
    assert message.to == ["sofie.claes@example.be"] and message.language == "nl"
    assert message.body.startswith("Beste Sofie,")
    assert [attachment.filename for attachment in message.attachments.all()] == [f"{invoice.number}.pdf"]  # no UBL


def test_an_issue_that_fails_half_way_leaves_the_draft_and_its_number_for_the_next(
    b2b_customer, assistant, oven, monkeypatch
):
    import sales.services.invoice_documents
    import sales.services.peppol

    order, _note = delivered_order(b2b_customer, assistant, (oven, "1"))
    draft = invoice_draft_for_order(order=order, actor=assistant)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    # Fails after the number is taken: building the UBL, then (with the files already written) queueing the mail.
    for module, name in [(sales.services.peppol, "invoice_ubl"), (sales.services.invoice_documents, "invoice_mail")]:
        with monkeypatch.context() as patch:
            patch.setattr(module, name, broken)
            with pytest.raises(RuntimeError, match="disk full"):
                invoice_issue(invoice=draft, actor=assistant, today=ISSUED_ON)

        stale = Invoice.objects.get(pk=draft.pk)
        assert (stale.status, stale.number, stale.structured_reference, stale.issue_date) == (
            InvoiceStatus.DRAFT, "", "", None)  # fmt: skip
        assert (stale.pdf.name, stale.parties) == ("", {})
        assert not SequenceCounter.objects.filter(series="invoice", last_value__gt=0).exists()
        assert not mails_of(draft).exists()
        order.refresh_from_db()
        assert order.status == OrderStatus.DELIVERED

    invoice = invoice_issue(invoice=Invoice.objects.get(pk=draft.pk), actor=assistant, today=ISSUED_ON)

    assert invoice.number == "F2026-000001" and invoice.structured_reference == "260000000170"
    assert invoice.pdf_sha256 == hashlib.sha256(stored(invoice.pdf)).hexdigest()
    assert invoice.number in pdf_text(stored(invoice.pdf))


def test_the_problems_that_block_an_issue_are_listed_and_nothing_is_numbered(assistant, company_settings):
    company = CompanyFactory(name="Nieuwe Klant", vat_number="", email="", street="")
    invoice = invoice_free_create(company=company, actor=assistant)

    assert invoice_problems(invoice) == [
        "The invoice has no lines.",
        "The customer's address is not complete.",
        "A company invoice needs the customer's VAT number.",
        "The customer has no e-mail address for invoices.",
    ]
    with pytest.raises(DomainError, match="The invoice has no lines. The customer's address is not complete."):
        invoice_issue(invoice=invoice, actor=assistant)

    company.street, company.vat_number, company.invoice_email = "Kerkstraat 5", "BE0456789034", "ap@klant.be"
    company.save()
    document_line_save(document=invoice, actor=assistant, description="Advies", quantity="2", unit_price="80")
    # Peppol wants the buyer's reference (R003); our own numbers are not the customer's.
    assert invoice_problems(invoice) == [
        "An e-invoice needs the customer's reference (Peppol rule R003): fill in “Your reference” with their order "
        "number, or choose the contact who ordered."
    ]
    invoice_update(invoice=invoice, actor=assistant, customer_reference="Mail van 12/3")
    assert invoice_problems(invoice) == []
    assert invoice_issue(invoice=invoice, actor=assistant).number.endswith("-000001")


def test_only_users_who_may_issue_invoices_do(customer, assistant):
    from orderdesk.exceptions import PermissionDeniedError

    invoice = free_invoice(customer, assistant, "100")
    stranger = UserFactory(username="no.role")

    with pytest.raises(PermissionDeniedError):
        invoice_issue(invoice=invoice, actor=stranger)
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.DRAFT


# --- an issued invoice never changes -----------------------------------------------------------------------------


def _frozen_fields(invoice: Invoice) -> tuple:
    row = Invoice.objects.values("number", "total", "net_total", "parties", "pdf_sha256", "status").get(pk=invoice.pk)
    lines = list(InvoiceLine.objects.filter(invoice=invoice).values_list("pk", "quantity", "unit_price", "net_amount"))
    return row, lines


def test_the_orm_refuses_every_change_to_an_issued_invoice_and_its_lines(b2b_customer, assistant, oven):
    from sales.models.invoices import IssuedDocumentFrozen

    invoice = issued_invoice(b2b_customer, assistant, (oven, "1"))
    before = _frozen_fields(invoice)
    line = invoice.lines.get()
    attempts = {
        "save": lambda: Invoice.objects.get(pk=invoice.pk).save(),
        "save total": lambda: _changed(invoice, total=D("1.00")).save(update_fields=["total"]),
        "save parties": lambda: _changed(invoice, parties={}).save(update_fields=["parties"]),
        "queryset update": lambda: Invoice.objects.filter(pk=invoice.pk).update(total=D("1.00")),
        "update of all": lambda: Invoice.objects.update(notes="hello"),
        "bulk update": lambda: Invoice.objects.bulk_update([_changed(invoice, total=D("1.00"))], ["total"]),
        "delete": lambda: Invoice.objects.get(pk=invoice.pk).delete(),
        "queryset delete": lambda: Invoice.objects.filter(pk=invoice.pk).delete(),
        "delete of all": lambda: Invoice.objects.all().delete(),
        "line save": lambda: _changed(line, unit_price=D("1.00")).save(),
        "line delete": lambda: InvoiceLine.objects.get(pk=line.pk).delete(),
        "line queryset update": lambda: InvoiceLine.objects.filter(invoice=invoice).update(unit_price=D("1.00")),
        "line queryset delete": lambda: InvoiceLine.objects.filter(pk=line.pk).delete(),
        "line added": lambda: _new_line(invoice).save(),
        "lines added in bulk": lambda: InvoiceLine.objects.bulk_create([_new_line(invoice)]),
        # Back to draft would unlock everything else.
        "back to draft": lambda: _changed(invoice, status=InvoiceStatus.DRAFT).save(update_fields=["status"]),
        "update back to draft": lambda: Invoice.objects.filter(pk=invoice.pk).update(status=InvoiceStatus.DRAFT),
    }
    refused = []
    for name, attempt in attempts.items():
        try:
            attempt()
        except IssuedDocumentFrozen:
            refused.append(name)
    assert refused == list(attempts)
    assert _frozen_fields(invoice) == before

    # The services say so in words too.
    with pytest.raises(DomainError, match="is issued: it cannot change any more"):
        invoice_update(invoice=invoice, actor=assistant, notes="changed")
    with pytest.raises(DomainError, match="is issued: it cannot change any more"):
        invoice_draft_delete(invoice=invoice, actor=assistant)
    with pytest.raises(DomainError, match="Only a draft can be changed"):
        document_line_save(document=invoice, actor=assistant, line=line, product=oven, quantity="5")
    assert _frozen_fields(invoice) == before


def _new_line(invoice: Invoice) -> InvoiceLine:
    return InvoiceLine(invoice=invoice, description="Extra", quantity=1, unit_price=D("10.00"), vat_rate=21)


def _changed(instance, **fields):
    copy = type(instance).objects.get(pk=instance.pk)
    for name, value in fields.items():
        setattr(copy, name, value)
    return copy


def test_the_settlement_of_an_issued_invoice_still_moves(b2b_customer, assistant, oven):
    invoice = issued_invoice(b2b_customer, assistant, (oven, "1"))

    Invoice.objects.filter(pk=invoice.pk).update(amount_paid=D("452.00"), status=InvoiceStatus.PARTIALLY_PAID)
    invoice.refresh_from_db()
    invoice.amount_paid += D("1000.00")
    invoice.status = InvoiceStatus.PAID
    invoice.save(update_fields=["amount_paid", "status", "updated_at"])

    invoice.refresh_from_db()
    assert (invoice.status, invoice.amount_paid, invoice.amount_open) == (InvoiceStatus.PAID, D("1452.00"), 0)


def test_the_admin_shows_an_issued_invoice_but_cannot_change_or_delete_it(client, b2b_customer, assistant, oven):
    invoice = issued_invoice(b2b_customer, assistant, (oven, "1"))
    before = _frozen_fields(invoice)
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    url = f"/admin/sales/invoice/{invoice.pk}/"

    page = client.get(f"{url}change/")
    changes = {"number": "F2026-999999", "total": "1.00", "status": "draft", "company": b2b_customer.pk}
    posted = client.post(f"{url}change/", {**changes, "kind": "invoice", "language": "nl", "payment_days": "30"})
    deleted = client.post(f"{url}delete/", {"post": "yes"})

    assert page.status_code == 200 and invoice.number in page.content.decode()
    assert 'name="total"' not in page.content.decode()  # read-only
    assert (posted.status_code, deleted.status_code) == (403, 403)
    assert _frozen_fields(invoice) == before
    changelist = client.get("/admin/sales/invoice/")
    assert changelist.status_code == 200 and "delete_selected" not in changelist.content.decode()


# --- credit notes ------------------------------------------------------------------------------------------------


def test_a_full_credit_note_credits_the_invoice_in_full(b2b_customer, assistant, oven, installation):
    invoice = issued_invoice(b2b_customer, assistant, (oven, "2", "5"), (installation, "1"), today=ISSUED_ON)

    draft = credit_note_create(invoice=invoice, actor=assistant, reason="Order cancelled after delivery")

    assert (draft.kind, draft.number, draft.credited_invoice) == (Invoice.Kind.CREDIT_NOTE, "", invoice)
    assert [(line.sku, line.quantity, line.net_amount, line.credited_line) for line in draft.lines.all()] == [
        (line.sku, line.quantity, line.net_amount, line) for line in invoice.lines.all()]  # fmt: skip
    note = invoice_issue(invoice=draft, actor=assistant, today=datetime.date(2026, 3, 20))

    invoice.refresh_from_db()
    # Set off against the open invoice in full: nothing to refund, the credit note is settled too.
    assert (note.number, note.status, note.total) == ("C2026-000001", InvoiceStatus.CREDITED, invoice.total)
    assert (note.amount_credited, note.amount_open) == (invoice.total, 0)
    assert (invoice.status, invoice.amount_credited, invoice.amount_open) == (
        InvoiceStatus.CREDITED, invoice.total, 0)  # fmt: skip
    assert note.structured_reference == "" and note.due_date is None
    with pytest.raises(DomainError, match="is credited in full already"):
        credit_note_create(invoice=invoice, actor=assistant, reason="Again")
    assert company_open_invoices_total(b2b_customer) == 0


def test_a_partial_credit_by_lines_lowers_what_is_open(b2b_customer, assistant, oven, installation):
    invoice = issued_invoice(b2b_customer, assistant, (oven, "2"), (installation, "1"))  # 2495 + 523.95 VAT
    oven_line = invoice.lines.get(sku="OVEN-60")

    note = invoice_issue(
        invoice=credit_note_create(invoice=invoice, actor=assistant, reason="One oven returned",
                                   quantities={oven_line.pk: "1"}),
        actor=assistant,
    )  # fmt: skip

    invoice.refresh_from_db()
    assert [(line.sku, line.quantity) for line in note.lines.all()] == [("OVEN-60", 1)]
    assert (note.net_total, note.vat_total, note.total) == (D("1200.00"), D("252.00"), D("1452.00"))
    assert (invoice.status, invoice.amount_credited) == (InvoiceStatus.ISSUED, D("1452.00"))
    assert invoice.amount_open == invoice.total - note.total == D("1566.95")
    assert company_open_invoices_total(b2b_customer) == D("1566.95")

    # One oven is left to credit, not two.
    with pytest.raises(ValidationError, match=r"Line 1 \(Heteluchtoven 60 l\): credit between 0 and 1\."):
        credit_note_create(invoice=invoice, actor=assistant, reason="Second oven", quantities={oven_line.pk: "2"})
    with pytest.raises(ValidationError, match=r"Line 1 \(Heteluchtoven 60 l\): credit between 0 and 1\."):
        credit_note_create(invoice=invoice, actor=assistant, reason="Negative", quantities={oven_line.pk: "-1"})
    assert Invoice.objects.filter(kind=Invoice.Kind.CREDIT_NOTE).count() == 1


def test_a_credit_for_an_amount_at_one_of_the_invoices_rates(b2b_customer, assistant, oven, bread_flour):
    invoice = issued_invoice(b2b_customer, assistant, (oven, "1"), (bread_flour, "10"))  # 1452 + 424

    with pytest.raises(ValidationError, match="Use a VAT rate of the invoice: 21, 6 %"):
        credit_note_create(invoice=invoice, actor=assistant, reason="Goodwill", amount="50", vat_rate="12")
    with pytest.raises(ValidationError, match="more than what remains"):
        credit_note_create(invoice=invoice, actor=assistant, reason="Too much", amount="1800", vat_rate="21")
    note = credit_note_create(invoice=invoice, actor=assistant, reason="Damaged bags", amount="100", vat_rate="6")

    assert [(line.description, line.quantity, line.unit_price, line.vat_rate) for line in note.lines.all()] == [
        (f"Creditering op factuur {invoice.number}", 1, D("100.00"), 6)]  # the customer's language  # fmt: skip
    assert (note.net_total, note.vat_total, note.total) == (D("100.00"), D("6.00"), D("106.00"))
    invoice_issue(invoice=note, actor=assistant)
    invoice.refresh_from_db()
    assert (invoice.status, invoice.amount_open) == (InvoiceStatus.ISSUED, D("1770.00"))


def test_two_credit_notes_cannot_together_credit_more_than_the_invoice(b2b_customer, assistant, oven):
    invoice = issued_invoice(b2b_customer, assistant, (oven, "1"))
    first = credit_note_create(invoice=invoice, actor=assistant, reason="Price error", amount="1000")
    second = credit_note_create(invoice=invoice, actor=assistant, reason="Price error, again", amount="1000")
    invoice_issue(invoice=first, actor=assistant)

    with pytest.raises(DomainError, match="is more than what remains of"):
        invoice_issue(invoice=second, actor=assistant)
    second.refresh_from_db()
    assert (second.status, second.number) == (InvoiceStatus.DRAFT, "")
    invoice.refresh_from_db()
    assert invoice.amount_credited == D("1210.00")


def test_a_credit_note_needs_a_reason_and_an_issued_invoice(b2b_customer, assistant, oven):
    invoice = issued_invoice(b2b_customer, assistant, (oven, "1"))
    draft = free_invoice(b2b_customer, assistant, "100")

    with pytest.raises(ValidationError, match="Say why the invoice is credited"):
        credit_note_create(invoice=invoice, actor=assistant, reason="   ")
    with pytest.raises(DomainError, match="Only an issued invoice can be credited"):
        credit_note_create(invoice=draft, actor=assistant, reason="Wrong")
    note = invoice_issue(invoice=credit_note_create(invoice=invoice, actor=assistant, reason="Wrong"), actor=assistant)
    with pytest.raises(DomainError, match="Only an issued invoice can be credited"):
        credit_note_create(invoice=note, actor=assistant, reason="A credit on a credit")


def test_credit_notes_have_their_own_series(b2b_customer, assistant, oven):
    year = timezone.localdate().year
    first = issued_invoice(b2b_customer, assistant, (oven, "1"))
    second = issued_invoice(b2b_customer, assistant, (oven, "1"))

    notes = [
        invoice_issue(invoice=credit_note_create(invoice=invoice, actor=assistant, reason="Returned"), actor=assistant)
        for invoice in (second, first)
    ]
    third = issued_invoice(b2b_customer, assistant, (oven, "1"))

    assert [first.number, second.number, third.number] == [f"F{year}-00000{n}" for n in (1, 2, 3)]
    assert [note.number for note in notes] == [f"C{year}-000001", f"C{year}-000002"]
    assert [note.credited_invoice for note in notes] == [second, first]


def test_the_credit_note_pdf_refers_to_the_invoice_and_asks_the_vat_back(b2b_customer, assistant, oven):
    b2b_customer.language = "en"
    b2b_customer.save()
    invoice = issued_invoice(b2b_customer, assistant, (oven, "1"), today=datetime.date(2026, 3, 2))

    note = invoice_issue(
        invoice=credit_note_create(invoice=invoice, actor=assistant, reason="Oven returned unused"),
        actor=assistant, today=ISSUED_ON,
    )  # fmt: skip

    text = " ".join(pdf_text(stored(note.pdf)).split())
    assert "Credit note C2026-000001" in text
    # The reference to the invoice (RD no. 1 art. 5): "On invoice | F2026-000001 of 02/03/2026", wrapped in its cell.
    assert "On invoice" in text and "F2026-000001 of" in text and "02/03/2026" in text
    assert "DRAFT" not in text
    assert "Reason: Oven returned unused" in text
    assert "VAT to be repaid to the State insofar as it was initially deducted." in text
    assert "Structured communication" not in text and "Please pay" not in text  # nothing to pay
    assert "1.452,00 €" in text
    message = mail_of(note)
    assert message.subject == "Credit note C2026-000001 from Vandenbroucke Technics"
    assert "on invoice F2026-000001" in message.body


def test_invoices_past_their_due_date_are_overdue_until_settled(customer, assistant):
    early = invoice_issue(invoice=free_invoice(customer, assistant, "100"), actor=assistant, today=ISSUED_ON)
    late = invoice_issue(invoice=free_invoice(customer, assistant, "100"), actor=assistant,
                         today=datetime.date(2026, 4, 1))  # fmt: skip

    assert list(invoices_overdue(datetime.date(2026, 4, 15))) == []
    assert list(invoices_overdue(datetime.date(2026, 4, 16))) == [early]
    assert set(invoices_overdue(datetime.date(2026, 6, 1))) == {early, late}
    Invoice.objects.filter(pk=early.pk).update(amount_paid=early.total, status=InvoiceStatus.PAID)
    assert list(invoices_overdue(datetime.date(2026, 6, 1))) == [late]
    assert company_open_invoices_total(customer) == late.total == D("121.00")


# --- Peppol ------------------------------------------------------------------------------------------------------


class CountingBackend:
    calls: list[str] = []

    def transmit(self, *, invoice, ubl):
        type(self).calls.append(invoice.number)
        assert ubl.startswith(b"<?xml")
        return TransmissionStatus.SENT, f"Accepted by the access point as {invoice.number}"


class BrokenBackend:
    def transmit(self, *, invoice, ubl):
        raise ConnectionError("Access point unreachable (HTTP 503)")


def test_a_belgian_company_gets_its_invoice_over_peppol_and_a_copy_by_mail(
    b2b_customer, assistant, oven, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invoice = issued_invoice(b2b_customer, assistant, (oven, "1"))

    assert invoice.channel == Invoice.Channel.PEPPOL
    transmission = PeppolTransmission.objects.get()
    assert (transmission.invoice, transmission.status, transmission.attempts) == (
        invoice, TransmissionStatus.STORED, 1)  # fmt: skip
    assert transmission.backend == "sales.services.peppol.StoreBackend"
    assert mails_of(invoice).count() == 1


def test_a_private_customer_gets_an_e_mail_and_no_peppol_transmission(
    private_customer, assistant, oven, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invoice = issued_invoice(private_customer, assistant, (oven, "1"))

    assert invoice.channel == Invoice.Channel.EMAIL
    assert not PeppolTransmission.objects.exists()
    assert mail_of(invoice).state == OutboxMessage.State.SENT


def test_a_transmission_runs_once(b2b_customer, assistant, oven, settings, django_capture_on_commit_callbacks):
    settings.PEPPOL_BACKEND = f"{__name__}.CountingBackend"
    CountingBackend.calls = []
    with django_capture_on_commit_callbacks(execute=True):
        invoice = issued_invoice(b2b_customer, assistant, (oven, "1"))
    transmission = PeppolTransmission.objects.get()

    again = transmission_run(transmission_id=transmission.pk)

    assert CountingBackend.calls == [invoice.number]
    assert (again.status, again.attempts, again.detail) == (
        TransmissionStatus.SENT, 1, f"Accepted by the access point as {invoice.number}")  # fmt: skip


def test_a_failing_backend_is_recorded_and_retried(b2b_customer, assistant, oven, settings,
                                                    django_capture_on_commit_callbacks):  # fmt: skip
    settings.PEPPOL_BACKEND = f"{__name__}.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        issued_invoice(b2b_customer, assistant, (oven, "1"))

    transmission = PeppolTransmission.objects.get()
    assert (transmission.status, transmission.attempts) == (TransmissionStatus.FAILED, 1)
    assert transmission.detail == "Access point unreachable (HTTP 503)"

    PeppolTransmission.objects.filter(pk=transmission.pk).update(backend=f"{__name__}.CountingBackend")
    retried = transmission_run(transmission_id=transmission.pk)
    assert (retried.status, retried.attempts) == (TransmissionStatus.SENT, 2)
