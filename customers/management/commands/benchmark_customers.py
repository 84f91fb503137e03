"""Measure the customer screens and the CSV import on a realistic volume, then roll everything back.

    python manage.py benchmark_customers --companies 2000 --import-rows 500

Run it against the database you care about (DATABASE_URL); nothing it creates is kept.
"""

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import Client
from django.urls import reverse

from customers.imports import import_commit, import_preview
from customers.models import Company, Contact
from orderdesk.benchmarks import Rollback, measure
from orderdesk.models import User
from orderdesk.permissions import ASSISTANT, roles_sync


def belgian_number(n: int) -> str:
    base = 4_000_000 + n  # a leading 0, as Belgian enterprise numbers have
    return f"{base:08d}{97 - base % 97:02d}"


class Command(BaseCommand):
    help = "Time the company list, the customer file, the search and the CSV import on generated data."

    def add_arguments(self, parser):
        parser.add_argument("--companies", type=int, default=2000)
        parser.add_argument("--import-rows", type=int, default=500)
        parser.add_argument("--repeat", type=int, default=5)

    def handle(self, *args, companies, import_rows, repeat, **options):
        try:
            with transaction.atomic():
                self._run(companies, import_rows, repeat)
                raise Rollback
        except Rollback:
            self.stdout.write("(all benchmark data rolled back)")

    def _run(self, companies, import_rows, repeat):
        roles_sync()
        user = User.objects.create_user("benchmark-assistant", password="x", language="nl")
        user.groups.add(Group.objects.get(name=ASSISTANT))
        created = Company.objects.bulk_create(
            [
                Company(
                    name=f"Bedrijf {n:05d}",
                    kind="customer",
                    city="Gent",
                    enterprise_number=belgian_number(n),
                    vat_number=f"BE{belgian_number(n)}",
                    owner=user,
                )  # fmt: skip
                for n in range(companies)
            ]
        )
        Contact.objects.bulk_create(
            [
                Contact(company=c, first_name="Jan", last_name=f"Peeters {c.pk}", email=f"jan{c.pk}@x.be")
                for c in created
            ]
        )
        client = Client()
        client.force_login(user)
        self._measure("company list, page 1", repeat, lambda: client.get(reverse("customers:company-list")))
        self._measure(
            "company list, search 'peeters 1'",
            repeat,
            lambda: client.get(reverse("customers:company-list"), {"q": "peeters 1"}),
        )
        self._measure(
            "customer file",
            repeat,
            lambda: client.get(reverse("customers:company-detail", args=[created[len(created) // 2].pk])),
        )
        self._measure(
            "global search (htmx)",
            repeat,
            lambda: client.get(reverse("desk:search"), {"q": "bedrijf 01"}, headers={"HX-Request": "true"}),
        )
        lines = ["company_name;enterprise_number;city;contact_first_name;contact_last_name;contact_email"]
        lines += [
            f"Nieuw {n:05d};{belgian_number(companies + n)};Brugge;An;Maes {n};an{n}@nieuw{n}.be"
            for n in range(import_rows)
        ]
        content = ("\n".join(lines) + "\n").encode()
        preview = import_preview(content=content, actor=user)
        if not preview.is_valid:
            problems = preview.file_errors + [f"{row.number}: {row.errors}" for row in preview.rows if row.errors][:3]
            self.stderr.write(f"The generated file does not import: {problems}")
            return
        self._measure(f"import preview, {import_rows} rows", 1, lambda: import_preview(content=content, actor=user))
        self._measure(f"import commit, {import_rows} rows", 1, lambda: import_commit(content=content, actor=user))

    def _measure(self, label, repeat, action):
        self.stdout.write(measure(label, repeat, action, width=40))
