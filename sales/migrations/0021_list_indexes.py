from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("sales", "0019_quote_link_revocation_and_uploads")]

    operations = [
        migrations.AddIndex(
            model_name="invoice",
            index=models.Index(fields=["issue_date", "number", "id"], name="invoice_list_order"),
        ),
    ]
