"""The REST API's response shapes (they make the OpenAPI document exact)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from storyline.model import JOINED, Joined, Story, Storyline  # the records describe stories and storylines

JOINED_DESCRIPTION = "how it came to its story (none without one): " + "; ".join(
    f"{name}: {meaning}" for name, meaning in JOINED.items())
JOIN_PROBABILITY_DESCRIPTION = "when joined is 'scored': the grouping's probability that it belongs (0 to 1)"
Lead = Annotated[str, Field(description="its first paragraph, cut after a word: what pages show for an article "
                                        "without a headline")]


class StoryPage(BaseModel):
    items: list[Story]
    total: int
    limit: int
    offset: int
    note: str | None = Field(None, description="when nothing matched, why, if a filter names what nothing stored is: "
                                               "an outlet no article is by, a name no article names")


class ArticleSummary(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    published_estimate: str | None = Field(None, description="when the source gives no date: what the text points to")
    url: str | None
    story: str | None
    duplicate_of: str | None
    status: str
    lead: str | None
    joined: Joined | None = Field(description=JOINED_DESCRIPTION)
    join_probability: float | None = Field(description=JOIN_PROBABILITY_DESCRIPTION)


class ArticlePage(BaseModel):
    items: list[ArticleSummary]
    total: int
    limit: int
    offset: int
    note: str | None = Field(None, description="when nothing matched, why, if a filter names what nothing stored is: "
                                               "an outlet no article is by, a name no article names")


class Merge(BaseModel):
    story: str
    into: str
    article: str
    probability: float


class MoveRecord(BaseModel):
    """A correction by hand: the article was moved from one story to another."""

    article: str
    from_: str = Field(alias="from")
    to: str
    new_story: bool = Field(description="the story was made for the articles moved")
    note: str | None
    moved_at: str = Field(description="UTC, ISO 8601")


class StorylineMoveRecord(BaseModel):
    """A correction by hand: the story was moved from one storyline to another."""

    story: str
    from_: str = Field(alias="from")
    to: str
    new_storyline: bool = Field(description="the storyline was made for the stories moved")
    note: str | None
    moved_at: str = Field(description="UTC, ISO 8601")


class Split(BaseModel):
    """A story found to hold two events: the later event's articles left ``story`` for the new story ``into``."""

    story: str
    into: str
    article: str = Field(description="the report whose arrival showed the two events")
    separation: float = Field(description="how much more alike each part's reports are among themselves than "
                                          "across the parts (mean cosine)")
    articles: list[str] = Field(description="the articles moved, reports and their copies")


class StoryDetail(BaseModel):
    story: Story
    merged: list[Merge]
    splits: list[Split] = Field(description="splits that took another event out of the story, or made it of one")
    moves: list[MoveRecord] = Field(description="corrections by hand into and out of the story, oldest first")
    storyline_moves: list[StorylineMoveRecord] = Field(description="the story's moves between storylines by hand")
    articles: list[ArticleSummary]


class MoveRequest(BaseModel):
    """Articles to move by hand (ids or unique prefixes; their copies go with them), and whole stories."""

    articles: list[str] = Field(default=[], max_length=200)
    stories: list[str] = Field(default=[], max_length=50, description="move every article of these stories too")
    to: str = Field(min_length=1, max_length=40, description="a story id, or 'new' for a story of their own")
    note: str | None = Field(default=None, max_length=2000, description="why, kept with the record")
    detach: bool = Field(default=False, description="articles taken for copies are no copies: each moves alone, "
                         "as an original")


class MoveResult(BaseModel):
    story: str = Field(description="where the articles are now")
    storyline: str | None
    new_story: bool
    moved: list[str] = Field(description="the articles named, moved")
    copies: list[str] = Field(description="their copies, moved with them")
    already_there: list[str] = Field(description="named, but already in the story")
    followers: list[str] = Field(default_factory=list, description=(
        "articles left in the stories the moved ones came from that may have joined through a moved one (their "
        "nearest among the articles they could join is a moved one, or one of these): to move too, if a reader "
        "agrees"))


class StorylinePage(BaseModel):
    items: list[Storyline]
    total: int
    limit: int
    offset: int
    note: str | None = Field(None, description="when nothing matched, why, if a filter names what nothing stored is: "
                                               "an outlet no article is by, a name no article names")


class StorylineDetail(BaseModel):
    storyline: Storyline
    stories: list[Story]  # its timeline, in time order
    moves: list[StorylineMoveRecord] = Field(description="stories moved into or out of it by hand, oldest first")
    shared_names: dict[str, list[str]] = Field(
        description="story id -> the people, organisations and places it shares with the storyline's other "
                    "stories (what holds the thread together), most widely shared first")


class Block(BaseModel):
    kind: str
    text: str


class Removal(BaseModel):
    text: str
    reason: str
    kind: str


class Sentence(BaseModel):
    start: int
    end: int
    opinion: bool
    reason: str | None


class Entity(BaseModel):
    text: str
    label: str
    canonical: str
    start: int
    end: int


class Quote(BaseModel):
    text: str
    speaker: str | None
    speakers: list[str] = Field([], description="each of those who said it together, where several did")
    speaker_mention: str | None
    kind: str
    cue: str | None
    start: int
    end: int
    content_start: int | None
    content_end: int | None
    speaker_start: int | None
    speaker_end: int | None


class DateRef(BaseModel):
    text: str
    value: str | None
    start: int
    end: int


class Article(BaseModel):
    id: str
    external_id: str | None
    source: str
    media_type: str
    outlet: str | None
    url: str | None
    published: str | None
    published_estimate: str | None
    published_evidence: str | None
    author: str | None
    title: str | None
    body: str
    status: str
    note: str | None
    blocks: list[Block]
    removed: list[Removal]
    sentences: list[Sentence]
    entities: list[Entity]
    quotes: list[Quote]
    dates: list[DateRef]
    duplicate_of: str | None
    story: str | None
    storyline: str | None
    joined: Joined | None = Field(description=JOINED_DESCRIPTION)
    join_probability: float | None = Field(description=JOIN_PROBABILITY_DESCRIPTION)


class EntitySummary(BaseModel):
    key: str
    name: str
    label: str
    articles: int
    mentions: int


class EntityPage(BaseModel):
    items: list[EntitySummary]
    total: int
    limit: int
    offset: int


class EntityName(BaseModel):
    name: str
    label: str
    articles: int


class QuoteRow(BaseModel):
    article: str
    position: int
    speaker: str | None
    speaker_key: str | None
    speakers: list[str] = Field([], description="each of those who said it together (\"Kim and Noh said\"), "
                                                "where several did; ``speaker`` names them all")
    speaker_mention: str | None = Field(None, description="the speaker as the article wrote it (\"the minister\", "
                                                          "\"he\"), which ``speaker`` resolves")
    cue: str | None = Field(None, description="the word that says it was said (\"said\", \"told\", a colon)")
    kind: str
    text: str
    outlet: str | None
    published: str | None
    story: str | None
    title: str | None
    lead: Lead


class QuotePage(BaseModel):
    items: list[QuoteRow]
    total: int
    limit: int
    offset: int


class EntityDetail(BaseModel):
    key: str
    name: str
    label: str
    names: list[EntityName]
    stories: list[Story]
    quotes: list[QuoteRow]


class PushedArticle(BaseModel):
    """An article pushed as JSON: ``text`` (plain) or ``html`` (a page), with what is known of it."""

    text: str | None = Field(default=None, description="plain text of the article (as scraped)")
    html: str | None = Field(default=None, description="the article's HTML page")
    title: str | dict | None = Field(default=None, description="a string, or an object with its `name` or "
                                     "`rendered` (WordPress), as the JSON lines reader takes it")
    outlet: str | dict | None = Field(default=None, description="a string, or an object with its `name`")
    url: str | None = None
    published: str | int | float | None = Field(default=None, description="YYYY-MM-DD, an ISO datetime or Unix "
                                                "time (seconds or milliseconds)")
    author: str | dict | list | None = Field(default=None, description="a name, an object with its `name`, or a "
                                             "list of them")
    id: str | None = Field(default=None, description="the caller's own id for the article")


class IngestFailure(BaseModel):
    source: str
    error: str


class IngestResult(BaseModel):
    ingested: int
    duplicates: int
    already_present: int
    no_text: int
    new_stories: int
    to_check: int = Field(description="joins under the review threshold made by this ingest (GET /review)")
    nearly_joined: int = Field(default=0, description="stories begun by this ingest that may be part of another "
                               "(GET /review/nearly-joined)")
    split: int = Field(default=0, description="stories found to hold two events, each split in two")
    template_lines: int
    skipped: int = Field(default=0, description="files of the folders given that were not read (a push has none)")
    failed: list[IngestFailure]
    notes: list[str]
    articles: list[ArticleSummary]


class Candidate(BaseModel):
    """An entity an ambiguous name may mean."""

    key: str
    name: str
    label: str | None = None


class Error(BaseModel):
    status: int
    message: str
    candidates: list[Candidate] | None = Field(
        None, description="a name several people go by (\"Brodsky\"): the entities it may mean; ask again with one")


class ErrorBody(BaseModel):
    error: Error


class RelinkRequest(BaseModel):
    """Stories to move by hand to another storyline."""

    stories: list[str] = Field(min_length=1, max_length=50)
    to: str = Field(min_length=1, max_length=40, description="a storyline id, or 'new' for a storyline of their own")
    note: str | None = Field(default=None, max_length=2000, description="why, kept with the record")


class RelinkResult(BaseModel):
    storyline: str = Field(description="where the stories are now")
    new_storyline: bool
    moved: list[str]
    already_there: list[str] = Field(description="named, but already in the storyline")


class UncertainJoin(BaseModel):
    """An article that joined its story with a low probability: one to check."""

    article: str
    title: str | None
    lead: Lead
    outlet: str | None
    published: str | None
    probability: float = Field(description="the probability it belongs to the story, when it joined")
    story: str
    story_headline: str
    story_articles: int
    shared_names: list[str] = Field(description="people, organisations and places it names that the story's "
                                                "articles before it name too (what it joined), the most widely "
                                                "named first")
    own_names: list[str] = Field(description="names new to the story when it joined: none of the story's articles "
                                             "before it names them (later ones may), the most mentioned first")
    absent_names: list[str] = Field(description="names at least half of the story's articles before it name and it "
                                                "does not")


class UncertainJoinPage(BaseModel):
    items: list[UncertainJoin]
    total: int
    limit: int
    offset: int


class NearlyJoined(BaseModel):
    """A story that may be part of another: its first article nearly joined that one."""

    article: str = Field(description="the article that began the story")
    title: str | None
    lead: Lead
    outlet: str | None
    published: str | None
    story: str
    story_headline: str
    story_articles: int
    nearest: str = Field(description="the story it nearly joined (the one that story is part of now)")
    nearest_headline: str | None
    probability: float = Field(description="the probability it belonged to that story, when it arrived")


class NearlyJoinedPage(BaseModel):
    items: list[NearlyJoined]
    total: int
    limit: int
    offset: int
