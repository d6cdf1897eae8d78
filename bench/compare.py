"""Coverage comparison benchmark: `storyline show`'s findings against differences planted in our own set.

Data: bench/compare_dev/ (the rules were tuned on it) and bench/compare_gold/ (written for storyline without
reading its comparison rules: out of sample); fictional events, each reported by three or four invented
outlets (see their READMEs). The articles go through `storyline
ingest`'s own path, read as JSON lines, cleaned and annotated; each event's articles are compared as one
story (grouping is measured by bench/stories.py, not here).

Reported, over the planted differences and over what storyline says that was not planted:
- figures and days that differ: found (a disagreement of that kind gives the odd outlet's value and
  another outlet's), marked (the fact's row marks the odd outlet as differing: the row is worded as the
  others give it), and disagreements said where none was planted;
- what only one outlet reports: found (the outlet's own list holds the planted phrase), and hidden (the
  phrase is in a fact credited to other outlets too);
- quotations one outlet worded differently: found (the statement is marked reworded where the planted words
  differ), marked on its outlet (that outlet's version adds them: with two outlets, which one changed a quote
  cannot be told), and statements marked reworded where nothing was planted.

    .venv/bin/python bench/compare.py [--gold DIR [DIR ...]] [--show]
"""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from pathlib import Path

from gold_sets import read_cleaned, score_sets

from storyline.annotate import annotate_articles
from storyline.compare import Comparison, compare_story, numbers_in
from storyline.model import Article

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GOLD = [ROOT / "bench" / "compare_dev", ROOT / "bench" / "compare_gold"]


def read_events(folder: Path) -> tuple[dict[str, list[Article]], dict[str, dict]]:
    """Each event's articles, cleaned and annotated as `storyline ingest` does, and each event's gold."""
    event_of = {}
    for number, line in enumerate((folder / "articles.jsonl").read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            row = json.loads(line)
            event_of[row["id"]] = row["event"]
    articles, problems = read_cleaned(folder / "articles.jsonl")
    if problems:  # a gold set is ours: every article of it must be read
        raise SystemExit("; ".join(problems))
    articles = annotate_articles(articles)
    events: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        events[event_of[article.external_id]].append(article)
    gold = {event["event"]: event for event in json.loads((folder / "gold.json").read_text())["events"]}
    missing = set(gold) - set(events)
    if missing:
        raise SystemExit(f"{folder / 'gold.json'}: events without articles: {', '.join(sorted(missing))}")
    return events, gold


def _values(kind: str, values: list[str]) -> set[str]:
    """Gold values as the comparison writes them: figures normalised ("Nine" 9, "40,000" 40000), days as given."""
    return {number for value in values for number in numbers_in(value)} if kind == "number" else set(values)


def score_event(comparison: Comparison, gold: dict, counts: dict[str, int], misses: list[str]) -> None:
    name = gold["event"]
    matched = set()
    for planted in gold.get("disagreements", []):
        counts[f"{planted['kind']} planted"] += 1
        odd = planted["odd_one_out"]
        odd_values = _values(planted["kind"], planted["values"][odd])
        others = set(planted["values"]) - {odd}
        found = next((index for index, said in enumerate(comparison.disagreements)
                      if said.kind == planted["kind"] and odd_values & set(said.values.get(odd, []))
                      and others & set(said.values)), None)
        if found is None:
            misses.append(f"{name}: {planted['kind']} not found: {planted['thing']} ({odd} {sorted(odd_values)})")
            continue
        matched.add(found)
        counts[f"{planted['kind']} found"] += 1
        fact = next(f for f in comparison.facts if f.id == comparison.disagreements[found].fact)
        odd_elsewhere = {other["odd_one_out"] for other in gold.get("disagreements", [])}  # one row, two findings
        if odd in fact.differing and set(fact.differing) <= odd_elsewhere:
            counts[f"{planted['kind']} marked"] += 1
        else:
            misses.append(f"{name}: {planted['thing']}: the row marks {fact.differing}, not [{odd}]")
    for index, said in enumerate(comparison.disagreements):
        if index not in matched:
            counts[f"{said.kind} said, not planted"] += 1
            misses.append(f"{name}: {said.kind} said, not planted: {said.values} in {said.text[:90]!r}")
    for planted in gold.get("unique", []):
        counts["unique planted"] += 1
        outlet, phrase = planted["outlet"], planted["phrase"]
        if any(phrase in fact.text or any(phrase in s.text for s in fact.sentences)
               for fact in comparison.unique.get(outlet, [])):
            counts["unique found"] += 1
            continue
        hidden = [f for f in comparison.facts if any(phrase in s.text and s.outlet == outlet for s in f.sentences)]
        if hidden:
            counts["unique hidden"] += 1
            misses.append(f"{name}: {outlet}'s own {phrase!r} is in a fact of {hidden[0].outlets}")
        else:
            misses.append(f"{name}: {outlet}'s own {phrase!r} not listed")
    marked = set()
    for planted in gold.get("altered_quotes", []):
        counts["altered planted"] += 1
        words = planted["words"].casefold()

        def holds(changes: list[str]) -> bool:
            return any(words in change.casefold() or change.casefold() in words for change in changes)

        # the statement is marked reworded where the planted words differ (with two outlets, which of them
        # changed it cannot be told); marked on its outlet where that outlet's version adds them
        found = [group for groups in comparison.quotes.values() for group in groups if group.altered
                 and any(v.outlet == planted["outlet"] for v in group.versions)
                 and any(holds(v.added) or holds(v.dropped) for v in group.versions)]
        if found:
            counts["altered found"] += 1
            marked.add(id(found[0]))
            if any(v.outlet == planted["outlet"] and holds(v.added) for v in found[0].versions):
                counts["altered marked"] += 1
            else:
                misses.append(f"{name}: {planted['speaker']}'s quote marked reworded, not on {planted['outlet']}")
        else:
            misses.append(f"{name}: {planted['outlet']}'s altered quote of {planted['speaker']} "
                          f"({planted['words']!r}) not marked")
    for groups in comparison.quotes.values():
        for group in groups:
            if group.altered and id(group) not in marked:
                counts["altered said, not planted"] += 1
                misses.append(f"{name}: quote of {group.speaker} marked altered, not planted: "
                              f"{[(v.outlet, v.added, v.dropped) for v in group.versions if v.added or v.dropped]}")


def main() -> int:
    return score_sets(__doc__.split("\n")[0], DEFAULT_GOLD, "gold.json",
                      "list every miss and every finding not planted", score_set)


def score_set(folder: Path, show: bool) -> None:
    """Read, annotate and compare one set's events as ingest does, and print its table."""
    started = time.perf_counter()
    events, gold = read_events(folder)
    counts: dict[str, int] = defaultdict(int)
    misses: list[str] = []
    for name, articles in sorted(events.items()):
        articles.sort(key=lambda a: (a.published or "", a.id))
        score_event(compare_story(name, articles), gold.get(name, {"event": name}), counts, misses)
    seconds = time.perf_counter() - started
    count = sum(len(a) for a in events.values())
    print(f"{len(events)} events, {count} articles, read, annotated and compared in {seconds:.1f} s\n")
    print("| difference | planted | found | share | marked on its row | said, not planted |")
    print("|---|---|---|---|---|---|")
    for kind, label in (("number", "figures"), ("date", "days")):
        planted = counts[f"{kind} planted"]
        print(f"| {label} that differ | {planted} | {counts[f'{kind} found']} | {_share(counts[f'{kind} found'], planted)}"
              f" | {counts[f'{kind} marked']} | {counts[f'{kind} said, not planted']} |")
    planted = counts["unique planted"]
    print(f"| one outlet's own fact | {planted} | {counts['unique found']} | {_share(counts['unique found'], planted)}"
          f" | {counts['unique hidden']} hidden in a shared fact | - |")
    planted = counts["altered planted"]
    print(f"| a quotation reworded | {planted} | {counts['altered found']} | {_share(counts['altered found'], planted)}"
          f" | {counts['altered marked']} on its outlet | {counts['altered said, not planted']} |")
    if show and misses:
        print("\n" + "\n".join(misses))


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.2f}" if whole else "-"


if __name__ == "__main__":
    sys.exit(main())
