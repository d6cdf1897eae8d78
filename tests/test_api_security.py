"""The API's write endpoints: an optional token, a request size limit; reading stays open."""

from __future__ import annotations

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
