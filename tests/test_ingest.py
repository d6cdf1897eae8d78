"""Reading inputs: every format becomes raw documents; bad inputs become clear per-input errors."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from storyline.ingest import InputError, discover
from storyline.model import Article, RawDocument

PAGE = "<html><head><title>Quay Reopens</title></head><body><article><h1>Quay Reopens</h1>" + \
    "<p>" + "The harbour quay at Velmar reopened on Friday after a month of repairs. " * 6 + "</p></article></body></html>"


def collect(*paths: Path, outlet: str | None = None) -> tuple[list[RawDocument], list[InputError]]:
    items = list(discover([str(p) for p in paths], outlet=outlet))
    return [i for i in items if isinstance(i, RawDocument)], [i for i in items if isinstance(i, InputError)]


def test_plain_text_and_html_files_keep_raw_bytes_and_folder_outlet(tmp_path):
    folder = tmp_path / "velmar-post"
    folder.mkdir()
    (folder / "a.txt").write_bytes("Quay Reopens\n\nThe quay reopened on Friday.\n".encode())
    (folder / "b.html").write_text(PAGE)
    docs, failed = collect(tmp_path)
    assert not failed
    assert [d.media_type for d in docs] == ["text/plain", "text/html"]
    assert docs[0].raw == (folder / "a.txt").read_bytes()
    assert all(d.meta["fallback_outlet"] == "velmar-post" for d in docs)


def test_an_archive_dated_by_folders_takes_its_outlet_from_the_folder_above_the_dates(tmp_path):
    folder = tmp_path / "velmar-post" / "2026" / "03"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text("Quay Reopens\n\nThe quay reopened on Friday.\n")
    (tmp_path / "velmar-post" / "2026-04-02").mkdir()
    (tmp_path / "velmar-post" / "2026-04-02" / "b.txt").write_text("Quay Closes\n\nThe quay closed again.\n")
    docs, failed = collect(tmp_path)
    assert not failed
    assert [d.meta["fallback_outlet"] for d in docs] == ["velmar-post", "velmar-post"]


def test_outlet_option_comes_before_the_folder_name(tmp_path):
    (tmp_path / "a.txt").write_text("Quay Reopens\n\nThe quay reopened on Friday.\n")
    docs, _ = collect(tmp_path / "a.txt", outlet="Velmar Post")
    assert docs[0].meta["fallback_outlet"] == "Velmar Post"


def test_jsonl_lines_become_articles_and_a_malformed_line_is_reported(tmp_path):
    path = tmp_path / "export.jsonl"
    lines = [
        json.dumps({"id": "vp-1", "title": "Quay Reopens", "text": "The quay reopened.", "url": "https://velmar.example/q",
                    "outlet": "Velmar Post", "published": "2026-04-03T10:00:00Z", "section": "ignored"}),
        "{not json",
        json.dumps({"id": "vp-2", "title": "Bridge Shut", "text": "The bridge shut.", "published": "April 3"}),
        json.dumps({"id": "vp-3", "html": PAGE, "published": "2026-04-04"}),
    ]
    path.write_text("\n".join(lines) + "\n")
    docs, failed = collect(path)
    assert [d.meta.get("external_id") for d in docs] == ["vp-1", "vp-3"]
    assert docs[0].meta["published"] == "2026-04-03" and docs[0].meta["outlet"] == "Velmar Post"
    assert [f.source for f in failed] == [f"{path}:2", f"{path}:3"]
    assert "invalid JSON" in failed[0].message and "published" in failed[1].message


def test_empty_binary_and_undecodable_files_get_one_line_errors_and_others_still_read(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "undecodable.txt").write_bytes(b"\x81\x8d\x8f\x90\x9d" * 50 + b"\x01\x02" * 20)
    (tmp_path / "good.txt").write_text("Quay Reopens\n\nThe quay reopened on Friday.\n")
    docs, failed = collect(tmp_path)
    assert [Path(d.source).name for d in docs] == ["good.txt"]
    messages = {Path(f.source).name: f.message for f in failed}
    assert set(messages) == {"empty.txt", "binary.txt", "undecodable.txt"}
    assert "empty" in messages["empty.txt"]
    assert "binary" in messages["binary.txt"]
    assert all("\n" not in str(f) for f in failed)


def test_windows_1252_text_is_decoded_not_refused(tmp_path):
    from storyline.ingest.decode import decode_text

    raw = "The mayor’s “plan” costs €4 million.".encode("cp1252")
    assert decode_text(raw, "x.txt") == "The mayor’s “plan” costs €4 million."


def test_rss_items_with_full_content_are_read_without_fetching(tmp_path):
    body = "<p>" + "The harbour quay at Velmar reopened on Friday after a month of repairs. " * 12 + "</p>"
    feed = f"""<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Velmar Post</title><link>https://velmar.example/</link>
<item><title>Quay Reopens</title><link>https://velmar.example/quay</link><guid>vp-quay</guid>
<pubDate>Fri, 03 Apr 2026 09:00:00 +0000</pubDate><content:encoded><![CDATA[{body}]]></content:encoded></item>
</channel></rss>"""
    (tmp_path / "velmar.rss").write_text(feed)
    docs, failed = collect(tmp_path / "velmar.rss")
    assert not failed
    assert docs[0].meta == {"external_id": "vp-quay", "title": "Quay Reopens", "url": "https://velmar.example/quay",
                            "outlet": "Velmar Post", "published": "2026-04-03", "fallback_outlet": tmp_path.name,
                            "outlet_is_folder": True}
    assert docs[0].raw == body.encode()


def test_a_feed_cut_off_mid_item_is_named_malformed_and_its_cut_item_is_not_fetched(tmp_path):
    import feedparser

    body = "<p>" + "The harbour quay at Velmar reopened on Friday after a month of repairs. " * 12 + "</p>"
    feed = f"""<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Velmar Post</title><link>https://velmar.example/</link>
<item><title>Quay Reopens</title><link>https://velmar.example/quay</link><guid>vp-quay</guid>
<content:encoded><![CDATA[{body}]]></content:encoded></item>
<item><title>Ferry Fares Rise</title><link>https://velmar.example/fares</link><guid>vp-fares</guid>
<content:encoded><![CDATA[<p>Ferry fares will rise in May, the"""
    (tmp_path / "velmar.rss").write_text(feed)
    docs, failed = collect(tmp_path / "velmar.rss")
    assert [d.meta["external_id"] for d in docs] == ["vp-quay"]
    messages = [f.message for f in failed]
    assert any(m.startswith("feed cut off: line ") for m in messages), messages
    assert any(m == "feed item cut off with its feed; its link is not followed" for m in messages), messages
    # an error feedparser reads past (an HTML entity XML does not know) is no cut: nothing is reported
    glitch = feed.replace("Ferry Fares Rise", "Ferry&nbsp;Fares Rise").rsplit("<content:encoded>", 1)[0]
    (tmp_path / "glitch.rss").write_text(glitch + "<content:encoded><![CDATA[" + body + "]]></content:encoded></item>"
                                         "</channel></rss>")
    assert feedparser.parse((tmp_path / "glitch.rss").read_bytes()).bozo  # the entity is an XML error
    docs, failed = collect(tmp_path / "glitch.rss")
    assert [d.meta["external_id"] for d in docs] == ["vp-quay", "vp-fares"] and not failed


def test_warc_html_responses_become_documents_and_a_truncated_archive_is_reported(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for number in (1, 2):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = writer.create_warc_record(f"https://velmar.example/{number}", "response",
                                           payload=io.BytesIO(PAGE.replace("Quay", f"Quay {number}").encode()),
                                           http_headers=headers)
        writer.write_record(record)
    data = buffer.getvalue()
    (tmp_path / "crawl.warc.gz").write_bytes(data)
    docs, failed = collect(tmp_path / "crawl.warc.gz")
    assert [d.meta["url"] for d in docs] == ["https://velmar.example/1", "https://velmar.example/2"]
    assert not failed
    (tmp_path / "cut.warc.gz").write_bytes(data[: len(data) - 40])
    docs, failed = collect(tmp_path / "cut.warc.gz")
    assert len(docs) == 1 and len(failed) == 1 and "damaged WARC" in failed[0].message


def test_missing_path_and_unsupported_file_are_errors(tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    _, failed = collect(tmp_path / "missing.txt", tmp_path / "notes.pdf")
    assert "no such file" in failed[0].message and "unsupported file type" in failed[1].message


def test_gzip_helper_is_not_needed_for_plain_files(tmp_path):
    # a .txt that is really gzip bytes is binary, not text
    (tmp_path / "zipped.txt").write_bytes(gzip.compress(b"hello " * 100))
    _, failed = collect(tmp_path / "zipped.txt")
    assert failed and "binary" in failed[0].message


def test_folder_outlet_takes_the_outlets_own_name_once_known():
    from storyline.outlets import OutletNames

    names = OutletNames(["The Lantern Review", "harbor-ledger"])
    assert names.proper_name("lantern-review") == "The Lantern Review"
    assert names.proper_name("harbor-ledger") == "harbor-ledger"  # a slug is never taken as a name
    names.learn("Harbor Ledger")
    assert names.proper_name("harbor-ledger") == "Harbor Ledger"


def test_a_site_is_named_by_the_credit_of_its_own_dateline_and_its_other_pages_take_that_name():
    from storyline.clean import clean_article
    from storyline.outlets import OutletNames

    body = ("DORNBY, Marl (Kell Wire) - Rescue teams in Dornby called off the search for survivors on Thursday, two "
            "days after the River Kell flooded the town. The regional emergency agency said 14 people had died.")
    wire = Article(id="w" * 32, source="kell-wire.jsonl:1", media_type="text/plain", raw=body.encode(),
                   url="https://kellwire.example/2026/05/14/search-ends")
    assert clean_article(wire, "kell-wire").outlet == "Kell Wire"
    copy = Article(id="c" * 32, source="kell-wire.jsonl:2", media_type="text/plain",
                   raw=body.replace("(Kell Wire)", "(Reuters)").encode(), url="https://kellwire.example/2026/05/14/x")
    assert clean_article(copy, "kell-wire").outlet == "kellwire.example"  # a credit of another outlet names none
    assert OutletNames(["Kell Wire"]).proper_name("kellwire.example") == "Kell Wire"
    assert OutletNames(["Kell Wire"]).proper_name("other.example") == "other.example"


def test_what_a_folder_holds_that_is_not_read_is_counted_and_said(tmp_path, monkeypatch):
    from storyline.ingest import SkippedFiles

    folder = tmp_path / "Quay Times"
    (folder / ".drafts").mkdir(parents=True)
    (folder / "ferry.txt").write_text("Ferry timetable changes\n\nThe Velmar ferry changed its timetable on Monday.\n")
    (folder / "photo.bin").write_bytes(b"\x00\x01")
    (folder / "README.md").write_text("# notes")
    (folder / ".drafts" / "draft.txt").write_text("Draft\n\nNot for publication.\n")
    (folder / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "old.txt").write_text("Old ferry\n\nThe old ferry ran until March.\n")
    (folder / "archive").symlink_to(tmp_path / "archive", target_is_directory=True)
    found = list(discover([str(folder)]))
    skipped = [item for item in found if isinstance(item, SkippedFiles)]
    assert len(skipped) == 1 and skipped[0].count == 5
    assert str(skipped[0]) == (f"{folder}: 5 files skipped: 2 of a type not read (README.md, photo.bin), 1 hidden, "
                               "1 broken link, 1 link to a folder, not entered (give the folder itself to read it)")
    monkeypatch.chdir(folder)  # "ingest ." names the outlet after the folder too
    assert [d.meta["fallback_outlet"] for d in discover(["."]) if isinstance(d, RawDocument)] == ["Quay Times"]
    (tmp_path / "empty").mkdir()  # a folder given empty is said, not silently nothing
    assert [str(item) for item in discover([str(tmp_path / "empty")])] == [f"{tmp_path / 'empty'}: the folder holds "
                                                                          "no files"]


def test_links_out_of_an_input_folder_are_refused_and_named(tmp_path):
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "secret.txt").write_text("Secret notes\n\nThe vault code is 0000 and nobody may read it.\n")
    folder = tmp_path / "scraped" / "Quay Times"
    folder.mkdir(parents=True)
    (folder / "ferry.txt").write_text("Ferry timetable changes\n\nThe Velmar ferry changed its timetable on Monday.\n")
    (folder / "leak.txt").symlink_to(outside / "secret.txt")
    (folder / "more").symlink_to(outside, target_is_directory=True)
    (folder / "inside.txt").symlink_to(folder / "ferry.txt")  # a link that stays inside is an ordinary file
    found = list(discover([str(tmp_path / "scraped")]))
    documents = [d for d in found if isinstance(d, RawDocument)]
    refused = [d for d in found if isinstance(d, InputError)]
    assert sorted(Path(d.source).name for d in documents) == ["ferry.txt", "inside.txt"]
    assert len(refused) == 1 and refused[0].source.endswith("leak.txt")
    assert "outside the folder" in refused[0].message and str(outside / "secret.txt") in refused[0].message
    assert all(b"vault" not in d.raw for d in documents)
    # named directly, the same file is the user's choice and is read
    assert [d.raw for d in discover([str(outside / "secret.txt")]) if isinstance(d, RawDocument)]


def test_names_of_uploads_and_archive_members_are_labels_never_paths(tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    from storyline.web import create_app

    monkeypatch.chdir(tmp_path)
    client = TestClient(create_app(f"sqlite:///{tmp_path / 'up.db'}"))
    hostile = "../../../../tmp/storyline-escaped.html"
    page = b"<html><head><title>Ferry timetable</title></head><body><p>The Velmar ferry changed its timetable.</p></body></html>"
    response = client.post("/api/v1/articles/upload", files={"file": (hostile, page)})
    assert response.status_code == 201, response.text
    stored = client.get(f"/api/v1/articles/{response.json()['articles'][0]['id']}").json()
    assert stored["source"] == f"upload:{hostile}"
    assert not Path("/tmp/storyline-escaped.html").exists()
    assert all(p.name.startswith("up.db") for p in tmp_path.iterdir())  # the database and nothing else

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    archive = tmp_path / "hostile.warc"
    with archive.open("wb") as stream:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        WARCWriter(stream, gzip=False).write_record(WARCWriter(stream).create_warc_record(
            "https://quay.example/../../../etc/passwd", "response", payload=io.BytesIO(page), http_headers=headers))
    documents = [d for d in discover([str(archive)]) if isinstance(d, RawDocument)]
    assert len(documents) == 1 and documents[0].raw == page  # the member's own bytes, not the file it names
    assert "../../etc/passwd" in documents[0].source
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("up.db")) == ["hostile.warc"]


def test_jsonl_fields_named_as_other_tools_name_them_and_a_line_not_in_utf8_is_named(tmp_path):
    from storyline.clean import clean_article
    from storyline.model import Article

    text = "The Velmar ferry changed its winter timetable on Monday, and the first crossing now leaves at six."
    lines = [json.dumps({"id": "np-1", "title": "Ferry timetable", "maintext": text, "date_publish": "2026-11-02 08:00:00"}),
             json.dumps({"id": "b-2", "title": "Ferry fares", "body": text}),
             json.dumps({"id": "x-3", "headline": "Nothing here", "summary_html": "<p>x</p>"}),
             json.dumps({"id": "wp-5", "title": "Ferry", "content": {"rendered": "<p>x</p>"}, "text": text,
                         "date": "the third of March"})]
    path = tmp_path / "export.jsonl"
    path.write_bytes(("\n".join(lines[:3]) + "\n").encode() + '{"id": "l-4", "text": "café"}\n'.encode("latin-1")
                     + (lines[3] + "\n").encode())
    docs, failed = collect(path)
    assert [d.meta["external_id"] for d in docs] == ["np-1", "b-2", "wp-5"]
    assert docs[0].meta["published"] == "2026-11-02" and "published" not in docs[2].meta  # another tool's odd date
    assert [clean_article(Article.from_raw(d)).body for d in docs] == [text, text, text]
    messages = {f.source.rsplit(":", 1)[-1]: f.message for f in failed}
    assert "its fields: id, headline, summary_html" in messages["3"]
    assert messages["4"].startswith("line 4 is not UTF-8 (byte 0xe9")


def test_one_wire_story_saved_in_two_outlets_folders_is_two_publications_once_each(tmp_path, monkeypatch):
    from storyline.pipeline import ingest
    from storyline.store import Store

    wire = ("Dock workers at the port of Velmar walked out on Monday after talks on a new wage contract broke down, "
            "union officials said. Harbour commissioner Ilse Marrow said a state mediator would reopen the talks on "
            "Thursday. Container ships were diverted to Kessa while the terminals stood idle.\n").encode()
    for outlet in ("valley-courier", "harbor-ledger"):
        (tmp_path / outlet).mkdir()
        (tmp_path / outlet / "wire.txt").write_bytes(wire)
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    first = ingest([str(tmp_path / "valley-courier"), str(tmp_path / "harbor-ledger")], store)
    assert (first.ingested, first.already_present, first.duplicates) == (2, 0, 1)
    stored = store.story_articles(store.list_stories()[0].id)
    assert sorted(a.outlet for a in stored) == ["harbor-ledger", "valley-courier"]
    assert all(a.raw == wire for a in stored)  # each kept verbatim
    monkeypatch.chdir(tmp_path)  # the same files again, by other paths: nothing new
    again = ingest(["./valley-courier/wire.txt", str(tmp_path / "harbor-ledger" / "wire.txt")], store)
    assert (again.ingested, again.already_present) == (0, 2)
    moved = tmp_path / "mounted"  # the tree moved, or mounted elsewhere, and reached through a link: the same
    moved.mkdir()
    (tmp_path / "valley-courier").rename(moved / "valley-courier")
    (tmp_path / "harbor-ledger").rename(moved / "harbor-ledger")
    (tmp_path / "link").symlink_to(moved, target_is_directory=True)
    again = ingest([str(tmp_path / "link" / "harbor-ledger"), str(moved / "valley-courier")], store)
    assert (again.ingested, again.already_present) == (0, 2)
    (moved / "coastline-daily").mkdir()  # a third outlet's copy is a third publication
    (moved / "coastline-daily" / "wire.txt").write_bytes(wire)
    third = ingest([str(moved)], store)
    assert (third.ingested, third.already_present, third.duplicates) == (1, 2, 1)


def test_an_upload_or_push_of_stored_bytes_adds_nothing_wherever_the_server_runs(tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    from storyline.model import article_id_for
    from storyline.pipeline import ingest
    from storyline.store import Store
    from storyline.web import create_app

    wire = b"Dock workers at the port of Velmar walked out on Monday after wage talks broke down, officials said.\n"
    (tmp_path / "valley-courier").mkdir()
    (tmp_path / "valley-courier" / "wire.txt").write_bytes(wire)
    url = f"sqlite:///{tmp_path / 's.db'}"
    ingest([str(tmp_path / "valley-courier")], Store(url))
    (tmp_path / "harbor-ledger").mkdir()
    monkeypatch.chdir(tmp_path / "harbor-ledger")  # a server started in a folder named like an outlet
    client = TestClient(create_app(url))
    upload = client.post("/api/v1/articles/upload", files={"file": ("wire.txt", wire)})
    assert upload.status_code == 200 and upload.json()["already_present"] == 1, upload.text
    fresh = b"The Velmar ferry changed its winter timetable on Monday; the first crossing now leaves at six.\n"
    upload = client.post("/api/v1/articles/upload", files={"file": ("ferry.txt", fresh)})
    assert upload.json()["articles"][0]["id"] == article_id_for(fresh)  # the bytes' own id, whatever the folder
    assert Store(url).count_articles() == 2
    # a push that cannot be read is named as its caller knows it, by its id
    pushed = client.post("/api/v1/articles", json=[{"id": "velmar-77", "title": "Ferry", "text": "The ferry ran.",
                                                    "published": "2026-03-05 not a date at all"}])
    assert pushed.json()["failed"][0]["source"] == "api:velmar-77"
    assert "'2026-03-05 not a date at all'" in pushed.json()["failed"][0]["error"]


def test_articles_read_from_an_outlets_folder_take_its_name_when_it_is_learned_later(tmp_path):
    from storyline.pipeline import ingest
    from storyline.store import Store

    folder = tmp_path / "quay_times"  # a folder's name in any form
    folder.mkdir()
    (folder / "ferry.txt").write_text("Ferry timetable changes\n\nThe Velmar ferry changed its timetable on Monday.\n")
    export = tmp_path / "export.jsonl"
    export.write_text(json.dumps({"id": "qt-2", "outlet": "The Quay Times", "title": "Harbour dredging starts",
                                  "text": "Dredging of the Velmar harbour began on Tuesday, the port said."}) + "\n")
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    ingest([str(folder)], store)
    assert store.outlets() == ["quay_times"]  # nothing else known yet: the folder's name
    ingest([str(export)], store)
    assert store.outlets() == ["The Quay Times"]  # one outlet, as if the export had been read first


def test_a_published_timestamp_with_a_clock_and_a_zone_is_its_day_and_anything_else_after_the_day_is_not():
    from storyline.ingest.dates import parse_published

    for stamp in ("2026-03-05 10:20 AM", "2026-03-05T10:20:00 PST", "2026-03-05T10:20:00CET",
                  "2026-03-05T23:30:00-05:00", "2026-03-05"):
        assert parse_published(stamp) == "2026-03-05", stamp
    assert parse_published("2026-03-05 not a date at all") is None


STORY = "".join(f"<p>{sentence}</p>" for sentence in (
    "The harbour quay at Velmar reopened on Friday after a month of repairs to its stone wall and its steps.",
    "Harbour master Ines Calder said the first ferry from the islands would berth there on Monday morning.",
    "The council said the repairs had cost less than planned and that the old crane would be restored next.",
))


def cleaned_page(tmp_path: Path, html: str):
    from storyline.clean import clean_article
    from storyline.model import Article

    path = tmp_path / "page.html"
    path.write_text(html)
    docs, failed = collect(path)
    assert not failed
    return clean_article(Article.from_raw(docs[0]))


@pytest.mark.parametrize(("head", "outlet", "url"), [
    ('<title>Quay reopens | Velmar Post</title><link rel="canonical" href="https://velmar.example/quay">',
     "Velmar Post", "https://velmar.example/quay"),
    ('<title>Quay reopens &#8211; The Velmar Post</title><link rel="canonical" href="https://thevelmarpost.example/q">',
     "The Velmar Post", "https://thevelmarpost.example/q"),
    ('<title>Quay Reopens - Live Updates</title><link rel="canonical" href="https://velmar.example/live">',
     "velmar.example", "https://velmar.example/live"),
    ('<title>Quay reopens | News</title><link rel="canonical" href="https://www.velmar.example/quay">',
     "velmar.example", "https://www.velmar.example/quay"),
    (('<title>Quay reopens - harbour master says</title><script type="application/ld+json">{"@context": '
      '"https://schema.org", "@type": "NewsArticle", "mainEntityOfPage": {"@id": "https://velmar.example/q"}}'
      "</script>"), "velmar.example", "https://velmar.example/q"),
])
def test_a_pages_outlet_and_url_come_from_its_title_suffix_canonical_link_or_json_ld(tmp_path, head, outlet, url):
    article = cleaned_page(tmp_path, f"<html><head>{head}</head><body><article><h1>Quay reopens</h1>{STORY}"
                                     "</article></body></html>")
    assert (article.outlet, article.url, article.title) == (outlet, url, "Quay reopens")


def test_a_page_whose_text_is_only_in_its_json_ld_article_body_is_read_from_there(tmp_path):
    paragraphs = ["The harbour quay at Velmar reopened on Friday after a month of repairs to its stone wall.",
                  "Harbour master Ines Calder said the first ferry from the islands would berth there on Monday.",
                  "The council said the repairs had cost less than planned and that the crane would be next."]
    linked_data = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Quay reopens",
                              "articleBody": "\n\n".join(paragraphs)})
    article = cleaned_page(tmp_path, f'<html><head><title>Quay reopens</title><script type="application/ld+json">'
                                     f'{linked_data}</script></head><body><div id="root">Loading…</div>'
                                     '<script src="/app.js"></script></body></html>')
    assert article.status == "ok"
    assert [block.text for block in article.blocks] == paragraphs
    # a page whose <title> is the site's name alone: the JSON-LD article's headline and publisher name it
    linked_data = json.dumps({"@type": "NewsArticle", "headline": "Velmar quay reopens after repairs",
                              "publisher": {"@type": "Organization", "name": "Velmar Harbour News"},
                              "articleBody": "\n\n".join(paragraphs)})
    article = cleaned_page(tmp_path, f'<html><head><title>Velmar Harbour News</title><script type="application/ld+json">'
                                     f'{linked_data}</script></head><body><div id="app"></div></body></html>')
    assert (article.title, article.outlet) == ("Velmar quay reopens after repairs", "Velmar Harbour News")


def test_an_upload_is_read_as_a_file_of_its_name_is_and_a_placeholder_date_is_no_date(tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    from storyline.web import create_app

    monkeypatch.chdir(tmp_path)
    client = TestClient(create_app(f"sqlite:///{tmp_path / 'up.db'}"))
    export = "\n".join(json.dumps(item) for item in [
        {"title": "Kelport anglers report record catches", "outlet": "Harbour Voice", "published": "0001-01-01",
         "text": "Kelport anglers reported record bass catches off Orrin Isle, the angling club said on Thursday."},
        {"title": "Orrin ferry timetable changes", "outlet": "Harbour Voice", "published": "9999-12-31T23:00:00-05:00",
         "text": "The Orrin ferry will leave Kelport at seven from Monday, the operator said in a statement."}]).encode()
    response = client.post("/api/v1/articles/upload", files={"file": ("harbour.jsonl", export)})
    assert response.status_code == 201, response.text
    stored = response.json()["articles"]
    assert sorted(a["title"] for a in stored) == ["Kelport anglers report record catches", "Orrin ferry timetable changes"]
    assert [a["published"] for a in stored] == [None, None]  # a system's "no date", not the year 1 or 9999
    sources = [client.get(f"/api/v1/articles/{a['id']}").json()["source"] for a in stored]
    assert all(source.startswith("upload:harbour.jsonl") for source in sources), sources
    refused = client.post("/api/v1/articles/upload", files={"file": ("scan.pdf", b"%PDF-1.7 binary")})
    assert refused.status_code == 200 and refused.json()["ingested"] == 0
    assert refused.json()["failed"] == [{"source": "upload:scan.pdf", "error": refused.json()["failed"][0]["error"]}]
    assert "unsupported file type '.pdf'" in refused.json()["failed"][0]["error"]
    # a page is a page whatever its name says: a server script's name, a text name, a name with a dot in it
    page = (b"<html><head><title>Orrin ferry returns</title></head><body><article><p>The Orrin ferry returned to "
            b"service on Friday after three weeks of repairs, its operator said.</p></article></body></html>")
    for name in ("news.php", "article.txt", "St. Louis ferry"):
        stored = client.post("/api/v1/articles/upload", files={"file": (name, page)}).json()
        assert stored["failed"] == [] and stored["ingested"] + stored["already_present"] == 1, (name, stored)
    assert client.get("/api/v1/search", params={"q": "Orrin ferry"}).json()["items"][0]["title"] == "Orrin ferry returns"


def test_a_push_takes_the_fields_a_json_lines_export_may_hold(tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    from storyline.web import create_app

    monkeypatch.chdir(tmp_path)
    client = TestClient(create_app(f"sqlite:///{tmp_path / 'p.db'}"))
    pushed = client.post("/api/v1/articles", json=[{
        "title": "Quay reopens", "published": 1779000000, "author": {"name": "Ann Lee"}, "outlet": {"name": "Quay Times"},
        "text": "The Velmar quay reopened on Friday after repairs, the harbour master said on Friday afternoon."}])
    assert pushed.status_code == 201, pushed.text
    assert [(a["published"], a["outlet"]) for a in pushed.json()["articles"]] == [("2026-05-17", "Quay Times")]


def test_an_outlet_named_in_another_case_or_as_its_folder_is_one_outlet(tmp_path):
    from fastapi.testclient import TestClient

    from conftest import run_cli
    from storyline.store import Store
    from storyline.web import create_app

    report = ("Varn ferry fares rise\n\nThe Varn ferry company raised its fares by a tenth on Monday. Harbourmaster "
              "Ada Brisk said the rise paid for two new engines. Passengers on the morning crossing said they had "
              "not been told. The company said the new fares would hold until the end of the year.\n")
    (tmp_path / "varn-herald").mkdir()
    (tmp_path / "varn-herald" / "fares.txt").write_text(report)
    db = tmp_path / "s.db"
    run_cli("ingest", str(tmp_path / "varn-herald"), db=db, check=True)
    client = TestClient(create_app(f"sqlite:///{db}"))
    for outlet, text in (("Varn Herald", report.replace("a tenth", "a fifth")),
                         ("VARN HERALD", report.replace("two new engines", "a new quay"))):
        pushed = client.post("/api/v1/articles", json={"outlet": outlet, "published": "2026-11-02", "text": text})
        assert pushed.status_code == 201, pushed.text
    # the folder's articles took the name the first push gave; the second push's spelling did not split it
    assert Store(f"sqlite:///{db}").outlets() == ["Varn Herald"]
    assert client.get("/api/v1/articles?outlet=VARN+HERALD").json()["total"] == 3


def test_a_surname_an_article_writes_alone_finds_the_one_person_named_in_full_with_it(tmp_path):
    from fastapi.testclient import TestClient

    from conftest import run_cli
    from storyline.web import create_app

    folder = tmp_path / "dunmarsh-herald"
    folder.mkdir()
    (folder / "budget.txt").write_text(
        "Transit budget agreed\n\nThe Dunmarsh Transit Authority agreed its budget on Monday. Peter Lindqvist, the "
        "authority's chief executive, said the budget could not stretch to double digits for pay. The union said "
        "it would study the figures before talks resume in February.\n")
    (folder / "vote.txt").write_text(
        "Drivers reject deal\n\nBus drivers in Dunmarsh rejected their tentative contract on Wednesday by 62 percent "
        "to 38 percent. Lindqvist said the authority had gone as far as it could. \"We will not reopen the money,\" "
        "he said. Union members gathered outside the depot after the count was announced.\n")
    db = tmp_path / "s.db"
    run_cli("ingest", str(folder), db=db, check=True)
    client = TestClient(create_app(f"sqlite:///{db}"))
    for name in ("Lindqvist", "Peter Lindqvist"):  # the surname alone was its own entity, found in one article
        quotes = client.get(f"/api/v1/quotes?speaker={name}").json()
        assert {q["text"] for q in quotes["items"]} >= {"We will not reopen the money,",
                                                        "the authority had gone as far as it could"}, name
        assert client.get(f"/api/v1/stories?entity={name}").json()["total"] == 2, name
