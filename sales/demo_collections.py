"""Demo collections for `seed_demo`, after the demo invoices (`sales.demo_invoices`).

What accounting finds on a Monday morning:
- Transports Gilson (fr, B2B): the oldest invoice got the friendly reminder, the second one with interest and
  €40, then the formal notice, each run in the past; a part of it was paid by hand; today's run proposes the
  hand-over to collections. Their second invoice is disputed (a repair they contest): no reminder.
- Alpenwerk Technik (en, export) promised on the phone to pay in five days: no reminder until then.
- Jan Verhoeven (nl, a private person): 40 days late, today's run proposes his free first reminder.
- Yesterday's CODA statement is imported: Northsea paid exactly with its OGM (paid automatically); Maçonnerie
  Lefebvre paid part with its OGM, Lievens quoted the invoice number (both to confirm); a deposit refund from a
  supplier matches nothing; the rent went out.
- A camt.053 statement of today waits in var/demo/ to be imported by hand: Bytewise IT and Jan Verhoeven's
  recent invoice with their OGM, Alpenwerk with the invoice number in the text.

Idempotent: nothing happens once a bank statement exists. Left out when an invoice it needs is missing.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from orderdesk.demo import demo_users
from orderdesk.models import CompanySettings, User
from sales.bank_builders import camt053_build, coda_build
from sales.models import BankStatement, Invoice
from sales.services.bank_import import bank_statement_import
from sales.services.payments import payment_register
from sales.services.reminders import (
    invoice_dispute_set,
    payment_promise_record,
    reminder_run_deliver,
    reminder_run_propose,
    reminder_run_send,
)

DEMO_FILES = Path(settings.BASE_DIR) / "var" / "demo"


def _invoice(company: str, *, oldest: bool = True, issued_days_ago: int | None = None) -> Invoice | None:
    invoices = Invoice.objects.filter(company__name=company, kind=Invoice.Kind.INVOICE).exclude(status="draft")
    if issued_days_ago is not None:
        invoices = invoices.filter(issue_date=timezone.localdate() - datetime.timedelta(days=issued_days_ago))
    return invoices.order_by("issue_date" if oldest else "-issue_date", "pk").first()


def _run(day: datetime.date, accounting: User) -> None:
    run = reminder_run_propose(today=day, actor=accounting)
    reminder_run_send(run=run, actor=accounting)
    reminder_run_deliver(run_id=run.pk, today=day)


def _statement_files(today: datetime.date, invoices: dict[str, Invoice]) -> tuple[bytes, bytes]:
    seller = CompanySettings.load()
    northsea, lefebvre, lievens = invoices["northsea"], invoices["lefebvre"], invoices["lievens"]
    coda = coda_build(
        account_iban=seller.iban, holder_name=seller.name, bank_bic=seller.bic or "KREDBEBB", statement_number=212,
        created_on=today - datetime.timedelta(days=1), opening_balance=Decimal("48210.37"), movements=[
            {"amount": northsea.amount_open, "structured_reference": northsea.structured_reference,
             "counterparty_name": "NORTHSEA FACILITY SERVICES NV", "counterparty_account": "BE71096123456769"},
            {"amount": Decimal("2000.00"), "structured_reference": lefebvre.structured_reference,
             "counterparty_name": "MACONNERIE LEFEBVRE SARL", "counterparty_account": "FR7630006000011234567890189"},
            {"amount": lievens.amount_open, "free_text": f"FACTUUR {lievens.number} WERF HOPMARKT",
             "counterparty_name": "BOUWONDERNEMING LIEVENS BV", "counterparty_account": "BE68539007547034"},
            {"amount": Decimal("350.00"), "free_text": "TERUGBETALING WAARBORG PALLETS 2025",
             "counterparty_name": "EURO POOL SYSTEM", "counterparty_account": "BE43068999999501"},
            {"amount": Decimal("-2450.00"), "free_text": "HUUR MAGAZIJN NOVEMBER",
             "counterparty_name": "IMMO ZUIDPOORT", "counterparty_account": "BE62510007547061"},
        ],
    )  # fmt: skip
    bytewise, verhoeven, alpenwerk = invoices["bytewise"], invoices["verhoeven"], invoices["alpenwerk"]
    camt = camt053_build(
        account_iban=seller.iban, holder_name=seller.name, statement_id=f"{today:%Y%m%d}-213", created_on=today,
        opening_balance=Decimal("48210.37"), version="001.08", movements=[
            {"amount": bytewise.amount_open, "structured_reference": bytewise.structured_reference,
             "counterparty_name": "Bytewise IT BV", "counterparty_account": "BE76096123456795"},
            {"amount": verhoeven.amount_open, "structured_reference": verhoeven.structured_reference,
             "counterparty_name": "J. Verhoeven", "counterparty_account": "BE32123456789002"},
            {"amount": alpenwerk.amount_open, "free_text": f"Invoice {alpenwerk.number} AW-PO-88213",
             "counterparty_name": "Alpenwerk Technik AG", "counterparty_account": "CH9300762011623852957"},
        ],
    )  # fmt: skip
    return coda, camt


def seed_collections(users: Iterable[User] | None = None) -> list[str]:
    """Reminders in the past, a promise, a dispute, a payment, an imported CODA and a camt.053 to import."""
    if BankStatement.objects.exists():
        return []
    people = demo_users(users)
    accounting, assistant = people["accounting"], people["assistant"]
    today = timezone.localdate()
    invoices = {
        "gilson": _invoice("Transports Gilson"),
        "gilson_repair": _invoice("Transports Gilson", oldest=False),
        "alpenwerk": _invoice("Alpenwerk Technik"),
        "verhoeven": _invoice("Jan Verhoeven", oldest=False),
        "northsea": _invoice("Northsea Facility Services"),
        "lefebvre": _invoice("Maçonnerie Lefebvre"),
        "lievens": _invoice("Bouwonderneming Lievens"),
        "bytewise": _invoice("Bytewise IT"),
    }
    missing = [name for name, invoice in invoices.items() if invoice is None]
    if missing or invoices["gilson"] == invoices["gilson_repair"]:
        return [f"collections: invoices of {', '.join(missing) or 'Transports Gilson'} are missing"]
    with transaction.atomic():
        gilson = invoices["gilson"]
        for days in (7, 21, 35):  # friendly, second (interest and €40), formal notice
            _run(gilson.due_date + datetime.timedelta(days=days), accounting)
        payment_register(
            company=gilson.company, actor=accounting, received_on=gilson.due_date + datetime.timedelta(days=40),
            amount="500.00", reference="Acompte facture " + gilson.number, payer="TRANSPORTS GILSON SA",
            allocations={gilson.pk: "500.00"},
        )  # fmt: skip
        invoice_dispute_set(
            invoice=invoices["gilson_repair"], actor=assistant, disputed=True,
            note="Conteste la réparation des transpalettes : une des deux tombe encore en panne.",
        )  # fmt: skip
        alpenwerk = invoices["alpenwerk"]
        payment_promise_record(
            invoice=alpenwerk, actor=assistant, today=today, promised_for=today + datetime.timedelta(days=5),
            amount=alpenwerk.amount_open, note="Mr. Keller (finance) on the phone: paid in Friday's payment run.",
        )  # fmt: skip
        coda, camt = _statement_files(today, invoices)
        bank_statement_import(content=coda, filename="demo-coda.cod", actor=accounting)
        reminder_run_propose(today=today, actor=accounting)
    DEMO_FILES.mkdir(parents=True, exist_ok=True)
    (DEMO_FILES / "coda-statement.cod").write_bytes(coda)
    (DEMO_FILES / "camt053-statement.xml").write_bytes(camt)
    return []
