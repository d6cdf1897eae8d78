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
6. end to end  ``storyline.pipeline.ingest`` into a fresh database, timed as a whole:
             once in this process (workers=1, the spaCy model already loaded), and once
             as ``storyline ingest`` runs it (workers=default_workers(), one per core,
             including starting the worker processes and their model loads); the
             target line uses the latter

plus peer rows: annotate with thinc's default blis kernel against storyline's default
NumPy-BLAS kernel on the same sample (first 300 articles, or all with --full-peer), the
two interleaved in chunks so background load hits both alike. ``annotate_articles`` only
ever calls ``load_nlp()``, so the blis model is selected with ``STORYLINE_BLIS=1`` (a
model from ``load_nlp(fast_ops=False)`` is cached under another key and never used by
it); the ops each row really ran on are printed. Prints a table (stage | articles | seconds | articles/s | note), the words
annotated and words/s, peak RSS, the machine, and whether the end-to-end target is met.
Timings are reported, never asserted.

Run from the repository root::

    .venv/bin/python bench/throughput.py [--limit N] [--data PATH] [--db PATH]
                                         [--peer-sample N | --full-peer] [--workers N]
                                         [--json OUT]

The data set (default ``../shared/data/stories/gva-dev.jsonl`` next to the repository)
is read at run time and never copied.
"""

from __future__ import annotations

import argparse
import dataclasses
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
PEER_CHUNK = 50  # articles per kernel switch in the blis-vs-NumPy comparison


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (ru_maxrss is KB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def ops_names(nlp) -> str:
    """The thinc ops classes the pipeline's models actually run on (NumpyBlasOps = NumPy BLAS, NumpyOps = blis)."""
    names = set()
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            names.update(type(node.ops).__name__ for node in model.walk())
    return "+".join(sorted(names)) or "?"


def cpu_seconds() -> tuple[float | None, float]:
    """(busy CPU seconds of the whole machine from /proc/stat, CPU seconds of this process and its children)."""
    own = sum(getattr(resource.getrusage(who), name) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
              for name in ("ru_utime", "ru_stime"))
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
        user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fields[:8])
        machine = (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError):
        machine = None
    return machine, own


def load_average() -> str:
    try:
        return "/".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def peak_child_rss_mb() -> float:
    """Peak RSS of the largest finished child process (the ingest worker processes)."""
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
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
    parser.add_argument("--workers", type=int, default=None,
                        help="worker processes for the CLI-style end-to-end row (default: what `storyline ingest` "
                             "uses, storyline.pipeline.default_workers())")
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
        for path in (db, e2e_db, e2e_db.with_name(f"{db.stem}-e2e-workers{db.suffix or '.db'}")):
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
    from storyline import pipeline
    from storyline.pipeline import IngestSummary, clean_documents, ingest, ingest_documents
    from storyline.store import Store

    results = Results()
    load_start = load_average()
    cpu_start, wall_start = cpu_seconds(), time.perf_counter()
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
    articles = clean_documents(docs, summary.failed)
    clean_s = time.perf_counter() - t
    no_text = sum(a.status != "ok" for a in articles)
    results.add("2 clean", len(docs), clean_s,
                f"{len(articles)} articles, {len(summary.failed)} failed, {no_text} no_text", key="clean")

    # 3. annotate ---------------------------------------------------------------------------
    t = time.perf_counter()
    nlp = load_nlp()
    results.add("   spaCy model load", None, time.perf_counter() - t,
                f"one-off, {nlp_module.MODEL}, ops: {ops_names(nlp)}", per_article=False, key="nlp_load")
    todo = [a for a in articles if a.status == "ok" and a.body]
    words = sum(len(a.body.split()) for a in todo)
    t = time.perf_counter()
    annotate_articles(articles)
    annotate_s = time.perf_counter() - t
    results.add("3 annotate", len(articles), annotate_s,
                f"{len(todo)} with text, {words} words, {words / annotate_s:.0f} words/s, {default_kernel}",
                key="annotate")
    pool_workers = args.workers or pipeline.default_workers()
    if pool_workers > 1:  # the same annotation spread over worker processes, as `storyline ingest` does it
        copies = [dataclasses.replace(a, sentences=[], entities=[], quotes=[], dates=[]) for a in articles]
        # the local Dask cluster `storyline ingest` starts; its workers load the model before the clock
        client, cluster = pipeline.connect_workers(pool_workers, None)
        try:
            t = time.perf_counter()
            chunks = [copies[i:i + pipeline.BATCH_SIZE] for i in range(0, len(copies), pipeline.BATCH_SIZE)]
            futures = client.map(annotate_articles, chunks, pure=False)
            annotated = [a for chunk in client.gather(futures) for a in chunk]
            pool_s = time.perf_counter() - t
        finally:
            client.close()
            cluster.close()
        results.add(f"3c annotate, {pool_workers} processes", len(annotated), pool_s,
                    f"{words / pool_s:.0f} words/s; batches of {pipeline.BATCH_SIZE}, results sent back",
                    key="annotate_pool")

    # 3d. embedding and fingerprint (worker-side in the pipeline, before grouping) -------------
    from storyline.cluster.embed import embed_articles
    from storyline.dedup import fingerprint_articles

    t = time.perf_counter()
    fingerprint_articles(embed_articles(articles))
    results.add("3d embed + fingerprint", len(articles), time.perf_counter() - t,
                "static MiniLM-distilled embedding, MinHash; 1 process", key="embed")

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
    assigner = StoryAssigner.for_embeddings()  # the scorer ingest uses for this model
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
                duplicates += getattr(decision, "near_duplicate", decision.duplicate_of is not None)
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
    def end_to_end(path: Path, **options):
        e2e_store = Store("sqlite:///" + str(path))
        try:
            t = time.perf_counter()
            if args.limit is None:
                outcome = ingest([str(data)], e2e_store, **options)
            else:  # exactly what ingest() does, on the first N inputs only
                outcome = ingest_documents(itertools.islice(discover([str(data)]), args.limit), e2e_store,
                                           **options)
            return outcome, time.perf_counter() - t
        finally:
            e2e_store.close()

    def e2e_note(outcome) -> str:
        return (f"{outcome.ingested} ingested, {len(outcome.failed)} failed, {outcome.no_text} no_text, "
                f"{outcome.new_stories} stories, {outcome.duplicates} near-copies")

    e2e_n = len(items)
    e2e, e2e_s = end_to_end(e2e_db)
    results.add("6 end to end (pipeline.ingest)", e2e_n, e2e_s, f"{e2e_note(e2e)}; 1 process, model preloaded", key="e2e")
    cli_workers = args.workers or pipeline.default_workers()  # what `storyline ingest` runs
    if cli_workers > 1:
        e2e_w, e2e_w_s = end_to_end(e2e_db.with_name(e2e_db.stem + "-workers" + e2e_db.suffix), workers=cli_workers)
        results.add(f"6b end to end, workers={cli_workers} (CLI)", e2e_n, e2e_w_s,
                    f"{e2e_note(e2e_w)}; incl. worker start + model loads", key="e2e_workers")
    rss_before_peer = peak_rss_mb()

    # peer: annotate with thinc's blis kernel on a sample ----------------------------------
    # annotate_articles() always calls load_nlp() with no argument, and load_nlp's cache is
    # keyed on its argument, so a model cached by load_nlp(fast_ops=False) is never used by
    # annotate_articles. The switch it does honour is STORYLINE_BLIS=1 (read when load_nlp()
    # builds the model), so the peer flips that and checks which ops the model really has.
    # The two kernels run interleaved chunk by chunk (ABBA order) on the same articles, so a
    # change in background load on a shared machine hits both alike.
    sample_n = len(articles) if args.full_peer else min(args.peer_sample, len(articles))
    sample = articles[:sample_n]
    sample_words = sum(len(a.body.split()) for a in sample if a.status == "ok" and a.body)
    saved_env = os.environ.get("STORYLINE_BLIS")
    peer_s = {"numpy": 0.0, "blis": 0.0}
    peer_ops = {"numpy": set(), "blis": set()}
    blis_load_s = None
    try:
        for index, start in enumerate(range(0, sample_n, PEER_CHUNK)):
            chunk = sample[start:start + PEER_CHUNK]
            order = ("numpy", "blis") if index % 2 == 0 else ("blis", "numpy")
            for kernel in order:
                os.environ["STORYLINE_BLIS"] = "1" if kernel == "blis" else "0"
                load_nlp.cache_clear()
                t = time.perf_counter()
                if kernel == "blis" and blis_load_s is None:
                    load_nlp(fast_ops=False)  # the load as the brief describes it, timed once
                    blis_load_s = time.perf_counter() - t
                peer_ops[kernel].add(ops_names(load_nlp()))  # untimed: the model annotate_articles will use
                t = time.perf_counter()
                annotate_articles(chunk)
                peer_s[kernel] += time.perf_counter() - t
    finally:
        if saved_env is None:
            os.environ.pop("STORYLINE_BLIS", None)
        else:
            os.environ["STORYLINE_BLIS"] = saved_env
        load_nlp.cache_clear()
    fast_s, blis_s = peer_s["numpy"], peer_s["blis"]
    fast_rate = sample_n / fast_s if fast_s > 0 else None
    blis_rate = sample_n / blis_s if blis_s > 0 else None
    ratio = fast_rate / blis_rate if fast_rate and blis_rate else None
    results.add(f"3a annotate, NumPy BLAS, first {sample_n}", sample_n, fast_s,
                f"{sample_words / fast_s:.0f} words/s; ops: {', '.join(sorted(peer_ops['numpy']))}",
                key="annotate_sample_numpy")
    results.add(f"3b annotate, blis, first {sample_n}", sample_n, blis_s,
                f"{sample_words / blis_s:.0f} words/s; ops: {', '.join(sorted(peer_ops['blis']))}; "
                f"NumPy/blis = {ratio:.2f}x; blis load {blis_load_s:.2f} s" if ratio else "", key="annotate_sample_blis")

    # report ---------------------------------------------------------------------------------
    total_cores, usable_cores = cores()
    peak = peak_rss_mb()
    cpu_end, wall_end = cpu_seconds(), time.perf_counter()
    available_cpu = (wall_end - wall_start) * total_cores
    other_cpu = (None if cpu_start[0] is None or cpu_end[0] is None
                 else max(0.0, (cpu_end[0] - cpu_start[0]) - (cpu_end[1] - cpu_start[1])))
    stage_keys = ("read", "clean", "annotate", "group", "store")
    stage_rows = [results.get(k) for k in stage_keys if results.get(k) and results.get(k)["articles_per_s"]]
    bottleneck = min(stage_rows, key=lambda r: r["articles_per_s"]) if stage_rows else None
    e2e_row = results.get("e2e_workers") or results.get("e2e")  # the CLI's configuration when there is one
    e2e_rate = e2e_row["articles_per_s"] or 0.0
    met = e2e_rate >= TARGET_RATE
    target = (f"target: >= {TARGET_RATE:g} articles/s end to end on {TARGET_CORES} cores: "
              f"{'MET' if met else 'NOT MET'} (bottleneck: {bottleneck['stage'].split(' ', 1)[1] if bottleneck else '?'})"
              f" [{e2e_rate:.1f} articles/s, row {e2e_row['stage'].split(' ', 1)[0]}]")
    if usable_cores != TARGET_CORES:
        target += f" [measured on {usable_cores} cores, not {TARGET_CORES}]"
    machine = (f"machine: {usable_cores} usable cores ({total_cores} total), Python {platform.python_version()}, "
               f"spaCy {spacy.__version__}, thinc {version('thinc')}, blis {version('blis')}, "
               f"numpy {version('numpy')}, {platform.system()} {platform.machine()}, "
               f"load average (1/5/15 min) at start {load_start}, at end {load_average()}")

    print()
    print(f"storyline throughput on {data.name}" + (f" (--limit {args.limit})" if args.limit else ""))
    print(table(results.rows))
    print()
    print(f"annotate: {words} words in {len(todo)} articles, {words / annotate_s:.0f} words/s "
          f"({default_kernel}); words = whitespace-separated tokens of the clean body")
    if ratio:
        print(f"annotate kernel peer on the first {len(sample)} articles: NumPy BLAS {fast_rate:.1f} articles/s, "
              f"blis {blis_rate:.1f} articles/s, NumPy/blis = {ratio:.2f}x")
    print(f"peak RSS MB: {peak:.0f} (before the blis peer model was loaded: {rss_before_peer:.0f})"
          + (f"; largest worker process: {peak_child_rss_mb():.0f}" if cli_workers and cli_workers > 1 else ""))
    print(machine)
    if other_cpu is not None:
        print(f"other processes used {other_cpu:.0f} CPU-s of the {available_cpu:.0f} this run had "
              f"({100 * other_cpu / available_cpu:.0f}%)"
              + ("; timings include that contention" if other_cpu > 0.05 * available_cpu else ""))
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
            "peak_worker_rss_mb": peak_child_rss_mb() if cli_workers and cli_workers > 1 else None,
            "cli_workers": cli_workers,
            "machine": {"cpu_count": total_cores, "usable_cores": usable_cores,
                        "load_average_start": load_start, "load_average_end": load_average(),
                        "other_processes_cpu_s": other_cpu, "available_cpu_s": available_cpu,
                        "python": platform.python_version(), "spacy": spacy.__version__,
                        "thinc": version("thinc"), "blis": version("blis"), "numpy": version("numpy"),
                        "platform": platform.platform()},
            "target": {"articles_per_s": TARGET_RATE, "cores": TARGET_CORES, "end_to_end": e2e_rate,
                       "end_to_end_row": e2e_row["key"],
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
