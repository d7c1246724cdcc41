"""Settings of one workbench instance."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

#: Largest request body accepted (uploads included), in bytes.
MAX_BODY_BYTES = 4 * 1024 * 1024


def default_db_url() -> str:
    """SQLite in the user's data directory (``platformdirs``), created on first use."""
    from platformdirs import user_data_dir

    directory = Path(user_data_dir("coalitionist", appauthor=False))
    directory.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{directory / 'workbench.db'}"


def normalise_db_url(url: str) -> str:
    """``postgresql://…`` (or ``postgres://``) → SQLAlchemy's psycopg 3 driver; a bare path → SQLite."""
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    return url


@dataclass(frozen=True)
class Settings:
    """What one running workbench needs to know.

    Attributes
    ----------
    db_url : str
        SQLAlchemy URL (``sqlite:///path`` or ``postgresql+psycopg://…``); default: SQLite in the user data
        directory.
    allow_signup : bool
        Whether anyone who can reach the server may create an account (the default on a loopback address).
    secure_cookies : bool or None
        Force the cookies' ``Secure`` flag on or off; ``None``: on for HTTPS and for loopback hosts.
    max_body_bytes : int
        Largest request body (uploads included).
    login_attempts, login_window : int, float
        At most ``login_attempts`` failed logins per address and e-mail within ``login_window`` seconds.
    session_days : int
        How long a session lasts without use.
    """

    db_url: str = field(default_factory=lambda: os.environ.get("COALITIONIST_DB", ""))
    allow_signup: bool = True
    secure_cookies: bool | None = None
    max_body_bytes: int = MAX_BODY_BYTES
    login_attempts: int = 5
    login_window: float = 300.0
    session_days: int = 14

    def resolved_db_url(self) -> str:
        """The database URL to connect to."""
        return normalise_db_url(self.db_url) if self.db_url else default_db_url()
