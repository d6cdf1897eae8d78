"""Feed and JSON inputs as tools write them: whole JSON documents, Unix-time dates, HTML in feed titles, relative
links, empty feeds and teasers whose link fails, each an article or an error naming its file and item."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from storyline.ingest import InputError, discover
from storyline.model import RawDocument

TEXT = "The Velmar ferry changed its winter timetable on Monday, and the first crossing now leaves at six. " * 3
BODY = "<p>" + "The harbour quay at Velmar reopened on Friday after a month of repairs. " * 12 + "</p>"


def collect(path: Path) -> tuple[list[RawDocument], list[InputError]]:
    items = list(discover([str(path)]))
    return [i for i in items if isinstance(i, RawDocument)], [i for i in items if isinstance(i, InputError)]


def rss(items: str, channel: str = "<title>Velmar Post</title><link>https://velmar.example/news/</link>") -> str:
    return f'<?xml version="1.0"?><rss version="2.0"><channel>{channel}{items}</channel></rss>'


def test_a_json_file_holding_one_pretty_printed_object_is_one_article_named_by_the_file(tmp_path):
    from storyline.clean import clean_article
    from storyline.model import Article

    path = tmp_path / "ferry.json"  # news-please writes one such file per article
    path.write_text(json.dumps({"title": "Ferry timetable", "maintext": TEXT, "date_publish": "2026-11-02 08:00:00",
                                "url": "https://velmar.example/ferry"}, indent=4))
    docs, failed = collect(path)
    assert not failed
    assert [d.source for d in docs] == [str(path)]
    assert docs[0].meta["title"] == "Ferry timetable" and docs[0].meta["published"] == "2026-11-02"
    article = clean_article(Article.from_raw(docs[0]))
    assert article.status == "ok" and article.body.startswith("The Velmar ferry")


def test_a_broken_pretty_printed_object_is_one_error_naming_the_file_and_where_it_breaks(tmp_path):
    path = tmp_path / "ferry.json"  # cut in its text; the lines "ferries" and 2026 are JSON of their own
    whole = json.dumps({"title": "Ferry timetable", "tags": ["ferries"], "years": [2026], "maintext": TEXT}, indent=4)
    path.write_text(whole[:whole.index("Monday")])
    docs, failed = collect(path)
    assert not docs
    assert [(f.source, f.message.split(":")[0]) for f in failed] == [(str(path), "invalid JSON")]
    assert "line 9" in failed[0].message


def test_a_json_array_after_a_utf8_bom_is_read_as_its_articles_each_named(tmp_path):
    path = tmp_path / "export.json"
    items = [{"id": "a-1", "title": "Quay reopens", "text": TEXT}, ["not", "an", "article"],
             {"id": "a-3", "title": "Ferry fares", "body": TEXT}]
    path.write_bytes(codecs.BOM_UTF8 + json.dumps(items, indent=2).encode())
    docs, failed = collect(path)
    assert [(d.source, d.meta["external_id"]) for d in docs] == [(f"{path}#1", "a-1"), (f"{path}#3", "a-3")]
    assert [(f.source, f.message) for f in failed] == [(f"{path}#2", "expected a JSON object, got list")]


def test_an_empty_json_array_is_reported_not_silently_nothing(tmp_path):
    path = tmp_path / "export.json"
    path.write_text("[\n]\n")
    docs, failed = collect(path)
    assert not docs and [f.source for f in failed] == [str(path)] and "empty JSON array" in failed[0].message


def test_json_lines_stay_lines_with_a_bom_and_with_a_broken_first_line(tmp_path):
    line = json.dumps({"id": "k-1", "title": "Quay reopens", "text": TEXT})
    with_bom = tmp_path / "bom.jsonl"
    with_bom.write_bytes(codecs.BOM_UTF8 + (line + "\n" + line.replace("k-1", "k-2") + "\n").encode())
    docs, failed = collect(with_bom)
    assert not failed and [d.source for d in docs] == [f"{with_bom}:1", f"{with_bom}:2"]
    assert docs[0].raw == line.encode()  # the same line gives the same article, with a BOM before it or not

    broken = tmp_path / "broken.json"
    broken.write_text('{"id": "k-0", "title": "Cut\n' + line + "\n")
    docs, failed = collect(broken)
    assert [d.source for d in docs] == [f"{broken}:2"]
    assert [f.source for f in failed] == [f"{broken}:1"] and "invalid JSON on line 1" in failed[0].message


def test_unix_time_in_seconds_or_milliseconds_is_read_as_its_utc_day_under_any_date_key(tmp_path):
    stamps = [{"published": 1772582400}, {"published": 1772582400000}, {"published": "1772665199"},
              {"date": 1772582400}, {"date_publish": 1772582400123.0}]
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(json.dumps({"title": f"Item {n}", "text": TEXT, **stamp})
                              for n, stamp in enumerate(stamps)))
    docs, failed = collect(path)
    assert not failed
    # 1772665199 is 2026-03-04 23:59:59 UTC, in the morning of the 5th east of Greenwich: the day is UTC's
    assert [d.meta["published"] for d in docs] == ["2026-03-04"] * 5


def test_a_number_is_read_as_its_digits_would_be_and_a_small_one_is_no_date(tmp_path):
    stamps = [{"published": 20260302}, {"date": 2026}, {"date": 0, "pubDate": "2026-03-05"}, {"published": 2026}]
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(json.dumps({"title": f"Item {n}", "text": TEXT, **stamp})
                              for n, stamp in enumerate(stamps)))
    docs, failed = collect(path)
    assert [d.meta.get("published") for d in docs] == ["2026-03-02", None, "2026-03-05"]  # not 1970-01-01
    assert [f.message for f in failed] == ["'published' is 2026; expected YYYY-MM-DD, an ISO datetime or Unix time "
                                           "(seconds or milliseconds)"]


def test_a_databases_zero_date_and_unix_times_first_day_are_no_date_and_a_false_day_is_said_so(tmp_path):
    stamps = [{"published": "0000-00-00"}, {"published": "0000-00-00 00:00:00"}, {"published": "1970-01-01"},
              {"published": "1970-01-01T00:00:00Z"}, {"published": "2026-02-30"}]
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(json.dumps({"title": f"Item {n}", "text": TEXT, **stamp})
                              for n, stamp in enumerate(stamps)))
    docs, failed = collect(path)
    assert [d.meta.get("published") for d in docs] == [None] * 4  # read, the text's evidence to date them
    assert [(f.source, f.message) for f in failed] == [(f"{path}:5", "'published' is '2026-02-30': no day of the "
                                                                      "calendar")]


def test_an_unreadable_published_is_one_error_naming_the_line_and_the_value(tmp_path):
    from storyline.ingest.dates import parse_published

    path = tmp_path / "export.jsonl"
    path.write_text(json.dumps({"title": "Quay", "text": TEXT, "published": "last Tuesday-ish"}) + "\n"
                    + json.dumps({"title": "Ferry", "text": TEXT, "date": True}) + "\n")
    docs, failed = collect(path)
    assert [d.source for d in docs] == [f"{path}:2"] and "published" not in docs[0].meta  # true is no date
    assert [f.source for f in failed] == [f"{path}:1"]
    assert "'last Tuesday-ish'" in failed[0].message and "Unix time" in failed[0].message
    assert parse_published("20260403") == "2026-04-03"  # eight digits stay ISO's YYYYMMDD, not Unix time


@pytest.mark.parametrize("channel, outlet", [
    ("<title>Tallow Wire — Top stories</title><link>https://tallowwire.example/</link>", "Tallow Wire"),
    ("<title>Latest news | Harlow Courier</title>", "Harlow Courier"),
    ("<title>Harbor Ledger: Opinion</title><link>https://harborledger.example/</link>", "Harbor Ledger"),
    ("<title>Storm: live updates</title>", "Storm: live updates"),  # no section to tell from a name: as it is
    ("<title>BRN News - Northfold</title><link>https://www.brn.example/news/northfold</link>", "BRN News"),
])
def test_a_channel_title_names_its_outlet_without_the_feeds_section(tmp_path, channel, outlet):
    path = tmp_path / "top.rss"
    path.write_text(rss(f"<item><title>Ferry withdrawn</title><guid>t-1</guid>"
                        f"<description><![CDATA[{BODY}]]></description></item>", channel=channel))
    docs, failed = collect(path)
    assert not failed and [d.meta["outlet"] for d in docs] == [outlet]


def test_feed_titles_and_the_outlet_are_plain_text_without_markup_or_leftover_entities(tmp_path):
    path = tmp_path / "rates.rss"
    path.write_text(rss(f"<item><title>Q&amp;amp;A: &lt;b&gt;Rates&lt;/b&gt; rise</title><guid>r-1</guid>"
                        f"<description><![CDATA[{BODY}]]></description></item>",
                        channel="<title>AT&amp;amp;T &amp; Co</title>"))
    atom = tmp_path / "rail.atom"
    atom.write_text('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Velmar Post</title>'
                    '<entry><id>r-2</id><title type="html">Ferry &amp;amp; rail &lt;i&gt;fares&lt;/i&gt;</title>'
                    f'<content type="html"><![CDATA[{BODY}]]></content></entry>'
                    '<entry><id>r-3</id><title type="text">Fares: 3 &lt; 4</title>'
                    f'<content type="html"><![CDATA[{BODY}]]></content></entry></feed>')
    docs, failed = collect(path)
    assert not failed
    assert (docs[0].meta["title"], docs[0].meta["outlet"]) == ("Q&A: Rates rise", "AT&T & Co")
    docs, failed = collect(atom)
    assert not failed and [d.meta["title"] for d in docs] == ["Ferry & rail fares", "Fares: 3 < 4"]


def test_a_feed_without_items_is_an_error_naming_it(tmp_path):
    path = tmp_path / "empty.rss"
    path.write_text(rss(""))
    docs, failed = collect(path)
    assert not docs and [(f.source, f.message) for f in failed] == [(str(path), "feed holds no items")]


def test_relative_item_links_are_resolved_against_the_channel_link_and_a_guid_is_not(tmp_path):
    path = tmp_path / "velmar.rss"
    path.write_text(rss(f"<item><title>One</title><link>/relative/2</link><description><![CDATA[{BODY}]]>"
                        f"</description></item><item><title>Two</title><link>quay/3</link><description><![CDATA["
                        f"{BODY}]]></description></item><item><title>Three</title><guid>12345</guid><description>"
                        f"<![CDATA[{BODY}]]></description></item>"))
    docs, failed = collect(path)
    assert not failed
    assert [d.meta.get("url") for d in docs] == ["https://velmar.example/relative/2",
                                                 "https://velmar.example/news/quay/3", None]
    assert docs[0].source == f"{path}#https://velmar.example/relative/2"


def test_a_teaser_whose_link_cannot_be_fetched_is_an_error_naming_the_feed_and_the_item(tmp_path, monkeypatch):
    from storyline.ingest.fetch import ALLOW_PRIVATE_ENV

    monkeypatch.delenv(ALLOW_PRIVATE_ENV, raising=False)  # a loopback link is refused before any network use
    path = tmp_path / "teaser.rss"
    path.write_text(rss("<item><title>Quay reopens</title><link>http://127.0.0.1:9/quay</link>"
                        "<pubDate>Fri, 03 Apr 2026 09:00:00 +0000</pubDate>"
                        "<description>The quay reopened on Friday.</description></item>"))
    docs, failed = collect(path)
    assert not docs
    assert [f.source for f in failed] == [f"{path}#http://127.0.0.1:9/quay"]
    assert failed[0].message.startswith("feed item has only a teaser (5 words), and its page: refusing to fetch "
                                        "'http://127.0.0.1:9/quay'")


BRIEF = ("<p>Brennick Rovers sold their top scorer Teodor Vasko to Haldane City on Friday for 14 million crowns, "
         "a club record.</p><p>Vasko, 24, scored 19 goals last season.</p><p>The Rovers manager said the money "
         "would be spent on two young defenders before the window shuts.</p><p>Haldane play their first game on "
         "Saturday week.</p>")


@pytest.mark.parametrize("content, whole", [
    (BRIEF, True),  # 56 words in four paragraphs: a brief written out whole, not a teaser of the page
    (BRIEF.replace("</p><p>", " "), False),  # one paragraph of it: the page's first lines
    (BRIEF.replace("Saturday week.", "Saturday week. Read more…"), False),
])
def test_a_brief_written_out_whole_in_a_feed_is_read_and_a_teaser_is_not(tmp_path, monkeypatch, content, whole):
    from storyline.ingest.fetch import ALLOW_PRIVATE_ENV

    monkeypatch.delenv(ALLOW_PRIVATE_ENV, raising=False)  # a teaser's link is refused before any network use
    path = tmp_path / "brief.rss"
    path.write_text('<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
                    "<channel><title>Corrib Gazette</title><item><title>Vasko joins Haldane</title>"
                    "<link>http://127.0.0.1:9/vasko</link>"
                    f"<content:encoded><![CDATA[{content}]]></content:encoded></item></channel></rss>")
    docs, failed = collect(path)
    assert (len(docs), len(failed)) == ((1, 0) if whole else (0, 1))
    if whole:
        assert "Teodor Vasko" in docs[0].raw.decode() and docs[0].meta["url"] == "http://127.0.0.1:9/vasko"


def cleaned(doc: RawDocument):
    from storyline.clean import clean_article
    from storyline.model import Article

    return clean_article(Article.from_raw(doc))


def test_names_given_as_objects_or_lists_are_read_as_names_and_a_value_naming_nothing_is_ignored(tmp_path):
    path = tmp_path / "cms.jsonl"
    records = [
        {"id": 1001, "title": "Quay reopens", "text": TEXT, "author": {"name": "Ines Calder", "email": "i@v.example"},
         "outlet": {"name": "Velmar Post", "domain": "velmar.example"}},
        {"id": "a-2", "title": {"rendered": "Ferry fares &#8216;to rise&#8217;"}, "text": TEXT,
         "author": [{"name": "Ines Calder"}, {"display_name": "Tomas Reyes"}, {"email": "desk@velmar.example"}]},
        {"id": "a-3", "title": "Bridge shut", "text": TEXT, "author": ["Ines Calder", "Tomas Reyes"]},
        {"id": "a-4", "title": "Pier sold", "text": TEXT, "authors": ["Tomas Reyes"]},  # as newspaper3k names them
        {"id": "a-5", "title": "Dock strike", "text": TEXT, "author": 7, "outlet": {"domain": "velmar.example"}},
    ]
    path.write_text("\n".join(json.dumps(record) for record in records) + "\n")
    docs, failed = collect(path)
    assert not failed
    assert [(d.meta.get("external_id"), d.meta["title"], d.meta.get("author"), d.meta.get("outlet")) for d in docs] == [
        ("1001", "Quay reopens", "Ines Calder", "Velmar Post"),
        ("a-2", "Ferry fares \u2018to rise\u2019", "Ines Calder; Tomas Reyes", None),
        ("a-3", "Bridge shut", "Ines Calder; Tomas Reyes", None),
        ("a-4", "Pier sold", "Tomas Reyes", None),
        ("a-5", "Dock strike", None, None),
    ]


def test_html_in_a_json_text_field_is_cleaned_as_html_and_plain_text_with_a_less_than_sign_is_not(tmp_path):
    paragraphs = ["The harbour quay at Velmar reopened on Friday after a month of repairs to its stone wall.",
                  "Harbour master Ines Calder said the first ferry would berth there on Monday morning.",
                  "Repairs cost less than planned: the council said the bill was 40% < the estimate."]
    html = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    path = tmp_path / "cms.jsonl"
    records = [{"id": "a-1", "title": "Quay reopens", "text": html},
               {"id": "a-2", "title": "Quay reopens", "content": {"rendered": html, "protected": False}},
               {"id": "a-3", "title": "Quay reopens", "text": "\n\n".join(paragraphs)}]
    path.write_text("\n".join(json.dumps(record) for record in records) + "\n")
    docs, failed = collect(path)
    assert not failed
    articles = [cleaned(doc) for doc in docs]
    for article in articles:
        assert article.status == "ok"
        assert [block.text for block in article.blocks] == paragraphs
        assert "<p>" not in article.body


def test_the_raw_of_a_json_file_and_of_an_array_item_is_its_own_text_and_a_second_ingest_adds_nothing(tmp_path):
    from storyline.pipeline import ingest
    from storyline.store import Store

    one = tmp_path / "ferry.json"  # as news-please writes it: pretty-printed, keys in its own order
    one.write_text(json.dumps({"title": "Ferry timetable", "maintext": TEXT, "date_publish": "2026-11-02 08:00:00"},
                              indent=4, ensure_ascii=False) + "\n")
    array = tmp_path / "export.json"
    items = [json.dumps({"title": "Quay reopens", "text": TEXT, "id": "a-1"}, indent=2),
             json.dumps({"title": "Pier sold", "id": "a-2", "text": "Søren Vik sold the pier. " + TEXT})]
    array.write_text("[\n  " + ",\n  ".join(items) + "\n]\n", encoding="utf-8")
    docs, failed = collect(tmp_path)
    assert not failed
    raws = {doc.source: doc.raw for doc in docs}
    assert raws == {f"{array}#1": items[0].encode(), f"{array}#2": items[1].encode(), str(one): one.read_bytes()}
    url = f"sqlite:///{tmp_path / 's.db'}"
    first = ingest([str(one), str(array)], Store(url))
    second = ingest([str(one), str(array)], Store(url))
    assert (first.ingested, second.ingested, second.already_present) == (3, 0, 3)


def test_an_rss_author_given_with_an_email_address_is_stored_by_name(tmp_path):
    path = tmp_path / "velmar.rss"
    path.write_text(rss(f"<item><title>One</title><link>https://velmar.example/1</link><author>i.calder@velmar.example"
                        f" (Ines Calder)</author><description><![CDATA[{BODY}]]></description></item>"
                        f"<item><title>Two</title><link>https://velmar.example/2</link><author>desk@velmar.example"
                        f"</author><description><![CDATA[{BODY}]]></description></item>"))
    atom = tmp_path / "velmar.atom"
    atom.write_text('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Velmar Post</title>'
                    '<entry><title>Three</title><link href="https://velmar.example/3"/><author><name>Tomas Reyes'
                    f'</name><email>t.reyes@velmar.example</email></author><content type="html"><![CDATA[{BODY}]]>'
                    '</content></entry></feed>')
    docs, failed = collect(path)
    atom_docs, atom_failed = collect(atom)
    assert not failed and not atom_failed
    assert [doc.meta.get("author") for doc in docs + atom_docs] == ["Ines Calder", None, "Tomas Reyes"]


def test_a_feed_date_in_a_form_no_standard_spells_is_read_as_a_dateline_and_an_unreadable_one_is_left_out(tmp_path):
    path = tmp_path / "velmar.rss"
    dates = ["March 11, 2026", "25/03/2026", "the other week"]
    path.write_text(rss("".join(f"<item><title>Item {number}</title><link>https://velmar.example/{number}</link>"
                                f"<pubDate>{stamp}</pubDate><description><![CDATA[{BODY}]]></description></item>"
                                for number, stamp in enumerate(dates))))
    docs, failed = collect(path)
    assert not failed
    assert [doc.meta.get("published") for doc in docs] == ["2026-03-11", "2026-03-25", None]
    # a numeric date of an item on a country's domain that writes dates day first is read so
    path.write_text(rss("<item><title>Item</title><link>https://velmar.example.co.uk/1</link>"
                        f"<pubDate>03/04/2026</pubDate><description><![CDATA[{BODY}]]></description></item>"))
    assert [doc.meta.get("published") for doc in collect(path)[0]] == ["2026-04-03"]


def test_a_plain_text_that_one_scraped_paragraph_tag_opens_is_read_as_text(tmp_path):
    from storyline.ingest.jsonl import article_text

    text = "<p>The mill reopened.</p>\n\nThe mill on the Vell reopened on Monday after six years, its owners said."
    assert article_text({"text": text}) == (text, False)
    assert article_text({"text": "<p>The mill reopened.</p><p>Its owners said so.</p>"})[1] is True


def test_another_tools_date_written_as_people_write_it_is_read_as_a_feeds_is(tmp_path):
    stamps = [{"date": "15/05/2026"}, {"date": "May 15, 2026"}, {"date": "05/06/2026", "url": "https://quay.co.uk/a"},
              {"date": "soon"}]
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(json.dumps({"title": f"Item {n}", "text": TEXT, **stamp})
                              for n, stamp in enumerate(stamps)))
    docs, failed = collect(path)
    assert not failed
    assert [d.meta.get("published") for d in docs] == ["2026-05-15", "2026-05-15", "2026-06-05", None]


def test_a_row_without_text_says_so_not_that_its_boilerplate_was_removed(tmp_path):
    from storyline.clean import clean_article
    from storyline.model import Article

    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in (
        {"title": "Kestrine Rovers appoint new manager", "published": "2026-04-10"},
        {"title": "Photo gallery: Kestrine spring show", "text": ""},
        {"title": "Quay", "text": "Share this article"})))
    docs, failed = collect(path)
    notes = [clean_article(Article.from_raw(doc)).note for doc in docs]
    assert notes == [f"{path}:1: no article text: the row gives a title and no text field; stored raw, skipped "
                     "annotation",
                     f"{path}:2: no article text: its 'text' is empty; stored raw, skipped annotation",
                     f"{path}:3: no article text left after removing boilerplate (0 words kept, 1 part removed); "
                     "stored raw, skipped annotation"]


def test_an_id_a_file_gives_again_with_another_text_is_said_and_the_same_line_again_is_only_present(tmp_path):
    from storyline.pipeline import ingest
    from storyline.store import Store

    path = tmp_path / "export.jsonl"
    first = json.dumps({"id": "kt-1001", "title": "Quay reopens", "text": TEXT})
    path.write_text("\n".join([first, json.dumps({"id": "kt-1001", "title": "Quay reopens",
                                                  "text": "Updated: " + TEXT}), first]))
    summary = ingest([str(path)], Store(f"sqlite:///{tmp_path / 's.db'}"))
    assert summary.already_present == 1
    assert summary.notes == [f"{path}:2: id 'kt-1001' given again with another text (first by {path}:1); both read"]


def test_a_feed_or_a_page_saved_under_a_text_name_is_read_as_what_it_holds(tmp_path):
    feed = tmp_path / "world-feed.txt"
    feed.write_text(rss(f"<item><title>Ferry withdrawn</title><guid>t-1</guid>"
                        f"<description><![CDATA[{BODY}]]></description></item>"))
    docs, failed = collect(feed)
    assert not failed and [(d.meta["title"], d.media_type) for d in docs] == [("Ferry withdrawn", "text/html")]
    page = tmp_path / "saved-page.txt"
    page.write_text(f"<!DOCTYPE html><html><head><title>Quay reopens</title></head><body>{BODY}</body></html>")
    docs, failed = collect(page)
    assert not failed and [d.media_type for d in docs] == ["text/html"]
    plain = tmp_path / "notes.txt"
    plain.write_text(TEXT)
    assert [d.media_type for d in collect(plain)[0]] == ["text/plain"]
