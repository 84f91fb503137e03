from django.db import migrations
from django.db.models import Q

OPEN = ["new", "assessing", "escalated", "proposed", "accepted", "refused"]


def mark_disputing_complaints(apps, schema_editor):
    """Invoices disputed by complaints that are still open learn which ones (their dispute is the complaints' to end)."""
    Complaint = apps.get_model("complaints", "Complaint")
    Invoice = apps.get_model("sales", "Invoice")
    for invoice in Invoice.objects.filter(disputed=True):
        numbers = sorted(set(Complaint.objects.filter(status__in=OPEN).filter(
            Q(lines__invoice_line__invoice=invoice)
            | Q(lines__delivery_line__invoice_lines__invoice=invoice)
            | Q(lines__order_line__invoice_lines__invoice=invoice)
        ).values_list("number", flat=True)))
        if numbers:
            Invoice.objects.filter(pk=invoice.pk).update(disputing_complaints=", ".join(numbers)[:200])


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0003_complaint_order_line"),
        ("sales", "0015_invoice_disputing_complaints"),
    ]

    operations = [migrations.RunPython(mark_disputing_complaints, migrations.RunPython.noop)]
