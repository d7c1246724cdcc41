"""The FastAPI application: database, templates, sessions, CSRF, limits, error pages."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from coalitionist import __version__
from coalitionist.web.analysis import Pages
from coalitionist.web.auth import RateLimiter
from coalitionist.web.config import Settings
from coalitionist.web.db import make_engine, migrate, session_factory
from coalitionist.web.jobs import JobRunner
from coalitionist.web.store import EditConflictError, ForbiddenError, NotFoundError

HERE = Path(__file__).resolve().parent
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with 413, whether or not they declare a length."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await _too_large(scope, send, self.limit)
            return
        seen = 0
        too_big = False

        async def limited() -> Message:
            nonlocal seen, too_big
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    too_big = True
                    raise _BodyTooLargeError
            return message

        try:
            await self.app(scope, limited, send)
        except _BodyTooLargeError:
            await _too_large(scope, send, self.limit)


class _BodyTooLargeError(Exception):
    pass


async def _too_large(scope: Scope, send: Send, limit: int) -> None:
    body = json.dumps(
        {"detail": f"the upload is larger than the limit of {limit / 2**20:g} MiB"}
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every user string is escaped; no template marks user text safe
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["version"] = __version__
    return env


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the application for ``settings`` (migrating the database first)."""
    settings = settings or Settings()
    engine = make_engine(settings.resolved_db_url())
    migrate(engine)
    runner = JobRunner()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> Any:
        yield
        runner.shutdown()
        engine.dispose()

    app = FastAPI(
        title="coalitionist workbench",
        version=__version__,
        description=(
            "The JSON API of the coalitionist workbench: scenarios, their revisions and analyses. Sign in "
            "with `POST /api/session` (after `GET /api/session` for the CSRF token); send the token as "
            "`X-CSRF-Token` on every request that changes something."
        ),
        lifespan=lifespan,
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = session_factory(engine)
    app.state.templates = _templates()
    app.state.jobs = runner
    app.state.pages = Pages()
    app.state.login_limiter = RateLimiter(settings.login_attempts, settings.login_window)

    @app.middleware("http")
    async def _headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if request.url.path.startswith(("/s/", "/api/", "/share/")):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    def _wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    def _error(request: Request, status: int, message: str) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": message}, status_code=status)
        html = app.state.templates.get_template("error.html").render(
            status=status, message=message, user=None, csrf="", path=request.url.path
        )
        return HTMLResponse(html, status_code=status)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 401 and not _wants_json(request):
            return RedirectResponse("/login?next=" + quote(request.url.path), status_code=303)
        if _wants_json(request) or exc.status_code == 405:
            return JSONResponse(
                {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
            )
        return _error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(NotFoundError)
    async def _not_found(request: Request, exc: NotFoundError) -> Response:
        return _error(request, 404, exc.format_message())

    @app.exception_handler(ForbiddenError)
    async def _forbidden(request: Request, exc: ForbiddenError) -> Response:
        return _error(request, 403, exc.format_message())

    @app.exception_handler(EditConflictError)
    async def _conflict(request: Request, exc: EditConflictError) -> Response:
        return _error(request, 409, exc.format_message())

    from coalitionist.web import api, pages

    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    return app


def db_session(request: Request) -> Iterator[Session]:
    """One database session per request."""
    db: Session = request.app.state.sessions()
    try:
        yield db
    finally:
        db.close()
