"""Corrections by hand: a reader who sees two events in one story (or one event in two) moves articles; one
who sees a story in the wrong thread moves it to another storyline.

A move is recorded (what went where, when, and the note given), never a silent
reshuffle. The stories involved are rebuilt from the articles they now hold and
the grouping state is saved with the move, so articles ingested afterwards are
compared with the corrected stories, in this process or any other.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy

from storyline.cluster.assign import Move, Relink, StoryAssigner, event_date
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
                  story_ids: list[str] | None = None, detach: bool = False,
                  imported: list[tuple[str, str]] = ()) -> MoveResult:
    """Move the articles (ids or unique prefixes; each with its copies), and every article of the stories
    ``story_ids`` (two stories found to be one), to story ``to``, or to one new story of their own when ``to`` is
    "new"; with ``detach``, articles taken for copies are no copies: each moves alone, as an original. Nothing is
    changed when any of them cannot be moved. ``imported``: the exported corrections the move makes again."""
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
        store.save_moves(moves, assigner, detached, imported)
    named_moved = set(moving)
    copies = [move.article for move in moves if move.article not in named_moved]
    return MoveResult(story=story, storyline=storyline, new_story=target is None, moved=moving, copies=copies,
                      already_there=already, moves=moves, followers=_followers(members, moves))


def _followers(members: list[Article], moves: list[Move]) -> list[str]:
    """The originals left in the stories the moved articles came from that may have joined through a moved one:
    in arrival order, each whose nearest article among those it could have joined (the moved ones, the followers
    found before it, and what stays that came before it) is a moved one or a follower; not one dated before the
    moved reports' first day (a day-three report read after a fine months later). A wrong join brings its
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
    moved_days = [event_date(weighed[i]) for i in through]
    opened = min(moved_days) if None not in moved_days else None  # the day the moved reports' event began
    before: dict[str, list[int]] = {story: [] for story in left}  # what stays in each, come before the one weighed
    found = []
    for index, article in enumerate(weighed):
        if article.id in moved or article.story not in left:
            continue
        earlier = before[article.story]
        day = event_date(article)
        if opened is not None and day is not None and day < opened:
            earlier.append(index)  # a report of a day before that event (read later) came through none of it
            continue
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


def relink_stories(store: Store, story_ids: list[str], to: str, note: str | None = None,
                   imported: list[tuple[str, str]] = ()) -> RelinkResult:
    """Move stories to storyline ``to``, or to one new storyline of their own when ``to`` is "new". Nothing is
    changed when any of them cannot be moved. ``imported``: the exported corrections the move makes again."""
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
        store.save_relinks(relinks, assigner, imported)
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


# Corrections exported from one database (`storyline export corrections`), made again in another: a database
# rebuilt from the same articles, or a team's PostgreSQL after a reader's SQLite. Articles keep their ids (the hash
# of their raw bytes); a story is named after the article that began it ("s" + its first 12 hex digits), and a
# storyline after its first story, so ids are found again even where this database numbered things otherwise.
# Stories and storylines a correction made ("to new") get new ids here: later corrections naming them follow.

@dataclass
class CorrectionRecord:
    """One exported record: an article moved between stories, or a story between storylines."""

    line: int  # in the file read (a CSV's header is line 1; a Parquet row counts from 1)
    moved: str  # "article" or "story"
    id: str
    to: str
    to_new: bool
    note: str | None
    moved_at: str


@dataclass
class ImportReport:
    made: list[str] = field(default_factory=list)  # one line per correction made
    already: list[str] = field(default_factory=list)  # ... found already made here
    failed: list[str] = field(default_factory=list)  # ... that could not be made, each with its reason

    def to_dict(self) -> dict:
        return {"made": self.made, "already": self.already, "failed": self.failed}


def read_corrections(path) -> tuple[list[CorrectionRecord], list[str]]:
    """The records of an export of corrections (JSON lines, CSV or Parquet, by the file's extension, else JSON
    lines), in the file's order, and a line for each record that is none (named by its line). The records the
    API gives for a story's or storyline's moves (``article``/``story``, ``new_story``/``new_storyline``) are
    read too. An unreadable file is a CorrectionError."""
    path = Path(path)
    suffix = path.suffix.lower()
    problems: list[str] = []
    try:
        if suffix == ".parquet":
            import pyarrow.parquet as pq

            rows = list(enumerate(pq.read_table(path).to_pylist(), start=1))
        elif suffix == ".csv":
            with path.open(encoding="utf-8-sig", newline="") as stream:
                reader = csv.DictReader(stream)
                rows = [(reader.line_num, row) for row in reader]
        else:
            rows = _json_lines(path, problems)
    except (OSError, UnicodeDecodeError, ValueError, ImportError) as error:
        raise CorrectionError(f"cannot read {path}: {error}") from None
    records = []
    for line, row in rows:
        try:
            records.append(_correction_record(line, row))
        except ValueError as error:
            problems.append(f"{path}, line {line}: {error}")
    return records, problems


def _json_lines(path: Path, problems: list[str]) -> list[tuple[int, object]]:
    """Each line's JSON value, numbered; a line that is no JSON is said in ``problems``."""
    rows = []
    with path.open(encoding="utf-8-sig") as stream:
        for line, text in enumerate(stream, start=1):
            if text.strip():
                try:
                    rows.append((line, json.loads(text)))
                except json.JSONDecodeError as error:
                    problems.append(f"{path}, line {line}: not JSON ({error.msg})")
    return rows


def _correction_record(line: int, row) -> CorrectionRecord:
    if not isinstance(row, dict):
        raise ValueError("not a record of a correction (a JSON object)")
    if row.get("moved") in ("article", "story"):
        moved, moved_id, new = row["moved"], row.get("id"), row.get("to_new")
    elif row.get("article"):  # the API's record of a move between stories
        moved, moved_id, new = "article", row["article"], row.get("new_story")
    elif row.get("story"):  # ... and between storylines
        moved, moved_id, new = "story", row["story"], row.get("new_storyline")
    else:
        raise ValueError("says no 'moved' (article or story) and no 'article' or 'story' it moved")
    to = row.get("to")
    for name, value in (("id", moved_id), ("to", to)):
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"no {name!r}: the {'article or story moved' if name == 'id' else 'place it went'}")
    if isinstance(new, str):  # CSV's "True" / "False"
        if new.strip().lower() not in ("true", "false", "1", "0", ""):
            raise ValueError(f"'to_new' is {new!r}, neither true nor false")
        new = new.strip().lower() in ("true", "1")
    note = row.get("note")
    return CorrectionRecord(line, moved, moved_id.strip(), to.strip(), bool(new),
                            note if isinstance(note, str) and note.strip() else None, str(row.get("moved_at") or ""))


def import_corrections(store: Store, records: list[CorrectionRecord]) -> ImportReport:
    """Make the exported corrections here, oldest first: the records one move wrote (same kind, time and target)
    are one move again. A correction already true here is left as it is, so importing a file twice changes
    nothing more; one that cannot be made is reported, and the others are still made."""
    report = ImportReport()
    stories_made: dict[str, str] = {}  # a story a correction made there -> the one it made here
    lines_made: dict[str, str] = {}
    for group in _one_move_each(records):
        first = group[0]
        where = f"line {first.line}" + (f"-{group[-1].line}" if len(group) > 1 else "")
        made_here = stories_made if first.moved == "article" else lines_made
        went = store.imported_to(first.moved, first.id, first.moved_at) if first.moved_at else None
        if went is not None:
            if first.to_new:
                made_here[first.to] = went
            report.already.append(f"{where}: {first.moved} {first.id} imported before (to {went})")
            continue
        keys = list(dict.fromkeys((record.id, record.moved_at) for record in group))
        try:
            if first.moved == "article":
                went, said = _move_again(store, group, stories_made, keys)
            else:
                went, said = _relink_again(store, group, stories_made, lines_made, keys)
        except (CorrectionError, ValueError) as error:
            report.failed.append(f"{where}: {error}")
            continue
        if first.to_new:
            made_here[first.to] = went.where
        if went.made:
            report.made.append(f"{where}: {said}")
        else:  # remembered all the same: a later correction may change what made it true
            store.remember_imported([(first.moved, *key, went.where) for key in keys])
            report.already.append(f"{where}: {said}")
    return report


@dataclass
class _Went:
    where: str  # the story or storyline here
    made: bool  # False: it was there already


def _one_move_each(records: list[CorrectionRecord]) -> list[list[CorrectionRecord]]:
    groups: list[list[CorrectionRecord]] = []
    for record in records:
        last = groups[-1][0] if groups else None
        if last and record.moved_at and (record.moved, record.moved_at, record.to, record.to_new) == (
                last.moved, last.moved_at, last.to, last.to_new):
            groups[-1].append(record)
        else:
            groups.append([record])
    return groups


def _move_again(store: Store, group: list[CorrectionRecord], stories_made: dict[str, str],
                keys: list[tuple[str, str]]) -> tuple[_Went, str]:
    found = []
    for given in dict.fromkeys(record.id for record in group):
        article = store.get_article(_whole_id(store.find_article_id, given))
        if article is None:
            raise CorrectionError(f"no article {given} in this database (ingest it first)", missing=True)
        if article.story is None:
            raise CorrectionError(f"article {article.id} is in no story here ({article.note or 'no article text'})")
        found.append(article)
    ids = {article.id for article in found}
    # a copy moved with its original follows it again; a copy moved without it was taken for no copy there
    moving = [article for article in found if not article.duplicate_of or article.duplicate_of not in ids]
    detached = [article for article in moving if article.duplicate_of]
    first = group[0]
    target = stories_made.get(first.to) or (store.live_story_id(first.to) if first.to_new
                                            else _story_here(store, first.to))
    said = f"{_listed([a.id for a in moving])} to {'a new story' if first.to_new else 'story ' + first.to}"
    if target is None:  # a new story: unless they make one up alone here already
        together = {article.story for article in moving}
        if not detached and len(together) == 1:
            alone = together.pop()
            if {a.id for a in moving} == {a.id for a in store.story_articles(alone) if not a.duplicate_of}:
                return _Went(alone, False), f"{said}: already story {alone} here"
    elif not detached and all(article.story == target for article in moving):
        return _Went(target, False), f"{said}: already in story {target} here"
    result = move_articles(store, [a.id for a in moving], target or NEW_STORY, _note_of(group, detached),
                           detach=bool(detached), imported=keys)
    return _Went(result.story, True), f"{said}: now story {result.story}"


def _note_of(group: list[CorrectionRecord], detached: list[Article]) -> str | None:
    """The reader's note; a detached copy's record begins "no copy of ID", which the move writes again."""
    for record in group:
        note = record.note or ""
        if detached and note.startswith("no copy of "):
            note = note.split(": ", 1)[1] if ": " in note else ""
        if note:
            return note
    return None


def _relink_again(store: Store, group: list[CorrectionRecord], stories_made: dict[str, str],
                  lines_made: dict[str, str], keys: list[tuple[str, str]]) -> tuple[_Went, str]:
    story_ids = list(dict.fromkeys(stories_made.get(record.id) or _story_here(store, record.id)
                                   for record in group))
    first = group[0]
    target = lines_made.get(first.to) or (store.live_storyline_id(first.to) if first.to_new
                                          else _storyline_here(store, first.to))
    said = (f"{_listed([r.id for r in group], 'story', 'stories')} to "
            f"{'a new storyline' if first.to_new else 'storyline ' + first.to}")
    lines = {store.get_story(story_id).storyline for story_id in story_ids}
    if target is None:
        line = next(iter(lines)) if len(lines) == 1 else None
        if line and set(story_ids) == set(store.storyline_story_ids([line])[line]):
            return _Went(line, False), f"{said}: already storyline {line} here"
    elif lines == {target}:
        return _Went(target, False), f"{said}: already in storyline {target} here"
    result = relink_stories(store, story_ids, target or NEW_STORY, first.note, imported=keys)
    return _Went(result.storyline, True), f"{said}: now storyline {result.storyline}"


def _story_here(store: Store, story_id: str) -> str:
    """The story here that an exported story id stands for: the same story, or (numbered otherwise here) the
    one holding the article that began it."""
    live = store.live_story_id(story_id)
    if live is not None:
        return live
    founder = store.find_article_id(story_id[1:]) if story_id.startswith("s") and len(story_id) > 8 else None
    article = store.get_article(founder) if founder else None
    if article is None or article.story is None:
        raise CorrectionError(f"no story {story_id} here, nor the article that began it", missing=True)
    return store.live_story_id(article.story) or article.story


def _storyline_here(store: Store, storyline_id: str) -> str:
    """The storyline here that an exported storyline id stands for: the same, or that of its first story."""
    live = store.live_storyline_id(storyline_id)
    if live is not None:
        return live
    try:
        story = _story_here(store, "s" + storyline_id[1:])
    except CorrectionError:
        raise CorrectionError(f"no storyline {storyline_id} here, nor the story it began with", missing=True) from None
    return store.get_story(story).storyline
