"""WARC input: damaged archives are reported, only 2xx HTML responses become documents, decoded as declared."""

from __future__ import annotations

import codecs
import io
import json
import random
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from conftest import run_cli

from storyline.clean import clean_article
from storyline.ingest import InputError, discover
from storyline.ingest.decode import charset_of, decode_html
from storyline.model import Article, RawDocument

PAGE = ("<!DOCTYPE html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        + "<p>Søren Vik, the harbour master of Velmar, said on Monday that the quay would reopen next week.</p>" * 3
        + "</article></body></html>")


def page(title: str) -> bytes:
    return PAGE.format(title=title).encode()


def response(writer: WARCWriter, url: str, payload: bytes, headers: list[tuple[str, str]],
             status: str = "200 OK") -> None:
    http_headers = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(payload),
                                                  http_headers=http_headers))


def collect(path: Path) -> tuple[list[RawDocument], list[InputError]]:
    items = list(discover([str(path)]))
    return [i for i in items if isinstance(i, RawDocument)], [i for i in items if isinstance(i, InputError)]


def cleaned(doc: RawDocument) -> Article:
    return clean_article(Article.from_raw(doc))


@pytest.fixture
def archive_with_an_image(tmp_path):
    """A plain WARC: a page, a 200 KB JPEG, a page; and where each record starts."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    starts = []
    for url, payload, content_type in (("https://velmar.example/quay", page("Quay"), "text/html"),
                                       ("https://velmar.example/quay.jpg", bytes(range(256)) * 800, "image/jpeg"),
                                       ("https://velmar.example/ferry", page("Ferry"), "text/html")):
        starts.append(buffer.tell())
        response(writer, url, payload, [("Content-Type", content_type)])
    return buffer.getvalue(), starts


def test_a_plain_warc_cut_inside_an_image_record_is_reported_and_the_page_before_it_kept(tmp_path,
                                                                                        archive_with_an_image):
    data, _ = archive_with_an_image
    path = tmp_path / "crawl.warc"
    path.write_bytes(data[:100_000])
    docs, failed = collect(path)
    assert [d.meta["url"] for d in docs] == ["https://velmar.example/quay"]
    assert [f.source for f in failed] == [f"{path}#https://velmar.example/quay.jpg"]
    assert failed[0].message == "damaged WARC: record cut short (fewer bytes than its Content-Length)"


@pytest.mark.parametrize("into_headers", [10, 30, 150])
def test_a_plain_warc_cut_inside_a_records_headers_is_reported(tmp_path, archive_with_an_image, into_headers):
    data, starts = archive_with_an_image
    path = tmp_path / "crawl.warc"
    path.write_bytes(data[:starts[2] + into_headers])
    docs, failed = collect(path)
    assert [d.meta["url"] for d in docs] == ["https://velmar.example/quay"]
    assert len(failed) == 1 and failed[0].source.startswith(str(path))
    assert "damaged WARC" in failed[0].message and "cut short" in failed[0].message


def test_a_whole_archive_with_every_kind_of_record_reports_nothing(tmp_path, archive_with_an_image):
    path = tmp_path / "crawl.warc"
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=False)
        writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "test"}))
        request = StatusAndHeaders("GET /quay HTTP/1.1", [("Host", "velmar.example")], is_http_request=True)
        writer.write_record(writer.create_warc_record("https://velmar.example/quay", "request", http_headers=request))
        stream.write(archive_with_an_image[0])
    docs, failed = collect(path)
    assert [d.meta["url"] for d in docs] == ["https://velmar.example/quay", "https://velmar.example/ferry"]
    assert not failed


def test_a_response_without_content_type_is_read_when_it_looks_like_html(tmp_path):
    path = tmp_path / "crawl.warc"
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=False)
        response(writer, "https://velmar.example/quay", codecs.BOM_UTF8 + b"\n  " + page("Quay"), [])
        response(writer, "https://velmar.example/fragment", b"<div><p>The ferry leaves at six.</p></div>", [])
        response(writer, "https://velmar.example/api", b'{"quay": "open"}', [])
        response(writer, "https://velmar.example/logo", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", [])
    docs, failed = collect(path)
    assert [d.meta["url"] for d in docs] == ["https://velmar.example/quay", "https://velmar.example/fragment"]
    assert docs[0].media_type == "text/html" and not failed
    assert cleaned(docs[0]).title == "Quay"


def test_a_brotli_encoded_response_is_decoded(tmp_path):
    import brotli

    words = random.Random(7).choices(["quay", "ferry", "tide", "harbour", "Velmar", "crane", "pier", "dock"], k=80_000)
    long_page = page("Quay").replace(b"</article>", f"<p>{' '.join(words)}</p></article>".encode())
    assert len(brotli.compress(long_page, quality=5)) > 3 * 16384  # several of warcio's reads
    path = tmp_path / "crawl.warc"
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=False)
        for url, html in (("https://velmar.example/quay", page("Quay")), ("https://velmar.example/long", long_page)):
            response(writer, url, brotli.compress(html, quality=5),
                     [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "br")])
    docs, failed = collect(path)
    assert not failed and [d.raw for d in docs] == [page("Quay"), long_page]


def test_a_response_still_binary_after_decoding_is_an_error_naming_its_url(tmp_path):
    path = tmp_path / "crawl.warc"
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=False)
        response(writer, "https://velmar.example/broken", b"\x00\x8b\x01not brotli\x00" * 40,
                 [("Content-Type", "text/html"), ("Content-Encoding", "br")])
        response(writer, "https://velmar.example/quay", page("Quay"), [("Content-Type", "text/html")])
    docs, failed = collect(path)
    assert [d.meta["url"] for d in docs] == ["https://velmar.example/quay"]
    assert [f.source for f in failed] == [f"{path}#https://velmar.example/broken"]
    assert failed[0].message == "binary content (NUL bytes), not an HTML page (Content-Encoding: br); skipped"


def test_the_http_headers_charset_decodes_the_page_and_the_raw_bytes_stay_as_archived(tmp_path):
    # the page's own meta charset (Windows-1250) reads byte F8 as "ř": the HTTP header comes first
    html = page("Søren Vik").replace(b"<head>", b'<head><meta charset="windows-1250">').decode().encode("cp1252")
    path = tmp_path / "crawl.warc"
    with path.open("wb") as stream:
        response(WARCWriter(stream, gzip=False), "https://velmar.example/quay", html,
                 [("Content-Type", "text/html; charset=windows-1252")])
    docs, failed = collect(path)
    assert not failed and docs[0].raw == html and docs[0].media_type == "text/html; charset=cp1252"
    article = cleaned(docs[0])
    assert article.title == "Søren Vik" and article.body.startswith("Søren Vik, the harbour master")


def test_html_is_decoded_by_its_byte_order_mark_header_charset_meta_charset_then_utf8_then_windows_1252():
    text = "Søren said “yes”"
    meta = b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1250">'
    assert decode_html(codecs.BOM_UTF8 + text.encode(), "a.html", "cp1252") == text
    assert decode_html(text.encode("cp1252"), "a.html", "cp1252") == text
    assert decode_html(meta + text.encode("cp1252"), "a.html") == meta.decode() + "Sřren said “yes”"
    assert decode_html(text.encode(), "a.html") == text
    assert decode_html(text.encode("cp1252"), "a.html", "utf-8") == text  # a charset the bytes belie is passed over
    assert charset_of("text/html; Charset=\"ISO-8859-1\"") == "cp1252"  # as browsers read it
    assert charset_of("text/html; charset=base64") is None and charset_of("text/html") is None


def test_redirects_errors_and_revisits_are_skipped(tmp_path):
    path = tmp_path / "crawl.warc"
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=False)
        response(writer, "https://velmar.example/quay", page("Quay"), [("Content-Type", "text/html")])
        for status in ("404 Not Found", "301 Moved Permanently", "500 Internal Server Error"):
            response(writer, f"https://velmar.example/{status[:3]}", page(status), [("Content-Type", "text/html")],
                     status=status)
        writer.write_record(writer.create_revisit_record("https://velmar.example/quay", "sha1:AAAA",
                                                         "https://velmar.example/quay", "2026-03-01T10:00:00Z"))
    docs, failed = collect(path)
    assert [d.meta["url"] for d in docs] == ["https://velmar.example/quay"] and not failed

    only_errors = tmp_path / "errors.warc"
    with only_errors.open("wb") as stream:
        writer = WARCWriter(stream, gzip=False)
        response(writer, "https://velmar.example/gone", page("404 Not Found"), [("Content-Type", "text/html")],
                 status="404 Not Found")
    docs, failed = collect(only_errors)
    assert not docs
    assert [f.message for f in failed] == ["WARC holds no HTML responses (1 redirect or error responses skipped)"]


def test_an_archived_page_with_its_charset_downloads_as_html(examples_db):
    import sqlite3

    from fastapi.testclient import TestClient

    from storyline.web import create_app

    with sqlite3.connect(examples_db[0]) as connection:
        article_id, media_type = connection.execute(
            "SELECT id, media_type FROM articles WHERE source LIKE '%.warc%' LIMIT 1").fetchone()
    assert media_type == "text/html; charset=utf-8"  # as the archive's HTTP header declared it
    raw = TestClient(create_app(f"sqlite:///{examples_db[0]}")).get(f"/api/v1/articles/{article_id}/raw")
    assert raw.headers["content-disposition"] == f'attachment; filename="{article_id}.html"'


def test_two_captures_of_one_url_are_named_apart_the_first_as_before(tmp_path):
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    url = "https://velmar.example/quay"
    for title, date in (("Quay", "2026-03-10T08:00:00Z"), ("Quay updated", "2026-03-11T08:00:00Z"),
                        ("Quay again", "2026-03-11T08:00:00Z")):
        http_headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(page(title)),
                                                      http_headers=http_headers, warc_headers_dict={"WARC-Date": date}))
    path = tmp_path / "crawl.warc"
    path.write_bytes(buffer.getvalue())
    docs, failed = collect(path)
    assert not failed
    assert [d.source for d in docs] == [f"{path}#{url}", f"{path}#{url}@2026-03-11T08:00:00Z",
                                        f"{path}#{url}@2026-03-11T08:00:00Z (2)"]
    assert [d.meta["url"] for d in docs] == [url] * 3


def test_a_later_capture_of_a_corrected_page_is_the_page_shown_and_its_first_capture_differs_from_no_one(tmp_path):
    story = ("<!DOCTYPE html><html><head><title>Premier says violent crime fell</title>"
             "<meta property='article:published_time' content='2026-03-10'></head><body><article>"
             "<h1>Premier says violent crime fell</h1>{note}"
             "<p>Premier Zoë Ní Bhriain told business leaders in Carrowmore on Tuesday that violent crime in the region "
             "had fallen by {share} per cent last year, the largest fall in a decade.</p>"
             "<p>She said the figures showed that the government's investment in community policing was working, "
             "and promised forty new officers for the north of the region before the end of the year.</p>"
             "<p>Opposition parties said they would examine the figures closely when the statistics office publishes "
             "its annual report next week.</p></article></body></html>")
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    url = "https://carrowmore.example/news/premier-crime"
    for share, note, stamp in (("13", "", "2026-03-10T12:30:00Z"),
                               ("18", "<p>Correction: An earlier version of this article misstated the figure as 13 "
                                      "per cent.</p>", "2026-03-10T14:20:00Z")):
        http_headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            url, "response", payload=io.BytesIO(story.format(share=share, note=note).encode()),
            http_headers=http_headers, warc_headers_dict={"WARC-Date": stamp}))
    archive = tmp_path / "examiner.warc"
    archive.write_bytes(buffer.getvalue())
    other = tmp_path / "ledger" / "speech.txt"
    other.parent.mkdir()
    other.write_text("Premier says crime fell by 18 per cent\n\nPremier Zoë Ní Bhriain told business leaders in "
                     "Carrowmore on Tuesday that violent crime in the region had fallen by 18 per cent last year.\n",
                     encoding="utf-8")
    db = tmp_path / "c.db"
    run_cli("ingest", str(archive), str(other), db=db, check=True)
    run_cli("export", "articles", "--out", str(tmp_path / "a.json"), db=db, check=True)
    articles = json.loads((tmp_path / "a.json").read_text())
    captures = {a["body"].count("18 per cent") > 0: a for a in articles if a["url"] == url}
    assert captures[True]["duplicate_of"] is None and captures[False]["duplicate_of"] == captures[True]["id"]
    shown = json.loads(run_cli("show", captures[True]["story"], "--json", db=db, check=True).stdout)
    assert shown["comparison"]["disagreements"] == []
