"""Web page latency: p50 / p95 / max per page kind, served by `storyline serve` on a real database.

Data: a database built from ../shared/data/stories/gva-dev.jsonl (third-party
articles, read at run time) by `storyline ingest` (pass --db to reuse one; it is
built in a temporary folder otherwise, which takes minutes). The server runs in
its own process on 127.0.0.1; requests are sequential, one client, after one
warm-up request per page kind. Pages are sampled with a fixed seed: stories
(including the largest), their storylines and articles, entities, searches,
the story and storyline lists and their filters. Target: p95 under 200 ms for every page kind.

    .venv/bin/python bench/pages.py [--db sqlite:///gva.db] [--requests 60]
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "stories" / "gva-dev.jsonl"
SEARCHES = ("shooting", "police said", "killed", "suspect arrested", "gun", "victim hospital")


def build(db: str, data: Path = DATA) -> None:
    print(f"building {db} from {data} ...", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "storyline", "ingest", str(data), "--db", db], check=True,
                   stdout=subprocess.DEVNULL, env={"TQDM_DISABLE": "1", **__import__("os").environ})


def database(given: str | None, folder: str, data: Path = DATA) -> str:
    """The database URL given, else one built now from ``data`` in ``folder``."""
    if given:
        return given
    db = f"sqlite:///{Path(folder) / 'bench.db'}"
    build(db, data)
    return db


def serve(db: str, log=subprocess.DEVNULL, workers: int = 1) -> tuple[subprocess.Popen, str]:
    """`storyline serve` (``workers`` processes) on a free port of 127.0.0.1; its stderr goes to ``log``."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "storyline", "serve", "--port", str(port), "--db", db,
                                "--workers", str(workers)],
                               stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            httpx.get(base + "/api/v1/stories?limit=1", timeout=2)
            return process, base
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the server did not start")


def sample_paths(client: httpx.Client, count: int, rng: random.Random) -> dict[str, list[str]]:
    stories = client.get("/api/v1/stories?limit=200").json()["items"]
    total = client.get("/api/v1/stories?limit=1").json()["total"]
    stories += client.get(f"/api/v1/stories?limit=200&offset={max(0, total // 2)}").json()["items"]
    largest = sorted(stories, key=lambda s: -s["article_count"])[:5]
    picked = largest + rng.sample(stories, min(count, len(stories)) - len(largest))
    articles = [a["id"] for s in picked[:20] for a in client.get(f"/api/v1/stories/{s['id']}").json()["articles"]]
    entities = [e["key"] for e in client.get("/api/v1/entities?limit=200").json()["items"]]
    outlets = sorted({o for s in stories for o in s["outlets"]})
    days = sorted({s["first_published"] for s in stories if s["first_published"]})
    return {
        "stories list": ["/"] + [f"/?page={p}" for p in range(2, 6)],
        "stories filtered": ([f"/?q={rng.choice(SEARCHES)}" for _ in range(count // 3)]
                             + [f"/?outlet={rng.choice(outlets)}" for _ in range(count // 3)]
                             + [f"/?since={rng.choice(days)}&until={rng.choice(days)}" for _ in range(count // 3)]),
        "story (comparison)": [f"/stories/{s['id']}" for s in picked],
        "storylines list": ["/storylines"] + [f"/storylines?page={p}" for p in range(2, 6)],
        "storylines filtered": ([f"/storylines?q={rng.choice(SEARCHES)}" for _ in range(count // 3)]
                                + ["/storylines?" + urlencode({"entity": rng.choice(entities)})
                                   for _ in range(count // 3)]
                                + [f"/storylines?since={rng.choice(days)}&until={rng.choice(days)}"
                                   for _ in range(count // 3)]),
        "storyline": list(dict.fromkeys(f"/storylines/{s['storyline']}" for s in picked if s["storyline"])),
        "article": [f"/articles/{a}" for a in rng.sample(articles, min(count, len(articles)))],
        "entity": [f"/entities/{e}" for e in rng.sample(entities, min(count, len(entities)))],
        "search": [f"/search?q={rng.choice(SEARCHES)}" for _ in range(count)],
        "API comparison": [f"/api/v1/stories/{s['id']}/comparison" for s in picked],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database URL built from gva-dev (default: build one now)")
    parser.add_argument("--requests", type=int, default=60, help="requests per page kind (about)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    workdir = tempfile.TemporaryDirectory()
    db = database(args.db, workdir.name)
    process, base = serve(db)
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            kinds = sample_paths(client, args.requests, random.Random(args.seed))
            rows = []
            for kind, paths in kinds.items():
                client.get(paths[0])  # warm-up: templates compiled, model loaded
                times, statuses = [], set()
                for path in paths:
                    start = time.perf_counter()
                    response = client.get(path)
                    times.append((time.perf_counter() - start) * 1000)
                    statuses.add(response.status_code)
                times.sort()
                p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
                rows.append((kind, len(times), statistics.median(times), p95, times[-1], sorted(statuses)))
    finally:
        process.terminate()
        process.wait(timeout=10)
    header = f"{'page':20} | {'requests':>8} | {'p50 ms':>7} | {'p95 ms':>7} | {'max ms':>7} | status"
    print(header)
    print("-" * len(header))
    for kind, count, p50, p95, worst, statuses in rows:
        print(f"{kind:20} | {count:8} | {p50:7.1f} | {p95:7.1f} | {worst:7.1f} | {','.join(map(str, statuses))}")
    slowest = max(rows, key=lambda r: r[3])
    print(f"\nslowest p95: {slowest[0]} {slowest[3]:.1f} ms (target < 200 ms); 1 client, sequential, 127.0.0.1")
    return 0


if __name__ == "__main__":
    sys.exit(main())
