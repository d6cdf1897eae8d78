"""Ingest at scale: articles/s and peak memory, one process against a local Dask cluster.

Data: ../shared/data/stories/gva-dev.jsonl (third-party articles, read at run
time), replayed up to ``--articles``. Each replay re-keys the ids, shifts the
dates by four years and tags every third lowercase word of the body with the
replay's number, so every 4-word shingle differs from the earlier replays: a
replay is a new raw document and a new event, not a near-duplicate of the
first, while the copies inside one replay stay copies. Written to a temporary
JSONL file. Each configuration runs the real `storyline ingest` (clean,
annotate, embed, fingerprint, group, store in SQLite) in its own process on a
fresh database; memory is the peak RSS of the ingest process and of it with
all its descendants (the Dask nanny and worker processes), sampled every
second, and the curve of both is printed every ``--curve`` articles ingested.

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
                if round_:
                    item["text"] = tag_words(item.get("text") or "", round_)
                if item.get("published"):
                    item["published"] = shift_years(date.fromisoformat(item["published"][:10]), 4 * round_).isoformat()
                out.write(json.dumps(item, ensure_ascii=False) + "\n")
                written += 1
            round_ += 1


def tag_words(text: str, round_: int) -> str:
    """Every third lowercase word gets the replay's tag, so no 4-word shingle survives from another replay."""
    tag = "".join(chr(ord("a") + int(digit)) for digit in str(round_))
    words = text.split(" ")
    for i in range(0, len(words), 3):
        if words[i].isalpha() and words[i].islower():
            words[i] += tag
    return " ".join(words)


def shift_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that is not a leap year
        return day.replace(year=day.year + years, day=28)


def descendants(pid: int) -> list[int]:
    """Every process below ``pid``, whichever thread started it (Dask starts workers from a helper thread)."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, queue = [], [pid]
    while queue:
        for child in parents.get(queue.pop(), []):
            found.append(child)
            queue.append(child)
    return found


def rss_mb(pid: int) -> tuple[float, float]:
    """(RSS of the process, RSS of it and all its descendants), in MB."""

    def one(p: int) -> float:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    own = one(pid)
    return own, own + sum(one(c) for c in descendants(pid))


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
            curve.append((stored, own, total))
            print(f"{config}: {stored:,} articles stored after {time.perf_counter() - start:,.0f} s, "
                  f"RSS {own:.0f} MB ({total:.0f} MB with workers)", file=sys.stderr, flush=True)
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
        print(f"\nmemory curve, {r['config']} (articles stored: RSS MB of the ingest process / with its workers)")
        print("  " + "  ".join(f"{n:,}: {own:.0f}/{total:.0f}" for n, own, total in r["curve"]))
    print(f"\nmachine: {os.cpu_count()} cores; GVA dev replayed to {args.articles:,} articles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
