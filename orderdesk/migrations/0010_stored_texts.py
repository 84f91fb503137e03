from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("orderdesk", "0009_uploads_and_sign_in_unlock")]

    operations = [
        migrations.AddField(
            model_name="statuschange",
            name="reason_data",
            field=models.JSONField(blank=True, null=True, verbose_name="reason (stored text)"),
        ),
    ]
