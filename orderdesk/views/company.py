from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from orderdesk.forms import CompanySettingsForm
from orderdesk.models import CompanySettings
from orderdesk.permissions import CHANGE_COMPANY, VIEW_COMPANY, PermissionMixin
from orderdesk.services import company_settings_update


class CompanySettingsView(PermissionMixin, View):
    """Everyone reads our company data; a manager edits it."""

    permission_required = VIEW_COMPANY
    template_name = "orderdesk/company_settings.html"

    def get(self, request):
        company = CompanySettings.load()
        form = CompanySettingsForm(instance=company) if request.user.has_perm(CHANGE_COMPANY) else None
        return render(request, self.template_name, {"company": company, "form": form})

    def post(self, request):
        if not request.user.has_perm(CHANGE_COMPANY):
            raise PermissionDenied
        company = CompanySettings.load()
        form = CompanySettingsForm(request.POST, request.FILES, instance=company)
        if form.is_valid():
            try:
                company_settings_update(company=form.save(commit=False), actor=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The company data is saved; new documents will use it."))
                return redirect("orderdesk:company-settings")
        return render(request, self.template_name, {"company": company, "form": form}, status=400)
