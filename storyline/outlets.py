"""Outlet names: a folder named after an outlet ("lantern-review") takes the name the
outlet gives itself in metadata ("The Lantern Review") once storyline has seen it."""

from __future__ import annotations

import re
from collections.abc import Iterable


def outlet_slug(name: str) -> str:
    words = re.findall(r"[a-z0-9]+", name.lower())
    if words and words[0] == "the":
        words = words[1:]
    return "-".join(words)


class OutletNames:
    """Proper outlet names seen so far, found again by their slug."""

    def __init__(self, names: Iterable[str] = ()):
        self._by_slug: dict[str, str] = {}
        for name in names:
            self.learn(name)

    def learn(self, name: str | None) -> None:
        if name and name != outlet_slug(name):  # a slug is not a proper name
            self._by_slug.setdefault(outlet_slug(name), name)

    def proper_name(self, folder_name: str) -> str:
        return self._by_slug.get(outlet_slug(folder_name), folder_name)
