"""Fetching pages and feeds over HTTP with timeouts, a size cap and bounded concurrency."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urljoin, urlsplit

import httpx

from storyline.ingest.decode import html_media_type
from storyline.ingest.errors import InputError
from storyline.model import RawDocument

TIMEOUT = httpx.Timeout(20.0, connect=10.0)
MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
CONCURRENCY = 4
USER_AGENT = "storyline/0.1 (+news clustering; polite fetcher)"
ALLOW_PRIVATE_ENV = "STORYLINE_ALLOW_PRIVATE_URLS"


def fetch(url: str, client: httpx.Client) -> tuple[bytes, str, str]:
    """GET ``url``; return (body, content type, final URL). Raises InputError.

    Every hop of a redirect is checked like the first URL: http(s) only, and no
    loopback, private, link-local or otherwise internal address unless
    $STORYLINE_ALLOW_PRIVATE_URLS is set (a feed must not make us read the
    machine's own services).
    """
    current = url
    try:
        for _ in range(MAX_REDIRECTS + 1):
            check_public(current, url)
            with client.stream("GET", current) as response:
                if response.is_redirect and "location" in response.headers:
                    current = urljoin(current, response.headers["location"])
                    continue
                if response.status_code >= 400:
                    raise InputError(url, f"HTTP {response.status_code}")
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > MAX_BYTES:
                        raise InputError(url, f"response larger than {MAX_BYTES // (1024 * 1024)} MB")
                    chunks.append(chunk)
                return b"".join(chunks), response.headers.get("content-type", ""), str(response.url)
        raise InputError(url, f"more than {MAX_REDIRECTS} redirects")
    except httpx.HTTPError as error:
        raise InputError(url, f"fetch failed: {type(error).__name__}: {error}") from None


def check_public(target: str, source: str) -> None:
    """Raise InputError (naming ``source``) unless ``target`` is an http(s) URL of public addresses only."""
    parts = urlsplit(target)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(source, f"refusing to fetch {target!r}: only http and https URLs are read")
    if os.environ.get(ALLOW_PRIVATE_ENV):
        return
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, parts.port or 80,
                                                              type=socket.SOCK_STREAM)}
    except (socket.gaierror, UnicodeError) as error:
        raise InputError(source, f"cannot resolve {parts.hostname!r}: {error}") from None
    for address in sorted(addresses):
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global or ip.is_multicast:
            raise InputError(source, f"refusing to fetch {target!r}: {parts.hostname} is {address}, a loopback, "
                                     f"private or link-local address (set {ALLOW_PRIVATE_ENV}=1 to allow)")


def _client() -> httpx.Client:
    # redirects are followed by fetch(), which checks every hop
    return httpx.Client(timeout=TIMEOUT, follow_redirects=False, headers={"User-Agent": USER_AGENT})


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
    yield RawDocument(raw=body, source=url, media_type=html_media_type(content_type), meta={"url": final_url})


def fetch_pages(items: list[tuple[str, dict]]) -> Iterator[RawDocument | InputError]:
    """Fetch feed-item links, at most CONCURRENCY at a time, yielding in item order."""
    with _client() as client, ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
        def get(item: tuple[str, dict]) -> RawDocument | InputError:
            link, meta = item
            try:
                body, content_type, final_url = fetch(link, client)
            except InputError as error:
                return error
            return RawDocument(raw=body, source=link, media_type=html_media_type(content_type),
                               meta={**meta, "url": final_url})

        yield from pool.map(get, items)
