"""Accounts and sessions: Argon2id password hashes, server-side sessions, CSRF tokens, login rate limit."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from coalitionist.errors import CoalitionistError
from coalitionist.web.models import User, WebSession, now

SESSION_COOKIE = "coalitionist_session"
_hasher = PasswordHasher()
#: Verified against when the e-mail is unknown, so a login takes as long either way.
_DUMMY_HASH = _hasher.hash("not a password")


class AccountError(CoalitionistError):
    """An account could not be created or used (the message says why, for the form)."""

    exit_code = 2


def hash_password(password: str) -> str:
    """The Argon2id hash of ``password`` (salted, with argon2-cffi's default cost)."""
    return _hasher.hash(password)


def check_password(stored: str, password: str) -> bool:
    """Whether ``password`` matches the stored hash."""
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def normalise_email(email: str) -> str:
    """E-mail addresses compare case-insensitively, without surrounding spaces."""
    return email.strip().lower()


def create_user(db: Session, email: str, password: str, display_name: str = "") -> User:
    """Create an account; the first account is the administrator."""
    email = normalise_email(email)
    if "@" not in email or len(email) > 320 or any(c.isspace() for c in email):
        raise AccountError("enter an e-mail address such as ana@example.org")
    if len(password) < 8:
        raise AccountError("choose a password of at least 8 characters")
    if len(password) > 1024:
        raise AccountError("passwords are limited to 1024 characters")
    if db.scalar(select(User.id).where(User.email == email)) is not None:
        raise AccountError("an account with this e-mail address exists: sign in instead")
    first = db.scalar(select(User.id).limit(1)) is None
    user = User(
        email=email,
        display_name=(display_name.strip() or email.split("@")[0])[:200],
        password_hash=hash_password(password),
        is_admin=first,
    )
    db.add(user)
    db.flush()
    return user


def authenticate(db: Session, email: str, password: str) -> User | None:
    """The account with this e-mail and password, else ``None`` (constant work either way)."""
    user = db.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        check_password(_DUMMY_HASH, password)
        return None
    return user if check_password(user.password_hash, password) else None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_session(db: Session, user_id: int | None, days: int) -> tuple[str, WebSession]:
    """A new session (the cookie token, and its row)."""
    token = secrets.token_urlsafe(32)
    row = WebSession(
        token_hash=_digest(token),
        user_id=user_id,
        csrf_token=secrets.token_urlsafe(32),
        expires_at=now() + timedelta(days=days),
    )
    db.add(row)
    db.flush()
    return token, row


def load_session_user(db: Session, token: str | None) -> tuple[WebSession | None, User | None]:
    """The live session for a cookie token and its signed-in user (one query)."""
    if not token or len(token) > 200:
        return None, None
    found = db.execute(
        select(WebSession, User)
        .outerjoin(User, User.id == WebSession.user_id)
        .where(WebSession.token_hash == _digest(token))
    ).first()
    if found is None:
        return None, None
    row, user = found
    expires = (
        row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=now().tzinfo)
    )
    if expires < now():
        db.delete(row)
        return None, None
    return row, user


def end_session(db: Session, token: str | None) -> None:
    """Delete the session of this cookie token."""
    if token:
        db.execute(delete(WebSession).where(WebSession.token_hash == _digest(token)))


def csrf_ok(session: WebSession | None, supplied: str | None) -> bool:
    """Whether the supplied CSRF token is this session's."""
    if session is None or not supplied:
        return False
    return hmac.compare_digest(session.csrf_token, supplied)


@dataclass
class RateLimiter:
    """At most ``limit`` failures per key within ``window`` seconds (in memory, per process)."""

    limit: int
    window: float

    def __post_init__(self) -> None:
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, t: float) -> deque[float]:
        q = self._hits.setdefault(key, deque())
        while q and q[0] <= t - self.window:
            q.popleft()
        return q

    def blocked(self, key: str) -> float:
        """Seconds until ``key`` may try again (0 when it may now)."""
        with self._lock:
            t = time.monotonic()
            q = self._recent(key, t)
            return max(0.0, q[0] + self.window - t) if len(q) >= self.limit else 0.0

    def fail(self, key: str) -> None:
        """Record a failure for ``key``."""
        with self._lock:
            t = time.monotonic()
            self._recent(key, t).append(t)

    def reset(self, key: str) -> None:
        """Forget ``key``'s failures (after a successful login)."""
        with self._lock:
            self._hits.pop(key, None)
