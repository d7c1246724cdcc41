"""The analysis commands through the CLI: JSON shapes of the contract, tables, and usage errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coalitionist.cli import app
from coalitionist.examples import example_path

runner = CliRunner()
KTAB = Path(__file__).resolve().parents[1] / "data" / "ktab"  # KTAB's files, see its README.md


def _json(args: list[str]) -> dict:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def test_power_quick_form_nassau_1958() -> None:
    # Banzhaf (1965): in Nassau County 1958, [16; 9, 9, 7, 3, 1, 1], the three largest share all power.
    data = _json(["power", "--weights", "9,9,7,3,1,1", "--quota", "16"])
    assert data["players"] == ["p1", "p2", "p3", "p4", "p5", "p6"]
    assert data["method"] == "exact"
    assert set(data["indices"]) == {
        "shapley_shubik",
        "banzhaf",
        "banzhaf_absolute",
        "deegan_packel",
        "holler",
        "johnston",
    }
    assert data["indices"]["banzhaf"]["p1"] == pytest.approx(1 / 3)
    assert data["dummies"] == ["p4", "p5", "p6"]
    assert data["veto_players"] == []
    assert data["minimal_winning_count"] == 3
    assert data["minimal_blocking_count"] == 3


def test_power_quick_form_names_and_table() -> None:
    result = runner.invoke(
        app, ["power", "--weights", "49,48,3", "--quota", "51", "--names", "a,b,c"]
    )
    assert result.exit_code == 0, result.output
    # [51; 49, 48, 3]: all three are symmetric (any two win), so each has 1/3.
    assert "0.3333" in result.stdout
    assert "equal power" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["power"],
        ["power", "--weights", "1,x", "--quota", "1"],
        ["power", "--weights", "1,2", "--quota", "2", "--names", "a"],
        ["power", "--weights", "1,2", "--quota", "0"],
        ["power", "--weights", "1,2", "--quota", "2", "--method", "magic"],
        ["power", "--weights", "1,2", "--quota", "2", "--index", "nope"],
    ],
)
def test_power_usage_errors_exit_2_without_traceback(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_power_of_a_scenario_file() -> None:
    data = _json(["power", str(example_path("un-security-council"))])
    assert data["veto_players"] == ["usa", "uk", "france", "russia", "china"]
    assert data["indices"]["shapley_shubik"]["usa"] == pytest.approx(421 / 2145)


def test_forecast_json_shape_follows_the_contract() -> None:
    path = example_path("gulf-war-1990")
    for model in ("mean", "median", "bdm", "smp"):
        data = _json(["forecast", str(path), "--model", model])
        assert data["model"] == model
        assert len(data["history"]) == data["turns"] + 1
        assert data["final"] == data["history"][-1]
        assert set(data["forecast"]) == {"force", "timing"}
        # history[0] is the initial state: the positions written in the file.
        assert data["history"][0]["positions"]["usa"] == [100.0, 70.0]
        if model in ("mean", "median"):
            assert data["turns"] == 0


def test_forecast_monte_carlo_is_reproducible() -> None:
    args = ["forecast", str(example_path("clinic-program")), "-m", "median", "--samples", "50"]
    a = _json([*args, "--seed", "3"])
    b = _json([*args, "--seed", "3"])
    assert a["monte_carlo"]["forecast"] == b["monte_carlo"]["forecast"]
    band = a["monte_carlo"]["forecast"]["program"]
    assert band["q10"] <= band["median"] <= band["q90"]
    assert a["monte_carlo"]["default_noise"] is not None  # the clinic file states no uncertainty


def test_forecast_reads_ktab_csv_and_runs_as_many_turns_as_ktab() -> None:
    # KTAB's own log of this run (20170530_ref-dummyData_3Dim.txt) has 10 turns and ends with
    # "SActor-00, prob : … 0.3340" and "SActor-01, prob : … 0.3340": the two actors share the final
    # position, and each shows its full, undivided probability.
    data = _json(["forecast", str(KTAB / "dummyData_3Dim.csv"), "--model", "smp"])
    assert data["turns"] == 10
    assert len(data["actors"]) == 7
    final = data["final"]["win_probabilities"]
    assert f"{final['SActor-00']:.4f}" == f"{final['SActor-01']:.4f}" == "0.3340"


def test_trades_json_shape_and_decision_makers() -> None:
    data = _json(["trades", str(example_path("russia-china-gas-2014"))])
    for key in (
        "packages_evaluated",
        "no_deal",
        "pareto",
        "nash",
        "kalai_smorodinsky",
        "egalitarian",
        "utilitarian",
        "compromise",
        "trades",
    ):
        assert key in data
    # A bilateral contract: the agreement is bargained between its two parties only.
    assert set(data["no_deal"]) == {"russia", "china"}
    # measured against the brief's forecast (price 310, the eastern route, 38 bcm — issue 13.3), which is
    # already efficient for the two: no package gives both a strict gain, so there is no Nash package, and
    # the Kalai–Smorodinsky package is the forecast itself
    assert data["no_deal_point"] == {"price": 310.0, "route": 100.0, "volume": 38.0}
    assert data["nash"] is None
    assert "nash" in data["skipped"]
    ks = data["kalai_smorodinsky"]["package"]
    assert set(ks) == {"price", "route", "volume"}
    assert ks["route"] == "Power of Siberia (eastern route)"
    # price has no options: an 11-point grid; route and volume have 4 options each.
    assert data["packages_evaluated"] == 11 * 4 * 4


def test_trades_without_issues_is_a_usage_error() -> None:
    result = runner.invoke(app, ["trades", str(example_path("eu-council"))])
    assert result.exit_code == 2
    assert "no issues" in result.output


def test_markdown_brief_embeds_every_figure_as_an_svg_image() -> None:
    import base64
    import re
    import xml.etree.ElementTree as ET

    from coalitionist.io import load_scenario
    from coalitionist.report import make_brief, render

    brief = make_brief(load_scenario(example_path("clinic-program")))
    text = render(brief, "markdown")
    assert isinstance(text, str)
    images = re.findall(r"!\[[^\]]*\]\(data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)\)", text)
    assert len(images) == sum(len(s.figures) for s in brief.sections) > 0
    for data in images:
        root = ET.fromstring(base64.b64decode(data))
        assert root.tag.endswith("svg")
