"""Reading the stored stories as people and programs do: filters, paging, entity pages, leads, HEAD.

The app runs in-process (FastAPI's TestClient) on a copy of the examples database built by the real CLI.
"""

from __future__ import annotations

import html
import re
import shutil

import httpx
import pytest
from fastapi.testclient import TestClient

from conftest import run_cli
from storyline.model import LEAD_CHARS
from storyline.store import Store
from storyline.web import create_app
from storyline.web.pages import coverage_chart, shown_headline


@pytest.fixture(scope="module")
def browsing(examples_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("browsing") / "storyline.db"
    shutil.copy(examples_db[0], db)
    return TestClient(create_app(f"sqlite:///{db}")), Store(f"sqlite:///{db}")


def total(client, path: str) -> int:
    response = client.get(path)
    assert response.status_code == 200, (path, response.text[:300])
    return response.json()["total"]


@pytest.mark.parametrize("path", ["/api/v1/stories", "/api/v1/storylines", "/api/v1/articles"])
def test_an_empty_or_blank_filter_is_no_filter(browsing, path):
    client, _ = browsing
    everything = total(client, path)
    assert everything > 0
    for empty in ("q=", "q=%20%20", "outlet=", "outlet=%20", "entity=", "entity=%20", "since=", "until=%20"):
        if "article" in path and empty.split("=")[0] in ("entity", "since", "until"):
            continue
        assert total(client, f"{path}?{empty}") == everything, empty
    assert total(client, f"{path}?q=zzzqqqxyz") == 0  # a real filter still filters


def test_the_story_list_page_takes_a_blank_search_for_none(browsing):
    client, _ = browsing
    every = re.search(r"(\d+) stories", client.get("/").text).group(1)
    blank = client.get("/?q=%20").text
    assert f"{every} stories" in blank and "matching" not in blank


def test_entity_filters_take_a_name_as_the_cli_does(browsing):
    client, store = browsing
    by_key = total(client, "/api/v1/stories?entity=anselm%20brodsky")
    assert by_key > 0
    assert total(client, "/api/v1/stories?entity=Anselm%20Brodsky") == by_key
    assert total(client, "/api/v1/storylines?entity=Anselm%20Brodsky") == total(
        client, "/api/v1/storylines?entity=anselm%20brodsky") > 0
    quotes = total(client, "/api/v1/quotes?speaker=daria%20kovant")
    assert quotes > 0 and total(client, "/api/v1/quotes?speaker=Daria%20Kovant") == quotes
    assert client.get("/api/v1/entities/Anselm%20Brodsky").json()["key"] == "anselm brodsky"
    assert store.query_stories(entity="Anselm Brodsky")[1] == by_key
    kovant = total(client, "/api/v1/stories?entity=daria%20kovant")
    assert kovant > 0 and total(client, "/api/v1/stories?entity=Kovant") == kovant  # the one person so named
    assert "naming <strong>Daria Kovant</strong>" in client.get("/?entity=Kovant").text
    assert total(client, "/api/v1/entities?q=%20") == total(client, "/api/v1/entities")


def test_an_entity_is_listed_once_with_its_most_used_name_and_kind(browsing):
    client, store = browsing
    entities = client.get("/api/v1/entities?limit=200").json()["items"]
    keys = [e["key"] for e in entities]
    assert len(keys) == len(set(keys)), [k for k in keys if keys.count(k) > 1]
    for entity in entities[:20]:
        names = store.entity_names(entity["key"])
        by_name: dict[str, int] = {}
        for row in names:
            by_name[row.name] = by_name.get(row.name, 0) + row.articles
        assert by_name[entity["name"]] == max(by_name.values()), (entity, names)
    page = client.get("/entities/port%20halden")
    assert page.status_code == 200
    also = re.search(r"also written: ([^<]*)", page.text)
    assert also is None or "Port Halden" not in also.group(1)
    listed = next(e for e in entities if e["key"] == "port halden")
    shown = client.get("/api/v1/entities/port%20halden").json()
    assert (shown["name"], shown["label"]) == (listed["name"], listed["label"])  # the list and the page agree


def test_an_entity_whose_key_holds_a_slash_has_a_working_page(browsing):
    client, _ = browsing
    pushed = client.post("/api/v1/articles", json={
        "title": "AC/DC Holdings buys the Velmar ferry line", "outlet": "Quay Times", "published": "2026-11-03",
        "text": "AC/DC Holdings bought the Velmar ferry line on Monday for 40 million crowns. The chief executive of "
                "AC/DC Holdings, Mara Lind, said the timetable would not change this winter. AC/DC Holdings already "
                "runs two ferries on the northern coast."})
    assert pushed.status_code == 201, pushed.text
    article = pushed.json()["articles"][0]["id"]
    links = re.findall(r'href="(/entities/[^"]+)"', client.get(f"/articles/{article}").text)
    assert links and all(" " not in link for link in links)
    slashed = [link for link in links if "%2F" in link]
    assert slashed, links
    for link in slashed:
        assert client.get(link).status_code == 200, link
        assert client.get("/api/v1" + link).json()["name"].startswith("AC/DC")


def test_the_search_page_and_the_entity_list_link_to_their_next_pages(browsing):
    client, _ = browsing
    listed = client.get("/search?q=the").text
    found = int(re.search(r"(\d+) articles? in", listed).group(1))
    assert found > 25
    nxt = re.search(r'<a href="([^"]+)">next →</a>', listed)
    assert nxt and "page=2" in nxt.group(1)
    second = client.get(nxt.group(1).replace("&amp;", "&")).text
    assert second.count('<li><a dir="auto" href="/articles/') == min(25, found - 25)
    assert 'start="26"' in second and "← previous" in second
    entities = client.get("/entities").text
    assert int(re.search(r"(\d+) entities", entities).group(1)) > 100
    assert "next →" in entities and 'href="/entities?page=2"' in entities
    assert client.get("/entities/", follow_redirects=False).headers["location"] == "/entities"
    assert client.get("/api/v1/entities/", follow_redirects=False).headers["location"] == "/api/v1/entities"


def test_a_page_past_the_end_links_back_to_the_last_page(browsing):
    client, _ = browsing
    past = client.get("/?page=99").text
    assert "No stories on this page." in past and "of 1</span>" not in past
    assert re.search(r'href="/\?page=1">← last page', past)


def test_the_api_and_the_cli_give_the_same_lead_cut_after_a_word(browsing):
    client, store = browsing
    articles = client.get("/api/v1/articles?limit=200").json()["items"]
    assert articles
    for item in articles:
        article = store.get_article(item["id"])
        assert item["lead"] == article.lead, item["id"]
        assert len(item["lead"]) <= LEAD_CHARS
        assert "\n" not in item["lead"]
        if item["lead"].endswith("…"):
            assert article.body.startswith(item["lead"][:-1])
            assert not article.body[len(item["lead"]) - 1].isalnum()  # cut after a word, not inside one


@pytest.mark.parametrize("path", ["/", "/storylines", "/api/v1/stories", "/entities", "/openapi.json"])
def test_head_is_answered_as_get_without_a_body(browsing, path):
    client, _ = browsing
    got, head = client.get(path), client.head(path)
    assert got.status_code == head.status_code == 200, path
    assert head.content == b"" and head.headers["content-type"] == got.headers["content-type"]


def test_a_streamed_body_over_the_limit_is_refused_with_413(examples_db, tmp_path):
    db = tmp_path / "s.db"
    shutil.copy(examples_db[0], db)
    client = TestClient(create_app(f"sqlite:///{db}", max_request_bytes=64 * 1024))

    def chunks():
        yield b'{"title": "Big", "text": "'
        for _ in range(200):
            yield b"More words. " * 100
        yield b'"}'

    response = client.post("/api/v1/articles", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413, response.text[:200]
    assert "larger than" in response.json()["error"]["message"]
    assert isinstance(response, httpx.Response)


def test_an_outlet_and_a_kind_of_entity_are_matched_whatever_their_case(browsing):
    client, _ = browsing
    exact = total(client, "/api/v1/stories?outlet=Harbor%20Ledger")
    assert exact > 0 and total(client, "/api/v1/stories?outlet=harbor%20ledger") == exact
    assert total(client, "/api/v1/articles?outlet=HARBOR%20LEDGER") == total(client, "/api/v1/articles?outlet=Harbor%20Ledger")
    people = total(client, "/api/v1/entities?label=PERSON")
    assert people > 0 and total(client, "/api/v1/entities?label=person") == people
    assert people < total(client, "/api/v1/entities") == total(client, "/api/v1/entities?label=")
    bogus = client.get("/api/v1/entities?label=bogus")  # no kind: said, not answered with no entities
    assert bogus.status_code == 422 and "no kind of entity" in bogus.text and "PERSON" in bogus.text
    page = client.get("/entities?label=person").text
    assert f"<p class=\"count\">{people} people</p>" in page and '<option value="PERSON" selected>' in page
    page = client.get("/entities?label=bogus").text
    assert "“bogus” is no kind of entity" in page and "not applied" in page
    assert f"{total(client, '/api/v1/entities')} entities" in page


def test_a_filter_naming_no_stored_outlet_or_name_answers_an_empty_page_that_says_why(browsing):
    client, _ = browsing
    for path in ("/api/v1/stories", "/api/v1/storylines", "/api/v1/articles"):
        page = client.get(f"{path}?outlet=Harbour%20Ledgr").json()
        assert page["total"] == 0 and page["note"].startswith("no article is by outlet 'Harbour Ledgr'; outlets: ")
        assert "Harbor Ledger" in page["note"]
        assert client.get(f"{path}?outlet=harbor%20ledger").json()["note"] is None
    nobody = client.get("/api/v1/stories?entity=Quorlan%20Vesk").json()
    assert nobody["total"] == 0 and nobody["note"] == "no person, organisation or place named 'Quorlan Vesk' is stored"
    # an outlet that exists with nothing passing the other filters: no note, nothing is misnamed
    quiet = client.get("/api/v1/stories?outlet=Harbor%20Ledger&since=2099-01-01").json()
    assert quiet["total"] == 0 and quiet["note"] is None


def test_an_outlet_filter_in_another_case_keeps_its_outlet_selected_on_the_page(browsing):
    client, _ = browsing
    page = client.get("/?outlet=harbor%20ledger").text
    assert '<option value="Harbor Ledger" selected>' in page
    # as its folder spells it, too; and an outlet no article is by is said, not answered with an empty list alone
    assert '<option value="Harbor Ledger" selected>' in client.get("/?outlet=harbor-ledger").text
    for path in ("/", "/storylines"):
        page = client.get(f"{path}?outlet=Nonsense%20Times").text
        assert "No article is by the outlet “Nonsense Times”" in page, path


def test_a_reported_statement_is_printed_without_quotation_marks_and_a_quotation_with_them(browsing):
    import html

    client, _ = browsing
    quotes = client.get("/api/v1/quotes?limit=200").json()["items"]
    reported = next(q for q in quotes if q["kind"] == "reported")
    direct = next(q for q in quotes if q["kind"] == "direct")
    page = html.unescape(client.get(f"/articles/{reported['article']}").text)
    assert reported["text"] in page and f"“{reported['text']}”" not in page
    assert f"“{direct['text']}”" in html.unescape(client.get(f"/articles/{direct['article']}").text)


def test_a_keyboard_can_skip_the_header_and_a_screen_reader_finds_each_story_by_heading_and_each_link_apart(browsing):
    import re

    client, _ = browsing
    page = client.get("/").text
    assert '<a class="skip" href="#content">Skip to content</a>' in page and '<main id="content"' in page
    titles = re.findall(r'<h2 class="story-title"><a class="headline"[^>]*>([^<]+)</a></h2>', page)
    labels = re.findall(r'aria-label="storyline of ([^"]+)"', page)
    assert titles and sorted(labels) == sorted(t for t in titles if t in labels) and len(set(labels)) == len(labels)


def test_a_story_whose_outlets_agree_says_so_rather_than_leaving_its_differences_out(browsing):
    client, _ = browsing
    stories = client.get("/api/v1/stories?limit=200").json()["items"]
    agreeing = next(s for s in stories if len(s["outlets"]) > 1
                    and not client.get(f"/api/v1/stories/{s['id']}/comparison").json()["disagreements"])
    assert "None: where the outlets state the same thing" in client.get(f"/stories/{agreeing['id']}").text


def test_a_search_result_shows_the_sentence_its_words_stand_in_with_them_marked(browsing):
    import html
    import re

    client, _ = browsing
    hits = client.get("/api/v1/search?q=gauge").json()["items"]
    page = client.get("/search?q=gauges").text  # the stem's other form finds it, and the passage marks it
    passages = [html.unescape(p) for p in re.findall(r'<p class="passage">(.*?)</p>', page)]
    assert hits and len(passages) == len(hits)
    assert all(re.search(r"<mark>gauges?</mark>", p, re.IGNORECASE) for p in passages)
    assert any(re.sub(r"</?mark>", "", p) not in hit["lead"] for p, hit in zip(passages, hits))  # not the lead


def test_a_page_number_that_is_none_is_said_in_a_readers_words_and_the_api_keeps_its_own(browsing):
    client, _ = browsing
    for given in ("abc", "-1", "0"):
        page = client.get(f"/?page={given}")
        assert page.status_code == 422 and f"page “{given}” is no page number (1, 2, 3 …)" in page.text, given
    assert "query.limit: Input should be a valid integer" in client.get("/api/v1/stories?limit=abc").text


def test_a_method_a_path_does_not_take_is_answered_in_the_api_error_format(browsing):
    client, _ = browsing
    response = client.request("DELETE", "/api/v1/stories")
    assert response.status_code == 405 and response.headers["allow"] == "GET, HEAD"
    # every method the path takes, though two routes take them: the list (GET) and the push (POST)
    assert client.request("PUT", "/api/v1/articles").headers["allow"] == "GET, HEAD, POST"
    assert client.request("GET", "/api/v1/moves").headers["allow"] == "POST"
    assert response.json()["error"] == {"status": 405, "message": "Method Not Allowed"}
    page = client.post("/storylines")
    assert page.status_code == 405 and page.headers["content-type"].startswith("text/html")


def test_a_lead_is_the_first_paragraph_cut_after_a_word():
    from storyline.model import lead_of

    words = "The Velmar ferry changed its winter timetable on Monday after complaints from commuters. " * 6
    lead = lead_of(words + "\n\nSecond paragraph.")
    assert lead.endswith("…") and len(lead) <= LEAD_CHARS and words.startswith(lead[:-1])
    assert words[len(lead) - 1] == " "  # the cut falls between words
    assert lead_of("x" * 400) == "x" * (LEAD_CHARS - 1) + "…"
    assert lead_of("Short first.\n\nSecond.") == "Short first."


def test_an_unknown_story_is_404_for_its_articles_and_quotes_as_for_its_joins(browsing):
    client, _ = browsing
    for path in ("/api/v1/articles?story=s-nope", "/api/v1/quotes?story=s-nope", "/api/v1/review?story=s-nope"):
        response = client.get(path)
        assert response.status_code == 404 and "s-nope" in response.json()["error"]["message"], path
    story = client.get("/api/v1/stories?limit=1").json()["items"][0]["id"]
    assert total(client, f"/api/v1/articles?story={story}") > 0


def _title(page: str) -> str:
    return re.search(r"<title>(.*?)</title>", page).group(1)


def test_a_shared_fact_marks_each_outlet_with_its_own_sentence_and_lists_all_facts(browsing):
    client, store = browsing
    story = max(store.query_stories(limit=100)[0], key=lambda s: s.article_count)
    comparison = client.get(f"/api/v1/stories/{story.id}/comparison").json()
    page = client.get(f"/stories/{story.id}").text
    fact = next(f for f in comparison["facts"] if len({s["text"] for s in f["sentences"]}) > 1)
    for sentence in fact["sentences"]:  # each mark's tooltip and hidden text: the outlet's own sentence
        own = html.escape(sentence["text"])
        assert f'title="{html.escape(sentence["outlet"])}: {own}"' in page
        assert f'<q class="visually-hidden said">{own}</q>' in page
    assert page.count('<tr><td class="fact">') == len(comparison["facts"])  # every fact, none cut at 40


def test_a_story_page_says_which_story_it_may_be_part_of(browsing):
    client, store = browsing
    nearly, _ = store.nearly_joined(limit=None)
    assert nearly
    page = client.get(f"/stories/{nearly[0]['story']}").text
    assert f'May be part of <a href="/stories/{nearly[0]["nearest"]}">' in page


@pytest.mark.parametrize("path", ["/stories/{story}", "/api/v1/stories/{story}", "/api/v1/storylines/{line}",
                                  "/api/v1/articles?story={story}", "/storylines/{line}"])
def test_a_story_or_storyline_is_found_by_a_unique_prefix_of_its_id(browsing, path):
    client, store = browsing
    story = store.query_stories(limit=1)[0][0]
    response = client.get(path.format(story=story.id[:5], line=story.storyline[:5]))
    assert response.status_code == 200
    if path == "/stories/{story}":
        assert "was merged into this story" not in response.text
    if path == "/storylines/{line}":
        assert "moved to this storyline" not in response.text
    ambiguous = client.get(path.format(story="s", line="l"))
    assert ambiguous.status_code == 409 and "ambiguous" in ambiguous.text
    assert store.get_story(story.id[:5]).id == story.id and store.find_story_id("s-nope") is None


def test_a_surname_two_people_have_is_answered_with_both_names(browsing):
    client, store = browsing
    for path in ("/api/v1/stories?entity=Brodsky", "/api/v1/storylines?entity=Brodsky",
                 "/api/v1/quotes?speaker=Brodsky", "/api/v1/entities/brodsky"):
        response = client.get(path)
        assert response.status_code == 409, path
        names = {c["name"] for c in response.json()["error"]["candidates"]}
        assert names == {"Anselm Brodsky", "Lida Brodsky"}, path
    page = client.get("/?entity=Brodsky").text
    assert "names several people" in page
    assert 'href="/?entity=anselm+brodsky">Anselm Brodsky</a>' in page and ">Lida Brodsky</a>" in page
    entity_page = client.get("/entities/brodsky")
    assert entity_page.status_code == 409 and 'href="/entities/lida%20brodsky"' in entity_page.text


def test_a_surname_only_one_person_has_finds_their_entity_page(browsing):
    client, _ = browsing
    assert client.get("/api/v1/entities/kovant").json()["name"] == "Daria Kovant"
    assert "<h1>Daria Kovant" in client.get("/entities/kovant").text


def test_a_blank_search_is_refused_as_an_empty_one(browsing):
    client, _ = browsing
    assert client.get("/api/v1/search?q=%20").status_code == 422
    assert client.get("/api/v1/search?q=").status_code == 422


def test_a_pasted_paragraph_is_searched_by_its_first_words_and_only_a_huge_box_is_refused(browsing):
    client, _ = browsing
    pasted = "dam " * 20 + "zzqq " * 200  # 1,080 characters: a word no article holds, after the first 20
    for path in ("/api/v1/search", "/api/v1/stories", "/search", "/"):
        answer = client.get(path, params={"q": pasted})
        assert answer.status_code == 200, (path, answer.text[:200])
    found = client.get("/api/v1/search", params={"q": pasted}).json()["total"]
    assert found and found == client.get("/api/v1/search", params={"q": "dam"}).json()["total"]
    assert client.get("/api/v1/search", params={"q": "dam " * 600}).status_code == 422


@pytest.mark.parametrize("path, empty", [("/review?page=999", "No joins on this page."),
                                         ("/search?q=dam&page=999", "No articles on this page."),
                                         ("/entities?page=999", "No entities on this page.")])
def test_a_page_past_the_end_of_any_list_says_so_and_links_back(browsing, path, empty):
    client, _ = browsing
    page = client.get(path).text
    assert empty in page and "← last page" in page and "<thead>" not in page


def test_a_search_result_gives_the_estimated_date_as_the_story_page_does(browsing):
    from storyline.web.pages import templates

    client, _ = browsing
    assert all("published_estimate" in item for item in client.get("/api/v1/search?q=dam").json()["items"])
    search = templates.get_template("search.html")
    page = search.render(q="quay", total=1, story_total=0, stories=[], stories_link="/?q=quay", pages=1,
                         listing=type("Listing", (), {"offset": 0, "page": 1})(),
                         articles=[{"id": "a1", "title": None, "lead": "The quay reopened on Friday. Divers found "
                                    "no damage.", "outlet": "Harbor Ledger", "published": None,
                                    "published_estimate": "2021-10-20"}])
    assert "about 2021-10-20" in page and "undated" not in page
    assert "The quay reopened on Friday</span>" in page and "(no headline)" not in page


def test_an_article_without_a_title_shows_its_first_sentence_everywhere(browsing):
    from storyline.web.pages import shown_headline

    assert shown_headline(None, "The quay reopened on Friday. Divers found no damage.") == "The quay reopened on Friday"
    assert shown_headline("Quay reopens", "The quay reopened.") == "Quay reopens"
    assert shown_headline(None, "") == "(no headline)"
    long = "The union said the service would resume on Wednesday after a long dispute over pay and conditions " \
        "that had closed every route for three weeks. Next."
    cut = shown_headline(None, long)
    assert cut == "The union said the service would resume on Wednesday after a long dispute over pay and " \
        "conditions that had closed…"  # after a whole word, not inside one
    client, store = browsing
    article = next(a for a in store.iter_articles() if a.story)
    page = client.get(f"/articles/{article.id}").text
    assert "(no headline)" not in page
    assert '<h1 dir="auto">' in page and '<p dir="auto">' in page  # right-to-left text reads its own way


def test_the_api_docs_load_their_scripts_from_this_server(browsing):
    client, _ = browsing
    docs = client.get("/docs").text
    assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', docs)
    assert len(assets) >= 2 and not [url for url in assets if "://" in url]
    assert all(client.get(url).status_code == 200 for url in assets)
    assert client.get("/favicon.ico").status_code == 200


def test_small_page_details(browsing):
    client, store = browsing
    outlets = re.findall(r'<option value="([^"]+)"', client.get("/").text)
    assert outlets and outlets == sorted(outlets, key=str.casefold)
    assert _title(client.get("/?q=dam").text).startswith("Stories matching “dam”")
    assert _title(client.get("/search?q=dam").text).startswith("Search: “dam”")
    lone = next(s for s in store.query_stories(limit=100)[0] if s.article_count == 1)
    word = next(w for w in re.findall(r"[A-Za-z]{7,}", lone.headline))
    page = client.get("/search", params={"q": word}).text
    assert " 1 articles" not in page


def test_stories_leads_to_the_story_list_with_its_filters(browsing):
    client, _ = browsing
    response = client.get("/stories?outlet=Civic+Pulse", follow_redirects=False)
    assert response.status_code == 308 and response.headers["location"] == "/?outlet=Civic+Pulse"
    assert client.get("/stories").status_code == 200


def test_an_untitled_article_to_check_or_quoted_is_shown_by_its_first_sentence(examples_db, tmp_path):
    import sqlite3

    db = tmp_path / "untitled.db"
    shutil.copy(examples_db[0], db)
    client = TestClient(create_app(f"sqlite:///{db}"))
    join = client.get("/api/v1/review?below=1&limit=1").json()["items"][0]
    quoted = next(q for q in client.get("/api/v1/quotes?limit=100").json()["items"]
                  if q["article"] != join["article"] and q["speaker_key"])
    with sqlite3.connect(db) as connection:  # pages scraped without a headline
        connection.execute("UPDATE articles SET title = NULL WHERE id IN (?, ?)", (join["article"], quoted["article"]))
    join = next(j for j in client.get("/api/v1/review?below=1&limit=100").json()["items"]
                if j["article"] == join["article"])
    first_sentence = shown_headline(None, join["lead"])
    assert join["title"] is None and len(first_sentence) > 20
    assert first_sentence in client.get("/review?below=1&limit=100").text
    quoted = next(q for q in client.get("/api/v1/quotes?limit=100").json()["items"]
                  if q["article"] == quoted["article"])
    assert quoted["title"] is None and quoted["lead"]
    assert shown_headline(None, quoted["lead"]) in client.get(f"/entities/{quoted['speaker_key']}").text
    printed = run_cli("review", "--below", "1", "--limit", "100", db=db, check=True).stdout
    assert "(no headline) " + join["lead"][:30] in " ".join(printed.split())


def test_a_storys_chart_says_how_many_of_its_articles_have_no_day_to_stand_on():
    chart = coverage_chart([("2026-03-02", 2), ("2026-03-04", 1)], articles=4)
    assert chart["undated"] == 1 and len(chart["bars"]) == 2
    assert coverage_chart([("2026-03-02", 2)], articles=2)["undated"] == 0
    assert coverage_chart([], articles=3) is None  # no day at all: no chart, and the list gives "undated"


def test_a_search_passage_is_the_sentence_of_the_first_match_whole_from_its_first_letter():
    from storyline.web.pages import search_passage

    assert search_passage("Barriers held in Tessly. Then more.", "barriers") == [
        ("", False), ("Barriers", True), (" held in Tessly.", False)]
    assert search_passage("First line.\nThe barriers held. Then more.", "barrier") == [
        ("The ", False), ("barriers", True), (" held.", False)]
    assert search_passage("Nothing here.", "barriers") is None
