"""Text and HTML cleaning: what goes, what stays, and that every removal has a reason."""

from __future__ import annotations

import pytest

from storyline.clean import clean_article
from storyline.clean.html import extract_page
from storyline.clean.text import date_line_value, is_headline_like, strip_boilerplate
from storyline.model import Article, RawDocument

BODY = [
    "The Brenmoor council voted on Monday to close the old ferry pier after engineers found cracks in its pylons.",
    "Council leader Edda Lorne said the pier would stay shut until repairs are funded.",
    "Repairs Could Take a Year",
    "Engineers told the council that replacing the pylons could take twelve months and cost 4 million crowns.",
    "Ferry passengers will use the temporary landing at Gull Point from next week.",
]
SIDEBAR = [
    "Orchestra Announces Winter Season With Three Premieres",
    "Local Bakery Wins Regional Bread Prize for Second Year",
    "Storm Warning Issued for Northern Coast Villages",
    "Tennis Club Opens New Clay Courts After Long Delay",
]


def make_page_text() -> str:
    title = "Brenmoor Closes Ferry Pier After Cracks Found"
    return "\n\n".join([title, title, "By Anka Smit | Tuesday, March 3, 2026", "( – " + BODY[0], *BODY[1:],
                        "Share this article", "Subscribe for unlimited access", "Get the morning newsletter in your inbox"]) \
        + "\n\n\n" + "\n".join(SIDEBAR) + "\n\nCopyright 2026,"


def test_title_is_found_once_and_the_repeat_is_removed_with_a_reason():
    result = strip_boilerplate(make_page_text())
    assert result.title == "Brenmoor Closes Ferry Pier After Cracks Found"
    assert result.title not in result.body
    assert [r.kind for r in result.removed].count("repeated-title") == 1


def test_sidebar_headlines_share_lines_copyright_and_debris_are_removed():
    result = strip_boilerplate(make_page_text())
    for headline in SIDEBAR:
        assert headline not in result.body
    assert "Share this article" not in result.body
    assert "newsletter" not in result.body
    assert "Copyright" not in result.body
    assert not result.body.startswith("(")
    kinds = {r.kind for r in result.removed}
    assert {"headline-list", "share", "subscribe", "newsletter", "copyright", "dateline-debris", "byline"} <= kinds
    assert all(r.reason for r in result.removed)


def test_subheading_between_paragraphs_is_kept_as_a_heading():
    result = strip_boilerplate(make_page_text())
    assert [b.text for b in result.blocks if b.kind == "heading"] == ["Repairs Could Take a Year"]
    assert [b.text for b in result.blocks if b.kind == "paragraph"] == BODY[:2] + BODY[3:]


def test_byline_date_becomes_metadata():
    result = strip_boilerplate(make_page_text())
    assert result.published == "2026-03-03"
    assert result.author == "Anka Smit"


@pytest.mark.parametrize(("byline", "author"), [
    ("By Lise Ambler, Valley Courier", "Lise Ambler"),  # the outlet or role after the name is not the author
    ("By Ann Lee, Staff Writer", "Ann Lee"),
    ("By DANICA KIRKA and JILL LAWLESS", "DANICA KIRKA and JILL LAWLESS"),
    ("By Star reporter with CPA | Wednesday, September 9, 2026", "Star reporter with CPA"),  # a staff byline
    ("By our Correspondent", "our Correspondent"),
    ("By Gideon Ashworth, economics editor", "Gideon Ashworth"),  # a role in lower case
    ("By the Editorial Board", "the Editorial Board"),  # an editorial's byline names no one
    ("By Samira Qassem in Port Estelle · 10.03.2026 · 18:40", "Samira Qassem"),  # where the writer reported from
    ("By Joanna Breck at Halvik crossing", "Joanna Breck"),
])
def test_byline_names_author_with_affiliation_or_coauthor(byline, author):
    page = "\n\n".join(["Ferry Pier Closed After Cracks Found", byline, *BODY])
    result = strip_boilerplate(page)
    assert result.author == author
    assert result.title == "Ferry Pier Closed After Cracks Found"
    assert byline in [r.text for r in result.removed if r.kind == "byline"]


def test_line_beginning_with_by_is_not_always_a_byline():
    for line in ("By the Numbers, Pier Costs", "By the end of the week the pier staff had gone"):
        page = "\n\n".join(["Ferry Pier Closed After Cracks Found", line, *BODY])
        assert strip_boilerplate(page).author is None


def test_headline_in_quotes_is_the_title():
    page = "\n\n".join(["'The Water Came Up Through the Floorboards'", "Published 21 May 2026",
                         "By Lise Ambler, Valley Courier", *BODY])
    result = strip_boilerplate(page)
    assert result.title == "'The Water Came Up Through the Floorboards'"
    assert (result.author, result.published) == ("Lise Ambler", "2026-05-21")


@pytest.mark.parametrize(("line", "iso"), [
    ("Published on 21st January 2026", "2026-01-21"),
    ("First Published: May 2, 2025 8:05 AM CDT", "2025-05-02"),
    ("Updated Thu 5 Mar 2026 10.02 GMT", "2026-03-05"),  # a clock with a dot
    ("October 30, 2024, 6:48 a. m. PT", "2024-10-30"),
    ("05/17/25 10:20 PM ET", "2025-05-17"),  # numeric dates are read month first ...
    ("17/05/2025", "2025-05-17"),  # ... unless the first number cannot be a month
    ("Released 2026-02-11 16:40:09 UTC", "2026-02-11"),
    ("Posted: 2025.06.19 11:30 PM", "2025-06-19"),
    ("Wed, 4 Mar 2026 09:15 AM", "2026-03-04"),
    ("Story Created: Nov 9, 2024 at 7:02 PM HST", "2024-11-09"),
    ("January 07, 2026 6: 33PM", "2026-01-07"),  # a tokenised corpus's "6: 33"
    ("5 P. M. JUNE 12, 2025", "2025-06-12"),
    ("9 April 2026 Last updated at 17:21 BST", "2026-04-09"),
    ("Tuesday, March 3, 2026 – 2:40 pm", "2026-03-03"),
    ("Thursday 05/03/2026 14:20", "2026-03-05"),  # the weekday says which number is the day
    ("Published: 17/02/2027 07:4", "2027-02-17"),  # a time the scraper cut short
    ("10.03.2026 18:40", "2026-03-10"),  # written with dots: day first
])
def test_date_lines_in_their_many_shapes_give_the_date(line, iso):
    assert date_line_value(line) == iso


def test_a_numeric_date_line_is_read_day_first_where_the_page_writes_its_dates_so():
    body = ["The Glenmoy ferry will run an extra sailing from 6 April, the operator said on Thursday.",
            "Tickets for the new sailing go on sale on 30 March, and the timetable runs until 4 October."]
    page = "\n\n".join(["Extra Glenmoy Ferry Sailing Added", "Published 03/04/2026", *body])
    assert strip_boilerplate(page).published == "2026-04-03"  # "6 April": the 3rd of April
    american = page.replace("from 6 April", "from April 6").replace("on 30 March", "on March 30").replace(
        "until 4 October", "until October 4")
    assert strip_boilerplate(american).published == "2026-03-04"
    # a country's domain says so first
    plain = "\n\n".join(["Extra Glenmoy Ferry Sailing Added", "Published 03/04/2026", *BODY])
    assert strip_boilerplate(plain, url="https://www.glenmoytimes.ie/ferry").published == "2026-04-03"
    assert strip_boilerplate(plain, url="https://www.glenmoytimes.com/ferry").published == "2026-03-04"
    assert date_line_value("03/04/2026") == "2026-03-04"  # outside a page, month first as before


@pytest.mark.parametrize("line", [
    "Storm hits the coast on March 3, 2026",
    "March 3, 2026: a day the harbour will remember",
    "BRENMOOR, Feb. 4, 2026",
    "Pier reopens 02/30/2026",  # no such day, and words besides
    "02/30/2026",
    "May 2026",
])
def test_lines_that_are_more_or_less_than_a_date_are_not_date_lines(line):
    assert date_line_value(line) is None


def test_a_date_line_above_the_headline_is_metadata_not_the_title():
    text = "\n".join(["Published on 2nd March 2026", "Council Closes Ferry Pier", *BODY[:2]])
    result = strip_boilerplate(text)
    assert result.title == "Council Closes Ferry Pier"
    assert result.published == "2026-03-02"
    assert [r.kind for r in result.removed] == ["byline"]


def test_a_blog_post_under_its_day_alone_has_no_title_but_that_day_as_its_date():
    text = "\n".join(["Tuesday, May 24, 2005", *BODY[:4]])
    result = strip_boilerplate(text)
    assert result.title is None
    assert result.published == "2005-05-24"
    assert [r.kind for r in result.removed] == ["byline"]
    assert result.body.startswith(BODY[0])


def test_a_dateline_of_its_own_line_over_the_headline_is_metadata_not_the_title():
    text = "\n".join(["BRENMOOR, March 2, 2026", "Updated: March 2, 2026 15:01 GMT", "Council Closes Ferry Pier",
                      BODY[0], BODY[1], BODY[3]])
    result = strip_boilerplate(text)
    assert result.title == "Council Closes Ferry Pier"
    assert result.published == "2026-03-02"
    assert [r.kind for r in result.removed] == ["byline", "byline"]


def test_nothing_of_the_article_text_is_lost():
    result = strip_boilerplate(make_page_text())
    kept = result.body + " ".join(r.text for r in result.removed) + (result.title or "")
    for line in make_page_text().splitlines():
        for word in line.split():
            if word not in {"(", "–"}:
                assert word in kept


def test_headline_detection():
    assert is_headline_like("Storm Warning Issued for Northern Coast Villages")
    assert not is_headline_like("The council voted on Monday to close the pier.")
    assert not is_headline_like("Engineers told the council that the pylons were cracked")


def test_page_with_only_boilerplate_is_flagged_not_dropped():
    text = "Share this article\n\nSubscribe to our newsletter\n\n© 2026 Brenmoor Gazette. All rights reserved."
    raw = RawDocument(raw=text.encode(), source="gazette.txt", media_type="text/plain")
    article = clean_article(Article.from_raw(raw), fallback_outlet="gazette")
    assert article.status == "no_text"
    assert "gazette.txt" in article.note and "stored raw" in article.note
    assert article.raw == text.encode()


HTML = """<!doctype html><html><head><title>Pier Closed | Brenmoor Gazette</title>
<meta property="og:site_name" content="Brenmoor Gazette">
<meta property="article:published_time" content="2026-03-03T08:00:00Z">
<meta name="author" content="Anka Smit"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<div class="cookie">We use cookies to improve your experience.</div>
<article><h1>Pier Closed</h1>
<p>{0}</p><p>{1}</p><h2>{2}</h2><p>{3}</p><p>{4}</p></article>
<aside><h3>Most read</h3><ul><li><a href="/a">Orchestra Announces Winter Season</a></li></ul></aside>
<footer>© 2026 Brenmoor Gazette</footer></body></html>""".format(*BODY)


def test_html_page_gives_text_metadata_and_records_page_chrome():
    raw = RawDocument(raw=HTML.encode(), source="pier.html", media_type="text/html")
    article = clean_article(Article.from_raw(raw), fallback_outlet="pages")
    assert article.title == "Pier Closed"
    assert article.outlet == "Brenmoor Gazette"
    assert article.published == "2026-03-03"
    assert article.body.startswith(BODY[0])
    assert "Repairs Could Take a Year" in [b.text for b in article.blocks if b.kind == "heading"]
    removed = " ".join(r.text for r in article.removed)
    assert "Orchestra Announces Winter Season" in removed and "Orchestra" not in article.body
    assert "cookies" in removed


@pytest.mark.parametrize(("byline", "author"), [
    ('<p class="byline">By Kara Lindgren, WKTR 9 News</p>', "Kara Lindgren"),  # not "Kara Lindgren; WKTR"
    ('<div class="meta">By Rhea Vantongeren &middot; <time datetime="2026-07-15">July 15, 2026</time></div>',
     "Rhea Vantongeren"),
    ('<p class="byline">WKTR 9 News</p>', None),  # the outlet is no author
])
def test_an_html_byline_names_its_author_without_the_outlet(byline, author):
    page = _cleaned_page("Pellmore diverts ambulances", head="<meta property='og:site_name' content='WKTR 9 News'>",
                         before=byline)
    assert page.author == author


def _cleaned_page(title: str, head: str = "", before: str = "", after: str = "") -> Article:
    """An HTML page of BODY's paragraphs under ``title``, cleaned."""
    page = (f"<!doctype html><html><head><title>{title}</title>{head}</head><body><article><h1>{title}</h1>"
            f"{before}<p>{BODY[0]}</p><p>{BODY[1]}</p><p>{BODY[3]}</p>{after}</article></body></html>")
    raw = RawDocument(raw=page.encode(), source="page.html", media_type="text/html")
    return clean_article(Article.from_raw(raw), fallback_outlet="pages")


def test_an_outlet_s_prompt_to_send_it_claims_is_removed_with_its_reason():
    text = ("Premier's claim does not add up\n\nThe premier said violent crime fell by 18 per cent, while the "
            "statistics office puts the fall at 4.2 per cent for the same year.\n\nThe office did not reply by the "
            "time of publication.\n\nSeen a claim you want checked? Email factcheck@carrowmoreexaminer.example\n")
    result = strip_boilerplate(text)
    assert "Seen a claim" not in result.body
    assert [(r.kind, r.text) for r in result.removed if "claim you want" in r.text] == [
        ("outlet-prompt", "Seen a claim you want checked? Email factcheck@carrowmoreexaminer.example")]
    sign_off = "Follow BRN Northfold on Facebook and X. Send your story ideas to northfold@brn.example."
    result = strip_boilerplate(text.replace("Seen a claim you want checked? Email factcheck@carrowmoreexaminer.example",
                                            sign_off))
    assert [(r.kind, r.text) for r in result.removed if "story ideas" in r.text] == [("outlet-prompt", sign_off)]


def test_a_line_removed_from_an_html_article_is_listed_once_with_its_own_reason():
    removed = _cleaned_page("Premier claims steep fall in violent crime", before="<p>Updated at 14:05</p>",
                            after="<p>Correction: An earlier version of this article misstated the figure given by "
                                  "the premier as 13 per cent.</p>").removed
    for line in ("Updated at 14:05", "Correction: An earlier version"):
        listed = [r.kind for r in removed if r.text.startswith(line)]
        assert len(listed) == 1 and listed != ["page-chrome"], (line, listed)


def test_a_dateline_with_nothing_after_it_is_dateline_debris():
    text = ("Opposition leader says crime rose in Ardvale\n\nBy Saoirse Nakamura-Walsh, Political Correspondent\n"
            "ARDVALE,  — \n" + BODY[0] + "\n\n" + BODY[1] + "\n")
    removed = [(r.kind, r.text) for r in strip_boilerplate(text).removed]
    assert ("dateline-debris", "ARDVALE,  —") in removed


def test_an_html_page_dated_after_this_machine_s_clock_keeps_its_date():
    import datetime

    ahead = (datetime.date.today() + datetime.timedelta(days=70)).isoformat()
    page = _cleaned_page("Harrow Fields homes approved",
                         head=f"<meta property='article:published_time' content='{ahead}T09:00:00+00:00'>")
    assert page.published == ahead


def test_extract_page_marks_subheadings():
    page = extract_page(HTML)
    assert "Repairs Could Take a Year" in page.headings


NAV = ["Home", "News", "Sport", "Weather", "Culture", "Opinion", "Search", "Sign in"]
TEASERS = [
    "Harbour Tunnel Reopens After Repairs",
    "By Ilse Varga",
    "March 2, 2026",
    "The tunnel under Brenmoor harbour reopened on Monday after eight months of repairs to its ventilation shafts.",
    "Choir Festival Draws Record Crowd",
    "By Oren Tamm",
    "March 1, 2026",
    "More than four thousand people came to hear forty choirs sing in the old market hall on Saturday evening.",
]
COMMENTS = [
    "12 Comments",
    "harbourfan says:",
    "March 3, 2026 at 9:12 am",
    "The pier has been falling apart for years and the council only acts now that the cracks are in the newspaper.",
]


def make_whole_page() -> str:
    """A page as a naive scraper saves it: document title, menu, headline, article, comments, teasers, footer."""
    lines = ["Brenmoor Closes Ferry Pier After Cracks Found | Brenmoor Gazette", *NAV,
             "Brenmoor Closes Ferry Pier After Cracks Found", "By Anka Smit", "March 3, 2026",
             "Share on Facebook", "Share on X", *BODY, "Tags: Brenmoor, ferry", *COMMENTS,
             "Most Read", *TEASERS, "About us", "Contact", "© 2026 Brenmoor Gazette. All rights reserved."]
    return "\n".join(lines)


def test_whole_page_text_keeps_the_article_and_drops_menu_comments_and_teasers():
    result = strip_boilerplate(make_whole_page())
    assert result.title == "Brenmoor Closes Ferry Pier After Cracks Found"
    assert [b.text for b in result.blocks] == BODY
    assert [b.kind for b in result.blocks].count("heading") == 1
    assert result.author == "Anka Smit" and result.published == "2026-03-03"
    kinds = {r.kind for r in result.removed}
    assert {"comments", "section-end", "copyright", "share"} <= kinds
    removed_text = "\n".join(r.text for r in result.removed)
    for line in NAV + TEASERS + COMMENTS[1:]:
        assert line in removed_text and line not in result.body
    assert all(r.reason for r in result.removed)


def test_whole_page_text_in_another_layout_gives_the_same_article():
    with_blank_lines = make_whole_page().replace("\n", "\n\n")
    assert [b.text for b in strip_boilerplate(with_blank_lines).blocks] == BODY


def test_extractor_output_keeps_its_lists():
    # After an HTML extractor, a run of short lines inside the article is a list that belongs to it.
    dates = ["June 9 – Vell, Brenmoor Arena", "June 12 – Ostra, Harbour Hall", "June 15 – Kell, Old Market"]
    text = "\n".join([BODY[0], "The band will play these dates:", *dates, BODY[1]])
    result = strip_boilerplate(text, title="Band Announces Tour", whole_page=False)
    assert [b.text for b in result.blocks] == [BODY[0], "The band will play these dates:", *dates, BODY[1]]


def test_text_without_spaces_between_words_is_counted_by_characters():
    text = "港の桟橋は月曜日に閉鎖された。技術者が橋脚に亀裂を見つけたためで、修理には一年かかる見込みだと市議会は説明した。"
    raw = RawDocument(raw=text.encode(), source="pier-ja.txt", media_type="text/plain")
    article = clean_article(Article.from_raw(raw), fallback_outlet="gazette")
    assert article.status == "ok"
    assert article.body == text


def test_nesting_is_counted_as_browsers_close_tags():
    from storyline.clean.html import MAX_PARSED_DEPTH, flattened, nesting_depth

    items = b"<ul>" + b"<li>ferry timetable item" * 400 + b"</ul>"
    assert nesting_depth(items) == 2  # each <li> ends the one before: a list, not 400 levels
    assert flattened(items) == items
    assert nesting_depth(b"<ul><li>a<ul><li>b<li>c</ul><li>d</ul>") == 4
    assert nesting_depth(b"<table><tr><td>a<td>b<tr><td>c</table>") == 3
    assert nesting_depth(b"<div>" * 1000 + b"</span>" * 1000) == 1000  # stray closers close nothing
    deep = b"<div>" * (MAX_PARSED_DEPTH + 1) + b"<p>text</p>" + b"</div>" * (MAX_PARSED_DEPTH + 1)
    assert b"<div" not in flattened(deep)


def test_a_pull_quote_is_removed_wherever_it_stands_and_a_refrain_stays():
    quote = "Replacing the pylons could take twelve months and cost 4 million crowns"
    before = [BODY[0], f"“{quote}”", BODY[1], BODY[3], BODY[4]]  # set above the paragraph it repeats
    after = [*BODY[:4], quote + ".", BODY[4], BODY[3]]  # repeated below it, then a paragraph printed twice
    for paragraphs in (before, after):
        result = strip_boilerplate("\n\n".join(paragraphs), title="Brenmoor Closes Ferry Pier", whole_page=False)
        assert result.body.count("twelve months") == 1, result.body
        pulled = [r for r in result.removed if r.kind == "pull-quote"]
        assert pulled and all("another paragraph" in r.reason for r in pulled)
    assert "4 million crowns" in result.blocks[3].text  # the paragraph stays; its later copy goes
    question = "What would you change first if you were elected to the council next spring?"
    interview = [BODY[0], question, "Repair the pier before anything else.", question, "Fund the library.",
                 question, "Nothing: the ferry works."]
    result = strip_boilerplate("\n\n".join(interview), title="Three Candidates Answer", whole_page=False)
    assert result.body.count(question) == 3 and not result.removed
    # a lede a later paragraph recaps word for word stays the lede
    lede = "The council voted on Tuesday to close the Harbour Road library by the end of the year."
    recap = lede[:-1] + ", a decision the library's friends have vowed to fight in court."
    result = strip_boilerplate("\n\n".join([lede, BODY[1], recap]), title="Library to Close", whole_page=False)
    assert result.blocks[0].text == lede and not result.removed


def test_a_pull_quote_in_an_html_page_is_not_kept_twice():
    sentence = "Since the pier closed, the ferry has landed its passengers at a gravel ramp by the old boatyard"
    html = (f"<html><head><title>Pier Stays Shut</title></head><body><article><h1>Pier Stays Shut</h1>"
            f"<p>{BODY[0]}</p><p>{sentence}, and the council says that will do for now.</p>"
            f"<blockquote class='pullquote'>{sentence}</blockquote><p>{BODY[1]}</p><p>{BODY[3]}</p></article>"
            "</body></html>")
    article = clean_article(Article.from_raw(RawDocument(source="pier.html", raw=html.encode(), media_type="text/html")))
    assert article.body.count("gravel ramp") == 1
    assert [r.text for r in article.removed if r.kind == "pull-quote"] == [sentence]


def test_subheadings_of_an_html_fragment_are_kept_as_headings():
    """A feed item's content is a fragment of the article's HTML; read bare, its <h2>s were dropped as page chrome."""
    fragment = "<p>{0}</p>\n<p>{1}</p>\n<h2>{2}</h2>\n<p>{3}</p>\n<p>{4}</p>".format(*BODY)
    raw = RawDocument(raw=fragment.encode(), source="feed.xml#1", media_type="text/html",
                      meta={"title": "Brenmoor Closes Ferry Pier"})
    article = clean_article(Article.from_raw(raw))
    assert [(b.kind, b.text) for b in article.blocks] == [
        ("paragraph", BODY[0]), ("paragraph", BODY[1]), ("heading", BODY[2]), ("paragraph", BODY[3]),
        ("paragraph", BODY[4])]
    assert not article.removed


@pytest.mark.parametrize("credit", [
    "This article was supplied by Northgate Wire.",
    "This story is from Northgate Wire.",
    "Northgate Wire, with additional reporting by Meridian Post staff",
    "(Reporting by Northgate Wire; editing by the Coastline Daily desk)",
    "Reporting by Anna Lee; Editing by Tom Hogue",
])
def test_wire_and_reporting_credits_are_removed_with_their_reason(credit):
    """Syndicated copies differ in their credit lines; kept, a comparison lists them as what one outlet reports."""
    result = strip_boilerplate("\n\n".join([*BODY[:2], *BODY[3:], credit]), whole_page=False)
    assert credit not in result.body
    assert [(r.text, r.kind, r.reason) for r in result.removed] == [(credit, "credit", "wire or reporting credit")]


def test_a_sentence_about_reporting_is_not_a_credit():
    line = "Reporting by the Meridian Post revealed that the minister had misled the Assembly about the contracts."
    result = strip_boilerplate("\n\n".join([*BODY[:2], line, *BODY[3:]]), whole_page=False)
    assert line in result.body and not result.removed


def test_the_paragraph_after_a_closing_list_stays_and_a_captions_photo_credit_goes():
    closing = ("The union has scheduled a mass meeting for Thursday morning, when members will vote on whether to "
               "extend the strike into next week.")
    caption = "Pickets outside the main gate on Tuesday. Photo: Jon Berg/Courier"
    page = "\n".join([
        "Halden port strike: talks collapse as ships divert",
        "Talks to end the strike at the Port of Halden collapsed on Tuesday evening after nine hours, leaving more "
        "than forty container ships waiting offshore and shipping lines diverting cargo to rival ports.",
        caption,
        "The dockworkers' union said the port authority had refused to move on shift patterns, while the authority "
        "accused union leaders of walking away from what it called a generous offer.",
        "Economists at the Halden Chamber of Commerce estimate that the strike costs the local economy about 4 "
        "million crowns a day.",
        "Day one: 1,200 workers walk out", "Day two: talks open at the town hall", "Day three: talks collapse",
        closing,
        "Share this article: Facebook Twitter Email", "Most read", "Councillor resigns over expenses",
        "New bridge opens to traffic", "© 2026 The Halden Courier. All rights reserved."])
    result = strip_boilerplate(page)
    assert result.body.endswith("Day three: talks collapse\n\n" + closing)
    assert caption not in result.body
    assert (caption, "photo-credit") in [(r.text, r.kind) for r in result.removed]


MENU = ["Skip to content", "Tarrow Star", "News", "Sport", "Business", "Opinion", "Home > News > Local"]
FOOTER = ["Related coverage", "Tarrow libraries to close on Mondays", "Nurses sign parking petition",
          "© 2026 Tarrow Star. All rights reserved.", "Privacy Policy | Terms of Use | Cookie Settings"]


def test_an_article_in_short_sections_with_a_long_caption_and_ad_markers_is_kept_whole():
    paragraphs = [
        "Tarrow councillors voted seven to two on Wednesday night to approve a budget that reverses the cuts to "
        "library opening hours proposed in January.",
        "The vote followed a four-hour meeting at which more than sixty residents spoke, most of them against "
        "the library cuts and a planned rise in hospital parking charges.",
        "The council chair, Rosa Delacroix, said the budget listened to people and that the library would open "
        "six days a week again from the first of April.",
        "The parking rise, which would have raised an estimated nine hundred thousand a year, was dropped after "
        "nurses at the county hospital gathered more than two thousand signatures.",
        "Councillor Tom Aske, who voted against the budget, said the council was spending its reserves and would "
        "face harder choices in the next year.",
        "The budget takes effect on the first of April, when the library returns to its old hours.",
    ]
    lines = [*MENU, "Tarrow Council Approves Budget With Library Cuts Reversed", "By Marta Lindqvist | March 5, 2026",
             "Listen to this article 4 min", *paragraphs[:2],
             "Residents queue to speak at the council meeting in Tarrow on Wednesday evening. (Photo: Jane Doe/Star)",
             "ADVERTISEMENT", paragraphs[2], "Parking charges dropped", paragraphs[3],
             "Story continues below advertisement", paragraphs[4], "What happens next", paragraphs[5], "More to follow.",
             "Was this article helpful?", "Yes No", *FOOTER]
    result = strip_boilerplate("\n\n".join(lines))
    assert [(b.kind, b.text) for b in result.blocks] == [
        ("paragraph", paragraphs[0]), ("paragraph", paragraphs[1]), ("paragraph", paragraphs[2]),
        ("heading", "Parking charges dropped"), ("paragraph", paragraphs[3]), ("paragraph", paragraphs[4]),
        ("heading", "What happens next"), ("paragraph", paragraphs[5]), ("paragraph", "More to follow.")]
    kinds = {r.text: r.kind for r in result.removed}
    assert kinds["Story continues below advertisement"] == "advertisement"
    assert kinds["Was this article helpful?"] == "feedback"


def test_results_and_a_table_under_sentence_case_headings_close_the_article_with_its_last_lines():
    report = ("Ashby United went top of the Kestrel League on Saturday with a five-one win over Carrick Town, while "
              "Morden Athletic could only draw at home to Linley Rovers.")
    second = ("Ashby scored three times in the first half, two of them from Lena Brook, and Carrick's late reply "
              "came from a penalty after a handball in the area.")
    quote = "Morden manager Claire Hutton said her side had run out of ideas in the second half of the game."
    lines = [*MENU, "Ashby Go Top As Morden Stumble", report, second, "Saturday's results", "Ashby United 5-1 Carrick Town",
             "Morden Athletic 0-0 Linley Rovers", "Hale Park 2-3 Easton City", "Top of the table",
             "1. Ashby United – 54 pts", "2. Morden Athletic – 53 pts", "3. Easton City – 49 pts", quote,
             "Ashby play Easton City next Saturday.", *FOOTER]
    body = [b.text for b in strip_boilerplate("\n\n".join(lines)).blocks]
    assert body == [report, second, "Saturday's results", "Ashby United 5-1 Carrick Town", "Morden Athletic 0-0 Linley Rovers",
                    "Hale Park 2-3 Easton City", "Top of the table", "1. Ashby United – 54 pts",
                    "2. Morden Athletic – 53 pts", "3. Easton City – 49 pts", quote,
                    "Ashby play Easton City next Saturday."]


def test_a_pages_masthead_breadcrumb_and_story_by_line_are_not_its_title():
    paragraphs = [
        "Harbour seals have given birth on Gull Spit for the first time in more than ten years, rangers said, after "
        "the beach was closed to dogs and walkers in the pupping season.",
        "Rangers counted seventeen pups last week on Gull Spit, up from none a year ago, and the beach will reopen "
        "to the public in the middle of April.",
        "A ranger said the seals showed what happens when wildlife is given a little space on the Gull Spit beach.",
    ]
    page = "\n\n".join(["Bay Chronicle", "Home > Nature", "Harbour seal pups return to Gull Spit for first time in decade",
                         "Story by Lucia Ferraz", "Published 5 March 2026 | Updated 6 March 2026", *paragraphs,
                         "© 2026 Bay Chronicle"])
    result = strip_boilerplate(page)
    assert result.title == "Harbour seal pups return to Gull Spit for first time in decade"
    assert (result.author, result.published) == ("Lucia Ferraz", "2026-03-05")
    assert [b.text for b in result.blocks] == paragraphs


def test_a_captions_credit_a_paywall_line_a_newsletter_box_a_bio_and_live_time_stamps_go():
    paragraphs = [
        "Britain and Norway signed an agreement on Thursday to build a second electricity cable under the North Sea, "
        "the two governments said, in a project expected to cost about two billion pounds.",
        "The cable, due to be completed in 2031, will carry enough power for about 1.8 million homes, according to "
        "the energy department, and will land near the port of Blyth.",
        "Critics in Norway have argued that closer links with the British market could raise electricity prices "
        "for Norwegian households over the coming winters.",
        "Norway's energy minister said the link would help both countries use the wind when it blows and the "
        "water when it does not, and that prices would be watched closely.",
    ]
    noise = {"Rangers watch the signing in London. (Lucia Ferraz/Globe Dispatch)": "photo-credit",
             "Getty Images": "photo-credit", "This article is for subscribers only.": "paywall",
             "Get the Morning Brief in your inbox": "newsletter", "10.02 GMT": "timestamp",
             "Read the Dispatch every morning. Subscribe from 1 pound a week.": "subscribe",
             "Nadia Rahman covers energy. She can be reached at nadia@globe.example": "author-bio",
             "Reporting by Hamid Farouk. Additional reporting by Jo Kim.": "credit"}
    lines = ["Britain and Norway agree North Sea cable deal", "By Nadia Rahman", "10.02 GMT", paragraphs[0],
             "Rangers watch the signing in London. (Lucia Ferraz/Globe Dispatch)", "Getty Images", *paragraphs[1:3],
             "This article is for subscribers only.", "Get the Morning Brief in your inbox", paragraphs[3],
             "Reporting by Hamid Farouk. Additional reporting by Jo Kim.",
             "Nadia Rahman covers energy. She can be reached at nadia@globe.example",
             "Read the Dispatch every morning. Subscribe from 1 pound a week."]
    result = strip_boilerplate("\n\n".join(lines))
    assert [b.text for b in result.blocks] == paragraphs
    assert {r.text: r.kind for r in result.removed if r.text in noise} == noise


def test_a_name_set_over_a_date_line_is_the_byline_and_a_lone_name_elsewhere_is_not():
    page = "\n\n".join(["Ferry Pier Closed After Cracks Found", "Sanna Berglund", "5 March 2026 at 09:14", *BODY])
    result = strip_boilerplate(page)
    assert (result.author, result.published) == ("Sanna Berglund", "2026-03-05")
    assert "Sanna Berglund" not in result.body


def test_reported_text_like_a_bio_a_subscription_or_a_kicker_stays_and_a_sites_footer_does_not_join_a_list():
    reported = ["The hotline, which can be reached at 0800 123 456, is open around the clock, the council said.",
                "Customers who subscribe from March will pay 12.99 a month, the company said in its statement.",
                "Police said anyone with information could reach them at the station on Mill Road this week."]
    page = "\n\n".join(["Flood Hotline Opens in Tarrow", "Local News", "5 March 2026 at 09:14", *BODY[:2],
                         *reported, *BODY[2:]])
    result = strip_boilerplate(page)
    assert all(line in result.body for line in reported) and result.author is None
    scores = ("Ashby United went top of the league on Saturday with a five-one win over Carrick Town at home, "
              "and Morden Athletic drew.")
    lines = [*MENU, "Ashby Go Top", scores, "Ashby scored three times in the first half and twice after the break "
             "to move a point clear.", "Elsewhere on the site", "Ferry fares rise 5% from May",
             "Council tax: 3 things to know", "Bin rounds change on 12 May", "We use your data to personalise content.",
             "Registered in England and Wales No. 123456."]
    body = strip_boilerplate("\n\n".join(lines)).body
    assert "Ferry fares" not in body and "Registered in England" not in body and "Ashby scored" in body


def test_a_headline_ending_on_a_quoted_phrase_is_the_title_and_its_byline_metadata():
    result = strip_boilerplate(
        "Waiting lists hit record as trust warns of 'toughest year'\n\nBy Priya Nandakumar | 22 April 2026\n\n"
        "The number of patients waiting more than a year for treatment has reached a record 4,312, according to "
        "figures published on Monday.\n\nThe trust said the coming winter would be the hardest its staff had faced.")
    assert result.title == "Waiting lists hit record as trust warns of 'toughest year'"
    assert (result.author, result.published) == ("Priya Nandakumar", "2026-04-22")
    assert result.blocks[0].text.startswith("The number of patients")


@pytest.mark.parametrize("headline", ["Mayor defends $60,000 travel bill",
                                      "Letter: Fortnightly bin collections are a false economy"])
def test_a_first_line_in_sentence_case_over_a_date_line_and_byline_is_the_title(headline):
    result = strip_boilerplate("\n\n".join([headline, "Published 14 April 2026", "By Leon Harcastle", *BODY]))
    assert result.title == headline
    assert (result.author, result.published) == ("Leon Harcastle", "2026-04-14")
    assert [b.text for b in result.blocks] == BODY


def test_the_wordpress_feed_footer_is_removed_as_a_credit():
    result = strip_boilerplate(
        "Ferry crews walked out on Tuesday for a second day, halting all crossings between the two harbours.\n\n"
        "The union said talks with the operator had broken down over pay and rosters.\n\n"
        "The post Harbour ferry strike halts crossings for second day appeared first on Alder Gazette.",
        whole_page=False)
    assert [removal.kind for removal in result.removed] == ["credit"]
    assert "appeared first" not in result.body


def test_a_headlines_second_part_is_no_outlet_and_the_outlet_a_domain_spells_is():
    from storyline.clean.html import title_site_name

    assert title_site_name("Storm Hits Coast - Live Updates", "https://www.example-news.com/storm") is None
    assert title_site_name("Pier Closed | Page 2") is None
    assert title_site_name("Pier Closed | Velmar Post", "https://velmar.example/pier") == "Velmar Post"
    assert title_site_name("Ferry strike – Alder Gazette", "https://www.aldergazette.example/f") == "Alder Gazette"
    assert title_site_name("School wins award | Harlow Courier") == "Harlow Courier"
    assert title_site_name("School wins award - Harlow Courier") is None  # a dash may part a headline


def test_a_headline_over_its_byline_is_the_title_not_the_scoreline_under_it_and_a_correction_is_a_note():
    result = strip_boilerplate("\n\n".join([
        "Hawks edge Kererū as 'Tank' Whaanga bulldozes his way to double", "By Lachie Morrison | 29 March 2026",
        "Harbour Hawks 27 Central Kererū 24",
        "Tana Whaanga scored two tries and Harbour Hawks survived a late fightback to beat Central Kererū 27-24 at "
        "Kahikatea Park on Saturday night.",
        "The Hawks led 24-10 with 15 minutes left before the Kererū hit back with two tries of their own.",
        "Correction: An earlier version of this article said the match was played on Friday. It was played on "
        "Saturday.", "© 2026 Aotearoa Rugby Weekly"]))
    assert result.title == "Hawks edge Kererū as 'Tank' Whaanga bulldozes his way to double"
    assert result.blocks[0].text == "Harbour Hawks 27 Central Kererū 24"
    assert [r.kind for r in result.removed] == ["byline", "correction", "copyright"]
    assert "earlier version" not in result.body


def test_a_lead_opening_by_a_day_is_no_byline_and_a_correction_between_paragraphs_ends_nothing():
    from storyline.clean.text import parse_byline, numeric_dates_day_first

    assert parse_byline("By Friday, most roads had reopened.") is None
    page = "\n\n".join(["Council approves new bridge", "By Ann Lee | 3 March 2026", *BODY[:2],
                        "Correction: A previous version of this story said the vote was 6-3; it was 7-2.",
                        "Work starts in June.", "The mayor was pleased."])
    result = strip_boilerplate(page)
    assert [b.text for b in result.blocks][-2:] == ["Work starts in June.", "The mayor was pleased."]
    # "3 decades" and "12 marines" are no dates; "June 5, 2026" is written month first
    assert not numeric_dates_day_first("The vote on June 5, 2026 was close. Over 3 decades, 12 marines served.")


def test_a_dateline_on_its_own_line_dates_the_page_and_outlet_prompts_and_staff_bylines_are_furniture():
    from storyline.clean.text import numeric_dates_day_first

    page = "\n\n".join(["Harbourline Logistics posts 18% rise in first-half profit", "Gethin Morgan, Sports Reporter",
                        "SINGAPORE, 13/08/2026", *BODY, "Got a news tip? Send it to news@example.com.",
                        "Stay with KVRN 8 News for updates.", "Thank you for supporting local journalism."])
    result = strip_boilerplate(page)
    assert (result.author, result.published) == ("Gethin Morgan", "2026-08-13")
    assert [b.text for b in result.blocks] == BODY
    assert [r.kind for r in result.removed] == ["byline", "byline"] + ["outlet-prompt"] * 3
    # the page's own unambiguous numbers say how it writes dates, before its written ones
    assert numeric_dates_day_first("Results on June 30 and Oct 15. Paid 25/08/2026 and 04/09/2026.")


def test_sentences_that_begin_like_a_prompt_a_caption_or_a_dateline_stay_and_a_lottery_draw_is_no_date():
    from storyline.clean.text import parse_byline, _place_and_date, numeric_dates_day_first

    for line in ("Thank you for supporting me, he told the crowd.", "Check back for more, the sign on the door read.",
                 "Stay with friends for more than a week, the council advised residents."):
        page = "\n\n".join(["Council approves new bridge", "By Ann Lee | 3 March 2026", BODY[0], line, BODY[1]])
        assert line in strip_boilerplate(page).body
    assert parse_byline("Hilary Mantel, writer") is None and parse_byline("The Guardian, Observer columnist") is None
    assert _place_and_date("FILE PHOTO, June 3, 2019") is None
    assert not numeric_dates_day_first("The numbers were 16-4-23-41-58, drawn on March 3.")


def test_a_byline_with_its_date_after_the_name_unseparated_is_the_byline():
    text = "\n".join(["By Helen Marchetti 2026-05-13", *BODY[:2]])
    result = strip_boilerplate(text, title="Council Closes Ferry Pier", whole_page=False)
    assert (result.author, result.published) == ("Helen Marchetti", "2026-05-13")
    assert result.body.startswith(BODY[0]) and [r.kind for r in result.removed] == ["byline"]
    assert strip_boilerplate("By the time the ferry left on 3 March 2026 the pier had closed.\n" + BODY[0],
                             whole_page=False).author is None


def test_a_labelled_author_and_a_bulleted_date_line_with_its_update_age_are_the_byline():
    page = ("Port Averill transit strike enters fifth day as talks break down again\n\n"
            "Author of the article: Nicole Tremblay-Ayotte\n"
            "Published Feb 20, 2026  •  Last updated 2 hours ago  •  4 minute read\n\n"
            "Join the conversation\n\n"
            "Buses and streetcars in Port Averill will stay parked through the weekend after contract talks "
            "between the city and the union broke off late Thursday without a deal.\n\n"
            "This advertisement has not loaded yet, but your article continues below.\n\n"
            "Members of the transit workers' union walked off the job at 12:01 a.m. Monday after rejecting the "
            "city's final offer by 91 per cent in a vote on Feb. 8.\n")
    result = strip_boilerplate(page)
    assert (result.title, result.author, result.published) == (
        "Port Averill transit strike enters fifth day as talks break down again", "Nicole Tremblay-Ayotte",
        "2026-02-20")
    assert result.body.startswith("Buses and streetcars") and "advertisement" not in result.body
    assert "Members of the transit workers' union" in result.body
    # a review's box names the book's author, not the article's
    review = strip_boilerplate("Atwood returns to Gilead\n\nBy Ann Lee\n\nAuthor: Margaret Atwood\n\nThe novel "
                               "returns to the republic of Gilead fifteen years on, and it is a quieter book.\n")
    assert review.author == "Ann Lee"


@pytest.mark.parametrize("head, title, author, published", [
    ("Tillery's keeper lifts Calumet State past Dunmore Tech\n\nBy Kendra Ostrowski-Hale | Staff Writer\n"
     "Nov. 8, 2026 | Updated 1:15 a.m. CT", "Tillery's keeper lifts Calumet State past Dunmore Tech",
     "Kendra Ostrowski-Hale", "2026-11-08"),
    ("Hip and knee waits in Pinegrove now longest in province\n\nBy Tessa Mallory-Quinn · The Northern Lakes "
     "Reporter\nPublished May 12, 2026 · 6:00 a.m.", "Hip and knee waits in Pinegrove now longest in province",
     "Tessa Mallory-Quinn", "2026-05-12"),
    ("Brackenmoor Folk & Roots 2026 review – mud, magic and one unforgettable Sunday\n\nBy Ffion Caddick-Morrow\n"
     "Mon 3 Aug 2026 09.00 BST", "Brackenmoor Folk & Roots 2026 review – mud, magic and one unforgettable Sunday",
     "Ffion Caddick-Morrow", "2026-08-03"),
])
def test_a_bylines_desk_or_outlet_an_updated_time_and_a_headlines_dashed_second_part_are_read(
        head, title, author, published):
    body = ("The Calumet State quarterback scored on a nine-yard keeper in the second overtime on Saturday night, "
            "and the home side held on in front of a crowd of forty thousand at Harlow Field.\n\n"
            "The coach said afterwards that the win was the best of his eleven seasons in charge of the team.\n")
    result = strip_boilerplate(f"{head}\n\n{body}")
    assert (result.title, result.author, result.published) == (title, author, published)


@pytest.mark.parametrize("line, byline", [
    ("By The Numbers | Sports", None), ("Reporter: Okay.", None), ("Author: Jane Doe", ("Jane Doe", None)),
])
def test_a_section_after_by_or_a_label_before_no_name_is_no_byline(line, byline):
    from storyline.clean.text import parse_byline

    assert parse_byline(line) == byline


@pytest.mark.parametrize("title, headline", [
    ("Council approves harbour plan - independent.ie", "Council approves harbour plan"),
    ("Council approves harbour plan - the Guardian", "Council approves harbour plan"),
])
def test_a_short_or_domain_site_name_after_a_dash_is_cut(title, headline):
    from storyline.clean.text import without_site_name

    assert without_site_name(title) == headline


@pytest.mark.parametrize("headline, body", [
    ("Власти Велмара открыли новый мост через реку",
     "Власти Велмара в понедельник открыли новый мост через реку Яузу. Строительство моста заняло три года.\n\n"
     "Мэр города заявил, что мост сократит время в пути для жителей северных районов."),
    ("افتتاح جسر جديد في فيلمار",
     "افتتحت البلدية يوم الاثنين جسرا جديدا فوق النهر في فيلمار. واستغرق بناء الجسر ثلاث سنوات.\n\n"
     "وقال رئيس البلدية إن الجسر سيخفف الازدحام في وسط المدينة."),
    ("韦尔马开通新地铁线路",
     "韦尔马市周一开通了一条新的地铁线路，连接城市北部和机场。这条线路的建设历时三年。\n\n"
     "市政府表示，新线路将缩短乘客的出行时间。"),
    ("Νέα γέφυρα στη Βέλμαρ",
     "Ο δήμος εγκαινίασε τη Δευτέρα νέα γέφυρα στη Βέλμαρ. Η κατασκευή διήρκεσε τρία χρόνια.\n\n"
     "Ο δήμαρχος είπε ότι η γέφυρα θα μειώσει την κίνηση."),
])
def test_a_headline_in_any_script_is_the_title_not_text_outside_the_article(headline, body):
    result = strip_boilerplate(f"{headline}\n\n{body}")
    assert result.title == headline
    assert not result.removed and result.body == body


@pytest.mark.parametrize("paragraph", [
    "Pellbridge Scouts sold more than 1,400 homemade cookies on Saturday, raising £2,000 for the lifeboat.",
    "Copyright in the song belongs to the band's singer, Orla Gannet, the court heard on Tuesday.",
    "Subscribers to the town's Chamber of Trade newsletter were told on Monday that the bakery would open earlier.",
    "Related businesses on Fore Street also reported a busier weekend, the traders' association said.",
    "Recommended changes to the flood plan were adopted by the board on Thursday.",
])
def test_a_report_that_names_cookies_a_newsletter_or_a_copyright_is_no_page_furniture(paragraph):
    page = f"Fore Street has a busy weekend\n\n{paragraph}\n\nThe shop is open from 7am on Saturdays and Sundays."
    cleaned = strip_boilerplate(page)
    assert paragraph in cleaned.body and not any(paragraph[:30] in r.text for r in cleaned.removed)


@pytest.mark.parametrize("line", ["We use cookies to improve your experience. Accept all cookies", "Privacy policy",
                                  "Sign up to our newsletter", "Get our free daily newsletter", "Related stories",
                                  "Copyright 2026 Ossingham Echo", "© 2026 Echo Media Ltd. All rights reserved."])
def test_the_sites_own_notices_are_still_furniture(line):
    page = ("Fore Street has a busy weekend\n\nA bakery in Ossingham sold out of its giant chocolate cookies within two "
            f"hours on Saturday after a video of them was shared online.\n\n{line}")
    assert line not in strip_boilerplate(page).body


def test_a_results_list_under_a_one_word_label_closes_the_article_and_the_sentence_after_it_stays():
    page = ("Ossingham rowers win three titles at Calder regatta\n\n"
            "Ossingham Rowing Club won three of the eight titles at the Calder Mouth spring regatta on Saturday, its "
            "best result since 2019.\n\n"
            "Club captain Ffion Aldous said the wins were reward for a winter of early mornings on the estuary.\n\n"
            "Results\nWomen's coxed four: 1 Ossingham, 2 Pellbridge, 3 Calder Mouth\n"
            "Men's double sculls: 1 Ossingham, 2 Kestrine, 3 Wrenford\n"
            "Men's eight: 1 Calder Mouth, 2 Ossingham, 3 Pellbridge\n\n"
            "The club's next race is at Pellbridge on 9 May.\n\n"
            "Share this article\nLatest from the Echo\nFerry chaos: what islanders need to know\n"
            "Schools warned of heatwave plans")
    body = strip_boilerplate(page).body
    assert "Results" in body and "Men's eight: 1 Calder Mouth" in body and "next race is at Pellbridge" in body
    assert "Ferry chaos" not in body and "Latest from the Echo" not in body


WRENFORD_PAGE = (  # a trial's scrape (fictional): the site's tagline first, the headline twice under the menu
    'Wrenford Sentinel - Local news for Wrenford and the Skarrow coast\n'
    'Home > News > Transport\n'
    'Island cut off as ferry pulled from service\n'
    'Island cut off as ferry pulled from service\n'
    'By Tallow Wire | 17 April 2026\n'
    'Share this article\n'
    'Facebook  Twitter  Email  Copy link\n'
    '\n'
    'PELLBRIDGE (Tallow Wire) — The only car ferry linking Pellbridge with the island of Skarrow was '
    'taken out of service on Thursday after inspectors found a crack in its hull, leaving about 1,200 '
    'daily passengers without a crossing.\n'
    '\n'
    'The vessel, the MV Corran Belle, was lifted from the water at the Dunmere yard for a routine survey '
    'on Wednesday. Engineers found a 40-centimetre fracture below the waterline on the port side, '
    'according to the operator, Skarrow Link Ferries.\n'
    '\n'
    'The Corran Belle in dry dock at Dunmere on Wednesday. Photo: Isla Fenwick/Sentinel\n'
    '\n'
    '"We will not put passengers on a boat we are not completely sure of," said Skarrow Link managing '
    'director Hollis Grenbury. "The repair will take at least three weeks."\n'
    '\n'
    "Island residents said the closure would hit schools and the island's only clinic, which relies on "
    'staff who commute from the mainland. "Half our nurses live in Pellbridge," said clinic manager Ruth '
    'Ainsley. "We are looking at boats, at helicopters, at anything."\n'
    '\n'
    'Subscribe to our newsletter for the latest Skarrow coast news\n'
    '\n'
    "The Marine Safety Directorate said it had opened an inquiry into the 31-year-old vessel's "
    'maintenance record. A spokesperson declined to say whether other ferries of the same class would be '
    'inspected.\n'
    '\n'
    'Skarrow Link said a smaller passenger launch, the Tern, would run four crossings a day from Monday, '
    "but it cannot carry vehicles. Freight for the island's two shops will be moved by a chartered "
    'barge.\n'
    '\n'
    'Read more: Skarrow islanders demand second ferry (March 2026)\n'
    '\n'
    'Share this article\n'
    '\n'
    'We use cookies to improve your experience. By continuing to browse you agree to our use of cookies. '
    'Accept | Settings\n'
    '\n'
    'MOST READ\n'
    'Wrenford bakery wins county bread award\n'
    'Council confirms bin collection changes for May\n'
    'Man charged after Quarry Road crash\n'
    'Wrenford Athletic sign keeper from Ossingham\n'
    'Storm warning for the coast this weekend\n'
    'Where to see the Pellbridge spring fair\n'
    '\n'
    '© 2026 Wrenford Sentinel Media Lt\n'
    '\n'
)


def test_a_headline_the_page_gives_twice_beats_the_sites_tagline_above_it():
    cleaned = strip_boilerplate(WRENFORD_PAGE)
    assert cleaned.title == "Island cut off as ferry pulled from service"
    assert [r.kind for r in cleaned.removed if r.text.startswith("Island cut off")] == ["repeated-title"]
    assert cleaned.body.startswith("PELLBRIDGE (Tallow Wire)") and "chartered barge" in cleaned.body


def test_a_datelines_empty_field_between_two_dashes_is_debris():
    page = ("Harrow Lane library to close in June\n\nWRENFORD, April 9 —  — Volunteers who have run the Harrow Lane "
            "community library for eleven years were told on Wednesday that the building will close in June.\n\n"
            "The library lends about 600 books a month and hosts a toddler reading group twice a week.")
    cleaned = strip_boilerplate(page)
    assert cleaned.body.startswith("WRENFORD, April 9 — Volunteers who have run")
    assert [(r.kind, r.text) for r in cleaned.removed] == [("dateline-debris", "—")]


MASTHEAD_PAGE = """Ferry operator doubles winter crossings to Kessa
{outlet}
Dec 3, 2026 10:42 GMT
By Ilse Marrow

VELMAR, Dec. 3 ({credit}) - The Velmar ferry operator will run twice as many crossings to Kessa this winter, its \
director said on Thursday, after commuters complained of queues that stretched along the quay.

The extra boats start on Monday and will sail every twenty minutes at the busiest hours of the morning and evening.

{footer}
"""


def test_the_outlet_s_name_under_the_headline_is_no_headline_and_no_author_and_names_the_folder_s_outlet():
    from storyline.clean import clean_article
    from storyline.model import Article

    # the wire's name stands under its headline and in its dateline's credit: the copyright line says it is the outlet
    page = MASTHEAD_PAGE.format(outlet="Lorvane Wire", credit="Lorvane Wire",
                                footer="Copyright 2026 Lorvane Wire. All rights reserved.")
    result = strip_boilerplate(page)
    assert result.title == "Ferry operator doubles winter crossings to Kessa" and result.author == "Ilse Marrow"
    assert [(r.kind, r.text) for r in result.removed][:1] == [("masthead", "Lorvane Wire")]
    # no copyright line: the folder's name says which line is the outlet's, and the article takes its spelling
    page = MASTHEAD_PAGE.format(outlet="THE QUAY TIMES", credit="Reporting", footer="Share this article")
    article = Article(id="a" * 32, source="quay-times/ferry.txt", media_type="text/plain", raw=page.encode())
    clean_article(article, fallback_outlet="quay-times")
    assert article.title == "Ferry operator doubles winter crossings to Kessa" and article.author == "Ilse Marrow"
    assert article.outlet == "The Quay Times" and article.published == "2026-12-03"
    assert "THE QUAY TIMES" not in article.body
    # a page with an address is by its site's name, as before
    article = Article(id="b" * 32, source="quay-times/ferry.txt", media_type="text/plain", raw=page.encode(),
                      url="https://quaytimes.example/ferry")
    assert clean_article(article, fallback_outlet="quay-times").outlet == "quaytimes.example"


def test_the_outlet_s_name_with_its_section_and_a_credited_wire_s_name_are_no_headline():
    from storyline.clean import clean_article
    from storyline.model import Article

    column = ("Harrow Gazette | Opinion\nThe fever was a warning we chose to ignore\nBy Imogen Felgate, Health "
              "Columnist\nSaturday 24 October 2026\n\nThe death of a woman in the town this week should shame "
              "everyone who sat on the surveillance budget.\n\nFor six years, the agency has asked for money to "
              "monitor ticks in the river woods, and for six years it has been told to wait.\n")
    article = Article(id="a" * 32, source="harrow-gazette/column.txt", media_type="text/plain", raw=column.encode())
    clean_article(article, fallback_outlet="harrow-gazette")
    assert article.title == "The fever was a warning we chose to ignore" and article.author == "Imogen Felgate"
    assert article.outlet == "Harrow Gazette"
    assert ("masthead", "Harrow Gazette | Opinion") in [(r.kind, r.text) for r in article.removed]
    # a folder that shortens the name the page prints: the printed name is the outlet's
    short = Article(id="b" * 32, source="fennick-star/column.txt", media_type="text/plain",
                    raw=column.replace("Harrow Gazette | Opinion", "FENNICK EVENING STAR").encode())
    assert clean_article(short, fallback_outlet="fennick-star").outlet == "Fennick Evening Star"
    # a copy of a wire's report: the wire's name, credited in its dateline, stands over it
    copy = MASTHEAD_PAGE.format(outlet="Lorvane Wire", credit="Lorvane Wire", footer="Share this article")
    result = strip_boilerplate("Harrow Gazette | News | Travel\n" + copy, outlet="harrow-gazette")
    assert result.title == "Ferry operator doubles winter crossings to Kessa"
    assert ("masthead", "Lorvane Wire") in [(r.kind, r.text) for r in result.removed]


def test_a_court_report_keeps_its_last_line_and_an_outlet_s_section_line_never_titles_it():
    page = ("Vale Evening Post\nNews | Crime | Courts | Sport\nVale Evening Post | Opinion\nOpinion: Eight years for "
            "the Tannery Lane fire is not enough\nBy Gwen Ashby, Columnist\nSaturday 11 July 2026, 9:00 am\n"
            "Dominic Farrow was jailed for eight years on Friday for setting fire to the timber warehouse. He will "
            "serve at least half of that, and could be out before 2031.\n\nThe family lost three generations of "
            "work in a single night, and the court heard every word of it over two long weeks.\n\n"
            "The trial continues.\n\nRelated\nWarehouse fire: Brackenford man remanded\n")
    result = strip_boilerplate(page, outlet="vale-evening-post")
    assert result.title == "Opinion: Eight years for the Tannery Lane fire is not enough"
    assert result.blocks[-1].text == "The trial continues."


def test_a_headline_between_the_site_s_menu_and_its_date_line_is_the_title_whatever_its_case():
    page = ("MARRICK EVENING POST\nNews | Politics | Sport | Showbiz | Puzzles\nTAX WAR! Rivals slug it out under "
            "the studio lights\nPublished: 9 September 2026 06:10\nShare this story: Facebook X WhatsApp\n"
            "MARRICK, Sept 8 (Astrel Wire) - The prime minister and the opposition leader clashed over housing and "
            "unemployment on Tuesday night in the only televised debate before the election.\n\nThe 90-minute "
            "debate was watched by an estimated 2.3 million people, the broadcaster said.\n")
    result = strip_boilerplate(page, outlet="marrick-evening-post")
    assert result.title == "TAX WAR! Rivals slug it out under the studio lights"


def test_the_closing_line_about_the_byline_s_writer_is_removed_and_a_closing_report_of_them_is_not():
    page = ("Ferry fares should fall\n\nBy Ilse Marrow\n\nThe Velmar ferry has raised its fares three times in two "
            "years, and commuters have paid for every rise while the operator's profits grew.\n\nThe council should "
            "cap the fares before the winter timetable begins, and it should say so this month.\n\n{closing}\n\n"
            "Copyright 2026 Quay Times")
    bio = "Ilse Marrow is a former harbour pilot and a columnist for the Quay Times."
    result = strip_boilerplate(page.format(closing=bio))
    assert result.author == "Ilse Marrow" and bio not in result.body
    assert ("author-bio", bio) in [(r.kind, r.text) for r in result.removed]
    report = "Tomas Varga is the operator's director; he did not answer our questions about the fares."
    assert report in strip_boilerplate(page.format(closing=report)).body


def test_a_q_and_a_keeps_its_last_answer_and_a_readers_funding_appeal_is_removed():
    page = ("The agency begins its vaccination drive on Monday, a week after the first death in the outbreak. Here "
            "is what we know.\n\nWho is eligible first?\n\nPeople over 60 and households near the woods, where "
            "most cases are thought to have picked up tick bites.\n\nHow many doses are there?\n\nThe agency has "
            "12,000 doses of the vaccine, and cases now stand at 61 across the town and its villages.\n\nIs the "
            "vaccine safe?\n\nA professor of epidemiology said the vaccine had a long safety record. \"Sore arms "
            "and a day of tiredness are the usual side effects,\" she said. \"Serious reactions are very rare.\""
            "\n\nWho is paying?\n\nHealth Minister Celia Brandt said on Tuesday that the government would pay for "
            "every dose.\n")
    result = strip_boilerplate(page, title="Q&A: who can get the fever vaccine in the town?")
    body = "\n".join(block.text for block in result.blocks)
    assert "the government would pay for every dose" in body and "Who is paying?" in body and not result.removed
    appeal = "Tessworth Health News is funded by its readers. Support our journalism."
    result = strip_boilerplate(page + "\n" + appeal + "\n", title="Q&A: who can get the fever vaccine in the town?")
    assert [(r.kind, r.text) for r in result.removed] == [("subscribe", appeal)]


def test_the_closing_line_about_a_writer_known_from_metadata_is_removed():
    text = ("Ines da Costa won the debate on points, but Piet van der Berg won the argument about taxes.\n\n"
            "Voters remember a feeling, and the feeling on Tuesday night was that the government had run out of "
            "answers.\n\nOskar Lindell is a columnist for the Civic Ledger and a former adviser to the finance "
            "ministry.\n")
    result = strip_boilerplate(text, whole_page=False, author="Oskar Lindell")
    assert [(r.kind, r.text[:12]) for r in result.removed] == [("author-bio", "Oskar Lindel")]
    assert strip_boilerplate(text, whole_page=False).removed == []
