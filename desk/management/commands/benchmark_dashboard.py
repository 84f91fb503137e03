"""Time the manager's dashboard and My desk on whatever data the database holds (e.g. after
`seed_demo --scale 2000`), with the number of queries each takes.

python manage.py benchmark_dashboard --repeat 5
"""

from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from orderdesk.benchmarks import measure
from orderdesk.models import User


class Command(BaseCommand):
    help = "Time the dashboard (this year, last quarter, with filters) and My desk on the current data."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=5)

    def handle(self, *args, repeat, **options):
        from sales.models import Invoice

        users = {user.username: user for user in User.objects.filter(username__in=["manager", "assistant"])}
        if len(users) < 2:
            raise CommandError("It times the pages as the demo's manager and assistant: run seed_demo first.")
        manager, assistant = users["manager"], users["assistant"]
        self.stdout.write(f"{Invoice.objects.count():,} invoices in the database")
        client = Client(HTTP_HOST="localhost")
        client.force_login(manager)
        url = reverse("desk:dashboard")
        self._measure("dashboard, this year", repeat, lambda: client.get(url))
        self._measure("dashboard, three years", repeat, lambda: client.get(url, {"from": "2024-01-01"}))
        self._measure("dashboard, one owner and group", repeat,
                      lambda: client.get(url, {"assistant": assistant.pk, "group": 1}))  # fmt: skip
        self._measure("dashboard as CSV", repeat, lambda: client.get(url, {"format": "csv"}))
        desk = Client(HTTP_HOST="localhost")
        desk.force_login(assistant)
        self._measure("My desk (assistant)", repeat, lambda: desk.get(reverse("desk:desk")))
        self._measure("My desk (manager)", repeat, lambda: client.get(reverse("desk:desk")))
        # The lists behind a desk card and behind a dashboard figure, oldest first / narrowed like the figure.
        year_start, today = f"{timezone.localdate():%Y}-01-01", timezone.localdate().isoformat()
        lists = (
            ("unanswered quotes (mine)", "sales:quote-list", {"follow_up": "unanswered", "owner": assistant.pk}),
            ("overdue invoices", "sales:invoice-list", {"overdue": "on"}),
            ("quotes won this year", "sales:quote-list", {"stage": "won", "sent_from": year_start, "sent_to": today}),
        )
        for label, name, params in lists:
            self._measure(f"list: {label}", repeat, lambda name=name, params=params: desk.get(reverse(name), params))

    def _measure(self, label, repeat, action):
        def checked():
            response = action()
            assert response.status_code == 200, (label, response.status_code)

        self.stdout.write(measure(label, repeat, checked, width=36))
