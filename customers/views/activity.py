from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from customers.forms import CreditDecisionForm, CreditRequestForm, InteractionForm, TaskForm
from customers.models import Company, CreditRequest, FollowUpTask
from customers.selectors import tasks_open_for
from customers.services.activity import interaction_log, task_complete, task_create
from customers.services.credit import credit_request_create, credit_request_decide
from orderdesk.exceptions import DomainError
from orderdesk.forms import form_add_service_error
from orderdesk.permissions import DECIDE_CREDIT, PermissionMixin
from orderdesk.redirects import safe_next


class InteractionCreateView(PermissionMixin, View):
    permission_required = "customers.add_interaction"
    template_name = "customers/interaction_form.html"

    def get(self, request, company_pk):
        company = get_object_or_404(Company, pk=company_pk)
        initial = {"kind": request.GET.get("kind", "call"), "contacts": request.GET.getlist("contact")}
        return render(
            request, self.template_name, {"form": InteractionForm(company=company, initial=initial), "company": company}
        )

    def post(self, request, company_pk):
        company = get_object_or_404(Company, pk=company_pk)
        form = InteractionForm(request.POST, company=company)
        if form.is_valid():
            data = form.cleaned_data
            try:
                interaction = interaction_log(
                    company=company,
                    actor=request.user,
                    kind=data["kind"],
                    direction=data["direction"],
                    happened_at=data["happened_at"],
                    summary=data["summary"],
                    minutes=data["minutes"],
                    contacts=data["contacts"],
                    internal_attendees=data["internal_attendees"],
                )
            except (ValidationError, DomainError) as error:
                form_add_service_error(form, error)
            else:
                messages.success(request, _("The contact moment is logged."))
                if "add_task" in request.POST:
                    # The follow-up is usually with the person we just spoke to.
                    contact = interaction.contacts.first()
                    url = reverse("customers:task-create", args=[company.pk])
                    return redirect(f"{url}?contact={contact.pk}" if contact else url)
                return redirect("customers:company-detail", pk=company.pk)
        return render(request, self.template_name, {"form": form, "company": company}, status=400)


class TaskCreateView(PermissionMixin, View):
    permission_required = "customers.add_followuptask"
    template_name = "customers/task_form.html"

    def get(self, request, company_pk):
        company = get_object_or_404(Company, pk=company_pk)
        form = TaskForm(company=company, user=request.user, initial={"contact": request.GET.get("contact")})
        return render(request, self.template_name, {"form": form, "company": company})

    def post(self, request, company_pk):
        company = get_object_or_404(Company, pk=company_pk)
        form = TaskForm(request.POST, company=company, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                task_create(
                    actor=request.user,
                    title=data["title"],
                    due_date=data["due_date"],
                    assignee=data["assignee"],
                    company=company,
                    contact=data["contact"],
                    notes=data["notes"],
                )
            except (ValidationError, DomainError) as error:
                form_add_service_error(form, error)
            else:
                messages.success(request, _("The follow-up task is planned."))
                return redirect("customers:company-detail", pk=company.pk)
        return render(request, self.template_name, {"form": form, "company": company}, status=400)


class TaskCompleteView(PermissionMixin, View):
    permission_required = "customers.change_followuptask"

    def post(self, request, pk):
        task = get_object_or_404(FollowUpTask, pk=pk)
        task_complete(task=task, actor=request.user)
        messages.success(request, _("Task “%(title)s” is done.") % {"title": task.title})
        next_page = request.POST.get("next")
        if next_page == "desk":
            return redirect("desk:desk")
        if next_page == "tasks":
            return redirect("customers:task-list")
        return (
            redirect("customers:company-detail", pk=task.company_id)
            if task.company_id
            else redirect("customers:task-list")
        )


TASK_PAGE_SIZE = 50


class TaskListView(PermissionMixin, View):
    """My open follow-up tasks, overdue first."""

    permission_required = "customers.view_followuptask"

    def get(self, request):
        page = Paginator(tasks_open_for(user=request.user), TASK_PAGE_SIZE).get_page(request.GET.get("page"))
        context = {"tasks": page.object_list, "page_obj": page, "paginator": page.paginator}
        return render(request, "customers/task_list.html", context)


class CreditRequestCreateView(PermissionMixin, View):
    permission_required = "customers.add_creditrequest"
    template_name = "customers/credit_request_form.html"

    def get(self, request, company_pk):
        company = get_object_or_404(Company, pk=company_pk)
        return render(request, self.template_name, {"form": CreditRequestForm(), "company": company})

    def post(self, request, company_pk):
        company = get_object_or_404(Company, pk=company_pk)
        form = CreditRequestForm(request.POST)
        if form.is_valid():
            try:
                credit_request_create(
                    company=company,
                    requested_limit=form.cleaned_data["requested_limit"],
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
            except (ValidationError, DomainError) as error:
                form_add_service_error(form, error)
            else:
                messages.success(request, _("The request is sent to a manager for a decision."))
                return redirect("customers:company-detail", pk=company.pk)
        return render(request, self.template_name, {"form": form, "company": company}, status=400)


class CreditRequestDecideView(PermissionMixin, View):
    permission_required = DECIDE_CREDIT
    template_name = "customers/credit_request_decide.html"

    def get(self, request, pk):
        credit_request = get_object_or_404(CreditRequest.objects.select_related("company", "requested_by"), pk=pk)
        return render(request, self.template_name, {"form": CreditDecisionForm(), "credit_request": credit_request})

    def post(self, request, pk):
        credit_request = get_object_or_404(CreditRequest.objects.select_related("company", "requested_by"), pk=pk)
        form = CreditDecisionForm(request.POST)
        if form.is_valid():
            try:
                credit_request_decide(
                    request=credit_request,
                    approve=form.cleaned_data["decision"] == "approve",
                    note=form.cleaned_data["note"],
                    actor=request.user,
                )
            except (ValidationError, DomainError) as error:
                form_add_service_error(form, error)
                if isinstance(error, ValidationError) and "decision_note" in getattr(error, "message_dict", {}):
                    form.add_error("note", error.message_dict["decision_note"])
            else:
                messages.success(request, _("The decision is recorded on the customer file."))
                if safe_next(request):  # decided on the approvals page: back there
                    return redirect(safe_next(request))
                return redirect("customers:company-detail", pk=credit_request.company_id)
        context = {"form": form, "credit_request": credit_request}
        return render(request, self.template_name, context, status=400)
