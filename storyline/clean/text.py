"""Text-level boilerplate removal for page text a scraper saved.

Works on lines: each non-empty line is a unit (a paragraph, a subheading, or
noise). Sidebar headline lists, repeated titles, share/subscribe/cookie lines,
copyright footers, bylines and dateline debris are removed, each with a reason;
real subheadings (a short line introducing the paragraphs after it) are kept.
"""

from __future__ import annotations

import datetime
import math
import re
from collections import Counter, defaultdict
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlsplit

from storyline.model import Block, Removal
from storyline.outlets import outlet_slug, squash_name

# Lines that are page furniture whatever the site. Each pattern: (kind, reason, regex).
_FURNITURE = [
    ("share", "share/social prompt", r"^(share( this( article| story| page| post)?)?|tweet|email|print|copy link|share on \w+|follow us( on \w+)?|click to (share|email|print)|(opens|open) in (a )?new window)\b.{0,60}$"),
    ("comments", "start of the reader comments",
     r"^(\d+ (responses?|comments?|replies|thoughts)( to| on)\b.{0,200}|[\[(]?\s*(\w+\s+){0,3}comments?(\s+\w+){0,2}\s*(\(\d+\)|\d+)?\s*[\])]?|rating: \d+ votes.{0,40}|.{1,40} (says|said|wrote):|(\d+ )?comments?( \(\d+\))?:?|leave a (reply|comment)|post a comment|add a comment|(show|view|load|see) (all )?(\d+ )?comments|join the (conversation|discussion)|permalink\b.{0,60}comments\b.{0,40})$"),
    ("subscribe", "subscription prompt", r"^(subscribe|sign up|signup|register|log ?in|already a subscriber|become a (member|subscriber|supporter)|support (our|independent|local|quality) journalism)\b.{0,160}$"
                                          r"|^.{0,80}[.!]\s+subscribe (now|today|from|for)\b.{0,60}$"
                                          r"|^.{0,60}\bis funded by (its |our )?readers\b.{0,100}$"),
    # a prompt, not a report that names one ("Subscribers to the newsletter were told")
    ("newsletter", "newsletter prompt",
     r"^.{0,80}\b(sign(ing)? up|subscribe|register|join)\b.{0,60}\bnewsletters?\b.{0,80}$"
     r"|^.{0,80}\bnewsletters?\b.{0,60}\b(sign(ing)? up|subscribe|your inbox|straight to you|delivered to you|for free"
     r"|here)\b.{0,60}$|^([\w&'’-]+ ){0,4}newsletters?\s*:?$|^get (the|our) [^.!?,]{1,60} (in|to) your inbox$"),
    ("paywall", "paywall notice", r"^this (article|story|content) is (only )?(for|available to|reserved for) "
                                  r"(subscribers|members|paying \w+)( only)?[.!]?$"),
    ("author-bio", "about the author",
     r"^.{0,160}\b((can be (reached|contacted)|reach (him|her|them)) at [\w.+-]+@[\w-]+\.[\w.]+"
     r"|follow (him|her|them) on \w+ at @\w+)\b.{0,120}$"),
    ("timestamp", "time stamp of a live report", r"^\d{1,2}[:.]\d{2}\s*([ap]\.?m\.?)?\s*([a-z]{2,4})?$"),
    ("cookie", "cookie notice",  # the site's notice, not a story about cookies
     r"^.{0,80}\b(we use cookies|(site|website|page) uses cookies|use of cookies|accept (all )?cookies"
     r"|cookies? (policy|settings|preferences|consent|notice|banner)|manage (your )?cookies"
     r"|privacy (policy|notice|settings)"
     r"|terms (of|and) (use|service|conditions))\b.{0,200}$|^(accept|reject|allow) (all )?cookies\b.{0,40}$"),
    ("read-more", "read-more link",  # a label and its links; a sentence may begin "Related businesses ..."
     r"^(read more|read next|continue reading|more stories|most read|see also|also read|don't miss)\b.{0,200}$"
     r"|^(more from|trending|recommended|related|popular)\s*(:.{0,200})?$"
     r"|^related (stories|articles|coverage|content|links|reading|news)\b.{0,200}$|^more from [^.!?]{1,40}$"),
    ("photo-credit", "photo or video credit",
     r"^(photo|image|picture|video|graphic|illustration)s?( credit| caption)?\s*[:/|].{0,200}$"
     r"|^(.{0,160}[.!?]\s+)?\(?(getty images|shutterstock|alamy|ap photo|pa media)\)?\.?$"
     r"|(?-i:^[^.!?]{0,160}[.!?]\s*\([A-Z][\w.'’-]+( [A-Z][\w.'’-]+){1,3}/[A-Z][^()/]{1,40}\)$)"
     r"|^.{0,160}[.!?]\s+(photo|photograph|picture|image)s?\s*:\s*[^.!?]{2,60}$|^.{0,120}\((photo|image|file photo)[^)]*\)$|^.{0,80}/(handout|reuters|ap|afp|getty images)$"),
    ("outlet-prompt", "the outlet's word to its readers (tips, updates, thanks)",  # a whole line, no clause after
     r"^((got|have you got|do you have) a (news )?(tip|story)( for us)?\?.{0,120}"
     r"|(seen|spotted|heard) (a|an|something) [^.?!]{0,60}\?\s*((e-?mail|write to|contact|tell) us\b.{0,80}"
     r"|e-?mail \S+@\S+)"
     r"|(follow [^.!?]{2,60}[.!]\s+)?(send|email|e-mail) (us )?your (story ideas|stories|news|tips|pictures|photos"
     r"|videos)\b.{0,80}"
     r"|thank you for (supporting|reading|choosing) (local|independent|quality|our|the|us)\b[^,]{0,60}"
     r"|stay with [\w .&'’-]{2,40} for (updates|more (news|coverage|updates))\b[^,]{0,60}"
     r"|check back (later |soon )?for (updates|more)\b[^,]{0,80})$"),  # ("Follow X on Twitter" the gold sets keep)
    ("feedback", "reader feedback prompt", r"^(was this (article|story|page) (helpful|useful)\??|did you find this (article|story) (helpful|useful)\??|yes no)$"),
    ("advertisement", "advertisement marker",
     r"^(advertisement|advertising|sponsored( content)?|ad|(story|article) continues (below|after)( (the )?(advertisement|ad))?"
     r"|this (advertisement|ad) has not loaded yet,? but your (article|story) continues below\.?)$"),
    ("section-label", "outlet and section label", r"(?-i:^[A-Z][A-Z0-9 .'&-]{2,40}\s*[|·•/]\s*[A-Z][\w &-]{1,30}$)"),
    ("section-end", "heading of a list or section after the article",
     r"^(related( articles| stories| posts| content| coverage| news| topics| links| reading)?( (from|on|about|in)\b.{0,50})?|more (from|on|about|stories|news|in)\b.{0,40}|recommended( for you| stories| articles)?|you (may|might) (also )?(like|enjoy)|(most )?popular( now| stories| articles)?|most (read|viewed|shared|popular)|trending( now| stories)?|latest (news|stories|articles|posts)|top stories|editor'?s picks|in case you missed it|what to read next|read these next|up next|share this( article| story| post)?|(tags?|topics|filed under|categories|category)\s*:.{0,200}|about the author|sponsored stories|around the web|promoted (stories|links)|from our partners)\s*:?$"),
    ("navigation", "navigation link", r"^(home|menu|search|skip to (main )?content|back to top|next article|previous article|comments?( \(\d+\))?|\d+ comments?)$|^[\w ]{1,30}( > [\w ]{1,30})+$"),
    ("credit", "wire or reporting credit",
     r"^\(\s*(additional |further )?(reporting|writing|editing|compiled|research)( and \w+)? by\b[^()]{1,200}\)\.?$"
     r"|^(additional |further )?(reporting|writing|editing) by [^.;:!?]{1,60}([;.]\s*(additional |further )?(reporting|writing|editing) by [^.;:!?]{1,60})*\.?$"
     r"|^this (article|story) (was |is |has been )?(first |originally )?(supplied|provided|published|distributed|syndicated|republished|reproduced|written|produced|appeared|from)\b.{0,120}$"
     r"|^[\w&.'’ -]{2,60},? with additional reporting (by|from)\b.{1,100}$"
     r"|^the post .{2,300} appeared first on .{2,100}$"),  # WordPress's feed footer
    ("correction", "correction or editor's note on the article (the outlet's note, not its report)",
     r"^(correction|clarification|editor'?’?s note)\s*:\s*.{10,800}$"
     r"|^an earlier version of this (article|story|report)\b.{0,800}$"
     r"|^this (article|story|report) (was|has been) (amended|corrected|updated) (on|to|since)\b.{0,200}$"),
    ("copyright", "copyright or legal footer",  # a footer, not a sentence about a copyright ("Copyright in the song")
     r"^(©|\(c\)).{0,200}$|^copyright\b(?!\s+(in|of|to|for|on|over|law|laws|infringement|holders?|claims?|case|dispute"
     r"|office|act|protection|owners?|belongs|was|is|has|had|would|will|expired?s?)\b).{0,160}$"
     r"|^.{0,120}\ball rights reserved\b.{0,80}$"),
]
_FURNITURE_RE = [(kind, reason, re.compile(pattern, re.IGNORECASE)) for kind, reason, pattern in _FURNITURE]

_DATELINE_DEBRIS = re.compile(r"^\(\s*[–—-]*\s*\)?\s*[–—-]+\s*|^\(\s*\)\s*")
_EMPTY_DATELINE = re.compile(r"[A-Z][A-Z.'’ -]{1,40},?\s*(?:[A-Z][a-z]{2,8}\.? \d{1,2},?\s*)?[–—-]+\s*")
# a dateline with an empty field between two dashes: "WRENFORD, April 9 —  — Volunteers ..."
_DOUBLED_DATELINE_DASH = re.compile(r"^([A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Z][a-z]+\.?(?:\s+\d{1,2})?)?"
                                    r"(?:\s*\([^()\n]{1,40}\))?)\s*([–—-])\s+[–—-]\s+")
_MONTHS = r"(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)\.?"
_MONTH_NUMBER = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_DAY_OF_MONTH = r"(?P<day>\d{1,2})(st|nd|rd|th)?"
# The date of a date line: "21st January 2026", "Feb. 4, 2026", "2026-02-11", "2025.06.19", and numeric
# month-first dates ("05/17/25", "02.28.26"; day-first when the first number cannot be a month).
_LINE_DATES = (
    re.compile(rf"\b{_DAY_OF_MONTH}\s+(?P<month>{_MONTHS})\s*,?\s+(?P<year>\d{{4}})\b", re.IGNORECASE),
    re.compile(rf"\b(?P<month>{_MONTHS})\s+{_DAY_OF_MONTH},?\s+(?P<year>\d{{4}})\b", re.IGNORECASE),
    re.compile(r"\b(?P<year>\d{4})[-./](?P<month>\d{1,2})[-./](?P<day>\d{1,2})\b"),
    re.compile(r"\b(?P<first>\d{1,2})([/.])(?P<second>\d{1,2})\2(?P<year>\d{4}|\d{2})\b"),
)
# What a date line may hold besides its date: labels, weekdays, times, time zones, "|" parts.
_DATE_LINE_FILLER = re.compile(
    r"\b((first|last)\s+)?(published|updated|posted|released?|created|modified|story created|date)\b"
    r"|\b(on|at|am|pm|a|p)\b"
    r"|\b(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(day|nesday|rsday|urday)?\b"
    r"|\b\d{1,2}(:\d{2}){1,2}\b|\b\d{1,2}\.\d{2}\b|\b\d{1,2}(?=\s*(am|pm)\b)"
    r"|\b(utc|gmt|z|et|est|edt|ct|cst|cdt|mt|mst|mdt|pt|pst|pdt|akst|akdt|hst|bst|cet|cest|eet|eest|ist|jst|kst"
    r"|aest|aedt|awst|nzst|nzdt|sast|msk|hkt|sgt)\b"
    r"|[\s,.:;()/|–—-]+",
    re.IGNORECASE)
_SPACED_CLOCK = re.compile(r"\b(\d{1,2}):\s+(\d{2})(?!\d)")  # "6: 33PM", as some tokenised corpora give it
_SPACED_MERIDIEM = re.compile(r"\b([ap])\.\s?m\b\.?", re.IGNORECASE)  # "p. m.", "A. M."
_CLOCK_MERIDIEM = re.compile(r"(\d)([ap]m?)\b", re.IGNORECASE)  # "6:33PM", "10:05p"
_BYLINE_SEPARATOR = re.compile(r"\s+[|•·–—]\s+|\s*[|•·]\s*")
_TIME_PART = re.compile(r"^((last\s+)?(updated|posted|published)\s+)?(at\s+)?\d{1,2}[:.]\d{2}\s*([ap]\.?m\.?)?"
                        r"\s*[a-z]{0,4}$"
                        r"|^\d+\s*min(ute)?s?\s+read$"
                        r"|^(last\s+)?updated\s+(\d+|an?|one)\s+(second|minute|hour|day|week)s?\s+ago$"
                        r"|^(last\s+)?updated\s+just\s+now$", re.IGNORECASE)  # "Last updated 2 hours ago"
# what follows a byline's name after a bar: a desk, a role or the outlet, in title case ("Staff Writer")
_DESK_OR_OUTLET = re.compile(r"^(?:The\s+)?[A-Z][\w&'’.-]*(?:\s+(?:(?:of|and|for|the|&)\s+)?[A-Z][\w&'’.-]*){0,5}$")
_AUTHOR_PART = re.compile(r"^(?P<author>[A-Z][\w.'’-]*(\s+(de|van|von|da|del|[A-Z][\w.'’-]*)){0,4})$")
_STAFF_WORDS = frozenset(
    "staff reporter reporters correspondent correspondents writer writers editor editors desk board team newsroom"
    " agencies".split())
_STAFF_FILLERS = _STAFF_WORDS | {"our", "a", "the", "special", "with", "and", "from"}
# words of a section label or kicker, never of a byline's name ("Local News" over a date line)
_SECTION_WORDS = frozenset("""news local national world sport sports business politics opinion breaking live latest
    update updates weather video analysis comment features culture money tech health science education crime courts
    home lifestyle travel""".split())
# "By Ann Lee, Valley Courier", "By Ann Lee, economics editor" (in lower case, a role: not "By Friday, most roads")
_AFFILIATION = re.compile(r",\s+([A-Z][\w.'’&-]*(\s+[\w.'’&-]+){0,5}|([a-z][\w'’-]*\s+){0,3}"
                          r"(editor|correspondent|reporter|writer|columnist|critic|analyst|contributor|producer"
                          r"|commentator|photographer)s?)$")
_QUOTE_PAIRS = {"'": "'", '"': '"', "‘": "’", "“": "”", "«": "»"}
_END_PUNCT = tuple('.!?:;"”’\'…)')
_CONTINUATION_PUNCT = frozenset(",;:.)")
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_STOP = frozenset(
    ["a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "off", "on", "or", "over", "the", "to", "up", "via", "with", "vs", "is", "are", "was", "were", "be", "its", "it"]
)
TITLE_MAX_CHARS = 220
SITE_SUFFIX = re.compile(r"\s+(\||::|–|—|-)\s+[^|:–—-]{2,40}$")
HEADING_MAX_WORDS = 16
SUBHEADING_MAX_WORDS = 10  # a subheading in sentence case: short, and no sentence's end but a question's
_SUBHEADING_NOT_END = tuple('.!:;,…"”’\')»')
CLOSING_SENTENCE_MIN_WORDS = 4
SIDEBAR_MIN_RUN = 3
LIST_ITEM_SHARE = 0.6
LIST_ITEM_MAX_WORDS = 25
_LIST_ITEM = re.compile(r"\d|\s[–—@|]\s|^[•*·-]\s|:\s")
# Main-block detection (whole-page text).
PROSE_MIN_WORDS = 10
ISOLATED_PROSE_FACTOR = 0.2
SECTION_SHARED_TERMS = 2
LONG_RUN_LINES = 5
PULL_QUOTE_MIN_WORDS = 8  # shorter repeats may be a refrain or a stock phrase
PULL_QUOTE_MAX_WORDS = 80
REPEAT_MIN_WORDS = 8
REPEAT_SHARE = 0.8
SHORT_LINE_PENALTY = 3.0
TITLE_SEARCH_LINES = 15
MASTHEAD_MAX_WORDS = 3
MASTHEAD_PENALTY = 0.6
_BY = re.compile(r"^(?:(?:(?:story|words|report|reporting|written|posted|text)\s+)?by\s+"
                 r"|(?:author(?: of the (?:article|story))?|written by|reporter)\s*:\s*)", re.IGNORECASE)
ANCHOR_MIN_CHARS = 15
ANCHOR_WINDOW = 30
ANCHOR_MIN_WEIGHT = 40.0
EARLIER_PART_SHARE = 0.05
BYLINE_SEARCH_LINES = 10
_SENTENCE_END = tuple('.!?"”’\'…:;)»。！？」』')
_UNSPACED_LETTERS = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff"  # kana, Han, Hangul
_UNSPACED = re.compile(f"[{_UNSPACED_LETTERS}]")
_UNSPACED_RUN = re.compile(f"[{_UNSPACED_LETTERS}]+")  # "G20峰会": its own run
# a spaced word with no Latin letter, nor an unspaced script's
_NON_LATIN_WORD = re.compile(rf"\b[^\W\d_A-Za-z\u00c0-\u024f{_UNSPACED_LETTERS}]+\b")
SECTION_END_PENALTY = 100.0  # a "Related"/"Most read" heading: the article rarely runs across it
_HARD_BOUNDARY_KINDS = frozenset({"comments"})  # the article never runs into its comments
# a breaking story's stock last line: short, but the article's own
_CLOSING_LINE = re.compile(r"^(more to follow|more follows|updates? to follow|developing( story)?|this (is a developing "
                           r"story|story (is developing|will be updated|has been updated)).{0,80}"
                           r"|the (trial|case|hearing|inquest|inquiry|sentencing hearing)(, which [^.]{1,60},)? "
                           r"(continues|resumes)( \w+){0,3})\.?$", re.IGNORECASE)  # a court report's last line
CLOSING_LINE_WEIGHT = 1.0
# furniture set inside an article: weighs as a short line, whatever its length (a long caption is no boundary)
_INSIDE_ARTICLE_KINDS = frozenset({"photo-credit", "advertisement", "newsletter", "paywall", "timestamp", "correction",
                                   "outlet-prompt"})
_TRUNCATED = ("...", "…")
_INNER_PUNCT = re.compile(r"[,.;:!?，。、]\s")
_CREDIT_LINE = re.compile(r"^\d+ of \d+\b.*$|^\((photo|image|credit|foto|video)?[^()]{0,80}/[^()]{0,80}\)$|^\((photo|image|credit|foto)[^()]{0,120}\)$", re.IGNORECASE)


@dataclass
class CleanText:
    title: str | None
    blocks: list[Block]
    removed: list[Removal]
    published: str | None = None
    author: str | None = None
    notes: list[str] = field(default_factory=list)
    outlet: str | None = None  # the outlet known (a folder's name), as the page writes it over the article

    @property
    def body(self) -> str:
        return "\n\n".join(block.text for block in self.blocks)


def normalized(text: str) -> str:
    """Lowercase words separated by single spaces: the form in which two lines are compared."""
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
    """Content words; in other scripts than Latin's, the first four letters of words of four or more
    (Cyrillic, Arabic after its article "ال", Greek: "Москвы" and "Москва" meet, as do "افتتاح" and "افتتحت";
    "что", "για" are too short to tell texts apart), and in unspaced runs (Chinese, Japanese) each pair of
    characters, so that a headline in any script is known by the words it shares with its article."""
    terms = {w.lower() for w in _WORD.findall(text) if w.lower() not in _STOP and len(w) > 2}
    for word in _NON_LATIN_WORD.findall(text):
        word = word.removeprefix("ال")
        if len(word) >= 4:
            terms.add(word[:4].lower())
    for run in _UNSPACED_RUN.findall(text):
        terms.update(run[i:i + 2] for i in range(len(run) - 1))
    return terms


def _match_furniture(line: str) -> tuple[str, str] | None:
    stripped = line.strip(" *•|-–—>")
    for kind, reason, pattern in _FURNITURE_RE:
        if pattern.match(stripped):
            return kind, reason
    return None


# where 05/06/2026 is the 5th of June: country domains whose dates are written day first (most of the world's)
_DAY_FIRST_DOMAINS = frozenset("""uk ie au nz za in sg my pk ng ke gh ug tz zw lk bd np mt cy hk
    fr de es it nl be ch at pt se no dk fi pl cz sk hu ro bg gr hr si rs ru ua tr il ae sa eg br ar cl co pe uy
    mx id vn th""".split())
_MONTH_FIRST_DOMAINS = frozenset({"us", "gov", "mil", "edu", "ph"})
_MONTH_NAMES = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
                r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b")  # as written in a date, capitalised
_DAY_MONTH = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH_NAMES)
_MONTH_DAY = re.compile(r"\b(?:" + _MONTH_NAMES + r"|(?:Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec)\.)\s+"
                        r"\d{1,2}(?:st|nd|rd|th)?\b(?![/.]\d)")  # "June 5", "Sept. 5"; not "April. 06/05/2026"
NUMERIC_DATE = re.compile(r"\b(?P<first>\d{1,2})(?P<sep>[/.-])(?P<second>\d{1,2})(?P=sep)"
                          r"(?P<year>(?:19|20)\d\d|\d\d)\b")


class _PageDates:
    """How the page being cleaned writes numeric dates, worked out only when a date line needs it."""

    def __init__(self, text: str, url: str | None) -> None:
        self.text, self.url = text, url

    @cached_property
    def day_first(self) -> bool:
        return numeric_dates_day_first(self.text, self.url)


_page_dates: ContextVar[_PageDates | None] = ContextVar("page_dates", default=None)


def numeric_dates(text: str) -> list[re.Match]:
    """The numeric dates of a text: with slashes, or with dots or dashes and a year of four digits ("16-4-23" of
    lottery numbers, "3.5.10" of a version, are no days)."""
    return [m for m in NUMERIC_DATE.finditer(text) if m["sep"] == "/" or len(m["year"]) == 4]


def day_first_domain(url: str | None) -> bool | None:
    """Whether a page's country domain writes numeric dates day first (True) or month first (False); None for a
    domain that does not say (".com")."""
    domain = (urlsplit(url).hostname or "").rpartition(".")[2] if url else ""
    if domain in _DAY_FIRST_DOMAINS or domain in _MONTH_FIRST_DOMAINS:
        return domain in _DAY_FIRST_DOMAINS
    return None


def numeric_dates_day_first(text: str, url: str | None = None) -> bool:
    """Whether a page writes numeric dates day first (05/06/2026 for 5 June): its country's domain says so, else
    a numeric date of its whose first number cannot be a month (25/08/2026), else its written dates ("5 June"
    more often than "June 5")."""
    if (by_domain := day_first_domain(url)) is not None:
        return by_domain
    numbers = [(int(m["first"]), int(m["second"])) for m in numeric_dates(text)]
    day_first, month_first = any(first > 12 for first, _ in numbers), any(second > 12 for _, second in numbers)
    if day_first != month_first:  # "25/08/2026" beside "04/09/2026": the page's own numbers say
        return day_first
    return len(_DAY_MONTH.findall(text)) > len(_MONTH_DAY.findall(text))


def date_line_value(text: str, day_first: bool | None = None) -> str | None:
    """ISO date of a line that holds only a date, with perhaps a label, weekday, time and time zone
    ("Published on 21st January 2026", "05/17/25 10:20 PM ET", "Story Created: Nov 9, 2024 at 7:02 PM HST"),
    else None. A numeric date is read day first where ``day_first`` (by default, where the page being cleaned
    writes its dates so)."""
    if len(text) > 80:
        return None
    text = _CUT_CLOCK.sub("", text)  # "Published: 17/02/2027 07:4": a time the scraper cut short
    text = _SPACED_MERIDIEM.sub(lambda m: f"{m.group(1)}m", _SPACED_CLOCK.sub(r"\1:\2", text))
    text = _CLOCK_MERIDIEM.sub(r"\1 \2", text)
    for pattern in _LINE_DATES:
        match = pattern.search(text)
        if not match:
            continue
        if _DATE_LINE_FILLER.sub("", text[:match.start()] + " " + text[match.end():]):
            return None  # words besides the date: a sentence or a headline that names a day
        if day_first is None and match.groupdict().get("first"):  # a numeric date: as the page writes them
            day_first = page.day_first if (page := _page_dates.get()) is not None else False
        if match.groupdict().get("first") and re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{2,4}", match.group(0).strip()):
            day_first = True  # "10.03.2026": written with dots, day first wherever it is written so
        value = _iso_date(match, bool(day_first))
        weekday = _WEEKDAY_NAMED.search(text)
        if value and weekday and match.groupdict().get("first") \
                and datetime.date.fromisoformat(value).weekday() != _WEEKDAY_INDEX[weekday.group(1).lower()[:3]]:
            other = _iso_date(match, not day_first)  # "Thursday 05/03/2026": 5 March, the day its weekday says
            if other and datetime.date.fromisoformat(other).weekday() == _WEEKDAY_INDEX[weekday.group(1).lower()[:3]]:
                return other
        return value
    return None


_REPORTING_FROM = re.compile(r"\s+(?:in|at|from|near)\s+(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[\w'’.-]+){0,3}$")
_CUT_CLOCK = re.compile(r"\s\d{1,2}:\d?\s*$")
_WEEKDAY_NAMED = re.compile(r"\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\b", re.IGNORECASE)
_WEEKDAY_INDEX = {name: index for index, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))}


def _iso_date(match: re.Match, day_first: bool = False) -> str | None:
    parts = match.groupdict()
    year = int(parts["year"])
    if year < 100:  # two digits: 00-69 are this century's
        year += 2000 if year < 70 else 1900
    if parts.get("month"):
        month_text = parts["month"].lower()
        month = int(month_text) if month_text.isdigit() else _MONTH_NUMBER[month_text[:3]]
        day = int(parts["day"])
    else:  # numeric: as the page writes them, unless the first number cannot be a month or the second one
        first, second = int(parts["first"]), int(parts["second"])
        month, day = (second, first) if first > 12 or day_first and second <= 12 else (first, second)
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def _prints_the_outlet(line: str, outlet: str) -> bool:
    """The line is the outlet's name in full: "PACIFIC TRIBUNE" for pacific-tribune, "FENNICK EVENING STAR" for
    the folder fennick-star (its first and last words, and the rest between)."""
    if squash_name(line) == squash_name(outlet):
        return True
    printed, short = outlet_slug(line).split("-"), outlet_slug(outlet).split("-")
    if len(short) < 2 or len(printed) > len(short) + 2 or printed[0] != short[0] or printed[-1] != short[-1]:
        return False
    rest = iter(printed)
    return all(word in rest for word in short)


def parse_byline(line: str) -> tuple[str | None, str | None] | None:
    """(author, ISO date) if the line is only a byline, date, time or reading time, else None.

    Parts are split on ``|``, ``·`` and spaced dashes: "By Ann Lee | Tuesday,
    March 3, 2026 – 2:40 pm", "Ann Lee · 3 March 2026 · 2 min read".
    """
    if len(line) > 160:
        return None
    author = published = None
    saw_by = False
    parts = [p.strip() for p in _BYLINE_SEPARATOR.split(line.strip())]
    if parts and _BY.match(parts[0]):  # "By Helen Marchetti 2026-05-13": the date after the name, unseparated
        words = parts[0].split()
        cut = next((k for k in range(2, len(words)) if date_line_value(" ".join(words[k:]))), None)
        if cut is not None:
            parts[:1] = [" ".join(words[:cut]), " ".join(words[cut:])]
    for part in filter(None, parts):
        date = date_line_value(part)
        if date:  # the first is the publication's; a later one, its update
            published = published or date
            continue
        if _TIME_PART.match(part):
            continue
        name = _BY.sub("", part)
        if name != part and ":" in part[:len(part) - len(name)] and not _a_persons_name(name):
            return None  # a label before no one's name: an interview's "Reporter: Okay."
        by = name != part or _STAFF_ROLE.search(part) is not None and _a_persons_name(part.split(",")[0])
        # (a name of two words or more over a staff role is a byline without "By": "Gethin Morgan, Sports Reporter")
        if by:  # after "By", a name may carry its outlet or role, or share the byline with a co-author
            name = _REPORTING_FROM.sub("", _AFFILIATION.sub("", name))  # "… in Port Estelle", "… at Halvik crossing"
        names = name.split(" and ") if by else [name]
        if author is None and (len(names) <= 2 and all(_AUTHOR_PART.match(n) for n in names)
                               or by and _is_staff_byline(name)):
            saw_by, author = saw_by or by, name
            continue
        if saw_by and author is not None and _DESK_OR_OUTLET.match(part) and _a_persons_name(author):
            continue  # "By Dana Whitcombe-Reyes | Legal Affairs", "… · The Northern Lakes Reporter"; not "By The
            # Numbers | Sports"
        return None
    if published is None and not saw_by:
        return None  # a lone name could be a subheading
    return author, published


def _name_over_date(units: list[str], index: int) -> tuple[str, None] | None:
    """(author, None) for a lone name of two to four words set over a date line ("Sanna Berglund" over "5 March
    2026 at 09:14"): a byline in two lines; a lone name elsewhere could be a subheading."""
    name = units[index].strip()
    if index + 1 < len(units) and 2 <= len(name.split()) <= 4 and _AUTHOR_PART.match(name) \
            and not any(word.lower() in _SECTION_WORDS for word in name.split()) and date_line_value(units[index + 1]):
        return name, None
    return None


# a place of one to three words in capitals, not a caption's label ("FILE PHOTO, June 3, 2019")
_PLACE_DATELINE = re.compile(r"^(?!(?:THE|FILE|PHOTO|IMAGE|PICTURE|VIDEO|UPDATED|PUBLISHED)\b)"
                             r"(?-i:[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2}),\s+(?P<date>.{6,40})$")


def _place_and_date(line: str) -> tuple[None, str] | None:
    """(None, ISO date) for a dateline of its own line, a place in capitals and the day ("SINGAPORE, 13/08/2026")."""
    match = _PLACE_DATELINE.match(line.strip())
    date = date_line_value(match["date"]) if match else None
    return (None, date) if date else None


def _a_date_line(line: str) -> bool:
    """A byline, a date line or a dateline of its own line: the page's metadata, never its headline."""
    return bool(parse_byline(line) or _place_and_date(line))


def _over_a_byline(units: list[str]) -> bool:
    """The first line stands over a date line or byline: a headline in sentence case ("Mayor defends $60,000
    travel bill" over "Published 14 April 2026")."""
    if len(units) <= 2 or word_count(units[0]) < 3 or _section_label(units[0]):
        return False
    return bool(parse_byline(units[1]) or _name_over_date(units, 1))


def _section_label(line: str) -> bool:
    """A line of section words ("Local news and sport"), not a headline."""
    words = [w.lower() for w in _WORD.findall(line) if w.lower() not in _STOP]
    return not words or sum(w in _SECTION_WORDS for w in words) * 2 >= len(words)


# a staff role after a name, for a byline without "By" ("Gethin Morgan, Sports Reporter"; not "Hilary Mantel, writer")
_STAFF_ROLE = re.compile(r",\s+(?:[A-Za-z][\w'’-]*\s+){0,3}(?:reporter|correspondent|editor|columnist|staff writer)"
                         r"s?$", re.IGNORECASE)


def _a_persons_name(text: str) -> bool:
    """Two to four capitalised words that are no staff title and no outlet ("Gethin Morgan"; not "Senior Writer",
    "The Guardian")."""
    words = text.split()
    return 2 <= len(words) <= 4 and words[0].lower() not in ("the", "our") and bool(_AUTHOR_PART.match(text)) \
        and not any(word.lower() in _STAFF_FILLERS or word.lower() in _SECTION_WORDS for word in words)


def _is_staff_byline(name: str) -> bool:
    """What follows "By" when no one is named: "Star reporter with CPA", "our Correspondent", "Staff"."""
    words = name.split()
    return (len(words) <= 6 and any(word.lower() in _STAFF_WORDS for word in words)
            and all(word[0].isupper() or word.lower() in _STAFF_FILLERS for word in words))


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


def word_count(text: str) -> int:
    """Words in ``text``; text in scripts written without spaces counts one word per two characters."""
    spaced = len(text.split())
    unspaced = len(_UNSPACED.findall(text))
    return spaced + unspaced // 2 if unspaced > 4 else spaced


def _ends_sentence(line: str) -> bool:
    return line.rstrip().endswith(_SENTENCE_END)


def _inside_quotes(line: str) -> str:
    """A line wholly in quotes without them ("'Water Came Up Through the Floorboards'"), else the line: a
    headline in quotes is someone's words, not a sentence of the page."""
    stripped = line.strip()
    if len(stripped) > 2 and _QUOTE_PAIRS.get(stripped[0]) == stripped[-1] and stripped[0] not in stripped[1:-1]:
        return stripped[1:-1].strip()
    return line


_QUOTED_ENDING = re.compile(r"""(?:(?<=\s)['‘“"])[^'‘’“”"]*[^\W_]['’”"]$""")


def _as_headline(line: str) -> str:
    """What decides whether a line ends as a sentence: a headline in quotes without them, and one that ends on
    a quoted phrase ("… as trust warns of 'toughest year'") without that phrase's closing mark."""
    line = _inside_quotes(line).rstrip()
    return line[:-1] if _QUOTED_ENDING.search(line) else line


def _line_weight(line: str, furniture: tuple[str, str] | None) -> float:
    """How much a line counts for (positive) or against (negative) the article's main block."""
    if _CLOSING_LINE.match(line.strip()):
        return CLOSING_LINE_WEIGHT
    words = word_count(line)
    if furniture:
        if furniture[0] in _HARD_BOUNDARY_KINDS:
            return -math.inf
        if furniture[0] == "correction":
            return 0.0  # an outlet's note may stand between paragraphs: the article goes on past it
        if furniture[0] in _INSIDE_ARTICLE_KINDS:
            return -SHORT_LINE_PENALTY
        return -SECTION_END_PENALTY if furniture[0] == "section-end" else -max(SHORT_LINE_PENALTY, words)
    if _CREDIT_LINE.match(line) or line.rstrip().endswith(_TRUNCATED):
        return -SHORT_LINE_PENALTY
    ends_sentence = _ends_sentence(_as_headline(line))  # not "… warns of 'toughest year'"
    if words >= PROSE_MIN_WORDS and ends_sentence:
        return float(words)
    if words >= 2 * PROSE_MIN_WORDS:
        return words / 2 if _INNER_PUNCT.search(line) else -SHORT_LINE_PENALTY  # unpunctuated: a tag cloud or menu
    if ends_sentence and words >= 4:
        return words / 2 - 1
    return -SHORT_LINE_PENALTY


def _repeated_text(units: list[str]) -> list[int]:
    """Lines whose text already appeared earlier on the page (a second copy of the article, a repeated teaser)."""
    seen: set[int] = set()
    repeats = []
    for index, unit in enumerate(units):
        words = normalized(unit).split()
        shingles = {hash(tuple(words[i:i + 4])) for i in range(max(1, len(words) - 3))}
        if len(words) >= REPEAT_MIN_WORDS and len(shingles & seen) >= REPEAT_SHARE * len(shingles):
            repeats.append(index)
        seen |= shingles
    return repeats


def _in_context(weights: list[float], units: list[str], inside: list[bool]) -> list[float]:
    """A prose line with no prose line on either side weighs less: teaser lists look like that, articles rarely;
    unless a subheading alone parts it from prose about the same things (an article in short sections). What is
    set inside articles (``inside``: captions, advertisement markers, newsletter boxes) is looked past.

    Long runs of short lines (menus, staff lists, link lists) separate more
    than their count: every line after the first few weighs double.
    """
    damped = list(weights)
    a_q_and_a = sum(_answers(units, index) for index in range(len(units))) >= QA_MIN
    run = 0
    for index, weight in enumerate(weights):
        run = run + 1 if weight < 0 else 0
        if run > LONG_RUN_LINES and weight != -math.inf:
            damped[index] = weight * 2
    for index, weight in enumerate(weights):
        if weight <= 0:
            continue
        before, after = index - 1, index + 1
        while before >= 0 and inside[before]:
            before -= 1
        while after < len(weights) and inside[after]:
            after += 1
        if (before < 0 or weights[before] <= 0) and (after == len(weights) or weights[after] <= 0):
            if not any(_sections_of_one_text(units, index, step, a_q_and_a) for step in (-1, 1)):
                damped[index] = weight * ISOLATED_PROSE_FACTOR
    return damped


def _sections_of_one_text(units: list[str], index: int, step: int, a_q_and_a: bool = False) -> bool:
    """Prose two lines away, past a lone subheading, shares SECTION_SHARED_TERMS content words with this line,
    or the subheading is a question of a Q&A (``a_q_and_a``: the page is one)."""
    heading, other = index + step, index + 2 * step
    if not 0 <= other < len(units) or not _is_subheading(units[heading]) or word_count(units[other]) < PROSE_MIN_WORDS:
        return False
    if a_q_and_a and _answers(units, heading):
        return True  # a Q&A's answers: "Who is paying?" over the minister's pledge, whatever words they share
    return len(_content_terms(units[index]) & _content_terms(units[other])) >= SECTION_SHARED_TERMS


QA_MIN = 3  # questions each answered in prose under it, at least, for a page to be a Q&A


def _answers(units: list[str], index: int) -> bool:
    """The line is a short question with prose under it: a Q&A's question."""
    return units[index].rstrip().endswith("?") and word_count(units[index]) <= 12 and index + 1 < len(units) \
        and word_count(units[index + 1]) >= PROSE_MIN_WORDS


def main_block(units: list[str], weights: list[float]) -> tuple[int, int]:
    """[start, end) of the contiguous run of lines with the most article-like weight.

    Prose lines weigh their length; short lines, page furniture and credits weigh
    against. Navigation and related-link lists between the article and other
    prose on the page cut it off; a subheading or an advertisement marker inside
    the article does not. Reader comments (after a comments heading) can
    outweigh a short article, so the first part of the page that holds a
    substantial block wins over later parts.
    """
    blocks = []  # best block of each part between hard boundaries
    best, best_range = 0.0, (0, 0)
    running, start = 0.0, 0
    for index, weight in enumerate(weights + [-math.inf]):
        if weight == -math.inf:
            blocks.append((best, best_range))
            best, best_range, running, start = 0.0, (index + 1, index + 1), 0.0, index + 1
            continue
        if running <= 0:
            running, start = 0.0, index
        running += weight
        if running > best:
            best, best_range = running, (start, index + 1)
    heaviest = max(weight for weight, _ in blocks)
    for weight, block in blocks:
        if weight > 0 and weight >= max(ANCHOR_MIN_WEIGHT, EARLIER_PART_SHARE * heaviest) or weight == heaviest:
            return block
    return (0, 0)


def without_site_name(title: str) -> str:
    """A document title without its trailing site name: "Pier Closed | Gazette" -> "Pier Closed"; after a dash
    only a name ("… – Alder Gazette"), not the headline's own second part ("… review – mud, magic and one
    unforgettable Sunday")."""
    match = SITE_SUFFIX.search(title)
    if match is None or match.group(1) in "–—-" and not _name_like(match.group(0).strip(" |:–—-")):
        return title
    return title[:match.start()].strip() or title


def _name_like(text: str) -> bool:
    """A site's name, not a headline's second part: no comma, and short ("heise online", "the Guardian") or mostly
    capitalised, or a domain ("independent.ie")."""
    words = text.split()
    return "," not in text and (len(words) <= 3 or any("." in word.strip(".") for word in words)
                                or sum(word[:1].isupper() or word[:1].isdigit() for word in words) * 2 > len(words))


def headline_anchor(units: list[str]) -> list[int]:
    """Lines repeating the page's first line (the document title) further down: the headline over the article.

    The repeat may carry more ("Headline by Author") or less (the title without the site name).
    """
    if len(units) < 3 or _ends_sentence(units[0]) and word_count(units[0]) > 30:
        return []
    first, headline = normalized(units[0]), normalized(without_site_name(units[0]))
    if len(headline) < ANCHOR_MIN_CHARS:
        return []
    anchors = []
    for index, unit in enumerate(units[1:], start=1):
        key = normalized(unit)
        if len(key) >= ANCHOR_MIN_CHARS and word_count(unit) >= 3 and (key in first or key.startswith(headline)):
            anchors.append(index)
    return anchors


def anchored_block(units: list[str], weights: list[float], anchors: list[int]) -> tuple[int, int, int] | None:
    """(headline, start, end) of the best-weighing block that starts soon after a headline anchor.

    The start lies within a few lines after the headline and before any hard
    section boundary (comments, related links) that follows text.
    """
    best = None
    for anchor in anchors:
        seen_text = False
        for start in range(anchor + 1, min(len(units), anchor + 1 + ANCHOR_WINDOW)):
            if weights[start] == -math.inf and seen_text:
                break
            if weights[start] <= 0:
                continue
            seen_text = True
            running = 0.0
            for end in range(start, len(units)):
                running += weights[end]
                if running == -math.inf:
                    break
                if best is None or running > best[0]:
                    best = (running, anchor, start, end + 1)
    if best is None or best[0] < ANCHOR_MIN_WEIGHT:
        return None
    return best[1], best[2], best[3]


MASTHEAD_LINES = 12  # the outlet's name stands at the top, over or under the headline
MASTHEAD_MAX_CHARS = 60


def _outlet_name_lines(units: list[str], furniture: list, outlet: str | None) -> frozenset[int]:
    """The lines near the top that are the outlet's name alone ("Korvel Wire", "PACIFIC TRIBUNE" under the
    headline), perhaps with its section ("Harrow Gazette | Opinion"): the outlet known (its metadata, its
    folder's name), the wire its dateline credits ("BRINDLEMOOR, Oct 6 (Quillby Wire) -"), or the name the
    page's copyright line gives ("© 2026 The Halsan Daily")."""
    known = {squash_name(outlet)} if outlet else set()
    known |= {squash_name(match[1]) for unit in units[:DATELINE_LINES] if (match := _DATELINE_CREDIT.match(unit))}
    footers = [squash_name(unit) for unit, match in zip(units, furniture) if match and match[0] == "copyright"]
    found = set()
    for index, unit in enumerate(units[:MASTHEAD_LINES]):
        name = _SECTION_TRAIL.split(unit)[0]  # "Harrow Gazette | Opinion": the outlet's name and its section
        if len(name) > MASTHEAD_MAX_CHARS or not 1 <= word_count(name) <= MASTHEAD_MAX_WORDS + 1:
            continue
        squashed = squash_name(name)
        if len(squashed) >= 4 and (squashed in known or any(squashed in footer for footer in footers)
                                   or outlet and _prints_the_outlet(name, outlet)):
            found.add(index)
    return frozenset(found)


# a wire's credit in its dateline, "BRINDLEMOOR, Oct 6 (Quillby Wire) -": a line of that name alone is a credit
def dateline_credit(text: str) -> str | None:
    """The outlet a dateline opening ``text`` credits ("PELLAM, Marl (Lorvane Wire) -": Lorvane Wire)."""
    match = _DATELINE_CREDIT.match(text)
    return match[1].strip() if match else None


_DATELINE_CREDIT = re.compile(r"[A-Z][A-Z .'’-]{2,40}(?:,[^()\n]{1,30})?\s*\(([^()\n]{2,40})\)\s*[—–-]")
DATELINE_LINES = 20  # the page's first lines, where a dateline stands
_SECTION_TRAIL = re.compile(r"\s+[|›»>]\s+")


REPEATED_TITLE_BONUS = 0.3  # over a site's tagline that shares the body's place names
OVER_BYLINE_BONUS = 0.4  # a headline in sentence case ("Brindlemoor's fever was a warning we chose to ignore")


def _title_before(units: list[str], start: int, body_terms: set[str], mastheads: frozenset[int]) -> int | None:
    """Index of the headline among the lines just before the main block, if one reads like it (not a line that is
    the outlet's name: the body names its own outlet, in a wire's dateline)."""
    best, best_score = None, 0.0
    for index in range(start - 1, max(-1, start - TITLE_SEARCH_LINES), -1):
        unit = units[index]
        if index in mastheads or _match_furniture(unit) or _a_date_line(unit) or not 2 <= word_count(unit) <= 30 \
                or len(unit) > TITLE_MAX_CHARS:
            continue
        if _ends_sentence(_as_headline(unit)) and not unit.endswith(("?", "!", "”", '"')):
            continue
        score = _overlap(unit, body_terms) + (0.3 if is_headline_like(unit) else 0.0) - 0.01 * (start - index)
        if sum(normalized(other) == normalized(unit) for other in units[:start]) >= 2:
            score += REPEATED_TITLE_BONUS  # a scraper that took the title tag and the page's h1 gives it twice
        if index + 1 < start and (index == 0 or index - 1 in mastheads or _SECTION_TRAIL.search(units[index - 1])) \
                and not _SECTION_TRAIL.search(unit) and parse_byline(units[index + 1]):
            score += OVER_BYLINE_BONUS  # the line between the outlet's name or its menu (or the top) and its byline
        if index == 0 and start > 2 and word_count(unit) <= MASTHEAD_MAX_WORDS:
            score -= MASTHEAD_PENALTY  # a page dump opens with the site's name ("Ridgeway Post"), then its menu
        if score > best_score:
            best, best_score = index, score
    return best if best_score >= 0.3 else None


def strip_boilerplate(
    text: str, title: str | None = None, headings: set[str] | frozenset[str] = frozenset(), whole_page: bool = True,
    url: str | None = None, outlet: str | None = None, author: str | None = None,
) -> CleanText:
    """Split page text into title, body blocks and recorded removals.

    ``whole_page``: the text is everything a scraper took from a page, so the
    article is found as its main block first; pass False for text an extractor
    already reduced to the article. ``outlet``: the outlet's name as known
    (metadata, a folder's name), whose line on the page is no headline.
    ``author``: the writer as known (a feed's or a page's metadata), whose
    closing line about them is no part of the article.

    >>> result = strip_boilerplate("Dam Opens\\n\\nDam Opens\\n\\nThe dam on the Vell river opened on Monday after six years of building.\\n\\n© 2026 Paper")
    >>> result.title, result.body, [r.kind for r in result.removed]
    ('Dam Opens', 'The dam on the Vell river opened on Monday after six years of building.', ['repeated-title', 'copyright'])
    """
    reading = _page_dates.set(_PageDates(text, url))  # the date lines' numeric dates, as the page writes them
    try:
        return _strip(text, title, headings, whole_page, outlet, author)
    finally:
        _page_dates.reset(reading)


def _strip(text: str, title: str | None, headings: set[str] | frozenset[str], whole_page: bool,
           outlet: str | None = None, author: str | None = None) -> CleanText:
    units = _units(text)
    removed: list[Removal] = []
    result = CleanText(title=title, blocks=[], removed=removed)

    def drop(unit: str, kind: str, reason: str) -> None:
        removed.append(Removal(text=unit, reason=reason, kind=kind))

    def took_byline(index: int) -> bool:
        """Keep the author and date of a byline or date line at ``index`` as metadata and drop the line."""
        byline = parse_byline(units[index]) or (index not in mastheads and _name_over_date(units, index)) \
            or _place_and_date(units[index])
        if byline:
            result.author = result.author or byline[0]
            result.published = result.published or byline[1]
            drop(units[index], "byline", "byline or date line (kept as metadata)")
        return bool(byline)

    furniture = [_match_furniture(unit) if len(unit) < 260 else None for unit in units]
    mastheads = _outlet_name_lines(units, furniture, outlet)
    named = [name for index in sorted(mastheads) if outlet
             and _prints_the_outlet(name := _SECTION_TRAIL.split(units[index])[0], outlet)]
    if named:  # "PACIFIC TRIBUNE" is Pacific Tribune
        result.outlet = named[0].title() if named[0].isupper() else named[0]
    title_index = None
    start, end = 0, len(units)
    if whole_page:
        inside = [bool(match) and match[0] in _INSIDE_ARTICLE_KINDS for match in furniture]
        weights = _in_context([_line_weight(unit, match) for unit, match in zip(units, furniture)], units, inside)
        for index in _repeated_text(units):
            weights[index] = -abs(weights[index]) if weights[index] != -math.inf else weights[index]
        anchored = anchored_block(units, weights, headline_anchor(units))
        if anchored and anchored[0] in mastheads:
            anchored = None  # "Vale Evening Post | Opinion" under "Vale Evening Post": the outlet, no headline
        if anchored:
            title_index, start, end = anchored
            headline = without_site_name(units[0])
            result.title = result.title or (headline if normalized(units[title_index]).startswith(normalized(headline)) else units[title_index])
        else:
            start, end = main_block(units, weights)
        if start == end:
            start, end = 0, len(units)
        end = _with_closing_list(units, furniture, start, end)
    if result.title is None:
        body_terms = _content_terms(" ".join(units[start:end]))
        title_index = _title_before(units, start, body_terms, mastheads)
        first = _as_headline(units[0]) if units else ""
        over_a_byline = _over_a_byline(units)
        if title_index is not None and title_index > 1 and over_a_byline and not furniture[0] \
                and not _ends_sentence(first) and not _a_date_line(units[0]) and _overlap(units[0], body_terms) >= 0.3 \
                and sum(normalized(unit) == normalized(units[title_index]) for unit in units[:start]) < 2:
            # the headline over its byline, not the scoreline under it ("Harbour Hawks 27 …"), kept as the
            # article's first line; a line the page repeats is the headline, not the site's tagline above it
            start, title_index = title_index, 0
        if title_index is None and units and 0 not in mastheads and not _ends_sentence(first) \
                and len(units[0]) <= TITLE_MAX_CHARS and not _a_date_line(units[0]) \
                and (not whole_page or 0 < start and not furniture[0]
                     and (is_headline_like(first) or over_a_byline)):
            title_index = 0  # the document title a page-text scraper puts first
        if title_index is not None:
            result.title = without_site_name(units[title_index]) if title_index == 0 else units[title_index]
            site = units[title_index][len(result.title):].strip() if title_index == 0 else ""
            if site and units[title_index].startswith(result.title):
                result.removed.append(Removal(text=site, reason="site name after the document title", kind="site-name"))
            if title_index >= start:
                start = title_index + 1

    def drop_outside(index: int, unit: str, after: bool) -> None:
        if result.title and normalized(unit) == normalized(result.title):
            return drop(unit, "repeated-title", "repeats the headline")
        if index in mastheads:
            return drop(unit, "masthead", "the outlet's name over the article")
        if not after and start - index <= BYLINE_SEARCH_LINES and took_byline(index):
            return None
        if furniture[index]:
            return drop(unit, *furniture[index])
        if not after and _EMPTY_DATELINE.fullmatch(unit):
            return drop(unit, "dateline-debris", "empty dateline left by the scraper")
        if is_headline_like(unit):
            return drop(unit, "headline-list", "headline-like line outside the article (sidebar, related links or menu)")
        where = "after" if after else "before"
        drop(unit, "outside-article", f"{where} the article's main text block (navigation, teaser or footer)")

    for index in range(start):
        if index != title_index:
            drop_outside(index, units[index], after=False)
    kept: list[str] = []
    for index in range(start, end):
        unit = units[index]
        if result.title and normalized(unit) == normalized(result.title):
            drop(unit, "repeated-title", "repeats the headline")
            continue
        if index in mastheads and not kept:
            drop(unit, "masthead", "the outlet's name over the article")
            continue
        if index < start + 5 and not kept:
            if took_byline(index):
                continue
        if not kept and _EMPTY_DATELINE.fullmatch(unit):  # "ARDVALE,  — ": the place, and nothing after it
            drop(unit, "dateline-debris", "empty dateline left by the scraper")
            continue
        if not kept and len(unit.split()) <= 3 and word_count(unit) <= 3 and not _ends_sentence(unit) and unit != result.title:
            drop(unit, "section-label", "short label before the article text (section or kicker)")
            continue
        if furniture[index]:
            drop(unit, *furniture[index])
            continue
        if _CREDIT_LINE.match(unit):
            if kept and not _ends_sentence(kept[-1]) and word_count(kept[-1]) < 60:
                drop(kept.pop(), "caption", "photo caption (followed by its credit)")
            drop(unit, "photo-credit", "photo or video credit")
            continue
        debris = _DATELINE_DEBRIS.match(unit)
        if debris and not kept:
            drop(debris.group(0).strip(), "dateline-debris", "empty dateline left by the scraper")
            unit = unit[debris.end():].strip()
            if not unit:
                continue
        doubled = _DOUBLED_DATELINE_DASH.match(unit) if not kept else None
        if doubled:
            drop(doubled.group(2), "dateline-debris", "empty field of the dateline left by the scraper")
            unit = f"{doubled.group(1)} {doubled.group(2)} {unit[doubled.end():]}"
        kept.append(unit)
    kept = _without_pull_quotes(kept, drop, headings)
    if len(kept) > 1 and _about_the_author(kept[-1], result.author or author):
        drop(kept.pop(), "author-bio", "about the author (the byline's name, at the end)")
    if whole_page:
        result.blocks = _blocks_without_sidebars(kept, drop, headings)
    else:  # an extractor already cut the page down to the article: its lists and tables belong to it
        result.blocks = [Block("heading" if unit in headings else "paragraph", unit) for unit in kept]
        while result.blocks and result.blocks[-1].kind == "heading":
            drop(result.blocks.pop().text, "headline-list", "heading with no article text after it")
    for index in range(end, len(units)):
        drop_outside(index, units[index], after=True)
    return result


AUTHOR_BIO_MAX_WORDS = 50
_BIO_VERB = re.compile(r"\s+(?:is|was|has been|writes|covers|reports)\b")


def _about_the_author(paragraph: str, author: str | None) -> bool:
    """The closing line about the writer the byline names ("Eleanor Whitby is a former diplomat and a columnist
    for the Herald."): no report of the article's."""
    if not author or word_count(paragraph) > AUTHOR_BIO_MAX_WORDS:
        return False
    name = author.split(";")[0].split(" and ")[0].strip()  # the first writer of a shared byline
    return len(name.split()) >= 2 and paragraph.startswith(name) and bool(_BIO_VERB.match(paragraph, len(name)))


def _without_pull_quotes(units: list[str], drop, headings: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Drop a paragraph whose words all stand in one other paragraph: a pull quote set in the article (before or
    after the paragraph it repeats), or a paragraph the page printed twice (the later copy goes). A paragraph
    printed three times or more is a refrain (an interview series' question) and stays, and so does the first
    paragraph (a lede a later paragraph recaps word for word)."""
    words = [normalized(unit).split() for unit in units]
    keys = [f" {' '.join(unit_words)} " for unit_words in words]
    copies = Counter(keys)
    holding = defaultdict(set)  # the units each run of PULL_QUOTE_MIN_WORDS words stands in: candidates only
    for index, unit_words in enumerate(words):
        for start in range(len(unit_words) - PULL_QUOTE_MIN_WORDS + 1):
            holding[hash(tuple(unit_words[start:start + PULL_QUOTE_MIN_WORDS]))].add(index)
    kept = []
    for index, (unit, unit_words, key) in enumerate(zip(units, words, keys)):
        repeated = index > 0 and PULL_QUOTE_MIN_WORDS <= len(unit_words) <= PULL_QUOTE_MAX_WORDS \
            and unit not in headings and copies[key] < 3 and any(
                key in keys[other] and (len(keys[other]) > len(key) or other < index)
                for other in holding[hash(tuple(unit_words[:PULL_QUOTE_MIN_WORDS]))] if other != index)
        if repeated:
            drop(unit, "pull-quote", "repeats words of another paragraph (pull quote or a paragraph printed twice)")
        else:
            kept.append(unit)
    return kept


def _blocks_without_sidebars(units: list[str], drop, headings: set[str] | frozenset[str] = frozenset()) -> list[Block]:
    """Remove runs of unrelated headlines; keep single subheadings between paragraphs."""
    headline = [u in headings or is_headline_like(u) for u in units]
    body_terms = _content_terms(" ".join(u for u, h in zip(units, headline) if not h))
    blocks: list[Block] = []
    index = 0
    while index < len(units):
        if not headline[index]:
            between = blocks and index + 1 < len(units) and not headline[index - 1]
            kind = "heading" if between and _is_subheading(units[index]) else "paragraph"  # in sentence case
            blocks.append(Block(kind, units[index]))
            index += 1
            continue
        end = index
        while end < len(units) and headline[end]:
            end += 1
        run = units[index:end]
        followed_by_text = end < len(units)
        overlap = [_overlap(u, body_terms) for u in run]
        if len(run) >= SIDEBAR_MIN_RUN and _list_items(run):
            blocks.extend(Block("paragraph", unit) for unit in run)  # a list inside the article: dates, places, scores
        elif len(run) >= SIDEBAR_MIN_RUN or not followed_by_text:
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


def _with_closing_list(units: list[str], furniture: list[tuple[str, str] | None], start: int, end: int) -> int:
    """Extend the article [start, end) over the lists that close it (tour dates, results, a league table) and
    name what it names, each perhaps under a heading of its own, and over the sentences that follow the lists
    (a last line of prose between a list and the page's footer weighs little on its own; a short one counts when
    it names what the article does)."""
    article_terms = _content_terms(" ".join(units[start:end]))
    stop = end
    while True:
        first = stop + 1 if stop < len(units) and _is_list_heading(units[stop]) and not furniture[stop] else stop
        items = first
        while items < len(units) and not furniture[items] and word_count(units[items]) <= LIST_ITEM_MAX_WORDS \
                and _LIST_ITEM.search(units[items]):
            items += 1
        if items - first < SIDEBAR_MIN_RUN or not any(_content_terms(unit) & article_terms
                                                     for unit in units[first:items]):
            break
        stop = items
    if stop == end:
        return end
    while stop < len(units) and not furniture[stop] and _ends_sentence(units[stop]) and (
            word_count(units[stop]) >= PROSE_MIN_WORDS or word_count(units[stop]) >= CLOSING_SENTENCE_MIN_WORDS
            and _content_terms(units[stop]) & article_terms):
        stop += 1
    return stop


def _is_list_heading(line: str) -> bool:
    """A subheading, or a label of a word or a few over a list ("Results", "Tour dates")."""
    stripped = line.strip()
    return _is_subheading(line) or (1 <= len(stripped.split()) <= 4 and stripped[:1].isupper()
                                     and not stripped.endswith((".", "!", "?", ",", ";")))


def _is_subheading(line: str) -> bool:
    """A headline-like line, or a short one in sentence case ("Parking charges dropped", "What happens next?")."""
    if is_headline_like(line):
        return True
    words = line.split()
    stripped = line.strip()
    return ((2 <= len(words) or stripped.endswith("?")) and len(words) <= SUBHEADING_MAX_WORDS
            and stripped[:1].isupper() and not _LIST_ITEM.search(line)
            and not stripped.endswith(_SUBHEADING_NOT_END) and not (stripped.endswith("?") and len(words) > 8))


def _list_items(run: list[str]) -> bool:
    """Most lines carry digits or list punctuation (a tour list, a table, results), unlike a run of headlines."""
    itemised = sum(1 for unit in run if _LIST_ITEM.search(unit))
    return itemised >= LIST_ITEM_SHARE * len(run)


def _overlap(line: str, body_terms: set[str]) -> float:
    terms = _content_terms(line)
    return len(terms & body_terms) / len(terms) if terms else 0.0
