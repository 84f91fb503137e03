"""The line editor shared by quotes and orders: add, change, remove lines and the document discount (htmx)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.views import View

from orderdesk.exceptions import DomainError
from orderdesk.forms import form_add_service_error
from orderdesk.params import text_param
from orderdesk.permissions import CHANGE_INVOICES, CHANGE_ORDERS, CHANGE_QUOTES, VIEW_MARGIN, PermissionMixin
from sales.forms import DiscountForm, LineForm
from sales.models import Invoice, Order, Quote
from sales.selectors.catalog import products_search
from sales.selectors.documents import document_lines
from sales.services.availability import availability_for
from sales.services.discounts import document_approval_problems
from sales.services.lines import document_discount_set, document_line_delete, document_line_save, product_find
from sales.services.quotes import approval_reason_text
from sales.states import INVOICE_EDITABLE, ORDER_EDITABLE, QUOTE_EDITABLE

SUGGESTIONS = 8
KINDS = {
    "quote": (Quote, QUOTE_EDITABLE, CHANGE_QUOTES, "sales:quote-detail"),
    "order": (Order, ORDER_EDITABLE, CHANGE_ORDERS, "sales:order-detail"),
    "invoice": (Invoice, INVOICE_EDITABLE, CHANGE_INVOICES, "sales:invoice-detail"),
}


def lines_context(*, document, kind: str, user, line_form=None, discount_form=None) -> dict:
    """What `sales/_document_lines.html` needs, for the full page and for the htmx fragment alike."""
    _model, editable, permission, _detail = KINDS[kind]
    context = {
        "document": document,
        "kind": kind,
        "kind_url": f"sales:{kind}",
        # Credit notes take their lines from the credited invoice: never typed.
        "editable": document.status in editable
        and user.has_perm(permission)
        and not getattr(document, "is_credit_note", False),
        "lines": document_lines(document=document, today=timezone.localdate()),
        "line_form": line_form or LineForm(initial={"quantity": 1}),
        "discount_form": discount_form or DiscountForm(initial={"discount_percent": document.discount_percent}),
        "approval_reasons": [],
    }
    if context["editable"] and not getattr(document, "approval_pending", False):
        # The same check as at send, confirm and issue; margin figures only for who may see cost prices.
        show_cost = user.has_perm(VIEW_MARGIN)
        context["approval_reasons"] = [
            approval_reason_text(problem, show_cost=show_cost)
            for problem in document_approval_problems(document=document, actor=user)
        ]
    return context


class _LineView(PermissionMixin, View):
    kind = ""

    def get_permission_required(self):
        return [KINDS[self.kind][2]]

    def dispatch(self, request, *args, **kwargs):
        self.document = get_object_or_404(KINDS[self.kind][0].objects.select_related("company"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def respond(self, request, *, line_form=None, discount_form=None, error=None):
        self.document.refresh_from_db()
        if request.htmx:
            context = lines_context(document=self.document, kind=self.kind, user=request.user, line_form=line_form,
                                    discount_form=discount_form)  # fmt: skip
            context["error"] = error
            # The confirmation dialog follows the lines (total, approval): swapped out of band with them.
            from sales.views.confirmations import confirm_dialog_context

            context.update(confirm_dialog_context(kind=self.kind, document=self.document, user=request.user),
                           confirm_dialog_oob=True)  # fmt: skip
            return render(request, "sales/_document_lines.html", context)
        if error:
            messages.error(request, error)
        return redirect(KINDS[self.kind][3], pk=self.document.pk)


class LineSaveView(_LineView):
    """Add a line (no line id) or change one, then show the lines and totals again."""

    def post(self, request, pk, line_pk=None):
        form = LineForm(request.POST)
        if not form.is_valid():
            return self.respond(request, line_form=form if line_pk is None else None,
                                error=None if line_pk is None else _first_error(form))  # fmt: skip
        data = form.cleaned_data
        line = self.document.lines.filter(pk=line_pk).first() if line_pk else None
        try:
            typed = data["product"].strip()
            if line is not None and (not typed or typed == line.sku):
                product = line.product  # changed in place: quantity, price, texts
            else:  # a new line, or a substitute taking the line's place
                product = product_find(typed) if typed else None
            document_line_save(
                document=self.document, actor=request.user, line=line, product=product, quantity=data["quantity"],
                unit_price=data["unit_price"], discount_percent=data["discount_percent"] or 0,
                description=data["description"], vat_rate=data["vat_rate"], specifications=data["specifications"],
                is_service=form.is_service,
            )  # fmt: skip
        except (ValidationError, DomainError) as error:
            if line_pk is None:
                form_add_service_error(form, error)
                return self.respond(request, line_form=form)
            return self.respond(request, error=_error_text(error))
        return self.respond(request)


class LineDeleteView(_LineView):
    def post(self, request, pk, line_pk):
        line = get_object_or_404(self.document.lines, pk=line_pk)
        try:
            document_line_delete(document=self.document, line=line, actor=request.user)
        except DomainError as error:
            return self.respond(request, error=str(error))
        return self.respond(request)


class DiscountView(_LineView):
    def post(self, request, pk):
        form = DiscountForm(request.POST)
        if form.is_valid():
            try:
                document_discount_set(document=self.document, actor=request.user,
                                      discount_percent=form.cleaned_data["discount_percent"] or 0)  # fmt: skip
            except (ValidationError, DomainError) as error:
                form_add_service_error(form, error)
        return self.respond(request, discount_form=form if form.errors else None)


def _first_error(form) -> str:
    return next(iter(form.errors.values()))[0]


def _error_text(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(message for messages_ in error.message_dict.values() for message in messages_) if hasattr(
            error, "error_dict") else " ".join(error.messages)  # fmt: skip
    return str(error)


class ProductSuggestionsView(PermissionMixin, View):
    """Options for the "SKU or product name" field while typing: SKU, name and the stock answer."""

    permission_required = "sales.view_product"

    def get(self, request):
        query = text_param(request.GET.get("product"))
        products = products_search(query=query, limit=SUGGESTIONS) if len(query) >= 2 else []
        today = timezone.localdate()
        language = get_language()
        options = [
            (product.sku, f"{product.name_in(language)} · {availability_for(product=product, today=today).message}")
            for product in products
        ]
        return render(request, "sales/_product_suggestions.html", {"options": options})


def header_save(request, document, *, form_class, permission: str, save, page, saved_message: str):
    """Save the header of a draft quote, order or invoice from its page; on a problem, the page again with the form
    as typed."""
    if not request.user.has_perm(permission):
        raise PermissionDenied
    form = form_class(request.POST, instance=document)
    if form.is_valid():
        try:
            save(actor=request.user, **form.cleaned_data)
            messages.success(request, saved_message)
            return redirect(request.path)
        except (ValidationError, DomainError) as error:
            form_add_service_error(form, error)
    document.refresh_from_db()
    return page(form)
