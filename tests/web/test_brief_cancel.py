"""Cancelling a brief job stops the work inside make_brief (issue 15.4), not after it: the job ends
within a second of the request (the longest single step of the Gulf War brief, the plan, takes about
0.7 s of CPU; the bound is stretched by the load average when the machine is oversubscribed) and leaves
no cached result for the revision."""

from __future__ import annotations

import os
import time

from sqlalchemy import func, select

from coalitionist.web.models import CachedResult, Revision


def _results(app, sid: int) -> int:
    with app.state.sessions() as db:
        return (
            db.scalar(
                select(func.count())
                .select_from(CachedResult)
                .join(Revision, CachedResult.revision_id == Revision.id)
                .where(Revision.scenario_id == sid)
            )
            or 0
        )


def test_a_cancelled_brief_job_stops_within_a_second_and_keeps_nothing(app, alice) -> None:
    sid = alice.new_from_example("gulf-war-1990")
    r = alice.api("GET", f"/api/scenarios/{sid}/revisions/1/brief")
    assert r.status_code == 202, r.text
    job = r.json()["job"]
    deadline = time.monotonic() + 60
    while alice.api("GET", f"/api/jobs/{job['id']}").json()["status"] != "running":
        assert time.monotonic() < deadline
        time.sleep(0.02)
    time.sleep(0.5)  # well inside make_brief: its analyses and figures take seconds
    inside = alice.api("GET", f"/api/jobs/{job['id']}").json()
    assert inside["status"] == "running", inside
    assert inside["done"] == 0, inside  # the brief is not yet made
    asked = time.monotonic()
    assert alice.api("POST", f"/api/jobs/{job['id']}/cancel").status_code == 200
    status = inside
    while status["status"] == "running":
        time.sleep(0.01)
        status = alice.api("GET", f"/api/jobs/{job['id']}").json()
    took = time.monotonic() - asked
    stretch = max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))
    assert status["status"] == "cancelled", status
    assert took < 1.0 * stretch, (
        f"stopped {took:.2f} s after the cancel (load stretch {stretch:.1f})"
    )
    assert status["done"] == 0  # it stopped inside make_brief
    time.sleep(0.2)
    assert _results(app, sid) == 0  # no brief, no download, nothing half-written
    # the brief page says so (and offers to start it again) rather than starting it over by itself
    page = alice.get(f"/s/{sid}/brief")
    assert page.status_code == 202
    assert ">cancelled<" in page.text
    assert _results(app, sid) == 0
