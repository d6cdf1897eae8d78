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


def annotated(seeds_dir, prefix: str) -> Article:
    from storyline.annotate import annotate_articles

    return annotate_articles([cleaned(seeds_dir, prefix)])[0]


def test_seed_000_direct_quotes_and_their_speakers(seeds_dir):
    article = annotated(seeds_dir, "000_")
    direct = [q for q in article.quotes if q.kind == "direct"]
    assert len(direct) == 4
    by_start = {q.text[:25]: q for q in direct}
    assert by_start["The US has no aggressive "].speaker == "Sung Kim"  # "said Kim": not Kim Jong-Un
    assert by_start["I continue to stand ready"].speaker_mention == "the diplomat"
    assert by_start["I continue to stand ready"].speaker == "Sung Kim"
    assert by_start["It’s not difficult to see"].speaker == "Ri Ryong-Nam"
    assert by_start["The US is the common thre"].speaker == "Ri Ryong-Nam"  # no verb: continues Ri
    kims = {e.canonical for e in article.entities if e.text == "Kim"}
    assert kims == {"Sung Kim"}


def test_seed_000_what_both_diplomats_told_the_press_is_said_by_both(seeds_dir):
    article = annotated(seeds_dir, "000_")
    told = next(q for q in article.quotes if q.text.startswith("they discussed ways to make diplomacy easier"))
    assert told.speaker_mention == "Both diplomats"
    assert told.speakers == ["Sung Kim", "Noh Kyu-Duk"]
    assert told.speaker == "Sung Kim and Noh Kyu-Duk"


def test_seed_002_partial_quotes_dates_and_editorial_sentences(seeds_dir):
    article = annotated(seeds_dir, "002_")
    partial = {q.text: q for q in article.quotes if q.kind == "partial"}
    assert len(partial) == 5
    for words in ("engage in sustained and substantive dialogue", "without any preconditions", "no hostile intent",
                  "the latest in a series of reckless provocations"):
        assert partial[words].speaker == "Linda Thomas-Greenfield"
    assert partial["no hostile intent"].speaker_mention == "She"
    assert partial["hostile policy"].speaker == "Kim Song"
    values = {d.text: d.value for d in article.dates}
    assert values["Wednesday, October 20"] == "2021-10-20"
    assert values["Tuesday, October 19"] == "2021-10-19"
    assert values["September 14"] == "2021-09-14"
    assert article.published is None and article.published_estimate == "2021-10-20"
    assert "copyright 2021" in article.published_evidence
    flagged = [article.body[s.start:s.end] for s in article.sentences if s.opinion]
    assert any("still waiting to see from their sitting president" in s for s in flagged)
    assert any("starting talks is likely the only way" in s for s in flagged)


def test_seed_000_reporting_is_not_opinion(seeds_dir):
    article = annotated(seeds_dir, "000_")
    assert not [s for s in article.sentences if s.opinion]


def test_speaker_descriptions_become_mentions_of_the_person(seeds_dir):
    article = annotated(seeds_dir, "000_")
    mentions = {e.text: e.canonical for e in article.entities if e.label == "PERSON"}
    assert mentions["the diplomat"] == "Sung Kim"
    assert mentions["Ri"] == "Ri Ryong-Nam"
    she = [e for e in annotated(seeds_dir, "002_").entities if e.text == "She"]
    assert she and all(e.canonical == "Linda Thomas-Greenfield" for e in she)
