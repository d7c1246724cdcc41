"""Deegan–Packel, Holler and Johnston of large weighted games by the floating-point marked sweep.

Checked against the independent brute force (small games), the exact integer tables (beyond int64), and a
closed form for two weight classes at 1000 players (where counts are far beyond float range).
"""

from __future__ import annotations

import math
import random
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from power_brute import brute_force

from coalitionist.power import Weighted, power_indices
from coalitionist.power.johnston import johnston_scores
from coalitionist.power.threshold import threshold_stats
from coalitionist.power.weighted_minimal import (
    KERNEL_TOLERANCE,
    minimal_float_stats,
    reciprocal_kernel,
)

REL = 1e-8


def _close(got: float, want: float) -> bool:
    return math.isclose(got, want, rel_tol=REL, abs_tol=1e-300)


@st.composite
def weighted_games(draw: st.DrawFn) -> tuple[list[int], int]:
    n = draw(st.integers(1, 12))
    weights = draw(st.lists(st.sampled_from([0, 1, 1, 2, 3, 5, 7, 13, 30]), min_size=n, max_size=n))
    if sum(weights) == 0:
        weights[0] = 1
    quota = draw(st.integers(1, sum(weights)))
    return weights, quota


@settings(max_examples=120, deadline=None)
@given(weighted_games())
def test_sweep_matches_brute_force(game: tuple[list[int], int]) -> None:
    weights, quota = game
    n = len(weights)
    ref = brute_force(Weighted(weights, quota=quota))
    got = minimal_float_stats(weights, quota)
    unit = 2.0**got.scale
    assert _close(got.mwc_total * unit, len(ref.mwc))
    for i in range(n):
        member = sum(1 for s in ref.mwc if i in s)
        dp = float(sum((Fraction(1, len(s)) for s in ref.mwc if i in s), Fraction(0)))
        assert _close(got.mwc_member[i] * unit, member)
        assert _close(got.dp_raw[i] * unit, dp)
        assert _close(got.johnston_raw[i] * unit, float(ref.johnston_raw[i]))


@pytest.mark.parametrize(
    ("n", "top", "seed"), [(40, 100, 1), (70, 20, 2), (90, 6, 3), (64, 300, 4)]
)
def test_sweep_matches_exact_integer_tables(n: int, top: int, seed: int) -> None:
    """Against the exact size-threshold tables (Python integers beyond 62 players)."""
    rng = random.Random(seed)
    weights = [rng.randint(1, top) for _ in range(n)]
    quota = rng.randint(sum(weights) // 3, 3 * sum(weights) // 4)
    exact = threshold_stats(weights, [quota] * (n + 1))
    jo = johnston_scores(weights, [quota] * (n + 1), exact=True)
    got = minimal_float_stats(weights, quota)
    unit = 2.0**got.scale
    assert exact.mwc_member is not None
    assert exact.dp_raw is not None
    assert exact.mwc_count
    assert _close(got.mwc_total * unit, exact.mwc_count)
    for i in range(n):
        assert _close(got.mwc_member[i] * unit, exact.mwc_member[i])
        assert _close(got.dp_raw[i] * unit, float(exact.dp_raw[i]))
        assert _close(got.johnston_raw[i] * unit, float(jo[i]))


def _two_class_closed_form(a: int, b: int, quota: int) -> dict[str, list[Fraction]]:
    """``a`` players of weight 2 and ``b`` of weight 1, by coalition type ``(i twos, j ones)``.

    Minimal winning: with a one, ``2i + j = q`` exactly; without, ``2i ∈ {q, q + 1}``. Critical members at
    excess ``e = 2i + j − q``: everyone when ``e = 0``, the twos when ``e = 1``, nobody beyond.
    """
    dp = [Fraction(0), Fraction(0)]
    member = [0, 0]
    jo = [Fraction(0), Fraction(0)]
    for i in range(a + 1):
        for j in range(b + 1):
            e = 2 * i + j - quota
            if e < 0:
                continue
            minimal = (j >= 1 and e == 0) or (j == 0 and e in (0, 1) and i >= 1)
            if minimal:
                size = i + j
                # per player: a given two is in C(a-1, i-1)·C(b, j) of them
                member[0] += math.comb(a - 1, i - 1) * math.comb(b, j) if i else 0
                member[1] += math.comb(a, i) * math.comb(b - 1, j - 1) if j else 0
                dp[0] += Fraction(math.comb(a - 1, i - 1) * math.comb(b, j), size) if i else 0
                dp[1] += Fraction(math.comb(a, i) * math.comb(b - 1, j - 1), size) if j else 0
            if e == 0 and i + j:
                if i:
                    jo[0] += Fraction(math.comb(a - 1, i - 1) * math.comb(b, j), i + j)
                if j:
                    jo[1] += Fraction(math.comb(a, i) * math.comb(b - 1, j - 1), i + j)
            elif e == 1 and i:
                jo[0] += Fraction(math.comb(a - 1, i - 1) * math.comb(b, j), i)
    mwc_total = sum(
        math.comb(a, i) * math.comb(b, j)
        for i in range(a + 1)
        for j in range(b + 1)
        if (j >= 1 and 2 * i + j == quota) or (j == 0 and i >= 1 and 2 * i - quota in (0, 1))
    )
    players = [0] * a + [1] * b
    h_total = sum(member[c] for c in players)
    j_total = sum(jo[c] for c in players)
    return {
        "deegan_packel": [dp[c] / mwc_total for c in players],
        "holler": [Fraction(member[c], h_total) for c in players],
        "johnston": [jo[c] / j_total for c in players],
    }


def test_thousand_players_against_closed_form() -> None:
    """1000 players (counts near 2^1000, beyond float range without scaling) through power_indices."""
    a, b = 300, 700
    quota = (2 * a + b) // 2 + 1
    weights = [2] * a + [1] * b
    res = power_indices(Weighted(weights, quota=quota))
    want = _two_class_closed_form(a, b, quota)
    assert "marked members" in res.algorithm
    for name, values in want.items():
        got = res.indices[name]
        assert got is not None
        for player, w in zip(res.players, values, strict=True):
            assert got[player] == pytest.approx(float(w), rel=1e-7)
    assert res.minimal_winning_count is None


def test_large_random_game_is_complete_and_consistent() -> None:
    """Every index for every player at n = 300: positive, normalised, equal for equal weights (symmetric
    players), and the auto method leaves no index out."""
    rng = random.Random(7)
    weights = [rng.randint(1, 100) for _ in range(300)]
    res = power_indices(Weighted(weights, quota=sum(weights) // 2 + 1))
    for name in ("deegan_packel", "holler", "johnston"):
        got = res.indices[name]
        assert got is not None, name
        assert math.fsum(got.values()) == pytest.approx(1.0, abs=1e-9)
        by_weight: dict[int, set[float]] = {}
        for w, value in zip(weights, got.values(), strict=True):
            assert value > 0
            by_weight.setdefault(w, set()).add(round(float(value), 15))
        assert all(len(v) == 1 for v in by_weight.values()), name
    assert not any("not computed" in note for note in res.notes)


def test_reciprocal_kernel_accuracy() -> None:
    nodes, weights = reciprocal_kernel(1, 5000)
    assert nodes[0] == 1.0
    assert (nodes > 0).all()
    assert (nodes <= 1).all()
    assert (weights > 0).all()
    for k in (1, 2, 7, 100, 999, 5000):
        approx = math.fsum(float(w) * float(t) ** k for t, w in zip(nodes, weights, strict=True))
        assert abs(approx * k - 1) < KERNEL_TOLERANCE


def test_rejects_quota_outside_range() -> None:
    with pytest.raises(ValueError):
        minimal_float_stats([1, 2], 4)
