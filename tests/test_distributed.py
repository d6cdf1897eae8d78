"""Preparation on Dask gives exactly the stories of a single-process run.

Cleaning, annotation, embeddings and fingerprints run on the workers; story
assignment stays in arrival order in the ingest process. The examples are
ingested in one process, on a local Dask cluster of two workers (`--workers
2`), and through a cluster the test starts itself (`--scheduler tcp://...`, as
a multi-machine cluster would be joined): the stored results are identical.
A local cluster started while another holds Dask's default port says nothing
of it.
"""

from __future__ import annotations

import json
import logging
import os
import socket
from contextlib import suppress

from conftest import EXAMPLES, run_cli
from storyline.store import Store


def stored(db) -> list[tuple]:
    return sorted((a.id, a.story, a.storyline, a.duplicate_of, a.status, a.body, len(a.entities), len(a.quotes),
                   a.embedding is not None) for a in Store(f"sqlite:///{db}").iter_articles())


def test_single_process_local_cluster_and_existing_scheduler_give_identical_stories(tmp_path):
    from distributed import LocalCluster

    runs = {}
    for name, options in (("one process", ["--workers", "1"]), ("local cluster", ["--workers", "2"])):
        db = tmp_path / f"{name.replace(' ', '-')}.db"
        with socket.socket() as dask_default_port:  # as when another ingest's cluster holds it
            with suppress(OSError):  # already taken: the case itself
                dask_default_port.bind(("127.0.0.1", 8787))
                dask_default_port.listen()
            result = run_cli("ingest", str(EXAMPLES), "--json", *options, db=db, check=True)
        assert "already in use" not in result.stderr
        runs[name] = (json.loads(result.stdout), stored(db))
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster:
        db = tmp_path / "scheduler.db"
        summary = json.loads(run_cli("ingest", str(EXAMPLES), "--json", "--scheduler", cluster.scheduler_address,
                                     db=db, check=True).stdout)
        runs["existing scheduler"] = (summary, stored(db))
    (reference_summary, reference), *others = runs.values()
    assert reference_summary["ingested"] >= 40 and reference_summary["failed"] == []
    for summary, articles in others:
        assert summary == reference_summary
        assert articles == reference


def test_a_scheduler_that_cannot_be_reached_is_said_in_a_line_before_any_database_is_made(tmp_path):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        free = probe.getsockname()[1]
    for address, said in ((f"tcp://127.0.0.1:{free}", "no scheduler answers there"),
                          ("scheduler-host", "not a scheduler's address")):
        db = tmp_path / "never.db"
        result = run_cli("ingest", str(EXAMPLES), "--scheduler", address, db=db)
        assert result.returncode == 2 and said in " ".join(result.stderr.split()), result.stderr
        assert "Traceback" not in result.stderr and not db.exists()


def test_more_workers_than_cores_are_started_with_a_note_that_they_slow_the_ingest(tmp_path):
    many = 4 * (os.cpu_count() or 1)
    result = run_cli("ingest", str(tmp_path / "nothing-here"), "--workers", str(many), db=tmp_path / "s.db")
    assert result.returncode == 1 and "no such file" in result.stderr  # the run goes on, as asked
    assert f"--workers {many} on {os.cpu_count()} core" in " ".join(result.stderr.split())
