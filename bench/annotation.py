"""Annotation benchmark: speakers, dates, people and opinion against our own gold set.

Data: bench/annotation_gold/, bench/opinion_gold/ and bench/opinion_heldout/ (fictional articles
written for storyline, with a gold reading of each; see their READMEs). The articles go through `storyline
ingest`'s own path, read as JSON lines, cleaned and annotated; gold fragments
are found in the cleaned text.

Metrics, each over the gold items:
- quotes: found (a predicted quote covers the gold fragment); speaker
  precision (of found quotes given a speaker, the right one; a speaker where
  the gold has none counts against it) and recall (of gold quotes with a
  speaker, found with the right one); kind agreement on found quotes;
- dates: found (a predicted date overlaps the gold expression); value
  precision (of found dates given a value, the right one; a value where the
  gold has none counts against it) and recall (of gold dates with a value);
  an ISO week is the interval of its seven days;
- people: the mention is tagged a person and resolved to the gold's name;
- opinion: recall of the writer's opinion sentences in opinion pieces, and
  the sentences flagged among the evaluative-looking but reporting ones; where
  the gold labels every sentence (`sentences`: {text, opinion}), also the
  share of an opinion piece's factual sentences flagged and of reports'.

    .venv/bin/python bench/annotation.py [--gold DIR [DIR ...]] [--show]
"""

from __future__ import annotations

import json
import sys
import time
import unicodedata
from datetime import date, timedelta
from dataclasses import dataclass, field
from pathlib import Path

from gold_sets import read_cleaned, score_sets

from storyline.annotate import annotate_articles
from storyline.model import Article

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GOLD = [ROOT / "bench" / "annotation_gold", ROOT / "bench" / "opinion_gold", ROOT / "bench" / "opinion_heldout"]


@dataclass
class Tally:
    """Counts of one part, and the mismatches to show."""

    counts: dict[str, int] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def add(self, key: str, amount: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + amount

    def ratio(self, part: str, whole: str) -> str:
        total = self.counts.get(whole, 0)
        return f"{self.counts.get(part, 0) / total:.3f}" if total else "-"


def same_name(predicted: str | None, gold: str | None) -> bool:
    return _name_key(predicted) == _name_key(gold)


def _name_key(name: str | None) -> str | None:
    if name is None:
        return None
    text = unicodedata.normalize("NFKC", name).replace("’", "'").casefold().strip()
    return " ".join(text.removeprefix("the ").split())


def locate(body: str, text: str, context: str | None = None) -> tuple[int, int] | None:
    """The span of ``text`` in ``body`` (inside ``context`` where one is given), or None when cleaning lost it."""
    anchor = body.find(context or text)
    if anchor < 0:
        return None
    start = anchor + (context.find(text) if context else 0)
    return start, start + len(text)


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_quotes(article: Article, gold: dict, tally: Tally) -> None:
    for item in gold.get("quotes", []):
        tally.add("gold")
        named = item["speaker"] is not None
        tally.add("gold named", named)
        span = locate(article.body, item["fragment"])
        found = span and next((q for q in article.quotes if _covers(q, span)), None)
        if not found:
            tally.misses.append(f"{gold['id']} missed quote: {item['fragment']!r} ({item['speaker']})")
            continue
        tally.add("found")
        tally.add("kind agrees", found.kind == item["kind"])
        _judge(tally, f"{gold['id']} speaker of {item['fragment']!r}:", found.speaker, item["speaker"], same_name)


def _covers(quote, span: tuple[int, int]) -> bool:
    content = (quote.content_start, quote.content_end) if quote.content_start is not None else None
    return overlaps(content or (quote.start, quote.end), span)


def score_dates(article: Article, gold: dict, tally: Tally) -> None:
    for item in gold.get("dates", []):
        tally.add("gold")
        tally.add("gold valued", item["value"] is not None)
        span = locate(article.body, item["text"], item.get("context"))
        found = span and next((d for d in article.dates if overlaps((d.start, d.end), span)), None)
        if not found:
            tally.misses.append(f"{gold['id']} missed date: {item['text']!r} (gold {item['value']})")
            continue
        tally.add("found")
        _judge(tally, f"{gold['id']} value of {found.text!r}:", found.value, item["value"], same_value)


def _judge(tally: Tally, what: str, given: str | None, wanted: str | None, same) -> None:
    """A found item's answer: right, wrong, or none (a miss where the gold has one)."""
    if given is None:
        if wanted is not None:
            tally.misses.append(f"{what} none, gold {wanted!r}")
        return
    tally.add("given")
    if same(given, wanted):
        tally.add("right")
    else:
        tally.misses.append(f"{what} {given!r}, gold {wanted!r}")


def same_value(predicted: str, gold: str | None) -> bool:
    """The same days: equal, or an ISO week and the interval of its seven days ("last week")."""
    return predicted == gold or gold is not None and None not in (days := (_days(predicted), _days(gold))) \
        and days[0] == days[1]


def _days(value: str) -> tuple[date, date] | None:
    """First and last day of a day, an ISO week or an interval of days; None for months, years and the rest."""
    try:
        if "/" in value:
            first, last = value.split("/")
            return (date.fromisoformat(first), date.fromisoformat(last)) if len(first) == len(last) == 10 else None
        if "-W" in value:
            monday = date.fromisocalendar(int(value[:4]), int(value[6:8]), 1)
            return monday, monday + timedelta(days=6)
        return (date.fromisoformat(value),) * 2 if len(value) == 10 else None
    except ValueError:
        return None


def score_people(article: Article, gold: dict, tally: Tally) -> None:
    people = [e for e in article.entities if e.label == "PERSON"]
    for item in gold.get("people", []):
        tally.add("gold")
        span = locate(article.body, item["mention"], item.get("context"))
        found = span and next((e for e in people if overlaps((e.start, e.end), span)), None)
        if not found:
            tally.misses.append(f"{gold['id']} not a person: {item['mention']!r} ({item['canonical']})")
            continue
        tally.add("found")
        if same_name(found.canonical, item["canonical"]):
            tally.add("resolved")
        else:
            tally.misses.append(f"{gold['id']} {item['mention']!r} -> {found.canonical!r}, gold {item['canonical']!r}")


def score_opinion(article: Article, gold: dict, tally: Tally) -> None:
    def flagged(fragment: str) -> bool | None:
        span = locate(article.body, fragment)
        if span is None:
            return None
        return any(s.opinion and overlaps((s.start, s.end), span) for s in article.sentences)

    if "sentences" in gold:  # every sentence labelled
        for item in gold["sentences"]:
            part = ("gold" if item["opinion"] else "background") if gold["opinion_piece"] else "report sentences"
            tally.add(part)
            if flagged(item["text"]):
                tally.add(f"{part} flagged")
                if not item["opinion"]:
                    tally.misses.append(f"{gold['id']} not opinion, flagged: {item['text']!r}")
            elif item["opinion"]:
                tally.misses.append(f"{gold['id']} opinion not flagged: {item['text']!r}")
        return
    for fragment in gold.get("opinion", []):
        tally.add("gold")
        if flagged(fragment):
            tally.add("gold flagged")
        else:
            tally.misses.append(f"{gold['id']} opinion not flagged: {fragment!r}")
    for fragment in gold.get("not_opinion", []):
        tally.add("reporting")
        if flagged(fragment):
            tally.add("reporting flagged")
            tally.misses.append(f"{gold['id']} reporting flagged: {fragment!r}")
    if not gold["opinion_piece"]:
        tally.add("report sentences", len(article.sentences))
        tally.add("report sentences flagged", sum(s.opinion for s in article.sentences))


def read_set(folder: Path) -> tuple[list[Article], dict[str, dict], list[str]]:
    articles, problems = read_cleaned(folder / "articles.jsonl")
    gold = {}
    for number, line in enumerate((folder / "gold.jsonl").read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                row = json.loads(line)
                gold[row["id"]] = row
            except (ValueError, KeyError) as error:
                raise SystemExit(f"{folder / 'gold.jsonl'}:{number}: {error}") from None
    return articles, gold, problems


def main() -> int:
    return score_sets(__doc__.split("\n")[0], DEFAULT_GOLD, "gold.jsonl", "list every mismatch", score_set)


def score_set(folder: Path, show: bool) -> None:
    """Annotate one gold set's articles as ingest does and print its table."""
    articles, gold, problems = read_set(folder)
    for problem in problems:
        print(f"skipped: {problem}", file=sys.stderr)
    started = time.perf_counter()
    articles = annotate_articles(articles)
    seconds = time.perf_counter() - started
    parts = {name: Tally() for name in ("quotes", "dates", "people", "opinion")}
    scorers = {"quotes": score_quotes, "dates": score_dates, "people": score_people, "opinion": score_opinion}
    unmatched = set(gold)
    for article in articles:
        row = gold.get(article.external_id or "")
        if row is None:
            continue
        unmatched.discard(row["id"])
        for name, scorer in scorers.items():
            scorer(article, row, parts[name])
    for missing in sorted(unmatched):
        print(f"gold {missing}: no article of that id was read", file=sys.stderr)

    quotes, dates, people, opinion = (parts[n] for n in ("quotes", "dates", "people", "opinion"))
    words = sum(len(a.body.split()) for a in articles)
    print(f"{len(articles)} articles, {words:,} words, annotated in {seconds:.1f} s ({words / seconds:,.0f} words/s)")
    print()
    print("| part | gold items | found | precision | recall | other |")
    print("|---|---|---|---|---|---|")
    print(f"| quotes and speakers | {quotes.counts.get('gold', 0)} | {quotes.ratio('found', 'gold')} | "
          f"{quotes.ratio('right', 'given')} | {quotes.ratio('right', 'gold named')} | "
          f"kind agrees {quotes.ratio('kind agrees', 'found')} |")
    print(f"| dates and values | {dates.counts.get('gold', 0)} | {dates.ratio('found', 'gold')} | "
          f"{dates.ratio('right', 'given')} | {dates.ratio('right', 'gold valued')} | |")
    print(f"| people resolved | {people.counts.get('gold', 0)} | {people.ratio('found', 'gold')} | "
          f"{people.ratio('resolved', 'found')} | {people.ratio('resolved', 'gold')} | |")
    print(f"| opinion sentences | {opinion.counts.get('gold', 0)} | | | {opinion.ratio('gold flagged', 'gold')} | "
          f"evaluative reporting flagged {opinion.ratio('reporting flagged', 'reporting')}, "
          f"opinion pieces' factual sentences flagged {opinion.ratio('background flagged', 'background')}, "
          f"report sentences flagged {opinion.ratio('report sentences flagged', 'report sentences')} |")
    if show:
        for name, tally in parts.items():
            print(f"\n{name}:")
            for miss in tally.misses:
                print(f"  {miss}")


if __name__ == "__main__":
    sys.exit(main())
