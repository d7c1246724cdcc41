"""The conformance test every registered forecast model passes (``coalitionist.forecast.models.MODELS``).

Deterministic under a seed, positions within the issues' scales, win probabilities (where a model has them:
each actor's *position*'s probability, so actors sharing a position show the same number and the sum is 1
over distinct positions, at least 1 over actors), the documented result shape, and the two properties of the issue: an actor with zero salience
never pulls the forecast, and a unanimous group's forecast is its position.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coalitionist.forecast.models import MODELS
from coalitionist.forecast.result import ForecastResult

MODEL_NAMES = sorted(MODELS)


def test_registry_has_the_models_of_the_issue() -> None:
    assert {"mean", "median", "bdm"} <= set(MODELS)
    for name, model in MODELS.items():
        assert callable(model), name


@st.composite
def scenarios(draw: st.DrawFn, max_n: int = 7, max_d: int = 3) -> tuple[Any, Any, Any, Any]:
    """Random valid inputs: 2..max_n actors, 1..max_d issues with their own scales, each actor's saliences
    summing to at most 1 (the strictest convention among the models, SMP's)."""
    seed = draw(st.integers(0, 2**32 - 1))
    n = draw(st.integers(2, max_n))
    d = draw(st.integers(1, max_d))
    rng = np.random.default_rng(seed)
    low = rng.choice([0.0, -50.0, 10.0], d)
    high = low + rng.choice([1.0, 10.0, 100.0], d)
    x = low + rng.uniform(0, 1, (n, d)) * (high - low)
    x[rng.uniform(size=(n, d)) < 0.15] = (
        low[0] if d == 1 else x[0, 0]
    )  # some shared / edge positions
    x = np.clip(x, low, high)
    s = rng.uniform(0.05, 1, (n, d))
    s = s / np.maximum(s.sum(axis=1, keepdims=True), 1.0)
    c = rng.uniform(0.1, 100, n)
    scale = np.stack([low, high], axis=1)
    return c, x, s, scale


def _run(name: str, c: Any, x: Any, s: Any, scale: Any, seed: int = 0, **kw: Any) -> ForecastResult:
    n, d = x.shape
    return MODELS[name](
        c,
        x,
        s,
        actors=[f"a{i}" for i in range(n)],
        dimensions=[f"issue{k}" for k in range(d)],
        scale=scale,
        seed=seed,
        **kw,
    )


@pytest.mark.parametrize("name", MODEL_NAMES)
@settings(max_examples=15, deadline=None)
@given(case=scenarios())
def test_model_contract(name: str, case: tuple[Any, Any, Any, Any]) -> None:
    c, x, s, scale = case
    res = _run(name, c, x, s, scale, seed=42)
    again = _run(name, c, x, s, scale, seed=42)
    n, d = x.shape
    low, high = scale[:, 0], scale[:, 1]

    # deterministic under a seed
    assert json.dumps(res.to_dict(), sort_keys=True) == json.dumps(again.to_dict(), sort_keys=True)

    # shape of the result
    assert res.model == name
    assert res.actors == tuple(f"a{i}" for i in range(n))
    assert res.dimensions == tuple(f"issue{k}" for k in range(d))
    assert len(res.history) == res.turns + 1 >= 1
    np.testing.assert_allclose(res.history[0].positions, x, rtol=0, atol=1e-9 * (high - low).max())
    assert res.forecast.shape == (d,)
    assert isinstance(res.basis, str)
    assert res.basis

    # positions and forecast within the issues' scales; probabilities per position
    for state in res.history:
        assert state.positions.shape == (n, d)
        assert np.all(state.positions >= low)
        assert np.all(state.positions <= high)
        if state.win_probabilities is not None:
            p = state.win_probabilities
            assert p.shape == (n,)
            assert np.all((p >= 0) & (p <= 1))
            assert p.sum() >= 1.0 - 1e-9
            # actors holding exactly the same position hold the same probability
            same = (state.positions[:, None, :] == state.positions[None, :, :]).all(axis=-1)
            assert np.array_equal(p[:, None] * same, p[None, :] * same)
    assert np.all(res.forecast >= low)
    assert np.all(res.forecast <= high)

    # the documented JSON shape (coalitionist forecast --json)
    out = json.loads(json.dumps(res.to_dict()))
    assert out["model"] == name
    assert out["turns"] == res.turns
    assert out["actors"] == list(res.actors)
    assert out["dimensions"] == list(res.dimensions)
    assert len(out["history"]) == out["turns"] + 1
    assert set(out["final"]["positions"]) == set(res.actors)
    assert all(len(v) == d for v in out["final"]["positions"].values())
    assert set(out["forecast"]) == set(res.dimensions)


@pytest.mark.parametrize("name", MODEL_NAMES)
@settings(max_examples=10, deadline=None)
@given(case=scenarios(), where=st.floats(0, 1))
def test_zero_salience_actor_never_pulls_the_forecast(
    name: str, case: tuple[Any, Any, Any, Any], where: float
) -> None:
    c, x, s, scale = case
    low, high = scale[:, 0], scale[:, 1]
    base = _run(name, c, x, s, scale)
    x2 = np.vstack([x, low + where * (high - low)])
    s2 = np.vstack([s, np.zeros(x.shape[1])])
    c2 = np.append(c, c.max() * 10)  # a big actor that does not care
    with_bystander = _run(name, c2, x2, s2, scale)
    np.testing.assert_allclose(
        with_bystander.forecast, base.forecast, rtol=0, atol=1e-9 * (high - low).max()
    )


@pytest.mark.parametrize("name", MODEL_NAMES)
@settings(max_examples=10, deadline=None)
@given(case=scenarios())
def test_unanimous_group_forecasts_its_position(name: str, case: tuple[Any, Any, Any, Any]) -> None:
    c, x, s, scale = case
    common = x[0]
    xu = np.tile(common, (x.shape[0], 1))
    res = _run(name, c, xu, s, scale)
    np.testing.assert_allclose(
        res.forecast, common, rtol=0, atol=1e-9 * np.ptp(scale, axis=1).max()
    )
    for state in res.history:
        np.testing.assert_allclose(
            state.positions, xu, rtol=0, atol=1e-9 * np.ptp(scale, axis=1).max()
        )
