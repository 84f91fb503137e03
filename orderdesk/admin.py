from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from orderdesk.models import CompanySettings, OutboxMessage, SequenceCounter, StatusChange, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + ((_("Preferences"), {"fields": ("language",)}),)
    list_display = ("username", "first_name", "last_name", "email", "language", "is_active")
    actions = ["deactivate"]

    def delete_view(self, request, object_id, extra_context=None):
        """Someone named on documents that are kept (an issued invoice names who issued it) is deactivated, never
        deleted: say so and offer the deactivation instead of the list of protected rows."""
        user = self.get_object(request, unquote(object_id))
        if user is not None and self.get_deleted_objects([user], request)[3]:
            self.message_user(
                request,
                _("%(user)s is named on documents that are kept, such as issued invoices: the account cannot be "
                  "deleted. Deactivate it instead: untick “Active” and save.") % {"user": user},
                messages.ERROR,
            )  # fmt: skip
            return redirect("admin:orderdesk_user_change", user.pk)
        return super().delete_view(request, object_id, extra_context)

    @admin.action(description=_("Deactivate the selected users"), permissions=["change"])
    def deactivate(self, request, queryset):
        users = list(queryset.filter(is_active=True))
        for user in users:  # one by one: the audit trail notes each
            user.is_active = False
            user.save(update_fields=["is_active"])
        self.message_user(
            request, _("%(count)s users deactivated: they can no longer sign in.") % {"count": len(users)}
        )


@admin.register(CompanySettings)
class CompanySettingsAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return not CompanySettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """History and counters are written by services only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = ("subject", "state", "created_at", "sent_at", "attempts")
    list_filter = ("state",)
    search_fields = ("subject",)


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnlyAdmin):
    list_display = ("content_type", "object_id", "from_status", "to_status", "actor", "changed_at")


@admin.register(SequenceCounter)
class SequenceCounterAdmin(ReadOnlyAdmin):
    list_display = ("series", "year", "last_value")
