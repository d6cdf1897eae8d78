"""Time and size limits: a stage that runs too long on one document stops there, and the batch goes on."""

from __future__ import annotations

import random
import sys
import threading
import time

import pytest
from bad_inputs import PARAGRAPHS, variant

from storyline.limits import StageTimeout, time_limit
from storyline.model import RawDocument
from storyline.pipeline import ingest_documents
from storyline.store import Store


def spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_time_limit_stops_python_code_and_names_the_stage():
    started = time.monotonic()
    with pytest.raises(StageTimeout, match="cleaning took longer than 0.2 s"):
        with time_limit(0.2, what="cleaning"):
            spin(5)
    assert time.monotonic() - started < 2


def test_time_limit_works_in_a_worker_thread():
    outcome = []

    def work():
        try:
            with time_limit(0.2, what="annotation"):
                spin(5)
            outcome.append("finished")
        except StageTimeout as error:
            outcome.append(str(error))

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(10)
    assert outcome and "annotation took longer" in outcome[0]


def test_no_time_out_reaches_code_after_a_block_that_ended_in_time():
    # Blocks that end before, about when and after their limit does: the race the limit must not lose.
    # A short switch interval lets the timer thread in mid-block; at the default 5 ms it rarely would.
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    rng = random.Random(5)
    overran = finished = 0
    try:
        for _ in range(300):
            try:
                with time_limit(0.002):
                    spin(rng.choice([0.0005, 0.002, 0.002, 0.02]))
                finished += 1
            except StageTimeout:
                overran += 1  # raised at the block, as it should be
            spin(0.003)  # a late exception would surface here, outside any block
    finally:
        sys.setswitchinterval(previous)
    assert overran > 0 and finished > 0, (overran, finished)


def test_a_document_past_its_time_limit_is_reported_and_the_rest_is_stored(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYLINE_STAGE_SECONDS", "0.3")
    rng = random.Random(3)
    words = " ".join(PARAGRAPHS).replace(",", "").replace(".", "").split()
    long_text = "Port Vale terminal report\n\n" + "\n\n".join(
        " ".join(rng.choice(words) for _ in range(25)) + "." for _ in range(1500))
    documents = [RawDocument(raw=variant(f"Wick{n}").encode(), source=f"short-{n}.txt", media_type="text/plain")
                 for n in range(3)]
    documents.insert(1, RawDocument(raw=long_text.encode(), source="long.txt", media_type="text/plain"))
    store = Store(f"sqlite:///{tmp_path / 'limits.db'}")
    summary = ingest_documents(documents, store)
    reported = [f["error"] for f in summary.failed if f["source"] == "long.txt"] + \
        [n for n in summary.notes if n.startswith("long.txt")]
    assert reported and "took longer than 0.3 s" in reported[0], (summary.failed, summary.notes)
    for n in range(3):
        article = store.get_article(documents[n if n == 0 else n + 1].id)
        assert article.quotes and article.entities, f"short-{n}.txt was not annotated"


def test_a_parser_that_catches_every_exception_cannot_swallow_the_time_limit():
    swallowed = []

    def parser_with_a_broad_except():
        try:
            spin(3)
        except Exception as error:  # what many parsers do around their internals
            swallowed.append(error)

    started = time.monotonic()
    with pytest.raises(StageTimeout):
        with time_limit(0.2, what="cleaning"):
            parser_with_a_broad_except()
    assert not swallowed and time.monotonic() - started < 2


def test_a_pushed_or_uploaded_document_over_the_limit_for_one_is_named_and_the_rest_stored(tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    from storyline.web import create_app

    monkeypatch.setenv("STORYLINE_MAX_DOCUMENT_MB", "0.002")  # about 2 kB, as for a file
    client = TestClient(create_app(f"sqlite:///{tmp_path / 's.db'}"))
    short = "The Velmar ferry changed its winter timetable on Monday, the operator said. " * 3
    pushed = client.post("/api/v1/articles", json=[{"id": "long-1", "title": "Ferry", "text": short * 20},
                                                   {"id": "short-2", "title": "Ferry", "text": short}])
    assert pushed.status_code == 201 and pushed.json()["ingested"] == 1
    assert [(f["source"], "limit for one document" in f["error"]) for f in pushed.json()["failed"]] == \
        [("api:long-1", True)]
    uploaded = client.post("/api/v1/articles/upload", files={"file": ("long.txt", (short * 20).encode())})
    assert uploaded.status_code == 200 and uploaded.json()["failed"][0]["source"] == "upload:long.txt"
