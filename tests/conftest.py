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


def run_cli(*args: str, db: Path | str, check: bool = False, timeout: int = 600,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run the real `storyline` command (this interpreter's package) against a database file or URL; ``env``:
    variables to set for it."""
    url = db if isinstance(db, str) and "://" in db else f"sqlite:///{db}"
    env = {**os.environ, "STORYLINE_DB": url, "COLUMNS": "200", **(env or {})}
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


@pytest.fixture(scope="session")
def postgres_server():
    """A private PostgreSQL server (Debian's postgresql package) on 127.0.0.1, for the session.

    Yields a function that creates a fresh database and returns its URL; every
    database is dropped and the server stopped at the end.
    """
    import glob
    import shutil
    import socket
    import uuid

    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        pytest.skip("PostgreSQL is not installed (scripts/setup.sh installs Debian's postgresql)")
    bin_dir = Path(found[-1]).parent
    import tempfile

    data = Path(tempfile.mkdtemp(prefix="storyline-postgres-"))  # not under pytest's root-only folder
    as_server_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root: the cluster belongs to the postgres user
        shutil.chown(data, "postgres")
        as_server_user = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # C locale: text sorts by bytes, as in SQLite, so both backends' results compare equal
    subprocess.run([*as_server_user, str(bin_dir / "initdb"), "-D", str(data), "--auth=trust", "-U", "postgres",
                    "--encoding=UTF8", "--locale=C"], check=True, capture_output=True)
    subprocess.run([*as_server_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-w", "-l", str(data / "log"),
                    "-o", f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off", "start"],
                   check=True, capture_output=True)
    created: list[str] = []
    admin = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"

    def new_database() -> str:
        from sqlalchemy import create_engine, text

        name = f"storyline_test_{uuid.uuid4().hex[:8]}"
        engine = create_engine(admin, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        created.append(name)
        return f"postgresql://postgres@127.0.0.1:{port}/{name}"

    yield new_database
    from sqlalchemy import create_engine, text

    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        for name in created:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()
    subprocess.run([*as_server_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
                   capture_output=True)
    shutil.rmtree(data, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_url(request, tmp_path):
    """A fresh database on each backend: an SQLite file, and a database on the test PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'storyline.db'}"
    return request.getfixturevalue("postgres_server")()

