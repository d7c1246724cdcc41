"""Large games: the floating-point algorithms against exact integer counts, and no overflow at n = 1000."""

from __future__ import annotations

import itertools
import math
import random
from fractions import Fraction

import pytest

from coalitionist.power import ExactComputationTooLargeError, Weighted, power_indices
from coalitionist.power.threshold import threshold_stats
from coalitionist.power.weighted_float import banzhaf_swing_probabilities, shapley_shubik_float


@pytest.mark.parametrize(("n", "top", "seed"), [(40, 100, 1), (61, 30, 2), (25, 9, 3)])
def test_float_algorithms_match_exact_counts(n: int, top: int, seed: int) -> None:
    rng = random.Random(seed)
    w = [rng.randint(1, top) for _ in range(n)]
    q = sum(w) // 2 + 1
    exact = threshold_stats(w, [q] * (n + 1), minimal=False)
    beta, dummy = banzhaf_swing_probabilities(w, q)
    ss = shapley_shubik_float(w, q, dummy)
    assert dummy == exact.dummy
    for got, want in zip(beta, exact.banzhaf_abs, strict=True):
        assert got == pytest.approx(float(want), rel=1e-9, abs=1e-15)
    for got, want in zip(ss, exact.shapley, strict=True):
        assert got == pytest.approx(float(want), rel=1e-9, abs=1e-13)


@pytest.mark.parametrize(
    ("weights", "quota"),
    [([300] * 3 + [1] * 97, 650), ([50] + [1] * 99, 100), ([2] * 60 + [3] * 40, 150)],
)
def test_float_algorithms_on_lopsided_games_beyond_int64(weights: list[int], quota: int) -> None:
    """Beyond 62 players, against exact Python-integer counts: three giants and a crowd of ones, one big
    player among 99 small, two weight classes."""
    n = len(weights)
    exact = threshold_stats(weights, [quota] * (n + 1), minimal=False)
    beta, dummy = banzhaf_swing_probabilities(weights, quota)
    ss = shapley_shubik_float(weights, quota, dummy)
    assert dummy == exact.dummy
    for got, want in zip(beta, exact.banzhaf_abs, strict=True):
        assert got == pytest.approx(float(want), rel=1e-9, abs=1e-18)
    for got, want in zip(ss, exact.shapley, strict=True):
        assert got == pytest.approx(float(want), rel=1e-9, abs=1e-13)


def test_float_banzhaf_certifies_tiny_values_and_finds_dummies() -> None:
    """Near-unanimity: a heavy player swings only with all other heavy players present (and the two light
    ones in or out): 4 of 2^79 coalitions, a value far below the rounding error of the fast path, which
    must still come out exactly. The weight-0 member and the member too light to matter are dummies."""
    n = 80
    w = [3] * (n - 2) + [1, 0]
    q = 3 * (n - 2)  # all heavy players needed; the light ones never matter
    beta, dummy = banzhaf_swing_probabilities(w, q)
    assert beta[0] == math.ldexp(4.0, -(n - 1))
    assert dummy == [False] * (n - 2) + [True, True]


def test_thousand_players_have_no_overflow() -> None:
    """n = 1000 (random weights 1..100, simple majority): floats throughout, efficiency holds, the heavier
    player never has less power, and the largest player's Banzhaf value is in the expected range.
    (Deegan–Packel, Holler and Johnston at this size: ``test_weighted_minimal.py``.)"""
    rng = random.Random(42)
    w = [rng.randint(1, 100) for _ in range(1000)]
    r = power_indices(
        Weighted(w, quota=sum(w) // 2 + 1),
        indices=["shapley_shubik", "banzhaf", "banzhaf_absolute"],
    )
    ss = r.indices["shapley_shubik"]
    assert ss is not None
    assert math.fsum(ss.values()) == pytest.approx(1.0, abs=1e-9)
    order = sorted(range(1000), key=lambda i: w[i])
    vals = [ss[f"p{i + 1}"] for i in order]
    assert all(b >= a - 1e-12 for a, b in itertools.pairwise(vals))
    assert r.method == "exact"
    assert not r.dummies
    assert r.veto_players == ()
    assert "deegan_packel" not in r.indices
    assert not any("Deegan–Packel" in note for note in r.notes)


def test_exact_fractions_for_a_medium_weighted_game() -> None:
    """70 players (beyond int64 counts): exact=True still gives exact fractions, matching the floats."""
    rng = random.Random(5)
    w = [rng.randint(1, 3) for _ in range(70)]
    rule = Weighted(w, quota=sum(w) // 2 + 1)
    exact = power_indices(rule, exact=True, max_list=0)
    approx = power_indices(rule, max_list=0)
    ss_e, ss_f = exact.indices["shapley_shubik"], approx.indices["shapley_shubik"]
    assert ss_e is not None
    assert ss_f is not None
    assert sum(ss_e.values()) == 1
    assert all(isinstance(v, Fraction) for v in ss_e.values())
    for p in exact.players:
        assert float(ss_e[p]) == pytest.approx(ss_f[p], rel=1e-10)


def test_forty_players_with_huge_weights_are_exact() -> None:
    """Weights of 10¹¹ … 10¹²: no table indexed by weight fits, so ``method="exact"`` must pick meet in
    the middle (its values are checked against brute force in ``test_halves.py``)."""
    rng = random.Random(9)
    w = [rng.randint(10**11, 10**12) for _ in range(40)]
    rule = Weighted(w, quota=sum(w) // 2 + 1)
    r = power_indices(rule, method="exact", indices=["banzhaf", "shapley_shubik"], max_list=0)
    assert r.algorithm.startswith("meet in the middle")
    assert sum(r.values("banzhaf").values()) == pytest.approx(1.0)


def test_exact_method_refuses_what_it_cannot_do() -> None:
    rng = random.Random(9)
    w = [rng.randint(10**11, 10**12) for _ in range(80)]
    rule = Weighted(w, quota=sum(w) // 2 + 1)
    with pytest.raises(ExactComputationTooLargeError):
        power_indices(rule, method="exact")
    r = power_indices(rule, seed=1, epsilon=0.05)
    assert r.method == "monte_carlo"
    assert r.epsilon == 0.05
