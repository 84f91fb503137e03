from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from orderdesk.exceptions import DomainError
from sales.services.bank_import import bank_statement_import


class Command(BaseCommand):
    help = (
        "Import a bank statement file (CODA or ISO 20022 camt.053) and match its lines to open invoices. "
        "A statement imported before is recognised and skipped; a malformed file, or one of an account that is not "
        "ours, imports nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CODA (.cod, .txt) or camt.053 (.xml) file.")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        try:
            # No web request to keep short here: the lines are matched at once, however many.
            result = bank_statement_import(content=path.read_bytes(), filename=path.name, background=False)
        except DomainError as error:
            raise CommandError(f"{path.name}: {error}") from None
        for statement in result.already_imported:
            self.stdout.write(
                f"Statement {statement.label} of {statement.account} was already imported on "
                f"{statement.imported_at:%d/%m/%Y}: nothing changed."
            )
        for statement in result.statements:
            self.stdout.write(f"Statement {statement.label} of {statement.account}: {statement.lines.count()} lines.")
        if result.statements:
            self.stdout.write(
                f"Paid automatically: {result.matched}; to confirm: {result.to_confirm}; to match: {result.unmatched}."
            )
