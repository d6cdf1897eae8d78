"""One story, its outlets side by side: shared facts, what only one outlet reports,
numbers and dates that disagree, each speaker's quotations across outlets, opinion.

Sentences of the story's articles are aligned by meaning (the grouping
embedding model, per sentence) and by what they share: content words,
entities, numbers and dates. Aligned sentences form a *fact*: for each fact,
which outlets carry it. Opinion is listed apart, never as a fact. A syndicated
copy adds its outlet to the facts it carries, not to those it cut, and what it
added is a fact of its own. Quotations are grouped per speaker by their words;
a quotation whose wording differs between outlets is reported with the words
each outlet added or dropped (a quotation cut short is not altered, and
reported speech is the outlet's own wording).

Used by the CLI, the REST API and the web pages; the result is plain data
(``to_dict``), computed from stored articles only.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import lru_cache

import numpy

from storyline.annotate import DEICTIC_DAY
from storyline.annotate.entities import entity_key, is_company_name, without_accents
from storyline.annotate.quotes import LIVE_STAMP, WIRE_DATELINE
from storyline.cluster.assign import event_date, headline_of
from storyline.cluster.embed import embed_texts, similarities
from storyline.model import Article, Joined
from storyline.outlets import outlet_self_names, squash_name

SAME_MEANING = 0.86  # sentence embeddings this close say the same thing, whatever the words
RELATED_MEANING = 0.62  # ... this close, when they also share enough words, names or figures
SHARED_WORDS = 0.34  # Dice overlap of content words that, with related meaning, makes one fact
SAME_WORDS = 0.6  # Dice overlap that alone makes one fact
FIGURE_MEANING = 0.4  # ... and sentences this close that give the same telling figures ("9 percent", "97 to 81")
SAME_STATEMENT = 0.6  # Dice overlap, figures and dates aside, of two sentences whose differing figures disagree
TOLL_STATEMENT = 0.2  # ... or, of one fact, whose tolls differ ("21 were injured" / "17 injured")
DAY_STATEMENT = 0.33  # ... or, of one fact, that each give one day of what happened, a day apart
CLOSE_DAYS = 1  # "broke out in the early hours of Friday" / "early on Saturday": an outlet has the day wrong
NEAR_STATEMENT = 0.34  # ... or, anywhere in the story, of a figure one outlet gives against two outlets' or more
# what a toll counts, named after its figure: two reports of one event that count it differently disagree
_TOLLS = frozenset("""dead died killed injured hurt wounded missing arrested detained evacuated displaced
    hospitalised hospitalized rescued charged jailed""".split())
# a toll named before its figure: "the confirmed death toll at 14", "raised the toll to 9"
_TOLL_BEFORE = re.compile(r"\b(?:death|dead) toll\b[^.,;:]*?\b(?:at|of|to|reached|hit|is|was)\s+$", re.IGNORECASE)
TOLL_BEFORE_CHARS = 70
# an event's attendance, however told: "a crowd of 61,482", "in front of 64,182 supporters", "41,000 spectators"
_CROWD = "attendance"
_CROWD_BEFORE = re.compile(r"\b(?:crowd|attendance|gate) of (?:about |some |nearly |almost |more than |over )?$"
                           r"|\b(?:in front of|before|watched by) (?:a (?:sell-out |capacity |record )?crowd of )?$",
                           re.IGNORECASE)
_CROWD_AFTER = re.compile(r" (?:spectators|(?:supporters|fans) (?:watched|saw|packed|filled|attended|were in)|"
                          r"(?:people )?(?:watched|attended)\b)", re.IGNORECASE)
# a person's age after their name: "Gareth Lomax, 53,"
_NAMED_AGE = re.compile(r"\b((?:[A-Z][\w'’-]+ )?[A-Z][\w'’-]+), $")  # "Gareth Lomax, 53," (his, not a Lomax's)
_AGE_OF = "age of "
# a prison term, told as "jailed for eight years", "sentenced to nine years", "a jail term of six years"
_PRISON_TERM = re.compile(r"\b(?:jailed|imprisoned|sentenced|locked up|detained|term|sentence|prison|jail)"
                          r"(?: \w+)?(?: for| to| of)? $", re.IGNORECASE)
_TOLL_SAME = {"dead": "killed", "died": "killed", "hurt": "injured", "wounded": "injured",
              "hospitalized": "hospitalised"}
# who a toll counts, between its figure and what befell them: "Seven people were killed", "nine passengers died"
_COUNTED_PEOPLE = frozenset("""people persons others men women children adults passengers workers residents civilians
    pupils students soldiers officers firefighters miners patients pedestrians climbers tourists visitors""".split())
_AUXILIARIES = frozenset("were was are is been have has had being also reportedly now seriously".split())
QUOTE_SAME_WORDS = 0.6  # one quotation in two outlets: this share of the shorter one's content words
SAME_QUOTE_RUN = 3  # ... and, both in quotation marks, this many content words in a row
REWORDED_QUOTE_RUN = 2  # ... or this many, with this share of the shorter one's content words held
REWORDED_QUOTE_HELD = 0.75
# two sentences short of SAME_MEANING must share this Dice overlap of what they say beyond who says or does it (the
# names of people and organisations and the titles before them: "Tessly mayor Piers Whitlow"), or a figure
SHARED_CLAIM = 0.21
WHO_LABELS = frozenset({"PERSON", "ORG"})
VERBATIM = frozenset({"direct", "partial"})  # the speaker's own words; "reported" is the outlet's wording
UNIQUE_MIN_WORDS = 8  # shorter lone sentences ("Here is what we know.") are not facts worth listing ...
_FIRST_PERSON = frozenset({"I", "I'm", "I’m", "I've", "I’ve", "I'll", "I’ll", "I'd", "I’d"})
UNIQUE_NAMED_MIN_WORDS = 4  # ... unless they give a figure or a name ("Its shares rose 2 percent on Tuesday.")
MAX_SENTENCES = 4000  # a story larger than this is compared on its earliest articles' sentences

_WORD = re.compile(r"[a-z0-9][a-z0-9'’-]+", re.IGNORECASE)
# a figure, not a time of day ("10:45", "9 a.m.", "10.30pm")
_NUMBER = re.compile(r"(?<![\w.:])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![:\d]|\.\d|\s*[ap]\.?\s?m\b)"
                     r"(\s*(?:%|per ?cent(?!age)|million|billion|thousand))?",  # not "percentage points"
                     re.IGNORECASE)
# a date right after a verb of saying is when a statement was made, not when what it reports happened
_STATEMENT_DAY = re.compile(r"\b(?:said|says|told(?:\s+\w+){0,2}|announced|confirmed|added|stated|reported|"
                            r"warned|insisted)\s+(?:late\s+|early\s+)?(?:on\s+|last\s+|this\s+)?$", re.IGNORECASE)
_LOWERCASE_WORD = re.compile(r"\b[a-z]{2,}")
_QUOTED = re.compile(r"[\"“]([^\"“”]+)[\"”]")
# the words right before a name that describe it ("Civil protection commander", "Greymantle's chief executive,")
_BEFORE_NAME = re.compile(r"((?:[\w'’.-]+\s+){0,4})(?:,\s*)?$")
_CALENDAR_WORDS = frozenset("""monday tuesday wednesday thursday friday saturday sunday january february march april
may june july august september october november december today yesterday tomorrow""".split())
# word pairs every report of a matter holds, not a speaker's own words: an office, a count
_OFFICE_WORDS = frozenset("""minister president secretary executive officer director general chairman chair leader
spokesman spokeswoman spokesperson""".split())
_COUNT_WORDS = frozenset("one two three four five six seven eight nine ten".split())
_STOP = frozenset("""a an the and or but of to in on at for from by with as is are was were be been being it its this
that these those he she they we you i his her their our your has have had not no said says say will would
could should may might can also than then there here who whom which what when where how about after before
over into up out more most so if""".split())


@dataclass
class Coverage:
    """One article of the story: its outlet, headline and place in the publication timeline."""

    article: str
    outlet: str | None
    headline: str | None  # the title, else the lead's first sentence
    published: str | None
    published_estimate: str | None  # when the source gives no date: what the text points to
    url: str | None
    copy_of: str | None
    sentences: int
    opinion_sentences: int
    joined: Joined | None = None  # how it came to the story (model.JOINED)
    join_probability: float | None = None
    titled: bool = True  # False: ``headline`` is the lead's first sentence, the article has no title


@dataclass
class FactSentence:
    article: str
    outlet: str | None
    text: str
    start: int
    end: int
    opinion: bool = False
    numbers: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    event_dates: list[str] = field(default_factory=list)  # its dates but the day a statement was made ("said on")


@dataclass
class Fact:
    """Sentences of different articles that report the same thing."""

    id: int
    text: str  # the earliest article's wording
    outlets: list[str]
    sentences: list[FactSentence]
    entities: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    copied_by: list[str] = field(default_factory=list)  # outlets that carry it only in a copy of another's report
    differing: list[str] = field(default_factory=list)  # outlets that give another figure or day than most


@dataclass
class Disagreement:
    """A fact whose outlets give different numbers or dates."""

    fact: int
    kind: str  # "number" or "date"
    values: dict[str, list[str]]  # outlet -> the values it gives
    text: str
    wording: dict[str, str] = field(default_factory=dict)  # outlet -> its sentence that gives them


@dataclass
class QuoteVersion:
    article: str
    outlet: str | None
    text: str
    kind: str
    added: list[str] = field(default_factory=list)  # words this version has that the most printed one does not
    dropped: list[str] = field(default_factory=list)  # words of the most printed version this one lacks
    copy_of: str | None = None  # a syndicated copy's version: the outlet of the original it changed


@dataclass
class QuoteGroup:
    """One statement of one speaker, as each outlet quotes it."""

    speaker: str
    versions: list[QuoteVersion]
    outlets: list[str]
    altered: bool  # the wording differs between outlets: a finding


@dataclass
class OpinionSentence:
    article: str
    outlet: str | None
    text: str
    reason: str | None


@dataclass
class Comparison:
    story: str
    outlets: list[str]
    coverage: list[Coverage]  # in publication order: headlines side by side and the timeline
    facts: list[Fact]  # carried by two outlets or more, most widely carried first
    unique: dict[str, list[Fact]]  # outlet -> the facts only it reports
    disagreements: list[Disagreement]
    quotes: dict[str, list[QuoteGroup]]  # speaker -> their statements across outlets
    opinion: dict[str, list[OpinionSentence]]  # outlet -> its sentences that carry opinion

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class _Sentence:
    article: Article
    outlet: str
    text: str
    start: int
    end: int
    opinion: bool
    words: frozenset[str]
    entities: frozenset[str]
    numbers: frozenset[str]
    dates: frozenset[str]
    event_dates: frozenset[str]
    claim: frozenset[str] = frozenset()  # its words beyond who says or does it (_claim_words)
    quoted: tuple[str, ...] = ()  # the content words it gives in quotation marks, in order


def folded(coverage: list[Coverage]) -> list[tuple[Coverage, list[Coverage]]]:
    """The coverage with each copy folded under its original, in the original's place (fifty wire copies read
    as one row). A copy of a copy folds under the first original up the chain (a copy that left the index still
    names the article it copied, even after that one turned out to be a copy); a copy whose original is not in
    the story stands alone."""
    by_id = {item.article: item for item in coverage}

    def root(item: Coverage) -> Coverage:
        seen, found = {item.article}, item
        while found.copy_of in by_id:
            if found.copy_of in seen:  # a loop: no original to fold under
                return item
            found = by_id[found.copy_of]
            seen.add(found.article)
        return found

    roots = {item.article: root(item) for item in coverage}
    copies: dict[str, list[Coverage]] = defaultdict(list)
    for item in coverage:
        if roots[item.article] is not item:
            copies[roots[item.article].article].append(item)
    return [(item, copies.get(item.article, [])) for item in coverage if roots[item.article] is item]


def begun_by_a_copy(original: Coverage, copies: list[Coverage]) -> bool:
    """The story began with a copy of this report: the copy arrived first, this one was published first."""
    return original.joined != "founded" and any(copy.joined == "founded" for copy in copies)


def copies_text(count: int, outlets: list[str] | tuple[str, ...] = ()) -> str:
    """'1 copy', '3 copies', with their outlets if given ('2 copies: A, B')."""
    text = f"{count} cop{'y' if count == 1 else 'ies'}"
    return f"{text}: {', '.join(outlets)}" if outlets else text


def copy_summary(copies: list[Coverage]) -> str:
    """The copies folded under an original: how many, and their outlets (each once, in order)."""
    return copies_text(len(copies), list(dict.fromkeys(c.outlet for c in copies if c.outlet)))


def compare_story(story_id: str, articles: list[Article]) -> Comparison:
    """Compare the story's articles (as stored: clean body and annotations)."""
    ordered = sorted(articles, key=lambda a: (event_date(a) is None, event_date(a) or "", a.id))
    coverage = [Coverage(article=a.id, outlet=a.outlet, headline=headline_of(a), published=a.published,
                         published_estimate=a.published_estimate, url=a.url, copy_of=a.duplicate_of, sentences=len(a.sentences),
                         opinion_sentences=sum(s.opinion for s in a.sentences), joined=a.joined,
                         join_probability=a.join_probability, titled=bool(a.title)) for a in ordered]
    outlets = list(dict.fromkeys(outlet_of(a) for a in ordered))
    present = {a.id for a in ordered}
    originals = [a for a in ordered if a.duplicate_of not in present]
    page = {a.id: a.url for a in ordered}
    # an earlier capture of a page held as it stands now ("Correction: … misstated the figure") says nothing more
    copies = [a for a in ordered if a.duplicate_of in present and not (a.url and a.url == page[a.duplicate_of])]
    own = _sentences(originals)
    printed = {(s.article.id, s.text) for s in own}
    copied = _sentences(copies)
    # a copy's sentence as its original printed it joins that sentence's fact as it is; one it changed or added is
    # aligned like any report's
    verbatim = [s for s in copied if (s.article.duplicate_of, s.text) in printed]
    sentences = own + [s for s in copied if (s.article.duplicate_of, s.text) not in printed]
    facts = _facts([s for s in sentences if not s.opinion], [s for s in verbatim if not s.opinion])
    widely = sorted((f for f in facts if len(f.outlets) > 1), key=lambda f: (-len(f.outlets), f.id))
    unique: dict[str, list[Fact]] = {}
    if len(outlets) > 1:
        for fact in facts:
            if len(fact.outlets) == 1 and _worth_listing(fact.text):
                unique.setdefault(fact.outlets[0], []).append(fact)
    opinion: dict[str, list[OpinionSentence]] = {}
    for sentence in sentences:  # a copy's own opinion too, not what it repeats of its original's
        if sentence.opinion:
            reason = next((s.reason for s in sentence.article.sentences
                           if s.start <= sentence.start < s.end), None)
            opinion.setdefault(sentence.outlet, []).append(
                OpinionSentence(sentence.article.id, sentence.outlet, sentence.text, reason))
    by_id = {a.id: a for a in ordered}  # a copy is of its original's day: a toll it changed is a change to show
    disagreements = _disagreements(widely, {a.id: event_date(by_id.get(a.duplicate_of, a)) for a in ordered},
                                   facts, {a.id: a.duplicate_of or a.id for a in ordered})
    disagreements += _figures_against_the_rest(facts, widely, disagreements)
    _mark_differing(widely, disagreements)
    return Comparison(story=story_id, outlets=outlets, coverage=coverage, facts=widely, unique=unique,
                      disagreements=disagreements, quotes=_quote_groups(originals, copies), opinion=opinion)


def _mark_differing(facts: list[Fact], disagreements: list[Disagreement]) -> None:
    """A fact whose outlets disagree is worded as the outlets that give the most-given value word it, and the
    others are marked as differing: a row never credits an outlet with a figure it contradicts."""
    by_id = {fact.id: fact for fact in facts}
    for disagreement in disagreements:
        fact = by_id[disagreement.fact]
        given = {outlet: tuple(values) for outlet, values in disagreement.values.items()}
        odd = _odd_outlets(given)
        if not odd:
            ranked = Counter(given.values()).most_common(2)
            if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:  # a tie: no value is the common one, all differ
                fact.differing = sorted(set(fact.differing) | given.keys())
                continue
            odd = {o for o, values in given.items() if values != ranked[0][0]}
        fact.differing = sorted(set(fact.differing) | odd)
        stated = fact.text
        fact.text = next((s.text for s in fact.sentences if s.outlet not in fact.differing), fact.text)
        if disagreement.text == stated:  # not one found elsewhere in the story, told in a sentence of its own
            disagreement.text = fact.text


def _odd_outlets(given: dict[str, tuple[str, ...]]) -> set[str]:
    """Of three outlets or more, those that give a figure no other outlet gives: Harbor Ledger's 160 homes and 700
    people against four outlets' 140 and two's 600, where two of the four name the homes alone (their sentences
    differ as wholes, but they contradict no one). Empty where that tells no one apart."""
    if len(given) < 3:
        return set()
    counts = Counter(value for values in given.values() for value in set(values))
    odd = {outlet for outlet, values in given.items() if any(counts[value] == 1 for value in values)}
    return odd if len(odd) < len(given) / 2 else set()


def outlet_of(article: Article) -> str:
    return article.outlet or article.source


def _sentences(articles: list[Article]) -> list[_Sentence]:
    found: list[_Sentence] = []
    # the outlets' own names ("records seen by the Orrin Valley Times") are no names of what a fact reports
    outlets = frozenset().union(*(outlet_self_names(a.outlet, a.url) for a in articles))
    for article in articles:
        headings = {block.text.strip() for block in article.blocks if block.kind == "heading"}
        for sentence in article.sentences:
            text = article.body[sentence.start:sentence.end].strip()
            start = sentence.start
            if (dateline := WIRE_DATELINE.match(text) or LIVE_STAMP.match(text)) is not None:
                # "MARROWGATE (Ferris Wire) - Fire destroyed", a live report's "21:47 — The exit poll puts"
                start = article.body.index(text, sentence.start) + dateline.end()
                text = text[dateline.end():]
            if len(text) < 20 and not sentence.opinion or text in headings or not _LOWERCASE_WORD.search(text):
                continue  # a dateline or a byline ("PORT HALDEN, Caldria (Northgate Wire) -") states nothing; a
                # short judgement does ("That is an excuse.")
            entities = frozenset(
                key for e in article.entities if start <= e.start < sentence.end
                if (key := entity_key(e.canonical, e.label)) and squash_name(e.canonical) not in outlets)
            dated = [d for d in article.dates if d.value and start <= d.start < sentence.end
                     and not (DEICTIC_DAY.fullmatch(d.text.strip()) and any(  # "tonight" in their words:
                         # the day they spoke, which a report told the next morning may not give
                         q.start <= d.start < q.end for q in article.quotes if q.kind != "reported"))]
            dates = frozenset(d.value for d in dated)
            event_dates = frozenset(d.value for d in dated
                                    if not _STATEMENT_DAY.search(article.body, max(start, d.start - 40), d.start))
            words = _words(text) | _clock_times(text)
            found.append(_Sentence(article, outlet_of(article), text, start, sentence.end,
                                   sentence.opinion, words, entities,
                                   frozenset(numbers_in(text)), dates,
                                   event_dates, _claim_words(words - _who_words(article, start, sentence.end)),
                                   tuple(w for part in _QUOTED.findall(text) for w in _content_words(part))))
            if len(found) >= MAX_SENTENCES:
                return found
    return found


@lru_cache(maxsize=8192)  # a quotation is compared with the members of its speaker's groups
def _words(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _WORD.findall(text) if w.lower() not in _STOP)


_CLOCK_TIME = re.compile(r"\b(\d{1,2})(?:[:.](\d{2}))?\s?([ap])\.?\s?m\b", re.IGNORECASE)


def _clock_times(text: str) -> frozenset[str]:
    """The hours a sentence gives, as words two reports of one thing share ("at about 2 a.m." / "2am")."""
    return frozenset(f"{int(hour)}:{minutes or '00'}{half.lower()}m"
                     for hour, minutes, half in _CLOCK_TIME.findall(text))


_UNITS = {w: n for n, w in enumerate("two three four five six seven eight nine".split(), start=2)}
_TEENS = {w: n for n, w in enumerate("ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen "
                                     "nineteen".split(), start=10)}
_TENS = {w: n * 10 for n, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}
# a figure written in words, "one" aside ("one of the", "one man"): "twelve", "twenty-five", "three thousand"
_ONES = {**_UNITS, "one": 1}
_BELOW_HUNDRED = (r"(?:(?P<{0}tens>" + "|".join(_TENS) + r")(?:[- ](?P<{0}unit>" + "|".join(_ONES) + r"))?"
                  r"|(?P<{0}small>" + "|".join([*_TEENS, *_UNITS])
                  + r"|one(?= (?:hundred|thousand)\b)|(?<=and )one\b))")  # "one hundred and one"
# not "fifty-fifty", nor a compound read only in part ("one hundred and fiftieth")
_NUMBER_WORDS = re.compile(
    r"(?<![\w-])(?<!hundred )(?<!thousand )" + _BELOW_HUNDRED.format("")
    + r"(?: (?P<scale>hundred|thousand)\b(?: and " + _BELOW_HUNDRED.format("rest_") + r")?)?\b(?!-\w)"
    r"(?! (?:and )?(?:one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|\w+(?:teen|ty|th))\b)",
    re.IGNORECASE)


def _in_figures(text: str) -> str:
    """The text with figures written in words as digits ("Twelve people" -> "12 people"), not a name's
    ("Terminal Four": capitalised within a sentence)."""
    def figure(match: re.Match) -> str:
        before = text[:match.start()].rstrip()
        first_word = match.group(0).split()[0]
        if first_word[0].isupper() and (before and before[-1] not in ".!?\"“‘'"  # "Terminal Four"
                                        or re.match(r" [A-Z]", text[match.start() + len(first_word):])):
            return match.group(0)  # a name: "Terminal Four", "Five Guys", "Ten Downing Street"
        words = {key: (value or "").lower() for key, value in match.groupdict().items()}
        number = _below_hundred(words, "") * {"hundred": 100, "thousand": 1000}.get(words["scale"], 1)
        return str(number + _below_hundred(words, "rest_"))  # "two hundred and fifty": 250
    return _MONEY_SHORT.sub(_money_in_words, _NUMBER_WORDS.sub(figure, text))


# a newsroom's short forms: "$2.4bn", "£312m", "EUR 40m", "€6.1 bn" (after a currency, "m" is no metre), "2.4bn
# people" and "3m customers" (before what is counted in millions; "a 10m wall" is metres)
_MONEY_SHORT = re.compile(r"((?:[$£€¥]|\b(?:USD|EUR|GBP|JPY|CHF|AUD|CAD) )\s?)?"
                          r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
                          r"(?:\s?(bn)|(?(1)\s?(mn|m)|(m)(?= (?:people|customers|users|viewers|subscribers|voters"
                          r"|residents|households|homes|passengers|visitors|jobs|shares|barrels|tonnes|tons|doses"
                          r"|patients|children|workers|employees|copies|units|vehicles|cars)\b)))\b")


def _money_in_words(match: re.Match) -> str:
    return f"{match.group(1) or ''}{match.group(2)} {'billion' if match.group(3) else 'million'}"


def _below_hundred(words: dict[str, str], prefix: str) -> int:
    small = words[f"{prefix}small"]
    return _TENS.get(words[f"{prefix}tens"], 0) + _ONES.get(words[f"{prefix}unit"], 0) + _TEENS.get(small, 0) \
        + _ONES.get(small, 0)


def numbers_in(text: str) -> list[str]:
    """Figures as written, normalised (thousands separators dropped, units kept, words as digits): "1,200",
    "6 percent", "twelve" -> "12"."""
    values = []
    for match in _NUMBER.finditer(_in_figures(text)):
        number, unit = match.group(1).replace(",", ""), (match.group(2) or "").strip().lower()
        if len(number) == 4 and 1900 <= int(float(number)) <= 2100 and not unit:
            continue  # a year is a date, compared as one
        unit = {"per cent": "%", "percent": "%"}.get(unit, unit)
        if unit in _MAGNITUDES:  # "2,400 million" is 2.4 billion, as "$2.4bn" is
            number, unit = _in_largest_unit(float(number) * _MAGNITUDES[unit])
        values.append(f"{number}{unit if unit == '%' else (' ' + unit if unit else '')}")
    return values


def _in_largest_unit(amount: float) -> tuple[str, str]:
    for unit in ("billion", "million", "thousand"):
        if amount >= _MAGNITUDES[unit]:
            return f"{amount / _MAGNITUDES[unit]:.6g}", unit
    return f"{amount:.6g}", ""


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _facts(sentences: list[_Sentence], verbatim: list[_Sentence] = ()) -> list[Fact]:
    """Greedy alignment in article order: a sentence joins the fact it matches best, one sentence per article.
    ``verbatim``: copies' sentences as their originals printed them, each joining its original sentence's fact."""
    if not sentences:
        return []
    vectors = embed_texts([s.text for s in sentences])
    similarity = similarities(vectors, vectors)
    member_indices: list[list[int]] = []
    for index, sentence in enumerate(sentences):
        best, best_score = None, 0.0
        for number, group in enumerate(member_indices):
            if any(sentences[m].article.id == sentence.article.id for m in group):
                continue
            score = max(_match(sentence, sentences[m], float(similarity[index, m])) for m in group)
            if score > best_score:
                best, best_score = number, score
        if best is None:
            member_indices.append([index])
        else:
            member_indices[best].append(index)
    members = [[sentences[m] for m in group] for group in member_indices]
    fact_of = {(member.article.id, member.text): number for number, group in enumerate(members) for member in group}
    for copied in verbatim:
        number = fact_of.get((copied.article.duplicate_of, copied.text))
        if number is not None and all(m.article.id != copied.article.id for m in members[number]):
            members[number].append(copied)
    facts = []
    for number, group in enumerate(members):
        outlets = list(dict.fromkeys(m.outlet for m in group))
        own = {m.outlet for m in group if not m.article.duplicate_of}
        facts.append(Fact(
            id=number + 1, text=group[0].text, outlets=outlets,
            sentences=[_fact_sentence(m) for m in group],
            entities=sorted(set().union(*(m.entities for m in group))),
            numbers=sorted(set().union(*(m.numbers for m in group))),
            dates=sorted(set().union(*(m.dates for m in group))),
            copied_by=[outlet for outlet in outlets if outlet not in own]))
    return facts


def _who_words(article: Article, start: int, end: int) -> frozenset[str]:
    """The words of a sentence that say who: the names of the people and organisations in it and the titles
    right before them ("Tessly mayor Piers Whitlow", "Greymantle's chief executive, Hugo Ferrant")."""
    found: set[str] = set()
    for entity in article.entities:
        if entity.label not in WHO_LABELS or not start <= entity.start < end:
            continue
        found |= _words(article.body[entity.start:entity.end])
        title = []
        for word in reversed(_BEFORE_NAME.search(article.body[max(start, entity.start - 80):entity.start]).group(1)
                             .split()):
            if word.lower() in _STOP:
                break
            title.append(word)
        found |= _words(" ".join(title))
    return frozenset(found)


def _claim_words(words: frozenset[str]) -> frozenset[str]:
    """Words as a claim compares them: a possessive or a plural is its word ("library's" / "library",
    "recommendations" / "recommendation")."""
    found = set()
    for word in words:
        word = re.sub(r"['’]s?$", "", word)
        found.add(word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word)
    return frozenset(found)


def _same_claim(a: _Sentence, b: _Sentence, meaning: float) -> bool:
    """Two sentences can report one thing: what they quote is one quotation (a run of its words), and what they
    say beyond who says it overlaps, unless they mean the same whatever the words. Two statements of one speaker
    ("Luca Brenner said the evacuation would last two weeks" / "... said police would patrol the streets") share
    the speaker and title only."""
    if a.quoted and b.quoted:
        run = difflib.SequenceMatcher(a=a.quoted, b=b.quoted, autojunk=False).find_longest_match().size
        if run < min(SAME_QUOTE_RUN, len(a.quoted), len(b.quoted)):
            return False
    return meaning >= SAME_MEANING or _dice(a.claim, b.claim) >= SHARED_CLAIM or bool(a.numbers & b.numbers)


def _match(a: _Sentence, b: _Sentence, meaning: float) -> float:
    """How surely two sentences report the same thing (0 when they do not)."""
    if not _same_claim(a, b, meaning):
        return 0.0
    words = _dice(a.words, b.words)
    shared_specifics = bool((a.entities & b.entities) or (a.numbers & b.numbers) or (a.dates & b.dates)
                            or any(":" in word for word in a.words & b.words))  # an hour: "2:00am"
    if meaning >= SAME_MEANING or words >= SAME_WORDS:
        return meaning + words
    if meaning >= RELATED_MEANING and words >= SHARED_WORDS and shared_specifics:
        return meaning + words
    if meaning >= FIGURE_MEANING and _telling(a.numbers & b.numbers):
        return meaning + words
    return 0.0


def _telling(figures: frozenset[str]) -> bool:
    """Figures two sentences share that few other statements would: two of ten or more ("97 to 81"), a share
    ("9%"), a figure with a unit ("870 million") or of three digits or more ("40000"); not small counts ("2
    people" / "2 days")."""
    digits = [sum(c.isdigit() for c in figure) for figure in figures]
    return sum(d >= 2 for d in digits) >= 2 or any(f.endswith("%") or " " in f or d >= 3
                                                   for f, d in zip(figures, digits))


def _disagreements(facts: list[Fact], reported: dict[str, str | None], story: list[Fact] = (),
                   family: dict[str, str] | None = None) -> list[Disagreement]:
    """Facts where two outlets say the same thing in the same words (figures and dates aside) and give a
    different figure for the same thing ("killed 12 people" / "killed 14 people") or a different day; in other
    words, where the figures are tolls ("Nine people were killed" / "Seven people died") or the day is one day,
    the day before or after the one other outlets give. Sentences a fact only loosely joins, or figures of
    different things ("71 of 180 seats" / "71 seats"), are not; nor tolls of reports of different days
    (``reported``: each article's day), which rise as a search goes on. A copy that changed its original's
    figure counts: a wire update folded under the first version is where tolls change. Wordings that clash
    only with each other make one disagreement: the first day's four dead against nine, the third day's 14
    against 41. A day is given by the outlets that give it for the same thing anywhere in the ``story`` (its
    facts: the same words tell what happened then), so one outlet's Tuesday against four outlets' Wednesday
    is a day told wrong though only one of the four wrote it in that fact's words."""
    found = []
    elsewhere: dict[str, list[tuple[str, frozenset[str], str]]] = defaultdict(list)  # a day: (outlet, what
    # happened, the sentence)
    for fact in story:
        for sentence in fact.sentences:
            days = [d for d in sentence.event_dates if _day_span(d)]
            if len(days) == 1 and not sentence.opinion:
                elsewhere[days[0]].append((sentence.outlet or "", _day_words(sentence.text), sentence.text))
    for fact in facts:
        carrying: dict[str, list[FactSentence]] = {}  # each wording once, with the sentences that print it
        for sentence in fact.sentences:
            carrying.setdefault(sentence.text, []).append(sentence)
        wordings = [same[0] for same in carrying.values()]
        words = [_statement_words(sentence.text) for sentence in wordings]
        days = [{reported.get(s.article) for s in carrying[sentence.text]} for sentence in wordings]
        told_by: dict[str, set[str]] = defaultdict(set)  # a day by the outlets that give it
        told_in: dict[tuple[str, str], str] = {}  # (day, outlet): the sentence of another fact that gives it
        for sentence in fact.sentences:
            for day in sentence.event_dates:
                if _day_span(day):
                    told_by[day].add(sentence.outlet or "")
                    happened = _day_words(sentence.text)
                    for outlet, then, text in elsewhere.get(day, ()):
                        if then & happened and outlet not in told_by[day]:
                            told_by[day].add(outlet)
                            told_in[(day, outlet)] = text
        for kind in ("number", "date"):
            clashes: list[tuple[int, int, tuple[set[str], set[str]]]] = []
            for index, first in enumerate(wordings):
                for other, second in enumerate(wordings[index + 1:], index + 1):
                    overlap = _dice(words[index], words[other])
                    if overlap < (TOLL_STATEMENT if kind == "number" or _one_against_several(first, second, told_by)
                                  else DAY_STATEMENT):
                        continue
                    updates = None not in days[index] | days[other] and days[index].isdisjoint(days[other])
                    clash = (_figures_clash(first, second, _TOLLS if overlap < SAME_STATEMENT else None, updates)
                             if kind == "number" else _dates_clash(first, second, None if overlap >= SAME_STATEMENT
                                                                   else told_by))
                    outlets = [{s.outlet for s in carrying[sentence.text]} for sentence in (first, second)]
                    if clash and kind == "date" and family and _one_family(carrying[first.text],
                                                                           carrying[second.text], family):
                        continue  # a copy's "Tuesday" is its original's, whatever day the copy ran
                    if clash and outlets[0] != outlets[1]:  # not one outlet's own two wordings
                        clashes.append((index, other, clash))
            group = _joined(len(wordings), [(index, other) for index, other, _ in clashes])
            by_group: dict[int, tuple[dict[str, set[str]], dict[str, str]]] = {}  # each its own disagreement
            for index, other, clash in clashes:
                given, wording = by_group.setdefault(group[index], (defaultdict(set), {}))
                for sentence, values in zip((wordings[index], wordings[other]), clash):
                    for outlet in dict.fromkeys(s.outlet or "" for s in carrying[sentence.text]):
                        given[outlet].update(values)
                        wording.setdefault(outlet, sentence.text)
            for given, wording in by_group.values():
                if kind == "date":  # the outlets that give one of its days in another fact's words count too
                    for day in {d for values in given.values() for d in values}:
                        for outlet in told_by.get(day, ()):
                            if outlet not in given and (day, outlet) in told_in:
                                given[outlet].add(day)
                                wording.setdefault(outlet, told_in[(day, outlet)])
            for given, wording in by_group.values():  # told as the fact, or as its group's first wording where
                # the fact holds several ("Nine people … on Tuesday" is no heading for the third day's 14 and 41)
                own = fact.text in wording.values() or len(by_group) == 1
                told = fact.text if own else next(iter(wording.values()))
                found.append(Disagreement(fact.id, kind, {o: sorted(v) for o, v in given.items()}, told, wording))
    return found


def _one_family(first: list[FactSentence], second: list[FactSentence], family: dict[str, str]) -> bool:
    """The two wordings are printed only by one report and its copies."""
    return len({family.get(s.article, s.article) for s in first + second}) == 1


def _one_against_several(first: FactSentence, second: FactSentence, told_by: dict[str, set[str]]) -> bool:
    """Each gives one day, and one of the days only its outlet gives while two or more give the other: one
    outlet's "Tuesday evening" against the "Wednesday evening" of the rest, however differently worded."""
    days = [[d for d in sentence.event_dates if _day_span(d)] for sentence in (first, second)]
    if any(len(given) != 1 for given in days) or days[0] == days[1]:
        return False
    counts = sorted(len(told_by.get(given[0], ())) for given in days)
    return counts[0] == 1 and counts[1] >= 2


def _joined(count: int, pairs: list[tuple[int, int]]) -> list[int]:
    """For each of ``count`` items, the first item of the group that ``pairs`` join it to."""
    group = list(range(count))

    def root(index: int) -> int:
        while group[index] != index:
            index = group[index]
        return index

    for first, second in pairs:
        low, high = sorted((root(first), root(second)))
        group[high] = low
    return [root(index) for index in range(count)]


def _figures_against_the_rest(facts: list[Fact], widely: list[Fact],
                              found: list[Disagreement]) -> list[Disagreement]:
    """Figures one outlet gives for a thing that two outlets or more count otherwise, wherever in the story
    they say it: "Some 60 firefighters were called" against three outlets' 80 firefighters, though the
    sentences report other parts of the night and sit in other facts. The odd figure is given by no other
    outlet, the common one by two or more and nowhere by the odd outlet, and the odd sentence shares
    NEAR_STATEMENT of its words with one that gives the common figure, RELATED_MEANING of its meaning and
    the years it names. Spans of time, distances, shares and a game's statistics ("3 years", "85 miles", "9%",
    "23 points") count too many different things in one story to tell one of them. Attached to the fact of the
    odd sentence where it is shared, else to the fact of a sentence that gives the common figure; where one
    fact already set the odd figure against another outlet's, the outlets giving the common figure join that
    disagreement (one against one is a tie; one against three is the one that differs)."""
    said = {(outlet, value): d for d in found if d.kind == "number" for outlet, values in d.values.items()
            for value in values}
    fact_of = {(s.article, s.start): fact for fact in facts for s in fact.sentences}
    shared = {fact.id for fact in widely}
    giving: dict[str, dict[str, dict[str, list[FactSentence]]]] = defaultdict(lambda: defaultdict(dict))
    figures: dict[str, set[str]] = defaultdict(set)  # every figure each outlet gives, of whatever thing
    for fact in facts:
        for sentence in fact.sentences:
            figures[sentence.outlet or ""].update(sentence.numbers)
            if sentence.opinion:
                continue
            for thing, values in _counted(sentence.text).items():
                if thing in _LOOSE_THINGS:
                    continue
                for value in values:
                    giving[thing][value].setdefault(sentence.outlet or "", []).append(sentence)
    vectors: dict[str, numpy.ndarray] = {}

    def meaning(first: str, second: str) -> float:
        if not vectors:  # the sentences that give a figure of a thing, embedded once, when a pair is first weighed
            texts = list(dict.fromkeys(s.text for values in giving.values() for givers in values.values()
                                       for sentences in givers.values() for s in sentences))
            vectors.update(zip(texts, embed_texts(texts)))
        return float(vectors[first] @ vectors[second])

    added = []
    for thing, by_value in giving.items():
        for value, givers in by_value.items():
            if len(givers) != 1:
                continue
            outlet, odd = next(iter(givers.items()))
            for common, others in sorted(by_value.items(), key=lambda item: -len(item[1])):
                if common == value or len(others) < 2 or common in figures[outlet]:
                    continue  # the odd outlet gives the common figure too, of another thing: "71 of 180 seats"
                rounded = _approximate(odd[0].text).union(*(_approximate(s.text) for ss in others.values() for s in ss))
                if not _beyond_rounding({value}, {common}, rounded)[0]:
                    continue  # 2.9 million against "nearly 3 million": one figure
                words = _statement_words(odd[0].text)
                years = _YEARS.findall(odd[0].text)  # "killed 170,000 in 2004": another event than today's 24
                near = [s for ss in others.values() for s in ss
                        if (_dice(words, _statement_words(s.text)) >= NEAR_STATEMENT
                            or _same_count(odd[0].text, value, s.text, common))
                        and set(_YEARS.findall(s.text)) == set(years) and _reading(s.text) == _reading(odd[0].text)
                        and meaning(odd[0].text, s.text) >= RELATED_MEANING]
                if thing.startswith(_AGE_OF) or thing == _CROWD:  # one person's age, an event's attendance,
                    near = near or [s for ss in others.values() for s in ss]  # wherever told
                if not near:
                    continue
                if (earlier := said.get((outlet, value))) is not None:  # found in one fact, one outlet against one:
                    for other, sentences in others.items():  # the rest of the story says which figure is the odd one
                        if other not in earlier.values:
                            earlier.values[other] = [common]
                            earlier.wording.setdefault(other, sentences[0].text)
                    break
                home = fact_of[(odd[0].article, odd[0].start)]
                if home.id not in shared:
                    home = next((fact_of[(s.article, s.start)] for s in near
                                 if fact_of[(s.article, s.start)].id in shared), None)
                if home is None:
                    break
                values = {outlet: [value], **{o: [common] for o in others}}
                wording = {outlet: odd[0].text, **{o: ss[0].text for o, ss in others.items()}}
                # told as one of the outlets giving the common figure tells it, not as the row it is attached to
                added.append(Disagreement(home.id, "number", values, near[0].text, wording))
                said[(outlet, value)] = added[-1]
                break
    return added


_YEARS = re.compile(r"\b(?:1[89]|20)\d\d\b")


# things a story counts many of, each a different one: spans of time, distances and measures, a game's statistics
_LOOSE_THINGS = frozenset("""% percent years year months month weeks week days day hours hour minutes minute
    seconds times miles mile kilometers kilometres kilometer kilometre km metres meters metre meter feet foot
    inches yards yard mph degrees magnitude points point goals goal runs rebounds assists touchdowns games
    matches seasons wins appearances caps laps shots""".split())


def _fact_sentence(sentence: _Sentence) -> FactSentence:
    return FactSentence(sentence.article.id, sentence.outlet, sentence.text, sentence.start, sentence.end,
                        sentence.opinion, sorted(sentence.numbers), sorted(sentence.dates),
                        sorted(sentence.event_dates))


@lru_cache(maxsize=4096)  # a copy's sentence is compared with every sentence of its original's facts
def _statement_words(text: str) -> frozenset[str]:
    """The words that make a statement, figures, dates and names aside (a capitalised word past the first):
    two statements sharing SAME_STATEMENT of them say the same thing. "Transport Minister Odile Brandt said the
    nine bridges would close" and "... ordered inspections of all 40 bridges" share the speaker, not what is
    counted."""
    named = frozenset(w.lower() for w in _WORD.findall(text)[1:] if w[0].isupper())
    return frozenset(word for word in _words(text) - named if not word[0].isdigit() and word not in _CALENDAR_WORDS) \
        | _clock_times(text)  # the hour something happened is part of what is said: "detected it at about 2 a.m."


def _figures_clash(first: FactSentence, second: FactSentence, things: frozenset[str] | None = None,
                   updates: bool = False) -> tuple[set[str], set[str]] | None:
    """The figures each gives for a thing both count ("people", "seats", "%"; one of ``things`` where given)
    that the other does not give at all, if there are such; tolls and counts of people aside where the two are
    ``updates`` (reports of different days)."""
    if _reading(first.text) != _reading(second.text):
        return None  # a poll's share or a reading at an hour against the result: "turnout stood at 21.3% at 10:00"
    counted_first, counted_second = _counted(first.text), _counted(second.text)
    own_first, own_second = set(first.numbers), set(second.numbers)
    rounded = _approximate(first.text) | _approximate(second.text)
    clash_first, clash_second = set(), set()
    for thing in counted_first.keys() & counted_second.keys() & (things or counted_first.keys()):
        if updates and (thing in _TOLLS or thing in _COUNTED_PEOPLE):
            continue  # a toll, or people counted, a day or two on: a later count
        only_first = counted_first[thing] - own_second
        only_second = counted_second[thing] - own_first
        only_first, only_second = _beyond_rounding(only_first, only_second, rounded)
        if only_first and only_second:
            clash_first |= only_first
            clash_second |= only_second
    if things is None:  # one statement: a figure between the same words is the same figure ("has risen to 17, the
        slots_first, slots_second = _figure_slots(first.text), _figure_slots(second.text)  # agency said" / "to 71,
        for slot in slots_first.keys() & slots_second.keys():  # the agency said"; "a 71-year-old" / "a 76-year-old")
            if updates and (slot[1] in _TOLLS or slot[1] in _COUNTED_PEOPLE):
                continue
            only_first, only_second = slots_first[slot] - own_second, slots_second[slot] - own_first
            only_first, only_second = _beyond_rounding(only_first, only_second, rounded)
            if only_first and only_second:
                clash_first |= only_first
                clash_second |= only_second
    if things is not None:  # told in other words: a share of the same named thing ("profit climbed 12 per cent" /
        shares_first, shares_second = _shares(first.text), _shares(second.text)  # "profit rose 21%")
        for subject in shares_first.keys() & shares_second.keys():
            only_first, only_second = shares_first[subject] - own_second, shares_second[subject] - own_first
            if only_first and only_second:
                clash_first |= only_first
                clash_second |= only_second
        sums_first, sums_second = _sums(first.text), _sums(second.text)  # ... or a sum of it ("revenue of $2.14
        for subject in sums_first.keys() & sums_second.keys():  # billion" / "revenue … rose 18% to $2.41 billion")
            only_first, only_second = _beyond_rounding(sums_first[subject] - own_second,
                                                       sums_second[subject] - own_first, rounded)
            if only_first and only_second:
                clash_first |= only_first
                clash_second |= only_second
    money_first, money_second = _currencies(first.text), _currencies(second.text)
    for amount in money_first.keys() & money_second.keys():  # "£6.1bn" against "$6.1bn": one amount, two sums
        if money_first[amount].isdisjoint(money_second[amount]):
            clash_first |= {f"{sign}{amount}" for sign in money_first[amount]}
            clash_second |= {f"{sign}{amount}" for sign in money_second[amount]}
    if things is None:  # one statement: another sum in the same currency ("a fee of £24 million" / "£21m")
        for sign in {s for signs in money_first.values() for s in signs} & \
                {s for signs in money_second.values() for s in signs}:
            only_first = {a for a, signs in money_first.items() if sign in signs} - own_second
            only_second = {a for a, signs in money_second.items() if sign in signs} - own_first
            only_first, only_second = _beyond_rounding(only_first - clash_first, only_second - clash_second, rounded)
            if only_first and only_second:  # (not again a figure found to differ as a count)
                clash_first |= {f"{sign}{amount}" for amount in only_first}
                clash_second |= {f"{sign}{amount}" for amount in only_second}
    return (clash_first, clash_second) if clash_first else None


@lru_cache(maxsize=4096)  # read for every pair of wordings a fact holds
def _figure_slots(text: str) -> dict[tuple[str, str], set[str]]:
    """Figures by the words either side of them ("risen to 17, the": ("to", "the"))."""
    text = _in_figures(text)
    slots: dict[tuple[str, str], set[str]] = defaultdict(set)
    for match in _NUMBER.finditer(text):
        value = numbers_in(match.group(0))
        before = _WORD.findall(text[max(0, match.start() - 30):match.start()])
        after = _WORD.search(text, match.end(), match.end() + 30)
        if value and after and after.start() - match.end() <= 2:  # "A 71-year-old": no word of two letters before
            slot = (before[-1].lower() if before else "", after.group(0).lower())
            if not _CALENDAR_WORDS.intersection(slot):  # "on 13 May", "May 12": a day, not a figure
                slots[slot].add(value[0])
    return slots


_CURRENCY_BEFORE = re.compile(r"(?:\b(?P<code>USD|EUR|GBP|JPY|CHF|AUD|CAD)\s?"
                              r"|(?P<sign>(?:\b(?:US|A|C|NZ|HK|S))?\$|£|€|¥)\s?)$")
_CURRENCY_AFTER = re.compile(r"\s+(?:US\s+)?(?P<word>dollars|pounds|euros|yen|francs)\b", re.IGNORECASE)
_CURRENCY_SIGNS = {"USD": "$", "US$": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CHF": "CHF ", "AUD": "A$",
                   "CAD": "C$", "dollars": "$", "pounds": "£", "euros": "€", "yen": "¥", "francs": "CHF "}


@lru_cache(maxsize=4096)  # read for every pair of wordings a fact holds
def _currencies(text: str) -> dict[str, frozenset[str]]:
    """The currencies each sum of money is given in, by its figure ("£312m" and "312 million pounds": £ for
    "312 million"); a figure without a currency is none of them."""
    text = _in_figures(text)
    found: dict[str, set[str]] = defaultdict(set)
    for match in _NUMBER.finditer(text):
        value = numbers_in(match.group(0))
        before = _CURRENCY_BEFORE.search(text[max(0, match.start() - 5):match.start()])
        after = _CURRENCY_AFTER.match(text, match.end())
        currency = (before["code"] or before["sign"]) if before else after["word"].lower() if after else None
        if value and currency:
            found[value[0]].add(_CURRENCY_SIGNS.get(currency, currency))
    return {value: frozenset(signs) for value, signs in found.items()}


_POLLED = re.compile(r"\b(?:exit polls?|projections?|projected)\b", re.IGNORECASE)
_AT_AN_HOUR = re.compile(r"\b(?:at|by|as of) \d{1,2}(?:[:.]\d{2}\s*(?:[ap]\.?m\.?)?|\s*[ap]\.?m\.?)(?!\w)",
                         re.IGNORECASE)


@lru_cache(maxsize=4096)
def _reading(text: str) -> tuple[bool, bool]:
    """Whether a sentence's figures are an exit poll's or a projection's, and whether they are read at an hour of
    a day still going on ("turnout stood at 21.3% at 10:00"): such figures differ from the result by nature."""
    return bool(_POLLED.search(text)), bool(_AT_AN_HOUR.search(text))


ROUNDING = 0.05  # a figure given as "nearly 3 million" agrees with 2.9 million: within this share of it
_APPROXIMATE = re.compile(r"\b(?:nearly|almost|about|around|roughly|approximately|some|close to|just (?:over|under))"
                          r"\s+[$£€]?(?=\d)", re.IGNORECASE)
_MAGNITUDES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}


@lru_cache(maxsize=4096)  # read for every pair of wordings a fact holds
def _approximate(text: str) -> frozenset[str]:
    """The figures a sentence gives as round ones ("nearly 3 million", "about 140")."""
    text = _in_figures(text)
    return frozenset(value for match in _APPROXIMATE.finditer(text)
                     for value in numbers_in(text[match.end():][:40])[:1])


def _amount(value: str) -> float | None:
    number, _, unit = value.rstrip("%").partition(" ")
    try:
        return float(number) * _MAGNITUDES.get(unit, 1.0)
    except ValueError:
        return None


def _beyond_rounding(first: set[str], second: set[str], rounded: set[str]) -> tuple[set[str], set[str]]:
    """The figures of each side that no figure of the other side gives as well, once round ones are read as round:
    "nearly 3 million" and 2.9 million are one figure."""
    def near(value: str, other: str) -> bool:
        if value not in rounded and other not in rounded or value.endswith("%") != other.endswith("%"):
            return False
        a, b = _amount(value), _amount(other)
        return a is not None and b is not None and abs(a - b) <= ROUNDING * max(a, b)
    return ({v for v in first if not any(near(v, o) for o in second)},
            {v for v in second if not any(near(v, o) for o in first)})


SHARE_SUBJECT_WORDS = 8  # the words before a share that may name what it is a share of
# what stands between a thing and its share: "profit rose 21%", "inflation was 3.4%", "up by 8 per cent"
_SHARE_LINKS = frozenset("""rose rise rises risen fell fall falls fallen climbed climb climbs jumped jump jumps grew grow
    grows dropped drop drops slipped slip slips gained gain gains lost increased increase increases decreased
    decrease decreases surged surge soared soar slumped slump eased ease edged edge was were is are stood stands
    came up down nearly almost about around some roughly just over under more less than percentage points basis
    point""".split())
# "a 21% rise in pre-tax profit": the thing follows
_CHANGE_NOUNS = frozenset("rise increase fall drop jump gain decline growth climb slump surge cut".split())
_PERIOD_WORDS = frozenset("""months month quarter quarters year years weeks week days day period half""".split())
_SAYING = frozenset("said says say told reported reports announced announces added posted".split())


@lru_cache(maxsize=4096)  # read for every pair of wordings a fact holds (callers only read what it gives)
def _shares(text: str) -> dict[str, set[str]]:
    """Shares by the thing they are of, named just before them ("pre-tax profit for the three months to September
    rose 21%": profit; "inflation was 3.4%": inflation) or after a change ("a 21% rise in pre-tax profit")."""
    found: dict[str, set[str]] = defaultdict(set)
    text = _in_figures(text)
    for match in _NUMBER.finditer(text):
        value = numbers_in(match.group(0))
        if not value or not value[0].endswith("%"):
            continue
        after = [w.lower() for w in _WORD.findall(text[match.end():match.end() + 80])][:7]
        if len(after) > 2 and after[0] in _CHANGE_NOUNS and after[1] == "in":
            thing = next((w for w, following in zip(after[2:], [*after[3:], ""]) if following in _STOP | {""}
                          and w not in _STOP), None)
        else:
            thing = None
            for word in reversed([w.lower() for w in _WORD.findall(text[:match.start()])][-SHARE_SUBJECT_WORDS:]):
                if word in _SAYING:
                    break
                if word in _SHARE_LINKS or word in _STOP or word in _CALENDAR_WORDS or word in _PERIOD_WORDS \
                        or word in _COUNT_WORDS or word[0].isdigit():
                    continue
                thing = word
                break
        if thing:
            found[thing].add(value[0])
    return found


# what a sum of money is: "revenue of $2.14 billion", "Revenue for the fiscal third quarter ended Nov. 1 rose 18% to
# $2.41 billion"; a sum expected is another thing than one reported ("expects revenue of $2.55 billion")
_MEASURES = frozenset("""revenue revenues sales turnover profit profits loss losses income earnings fee fine penalty
    bid offer price valuation budget cost costs deal settlement damages debt dividend payout bonus salary""".split())
_MEASURE_PERIODS = frozenset("""fiscal first second third fourth quarter quarterly annual full-year half-year
    first-quarter second-quarter third-quarter fourth-quarter ended ending net total adjusted operating pre-tax gross
    record jan feb mar apr jun jul aug sep sept oct nov dec""".split())
_EXPECTING = frozenset("""expects expected expect forecast forecasts forecasting guided guidance sees projected
    projects estimates estimated outlook predicted""".split())
SUM_SUBJECT_WORDS = 14  # the words before a sum that may name what it is


@lru_cache(maxsize=4096)  # read for every pair of wordings a fact holds (callers only read what it gives)
def _sums(text: str) -> dict[str, set[str]]:
    """Sums of money by what they are, named before them past the words that date or change it ("revenue of
    $2.14 billion", "Revenue for the fiscal third quarter ended Nov. 1 rose 18% to $2.41 billion": revenue);
    one expected is "expected revenue" ("expects revenue of $2.55 billion to $2.65 billion")."""
    found: dict[str, set[str]] = defaultdict(set)
    money = _currencies(text)
    if not money:
        return found
    text = _in_figures(text)
    for match in _NUMBER.finditer(text):
        value = numbers_in(match.group(0))
        if not value or value[0] not in money:
            continue
        before = [w.lower() for w in _WORD.findall(text[:match.start()])][-SUM_SUBJECT_WORDS:]
        for place in range(len(before) - 1, -1, -1):
            word = before[place]
            if word in _MEASURES:
                expected = any(w in _EXPECTING for w in before[max(0, place - 3):place])
                found[("expected " if expected else "") + word.rstrip("s")].add(value[0])
                break
            if not (word in _SHARE_LINKS or word in _STOP or word in _CALENDAR_WORDS or word in _PERIOD_WORDS
                    or word in _MEASURE_PERIODS or word in _COUNT_WORDS or word[0].isdigit() or word in _MAGNITUDES):
                break
    return found


@lru_cache(maxsize=4096)  # read for every pair of wordings a fact holds, and for each sentence of the story
def _counted(text: str) -> dict[str, set[str]]:
    """Figure values by what they count: the word after the figure ("12 people"), "%" for a share."""
    counted: dict[str, set[str]] = defaultdict(set)
    text = _in_figures(text)
    for match in _NUMBER.finditer(text):
        value = numbers_in(match.group(0))
        if not value:
            continue  # a year
        after = _WORD.match(text, match.end() + 1) if text[match.end():match.end() + 1] == " " else None
        for _ in range(3):  # "21 were injured", "21 have been injured", "3 were also killed": the injured, the killed
            if not (after and after.group(0).lower() in _AUXILIARIES and text[after.end():after.end() + 1] == " "):
                break
            after = _WORD.match(text, after.end() + 1)
        if _TOLL_BEFORE.search(text, max(0, match.start() - TOLL_BEFORE_CHARS), match.start()):
            counted["killed"].add(value[0])  # "the death toll from Tuesday's flood standing at 41"
        if _CROWD_BEFORE.search(text, max(0, match.start() - TOLL_BEFORE_CHARS), match.start()) \
                or _CROWD_AFTER.match(text, match.end()):
            counted[_CROWD].add(value[0])  # "A crowd of 61,482 watched", "in front of 64,182 supporters"
        named = _NAMED_AGE.search(text, 0, match.start())
        if named is not None and text[match.end():match.end() + 1] == ",":
            counted[_AGE_OF + named.group(1).lower()].add(value[0])  # "Gareth Lomax, 53, of Millbrook Avenue"
        if value[0].endswith("%"):
            counted["%"].add(value[0])
        elif after and after.group(0).lower() in ("years", "months") and _PRISON_TERM.search(text, 0, match.start()):
            counted["jailed"].add(value[0])  # "jailed for nine years": a prison term, not any span of years
        elif after and after.group(0).lower() not in _STOP and not after.group(0)[0].isdigit():
            thing, end = after.group(0).lower(), after.end()
            head = _WORD.match(text, end + 1) if text[end:end + 1] == " " else None
            if head and not _PLURAL_NOUN.fullmatch(thing) and _PLURAL_NOUN.fullmatch(head.group(0)):
                thing, end = head.group(0), head.end()  # "2,400 bus drivers" counts drivers
            counted[_TOLL_SAME.get(thing, thing)].add(value[0])
            if thing in _COUNTED_PEOPLE and (toll := _toll_after(text, end)) is not None:
                counted[toll].add(value[0])  # "Seven people were killed": the killed, as "7 killed" counts them
    return counted


_PLURAL_NOUN = re.compile(r"[a-z]{3,}[^s]s")  # "drivers", "engines"; not "was", "across" or a name


@lru_cache(maxsize=4096)  # weighed for each sentence giving the common figure
def _counted_phrase(text: str, value: str) -> tuple[str, ...]:
    """The words that say what ``value`` counts, up to the first short word other than "and" ("4,200 drivers
    and mechanics of …": drivers, and, mechanics)."""
    text = _in_figures(text)
    for match in _NUMBER.finditer(text):
        if numbers_in(match.group(0))[:1] != [value]:
            continue
        words = []
        for word in _WORD.finditer(text, match.end()):
            lowered = word.group(0).lower()
            if len(words) == 4 or (lowered in _STOP and lowered != "and") or text[word.start() - 1] != " ":
                break
            words.append(lowered)
        return tuple(words)
    return ()


def _same_count(first: str, first_value: str, second: str, second_value: str) -> bool:
    """Two figures count the same thing named in two content words or more, the one's words ending the
    other's: "Some 4,200 drivers and mechanics …" / "About 2,400 bus drivers and mechanics …"."""
    one, other = sorted((_counted_phrase(first, first_value), _counted_phrase(second, second_value)), key=len)
    return len([w for w in one if w != "and"]) >= 2 and other[len(other) - len(one):] == one


def _toll_after(text: str, position: int) -> str | None:
    """The toll word ("killed", "injured") that follows ``position`` past auxiliaries ("were", "have been")."""
    for _ in range(4):
        if text[position:position + 1] != " " or not (word := _WORD.match(text, position + 1)):
            return None
        lowered = word.group(0).lower()
        if lowered in _TOLLS:
            return _TOLL_SAME.get(lowered, lowered)
        if lowered not in _AUXILIARIES:
            return None
        position = word.end()
    return None


def _dates_clash(first: FactSentence, second: FactSentence,
                 told_by: dict[str, set[str]] | None = None) -> tuple[set[str], set[str]] | None:
    """Full dates of what happened given by both (days or spans of days), none of one within any of the other's,
    the days both give aside. Sentences that tell it in other words (``told_by``: the fact's days by the outlets
    that give each) clash only where each gives one day the other does not, those days are CLOSE_DAYS apart at
    most (further apart, they are likelier days of two things than one day told wrong), and two outlets or more
    give one of them: one outlet's "Friday" against another's "Saturday" may be two things of one night, against
    three it is a day told wrong, as it is where both give the same hour ("at about 2 a.m. Monday" / "at about
    2 a.m. Sunday, July 12")."""
    days_first = {d for d in first.event_dates if _day_span(d)}  # a year or month is too coarse to contradict a day
    days_second = {d for d in second.event_dates if _day_span(d)}
    # a day both give is told alike: "the flood that killed 14 on 13 May, an inquiry found on Tuesday" / "... on
    # 12 May, an inquiry found on Tuesday" differ in the flood's day
    days_first, days_second = (
        {a for a in days if not any(_overlap(_day_span(a), _day_span(b)) for b in others)}
        for days, others in ((days_first, days_second), (days_second, days_first)))
    if not days_first or not days_second:
        return None
    if told_by is not None:
        if len(days_first) > 1 or len(days_second) > 1:
            return None
        day_first, day_second = next(iter(days_first)), next(iter(days_second))
        if "/" in day_first + day_second or max(len(told_by[day_first]), len(told_by[day_second])) < 2 \
                and not _clock_times(first.text) & _clock_times(second.text):  # one hour: one moment, one day
            return None
        if abs(date.fromisoformat(day_first) - date.fromisoformat(day_second)).days > CLOSE_DAYS:
            return None
    words_first, words_second = _day_words(first.text), _day_words(second.text)
    if words_first and words_second and words_first.isdisjoint(words_second):
        return None  # days of two things: "the laboratory had confirmed the virus on Monday" / "the agency
        # declared the outbreak on Tuesday"; not "she died on Sunday" / "the woman died in hospital on Monday"
    return days_first, days_second


_DAY_MENTION = re.compile(r"\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|yesterday|today|tonight|last night|"
                          r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}\b|"
                          r"\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))", re.IGNORECASE)
DAY_WORDS_BEFORE = 6  # the words before a day that say what happened on it


@lru_cache(maxsize=4096)
def _day_words(text: str) -> frozenset[str]:
    """The content words just before each day a sentence names, or just after one that opens it ("On Monday,
    the fire …"): what it says happened then."""
    words: set[str] = set()
    for match in _DAY_MENTION.finditer(text):
        before = _content_words(" ".join(text[:match.start()].split()[-DAY_WORDS_BEFORE:]))
        words.update(before or _content_words(" ".join(text[match.end():].split()[:DAY_WORDS_BEFORE])))
        if _VERB_AFTER_DAY.match(text, match.end()):  # "The statistics office on Monday published figures"
            after = list(itertools.takewhile(lambda w: w.isalpha() and w.islower(),
                                             text[match.end():].split()[:DAY_WORDS_AFTER]))
            words.update(_content_words(" ".join(after)))  # not a name after it: "demanded that Premier …"
    return frozenset(words)


_VERB_AFTER_DAY = re.compile(r" (?!and\b|or\b|to\b|in\b|at\b|of\b|the\b|a\b)[a-z]{3,}")  # the day's own verb
DAY_WORDS_AFTER = 3


def _day_span(value: str) -> tuple[str, str] | None:
    """First and last day of a day ("2026-03-03") or a span of days ("2026-03-03/2026-03-05"), else None."""
    ends = value.split("/")
    return (ends[0], ends[-1]) if len(ends) <= 2 and all(len(end) == 10 for end in ends) else None


def _overlap(first: tuple[str, str], second: tuple[str, str]) -> bool:
    return first[0] <= second[1] and second[0] <= first[1]


def _worth_listing(sentence: str) -> bool:
    """A sentence one outlet alone reports says something of its own: it is long, or short with a figure or a
    name past its first word."""
    words = sentence.split()
    if len(words) >= UNIQUE_MIN_WORDS:
        return True
    return len(words) >= UNIQUE_NAMED_MIN_WORDS and (bool(_NUMBER.search(sentence)) or any(
        word[:1].isupper() and word.rstrip(".,;:!?”’\"'") not in _FIRST_PERSON for word in words[1:]))


def _quote_groups(originals: list[Article], copies: list[Article] = ()) -> dict[str, list[QuoteGroup]]:
    """Each speaker's statements across the originals, and a copy's quotation where it is not its original's
    word for word (a reprint that changed "a fair deal" to "a good deal")."""
    printed = {(article.id, quote.text) for article in originals for quote in article.quotes}
    changed = [(copy, quote) for copy in copies for quote in copy.quotes
               if (copy.duplicate_of, quote.text) not in printed]
    full_name = _full_names({q.speaker for a in originals for q in a.quotes if q.speaker}
                            | {q.speaker for _, q in changed if q.speaker})
    outlet_by_id = {article.id: outlet_of(article) for article in originals}
    by_speaker: dict[str, list[list[QuoteVersion]]] = {}
    for article, quote in [*((article, quote) for article in originals for quote in article.quotes), *changed]:
        speaker = full_name.get(quote.speaker, quote.speaker) or "(unattributed)"
        version = QuoteVersion(article.id, outlet_of(article), quote.text, quote.kind,
                               copy_of=outlet_by_id.get(article.duplicate_of) if article.duplicate_of else None)
        groups = by_speaker.setdefault(speaker, [])
        scored = [(max(_same_quotation(version, member) for member in group), group) for group in groups
                  if all(member.article != article.id for member in group)]
        best_score, best = max(scored, key=lambda item: item[0], default=(0.0, None))
        if best is None or best_score < QUOTE_SAME_WORDS:
            groups.append([version])
        else:
            best.append(version)
    result: dict[str, list[QuoteGroup]] = {}
    for speaker, groups in by_speaker.items():
        for versions in groups:
            verbatim = [v for v in versions if v.kind in VERBATIM]
            if len(verbatim) > 1:
                reference = _most_printed(verbatim)
                first = _quote_words_list(reference.text)
                for version in verbatim:
                    words = _quote_words_list(version.text)
                    if not (_within(words, first) or _within(first, words)):  # a quotation cut short is not altered
                        version.added, version.dropped = _word_changes(first, words)
            altered = any(v.added or v.dropped for v in versions)
            result.setdefault(speaker, []).append(QuoteGroup(
                speaker=speaker, versions=versions, outlets=list(dict.fromkeys(v.outlet for v in versions)),
                altered=altered))
        result[speaker].sort(key=lambda g: (-len(g.outlets), g.versions[0].text))
    return dict(sorted(result.items(), key=lambda item: (item[0] == "(unattributed)",
                                                           -sum(len(g.versions) for g in item[1]), item[0])))


def _full_names(speakers: set[str]) -> dict[str, str]:
    """A speaker named in part ("Oakes", "Water Board") -> the one speaker of the story whose name ends so
    ("Renata Oakes", "Orla Valley Water Board"), or a company's name without its trade ("Hollenby" ->
    "Hollenby Therapeutics"); a part two speakers share ("Dunmore") stays as written. A name spelled without
    its accents is the one spelled with them ("Ines da Costa" -> "Inês da Costa")."""
    spellings: dict[str, list[str]] = defaultdict(list)  # "Ines da Costa" in one outlet, "Inês da Costa" in another
    for name in speakers:
        spellings[without_accents(name).lower()].append(name)
    spelled = {name: max(names, key=lambda n: (n != without_accents(n), n))  # the accented spelling
               for names in spellings.values() for name in names}
    endings: dict[str, set[str]] = defaultdict(set)
    for name in set(spelled.values()):
        words = name.split()
        for start in range(1, len(words)):
            endings[without_accents(" ".join(words[start:])).lower()].add(name)  # "Van der Berg" opening a sentence
        if is_company_name(name):  # "Hollenby" is "Hollenby Therapeutics"
            endings[without_accents(" ".join(words[:-1])).lower()].add(name)
    full = {}
    for name in speakers:
        bearers = endings.get(without_accents(name).lower(), ())
        if len(bearers) == 1:
            full[name] = next(iter(bearers))
        elif spelled[name] != name:
            full[name] = spelled[name]
    return full



def _most_printed(versions: list[QuoteVersion]) -> QuoteVersion:
    """The wording most outlets print: what the others are compared with, so the one outlet that changed a
    quotation is the one marked, not the many that kept it. An outlet that quotes part of a wording prints it
    too (a partial quote within the whole one agrees with it); of equals, the longer, then the earliest."""
    wordings = [_quote_words_list(version.text) for version in versions]

    def agreeing(index: int) -> int:
        mine = wordings[index]
        return sum(_within(other, mine) for number, other in enumerate(wordings) if number != index)

    return versions[max(range(len(versions)), key=lambda i: (agreeing(i), len(wordings[i]), -i))]


def _same_quotation(version: QuoteVersion, other: QuoteVersion) -> float:
    """How much of the shorter quotation the other holds (0 when they are not one statement). Two outlets'
    quotation marks around one statement share a run of its words, SAME_QUOTE_RUN long, or REWORDED_QUOTE_RUN
    long where the other holds REWORDED_QUOTE_HELD of the shorter's words ("the darkest night Varnley has ever
    known" / "... our town has ever known"; not "We played really well in the first half" / "... badly in the
    second half", which mean alike and are two); reported speech is each outlet's own wording, matched by the
    words it keeps."""
    words, other_words = _words(version.text), _words(other.text)
    if len(words & other_words) < 2:
        return 0.0
    held = _containment(words, other_words)
    if version.kind in VERBATIM and other.kind in VERBATIM:
        first, second = _content_words(version.text), _content_words(other.text)
        run = difflib.SequenceMatcher(a=first, b=second, autojunk=False).find_longest_match().size
        if run >= min(SAME_QUOTE_RUN, len(first), len(second)):
            return held
        if run < REWORDED_QUOTE_RUN or held < REWORDED_QUOTE_HELD:
            return 0.0
    return held


def _within(part: list[str], whole: list[str]) -> bool:
    """``part`` is a run of ``whole``'s words."""
    return any(whole[start:start + len(part)] == part for start in range(len(whole) - len(part) + 1))


@lru_cache(maxsize=8192)
def _content_words(text: str) -> tuple[str, ...]:
    return tuple(word for word in _quote_words_list(text) if word not in _STOP)


def _quote_words_list(text: str) -> list[str]:
    return [w.lower().replace("’", "'").strip("'") for w in _WORD.findall(text)]  # "don’t" is "don't"


def _containment(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the shorter quotation's words found in the other: a partial quote is inside the full one."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _word_changes(first: list[str], other: list[str]) -> tuple[list[str], list[str]]:
    matcher = difflib.SequenceMatcher(a=first, b=other, autojunk=False)
    added, dropped = [], []
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            dropped.append(" ".join(first[a0:a1]))
        if tag in ("replace", "insert"):
            added.append(" ".join(other[b0:b1]))
    return added, dropped



@dataclass
class PhraseQuote:
    speaker: str
    article: str
    outlet: str | None
    published: str | None
    text: str
    kind: str


@dataclass
class SharedPhrase:
    """Words that more than one speaker is quoted saying: the same line from different officials."""

    phrase: str
    quotes: list[PhraseQuote]
    speakers: list[str]


def shared_phrases(articles: list[Article], limit: int = 20) -> list[SharedPhrase]:
    """Pairs of consecutive content words quoted from two speakers or more (e.g. "hostile intent"), one speaker
    however named ("Okafor" is the thread's Maria Okafor), and in one speaker's quoted words at least: a
    reported statement is worded by its outlet, and two outlets' paraphrases share words of theirs, not the
    speakers'."""
    by_phrase: dict[str, dict[tuple[str, str], PhraseQuote]] = defaultdict(dict)
    originals = [a for a in articles if not a.duplicate_of]
    full = _full_names({q.speaker for a in originals for q in a.quotes if q.speaker})
    for article in sorted(originals, key=lambda a: (a.published or "", a.id)):
        for quote in article.quotes:
            if not quote.speaker:
                continue
            speaker = full.get(quote.speaker, quote.speaker)
            written = _WORD.findall(quote.text)
            for one, two in zip(written, written[1:]):
                first, second = one.lower(), two.lower()
                if first in _STOP or second in _STOP or len(first) < 3 or len(second) < 3:
                    continue
                if one[0].isupper() and two[0].isupper():
                    continue  # a name ("North Korea") is who or where, not what was said
                if second in _OFFICE_WORDS or first in _COUNT_WORDS:
                    continue  # "prime minister", "one party": what anyone says of the matter, no shared wording
                by_phrase[f"{first} {second}"].setdefault((speaker, article.id), PhraseQuote(
                    speaker, article.id, outlet_of(article), article.published, quote.text, quote.kind))
    found = []
    for phrase, quotes in by_phrase.items():
        speakers = list(dict.fromkeys(q.speaker for q in quotes.values()))
        if len(speakers) > 1 and any(q.kind != "reported" for q in quotes.values()):
            found.append(SharedPhrase(phrase, list(quotes.values()), speakers))
    found.sort(key=lambda p: (-len(p.speakers), -len(p.quotes), p.phrase))
    kept, seen = [], set()
    for phrase in found:  # one row per group of quotations, not one per word pair in it
        key = frozenset((q.speaker, q.article, q.text) for q in phrase.quotes)
        if key not in seen:
            seen.add(key)
            kept.append(phrase)
    return kept[:limit]
