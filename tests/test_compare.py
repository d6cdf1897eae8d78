"""Comparing one story's outlets: figures and days that really differ, not figures of different things."""

from __future__ import annotations

import pytest

from storyline.annotate import annotate_articles
from storyline.compare import compare_story
from storyline.model import Article


def _article(name: str, outlet: str, text: str, published: str = "2026-02-11") -> Article:
    return Article(id=name * 32, source=f"{name}.txt", media_type="text/plain", raw=text.encode(), body=text,
                   outlet=outlet, published=published, title=f"Library fire ({outlet})")


def _compare(*articles: Article):
    return compare_story("s1", annotate_articles(list(articles)))


@pytest.mark.parametrize("kind, first, second, expected, shown", [
    ("number", "The fire at Marrowgate Central Library killed 12 people and injured dozens more, fire chief Amira "
               "Dace said on Wednesday. Crews worked through the night.",
     "The fire at Marrowgate Central Library killed 14 people and injured dozens more, fire chief Amira Dace said "
     "on Wednesday. The archive was lost.", {"Coastline Daily": ["12"], "The Lantern Review": ["14"]}, "14 people"),
    ("date", "Fire crews were called to Marrowgate Central Library on Tuesday, February 10, after smoke was seen "
             "in the roof.",
     "Fire crews were called to Marrowgate Central Library on Monday, February 9, after smoke was seen in the roof.",
     {"Coastline Daily": ["2026-02-10"], "The Lantern Review": ["2026-02-09"]}, "February 9"),
])
def test_the_same_statement_with_another_figure_or_day_is_a_disagreement_with_each_outlets_wording(
        kind, first, second, expected, shown):
    comparison = _compare(_article("a", "Coastline Daily", first), _article("b", "The Lantern Review", second))
    found = [d for d in comparison.disagreements if d.kind == kind]
    assert [d.values for d in found] == [expected]
    assert shown in found[0].wording["The Lantern Review"]


def test_figures_of_different_things_and_days_of_different_events_are_not_disagreements():
    first = _article("c", "Northgate Wire", "Civic Renewal won 71 of the Assembly's 180 seats in Sunday's election, "
                     "the commission said. The library fire on Tuesday destroyed the east wing, officials said.")
    second = _article("d", "Meridian Post", "Civic Renewal won 71 seats in Sunday's election, the commission said. "
                      "Officials said on Wednesday that the fire destroyed the library's east wing.")
    assert _compare(first, second).disagreements == []


def test_a_copy_that_changed_its_originals_toll_is_a_disagreement():
    report = ("The fire at Marrowgate Central Library killed 12 people and injured dozens more, fire chief Amira "
              "Dace said on Wednesday. Crews from three stations fought the blaze through the night, and the east "
              "wing's roof collapsed shortly before dawn. The library's local history archive was lost.")
    original = _article("g", "Northgate Wire", report)
    copy = _article("h", "Valley Courier", report.replace("12 people", "14 people"), published="2026-02-12")
    copy.duplicate_of = original.id
    numbers = [d for d in _compare(original, copy).disagreements if d.kind == "number"]
    assert [d.values for d in numbers] == [{"Northgate Wire": ["12"], "Valley Courier": ["14"]}]
