from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from sales.models import Reminder
from sales.services.reminders import reminder_run_deliver, reminder_run_propose, reminder_run_send


class _DryRun(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Propose the reminders due today and send them, as a reviewed run would be sent. With --dry-run, list what "
        "would be sent (levels, amounts, interest and compensation) and change nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Show the reminders due; send and save nothing.")

    def handle(self, *args, dry_run=False, **options):
        today = timezone.localdate()
        try:
            with transaction.atomic():
                run = reminder_run_propose(today=today)
                reminders = list(
                    run.reminders.filter(status=Reminder.Status.PROPOSED).select_related("invoice__company", "level")
                )
                for reminder in reminders:
                    self.stdout.write(
                        f"{reminder.invoice.number}  {reminder.invoice.company.name}  {reminder.level.display_name}  "
                        f"open {reminder.principal}  interest {reminder.interest}  compensation {reminder.compensation}"
                    )
                if dry_run:
                    raise _DryRun
                queued = reminder_run_send(run=run, actor=None)
        except _DryRun:
            self.stdout.write(f"Dry run: {len(reminders)} reminder(s) due, nothing sent.")
            return
        reminder_run_deliver(run_id=run.pk, today=today)  # without a worker running, deliver here
        sent = run.reminders.filter(status=Reminder.Status.SENT).count()
        self.stdout.write(f"{queued} reminder(s) in the run, {sent} sent.")
