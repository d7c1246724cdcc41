"""The workbench's forecast (its API and the JSON its page links to) is `coalitionist forecast --json`, `under_rule` included (issue
15.6: the CLI's --json shapes are reused for analysis results)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from coalitionist.cli import app
from coalitionist.examples import example_path


def test_the_forecast_api_is_the_command_lines_json_with_the_rule(alice) -> None:
    sid = alice.new_from_example("gulf-war-1990")
    r = alice.api("GET", f"/api/scenarios/{sid}/revisions/1/analyses/forecast")
    if r.status_code == 202:
        status = alice.wait_job(r.json()["job"])
        assert status["status"] == "done", status.get("message")
        r = alice.api("GET", f"/api/scenarios/{sid}/revisions/1/analyses/forecast")
    assert r.status_code == 200, r.text[:500]
    web = r.json()
    cli = CliRunner().invoke(
        app, ["forecast", str(example_path("gulf-war-1990")), "--seed", "0", "--json"]
    )
    assert cli.exit_code == 0, cli.output
    expected = json.loads(cli.stdout)
    assert "under_rule" in expected
    assert web["under_rule"] == expected["under_rule"]
    assert web == expected  # the same object, key for key
