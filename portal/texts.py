"""The texts the portal writes and keeps for the staff, as codes (see orderdesk.stored_texts)."""

from django.utils.translation import gettext_lazy as _

from orderdesk.stored_texts import stored_text_register as register

PROMISE_THROUGH_PORTAL = register("portal.promise", _("Promised through the customer portal"))
