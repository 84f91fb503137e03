"""Invoices and credit notes: the list, a draft's editor and its issue, the issued page, credit notes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from customers.models import Company
from orderdesk.exceptions import DomainError
from orderdesk.forms import form_add_service_error, mail_composed
from orderdesk.history import status_history_labelled
from orderdesk.models import OutboxMessage
from orderdesk.pagination import IdFirstPaginator
from orderdesk.params import id_param, object_param, text_param
from orderdesk.permissions import (
    ADD_INVOICES,
    APPROVE_QUOTES,
    CHANGE_INVOICES,
    ISSUE_INVOICES,
    VIEW_INVOICES,
    PermissionMixin,
)
from orderdesk.redirects import safe_next
from sales.forms import CreditNoteForm, HandOverForm, InvoiceHeaderForm, PaymentPromiseForm
from sales.models import DeliveryNote, Invoice, Order
from sales.selectors.documents import invoice_list, invoice_list_totals
from sales.selectors.invoices import (
    deliveries_to_invoice,
    invoice_channel,
    invoice_lines_creditable,
    invoice_needs_rating,
    invoice_parties,
    invoice_problems,
    invoicing_deadline,
    invoicing_deadline_near,
)
from sales.services import invoicing as services
from sales.services.approvals import document_approve, document_refuse
from sales.services.invoice_documents import invoice_archived_pdf, invoice_pdf_name
from sales.services.peppol import endpoint_for
from sales.views.confirmations import confirm_dialog_context, confirmation_for
from sales.views.lines import header_save, lines_context

PAGE_SIZE = 25


class InvoiceListView(PermissionMixin, View):
    permission_required = VIEW_INVOICES

    def get(self, request):
        filterset = invoice_list(params=request.GET)
        page = IdFirstPaginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            "filter": filterset,
            "page_obj": page,
            "paginator": page.paginator,
            "invoices": page.object_list,
            "totals": invoice_list_totals(filterset.qs),
            "today": timezone.localdate(),
        }
        if request.htmx:
            return render(request, "sales/_invoice_rows.html", context)
        to_invoice = deliveries_to_invoice()
        context["to_invoice"], context["to_invoice_count"] = list(to_invoice[:50]), to_invoice.count()
        for note in context["to_invoice"]:
            note.invoice_by = invoicing_deadline(note.shipped_on)
            note.invoice_by_near = invoicing_deadline_near(note.shipped_on, today=context["today"])
        return render(request, "sales/invoice_list.html", context)


class InvoiceCreateView(PermissionMixin, View):
    """A draft from an order (its delivery notes and services not billed yet), from chosen delivery notes,
    or empty for a customer (lines typed by hand)."""

    permission_required = ADD_INVOICES

    def post(self, request):
        try:
            if request.POST.get("order"):
                order = object_param(Order.objects, request.POST.get("order"))
                if order is None:
                    raise DomainError(_("This order does not exist (any more)."))
                invoice = services.invoice_draft_for_order(order=order, actor=request.user)
            elif request.POST.get("source") == "deliveries":
                chosen = [pk for value in request.POST.getlist("delivery") if (pk := id_param(value))]
                notes = list(DeliveryNote.objects.filter(pk__in=chosen).select_related("order__company"))
                if not notes:
                    raise DomainError(_("Tick the delivery notes to put on one invoice."))
                invoice = services.invoice_draft_create(company=notes[0].order.company, actor=request.user,
                                                        deliveries=notes)  # fmt: skip
            else:
                company = object_param(Company.objects, request.POST.get("company"))
                if company is None:
                    return redirect("sales:company-pick", target="invoice")
                invoice = services.invoice_free_create(company=company, actor=request.user)
        except DomainError as error:
            messages.error(request, str(error))
            return redirect(safe_next(request) or "sales:invoice-list")
        return redirect("sales:invoice-detail", pk=invoice.pk)


def invoice_page_context(request, invoice, *, header_form=None, compose_form=None) -> dict:
    parties = invoice_parties(invoice)
    context = lines_context(document=invoice, kind="invoice", user=request.user)
    context.update(
        invoice=invoice,
        header_form=header_form or InvoiceHeaderForm(instance=invoice),
        history=status_history_labelled(invoice),
        mails=OutboxMessage.objects.filter(content_type__model="invoice", object_id=invoice.pk).order_by("-created_at"),
        deliveries=[link.delivery for link in invoice.invoice_deliveries.select_related("delivery")],
        credit_notes=list(invoice.credit_notes.order_by("pk")),
        transmissions=list(invoice.transmissions.all()),
        parties=parties,
        channel=invoice_channel(invoice),
        has_peppol_address=endpoint_for(parties["buyer"]) is not None,
        allocations=list(invoice.allocations.select_related("payment")),
        reminders=list(invoice.reminders.filter(status="sent").select_related("level").order_by("sent_on", "pk")),
        promises=list(invoice.payment_promises.select_related("created_by")[:5]),
        today=timezone.localdate(),
        promise_form=PaymentPromiseForm(initial={"amount": invoice.amount_open}),
        hand_over_form=HandOverForm(),
    )
    if invoice.is_draft:
        context["problems"] = invoice_problems(invoice)
        context["needs_rating"] = invoice_needs_rating(invoice)
        # What "Issue" will do (number, to whom, which channel), asked in a dialog before it happens.
        context.update(confirm_dialog_context(kind="invoice", document=invoice, user=request.user,
                                              compose_form=compose_form))  # fmt: skip
    return context


class InvoiceDetailView(PermissionMixin, View):
    permission_required = VIEW_INVOICES

    def get(self, request, pk):
        return render(request, "sales/invoice_detail.html", invoice_page_context(request, self._invoice(pk)))

    def post(self, request, pk):
        """Save the header of a draft (reference, supply date, payment term, notes)."""
        invoice = self._invoice(pk)
        return header_save(
            request, invoice, form_class=InvoiceHeaderForm, permission=CHANGE_INVOICES,
            save=lambda **fields: services.invoice_update(invoice=invoice, **fields),
            page=lambda form: render(request, "sales/invoice_detail.html",
                                     invoice_page_context(request, invoice, header_form=form), status=400),
            saved_message=_("The draft is saved."),
        )  # fmt: skip

    def _invoice(self, pk) -> Invoice:
        return get_object_or_404(
            Invoice.objects.select_related("company", "contact", "order", "credited_invoice", "issued_by"), pk=pk
        )


class InvoiceActionView(PermissionMixin, View):
    permission_required = VIEW_INVOICES
    action_permissions = {"issue": ISSUE_INVOICES, "approve": APPROVE_QUOTES, "refuse": APPROVE_QUOTES,
                          "rate": CHANGE_INVOICES, "delete": CHANGE_INVOICES, "retransmit": ISSUE_INVOICES}  # fmt: skip

    def post(self, request, pk, action):
        invoice = get_object_or_404(Invoice, pk=pk)
        try:
            if action == "issue":
                confirmation = confirmation_for(kind="invoice", document=invoice, user=request.user)
                mail, form = mail_composed(request.POST, confirmation.mail if confirmation else None)
                if form is not None and not form.is_valid():  # a wrong address: nothing issued, nothing typed lost
                    context = invoice_page_context(request, invoice, compose_form=form)
                    return render(request, "sales/invoice_detail.html", context, status=400)
                services.invoice_issue(invoice=invoice, actor=request.user, mail=mail)
                if invoice.approval_pending:
                    messages.warning(request, _("The prices need a manager's approval; the invoice waits for it."))
                else:
                    messages.success(request, _("%(number)s is issued and on its way to the customer.")
                                     % {"number": invoice.number})  # fmt: skip
            elif action == "approve":
                document_approve(document=invoice, actor=request.user, comment=text_param(request.POST.get("comment")))
                messages.success(request, _("Approved. The invoice can be issued now."))
            elif action == "refuse":
                document_refuse(document=invoice, actor=request.user, comment=text_param(request.POST.get("comment")))
                messages.success(request, _("Refused; the invoice stays a draft with your comment."))
            elif action == "rate":
                services.invoice_vat_regime_apply(invoice=invoice, actor=request.user)
                messages.success(request, _("The lines are rated for the customer's VAT regime: check the totals."))
            elif action == "delete":
                if not request.user.has_perm(CHANGE_INVOICES):
                    raise DomainError(_("You do not have the permission to do this."))
                services.invoice_draft_delete(invoice=invoice, actor=request.user)
                messages.success(request, _("The draft is deleted."))
                return redirect("sales:invoice-list")
            elif action == "retransmit":
                from sales.services.peppol import transmission_queue

                if not request.user.has_perm(ISSUE_INVOICES) or invoice.is_draft:
                    raise DomainError(_("You do not have the permission to do this."))
                transmission_queue(invoice=invoice)
                messages.success(request, _("The Peppol transmission is queued again."))
            else:
                raise Http404
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except DomainError as error:
            messages.error(request, str(error))
        if action in ("approve", "refuse") and safe_next(request):
            return redirect(safe_next(request))  # decided from the approvals page: back there, for the next one
        return redirect("sales:invoice-detail", pk=pk)


class InvoicePdfView(PermissionMixin, View):
    """The archived PDF of an issued document, byte for byte; a preview marked DRAFT for a draft."""

    permission_required = VIEW_INVOICES

    def get(self, request, pk):
        invoice = get_object_or_404(Invoice.objects.select_related("company", "credited_invoice", "order"), pk=pk)
        response = HttpResponse(invoice_archived_pdf(invoice), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{invoice_pdf_name(invoice)}"'
        return response


class InvoiceUblView(PermissionMixin, View):
    permission_required = VIEW_INVOICES

    def get(self, request, pk):
        invoice = get_object_or_404(Invoice, pk=pk)
        if not invoice.ubl:
            raise Http404
        with invoice.ubl.open("rb") as handle:
            response = HttpResponse(handle.read(), content_type="application/xml")
        response["Content-Disposition"] = f'attachment; filename="{invoice.number}.xml"'
        return response


class CreditNoteCreateView(PermissionMixin, View):
    """Credit an issued invoice: all of it, chosen lines and quantities, or an amount; then preview and issue."""

    permission_required = ISSUE_INVOICES

    def get(self, request, pk):
        invoice = self._invoice(pk)
        return self._render(request, invoice, CreditNoteForm(invoice=invoice), {})

    def post(self, request, pk):
        invoice = self._invoice(pk)
        form = CreditNoteForm(request.POST, invoice=invoice)
        typed = {line.pk: text_param(request.POST.get(f"quantity_{line.pk}")) for line in invoice.lines.all()}
        if form.is_valid():
            data = form.cleaned_data
            try:
                note = services.credit_note_create(
                    invoice=invoice, actor=request.user, reason=data["reason"],
                    quantities=typed
                    if data["mode"] == "lines" else None,
                    amount=data["amount"] if data["mode"] == "amount" else None,
                    vat_rate=form.vat_rate_and_kind[0] if data["mode"] == "amount" else None,
                    is_service=form.vat_rate_and_kind[1] if data["mode"] == "amount" else None,
                )  # fmt: skip
                messages.success(request, _("Check the draft credit note, then issue it."))
                return redirect("sales:invoice-detail", pk=note.pk)
            except (ValidationError, DomainError) as error:
                form_add_service_error(form, error)
        return self._render(request, invoice, form, typed, status=400)

    def _invoice(self, pk) -> Invoice:
        invoice = get_object_or_404(Invoice.objects.select_related("company"), pk=pk, kind=Invoice.Kind.INVOICE)
        if invoice.is_draft:
            raise Http404
        return invoice

    def _render(self, request, invoice, form, typed, status=200):
        rows = []
        for line in invoice_lines_creditable(invoice):
            left = line.quantity - line.credited
            rows.append({"line": line, "left": left, "typed": typed.get(line.pk, "")})
        context = {"invoice": invoice, "form": form, "rows": rows, "remaining": invoice.total - invoice.amount_credited}
        return render(request, "sales/credit_note_form.html", context, status=status)
