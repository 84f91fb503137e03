"""Collecting: bank statements and the matching queue, receivables and customer statements, reminder runs and
their setup, and the follow-up of one invoice (dispute, payment promise, hand-over)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from customers.models import Company
from orderdesk.exceptions import DomainError
from orderdesk.params import id_param, object_param, text_param
from orderdesk.permissions import (
    CONFIGURE_REMINDERS,
    IMPORT_BANK,
    MATCH_BANK,
    RECORD_PROMISES,
    SEND_REMINDERS,
    VIEW_BANK,
    VIEW_PAYMENTS,
    VIEW_REMINDERS,
    PermissionMixin,
)
from orderdesk.redirects import safe_next
from orderdesk.templatetags.orderdesk import money
from sales.forms import (
    BankLineMatchForm,
    BankStatementUploadForm,
    DisputeForm,
    HandOverForm,
    LatePaymentRateFormSet,
    PaymentPromiseForm,
    ReminderLevelFormSet,
)
from sales.models import BankLine, BankStatement, Invoice, LatePaymentRate, Reminder, ReminderLevel, ReminderRun
from sales.selectors.bank import bank_statement_lines, bank_statement_progress, bank_statements
from sales.selectors.confirmations import reminder_run_confirmation
from sales.selectors.receivables import (
    BUCKETS,
    DSO_DAYS,
    aging_by_customer,
    aging_totals,
    company_credit,
    customer_statement_items,
    days_sales_outstanding,
    reminder_letters,
    reminder_run_groups,
    reminder_run_under_review,
    reminder_runs_past,
)
from sales.services.bank_import import (
    bank_line_confirm,
    bank_line_ignore,
    bank_line_return_confirm,
    bank_lines_to_match,
    bank_statement_import,
    bank_statement_match_retry,
    invoice_by_number,
)
from sales.services.customer_statements import statement_pdf, statement_send
from sales.services.reminders import (
    invoice_dispute_set,
    invoice_hand_back,
    invoice_hand_over,
    payment_promise_record,
    reminder_exclude_company,
    reminder_note_set,
    reminder_run_propose,
    reminder_run_send,
    reminder_setup_save,
)

PAGE_SIZE = 25

# --- bank statements -----------------------------------------------------------------------------------------------


class BankView(PermissionMixin, View):
    """Upload a statement; the lines to match, each with its suggestion; the statements imported."""

    permission_required = VIEW_BANK

    def get(self, request, form=None, status=200):
        page = Paginator(bank_statements(), PAGE_SIZE).get_page(request.GET.get("page"))
        to_match = bank_lines_to_match()
        context = {
            "form": form or BankStatementUploadForm(),
            "to_match": to_match[:50],
            "to_match_count": to_match.count(),
            "statements": page.object_list,
            "page_obj": page,
            "paginator": page.paginator,
        }
        return render(request, "sales/bank.html", context, status=status)

    def post(self, request):
        if not request.user.has_perm(IMPORT_BANK):
            raise Http404
        form = BankStatementUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.get(request, form=form, status=400)
        upload = form.cleaned_data["file"]
        try:
            result = bank_statement_import(content=upload.read(), filename=upload.name, actor=request.user)
        except DomainError as error:
            form.add_error("file", _("%(file)s was not imported: %(error)s") % {"file": upload.name, "error": error})
            return self.get(request, form=form, status=400)
        for statement in result.already_imported:
            imported_on = timezone.localtime(statement.imported_at).strftime("%d/%m/%Y")
            text = _("Statement %(reference)s was already imported on %(date)s: nothing changed.")
            messages.warning(request, text % {"reference": statement.label, "date": imported_on})
        if result.queued:
            text = _("%(statements)s statement(s) imported; their lines are being matched, follow it on the page.")
            messages.info(request, text % {"statements": len(result.queued)})
            if len(result.queued) == 1:
                return redirect("sales:bank-statement", pk=result.queued[0].pk)
        elif result.statements:
            text = _(
                "%(statements)s statement(s) imported: %(matched)s paid automatically, %(to_confirm)s to confirm, "
                "%(unmatched)s to match."
            )
            counts = {"matched": result.matched, "to_confirm": result.to_confirm, "unmatched": result.unmatched}
            messages.success(request, text % {"statements": len(result.statements), **counts})
            if result.returned:
                text = _("%(count)s returned payment(s) took back what they had paid.")
                messages.warning(request, text % {"count": result.returned})
        return redirect("sales:bank")


class BankStatementDetailView(PermissionMixin, View):
    """A statement and its lines; while a worker matches them, the progress (asked again every two seconds)."""

    permission_required = VIEW_BANK

    def get(self, request, pk):
        statement = get_object_or_404(BankStatement, pk=pk)
        done, total = bank_statement_progress(statement)
        context = {"statement": statement, "done": done, "total": total, "matching": done < total}
        if request.htmx and request.GET.get("progress"):
            response = render(request, "sales/_bank_statement_progress.html", context)
            if done == total:
                response["HX-Refresh"] = "true"  # matched: the whole page, with the lines
            return response
        context["lines"] = bank_statement_lines(statement) if done == total else []
        return render(request, "sales/bank_statement.html", context)

    def post(self, request, pk):
        """Match the lines still waiting again, after the worker stopped on an error."""
        if not request.user.has_perm(IMPORT_BANK):
            raise Http404
        statement = get_object_or_404(BankStatement, pk=pk)
        try:
            bank_statement_match_retry(statement=statement, actor=request.user)
            messages.info(request, _("The lines are being matched again."))
        except DomainError as error:
            messages.error(request, str(error))
        return redirect("sales:bank-statement", pk=statement.pk)


class BankLineActionView(PermissionMixin, View):
    """Confirm the suggestion, pay another invoice typed by number, take back what a returned payment paid, or
    ignore the line."""

    permission_required = MATCH_BANK

    def post(self, request, pk, action):
        line = get_object_or_404(BankLine, pk=pk)
        try:
            if action == "ignore":
                bank_line_ignore(line=line, actor=request.user)
                messages.info(request, _("The bank line is ignored."))
            elif action == "return":
                line = bank_line_return_confirm(line=line, actor=request.user)
                messages.success(request, line.suggestion_reason_text)
            elif action == "confirm":
                form = BankLineMatchForm(request.POST)
                number = form.data.get("invoice_number", "").strip()
                invoice = invoice_by_number(number) if number else line.suggested_invoice
                if invoice is None:
                    raise DomainError(_("No open invoice %(number)s.") % {"number": number} if number
                                      else _("Type the number of the invoice this line pays."))  # fmt: skip
                bank_line_confirm(line=line, invoice=invoice, actor=request.user)
                messages.success(request, _("%(amount)s booked on %(number)s.") % {
                    "amount": money(abs(line.amount)), "number": invoice.number})  # fmt: skip
            else:
                raise Http404
        except DomainError as error:
            messages.error(request, str(error))
        return redirect(safe_next(request) or reverse("sales:bank"))


# --- receivables ---------------------------------------------------------------------------------------------------


class ReceivablesView(PermissionMixin, View):
    permission_required = VIEW_PAYMENTS

    def get(self, request):
        today = timezone.localdate()
        overdue_only = request.GET.get("overdue") == "1"
        page = Paginator(aging_by_customer(today=today, overdue_only=overdue_only), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        totals = aging_totals(today=today)
        context = {
            "buckets": [(name, label, totals[name]) for name, label in BUCKETS],
            "bucket_names": [name for name, _label in BUCKETS],
            "totals": totals,
            "dso": days_sales_outstanding(today=today),
            "dso_days": DSO_DAYS,
            "customers": [
                {"company": company, "buckets": [getattr(company, name) for name, _label in BUCKETS]}
                for company in page.object_list
            ],
            "page_obj": page,
            "paginator": page.paginator,
            "overdue_only": overdue_only,
        }
        return render(request, "sales/receivables.html", context)


class CustomerStatementView(PermissionMixin, View):
    """One customer's open items with their reminders and promises; the statement as PDF or by e-mail."""

    permission_required = VIEW_PAYMENTS

    def get(self, request, company_id):
        company = get_object_or_404(Company, pk=company_id)
        today = timezone.localdate()
        if request.GET.get("format") == "pdf":
            pdf = statement_pdf(company=company, today=today)
            response = HttpResponse(pdf, content_type="application/pdf")
            response["Content-Disposition"] = f'inline; filename="statement-{company.pk}-{today.isoformat()}.pdf"'
            return response
        items = customer_statement_items(company=company, today=today)
        context = {"company": company, "items": items, "credit": company_credit(company), "today": today}
        return render(request, "sales/customer_statement.html", context)

    def post(self, request, company_id):
        company = get_object_or_404(Company, pk=company_id)
        try:
            message = statement_send(company=company, actor=request.user, today=timezone.localdate())
            messages.success(request, _("The statement is on its way to %(to)s.") % {"to": ", ".join(message.to)})
        except DomainError as error:
            messages.error(request, str(error))
        return redirect("sales:customer-statement", company_id=company.pk)


# --- reminders -----------------------------------------------------------------------------------------------------


class ReminderRunView(PermissionMixin, View):
    """The run to review (grouped by customer) or a past run; propose, leave a customer out, add a note, send."""

    permission_required = VIEW_REMINDERS

    def get(self, request, pk=None):
        run = reminder_run_under_review() if pk is None else get_object_or_404(ReminderRun, pk=pk)
        groups = reminder_run_groups(run=run) if run is not None else []
        context = {"run": run, "groups": groups, "history": reminder_runs_past(), "letters": reminder_letters(groups)}
        if run is not None and run.status == ReminderRun.Status.PROPOSED and request.user.has_perm(SEND_REMINDERS):
            context["run_confirmation"] = reminder_run_confirmation(run=run)  # shown in the dialog before sending
        return render(request, "sales/reminder_run.html", context)

    def post(self, request, pk=None):
        if not request.user.has_perm(SEND_REMINDERS):
            raise Http404
        action = request.POST.get("action")
        today = timezone.localdate()
        try:
            if action == "propose":
                run = reminder_run_propose(today=today, actor=request.user)
                return redirect("sales:reminder-run")
            run = object_param(ReminderRun.objects, request.POST.get("run"))
            if run is None:
                raise DomainError(_("This reminder run does not exist (any more); here is the current one."))
            company_id = id_param(request.POST.get("company"))
            if action in ("exclude", "note") and company_id is None:
                raise DomainError(_("Choose a customer of the run."))
            note = text_param(request.POST.get("note"))
            if action == "exclude":
                reminder_exclude_company(run=run, company_id=company_id, actor=request.user, note=note)
            elif action == "note":
                reminder_note_set(run=run, company_id=company_id, actor=request.user, note=note)
            elif action == "send":
                queued = reminder_run_send(run=run, actor=request.user)
                messages.success(request, _("%(count)s reminder(s) are being sent.") % {"count": queued})
                return redirect("sales:reminder-run-detail", pk=run.pk)
        except DomainError as error:
            messages.error(request, str(error))
        return redirect("sales:reminder-run")


class ReminderPdfView(PermissionMixin, View):
    permission_required = VIEW_REMINDERS

    def get(self, request, pk):
        reminder = get_object_or_404(Reminder, pk=pk)
        if not reminder.pdf:
            raise Http404
        return FileResponse(reminder.pdf.open("rb"), content_type="application/pdf",
                            filename=f"{reminder.invoice.number}-{reminder.level.rank}.pdf")  # fmt: skip


class ReminderSetupView(PermissionMixin, View):
    """The manager's reminder ladder and the table of statutory interest rates."""

    permission_required = CONFIGURE_REMINDERS

    def get(self, request, levels=None, rates=None, status=200):
        context = {
            "levels": levels or ReminderLevelFormSet(queryset=ReminderLevel.objects.all(), prefix="levels"),
            "rates": rates or LatePaymentRateFormSet(queryset=LatePaymentRate.objects.all(), prefix="rates"),
        }
        return render(request, "sales/reminder_setup.html", context, status=status)

    def post(self, request):
        levels = ReminderLevelFormSet(request.POST, queryset=ReminderLevel.objects.all(), prefix="levels")
        rates = LatePaymentRateFormSet(request.POST, queryset=LatePaymentRate.objects.all(), prefix="rates")
        if levels.is_valid() and rates.is_valid():
            try:
                reminder_setup_save(levels_formset=levels, rates_formset=rates, actor=request.user)
            except DomainError as error:
                messages.error(request, str(error))
                return self.get(request, levels=levels, rates=rates, status=400)
            messages.success(request, _("The reminder levels and interest rates are saved."))
            return redirect("sales:reminder-setup")
        return self.get(request, levels=levels, rates=rates, status=400)


# --- one invoice's follow-up ---------------------------------------------------------------------------------------


class InvoiceFollowUpView(PermissionMixin, View):
    """Dispute or clear, record a payment promise, hand over or take back: from the invoice page."""

    permission_required = RECORD_PROMISES
    action_permissions = {"hand-over": SEND_REMINDERS, "hand-back": SEND_REMINDERS}

    def post(self, request, pk, action):
        invoice = get_object_or_404(Invoice, pk=pk)
        forms = {"dispute": DisputeForm, "promise": PaymentPromiseForm, "hand-over": HandOverForm}
        form = forms[action](request.POST) if action in forms else None
        try:
            if form is not None and not form.is_valid():
                raise ValidationError([f"{form.fields[name].label}: {' '.join(errors)}"
                                       for name, errors in form.errors.items()])  # fmt: skip
            data = form.cleaned_data if form is not None else {}
            if action == "dispute":
                invoice_dispute_set(invoice=invoice, actor=request.user, disputed=True, note=data["note"])
                messages.info(request, _("The invoice is disputed: no reminder goes out for it."))
            elif action == "undispute":
                invoice_dispute_set(invoice=invoice, actor=request.user, disputed=False)
                messages.info(request, _("The dispute is cleared: reminders resume."))
            elif action == "promise":
                payment_promise_record(
                    invoice=invoice, actor=request.user, promised_for=data["promised_for"], amount=data["amount"],
                    note=data["note"], today=timezone.localdate(),
                )  # fmt: skip
                messages.success(request, _("Promise recorded: no reminder before %(date)s.") % {
                    "date": data["promised_for"].strftime("%d/%m/%Y")})  # fmt: skip
            elif action == "hand-over":
                invoice_hand_over(invoice=invoice, actor=request.user, to=data["to"], note=data["note"])
                messages.warning(request, _("The invoice is handed over; reminders stop."))
            elif action == "hand-back":
                invoice_hand_back(invoice=invoice, actor=request.user)
                messages.info(request, _("The invoice is back with us; reminders may resume."))
            else:
                raise Http404
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except DomainError as error:
            messages.error(request, str(error))
        return redirect("sales:invoice-detail", pk=invoice.pk)
