"""Demo complaints for `seed_demo`, after the invoices and collections: one in every state, several categories,
severities and outcomes, each written through the services (numbers, deadlines, acknowledgements, history,
disputed invoices, the credit note and the replacement order they create).

- Northsea Facility Services (en): a delivery late, the line stands still; new, high severity, not answered yet.
- Bytewise IT (nl): two LED panels flicker; assessed, justified, a supplier defect asked to the supplier.
- Van der Meer (nl): a whole pallet damaged in transport, they want everything credited; escalated.
- Schneider Haustechnik (en): a wrong item; a commercial gesture proposed.
- Transports Gilson (fr): contests the pallet-truck repair; not justified, the rejection refused.
- Maçonnerie Lefebvre (fr): a second demolition hammer damaged; a credit note accepted and closed.
- Jan Verhoeven (nl, private): his compressor stops; repaired under warranty, resolved, not closed yet.
- Elektro Wouters (nl): a combi hammer dead on arrival; the replacement at no charge accepted, on its way.

Idempotent: nothing happens once a complaint exists; a story whose customer or document is missing is skipped.
"""

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from complaints.models import Complaint, RootCause
from complaints.services import (
    complaint_answer,
    complaint_assess,
    complaint_close,
    complaint_escalate,
    complaint_propose,
    complaint_register,
    complaint_resolve,
    supplier_claim_save,
)
from orderdesk.demo import demo_users
from orderdesk.models import User
from sales.models import DeliveryLine, InvoiceLine


class _Missing(Exception):
    pass


def _cause(name_en: str) -> RootCause:
    return RootCause.objects.get(name_en=name_en)


def _invoice_line(company: str, sku: str | None) -> InvoiceLine:
    """The latest issued invoice line of the customer for the SKU (any line when None)."""
    lines = InvoiceLine.objects.filter(invoice__company__name=company, invoice__kind="invoice")
    line = (
        (lines.filter(sku=sku) if sku else lines)
        .exclude(invoice__status="draft")
        .order_by("-invoice__issue_date")
        .first()
    )
    if line is None:
        raise _Missing(f"{company} {sku}")
    return line


def _delivery_line(company: str, sku: str) -> DeliveryLine:
    line = (
        DeliveryLine.objects.filter(delivery__order__company__name=company, order_line__sku=sku)
        .order_by("-delivery__shipped_on")
        .first()
    )
    if line is None:
        raise _Missing(f"{company} {sku}")
    return line


def _register(people, company_name: str, days_ago: float, answered_after_hours: float | None = None, **fields):
    from customers.models import Company

    company = Company.objects.filter(name=company_name).first()
    if company is None:
        raise _Missing(company_name)
    received = timezone.now() - datetime.timedelta(days=days_ago)
    complaint = complaint_register(company=company, actor=people["assistant"], contact=company.contacts.first(),
                                   received_at=received, **fields)  # fmt: skip
    return complaint, received


def _answered(complaint: Complaint, received, hours: float) -> None:
    """The demo runs in a second: put the first answer when it happened in the story (for the report)."""
    Complaint.objects.filter(pk=complaint.pk).update(first_response_at=received + datetime.timedelta(hours=hours))


def _new(people) -> None:
    text = "The spare compressor promised for Monday has not arrived; our line stands still."
    _register(people, "Northsea Facility Services", 0.2, channel="phone", category="late_delivery", severity="high",
              description=text)  # fmt: skip


def _supplier_defect(people) -> None:
    line = _invoice_line("Bytewise IT", "LGT-2020")
    complaint, received = _register(people, "Bytewise IT", 2, channel="email", category="defect", severity="normal",
                                    description="Twee van de zes ledpanelen flikkeren sinds de installatie.",
                                    invoice_lines={line.pk: "2"})  # fmt: skip
    assistant = people["assistant"]
    complaint = complaint_assess(complaint=complaint, actor=assistant, justified=True,
                                 justification="Filmpje van de klant toont het flikkeren duidelijk.",
                                 root_cause=_cause("Supplier defect"),
                                 root_cause_detail="Driver van reeks 2026-08, gekend bij de leverancier.")  # fmt: skip
    supplier = line.product.supplier if line.product and line.product.supplier else "Ledvance"
    supplier_claim_save(complaint=complaint, actor=assistant, supplier=supplier,
                        supplier_reference="RMA-2026-3318",
                        question="Twee panelen met flikkerende driver: vervanging of creditnota?")  # fmt: skip
    _answered(complaint, received, 3)


def _escalated(people) -> None:
    line = _invoice_line("Van der Meer Installatietechniek", None)
    complaint, received = _register(people, "Van der Meer Installatietechniek", 1, channel="phone",
                                    category="damaged", severity="high",
                                    description="Pallet omgevallen bij het lossen; de klant wil alles gecrediteerd.",
                                    invoice_lines={line.pk: line.quantity})  # fmt: skip
    assistant = people["assistant"]
    complaint = complaint_assess(complaint=complaint, actor=assistant, justified=True,
                                 justification="Foto's van de chauffeur bevestigen de schade.",
                                 root_cause=_cause("Transport"))  # fmt: skip
    complaint_escalate(complaint=complaint, actor=assistant,
                       reason="Volledige creditnota gevraagd, boven mijn limiet. Transporteur aanspreken?")  # fmt: skip
    _answered(complaint, received, 1)


def _gesture(people) -> None:
    complaint, received = _register(people, "Schneider Haustechnik", 4, channel="email", category="wrong_item",
                                    severity="low",
                                    description="4 batteries of 4 Ah instead of 5 Ah; we keep them.")  # fmt: skip
    assistant = people["assistant"]
    complaint = complaint_assess(complaint=complaint, actor=assistant, justified=True,
                                 justification="Picking error confirmed by the warehouse.",
                                 root_cause=_cause("Picking error"))  # fmt: skip
    complaint_propose(complaint=complaint, actor=assistant, procedure="gesture", credit_amount=Decimal("60.00"),
                      proposal="A discount of EUR 60 on your next order for the difference in capacity.")  # fmt: skip
    _answered(complaint, received, 5)


def _refused(people) -> None:
    complaint, received = _register(people, "Transports Gilson", 20, channel="phone", category="service",
                                    severity="normal",
                                    description="Un des deux transpalettes réparés tombe encore en panne.")  # fmt: skip
    assistant = people["assistant"]
    complaint = complaint_assess(complaint=complaint, actor=assistant, justified=False,
                                 justification="Le technicien a constaté une batterie en fin de vie, hors réparation.",
                                 root_cause=_cause("Misuse by the customer"))  # fmt: skip
    complaint = complaint_propose(complaint=complaint, actor=assistant, procedure="rejection",
                                  proposal="Réparation conforme ; voici un devis pour une batterie.")  # fmt: skip
    complaint_answer(complaint=complaint, actor=assistant, accepted=False, note="Le client maintient sa contestation.")
    _answered(complaint, received, 20)


def _credit_note(people) -> None:
    line = _invoice_line("Maçonnerie Lefebvre", "PWT-2410")
    complaint, received = _register(people, "Maçonnerie Lefebvre", 15, channel="email", category="damaged",
                                    severity="normal", description="Le carter du burineur est fendu à la livraison.",
                                    invoice_lines={line.pk: "1"})  # fmt: skip
    assistant = people["assistant"]
    complaint = complaint_assess(complaint=complaint, actor=assistant, justified=True,
                                 justification="Photos reçues, emballage intact : défaut de fabrication.",
                                 root_cause=_cause("Supplier defect"))  # fmt: skip
    complaint = complaint_propose(complaint=complaint, actor=assistant, procedure="credit_note",
                                  proposal="Une note de crédit pour la moitié du prix ; vous gardez l'appareil.",
                                  credit_amount=(line.net_amount / 2).quantize(Decimal("0.01")))  # fmt: skip
    complaint = complaint_answer(complaint=complaint, actor=assistant, accepted=True, note="Accord par e-mail.")
    complaint_close(complaint=complaint, actor=assistant, outcome="Note de crédit émise ; client satisfait.",
                    satisfaction=4)  # fmt: skip
    _answered(complaint, received, 6)
    Complaint.objects.filter(pk=complaint.pk).update(resolved_at=received + datetime.timedelta(days=3))


def _replacement(people) -> None:
    line = _delivery_line("Elektro Wouters", "PWT-2315")
    complaint, received = _register(people, "Elektro Wouters", 0.5, channel="phone", category="defect",
                                    severity="high", description="Combihamer start niet bij het uitpakken.",
                                    delivery_lines={line.pk: "1"})  # fmt: skip
    assistant = people["assistant"]
    complaint = complaint_assess(complaint=complaint, actor=assistant, justified=True,
                                 justification="Dood bij aankomst, onder garantie.",
                                 root_cause=_cause("Supplier defect"))  # fmt: skip
    complaint = complaint_propose(complaint=complaint, actor=assistant, procedure="replacement",
                                  proposal="Een nieuwe combihamer morgen, de defecte nemen we mee.")  # fmt: skip
    complaint_answer(complaint=complaint, actor=assistant, accepted=True, note="Graag morgen voor 10 uur.")
    _answered(complaint, received, 1)


def _repaired(people) -> None:
    line = _invoice_line("Jan Verhoeven", "CMP-2400")
    complaint, received = _register(people, "Jan Verhoeven", 9, channel="phone", category="defect",
                                    severity="normal", description="Compressor slaat af na tien minuten.",
                                    invoice_lines={line.pk: "1"})  # fmt: skip
    assistant = people["assistant"]
    complaint = complaint_assess(complaint=complaint, actor=assistant, justified=True,
                                 justification="Drukschakelaar defect, onder garantie.",
                                 root_cause=_cause("Supplier defect"))  # fmt: skip
    complaint = complaint_propose(complaint=complaint, actor=assistant, procedure="repair",
                                  proposal="We vervangen de drukschakelaar bij u thuis, kosteloos.")  # fmt: skip
    complaint = complaint_answer(complaint=complaint, actor=assistant, accepted=True)
    complaint_resolve(complaint=complaint, actor=assistant, outcome="Drukschakelaar vervangen op de werf.")
    _answered(complaint, received, 2)


STORIES: tuple[Callable[[dict], None], ...] = (
    _refused, _credit_note, _repaired, _gesture, _supplier_defect, _escalated, _replacement, _new,
)  # fmt: skip


def seed_complaints(users: Iterable[User] | None = None) -> list[str]:
    if Complaint.objects.exists():
        return []
    people = demo_users(users)
    left_out = []
    for story in STORIES:
        try:
            with transaction.atomic():
                story(people)
        except _Missing as missing:
            left_out.append(f"{story.__name__.lstrip('_')}: {missing} is missing")
    return left_out
