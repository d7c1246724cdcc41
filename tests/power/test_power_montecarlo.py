"""Monte Carlo estimates: reproducible under a seed, within the stated ε of the exact values."""

from __future__ import annotations

import math

import pytest

from coalitionist.power import AllOf, AnyOf, Count, Rule, Veto, Weighted, power_indices
from coalitionist.power.montecarlo import samples_needed

EU_LIKE = AnyOf(
    [
        AllOf(
            [
                Count(12, threshold=0.55),
                Weighted([40, 31, 25, 20, 17, 10, 9, 8, 5, 3, 2, 1], threshold=0.65),
            ]
        ),
        Count(12, quota=9),
    ]
)


def test_sample_size_is_hoeffding_with_a_union_bound() -> None:
    # 2n estimates, each within ε with probability ≥ 1 − 2exp(−2mε²): m = ln(4n/δ) / (2ε²)
    assert samples_needed(27, 0.01, 0.05) == math.ceil(math.log(4 * 27 / 0.05) / (2 * 0.01**2))
    assert samples_needed(1, 0.5, 0.5) == math.ceil(math.log(8) / 0.5)


def test_same_seed_same_estimates_and_different_seed_differs() -> None:
    a = power_indices(EU_LIKE, method="monte_carlo", epsilon=0.05, seed=7)
    b = power_indices(EU_LIKE, method="mc", epsilon=0.05, seed=7)
    c = power_indices(EU_LIKE, method="monte_carlo", epsilon=0.05, seed=8)
    assert a.indices == b.indices
    assert a.indices != c.indices
    assert a.method == "monte_carlo"
    assert a.samples == samples_needed(12, 0.05, 0.01, kinds=5)  # Bz, SS, DP, Holler, Johnston
    assert a.seed == 7
    assert a.swings is None
    assert sum(a.values("johnston").values()) == pytest.approx(1.0)  # sampled too, since issue 11


@pytest.mark.parametrize("rule", [EU_LIKE, AllOf([Count(9, quota=6), Veto(9, [0, 1])])])
def test_estimates_are_within_epsilon_of_exact(rule: Rule) -> None:
    eps = 0.02
    exact = power_indices(rule)
    est = power_indices(rule, method="monte_carlo", epsilon=eps, delta=0.001, seed=2024)
    for index in ("shapley_shubik", "banzhaf_absolute"):
        for p in exact.players:
            assert abs(float(est.values(index)[p]) - float(exact.values(index)[p])) <= eps
    assert est.veto_players == exact.veto_players
    d = est.to_dict()
    assert d["method"] == "monte_carlo"
    assert d["epsilon"] == eps
    assert d["delta"] == 0.001


@pytest.mark.parametrize("rule", [EU_LIKE, Weighted([9, 7, 7, 5, 4, 3, 2, 2, 1, 1], quota=21)])
def test_minimal_coalition_indices_are_sampled_within_epsilon(rule: Rule) -> None:
    """Deegan–Packel, Holler and Johnston numerators over 2^n: within ε of brute force (seeded)."""
    import numpy as np
    from power_brute import brute_force

    from coalitionist.power.linear import compile_rule
    from coalitionist.power.montecarlo import monte_carlo_stats

    ref = brute_force(rule)
    n, eps = rule.n, 0.02
    stats, m = monte_carlo_stats(
        compile_rule(rule), epsilon=eps, delta=0.01, rng=np.random.default_rng(3), minimal=3
    )
    assert m == samples_needed(n, eps, 0.01, kinds=5)
    scale = 2**n
    assert stats.johnston_raw is not None
    assert stats.mwc_member is not None
    assert stats.dp_raw is not None
    for i in range(n):
        holler = sum(1 for s in ref.mwc if i in s) / scale
        dp = sum(1 / len(s) for s in ref.mwc if i in s) / scale
        assert abs(float(stats.johnston_raw[i]) - float(ref.johnston_raw[i]) / scale) <= eps
        assert abs(float(stats.mwc_member[i]) - holler) <= eps
        assert abs(float(stats.dp_raw[i]) - dp) <= eps
    res = power_indices(rule, method="monte_carlo", seed=3, epsilon=eps)
    for name in ("deegan_packel", "holler", "johnston"):
        got = res.values(name)
        assert sum(got.values()) == pytest.approx(1.0)
        want = ref.index(name)
        assert max(abs(got[p] - float(w)) for p, w in zip(res.players, want, strict=True)) < 0.1
