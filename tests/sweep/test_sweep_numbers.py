"""The sweep against independent answers: analytic quantiles, bands, pass-through of distributions."""

from __future__ import annotations

import numpy as np
import pytest

from coalitionist.analyses.sweep import run_sweep
from coalitionist.analyses.sweep_estimates import (
    apply_estimates,
    draw_estimates,
    scenario_estimates,
)
from coalitionist.scenario.model import Scenario


def _two_actors(position: object) -> Scenario:
    return Scenario.from_data(
        {
            "title": "two",
            "actors": [{"id": "a", "capability": 1}, {"id": "b", "capability": 3}],
            "issues": [{"id": "x", "scale": [0, 100], "status_quo": 0}],
            "positions": {
                "a": {"x": {"position": position, "salience": 1}},
                "b": {"x": {"position": 40, "salience": 1}},
            },
        }
    )


def test_mean_forecast_quantiles_match_the_analytic_uniform() -> None:
    # the capability × salience weighted mean is (1·X + 3·40)/4 with X ~ U(0, 100): uniform on [30, 55]
    scenario = _two_actors({"dist": "uniform", "low": 0, "high": 100})
    res = run_sweep(scenario, 4000, seed=9, what=["forecast"], model="mean")
    d = res.to_dict()
    assert d["perturb"] == {"pct": 0.0, "default": False}  # the file states uncertainty: no band
    st = d["numbers"]["forecast.x"]
    for q in ("p05", "p25", "p50", "p75", "p95"):
        want = 30 + 25 * int(q[1:]) / 100
        assert st[q] == pytest.approx(want, abs=1.0), q  # SE of a quantile of 4000 draws ≈ 0.2
    assert st["mean"] == pytest.approx(42.5, abs=0.4)
    assert st["min"] >= 30
    assert st["max"] <= 55
    assert d["nominal"]["numbers"]["forecast.x"] == pytest.approx(42.5)  # the uniform's point: 50


def test_perturb_bands_follow_the_documented_rules() -> None:
    scenario = _two_actors(60)
    est = {e.key: e for e in scenario_estimates(scenario, 10)}
    pos = est["position[a][x]"]
    assert (pos.low, pos.high) == (50.0, 70.0)  # ± 10 % of the 0–100 scale
    cap = est["capability[b]"]
    assert (cap.low, cap.high) == pytest.approx((2.7, 3.3))  # ± 10 % of itself
    sal = est["salience[a][x]"]
    assert (sal.low, sal.high) == (0.9, 1.0)  # ± 0.1, clipped to [0, 1]
    rng = np.random.default_rng(0)
    values = np.array([draw_estimates(list(est.values()), rng) for _ in range(500)])
    for j, e in enumerate(est.values()):
        assert values[:, j].min() >= e.low
        assert values[:, j].max() <= e.high


def test_variant_carries_the_values_and_keeps_the_rest() -> None:
    scenario = _two_actors(60)
    est = scenario_estimates(scenario, 10)
    values = [e.high for e in est]
    variant = apply_estimates(scenario, est, values)
    assert variant.arrays.positions[0, 0] == 70.0
    assert variant.arrays.capability.tolist() == pytest.approx([1.1, 3.3])
    assert variant.title == scenario.title
    assert variant.issues == scenario.issues


def test_no_variation_without_band_or_distribution() -> None:
    res = run_sweep(_two_actors(60), 5, seed=1, what=["forecast"], perturb=0, model="mean")
    st = res.to_dict()["numbers"]["forecast.x"]
    assert st["min"] == st["max"] == pytest.approx((60 + 120) / 4)
