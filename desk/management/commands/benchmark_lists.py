"""Time the first and the last page of the invoice list and of the receivables on many invoices: a deep page
must not cost much more than the first (target: at most 1.5x). Uses the invoices the database holds (e.g. after
`seed_demo --scale 2000`: 100,000) and adds, in bulk, what is missing up to --invoices; what it adds is rolled
back.

python manage.py benchmark_lists --invoices 100000
"""

import datetime
import math
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from customers.models import Company
from orderdesk.benchmarks import Rollback, measure
from orderdesk.identifiers import structured_reference_for
from orderdesk.models import User
from orderdesk.permissions import ACCOUNTING, roles_sync
from sales.models import Invoice
from sales.states import InvoiceStatus

PAGE_SIZE = 25  # the lists' page size (sales.views)
LAST = 10**9


class Command(BaseCommand):
    help = "Time the first and last page of the invoice list and of the receivables on --invoices invoices."

    def add_arguments(self, parser):
        parser.add_argument("--invoices", type=int, default=100_000)
        parser.add_argument("--repeat", type=int, default=5)

    def handle(self, *args, invoices, repeat, **options):
        try:
            with transaction.atomic():
                self._run(invoices, repeat)
                raise Rollback
        except Rollback:
            self.stdout.write("(all benchmark data rolled back)")

    def _run(self, wanted, repeat):
        roles_sync()
        self._fill(wanted)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE sales_invoice")
                cursor.execute("ANALYZE customers_company")
        user = User.objects.create_user("benchmark-lists", password=None, language="nl")
        user.groups.add(Group.objects.get(name=ACCOUNTING))
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        self.stdout.write(f"{Invoice.objects.count():,} invoices, {Company.objects.count():,} companies")
        for label, name, params in (
            ("invoice list", "sales:invoice-list", {}),
            ("invoice list, overdue", "sales:invoice-list", {"overdue": "on"}),
            ("receivables", "sales:receivables", {}),
        ):
            timings, url = {}, reverse(name)
            # A page number past the end shows the last page (Paginator.get_page).
            for page, page_label in ((1, "first page"), (LAST, "last page")):
                query = {**params, "page": page}
                line, timings[page] = self._measure(f"{label}, {page_label}", repeat,
                                                    lambda url=url, query=query: client.get(url, query))  # fmt: skip
                self.stdout.write(line)
            self.stdout.write(f"{label}: last page / first page = {timings[LAST] / timings[1]:.2f}x")

    def _measure(self, label, repeat, action):
        timings = []

        def checked():
            import time

            started = time.perf_counter()
            response = action()
            timings.append(time.perf_counter() - started)
            assert response.status_code == 200, (label, response.status_code)

        line = measure(label, repeat, checked, width=34)
        return line, sorted(timings)[len(timings) // 2]

    def _fill(self, wanted):
        """Issued invoices in bulk up to `wanted`, spread over 200 customers and three years."""
        missing = wanted - Invoice.objects.count()
        if missing <= 0:
            return
        today = timezone.localdate()
        companies = Company.objects.bulk_create(
            [Company(name=f"Lijst klant {n:04d}", kind=Company.Kind.CUSTOMER) for n in range(200)]
        )
        rows = []
        for sequence in range(1, missing + 1):
            issued = today - datetime.timedelta(days=sequence % 1095)
            rows.append(
                Invoice(
                    company=companies[sequence % len(companies)],
                    status=InvoiceStatus.PAID if sequence % 5 else InvoiceStatus.ISSUED,
                    number=f"L{issued.year}-{sequence:07d}",
                    issue_date=issued,
                    due_date=issued + datetime.timedelta(days=30),
                    total=Decimal("121.00"),
                    net_total=Decimal("100.00"),
                    vat_total=Decimal("21.00"),
                    amount_paid=Decimal("121.00") if sequence % 5 else Decimal(0),
                    language="nl",
                    structured_reference=structured_reference_for(year=98, sequence=sequence),
                )
            )
        Invoice.objects.bulk_create(rows, batch_size=5000)
        self.stdout.write(f"added {missing:,} invoices ({math.ceil(missing / PAGE_SIZE):,} pages) for the benchmark")
