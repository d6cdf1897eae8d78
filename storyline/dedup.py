"""Near-duplicate detection: MinHash signatures of the clean body and an LSH index.

A syndicated copy (other boilerplate, a trimmed or added paragraph, a new
headline, small edits) shares most of its word 5-shingles with the original;
two reports of one event written separately share few.
"""

from __future__ import annotations

import re

import numpy
from datasketch import MinHash, MinHashLSH

NUM_PERM = 64
SHINGLE_WORDS = 5
THRESHOLD = 0.6  # estimated Jaccard similarity of shingle sets to call two bodies copies
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
    minhash = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    minhash.update_batch(list(grams))
    return minhash


def signature_bytes(minhash: MinHash) -> bytes:
    return minhash.hashvalues.astype("<u4").tobytes()


def minhash_from_bytes(data: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME, hashvalues=numpy.frombuffer(data, dtype="<u4"))


class NearDuplicateIndex:
    """LSH index of article fingerprints; ``find_original`` returns the earliest copy.

    Parameters are plain values: ``threshold`` is the estimated Jaccard
    similarity above which two bodies are copies of one another.
    """

    def __init__(self, threshold: float = THRESHOLD):
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._order: dict[str, int] = {}
        self._signatures: dict[str, MinHash] = {}

    def __len__(self) -> int:
        return len(self._order)

    def add(self, article_id: str, minhash: MinHash) -> None:
        if article_id in self._order:
            return
        self._order[article_id] = len(self._order)
        self._signatures[article_id] = minhash
        self._lsh.insert(article_id, minhash)

    def find_original(self, minhash: MinHash) -> str | None:
        """The earliest indexed article whose body is a near-copy of this one, if any."""
        matches = [
            candidate for candidate in self._lsh.query(minhash)
            if self._signatures[candidate].jaccard(minhash) >= self.threshold
        ]
        return min(matches, key=self._order.__getitem__) if matches else None
