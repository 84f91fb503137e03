import importlib

from django.db import migrations, models

# The issued-document trigger of 0018 learns the two new follow-up columns (sales.models.invoices.MUTABLE_AFTER_ISSUE;
# a test keeps both the same).
MUTABLE_COLUMNS = ("status", "amount_paid", "amount_credited", "updated_at", "disputed", "dispute_note",
                   "dispute_note_data", "disputing_complaints", "handed_over_to", "handed_over_at", "handed_over_note",
                   "handed_over_note_data")  # fmt: skip

FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION sales_invoice_frozen() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status <> 'draft' THEN
            RAISE EXCEPTION 'issued document % cannot be deleted', OLD.number USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status <> 'draft' AND (
        NEW.status = 'draft'
        OR (to_jsonb(OLD) - ARRAY[{mutable}]) IS DISTINCT FROM (to_jsonb(NEW) - ARRAY[{mutable}])
    ) THEN
        RAISE EXCEPTION 'issued document % cannot be changed', OLD.number USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""


def _function(columns) -> str:
    return FUNCTION_SQL.replace("{mutable}", ", ".join(f"'{column}'" for column in columns))


def trigger_update(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_function(MUTABLE_COLUMNS), params=None)  # the % in the messages stay


def trigger_restore(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        previous = importlib.import_module("sales.migrations.0018_document_chain").MUTABLE_COLUMNS
        schema_editor.execute(_function(previous), params=None)


def _stored(verbose_name):
    return models.JSONField(blank=True, null=True, verbose_name=verbose_name)


class Migration(migrations.Migration):
    # Texts the system writes, kept as a code and its parameters next to the text of older rows.
    dependencies = [("sales", "0020_peppol_delivery"), ("sales", "0021_list_indexes")]

    operations = [
        migrations.AddField("bankline", "suggestion_reason_data", _stored("why (stored text)")),
        migrations.AddField("invoice", "credit_reason_data", _stored("reason for the credit (stored text)")),
        migrations.AddField("invoice", "dispute_note_data", _stored("what the customer disputes (stored text)")),
        migrations.AddField("invoice", "handed_over_note_data", _stored("hand-over note (stored text)")),
        migrations.AddField("payment", "notes_data", _stored("notes (stored text)")),
        migrations.AddField("paymentpromise", "note_data", _stored("note (stored text)")),
        migrations.AddField("reminder", "exclusion_note_data", _stored("why left out (stored text)")),
        migrations.RunPython(trigger_update, trigger_restore),
    ]
