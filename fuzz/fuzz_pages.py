"""Coverage-guided fuzzing (atheris) of the text and HTML paths: any bytes give an article or an InputError.

    .venv/bin/python fuzz/fuzz_pages.py text [CORPUS_DIR ...] -max_total_time=60
    .venv/bin/python fuzz/fuzz_pages.py html [CORPUS_DIR ...] -runs=10000

A crash (any other exception) stops the run, writes the input to ``crash-*``
and exits non-zero: add that input to tests/bad_inputs.py once it is fixed.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from storyline.clean import clean_article
    from storyline.clean.html import extract_page, nesting_depth
    from storyline.ingest.errors import InputError
    from storyline.model import Article, RawDocument

MEDIA_TYPES = {"text": "text/plain", "html": "text/html"}


def check(data: bytes, media_type: str) -> None:
    article = Article.from_raw(RawDocument(raw=data, source="fuzz-input", media_type=media_type))
    try:
        clean_article(article)
    except InputError as error:
        assert error.source == "fuzz-input" and error.message
        return
    assert article.status in {"ok", "no_text"}
    assert isinstance(article.body, str)
    if media_type == "text/html":
        nesting_depth(data)
        extract_page(data)


def main() -> None:
    target = sys.argv.pop(1) if len(sys.argv) > 1 and sys.argv[1] in MEDIA_TYPES else "text"
    media_type = MEDIA_TYPES[target]
    atheris.Setup(sys.argv, lambda data: check(data, media_type))
    atheris.Fuzz()


if __name__ == "__main__":
    main()
