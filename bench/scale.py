"""Ingest at scale: articles/s and peak memory, one process against a local Dask cluster.

Data: ../shared/data/stories/gva-dev.jsonl (third-party articles, read at run
time), replayed up to ``--articles`` with each replay's ids re-keyed and dates
shifted by four years (so every replayed line is a new raw document and a new
event), written to a temporary JSONL file. Each configuration runs the real
`storyline ingest` (clean, annotate, embed, fingerprint, group, store in
SQLite) in its own process on a fresh database; memory is the peak RSS of the
ingest process and its children (the Dask workers), sampled every second, and
the curve of the parent's RSS is printed every ``--curve`` articles ingested.

    .venv/bin/python bench/scale.py [--articles 20000] [--configs 1,dask2]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "stories" / "gva-dev.jsonl"
CONFIGS = {"1": ["--workers", "1"], "dask2": ["--workers", "2"]}


def replay(target: Path, count: int) -> None:
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    written, round_ = 0, 0
    with target.open("w", encoding="utf-8") as out:
        while written < count:
            for row in rows:
                if written >= count:
                    return
                item = dict(row, id=f"{round_}-{row['id']}")
                if item.get("published"):
                    day = date.fromisoformat(item["published"][:10])
                    item["published"] = day.replace(year=day.year + 4 * round_).isoformat()
                out.write(json.dumps(item, ensure_ascii=False) + "\n")
                written += 1
            round_ += 1


def rss_mb(pid: int) -> tuple[float, float]:
    """(RSS of the process, RSS of it and all its descendants), in MB."""
    def children(p: int) -> list[int]:
        try:
            found = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            return []
        return [int(c) for c in found] + [g for c in found for g in children(int(c))]

    def one(p: int) -> float:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    own = one(pid)
    return own, own + sum(one(c) for c in children(pid))


def run(config: str, inputs: Path, workdir: Path, curve_every: int) -> dict:
    db = workdir / f"{config}.db"
    command = [sys.executable, "-m", "storyline", "ingest", str(inputs), "--json", "--db", f"sqlite:///{db}",
               *CONFIGS[config]]
    start = time.perf_counter()
    summary_file = (workdir / f"{config}.json").open("w+")  # a file, not a pipe: a large summary must not block
    process = subprocess.Popen(command, stdout=summary_file, stderr=subprocess.DEVNULL, text=True,
                               env={**os.environ, "TQDM_DISABLE": "1"})
    peak_own = peak_all = 0.0
    curve, next_mark = [], curve_every
    import sqlite3

    while process.poll() is None:
        own, total = rss_mb(process.pid)
        peak_own, peak_all = max(peak_own, own), max(peak_all, total)
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as connection:
                stored = connection.execute("select count(*) from articles").fetchone()[0]
        except sqlite3.Error:
            stored = 0
        if stored >= next_mark:
            curve.append((stored, own))
            next_mark += curve_every
        time.sleep(1.0)
    seconds = time.perf_counter() - start
    summary_file.seek(0)
    summary = json.loads(summary_file.read())
    summary_file.close()
    return {"config": config, "seconds": seconds, "ingested": summary["ingested"], "peak_own": peak_own,
            "peak_all": peak_all, "curve": curve, "stories": summary["new_stories"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--configs", default="1,dask2")
    parser.add_argument("--curve", type=int, default=2_000, help="print the memory curve every N articles")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        inputs = workdir / "replayed.jsonl"
        replay(inputs, args.articles)
        results = [run(config, inputs, workdir, args.curve) for config in args.configs.split(",")]
    base = results[0]["ingested"] / results[0]["seconds"]
    header = (f"{'configuration':22} | {'articles':>8} | {'stories':>7} | {'seconds':>8} | {'articles/s':>10} | "
              f"{'vs 1 process':>12} | {'peak RSS MB (ingest)':>20} | {'peak RSS MB (all)':>17}")
    print(header)
    print("-" * len(header))
    for r in results:
        rate = r["ingested"] / r["seconds"]
        name = {"1": "1 process", "dask2": "local Dask, 2 workers"}.get(r["config"], r["config"])
        print(f"{name:22} | {r['ingested']:8,} | {r['stories']:7,} | {r['seconds']:8.0f} | {rate:10.1f} | "
              f"{rate / base:11.2f}x | {r['peak_own']:20,.0f} | {r['peak_all']:17,.0f}")
    for r in results:
        print(f"\nmemory curve, {r['config']} (articles stored: RSS MB of the ingest process)")
        print("  " + "  ".join(f"{n:,}: {mb:.0f}" for n, mb in r["curve"]))
    print(f"\nmachine: {os.cpu_count()} cores; GVA dev replayed to {args.articles:,} articles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
