"""Corrections by hand: articles moved to another story or split off into their own, on a real SQLite store."""

from __future__ import annotations

import pytest
from test_grouping import COPY, OTHER_REPORT, UNRELATED, WIRE, make

from storyline.cluster.assign import StoryAssigner
from storyline.corrections import CorrectionError, move_articles, relink_stories
from storyline.model import Article
from storyline.pipeline import GroupingState
from storyline.store import Store

PEOPLE = ("Ilse Marrow", "Tomas Varga")
GLASSHOUSE_AGAIN = (
    "Queues formed outside the new desert glasshouse at the Kessa botanical garden on Sunday. "
    "Curator Lene Dahl showed visitors the cacti and succulents gathered over a decade. "
    "The glasshouse has three climate zones, from dry highland to coastal scrub, and children enter free."
)


def fused(url: str) -> tuple[Store, dict]:
    """A store where a garden opening was wrongly put in the strike's story (a join threshold of zero)."""
    store = Store(url)
    assigner = store.load_assigner(StoryAssigner(join_probability=0.0, merge_probability=2.0))
    articles = {
        "wire": make(WIRE, "2026-03-02", "Velmar dock workers strike", PEOPLE),
        "copy": make(COPY, "2026-03-02", "Strike halts Velmar port", PEOPLE),
        "other": make(OTHER_REPORT, "2026-03-03", "Ships wait off Velmar as strike goes on", PEOPLE),
        "garden": make(UNRELATED, "2026-03-03", "Kessa garden opens desert glasshouse", ("Lene Dahl",)),
    }
    decisions = {a.id: assigner.assign(a) for a in articles.values()}
    store.save_batch(list(articles.values()), decisions, assigner)
    assert articles["copy"].duplicate_of == articles["wire"].id
    assert len({a.story for a in articles.values()}) == 1
    return store, articles


def test_an_article_split_off_gets_its_own_story_and_the_next_report_of_its_event_joins_it(backend_url):
    store, articles = fused(backend_url)
    strike = articles["wire"].story
    result = move_articles(store, [articles["garden"].id[:10]], "new", note="a garden opening, not the strike")
    assert result.new_story and result.story != strike and result.moved == [articles["garden"].id]
    assert store.get_article(articles["garden"].id).story == result.story
    assert [m["note"] for m in store.story_moves(strike)] == ["a garden opening, not the strike"]
    stored = {s.id: s for s in store.list_stories()}
    assert stored[strike].article_count == 3 and stored[result.story].article_count == 1
    assert stored[result.story].headline == "Kessa garden opens desert glasshouse"
    # the strike story is rebuilt from its own reports: the garden's words left its profile
    restored = store.load_assigner(StoryAssigner())
    assert not {"glasshouse", "cacti", "e:lene dahl"} & restored.stories[strike].centroid.keys()
    assert "glasshouse" in restored.stories[result.story].centroid
    later = make(GLASSHOUSE_AGAIN, "2026-03-04", "Crowds at Kessa's new glasshouse", ("Lene Dahl",))
    decision = restored.assign(later)
    assert decision.story == result.story


def test_a_copy_moves_with_its_original_and_a_copy_alone_is_refused(tmp_path):
    store, articles = fused(f"sqlite:///{tmp_path / 's.db'}")
    with pytest.raises(CorrectionError, match=f"copy of article {articles['wire'].id}: move that one"):
        move_articles(store, [articles["copy"].id], "new")
    result = move_articles(store, [articles["wire"].id], "new")
    assert result.copies == [articles["copy"].id]
    assert {store.get_article(articles[k].id).story for k in ("wire", "copy")} == {result.story}
    assert store.get_article(articles["other"].id).story == articles["other"].story


def test_a_story_whose_articles_all_moved_leads_to_where_they_went_and_is_not_listed(backend_url):
    store, articles = fused(backend_url)
    garden = move_articles(store, [articles["garden"].id], "new").story
    strike = articles["wire"].story
    result = move_articles(store, [articles["wire"].id, articles["other"].id], garden)
    assert result.story == garden and result.copies == [articles["copy"].id]
    assert store.live_story_id(strike) == garden
    assert [s.id for s in store.list_stories()] == [garden]
    assert store.get_story(garden).article_count == 4
    assert sum(line.story_count for line in store.list_storylines()) == 1
    assert [(m["from"], m["to"]) for m in store.story_moves(strike)] == [(strike, garden)] * 4


def test_a_move_that_cannot_be_made_changes_nothing(tmp_path):
    store, articles = fused(f"sqlite:///{tmp_path / 's.db'}")
    strike = articles["wire"].story
    steps = store.grouping_steps()
    with pytest.raises(CorrectionError, match="no story 'nowhere'"):
        move_articles(store, [articles["garden"].id], "nowhere")
    with pytest.raises(CorrectionError, match="no article 'ffff'"):
        move_articles(store, [articles["garden"].id, "ffff"], "new")
    with pytest.raises(CorrectionError, match=f"already in story {strike}"):
        move_articles(store, [articles["garden"].id], strike)
    assert store.grouping_steps() == steps and store.story_moves(strike) == []
    assert {store.get_article(a.id).story for a in articles.values()} == {strike}


def test_a_process_holding_the_grouping_state_reloads_it_after_a_move(tmp_path):
    store, articles = fused(f"sqlite:///{tmp_path / 's.db'}")
    state = GroupingState.load(store)  # as a running server holds it
    result = move_articles(store, [articles["garden"].id], "new")
    current = state.current(store)
    assert result.story in current.assigner.stories
    assert current.assigner.stories[articles["wire"].story].article_count == 3


def test_the_api_moves_with_the_token_records_the_move_and_its_next_push_sees_the_corrected_story(examples_db,
                                                                                                   tmp_path):
    import shutil
    import sqlite3

    from fastapi.testclient import TestClient

    from storyline.web import create_app

    db = tmp_path / "s.db"
    shutil.copy(examples_db[0], db)
    client = TestClient(create_app(f"sqlite:///{db}", token="t0ken"))
    auth = {"Authorization": "Bearer t0ken"}
    with sqlite3.connect(db) as connection:
        column, story = connection.execute(  # the opinion outlet's report in a story of several articles
            "select a.id, a.story_id from articles a join stories s on s.id = a.story_id where a.source like "
            "'%civic-pulse%' and a.duplicate_of is null and s.article_count > 2 order by a.id limit 1").fetchone()
        largest = connection.execute("select id from stories where merged_into is null and id != ? "
                                     "order by article_count desc, seq limit 1", (story,)).fetchone()[0]
    request = {"articles": [column[:12]], "to": "new", "note": "a column"}
    assert client.post("/api/v1/moves", json=request).status_code == 401
    refused = client.post("/api/v1/moves", json={**request, "to": "s-none"}, headers=auth)
    assert refused.status_code == 404 and "no story 's-none'" in refused.json()["error"]["message"]
    there = client.post("/api/v1/moves", json={"articles": [column], "to": story}, headers=auth)
    assert there.status_code == 409 and "already in story" in there.json()["error"]["message"]
    moved = client.post("/api/v1/moves", json=request, headers=auth)
    assert moved.status_code == 201, moved.text
    result = moved.json()
    assert result["new_story"] and result["moved"] == [column] and result["story"] != story
    detail = client.get(f"/api/v1/stories/{result['story']}").json()
    assert [(m["article"], m["from"], m["to"], m["note"]) for m in detail["moves"]] == [
        (column, story, result["story"], "a column")]
    # this push loads the server's grouping state; the move after it must make the next push reload it
    first = {"title": "Ferry timetable changes in Velmar", "outlet": "Quay Times", "published": "2026-11-02",
             "text": "The Velmar ferry company changed its winter timetable on Monday, its harbourmaster said."}
    assert client.post("/api/v1/articles", json=first, headers=auth).status_code == 201
    again = client.post("/api/v1/moves", json={"articles": [column], "to": largest}, headers=auth)
    assert again.status_code == 201 and again.json()["story"] == largest
    with sqlite3.connect(db) as connection:
        steps = int(connection.execute("select value from settings where key = 'steps'").fetchone()[0])
    assert client.post("/api/v1/articles", json={**first, "title": "Velmar ferry: earlier crossings",
                                                  "text": first["text"] + " Crossings start at six."},
                       headers=auth).status_code == 201
    with sqlite3.connect(db) as connection:
        after = int(connection.execute("select value from settings where key = 'steps'").fetchone()[0])
        emptied = connection.execute("select merged_into, article_count from stories where id = ?",
                                     (result["story"],)).fetchone()
    assert after == steps + 1  # continued from the stored state, the move included, not from the stale one
    assert emptied == (largest, 0)


def test_a_whole_story_moved_into_another_brings_its_copies_and_is_left_leading_there(tmp_path):
    store, articles = fused(f"sqlite:///{tmp_path / 's.db'}")
    garden = move_articles(store, [articles["garden"].id], "new").story
    strike = articles["wire"].story
    with pytest.raises(CorrectionError, match="nothing to move"):
        move_articles(store, [], garden)
    with pytest.raises(CorrectionError, match="no story 's-none'"):
        move_articles(store, [], garden, story_ids=["s-none"])
    result = move_articles(store, [], garden, note="one event after all", story_ids=[strike])
    assert sorted(result.moved) == sorted(articles[k].id for k in ("wire", "other"))
    assert result.copies == [articles["copy"].id]
    assert store.live_story_id(strike) == garden and store.get_story(garden).article_count == 4


def test_any_sequence_of_moves_keeps_every_count_and_link_consistent(tmp_path):
    import random

    from sqlalchemy import text

    store, articles = fused(f"sqlite:///{tmp_path / 's.db'}")
    extra = [make(GLASSHOUSE_AGAIN, "2026-03-05", "Crowds at Kessa's new glasshouse", ("Lene Dahl",))]
    assigner = store.load_assigner(StoryAssigner())
    store.save_batch(extra, {a.id: assigner.assign(a) for a in extra}, assigner)
    originals = [a.id for a in [*articles.values(), *extra] if a.id != articles["copy"].id]
    chance = random.Random(7)
    for step in range(40):
        live = [s.id for s in store.list_stories()]
        to = chance.choice(live + ["new"])
        named = chance.sample(originals, chance.randint(1, 2))
        by_story = chance.random() < 0.2
        try:
            if by_story:
                move_articles(store, [], to, story_ids=[chance.choice(live)])
            else:
                move_articles(store, named, to)
        except CorrectionError as error:
            assert "already in story" in str(error) or "alone: nothing to move" in str(error), error
        with store.engine.connect() as connection:
            held = dict(connection.execute(text(
                "select story_id, count(*) from articles group by story_id")).all())
            stories = connection.execute(text("select id, article_count, merged_into, storyline_id from stories")).all()
            lines = dict(connection.execute(text("select id, story_count from storylines")).all())
        for story_id, count, merged_into, _ in stories:
            assert count == held.get(story_id, 0), (step, story_id)
            assert (merged_into is None) == (count > 0), (step, story_id)
        for line_id, count in lines.items():
            assert count == sum(1 for s in stories if s[3] == line_id and s[2] is None), (step, line_id)
        assert store.get_article(articles["copy"].id).story == store.get_article(articles["wire"].id).story
        assert {s.id for s in store.list_stories()} == set(held)
        assert sum(s.article_count for s in store.list_stories()) == 5
    restored = store.load_assigner(StoryAssigner())
    assert all(restored.stories[s.id].article_count == s.article_count for s in store.list_stories())


def threaded(url: str) -> tuple[Store, dict]:
    """A store where a garden opening that names the strike's two officials was threaded with the strike."""
    store = Store(url)
    assigner = store.load_assigner(StoryAssigner())
    articles = {
        "wire": make(WIRE, "2026-03-02", "Velmar dock workers strike", PEOPLE),
        "garden": make(UNRELATED, "2026-03-04", "Kessa garden opens desert glasshouse", (*PEOPLE, "Lene Dahl")),
    }
    store.save_batch(list(articles.values()), {a.id: assigner.assign(a) for a in articles.values()}, assigner)
    assert articles["wire"].story != articles["garden"].story
    assert articles["wire"].storyline == articles["garden"].storyline
    return store, articles


def test_a_story_moved_to_a_thread_of_its_own_is_recorded_and_the_next_story_of_its_thread_follows_it(backend_url):
    from storyline.corrections import relink_stories

    store, articles = threaded(backend_url)
    strike_line, garden = articles["wire"].storyline, articles["garden"].story
    result = relink_stories(store, [garden], "new", note="a garden, not the strike")
    assert result.new_storyline and result.moved == [garden] and result.storyline != strike_line
    assert store.get_story(garden).storyline == result.storyline
    assert {(line.id, line.story_count) for line in store.list_storylines()} == {(strike_line, 1),
                                                                                 (result.storyline, 1)}
    assert [(m["story"], m["from"], m["note"]) for m in store.storyline_moves(strike_line)] == [
        (garden, strike_line, "a garden, not the strike")]
    assigner = store.load_assigner(StoryAssigner())
    assert "e:lene dahl" not in assigner.storylines[strike_line].profile
    assert "e:lene dahl" in assigner.storylines[result.storyline].profile
    # six weeks on, a new story names the curator and one of the officials: it continues the garden's thread
    later = make("The Kessa botanical garden's desert glasshouse closed for repairs after a storm damaged its roof. "
                 "Curator Lene Dahl said the cacti had been moved to the old palm house.", "2026-04-20",
                 "Storm closes Kessa glasshouse", ("Lene Dahl", "Ilse Marrow"))
    decision = assigner.assign(later)
    assert decision.new_story and decision.storyline == result.storyline
    with pytest.raises(CorrectionError, match=f"story {garden} already in storyline {result.storyline}"):
        relink_stories(store, [garden], result.storyline)
    # alone in its thread: a new thread of it would only give the thread a new id (and retire this one)
    with pytest.raises(CorrectionError, match=f"story {garden} already makes up storyline {result.storyline} alone"):
        relink_stories(store, [garden], "new")
    with pytest.raises(CorrectionError, match="no storyline 'l-none'"):
        relink_stories(store, [garden], "l-none")


def test_a_storyline_whose_stories_were_all_moved_leads_to_where_they_went(tmp_path):
    from storyline.corrections import relink_stories

    store, articles = threaded(f"sqlite:///{tmp_path / 's.db'}")
    strike_line, garden = articles["wire"].storyline, articles["garden"].story
    own = relink_stories(store, [garden], "new").storyline
    relink_stories(store, [articles["wire"].story], own)
    assert store.live_storyline_id(strike_line) == own
    assert [(line.id, line.story_count) for line in store.list_storylines()] == [(own, 2)]
    back = relink_stories(store, [garden], "new")
    assert store.live_storyline_id(own) == own and store.get_storyline(back.storyline).story_count == 1
    # a move undone: a thread emptied leads to where its story is now, not to the thread it first went to
    store, articles = threaded(f"sqlite:///{tmp_path / 't.db'}")
    strike_line, garden = articles["wire"].storyline, articles["garden"].story
    own = relink_stories(store, [garden], "new").storyline
    relink_stories(store, [garden], strike_line)  # own is emptied into the strike's thread, which holds more
    alone = relink_stories(store, [garden], "new").storyline
    assert store.live_storyline_id(own) == alone != strike_line


def test_the_api_moves_stories_between_storylines_with_the_token_and_records_it(examples_db, tmp_path):
    import shutil

    from fastapi.testclient import TestClient

    from storyline.web import create_app

    db = tmp_path / "s.db"
    shutil.copy(examples_db[0], db)
    client = TestClient(create_app(f"sqlite:///{db}", token="t0ken"))
    auth = {"Authorization": "Bearer t0ken"}
    threads = client.get("/api/v1/storylines").json()["items"]
    line = next(t for t in threads if t["story_count"] >= 2)
    story = client.get(f"/api/v1/storylines/{line['id']}").json()["stories"][-1]["id"]
    request = {"stories": [story], "to": "new", "note": "its own thread"}
    assert client.post("/api/v1/relinks", json=request).status_code == 401
    assert client.post("/api/v1/relinks", json={**request, "to": "l-none"}, headers=auth).status_code == 404
    assert client.post("/api/v1/relinks", json={**request, "to": line["id"]}, headers=auth).status_code == 409
    moved = client.post("/api/v1/relinks", json=request, headers=auth)
    assert moved.status_code == 201, moved.text
    own = moved.json()["storyline"]
    detail = client.get(f"/api/v1/storylines/{own}").json()
    assert [s["id"] for s in detail["stories"]] == [story]
    assert [(m["story"], m["from"], m["to"], m["note"]) for m in detail["moves"]] == [
        (story, line["id"], own, "its own thread")]
    assert client.get(f"/api/v1/stories/{story}").json()["storyline_moves"] == detail["moves"]
    assert client.get(f"/api/v1/storylines/{line['id']}").json()["storyline"]["story_count"] == line["story_count"] - 1


def test_a_story_relinked_by_hand_into_a_later_thread_does_not_rename_it(examples_db, tmp_path):
    """The thread is titled by its earliest story, but a story a user puts in it from months before (a library
    fire in a contracts scandal) is an addition: the thread keeps its name."""
    import shutil

    db = tmp_path / "s.db"
    shutil.copy(examples_db[0], db)
    store = Store(f"sqlite:///{db}")
    threads = {line.id: line for line in store.list_storylines()}
    thread = max(threads.values(), key=lambda line: (line.story_count, line.first_published))
    earlier = next(s for s in store.list_stories() if s.first_published < thread.first_published
                   and s.storyline != thread.id)
    relink_stories(store, [earlier.id], thread.id, note="the same council")
    assert store.get_story(earlier.id).storyline == thread.id
    assert store.get_storyline(thread.id).title == thread.title != earlier.headline
    assert store.get_storyline(thread.id).first_published == earlier.first_published


def test_uncertain_joins_are_listed_least_certain_first_without_first_articles_copies_or_moved_ones(tmp_path):
    store, articles = fused(f"sqlite:///{tmp_path / 's.db'}")  # a join threshold of zero: every join is a guess
    joins, total = store.uncertain_joins(1.0)
    listed = [j["article"] for j in joins]
    assert total == len(joins) and set(listed) == {articles["other"].id, articles["garden"].id}
    assert [j["probability"] for j in joins] == sorted(j["probability"] for j in joins)
    assert all(j["story"] == articles["wire"].story and j["story_articles"] == 4 for j in joins)
    lowest = joins[0]["probability"]
    assert store.uncertain_joins(lowest)[1] == 0 and store.uncertain_joins(1.0, limit=1, offset=1)[0] == joins[1:]
    move_articles(store, [articles["garden"].id], "new")
    assert [j["article"] for j in store.uncertain_joins(1.0)[0]] == [articles["other"].id]


def test_every_correction_is_exported_oldest_first_in_each_format(tmp_path):
    import csv
    import io

    import pyarrow.parquet as pq

    from storyline.corrections import relink_stories
    from storyline.export import records, write

    store, articles = threaded(f"sqlite:///{tmp_path / 's.db'}")
    garden = articles["garden"]
    own = relink_stories(store, [garden.story], "new", note="a garden").storyline
    moved = move_articles(store, [articles["wire"].id], garden.story).story
    exported = list(records(store, "corrections"))
    assert exported[0] == {"moved": "story", "id": garden.story, "from": articles["wire"].storyline, "to": own,
                           "to_new": True, "note": "a garden", "moved_at": exported[0]["moved_at"]}
    assert [(e["moved"], e["id"], e["to"], e["to_new"]) for e in exported[1:]] == [
        ("article", articles["wire"].id, moved, False)]
    assert [e["moved_at"] for e in exported] == sorted(e["moved_at"] for e in exported)
    stream = io.StringIO()
    assert write(iter(exported), "csv", stream=stream) == 2
    assert [row["id"] for row in csv.DictReader(io.StringIO(stream.getvalue()))] == [e["id"] for e in exported]
    assert write(iter(exported), "parquet", path=str(tmp_path / "c.parquet")) == 2
    assert pq.read_table(tmp_path / "c.parquet").to_pylist() == exported


def test_a_copy_that_began_its_story_is_founded_there_and_a_copy_once_moved_by_hand(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    assigner = store.load_assigner(StoryAssigner())
    # the copy arrives first, then the wire it copied, published a day earlier: the wire becomes the original
    copy = make(COPY, "2026-03-03", "Strike halts Velmar port", PEOPLE)
    wire = make(WIRE, "2026-03-02", "Velmar dock workers strike", PEOPLE)
    garden = make(GLASSHOUSE_AGAIN, "2026-03-05", "Crowds at Kessa's new glasshouse", ("Lene Dahl",))
    decisions = {a.id: assigner.assign(a) for a in (copy, wire, garden)}
    store.save_batch([copy, wire, garden], decisions, assigner)
    stored = {k: store.get_article(a.id) for k, a in (("copy", copy), ("wire", wire))}
    assert stored["copy"].duplicate_of == wire.id and stored["wire"].duplicate_of is None
    assert (stored["copy"].joined, stored["wire"].joined) == ("founded", "scored")
    assert store.get_article(garden.id).story != stored["wire"].story
    # the wire and its copy are the whole story: a new story of them would only give it a new id
    with pytest.raises(CorrectionError, match=f"already makes up story {stored['wire'].story} alone"):
        move_articles(store, [wire.id], "new")
    move_articles(store, [wire.id], garden.story)
    moved = {k: store.get_article(a.id) for k, a in (("copy", copy), ("wire", wire))}
    assert moved["copy"].story == moved["wire"].story == store.get_article(garden.id).story
    assert (moved["copy"].joined, moved["wire"].joined) == ("copy", "moved")


def test_a_story_id_emptied_into_another_is_refused_as_source_or_target_and_nothing_moves(tmp_path):
    store, articles = fused(f"sqlite:///{tmp_path / 's.db'}")
    garden = move_articles(store, [articles["garden"].id], "new").story
    strike = articles["wire"].story
    move_articles(store, [], garden, story_ids=[strike])
    before = {a.id: (a.story, a.storyline) for a in store.iter_articles()}
    merged = f"story {strike}'s articles were moved by hand to story {garden}: name {garden}, the story they"
    with pytest.raises(CorrectionError, match=merged):
        move_articles(store, [articles["other"].id], strike)
    with pytest.raises(CorrectionError, match=merged):
        move_articles(store, [], "new", story_ids=[strike])
    with pytest.raises(CorrectionError, match=merged):
        relink_stories(store, [strike], "new")
    assert {a.id: (a.story, a.storyline) for a in store.iter_articles()} == before


def test_a_story_relinked_to_a_thread_of_its_own_stays_there_when_it_grows(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    assigner = store.load_assigner(StoryAssigner())
    officials = (*PEOPLE, "Anna Kessel")  # names enough in common for a grown story to rejoin the strike's thread
    wire = make(WIRE, "2026-03-02", "Velmar dock workers strike", officials)
    opening = make(UNRELATED, "2026-03-04", "Kessa garden opens desert glasshouse", (*officials, "Lene Dahl"))
    store.save_batch([wire, opening], {a.id: assigner.assign(a) for a in (wire, opening)}, assigner)
    assert wire.story != opening.story and wire.storyline == opening.storyline
    own = relink_stories(store, [opening.story], "new").storyline
    assigner = store.load_assigner(StoryAssigner())
    again = make(GLASSHOUSE_AGAIN, "2026-03-04", "Crowds at Kessa's new glasshouse", (*officials, "Lene Dahl"))
    decision = assigner.assign(again)
    store.save_batch([again], {again.id: decision}, assigner)
    assert decision.story == opening.story  # grown to two reports: a lone story looks for the thread it continues
    assert store.get_story(opening.story).storyline == own
    assert {(line.id, line.story_count) for line in store.list_storylines()} == {(wire.storyline, 1), (own, 1)}


def test_articles_moved_out_narrow_the_span_of_the_storyline_they_left(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    assigner = store.load_assigner(StoryAssigner(join_probability=0.0, merge_probability=2.0))
    wire = make(WIRE, "2026-03-02", "Velmar dock workers strike", PEOPLE)
    garden = make(UNRELATED, "2026-03-09", "Kessa garden opens desert glasshouse", ("Lene Dahl",))
    store.save_batch([wire, garden], {a.id: assigner.assign(a) for a in (wire, garden)}, assigner)
    line = wire.storyline
    assert (store.get_storyline(line).first_published, store.get_storyline(line).last_published) == (
        "2026-03-02", "2026-03-09")
    moved = move_articles(store, [garden.id], "new")
    assert moved.storyline != line
    assert (store.get_storyline(line).first_published, store.get_storyline(line).last_published) == (
        "2026-03-02", "2026-03-02")


def test_an_article_wrongly_taken_for_a_copy_is_detached_as_an_original_alone_or_where_it_is(tmp_path):
    store, articles = fused(f"sqlite:///{tmp_path / 's.db'}")
    wire, copy, strike = articles["wire"].id, articles["copy"].id, articles["wire"].story
    result = move_articles(store, [copy[:10]], "new", note="its own report", detach=True)
    assert result.new_story and result.moved == [copy] and result.copies == []
    moved = store.get_article(copy)
    assert moved.duplicate_of is None and moved.story == result.story and moved.joined == "moved"
    assert store.get_article(wire).story == strike  # the original stays, alone of its family
    assert [m["note"] for m in store.story_moves(result.story)] == [f"no copy of {wire}: its own report"]
    restored = store.load_assigner(StoryAssigner())
    assert restored.stories[result.story].centroid  # its words count for its story now, as an original's do
    # a copy detached where it is stays in its story, unfolded there
    again = fused(f"sqlite:///{tmp_path / 't.db'}")[0]
    in_place = move_articles(again, [copy], strike, detach=True)
    assert in_place.story == strike and again.get_article(copy).duplicate_of is None
    assert again.get_story(strike).article_count == 4


def test_a_story_begun_by_an_article_that_nearly_joined_another_is_listed_until_corrected(tmp_path):
    from fastapi.testclient import TestClient

    from storyline.web import create_app

    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    assigner = store.load_assigner(StoryAssigner(join_probability=1.01, merge_probability=2.0))  # nothing joins
    first = make(WIRE, "2026-03-02", "Velmar dock workers strike", PEOPLE)
    second = make(OTHER_REPORT, "2026-03-03", "Ships wait off Velmar as strike goes on", PEOPLE)
    garden = make(UNRELATED, "2026-03-03", "Kessa garden opens desert glasshouse", ("Lene Dahl",))
    decisions = {a.id: assigner.assign(a) for a in (first, second, garden)}
    store.save_batch([first, second, garden], decisions, assigner)
    listed, total = store.nearly_joined()
    assert total == 1 and [(i["article"], i["story"], i["nearest"]) for i in listed] == [
        (second.id, second.story, first.story)]
    assert listed[0]["probability"] == decisions[second.id].nearest_probability >= 0.2
    api = TestClient(create_app(f"sqlite:///{tmp_path / 's.db'}")).get("/api/v1/review/nearly-joined").json()
    assert (api["total"], api["items"][0]["nearest_headline"]) == (1, "Velmar dock workers strike")
    # the story it nearly joined moves on: the story it is part of now is named, along any chain of moves
    move_articles(store, [], garden.story, story_ids=[first.story])
    assert [i["nearest"] for i in store.nearly_joined()[0]] == [garden.story]
    move_articles(store, [], second.story, story_ids=[garden.story])  # a reader joins them: nothing left to list
    assert store.nearly_joined() == ([], 0)


def _all_in_one_story(tmp_path, articles: dict[str, Article]) -> Store:
    """The articles, embedded, grouped in arrival order into one story of a new database."""
    from storyline.cluster.embed import embed_articles

    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    assigner = store.load_assigner(StoryAssigner(join_probability=0.0, merge_probability=2.0))  # all in one story
    embed_articles(list(articles.values()))
    decisions = {a.id: assigner.assign(a) for a in articles.values()}
    store.save_batch(list(articles.values()), decisions, assigner)
    assert len({a.story for a in articles.values()}) == 1
    return store


def test_the_reports_that_joined_through_a_moved_article_are_named_to_move_too(tmp_path):
    articles = {
        "wire": make(WIRE, "2026-03-02", "Velmar dock workers strike", PEOPLE),
        "other": make(OTHER_REPORT, "2026-03-03", "Ships wait off Velmar as strike goes on", PEOPLE),
        "garden": make(UNRELATED, "2026-03-03", "Kessa garden opens desert glasshouse", ("Lene Dahl",)),
        "garden again": make(GLASSHOUSE_AGAIN, "2026-03-04", "Crowds at Kessa's new glasshouse", ("Lene Dahl",)),
    }
    store = _all_in_one_story(tmp_path, articles)
    # the garden's second report came in after the first, nearer to it than to the strike's: named, not moved
    result = move_articles(store, [articles["garden"].id], "new")
    assert result.followers == [articles["garden again"].id]
    assert store.get_article(articles["garden again"].id).story == articles["wire"].story
    # the last report has no follower, and the strike's reports, which came before it, are none
    assert move_articles(store, [articles["garden again"].id], result.story).followers == []


def test_a_report_dated_before_the_moved_ones_read_after_them_did_not_join_through_them(tmp_path):
    articles = {  # read out of date order: a report of 4 March after the one of 20 March that is moved
        "wire": make(WIRE, "2026-03-02", "Velmar dock workers strike", PEOPLE),
        "garden": make(UNRELATED, "2026-03-20", "Kessa garden opens desert glasshouse", ("Lene Dahl",)),
        "garden before": make(GLASSHOUSE_AGAIN, "2026-03-04", "Crowds at Kessa's new glasshouse", ("Lene Dahl",)),
    }
    store = _all_in_one_story(tmp_path, articles)
    assert move_articles(store, [articles["garden"].id], "new").followers == []


def test_stories_and_storylines_are_named_by_unique_prefixes_as_articles_are(tmp_path):
    store, articles = threaded(f"sqlite:///{tmp_path / 's.db'}")
    garden, strike = articles["garden"].story, articles["wire"].story
    moved = move_articles(store, [articles["garden"].id[:8]], strike[:5])  # "s80c…" as `storyline show` takes it
    assert moved.story == strike and store.get_article(articles["garden"].id).story == strike
    split = move_articles(store, [articles["garden"].id], "new")
    relinked = relink_stories(store, [split.story[:6]], "new")
    assert relinked.moved == [split.story]
    back = relink_stories(store, [split.story[:6]], articles["wire"].storyline[:5])
    assert back.storyline == articles["wire"].storyline
    with pytest.raises(CorrectionError, match="ambiguous"):
        move_articles(store, [articles["wire"].id], "s")  # every story id starts so
    assert garden != split.story  # the garden's first story was emptied by the move, not reused



def _grouping(store: Store) -> set[frozenset[str]]:
    """The stories as sets of their articles' ids (ids of stories differ between databases)."""
    held: dict[str, set[str]] = {}
    for story in store.list_stories():
        held[story.id] = {a.id for a in store.story_articles(story.id)}
    return {frozenset(ids) for ids in held.values()}


def test_corrections_exported_from_one_database_are_made_again_in_another_grouped_otherwise(tmp_path):
    from storyline.corrections import import_corrections, read_corrections
    from storyline.export import records, write

    source, articles = fused(f"sqlite:///{tmp_path / 'a.db'}")
    garden = move_articles(source, [articles["garden"].id], "new", note="a garden opening").story
    move_articles(source, [articles["copy"].id], "new", note="its own report", detach=True)
    move_articles(source, [articles["other"].id], garden, note="wrong on purpose")  # to a story a move made
    exported = tmp_path / "corrections.jsonl"
    with exported.open("w") as stream:
        write(records(source, "corrections"), "jsonl", stream=stream)
    # the same articles grouped by the default scorer: the garden is apart already, the copy folded
    target = Store(f"sqlite:///{tmp_path / 'b.db'}")
    assigner = target.load_assigner(StoryAssigner())
    again = {key: make(a.body, a.published, a.title, tuple(e.text for e in a.entities)) for key, a in articles.items()}
    target.save_batch(list(again.values()), {a.id: assigner.assign(a) for a in again.values()}, assigner)
    assert _grouping(target) != _grouping(source)
    read, unread = read_corrections(exported)
    assert unread == [] and [r.moved for r in read] == ["article"] * 3
    report = import_corrections(target, read)
    assert report.failed == [] and len(report.made) == 2 and len(report.already) == 1, report
    assert "already story" in report.already[0]
    assert _grouping(target) == _grouping(source)
    assert target.get_article(articles["copy"].id).duplicate_of is None
    assert [m["note"] for m in target.article_moves(articles["copy"].id)] == [
        f"no copy of {articles['wire'].id}: its own report"]
    # a second import finds everything made and changes nothing
    moves = len(target.corrections())
    second = import_corrections(target, read)
    assert second.made == [] and second.failed == [] and len(second.already) == 3
    assert len(target.corrections()) == moves and _grouping(target) == _grouping(source)


def test_imported_corrections_move_stories_between_storylines_and_a_bad_record_is_named_and_skipped(tmp_path):
    import json

    from storyline.corrections import import_corrections, read_corrections
    from storyline.export import records, write

    source, articles = threaded(f"sqlite:///{tmp_path / 'a.db'}")
    own = relink_stories(source, [articles["garden"].story], "new", note="a garden").storyline
    exported = tmp_path / "corrections.csv"
    with exported.open("w", newline="") as stream:
        write(records(source, "corrections"), "csv", stream=stream)
    target, again = threaded(f"sqlite:///{tmp_path / 'b.db'}")
    with exported.open("a") as stream:  # a move of an article this database never had, and a broken line
        stream.write("article,0123456789abcdef,s1,s2,False,,2026-01-01T00:00:00.000+00:00\n")
        stream.write("nothing,,,,,,\n")
    read, unread = read_corrections(exported)
    assert len(read) == 2 and unread == [f"{exported}, line 4: says no 'moved' (article or story) and no "
                                         "'article' or 'story' it moved"]
    report = import_corrections(target, read)
    assert len(report.made) == 1 and report.failed == ["line 3: no article 0123456789abcdef in this database "
                                                       "(ingest it first)"]
    lines = {line.id: line.story_count for line in target.list_storylines()}
    assert lines == {articles["wire"].storyline: 1, own: 1}  # the same ids: the same articles, in the same order
    assert target.storyline_moves(own)[0]["note"] == "a garden"
    # the API's records of moves are read as well
    api = tmp_path / "moves.jsonl"
    api.write_text(json.dumps({"story": articles["garden"].story, "from": articles["wire"].storyline, "to": own,
                               "new_storyline": True, "note": "a garden", "moved_at": "x"}) + "\n")
    assert len(import_corrections(target, read_corrections(api)[0]).already) == 1


def test_the_cli_imports_a_database_s_corrections_into_a_copy_of_it_made_before_them(examples_db, tmp_path):
    import json
    import shutil

    from conftest import run_cli

    before, after = tmp_path / "before.db", tmp_path / "after.db"
    shutil.copy(examples_db[0], before)
    shutil.copy(examples_db[0], after)
    stories = json.loads(run_cli("stories", "--json", db=after, check=True).stdout)
    largest = max(stories, key=lambda s: s["article_count"])
    members = json.loads(run_cli("show", largest["id"], "--json", db=after, check=True).stdout)["articles"]
    first = next(a["id"] for a in members if not a["duplicate_of"])
    run_cli("move", first, "--to", "new", "--note", "apart", db=after, check=True)
    exported = tmp_path / "corrections.parquet"
    run_cli("export", "corrections", "--out", str(exported), db=after, check=True)
    made = run_cli("import", "corrections", str(exported), db=before)
    assert made.returncode == 0 and "1 made, 0 already made here, 0 failed" in made.stdout, made.stdout
    grouped = [Store(f"sqlite:///{db}") for db in (before, after)]
    assert _grouping(grouped[0]) == _grouping(grouped[1])
    again = run_cli("import", "corrections", str(exported), "--json", db=before)
    assert again.returncode == 0 and len(json.loads(again.stdout)["already"]) == 1
    refused = run_cli("import", "articles", str(exported), db=before)
    assert refused.returncode == 2 and "only corrections are imported" in refused.stderr
    missing = run_cli("import", "corrections", str(tmp_path / "none.jsonl"), db=before)
    assert missing.returncode == 2 and "cannot read" in missing.stderr
