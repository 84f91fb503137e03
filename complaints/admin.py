from django.contrib import admin

from complaints.models import RootCause


@admin.register(RootCause)
class RootCauseAdmin(admin.ModelAdmin):
    list_display = ["name_nl", "name_fr", "name_en", "active"]
    list_editable = ["active"]
