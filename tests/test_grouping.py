"""Near-duplicates and online story assignment on synthetic articles."""

from __future__ import annotations

import pytest

from storyline.cluster.assign import StoryAssigner
from storyline.dedup import NearDuplicateIndex, fingerprint
from storyline.model import Article, DateRef, Entity

WIRE = (
    "Dock workers at the port of Velmar walked out on Monday after talks on a new wage contract broke down. "
    "The union said about 1,200 members joined the strike, halting container traffic at all four terminals. "
    "Harbour commissioner Ilse Marrow called the walkout premature and urged both sides to return to the table. "
    "Shipping companies warned that vessels would be diverted to the northern port of Kessa within days. "
    "The union's leader, Tomas Varga, said members would stay out until pay rose by at least six percent. "
    "Talks are expected to resume later this week under a state mediator."
)
COPY = WIRE.replace("Dock workers", "Dockworkers").replace("within days", "within a few days") + \
    " The regional chamber of commerce estimated daily losses at two million crowns."
OTHER_REPORT = (
    "Container ships were anchored off Velmar on Tuesday as the dock strike entered its second day. "
    "Tomas Varga told a rally outside the port gates that the union would not accept less than six percent. "
    "Ilse Marrow, the harbour commissioner, said a mediator had been appointed and talks would resume Thursday. "
    "Truck drivers queued for kilometres on the coast road waiting for cargo that never came."
)
DAY_ONE_REPORT = (
    "About 1,200 dock workers in Velmar stopped work on Monday, leaving cranes idle across the port's four "
    "terminals after wage talks collapsed. Union leader Tomas Varga told reporters outside the gates that his "
    "members wanted a raise of six percent or more. Ilse Marrow, the harbour commissioner, said the strike came "
    "too early and asked the union and the shipping lines to resume talks."
)
UNRELATED = (
    "The Kessa botanical garden opened a new glasshouse for desert plants on Saturday. "
    "Curator Lene Dahl said the collection of cacti and succulents had taken a decade to assemble. "
    "Visitors will be able to walk through three climate zones, from dry highland to coastal scrub. "
    "Entry is free for children under twelve until the end of the summer season."
)


def make(text: str, day: str, title: str, people: tuple[str, ...] = ()) -> Article:
    article = Article(id=(title.replace(" ", "") * 4)[:32], source=title, media_type="text/plain",
                      raw=text.encode(), body=text, title=title, published=day)
    article.entities = [Entity(text=p, label="PERSON", canonical=p, start=0, end=0) for p in people]
    return article


def test_syndicated_copy_is_a_near_duplicate_and_another_report_is_not():
    index = NearDuplicateIndex()
    index.add("wire", fingerprint(WIRE))
    assert index.find_original(fingerprint(COPY)) == "wire"
    assert index.find_original(fingerprint(OTHER_REPORT)) is None


def test_copy_joins_the_original_story_and_other_report_joins_by_similarity():
    assigner = StoryAssigner()
    first = make(WIRE, "2026-03-02", "Velmar dock workers strike", ("Ilse Marrow", "Tomas Varga"))
    copy = make(COPY, "2026-03-02", "Strike halts Velmar port", ("Ilse Marrow", "Tomas Varga"))
    other = make(OTHER_REPORT, "2026-03-03", "Ships wait off Velmar as strike goes on", ("Ilse Marrow", "Tomas Varga"))
    garden = make(UNRELATED, "2026-03-03", "Kessa garden opens glasshouse", ("Lene Dahl",))
    decisions = [assigner.assign(a) for a in (first, copy, other, garden)]
    assert decisions[0].new_story
    assert copy.duplicate_of == first.id and copy.story == first.story
    assert other.duplicate_of is None and other.story == first.story
    assert garden.story != first.story and decisions[3].new_story


def test_a_later_report_counts_less_the_later_it_comes_and_not_at_all_past_the_gap():
    # an event's coverage goes on for some weeks, so a later report may still join, but the gap weighs against
    # it; past STORY_GAP_DAYS it is another event
    people = ("Ilse Marrow", "Tomas Varga")
    decisions = []  # (the later report's decision, the first report's story)
    for later_day in ("2026-03-04", "2026-03-24", "2027-06-01"):
        assigner = StoryAssigner()
        first = make(OTHER_REPORT, "2026-03-03", "Ships wait off Velmar", people)
        later = make(OTHER_REPORT.replace("second day", "third day"), later_day, "Ships still wait", people)
        later.body = later.body.replace("Truck drivers", "Lorry drivers")
        assigner.assign(first)
        assigner.duplicates = NearDuplicateIndex()  # judge by story similarity alone
        decisions.append((assigner.assign(later), first.story))
    (next_day, first_story), (three_weeks, _), (next_year, first_story_then) = decisions
    assert next_day.story == first_story and not next_day.new_story
    assert three_weeks.similarity < next_day.similarity
    assert next_year.new_story and next_year.story != first_story_then


def test_same_text_months_later_is_not_the_same_story():
    assigner = StoryAssigner()
    people = ("Ilse Marrow", "Tomas Varga")
    first = make(OTHER_REPORT, "2026-03-03", "Ships wait off Velmar", people)
    later = make(OTHER_REPORT.replace("second day", "first day"), "2026-05-03", "Ships wait again", people)
    later.body = later.body.replace("Truck drivers", "Lorry drivers")
    assigner.assign(first)
    assigner.duplicates = NearDuplicateIndex()  # judge by story similarity alone
    assigner.assign(later)
    assert later.story != first.story
    assert later.storyline == first.storyline  # same thread, months apart


FOLLOW_UP = (
    "Prosecutors in Velmar charged Tomas Varga, the leader of the dock workers' union, on Monday over the strike "
    "that halted container traffic at all four terminals of the port of Velmar on March 2. "
    "Harbour commissioner Ilse Marrow said the walkout had cost shipping companies dearly as vessels were "
    "diverted to Kessa. The union said its 1,200 members stood by their leader."
)


def test_a_follow_up_months_later_joins_the_event_whose_day_it_names():
    # an arrest or a trial months on is news of the same event when it names the event's day; without the day
    # it is a later development: a new story of the storyline
    people = ("Ilse Marrow", "Tomas Varga")
    outcomes = []
    for names_the_day in (True, False):
        assigner = StoryAssigner()
        strike = make(WIRE, "2026-03-02", "Velmar dock workers strike", people)
        follow_up = make(FOLLOW_UP if names_the_day else FOLLOW_UP.replace(" on March 2", ""), "2026-06-15",
                         "Velmar union leader charged over dock strike", people)
        follow_up.dates = [DateRef(text="Monday", value="2026-06-15", start=0, end=0)]
        if names_the_day:
            follow_up.dates.append(DateRef(text="March 2", value="2026-03-02", start=0, end=0))
        assigner.assign(strike)
        outcomes.append((assigner.assign(follow_up), strike))
    (named, strike), (unnamed, strike_then) = outcomes
    assert named.story == strike.story and not named.new_story
    assert unnamed.new_story and unnamed.story != strike_then.story
    assert unnamed.storyline == strike_then.storyline


def test_a_storyline_still_links_when_a_folder_arrives_out_of_date_order():
    # a folder of files is read in name order, not date order: an October article seen first must not end the
    # threads of March before their April stories arrive
    people = ("Ilse Marrow", "Tomas Varga")
    assigner = StoryAssigner()
    strike = make(WIRE, "2026-03-02", "Velmar dock workers strike", people)
    garden = make(UNRELATED, "2026-10-01", "Kessa garden opens glasshouse", ("Lene Dahl",))
    aftermath = make(OTHER_REPORT.replace("second day", "seventh week"), "2026-04-20", "Velmar counts the cost",
                     people)
    for article in (strike, garden, aftermath):
        assigner.assign(article)
    assert aftermath.story != strike.story  # seven weeks on, not naming the strike's day: a later story
    assert aftermath.storyline == strike.storyline != garden.storyline


def test_a_story_is_titled_by_its_first_report_whatever_arrived_first(tmp_path):
    from storyline.store import Store

    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    assigner = store.load_assigner(StoryAssigner())
    people = ("Ilse Marrow", "Tomas Varga")
    day_two = make(OTHER_REPORT, "2026-03-03", "Ships wait off Velmar as strike goes on", people)
    day_one = make(WIRE, "2026-03-02", "Velmar dock workers strike", people)
    day_three = make(COPY, "2026-03-04", "Strike halts Velmar port", people)
    decisions = {a.id: assigner.assign(a) for a in (day_two, day_one, day_three)}
    store.save_batch([day_two, day_one, day_three], decisions, assigner)
    assert day_one.story == day_two.story == day_three.story
    assert [(s.id, s.headline) for s in store.list_stories()] == [(day_two.story, "Velmar dock workers strike")]


def test_a_dated_report_titles_a_story_an_undated_one_began():
    people = ("Ilse Marrow", "Tomas Varga")
    assigner = StoryAssigner()
    undated = make(WIRE, None, "Velmar dock workers strike", people)
    dated = make(DAY_ONE_REPORT, "2026-03-02", "Velmar dock strike begins", people)
    for report in (undated, dated):
        assigner.assign(report)
    assert undated.story == dated.story
    assert assigner.stories[dated.story].headline == "Velmar dock strike begins"


def test_a_copys_new_headline_does_not_title_the_story_its_original_does():
    people = ("Ilse Marrow", "Tomas Varga")
    assigner = StoryAssigner()
    wire = make(WIRE, "2026-03-02", "Velmar dock workers strike", people)
    copy = make(COPY, "2026-03-02", "Strike halts Velmar port", people)  # sorts first, but is a copy
    for report in (wire, copy):
        assigner.assign(report)
    assert copy.duplicate_of == wire.id
    assert assigner.stories[wire.story].headline == "Velmar dock workers strike"
    # the copy came in first and began the story; the wire published the day before is the original and titles it
    assigner = StoryAssigner()
    late_copy = make(COPY, "2026-03-03", "Strike halts Velmar port", people)
    wire = make(WIRE, "2026-03-02", "Velmar dock workers strike", people)
    for report in (late_copy, wire):
        assigner.assign(report)
    assert late_copy.story == wire.story and wire.duplicate_of is None
    assert assigner.stories[wire.story].headline == "Velmar dock workers strike"


@pytest.mark.parametrize("wire_outlet", ["Northgate Wire", "northgate-wire", "news.northgatewire.example"])
def test_a_wire_whose_dateline_credits_it_is_the_original_of_a_same_day_copy_however_its_outlet_is_written(
        wire_outlet):
    people = ("Ilse Marrow", "Tomas Varga")
    dateline = "VELMAR (Northgate Wire) - "
    assigner = StoryAssigner()
    reprint = make(dateline + COPY, "2026-03-02", "Dock strike halts Velmar", people)
    reprint.outlet = "Kessel Times"
    wire = make(dateline + WIRE, "2026-03-02", "Velmar dock workers strike", people)
    wire.outlet = wire_outlet
    for report in (reprint, wire):
        assigner.assign(report)
    assert wire.duplicate_of is None and assigner.originals[reprint.id] == wire.id


def test_a_copy_that_titled_a_story_gives_way_to_its_wire_arriving_after_it(tmp_path):
    # the trial's deal story: another outlet's report began it, a reprint of the wire came next and, of the same
    # day and sorting first, titled it; the wire's own report arrived last (after a restart) and became the
    # original: the reprint's headline is a copy's and no longer titles the story
    from storyline.store import Store

    people = ("Ilse Marrow", "Tomas Varga")
    dateline = "VELMAR (Northgate Wire) - "
    other = make(OTHER_REPORT, "2026-03-02", "Ships wait off Velmar as strike goes on", people)
    reprint = make(dateline + COPY, "2026-03-02", "Dock strike halts Velmar", people)  # of one day, sorts first
    reprint.outlet = "Kessel Times"
    wire = make(dateline + WIRE, "2026-03-02", "Velmar dock workers strike", people)
    wire.outlet = "Northgate Wire"
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    assigner = store.load_assigner(StoryAssigner())
    store.save_batch([other, reprint], {a.id: assigner.assign(a) for a in (other, reprint)}, assigner)
    assert reprint.story == other.story and reprint.duplicate_of is None
    assert [s.headline for s in store.list_stories()] == ["Dock strike halts Velmar"]
    restored = store.load_assigner(StoryAssigner())
    store.save_batch([wire], {wire.id: restored.assign(wire)}, restored)
    assert wire.story == other.story and restored.originals[reprint.id] == wire.id
    assert [s.headline for s in store.list_stories()] == ["Velmar dock workers strike"]


def test_a_dated_report_is_the_original_of_an_undated_copy_that_came_in_first():
    # the local desk's budget: a paper's undated reprint of the council's release was read before the release
    people = ("Ilse Marrow", "Tomas Varga")
    reprint = make(COPY, None, "Dock strike halts Velmar", people)
    release = make(WIRE, "2026-03-02", "Velmar dock workers strike", people)
    assigner = StoryAssigner()
    for article in (reprint, release):
        assigner.assign(article)
    assert release.story == reprint.story and release.duplicate_of is None
    assert assigner.originals[reprint.id] == release.id


def test_reports_a_fortnight_on_naming_only_new_days_are_a_later_event_of_the_thread(tmp_path):
    # the analyst trial's dispute (tests/dunmarsh, ingested as a folder): the members' vote twelve days after the
    # deal joined the deal's story (p 0.99), and the indefinite strike after it; each is a story of its own in the
    # dispute's storyline, and a fire and a library vote in the same city are threads of their own
    from conftest import ROOT, run_cli
    from storyline.store import Store

    db = tmp_path / "s.db"
    run_cli("ingest", str(ROOT / "tests" / "dunmarsh"), db=db, check=True)
    store = Store(f"sqlite:///{db}")
    stories: dict[str, set[str]] = {}
    for article in store.iter_articles():
        stories.setdefault(article.story, set()).add(article.published[5:])
    assert sorted(sorted(days) for days in stories.values()) == [
        ["02-02", "02-03"], ["02-19", "02-20"], ["03-10", "03-11"], ["03-14", "03-15"], ["03-28", "03-29"],
        ["04-09", "04-10"], ["04-12"], ["04-16", "04-17"], ["04-27", "04-28"]]
    threads: dict[str, set[str]] = {}
    for article in store.iter_articles():
        threads.setdefault(article.storyline, set()).add(article.published[5:])
    unrelated = {"03-14", "03-15", "04-16", "04-17"}  # a warehouse fire and a library vote in the same city
    assert sorted(len(days) for days in threads.values()) == [2, 2, 13]
    assert all(days <= unrelated or not days & unrelated for days in threads.values())
    [deal] = [s for s in store.list_stories() if s.first_published == "2026-03-28"]
    assert deal.headline == "Dunmarsh transit union and authority reach tentative deal"  # the wire's, not its copy's
    # the strike's odd count (4,200 against 2,400) is told in a sentence that gives the count
    from storyline.compare import compare_story
    [strike] = [s for s in store.list_stories() if s.first_published == "2026-02-19"]
    [count] = [d for d in compare_story(strike.id, store.story_articles(strike.id)).disagreements if d.kind == "number"]
    assert count.values["eastbank-observer"] == ["4200"] and "2,400" in count.text


def test_a_story_continues_the_thread_it_shares_most_names_with_not_a_column_that_names_few(tmp_path):
    # the analyst trial's pages read in date order: the opinion column (naming the mayor and City Hall) began a
    # thread of its own, and the indefinite strike two weeks on joined the column's thread (cosine 0.91 over its
    # two names) rather than the dispute's (0.70, six names in common)
    from conftest import ROOT, run_cli
    from storyline.store import Store

    pages = sorted((ROOT / "tests" / "dunmarsh").glob("*/2026-*"), key=lambda p: (p.name[:10], str(p)))
    db = tmp_path / "s.db"
    run_cli("ingest", *map(str, pages), db=db, check=True)
    threads: dict[str, set[str]] = {}
    for article in Store(f"sqlite:///{db}").iter_articles():
        threads.setdefault(article.storyline, set()).add(article.published[5:])
    [dispute] = [days for days in threads.values() if "02-02" in days]
    assert {"02-19", "03-10", "03-28", "04-09", "04-27", "04-28"} <= dispute


def test_reports_of_the_same_day_title_their_story_alike_in_either_order():
    people = ("Ilse Marrow", "Tomas Varga")
    same_day = [(WIRE, "Velmar dock workers strike"), (OTHER_REPORT, "Ships wait off Velmar as strike goes on")]
    titles = set()
    for order in (same_day, same_day[::-1]):
        assigner = StoryAssigner()
        reports = [make(text, "2026-03-02", title, people) for text, title in order]
        for report in reports:
            assigner.assign(report)
        assert reports[0].story == reports[1].story
        titles.add(assigner.stories[reports[0].story].headline)
    assert titles == {"Ships wait off Velmar as strike goes on"}
    # a headline that opens shouting gives way to one in plain case, and headlines sort whatever their case
    for first in ("STRIKE CHAOS! Docks at a standstill", "Velmar Docks: Strike enters day two"):
        assigner = StoryAssigner()
        reports = [make(WIRE, "2026-03-02", first, people),
                   make(OTHER_REPORT, "2026-03-02", "Velmar dock workers strike", people)]
        for report in reports:
            assigner.assign(report)
        assert assigner.stories[reports[0].story].headline == "Velmar dock workers strike", first


def test_a_title_beats_the_lead_sentence_of_an_untitled_page_whenever_it_comes(tmp_path):
    from storyline.store import Store

    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    assigner = store.load_assigner(StoryAssigner())
    people = ("Ilse Marrow", "Tomas Varga")
    untitled = make(WIRE, "2026-03-02", "", people)  # a scraped page whose first line was no headline
    untitled.id = "u" * 32
    later = make(OTHER_REPORT, "2026-03-03", "Ships wait off Velmar as strike goes on", people)
    decisions = {a.id: assigner.assign(a) for a in (untitled, later)}
    store.save_batch([untitled, later], decisions, assigner)
    assert untitled.story == later.story
    assert [s.headline for s in store.list_stories()] == ["Ships wait off Velmar as strike goes on"]
    restored = store.load_assigner(StoryAssigner())
    assert restored.stories[later.story] == assigner.stories[later.story]
    assert restored.stories[later.story].titled
    earlier = make(COPY.replace("Monday", "Sunday"), "2026-03-01", "", people)
    earlier.id = "e" * 32
    restored.assign(earlier)  # the earliest report, but untitled: its lead sentence does not replace a title
    assert earlier.story == later.story
    assert restored.stories[later.story].headline == "Ships wait off Velmar as strike goes on"
    # a titled report dated before the title's, though not before the untitled page that began the story
    first_titled = make(DAY_ONE_REPORT, "2026-03-02", "Velmar dock strike begins", people)
    restored.assign(first_titled)
    assert first_titled.story == later.story
    assert restored.stories[later.story].headline == "Velmar dock strike begins"


def test_a_copy_published_earlier_than_the_held_original_becomes_the_original():
    assigner = StoryAssigner()
    late_copy = make(COPY, "2026-03-03", "Strike halts Velmar port")
    wire = make(WIRE, "2026-03-02", "Velmar dock workers strike")
    assigner.assign(late_copy)
    decision = assigner.assign(wire)
    assert decision.near_duplicate and wire.duplicate_of is None
    assert assigner.originals[late_copy.id] == wire.id and late_copy.id in assigner.relinked
    assert wire.story == late_copy.story


def test_a_wires_own_report_of_the_day_is_the_original_of_a_copy_that_came_in_first(tmp_path):
    from storyline.store import Store

    dateline = "VELMAR (Northgate Wire) - "
    reprint = make(dateline + COPY, "2026-03-02", "Velmar dock strike")
    reprint.outlet = "Kessel Times"
    wire = make(dateline + WIRE, "2026-03-02", "Velmar dock workers strike")
    wire.outlet = "Northgate Wire"
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    assigner = store.load_assigner(StoryAssigner())
    store.save_batch([reprint], {reprint.id: assigner.assign(reprint)}, assigner)
    restored = store.load_assigner(StoryAssigner())  # the copy's outlet is known after a restart too
    decision = restored.assign(wire)
    assert decision.near_duplicate and wire.duplicate_of is None
    assert restored.originals[reprint.id] == wire.id
    # another outlet's copy that credits the wire stays the copy
    other = make(dateline + WIRE.replace("Monday", "Monday evening"), "2026-03-02", "Dock strike in Velmar")
    other.outlet = "Harbor Ledger"
    restored.assign(other)
    assert other.duplicate_of == wire.id
    # the wire's outlet known by its folder's name, "northgate-wire", is the "(Northgate Wire)" of its dateline
    assigner = StoryAssigner()
    reprint.duplicate_of = wire.duplicate_of = None
    wire.outlet = "northgate-wire"
    assigner.assign(reprint)
    assert assigner.assign(wire).near_duplicate and wire.duplicate_of is None
    assert assigner.originals[reprint.id] == wire.id


def test_a_restored_assigner_finds_stories_through_the_same_index(tmp_path):
    from storyline.store import Store

    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    live = store.load_assigner(StoryAssigner())
    articles = [make(WIRE, "2026-03-02", "Dock strike"), make(OTHER_REPORT, "2026-03-03", "Port talks"),
                make(UNRELATED, "2026-03-04", "Choir festival"), make(COPY, "2026-03-05", "Dock strike spreads")]
    decisions = {a.id: live.assign(a) for a in articles}
    store.save_batch(articles, decisions, live)
    restored = store.load_assigner(StoryAssigner())
    as_sets = lambda assigner: {t: ids for t, ids in assigner._index.items() if ids}  # noqa: E731
    assert as_sets(restored) == as_sets(live)


def test_stories_found_to_be_one_are_merged_and_the_merge_is_recorded(tmp_path):
    from storyline.export import records
    from storyline.store import Store

    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    # an impossible join threshold keeps the first two reports apart; the bridging report then shows they are one
    assigner = store.load_assigner(StoryAssigner(join_probability=1.01, merge_probability=2.0))
    people = ("Ilse Marrow", "Tomas Varga")
    first = make(WIRE, "2026-03-02", "Velmar dock workers strike", people)
    second = make(OTHER_REPORT, "2026-03-03", "Ships wait off Velmar as strike goes on", people)
    decisions = {a.id: assigner.assign(a) for a in (first, second)}
    store.save_batch([first, second], decisions, assigner)
    assert first.story != second.story
    bridge = make(
        "The Velmar dock strike left container ships anchored offshore while union members stayed out. "
        "Tomas Varga repeated the six percent pay demand, and harbour commissioner Ilse Marrow said a state "
        "mediator would reopen wage talks. Shipping companies diverted vessels to Kessa as terminals stood idle.",
        "2026-03-03", "Velmar strike: ships wait as talks stall", people)
    assigner.join_probability, assigner.merge_probability = 0.0, 0.2
    decision = assigner.assign(bridge)
    store.save_batch([bridge], {bridge.id: decision}, assigner)
    assert [(m.story, m.into) for m in decision.merged] == [(second.story, first.story)]
    assert assigner.stories[second.story].merged_into == first.story
    assert {a.story for a in store.story_articles(first.story)} == {first.story}
    assert len(store.story_articles(first.story)) == 3
    assert [s.id for s in store.list_stories()] == [first.story]
    assert [(line.id, line.story_count) for line in store.list_storylines()] == [(first.storyline, 1)]
    assert list(records(store, "merges")) == [{"story": second.story, "into": first.story, "now_in": first.story,
                                               "article": bridge.id, "probability": decision.merged[0].probability}]
    restored = store.load_assigner(StoryAssigner())
    assert second.story not in dict.keys(restored.stories)  # a merged story is not held, only read when needed
    known = set(assigner.stories) | set(restored.stories) | {first.story, second.story}
    assert all(restored.stories[i] == assigner.stories[i] for i in known)  # held, or read back from the store


def test_a_story_a_user_put_in_another_thread_is_not_merged_out_of_it(tmp_path):
    from storyline.corrections import relink_stories
    from storyline.store import Store

    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    assigner = store.load_assigner(StoryAssigner(join_probability=1.01, merge_probability=2.0))
    people = ("Ilse Marrow", "Tomas Varga")
    first = make(WIRE, "2026-03-02", "Velmar dock workers strike", people)
    second = make(OTHER_REPORT, "2026-03-03", "Ships wait off Velmar as strike goes on", people)
    store.save_batch([first, second], {a.id: assigner.assign(a) for a in (first, second)}, assigner)
    own = relink_stories(store, [second.story], "new").storyline
    assigner = store.load_assigner(StoryAssigner(join_probability=0.0, merge_probability=0.2))
    bridge = make(
        "The Velmar dock strike left container ships anchored offshore while union members stayed out. "
        "Tomas Varga repeated the six percent pay demand, and harbour commissioner Ilse Marrow said a state "
        "mediator would reopen wage talks. Shipping companies diverted vessels to Kessa as terminals stood idle.",
        "2026-03-03", "Velmar strike: ships wait as talks stall", people)
    decision = assigner.assign(bridge)  # as likely one as in the test above, where the two stories merge
    store.save_batch([bridge], {bridge.id: decision}, assigner)
    assert decision.merged == []
    assert store.get_story(second.story).storyline == own


def test_the_active_set_is_bounded_and_restores_to_the_same_state(tmp_path, monkeypatch):
    import storyline.cluster.assign as assign
    from storyline.store import Store

    monkeypatch.setattr(assign, "ACTIVE_STORIES", 3)
    monkeypatch.setattr(assign, "ACTIVE_STORYLINES", 2)
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    live = store.load_assigner(StoryAssigner())
    topics = ["glasshouse cacti", "harbour strike", "choir festival", "tram timetable", "bakery prize",
              "ferry collision", "library reopening"]
    articles = []
    for day, topic in enumerate(topics, start=1):
        text = f"The {topic} in Kessa drew attention on the {day}th. " * 3 + f"Officials discussed the {topic} again."
        articles.append(make(text, f"2026-04-{day:02d}", f"Kessa {topic}", (f"Official {topic.split()[0]}",)))
    decisions = {a.id: live.assign(a) for a in articles}
    store.save_batch(articles, decisions, live)
    assert len(live._active) <= 3 and len(live._active_storylines) <= 2
    assert sum(bool(line.profile) for line in live.storylines.values()) == len(live._active_storylines)
    restored = store.load_assigner(StoryAssigner())
    assert list(restored._active) == list(live._active)
    assert list(restored._active_storylines) == list(live._active_storylines)
    assert restored.stories == live.stories
    assert restored.storylines == live.storylines
    assert set(restored._member_vectors) == set(live._member_vectors)
    follow_up = make("The ferry collision in Kessa drew attention again. Officials discussed the ferry collision.",
                     "2026-04-08", "Kessa ferry collision inquiry")
    twin = make(follow_up.body, "2026-04-08", follow_up.title)
    assert live.assign(follow_up) == restored.assign(twin)


def test_without_a_gpu_embeddings_and_similarities_run_on_the_cpu(monkeypatch):
    import numpy

    from storyline.cluster import embed

    embed.device.cache_clear()
    monkeypatch.setenv(embed.DEVICE_ENV, "cpu")
    assert embed.device() == "cpu"
    vectors = embed.embed_texts(["Dock workers strike in Velmar", "Velmar dockworkers walk out", "Choir festival"])
    matrix = embed.similarities(vectors, vectors)
    assert numpy.allclose(numpy.diag(matrix), 1.0, atol=1e-5)
    assert matrix[0, 1] > matrix[0, 2]
    embed.device.cache_clear()


def test_an_outlet_naming_itself_does_not_link_its_unrelated_stories():
    # "told Civic Pulse", a credit line: the outlet's own name says who reported, not what happened
    assigner = StoryAssigner()
    strike = make(WIRE + " Tomas Varga told the Velmar Voice the union would not back down.", "2026-03-02",
                  "Velmar dock workers strike", ("Ilse Marrow", "Tomas Varga"))
    garden = make(UNRELATED + " Lene Dahl told the Velmar Voice the garden had waited years for this.", "2026-03-05",
                  "Kessa garden opens glasshouse", ("Lene Dahl",))
    for article in (strike, garden):
        article.outlet = "Velmar Voice"
        article.entities.append(Entity(text="Velmar Voice", label="ORG", canonical="Velmar Voice", start=0, end=0))
        assigner.assign(article)
    assert garden.story != strike.story and garden.storyline != strike.storyline


def test_an_outlet_is_known_by_its_name_folder_or_site_and_other_outlets_keep_their_names():
    from storyline.cluster.represent import count_terms
    from storyline.outlets import outlet_self_names

    assert outlet_self_names("The Velmar Voice") == outlet_self_names("velmar-voice") == {"velmarvoice"}
    assert outlet_self_names(None, "https://www.velmarvoice.example/2026/strike") == {"velmarvoice"}
    # a city's site of a network is the network, not the city; a country's second-level domain is skipped
    assert outlet_self_names("chicago.cbslocal.com") == {"cbslocal"}
    assert outlet_self_names("www.bbc.co.uk") == {"bbc"}
    own = make(WIRE, "2026-03-02", "Velmar dock workers strike", ("Tomas Varga",))
    other = make(WIRE, "2026-03-02", "Velmar dock workers strike", ("Tomas Varga",))
    for article, outlet in ((own, "velmar-voice"), (other, "kessa-herald.example")):
        article.outlet = outlet
        article.entities.append(Entity(text="Velmar Voice", label="ORG", canonical="Velmar Voice", start=0, end=0))
    count_terms([own, other])
    assert "e:velmar voice" not in own.term_counts and "e:tomas varga" in own.term_counts
    assert "e:velmar voice" in other.term_counts


ELECTION = (
    "Mara Quist's Reform League won the snap election in Velmar on Sunday with 41 percent of the vote. "
    "Turnout reached 72 percent, the highest in two decades, and the outgoing coalition lost half its seats. "
    "Jon Brek, the League's campaign chief, said coalition talks with the smaller parties would start this week."
)
ELECTION_FOLLOW_UP = (
    "Mara Quist opened coalition talks on Monday, a day after her Reform League won Velmar's snap election. "
    "The vote was called after the port strike: Tomas Varga's Velmar Dockworkers Union backed the League, "
    "and harbour commissioner Ilse Marrow, whose handling of the strike cost the outgoing coalition dearly, "
    "resigned. "
    "Jon Brek said the League's 41 percent gave it the right to lead the next government."
)


def test_a_lone_story_moves_to_the_storyline_its_later_reports_continue(tmp_path):
    from storyline.store import Store

    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    assigner = store.load_assigner(StoryAssigner())
    union = Entity(text="Velmar Dockworkers Union", label="ORG", canonical="Velmar Dockworkers Union", start=0, end=0)
    strike = make(WIRE, "2026-03-02", "Velmar dock workers strike", ("Ilse Marrow", "Tomas Varga"))
    strike.entities.append(union)
    result = make(ELECTION, "2026-04-20", "Reform League wins Velmar election", ("Mara Quist", "Jon Brek"))
    decisions = {a.id: assigner.assign(a) for a in (strike, result)}
    store.save_batch([strike, result], decisions, assigner)
    first_line = result.storyline
    assert first_line != strike.storyline  # its first report names nobody from the strike
    follow_up = make(ELECTION_FOLLOW_UP, "2026-04-21", "Quist opens coalition talks after strike election",
                     ("Mara Quist", "Jon Brek", "Ilse Marrow", "Tomas Varga"))
    follow_up.entities.append(union)  # three of the strike's names: enough to move a grown story's thread
    decision = assigner.assign(follow_up)
    store.save_batch([follow_up], {follow_up.id: decision}, assigner)
    assert follow_up.story == result.story and follow_up.storyline == strike.storyline
    lines = store.list_storylines()
    assert [(line.id, line.story_count) for line in lines] == [(strike.storyline, 2)]  # the empty one is not listed
    assert store.get_storyline(first_line).id == strike.storyline  # the old id leads to where its story went
    assert [s.id for s in store.storyline_stories(strike.storyline)] == [strike.story, result.story]
    assert lines[0].last_published == "2026-04-21"
    restored = store.load_assigner(StoryAssigner())
    assert all(restored.storylines[i] == assigner.storylines[i] for i in (strike.storyline, first_line))


def test_one_place_in_common_does_not_make_a_storyline():
    assigner = StoryAssigner()
    strike = make(WIRE, "2026-03-02", "Velmar dock workers strike", ("Ilse Marrow", "Tomas Varga"))
    garden = make(UNRELATED.replace("Kessa", "Velmar"), "2026-03-09", "Velmar garden opens glasshouse",
                  ("Lene Dahl",))
    for article in (strike, garden):
        article.entities.append(Entity(text="Velmar", label="GPE", canonical="Velmar", start=0, end=0))
        assigner.assign(article)
    assert garden.story != strike.story and garden.storyline != strike.storyline


def test_a_storyline_is_titled_by_its_earliest_story_among_equals_whatever_arrived_first(tmp_path):
    from storyline.store import Store

    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    assigner = store.load_assigner(StoryAssigner())
    people = ("Ilse Marrow", "Tomas Varga")
    aftermath = make(OTHER_REPORT.replace("second day", "seventh week"), "2026-04-20", "Velmar counts the cost",
                     people)
    strike = make(WIRE, "2026-03-02", "Velmar dock workers strike", people)
    decisions = {a.id: assigner.assign(a) for a in (aftermath, strike)}  # a folder read by name, not by date
    store.save_batch([aftermath, strike], decisions, assigner)
    assert aftermath.story != strike.story and aftermath.storyline == strike.storyline
    assert [line.title for line in store.list_storylines()] == ["Velmar dock workers strike"]


def test_a_storyline_keeps_the_title_of_the_event_that_opened_it_when_a_later_one_is_more_reported(tmp_path):
    from storyline.store import Store

    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    assigner = store.load_assigner(StoryAssigner())
    people = ("Ilse Marrow", "Tomas Varga")
    strike = make(WIRE, "2026-03-02", "Velmar dock workers strike", people)
    aftermath = [make(OTHER_REPORT.replace("second day", "seventh week") + f" Report {n}.", "2026-04-20",
                      f"Velmar counts the cost {n}", people) for n in range(3)]
    decisions = {a.id: assigner.assign(a) for a in (strike, *aftermath)}
    store.save_batch([strike, *aftermath], decisions, assigner)
    assert len({a.story for a in aftermath}) == 1 and aftermath[0].story != strike.story
    assert [line.title for line in store.list_storylines()] == ["Velmar dock workers strike"]


def test_grouping_collects_garbage_less_often_and_the_last_grouping_to_end_restores_the_setting(tmp_path):
    import gc

    from storyline.pipeline import GROUPING_GC_THRESHOLD, IngestSummary, fewer_collections, group_and_store
    from storyline.store import Store

    before = gc.get_threshold()
    first, second = fewer_collections(), fewer_collections()
    with first:
        raised = gc.get_threshold()
        assert raised[0] >= GROUPING_GC_THRESHOLD and raised[1:] == before[1:]
        second.__enter__()  # another server thread starts grouping meanwhile
    assert gc.get_threshold() == raised  # the first to end does not end the other's setting
    second.__exit__(None, None, None)
    assert gc.get_threshold() == before
    # a real batch, grouped and committed, leaves the setting as it found it
    store, summary = Store(f"sqlite:///{tmp_path / 'gc.db'}"), IngestSummary()
    articles = [make(WIRE, "2026-03-02", "Velmar dock workers strike", ("Ilse Marrow", "Tomas Varga")),
                make(UNRELATED, "2026-03-02", "Kessa glasshouse opens", ("Lene Dahl",))]
    group_and_store(articles, store, StoryAssigner(), summary)
    assert summary.ingested == 2 and summary.new_stories == 2
    assert gc.get_threshold() == before


def test_storylines_are_listed_latest_reported_first_undated_ones_last_and_filtered_by_their_stories(tmp_path):
    from storyline.pipeline import IngestSummary, group_and_store
    from storyline.store import Store

    store = Store(f"sqlite:///{tmp_path / 'lines.db'}")
    articles = [make(WIRE, "2026-03-02", "Velmar dock workers strike", ("Ilse Marrow", "Tomas Varga")),
                make(UNRELATED, None, "Kessa glasshouse opens", ("Lene Dahl",)),
                make(ELECTION, "2026-04-20", "Reform League wins Velmar election", ("Mara Quist", "Jon Brek"))]
    group_and_store(articles, store, StoryAssigner(), IngestSummary())
    listed, total = store.query_storylines(limit=None)
    assert [line.last_published for line in listed] == ["2026-04-20", "2026-03-02", None] and total == 3
    assert {line.id for line in listed} == {line.id for line in store.list_storylines()}
    assert store.query_storylines(limit=1, offset=1) == ([listed[1]], 3)
    # filtered: the storylines holding a story that passes every filter the story list takes
    line_of = {a.title: a.storyline for a in articles}
    assert store.query_storylines(entity="lene dahl") == ([store.get_storyline(line_of["Kessa glasshouse opens"])], 1)
    assert [line.id for line in store.query_storylines(q="velmar")[0]] == \
        [line_of["Reform League wins Velmar election"], line_of["Velmar dock workers strike"]]
    assert [line.id for line in store.query_storylines(since="2026-03-01", until="2026-03-31")[0]] == \
        [line_of["Velmar dock workers strike"]]
    assert store.query_storylines(q="velmar", since="2026-04-01")[1] == 1
    assert store.query_storylines(q="nowhere mentioned") == ([], 0)


def test_each_embedding_model_is_scored_with_the_weights_fitted_on_its_own_vectors(tmp_path, monkeypatch):
    from storyline.cluster.assign import BIAS, MINILM_BIAS, MINILM_WEIGHTS, SCORERS, WEIGHTS
    from storyline.pipeline import GroupingState
    from storyline.store import Store

    assert MINILM_WEIGHTS != WEIGHTS and MINILM_BIAS != BIAS
    store = Store(f"sqlite:///{tmp_path}/grouping.db")
    for kind in ("static", "minilm"):
        monkeypatch.setenv("STORYLINE_EMBEDDING", kind)
        assigner = GroupingState.load(store).assigner
        assert (assigner.weights, assigner.bias, assigner.join_probability) == SCORERS[kind]
    assert StoryAssigner().weights == WEIGHTS  # the default model's


STRIKE = (  # long sentences: three of them make a full article, not a headline and lead
    "Dock workers at the port of Velmar walked out on Monday morning after overnight talks on a new wage contract "
    "broke down, leaving the container terminals silent and the gates blocked by pickets who had gathered before "
    "dawn with banners, flasks of coffee and a loudspeaker borrowed from the union hall.",
    "The union said that about 1,200 of its members had joined the strike by noon, halting container traffic at all "
    "four terminals and stranding more than thirty lorries that had queued since early morning to collect cargo "
    "from the ships unloaded over the weekend.",
    "Harbour commissioner Ilse Marrow called the walkout premature and irresponsible, and urged both the union and "
    "the shipping lines to return to the negotiating table before the stoppage did lasting harm to a port that "
    "handles most of the region's imports and exports.",
    "Shipping companies warned in a joint statement that vessels due at Velmar this week would be diverted to the "
    "northern port of Kessa within days, a move that would add two days to deliveries and cost local hauliers "
    "and warehouses a large share of their regular trade.",
    "Union leader Tomas Varga told reporters at the main gate that his members would stay out until the employers "
    "offered a pay rise of at least six percent, saying that years of small increases had left dock families "
    "unable to keep up with rents and food prices in the city.",
    "Talks are expected to resume later this week under a state mediator appointed by the labour ministry, which "
    "said in a brief statement that it hoped both sides would use the coming days to narrow their differences on "
    "pay, overtime rates and the length of the contract.",
    "Truck drivers queued for kilometres on the coast road on Monday afternoon waiting for cargo that never came, "
    "and several said they had been told by dispatchers to stay in line rather than return empty to depots that "
    "were already short of containers to move.",
    "Cranes stood idle across the terminals as pickets gathered at the gates.",
    "The chamber of commerce estimated the strike's daily losses at two million crowns.",
    "Marrow said a mediator had been appointed and that the port could not afford a long stoppage.",
)
FERRY = (
    "A fire broke out on the passenger ferry Aurelia as it crossed the Brisk Sound late on Thursday night, forcing "
    "the crew to sound the alarm and muster passengers on the upper decks while smoke poured from vents above the "
    "car deck and the ship slowed to a stop.",
    "The coast guard said that all 340 passengers were taken off in lifeboats and by two rescue vessels before "
    "dawn on Friday, and that nobody was reported missing once the operator had checked its passenger list "
    "against the names of those brought ashore.",
    "Captain Rune Hallström told rescuers that the blaze began in the engine room shortly after midnight and spread "
    "along a cable duct before the crew could seal the compartment and release the extinguishing gas kept for "
    "exactly such an emergency.",
    "Two crew members were treated in hospital for smoke inhalation and released later in the day, the ferry "
    "operator Nordlys Line said in a statement that also thanked the coast guard and the volunteer lifeboat crews "
    "who had reached the ship within an hour.",
    "Investigators from the maritime safety board boarded the burnt vessel on Friday morning after it had been "
    "secured in harbour, and said they would interview the engineers on duty and examine the maintenance records "
    "kept for the engine room over the past year.",
    "The Aurelia had passed its annual fire inspection in the spring, Nordlys Line said, adding that the ship would "
    "stay out of service for several weeks and that passengers booked on its route would be moved to a sister "
    "vessel sailing from the same terminal.",
    "Tugboats towed the damaged ferry into the harbour of Osterby on Friday, where the smoke rising from its stern "
    "could be seen for miles along the coast and where firefighters spent the afternoon cooling the hull with "
    "water cannon from the quay.",
    "Passengers described a calm evacuation, with crew handing out blankets on the deck.",
    "The safety board said it would examine the ship's fuel lines and extinguishers.",
    "Hallström praised his crew, saying no one had panicked as the lifeboats were lowered.",
)
FANO_LINES = ((0, 1, 3), (1, 2, 4), (2, 3, 5), (3, 4, 6), (4, 5, 0), (5, 6, 1), (6, 0, 2))  # any two share one


def _reports(sentences: tuple[str, ...], count: int, title: str, day: str) -> list[Article]:
    """Reports of one event that share one sentence two by two: no two are copies."""
    return [make(" ".join(sentences[i] for i in line), day, f"{title} {n}")
            for n, line in enumerate(FANO_LINES[:count])]


def _one_story_of_two_events(url: str, ferry_day: str | None = "2026-03-05"):
    """A store holding seven reports of the strike and the first two of the fire (dated ``ferry_day``), all in
    one story: a join threshold of nothing puts every report in the first story, as a topic's second event can
    be."""
    from storyline.pipeline import IngestSummary, group_and_store
    from storyline.store import Store

    store = Store(url)
    assigner = store.load_assigner(StoryAssigner(join_probability=0.0, merge_probability=2.0))
    strike = _reports(STRIKE, 7, "Velmar strike", "2026-03-02")
    ferry = _reports(FERRY, 6, "Aurelia ferry fire", ferry_day)
    summary = IngestSummary()
    group_and_store(strike + ferry[:2], store, assigner, summary)
    return store, assigner, strike, ferry, summary


def test_a_story_grown_over_two_events_is_split_in_two_and_the_split_is_recorded(backend_url):
    from storyline.export import records
    from storyline.pipeline import group_and_store

    store, assigner, strike, ferry, summary = _one_story_of_two_events(backend_url)  # the fire's two: moved when stored
    assert {a.story for a in strike + ferry[:2]} == {strike[0].story} and summary.split == 0
    group_and_store(ferry[2:], store, assigner, summary)  # the twelfth report shows two events
    assert summary.split == 1 and summary.duplicates == 0
    (split,) = list(records(store, "splits"))
    first, second = strike[0].story, split["into"]
    assert first != second and (split["story"], split["article"]) == (first, ferry[4].id)
    assert sorted(split["articles"]) == sorted(a.id for a in ferry[:5]) and split["separation"] >= 0.07
    assert {a.story for a in ferry[2:]} == {second}  # this batch's, stored with their new story; the last one
    # arrived after the split and chose the fire's story itself
    assert {a.id for a in store.story_articles(second)} == {a.id for a in ferry}  # the earlier batch's moved too
    assert {a.id for a in store.story_articles(first)} == {a.id for a in strike}
    assert store.get_story(second).headline.startswith("Aurelia ferry fire")
    assert store.get_story(second).storyline
    assert store.story_splits(first) == store.story_splits(second) == [split]
    # visible: the API, the story pages and `storyline show` say it, from either side
    from fastapi.testclient import TestClient
    from typer.testing import CliRunner

    from storyline.cli import app
    from storyline.web import create_app

    client = TestClient(create_app(backend_url))
    assert client.get(f"/api/v1/stories/{first}").json()["splits"] == [split]
    page = client.get(f"/stories/{second}").text
    assert f"Split from story <a href=\"/stories/{first}\">{first}</a>, which held this event too" in page
    shown = CliRunner().invoke(app, ["show", first, "--db", backend_url], terminal_width=200)
    assert f"split: 5 articles of another event moved to story {second}" in shown.output
    # a restart goes on from the two stories: the next report of the fire joins the fire's
    restored = store.load_assigner(StoryAssigner())
    late = make(" ".join(FERRY[::2]), "2026-03-06", "Ferry fire inquiry")
    assert restored.assign(late).story == second


@pytest.mark.parametrize(("ferry_day", "split"), [("2026-03-02", 0), ("2026-03-03", 0), ("2026-03-04", 1), (None, 1)])
def test_two_parts_reported_on_the_same_days_are_one_event_unfolding_and_stay_whole(tmp_path, ferry_day, split):
    from storyline.pipeline import group_and_store

    # the strike's reports are of 2 March: the fire's, as far apart in words as in the split test above, stay in
    # its story when they are of the same day or the next (one event's turns: a star checks into one clinic and,
    # the next day, into another); two days on, or undated (nothing says when), they are split off
    store, _, strike, ferry, summary = _one_story_of_two_events(f"sqlite:///{tmp_path / 's.db'}", ferry_day)
    assigner = store.load_assigner(StoryAssigner(join_probability=0.0, merge_probability=2.0))
    group_and_store(ferry[2:], store, assigner, summary)
    assert summary.split == split
    assert ({a.story for a in ferry} == {strike[0].story}) == (not split)


def test_a_headline_and_lead_story_is_split_from_fewer_reports(tmp_path):
    from storyline.pipeline import IngestSummary, group_and_store
    from storyline.store import Store

    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    assigner = store.load_assigner(StoryAssigner(join_probability=0.0, merge_probability=2.0))
    # feed items: a headline and a sentence, four of the strike and then the fire's
    strike = [make(STRIKE[n], "2026-03-02", f"Velmar strike {n}") for n in range(4)]
    ferry = [make(FERRY[n], "2026-03-05", f"Aurelia ferry fire {n}") for n in range(3)]
    summary = IngestSummary()
    group_and_store(strike + ferry, store, assigner, summary)
    assert summary.split == 1  # at the sixth report, where full articles wait for twelve
    assert {a.story for a in strike} == {strike[0].story}
    assert {a.story for a in ferry} == {ferry[0].story} != {strike[0].story}


def test_a_story_a_reader_corrected_by_hand_is_not_split(tmp_path):
    from storyline.corrections import move_articles
    from storyline.pipeline import group_and_store

    store, _, strike, ferry, summary = _one_story_of_two_events(f"sqlite:///{tmp_path / 's.db'}")
    move_articles(store, [strike[6].id], "new", note="the second day's")  # the reader has looked at this story
    assigner = store.load_assigner(StoryAssigner(join_probability=0.0, merge_probability=2.0))
    group_and_store(ferry[2:], store, assigner, summary)  # twelve reports, as in the test above
    assert summary.split == 0
    assert {a.story for a in ferry[2:]} == {strike[0].story}


def test_a_story_split_off_and_merged_back_in_one_batch_leaves_no_article_in_a_dead_story(tmp_path):
    store, assigner, strike, ferry, _ = _one_story_of_two_events(f"sqlite:///{tmp_path / 's.db'}")
    story = strike[0].story
    batch = ferry[2:5]
    decisions = {article.id: assigner.assign(article) for article in batch}
    split = assigner.split_two_events(story, store.grouping_member_ids([story]), batch, batch[-1].id,
                                      store.grouping_articles)
    assert split is not None
    # the two found to be one again before the batch is stored (as a later report of the batch can show)
    assigner._merge(assigner.stories[split.into], assigner.stories[story])
    store.save_batch(batch, decisions, assigner)
    assert {a.story for a in store.iter_articles()} == {story} == {s.id for s in store.list_stories()}
