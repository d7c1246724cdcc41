"""The sweep's Numbers table reads in names (issue 13.5): ``forecast.force`` and ``power.banzhaf.usa`` are
the JSON's keys, not row labels for people."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from coalitionist.cli import app
from coalitionist.cli.sweep_cmd import number_label
from coalitionist.examples import example_path


def test_number_label_names_issues_actors_and_indices() -> None:
    actors = {"usa": "United States"}
    issues = {"force": "Authorise the use of force against Iraq"}
    assert number_label("forecast.force", actors, issues) == (
        "forecast: Authorise the use of force against Iraq"
    )
    assert number_label("power.banzhaf.usa", actors, issues) == "Banzhaf power: United States"
    assert number_label("power.shapley_shubik.usa", actors, issues) == (
        "Shapley–Shubik power: United States"
    )
    assert number_label("plan.p_goal", actors, issues) == "plan: chance of reaching the goal"


def test_the_gulf_sweep_table_has_no_dotted_keys() -> None:
    res = CliRunner().invoke(
        app,
        [
            "sweep",
            str(example_path("gulf-war-1990")),
            "--samples",
            "8",
            "--seed",
            "3",
            "--what",
            "forecast,plan",
        ],
    )
    assert res.exit_code == 0, res.output
    table = res.stdout[res.stdout.index("Numbers") :]
    assert "forecast: Authorise the use of force against Iraq" in table
    assert not re.search(r"\b(forecast|plan|power)\.[a-z_]+", table), table
