"""Time the manager's dashboard and My desk on whatever data the database holds (e.g. after
`seed_demo --scale 2000`), with the number of queries each takes.

python manage.py benchmark_dashboard --repeat 5
"""

from django.core.management.base import BaseCommand
from django.test import Client
from django.urls import reverse

from orderdesk.benchmarks import measure
from orderdesk.models import User


class Command(BaseCommand):
    help = "Time the dashboard (this year, last quarter, with filters) and My desk on the current data."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=5)

    def handle(self, *args, repeat, **options):
        from sales.models import Invoice

        manager = User.objects.get(username="manager")
        assistant = User.objects.get(username="assistant")
        self.stdout.write(f"{Invoice.objects.count():,} invoices in the database")
        client = Client(HTTP_HOST="localhost")
        client.force_login(manager)
        url = reverse("orderdesk:dashboard")
        self._measure("dashboard, this year", repeat, lambda: client.get(url))
        self._measure("dashboard, three years", repeat, lambda: client.get(url, {"from": "2024-01-01"}))
        self._measure("dashboard, one owner and group", repeat,
                      lambda: client.get(url, {"assistant": assistant.pk, "group": 1}))  # fmt: skip
        self._measure("dashboard as CSV", repeat, lambda: client.get(url, {"format": "csv"}))
        desk = Client(HTTP_HOST="localhost")
        desk.force_login(assistant)
        self._measure("My desk (assistant)", repeat, lambda: desk.get(reverse("orderdesk:desk")))
        self._measure("My desk (manager)", repeat, lambda: client.get(reverse("orderdesk:desk")))

    def _measure(self, label, repeat, action):
        def checked():
            response = action()
            assert response.status_code == 200, (label, response.status_code)

        self.stdout.write(measure(label, repeat, checked, width=36))
