"""Outlet names: a folder named after an outlet ("lantern-review") takes the name the
outlet gives itself in metadata ("The Lantern Review") once storyline has seen it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit


def outlet_slug(name: str) -> str:
    words = re.findall(r"[a-z0-9]+", name.lower())
    if words and words[0] == "the":
        words = words[1:]
    return "-".join(words)


_SECOND_LEVEL = frozenset({"co", "com", "net", "org", "gov", "ac", "edu"})  # bbc.co.uk, abc.net.au


def outlet_self_names(outlet: str | None, url: str | None = None) -> frozenset[str]:
    """The outlet's name in the squashed form of ``squash_name`` ("Civic Pulse", "civic-pulse" and
    "www.civicpulse.example" all give "civicpulse"): from its name, or from a site's registrable label
    ("chicago.cbslocal.com" gives "cbslocal", not the city)."""
    names = set()
    for value in (outlet, urlsplit(url).hostname if url and "//" in url else None):
        if not value:
            continue
        value = value.lower().split(":")[0]
        labels = value.split(".")
        if len(labels) > 1 and " " not in value:  # a host name
            if len(labels) > 2 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
                labels = labels[:-1]
            value = labels[-2]
        squashed = squash_name(value)
        if squashed:
            names.add(squashed)
    return frozenset(names)


def squash_name(name: str) -> str:
    """The name's slug without its hyphens: "The Civic Pulse", "civic-pulse" and "civicpulse" meet."""
    return outlet_slug(name).replace("-", "")


class OutletNames:
    """Proper outlet names seen so far, found again by their slug; ``given``: names a reader gave outlets
    (``storyline outlets --rename``), by the squashed name they replaced, which win over any seen."""

    def __init__(self, names: Iterable[str] = (), given: dict[str, str] | None = None):
        self._by_slug: dict[str, str] = {}
        self._given = dict(given or {})
        for name in names:
            self.learn(name)

    def learn(self, name: str | None) -> bool:
        """Remember ``name`` as its outlet's proper name; True when it is the first known for that outlet."""
        # a slug or a folder's name ("lantern-review", "quay_times": lower case, one word) is no proper name
        if name and name != outlet_slug(name) and (" " in name or not name.islower()) \
                and outlet_slug(name) not in self._by_slug and squash_name(name) not in self._given:
            self._by_slug[outlet_slug(name)] = name
            return True
        return False

    def proper_name(self, folder_name: str) -> str:
        """The name known for an outlet first named by its folder, or by its site ("kellwire.example": Kell
        Wire, once an article of the site named it so)."""
        found = self._given.get(squash_name(folder_name)) or self._by_slug.get(outlet_slug(folder_name))
        if found is None and "." in folder_name and " " not in folder_name:
            labels = outlet_self_names(folder_name)
            found = next((name for slug, name in self._by_slug.items() if slug.replace("-", "") in labels), None)
        return found or folder_name
