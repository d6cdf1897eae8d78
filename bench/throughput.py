"""Throughput benchmark: articles per second for each ingest stage and end to end.

Measures, in one process and over the same list of articles:

1. read      ``storyline.ingest.discover`` -> RawDocument list (InputErrors counted)
2. clean     ``storyline.pipeline.clean_documents``
3. annotate  ``storyline.annotate.annotate_articles`` (spaCy); the model load
             (``load_nlp()``) is timed once, before the stage, as a one-off row
4. group     ``StoryAssigner.assign`` on each ``status == "ok"`` article, in file order
5. store     ``Store.save_batch`` in batches of 32; grouping and storing run
             interleaved per batch (assign the batch, then save it, as the pipeline
             does) and are timed separately
6. end to end  ``storyline.pipeline.ingest`` (what ``storyline ingest`` runs) into a
             fresh database, timed as a whole (the spaCy model is already loaded)

plus a peer row: annotate with thinc's default blis kernel (``load_nlp(fast_ops=False)``)
on a sample of the articles, compared with the default NumPy-BLAS kernel on the same
sample. Prints a table (stage | articles | seconds | articles/s | note), the words
annotated and words/s, peak RSS, the machine, and whether the end-to-end target is met.
Timings are reported, never asserted.

Run from the repository root::

    .venv/bin/python bench/throughput.py [--limit N] [--data PATH] [--db PATH]
                                         [--peer-sample N | --full-peer] [--json OUT]

The data set (default ``../shared/data/stories/gva-dev.jsonl`` next to the repository)
is read at run time and never copied.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import resource
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data" / "stories" / "gva-dev.jsonl"
BATCH = 32
TARGET_RATE = 15.0
TARGET_CORES = 2


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (ru_maxrss is KB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


def cores() -> tuple[int, int]:
    total = os.cpu_count() or 0
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = total
    return total, usable


class Results:
    def __init__(self) -> None:
        self.rows: list[dict] = []

    def add(self, stage: str, articles: int | None, seconds: float, note: str = "", per_article: bool = True,
            key: str | None = None) -> dict:
        rate = articles / seconds if per_article and articles and seconds > 0 else None
        row = {"key": key or stage, "stage": stage, "articles": articles if per_article else None,
               "seconds": seconds, "articles_per_s": rate, "note": note, "peak_rss_mb": peak_rss_mb()}
        self.rows.append(row)
        print(f"  {stage}: {seconds:.2f} s" + (f", {rate:.1f} articles/s" if rate else "")
              + (f" ({note})" if note else ""), file=sys.stderr, flush=True)
        return row

    def get(self, key: str) -> dict | None:
        return next((r for r in self.rows if r["key"] == key), None)


def table(rows: list[dict]) -> str:
    header = ["stage", "articles", "seconds", "articles/s", "note"]
    lines = [[r["stage"],
              "" if r["articles"] is None else str(r["articles"]),
              f"{r['seconds']:.2f}",
              "" if r["articles_per_s"] is None else f"{r['articles_per_s']:.1f}",
              r["note"]] for r in rows]
    widths = [max(len(header[i]), *(len(line[i]) for line in lines)) for i in range(4)]

    def fmt(cells: list[str]) -> str:
        left = cells[0].ljust(widths[0])
        nums = [cells[i].rjust(widths[i]) for i in (1, 2, 3)]
        return " | ".join([left, *nums, cells[4]]).rstrip()

    rule = "-+-".join("-" * w for w in widths) + "-+-" + "-" * max(4, *(len(line[4]) for line in lines))
    return "\n".join([fmt(header), rule, *(fmt(line) for line in lines)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"JSONL articles (default: {DEFAULT_DATA})")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N inputs (default: all)")
    parser.add_argument("--db", type=Path, default=None,
                        help="SQLite file for the store stage, kept afterwards (default: a temp file, deleted); "
                             "the end-to-end run uses <db stem>-e2e<suffix> beside it; neither may exist")
    parser.add_argument("--peer-sample", type=int, default=300,
                        help="articles for the blis-vs-NumPy annotate comparison (default: 300)")
    parser.add_argument("--full-peer", action="store_true", help="run the blis comparison on all articles")
    parser.add_argument("--json", type=Path, default=None, help="also write the results as JSON to this path")
    args = parser.parse_args(argv)

    data = args.data.expanduser().resolve()
    if not data.is_file():
        parser.error(f"no data file at {data} (use --data PATH)")
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")

    tmp = tempfile.TemporaryDirectory(prefix="storyline-bench-")
    if args.db is not None:
        db = args.db.expanduser().resolve()
        e2e_db = db.with_name(f"{db.stem}-e2e{db.suffix or '.db'}")
        for path in (db, e2e_db):
            if path.exists():
                parser.error(f"{path} already exists; the benchmark needs a fresh database")
    else:
        db = Path(tmp.name) / "bench.db"
        e2e_db = Path(tmp.name) / "bench-e2e.db"

    try:
        return run(args, data, db, e2e_db)
    finally:
        tmp.cleanup()


def run(args: argparse.Namespace, data: Path, db: Path, e2e_db: Path) -> int:
    t0 = time.perf_counter()
    import spacy

    from storyline.annotate import annotate_articles
    from storyline.annotate import nlp as nlp_module
    from storyline.cluster.assign import StoryAssigner
    from storyline.ingest import InputError, discover
    from storyline.model import RawDocument
    from storyline.pipeline import IngestSummary, clean_documents, ingest, ingest_documents
    from storyline.store import Store

    results = Results()
    results.add("import storyline + spaCy", None, time.perf_counter() - t0, "one-off", per_article=False,
                key="import")
    load_nlp = nlp_module.load_nlp
    blis_env = os.environ.get("STORYLINE_BLIS", "") == "1"
    default_kernel = "blis (STORYLINE_BLIS=1)" if blis_env else "NumPy BLAS"
    print(f"data: {data}" + (f" (first {args.limit} inputs)" if args.limit else ""), file=sys.stderr)

    # 1. read -------------------------------------------------------------------------------
    t = time.perf_counter()
    items = discover([str(data)])
    if args.limit is not None:
        items = itertools.islice(items, args.limit)
    items = list(items)
    read_s = time.perf_counter() - t
    docs = [item for item in items if isinstance(item, RawDocument)]
    errors = [item for item in items if isinstance(item, InputError)]
    results.add("1 read (discover)", len(items), read_s,
                f"{len(docs)} documents, {len(errors)} input errors", key="read")

    # 2. clean ------------------------------------------------------------------------------
    summary = IngestSummary()
    t = time.perf_counter()
    articles = clean_documents(docs, summary)
    clean_s = time.perf_counter() - t
    no_text = sum(a.status != "ok" for a in articles)
    results.add("2 clean", len(docs), clean_s,
                f"{len(articles)} articles, {len(summary.failed)} failed, {no_text} no_text", key="clean")

    # 3. annotate ---------------------------------------------------------------------------
    t = time.perf_counter()
    load_nlp()
    results.add("   spaCy model load", None, time.perf_counter() - t,
                f"one-off, {nlp_module.MODEL}, {default_kernel}", per_article=False, key="nlp_load")
    todo = [a for a in articles if a.status == "ok" and a.body]
    words = sum(len(a.body.split()) for a in todo)
    # Two calls (the peer sample, then the rest) so the default kernel's rate on exactly the
    # sample the blis peer sees comes for free; annotate_articles batches internally anyway.
    sample_n = len(articles) if args.full_peer else min(args.peer_sample, len(articles))
    sample, rest = articles[:sample_n], articles[sample_n:]
    sample_words = sum(len(a.body.split()) for a in sample if a.status == "ok" and a.body)
    t = time.perf_counter()
    annotate_articles(sample)
    fast_sample_s = time.perf_counter() - t
    t = time.perf_counter()
    annotate_articles(rest)
    annotate_s = fast_sample_s + (time.perf_counter() - t)
    results.add("3 annotate", len(articles), annotate_s,
                f"{len(todo)} with text, {words} words, {words / annotate_s:.0f} words/s, {default_kernel}",
                key="annotate")

    # 4 + 5. group and store, interleaved per batch -----------------------------------------
    seen: set[str] = set()
    repeated = 0
    unique = []
    for article in articles:  # the pipeline skips a document already seen in the run
        if article.id in seen:
            repeated += 1
            continue
        seen.add(article.id)
        unique.append(article)
    t = time.perf_counter()
    store = Store("sqlite:///" + str(db))
    results.add("   store open + migrate", None, time.perf_counter() - t, "one-off", per_article=False,
                key="store_open")
    assigner = StoryAssigner()
    group_s = store_s = 0.0
    grouped = new_stories = duplicates = 0
    try:
        for start in range(0, len(unique), BATCH):
            batch = unique[start:start + BATCH]
            t = time.perf_counter()
            decisions = {}
            for article in batch:
                if article.status != "ok":
                    continue
                decision = assigner.assign(article)
                decisions[article.id] = decision
                new_stories += decision.new_story
                duplicates += decision.duplicate_of is not None
            group_s += time.perf_counter() - t
            grouped += len(decisions)
            t = time.perf_counter()
            store.save_batch(batch, decisions, assigner)
            store_s += time.perf_counter() - t
        stored = store.count_articles()
    finally:
        store.close()
    note = f"{new_stories} stories, {duplicates} near-copies"
    if repeated:
        note += f", {repeated} repeated ids skipped"
    results.add("4 group", grouped, group_s, note, key="group")
    results.add("5 store", len(unique), store_s,
                f"{stored} rows, batches of {BATCH}, incl. assigner state", key="store")

    # 6. end to end -------------------------------------------------------------------------
    e2e_store = Store("sqlite:///" + str(e2e_db))
    try:
        t = time.perf_counter()
        if args.limit is None:
            e2e = ingest([str(data)], e2e_store)
        else:  # exactly what ingest() does, on the first N inputs only
            e2e = ingest_documents(itertools.islice(discover([str(data)]), args.limit), e2e_store)
        e2e_s = time.perf_counter() - t
    finally:
        e2e_store.close()
    e2e_n = len(items)
    results.add("6 end to end (pipeline.ingest)", e2e_n, e2e_s,
                f"{e2e.ingested} ingested, {len(e2e.failed)} failed, {e2e.no_text} no_text, "
                f"{e2e.new_stories} stories, {e2e.duplicates} near-copies; model preloaded", key="e2e")
    rss_before_peer = peak_rss_mb()

    # peer: annotate with thinc's blis kernel on the sample --------------------------------
    load_nlp.cache_clear()
    t = time.perf_counter()
    load_nlp(fast_ops=False)
    blis_load_s = time.perf_counter() - t
    t = time.perf_counter()
    annotate_articles(sample)
    blis_s = time.perf_counter() - t
    load_nlp.cache_clear()
    fast_rate = len(sample) / fast_sample_s if fast_sample_s > 0 else None
    blis_rate = len(sample) / blis_s if blis_s > 0 else None
    ratio = fast_rate / blis_rate if fast_rate and blis_rate else None
    results.add(f"3a annotate, NumPy BLAS, first {len(sample)}", len(sample), fast_sample_s,
                f"{sample_words / fast_sample_s:.0f} words/s (part of row 3)", key="annotate_sample_fast")
    results.add(f"3b annotate, blis, first {len(sample)}", len(sample), blis_s,
                f"{sample_words / blis_s:.0f} words/s; load {blis_load_s:.2f} s; "
                f"NumPy/blis = {ratio:.2f}x" if ratio else "", key="annotate_sample_blis")

    # report ---------------------------------------------------------------------------------
    total_cores, usable_cores = cores()
    peak = peak_rss_mb()
    stage_keys = ("read", "clean", "annotate", "group", "store")
    stage_rows = [results.get(k) for k in stage_keys if results.get(k) and results.get(k)["articles_per_s"]]
    bottleneck = min(stage_rows, key=lambda r: r["articles_per_s"]) if stage_rows else None
    e2e_row = results.get("e2e")
    e2e_rate = e2e_row["articles_per_s"] or 0.0
    met = e2e_rate >= TARGET_RATE
    target = (f"target: >= {TARGET_RATE:g} articles/s end to end on {TARGET_CORES} cores: "
              f"{'MET' if met else 'NOT MET'} (bottleneck: {bottleneck['stage'].split(' ', 1)[1] if bottleneck else '?'})")
    if usable_cores != TARGET_CORES:
        target += f" [measured on {usable_cores} cores, not {TARGET_CORES}]"
    machine = (f"machine: {usable_cores} usable cores ({total_cores} total), Python {platform.python_version()}, "
               f"spaCy {spacy.__version__}, thinc {version('thinc')}, blis {version('blis')}, "
               f"numpy {version('numpy')}, {platform.system()} {platform.machine()}")

    print()
    print(f"storyline throughput on {data.name}" + (f" (--limit {args.limit})" if args.limit else ""))
    print(table(results.rows))
    print()
    print(f"annotate: {words} words in {len(todo)} articles, {words / annotate_s:.0f} words/s "
          f"({default_kernel}); words = whitespace-separated tokens of the clean body")
    if ratio:
        print(f"annotate kernel peer on the first {len(sample)} articles: NumPy BLAS {fast_rate:.1f} articles/s, "
              f"blis {blis_rate:.1f} articles/s, NumPy/blis = {ratio:.2f}x")
    print(f"peak RSS MB: {peak:.0f} (before the blis peer model was loaded: {rss_before_peer:.0f})")
    print(machine)
    print(target)
    if errors:
        print(f"input errors ({len(errors)}): " + "; ".join(f"{e.source}: {e.message}" for e in errors[:5])
              + (" ..." if len(errors) > 5 else ""))
    if summary.failed:
        print(f"clean failures ({len(summary.failed)}): "
              + "; ".join(f"{f.get('source')}: {f.get('error')}" for f in summary.failed[:5]))

    if args.json:
        payload = {
            "data": str(data), "limit": args.limit, "rows": results.rows,
            "annotate": {"words": words, "articles_with_text": len(todo), "seconds": annotate_s,
                         "words_per_s": words / annotate_s if annotate_s else None, "kernel": default_kernel},
            "peer": {"sample": len(sample), "numpy_blas_articles_per_s": fast_rate,
                     "blis_articles_per_s": blis_rate, "numpy_over_blis": ratio, "blis_load_s": blis_load_s},
            "peak_rss_mb": peak, "peak_rss_mb_before_peer": rss_before_peer,
            "machine": {"cpu_count": total_cores, "usable_cores": usable_cores,
                        "python": platform.python_version(), "spacy": spacy.__version__,
                        "thinc": version("thinc"), "blis": version("blis"), "numpy": version("numpy"),
                        "platform": platform.platform()},
            "target": {"articles_per_s": TARGET_RATE, "cores": TARGET_CORES, "end_to_end": e2e_rate,
                       "met": met, "bottleneck": bottleneck["key"] if bottleneck else None, "line": target},
            "input_errors": [{"source": e.source, "message": e.message} for e in errors],
            "clean_failures": summary.failed,
        }
        args.json.expanduser().parent.mkdir(parents=True, exist_ok=True)
        args.json.expanduser().write_text(json.dumps(payload, indent=2) + "\n")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
