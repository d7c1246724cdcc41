"""Workbench latency under 20 concurrent users, against the CLI computing the same brief in the same run.

Loopback only, bounded in count and time. Starts ``coalitionist serve`` on a free 127.0.0.1 port with a
throw-away SQLite database, signs up ``--users`` accounts, gives each its own copy of the Gulf War example
and shares one more copy with everyone; then every user, concurrently (plain asyncio + httpx), repeats
``--rounds`` times: open its scenario (``GET /api/scenarios/{id}``), save an edit (a new revision), and read
the shared brief page (served from the revision's cache after one warm-up computation).

Two loads: *closed loop* (saturated: each user sends its next request the moment the last one answers, one
kind of request at a time — the server's capacity, queueing included) and *open loop* (``--think`` seconds
of thinking between a user's requests, exponentially distributed and seeded, each request an open, a save
or a brief view at random, for ``--open-seconds``: what 20 people working see).

Printed: p50/p95/max latency (wall, ms) per kind of request and load; the server process's CPU time per request
(from /proc); the CLI's ``make_brief`` + ``render(html)`` on the same file, CPU and wall, median of the same
number of repeats as warm-up brief computations; and the ratio of the cached brief's CPU time to the CLI's.
Goals (the issue's): p95 of an edit save < 100 ms; the cached brief < 50 ms.

Run: ``.venv/bin/python benchmarks/web.py`` (``--users 20 --rounds 10 --think 2 --open-seconds 30``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from coalitionist.brief import make_brief
from coalitionist.examples import example_path
from coalitionist.io import load_scenario
from coalitionist.report import render

COOKIE = "coalitionist_session"


def _free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = int(s.getsockname()[1])
    s.close()
    return port


def _cpu_seconds(pid: int) -> float:
    """utime + stime of a process, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


class User:
    """One signed-in browser-like client (cookie and CSRF token handled by hand: the Secure cookie is not
    sent back by httpx over plain http on loopback)."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.cookie = ""
        self.csrf = ""

    def _keep(self, r: httpx.Response) -> None:
        m = re.search(COOKIE + r"=([^;]+)", r.headers.get("set-cookie", ""))
        if m:
            self.cookie = m.group(1)

    def headers(self) -> dict[str, str]:
        return {"Cookie": f"{COOKIE}={self.cookie}", "X-CSRF-Token": self.csrf}

    async def signup(self, email: str) -> None:
        r = await self.client.get("/signup")
        self._keep(r)
        self.csrf = re.search(r'name="csrf-token" content="([^"]*)"', r.text).group(1)  # type: ignore[union-attr]
        r = await self.client.post(
            "/signup",
            data={"csrf_token": self.csrf, "email": email, "password": "benchmark password"},
            headers={"Cookie": f"{COOKIE}={self.cookie}"},
        )
        self._keep(r)
        r = await self.client.get("/api/session", headers={"Cookie": f"{COOKIE}={self.cookie}"})
        self.csrf = r.json()["csrf_token"]


async def run(args: argparse.Namespace) -> dict[str, Any]:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    tmp = tempfile.mkdtemp(prefix="coalitionist-bench-")
    exe = Path(sys.executable).with_name("coalitionist")
    proc = subprocess.Popen(
        [str(exe), "serve", "--port", str(port), "--db", f"sqlite:///{tmp}/bench.db"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        document = json.loads(json.dumps(_gulf_document()))
        limits = httpx.Limits(max_connections=args.users + 5)
        async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:
            users = [User(client) for _ in range(args.users + 1)]
            for k, u in enumerate(users):
                await u.signup(f"user{k}@example.org")
            owner = users[0]
            r = await client.post(
                "/api/scenarios", json={"document": document}, headers=owner.headers()
            )
            shared = r.json()["id"]
            own: list[int] = []
            for k, u in enumerate(users[1:]):
                await client.get("/", headers=u.headers())  # (signed in)
                r = await client.post(
                    f"/api/scenarios/{shared}/members",
                    json={"email": f"user{k + 1}@example.org", "role": "viewer"},
                    headers=owner.headers(),
                )
                assert r.status_code == 200, r.text
                r = await client.post(
                    "/api/scenarios", json={"document": document}, headers=u.headers()
                )
                own.append(r.json()["id"])
            # warm-up: the brief job computes the brief of the shared revision once, in the background
            # (the brief, its figures, every download); the first page view then renders the page once
            t0, c0 = time.perf_counter(), _cpu_seconds(proc.pid)
            r = await client.get(f"/s/{shared}/brief", headers=owner.headers())
            assert r.status_code == 202, (
                r.status_code
            )  # a progress page: never computed in the request
            pending_ms = 1000 * (time.perf_counter() - t0)
            r = await client.get(
                f"/api/scenarios/{shared}/revisions/1/brief", headers=owner.headers()
            )
            job = r.json()["job"]
            while job["status"] not in ("done", "failed", "cancelled"):
                await asyncio.sleep(0.1)
                job = (await client.get(f"/api/jobs/{job['id']}", headers=owner.headers())).json()
            assert job["status"] == "done", job
            first_wall, first_cpu = time.perf_counter() - t0, _cpu_seconds(proc.pid) - c0
            t0, c0 = time.perf_counter(), _cpu_seconds(proc.pid)
            r = await client.get(f"/s/{shared}/brief", headers=owner.headers())
            assert r.status_code == 200, r.status_code
            render_wall, render_cpu = time.perf_counter() - t0, _cpu_seconds(proc.pid) - c0
            page_bytes = len(r.content)
            times: dict[str, list[float]] = {"open": [], "save": [], "brief": []}
            cpu: dict[str, float] = {}

            async def one(
                kind: str,
                u: User,
                sid: int,
                state: dict[str, int],
                into: dict[str, list[float]] = times,
            ) -> None:
                t = time.perf_counter()
                if kind == "open":
                    r = await client.get(f"/api/scenarios/{sid}", headers=u.headers())
                elif kind == "save":
                    state["k"] += 1
                    doc = dict(document)
                    doc["description"] = f"edit {state['k']}"
                    r = await client.post(
                        f"/api/scenarios/{sid}/revisions",
                        json={"base_revision": state["head"], "document": doc, "message": "bench"},
                        headers=u.headers(),
                    )
                    if r.status_code == 201:
                        state["head"] = r.json()["number"]
                else:
                    r = await client.get(f"/s/{shared}/brief", headers=u.headers())
                into[kind].append(1000 * (time.perf_counter() - t))
                assert r.status_code in (200, 201), (kind, r.status_code, r.text[:200])

            deadline = time.monotonic() + args.max_seconds
            for kind in ("open", "save", "brief"):
                c0 = _cpu_seconds(proc.pid)
                states = [{"head": 1, "k": 0} for _ in own]
                if kind == "save":
                    for st, sid, u in zip(states, own, users[1:], strict=True):
                        st["head"] = (
                            await client.get(f"/api/scenarios/{sid}", headers=u.headers())
                        ).json()["number"]

                async def user_loop(
                    i: int, kind: str = kind, states: list[dict[str, int]] = states
                ) -> None:
                    for _ in range(args.rounds):
                        if time.monotonic() > deadline:
                            return
                        await one(kind, users[i + 1], own[i], states[i])

                await asyncio.gather(*(user_loop(i) for i in range(len(own))))
                cpu[kind] = (_cpu_seconds(proc.pid) - c0) / max(1, len(times[kind]))
            # open loop: people think between requests (seeded exponential think times)
            opened: dict[str, list[float]] = {"open": [], "save": [], "brief": []}
            heads = [
                {
                    "head": (await client.get(f"/api/scenarios/{sid}", headers=u.headers())).json()[
                        "number"
                    ],
                    "k": 1000,
                }
                for sid, u in zip(own, users[1:], strict=True)
            ]
            rng = random.Random(args.seed)
            waits = [[rng.expovariate(1 / args.think) for _ in range(10_000)] for _ in own]
            picks = [[rng.choice(("open", "save", "brief")) for _ in range(10_000)] for _ in own]
            end = time.monotonic() + args.open_seconds
            c0 = _cpu_seconds(proc.pid)

            async def person(i: int) -> None:
                for wait, kind in zip(waits[i], picks[i], strict=True):
                    await asyncio.sleep(wait)
                    if time.monotonic() > end:
                        return
                    await one(kind, users[i + 1], own[i], heads[i], opened)

            await asyncio.gather(*(person(i) for i in range(len(own))))
            open_cpu = (_cpu_seconds(proc.pid) - c0) / max(1, sum(map(len, opened.values())))
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(20)
    # the command line on the same file, in this process: same number of repeats as warm-ups
    path = example_path("gulf-war-1990")
    cli_cpu, cli_wall = [], []
    for _ in range(args.cli_repeats):
        c, t = time.process_time(), time.perf_counter()
        render(make_brief(load_scenario(path)), "html")
        cli_cpu.append(time.process_time() - c)
        cli_wall.append(time.perf_counter() - t)
    return {
        "users": args.users,
        "rounds": args.rounds,
        "times": times,
        "cpu": cpu,
        "open_loop": opened,
        "open_cpu": open_cpu,
        "first_brief": (first_wall, first_cpu),
        "first_render": (render_wall, render_cpu),
        "pending_ms": pending_ms,
        "page_bytes": page_bytes,
        "cli": (statistics.median(cli_cpu), statistics.median(cli_wall)),
    }


def _gulf_document() -> dict[str, Any]:
    from coalitionist.io.write import scenario_data

    return scenario_data(load_scenario(example_path("gulf-war-1990")))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--users", type=int, default=20)
    p.add_argument("--rounds", type=int, default=10)
    p.add_argument("--cli-repeats", type=int, default=3)
    p.add_argument("--max-seconds", type=float, default=120.0, help="stop the load after this long")
    p.add_argument("--think", type=float, default=2.0, help="mean think time, open loop (s)")
    p.add_argument("--open-seconds", type=float, default=30.0, help="length of the open loop (s)")
    p.add_argument("--seed", type=int, default=0, help="seed of the open loop's think times")
    args = p.parse_args()
    res = asyncio.run(run(args))
    print(
        f"(machine: {os.cpu_count()} CPUs shared with other work; load average {os.getloadavg()[0]:.1f} at the end)"
    )
    print(
        f"# Workbench, Gulf War example, {res['users']} concurrent users x {res['rounds']} rounds (loopback)"
    )
    print()
    print("## Closed loop (saturated: no think time, one kind of request at a time)")
    print()
    print("| request | n | p50 ms | p95 ms | max ms | server CPU ms/request | goal |")
    print("|---|---:|---:|---:|---:|---:|---|")
    goals = {"open": "", "save": "p95 < 100 ms", "brief": "p95 < 50 ms (cached)"}
    labels = {
        "open": "open a scenario (GET /api/scenarios/{id})",
        "save": "save an edit (POST revision)",
        "brief": "brief page, from cache",
    }
    for kind, ts in res["times"].items():
        p95 = _pct(ts, 0.95)
        met = ""
        if kind == "save":
            met = " — met" if p95 < 100 else " — NOT met"
        if kind == "brief":
            met = " — met" if p95 < 50 else " — NOT met"
        print(
            f"| {labels[kind]} | {len(ts)} | {_pct(ts, 0.5):.1f} | {p95:.1f} | {max(ts):.1f} | "
            f"{1000 * res['cpu'][kind]:.1f} | {goals[kind]}{met} |"
        )
    print()
    n_open = sum(map(len, res["open_loop"].values()))
    print(
        f"## Open loop: {res['users']} people, {args.think:g} s mean think time (exponential, seed "
        f"{args.seed}), {args.open_seconds:g} s, {n_open} requests ({n_open / args.open_seconds:.1f}/s)"
    )
    print()
    print("| request | n | p50 ms | p95 ms | max ms | goal |")
    print("|---|---:|---:|---:|---:|---|")
    for kind, ts in res["open_loop"].items():
        if not ts:
            continue
        p95 = _pct(ts, 0.95)
        met = ""
        if kind == "save":
            met = " — met" if p95 < 100 else " — NOT met"
        if kind == "brief":
            met = " — met" if p95 < 50 else " — NOT met"
        print(
            f"| {labels[kind]} | {len(ts)} | {_pct(ts, 0.5):.1f} | {p95:.1f} | {max(ts):.1f} | "
            f"{goals[kind]}{met} |"
        )
    print(f"\nServer CPU per request in the open loop: {1000 * res['open_cpu']:.1f} ms.")
    fw, fc = res["first_brief"]
    rw, rc = res["first_render"]
    cc, cw = res["cli"]
    print()
    print("| brief of the same file | CPU s | wall s |")
    print("|---|---:|---:|")
    print(
        f"| workbench, brief job: the analyses, figures and every download incl. PDF (once per revision) "
        f"| {fc:.2f} | {fw:.2f} |"
    )
    print(
        f"| workbench, first page view after the job (renders and keeps the page) | {rc:.3f} | {rw:.3f} |"
    )
    print(f"| CLI make_brief + render(html), median of {args.cli_repeats} | {cc:.2f} | {cw:.2f} |")
    print()
    print(
        f"The first request for the brief page answered in {res['pending_ms']:.0f} ms with the job's "
        f"progress page (nothing computed in the request); the cached page is {res['page_bytes'] / 1024:.0f} KiB."
    )
    cached_cpu = res["cpu"]["brief"]
    print()
    print(
        f"Cached brief vs the CLI computing it: CPU ratio {cached_cpu / cc:.4f} "
        f"(server {1000 * cached_cpu:.1f} ms per request / CLI {1000 * cc:.0f} ms); "
        f"wall p50 {_pct(res['times']['brief'], 0.5):.1f} ms vs {1000 * cw:.0f} ms."
    )


if __name__ == "__main__":
    main()
