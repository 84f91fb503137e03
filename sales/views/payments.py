"""Payments: the list, and registering one for a customer with its allocation over the open documents."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from customers.models import Company
from orderdesk.exceptions import DomainError
from orderdesk.forms import AmountField, form_add_service_error
from orderdesk.params import id_param, object_param, text_param
from orderdesk.permissions import ADD_PAYMENTS, VIEW_PAYMENTS, PermissionMixin
from sales.forms import PaymentForm
from sales.models import Invoice, Payment
from sales.selectors.receivables import company_credit, open_documents, payment_list
from sales.services.payments import payment_register

PAGE_SIZE = 25


def _amount(value: str, invoice_id: int):
    """An amount typed the Belgian way, read by the same field as every other amount."""
    try:
        return AmountField(decimal_places=2).clean(value)
    except ValidationError as error:
        raise ValidationError({f"allocation_{invoice_id}": error.messages}) from None


class PaymentListView(PermissionMixin, View):
    permission_required = VIEW_PAYMENTS

    def get(self, request):
        page = Paginator(payment_list(), PAGE_SIZE).get_page(request.GET.get("page"))
        return render(request, "sales/payment_list.html",
                      {"payments": page.object_list, "page_obj": page, "paginator": page.paginator})  # fmt: skip


class PaymentCreateView(PermissionMixin, View):
    """Register a payment for a customer; the open documents are listed to share it over (oldest first when
    nothing is typed)."""

    permission_required = ADD_PAYMENTS

    def get(self, request):
        company = object_param(Company.objects, request.GET.get("company"))
        if company is None:
            return redirect("sales:company-pick", target="payment")
        initial = {"received_on": timezone.localdate()}
        typed = {}
        invoice = object_param(Invoice.objects.filter(company=company), request.GET.get("invoice"))
        if invoice is not None:
            initial.update(amount=invoice.amount_open, reference=invoice.structured_reference)
            if invoice.is_credit_note:
                initial["direction"] = Payment.Direction.REFUNDED
            typed[invoice.pk] = f"{invoice.amount_open:.2f}".replace(".", ",")
        return self._render(request, company, PaymentForm(initial=initial), typed)

    def post(self, request):
        company = object_param(Company.objects, request.POST.get("company"))
        if company is None:
            messages.error(request, _("Choose the customer who paid first."))
            return redirect("sales:company-pick", target="payment")
        form = PaymentForm(request.POST)
        typed = {
            invoice_id: text_param(value)
            for key, value in request.POST.items()
            if key.startswith("allocation_") and (invoice_id := id_param(key.removeprefix("allocation_")))
        }
        if form.is_valid():
            data = form.cleaned_data
            try:
                payment = payment_register(
                    company=company, actor=request.user, received_on=data["received_on"], amount=data["amount"],
                    method=data["method"], reference=data["reference"], payer=data["payer"], notes=data["notes"],
                    direction=data["direction"],
                    allocations={key: _amount(value, key) for key, value in typed.items() if value} or None,
                )  # fmt: skip
                messages.success(request, _("The payment of %(company)s is booked.") % {"company": company.name})
                allocation = payment.allocations.select_related("invoice").first()
                if allocation is not None and payment.allocations.count() == 1:
                    return redirect("sales:invoice-detail", pk=allocation.invoice_id)
                return redirect("sales:payment-list")
            except (ValidationError, DomainError) as error:
                form_add_service_error(form, error)
        return self._render(request, company, form, typed, status=400)

    def _render(self, request, company, form, typed, status=200):
        direction = form["direction"].value() or Payment.Direction.RECEIVED
        documents = list(open_documents(company, direction=direction))
        rows = [{"invoice": document, "typed": typed.get(document.pk, "")} for document in documents]
        context = {"company": company, "form": form, "rows": rows, "credit": company_credit(company)}
        return render(request, "sales/payment_form.html", context, status=status)
