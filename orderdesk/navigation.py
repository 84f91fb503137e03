"""The left navigation: one entry per area of the job, in the order of the document chain."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from orderdesk.permissions import VIEW_MANAGER_PAGES, VIEW_OUTBOX


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: str
    icon: str
    permission: str | None = None

    @property
    def url(self) -> str:
        return reverse(self.url_name)


NAVIGATION = [
    NavEntry("desk:desk", _("My desk"), "inbox"),
    NavEntry("desk:approval-list", _("Approvals"), "check2-square", "sales.approve_quote"),
    NavEntry("customers:company-list", _("Customers"), "people"),
    NavEntry("sales:catalog", _("Catalog"), "box-seam"),
    NavEntry("sales:quote-list", _("Quotes"), "file-earmark-text"),
    NavEntry("sales:order-list", _("Orders"), "cart-check"),
    NavEntry("sales:delivery-list", _("Deliveries"), "truck"),
    NavEntry("sales:supplier-order-list", _("Purchasing"), "box-arrow-in-down", "sales.view_supplierorder"),
    NavEntry("sales:invoice-list", _("Invoices"), "receipt", "sales.view_invoice"),
    NavEntry("sales:payment-list", _("Payments"), "bank", "sales.view_payment"),
    NavEntry("sales:bank", _("Bank statements"), "journal-arrow-down", "sales.view_bankstatement"),
    NavEntry("sales:receivables", _("Receivables"), "hourglass-split", "sales.view_payment"),
    NavEntry("sales:reminder-run", _("Reminders"), "bell", "sales.view_reminderrun"),
    NavEntry("complaints:complaint-list", _("Complaints"), "exclamation-triangle", "complaints.view_complaint"),
    NavEntry("desk:dashboard", _("Dashboard"), "graph-up", VIEW_MANAGER_PAGES),
    NavEntry("orderdesk:outbox-list", _("Outbox"), "envelope", VIEW_OUTBOX),
]


def navigation_for(user, current_path: str) -> list[dict]:
    entries = []
    for entry in NAVIGATION:
        if entry.permission and not user.has_perm(entry.permission):
            continue
        url = entry.url
        active = current_path == url if url == "/" else current_path.startswith(url)
        entries.append({"url": url, "label": entry.label, "icon": entry.icon, "active": active})
    return entries
