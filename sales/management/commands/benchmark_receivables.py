"""Measure the receivables screens, the reminder proposal and a bank import on many open invoices, then roll back.

python manage.py benchmark_receivables --customers 2000 --invoices 20
"""

import datetime
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from customers.models import Company
from orderdesk.benchmarks import Rollback, measure
from orderdesk.identifiers import structured_reference_for
from orderdesk.models import User
from orderdesk.permissions import ACCOUNTING, roles_sync
from sales.bank_builders import coda_build
from sales.models import CompanyBankAccount, Invoice
from sales.services.bank_import import bank_statement_import
from sales.services.reminders import reminders_due
from sales.states import InvoiceStatus


class Command(BaseCommand):
    help = "Time receivables, a customer's open items, the reminders due and a bank import on generated invoices."

    def add_arguments(self, parser):
        parser.add_argument("--customers", type=int, default=2000)
        parser.add_argument("--invoices", type=int, default=20, help="Open invoices per customer.")
        parser.add_argument("--repeat", type=int, default=5)

    def handle(self, *args, customers, invoices, repeat, **options):
        try:
            with transaction.atomic():
                self._run(customers, invoices, repeat)
                raise Rollback
        except Rollback:
            self.stdout.write("(all benchmark data rolled back)")

    def _run(self, customers, per_customer, repeat):
        roles_sync()
        today = timezone.localdate()
        user = User.objects.create_user("benchmark-accounting", password="x", language="nl")
        user.groups.add(Group.objects.get(name=ACCOUNTING))
        companies = Company.objects.bulk_create(
            [Company(name=f"Bench klant {n:05d}", kind=Company.Kind.CUSTOMER) for n in range(customers)]
        )
        rows, sequence = [], 0
        for company in companies:
            for _n in range(per_customer):
                sequence += 1
                issued = today - datetime.timedelta(days=(sequence * 7) % 200)
                rows.append(
                    Invoice(
                        company=company,
                        status=InvoiceStatus.ISSUED,
                        number=f"B{issued.year}-{sequence:07d}",
                        issue_date=issued,
                        due_date=issued + datetime.timedelta(days=30),
                        total=Decimal("121.00"),
                        net_total=Decimal("100.00"),
                        vat_total=Decimal("21.00"),
                        language="nl",
                        structured_reference=structured_reference_for(year=99, sequence=sequence),
                    )  # fmt: skip
                )
        Invoice.objects.bulk_create(rows, batch_size=2000)
        self.stdout.write(f"{len(rows):,} open invoices for {customers:,} customers")
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        self._measure("receivables page", repeat, lambda: client.get(reverse("sales:receivables")))
        self._measure(
            "receivables page, overdue only, page 20",
            repeat,
            lambda: client.get(reverse("sales:receivables"), {"overdue": "1", "page": "20"}),
        )
        middle = companies[len(companies) // 2]
        self._measure(
            "one customer's open items",
            repeat,
            lambda: client.get(reverse("sales:customer-statement", args=[middle.pk])),
        )
        self._measure("reminders due (the daily proposal)", 1, lambda: reminders_due(today=today))
        paid = rows[:: max(1, len(rows) // 200)][:200]
        CompanyBankAccount.objects.get_or_create(iban="BE73735012345660", currency="EUR")  # ours: imported
        statement = coda_build(
            account_iban="BE73735012345660", holder_name="Bench", bank_bic="KREDBEBB", statement_number=1,
            created_on=today, opening_balance=Decimal("0"), movements=[
                {"amount": invoice.total, "structured_reference": invoice.structured_reference,
                 "counterparty_name": invoice.company.name, "counterparty_account": "BE68539007547034"}
                for invoice in paid
            ],
        )  # fmt: skip
        self._measure(
            f"bank import of {len(paid)} lines (all matched)", 1, lambda: bank_statement_import(content=statement)
        )

    def _measure(self, label, repeat, action):
        self.stdout.write(measure(label, repeat, action, width=42))
