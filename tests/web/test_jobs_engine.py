"""Background Monte Carlo jobs run on the sample engine (issue 16.4 for the workbench): the plan's evaluation
reports progress chunk by chunk and a cancel stops it mid-run, and what a job computes is what the command
line prints for the same samples and seed."""

from __future__ import annotations

import json
import time

from typer.testing import CliRunner

from coalitionist.cli import app
from coalitionist.examples import example_path


def _poll(alice, job_id: str, until, timeout: float = 300) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        status = alice.api("GET", f"/api/jobs/{job_id}").json()
        if until(status):
            return status
        assert time.monotonic() < deadline, status
        time.sleep(0.05)


def test_a_plan_job_is_the_commands_evaluation(alice) -> None:
    sid = alice.new_from_example("clinic-program")
    r = alice.api(
        "POST", f"/api/scenarios/{sid}/jobs", json={"kind": "plan", "samples": 300, "seed": 1}
    )
    assert r.status_code == 202, r.text
    done = _poll(alice, r.json()["id"], lambda s: s["status"] in ("done", "failed", "cancelled"))
    assert done["status"] == "done", done.get("message")
    assert (done["done"], done["total"]) == (300, 300)  # progress counted the samples
    cli = CliRunner().invoke(
        app,
        ["plan", str(example_path("clinic-program")), "--samples", "300", "--seed", "1", "--json"],
    )
    assert cli.exit_code == 0, cli.output
    assert done["result"] == json.loads(cli.stdout)


def test_a_plan_job_stops_mid_run_when_cancelled(alice) -> None:
    sid = alice.new_from_example("clinic-program")
    n = 200_000  # the most the API takes
    r = alice.api(
        "POST", f"/api/scenarios/{sid}/jobs", json={"kind": "plan", "samples": n, "seed": 2}
    )
    job = r.json()
    running = _poll(alice, job["id"], lambda s: s["status"] == "running" and s["done"] > 0)
    assert 0 < running["done"] < n  # the bar moves during the run, not only at its end
    alice.api("POST", f"/api/jobs/{job['id']}/cancel")
    stopped = _poll(alice, job["id"], lambda s: s["status"] in ("done", "failed", "cancelled"))
    assert stopped["status"] == "cancelled", stopped
    assert stopped["done"] < n
    # (the engine runs 20 chunks in this thread and checks between them: 20,000 of 200,000 here)
