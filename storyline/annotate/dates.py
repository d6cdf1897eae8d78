"""Temporal expressions resolved to calendar dates against the publication date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil import parser as date_parser
from dateutil.easter import easter

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"], start=1)}
_MONTH_ABBR = {m[:3]: i for m, i in _MONTHS.items() if m != "may"} | {"sept": 9}
MONTH_NAMES = frozenset(_MONTHS)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_DAY = re.compile(r"\b(\d{1,2})(st|nd|rd|th)?\b")
MID_MONTH = 15  # a month alone is placed by its middle
FUTURE_WEIGHT = 1.5  # a month and day ahead of publication counts as this many days back


_BOUND = re.compile(r"^(?:at (?:the )?(?:least|most|earliest|latest)|as (?:early|late|soon) as|no (?:later|earlier) "
                    r"than|some ?time in)\s+")


def resolve_date(text: str, published: date | None, tense: str | None = None) -> str | None:
    """ISO value of a date expression ("on Tuesday", "October 20", "last year"), else None.

    ``tense`` is what the sentence says of the date: "ahead" (it speaks of what
    will be, "talks will resume on Wednesday"), "behind" (of what was, "the
    plant closed in May") or None. Weekdays alone mean the latest such day on
    or before publication, unless "next" or the tense looks ahead. A month and
    day without a year take the year that puts them nearest the publication, a
    day ahead counting FUTURE_WEIGHT times a day back (reports look back more
    often than ahead, but "a snap election for October 4" in August is this
    October's), within the tense's side of it where it has one, and "next
    year" or "last year" moves them; a stated weekday must agree, else the
    nearest year where it does is used. Holidays are days ("Christmas Eve",
    "Good Friday"). Weeks resolve to ISO weeks ("2026-W10"), months to
    "YYYY-MM", years to "YYYY".
    """
    lowered = _BOUND.sub("", text.lower().replace("’", "'").strip())  # "at least the first half of next year"
    if lowered.endswith("'s") and _holiday(lowered) is None:
        lowered = lowered[:-2]  # "last month's", "next year's": the time it names ("New Year's" is a day)
    words = re.findall(r"[a-z]+", lowered)
    if "every" in words or "each" in words:
        return None  # "every Tuesday" recurs: no one day
    if (quarter := QUARTER.fullmatch(lowered)) is not None:  # "the third quarter", "Q3 2026", "the first half"
        return _quarter_months(quarter, published, tense)
    if (fiscal := _FISCAL_YEAR.fullmatch(lowered)) is not None:  # "FY27": its year, wherever the year begins
        year_text = fiscal["year"]
        return year_text if len(year_text) == 4 else f"20{year_text}"
    if (spanned := _span(lowered, published, tense)) is not None:
        return spanned
    ahead, behind = tense == "ahead", tense == "behind" or "since" in words
    looking = "behind" if behind else tense  # the tense a holiday or a weekend is placed by
    weekday = next((_WEEKDAYS.index(w) for w in words if w in _WEEKDAYS), None)
    month = next((_month_number(w) for w in words if w in _MONTHS or w in _MONTH_ABBR), None)
    year_match = _YEAR.search(lowered)
    year = int(year_match.group(1)) if year_match else None
    day_match = _DAY.search(_YEAR.sub(" ", lowered)) if month else None
    day = int(day_match.group(1)) if day_match and 1 <= int(day_match.group(1)) <= 31 else None
    holiday = _holiday(lowered)
    shift = _year_shift(lowered)
    if year is None and shift is not None and published is not None and (month or holiday):
        year = published.year + shift  # "on March 3 next year", "in June last year", "Christmas Day last year"

    if holiday is not None:  # before a month: "May Day 2025"
        return _holiday_date(holiday, year, published, looking)
    if month and day:  # a past verb does not move a day: "said the deadline was June 30" is this June
        return _month_day(year, month, day, weekday, published, tense="ahead" if ahead else None)
    if month and year:
        return f"{year:04d}-{month:02d}"
    if year and not month and _WITHIN_A_YEAR.fullmatch(lowered):
        return str(year)  # "by the end of 2027", "fiscal 2026", "the first half of 2026", "Q3 2026", "summer 2027"
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
    if weekday is not None and "week" in words and ("next" in words or "last" in words):
        monday = published - timedelta(days=published.weekday()) + timedelta(days=7 if "next" in words else -7)
        return (monday + timedelta(days=weekday)).isoformat()  # "Thursday next week", "on Tuesday last week"
    if weekday is not None and words[-2:] == [_WEEKDAYS[weekday], "week"] and len(words) <= 3:
        delta = (weekday - published.weekday()) % 7  # "on Tuesday week": a week after the coming Tuesday (or today)
        return (published + timedelta(days=delta + 7)).isoformat()
    if weekday is not None:
        if "next" in words or "coming" in words or ahead and "last" not in words:  # "this coming Friday"
            delta = (weekday - published.weekday()) % 7 or (7 if "next" in words or "coming" in words else 0)
            return (published + timedelta(days=delta)).isoformat()
        delta = (published.weekday() - weekday) % 7
        if "last" in words and delta <= 1:  # "last Saturday" in a Sunday paper: a week back, or it says "yesterday"
            delta += 7
        return (published - timedelta(days=delta)).isoformat()
    if month:
        # the nearest such month, weighed by its middle ("by December" in October: this December)
        year = _nearest_years(month, MID_MONTH, published)[0]
        if ahead and "last" not in words:  # "construction could begin in September", said in April
            year = published.year + (month < published.month)
        if behind or "last" in words:  # "the plant closed in May", said in April; "since January"
            year = published.year - (month > published.month)
        if "next" in words:
            year = published.year + (month <= published.month)
        return f"{year:04d}-{month:02d}"
    if (ago := _AGO.fullmatch(lowered)) is not None:  # "two weeks ago", "3 days ago", "a year ago"
        return _ago(_count(ago["count"]), ago["unit"], published)
    if ahead and _IN_FORTNIGHTS.fullmatch(lowered):  # "will deploy a team in a fortnight": two weeks on (not "the
        # third stabbing in a fortnight", the two weeks past)
        return _ago(-_count(next(w for w in words if w in _NUMBER_WORDS)), "fortnight", published)
    if ahead and (later := _IN_UNITS.fullmatch(lowered)) is not None:  # "will reopen in two weeks", "in 10 days"
        return _ago(-_count(later["count"]), later["unit"], published)
    if ahead and (within := _WITHIN_UNITS.fullmatch(lowered)) is not None:  # "will report within six weeks": the
        return f"{published.isoformat()}/{_after(_count(within['count']), within['unit'], published).isoformat()}"
    if (day_of := _DAY_OF_A_MONTH.fullmatch(lowered)) is not None:  # "the 14th of next month"
        months = published.year * 12 + published.month - 1 + {"last": -1, "next": 1, "this": 0}[day_of["which"]]
        try:
            return date(months // 12, months % 12 + 1, int(day_of["day"])).isoformat()
        except ValueError:
            return None
    if len(words) == 3 and words[0] in ("earlier", "later", "early", "late", "mid") and words[1] in ("this", "last",
                                                                                                  "next"):
        words = words[1:]  # "earlier this month" is this month, "late last year" last year
    if "month" in words and (len(words) == 2 or words[:3] == ["the", "end", "of"]):
        shift = {"last": -1, "next": 1, "this": 0, "the": 0}.get(words[-2])  # "the end of the month" is this one
        if shift is not None:
            months = published.year * 12 + published.month - 1 + shift
            return f"{months // 12:04d}-{months % 12 + 1:02d}"
    if (weekend := _weekend(words)) is not None:
        return _weekend_week(weekend, published, looking)
    if "week" in words:
        shift = -7 if "last" in words else 7 if "next" in words else 0 if "this" in words else None
        if shift is not None:
            iso = (published + timedelta(days=shift)).isocalendar()
            return f"{iso[0]}-W{iso[1]:02d}"
    if "year" in words:
        shift = -1 if "last" in words else 1 if "next" in words else 0 if "this" in words else None
        if shift is None and words[-4:] == ["end", "of", "the", "year"]:
            shift = 0  # "by the end of the year": this one
        if shift is not None:
            return str(published.year + shift)
    if (season := _SEASON.fullmatch(lowered)) is not None:  # "this summer", "last autumn", "next spring"
        first, last = _SEASON_MONTHS[season["season"]]
        which = season["which"]  # the latest such season over by publication ("last spring", said in October, is
        shift = -(published.month <= last) if which == "last" else (published.month >= first) if which == "next" else 0
        return str(published.year + shift)  # this year's), or the next to begin
    return None


_WITHIN_A_YEAR = re.compile(
    r"(?:in |during |by |since |for )?(?:the )?(?:year |end of |fiscal (?:year )?|(?:first|second|third|fourth|"
    r"last|final) (?:half|quarter) of |(?:early |late |mid-?)?(?:spring|summer|autumn|fall|winter)(?: of)? "
    r"|(?:q[1-4]|h[12]) |(?:early|late|mid)[- ])?\d{4}")  # "mid-2027", "late 2026"
_DECADE = re.compile(r"(?:in |during |since |by )?(?:the )?(?:early |late |mid-?)?(1[89]\d|20\d)0s")
_SEASON = re.compile(r"(?:(?:in|by|during|over|until|since) )?(?P<which>this|last|next) (?P<season>spring|summer|autumn|"
                     r"fall)")
_SEASON_MONTHS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}  # the northern year's
_CENTURIES = frozenset({"180", "190"})  # "the 1800s", "the 1900s": the century; "the 2000s" is its first decade
_RANGE = re.compile(r"(?:between (?P<between>)|from |in |on |during |for )?(?P<left>.+?)"
                    r"(?:\s*[-\u2013\u2014]\s*|\s+(?:to|until|till|through|thru|(?P<both>and))\s+)(?P<right>.+)")
_WEEKDAY_PART = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,? )?"
_MONTH_PART = "(?P<month>" + "|".join(sorted([*_MONTHS, *_MONTH_ABBR], key=len, reverse=True)) + r")\.?"
_DAY_PART = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR_PART = r"(?:,? (?P<year>\d{4}))?"
_RANGE_ENDS = [re.compile(pattern) for pattern in (
    _WEEKDAY_PART + _MONTH_PART + " " + _DAY_PART + _YEAR_PART,  # "March 3", "Monday, March 3, 2026"
    _WEEKDAY_PART + "(?:the )?" + _DAY_PART + " (?:of )?" + _MONTH_PART + _YEAR_PART,  # "3 March", "the 3rd of March"
    _WEEKDAY_PART + "(?:the )?" + _DAY_PART,  # the day alone, its month on the other side: "12 to 14 October"
    r"(?:early |mid-?|late )?" + _MONTH_PART + _YEAR_PART,  # "March to May 2026", "late March to early May"
    r"(?P<year>\d{4}|\d{2})")]  # "2003 to 2014", "2019-20"


def _span(lowered: str, published: date | None, tense: str | None) -> str | None:
    """ISO 8601 interval of a span of days, months or years ("March 3-5", "12 to 14 October", "between 2003
    and 2014", "the 2019-20 season" is not one: only the span itself), or of a decade ("the 1990s"); else
    None. The first end is placed as a date alone would be; the second follows it."""
    if (decade := _DECADE.fullmatch(lowered)) is not None:
        start = int(decade.group(1)) * 10
        return f"{start}/{start + (99 if decade.group(1) in _CENTURIES else 9)}"
    shift = re.search(r",? (?:next|last|this) year$", lowered)
    stem = lowered[:shift.start()] if shift else lowered
    match = _RANGE.fullmatch(stem)
    if match is None or match["both"] is not None and match["between"] is None:
        return None  # "on March 3 and April 9" are two days
    if (weekdays := _weekday_span(match, published, tense)) is not None:
        return weekdays
    left = _range_end(match["left"])
    right = _range_end(match["right"], years_only=left is not None and left["year"] and not left["month"])
    if left is None or right is None:
        return None
    if left["year"] and not (left["month"] or left["day"]):  # years: "2003 to 2014", "2019-20"
        if len(left["year"]) != 4:
            return None
        first, last = int(left["year"]), int(right["year"])
        if len(right["year"]) == 2:
            last += first // 100 * 100 + (100 if last < first % 100 else 0)
        return f"{first}/{last}" if first < last <= first + 100 else None
    if not (left["month"] or right["month"]) or right["year"] and not (right["month"] or right["day"]) \
            or left["day_first"] and right["day"] and not right["month"]:
        return None  # "12-14" alone is no date; "March 3 to 2026" no span; "6 October to 28" lost its month
    month = left["month"] or right["month"]
    year = left["year"] or right["year"]
    tail = f" {year}" if year else shift.group(0).lstrip(",") if shift else ""
    if left["day"] and right["day"]:
        start = resolve_date(f"{month} {left['day']}{tail}", published, tense)
        if start is None or len(start) != 10:
            return None
        end = date.fromisoformat(start).replace(day=1)  # the second end's year follows the first's
        end_month = _month_number(right["month"] or month)
        try:
            last = date(end.year + (end_month < end.month), end_month, int(right["day"]))
        except ValueError:
            return None
        return f"{start}/{last.isoformat()}" if start < last.isoformat() else None
    if left["day"] or right["day"] or not (left["month"] and right["month"]):
        return None
    start = resolve_date(f"{left['month']}{' ' + year if year else tail}", published, tense)
    if start is None or len(start) != 7:
        return None
    end_month = _month_number(right["month"])
    first_year, first_month = int(start[:4]), int(start[5:])
    end_year = int(right["year"]) if right["year"] else first_year + (end_month < first_month)
    end = f"{end_year:04d}-{end_month:02d}"
    return f"{start}/{end}" if start < end else None


QUARTER = re.compile(
    r"(?:(?:in|during|by|for|over|since|until|from|through) )?(?:the )?"
    r"(?:(?P<which>this|last|next|current|coming|previous|past) )?"
    r"(?:(?P<ordinal>first|second|third|fourth|final|1st|2nd|3rd|4th)[- ](?P<unit>quarter|half)"
    r"|(?P<short>q[1-4]|h[12])|(?P<bare>quarter))"
    r"(?:,? (?:of )?(?:(?P<year>(?:19|20)\d\d)|(?P<shift>this|last|next) year|(?P<same>the (?:same |current )?year)))?",
    re.IGNORECASE)
_FISCAL_YEAR = re.compile(r"(?:(?:in|during|by|for) )?(?:fy ?|fiscal (?:year )?)(?P<year>(?:19|20)\d\d|\d\d)")
LONG_OVER_DAYS = 183
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}


def quarter_of_no_year(text: str) -> bool:
    """``text`` names a quarter or half by its number alone ("the fourth quarter", "the first half"), which a
    game has as well as a year; not by its code ("Q4") or with its year."""
    match = QUARTER.fullmatch(text.lower().strip())
    return match is not None and match["ordinal"] is not None and not (
        match["which"] or match["year"] or match["shift"] or match["same"])


def _quarter_months(match: re.Match, published: date | None, tense: str | None) -> str | None:
    """A quarter or half year as a span of months ("2026-07/2026-09"). Without its year, "this", "last" and
    "next" count from the publication's own quarter; a quarter named by its number is the first not yet over
    where the sentence looks ahead, else the latest begun by publication, unless the sentence does not look
    back and that one ended over LONG_OVER_DAYS before."""
    short, ordinal = (match["short"] or "").lower(), (match["ordinal"] or "").lower()
    months = 6 if short.startswith("h") or (match["unit"] or "").lower() == "half" else 3
    which = (match["which"] or "").lower()
    if match["year"] is not None or match["shift"] is not None or match["same"] is not None:
        if which in ("last", "past", "previous") or ordinal == "final":
            which, ordinal = "", "fourth" if months == 3 else "second"  # "the last quarter of 2026"
        elif which and match["same"] is None:
            return None  # "next quarter of 2027" says two things
    number = int(short[1]) if short else _ORDINALS.get(ordinal)
    if match["year"] is not None:
        year = int(match["year"])
    elif published is None:
        return None
    elif match["shift"] is not None:
        year = published.year + {"last": -1, "next": 1, "this": 0}[match["shift"].lower()]
    elif match["same"] is not None or match["bare"] is not None and not which:
        year = published.year
        if number is None:
            return None  # "the quarter" alone
    else:
        current = (published.month - 1) // months  # the publication's own quarter (or half), from 0
        if number is None:
            if not which:
                return None
            shift = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(which, 0)
            index = published.year * (12 // months) + current + shift
            year, number = index // (12 // months), index % (12 // months) + 1
        elif tense == "ahead":
            year = published.year + (number - 1 < current)
        else:
            year = published.year - (number - 1 > current)  # the latest begun ...
            ended = date(year + (number * months == 12), number * months % 12 + 1, 1)
            if tense != "behind" and (published - ended).days > LONG_OVER_DAYS:
                year += 1  # ... unless long over: "the first quarter" in November is next year's
    if number is None or number > 12 // months:
        return None
    first = (number - 1) * months + 1
    return f"{year:04d}-{first:02d}/{year:04d}-{first + months - 1:02d}"


def _month_number(name: str) -> int:
    """1 to 12 for a month's name or abbreviation, lower-case ("march", "mar", "sept")."""
    return _MONTHS.get(name) or _MONTH_ABBR[name]


def names_a_span(text: str) -> bool:
    """Whether ``text`` is a span of days, months, years or weekdays as ``resolve_date`` reads one ("Monday until
    Friday", "6 October to 28 November"; not "Monday until 14 September", two dates of two things)."""
    return _span(text.lower().replace("’", "'").strip(), _ANY_DAY, None) is not None


_ANY_DAY = date(2000, 6, 15)  # a span's ends are told apart from two dates whatever the day it is read on


def span_ends(text: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Where a span's two ends lie in ``text`` ("March 3" and "March 10" of "from March 3 to March 10")."""
    match = _RANGE.fullmatch(text.lower())
    return (match.span("left"), match.span("right")) if match is not None else None


def _weekday_span(match: re.Match, published: date | None, tense: str | None) -> str | None:
    """Days from one weekday to the next such ("from Monday to Wednesday"): the first placed as a weekday
    alone is, the second the first such day after it."""
    first, last = (match[side].strip() for side in ("left", "right"))
    if first not in _WEEKDAYS or last not in _WEEKDAYS or first == last:
        return None
    start = resolve_date(first, published, tense)
    if start is None:
        return None
    end = date.fromisoformat(start) + timedelta(days=(_WEEKDAYS.index(last) - _WEEKDAYS.index(first)) % 7)
    return f"{start}/{end.isoformat()}"


def _range_end(text: str, years_only: bool = False) -> dict[str, str | None] | None:
    """Month, day and year of one end of a span ("March 3", "5", "2014"), as written; None when it is not one.
    After a year, the other end is a year too ("2019-20")."""
    for pattern in _RANGE_ENDS[-1:] if years_only else _RANGE_ENDS:
        if (found := pattern.fullmatch(text.strip())) is not None:
            parts = found.groupdict()
            return {key: parts.get(key) for key in ("month", "day", "year")} | {"day_first": pattern is _RANGE_ENDS[1]}
    return None


def _year_shift(lowered: str) -> int | None:
    """-1 or 1 when an expression says "last year" or "next year" beside its month ("March 3-5 next year")."""
    return -1 if re.search(r"\blast year\b", lowered) else 1 if re.search(r"\bnext year\b", lowered) else None


def _weekend(words: list[str]) -> str | None:
    """"this", "last", "next" or "the" for a weekend alone ("this weekend", "over the weekend", "last weekend's")."""
    if "weekend" not in words:
        return None
    before = words[:words.index("weekend")]
    rest = words[words.index("weekend") + 1:]
    if before[:1] == ["about"]:
        before = before[1:]  # "would decide about next weekend's events"
    if rest not in ([], ["s"]) or len(before) > 2 or before and before[0] not in ("at", "over", "during", "on",
                                                                                  "this", "last", "next", "the"):
        return None
    return before[-1] if before and before[-1] in ("this", "last", "next") else "the"


def _weekend_week(which: str, published: date, tense: str | None) -> str:
    """ISO week of a weekend: the coming one when "next" or the tense looks ahead, the latest begun by
    publication when the tense looks back (or "the weekend" is told of without one); "this weekend" without
    a tense is this week's."""
    coming = published + timedelta(days=(5 - published.weekday()) % 7)  # this Saturday, or today
    if published.weekday() == 6:  # on a Sunday, this weekend is the one ending today
        coming -= timedelta(days=7)
    latest = published - timedelta(days=(published.weekday() - 5) % 7)  # the last Saturday on or before today
    saturday = {"next": coming + timedelta(days=7), "last": latest - timedelta(days=7) if latest == coming else latest}
    if which in saturday:
        chosen = saturday[which]
    elif tense == "ahead":
        chosen = coming if coming >= published else coming + timedelta(days=7)
    elif tense == "behind" or which == "the":
        chosen = latest
    else:
        chosen = coming
    iso = chosen.isocalendar()
    return f"{iso[0]}-W{iso[1]:02d}"


_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2}
_AGO = re.compile(r"(?:about |some |nearly |almost |more than |just over )?(?P<count>\d{1,3}|a couple of|"
                  + "|".join(w for w in _NUMBER_WORDS if " " not in w) + r") (?P<unit>day|week|fortnight|month|year|decade)s?"
                  r" ago")
_IN_FORTNIGHTS_TEXT = r"(?:in|within) (?:a|one|two|three) fortnights?(?: ?['’]s time)?"
_IN_FORTNIGHTS = re.compile(_IN_FORTNIGHTS_TEXT)
# "two weeks", "10 days": with "in" before it and a clause that looks ahead, a day or week to come
COUNT_OF_UNITS = re.compile(r"(?P<count>" + "|".join(w for w in _NUMBER_WORDS if " " not in w) + r"|\d{1,2}) "
                            r"(?P<unit>day|week|month|year)s?", re.IGNORECASE)
_IN_UNITS = re.compile("in " + COUNT_OF_UNITS.pattern)
_WITHIN_UNITS = re.compile("within (?:the next )?" + COUNT_OF_UNITS.pattern)  # days from now to the last one


def time_from_now(text: str) -> bool:
    """``text`` counts a time from now: "in a fortnight", "in two weeks", "in 10 days", "within six weeks"."""
    lowered = text.lower().strip()
    return bool(_IN_FORTNIGHTS.fullmatch(lowered) or _IN_UNITS.fullmatch(lowered)
                or _WITHIN_UNITS.fullmatch(lowered))
FORTNIGHTS = re.compile(rf"\b(?:(?:a|one|two|three) fortnights? ago|{_IN_FORTNIGHTS_TEXT})\b",
                        re.IGNORECASE)  # which the model seldom tags as dates


_DAY_OF_A_MONTH = re.compile(r"(?:on )?the (?P<day>\d{1,2})(?:st|nd|rd|th) of (?P<which>last|next|this) month")


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def _after(count: int, unit: str, published: date) -> date:
    """The day ``count`` days, weeks, months or years after ``published`` (a month's day past its end: its last)."""
    if unit in ("day", "week"):
        return published + timedelta(days=count * (7 if unit == "week" else 1))
    months = published.year * 12 + published.month - 1 + count * (12 if unit == "year" else 1)
    year, month = months // 12, months % 12 + 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(published.day, last))


def _ago(count: int, unit: str, published: date) -> str:
    """The day, ISO week, month or year ``count`` units before ``published`` (after it when negative), as precise
    as the unit."""
    if unit == "day":
        return (published - timedelta(days=count)).isoformat()
    if unit in ("week", "fortnight"):
        iso = (published - timedelta(weeks=count * (2 if unit == "fortnight" else 1))).isocalendar()
        return f"{iso[0]}-W{iso[1]:02d}"
    if unit == "month":
        months = published.year * 12 + published.month - 1 - count
        return f"{months // 12:04d}-{months % 12 + 1:02d}"
    return str(published.year - count * (10 if unit == "decade" else 1))


_TEMPORAL = re.compile(
    r"\b(1[89]\d\d|20\d\d|\d{4}s|'\d\ds|(mon|tues|wednes|thurs|fri|satur|sun)days?|today|tonight|yesterday|tomorrow"
    r"|days?|weeks?|weekends?|fortnights?|months?|years?|decades?|centur(y|ies)|seasons?|spring|summer|autumn|fall"
    r"|winter|morning|afternoon|evening|night|overnight|ago|recently|annual|quarter|christmas|easter|ramadan|eid"
    r"|hanukkah"
    r"|thanksgiving|diwali|passover|halloween|lent|advent|new year|"
    + "|".join(_MONTHS) + "|" + "|".join(_MONTH_ABBR) + r")\b", re.IGNORECASE)


_AGE = re.compile(r"\b\d+[- ](year|month|week|day)s?[- ]old\b", re.IGNORECASE)


# days named for what falls on them: fixed days, and days counted from Easter Sunday
_FIXED_HOLIDAYS = {
    "new year's day": (1, 1), "new year's eve": (12, 31), "christmas eve": (12, 24), "christmas day": (12, 25),
    "christmas": (12, 25), "boxing day": (12, 26), "st stephen's day": (12, 26), "st. stephen's day": (12, 26),
    "saint stephen's day": (12, 26), "valentine's day": (2, 14), "st patrick's day": (3, 17),
    "st. patrick's day": (3, 17), "saint patrick's day": (3, 17), "halloween": (10, 31), "hallowe'en": (10, 31),
    "bonfire night": (11, 5), "guy fawkes night": (11, 5), "anzac day": (4, 25), "australia day": (1, 26),
    "canada day": (7, 1), "waitangi day": (2, 6), "remembrance day": (11, 11), "armistice day": (11, 11),
    "veterans day": (11, 11), "veterans' day": (11, 11), "juneteenth": (6, 19), "fourth of july": (7, 4),
    "independence day": (7, 4), "may day": (5, 1),
}
_EASTER_DAYS = {
    "easter sunday": 0, "easter day": 0, "easter": 0, "good friday": -2, "holy saturday": -1, "easter monday": 1,
    "maundy thursday": -3, "holy thursday": -3, "palm sunday": -7, "ash wednesday": -46, "shrove tuesday": -47,
    "pancake day": -47, "ascension day": 39, "pentecost": 49, "whit sunday": 49, "whitsunday": 49,
}
# (month, weekday, which): the fourth Thursday of November; -1 the last
_COUNTED_HOLIDAYS = {"thanksgiving": (11, 3, 4), "thanksgiving day": (11, 3, 4), "memorial day": (5, 0, -1),
                     "labor day": (9, 0, 1)}
# a holiday's name begins these names: "Easter Island", "Christmas Island", "the Easter Rising"
HOLIDAY_NAME_NOUNS = ("Island", "Islands", "Rising", "Road", "Street", "Parade", "Bay", "Creek", "Lake", "Park",
                      "Offensive", "Uprising")
_HOLIDAY_NAMES = sorted([*_FIXED_HOLIDAYS, *_EASTER_DAYS, *_COUNTED_HOLIDAYS], key=len, reverse=True)
HOLIDAY = re.compile(r"\b(" + "|".join(re.escape(name).replace("'", "['’]") for name in _HOLIDAY_NAMES)
                     + r")(?:\s+((?:19|20)\d\d))?\b"
                     rf"(?!\s+(?:{'|'.join(HOLIDAY_NAME_NOUNS)})\b)", re.IGNORECASE)  # not "Easter Island"


def _holiday(lowered: str) -> str | None:
    """The holiday an expression names ("christmas eve" of "on Christmas Eve 2013"), else None."""
    match = HOLIDAY.search(lowered)
    if match is None:
        return None
    name = match.group(1).replace("’", "'")
    if name == "independence day" and not re.search(r"\b(us|u\.s\.|american|america's)\b", lowered):
        return None  # every country has one: only America's is a day of the calendar here
    return name


def _holiday_in(name: str, year: int) -> date:
    if name in _FIXED_HOLIDAYS:
        return date(year, *_FIXED_HOLIDAYS[name])
    if name in _EASTER_DAYS:
        return easter(year) + timedelta(days=_EASTER_DAYS[name])
    month, weekday, which = _COUNTED_HOLIDAYS[name]
    if which > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (which - 1))
    last = date(year, month + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _holiday_date(name: str, year: int | None, published: date | None, tense: str | None) -> str | None:
    """The holiday's day in its year, else in the year nearest publication on the tense's side of it."""
    if year is not None:
        return _holiday_in(name, year).isoformat()
    if published is None:
        return None
    days = [_holiday_in(name, y) for y in range(published.year - 1, published.year + 2)]
    if tense == "ahead":
        return min(d for d in days if d >= published).isoformat()
    if tense == "behind":
        return max(d for d in days if d <= published).isoformat()
    return min(days, key=lambda d: _weighted_distance(d, published)).isoformat()


def is_temporal(text: str) -> bool:
    """The expression names a time (a day, a month, a year, "three weeks ago", "the first half"), not a bare
    number the model took for one (an age, a vote tally)."""
    return bool(_TEMPORAL.search(text) or QUARTER.fullmatch(text.strip())) and not _AGE.search(text)


# "Q3", "H1 2027", "FY27", which the model seldom tags as dates
QUARTER_CODES = re.compile(r"\b(?:(?:Q[1-4]|H[12])(?:,? (?:of )?(?:19|20)\d\d)?|FY ?(?:(?:19|20)\d\d|\d\d))\b")


def _nearest_years(month: int, day: int, published: date) -> list[int]:
    """Years around ``published``, the one that puts the month and day nearest it first; a day ahead counts
    FUTURE_WEIGHT days back."""
    return sorted(range(published.year - 2, published.year + 2),
                  key=lambda candidate: _weighted_distance(date(candidate, month, min(day, 28)), published))


def _weighted_distance(day: date, published: date) -> float:
    """Days from publication, a day ahead counting FUTURE_WEIGHT days back."""
    days = (day - published).days
    return days * FUTURE_WEIGHT if days > 0 else -days


def _day_or_last(year: int, month: int, day: int) -> date:
    """The day, or the month's last where the year has no such day (February 29)."""
    try:
        return date(year, month, day)
    except ValueError:
        return date(year, month, 28)


def _month_day(year: int | None, month: int, day: int, weekday: int | None, published: date | None,
               tense: str | None = None) -> str | None:
    candidates: list[int]
    if year:
        candidates = [year]
    elif published:
        candidates = _nearest_years(month, day, published)
        if tense == "ahead":  # the nearest year on or after publication first ("will be held on October 4")
            candidates.sort(key=lambda y: _day_or_last(y, month, day) < published)
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


def estimate_publication(date_texts: list[str], evidence_lines: list[str],
                         addresses: tuple[str | None, ...] = ()) -> PublicationEstimate | None:
    """When the source gives no date: the day its address or folder names ("/2026/04/16/"), the latest fully
    dated event in the text, the month its address or folder names ("courier/2026/04/"), or the copyright year.

    A month and day without a year ("Wednesday, October 20") count when a
    copyright year fixes the year and a stated weekday agrees with it.
    """
    named = [found for address in addresses if address and (found := _address_date(address))]
    day = next((found for found in named if len(found) == 10), None)
    if day:
        return PublicationEstimate(day, date.fromisoformat(day), f"the date in its address ({day}); high confidence")
    explicit = [value for text in date_texts if (value := resolve_date(text, None)) and len(value) == 10]
    if explicit:
        latest = max(explicit)
        return PublicationEstimate(latest, date.fromisoformat(latest),
                                   f"latest dated event in the text ({latest}); medium confidence")
    if named:
        month = named[0]
        year, number = int(month[:4]), int(month[5:])
        last = date(year + number // 12, number % 12 + 1, 1) - timedelta(days=1)  # the month's last day
        return PublicationEstimate(month, last, f"the month in its address or folder ({month}); medium confidence")
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


_ADDRESS_DATE = re.compile(r"(?:^|/)((?:19|20)\d\d)/(0?[1-9]|1[0-2])(?:/(0?[1-9]|[12]\d|3[01]))?(?=/)")


def _address_date(address: str) -> str | None:
    """The day ("2026-04-16") or month ("2026-04") that folders of an address or a path name: ".../2026/04/16/x"."""
    found = _ADDRESS_DATE.search(address.replace("\\", "/"))
    if found is None:
        return None
    year, month, day = found.groups()
    try:  # a day the calendar has not ("2026/02/30") leaves its month
        return date(int(year), int(month), int(day)).isoformat() if day else f"{year}-{int(month):02d}"
    except ValueError:
        return f"{year}-{int(month):02d}"


def _weekday_named(text: str) -> bool:
    return any(day in text.lower() for day in _WEEKDAYS)


def _month_named(text: str) -> bool:
    """A month is named: a weekday alone ("Tuesday") would be taken for the year's last such day."""
    return any(word in _MONTHS or word in _MONTH_ABBR for word in re.findall(r"[a-z]+", text.lower()))
