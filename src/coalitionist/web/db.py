"""The database: engine (SQLite in WAL mode with synchronous=FULL, or PostgreSQL), migrations, sessions."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction, sessionmaker

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite connections use WAL, ``synchronous=FULL`` and foreign keys, so that a
    committed revision survives the process being killed."""
    if url.startswith("sqlite"):
        if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            pool_size=20,
            max_overflow=40,
        )

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def migrate(engine: Engine) -> None:
    """Bring the schema up to date (Alembic ``upgrade head``), creating it on first start."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit.

    On SQLite, a session that writes holds the process's one writer lock from its first flush until its
    transaction ends. SQLite admits one writer at a time; without the lock, concurrent writers wait in
    SQLite's busy handler, which polls with sleeps growing to 100 ms — under 20 concurrent saves that, not
    the work, was the p95 of a save (2 s). With it, writers queue on a lock and each starts the moment the
    previous commits. PostgreSQL needs no such lock (its row locks and the unique revision number decide).
    """
    factory = sessionmaker(engine, expire_on_commit=False)
    if engine.dialect.name == "sqlite":
        _serialise_writers(factory)
    return factory


def _serialise_writers(factory: sessionmaker[Session]) -> None:
    lock = threading.Lock()

    def take(session: Session) -> None:
        if not session.info.get("writer"):
            lock.acquire()
            session.info["writer"] = True

    @event.listens_for(factory, "before_flush")
    def _flush(session: Session, _context: Any, _instances: Any) -> None:
        take(session)

    @event.listens_for(factory, "do_orm_execute")
    def _statement(state: ORMExecuteState) -> None:  # an UPDATE or DELETE written without a flush
        if state.is_update or state.is_delete or state.is_insert:
            take(state.session)

    @event.listens_for(factory, "after_transaction_end")
    def _give(session: Session, transaction: SessionTransaction) -> None:
        if transaction.parent is None and session.info.pop("writer", False):
            lock.release()
