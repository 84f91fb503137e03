from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from orderdesk.exceptions import DomainError
from sales.services.documents import document_pdf_by_number


class Command(BaseCommand):
    help = (
        "Render any document's PDF as it would be sent, by its number (e.g. O2026-000012, or Q2026-000003 rev 2 for "
        "a sent revision as it was frozen)."
    )

    def add_arguments(self, parser):
        parser.add_argument("number", help="The document number; quotes may add ' rev N'.")
        parser.add_argument("-o", "--output", help="Where to write the PDF (default: <number>.pdf here).")
        parser.add_argument("--lang", choices=[code for code, _name in settings.LANGUAGES],
                            help="Render in this language instead of the customer's.")  # fmt: skip

    def handle(self, *args, number, output=None, lang=None, **options):
        try:
            document = document_pdf_by_number(number, language=lang)
        except DomainError as error:
            raise CommandError(str(error)) from None
        path = Path(output or f"{number.replace(' ', '-')}.pdf")
        path.write_bytes(document.pdf)
        self.stdout.write(f"{document.number} ({document.language}) → {path} ({len(document.pdf):,} bytes)")
