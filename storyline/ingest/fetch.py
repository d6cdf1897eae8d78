"""Fetching pages and feeds over HTTP with timeouts, a size cap and bounded concurrency."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx

from storyline.ingest.errors import InputError
from storyline.model import RawDocument

TIMEOUT = httpx.Timeout(20.0, connect=10.0)
MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
CONCURRENCY = 4
USER_AGENT = "storyline/0.1 (+news clustering; polite fetcher)"


def fetch(url: str, client: httpx.Client) -> tuple[bytes, str, str]:
    """GET ``url``; return (body, content type, final URL). Raises InputError."""
    try:
        with client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise InputError(url, f"HTTP {response.status_code}")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_BYTES:
                    raise InputError(url, f"response larger than {MAX_BYTES // (1024 * 1024)} MB")
                chunks.append(chunk)
            return b"".join(chunks), response.headers.get("content-type", ""), str(response.url)
    except httpx.TooManyRedirects:
        raise InputError(url, f"more than {MAX_REDIRECTS} redirects") from None
    except httpx.HTTPError as error:
        raise InputError(url, f"fetch failed: {type(error).__name__}: {error}") from None


def _client() -> httpx.Client:
    return httpx.Client(
        timeout=TIMEOUT, follow_redirects=True, max_redirects=MAX_REDIRECTS,
        headers={"User-Agent": USER_AGENT},
    )


def read_url(url: str) -> Iterator[RawDocument | InputError]:
    """A page or a feed by URL."""
    from storyline.ingest.feed import is_feed, read_feed

    with _client() as client:
        try:
            body, content_type, final_url = fetch(url, client)
        except InputError as error:
            yield error
            return
    if "xml" in content_type or "rss" in content_type or "atom" in content_type or is_feed(body):
        try:
            yield from read_feed(body, url)
        except InputError as error:
            yield error
        return
    yield RawDocument(raw=body, source=url, media_type="text/html", meta={"url": final_url})


def fetch_pages(items: list[tuple[str, dict]]) -> Iterator[RawDocument | InputError]:
    """Fetch feed-item links, at most CONCURRENCY at a time, yielding in item order."""
    with _client() as client, ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
        def get(item: tuple[str, dict]) -> RawDocument | InputError:
            link, meta = item
            try:
                body, _, final_url = fetch(link, client)
            except InputError as error:
                return error
            return RawDocument(raw=body, source=link, media_type="text/html", meta={**meta, "url": final_url})

        yield from pool.map(get, items)
