"""Reading filters from a query string: a malformed value is ignored (the page shows its default), never a 500."""

import datetime


def date_param(value: str | None) -> datetime.date | None:
    """An ISO date (2026-11-30), or None when empty or not a date."""
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def id_param(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None
