import datetime
from decimal import Decimal

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from orderdesk.exceptions import DomainError, PermissionDeniedError, TransitionNotAllowed
from orderdesk.history import status_history
from orderdesk.models import OutboxMessage
from sales.models import Quote
from sales.services.documents import quote_link_token
from sales.services.lines import document_discount_set, document_line_delete, document_line_save, product_find
from sales.services.quotes import (
    price_request_create,
    quote_accept,
    quote_approve,
    quote_cancel,
    quote_create,
    quote_decline,
    quote_link_revoke,
    quote_refuse,
    quote_revise,
    quote_revision_changes,
    quote_send,
    quotes_expire,
)
from sales.states import PriceRequestStatus, QuoteStatus
from tests.factories import ProductFactory, _vat_category
from tests.pdf_tools import pdf_text

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def quote(customer, contact, assistant, oven, discount_limits):
    quote = quote_create(company=customer, contact=contact, actor=assistant)
    document_line_save(document=quote, actor=assistant, product=oven, quantity="2")
    return quote


def test_a_price_request_becomes_a_quote_in_one_step(customer, contact, assistant):
    request = price_request_create(company=customer, contact=contact, actor=assistant, need="2 ovens for the new shop",
                                   quantity="2", deadline=datetime.date(2026, 12, 1))  # fmt: skip

    quote = quote_create(company=customer, actor=assistant, price_request=request)

    request.refresh_from_db()
    assert request.status == PriceRequestStatus.QUOTED
    assert (quote.price_request, quote.contact, quote.status) == (request, contact, QuoteStatus.DRAFT)
    assert quote.number == ""  # drafts have no number
    assert "30 dagen" in quote.payment_terms and quote.language == "nl"  # the terms speak the customer's language


def test_totals_round_per_line_and_compute_vat_per_rate(customer, assistant, oven, discount_limits):
    quote = quote_create(company=customer, actor=assistant)
    book = ProductFactory(
        sku="BOOK", list_price=D("19.99"), cost_price=D("5.00"), vat_category=_vat_category("reduced")
    )
    document_line_save(document=quote, actor=assistant, product=oven, quantity="1", discount_percent="2.5")
    document_line_save(document=quote, actor=assistant, product=book, quantity="3")
    document_line_save(document=quote, actor=assistant, description="Transport", quantity="1", unit_price="45.50")

    quote.refresh_from_db()
    lines = list(quote.lines.order_by("position"))
    assert [line.net_amount for line in lines] == [D("1170.00"), D("59.97"), D("45.50")]
    # 21 % on 1170 + 45.50 = 1215.50 → 255.26 (255.255 half up); 6 % on 59.97 → 3.60 (3.5982)
    assert (quote.net_total, quote.vat_total, quote.total) == (D("1275.47"), D("258.86"), D("1534.33"))


def test_a_document_discount_applies_per_vat_rate_before_vat(quote, assistant):
    document_discount_set(document=quote, actor=assistant, discount_percent="5")

    quote.refresh_from_db()
    # 2 × 1200 = 2400; −5 % = 2280; VAT 21 % = 478.80
    assert (quote.net_total, quote.vat_total, quote.total) == (D("2280.00"), D("478.80"), D("2758.80"))


def test_intra_eu_customers_are_quoted_without_belgian_vat(customer, assistant, oven):
    customer.vat_regime, customer.vat_number = "eu", "NL123456789B01"
    customer.save()
    quote = quote_create(company=customer, actor=assistant)
    document_line_save(document=quote, actor=assistant, product=oven, quantity="1")

    quote.refresh_from_db()
    assert (quote.vat_total, quote.total) == (D("0.00"), D("1200.00"))


def test_a_product_is_found_by_sku_or_a_unique_name(oven):
    assert product_find("oven-60") == oven
    assert product_find("Heteluchtoven") == oven
    with pytest.raises(DomainError, match="No product matches"):
        product_find("nothing like this")


def test_bad_line_input_is_refused_with_a_message_per_field(quote, assistant):
    with pytest.raises(ValidationError) as error:
        document_line_save(document=quote, actor=assistant, description="", quantity="1")
    assert "description" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        document_line_save(document=quote, actor=assistant, description="Advice", quantity="0", unit_price="10")
    assert "quantity" in error.value.message_dict
    assert quote.lines.count() == 1


def test_sending_freezes_a_numbered_revision_and_mails_the_pdf_with_a_link(
    quote, assistant, contact, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        quote_send(quote=quote, actor=assistant)

    quote.refresh_from_db()
    assert quote.status == QuoteStatus.SENT and quote.number.startswith(f"Q{timezone.localdate().year}-")
    revision = quote.revisions.get()
    assert revision.revision == 1 and len(revision.pdf_sha256) == 64
    message = OutboxMessage.objects.get(object_id=quote.pk)
    assert message.to == [contact.email] and quote.number in message.subject
    assert "/q/" in message.body and message.attachments.get().filename == f"{quote.number}.pdf"
    assert len(mail.outbox) == 1  # delivered once, by the eager worker


def test_editing_a_sent_quote_needs_a_new_revision(quote, assistant, oven):
    quote_send(quote=quote, actor=assistant)
    with pytest.raises(DomainError, match="Only a draft"):
        document_line_save(document=quote, actor=assistant, product=oven, quantity="5")


def test_revisions_keep_their_number_their_pdf_and_show_what_changed(quote, assistant, oven):
    quote_send(quote=quote, actor=assistant)
    line = quote.lines.get()
    quote_revise(quote=quote, actor=assistant, reason="Customer wants 3")
    document_line_save(document=quote, actor=assistant, line=line, product=oven, quantity="3")
    quote_send(quote=quote, actor=assistant)

    quote.refresh_from_db()
    assert (quote.revision, quote.reference) == (2, f"{quote.number} rev 2")
    assert [r.revision for r in quote.revisions.all()] == [1, 2]
    assert quote.revisions.get(revision=1).pdf_sha256 != quote.revisions.get(revision=2).pdf_sha256
    assert "rev 2" in pdf_text(quote.revisions.get(revision=2).pdf.read())
    changes = quote_revision_changes(quote=quote, old=1, new=2)
    assert "OVEN-60: quantity 2 → 3" in changes
    assert any(change.startswith("total incl. VAT") for change in changes)


def test_a_discount_beyond_the_assistants_limit_waits_for_a_manager(quote, assistant, manager):
    document_line_save(document=quote, actor=assistant, line=quote.lines.get(), product=quote.lines.get().product,
                       quantity="2", discount_percent="15")  # fmt: skip

    quote_send(quote=quote, actor=assistant)

    quote.refresh_from_db()
    assert quote.status == QuoteStatus.AWAITING_APPROVAL
    assert "15 % is above the 10 % allowed without a manager" in quote.approval_reasons
    # The manager reads the reasons in her own language, whoever sent the quote.
    with translation.override("fr"):
        assert quote.approval_reasons_shown == [
            f"{quote.lines.get().sku}: Une remise de 15 % dépasse les 10 % autorisés sans responsable."]  # fmt: skip
    assert not OutboxMessage.objects.exists()
    with pytest.raises(PermissionDeniedError):
        quote_approve(quote=quote, actor=assistant, comment="fine")

    quote_approve(quote=quote, actor=manager, comment="Good customer, OK this once")
    quote_send(quote=quote, actor=assistant)

    quote.refresh_from_db()
    assert (quote.status, quote.approved_by, quote.approval_comment) == (
        QuoteStatus.SENT, manager, "Good customer, OK this once")  # fmt: skip
    history = [(c.to_status, c.actor, c.reason) for c in status_history(quote)]
    assert (QuoteStatus.APPROVED, manager, "Good customer, OK this once") in history


def test_a_refused_discount_goes_back_to_the_assistant_with_the_comment(quote, assistant, manager):
    document_discount_set(document=quote, actor=assistant, discount_percent="20")
    quote_send(quote=quote, actor=assistant)

    with pytest.raises(ValidationError):
        quote_refuse(quote=quote, actor=manager, comment=" ")
    quote_refuse(quote=quote, actor=manager, comment="Max 10 %, offer free installation instead")

    quote.refresh_from_db()
    assert quote.status == QuoteStatus.DRAFT and quote.approval_comment.startswith("Max 10 %")


def test_a_margin_below_the_minimum_needs_approval_too(customer, assistant, discount_limits):
    thin = ProductFactory(list_price=D("100.00"), cost_price=D("92.00"))
    quote = quote_create(company=customer, actor=assistant)
    document_line_save(document=quote, actor=assistant, product=thin, quantity="1")

    quote_send(quote=quote, actor=assistant)

    assert quote.status == QuoteStatus.AWAITING_APPROVAL and "margin would be 8 %" in quote.approval_reasons_shown[0]
    # The text kept for the record is read by assistants too: no margin figure in it.
    assert "8 %" not in quote.approval_reasons and "under the minimum margin" in quote.approval_reasons


def test_the_customer_accepts_through_the_link(quote, assistant):
    quote_send(quote=quote, actor=assistant)
    token = quote_link_token(quote)

    quote_accept(token=token, name="Jan Peeters", customer_reference="PO-778")

    quote.refresh_from_db()
    assert (quote.status, quote.accepted_by_name, quote.customer_reference) == (
        QuoteStatus.ACCEPTED, "Jan Peeters", "PO-778")  # fmt: skip
    assert status_history(quote).last().actor is None
    with pytest.raises(DomainError, match="You accepted this quote"):
        quote_accept(token=token, name="Jan Peeters")


def test_the_customer_declines_with_a_reason(quote, assistant):
    quote_send(quote=quote, actor=assistant)

    with pytest.raises(ValidationError):
        quote_decline(token=quote_link_token(quote), reason="")
    quote_decline(token=quote_link_token(quote), reason="Too expensive")

    quote.refresh_from_db()
    assert (quote.status, quote.declined_reason) == (QuoteStatus.DECLINED, "Too expensive")


def test_a_tampered_token_is_refused(quote, assistant):
    quote_send(quote=quote, actor=assistant)
    token = quote_link_token(quote)
    forged = signing.dumps({"quote": quote.pk, "revision": 1}, salt="another-salt")

    for bad in (token[:-2] + "xx", forged, "nonsense"):
        with pytest.raises(DomainError, match="not valid"):
            quote_accept(token=bad, name="Mallory")
    assert Quote.objects.get(pk=quote.pk).status == QuoteStatus.SENT


def test_an_expired_quote_cannot_be_accepted(quote, assistant):
    quote_send(quote=quote, actor=assistant)
    Quote.objects.filter(pk=quote.pk).update(valid_until=timezone.localdate() - datetime.timedelta(days=1))

    with pytest.raises(DomainError, match="expired"):
        quote_accept(token=quote_link_token(quote), name="Jan")


def test_a_revoked_link_is_refused(quote, assistant):
    quote_send(quote=quote, actor=assistant)
    quote_link_revoke(quote=quote, actor=assistant)

    with pytest.raises(DomainError, match="withdrawn"):
        quote_accept(token=quote_link_token(quote), name="Jan")


def test_the_link_of_an_older_revision_no_longer_accepts(quote, assistant):
    quote_send(quote=quote, actor=assistant)
    old_token = quote_link_token(quote)
    quote_revise(quote=quote, actor=assistant)
    quote_send(quote=quote, actor=assistant)

    with pytest.raises(DomainError, match="replaced by a newer version"):
        quote_accept(token=old_token, name="Jan")
    quote_accept(token=quote_link_token(quote), name="Jan")


def test_the_daily_run_expires_sent_quotes_past_their_date(quote, assistant):
    quote_send(quote=quote, actor=assistant)
    today = quote.valid_until + datetime.timedelta(days=1)

    assert quotes_expire(today=quote.valid_until) == 0
    assert quotes_expire(today=today) == 1
    assert quotes_expire(today=today) == 0
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.EXPIRED


def test_an_expired_quote_revised_gets_a_new_validity(quote, assistant):
    quote_send(quote=quote, actor=assistant)
    quotes_expire(today=quote.valid_until + datetime.timedelta(days=1))
    Quote.objects.filter(pk=quote.pk).update(valid_until=timezone.localdate() - datetime.timedelta(days=2))
    quote.refresh_from_db()

    quote_revise(quote=quote, actor=assistant, reason="Customer came back")

    assert quote.revision == 2 and quote.valid_until > timezone.localdate()


def test_illegal_transitions_are_refused_clearly(quote, assistant):
    quote_cancel(quote=quote, actor=assistant, reason="Customer went elsewhere")
    with pytest.raises(TransitionNotAllowed, match="cannot go from “Cancelled” to “Draft”"):
        quote_revise(quote=quote, actor=assistant)


def test_deleting_a_line_renumbers_and_recomputes(quote, assistant, installation):
    document_line_save(document=quote, actor=assistant, product=installation, quantity="1")
    document_line_delete(document=quote, line=quote.lines.get(position=1), actor=assistant)

    quote.refresh_from_db()
    assert [line.position for line in quote.lines.all()] == [1]
    assert quote.net_total == D("95.00")


def test_the_quality_report_lists_inactive_products_still_offered(quote, oven):
    from sales.models import Product
    from sales.selectors.catalog import catalog_quality

    assert catalog_quality()["inactive_offered"] == []
    Product.objects.filter(pk=oven.pk).update(is_active=False)

    assert catalog_quality()["inactive_offered"] == [oven]


@pytest.mark.parametrize(
    ("language", "title", "line", "total", "terms", "validity"),
    [
        ("nl", "Offerte", "Heteluchtoven 60 l", "Totaal incl. btw", "Betaling binnen 30 dagen", "Geldig tot"),
        ("fr", "Offre", "Four à air chaud 60 l", "Total TVAC", "Paiement dans les 30 jours", "Valable jusqu"),
    ],
)
def test_the_quote_pdf_speaks_the_customers_language(
    customer, assistant, oven, installation, discount_limits, language, title, line, total, terms, validity
):
    customer.language = language
    customer.save()
    quote = quote_create(company=customer, actor=assistant)
    document_line_save(document=quote, actor=assistant, product=oven, quantity="2")
    document_line_save(document=quote, actor=assistant, product=installation, quantity="1")
    quote_send(quote=quote, actor=assistant)

    text = pdf_text(quote.revisions.get().pdf.read())

    assert f"{title} {quote.number}" in text and "Bakkerij Peeters BV" in text and "BE0417497106" in text
    assert line in text and "OVEN-60" in text and "SRV-INST" in text
    # 2 × 1.200,00 + 95,00 = 2.495,00; VAT 21 % = 523,95; 3.018,95 incl. VAT
    assert "2.495,00 €" in text and "523,95 €" in text and total in text and "3.018,95 €" in text
    assert terms in text and validity in text and quote.valid_until.strftime("%d/%m/%Y") in text
    assert "Vandenbroucke Technics" in text and "BE0403170701" in text  # the sender's legal mentions
