"""Demo sales documents for `seed_demo`: price requests, quotes, orders, delivery notes and a supplier order.

Every state a quote or an order can be in shows up at least once (Invoiced: once `sales.demo_invoices` ran), on
the demo customers and the demo catalog, in the customers' languages. Each story goes through the services as a
person would: the assistant who owns the customer writes the quote or takes the order, the manager approves,
refuses and releases, and the customer answers through the signed link. Only the expired quote needs the past:
its dates are moved back with a queryset update before the daily expiry runs.

Idempotent as a whole: when any quote exists, nothing happens. A story whose customer or product is missing
(renamed or removed since) is left out, and named in what `seed_documents` returns. About 16 documents are
sent, so about 16 PDFs are rendered and as many mails queued in the outbox. Dates are relative to today;
nothing is drawn at random.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from customers.models import Company, Contact
from orderdesk.demo import demo_users
from orderdesk.models import User
from sales.models import Order, PriceRequest, Product, Quote, QuoteRevision
from sales.services.deliveries import delivery_create, delivery_mark_delivered, supplier_order_create
from sales.services.documents import quote_link_token
from sales.services.lines import document_line_save
from sales.services.orders import order_cancel, order_confirm, order_create, order_from_quote, order_release
from sales.services.quotes import (
    price_request_create,
    quote_accept,
    quote_approve,
    quote_cancel,
    quote_create,
    quote_decline,
    quote_refuse,
    quote_revise,
    quote_send,
    quote_update,
    quotes_expire,
)
from sales.states import OrderStatus, QuoteStatus

# A line as the assistant types it: SKU, quantity, line discount (%).
Line = tuple[str, str, str]


class MissingDemoData(Exception):
    """A customer or product a story needs is not in the database: the story is left out."""


@dataclass
class Desk:
    """The sales office of the demo: its people, today, and the customers and products by name and SKU."""

    people: dict[str, User]
    today: datetime.date

    def company(self, name: str) -> Company:
        company = Company.objects.filter(name=name).select_related("owner").order_by("pk").first()
        if company is None:
            raise MissingDemoData(name)
        return company

    def product(self, sku: str) -> Product:
        product = Product.objects.filter(sku=sku, is_active=True).first()
        if product is None:
            raise MissingDemoData(sku)
        return product

    def owner(self, company: Company) -> User:
        """The assistant who follows the customer (the one of the customers demo)."""
        owner = company.owner
        if owner is not None and owner.username in ("assistant", "assistante"):
            return self.people[owner.username]
        return self.people["assistante" if company.language == "fr" else "assistant"]

    def days(self, count: int) -> datetime.date:
        return self.today + datetime.timedelta(days=count)


def _contact(company: Company) -> Contact | None:
    return company.contacts.order_by("pk").first()


def _quote(desk: Desk, company: Company, lines: Iterable[Line], *, price_request=None, introduction="") -> Quote:
    actor = desk.owner(company)
    products = [(desk.product(sku), quantity, discount) for sku, quantity, discount in lines]
    quote = quote_create(company=company, contact=_contact(company), actor=actor, price_request=price_request)
    if introduction:
        quote = quote_update(quote=quote, actor=actor, introduction=introduction)
    for product, quantity, discount in products:
        document_line_save(document=quote, actor=actor, product=product, quantity=quantity, discount_percent=discount)
    return quote


def _send(quote: Quote, *, expect: str = QuoteStatus.SENT) -> Quote:
    quote = quote_send(quote=quote, actor=quote.owner)
    if quote.status != expect:  # a price or limit in the catalog changed: the story no longer holds
        raise RuntimeError(f"Demo quote for {quote.company} is {quote.status}, expected {expect}")
    return quote


def _order(desk: Desk, company: Company, lines: Iterable[Line], **header) -> Order:
    actor = desk.owner(company)
    products = [(desk.product(sku), quantity, discount) for sku, quantity, discount in lines]
    order = order_create(company=company, contact=_contact(company), actor=actor, **header)
    for product, quantity, discount in products:
        document_line_save(document=order, actor=actor, product=product, quantity=quantity, discount_percent=discount)
    return order


def _confirm(order: Order, *, expect: str = OrderStatus.CONFIRMED) -> Order:
    order = order_confirm(order=order, actor=order.owner)
    if order.status != expect:
        raise RuntimeError(f"Demo order for {order.company} is {order.status}, expected {expect}")
    return order


# --- the stories ---------------------------------------------------------------------------------------------------


def _price_requests(desk: Desk) -> None:
    """Questions that wait for a quote: from a prospect (the hotel, the school) and from a customer."""
    requests = [
        ("Hotel Ter Duinen", PriceRequest.Channel.WEBSITE, 7,
         "LED-verlichting voor de keuken en noodverlichting in de gangen (drie verdiepingen), met plaatsing.",
         "± 30 armaturen, 20 noodlichten"),
        ("Elektro Wouters", PriceRequest.Channel.PHONE, 4,
         "Accuklopboorschroefmachines 18 V voor hun nieuwe ploeg, met een extra accu per machine.", "6 machines"),
        ("Institut Technique du Hainaut", PriceRequest.Channel.EMAIL, 14,
         "Postes à souder MIG/MAG et masques automatiques pour l'atelier de soudure (marché public).",
         "8 postes, 16 masques"),
    ]  # fmt: skip
    for name, channel, answer_in, need, quantity in requests:
        company = desk.company(name)
        price_request_create(
            company=company,
            actor=desk.owner(company),
            need=need,
            channel=channel,
            contact=_contact(company),
            quantity=quantity,
            deadline=desk.days(answer_in),
        )


def _quote_drafts(desk: Desk) -> None:
    """A draft being written for a Matexpo lead, and one the manager sent back: the discount was too high."""
    _quote(
        desk,
        desk.company("Schrijnwerkerij Goossens"),
        [("PWT-1810", "2", "0"), ("PWT-1840", "1", "0"), ("PWT-1890", "2", "0")],
    )

    refused = _quote(
        desk, desk.company("Bouwbedrijf Verstraete & Zonen"), [("PWT-2320", "3", "22"), ("PWT-2410", "1", "0")]
    )
    refused = _send(refused, expect=QuoteStatus.AWAITING_APPROVAL)
    quote_refuse(
        quote=refused,
        actor=desk.people["manager"],
        comment="Max. 15 % op de breekhamers: het raamcontract geeft hen al betere prijzen op de rest.",
    )


def _quotes_for_approval(desk: Desk) -> None:
    """Discounts beyond the assistant's limit: one waits for the manager, one is approved and ready to go."""
    waiting = _quote(desk, desk.company("Brouwerij De Kromme Haan"), [("LGT-2020", "10", "15"), ("SRV-3000", "6", "0")])
    _send(waiting, expect=QuoteStatus.AWAITING_APPROVAL)

    # 12 % on top of the volume price of 40 pieces (89,00): beyond the assistant's 10 %.
    approved = _quote(desk, desk.company("Ziekenhuis Scheldeland"), [("LGT-3010", "40", "12"), ("SRV-3000", "16", "0")])
    approved = _send(approved, expect=QuoteStatus.AWAITING_APPROVAL)
    quote_approve(
        quote=approved,
        actor=desk.people["manager"],
        comment="Akkoord: volumeprijs binnen het raamcontract van de technische dienst.",
    )


def _quotes_answered(desk: Desk) -> None:
    """Sent and waiting for an answer; accepted through the link; declined through the link, with the reason."""
    _send(
        _quote(desk, desk.company("Polyclinique du Val de Sambre"), [("PWT-2410", "2", "0"), ("PPE-5010", "10", "0")])
    )

    accepted = _send(
        _quote(
            desk,
            desk.company("Transport Wuyts Logistics"),
            [("PPE-6010", "25", "0"), ("PPE-6020", "25", "0"), ("PPE-1010", "25", "5")],
        )
    )
    contact = accepted.contact
    quote_accept(
        token=quote_link_token(accepted),
        name=contact.full_name if contact else "Wuyts",
        customer_reference="PO-WL-2026-118",
    )

    declined = _send(
        _quote(
            desk,
            desk.company("Imprimerie Delvaux"),
            [("CMP-3050", "1", "0"), ("CMP-5030", "40", "0"), ("SRV-1000", "8", "0")],
        )
    )
    quote_decline(
        token=quote_link_token(declined),
        reason="Nous avons trouvé un compresseur à vis d'occasion, révisé, pour la moitié du prix.",
    )


def _quote_expired(desk: Desk) -> None:
    """Sent five weeks ago and never answered: the daily expiry closed it."""
    quote = _send(
        _quote(
            desk,
            desk.company("Drukkerij Vanhoutte"),
            [("CMP-2410", "1", "0"), ("CMP-7010", "2", "0"), ("SRV-1000", "6", "0")],
        )
    )
    sent_at = timezone.now() - datetime.timedelta(days=35)
    # The one step no service can take: the past. The quote was sent 35 days ago, valid for 30.
    Quote.objects.filter(pk=quote.pk).update(sent_at=sent_at, valid_until=desk.days(-5))
    QuoteRevision.objects.filter(quote=quote).update(sent_at=sent_at)
    quotes_expire(today=desk.today)


def _quote_cancelled(desk: Desk) -> None:
    quote = _send(
        _quote(desk, desk.company("Northsea Facility Services"), [("PWT-2410", "1", "0"), ("PWT-2315", "2", "0")])
    )
    quote_cancel(quote=quote, actor=quote.owner, reason="Customer postponed the renovation of their workshop to 2027.")


def _quote_revised(desk: Desk) -> None:
    """Three sent revisions: the customer asked for a third machine, then for a better price and a regulator each."""
    company = desk.company("Kieffer Constructions")
    regulator = desk.product("WLD-5030")
    quote = _send(_quote(desk, company, [("WLD-2000", "2", "0"), ("WLD-5010", "60", "0"), ("WLD-6010", "2", "0")]))
    actor = quote.owner
    welder = quote.lines.get(sku="WLD-2000")

    quote = quote_revise(quote=quote, actor=actor, reason="Le client souhaite un troisième poste.")
    document_line_save(document=quote, actor=actor, line=welder, product=welder.product, quantity="3")
    quote = _send(quote)

    quote = quote_revise(quote=quote, actor=actor, reason="Négociation : remise sur les postes, détendeurs en plus.")
    welder.refresh_from_db()
    document_line_save(
        document=quote, actor=actor, line=welder, product=welder.product, quantity="3", discount_percent="5"
    )
    document_line_save(document=quote, actor=actor, product=regulator, quantity="3")
    _send(quote)


def _order_from_price_request(desk: Desk) -> None:
    """The whole chain: a price request becomes a quote, accepted through the link, ordered and confirmed. The
    cordless saws are out of stock: a backorder, covered by a supplier order that has not arrived yet."""
    company = desk.company("Construction Dumont")
    saw = desk.product("PWT-1840")
    request = price_request_create(
        company=company,
        actor=desk.owner(company),
        channel=PriceRequest.Channel.VISIT,
        contact=_contact(company),
        need="Compresseur de chantier et outillage sans fil pour l'équipe du chantier Ville-Basse.",
        quantity="2 compresseurs, 4 perceuses, 4 scies",
        deadline=desk.days(3),
    )
    quote = _quote(
        desk,
        company,
        [("CMP-2400", "2", "0"), ("PWT-1810", "4", "0"), ("PWT-1840", "4", "0"), ("PWT-1890", "4", "0")],
        price_request=request,
        introduction="Suite à notre visite sur le chantier Ville-Basse, voici notre offre pour l'équipement de "
        "votre équipe.",
    )
    quote = _send(quote)
    contact = quote.contact
    quote_accept(
        token=quote_link_token(quote),
        name=contact.full_name if contact else "Dumont",
        customer_reference="BC-2026-0412",
    )
    order = _confirm(order_from_quote(quote=quote, actor=quote.owner))
    backordered = order.lines.get(product=saw)
    supplier_order_create(
        supplier=saw.supplier,
        actor=desk.people["assistant"],
        lines=[(saw, backordered.quantity_backordered)],
        expected_on=desk.days(10),
        notes=f"Backorder {order.number}",
    )


def _orders_waiting(desk: Desk) -> None:
    """A phone order still in draft; an order on hold (accounting holds the customer's credit); an order over the
    credit limit that the manager released."""
    _order(
        desk,
        desk.company("Bakkerij Van Damme"),
        [("PPE-3010", "2", "0"), ("LGT-4010", "1", "0")],
        internal_notes="Telefonisch besteld door de bakker; wacht op de maat van de TL-armaturen.",
    )

    _confirm(
        _order(
            desk,
            desk.company("Transports Gilson"),
            [("PPE-6010", "10", "0"), ("PPE-1010", "10", "0")],
            customer_reference="Commande 2026-044",
        ),
        expect=OrderStatus.ON_HOLD,
    )

    held = _confirm(
        _order(desk, desk.company("Slagerij Dewitte"), [("LGT-2020", "8", "0"), ("SRV-3000", "6", "0")]),
        expect=OrderStatus.ON_HOLD,
    )
    order_release(
        order=held,
        actor=desk.people["manager"],
        reason="Vaste klant sinds 2019, betaalt altijd stipt; limiet eenmalig overschreden.",
    )


def _orders_delivered(desk: Desk) -> None:
    """One order half delivered (the lamps follow), one delivered in full; both signed for."""
    partly = _confirm(
        _order(
            desk,
            desk.company("Intercommunale Leie-Schelde"),
            [("PPE-6020", "40", "0"), ("PPE-3010", "20", "0"), ("LGT-1010", "10", "0")],
            customer_reference="BB-2026/0231",
        )
    )
    lines = {line.sku: line for line in partly.lines.all()}
    note = delivery_create(
        order=partly,
        actor=partly.owner,
        quantities={lines["PPE-6020"].pk: "40", lines["PPE-3010"].pk: "20"},
        notes="De bouwlampen volgen met de volgende levering.",
    )
    delivery_mark_delivered(note=note, actor=partly.owner, delivered_on=desk.today)

    complete = _confirm(
        _order(
            desk,
            desk.company("Van der Meer Installatietechniek"),
            [("PWT-2125", "3", "0"), ("PWT-2910", "4", "0"), ("PPE-2010", "2", "0")],
        )
    )
    note = delivery_create(
        order=complete, actor=complete.owner, quantities={line.pk: line.quantity for line in complete.lines.all()}
    )
    delivery_mark_delivered(note=note, actor=complete.owner, delivered_on=desk.today)


def _order_cancelled(desk: Desk) -> None:
    order = _confirm(
        _order(
            desk,
            desk.company("Maison de Repos Les Tilleuls"),
            # Not the LGT-3020 sensors: on promotion they sell under the assistant's minimum margin (an approval).
            [("LGT-3010", "12", "0"), ("SRV-3000", "8", "0")],
        )
    )
    order_cancel(order=order, actor=order.owner, reason="La direction reporte les travaux au budget 2027.")


STORIES: tuple[Callable[[Desk], None], ...] = (
    _price_requests,
    _quote_drafts,
    _quotes_for_approval,
    _quotes_answered,
    _quote_expired,
    _quote_cancelled,
    _quote_revised,
    _order_from_price_request,
    _orders_waiting,
    _orders_delivered,
    _order_cancelled,
)


def seed_documents(users: Iterable[User] | None = None) -> list[str]:
    """Write the demo's sales documents, unless there are quotes already. Returns the stories left out."""
    if Quote.objects.exists():
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
