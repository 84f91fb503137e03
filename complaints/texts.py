"""The texts complaints writes and keeps, as codes (see orderdesk.stored_texts): read in the reader's language,
on the customer's credit note in the customer's."""

from django.utils.translation import gettext_lazy as _

from orderdesk.stored_texts import stored_text_register as register

CREDIT_NOTE_REASON = register("complaints.credit_note_reason", _("Complaint %(number)s: %(proposal)s"))
INVOICE_DISPUTED = register("complaints.invoice_disputed", _("Complaint %(numbers)s"))
