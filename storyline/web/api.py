"""REST API under /api/v1: the data of the web pages, as JSON, plus pushing articles in."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from pydantic import AfterValidator, BeforeValidator, Field

from storyline.annotate.entities import ENTITY_KINDS, entity_label
from storyline.compare import Comparison, compare_story
from storyline.corrections import CorrectionError, move_articles, relink_stories
from storyline.ingest import PUSH_SOURCE, UPLOAD_SOURCE, InputError, is_binary_document, is_container, read_upload
from storyline.ingest.jsonl import document_from_object
from storyline.limits import too_large
from storyline.model import REVIEW_BELOW, RawDocument, is_calendar_day
from storyline.pipeline import GroupingState, ingest_documents
from storyline.store.search import MAX_SEARCH_CHARS
from storyline.web import schemas
from storyline.web.state import (app_store, article_or_404, entity_or_404, ingest_lock, require_token, story_or_404,
                                 storyline_or_404)

router = APIRouter(prefix="/api/v1")
ERRORS = {404: {"model": schemas.ErrorBody, "description": "Not found"},
          409: {"model": schemas.ErrorBody,
                "description": "Ambiguous: an id prefix several ids start with, or a name several people go by "
                               "(\"Brodsky\"; ``candidates`` lists them)"},
          422: {"model": schemas.ErrorBody, "description": "Invalid parameters"},
          503: {"model": schemas.ErrorBody, "description": "The database cannot be reached, or another process "
                                                         "holds it locked: retry after Retry-After seconds",
                "headers": {"Retry-After": {"description": "seconds to wait before retrying",
                                            "schema": {"type": "integer"}}}}}
MAX_PAGE = 200

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="items per page")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="items to skip")]


def _calendar_day(value: str | None) -> str | None:
    """A YYYY-MM-DD that is a day of the calendar (2026-02-30 is not): compared as text, a false one would
    silently filter wrong."""
    if value is not None and not is_calendar_day(value):
        date.fromisoformat(value)  # raises with the reason, answered 422
        raise ValueError("not a calendar day written YYYY-MM-DD")
    return value


def _blank_is_none(value):
    """An empty parameter (a form's empty field) is no filter, as ``outlet=`` and ``q=`` are."""
    return None if isinstance(value, str) and not value.strip() else value


def _not_blank(value: str) -> str:
    """Words to look for: spaces alone are none, refused as an empty ``q`` is."""
    if not value.strip():
        raise ValueError("give words to look for")
    return value


def _day_or_empty(schema: dict) -> None:
    """A calendar day, or empty (no filter, as a form sends it)."""
    schema.pop("pattern", None)
    schema.pop("type", None)
    schema["anyOf"] = [{"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
                       {"type": "string", "maxLength": 0}, {"type": "null"}]


Day = Annotated[str | None, Query(pattern=r"^(\d{4}-\d{2}-\d{2}|\s*)$", json_schema_extra=_day_or_empty,
                                  description="YYYY-MM-DD, a calendar day; empty: no filter"),
                BeforeValidator(_blank_is_none), AfterValidator(_calendar_day)]


def _kind_or_empty(schema: dict) -> None:
    """A kind of entity (as the API writes it, or in lower case), or empty (no filter)."""
    schema.pop("type", None)
    schema["anyOf"] = [{"type": "string", "enum": [*ENTITY_KINDS, *map(str.lower, ENTITY_KINDS)]},
                       {"type": "string", "maxLength": 0}, {"type": "null"}]


EntityKey = Annotated[str | None, Query(description="an entity's name or key (\"Anselm Brodsky\", \"anselm brodsky\"), "
                                                    "or a surname only one person has (\"Kovant\"); one several "
                                                    "people have (\"Brodsky\") is answered 409 naming them")]
SEARCH_HELP = ('full-text search: every word is looked for; "a phrase" in a row, OR between alternatives, '
               '-word leaves out, negotiat* a beginning; the first 20 words are read')
Words = Annotated[str | None, Query(max_length=MAX_SEARCH_CHARS, description=SEARCH_HELP)]


def _page(items, total: int, limit: int, offset: int, note: str | None = None) -> dict:
    return {"items": items, "total": total, "limit": limit, "offset": offset, "note": note}


def _unmatched(store, total: int, outlet: str | None = None, entity: str | None = None) -> str | None:
    """Why a filtered listing found nothing, where a filter names what nothing stored is (the CLI refuses such a
    filter; here it is an empty page that says so: a dashboard may ask for an outlet before its first article)."""
    if total:
        return None
    if outlet and outlet.strip() and store.outlet_named(outlet.strip()) is None:
        known = ", ".join(sorted(store.outlets(), key=str.casefold)[:20])
        return f"no article is by outlet {outlet.strip()!r}; outlets: {known or 'none yet'}"
    if entity and entity.strip() and not store.entity_keys_named(entity.strip()):
        return f"no person, organisation or place named {entity.strip()!r} is stored"
    return None


def _story_given(store, story: str | None) -> str | None:
    """The live story a ``story`` parameter names (a merged one's id leads on); 404 for an unknown one, and an
    empty ``?story=`` is all stories, as on the web."""
    return story_or_404(store, story).id if story and story.strip() else None


def _story(story) -> dict:
    return story.to_dict()


@router.get("/stories", response_model=schemas.StoryPage, responses=ERRORS, tags=["stories"])
def list_stories(request: Request, limit: Limit = 50, offset: Offset = 0, since: Day = None, until: Day = None,
                 outlet: str | None = None, entity: EntityKey = None, q: Words = None):
    """Stories, newest first, filtered by date range, outlet, entity and words."""
    store = app_store(request)
    found, total = store.query_stories(since=since, until=until, outlet=outlet, entity=entity, q=q, limit=limit,
                                       offset=offset)
    return _page([_story(s) for s in found], total, limit, offset, _unmatched(store, total, outlet, entity))


@router.get("/stories/{story_id}", response_model=schemas.StoryDetail, responses=ERRORS, tags=["stories"])
def get_story(request: Request, story_id: str):
    """One story (a merged story's id leads to the story it was merged into), its merges, splits and articles."""
    store = app_store(request)
    story = story_or_404(store, story_id)
    members, _ = store.query_articles(story_id=story.id, limit=10_000)
    return {"story": _story(story), "merged": store.story_merges(story.id), "splits": store.story_splits(story.id),
            "moves": store.story_moves(story.id),
            "storyline_moves": store.storyline_moves(story_id=story.id), "articles": members}


@router.get("/stories/{story_id}/comparison", response_model=Comparison, responses=ERRORS, tags=["stories"])
def story_comparison(request: Request, story_id: str):
    """The story's outlets side by side: shared and unique facts, disagreements, quotes, opinion."""
    store = app_store(request)
    story = story_or_404(store, story_id)
    return compare_story(story.id, store.story_articles(story.id))


@router.get("/review", response_model=schemas.UncertainJoinPage, responses=ERRORS, tags=["stories"])
def review(request: Request, limit: Limit = 50, offset: Offset = 0,
           below: float = Query(REVIEW_BELOW, gt=0, le=1, description="list the joins less likely than this"),
           story: str | None = Query(None, max_length=40, description="only this story's joins (404 if none)")):
    """Joins to check, least certain first: articles that joined their story with a low probability (stories'
    first articles, copies and articles moved by hand are left out). ``POST /moves`` corrects what is wrong."""
    store = app_store(request)
    found, total = store.uncertain_joins(below, limit=limit, offset=offset, story_id=_story_given(store, story))
    return _page(found, total, limit, offset)


@router.get("/review/nearly-joined", response_model=schemas.NearlyJoinedPage, responses=ERRORS, tags=["stories"])
def review_nearly_joined(request: Request, limit: Limit = 50, offset: Offset = 0):
    """Stories that may be part of another, likeliest first: their first article nearly joined that story (one
    event in two stories). ``POST /moves`` with ``stories`` joins them."""
    found, total = app_store(request).nearly_joined(limit=limit, offset=offset)
    return _page(found, total, limit, offset)


@router.get("/storylines", response_model=schemas.StorylinePage, responses=ERRORS, tags=["storylines"])
def list_storylines(request: Request, limit: Limit = 50, offset: Offset = 0, since: Day = None, until: Day = None,
                    outlet: str | None = None, entity: EntityKey = None, q: Words = None):
    """Storylines, newest first; filtered, those holding a story that passes every filter of ``/stories``."""
    store = app_store(request)
    lines, total = store.query_storylines(since=since, until=until, outlet=outlet, entity=entity, q=q, limit=limit,
                                          offset=offset)
    return _page([line.to_dict() for line in lines], total, limit, offset, _unmatched(store, total, outlet, entity))


@router.get("/storylines/{storyline_id}", response_model=schemas.StorylineDetail, responses=ERRORS,
            tags=["storylines"])
def get_storyline(request: Request, storyline_id: str):
    """One storyline and its stories in time order (its timeline)."""
    store = app_store(request)
    line = storyline_or_404(store, storyline_id)
    timeline = store.storyline_stories(line.id)
    return {"storyline": line.to_dict(), "stories": [_story(s) for s in timeline],
            "moves": store.storyline_moves(line.id), "shared_names": store.names_shared_between([s.id for s in timeline])}


@router.get("/articles", response_model=schemas.ArticlePage, responses=ERRORS, tags=["articles"])
def list_articles(request: Request, limit: Limit = 50, offset: Offset = 0, story: str | None = None,
                  outlet: str | None = None, q: Words = None):
    """Articles, newest first (summaries: the lead, not the body); an unknown ``story`` is 404, as in ``/review``."""
    store = app_store(request)
    items, total = store.query_articles(story_id=_story_given(store, story), outlet=outlet, q=q, limit=limit,
                                        offset=offset)
    return _page(items, total, limit, offset, _unmatched(store, total, outlet))


@router.get("/articles/{article_id}", response_model=schemas.Article, responses=ERRORS, tags=["articles"])
def get_article(request: Request, article_id: str):
    """One article: clean body, blocks, removed parts with reasons, entities, quotes, dates, sentences."""
    return article_or_404(app_store(request), article_id).to_dict()


@router.get("/articles/{article_id}/raw", responses={**ERRORS, 200: {"content": {"application/octet-stream": {}},
                                                                       "description": "The raw document"}},
            tags=["articles"])
def get_raw(request: Request, article_id: str):
    """The raw document exactly as it came in."""
    item = article_or_404(app_store(request), article_id)
    extension = {"text/html": "html", "text/plain": "txt", "application/json": "json"}.get(
        item.media_type.partition(";")[0], "bin")  # "text/html; charset=cp1252": as a WARC response declared it
    return Response(item.raw, media_type="application/octet-stream",
                    headers={"Content-Disposition": f'attachment; filename="{item.id}.{extension}"'})


@router.get("/entities", response_model=schemas.EntityPage, responses=ERRORS, tags=["entities"])
def list_entities(request: Request, limit: Limit = 50, offset: Offset = 0,
                  q: str | None = Query(None, max_length=200),
                  label: Annotated[str | None, AfterValidator(entity_label),
                                   Query(description="one kind, in any case (\"person\" is PERSON); empty: all",
                                         json_schema_extra=_kind_or_empty)] = None):
    """People, organisations and places by the number of articles naming them."""
    items, total = app_store(request).query_entities(q=q, label=label, limit=limit, offset=offset)
    return _page(items, total, limit, offset)


@router.get("/entities/{key:path}", response_model=schemas.EntityDetail, responses=ERRORS, tags=["entities"])
def get_entity(request: Request, key: str):
    """One entity: the stories it appears in and, for a person, their quotations over time."""
    if not key:  # "/entities/": the list
        return RedirectResponse("/api/v1/entities", status_code=307)
    found = entity_or_404(app_store(request), key)
    return {**found, "stories": [_story(s) for s in found["stories"]]}


@router.get("/quotes", response_model=schemas.QuotePage, responses=ERRORS, tags=["quotes"])
def list_quotes(request: Request, limit: Limit = 50, offset: Offset = 0,
                speaker: str | None = Query(None, description="the speaker's name or entity key"),
                story: str | None = None, q: Words = None):
    """Quotations with their speakers, newest first; an unknown ``story`` is 404 (a merged one's id leads on)."""
    store = app_store(request)
    items, total = store.query_quotes(speaker=speaker, story_id=_story_given(store, story), q=q, limit=limit,
                                      offset=offset)
    return _page(items, total, limit, offset)


@router.get("/search", response_model=schemas.ArticlePage, responses=ERRORS, tags=["search"])
def search(request: Request,
           q: Annotated[str, Query(min_length=1, max_length=MAX_SEARCH_CHARS, description=SEARCH_HELP),
                        AfterValidator(_not_blank)],
           limit: Limit = 50, offset: Offset = 0):
    """Full-text search over headlines, bodies and entity names: every word, "a phrase" in a row, OR between
    alternatives, -word left out, negotiat* a word's beginning."""
    items, total = app_store(request).query_articles(q=q, limit=limit, offset=offset)
    return _page(items, total, limit, offset)


PUSHED = {**ERRORS, 401: {"model": schemas.ErrorBody, "description": "The server's token is needed"},
          413: {"model": schemas.ErrorBody, "description": "The request body is too large"},
          409: {"model": schemas.ErrorBody, "description": "The database holds another embedding model's vectors "
                                                         "than the server makes (STORYLINE_EMBEDDING): nothing "
                                                         "was stored"},
          400: {"model": schemas.ErrorBody, "description": "The body cannot be read (not UTF-8, or cut short)"},
          503: {"model": schemas.ErrorBody, "description": "The database is locked by another process or its disk is "
                                                         "full: the batch being written was not stored (the message "
                                                         "says how many articles before it were); retry after "
                                                         "Retry-After seconds",
                "headers": ERRORS[503]["headers"]},
          200: {"model": schemas.IngestResult,
                          "description": "Nothing new was stored: every input was already present or failed "
                                         "(``failed`` names each input and what is wrong with it)"},
          201: {"model": schemas.IngestResult, "description": "Articles were stored"}}


@router.post("/articles", response_model=schemas.IngestResult, status_code=201, responses=PUSHED, tags=["articles"],
             dependencies=[Depends(require_token)])
def push_articles(request: Request, response: Response,
                  body: schemas.PushedArticle | Annotated[list[schemas.PushedArticle],
                                                          Field(min_length=1, max_length=MAX_PAGE)]):
    """Push articles as JSON (one object or a list) through the same pipeline as `storyline ingest`.

    Each needs ``text`` or ``html`` (or at least a ``title``). An input that cannot be read is
    reported in ``failed`` and the others are still stored.
    """
    items = body if isinstance(body, list) else [body]
    documents = []
    for number, item in enumerate(items, start=1):
        data = item.model_dump(exclude_none=True)
        line = json.dumps(data, ensure_ascii=False, sort_keys=True).encode()
        named = data.get("id") or data.get("url") or number  # as the caller knows it, else its place in the push
        refused = too_large(len(line))  # the limit on one document, as for a file
        documents.append(InputError(f"{PUSH_SOURCE}{named}", f"{refused}; skipped") if refused
                         else document_from_object(data, line, f"{PUSH_SOURCE}{named}"))
    return _ingest(request, response, documents)


@router.post("/articles/upload", response_model=schemas.IngestResult, status_code=201, responses=PUSHED,
             tags=["articles"], dependencies=[Depends(require_token)])
def upload_article(request: Request, response: Response,
                   file: Annotated[UploadFile, File(description="an HTML page or plain text, or a file any reader "
                                                                "of `storyline ingest` reads by its name (.jsonl, "
                                                                ".warc.gz, .rss, ...)")],
                   outlet: Annotated[str | None, Form(max_length=200)] = None):
    """Upload one file through the same pipeline as `storyline ingest`, read as it reads a file of that name: a page
    or text as scraped, a JSON lines export, a WARC archive, a feed; another type is named in ``failed``."""
    raw = file.file.read()
    name = file.filename or "upload"
    refused = too_large(len(raw))
    if refused:
        return _ingest(request, response, [InputError(f"{UPLOAD_SOURCE}{name}", f"{refused}; skipped")])
    if is_container(name) or is_binary_document(name):  # an export, an archive, a feed: read as `storyline
        return _ingest(request, response, read_upload(raw, name, outlet))  # ingest` reads it; a PDF is refused
    # a page or a text, whatever its name says (news.php, article.txt holding HTML): its bytes say which
    media_type = "text/html" if raw.lstrip()[:1] == b"<" else "text/plain"
    meta = {"fallback_outlet": outlet} if outlet else {}
    return _ingest(request, response, [RawDocument(raw=raw, source=f"{UPLOAD_SOURCE}{name}", media_type=media_type,
                                                   meta=meta)])


def _ingest(request: Request, response: Response, documents: list[RawDocument | InputError]) -> dict:
    store = app_store(request)
    with ingest_lock(request):  # one assigner at a time: articles are decided in arrival order
        # kept between requests: reloaded only when another process has grouped articles since
        if request.app.state.grouping is None:
            request.app.state.grouping = GroupingState.load(store)
        try:
            summary = ingest_documents(documents, store, workers=1, state=request.app.state.grouping)
        except BaseException:
            request.app.state.grouping = None  # it decided a batch that was not stored: load it afresh next time
            raise
    if not summary.ingested:
        response.status_code = 200
    ids = list(dict.fromkeys(d.id for d in documents if isinstance(d, RawDocument)))
    stored, _ = store.query_articles(ids=ids, limit=max(1, len(ids)))
    return {**summary.to_dict(), "articles": stored}


MOVED = {**ERRORS,
         404: {"model": schemas.ErrorBody,
               "description": "An article, story or storyline named does not exist (the message names it): "
                              "nothing was moved"},
         409: {"model": schemas.ErrorBody,
               "description": "Nothing can be moved as asked: nothing named, an ambiguous prefix, a copy (its "
                              "original moves it), an article in no story, or already where asked (the message says "
                              "which): nothing was moved"},
         401: {"model": schemas.ErrorBody, "description": "The server has a token and the request did not send it"},
         503: {"model": schemas.ErrorBody, "description": "The database is locked or unavailable: nothing was moved"}}


@router.post("/moves", response_model=schemas.MoveResult, status_code=201, responses=MOVED, tags=["stories"],
             dependencies=[Depends(require_token)])
def move(request: Request, body: schemas.MoveRequest):
    """Correct the grouping by hand: move articles to another story, or to a new story of their own (``to``:
    "new"). Each move is recorded with its note; the stories are rebuilt, and later articles are compared with
    them. Nothing is moved when any article cannot be."""
    store = app_store(request)
    return _corrected(request, lambda: move_articles(store, body.articles, body.to, body.note, story_ids=body.stories,
                                                        detach=body.detach))


@router.post("/relinks", response_model=schemas.RelinkResult, status_code=201, responses=MOVED, tags=["storylines"],
             dependencies=[Depends(require_token)])
def relink(request: Request, body: schemas.RelinkRequest):
    """Correct a thread by hand: move stories to another storyline, or to a new one of their own (``to``: "new").
    Each move is recorded with its note; the storylines' names are rebuilt, and later stories are linked by them.
    Nothing is moved when any story cannot be."""
    store = app_store(request)
    return _corrected(request, lambda: relink_stories(store, body.stories, body.to, body.note))


def _corrected(request: Request, correction) -> dict:
    """A correction by hand, made while the server's own pushes wait (the next one reloads the grouping state)."""
    with ingest_lock(request):
        try:
            return correction().to_dict()
        except CorrectionError as error:
            raise HTTPException(404 if error.missing else 409, f"{error}; nothing was moved") from None
