from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WeeklyReport(models.Model):
    """One weekly summary per manager and week: the row that makes the beat task send it once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="weekly_reports")
    week_start = models.DateField(_("week of"))
    outbox_message = models.ForeignKey(
        "orderdesk.OutboxMessage", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "orderdesk_weeklyreport"  # created by the foundation before the desk app existed
        verbose_name = _("weekly report")
        verbose_name_plural = _("weekly reports")
        constraints = [models.UniqueConstraint(fields=["user", "week_start"], name="one_weekly_report_per_week")]

    def __str__(self):
        return f"{self.user} {self.week_start}"
