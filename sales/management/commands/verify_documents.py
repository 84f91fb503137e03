"""Check the hash chain of the issued invoices and credit notes: exits non-zero at the first broken link."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sales.services.document_chain import documents_verify


class Command(BaseCommand):
    help = "Verify that no issued invoice or credit note was changed or removed (the hash chain of each series)."

    def handle(self, *args, **options):
        checked, broken = documents_verify()
        if broken is not None:
            raise CommandError(
                _("Broken link at %(number)s: %(problem)s (%(checked)s documents checked)")
                % {"number": broken.number, "problem": broken.problem, "checked": checked}
            )
        self.stdout.write(self.style.SUCCESS(_("%(checked)s issued documents verified: the chain is intact.")
                                             % {"checked": checked}))  # fmt: skip
