"""Server-rendered pages: stories, a story's coverage side by side, storylines, articles, entities, search.

Readable without JavaScript; every value from an article goes through Jinja's
autoescaping (the article page builds its highlighted text as escaped segments).
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, ClassVar
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from storyline.annotate.entities import ENTITY_KIND, ENTITY_KINDS, entity_label
from storyline.compare import begun_by_a_copy, compare_story, copies_text, copy_summary, folded, shared_phrases
from storyline.model import (JOIN_NAME_LABELS, REVIEW_BELOW, Article, headline_from_lead, is_calendar_day,
                             moment_text, probability_text, to_check)
from storyline.store import AmbiguousName
from storyline.store.indexing import name_key
from storyline.store.search import MAX_SEARCH_CHARS, parse_search
from storyline.web.state import (app_store, article_or_404, entity_or_404, story_id_or_404, story_or_404,
                                 storyline_id_or_404, storyline_or_404)

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.globals["review_below"] = REVIEW_BELOW  # a join under it is marked "to check"
templates.env.globals["to_check"] = to_check
templates.env.globals["join_name_labels"] = JOIN_NAME_LABELS
templates.env.filters.update(probability=probability_text, copies_text=copies_text, copy_summary=copy_summary,
                             moment=moment_text)
templates.env.globals["begun_by_a_copy"] = begun_by_a_copy
templates.env.globals["max_search_chars"] = MAX_SEARCH_CHARS  # the boxes take what the server reads
router = APIRouter(include_in_schema=False)
PAGE_SIZE = 25
SEARCH_STORIES = 10  # the search page lists this many matching stories, and links to the rest


def shown_headline(title: str | None, lead: str | None) -> str:
    """What every page shows as an article's headline: its title, else its lead's first sentence (the rule of
    ``cluster.assign.headline_of``, which the story page shows), else "(no headline)"."""
    return title or headline_from_lead(lead or "") or "(no headline)"


templates.env.globals["shown_headline"] = shown_headline


def entity_href(key: str) -> str:
    """The page of an entity key; a key may hold "/", "#", "?" or "%" ("ac/dc holdings")."""
    return "/entities/" + quote(key, safe="")


templates.env.globals["entity_href"] = entity_href


def said(text: str, kind: str | None) -> str:
    """A statement as a page prints it: the speaker's own words in quotation marks; a reported statement, the
    outlet's account of what was said, without them."""
    return text if kind == "reported" else f"“{text}”"


templates.env.filters["said"] = said
templates.env.filters["kind"] = lambda label: ENTITY_KIND.get(label, label)  # "person", not PERSON


def _render(request: Request, name: str, status_code: int = 200, **context) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def _listing_query(request: Request, q: str | None = Query(None, max_length=MAX_SEARCH_CHARS),
                   since: str | None = None, until: str | None = None, outlet: str | None = None,
                   entity: str | None = None,
                   page: int = Query(1, ge=1, le=100_000)) -> "_Listing":
    """The filters and page a story or storyline list was asked for (a FastAPI dependency)."""
    return _Listing.of(app_store(request), request.url.path, page, q=q, since=since, until=until, outlet=outlet,
                       entity=entity)


ListingQuery = Annotated["_Listing", Depends(_listing_query)]


@router.get("/stories", include_in_schema=False)
def stories_alias(request: Request):
    """The story list is the front page: /stories (with its filters) leads there, as /storylines lists threads."""
    query = request.url.query
    return RedirectResponse("/" + (f"?{query}" if query else ""), status_code=308)


@router.get("/", response_class=HTMLResponse)
def stories_page(request: Request, listing: ListingQuery):
    store = app_store(request)
    found, total = ([], 0) if listing.ambiguous else store.query_stories(**listing.applied, limit=PAGE_SIZE,
                                                                         offset=listing.offset)
    coverage = store.story_coverage([s.id for s in found])
    return _render(request, "stories.html", stories=found, total=total, listing=listing,
                   pages=listing.pages(total),
                   charts={s.id: coverage_chart(coverage.get(s.id, []), s.article_count) for s in found})


@dataclass
class _Pages:
    """Where a paged list is (its path, page and what it was asked for) and the links to its other pages."""

    path: str
    page: int
    filters: dict[str, str]
    size: ClassVar[int] = PAGE_SIZE

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    def pages(self, total: int) -> int:
        return max(1, (total + self.size - 1) // self.size)

    def page_link(self, number: int) -> str:
        return f"{self.path}?" + urlencode({**self.filters, "page": number})


class _EntityPages(_Pages):
    size = 100


class _ReviewPages(_Pages):
    size = 100


@dataclass
class _Listing(_Pages):
    """The filters a list of stories or storylines was given: each shown as given, applied where valid (a date
    that is not a day is named on the page, not applied), and the links to the list's other pages."""

    applied: dict[str, str | None] = field(default_factory=dict)
    not_days: list[str] = field(default_factory=list)
    entity_name: str | None = None
    outlets: list[str] = field(default_factory=list)
    ambiguous: list[dict] = field(default_factory=list)  # the people a surname filter may mean: none is applied
    unknown_outlet: str | None = None  # an outlet filter no article is by

    def with_entity(self, key: str) -> str:
        """This list with the entity filter set to ``key`` (its first page)."""
        return f"{self.path}?" + urlencode({**self.filters, "entity": key})

    @classmethod
    def of(cls, store, path: str, page: int, **given: str | None) -> "_Listing":
        filters = {name: value for name, value in given.items() if value and value.strip()}
        outlets = sorted(store.outlets(), key=str.casefold)
        unknown_outlet = None
        if filters.get("outlet"):  # as the list names it, so that its option is the one selected ("meridian post",
            stored = store.outlet_named(filters["outlet"].strip())  # "harbor-ledger")
            filters["outlet"] = stored or filters["outlet"]
            unknown_outlet = None if stored else filters["outlet"]
        not_days = [f"{label} “{filters[name]}”" for label, name in (("From", "since"), ("To", "until"))
                    if filters.get(name) and not is_calendar_day(filters[name])]
        applied = {name: filters.get(name) for name in ("q", "outlet", "entity")}
        applied.update({name: filters[name] if filters.get(name) and is_calendar_day(filters[name]) else None
                        for name in ("since", "until")})
        entity_name, ambiguous = None, []
        if filters.get("entity"):  # the name the entity list gives it (a surname: the one person of that name)
            try:
                named = store.entity_name(store.entity_key(filters["entity"]))
                entity_name = named["name"] if named else filters["entity"]
            except AmbiguousName as error:
                ambiguous = error.candidates
        return cls(path, page, filters, applied, not_days, entity_name, outlets, ambiguous, unknown_outlet)


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str):
    store = app_store(request)
    requested = story_id_or_404(store, story_id)  # a prefix's whole id: a merged story's is not this story's
    story = story_or_404(store, requested)
    comparison = compare_story(story.id, store.story_articles(story.id))
    storyline = store.get_storyline(story.storyline) if story.storyline else None
    part_of, _ = store.nearly_joined(limit=None, story_id=story.id)  # as `storyline review --nearly-joined` says
    return _render(request, "story.html", story=story, c=comparison, rows=folded(comparison.coverage),
                   merges=store.story_merges(story.id), splits=store.story_splits(story.id),
                   moves=store.story_moves(story.id), storyline_moves=store.storyline_moves(story_id=story.id),
                   storyline=storyline, requested=requested, part_of=part_of)


NEARLY_JOINED_SHOWN = 20  # on the first page of joins; `storyline review --nearly-joined` and the API list all


@router.get("/review", response_class=HTMLResponse)
def review_page(request: Request, page: int = Query(1, ge=1, le=100_000),
                below: float = Query(REVIEW_BELOW, gt=0, le=1), story: str | None = Query(None, max_length=40)):
    store = app_store(request)
    found = story_or_404(store, story) if story else None
    joins, total = store.uncertain_joins(below, limit=100, offset=(page - 1) * 100,
                                         story_id=found.id if found else None)
    nearly, nearly_total = store.nearly_joined(limit=NEARLY_JOINED_SHOWN) if not found and page == 1 else ([], 0)
    paged = _ReviewPages(request.url.path, page, {"below": below, **({"story": found.id} if found else {})})
    return _render(request, "review.html", joins=joins, total=total, below=below, page=page, listing=paged,
                   pages=paged.pages(total), story=found, nearly=nearly, nearly_total=nearly_total)


@router.get("/storylines", response_class=HTMLResponse)
def storylines_page(request: Request, listing: ListingQuery):
    found, total = ([], 0) if listing.ambiguous else app_store(request).query_storylines(
        **listing.applied, limit=PAGE_SIZE, offset=listing.offset)
    return _render(request, "storylines.html", storylines=found, total=total, listing=listing,
                   pages=listing.pages(total))


@router.get("/storylines/{storyline_id}", response_class=HTMLResponse)
def storyline_page(request: Request, storyline_id: str):
    store = app_store(request)
    requested = storyline_id_or_404(store, storyline_id)  # a prefix's whole id: a moved storyline's is not this one
    line = storyline_or_404(store, requested)
    timeline = store.storyline_stories(line.id)
    members = [a for story in timeline for a in store.story_articles(story.id)]
    story_of = {a.id: a.story for a in members}
    return _render(request, "storyline.html", storyline=line, timeline=timeline, phrases=shared_phrases(members),
                   story_of=story_of, headline={s.id: s.headline for s in timeline}, requested=requested,
                   shared=store.names_shared_between([s.id for s in timeline]),
                   moves=store.storyline_moves(line.id))


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str):
    store = app_store(request)
    item = article_or_404(store, article_id)
    return _render(request, "article.html", a=item, paragraphs=marked_paragraphs(item),
                   moves=store.article_moves(item.id), entities=_entity_list(item),
                   opinion_count=sum(s.opinion for s in item.sentences))


@router.get("/entities", response_class=HTMLResponse)
def entities_page(request: Request, q: str | None = Query(None, max_length=200),
                  label: str | None = Query(None, max_length=40), page: int = Query(1, ge=1, le=100_000)):
    try:
        kind, not_a_kind = entity_label(label), None
    except ValueError as error:  # said on the page, not applied, as a date filter that is no day
        kind, not_a_kind = None, str(error)
    filters = {name: value for name, value in (("q", q and q.strip()), ("label", kind)) if value}
    paged = _EntityPages(request.url.path, page, filters)
    items, total = app_store(request).query_entities(q=filters.get("q"), label=kind, limit=paged.size,
                                                     offset=paged.offset)
    return _render(request, "entities.html", entities=items, total=total, q=q or "", label=kind, kinds=ENTITY_KINDS,
                   not_a_kind=not_a_kind, listing=paged, pages=paged.pages(total))


@router.get("/entities/{key:path}", response_class=HTMLResponse)
def entity_page(request: Request, key: str):
    if not key:  # "/entities/": the list
        return RedirectResponse("/entities", status_code=307)
    found = entity_or_404(app_store(request), key)
    spellings = {found["name"].casefold()}
    also_written = [n["name"] for n in found["names"]
                    if n["name"].casefold() not in spellings and not spellings.add(n["name"].casefold())]
    return _render(request, "entity.html", e=found, also_written=also_written)


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: str = Query("", max_length=MAX_SEARCH_CHARS),
                page: int = Query(1, ge=1, le=100_000)):
    store = app_store(request)
    q = q.strip()
    paged = _Pages(request.url.path, page, {"q": q})
    items, total = store.query_articles(q=q, limit=paged.size, offset=paged.offset) if q else ([], 0)
    bodies = store.article_bodies([item["id"] for item in items])
    items = [{**item, "passage": search_passage(bodies.get(item["id"], ""), q)} for item in items]
    found, story_total = store.query_stories(q=q, limit=SEARCH_STORIES) if q else ([], 0)
    return _render(request, "search.html", q=q, articles=items, total=total, stories=found, story_total=story_total,
                   listing=paged, pages=paged.pages(total), stories_link="/?" + urlencode({"q": q}))


PASSAGE_CHARS = 280  # as a lead is cut


def search_passage(body: str, box: str) -> list[tuple[str, bool]] | None:
    """The sentence of ``body`` where the search's words first stand, as (text, looked for) pieces to mark, cut
    to PASSAGE_CHARS around the first; None where none of its words is written as typed (the search matched a
    stem, or a name only): the lead stands in."""
    words = [word for group in parse_search(box).required for term in group for word in term.words]
    # a word's beginning, as the stemmed search matched it ("evacuations" finds "evacuated")
    beginnings = sorted({re.escape(w[:max(5, (len(w) + 1) // 2)] if len(w) > 5 else w) for w in words if w},
                        key=len, reverse=True)
    if not body or not beginnings:
        return None
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(beginnings) + r")\w*", re.IGNORECASE)
    first = pattern.search(body)
    if first is None:
        return None
    stop, line = body.rfind(". ", 0, first.start()), body.rfind("\n", 0, first.start())
    start = max(stop + 2 if stop >= 0 else 0, line + 1)  # after the sentence or line before, else the start
    ends = [i for i in (body.find(". ", first.end()), body.find("\n", first.end())) if i >= 0]
    end = min(ends) + 1 if ends else len(body)
    if end - start > PASSAGE_CHARS:  # a long sentence: the words around the first match
        start = max(start, first.start() - PASSAGE_CHARS // 3)
        end = min(end, start + PASSAGE_CHARS)
    text = body[start:end].strip()
    pieces, at = [], 0
    for match in pattern.finditer(text):
        pieces += [(text[at:match.start()], False), (match.group(0), True)]
        at = match.end()
    pieces.append((text[at:], False))
    lead = "… " if start > 0 and body[start - 1] not in ".\n " else ""
    return [(lead + pieces[0][0], False), *pieces[1:]] + ([("…", False)] if end < len(body) and
                                                           body[end - 1] not in ".\n" else [])


def coverage_chart(days: list[tuple[str, int]], articles: int = 0, width: int = 160, height: int = 28) -> dict | None:
    """Bars of articles per day across the story's span (an inline SVG in the list); ``undated``: how many of
    its ``articles`` have no day to stand on, said beside the bars."""
    if not days:
        return None
    from datetime import date

    first, last = date.fromisoformat(days[0][0]), date.fromisoformat(days[-1][0])
    span = max(1, (last - first).days + 1)
    peak = max(count for _, count in days)
    slot = min(width / span, 18.0)  # a day's column; a short story's bars stay narrow, right-aligned
    bar = max(2.0, slot - 2)
    left = width - slot * span
    bars = []
    for day, count in days:
        x = left + (date.fromisoformat(day) - first).days * slot
        h = max(2.0, height * count / peak)
        bars.append({"x": round(x, 1), "y": round(height - h, 1), "w": round(bar, 1), "h": round(h, 1),
                     "label": f"{day}: {count} article{'s' if count != 1 else ''}"})
    return {"bars": bars, "width": width, "height": height, "first": days[0][0], "last": days[-1][0],
            "undated": max(0, articles - sum(count for _, count in days))}


@dataclass
class Segment:
    text: str
    classes: str = ""
    title: str = ""
    link: str | None = None


def marked_paragraphs(article: Article) -> list[dict]:
    """The body as paragraphs of segments marked as entity, quote or opinion (escaped when rendered)."""
    body = article.body
    marks: list[tuple[int, int, str, str, str | None]] = []
    for sentence in article.sentences:
        if sentence.opinion:
            marks.append((sentence.start, sentence.end, "opinion", f"opinion: {sentence.reason or ''}", None))
    for quote in article.quotes:
        start = quote.content_start if quote.content_start is not None else quote.start
        end = quote.content_end if quote.content_end is not None else quote.end
        marks.append((start, end, f"quote {quote.kind}", f"{quote.kind} quote: {quote.speaker or 'unattributed'}", None))
    for entity in article.entities:
        marks.append((entity.start, entity.end, f"entity {entity.label.lower()}", f"{entity.label}: {entity.canonical}",
                      entity_href(name_key(entity.canonical, entity.label))))
    cuts = sorted({0, len(body), *(m[0] for m in marks), *(m[1] for m in marks)})
    cuts = [c for c in cuts if 0 <= c <= len(body)]
    paragraphs: list[list[Segment]] = [[]]
    for start, end in zip(cuts, cuts[1:]):
        active = [m for m in marks if m[0] <= start and end <= m[1]]
        classes = " ".join(dict.fromkeys(m[2] for m in active))
        title = "; ".join(m[3] for m in active)
        link = next((m[4] for m in active if m[4]), None)
        pieces = body[start:end].split("\n\n")
        for number, piece in enumerate(pieces):
            if number:
                paragraphs.append([])
            if piece:
                paragraphs[-1].append(Segment(piece, classes, title, link))
    kinds = [b.kind for b in article.blocks] if len(article.blocks) == len(paragraphs) else []
    return [{"kind": kinds[i] if kinds else "paragraph", "segments": segments}
            for i, segments in enumerate(paragraphs) if segments]


def _entity_list(article: Article) -> list[dict]:
    counts: dict[tuple[str, str], int] = {}
    for entity in article.entities:
        counts[(entity.canonical, entity.label)] = counts.get((entity.canonical, entity.label), 0) + 1
    return [{"name": name, "label": label, "count": count, "key": name_key(name, label)}
            for (name, label), count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
