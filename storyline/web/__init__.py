"""The web app: server-rendered pages and the REST API over one store (``storyline serve``)."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from storyline import __version__
from storyline.store import AmbiguousName, IncompatibleEmbeddings, Store, StoreUnavailable


TOKEN_ENV = "STORYLINE_API_TOKEN"
MAX_REQUEST_ENV = "STORYLINE_MAX_REQUEST_BYTES"
MAX_REQUEST_BYTES = 20 * 1024 * 1024


def app_from_environment() -> FastAPI:
    """The app of one `storyline serve --workers N` process, from the environment the command set for all of them."""
    return create_app(os.environ.get("STORYLINE_DB"),
                      max_request_bytes=int(os.environ.get(MAX_REQUEST_ENV) or MAX_REQUEST_BYTES))


def _allowed_methods(request: Request) -> str:
    """The methods some route of the app takes at the request's path (HEAD wherever GET is: HeadAsGet)."""
    allowed = {method for route in _routes(request.app.router.routes) if getattr(route, "methods", None)
               and route.matches(request.scope)[0] != Match.NONE for method in route.methods}
    if "GET" in allowed:
        allowed.add("HEAD")
    return ", ".join(sorted(allowed))


def _routes(routes) -> Iterator:
    """The app's routes, those of an included router among them (FastAPI wraps one as a route of its own)."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        yield from _routes(inner.routes) if inner is not None else (route,)


def create_app(db: str | None = None, token: str | None = None,
               max_request_bytes: int = MAX_REQUEST_BYTES) -> FastAPI:
    """The app over the database at ``db`` (default: $STORYLINE_DB, else ./storyline.db).

    ``token`` (default: $STORYLINE_API_TOKEN) makes the write endpoints require
    ``Authorization: Bearer TOKEN``; reading is open. Request bodies larger than
    ``max_request_bytes`` are refused with 413.
    """
    from storyline.web import api, pages

    app = FastAPI(title="storyline", version=__version__, docs_url=None, redoc_url=None,
                  description="Stories and storylines from many outlets: coverage side by side, quotes, facts.")
    app.state.store = Store(db)
    app.state.ingest_lock = threading.Lock()
    app.state.grouping = None  # the assigner's state, loaded by the first push
    app.state.token = token if token is not None else os.environ.get(TOKEN_ENV) or None
    app.add_middleware(BodyLimit, limit=max_request_bytes)
    app.add_middleware(NoNulCharacter)
    app.add_middleware(HeadAsGet)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=str(Path(__file__).parent / "static")), name="static")
    _serve_docs(app)
    if app.state.token is None:
        _document_without_auth(app)

    @app.exception_handler(StarletteHTTPException)  # the router's too: 405 for a method a path does not take
    async def http_error(request: Request, error: StarletteHTTPException):
        response = _error(request, error.status_code, str(error.detail))
        response.headers.update(error.headers or {})
        if error.status_code == 405:  # every method the path takes: the router names its first route's only
            response.headers["Allow"] = _allowed_methods(request)
        return response

    @app.exception_handler(StoreUnavailable)
    async def store_unavailable(request: Request, error: StoreUnavailable):
        message = str(error)
        if error.summary is not None:  # a push: its batch being written was rolled back, earlier ones stay
            message += f"; {error.summary.ingested} articles of this request were stored before it, the rest were not"
        response = _error(request, 503, message)
        response.headers["Retry-After"] = "5"
        return response

    @app.exception_handler(IncompatibleEmbeddings)
    async def incompatible_embeddings(request: Request, error: IncompatibleEmbeddings):
        return _error(request, 409, str(error))

    @app.exception_handler(AmbiguousName)
    async def ambiguous_name(request: Request, error: AmbiguousName):
        return _error(request, 409, str(error), candidates=error.candidates)

    @app.exception_handler(OperationalError)
    async def database_unavailable(request: Request, error: OperationalError):
        return await store_unavailable(request, request.app.state.store.unavailable(error))

    @app.exception_handler(404)
    async def not_found(request: Request, error):
        return _error(request, 404, getattr(error, "detail", None) or "not found")

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError):
        if request.url.path.startswith("/api/"):
            problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors())
        else:  # a reader's words: "page “abc” is no page number", not a validator's
            problems = "; ".join(_said_to_a_reader(e) for e in error.errors())
        return _error(request, 422, problems or "invalid request", details=jsonable_encoder(error.errors()))

    return app


DOCS_ASSETS = "/docs-assets"


def _serve_docs(app: FastAPI) -> None:
    """/docs, the interactive API docs, with Swagger UI's scripts and styles served here (PyPI's
    swagger-ui-bundle-v2), not from a CDN: the docs work on a machine without internet."""
    from swagger_ui_bundle import swagger_ui_path

    app.mount(DOCS_ASSETS, StaticFiles(directory=swagger_ui_path), name="docs-assets")
    oauth2_redirect = "/docs/oauth2-redirect"

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=app.openapi_url, title=f"{app.title} API",
                                   oauth2_redirect_url=oauth2_redirect,
                                   swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
                                   swagger_favicon_url="/static/favicon.svg")

    @app.get(oauth2_redirect, include_in_schema=False)
    def docs_oauth2_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> RedirectResponse:  # browsers ask for it whatever a page links
        return RedirectResponse("/static/favicon.svg", status_code=301)


def _document_without_auth(app: FastAPI) -> None:
    """A server without a token takes articles from anyone: its OpenAPI document says so."""
    build = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            document = build()
            for operations in document.get("paths", {}).values():
                for operation in operations.values():
                    operation.pop("security", None)
                    operation.get("responses", {}).pop("401", None)
            document.get("components", {}).pop("securitySchemes", None)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi


class BodyLimit:
    """Refuses request bodies over ``limit`` bytes (413), by header and while reading a streamed body."""

    def __init__(self, app, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            return await _too_large(self.limit)(scope, receive, send)
        seen, over, answering = 0, False, False

        async def limited_receive():
            nonlocal seen, over
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                over = True
                raise _TooLarge()
            return message

        async def unless_over(message):
            nonlocal answering
            if over and not answering:  # the app's answer to a body cut short (FastAPI makes it a 400): 413 instead
                return
            answering = True
            await send(message)

        try:
            await self.app(scope, limited_receive, unless_over)
        except _TooLarge:
            pass
        if over and not answering:
            await _too_large(self.limit)(scope, receive, send)


class HeadAsGet:
    """HEAD answered as GET without its body: link checkers and uptime monitors ask with HEAD."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "HEAD":
            return await self.app(scope, receive, send)

        async def headers_only(message):
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


REPLACEMENT = b"%EF%BF%BD"  # U+FFFD, percent-encoded in UTF-8


class NoNulCharacter:
    """A NUL character ("%00") is no part of an id, a name or a search (and PostgreSQL refuses to compare one,
    which was a 500): in a query it is read as U+FFFD, as SQLite compared it (a search of "fire%00" is one of
    "fire", a name holding it names no one), and a path holding one names nothing (404)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if "\x00" in scope["path"]:
            response = _error(Request(scope), 404, "not found: the path holds a NUL character (%00), which no id "
                                                   "or name holds")
            return await response(scope, receive, send)
        query = scope.get("query_string", b"")
        if b"%00" in query or b"\x00" in query:  # read as the replacement character, which no name holds either
            scope = {**scope, "query_string": query.replace(b"%00", REPLACEMENT).replace(b"\x00", REPLACEMENT)}
        return await self.app(scope, receive, send)


class _TooLarge(Exception):
    pass


def _too_large(limit: int) -> JSONResponse:
    return JSONResponse({"error": {"status": 413, "message": f"request body larger than {limit:,} bytes"}},
                        status_code=413)


def _said_to_a_reader(problem: dict) -> str:
    """A query value a page cannot take, said plainly: "page “abc” is no whole number of 1 or more"."""
    name = str(problem["loc"][-1])
    given = problem.get("input")
    if problem["type"] in ("int_parsing", "greater_than_equal", "less_than_equal") and name == "page":
        return f"page “{given}” is no page number (1, 2, 3 …)"
    return f"{name} “{given}”: {problem['msg'].removeprefix('Value error, ')}"


def _error(request: Request, status: int, message: str, details=None, candidates: list[dict] | None = None):
    """JSON for the API, a readable page for people; ``candidates``: the entities an ambiguous name may mean."""
    if request.url.path.startswith("/api/"):
        body = {"error": {"status": status, "message": message, **({"candidates": candidates} if candidates else {})}}
        if details is not None:
            body["detail"] = details
        return JSONResponse(body, status_code=status)
    from storyline.web.pages import templates

    return templates.TemplateResponse(request, "error.html",
                                      {"status": status, "message": message, "candidates": candidates or []},
                                      status_code=status)
