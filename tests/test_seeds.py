"""The two real seed articles in ../shared/seeds: the problem in miniature."""

from __future__ import annotations

from storyline.clean import clean_article
from storyline.ingest import discover
from storyline.model import Article, RawDocument


def cleaned(seeds_dir, prefix: str) -> Article:
    doc = next(d for d in discover([str(seeds_dir)]) if isinstance(d, RawDocument) and f"/{prefix}" in d.source)
    return clean_article(Article.from_raw(doc), fallback_outlet="seeds")


def test_sidebar_headlines_of_seed_000_are_all_removed(seeds_dir):
    article = cleaned(seeds_dir, "000_")
    raw_lines = article.raw.decode().splitlines()
    sidebar = raw_lines[raw_lines.index("") + 2:]  # the lines after the two blank lines that end the article
    sidebar = [line.strip() for line in sidebar if line.strip()]
    assert len(sidebar) == 17
    for line in sidebar:
        assert line not in article.body
    assert sum(r.kind == "headline-list" for r in article.removed) == 17
    assert article.body.rstrip().endswith("strengthening their cooperation.”")


def test_seed_002_title_once_four_subheadings_no_debris(seeds_dir):
    article = cleaned(seeds_dir, "002_")
    assert article.title == "US Diplomat Requests Meeting With North Korea"
    assert article.title not in article.body
    headings = [b.text for b in article.blocks if b.kind == "heading"]
    assert len(headings) == 4
    assert not article.body.startswith("(")
    assert "Copyright" not in article.body
    assert {"repeated-title", "dateline-debris", "copyright"} <= {r.kind for r in article.removed}


def test_seed_000_keeps_every_body_paragraph_intact(seeds_dir):
    article = cleaned(seeds_dir, "000_")
    raw_lines = article.raw.decode().splitlines()
    body_lines = [line.strip() for line in raw_lines[: raw_lines.index("")] if line.strip()]
    assert [b.text for b in article.blocks] == body_lines
    assert all(b.kind == "paragraph" for b in article.blocks)


def test_seed_002_keeps_its_paragraphs_and_subheadings_in_order(seeds_dir):
    article = cleaned(seeds_dir, "002_")
    lines = [line.strip() for line in article.raw.decode().splitlines() if line.strip()]
    expected = [line.removeprefix("( – ") for line in lines[2:-1]]  # after the doubled title, before the copyright
    assert [b.text for b in article.blocks] == expected
    assert [b.kind for b in article.blocks].count("heading") == 4
