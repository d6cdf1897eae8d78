"""Self-check for the compare_gold benchmark set (articles.jsonl + gold.json).

Run: python3 bench/compare_gold/validate.py
Exits non-zero on any problem. Uses only the standard library.
"""
import datetime as dt
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WORDS = {"sixty": "60", "eighty": "80", "fourteen": "14", "thirty-one": "31", "four": "4"}
MONTHS = ("January|February|March|April|May|June|July|August|September|"
          "October|November|December")

errors = []


def err(msg):
    errors.append(msg)


def slugify(name):
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


arts = [json.loads(line) for line in (HERE / "articles.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
gold = json.loads((HERE / "gold.json").read_text(encoding="utf-8"))

# ---- articles
by_event = defaultdict(dict)
ids = set()
for a in arts:
    if set(a) != {"id", "event", "outlet", "published", "title", "text"}:
        err(f"{a.get('id')}: unexpected keys {sorted(a)}")
    if a["id"] != f"{a['event']}-{slugify(a['outlet'])}":
        err(f"{a['id']}: id does not match event+outlet slug")
    if a["id"] in ids:
        err(f"{a['id']}: duplicate id")
    ids.add(a["id"])
    if a["outlet"] in by_event[a["event"]]:
        err(f"{a['id']}: outlet appears twice in event")
    by_event[a["event"]][a["outlet"]] = a
    pub = dt.date.fromisoformat(a["published"])
    if pub.year != 2026:
        err(f"{a['id']}: published not in 2026")
    n = len(a["text"].split())
    if not 150 <= n <= 350:
        err(f"{a['id']}: {n} words")
    if "\n" in a["text"].replace("\n\n", ""):
        err(f"{a['id']}: single newline inside text")
    if re.search(rf"\b(?:{MONTHS})\s+\d{{1,2}}\b|\b\d{{1,2}}\s+(?:{MONTHS})\b", a["text"]):
        err(f"{a['id']}: explicit day-of-month date found; check it by hand")

outlets = {a["outlet"] for a in arts}
if len(outlets) != 6:
    err(f"expected 6 outlets, got {len(outlets)}")
if len(by_event) != 8:
    err(f"expected 8 events, got {len(by_event)}")
for ev, d in by_event.items():
    if not 3 <= len(d) <= 4:
        err(f"{ev}: {len(d)} outlets")
if not 28 <= len(arts) <= 32:
    err(f"{len(arts)} articles")


# ---- weekday mentions: each resolves to the latest such day on or before publication
def resolve(pub, name):
    back = (pub.weekday() - DAYS.index(name)) % 7
    return pub - dt.timedelta(days=back)


weekday_table = {}
for a in arts:
    pub = dt.date.fromisoformat(a["published"])
    hits = re.findall(r"\b(" + "|".join(DAYS) + r")\b", a["text"] + " " + a["title"])
    weekday_table[a["id"]] = sorted({(h, resolve(pub, h).isoformat()) for h in hits})
    for h in hits:
        if pub - resolve(pub, h) > dt.timedelta(days=6):
            err(f"{a['id']}: {h} out of range")

# ---- gold
gold_events = {e["event"]: e for e in gold["events"]}
if set(gold_events) != set(by_event):
    err(f"gold/article event mismatch: {set(gold_events) ^ set(by_event)}")

counts = defaultdict(int)
for ev, g in gold_events.items():
    arts_ev = by_event.get(ev, {})
    if not (g["disagreements"] or g["unique"] or g["altered_quotes"]):
        counts["clean events"] += 1
    for d in g["disagreements"]:
        counts[d["kind"]] += 1
        vals = d["values"]
        for o in vals:
            if o not in arts_ev:
                err(f"{ev}: {o} has no article")
        if set(vals) != set(arts_ev):
            err(f"{ev}/{d['thing']}: values do not list every outlet of the event")
        odd = d["odd_one_out"]
        others = {tuple(v) for o, v in vals.items() if o != odd}
        if len(others) != 1 or tuple(vals[odd]) in others:
            err(f"{ev}/{d['thing']}: odd_one_out not a clean minority")
        for o, v in vals.items():
            text = arts_ev[o]["text"]
            low = text.lower()
            for x in v:
                if d["kind"] == "number":
                    digits = x.split()[0]
                    words = [w for w, n in WORDS.items() if n == digits]
                    if not (re.search(rf"(?<![\d.]){re.escape(x)}(?![\d.])", text)
                            or any(re.search(rf"\b{w}\b", low) for w in words)):
                        err(f"{ev}/{o}: value {x} not found in text")
                else:
                    day = dt.date.fromisoformat(x)
                    name = DAYS[day.weekday()]
                    pub = dt.date.fromisoformat(arts_ev[o]["published"])
                    if name not in text or resolve(pub, name) != day:
                        err(f"{ev}/{o}: {x} ({name}) does not match text/publication")
    for u in g["unique"]:
        counts["unique"] += 1
        if len(u["phrase"].split()) not in range(3, 9):
            err(f"{ev}: phrase length {u['phrase']!r}")
        for o, a in arts_ev.items():
            has = u["phrase"] in a["text"] if o == u["outlet"] else u["phrase"].lower() in a["text"].lower()
            if has != (o == u["outlet"]):
                err(f"{ev}: phrase {u['phrase']!r} presence wrong in {o}")
        if u["outlet"] not in arts_ev:
            err(f"{ev}: unique outlet {u['outlet']} missing")
    for q in g["altered_quotes"]:
        counts["altered_quote"] += 1
        speakers = [o for o, a in arts_ev.items() if q["speaker"].split()[-1] in a["text"]]
        if q["outlet"] not in speakers or len(speakers) < 2:
            err(f"{ev}: speaker {q['speaker']} not quoted by outlet and another")
        for o, a in arts_ev.items():
            has = re.search(rf"\b{re.escape(q['words'].lower())}\b", a["text"].lower()) is not None
            if has != (o == q["outlet"]):
                err(f"{ev}: altered words {q['words']!r} presence wrong in {o}")

expected = {"number": 5, "date": 3, "unique": 8, "altered_quote": 5, "clean events": 2}
for k, v in expected.items():
    if counts[k] != v:
        err(f"count {k}: {counts[k]} != {v}")

if "-v" in sys.argv:
    for aid, tab in weekday_table.items():
        print(aid, tab)
print(f"{len(arts)} articles, {len(by_event)} events, {len(outlets)} outlets;",
      ", ".join(f"{k}={counts[k]}" for k in expected))
if errors:
    print("\n".join("ERROR: " + e for e in errors))
    sys.exit(1)
print("OK")
