"""Collecting: bank statements and the matching queue, receivables and customer statements, reminder runs and
their setup, and the follow-up of one invoice (dispute, payment promise, hand-over)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from customers.models import Company
from orderdesk.exceptions import DomainError
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
from sales.selectors.receivables import (
    BUCKETS,
    DSO_DAYS,
    aging_by_customer,
    aging_totals,
    customer_open_items,
    days_sales_outstanding,
)
from sales.services.bank_import import (
    bank_line_confirm,
    bank_line_ignore,
    bank_lines_to_match,
    bank_statement_import,
    invoice_by_number,
)
from sales.services.customer_statements import statement_pdf, statement_send
from sales.services.payments import company_credit
from sales.services.reminders import (
    invoice_dispute_set,
    invoice_hand_back,
    invoice_hand_over,
    payment_promise_record,
    reminder_exclude_company,
    reminder_note_set,
    reminder_run_propose,
    reminder_run_send,
)

PAGE_SIZE = 25

# --- bank statements -----------------------------------------------------------------------------------------------


class BankView(PermissionMixin, View):
    """Upload a statement; the lines to match, each with its suggestion; the statements imported."""

    permission_required = VIEW_BANK

    def get(self, request, form=None, status=200):
        statements = BankStatement.objects.annotate(
            line_count=Count("lines"), receipts=Sum("lines__amount", filter=Q(lines__amount__gt=0))
        ).select_related("imported_by")
        page = Paginator(statements, PAGE_SIZE).get_page(request.GET.get("page"))
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
            messages.warning(request, text % {"reference": statement.reference, "date": imported_on})
        if result.statements:
            text = _(
                "%(statements)s statement(s) imported: %(matched)s paid automatically, %(to_confirm)s to confirm, "
                "%(unmatched)s to match."
            )
            counts = {"matched": result.matched, "to_confirm": result.to_confirm, "unmatched": result.unmatched}
            messages.success(request, text % {"statements": len(result.statements), **counts})
        return redirect("sales:bank")


class BankStatementDetailView(PermissionMixin, View):
    permission_required = VIEW_BANK

    def get(self, request, pk):
        statement = get_object_or_404(BankStatement, pk=pk)
        lines = statement.lines.select_related("suggested_invoice", "payment__company").order_by("pk")
        return render(request, "sales/bank_statement.html", {"statement": statement, "lines": lines})


class BankLineActionView(PermissionMixin, View):
    """Confirm the suggestion, pay another invoice typed by number, or ignore the line."""

    permission_required = MATCH_BANK

    def post(self, request, pk, action):
        line = get_object_or_404(BankLine, pk=pk)
        try:
            if action == "ignore":
                bank_line_ignore(line=line, actor=request.user)
                messages.info(request, _("The bank line is ignored."))
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
        return redirect(request.POST.get("next") or reverse("sales:bank"))


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
        items = list(customer_open_items(company=company).prefetch_related("reminders__level", "payment_promises"))
        for item in items:
            item.days_late = (today - item.due_date).days if item.due_date and not item.is_credit_note else 0
            item.sent_reminders = [r for r in item.reminders.all() if r.status == Reminder.Status.SENT]
            item.promise = next((p for p in item.payment_promises.all() if p.promised_for >= today), None)
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
        if pk is None:
            run = ReminderRun.objects.filter(status=ReminderRun.Status.PROPOSED).first()
        else:
            run = get_object_or_404(ReminderRun, pk=pk)
        groups = []
        if run is not None:
            reminders = run.reminders.select_related("invoice__company", "level", "outbox_message").order_by(
                "invoice__company__name", "invoice__due_date", "pk"
            )
            for reminder in reminders:
                if not groups or groups[-1]["company"].pk != reminder.invoice.company_id:
                    groups.append({"company": reminder.invoice.company, "reminders": [], "note": ""})
                groups[-1]["reminders"].append(reminder)
                groups[-1]["note"] = groups[-1]["note"] or reminder.note
            for group in groups:
                group["total"] = sum(r.total for r in group["reminders"] if r.status != Reminder.Status.EXCLUDED)
                group["excluded"] = all(r.status == Reminder.Status.EXCLUDED for r in group["reminders"])
        history = ReminderRun.objects.exclude(status=ReminderRun.Status.PROPOSED).annotate(
            sent=Count("reminders", filter=Q(reminders__status=Reminder.Status.SENT))
        )[:10]
        context = {
            "run": run,
            "groups": groups,
            "history": history,
            "letters": [r for g in groups for r in g["reminders"]
                        if r.status == Reminder.Status.SENT and r.channel == ReminderLevel.Channel.LETTER],
        }  # fmt: skip
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
            run = get_object_or_404(ReminderRun, pk=request.POST.get("run"))
            company_id = int(request.POST.get("company") or 0)
            if action == "exclude":
                reminder_exclude_company(run=run, company_id=company_id, actor=request.user,
                                         note=request.POST.get("note", ""))  # fmt: skip
            elif action == "note":
                reminder_note_set(run=run, company_id=company_id, actor=request.user, note=request.POST.get("note", ""))
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
            with transaction.atomic():
                levels.save()
                rates.save()
            messages.success(request, _("The reminder levels and interest rates are saved."))
            return redirect("sales:reminder-setup")
        return self.get(request, levels=levels, rates=rates, status=400)


# --- one invoice's follow-up ---------------------------------------------------------------------------------------


class InvoiceFollowUpView(PermissionMixin, View):
    """Dispute or clear, record a payment promise, hand over or take back: from the invoice page."""

    permission_required = RECORD_PROMISES

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
