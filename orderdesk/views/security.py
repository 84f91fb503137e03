"""Sign-in safety pages: the manager's list of locked-out sign-ins with an unlock, and the limited password reset."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View

from orderdesk.exceptions import DomainError
from orderdesk.permissions import UNLOCK_SIGN_IN, PermissionMixin
from orderdesk.security import password_reset_allowed, sign_in_lockouts, sign_in_unlock


def locked_out(request, original_response=None, credentials=None):
    """What django-axes answers a locked-out sign-in (login page and admin login), in the reader's language."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)


class SignInLockListView(PermissionMixin, View):
    permission_required = UNLOCK_SIGN_IN

    def get(self, request):
        return render(request, "orderdesk/sign_in_locks.html", {"lockouts": sign_in_lockouts()})


class SignInUnlockView(PermissionMixin, View):
    permission_required = UNLOCK_SIGN_IN

    def post(self, request, pk):
        try:
            cleared = sign_in_unlock(attempt_id=pk, actor=request.user)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            if cleared:
                messages.success(request, _("The sign-in is unlocked: the user can log in again."))
        return redirect("orderdesk:sign-in-locks")


@method_decorator(login_not_required, name="dispatch")
class LimitedPasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, refused (429) after too many requests from one address in an hour."""

    def post(self, request, *args, **kwargs):
        if not password_reset_allowed(client=request.META.get("REMOTE_ADDR", "")):
            form = self.get_form()
            form.is_valid()
            form.add_error(None, _("Too many password reset requests. Please wait an hour and try again."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)
