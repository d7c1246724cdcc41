"""The workbench's pages and API through FastAPI's TestClient: editing, validation, revisions, conflicts,
history, import/export, analyses — on SQLite, and on PostgreSQL when a server is available."""

from __future__ import annotations

import json
import re

import yaml
from typer.testing import CliRunner
from webtest import PASSWORD, Browser, form_fields

from coalitionist.cli import app as cli_app
from coalitionist.examples import example_path


def test_first_start_creates_schema_and_home_asks_to_sign_in(client_factory):
    b = client_factory()
    r = b.get("/")
    assert r.status_code == 200
    assert "Sign in" in r.text
    r = b.get("/s/1", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"].startswith("/login")


def test_signup_login_logout_and_cookie_flags(client_factory):
    b = client_factory()
    b.get("/signup")
    r = b.post(
        "/signup", {"email": "Ana@Example.org", "password": PASSWORD}, follow_redirects=False
    )
    assert r.status_code == 303
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "secure" in cookie
    assert "ana" in b.get("/").text
    b.get("/")
    b.post("/logout", follow_redirects=False)
    assert "Sign in" in b.get("/").text
    b.get("/login")
    r = b.post("/login", {"email": "ana@example.org", "password": "wrong password"})
    assert r.status_code == 401
    assert "Wrong e-mail or password" in r.text
    r = b.post("/login", {"email": "ana@example.org", "password": PASSWORD}, follow_redirects=False)
    assert r.status_code == 303


def test_login_is_rate_limited(client_factory):
    b = client_factory()
    b.signup("ana@example.org")
    other = client_factory()
    other.get("/login")
    codes = [
        other.post("/login", {"email": "ana@example.org", "password": f"guess {k}"}).status_code
        for k in range(4)
    ]
    assert codes == [401, 401, 401, 429]  # the fixture allows 3 failures per window
    r = other.post("/login", {"email": "ana@example.org", "password": PASSWORD})
    assert r.status_code == 429  # even the right password waits


def test_passwords_are_stored_as_argon2_hashes(app, alice):
    from sqlalchemy import select

    from coalitionist.web.models import User

    with app.state.sessions() as db:
        stored = db.scalar(select(User.password_hash))
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_csrf_less_posts_are_refused(alice):
    sid = alice.new_from_example()
    r = alice.client.post("/new", data={"example": "gulf-war-1990"})
    assert r.status_code == 403
    r = alice.client.post(
        f"/s/{sid}/edit/settings", data={"title": "Hijacked", "base_revision": "1"}
    )
    assert r.status_code == 403
    r = alice.client.post(
        f"/api/scenarios/{sid}/revisions",
        json={"base_revision": 1, "document": {"title": "x", "actors": [{"id": "a"}]}},
    )
    assert r.status_code == 403
    r = alice.post(f"/s/{sid}/edit/settings", {"csrf_token": "forged", "title": "Hijacked"})
    assert r.status_code == 403
    assert "Hijacked" not in alice.get(f"/s/{sid}").text


def test_stranger_cannot_read_and_viewer_cannot_edit(client_factory, alice):
    sid = alice.new_from_example()
    bob = client_factory()
    bob.signup("bob@example.org", "Bob")
    for url in (f"/s/{sid}", f"/s/{sid}/brief", f"/s/{sid}/map", f"/s/{sid}/export/yaml"):
        assert bob.get(url).status_code == 404, url
    assert bob.api("GET", f"/api/scenarios/{sid}").status_code == 404
    assert bob.api("GET", f"/api/scenarios/{sid}/revisions/1/analyses/power").status_code == 404
    alice.get(f"/s/{sid}/members")
    assert (
        alice.post(f"/s/{sid}/members", {"email": "bob@example.org", "role": "viewer"}).status_code
        == 200
    )
    assert bob.get(f"/s/{sid}").status_code == 200
    page = bob.get(f"/s/{sid}/edit/settings")
    assert "ask its owner for the editor role" in page.text
    fields = form_fields(page.text)
    fields["title"] = "Bob was here"
    assert bob.post(f"/s/{sid}/edit/settings", fields).status_code == 403
    doc = bob.api("GET", f"/api/scenarios/{sid}").json()["document"]
    r = bob.api(
        "POST", f"/api/scenarios/{sid}/revisions", json={"base_revision": 1, "document": doc}
    )
    assert r.status_code == 403
    assert bob.post(f"/s/{sid}/restore/1", {"base_revision": "1"}).status_code == 403
    assert bob.post(f"/s/{sid}/share", {"action": "create"}).status_code == 403
    assert (
        bob.post(f"/s/{sid}/members", {"email": "bob@example.org", "role": "owner"}).status_code
        == 403
    )
    # promoted to editor, Bob can save
    alice.post(f"/s/{sid}/members", {"email": "bob@example.org", "role": "editor"})
    page = bob.get(f"/s/{sid}/edit/settings")
    fields = form_fields(page.text)
    fields["title"] = "Gulf War, Bob's version"
    assert bob.post(f"/s/{sid}/edit/settings", fields, follow_redirects=False).status_code == 303
    assert "Gulf War, Bob&#39;s version" in bob.get(f"/s/{sid}").text


def _edit(b: Browser, sid: int, part: str, change: dict[str, str], expect: int = 303):
    page = b.get(f"/s/{sid}/edit/{part}")
    fields = form_fields(page.text)
    missing = [k for k in change if k not in fields and not k.endswith(("._delete", ".veto"))]
    assert not missing, f"no such fields on the {part} form: {missing}"
    fields.update(change)
    r = b.post(f"/s/{sid}/edit/{part}", fields, follow_redirects=False)
    assert r.status_code == expect, r.text[:2000]
    return r


def test_unchanged_form_round_trips_the_scenario(alice):
    """Posting every table untouched keeps the document as it was (no field is lost or altered)."""
    sid = alice.new_from_example()
    before = alice.api("GET", f"/api/scenarios/{sid}").json()["document"]
    for n, part in enumerate(
        ("settings", "actors", "issues", "positions", "ties", "rule", "recruitment")
    ):
        _edit(alice, sid, part, {})
        after = alice.api("GET", f"/api/scenarios/{sid}").json()
        assert after["number"] == n + 2
        assert after["document"] == before, part


def test_edit_errors_point_to_the_field(alice):
    sid = alice.new_from_example()
    r = _edit(alice, sid, "actors", {"actors[1].capability": "-5"}, expect=400)
    m = re.search(r'<input name="actors\[1\]\.capability"[^>]*>', r.text)
    assert m
    assert 'aria-invalid="true"' in m.group(0)
    assert "invalid" in m.group(0)
    assert "Not saved" in r.text
    r = _edit(alice, sid, "ties", {"relationships[0].target": "atlantis"}, expect=400)
    m = re.search(r'<input name="relationships\[0\]\.target"[^>]*>', r.text)
    assert m
    assert 'aria-invalid="true"' in m.group(0)
    r = _edit(alice, sid, "recruitment", {"recruitment.candidates[1].p": "1.5"}, expect=400)
    assert "Not saved" in r.text
    assert alice.api("GET", f"/api/scenarios/{sid}").json()["number"] == 1  # nothing was saved


def test_rule_form_and_live_description(alice):
    sid = alice.new_from_example("un-security-council")
    page = alice.get(f"/s/{sid}/edit/rule")
    fields = form_fields(page.text)
    assert fields["decision.kind"] == "all_of"
    assert fields["decision.rules[0].kind"] == "count"
    r = alice.post(
        f"/s/{sid}/rule/describe",
        {"decision.kind": "count", "decision.quota": "3"},
    )
    assert r.status_code == 200
    assert "at least 3 of the" in r.text
    _edit(
        alice,
        sid,
        "rule",
        {"decision.rules[0].kind": "unanimity", "decision.rules[1]._delete": "on"},
    )
    doc = alice.api("GET", f"/api/scenarios/{sid}").json()["document"]
    assert doc["decision"] == {
        "kind": "all_of",
        "rules": [{"kind": "unanimity", "note": "Nine affirmative votes of fifteen."}],
    }


def test_revision_diff_in_names_and_restore(alice):
    sid = alice.new_from_example()
    page = alice.get(f"/s/{sid}/edit/recruitment")
    fields = form_fields(page.text)
    row = next(k for k, v in fields.items() if k.endswith(".actor") and v == "saudi")
    p = row.removesuffix(".actor")
    assert fields[f"{p}.p"] == "0.75"  # the example file's estimate
    _edit(alice, sid, "recruitment", {f"{p}.p": "0.9", "message": "Basing talks went well"})
    _edit(alice, sid, "actors", {"actors[0].capability": "120"})
    r = alice.get(f"/s/{sid}/diff?a=1&b=3")
    assert "Saudi Arabia&#39;s p 0.75 → 0.9" in r.text
    assert (
        "United States&#39; capability 100 → 120" in r.text
    )  # the brief's possessive (wording.possessive)
    changes = alice.api("GET", f"/api/scenarios/{sid}/diff?a=1&b=2").json()
    assert [c["sentence"] for c in changes] == ["Saudi Arabia's p 0.75 → 0.9"]
    history = alice.get(f"/s/{sid}/history").text
    assert "Basing talks went well" in history
    assert (
        alice.post(
            f"/s/{sid}/restore/1", {"base_revision": "3"}, follow_redirects=False
        ).status_code
        == 303
    )
    revs = alice.api("GET", f"/api/scenarios/{sid}/revisions").json()
    assert [r["number"] for r in revs] == [4, 3, 2, 1]
    assert revs[0]["message"] == "Restored revision 1"
    r1 = alice.api("GET", f"/api/scenarios/{sid}/revisions/1").json()["document"]
    r4 = alice.api("GET", f"/api/scenarios/{sid}/revisions/4").json()["document"]
    assert r4 == r1
    # revisions are immutable: revision 2 still says 0.9
    r2 = alice.api("GET", f"/api/scenarios/{sid}/revisions/2").json()["document"]
    assert r2["recruitment"]["actors"]["saudi"]["p"] == 0.9


def test_second_save_from_the_same_base_gets_a_conflict(client_factory, alice):
    sid = alice.new_from_example()
    bob = client_factory()
    bob.signup("bob@example.org", "Bob")
    alice.post(f"/s/{sid}/members", {"email": "bob@example.org", "role": "editor"})
    page_a = alice.get(f"/s/{sid}/edit/actors").text
    page_b = bob.get(f"/s/{sid}/edit/actors").text
    fa, fb = form_fields(page_a), form_fields(page_b)
    fa["actors[16].capability"] = "22"
    fb["actors[16].capability"] = "30"
    assert alice.post(f"/s/{sid}/edit/actors", fa, follow_redirects=False).status_code == 303
    r = bob.post(f"/s/{sid}/edit/actors", fb)
    assert r.status_code == 409
    assert "someone else saved first" in r.text
    assert "Saudi Arabia&#39;s capability 20 → 22" in r.text  # theirs
    assert "Saudi Arabia&#39;s capability 20 → 30" in r.text  # mine
    doc = bob.api("GET", f"/api/scenarios/{sid}").json()
    assert doc["number"] == 2
    assert doc["document"]["actors"][16]["capability"] == 22
    # the API says the same
    body = {"base_revision": 1, "document": doc["document"], "message": "stale"}
    r = bob.api("POST", f"/api/scenarios/{sid}/revisions", json=body)
    assert r.status_code == 409
    assert r.json()["head_revision"] == 2
    assert r.json()["theirs"]["actors"][16]["capability"] == 22
    # keeping mine knowingly writes revision 3
    keep = form_fields(bob.post(f"/s/{sid}/edit/actors", fb).text, "keep-mine")
    assert keep["base_revision"] == "2"
    assert bob.post(f"/s/{sid}/keep-mine", keep, follow_redirects=False).status_code == 303
    doc = bob.api("GET", f"/api/scenarios/{sid}").json()
    assert doc["number"] == 3
    assert doc["document"]["actors"][16]["capability"] == 30


XSS = "<script>alert('x')</script><img src=x onerror=alert(1)>"


def test_user_text_renders_inert(alice):
    sid = alice.new_from_example("russia-china-gas-2014")
    _edit(alice, sid, "actors", {"actors[0].name": XSS, "actors[0].note": XSS})
    _edit(alice, sid, "settings", {"title": XSS, "description": XSS})
    _edit(alice, sid, "ties", {"relationships[0].note": XSS})
    alice.wait_brief(sid, 4)
    for url in (
        f"/s/{sid}",
        f"/s/{sid}/map",
        f"/s/{sid}/edit/actors",
        f"/s/{sid}/edit/ties",
        f"/s/{sid}/brief",
        f"/s/{sid}/history",
        f"/s/{sid}/diff?a=1&b=2",
        "/",
    ):
        html = alice.get(url).text
        assert "<script>alert" not in html, url
        assert "<img src=x" not in html, url
    page = alice.get(f"/s/{sid}/map").text
    block = re.search(r'<script type="application/json" id="map-data">(.*?)</script>', page, re.S)
    assert block
    assert "\\u003cscript\\u003e" in block.group(1)
    assert json.loads(block.group(1))["nodes"][0]["name"] == XSS
    html = alice.get(f"/s/{sid}/brief.html").text
    assert "<script>alert" not in html


def test_import_and_export_every_format(alice):
    sid = alice.new_from_example()
    original = alice.api("GET", f"/api/scenarios/{sid}").json()["document"]
    y = alice.get(f"/s/{sid}/export/yaml")
    assert y.status_code == 200
    assert yaml.safe_load(y.text)["title"] == original["title"]
    j = alice.get(f"/s/{sid}/export/json").json()
    assert j == original
    alice.get("/")
    r = alice.client.post(
        "/new",
        data={"csrf_token": alice.csrf, "format": "auto"},
        files={"file": ("gulf.yaml", y.content, "application/yaml")},
        follow_redirects=False,
    )
    assert r.status_code == 303
    sid2 = int(r.headers["location"].rsplit("/", 1)[1])
    assert alice.api("GET", f"/api/scenarios/{sid2}").json()["document"] == original
    # stakeholder register (XLSX with an Actors and a Ties sheet), read back by the library's importer
    x = alice.get(f"/s/{sid}/export/register-xlsx")
    r = alice.client.post(
        "/new",
        data={"csrf_token": alice.csrf, "format": "auto"},
        files={"file": ("register.xlsx", x.content, "application/octet-stream")},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text[:1000]
    sid3 = int(r.headers["location"].rsplit("/", 1)[1])
    reg = alice.api("GET", f"/api/scenarios/{sid3}").json()["document"]
    assert [a["name"] for a in reg["actors"]] == [
        a.get("name", a["id"]) for a in original["actors"]
    ]
    assert len(reg["relationships"]) == len(original["relationships"])
    # register CSV (actors only)
    c = alice.get(f"/s/{sid}/export/register-csv")
    assert c.text.splitlines()[0].startswith("ID,Name,Influence")
    # KTAB SMP CSV: positions rescaled to 0-100 and back
    k = alice.get(f"/s/{sid}/export/ktab-csv")
    r = alice.client.post(
        "/new",
        data={"csrf_token": alice.csrf, "format": "auto"},
        files={"file": ("smp.csv", k.content, "text/csv")},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text[:1000]
    sid4 = int(r.headers["location"].rsplit("/", 1)[1])
    kt = alice.api("GET", f"/api/scenarios/{sid4}").json()["document"]
    assert len(kt["actors"]) == len(original["actors"])
    assert len(kt["issues"]) == len(original["issues"])
    usa = kt["positions"][kt["actors"][0]["id"]]
    assert (
        usa[kt["issues"][0]["id"]]["position"] == original["positions"]["usa"]["force"]["position"]
    )


def test_bad_upload_gets_a_located_message(alice):
    alice.get("/")
    r = alice.client.post(
        "/new",
        data={"csrf_token": alice.csrf, "format": "yaml"},
        files={
            "file": (
                "broken.yaml",
                b"title: x\nactors:\n  - id: a\n    capability: -3\n",
                "application/yaml",
            )
        },
    )
    assert r.status_code == 400
    assert "broken.yaml:4" in r.text
    assert "capability" in r.text


def test_upload_size_limit(alice):
    alice.get("/")
    big = b"#" * (300 * 1024)
    r = alice.client.post(
        "/new",
        data={"csrf_token": alice.csrf},
        files={"file": ("big.yaml", big, "application/yaml")},
    )
    assert r.status_code == 413


def test_share_link_is_read_only_and_revocable(client_factory, alice):
    sid = alice.new_from_example("clinic-program")
    alice.get(f"/s/{sid}/members")
    alice.post(f"/s/{sid}/share", {"action": "create"})
    page = alice.get(f"/s/{sid}/members").text
    m = re.search(r'value="https://testserver(/share/[^"]+)"', page)
    assert m, "no share link on the page"
    url = m.group(1)
    alice.wait_brief(sid)
    stranger = client_factory()
    r = stranger.get(url)
    assert r.status_code == 200
    assert "read-only share link" in r.text
    assert stranger.get(url + "/brief.json").status_code == 200
    alice.post(f"/s/{sid}/share", {"action": "revoke"})
    assert stranger.get(url).status_code == 404


def test_brief_page_pdf_and_cache(app, alice):
    sid = alice.new_from_example("russia-china-gas-2014")
    r = alice.get(f"/s/{sid}/brief")
    assert (
        r.status_code == 202
    )  # not computed in the request: a page with the background job's progress
    assert 'id="brief-job"' in r.text
    assert alice.get(f"/s/{sid}/brief/progress?rev=1").status_code in (200, 202)
    alice.wait_brief(sid)
    r = alice.get(f"/s/{sid}/brief")
    assert r.status_code == 200
    figures = re.findall(rf'<img src="(/s/{sid}/figure/1/[a-z_]+-\d+\.svg)"', r.text)
    assert len(figures) >= 2  # the figures, as images the browser keeps
    svg = alice.get(figures[0])
    assert svg.status_code == 200
    assert svg.headers["content-type"] == "image/svg+xml"
    assert "immutable" in svg.headers["cache-control"]
    assert "sandbox" in svg.headers["content-security-policy"]
    assert b"<svg" in svg.content[:2000]
    assert alice.get(f"/s/{sid}/figure/1/nothing-0.svg").status_code == 404
    assert 'id="pdf-link"' in r.text
    pdf = alice.get(f"/s/{sid}/brief.pdf")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    from sqlalchemy import select

    from coalitionist.web.models import CachedResult

    with app.state.sessions() as db:
        kinds = sorted(k for k in db.scalars(select(CachedResult.kind)))
    assert len([k for k in kinds if k.startswith("figure.")]) == len(figures)
    # the brief, every download, and the rendered page (kept for the next reader)
    assert [k for k in kinds if not k.startswith("figure.")] == [
        "brief",
        "brief.html",
        "brief.json",
        "brief.markdown",
        "brief.pdf",
        "page.brief",
    ]
    again = alice.get(f"/s/{sid}/brief")
    assert again.text.replace(alice.csrf, "") == r.text.replace(alice.csrf, "")
    # the same brief as the command line computes for the same file
    j = alice.get(f"/s/{sid}/brief.json").json()
    cli = CliRunner().invoke(
        cli_app, ["analyze", str(example_path("russia-china-gas-2014")), "--json"]
    )
    assert cli.exit_code == 0
    expected = json.loads(cli.stdout)
    assert j["summary"] == expected["summary"]
    assert j["sections"].keys() == expected["sections"].keys()


def test_analysis_pages_and_api_reuse_the_cli_json(alice, tmp_path):
    sid = alice.new_from_example("russia-china-gas-2014")
    path = tmp_path / "gas.yaml"
    path.write_bytes(alice.get(f"/s/{sid}/export/yaml").content)
    for key, cmd in (
        ("power", ["power"]),
        ("influence", ["influence"]),
        ("coalitions", ["coalitions"]),
        ("plan", ["plan"]),
    ):
        page = alice.get(f"/s/{sid}/analysis/{key}")
        assert page.status_code == (200 if key != "power" else 202), key  # (the brief, computing)
        if key == "power":
            alice.wait_brief(sid)
        api = alice.api_result(f"/api/scenarios/{sid}/revisions/1/analyses/{key}")
        assert api.status_code == 200, key
        cli = CliRunner().invoke(cli_app, [*cmd, str(path), "--json"])
        assert cli.exit_code == 0, cli.output
        assert api.json() == json.loads(cli.stdout), key


def test_background_job_progress_result_and_cancel(alice):
    import time

    small = {
        "title": "Three parties",
        "actors": [
            {"id": "a", "capability": {"dist": "uniform", "low": 1, "high": 3}},
            {"id": "b", "capability": 2},
            {"id": "c", "capability": 1},
        ],
        "issues": [{"id": "tax", "scale": [0, 100]}],
        "positions": {"a": {"tax": 10}, "b": {"tax": 60}, "c": {"tax": 90}},
    }
    r = alice.api("POST", "/api/scenarios", json={"document": small})
    assert r.status_code == 201, r.text
    sid = r.json()["id"]
    r = alice.api(
        "POST",
        f"/api/scenarios/{sid}/jobs",
        json={"kind": "forecast", "model": "median", "samples": 200, "seed": 1},
    )
    assert r.status_code == 202
    job = r.json()
    for _ in range(600):
        status = alice.api("GET", f"/api/jobs/{job['id']}").json()
        if status["status"] in ("done", "failed", "cancelled"):
            break
        time.sleep(0.05)
    assert status["status"] == "done", status
    assert status["fraction"] == 1.0
    assert "monte_carlo" in status["result"]
    big = alice.api(
        "POST",
        f"/api/scenarios/{sid}/jobs",
        json={"kind": "forecast", "model": "median", "samples": 200000},
    ).json()
    cancelled = alice.api("POST", f"/api/jobs/{big['id']}/cancel").json()
    for _ in range(600):
        cancelled = alice.api("GET", f"/api/jobs/{big['id']}").json()
        if cancelled["status"] in ("done", "failed", "cancelled"):
            break
        time.sleep(0.05)
    assert cancelled["status"] == "cancelled"
    assert cancelled["done"] < 200000


def test_api_create_list_and_validation(alice):
    doc = {"title": "API scenario", "actors": [{"id": "a", "name": "Ana"}, {"id": "b"}]}
    r = alice.api("POST", "/api/scenarios", json={"document": doc})
    assert r.status_code == 201
    sid = r.json()["id"]
    assert [s["id"] for s in alice.api("GET", "/api/scenarios").json()] == [sid]
    bad = {"title": "x", "actors": [{"id": "a", "capability": -1}]}
    r = alice.api(
        "POST", f"/api/scenarios/{sid}/revisions", json={"base_revision": 1, "document": bad}
    )
    assert r.status_code == 422
    assert r.json()["problems"][0]["path"] == "actors[0].capability"
    schema = alice.client.get("/openapi.json").json()
    assert "/api/scenarios/{sid}/revisions" in schema["paths"]
