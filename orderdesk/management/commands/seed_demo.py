from django.core.management.base import BaseCommand
from django.db import transaction

from orderdesk import demo


class Command(BaseCommand):
    help = "Load the demo data (idempotent: running it again changes nothing that exists)."

    def handle(self, *args, **options):
        with transaction.atomic():
            users = demo.seed_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Logins (password: {demo.DEMO_PASSWORD}):"))
        for user in users:
            self.stdout.write(f"  {user.username:<12} {', '.join(g.name for g in user.groups.all()) or 'admin'}")
