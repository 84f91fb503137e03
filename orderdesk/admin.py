from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from orderdesk.models import CompanySettings, OutboxMessage, SequenceCounter, StatusChange, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + ((_("Preferences"), {"fields": ("language",)}),)
    list_display = ("username", "first_name", "last_name", "email", "language", "is_active")


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
