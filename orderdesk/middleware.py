import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils import translation
from django.utils.translation import gettext as _


class UserLanguageMiddleware:
    """A signed-in user sees the language of their profile, wherever they log in from."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class IdleTimeoutMiddleware:
    """Signs out whoever did nothing for SESSION_IDLE_MINUTES; the login page then says why.

    Sits after the message middleware; Django's login-required check (a process_view) then sends the now
    anonymous request to the login page. The last activity is written at most once a minute.
    """

    KEY = "orderdesk_last_activity"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(self.KEY)
            if last is not None and now - last > settings.SESSION_IDLE_MINUTES * 60:
                logout(request)
                messages.info(request, _("You were signed out after a period without activity. Please log in again."))
            elif last is None or now - last >= 60:
                request.session[self.KEY] = now
        return self.get_response(request)


def idle_clock_start(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver: the sign-in counts as activity."""
    if request is not None and hasattr(request, "session"):
        request.session[IdleTimeoutMiddleware.KEY] = int(time.time())
