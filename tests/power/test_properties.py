"""Axiomatic properties of the indices and of the rules (hypothesis)."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from power_strategies import any_rule, weighted_rules

from coalitionist.power import INDEX_NAMES, Rule, Weighted, power_indices

NORMALISED = ("shapley_shubik", "banzhaf", "deegan_packel", "holler", "johnston")


@settings(max_examples=60, deadline=None)
@given(any_rule(max_n=9))
def test_efficiency_and_non_negativity(rule: Rule) -> None:
    r = power_indices(rule, exact=True)
    for name in INDEX_NAMES:
        vals = r.indices[name]
        assert vals is not None
        assert all(v >= 0 for v in vals.values()), name
    decisive = r.swings is not None and sum(r.swings.values()) > 0
    for name in NORMALISED:
        total = sum(r.values(name).values())
        assert total == (1 if decisive else 0), name
    assert all(v <= 1 for v in r.values("banzhaf_absolute").values())


@settings(max_examples=60, deadline=None)
@given(any_rule(max_n=9))
def test_dummies_get_nothing_and_vetoes_are_in_every_minimal_winning_coalition(rule: Rule) -> None:
    r = power_indices(rule, exact=True)
    for p in r.dummies:
        for name in INDEX_NAMES:
            assert r.values(name)[p] == 0
    assert r.minimal_winning is not None
    for p in r.veto_players:
        assert all(p in c for c in r.minimal_winning)
    for p in r.dummies:
        assert all(p not in c for c in r.minimal_winning)


@settings(max_examples=60, deadline=None)
@given(any_rule(max_n=8))
def test_rules_are_monotone_and_blocking_is_complementary(rule: Rule) -> None:
    n = rule.n
    masks = ((np.arange(2**n)[:, None] >> np.arange(n)) & 1).astype(bool)
    wins = rule.wins_many(masks)
    for s in range(2**n):
        for i in range(n):
            if wins[s]:
                assert wins[s | (1 << i)]
        assert rule.blocks(masks[s]) == (not wins[(2**n - 1) ^ s])
    # the scalar and vectorised forms agree
    for s in range(0, 2**n, max(1, 2**n // 16)):
        assert rule.wins([i for i in range(n) if s >> i & 1]) == wins[s]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 6), min_size=2, max_size=8), st.data())
def test_symmetric_players_have_equal_power(weights: list[int], data: st.DataObject) -> None:
    """Players with equal weight are interchangeable in a weighted game, so every index is equal."""
    quota = data.draw(st.integers(1, sum(weights) + 1))
    r = power_indices(Weighted(weights, quota=quota), exact=True)
    for i, j in itertools.combinations(range(len(weights)), 2):
        if weights[i] == weights[j]:
            for name in INDEX_NAMES:
                vals = r.indices[name]
                assert vals is not None
                assert vals[f"p{i + 1}"] == vals[f"p{j + 1}"], name


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 9).flatmap(weighted_rules))
def test_weight_order_gives_power_order_for_desirability_indices(rule: Rule) -> None:
    """In a weighted game a heavier player is at least as desirable, so its Shapley–Shubik and Banzhaf
    values are at least as large (Felsenthal & Machover 1998, §3.2); Holler and Deegan–Packel need not be."""
    assert isinstance(rule, Weighted)
    w = [x if i in rule.members else Fraction(0) for i, x in enumerate(rule.weights)]
    r = power_indices(rule, exact=True)
    for i, j in itertools.permutations(range(rule.n), 2):
        if w[i] > w[j]:
            for name in ("shapley_shubik", "banzhaf", "banzhaf_absolute"):
                assert r.values(name)[f"p{i + 1}"] >= r.values(name)[f"p{j + 1}"]


@settings(max_examples=30, deadline=None)
@given(any_rule(max_n=7))
def test_adding_a_dummy_player_keeps_shapley_shubik(rule: Rule) -> None:
    """A null player changes nobody's Shapley–Shubik value (null-player axiom), whatever the rule."""
    n = rule.n
    base = power_indices(rule, exact=True)
    ext = power_indices(_lift(rule, n + 1), exact=True)
    for i in range(n):
        assert (
            ext.values("shapley_shubik")[f"p{i + 1}"] == base.values("shapley_shubik")[f"p{i + 1}"]
        )
    assert f"p{n + 1}" in ext.dummies


def _lift(rule: Rule, n: int) -> Rule:
    """The same rule over ``n`` players (the new ones weigh nothing and are in no member list)."""
    from coalitionist.power import AllOf, AnyOf, Count, Unanimity, Veto

    if isinstance(rule, Weighted):
        kw = {"quota": rule.quota} if rule.quota is not None else {"threshold": rule.threshold}
        return Weighted(
            [*rule.weights, *([0] * (n - rule.n))], strict=rule.strict, members=rule.members, **kw
        )
    if isinstance(rule, Count):
        kw = {"quota": rule.quota} if rule.quota is not None else {"threshold": rule.threshold}
        return Count(n, strict=rule.strict, members=rule.members, **kw)
    if isinstance(rule, Unanimity):
        return Unanimity(n, members=rule.members)
    if isinstance(rule, Veto):
        return Veto(n, rule.holders)
    if isinstance(rule, AllOf):
        return AllOf([_lift(r, n) for r in rule.rules])
    assert isinstance(rule, AnyOf)
    return AnyOf([_lift(r, n) for r in rule.rules])
