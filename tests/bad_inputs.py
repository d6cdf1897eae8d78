"""A corpus of hostile and broken inputs, generated (no third-party text), with what storyline must make of each.

``write_corpus(folder)`` writes the files and returns ``{file name: Expect}``:
an article whose clean body contains given words, a page stored without
article text, or a per-input error whose message contains given words. Run as a
script it writes the corpus to a folder, to try it by hand:

    python tests/bad_inputs.py /tmp/bad && storyline ingest /tmp/bad
"""

from __future__ import annotations

import gzip
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

PARAGRAPHS = [
    "The harbour authority of Port Alden said on Tuesday that the new ferry terminal would open in the spring, "
    "two years later than first planned, after a review of the pier foundations.",
    "“We would rather open late than open unsafe,” said Marta Kowalczyk, who chairs the authority, at a briefing "
    "attended by local councillors and the contractors who built the terminal.",
    "The project has cost 48 million euros so far, according to figures released by the regional council, and "
    "the final bill is expected to rise once the foundation work is complete.",
    "Residents of the waterfront district have complained for months about noise from the site, and a petition "
    "asking for night work to stop gathered more than three thousand signatures.",
]
ARTICLE = "Port Alden ferry terminal delayed until spring\n\n" + "\n\n".join(PARAGRAPHS) + "\n"


@dataclass(frozen=True)
class Expect:
    outcome: str  # "article", "no_text", "error", "any" (either, never silence), "parts" (see its members), "skipped"
    words: tuple[str, ...] = ()  # in the clean body (article) or in the error message (error)


def article(*words: str) -> Expect:
    return Expect("article", words)


def error(*words: str) -> Expect:
    return Expect("error", words)


def variant(label: str) -> str:
    """The example article made distinct (its own headline and harbour), so each file is its own document."""
    return ARTICLE.replace("Port Alden", f"Port {label}")


def html_page(body: str, title: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n")[1:])
    return (f"<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title></head>"
            f"<body><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav><article><h1>{title}</h1>"
            f"{paragraphs}</article><footer>© 2026 Example Media</footer></body></html>")


def warc_record(uri: str, html: str, number: int) -> bytes:
    payload = html.encode("utf-8")
    http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: "
            + str(len(payload)).encode() + b"\r\n\r\n" + payload)
    headers = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\n"
               f"WARC-Date: 2026-03-0{number}T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-00000000000{number}>\r\n"
               f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n")
    return gzip.compress(headers.encode() + http + b"\r\n\r\n")


def billion_laughs() -> bytes:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)]
    return (f'<?xml version="1.0"?>\n<!DOCTYPE rss [{"".join(entities)}]>\n'
            '<rss version="2.0"><channel><title>Laughs</title><item><title>&lol9;</title>'
            '<description>&lol9;</description></item></channel></rss>').encode()


def write_corpus(folder: Path) -> dict[str, Expect]:
    folder.mkdir(parents=True, exist_ok=True)
    expected: dict[str, Expect] = {}
    rng = random.Random(8)

    def put(name: str, data: bytes | str, expect: Expect) -> None:
        (folder / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        expected[name] = expect

    put("good.txt", variant("Alden"), article("ferry terminal", "Kowalczyk"))
    put("empty.txt", b"", error("empty"))
    put("whitespace.html", b"   \n\t \r\n", error("empty"))
    put("binary.txt", bytes(rng.randrange(256) for _ in range(4096)), error("binary"))
    put("image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(2048)),
        error("binary"))

    accented = variant("Élan").replace("regional council", "conseil régional, café owners").replace("“", '"').replace("”", '"')
    put("latin1.txt", accented.encode("latin-1"), article("Élan", "conseil régional", "café"))
    put("cp1252.txt", variant("Brisk").replace("more than", "more than €5 and").encode("cp1252"),
        article("“We would rather", "€5"))
    put("utf16-bom.txt", variant("Cobalt").encode("utf-16"), article("Port Cobalt", "Kowalczyk"))
    put("utf16le-no-bom.txt", variant("Dunmore").encode("utf-16-le"), article("Port Dunmore", "“We would rather"))
    put("utf16be-no-bom.html", html_page(variant("Easton"), "Port Easton ferry terminal delayed").encode("utf-16-be"),
        article("Port Easton", "Kowalczyk"))
    mixed_lines = variant("Fennick").split("\n")
    mixed = b"\n".join(line.replace("complained", "complained (naïvely, some say)").encode("cp1252")
                       if line.startswith("Residents") else line.encode("utf-8") for line in mixed_lines)
    put("mixed-encodings.txt", mixed, article("“We would rather", "naïvely"))

    good_warc = warc_record("https://example.org/a", html_page(variant("Garnet"), "Port Garnet terminal"), 1)
    cut_warc = warc_record("https://example.org/b", html_page(variant("Hollis"), "Port Hollis terminal"), 2)
    put("truncated.warc.gz", good_warc + cut_warc[: len(cut_warc) // 2], Expect("parts"))
    expected["truncated.warc.gz#https://example.org/b"] = error("damaged WARC", "cut short")
    expected["truncated.warc.gz#https://example.org/a"] = article("Port Garnet")

    lines = [json.dumps({"id": "j1", "title": "Port Ilford terminal delayed", "text": variant("Ilford"),
                         "published": "2026-03-03"})]
    gz_lines = "\n".join(lines + [json.dumps({"id": f"j{n}", "text": variant(f"Jarrow{n}")}) for n in range(2, 40)])
    put("truncated.jsonl.gz", gzip.compress(gz_lines.encode())[:-400], error("damaged gzip", "lines before were read"))
    expected["truncated.jsonl.gz:1"] = article("Port Ilford")

    jsonl = "\n".join([
        json.dumps({"id": "k1", "title": "Port Kestrel terminal delayed", "text": variant("Kestrel")}),
        '{"id": "k2", "text": "unterminated',
        json.dumps(["a", "list", "not", "an", "object"]),
        json.dumps({"id": "k4", "url": "https://example.org/k4"}),
        json.dumps({"id": "k5", "text": variant("Kestrel5"), "published": "last Tuesday-ish"}),
        "[" * 100_000 + "]" * 100_000,
        "\x00\x01\x02 not json",
    ]) + "\n"
    put("malformed.jsonl", jsonl, Expect("parts"))
    expected["malformed.jsonl:1"] = article("Port Kestrel")
    expected["malformed.jsonl:2"] = error("invalid JSON on line 2")
    expected["malformed.jsonl:3"] = error("expected a JSON object, got list")
    expected["malformed.jsonl:4"] = error("'html' or 'title' to read an article from (its fields: id, url)")
    expected["malformed.jsonl:5"] = error("'published' is 'last Tuesday-ish'")
    expected["malformed.jsonl:6"] = error("invalid JSON on line 6")
    expected["malformed.jsonl:7"] = error("invalid JSON on line 7")

    # a web page saved with a JSON name: one error naming the file, not one for each of its lines
    put("saved-page.json", html_page(variant("Merrow"), "Port Merrow terminal"),
        error("not JSON: the file holds an HTML page", "save it as .html"))

    body = "".join(f"<p>{p.replace('Port Alden', 'Port Lowick')}</p>" for p in PARAGRAPHS)
    entity_feed = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Lowick Gazette</title>'
                   '<item><title>Port Lowick terminal &amp; pier delayed</title><guid>lowick-1</guid>'
                   '<pubDate>Tue, 03 Mar 2026 09:00:00 GMT</pubDate><description><![CDATA['
                   + body.replace("said", "said &#8212; and &eacute;mphasised &#x2014;") * 2
                   + ']]></description></item></channel></rss>')
    put("entities.rss", entity_feed, Expect("parts"))
    expected["entities.rss#1"] = article("Port Lowick", "émphasised", "—")
    put("billion-laughs.xml", billion_laughs(), error("declares its own XML entities"))
    xxe = ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
           '<rss version="2.0"><channel><title>XXE</title><item><title>Leak &secret;</title>'
           f'<description><![CDATA[{body.replace("Port Alden", "Port Moreton")}]]>&secret;</description>'
           '</item></channel></rss>')
    put("external-entity.rss", xxe, error("declares its own XML entities"))
    put("not-a-feed.xml", "<?xml version='1.0'?><inventory><item>bolts</item></inventory>", error("not an RSS or Atom feed"))

    deep = ("<html><body>" + "<div>" * 100_000 + "".join(f"<p>{p.replace('Port Alden', 'Port Norwell')}</p>"
            for p in PARAGRAPHS) + "</div>" * 100_000 + "</body></html>")
    put("deep-nesting.html", deep, Expect("any"))
    put("cut-mid-tag.html", html_page(variant("Oakham"), "Port Oakham terminal")[:-120] + "<p class=\"x", article("Port Oakham"))

    # tags never closed by '>', and blocks never closed: each was a scan to the end of the page per tag
    unclosed = html_page(variant("Ormsby"), "Port Ormsby terminal").replace("</article>", "</article>" + "<a " * 400_000)
    put("unclosed-tags.html", unclosed, article("Port Ormsby", "Kowalczyk"))
    big_unclosed = html_page(variant("Otley"), "Port Otley terminal").replace(
        "</footer>", "</footer>" + "<script>" * 400_000 + "x" * (17 * 1024 * 1024))
    put("unclosed-scripts-17-mb.html", big_unclosed, article("Port Otley", "Kowalczyk"))
    lists = html_page(variant("Oxley"), "Port Oxley terminal").replace(
        "<footer>", "<ul>" + "<li>Port Oxley ferry timetable item" * 400 + "</ul><footer>")
    put("long-unclosed-list.html", lists, article("Port Oxley", "Kowalczyk"))

    image = "data:image/png;base64," + "iVBORw0KGgo" * (50 * 1024 * 1024 // 11)
    script = "<script>var tracking = " + "1," * 200_000 + "0;</script>"
    big_page = html_page(variant("Pelham"), "Port Pelham terminal").replace(
        "<article>", f"<article><img src=\"{image}\">{script}")
    put("fifty-mb-page.html", big_page, article("Port Pelham", "Kowalczyk"))
    put("fifty-mb-text.txt", (variant("Quarry") + "\n") * (50 * 1024 * 1024 // len(ARTICLE)), error("over the", "limit"))
    long_line = " ".join(PARAGRAPHS).replace("Port Alden", "Port Radley")
    put("long-line.txt", "Port Radley terminal delayed\n\n" + " ".join([long_line] * 250) + "\n",
        article("Port Radley"))
    put("one-long-word.txt", "Headline of nothing\n\n" + "x" * 3_000_000 + "\n", Expect("any"))
    put("boilerplate-only.txt", "Share on Facebook\nShare on Twitter\nAccept cookies\nSubscribe to our newsletter\n"
        "© 2026 Example Media. All rights reserved.\n", Expect("no_text"))
    quotes = variant("Sutton") + "\n\n" + "“ said \" ” “ she said, “ " * 2000 + "\n"
    put("unbalanced-quotes.txt", quotes, article("Port Sutton"))
    put("unsupported.pdf", b"%PDF-1.7 not read", Expect("skipped"))
    return expected


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "bad-inputs")
    for name, expect in write_corpus(target).items():
        print(f"{name}: {expect.outcome} {' / '.join(expect.words)}")
