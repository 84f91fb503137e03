"""My desk's work queues: a count, the list behind it, and the oldest item one click away.

Each area (customers, sales, collections, complaints) builds its own queues with `desk_queue`; the desk page only
lays them out. Two queries per queue that has work (its count, then its oldest item), none more: the page costs
the same with ten items or a hundred thousand.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class DeskQueue:
    label: str
    count: int
    url: str  # the list behind the card, oldest first
    alert: bool = False
    oldest: str = ""  # the item that waits longest, e.g. "OF-2026-0012 · Brouwerij Het Anker"
    oldest_url: str = ""  # where that item is acted upon
    oldest_note: str = ""  # since when, or until when, it waits


def desk_queue(
    label: str,
    items: QuerySet,
    *,
    url: str,
    oldest_first: tuple[str, ...],
    describe: Callable[[object], tuple[str, str, str]],
    alert: bool | Callable[[object], bool] = False,
) -> DeskQueue | None:
    """A queue card, or None when nothing waits. `describe(item)` gives the oldest item's (title, url, note);
    `alert` may depend on the oldest item (a deadline it is close to)."""
    count = items.count()
    if not count:
        return None
    oldest = items.order_by(*oldest_first).first()
    title, oldest_url, note = describe(oldest)
    return DeskQueue(label, count, url, alert(oldest) if callable(alert) else alert, title, oldest_url, note)


def short_date(day: datetime.date | datetime.datetime | None) -> str:
    if day is None:
        return ""
    if isinstance(day, datetime.datetime):
        from django.utils import timezone

        day = timezone.localtime(day).date()
    return date_format(day, "SHORT_DATE_FORMAT")


def since(day) -> str:
    return _("since %(date)s") % {"date": short_date(day)} if day else ""


def due(day) -> str:
    return _("due %(date)s") % {"date": short_date(day)} if day else ""


def titled(number: str, name: str) -> str:
    return f"{number} · {name}" if name else number
