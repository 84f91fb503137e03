from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from orderdesk.models import OutboxMessage
from orderdesk.permissions import VIEW_OUTBOX

SEARCH_LIMIT = 8


@dataclass
class SearchGroup:
    label: str
    results: list[dict] = field(default_factory=list)


def global_search(*, user, query: str) -> list[SearchGroup]:
    """Results grouped by kind; each area of the product adds its own group here."""
    if len(query) < 2:
        return []
    groups = []
    if user.has_perm(VIEW_OUTBOX):
        mails = OutboxMessage.objects.filter(Q(subject__icontains=query) | Q(to__icontains=query))[:SEARCH_LIMIT]
        groups.append(
            SearchGroup(
                _("E-mails"),
                [
                    {
                        "title": mail.subject,
                        "detail": ", ".join(mail.to),
                        "url": reverse("orderdesk:outbox-detail", args=[mail.pk]),
                    }
                    for mail in mails
                ],
            )
        )
    return [group for group in groups if group.results]


def outbox_messages(*, state: str = "", query: str = ""):
    messages = OutboxMessage.objects.select_related("created_by").order_by("-created_at", "-pk")
    if state:
        messages = messages.filter(state=state)
    if query:
        messages = messages.filter(Q(subject__icontains=query) | Q(to__icontains=query))
    return messages


def desk_queues(*, user) -> list[dict]:
    """The cards of My desk: what waits for this user, with counts. Each area adds its queues here."""
    queues = []
    if user.has_perm(VIEW_OUTBOX):
        failed = OutboxMessage.objects.filter(state=OutboxMessage.State.FAILED).count()
        if failed:
            queues.append(
                {
                    "label": _("E-mails that could not be sent"),
                    "count": failed,
                    "url": reverse("orderdesk:outbox-list") + "?state=failed",
                }
            )
    return queues
