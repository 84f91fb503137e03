"""My desk's work queues: a count, the list behind it, and the first few items one click away.

Each area (customers, sales, collections, complaints) builds its own queues with `desk_queue`; the desk page only
lays them out. Two queries per queue that has work (its count, then its first few items), none more: the page
costs the same with ten items or a hundred thousand.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

TOP_ITEMS = 5  # items a card lists, first the one that waits longest


@dataclass(frozen=True)
class DeskAction:
    """A one-click action on an item, right from the card: a POST to `url` with `fields`, back to the desk."""

    label: str
    url: str
    fields: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class DeskItem:
    title: str  # e.g. "OF-2026-0012 · Brouwerij Het Anker"
    url: str  # where the item is acted upon
    note: str = ""  # since when, or until when, it waits
    badge: str = ""  # a word on the item's state ("accepted"), with its Bootstrap colour
    badge_class: str = ""
    action: DeskAction | None = None


@dataclass(frozen=True)
class DeskQueue:
    label: str
    count: int
    url: str  # the list behind the card, oldest first
    alert: bool = False
    oldest: str = ""  # the item that waits longest, e.g. "OF-2026-0012 · Brouwerij Het Anker"
    oldest_url: str = ""  # where that item is acted upon
    oldest_note: str = ""  # since when, or until when, it waits
    items: tuple[DeskItem, ...] = ()  # the first few, the oldest first (the first is `oldest`)

    @property
    def more(self) -> int:
        """How many wait beyond the items listed (in the list behind the card)."""
        return max(self.count - len(self.items), 0) if self.items else 0


def desk_queue(
    label: str,
    items: QuerySet,
    *,
    url: str,
    oldest_first: tuple[str, ...],
    describe: Callable[[object], tuple],
    alert: bool | Callable[[object], bool] = False,
    top: int = TOP_ITEMS,
) -> DeskQueue | None:
    """A queue card, or None when nothing waits. `describe(item)` gives an item's (title, url, note) or (title,
    url, note, badge, badge_class[, action]); the card lists the first `top` in `oldest_first` order. `alert` may
    depend on the first item (a deadline it is close to)."""
    count = items.count()
    if not count:
        return None
    first = list(items.order_by(*oldest_first)[:top])
    if not first:  # emptied between the two queries
        return None
    listed = tuple(DeskItem(*describe(item)) for item in first)
    oldest = listed[0]
    return DeskQueue(label, count, url, alert(first[0]) if callable(alert) else alert, oldest.title, oldest.url,
                     oldest.note, listed)  # fmt: skip


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
