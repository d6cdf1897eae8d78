"""What the web app holds: one store, and the lock that keeps story assignment in arrival order."""

from __future__ import annotations

import threading

from fastapi import Request

from storyline.store import Store


def app_store(request: Request) -> Store:
    return request.app.state.store


def ingest_lock(request: Request) -> threading.Lock:
    return request.app.state.ingest_lock
