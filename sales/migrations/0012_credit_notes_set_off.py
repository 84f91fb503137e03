"""Credit notes issued before they settled their invoice's open amount: work out, from each invoice's money as it
stands, which part of its credit notes was set off and which part is owed back.

What was paid beyond the invoice total less its credits is owed back; the rest of the credits was set off. The
set-off goes to the invoice's credit notes oldest first; a refund already booked on a credit note stays.
"""

from decimal import Decimal

from django.db import migrations

OPEN = ("issued", "partially_paid")


def _status(total, set_off, refunded) -> str:
    if refunded == 0 and set_off >= total:
        return "credited"
    if total - set_off - refunded <= 0:
        return "paid"
    return "partially_paid" if refunded > 0 else "issued"


def set_off_credit_notes(apps, schema_editor):
    invoice_model = apps.get_model("sales", "Invoice")
    notes = invoice_model.objects.filter(kind="credit_note", status__in=OPEN, amount_credited=0).exclude(number="")
    for invoice in invoice_model.objects.filter(pk__in=notes.values("credited_invoice_id")).order_by("pk"):
        owed_back = max(invoice.amount_paid + invoice.amount_credited - invoice.total, Decimal(0))
        to_set_off = max(invoice.amount_credited - owed_back, Decimal(0))
        credit_notes = invoice_model.objects.filter(credited_invoice=invoice, kind="credit_note").exclude(number="")
        for note in credit_notes.order_by("issue_date", "pk"):
            share = min(note.total - note.amount_paid, to_set_off)
            to_set_off -= share
            if note.status in OPEN and note.amount_credited == 0 and share > 0:
                note.amount_credited = share
                note.status = _status(note.total, share, note.amount_paid)
                note.save(update_fields=["amount_credited", "status"])


class Migration(migrations.Migration):
    dependencies = [("sales", "0011_order_hold_problems")]

    operations = [migrations.RunPython(set_off_credit_notes, migrations.RunPython.noop)]
