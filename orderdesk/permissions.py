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

_EVERYONE = {VIEW_OUTBOX, VIEW_COMPANY}
ROLE_PERMISSIONS: dict[str, set[str]] = {
    ASSISTANT: _EVERYONE | {RETRY_OUTBOX},
    MANAGER: _EVERYONE | {RETRY_OUTBOX, CHANGE_COMPANY, VIEW_MANAGER_PAGES},
    ACCOUNTING: _EVERYONE | {RETRY_OUTBOX},
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


def sync_roles_after_migrate(sender, **kwargs) -> None:
    roles_sync()


def user_role_names(user) -> list[str]:
    if user.is_superuser:
        return ["Admin"]
    return [group.name for group in user.groups.all() if group.name in ROLE_PERMISSIONS]


class PermissionMixin(PermissionRequiredMixin):
    """Login (by the middleware) and permission, checked in the view; a signed-in user without it gets 403."""

    raise_exception = True
