"""Plain-text cleaning benchmark: storyline's page-text cleaner on scraped page text.

Data: ../shared/data/cleaning/pagetext-dev.jsonl (181 whole-page texts with the
gold article body; third-party text, read at run time). Metric: the
scrapinghub shingle metric (bench/shingle_metric.py). Rows, each on both text
layouts of a page: the uncleaned page text (baseline), jusText run over the
lines (the peer), and storyline's ``strip_boilerplate``.

    .venv/bin/python bench/cleaning.py [--data PATH] [--bootstrap N] [--worst K]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from html import escape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from shingle_metric import bootstrap_std, corpus_scores, score_page

from storyline.clean.text import strip_boilerplate

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "cleaning" / "pagetext-dev.jsonl"


def cleaned(text: str) -> str:
    return strip_boilerplate(text).body


def justext_lines(text: str) -> str:
    """The peer: jusText (English stoplist) over the page text, each line as one paragraph."""
    import justext

    html = "<html><body>" + "".join(f"<p>{escape(line)}</p>" for line in text.splitlines() if line.strip()) + "</body></html>"
    paragraphs = justext.justext(html.encode("utf-8"), justext.get_stoplist("English"), encoding="utf-8")
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--bootstrap", type=int, default=1000, help="bootstrap rounds for ± (0 to skip)")
    parser.add_argument("--worst", type=int, default=0, help="list the K pages with the lowest F1 for storyline")
    parser.add_argument("--layout", choices=["page_text", "page_text_lxml"], default="page_text", help="text layout for --worst")
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"data not found: {args.data} (see ../shared/data/README.md)", file=sys.stderr)
        return 2
    pages = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    systems = {
        "no cleaning (page_text)": lambda p: p["page_text"],
        "no cleaning (page_text_lxml)": lambda p: p["page_text_lxml"],
        "jusText over lines (page_text)": lambda p: justext_lines(p["page_text"]),
        "jusText over lines (page_text_lxml)": lambda p: justext_lines(p["page_text_lxml"]),
        "storyline strip_boilerplate (page_text)": lambda p: cleaned(p["page_text"]),
        "storyline strip_boilerplate (page_text_lxml)": lambda p: cleaned(p["page_text_lxml"]),
    }
    print(f"{len(pages)} pages from {args.data}")
    header = f"{'system':46} | {'F1':>15} | {'precision':>15} | {'recall':>15} | {'accuracy':>8} | {'pages/s':>8}"
    print(header)
    print("-" * len(header))
    per_page = {}
    for name, system in systems.items():
        start = time.perf_counter()
        outputs = [system(page) for page in pages]
        seconds = time.perf_counter() - start
        scores = [score_page(out, page["gold"]) for out, page in zip(outputs, pages, strict=True)]
        per_page[name] = scores
        total = corpus_scores(scores)
        spread = bootstrap_std(scores, args.bootstrap) if args.bootstrap else dict.fromkeys(total, 0.0)
        print(f"{name:46} | {total['f1']:.3f} ± {spread['f1']:.3f} | {total['precision']:.3f} ± {spread['precision']:.3f}"
              f" | {total['recall']:.3f} ± {spread['recall']:.3f} | {total['accuracy']:8.3f} | {len(pages) / seconds:8.0f}")
    if args.worst:
        key = f"storyline strip_boilerplate ({args.layout})"
        ranked = sorted(range(len(pages)), key=lambda i: (per_page[key][i].precision or 0) + (per_page[key][i].recall or 0))
        print(f"\nworst {args.worst} pages for {key}:")
        for i in ranked[: args.worst]:
            s = per_page[key][i]
            print(f"  {pages[i]['id'][:12]}  P {s.precision or 0:.2f}  R {s.recall or 0:.2f}  {pages[i]['url'][:80]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
