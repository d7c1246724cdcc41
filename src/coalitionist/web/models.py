"""Database tables: accounts, sessions, scenarios, their immutable revisions, members and cached results."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def now() -> datetime:
    """The current time (UTC, timezone-aware)."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Base of every table."""


class User(Base):
    """An account; the password is stored as an Argon2id hash only."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True, index=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class WebSession(Base):
    """A server-side session; the cookie holds a random token, the table only its SHA-256."""

    __tablename__ = "sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class ScenarioRow(Base):
    """A scenario: its title and the number of its newest revision (``head``)."""

    __tablename__ = "scenarios"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    head: Mapped[int] = mapped_column(Integer, default=1)
    share_token: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class Membership(Base):
    """A user's role on a scenario: ``owner``, ``editor`` or ``viewer``."""

    __tablename__ = "memberships"
    scenario_id: Mapped[int] = mapped_column(
        ForeignKey("scenarios.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(10))


class Revision(Base):
    """One saved version of a scenario; never changed once written.

    ``number`` counts from 1 per scenario; ``base`` is the revision the edit started from. The unique
    (scenario, number) pair is the optimistic lock: two saves from the same base cannot both be written.
    """

    __tablename__ = "revisions"
    __table_args__ = (UniqueConstraint("scenario_id", "number", name="uq_revision_number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scenario_id: Mapped[int] = mapped_column(
        ForeignKey("scenarios.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    base: Mapped[int | None] = mapped_column(Integer, nullable=True)
    document: Mapped[str] = mapped_column(Text)
    layout: Mapped[str] = mapped_column(Text, default="{}")
    message: Mapped[str] = mapped_column(String(1000), default="")
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class CachedResult(Base):
    """An analysis result computed for one revision with one set of options."""

    __tablename__ = "results"
    __table_args__ = (UniqueConstraint("revision_id", "kind", "options", name="uq_result"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    options: Mapped[str] = mapped_column(String(500))
    media_type: Mapped[str] = mapped_column(String(100))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
