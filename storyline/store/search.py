"""The search box's language, as news archives and web search engines speak it.

Every word is looked for; ``"Sung Kim"`` (straight or curly quotes) is a phrase, its words in a row; ``OR``
(in capitals) between two terms takes either; ``-word`` or ``-"a phrase"`` leaves out the articles that hold
it; ``negotiat*`` is a word's beginning. Anything else is a word: ``NEAR(a b)`` or ``title:x`` are words
here, not the database's operators. A word run together with others by punctuation (``covid-19``,
``U.S.``) is a phrase of its pieces, as the databases read the texts; a figure is whole ("6.2").

One parse serves each database: FTS5's MATCH expression on SQLite, PostgreSQL's own tsquery (with the words
it leaves out looked for as written), and a LIKE condition where neither applies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import and_, func, not_, or_, select

from storyline.annotate.entities import without_accents

MAX_SEARCH_WORDS = 20  # of a search box: the rest are not looked for
MAX_SEARCH_CHARS = 2000  # a search box pasted from a lead paragraph is read (its first words); past this, refused
_TOKEN = re.compile(r'(-?)[“"]([^”"]*)[”"]?|(\S+)')
_WORD = re.compile(r"\d+(?:[.,]\d+)+|[^\W_]+")  # "6.2" one figure: FTS5 reads it "6" "2" in a row; "_" no word
_PREFIX = re.compile(r"(\w{2,})\*+")  # one word's beginning, two letters at least: "a*" would match half the index
# both databases index stems ("president" as "presid", "negotiation" as "negoti") and stem a typed beginning
# too, which leaves "presiden" as it is: a beginning is also looked for one and two letters shorter while six
# remain, and one cut inside "-ation" without it
_CUT_SUFFIX = re.compile(r"(?<=\w{5})ati?o?$")
_SHORTER_BEGINNING = 6


def _beginnings(word: str) -> list[str]:
    shorter = [word[:-cut] for cut in (1, 2) if len(word) - cut >= _SHORTER_BEGINNING]
    return list(dict.fromkeys([word, *shorter, _CUT_SUFFIX.sub("", word)]))


@dataclass(frozen=True)
class Term:
    """A word, a phrase or a word's beginning: ``text`` as typed (for PostgreSQL's parser, which reads it
    as it read the articles), ``words`` as FTS5 and LIKE look for them, in a row."""

    text: str
    words: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class SearchQuery:
    """Articles that hold, for every group of ``required``, one of its terms, and none of ``excluded``."""

    required: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...] = ()

    @property
    def words(self) -> list[str]:
        return [word for group in self.required for term in group for word in term.words]


def parse_search(box: str) -> SearchQuery:
    """The search box read as terms. A query of exclusions alone has nothing to look for. U+FFFD, a character
    that could not be read (a NUL the server was sent), parts words as a space does."""
    box = box.replace("\ufffd", " ")
    required: list[list[Term]] = []
    excluded: list[Term] = []
    last_required = False
    either = False  # the last token was OR, after a term looked for
    budget = MAX_SEARCH_WORDS
    for match in _TOKEN.finditer(box):
        negated, phrase, bare = match.group(1) == "-", match.group(2), match.group(3)
        if bare == "OR":
            either = last_required
            continue
        if bare is not None:
            negated = bare.startswith("-") and len(bare) > 1
            bare = bare[1:] if negated else bare
        typed = phrase if phrase is not None else bare
        every_word = _WORD.findall(typed)
        prefix = phrase is None and _PREFIX.fullmatch(typed) is not None and len(every_word) == 1
        words = tuple(every_word[:budget])
        if not words:
            continue
        budget -= len(words)
        terms = [Term(text=typed if len(words) == len(every_word) else " ".join(words), words=words)]
        if prefix:
            terms = [Term(text=beginning, words=(beginning,), prefix=True) for beginning in _beginnings(words[0])]
        if negated:
            excluded.extend(terms)
        elif either:
            required[-1].extend(terms)
        else:
            required.append(terms)
        either, last_required = False, not negated
        if budget <= 0:
            break
    return SearchQuery(tuple(tuple(group) for group in required), tuple(excluded))


# words a stem of a short name may fall to ("Ines" is stemmed "in", as "in" is): such a name is also looked
# for as written
_STOPWORD_STEMS = frozenset("a an in on at is it to of be as by or no so we he us do go if me my".split())


def stemmed_to_a_stopword(word: str) -> bool:
    """A word the stemmer may cut to a stopword: "Ines" (in), "Ona's"; not the stopword itself."""
    lowered = _folded(word)
    if lowered in _STOPWORD_STEMS or not lowered.isalpha():
        return False
    cut = lowered[:-1] if lowered.endswith("s") else lowered
    return any(stem in _STOPWORD_STEMS for stem in (cut, cut[:-1] if cut.endswith("e") else cut))


def written_terms(query: SearchQuery) -> list[Term]:
    """The required one-word terms that must also stand in the text as written (``stemmed_to_a_stopword``)."""
    return [group[0] for group in query.required
            if len(group) == 1 and len(group[0].words) == 1 and not group[0].prefix
            and stemmed_to_a_stopword(group[0].words[0])]


def holds_word(text: str | None, word: str) -> bool:
    """SQLite's ``storyline_holds_word``: ``word`` stands in ``text`` as a word, case and accents aside."""
    if not text:
        return False
    folded = _folded(text)
    return re.search(rf"(?<!\w){re.escape(_folded(word))}(?!\w)", folded) is not None


def _folded(text: str) -> str:
    return without_accents(text.casefold())


def _fts5_term(term: Term) -> str:
    return '"' + " ".join(term.words).replace('"', '""') + '"' + ("*" if term.prefix else "")


def fts5_expression(query: SearchQuery) -> str:
    """The MATCH expression of SQLite's FTS5: every term a quoted string, so none of its syntax is the user's."""
    groups = " AND ".join("(" + " OR ".join(_fts5_term(term) for term in group) + ")" for group in query.required)
    if query.excluded:
        return f"({groups}) NOT (" + " OR ".join(_fts5_term(term) for term in query.excluded) + ")"
    return groups


def _tsquery(term: Term):
    if term.prefix:  # the word is letters alone (``_PREFIX``), so ":*" is the only syntax to_tsquery sees
        return func.to_tsquery("english", term.text + ":*")
    return func.phraseto_tsquery("english", term.text)


def term_nodes(query: SearchQuery):
    """A row of each term's tsquery size in nodes (``terms`` order): what PostgreSQL's parser keeps of it."""
    return select(*(func.numnode(_tsquery(term)) for term in terms(query)))


def terms(query: SearchQuery) -> list[Term]:
    return list(dict.fromkeys([*(term for group in query.required for term in group), *query.excluded]))


def postgres_condition(query: SearchQuery, vector, searchable, nodes: dict[Term, int]):
    """The search as PostgreSQL's text search on ``vector``. A term its parser reads only in part (words it
    leaves out, as "her", or "the" of "the depot"; FTS5 leaves out none) is also looked for as written in
    ``searchable``, whole words in a row: "her" is not in "other". ``nodes``: each term's ``term_nodes``."""
    def holds(term: Term):
        search = vector.bool_op("@@")(_tsquery(term))
        if nodes[term] == (1 if term.prefix else 2 * len(term.words) - 1):  # every word kept, one node each
            return search
        pattern = r"\m" + r"\W+".join(map(re.escape, term.words)) + ("" if term.prefix else r"\M")
        written = searchable.bool_op("~*")(pattern)
        return written if nodes[term] == 0 else and_(search, written)

    condition = and_(*(or_(*(holds(term) for term in group)) for group in query.required))
    if query.excluded:
        condition = and_(condition, not_(or_(*(holds(term) for term in query.excluded))))
    return condition


def like_condition(query: SearchQuery, searchable, escape) -> object:
    """The search as LIKE patterns on ``searchable`` (case aside): a phrase's words in order ("it's": "it", "s")."""
    def holds(term: Term):
        return searchable.ilike("%" + "%".join(map(escape, term.words)) + "%", escape="\\")

    condition = and_(*(or_(*(holds(term) for term in group)) for group in query.required))
    if query.excluded:
        condition = and_(condition, not_(or_(*(holds(term) for term in query.excluded))))
    return condition
