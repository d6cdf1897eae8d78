"""Outlet memory: lines that recur across many articles of one outlet are its template.

Each article's lines (kept blocks and removed parts alike) are counted per
outlet as articles arrive; a block of a new article whose line already
appeared in enough earlier, distinct articles of the same outlet is that
outlet's furniture (a newsletter pitch, a standing disclaimer, a promo line
the generic rules missed) and is removed with its reason. Copies of an earlier
article are not learned from, so syndicated or repeated text never turns into
template; a line unique to one article is never removed. At most
``MAX_LINES`` counts are kept: past it the rarest go (``storyline.bounded``),
the lines seen in one article only, which are nearly all of them.

Memory is applied and learned in the main process in arrival order and stored
with each batch, so a resumed run continues with exactly the state it stopped
with.
"""

from __future__ import annotations

import hashlib
from collections import Counter

from storyline.bounded import prune
from storyline.clean.text import normalized, word_count
from storyline.model import Article, Block, Removal, block_spans

MIN_ARTICLES = 3  # earlier articles of the outlet a short line must appear in
MIN_ARTICLES_LONG = 6  # the same for a paragraph-length line: standing boilerplate paragraphs exist, but so do shared facts
LONG_LINE_WORDS = 25
MIN_BODY_WORDS_LEFT = 15
MAX_LINES = 250_000  # (outlet, line) counts kept (about 50 MB)
_LEARNED_KINDS_SKIPPED = frozenset({"page-chrome"})  # whole-page HTML lines: many, and trafilatura already dropped them


def line_key(text: str) -> str:
    """Case- and punctuation-insensitive fingerprint of one line (16 hex digits)."""
    return hashlib.blake2b(normalized(text).encode(), digest_size=8).hexdigest()


class OutletMemory:
    """Per-outlet counts of the articles each line appeared in."""

    def __init__(self, counts: dict[tuple[str, str], int] | None = None, bound: int = MAX_LINES):
        self.bound = bound
        self.counts: Counter[tuple[str, str]] = Counter(counts or {})
        self.changed: set[tuple[str, str]] = set()
        self.removed: set[tuple[str, str]] = set()

    def is_template(self, outlet: str, text: str) -> int:
        """How many earlier articles of ``outlet`` had this line, if that makes it template; else 0."""
        seen = self.counts.get((outlet, line_key(text)), 0)
        needed = MIN_ARTICLES_LONG if word_count(text) >= LONG_LINE_WORDS else MIN_ARTICLES
        return seen if seen >= needed else 0

    def apply(self, article: Article) -> int:
        """Remove the article's blocks that are its outlet's template; return how many went."""
        if not article.outlet or article.status != "ok":
            return 0
        template = {index: seen for index, block in enumerate(article.blocks)
                    if (seen := self.is_template(article.outlet, block.text))}
        if not template:
            return 0
        left = sum(word_count(b.text) for i, b in enumerate(article.blocks) if i not in template)
        if left < MIN_BODY_WORDS_LEFT:
            return 0  # the whole article looks like template: keep it rather than empty it
        for index, seen in template.items():
            article.removed.append(Removal(
                text=article.blocks[index].text, kind="outlet-template",
                reason=f"recurs in {seen} earlier articles of {article.outlet} (the outlet's template)"))
        drop_blocks(article, set(template))
        return len(template)

    def learn(self, article: Article) -> None:
        """Count the article's lines for its outlet (call once per original article)."""
        if not article.outlet:
            return
        lines = [b.text for b in article.blocks] + [r.text for r in article.removed if r.kind not in _LEARNED_KINDS_SKIPPED]
        for key in {line_key(text) for text in lines if text.strip()}:
            self.counts[(article.outlet, key)] += 1
            self.changed.add((article.outlet, key))
        self.counts, dropped = prune(self.counts, self.bound)
        self.changed -= dropped
        self.removed |= dropped

    def clear_changes(self) -> None:
        self.changed.clear()
        self.removed.clear()


def drop_blocks(article: Article, indexes: set[int]) -> None:
    """Remove blocks from the body, dropping annotations inside them and shifting the rest."""
    spans = block_spans(article.blocks)
    shift_at: list[tuple[int, int, int | None]] = []  # (old start, old end, shift or None when removed)
    removed_so_far = 0
    for index, (start, end) in enumerate(spans):
        if index in indexes:
            shift_at.append((start, end + 2, None))
            removed_so_far += end - start + 2
        else:
            shift_at.append((start, end + 2, removed_so_far))

    def moved(offset: int) -> int | None:
        for block_start, block_end, shift in shift_at:
            if block_start <= offset < block_end:
                return None if shift is None else offset - shift
        return None

    for name in ("sentences", "entities", "quotes", "dates"):
        kept = []
        for item in getattr(article, name):
            start, end = moved(item.start), moved(max(item.start, item.end - 1))
            if start is not None and end is not None:  # wholly inside kept blocks
                item.start, item.end = start, end + 1
                kept.append(item)
        setattr(article, name, kept)
    article.blocks = [Block(b.kind, b.text) for i, b in enumerate(article.blocks) if i not in indexes]
    article.body = "\n\n".join(block.text for block in article.blocks)
