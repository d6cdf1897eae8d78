"""Text-level boilerplate removal for page text a scraper saved.

Works on lines: each non-empty line is a unit (a paragraph, a subheading, or
noise). Sidebar headline lists, repeated titles, share/subscribe/cookie lines,
copyright footers, bylines and dateline debris are removed, each with a reason;
real subheadings (a short line introducing the paragraphs after it) are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dateutil import parser as date_parser

from storyline.model import Block, Removal

# Lines that are page furniture whatever the site. Each pattern: (kind, reason, regex).
_FURNITURE = [
    ("share", "share/social prompt", r"^(share( this( article| story| page)?)?|tweet|email|print|copy link|share on \w+|follow us( on \w+)?)\b.{0,60}$"),
    ("subscribe", "subscription prompt", r"^(subscribe|sign up|signup|register|log ?in|already a subscriber|become a member|support our journalism)\b.{0,160}$"),
    ("newsletter", "newsletter prompt", r"^.{0,80}\bnewsletter\b.{0,120}$"),
    ("cookie", "cookie notice", r"^.{0,80}\b(cookies?|privacy policy|terms of (use|service))\b.{0,200}$"),
    ("read-more", "read-more link", r"^(read more|read next|continue reading|more from|more stories|most read|trending|recommended|related( stories| articles| coverage)?|see also|also read|don't miss)\b.{0,200}$"),
    ("photo-credit", "photo or video credit", r"^(photo|image|picture|video|graphic|illustration)s?( credit)?\s*[:/|].{0,200}$|^.{0,120}\((photo|image|file photo)[^)]*\)$|^.{0,80}/(handout|reuters|ap|afp|getty images)$"),
    ("advertisement", "advertisement marker", r"^(advertisement|advertising|sponsored( content)?|ad)$"),
    ("section-label", "outlet and section label", r"(?-i:^[A-Z][A-Z0-9 .'&-]{2,40}\s*[|·•/]\s*[A-Z][\w &-]{1,30}$)"),
    ("navigation", "navigation link", r"^(home|menu|search|skip to (main )?content|back to top|next article|previous article|comments?( \(\d+\))?|\d+ comments?)$"),
    ("copyright", "copyright or legal footer", r"^(©|\(c\)|copyright\b).{0,200}$|^.{0,120}\ball rights reserved\b.{0,80}$"),
]
_FURNITURE_RE = [(kind, reason, re.compile(pattern, re.IGNORECASE)) for kind, reason, pattern in _FURNITURE]

_DATELINE_DEBRIS = re.compile(r"^\(\s*[–—-]*\s*\)?\s*[–—-]+\s*|^\(\s*\)\s*")
_MONTHS = r"(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)\.?"
_DATE_TEXT = re.compile(
    rf"((mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(\d{{1,2}}\s+{_MONTHS}\s+\d{{4}}|{_MONTHS}\s+\d{{1,2}},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})",
    re.IGNORECASE,
)
_BYLINE_SEPARATOR = re.compile(r"\s+[|•·–—]\s+|\s*[|•·]\s*")
_DATE_PART = re.compile(rf"^((published|updated|posted)( on)?:?\s*)?(?P<date>{_DATE_TEXT.pattern})(,?\s*(at\s+)?\d{{1,2}}[:.]\d{{2}}\s*([ap]\.?m\.?)?\s*[a-z]{{0,4}})?$", re.IGNORECASE)
_TIME_PART = re.compile(r"^(at\s+)?\d{1,2}[:.]\d{2}\s*([ap]\.?m\.?)?\s*[a-z]{0,4}$|^\d+\s*min(ute)?s?\s+read$", re.IGNORECASE)
_AUTHOR_PART = re.compile(r"^(?P<author>[A-Z][\w.'’-]*(\s+(de|van|von|da|del|[A-Z][\w.'’-]*)){0,4})$")
_END_PUNCT = tuple('.!?:;"”’\'…)')
_CONTINUATION_PUNCT = frozenset(",;:.)")
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_STOP = frozenset(
    "a an and as at but by for from in into of off on or over the to up via with vs is are was were be its it".split()
)
TITLE_MAX_CHARS = 220
HEADING_MAX_WORDS = 16
SIDEBAR_MIN_RUN = 3


@dataclass
class CleanText:
    title: str | None
    blocks: list[Block]
    removed: list[Removal]
    published: str | None = None
    author: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n\n".join(block.text for block in self.blocks)


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def is_headline_like(line: str) -> bool:
    """Title-case line without final punctuation: a headline or a subheading."""
    words = _WORD.findall(line)
    if not 2 <= len(words) <= 30 or len(line) > TITLE_MAX_CHARS or line.rstrip().endswith(_END_PUNCT[:-1]):
        return False
    if line.rstrip().endswith(")") and "(" not in line:
        return False
    content = [w for w in words if w.lower() not in _STOP]
    if not content:
        return False
    capitalised = sum(1 for w in content if w[0].isupper() or w[0].isdigit())
    return capitalised / len(content) >= 0.75


def _content_terms(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text) if w.lower() not in _STOP and len(w) > 2}


def _match_furniture(line: str) -> tuple[str, str] | None:
    stripped = line.strip(" *•|-–—>")
    for kind, reason, pattern in _FURNITURE_RE:
        if pattern.match(stripped):
            return kind, reason
    return None


def _parse_byline(line: str) -> tuple[str | None, str | None] | None:
    """(author, ISO date) if the line is only a byline, date, time or reading time, else None.

    Parts are split on ``|``, ``·`` and spaced dashes: "By Ann Lee | Tuesday,
    March 3, 2026 – 2:40 pm", "Ann Lee · 3 March 2026 · 2 min read".
    """
    if len(line) > 160:
        return None
    author = published = None
    saw_by = False
    for part in filter(None, (p.strip() for p in _BYLINE_SEPARATOR.split(line.strip()))):
        date_match = _DATE_PART.match(part)
        if date_match and published is None:
            try:
                published = date_parser.parse(date_match.group("date"), fuzzy=True).date().isoformat()
            except (ValueError, OverflowError):
                return None
            continue
        if _TIME_PART.match(part):
            continue
        name = re.sub(r"^by\s+", "", part, flags=re.IGNORECASE)
        author_match = _AUTHOR_PART.match(name)
        if author_match and author is None:
            saw_by = saw_by or name != part
            author = author_match.group("author")
            continue
        return None
    if published is None and not saw_by:
        return None  # a lone name could be a subheading
    return author, published


def _units(text: str) -> list[str]:
    """Non-empty lines, with continuation lines joined back.

    A line continues the previous one when it starts with a lowercase letter
    after a line that did not end a sentence (hard wraps, or a scraper that
    broke the text around a link), or starts with ``,;:.)`` (always such a break).
    """
    units: list[str] = []
    for raw_line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw_line.replace("\u00a0", " ").strip()
        if not line:
            continue
        if units and line[:1] in _CONTINUATION_PUNCT and len(units[-1]) > 1:
            units[-1] = f"{units[-1]}{line}"
        elif units and line[:1].islower() and not units[-1].endswith(_END_PUNCT):
            units[-1] = f"{units[-1]} {line}"
        else:
            units.append(line)
    return units


def strip_boilerplate(text: str, title: str | None = None, headings: set[str] | frozenset[str] = frozenset()) -> CleanText:
    """Split page text into title, body blocks and recorded removals.

    >>> result = strip_boilerplate("Dam Opens\\n\\nDam Opens\\n\\nThe dam opened on Monday.\\n\\n© 2026 Paper")
    >>> result.title, result.body, [r.kind for r in result.removed]
    ('Dam Opens', 'The dam opened on Monday.', ['repeated-title', 'copyright'])
    """
    units = _units(text)
    removed: list[Removal] = []
    result = CleanText(title=title, blocks=[], removed=removed)

    def drop(unit: str, kind: str, reason: str) -> None:
        removed.append(Removal(text=unit, reason=reason, kind=kind))

    # 1. Title: given, or the first line when it reads like a headline.
    start = 0
    if result.title is None and units and len(units[0]) <= TITLE_MAX_CHARS and not units[0].endswith((".", "”", '"')):
        result.title = units[0]
        start = 1
    kept: list[str] = []
    for index, unit in enumerate(units[start:], start=start):
        near_top = index < start + 5
        if result.title and _norm(unit) == _norm(result.title):
            drop(unit, "repeated-title", "repeats the headline")
            continue
        if near_top and not kept:
            byline = _parse_byline(unit)
            if byline:
                result.author = result.author or byline[0]
                result.published = result.published or byline[1]
                drop(unit, "byline", "byline or date line (kept as metadata)")
                continue
        if not kept and len(unit.split()) <= 3 and not unit.endswith(_END_PUNCT) and unit != result.title:
            drop(unit, "section-label", "short label before the article text (section or kicker)")
            continue
        furniture = _match_furniture(unit)
        if furniture and len(unit) < 260:
            drop(unit, *furniture)
            continue
        debris = _DATELINE_DEBRIS.match(unit)
        if debris and not kept:
            drop(debris.group(0).strip(), "dateline-debris", "empty dateline left by the scraper")
            unit = unit[debris.end():].strip()
            if not unit:
                continue
        kept.append(unit)

    result.blocks = _blocks_without_sidebars(kept, drop, headings)
    return result


def _blocks_without_sidebars(units: list[str], drop, headings: set[str] | frozenset[str] = frozenset()) -> list[Block]:
    """Remove runs of unrelated headlines; keep single subheadings between paragraphs."""
    headline = [u in headings or is_headline_like(u) for u in units]
    body_terms = _content_terms(" ".join(u for u, h in zip(units, headline) if not h))
    blocks: list[Block] = []
    index = 0
    while index < len(units):
        if not headline[index]:
            blocks.append(Block("paragraph", units[index]))
            index += 1
            continue
        end = index
        while end < len(units) and headline[end]:
            end += 1
        run = units[index:end]
        followed_by_text = end < len(units)
        overlap = [_overlap(u, body_terms) for u in run]
        if len(run) >= SIDEBAR_MIN_RUN or not followed_by_text:
            for unit, share in zip(run, overlap):
                if len(run) == 1 and share >= 0.5 and blocks:
                    blocks.append(Block("heading", unit))  # a closing subheading-like line about the story
                else:
                    drop(unit, "headline-list", f"run of {len(run)} headline-like line(s) with no article text after them" if not followed_by_text else f"list of {len(run)} headlines (sidebar or related links)")
        else:
            for unit, share in zip(run, overlap):
                if len(run) == 2 and share < 0.2:
                    drop(unit, "headline-list", "headline-like line unrelated to the article")
                else:
                    blocks.append(Block("heading", unit))
        index = end
    while blocks and blocks[-1].kind == "heading":
        last = blocks.pop()
        drop(last.text, "headline-list", "heading with no article text after it")
    return blocks


def _overlap(line: str, body_terms: set[str]) -> float:
    terms = _content_terms(line)
    return len(terms & body_terms) / len(terms) if terms else 0.0
