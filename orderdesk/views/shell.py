from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from orderdesk.selectors import desk_queues, desk_tasks_due, global_search
from orderdesk.services import user_set_language


class DeskView(TemplateView):
    template_name = "orderdesk/desk.html"

    def get_template_names(self):
        return ["orderdesk/_desk_queues.html" if self.request.htmx else self.template_name]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            queues=desk_queues(user=self.request.user), tasks_due=desk_tasks_due(user=self.request.user), **kwargs
        )


class PlaceholderView(TemplateView):
    """An area of the product that is planned but not built yet: it says so instead of pretending."""

    template_name = "orderdesk/placeholder.html"
    title = ""
    description = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, description=self.description, **kwargs)


class SearchView(TemplateView):
    """Global search, as you type (htmx fragment) or as a full page on Enter."""

    def get_template_names(self):
        return ["orderdesk/_search_results.html" if self.request.htmx else "orderdesk/search.html"]

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()
        return super().get_context_data(query=query, groups=global_search(user=self.request.user, query=query))


@method_decorator(login_not_required, name="dispatch")  # the login page offers the languages too
class LanguageSwitchView(View):
    """Switch the interface language and remember it on the user's profile."""

    def post(self, request):
        language = request.POST.get("language", "")
        next_url = request.POST.get("next") or "/"
        if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
            next_url = "/"
        response = redirect(next_url)
        if language not in dict(settings.LANGUAGES):
            messages.error(request, _("This language is not available."))
            return response
        if request.user.is_authenticated:
            user_set_language(user=request.user, language=language)
        translation.activate(language)
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax", secure=request.is_secure())
        return response
