"""The web app: server-rendered pages and the REST API over one store (``storyline serve``)."""

from __future__ import annotations

import threading
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from storyline import __version__
from storyline.store import Store


def create_app(db: str | None = None) -> FastAPI:
    """The app over the database at ``db`` (default: $STORYLINE_DB, else ./storyline.db)."""
    from storyline.web import api, pages

    app = FastAPI(title="storyline", version=__version__,
                  description="Stories and storylines from many outlets: coverage side by side, quotes, facts.")
    app.state.store = Store(db)
    app.state.ingest_lock = threading.Lock()
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=str(Path(__file__).parent / "static")), name="static")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException):
        return _error(request, error.status_code, str(error.detail))

    @app.exception_handler(404)
    async def not_found(request: Request, error):
        return _error(request, 404, getattr(error, "detail", None) or "not found")

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError):
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors())
        return _error(request, 422, problems or "invalid request", details=jsonable_encoder(error.errors()))

    return app


def _error(request: Request, status: int, message: str, details=None):
    """JSON for the API, a readable page for people."""
    if request.url.path.startswith("/api/"):
        body = {"error": {"status": status, "message": message}}
        if details is not None:
            body["detail"] = details
        return JSONResponse(body, status_code=status)
    from storyline.web.pages import templates

    return templates.TemplateResponse(request, "error.html", {"status": status, "message": message},
                                      status_code=status)
