"""Every algorithm against the independent brute-force enumerator, on random weighted and composed rules."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from power_brute import brute_force, shapley_by_permutations
from power_strategies import any_rule, composite_rules, weighted_rules

from coalitionist.power import INDEX_NAMES, AllOf, AnyOf, Count, Rule, Veto, Weighted, power_indices
from coalitionist.power.enumeration import enumerate_stats
from coalitionist.power.grid import grid_stats
from coalitionist.power.johnston import johnston_scores
from coalitionist.power.linear import compile_rule
from coalitionist.power.threshold import threshold_stats


def _check_result(rule: Rule) -> None:
    ref = brute_force(rule)
    res = power_indices(rule, exact=True)
    names = res.players
    for name in INDEX_NAMES:
        got = res.indices[name]
        assert got is not None, name
        assert [got[p] for p in names] == ref.index(name), name
    assert res.swings == dict(zip(names, ref.swings, strict=True))
    assert res.veto_players == tuple(p for p, v in zip(names, ref.veto, strict=True) if v)
    assert res.dummies == tuple(p for p, s in zip(names, ref.swings, strict=True) if s == 0)
    assert res.minimal_winning_count == len(ref.mwc)
    assert res.minimal_blocking_count == len(ref.mbc)
    assert res.winning_count == ref.winning
    if res.proper is not None:
        assert res.proper == ref.proper
    assert res.minimal_winning is not None
    assert res.minimal_blocking is not None
    as_sets = {frozenset(names.index(p) for p in c) for c in res.minimal_winning}
    assert as_sets == set(ref.mwc)
    assert {frozenset(names.index(p) for p in c) for c in res.minimal_blocking} == set(ref.mbc)


@settings(max_examples=120, deadline=None)
@given(any_rule(max_n=8))
def test_power_indices_match_brute_force(rule: Rule) -> None:
    _check_result(rule)


def _threshold_inputs(rule: Rule) -> tuple[list[int], list[int | None]] | None:
    game = compile_rule(rule)
    t = game.size_thresholds()
    if t is None:
        return None
    return (list(game.dims[0]) if game.dims else [0] * rule.n), t


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 8).flatmap(lambda n: st.one_of(weighted_rules(n), composite_rules(n))))
def test_each_algorithm_matches_brute_force(rule: Rule) -> None:
    ref = brute_force(rule)
    game = compile_rule(rule)
    for stats in (enumerate_stats(game), grid_stats(game)):
        assert stats.swings == ref.swings
        assert stats.shapley == ref.shapley
        assert stats.veto == ref.veto
        assert stats.winning_count == ref.winning
    enum = enumerate_stats(game)
    assert enum.mwc_count == len(ref.mwc)
    assert enum.mbc_count == len(ref.mbc)
    assert enum.johnston_raw == ref.johnston_raw
    inputs = _threshold_inputs(rule)
    if inputs is not None:
        w, t = inputs
        st_ = threshold_stats(w, t)
        assert st_.swings == ref.swings
        assert st_.shapley == ref.shapley
        assert st_.mwc_count == len(ref.mwc)
        assert st_.mbc_count == len(ref.mbc)
        assert st_.mwc_member == [sum(1 for s in ref.mwc if i in s) for i in range(rule.n)]
        assert st_.proper == ref.proper
        assert johnston_scores(w, t, exact=True) == ref.johnston_raw
        floats = johnston_scores(w, t)
        assert floats == pytest.approx([float(x) for x in ref.johnston_raw], rel=1e-12, abs=1e-12)


def _random_rule(rng: random.Random, n: int, kind: str) -> Rule:
    w = [rng.randint(0, 30) for _ in range(n)]
    q = rng.randint(1, sum(w) + 1)
    if kind == "weighted":
        return Weighted(w, quota=q)
    if kind == "double":
        return AnyOf(
            [AllOf([Count(n, threshold=0.55), Weighted(w, threshold=0.65)]), Count(n, quota=n - 3)]
        )
    other = [rng.randint(0, 5) for _ in range(n)]
    return AnyOf(
        [
            AllOf([Weighted(w, quota=q), Weighted(other, quota=rng.randint(1, sum(other) + 1))]),
            Veto(n, [rng.randrange(n)]),
        ]
    )


@pytest.mark.parametrize(
    ("n", "kind", "seed"), [(13, "weighted", 1), (14, "double", 2), (12, "multi", 3)]
)
def test_larger_random_games(n: int, kind: str, seed: int) -> None:
    """Up to 14 players: a weighted game, an EU-like double majority and a two-vector composition."""
    rule = _random_rule(random.Random(seed), n, kind)
    ref = brute_force(rule)
    game = compile_rule(rule)
    res = power_indices(rule, exact=True)
    assert [res.values("shapley_shubik")[p] for p in res.players] == ref.shapley
    assert [res.values("banzhaf")[p] for p in res.players] == ref.banzhaf
    assert [res.values("johnston")[p] for p in res.players] == ref.johnston
    assert [res.values("deegan_packel")[p] for p in res.players] == ref.deegan_packel
    assert res.minimal_blocking_count == len(ref.mbc)
    if kind == "multi":
        assert grid_stats(game).shapley == ref.shapley


def test_brute_force_shapley_agrees_with_permutation_count() -> None:
    """The reference's subset formula equals the permutation definition (Shapley & Shubik 1954)."""
    rng = random.Random(11)
    for n in range(1, 7):
        w = [rng.randint(0, 5) for _ in range(n)]
        rule: Rule = Weighted(w, quota=max(1, sum(w) // 2 + 1))
        assert brute_force(rule).shapley == shapley_by_permutations(rule)
    rule = AllOf([Count(5, quota=3), Veto(5, [0])])
    assert brute_force(rule).shapley == shapley_by_permutations(rule)


def test_fractional_weights_are_exact() -> None:
    """Non-integer weights (populations with decimals) give the same game as their exact fractions."""
    rule = Weighted([83.2, 67.9, 59.1, 0.5], threshold=0.65)
    ref = brute_force(rule)
    res = power_indices(rule, exact=True)
    assert [res.values("banzhaf")[p] for p in res.players] == ref.banzhaf
    assert rule.wins([0, 1]) == (
        Fraction("83.2") + Fraction("67.9") >= Fraction(65, 100) * Fraction("210.7")
    )
