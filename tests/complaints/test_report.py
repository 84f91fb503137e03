"""The complaints report through its page: the complaints per supplier of the concerned products, and the CSV
export with its columns. The manager reads Dutch (their profile): the page and the CSV are in Dutch."""

import csv
import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints.models import RootCause
from complaints.services import (
    complaint_answer,
    complaint_assess,
    complaint_close,
    complaint_propose,
    complaint_register,
)
from sales.services.deliveries import delivery_create
from sales.services.lines import document_line_save
from sales.services.orders import order_confirm, order_create
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db
REPORT = reverse("complaints:complaint-report")


def delivered(customer, actor, *lines):
    """A confirmed order of (product, quantity) lines, delivered in full: {product sku: delivery line}."""
    order = order_create(company=customer, contact=customer.contacts.first(), actor=actor)
    for product, quantity in lines:
        document_line_save(document=order, actor=actor, product=product, quantity=quantity)
    order_confirm(order=order, actor=actor)
    note = delivery_create(order=order, actor=actor, quantities={line.pk: line.quantity for line in order.lines.all()})
    return {line.order_line.sku: line for line in note.lines.select_related("order_line")}


def table_after(page: str, heading: str) -> list[tuple[str, str]]:
    """The (label, count) rows of the report table under a heading."""
    table = page.split(f'<h2 class="h6">{heading}</h2>', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<tr><td>([^<]*)</td><td class="money">(\d+)</td></tr>', table)


def test_the_report_counts_complaints_per_supplier_of_the_concerned_products(
    client, manager, assistant, customer, oven
):
    mixer = ProductFactory(sku="MIX-20", name_nl="Planetaire menger 20 l", supplier="Hobart Belgium",
                           on_hand=Decimal("10"))  # fmt: skip
    scale = ProductFactory(sku="WEEG-5", name_nl="Weegschaal 5 kg", supplier="", on_hand=Decimal("10"))
    first = delivered(customer, assistant, (oven, "2"), (mixer, "1"), (scale, "1"))
    second = delivered(customer, assistant, (oven, "1"), (mixer, "1"))
    now = timezone.now()

    def complaint(*lines, received_at=now):
        return complaint_register(company=customer, actor=assistant, category="defect", severity="low",
                                  description="Defect", received_at=received_at,
                                  delivery_lines={line.pk: "1" for line in lines})  # fmt: skip

    # An oven of each delivery and a mixer in one complaint: it counts once for each supplier.
    complaint(first["OVEN-60"], second["OVEN-60"], first["MIX-20"])
    complaint(first["OVEN-60"])
    complaint(second["OVEN-60"])
    complaint(second["MIX-20"])
    complaint(first["WEEG-5"])  # a product without supplier: in no supplier's row
    complaint()  # no concerned line
    complaint(first["MIX-20"], received_at=now - datetime.timedelta(days=400))  # before the period
    client.force_login(manager)

    since = (now - datetime.timedelta(days=30)).date()
    page = client.get(REPORT, {"from": since.isoformat(), "to": timezone.localdate().isoformat()}).content.decode()

    assert table_after(page, "Per leverancier") == [("Unox Benelux", "3"), ("Hobart Belgium", "2")]
    assert '<div class="small text-muted">Klachten</div><div class="fs-5">6</div>' in page


def test_the_csv_export_has_one_row_per_complaint_with_these_columns(client, manager, assistant, b2b_customer, oven):
    from sales.services.invoicing import invoice_draft_for_order, invoice_issue

    order = order_create(company=b2b_customer, contact=b2b_customer.contacts.first(), actor=assistant)
    document_line_save(document=order, actor=assistant, product=oven, quantity="2")
    order_confirm(order=order, actor=assistant)
    delivery_create(order=order, actor=assistant, quantities={order.lines.get().pk: "2"})
    order.refresh_from_db()
    invoice = invoice_issue(invoice=invoice_draft_for_order(order=order, actor=assistant), actor=assistant)
    received = timezone.make_aware(datetime.datetime(2026, 9, 14, 9, 30))
    handled = complaint_register(company=b2b_customer, actor=assistant, category="damaged", severity="normal",
                                 description="Deur ingedeukt", received_at=received,
                                 invoice_lines={invoice.lines.get().pk: "1"})  # fmt: skip
    handled = complaint_assess(complaint=handled, actor=assistant, justified=True, justification="Foto",
                               root_cause=RootCause.objects.get(name_en="Supplier defect"))  # fmt: skip
    handled = complaint_propose(complaint=handled, actor=assistant, procedure="credit_note", proposal="200 terug",
                                credit_amount=Decimal("200"))  # fmt: skip
    handled = complaint_answer(complaint=handled, actor=assistant, accepted=True)
    handled = complaint_close(complaint=handled, actor=assistant, outcome="Creditnota aanvaard", satisfaction=4)
    waiting = complaint_register(company=b2b_customer, actor=assistant, category="late_delivery", severity="high",
                                 description="Te laat", received_at=received + datetime.timedelta(hours=2))  # fmt: skip
    client.force_login(manager)

    response = client.get(REPORT, {"from": "2026-09-01", "to": "2026-09-30", "format": "csv"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="complaints-2026-09-01-2026-09-30.csv"'
    rows = list(csv.reader(response.content.decode("utf-8-sig").splitlines(), delimiter=";"))
    assistant_name = assistant.get_full_name()
    assert rows == [
        ["Nummer", "Ontvangen", "Klant", "Categorie", "Ernst", "Status", "Gegrond", "Grondoorzaak", "Oplossing",
         "Creditnota", "Behandeld door", "Opgelost"],
        [handled.number, "2026-09-14 09:30", "Bakkerij Peeters", "Beschadigd", "Normaal", "Afgesloten", "ja",
         "Defect bij de leverancier", "Creditnota", handled.credit_note.number, assistant_name,
         timezone.localdate().isoformat()],
        [waiting.number, "2026-09-14 11:30", "Bakkerij Peeters", "Late levering", "Hoog", "Nieuw", "", "", "", "",
         assistant_name, ""],
    ]  # fmt: skip
