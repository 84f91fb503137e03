"""Complaint pages: the list, registering one on the phone, the file with its steps, and the report."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from complaints import services
from complaints.forms import (
    AnswerForm,
    AssessForm,
    CloseForm,
    ComplaintForm,
    DecideForm,
    ProposeForm,
    ReasonForm,
    RootCauseFormSet,
    SupplierClaimForm,
)
from complaints.models import Complaint, RootCause, SupplierClaim
from complaints.selectors import (
    complaint_export_rows,
    complaint_list,
    complaint_report_labelled,
    open_order_lines,
    recent_delivery_lines,
    recent_invoice_lines,
)
from complaints.states import COMPLAINT_OPEN, Severity
from customers.models import Company
from orderdesk.exceptions import DomainError
from orderdesk.exports import safe_csv_writer
from orderdesk.history import status_history_labelled
from orderdesk.models import CompanySettings, OutboxMessage
from orderdesk.params import date_param, id_param, object_param, text_param
from orderdesk.permissions import (
    ADD_COMPLAINTS,
    CHANGE_COMPLAINTS,
    DECIDE_COMPLAINTS,
    VIEW_COMPLAINTS,
    VIEW_MARGIN,
    PermissionMixin,
)
from orderdesk.redirects import safe_next

PAGE_SIZE = 25


CARRIED_FILTERS = ("root_cause", "assignee", "from", "to")


class ComplaintListView(PermissionMixin, View):
    permission_required = VIEW_COMPLAINTS

    def get(self, request):
        complaints = complaint_list(params=request.GET, user=request.user, now=timezone.now())
        page = Paginator(complaints, PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            "complaints": page.object_list, "page_obj": page, "paginator": page.paginator, "now": timezone.now(),
            "categories": Complaint.Category.choices, "severities": Severity.choices, "params": request.GET,
            # Filters the dashboard links with and the form does not show: kept when the form is submitted.
            "carried": [(name, request.GET[name]) for name in CARRIED_FILTERS if request.GET.get(name)],
        }  # fmt: skip
        return render(request, "complaints/complaint_list.html", context)


def _typed_quantities(post, prefix: str) -> dict[int, str]:
    """{line id: the quantity typed} for the fields named prefix + a line id; other names are not lines."""
    return {
        line_id: text_param(value)
        for key, value in post.items()
        if key.startswith(prefix) and (line_id := id_param(key.removeprefix(prefix))) and text_param(value)
    }


class ComplaintCreateView(PermissionMixin, View):
    """Register while the customer is on the phone: what happened, and which delivered or invoiced lines."""

    permission_required = ADD_COMPLAINTS

    def get(self, request):
        company = object_param(Company.objects, request.GET.get("company"))
        if company is None:
            return redirect("sales:company-pick", target="complaint")
        return self._render(request, company, ComplaintForm(company=company), {}, {})  # nothing typed yet

    def post(self, request):
        company = object_param(Company.objects, request.POST.get("company"))
        if company is None:
            messages.error(request, _("Choose the customer who complains first."))
            return redirect("sales:company-pick", target="complaint")
        form = ComplaintForm(request.POST, company=company)
        delivered, invoiced = _typed_quantities(request.POST, "delivery_"), _typed_quantities(request.POST, "invoice_")
        ordered = _typed_quantities(request.POST, "order_")
        if form.is_valid():
            data = form.cleaned_data
            try:
                complaint = services.complaint_register(
                    company=company, actor=request.user, contact=data["contact"], channel=data["channel"],
                    category=data["category"], severity=data["severity"], description=data["description"],
                    delivery_lines=delivered, invoice_lines=invoiced, order_lines=ordered,
                )  # fmt: skip
                messages.success(request, _("Complaint %(number)s is registered; the customer gets the "
                                            "acknowledgement.") % {"number": complaint.number})  # fmt: skip
                return redirect("complaints:complaint-detail", pk=complaint.pk)
            except DomainError as error:
                form.add_error(None, str(error))
        return self._render(request, company, form, delivered, invoiced, ordered, status=400)

    def _render(self, request, company, form, delivered, invoiced, ordered=None, status=200):
        ordered = ordered or {}
        context = {
            "company": company, "form": form,
            "order_lines": [(line, ordered.get(line.pk, "")) for line in open_order_lines(company)],
            "delivery_lines": [(line, delivered.get(line.pk, "")) for line in recent_delivery_lines(company)],
            "invoice_lines": [(line, invoiced.get(line.pk, "")) for line in recent_invoice_lines(company)],
        }  # fmt: skip
        return render(request, "complaints/complaint_form.html", context, status=status)


class ComplaintDetailView(PermissionMixin, View):
    permission_required = VIEW_COMPLAINTS

    def get(self, request, pk, forms=None, status=200):
        complaint = get_object_or_404(
            Complaint.objects.select_related(
                "company", "contact", "assignee", "root_cause", "credit_note", "replacement_order", "decided_by"
            ),
            pk=pk,
        )
        today = timezone.localdate()
        lines = list(complaint.lines.select_related(
            "product", "delivery_line__delivery", "invoice_line__invoice", "order_line__order"))  # fmt: skip
        for line in lines:
            line.warranty = services.line_warranty(line, today=today)
        initial_assess = {
            "justified": {True: "yes", False: "no"}.get(complaint.justified, ""),
            "justification": complaint.justification,
            "root_cause": complaint.root_cause_id, "root_cause_detail": complaint.root_cause_detail,
            "warranty_override": complaint.warranty_override,
            "warranty_override_reason": complaint.warranty_override_reason,
        }  # fmt: skip
        forms = forms or {}
        context = {
            "complaint": complaint,
            "lines": lines,
            "warranty": services.complaint_warranty(complaint, today=today),
            "is_open": complaint.status in COMPLAINT_OPEN,
            "now": timezone.now(),
            "history": status_history_labelled(complaint),
            "claims": [(claim, SupplierClaimForm(prefix=f"claim-{claim.pk}", initial=_claim_initial(claim)))
                       for claim in complaint.supplier_claims.all()],
            "mails": OutboxMessage.objects.filter(content_type__model="complaint", object_id=complaint.pk),
            "assess_form": forms.get("assess") or AssessForm(initial=initial_assess),
            "propose_form": forms.get("propose") or ProposeForm(initial={"procedure": complaint.procedure,
                                                                         "proposal": complaint.proposal}),
            "decide_form": forms.get("decide") or DecideForm(initial={"approved_credit": complaint.credit_amount}),
            "close_form": forms.get("close") or CloseForm(),
            "reason_form": forms.get("reason") or ReasonForm(),
            "answer_form": forms.get("answer") or AnswerForm(),
            "claim_form": forms.get("claim") or SupplierClaimForm(initial={"supplier": _first_supplier(lines)}),
            "credit_limit": CompanySettings.load().complaint_credit_limit,
        }  # fmt: skip
        return render(request, "complaints/complaint_detail.html", context, status=status)


def _claim_initial(claim) -> dict:
    fields = ("supplier", "supplier_reference", "question", "answer", "outcome", "amount")
    return {name: getattr(claim, name) for name in fields}


def _first_supplier(lines) -> str:
    return next((line.product.supplier for line in lines if line.product_id and line.product.supplier), "")


class ComplaintActionView(PermissionMixin, View):
    """One step of the complaint, from the form of that step on its page."""

    permission_required = CHANGE_COMPLAINTS
    action_permissions = {"decide": DECIDE_COMPLAINTS}
    FORMS = {
        "assess": AssessForm, "propose": ProposeForm, "decide": DecideForm, "close": CloseForm, "escalate": ReasonForm,
        "reopen": ReasonForm, "answer": AnswerForm, "claim": SupplierClaimForm,
    }  # fmt: skip

    def post(self, request, pk, action):
        complaint = get_object_or_404(Complaint, pk=pk)
        if action not in self.FORMS:
            raise Http404
        claim_id = id_param(request.POST.get("claim")) if action == "claim" else None
        # An existing claim's form carries its own prefix (several claims on one page).
        form = self.FORMS[action](request.POST, prefix=f"claim-{claim_id}" if claim_id else None)
        key = "reason" if action in ("escalate", "reopen") else action
        if not form.is_valid():
            return ComplaintDetailView().get(request, pk, forms={key: form}, status=400)
        data = form.cleaned_data
        try:
            self._do(request, complaint, action, data)
        except (DomainError, ValidationError) as error:
            # Said at the top of the page (the step's form may not show in this status); what was typed stays.
            messages.error(request, " ".join(error.messages) if isinstance(error, ValidationError) else str(error))
            return ComplaintDetailView().get(request, pk, forms={key: form}, status=400)
        # Decided from the approvals page: back there.
        return redirect(safe_next(request) or reverse("complaints:complaint-detail", args=[complaint.pk]))

    def _do(self, request, complaint, action, data):
        actor = request.user
        if action == "assess":
            services.complaint_assess(complaint=complaint, actor=actor, **data)
            messages.success(request, _("The assessment is saved."))
        elif action == "propose":
            services.complaint_propose(complaint=complaint, actor=actor, **data)
            messages.success(request, _("The solution is proposed; record the customer's answer when it comes."))
        elif action == "escalate":
            services.complaint_escalate(complaint=complaint, actor=actor, reason=data["reason"])
            messages.info(request, _("The complaint waits for a manager's decision."))
        elif action == "decide":
            services.complaint_decide(complaint=complaint, actor=actor, **data)
            messages.success(request, _("The decision is recorded."))
        elif action == "answer":
            complaint = services.complaint_answer(complaint=complaint, actor=actor, **data)
            if complaint.credit_note_id:
                messages.success(request, _("Credit note %(number)s is issued and on its way to the customer.")
                                 % {"number": complaint.credit_note.number})  # fmt: skip
            elif complaint.replacement_order_id:
                messages.success(request, _("Replacement order %(number)s is created.")
                                 % {"number": complaint.replacement_order.number})  # fmt: skip
            else:
                messages.success(request, _("The customer's answer is recorded."))
        elif action == "close" and request.POST.get("step") == "resolve":
            services.complaint_resolve(complaint=complaint, actor=actor, outcome=data["outcome"])
            messages.success(request, _("The complaint is resolved; close it when the customer confirms."))
        elif action == "close":
            services.complaint_close(complaint=complaint, actor=actor, **data)
            messages.success(request, _("The complaint is closed."))
        elif action == "reopen":
            services.complaint_reopen(complaint=complaint, actor=actor, reason=data["reason"])
            messages.warning(request, _("The complaint is open again."))
        elif action == "claim":
            claim = SupplierClaim.objects.filter(pk=id_param(request.POST.get("claim")), complaint=complaint).first()
            services.supplier_claim_save(complaint=complaint, actor=actor, claim=claim, **data)
            messages.success(request, _("The supplier claim is saved."))


class RootCauseListView(PermissionMixin, View):
    """The manager keeps the list of causes the report counts: add one, rename it, retire it (never delete)."""

    permission_required = "complaints.change_rootcause"

    def get(self, request, formset=None, status=200):
        formset = formset or RootCauseFormSet(queryset=RootCause.objects.order_by("name_nl"))
        return render(request, "complaints/root_causes.html", {"formset": formset}, status=status)

    def post(self, request):
        formset = RootCauseFormSet(request.POST, queryset=RootCause.objects.order_by("name_nl"))
        if not formset.is_valid():
            return self.get(request, formset=formset, status=400)
        try:
            services.root_causes_save(formset=formset, actor=request.user)
        except DomainError as error:
            messages.error(request, str(error))
            return self.get(request, formset=formset, status=400)
        messages.success(request, _("The root causes are saved."))
        return redirect("complaints:root-causes")


class ComplaintReportView(PermissionMixin, View):
    permission_required = VIEW_COMPLAINTS

    def get(self, request):
        today = timezone.localdate()
        since = date_param(request.GET.get("from")) or today.replace(month=1, day=1)
        until = date_param(request.GET.get("to")) or today
        if request.GET.get("format") == "csv":
            return _csv(since, until)
        report = complaint_report_labelled(since=since, until=until,
                                           include_cost=request.user.has_perm(VIEW_MARGIN))  # fmt: skip
        return render(request, "complaints/complaint_report.html", {"report": report, "since": since, "until": until})


def _csv(since: datetime.date, until: datetime.date) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="complaints-{since}-{until}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 with accents right
    safe_csv_writer(response, delimiter=";").writerows(complaint_export_rows(since=since, until=until))
    return response
