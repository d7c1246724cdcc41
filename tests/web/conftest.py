"""Fixtures for the workbench tests: an app on a fresh SQLite file (or PostgreSQL), signed-in clients."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")

from fastapi.testclient import TestClient
from webtest import Browser

from coalitionist.web import Settings, create_app


def _unused_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = int(s.getsockname()[1])
    s.close()
    return port


@pytest.fixture(scope="session")
def free_port() -> Callable[[], int]:
    """A function giving a loopback port nothing listens on now (for servers the tests start)."""
    return _unused_port


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database: SQLite in a temporary directory, and PostgreSQL when ``COALITIONIST_TEST_PG``
    names a server (``.ci/run`` starts one)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'workbench.db'}"
        return
    url = os.environ.get("COALITIONIST_TEST_PG")
    if not url:
        pytest.skip(
            "PostgreSQL: no server (set COALITIONIST_TEST_PG=postgresql://…; .ci/run starts one)"
        )
    import psycopg

    name = f"cw_{os.getpid()}_{abs(hash(request.node.nodeid)) % 10**8}"
    admin = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = admin.rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def app(db_url: str):
    application = create_app(Settings(db_url=db_url, login_attempts=3, max_body_bytes=256 * 1024))
    yield application
    application.state.jobs.shutdown()
    application.state.engine.dispose()


@pytest.fixture
def client_factory(app):
    clients: list[TestClient] = []

    def make() -> Browser:
        c = TestClient(app, base_url="https://testserver")
        c.__enter__()
        clients.append(c)
        return Browser(c)

    yield make
    for c in clients:
        c.__exit__(None, None, None)


@pytest.fixture
def alice(client_factory) -> Browser:
    b = client_factory()
    b.signup("alice@example.org", "Alice")
    return b
