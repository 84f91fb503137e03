"""The price check on the phone: from the customer file (or for the customer on the line), a product and a quantity
give the customer's price with its explanation, the total, the stock answer and substitutes; one click puts the line
on a new quote or on the customer's draft."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from customers.models import Company
from customers.views.companies import on_the_line_id
from orderdesk.exceptions import DomainError
from orderdesk.forms import form_add_service_error
from orderdesk.params import object_param
from orderdesk.permissions import ADD_QUOTES, CHANGE_QUOTES, VIEW_CUSTOMERS, PermissionMixin
from sales.forms import PriceCheckForm, QuoteLineAddForm
from sales.selectors.price_check import price_check, quotes_open_for
from sales.services.lines import product_find
from sales.services.price_check import quote_line_add

VIEW_PRODUCTS = "sales.view_product"


def price_check_context(*, user, customer, check=None, form=None) -> dict:
    """What the price check box and its answer need (the customer file, the product page, the page of its own)."""
    may_add = user.has_perm(ADD_QUOTES)
    quotes = list(quotes_open_for(company=customer)) if customer and user.has_perm(CHANGE_QUOTES) else []
    return {"customer": customer, "check": check, "form": form, "open_quotes": quotes,
            "may_quote": customer is not None and (may_add or bool(quotes))}  # fmt: skip


class PriceCheckView(PermissionMixin, View):
    """GET: the answer (an htmx fragment under the box, or a page of its own without JavaScript)."""

    permission_required = [VIEW_PRODUCTS, VIEW_CUSTOMERS]

    def get(self, request):
        data = request.GET.copy()
        if "customer" not in data and "customer_text" not in data and on_the_line_id(request):
            data["customer"] = str(on_the_line_id(request))
        form = PriceCheckForm(data if "product" in data else None, initial={"quantity": 1, **_initial(data)})
        check = None
        if form.is_bound and form.is_valid():
            try:
                product = product_find(form.cleaned_data["product"])
            except DomainError as error:
                form_add_service_error(form, error)
            else:
                check = price_check(product=product, quantity=form.cleaned_data["quantity"],
                                    customer=form.cleaned_data["customer"], today=timezone.localdate())  # fmt: skip
        if form.is_bound:
            customer = form.cleaned_data.get("customer")
        else:
            customer = object_param(Company.objects, data.get("customer"))
        context = price_check_context(user=request.user, customer=customer, check=check, form=form)
        template = "sales/_price_check_result.html" if request.htmx else "sales/price_check.html"
        # htmx swaps only a 2xx answer: the fragment shows the form's errors with a 200.
        return render(request, template, context, status=200 if check or request.htmx or not form.is_bound else 400)


def _initial(data) -> dict:
    return {"customer": data.get("customer")} if data.get("customer") else {}


class PriceCheckAddView(PermissionMixin, View):
    """POST: the line on a new quote (or on the chosen draft of the customer), then the quote."""

    permission_required = [VIEW_PRODUCTS, CHANGE_QUOTES]

    def post(self, request):
        form = QuoteLineAddForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("The price check is out of date: check the price again."))
            return redirect("desk:desk")
        data = form.cleaned_data
        customer, target = data["customer"], data["quote"] or "new"
        quote = None
        if target != "new":
            quote = next((q for q in quotes_open_for(company=customer) if str(q.pk) == target), None)
            if quote is None:
                messages.error(request, _("That quote can no longer take lines: choose another or a new one."))
                return redirect("customers:company-detail", pk=customer.pk)
        if not request.user.has_perm(ADD_QUOTES if quote is None else CHANGE_QUOTES):
            raise PermissionDenied
        try:
            quote = quote_line_add(company=customer, product=data["product"], quantity=data["quantity"],
                                   actor=request.user, quote=quote)  # fmt: skip
        except (ValidationError, DomainError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            return redirect("customers:company-detail", pk=customer.pk)
        messages.success(request, _("%(sku)s is on the quote.") % {"sku": data["product"].sku})
        return redirect("sales:quote-detail", pk=quote.pk)
