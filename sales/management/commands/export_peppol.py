from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from orderdesk.exceptions import DomainError
from sales.services.invoice_exports import invoice_issued_by_number, issued_ubl


class Command(BaseCommand):
    help = (
        "Write the Peppol BIS 3.0 UBL file of an issued invoice or credit note exactly as it was archived at issue "
        "(e.g. F2026-000012 or C2026-000003), to a file or to stdout."
    )

    def add_arguments(self, parser):
        parser.add_argument("number", help="The number of an issued invoice or credit note (drafts have none).")
        parser.add_argument("-o", "--output", help="Where to write the XML (default: stdout).")

    def handle(self, *args, number, output=None, **options):
        try:
            invoice = invoice_issued_by_number(number=number)
            ubl = issued_ubl(invoice)
        except DomainError as error:
            raise CommandError(str(error)) from None
        if output:
            path = Path(output)
            path.write_bytes(ubl)
            self.stdout.write(f"{invoice.number} → {path} ({len(ubl):,} bytes)")
            return
        binary = getattr(self.stdout, "buffer", None)  # a real stdout: the bytes as they are
        if binary is not None:
            self.stdout.flush()
            binary.write(ubl)
            binary.flush()
        else:  # a text stream (call_command(stdout=StringIO())): the UBL is UTF-8
            self.stdout.write(ubl.decode("utf-8"), ending="")
