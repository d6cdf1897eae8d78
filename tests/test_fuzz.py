"""A short, bounded atheris run over the text and HTML paths, seeded with the shipped examples."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from conftest import EXAMPLES, ROOT

pytest.importorskip("atheris")

SECONDS = {"text": 15, "html": 30}
SEEDS = {"text": "text/*.txt", "html": "html/*.htm*"}


@pytest.mark.parametrize("target", ["text", "html"])
def test_fuzzing_finds_no_crash(target, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for seed in sorted(EXAMPLES.glob(SEEDS[target])):
        shutil.copy(seed, corpus)
    result = subprocess.run(
        [sys.executable, str(ROOT / "fuzz" / "fuzz_pages.py"), target, str(corpus),
         f"-max_total_time={SECONDS[target]}", "-max_len=20000", "-seed=8", f"-artifact_prefix={tmp_path}/",
         "-print_final_stats=1"],
        capture_output=True, text=True, timeout=SECONDS[target] + 240, cwd=ROOT)
    crashes = sorted(p.name for p in tmp_path.glob("crash-*"))
    assert result.returncode == 0 and not crashes, f"{crashes}\n{result.stderr[-4000:]}"
    assert "Done" in result.stderr and "stat::number_of_executed_units" in result.stderr


CRASHES = ROOT / "tests" / "fuzz_crashes"  # inputs the fuzzer once crashed on, mutated from the shipped examples


@pytest.mark.parametrize("path", sorted(CRASHES.glob("*")), ids=lambda path: path.name)
def test_an_input_the_fuzzer_once_crashed_on_gives_an_article_or_an_error(path):
    from storyline.clean import clean_article
    from storyline.ingest.errors import InputError
    from storyline.model import Article, RawDocument

    media_type = "text/html" if path.suffix == ".html" else "text/plain"
    article = Article.from_raw(RawDocument(raw=path.read_bytes(), source=path.name, media_type=media_type))
    try:
        clean_article(article)
    except InputError as error:
        assert error.source == path.name
        return
    assert article.status in {"ok", "no_text"}
