"""Near-duplicate benchmark: storyline's MinHash LSH on a generated syndication set.

Data: the article texts of ../shared/data/stories/*-dev.jsonl (third-party
text, read at run time). A deterministic generator makes syndicated copies of
a sample of them with the edits wire copies get, at three strengths (other
boilerplate lines, a new headline, trimmed or added paragraphs, small word
edits), mixes them with every untouched article, and feeds all in a fixed
shuffled order to ``NearDuplicateIndex`` exactly as the story assigner does
(``fingerprint`` of the text, ``find_original``, then ``add``).

Reported: duplicate-pair precision (over links involving a generated copy)
and recall (a copy should be linked to its source or to another copy of it),
and the false-duplicate rate among distinct articles of the same gold story
(different reports of one event must not be linked). The dev sets hold real
syndicated copies of their own: two dev articles whose exact word-shingle
containment is at least 0.5 are one family (a copy linked to its source's
real copy is right), and only pairs below 0.2 count as distinct reports.

    .venv/bin/python bench/dedup.py [--sets gva,ecbplus] [--data FOLDER] [--copies N] [--seed S]

A set is a name (``gva``: ``gva-dev.jsonl`` in ``--data``) or the path of any JSON-lines file of the same
schema, such as a held-out split kept elsewhere.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stories import add_set_options, read_sets  # noqa: E402

from storyline.dedup import NearDuplicateIndex, fingerprint, shingles  # noqa: E402

BOILERPLATE = [
    "Copyright 2026 The Associated Wire. All rights reserved.",
    "This story has been corrected to fix a spelling error.",
    "Sign up for our morning newsletter to get the day's top stories.",
    "Reporting by our correspondents; editing by the night desk.",
]
STRENGTHS = {  # paragraphs trimmed/added, share of words edited
    "light": (0, 0.00),
    "medium": (1, 0.02),
    "heavy": (2, 0.05),
}
MIN_WORDS = 80  # shorter texts have too few shingles to be copies of anything
REAL_COPY = 0.5  # exact shingle containment between two dev articles that makes them one family
DISTINCT = 0.2  # ... below which two articles of one story are distinct reports


def containment(a: set, b: set) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def syndicated_copy(text: str, strength: str, rng: random.Random) -> str:
    paragraphs = [p for p in text.split("\n") if p.strip()]
    trims, edit_share = STRENGTHS[strength]
    for _ in range(trims):
        if len(paragraphs) > 3:
            paragraphs.pop(rng.choice([0, len(paragraphs) - 1]))  # a wire copy cut at the top or the bottom
    if trims:
        paragraphs.append(rng.choice(BOILERPLATE))
    words = "\n".join(paragraphs).split(" ")
    for _ in range(int(len(words) * edit_share)):
        index = rng.randrange(len(words))
        words[index] = rng.choice(["the", "a", "reportedly", "also", words[index].upper()])
    headline = f"UPDATE {rng.randint(1, 9)}: {rng.choice(BOILERPLATE)[:40]}"
    return headline + "\n" + " ".join(words) + "\n" + rng.choice(BOILERPLATE)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_set_options(parser, "gva,ecbplus")
    parser.add_argument("--copies", type=int, default=300, help="source articles to syndicate, per set")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    sets = read_sets(args)
    if sets is None:
        return 2
    rng = random.Random(args.seed)
    width = max(8, *(len(name) for name in sets))
    header = f"{'set':{width}} | {'strength':8} | {'copies':>6} | {'precision':>9} | {'recall':>6} | {'false dup. (same story)':>23} | {'same-story links, real copies incl.':>35} | {'items/s':>8}"
    lines = [header, "-" * len(header)]
    for name, rows in sets.items():
        rows = [r for r in rows if len((r["text"] or "").split()) >= MIN_WORDS]
        sources = rng.sample(rows, min(args.copies, len(rows)))
        for strength in STRENGTHS:
            items = [(r["id"], r["id"], r["story"], r["text"]) for r in rows]  # (item, source, story, text)
            for number, source in enumerate(sources):
                items.append((f"{source['id']}~{strength}{number}", source["id"], source["story"],
                               syndicated_copy(source["text"], strength, rng)))
            random.Random(args.seed).shuffle(items)
            index = NearDuplicateIndex()
            source_of = {item: source for item, source, _, _ in items}
            text_of = {item: text for item, _, _, text in items}
            story_of = {item: story for item, _, story, _ in items}
            linked: dict[str, str] = {}
            start = time.perf_counter()
            for item, _, _, text in items:
                minhash = fingerprint(text)
                if minhash is None:
                    continue
                original = index.find_original(minhash)
                if original is not None:
                    linked[item] = original
                index.add(item, minhash)
            seconds = time.perf_counter() - start
            family = defaultdict(int)
            for item, source, _, _ in items:
                family[source] += 1
            generated = {item for item, source, _, _ in items if item != source}
            # precision over links that involve a generated copy (links between two untouched dev articles are
            # judged by the same-story rate below: the sets hold real copies of their own)
            judged = {i: o for i, o in linked.items() if i in generated or o in generated}
            grams = {}

            def text_shingles(item_id: str) -> set:
                if item_id not in grams:
                    grams[item_id] = shingles(text_of[item_id])
                return grams[item_id]

            def one_family(a: str, b: str) -> bool:
                a, b = source_of[a], source_of[b]
                return a == b or containment(text_shingles(a), text_shingles(b)) >= REAL_COPY
            sampled = {source["id"] for source in sources}
            true_links = [item for item, original in judged.items() if one_family(item, original)]
            precision_hits = len(true_links)
            linked_in_family: dict[str, int] = defaultdict(int)
            for item in true_links:
                if source_of[item] in sampled:
                    linked_in_family[source_of[item]] += 1
            # a family can also link to a real copy of its source: count at most (members - 1) links per family
            # every member of a family after the first should be linked to the family
            expected = sum(count - 1 for count in family.values())
            true_pairs = sum(min(count, family[source] - 1) for source, count in linked_in_family.items())
            precision = precision_hits / len(judged) if judged else 1.0
            recall = true_pairs / expected if expected else 1.0
            any_same_story = [(i, o) for i, o in linked.items()
                              if source_of[i] != source_of[o] and story_of[i] == story_of[o]]
            same_story = [(i, o) for i, o in any_same_story
                          if containment(text_shingles(source_of[i]), text_shingles(source_of[o])) < DISTINCT]
            stories = defaultdict(set)
            for item, source, story, _ in items:
                stories[story].add(source)
            distinct_pairs = sum(len(s) - 1 for s in stories.values() if len(s) > 1)
            rate = len(same_story) / distinct_pairs if distinct_pairs else 0.0
            any_rate = len(any_same_story) / distinct_pairs if distinct_pairs else 0.0
            lines.append(f"{name:{width}} | {strength:8} | {len(sources):6} | {precision:9.3f} | {recall:6.3f} | "
                         f"{rate:22.2%} | {any_rate:34.2%} | {len(items) / seconds:8.0f}")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
