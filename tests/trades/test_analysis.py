"""The façade end to end: brute-force agreement, the JSON shape, skips, and the large-space fallback."""

from __future__ import annotations

import itertools
import json
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from trades_brute import all_packages, dominates, no_deal, pareto_keys, small_inputs

from coalitionist.trades import (
    TRADE_KINDS,
    FrontierTooLargeError,
    TradeInputError,
    TradeInputs,
    analyze_trades,
    compile_tables,
)

PACKAGE_KEYS = {"package", "utilities", "gain_over_compromise", "acceptable"}
TOP_KEYS = {
    "packages_evaluated",
    "package_space",
    "method",
    "method_description",
    "actors",
    "issues",
    "no_deal",
    "pareto",
    "pareto_count",
    "acceptable_count",
    "nash",
    "kalai_smorodinsky",
    "egalitarian",
    "utilitarian",
    "compromise",
    "trades",
    "skipped",
    "not_found",
    "notes",
}


def _key(inputs: TradeInputs, package: dict[str, object]) -> tuple[int, ...]:
    return tuple(
        [float(v) for v in inputs.options[k]].index(float(package[issue]))  # type: ignore[arg-type]
        for k, issue in enumerate(inputs.issues)
    )


@settings(max_examples=60, deadline=None)
@given(small_inputs(max_actors=3, max_issues=3, max_options=3))
def test_analysis_agrees_with_brute_force(inputs: TradeInputs) -> None:
    result = analyze_trades(inputs)
    out = result.to_dict()
    json.dumps(out)
    packages = all_packages(inputs)
    d = no_deal(inputs)
    assert out["method"] == "exact"
    assert out["packages_evaluated"] == out["package_space"] == len(packages)
    frontier = pareto_keys(packages)
    listed = [_key(inputs, p["package"]) for p in out["pareto"]]
    assert sorted(listed) == sorted(frontier)
    for p, key in zip(out["pareto"], listed, strict=True):
        assert set(p) == PACKAGE_KEYS
        assert list(p["utilities"].values()) == [float(u) for u in packages[key]]
    assert list(out["no_deal"].values()) == [float(x) for x in d]

    # every actor here cares about something unless all its options are worth the same
    spread = [len({u[i] for u in packages.values()}) > 1 for i in range(inputs.n_actors)]

    def acceptable(u: tuple[Fraction, ...]) -> bool:
        return all(a >= b for a, b in zip(u, d, strict=True)) and all(
            u[i] > d[i] for i in range(inputs.n_actors) if spread[i]
        )

    assert out["acceptable_count"] == sum(acceptable(u) for u in packages.values())
    for p, key in zip(out["pareto"], listed, strict=True):
        assert p["acceptable"] == acceptable(packages[key])

    active = [i for i in range(inputs.n_actors) if spread[i]]
    gains = {c: tuple(u[i] - d[i] for i in range(inputs.n_actors)) for c, u in packages.items()}
    losers = [
        i for i in range(inputs.n_actors) if not spread[i] and gains[next(iter(gains))][i] < 0
    ]
    util = out["utilitarian"]
    assert sum(util["utilities"].values()) == pytest.approx(
        max(float(sum(u)) for u in packages.values()), abs=1e-12
    )
    strict = [g for g in gains.values() if all(g[i] > 0 for i in active)]
    if losers or not strict:
        assert out["nash"] is None
        assert "nash" in out["skipped"]
    else:
        best = max(math.prod(g[i] for i in active) for g in strict)
        got = gains[_key(inputs, out["nash"]["package"])]
        assert math.prod(got[i] for i in active) == best
    weak = [g for g in gains.values() if all(x >= 0 for x in g)]
    if losers or not weak:
        assert out["egalitarian"] is None
    elif active:
        best_min = max(min(g[i] for i in active) for g in weak)
        got = gains[_key(inputs, out["egalitarian"]["package"])]
        assert min(got[i] for i in active) == best_min
    comp = out["compromise"]
    for p in out["pareto"]:
        for a in inputs.actors:
            assert p["gain_over_compromise"][a] == pytest.approx(
                p["utilities"][a] - comp["utilities"][a], abs=1e-12
            )


def _scenario(**optional: object) -> TradeInputs:
    return TradeInputs.from_spec(
        ["a", "b", "c"],
        {
            "x": {"scale": (0, 100), "options": [0, 50, 100], "status_quo": 0},
            "y": {
                "scale": (0, 100),
                "options": [0, 50, 100],
                "status_quo": 0,
                "kind": "appearance",
            },
        },
        {
            "a": {"x": (100, 0.8), "y": (100, 0.2)},
            "b": {"x": (0, 0.2), "y": (0, 0.8)},
            "c": {"x": (50, 1.0), "y": (50, 1.0)},
        },
        **optional,  # type: ignore[arg-type]
    )


def test_json_shape_and_skips() -> None:
    out = analyze_trades(_scenario()).to_dict()
    assert set(out) == TOP_KEYS
    json.dumps(out)
    for name in ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian", "compromise"):
        if out[name] is not None:
            assert set(out[name]) == PACKAGE_KEYS
    assert out["compromise"]["package"] == {"x": 50.0, "y": 50.0}
    assert out["skipped"]["timing"] == "fewer than two actors have a discount_rate"
    assert out["skipped"]["forecasts"] == "no beliefs about uncertain events were given"
    assert out["skipped"]["risk"] == "fewer than two actors have a risk_aversion"
    kinds = [t["kind"] for t in out["trades"]]
    assert kinds == sorted(kinds, key=TRADE_KINDS.index)
    assert "priorities" in kinds
    assert "appearances" in kinds
    for t in out["trades"]:
        assert {"kind", "actors", "gains", "joint_gain", "reference", "explanation"} <= set(t)
        assert t["joint_gain"] == pytest.approx(sum(t["gains"].values()))
        assert t["explanation"]


def test_every_kind_runs_when_its_inputs_are_present() -> None:
    inputs = _scenario(
        discount_rate={"a": 0.5, "b": 0.0},
        beliefs={"boom": {"a": 0.9, "b": 0.1}},
        risk_aversion={"a": 0.01, "b": 0.02, "c": 0.04},
    )
    out = analyze_trades(inputs).to_dict()
    assert not {"timing", "forecasts", "risk", "appearances"} & set(out["skipped"])
    kinds = {t["kind"] for t in out["trades"]} | set(out["not_found"])
    assert set(TRADE_KINDS) <= kinds


def test_equal_rates_and_beliefs_are_skipped_with_reasons() -> None:
    inputs = _scenario(
        discount_rate={"a": 0.1, "b": 0.1},
        beliefs={"boom": {"a": 0.5, "b": 0.5}},
        risk_aversion={"a": 0.1, "b": 0.1},
    )
    skipped = analyze_trades(inputs).skipped
    assert "same one" in skipped["timing"]
    assert "different probabilities" in skipped["forecasts"]
    assert "same one" in skipped["risk"]


def test_one_issue_has_no_logroll() -> None:
    inputs = TradeInputs.from_spec(
        ["a", "b"],
        {"x": {"options": [0, 1, 2], "status_quo": 0}},
        {"a": {"x": (2, 1.0)}, "b": {"x": (0, 1.0)}},
    )
    out = analyze_trades(inputs).to_dict()
    assert out["skipped"]["priorities"] == "trading on priorities needs at least two issues"
    assert len(out["pareto"]) == 3


def test_one_actor() -> None:
    inputs = TradeInputs.from_spec(
        ["a"], {"x": {"options": [0, 1, 2], "status_quo": 0}}, {"a": {"x": (2, 1.0)}}
    )
    out = analyze_trades(inputs).to_dict()
    assert [p["package"] for p in out["pareto"]] == [{"x": 2.0}]
    assert out["nash"]["package"] == {"x": 2.0}
    assert out["skipped"]["priorities"] == "trades need at least two actors"


def test_indifferent_actor_is_noted_and_left_out() -> None:
    inputs = TradeInputs.from_spec(
        ["a", "b", "idle"],
        {"x": {"scale": (0, 1), "options": [0, 0.5, 1], "status_quo": 0.5}},
        {"a": {"x": (1, 1.0)}, "b": {"x": (0, 1.0)}},
    )
    out = analyze_trades(inputs).to_dict()
    assert any("idle" in note for note in out["notes"])
    assert out["egalitarian"]["package"] == {"x": 0.5}


def test_methods_and_budgets() -> None:
    inputs = _scenario()
    with pytest.raises(FrontierTooLargeError):
        analyze_trades(inputs, method="exact", max_candidates=2)
    small = analyze_trades(inputs, max_candidates=2, seed=0)
    assert small.method == "supported"
    assert any("exact frontier" in n for n in small.notes)
    with pytest.raises(TradeInputError):
        analyze_trades(inputs, method="fast")  # type: ignore[arg-type]
    with pytest.raises(TradeInputError):
        analyze_trades(inputs, delay=0)
    forced = analyze_trades(inputs, method="supported", seed=0)
    exact = analyze_trades(inputs)
    assert {p.choice for p in forced.pareto} <= {p.choice for p in exact.pareto}
    counted = analyze_trades(inputs, max_packages=5)
    assert counted.acceptable_count is None
    assert "max_packages" in counted.skipped["acceptable_count"]


def test_ten_billion_packages_are_answered_by_supported_frontier() -> None:
    """6 actors x 10 issues x 10 options: 10^10 packages, far beyond enumeration."""
    rng = np.random.default_rng(2)
    n, k = 6, 10
    inputs = TradeInputs(
        actors=tuple(f"a{i}" for i in range(n)),
        issues=tuple(f"x{j}" for j in range(k)),
        options=tuple(np.round(np.linspace(0, 1, 10), 6) for _ in range(k)),
        lo=np.zeros(k),
        hi=np.ones(k),
        status_quo=np.full(k, 0.5),
        positions=np.round(rng.random((n, k)), 2),
        salience=np.round(rng.random((n, k)), 2),
    )
    result = analyze_trades(inputs, weight_samples=3000, seed=4, max_group_actors=0)
    assert result.method == "supported"
    assert result.package_space == 10**10
    assert result.acceptable_count is None
    assert "supported" in result.method_description
    assert len(result.pareto) > 50
    tables = compile_tables(inputs)
    ints = tables.package_ints(np.array([p.choice for p in result.pareto]))
    for p, row in zip(result.pareto, ints, strict=True):
        assert list(p.utilities.values()) == pytest.approx(list(tables.to_float(row)))
    rows = [tuple(int(v) for v in r) for r in ints]
    sample = rows[:200]
    assert not any(dominates(q, p) for p in sample for q in rows)
    again = analyze_trades(inputs, weight_samples=3000, seed=4, max_group_actors=0)
    assert [p.choice for p in again.pareto] == [p.choice for p in result.pareto]


def test_exact_frontier_of_a_mid_sized_space_matches_enumeration() -> None:
    """3 actors x 6 issues x 5 options (15,625 packages): the frontier equals a vectorised
    enumeration filtered by a sequential O(N F) check (numpy, written here): in order of decreasing
    total, a package is dominated exactly when a frontier package already kept dominates it."""
    rng = np.random.default_rng(8)
    n, k, m = 3, 6, 5
    tables = {
        f"a{i}": {f"x{j}": list(rng.integers(0, 20, size=m) / 10) for j in range(k)}
        for i in range(n)
    }
    inputs = TradeInputs.from_spec(
        [f"a{i}" for i in range(n)],
        {f"x{j}": {"options": list(range(m)), "status_quo": 0} for j in range(k)},
        {},
        utility_tables=tables,
    )
    grid = np.array(list(itertools.product(range(m), repeat=k)))
    values = np.array([[tables[f"a{i}"][f"x{j}"] for j in range(k)] for i in range(n)]) * 10
    u = np.stack([values[i][np.arange(k), grid].sum(axis=1) for i in range(n)], axis=1).round()
    keep: list[tuple[int, ...]] = []
    kept = np.zeros((0, n))
    for r in np.argsort(-u.sum(axis=1), kind="stable"):
        if not ((kept >= u[r]).all(axis=1) & (kept > u[r]).any(axis=1)).any():
            keep.append(tuple(int(o) for o in grid[r]))
            kept = np.vstack([kept, u[r]])
    result = analyze_trades(inputs)
    assert sorted(p.choice for p in result.pareto) == sorted(keep)
