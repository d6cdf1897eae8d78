"""Outlet memory: an outlet's recurring lines are learned across articles, stored, and removed."""

from __future__ import annotations

import json

from conftest import run_cli

from storyline.clean.outlet_memory import drop_blocks
from storyline.model import Article, Block, Entity

# A promotional line the generic rules do not know: only recurrence shows it is template.
PROMO = "Lantern Quarterly readers get the autumn almanac at half price this month."
STORIES = [
    ("Ferry pier closes", "The Brenmoor council closed the ferry pier on Monday after engineers found cracks in its pylons. "
     "Council leader Edda Lorne said repairs would be funded this year."),
    ("Orchestra season", "The Vell Orchestra announced a winter season of twelve concerts, three of them premieres by local "
     "composers, at a press event in the old market hall."),
    ("Harbour tunnel", "The harbour tunnel reopened on Tuesday after eight months of work on its ventilation shafts, "
     "the port authority said in a statement."),
    ("Bread prize", "A bakery in Ostra won the regional bread prize for the second year running with a rye loaf "
     "baked to a recipe from 1890, the jury said."),
    ("Clay courts", "The Kell tennis club opened four new clay courts on Wednesday, two years after building began, "
     "and members played the first matches in light rain."),
]


def write_outlet(folder, stories, promo=PROMO):
    folder.mkdir(parents=True, exist_ok=True)
    for number, (title, text) in enumerate(stories):
        (folder / f"{number:02d}.txt").write_text(f"{title}\n\n{text}\n\n{promo}\n", encoding="utf-8")


def article_by_title(db, title):
    for line in run_cli("export", "articles", db=db, check=True).stdout.splitlines():
        record = json.loads(line)
        if record["title"] == title:
            return record
    raise AssertionError(f"no article titled {title!r}")


def test_a_line_recurring_across_an_outlets_articles_is_removed_once_learned(tmp_path):
    db = tmp_path / "s.db"
    write_outlet(tmp_path / "lantern-quarterly", STORIES)
    run_cli("ingest", str(tmp_path / "lantern-quarterly"), "--workers", "1", db=db, check=True)
    first, last = article_by_title(db, "Ferry pier closes"), article_by_title(db, "Clay courts")
    assert PROMO in first["body"]  # nothing learned yet
    assert PROMO not in last["body"]  # seen in three earlier articles by now
    removal = next(r for r in last["removed"] if r["kind"] == "outlet-template")
    assert removal["text"] == PROMO and "earlier articles" in removal["reason"]
    assert STORIES[4][1] in last["body"]  # the article's own text stays


def test_outlet_memory_survives_a_restart(tmp_path):
    db = tmp_path / "s.db"
    write_outlet(tmp_path / "one" / "lantern-quarterly", STORIES[:3])
    write_outlet(tmp_path / "two" / "lantern-quarterly", STORIES[3:])
    run_cli("ingest", str(tmp_path / "one"), db=db, check=True)
    run_cli("ingest", str(tmp_path / "two"), db=db, check=True)  # a new process: memory comes from the database
    assert PROMO not in article_by_title(db, "Bread prize")["body"]


def test_another_outlet_and_unique_text_are_untouched(tmp_path):
    db = tmp_path / "s.db"
    write_outlet(tmp_path / "lantern-quarterly", STORIES[:3])
    write_outlet(tmp_path / "harbor-gazette", STORIES[3:])
    run_cli("ingest", str(tmp_path), db=db, check=True)
    assert PROMO in article_by_title(db, "Bread prize")["body"]  # the other outlet never had it three times


def test_copies_of_one_article_do_not_teach_their_text_as_template(tmp_path):
    db = tmp_path / "s.db"
    folder = tmp_path / "harbor-gazette"
    folder.mkdir()
    title = "Ferry pier closes"
    text = "The Brenmoor council closed the ferry pier on Monday after engineers found cracks in its pylons."
    more = ("Engineers told the council that replacing the four cracked pylons could take twelve months and cost "
            "four million crowns, and that the temporary landing at Gull Point would serve ferry passengers until then.")
    for number in range(5):  # syndicated copies of one story, each with its own update line
        (folder / f"copy-{number}.txt").write_text(
            f"{title}\n\n{text}\n\n{more}\n\nUpdated at {8 + number}:00.\n", encoding="utf-8")
    run_cli("ingest", str(folder), db=db, check=True)
    for line in run_cli("export", "articles", db=db, check=True).stdout.splitlines():
        record = json.loads(line)
        assert text in record["body"]
        assert not [r for r in record["removed"] if r["kind"] == "outlet-template"]


def test_dropping_a_block_moves_annotations_with_the_text():
    blocks = [Block("paragraph", "Edda Lorne spoke first."), Block("paragraph", PROMO), Block("paragraph", "Then Orin Vell replied.")]
    body = "\n\n".join(b.text for b in blocks)
    entities = [Entity(text="Edda Lorne", label="PERSON", canonical="Edda Lorne", start=0, end=10),
                Entity(text="Lantern Quarterly", label="ORG", canonical="Lantern Quarterly",
                       start=body.index("Lantern"), end=body.index("Lantern") + 17),
                Entity(text="Orin Vell", label="PERSON", canonical="Orin Vell",
                       start=body.index("Orin"), end=body.index("Orin") + 9)]
    article = Article(id="a", source="a.txt", media_type="text/plain", raw=b"", blocks=blocks, body=body, entities=entities)
    drop_blocks(article, {1})
    assert article.body == "Edda Lorne spoke first.\n\nThen Orin Vell replied."
    assert [(e.text, article.body[e.start:e.end]) for e in article.entities] == [("Edda Lorne", "Edda Lorne"), ("Orin Vell", "Orin Vell")]
