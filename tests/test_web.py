"""The web pages in a real browser (Debian's chromium through Playwright) against a real server.

The server is `storyline serve` in its own process, on a database built from
examples/ (and the seeds, where ../shared is present). Each page's screenshot
is kept under test-artifacts/screenshots/ for people to look at.
"""

from __future__ import annotations

import json
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from conftest import ROOT, SEEDS, run_cli

from storyline.model import moment_text, probability_text

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
PAYLOAD = "<script>window.__injected = 1</script><img src=x onerror=\"window.__injected = 2\">"


@pytest.fixture(scope="module")
def web_db(examples_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("web") / "storyline.db"
    shutil.copy(examples_db[0], db)
    if SEEDS.is_dir():
        run_cli("ingest", str(SEEDS), db=db, check=True)
    return db


@pytest.fixture(scope="module")
def server(web_db):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "storyline", "serve", "--port", str(port),
                                "--db", f"sqlite:///{web_db}"], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{base}/api/v1/stories?limit=1", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"storyline serve did not start:\n{process.stdout.read()}")
        time.sleep(0.2)
    yield base
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} not found: scripts/setup.sh installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_list_story_article_entity_flow(server, page):
    page.goto(server + "/")
    assert page.locator("li.story").count() >= 10
    shot(page, "stories")
    page.fill("form.filters input[name=q]", "Saddleback evacuation")
    page.click("form.filters button[type=submit]")
    headlines = page.locator("li.story a.headline")
    assert headlines.count() >= 1
    shot(page, "stories-filtered")
    headlines.filter(has_text="below Caldrian dam").first.click()  # titled by its first report, the wire's
    assert "Thousands evacuated below Caldrian dam" in page.locator("h1").inner_text()
    story_id = page.url.rsplit("/", 1)[-1]
    comparison = httpx.get(f"{server}/api/v1/stories/{story_id}/comparison").json()
    # a fact the comparison says only one outlet reports: its words are in that outlet's article, not the others'
    outlet, facts = next(iter(comparison["unique"].items()))
    fact = facts[0]["text"]
    bodies = {a["article"]: httpx.get(f"{server}/api/v1/articles/{a['article']}").json()["body"]
              for a in comparison["coverage"] if not a["copy_of"]}
    outlet_of = {a["article"]: a["outlet"] for a in comparison["coverage"]}
    assert {outlet_of[i] for i, body in bodies.items() if fact in body} == {outlet}
    unique = page.locator("#unique .column", has=page.locator("h3", has_text=outlet))
    assert fact in unique.inner_text()
    assert page.locator("#facts tbody tr").count() >= 3
    assert page.locator("#quotes .speaker").count() >= 2
    # the page's contents go to each part, with its count: the speakers the comparison lists
    contents = page.locator("nav.contents")
    assert contents.locator("a[href='#quotes']").is_visible()
    assert f"{len(comparison['quotes'])} speakers" in contents.inner_text()
    contents.locator("a[href='#unique']").click()
    assert page.url.endswith("#unique") and page.locator("#unique").is_visible()
    shot(page, "story")
    page.locator("#headlines tbody a").first.click()
    assert page.locator("article.article .body span.entity, article.article .body a.entity").count() >= 3
    assert page.locator("article.article .body .quote").count() >= 1
    page.click("#removed summary")
    assert page.locator("#removed li").first.is_visible()
    raw = page.locator("a[download]").get_attribute("href")
    assert httpx.get(server + raw).content  # the raw document, byte for byte as stored
    shot(page, "article")
    entity = page.locator("#article-entities a").first
    name = entity.inner_text()
    entity.click()
    assert page.locator("h1").inner_text() == name
    assert page.locator("#entity-stories li.story").count() >= 1
    shot(page, "entity")
    # the entity's storylines: the list of threads, filtered to those with a story naming it
    page.click("p.follow a[href^='/storylines']")
    key = parse_qs(urlsplit(page.url).query)["entity"][0]
    listed = httpx.get(f"{server}/api/v1/storylines", params={"entity": key}).json()
    assert listed["total"] >= 1
    assert page.locator("li.story a.headline").all_inner_texts() == [line["title"] for line in listed["items"]]
    assert f"naming {name}" in page.locator("p.count").inner_text()
    page.goto(server + "/entities")
    assert page.locator("table.coverage tbody tr").count() >= 20
    shot(page, "entities")


def test_the_story_page_shows_the_figures_an_outlet_changed_with_its_own_sentence(server, page):
    page.goto(server + "/")
    page.locator("li.story a.headline", has_text="River Orla bursts its banks").first.click()
    differences = page.locator("#disagreements")
    text = " ".join(differences.inner_text().split())
    assert "Harbor Ledger: 160, 700" in text and "Northgate Wire: 140, 600" in text
    assert any("160 homes" in wording for wording in differences.locator("q.wording").all_inner_texts())
    shot(page, "story-disagreements")


def test_search_finds_articles_and_their_stories(server, page):
    page.goto(server + "/")
    page.fill("header form.search input[name=q]", "dockworkers strike")
    page.press("header form.search input[name=q]", "Enter")
    page.wait_for_selector("ol.results")
    results = page.locator("ol.results li a")
    assert results.count() >= 2
    shot(page, "search")
    results.first.click()
    assert "strike" in page.locator("article.article").inner_text().lower()


def test_storylines_page_lists_threads(server, page):
    page.goto(server + "/storylines")
    every = page.locator("li.story").count()
    assert every >= 3
    shot(page, "storylines")
    # filtered by the words of their stories, as the API filters them
    page.fill("form.filters input[name=q]", "strike")
    page.click("form.filters button[type=submit]")
    found = httpx.get(f"{server}/api/v1/storylines", params={"q": "strike"}).json()
    assert 1 <= found["total"] < every
    assert page.locator("li.story a.headline").all_inner_texts() == [line["title"] for line in found["items"]]
    assert page.locator("p.count").inner_text().startswith(f"{found['total']} thread")
    page.click("form.filters a.clear")
    assert page.locator("li.story").count() == every
    # a filter by an entity names that entity, not a better-known one whose key holds its key
    assert httpx.get(f"{server}/api/v1/entities", params={"q": "halden"}).json()["items"][0]["key"] != "halden"
    for path in ("/", "/storylines"):
        page.goto(f"{server}{path}?entity=halden")
        assert page.locator("p.count strong").inner_text() == "Halden"
    page.goto(f"{server}/storylines?page=99")
    assert page.locator("li.empty").inner_text() == "No storylines on this page."
    page.goto(server + "/storylines")
    page.locator("li.story a.headline").first.click()
    assert page.locator("ol.timeline li").count() >= 1
    shot(page, "storyline")
    # a thread of several stories says what holds each to the others, as the API does
    threads = httpx.get(f"{server}/api/v1/storylines").json()["items"]
    line = max(threads, key=lambda t: t["story_count"])
    detail = httpx.get(f"{server}/api/v1/storylines/{line['id']}").json()
    page.goto(f"{server}/storylines/{line['id']}")
    for story in detail["stories"]:
        names = detail["shared_names"][story["id"]]
        item = page.locator("ol.timeline li", has=page.locator(f"a[href='/stories/{story['id']}']"))
        assert names and " ".join(item.locator(".names").inner_text().split()).startswith(
            "names shared in the thread: " + ", ".join(names[:8]))
        span = story["first_published"] + (f" – {story['last_published']}"
                                            if story["last_published"] != story["first_published"] else "")
        assert item.locator(".span").inner_text() == span  # each story's days, not only its first


def test_an_emptied_storyline_leads_to_the_storyline_its_story_moved_to(server, web_db, page):
    # the examples' resignation story, first a thread of its own, joins the election's once it names the scandal
    with sqlite3.connect(web_db) as connection:
        emptied = [row[0] for row in connection.execute("select id from storylines where story_count = 0")]
    assert emptied
    page.goto(f"{server}/storylines/{emptied[0]}")
    assert page.locator("p.note").inner_text() == f"The stories of storyline {emptied[0]} moved to this storyline."
    assert page.locator("ol.timeline li").count() >= 2
    shot(page, "storyline-moved")


def test_seed_storyline_shows_both_no_hostile_intent_quotes_and_the_opinion(server, page, seeds_dir):
    found = httpx.get(f"{server}/api/v1/search?q=hostile+intent+North+Korea").json()["items"]
    editorial = next(a for a in found if "Requests Meeting" in (a["title"] or ""))
    storyline = httpx.get(f"{server}/api/v1/stories/{editorial['story']}").json()["story"]["storyline"]
    page.goto(f"{server}/storylines/{storyline}")
    echo = page.locator("#echoes .phrase", has=page.locator("h3", has_text="hostile intent"))
    text = echo.inner_text()
    assert "Sung Kim" in text and "Linda Thomas-Greenfield" in text and text.count("no hostile intent") >= 2
    shot(page, "storyline-seeds")
    assert page.locator("p.meta .estimate").first.inner_text().startswith("about 20")  # its days too, on both pages
    page.goto(f"{server}/storylines?q=hostile+intent")
    listed = page.locator("li", has=page.locator(f"a[href='/storylines/{storyline}']")).first
    assert listed.locator(".estimate").first.inner_text().startswith("about 20")
    page.goto(f"{server}/stories/{editorial['story']}")
    opinion = page.locator("#opinion").inner_text()
    article = httpx.get(f"{server}/api/v1/articles/{editorial['id']}").json()
    marked = [article["body"][s["start"]:s["end"]] for s in article["sentences"] if s["opinion"]]
    assert len(marked) >= 2 and all(sentence.strip() in opinion for sentence in marked)
    # neither seed dates itself: the story's day is an estimate, and says so
    assert page.locator("p.meta .estimate").first.inner_text() == f"about {article['published_estimate']}"
    shot(page, "story-seed-opinion")
    for listing in ("/?q=hostile+intent", "/search?q=hostile+intent"):  # and so do the lists that show the story
        page.goto(server + listing)
        listed = page.locator("li", has=page.locator(f"a[href='/stories/{editorial['story']}']")).first
        assert f"about {article['published_estimate']}" in listed.locator(".estimate").first.inner_text()
    page.goto(f"{server}/articles/{editorial['id']}")
    assert page.locator("article.article .body .opinion").count() >= len(marked)
    shot(page, "article-seed-opinion")


def test_copies_are_folded_under_their_original_on_the_story_page(server, web_db, page):
    with sqlite3.connect(web_db) as connection:
        story, original = connection.execute(
            "select story_id, duplicate_of from articles where duplicate_of is not null "
            "group by story_id, duplicate_of order by count(*) desc limit 1").fetchone()
    members = httpx.get(f"{server}/api/v1/stories/{story}").json()["articles"]
    copies = [a for a in members if a["duplicate_of"] == original]
    page.goto(f"{server}/stories/{story}")
    rows = page.locator("#headlines tbody tr")
    assert rows.count() == sum(not a["duplicate_of"] for a in members)  # one row per original
    folded = page.locator(f"#headlines tbody tr:has(td:nth-child(3) > a[href='/articles/{original}']) details.copies")
    count, outlets = folded.locator("summary").inner_text().split(": ")
    assert count == f"{len(copies)} cop{'y' if len(copies) == 1 else 'ies'}"
    assert set(outlets.split(", ")) == {a["outlet"] for a in copies}
    assert not folded.locator("li").first.is_visible()
    page.goto(f"{server}/")
    listed = page.locator("li.story", has=page.locator(f"a.headline[href='/stories/{story}']"))
    total = len(members)
    all_copies = sum(bool(a["duplicate_of"]) for a in members)
    assert listed.locator(".articles").inner_text().startswith(
        f"{total} articles ({all_copies} cop{'y' if all_copies == 1 else 'ies'})")
    page.goto(f"{server}/stories/{story}")
    folded.locator("summary").click()
    assert {folded.locator("li a").nth(i).get_attribute("href") for i in range(len(copies))} == {
        f"/articles/{a['id']}" for a in copies}
    all_copies = sum(bool(a["duplicate_of"]) for a in members)
    assert page.locator("p.meta .copies-count").inner_text() == (
        f"{all_copies} of them cop{'y' if all_copies == 1 else 'ies'} of another's report")
    # in the shared facts a copy's outlet carries the original's words: marked apart from a report of its own
    copied = page.locator("#facts td.mark .copied").first
    assert copied.inner_text() == "○" and "in a copy of another outlet's report" in copied.get_attribute("title")
    shot(page, "story-copies-folded")


def test_pushed_html_is_never_rendered_unescaped(server, page):
    article = {"title": f"Harbour crane inquiry {PAYLOAD}", "outlet": f"Quay Times {PAYLOAD}",
               "published": "2026-11-02", "url": "javascript:window.__injected=3",
               "text": (f"The harbour crane inquiry opened on Monday in Velmar. {PAYLOAD} Inspector Ada Brisk said "
                        f"\"the cranes {PAYLOAD} were never certified\", and the port authority declined to comment. "
                        "Workers said the inquiry should have started a year ago, when the first crane failed.")}
    response = httpx.post(f"{server}/api/v1/articles", json=article, timeout=120)
    assert response.status_code == 201, response.text
    stored = response.json()["articles"][0]
    for path in (f"/articles/{stored['id']}", f"/stories/{stored['story']}", "/", "/search?q=crane+inquiry"):
        page.goto(server + path)
        assert page.evaluate("window.__injected") is None, path
        assert "<script>" in page.locator("main").inner_text(), path  # shown as text, not run
    page.goto(f"{server}/articles/{stored['id']}")
    assert page.locator("a[href^='javascript:']").count() == 0  # a hostile URL is shown, never linked
    shot(page, "escaped-payload")


def test_openapi_document_describes_the_api(server):
    document = httpx.get(f"{server}/openapi.json").json()
    for path in ("/api/v1/stories", "/api/v1/stories/{story_id}/comparison", "/api/v1/storylines/{storyline_id}",
                 "/api/v1/articles", "/api/v1/entities/{key}", "/api/v1/quotes", "/api/v1/search"):
        assert path in document["paths"], path
    assert "post" in document["paths"]["/api/v1/articles"]
    missing = httpx.get(f"{server}/api/v1/stories/no-such-story")
    assert missing.status_code == 404 and missing.json()["error"]["status"] == 404
    page = httpx.get(f"{server}/api/v1/articles?limit=5&offset=5").json()
    assert page["limit"] == 5 and page["offset"] == 5 and len(page["items"]) <= 5 and page["total"] >= 40
    assert json.loads(httpx.get(f"{server}/api/v1/search?q=Saddleback").text)["total"] >= 3


def test_a_move_by_hand_is_shown_on_both_stories_and_the_emptied_story_leads_on(server, web_db, page):
    # last in this module: it changes the database the other pages read
    with sqlite3.connect(web_db) as connection:
        column, story = connection.execute(
            "select id, story_id from articles where source like '%civic-pulse-two-brodskys.html'").fetchone()
        largest = connection.execute("select id from stories where merged_into is null and id != ? "
                                     "order by article_count desc, seq limit 1", (story,)).fetchone()[0]
    moved = httpx.post(f"{server}/api/v1/moves", json={"articles": [column], "to": largest,
                                                       "note": "the same <b>audit</b>"}, timeout=60)
    assert moved.status_code == 201, moved.text
    moved_at = httpx.get(f"{server}/api/v1/stories/{largest}").json()["moves"][-1]["moved_at"]
    page.goto(f"{server}/stories/{story}")
    notes = page.locator("p.note").all_inner_texts()
    assert notes[0] == f"The articles of story {story} were moved by hand to this story."
    assert any(n.startswith("Moved in by hand") and f"article {column[:12]}, from story {story}" in n
               and n.endswith(": the same <b>audit</b>.") for n in notes), notes
    shot(page, "story-moved-by-hand")
    members = httpx.get(f"{server}/api/v1/stories/{largest}").json()["articles"]
    assert next(a for a in members if a["id"] == column)["joined"] == "moved"
    page.goto(f"{server}/stories/{largest}")
    row = page.locator(f"#headlines tbody tr:has(td:nth-child(3) > a[href='/articles/{column}'])")
    assert row.locator("td").last.inner_text() == "moved by hand"
    page.goto(f"{server}/stories/{story}")
    page.locator("p.note.move").get_by_role("link", name=column[:12], exact=True).click()
    page.wait_for_url(f"**/articles/{column}")
    assert page.locator("p.note.move").inner_text() == (  # the time as a reader writes it, UTC
        f"Moved by hand ({moment_text(moved_at)}) from story {story} to story {largest}: the same <b>audit</b>.")
    assert page.locator("p.note.move time").get_attribute("datetime") == moved_at


def test_a_story_moved_to_a_thread_of_its_own_is_shown_on_both_storylines(server, page):
    # after the move above, in the same database
    threads = httpx.get(f"{server}/api/v1/storylines").json()["items"]
    line = next(t for t in threads if t["story_count"] >= 2)
    story = httpx.get(f"{server}/api/v1/storylines/{line['id']}").json()["stories"][-1]["id"]
    moved = httpx.post(f"{server}/api/v1/relinks", json={"stories": [story], "to": "new"}, timeout=60)
    assert moved.status_code == 201, moved.text
    own = moved.json()["storyline"]
    page.goto(f"{server}/storylines/{line['id']}")
    assert page.locator("p.note.move").inner_text().startswith("Moved out by hand")
    assert page.locator("p.note.move").get_by_role("link", name=own).count() == 1
    page.goto(f"{server}/storylines/{own}")
    assert page.locator("ol.timeline li").count() == 1
    page.goto(f"{server}/stories/{story}")
    assert page.locator("p.note.move", has_text=f"to storyline {own}").count() == 1
    shot(page, "storyline-moved-by-hand")


def test_the_joins_to_check_page_lists_the_least_certain_joins_with_their_stories(server, page):
    joins = httpx.get(f"{server}/api/v1/review?below=1&limit=200").json()
    assert joins["total"] == len(joins["items"]) > 0
    page.goto(f"{server}/")
    page.get_by_role("link", name="To check", exact=True).click()
    page.goto(f"{server}/review?below=1")
    items = page.locator("li.join")
    assert items.count() == joins["total"]
    first = joins["items"][0]
    assert f"p = {probability_text(first['probability'])}" in items.first.inner_text()
    # what a reader weighs: the names it shares with its story, names only it has, and the story's it lacks
    shown = next(i for i, join in enumerate(joins["items"]) if join["shared_names"] and join["absent_names"])
    names, text = joins["items"][shown], " ".join(items.nth(shown).inner_text().split())
    assert f"names shared: {', '.join(names['shared_names'][:8])}" in text
    assert f"not named here: {', '.join(names['absent_names'][:8])}" in text
    assert ("new to the story:" in text) == bool(names["own_names"])
    # the stories list says which stories hold joins to check, and how many
    page.goto(f"{server}/")
    listed = page.locator("li.story", has=page.locator(f"a.headline[href='/stories/{first['story']}']"))
    to_check = sum(j["story"] == first["story"] and j["probability"] < 0.7 for j in joins["items"])
    assert listed.locator("a.to-check").inner_text() == f"{to_check} to check"
    listed.locator("div.meta a", has_text="storyline").click()
    assert page.locator("ol.timeline li", has=page.locator(f"a[href='/stories/{first['story']}']")).locator(
        "a.to-check").inner_text() == f"{to_check} to check"
    # and the stories that may be part of another, as the API lists them
    nearly = httpx.get(f"{server}/api/v1/review/nearly-joined").json()
    page.goto(f"{server}/review?below=1")
    shown = page.locator("#nearly-joined li.nearly")
    assert shown.count() == min(nearly["total"], 20)
    for index, item in enumerate(nearly["items"][:20]):
        links = shown.nth(index).locator("a")
        assert [links.nth(k).get_attribute("href") for k in range(2)] == [
            f"/stories/{item['story']}", f"/stories/{item['nearest']}"]
    page.goto(f"{server}/review?below=1")
    items.first.locator("div.meta a").click()
    page.wait_for_url(f"**/stories/{first['story']}")
    shot(page, "review")
    # the story page says how each article came to it, and marks the join to check
    row = page.locator(f"#headlines tbody tr:has(td:nth-child(3) > a[href='/articles/{first['article']}'])")
    assert " ".join(row.locator("td").last.inner_text().split()) == f"p = {probability_text(first['probability'])} · to check"
    members = httpx.get(f"{server}/api/v1/stories/{first['story']}").json()["articles"]
    shown = {a["id"]: a["joined"] for a in members}
    in_story = httpx.get(f"{server}/api/v1/review?below=1&story={first['story']}").json()["items"]
    assert in_story == [j for j in joins["items"] if j["story"] == first["story"]]
    assert httpx.get(f"{server}/api/v1/review?story=s-missing").status_code == 404
    grouped = [" ".join(text.split()) for text in page.locator("#headlines tbody tr td:last-child").all_inner_texts()]
    assert grouped.count("began the story") == list(shown.values()).count("founded") >= 1
    row.get_by_role("link", name="to check").click()  # the story's own joins to check, with their names
    page.wait_for_url(f"**/review?story={first['story']}")
    assert page.locator("li.join").count() == sum(j["probability"] < 0.7 for j in in_story)
    assert page.locator("li.join a.headline").first.get_attribute("href") == f"/articles/{first['article']}"


@pytest.mark.parametrize("width", [390, 320])
def test_on_a_phone_no_page_scrolls_sideways_and_a_shared_fact_names_its_outlets(server, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    listed = httpx.get(f"{server}/api/v1/stories", params={"limit": 100}).json()["items"]
    story, storyline = next((s["id"], s["storyline"]) for s in listed if "minister resigns" in s["headline"])
    comparison = httpx.get(f"{server}/api/v1/stories/{story}/comparison").json()
    linked = next(a["article"] for a in comparison["coverage"]
                  if httpx.get(f"{server}/api/v1/articles/{a['article']}").json().get("url"))
    try:
        for path in ("/", f"/stories/{story}", f"/storylines/{storyline}", f"/articles/{linked}", "/review",
                     "/entities", "/search?q=strike"):
            page.goto(server + path)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (path, page.evaluate(
                "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > "
                f"{width} + 1).slice(0, 6).map(e => e.tagName + ' ' + (e.textContent || '').slice(0, 80))"))
        page.goto(f"{server}/stories/{story}")
        first = comparison["facts"][0]
        row = page.locator("#facts tbody tr").first
        assert first["text"] in row.inner_text()
        named = [cell.get_attribute("data-label") for cell in row.locator("td.mark").all() if cell.is_visible()]
        assert sorted(named) == sorted(first["outlets"])
        shot(page, f"story-phone-{width}")
        copied = next(((fact, outlet) for fact in comparison["facts"] for outlet in fact["copied_by"]), None)
        if copied:  # a copy keeps its hollow mark on a phone too
            copy_row = page.locator("#facts tbody tr", has_text=copied[0]["text"]).first
            mark = copy_row.locator(f"td.mark[data-label='{copied[1]}']")
            assert page.evaluate("e => getComputedStyle(e, '::before').content", mark.element_handle()).startswith('"○')
        said = row.locator("td.mark[tabindex='0']").first
        said.focus()  # a tap or Tab shows the outlet's own sentence, where no pointer can hover
        sentence = said.locator("q.said")
        assert sentence.is_visible() and sentence.bounding_box()["width"] > 100
        assert sentence.inner_text() == next(s["text"] for s in first["sentences"]
                                             if s["outlet"] == said.get_attribute("data-label"))
        for mark in row.locator("td.mark[tabindex='0']").all():  # the last column's sentence too stays on screen
            mark.focus()
            box = mark.locator("q.said").bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width
            assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()


def test_a_story_begun_by_a_copy_says_so_on_the_row_of_its_earlier_original(server, web_db, page):
    with sqlite3.connect(web_db) as connection:
        begun_by_copies = connection.execute(
            "select story_id, duplicate_of from articles where similarity = 0 and duplicate_of is not null").fetchall()
    assert begun_by_copies
    for story, original in begun_by_copies:
        page.goto(f"{server}/stories/{story}")
        row = page.locator(f"#headlines tbody tr:has(td:nth-child(3) > a[href='/articles/{original}'])")
        assert "a copy of it began the story" in row.inner_text()
        assert page.locator("#headlines").inner_text().count("began the story") == 1


def test_a_date_filter_that_is_no_calendar_day_is_refused_by_the_api_and_named_on_the_page(server, page):
    for day in ("2026-13-01", "2026-02-30", "2026-W40-1"):
        answer = httpx.get(f"{server}/api/v1/stories", params={"since": day})
        assert answer.status_code == 422 and "since" in answer.json()["error"]["message"], day
    assert httpx.get(f"{server}/api/v1/stories", params={"since": "2026-02-28"}).status_code == 200
    page.goto(f"{server}/?since=2026-02-30&until=2026-05-01")
    assert "From “2026-02-30”: not a day" in page.locator("p.note.error").inner_text()
    assert httpx.get(f"{server}/api/v1/storylines", params={"until": "2026-02-30"}).status_code == 422
    until_only = httpx.get(f"{server}/api/v1/stories", params={"until": "2026-05-01", "limit": 200}).json()["total"]
    assert page.locator("p.count").inner_text().startswith(f"{until_only} stor")  # the valid filter still applies
