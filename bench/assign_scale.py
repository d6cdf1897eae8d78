"""Story assignment at scale: time per article and memory at 1k, 10k and 100k articles.

Data: ../shared/data/stories/gva-dev.jsonl (third-party articles, read at run
time), prepared once (cleaning, annotation, embedding, fingerprint: the
worker-side stages, excluded from the timing) and cached outside the
repository. The set is replayed with its dates shifted by four years per
replay and its MinHash signatures re-keyed per replay (so a replay's copies are
copies of each other, as in the set, but not of an earlier replay) until the
target count is reached. Only ``StoryAssigner.assign`` is timed: near-duplicate
lookup, candidate search, scoring, story and storyline updates. It runs under
the garbage-collector setting of ``storyline ingest`` (``fewer_collections``),
and the table shows how much of the timed work the cycle collector took.

    .venv/bin/python bench/assign_scale.py [--sizes 1000,10000,100000] [--cache ~/.cache/storyline-bench] [--store]
                                           [--default-collector]
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import gc
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

import numpy

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fit_story_scorer import prepared_articles  # noqa: E402
from stories import load  # noqa: E402

from storyline.cluster.assign import StoryAssigner  # noqa: E402
from storyline.pipeline import fewer_collections  # noqa: E402
from storyline.store import Store  # noqa: E402


def replayed(rows: list[dict], prepared: dict, count: int):
    """Articles in publication order, replayed with shifted dates and re-keyed signatures up to ``count``."""
    ordered = [prepared[r["id"]] for r in sorted(rows, key=lambda r: r["published"] or "9999")
               if r["id"] in prepared and prepared[r["id"]].status == "ok"]
    produced = replay = 0
    while produced < count:
        key = numpy.uint32((replay * 2654435761) & 0xFFFFFFFF)
        for original in ordered:
            if produced >= count:
                return
            article = copy.copy(original)
            article.id = f"{replay:04d}{original.id[4:]}"
            if article.published:
                day = date.fromisoformat(article.published)
                article.published = day.replace(year=day.year + 4 * replay).isoformat()
            if article.signature:
                article.signature = (numpy.frombuffer(article.signature, dtype="<u4") ^ key).astype("<u4").tobytes()
            produced += 1
            yield article
        replay += 1


class CollectorClock:
    """Seconds the cycle collector ran while ``timing`` is set."""

    def __init__(self):
        self.timing = False
        self.seconds = 0.0
        self._started = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        elif self.timing:
            self.seconds += time.perf_counter() - self._started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "storyline-bench")
    parser.add_argument("--trace-memory", action="store_true", help="also report Python heap growth (slower)")
    parser.add_argument("--store", action="store_true",
                        help="commit every 32 articles to a real SQLite store, as an ingest does (the assigner then "
                             "holds only its active stories and reads others back); the store's time is not counted")
    parser.add_argument("--default-collector", action="store_true",
                        help="keep Python's default garbage-collector thresholds (ingest collects less often)")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    rows = load("gva", 0)
    prepared = prepared_articles("gva", args.cache)
    gc.collect()
    gc.freeze()  # the cached inputs (a real run holds one batch) are not the assigner's to collect
    if args.trace_memory:
        tracemalloc.start()
    workdir = tempfile.TemporaryDirectory()
    store = Store(f"sqlite:///{Path(workdir.name) / 'assign.db'}") if args.store else None
    fresh = StoryAssigner.for_embeddings()  # the scorer ingest uses for this model
    assigner = store.load_assigner(fresh) if store else fresh
    marks = {}
    done, seconds, window_seconds = 0, 0.0, 0.0
    previous_mark = 0
    batch, decisions = [], {}
    collector = CollectorClock()
    gc.callbacks.append(collector)
    with contextlib.nullcontext() if args.default_collector else fewer_collections():
        for article in replayed(rows, prepared, sizes[-1]):
            start = time.perf_counter()
            collector.timing = True
            decisions[article.id] = assigner.assign(article)
            collector.timing = False
            elapsed = time.perf_counter() - start
            seconds += elapsed
            window_seconds += elapsed
            done += 1
            batch.append(article)
            if store and len(batch) == 32:
                store.save_batch(batch, decisions, assigner)
            if len(batch) == 32:
                batch, decisions = [], {}
            if done in sizes:
                heap = tracemalloc.get_traced_memory()[0] / 2**20 if args.trace_memory else float("nan")
                marks[done] = (seconds, window_seconds / (done - previous_mark), assigner.story_seq,
                               len(assigner._active), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, heap,
                               len(assigner.stories), collector.seconds)
                previous_mark, window_seconds = done, 0.0
                if not store:
                    assigner.clear_changes()
    gc.callbacks.remove(collector)
    header = (f"{'articles':>9} | {'stories':>8} | {'held':>7} | {'active':>6} | {'articles/s':>10} | "
              f"{'ms/article (since last)':>23} | {'peak RSS MB':>11} | {'heap MB':>7} | {'collector %':>11}")
    print(f"assignment alone, 1 process, {'committed to SQLite every 32 articles' if store else 'no store'}, "
          f"{'default' if args.default_collector else 'ingest'} collector thresholds")
    print(header)
    print("-" * len(header))
    for size, (total, per_article, stories, active, rss, heap, held, collecting) in marks.items():
        print(f"{size:9,} | {stories:8,} | {held:7,} | {active:6,} | {size / total:10,.0f} | {per_article * 1000:23.3f} | "
              f"{rss:11,.0f} | {heap:7.1f} | {100 * collecting / total:11.1f}")
    first, last = marks[sizes[0]][1], marks[sizes[-1]][1]
    print(f"\nper-article cost, last interval vs first: {last / first:.2f}x (1 process, annotation excluded)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
