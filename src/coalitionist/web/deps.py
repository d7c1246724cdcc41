"""Per-request context shared by the pages and the API: database session, signed-in user, CSRF check."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from coalitionist.web.auth import SESSION_COOKIE, csrf_ok, load_session_user, new_session
from coalitionist.web.models import User, WebSession

STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def get_db(request: Request) -> Iterator[Session]:
    """One database session per request."""
    db: Session = request.app.state.sessions()
    try:
        yield db
    finally:
        db.close()


@dataclass
class Ctx:
    """Who is asking: the database session, the web session (if any) and the user (if signed in)."""

    request: Request
    db: Session
    session: WebSession | None
    user: User | None
    new_token: str | None = None

    @property
    def csrf(self) -> str:
        """The CSRF token to put in forms (empty without a session)."""
        return self.session.csrf_token if self.session else ""

    def ensure_session(self) -> None:
        """Start an anonymous session (for the CSRF token of the sign-in form) if there is none."""
        if self.session is None:
            days = self.request.app.state.settings.session_days
            self.new_token, self.session = new_session(self.db, None, days)
            self.db.commit()

    def apply_cookie(self, response: Response) -> Response:
        """Set the session cookie on ``response`` if a session was started in this request."""
        if self.new_token is not None:
            set_session_cookie(self.request, response, self.new_token)
        return response


def secure_cookie(request: Request) -> bool:
    """Whether to mark cookies ``Secure``: over HTTPS, and on loopback (browsers accept it there)."""
    forced = request.app.state.settings.secure_cookies
    if forced is not None:
        return bool(forced)
    host = (request.url.hostname or "").lower()
    return request.url.scheme == "https" or host in ("127.0.0.1", "localhost", "::1")


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    """The session cookie: HttpOnly, SameSite=Lax, Secure (see :func:`secure_cookie`)."""
    days = request.app.state.settings.session_days
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=days * 86400,
        httponly=True,
        samesite="lax",
        secure=secure_cookie(request),
        path="/",
    )


async def get_ctx(request: Request, db: Annotated[Session, Depends(get_db)]) -> Ctx:
    """The context of the request; state-changing requests must carry the session's CSRF token (header
    ``X-CSRF-Token`` or form field ``csrf_token``), else 403."""
    token = request.cookies.get(SESSION_COOKIE)

    # database work off the event loop: a blocked loop could not return pooled connections
    session, user = await run_in_threadpool(load_session_user, db, token)
    ctx = Ctx(request, db, session, user)
    if request.method in STATE_CHANGING:
        supplied = request.headers.get("x-csrf-token")
        if not supplied:
            ctype = request.headers.get("content-type", "")
            if ctype.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
                form = await request.form()
                value = form.get("csrf_token")
                supplied = value if isinstance(value, str) else None
        if not csrf_ok(session, supplied):
            raise HTTPException(403, "missing or wrong CSRF token: reload the page and try again")
    return ctx


def signed_in(ctx: Ctx) -> User:
    """The user, or 401."""
    if ctx.user is None:
        raise HTTPException(401, "sign in first")
    return ctx.user


#: The request context as a FastAPI dependency.
CtxDep = Annotated[Ctx, Depends(get_ctx)]
