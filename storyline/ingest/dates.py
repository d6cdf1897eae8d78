"""Publication dates as containers state them (ISO, RFC 822), normalised to YYYY-MM-DD."""

from __future__ import annotations

from datetime import date, datetime
from email.utils import parsedate_to_datetime


def parse_published(value: str) -> str | None:
    """Return the ISO date of an ISO date/datetime or RFC 822 string, else None."""
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None
