"""Quotation and attribution benchmark: storyline's quotes against PolNeAR's gold attributions.

Data: ../shared/data/quotes/polnear/<split> (article texts with BRAT attribution
annotations; third-party text, read at run time; one annotation file per
article: ``primary_annotation`` in files.tsv).

Metric (the issue's): a gold attribution is matched by a predicted quote whose
content overlaps it by at least half of the tokens of the longer of the two
(a gold content in pieces counts as the union of its pieces); one-to-one,
best overlap first. Content precision, recall and F1, and speaker accuracy on
matched pairs (the predicted speaker mention overlaps the gold Source span).
Reported twice: all attributions, and the speech subset (gold cue is a verb
of saying or "according to", or the content holds quotation marks). The
annotation speed of the whole pipeline (spaCy included) is printed too.

    .venv/bin/python bench/quotes.py [--split dev] [--limit N] [--show K]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from storyline.annotate import annotate_articles
from storyline.model import Article

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "quotes" / "polnear"
_TOKEN = re.compile(r"\w+")
_QUOTE_MARKS = re.compile(r"[“”\"]")
SAY_LEMMAS = frozenset(
    """say tell add state note ask explain warn insist claim write emphasize emphasise stress argue declare
    announce reply continue maintain accuse urge acknowledge admit recall confirm deny suggest predict promise
    vow tweet post testify report speak call describe remark comment respond answer repeat point mention
    charge complain boast concede agree disagree caution contend assert allege quip joke shout tout brag
    reveal disclose indicate insist yell lament muse observe told said says""".split()
)


@dataclass
class Attribution:
    content: set[int]  # token indexes of the content (all pieces)
    source: tuple[int, int] | None  # char span
    cue: str
    speech: bool = False
    source_text: str | None = None


@dataclass
class Prediction:
    content: set[int]
    speaker: tuple[int, int] | None
    kind: str
    text: str = ""
    speaker_text: str | None = None
    matched: Attribution | None = field(default=None, repr=False)


def token_index(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _TOKEN.finditer(text)]


def tokens_in(spans: list[tuple[int, int]], tokens: list[tuple[int, int]]) -> set[int]:
    return {i for i, (s, e) in enumerate(tokens) if any(s < end and e > start for start, end in spans)}


def read_ann(path: Path, text: str, tokens) -> list[Attribution]:
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if re.match(r"^T\d+\t", line):
            ident, info, *_ = line.split("\t")
            kind, _, ranges = info.partition(" ")
            pieces = [tuple(int(x) for x in r.split()) for r in ranges.split(";")]
            spans[ident] = (kind, pieces)
        elif re.match(r"^E\d+\t", line):
            roles = dict(part.split(":", 1) for part in line.split("\t")[1].split())
            events.append(roles)
    gold = []
    for roles in events:
        contents = [spans[roles[r]][1] for r in roles if r.startswith("Content") and roles[r] in spans]
        if not contents:
            continue
        pieces = [p for content in contents for p in content]
        cue_pieces = spans[roles["Cue"]][1] if roles.get("Cue") in spans else []
        cue = " ".join(text[s:e] for s, e in cue_pieces).strip()
        source = spans[roles["Source"]][1] if roles.get("Source") in spans else None
        source_span = (min(s for s, _ in source), max(e for _, e in source)) if source else None
        content_text = " ".join(text[s:e] for s, e in pieces)
        cue_words = {w.lower() for w in _TOKEN.findall(cue)}
        speech = bool(cue_words & SAY_LEMMAS) or "according" in cue_words or bool(_QUOTE_MARKS.search(content_text))
        source_text = text[source_span[0]:source_span[1]] if source_span else None
        gold.append(Attribution(tokens_in(pieces, tokens), source_span, cue, speech, source_text))
    return gold


def predictions(article: Article, tokens) -> list[Prediction]:
    """One prediction per attribution (the quotes sharing a content span). A direct quote in several
    pieces ("“A,” she said, “B.”") has its quoted pieces as content; other attributions their span."""
    groups: dict[tuple[int, int], list] = {}
    for quote in article.quotes:
        start = quote.content_start if quote.content_start is not None else quote.start
        end = quote.content_end if quote.content_end is not None else quote.end
        groups.setdefault((start, end), []).append(quote)
    found = []
    for (start, end), quotes in groups.items():
        first = quotes[0]
        if len(quotes) > 1 and all(q.kind == "direct" for q in quotes):
            spans = [(q.start, q.end) for q in quotes]
        else:
            spans = [(start, end)]
        speaker = (first.speaker_start, first.speaker_end) if first.speaker_start is not None else None
        found.append(Prediction(tokens_in(spans, tokens), speaker, first.kind, article.body[start:end],
                                first.speaker_mention))
    return found


def match(gold: list[Attribution], predicted: list[Prediction]) -> list[tuple[Attribution, Prediction]]:
    pairs = []
    for g in gold:
        for p in predicted:
            overlap = len(g.content & p.content)
            longer = max(len(g.content), len(p.content))
            if longer and overlap >= 0.5 * longer:
                pairs.append((overlap / longer, id(g), id(p), g, p))
    pairs.sort(key=lambda x: -x[0])
    used_g, used_p, result = set(), set(), []
    for _, gi, pi, g, p in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        p.matched = g
        result.append((g, p))
    return result


def scores(gold: list[Attribution], predicted: list[Prediction], pairs, speech_only: bool) -> dict[str, float]:
    if speech_only:
        gold = [g for g in gold if g.speech]
        predicted = [p for p in predicted if p.matched is None or p.matched.speech]
        pairs = [(g, p) for g, p in pairs if g.speech]
    precision = len(pairs) / len(predicted) if predicted else 0.0
    recall = len(pairs) / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    with_source = [(g, p) for g, p in pairs if g.source is not None]
    speaker_ok = sum(1 for g, p in with_source
                     if p.speaker is not None and p.speaker[0] < g.source[1] and p.speaker[1] > g.source[0])
    accuracy = speaker_ok / len(with_source) if with_source else 0.0
    return {"gold": len(gold), "predicted": len(predicted), "precision": precision, "recall": recall, "f1": f1,
            "speaker": accuracy, "with_source": len(with_source)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--split", default="dev")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--show", type=int, default=0, help="print K missed speech attributions and K false quotes")
    args = parser.parse_args()
    table = args.data / "files.tsv"
    if not table.is_file():
        print(f"data not found: {table} (see ../shared/data/README.md)", file=sys.stderr)
        return 2
    with table.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t") if r["split"] == args.split]
    if args.limit:
        rows = rows[: args.limit]
    articles, golds = [], []
    for row in rows:
        text = (args.data / row["text"]).read_text(encoding="utf-8")
        published = row["article"].split("_")[1]
        article = Article(id=row["article"], source=row["text"], media_type="text/plain", raw=b"",
                          body=text, published=published, status="ok")
        articles.append(article)
        golds.append(read_ann(args.data / row["primary_annotation"], text, token_index(text)))
    start = time.perf_counter()
    annotate_articles(articles)
    seconds = time.perf_counter() - start
    all_gold, all_pred, all_pairs = [], [], []
    for article, gold in zip(articles, golds, strict=True):
        tokens = token_index(article.body)
        predicted = predictions(article, tokens)
        all_pairs += match(gold, predicted)
        all_gold += gold
        all_pred += predicted
    print(f"PolNeAR {args.split}: {len(articles)} articles, {len(all_gold)} gold attributions, "
          f"{sum(g.speech for g in all_gold)} in the speech subset; annotation {len(articles) / seconds:.1f} articles/s")
    header = f"{'subset':14} | {'gold':>5} | {'predicted':>9} | {'precision':>9} | {'recall':>6} | {'F1':>5} | {'speaker acc.':>12}"
    print(header)
    print("-" * len(header))
    for name, speech in (("all", False), ("speech", True)):
        s = scores(all_gold, all_pred, all_pairs, speech)
        print(f"{name:14} | {s['gold']:5} | {s['predicted']:9} | {s['precision']:9.3f} | {s['recall']:6.3f} | "
              f"{s['f1']:5.3f} | {s['speaker']:8.3f} ({s['with_source']})")
    kinds = sorted({p.kind for p in all_pred})
    print("by kind: " + ", ".join(
        f"{k} {sum(1 for p in all_pred if p.kind == k and p.matched)}/{sum(1 for p in all_pred if p.kind == k)} matched"
        for k in kinds))
    if args.show:
        matched = {id(g) for g, _ in all_pairs}
        print("\nmissed speech attributions:")
        shown = 0
        for article, gold in zip(articles, golds, strict=True):
            tokens = token_index(article.body)
            for g in gold:
                if g.speech and id(g) not in matched and shown < args.show:
                    idx = sorted(g.content)
                    print(f"  [{g.cue}] {article.body[tokens[idx[0]][0]:tokens[idx[-1]][1]][:150]!r}")
                    shown += 1
        print("\nwrong speakers (predicted mention vs gold source):")
        wrong = 0
        for g, p in all_pairs:
            if g.speech and g.source and (p.speaker is None or not (p.speaker[0] < g.source[1] and p.speaker[1] > g.source[0])):
                if wrong < args.show:
                    print(f"  ({p.kind}) {p.speaker_text!r} vs {g.source_text!r}: {p.text[:90]!r}")
                wrong += 1
        print("\nunmatched predictions:")
        for p in [p for p in all_pred if p.matched is None][: args.show]:
            print(f"  ({p.kind}) {p.text[:150]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
