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
from typing import TYPE_CHECKING

import numpy

from storyline.model import Article

if TYPE_CHECKING:
    from datasketch import MinHash

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
    from datasketch import MinHash  # with scipy, a third of a second to import: not for reading commands

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
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME).permutations


def signature_values(data: bytes) -> numpy.ndarray:
    """A stored signature as the MinHash slot values the index compares."""
    return numpy.frombuffer(data, dtype="<u4")


@lru_cache(maxsize=None)
def _bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """datasketch's band count and rows per band minimising false positives and negatives at ``threshold``."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


class NearDuplicateIndex:
    """LSH index of article fingerprints; ``find_original`` returns the earliest copy.

    Banding as datasketch's MinHashLSH (same band count and rows), over the
    signatures' slot values kept in numpy: a query is one dict lookup per band
    and a vectorised Jaccard estimate per candidate. ``threshold`` is the
    estimated Jaccard similarity above which two bodies are copies of one another.
    """

    def __init__(self, threshold: float = THRESHOLD, capacity: int = CAPACITY):
        self.threshold = threshold
        self.capacity = capacity
        bands, rows = _bands(threshold, NUM_PERM)
        self._ranges = [(band * rows, (band + 1) * rows) for band in range(bands)]
        # a bucket holds one id (most do) or a set of ids: millions of one-id sets would slow Python's GC
        self._buckets: list[dict[bytes, str | set[str]]] = [{} for _ in self._ranges]
        self._order: dict[str, int] = {}
        self._signatures: dict[str, numpy.ndarray] = {}
        self._added = 0
        self._last_keys: tuple[numpy.ndarray | None, list[bytes]] = (None, [])

    def __len__(self) -> int:
        return len(self._order)

    def add(self, article_id: str, signature: numpy.ndarray | MinHash) -> list[str]:
        """Index the article; return the ids of the oldest, dropped to stay within the capacity."""
        if article_id in self._order:
            return []
        values = _values(signature)
        self._order[article_id] = self._added
        self._added += 1
        self._signatures[article_id] = values
        for buckets, key in zip(self._buckets, self._keys(values)):
            bucket = buckets.get(key)
            if bucket is None:
                buckets[key] = article_id
            elif isinstance(bucket, str):
                buckets[key] = {bucket, article_id}
            else:
                bucket.add(article_id)
        dropped = []
        while len(self._order) > self.capacity:  # dicts keep insertion order: the first is the oldest
            dropped.append(next(iter(self._order)))
            self._remove(dropped[-1])
        return dropped

    def _remove(self, article_id: str) -> None:
        del self._order[article_id]
        values = self._signatures.pop(article_id)
        for buckets, key in zip(self._buckets, self._keys(values)):
            bucket = buckets[key]
            if isinstance(bucket, str):
                del buckets[key]
                continue
            bucket.discard(article_id)
            if len(bucket) == 1:
                buckets[key] = bucket.pop()

    def _keys(self, values: numpy.ndarray) -> list[bytes]:
        last_values, last_keys = self._last_keys
        if values is last_values:  # an article is looked up, then added: its band keys once
            return last_keys
        data = values.tobytes()
        keys = [data[4 * start:4 * end] for start, end in self._ranges]
        self._last_keys = (values, keys)
        return keys

    def find_original(self, signature: numpy.ndarray | MinHash) -> str | None:
        """The earliest indexed article whose body is a near-copy of this one, if any."""
        values = _values(signature)
        candidates: set[str] = set()
        for buckets, key in zip(self._buckets, self._keys(values)):
            bucket = buckets.get(key)
            if isinstance(bucket, str):
                candidates.add(bucket)
            elif bucket:
                candidates.update(bucket)
        matches = [c for c in candidates
                   if numpy.count_nonzero(self._signatures[c] == values) >= self.threshold * NUM_PERM]
        return min(matches, key=self._order.__getitem__) if matches else None


def _values(signature: numpy.ndarray | MinHash) -> numpy.ndarray:
    values = getattr(signature, "hashvalues", signature)  # a MinHash's slot values, or the values themselves
    return numpy.ascontiguousarray(values, dtype="<u4")
