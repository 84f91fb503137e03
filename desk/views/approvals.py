from django.shortcuts import render
from django.utils import timezone
from django.views import View

from complaints.models import Complaint
from customers.selectors import credit_requests_waiting
from orderdesk.permissions import APPROVE_QUOTES, PermissionMixin
from sales.selectors.documents import (
    invoices_awaiting_approval,
    orders_awaiting_approval,
    orders_on_hold,
    quotes_awaiting_approval,
)


class ApprovalListView(PermissionMixin, View):
    """What waits for a manager: discounts to approve (quotes, orders, draft invoices), orders held for credit,
    credit-line requests and escalated complaints (decided in place)."""

    permission_required = APPROVE_QUOTES

    def get(self, request):
        context = {
            "quotes": quotes_awaiting_approval().order_by("updated_at"),
            "orders": orders_on_hold().order_by("updated_at"),
            "priced_orders": orders_awaiting_approval().order_by("updated_at"),
            "priced_invoices": invoices_awaiting_approval().order_by("updated_at"),
            "credit_requests": credit_requests_waiting().select_related("company").order_by("requested_at"),
            "complaints": Complaint.objects.filter(status="escalated").select_related("company", "assignee")
            .order_by("updated_at"),
            "today": timezone.localdate(),
        }  # fmt: skip
        return render(request, "desk/approval_list.html", context)
