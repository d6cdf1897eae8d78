"""Fit the story assigner's logistic scorer on the three dev sets at once (one parameter set).

Data: ../shared/data/stories/{gva,ecbplus,neus}-dev.jsonl (third-party articles,
read at run time). Each set is cleaned, annotated, embedded and fingerprinted
once through the pipeline's ``prepare_batch`` (cached under --cache, outside
the repository). Then each set runs in arrival order through what
``group_and_store`` does (the outlet memory drops template lines, then
``StoryAssigner``)
with the gold decision forced (teacher forcing): every candidate the assigner
would score becomes one example, labelled by whether it is the article's gold
story. A logistic regression (sets weighted equally) gives WEIGHTS and BIAS;
the join probability is chosen by running the fitted assigner online on every
set and maximising mean B-cubed F1. The script prints the lines for
``storyline/cluster/assign.py``: WEIGHTS, BIAS and JOIN_PROBABILITY for the
static model's embeddings, MINILM_WEIGHTS... with ``STORYLINE_EMBEDDING=minilm``
(each model's cosines spread otherwise, so each has its own scorer).

``--held-out`` measures what fitting on the dev sets is worth on stories it has
not seen: the scorer is fitted on half the stories of every set and the other
half is replayed, next to the fit on all stories replayed on that same half.

    .venv/bin/python bench/fit_story_scorer.py [--cache ~/.cache/storyline-bench] [--sets gva,ecbplus,neus]
                                               [--held-out [--thresholds 0.4]]
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import pickle
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stories import bcubed, load, orders, set_label, set_path  # noqa: E402

from storyline.cluster.assign import FEATURES, Candidate, StoryAssigner  # noqa: E402
from storyline.clean.outlet_memory import OutletMemory  # noqa: E402
from storyline.cluster.embed import embed_articles, embedding_kind, embedding_space  # noqa: E402
from storyline.cluster.represent import count_terms  # noqa: E402
from storyline.dedup import fingerprint_articles  # noqa: E402
from storyline.ingest import InputError, discover  # noqa: E402
from storyline.pipeline import forget_derived, prepare_batch  # noqa: E402


def worker_stages_digest() -> str:
    """A digest of the code behind ``prepare_batch`` (reading, cleaning, annotation, embedding): a cache made
    by other code is not used."""
    package = Path(__file__).resolve().parent.parent / "storyline"
    sources = sorted([*(package / "ingest").glob("*.py"), *(package / "clean").glob("*.py"),
                      *(package / "annotate").glob("*.py"), package / "cluster" / "embed.py", package / "model.py"])
    digest = hashlib.sha1()
    for source in sources:
        digest.update(source.read_bytes())
    return digest.hexdigest()[:10]


def prepared_articles(name: str, cache: Path, workers: int = 2) -> dict:
    """The set's articles after cleaning, annotation, embedding and fingerprinting, by external id (cached under
    ``cache``, per version of the code that prepares them and per embedding space: $STORYLINE_EMBEDDING picks
    the model)."""
    digest, space = worker_stages_digest(), embedding_space()
    path = cache / f"{set_label(name)}-{digest}-{space}-prepared.pkl"
    if path.is_file():
        prepared = pickle.loads(path.read_bytes())
        # fingerprints and term counts are not in the digest: they follow the current parameters
        count_terms(fingerprint_articles(list(prepared.values())))
        return prepared
    other = next(iter(sorted(cache.glob(f"{set_label(name)}-{digest}-*-prepared.pkl"))), None)
    if other is not None:
        # embedding is the last stage and reads only the cleaned title and body: another model's preparation,
        # embedded again, is what preparing from the start would give, without annotating the set again
        prepared = pickle.loads(other.read_bytes())
        articles = list(prepared.values())
        for start in range(0, len(articles), 256):
            embed_articles(articles[start:start + 256])
        count_terms(fingerprint_articles(articles))
    else:
        docs = [d for d in discover([str(set_path(name))]) if not isinstance(d, InputError)]
        batches = [docs[i:i + 32] for i in range(0, len(docs), 32)]
        prepared = {}
        with ProcessPoolExecutor(workers) as pool:
            for _, articles, _ in pool.map(prepare_batch, batches):
                prepared.update((a.external_id, a) for a in articles)
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(prepared))
    return prepared


class GoldAssigner(StoryAssigner):
    """Takes the gold decision and records every candidate's features with its label."""

    def __init__(self, gold: dict[str, str]):
        super().__init__(merge_probability=2.0)  # no merges while collecting
        self.gold = gold
        self.story_label: dict[str, str] = {}
        self.examples: list[tuple[list[float], int]] = []

    def choose(self, article, candidates: list[Candidate], days: frozenset[str]) -> Candidate | None:
        label = self.gold[article.external_id]
        chosen = None
        for candidate in candidates:
            positive = self.story_label.get(candidate.story.id) == label
            self.examples.append((candidate.features, int(positive)))
            if positive:
                chosen = candidate
        return chosen

    def assign(self, article):
        decision = super().assign(article)
        self.story_label.setdefault(decision.story, self.gold[article.external_id])
        return decision


def run_online(rows: list[dict], prepared: dict, make: Callable[[], StoryAssigner]) -> dict[str, str]:
    """Group the rows in order as ``storyline ingest`` does: outlet-template lines dropped, then assigned."""
    assigner = make()
    memory = OutletMemory()
    predicted = {}
    for row in rows:
        article = prepared.get(row["id"])
        if article is None or article.status != "ok":
            predicted[row["id"]] = "alone:" + row["id"]
            continue
        # the outlet memory edits an article's annotations in place: the prepared one is replayed many times
        article = copy.deepcopy(article) if article.outlet else copy.copy(article)
        if memory.apply(article):
            forget_derived(article)
        decision = assigner.assign(article)
        if not decision.near_duplicate:
            memory.learn(article)
        predicted[row["id"]] = assigner._live(assigner.stories[article.story]).id
    return predicted


def collect_examples(rows: list[dict], gold: dict[str, str], prepared: dict) -> list[tuple[list[float], int]]:
    """Every candidate the assigner scores in the rows' first order, with the gold decision forced."""
    assigner = GoldAssigner(gold)
    run_online(orders(rows)[0][1], prepared, lambda: assigner)
    return assigner.examples


def fit_scorer(examples: dict[str, list[tuple[list[float], int]]]) -> tuple[tuple[float, ...], float]:
    """Logistic weights and bias over the examples of all sets, each set weighing the same."""
    from sklearn.linear_model import LogisticRegression

    features, labels, sample_weights = [], [], []
    for set_examples in examples.values():
        features += [f for f, _ in set_examples]
        labels += [y for _, y in set_examples]
        sample_weights += [1.0 / len(set_examples)] * len(set_examples)
    if len(set(labels)) < 2:  # a logistic fit needs both kinds of example
        raise SystemExit(f"{', '.join(examples)}: every candidate story was {'' if labels and labels[0] else 'not '}"
                         "the article's own: fitting needs sets with several stories of two or more reports")
    x, y = numpy.array(features), numpy.array(labels)
    weights = numpy.array(sample_weights) * len(y) / len(examples)
    model = LogisticRegression(C=10.0, max_iter=5000).fit(x, y, sample_weight=weights)
    return tuple(round(float(c), 3) for c in model.coef_[0]), round(float(model.intercept_[0]), 3)


def replay(rows: list[dict], gold: dict[str, str], prepared: dict, coefficients: tuple[float, ...], bias: float,
           threshold: float) -> float:
    """Mean B-cubed F1 of the fitted assigner run online over the rows' orders."""
    return float(numpy.mean([bcubed(gold, run_online(order, prepared, lambda: StoryAssigner(
        weights=coefficients, bias=bias, join_probability=threshold)))[2] for _, order in orders(rows)]))


def story_half(story: str) -> int:
    """A fixed half of the gold stories (by a hash of the story's id), for fitting on one half and testing on the
    other."""
    return hashlib.sha1(story.encode()).digest()[0] % 2


def held_out(sets: dict, threshold: float) -> None:
    """Fit on half the stories of every set, replay the other half; next to it, the fit on all stories replayed
    on the same half (what the dev scores are): the gap is what fitting on the dev sets gains over unseen
    stories of the same kind."""
    halves = {name: tuple([r for r in rows if story_half(r["story"]) == half] for half in (0, 1))
              for name, (rows, _, _) in sets.items()}
    on_half = fit_scorer({name: collect_examples(halves[name][0], gold, prepared)
                          for name, (_, gold, prepared) in sets.items()})
    on_all = fit_scorer({name: collect_examples(rows, gold, prepared) for name, (rows, gold, prepared) in sets.items()})
    print("| set | stories in the tested half | fitted on the other half | fitted on all (in-sample) |")
    print("|---|---|---|---|")
    for name, (_, gold, prepared) in sets.items():
        tested = halves[name][1]
        unseen, seen = (replay(tested, gold, prepared, *fit, threshold) for fit in (on_half, on_all))
        print(f"| {name} | {len({r['story'] for r in tested}):,} | {unseen:.3f} | {seen:.3f} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default="gva,ecbplus,neus")
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "storyline-bench")
    parser.add_argument("--thresholds", default="0.3,0.4,0.5,0.6,0.7")
    parser.add_argument("--held-out", action="store_true",
                        help="fit on half the stories of each set and score the other half (at the first threshold)")
    args = parser.parse_args()
    sets = {}
    for name in args.sets.split(","):
        rows = load(name, 0)
        label = set_label(name)  # a held-out split given by its path is named by its file, as bench/stories.py does
        sets[label] = (rows, {r["id"]: r["story"] for r in rows}, prepared_articles(name, args.cache))
        print(f"prepared {label}: {len(sets[label][2])} articles", file=sys.stderr)
    thresholds = [float(t) for t in args.thresholds.split(",")]
    if args.held_out:
        held_out(sets, thresholds[0])
        return 0
    examples = {}
    for name, (rows, gold, prepared) in sets.items():
        examples[name] = collect_examples(rows, gold, prepared)
        print(f"{name}: {len(examples[name])} candidate examples, {sum(y for _, y in examples[name])} positive",
              file=sys.stderr)
    coefficients, bias = fit_scorer(examples)
    print("\n".join(f"  {name:16} {weight:+.3f}" for name, weight in zip(FEATURES, coefficients, strict=True)),
          file=sys.stderr)
    results = {}
    for threshold in thresholds:
        per_set = {name: replay(rows, gold, prepared, coefficients, bias, threshold)
                   for name, (rows, gold, prepared) in sets.items()}
        results[threshold] = per_set
        print(f"join {threshold:.2f}: " + "  ".join(f"{n} {f:.3f}" for n, f in per_set.items())
              + f"  mean {numpy.mean(list(per_set.values())):.3f}", file=sys.stderr)
    best = max(results, key=lambda t: numpy.mean(list(results[t].values())))
    prefix = "" if embedding_kind() == "static" else embedding_kind().upper() + "_"  # SCORERS' constants
    print(f"{prefix}WEIGHTS = {coefficients}\n{prefix}BIAS = {bias}\n{prefix}JOIN_PROBABILITY = {best}")
    print(json.dumps({"join_probability": best, "per_set": results[best]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
