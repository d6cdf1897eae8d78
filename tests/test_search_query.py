"""The search box's language, parsed the same for every database."""

from __future__ import annotations

from storyline.store.search import MAX_SEARCH_WORDS, SearchQuery, Term, fts5_expression, parse_search


def test_words_phrases_alternatives_exclusions_and_beginnings():
    query = parse_search('"Sung Kim" talks OR dialogue -"Kim Jong Un" -missile negotiat* 6.2')
    assert query == SearchQuery(
        required=((Term('Sung Kim', ("Sung", "Kim")),), (Term("talks", ("talks",)), Term("dialogue", ("dialogue",))),
                  (Term("negotiat", ("negotiat",), prefix=True), Term("negoti", ("negoti",), prefix=True)),
                  (Term("6.2", ("6.2",)),)),
        excluded=(Term("Kim Jong Un", ("Kim", "Jong", "Un")), Term("missile", ("missile",))))
    assert fts5_expression(query) == ('(("Sung Kim") AND ("talks" OR "dialogue") AND ("negotiat"* OR "negoti"*) '
                                      'AND ("6.2")) NOT ("Kim Jong Un" OR "missile")')


def test_anything_else_is_words_and_never_the_databases_syntax():
    for box, words in (("NEAR(a b)", ["NEAR", "a", "b"]), ("title:x OR body:y", ["title", "x", "body", "y"]),
                       ("x' OR '1'='1", ["x", "1", "1"]), ('say "it', ["say", "it"]),
                       ("or and not", ["or", "and", "not"]),
                       ("a*", ["a"]), ("*", []), ('""', []), ("OR", [])):
        assert parse_search(box).words == words, box
    assert fts5_expression(parse_search('x" OR body:"y')) == '("x" OR "body y")'  # quotes inside words


def test_a_query_of_exclusions_alone_looks_for_nothing_and_a_long_box_is_cut():
    assert parse_search("-strike -port").required == ()
    long_box = " ".join(f"word{i}" for i in range(50))
    assert len(parse_search(long_box).words) == MAX_SEARCH_WORDS
