"""Online story assignment and storyline linking.

Each article is decided once, in arrival order, never re-reading the future:

1. a near-copy (MinHash LSH) joins its original's story, marked as a copy;
2. otherwise candidates come from the stories active now (the most recently
   updated ``ACTIVE_STORIES`` within ``ACTIVE_DAYS`` of the newest date seen):
   those sharing the most weight in an inverted index of their heaviest terms,
   and those nearest in embedding space. Each candidate is scored by a logistic
   model over how the article compares with it (content terms, entities,
   embedding against the story's centroid and its closest recent member, the
   gap in days, the story's size) and with the other candidates (margins). The
   article joins the likeliest story above ``JOIN_PROBABILITY``, else starts one;
3. when an article is a likely member of two stories and the two stories are
   likely one, the younger story is merged into the older: recorded, never silent;
4. a new story joins the storyline (a thread over months) whose key entities
   it matches best within ``STORYLINE_WINDOW_DAYS``, else starts one.

All state round-trips through the store, so a restarted run continues exactly
where the last one stopped. The cost per article is bounded by the active set,
not by the number of stories ever seen.
"""

from __future__ import annotations

import hashlib
import heapq
import math
import re
from collections import OrderedDict, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from itertools import islice
from typing import NamedTuple

import numpy

from storyline.cluster.embed import embed_articles, embedding_kind, vector_of
from storyline.cluster.represent import (TermStatistics, add_into, article_terms, cosine_normed, leading, norm,
                                         weigh, weigh_and_observe)
from storyline.dedup import NearDuplicateIndex, fingerprint_articles, signature_values
from storyline.model import NEARLY_JOINED, Article, headline_from_lead
from storyline.outlets import outlet_self_names, squash_name

ACTIVE_STORIES = 4000  # candidates come from the most recently updated stories only
ACTIVE_DAYS = 400  # ... and, for dated articles, from stories updated within this many days of the newest date
# a dated article joins only a story whose span it is within this many days of, the gap (log days) weighed by
# the scorer: a story is one event with its coverage over the next weeks (later reports, an arrest); later
# developments are new stories of its storyline (400 days here suited GVA's incidents, +0.01 B3 there, but
# fused a storyline's distinct events into one story); past it, only a follow-up naming one of the story's days
# joins it (StoryState.days)
STORY_GAP_DAYS = 30
TERM_CANDIDATES = 8
SORT_SHARERS = 400  # up to this many stories sharing terms with an article, a sort finds the heaviest few fastest
DENSE_CANDIDATES = 8
MEMBER_VECTORS = 8  # the latest members a story keeps (id, heaviest terms) to find its closest member
MEMBER_TERMS = 40
PROFILE_TERMS = 150
INDEX_TERMS = 25  # a story is found through its heaviest terms
LOOKUP_TERMS = 30  # ... looked up by the article's heaviest: its light words are common, their postings long
STORY_DAYS = 32  # the days a story keeps: its members' publication days (and the day before) and days they name
LATER_EVENT_DAYS = 7  # see _a_later_event
NEAR_DAYS = 7  # a day named this far ahead is part of the event's unfolding; further, a plan of its own
WIRE_CREDIT_CHARS = 400  # a wire's credit in its dateline, "PELLAM (Lorvane Wire) -", is in the first lines
_CREDIT = re.compile(r"\(([^()\n]{2,60})\)")
DAY_CANDIDATES = 4
STORYLINE_THRESHOLD = 0.15
# one name in common (the city, its police) is a place, not a thread: on GVA, storylines that mix incidents
# fall from 356 to 234, while the seeds (3 names shared) and the examples' threads still link
STORYLINE_SHARED_NAMES = 2
RELINK_SHARED_NAMES = 3  # a grown story names more people, so more by chance: one more name in common to move it
STORYLINE_WINDOW_DAYS = 150
ACTIVE_STORYLINES = 4000  # a new story is linked to the most recently updated storylines only
STORYLINE_INDEX_TERMS = 25

# Logistic model over FEATURES, fitted on the three dev sets at once (one parameter set) by
# bench/fit_story_scorer.py; the script prints these lines.
FEATURES = ("content", "entities", "has_entities", "dense", "log_gap", "dated", "log_size", "terms",
            "dense_member", "dense_margin", "content_margin", "member_margin",
            # headline-and-lead texts (short) weigh the evidence differently from full articles
            "short", "short_content", "short_dense", "short_member", "short_terms", "short_content_margin",
            "term_member", "term_member_margin",
            # who the event is about: the article's heaviest names known to the story, and the story's to the article
            "key_entities", "story_key_entities",
            # how rare the words the article shares with its closest member are: two short texts sharing a few
            # rare names are one event however little else they share
            "shared_rarity", "short_shared_rarity",
            # the year the article names most is not among the years the story names
            "other_year",
            # the article names a day the story happened on or named ("the June 3 shooting"), and does so
            # from beyond STORY_GAP_DAYS: a follow-up weeks or months later that refers back to the event
            "refers_day", "late_refers",
            # the figures named (a toll, an age, this week's claims): some shared, or both name some and none agree
            "shared_numbers", "other_numbers",
            # key names in headline-and-lead texts, which name few: a full article's names tell its event far better
            "short_key_entities", "short_story_key_entities")
COLUMN = {name: index for index, name in enumerate(FEATURES)}
MARGINS = (("dense", "dense_margin"), ("content", "content_margin"), ("dense_member", "member_margin"),
           ("term_member", "term_member_margin"))  # each candidate's value over the best other candidate's
SHORT_FEATURES = (("content", "short_content"), ("dense", "short_dense"), ("dense_member", "short_member"),
                  ("terms", "short_terms"), ("content_margin", "short_content_margin"),
                  ("shared_rarity", "short_shared_rarity"), ("key_entities", "short_key_entities"),
                  ("story_key_entities", "short_story_key_entities"))
_MARGIN_COLUMNS = tuple((COLUMN[value], COLUMN[margin]) for value, margin in MARGINS)
_SHORT_COLUMNS = tuple((COLUMN[value], COLUMN[interaction]) for value, interaction in SHORT_FEATURES)
_SHORT_COLUMN = COLUMN["short"]
SHORT_WORDS = 120
RARITY_SCALE = 30.0  # summed IDFs of shared words, in units of a few rare words
KEY_ENTITIES = 3  # the names that say who and where an event is: the heaviest few of an article or a story
WEIGHTS = (2.39, 0.092, -0.693, -1.16, -1.19, 1.973, -0.601, 2.364, -1.038, 1.185, 6.144, 1.437, -0.167, 1.644, 0.877,
           0.915, 1.146, 2.038, 2.042, 6.03, 0.797, 2.363, 1.471, -1.353, -0.424, 0.593, 5.668, 0.933, -0.679, -0.668,
           -2.835)
BIAS = -2.696
JOIN_PROBABILITY = 0.4
# the same features scored for MiniLM's embeddings (STORYLINE_EMBEDDING=minilm): its cosines spread otherwise, so
# bench/fit_story_scorer.py fits each model's weights on its own vectors
MINILM_WEIGHTS = (0.919, 0.022, -1.134, 0.999, -1.175, 1.825, -0.707, 1.375, 1.34, 1.693, 4.284, 2.67, 0.41, 1.004,
                  1.118, 0.984, 0.736, 0.941, 1.903, 5.137, 0.697, 1.815, 1.529, -1.55, -0.676, 0.744, 5.643, 0.469,
                  -0.776, -0.297, -2.241)
MINILM_BIAS = -4.84
MINILM_JOIN_PROBABILITY = 0.4
SCORERS = {"static": (WEIGHTS, BIAS, JOIN_PROBABILITY),
           "minilm": (MINILM_WEIGHTS, MINILM_BIAS, MINILM_JOIN_PROBABILITY)}
MERGE_PROBABILITY = 0.9
# A story grown to many reports that divide cleanly in two is two events (the first report of a topic's next event
# looks like the last one to every feature, and its later reports follow it; with a dozen reports each side, the
# two show). Measured on ECB+'s shuffles, whose topics hold two events each: see README, Stories.
SPLIT_FROM_REPORTS = 12
SPLIT_UNTIL_REPORTS = 40  # a story this large is settled (and the check's cost stays bounded)
SPLIT_UNTIL_ARTICLES = 80  # ... the cheap gate before its articles are read: copies count here
SPLIT_SEPARATION = 0.07  # mean similarity within the two parts over that across them
SPLIT_SMALLER_PART = 5  # reports, at least, on each side
# headline-and-lead stories (every report short) say less each, and their neighbouring events are many: looked at
# from fewer reports, with parts of two
SHORT_SPLIT_FROM_REPORTS = 6
SHORT_SPLIT_SEPARATION = 0.08
SHORT_SPLIT_SMALLER_PART = 2
SPLIT_REMEMBERED = 2048  # reports' weighed terms and embeddings kept between checks (read from the store again)
# two parts whose reports are dated, on the same days (middle days at most this far apart), are one event unfolding
# (a star checks into one clinic, walks out, checks into another the next day), not two: left whole
SPLIT_SAME_DAYS = 1


@dataclass
class StoryState:
    id: str
    seq: int
    headline: str
    storyline: str | None
    centroid: dict[str, float]
    article_count: int
    first_published: str | None
    last_published: str | None
    embedding: numpy.ndarray | None = field(default=None, compare=False)  # sum of member embeddings
    members: list[list] = field(default_factory=list)  # latest members: [article id, {term: weight}]
    updated: int = 0  # assigner step of the last change: the active set is the latest updated
    merged_into: str | None = None
    days: list[str] = field(default_factory=list)  # the event's days, oldest noted first (STORY_DAYS at most)
    titled: bool = False  # the headline is a report's title, not the lead sentence of an untitled page
    headline_published: str | None = None  # the date of the report whose headline it is
    headline_by: str | None = None  # the article whose headline it is (None: not known, in a database before 0013)
    linked_by_hand: bool = False  # a user put it in its storyline: grouping never moves it to another

    def __eq__(self, other) -> bool:
        if not isinstance(other, StoryState):
            return NotImplemented
        same_embedding = (self.embedding is None and other.embedding is None) or (
            self.embedding is not None and other.embedding is not None
            and numpy.array_equal(self.embedding, other.embedding))
        return same_embedding and all(getattr(self, name) == getattr(other, name) for name in (
            "id", "seq", "headline", "storyline", "centroid", "article_count", "first_published",
            "last_published", "members", "updated", "merged_into", "days", "titled", "headline_published",
            "headline_by", "linked_by_hand"))


@dataclass
class StorylineState:
    id: str
    seq: int
    title: str
    profile: dict[str, float]
    story_count: int
    first_published: str | None
    last_published: str | None
    updated: int = 0  # assigner step of the last story added or extended: the active set is the latest updated


@dataclass
class Merge:
    """Two stories found to be one: ``story`` was folded into ``into`` when ``article`` arrived."""

    story: str
    into: str
    article: str
    probability: float


@dataclass
class Split:
    """A story found to be two events: when ``article`` arrived, ``articles`` (the later event's reports, with
    their copies) left ``story`` for the new story ``into``. ``separation``: how much more alike each part's
    reports are among themselves than across the parts (mean cosine)."""

    story: str
    into: str
    article: str
    separation: float
    articles: list[str]


@dataclass
class Move:
    """A correction by hand: ``article`` was moved from ``from_story`` to ``to_story`` (made for it when
    ``new_story``); a copy moves with its original."""

    article: str
    from_story: str
    to_story: str
    new_story: bool = False
    note: str | None = None


@dataclass
class Relink:
    """A correction by hand: ``story`` was moved from storyline ``from_storyline`` to ``to_storyline`` (made for
    it when ``new_storyline``)."""

    story: str
    from_storyline: str
    to_storyline: str
    new_storyline: bool = False
    note: str | None = None


@dataclass
class Decision:
    """What the assigner decided for one article (kept for reports and tests)."""

    article_id: str
    story: str | None
    storyline: str | None
    duplicate_of: str | None = None
    new_story: bool = False
    near_duplicate: bool = False  # a copy of a stored body (it or the copy it replaced as earliest is linked)
    similarity: float = 0.0  # the probability the article belongs to its story (1.0 for a copy)
    nearest: str | None = None  # of an article that began a story: the story it nearly joined (NEARLY_JOINED)
    nearest_probability: float | None = None
    signature: bytes | None = field(default=None, repr=False)  # the body's MinHash, stored for later runs
    merged: list[Merge] = field(default_factory=list)


@dataclass
class Candidate:
    story: StoryState
    features: list[float]
    probability: float = 0.0


class StoredRecords(dict):
    """Stories (or storylines) by id: the ones in use held in memory, any other read back from the store.

    An assigner restored from a store holds its active stories and storylines and those changed in the
    current batch; after each committed batch ``release`` lets the rest go. Looking one up (``[]``, ``in``)
    reads it back, so decisions never depend on what happens to be held, and memory stays flat however
    many stories a run has seen.
    """

    def __init__(self, load):
        super().__init__()
        self._load = load

    def __missing__(self, key: str):
        record = self._load(key)
        if record is None:
            raise KeyError(key)
        self[key] = record
        return record

    def __contains__(self, key) -> bool:
        if dict.__contains__(self, key):
            return True
        try:
            self[key]
        except KeyError:
            return False
        return True

    def release(self, keep) -> None:
        for key in [key for key in self if key not in keep]:
            del self[key]


@dataclass
class StoryAssigner:
    """Assigns articles to stories and stories to storylines, online.

    Parameters are plain values with documented defaults; state is loaded with
    ``restore`` and read back with the ``changed_*`` sets after each batch.
    """

    join_probability: float = JOIN_PROBABILITY
    merge_probability: float = MERGE_PROBABILITY
    storyline_threshold: float = STORYLINE_THRESHOLD
    storyline_window_days: int = STORYLINE_WINDOW_DAYS
    weights: tuple[float, ...] = WEIGHTS
    bias: float = BIAS
    statistics: TermStatistics = field(default_factory=TermStatistics)
    stories: dict[str, StoryState] = field(default_factory=dict)
    storylines: dict[str, StorylineState] = field(default_factory=dict)
    duplicates: NearDuplicateIndex = field(default_factory=NearDuplicateIndex)
    originals: dict[str, str | None] = field(default_factory=dict)  # article -> its original (None if itself)
    copies: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # original -> its copies
    published: dict[str, str | None] = field(default_factory=dict)  # copies' publication dates, to find the earliest
    outlets: dict[str, str | None] = field(default_factory=dict)  # ... and outlets, to find a wire's own report
    urls: dict[str, str | None] = field(default_factory=dict)  # ... and addresses, to find a page's later version
    relinked: set[str] = field(default_factory=set)  # stored articles whose original changed in this batch
    article_story: dict[str, str] = field(default_factory=dict)
    changed_stories: set[str] = field(default_factory=set)
    changed_storylines: set[str] = field(default_factory=set)
    merges: list[Merge] = field(default_factory=list)  # merges of this batch, for the store
    splits: list[Split] = field(default_factory=list)  # ... and splits
    steps: int = 0
    newest: str | None = None  # the latest publication date seen
    story_seq: int = 0  # stories and storylines made so far (not all of them are held: see StoredRecords)
    storyline_seq: int = 0
    _member_vectors: dict[str, numpy.ndarray] = field(default_factory=dict)  # embeddings of stories' members
    _active: OrderedDict[str, None] = field(default_factory=OrderedDict)
    _index: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    _day_index: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # day -> active stories
    _indexed_days: dict[str, set[str]] = field(default_factory=dict)
    _indexed_terms: dict[str, set[str]] = field(default_factory=dict)
    _dense: "_DenseIndex | None" = None
    _storyline_index: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    _storyline_terms: dict[str, set[str]] = field(default_factory=dict)
    _active_storylines: OrderedDict[str, None] = field(default_factory=OrderedDict)
    _storyline_norms: dict[str, float] = field(default_factory=dict)
    _profiles: dict[str, "_Profile"] = field(default_factory=dict)
    _member_norms: dict[str, float] = field(default_factory=dict)
    _report_vectors: OrderedDict[str, _Report] = field(default_factory=OrderedDict)  # see split_two_events

    @classmethod
    def for_embeddings(cls, kind: str | None = None) -> StoryAssigner:
        """An assigner scoring with the weights fitted on ``kind``'s embeddings ("static" or "minilm"; by default
        the model this run embeds with, embed.embedding_kind)."""
        weights, bias, join_probability = SCORERS[kind or embedding_kind()]
        return cls(weights=weights, bias=bias, join_probability=join_probability)

    # --- state -----------------------------------------------------------------
    def restore(self, stories, storylines, signatures, documents: int, frequencies: dict[str, int],
                member_vectors: dict[str, bytes] | None = None, steps: int = 0, newest: str | None = None,
                story_seq: int = 0, storyline_seq: int = 0) -> None:
        """Load state saved by the store: story and storyline states (at least the active ones), per article
        (id, story id, duplicate_of, signature bytes, published, outlet) in arrival order (at least those the
        near-duplicate index holds), members' embeddings, and how many stories and storylines were made."""
        self.statistics = TermStatistics(documents, frequencies, self.statistics.bound)
        self.steps, self.newest = steps, newest
        self.story_seq = max([story_seq] + [story.seq for story in stories])
        self.storyline_seq = max([storyline_seq] + [storyline.seq for storyline in storylines])
        for article_id, data in (member_vectors or {}).items():
            self._member_vectors[article_id] = vector_of(data)
        for story in sorted(stories, key=lambda s: (s.updated, s.seq)):
            self.stories[story.id] = story
            if story.merged_into is None:
                self._activate(story)
        for storyline in sorted(storylines, key=lambda s: (s.updated, s.seq)):
            self.storylines[storyline.id] = storyline
            if storyline.profile:  # the profile is dropped when a storyline leaves the active set
                self._activate_storyline(storyline, evict=False)
        for article_id, story_id, duplicate_of, signature, published, outlet, *url in signatures:
            if signature:  # only articles the near-duplicate index holds can be found as an original
                self._link_article(article_id, story_id, duplicate_of, published, signature_values(signature), outlet,
                                   url[0] if url else None)
        self.clear_changes()

    def clear_changes(self) -> None:
        """The batch is committed: forget what changed, and let go of the records the store now holds."""
        self.changed_stories.clear()
        self.changed_storylines.clear()
        self.statistics.clear_changes()
        self.relinked.clear()
        self.merges.clear()
        self.splits.clear()
        if isinstance(self.stories, StoredRecords):
            self.stories.release(self._active)
        if isinstance(self.storylines, StoredRecords):
            self.storylines.release(self._active_storylines)

    def _link_article(self, article_id: str, story_id: str, duplicate_of: str | None, published: str | None,
                      signature: numpy.ndarray, outlet: str | None = None, url: str | None = None) -> None:
        """Index a fingerprinted article; the links of those the index drops go with them."""
        self.article_story[article_id] = story_id
        self.originals[article_id] = duplicate_of
        if duplicate_of:
            self.copies[duplicate_of].append(article_id)
        self.published[article_id] = published
        self.outlets[article_id] = outlet
        self.urls[article_id] = url
        for dropped in self.duplicates.add(article_id, signature):
            self.article_story.pop(dropped, None)
            self.published.pop(dropped, None)
            self.outlets.pop(dropped, None)
            self.urls.pop(dropped, None)
            self.copies.pop(dropped, None)
            root = self.originals.pop(dropped, None)
            if root is not None and dropped in self.copies.get(root, ()):
                self.copies[root].remove(dropped)

    # --- decisions -------------------------------------------------------------
    def assign(self, article: Article) -> Decision:
        """Decide the article's story and storyline (and whether it is a copy), in place."""
        self.steps += 1
        published = event_date(article)
        if published and (self.newest is None or published > self.newest):
            self.newest = published
        if article.status == "ok" and article.embedding is None:
            embed_articles([article])  # the pipeline embeds on its workers; direct callers get it here
        if article.status == "ok" and article.signature is None:
            fingerprint_articles([article])
        signature = signature_values(article.signature) if article.signature else None
        original = self.duplicates.find_original(signature) if signature is not None else None
        if original is not None:
            root = self.originals.get(original) or original
            # the root may have left the index; the copy found is in the root's story all the same
            story = self._live(self.stories[self.article_story.get(root) or self.article_story[original]])
            decision = Decision(article.id, story.id, story.storyline, duplicate_of=root, near_duplicate=True,
                                similarity=1.0)
            # a copy says nothing new about the event, and is not counted in the document frequencies either
            # (it would make the event's own words look common); nor does its new headline title the story
            self._add_to_story(story, article, None, None)
        else:
            vector = weigh_and_observe(article_terms(article), self.statistics)  # by the documents before it
            embedding = vector_of(article.embedding)
            parts = _profile_of(vector, None, None)
            days = named_days(article)
            candidates = self.score(vector, embedding, _date(published), short=_is_short(article), days=days,
                                    parts=parts)
            best = self.choose(article, candidates, days)
            if best is None:
                story = self._new_story(article, vector, embedding, parts)
                decision = Decision(article.id, story.id, story.storyline, new_story=True)
                nearest = max(candidates, key=lambda c: (c.probability, -c.story.seq), default=None)
                if nearest is not None and nearest.probability >= NEARLY_JOINED:  # maybe one event in two stories
                    decision.nearest, decision.nearest_probability = nearest.story.id, round(nearest.probability, 6)
            else:
                story = best.story
                self._add_to_story(story, article, vector, embedding)
                decision = Decision(article.id, story.id, story.storyline, similarity=round(best.probability, 6))
            decision.merged = self._merge_evident(article, story, candidates)
            story = self._live(story)
            decision.story, decision.storyline = story.id, story.storyline
        article.story = decision.story
        article.storyline = decision.storyline
        if signature is not None:
            self._link_article(article.id, decision.story, decision.duplicate_of, article.published, signature,
                               article.outlet, article.url)
            decision.signature = article.signature
        held = decision.duplicate_of
        held_day = self.published.get(held) if held is not None else None
        if held is not None and (_earlier(article.published, held_day) or article.published == held_day
                                 and _wire_before_its_copy(article, self.outlets.get(held))
                                 or held_day is None and article.published is not None  # a dated report before
                                 # an undated copy of it, which could be of any day
                                 or _a_later_version(article, self.urls.get(decision.duplicate_of), held_day)):
            self._make_original(article.id, decision.duplicate_of)
            self._retitle_for_original(self.stories[decision.story], article, held)
            decision.duplicate_of = None
        article.duplicate_of = decision.duplicate_of
        return decision

    def _member_norm(self, member: str, terms: dict[str, float]) -> float:
        value = self._member_norms.get(member)
        if value is None:
            value = self._member_norms[member] = norm(terms)
        return value

    def _profile(self, story: StoryState) -> "_Profile":
        """The story's centroid split into content and entity terms, with norms; rebuilt when it changes."""
        profile = self._profiles.get(story.id)
        if profile is None or profile.centroid is not story.centroid or profile.embedding is not story.embedding:
            vectors = [self._member_vectors[m] for m, _ in story.members if m in self._member_vectors]
            profile = _profile_of(story.centroid, story.embedding, numpy.stack(vectors) if vectors else None)
            self._profiles[story.id] = profile
        return profile

    def choose(self, article: Article, candidates: list[Candidate], days: frozenset[str]) -> Candidate | None:
        """The story the article (which names ``days``) joins: the likeliest candidate, if likely enough, and not
        a later event (``_a_later_event``)."""
        best = max(candidates, key=lambda c: (c.probability, -c.story.seq), default=None)
        if best is None or best.probability < self.join_probability or _a_later_event(article, days, best.story):
            return None
        return best

    def score(self, vector: dict[str, float], embedding: numpy.ndarray | None, published: date | None,
              exclude: str | None = None, short: bool = False, days: frozenset[str] = frozenset(),
              parts: "_Profile | None" = None) -> list[Candidate]:
        """The candidate stories for an article (which names ``days``), each with its features and probability;
        ``parts``: the vector's ``_profile_of``, when the caller has it."""
        stories = [s for s in self._candidates(vector, embedding, published, days) if s.id != exclude]
        if not stories:
            return []
        parts = parts or _profile_of(vector, None, None)
        entities, key_entities, year, numbers = parts.entities, parts.key_entities, parts.year, parts.numbers
        content_norm, entity_norm, vector_norm = parts.content_norm, parts.entity_norm, norm(vector)
        entity_keys = entities.keys()
        idf = _Lookup(self.statistics.idf)  # of the shared words only
        profiles = [self._profile(story) for story in stories]
        dense, dense_member = _dense_similarities(embedding, profiles)
        rows = []
        for story, profile in zip(stories, profiles, strict=True):
            centroid = story.centroid
            has_entities = bool(entities) and bool(profile.entities)
            # one pass over the shared terms gives the content, entity and whole-vector cosines (fsum is exact,
            # so nothing depends on the hash-seeded order of a set)
            shared = vector.keys() & centroid.keys()
            total = math.fsum([vector[t] * centroid[t] for t in shared])
            shared_entities = shared & entity_keys
            entity_dot = math.fsum([vector[t] * centroid[t] for t in shared_entities]) if shared_entities else 0.0
            term_member = shared_rarity = 0.0
            for member, terms in story.members:  # the closest recent member, by words and by rare words shared
                common = vector.keys() & terms.keys()
                if common:
                    member_norm = self._member_norm(member, terms)
                    term_member = max(term_member, _ratio(math.fsum([vector[t] * terms[t] for t in common]),
                                                          vector_norm * member_norm))
                    shared_rarity = max(shared_rarity, math.fsum([idf[t] for t in common]))
            gap, dated = _gap_days(published, story)
            row = [0.0] * len(FEATURES)
            row[COLUMN["content"]] = _ratio(total - entity_dot, content_norm * profile.content_norm)
            if has_entities:
                row[COLUMN["entities"]] = _ratio(entity_dot, entity_norm * profile.entity_norm)
                row[COLUMN["key_entities"]] = _share_known(key_entities, profile.entities)
                row[COLUMN["story_key_entities"]] = _share_known(profile.key_entities, entities)
            row[COLUMN["has_entities"]] = float(has_entities)
            row[COLUMN["dense"]] = dense[len(rows)]
            row[COLUMN["log_gap"]] = math.log1p(gap)
            row[COLUMN["dated"]] = float(dated)
            row[COLUMN["log_size"]] = math.log(story.article_count)
            row[COLUMN["terms"]] = _ratio(total, vector_norm * profile.norm)
            row[COLUMN["dense_member"]] = dense_member[len(rows)]
            row[COLUMN["term_member"]] = term_member
            row[COLUMN["shared_rarity"]] = shared_rarity / RARITY_SCALE
            if year is not None and profile.year is not None and year not in centroid:
                row[COLUMN["other_year"]] = 1.0
            if numbers and profile.numbers:
                shared_numbers = numbers & shared
                row[COLUMN["shared_numbers"]] = math.fsum([idf[t] for t in shared_numbers]) / RARITY_SCALE
                row[COLUMN["other_numbers"]] = float(not shared_numbers)
            if days and not days.isdisjoint(story.days):
                row[COLUMN["refers_day"]] = 1.0
                row[COLUMN["late_refers"]] = float(gap > STORY_GAP_DAYS)
            rows.append(row)
        if len(rows) > 1:  # a lone candidate has no alternative to be better than: no evidence either way
            for value, margin in _MARGIN_COLUMNS:  # a handful of candidates: plain floats beat array calls
                second, first = sorted([row[value] for row in rows])[-2:]
                for row in rows:
                    row[margin] = row[value] - (second if row[value] == first else first)
        if short:
            for row in rows:
                row[_SHORT_COLUMN] = 1.0
                for value, interaction in _SHORT_COLUMNS:
                    row[interaction] = row[value]
        logits = numpy.array(rows) @ _weight_vector(tuple(self.weights)) + self.bias
        probabilities = (1.0 / (1.0 + numpy.exp(-logits))).tolist()
        return [Candidate(story, row, probability) for story, row, probability in zip(stories, rows, probabilities,
                                                                                      strict=True)]

    def _candidates(self, vector: dict[str, float], embedding: numpy.ndarray | None,
                    published: date | None, days: frozenset[str] = frozenset()) -> list[StoryState]:
        """Active stories sharing the most index weight with the article, the nearest by embedding, and the
        latest that happened on a day the article names; beyond STORY_GAP_DAYS only those."""
        shared: dict[str, float] = defaultdict(float)
        for term, weight in leading(vector, LOOKUP_TERMS):
            for story_id in self._index.get(term, ()):
                shared[story_id] += weight
        chosen = []
        if shared:  # the heaviest sharers, ties broken by age: a full sort per article would cost more than the rest
            if len(shared) > SORT_SHARERS:  # heapq.nlargest's Python loop beats a full sort of many
                least = heapq.nlargest(TERM_CANDIDATES, shared.values())[-1]
            else:  # ... and a sort in C beats it on fewer
                weights = sorted(shared.values(), reverse=True)
                least = weights[min(TERM_CANDIDATES, len(weights)) - 1]
            top = [story_id for story_id, weight in shared.items() if weight >= least]
            chosen = sorted(top, key=lambda i: (-shared[i], self.stories[i].seq))[:TERM_CANDIDATES]
        if embedding is not None and self._dense is not None:
            chosen += self._dense.nearest(embedding, DENSE_CANDIDATES)
        if days:
            on_days = {story_id for day in days for story_id in self._day_index.get(day, ())}
            chosen += heapq.nlargest(DAY_CANDIDATES, on_days, key=lambda i: self.stories[i].seq)
        stories = [self.stories[i] for i in dict.fromkeys(chosen)]
        if published is None:
            return sorted(stories, key=lambda s: s.seq)
        # within STORY_GAP_DAYS of the story's span: compared as ISO strings, which order as the dates do
        day = published.isoformat()
        earliest, latest = _horizon(day, STORY_GAP_DAYS), _horizon(day, -STORY_GAP_DAYS)
        return sorted((s for s in stories if s.first_published is None or s.last_published is None
                       or (s.last_published >= earliest and s.first_published <= latest)
                       or not days.isdisjoint(s.days)), key=lambda s: s.seq)

    def _merge_evident(self, article: Article, story: StoryState, candidates: list[Candidate]) -> list[Merge]:
        """Merge stories the article is a likely member of, when the stories themselves are likely one."""
        merged = []
        for other in sorted(candidates, key=lambda c: -c.probability):
            if other.story.id == story.id or other.probability < self.merge_probability:
                continue
            if other.story.merged_into is not None or story.merged_into is not None:
                continue
            if (story.linked_by_hand or other.story.linked_by_hand) and story.storyline != other.story.storyline:
                continue  # one was put in its thread by a user: a merge would take it out of it
            pair = self.score(story.centroid, _unit(story.embedding), _date(story.first_published), exclude=story.id,
                              days=frozenset(story.days))
            probability = next((c.probability for c in pair if c.story.id == other.story.id), 0.0)
            if probability < self.merge_probability:
                continue
            older, younger = sorted((story, other.story), key=lambda s: s.seq)
            self._merge(younger, older)
            merge = Merge(story=younger.id, into=older.id, article=article.id, probability=round(probability, 6))
            self.merges.append(merge)
            merged.append(merge)
            story = older
        return merged

    def may_split(self, story_id: str) -> bool:
        """Whether the story is of a size to be looked at for two events (a cheap gate: ``split_two_events``
        reads its articles)."""
        story = self._live(self.stories[story_id])
        return SHORT_SPLIT_FROM_REPORTS <= story.article_count <= SPLIT_UNTIL_ARTICLES and story.id in self._active

    def split_two_events(self, story_id: str, stored: list[tuple[str, str | None]], batch: list[Article],
                         article_id: str, load: Callable[[list[str]], list[Article]]) -> Split | None:
        """Split the story in two when its reports divide cleanly into two events (recorded, visible, never
        silent): the part without its first report moves to a new story of the same storyline. ``stored``: (id,
        duplicate_of) of the story's stored articles in arrival order, ``batch`` its articles not stored yet,
        ``load`` reads stored articles by id (with their embeddings); ``article_id``: the report that has just
        joined. None when the story stays whole."""
        story = self._live(self.stories[story_id])
        reports = [i for i, duplicate_of in stored if not duplicate_of] + [a.id for a in batch if not a.duplicate_of]
        if not SHORT_SPLIT_FROM_REPORTS <= len(reports) <= SPLIT_UNTIL_REPORTS:
            return None
        loaded = {article.id: article for article in load([i for i in reports if i not in self._report_vectors])}
        for article in [*loaded.values(), *batch]:
            if article.id not in self._report_vectors and not article.duplicate_of and article.embedding is not None:
                self._report_vectors[article.id] = _Report(weigh(article_terms(article), self.statistics),
                                                           _unit(vector_of(article.embedding)), _is_short(article),
                                                           event_date(article))
        reports = [i for i in reports if i in self._report_vectors]
        vectors = [self._report_vectors[i] for i in reports]
        for report in reports:
            self._report_vectors.move_to_end(report)
        while len(self._report_vectors) > SPLIT_REMEMBERED:
            self._report_vectors.popitem(last=False)
        if all(report.short for report in vectors):
            least, separated, smaller = SHORT_SPLIT_FROM_REPORTS, SHORT_SPLIT_SEPARATION, SHORT_SPLIT_SMALLER_PART
        else:
            least, separated, smaller = SPLIT_FROM_REPORTS, SPLIT_SEPARATION, SPLIT_SMALLER_PART
        if len(reports) < least:
            return None
        parts, separation = two_parts(_similarities(vectors))
        later = [report for report, part in zip(reports, parts) if part != parts[0]]
        if separation < separated or min(len(later), len(reports) - len(later)) < smaller:
            return None
        days = ([], [])  # the first report's part, the other
        for report, part in zip(vectors, parts):
            days[bool(part != parts[0])].append(report.day)
        if _on_the_same_days(*days):
            return None
        loaded.update((article.id, article) for article in load([i for i, _ in stored if i not in loaded]))
        members = [loaded[i] for i, _ in stored] + batch
        for article in members:
            article.story = story.id  # members of stories merged into it still carry those ids
        moves = self.move(later, None, members, note=f"two events (separation {separation:.3f})")
        split = Split(story.id, moves[0].to_story, article_id, round(separation, 6), [m.article for m in moves])
        self.splits.append(split)
        return split

    def _merge(self, story: StoryState, into: StoryState) -> None:
        into.centroid = add_into(into.centroid, story.centroid, PROFILE_TERMS)
        if story.embedding is not None:
            into.embedding = story.embedding.copy() if into.embedding is None else into.embedding + story.embedding
        self._keep_members(into, into.members + story.members)
        story.members = []  # now the surviving story's: deactivating must not forget their vectors
        into.article_count += story.article_count
        _offer_headline(into, story.headline, story.titled, story.headline_published, story.headline_by)
        into.first_published = _min(into.first_published, story.first_published)
        into.last_published = _max(into.last_published, story.last_published)
        into.days = _keep_days(into.days, story.days)
        into.linked_by_hand = into.linked_by_hand or story.linked_by_hand  # same thread: the user's choice holds
        story.merged_into = into.id
        self._deactivate(story)
        self._touch(into)
        if story.storyline and story.storyline in self.storylines:  # one story fewer, in its thread or another
            line = self.storylines[story.storyline]
            line.story_count -= 1
            self.changed_storylines.add(line.id)
        self.changed_stories.update({story.id, into.id})

    def live_id(self, story_id: str) -> str:
        """The story a story id lives in now (itself, or the one it was merged into)."""
        return self._live(self.stories[story_id]).id

    def _live(self, story: StoryState) -> StoryState:
        while story.merged_into is not None:
            story = self.stories[story.merged_into]
        return story

    def _make_original(self, article_id: str, old_root: str) -> None:
        """A copy published before the copy we held as the original becomes the original."""
        family = [old_root] + self.copies.pop(old_root, [])
        for other in family:
            self.originals[other] = article_id
            self.relinked.add(other)
        self.originals[article_id] = None
        self.copies[article_id] = [other for other in family if other != article_id]

    def _retitle_for_original(self, story: StoryState, article: Article, held: str) -> None:
        """The copy that became its family's original titles the story as a report would; where the family is
        the whole story, or the old original ``held`` (now a copy) titled it, its headline gives way outright."""
        if story.article_count == len(self.copies.get(article.id, [])) + 1 or story.headline_by == held:
            story.headline, story.titled = headline_of(article), bool(article.title)
            story.headline_published, story.headline_by = event_date(article), article.id
        else:
            _offer_headline(story, article, bool(article.title), event_date(article))

    def _new_story(self, article: Article, vector: dict[str, float], embedding: numpy.ndarray | None,
                   parts: "_Profile | None" = None) -> StoryState:
        """A story of one article; ``parts``: its vector's ``_profile_of``, which becomes the story's profile."""
        story = StoryState(
            id="s" + article.id[:12], seq=self._next_story_seq(), headline=headline_of(article),
            storyline=None, centroid=dict(vector), article_count=1,
            first_published=event_date(article), last_published=event_date(article), titled=bool(article.title),
            headline_published=event_date(article), headline_by=article.id,
        )
        self._remember_member(story, article, vector, embedding)
        if parts is not None:  # the centroid is the article's vector: its split and norms are known
            self._profiles[story.id] = replace(parts, centroid=story.centroid, embedding=story.embedding,
                                               unit=_unit(story.embedding),
                                               members=None if embedding is None else embedding[None, :])
        story.days = _keep_days([], event_days(article))
        self.stories[story.id] = story
        self._touch(story)
        # the article's entities are the story's, unless the story was already too old to stay active
        story.storyline = self._link_storyline(story, parts.entities if parts and story.centroid else None).id
        return story

    def _next_story_seq(self) -> int:
        self.story_seq += 1
        return self.story_seq

    def _next_storyline_seq(self) -> int:
        self.storyline_seq += 1
        return self.storyline_seq

    def _add_to_story(self, story: StoryState, article: Article, vector: dict[str, float] | None,
                      embedding: numpy.ndarray | None) -> None:
        if vector is not None:
            story.centroid = add_into(story.centroid, vector, PROFILE_TERMS)
            self._remember_member(story, article, vector, embedding)
            story.days = _keep_days(story.days, event_days(article))
        story.article_count += 1
        if vector is not None and story.article_count & (story.article_count - 1) == 0:  # 2, 4, 8...: bounded cost
            self._relink_lone_story(story)
        published = event_date(article)
        if vector is not None:
            _offer_headline(story, article, bool(article.title), published)
        story.first_published = _min(story.first_published, published)
        story.last_published = _max(story.last_published, published)
        self._touch(story)
        if story.storyline:
            storyline = self.storylines[story.storyline]
            _extend_span(storyline, published)
            self._touch_storyline(storyline, reindex=False)

    def _remember_member(self, story: StoryState, article: Article, vector: dict[str, float],
                         embedding: numpy.ndarray | None) -> None:
        if embedding is not None:
            story.embedding = embedding.astype(numpy.float64) if story.embedding is None else story.embedding + embedding
            self._member_vectors[article.id] = embedding
        terms = dict(leading(vector, MEMBER_TERMS))
        self._keep_members(story, story.members + [[article.id, terms]])

    def _keep_members(self, story: StoryState, members: list[list]) -> None:
        """The story keeps its latest members; the vectors of the others are forgotten (memory stays bounded)."""
        for member, _ in members[:-MEMBER_VECTORS]:
            self._member_vectors.pop(member, None)
            self._member_norms.pop(member, None)
        story.members = members[-MEMBER_VECTORS:]

    # --- corrections by hand -------------------------------------------------------
    def move(self, article_ids: list[str], to: str | None, members: list[Article],
             note: str | None = None, threads: dict[str, list[str]] | None = None,
             detached: frozenset[str] = frozenset()) -> list[Move]:
        """Move stored articles (originals, each with its copies) to story ``to``, or to one new story when
        None: a user's correction, recorded, never a silent reshuffle. ``members``: every article of the
        stories involved (those the articles leave, and ``to``), in arrival order, with their embeddings;
        ``threads``: the live stories of the storylines they leave, whose spans are made again; ``detached``: copies
        among them that are no copies (the near-duplicate link was wrong): each becomes an original of its own.

        The stories they leave and the one they join are rebuilt from the articles they hold now, as if
        those had arrived alone (weighed with today's document frequencies), so the articles that come
        next are compared with the corrected stories. A story left empty lives on in the one its last
        articles moved to, as a merged story does."""
        self.steps += 1  # a decision: a process holding the old state reloads (GroupingState.current)
        moving = set(article_ids)
        notes = {}
        for article in members:
            if article.id in detached and article.duplicate_of:
                notes[article.id] = f"no copy of {article.duplicate_of}" + (f": {note}" if note else "")
                self._detach(article)
        family = [a for a in members if a.id in moving or a.duplicate_of in moving]
        sources = list(dict.fromkeys(a.story for a in family))
        if to is None:
            first = family[0]
            story_id = "s" + hashlib.sha1(f"{first.id}/{self.story_seq + 1}".encode()).hexdigest()[:12]
            target = StoryState(id=story_id, seq=self._next_story_seq(), headline=headline_of(first),
                                storyline=None, centroid={}, article_count=0, first_published=None,
                                last_published=None, titled=bool(first.title), headline_published=event_date(first),
                                headline_by=first.id)
            self.stories[target.id] = target
        else:
            target = self._live(self.stories[to])
        moves = [Move(a.id, a.story, target.id, to is None, notes.get(a.id, note)) for a in family]
        for article in family:
            article.story = target.id
            if article.id in self.article_story:
                self.article_story[article.id] = target.id
        for story_id in sources:
            self._rebuild(self.stories[story_id], [a for a in members if a.story == story_id], target)
        self._rebuild(target, [a for a in members if a.story == target.id], target, new=to is None)
        for line_id, story_ids in (threads or {}).items():
            self._respan_storyline(self.storylines[line_id], story_ids)
        if target.storyline is None:
            target.storyline = self._link_storyline(target).id
        else:
            storyline = self.storylines[target.storyline]
            _extend_span(storyline, target.first_published)
            _extend_span(storyline, target.last_published)
            self._touch_storyline(storyline, reindex=False)
        return moves

    def relink(self, story_ids: list[str], to: str | None, threads: dict[str, list[str]],
               note: str | None = None) -> list[Relink]:
        """Move stories to storyline ``to``, or to one new storyline when None: a user's correction of a thread.
        ``threads``: the stories of each storyline involved (those the stories leave, and ``to``).

        The storylines' name profiles are rebuilt from the stories they hold now; one left empty is retired and
        its id leads to where its last story went (the store reads the record)."""
        self.steps += 1
        stories = [self._live(self.stories[story_id]) for story_id in story_ids]
        if to is None:
            first = stories[0]
            line_id = "l" + hashlib.sha1(f"{first.id}/{self.storyline_seq + 1}".encode()).hexdigest()[:12]
            target = StorylineState(id=line_id, seq=self._next_storyline_seq(), title=first.headline, profile={},
                                    story_count=0, first_published=None, last_published=None)
            self.storylines[target.id] = target
            threads = {**threads, target.id: []}
        else:
            target = self.storylines[to]
        relinks = []
        for story in stories:
            relinks.append(Relink(story.id, story.storyline, target.id, to is None, note))
            threads[story.storyline] = [i for i in threads[story.storyline] if i != story.id]
            threads[target.id] = threads[target.id] + [story.id]
            story.storyline, story.linked_by_hand = target.id, True
            self.changed_stories.add(story.id)
        for line_id in dict.fromkeys([r.from_storyline for r in relinks] + [target.id]):
            self._rebuild_storyline(self.storylines[line_id], [self._live(self.stories[i]) for i in threads[line_id]],
                                    new=line_id == target.id and to is None)
        return relinks

    def _detach(self, copy: Article) -> None:
        """A copy found to be no copy becomes an original: its words count for its story from now on."""
        root = copy.duplicate_of
        if copy.id in self.originals:
            self.originals[copy.id] = None
        if copy.id in self.copies.get(root, ()):
            self.copies[root].remove(copy.id)
        copy.duplicate_of = None

    def _respan_storyline(self, storyline: StorylineState, story_ids: list[str]) -> None:
        """The storyline's span made again from the stories it still holds (articles moved out narrow it)."""
        if storyline.story_count <= 0:
            return  # retired: its id leads where its stories went
        live = {s.id: s for s in (self._live(self.stories[i]) for i in story_ids)}.values()
        _span_over(storyline, [s for s in live if s.storyline == storyline.id and s.article_count])
        self.changed_storylines.add(storyline.id)

    def _rebuild_storyline(self, storyline: StorylineState, stories: list[StoryState], new: bool = False) -> None:
        """The storyline made again from its stories: count, span, and (while it can still be linked to) the names
        of the stories it holds."""
        storyline.story_count = len(stories)
        self.changed_storylines.add(storyline.id)
        if not stories:
            self._retire_storyline(storyline)
            return
        _span_over(storyline, stories)
        if storyline.id in self._active_storylines or new:
            storyline.profile = {}
            for story in sorted(stories, key=lambda s: s.seq):
                storyline.profile = add_into(storyline.profile, _key_entities(story.centroid), PROFILE_TERMS)
            self._touch_storyline(storyline)

    def _rebuild(self, story: StoryState, articles: list[Article], moved_to: StoryState, new: bool = False) -> None:
        """The story made again from the articles it holds (in arrival order); with none left, it lives on in
        ``moved_to``. Only an active story (or a ``new`` one) gets its profile back: an ended story is never a
        candidate again."""
        if not articles:
            self._deactivate(story)
            story.article_count, story.merged_into = 0, moved_to.id
            self.changed_stories.add(story.id)
            if story.storyline:  # one story fewer in its thread, whichever thread the articles joined
                line = self.storylines[story.storyline]
                line.story_count -= 1
                self.changed_storylines.add(line.id)
                if line.story_count <= 0:
                    self._retire_storyline(line)
            return
        reports = [article for article in articles if not article.duplicate_of] or articles
        first = reports[0]
        story.headline, story.titled, story.headline_by = headline_of(first), bool(first.title), first.id
        story.headline_published = story.first_published = story.last_published = event_date(first)
        for article in articles:
            published = event_date(article)
            if not article.duplicate_of:  # a copy's new headline does not title the story
                _offer_headline(story, article, bool(article.title), published)
            story.first_published = _min(story.first_published, published)
            story.last_published = _max(story.last_published, published)
        story.article_count = len(articles)
        if story.id in self._active or new:
            for member, _ in story.members:
                self._member_vectors.pop(member, None)
                self._member_norms.pop(member, None)
            story.centroid, story.embedding, story.members, story.days = {}, None, [], []
            for article in articles:
                if article.duplicate_of:  # a copy says nothing new about the event
                    continue
                vector = weigh(article_terms(article), self.statistics)
                story.centroid = add_into(story.centroid, vector, PROFILE_TERMS)
                self._remember_member(story, article, vector, vector_of(article.embedding))
                story.days = _keep_days(story.days, event_days(article))
            self._profiles.pop(story.id, None)
            self._touch(story)
        else:  # not made active again: a restart would not hold it either
            self.changed_stories.add(story.id)

    # --- the active set ---------------------------------------------------------
    def _touch(self, story: StoryState) -> None:
        """The story changed: it becomes the most recently updated active story."""
        story.updated = self.steps
        self.changed_stories.add(story.id)
        self._activate(story)

    def _activate(self, story: StoryState) -> None:
        self._active.pop(story.id, None)
        self._active[story.id] = None
        self._index_story(story)
        if self._dense is None and story.embedding is not None:
            self._dense = _DenseIndex(len(story.embedding))
        if self._dense is not None and story.embedding is not None:
            self._dense.put(story.id, _unit(story.embedding))
        self._evict()

    def _evict(self) -> None:
        """Drop the least recently updated stories beyond the bound, or dated before the window."""
        horizon = _horizon(self.newest, ACTIVE_DAYS)
        while self._active:
            oldest = self.stories[next(iter(self._active))]
            stale = horizon is not None and oldest.last_published is not None and oldest.last_published < horizon
            if len(self._active) <= ACTIVE_STORIES and not stale:
                break
            self._deactivate(oldest)

    def _deactivate(self, story: StoryState) -> None:
        self._active.pop(story.id, None)
        _reindex_keys(self._index, self._indexed_terms, story.id, set())
        _reindex_keys(self._day_index, self._indexed_days, story.id, set())
        if self._dense is not None:
            self._dense.remove(story.id)
        self._profiles.pop(story.id, None)
        for member, _ in story.members:  # members of inactive stories are never compared again
            self._member_vectors.pop(member, None)
            self._member_norms.pop(member, None)
        if story.members or story.centroid or story.embedding is not None or story.days:
            # an inactive story is never a candidate again (copies still join it): its profile is dropped,
            # in memory and in the store, so memory stays flat however many stories a run has seen
            story.members, story.centroid, story.embedding, story.days = [], {}, None, []
            self.changed_stories.add(story.id)

    def _index_story(self, story: StoryState) -> None:
        _reindex(self._index, self._indexed_terms, story.id, story.centroid, INDEX_TERMS)
        _reindex_keys(self._day_index, self._indexed_days, story.id, set(story.days))

    # --- storylines ---------------------------------------------------------------
    def _link_storyline(self, story: StoryState, entities: dict[str, float] | None = None) -> StorylineState:
        """Link a new story to the storyline it continues, or start one; ``entities``: its centroid's, if known."""
        entities = _key_entities(story.centroid) if entities is None else entities
        best = self._continued_storyline(story, entities)
        if best is None:
            best = StorylineState(
                id="l" + story.id[1:], seq=self._next_storyline_seq(), title=story.headline, profile={},
                story_count=0, first_published=story.first_published, last_published=story.first_published,
            )
            self.storylines[best.id] = best
        self._join_storyline(story, best, entities)
        return best

    def _continued_storyline(self, story: StoryState, entities: dict[str, float],
                             exclude: str | None = None,
                             shared_names: int = STORYLINE_SHARED_NAMES) -> StorylineState | None:
        """The active storyline that shares the most of the story's names, ``shared_names`` at least, with a cosine
        of at least STORYLINE_THRESHOLD; of those sharing as many, the closest. (By cosine alone, a thread of one
        story that names few shares more of its little than the long thread of the same dispute does.)"""
        published = _date(story.first_published)
        entities_norm = norm(entities)
        candidates = {line for term in entities for line in self._storyline_index.get(term, ())} - {exclude}
        best, best_rank = None, (shared_names, self.storyline_threshold)
        for storyline in sorted((self.storylines[i] for i in candidates), key=lambda s: s.seq):
            if not _within(published, storyline.first_published, storyline.last_published, self.storyline_window_days):
                continue
            score = cosine_normed(entities, entities_norm, storyline.profile, self._storyline_norms[storyline.id])
            rank = (len(entities.keys() & storyline.profile.keys()), score)
            if score >= self.storyline_threshold and rank >= best_rank:
                best, best_rank = storyline, rank
        return best

    def _relink_lone_story(self, story: StoryState) -> None:
        """A story alone in its storyline, grown to 2, 4, 8... articles, joins the storyline its names now
        continue: its first report may have named none of the thread's people (an election's first result
        names the winners, the later reports the scandal that called it). Its empty storyline is retired."""
        if story.linked_by_hand or story.storyline not in self._active_storylines:  # an ended thread is not
            return  # reopened (nor read back)
        lone = self.storylines[story.storyline]
        if lone.story_count != 1:
            return
        entities = _key_entities(story.centroid)
        best = self._continued_storyline(story, entities, exclude=lone.id, shared_names=RELINK_SHARED_NAMES)
        if best is None:
            return
        lone.story_count = 0
        self._retire_storyline(lone)
        story.storyline = best.id
        self.changed_stories.add(story.id)
        self._join_storyline(story, best, entities)

    def _join_storyline(self, story: StoryState, storyline: StorylineState, entities: dict[str, float]) -> None:
        storyline.profile = add_into(storyline.profile, entities, PROFILE_TERMS)
        storyline.story_count += 1
        _extend_span(storyline, story.first_published)
        _extend_span(storyline, story.last_published)
        self._touch_storyline(storyline)

    def _touch_storyline(self, storyline: StorylineState, reindex: bool = True) -> None:
        """A story was added to or extended the storyline: it becomes the most recently updated."""
        storyline.updated = self.steps
        self.changed_storylines.add(storyline.id)
        if storyline.profile and (reindex or storyline.id in self._active_storylines):
            self._activate_storyline(storyline, reindex)

    def _activate_storyline(self, storyline: StorylineState, reindex: bool = True, evict: bool = True) -> None:
        self._active_storylines.pop(storyline.id, None)
        self._active_storylines[storyline.id] = None
        if reindex:
            _reindex(self._storyline_index, self._storyline_terms, storyline.id, storyline.profile,
                     STORYLINE_INDEX_TERMS)
            self._storyline_norms[storyline.id] = norm(storyline.profile)
        if not evict:
            return
        horizon = _horizon(self.newest, max(ACTIVE_DAYS, self.storyline_window_days))
        while self._active_storylines:  # beyond the bound, or ended before the window: never linked again
            oldest = self.storylines[next(iter(self._active_storylines))]
            stale = horizon is not None and oldest.last_published is not None and oldest.last_published < horizon
            if len(self._active_storylines) <= ACTIVE_STORYLINES and not stale:
                break
            self._retire_storyline(oldest)

    def _retire_storyline(self, storyline: StorylineState) -> None:
        """The storyline is never linked again: out of the active set and the index, its profile dropped (memory
        stays flat: an inactive storyline's profile is never compared again)."""
        self._active_storylines.pop(storyline.id, None)
        self._storyline_norms.pop(storyline.id, None)
        _reindex_keys(self._storyline_index, self._storyline_terms, storyline.id, set())
        storyline.profile = {}
        self.changed_storylines.add(storyline.id)


def _reindex(index: dict[str, set[str]], indexed: dict[str, set[str]], key: str, profile: dict[str, float],
             count: int) -> None:
    """Index ``key`` under exactly its profile's current heaviest terms (the same live and after a restore)."""
    _reindex_keys(index, indexed, key, _heaviest(profile, count))


def _reindex_keys(index: dict[str, set[str]], indexed: dict[str, set[str]], key: str, terms: set[str]) -> None:
    """Index ``key`` under exactly ``terms`` (none: out of the index)."""
    old = indexed.get(key, set())
    for term in old - terms:
        index[term].discard(key)
        if not index[term]:
            del index[term]
    for term in terms - old:
        index[term].add(key)
    if terms:
        indexed[key] = terms
    else:
        indexed.pop(key, None)


@dataclass
class _Profile:
    centroid: dict[str, float]
    embedding: numpy.ndarray | None
    entities: dict[str, float]
    content_norm: float
    entity_norm: float
    norm: float
    unit: numpy.ndarray | None
    members: numpy.ndarray | None  # the latest members' embeddings, one row each
    key_entities: list[tuple[str, float]]  # the heaviest few entities, with their shares of their weight
    year: str | None  # the heaviest year named ("y:")
    numbers: frozenset[str]  # the figures named ("n:")


def _profile_of(centroid: dict[str, float], embedding: numpy.ndarray | None, members: numpy.ndarray | None) -> _Profile:
    """A vector's parts for scoring, in one pass: content (with the years and figures named), entities ("e:"),
    their norms, the key entities, the heaviest year ("y:") and the figures ("n:")."""
    content, entities, years, numbers = {}, {}, [], []
    for term, weight in centroid.items():
        if term[1] == ":":
            kind = term[0]
            if kind == "e":
                entities[term] = weight
                continue
            if kind == "y":
                years.append((weight, term))
            elif kind == "n":
                numbers.append(term)
        content[term] = weight
    content_norm, entity_norm = norm(content), norm(entities)
    return _Profile(centroid, embedding, entities, content_norm, entity_norm, math.hypot(content_norm, entity_norm),
                    _unit(embedding), members, _key_shares(entities), max(years)[1] if years else None,
                    frozenset(numbers))


class _DenseIndex:
    """Unit vectors of the active stories in one matrix, for exact nearest-neighbour search."""

    def __init__(self, dimensions: int, capacity: int = 1024):
        self._matrix = numpy.zeros((capacity, dimensions), dtype=numpy.float32)
        self._row: dict[str, int] = {}
        self._ids: list[str | None] = []
        self._free: list[int] = []

    def put(self, story_id: str, vector: numpy.ndarray) -> None:
        row = self._row.get(story_id)
        if row is None:
            row = self._free.pop() if self._free else len(self._ids)
            if row == len(self._ids):
                self._ids.append(None)
                if row >= len(self._matrix):
                    self._matrix = numpy.concatenate([self._matrix, numpy.zeros_like(self._matrix)])
            self._row[story_id] = row
            self._ids[row] = story_id
        self._matrix[row] = vector

    def remove(self, story_id: str) -> None:
        row = self._row.pop(story_id, None)
        if row is not None:
            self._matrix[row] = 0.0
            self._ids[row] = None
            self._free.append(row)
            if len(self._free) > max(64, len(self._row)):  # every search multiplies the free rows too: pack
                self._pack()

    def _pack(self) -> None:
        """Move the live rows to the top of the matrix (the search ranks by similarity, then id: row order
        does not matter)."""
        rows = sorted(self._row.values())
        self._matrix[:len(rows)] = self._matrix[rows]
        self._matrix[len(rows):] = 0.0
        self._ids = [self._ids[row] for row in rows]
        self._row = {story_id: row for row, story_id in enumerate(self._ids)}
        self._free = []

    def nearest(self, vector: numpy.ndarray, count: int) -> list[str]:
        used = len(self._ids)
        if not self._row:
            return []
        similarities = self._matrix[:used] @ vector
        if self._free:  # a free row's zeros would outrank a live story turned away from the article
            similarities[self._free] = -numpy.inf
        count = min(count, len(self._row))
        top = numpy.argpartition(-similarities, count - 1)[:count] if count < used else numpy.arange(used)
        ranked = sorted((int(i) for i in top if self._ids[int(i)] is not None),
                        key=lambda i: (-float(similarities[i]), self._ids[i]))
        return [self._ids[i] for i in ranked[:count]]


class _Report(NamedTuple):
    """What a split check keeps of a report between checks."""

    terms: dict[str, float]  # weighed
    unit: numpy.ndarray  # its embedding, of length 1
    short: bool
    day: str | None  # event_date


def _similarities(reports: list[_Report]) -> numpy.ndarray:
    """Reports' pairwise similarity: their weighed terms' and their embeddings' cosines, evenly."""
    embeddings = numpy.stack([report.unit for report in reports])
    vectors = [report.terms for report in reports]
    norms = [norm(vector) for vector in vectors]
    terms = numpy.array([[cosine_normed(v, n, w, m) for w, m in zip(vectors, norms)]
                         for v, n in zip(vectors, norms)])
    return (embeddings @ embeddings.T + terms) / 2


def _on_the_same_days(first: list[str | None], second: list[str | None]) -> bool:
    """Whether two parts' reports (their dates, None where undated) are mostly dated, and dated around the same
    day: their middle days at most SPLIT_SAME_DAYS apart."""
    middles = []
    for days in (first, second):
        dated = sorted(day for day in days if day)
        if 2 * len(dated) < len(days):
            return False
        middles.append(_day(dated[len(dated) // 2]))
    return abs((middles[0] - middles[1]).days) <= SPLIT_SAME_DAYS


def two_parts(similarity: numpy.ndarray) -> tuple[numpy.ndarray, float]:
    """The two parts a similarity matrix divides into (spectral: the normalised Laplacian's second eigenvector,
    cut where its values fall into two groups best), and how much more alike the items are within the parts
    than across them."""
    affinity = numpy.clip(similarity, 1e-6, None)
    scale = 1 / numpy.sqrt(affinity.sum(axis=1))
    laplacian = numpy.eye(len(affinity)) - scale[:, None] * affinity * scale[None, :]
    values = numpy.linalg.eigh(laplacian)[1][:, 1] * scale
    order = numpy.argsort(values)
    ordered = values[order]
    costs = [ordered[:cut].var() * cut + ordered[cut:].var() * (len(ordered) - cut) for cut in range(1, len(ordered))]
    parts = numpy.zeros(len(ordered), dtype=int)
    parts[order[1 + int(numpy.argmin(costs)):]] = 1
    same = parts[:, None] == parts[None, :]
    within = same & ~numpy.eye(len(parts), dtype=bool)
    return parts, float(similarity[within].mean() - similarity[~same].mean())


def event_date(article: Article) -> str | None:
    """The article's date for grouping: the source's, else the text's full-date estimate (ISO)."""
    if article.published:
        return article.published
    estimate = article.published_estimate
    return estimate if estimate and len(estimate) == 10 else None


def named_days(article: Article) -> frozenset[str]:
    """The calendar days the article's text names, other than its own date ("today"): days of what happened,
    and of what follows within NEAR_DAYS ("work resumes tomorrow"). A day further ahead is a plan ("a snap
    election for October 4", five weeks on), another event, which its report must not be taken to follow."""
    own = event_date(article)
    horizon = (_day(own) + timedelta(days=NEAR_DAYS)).isoformat() if own else None
    firsts = (ref.value.split("/")[0] for ref in article.dates if ref.value)  # a span of days begins on its first
    return frozenset(day for day in firsts if len(day) == 10 and day != own and (horizon is None or day <= horizon))


def _a_later_event(article: Article, named: frozenset[str], story: "StoryState") -> bool:
    """A report published LATER_EVENT_DAYS or more after the story's latest, every day it names (``named``) new
    to the story (none within a day of its days): another event of the same thread (the rejected deal's vote
    twelve days on), a story of its own in the storyline."""
    own, latest = event_date(article), story.last_published
    if own is None or latest is None or len(latest) != 10 or (_day(own) - _day(latest)).days < LATER_EVENT_DAYS:
        return False
    if not named or not story.days:
        return False
    near = {(_day(day) + timedelta(days=step)).isoformat() for day in story.days for step in (-1, 0, 1)}
    return named.isdisjoint(near)


def event_days(article: Article) -> list[str]:
    """The days an article tells the event happened on: its date and the day before (most events are
    reported the day they happen or the next), and the days it names."""
    own = event_date(article)
    days = [(_day(own) - timedelta(days=1)).isoformat(), own] if own else []
    return days + sorted(named_days(article))


def _keep_days(days: list[str], new: list[str]) -> list[str]:
    """The story's days with ``new`` noted, the earliest noted kept first, STORY_DAYS at most: the days of
    the event are noted by its first reports."""
    kept = list(days)
    for day in new:
        if day not in kept and len(kept) < STORY_DAYS:
            kept.append(day)
    return kept


def _is_short(article: Article) -> bool:
    return len(article.body.split(maxsplit=SHORT_WORDS)) < SHORT_WORDS  # counts no further than it must


class _Lookup(dict):
    """A function's values, each computed on first use."""

    def __init__(self, function):
        super().__init__()
        self._function = function

    def __missing__(self, key):
        value = self[key] = self._function(key)
        return value


def _dense_similarities(embedding: numpy.ndarray | None, profiles: list["_Profile"]) -> tuple[list, list]:
    """Each candidate's embedding similarity to its story's centroid and to its closest recent member,
    in two matrix products for all candidates (a product per candidate cost more than the rest of scoring)."""
    dense, dense_member = [0.0] * len(profiles), [0.0] * len(profiles)
    with_unit = [i for i, profile in enumerate(profiles) if profile.unit is not None] if embedding is not None else []
    if not with_unit:
        return dense, dense_member
    centroid_similarities = (numpy.stack([profiles[i].unit for i in with_unit]) @ embedding).tolist()
    blocks = [profiles[i].members for i in with_unit if profiles[i].members is not None]
    closest = iter(numpy.maximum.reduceat(numpy.concatenate(blocks) @ embedding, numpy.cumsum(
        [0] + [len(block) for block in blocks[:-1]])).tolist()) if blocks else iter(())
    for i, similarity in zip(with_unit, centroid_similarities, strict=True):
        dense[i] = similarity
        dense_member[i] = next(closest) if profiles[i].members is not None else similarity
    return dense, dense_member


@lru_cache(maxsize=4)
def _weight_vector(weights: tuple[float, ...]) -> numpy.ndarray:
    return numpy.asarray(weights)


def _ratio(dot: float, norms: float) -> float:
    return dot / norms if norms else 0.0


def _key_shares(entities: dict[str, float]) -> list[tuple[str, float]]:
    """The heaviest few entities, each with its share of their weight."""
    key = leading(entities, KEY_ENTITIES)
    total = sum(weight for _, weight in key)
    return [(term, weight / total) for term, weight in key] if total else []


def _share_known(key: list[tuple[str, float]], known: dict[str, float]) -> float:
    """The share of the key names' weight that ``known`` mentions at all."""
    share = 0.0
    for term, weight in key:
        if term in known:
            share += weight
    return share


def _heaviest(profile: dict[str, float], count: int) -> set[str]:
    """The profile's ``count`` heaviest terms: its first keys, as profiles are kept heaviest first (``leading``)."""
    return set(islice(profile, count))


def _unit(vector: numpy.ndarray | None) -> numpy.ndarray | None:
    if vector is None:
        return None
    norm = float(numpy.sqrt(vector.dot(vector)))  # numpy.linalg.norm's own sum, without its argument checks
    return (vector / norm).astype(numpy.float32) if norm else vector.astype(numpy.float32)


def _gap_days(published: date | None, story: StoryState) -> tuple[int, bool]:
    """Days between the article and the story's span (0 inside it), and whether both are dated."""
    if published is None or story.first_published is None or story.last_published is None:
        return 0, False
    first, last = _day(story.first_published), _day(story.last_published)
    return max(0, (first - published).days, (published - last).days), True


def _span_over(storyline: StorylineState, stories: list[StoryState]) -> None:
    """The storyline's span made again from ``stories``, the ones it holds."""
    storyline.first_published = storyline.last_published = None
    for story in stories:
        _extend_span(storyline, story.first_published)
        _extend_span(storyline, story.last_published)


def _key_entities(profile: dict[str, float]) -> dict[str, float]:
    """The entity part of a profile: a storyline is held together by who and where, not by topic words."""
    return {term: weight for term, weight in profile.items() if term.startswith("e:")}


def headline_of(article: Article) -> str:
    return article.title or headline_from_lead(article.lead) or article.id


def _date(value: str | None) -> date | None:
    return _day(value) if value else None


@lru_cache(maxsize=8192)
def _day(value: str) -> date:
    return date.fromisoformat(value)  # every candidate's span is compared with every article: parse each date once


@lru_cache(maxsize=64)
def _horizon(newest: str | None, days: int) -> str | None:
    """The earliest date still within ``days`` of the newest seen (ISO; negative ``days``: the latest after it)."""
    return (date.fromisoformat(newest) - timedelta(days=days)).isoformat() if newest else None


def _min(a: str | None, b: str | None) -> str | None:
    return min(filter(None, [a, b]), default=None)


def _max(a: str | None, b: str | None) -> str | None:
    return max(filter(None, [a, b]), default=None)


def _offer_headline(story: StoryState, headline: str | Article, titled: bool, published: str | None,
                    by: str | None = None) -> None:
    """Give the story ``headline`` (an article's, read only if taken; else the headline of article ``by``, or of
    a story merged in) where it titles the story: a story is titled by its first report (the first dated one),
    whatever came in first; but a report's own title beats the lead sentence that stands in for an untitled
    page's, whenever it comes. Reports of the same day are taken in the order of their headlines' text, any case
    alike ("Veradyne forecasts …" before "Veradyne Q3: …"), so the title does not depend on which arrived first,
    a headline in plain case before one that opens shouting ("INES SURGES: …", "TAX WAR! …")."""
    by = by if isinstance(headline, str) else headline.id
    if titled != story.titled:
        take = titled
    elif published == story.headline_published:
        headline = headline if isinstance(headline, str) else headline_of(headline)
        take = (_shouting(headline), headline.casefold(), headline) < (_shouting(story.headline),
                                                                      story.headline.casefold(), story.headline)
    else:  # a dated report titles the story before an undated one, which may be any day's
        take = published is not None and (story.headline_published is None or published < story.headline_published)
    if take:
        story.headline = headline if isinstance(headline, str) else headline_of(headline)
        story.titled, story.headline_published, story.headline_by = titled, published, by


_SHOUTED = re.compile(r"^\W*[A-Z]{2,}[!:,]?\s+\W*[A-Z]{2,}\b")


def _shouting(headline: str | None) -> bool:
    """A headline opens with two words in capitals: a tabloid's cry, not a title to name a story by."""
    return bool(headline and _SHOUTED.match(headline))


def _wire_before_its_copy(article: Article, copy_outlet: str | None) -> bool:
    """The article is a wire's own report of the day that another outlet's copy came in before: its dateline
    credits its own outlet ("PELLAM (Lorvane Wire) -"), which the copy's names and is not. The outlet as a
    folder or a site names it ("northgate-wire", "northgatewire.example" meet "(Northgate Wire)")."""
    outlet, copy_outlet = outlet_self_names(article.outlet, article.url), outlet_self_names(copy_outlet)
    if not outlet or not copy_outlet or outlet & copy_outlet:
        return False
    return any(squash_name(credit) in outlet for credit in _CREDIT.findall(article.body[:WIRE_CREDIT_CHARS]))


def _a_later_version(article: Article, copy_url: str | None, copy_day: str | None) -> bool:
    """The article is a later capture of the page its copy was captured from (a web archive holds a page as it
    was corrected, "Updated at 14:05"): the page as it stands now is the one to show, the earlier its copy."""
    return bool(article.url) and article.url == copy_url and not _earlier(article.published, copy_day)


def _earlier(published: str | None, than: str | None) -> bool:
    return published is not None and than is not None and published < than


def _within(published: date | None, first: str | None, last: str | None, days: int) -> bool:
    if published is None or first is None or last is None:
        return True
    window = timedelta(days=days)
    return _day(first) - window <= published <= _day(last) + window


def _extend_span(storyline: StorylineState, published: str | None) -> None:
    if published:
        storyline.first_published = _min(storyline.first_published, published)
        storyline.last_published = _max(storyline.last_published, published)
