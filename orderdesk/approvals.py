"""Four eyes: who asks for an approval does not give it, unless the company settings allow it (one manager)."""

from django.utils.translation import gettext as _

from orderdesk.exceptions import PermissionDeniedError


def four_eyes_check(*, actor, requester_id: int | None) -> bool:
    """Refuse an approval by the one who asked for it, unless the company allows self-approval. Returns whether the
    approval is a self-approval (to be recorded as such)."""
    from orderdesk.models import CompanySettings

    if requester_id is None or getattr(actor, "pk", None) != requester_id:
        return False
    if not CompanySettings.load().self_approval_allowed:
        raise PermissionDeniedError(_("You asked for this yourself: another manager must approve it (four eyes)."))
    return True
