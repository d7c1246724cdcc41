"""Durability: the server killed with SIGKILL while saves are in flight loses no committed revision
(SQLite in WAL mode with synchronous=FULL; PostgreSQL commits durably by default)."""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.slow


def _start(db_url: str, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "COALITIONIST_ADMIN_PASSWORD": "durable password"}
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("coalitionist")),
            "serve",
            "--port",
            str(port),
            "--db",
            db_url,
            "--admin-email",
            "keeper@example.org",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(proc.stderr.read().decode() if proc.stderr else "server exited")
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise AssertionError("server did not start")


def _login(base: str) -> tuple[httpx.Client, dict[str, str]]:
    c = httpx.Client(base_url=base, timeout=30)
    r = c.get("/api/session")
    token = r.json()["csrf_token"]
    cookie = (
        r.cookies.get("coalitionist_session")
        or r.headers["set-cookie"].split(";")[0].split("=", 1)[1]
    )
    r = c.post(
        "/api/session",
        json={"email": "keeper@example.org", "password": "durable password"},
        headers={"X-CSRF-Token": token, "Cookie": f"coalitionist_session={cookie}"},
    )
    assert r.status_code == 200, r.text
    cookie = r.headers["set-cookie"].split(";")[0].split("=", 1)[1]
    headers = {"X-CSRF-Token": r.json()["csrf_token"], "Cookie": f"coalitionist_session={cookie}"}
    return c, headers


def _doc(k: int) -> dict[str, object]:
    return {"title": f"Durable {k}", "actors": [{"id": "a", "capability": k + 1}, {"id": "b"}]}


def test_sigkill_during_saves_loses_no_committed_revision(db_url, free_port):
    if sys.platform == "win32":
        pytest.skip("SIGKILL is POSIX")
    rng = random.Random(7)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    committed: dict[
        int, str
    ] = {}  # revision number -> its message, for every save the server confirmed
    sid = None
    for round_ in range(3):
        proc = _start(db_url, port)
        try:
            client, headers = _login(base)
            if sid is None:
                r = client.post("/api/scenarios", json={"document": _doc(0)}, headers=headers)
                assert r.status_code == 201, r.text
                sid = r.json()["id"]
                committed[1] = "Created"
            # every revision confirmed before the last kill is still there, unchanged
            revs = client.get(f"/api/scenarios/{sid}/revisions", headers=headers).json()
            stored = {r["number"]: r["message"] for r in revs}
            missing = {n: m for n, m in committed.items() if stored.get(n) != m}
            assert not missing, f"round {round_}: lost {missing}"
            head = max(stored)
            stop = threading.Event()

            def saver(
                head: int = head,
                client: httpx.Client = client,
                stop: threading.Event = stop,
                sid: int = sid,
                headers: dict[str, str] = headers,
            ) -> None:
                k = head
                while not stop.is_set():
                    msg = f"save {k + 1}"
                    body = {"base_revision": k, "document": _doc(k), "message": msg}
                    try:
                        r = client.post(
                            f"/api/scenarios/{sid}/revisions", json=body, headers=headers
                        )
                    except httpx.HTTPError:
                        return  # the server died mid-request: not confirmed, so not counted
                    if r.status_code == 201:
                        committed[r.json()["number"]] = msg
                        k = r.json()["number"]
                    else:
                        return

            t = threading.Thread(target=saver)
            t.start()
            time.sleep(rng.uniform(0.5, 1.5))
            proc.send_signal(signal.SIGKILL)
            proc.wait(10)
            stop.set()
            t.join(30)
            client.close()
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(10)
    assert len(committed) > 5, "too few saves confirmed to test anything"
    proc = _start(db_url, port)
    try:
        client, headers = _login(base)
        revs = client.get(f"/api/scenarios/{sid}/revisions", headers=headers).json()
        stored = {r["number"]: r["message"] for r in revs}
        assert all(stored.get(n) == m for n, m in committed.items())
        doc = client.get(f"/api/scenarios/{sid}/revisions/{max(committed)}", headers=headers).json()
        assert doc["document"]["title"] == f"Durable {max(committed) - 1}"
        client.close()
    finally:
        proc.terminate()
        proc.wait(10)
