"""A killed ingest loses nothing committed, stores nothing half, and a re-run ends equal to one clean run."""

from __future__ import annotations

import os
import random
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
    "story_merges": "select * from story_merges order by 1",
    "article_entities": "select * from article_entities order by 1, 2, 3",
    "article_quotes": "select * from article_quotes order by 1, 2",
    "articles_fts": "select rowid, * from articles_fts order by rowid",
}


def dump(db) -> dict[str, list[tuple]]:
    with sqlite3.connect(db) as connection:
        return {name: connection.execute(query).fetchall() for name, query in TABLES.items()}


def stored_count(db) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as connection:
            return connection.execute("select count(*) from articles").fetchone()[0]
    except sqlite3.OperationalError:  # no file or no schema yet
        return 0


def ingest_killed_at(db, target: int, delay: float) -> bool:
    """Start an ingest and SIGKILL it ``delay`` s after ``target`` articles are stored; True when it was still running.

    Kill points follow the run's progress rather than the clock, so they land inside the run on a fast or a
    loaded machine alike; the delay puts them at different moments of a batch (cleaning, annotating, committing).
    """
    env = {**os.environ, "STORYLINE_DB": f"sqlite:///{db}", "TQDM_DISABLE": "1"}
    process = subprocess.Popen([sys.executable, "-m", "storyline", "ingest", str(EXAMPLES), "--batch-size", "2"],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        while process.poll() is None and stored_count(db) < target and time.monotonic() < deadline:
            time.sleep(0.05)
        process.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return True


def check_consistent(db) -> int:
    """Whole batches only: the database is intact and every count agrees with the rows; return the articles stored."""
    with sqlite3.connect(db) as connection:
        assert connection.execute("pragma integrity_check").fetchone()[0] == "ok"
        tables = {row[0] for row in connection.execute("select name from sqlite_master where type = 'table'")}
        if "articles" not in tables:
            return 0  # killed before the schema was made: the re-run makes it
        articles = connection.execute("select count(*) from articles").fetchone()[0]
        if not articles:
            return 0
        assigned = connection.execute("select count(*) from articles where story_id is not null").fetchone()[0]
        steps = connection.execute("select value from settings where key = 'steps'").fetchone()
        assert steps is not None and int(steps[0]) == assigned, "assigner state and stored decisions disagree"
        miscounted = connection.execute(
            "select s.id from stories s where s.article_count != "
            "(select count(*) from articles a where a.story_id = s.id)").fetchall()
        assert not miscounted, f"stories whose article count disagrees with their articles: {miscounted}"
        orphans = connection.execute("select count(*) from articles a where a.story_id is not null and not exists "
                                     "(select 1 from stories s where s.id = a.story_id)").fetchone()[0]
        assert orphans == 0
        assert connection.execute("select count(*) from articles_fts").fetchone()[0] == articles
        stray = connection.execute("select count(*) from article_entities e where not exists "
                                   "(select 1 from articles a where a.id = e.article_id)").fetchone()[0]
        assert stray == 0
    return articles


def test_sigkill_at_twenty_points_then_rerun_equals_uninterrupted_run(tmp_path):
    clean_db = tmp_path / "clean.db"
    run_cli("ingest", str(EXAMPLES), "--batch-size", "2", db=clean_db, check=True)
    expected = dump(clean_db)
    total = len(expected["articles"])
    run_cli("ingest", str(EXAMPLES), "--batch-size", "2", db=clean_db, check=True)
    assert dump(clean_db) == expected, "a second run over stored inputs changed the database"

    rng = random.Random(20)
    kills, stored_at_kill = 0, []
    for chain in range(5):  # each chain: four killed runs on one database, each resuming the last, then a full run
        db = tmp_path / f"killed-{chain}.db"
        targets = sorted(rng.sample(range(total - 2), 4))  # articles stored when the kill comes, about
        for target in targets:
            for _ in range(3):  # a run that ends before its kill point does not count
                if ingest_killed_at(db, target, rng.uniform(0, 1.5 if target == 0 else 0.6)):
                    kills += 1
                    break
            stored_at_kill.append(check_consistent(db))
        run_cli("ingest", str(EXAMPLES), "--batch-size", "2", db=db, check=True)
        assert dump(db) == expected, f"chain {chain}: the resumed database differs from an uninterrupted run"
    assert kills >= 20, f"only {kills} kills landed while the ingest ran: {stored_at_kill} of {total}"
    mid_run = [n for n in stored_at_kill if 0 < n < total]
    assert len(set(mid_run)) >= 5, f"kills did not spread over the run: {stored_at_kill} of {total}"


def _hearing_ctrl_c() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_an_interrupted_ingest_says_what_it_kept_and_how_to_go_on(tmp_path):
    db = tmp_path / "s.db"
    env = {**os.environ, "STORYLINE_DB": f"sqlite:///{db}", "TQDM_DISABLE": "1"}
    # as at a terminal, Ctrl-C is heard: a run started in the background by a script inherits SIGINT ignored,
    # and Python then leaves it ignored (the tests themselves may run so)
    process = subprocess.Popen([sys.executable, "-m", "storyline", "ingest", str(EXAMPLES), "--batch-size", "2",
                                "--workers", "1"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, preexec_fn=_hearing_ctrl_c)
    deadline = time.monotonic() + 300
    while process.poll() is None and stored_count(db) < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.poll() is None, "the run ended before it could be interrupted"
    process.send_signal(signal.SIGINT)  # what Ctrl-C sends
    _, stderr = process.communicate(timeout=120)
    kept = check_consistent(db)
    assert process.returncode == 130
    assert " ".join(stderr.split()).endswith(
        f"interrupted: {kept} articles stored before it stay stored (whole batches only). Run the same command "
        "again to continue where it stopped.")
