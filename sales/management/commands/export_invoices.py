import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from orderdesk.exceptions import DomainError
from sales.services.invoice_exports import JOURNAL_FILENAME, invoices_export

PERIOD = re.compile(r"(\d{4})-(\d{2})")


def _period(value: str) -> tuple[int, int]:
    match = PERIOD.fullmatch(value.strip())
    if match is None or not 1 <= int(match[2]) <= 12:
        raise CommandError(f"--period takes a month as YYYY-MM (e.g. 2026-01), not {value!r}.")
    return int(match[1]), int(match[2])


class Command(BaseCommand):
    help = (
        "Export a month of issued invoices and credit notes for the accountant: for each document <number>.xml "
        f"(the archived Peppol UBL) and <number>.pdf (the archived PDF), plus {JOURNAL_FILENAME}: one row per "
        "document with its base and VAT per VAT rate and its totals. Credit notes count negative in the journal."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="The month of the issue dates, as YYYY-MM.")
        parser.add_argument(
            "-o", "--output", help="The folder to write to, created if needed (default: invoices-YYYY-MM here)."
        )
        parser.add_argument(
            "--render",
            action="store_true",
            help="Render each PDF again from the document's frozen data instead of copying the archived file "
            "(documents issued before PDFs were archived, e.g. the large demo dataset).",
        )
        parser.add_argument("--workers", type=int, default=1, help="Processes rendering in parallel (with --render).")

    def handle(self, *args, period, output=None, render=False, workers=1, **options):
        year, month = _period(period)
        if workers < 1:
            raise CommandError("--workers takes at least 1.")
        directory = Path(output or f"invoices-{year}-{month:02d}")
        try:
            totals = invoices_export(year=year, month=month, directory=directory, render=render, workers=workers)
        except DomainError as error:
            raise CommandError(str(error)) from None
        invoices = f"{totals.invoices} invoice{'' if totals.invoices == 1 else 's'}"
        credit_notes = f"{totals.credit_notes} credit note{'' if totals.credit_notes == 1 else 's'}"
        self.stdout.write(
            f"{year}-{month:02d}: {invoices}, {credit_notes} → {directory}; "
            f"excl. VAT {totals.net:.2f}, VAT {totals.vat:.2f}, incl. VAT {totals.total:.2f} EUR "
            "(credit notes deducted)"
        )
