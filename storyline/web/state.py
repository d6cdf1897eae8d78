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


def _stored_id(find, given: str, kind: str) -> str:
    """The whole id ``find`` gives for an id or a unique prefix of it: 404 for none, 409 for a prefix several ids
    start with (the message names them)."""
    try:
        found = find(given) if given and given.strip() else None
    except ValueError as error:  # an ambiguous prefix
        raise HTTPException(409, str(error)) from None
    if found is None:
        raise HTTPException(404, f"no {kind} {given!r}")
    return found


def story_id_or_404(store: Store, story_id: str) -> str:
    """The whole id of the story named by its id or a unique prefix (a merged story's own id)."""
    return _stored_id(store.find_story_id, story_id, "story")


def story_or_404(store: Store, story_id: str) -> Story:
    """The story with this id or unique id prefix (a merged story's id leads to the story it was merged into)."""
    story = store.get_story(story_id_or_404(store, story_id))
    if story is None:
        raise HTTPException(404, f"no story {story_id!r}")
    return story


def storyline_id_or_404(store: Store, storyline_id: str) -> str:
    return _stored_id(store.find_storyline_id, storyline_id, "storyline")


def storyline_or_404(store: Store, storyline_id: str) -> Storyline:
    """The storyline with this id or unique id prefix (one whose stories all moved on leads to the storyline
    they moved to)."""
    line = store.get_storyline(storyline_id_or_404(store, storyline_id))
    if line is None:
        raise HTTPException(404, f"no storyline {storyline_id!r}")
    return line


def article_or_404(store: Store, article_id: str) -> Article:
    """The article with this id or unique id prefix."""
    item = store.get_article(_stored_id(store.find_article_id, article_id, "article"))
    if item is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return item


def entity_or_404(store: Store, key: str) -> dict:
    """The entity with this key, a name of it, or a surname only one person has (``AmbiguousName`` for one that
    several people share: answered 409 with the candidates)."""
    found = store.entity(key)
    if found is None:
        raise HTTPException(404, f"no entity {key!r}")
    return found
