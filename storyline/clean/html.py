"""HTML pages: main text and metadata through trafilatura, readability-lxml as a second opinion.

The page is parsed once. trafilatura (precision mode, comments left out) gives
the main text and the metadata. When the page holds far more paragraph text
than trafilatura kept, or trafilatura kept almost nothing, readability-lxml
extracts the page too, and its text replaces trafilatura's when it contains
what trafilatura found and adds substantially to it: trafilatura's precision
mode sometimes stops at an inline widget halfway through an article.
"""

from __future__ import annotations

import datetime
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html
import trafilatura
from htmldate import find_date
from trafilatura.metadata import (
    examine_meta,
    examine_title_element,
    extract_author,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.utils import decode_file, load_html

from storyline.clean.text import SITE_SUFFIX, parse_byline
from storyline.outlets import squash_name

_BLOCK_TAGS = {
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "header", "footer", "nav",
    "aside", "section", "article", "main", "td", "th", "tr", "table", "br", "blockquote", "figure",
    "figcaption", "form", "button", "dt", "dd", "title", "label", "option", "pre",
}
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_WORD = re.compile(r"\w+")

# When to ask readability-lxml: the page's paragraphs hold this many times the
# words trafilatura kept, or trafilatura kept fewer than THIN_WORDS words.
SECOND_OPINION_RATIO = 2.0
THIN_WORDS = 100
# When to take its text: it keeps this share of trafilatura's 4-word shingles
# and is this many times as long.
TAKE_CONTAINMENT = 0.8
TAKE_LENGTH_RATIO = 1.5
PARAGRAPH_MIN_WORDS = 8


@dataclass
class ExtractedPage:
    text: str  # paragraphs and headings, one per line
    headings: set[str]
    title: str | None
    published: str | None
    author: str | None
    site: str | None
    url: str | None
    page_lines: list[str]
    extractor: str = "trafilatura"
    notes: list[str] = field(default_factory=list)


_BLOAT = re.compile(  # an unclosed block runs to the end, in one pass (a lazy scan per opening tag is quadratic)
    rb"<(script|style|svg|noscript|template)\b[^<>]*>(?:.*?</\1\s*>|.*\Z)"
    rb"|data:[a-z]+/[a-z0-9.+-]+;base64,[A-Za-z0-9+/=\s]{256,}",
    re.IGNORECASE | re.DOTALL,
)


def slim_page(html: bytes) -> bytes:
    """The page without inline scripts, styles, SVG and base64 images: what makes a page of tens of MB."""
    return _BLOAT.sub(lambda m: b"data:," if m.group(0)[:5].lower() == b"data:" else b"", html)


# libxml2 drops everything nested deeper than this; such pages are flattened first so their text survives
MAX_PARSED_DEPTH = 255
# [^<>] keeps every scan short: a tag never closed by '>' ends at the next '<', so the whole page is read once
_TAG = re.compile(rb"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^<>]*?(/?)>")
_VOID = {b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta", b"source", b"track", b"wbr"}
# closed by the next one of their kind inside the same container: <li>one<li>two is two items, not one in the other
_BLOCKS = {b"div", b"section", b"article", b"blockquote", b"td", b"th", b"li", b"table", b"ul", b"ol", b"body"}
_IMPLIED_END = {b"li": {b"ul", b"ol"}, b"dt": {b"dl"}, b"dd": {b"dl"}, b"td": {b"tr", b"table"},
                b"th": {b"tr", b"table"}, b"tr": {b"table", b"tbody", b"thead", b"tfoot"}, b"tbody": {b"table"},
                b"thead": {b"table"}, b"tfoot": {b"table"}, b"colgroup": {b"table"}, b"option": {b"select", b"datalist"},
                b"optgroup": {b"select"}, b"rt": {b"ruby"}, b"rp": {b"ruby"}, b"p": _BLOCKS}
_IMPLIED_LOOKBACK = 8  # elements looked through for the open one; bounded, so the count stays linear
_LAYOUT_TAGS = re.compile(rb"</?(?:div|span|section|font|center|main|aside|article|header|table|tbody|tr|td|li|ul|ol|b|i|em|strong)\b[^<>]*>",
                          re.IGNORECASE)


_XML_INCOMPATIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def nesting_depth(html: bytes) -> int:
    """The deepest element nesting of the page, from its tags alone (linear, no parse).

    A stack of open elements: a closing tag pops to its element (ignored when none is open, so stray closers
    cost nothing), and an element with an implied end closes an open one of its kind in the same container.
    """
    stack: list[bytes] = []
    open_count: dict[bytes, int] = {}
    deepest = 0

    def pop_to(name: bytes) -> None:
        while stack:
            top = stack.pop()
            open_count[top] -= 1
            if top == name:
                return

    for closing, raw_name, self_closing in _TAG.findall(html):
        name = raw_name.lower()
        if name in _VOID or self_closing:
            continue
        if closing:
            if open_count.get(name):
                pop_to(name)
            continue
        if name in _IMPLIED_END and open_count.get(name):
            for above in reversed(stack[-_IMPLIED_LOOKBACK:]):
                if above == name:
                    pop_to(name)
                    break
                if above in _IMPLIED_END[name]:
                    break
        stack.append(name)
        open_count[name] = open_count.get(name, 0) + 1
        deepest = max(deepest, len(stack))
    return deepest


def flattened(html: bytes | str) -> bytes | str:
    """The page with its layout tags removed when it nests deeper than the parser keeps."""
    raw = html.encode("utf-8") if isinstance(html, str) else html
    if nesting_depth(raw) <= MAX_PARSED_DEPTH:
        return html
    flat = _LAYOUT_TAGS.sub(b" ", raw)
    return flat.decode("utf-8") if isinstance(html, str) else flat


_DOCUMENT_TAG = re.compile(rb"<(?:html|body|head)[\s>/]", re.IGNORECASE)


def as_document(html: bytes | str) -> bytes | str:
    """A fragment (a feed item's or an export's article HTML) wrapped as one article's page.

    Read bare, trafilatura takes a fragment's subheadings for page furniture and drops them.
    """
    raw = html.encode("utf-8", errors="replace") if isinstance(html, str) else html
    if _DOCUMENT_TAG.search(raw[:65536]) or raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: left as it is
        return html
    wrapped = b"<html><body><article>" + raw + b"</article></body></html>"
    return wrapped.decode("utf-8", errors="replace") if isinstance(html, str) else wrapped


def extract_page(html: bytes | str, url: str | None = None) -> ExtractedPage:
    """Main text (subheadings listed apart) and metadata of an HTML page or of an article's HTML fragment."""
    html = as_document(flattened(html))
    tree = load_html(html)
    if tree is None:
        return ExtractedPage("", set(), None, None, None, None, url, [], extractor="none")
    document = trafilatura.bare_extraction(
        tree, url=url, favor_precision=True, include_comments=False, include_tables=True, fast=True,
        include_images=False, include_links=False,
    )
    text, headings = _trafilatura_text(document)
    extractor = "trafilatura"
    kept_words = len(_WORD.findall(text))
    page_words = _paragraph_words(tree)
    if kept_words < THIN_WORDS or page_words >= SECOND_OPINION_RATIO * kept_words:
        other_text, other_headings = _readability_text(html)
        if _better_second_opinion(text, other_text):
            text, headings, extractor = other_text, other_headings, "readability"
    linked_data = None
    if len(_WORD.findall(text)) < THIN_WORDS:  # a page its scripts fill may hold its text only in its JSON-LD
        linked_data = json_ld_articles(tree)
        body = _article_body(linked_data)
        if len(_WORD.findall(body)) > len(_WORD.findall(text)):
            text, headings, extractor = body, set(), "json-ld"
    meta = page_metadata(tree, url, linked_data)
    if extractor == "json-ld":  # the text is the JSON-LD article's: so is its headline where the page's title
        meta.title, meta.sitename = _json_ld_naming(linked_data, meta.title, meta.sitename)  # names only the site
    return ExtractedPage(
        text=text,
        headings=headings,
        title=meta.title,
        published=meta.date,
        author=meta.author,
        site=meta.sitename,
        url=meta.url or url,
        page_lines=_visible_lines(tree),
        extractor=extractor,
    )


_ARTICLE_TYPE = re.compile(r"article|posting|report", re.IGNORECASE)  # NewsArticle, BlogPosting, Report ...


def json_ld_articles(tree) -> list[dict]:
    """The articles the page's JSON-LD describes (also inside an ``@graph``); [] when it has none it can read."""
    articles: list[dict] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content())
        except (ValueError, RecursionError):
            continue
        for item in data if isinstance(data, list) else [data]:
            graph = item.get("@graph") if isinstance(item, dict) else None
            for node in graph if isinstance(graph, list) else [item]:
                kinds = node.get("@type") if isinstance(node, dict) else None
                if any(isinstance(kind, str) and _ARTICLE_TYPE.search(kind)
                       for kind in (kinds if isinstance(kinds, list) else [kinds])):
                    articles.append(node)
    return articles


def _article_body(articles: list[dict]) -> str:
    """The longest ``articleBody`` of the page's JSON-LD articles, one paragraph a line (markup read as a page's)."""
    body = max((body for article in articles if isinstance(body := article.get("articleBody"), str)), key=len,
               default="")
    if "<" in body:
        try:
            return "\n".join(_block_lines(lxml.html.fromstring(body)))
        except (ValueError, lxml.etree.ParserError):
            pass
    return "\n".join(line for line in (" ".join(part.split()) for part in body.splitlines()) if line)


def _json_ld_naming(articles: list[dict], title: str | None, site: str | None) -> tuple[str | None, str | None]:
    """The headline and publisher's name of the JSON-LD article with the longest body, else ``title`` and
    ``site`` (a script-filled page's <title> may be the site's name alone)."""
    bodied = [a for a in articles if isinstance(a.get("articleBody"), str)]
    if not bodied:
        return title, site
    article = max(bodied, key=lambda a: len(a["articleBody"]))
    headline = article.get("headline")
    publisher = article.get("publisher")
    publisher = publisher[0] if isinstance(publisher, list) and publisher else publisher
    name = publisher.get("name") if isinstance(publisher, dict) else None
    site_only = not title or site is not None and title.casefold() == site.casefold() or "." in (site or ".")
    if site_only and isinstance(headline, str) and headline.strip():  # not a page's full og:title
        title = " ".join(headline.split())
    if (not site or "." in site) and isinstance(name, str) and name.strip():  # a domain stands in for no name
        site = " ".join(name.split())
    return title, site


def _json_ld_url(articles: list[dict], base: str | None) -> str | None:
    """The page an article's JSON-LD names as its own (``mainEntityOfPage``, a URL or ``{"@id": URL}``)."""
    for article in articles:
        page = article.get("mainEntityOfPage")
        page = (page.get("@id") or page.get("url")) if isinstance(page, dict) else page
        if isinstance(page, str) and page.strip():
            address = urljoin(base or "", page.strip())
            if address.startswith(("http://", "https://")):
                return address
    return None


# the last part of a <title> that names a section, not the outlet ("Pier closed | News")
SECTION_NAMES = {"news", "sport", "sports", "opinion", "world", "politics", "business", "home", "local", "uk",
                 "latest", "features", "comment", "lifestyle", "entertainment", "culture", "video", "live", "blog"}
SITE_NAME_MAX_WORDS = 5
_NAME_CONNECTIVES = {"of", "the", "and", "&", "de", "la", "le", "du", "on", "for"}


def title_site_name(title: str | None, url: str | None = None) -> str | None:
    """The outlet a page's <title> names after its headline ("Headline | Harlow Courier", "… – Alder Gazette"):
    a name of a few capitalised words, no section's name, after a bar, or after a dash where the page's domain
    spells it ("aldergazette.example"); None otherwise ("Storm Hits Coast - Live Updates", a headline's own second
    part, is no outlet)."""
    match = SITE_SUFFIX.search(title or "")
    name = " ".join(match.group(0).strip().lstrip("|:–—-").split()) if match else ""
    words = name.split()
    if not words or len(words) > SITE_NAME_MAX_WORDS or name.lower() in SECTION_NAMES or any(c.isdigit() for c in name):
        return None
    if not all(word[0].isupper() or word.lower() in _NAME_CONNECTIVES for word in words):
        return None  # "Man charged - police say": the rest of a headline, not a name
    if match.group(1) == "|":  # a bar parts a title from its site's name; a dash may part a headline
        return name
    host = (urlsplit(url).hostname or "").removeprefix("www.") if url else ""
    slug = re.sub(r"[^a-z0-9]", "", name.lower())
    return name if host and slug and slug in re.sub(r"[^a-z0-9]", "", host) else None


FUTURE_DATE_DAYS = 730  # how far past the clock a page's own date may be


def page_metadata(tree, url: str | None = None, linked_data: list[dict] | None = None):
    """Title, date, author, site name and URL from meta tags, JSON-LD and the page itself.

    The parts of trafilatura's metadata extraction that storyline uses (its
    categories, tags and licence lookups cost as much again). The URL is the
    page's own (og:url, JSON-LD's mainEntityOfPage, the canonical link) before
    the one it was read from; the site's name, when no metadata gives one, the
    <title>'s last part. ``linked_data``: the page's JSON-LD articles, when
    they were read already.
    """
    meta = examine_meta(tree)
    if meta.author and " " not in meta.author:
        meta.author = None  # a single token is usually a site handle, not a person
    try:
        meta = extract_meta_json(tree, meta)
    except Exception:  # noqa: BLE001, S110 - trafilatura's JSON-LD parser fails on odd markup; meta tags still count
        pass
    meta.title = meta.title or extract_title(tree)
    meta.author = meta.author or extract_author(tree)
    if not meta.url:  # JSON-LD read again only when no og:url gave the page's address
        linked_data = json_ld_articles(tree) if linked_data is None else linked_data
        meta.url = _json_ld_url(linked_data, url) or extract_url(tree, url)
    # a page dated after this machine's clock (a clock behind, an archive replayed) keeps its date: htmldate
    # drops any date past today unless told otherwise
    meta.date = find_date(tree, extensive_search=False, original_date=True, url=meta.url,
                          max_date=(datetime.date.today() + datetime.timedelta(days=FUTURE_DATE_DAYS)).isoformat())
    site = (meta.sitename or extract_sitename(tree) or "").lstrip("@")
    site = site.title() if "." not in site and site[:1].islower() else site
    meta.sitename = site or title_site_name(examine_title_element(tree)[0], meta.url)
    meta.author = _without_the_site(meta.author, meta.sitename) or _byline_element_author(tree)
    meta.clean_and_trim()
    return meta


def _without_the_site(author: str | None, site: str | None) -> str | None:
    """The people of an extracted author, not the outlet it ran on into ("Kara Lindgren; WKTR" of "By Kara
    Lindgren, WKTR 9 News": Kara Lindgren; "WKTR" alone: no one)."""
    if not author:
        return author
    outlet = squash_name(site or "")
    people = [part.strip() for part in author.split(";")
              if part.strip() and not (outlet and squash_name(part) and outlet.startswith(squash_name(part)))
              and not part.strip().isupper()]
    return "; ".join(people) or None


_BYLINE_CLASSES = ("byline", "meta", "author", "credit", "dateline")


def _byline_element_author(tree) -> str | None:
    """The author a short byline element names where the metadata named no one ("By Rhea Vantongeren ·
    <time>July 15, 2026</time>" in a <div class="meta">)."""
    for element in tree.iter("p", "div", "span"):
        classes = (element.get("class") or "").lower()
        if not any(word in classes for word in _BYLINE_CLASSES):
            continue
        text = " ".join(element.text_content().split())
        if text.lower().startswith("by ") and len(text) <= 160 and (parsed := parse_byline(text)) and parsed[0]:
            return parsed[0]
    return None


def _trafilatura_text(document) -> tuple[str, set[str]]:
    if document is None or document.body is None:
        return "", set()
    headings = {" ".join("".join(head.itertext()).split()) for head in document.body.iter("head")}
    lines = [" ".join(line.split()) for line in (document.text or "").splitlines()]
    return "\n".join(line.lstrip("-* ").strip() if line.startswith(("- ", "* ")) else line for line in lines if line), headings


def _readability_text(html: bytes | str) -> tuple[str, set[str]]:
    from readability import Document

    if isinstance(html, bytes):
        html = decode_file(html)  # readability would otherwise guess the encoding with chardet, slowly
    html = _XML_INCOMPATIBLE.sub("", html)  # lxml refuses to set such text on the elements readability builds
    try:
        summary = Document(html).summary(html_partial=True)
        fragment = lxml.html.fromstring(summary)
    except Exception:  # noqa: BLE001 - readability raises bare Exceptions on odd pages; it is only a second opinion
        return "", set()
    headings = {" ".join(h.text_content().split()) for h in fragment.iter(*_HEADING_TAGS)}
    return "\n".join(_block_lines(fragment)), headings


def _better_second_opinion(first: str, second: str) -> bool:
    first_words, second_words = _WORD.findall(first), _WORD.findall(second)
    if len(second_words) <= len(first_words):
        return False
    if len(first_words) < THIN_WORDS:
        return len(second_words) >= THIN_WORDS
    return len(second_words) >= TAKE_LENGTH_RATIO * len(first_words) and _containment(first_words, second_words) >= TAKE_CONTAINMENT


def _containment(inner: list[str], outer: list[str]) -> float:
    """Share of ``inner``'s 4-word shingles that ``outer`` has too."""
    shingles = Counter(tuple(inner[i:i + 4]) for i in range(max(1, len(inner) - 3)))
    others = Counter(tuple(outer[i:i + 4]) for i in range(max(1, len(outer) - 3)))
    total = sum(shingles.values())
    return sum(min(count, others[s]) for s, count in shingles.items()) / total if total else 0.0


def _paragraph_words(tree) -> int:
    total = 0
    for paragraph in tree.iter("p"):
        words = len(paragraph.text_content().split())
        if words >= PARAGRAPH_MIN_WORDS:
            total += words
    return total


def _visible_lines(tree) -> list[str]:
    """Every visible line of text on the page, one per block element (the tree is changed)."""
    for bad in tree.xpath("//script|//style|//noscript|//template|//svg|//head"):
        bad.drop_tree()
    return _block_lines(tree)


# characters an HTML parser lets through but an XML tree refuses to be given back (NUL in a broken tag)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _block_lines(root) -> list[str]:
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n" + _NOT_XML.sub(" ", element.tail or "")
        element.text = "\n" + _NOT_XML.sub(" ", element.text or "")
    text = root.text_content()
    return [line for line in (" ".join(part.split()) for part in text.split("\n")) if len(line) > 1]

