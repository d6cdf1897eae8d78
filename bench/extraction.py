"""HTML extraction benchmark: storyline against plain trafilatura and stored peers.

Data: ../shared/data/extraction/scrapinghub/ (181 article pages, gold article
bodies, stored outputs of 32 systems; third-party pages, read at run time).
Metric: the benchmark's shingle metric (bench/shingle_metric.py), applied to
every row by the same code. storyline and plain trafilatura run live in this
process; the other rows are the stored outputs in ``output/``.

    .venv/bin/python bench/extraction.py [--data DIR] [--bootstrap N] [--worst K] [--peers all|none|NAME,...]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from shingle_metric import bootstrap_std, corpus_scores, score_page

from storyline.clean import clean_article
from storyline.model import Article

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "extraction" / "scrapinghub"
STORYLINE = "storyline (live)"
TRAFILATURA = "trafilatura {version} (live, defaults)"


def storyline_body(html: bytes, url: str) -> str:
    article = Article(id="bench", raw=html, source=url, media_type="text/html", url=url)
    clean_article(article)
    return "\n\n".join(block.text for block in article.blocks)


def trafilatura_body(html: bytes, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url) or ""


def stored_outputs(folder: Path) -> dict[str, dict[str, str]]:
    systems = {}
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        items = data["output"] if isinstance(data, dict) and "output" in data and isinstance(data["output"], dict) else data
        systems[f"{path.stem} (stored)"] = {key: (value or {}).get("articleBody") or "" for key, value in items.items()}
    return systems


def main() -> int:
    import trafilatura

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--bootstrap", type=int, default=1000, help="bootstrap rounds for ± (0 to skip)")
    parser.add_argument("--worst", type=int, default=0, help="list the K pages where storyline loses most to trafilatura")
    parser.add_argument("--repeat", type=int, default=3, help="timing runs per live system; the best counts")
    parser.add_argument("--peers", default="all", help="stored systems to score: all, none, or names separated by commas")
    args = parser.parse_args()
    truth_path = args.data / "ground-truth.json"
    if not truth_path.is_file():
        print(f"data not found: {truth_path} (see ../shared/data/README.md)", file=sys.stderr)
        return 2
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    ids = sorted(truth)
    pages = {item: gzip.decompress((args.data / "html" / f"{item}.html.gz").read_bytes()) for item in ids}

    outputs: dict[str, dict[str, str]] = {}
    speed: dict[str, float] = {}
    live = {STORYLINE: storyline_body, TRAFILATURA.format(version=trafilatura.__version__): trafilatura_body}
    for name, extract in live.items():
        extract(pages[ids[0]], truth[ids[0]]["url"])  # imports and caches are not what we time
    for _ in range(args.repeat):  # interleaved, best of N: this machine's timings are noisy
        for name, extract in live.items():
            start = time.perf_counter()
            outputs[name] = {item: extract(pages[item], truth[item]["url"]) for item in ids}
            speed[name] = max(speed.get(name, 0.0), len(ids) / (time.perf_counter() - start))
    if args.peers != "none":
        wanted = None if args.peers == "all" else {f"{name.strip()} (stored)" for name in args.peers.split(",")}
        for name, items in stored_outputs(args.data / "output").items():
            if wanted is None or name in wanted:
                outputs[name] = items

    print(f"{len(ids)} pages from {args.data}")
    header = f"{'system':44} | {'F1':>13} | {'precision':>13} | {'recall':>13} | {'accuracy':>8} | {'pages/s':>7}"
    print(header)
    print("-" * len(header))
    per_page, rows = {}, []
    for name, items in outputs.items():
        scores = [score_page(items.get(item, ""), truth[item]["articleBody"]) for item in ids]
        per_page[name] = scores
        rows.append((name, corpus_scores(scores), scores))
    rows.sort(key=lambda row: -row[1]["f1"])
    for name, total, scores in rows:
        spread = bootstrap_std(scores, args.bootstrap) if args.bootstrap else dict.fromkeys(total, 0.0)
        rate = f"{speed[name]:7.1f}" if name in speed else f"{'':7}"
        print(f"{name:44} | {total['f1']:.3f} ± {spread['f1']:.3f} | {total['precision']:.3f} ± {spread['precision']:.3f}"
              f" | {total['recall']:.3f} ± {spread['recall']:.3f} | {total['accuracy']:8.3f} | {rate}")
    ours, theirs = list(live)
    print(f"\nspeed: storyline {speed[ours]:.1f} pages/s, trafilatura {speed[theirs]:.1f} pages/s "
          f"(storyline takes {speed[theirs] / speed[ours]:.2f}x trafilatura's time)")
    if args.worst:
        def f1(score):
            p, r = score.precision or 0, score.recall or 0
            return 2 * p * r / (p + r) if p + r else 0

        deltas = sorted(range(len(ids)), key=lambda i: f1(per_page[ours][i]) - f1(per_page[theirs][i]))
        print(f"\nworst {args.worst} pages for storyline (F1 storyline vs trafilatura; P/R storyline):")
        for i in deltas[: args.worst]:
            s = per_page[ours][i]
            print(f"  {ids[i][:12]}  {f1(s):.2f} vs {f1(per_page[theirs][i]):.2f}  "
                  f"P {s.precision or 0:.2f} R {s.recall or 0:.2f}  {truth[ids[i]]['url'][:70]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
