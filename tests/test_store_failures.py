"""A locked database or a full disk stops an ingest with one clear error; what was committed stays, nothing is half-stored."""

from __future__ import annotations

import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys

from conftest import EXAMPLES, ROOT, run_cli
from fastapi.testclient import TestClient
from test_durability import check_consistent, dump

from storyline.store import Store
from storyline.web import create_app

ARTICLE = {"title": "Harbour cranes stand idle at Port Vale",
           "text": "Port Vale, March 3 (Wire) - Dock workers at Port Vale stopped the harbour cranes on Monday.\n\n"
                   "\"We will not move a container until the night shift is safe,\" said union steward Mara Quist.",
           "published": "2026-03-03", "outlet": "Harbour Wire", "url": "https://example.org/harbour/cranes"}


def held_exclusively(db) -> sqlite3.Connection:
    """Another process's write lock on ``db``, as a long transaction of the sqlite3 module holds it."""
    Store(f"sqlite:///{db}").close()  # the schema exists: only writing is blocked
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("begin exclusive")
    return holder


def test_a_locked_database_stops_the_ingest_with_a_clear_error_and_a_rerun_completes(tmp_path, monkeypatch):
    db = tmp_path / "locked.db"
    holder = held_exclusively(db)
    monkeypatch.setenv("STORYLINE_DB_BUSY_SECONDS", "1")
    try:
        result = run_cli("ingest", str(EXAMPLES), "--batch-size", "2", "--workers", "1", db=db, timeout=300)
    finally:
        holder.rollback()
        holder.close()
    assert result.returncode == 3, result.stderr
    message = " ".join(result.stderr.split())
    assert f"database sqlite:///{db}: locked by another process" in message
    assert "waited 1 s" in message and "Run the same command again" in message
    assert "Traceback" not in result.stderr
    assert check_consistent(db) == 0  # the refused batch was rolled back whole

    monkeypatch.delenv("STORYLINE_DB_BUSY_SECONDS")
    rerun = run_cli("ingest", str(EXAMPLES), "--batch-size", "2", "--json", db=db, check=True)
    summary = json.loads(rerun.stdout)
    assert summary["failed"] == [] and summary["ingested"] > 20
    assert check_consistent(db) == summary["ingested"]


def test_a_full_disk_stops_the_ingest_cleanly_and_keeps_the_committed_batches(tmp_path):
    clean_db = tmp_path / "clean.db"
    run_cli("ingest", str(EXAMPLES), "--batch-size", "2", db=clean_db, check=True)
    expected = dump(clean_db)

    db = tmp_path / "full.db"
    Store(f"sqlite:///{db}").close()
    limit = db.stat().st_size + 400_000  # room for a few batches, not for the whole run

    def small_disk() -> None:  # writes past the limit fail with EFBIG, as on a full disk (not a signal)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = {**os.environ, "STORYLINE_DB": f"sqlite:///{db}", "COLUMNS": "200"}
    result = subprocess.run([sys.executable, "-m", "storyline", "ingest", str(EXAMPLES), "--batch-size", "2",
                             "--workers", "1"], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300,
                            preexec_fn=small_disk)
    assert result.returncode == 3, (result.returncode, result.stderr[-3000:])
    message = " ".join(result.stderr.split())
    assert f"database sqlite:///{db}: the disk is full or the file size limit is reached" in message
    assert "Traceback" not in result.stderr
    stored = check_consistent(db)
    assert 0 < stored < len(expected["articles"]), "the limit should fall mid-run"
    assert f"{stored} articles were stored before it" in message

    run_cli("ingest", str(EXAMPLES), "--batch-size", "2", db=db, check=True)
    assert dump(db) == expected, "the run continued after the full disk differs from an uninterrupted run"


def test_the_api_answers_503_while_the_database_is_locked_and_stores_nothing(tmp_path, monkeypatch):
    db = tmp_path / "api-locked.db"
    monkeypatch.setenv("STORYLINE_DB_BUSY_SECONDS", "0.5")
    client = TestClient(create_app(f"sqlite:///{db}"))
    holder = held_exclusively(db)
    try:
        refused = client.post("/api/v1/articles", json=ARTICLE)
    finally:
        holder.rollback()
        holder.close()
    assert refused.status_code == 503, refused.text
    assert "locked by another process" in refused.json()["error"]["message"]
    assert "0 articles of this request were stored before it" in refused.json()["error"]["message"]
    assert refused.headers["retry-after"]
    assert check_consistent(db) == 0
    accepted = client.post("/api/v1/articles", json=ARTICLE)
    assert accepted.status_code == 201, accepted.text
    assert check_consistent(db) == 1


def test_a_grouping_lock_held_too_long_stops_the_ingest_with_a_clear_error(tmp_path, monkeypatch):
    import fcntl

    db = tmp_path / "grouping.db"
    Store(f"sqlite:///{db}").close()
    monkeypatch.setenv("STORYLINE_DB_BUSY_SECONDS", "1")
    with open(f"{db}.lock", "a+") as held:  # as a stopped process would hold it
        fcntl.flock(held, fcntl.LOCK_EX)
        result = run_cli("ingest", str(EXAMPLES / "text"), "--workers", "1", db=db, timeout=300)
    assert result.returncode == 3, result.stderr
    message = " ".join(result.stderr.split())
    assert "locked by another process (its lock" in message and "Traceback" not in result.stderr
    assert check_consistent(db) == 0
