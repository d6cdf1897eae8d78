"""Property-based tests (hypothesis): the cleaner loses no word and keeps its order; quotes point into the
text; a bounded table drops its rarest counts; term vectors keep their heaviest terms first; the dense story
index finds what a brute-force search finds; folding copies under their originals shows every article once."""

from __future__ import annotations

import math

import numpy
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.bounded import LOW_WATER, rarest
from storyline.clean.text import strip_boilerplate
from storyline.cluster.assign import _DenseIndex
from storyline.cluster.represent import (MAX_TERMS, TermStatistics, add_into, heaviest, heaviest_first, leading, weigh,
                                         weigh_and_observe)
from storyline.compare import Coverage, folded
from storyline.ingest.decode import decode_text
from storyline.ingest.errors import InputError

BOILERPLATE = ["Share on Facebook", "Share this article", "Accept cookies", "Subscribe to our newsletter",
               "© 2026 Example Media. All rights reserved.", "Advertisement", "Read more:", "Related stories"]
WORDS = ["the", "council", "said", "on", "Tuesday", "that", "harbour", "Marta", "Kowalczyk", "would", "open",
         "“", "”", "\"", "'", "—", "3", "million", "euros", "(", ")", ",", ".", "Port", "Alden", "é", "ß", "日本"]

sentence = st.lists(st.sampled_from(WORDS), min_size=1, max_size=30).map(" ".join)
line = st.one_of(sentence, st.sampled_from(BOILERPLATE), st.text(max_size=80))
page = st.lists(line, max_size=40).map("\n".join)


def words_of(text: str) -> list[str]:
    return text.split()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page, st.booleans())
def test_every_word_of_the_input_is_kept_or_recorded_as_removed(text, whole_page):
    result = strip_boilerplate(text, whole_page=whole_page)
    kept = " ".join([result.title or "", result.body, *(r.text for r in result.removed),
                     result.published or "", result.author or ""])
    kept_words = set(words_of(kept))
    lost = [w for w in words_of(text) if w not in kept_words and w not in kept]
    assert not lost, lost


@settings(max_examples=300, deadline=None)
@given(page)
def test_body_words_come_in_the_input_order(text):
    """The body's characters are a subsequence of the input's: cleaning removes and joins, never reorders."""
    remaining = iter("".join(text.split()))
    body = "".join(strip_boilerplate(text).body.split())
    assert all(ch in remaining for ch in body), (body, text)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_decode_or_get_an_input_error(raw):
    try:
        text = decode_text(raw, "input.txt")
    except InputError as error:
        assert error.source == "input.txt" and error.message
        return
    assert isinstance(text, str)


@pytest.fixture(scope="module")
def nlp():
    from storyline.annotate.nlp import load_nlp

    return load_nlp()


quoted = st.tuples(sentence, st.sampled_from(["said", "told reporters", "added", "insisted"]),
                   st.sampled_from(["Marta Kowalczyk", "she", "the mayor", "officials"]))
statement = st.one_of(
    quoted.map(lambda t: f"“{t[0]},” {t[2]} {t[1]}."),
    quoted.map(lambda t: f"{t[2].capitalize()} {t[1]} that {t[0]}."),
    quoted.map(lambda t: f"{t[2].capitalize()} {t[1]}: “{t[0]}”"),
    sentence.map(lambda s: s + "."),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(statement, min_size=1, max_size=8).map(" ".join))
def test_quotes_are_spans_of_the_text_with_a_known_kind(nlp, text):
    from storyline.annotate.quotes import find_quotes

    doc = nlp(text)
    for quote in find_quotes(doc, []):
        assert quote.kind in {"direct", "partial", "reported"}
        assert 0 <= quote.start < quote.end <= len(text)
        assert text[quote.start:quote.end] == quote.text
        assert quote.content_start <= quote.start and quote.end <= quote.content_end <= len(text)
        if quote.speaker_start is not None:
            assert text[quote.speaker_start:quote.speaker_end] == quote.speaker_mention


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.integers(0, 500), st.integers(1, 8), max_size=120), st.integers(1, 100))
def test_a_full_bounded_table_drops_its_rarest_whole_counts_and_no_more(counts, bound):
    dropped = rarest(counts, bound)
    if len(counts) <= bound:
        assert dropped == set()
        return
    kept = {key: count for key, count in counts.items() if key not in dropped}
    assert len(kept) <= bound * LOW_WATER
    # whole counts, rarest first: every kept key is more frequent than every dropped one
    assert min(kept.values(), default=9) > max(counts[key] for key in dropped)
    # and no more than needed: keeping the most frequent dropped count would leave too many
    top_dropped = max(counts[key] for key in dropped)
    assert len(kept) + sum(1 for key in dropped if counts[key] == top_dropped) > int(bound * LOW_WATER)


terms = st.sampled_from([f"w{i}" for i in range(40)] + [f"e:name {i}" for i in range(10)] + ["y:2024", "n:3"])
weights = st.dictionaries(terms, st.sampled_from([0.25, 0.5, 1.0, 1.5, 2.0, 3.0]), max_size=60)


@settings(max_examples=300, deadline=None)
@given(weights, weights, st.integers(1, 40), st.integers(1, 60))
def test_vectors_and_profiles_keep_their_heaviest_terms_first(first, second, limit, count):
    """The assigner takes a vector's heaviest terms as its first items (no sort): every vector and profile it
    holds must be in heaviest-first order, ties by term, whatever order the terms came in."""
    statistics = TermStatistics()
    for document in (first, second):
        statistics.observe(set(document))
    for vector in (weigh(first, statistics, limit), add_into(first, second, limit), heaviest_first(second)):
        assert leading(vector, count) == heaviest(vector, count)
    restored = heaviest_first(dict(reversed(list(add_into(first, second, limit).items()))))  # as the store reads
    assert list(restored.items()) == list(add_into(first, second, limit).items())


@settings(max_examples=300, deadline=None)
@given(weights, st.integers(1, 40))
def test_heaviest_is_the_sort_by_weight_then_term(vector, limit):
    """``heaviest`` selects and orders without a key call per term; it must equal the plain sort it stands for."""
    assert heaviest(vector, limit) == sorted(vector.items(), key=lambda item: (-item[1], item[0]))[:limit]


counts = st.dictionaries(terms, st.sampled_from([0.5, 1.0, 1.5, 2.0, 3.0, 40.0, 100.5]), max_size=50)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(counts, st.booleans()), max_size=12), st.integers(10, 60))
def test_weighing_and_counting_in_one_pass_equals_weighing_then_counting(documents, bound):
    """An article is weighed by the document frequencies before it, then counted (unless it is a copy), as
    ``weigh`` followed by ``observe`` do; the table's bound prunes the same terms either way."""
    one_pass, two_passes = TermStatistics(bound=bound), TermStatistics(bound=bound)
    for document, counted in documents:
        base = math.log(two_passes.documents + 1) + 1.0
        raw = {term: (1.0 + math.log(count)) * (base - math.log(two_passes.frequencies.get(term, 0) + 1))
               for term, count in document.items()}
        top = sorted(raw.items(), key=lambda item: (-item[1], item[0]))[:MAX_TERMS]
        length = math.sqrt(sum(weight * weight for _, weight in top)) or 1.0
        vector = weigh_and_observe(document, one_pass, observe=counted)
        assert list(vector.items()) == [(term, weight / length) for term, weight in top]
        assert weigh(document, two_passes) == vector
        if counted:
            two_passes.observe(set(document))
        assert (one_pass.documents, one_pass.frequencies, one_pass.changed, one_pass.removed) == (
            two_passes.documents, two_passes.frequencies, two_passes.changed, two_passes.removed)
        for term in document:
            df = one_pass.frequencies.get(term, 0)
            assert one_pass.idf(term) == math.log(one_pass.documents + 1) - math.log(df + 1) + 1.0


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.integers(0, 299)), max_size=400), st.integers(0, 2**32 - 1))
def test_the_dense_index_finds_the_brute_force_nearest_through_puts_removes_and_packs(operations, seed):
    vectors = numpy.random.default_rng(seed).normal(size=(300, 8)).astype(numpy.float32)
    index, live = _DenseIndex(8, capacity=16), {}
    for put, key in operations:
        story = f"s{key:03d}"
        if put:
            index.put(story, vectors[key])
            live[story] = vectors[key]
        else:
            index.remove(story)
            live.pop(story, None)
    query = vectors[0]
    expected = sorted(live, key=lambda story: (-float(live[story] @ query), story))[:5]
    assert index.nearest(query, 5) == expected


# each article's copy_of: None, another article of the story (chains and loops included), or one outside it
copy_links = st.integers(min_value=1, max_value=12).flatmap(
    lambda n: st.lists(st.one_of(st.none(), st.integers(min_value=0, max_value=n - 1), st.just(-1)),
                       min_size=n, max_size=n))


@given(copy_links)
def test_folded_coverage_shows_every_article_once_under_an_original_of_the_story(links):
    ids = [f"a{i}" for i in range(len(links))]
    coverage = [Coverage(article=ids[i], outlet=f"outlet {i % 3}", headline="h", published=None,
                         published_estimate=None, url=None, copy_of=None if link is None else
                         "outside" if link == -1 else ids[link], sentences=1, opinion_sentences=0)
                for i, link in enumerate(links)]
    rows = folded(coverage)
    shown = [row.article for row, _ in rows] + [copy.article for _, copies in rows for copy in copies]
    assert sorted(shown) == sorted(ids)  # none lost, none twice
    by_id = {item.article: item for item in coverage}
    for row, copies in rows:
        for copy in copies:  # a folded copy leads up its chain of copies to its row
            seen, step = set(), copy
            while step.article != row.article:
                assert step.copy_of in by_id and step.article not in seen
                seen.add(step.article)
                step = by_id[step.copy_of]
    assert [row.article for row, _ in rows] == [i for i in ids if i in {row.article for row, _ in rows}]


@given(st.floats(min_value=0, max_value=1))
def test_a_probability_is_never_shown_above_itself_so_a_join_to_check_never_reads_as_at_the_threshold(p):
    from storyline.model import REVIEW_BELOW, probability_text

    shown = probability_text(p)
    assert len(shown) == 4 and float(shown) <= p < float(shown) + 0.01 + 1e-12
    assert float(shown) < REVIEW_BELOW or p >= REVIEW_BELOW
    assert probability_text(0.29) == "0.29" and probability_text(0.6999999) == "0.69" and probability_text(1.0) == "1.00"
