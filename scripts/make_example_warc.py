#!/usr/bin/env python3
"""Build examples/archive/lantern-review-crawl.warc.gz, the shipped example WARC.

The pages are fictional articles from "The Lantern Review" (lanternreview.example),
written for storyline's examples. Their HTML lives only in this script, so the
archive is the one place they are ingested from.

The output is deterministic: record ids, WARC-Date values and HTTP dates are
fixed, and warcio's per-record gzip members carry no timestamp, so re-running
the script rewrites the same bytes.

Usage: python scripts/make_example_warc.py [OUTPUT_PATH]
"""

from __future__ import annotations

import sys
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "examples" / "archive" / "lantern-review-crawl.warc.gz"
FILENAME = "lantern-review-crawl.warc.gz"
CRAWLER = "storyline-example-crawler/1.0 (+https://lanternreview.example/)"

# (target URI, WARC-Date, WARC-Record-ID of the response, HTTP Date header, HTML)

PAGES = [
    (
        'https://lanternreview.example/2026/04/11/after-the-strike-port-halden-counts-what-it-lost',
        '2026-10-08T03:01:00Z',
        '<urn:uuid:5c0f3e7a-1b2d-4c6e-9f10-000000000101>',
        'Thu, 08 Oct 2026 03:01:00 GMT',
        r'''<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>After the strike, Port Halden counts what it lost | The Lantern Review</title>
  <meta name="description" content="Two days after the cranes started moving again, the Port of Halden looks almost normal. Trucks queue on Breakwater Road, the container stacks at Terminal Two are growing,…">
  <meta name="author" content="Edmund Sayer">
  <meta property="og:site_name" content="The Lantern Review">
  <meta property="og:type" content="article">
  <meta property="og:title" content="After the strike, Port Halden counts what it lost">
  <meta property="og:url" content="https://lanternreview.example/2026/04/11/after-the-strike-port-halden-counts-what-it-lost">
  <meta property="article:published_time" content="2026-04-11T08:00:00Z">
  <meta property="article:section" content="Economy">
  <link rel="canonical" href="https://lanternreview.example/2026/04/11/after-the-strike-port-halden-counts-what-it-lost">
  <link rel="stylesheet" href="https://lanternreview.example/static/css/site.css">
</head>
<body>
  <div class="cookie-bar">We use cookies for essential site functions and anonymous statistics. <a href="https://lanternreview.example/cookies">Cookie policy</a> <button>OK</button></div>
  <header class="lr-header">
    <a class="lr-logo" href="https://lanternreview.example/">The Lantern Review</a>
    <nav>
      <a href="https://lanternreview.example/politics">Politics</a> &middot; <a href="https://lanternreview.example/economy">Economy</a> &middot; <a href="https://lanternreview.example/coast">Coast</a> &middot; <a href="https://lanternreview.example/culture">Culture</a> &middot; <a href="https://lanternreview.example/analysis">Analysis</a> &middot; <a href="https://lanternreview.example/membership">Become a member</a>
    </nav>
  </header>
  <main>
    <article class="lr-article">
      <p class="lr-section">Economy</p>
      <h1>After the strike, Port Halden counts what it lost</h1>
      <p class="lr-meta"><span class="byline">Edmund Sayer</span> &middot; <time datetime="2026-04-11T08:00:00Z">11 April 2026</time> &middot; 2 min read</p>
      <section class="lr-body">
        <p>Two days after the cranes started moving again, the Port of Halden looks almost normal. Trucks queue on Breakwater Road, the container stacks at Terminal Two are growing, and the ships that spent weeks at anchor in the roads are edging towards their berths one by one.</p>
        <p>Almost normal. The deal signed in Marrowgate on Thursday ended a 38-day strike, but it has left questions that neither side has yet answered.</p>
        <h2>The guarantee</h2>
        <p>The heart of the agreement is a written promise: no compulsory redundancies linked to the automation of Terminal Four until the end of 2029. Caspar Dunmore, the dockworkers' leader, has called it historic. It is certainly unusual. But it runs out, and the machines will not.</p>
        <p>"Three and a half years is a long time in this business," said Halden Shippers' Association president Miriam Taft when The Lantern Review asked her on Friday whether the employers had simply postponed the fight. "We'll see where everyone stands in 2029."</p>
        <p>Dunmore was unrepentant. “We bought time, and time is what lets people retrain, retire, or find their feet,” he said. “That's worth five weeks on a picket line.”</p>
        <h2>The bill</h2>
        <p>Local businesses are less sure the arithmetic works for them. Hanna Dunmore of The Bollard café, which sits opposite the container gate, estimates she lost a third of her annual profit. She said that she had applied for the city's emergency hardship grant on Monday and was still waiting for an answer.</p>
        <p>Mayor Theo Marchetti said on Friday that the city would extend the grant scheme for another month. "Nobody in this city should go under because of a dispute they had no part in," he said.</p>
        <p>Port Halden Authority chair Renata Oakes has a different worry: the shipping lines that moved to Kestrel Bay. According to Oakes, four lines have not yet confirmed that they will return.</p>
      </section>
      <p class="lr-support">Support independent journalism. Become a Lantern member today.</p>
    </article>
    <aside class="lr-related">
      <h2>Related stories</h2>
      <ul>
          <li><a href="https://lanternreview.example/power-cut-leaves-eastern-suburbs-dark-for-three-hours">Power Cut Leaves Eastern Suburbs Dark for Three Hours</a></li>
          <li><a href="https://lanternreview.example/farmers-market-moves-to-saturdays-from-next-month">Farmers' Market Moves to Saturdays From Next Month</a></li>
          <li><a href="https://lanternreview.example/record-crowds-at-marrowgate-spring-flower-show">Record Crowds at Marrowgate Spring Flower Show</a></li>
          <li><a href="https://lanternreview.example/local-author-shortlisted-for-caldrian-fiction-prize">Local Author Shortlisted for Caldrian Fiction Prize</a></li>
          <li><a href="https://lanternreview.example/orla-valley-cheese-makers-win-three-gold-medals-at-winter-fair">Orla Valley Cheese Makers Win Three Gold Medals at Winter Fair</a></li>
      </ul>
    </aside>
    <section class="lr-comments"><p>Comments are open to members. <a href="https://lanternreview.example/login">Sign in</a></p></section>
  </main>
  <footer class="lr-footer"><p>&copy; The Lantern Review 2026. All rights reserved.</p></footer>
</body>
</html>
''',
    ),
    (
        'https://lanternreview.example/2026/08/29/what-the-petrak-emails-tell-us',
        '2026-10-08T03:02:17Z',
        '<urn:uuid:5c0f3e7a-1b2d-4c6e-9f10-000000000102>',
        'Thu, 08 Oct 2026 03:02:17 GMT',
        r'''<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>What the Petrak Emails Tell Us, and What They Don't | The Lantern Review</title>
  <meta name="description" content="Five emails. That is what it took, in the end, to bring down a minister who had survived an auditor-general&#x27;s report, a public inquiry vote and four weeks…">
  <meta name="author" content="Edmund Sayer">
  <meta property="og:site_name" content="The Lantern Review">
  <meta property="og:type" content="article">
  <meta property="og:title" content="What the Petrak Emails Tell Us, and What They Don&#x27;t">
  <meta property="og:url" content="https://lanternreview.example/2026/08/29/what-the-petrak-emails-tell-us">
  <meta property="article:published_time" content="2026-08-29T08:00:00Z">
  <meta property="article:section" content="Politics">
  <link rel="canonical" href="https://lanternreview.example/2026/08/29/what-the-petrak-emails-tell-us">
  <link rel="stylesheet" href="https://lanternreview.example/static/css/site.css">
</head>
<body>
  <div class="cookie-bar">We use cookies for essential site functions and anonymous statistics. <a href="https://lanternreview.example/cookies">Cookie policy</a> <button>OK</button></div>
  <header class="lr-header">
    <a class="lr-logo" href="https://lanternreview.example/">The Lantern Review</a>
    <nav>
      <a href="https://lanternreview.example/politics">Politics</a> &middot; <a href="https://lanternreview.example/economy">Economy</a> &middot; <a href="https://lanternreview.example/coast">Coast</a> &middot; <a href="https://lanternreview.example/culture">Culture</a> &middot; <a href="https://lanternreview.example/analysis">Analysis</a> &middot; <a href="https://lanternreview.example/membership">Become a member</a>
    </nav>
  </header>
  <main>
    <article class="lr-article">
      <p class="lr-section">Politics</p>
      <h1>What the Petrak Emails Tell Us, and What They Don't</h1>
      <p class="lr-meta"><span class="byline">Edmund Sayer</span> &middot; <time datetime="2026-08-29T08:00:00Z">29 August 2026</time> &middot; 2 min read</p>
      <section class="lr-body">
        <p>Five emails. That is what it took, in the end, to bring down a minister who had survived an auditor-general's report, a public inquiry vote and four weeks of protests outside his ministry.</p>
        <p>Ilona Petrak, Greymantle Construction's former finance chief, read extracts from them to the Public Accounts Committee on Wednesday. Each was sent from an address in Anselm Brodsky's private office to a Greymantle manager. Each contained a draft tender specification that had not yet been published. On Thursday, Brodsky resigned.</p>
        <h2>What the Emails Show</h2>
        <p>The emails show that someone in the minister's office gave Greymantle an advantage that no other bidder had. Committee chair Joren Tesk said on Friday that the adviser who sent them had been identified and would be called to testify on September 8.</p>
        <p>"The question for the committee is no longer whether it happened," Tesk said. "It is who knew."</p>
        <h2>What They Don't</h2>
        <p>The emails do not, on their face, show that Brodsky himself knew. The former minister insists he did not. “I ran a ministry of four thousand people. I did not read every email my staff sent,” he told The Lantern Review on Friday. “I accept that I should have known more. I do not accept that I did.”</p>
        <p>Greymantle's chief executive, Hugo Ferrant, has not commented since Wednesday.</p>
        <h2>What Comes Next</h2>
        <p>The inquiry continues, and the country votes on October 4. For Daria Kovant and Civic Renewal, the timing could hardly be better. For Prime Minister Edvin Maral, who stood beside his minister until Thursday morning, the next five weeks will be about whether voters punish his party for one man's office.</p>
      </section>
      <p class="lr-support">Support independent journalism. Become a Lantern member today.</p>
    </article>
    <aside class="lr-related">
      <h2>Related stories</h2>
      <ul>
          <li><a href="https://lanternreview.example/schools-told-to-prepare-for-new-reading-tests">Schools Told to Prepare for New Reading Tests</a></li>
          <li><a href="https://lanternreview.example/volunteers-plant-5-000-trees-along-the-old-railway-path">Volunteers Plant 5,000 Trees Along the Old Railway Path</a></li>
          <li><a href="https://lanternreview.example/new-cycle-lane-plan-divides-traders-on-castle-street">New Cycle Lane Plan Divides Traders on Castle Street</a></li>
          <li><a href="https://lanternreview.example/recipe-smoked-mackerel-p-t-in-ten-minutes">Recipe: Smoked Mackerel Pâté in Ten Minutes</a></li>
          <li><a href="https://lanternreview.example/marrowgate-tram-fares-to-rise-by-ten-cents-in-january">Marrowgate Tram Fares to Rise by Ten Cents in January</a></li>
      </ul>
    </aside>
    <section class="lr-comments"><p>Comments are open to members. <a href="https://lanternreview.example/login">Sign in</a></p></section>
  </main>
  <footer class="lr-footer"><p>&copy; The Lantern Review 2026. All rights reserved.</p></footer>
</body>
</html>
''',
    ),
    (
        'https://lanternreview.example/2026/09/14/questions-over-route-as-gannet-star-sits-on-the-reef',
        '2026-10-08T03:03:34Z',
        '<urn:uuid:5c0f3e7a-1b2d-4c6e-9f10-000000000103>',
        'Thu, 08 Oct 2026 03:03:34 GMT',
        r'''<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Questions Over Route as Gannet Star Sits on the Reef | The Lantern Review</title>
  <meta name="description" content="Two days after the ferry Gannet Star ran aground off Skerra Island, the ship is still sitting on the Mullock Reef, listing to port, and the questions are…">
  <meta name="author" content="Imogen Latch">
  <meta property="og:site_name" content="The Lantern Review">
  <meta property="og:type" content="article">
  <meta property="og:title" content="Questions Over Route as Gannet Star Sits on the Reef">
  <meta property="og:url" content="https://lanternreview.example/2026/09/14/questions-over-route-as-gannet-star-sits-on-the-reef">
  <meta property="article:published_time" content="2026-09-14T07:00:00Z">
  <meta property="article:section" content="Coast">
  <link rel="canonical" href="https://lanternreview.example/2026/09/14/questions-over-route-as-gannet-star-sits-on-the-reef">
  <link rel="stylesheet" href="https://lanternreview.example/static/css/site.css">
</head>
<body>
  <div class="cookie-bar">We use cookies for essential site functions and anonymous statistics. <a href="https://lanternreview.example/cookies">Cookie policy</a> <button>OK</button></div>
  <header class="lr-header">
    <a class="lr-logo" href="https://lanternreview.example/">The Lantern Review</a>
    <nav>
      <a href="https://lanternreview.example/politics">Politics</a> &middot; <a href="https://lanternreview.example/economy">Economy</a> &middot; <a href="https://lanternreview.example/coast">Coast</a> &middot; <a href="https://lanternreview.example/culture">Culture</a> &middot; <a href="https://lanternreview.example/analysis">Analysis</a> &middot; <a href="https://lanternreview.example/membership">Become a member</a>
    </nav>
  </header>
  <main>
    <article class="lr-article">
      <p class="lr-section">Coast</p>
      <h1>Questions Over Route as Gannet Star Sits on the Reef</h1>
      <p class="lr-meta"><span class="byline">Imogen Latch</span> &middot; <time datetime="2026-09-14T07:00:00Z">14 September 2026</time> &middot; 2 min read</p>
      <section class="lr-body">
        <p>Two days after the ferry Gannet Star ran aground off Skerra Island, the ship is still sitting on the Mullock Reef, listing to port, and the questions are beginning to pile up faster than the answers.</p>
        <p>All 233 people on board were rescued on Saturday evening, a fact that islanders and the Caldrian Coast Guard are rightly proud of. But the Mullock Reef is well charted, clearly marked and, according to several Skerra skippers, nearly half a mile from the route the ferry normally takes.</p>
        <h2>Off Course</h2>
        <p>"You'd have to be well off the usual line to touch Mullock," said Duncan Sorrell, who has fished out of Skerra harbour for thirty years and took eleven passengers off the ferry in his boat. "I've never seen the Gannet that close in. Not once."</p>
        <p>Skerra Ferries chief executive Nils Arden said on Sunday that the ship had been following a slightly altered course to avoid a fishing fleet working the usual channel. He said that the company would not speculate further while the Maritime Safety Board investigation was under way.</p>
        <h2>The Investigators</h2>
        <p>The Maritime Safety Board's chief inspector, Yvonne Castell, confirmed that the ship's voyage data recorder had been recovered on Sunday. “We will know where the ship was, to the metre, and what was said on the bridge,” Castell said. “That is a matter of days, not months.”</p>
        <p>Coast guard commander Halvard Brune said a salvage team would attempt to refloat the vessel later this week once fuel had been pumped out to prevent a spill.</p>
        <h2>An Island Cut Off</h2>
        <p>For Skerra's 1,900 residents, the grounding has a more immediate cost. The Gannet Star was the island's only car ferry. Supplies are arriving by a chartered cargo boat, and the island's only secondary school has delayed the start of term.</p>
      </section>
      <p class="lr-support">Support independent journalism. Become a Lantern member today.</p>
    </article>
    <aside class="lr-related">
      <h2>Related stories</h2>
      <ul>
          <li><a href="https://lanternreview.example/letters-readers-on-parking-potholes-and-park-benches">Letters: Readers on Parking, Potholes and Park Benches</a></li>
          <li><a href="https://lanternreview.example/caldrian-tennis-star-reaches-quarter-finals-abroad">Caldrian Tennis Star Reaches Quarter-Finals Abroad</a></li>
          <li><a href="https://lanternreview.example/farmers-market-moves-to-saturdays-from-next-month">Farmers' Market Moves to Saturdays From Next Month</a></li>
          <li><a href="https://lanternreview.example/volunteers-plant-5-000-trees-along-the-old-railway-path">Volunteers Plant 5,000 Trees Along the Old Railway Path</a></li>
          <li><a href="https://lanternreview.example/city-council-approves-budget-for-promenade-lighting">City Council Approves Budget for Promenade Lighting</a></li>
      </ul>
    </aside>
    <section class="lr-comments"><p>Comments are open to members. <a href="https://lanternreview.example/login">Sign in</a></p></section>
  </main>
  <footer class="lr-footer"><p>&copy; The Lantern Review 2026. All rights reserved.</p></footer>
</body>
</html>
''',
    ),
    (
        'https://lanternreview.example/2026/10/07/caldrias-new-arithmetic',
        '2026-10-08T03:04:51Z',
        '<urn:uuid:5c0f3e7a-1b2d-4c6e-9f10-000000000104>',
        'Thu, 08 Oct 2026 03:04:51 GMT',
        r'''<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Caldria's New Arithmetic: Kovant Opens Coalition Talks | The Lantern Review</title>
  <meta name="description" content="Daria Kovant did not waste time. Two days after Civic Renewal won Sunday&#x27;s snap election, its leader held her first coalition talks on Tuesday, spending four hours with…">
  <meta name="author" content="Imogen Latch">
  <meta property="og:site_name" content="The Lantern Review">
  <meta property="og:type" content="article">
  <meta property="og:title" content="Caldria&#x27;s New Arithmetic: Kovant Opens Coalition Talks">
  <meta property="og:url" content="https://lanternreview.example/2026/10/07/caldrias-new-arithmetic">
  <meta property="article:published_time" content="2026-10-07T07:30:00Z">
  <meta property="article:section" content="Politics">
  <link rel="canonical" href="https://lanternreview.example/2026/10/07/caldrias-new-arithmetic">
  <link rel="stylesheet" href="https://lanternreview.example/static/css/site.css">
</head>
<body>
  <div class="cookie-bar">We use cookies for essential site functions and anonymous statistics. <a href="https://lanternreview.example/cookies">Cookie policy</a> <button>OK</button></div>
  <header class="lr-header">
    <a class="lr-logo" href="https://lanternreview.example/">The Lantern Review</a>
    <nav>
      <a href="https://lanternreview.example/politics">Politics</a> &middot; <a href="https://lanternreview.example/economy">Economy</a> &middot; <a href="https://lanternreview.example/coast">Coast</a> &middot; <a href="https://lanternreview.example/culture">Culture</a> &middot; <a href="https://lanternreview.example/analysis">Analysis</a> &middot; <a href="https://lanternreview.example/membership">Become a member</a>
    </nav>
  </header>
  <main>
    <article class="lr-article">
      <p class="lr-section">Politics</p>
      <h1>Caldria's New Arithmetic: Kovant Opens Coalition Talks</h1>
      <p class="lr-meta"><span class="byline">Imogen Latch</span> &middot; <time datetime="2026-10-07T07:30:00Z">7 October 2026</time> &middot; 2 min read</p>
      <section class="lr-body">
        <p>Daria Kovant did not waste time. Two days after Civic Renewal won Sunday's snap election, its leader held her first coalition talks on Tuesday, spending four hours with Rural League leader Arvid Holm in a borrowed committee room at the Assembly.</p>
        <p>Neither side gave much away afterwards. "It was a serious conversation between serious people," Kovant said. Holm was briefer: "We talked. We'll talk again."</p>
        <h2>The Numbers</h2>
        <p>Civic Renewal holds 71 of the Assembly's 180 seats. A deal with the Rural League's 24 would give Kovant 95, a working majority. Adding the Greens' 19 would make it 114, comfortable but crowded.</p>
        <p>Kovant has said she would prefer all three parties in government. The Greens' co-leader, Sefa Ridley, said on Tuesday that her party would not join a government "that thinks coal is a heritage industry." The Rural League's farm base would put it on the other side of that argument.</p>
        <h2>Greymantle Is Still Here</h2>
        <p>The scandal that brought about the election has not gone away. The Public Accounts Committee, chaired by Joren Tesk, resumes hearings next week, and Kovant has promised to publish the Ministry of Public Works' correspondence with Greymantle Construction within 100 days.</p>
        <p>Outgoing Prime Minister Edvin Maral, who resigned as Unity leader on Monday, will remain caretaker until a new government is formed. He has said nothing in public since his concession speech.</p>
        <h2>The Other Brodsky</h2>
        <p>Lida Brodsky, the law student whose protests helped make Greymantle a national story, was at the Assembly on Tuesday, watching from the public lobby. “We're not going anywhere,” she said. “The last lot stopped listening. This lot can start.”</p>
      </section>
      <p class="lr-support">Support independent journalism. Become a Lantern member today.</p>
    </article>
    <aside class="lr-related">
      <h2>Related stories</h2>
      <ul>
          <li><a href="https://lanternreview.example/why-young-caldrians-are-moving-back-to-small-towns">Why Young Caldrians Are Moving Back to Small Towns</a></li>
          <li><a href="https://lanternreview.example/council-to-review-dog-fouling-fines">Council to Review Dog Fouling Fines</a></li>
          <li><a href="https://lanternreview.example/pensioners-bus-pass-scheme-extended-for-another-year">Pensioners' Bus Pass Scheme Extended for Another Year</a></li>
          <li><a href="https://lanternreview.example/rail-operator-apologises-after-week-of-late-trains">Rail Operator Apologises After Week of Late Trains</a></li>
          <li><a href="https://lanternreview.example/bakery-chain-to-open-fourth-shop-in-the-city">Bakery Chain to Open Fourth Shop in the City</a></li>
      </ul>
    </aside>
    <section class="lr-comments"><p>Comments are open to members. <a href="https://lanternreview.example/login">Sign in</a></p></section>
  </main>
  <footer class="lr-footer"><p>&copy; The Lantern Review 2026. All rights reserved.</p></footer>
</body>
</html>
''',
    ),
]

WARCINFO_ID = "<urn:uuid:5c0f3e7a-1b2d-4c6e-9f10-000000000001>"
WARCINFO_DATE = "2026-10-08T03:00:00Z"
REQUEST_ID = "<urn:uuid:5c0f3e7a-1b2d-4c6e-9f10-000000000002>"


def build(out_path: Path) -> None:
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with open(out_path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True, warc_version="1.0")

        info = (
            "software: warcio/1.8.1 via storyline scripts/make_example_warc.py\r\n"
            "format: WARC File Format 1.0\r\n"
            f"http-header-user-agent: {CRAWLER}\r\n"
            "description: Fictional example pages for storyline (The Lantern Review)\r\n"
        ).encode("utf-8")
        info_headers = StatusAndHeaders("", [
            ("WARC-Type", "warcinfo"),
            ("WARC-Record-ID", WARCINFO_ID),
            ("WARC-Date", WARCINFO_DATE),
            ("WARC-Filename", FILENAME),
        ], protocol="WARC/1.0")
        writer.write_record(writer.create_warc_record(
            "", "warcinfo", payload=BytesIO(info), length=len(info),
            warc_content_type="application/warc-fields", warc_headers=info_headers))

        for i, (uri, warc_date, record_id, http_date, page) in enumerate(PAGES):
            host = uri.split("/")[2]
            path = "/" + uri.split("/", 3)[3]
            if i == 0:
                req_headers = StatusAndHeaders(f"GET {path} HTTP/1.1", [
                    ("Host", host),
                    ("User-Agent", CRAWLER),
                    ("Accept", "text/html,application/xhtml+xml"),
                    ("Accept-Encoding", "identity"),
                ], is_http_request=True)
                writer.write_record(writer.create_warc_record(
                    uri, "request", payload=BytesIO(b""), length=0, http_headers=req_headers,
                    warc_headers_dict={"WARC-Record-ID": REQUEST_ID, "WARC-Date": warc_date,
                                       "WARC-Concurrent-To": record_id}))
            body = page.encode("utf-8")
            http_headers = StatusAndHeaders("200 OK", [
                ("Date", http_date),
                ("Server", "nginx"),
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", str(len(body))),
                ("Cache-Control", "max-age=300"),
                ("Connection", "close"),
            ], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                uri, "response", payload=BytesIO(body), length=len(body), http_headers=http_headers,
                warc_headers_dict={"WARC-Record-ID": record_id, "WARC-Date": warc_date,
                                   "WARC-IP-Address": "192.0.2.41"}))


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUT
    build(out)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
