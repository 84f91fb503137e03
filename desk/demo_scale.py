"""`seed_demo --scale N`: a large, realistic dataset for demos and measurements, written in bulk.

N customers (with account owners and groups), N/10 products in six categories, and over the last three years
about 50 invoices per customer with their orders, quotes (sent, accepted, declined, expired), payments (what is
older than its due date is mostly paid, some partly, some not) and a complaint for one invoice in fifty.
`--scale 2000` gives about 100,000 invoices. The rows are written with bulk_create, not through the services:
the point is volume, and the numbers use their own series (W…, X…, Y…) so they never meet the real ones.
Deterministic for a given N (a seeded random generator).
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils import timezone

from complaints.models import Complaint, RootCause
from customers.models import Company, Tag
from orderdesk.identifiers import structured_reference_for
from orderdesk.models import User
from orderdesk.money import quantize
from orderdesk.permissions import ASSISTANT
from sales.models import Category, Invoice, InvoiceLine, Order, Payment, PaymentAllocation, Product, Quote, VatCategory

BATCH = 5000
INVOICES_PER_CUSTOMER = 50
DAYS = 3 * 365


def seed_scale(customers: int, *, seed: int = 1) -> dict:
    if Company.objects.filter(name__startswith="Schaalklant ").exists():
        return {"skipped": True}
    rng = random.Random(seed)
    today = timezone.localdate()
    owners = list(User.objects.filter(groups__name=ASSISTANT)) or list(User.objects.all()[:1])
    manager = User.objects.filter(groups=Group.objects.filter(name="Manager").first()).first() or owners[0]
    tags = [Tag.objects.get_or_create(name=name)[0] for name in ("Schaal A", "Schaal B", "Schaal C")]
    categories = [Category.objects.get_or_create(name_nl=f"Schaalcategorie {n}")[0] for n in range(6)]
    standard = VatCategory.objects.get(code="standard")
    products = Product.objects.bulk_create(
        [
            Product(
                sku=f"SCL-{n:05d}",
                category=categories[n % 6],
                name_nl=f"Schaalproduct {n}",
                vat_category=standard,
                list_price=Decimal(20 + (n * 37) % 980),
                cost_price=Decimal(12 + (n * 37) % 980) * Decimal("0.6"),
                on_hand=100,
            )  # fmt: skip
            for n in range(max(50, customers // 10))
        ],
        batch_size=BATCH,
    )
    companies = Company.objects.bulk_create(
        [
            Company(
                name=f"Schaalklant {n:05d}",
                kind=Company.Kind.CUSTOMER,
                owner=owners[n % len(owners)],
                language=("nl", "fr", "en")[n % 3],
                email=f"klant{n}@schaal.example",
                payment_days=30,
            )  # fmt: skip
            for n in range(customers)
        ],
        batch_size=BATCH,
    )
    Company.tags.through.objects.bulk_create(
        [Company.tags.through(company_id=c.pk, tag_id=tags[i % 3].pk) for i, c in enumerate(companies)],
        batch_size=BATCH,
    )
    counts = {"invoices": 0, "lines": 0, "orders": 0, "quotes": 0, "payments": 0, "complaints": 0}
    sequence = 0
    root_causes = list(RootCause.objects.all()) or [None]
    for chunk_start in range(0, len(companies), 200):
        invoices, lines, orders, quotes, complaints = [], [], [], [], []
        for company in companies[chunk_start : chunk_start + 200]:
            for _n in range(INVOICES_PER_CUSTOMER):
                sequence += 1
                issued = today - datetime.timedelta(days=rng.randrange(DAYS))
                chosen = [(rng.choice(products), rng.randint(1, 5)) for _line in range(rng.randint(1, 3))]
                net = sum((p.list_price * q for p, q in chosen), Decimal(0))
                vat = quantize(net * Decimal("0.21"))
                due = issued + datetime.timedelta(days=30)
                paid = net + vat if due < today - datetime.timedelta(days=rng.choice((0, 5, 20, 60))) else Decimal(0)
                if paid and rng.random() < 0.05:
                    paid = quantize(paid / 2)  # partly paid
                if paid and rng.random() < 0.04:
                    paid = Decimal(0)  # a bad payer
                status = "paid" if paid == net + vat else "partially_paid" if paid else "issued"
                invoice = Invoice(
                    company=company, status="draft", number=f"X{issued.year}-{sequence:07d}", issue_date=issued,
                    due_date=due, net_total=net, vat_total=vat, total=net + vat, amount_paid=paid,
                    language=company.language, vat_regime="be",
                    structured_reference=structured_reference_for(year=90, sequence=sequence),
                )  # fmt: skip
                invoices.append((invoice, chosen, status))
                confirmed = timezone.make_aware(datetime.datetime.combine(issued, datetime.time(9)))
                orders.append(Order(company=company, status="invoiced", number=f"Y{issued.year}-{sequence:07d}",
                                    owner=company.owner, net_total=net, vat_total=vat, total=net + vat,
                                    confirmed_at=confirmed - datetime.timedelta(days=rng.randint(1, 20)),
                                    language=company.language))  # fmt: skip
                sent = confirmed - datetime.timedelta(days=rng.randint(5, 30))
                outcome = rng.choices(["ordered", "declined", "expired", "sent"], weights=(60, 20, 15, 5))[0]
                if outcome == "sent" and sent.date() + datetime.timedelta(days=30) < today:
                    outcome = "expired"  # a quote nobody answered lapses after its 30 days
                quotes.append(Quote(company=company, owner=company.owner, status=outcome, sent_at=sent,
                                    number=f"W{sent.year}-{sequence:07d}",
                                    answered_at=sent + datetime.timedelta(days=rng.randint(1, 14))
                                    if outcome in ("ordered", "declined") else None,
                                    valid_until=(sent + datetime.timedelta(days=30)).date(), net_total=net,
                                    total=net + vat, language=company.language))  # fmt: skip
        # Written as drafts, given their lines, then issued: issued invoices refuse new lines (the ORM guards).
        Invoice.objects.bulk_create([invoice for invoice, _chosen, _status in invoices], batch_size=BATCH)
        for invoice, chosen, _status in invoices:
            for position, (product, quantity) in enumerate(chosen):
                lines.append(InvoiceLine(invoice=invoice, position=position, product=product, sku=product.sku,
                                         description=product.name_nl, quantity=quantity, unit_price=product.list_price,
                                         vat_rate=Decimal(21), net_amount=product.list_price * quantity))  # fmt: skip
            if rng.random() < 0.02:
                received = timezone.make_aware(datetime.datetime.combine(invoice.issue_date, datetime.time(10)))
                received += datetime.timedelta(days=rng.randint(1, 20))
                closed = received < timezone.now() - datetime.timedelta(days=30)
                complaints.append(Complaint(
                    number=f"Z{received.year}-{sequence:07d}-{len(complaints)}", company=invoice.company,
                    assignee=invoice.company.owner or manager, category=rng.choice(Complaint.Category.values),
                    severity="normal", description="Schaaldata", received_at=received,
                    response_due=received + datetime.timedelta(hours=24),
                    resolution_due=received + datetime.timedelta(days=10),
                    first_response_at=received + datetime.timedelta(hours=rng.randint(1, 30)),
                    status="closed" if closed else rng.choice(["assessing", "proposed", "new"]),
                    justified=rng.random() < 0.6, root_cause=rng.choice(root_causes),
                    resolved_at=received + datetime.timedelta(days=rng.randint(1, 15)) if closed else None,
                    closed_at=received + datetime.timedelta(days=16) if closed else None,
                ))  # fmt: skip
        InvoiceLine.objects.bulk_create(lines, batch_size=BATCH)
        for status in ("issued", "partially_paid", "paid"):
            ids = [invoice.pk for invoice, _chosen, final in invoices if final == status]
            for start in range(0, len(ids), BATCH):
                Invoice.objects.filter(pk__in=ids[start : start + BATCH]).update(status=status)
        Order.objects.bulk_create(orders, batch_size=BATCH)
        Quote.objects.bulk_create(quotes, batch_size=BATCH)
        Complaint.objects.bulk_create(complaints, batch_size=BATCH)
        payments = [
            Payment(
                company=invoice.company,
                received_on=min(invoice.due_date, today),
                amount=invoice.amount_paid,
                reference=invoice.structured_reference,
            )  # fmt: skip
            for invoice, _chosen, _status in invoices
            if invoice.amount_paid
        ]
        Payment.objects.bulk_create(payments, batch_size=BATCH)
        paid_invoices = [invoice for invoice, _chosen, _status in invoices if invoice.amount_paid]
        PaymentAllocation.objects.bulk_create(
            [
                PaymentAllocation(payment=payment, invoice=invoice, amount=payment.amount)
                for payment, invoice in zip(payments, paid_invoices, strict=True)
            ],  # fmt: skip
            batch_size=BATCH,
        )
        counts["invoices"] += len(invoices)
        counts["lines"] += len(lines)
        counts["orders"] += len(orders)
        counts["quotes"] += len(quotes)
        counts["payments"] += len(payments)
        counts["complaints"] += len(complaints)
    return counts
