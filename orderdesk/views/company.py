from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from orderdesk.forms import CompanySettingsForm
from orderdesk.models import CompanySettings
from orderdesk.pdf import render_pdf
from orderdesk.permissions import CHANGE_COMPANY, VIEW_COMPANY, PermissionMixin
from orderdesk.services import company_settings_update
from orderdesk.uploads import download_response


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


class CompanyPreviewPdfView(PermissionMixin, View):
    """A sample document in one language, so a manager sees the letterhead and mentions before customers do."""

    permission_required = VIEW_COMPANY

    def get(self, request, language):
        if language not in dict(settings.LANGUAGES):
            raise Http404
        company = CompanySettings.load()
        sample_lines = [
            {"description": _("Sample product"), "quantity": 2, "unit_price": Decimal("125.50")},
            {"description": _("Installation on site"), "quantity": 1, "unit_price": Decimal("1234.56")},
        ]
        for line in sample_lines:
            line["amount"] = line["quantity"] * line["unit_price"]
        pdf = render_pdf(
            "documents/company_preview.html",
            {"company": company, "sample_lines": sample_lines, "terms": company.terms_for(language)},
            language=language,
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="sample-{language}.pdf"'
        return response


class CompanyLogoView(PermissionMixin, View):
    """The logo as uploaded, for whoever may read the company data; a download, never a page."""

    permission_required = VIEW_COMPANY

    def get(self, request):
        company = CompanySettings.load()
        if not company.logo:
            raise Http404
        return download_response(company.logo, filename="logo" + PurePath(company.logo.name).suffix)
