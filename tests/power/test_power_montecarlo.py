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
    assert a.samples == samples_needed(12, 0.05, 0.01)
    assert a.seed == 7
    assert a.swings is None
    assert a.indices["johnston"] is None


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
