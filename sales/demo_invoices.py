"""Demo invoices and credit notes for `seed_demo`, after the sales documents (`sales.demo_documents`).

Issued invoices for every VAT regime (Belgian, intra-EU, export, reverse charge for a contractor, private person)
and in every language; four overdue (one of a private person); one credited in full and one in part (a credit
note by lines); the
delivered order of Van der Meer invoiced, so the chain order → delivery note → invoice shows and the order is
Invoiced; one more order delivered today whose invoice is still a draft for accounting to check. Accounting
(Els) writes and issues them through the services, so each issued document has its number, OGM, frozen parties,
archived PDF and UBL, its e-mail in the outbox and, for Belgian companies, its Peppol transmission.

Issue dates lie in the past (120 days ago up to today). Numbers must never go back in time against dates, so the
stories run oldest first, each series on its own: invoices F…, credit notes C…. Thirteen documents are issued, so
thirteen invoice PDFs are rendered.

Idempotent as a whole: when any invoice exists, nothing happens. A story whose customer, product or order is
missing (renamed or removed since) is left out, and named in what `seed_invoices` returns. The one customer the
other demos lack, a Belgian contractor under reverse charge, is created here (by name, once).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from customers.demo import BOUW
from customers.models import Company, Contact, ContactRole, Tag, VatRegime
from customers.services.companies import company_create
from customers.services.contacts import contact_save
from orderdesk.demo import demo_users
from orderdesk.models import User
from sales.demo_documents import Desk, Line, MissingDemoData, _confirm, _order
from sales.models import Invoice, Order
from sales.services.approvals import document_approve
from sales.services.deliveries import delivery_create, delivery_mark_delivered
from sales.services.invoicing import (
    credit_note_create,
    invoice_draft_for_order,
    invoice_free_create,
    invoice_issue,
    invoice_update,
)
from sales.services.lines import document_line_save
from sales.states import OrderStatus

# A line typed without a product: description, quantity, unit price excl. VAT, VAT rate (%).
FreeLine = tuple[str, str, str, str]

# Royal Decree no. 20, table A, XXXI: the mention a 6 % invoice for works on an older private home must carry.
RENOVATION_6_PERCENT_NL = (
    "Btw-tarief: Bij gebrek aan schriftelijke betwisting binnen een termijn van één maand vanaf de ontvangst van "
    "de factuur, wordt de klant geacht te erkennen dat (1) de werken worden verricht aan een woning waarvan de "
    "eerste ingebruikneming heeft plaatsgevonden in een kalenderjaar dat ten minste tien jaar voorafgaat aan de "
    "datum van de eerste factuur met betrekking tot die werken, (2) de woning, na uitvoering van die werken, "
    "uitsluitend of hoofdzakelijk als privéwoning wordt gebruikt en (3) de werken worden verstrekt en "
    "gefactureerd aan een eindverbruiker. Wanneer minstens één van die voorwaarden niet is voldaan, zal het "
    "normale btw-tarief van 21 % van toepassing zijn en is de afnemer ten aanzien van die voorwaarden "
    "verantwoordelijk voor de betaling van de verschuldigde belasting, interesten en geldboeten."
)


@dataclass(frozen=True)
class Contractor:
    """The Belgian contractor for works on immovable property under reverse charge (VAT Code art. 51 §2 5°)."""

    name: str = "Bouwonderneming Lievens"
    legal_form: str = "BV"
    enterprise_number: str = "0742531832"  # 07425318 + 97 − 07425318 mod 97
    street: str = "Dendermondsesteenweg 182"
    postal_code: str = "9300"
    city: str = "Aalst"
    phone: str = "+32 53 71 24 60"
    domain: str = "bouw-lievens.be"
    contact: tuple[str, str, str] = ("Pieter", "Lievens", "Zaakvoerder")


CONTRACTOR = Contractor()


def _contractor(desk: Desk) -> Company:
    """The contractor of the reverse-charge story: found by name or enterprise number, else created once."""
    existing = (
        Company.objects.filter(name=CONTRACTOR.name).first()
        or Company.objects.filter(enterprise_number=CONTRACTOR.enterprise_number).first()
    )
    if existing is not None:
        return existing
    owner = desk.people["assistant"]
    company = Company(
        kind=Company.Kind.CUSTOMER,
        name=CONTRACTOR.name,
        legal_form=CONTRACTOR.legal_form,
        enterprise_number=CONTRACTOR.enterprise_number,
        vat_number=f"BE{CONTRACTOR.enterprise_number}",
        vat_regime=VatRegime.REVERSE_CHARGE,
        language="nl",
        street=CONTRACTOR.street,
        postal_code=CONTRACTOR.postal_code,
        city=CONTRACTOR.city,
        country="BE",
        phone=CONTRACTOR.phone,
        email=f"info@{CONTRACTOR.domain}",
        invoice_email=f"boekhouding@{CONTRACTOR.domain}",
        website=f"https://www.{CONTRACTOR.domain}",
        payment_days=30,
        credit_limit=Decimal(15000),
        owner=owner,
        source=Company.Source.REFERRAL,
        source_detail="Aanbevolen door Bouwbedrijf Verstraete & Zonen",
        notes="Geregistreerd aannemer: werken in onroerende staat met verlegging van heffing (art. 51 §2 5° "
        "W.Btw). Vermeld altijd de werf op de factuur.",
    )
    tags = [Tag.objects.get_or_create(name=BOUW)[0]]
    company = company_create(company=company, actor=owner, tags=tags, confirm_similar=True)
    first_name, last_name, job_title = CONTRACTOR.contact
    contact_save(
        contact=Contact(
            company=company,
            first_name=first_name,
            last_name=last_name,
            job_title=job_title,
            email=f"pieter@{CONTRACTOR.domain}",
            mobile="+32 477 31 52 08",
            language="nl",
            preferred_channel="phone",
        ),
        roles=(ContactRole.Role.DECISION_MAKER,),
        actor=owner,
    )
    return company


# --- helpers -------------------------------------------------------------------------------------------------------


def _draft(
    desk: Desk, company: Company, lines: Iterable[Line] = (), free_lines: Iterable[FreeLine] = (), **header
) -> Invoice:
    """A free invoice as accounting types it: products from the catalog and lines without a product."""
    actor = desk.people["accounting"]
    products = [(desk.product(sku), quantity, discount) for sku, quantity, discount in lines]
    invoice = invoice_free_create(company=company, actor=actor)
    invoice = invoice_update(invoice=invoice, actor=actor, contact=company.contacts.order_by("pk").first(), **header)
    for product, quantity, discount in products:
        document_line_save(document=invoice, actor=actor, product=product, quantity=quantity, discount_percent=discount)
    for description, quantity, unit_price, vat_rate in free_lines:
        document_line_save(
            document=invoice,
            actor=actor,
            description=description,
            quantity=quantity,
            unit_price=unit_price,
            vat_rate=vat_rate,
        )
    return invoice


def _issue(desk: Desk, invoice: Invoice, *, days_ago: int) -> Invoice:
    invoice = invoice_issue(invoice=invoice, actor=desk.people["accounting"], today=desk.days(-days_ago))
    if invoice.approval_pending:  # a promotion's price beyond accounting's authority: the manager approves it
        document_approve(document=invoice, actor=desk.people["manager"])
        invoice = invoice_issue(invoice=invoice, actor=desk.people["accounting"], today=desk.days(-days_ago))
    return invoice


def _credit(desk: Desk, invoice: Invoice, *, days_ago: int, reason: str, quantities=None) -> Invoice:
    note = credit_note_create(invoice=invoice, actor=desk.people["accounting"], reason=reason, quantities=quantities)
    return _issue(desk, note, days_ago=days_ago)


# --- the stories, oldest first -------------------------------------------------------------------------------------


def _overdue_logistics(desk: Desk) -> None:
    """Transports Gilson (fr): two invoices long overdue, 120 and 75 days old; accounting holds their credit."""
    company = desk.company("Transports Gilson")
    first = _draft(
        desk,
        company,
        [("PPE-6010", "20", "0"), ("PPE-1010", "20", "0"), ("PPE-6020", "40", "0")],
        customer_reference="Commande 2026-031",
    )
    _issue(desk, first, days_ago=120)
    second = _draft(
        desk,
        company,
        [("PPE-3010", "24", "0"), ("PPE-4010", "4", "0")],
        free_lines=[("Réparation de deux transpalettes électriques (pièces et main-d'œuvre)", "1", "386.00", "21")],
        customer_reference="Commande 2026-038",
    )
    _issue(desk, second, days_ago=75)


def _private_overdue(desk: Desk) -> None:
    """Jan Verhoeven (nl), a private person: the repair of his pressure washer, 70 days ago, still unpaid: a
    consumer reminder (book XIX: the first one free) is due."""
    invoice = _draft(
        desk,
        desk.company("Jan Verhoeven"),
        free_lines=[("Herstelling hogedrukreiniger: pomp en drukregelaar vervangen", "1", "145.00", "21")],
    )
    _issue(desk, invoice, days_ago=70)


def _credited_in_full(desk: Desk) -> None:
    """Schneider Haustechnik (en, DE, intra-EU): ordered twice by mistake; the second invoice is credited in
    full five days later."""
    company = desk.company("Schneider Haustechnik")
    invoice = _draft(
        desk,
        company,
        [("PWT-1810", "4", "0"), ("PWT-1890", "4", "0"), ("PWT-2410", "1", "0")],
        customer_reference="BE-2026-0417",
    )
    invoice = _issue(desk, invoice, days_ago=60)
    _credit(
        desk,
        invoice,
        days_ago=55,
        reason="Your purchase order BE-2026-0417 was sent twice by mistake; the goods came back unopened. "
        "This invoice is credited in full.",
    )


def _overdue_export(desk: Desk) -> None:
    """Alpenwerk Technik (en, Switzerland): an export invoice 45 days old, 15 days past due; hence prepayment."""
    invoice = _draft(
        desk,
        desk.company("Alpenwerk Technik"),
        [("PWT-2320", "2", "0"), ("PWT-2315", "3", "0"), ("PPE-2010", "6", "0")],
        customer_reference="AW-PO-88213",
        notes="Delivery DAP Basel; export documents (EX-A) with the shipment.",
    )
    _issue(desk, invoice, days_ago=45)


def _partly_credited(desk: Desk) -> None:
    """Maçonnerie Lefebvre (fr, France, intra-EU): one demolition hammer of two arrived with a cracked housing
    and went back; a credit note for that line ten days after the invoice. The rest is still to pay."""
    invoice = _draft(
        desk,
        desk.company("Maçonnerie Lefebvre"),
        [("PWT-2320", "2", "0"), ("PWT-2410", "1", "0"), ("PPE-2010", "4", "0")],
        customer_reference="BC 2026-117",
    )
    invoice = _issue(desk, invoice, days_ago=30)
    hammer = invoice.lines.get(sku="PWT-2320")
    _credit(
        desk,
        invoice,
        days_ago=20,
        reason="Un marteau-piqueur livré avec un carter fissuré nous a été retourné (bon de retour R-2026-044).",
        quantities={hammer.pk: "1"},
    )


def _reverse_charge(desk: Desk) -> None:
    """Bouwonderneming Lievens (nl), a registered contractor: LED lighting installed in an office building they
    renovate, so the VAT is reverse-charged (art. 51 §2 5°). Sent over Peppol."""
    invoice = _draft(
        desk,
        _contractor(desk),
        [("LGT-3010", "16", "0"), ("LGT-3020", "16", "0"), ("SRV-3000", "12", "0")],
        customer_reference="Werf Kantoren Hopmarkt Aalst",
        notes="Werf: renovatie kantoorgebouw Hopmarkt 14, 9300 Aalst.",
    )
    _issue(desk, invoice, days_ago=25)


GARAGE_WORKS = "Aanleg persluchtleiding met twee wandaansluitingen in de garage van de woning, Bleekstraat 14"


def _private_person(desk: Desk) -> None:
    """Jan Verhoeven (nl), a private person: a compressor at 21 % and the compressed-air line fitted in the
    garage of his house (older than ten years) at 6 %, with the legal mention."""
    invoice = _draft(
        desk,
        desk.company("Jan Verhoeven"),
        [("CMP-2400", "1", "0")],
        free_lines=[(GARAGE_WORKS, "4", "68.00", "6")],
        notes=RENOVATION_6_PERCENT_NL,
    )
    _issue(desk, invoice, days_ago=12)


def _service_visit(desk: Desk) -> None:
    """Northsea Facility Services (en, Belgium): a compressor service with parts; sent over Peppol."""
    invoice = _draft(
        desk,
        desk.company("Northsea Facility Services"),
        [("SRV-1010", "3", "0"), ("CMP-5020", "1", "0"), ("CMP-7010", "2", "0")],
        customer_reference="NFS-WO-5521",
    )
    _issue(desk, invoice, days_ago=10)


def _counter_sale(desk: Desk) -> None:
    """Bytewise IT (nl, Belgium): LED lighting for their new storeroom, collected at the counter three days ago."""
    invoice = _draft(desk, desk.company("Bytewise IT"), [("LGT-2020", "6", "0"), ("LGT-4010", "2", "0")])
    _issue(desk, invoice, days_ago=3)


def _delivered_order_invoiced(desk: Desk) -> None:
    """Van der Meer Installatietechniek (nl, Netherlands): the order delivered in full today is invoiced today,
    so the order moves to Invoiced."""
    company = desk.company("Van der Meer Installatietechniek")
    order = Order.objects.filter(company=company, status=OrderStatus.DELIVERED).order_by("pk").first()
    if order is None:
        raise MissingDemoData(f"a delivered order of {company.name}")
    draft = invoice_draft_for_order(order=order, actor=desk.people["accounting"])
    invoice = _issue(desk, draft, days_ago=0)
    order.refresh_from_db()
    if order.status != OrderStatus.INVOICED:
        raise RuntimeError(f"Demo order {order.number} is {order.status} after {invoice.number}, expected invoiced")


def _draft_for_delivered_order(desk: Desk) -> None:
    """Elektro Wouters (nl): an order delivered today; its invoice is a draft accounting has not issued yet, so
    the order stays Delivered."""
    order = _confirm(
        _order(
            desk,
            desk.company("Elektro Wouters"),
            [("PWT-2315", "2", "0"), ("PWT-2410", "1", "0"), ("PPE-2010", "4", "0")],
            customer_reference="Bestelbon EW-2026-212",
        )
    )
    note = delivery_create(
        order=order, actor=order.owner, quantities={line.pk: line.quantity for line in order.lines.all()}
    )
    delivery_mark_delivered(note=note, actor=order.owner, delivered_on=desk.today)
    draft = invoice_draft_for_order(order=order, actor=desk.people["accounting"])
    invoice_update(
        invoice=draft,
        actor=desk.people["accounting"],
        internal_notes="Vóór uitgifte nakijken: prijs van de combihamers met de vorige bestelling vergelijken.",
    )


STORIES: tuple[Callable[[Desk], None], ...] = (
    _overdue_logistics,  # F 120 and 75 days ago
    _private_overdue,  # F 70 days ago
    _credited_in_full,  # F 60, C 55 days ago
    _overdue_export,  # F 45 days ago
    _partly_credited,  # F 30, C 20 days ago
    _reverse_charge,  # F 25 days ago
    _private_person,  # F 12 days ago
    _service_visit,  # F 10 days ago
    _counter_sale,  # F 3 days ago
    _delivered_order_invoiced,  # F today
    _draft_for_delivered_order,  # a draft
)


def seed_invoices(users: Iterable[User] | None = None) -> list[str]:
    """Write the demo's invoices and credit notes, unless there are invoices already. Returns the stories left
    out."""
    if Invoice.objects.exists():
        return []
    desk = Desk(people=demo_users(users), today=timezone.localdate())
    left_out = []
    for story in STORIES:
        try:
            with transaction.atomic():
                story(desk)
        except MissingDemoData as missing:
            left_out.append(f"{story.__name__.lstrip('_')}: {missing} is missing")
    return left_out
