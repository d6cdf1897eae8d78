"""RSS and Atom feeds: items with full content are read directly, others fetched by link."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin
from xml.sax import SAXParseException

import feedparser

from storyline.ingest.dates import parse_published
from storyline.ingest.decode import check_not_empty
from storyline.ingest.errors import InputError
from storyline.ingest.pages import read_limited
from storyline.limits import max_document_bytes
from storyline.model import RawDocument
from storyline.outlets import outlet_self_names, squash_name

_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")
_MARKUP = re.compile(r"<(?:/?[A-Za-z][^<>]*|!--.*?--)>", re.DOTALL)  # tags and comments, not "a < b" in text
_ENTITY_DECLARATION = re.compile(  # in UTF-8 (and its ASCII-compatible kin) or UTF-16 of either byte order
    rb"<!ENTITY|<\x00!\x00E\x00N\x00T\x00I\x00T\x00Y\x00|\x00<\x00!\x00E\x00N\x00T\x00I\x00T\x00Y", re.IGNORECASE)
MIN_INLINE_WORDS = 80  # shorter item content is a teaser: fetch the linked page instead ...
# ... unless it is a brief written out whole: paragraphs of it, with no "…" or "Read more" where it stops
MIN_BRIEF_WORDS = 40
BRIEF_PARAGRAPHS = 3
_PARAGRAPH = re.compile(r"<p[\s>]", re.IGNORECASE)
_TEASER_END = re.compile(r"(\.\.\.|…|\[…\]|read more|continue reading|read the (full|whole) (story|article))\W*$",
                         re.IGNORECASE)


def is_feed(raw: bytes) -> bool:
    return bool(_FEED_ROOT.search(raw[:4096]))


def read_feed_bytes(path: Path) -> Iterator[RawDocument | InputError]:
    raw = read_limited(path, max_document_bytes())
    check_not_empty(raw, str(path))
    if not is_feed(raw):
        raise InputError(str(path), "XML file is not an RSS or Atom feed")
    yield from read_feed(raw, str(path))


def read_feed(raw: bytes, source: str, fetch_links: bool = True) -> Iterator[RawDocument | InputError]:
    if _ENTITY_DECLARATION.search(raw):
        raise InputError(source, "the feed declares its own XML entities (<!ENTITY>), the means of entity-expansion "
                         "and external-entity attacks; refused")
    parsed = feedparser.parse(raw, sanitize_html=False, resolve_relative_uris=False)
    if parsed.bozo and not parsed.entries:
        raise InputError(source, f"unreadable feed: {parsed.get('bozo_exception')}")
    cut = _cut_off(parsed)
    if cut:  # the items before the cut stand; the last one, cut short, is not taken for a teaser to fetch
        yield InputError(source, f"feed cut off: {cut}; the {len(parsed.entries)} items read up to there are "
                         "kept, the last of them not fetched by its link")
    if not parsed.entries:  # each input ends as articles or an error: an empty channel is not silently nothing
        raise InputError(source, "feed holds no items")
    base = _base_url(parsed, source)
    outlet = feed_outlet(plain_text(parsed.feed.get("title")), parsed.feed.get("link") or base)
    to_fetch: list[tuple[str, dict, str]] = []
    for number, entry in enumerate(parsed.entries, start=1):
        link = entry.get("link")
        if link and not entry.get("guidislink"):  # a <link> relative to the site; a guid is no address to resolve
            link = urljoin(base, link)
        if link and not link.startswith(("http://", "https://")):
            link = None  # a guid taken for a permalink, not a page to fetch
        meta = {
            "external_id": entry.get("id") or link,
            "title": plain_text(entry.get("title")),
            "url": link,
            "outlet": outlet,
            "author": _author_name(entry.get("author")),
        }
        stamp = entry.get("published") or entry.get("updated")
        if stamp:  # one still unread leaves the day to the cleaner, which estimates it from the text
            meta["published"] = parse_published(stamp) or date_as_written(stamp, link or base)
        meta = {k: v for k, v in meta.items() if v}
        html = _longest_content(entry)
        words = _words(html)
        item_source = f"{source}#{link or number}"
        if _is_whole(html, words) or not link:
            if not html.strip():
                yield InputError(item_source, "feed item has neither content nor a link")
                continue
            yield RawDocument(raw=html.encode("utf-8"), source=item_source, media_type="text/html", meta=meta)
        elif cut and number == len(parsed.entries):
            yield InputError(item_source, "feed item cut off with its feed; its link is not followed")
        elif fetch_links:
            to_fetch.append((link, meta, item_source, words))
        else:
            yield InputError(item_source, f"feed item has only a teaser ({words} words) and its link is not "
                             "followed here")
    if to_fetch:
        from storyline.ingest.fetch import fetch_pages

        pages = fetch_pages([(link, meta) for link, meta, _, _ in to_fetch])
        for (_, _, item_source, words), page in zip(to_fetch, pages):
            # fetching names only the link: say which feed and item it came from. The teaser is not stored in the
            # page's place: its id (a hash of its bytes) is not the page's, so a run once the link works would add a
            # second article for the item
            if isinstance(page, InputError):
                page = InputError(item_source, f"feed item has only a teaser ({words} words), and its page: "
                                  f"{page.message}")
            yield page


_CUT_OFF = ("no element found", "unclosed token", "unclosed cdata section")  # what expat says at a file's cut


def _words(content: str) -> int:
    return len(_TAGS.sub(" ", content).split())


def _is_whole(content: str, words: int) -> bool:
    """Whether an item's content (HTML, of ``words`` words) is its article: long enough, or a brief of a few
    paragraphs that does not stop on "…" or "Read more" (a teaser is a sentence or two of the page)."""
    if words >= MIN_INLINE_WORDS:
        return True
    ending = html.unescape(_TAGS.sub(" ", content)).strip()
    return (words >= MIN_BRIEF_WORDS and len(_PARAGRAPH.findall(content)) >= BRIEF_PARAGRAPHS
            and not _TEASER_END.search(ending))


def _cut_off(parsed) -> str | None:
    """Where a feed's XML stops short ("line 39: unclosed CDATA section"); None for a whole feed. An error
    feedparser reads past (an undefined entity such as &nbsp;, a charset declared wrong) is no cut."""
    error = parsed.get("bozo_exception")
    if not isinstance(error, SAXParseException) or not error.getMessage().lower().startswith(_CUT_OFF):
        return None
    return f"line {error.getLineNumber()}: {error.getMessage()}"


_ADDRESS = re.compile(r"[^\s<>()\[\]]+@[^\s<>()\[\]]+")
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|<\s*>|\[\s*\]")


def _author_name(author: str | None) -> str | None:
    """An item's author without an e-mail address: RSS writes "d.oyelaran@x.example (Daniel Oyelaran)",
    feedparser gives an Atom author as "Jane Roe (jane@x.example)". (feedparser's author_detail cuts an address
    short under a longer domain, ".example" or ".online", and takes the rest for the name.)"""
    name = _EMPTY_BRACKETS.sub("", _ADDRESS.sub("", author or "")).strip()
    if name.startswith("(") and name.endswith(")"):
        name = name[1:-1]
    return " ".join(name.split()) or None


def date_as_written(stamp: str, url: str | None) -> str | None:
    """The day of a date no standard spells ("10/03/2026", "March 11, 2026"), read as a dateline is: a numeric
    one day first where the item's country domain writes dates so."""
    # imported here: storyline.clean imports the readers
    from storyline.clean.text import date_line_value, day_first_domain

    return date_line_value(stamp, day_first=bool(day_first_domain(url)))


def plain_text(value: str | None) -> str | None:
    """A feed's title or name as plain text, or None when blank: feedparser keeps the markup of HTML titles and
    leaves entities encoded twice in the XML encoded once ("Q&amp;A")."""
    text = html.unescape(_MARKUP.sub("", value or ""))
    return " ".join(text.split()) or None


def _base_url(parsed, source: str) -> str:
    """What relative item links are relative to: the channel's link (feedparser applies xml:base itself), resolved
    against the feed's own URL when it was fetched; "" for a file's feed without an absolute channel link."""
    feed_url = source if source.startswith(("http://", "https://")) else ""
    return urljoin(feed_url, parsed.feed.get("link") or "")


def _longest_content(entry) -> str:
    candidates = [c.get("value", "") for c in entry.get("content", [])]
    candidates.append(entry.get("summary", ""))
    return max(candidates, key=len)


_TITLE_PARTS = re.compile(r"\s+[|–—:-]\s+|\s*[|–—]\s*|:\s+")
_FEED_SECTIONS = re.compile(r"(?:(?:top|latest|breaking|all|main|front[- ]page|most read|home|local|world|uk|us|"
                            r"national|regional|sport|sports|business|politics|opinion|comment|culture|lifestyle|"
                            r"entertainment|science|technology|tech|health|video)\s*)?(?:news|stories|headlines|"
                            r"articles|posts|updates|feed|rss|page)?", re.IGNORECASE)


def feed_outlet(title: str | None, link: str | None) -> str | None:
    """The outlet a channel's title names, without the feed's section ("Tallow Wire — Top stories", "Latest
    news | Harlow Courier"): the part its site's address spells, else the parts that are no section's name."""
    if not title:
        return title
    parts = [part.strip() for part in _TITLE_PARTS.split(title) if part.strip()]
    if len(parts) < 2:
        return title
    own = outlet_self_names(None, link) if link else frozenset()
    named = [part for part in parts if squash_name(part) in own]
    if named:
        return named[0]
    begun = [part for part in parts if any(len(o) >= 3 and squash_name(part).startswith(o) for o in own)]
    if len(begun) == 1:  # "BRN News - Northfold" at brn.example: BRN News, not its region's feed
        return begun[0]
    kept = [part for part in parts if not _FEED_SECTIONS.fullmatch(part)]
    return kept[0] if len(kept) == 1 else title
