"""What the benchmarks on our own gold sets share: reading a set's articles as `storyline ingest` does, and the
command line that scores each set given on its own."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from storyline.ingest import InputError
from storyline.ingest.jsonl import read_jsonl
from storyline.model import Article
from storyline.pipeline import clean_documents


def read_cleaned(path: Path) -> tuple[list[Article], list[str]]:
    """The articles of a JSON-lines file, read and cleaned as ingest reads and cleans them, and the problems of
    those it could not read."""
    documents, problems = [], []
    for item in read_jsonl(path):
        if isinstance(item, InputError):
            problems.append(str(item))
        else:
            documents.append(item)
    failures: list[dict[str, str]] = []
    articles = clean_documents(documents, failures)
    return articles, problems + [f"{f['source']}: {f['error']}" for f in failures]


def score_sets(description: str, default: list[Path], gold_file: str, show_help: str,
               score_set: Callable[[Path, bool], None]) -> int:
    """Score each folder of ``--gold`` (``default`` when none is given) on its own, under its name."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--gold", type=Path, nargs="+", default=default,
                        help=f"folders with articles.jsonl and {gold_file}, each scored on its own")
    parser.add_argument("--show", action="store_true", help=show_help)
    args = parser.parse_args()
    for folder in args.gold:
        if not (folder / "articles.jsonl").is_file() or not (folder / gold_file).is_file():
            print(f"{folder}: needs articles.jsonl and {gold_file}", file=sys.stderr)
            return 2
    for number, folder in enumerate(args.gold):
        print(("\n" if number else "") + f"## {folder.name}\n")
        score_set(folder, args.show)
    return 0
