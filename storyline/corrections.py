"""Corrections by hand: a reader who sees two events in one story (or one event in two) moves articles; one
who sees a story in the wrong thread moves it to another storyline.

A move is recorded (what went where, when, and the note given), never a silent
reshuffle. The stories involved are rebuilt from the articles they now hold and
the grouping state is saved with the move, so articles ingested afterwards are
compared with the corrected stories, in this process or any other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy

from storyline.cluster.assign import Move, Relink, StoryAssigner
from storyline.cluster.embed import vector_of
from storyline.model import Article
from storyline.store import Store

NEW_STORY = "new"  # the target that asks for a story (or storyline) of their own
FOLLOWER_ARTICLES = 2000  # a move's followers are looked for among the latest this many originals it left


class CorrectionError(ValueError):
    """A correction that cannot be made as asked: names the article or story and what is wrong.

    ``missing``: an article or story named does not exist (else it exists but cannot be moved as asked)."""

    def __init__(self, message: str, missing: bool = False):
        super().__init__(message)
        self.missing = missing


@dataclass
class MoveResult:
    story: str  # where the articles are now
    storyline: str | None
    new_story: bool
    moved: list[str]  # the articles named, moved
    copies: list[str]  # their copies, moved with them
    already_there: list[str] = field(default_factory=list)  # named, but already in the story
    moves: list[Move] = field(default_factory=list)
    # articles left behind that may have joined through a moved one: to move too, if a reader agrees
    followers: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"story": self.story, "storyline": self.storyline, "new_story": self.new_story, "moved": self.moved,
                "copies": self.copies, "already_there": self.already_there, "followers": self.followers}


def move_articles(store: Store, article_ids: list[str], to: str, note: str | None = None,
                  story_ids: list[str] | None = None, detach: bool = False) -> MoveResult:
    """Move the articles (ids or unique prefixes; each with its copies), and every article of the stories
    ``story_ids`` (two stories found to be one), to story ``to``, or to one new story of their own when ``to`` is
    "new"; with ``detach``, articles taken for copies are no copies: each moves alone, as an original. Nothing is
    changed when any of them cannot be moved."""
    if not article_ids and not story_ids:
        raise CorrectionError("nothing to move: name at least one article or story")
    note = (note or "").strip() or None
    with store.grouping_lock():  # one grouping at a time: an ingest must not decide on the stories half-moved
        given_articles = [_stored_article(store, given, detach) for given in article_ids]
        stories = {article.id: article.story for article in given_articles}  # article id -> its story
        detached = frozenset(article.id for article in given_articles if article.duplicate_of)
        for given in story_ids or []:
            story = _live_story(store, given)
            stories.update((article.id, story) for article in store.story_articles(story) if not article.duplicate_of)
        named = list(stories)
        target = None
        if to != NEW_STORY:
            target = _live_story(store, to, f" or {NEW_STORY!r}")
        # a copy detached stays where it is when that is where it goes: it is unfolded there, as an original
        already = [article_id for article_id in named if stories[article_id] == target and article_id not in detached]
        moving = [article_id for article_id in named if stories[article_id] != target or article_id in detached]
        if not moving:
            raise CorrectionError(f"{_listed(already)} already in story {target}")
        if target is None and not detached and len(sources := set(stories.values())) == 1:
            whole = sources.pop()  # a new story of all its originals would only give the story a new id
            if set(named) == {a.id for a in store.story_articles(whole) if not a.duplicate_of}:
                raise CorrectionError(f"{_listed(named)} already {'makes' if len(named) == 1 else 'make'} up story "
                                      f"{whole} alone: nothing to move")
        assigner = store.load_assigner(StoryAssigner.for_embeddings())
        involved = sorted({stories[a] for a in moving} | ({target} if target else set()))
        members = store.grouping_members(involved)
        left = sorted({line for story in involved if (line := assigner.stories[story].storyline)})
        moves = assigner.move(moving, target, members, note, store.storyline_story_ids(left), detached)
        story = moves[0].to_story
        storyline = assigner.stories[story].storyline
        store.save_moves(moves, assigner, detached)
    named_moved = set(moving)
    copies = [move.article for move in moves if move.article not in named_moved]
    return MoveResult(story=story, storyline=storyline, new_story=target is None, moved=moving, copies=copies,
                      already_there=already, moves=moves, followers=_followers(members, moves))


def _followers(members: list[Article], moves: list[Move]) -> list[str]:
    """The originals left in the stories the moved articles came from that may have joined through a moved one:
    in arrival order, each whose nearest article among those it could have joined (the moved ones, the followers
    found before it, and what stays that came before it) is a moved one or a follower. A wrong join brings its
    event's later reports in after it, surely (they are near it), and they stay when only the join a reader saw
    is moved."""
    moved = {move.article for move in moves if move.from_story != move.to_story}
    left = {move.from_story for move in moves if move.article in moved}
    weighed = [a for a in members  # a moved article's story is already its new one
               if (a.story in left or a.id in moved) and a.embedding and not a.duplicate_of][-FOLLOWER_ARTICLES:]
    position = {article.id: index for index, article in enumerate(weighed)}  # in arrival order, as members come
    through = [position[a] for a in moved if a in position]  # the moved ones and, as found, their followers
    if not through:
        return []
    vectors = numpy.stack([vector_of(article.embedding) for article in weighed])
    similar = vectors @ vectors.T
    first = min(through)
    before: dict[str, list[int]] = {story: [] for story in left}  # what stays in each, come before the one weighed
    found = []
    for index, article in enumerate(weighed):
        if article.id in moved or article.story not in left:
            continue
        earlier = before[article.story]
        if index > first and earlier and similar[index, through].max() > similar[index, earlier].max():
            found.append(article.id)
            through.append(index)
            continue
        earlier.append(index)
    return found


@dataclass
class RelinkResult:
    storyline: str  # where the stories are now
    new_storyline: bool
    moved: list[str]
    already_there: list[str] = field(default_factory=list)
    relinks: list[Relink] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"storyline": self.storyline, "new_storyline": self.new_storyline, "moved": self.moved,
                "already_there": self.already_there}


def relink_stories(store: Store, story_ids: list[str], to: str, note: str | None = None) -> RelinkResult:
    """Move stories to storyline ``to``, or to one new storyline of their own when ``to`` is "new". Nothing is
    changed when any of them cannot be moved."""
    if not story_ids:
        raise CorrectionError("nothing to move: name at least one story")
    note = (note or "").strip() or None
    with store.grouping_lock():
        named = []
        for given in story_ids:
            named.append(store.get_story(_live_story(store, given)))
        named = list({story.id: story for story in named}.values())
        target = None
        if to != NEW_STORY:
            target = store.live_storyline_id(_whole_id(store.find_storyline_id, to))
            if target is None:
                raise CorrectionError(f"no storyline {to!r}: give a storyline id (`storyline storylines`) or "
                                      f"{NEW_STORY!r}", missing=True)
        already = [story.id for story in named if story.storyline == target]
        moving = [story.id for story in named if story.storyline != target]
        if not moving:
            raise CorrectionError(f"{_listed(already, 'story', 'stories')} already in storyline {target}")
        lines = {story.storyline for story in named}
        line = lines.pop() if len(lines) == 1 else None
        if target is None and line and {s.id for s in named} == set(store.storyline_story_ids([line])[line]):
            raise CorrectionError(f"{_listed(moving, 'story', 'stories')} already "  # a new one: only a new id
                                  f"{'makes' if len(moving) == 1 else 'make'} up storyline {line} alone: "
                                  "nothing to move")
        assigner = store.load_assigner(StoryAssigner.for_embeddings())
        involved = sorted({story.storyline for story in named if story.id in moving} | ({target} if target else set()))
        relinks = assigner.relink(moving, target, store.storyline_story_ids(involved), note)
        store.save_relinks(relinks, assigner)
    return RelinkResult(storyline=relinks[0].to_storyline, new_storyline=target is None, moved=moving,
                        already_there=already, relinks=relinks)


def _live_story(store: Store, given: str, or_else: str = "") -> str:
    """The story named, which must be one today: a story merged into another is part of that one, and moving
    what it now holds (or moving articles to it) is asked by naming that story, not by the old id."""
    whole = _whole_id(store.find_story_id, given)
    live = store.live_story_id(whole)
    if live is None:
        raise CorrectionError(f"no story {given!r}: give a story id (`storyline stories`){or_else}", missing=True)
    if live != whole:
        merged = any(merge["story"] == whole for merge in store.story_merges(live))
        emptied = not merged and any(move["from"] == whole for move in store.story_moves(whole))
        went = f"'s articles were moved by hand to story {live}" if emptied else f" was merged into story {live}"
        raise CorrectionError(f"story {whole}{went}: name {live}, the story they are part of now")
    return live


def _whole_id(find, given: str) -> str:
    """The whole id a unique prefix stands for ("s80c"), else what was given; an ambiguous prefix is an error."""
    try:
        return find(given) or given
    except ValueError as error:
        raise CorrectionError(str(error)) from None


def _stored_article(store: Store, given: str, detach: bool = False) -> Article:
    """A stored article that can be moved: one with a story, not a copy (its original moves it) unless it is to
    be ``detach``ed from its original."""
    article = store.get_article(_whole_id(store.find_article_id, given))
    if article is None:
        raise CorrectionError(f"no article {given!r}: give an article id or a unique prefix of it", missing=True)
    if article.story is None:
        raise CorrectionError(f"article {article.id} is in no story ({article.note or 'no article text'})")
    if article.duplicate_of and not detach:
        raise CorrectionError(f"article {article.id} is a copy of article {article.duplicate_of}: move that one, "
                              "and its copies go with it (or, if it is no copy, detach it: --detach, in the API "
                              "\"detach\": true)")
    return article


def _listed(ids: list[str], one: str = "article", many: str = "articles") -> str:
    return f"{one if len(ids) == 1 else many} " + ", ".join(ids)
