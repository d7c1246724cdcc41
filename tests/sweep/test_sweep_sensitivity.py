"""Scenario sensitivity against hand-computed swings; verdicts; the CLI's --sensitivity object."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from coalitionist.analyses.sweep_sensitivity import run_sensitivity
from coalitionist.cli import app
from coalitionist.scenario.model import Scenario

DATA = {
    "title": "two",
    "actors": [
        {"id": "a", "name": "Ann", "capability": 1},
        {"id": "b", "name": "Bob", "capability": 3},
    ],
    "issues": [{"id": "x", "name": "The budget", "scale": [0, 100], "status_quo": 0}],
    "positions": {
        "a": {"x": {"position": 60, "salience": 1}},
        "b": {"x": {"position": 40, "salience": 1}},
    },
}


def test_tornado_of_the_weighted_mean_is_the_hand_computed_one() -> None:
    # F = (c_a s_a x_a + c_b s_b x_b) / (c_a s_a + c_b s_b); at the point: (60 + 120) / 4 = 45.
    # A ± 10 % band moves x_a over [50, 70]: F over [42.5, 47.5] (swing 5); x_b over [30, 50]: F over
    # [37.5, 52.5] (swing 15).
    rep = run_sensitivity(
        Scenario.from_data(DATA), what=["forecast"], model="mean", perturb=10, top=6
    )
    (c,) = rep.conclusions
    assert c.nominal == pytest.approx(45.0)
    assert c.tornado is not None
    bars = {b.name: b for b in c.tornado.bars}
    assert (bars["position[b][x]"].low_output, bars["position[b][x]"].high_output) == pytest.approx(
        (37.5, 52.5)
    )
    assert (bars["position[a][x]"].low_output, bars["position[a][x]"].high_output) == pytest.approx(
        (42.5, 47.5)
    )
    assert c.tornado.bars[0].name == "position[b][x]"
    # 15 > 5 % of the scale: sensitive to Bob's position, and only to it (Ann's swing is exactly 5)
    assert not c.robust
    assert c.sensitive_to == ("position[b][x]",)
    assert "Bob's position on The budget" in c.verdict
    # Morris: x_b's elementary effect is c_b s_b / (c_a s_a) = 3 times x_a's; the capabilities and
    # saliences vary by ± 10 % along the trajectories too, so the ratio is 3 only to within ~20 %
    assert c.morris is not None
    mu = dict(zip(c.morris.names, c.morris.mu_star, strict=True))
    assert mu["position[b][x]"] == pytest.approx(3 * mu["position[a][x]"], rel=0.2)


def test_a_small_band_is_robust() -> None:
    rep = run_sensitivity(Scenario.from_data(DATA), what=["forecast"], model="mean", perturb=2)
    assert rep.conclusions[0].robust
    assert rep.conclusions[0].verdict.startswith("robust")


def test_sobol_indices_of_the_linear_mean() -> None:
    # near the point the mean is close to linear: x_b's share of the variance ≈ 9 / (1 + 9 + …)
    rep = run_sensitivity(
        Scenario.from_data(DATA),
        what=["forecast"],
        model="mean",
        perturb=10,
        top=2,
        sobol_samples=256,
    )
    sob = rep.conclusions[0].sobol
    assert sob is not None
    ranked = [n for n, _, _ in sob.ranked()]
    assert ranked[0] == "position[b][x]"
    assert sob.first.sum() == pytest.approx(1.0, abs=0.1)


def test_nothing_varies_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "two.yaml"
    path.write_text(yaml.safe_dump(DATA), encoding="utf-8")
    res = CliRunner().invoke(
        app,
        ["sweep", str(path), "-n", "2", "--what", "forecast", "--perturb", "0", "--sensitivity"],
    )
    assert res.exit_code == 2
    assert "no estimate varies" in res.output


def test_cli_sensitivity_json(tmp_path: Path) -> None:
    path = tmp_path / "two.yaml"
    path.write_text(yaml.safe_dump(DATA), encoding="utf-8")
    res = CliRunner().invoke(
        app,
        [
            "sweep",
            str(path),
            "-n",
            "20",
            "--what",
            "forecast",
            "-m",
            "mean",
            "--sensitivity",
            "--json",
        ],
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    (c,) = data["sensitivity"]["conclusions"]
    assert c["id"] == "forecast.x"
    assert c["sensitive_to"] == ["position[b][x]"]
    assert c["tornado"]["labels"]["position[b][x]"] == "Bob's position on The budget"
