"""Roles enforced on every route and API call (issue 15.5), walked from the routers themselves so that a
route added later is checked too: a signed-in stranger gets nothing from any route of someone else's
scenario (401/403/404, never its title), and a viewer's every state-changing request is refused — the
scenario's revisions, members and share link stay as they were."""

from __future__ import annotations

import re

import pytest
from webtest import Browser, form_fields

from coalitionist.web import api, pages

#: POST routes a viewer may use: they read or compute, and change nothing in the scenario.
VIEWER_MAY_POST = {
    "/s/{sid}/rule/describe",  # the live description of a rule typed in the form
    "/s/{sid}/brief/run",  # (re)start computing the brief of a revision
    "/s/{sid}/brief/cancel",
    "/s/{sid}/jobs",  # start an analysis run, which viewers may read
    "/s/{sid}/jobs/{job_id}/cancel",
    "/api/scenarios/{sid}/jobs",
    "/api/jobs/{job_id}/cancel",
}

PARAMS = {"number": "1", "part": "actors", "key": "power", "fmt": "json", "name": "positions-0"}


def _routes() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for router in (api.router, pages.router):
        for r in router.routes:
            path = getattr(r, "path", "")
            if "{sid}" in path or "{job_id}" in path:
                out.extend((m, path) for m in sorted(getattr(r, "methods", ())) if m != "HEAD")
    return out


def _url(path: str, sid: int, job_id: str) -> str:
    filled = path.replace("{sid}", str(sid)).replace("{job_id}", job_id)
    filled = re.sub(r"\{(\w+)\}", lambda m: PARAMS[m.group(1)], filled)
    return filled + ("?a=1&b=1" if path.endswith(("/diff", "/compare")) else "")


def _bodies(alice: Browser, sid: int) -> dict[str, dict]:
    """A well-formed body for each state-changing route, so that what refuses it is the role check."""
    doc = alice.api("GET", f"/api/scenarios/{sid}").json()["document"]
    fields = form_fields(alice.get(f"/s/{sid}/edit/actors").text)
    fields["actors[0].name"] = "Changed by someone without the role"
    return {
        "/api/scenarios/{sid}/revisions": {"base_revision": 1, "document": doc, "message": "x"},
        "/api/scenarios/{sid}/map": {"base_revision": 1, "nodes": [], "edges": []},
        "/api/scenarios/{sid}/members": {"email": "viewer@example.org", "role": "owner"},
        "/api/scenarios/{sid}/jobs": {"kind": "plan", "samples": 100},
        "/s/{sid}/edit/{part}": fields,
        "/s/{sid}/keep-mine": {**fields, "base_revision": "1"},
        "/s/{sid}/restore/{number}": {"base_revision": "1"},
        "/s/{sid}/members": {"email": "viewer@example.org", "role": "owner"},
        "/s/{sid}/share": {"action": "create"},
    }


def _call(b: Browser, method: str, path: str, url: str, bodies: dict[str, dict]):
    if url.startswith("/api/"):
        return b.api(method, url, json=bodies.get(path, {}))
    if method == "GET":
        return b.get(url, follow_redirects=False)
    return b.post(url, bodies.get(path, {}), follow_redirects=False)


def _state(alice: Browser, sid: int) -> tuple:
    revisions = alice.api("GET", f"/api/scenarios/{sid}/revisions").json()
    members = alice.get(f"/s/{sid}/members").text
    emails = sorted(set(re.findall(r"[\w.]+@example\.org", members)))
    share = sorted(set(re.findall(r"/share/[\w-]{10,}", members)))
    return len(revisions), emails, share


@pytest.fixture
def setup(client_factory, alice):
    sid = alice.new_from_example("clinic-program")
    title = alice.api("GET", f"/api/scenarios/{sid}").json()["document"]["title"]
    r = alice.api(
        "POST", f"/api/scenarios/{sid}/jobs", json={"kind": "plan", "samples": 100, "seed": 0}
    )
    assert r.status_code == 202, r.text
    job_id = r.json()["id"]
    alice.wait_job(r.json())
    stranger = client_factory()
    stranger.signup("stranger@example.org", "Stan")
    viewer = client_factory()
    viewer.signup("viewer@example.org", "Vi")
    alice.get(f"/s/{sid}/members")
    alice.post(f"/s/{sid}/members", {"email": "viewer@example.org", "role": "viewer"})
    return sid, title, job_id, stranger, viewer


def test_the_routes_walked_are_the_apps(setup) -> None:
    walked = {p for _, p in _routes()}
    assert len(walked) >= 30
    assert {
        "/s/{sid}/edit/{part}",
        "/api/scenarios/{sid}/revisions",
        "/api/jobs/{job_id}",
    } <= walked
    assert walked >= VIEWER_MAY_POST  # no stale exemption


def test_a_stranger_gets_nothing_from_any_route(setup, alice) -> None:
    sid, title, job_id, stranger, _ = setup
    before, bodies = _state(alice, sid), _bodies(alice, sid)
    for method, path in _routes():
        r = _call(stranger, method, path, _url(path, sid, job_id), bodies)
        assert r.status_code in (401, 403, 404), (method, path, r.status_code)
        assert title not in r.text, (method, path)
    assert _state(alice, sid) == before


def test_a_viewer_can_read_but_not_change_anything(setup, alice) -> None:
    sid, _, job_id, _, viewer = setup
    before, bodies = _state(alice, sid), _bodies(alice, sid)
    for method, path in _routes():
        if method == "GET" or path in VIEWER_MAY_POST:
            continue
        r = _call(viewer, method, path, _url(path, sid, job_id), bodies)
        assert r.status_code == 403, (method, path, r.status_code, r.text[:300])
    assert _state(alice, sid) == before
    # and the reading routes do answer a viewer
    assert viewer.get(f"/s/{sid}").status_code == 200
    assert viewer.api("GET", f"/api/scenarios/{sid}/revisions/1").status_code == 200
