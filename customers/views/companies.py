from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from customers.forms import CompanyForm, ConvertForm, CreditStatusForm, MergeForm, company_label
from customers.models import Company, CreditStatus
from customers.selectors import companies_matching, company_detail_queryset, company_file, company_list
from customers.services.companies import (
    company_convert_to_customer,
    company_create,
    company_set_credit_status,
    company_update,
)
from customers.services.duplicates import SimilarCompaniesFound
from customers.services.merge import company_merge
from customers.services.vies import company_vies_check
from orderdesk.exceptions import DomainError
from orderdesk.exports import safe_csv_writer
from orderdesk.forms import form_add_service_error
from orderdesk.history import status_history
from orderdesk.params import text_param
from orderdesk.permissions import (
    ADD_CUSTOMERS,
    CHANGE_CUSTOMERS,
    MERGE_CUSTOMERS,
    SET_CREDIT_STATUS,
    VIEW_CUSTOMERS,
    PermissionMixin,
)
from orderdesk.redirects import safe_next

PAGE_SIZE = 25
EXPORT_LIMIT = 10_000


class CompanyListView(PermissionMixin, View):
    permission_required = VIEW_CUSTOMERS

    def get(self, request):
        filterset = company_list(params=request.GET)
        page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
        context = {"filter": filterset, "page_obj": page, "paginator": page.paginator, "companies": page.object_list}
        template = "customers/_company_rows.html" if request.htmx else "customers/company_list.html"
        return render(request, template, context)


class CompanyExportView(PermissionMixin, View):
    """The filtered list as CSV (semicolons and a BOM: what Belgian Excel opens correctly)."""

    permission_required = VIEW_CUSTOMERS

    def get(self, request):
        companies = company_list(params=request.GET).qs[:EXPORT_LIMIT]
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="companies-{timezone.localdate():%Y%m%d}.csv"'
        response.write("\ufeff")
        writer = safe_csv_writer(response, delimiter=";")
        writer.writerow(
            [
                _("Name"),
                _("Legal form"),
                _("Type"),
                _("Enterprise number"),
                _("VAT number"),
                _("VAT regime"),
                _("Language"),
                _("Street"),
                _("Postal code"),
                _("City"),
                _("Country"),
                _("Phone"),
                _("E-mail"),
                _("Invoice e-mail"),
                _("Payment term (days)"),
                _("Credit limit"),
                _("Credit status"),
                _("Account owner"),
                _("Tags"),
                _("Contacts"),
            ]  # fmt: skip
        )
        for company in companies:
            writer.writerow(
                [
                    company.name,
                    company.legal_form,
                    company.get_kind_display(),
                    company.enterprise_number_display,
                    company.vat_number,
                    company.get_vat_regime_display(),
                    company.language,
                    company.street,
                    company.postal_code,
                    company.city,
                    company.country,
                    company.phone,
                    company.email,
                    company.invoice_email,
                    company.payment_days,
                    f"{company.credit_limit:.2f}".replace(".", ","),
                    company.get_credit_status_display(),
                    str(company.owner or ""),
                    ", ".join(tag.name for tag in company.tags.all()),
                    company.contact_count,
                ]  # fmt: skip
            )
        return response


def _render_company_form(request, form, *, company=None, similar=(), status=200):
    context = {"form": form, "company": company, "similar": similar}
    return render(request, "customers/company_form.html", context, status=status)


class CompanyCreateView(PermissionMixin, View):
    permission_required = ADD_CUSTOMERS

    def get(self, request):
        initial = {"name": request.GET.get("name", ""), "kind": request.GET.get("kind", Company.Kind.PROSPECT)}
        return _render_company_form(request, CompanyForm(initial=initial))

    def post(self, request):
        form = CompanyForm(request.POST)
        if not form.is_valid():
            return _render_company_form(request, form, status=400)
        try:
            company = company_create(
                company=form.save(commit=False),
                actor=request.user,
                tags=form.tag_objects(),
                confirm_similar=form.cleaned_data["confirm_similar"],
            )
        except SimilarCompaniesFound as warning:
            form.show_similar_confirmation()
            form.add_error(None, str(warning))
            return _render_company_form(request, form, similar=warning.similar, status=400)
        except (ValidationError, DomainError) as error:
            form_add_service_error(form, error)
            return _render_company_form(request, form, status=400)
        messages.success(request, _("%(name)s is saved.") % {"name": company.name})
        return redirect("customers:company-detail", pk=company.pk)


class CompanyUpdateView(PermissionMixin, View):
    permission_required = CHANGE_CUSTOMERS

    def get(self, request, pk):
        company = get_object_or_404(Company, pk=pk)
        return _render_company_form(request, CompanyForm(instance=company), company=company)

    def post(self, request, pk):
        company = get_object_or_404(Company, pk=pk)
        form = CompanyForm(request.POST, instance=company)
        if not form.is_valid():
            return _render_company_form(request, form, company=company, status=400)
        try:
            company_update(company=form.save(commit=False), actor=request.user, tags=form.tag_objects())
        except (ValidationError, DomainError) as error:
            form_add_service_error(form, error)
            return _render_company_form(request, form, company=company, status=400)
        messages.success(request, _("%(name)s is saved.") % {"name": company.name})
        return redirect("customers:company-detail", pk=company.pk)


class CompanyDetailView(PermissionMixin, View):
    """The customer file: header, contacts, timeline, tasks, credit."""

    permission_required = VIEW_CUSTOMERS

    def get(self, request, pk):
        company = get_object_or_404(company_detail_queryset(), pk=pk)
        on_the_line_remember(request, company)
        return render(request, "customers/company_detail.html", self.context(request, company))

    @staticmethod
    def context(request, company, **extra):
        return {
            "file": company_file(company=company),
            "company": company,
            "file_history": _file_history(company),
            "credit_status_form": CreditStatusForm(
                initial={"credit_status": company.credit_status, "reason": company.credit_status_reason}
            ),
            "convert_form": ConvertForm(),
            "merge_form": MergeForm(company=company) if request.user.has_perm(MERGE_CUSTOMERS) else None,
            **extra,
        }


def _file_history(company: Company) -> list:
    """Conversion and credit-status changes, newest first, with the credit status in words."""
    labels = dict(CreditStatus.choices)
    changes = list(status_history(company).order_by("-changed_at", "-pk"))
    for change in changes:
        change.label = labels.get(change.to_status, change.to_status)
    return changes


class CompanyConvertView(PermissionMixin, View):
    permission_required = CHANGE_CUSTOMERS

    def post(self, request, pk):
        company = get_object_or_404(Company, pk=pk)
        form = ConvertForm(request.POST)
        form.is_valid()
        try:
            company_convert_to_customer(company=company, actor=request.user, reason=form.cleaned_data.get("reason", ""))
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(name)s is now a customer.") % {"name": company.name})
        return redirect("customers:company-detail", pk=pk)


class CompanyCreditStatusView(PermissionMixin, View):
    permission_required = SET_CREDIT_STATUS

    def post(self, request, pk):
        company = get_object_or_404(company_detail_queryset(), pk=pk)
        form = CreditStatusForm(request.POST)
        if form.is_valid():
            try:
                company_set_credit_status(
                    company=company,
                    status=form.cleaned_data["credit_status"],
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
            except (ValidationError, DomainError) as error:
                form_add_service_error(form, error)
            else:
                messages.success(request, _("The credit status is saved."))
                return redirect("customers:company-detail", pk=pk)
        context = CompanyDetailView.context(request, company, credit_status_form=form, open_panel="credit")
        return render(request, "customers/company_detail.html", context, status=400)


class CompanyViesCheckView(PermissionMixin, View):
    permission_required = CHANGE_CUSTOMERS

    def post(self, request, pk):
        company = get_object_or_404(Company, pk=pk)
        check = company_vies_check(company=company, actor=request.user)
        if not check.reachable:
            messages.warning(request, check.message)
        elif check.valid:
            messages.success(request, check.message + (f" ({check.name})" if check.name else ""))
        else:
            messages.error(request, check.message)
        return redirect("customers:company-detail", pk=pk)


class CompanyMergeView(PermissionMixin, View):
    permission_required = MERGE_CUSTOMERS

    def post(self, request, pk):
        company = get_object_or_404(company_detail_queryset(), pk=pk)
        form = MergeForm(request.POST, company=company)
        if form.is_valid():
            duplicate = form.cleaned_data["duplicate"]
            try:
                company_merge(source=duplicate, target=company, actor=request.user)
            except (ValidationError, DomainError) as error:
                form_add_service_error(form, error)
            else:
                messages.success(request, _("%(name)s is merged into this file.") % {"name": duplicate.name})
                return redirect("customers:company-detail", pk=pk)
        if not request.user.has_perm(MERGE_CUSTOMERS):
            raise PermissionDenied
        context = CompanyDetailView.context(request, company, merge_form=form, open_panel="merge")
        return render(request, "customers/company_detail.html", context, status=400)


PICKER_RESULTS = 15
ON_THE_LINE = "on_the_line"  # session key: the customer whose file was opened last ({"id": ..., "name": ...})


class CompanySearchView(PermissionMixin, View):
    """The customer pickers' type-ahead: at most 15 companies matching a name, VAT or enterprise number, as JSON."""

    permission_required = VIEW_CUSTOMERS

    def get(self, request):
        query = text_param(request.GET.get("q"))
        companies = companies_matching(queryset=Company.objects.all(), query=query, limit=PICKER_RESULTS) if len(
            query) >= 2 else []  # fmt: skip
        results = [{"id": company.pk, "name": company.name, "label": company_label(company)} for company in companies]
        return JsonResponse({"results": results})


def on_the_line_remember(request, company: Company) -> None:
    """The customer whose file was opened last is "on the line": the shell names them, the global search and the
    product page price for them. Small: the id and the name."""
    remembered = {"id": company.pk, "name": company.name}
    if request.session.get(ON_THE_LINE) != remembered:
        request.session[ON_THE_LINE] = remembered


class OnTheLineClearView(PermissionMixin, View):
    """Forget the customer on the line (the call is over)."""

    permission_required = VIEW_CUSTOMERS

    def post(self, request):
        request.session.pop(ON_THE_LINE, None)
        return redirect(safe_next(request) or "desk:desk")


def on_the_line_id(request) -> int | None:
    """The id of the customer on the line, if any."""
    line = request.session.get(ON_THE_LINE)
    return line.get("id") if isinstance(line, dict) else None
