"""Shared fixtures: paths to the shipped examples and to ../shared (benchmark data, seeds)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS} (../shared is absent on this machine)")
    return SEEDS


def run_cli(*args: str, db: Path, check: bool = False, timeout: int = 600) -> subprocess.CompletedProcess:
    """Run the real `storyline` command (this interpreter's package) against a database file."""
    env = {**os.environ, "STORYLINE_DB": f"sqlite:///{db}", "COLUMNS": "200"}
    result = subprocess.run([sys.executable, "-m", "storyline", *args], capture_output=True, text=True,
                            env=env, timeout=timeout, cwd=ROOT)
    if check and result.returncode != 0:
        raise AssertionError(f"storyline {' '.join(args)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="session")
def examples_db(tmp_path_factory):
    """A database built from the shipped examples by the real CLI, and the ingest summary."""
    import json

    db = tmp_path_factory.mktemp("examples") / "storyline.db"
    result = run_cli("ingest", str(EXAMPLES), "--json", db=db)
    assert result.returncode == 0, result.stderr
    return db, json.loads(result.stdout)

