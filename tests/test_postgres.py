"""The CLI and the API on a real PostgreSQL server give what they give on SQLite.

The store suite runs on both backends through its ``store_url`` fixture
(tests/test_store.py); here the examples are ingested into PostgreSQL by the
real CLI and every reading path is compared with the SQLite database built
from the same input.
"""

from __future__ import annotations

import json

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from conftest import EXAMPLES, run_cli
from storyline.store import Store
from storyline.web import create_app


@pytest.fixture(scope="module")
def postgres_examples(postgres_server):
    url = postgres_server()
    result = run_cli("ingest", str(EXAMPLES), "--json", db=url)
    assert result.returncode == 0, result.stderr
    return url, json.loads(result.stdout)


def assignments(url: str) -> list[tuple]:
    return sorted((a.id, a.story, a.storyline, a.duplicate_of, a.status) for a in Store(url).iter_articles())


def test_ingest_on_postgresql_groups_exactly_as_on_sqlite(postgres_examples, examples_db):
    url, summary = postgres_examples
    sqlite_db, sqlite_summary = examples_db
    assert summary == sqlite_summary
    assert assignments(url) == assignments(f"sqlite:///{sqlite_db}")
    again = json.loads(run_cli("ingest", str(EXAMPLES), "--json", db=url, check=True).stdout)
    assert again["ingested"] == 0 and again["already_present"] == summary["ingested"]


def test_cli_reads_the_same_on_both(postgres_examples, examples_db, tmp_path):
    url, _ = postgres_examples
    sqlite_db, _ = examples_db
    for command in (("stories", "--json"), ("storylines", "--json")):
        assert json.loads(run_cli(*command, db=url, check=True).stdout) == \
            json.loads(run_cli(*command, db=sqlite_db, check=True).stdout)
    story = max(json.loads(run_cli("stories", "--json", db=url, check=True).stdout), key=lambda s: s["article_count"])
    assert json.loads(run_cli("show", story["id"], "--json", db=url, check=True).stdout) == \
        json.loads(run_cli("show", story["id"], "--json", db=sqlite_db, check=True).stdout)
    for kind in ("quotes", "storylines"):
        for backend, db in (("pg", url), ("sqlite", sqlite_db)):
            run_cli("export", kind, "--format", "csv", "--out", str(tmp_path / f"{backend}.csv"), db=db, check=True)
        assert (tmp_path / "pg.csv").read_text() == (tmp_path / "sqlite.csv").read_text(), kind


def test_api_on_postgresql_answers_as_on_sqlite_and_searches_with_its_text_search(postgres_examples, examples_db):
    url, _ = postgres_examples
    on_postgres = TestClient(create_app(url))
    on_sqlite = TestClient(create_app(f"sqlite:///{examples_db[0]}"))
    for path in ("/api/v1/stories?limit=100", "/api/v1/storylines", "/api/v1/entities?limit=100",
                 "/api/v1/quotes?limit=100&speaker=margit+solberg", "/api/v1/articles?limit=100",
                 "/api/v1/review?below=1&limit=100", "/api/v1/storylines?entity=margit+solberg&since=2026-03-01",
                 "/api/v1/storylines?outlet=Northgate+Wire&limit=2&offset=1"):
        assert on_postgres.get(path).json() == on_sqlite.get(path).json(), path
    for line in on_sqlite.get("/api/v1/storylines").json()["items"]:  # timelines and the names that hold them
        path = f"/api/v1/storylines/{line['id']}"
        assert on_postgres.get(path).json() == on_sqlite.get(path).json(), path
    story = max(on_sqlite.get("/api/v1/stories?limit=100").json()["items"], key=lambda s: s["article_count"])
    comparison = f"/api/v1/stories/{story['id']}/comparison"
    assert on_postgres.get(comparison).json() == on_sqlite.get(comparison).json()
    for words in ("4.5", "6.2 percent", "70.1", "the", "the ferry"):  # figures whole, and words its text search
        # leaves out (FTS5 finds them): the same articles on both
        path = f"/api/v1/search?limit=100&q={words}"
        assert on_postgres.get(path).json()["total"] == on_sqlite.get(path).json()["total"] > 0, words
    found = on_postgres.get("/api/v1/search?q=dam+cracks").json()
    assert found["total"] >= 3 and all("crack" in (a["title"] + a["lead"]).lower() or a["lead"] for a in found["items"])
    pushed = on_postgres.post("/api/v1/articles", json={
        "title": "Velmar ferry timetable changes", "outlet": "Quay Times", "published": "2026-11-02",
        "text": "The Velmar ferry company changed its winter timetable on Monday. Harbourmaster Ada Brisk said "
                "the earliest crossing would leave at six. Passengers said the change came without warning."})
    assert pushed.status_code == 201, pushed.text
    assert on_postgres.get("/api/v1/search?q=ferry+timetable").json()["total"] == 1


def test_words_its_text_search_leaves_out_are_whole_words_and_a_nul_is_read_alike(postgres_examples,
                                                                                   examples_db):
    url, _ = postgres_examples
    on_postgres = TestClient(create_app(url))
    on_sqlite = TestClient(create_app(f"sqlite:///{examples_db[0]}"))
    for words in ("her", "he", "or", "I", '"the river"', '"the dam" cracks', "dam -her", "her OR dam"):
        path = f"/api/v1/search?limit=100&q={words}"
        found = on_postgres.get(path).json()
        assert found == on_sqlite.get(path).json(), words  # "her" was found in "other" and "there"
    assert on_sqlite.get("/api/v1/search?q=her").json()["total"] < on_sqlite.get("/api/v1/search?q=he").json()["total"]
    for client in (on_postgres, on_sqlite):  # a NUL is no part of a search, an id or a name (PostgreSQL's was a 500)
        assert client.get("/api/v1/search?q=ferry%00").json() == client.get("/api/v1/search?q=ferry").json()
        assert client.get("/search?q=ferry%00").status_code == 200
        assert client.get("/api/v1/quotes?speaker=margit%00+solberg").json()["total"] == 0  # no one's name
        assert client.get("/api/v1/stories?outlet=%00").json()["total"] == 0
        for path in ("/api/v1/stories/s%00", "/stories/s%00"):
            answer = client.get(path)
            assert answer.status_code == 404 and "NUL" in answer.text, path
    pushed = on_postgres.post("/api/v1/articles", json={  # a scraper's stray "\u0000" is left out, not a 500
        "title": "Quay\u0000 lights fail", "outlet": "Quay Times\u0000", "published": "2026-11-03",
        "text": "The harbour lights on the Velmar quay failed on Monday night.\u0000 Harbourmaster Ada Brisk said "
                "engineers would replace the cables by Friday. Boats were told to wait outside the breakwater."})
    assert pushed.status_code == 201, pushed.text
    stored = Store(url).get_article(pushed.json()["articles"][0]["id"])
    assert stored.title == "Quay lights fail" and stored.outlet == "Quay Times" and "\x00" not in stored.body


def test_schemathesis_finds_no_error_on_postgresql(postgres_server):
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(postgres_server()))
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=6, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def call(case):
            case.call_and_validate()

        try:
            call()
        except Exception as error:  # noqa: BLE001 - every operation is checked, all failures reported
            failures.append(f"{operation.label}: {error}")
    assert not failures, "\n\n".join(failures)
