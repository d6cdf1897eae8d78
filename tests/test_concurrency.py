"""Two ingest processes on one database at once: every article stored once, no story split by a race.

Both processes prepare in parallel; grouping takes the store's grouping lock
(a PostgreSQL advisory lock; a lock file beside an SQLite database) and a
process that finds the stored state moved on reloads it before deciding its
batch. The inputs overlap (the feeds go to both), the batches are small so the
two processes interleave, and the result is checked against what a lost or
stale update would break: story sizes, copies in their original's story, and a
restored state that matches the stored rows.
"""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
from collections import Counter


from conftest import EXAMPLES, ROOT
from storyline.cluster.assign import StoryAssigner
from storyline.store import Store

FIRST = [EXAMPLES / "html", EXAMPLES / "feeds"]
SECOND = [EXAMPLES / "text", EXAMPLES / "archive", EXAMPLES / "feeds"]


def _open_store(url: str, start, errors) -> None:
    start.wait()
    try:
        Store(url).close()
    except Exception as error:  # noqa: BLE001 - reported to the test, which names it
        errors.put(f"{type(error).__name__}: {error}")


def test_first_runs_on_an_empty_database_create_its_tables_once(backend_url):
    # a nightly ingest and a server started together on a new database raced to create its tables
    context = multiprocessing.get_context("fork")
    start, errors = context.Barrier(4), context.Queue()
    processes = [context.Process(target=_open_store, args=(backend_url, start, errors)) for _ in range(4)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    failures = [errors.get() for _ in range(errors.qsize())] if not errors.empty() else []
    assert not failures and all(p.exitcode == 0 for p in processes), failures
    assert Store(backend_url).stored_embedding_space() is None  # the tables are there, and empty


def test_two_concurrent_ingests_store_each_article_once_and_keep_stories_whole(backend_url):
    Store(backend_url).close()  # migrate once, before the race
    command = [sys.executable, "-m", "storyline", "ingest", "--batch-size", "4", "--workers", "1", "--db", backend_url]
    runs = [subprocess.Popen([*command, *map(str, inputs)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True) for inputs in (FIRST, SECOND)]
    for run in runs:
        _, errors = run.communicate(timeout=600)
        assert run.returncode == 0, errors
    store = Store(backend_url)
    articles = list(store.iter_articles())
    ids = [a.id for a in articles]
    assert len(ids) == len(set(ids)) >= 40
    by_id = {a.id: a for a in articles}
    for article in articles:
        if article.duplicate_of:
            assert by_id[article.duplicate_of].story == article.story, article.source
    members = Counter(a.story for a in articles if a.story)
    stories = {s.id: s for s in store.list_stories()}
    assert set(members) == set(stories)
    for story_id, count in members.items():
        assert stories[story_id].article_count == count, story_id  # a stale assigner would overwrite counts
    restored = store.load_assigner(StoryAssigner())
    assert restored.steps == sum(1 for a in articles if a.status == "ok")
    live = [restored.stories[story_id] for story_id in stories]  # read back from the store when not held
    assert sum(s.article_count for s in live if s.merged_into is None) == sum(members.values())


def test_a_server_of_two_processes_stores_concurrent_pushes_once(tmp_path):
    import socket
    import time
    from concurrent.futures import ThreadPoolExecutor

    import httpx
    from test_durability import check_consistent

    db = tmp_path / "served.db"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "storyline", "serve", "--port", str(port), "--db", str(db),
                               "--workers", "2"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(base + "/api/v1/stories?limit=1", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        towns = ["Velmar", "Ostrand", "Kessing", "Haldor", "Quenby", "Linden Cross"]
        articles = [{"outlet": f"Wire {n % 3}", "published": f"2031-05-{n + 1:02d}",
                     "title": f"{town} opens its new harbour bridge",
                     "text": f"{town} opened its new harbour bridge on Tuesday, mayor Ada Brisk said. "
                             f"\"It joins the two halves of {town},\" she told reporters. Report number {n}."}
                    for n, town in enumerate(towns)]
        pushes = articles * 3  # every article three times, at once, to both processes

        def push(article):
            with httpx.Client(base_url=base, timeout=120) as client:  # a connection each: both processes serve
                return client.post("/api/v1/articles", json=article)

        with ThreadPoolExecutor(8) as pool:
            responses = list(pool.map(push, pushes))
    finally:
        server.terminate()
        _, log = server.communicate(timeout=30)
    assert all(r.status_code in (200, 201) for r in responses), [r.text for r in responses if r.status_code >= 300]
    assert "Traceback" not in log, log
    stored = sum(r.json()["ingested"] for r in responses)
    assert stored == len(articles)  # each once, whichever process took it
    assert sum(r.json()["already_present"] for r in responses) == len(pushes) - len(articles)
    assert check_consistent(db) == len(articles)
