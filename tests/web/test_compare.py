"""'Current vs future' (issue 15.3): two revisions' analyses side by side, each column the brief the command
line computes for that revision's file, and the change between them in names."""

from __future__ import annotations

import html
import json
import re

import yaml
from typer.testing import CliRunner
from webtest import form_fields

from coalitionist.cli import app as cli_app
from coalitionist.examples import example_path


def _cli_brief(path) -> dict:
    out = CliRunner().invoke(cli_app, ["analyze", str(path), "--json"])
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout)


def test_current_vs_future_shows_each_revisions_brief_side_by_side(alice, tmp_path) -> None:
    sid = alice.new_from_example("gulf-war-1990")
    page = alice.get(f"/s/{sid}/edit/recruitment")
    fields = form_fields(page.text)
    row = next(k for k, v in fields.items() if k.endswith(".actor") and v == "saudi")
    fields[row.removesuffix(".actor") + ".p"] = "0.05"
    fields["message"] = "Saudi basing talks failed"
    assert (
        alice.post(f"/s/{sid}/edit/recruitment", fields, follow_redirects=False).status_code == 303
    )
    alice.wait_brief(sid, 1)
    alice.wait_brief(sid, 2)

    r = alice.get(f"/s/{sid}/compare?a=1&b=2")
    assert r.status_code == 200, r.text[:500]
    assert "Revision 1 (current) vs revision 2 (future)" in r.text
    assert "Saudi Arabia&#39;s p 0.75 → 0.05" in r.text  # what changed, in names

    # the same file edited by hand, through the command line: the expected briefs
    doc = yaml.safe_load(example_path("gulf-war-1990").read_text())
    now = _cli_brief(example_path("gulf-war-1990"))
    doc["recruitment"]["actors"]["saudi"]["p"] = 0.05
    edited = tmp_path / "future.yaml"
    edited.write_text(yaml.safe_dump(doc, allow_unicode=True))
    future = _cli_brief(edited)

    rows = r.text.split('<div class="compare-row">')[1:]
    by_key = {}
    for chunk in rows:
        keys = re.findall(r'id="sec-([a-z_]+)"', chunk)
        assert keys, chunk[:300]
        by_key[keys[0]] = chunk
    assert by_key.keys() == now["sections"].keys() | future["sections"].keys()
    differ = 0
    for key, chunk in by_key.items():
        left, _, right = chunk.partition('<div class="card">')[2].partition('<div class="card">')
        a = now["sections"][key]["reading"]
        b = future["sections"].get(key, {}).get("reading", [])
        for line in a:
            assert line in html.unescape(left), (key, line)
        for line in b:
            assert line in html.unescape(right), (key, line)
        differ += a != b
    assert differ, "the edit should change at least one section's reading"
