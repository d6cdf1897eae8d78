"""Cleaning: raw documents to title, clean body blocks and recorded removals."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from storyline.clean.html import extract_page, slim_page
from storyline.clean.text import (CleanText, dateline_credit, normalized, strip_boilerplate, without_site_name,
                                  word_count)
from storyline.ingest.dates import parse_published
from storyline.ingest.decode import charset_of, decode_html, decode_text, utf16_without_bom
from storyline.ingest.errors import InputError
from storyline.ingest.jsonl import TEXT_KEYS, article_text, without_nul
from storyline.limits import max_document_bytes, too_large
from storyline.model import Article, Removal, counted
from storyline.outlets import outlet_self_names, squash_name

__all__ = ["clean_article", "clean_articles", "strip_boilerplate"]

MIN_BODY_WORDS = 15


def clean_articles(articles: list[Article]) -> list[Article]:
    """Fill title, body, blocks, removed parts and metadata of each article in place."""
    for article in articles:
        clean_article(article)
    return articles


def clean_article(article: Article, fallback_outlet: str | None = None) -> Article:
    """Clean one article; the outlet falls back to the URL's domain, then ``fallback_outlet``."""
    given = None  # what a JSON row's text was, when it gave none ("no text field", "an empty text field")
    if article.media_type == "application/json":
        item = without_nul(json.loads(article.raw))
        found = article_text(item)
        text, is_html = found or ("", False)
        if found is None:
            named = [key for key in ("html", *TEXT_KEYS) if key in item]
            given = f"its {named[0]!r} is empty" if named else "the row gives a title and no text field"
        if is_html:
            _clean_html(article, text)
        else:
            _apply(article, strip_boilerplate(text, title=article.title, url=article.url,
                                              outlet=article.outlet or fallback_outlet, author=article.author))
    elif article.media_type.partition(";")[0] == "text/html":
        charset = charset_of(article.media_type)  # an HTTP header's, as a WARC response declared it
        _clean_html(article, decode_html(article.raw, article.source, charset) if charset else article.raw)
    else:
        _apply(article, strip_boilerplate(decode_text(article.raw, article.source), title=article.title,
                                          url=article.url, outlet=article.outlet or fallback_outlet,
                                          author=article.author))
    article.outlet = article.outlet or _site_by_its_dateline(article) or _domain(article.url) or fallback_outlet
    if word_count(article.body) < MIN_BODY_WORDS:
        article.status = "no_text"
        article.note = (
            f"{article.source}: no article text: {given}; stored raw, skipped annotation" if given else
            f"{article.source}: no article text left after removing boilerplate "
            f"({counted(word_count(article.body), 'word')} kept, {counted(len(article.removed), 'part')} removed); "
            "stored raw, skipped annotation"
        )
    return article


def _clean_html(article: Article, html: bytes | str) -> None:
    if isinstance(html, bytes) and not html.strip():
        raise InputError(article.source, "empty HTML page")
    if isinstance(html, bytes) and (utf16 := utf16_without_bom(html[:65536])):
        html = html.decode(utf16, errors="replace")  # lxml guesses no encoding for UTF-16 without a BOM
    if len(html) > max_document_bytes():  # bytes, or characters of a page decoded above
        raw = html if isinstance(html, bytes) else html.encode("utf-8")
        slim = slim_page(raw)
        if len(slim) > max_document_bytes():
            raise InputError(article.source, f"HTML page {too_large(len(slim))}, even without its scripts, "
                             "styles and inline images")
        html = slim if isinstance(html, bytes) else slim.decode("utf-8", errors="replace")
    page = extract_page(html, url=article.url)
    article.url = article.url or page.url
    article.published = article.published or (parse_published(page.published) if page.published else None)
    article.author = article.author or page.author
    article.outlet = article.outlet or page.site
    title = article.title or (without_site_name(page.title) if page.title else None)
    result = strip_boilerplate(page.text, title=title, headings=page.headings, whole_page=False, url=article.url,
                               author=article.author)
    body_keys = {normalized(block.text) for block in result.blocks}
    body_text = " ".join(body_keys)
    title_key = normalized(result.title or "")
    seen: set[str] = {normalized(removal.text) for removal in result.removed}  # told once, by the finer reason
    chrome: list[Removal] = []
    for line in page.page_lines:
        key = normalized(line)
        if not key or key in seen or key == title_key or key in body_keys or key in body_text:
            continue
        seen.add(key)
        chrome.append(Removal(text=line, reason="outside the article's main content (HTML extraction)", kind="page-chrome"))
    result.removed[:0] = chrome
    _apply(article, result)


def _apply(article: Article, result: CleanText) -> None:
    article.title = result.title or article.title
    article.blocks = result.blocks
    article.removed = result.removed
    article.body = result.body
    article.published = article.published or result.published
    article.author = article.author or result.author
    if not article.url:  # a site's domain names its outlet first; a page without one, by the name it prints
        article.outlet = article.outlet or result.outlet



def _site_by_its_dateline(article: Article) -> str | None:
    """The name a site's own dateline credits it by ("DORNBY, Marl (Kell Wire) -" at kellwire.example): the
    outlet's name, where its address gives only its domain."""
    credit = dateline_credit(article.body)
    if credit and article.url and squash_name(credit) in outlet_self_names(None, article.url):
        return credit
    return None


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None
