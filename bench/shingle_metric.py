"""The article-extraction benchmark's metric, implemented from its description in
../shared/data/README.md (section 2): multiset overlap of 4-token shingles.

Tokens are maximal runs of ``\\w`` characters, case kept. Per page, TP/FP/FN are
counted over shingles and normalised by TP+FP+FN; corpus precision and recall
are means over pages (a page enters precision only if TP+FP > 0, recall only
if TP+FN > 0); F1 comes from the two means; accuracy is the share of pages
whose token sequence equals the gold one. ± is the standard deviation over
1,000 bootstrap resamples of pages.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+")
SHINGLE = 4


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def shingles(words: list[str]) -> Counter:
    if not words:
        return Counter()
    if len(words) < SHINGLE:
        return Counter([tuple(words)])
    return Counter(tuple(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))


@dataclass
class PageScore:
    tp: float
    fp: float
    fn: float
    exact: bool

    @property
    def precision(self) -> float | None:
        if self.tp + self.fp == 0:
            return None
        return 1.0 if self.fp == 0 and self.fn == 0 else self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        if self.tp + self.fn == 0:
            return None
        return 1.0 if self.fp == 0 and self.fn == 0 else self.tp / (self.tp + self.fn)


def score_page(predicted: str, gold: str) -> PageScore:
    predicted_words, gold_words = tokens(predicted), tokens(gold)
    p, g = shingles(predicted_words), shingles(gold_words)
    tp = sum(min(count, g[s]) for s, count in p.items())
    fp = sum(p.values()) - tp
    fn = sum(g.values()) - tp
    total = tp + fp + fn
    if total:
        tp, fp, fn = tp / total, fp / total, fn / total
    return PageScore(tp, fp, fn, predicted_words == gold_words)


def corpus_scores(pages: list[PageScore]) -> dict[str, float]:
    precisions = [s.precision for s in pages if s.precision is not None]
    recalls = [s.recall for s in pages if s.recall is not None]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = sum(s.exact for s in pages) / len(pages) if pages else 0.0
    return {"f1": f1, "precision": precision, "recall": recall, "accuracy": accuracy}


def bootstrap_std(pages: list[PageScore], rounds: int = 1000, seed: int = 0) -> dict[str, float]:
    rng = random.Random(seed)
    samples = [corpus_scores([rng.choice(pages) for _ in pages]) for _ in range(rounds)]
    result = {}
    for key in ("f1", "precision", "recall", "accuracy"):
        values = [s[key] for s in samples]
        mean = sum(values) / len(values)
        result[key] = (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5
    return result
