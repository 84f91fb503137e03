from django.conf import settings

from orderdesk.navigation import navigation_for
from orderdesk.permissions import user_role_names


def shell(request) -> dict:
    """What the page shell (top bar, navigation) needs on every page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"LANGUAGE_CHOICES": settings.LANGUAGES}
    return {
        "LANGUAGE_CHOICES": settings.LANGUAGES,
        "navigation": navigation_for(user, request.path),
        "user_roles": user_role_names(user),
    }
