from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from orderdesk.exceptions import PermissionDeniedError
from orderdesk.models import CompanySettings, User
from orderdesk.permissions import CHANGE_COMPANY


@transaction.atomic
def user_set_language(*, user: User, language: str) -> User:
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"Unsupported language {language!r}")
    user.language = language
    user.save(update_fields=["language"])
    return user


@transaction.atomic
def company_settings_update(*, company: CompanySettings, actor: User) -> CompanySettings:
    """Save our company's data used on every document; only a manager may change it."""
    if not actor.has_perm(CHANGE_COMPANY):
        raise PermissionDeniedError(_("Only a manager can change the company data."))
    company.pk = 1
    company.full_clean()
    company.save()
    return company


def weekly_report_send(*, today) -> int:
    """Monday morning: each manager gets last week's key figures in their language, with the dashboard PDF.
    Once per manager and week (a unique row), whatever the beat does. Returns the reports queued."""
    import datetime

    from django.contrib.auth.models import Permission
    from django.db import IntegrityError
    from django.db.models import Q
    from django.template.loader import render_to_string
    from django.utils import translation

    from orderdesk.dashboard import DashboardFilter
    from orderdesk.mail import Attachment, mail_queue
    from orderdesk.models import WeeklyReport
    from orderdesk.pdf import render_pdf
    from orderdesk.views.dashboard import dashboard_context

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
                    body = render_to_string("orderdesk/mail/weekly_report.txt", {**context, "user": manager})
                report.outbox_message = mail_queue(
                    to=[manager.email], subject=subject, body=body, language=language, related=manager,
                    attachments=[Attachment(f"dashboard-{week_start.isoformat()}.pdf", pdf, "application/pdf")],
                )  # fmt: skip
                report.save(update_fields=["outbox_message"])
        except IntegrityError:  # sent already this week
            continue
        sent += 1
    return sent
