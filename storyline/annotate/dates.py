"""Temporal expressions resolved to calendar dates against the publication date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil import parser as date_parser

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"], start=1)}
_MONTH_ABBR = {m[:3]: i for m, i in _MONTHS.items() if m != "may"} | {"sept": 9}
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_DAY = re.compile(r"\b(\d{1,2})(st|nd|rd|th)?\b")
MID_MONTH = 15  # a month alone is placed by its middle
FUTURE_WEIGHT = 1.5  # a month and day ahead of publication counts as this many days back


def resolve_date(text: str, published: date | None, ahead: bool = False) -> str | None:
    """ISO value of a date expression ("on Tuesday", "October 20", "last year"), else None.

    Weekdays alone mean the latest such day on or before publication ("next"
    looks forward, and so does ``ahead``: the sentence speaks of what will be,
    "talks will resume on Wednesday"). A month and day without a year take the year that puts
    them nearest the publication, a day ahead counting FUTURE_WEIGHT times a
    day back (reports look back more often than ahead, but "a snap election
    for October 4" in August is this October's); a stated weekday must agree,
    else the nearest year where it does is used.
    Weeks resolve to ISO weeks ("2026-W10"), months to "YYYY-MM", years to "YYYY".
    """
    lowered = text.lower().strip()
    words = re.findall(r"[a-z]+", lowered)
    weekday = next((_WEEKDAYS.index(w) for w in words if w in _WEEKDAYS), None)
    month = next((_MONTHS.get(w) or _MONTH_ABBR.get(w) for w in words if w in _MONTHS or w in _MONTH_ABBR), None)
    year_match = _YEAR.search(lowered)
    year = int(year_match.group(1)) if year_match else None
    day_match = _DAY.search(_YEAR.sub(" ", lowered)) if month else None
    day = int(day_match.group(1)) if day_match and 1 <= int(day_match.group(1)) <= 31 else None

    if month and day:
        return _month_day(year, month, day, weekday, published)
    if month and year:
        return f"{year:04d}-{month:02d}"
    if year and not month and re.fullmatch(r"(in |the year )?\d{4}", lowered):
        return str(year)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", lowered):
        return lowered
    if published is None:
        return None
    if "today" in words or lowered in {"this morning", "this afternoon", "tonight", "this evening"}:
        return published.isoformat()
    if "yesterday" in words or lowered in {"last night", "overnight"}:
        return (published - timedelta(days=1)).isoformat()
    if "tomorrow" in words:
        return (published + timedelta(days=1)).isoformat()
    if weekday is not None:
        if "next" in words or ahead and "last" not in words:
            delta = (weekday - published.weekday()) % 7 or (7 if "next" in words else 0)
            return (published + timedelta(days=delta)).isoformat()
        delta = (published.weekday() - weekday) % 7
        if "last" in words and delta == 0:
            delta = 7
        return (published - timedelta(days=delta)).isoformat()
    if month:
        # the nearest such month, weighed by its middle ("by December" in October: this December)
        year = _nearest_years(month, MID_MONTH, published)[0]
        if ahead and "last" not in words:  # "construction could begin in September", said in April
            year = published.year + (month < published.month)
        if "next" in words:
            year = published.year + (month <= published.month)
        return f"{year:04d}-{month:02d}"
    if (ago := _AGO.fullmatch(lowered)) is not None:  # "two weeks ago", "3 days ago", "a year ago"
        return _ago(_count(ago["count"]), ago["unit"], published)
    if len(words) == 3 and words[0] in ("earlier", "later") and words[1] == "this":
        words = words[1:]  # "earlier this month" is this month
    if "month" in words and len(words) == 2:
        shift = {"last": -1, "next": 1, "this": 0}.get(words[0])
        if shift is not None:
            months = published.year * 12 + published.month - 1 + shift
            return f"{months // 12:04d}-{months % 12 + 1:02d}"
    if "weekend" in words and len(words) == 2 and words[0] in ("this", "last", "next"):
        saturday = published + timedelta(days=(5 - published.weekday()) % 7)
        if published.weekday() == 6:  # on a Sunday, this weekend is the one ending today
            saturday -= timedelta(days=7)
        saturday += timedelta(days={"last": -7, "next": 7, "this": 0}[words[0]])
        iso = saturday.isocalendar()
        return f"{iso[0]}-W{iso[1]:02d}"
    if "week" in words:
        shift = -7 if "last" in words else 7 if "next" in words else 0 if "this" in words else None
        if shift is not None:
            iso = (published + timedelta(days=shift)).isocalendar()
            return f"{iso[0]}-W{iso[1]:02d}"
    if "year" in words:
        shift = -1 if "last" in words else 1 if "next" in words else 0 if "this" in words else None
        if shift is not None:
            return str(published.year + shift)
    return None


_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2}
_AGO = re.compile(r"(?:about |some |nearly |almost |more than |just over )?(?P<count>\d{1,3}|a couple of|"
                  + "|".join(w for w in _NUMBER_WORDS if " " not in w) + r") (?P<unit>day|week|month|year)s? ago")


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def _ago(count: int, unit: str, published: date) -> str:
    """The day, ISO week, month or year ``count`` units before ``published``, as precise as the unit."""
    if unit == "day":
        return (published - timedelta(days=count)).isoformat()
    if unit == "week":
        iso = (published - timedelta(weeks=count)).isocalendar()
        return f"{iso[0]}-W{iso[1]:02d}"
    if unit == "month":
        months = published.year * 12 + published.month - 1 - count
        return f"{months // 12:04d}-{months % 12 + 1:02d}"
    return str(published.year - count)


_TEMPORAL = re.compile(
    r"\b(1[89]\d\d|20\d\d|\d{4}s|'\d\ds|(mon|tues|wednes|thurs|fri|satur|sun)days?|today|tonight|yesterday|tomorrow"
    r"|days?|weeks?|weekends?|fortnights?|months?|years?|decades?|centur(y|ies)|seasons?|spring|summer|autumn|fall"
    r"|winter|morning|afternoon|evening|night|ago|recently|annual|quarter|christmas|easter|ramadan|eid|hanukkah"
    r"|thanksgiving|diwali|passover|halloween|lent|advent|new year|"
    + "|".join(_MONTHS) + "|" + "|".join(_MONTH_ABBR) + r")\b", re.IGNORECASE)


_AGE = re.compile(r"\b\d+[- ](year|month|week|day)s?[- ]old\b", re.IGNORECASE)


def is_temporal(text: str) -> bool:
    """The expression names a time (a day, a month, a year, "three weeks ago"), not a bare number the model
    took for one (an age, a vote tally)."""
    return bool(_TEMPORAL.search(text)) and not _AGE.search(text)


def _nearest_years(month: int, day: int, published: date) -> list[int]:
    """Years around ``published``, the one that puts the month and day nearest it first; a day ahead counts
    FUTURE_WEIGHT days back."""
    def distance(candidate: int) -> float:
        days = (date(candidate, month, min(day, 28)) - published).days
        return days * FUTURE_WEIGHT if days > 0 else -days

    return sorted(range(published.year - 2, published.year + 2), key=distance)


def _month_day(year: int | None, month: int, day: int, weekday: int | None, published: date | None) -> str | None:
    candidates: list[int]
    if year:
        candidates = [year]
    elif published:
        candidates = _nearest_years(month, day, published)
    else:
        return None
    for candidate in candidates:
        try:
            value = date(candidate, month, day)
        except ValueError:
            continue
        if weekday is None or value.weekday() == weekday:
            return value.isoformat()
    try:
        return date(candidates[0], month, day).isoformat()
    except ValueError:
        return None


def parse_loose_date(text: str) -> date | None:
    try:
        return date_parser.parse(text, fuzzy=True).date()
    except (ValueError, OverflowError):
        return None


_COPYRIGHT_YEAR = re.compile(r"(?:©|\(c\)|copyright)\s*(?:©\s*)?((?:19|20)\d\d)", re.IGNORECASE)


@dataclass
class PublicationEstimate:
    value: str  # ISO date, or a year
    reference: date  # the date relative expressions are resolved against
    evidence: str


def estimate_publication(date_texts: list[str], evidence_lines: list[str]) -> PublicationEstimate | None:
    """When the source gives no date: the latest fully dated event in the text, or the copyright year.

    A month and day without a year ("Wednesday, October 20") count when a
    copyright year fixes the year and a stated weekday agrees with it.
    """
    explicit = [value for text in date_texts if (value := resolve_date(text, None)) and len(value) == 10]
    if explicit:
        latest = max(explicit)
        return PublicationEstimate(latest, date.fromisoformat(latest),
                                   f"latest dated event in the text ({latest}); medium confidence")
    years = [int(m.group(1)) for line in evidence_lines for m in _COPYRIGHT_YEAR.finditer(line)]
    if not years:
        return None
    year = max(years)
    end_of_year = date(year, 12, 31)
    confirmed = []
    for text in date_texts:
        value = resolve_date(text, end_of_year)
        if value and len(value) == 10 and value.startswith(str(year)) and _weekday_named(text) and _month_named(text):
            confirmed.append(value)
    if confirmed:
        latest = max(confirmed)
        return PublicationEstimate(latest, date.fromisoformat(latest),
                                   f"copyright {year} and weekday-checked dates, latest {latest}; medium confidence")
    return PublicationEstimate(str(year), end_of_year, f"copyright year {year} only; low confidence")


def _weekday_named(text: str) -> bool:
    return any(day in text.lower() for day in _WEEKDAYS)


def _month_named(text: str) -> bool:
    """A month is named: a weekday alone ("Tuesday") would be taken for the year's last such day."""
    return any(word in _MONTHS or word in _MONTH_ABBR for word in re.findall(r"[a-z]+", text.lower()))
