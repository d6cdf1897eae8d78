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


def test_one_fact_told_in_other_words_with_another_toll_is_a_disagreement_and_marks_its_outlets():
    first = _article("k", "Kelsey Tribune", "Four people died and 21 were injured on Tuesday morning after a fire at "
                     "the Hestley Plastics plant in Varrow, in one of the deadliest industrial accidents in the region.")
    second = _article("m", "Brackwater Echo", "Four workers were killed and 17 injured when fire swept through the "
                      "Hestley Plastics factory on the Corran Road industrial estate in Varrow early on Tuesday.")
    comparison = _compare(first, second)
    assert [d.values for d in comparison.disagreements] == [{"Kelsey Tribune": ["21"], "Brackwater Echo": ["17"]}]
    fact = next(f for f in comparison.facts if f.id == comparison.disagreements[0].fact)
    assert fact.differing == ["Brackwater Echo", "Kelsey Tribune"]  # a tie: neither figure is the common one


MILL_FIRE = [
    ("Ferris Wire", "MARROWGATE (Ferris Wire) - Fire destroyed the Aldwick woollen mill in Marrowgate early on "
                    "Saturday, putting 120 jobs at risk, the mill's owner said."),
    ("Marrow Post", "The Aldwick woollen mill, which has stood beside the river in Marrowgate since 1921, was "
                    "destroyed by a fire that broke out in the early hours of Friday."),
    ("Orrin Valley Times", "The Aldwick woollen mill in Marrowgate, destroyed by fire early on Saturday, failed a "
                           "fire-safety inspection in November, according to county council records."),
]


def test_one_outlets_day_against_the_day_others_give_is_a_disagreement_even_in_other_words():
    articles = [_article(outlet[0].lower(), outlet, text, published="2026-03-16") for outlet, text in MILL_FIRE]
    comparison = _compare(*articles)
    assert [(d.kind, d.values) for d in comparison.disagreements] == [("date", {
        "Ferris Wire": ["2026-03-14"], "Marrow Post": ["2026-03-13"], "Orrin Valley Times": ["2026-03-14"]})]
    fact = next(f for f in comparison.facts if f.id == comparison.disagreements[0].fact)
    assert fact.differing == ["Marrow Post"]
    # the wire's dateline is no part of what it reports
    assert fact.text.startswith("Fire destroyed the Aldwick")
    assert fact.sentences[0].start == len("MARROWGATE (Ferris Wire) - ")
    # one outlet against one, in other words, may be telling two things of one night: no disagreement
    assert _compare(*articles[:2]).disagreements == []


def test_a_toll_after_have_been_or_an_adverb_counts_what_follows():
    from storyline.compare import _counted

    assert _counted("21 have been injured in the fire") == {"injured": {"21"}}
    assert _counted("3 were also killed") == {"killed": {"3"}}
    # who was counted, then what befell them: the toll, whatever its word
    assert _counted("Seven people were killed and 14 hurt") == {"people": {"7"}, "killed": {"7"}, "injured": {"14"}}
    assert _counted("nine passengers died") == {"passengers": {"9"}, "killed": {"9"}}
    assert _counted("Four people were killed and 23 others injured")["injured"] == {"23"}


def test_a_toll_of_people_killed_told_as_people_who_died_is_one_toll():
    wire = _article("w", "Ferris Wire", "Seven people were killed and 14 injured when a coach carrying a choir from "
                    "Lenham Abbey left the Hollin Pass road near Cresswick early on Tuesday, the fire service said.")
    gazette = _article("g", "Kettleby Gazette", "Seven people died when a coach carrying members of the Lenham Abbey "
                       "choir slid off the Hollin Pass road near Cresswick on Tuesday morning.")
    times = _article("t", "Orrin Valley Times", "Nine people were killed when a coach carrying a church choir from "
                     "Lenham Abbey left the icy Hollin Pass road near Cresswick on Tuesday, emergency services said.")
    comparison = _compare(wire, gazette, times)
    assert [d.values for d in comparison.disagreements] == [
        {"Ferris Wire": ["7"], "Kettleby Gazette": ["7"], "Orrin Valley Times": ["9"]}]
    fact = next(f for f in comparison.facts if f.id == comparison.disagreements[0].fact)
    assert fact.differing == ["Orrin Valley Times"]  # the row is worded by the two that give seven


def test_a_copy_that_changed_its_originals_toll_is_a_disagreement():
    report = ("The fire at Marrowgate Central Library killed 12 people and injured dozens more, fire chief Amira "
              "Dace said on Wednesday. Crews from three stations fought the blaze through the night, and the east "
              "wing's roof collapsed shortly before dawn. The library's local history archive was lost.")
    original = _article("g", "Northgate Wire", report)
    copy = _article("h", "Valley Courier", report.replace("12 people", "14 people"), published="2026-02-12")
    copy.duplicate_of = original.id
    numbers = [d for d in _compare(original, copy).disagreements if d.kind == "number"]
    assert [d.values for d in numbers] == [{"Northgate Wire": ["12"], "Valley Courier": ["14"]}]


def _quote_groups(comparison, speaker: str) -> list[list[tuple[str, str]]]:
    return [[(v.outlet, v.text) for v in group.versions] for group in comparison.quotes.get(speaker, [])]


def test_a_quotation_cut_short_is_not_altered_but_a_changed_word_is():
    full = _article("i", "Northgate Wire", '"We were choosing between two bad options," Water Board chief engineer '
                    "Yusuf Kellan said on Wednesday. The river rose overnight.")
    cut = _article("j", "The Lantern Review", "On Wednesday Water Board chief engineer Yusuf Kellan told residents "
                   'that the board had chosen "between two bad options". The river rose overnight.')
    changed = _article("k", "Valley Courier", '"We were picking between two bad options," Water Board chief '
                       "engineer Yusuf Kellan said on Wednesday. The river rose overnight.")
    groups = _compare(full, cut).quotes["Yusuf Kellan"]
    assert [len(g.versions) for g in groups] == [2] and not groups[0].altered
    groups = _compare(full, cut, changed).quotes["Yusuf Kellan"]
    assert [len(g.versions) for g in groups] == [3] and groups[0].altered
    picked = next(v for v in groups[0].versions if v.outlet == "Valley Courier")
    assert (picked.added, picked.dropped) == (["picking"], ["choosing"])


def test_two_statements_sharing_a_phrase_are_not_one_quotation():
    first = _article("l", "Coastline Daily", 'Chief librarian Tobias Wren called the loss "a wound to the city\'s '
                     'memory". The fire began on Tuesday night.')
    second = _article("m", "Meridian Post", '"The codex is fine. The city\'s memory of itself is not," chief '
                      "librarian Tobias Wren said. The fire began on Tuesday night.")
    groups = _quote_groups(_compare(first, second), "Tobias Wren")
    assert sorted(len(g) for g in groups) == [1, 1]


def test_a_speaker_named_by_surname_alone_is_the_story_speaker_of_that_name():
    first = _article("n", "Harbor Ledger", '"Today is a good day for this city," Port Halden Authority chair '
                     "Renata Oakes said on Thursday after the strike ended.")
    second = _article("o", "The Lantern Review", "Oakes said four shipping lines had not yet confirmed that they "
                      "would return to the port after the strike ended.")
    comparison = _compare(first, second)
    assert "Oakes" not in comparison.quotes
    assert {v.outlet for g in comparison.quotes["Renata Oakes"] for v in g.versions} == {"Harbor Ledger",
                                                                                        "The Lantern Review"}


def test_a_copy_carries_the_facts_it_kept_and_what_it_added_is_its_own():
    report = ("The River Orla burst its banks in the town of Tessly early on Wednesday, flooding about 140 homes. "
              "Emergency crews used boats to reach residents on Quay Row and Ferry Street. "
              "The national weather service forecast more heavy rain for the weekend across the valley.")
    original = _article("p", "Northgate Wire", report, published="2026-05-13")
    copy = _article("q", "Harbor Ledger", report.replace(
        "The national weather service forecast more heavy rain for the weekend across the valley.",
        "Volunteers from the Tessly rowing club joined the rescue effort, ferrying families to the town hall."),
        published="2026-05-13")
    copy.duplicate_of = original.id
    comparison = _compare(original, copy)
    outlets = {fact.text.split()[1]: fact.outlets for fact in comparison.facts}
    assert outlets == {"River": ["Northgate Wire", "Harbor Ledger"], "crews": ["Northgate Wire", "Harbor Ledger"]}
    assert [f.text.split()[0] for f in comparison.unique["Northgate Wire"]] == ["The"]  # the forecast it cut
    assert [f.text.split()[0] for f in comparison.unique["Harbor Ledger"]] == ["Volunteers"]
    # a copy's outlet carries the wire's words, it did not report them: the page and `show` say so
    assert [f.copied_by for f in comparison.facts] == [["Harbor Ledger"], ["Harbor Ledger"]]
    assert comparison.unique["Harbor Ledger"][0].copied_by == ["Harbor Ledger"]
    assert comparison.unique["Northgate Wire"][0].copied_by == []


def test_opinion_is_not_joined_to_a_reported_fact():
    report = _article("r", "Meridian Post", "The Assembly approved 310 million crowns on Thursday to repair the "
                      "Saddleback Dam, after Regional Governor Margit Solberg asked for the money in June.")
    column = _article("s", "Civic Pulse", "Regional Governor Margit Solberg deserves praise for getting 310 million "
                      "crowns approved by the Assembly on Thursday to repair the Saddleback Dam.")
    comparison = _compare(report, column)
    assert comparison.facts == []
    assert [o.outlet for o in comparison.opinion["Civic Pulse"]] == ["Civic Pulse"]
    # a short judgement is listed with the rest of the column's opinion
    column.body += " That is a scandal."
    assert [o.text for o in _compare(report, column).opinion["Civic Pulse"]][-1] == "That is a scandal."


def test_a_dateline_alone_is_not_a_fact():
    text = ("PORT HALDEN, Caldria (Northgate Wire) - Talks aimed at ending the dockworkers' strike at the Port of "
            "Halden collapsed on Wednesday after ten days of mediation.")
    first = _article("t", "Northgate Wire", text)
    second = _article("u", "Coastline Daily", text.replace("Northgate Wire", "Coastline Daily"))
    comparison = _compare(first, second)
    assert [f.text[:5] for f in comparison.facts] == ["Talks"]


def test_sentences_giving_the_same_telling_figure_are_one_fact_but_a_clock_time_is_no_figure():
    first = _article("v", "Northgate Wire", "The federation is demanding a 9 percent pay rise and guarantees that "
                     "plans to automate Terminal Four will not cost jobs. The blaze broke out shortly before "
                     "10:45 p.m. on Tuesday in the roof space above the east wing.")
    second = _article("w", "Harbor Ledger", "The union is asking for a 9 percent increase. The Marrowgate Fire "
                      "Service said it received the first call at 10:41 p.m. from a passer-by.")
    comparison = _compare(first, second)
    assert [f.numbers for f in comparison.facts] == [["9%"]]


def test_a_copy_whose_original_is_elsewhere_is_compared_as_an_original_its_quotes_too():
    copy = _article("x", "Harbor Ledger", '"We were choosing between two bad options," Water Board chief engineer '
                    "Yusuf Kellan said on Wednesday. The river rose overnight.")
    copy.duplicate_of = "y" * 32  # its original left the story (moved by hand, or out of the index)
    other = _article("z", "Valley Courier", '"We were choosing between two bad options," chief engineer Yusuf '
                     "Kellan told residents. The river rose overnight.")
    groups = _compare(copy, other).quotes["Yusuf Kellan"]
    assert [sorted(v.outlet for v in g.versions) for g in groups] == [["Harbor Ledger", "Valley Courier"]]


def test_a_time_of_day_in_the_morning_is_no_figure_and_a_copys_own_opinion_is_listed():
    report = ("The ferry left Skerra at 9 a.m. on Sunday with 233 people on board. It ran aground on Mullock Reef "
              "an hour later, the coastguard said.")
    original = _article("A", "Northgate Wire", report)
    copy = _article("B", "Harbor Ledger", report + " The ferry company should have known better than to sail.")
    copy.duplicate_of = original.id
    comparison = _compare(original, copy)
    assert "9" not in {n for f in comparison.facts for n in f.numbers}
    assert [o.text for o in comparison.opinion["Harbor Ledger"]] == [
        "The ferry company should have known better than to sail."]


def test_a_short_sentence_one_outlet_alone_reports_is_listed_when_it_gives_a_figure_or_a_name():
    shared = "Fire crews were called to Marrowgate Central Library on Tuesday after smoke was seen in the roof."
    first = _article("e", "Coastline Daily", f"{shared} Its insurers paid 2 million. Here is what we know.")
    second = _article("f", "Meridian Post", f"{shared} The archive was lost. Curator Ada Brenn wept.")
    unique = {outlet: [f.text for f in facts] for outlet, facts in _compare(first, second).unique.items()}
    assert unique == {"Coastline Daily": ["Its insurers paid 2 million."], "Meridian Post": ["Curator Ada Brenn wept."]}


def _fact_outlets(comparison, words: str) -> list[str]:
    """The outlets marked as reporting the shared fact whose earliest wording holds ``words`` (none: no row)."""
    return next((fact.outlets for fact in comparison.facts if words in fact.text), [])


def test_two_statements_of_one_speaker_are_two_facts_not_one():
    """Sentences that share only who speaks ("Harbour master Oona Vasko said") report different things."""
    first = _article("n", "Northgate Wire", '"The tide on its own we could have managed," Kelby harbour master Oona '
                     "Vasko said. Harbour master Oona Vasko said the quay would reopen on Friday.")
    second = _article("o", "Valley Courier", "Harbour master Oona Vasko said that Kelby had been told to expect "
                      'high water but "not a surge on top of a surge". Kelby harbour master Oona Vasko has asked '
                      "the port board to publish its tide tables a week ahead.")
    comparison = _compare(first, second)
    assert _fact_outlets(comparison, "tide on its own") == []
    assert _fact_outlets(comparison, "quay would reopen") == []
    assert comparison.facts == []


def test_one_fact_in_other_words_is_still_aligned_and_each_outlet_keeps_its_sentence():
    first = _article("p", "Northgate Wire", "Harbour master Oona Vasko said the quay would reopen on Friday after "
                     "divers found no damage to the pier. The council approved 12 million crowns for the sea wall.")
    second = _article("q", "Valley Courier", "Oona Vasko, the harbour master, said divers had found no damage to "
                      "the pier and the quay would reopen on Friday. Councillors voted 12 million crowns to rebuild "
                      "the sea wall.")
    comparison = _compare(first, second)
    assert _fact_outlets(comparison, "quay would reopen") == ["Northgate Wire", "Valley Courier"]
    assert _fact_outlets(comparison, "12 million crowns") == ["Northgate Wire", "Valley Courier"]
    reopening = next(fact for fact in comparison.facts if "quay would reopen" in fact.text)
    assert {s.outlet: s.text for s in reopening.sentences}["Valley Courier"].startswith("Oona Vasko, the harbour")


def test_two_quotations_of_one_speaker_are_not_one_fact():
    first = _article("r", "Northgate Wire", '"We gave ground. We gave a lot of ground," union secretary Tamsin Orde '
                     "said outside the Corn Exchange, where the talks were held.")
    second = _article("s", "Harbor Ledger", '"We are further from a deal than when the talks began," union secretary '
                      "Tamsin Orde said late on Wednesday.")
    assert _compare(first, second).facts == []


def test_words_any_report_holds_are_no_shared_phrase_but_a_speakers_own_are():
    from storyline.compare import shared_phrases

    first = _article("p", "Coastline Daily", "“There is no hostile intent here, and the prime minister knows it,” "
                                             "said envoy Rana Ilves on Monday.")
    second = _article("q", "Northgate Wire", "“We see no hostile intent, whatever the prime minister says,” said "
                                             "ambassador Tomas Erkin on Friday.", published="2026-05-02")
    third = _article("r", "Harbor Ledger", "“The talks are over, and the prime minister has one option left,” said "
                                           "minister Ada Voss on Friday.", published="2026-05-02")
    phrases = [phrase.phrase for phrase in shared_phrases(annotate_articles([first, second, third]))]
    assert phrases == ["hostile intent"]  # not "prime minister", which Voss says too


def test_a_day_within_another_outlets_span_of_days_agrees_and_one_outside_it_disagrees():
    span = _article("d", "Coastline Daily", "The Marrowgate book festival will run from 12 to 14 March at the "
                                            "rebuilt Central Library, organisers said on Wednesday.")
    within = _article("e", "The Lantern Review", "The Marrowgate book festival will run on 13 March at the rebuilt "
                                                 "Central Library, organisers said on Wednesday.")
    outside = _article("f", "Harbour Times", "The Marrowgate book festival will run on 20 March at the rebuilt "
                                             "Central Library, organisers said on Wednesday.")
    assert not [d for d in _compare(span, within).disagreements if d.kind == "date"]
    found = [d for d in _compare(span, outside).disagreements if d.kind == "date"]
    assert [d.values for d in found] == [{"Coastline Daily": ["2026-03-12/2026-03-14"],
                                          "Harbour Times": ["2026-03-20"]}]


def test_a_shared_fact_is_worded_as_most_outlets_give_it_and_marks_the_outlet_that_gives_another_figure():
    said = "people were killed when the roof of Marrowgate Central Library fell in, fire chief Amira Dace said."
    articles = [_article("g", "Harbour Times", f"At least 14 {said}"),  # the earliest, and the outlier
                _article("h", "Coastline Daily", f"At least 12 {said}"),
                _article("i", "The Lantern Review", f"At least twelve {said}")]  # a figure in words is a figure
    comparison = _compare(*articles)
    fact = next(f for f in comparison.facts if "roof" in f.text)
    assert fact.differing == ["Harbour Times"]
    assert fact.text.startswith("At least 12")
    assert [d.values for d in comparison.disagreements] == [
        {"Harbour Times": ["14"], "Coastline Daily": ["12"], "The Lantern Review": ["12"]}]


def test_a_reworded_quotation_is_one_statement_and_the_outlet_that_reworded_it_is_the_one_marked():
    said = "mayor Idris Quellan said on Tuesday after the Kettle Lane bridge collapsed into the River Osk."
    articles = [_article("j", "Coastline Daily",  # the earliest, and the one that reworded it
                         f"“This is the darkest night our town has ever known,” {said}"),
                _article("k", "The Lantern Review", f"“This is the darkest night Varnley has ever known,” {said}"),
                _article("l", "Harbour Times", f"“This is the darkest night Varnley has ever known,” {said}"),
                # one speaker's two statements that read alike are two: "well in the first half" / "badly in the
                # second half"
                _article("m", "Harbour Times", "“We played really well in the first half,” Quellan, who coaches the "
                                              "town's rugby side, said on Saturday."),
                _article("n", "Coastline Daily", "“We played really badly in the second half,” Quellan, who coaches "
                                                 "the town's rugby side, said on Saturday.")]
    groups = _compare(*articles).quotes["Idris Quellan"]
    assert sorted(len(g.versions) for g in groups) == [1, 1, 3]
    changed = {v.outlet: (v.added, v.dropped) for g in groups for v in g.versions if v.added or v.dropped}
    assert changed == {"Coastline Daily": (["our town"], ["varnley"])}


def test_figures_written_in_words_are_figures_but_names_are_not():
    from storyline.compare import numbers_in

    assert numbers_in("Two hundred and fifty people left; twenty-five stayed.") == ["250", "25"]
    assert numbers_in("One hundred and twenty votes to three thousand.") == ["120", "3000"]
    assert numbers_in("Seven Sisters station and Terminal Four reopened; the vote was fifty-fifty.") == []


def test_a_figure_in_words_before_a_capitalised_word_is_a_figure_unless_it_begins_a_name():
    from storyline.compare import numbers_in

    assert numbers_in("Militants killed three British soldiers and one hundred and one sheep.") == ["3", "101"]
    assert numbers_in("Five Guys opened on the one hundred and fiftieth anniversary.") == []


def test_a_figure_two_outlets_count_otherwise_is_a_disagreement_wherever_the_story_says_it():
    lead = "Kettleby council voted 9 to 4 on Thursday to close the Linden Street maternity unit. "
    wire = _article("w", "Ferris Wire", lead + "The council said the closure would save 4.2 million pounds a year.")
    post = _article("p", "Marrow Post", lead + "The council says the closure will save 2.4 million pounds a year.")
    times = _article("t", "Orrin Valley Times", lead + "Council leader Dorran Velt said the savings of 2.4 million "
                     "pounds a year would pay for community midwives.")
    gazette = _article("g", "Kettleby Gazette", lead + "Dorran Velt, the council leader, said closing the unit would "
                       "save 2.4 million pounds a year for community midwives.")
    comparison = _compare(wire, post, times, gazette)
    found = [d.values for d in comparison.disagreements if d.kind == "number"]
    # one fact sets the wire's figure against the Post's alone, a tie; the rest of the story says which is odd
    assert len(found) == 1 and found[0].pop("Ferris Wire") == ["4.2 million"]
    assert len(found[0]) >= 2 and all(values == ["2.4 million"] for values in found[0].values())
    assert [f.differing for f in comparison.facts if f.differing] == [["Ferris Wire"]]
    # a figure of another thing of the same name is none: the odd outlet gives the common figure too
    seats = [_article("a", "Ostley Wire", "The Civic Alliance won 71 of the 180 seats, 20 short of the 91 it needed "
                      "for a majority of the assembly."),
             _article("b", "Tarnwick Courier", "The Civic Alliance won 71 seats in the assembly election."),
             _article("c", "Fenmoor Daily", "The Civic Alliance took 71 seats and will need partners to govern.")]
    assert _compare(*seats).disagreements == []


def test_one_outlets_count_of_the_same_people_in_other_words_is_a_disagreement():
    # the analyst trial's strike: "4,200 drivers and mechanics" against three outlets' 2,400, in sentences that
    # share little else ("bus drivers" counts drivers)
    wire = _article("w", "Metro Wire", "About 2,400 bus drivers and mechanics in Dunmarsh walked off the job on "
                    "Thursday at the start of a 48-hour strike over pay, leaving most of the city without buses.")
    kvdm = _article("k", "KVDM News", "Commuters across Dunmarsh were left waiting at empty stops this morning as "
                    "about 2,400 bus drivers and mechanics began a 48-hour strike.")
    river = _article("r", "River City News", "About 2,400 drivers and mechanics of Transit Workers Union Local 212 "
                     "are on strike after contract talks with the Dunmarsh Transit Authority stalled.")
    eastbank = _article("e", "Eastbank Observer", "Some 4,200 drivers and mechanics of Transit Workers Union Local "
                        "212 stopped work on Thursday, halting almost every bus route in Dunmarsh.")
    disagreements = [d for d in _compare(wire, kvdm, river, eastbank).disagreements if d.kind == "number"]
    assert [d.values for d in disagreements] == [{"Eastbank Observer": ["4200"], "Metro Wire": ["2400"],
                                                   "KVDM News": ["2400"], "River City News": ["2400"]}]
    assert "2,400" in disagreements[0].text  # told in a sentence that gives the figures, not its row's
    # what a figure counts is its noun, not the word before it: two bus depots are not the 2,400 bus drivers
    depots = _article("d", "Eastbank Observer", "Pickets stood at the gates of two bus depots in Dunmarsh on "
                      "Thursday as drivers and mechanics walked off the job at the start of the strike.")
    assert not [d for d in _compare(wire, kvdm, river, depots).disagreements if d.kind == "number"]


def test_a_partial_quotation_counts_for_the_wording_it_is_part_of():
    said = ("\"This is a hammer blow for families who have given this company {} of service,\" union organiser "
            "Owen Pardoe said on Monday.")
    changed = _article("h", "Halvern Star", said.format("generations"))  # the earliest: no longer the reference
    full = _article("b", "Brennock Post", said.format("decades"), published="2026-02-12")
    partial = _article("f", "Fenmoor Daily", "Union organiser Owen Pardoe called the cuts \"a hammer blow for families "
                       "who have given this company decades of service\".", published="2026-02-12")
    [group] = _compare(changed, full, partial).quotes["Owen Pardoe"]
    assert group.altered
    assert {v.outlet: (v.added, v.dropped) for v in group.versions} == {
        "Halvern Star": (["generations"], ["decades"]), "Brennock Post": ([], []), "Fenmoor Daily": ([], [])}


def test_a_copy_that_changes_a_quotation_is_marked_and_one_that_keeps_it_adds_nothing():
    said = ("DUNMARSH (Metro Wire) - The transit authority and the union reached a tentative deal on Saturday. "
            "\"This is a {} deal, and our members earned every cent of it,\" union president Maria Okafor said.")
    wire = _article("w", "Metro Wire", said.format("fair"))
    kept = _article("k", "Quay Times", said.format("fair"))
    changed = _article("e", "Eastbank Observer", said.format("good"))
    articles = annotate_articles([wire, kept, changed])
    kept.duplicate_of = changed.duplicate_of = wire.id
    [group] = compare_story("s1", articles).quotes["Maria Okafor"]
    assert group.altered and [(v.outlet, v.added, v.dropped, v.copy_of) for v in group.versions] == [
        ("Metro Wire", [], [], None), ("Eastbank Observer", ["good"], ["fair"], "Metro Wire")]


def test_an_outlets_own_name_is_no_name_of_what_a_fact_reports():
    first = _article("o", "Orrin Valley Times", "The Aldwick mill in Marrowgate failed a fire-safety inspection in "
                     "November, according to county records seen by the Orrin Valley Times.")
    second = _article("f", "Ferris Wire", "The Aldwick mill in Marrowgate failed a fire-safety inspection in November, "
                      "county records show.")
    [fact] = [f for f in _compare(first, second).facts if "inspection" in f.text]
    assert "marrowgate" in " ".join(fact.entities) and not any("orrin" in e for e in fact.entities)


def test_of_outlets_naming_a_toll_in_part_only_the_one_giving_figures_no_other_gives_is_marked():
    flood = ("The River Orla burst its banks in Tessly early on Wednesday, flooding about {homes} homes and forcing "
             "more than {people} people to leave the riverside quarter after a night of torrential rain.")
    part = "The River Orla rose overnight and about 140 homes in Tessly were flooded on Wednesday, the council said."
    articles = [_article("n", "Northgate Wire", flood.format(homes=140, people=600)),
                _article("h", "Harbor Ledger", flood.format(homes=160, people=700)),
                _article("p", "Meridian Post", flood.format(homes=140, people=600)),
                _article("v", "Valley Courier", part)]
    comparison = _compare(*articles)
    fact = next(f for f in comparison.facts if f.id == comparison.disagreements[0].fact)
    assert fact.differing == ["Harbor Ledger"] and "140 homes" in fact.text


def test_a_share_of_one_thing_told_in_other_words_is_compared_and_a_round_figure_agrees_with_an_exact_one():
    results = [
        ("Harbour Business Times", "Pre-tax profit for the three months to September rose 21% to $312 million, the "
                                   "engineering group said. The plant has made 2.9 million turbine housings."),
        ("Fenwick Financial Review", "Quarterly pre-tax profit at the engineering group rose 21 per cent to $312 "
                                     "million, it said. The plant has made nearly 3 million turbine housings."),
        ("The Copper Gazette", "The engineering group said on Tuesday that pre-tax profit climbed 12 per cent to "
                               "$312 million in the third quarter. The plant has made almost 3 million turbine "
                               "housings."),
    ]
    comparison = _compare(*[_article(outlet[0].lower(), outlet, text, published="2026-11-03")
                            for outlet, text in results])
    assert [d.values for d in comparison.disagreements] == [{"Harbour Business Times": ["21%"],
                                                              "Fenwick Financial Review": ["21%"],
                                                              "The Copper Gazette": ["12%"]}]
    fact = next(f for f in comparison.facts if f.id == comparison.disagreements[0].fact)
    assert fact.differing == ["The Copper Gazette"]
    # percentage points are no percent
    from storyline.compare import numbers_in
    assert numbers_in("The margin rose 1.2 percentage points to 13.1%") == ["1.2", "13.1%"]


def test_a_reported_statement_and_one_speaker_named_twice_share_no_words_between_speakers():
    from storyline.compare import shared_phrases

    first = _article("t", "Coastline Daily", "“We will stay out all along the line,” union leader Maria Okafor said "
                                             "on Monday.")
    second = _article("u", "Northgate Wire", "“We said it all along the line,” Okafor said on Tuesday.",
                      published="2026-05-02")
    third = _article("w", "Harbor Ledger", "Minister Ada Voss said the pay offer was final.",
                     published="2026-05-02")
    fourth = _article("x", "Quay Times", "Tomas Erkin, the union's treasurer, said the pay offer fell short.",
                      published="2026-05-02")
    assert shared_phrases(annotate_articles([first, second, third, fourth])) == []


def test_money_in_short_forms_and_in_other_units_is_one_figure():
    from storyline.compare import numbers_in

    assert numbers_in("revenue of US$2.4bn") == numbers_in("revenue of $2,400 million") == ["2.4 billion"]
    assert numbers_in("a £312m charge") == ["312 million"] and numbers_in("a wall 6.8m high") == ["6.8"]
    # a newsroom's millions of what is counted: "3m customers" is 3 million, "a 10m wall" ten metres
    assert numbers_in("it has 3m customers") == ["3 million"] and numbers_in("a 10m sea wall") == ["10"]
    assert numbers_in("EUR 40m in fees and 2.4bn people") == ["40 million", "2.4 billion"]


def test_similarities_of_a_few_sentences_do_not_import_torch():
    # a story page's first view waited over a second for torch, imported only to ask whether a GPU is there
    import os
    import subprocess
    import sys

    code = ("import sys, numpy\nfrom storyline.cluster.embed import similarities\n"
            "vectors = numpy.eye(3, dtype=numpy.float32)\nsimilarities(vectors, vectors)\nprint('torch' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                            env={**os.environ, "STORYLINE_DEVICE": ""})
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_one_sum_given_in_two_currencies_differs_but_one_currency_written_three_ways_agrees():
    bid = "Brightholm made an approach worth {sum} for the engineering group Corvane, which rejected it on Monday."
    articles = [_article("h", "Harbour Business Times", bid.format(sum="£6.1bn"), published="2026-11-09"),
                _article("m", "Meridale Markets Daily", bid.format(sum="6.1 billion pounds"), published="2026-11-09"),
                _article("c", "The Copper Gazette", bid.format(sum="£6,100 million"), published="2026-11-09")]
    assert _compare(*articles).disagreements == []
    odd = _article("o", "Ostler Street Journal", bid.format(sum="$6.1 billion"), published="2026-11-09")
    disagreement, = _compare(*articles, odd).disagreements
    assert disagreement.values["Ostler Street Journal"] == ["$6.1 billion"]
    assert disagreement.values["Harbour Business Times"] == ["£6.1 billion"]
    # a sum without its currency is none of them: no disagreement
    plain = _article("p", "Fenwick Financial Review", bid.format(sum="6.1 billion"), published="2026-11-09")
    assert _compare(articles[0], plain).disagreements == []


def test_one_statement_with_another_figure_between_the_same_words_differs():
    cases = "The number of confirmed cases of fever in Brindlemoor has risen to {n}, the regional health agency said."
    death = "A {age}-year-old woman has become the first person to die in the fever outbreak, the agency said."
    comparison = _compare(_article("f", "Fenmarsh Courier", cases.format(n=71) + " " + death.format(age=76)),
                          _article("o", "Orrin Standard", cases.format(n=17) + " " + death.format(age=71)),
                          _article("q", "Quillby Wire", cases.format(n=17) + " " + death.format(age=71)))
    assert sorted(d.values["Fenmarsh Courier"] for d in comparison.disagreements) == [["71"], ["76"]]
    assert all(d.values["Orrin Standard"] == d.values["Quillby Wire"] for d in comparison.disagreements)
    assert all(f.differing == ["Fenmarsh Courier"] for f in comparison.facts)


def test_days_of_two_things_in_one_fact_do_not_differ_but_one_thing_told_on_two_days_does():
    lab = ("The agency said the first patients were admitted to the town's hospital last week with fever and a rash, "
           "and that its reference laboratory had confirmed the virus on Monday.")
    declared = ("The agency declared the outbreak on Tuesday after the first patients were admitted to the town's "
                "hospital last week with fever and a rash.")
    articles = [_article("q", "Quillby Wire", lab, published="2026-10-06"),
                _article("h", "Harrow Gazette", lab, published="2026-10-06"),
                _article("f", "Fenmarsh Courier", declared, published="2026-10-07"),
                _article("t", "Tessworth Health", declared, published="2026-10-07")]
    assert _compare(*articles).disagreements == []
    died = "The woman died at the town's hospital on {day}, the agency said."
    articles = [_article("q", "Quillby Wire", died.format(day="Monday"), published="2026-10-20"),
                _article("h", "Harrow Gazette", died.format(day="Sunday"), published="2026-10-20"),
                _article("f", "Fenmarsh Courier", died.format(day="Monday"), published="2026-10-20")]
    disagreement, = _compare(*articles).disagreements
    assert disagreement.values["Harrow Gazette"] == ["2026-10-18"]


def test_a_company_named_without_its_trade_is_the_company_named_in_full():
    first = _article("h", "Harrow Gazette", "Hollenby Therapeutics said the drug would launch in the fourth quarter. "
                                            "“This is a good day for patients,” Hollenby Therapeutics said.")
    second = _article("o", "Orrin Standard", "The price is fair for a drug of this kind, Hollenby said on Tuesday.")
    quotes = _compare(first, second).quotes
    assert "Hollenby Therapeutics" in quotes and "Hollenby" not in quotes


def test_a_speaker_spelled_without_accents_or_with_a_capital_particle_is_one_speaker():
    first = _article("c", "Dalvorian Courier", "“Polls don't vote, people do,” said Inês da Costa, the prime minister. "
                                               "“We will win,” said Piet van der Berg.")
    second = _article("p", "Evening Post", "“Polls don't vote, people do,” Ines da Costa told supporters. "
                                           "Van der Berg said the poll was wrong.")
    quotes = _compare(first, second).quotes
    assert "Ines da Costa" not in quotes and len(quotes["Inês da Costa"]) == 1
    assert "Van der Berg" not in quotes and "Piet van der Berg" in quotes


def test_a_poll_s_share_and_a_reading_at_an_hour_do_not_differ_from_the_result():
    articles = [
        _article("a", "Astrel Wire", "Turnout was 64.2%, up from 59.8% at the last election in 2022. The Union for "
                                     "Progress won 33.1% of the vote.", published="2026-10-05"),
        _article("e", "Evening Post", "Turnout was 64.2 per cent, the electoral commission said. The Union for "
                                      "Progress won 33.1% of the vote.", published="2026-10-05"),
        _article("r", "Radio Dalvoria", "10:42 — Polling stations have been open for three hours. The commission "
                                        "said turnout stood at 21.3% at 10:00, slightly higher than in 2022. "
                                        "21:47 — The exit poll puts the Union for Progress on 34% of the vote.",
                 published="2026-10-04")]
    comparison = _compare(*articles)
    assert comparison.disagreements == []
    assert not any(s.text.startswith("21:47") for f in comparison.facts for s in f.sentences)
    wrong = _article("c", "Dalvorian Courier", "Turnout was 61.8%, the commission said, higher than four years ago.",
                     published="2026-10-05")
    assert not any("21.3%" in values for d in _compare(*articles, wrong).disagreements for values in d.values.values())


def test_a_curly_apostrophe_rewords_nothing_and_tonight_in_someone_s_words_is_no_day_to_compare():
    said = "“Polls don{mark}t vote, people do,” said Inês da Costa, the prime minister, in Kessel."
    comparison = _compare(_article("c", "Dalvorian Courier", said.format(mark="’")),
                          _article("p", "Evening Post", said.format(mark="'")))
    assert not any(group.altered for groups in comparison.quotes.values() for group in groups)
    night = ("“Tonight I congratulate Ms da Costa on first place, but this race is not over,” van der Berg told "
             "supporters{when}.")
    comparison = _compare(_article("r", "Radio Dalvoria", night.format(when=" late on Sunday"), "2026-10-05"),
                          _article("p", "Evening Post", night.format(when=" at the party"), "2026-10-05"))
    assert comparison.disagreements == []


def test_a_prison_term_and_a_person_s_age_that_one_outlet_gives_otherwise_differ():
    jailed = [("w", "Halcyon Wire", "A man who set fire to a timber warehouse after losing his job there was jailed "
                                    "for eight years on Friday."),
              ("c", "Brackenford Chronicle", "Dominic Farrow was jailed for eight years on Friday for setting fire "
                                             "to the timber warehouse."),
              ("g", "Merrowby Gazette", "A Brackenford man has been jailed for nine years for an arson attack that "
                                        "destroyed a timber business.")]
    disagreement, = _compare(*[_article(*row, published="2026-07-10") for row in jailed]).disagreements
    assert disagreement.values["Merrowby Gazette"] == ["9"] and disagreement.values["Halcyon Wire"] == ["8"]
    aged = [("p", "Vale Evening Post", "Gareth Lomax, 53, of Millbrook Avenue, appeared at the crown court "
                                       "yesterday alongside a 17-year-old boy who cannot be named."),
            ("w", "Halcyon Wire", "Gareth Lomax, 52, a director of Lomax Home Energy Ltd, denies six counts of "
                                  "fraud by false representation."),
            ("g", "Merrowby Gazette", "Gareth Lomax, 52, director of Lomax Home Energy Ltd, entered his pleas at "
                                      "the crown court on Thursday.")]
    disagreement, = _compare(*[_article(*row, published="2026-05-22") for row in aged]).disagreements
    assert disagreement.values == {"Vale Evening Post": ["53"], "Halcyon Wire": ["52"], "Merrowby Gazette": ["52"]}


def test_the_day_of_one_thing_differs_though_another_day_both_sentences_give_is_the_same():
    found = ("A failed barrier at the Kell weir caused the flood that killed 14 people in Dornby on {day}, an "
             "independent inquiry concluded on Tuesday.")
    jammed = ("A jammed gate at the Kell weir caused the flood that killed 14 people in Dornby on 12 May, an "
              "inquiry found on Tuesday.")
    articles = [_article("m", "Marl Today", found.format(day="13 May"), published="2026-06-23"),
                _article("k", "Kell Wire", jammed, published="2026-06-23"),
                _article("v", "Vale Herald", found.format(day="12 May"), published="2026-06-23")]
    disagreement, = _compare(*articles).disagreements
    assert disagreement.kind == "date"
    assert disagreement.values == {"Marl Today": ["2026-05-13"], "Kell Wire": ["2026-05-12"],
                                   "Vale Herald": ["2026-05-12"]}


def test_a_death_toll_named_before_its_figure_is_a_toll():
    called_off = "Rescue teams in Dornby called off the search on Thursday, with the confirmed death toll at {toll}."
    standing = ("Rescuers in Dornby ended their search on Thursday, with the death toll from Tuesday's flood "
                "standing at {toll}, the emergency director said.")
    articles = [_article("k", "Kell Wire", called_off.format(toll=14), published="2026-05-14"),
                _article("v", "Vale Herald", standing.format(toll=41), published="2026-05-14"),
                _article("r", "Radio Kell", standing.format(toll=14), published="2026-05-14")]
    disagreement, = _compare(*articles).disagreements
    assert disagreement.values == {"Kell Wire": ["14"], "Vale Herald": ["41"], "Radio Kell": ["14"]}


def test_tolls_of_reports_of_different_days_are_updates_and_each_day_s_clash_is_its_own():
    first_day = "{toll} people have been confirmed dead after the River Kell flooded much of Dornby on Tuesday."
    third_day = ("{toll} people have been confirmed dead after the River Kell flooded much of Dornby on Tuesday, "
                 "rescuers said as they ended their search.")
    articles = [_article("m", "Marl Today", first_day.format(toll="Four"), published="2026-05-12"),
                _article("r", "Radio Kell", first_day.format(toll="Nine"), published="2026-05-12"),
                _article("k", "Kell Wire", third_day.format(toll="Fourteen"), published="2026-05-14"),
                _article("v", "Vale Herald", third_day.format(toll="Forty-one"), published="2026-05-14")]
    comparison = _compare(*articles)
    assert len({s.article for f in comparison.facts for s in f.sentences if f.id == comparison.facts[0].id}) == 4
    assert sorted(sorted(d.values.items()) for d in comparison.disagreements) == [
        [("Kell Wire", ["14"]), ("Vale Herald", ["41"])], [("Marl Today", ["4"]), ("Radio Kell", ["9"])]]
    # each told in its own words: the third day's clash is not headed by the first day's sentence
    told = {tuple(sorted(d.values)): d.text for d in comparison.disagreements}
    assert told[("Kell Wire", "Vale Herald")].startswith(("Fourteen", "Forty-one"))
    assert told[("Marl Today", "Radio Kell")].startswith(("Four people", "Nine"))


def test_an_event_s_attendance_told_in_other_words_and_a_fee_in_one_currency_differ():
    crowd = "A crowd of 61,482 watched Rangers take an early lead through Lewis Brandt in the 12th minute."
    articles = [_article("k", "Kestrel Wire", crowd, published="2026-04-18"),
                _article("m", "Marlow Post", crowd.replace("an early lead", "the lead"), published="2026-04-18"),
                _article("f", "Fenwick Sports", "In front of 64,182 supporters, Daniel Okonjo's 101st-minute winner "
                         "settled a final that swung one way and then the other.", published="2026-04-18")]
    disagreement, = _compare(*articles).disagreements
    assert disagreement.values == {"Fenwick Sports": ["64182"], "Kestrel Wire": ["61482"], "Marlow Post": ["61482"]}
    fee = ("Castlebridge Athletic have signed striker Noah Varga from Redmere City for a club-record fee of {}, both "
           "clubs said on Tuesday.")
    signed = [_article("k", "Kestrel Wire", fee.format("£24 million (€27.8 million)"), published="2026-05-26"),
              _article("f", "Fenwick Sports", fee.format("£21m (€24.3m)"), published="2026-05-26")]
    disagreement, = _compare(*signed).disagreements
    assert disagreement.values == {"Kestrel Wire": ["£24 million", "€27.8 million"],
                                   "Fenwick Sports": ["£21 million", "€24.3 million"]}
    add_ons = fee.format("£24 million, rising to £30 million with add-ons")
    assert _compare(signed[0], _article("f", "Fenwick Sports", add_ons, published="2026-05-26")).disagreements == []


def test_a_sum_of_one_named_thing_told_in_other_words_differs_but_an_expected_one_is_another_thing():
    results = [
        ("Kestrow Wire", "Revenue for the fiscal third quarter ended Nov. 1 rose 18% to $2.41 billion, beating "
                         "estimates of $2.33 billion."),
        ("WKTR 9 News", "Veradyne reported revenue of about $2.4 billion for the quarter, up 18% from a year "
                        "earlier."),
        ("Root Access", "Veradyne Semiconductor posted fiscal third-quarter revenue of $2.14 billion on Thursday, up "
                        "18% from a year ago, and guided to about $2.6 billion for the quarter that ends in January."),
    ]
    comparison = _compare(*[_article(outlet[0].lower(), outlet, text, published="2026-12-03")
                            for outlet, text in results])
    assert [d.values for d in comparison.disagreements if d.kind == "number"] == [
        {"Kestrow Wire": ["2.41 billion"], "Root Access": ["2.14 billion"], "WKTR 9 News": ["2.4 billion"]}]
    from storyline.compare import _sums
    assert _sums("The company expects revenue of $2.55 billion to $2.65 billion") == {
        "expected revenue": {"2.55 billion", "2.65 billion"}}


def test_one_hour_told_on_two_days_is_a_day_that_differs_though_one_outlet_gives_each():
    comparison = _compare(
        _article("k", "Kestrow Wire", "The hospital group detected the intrusion at about 2 a.m. Monday and shut "
                                      "down its networks to contain it, Pellmore said in a statement.", "2026-07-13"),
        _article("w", "WKTR 9 News", "Pellmore said its IT staff first detected the intrusion at about 2 a.m. Sunday, "
                                     "July 12, and took its networks offline to stop it from spreading.",
                 "2026-07-13"))
    assert [d.values for d in comparison.disagreements if d.kind == "date"] == [
        {"Kestrow Wire": ["2026-07-13"], "WKTR 9 News": ["2026-07-12"]}]


def test_an_outlet_telling_the_day_with_the_verb_after_it_differs_from_each_outlet_giving_the_other_day():
    comparison = _compare(
        _article("k", "Kestrel FM News", "The Kilcarra Statistics Office published its annual crime bulletin on "
                                         "Tuesday, showing violent crime across the region fell by 4.2 per cent in "
                                         "2025.", "2026-03-17"),
        _article("n", "Northgate Ledger", "The Kilcarra Statistics Office released its annual crime figures on "
                                          "Tuesday, showing violent crime fell by 4.2 per cent across the region in "
                                          "2025.", "2026-03-17"),
        _article("a", "Ardvale Standard", "The Kilcarra Statistics Office on Monday published figures showing "
                                          "violent crime fell by 4.2 per cent across the region in 2025.",
                 "2026-03-18"))
    assert [d.values for d in comparison.disagreements if d.kind == "date"] == [
        {"Kestrel FM News": ["2026-03-17"], "Ardvale Standard": ["2026-03-16"], "Northgate Ledger": ["2026-03-17"]}]


def test_one_outlet_s_day_against_the_day_others_give_in_other_words_is_a_difference():
    comparison = _compare(
        _article("a", "Fennick Advertiser", "Councillors gave the go-ahead to 240 new homes at Harrow Fields on "
                                            "Tuesday evening, despite fierce opposition from people living nearby.",
                 "2027-02-11"),
        _article("s", "Fennick Evening Star", "Controversial plans to build 240 homes at Harrow Fields were approved "
                                              "by councillors on Wednesday evening, to jeers from the packed public "
                                              "gallery.", "2027-02-11"),
        _article("b", "BRN News", "Fennick Borough Council's planning committee voted seven to five in favour of the "
                                  "Harrow Fields scheme on Wednesday evening, after a meeting lasting almost four "
                                  "hours.", "2027-02-11"))
    assert [d.values for d in comparison.disagreements if d.kind == "date"] == [
        {"Fennick Advertiser": ["2027-02-09"], "Fennick Evening Star": ["2027-02-10"], "BRN News": ["2027-02-10"]}]


def test_a_copy_s_day_read_from_its_own_date_is_no_difference_from_its_original():
    wire = _article("w", "Stellan Wire", "The death toll from Monday's shelling of Kel Tamar rose to 14 on Tuesday, "
                                         "officials said.", "2026-03-03")
    copy = _article("c", "Tamar Valley Courier", "The death toll from Monday's shelling of Kel Tamar rose to 14 on "
                                                  "Tuesday, officials said late on Tuesday.", "2026-03-10")
    copy.duplicate_of = wire.id
    assert [d for d in _compare(wire, copy).disagreements if d.kind == "date"] == []
