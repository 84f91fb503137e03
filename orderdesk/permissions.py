"""Roles are groups with permissions. The table below is the single source; `roles_sync` applies it."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _

ASSISTANT = "Assistant"
MANAGER = "Manager"
ACCOUNTING = "Accounting"
ROLES = [ASSISTANT, MANAGER, ACCOUNTING]
ROLE_LABELS = {ASSISTANT: _("Assistant"), MANAGER: _("Manager"), ACCOUNTING: _("Accounting")}

# Permission names used by views and services.
VIEW_OUTBOX = "orderdesk.view_outboxmessage"
RETRY_OUTBOX = "orderdesk.change_outboxmessage"
VIEW_COMPANY = "orderdesk.view_companysettings"
CHANGE_COMPANY = "orderdesk.change_companysettings"
VIEW_MANAGER_PAGES = "orderdesk.view_manager_pages"
# Cost prices and every figure they can be worked out from (margins): managers only.
VIEW_MARGIN = "sales.view_margin"
UNLOCK_SIGN_IN = "orderdesk.unlock_sign_in"

# Customers and prospects.
VIEW_CUSTOMERS = "customers.view_company"
ADD_CUSTOMERS = "customers.add_company"
CHANGE_CUSTOMERS = "customers.change_company"
MERGE_CUSTOMERS = "customers.merge_company"
SET_CREDIT_STATUS = "customers.set_credit_status"
DECIDE_CREDIT = "customers.decide_creditrequest"
_CUSTOMER_READ = {
    VIEW_CUSTOMERS,
    "customers.view_contact",
    "customers.view_interaction",
    "customers.view_followuptask",
    "customers.view_creditrequest",
}
_CUSTOMER_WORK = _CUSTOMER_READ | {
    ADD_CUSTOMERS,
    CHANGE_CUSTOMERS,
    "customers.add_contact",
    "customers.change_contact",
    "customers.add_interaction",
    "customers.add_followuptask",
    "customers.change_followuptask",
    "customers.add_creditrequest",
}

# Catalog.
_CATALOG_READ = {
    "sales.view_product",
    "sales.view_category",
    "sales.view_pricelist",
    "sales.view_promotion",
    "sales.view_productnote",
    "sales.view_marketnote",
}
_CATALOG_SHARE = {"sales.add_productnote", "sales.add_marketnote"}
_CATALOG_MANAGE = {
    "sales.add_product",
    "sales.change_product",
    "sales.view_margin",
    "sales.change_pricelist",
    "sales.add_promotion",
    "sales.change_promotion",
}

# Price requests, quotes, orders, deliveries and supplier orders.
VIEW_QUOTES = "sales.view_quote"
ADD_QUOTES = "sales.add_quote"
CHANGE_QUOTES = "sales.change_quote"
APPROVE_QUOTES = "sales.approve_quote"
VIEW_ORDERS = "sales.view_order"
ADD_ORDERS = "sales.add_order"
CHANGE_ORDERS = "sales.change_order"
RELEASE_ORDERS = "sales.release_order"
VIEW_DELIVERIES = "sales.view_deliverynote"
ADD_DELIVERIES = "sales.add_deliverynote"
VIEW_SUPPLIER_ORDERS = "sales.view_supplierorder"
ADD_SUPPLIER_ORDERS = "sales.add_supplierorder"
RECEIVE_SUPPLIER_ORDERS = "sales.change_supplierorder"
VIEW_INVOICES = "sales.view_invoice"
ADD_INVOICES = "sales.add_invoice"
CHANGE_INVOICES = "sales.change_invoice"
ISSUE_INVOICES = "sales.issue_invoice"
# A month of invoices zipped for the accountant (the page "Export a month"): accounting and managers.
EXPORT_INVOICES = "sales.add_invoiceexport"
VIEW_INVOICE_EXPORTS = "sales.view_invoiceexport"
_EXPORTING = {EXPORT_INVOICES, VIEW_INVOICE_EXPORTS}
VIEW_PAYMENTS = "sales.view_payment"
ADD_PAYMENTS = "sales.add_payment"
# Collecting: bank statements, reminder runs, payment promises and hand-overs; the ladder itself is the manager's.
VIEW_BANK = "sales.view_bankstatement"
IMPORT_BANK = "sales.add_bankstatement"
MATCH_BANK = "sales.change_bankline"
VIEW_REMINDERS = "sales.view_reminderrun"
SEND_REMINDERS = "sales.change_reminderrun"
RECORD_PROMISES = "sales.add_paymentpromise"
CONFIGURE_REMINDERS = "sales.change_reminderlevel"
_COLLECTING = {VIEW_BANK, IMPORT_BANK, MATCH_BANK, VIEW_REMINDERS, SEND_REMINDERS, RECORD_PROMISES}
_REMINDER_SETUP = {
    CONFIGURE_REMINDERS, "sales.add_reminderlevel", "sales.view_reminderlevel", "sales.view_latepaymentrate",
    "sales.add_latepaymentrate", "sales.change_latepaymentrate", "sales.delete_latepaymentrate",
}  # fmt: skip
_INVOICING = {VIEW_INVOICES, ADD_INVOICES, CHANGE_INVOICES, ISSUE_INVOICES, VIEW_PAYMENTS, ADD_PAYMENTS} | _COLLECTING
_SALES_READ = {"sales.view_pricerequest", VIEW_QUOTES, VIEW_ORDERS, VIEW_DELIVERIES, VIEW_SUPPLIER_ORDERS}
_SALES_WORK = (
    _SALES_READ
    | {
        "sales.add_pricerequest",
        "sales.change_pricerequest",
        ADD_QUOTES,
        CHANGE_QUOTES,
        ADD_ORDERS,
        CHANGE_ORDERS,
        ADD_DELIVERIES,
        "sales.change_deliverynote",
        ADD_SUPPLIER_ORDERS,
        RECEIVE_SUPPLIER_ORDERS,
    }
    | _INVOICING
)

# Complaints: the assistant registers and handles them; a manager decides the escalated ones.
VIEW_COMPLAINTS = "complaints.view_complaint"
ADD_COMPLAINTS = "complaints.add_complaint"
CHANGE_COMPLAINTS = "complaints.change_complaint"
DECIDE_COMPLAINTS = "complaints.decide_complaint"
_COMPLAINT_WORK = {VIEW_COMPLAINTS, ADD_COMPLAINTS, CHANGE_COMPLAINTS, "complaints.view_rootcause"}
_EVERYONE = {VIEW_OUTBOX, VIEW_COMPANY} | _CATALOG_READ | _SALES_READ
ROLE_PERMISSIONS: dict[str, set[str]] = {
    ASSISTANT: _EVERYONE | {RETRY_OUTBOX} | _CUSTOMER_WORK | _CATALOG_SHARE | _SALES_WORK | _COMPLAINT_WORK,
    MANAGER: _EVERYONE
    | {RETRY_OUTBOX, CHANGE_COMPANY, VIEW_MANAGER_PAGES, UNLOCK_SIGN_IN}
    | _CUSTOMER_WORK
    | {MERGE_CUSTOMERS, SET_CREDIT_STATUS, DECIDE_CREDIT}
    | _CATALOG_SHARE
    | _CATALOG_MANAGE
    | _SALES_WORK
    | {APPROVE_QUOTES, RELEASE_ORDERS}
    | _REMINDER_SETUP
    | _EXPORTING
    | _COMPLAINT_WORK
    | {DECIDE_COMPLAINTS, "complaints.add_rootcause", "complaints.change_rootcause"},
    # Accounting reads the files and holds or blocks credit when invoices stay unpaid.
    ACCOUNTING: _EVERYONE
    | {RETRY_OUTBOX}
    | _CUSTOMER_READ
    | {SET_CREDIT_STATUS, "customers.add_interaction", VIEW_COMPLAINTS}
    | _INVOICING
    | _EXPORTING,
}


def roles_sync() -> None:
    """Create the role groups and give each exactly the permissions of the table."""
    for role, names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        permissions = []
        for name in sorted(names):
            app_label, codename = name.split(".")
            permissions.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(permissions)


def sync_roles_after_migrate(sender, using="default", **kwargs) -> None:
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    # post_migrate runs per app; make sure every app's permissions exist before the roles point at them.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    roles_sync()


def user_role_names(user) -> list[str]:
    if user.is_superuser:
        return ["Admin"]
    return [group.name for group in user.groups.all() if group.name in ROLE_PERMISSIONS]


class PermissionMixin(PermissionRequiredMixin):
    """Login (by the middleware) and permission, checked in the view; a signed-in user without it gets 403.

    A view of several actions (`<slug:action>` in its URL) names in `action_permissions` what each action needs
    besides `permission_required`: a role without it gets 403 before any service runs (the service checks again).
    """

    raise_exception = True
    action_permissions: dict[str, str] = {}

    def has_permission(self):
        needed = self.action_permissions.get(self.kwargs.get("action", ""))
        return super().has_permission() and (needed is None or self.request.user.has_perm(needed))
