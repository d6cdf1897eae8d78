"""Sentences that carry the outlet's opinion rather than report: evaluative wording,
predictions, speculation and rhetorical asides, outside quotation marks."""

from __future__ import annotations

import re

_MARKERS = [
    ("evaluative adverb", r"\b(clearly|obviously|undoubtedly|surely|sadly|thankfully|unfortunately|fortunately|frankly|shockingly|disgracefully|remarkably|predictably)\b"),
    ("speculation", r"\b(likely|probably|perhaps|presumably|arguably|it seems|appears to be|may well|might well)\b"),
    ("prediction", r"\b(will be eagerly|is bound to|in the coming (weeks|months)|the whole world will|remains to be seen)\b"),
    ("prescription", r"\b(should have|ought to|must now|needs to be|it is time (for|to))\b"),
    ("loaded wording", r"\b(reckless|disastrous|shameful|outrageous|absurd|ridiculous|heroic|brilliant|pathetic|strong backbone|still waiting to see)\b"),
    ("rhetorical question", r"\?\s*$"),
]
_MARKERS_RE = [(reason, re.compile(pattern, re.IGNORECASE)) for reason, pattern in _MARKERS]
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")


def opinion_reason(sentence: str) -> str | None:
    """Why a sentence reads as the outlet's opinion, or None when it reports."""
    unquoted = _QUOTED.sub(" ", sentence)
    for reason, pattern in _MARKERS_RE:
        if pattern.search(unquoted):
            return reason
    return None
