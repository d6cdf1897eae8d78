"""Near-duplicate detection: MinHash signatures of the clean body and an LSH index.

A syndicated copy (other boilerplate, a trimmed or added paragraph, a new
headline, small edits) shares most of its word 4-shingles with the original;
two reports of one event written separately share few. The index holds the
latest ``CAPACITY`` fingerprints: copies arrive within days of each other, and
memory stays bounded however long the run.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy
from datasketch import MinHash, MinHashLSH

from storyline.model import Article

NUM_PERM = 128
SHINGLE_WORDS = 4
THRESHOLD = 0.3  # estimated Jaccard similarity of 4-shingle sets to call two bodies copies (bench/dedup.py)
CAPACITY = 20_000  # fingerprints held: an LSH this permissive costs more per query as it fills
MIN_SHINGLES = 8
SCHEME = "affine32"  # datasketch's bijective 32-bit permutations; signatures are 4 bytes a slot
_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + size]).encode() for i in range(len(words) - size + 1)}


def fingerprint(text: str) -> MinHash | None:
    """MinHash of the body's word shingles; None when the text is too short to compare."""
    grams = shingles(text)
    if len(grams) < MIN_SHINGLES:
        return None
    minhash = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME, permutations=_permutations())
    minhash.update_batch(list(grams))
    return minhash


def fingerprint_bytes(text: str) -> bytes | None:
    """The body's MinHash as stored bytes (computed on the workers, before grouping)."""
    minhash = fingerprint(text)
    return signature_bytes(minhash) if minhash is not None else None


def fingerprint_articles(articles: list[Article]) -> list[Article]:
    """Set ``signature`` on every article with text (pure: runs in worker processes)."""
    for article in articles:
        if article.status == "ok":
            article.signature = fingerprint_bytes(article.body)
    return articles


def signature_bytes(minhash: MinHash) -> bytes:
    return minhash.hashvalues.astype("<u4").tobytes()


@lru_cache(maxsize=1)
def _permutations():
    return MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME).permutations


def minhash_from_bytes(data: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME, hashvalues=numpy.frombuffer(data, dtype="<u4"),
                   permutations=_permutations())


class NearDuplicateIndex:
    """LSH index of article fingerprints; ``find_original`` returns the earliest copy.

    Parameters are plain values: ``threshold`` is the estimated Jaccard
    similarity above which two bodies are copies of one another.
    """

    def __init__(self, threshold: float = THRESHOLD, capacity: int = CAPACITY):
        self.threshold = threshold
        self.capacity = capacity
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._order: dict[str, int] = {}
        self._signatures: dict[str, MinHash] = {}
        self._added = 0

    def __len__(self) -> int:
        return len(self._order)

    def add(self, article_id: str, minhash: MinHash) -> None:
        if article_id in self._order:
            return
        self._order[article_id] = self._added
        self._added += 1
        self._signatures[article_id] = minhash
        self._lsh.insert(article_id, minhash)
        while len(self._order) > self.capacity:  # dicts keep insertion order: the first is the oldest
            oldest = next(iter(self._order))
            del self._order[oldest], self._signatures[oldest]
            self._lsh.remove(oldest)

    def find_original(self, minhash: MinHash) -> str | None:
        """The earliest indexed article whose body is a near-copy of this one, if any."""
        matches = [
            candidate for candidate in self._lsh.query(minhash)
            if self._signatures[candidate].jaccard(minhash) >= self.threshold
        ]
        return min(matches, key=self._order.__getitem__) if matches else None
