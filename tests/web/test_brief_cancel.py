"""Cancelling a brief job stops the work inside make_brief (issue 15.4), not after it, and leaves no
cached result for the revision.

"Inside, not after" is measured against the same machine in the same test, never against a fixed number of
seconds (tests never depend on speed): the cancelled job must end in under a third of the time the same
brief takes to finish uncancelled. Honoured only after make_brief, a cancel 0.5 s into the job would take
nearly the whole brief; at the brief's checkpoints (before each analysis, between robustness draws,
before each figure) it takes the longest single step, a tenth of the brief or less."""

from __future__ import annotations

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


def _wait_running(alice, job_id: int) -> None:
    deadline = time.monotonic() + 60
    while alice.api("GET", f"/api/jobs/{job_id}").json()["status"] != "running":
        assert time.monotonic() < deadline
        time.sleep(0.02)


def _full_brief_seconds(alice) -> float:
    """How long the Gulf War brief job takes to finish, uncancelled, on this machine now."""
    sid = alice.new_from_example("gulf-war-1990")
    r = alice.api("GET", f"/api/scenarios/{sid}/revisions/1/brief")
    assert r.status_code == 202, r.text
    job = r.json()["job"]
    _wait_running(alice, job["id"])
    began = time.monotonic()
    status = alice.api("GET", f"/api/jobs/{job['id']}").json()
    while status["status"] == "running":
        time.sleep(0.02)
        status = alice.api("GET", f"/api/jobs/{job['id']}").json()
    assert status["status"] == "done", status
    return time.monotonic() - began


def test_a_cancelled_brief_job_stops_inside_the_brief_and_keeps_nothing(app, alice) -> None:
    full = _full_brief_seconds(alice)
    sid = alice.new_from_example("gulf-war-1990")
    r = alice.api("GET", f"/api/scenarios/{sid}/revisions/1/brief")
    assert r.status_code == 202, r.text
    job = r.json()["job"]
    _wait_running(alice, job["id"])
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
    assert status["status"] == "cancelled", status
    assert took < full / 3, (
        f"stopped {took:.2f} s after the cancel; the whole brief takes {full:.2f} s"
    )
    assert status["done"] == 0  # it stopped inside make_brief
    time.sleep(0.2)
    assert _results(app, sid) == 0  # no brief, no download, nothing half-written
    # the brief page says so (and offers to start it again) rather than starting it over by itself
    page = alice.get(f"/s/{sid}/brief")
    assert page.status_code == 202
    assert ">cancelled<" in page.text
    assert _results(app, sid) == 0
