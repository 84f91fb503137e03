from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View

from orderdesk.redirects import safe_next
from orderdesk.services import user_set_language


@method_decorator(login_not_required, name="dispatch")  # the login page offers the languages too
class LanguageSwitchView(View):
    """Switch the interface language and remember it on the user's profile."""

    def post(self, request):
        language = request.POST.get("language", "")
        response = redirect(safe_next(request) or "/")
        if language not in dict(settings.LANGUAGES):
            messages.error(request, _("This language is not available."))
            return response
        if request.user.is_authenticated:
            user_set_language(user=request.user, language=language)
        translation.activate(language)
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax", secure=request.is_secure())
        return response
