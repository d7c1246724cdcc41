"""``coalitionist serve`` as issue 15.1 describes it: loopback port 8000 by default, an SQLite database in
the user's data directory created and migrated on first start, the URL printed, the first account from
``--admin-email``; a database that cannot be opened is a located message and exit 2, not a traceback."""

from __future__ import annotations

import inspect
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

EXE = str(Path(sys.executable).with_name("coalitionist"))


def test_the_defaults_are_loopback_port_8000() -> None:
    from coalitionist.cli.serve_cmd import serve

    params = inspect.signature(serve).parameters
    assert params["host"].default == "127.0.0.1"
    assert params["port"].default == 8000
    assert params["db"].default is None


def test_first_start_creates_the_database_in_the_data_directory(
    tmp_path: Path, free_port: Callable[[], int]
) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("COALITIONIST_DB", "XDG_DATA_HOME")}
    env |= {
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "HOME": str(tmp_path),
        "COALITIONIST_ADMIN_PASSWORD": "first admin password",
    }
    proc = subprocess.Popen(
        [EXE, "serve", "--port", str(port), "--admin-email", " Ana@Example.org "],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert proc.stderr is not None
        url = proc.stdout.readline().strip()  # printed once the app is ready to start
        assert url == f"http://127.0.0.1:{port}/", proc.stderr.read() if proc.poll() else url
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read()
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.1)
        import httpx

        home = httpx.get(url, follow_redirects=True, timeout=10)
        assert home.status_code == 200
        assert "Sign in" in home.text or "sign in" in home.text
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    db = tmp_path / "data" / "coalitionist" / "workbench.db"
    assert db.is_file(), err
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()  # migrated
        email, hashed = conn.execute("SELECT email, password_hash FROM users").fetchone()
    assert email == "ana@example.org"
    assert hashed.startswith("$argon2")
    assert "Created the account ana@example.org" in err


def test_a_database_that_cannot_be_opened_is_exit_2(
    tmp_path: Path, free_port: Callable[[], int]
) -> None:
    port = free_port()  # nothing listens there
    out = subprocess.run(
        [EXE, "serve", "--db", f"postgresql://nobody@127.0.0.1:{port}/none"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert out.returncode == 2, out.stderr
    assert "--db: cannot open the database" in out.stderr
    assert "Traceback" not in out.stderr


def _expect(master: int, seen: bytearray, text: str, timeout: float = 60) -> None:
    import select

    end = time.monotonic() + timeout
    while text.encode() not in seen:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                seen += os.read(master, 4096)
            except OSError:  # the server closed its terminal
                break
        assert time.monotonic() < end, f"waited for {text!r}; the terminal shows {bytes(seen)!r}"
    assert text.encode() in seen, bytes(seen)


def test_on_a_terminal_the_first_account_is_asked_for(
    tmp_path: Path, free_port: Callable[[], int]
) -> None:
    import fcntl
    import termios

    port = free_port()
    db = tmp_path / "workbench.db"
    master, slave = os.openpty()

    def own_terminal() -> None:  # the server's controlling terminal is the pty, as in a shell
        os.setsid()
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)

    proc = subprocess.Popen(
        [EXE, "serve", "--port", str(port), "--db", str(db)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        preexec_fn=own_terminal,
        env={k: v for k, v in os.environ.items() if k != "COALITIONIST_ADMIN_PASSWORD"},
    )
    os.close(slave)
    seen = bytearray()
    try:
        _expect(master, seen, "E-mail")
        os.write(master, b"Ana@Example.org\n")
        _expect(master, seen, "Password for Ana@Example.org: ")  # the hidden prompt is ready
        os.write(master, b"typed at the terminal 1\n")
        _expect(master, seen, "Repeat for confirmation: ")
        os.write(master, b"typed at the terminal 1\n")
        _expect(master, seen, f"http://127.0.0.1:{port}/")
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
        os.close(master)
    text = seen.decode(errors="replace")
    assert "No account yet: create the first (administrator) account." in text
    assert "Created the account ana@example.org." in text
    assert "typed at the terminal" not in text  # the password is not echoed
    with sqlite3.connect(db) as conn:
        email, hashed = conn.execute("SELECT email, password_hash FROM users").fetchone()
    assert email == "ana@example.org"
    assert hashed.startswith("$argon2")
