"""The statutory interest rates known at release and the default reminder ladder; a manager edits both."""

import datetime
from decimal import Decimal

from django.db import migrations

RATES = [(datetime.date(2025, 7, 1), Decimal("10.50")), (datetime.date(2026, 1, 1), Decimal("10.50"))]
LEVELS = [
    {"rank": 1, "days_after_due": 7},
    {"rank": 2, "days_after_due": 21, "charge_interest": True, "charge_compensation": True},
    {"rank": 3, "days_after_due": 35, "charge_interest": True, "charge_compensation": True, "formal_notice": True},
    {"rank": 4, "days_after_due": 60, "hand_over_to": "collections"},
]


def create_defaults(apps, schema_editor):
    rate_model, level_model = apps.get_model("sales", "LatePaymentRate"), apps.get_model("sales", "ReminderLevel")
    for valid_from, percent in RATES:
        rate_model.objects.get_or_create(valid_from=valid_from, defaults={"percent": percent})
    if not level_model.objects.exists():
        level_model.objects.bulk_create([level_model(**level) for level in LEVELS])


class Migration(migrations.Migration):
    dependencies = [("sales", "0007_collections")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
