"""Sign-in safety: who is locked out after failed sign-ins, the manager's unlock, and the password reset limit."""

import datetime
from dataclasses import dataclass

from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orderdesk.exceptions import PermissionDeniedError
from orderdesk.permissions import UNLOCK_SIGN_IN


@dataclass(frozen=True)
class Lockout:
    id: int
    username: str
    ip_address: str
    failures: int
    last_attempt: datetime.datetime
    locked_until: datetime.datetime


def sign_in_lockouts() -> list[Lockout]:
    """Usernames (per address) that failed too often and still wait for the cool-off to pass."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
    ).order_by("-attempt_time")
    return [
        Lockout(
            id=attempt.pk,
            username=attempt.username or "",
            ip_address=attempt.ip_address or "",
            failures=attempt.failures_since_start,
            last_attempt=attempt.attempt_time,
            locked_until=attempt.attempt_time + settings.AXES_COOLOFF_TIME,
        )
        for attempt in attempts
    ]


@transaction.atomic
def sign_in_unlock(*, attempt_id: int, actor) -> int:
    """Let a locked-out user try again at once (a manager, after a phone call). Returns the rows cleared."""
    if not actor.has_perm(UNLOCK_SIGN_IN):
        raise PermissionDeniedError(_("Only a manager can unlock a sign-in."))
    attempt = AccessAttempt.objects.filter(pk=attempt_id).first()
    if attempt is None:
        return 0
    count, _deleted = AccessAttempt.objects.filter(username=attempt.username, ip_address=attempt.ip_address).delete()
    return count


def password_reset_allowed(*, client: str) -> bool:
    """Counts a password reset request from this client address; False once it asked too often this hour."""
    key = f"orderdesk:password-reset:{client}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    return count <= settings.PASSWORD_RESET_LIMIT
