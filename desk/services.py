import datetime

from django.contrib.auth.models import Permission
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from desk.dashboard import DashboardFilter, dashboard_context
from desk.models import WeeklyReport
from orderdesk.mail import Attachment, mail_queue, render_text
from orderdesk.models import CompanySettings, OutboxMessage, User
from orderdesk.pdf import render_pdf


def weekly_report_send(*, today) -> int:
    """Monday morning: each manager gets last week's key figures in their language, with the dashboard PDF.
    Once per manager and week (a unique row), whatever the beat does. Returns the reports queued."""
    week_start = today - datetime.timedelta(days=today.weekday() + 7)
    flt = DashboardFilter(since=week_start, until=week_start + datetime.timedelta(days=6))
    permission = Permission.objects.get(content_type__app_label="orderdesk", codename="view_manager_pages")
    managers = User.objects.filter(Q(groups__permissions=permission) | Q(user_permissions=permission), is_active=True)
    sent = 0
    context = dashboard_context(flt, today=today)
    context["company"] = CompanySettings.load()
    for manager in managers.exclude(email="").distinct().order_by("pk"):
        language = manager.language or "nl"
        try:
            with transaction.atomic():
                report = WeeklyReport.objects.create(user=manager, week_start=week_start)
                pdf = render_pdf("documents/dashboard.html", context, language=language)
                with translation.override(language):
                    subject = _("Week of %(date)s: the key figures") % {"date": week_start.strftime("%d/%m/%Y")}
                    body = render_text("desk/mail/weekly_report.txt", {**context, "user": manager})
                report.outbox_message = mail_queue(
                    to=[manager.email], subject=subject, body=body, language=language, related=manager,
                    attachments=[Attachment(f"dashboard-{week_start.isoformat()}.pdf", pdf, "application/pdf")],
                    audience=OutboxMessage.Audience.MANAGERS,  # margins and the dashboard: managers only
                )  # fmt: skip
                report.save(update_fields=["outbox_message"])
        except IntegrityError:  # sent already this week
            continue
        sent += 1
    return sent
