"""Fixed bounds for state that would otherwise grow with every article.

Online counts (document frequencies, an outlet's recurring lines) meet new keys
with every article, most of them never seen again. When a table passes its
bound, its rarest keys go: every key whose count is at most the smallest
count that brings the table down to its low-water mark, whole counts at a
time, so no tie between keys is broken by an arbitrary order. The drop happens
at the same article in every run of the same input, and the store deletes the
dropped keys in the same transaction as the batch, so a resumed run equals an
uninterrupted one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from typing import TypeVar

Key = TypeVar("Key", bound=Hashable)

LOW_WATER = 0.75  # a pruned table keeps at most this share of its bound


def rarest(counts: Mapping[Key, int], bound: int) -> set[Key]:
    """The keys to drop so that at most ``bound * LOW_WATER`` remain (empty while within ``bound``)."""
    if len(counts) <= bound:
        return set()
    keep = int(bound * LOW_WATER)
    per_count = sorted(Counter(counts.values()).items())
    remaining, cutoff = len(counts), 0
    for count, keys in per_count:
        if remaining <= keep:
            break
        remaining, cutoff = remaining - keys, count
    return {key for key, count in counts.items() if count <= cutoff}


def prune(counts: Counter[Key], bound: int) -> tuple[Counter[Key], set[Key]]:
    """``counts`` without its rarest keys once past ``bound``, and the keys dropped.

    The table is rebuilt rather than deleted from: a dict keeps its size after deletions.
    """
    dropped = rarest(counts, bound)
    if not dropped:
        return counts, dropped
    return Counter({key: count for key, count in counts.items() if key not in dropped}), dropped
