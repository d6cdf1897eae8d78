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
