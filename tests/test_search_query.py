"""The search box's language, parsed the same for every database."""

from __future__ import annotations

from storyline.store.search import MAX_SEARCH_WORDS, SearchQuery, Term, fts5_expression, parse_search


def test_words_phrases_alternatives_exclusions_and_beginnings():
    query = parse_search('"Sung Kim" talks OR dialogue -"Kim Jong Un" -missile negotiat* 6.2')
    assert query == SearchQuery(
        required=((Term('Sung Kim', ("Sung", "Kim")),), (Term("talks", ("talks",)), Term("dialogue", ("dialogue",))),
                  tuple(Term(b, (b,), prefix=True) for b in ("negotiat", "negotia", "negoti")),
                  (Term("6.2", ("6.2",)),)),
        excluded=(Term("Kim Jong Un", ("Kim", "Jong", "Un")), Term("missile", ("missile",))))
    assert fts5_expression(query) == ('(("Sung Kim") AND ("talks" OR "dialogue") AND ("negotiat"* OR "negotia"* OR '
                                      '"negoti"*) AND ("6.2")) NOT ("Kim Jong Un" OR "missile")')


def test_anything_else_is_words_and_never_the_databases_syntax():
    for box, words in (("NEAR(a b)", ["NEAR", "a", "b"]), ("title:x OR body:y", ["title", "x", "body", "y"]),
                       ("x' OR '1'='1", ["x", "1", "1"]), ('say "it', ["say", "it"]),
                       ("or and not", ["or", "and", "not"]),
                       ("a*", ["a"]), ("*", []), ('""', []), ("OR", []), ("Velmar _", ["Velmar"]),
                       ("snake_case", ["snake", "case"])):
        assert parse_search(box).words == words, box
    assert fts5_expression(parse_search('x" OR body:"y')) == '("x" OR "body y")'  # quotes inside words


def test_a_query_of_exclusions_alone_looks_for_nothing_and_a_long_box_is_cut():
    assert parse_search("-strike -port").required == ()
    long_box = " ".join(f"word{i}" for i in range(50))
    assert len(parse_search(long_box).words) == MAX_SEARCH_WORDS


def test_an_or_after_an_exclusion_widens_nothing_and_a_cut_phrase_is_searched_cut():
    assert parse_search("police -xyzzy OR the") == SearchQuery(
        required=((Term("police", ("police",)),), (Term("the", ("the",)),)), excluded=(Term("xyzzy", ("xyzzy",)),))
    words = " ".join(f"w{i}" for i in range(25))
    (phrase,), = parse_search(f'"{words}"').required
    assert len(phrase.words) == MAX_SEARCH_WORDS and phrase.text == " ".join(phrase.words)


def test_a_beginning_is_also_looked_for_shorter_as_the_stems_are():
    assert [t.text for t in parse_search("presiden*").required[0]] == ["presiden", "preside", "presid"]
    assert [t.text for t in parse_search("cancel*").required[0]] == ["cancel"]  # never "cance", "cancer"'s
