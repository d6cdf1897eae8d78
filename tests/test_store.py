"""The store on a real SQLite file: migrations match the schema; state survives a restart."""

from __future__ import annotations

import numpy
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from storyline.bounded import rarest
from storyline.clean.outlet_memory import OutletMemory, line_key
from storyline.cluster.assign import StoryAssigner
from storyline.cluster.represent import TermStatistics
from storyline.model import Article, Block, Quote, Removal
from storyline.pipeline import IngestSummary, group_and_store
from storyline.store import IncompatibleEmbeddings, Store, database_url
from storyline.store.schema import metadata
from test_grouping import COPY, DAY_ONE_REPORT, OTHER_REPORT, UNRELATED, WIRE, make


def test_migrations_create_exactly_the_schema_the_queries_use(backend_url):
    store = Store(backend_url)
    with store.engine.connect() as connection:
        # full-text search is each database's own (SQLite's FTS5 tables, PostgreSQL's expression index),
        # outside the portable schema
        outside = {"include_name": lambda name, kind, _: not (
            (kind == "table" and name.startswith("articles_fts")) or (kind == "index" and name == "ix_articles_text_search"))}
        differences = compare_metadata(MigrationContext.configure(connection, opts=outside), metadata)
    assert differences == []


def test_upgrading_a_database_recounts_the_storylines_a_merge_left_one_too_high(tmp_path):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from storyline.store import MIGRATIONS

    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    assigner = store.load_assigner(StoryAssigner())
    articles = [make(WIRE, "2026-03-02", "Dock strike", ("Ilse Marrow",)),
                make(UNRELATED, "2026-03-04", "Garden glasshouse", ("Lene Dahl",))]
    store.save_batch(articles, {a.id: assigner.assign(a) for a in articles}, assigner)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0007")
        connection.execute(text("UPDATE storylines SET story_count = 2"))  # as an old merge left it
    store.migrate()
    assert sorted(line.story_count for line in store.list_storylines()) == [1, 1]


def test_upgrading_a_database_titles_a_story_an_untitled_page_began_by_its_earliest_titled_report(backend_url):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from storyline.store import MIGRATIONS

    store = Store(backend_url)
    assigner = store.load_assigner(StoryAssigner())
    people = ("Ilse Marrow", "Tomas Varga")
    untitled = make(WIRE, "2026-03-02", "", people)
    untitled.id = "u" * 32
    articles = [untitled, make(OTHER_REPORT, "2026-03-03", "Ships wait off Velmar", people),
                make(DAY_ONE_REPORT, "2026-03-02", "Velmar dock strike begins", people),
                make(UNRELATED, "2026-03-04", "Garden glasshouse", ("Lene Dahl",))]
    store.save_batch(articles, {a.id: assigner.assign(a) for a in articles}, assigner)
    assert articles[0].story == articles[1].story == articles[2].story != articles[3].story
    grouped = sorted(s.headline for s in store.list_stories())
    assert grouped == ["Garden glasshouse", "Velmar dock strike begins"]  # what the upgrade must come to
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0008")
        # as grouping used to leave it: titled by the untitled page's lead sentence
        connection.execute(text("UPDATE stories SET headline = 'Dock workers at the port of Velmar walked out'"
                                " WHERE id = :id"), {"id": untitled.story})
    store.migrate()
    assert sorted(s.headline for s in store.list_stories()) == grouped
    restored = store.load_assigner(StoryAssigner())
    assert restored.stories[untitled.story] == assigner.stories[untitled.story]  # titled, and dated, as grouped
    assert restored.stories[articles[3].story] == assigner.stories[articles[3].story]


def test_upgrading_a_database_gives_a_story_its_originals_title_where_a_copy_titled_it(backend_url):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from storyline.store import MIGRATIONS

    store = Store(backend_url)
    assigner = store.load_assigner(StoryAssigner())
    people = ("Ilse Marrow", "Tomas Varga")
    wire = make(WIRE, "2026-03-02", "Velmar dock workers strike", people)
    copy = make(COPY, "2026-03-02", "Strike halts Velmar port", people)  # sorts first: it titled the story before
    store.save_batch([wire, copy], {a.id: assigner.assign(a) for a in (wire, copy)}, assigner)
    assert copy.duplicate_of == wire.id and [s.headline for s in store.list_stories()] == ["Velmar dock workers strike"]
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0011")
        connection.execute(text("UPDATE stories SET headline = 'Strike halts Velmar port'"))  # as grouping left it
    store.migrate()
    assert [s.headline for s in store.list_stories()] == ["Velmar dock workers strike"]
    assert store.load_assigner(StoryAssigner()).stories[wire.story] == assigner.stories[wire.story]


def test_bare_path_means_sqlite_and_env_var_is_the_default(monkeypatch, tmp_path):
    assert database_url("data/s.db") == "sqlite:///data/s.db"
    monkeypatch.setenv("STORYLINE_DB", "sqlite:////tmp/other.db")
    assert database_url(None) == "sqlite:////tmp/other.db"


def test_articles_round_trip_and_assigner_state_restores_exactly(backend_url):
    url = backend_url
    store = Store(url)
    assigner = store.load_assigner(StoryAssigner())
    first = make(WIRE, "2026-03-02", "Velmar strike")
    first.raw = b"\x00raw bytes kept verbatim\xff"
    first.blocks = [Block("paragraph", WIRE)]
    first.removed = [Removal("Share this", "share/social prompt", "share")]
    first.quotes = [Quote("We stay out", "Tomas Varga", "Varga", "direct", "said", 1, 12)]
    decisions = {first.id: assigner.assign(first)}
    store.save_batch([first], decisions, assigner)

    loaded = store.get_article(first.id)
    assert loaded.raw == first.raw
    assert loaded.removed == first.removed and loaded.quotes == first.quotes
    assert loaded.story == first.story and loaded.storyline == first.storyline

    restored = Store(url).load_assigner(StoryAssigner())
    assert restored.stories == assigner.stories
    assert restored.storylines == assigner.storylines
    assert restored.statistics.frequencies == assigner.statistics.frequencies
    assert restored.statistics.documents == assigner.statistics.documents
    # the restored assigner decides the next articles exactly as the original would
    for day, text in (("2026-03-03", OTHER_REPORT), ("2026-03-03", UNRELATED)):
        a, b = make(text, day, text[:20]), make(text, day, text[:20])
        assert assigner.assign(a) == restored.assign(b)


def _letters(number: int) -> str:
    word = ""
    while True:
        number, digit = divmod(number, 26)
        word += chr(ord("a") + digit)
        if not number:
            return "qz" + word


def _bounded_article(index: int) -> Article:
    """An article of one outlet: a standing line, a shared topic and words no other article has."""
    unique = " ".join(_letters(index * 10 + k) for k in range(10))
    paragraphs = ["Subscribe to the Harbour Ledger newsletter for morning briefings.",
                  f"Dock workers in Velmar voted on the strike {unique}.",
                  f"Port officials answered {_letters(5000 + index)} on day {index}."]
    article = make("\n\n".join(paragraphs), f"2026-03-{1 + index % 28:02d}", f"Velmar port report {_letters(index)}")
    article.outlet = "Harbour Ledger"
    article.blocks = [Block("paragraph", text) for text in paragraphs]
    return article


def test_bounded_counts_drop_their_rarest_keys_in_the_store_too_and_a_resumed_run_matches(backend_url, tmp_path):
    def fresh_assigner() -> StoryAssigner:
        return StoryAssigner(statistics=TermStatistics(bound=60))

    # one process throughout, against one that reloads its state from the store before every article
    steady_store, resumed_url = Store(backend_url), database_url(str(tmp_path / "resumed.db"))
    steady, steady_memory = steady_store.load_assigner(fresh_assigner()), OutletMemory(bound=20)
    dropped_terms = dropped_lines = 0
    for index in range(30):
        article = _bounded_article(index)
        decisions = {article.id: steady.assign(article)}
        steady_memory.learn(article)
        dropped_terms += len(steady.statistics.removed)
        dropped_lines += len(steady_memory.removed)
        steady_store.save_batch([article], decisions, steady, steady_memory)

        resumed_store = Store(resumed_url)
        resumed, resumed_memory = resumed_store.load_assigner(fresh_assigner()), resumed_store.load_outlet_memory()
        resumed_memory.bound = 20
        again = _bounded_article(index)
        assert resumed.assign(again) == decisions[article.id]
        resumed_memory.learn(again)
        resumed_store.save_batch([again], {again.id: decisions[article.id]}, resumed, resumed_memory)

    assert dropped_terms and dropped_lines  # both bounds were reached
    assert 0 < len(steady.statistics.frequencies) <= 60 and 0 < len(steady_memory.counts) <= 20
    # the standing line is counted in every article, so it is never the rarest
    standing = line_key("Subscribe to the Harbour Ledger newsletter for morning briefings.")
    assert steady_memory.counts[("Harbour Ledger", standing)] == 30
    for store in (Store(backend_url), Store(resumed_url)):
        assert store.load_assigner(fresh_assigner()).statistics.frequencies == steady.statistics.frequencies
        assert store.load_outlet_memory().counts == steady_memory.counts


def test_rarest_drops_whole_counts_down_to_the_low_water_mark():
    counts = {"a": 1, "b": 1, "c": 2, "d": 2, "e": 5, "f": 9, "g": 1}
    assert rarest(counts, 7) == set()
    assert rarest(counts, 6) == {"a", "b", "g"}  # 4 left, the low-water mark of 6
    assert rarest(counts, 5) == {"a", "b", "c", "d", "g"}  # 4 would be above 3.75: the next count goes too


def test_a_database_holds_one_embedding_model_and_refuses_another_before_grouping(backend_url):
    store = Store(backend_url)
    assert store.stored_embedding_space() is None
    store.check_embeddings("static-256")
    summary = IngestSummary()
    group_and_store([make(WIRE, "2026-03-02", "Velmar strike")], store, store.load_assigner(StoryAssigner()), summary)
    assert Store(backend_url).stored_embedding_space() == "static-256"

    other = Store(backend_url)
    with pytest.raises(IncompatibleEmbeddings, match=r"holds static \(256-dimension\).*minilm \(384-dimension\)"
                                                     r".*STORYLINE_EMBEDDING=static"):
        other.check_embeddings("minilm-384")
    other.check_embeddings("static-256")

    # an article embedded elsewhere (a worker set up with another model) stops its batch before any is grouped
    stranger = make(OTHER_REPORT, "2026-03-03", "Velmar talks")
    stranger.embedding = numpy.ones(384, dtype="<f4").tobytes()
    assigner = other.load_assigner(StoryAssigner())
    with pytest.raises(IncompatibleEmbeddings, match="Velmar talks: its embedding is 384-dimension"):
        group_and_store([make(UNRELATED, "2026-03-03", "Choir festival"), stranger], other, assigner, summary)
    assert summary.ingested == 1 and other.grouping_steps() == 1


def test_a_database_from_before_the_space_was_recorded_is_known_by_its_vectors(backend_url):
    store = Store(backend_url)
    assigner = store.load_assigner(StoryAssigner())
    first = make(WIRE, "2026-03-02", "Velmar strike")
    store.save_batch([first], {first.id: assigner.assign(first)}, assigner)  # as before: no space recorded
    assert store.stored_embedding_space() == "unrecorded-256"
    with pytest.raises(IncompatibleEmbeddings, match=r"holds 256-dimension embeddings.*minilm \(384-dimension\)"):
        Store(backend_url).check_embeddings("minilm-384")
    Store(backend_url).check_embeddings("static-256")


def test_a_surname_or_a_companys_first_word_alone_is_the_one_named_in_full_but_a_place_stays_a_place():
    from storyline.store import _short_names_as_full_names

    story = {"a1": {"jim jordan": ("Jim Jordan", 2), "jordan": ("Jordan", 1), "renata oakes": ("Renata Oakes", 1),
                    "quillon payments": ("Quillon Payments", 2), "marrowgate university": ("Marrowgate University", 1)},
             "a2": {"jordan": ("Jordan", 4), "oakes": ("Oakes", 3), "quillon": ("Quillon", 2),
                    "marrowgate": ("Marrowgate", 1)}}
    people = {("a1", "jim jordan"), ("a1", "jordan"), ("a1", "renata oakes"), ("a2", "oakes")}  # a2's is the country
    organisations = {("a1", "quillon payments"), ("a1", "marrowgate university"), ("a2", "quillon"),
                     ("a2", "marrowgate")}  # a company by its first word; a city the model took for one
    _short_names_as_full_names(story, people, organisations)
    assert story == {"a1": {"jim jordan": ("Jim Jordan", 3), "renata oakes": ("Renata Oakes", 1),
                            "quillon payments": ("Quillon Payments", 2),
                            "marrowgate university": ("Marrowgate University", 1)},
                     "a2": {"jordan": ("Jordan", 4), "renata oakes": ("Renata Oakes", 3),
                            "quillon payments": ("Quillon Payments", 2), "marrowgate": ("Marrowgate", 1)}}


SEARCHED = [  # (headline, body): words placed so each operator decides
    ("Velmar strike talks", "Dock workers in Velmar met negotiators on Monday. Ilse Marrow chaired the talks."),
    ("Kessa garden glasshouse", "Curator Marrow Ilse opened the glasshouse; Velmar visitors came by ferry."),
    ("Velmar ferry timetable", "The covid-19 rules ended and the ferry timetable changed on Monday."),
    ("Harbour report", "The port authority published its report on the harbour dredging on Friday."),
]


@pytest.mark.parametrize("box, headlines", [
    ('"Ilse Marrow"', {"Velmar strike talks"}),  # a phrase: its words in a row, not anywhere
    ("Ilse Marrow", {"Velmar strike talks", "Kessa garden glasshouse"}),
    ("“Ilse Marrow”", {"Velmar strike talks"}),  # a phone's curly quotes
    ("glasshouse OR dredging", {"Kessa garden glasshouse", "Harbour report"}),
    ("Velmar -ferry", {"Velmar strike talks"}),
    ('Velmar -"ferry timetable"', {"Velmar strike talks", "Kessa garden glasshouse"}),
    ("negotiat*", {"Velmar strike talks"}),  # a beginning cut inside "-ation", as the stems are
    ("glassh*", {"Kessa garden glasshouse"}),
    ("covid-19", {"Velmar ferry timetable"}),
    ('"the"', {headline for headline, _ in SEARCHED}),  # a word the text search leaves out is still looked for
    ("-Velmar", set()),  # nothing to look for
    ("Velmar -ferry OR dredging", set()),  # an OR after an exclusion widens neither side
    ("negotiator*", {"Velmar strike talks"}),
    ("title:Velmar OR body:ferry", set()),  # the databases' own operators are words here
    ("NEAR(Velmar Monday)", set()),
])
def test_search_reads_phrases_alternatives_exclusions_and_beginnings_on_both_backends(backend_url, box, headlines):
    store = Store(backend_url)
    assigner = store.load_assigner(StoryAssigner())
    batch = [make(body, "2026-03-02", title) for title, body in SEARCHED]
    store.save_batch(batch, {article.id: assigner.assign(article) for article in batch}, assigner)
    found, total = store.query_articles(q=box, limit=10)
    assert {article["title"] for article in found} == headlines and total == len(headlines), box


def test_a_family_name_written_first_finds_its_people_and_a_name_s_tail_is_the_person_named_in_full(tmp_path):
    from storyline.model import Entity
    from storyline.store import AmbiguousName

    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    assigner = store.load_assigner(StoryAssigner())
    named = {
        "envoy": (WIRE, ("Harold Kim", "Kim Chol-su", "Mori Akiko"), ()),
        "missile": (OTHER_REPORT, ("Kim Yo-rim", "Klaus von Ahlen", "Von Ahlen"), ("Washington",)),
        "garden": (UNRELATED, ("Lene Dahl", "Kim", "George Washington", "Sarah Jessica Parker", "Jessica Parker"),
                   ()),
    }
    articles = []
    for title, (text, people, places) in named.items():
        article = make(text, "2026-03-02", title, people)
        article.entities += [Entity(text=p, label="GPE", canonical=p, start=0, end=0) for p in places]
        articles.append(article)
    store.save_batch(articles, {a.id: assigner.assign(a) for a in articles}, assigner)
    assert store.entity_keys_named("Kim") == ["harold kim", "kim chol su", "kim yo rim"]
    with pytest.raises(AmbiguousName):
        store.query_stories(entity="Kim")
    assert store.entity_keys_named("Mori") == ["mori akiko"]
    assert store.entity_keys_named("Mr Harold Kim") == ["harold kim"]  # a title typed before a name
    assert store.entity_keys_named("Dr Dahl") == ["lene dahl"]
    assert store.entity_keys_named("Akiko") == ["mori akiko"]  # a given name written last is read as a surname
    assert store.entity_keys_named("Ahlen") == store.entity_keys_named("von Ahlen") == ["klaus von ahlen"]
    assert store.entity_keys_named("Washington") == ["washington"]  # the place, not George Washington
    assert store.entity_keys_named("Jessica Parker") == ["jessica parker"]  # a person of her own
    assert store.entity_keys_named("Parker") == ["jessica parker", "sarah jessica parker"]
    mori, _ = store.query_stories(entity="Mori")
    assert [s.id for s in mori] == [articles[0].story]
    # typed without its accents, a name is the stored one that has them
    accented = make(DAY_ONE_REPORT, "2026-03-03", "sanctions", ("Szabó Gergely", "Ana María García Márquez"))
    store.save_batch([accented], {accented.id: assigner.assign(accented)}, assigner)
    assert store.entity_keys_named("Szabo") == store.entity_keys_named("Szabó") == ["szabó gergely"]
    assert store.entity_keys_named("Garcia Marquez") == ["ana maría garcía márquez"]
    assert store.entity_keys_named("Szabi") == []
    # one person, spelled with and without her accents by two outlets: one, found whichever way it is typed
    plain = make(OTHER_REPORT, "2026-03-04", "debate", ("Ines da Costa",))
    store.save_batch([plain], {plain.id: assigner.assign(plain)}, assigner)
    dressed = make(UNRELATED, "2026-03-05", "poll", ("Inês da Costa",))
    store.save_batch([dressed], {dressed.id: assigner.assign(dressed)}, assigner)
    for typed in ("da Costa", "Ines da Costa", "Inês da Costa"):
        found, _ = store.query_stories(entity=typed)
        assert {s.id for s in found} == {plain.story, dressed.story}, typed
    # an organisation named by its initials in one article and in full in another is one, however it is typed
    initials, in_full = make(OTHER_REPORT, "2026-03-06", "party", ()), make(UNRELATED, "2026-03-07", "movement", ())
    initials.entities = [Entity(text="UPM", label="ORG", canonical="UPM", start=0, end=0)]
    in_full.entities = [Entity(text="Unity and Progress Movement", label="ORG",
                               canonical="Unity and Progress Movement", start=0, end=0)]
    for article in (initials, in_full):
        store.save_batch([article], {article.id: assigner.assign(article)}, assigner)
    for typed in ("UPM", "Unity and Progress Movement"):
        found, _ = store.query_stories(entity=typed)
        assert {s.id for s in found} == {initials.story, in_full.story}, typed
    assert store.entity_keys_named("UPM") == ["upm"] and store.entity_keys_named("UaPM") == []
    named_in_full = make(DAY_ONE_REPORT, "2026-03-08", "league", ())
    named_in_full.entities = [Entity(text="Green Rural League", label="ORG", canonical="Green Rural League",
                                     start=0, end=0)]
    store.save_batch([named_in_full], {named_in_full.id: assigner.assign(named_in_full)}, assigner)
    assert store.entity_keys_named("GRL") == ["green rural league"]


def test_a_database_of_the_last_release_gets_its_quotes_speaker_mentions_and_cues(backend_url):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from storyline.store import MIGRATIONS

    store = Store(backend_url)
    assigner = store.load_assigner(StoryAssigner())
    article = make(WIRE, "2026-03-02", "Velmar strike")
    article.quotes = [Quote("We stay out", "Tomas Varga", "the union's leader", "direct", "told", 1, 12)]
    store.save_batch([article], {article.id: assigner.assign(article)}, assigner)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0014")
        assert "speaker_mention" not in {c for c in connection.execute(text("SELECT * FROM article_quotes")).keys()}
    store.migrate()
    rows, _ = store.query_quotes()
    assert [(r["speaker"], r["speaker_mention"], r["cue"]) for r in rows] == [("Tomas Varga", "the union's leader",
                                                                              "told")]


def test_an_outlet_is_found_by_the_name_its_site_s_address_gives_it(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    assigner = store.load_assigner(StoryAssigner())
    article = make(WIRE, "2026-03-02", "strike", ())
    article.outlet = "news.radiodalvoria.example"
    store.save_batch([article], {article.id: assigner.assign(article)}, assigner)
    assert store.outlet_named("radio-dalvoria") == store.outlet_named("Radio Dalvoria") == article.outlet
    assert store.outlet_named("dalvoria") is None and store.outlet_named("example") is None


def test_a_short_name_the_stemmer_reads_as_a_common_word_is_searched_as_written(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    assigner = store.load_assigner(StoryAssigner())
    named = make("Ines da Costa voted in her home town of Kessel with her husband on Sunday morning.", "2026-10-04",
                 "vote", ())
    other = make("Marrick FC won 3-1 in the second round, with two goals in the first half from their striker.",
                 "2026-10-03", "football", ())
    for article in (named, other):
        store.save_batch([article], {article.id: assigner.assign(article)}, assigner)
    found, _ = store.query_stories(q="Ines")
    assert [s.id for s in found] == [named.story]
    found, _ = store.query_stories(q="Inês")  # accents aside
    assert [s.id for s in found] == [named.story]
    found, _ = store.query_stories(q="second round")
    assert [s.id for s in found] == [other.story]
