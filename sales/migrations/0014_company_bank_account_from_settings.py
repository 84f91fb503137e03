"""The company's IBAN on its settings becomes its first bank account (in euros): statements of other accounts
are refused from now on."""

from django.db import migrations


def create_from_settings(apps, schema_editor):
    CompanySettings = apps.get_model("orderdesk", "CompanySettings")
    CompanyBankAccount = apps.get_model("sales", "CompanyBankAccount")
    company = CompanySettings.objects.filter(pk=1).first()
    iban = (company.iban if company else "").replace(" ", "").upper()
    if iban:
        CompanyBankAccount.objects.get_or_create(iban=iban, currency="EUR", defaults={"bic": company.bic})


class Migration(migrations.Migration):
    dependencies = [
        ("orderdesk", "0001_initial"),
        ("sales", "0013_bank_accounts_and_statements_as_banks_send_them"),
    ]

    operations = [migrations.RunPython(create_from_settings, migrations.RunPython.noop)]
