"""Fetching URLs: never the machine's own or private addresses unless allowed; redirects bounded and checked."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from storyline.ingest import InputError, discover
from storyline.ingest.fetch import ALLOW_PRIVATE_ENV, MAX_REDIRECTS, check_public

PAGE = (b"<html><head><title>Velmar dock strike</title></head><body><article><p>Dock workers at the port of Velmar "
        b"walked out on Monday after talks on a new wage contract broke down, union officials said.</p></article>"
        b"</body></html>")


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the http.server API
        if self.path.startswith("/hop/"):
            left = int(self.path.rsplit("/", 1)[-1])
            self.send_response(302)
            self.send_header("Location", "/page" if left == 0 else f"/hop/{left - 1}")
            self.end_headers()
            return
        self.send_response(200)
        if self.path == "/cp1252":
            self.send_header("Content-Type", "text/html; charset=windows-1252")
            self.end_headers()
            self.wfile.write(PAGE.replace(b"Velmar dock", "Søren's dock".encode("cp1252")))
            return
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def local_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.parametrize("url", ["http://127.0.0.1/", "http://localhost:8000/admin", "http://10.1.2.3/feed",
                                 "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://192.168.0.1/"])
def test_internal_addresses_are_refused_with_the_url_named(url, monkeypatch):
    monkeypatch.delenv(ALLOW_PRIVATE_ENV, raising=False)
    [result] = list(discover([url]))
    assert isinstance(result, InputError) and result.source == url
    assert "refusing to fetch" in result.message and "private or link-local" in result.message


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/feed.xml", "gopher://example.org/"])
def test_only_http_and_https_are_fetched(url):
    with pytest.raises(InputError, match="only http and https"):
        check_public(url, url)


def test_a_local_server_is_read_only_when_allowed_and_redirects_are_bounded(local_server, monkeypatch):
    monkeypatch.delenv(ALLOW_PRIVATE_ENV, raising=False)
    [refused] = list(discover([local_server + "/page"]))
    assert isinstance(refused, InputError) and "refusing" in refused.message
    monkeypatch.setenv(ALLOW_PRIVATE_ENV, "1")
    [page] = list(discover([local_server + f"/hop/{MAX_REDIRECTS - 1}"]))
    assert not isinstance(page, InputError) and page.raw == PAGE and page.meta["url"].endswith("/page")
    [too_far] = list(discover([local_server + f"/hop/{MAX_REDIRECTS + 1}"]))
    assert isinstance(too_far, InputError) and f"more than {MAX_REDIRECTS} redirects" in too_far.message


def test_a_fetched_page_is_decoded_with_the_charset_its_http_header_declares(local_server, monkeypatch):
    from storyline.clean import clean_article
    from storyline.model import Article

    monkeypatch.setenv(ALLOW_PRIVATE_ENV, "1")
    [page] = list(discover([local_server + "/cp1252"]))
    assert page.media_type == "text/html; charset=cp1252" and "Søren's".encode("cp1252") in page.raw
    assert clean_article(Article.from_raw(page)).title == "Søren's dock strike"
