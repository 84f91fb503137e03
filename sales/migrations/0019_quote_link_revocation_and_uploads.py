# A revoked customer link stays revoked per sent revision; product documents keep their original name.

from django.db import migrations, models

import orderdesk.uploads


def revocations_per_revision(apps, schema_editor):
    """A quote whose link was revoked: every revision sent so far stays revoked."""
    Quote = apps.get_model("sales", "Quote")
    QuoteRevision = apps.get_model("sales", "QuoteRevision")
    for quote_id, revoked_at in Quote.objects.exclude(link_revoked_at=None).values_list("pk", "link_revoked_at"):
        QuoteRevision.objects.filter(quote_id=quote_id, link_revoked_at=None).update(link_revoked_at=revoked_at)


class Migration(migrations.Migration):
    dependencies = [
        ("sales", "0018_document_chain"),
    ]

    operations = [
        migrations.AddField(
            model_name="productdocument",
            name="original_name",
            field=models.CharField(blank=True, max_length=255, verbose_name="original file name"),
        ),
        migrations.AlterField(
            model_name="productdocument",
            name="file",
            field=models.FileField(
                upload_to=orderdesk.uploads.RandomName("products"),
                validators=[orderdesk.uploads.validate_upload],
                verbose_name="file",
            ),
        ),
        migrations.AddField(
            model_name="quoterevision",
            name="link_revoked_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="customer link revoked at"),
        ),
        migrations.RunPython(revocations_per_revision, migrations.RunPython.noop),
    ]
