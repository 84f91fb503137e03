from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from customers.models import Company
from orderdesk.exceptions import DomainError
from orderdesk.forms import DateRange, MailComposeForm, date_typed, form_add_service_error, mail_composed
from orderdesk.history import status_history_labelled
from orderdesk.models import OutboxMessage
from orderdesk.params import object_param, text_param
from orderdesk.permissions import (
    ADD_DELIVERIES,
    ADD_ORDERS,
    ADD_SUPPLIER_ORDERS,
    APPROVE_QUOTES,
    CHANGE_ORDERS,
    RECEIVE_SUPPLIER_ORDERS,
    RELEASE_ORDERS,
    VIEW_DELIVERIES,
    VIEW_ORDERS,
    VIEW_SUPPLIER_ORDERS,
    PermissionMixin,
)
from orderdesk.redirects import safe_next
from sales.forms import DeliveryNotesForm, OrderHeaderForm, QuantitiesForm, ReasonForm, SupplierOrderForm
from sales.models import DeliveryNote, Order, OrderLine, Product, SupplierOrder
from sales.selectors.confirmations import delivery_mail_confirmation
from sales.selectors.documents import delivery_list, order_list, supplier_order_list
from sales.selectors.invoices import order_can_invoice
from sales.selectors.purchasing import backorders_to_purchase
from sales.services import deliveries as delivery_services
from sales.services import orders as services
from sales.services.approvals import document_approve, document_refuse
from sales.services.documents import delivery_note_pdf, order_confirmation_pdf, order_pdf_name, supplier_order_pdf
from sales.states import ORDER_OPEN, OrderStatus
from sales.views.confirmations import confirm_dialog_context, confirmation_for
from sales.views.lines import header_save, lines_context

PAGE_SIZE = 25
DELIVERED_ON = DateRange(
    366, 1, gettext_lazy("the customer signs for the goods the day they arrive, not in the future")
)


def _pdf(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def _number(value) -> str:
    return f"{value.normalize():f}".replace(".", ",")


class OrderListView(PermissionMixin, View):
    permission_required = VIEW_ORDERS

    def get(self, request):
        filterset = order_list(params=request.GET)
        page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
        context = {"filter": filterset, "page_obj": page, "paginator": page.paginator, "orders": page.object_list}
        return render(request, "sales/_order_rows.html" if request.htmx else "sales/order_list.html", context)


class OrderCreateView(PermissionMixin, View):
    """An order taken directly, without a quote."""

    permission_required = ADD_ORDERS

    def post(self, request):
        company = object_param(Company.objects, request.POST.get("company"))
        if company is None:
            return redirect("sales:company-pick", target="order")
        order = services.order_create(company=company, actor=request.user,
                                      contact=company.contacts.filter(is_active=True).first())  # fmt: skip
        return redirect("sales:order-detail", pk=order.pk)


def order_page_context(request, order, *, header_form=None, compose_form=None) -> dict:
    context = lines_context(document=order, kind="order", user=request.user)
    # What "Confirm" will do, asked in a dialog before it happens.
    context.update(confirm_dialog_context(kind="order", document=order, user=request.user, compose_form=compose_form))
    context.update(
        order=order,
        header_form=header_form or OrderHeaderForm(instance=order),
        history=status_history_labelled(order),
        deliveries=list(order.deliveries.all()),
        mails=OutboxMessage.objects.filter(
            Q(content_type__model="order", object_id=order.pk)
            | Q(content_type__model="deliverynote", object_id__in=order.deliveries.values("pk"))
        ).order_by("-created_at"),
        reason_form=ReasonForm(),
        invoices=list(order.invoices.order_by("pk")),
        can_invoice=order_can_invoice(order=order, user=request.user),
    )
    if order.status in {OrderStatus.DRAFT, OrderStatus.ON_HOLD}:
        context["checklist"] = services.order_checklist(order=order, today=timezone.localdate())
    return context


class OrderDetailView(PermissionMixin, View):
    permission_required = VIEW_ORDERS

    def get(self, request, pk):
        order = get_object_or_404(
            Order.objects.select_related("company", "contact", "owner", "quote", "delivery_address"), pk=pk
        )
        return render(request, "sales/order_detail.html", order_page_context(request, order))

    def post(self, request, pk):
        """Save the header (reference, delivery, terms) of a draft."""
        order = get_object_or_404(Order.objects.select_related("company"), pk=pk)
        return header_save(
            request, order, form_class=OrderHeaderForm, permission=CHANGE_ORDERS,
            save=lambda **fields: services.order_update(order=order, **fields),
            page=lambda form: render(request, "sales/order_detail.html",
                                     order_page_context(request, order, header_form=form), status=400),
            saved_message=_("The order is saved."),
        )  # fmt: skip


class OrderActionView(PermissionMixin, View):
    permission_required = VIEW_ORDERS
    action_permissions = {"confirm": CHANGE_ORDERS, "approve": APPROVE_QUOTES, "refuse": APPROVE_QUOTES,
                          "release": RELEASE_ORDERS, "cancel": CHANGE_ORDERS}  # fmt: skip

    def post(self, request, pk, action):
        order = get_object_or_404(Order, pk=pk)
        user, reason = request.user, text_param(request.POST.get("reason"))
        try:
            if action == "confirm":
                confirmation = confirmation_for(kind="order", document=order, user=user)
                mail, form = mail_composed(request.POST, confirmation.mail if confirmation else None)
                if form is not None and not form.is_valid():  # a wrong address: nothing sent, nothing typed lost
                    context = order_page_context(request, order, compose_form=form)
                    return render(request, "sales/order_detail.html", context, status=400)
                services.order_confirm(order=order, actor=user, mail=mail)
                if order.approval_pending:
                    messages.warning(request, _("The prices need a manager's approval; the order waits for it."))
                elif order.status == OrderStatus.ON_HOLD:
                    messages.warning(request, _("The order is on hold until a manager releases it: %(reason)s")
                                     % {"reason": "; ".join(order.hold_reasons_shown)})  # fmt: skip
                else:
                    messages.success(request, _("%(number)s is confirmed; the customer receives the confirmation.")
                                     % {"number": order.number})  # fmt: skip
            elif action == "approve":
                document_approve(document=order, actor=user, comment=text_param(request.POST.get("comment")))
                messages.success(request, _("Approved. The order can be confirmed now."))
            elif action == "refuse":
                document_refuse(document=order, actor=user, comment=text_param(request.POST.get("comment")))
                messages.success(request, _("Refused; the order stays a draft with your comment."))
            elif action == "release":
                services.order_release(order=order, actor=user, reason=reason)
                messages.success(request, _("Released and confirmed; the customer receives the confirmation."))
            elif action == "cancel":
                services.order_cancel(order=order, actor=user, reason=reason)
                messages.success(request, _("The order is cancelled and its reservations are free again."))
            else:
                return HttpResponse(status=404)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except DomainError as error:
            messages.error(request, str(error))
        if action in ("release", "approve", "refuse") and safe_next(request):
            return redirect(safe_next(request))  # released from the approvals page: back there
        return redirect("sales:order-detail", pk=pk)


class OrderPdfView(PermissionMixin, View):
    permission_required = VIEW_ORDERS

    def get(self, request, pk):
        order = get_object_or_404(Order.objects.select_related("company", "contact"), pk=pk)
        return _pdf(order_confirmation_pdf(order), order_pdf_name(order))


# --- deliveries ---------------------------------------------------------------------------------------------------


def _delivery_form(order, data=None):
    lines = [line for line in order.lines.select_related("product") if line.quantity_open > 0]
    return QuantitiesForm(
        data,
        lines=lines,
        initial_of=lambda line: _number(delivery_services.deliverable_now(line)),
        label_of=lambda line: f"{line.sku} {line.description}".strip(),
        maximum_of=lambda line: line.quantity_open,
    ), lines


class DeliveryCreateView(PermissionMixin, View):
    """Deliver all or part of an order: the quantities that can leave now are filled in."""

    permission_required = ADD_DELIVERIES

    def get(self, request, pk):
        order = get_object_or_404(Order.objects.select_related("company"), pk=pk, status__in=ORDER_OPEN)
        form, lines = _delivery_form(order)
        return self._render(request, order, form, lines, DeliveryNotesForm())

    def post(self, request, pk):
        order = get_object_or_404(Order.objects.select_related("company"), pk=pk)
        form, lines = _delivery_form(order, request.POST)
        notes_form = DeliveryNotesForm(request.POST)
        # The composer showed the mail for the quantities proposed: an untouched text stays the service's default.
        mail, compose_form = mail_composed(request.POST, self._confirmation(order, lines).mail)
        valid_mail = compose_form is None or compose_form.is_valid()
        if form.is_valid() and notes_form.is_valid() and valid_mail:
            try:
                note = delivery_services.delivery_create(
                    order=order, actor=request.user, quantities=form.quantities(),
                    notes=notes_form.cleaned_data["notes"], mail=mail,
                )  # fmt: skip
                messages.success(request, _("%(number)s is made and mailed to the customer.") % {"number": note.number})
                return redirect("sales:order-detail", pk=pk)
            except (ValidationError, DomainError) as error:
                form_add_service_error(form, error)
        return self._render(request, order, form, lines, notes_form, status=400, compose_form=compose_form)

    @staticmethod
    def _confirmation(order, lines):
        proposed = {line.pk: delivery_services.deliverable_now(line) for line in lines}
        return delivery_mail_confirmation(order=order, quantities={pk: q for pk, q in proposed.items() if q > 0})

    def _render(self, request, order, form, lines, notes_form, status=200, compose_form=None):
        rows = [{"line": line, "field": form[f"line-{line.pk}"],
                 "now": delivery_services.deliverable_now(line)} for line in lines]  # fmt: skip
        confirmation = self._confirmation(order, lines)
        context = {"order": order, "form": form, "rows": rows, "notes_form": notes_form, "confirmation": confirmation,
                   "compose_form": compose_form or MailComposeForm(default=confirmation.mail)}  # fmt: skip
        return render(request, "sales/delivery_form.html", context, status=status)


class DeliveryListView(PermissionMixin, View):
    permission_required = VIEW_DELIVERIES

    def get(self, request):
        page = Paginator(delivery_list(), PAGE_SIZE).get_page(request.GET.get("page"))
        context = {"page_obj": page, "paginator": page.paginator, "deliveries": page.object_list}
        return render(request, "sales/delivery_list.html", context)


class DeliveryDetailView(PermissionMixin, View):
    permission_required = VIEW_DELIVERIES

    def get(self, request, pk):
        note = get_object_or_404(DeliveryNote.objects.select_related("order__company"), pk=pk)
        context = {
            "note": note,
            "lines": note.lines.select_related("order_line"),
            "history": status_history_labelled(note),
            "today": timezone.localdate(),
        }
        return render(request, "sales/delivery_detail.html", context)

    def post(self, request, pk):
        """The customer signed: record the delivery date."""
        note = get_object_or_404(DeliveryNote, pk=pk)
        try:
            date = date_typed(request.POST.get("delivered_on"), date_range=DELIVERED_ON)
            delivery_services.delivery_mark_delivered(note=note, actor=request.user, delivered_on=date)
            messages.success(request, _("The delivery date is recorded."))
        except (ValidationError, DomainError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("sales:delivery-detail", pk=pk)


class DeliveryPdfView(PermissionMixin, View):
    permission_required = VIEW_DELIVERIES

    def get(self, request, pk):
        note = get_object_or_404(DeliveryNote.objects.select_related("order__company", "order__contact"), pk=pk)
        return _pdf(delivery_note_pdf(note), f"{note.number}.pdf")


# --- supplier orders ----------------------------------------------------------------------------------------------


class SupplierOrderListView(PermissionMixin, View):
    """Backorders still to purchase, per supplier, and the supplier orders on their way."""

    permission_required = VIEW_SUPPLIER_ORDERS

    def get(self, request):
        page = Paginator(supplier_order_list(), PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            "to_purchase": backorders_to_purchase(),
            "page_obj": page,
            "paginator": page.paginator,
            "supplier_orders": page.object_list,
            "form": SupplierOrderForm(),
        }
        return render(request, "sales/supplier_order_list.html", context)


class SupplierOrderCreateView(PermissionMixin, View):
    """Order the backordered products of one supplier (quantities can be raised, e.g. to a box)."""

    permission_required = ADD_SUPPLIER_ORDERS

    def post(self, request):
        supplier = text_param(request.POST.get("supplier"))
        form = SupplierOrderForm(request.POST)
        lines = []
        for key, value in request.POST.items():
            if key.startswith("product-"):
                product = object_param(Product.objects, key.removeprefix("product-"))
                if product is not None:
                    lines.append((product, text_param(value)))
        try:
            if not form.is_valid():
                raise DomainError(_("Enter a valid expected date."))
            supplier_order = delivery_services.supplier_order_create(
                supplier=supplier, actor=request.user, lines=lines, expected_on=form.cleaned_data["expected_on"],
                notes=form.cleaned_data["notes"],
            )  # fmt: skip
        except (ValidationError, DomainError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            return redirect("sales:supplier-order-list")
        messages.success(request, _("%(number)s is made for %(supplier)s.")
                         % {"number": supplier_order.number, "supplier": supplier_order.supplier})  # fmt: skip
        return redirect("sales:supplier-order-detail", pk=supplier_order.pk)


def _receive_form(supplier_order, data=None):
    lines = [line for line in supplier_order.lines.select_related("product") if line.quantity_open > 0]
    return QuantitiesForm(
        data, lines=lines, initial_of=lambda line: _number(line.quantity_open),
        label_of=lambda line: f"{line.product.sku} {line.product.name_nl}", maximum_of=lambda line: line.quantity_open,
    )  # fmt: skip


class SupplierOrderDetailView(PermissionMixin, View):
    permission_required = VIEW_SUPPLIER_ORDERS

    def get(self, request, pk, form=None, status=200):
        supplier_order = get_object_or_404(SupplierOrder, pk=pk)
        context = {"supplier_order": supplier_order, "lines": supplier_order.lines.select_related("product"),
                   "history": status_history_labelled(supplier_order),
                   "form": form or _receive_form(supplier_order)}  # fmt: skip
        return render(request, "sales/supplier_order_detail.html", context, status=status)

    def post(self, request, pk):
        """Goods received: all or part."""
        if not request.user.has_perm(RECEIVE_SUPPLIER_ORDERS):
            return HttpResponse(status=403)
        supplier_order = get_object_or_404(SupplierOrder, pk=pk)
        form = _receive_form(supplier_order, request.POST)
        if form.is_valid():
            try:
                delivery_services.supplier_order_receive(
                    supplier_order=supplier_order, actor=request.user, quantities=form.quantities()
                )
                messages.success(request, _("The goods are in stock; waiting orders got their share."))
                return redirect("sales:supplier-order-detail", pk=pk)
            except (ValidationError, DomainError) as error:
                form_add_service_error(form, error)
        return self.get(request, pk, form=form, status=400)


class SupplierOrderPdfView(PermissionMixin, View):
    permission_required = VIEW_SUPPLIER_ORDERS

    def get(self, request, pk):
        supplier_order = get_object_or_404(SupplierOrder, pk=pk)
        return _pdf(supplier_order_pdf(supplier_order), f"{supplier_order.number}.pdf")


class OrderLineRescheduleView(PermissionMixin, View):
    """A backorder's new expected date; a delay is mailed to the customer."""

    permission_required = CHANGE_ORDERS

    def post(self, request, pk, line_pk):
        line = get_object_or_404(OrderLine, pk=line_pk, order_id=pk)
        try:
            expected_on = date_typed(request.POST.get("expected_on"))
            services.order_line_reschedule(line=line, expected_on=expected_on, actor=request.user)
            messages.success(request, _("The new date is saved; a delay is mailed to the customer."))
        except (ValidationError, DomainError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("sales:order-detail", pk=pk)
