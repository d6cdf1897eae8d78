"""The hostile-input corpus through the real CLI: each input gets its own clear error or a correct result."""

from __future__ import annotations

import json
import sqlite3

import pytest
from bad_inputs import write_corpus
from conftest import run_cli


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad-inputs")
    expected = write_corpus(folder / "corpus")
    db = folder / "storyline.db"
    result = run_cli("ingest", str(folder / "corpus"), "--json", db=db, timeout=900)
    summary = json.loads(result.stdout)
    with sqlite3.connect(db) as connection:
        rows = connection.execute("select source, status, body, raw, quotes from articles").fetchall()
    stored = {row[0].removeprefix(str(folder / "corpus") + "/"): row for row in rows}
    errors = {item["source"].removeprefix(str(folder / "corpus") + "/"): item["error"] for item in summary["failed"]}
    return expected, summary, stored, errors, result, folder / "corpus"


def test_the_run_finishes_and_says_some_inputs_failed(ingested):
    _, summary, stored, errors, result, _ = ingested
    assert result.returncode == 1, result.stderr  # some inputs failed: the exit status says so
    assert stored and errors
    assert "Traceback" not in result.stderr


def test_every_input_gets_its_expected_outcome(ingested):
    expected, summary, stored, errors, _, _ = ingested
    wrong = []
    for name, expect in expected.items():
        if expect.outcome == "error":
            message = errors.get(name)
            if message is None or not all(w in message for w in expect.words):
                wrong.append(f"{name}: expected an error with {expect.words}, got {message!r} (stored: {name in stored})")
        elif expect.outcome == "article":
            row = stored.get(name)
            if row is None or row[1] != "ok" or not all(w in row[2] for w in expect.words):
                wrong.append(f"{name}: expected an article with {expect.words}, got "
                             f"{(row[1], row[2][:120]) if row else errors.get(name)!r}")
        elif expect.outcome == "no_text":
            row = stored.get(name)
            if row is None or row[1] != "no_text":
                wrong.append(f"{name}: expected a page stored without article text, got {row and row[1]!r}")
        elif expect.outcome == "any":  # a correct article or a clear error, never silence
            if name not in stored and not errors.get(name):
                wrong.append(f"{name}: neither stored nor reported")
    assert not wrong, "\n".join(wrong)


def test_raw_documents_are_kept_byte_for_byte(ingested):
    _, _, stored, _, _, corpus = ingested
    for name in ("latin1.txt", "utf16le-no-bom.txt", "mixed-encodings.txt", "fifty-mb-page.html"):
        assert stored[name][3] == (corpus / name).read_bytes(), name


def test_every_error_names_its_input_and_nothing_is_reported_twice(ingested):
    _, summary, stored, errors, _, _ = ingested
    sources = [item["source"] for item in summary["failed"]]
    assert len(sources) == len(set(sources))
    assert all(item["error"].strip() for item in summary["failed"])
    assert not set(errors) & {name for name, row in stored.items() if row[1] == "ok"}


def test_no_input_file_is_silently_dropped(ingested):
    expected, _, stored, errors, _, corpus = ingested
    for path in corpus.iterdir():
        if path.suffix == ".pdf":
            continue  # not an input type: a folder walk skips it
        name = path.name
        parts = [key for key in list(stored) + list(errors) if key == name or key.startswith((name + ":", name + "#"))]
        assert parts, f"{name} was neither stored nor reported"


def test_entity_declarations_never_expand(ingested):
    _, _, stored, _, _, _ = ingested
    for name, row in stored.items():
        assert "lollol" not in row[2] and "root:" not in row[2], name
