"""Online story assignment and storyline linking.

Each article is decided once, in arrival order: a near-copy joins its
original's story; otherwise the article joins the most similar story active
in a time window around its publication date, or starts a new one. A new story
joins the storyline (a thread over months) whose profile it matches best, or
starts one. All state round-trips through the store, so a restarted run
continues exactly where the last one stopped.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from storyline.cluster.represent import TermStatistics, add_into, article_terms, cosine, weigh
from storyline.dedup import NearDuplicateIndex, fingerprint, minhash_from_bytes, signature_bytes
from storyline.model import Article

STORY_THRESHOLD = 0.12
STORY_WINDOW_DAYS = 7
UNDATED_STORY_THRESHOLD = 0.25  # without dates, closeness in time is no evidence: ask more of the text
STORYLINE_THRESHOLD = 0.20
STORYLINE_WINDOW_DAYS = 150
PROFILE_TERMS = 150
INDEX_TERMS = 25  # a story is found through its heaviest terms
MAX_CANDIDATES = 50  # stories compared in full per article


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


@dataclass
class StorylineState:
    id: str
    seq: int
    title: str
    profile: dict[str, float]
    story_count: int
    first_published: str | None
    last_published: str | None


@dataclass
class Decision:
    """What the assigner decided for one article (kept for reports and tests)."""

    article_id: str
    story: str | None
    storyline: str | None
    duplicate_of: str | None = None
    new_story: bool = False
    near_duplicate: bool = False  # a copy of a stored body (it or the copy it replaced as earliest is linked)
    similarity: float = 0.0
    signature: bytes | None = field(default=None, repr=False)  # the body's MinHash, stored for later runs


@dataclass
class StoryAssigner:
    """Assigns articles to stories and stories to storylines, online.

    Parameters are plain values with documented defaults; state is loaded with
    ``restore`` and read back with the ``changed_*`` sets after each batch.
    """

    story_threshold: float = STORY_THRESHOLD
    story_window_days: int = STORY_WINDOW_DAYS
    undated_story_threshold: float = UNDATED_STORY_THRESHOLD
    storyline_threshold: float = STORYLINE_THRESHOLD
    storyline_window_days: int = STORYLINE_WINDOW_DAYS
    statistics: TermStatistics = field(default_factory=TermStatistics)
    stories: dict[str, StoryState] = field(default_factory=dict)
    storylines: dict[str, StorylineState] = field(default_factory=dict)
    duplicates: NearDuplicateIndex = field(default_factory=NearDuplicateIndex)
    originals: dict[str, str | None] = field(default_factory=dict)  # article -> its original (None if itself)
    published: dict[str, str | None] = field(default_factory=dict)  # copies' publication dates, to find the earliest
    relinked: set[str] = field(default_factory=set)  # stored articles whose original changed in this batch
    article_story: dict[str, str] = field(default_factory=dict)
    changed_stories: set[str] = field(default_factory=set)
    changed_storylines: set[str] = field(default_factory=set)
    _index: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    _indexed_terms: dict[str, set[str]] = field(default_factory=dict)

    # --- state -----------------------------------------------------------------
    def restore(self, stories, storylines, signatures, documents: int, frequencies: dict[str, int]) -> None:
        """Load state saved by the store: story and storyline states, and per article
        (id, story id, duplicate_of, signature bytes, published) in arrival order."""
        self.statistics = TermStatistics(documents, frequencies)
        for story in stories:
            self.stories[story.id] = story
            self._index_story(story)
        for storyline in storylines:
            self.storylines[storyline.id] = storyline
        for article_id, story_id, duplicate_of, signature, published in signatures:
            self.article_story[article_id] = story_id
            self.originals[article_id] = duplicate_of
            if signature:
                self.published[article_id] = published
                self.duplicates.add(article_id, minhash_from_bytes(signature))

    def clear_changes(self) -> None:
        self.changed_stories.clear()
        self.changed_storylines.clear()
        self.statistics.changed.clear()
        self.relinked.clear()

    # --- decisions -------------------------------------------------------------
    def assign(self, article: Article) -> Decision:
        """Decide the article's story and storyline (and whether it is a copy), in place."""
        minhash = fingerprint(article.body) if article.status == "ok" else None
        original = self.duplicates.find_original(minhash) if minhash is not None else None
        counts = article_terms(article)
        vector = weigh(counts, self.statistics)
        if original is None:  # copies would make the event's own words look common
            self.statistics.observe(set(counts))
        if original is not None:
            root = self.originals.get(original) or original
            story = self.stories[self.article_story[root]]
            decision = Decision(article.id, story.id, story.storyline, duplicate_of=root, near_duplicate=True,
                                similarity=1.0)
            self._add_to_story(story, article, None)  # a copy says nothing new about the event
        else:
            story, similarity = self._best_story(article, vector)
            if story is None:
                story = self._new_story(article, vector)
                decision = Decision(article.id, story.id, story.storyline, new_story=True)
            else:
                self._add_to_story(story, article, vector)
                decision = Decision(article.id, story.id, story.storyline, similarity=similarity)
        article.story = story.id
        article.storyline = story.storyline
        self.article_story[article.id] = story.id
        self.originals[article.id] = decision.duplicate_of
        if minhash is not None:
            self.duplicates.add(article.id, minhash)
            self.published[article.id] = article.published
            decision.signature = signature_bytes(minhash)
        if decision.duplicate_of is not None and _earlier(article.published, self.published.get(decision.duplicate_of)):
            self._make_original(article.id, decision.duplicate_of)
            decision.duplicate_of = None
        article.duplicate_of = decision.duplicate_of
        return decision

    def _make_original(self, article_id: str, old_root: str) -> None:
        """A copy published before the copy we held as the original becomes the original."""
        for other, original in list(self.originals.items()):
            if other == old_root or original == old_root:
                self.originals[other] = article_id
                self.relinked.add(other)
        self.originals[article_id] = None

    def _candidates(self, vector: dict[str, float]) -> list[StoryState]:
        """Stories sharing index terms with the article: the MAX_CANDIDATES sharing the most weight.

        Bounded so the cost per article does not grow with the number of stories
        (without dates, every story that shares one common term would qualify).
        """
        shared: dict[str, float] = defaultdict(float)
        for term, weight in vector.items():
            for story_id in self._index.get(term, ()):
                shared[story_id] += weight
        best = sorted(shared, key=lambda i: (-shared[i], self.stories[i].seq))[:MAX_CANDIDATES]
        return sorted((self.stories[i] for i in best), key=lambda s: s.seq)

    def _best_story(self, article: Article, vector: dict[str, float]) -> tuple[StoryState | None, float]:
        best, best_score = None, 0.0
        published = article.published_date
        for story in self._candidates(vector):
            if not _within(published, story.first_published, story.last_published, self.story_window_days):
                continue
            dated = published is not None and story.first_published is not None
            score = cosine(vector, story.centroid)
            if score >= (self.story_threshold if dated else self.undated_story_threshold) and score > best_score:
                best, best_score = story, score
        return best, best_score

    def _new_story(self, article: Article, vector: dict[str, float]) -> StoryState:
        story = StoryState(
            id="s" + article.id[:12], seq=len(self.stories) + 1, headline=headline_of(article),
            storyline=None, centroid=dict(vector), article_count=1,
            first_published=article.published, last_published=article.published,
        )
        self.stories[story.id] = story
        self._index_story(story)
        story.storyline = self._link_storyline(story).id
        self.changed_stories.add(story.id)
        return story

    def _add_to_story(self, story: StoryState, article: Article, vector: dict[str, float] | None) -> None:
        if vector is not None:
            story.centroid = add_into(story.centroid, vector, PROFILE_TERMS)
        story.article_count += 1
        if article.published:
            story.first_published = min(filter(None, [story.first_published, article.published]))
            story.last_published = max(filter(None, [story.last_published, article.published]))
        self._index_story(story)
        self.changed_stories.add(story.id)
        if story.storyline:
            storyline = self.storylines[story.storyline]
            _extend_span(storyline, article.published)
            self.changed_storylines.add(storyline.id)

    def _index_story(self, story: StoryState) -> None:
        """Index the story under exactly its current heaviest terms (the same live and after a restore)."""
        top = {term for term, _ in sorted(story.centroid.items(), key=lambda item: (-item[1], item[0]))[:INDEX_TERMS]}
        old = self._indexed_terms.get(story.id, set())
        for term in old - top:
            self._index[term].discard(story.id)
        for term in top - old:
            self._index[term].add(story.id)
        self._indexed_terms[story.id] = top

    def _link_storyline(self, story: StoryState) -> StorylineState:
        published = date.fromisoformat(story.first_published) if story.first_published else None
        best, best_score = None, self.storyline_threshold
        for storyline in sorted(self.storylines.values(), key=lambda s: s.seq):
            if not _within(published, storyline.first_published, storyline.last_published, self.storyline_window_days):
                continue
            score = cosine(_key_entities(story.centroid), storyline.profile)
            if score >= best_score:
                best, best_score = storyline, score
        if best is None:
            best = StorylineState(
                id="l" + story.id[1:], seq=len(self.storylines) + 1, title=story.headline, profile={},
                story_count=0, first_published=story.first_published, last_published=story.first_published,
            )
            self.storylines[best.id] = best
        best.profile = add_into(best.profile, _key_entities(story.centroid), PROFILE_TERMS)
        best.story_count += 1
        _extend_span(best, story.first_published)
        self.changed_storylines.add(best.id)
        return best


def _key_entities(profile: dict[str, float]) -> dict[str, float]:
    """The entity part of a profile: a storyline is held together by who and where, not by topic words."""
    return {term: weight for term, weight in profile.items() if term.startswith("e:")}


def headline_of(article: Article) -> str:
    if article.title:
        return article.title
    lead = article.lead.split(". ")[0].strip()
    return (lead[:117] + "…") if len(lead) > 120 else lead or article.id


def _earlier(published: str | None, than: str | None) -> bool:
    return published is not None and than is not None and published < than


def _within(published: date | None, first: str | None, last: str | None, days: int) -> bool:
    if published is None or first is None or last is None:
        return True
    window = timedelta(days=days)
    return date.fromisoformat(first) - window <= published <= date.fromisoformat(last) + window


def _extend_span(storyline: StorylineState, published: str | None) -> None:
    if published:
        storyline.first_published = min(filter(None, [storyline.first_published, published]))
        storyline.last_published = max(filter(None, [storyline.last_published, published]))
