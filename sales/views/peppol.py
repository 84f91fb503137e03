"""Peppol delivery: the access point's webhook, the deliveries that need the assistant, and the customer file's
Peppol part (reachability refreshed by hand, a search on the network to fill in a missing Peppol id)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from customers.models import Company
from customers.services.companies import company_update
from orderdesk.exceptions import DomainError, PermissionDeniedError
from orderdesk.identifiers import compact_peppol_id
from orderdesk.params import id_param, text_param
from orderdesk.permissions import CHANGE_CUSTOMERS, ISSUE_INVOICES, VIEW_CUSTOMERS, VIEW_INVOICES, PermissionMixin
from orderdesk.redirects import safe_next
from sales.access_points import AccessPointError
from sales.models import PeppolTransmission
from sales.selectors.peppol import peppol_configured, peppol_deliveries, reachability
from sales.services.peppol_delivery import (
    participant_lookup,
    participant_search,
    peppol_webhook_receive,
    transmission_retry,
)

PAGE_SIZE = 50


@method_decorator([csrf_exempt, login_not_required], name="dispatch")
class PeppolWebhookView(View):
    """The access point calls this with an event; only a correctly signed call is heard (401 otherwise)."""

    def post(self, request):
        if not peppol_webhook_receive(body=request.body, headers=request.headers):
            return HttpResponse("invalid signature", status=401, content_type="text/plain")
        return HttpResponse("ok", content_type="text/plain")


class PeppolDeliveriesView(PermissionMixin, View):
    """Failed deliveries (one click sends again) and invoices the customer rejected: the lists behind My desk."""

    permission_required = VIEW_INVOICES

    def get(self, request):
        view = request.GET.get("view", "") if request.GET.get("view") in ("failed", "rejected") else ""
        page = Paginator(peppol_deliveries(view=view), PAGE_SIZE).get_page(request.GET.get("page"))
        return render(request, "sales/peppol/deliveries.html",
                      {"page_obj": page, "view": view, "configured": peppol_configured()})  # fmt: skip

    def post(self, request):
        if not request.user.has_perm(ISSUE_INVOICES):
            return HttpResponse(status=403)
        transmission = PeppolTransmission.objects.filter(pk=id_param(request.POST.get("transmission"))).first()
        try:
            if transmission is None:
                raise DomainError(_("This Peppol delivery does not exist (any more)."))
            transmission_retry(transmission=transmission, actor=request.user)
            messages.success(request, _("%(number)s is queued for Peppol again.") % {
                "number": transmission.invoice.number})  # fmt: skip
        except PermissionDeniedError:
            return HttpResponse(status=403)
        except DomainError as error:
            messages.error(request, str(error))
        return redirect(safe_next(request) or "sales:peppol-deliveries")


class PeppolLookupView(PermissionMixin, View):
    """Ask the network again whether the customer's Peppol id is reachable (the cache is refreshed)."""

    permission_required = VIEW_CUSTOMERS

    def post(self, request, company_id):
        company = get_object_or_404(Company, pk=company_id)
        participant = participant_lookup(peppol_id=company.effective_peppol_id, force=True)
        if participant is None:
            messages.info(request, _("Peppol is not configured: there is no access point to ask."))
        else:
            messages.info(request, f"{participant.peppol_id}: {reachability(participant.peppol_id).label}")
        return redirect(safe_next(request) or reverse("customers:company-detail", args=[company.pk]))


class PeppolSearchView(PermissionMixin, View):
    """Search the network by name or VAT number; taking a result fills in the customer's Peppol id."""

    permission_required = VIEW_CUSTOMERS

    def get(self, request, company_id):
        company = get_object_or_404(Company, pk=company_id)
        query = text_param(request.GET.get("q"))[:100] if "q" in request.GET else (company.vat_number or company.name)
        results, error = [], ""
        try:
            results = participant_search(query=query)
        except AccessPointError as problem:
            error = problem.message
        return render(request, "sales/peppol/search.html", {
            "company": company, "query": query, "results": results, "error": error,
            "configured": peppol_configured(),
        })  # fmt: skip

    def post(self, request, company_id):
        company = get_object_or_404(Company, pk=company_id)
        if not request.user.has_perm(CHANGE_CUSTOMERS):
            return HttpResponse(status=403)
        company.peppol_id = compact_peppol_id(text_param(request.POST.get("peppol_id"))[:60])
        if not company.peppol_id:
            messages.error(request, _("Choose one of the participants found."))
            return redirect("sales:peppol-search", company_id=company.pk)
        try:
            company_update(company=company, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("sales:peppol-search", company_id=company.pk)
        except DomainError as error:
            messages.error(request, str(error))
            return redirect("sales:peppol-search", company_id=company.pk)
        messages.success(request, _("The Peppol id %(id)s is saved on the customer file.") % {"id": company.peppol_id})
        return redirect("customers:company-detail", pk=company.pk)
