"""The delivery note mail: delivered from the order's page, the customer receives the note and, attached, the
documents of the delivered products (manuals, datasheets) in their language or without a language."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse

from orderdesk.models import OutboxMessage
from orderdesk.numbers import format_number
from sales.services.lines import document_line_save
from sales.services.orders import order_confirm, order_create
from tests.factories import ProductFactory
from tests.pdf_tools import pdf_text

pytestmark = pytest.mark.django_db

MANUAL_NL = b"%PDF-1.4 handleiding oven"
MANUAL_FR = b"%PDF-1.4 mode d'emploi four"
DATASHEET = b"%PDF-1.4 datasheet oven"


@pytest.fixture
def documented_oven(oven, manager):
    """The oven with a Dutch manual, a French one and a datasheet for every language, uploaded as a manager does."""
    from sales.services.catalog import product_document_add

    for title, language, name, content in (
        ("Handleiding", "nl", "handleiding-oven-60.pdf", MANUAL_NL),
        ("Mode d'emploi", "fr", "mode-emploi-four-60.pdf", MANUAL_FR),
        ("Datasheet", "", "datasheet-oven-60.pdf", DATASHEET),
    ):
        product_document_add(
            product=oven, title=title, language=language, file=ContentFile(content, name=name), actor=manager
        )
    return oven


@pytest.mark.parametrize(
    ("language", "subject", "manual", "usage"),
    [
        ("nl", "Leveringsbon {note} voor uw bestelling {order}", ("handleiding-oven-60.pdf", MANUAL_NL),
         "Voorverwarmen op 180 °C."),
        ("fr", "Bon de livraison {note} pour votre commande {order}", ("mode-emploi-four-60.pdf", MANUAL_FR),
         "Préchauffer à 180 °C."),
    ],
)  # fmt: skip
def test_the_delivery_mail_carries_the_note_and_the_product_documents_in_the_customers_language(
    client, assistant, customer, documented_oven, installation, language, subject, manual, usage,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    customer.language = language
    customer.save()
    # A product without documents, and the oven on two lines: its documents are attached once.
    bowl = ProductFactory(sku="BAK-1", name_nl="Bakplaat", on_hand=Decimal("10"))
    order = order_create(company=customer, contact=customer.contacts.get(), actor=assistant)
    for product, quantity in ((documented_oven, "1"), (bowl, "2"), (documented_oven, "1")):
        document_line_save(document=order, actor=assistant, product=product, quantity=quantity)
    order_confirm(order=order, actor=assistant)
    client.force_login(assistant)

    with django_capture_on_commit_callbacks(execute=True):
        typed = {f"line-{line.pk}": format_number(line.quantity) for line in order.lines.all()}  # 1, not 1.000
        response = client.post(reverse("sales:delivery-create", args=[order.pk]), typed)

    assert response.status_code == 302
    note = order.deliveries.get()
    outbox = OutboxMessage.objects.get(object_id=note.pk, content_type__model="deliverynote")
    assert outbox.to == ["jan@bakkerij-peeters.be"] and outbox.language == language
    assert outbox.subject == subject.format(note=note.number, order=order.number)
    # What the customer receives: the note, the manual in their language and the datasheet; nothing else.
    [sent] = mail.outbox
    assert sent.to == ["jan@bakkerij-peeters.be"] and sent.subject == outbox.subject
    attachments = {name: (content, mimetype) for name, content, mimetype in sent.attachments}
    assert set(attachments) == {f"{note.number}.pdf", manual[0], "datasheet-oven-60.pdf"}
    assert attachments[manual[0]] == (manual[1], "application/pdf")
    assert attachments["datasheet-oven-60.pdf"] == (DATASHEET, "application/pdf")
    note_text = pdf_text(attachments[f"{note.number}.pdf"][0])
    assert note.number in note_text and usage in note_text  # the usage instructions in the customer's language
