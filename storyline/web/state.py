"""What the web app holds (one store, the lock that keeps assignment in arrival order), and the
lookups that pages and API share: each answers 404 with what was not found."""

from __future__ import annotations

import hmac
import threading

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from storyline.model import Article, Story, Storyline
from storyline.store import Store


def app_store(request: Request) -> Store:
    return request.app.state.store


def ingest_lock(request: Request) -> threading.Lock:
    return request.app.state.ingest_lock


_bearer = HTTPBearer(auto_error=False, description="Needed when the server was started with a token")


def require_token(request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(_bearer)) -> None:
    """Write endpoints: the server's token, when it has one (reading is always open)."""
    expected = request.app.state.token
    if expected is None:
        return
    given = credentials.credentials if credentials is not None else ""
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(401, "this server takes articles and corrections only with its token: send "
                                 "Authorization: Bearer TOKEN", headers={"WWW-Authenticate": "Bearer"})


def story_or_404(store: Store, story_id: str) -> Story:
    """The story (a merged story's id leads to the story it was merged into)."""
    story = store.get_story(story_id)
    if story is None:
        raise HTTPException(404, f"no story {story_id!r}")
    return story


def storyline_or_404(store: Store, storyline_id: str) -> Storyline:
    """The storyline (one whose stories all moved on leads to the storyline they moved to)."""
    line = store.get_storyline(storyline_id)
    if line is None:
        raise HTTPException(404, f"no storyline {storyline_id!r}")
    return line


def article_or_404(store: Store, article_id: str) -> Article:
    """The article with this id or unique id prefix."""
    try:
        found = store.find_article_id(article_id) if article_id else None
    except ValueError as error:  # an ambiguous prefix
        raise HTTPException(404, str(error)) from None
    item = store.get_article(found) if found else None
    if item is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return item


def entity_or_404(store: Store, key: str) -> dict:
    found = store.entity(key)
    if found is None:
        raise HTTPException(404, f"no entity {key!r}")
    return found

