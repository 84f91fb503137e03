"""Belgian VAT categories and their dated rates (DOMAIN-BE §1). Rates change: add a row, never edit code."""

import datetime
from decimal import Decimal

from django.db import migrations

SINCE = datetime.date(2000, 1, 1)
CATEGORIES = [
    # code, name, [(valid from, rate)]
    ("standard", "Standaardtarief / taux normal", [(SINCE, "21")]),
    ("intermediate", "Tussentarief / taux intermédiaire", [(SINCE, "12")]),
    ("reduced", "Verlaagd tarief / taux réduit", [(SINCE, "6")]),
    ("zero", "Nultarief / taux zéro", [(SINCE, "0")]),
    # Moved from 6 % to 12 % on 1 March 2026 (camping and hotel stays, among others) [S].
    ("accommodation", "Logies / hébergement", [(SINCE, "6"), (datetime.date(2026, 3, 1), "12")]),
]


def add_rates(apps, schema_editor):
    VatCategory = apps.get_model("sales", "VatCategory")
    VatRate = apps.get_model("sales", "VatRate")
    for code, name, rates in CATEGORIES:
        category, _created = VatCategory.objects.get_or_create(code=code, defaults={"name": name})
        for valid_from, rate in rates:
            VatRate.objects.get_or_create(category=category, valid_from=valid_from, defaults={"rate": Decimal(rate)})


class Migration(migrations.Migration):
    dependencies = [("sales", "0001_initial")]
    operations = [migrations.RunPython(add_rates, migrations.RunPython.noop)]
