"""Load: many concurrent readers and a few writers against `storyline serve` on 127.0.0.1.

Data: a database built from ../shared/data/stories/gva-dev.jsonl (third-party
articles, read at run time; the shipped examples when that folder is absent) by
`storyline ingest`, or the one passed with --db (it is written to: writers push
articles). The server runs in its own process; ``--readers`` clients loop over
the page and API paths bench/pages.py samples (stories, comparisons,
storylines, articles, entities, searches, filters) while ``--writers`` clients
push new articles through POST /api/v1/articles, each request waiting for the
one before it, for ``--seconds``. The pushed articles are generated here from
our own word lists, every one distinct.

Printed: per kind of request, requests, errors, p50 / p95 / p99 / max latency;
read latency per ten-second window (stable when the last window's p95 is near
the first's); and afterwards, whether the database holds exactly the articles
the writers were told were stored (nothing lost, nothing doubled) and passes
SQLite's integrity check. Errors are any status other than the expected one
(200; for an entity also 409, the people a surname written alone may be),
and any request that failed or took over --timeout seconds.

    .venv/bin/python bench/load.py [--db sqlite:///gva.db] [--readers 50] [--writers 5] [--seconds 60]
                                   [--server-workers 1]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pages import DATA, ROOT, database, sample_paths, serve  # noqa: E402

EXAMPLES = ROOT / "examples"
PLACES = ("Velmar", "Port Vale", "Ostrand", "Kessing", "Marrow Bay", "Linden Cross", "Haldor", "Quenby")
PEOPLE = ("Ada Brisk", "Mara Quist", "Tobias Wren", "Ilse Varga", "Jonah Pike", "Ruth Okafor", "Sven Dahl")
ROLES = ("harbourmaster", "mayor", "union steward", "fire chief", "council member", "school head")
EVENTS = ("closed the ferry terminal", "opened a new bridge", "postponed the harvest fair", "repaired the sea wall",
          "cut the night bus service", "found a leak in the reservoir", "rationed the town's water")


def pushed_article(writer: int, number: int, rng: random.Random) -> dict:
    place, person, role, event = rng.choice(PLACES), rng.choice(PEOPLE), rng.choice(ROLES), rng.choice(EVENTS)
    day = f"2031-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    tag = f"w{writer}n{number}"
    return {
        "id": f"load-{tag}", "outlet": f"Load Wire {writer}", "published": day,
        "title": f"{place} {event} ({tag})",
        "text": (f"{place} {event} on Tuesday, {role} {person} said. Residents of {place} heard of the decision "
                 f"late in the evening, and some said they had not been asked.\n\n"
                 f"\"We will explain every step to the people of {place},\" {person} told reporters. "
                 f"A second meeting is planned for next week, when the council will hear objections. Report {tag}."),
    }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] if ordered else float("nan")


class Record:
    def __init__(self) -> None:
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.error_examples: list[str] = []
        self.reads: list[tuple[float, float]] = []  # (seconds since start, ms)
        self.stored_ids: list[str] = []

    def add(self, kind: str, ms: float, ok: bool, detail: str = "") -> None:
        self.latency[kind].append(ms)
        if not ok:
            self.errors[kind] += 1
            if len(self.error_examples) < 8:
                self.error_examples.append(f"{kind}: {detail}")


async def reader(client: httpx.AsyncClient, paths: list[tuple[str, str]], stop: float, started: float,
                 record: Record, rng: random.Random) -> None:
    while time.monotonic() < stop:
        kind, path = rng.choice(paths)
        begin = time.monotonic()
        try:
            response = await client.get(path)
            # a surname several people bear ("White", listed as written alone) is answered with them, 409
            ok = response.status_code == 200 or response.status_code == 409 and kind == "read: entity"
            detail = f"{path} -> {response.status_code}"
        except httpx.HTTPError as error:
            ok, detail = False, f"{path} -> {type(error).__name__}"
        ms = (time.monotonic() - begin) * 1000
        record.add(kind, ms, ok, detail)
        record.reads.append((begin - started, ms))


async def writer(client: httpx.AsyncClient, number: int, stop: float, record: Record) -> None:
    rng, sent = random.Random(number), 0
    while time.monotonic() < stop:
        article = pushed_article(number, sent, rng)
        sent += 1
        begin = time.monotonic()
        try:
            response = await client.post("/api/v1/articles", json=article)
            ok, detail = response.status_code == 201, f"POST -> {response.status_code} {response.text[:120]}"
            if ok:
                record.stored_ids.extend(a["id"] for a in response.json()["articles"])
        except httpx.HTTPError as error:
            ok, detail = False, f"POST -> {type(error).__name__}"
        record.add("write: POST /api/v1/articles", (time.monotonic() - begin) * 1000, ok, detail)


async def run(base: str, args: argparse.Namespace) -> Record:
    record = Record()
    # idle connections are dropped before the server's 5 s keep-alive ends: a request sent on a connection the
    # server is closing at that moment fails for the client, not for the server (the ReadError of the first runs)
    limits = httpx.Limits(max_connections=args.readers + args.writers + 4, keepalive_expiry=2)
    async with httpx.AsyncClient(base_url=base, timeout=args.timeout, limits=limits) as client:
        with httpx.Client(base_url=base, timeout=60) as sync_client:
            kinds = sample_paths(sync_client, 30, random.Random(args.seed))
            for paths in kinds.values():
                sync_client.get(paths[0])  # warm-up
        paths = [(f"read: {kind}", path) for kind, items in kinds.items() for path in items]
        started = time.monotonic()
        stop = started + args.seconds
        rng = random.Random(args.seed)
        await asyncio.gather(
            *(reader(client, paths, stop, started, record, random.Random(rng.random())) for _ in range(args.readers)),
            *(writer(client, number, stop, record) for number in range(args.writers)))
    return record


def database_file(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def article_count(url: str) -> int:
    with sqlite3.connect(database_file(url)) as connection:
        return connection.execute("select count(*) from articles").fetchone()[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="SQLite URL of a database to load (written to; default: build one now)")
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--writers", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--server-workers", type=int, default=1, help="processes of `storyline serve`")
    parser.add_argument("--timeout", type=float, default=60, help="a request slower than this is an error")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    workdir = tempfile.TemporaryDirectory()
    db = database(args.db, workdir.name, DATA if DATA.exists() else EXAMPLES)
    before = article_count(db)
    log_path = Path(workdir.name) / "server.log"
    with log_path.open("wb") as log:
        process, base = serve(db, log, args.server_workers)
        try:
            record = asyncio.run(run(base, args))
        finally:
            process.terminate()
            process.wait(timeout=30)
    server_log = log_path.read_text(encoding="utf-8", errors="replace")

    print(f"bench/load.py: {args.readers} readers and {args.writers} writers for {args.seconds:g} s on 127.0.0.1, "
          f"`storyline serve --workers {args.server_workers}`, SQLite, {before:,} articles at the start\n")
    print("| requests | count | errors | per s | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---|---|---|---|---|---|---|")
    for kind in sorted(record.latency):
        times = record.latency[kind]
        print(f"| {kind} | {len(times):,} | {record.errors[kind]} | {len(times) / args.seconds:.1f} | "
              f"{percentile(times, 0.5):.0f} | {percentile(times, 0.95):.0f} | {percentile(times, 0.99):.0f} | "
              f"{max(times):.0f} |")
    reads = [ms for kind, times in record.latency.items() if kind.startswith("read") for ms in times]
    print(f"| all reads | {len(reads):,} | {sum(v for k, v in record.errors.items() if k.startswith('read'))} | "
          f"{len(reads) / args.seconds:.1f} | {percentile(reads, 0.5):.0f} | {percentile(reads, 0.95):.0f} | "
          f"{percentile(reads, 0.99):.0f} | {max(reads):.0f} |")

    print("\n| window | reads | p50 ms | p95 ms |")
    print("|---|---|---|---|")
    windows: dict[int, list[float]] = defaultdict(list)
    for at, ms in record.reads:
        windows[int(at // 10)].append(ms)
    for window in sorted(windows):
        times = windows[window]
        print(f"| {window * 10}-{window * 10 + 10} s | {len(times):,} | {percentile(times, 0.5):.0f} | "
              f"{percentile(times, 0.95):.0f} |")
    full = [w for w in sorted(windows) if (w + 1) * 10 <= args.seconds]
    if len(full) >= 2:
        first, last = percentile(windows[full[0]], 0.95), percentile(windows[full[-1]], 0.95)
        print(f"\nread p95, last full window against the first: {last / first:.2f}x")

    after = article_count(db)
    with sqlite3.connect(database_file(db)) as connection:
        integrity = connection.execute("pragma integrity_check").fetchone()[0]
        missing = [i for i in record.stored_ids
                   if not connection.execute("select 1 from articles where id = ?", (i,)).fetchone()]
    print(f"stored: {len(record.stored_ids)} articles acknowledged, the database grew by {after - before} "
          f"({len(missing)} acknowledged but missing); integrity check: {integrity}")
    for example in record.error_examples:
        print(f"error: {example}")
    if "Traceback" in server_log:
        print(f"the server logged {server_log.count('Traceback')} tracebacks; the last:")
        print(server_log[server_log.rindex("Traceback"):][-3000:])
    failed = sum(record.errors.values()) or missing or after - before != len(record.stored_ids) or integrity != "ok"
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
