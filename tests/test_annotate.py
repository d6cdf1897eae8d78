"""Annotation with the real spaCy model: entities, speakers, dates, opinion."""

from __future__ import annotations

import pytest

from storyline.annotate import annotate_articles
from storyline.annotate.dates import resolve_date
from storyline.annotate.entities import resolve_entities
from storyline.annotate.opinion import WRITERS_ARGUMENT, is_opinion_piece, opinion_reason
from storyline.model import Article, Block
from datetime import date

TEXT = (
    "Harbour commissioner Ilse Marrow said on Tuesday that the port would reopen. "
    "Union leader Tomas Varga rejected the plan.\n\n"
    "“We will not go back until the contracts are signed,” said Varga. "
    "“The workers have waited long enough.”\n\n"
    "Marrow said the talks would resume next Monday. "
    "“I remain ready to meet the union at any time,” she told reporters.\n\n"
    "The board clearly hopes the dispute is over."
)


@pytest.fixture(scope="module")
def article() -> Article:
    item = Article(id="x" * 32, source="test", media_type="text/plain", raw=TEXT.encode(), body=TEXT,
                   published="2026-03-05")
    return annotate_articles([item])[0]


def annotate_text(text: str, published: str, blocks: list[Block] | None = None) -> Article:
    """One article of ``text`` (and ``blocks``), annotated by the real pipeline."""
    item = Article(id="t" * 32, source="test", media_type="text/plain", raw=text.encode(), body=text,
                   blocks=blocks or [], published=published)
    return annotate_articles([item])[0]


def speakers_of(text: str, published: str) -> dict[str, str | None]:
    """Each quote's words and the speaker they resolve to, in ``text`` annotated by the real pipeline."""
    return {q.text: q.speaker for q in annotate_text(text, published).quotes}


def test_surname_mentions_resolve_to_the_full_name(article):
    people = {e.text: e.canonical for e in article.entities if e.label == "PERSON"}
    assert people["Varga"] == "Tomas Varga"
    assert people["Marrow"] == "Ilse Marrow"


def test_direct_quotes_get_speakers_from_cue_pronoun_and_continuation(article):
    quotes = {q.text: q for q in article.quotes if q.kind == "direct"}
    assert quotes["We will not go back until the contracts are signed,"].speaker == "Tomas Varga"
    assert quotes["The workers have waited long enough."].speaker == "Tomas Varga"
    ready = quotes["I remain ready to meet the union at any time,"]
    assert ready.speaker == "Ilse Marrow" and ready.speaker_mention == "she"


def test_reported_speech_is_found_with_its_speaker(article):
    reported = [q for q in article.quotes if q.kind == "reported"]
    assert any(q.speaker == "Ilse Marrow" and "talks would resume" in q.text for q in reported)


def test_relative_dates_resolve_against_publication(article):
    values = {d.text: d.value for d in article.dates}
    assert values["Tuesday"] == "2026-03-03"
    assert values["next Monday"] == "2026-03-09"


def test_opinion_sentence_is_flagged_with_reason(article):
    flagged = [article.body[s.start:s.end] for s in article.sentences if s.opinion]
    assert flagged == ["The board clearly hopes the dispute is over."]


def test_weekday_and_date_must_agree():
    assert resolve_date("Wednesday, October 20", date(2021, 10, 21)) == "2021-10-20"
    assert resolve_date("Wednesday, October 20", date(2022, 1, 5)) == "2021-10-20"  # year before, weekday agrees
    assert resolve_date("yesterday", date(2026, 3, 1)) == "2026-02-28"
    assert resolve_date("last week", date(2026, 3, 5)) == "2026-W09"
    assert resolve_date("a few years", date(2026, 3, 5)) is None


def test_a_month_and_day_take_the_year_nearest_publication_the_past_preferred():
    assert resolve_date("October 4", date(2026, 8, 20)) == "2026-10-04"  # "a snap election for October 4"
    assert resolve_date("October 4", date(2026, 3, 1)) == "2025-10-04"
    assert resolve_date("December 20", date(2026, 1, 5)) == "2025-12-20"
    assert resolve_date("January 3", date(2026, 12, 20)) == "2027-01-03"


def test_holidays_are_times_and_ages_are_not():
    from storyline.annotate.dates import is_temporal

    assert is_temporal("Christmas") and is_temporal("Ramadan") and is_temporal("three weeks ago")
    assert not is_temporal("45-year-old") and not is_temporal("58") and not is_temporal("97 to 81")


def test_months_weekends_and_nights_relative_to_publication():
    wednesday = date(2026, 7, 15)
    assert resolve_date("last month", wednesday) == "2026-06"
    assert resolve_date("last month", date(2026, 1, 3)) == "2025-12"
    assert resolve_date("next month", wednesday) == "2026-08"
    assert resolve_date("last month's", wednesday) == "2026-06"  # "last month's vote"
    # "last Tuesday" in a Wednesday paper is a week back: the day before is "yesterday" or "on Tuesday"
    assert resolve_date("last Tuesday", wednesday) == "2026-07-07"
    assert resolve_date("on Tuesday", wednesday) == "2026-07-14"
    assert resolve_date("last Friday", wednesday) == "2026-07-10"
    assert resolve_date("next year’s", wednesday) == "2027"
    assert resolve_date("this weekend", wednesday) == "2026-W29"
    assert resolve_date("this weekend", date(2026, 7, 19)) == "2026-W29"  # a Sunday: the weekend ending today
    assert resolve_date("last night", wednesday) == "2026-07-14"


def test_a_month_alone_takes_the_nearest_year_and_a_weekday_looks_ahead_where_the_sentence_does():
    assert resolve_date("by December", date(2026, 10, 27)) == "2026-12"  # was last December
    assert resolve_date("until at least January", date(2026, 10, 12)) == "2027-01"
    assert resolve_date("since July", date(2026, 9, 10)) == "2026-07"
    assert resolve_date("in March", date(2026, 9, 10)) == "2026-03"
    text = ("Verhagen handed in a transfer request on Sunday. He is due to meet the chairman on Wednesday. "
            "The club will decide on Friday whether to sell him. Albion were due to sign him on Thursday but "
            "pulled out.")
    days = {d.text: d.value for d in annotate_text(text, "2026-09-15").dates}  # a Tuesday
    assert days == {"Sunday": "2026-09-13", "Wednesday": "2026-09-16", "Friday": "2026-09-18",
                    "Thursday": "2026-09-10"}
    # a day in a clause of its own keeps to that clause's time, whatever the main verb says
    text = "Talks, which stalled on Monday, will resume next week. The man arrested on Saturday will appear in court."
    days = {d.text: d.value for d in annotate_text(text, "2026-09-15").dates}
    assert days["Monday"] == "2026-09-14" and days["Saturday"] == "2026-09-12"


def test_a_time_of_day_is_no_thing_a_day_belongs_to_and_the_day_keeps_its_verbs_time():
    # the analyst trial's Friday paper: "ends at 5 a.m. on Saturday" is tomorrow, not last Saturday
    text = ("The strike ends at 5 a.m. on Saturday, the union said. Buses resume on Sunday morning. "
            "Police said the crash happened at 5 a.m. on Thursday.")
    days = {d.text: d.value for d in annotate_text(text, "2026-02-20").dates if d.value}
    assert days == {"Saturday": "2026-02-21", "Sunday": "2026-02-22", "Thursday": "2026-02-19"}


def test_today_in_someones_words_is_the_day_they_said_it():
    text = ("\"I am asking both sides to return to the table today,\" Mayor Thomas Brennagh said on Monday. "
            "\"We meet again today,\" union president Maria Okafor said.")
    days = [(d.text, d.value) for d in annotate_text(text, "2026-04-28").dates]  # a Tuesday paper
    assert days == [("today", "2026-04-27"), ("Monday", "2026-04-27"), ("today", "2026-04-28")]
    told = annotate_text("\"We lost a battle tonight, but not the war,\" Piet van der Berg told supporters in "
                         "Marrick late on Sunday.", "2026-10-05")
    assert [(d.text, d.value) for d in told.dates] == [("tonight", "2026-10-04"), ("Sunday", "2026-10-04")]


def test_an_age_or_a_vote_tally_is_not_a_date_and_last_night_is():
    found = annotate_text(
        "Anselm Brodsky, 58, resigned on Tuesday after the Assembly voted 97 to 81 to open an inquiry. "
        "Police said the fire started last night and was put out this morning.", "2026-07-15")
    values = {d.text: d.value for d in found.dates}
    assert values.get("Tuesday") == "2026-07-14"
    assert values.get("last night") == "2026-07-14" and values.get("this morning") == "2026-07-15"
    assert not any(text.strip() in ("58", "97 to 81") for text in values), values


def test_surname_prefers_the_person_whose_surname_it_is():
    spans = [("Sung Kim", "PERSON", 0, 8), ("Kim Jong-un", "PERSON", 20, 31), ("Kim", "PERSON", 40, 43)]
    assert resolve_entities(spans)[-1].canonical == "Sung Kim"


def test_aliases_of_one_country_share_a_canonical_name():
    spans = [("U.S.", "GPE", 0, 4), ("US", "GPE", 10, 12), ("the United States", "GPE", 20, 37)]
    assert {e.canonical for e in resolve_entities(spans)} == {"United States"}


def test_a_place_is_one_name_with_or_without_its_article_and_a_span_run_on_loses_its_last_word():
    spans = [("the Port of Halden", "LOC", 0, 18), ("Port of Halden", "LOC", 30, 44),
             ("the United Kingdom", "GPE", 50, 68),
             ("Terminal Four for", "ORG", 70, 87), ("the Hague", "GPE", 90, 99), ("The Hague", "GPE", 100, 109)]
    assert [e.canonical for e in resolve_entities(spans)] == [
        "Port of Halden", "Port of Halden", "United Kingdom", "Terminal Four", "The Hague", "The Hague"]


def test_a_place_the_model_takes_for_a_person_is_not_whom_she_stands_for():
    texts = ["Mayor Ilona Petrak visited the shelter in Brinmoor on Tuesday. "
             "“We will rebuild every house,” she said.",
             "Port chair Renata Oakes said two lines would divert calls to Kestrel Bay. "
             "“That is business we may not see again,” she said."]
    items = [Article(id=str(i) * 32, source="test", media_type="text/plain", raw=t.encode(), body=t,
                     published="2026-06-01") for i, t in enumerate(texts)]
    town, bay = annotate_articles(items)
    assert {e.label for e in town.entities if e.canonical == "Brinmoor"} == {"GPE"}  # "in Brinmoor"
    assert [q.speaker for q in town.quotes] == ["Ilona Petrak"]
    assert {e.label for e in bay.entities if e.canonical == "Kestrel Bay"} == {"LOC"}  # a bay is a place
    assert "Kestrel Bay" not in {q.speaker for q in bay.quotes}


def test_a_person_who_acts_stays_a_person_whatever_place_word_or_preposition_comes_with_the_name():
    texts = ["Western leaders expressed confidence in Zelensky on Friday. “We will not give up,” Zelensky said.",
             "Director Michael Bay said the film was finished. “It is my best work,” Bay said."]
    items = [Article(id=str(i) * 32, source="test", media_type="text/plain", raw=t.encode(), body=t,
                     published="2026-06-01") for i, t in enumerate(texts)]
    leader, director = annotate_articles(items)
    assert {e.label for e in leader.entities if e.canonical == "Zelensky"} == {"PERSON"}
    assert [q.speaker for q in leader.quotes] == ["Zelensky"]
    assert {e.label for e in director.entities if e.canonical == "Michael Bay"} == {"PERSON"}
    assert {q.speaker for q in director.quotes} == {"Michael Bay"}


def test_an_office_before_a_name_is_a_person_and_a_figure_after_it_is_not_part_of_the_name():
    spans = [("Auditor-General Celeste Amari", "ORG", 0, 29), ("Amari", "ORG", 40, 45),
             ("General Motors", "ORG", 50, 64), ("Secretary of State", "ORG", 70, 88),
             ("Daria Kovant", "PERSON", 90, 102), ("Kovant 95", "PERSON", 110, 119),
             ("Judge Advocate General", "ORG", 120, 142), ("Governor Phillip Tower", "FAC", 150, 172)]
    assert [(e.label, e.canonical) for e in resolve_entities(spans)] == [
        ("PERSON", "Celeste Amari"), ("PERSON", "Celeste Amari"), ("ORG", "General Motors"),
        ("ORG", "Secretary of State"), ("PERSON", "Daria Kovant"), ("PERSON", "Daria Kovant"),
        ("ORG", "Judge Advocate General"), ("FAC", "Governor Phillip Tower")]


def test_a_name_tagged_an_organisation_is_a_person_where_its_surname_alone_is_one():
    spans = [("Renata Oakes", "ORG", 0, 12), ("Goldman Sachs", "ORG", 20, 33), ("Oakes", "PERSON", 40, 45)]
    assert [(e.label, e.canonical) for e in resolve_entities(spans)] == [
        ("PERSON", "Renata Oakes"), ("ORG", "Goldman Sachs"), ("PERSON", "Renata Oakes")]
    # but not where the lone surname is that of a person named in full: "Jones" is Alex Jones's
    spans = [("Alex Jones", "PERSON", 0, 10), ("Dow Jones", "ORG", 20, 29), ("Jones", "PERSON", 40, 45)]
    assert [(e.label, e.canonical) for e in resolve_entities(spans)] == [
        ("PERSON", "Alex Jones"), ("ORG", "Dow Jones"), ("PERSON", "Alex Jones")]


def test_quoted_words_do_not_make_a_sentence_opinion():
    assert opinion_reason("The minister called the plan “clearly reckless” on Monday.") is None
    assert opinion_reason("The plan is clearly reckless.") is not None


def test_untagged_surname_speaker_resolves_to_the_person_named_earlier():
    text = ("Opposition leader Daria Kovant won the vote on Sunday. "
            "“We can work with both parties,” Kovant said after the count.")
    quote = next(q for q in annotate_text(text, "2026-10-05").quotes if q.kind == "direct")
    assert quote.speaker_mention == "Kovant" and quote.speaker == "Daria Kovant"


def test_they_is_the_group_or_organisation_just_written_not_the_last_person_named():
    speakers = speakers_of(
        "Union leader Maria Okafor met the mayor on Monday. Workers gathered outside the hall. "
        "\"We will not give up,\" they said.\n\n"
        "Brightwater Police closed the quay road on Tuesday. \"We ask drivers to stay away,\" they said.\n\n"
        "Coun. Jordan Ellis, who uses they/them pronouns, voted in favour but warned the cap would not build a "
        "single new home. \"We are regulating the symptom, not the disease,\" they said.", "2026-03-16")
    assert speakers["We will not give up,"] is None  # the workers, whom no name stands for
    assert speakers["We ask drivers to stay away,"] == "Brightwater Police"
    assert speakers["We are regulating the symptom, not the disease,"] == "Jordan Ellis"


def test_a_service_named_in_two_pieces_a_street_and_a_manager_named_by_his_role():
    # the operations trial's depot fire: the model cut the fire service in two, took the street and the town for
    # people, the manager for an organisation, and "he" went to the fire chief
    text = ("A large fire destroyed most of the Dunmere Logistics depot on Harrow Lane in Kelbridge on Tuesday.\n\n"
            "Kelbridge Fire and Rescue Service said 14 engines and around 70 firefighters were sent to the site.\n\n"
            "\"This was one of the most difficult fires we have dealt with in a decade,\" Chief Fire Officer Alana "
            "Voss said.\n\nThe depot employs 140 people. Its manager, Ruben Castell, said staff had been told to "
            "stay at home. \"We are devastated, but everyone got out safely,\" he said.")
    article = annotate_text(text, "2026-03-03")
    labels = {e.canonical: e.label for e in article.entities}
    assert labels["Kelbridge Fire and Rescue Service"] == "ORG" and labels["Harrow Lane"] == "LOC"
    assert labels["Ruben Castell"] == "PERSON" and labels["Alana Voss"] == "PERSON"
    assert not [name for name, label in labels.items() if label == "PERSON" and "Fire" in name]
    speakers = {q.text: q.speaker for q in article.quotes}
    assert speakers["14 engines and around 70 firefighters were sent to the site"] == \
        "Kelbridge Fire and Rescue Service"
    assert speakers["We are devastated, but everyone got out safely,"] == "Ruben Castell"


def test_a_surname_written_alone_is_the_person_she_and_he_stand_for():
    # the analyst trial's paper named the union leader and the authority's chief by surname alone: the model left
    # "Okafor" untagged and took "Lindqvist" for an organisation, so "she" went to the judge and "he" to Okafor
    text = ("Judge Ruth Castellano said the union had \"followed every step the statute requires\".\n\n"
            "Okafor, who sat in the front row of the public gallery, hugged the union's lawyer. \"The court has "
            "confirmed what we said all along,\" she said afterwards.\n\n"
            "Lindqvist said the authority had gone as far as it could. \"We will not reopen the money,\" he said.")
    speakers = speakers_of(text, "2026-03-11")
    assert speakers["The court has confirmed what we said all along,"] == "Okafor"
    assert speakers["We will not reopen the money,"] == "Lindqvist"


def test_an_urging_of_a_few_words_is_no_statement():
    quotes = annotate_text("Union president Maria Okafor urged members to accept it. Mayor Thomas Brennagh urged "
                           "both sides to keep talking. Brennagh said the city would add no more money.",
                           "2026-04-09").quotes
    assert [q.text for q in quotes] == ["the city would add no more money"]


def test_names_merge_across_articles_with_care():
    from storyline.annotate.entities import entity_key

    assert entity_key("Kim Jong-un") == entity_key("Kim Jong-Un") == entity_key("Kim Jong Un")
    assert entity_key("Kim") is None  # a lone name is never merged across articles
    assert entity_key("United States", "GPE") == "united states"


def test_publication_estimate_from_copyright_and_weekdays():
    from storyline.annotate.dates import estimate_publication

    estimate = estimate_publication(["Monday, March 2", "Friday, February 27"], ["© 2026 Brenmoor Gazette"])
    assert estimate.value == "2026-03-02" and "medium" in estimate.evidence
    assert estimate_publication(["last week"], ["© 2026 Gazette"]).value == "2026"
    assert estimate_publication(["on 4 May 2025"], []).value == "2025-05-04"
    assert estimate_publication(["Tuesday"], ["no footer"]) is None
    # a weekday alone is no day of the copyright year (it was taken for the year's last Tuesday)
    assert estimate_publication(["Tuesday", "August 29", "September 3"], ["© 2026 Gazette"]).value == "2026"


def test_an_undated_page_is_dated_by_its_address_or_the_folder_it_was_saved_in():
    from storyline.annotate.dates import estimate_publication

    day = estimate_publication(["on 4 May 2025"], [], ("https://sentinel.example/stories/2026/04/16/ferry", None))
    assert (day.value, day.reference.isoformat()) == ("2026-04-16", "2026-04-16") and "high" in day.evidence
    month = estimate_publication(["Tuesday"], ["© 2025 Sentinel"], (None, "/data/sentinel/2026/04/allotments.txt"))
    assert (month.value, month.reference.isoformat()) == ("2026-04", "2026-04-30")
    assert estimate_publication(["on 4 May 2025"], [], (None, "/data/2026/04/a.txt")).value == "2025-05-04"
    article = Article(id="f" * 32, source="/data/sentinel/2026/04/allotments.txt", media_type="text/plain",
                      raw=b"", body="The allotment society said on Saturday the list had reached 312 names.",
                      title="Allotments")
    annotated = annotate_articles([article])[0]
    assert annotated.published_estimate == "2026-04" and "folder" in annotated.published_evidence
    assert [d.value for d in annotated.dates] == ["2026-04-25"]  # the month's last Saturday


def test_an_html_page_without_a_date_is_dated_by_its_footer_s_copyright_and_a_weekday_checked_day():
    from storyline.model import Removal

    article = Article(id="e" * 32, source="inquiry.html", media_type="text/html", raw=b"", title="Inquiry",
                      body="The inquiry's report, published in Dornby on Tuesday 23 June, blamed the flood of "
                           "12 May on a jammed gate.",
                      removed=[Removal(text="© 2026 Vale Herald Media. All rights reserved.",
                                       reason="outside the article's main content (HTML extraction)",
                                       kind="page-chrome")])
    annotated = annotate_articles([article])[0]
    assert annotated.published_estimate == "2026-06-23" and "copyright 2026" in annotated.published_evidence
    assert {d.text: d.value for d in annotated.dates}["12 May"] == "2026-05-12"


def test_a_clause_of_punctuation_only_yields_no_span():
    from storyline.annotate.nlp import load_nlp
    from storyline.annotate.quotes import _trimmed

    doc = load_nlp()(", — .")
    assert _trimmed(list(doc)) is None
    assert _trimmed(list(doc), (3, 9)) == (3, 9)


def test_reported_speech_ends_at_its_own_words_not_a_conjunction_or_a_paragraph_break():
    text = ("Port authority chair Renata Oakes said the authority was not a party to the pay negotiations but "
            "urged both sides to return to talks.\n\n"
            "The mayor appealed for calm. According to the port authority, eleven ships were at anchor in the "
            "roads by Monday evening.\n\nNo date has been set for talks to resume.")
    reported = {q.text for q in annotate_text(text, "2026-03-03").quotes if q.kind == "reported"}
    assert "the authority was not a party to the pay negotiations" in reported
    assert "eleven ships were at anchor in the roads by Monday evening" in reported


def test_offices_possessives_and_run_together_names_are_not_names():
    spans = [("Labour Minister", "ORG", 0, 15), ("Sabine Holt", "PERSON", 16, 27), ("Caldria", "GPE", 30, 37),
             ("Edvin Maral", "PERSON", 50, 61), ("Maral's Unity Party", "ORG", 70, 89),
             ("Unity to Civic Renewal", "ORG", 100, 122), ("Civic Renewal", "ORG", 130, 143)]
    entities = resolve_entities(spans)
    assert [(e.label, e.canonical) for e in entities] == [
        ("PERSON", "Sabine Holt"), ("GPE", "Caldria"), ("PERSON", "Edvin Maral"), ("ORG", "Unity Party"),
        ("ORG", "Unity Party"), ("ORG", "Civic Renewal"), ("ORG", "Civic Renewal")]  # "Unity" is the party
    assert [(e.start, e.end) for e in entities[4:6]] == [(100, 105), (109, 122)]
    # but a name that only looks like one of those stays whole
    spans = [("Campaign to Protect Rural England", "ORG", 0, 33), ("Under Armour", "ORG", 40, 52),
             ("Committee to Protect Journalists", "ORG", 60, 92), ("Committee", "ORG", 100, 109),
             ("Mike Judge", "ORG", 120, 130), ("Harrison Ford", "PERSON", 140, 153),
             ("Ford's Theatre", "FAC", 160, 174), ("Prime Minister", "ORG", 180, 194)]
    assert [e.canonical for e in resolve_entities(spans)] == [
        "Campaign to Protect Rural England", "Under Armour", "Committee to Protect Journalists", "Committee",
        "Mike Judge", "Harrison Ford", "Ford's Theatre", "Prime Minister"]


def test_a_preposition_opening_the_sentence_is_not_part_of_the_name_that_follows():
    text = ("Across Caldria, Civic Renewal won 71 seats on Sunday. Voters in the Near East province of Tarsa "
            "backed the Rural League.")
    entities = annotate_text(text, "2026-10-05").entities
    caldria = next(e for e in entities if "Caldria" in e.text)
    assert (caldria.canonical, text[caldria.start:caldria.end]) == ("Caldria", "Caldria")
    assert not any(e.canonical == "East" for e in entities)


ELECTION = (
    "Civic Renewal, led by Daria Kovant, won 71 seats, while Prime Minister Edvin Maral's Unity Party slumped to "
    "48.\n\nThe result, confirmed by Electoral Commission chair Rolf Ingram at 4 a.m., leaves Kovant 20 seats short "
    "of a majority. Exit polls suggested that nearly half of those who switched from Unity to Civic Renewal named "
    "\"corruption\" as their main reason.\n\n"
    "Maral, 63, said he took full responsibility. \"I stood by a colleague for longer than I should have,\" he said "
    "in his concession speech. \"That was my judgement, and the voters have judged it.\"\n\n"
    "Ingram said turnout reached 68.4 percent, the highest since 2006."
)


def test_a_person_after_a_role_is_a_person_and_a_pronoun_follows_the_speaker_last_named():
    annotated = annotate_text(ELECTION, "2026-10-05")
    labels = {(e.text, e.label, e.canonical) for e in annotated.entities}
    assert ("Rolf Ingram", "PERSON", "Rolf Ingram") in labels and ("Ingram", "PERSON", "Rolf Ingram") in labels
    assert not any(e.label == "PERSON" and "Unity" in e.canonical for e in annotated.entities)
    speakers = {q.text: q.speaker for q in annotated.quotes}
    assert speakers["I stood by a colleague for longer than I should have,"] == "Edvin Maral"
    assert speakers["turnout reached 68.4 percent, the highest since 2006"] == "Rolf Ingram"


def test_a_quotation_the_parser_cut_in_two_is_one_sentence_within_its_paragraph():
    text = ("Dunmore was defiant. “We have been patient. We have sat in rooms and listened to presentations about "
            "efficiency,” he said. The talks failed.\n\n\"Never. Not once,\" said Ann Lee. It rained.")
    sentences = [text[s.start:s.end].strip() for s in annotate_text(text, "2026-03-03").sentences]
    assert sentences == ["Dunmore was defiant.", "“We have been patient. We have sat in rooms and listened to "
                         "presentations about efficiency,” he said.", "The talks failed.",
                         "\"Never. Not once,\" said Ann Lee.", "It rained."]
    # an inch mark, or a quotation running on into the next paragraph, joins nothing
    text = ('The pipe is 6" wide. Officials said it burst on Monday. Repairs will take a week.\n\n'
            '“We will rebuild. It will take a year.\n\n“And it will cost more,” she said.')
    assert len(annotate_text(text, "2026-03-03").sentences) >= 6


def test_a_name_only_a_subheading_gives_is_kept_only_when_it_is_one_of_its_own():
    blocks = [Block("paragraph", "Talks between the United States and North Korea have stalled for months."),
              Block("heading", "UN Ambassador Asks for North Korea Meeting"),
              Block("paragraph", "Linda Thomas-Greenfield said the United States was ready to meet North Korea "
                                 "without preconditions."),
              Block("heading", "What the Public Accounts Committee Will Ask"),
              Block("paragraph", "Members will question the ministry about the contracts on Tuesday."),
              Block("heading", "A Warning from the Bank of England"),
              Block("paragraph", "The bank's governor said rates in England would stay where they are."),
              Block("heading", "Reaction from Ukraine"),
              Block("paragraph", "Officials welcomed the offer of talks on Wednesday.")]
    body = "\n\n".join(block.text for block in blocks)
    names = {e.canonical for e in annotate_text(body, "2021-10-21", blocks).entities}
    assert {"North Korea", "Public Accounts Committee", "Bank of England", "Ukraine"} <= names
    assert not [name for name in names if "Meeting" in name] and "Linda Thomas-Greenfield" in names


def test_a_pronoun_before_anyone_is_named_stands_for_the_speaker_just_described():
    text = ("Recently, the US ambassador to the country has suggested that talks resume as he says he is ready to "
            "meet his counterpart.\n\nThe ambassador, Sung Kim, said on Monday that Washington had no hostile "
            "intent.")
    quotes = annotate_text(text, "2021-06-21").quotes
    assert [(q.speaker_mention, q.speaker) for q in quotes if "ready to meet" in q.text] == [("he", "Sung Kim")]


def test_a_person_the_model_took_for_a_place_or_did_not_tag_still_speaks():
    text = ("Agnes Haverly has been baking bread on Quay Row for twenty-six years. On Wednesday morning she stood in "
            "the doorway of her shop, up to her knees in brown river water.\n\n"
            "\"It came up through the floorboards first, very quietly,\" she said.\n\n"
            "Mayor Piers Whitlow said that Tessly had been warned to expect higher river levels but \"not a flood on "
            "top of a flood\". He said that he had asked the Water Board on May 15 for daily updates.\n\n"
            "Haverly said she would reopen. North Korea said nothing.")
    annotated = annotate_text(text, "2026-05-21")
    speakers = {q.text: q.speaker for q in annotated.quotes}
    assert speakers["It came up through the floorboards first, very quietly,"] == "Agnes Haverly"
    assert speakers["she would reopen"] == "Agnes Haverly"
    assert speakers["not a flood on top of a flood"] == "Piers Whitlow"
    assert speakers["he had asked the Water Board on May 15 for daily updates"] == "Piers Whitlow"
    labels = {(e.canonical, e.label) for e in annotated.entities}
    assert ("Agnes Haverly", "PERSON") in labels and ("Piers Whitlow", "PERSON") in labels
    assert ("North Korea", "PERSON") not in labels  # a country speaking is written with its whole name


def test_a_verb_of_saying_that_only_sets_the_scene_does_not_take_the_quote():
    text = ("Caspar Dunmore, general secretary of the dockworkers' federation, put it bluntly when Civic Pulse spoke "
            "to him on the picket line yesterday: “A promise you won't write down is a press release, not a "
            "promise.”")
    quotes = annotate_text(text, "2026-03-04").quotes
    assert [(q.kind, q.speaker) for q in quotes] == [("direct", "Caspar Dunmore")]


def test_a_pronoun_passes_over_names_in_its_own_quotation_and_in_what_describes_another():
    text = ("Nadia Orrin, the Brinmoor member who has been writing letters about Saddleback for three years, put it "
            "more simply when Civic Pulse reached her yesterday. “I voted for the money because Brinmoor needs it,” "
            "she said.\n\n"
            "Former governor Ed Rendell spoke to reporters on Monday. Rendell, a Clinton surrogate, said he had "
            "battled through three bouts of pneumonia. \"I met Obama twice that year,\" he said.")
    speakers = {q.text: q.speaker for q in annotate_text(text, "2026-07-10").quotes}
    assert speakers["I voted for the money because Brinmoor needs it,"] == "Nadia Orrin"
    assert speakers["I met Obama twice that year,"] == "Ed Rendell"


def test_what_no_one_said_and_questions_put_to_someone_are_not_quotes():
    text = ("The Water Board has not said how deep the cracks run. Officials insist there is no danger. Clearly, that "
            "is what officials always say. People who have been told to leave their homes deserve better.\n\n"
            "Hanna Dunmore declined to say, when The Lantern Review asked her on Friday, whether the employers had "
            "simply postponed the fight.")
    quotes = annotate_text(text, "2026-05-21").quotes
    assert [(q.speaker_mention, q.text) for q in quotes] == [("Officials", "there is no danger")]


def test_a_quote_before_a_described_speaker_is_direct_and_a_time_of_day_ends_the_report():
    text = ("\"We moved. We moved a long way,\" federation general secretary Caspar Dunmore said outside Harbour Hall, "
            "where the talks were held. \"The employers moved on money and nothing else.\"\n\n"
            "The Marrowgate Fire Service said it received the first call at 10:41 p.m. More than 80 firefighters "
            "attended.")
    quotes = annotate_text(text, "2026-03-19").quotes
    assert [(q.kind, q.speaker, q.text) for q in quotes] == [
        ("direct", "Caspar Dunmore", "We moved. We moved a long way,"),
        ("direct", "Caspar Dunmore", "The employers moved on money and nothing else."),
        ("reported", "Marrowgate Fire Service", "it received the first call at 10:41 p.m.")]


def test_a_description_by_office_is_the_office_holder_not_the_last_speaker():
    text = ("Regional Governor Margit Solberg visited the shelter last night and promised that evacuees would be "
            "housed.\n\nSheep farmer Erik Solberg, who is not related to the governor, said he had been given no "
            "advice on moving livestock. \"Nobody's got a plan for four hundred ewes,\" he said.\n\n"
            "The governor said later that a livestock collection point would open this morning.\n\n"
            "South Korean diplomat Noh Kyu-Duk met ambassador Sung Kim. \"I continue to stand ready to meet at any "
            "time,\" Kim said. \"We have no hostile intent,\" said the diplomat.")
    speakers = speakers_of(text, "2026-05-21")
    assert speakers["a livestock collection point would open this morning"] == "Margit Solberg"
    assert speakers["Nobody's got a plan for four hundred ewes,"] == "Erik Solberg"
    assert speakers["We have no hostile intent,"] == "Sung Kim"  # a diplomat by description: the last speaker


@pytest.mark.parametrize("sentence", [
    "The review should be published in full, and quickly.", "That is a mistake.", "It is also an alarming one.",
    "Let us give credit where it is due.", "We still do not know who.",
    "The governor deserves praise for refusing to let the issue fade.",
    "All 233 people were rescued, a fact that islanders are rightly proud of.",
    "It is a disgrace that the warnings were ignored for so long.", "That is simply not true.",
    "Libraries are not a luxury.", "Nobody believes that.", "There is a better way.",
    "She would be wise to take it.", "The numbers speak for themselves.", "His party has no coherent plan.",
    "That is not good enough.", "Museum security in this country is a scandal.",
    "Anything less would be a betrayal of the families.", "It was the predictable result of a decade of neglect.",
    "I do not doubt that the choices are hard.", "But I would gently suggest that it think again.",
    "Nor do I accept that there is no alternative.", "I say they were choices.",
    "The deal is a betrayal and must be reversed.", "But I say to the minister: resign.",
    "My guess is that the board will fold by spring.", "Here is my prediction: the fares will rise again.",
    "I have never understood why the depot needs three managers.", "It is our considered view that the fee is wrong.",
    "In our view, the timetable is a fiction.", "We do not dispute that the line loses money.",
    "The first act is a delight.", "To be fair, the board has tried."])
def test_prescriptions_judgements_and_the_writers_voice_are_opinion(sentence):
    assert opinion_reason(sentence) is not None


@pytest.mark.parametrize("sentence", [
    "The reef is well charted and clearly marked on every chart.", "Here is what we know so far.",
    "The ferry left Skerra at six on Saturday evening.", "The expenses scandal broke in May.",
    "The council said the claim was not true.", "Nobody was hurt in the fire.",
    "The union called the offer an insult.", "The fire was an accident, investigators concluded.",
    "Detectives believe the crash was no accident.", "Watergate was a scandal that led to a resignation.",
    "The film is a farce set in 1920s Paris.", "His time was not good enough to qualify for the final.",
    "Inspectors rated the school as not good enough.", "Historians of World War I say the letters are genuine."])
def test_literal_wording_is_reporting(sentence):
    assert opinion_reason(sentence) is None


def test_an_attributed_view_and_a_subheading_question_are_not_the_outlets_opinion():
    text = ("Water Board chair Ilse Marrow said the reservoir should be lowered by a metre a day.\n\n"
            "What was found?\n\n"
            "Engineers found cracks in the dam on Monday. The review should be published in full.")
    blocks = [Block(kind="paragraph", text=text.split("\n\n")[0]), Block(kind="heading", text="What was found?"),
              Block(kind="paragraph", text=text.split("\n\n")[2])]
    found = annotate_text(text, "2026-05-21", blocks)
    flagged = [text[s.start:s.end].strip() for s in found.sentences if s.opinion]
    assert flagged == ["The review should be published in full."]


def test_the_us_is_a_country_not_the_writers_voice():
    assert opinion_reason("The US rejected the demands of North Korea to ease sanctions.") is None


def test_a_name_in_apposition_and_the_office_of_the_prime_minister_are_told_apart():
    text = ("The protest was organised by Lida Brodsky, a law student who is no relation to the minister.\n\n"
            "The other Brodsky, Public Works Minister Anselm Brodsky, has spent the week insisting that he did "
            "nothing wrong.\n\n"
            "Prime Minister Edvin Maral has chosen to stand by his minister. \"I voted Unity last time,\" said "
            "Pavel Struan, a graduate.\n\n"
            "The minister, for his part, told reporters yesterday that he \"looked forward\" to the hearings.")
    speakers = speakers_of(text, "2026-08-05")
    assert speakers["he did nothing wrong"] == "Anselm Brodsky"
    assert speakers["looked forward"] == "Anselm Brodsky"


def test_an_office_that_opens_its_sentence_is_still_an_office():
    text = ("Governor Margit Solberg visited the shelter last night.\n\nSheep farmer Erik Solberg said he had been "
            "given no advice on moving livestock.\n\nThe governor said later that a collection point would open.")
    speakers = speakers_of(text, "2026-05-21")
    assert speakers["a collection point would open"] == "Margit Solberg"


def test_a_single_quoted_statement_with_an_apostrophe_is_the_speakers():
    assert opinion_reason("‘It’s clearly over,’ the minister said.") is None


def test_an_organisation_in_apposition_to_a_description_is_the_speaker():
    text = ("The contractor, Pellow & Daughters Roofing, said in a statement that its staff had followed \"every "
            "required safety procedure\" on the roof.")
    assert [q.speaker for q in annotate_text(text, "2026-02-11").quotes] == ["Pellow & Daughters Roofing"]


def test_a_reported_verb_of_saying_is_content_and_a_pronoun_follows_the_speaker_not_whom_he_spoke_of():
    text = ("Public Works Minister Anselm Brodsky has said he will testify. On Wednesday he told The Lantern Review, "
            "in a brief telephone call, that he had never met Ferrant \"outside an official setting\". Asked whether "
            "anyone in his private office had, he said: “I can only answer for myself. The inquiry will answer for "
            "everyone else.”")
    quotes = annotate_text(text, "2026-08-06").quotes
    assert [(q.kind, q.speaker, q.text) for q in quotes] == [
        ("reported", "Anselm Brodsky", "he will testify"),
        ("partial", "Anselm Brodsky", "outside an official setting"),
        ("direct", "Anselm Brodsky", "I can only answer for myself. The inquiry will answer for everyone else.")]


def test_a_company_that_speaks_is_an_organisation_not_a_person():
    text = ("Quillon Payments, the Ashcombe-based card processing company, said on Tuesday that hackers had stolen "
            "the details of 2.1 million customers. Shares in Quillon fell 11 percent in early trading. "
            "Its chief executive Marcus Aldred said the intruders used stolen passwords.")
    entities = annotate_text(text, "2026-09-08").entities
    assert {e.text: e.label for e in entities if e.canonical == "Quillon Payments"} == {
        "Quillon Payments": "ORG", "Quillon": "ORG"}  # the short name taken for its surname too
    assert {e.label for e in entities if e.canonical == "Marcus Aldred"} == {"PERSON"}


def test_a_person_named_in_the_clause_that_opens_the_speakers_sentence_is_not_the_pronoun():
    text = ("Kingsport Albion made a second bid for the striker Tomas Verhagen on Sunday. Albion manager Ines "
            "Castellano has made no secret of her admiration for the striker. Asked about "
            "Verhagen at a press conference on Monday, she said: \"Every manager in the country would like a "
            "player like Tomas.\"")
    assert list(speakers_of(text, "2026-09-03").values()) == ["Ines Castellano"]


def test_an_organisation_described_as_the_company_or_the_fire_service_is_the_one_named_so_before():
    text = ("Quillon Payments said on Tuesday that hackers had stolen the data of 2.1 million customers. The company "
            "said it would contact every customer by email within three days. Crews from the Ashcombe Fire and Rescue "
            "Service were called at midnight. The fire service said the blaze was under control by 4 a.m. The "
            "regulator said it would investigate.")
    speakers = {q.speaker_mention: q.speaker for q in annotate_text(text, "2026-09-08").quotes}
    assert speakers == {"Quillon Payments": "Quillon Payments", "The company": "Quillon Payments",
                        "The fire service": "Ashcombe Fire and Rescue Service", "The regulator": None}


@pytest.mark.parametrize("text, speakers", [
    ("Alhaji Rasheed Akinola won the seat. \"This victory belongs to the market women,\" Akinola said. Police "
     "spokesperson SP Bisi Adegoke said all of them would be charged to court.", ["Rasheed Akinola", "Bisi Adegoke"]),
    ("Dr Siobhán Ní Bhriain, director of public health, said measles spreads fast. Ní Bhriain said uptake was low.",
     ["Siobhán Ní Bhriain", "Siobhán Ní Bhriain"]),
    ("María José Gutiérrez Solís founded the platform. Gutiérrez Solís said it had gathered 4,300 signatures.",
     ["María José Gutiérrez Solís"]),
    ("Crews from Varrow Fire and Rescue Service attended. Varrow Fire and Rescue Service said 14 engines attended.",
     ["Varrow Fire and Rescue Service"]),  # cut by the model into a "person" and an organisation the second time
])
def test_honorifics_irish_and_double_surnames_and_long_organisation_names_find_their_speaker(text, speakers):
    assert list(speakers_of(text, "2026-02-11").values()) == speakers


def test_a_hearing_transcripts_labels_in_capitals_name_their_speakers_with_titles_and_affiliations_left_out():
    text = ("The following is an excerpt from Tuesday's hearing of the Senate Water Committee.\n\n"
            "CHAIRWOMAN TERESA DELGADO: The committee will come to order. Mr. Voss, you may begin.\n\n"
            "BRANDON VOSS, MESA RIDGE DATA SYSTEMS: Thank you. Our campus uses closed-loop cooling.\n\n"
            "SEN. HARLAN PIKE: Then why has your company lobbied against this bill?\n\n"
            "VOSS: Senator, we oppose the reporting schedule, not the principle.\n\n"
            "DR. MIRIAM PIKE, NEW MEXICO INSTITUTE OF MINING: The aquifer has dropped about 14 feet since 2010.\n\n"
            "SEN. PIKE: It's in the public record, and it is not a secret.")
    assert list(speakers_of(text, "2026-02-11").values()) == [
        "Teresa Delgado", "Brandon Voss", "Harlan Pike", "Brandon Voss", "Miriam Pike", "Harlan Pike"]


def test_a_bureau_or_a_government_described_is_the_one_named_so_before():
    text = ("The Bureau of Meteorology warned of flooding in the north. Heavy rain will continue through Friday, the "
            "bureau said. The Tasmanian Government opened two evacuation centres, the government said.")
    speakers = {q.speaker_mention: q.speaker for q in annotate_text(text, "2026-03-11").quotes}
    assert speakers == {"the bureau": "Bureau of Meteorology", "the government": "Tasmanian Government"}
    other = ('Finance Minister Ana Ruiz met the Local Government Association. "We need more money," the government '
             'said.')  # an association is no government
    assert list(speakers_of(other, "2026-03-11").values()) == [None]


def test_a_transcripts_roles_are_no_names_and_its_names_are_spelled_as_the_text_spells_them():
    text = ("Mary O'Brien is a councillor.\n\nMODERATOR: Welcome to the debate tonight everyone.\n\n"
            "MARY O'BRIEN: Thank you for having me here tonight.\n\nMODERATOR: What is your plan for the harbour?")
    assert list(speakers_of(text, "2026-03-11").values()) == [None, "Mary O'Brien", None]


def test_a_name_of_two_words_is_not_a_longer_name_it_ends_without_a_surname_particle():
    people = {e.text: e.canonical for e in annotate_text(
        "Sarah Jessica Parker starred. Jessica Parker, a local teacher, also spoke.", "2026-03-11").entities}
    assert people["Jessica Parker"] == "Jessica Parker"


def test_british_single_quotation_marks_are_quotes_and_an_apostrophe_is_no_mark():
    article = annotate_text(
        "Rail services on the Marston line will end in June.\n\n"
        "'We have looked at every option,' Ms Ellen Harlow said. 'Passenger numbers have fallen by 38 per cent "
        "since 2019, and the subsidy cannot go on.'\n\n"
        "'It's the heart of the street and the workers' pay is frozen,' said Mary Lowe, who runs the bakery.\n\n"
        "Local campaigner Tom Reece said the closure was 'a betrayal of the valley'.",
        "2026-04-08")
    found = {quote.text.strip(",. "): (quote.kind, quote.speaker) for quote in article.quotes}
    assert found["We have looked at every option"] == ("direct", "Ellen Harlow")
    assert found["Passenger numbers have fallen by 38 per cent since 2019, and the subsidy cannot go on"] == \
        ("direct", "Ellen Harlow")
    assert found["It's the heart of the street and the workers' pay is frozen"] == ("direct", "Mary Lowe")
    assert found["a betrayal of the valley"] == ("partial", "Tom Reece")
    assert not any(sentence.opinion for sentence in article.sentences)  # the quoted "We" is Harlow's, not the writer's


def test_a_quote_opening_a_paragraph_after_one_that_closed_a_quote_is_direct():
    article = annotate_text(
        "The board met on Monday.\n\n\"I knew two weeks ago that the board had lost patience,\" said Karl Obst. "
        "\"Nobody was surprised.\"\n\n\"Lumora is not in trouble, but it is in a hole,\" said Karen Dorsey.",
        "2026-04-08")
    kinds = {quote.text.strip(",. "): (quote.kind, quote.speaker) for quote in article.quotes}
    assert kinds["Lumora is not in trouble, but it is in a hole"] == ("direct", "Karen Dorsey")


def test_a_straight_quote_running_over_two_paragraphs_keeps_its_open_part_and_speaker():
    article = annotate_text(
        "The council met on Monday.\n\n"
        "\"When the storm hit last October, we were not ready,\" said Karen Dorsey. \"Nobody was.\"\n\n"
        "\"We rebuilt the wall,\" said Lucia Quintero, the mayor. \"Homes flooded. Businesses closed. Some of them "
        "never came back.\n\n"
        "\"I am not going to let that happen again, whatever it costs the city,\" she said.",
        "2026-04-08")
    speakers = {quote.text.strip(",. "): quote.speaker for quote in article.quotes}
    assert speakers["Homes flooded. Businesses closed. Some of them never came back"] == "Lucia Quintero"
    assert speakers["I am not going to let that happen again, whatever it costs the city"] == "Lucia Quintero"


def test_a_quoted_title_between_two_pieces_of_a_quote_does_not_part_them():
    article = annotate_text(
        "Protesters gathered on Saturday.\n\n\"I voted Unity last time,\" said Pavel Struan, a student holding a "
        "sign reading \"Page 31\". \"I'd like a reason to do it again. This isn't one.\"", "2026-04-08")
    speakers = {quote.text.strip(",. "): quote.speaker for quote in article.quotes}
    assert speakers["I'd like a reason to do it again. This isn't one"] == "Pavel Struan"


def test_a_spokesperson_speaks_for_the_organisation_named_with_them_not_for_the_previous_speaker():
    speakers = speakers_of(
        "Councillor Bridget Hume said the council had opened two rest centres.\n\n"
        "A Kestrel County Council spokesperson said the cause of the blaze was not yet known.\n\n"
        "A union spokesperson said members would ballot on strike action.", "2026-04-08")
    assert speakers["the council had opened two rest centres"] == "Bridget Hume"  # the title is no part of a name
    assert speakers["the cause of the blaze was not yet known"] == "Kestrel County Council"
    assert speakers["members would ballot on strike action"] is None


def test_a_surname_with_a_title_is_the_person_introduced_with_that_title():
    article = annotate_text(
        "Detective Sergeant Mark Ashworth led the inquiry.\n\nThe defendant, Graham Ashworth, 58, admitted fraud. "
        "His barrister, Philip Greaves KC, said he was sorry.\n\n"
        "'Graham Ashworth thought nobody would ever look closely at the accounts,' DS Ashworth said.\n\n"
        "Councillor Marisa Lee welcomed the verdict. Chief Constable Daniel Lee praised the team. "
        "\"We will not stop,\" Chief Constable Lee said.", "2026-04-08")
    speakers = {quote.text.strip(",. "): quote.speaker for quote in article.quotes}
    assert speakers["Graham Ashworth thought nobody would ever look closely at the accounts"] == "Mark Ashworth"
    assert speakers["We will not stop"] == "Daniel Lee"
    names = {entity.canonical for entity in article.entities if entity.label == "PERSON"}
    assert "Philip Greaves" in names and not any("KC" in name or "Councillor" in name for name in names)


def test_a_dateline_is_not_the_speaker():
    speakers = speakers_of("CALDWELL, Ore. (Meridian Wire) — Torvane Industries said Wednesday it would close "
                           "the plant.", "2026-04-08")
    assert speakers["it would close the plant"] == "Torvane Industries"


def test_an_organisation_whose_first_word_opens_the_sentence_keeps_it():
    article = annotate_text(
        "Seven people were killed, the Upper Dale Fire and Rescue Service said. Upper Dale Fire and Rescue Service "
        "said crews worked through the night. Upper Dale Police said the road would stay closed.", "2026-03-10")
    assert [q.speaker for q in article.quotes] == ["Upper Dale Fire and Rescue Service"] * 2 + ["Upper Dale Police"]
    assert {e.canonical for e in article.entities} == {"Upper Dale Fire and Rescue Service", "Upper Dale Police"}


def test_what_someone_ought_to_say_is_no_quotation_and_said_that_starts_after_that():
    article = annotate_text(
        "The council should now explain why a mill full of gas cylinders was allowed to run. The minister will have "
        "to explain why the bridge was closed. Mayor Piers Whitlow said that the bridge would reopen on Friday. "
        "Agnes Haverly said: That is the end of it.", "2026-03-16")
    assert [(q.text, q.speaker) for q in article.quotes if q.kind == "reported"] == [
        ("the bridge would reopen on Friday", "Piers Whitlow"), ("That is the end of it", "Agnes Haverly")]
    assert article.sentences[0].opinion  # what the council should do is the writer's, not the council's, word


def test_days_and_months_of_plans_told_in_reported_speech_or_as_possibilities_lie_ahead():
    article = annotate_text(
        "Flooding closed the road on Tuesday. Trains are replaced by buses until Thursday. The minister said her "
        "office would send a team to Caldwell on Monday. Construction could begin as early as September. Police "
        "could not confirm on Monday whether anyone was hurt. Services were suspended until Thursday.",
        "2026-04-08")  # a Wednesday
    values = [(date.text, date.value) for date in article.dates]
    assert values == [("Tuesday", "2026-04-07"), ("Thursday", "2026-04-09"), ("Monday", "2026-04-13"),
                      ("as early as September", "2026-09"), ("Monday", "2026-04-06"), ("Thursday", "2026-04-02")]


def test_organisations_described_said_in_a_statement_are_the_ones_named_so():
    speakers = speakers_of(
        "Corvale Energy announced 300 job cuts. The company said it had spent £40 million on the plant.\n\n"
        "Kestrel Police arrested two men. The Independent Office for Police Conduct opened an inquiry. "
        "The police said in a statement that no firearm had been found.", "2026-04-08")
    assert speakers["it had spent £40 million on the plant"] == "Corvale Energy"
    assert speakers["no firearm had been found"] == "Kestrel Police"


def test_the_writers_own_i_would_argue_is_no_ones_quote_but_opinion():
    article = annotate_text("The new wing would cost £4 million, Joan Pettifer said. It is also, I would argue, the "
                            "best investment this city could make.", "2026-04-08")
    assert [quote.speaker for quote in article.quotes] == ["Joan Pettifer"]
    assert [sentence.reason for sentence in article.sentences] == [None, "the writer's voice"]


def test_a_pronoun_passes_over_a_person_whose_title_gives_the_other_gender():
    speakers = speakers_of("Premier Adaeze Okoro called the election in March. Her rival, Mr Leon Baptiste, said the "
                           "vote was rushed.\n\n\"Voters will judge us on jobs and wages,\" she said.", "2026-04-08")
    assert speakers["Voters will judge us on jobs and wages,"] == "Adaeze Okoro"


def test_spans_ago_and_earlier_this_month_resolve_as_precisely_as_their_unit():
    wednesday = date(2026, 4, 8)
    assert [resolve_date(text, wednesday) for text in (
        "two weeks ago", "3 days ago", "a year ago", "six months ago", "earlier this month", "earlier this year",
        "a couple of weeks ago", "weeks ago")] == [
        "2026-W13", "2026-04-05", "2025", "2025-10", "2026-04", "2026", "2026-W13", None]
    dates = {d.text: d.value for d in annotate_text("The mill closed two weeks ago. It opened 12 years ago.",
                                                    "2026-04-08").dates}
    assert dates == {"two weeks ago": "2026-W13", "12 years ago": "2014"}


def test_a_surname_the_model_left_untagged_is_a_mention_of_the_one_person_named_so():
    article = annotate_text("Premier Adaeze Okoro called the election in March. Her rival, Leon Baptiste, said the "
                            "vote was rushed.\n\nBaptiste denies wrongdoing. Tolliver Vance, 52, was hired in May. "
                            "Vance declined to comment.", "2026-04-08")
    mentions = [(entity.text, entity.canonical) for entity in article.entities if entity.label == "PERSON"]
    assert ("Baptiste", "Leon Baptiste") in mentions and ("Vance", "Tolliver Vance") in mentions


def test_what_may_have_happened_or_could_be_seen_looks_back_and_a_dateline_adjective_is_no_speaker():
    dates = [d.value for text in ("The attack may have happened on Monday, police said.",
                                  "She would have turned 40 on Monday.",
                                  "Firefighters could be seen tackling the blaze on Monday.",
                                  "Residents could only watch on Monday as flames spread.",
                                  "Rain was forecast for Thursday.")
             for d in annotate_text(text, "2024-03-06").dates]  # a Wednesday
    assert dates == ["2024-03-04"] * 4 + ["2024-03-07"]
    speakers = speakers_of("LONDON (Reuters) - British Prime Minister Keir Starmer said on Monday that taxes would "
                           "rise.", "2024-03-06")
    assert list(speakers.values()) == ["Keir Starmer"]
    assert list(speakers_of("Di Maio said on Monday that the talks had failed.", "2024-03-06").values()) == ["Di Maio"]


def test_elisions_are_no_quotation_marks_and_a_single_quote_left_open_runs_on_to_its_speaker():
    quotes = annotate_text(
        "Back in the 'sixties, Tom Reid's band was famous. 'It was rock 'n' roll all the way, and we were talkin' "
        "about it every night,' Reid said.\n\nAnna Pike, the council leader, spoke on Monday.\n\n"
        "'I told the board that we had no choice and that the library would have to close this year.\n\n"
        "'He told me \"we are finished here\" and walked out,' she said.", "2024-03-06").quotes
    assert [(q.text, q.speaker) for q in quotes] == [
        ("It was rock 'n' roll all the way, and we were talkin' about it every night,", "Tom Reid"),
        ("I told the board that we had no choice and that the library would have to close this year.", "Anna Pike"),
        ('He told me "we are finished here" and walked out,', "Anna Pike")]


def test_participle_cues_that_clauses_and_spokespeople_for_an_organisation():
    speakers = speakers_of(
        "Coach Gary Thelwell was furious after the match, claiming Delaney had been fouled. The court heard that "
        "tenant Nadia Okonjo had reported damp in the flat.\n\nA spokeswoman for the Riverina Floodplain Authority "
        "said levels would fall. Grid operator Northlink Power says the outage was caused by a fault. A spokesperson "
        "said crews were working.\n\nThe Kessler Prairie Cooperative was fined. The cooperative said it had "
        "cooperated.", "2026-04-08")
    assert speakers == {"Delaney had been fouled": "Gary Thelwell",
                        "levels would fall": "Riverina Floodplain Authority",
                        "the outage was caused by a fault": "Northlink Power",
                        "crews were working": "Northlink Power",
                        "it had cooperated": "Kessler Prairie Cooperative"}  # the court heard: no one's quote


def test_australian_and_portfolio_titles_and_a_titled_surname_the_model_took_for_an_organisation():
    article = annotate_text(
        "Cr Rhys Tanner opened the meeting. The state Urban Development Minister Prakash Deshmukh announced the "
        "plan on Tuesday.\n\nFiona MacRae runs the shop. \"We are closing,\" Ms MacRae said. \"It is done,\" Cr Tanner "
        "said. Deshmukh said it would cost more.", "2026-04-08")
    speakers = {quote.text.strip(",. "): quote.speaker for quote in article.quotes}
    assert speakers["We are closing"] == "Fiona MacRae" and speakers["It is done"] == "Rhys Tanner"
    assert speakers["it would cost more"] == "Prakash Deshmukh"


def test_schedules_in_the_present_and_waits_until_a_day_lie_ahead_and_a_dated_thing_does_not():
    values = {text: [d.value for d in annotate_text(text, "2026-04-08").dates] for text in (
        "Some homes may not be reconnected until Thursday.", "The council meets on Thursday to vote.",
        "The new library, which opens in September, will have a cafe.", "Monday's attack is the third this year.",
        "Police say the man died on Monday.")}
    assert values == {"Some homes may not be reconnected until Thursday.": ["2026-04-09"],
                      "The council meets on Thursday to vote.": ["2026-04-09"],
                      "The new library, which opens in September, will have a cafe.": ["2026-09"],
                      "Monday's attack is the third this year.": ["2026-04-06", "2026"],
                      "Police say the man died on Monday.": ["2026-04-06"]}


def test_a_colon_dateline_is_no_speaker_and_a_live_blogs_us_is_reporting():
    quotes = annotate_text("RAVIPUR: The state government on Tuesday approved a new bridge over the river, officials "
                           "said.", "2026-04-08").quotes
    assert [(q.speaker_mention, q.cue) for q in quotes] == [("officials", "said")]
    assert opinion_reason("A reader has sent us this picture of the flooded road.") is None
    assert opinion_reason("Welcome to our live coverage of Storm Orla.") is None
    assert opinion_reason("We must act now.") == "the writer's voice"


def test_a_quote_in_single_marks_inside_a_double_quote_left_open_is_part_of_it():
    quotes = annotate_text("Marion Blythe died on Monday.\n\n\"My mother used to say, 'The sea doesn't care who you "
                           "are, so why should I?' and she meant it every single day.\n\n\"She never stopped,\" said "
                           "her son Daniel Blythe.", "2026-04-08").quotes
    assert [q.text[:20] for q in quotes] == ["My mother used to sa", "She never stopped,"]
    assert {q.speaker for q in quotes} == {"Daniel Blythe"}


def test_present_tense_reporting_looks_back_and_only_a_schedule_looks_ahead():
    values = {text: [d.value for d in annotate_text(text, "2026-03-05").dates] for text in (  # a Thursday
        "Inflation stands at 3.4% in February.", "He denies murdering his wife on Saturday.",
        "Markets fall sharply on Monday.", "The council meets on Monday.")}
    assert values == {"Inflation stands at 3.4% in February.": ["2026-02"],
                      "He denies murdering his wife on Saturday.": ["2026-02-28"],
                      "Markets fall sharply on Monday.": ["2026-03-02"], "The council meets on Monday.": ["2026-03-09"]}


def test_a_spokesperson_of_no_organisation_named_and_a_participle_after_a_passive_are_no_ones_guess():
    speakers = speakers_of(
        "The boy had been a pupil at Hillside Academy in Leeds. A spokesperson for the family said they were "
        "devastated.\n\nShares in Vantor Energy fell 4%. A spokesman said the company had misled investors.\n\n"
        "Mayor Ann Pike was heckled by protesters, shouting that she had betrayed them.", "2026-03-05")
    assert speakers.get("they were devastated") is None
    assert speakers.get("the company had misled investors") is None  # Vantor said nothing before
    assert speakers.get("she had betrayed them") != "Ann Pike"


def test_a_brand_with_a_title_word_stays_an_organisation_and_a_title_closed_mixed_mark_keeps_the_next_quote():
    article = annotate_text("Dr Pepper has overtaken Pepsi in sales, the company said.\n\nThe so-called “Beast from "
                            "the East\" storm hit the village. 'We have never seen anything like it,' said farmer Tom "
                            "Hale.", "2026-03-05")
    assert not any(e.label == "PERSON" and "Pepper" in e.canonical for e in article.entities)
    assert [q.text for q in article.quotes if q.speaker == "Tom Hale"] == ["We have never seen anything like it,"]


def test_datelines_and_read_more_lines_are_no_interview_turns():
    quotes = annotate_text("LONDON: Flood waters rose across the south on Monday, forecasters said.\n\nPARIS: The "
                           "Seine burst its banks in two places overnight.\n\nREAD MORE: Villagers evacuated as the "
                           "river rises", "2026-03-05").quotes
    assert {q.speaker_mention for q in quotes} <= {"forecasters"}


def test_holidays_weekends_and_years_beside_a_day_resolve_on_the_tenses_side_of_publication():
    wednesday = date(2026, 4, 15)
    assert [resolve_date(text, wednesday) for text in (
        "Christmas Eve", "Easter Sunday", "Good Friday", "Christmas Day last year", "Christmas Eve 2013",
        "Thanksgiving", "March 3-5 next year", "14 April last year", "June next year", "last July", "since January",
        "the end of the month", "by the end of 2027", "late last month", "early next year", "Thursday next week",
        "over the weekend", "last weekend's")] == [
        "2025-12-24", "2026-04-05", "2026-04-03", "2025-12-25", "2013-12-24", "2025-11-27", "2027-03-03/2027-03-05",
        "2025-04-14", "2027-06", "2025-07", "2026-01", "2026-04", "2027", "2026-03", "2027", "2026-04-23",
        "2026-W15", "2026-W15"]
    assert resolve_date("since January", date(2026, 12, 20)) == "2026-01"  # was next January, the nearest
    assert resolve_date("Christmas Eve", wednesday, tense="ahead") == "2026-12-24"
    assert resolve_date("in May", wednesday, tense="behind") == "2025-05"
    assert resolve_date("this weekend", date(2026, 4, 13), tense="behind") == "2026-W15"  # a Monday: just past
    assert resolve_date("the weekend", wednesday, tense="ahead") == "2026-W16"


def test_arrangements_in_the_present_and_hearings_put_off_lie_ahead_and_past_months_behind():
    text = ("There is a public meeting on Tuesday. The trial continues on Monday. The report is published on Friday. "
            "There was a public meeting on Tuesday. Markets fall sharply on Monday. The hearing was adjourned until "
            "Thursday. Storm Petra is likely to reach the coast on Friday. The plant closed in May. Flooding over "
            "the weekend closed roads.")
    days = [(d.text, d.value) for d in annotate_text(text, "2026-04-15").dates]  # a Wednesday
    assert days == [("Tuesday", "2026-04-21"), ("Monday", "2026-04-20"), ("Friday", "2026-04-17"),
                    ("Tuesday", "2026-04-14"), ("Monday", "2026-04-13"), ("Thursday", "2026-04-16"),
                    ("Friday", "2026-04-17"), ("May", "2025-05"), ("the weekend", "2026-W15")]


def test_holidays_and_numeric_dates_the_model_tags_as_places_or_events_are_dates():
    article = annotate_text("The ferry will not sail on New Year's Day. Easter Sunday services went ahead. Forms "
                            "must be returned by 05/06/2026, the council said on 3 April.", "2026-04-15")
    assert [(d.text, d.value) for d in article.dates] == [
        ("New Year's Day", "2027-01-01"), ("Easter Sunday", "2026-04-05"), ("05/06/2026", "2026-06-05"),
        ("3 April", "2026-04-03")]  # a page that writes "3 April" writes the 5th of June 05/06
    american = annotate_text("Forms must be returned by 05/06/2026, the council said on April 3.", "2026-04-15")
    assert [(d.text, d.value) for d in american.dates] == [("05/06/2026", "2026-05-06"), ("April 3", "2026-04-03")]
    # a day number the model left out of its month is the month's; the weekend of that day is no weekend of its own
    weekend = annotate_text("Nationals are on the weekend of 19 September.", "2026-05-10")
    assert [(d.text, d.value) for d in weekend.dates] == [("the weekend", None), ("19 September", "2026-09-19")]


def test_an_interview_with_names_as_written_gives_each_answer_its_speaker_and_its_questions_are_no_opinion():
    article = annotate_text(
        "Mere Hollis took over as head coach of the Waitaki Rowing Academy in 2022.\n\n"
        "TR: You inherited a programme in trouble. How bad was it?\n\n"
        "Hollis: Pretty bad. We had eleven athletes, two working boats and a trailer with a flat tyre.\n\n"
        "TR: The federation says funding will be announced in September. Are you hopeful?\n\n"
        "Hollis: I'm hopeful, but I'm not counting on it. If the money comes, great.\n\n"
        "TR: What's next?\n\n"
        "Hollis: Nationals are in September. After that I'm taking two weeks off.", "2026-05-10")
    answers = [q for q in article.quotes if q.cue == ":" and q.speaker_mention == "Hollis"]
    assert [q.text.split(".")[0] for q in answers] == ["Pretty bad", "I'm hopeful, but I'm not counting on it",
                                                       "Nationals are in September"]
    assert {q.speaker for q in answers} == {"Mere Hollis"}
    assert not [s for s in article.sentences if s.opinion]
    # a label as written that opens one paragraph only is no interview ("Where: the town hall")
    listing = annotate_text("The fair opens on Saturday.\n\nWhere: The town hall on Quay Street, all day long.\n\n"
                            "Tickets: Ten crowns at the door or five crowns online.", "2026-05-10")
    assert not listing.quotes


def test_advice_to_the_public_is_reporting_and_an_editorials_own_voice_is_opinion():
    assert opinion_reason("Anyone with information should contact police on 101.") is None
    assert opinion_reason("The bridge will remain closed, and motorists should use the Kelso Road instead.") is None
    assert opinion_reason("Residents reported a strange noise from the sea wall overnight.") is None
    assert opinion_reason("The government should use the surplus to cut fares.") == "prescription"
    assert opinion_reason("It was a strange decision.") == "evaluation"
    assert opinion_reason("This newspaper believes three weeks is far too short.") == "the writer's voice"
    assert opinion_reason("The team deserved to win.") == "prescription"


def test_an_anonymous_source_is_no_ones_guess_and_asking_not_to_be_named_is_no_quote():
    article = annotate_text(
        "Lyndale Systems cut 400 jobs on Monday. \"We regret the decision,\" chief executive Dana Whitcombe said.\n\n"
        "One engineer, who asked not to be identified, said staff had been told by email. \"There was no warning,\" "
        "she said.", "2026-04-08")
    assert [(q.text, q.speaker) for q in article.quotes] == [
        ("We regret the decision,", "Dana Whitcombe"), ("staff had been told by email", None),
        ("There was no warning,", None)]


def test_offices_told_by_their_title_and_legislators_abbreviations_name_their_holders():
    speakers = speakers_of(
        "Supreme Court Justice Miriam Okonkwo sentenced Tyler Brandt, 24, to six years. Crown prosecutor Marcus Yee "
        "said the messages were chilling.\n\nThe judge said the number of messages weighed heavily in her decision.\n\n"
        "Senior Superintendent Marcia Gordon-Reid said two men were held.\n\nThe senior superintendent said it was "
        "the fourth murder this year.\n\nLocal TD Seán Rafferty, who objected to the plan, said rural communities "
        "were ignored. Kanyamwa Ward MCA Hon. Fredrick Omondi said the motion would pass.", "2026-04-08")
    assert speakers["the number of messages weighed heavily in her decision"] == "Miriam Okonkwo"
    assert speakers["it was the fourth murder this year"] == "Marcia Gordon-Reid"
    assert speakers["rural communities were ignored"] == "Seán Rafferty"
    assert speakers["the motion would pass"] == "Fredrick Omondi"


def test_a_companys_first_word_alone_is_the_company_and_a_nickname_is_no_part_of_the_name():
    article = annotate_text("Lyndale Systems Inc. will cut 400 jobs, the company said on Monday. Lyndale said the "
                            "cuts would save $40 million.", "2026-04-08")
    assert {e.canonical for e in article.entities if e.text == "Lyndale"} == {"Lyndale Systems Inc."}
    assert [q.speaker for q in article.quotes] == ["Lyndale Systems Inc."] * 2
    from storyline.annotate.entities import clean_name

    assert clean_name('Jack "Jacko" Beaumont', "PERSON") == "Jack Beaumont"
    assert clean_name("Tana “Tank” Whaanga", "PERSON") == "Tana Whaanga"


def test_a_reviews_verdicts_and_a_writers_asides_are_opinion():
    assert opinion_reason("The charred leeks with hazelnut butter were superb.") == "evaluation"
    assert opinion_reason("The film is a triumph.") == "evaluation"
    assert opinion_reason("That assumption is optimistic at best.") == "evaluation"
    assert opinion_reason("In a stunning display of hubris, Ms Fenn also flew business class.") == "evaluation"
    assert opinion_reason("The plan was approved by 12 votes to 9 on Tuesday.") is None


def test_a_past_verb_moves_no_day_it_aims_at_and_place_names_and_labels_are_no_dates_or_turns():
    """Review of this release: the cases its first rules got wrong."""
    dates = {d.text: d.value for d in annotate_text(
        "The plant closed on April 10, workers said. Officials said the deadline was June 30. The vote was "
        "postponed to March 15 after the storm.", "2026-04-10").dates}
    assert dates == {"April 10": "2026-04-10", "June 30": "2026-06-30", "March 15": "2026-03-15"}
    assert [d.value for d in annotate_text("The company posted a loss in June of $3 million.", "2026-08-15").dates] \
        == ["2026-06"]  # "of $3 million" names no day of June
    assert {d.text: d.value for d in annotate_text("She said the election was in November.", "2026-10-05").dates} \
        == {"November": "2026-11"}
    assert resolve_date("March 30", date(2026, 3, 29), tense="ahead") == "2026-03-30"
    assert resolve_date("May Day 2025", date(2026, 3, 1)) == "2025-05-01"
    places = annotate_text("Tourists flock to Easter Island every year. Christmas Island officials confirmed the "
                           "count. Easter Sunday services went ahead. She was elected on 31/12/2025 as chair.",
                           "2026-04-10")
    assert [(d.text, d.value) for d in places.dates] == [("Easter Sunday", "2026-04-05"), ("31/12/2025", "2025-12-31")]
    sourced = annotate_text("Unemployment rose to 5.1 per cent in March.\n\nSource: Office for National Statistics\n\n"
                            "Wages fell by 2 per cent in the same period.\n\nSource: Office for National Statistics",
                            "2026-04-10")
    assert not sourced.quotes
    speakers = speakers_of("Kerrigan Holdings Ltd. was fined £2m. Mr Kerrigan, its founder, said the fine was "
                           "unfair.", "2026-04-10")
    assert speakers["the fine was unfair"] == "Kerrigan"


def test_reporting_that_only_looks_like_a_verdict_is_no_opinion():
    for sentence in ("Three arrest warrants were outstanding.", "Shoppers queued overnight at Best Buy in Denver.",
                     "The old houses were wooden.", "A copy of this newspaper was found at the scene.",
                     "This paper has learned that the minister resigned."):
        assert opinion_reason(sentence) is None, sentence
    assert opinion_reason("Everyone should take responsibility for climate change.") == "prescription"


def test_events_arranged_for_a_day_plans_with_should_and_recurring_days():
    dates = [(d.text, d.value) for d in annotate_text(
        "Kick-off on Saturday is at 2.30pm. The match on Saturday was sold out. Drivers returning on Sunday should "
        "expect delays. She came in every Tuesday. Profit rose in the first half of 2026.", "2026-09-16").dates]
    assert dates == [("Saturday", "2026-09-19"), ("Saturday", "2026-09-12"), ("Sunday", "2026-09-20"),
                     ("every Tuesday", None), ("the first half of 2026", "2026-01/2026-06")]
    eve = annotate_text("Trains will run late after the New Year's Eve fireworks.", "2026-11-18").dates
    assert [(d.text, d.value) for d in eve] == [("New Year's Eve", "2026-12-31")]  # "the …" no longer a name


def test_a_player_or_coach_named_after_their_position_is_a_person_and_speaks_by_surname():
    article = annotate_text("Coach Owain Rees named his squad on Tuesday. Prop Iestyn Harries will miss the game, and "
                            "scrum-half Cai Vaughan is available.\n\n\"The boys know him and they trust him,\" Rees "
                            "said.", "2026-09-16")
    people = {e.canonical for e in article.entities if e.label == "PERSON"}
    assert {"Owain Rees", "Cai Vaughan"} <= people
    assert [q.speaker for q in article.quotes] == ["Owain Rees"]
    assert opinion_reason("The closure must now be ratified by the full council.") is None


def test_a_days_incident_keeps_its_day_whatever_the_sentence_plans_and_a_club_after_the_striker_is_no_person():
    """Review of this release's fourth-set rules: police appeals and judgements of a day's events look back."""
    for sentence, day in (
            ("Detectives investigating the stabbing on Saturday would like to hear from anyone.", "2026-02-28"),
            ("Officers investigating the crash on Tuesday would like to speak to the driver.", "2026-03-03"),
            ("Anyone witnessing the crash on Tuesday should contact police.", "2026-03-03"),
            ("Monday's crash should serve as a warning to every driver.", "2026-03-02"),
            ("Monday's storm is going to cost insurers millions.", "2026-03-02"),
            ("The vote on Tuesday is a blow to the prime minister.", "2026-03-03"),
            ("Drivers returning on Sunday should expect delays.", "2026-03-08")):
        assert [d.value for d in annotate_text(sentence, "2026-03-05").dates] == [day], sentence  # a Thursday
    clubs = annotate_text("He is the striker Real Madrid signed last summer.", "2026-03-05").entities
    assert [(e.text, e.label) for e in clubs] == [("Real Madrid", "ORG")]
    assert opinion_reason("The killers must now be punished by the courts.") == "prescription"


@pytest.mark.parametrize("text, published, value", [
    ("March 3-5", "2026-08-13", "2026-03-03/2026-03-05"),
    ("from March 3 to March 5", "2026-08-13", "2026-03-03/2026-03-05"),
    ("Sept. 4-6", "2026-08-13", "2026-09-04/2026-09-06"),
    ("March 30 - April 2", "2026-08-13", "2026-03-30/2026-04-02"),
    ("December 30 to January 2", "2026-12-20", "2026-12-30/2027-01-02"),  # the second end in the next year
    ("between March 3 and 5", "2026-08-13", "2026-03-03/2026-03-05"),
    ("March 3-5 next year", "2026-08-13", "2027-03-03/2027-03-05"),
    ("from March to May", "2026-08-13", "2026-03/2026-05"),
    ("June 2024 to May 2026", "2026-08-13", "2024-06/2026-05"),
    ("between 2003 and 2014", "2026-08-13", "2003/2014"),
    ("2019-20", "2026-08-13", "2019/2020"),
    ("from Monday to Wednesday", "2026-08-13", "2026-08-10/2026-08-12"),
    ("the 1990s", "2026-08-13", "1990/1999"),
    ("the early 2000s", "2026-08-13", "2000/2009"),
    ("Q3 2026", "2026-08-13", "2026-07/2026-09"),
    ("the first half of 2027", "2026-08-13", "2027-01/2027-06"),
    ("the last quarter of 2025", "2026-08-13", "2025-10/2025-12"),
    ("the fourth quarter of last year", "2026-08-13", "2025-10/2025-12"),
    ("the second half of the year", "2026-08-13", "2026-07/2026-12"),
    ("next quarter", "2026-11-05", "2027-01/2027-03"),
    ("last quarter", "2026-11-05", "2026-07/2026-09"),
    ("this quarter", "2026-11-05", "2026-10/2026-12"),
    ("the third quarter", "2026-11-05", "2026-07/2026-09"),  # the latest begun
    ("the fourth quarter", "2027-02-05", "2026-10/2026-12"),
    ("the first quarter", "2026-11-05", "2027-01/2027-03"),  # long over this year: the coming one
    ("FY27", "2026-08-13", "2027"),
    ("fiscal year 2028", "2026-08-13", "2028"),
    ("the summer of 2027", "2026-08-13", "2027"),
    ("by the end of the year", "2026-08-13", "2026"),
    ("this summer", "2026-08-13", "2026"),
    ("last fall", "2026-03-10", "2025"),
    ("next spring", "2026-08-13", "2027"),
    ("last spring", "2026-10-01", "2026"),  # the latest spring over by publication
    ("last winter", "2026-03-10", None),  # which winter: the one that began last year, or the one before
    ("March 3 and April 9", "2026-08-13", "2026-03-03"),  # two days, not a span
    ("12-14", "2026-08-13", None),  # no month: a score or a count
    ("16-4-23", "2026-08-13", None),
    ("March 5-3", "2026-08-13", "2026-03-05"),  # backwards: no span
])
def test_spans_of_days_months_and_years_resolve_to_iso_intervals(text, published, value):
    assert resolve_date(text, date.fromisoformat(published)) == value


@pytest.mark.parametrize("text, dates", [
    ("Sales rose 4% in the third quarter, the company said on Tuesday.",
     [("the third quarter", "2026-07/2026-09"), ("Tuesday", "2026-11-03")]),
    ("Revenue for Q3 beat forecasts and the drug will launch in Q1 2027.",
     [("Q3", "2026-07/2026-09"), ("Q1 2027", "2027-01/2027-03")]),
    ("The company will report its results in the first quarter.", [("the first quarter", "2027-01/2027-03")]),
    ("Third-quarter profit fell, and it expects to break even in FY28.",
     [("Third-quarter", "2026-07/2026-09"), ("FY28", "2028")]),
    ("We were rubbish in the first half, he said.", []),  # a game's half, not the year's
    ("The Bears scored twice in the fourth quarter.", []),
])
def test_quarters_and_halves_of_a_year_resolve_to_their_months_but_a_games_are_no_dates(text, dates):
    assert [(d.text, d.value) for d in annotate_text(text, "2026-11-05").dates] == dates


def test_a_spans_first_day_the_model_leaves_out_belongs_to_it():
    article = annotate_text("The strike will last from 12 to 14 October, the union said on Tuesday.", "2026-08-13")
    assert [(d.text, d.value) for d in article.dates] == [("12 to 14 October", "2026-10-12/2026-10-14"),
                                                          ("Tuesday", "2026-08-11")]


@pytest.mark.parametrize("text, dates", [
    ("The works run from Monday until Friday, the council said.", [("Monday until Friday", "2026-08-17/2026-08-21")]),
    ("Roadworks will run from late March to early May.", [("late March to early May", "2027-03/2027-05")]),
    ("The consultation ran from 6 October to 28 November last year.",
     [("6 October to 28 November last year", "2025-10-06/2025-11-28")]),
    # a change goes from one day to another: the old day and the new, not the days between
    ("The vote was postponed from March 3 to March 10.", [("March 3", "2026-03-03"), ("March 10", "2026-03-10")]),
    ("The hearing was moved from Monday to Thursday.", [("Monday", "2026-08-10"), ("Thursday", "2026-08-13")]),
    ("The meeting was pushed back from 2026 to 2027.", [("2026", "2026"), ("2027", "2027")]),
])
def test_two_dates_the_model_tags_apart_make_a_span_unless_something_moves_from_one_to_the_other(text, dates):
    assert [(d.text, d.value) for d in annotate_text(text, "2026-08-13").dates] == dates


@pytest.mark.parametrize("text, dates", [
    ("The mayor said he expected to sign it this coming Friday.", [("this coming Friday", "2026-09-04")]),
    ("She told a public meeting a fortnight ago that costs had risen.", [("a fortnight ago", "2026-W33")]),
    ("The office said it would deploy another medical team in a fortnight.", [("in a fortnight", "2026-W37")]),
    ("The deadline is the 14th of next month.", [("the 14th of next month", "2026-09-14")]),
    ("It was the third stabbing in the town in a fortnight.", []),  # the two weeks past, no day
    ("A compensation hearing will take place on Tuesday week.", [("Tuesday week", "2026-09-08")]),  # a week on
    ("The inquest resumes on Friday week.", [("Friday week", "2026-09-04")]),  # said on a Friday: a week today
    ("The Stingrays travel to Maitland in two weeks.", [("in two weeks", "2026-W37")]),
    ("The school will reopen in 10 days.", [("in 10 days", "2026-09-07")]),
    ("Prices rose 5 per cent in two weeks.", [("in two weeks", None)]),  # a period past, no day
    ("Voters go to the polls in a fortnight.", [("in a fortnight", "2026-W37")]),  # the present of a plan
    ("Prices will rise for the first time in two years.", [("two years", None)]),  # a span back from now
    ("It will be the biggest strike in 10 years.", [("10 years", None)]),
    ("A new bridge could not open before mid-2027.", [("mid-2027", "2027")]),
    ("A decade ago, a figure like that would have led every bulletin.", [("A decade ago", "2016")]),
    ("An independent inquiry would report within six weeks.", [("within six weeks", "2026-08-28/2026-10-09")]),
    ("The council will decide within 30 days.", [("within 30 days", "2026-08-28/2026-09-27")]),
    ("Pumps will be restored within two weeks of the flood.", [("two weeks", None)]),  # from the flood, not now
    ("The chairman promised a new appointment within six weeks.", [("within six weeks", "2026-08-28/2026-10-09")]),
    ("Prices rose 5 per cent within two weeks.", [("within two weeks", None)]),  # a period past, no day
])
def test_coming_days_fortnights_and_days_of_next_month_resolve(text, dates):
    assert [(d.text, d.value) for d in annotate_text(text, "2026-08-28").dates] == dates


@pytest.mark.parametrize("text, speakers", [
    ('Opposition Leader Damien Fraser-Holt said the government had sat on its hands. "If the Premier was serious, '
     'he would act," Mr Fraser-Holt said.', ["Damien Fraser-Holt", "Damien Fraser-Holt"]),
    ('Mediator Harjit Sandhu-Laval said talks would resume. "Reach out to both parties," Sandhu-Laval said.',
     ["Harjit Sandhu-Laval", "Harjit Sandhu-Laval"]),
    ("Coca-Cola said sales rose in Baden-Württemberg.", ["Coca-Cola"]),  # no person in a hyphenated name alone
])
def test_hyphenated_surnames_stay_whole_and_are_people_after_a_first_name_or_a_title(text, speakers):
    assert [q.speaker for q in annotate_text(text, "2026-08-28").quotes] == speakers


def test_an_office_speaks_for_its_organisation_whatever_the_model_tagged_it():
    speakers = speakers_of("Evacuation orders were expanded on Monday, the Tamarack County Sheriff's Office said. "
                           "The Department of Health regional office said it had sent 40 nurses.", "2026-08-28")
    assert speakers == {"Evacuation orders were expanded on Monday": "Tamarack County Sheriff's Office",
                        "it had sent 40 nurses": "Department of Health"}
    others = speakers_of("Google's Mountain View office said the update was delayed. The Microsoft-funded research "
                         "agency said the results were clear.", "2026-08-28")
    assert others == {"the update was delayed": "Google", "the results were clear": None}


def test_a_thing_named_by_what_was_said_is_no_quote():
    text = ("The inquiry confirms what the Upland Observer reported in February: the bridge failed its inspection. "
            "Mayor Idris Quellan said what happened next was a tragedy.")
    assert speakers_of(text, "2026-04-08") == {"what happened next was a tragedy": "Idris Quellan"}


def test_a_treasurer_or_premier_is_an_office_before_a_name_and_the_treasurer_is_its_holder():
    text = ('Treasurer Marcus Velloni said the measure was overdue. Opposition Leader Damien Fraser-Holt said it '
            'was late. "We have found the money," the Treasurer said.')
    assert speakers_of(text, "2026-08-28") == {"the measure was overdue": "Marcus Velloni",
                                               "it was late": "Damien Fraser-Holt",
                                               "We have found the money,": "Marcus Velloni"}


@pytest.mark.parametrize("text, dates", [
    ("The firm cut 200 jobs from January to March.", [("January to March", "2026-01/2026-03")]),  # a period
    ("He was moved to intensive care from March 3 to March 10.", [("March 3 to March 10", "2026-03-03/2026-03-10")]),
    ("The vote has been brought forward from Thursday to Tuesday.", [("Thursday", "2026-08-27"),
                                                                      ("Tuesday", "2026-08-25")]),
    ("The case was adjourned on Monday until 14 September.", [("Monday", "2026-08-24"),
                                                             ("14 September", "2026-09-14")]),
    ("The coach will study the tape to learn from the defeat on Saturday.", [("Saturday", "2026-08-22")]),
])
def test_periods_stay_spans_and_two_days_of_two_things_stay_two(text, dates):
    assert [(d.text, d.value) for d in annotate_text(text, "2026-08-28").dates] == dates


@pytest.mark.parametrize("text, dates", [
    ("Sampaguita Air cancelled 18 flights for Wednesday and Thursday.", [("Wednesday", "2026-09-23"),
                                                                         ("Thursday", "2026-09-24")]),
    ("The weather office said it expected the typhoon to leave the area by Saturday.", [("Saturday", "2026-09-26")]),
    ("The union has called a warning strike for Friday (25 September), from 6 a.m.",
     [("Friday", "2026-09-25"), ("25 September", "2026-09-25")]),
    ("Sales for Monday were up.", [("Monday", "2026-09-21")]),  # a day of a thing
])
def test_what_is_done_for_a_day_or_expected_by_it_looks_ahead_and_a_day_takes_its_date_in_brackets(text, dates):
    assert [(d.text, d.value) for d in annotate_text(text, "2026-09-22").dates] == dates


@pytest.mark.parametrize("text, quote, speaker", [
    ('Tobacco farmer Blessing Mukanya said prices had fallen. Buyer Tendai Moyo said quality was poor. '
     '"We cannot live on this," the farmer said.', "We cannot live on this,", "Blessing Mukanya"),
    ('Suresh Pillai, an accountant who commutes daily, said the line was a relief. Transport chief Omar Haddad said '
     'ridership would grow. "It saves me an hour," the accountant said.', "It saves me an hour,", "Suresh Pillai"),
    ('Chief Justice Margaret Whitfield wrote for the majority. Justice Paul Carver dissented. "A drone is not a '
     'neighbour," the chief justice wrote.', "A drone is not a neighbour,", "Margaret Whitfield"),
    # described only after the quote: no one yet
    ('Speaking outside headquarters, the chief constable said the raid had been "lawful and proportionate". '
     'Chief Constable Andrew Lee later met the family.', "lawful and proportionate", None),
])
def test_a_description_is_the_person_the_article_described_so_before(text, quote, speaker):
    assert speakers_of(text, "2026-04-02")[quote] == speaker


@pytest.mark.parametrize("text, speakers", [
    ('Romeo "Omeng" Dacanay, a fisherman, said the sea was rough. "We lost two boats," Dacanay said.',
     ["Romeo Dacanay", "Romeo Dacanay"]),
    ('Gov. Rosalinda "Inday" Magbanua-Cortes ordered the evacuation. "Leave now," Magbanua-Cortes said.',
     ["Rosalinda Magbanua-Cortes"]),
    ('Calypsonian Brian "Lord Ember" Rampersad said the tent would be full.', ["Brian Rampersad"]),
])
def test_a_name_with_a_quoted_nickname_inside_is_one_person(text, speakers):
    assert [q.speaker for q in annotate_text(text, "2026-08-28").quotes] == speakers


def test_a_sheriff_and_a_constable_of_one_surname_are_told_apart_by_their_titles():
    text = ('Sheriff Alasdair Drummond jailed McIlwraith for three years. PC Ryan Drummond, no relation, gave '
            'evidence. "I am giving you a chance," Sheriff Drummond told him. PC Drummond said the car reached 90mph.')
    assert speakers_of(text, "2026-02-13") == {"I am giving you a chance,": "Alasdair Drummond",
                                               "the car reached 90mph": "Ryan Drummond"}


@pytest.mark.parametrize("text, dates", [
    ("The second launch window runs 3–11 December, the agency said.", [("3–11 December", "2026-12-03/2026-12-11")]),
    ("Collections move to 4 April and 11 April.", [("4 April", "2026-04-04"), ("11 April", "2026-04-11")]),
    ("The show is on 12 and 13 June.", [("12", "2026-06-12"), ("13 June", "2026-06-13")]),
    ("He visited in 2019 and 2021.", [("2019", "2019"), ("2021", "2021")]),
])
def test_days_written_together_are_each_their_own_and_a_span_of_day_numbers_takes_its_month(text, dates):
    assert [(d.text, d.value) for d in annotate_text(text, "2026-08-10").dates] == dates


def test_police_and_the_company_are_the_constabulary_and_the_company_named_before():
    assert speakers_of("Officers from the Carrickmoyle Constabulary searched the woods on Tuesday. Police said the "
                       "search would continue.", "2026-04-02") == {"the search would continue": "Carrickmoyle Constabulary"}
    assert speakers_of("Jade Crescent Properties reported a 38 per cent drop in interim profit. The company said it "
                       "would still open two malls.", "2026-08-20") == {
        "it would still open two malls": "Jade Crescent Properties"}
    assert speakers_of("Police said the search would continue.", "2026-04-02") == {"the search would continue": None}


@pytest.mark.parametrize("text, dates", [
    ("Organisers moved the concert from Friday to Sunday.", [("Friday", "2026-08-28"), ("Sunday", "2026-08-23")]),
    ("The match was switched from Saturday to Sunday.", [("Saturday", "2026-08-22"), ("Sunday", "2026-08-23")]),
    ("Storms brought heavy rain from Monday to Wednesday.", [("Monday to Wednesday", "2026-08-24/2026-08-26")]),
    ("Gardaí mounted a huge security operation for Sunday, and the match passed off peacefully.",
     [("Sunday", "2026-08-23")]),
    ("The union called a strike for Tuesday.", [("Tuesday", "2026-09-01")]),
    ("Engineers had expected the line to reopen by Tuesday, but repairs took longer.", [("Tuesday", "2026-08-25")]),
])
def test_a_moved_event_keeps_both_days_and_only_what_is_arranged_for_a_day_looks_ahead(text, dates):
    assert [(d.text, d.value) for d in annotate_text(text, "2026-08-28").dates] == dates


@pytest.mark.parametrize("text, quote, speaker", [
    ("Lorry driver Paul Shaw was arrested. The bus driver, whose name was not released, was unhurt. "
     "'It was terrifying,' the driver said.", "It was terrifying,", None),
    ("The Police Federation criticised the plan. Police said the search would continue.",
     "the search would continue", None),
    ("Kestrel Police and Lornshire Police searched the moor. Police said the search would continue.",
     "the search would continue", None),
    ("Chief Constable Sarah Mills said the force would review the case.", "the force would review the case",
     "Sarah Mills"),
])
def test_a_description_or_police_that_could_be_several_is_no_one_and_a_surname_is_no_company(text, quote, speaker):
    assert speakers_of(text, "2026-04-02")[quote] == speaker


def test_a_quoted_title_between_a_name_and_a_product_is_no_nickname():
    for text in ('Taylor Swift "Eras" Tour tickets sold out.', 'Apple "Think Different" Campaign returned.'):
        assert not [e for e in annotate_text(text, "2026-08-28").entities if "Tour" in e.text or "Campaign" in e.text]


COLUMN = """The Corran Bay council voted 7 to 2 on Tuesday to close the Quarry Lane pool for good.

The pool cost £212,000 to run last year. It is hard to think of a worse place to look for savings.

The trouble is not the money. It is a council that has forgotten the people in the water.

Pensioners swim there before breakfast. Children learn there on school mornings. The pool is the town's one warm room in winter.

Clearly, nobody on the cabinet has set foot in it lately. The council should reopen the consultation it cut short.

Closing the doors is the easy part. Explaining it to the town will be harder."""

REPORT_WITH_VIEWS = """The Corran Bay council voted 7 to 2 on Tuesday to close the Quarry Lane pool.

"The decision is clearly wrong," said Ada Brisk, who chairs the swimming club. "The council should think again."

Council leader Piers Whitlow said the pool had cost £212,000 to run last year. "We had no good options left," he said.

The pool will shut on March 31. Its staff will move to the leisure centre, the council said.

Residents plan a protest outside the town hall on Saturday. "It is shameful," said Tomas Varga, a lifeguard."""


def test_an_opinion_piece_argues_in_its_plain_sentences_too_but_gives_its_facts_as_facts():
    column = annotate_text(COLUMN, "2026-03-05")
    reasons = {column.body[s.start:s.end].strip(): s.reason for s in column.sentences}
    assert reasons["The trouble is not the money."] == WRITERS_ARGUMENT
    assert reasons["It is a council that has forgotten the people in the water."] == WRITERS_ARGUMENT
    assert reasons["Clearly, nobody on the cabinet has set foot in it lately."] == "evaluative adverb"
    assert reasons["The Corran Bay council voted 7 to 2 on Tuesday to close the Quarry Lane pool for good."] is None
    assert reasons["The pool cost £212,000 to run last year."] is None  # the facts it argues from
    # a report that quotes views as strong as the column's is no opinion piece: its sources speak, not the outlet
    report = annotate_text(REPORT_WITH_VIEWS, "2026-03-05")
    assert not any(s.reason == WRITERS_ARGUMENT for s in report.sentences)


def test_questions_alone_do_not_make_an_opinion_piece():
    paywall = ("The story you are reading is premium content. Already a subscriber? Need an account? "
               "Create one now. Forgot your password? Log in here. Have an online subscription? "
               "Remember me on this computer. Police were called to a house on Elm Road. A man was taken to hospital. "
               "The road was closed for two hours.")
    plain = [("Plain.", None)]
    assert is_opinion_piece(12, [("Ask?", "rhetorical question")] * 5 + plain * 7) is False
    assert not any(s.reason == WRITERS_ARGUMENT for s in annotate_text(paywall, "2026-03-05").sentences)
    judged = [("That is a mistake.", "evaluation"), ("I think the plan is wrong.", "the writer's voice")]
    assert is_opinion_piece(12, judged + plain * 10) is True
    assert is_opinion_piece(6, judged + plain * 4) is False  # a brief's asides
    # a forecast's or a preview's "should" and "likely", and a transcript's "we", are no signs of a piece
    assert is_opinion_piece(12, [("Drivers should slow down.", "prescription"), ("Rain is likely.", "speculation"),
                                 ("We are live from the hall.", "the writer's voice")] * 2 + plain * 6) is False


PREVIEW = """Corran Rovers host Velmar Town at the Quay Ground on Saturday afternoon.

Rovers arrive in good form after three straight wins. Their captain Ada Brisk returns from suspension.

The home side will likely start with the same back four. Velmar should have their top scorer fit again.

Town have not won at the Quay Ground in a decade. Their manager is expected to rotate the midfield.

The game is likely to be tight. Supporters should arrive early because of road works on the coast road.

Tickets remain on sale at the club shop. Kick-off is at three o'clock."""


EDITORIAL_THAT_URGES = """The Corran Bay ferry fare rose by a third on Monday.

The operator says the rise pays for two new boats. We have heard that before. The old boats were meant to be
replaced in 2019.

The harbour board should publish the operator's accounts. The council should ask why the subsidy went up too.

We urge the board to freeze the fare until the accounts are out. The islanders who rely on the crossing should be
asked first.

Their lives run on the timetable. We will be watching."""


def test_an_editorial_that_urges_again_and_again_is_an_opinion_piece_without_a_judgement():
    editorial = annotate_text(EDITORIAL_THAT_URGES, "2026-03-05")
    reasons = {editorial.body[s.start:s.end].strip(): s.reason for s in editorial.sentences}
    assert reasons["Their lives run on the timetable."] == WRITERS_ARGUMENT
    assert reasons["The Corran Bay ferry fare rose by a third on Monday."] is None  # the fact it argues from
    assert is_opinion_piece(10, [("Fares should fall.", "prescription")] * 5 + [("Plain.", None)] * 5) is True
    assert is_opinion_piece(12, [("Fares should fall.", "prescription")] * 4 + [("Plain.", None)] * 8) is False


def test_a_match_preview_with_its_likelies_and_shoulds_is_no_opinion_piece():
    preview = annotate_text(PREVIEW, "2026-03-05")
    assert not any(s.reason == WRITERS_ARGUMENT for s in preview.sentences)


def test_a_piece_its_page_files_as_opinion_is_the_writers_argument_where_it_argues_in_plain_words():
    text = ("The ferry plan is a fantasy. Nobody on Skarrow asked for a bigger boat. What the island needs is a "
            "second crossing that runs in winter. The council has spent six years on drawings. It should spend the "
            "next one on a timetable. The islanders deserve an answer before the summer.")
    plain = [s.opinion for s in annotate_text(text, "2026-04-16").sentences]
    article = Article(id="o" * 32, source="ferry.html", media_type="text/plain", raw=text.encode(), body=text,
                      title="The ferry plan", published="2026-04-16",
                      url="https://wrenfordsentinel.example/opinion/2026/04/16/the-ferry-plan")
    filed = annotate_articles([article])[0].sentences
    assert sum(filed_opinion := [s.opinion for s in filed]) > sum(plain)
    assert all(filed_opinion[:2]) and WRITERS_ARGUMENT in {s.reason for s in filed}
    labelled = annotate_articles([Article(id="p" * 32, source="p.txt", media_type="text/plain", raw=text.encode(),
                                          body=text, title="Opinion: The ferry plan is a fantasy")])[0]
    assert all(s.opinion for s in labelled.sentences[:2])


def test_a_plan_reported_before_its_attribution_lies_ahead_and_a_prediction_s_own_day_behind():
    article = annotate_text(
        "Mayor Ilse Marrow will meet the dock workers' leaders in the port's old customs house, Velmar Hall, on "
        "Friday, her office said on Tuesday. The strike ended on Friday, the union said on Tuesday. Tomas Varga, "
        "who predicted the strike in an interview with the Harbor Ledger on Nov. 25, said it had cost the port "
        "millions.", "2026-12-08")  # a Tuesday
    values = [(date.text, date.value) for date in article.dates]
    assert values == [("Friday", "2026-12-11"), ("Tuesday", "2026-12-08"), ("Friday", "2026-12-04"),
                      ("Tuesday", "2026-12-08"), ("Nov. 25", "2026-11-25")]


def test_a_given_name_romanised_in_two_syllables_is_part_of_the_name_and_a_led_after_a_name_is_not():
    article = annotate_text(
        "Harold Kim met Foreign Minister Park Jin-woo for two hours in Sejin. Defence Minister Park Soo-min did "
        "not attend. The dam was a Sung Kim-led project.", "2026-12-03")
    people = {entity.canonical for entity in article.entities if entity.label == "PERSON"}
    assert {"Park Jin-woo", "Park Soo-min", "Sung Kim"} <= people
    assert not {"Park Jin", "Sung Kim-led"} & people


def test_a_state_the_model_took_for_a_person_is_a_place_by_its_envoys_and_ministers():
    article = annotate_text(
        "SEJIN \u2014 Vestmark's special representative for Dorvan policy, Harold Kim, arrived in Sejin on Tuesday. "
        "Vestmark harboured no hostile intent toward its neighbour, he said. Halsan Foreign Minister Park Jin-woo "
        "met him for two hours.", "2026-11-24")
    labels = {entity.canonical: entity.label for entity in article.entities}
    assert labels["Vestmark"] == "GPE" and labels["Halsan"] == "GPE" and labels["Harold Kim"] == "PERSON"
    assert [q.speaker for q in article.quotes] == ["Harold Kim"]


def test_two_ministers_of_one_surname_are_told_apart_by_their_portfolios():
    speakers = speakers_of(
        "Harold Kim met Foreign Minister Park Jin-woo in Sejin. Defence Minister Park Soo-min did not attend. "
        "\"We are cautiously hopeful,\" Foreign Minister Park told reporters. \"Nothing changes,\" the minister "
        "said.\n\nPark Soo-min called the launch a provocation. \"We agree on the goal,\" the defence minister said.",
        "2026-12-03")
    assert speakers["We are cautiously hopeful,"] == "Park Jin-woo"
    assert speakers["Nothing changes,"] == "Park Jin-woo"
    assert speakers["We agree on the goal,"] == "Park Soo-min"


def test_a_family_name_alone_and_a_dateline_s_subject_in_apposition_are_the_people_named_in_full():
    speakers = speakers_of(
        "SEJIN \u2014 Vestmark's special representative for Dorvan policy, Harold Kim, arrived in Sejin on Tuesday "
        "and said his government was ready to meet Dorvan's officials \"anytime, anywhere, without "
        "preconditions.\"\n\nKim met Foreign Minister Park Jin-woo for two hours at the foreign ministry.\n\n"
        "Park said that Halsan would support any dialogue that led to a lasting reduction of tension.\n\n"
        "SEJIN \u2014 The Vestmark special envoy for Dorvan, Harold Kim, told reporters that his government was "
        "\"not asking Pyonmar to make the first concession.\"", "2026-11-24")
    assert speakers["anytime, anywhere, without preconditions."] == "Harold Kim"
    assert speakers["Halsan would support any dialogue that led to a lasting reduction of tension"] == "Park Jin-woo"
    assert speakers["not asking Pyonmar to make the first concession."] == "Harold Kim"


def test_a_refusal_to_say_and_what_history_suggests_are_no_statements_and_a_dateline_is_no_ones_words():
    article = annotate_text(
        "VELMAR, Dec. 3 (Lorvane Wire) \u2014 The ferry operator cut its winter crossings by half, the harbour "
        "authority said on Thursday.\n\nMarrow declined to say whether the crossings would return in spring.\n\n"
        "Will the operator keep its word this time? History suggests it will not.", "2026-12-03")
    assert [(q.kind, q.text) for q in article.quotes] == [
        ("reported", "The ferry operator cut its winter crossings by half")]


def test_a_debate_over_whether_something_should_be_done_is_reported_not_prescribed():
    article = annotate_text(
        "The two ministers condemned the launch on Thursday, but differed on whether the offer of talks should "
        "stand. The council should cap the fares before winter.", "2026-12-03")
    assert [(s.opinion, s.reason) for s in article.sentences] == [(False, None), (True, "prescription")]


def test_an_unnamed_official_of_a_state_the_model_took_for_a_person_is_no_one():
    article = annotate_text("Harold Kim arrived in Sejin. A senior Halsan official who asked not to be named said the "
                            "envoy would travel to Tarenia on Thursday.", "2026-11-24")
    assert {e.canonical: e.label for e in article.entities}["Halsan"] == "GPE"
    assert [(q.speaker, q.speaker_mention) for q in article.quotes] == [(None, "A senior Halsan official")]


def test_a_columnists_byline_files_the_piece_as_opinion_and_were_right_to_is_a_judgement():
    from storyline.clean import clean_article

    page = ("The board is right to say no, for now\nHarbour Business Times\nPublished 11 November 2026\n"
            "By Marguerite Fallon, Columnist\n\nSir Malcolm and his board were right to send the bidder away on "
            "Monday. The offer undervalues a company in the middle of its recovery.\n\nShareholders have been "
            "patient through hard times. They deserve better than a quick exit at a modest premium.\n\n"
            "Copyright 2026 Harbour Business Times")
    article = Article(id="c" * 32, source="harbour-business-times/column.txt", media_type="text/plain",
                      raw=page.encode())
    clean_article(article, fallback_outlet="harbour-business-times")
    annotate_articles([article])
    reasons = [s.reason for s in article.sentences]
    assert reasons == ["evaluation", "the writer's argument, in an opinion piece",
                       "the writer's argument, in an opinion piece", "prescription"]


def test_a_company_described_by_its_trade_is_the_company_named_before():
    speakers = speakers_of(
        "Corvane Industrial Holdings posted a 21% rise in profit. Revenue climbed 8% to $2.4 billion, the "
        "London-listed engineering group said.\n\nSaltmere Lines will cut two ferry routes, the company said.",
        "2026-11-03")
    assert speakers["Revenue climbed 8% to $2.4 billion"] == "Corvane Industrial Holdings"
    assert speakers["Saltmere Lines will cut two ferry routes"] == "Saltmere Lines"


@pytest.mark.parametrize("text, dates", [
    ("The chief executive said the trust had offered to recruit 45 extra night nurses by March.",
     [("March", "2027-03")]),  # a deadline for what is to be done lies ahead
    ("Engineers had expected the line to reopen by Tuesday, but repairs took longer.", [("Tuesday", "2026-10-06")]),
    ("Hollenby will report its third-quarter results next week.",
     [("third-quarter", "2026-07/2026-09"), ("next week", "2026-W42")]),  # results come after their quarter
])
def test_a_deadline_to_meet_lies_ahead_and_a_quarters_results_follow_it(text, dates):
    assert [(d.text, d.value) for d in annotate_text(text, "2026-10-08").dates] == dates


@pytest.mark.parametrize("sentence", [
    "Patients given the drug were 68 percent less likely to suffer liver failure than those given a placebo.",
    "Smokers in the study were three times more likely to need treatment.",
    "Readers with symptoms should call the agency's helpline on 0300 555 0142.",
])
def test_a_measured_likelihood_and_advice_to_readers_are_reporting(sentence):
    assert opinion_reason(sentence) is None
    assert opinion_reason("The plan is likely to fail.") == "speculation"


@pytest.mark.parametrize("sentence", [
    "That is a bold assumption for a drug that treats about 9,000 people in the country.",
    "The vaccination drive that begins on Monday is the right response.",
    "It would be a pity if both candidates spent them repeating the insults.",
    "The debate last month was a waste of an evening.",
])
def test_the_right_response_and_a_bold_assumption_are_judgements(sentence):
    assert opinion_reason(sentence) == "evaluation"
    assert opinion_reason("The minister said it was the right decision.", attributed=True) is None


def test_a_weekend_to_decide_about_is_its_week():
    article = annotate_text("The council would decide about next weekend's events later.", "2026-10-07")
    assert [(d.text, d.value) for d in article.dates] == [("about next weekend's", "2026-W42")]


def test_a_role_with_its_qualifier_is_the_person_it_describes_and_a_name_after_a_comma_is_its_own():
    text = ("The Allied Nursing Union said about 600 nurses had joined the walkout.\n\n"
            "“I have looked after 22 patients on my own on a night shift. That is not safe for them and it is not "
            "safe for me,” said Lola Fennimore, a ward nurse for 11 years, who stood on the picket line.\n\n"
            "Gwen Tarrant, the union's regional secretary, said members had voted by 87 percent to strike.\n\n"
            "“The trust knows exactly what it would take to end this,” the regional secretary said.\n\n"
            "Dr. Amara Okonkwo, the agency's director, said the risk was low. Asked whether the outbreak could "
            "spread to Fenmarsh, Okonkwo said: “The risk to people outside the town remains low.”")
    speakers = speakers_of(text, "2026-10-08")
    assert speakers["The trust knows exactly what it would take to end this,"] == "Gwen Tarrant"
    assert speakers["The risk to people outside the town remains low."] == "Amara Okonkwo"


@pytest.mark.parametrize("text, quoted", [
    ("The company expects the drug to add to revenue from 2027.", []),  # adds a thing, says nothing
    ("For six years, the agency has asked for money to monitor ticks in the woods.", []),  # asks for a thing
    ("The trust said about 300 planned operations postponed during the walkout would be rescheduled within six "
     "weeks.", ["about 300 planned operations postponed during the walkout would be rescheduled within six weeks"]),
    ("“Stay at home,” he added.", ["Stay at home,"]),
])
def test_adding_to_or_asking_for_a_thing_says_nothing_and_a_statement_the_parser_cut_in_two_is_whole(text, quoted):
    assert [q.text for q in annotate_text(text, "2026-10-10").quotes] == quoted


def test_a_surname_alone_is_the_full_name_the_model_left_untagged():
    text = ("Nurses at St Elspeth's Hospital in Cardrith returned to work at 7am on Saturday as their 48-hour strike "
            "over night-shift staffing came to an end.\n\nThe Allied Nursing Union said talks with St Elspeth's "
            "Hospital Trust would resume on Tuesday, with a mediator present for the first time.\n\n"
            "Gwen Tarrant, the union's regional secretary, said the strike had shown how strongly nurses felt. "
            "\"We did not want to be out there, but we will be out there again if we have to,\" Tarrant said."
            "\n\nShe said the union would announce further strike dates next week if the talks failed.")
    speakers = speakers_of(text, "2026-10-10")
    assert [speaker for quote, speaker in speakers.items() if not quote.startswith("talks")] == ["Gwen Tarrant"] * 3


def test_no_name_a_quarter_a_dateline_place_and_a_paper_are_not_taken_for_what_the_model_says():
    article = annotate_text("HALLENFORD, Oct 28 (Quillby Wire) - The regulator approved the drug on Tuesday. Hollenby "
                            "said it would launch Corvestra in Q4. Mayor Tobias Quarrie told the Standard that the "
                            "market was cancelled. Most cases share a link to the same stretch of woodland by the "
                            "river.", "2026-10-28")
    labels = {e.text: e.label for e in article.entities}
    assert labels["HALLENFORD"] == "GPE" and labels["Standard"] == "ORG"
    assert "Q4" not in labels and "woodland" not in labels
    assert labels["Tobias Quarrie"] == "PERSON"


@pytest.mark.parametrize("text, speakers, people", [
    ("Van der Berg, leader of the Union for Progress, said the tax plan would fail.", ["Van der Berg"],
     ["Van der Berg"]),  # the model tags "Berg"
    ("Joris van der Meer scored twice. Van der Meer, 23, now has nine goals this season. \"I just wanted the "
     "ball,\" he said.", ["Joris van der Meer"], ["Joris van der Meer"]),
    ("“Polls don't vote, people do,” Ines da Costa told supporters.", ["Ines da Costa"], []),
    ("16:20 — Turnout reached 48.9% at 16:00, the commission said. 13:05 — Inês da Costa voted in her home town. "
     "\"I voted for a country that keeps its word,\" she told reporters. 10:42 — The commission said turnout "
     "stood at 21.3% at 10:00.", [None, "Inês da Costa", None], ["Inês da Costa"]),
    ("Portvel's manager, Anders Holm, said his side had been unlucky. \"We gave away two soft goals,\" Holm said.",
     ["Anders Holm", "Anders Holm"], ["Anders Holm"]),  # the model tags "Holm" alone
])
def test_names_with_particles_are_whole_and_a_common_word_is_no_person(text, speakers, people):
    article = annotate_text(text, "2026-10-04")
    assert [q.speaker for q in article.quotes] == speakers
    assert sorted({e.canonical for e in article.entities if e.label == "PERSON"}) == people


def test_a_poll_s_finding_is_no_statement_and_a_live_entry_s_time_is_no_part_of_one():
    article = annotate_text("The survey found that 18% of voters said they were undecided. 16:20 — Turnout reached "
                            "48.9% at 16:00, the commission said.", "2026-10-04")
    assert [q.text for q in article.quotes] == ["Turnout reached 48.9% at 16:00"]


@pytest.mark.parametrize("sentence, reason", [
    ("Interior Minister Daniel Okafor called the barrier \"a disgrace\", and he is right.", "evaluation"),
    ("The mayor says the town was let down, and she is right about that.", "evaluation"),
    ("He said the ball went right and he was right behind it.", None),
])
def test_the_writer_saying_someone_is_right_is_a_judgement(sentence, reason):
    assert opinion_reason(sentence) == reason


@pytest.mark.parametrize("sentence", ["Here are the moments our political team picked out.",
                                      "Our fact-checkers found six tax rises, not eleven."])
def test_the_outlet_s_own_team_at_work_is_no_writer_s_voice(sentence):
    assert opinion_reason(sentence) is None


def test_two_of_one_surname_are_told_apart_by_the_relative_a_woman_or_a_man_is_named_as():
    article = annotate_text("Lucy Farrow, 29, gave evidence on the second day of the trial of her brother, Dominic "
                            "Farrow, 34. Ms Farrow said her brother called her at about 3am. \"He kept saying he'd "
                            "done something stupid,\" she told the court. Farrow, who sat with his head bowed in the "
                            "dock, denies arson.", "2026-06-10")
    mentions = {e.text: e.canonical for e in article.entities if e.label == "PERSON"}
    assert mentions["Ms Farrow"] == "Lucy Farrow" and mentions["Farrow"] == "Dominic Farrow"
    assert [q.speaker for q in article.quotes if q.kind == "direct"] == ["Lucy Farrow"]


def test_two_of_one_surname_are_told_apart_by_the_gender_their_given_names_tell():
    article = annotate_text("\"This is no longer a rescue,\" regional emergency director Maria Okafor said. Interior "
                            "Minister Daniel Okafor announced 12 million crowns in aid for the town. \"No family will "
                            "rebuild alone,\" the minister said. He said that an independent inquiry would report "
                            "within six weeks. Ms Okafor said about 430 homes had been damaged.", "2026-05-14")
    speakers = {q.text[:12]: q.speaker for q in article.quotes}
    assert speakers == {"This is no l": "Maria Okafor", "No family wi": "Daniel Okafor",
                        "an independe": "Daniel Okafor", "about 430 ho": "Maria Okafor"}


def test_the_company_and_the_club_are_the_contractor_and_the_side_named_before():
    assert speakers_of("The contractor that maintained the barrier, Veldt Hydro Services, was named in the report. "
                       "The company said it would cooperate fully with any investigation.", "2026-06-23") == {
        "it would cooperate fully with any investigation": "Veldt Hydro Services"}
    assert speakers_of("Dornby Rovers won the cup final 2-1 on Saturday. The club said it would donate the gate "
                       "receipts to the flood appeal.", "2026-05-17") == {
        "it would donate the gate receipts to the flood appeal": "Dornby Rovers"}
    # the club its own sentence names, else the one the article is about, not the side it lost to
    assert speakers_of("Redmere City have rejected an £18 million bid from Castlebridge Athletic for Noah Varga, the "
                       "club said on Wednesday.", "2026-05-13") == {
        "Redmere City have rejected an £18 million bid from Castlebridge Athletic for Noah Varga": "Redmere City"}
    assert speakers_of("Hollis Rangers lost the final to Castlebridge Athletic on Saturday. Hollis Rangers sacked "
                       "their manager Gareth Pryce on Monday. The club said in a statement that Pryce had left with "
                       "immediate effect.", "2026-04-20") == {"Pryce had left with immediate effect": "Hollis Rangers"}


def test_one_word_a_speaker_calls_a_thing_is_a_partial_quotation_but_a_name_for_it_is_not():
    speakers = speakers_of("Interior Minister Daniel Okafor visited the estate. He called the failure of the barrier "
                           "at the Kell weir \"unacceptable\". The mayor, Tomas Reyl, described the response as "
                           "\"shambolic\".",
                           "2026-05-14")
    assert speakers == {"unacceptable": "Daniel Okafor", "shambolic": "Tomas Reyl"}
    assert speakers_of("Residents have long called the estate the \"pit\".", "2026-05-14") == {}


def test_words_several_people_said_together_are_each_of_theirs():
    article = annotate_text("Ambassador Sung Kim met the South Korean diplomat Noh Kyu-Duk on Monday. Kim and Noh "
                            "said they would meet again in June. \"We are hopeful,\" the two envoys said. Kim and "
                            "other officials said the drills were defensive. Marks and Spencer said sales rose.",
                            "2026-05-14")
    together = {q.text: (q.speaker, q.speakers, q.speaker_mention) for q in article.quotes}
    assert together["they would meet again in June"] == (
        "Sung Kim and Noh Kyu-Duk", ["Sung Kim", "Noh Kyu-Duk"], "Kim and Noh")
    assert together["We are hopeful,"][:2] == ("Sung Kim and Noh Kyu-Duk", ["Sung Kim", "Noh Kyu-Duk"])
    # another the words do not name, or one name with "and" in it: one speaker
    assert together["the drills were defensive"][:2] == ("Sung Kim", [])
    assert all(not q.speakers for q in article.quotes if "sales" in q.text)


def test_a_speaker_s_one_word_for_what_a_thing_is_is_a_partial_quotation():
    quotes = {q.text: (q.kind, q.speaker) for q in annotate_text(
        "Mayor Tomas Reyl said the council's response was \"shambolic\". Residents said they were “heartbroken”. "
        "Critics said the so-called \"reforms\" would hurt families.", "2026-05-14").quotes}
    assert quotes["shambolic"] == ("partial", "Tomas Reyl")
    assert quotes["heartbroken"][0] == "partial"
    assert "reforms" not in quotes  # a scare quote inside what was said, not the speaker's word


def test_what_someone_told_a_briefing_is_their_statement_but_a_crowd_that_did_something_is_no_statement():
    assert speakers_of("Regional emergency director Maria Okafor told a packed briefing that divers had recovered "
                       "the last of the missing.", "2026-05-14") == {
        "divers had recovered the last of the missing": "Maria Okafor"}
    assert speakers_of("Maria Okafor told the crowd that gathered at the gate a long story.", "2026-05-14") == {}


def test_a_portfolio_a_dateline_s_outlet_and_a_surname_the_model_left_out_are_read_as_what_they_are():
    article = annotate_text("DORNHAVEN, Marland (Kelm Wire) - Interior Minister Daniel Okafor visited the flooded "
                            "estate on Wednesday. Mayor Tomas Reyl welcomed the aid but said it would \"barely cover "
                            "the first month\".", "2026-05-14")
    named = {(e.canonical, e.label) for e in article.entities}
    assert {("Kelm Wire", "ORG"), ("Marland", "GPE"), ("Tomas Reyl", "PERSON")} <= named
    assert not {name for name, _ in named} & {"Interior", "Tomas"}


def test_a_player_described_by_position_is_the_one_just_quoted_and_she_is_not_the_man_asked_about():
    assert list(speakers_of("Athletic captain Kofi Mensah said the red card had not decided the game. \"We were the "
                            "better side for 120 minutes,\" the defender said.", "2026-04-19").values()) == [
        "Kofi Mensah", "Kofi Mensah"]
    assert list(speakers_of("Athletic manager Ruth Ekwueme was asked about Noah Varga after Saturday's 2-1 defeat. "
                            "\"He's a very good player, but he belongs to Redmere,\" she said.",
                            "2026-05-05").values()) == ["Ruth Ekwueme"]
    article = annotate_text("Kofi Mensah and his brother Yaw Mensah both started. Y. Mensah scored in the 71st "
                            "minute before K. Mensah limped off.", "2026-04-19")
    assert {e.text: e.canonical for e in article.entities if e.label == "PERSON"} == {
        "Kofi Mensah": "Kofi Mensah", "Yaw Mensah": "Yaw Mensah", "Y. Mensah": "Yaw Mensah",
        "K. Mensah": "Kofi Mensah"}


def test_a_name_of_another_given_name_is_another_person_of_that_surname():
    speakers = speakers_of("Security guard Owen Tolland, 58, said he saw smoke at 2.15am. Detective Sergeant Karen "
                           "Tolland told the court that the defendant had given a 'no comment' interview.", "2026-06-10")
    assert list(speakers.values()) == ["Owen Tolland", "Karen Tolland"]


@pytest.mark.parametrize("text, speakers", [
    ("Opening the case, Ms Nadia Brisco KC said Farrow had worked at the yard for six years. Prosecuting, Ms Nadia "
     "Brisco KC said the defendant had been dismissed.", ["Nadia Brisco", "Nadia Brisco"]),
    ("Recorder Anil Desai adjourned the case until 18 June. \"This is a complex case,\" the recorder said.",
     ["Anil Desai"]),
    ("Mr Justice Harwood said the sentence would deter others. Judge Harwood added that the defendant had shown no "
     "remorse.", ["Harwood", "Harwood"]),
    ("The court heard that customers were told they qualified for a government-backed insulation grant.", []),
    ("Defending, Mr Tobias Wren said his client denied it. \"This is a serious offence,\" the judge said.",
     ["Tobias Wren", None]),  # the bench, not the barrister just quoted
    ("Recorder Anil Desai adjourned the case. \"This is complex,\" the judge said.", ["Anil Desai"]),
])
def test_a_court_s_formulas_name_their_speakers_and_a_judge_s_title_is_no_part_of_the_name(text, speakers):
    assert [q.speaker for q in annotate_text(text, "2026-06-10").quotes] == speakers


@pytest.mark.parametrize("text, value", [
    ("The defence told the court it needed until November to complete its review.", "2026-11"),
    ("He stayed until March to help the new owner.", "2026-03"),
])
def test_time_asked_for_until_a_month_lies_ahead(text, value):
    assert [d.value for d in annotate_text(text, "2026-06-05").dates] == [value]


def test_a_surname_in_the_name_of_a_thing_is_no_mention_of_the_person():
    article = annotate_text("Company director Megan Pennock said the fire had destroyed three generations of work. "
                            "Farrow had worked at the Pennock Timber yard for six years.", "2026-06-10")
    assert not any(e.text == "Pennock" for e in article.entities)


def test_what_people_were_told_by_someone_named_is_that_one_s_statement():
    speakers = speakers_of("The Tessly Council said the road would shut. Residents were told by the council that the "
                           "road would close on Friday.", "2026-06-10")
    assert speakers == {"the road would shut": "Tessly Council", "the road would close on Friday": "Tessly Council"}


def test_company_officers_and_people_named_with_a_role_are_people_by_their_full_names():
    article = annotate_text(
        "\"Our customers are building out AI clusters,\" Chief Executive Teodor Brandvik said on a call with "
        "analysts. CFO Marisol Echevarria said margins would rise. Brightnest Chief Executive Noor Lindqvist wrote in "
        "a blog post that the company was \"deeply sorry\". Kilcarra Ferries chief executive Anneliese Brandt said "
        "the strike was costly. The premier's spokesperson, Caoimhe D'Arcy-Lund, said the figure was provisional. "
        "Ilse Moravec of Brackenridge Labs posted on X on Monday that GlassMoth hits \"almost always on a weekend or "
        "a holiday.\"", "2026-07-16")
    speakers = {q.text: q.speaker for q in article.quotes}
    assert speakers == {
        "Our customers are building out AI clusters,": "Teodor Brandvik", "margins would rise": "Marisol Echevarria",
        "deeply sorry": "Noor Lindqvist", "the strike was costly": "Anneliese Brandt",
        "the figure was provisional": "Caoimhe D'Arcy-Lund",
        "almost always on a weekend or a holiday.": "Ilse Moravec"}
    named = {(e.canonical, e.label) for e in article.entities}
    assert {("Teodor Brandvik", "PERSON"), ("Marisol Echevarria", "PERSON"), ("Anneliese Brandt", "PERSON"),
            ("Caoimhe D'Arcy-Lund", "PERSON"), ("Ilse Moravec", "PERSON")} <= named
    assert not {name for name, _ in named} & {"Brandvik", "Anneliese", "D'Arcy-Lund", "CFO Marisol Echevarria"}
    alone = {(e.canonical, e.label) for e in annotate_text("Ilse Moravec of Brackenridge Labs posted on X that the "
                                                           "group was active.", "2026-07-16").entities}
    assert {("Ilse Moravec", "PERSON"), ("Brackenridge Labs", "ORG")} <= alone


def test_a_company_named_by_its_first_word_is_no_person_and_the_company_said_is_it():
    article = annotate_text(
        "Pellmore Health, a four-hospital group, was hit by a ransomware attack. Pellmore said it had notified "
        "police. State Sen. Adele Forsythe posted on X that she had asked Pellmore's board to testify. \"Four "
        "hundred thousand people deserve answers,\" she wrote. The state Office of Health Data Protection fined "
        "Pellmore Health $4.2 million on Tuesday. \"We disagree with several of the office's findings,\" the "
        "company said in a statement.", "2026-11-10")
    speakers = {q.text: q.speaker for q in article.quotes}
    assert speakers["Four hundred thousand people deserve answers,"] == "Adele Forsythe"
    assert speakers["We disagree with several of the office's findings,"] == "Pellmore Health"
    assert {e.label for e in article.entities if e.canonical == "Pellmore Health"} == {"ORG"}
    assert "Office of Health Data Protection" in {e.canonical for e in article.entities}


def test_a_role_the_previous_speaker_does_not_hold_is_not_theirs():
    speakers = speakers_of("Tomás O'Rourke-Vidal brought his campaign to Ardvale on Wednesday, a day after Premier "
                           "Zoë Ní Bhriain told business leaders that violent crime had fallen by 18 per cent.\n\n"
                           "Standing outside the police station, the opposition leader said the premier's number bore "
                           "no relation to life in the city.", "2026-03-11")
    assert speakers["the premier's number bore no relation to life in the city"] is None


def test_she_after_someone_accused_her_is_her_and_a_speaker_asked_about_something_said_it():
    speakers = speakers_of(
        "Opposition leader Tomás O'Rourke-Vidal has accused Premier Zoë Ní Bhriain of \"dressing up provisional "
        "numbers as fact\" after she told a business audience that violent crime fell by 18% last year.\n\n"
        "Ní Bhriain, asked about the criticism during a visit to Glenmurrin, said: \"I'll be happy to be judged on "
        "the official figures next week.\"", "2026-03-11")
    assert speakers["violent crime fell by 18% last year"] == "Zoë Ní Bhriain"
    assert speakers["I'll be happy to be judged on the official figures next week."] == "Zoë Ní Bhriain"


def test_what_one_faces_is_ahead_and_a_day_said_to_be_close_enough_is_the_nearest():
    def dates(text: str, published: str) -> list[tuple[str, str | None]]:
        return [(d.text, d.value) for d in annotate_text(text, published).dates]

    assert dates("The premier, who faces a regional election in October, spoke in Carrowmore. The minister, who "
                 "faced a vote in October, resigned.", "2026-03-10") == [("October", "2026-10"), ("October", "2025-10")]
    assert dates("GlassMoth strikes at night. Monday morning at 2 a.m. is close enough. Wednesday is the deadline "
                 "for bids.", "2026-07-16") == [("Monday", "2026-07-13"), ("Wednesday", "2026-07-22")]


def test_a_semicolon_ends_what_was_said_and_the_writer_s_advice_before_one_is_no_one_s_statement():
    speakers = speakers_of("Tomás O'Rourke-Vidal said violent crime in Ardvale rose by 6 per cent; the statistics "
                           "office puts the rise at 5.8 per cent. Take the two years of free monitoring Pellmore is "
                           "offering, but do not treat it as protection; it only tells you after the fact.",
                           "2026-03-20")
    assert speakers == {"violent crime in Ardvale rose by 6 per cent": "Tomás O'Rourke-Vidal"}


def test_an_outlet_telling_its_own_reporting_gives_no_opinion_even_in_an_opinion_piece():
    from storyline.annotate.opinion import opinion_reason, tells_its_own_reporting

    assert opinion_reason("That's where we'll leave our live coverage of the address.") is None
    for told in ("We cannot verify this.", "Anna Drozd, 67, spoke to us through a translator.",
                 "Our correspondent Clara Hensley will have more from Dorvan on our evening bulletin."):
        assert opinion_reason(told) is None, told
    assert opinion_reason("We think the premier is wrong.") == "the writer's voice"
    assert tells_its_own_reporting("We asked the premier's office whether Ní Bhriain would correct the record.")
    assert not tells_its_own_reporting("The premier should correct the record.")


@pytest.mark.parametrize("text, value", [
    ("at least the first half of next year", "2027-01/2027-06"), ("as early as next week", "2026-W50"),
    ("no later than March 2027", "2027-03")])
def test_a_bound_before_a_time_leaves_the_time_it_bounds(text, value):
    assert resolve_date(text, date(2026, 12, 3)) == value


def test_the_outlet_reporting_is_no_speaker_of_its_story():
    from storyline.model import RawDocument
    from storyline.pipeline import clean_documents

    text = ("Premier's office admits figure was provisional\n\nPremier Zoë Ní Bhriain told business leaders on 10 "
            "March that violent crime fell by 18 per cent.\n\nKestrel FM News asked the premier's office why the "
            "figure had been presented as a full-year number. A spokesperson said the speech \"could have been "
            "clearer\".\n")
    doc = RawDocument(raw=text.encode(), source="kestrel-fm/office.txt", media_type="text/plain",
                      meta={"published": "2026-03-17", "outlet": "Kestrel FM News",
                            "url": "https://kestrelfm.example/news/office"})
    article = annotate_articles(clean_documents([doc], []))[0]
    assert {q.text: q.speaker for q in article.quotes} == {
        "violent crime fell by 18 per cent": "Zoë Ní Bhriain", "could have been clearer": None}


def test_an_office_described_before_it_is_named_is_the_one_named_next_and_said_the_clause_before_the_cue():
    speakers = speakers_of("Violent crime in the Kilcarra Region fell by 4.2 per cent in 2025, the regional "
                           "statistics office said on Tuesday, far less than the 18 per cent fall Premier Zoë Ní "
                           "Bhriain claimed.\n\nThe Kilcarra Statistics Office recorded 11,482 violent offences last "
                           "year.", "2026-03-17")
    assert speakers == {
        "Violent crime in the Kilcarra Region fell by 4.2 per cent in 2025": "Kilcarra Statistics Office"}


def test_a_company_tagged_in_full_is_the_company_its_first_word_names_later():
    article = annotate_text(
        "CARWICK — More than 400,000 patients of Pellmore Health had personal information stolen in Monday's "
        "ransomware attack, the hospital group said Wednesday.\n\nPellmore put the exact number at 412,000 in a "
        "notice filed with the state Office of Health Data Protection.\n\nState Sen. Adele Forsythe posted on X that "
        "she had asked Pellmore's board to testify. \"Four hundred thousand people deserve answers, not a form "
        "letter,\" she wrote.", "2026-07-15")
    assert {q.text: q.speaker for q in article.quotes}[
        "Four hundred thousand people deserve answers, not a form letter,"] == "Adele Forsythe"
    assert {e.label for e in article.entities if e.canonical == "Pellmore Health"} == {"ORG"}
    assert "Office of Health Data Protection" in {e.canonical for e in article.entities}


def test_a_page_dated_only_by_its_copyright_year_leaves_its_weekdays_unresolved():
    from storyline.model import RawDocument
    from storyline.pipeline import clean_documents

    text = ("Budget passed after long night\n\nCouncillors approved the budget at a meeting of full council on "
            "Tuesday evening, after a debate that ran past midnight. The council tax rise of 4.99 per cent was "
            "agreed last year in outline.\n\n© 2027 Fennick Advertiser. All rights reserved.\n")
    doc = RawDocument(raw=text.encode(), source="advertiser/budget.txt", media_type="text/plain")
    article = annotate_articles(clean_documents([doc], []))[0]
    assert article.published is None and article.published_estimate == "2027"
    values = {d.text: d.value for d in article.dates}
    assert values["Tuesday"] is None and values["last year"] == "2026"


def test_a_role_opening_a_sentence_a_resident_s_street_and_a_surname_in_another_case_are_read_as_they_are():
    article = annotate_text("Organiser Bernadette Quinn, 58, of Hillcrest Avenue, said the bus was a lifeline. Jean "
                            "Whitcombe, 66, of Orchard Close, said she was angry. The ceasefire was signed by "
                            "Muhammad al-Rashidi on Tuesday. Al-Rashidi said the deal was \"a beginning, not an "
                            "end\".", "2026-03-10")
    assert {q.text: q.speaker for q in article.quotes} == {
        "the bus was a lifeline": "Bernadette Quinn", "she was angry": "Jean Whitcombe",
        "a beginning, not an end": "Muhammad al-Rashidi"}
    assert {e.label for e in article.entities if e.canonical == "Orchard Close"} == {"LOC"}


def test_a_person_named_right_after_said_is_the_speaker_whatever_the_clause_about_them():
    assert speakers_of("\"My brother went out for bread. That is all he did,\" said Yusuf Daher, whose brother "
                       "Khalil, 34, was killed at the covered market.", "2026-03-04") == {
        "My brother went out for bread. That is all he did,": "Yusuf Daher"}


def test_a_cue_the_parser_joined_to_the_clause_it_closes_still_attributes_it():
    assert speakers_of("Work will begin in May and should take about four months, the council's engineer, Pavel "
                       "Strand, told members.", "2026-03-12") == {
        "Work will begin in May and should take about four months": "Pavel Strand"}


def test_a_letter_under_an_opinion_section_line_is_an_opinion_piece():
    from storyline.model import RawDocument
    from storyline.pipeline import clean_documents

    text = ("FENNICK EVENING STAR\nOpinion | Letters\nDon't let Elmbrook become another empty building\nLetters to "
            "the Editor\nFriday 19 February 2027\n\nI was a pupil at Elmbrook Primary in the 1960s, and both my "
            "children went there.\n\nCouncillor Fairweather says no decision has been made. Forgive me if I have "
            "heard that before.\n\nElmbrook has 94 pupils. That is not a failing school.\n")
    doc = RawDocument(raw=text.encode(), source="fennick-star/letters.txt", media_type="text/plain")
    article = annotate_articles(clean_documents([doc], []))[0]
    flagged = {article.body[s.start:s.end] for s in article.sentences if s.opinion}
    assert "That is not a failing school." in flagged
    assert "Elmbrook has 94 pupils." not in flagged  # a figure is reported, in a letter too


def test_a_place_the_model_took_for_a_person_is_no_one_a_pronoun_stands_for():
    article = annotate_text("Rescuers confirmed 11 civilian deaths in Kel Tamar on Wednesday. Arkhelia's foreign "
                            "minister, Mohamed Al Rashidi, has arrived at the collapsed building in Kel Tamar. Speaking "
                            "through an interpreter, he says Arkhelia will take its case to the UN Security Council. "
                            "\"We will not let the world look away from Kel Tamar,\" he says.", "2026-03-05")
    assert {q.speaker for q in article.quotes} == {"Mohamed Al Rashidi"}
    assert "PERSON" not in {e.label for e in article.entities if e.canonical == "Kel Tamar"}
