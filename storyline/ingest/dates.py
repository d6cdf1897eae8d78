"""Publication dates as containers state them (ISO, RFC 822, Unix time), normalised to YYYY-MM-DD."""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

# Unix time as a string of digits: 9 to 13 of them (1973 to 2286, seconds or milliseconds); 8 digits are ISO's
# YYYYMMDD
_EPOCH_DIGITS = re.compile(r"\d{9,13}(\.\d+)?")
# what may follow an ISO day: a time of day and its zone ("T10:20:00.000Z", " 10:20 UTC"), nothing else
_TIME_AFTER_DAY = re.compile(r"(?:[T ]\d{1,2}(?::\d{2}){0,2}(?:[.,]\d+)?\s*(?:[ap]\.?m\.?)?"
                             r"\s*(?:Z|[A-Z]{2,5}|[+-]\d{2}(?::?\d{2})?)?)?", re.IGNORECASE)
EPOCH_MILLISECONDS_FROM = 10**11  # a larger number is milliseconds: as seconds it would be past the year 5000
EPOCH_FROM, EPOCH_TO = 10**8, 10**13  # Unix time as a number with a fraction: 1973 to 2286, as the digits say


PUBLISHED_YEARS = range(1800, 2201)  # outside: a placeholder ("0001-01-01", "9999-12-31"), not a day of news


def parse_published(value: str | float) -> str | None:
    """Return the ISO date of an ISO date/datetime or RFC 822 string, or of Unix time in seconds or milliseconds
    (a number or a string of digits; its UTC day), else None; None too for a placeholder's year outside
    PUBLISHED_YEARS."""
    day = _day_of(value)
    return day if day is not None and int(day[:4]) in PUBLISHED_YEARS and not is_placeholder(value) else None


def is_placeholder(value: str | float) -> bool:
    """A date a system writes for none: a calendar day outside PUBLISHED_YEARS ("0001-01-01T00:00:00Z"), a
    database's zero date ("0000-00-00") or the first day of Unix time written out ("1970-01-01")."""
    if isinstance(value, str) and _NO_DAY.fullmatch(value.strip()):
        return True
    day = _day_of(value)
    return day is not None and int(day[:4]) not in PUBLISHED_YEARS


_NO_DAY = re.compile(r"(?:0000-00-00|1970-01-01)(?:[ T]00:00(?::00(?:\.0+)?)?\s*(?:Z|[+-]00:?00)?)?")


def _day_of(value: str | float) -> str | None:
    if isinstance(value, bool):  # JSON's true and false are no dates, though Python counts them as numbers
        return None
    if isinstance(value, (int, float)):  # as a string of its digits would be read: Unix time, or YYYYMMDD
        whole = int(value) == value if math.isfinite(value) else False
        return _day_of(str(int(value))) if whole else (
            epoch_day(value) if math.isfinite(value) and EPOCH_FROM <= abs(value) < EPOCH_TO else None)
    value = value.strip()
    if not value:
        return None
    if _EPOCH_DIGITS.fullmatch(value):
        return epoch_day(float(value))
    if _TIME_AFTER_DAY.fullmatch(value[10:]):
        try:  # the day as written, not moved by its zone
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


def epoch_day(stamp: float) -> str | None:
    """The UTC day of Unix time ``stamp``, in seconds or (from EPOCH_MILLISECONDS_FROM on) milliseconds; None for
    a number no calendar holds (infinite, not a number, beyond the year 9999)."""
    seconds = stamp / 1000 if abs(stamp) >= EPOCH_MILLISECONDS_FROM else stamp
    try:
        return datetime.fromtimestamp(seconds, tz=UTC).date().isoformat()
    except (OverflowError, OSError, ValueError):
        return None
