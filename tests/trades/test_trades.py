"""Trades on differences: hand-worked cases and brute-force checks of each selection rule."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from scipy.optimize import minimize  # type: ignore[import-untyped]
from trades_brute import (
    all_packages,
    dominates,
    frac,
    no_deal,
    option_value,
    random_logroll_case,
    random_table_pair,
    small_inputs,
)

from coalitionist.trades import TradeInputs, borch_shares, compile_tables
from coalitionist.trades.compromise import issue_by_issue_compromise as _compromise
from coalitionist.trades.contingent import contingent_trades
from coalitionist.trades.logrolling import appearance_trades, group_trades, pair_trades
from coalitionist.trades.risk import risk_premia, risk_sharing_trade
from coalitionist.trades.timing import timing_trades

F = Fraction


# --- priorities ---------------------------------------------------------------------------------


def _raiffa() -> TradeInputs:
    """A cares 0.8/0.2 about x/y and wants 100 on both; B the mirror image and wants 0; C sits at 50
    with enough clout that both weighted medians land at 50."""
    return TradeInputs.from_spec(
        ["a", "b", "c"],
        {k: {"scale": (0, 100), "options": [0, 50, 100], "status_quo": 0} for k in ("x", "y")},
        {
            "a": {"x": (100, 0.8), "y": (100, 0.2)},
            "b": {"x": (0, 0.2), "y": (0, 0.8)},
            "c": {"x": (50, 1.0), "y": (50, 1.0)},
        },
    )


def test_classic_logroll_hand_worked() -> None:
    """Compromise (50, 50) gives a and b 0.5 each. Trading -- x to a, y to b -- gives
    a: 0.8 * 1 + 0.2 * 0 = 0.8 and b: 0.2 * 0 + 0.8 * 1 = 0.8, +0.3 each; c drops from 1 to 0.5."""
    inputs = _raiffa()
    tables = compile_tables(inputs)
    comp = _compromise(inputs)
    assert comp == (1, 1)
    trades = pair_trades(inputs, tables, comp)
    ab = next(t for t in trades if t.actors == ("a", "b"))
    assert ab.terms["package"] == {"x": 100.0, "y": 0.0}
    assert ab.gains == {"a": pytest.approx(0.3), "b": pytest.approx(0.3)}
    assert ab.joint_gain == pytest.approx(0.6)
    assert ab.effect_on_others == {"c": pytest.approx(-0.5)}
    assert ab.terms["concessions"] == {"a": ["y"], "b": ["x"]}
    assert "a gives way on y (weight 0.2 for a, 0.8 for b)" in ab.explanation
    assert trades[0] is ab  # the largest joint gain comes first


def _pair_frontier(points: dict[tuple[int, ...], tuple[Fraction, ...]], i: int, j: int) -> list:
    pair = {c: (u[i], u[j]) for c, u in points.items()}
    return [c for c, p in pair.items() if not any(dominates(q, p) for q in pair.values())]


def _check_pair_trades(inputs: TradeInputs) -> int:
    """For each pair: among the pair's Pareto-optimal packages where both strictly gain over the
    compromise and each is worse off on some issue, the largest joint gain (none if there is none).
    Returns the number of trades found."""
    tables = compile_tables(inputs)
    comp = _compromise(inputs)
    packages = all_packages(inputs)
    found = {t.actors: t for t in pair_trades(inputs, tables, comp)}

    def part(i: int, k: int, o: int) -> Fraction:
        return option_value(inputs, i, k, float(inputs.options[k][o]))

    for i, j in itertools.combinations(range(inputs.n_actors), 2):
        best = None
        for c in _pair_frontier(packages, i, j):
            gi, gj = packages[c][i] - packages[comp][i], packages[c][j] - packages[comp][j]
            concede_i = any(part(i, k, c[k]) < part(i, k, comp[k]) for k in range(len(c)))
            concede_j = any(part(j, k, c[k]) < part(j, k, comp[k]) for k in range(len(c)))
            if gi > 0 and gj > 0 and concede_i and concede_j:
                best = gi + gj if best is None else max(best, gi + gj)
        key = (inputs.actors[i], inputs.actors[j])
        if best is None:
            assert key not in found
        else:
            assert found[key].joint_gain == pytest.approx(float(best), abs=1e-12)
    return len(found)


@settings(max_examples=30, deadline=None)
@given(small_inputs(max_actors=3, max_issues=3, max_options=3))
def test_pair_trades_follow_their_rule_on_random_scenarios(inputs: TradeInputs) -> None:
    _check_pair_trades(inputs)


def test_pair_trades_follow_their_rule_where_trades_exist() -> None:
    rng = np.random.default_rng(11)
    found = sum(_check_pair_trades(random_logroll_case(rng)) for _ in range(60))
    assert found >= 10  # the cases exercise the rule, not only its "no trade" branch


def test_three_way_trade() -> None:
    """Three actors each care most about a different issue (0.6) and a little about the others
    (0.2 each), with positions 0/50/100 rotated; a fourth, central actor puts every median at 50.
    Under the compromise (50, 50, 50) each gets 0.6 * 0.5 + 0.2 * 1 + 0.2 * 0.5 = 0.6; with every
    issue at 100 each gets its favourite issue: 0.6 * 1 + 0.2 * 0.5 + 0.2 * 0 = 0.7, so +0.1 each."""
    pos = {"a": (100, 50, 0), "b": (0, 100, 50), "c": (50, 0, 100)}
    sal = {"a": (0.6, 0.2, 0.2), "b": (0.2, 0.6, 0.2), "c": (0.2, 0.2, 0.6)}
    issues = ("x", "y", "z")
    positions = {
        a: {k: (pos[a][n], sal[a][n]) for n, k in enumerate(issues)} for a in ("a", "b", "c")
    }
    positions["d"] = dict.fromkeys(issues, (50, 1.0))
    inputs = TradeInputs.from_spec(
        ["a", "b", "c", "d"],
        {k: {"scale": (0, 100), "options": [0, 50, 100], "status_quo": 50} for k in issues},
        positions,
    )
    tables = compile_tables(inputs)
    comp = _compromise(inputs)
    assert comp == (1, 1, 1)
    trades = [t for t in group_trades(inputs, tables, comp) if t.actors == ("a", "b", "c")]
    assert len(trades) == 1
    assert trades[0].terms["package"] == {"x": 100.0, "y": 100.0, "z": 100.0}
    assert trades[0].gains == {a: pytest.approx(0.1) for a in ("a", "b", "c")}
    assert "3-way trade" in trades[0].explanation


def test_appearance_for_substance() -> None:
    """Camp David, stylised: Egypt cares about sovereignty (an appearance), Israel about
    demilitarisation (substance); a mediator holds both medians in the middle."""
    inputs = TradeInputs.from_spec(
        ["egypt", "israel", "usa"],
        {
            "sovereignty": {
                "scale": (0, 2),
                "options": [0, 1, 2],
                "status_quo": 0,
                "kind": "appearance",
                "labels": ["israeli", "shared", "egyptian"],
            },
            "demilitarisation": {
                "scale": (0, 2),
                "options": [0, 1, 2],
                "status_quo": 0,
                "labels": ["none", "partial", "full"],
            },
        },
        {
            "egypt": {"sovereignty": (2, 0.8), "demilitarisation": (0, 0.2)},
            "israel": {"sovereignty": (0, 0.3), "demilitarisation": (2, 0.7)},
            "usa": {"sovereignty": (1, 0.5), "demilitarisation": (1, 0.5)},
        },
    )
    tables = compile_tables(inputs)
    trades = appearance_trades(inputs, tables, _compromise(inputs))
    assert len(trades) == 1
    t = trades[0]
    assert t.terms["package"] == {"sovereignty": "egyptian", "demilitarisation": "full"}
    # egypt: 0.8 * 1 + 0.2 * 0 = 0.8 vs 0.5; israel: 0.3 * 0 + 0.7 * 1 = 0.7 vs 0.5
    assert t.gains == {"egypt": pytest.approx(0.3), "israel": pytest.approx(0.2)}
    assert t.explanation.startswith("egypt gets its way on appearances and israel on substance")


# --- timing -------------------------------------------------------------------------------------


def _timing_case(rates: dict[str, float]) -> TradeInputs:
    return TradeInputs.from_spec(
        ["a", "b"],
        {
            "x": {"options": [0, 1, 2, 3], "status_quo": 0},
            "y": {"options": [0, 1], "status_quo": 0},
        },
        {},
        utility_tables={
            "a": {"x": [0, 0.5, 0.75, 1], "y": [1, 0.4]},
            "b": {"x": [1, 0.75, 0.625, 0.5], "y": [0, 1]},
        },
        discount_rate=rates,
    )


def test_timing_trade_hand_worked() -> None:
    """a is impatient (r = 1: delta = 1/2), b patient (r = 0). No deal is (1, 1); without timing the
    Nash package is x=3, y=1 with utilities (1.4, 1.5). Settling y (b's win) after one period is worth
    1/2 * 1 + 1/2 * 0.4 = 0.7 to a and still 1 to b; with x=2 now, a gets 0.75 + 0.7 = 1.45 and b
    0.625 + 1 = 1.625: gains +0.05 and +0.125, the only package both prefer (enumerated by hand:
    x=3 with y later leaves b at 1.5; anything with y=0 leaves b at <= 1)."""
    inputs = _timing_case({"a": 1.0, "b": 0.0})
    trades = timing_trades(inputs, compile_tables(inputs))
    assert len(trades) == 1
    t = trades[0]
    assert t.terms["package"] == {"x": 2.0, "y": 1.0}
    assert t.terms["schedule"] == {"x": "now", "y": "later"}
    assert t.terms["reference_package"] == {"x": 3.0, "y": 1.0}
    assert t.gains == {"a": pytest.approx(0.05), "b": pytest.approx(0.125)}
    assert "The delayed terms favour b" in t.explanation


def test_equal_rates_give_no_timing_trade() -> None:
    inputs = _timing_case({"a": 0.1, "b": 0.1})
    assert timing_trades(inputs, compile_tables(inputs)) == []


def _check_timing(inputs: TradeInputs, rate_a: float, rate_b: float) -> int:
    """The timing trade (if any) has the largest joint gain over a Nash reference among all packages
    with something delayed (enumerated with every issue now or later); returns 1 if there is one."""
    trades = timing_trades(inputs, compile_tables(inputs))
    packages = all_packages(inputs)
    d = no_deal(inputs)
    strict = [u for u in packages.values() if u[0] > d[0] and u[1] > d[1]]
    best_product = max(((u[0] - d[0]) * (u[1] - d[1]) for u in strict), default=None)
    nash_refs = [u for u in strict if (u[0] - d[0]) * (u[1] - d[1]) == best_product] or [d]
    delta = [1 / (1 + frac(rate_a)), 1 / (1 + frac(rate_b))]

    def timed(i: int, k: int, o: int, later: bool) -> Fraction:
        v = option_value(inputs, i, k, float(inputs.options[k][o]))
        if not later:
            return v
        sq = option_value(inputs, i, k, float(inputs.status_quo[k]))
        return (1 - delta[i]) * sq + delta[i] * v

    slots = [
        [(o, later) for later in (False, True) for o in range(len(inputs.options[k]))]
        for k in range(inputs.n_issues)
    ]

    def best_over(r: tuple[Fraction, ...]) -> Fraction | None:
        best = None
        for combo in itertools.product(*slots):
            if not any(later for _, later in combo):
                continue
            u = [sum(timed(i, k, o, lt) for k, (o, lt) in enumerate(combo)) for i in (0, 1)]
            if u[0] > r[0] and u[1] > r[1]:
                gain = u[0] - r[0] + u[1] - r[1]
                best = gain if best is None else max(best, gain)
        return best

    if not trades:
        assert all(best_over(r) is None for r in nash_refs)
        return 0
    ref_pkg = trades[0].terms["reference_package"]
    if ref_pkg is None:
        assert best_product is None
        ref = d
    else:
        c = tuple(list(inputs.options[k]).index(ref_pkg[x]) for k, x in enumerate(inputs.issues))
        ref = packages[c]
        assert (ref[0] - d[0]) * (ref[1] - d[1]) == best_product
    best = best_over(ref)
    assert best is not None
    assert trades[0].joint_gain == pytest.approx(float(best), abs=1e-12)
    return 1


def test_timing_trade_is_the_best_by_brute_force() -> None:
    rng = np.random.default_rng(5)
    found = 0
    for n in range(150):
        rate_a, rate_b = [(1.0, 0.0), (3.0, 0.0), (0.25, 1.0)][n % 3]
        inputs = random_table_pair(rng, min_issues=2, discount_rate=np.array([rate_a, rate_b]))
        found += _check_timing(inputs, rate_a, rate_b)
    assert found >= 6


# --- forecasts ----------------------------------------------------------------------------------


def _bet(pa: float, pb: float) -> TradeInputs:
    return TradeInputs.from_spec(
        ["a", "b"],
        {"x": {"scale": (0, 1), "options": [0, 1], "status_quo": 0.5}},
        {"a": {"x": (1, 1.0)}, "b": {"x": (0, 1.0)}},
        beliefs={"rain": {"a": pa, "b": pb}},
    )


def test_contingent_agreement_hand_worked() -> None:
    """a wants x = 1, b wants x = 0, no deal (x = 0.5) is worth 0.5 to each and no single package
    gives both a gain, so no deal is the reference. a gives 'rain' 0.8, b 0.3. 'x = 1 if it rains,
    else 0' is worth 0.8 to a and 0.3 * 0 + 0.7 * 1 = 0.7 to b: +0.3 and +0.2."""
    inputs = _bet(0.8, 0.3)
    trades = contingent_trades(inputs, compile_tables(inputs))
    assert len(trades) == 1
    t = trades[0]
    assert t.terms["if_true"] == {"x": 1.0}
    assert t.terms["if_false"] == {"x": 0.0}
    assert t.terms["reference_package"] is None
    assert t.gains == {"a": pytest.approx(0.3), "b": pytest.approx(0.2)}
    assert t.joint_gain == pytest.approx(0.5)
    assert "a thinks 'rain' is more likely (0.8) than b does (0.3)" in t.explanation


def test_same_beliefs_no_contingent_agreement() -> None:
    inputs = _bet(0.5, 0.5)
    assert contingent_trades(inputs, compile_tables(inputs)) == []


def _check_contingent(inputs: TradeInputs, pa: float, pb: float) -> int:
    """The contingent trade (if any) has the largest joint expected gain over a Nash reference among
    all pairs of different packages (if true, if false); returns 1 if there is one."""
    trades = contingent_trades(inputs, compile_tables(inputs))
    packages = all_packages(inputs)
    d = no_deal(inputs)
    strict = [u for u in packages.values() if u[0] > d[0] and u[1] > d[1]]
    best_product = max(((u[0] - d[0]) * (u[1] - d[1]) for u in strict), default=None)
    refs = [u for u in strict if (u[0] - d[0]) * (u[1] - d[1]) == best_product] or [d]
    p = [frac(pa), frac(pb)]
    best_by_ref = []
    for r in refs:
        best = None
        for yes, no in itertools.product(packages, packages):
            if yes == no:
                continue
            eu = [p[i] * packages[yes][i] + (1 - p[i]) * packages[no][i] for i in (0, 1)]
            if eu[0] > r[0] and eu[1] > r[1]:
                gain = eu[0] - r[0] + eu[1] - r[1]
                best = gain if best is None else max(best, gain)
        best_by_ref.append(best)
    if not trades:
        assert all(b is None for b in best_by_ref)
        return 0
    assert any(
        b is not None and math.isclose(trades[0].joint_gain, float(b), abs_tol=1e-12)
        for b in best_by_ref
    )
    return 1


def test_contingent_trade_is_the_best_by_brute_force() -> None:
    rng = np.random.default_rng(7)
    found = 0
    for n in range(100):
        pa, pb = [(0.2, 0.9), (0.0, 1.0), (0.6, 0.5), (0.1, 0.3)][n % 4]
        inputs = random_table_pair(rng, beliefs={"e": np.array([pa, pb])})
        found += _check_contingent(inputs, pa, pb)
    assert found >= 10


# --- risk ---------------------------------------------------------------------------------------


def test_borch_shares_hand_worked() -> None:
    """Risk tolerances 100 and 300: shares 1/4 and 3/4. Risk premia per unit variance: equal shares
    (0.01 + 1/300) / 8 = 1/600; Borch 0.01/32 + (1/300)(9/16)/2 = 1/800 = 1 / (2 * 400)."""
    a = np.array([0.01, 1 / 300])
    assert borch_shares(a) == pytest.approx([0.25, 0.75])
    assert risk_premia(a, [0.5, 0.5]).sum() == pytest.approx(1 / 600)
    assert risk_premia(a, borch_shares(a)).sum() == pytest.approx(1 / 800)
    assert borch_shares([0.0, 2.0, 0.0]).tolist() == [0.5, 0.0, 0.5]


@pytest.mark.parametrize("weight", [0.2, 0.5, 0.8])
def test_borch_shares_maximise_weighted_expected_utility(weight: float) -> None:
    """Independent check: numerically maximise w E[-exp(-a1 x1)] + (1 - w) E[-exp(-a2 x2)] over
    linear sharing rules x1 = s X + c, x2 = X - x1 for a three-point risk X; the optimal slope is
    the Borch share whatever the weight (the weight only moves the side payment c)."""
    a1, a2 = 0.5, 1.5
    xs, ps = np.array([-2.0, 0.5, 3.0]), np.array([0.3, 0.5, 0.2])

    def loss(v: np.ndarray) -> float:
        s, c = v
        x1 = s * xs + c
        x2 = xs - x1
        return float(
            weight * (ps * np.exp(-a1 * x1)).sum() + (1 - weight) * (ps * np.exp(-a2 * x2)).sum()
        )

    res = minimize(
        loss, x0=[0.5, 0.0], method="Nelder-Mead", options={"xatol": 1e-10, "fatol": 1e-14}
    )
    assert res.x[0] == pytest.approx(borch_shares([a1, a2])[0], abs=1e-5)


def test_risk_sharing_trade() -> None:
    inputs = TradeInputs.from_spec(
        ["a", "b", "c"],
        {"x": {"options": [0, 1], "status_quo": 0}},
        {"a": {"x": (1, 1.0)}},
        risk_aversion={"a": 0.01, "b": 1 / 300},
    )
    t = risk_sharing_trade(inputs)
    assert t is not None
    assert t.actors == ("a", "b")
    assert t.terms["shares"] == {"a": pytest.approx(0.25), "b": pytest.approx(0.75)}
    saving = 1 / 600 - 1 / 800
    assert t.joint_gain == pytest.approx(saving)
    assert sum(t.terms["side_payments"].values()) == pytest.approx(0, abs=1e-15)
    assert t.gains == {"a": pytest.approx(saving / 2), "b": pytest.approx(saving / 2)}
    same = TradeInputs.from_spec(
        ["a", "b"], {"x": {"options": [0, 1]}}, {}, risk_aversion={"a": 0.1, "b": 0.1}
    )
    assert risk_sharing_trade(same) is None
