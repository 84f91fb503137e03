# Price authority on orders and draft invoices; four eyes on quotes.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("sales", "0016_line_service_and_belgian_rate"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="order",
            name="approval_pending",
            field=models.BooleanField(default=False, verbose_name="awaiting a manager's approval"),
        ),
        migrations.AddField(
            model_name="order",
            name="approval_problems",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="order",
            name="approved_problems",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="order",
            name="approval_requested_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="approval asked by",
            ),
        ),
        migrations.AddField(
            model_name="order",
            name="approved_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="approved by",
            ),
        ),
        migrations.AddField(
            model_name="order",
            name="approval_comment",
            field=models.TextField(blank=True, verbose_name="manager's comment"),
        ),
        migrations.AddField(
            model_name="order",
            name="self_approved",
            field=models.BooleanField(default=False, verbose_name="approved by the one who asked"),
        ),
        migrations.AddField(
            model_name="invoice",
            name="approval_pending",
            field=models.BooleanField(default=False, verbose_name="awaiting a manager's approval"),
        ),
        migrations.AddField(
            model_name="invoice",
            name="approval_problems",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="invoice",
            name="approved_problems",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="invoice",
            name="approval_requested_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="approval asked by",
            ),
        ),
        migrations.AddField(
            model_name="invoice",
            name="approved_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="approved by",
            ),
        ),
        migrations.AddField(
            model_name="invoice",
            name="approval_comment",
            field=models.TextField(blank=True, verbose_name="manager's comment"),
        ),
        migrations.AddField(
            model_name="invoice",
            name="self_approved",
            field=models.BooleanField(default=False, verbose_name="approved by the one who asked"),
        ),
        migrations.AddField(
            model_name="quote",
            name="approval_requested_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="approval asked by",
            ),
        ),
        migrations.AddField(
            model_name="quote",
            name="self_approved",
            field=models.BooleanField(default=False, verbose_name="approved by the one who asked"),
        ),
    ]
