"""A killed ingest loses nothing committed, stores nothing half, and a re-run ends equal to one clean run."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

from conftest import EXAMPLES, ROOT, run_cli

TABLES = {
    "articles": "select * from articles order by seq",
    "stories": "select * from stories order by seq",
    "storylines": "select * from storylines order by seq",
    "term_stats": "select * from term_stats order by term",
    "outlet_lines": "select * from outlet_lines order by outlet, line_key",
    "settings": "select * from settings order by key",
}


def dump(db) -> dict[str, list[tuple]]:
    with sqlite3.connect(db) as connection:
        return {name: connection.execute(query).fetchall() for name, query in TABLES.items()}


def count_articles(db) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as connection:
            return connection.execute("select count(*) from articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def ingest_until_killed(db, at_least: int) -> int:
    """Start an ingest, SIGKILL it once ``at_least`` articles are committed; return the count then."""
    env = {**os.environ, "STORYLINE_DB": f"sqlite:///{db}"}
    process = subprocess.Popen([sys.executable, "-m", "storyline", "ingest", str(EXAMPLES), "--batch-size", "2"],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    try:
        while process.poll() is None and time.monotonic() < deadline:
            if count_articles(db) >= at_least:
                process.send_signal(signal.SIGKILL)
                break
            time.sleep(0.02)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
    return count_articles(db)


def test_sigkill_mid_ingest_then_rerun_equals_uninterrupted_run(tmp_path):
    clean_db = tmp_path / "clean.db"
    run_cli("ingest", str(EXAMPLES), db=clean_db, check=True)
    expected = dump(clean_db)
    total = len(expected["articles"])

    killed_db = tmp_path / "killed.db"
    kill_points = [2, total // 3, (2 * total) // 3]
    counts = []
    for point in kill_points:
        counts.append(ingest_until_killed(killed_db, point))
        stored = dump(killed_db)
        # whole batches only: every stored article is in a story, with its story row present
        story_ids = {row[0] for row in stored["stories"]}
        with sqlite3.connect(killed_db) as connection:
            assigned = [row[0] for row in connection.execute("select story_id from articles where story_id is not null")]
        assert all(story in story_ids for story in assigned)
    assert any(0 < c < total for c in counts), f"no kill landed mid-run: {counts} of {total}"
    run_cli("ingest", str(EXAMPLES), db=killed_db, check=True)
    assert dump(killed_db) == expected
