"""Properties of the SMP façade: the forecast-model conformance contract, input validation, the
result's shape, and behaviour that follows from the model's definition."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coalitionist.errors import CoalitionistError, InvalidInputError
from coalitionist.forecast.result import ForecastResult, ForecastState
from coalitionist.forecast.smp import SmpForecast, smp
from coalitionist.forecast.smp_params import (
    BargnModel,
    InterVecBrgn,
    PCEModel,
    SmpParameters,
    StateTransitions,
    VictoryProbModel,
)


def _wp(state: ForecastState) -> np.ndarray:
    assert state.win_probabilities is not None
    return state.win_probabilities


@st.composite
def scenarios(draw: st.DrawFn, max_actors: int = 7, max_dims: int = 3) -> dict[str, Any]:
    n = draw(st.integers(2, max_actors))
    d = draw(st.integers(1, max_dims))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    lo = rng.uniform(-50, 50, d)
    hi = lo + rng.uniform(1, 200, d)
    pos = lo + rng.uniform(0, 1, (n, d)) * (hi - lo)
    if draw(st.booleans()):  # some actors share a position
        pos[-1] = pos[0]
    sal = rng.uniform(0.0, 1.0, (n, d))
    sal *= rng.uniform(0.3, 1.0, (n, 1)) / sal.sum(axis=1, keepdims=True)
    cap = rng.uniform(0.5, 150, n)
    return {
        "capability": cap,
        "positions": pos,
        "salience": sal,
        "scale": np.stack([lo, hi], axis=1),
    }


OPTIONS = [
    SmpParameters(),
    SmpParameters(state_transitions=StateTransitions.STOCHASTIC),
    SmpParameters(bargn_model=BargnModel.PW_COMP_INTERP, inter_vec_brgn=InterVecBrgn.S1P1),
    SmpParameters(bargn_model=BargnModel.INIT_RCVR_INTERP, inter_vec_brgn=InterVecBrgn.S2PMAX),
    SmpParameters(pce_model=PCEModel.MARKOV_INCENTIVE, victory_prob_model=VictoryProbModel.OCTIC),
]


@settings(max_examples=25, deadline=None)
@given(case=scenarios(), params=st.sampled_from(OPTIONS), seed=st.integers(0, 1000))
def test_conformance(case: dict[str, Any], params: SmpParameters, seed: int) -> None:
    """Deterministic under a seed, positions within the issue scales, each position's probability
    undivided and the per-actor shares summing to 1."""
    r1 = smp(**case, params=params, seed=seed, max_turns=15)
    r2 = smp(**case, params=params, seed=seed, max_turns=15)
    assert isinstance(r1, ForecastResult)
    assert r1.model == "smp"
    assert r1.turns == len(r1.history) - 1 >= 1
    lo, hi = case["scale"].T
    np.testing.assert_array_equal(r1.history[0].positions, case["positions"])
    for t, (s1, s2) in enumerate(zip(r1.history, r2.history, strict=True)):
        np.testing.assert_array_equal(s1.positions, s2.positions)
        np.testing.assert_array_equal(s1.win_probabilities, s2.win_probabilities)
        assert ((s1.positions >= lo) & (s1.positions <= hi)).all()
        p = _wp(s1)
        assert ((p >= 0) & (p <= 1 + 1e-12)).all()
        shares = np.asarray(r1.details["win_shares"][t])
        assert shares.sum() == pytest.approx(1.0, abs=1e-9)
        # each actor's share is its position's probability over the k actors holding it, and at
        # least k actors show that same, undivided probability
        for a in np.flatnonzero(shares > 1e-12):
            k = p[a] / shares[a]
            assert k == pytest.approx(round(k), abs=1e-9)
            assert round(k) >= 1
            assert int((p == p[a]).sum()) >= round(k)
    np.testing.assert_array_equal(r1.forecast, r2.forecast)
    assert ((r1.forecast >= lo - 1e-9) & (r1.forecast <= hi + 1e-9)).all()
    json.dumps(r1.to_dict())  # plain data all the way down


def test_stochastic_transitions_depend_on_the_seed_only() -> None:
    rng = np.random.default_rng(7)
    n = 12
    case: dict[str, Any] = {
        "capability": rng.uniform(10, 100, n),
        "positions": rng.uniform(0, 100, (n, 2)),
        "salience": rng.uniform(0.1, 0.45, (n, 2)),
    }
    par = SmpParameters(state_transitions=StateTransitions.STOCHASTIC)
    runs = [smp(**case, params=par, seed=s, max_turns=30) for s in (1, 1, 2, 3, 4)]
    np.testing.assert_array_equal(runs[0].final.positions, runs[1].final.positions)
    finals = {runs[k].final.positions.tobytes() for k in range(1, 5)}
    assert len(finals) > 1  # different seeds draw different bargains


@settings(max_examples=20, deadline=None)
@given(n=st.integers(2, 8), d=st.integers(1, 3), seed=st.integers(0, 2**32 - 1))
def test_unanimous_group_forecast_is_its_position(n: int, d: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    point = rng.uniform(0, 100, d)
    r = smp(
        rng.uniform(1, 100, n),
        np.tile(point, (n, 1)),
        rng.uniform(0.05, 1.0 / d, (n, d)),
    )
    np.testing.assert_allclose(r.forecast, point, rtol=1e-12)
    assert all(not t["moves"] and not t["challenges"] for t in r.details["turns"])
    # the one position wins for sure; each of the n actors holding it has a 1/n share
    np.testing.assert_allclose(_wp(r.final), np.ones(n))
    np.testing.assert_allclose(r.details["win_shares"][-1], np.full(n, 1.0 / n))


@settings(max_examples=15, deadline=None)
@given(case=scenarios(max_actors=6))
def test_zero_salience_actor_is_a_bystander(case: dict[str, Any]) -> None:
    """KTAB rejects an actor that cares about nothing; we let it stand aside: it never challenges, is
    never challenged, never moves, has win probability 0, and neither its capability nor its presence
    changes anyone else's path."""
    sal = case["salience"].copy()
    sal[0] = 0.0
    case = {**case, "salience": sal}
    r1 = smp(**case, max_turns=10)
    cap2 = case["capability"].copy()
    cap2[0] *= 1000.0
    r2 = smp(**{**case, "capability": cap2}, max_turns=10)
    without = (
        smp(
            case["capability"][1:],
            case["positions"][1:],
            sal[1:],
            scale=case["scale"],
            max_turns=10,
        )
        if len(sal) > 2
        else None
    )
    for t, (s1, s2) in enumerate(zip(r1.history, r2.history, strict=True)):
        np.testing.assert_array_equal(s1.positions, s2.positions)
        np.testing.assert_array_equal(s1.positions[0], case["positions"][0])
        assert s1.win_probabilities is not None
        assert s1.win_probabilities[0] == 0.0
        if without is not None:
            np.testing.assert_array_equal(s1.positions[1:], without.history[t].positions)
    name = r1.actors[0]
    for turn in r1.details["turns"]:
        assert all(name not in (c["initiator"], c["target"]) for c in turn["challenges"])
        assert all(name not in (m["actor"], *m["bargain"].values()) for m in turn["moves"])
    if without is not None:
        np.testing.assert_array_equal(r1.forecast, without.forecast)


def test_nobody_cares_nothing_happens() -> None:
    r = smp([1.0, 3.0], [[10.0], [50.0]], [[0.0], [0.0]])
    assert r.turns == 0
    np.testing.assert_allclose(r.forecast, [40.0])  # capability-weighted mean
    np.testing.assert_allclose(_wp(r.final), np.array([0.5, 0.5]))


@pytest.mark.parametrize("seed", range(6))
def test_relabelling_and_mirroring_actors_changes_nothing(seed: int) -> None:
    """The model has no notion of actor order or of the direction of a scale: permuting the actors
    permutes the results, and mirroring every position mirrors them (generic random inputs, so no
    exact ties are broken by index). KTAB's grouping of *nearly* equal positions (within
    ``position_tolerance``) keeps the first actor's position as the group's, which depends on order,
    so it is switched off here."""
    rng = np.random.default_rng(seed)
    n, d = 9, 2
    cap = rng.uniform(5, 100, n)
    pos = rng.uniform(0, 100, (n, d))
    sal = rng.uniform(0.05, 0.5, (n, d))
    exact = SmpParameters(position_tolerance=0.0)
    base = smp(cap, pos, sal, params=exact)
    perm = rng.permutation(n)
    permuted = smp(cap[perm], pos[perm], sal[perm], params=exact)
    assert permuted.turns == base.turns
    for s_base, s_perm in zip(base.history, permuted.history, strict=True):
        np.testing.assert_allclose(s_perm.positions, s_base.positions[perm], atol=1e-9)
        np.testing.assert_allclose(_wp(s_perm), _wp(s_base)[perm], atol=1e-9)
    mirrored = smp(cap, 100.0 - pos, sal, params=exact)
    assert mirrored.turns == base.turns
    for s_base, s_mir in zip(base.history, mirrored.history, strict=True):
        np.testing.assert_allclose(s_mir.positions, 100.0 - s_base.positions, atol=0.011)
    np.testing.assert_allclose(mirrored.forecast, 100.0 - base.forecast, atol=0.011)


def test_result_contents_and_json_shape() -> None:
    r = smp(
        [100, 60, 80, 40],
        [[10, 90], [40, 60], [70, 30], [90, 50]],
        [[0.5, 0.3], [0.2, 0.6], [0.4, 0.4], [0.3, 0.3]],
        actors=["a", "b", "c", "d"],
        dimensions=["tax", "spend"],
    )
    out = r.to_dict()
    json.dumps(out)
    assert out["model"] == "smp"
    assert out["actors"] == ["a", "b", "c", "d"]
    assert out["dimensions"] == ["tax", "spend"]
    assert len(out["history"]) == out["turns"] + 1
    assert set(out["history"][0]["positions"]) == {"a", "b", "c", "d"}
    assert set(out["forecast"]) == {"tax", "spend"}
    assert "cluster" in out["basis"]
    det = out["details"]
    assert det["parameters"]["victory_prob_model"] == "Linear"
    assert det["parameters"]["bargn_model"] == "InitOnlyInterp"
    assert len(det["turns"]) == out["turns"]
    moved = {m["actor"] for t in det["turns"] for m in t["moves"]}
    assert moved
    assert moved <= {"a", "b", "c", "d"}
    assert all("challenged" in m["reason"] for t in det["turns"] for m in t["moves"])
    # the cluster forecast is the capability-weighted mean of the cluster's final positions
    members = [r.actors.index(a) for a in det["cluster"]["actors"]]
    cap = np.array([100, 60, 80, 40], dtype=float)[members]
    expected = cap @ r.final.positions[members] / cap.sum()
    np.testing.assert_allclose(r.forecast, expected)
    most = smp(
        [100, 60, 80, 40],
        [[10, 90], [40, 60], [70, 30], [90, 50]],
        [[0.5, 0.3], [0.2, 0.6], [0.4, 0.4], [0.3, 0.3]],
        forecast=SmpForecast.MOST_PROBABLE,
    )
    top = int(np.argmax(_wp(most.final)))
    np.testing.assert_allclose(most.forecast, most.final.positions[top])
    assert "highest win probability" in most.basis


def test_normalize_salience_rescales_rows() -> None:
    args = ([1, 2, 3], [[10, 20], [50, 50], [90, 70]], [[0.9, 0.9], [0.5, 0.2], [0.3, 0.3]])
    with pytest.raises(InvalidInputError, match=r"salience\[0\]"):
        smp(*args)
    r = smp(*args, normalize_salience=True)
    r2 = smp(args[0], args[1], [[0.5, 0.5], [0.5, 0.2], [0.3, 0.3]])
    np.testing.assert_array_equal(r.final.positions, r2.final.positions)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"capability": [1]}, "at least 2 actors"),
        ({"capability": [1, -2, 3]}, r"capability\[1\]"),
        ({"positions": [[10, 20], [30, 40]]}, "positions: expected shape"),
        ({"positions": [[10, 20], [30, 40], [50, 160]]}, r"positions\[2, 1\].*outside"),
        ({"salience": [[0.5, 0.1], [0.2, 0.2], [0.3, -0.1]]}, r"salience\[2, 1\]"),
        ({"salience": [[0.5], [0.2], [0.3]]}, "salience: expected shape"),
        ({"positions": [[10, np.nan], [30, 40], [50, 60]]}, "not a finite number"),
        ({"actors": ["a", "a", "b"]}, "actors"),
        ({"dimensions": ["x"]}, "dimensions"),
        ({"scale": (100.0, 0.0)}, "scale"),
        ({"max_turns": 0}, "max_turns"),
        ({"forecast": "median"}, "forecast"),
    ],
)
def test_invalid_inputs_raise_located_errors(kwargs: dict[str, Any], match: str) -> None:
    args: dict[str, Any] = {
        "capability": [1, 2, 3],
        "positions": [[10, 20], [30, 40], [50, 60]],
        "salience": [[0.5, 0.1], [0.2, 0.2], [0.3, 0.3]],
    }
    args.update(kwargs)
    with pytest.raises(InvalidInputError, match=match) as info:
        smp(**args)
    assert info.value.exit_code == 2
    assert isinstance(info.value, CoalitionistError)


def test_parameters_from_ktab_names() -> None:
    p = SmpParameters.from_dict(
        {"VictoryProbModel": "Square", "PCEModel": "markovuniform", "bargn_model": "PWCompInterp"}
    )
    assert p.victory_prob_model is VictoryProbModel.SQUARE
    assert p.pce_model is PCEModel.MARKOV_UNIFORM
    assert p.bargn_model is BargnModel.PW_COMP_INTERP
    assert p.to_dict()["pce_model"] == "MarkovUniform"
    assert SmpParameters.from_dict(SmpParameters().to_dict()) == SmpParameters()
    with pytest.raises(InvalidInputError, match="voting_rule: unknown value 'Majority'"):
        SmpParameters.from_dict({"voting_rule": "Majority"})
    with pytest.raises(InvalidInputError, match="unknown SMP parameter"):
        SmpParameters.from_dict({"Speed": "fast"})
    with pytest.raises(InvalidInputError, match="stop_ratio"):
        SmpParameters(stop_ratio=-1)


def test_max_turns_reached_is_reported_not_raised() -> None:
    rng = np.random.default_rng(3)
    r = smp(
        rng.uniform(1, 100, 9),
        rng.uniform(0, 100, (9, 2)),
        rng.uniform(0.1, 0.5, (9, 2)),
        max_turns=1,
    )
    assert r.turns == 1
    assert not r.details["converged"]
    assert "turn limit" in r.details["stop_reason"]


@pytest.mark.parametrize("n", [3, 12, 60, 150])
@pytest.mark.parametrize("seed", [0, 1])
def test_best_challenges_are_those_of_the_full_matrix(n: int, seed: int) -> None:
    """The pruned search (bound 1 − U_i(i, j) on the gain) picks every initiator's best target, and
    whether it has a significant one, exactly as the full (initiator × third party × target) evaluation
    does; the gains it computes are the full matrix's."""
    from coalitionist.forecast.smp import MIN_SIGNIFICANT_GAIN
    from coalitionist.forecast.smp_kernels import (
        own_best_challenges,
        own_challenges,
        salience_distance,
    )
    from coalitionist.forecast.smp_params import BigRAdjust, ThirdPartyCommit, VotingRule

    rng = np.random.default_rng(seed)
    x = rng.random((n, 3))
    sal = rng.random((n, 3))
    sal /= sal.sum(axis=1, keepdims=True) * rng.uniform(1.0, 1.5, (n, 1))
    d = salience_distance(x, x, sal)
    risk = rng.uniform(-1, 1, n)
    kw: dict[str, Any] = {
        "distance": d,
        "risk": risk,
        "weight": rng.uniform(1, 100, n) * sal.sum(axis=1),
        "total_salience": sal.sum(axis=1),
        "rule": VotingRule.PROP,
        "commit": ThirdPartyCommit.SEMI_COMMIT,
        "adjust": BigRAdjust.HALF,
    }
    prob, gain = own_challenges(**kw)
    p2, g2 = own_best_challenges(**kw)
    seen = np.isfinite(g2)
    np.testing.assert_allclose(g2[seen], gain[seen], rtol=0, atol=1e-13)
    np.testing.assert_allclose(p2[seen], prob[seen], rtol=0, atol=1e-13)
    valid_f, valid_p = gain > MIN_SIGNIFICANT_GAIN, g2 > MIN_SIGNIFICANT_GAIN
    assert (valid_f.any(axis=1) == valid_p.any(axis=1)).all()
    best_f = np.argmax(np.where(valid_f, gain, -np.inf), axis=1)
    best_p = np.argmax(np.where(valid_p, g2, -np.inf), axis=1)
    assert (best_f == best_p).all()
    if n >= 60:
        assert seen.sum() < 0.6 * n * n  # it does prune
