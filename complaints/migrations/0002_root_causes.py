"""The usual causes, to start the managed list with; a manager adds or retires causes in the admin."""

from django.db import migrations

CAUSES = [
    ("Transport", "Transport", "Transport"),
    ("Defect bij de leverancier", "Défaut du fournisseur", "Supplier defect"),
    ("Fout bij het orderpicken", "Erreur de préparation", "Picking error"),
    ("Verkeerd advies", "Mauvais conseil", "Wrong advice"),
    ("Fout bij de bestelling", "Erreur de saisie de la commande", "Order entry error"),
    ("Facturatiefout", "Erreur de facturation", "Invoicing error"),
    ("Verkeerd gebruik door de klant", "Mauvaise utilisation par le client", "Misuse by the customer"),
    ("Andere", "Autre", "Other"),
]


def create(apps, schema_editor):
    cause = apps.get_model("complaints", "RootCause")
    if not cause.objects.exists():
        cause.objects.bulk_create([cause(name_nl=nl, name_fr=fr, name_en=en) for nl, fr, en in CAUSES])


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
