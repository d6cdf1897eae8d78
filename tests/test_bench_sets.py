"""The story benchmarks read any set of the shared schema, a held-out split included, and name a bad row."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

# loaded by path, not by putting bench/ on sys.path, whose module names (quotes, load, pages) could shadow others
_spec = importlib.util.spec_from_file_location(
    "bench_stories", Path(__file__).resolve().parent.parent / "bench" / "stories.py")
bench_stories = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_stories)
SetError, load, load_sets = bench_stories.SetError, bench_stories.load, bench_stories.load_sets

ROW = {"id": "a1", "story": "strike", "outlet": None, "url": None, "published": "2026-03-02",
       "title": "Dockworkers walk out", "text": "Dock workers at Velmar walked out on Monday."}


def write(path: Path, *rows) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


def test_sets_are_found_by_name_or_path_and_missing_fields_are_none(tmp_path):
    write(tmp_path / "port-dev.jsonl", ROW)
    write(tmp_path / "port-test.jsonl", {"id": "t1", "story": "s", "text": "Talks resumed."})
    elsewhere = write(tmp_path / "held-out.jsonl", {**ROW, "id": "h1"})
    sets = load_sets(f"port,port-test,{elsewhere}", data=tmp_path)
    assert list(sets) == ["port", "port-test", "held-out"]
    assert sets["port"] == [ROW] and sets["held-out"][0]["id"] == "h1"
    assert sets["port-test"] == [{"id": "t1", "story": "s", "outlet": None, "url": None, "published": None,
                                  "title": None, "text": "Talks resumed."}]


@pytest.mark.parametrize("bad, said", [
    ("{not json", "port-dev.jsonl:2: not a JSON object"),
    ({"id": "a2", "text": "No gold label."}, "port-dev.jsonl:2: a row needs a string id and a string story"),
    ({"id": "a3", "story": "s", "title": "Headline only"}, "port-dev.jsonl:2: row a3 has no text"),
    ({**ROW}, "port-dev.jsonl:2: id a1 appears twice"),
])
def test_a_row_that_cannot_be_scored_is_named_by_file_and_line(tmp_path, bad, said):
    write(tmp_path / "port-dev.jsonl", ROW, bad)
    with pytest.raises(SetError) as error:
        load("port", data=tmp_path)
    assert said in str(error.value)


def test_a_missing_set_says_where_it_was_looked_for(tmp_path):
    with pytest.raises(SetError) as error:
        load_sets("nowhere", data=tmp_path)
    assert "nowhere: no such story set" in str(error.value) and str(tmp_path / "nowhere-dev.jsonl") in str(error.value)


def test_moves_to_gold_counts_the_fewest_articles_a_reader_moves():
    moves = bench_stories.moves_to_gold
    gold = {"a": "1", "b": "1", "c": "1", "d": "2", "e": "2"}
    assert moves(gold, {"a": "x", "b": "x", "c": "x", "d": "y", "e": "y"}) == 0
    assert moves(gold, {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y"}) == 1  # c moved back
    assert moves(gold, dict.fromkeys(gold, "x")) == 2  # two events fused: the smaller one moves out
    assert moves(gold, {"a": "x", "b": "y", "c": "z", "d": "u", "e": "v"}) == 3  # all split: 2 + 1 rejoin
    # a predicted story serves one gold story: the matching, not each gold story's largest part, is counted
    gold = {"a": "1", "b": "1", "c": "2", "d": "2", "e": "2", "f": "3"}
    assert moves(gold, {"a": "x", "b": "x", "c": "x", "d": "x", "e": "y", "f": "y"}) == 3


def test_review_yield_counts_the_listed_joins_and_the_misplaced_among_them():
    gold = {"a": "1", "b": "1", "c": "2", "d": "2", "e": "2", "f": "1"}
    predicted = {"a": "x", "b": "x", "c": "x", "d": "y", "e": "y", "f": "y"}  # c and f are misplaced
    joins = {"b": 0.9, "c": 0.5, "e": 0.6, "f": 0.95}
    listed, wrong, found = bench_stories.review_yield(gold, predicted, joins, 0.7)
    assert (listed, wrong, found) == (2 / 4, 1 / 2, 1 / 2)  # lists c and e; c of the misplaced c and f


def test_the_annotation_benchmark_scores_speakers_and_dates_against_its_gold(tmp_path):

    article = {"id": "x1", "outlet": "Test Daily", "published": "2026-03-14", "title": "Council backs new bridge",
               "text": "The council approved the bridge on Tuesday.\n\n\"We will open it in a fortnight,\" said Mayor "
                       "Anna Berg. Berg added that the cost was fair."}
    gold = {"id": "x1", "opinion_piece": False, "opinion": [], "not_opinion": ["The council approved the bridge"],
            "quotes": [{"fragment": "We will open it", "speaker": "Anna Berg", "kind": "direct"},
                       {"fragment": "the cost was fair", "speaker": "Tom Reece", "kind": "reported"}],
            "dates": [{"text": "Tuesday", "value": "2026-03-10"}, {"text": "in a fortnight", "value": None}],
            "people": [{"mention": "Berg", "context": "Berg added", "canonical": "Anna Berg"}]}
    write(tmp_path / "articles.jsonl", article)
    write(tmp_path / "gold.jsonl", gold)
    script = Path(__file__).resolve().parent.parent / "bench" / "annotation.py"
    printed = subprocess.run([sys.executable, str(script), "--gold", str(tmp_path), "--show"], capture_output=True,
                             text=True, check=True).stdout
    assert "| quotes and speakers | 2 | 1.000 | 0.500 | 0.500 |" in printed  # the second speaker is wrong
    assert "| dates and values | 2 | 1.000 | 0.500 | 1.000 |" in printed  # a value where the gold has none
    assert "x1 speaker of 'the cost was fair': 'Anna Berg', gold 'Tom Reece'" in printed

    # a set that labels every sentence: an opinion piece's plain argument and its facts, scored apart
    labelled = tmp_path / "labelled"
    labelled.mkdir()
    column = ("The council voted 7 to 2 on Tuesday to close the pool. The pool cost £212,000 last year. "
              "That is a mistake. The council should think again. It has forgotten who swims there. "
              "Pensioners swim before breakfast. Children learn there. Nobody asked them. "
              "Closing the doors is the easy part. Explaining it will be harder.")
    write(labelled / "articles.jsonl", dict(article, text=column))
    sentences = [{"text": text, "opinion": not text.startswith(("The council voted", "The pool cost"))}
                 for text in (part.strip() + "." for part in column.split(".") if part.strip())]
    write(labelled / "gold.jsonl", {"id": "x1", "opinion_piece": True, "sentences": sentences})
    printed = subprocess.run([sys.executable, str(script), "--gold", str(tmp_path), str(labelled)],
                             capture_output=True, text=True, check=True).stdout
    assert "## labelled" in printed and "| opinion sentences | 8 | | | 1.000 |" in printed
    assert "opinion pieces' factual sentences flagged 0.000" in printed


def test_the_comparison_benchmark_scores_a_set_of_our_format(tmp_path):
    lead = "{} people were killed when a coach left the Hollin Pass road near Cresswick on Tuesday, police said."
    rows = [{"id": f"crash-{slug}", "event": "crash", "outlet": name, "published": "2026-03-10",
             "title": "Coach crash", "text": lead.format(toll) + " The road was closed until Wednesday."}
            for slug, name, toll in (("wire", "Ferris Wire", "Seven"), ("times", "Orrin Times", "Nine"),
                                     ("post", "Marrow Post", "Seven"))]
    write(tmp_path / "articles.jsonl", *rows)
    (tmp_path / "gold.json").write_text(json.dumps({"events": [{
        "event": "crash", "unique": [], "altered_quotes": [],
        "disagreements": [{"kind": "number", "thing": "killed", "odd_one_out": "Orrin Times",
                           "values": {"Ferris Wire": ["7"], "Orrin Times": ["9"], "Marrow Post": ["7"]}}]}]}))
    script = Path(__file__).resolve().parent.parent / "bench" / "compare.py"
    printed = subprocess.run([sys.executable, str(script), "--gold", str(tmp_path)], capture_output=True, text=True,
                             check=True).stdout
    assert "| figures that differ | 1 | 1 | 1.00 | 1 | 0 |" in printed
    assert "| days that differ | 0 | 0 | - | 0 | 0 |" in printed


def test_the_scorer_fitter_fits_and_replays_a_set_of_our_format(tmp_path):
    reports = {
        "strike": ["Dock workers at Velmar walked out on Monday over pay, the Harbour Workers Union said.",
                   "The strike at Velmar port entered its second day as union leader Petra Lind rejected the "
                   "owners' offer of a two per cent rise.",
                   "Ships queued outside Velmar on Wednesday while the dock strike kept cranes idle; Petra Lind "
                   "said the union would not return to work before the owners met its pay claim."],
        "fire": ["A fire broke out on the ferry Saint Oda off Kessholm on Monday and its 212 passengers were "
                 "taken off by lifeboat, the coastguard said.",
                 "Investigators boarded the Saint Oda in Kessholm harbour to find what started the engine-room "
                 "blaze that forced the evacuation of the ferry.",
                 "The operator of the Saint Oda cancelled its Kessholm crossings for a week after the fire, and "
                 "the coastguard praised the crew for putting the blaze out."]}
    rows = [{"id": f"{story}-{n}", "story": story, "outlet": None, "url": None, "published": f"2026-03-0{n + 2}",
             "title": None, "text": text} for story, texts in reports.items() for n, text in enumerate(texts)]
    write(tmp_path / "port-dev.jsonl", *rows)
    script = Path(__file__).resolve().parent.parent / "bench" / "fit_story_scorer.py"
    done = subprocess.run([sys.executable, str(script), "--sets", str(tmp_path / "port-dev.jsonl"),
                           "--cache", str(tmp_path / "cache"), "--thresholds", "0.4"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "WEIGHTS = (" in done.stdout and "JOIN_PROBABILITY = 0.4" in done.stdout
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert set(result["per_set"]) == {"port-dev"} and 0.0 < result["per_set"]["port-dev"] <= 1.0


def test_where_lost_mends_each_kind_of_loss_alone():
    gold = {"a": "1", "b": "1", "c": "1", "d": "1", "e": "2", "f": "2", "g": "2"}
    # event 1: home x (a, b), a fragment y (c) that is also alone, and d misplaced in event 2's story z
    predicted = {"a": "x", "b": "x", "c": "y", "d": "z", "e": "z", "f": "z", "g": "z"}
    alone, placed, joined, moved = bench_stories.where_lost(gold, predicted)
    assert alone == 1
    assert placed == joined == bench_stories.bcubed(gold, {**predicted, "c": "x"})[2]
    assert moved == bench_stories.bcubed(gold, {**predicted, "d": "x"})[2]
    assert bench_stories.where_lost(gold, dict(gold))[1:] == (1.0, 1.0, 1.0)
    # an event whose only story is mixed into another's: its misplaced articles go out together
    gold = {"a": "1", "b": "1", "c": "1", "d": "2"}
    assert bench_stories.where_lost(gold, dict.fromkeys(gold, "x"))[3] == 1.0
