import time

from django.core.management.base import BaseCommand
from django.db import transaction

from desk.demo import seed_demo
from desk.demo_scale import seed_scale
from orderdesk.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = (
        "Load the demo data (idempotent: running it again changes nothing that exists). With --scale N, add a "
        "large dataset: N customers with three years of quotes, orders, invoices, payments and complaints."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=int, default=0, help="Customers of the large dataset (2000 ≈ 100,000 invoices)."
        )

    def handle(self, *args, scale=0, **options):
        with transaction.atomic():
            users = seed_demo()
        if scale:
            started = time.perf_counter()
            with transaction.atomic():
                counts = seed_scale(scale)
            self.stdout.write(f"Large dataset: {counts} in {time.perf_counter() - started:.0f} s")
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Logins (password: {DEMO_PASSWORD}):"))
        for user in users:
            self.stdout.write(f"  {user.username:<12} {', '.join(g.name for g in user.groups.all()) or 'admin'}")
