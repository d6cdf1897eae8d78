"""HTML pages: main text and metadata through trafilatura; the rest recorded as removed."""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html
import trafilatura
from lxml import etree

_BLOCK_TAGS = {
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "header", "footer", "nav",
    "aside", "section", "article", "main", "td", "th", "tr", "table", "br", "blockquote", "figure",
    "figcaption", "form", "button", "dt", "dd", "title", "label", "option",
}
_EMPHASIS = re.compile(r"(\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*]))")
_HEADING = re.compile(r"^#{1,6}\s+")


@dataclass
class ExtractedPage:
    text: str  # paragraphs separated by newlines
    headings: set[str]
    title: str | None
    published: str | None
    author: str | None
    site: str | None
    url: str | None
    page_lines: list[str]


def extract_page(html: bytes | str, url: str | None = None) -> ExtractedPage:
    """Main text (with subheadings marked) and metadata of an HTML page."""
    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, output_format="markdown", include_formatting=True,
        include_comments=False, include_tables=False, include_images=False, include_links=False,
    )
    lines: list[str] = []
    headings: set[str] = set()
    markdown = "" if document is None else (trafilatura.extract(
        html, url=url, output_format="markdown", include_formatting=True, include_comments=False,
        include_tables=False, include_images=False, include_links=False) or "")
    for line in markdown.splitlines():
        line = _EMPHASIS.sub("", line).strip()
        if not line:
            continue
        if _HEADING.match(line):
            line = _HEADING.sub("", line)
            headings.add(line)
        lines.append(line.lstrip("-* ").strip() if line.startswith(("- ", "* ")) else line)
    meta = document
    return ExtractedPage(
        text="\n".join(lines),
        headings=headings,
        title=getattr(meta, "title", None),
        published=getattr(meta, "date", None),
        author=getattr(meta, "author", None),
        site=getattr(meta, "sitename", None),
        url=getattr(meta, "url", None),
        page_lines=page_lines(html),
    )


def page_lines(html: bytes | str) -> list[str]:
    """Every visible line of text on the page, one per block element."""
    try:
        root = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    for bad in root.xpath("//script|//style|//noscript|//template|//svg|//head"):
        bad.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
            element.text = "\n" + (element.text or "")
    text = root.text_content()
    return [line for line in (" ".join(part.split()) for part in text.split("\n")) if len(line) > 1]
