"""The API's write endpoints: an optional token, a request size limit; reading stays open."""

from __future__ import annotations

import re
import shutil

from fastapi.testclient import TestClient

from storyline.web import create_app

ARTICLE = {"title": "Velmar ferry timetable changes", "outlet": "Quay Times", "published": "2026-11-02",
           "text": "The Velmar ferry company changed its winter timetable on Monday. Harbourmaster Ada Brisk said the "
                   "earliest crossing would leave at six. Passengers said the change came without warning."}


def test_pushing_needs_the_token_when_the_server_has_one(examples_db, tmp_path):
    db = tmp_path / "s.db"
    shutil.copy(examples_db[0], db)
    client = TestClient(create_app(f"sqlite:///{db}", token="s3cret-token"))
    assert client.get("/api/v1/stories?limit=1").status_code == 200
    refused = client.post("/api/v1/articles", json=ARTICLE)
    assert refused.status_code == 401 and refused.json()["error"]["status"] == 401
    assert client.post("/api/v1/articles", json=ARTICLE, headers={"Authorization": "Bearer wrong"}).status_code == 401
    accepted = client.post("/api/v1/articles", json=ARTICLE, headers={"Authorization": "Bearer s3cret-token"})
    assert accepted.status_code == 201 and accepted.json()["ingested"] == 1


def test_a_push_a_database_of_another_embedding_model_cannot_compare_is_refused(examples_db, tmp_path, monkeypatch):
    db = tmp_path / "s.db"
    shutil.copy(examples_db[0], db)
    client = TestClient(create_app(f"sqlite:///{db}"))
    monkeypatch.setenv("STORYLINE_EMBEDDING", "minilm")  # the server's workers would embed with another model
    refused = client.post("/api/v1/articles", json=ARTICLE)
    assert refused.status_code == 409 and "holds static (256-dimension) embeddings" in refused.json()["error"]["message"]
    monkeypatch.delenv("STORYLINE_EMBEDDING")
    assert client.post("/api/v1/articles", json=ARTICLE).status_code == 201


def test_request_bodies_over_the_limit_are_refused(examples_db, tmp_path):
    db = tmp_path / "s.db"
    shutil.copy(examples_db[0], db)
    client = TestClient(create_app(f"sqlite:///{db}", max_request_bytes=64 * 1024))
    big = dict(ARTICLE, text=ARTICLE["text"] + " More words." * 20_000)
    response = client.post("/api/v1/articles", json=big)
    assert response.status_code == 413 and "larger than" in response.json()["error"]["message"]
    upload = client.post("/api/v1/articles/upload", files={"file": ("page.html", b"<p>x</p>" * 20_000)})
    assert upload.status_code == 413
    assert client.post("/api/v1/articles", json=ARTICLE).status_code == 201


INJECTIONS = ["x' OR '1'='1", "'; DROP TABLE articles; --", '" OR 1=1 --', "%", "_", "\\", "*", "NEAR(a b)",
              "title:x OR body:y", "') UNION SELECT id, body FROM articles --", "\x00", "ü' --"]
READ_PATHS = ["/api/v1/search?q={v}", "/api/v1/stories?q={v}", "/api/v1/stories?outlet={v}",
              "/api/v1/stories?entity={v}", "/api/v1/articles?q={v}", "/api/v1/articles?outlet={v}",
              "/api/v1/entities?q={v}", "/api/v1/quotes?q={v}", "/api/v1/quotes?speaker={v}", "/api/v1/stories/{v}",
              "/api/v1/articles/{v}", "/api/v1/entities/{v}", "/search?q={v}", "/stories?outlet={v}"]


def table_counts(db) -> dict[str, int]:
    import sqlite3

    with sqlite3.connect(db) as connection:
        names = [row[0] for row in connection.execute("select name from sqlite_master where type = 'table'")]
        return {name: connection.execute(f'select count(*) from "{name}"').fetchone()[0] for name in names}


def test_sql_looking_input_is_data_in_every_filter_and_search(examples_db, tmp_path):
    from urllib.parse import quote

    db = tmp_path / "s.db"
    shutil.copy(examples_db[0], db)
    before = table_counts(db)
    client = TestClient(create_app(f"sqlite:///{db}"))
    for path in READ_PATHS:
        unfiltered = client.get(path.split("?")[0]).json() if "?" in path and path.startswith("/api/") else None
        for value in INJECTIONS:
            response = client.get(path.format(v=quote(value, safe="")))
            assert response.status_code in (200, 404, 422), (path, value, response.status_code, response.text[:300])
            if unfiltered is None or response.status_code != 200 or "total" not in unfiltered:
                continue
            total = response.json()["total"]
            if "?q=" in path:  # words are searched for; a value without words is no search at all
                if re.search(r"\w", value):
                    assert total < unfiltered["total"], (path, value)  # an injected OR would match everything
            else:
                assert total == 0, (path, value)  # an exact filter no stored value equals
    assert table_counts(db) == before

    # stored verbatim as text, found by its own words, nothing else touched
    pushed = dict(ARTICLE, title="Robert'); DROP TABLE stories; -- sails", outlet="Quay' OR '1'='1")
    stored = client.post("/api/v1/articles", json=pushed)
    assert stored.status_code == 201, stored.text
    article = stored.json()["articles"][0]
    assert article["title"] == pushed["title"] and article["outlet"] == pushed["outlet"]
    found = client.get("/api/v1/articles", params={"outlet": pushed["outlet"]}).json()
    assert [a["id"] for a in found["items"]] == [article["id"]]
    after = table_counts(db)
    assert after["stories"] >= before["stories"] and after["articles"] == before["articles"] + 1


def test_sql_is_built_from_bound_parameters_only():
    """No SQL in our code is assembled from strings: f-strings, %, + or .format next to SQL words."""
    from pathlib import Path

    sql_words = r"(?:select|insert|update|delete|where|pragma|match|values)\b"
    assembled = re.compile(
        rf"""(?:text|execute|exec_driver_sql|executescript)\(\s*(?:f["']|["'][^"']*{sql_words}[^"']*["']\s*(?:%|\+|\.format))""",
        re.IGNORECASE)
    source = Path(__file__).resolve().parent.parent / "storyline"
    offenders = [f"{path.relative_to(source)}:{number}: {line.strip()}"
                 for path in sorted(source.rglob("*.py"))
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if assembled.search(line)]
    assert not offenders, "SQL assembled from strings:\n" + "\n".join(offenders)
    # the pattern itself catches what it must
    assert assembled.search('connection.execute(f"select * from t where id = {user}")')
    assert assembled.search("cursor.execute(\"SELECT * FROM t WHERE a = '%s'\" % name)")
    assert not assembled.search('connection.execute(text("SELECT rowid FROM f WHERE f MATCH :match"), params)')
