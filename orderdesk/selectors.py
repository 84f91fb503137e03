from django.db.models import Q

from orderdesk.models import OutboxMessage
from orderdesk.permissions import VIEW_MANAGER_PAGES, VIEW_OUTBOX


def _related_with(user, action: str) -> Q:
    """Messages whose document is of a model on which `user` has the `action` ("view", "change") permission (in
    the query itself: no extra query per request)."""
    wanted = Q(pk__in=[])
    for name in sorted(user.get_all_permissions()):
        app_label, _dot, codename = name.partition(".")
        if codename.startswith(f"{action}_"):
            wanted |= Q(content_type__app_label=app_label, content_type__model=codename.removeprefix(f"{action}_"))
    return wanted


def outbox_visible_to(user) -> Q:
    """The outbox messages `user` may read: a document's mails for who may read the document, a mail with a
    customer's signed link for who may change the document, the managers' mails for managers."""
    if not user.has_perm(VIEW_OUTBOX):
        return Q(pk__in=[])
    audience = OutboxMessage.Audience
    visible = Q(audience=audience.DOCUMENTS) & (Q(content_type__isnull=True) | _related_with(user, "view"))
    visible |= Q(audience=audience.HANDLERS) & _related_with(user, "change")
    if user.has_perm(VIEW_MANAGER_PAGES):
        visible |= Q(audience=audience.MANAGERS)
    return visible


def outbox_messages(*, user, state: str = "", query: str = ""):
    messages = OutboxMessage.objects.filter(outbox_visible_to(user)).select_related("created_by")
    messages = messages.order_by("-created_at", "-pk")
    if state:
        messages = messages.filter(state=state)
    if query:
        messages = messages.filter(Q(subject__icontains=query) | Q(to__icontains=query))
    return messages
