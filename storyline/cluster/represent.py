"""What tells events apart: TF-IDF content terms with incrementally kept document
frequencies, plus the article's people, places and organisations."""

from __future__ import annotations

import math
import re
from collections import Counter
from itertools import islice
from operator import itemgetter, mul

from storyline.annotate.entities import entity_key
from storyline.bounded import prune
from storyline.model import Article
from storyline.outlets import outlet_self_names, squash_name

_TOKEN = re.compile(r"[a-z][a-z'’-]{2,}")
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:,\d{3})*(?:\.\d+)?(?![\w]|[.,]\d)")
_YEAR = re.compile(r"(?<![\d.,:/-])(19[5-9]\d|20[0-4]\d)(?![\d.,:/-]?\d)")  # 1950-2049, not part of a longer number
STOPWORDS = frozenset(
    """about above after again against all also although among and any are around because been before being
    below between both but can could did does doing down during each even ever every few for from further
    had has have having her here hers herself him himself his how however into its itself just least less
    like made make many may might more most much must near neither never next nor not now off once only
    onto other others our ours out over own per perhaps rather said same says she should since some still
    such than that the their theirs them themselves then there these they this those though through thus
    too toward towards under until upon very was were what whatever when where whether which while who
    whom whose why will with within without would yet you your yours also told tell one two three new
    year years week weeks day days time monday tuesday wednesday thursday friday saturday sunday
    according added say saying get got make people percent back well""".split()
)
TITLE_WEIGHT = 2.0
ENTITY_WEIGHT = 1.5
MAX_TERMS = 80
MAX_VOCABULARY = 250_000  # document frequencies kept (about 30 MB)
_TERM_FREQUENCY = {count / 2: 1.0 + math.log(count / 2) for count in range(1, 64)}  # counts are mostly small halves
_LOG_SIZE = 1 << 14
_LOG = [0.0] + [math.log(n) for n in range(1, _LOG_SIZE)]  # log(df + 1), looked up: every article weighs hundreds


class TermStatistics:
    """Document frequencies, updated one article at a time (online IDF).

    log(df + 1) is looked up in a table (``_log_count``), so an article's IDFs
    cost one dictionary read each, and weighing an article and counting it
    (``weigh_and_observe``) is one pass over its terms. At most ``bound``
    terms are kept: past it the rarest go (``storyline.bounded``), so the table
    does not grow with every new name or typo of a long run; a dropped term
    counts as unseen, the highest IDF, which is what it nearly had.
    """

    def __init__(self, documents: int = 0, frequencies: dict[str, int] | None = None, bound: int = MAX_VOCABULARY):
        self.documents = documents
        self.bound = bound
        self.frequencies: Counter[str] = Counter(frequencies or {})
        self.changed: set[str] = set()
        self.removed: set[str] = set()

    def idf(self, term: str) -> float:
        return math.log(self.documents + 1) - _log_count(self.frequencies.get(term, 0) + 1) + 1.0

    def observe(self, terms: set[str]) -> None:
        frequencies, known = self.frequencies, self.frequencies.get
        for term in terms:
            frequencies[term] = known(term, 0) + 1  # get, not Counter's missing-key hook: most terms are rare
        self._observed(terms)

    def _observed(self, terms) -> None:
        """One more document, whose ``terms`` are counted already: note them, and keep within the bound."""
        self.documents += 1
        self.changed.update(terms)
        self.frequencies, dropped = prune(self.frequencies, self.bound)
        if dropped:
            self.changed -= dropped
            self.removed |= dropped

    def clear_changes(self) -> None:
        self.changed.clear()
        self.removed.clear()


def _log_count(count: int) -> float:
    """log(count), looked up for the counts most terms have."""
    return _LOG[count] if count < _LOG_SIZE else math.log(count)


def article_terms(article: Article) -> dict[str, float]:
    """The article's term counts: those its worker counted, else counted now."""
    return article.term_counts if article.term_counts is not None else _count_terms(article)


def _count_terms(article: Article) -> Counter[str]:
    """Raw term counts: body words, title words (weighted), years ("y:") and figures ("n:") named, and entity
    names ("e:") other than the outlet's own."""
    counts: Counter[str] = Counter()
    for word in _TOKEN.findall(article.body.lower()):
        word = word.strip("'’-")
        if word not in STOPWORDS and len(word) > 2:
            counts[word] += 1.0
    for word in _TOKEN.findall((article.title or "").lower()):
        word = word.strip("'’-")
        if word not in STOPWORDS and len(word) > 2:
            counts[word] += TITLE_WEIGHT
    text = f"{article.title or ''} {article.body}"
    for year in _YEAR.findall(text):
        counts["y:" + year] += 1.0  # the years an article names tell this year's event from last year's
    for number in _NUMBER.findall(text):  # this week's figure from last week's, a toll, an age, a magnitude
        value = number.replace(",", "")
        if "." in value:
            value = value.rstrip("0").rstrip(".")
        if not _YEAR.fullmatch(value):
            counts["n:" + value] += 1.0
    own_names = outlet_self_names(article.outlet, article.url)
    for entity in article.entities:
        key = entity_key(entity.canonical, entity.label)
        # an outlet naming itself ("told Civic Pulse", a credit line) says who reported, not what happened
        if key and squash_name(key) not in own_names:
            counts["e:" + key] += ENTITY_WEIGHT
    return counts


def count_terms(articles: list[Article]) -> list[Article]:
    """Set ``term_counts`` on every article with text (pure: runs in worker processes)."""
    for article in articles:
        if article.status == "ok":
            article.term_counts = dict(_count_terms(article))
    return articles


def weigh(counts: dict[str, float], statistics: TermStatistics, limit: int = MAX_TERMS) -> dict[str, float]:
    """L2-normalised TF-IDF vector of the ``limit`` heaviest terms, heaviest first (see ``leading``)."""
    return weigh_and_observe(counts, statistics, observe=False, limit=limit)


def weigh_and_observe(counts: dict[str, float], statistics: TermStatistics, observe: bool = True,
                      limit: int = MAX_TERMS) -> dict[str, float]:
    """``weigh`` the article's terms by the document frequencies before it, then (``observe``) count it as
    a document: one pass over its terms, where weighing and counting apart took two."""
    log, table, size, term_frequency = math.log, _LOG, _LOG_SIZE, _TERM_FREQUENCY.get
    frequencies = statistics.frequencies
    known = frequencies.get
    base = math.log(statistics.documents + 1) + 1.0  # idf = base - log(df + 1), as TermStatistics.idf
    weights = {}
    for term, count in counts.items():
        df = known(term, 0)
        if count > 0:
            weights[term] = (term_frequency(count) or 1.0 + log(count)) * (
                base - (table[df + 1] if df + 1 < size else log(df + 1)))  # _log_count(df + 1), inlined
        if observe:
            frequencies[term] = df + 1
    if observe:
        statistics._observed(counts.keys())
    top = heaviest(weights, limit)
    norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
    return {term: w / norm for term, w in top}


def heaviest(weights: dict[str, float], limit: int) -> list[tuple[str, float]]:
    """The ``limit`` heaviest (term, weight) pairs, ties broken by term."""
    if len(weights) > 2 * limit:  # most of the terms go: select in linear time, sort only what stays
        cut = sorted(weights.values(), reverse=True)[limit - 1]  # a C sort: heapq.nlargest loops in Python
        kept = [term for term, weight in weights.items() if weight > cut]
        tied = sorted(term for term, weight in weights.items() if weight == cut)
        terms = sorted(kept + tied[:limit - len(kept)])
    else:
        terms = sorted(weights)  # strings sort faster alone than in (term, weight) pairs
    # by term, then stably by weight: the order of sorting by (-weight, term), without a key call per item
    return sorted(zip(terms, map(weights.__getitem__, terms)), key=itemgetter(1), reverse=True)[:limit]


def leading(vector: dict[str, float], count: int) -> list[tuple[str, float]]:
    """The ``count`` heaviest terms of a vector kept heaviest first (``weigh``, ``add_into``, ``heaviest_first``):
    its first items, with no sort."""
    return list(islice(vector.items(), count))


def heaviest_first(vector: dict[str, float]) -> dict[str, float]:
    """The vector with its terms reordered heaviest first (ties by term), as ``leading`` expects."""
    return dict(heaviest(vector, len(vector)))


def norm(vector: dict[str, float]) -> float:
    weights = vector.values()
    return math.sqrt(sum(map(mul, weights, weights)))


def cosine(vector: dict[str, float], other: dict[str, float]) -> float:
    return cosine_normed(vector, norm(vector), other, norm(other))


def cosine_normed(vector: dict[str, float], vector_norm: float, other: dict[str, float], other_norm: float) -> float:
    """Cosine with both norms already known (a story's profile is compared with many articles)."""
    if not vector_norm or not other_norm:
        return 0.0
    shared = vector.keys() & other.keys()
    if not shared:
        return 0.0
    # fsum is exact, so the result does not depend on the (hash-seeded) order of the shared terms
    return math.fsum([vector[t] * other[t] for t in shared]) / (other_norm * vector_norm)


def add_into(profile: dict[str, float], vector: dict[str, float], limit: int) -> dict[str, float]:
    """Sum of vectors, keeping the ``limit`` heaviest terms, heaviest first (ties broken by term)."""
    merged = dict(profile)
    for term, weight in vector.items():
        merged[term] = merged.get(term, 0.0) + weight
    return dict(heaviest(merged, limit))
