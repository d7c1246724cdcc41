"""The cost model behind ``method="auto"``: deterministic operation counts and the choices they lead to.

Nothing here runs an algorithm or measures time (``benchmarks/power.py`` calibrates seconds per
operation against measured runs); these tests check what the model predicts and what ``auto`` picks.
"""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from coalitionist.power import INDEX_NAMES, AllOf, AnyOf, Count, Weighted
from coalitionist.power.cost import AUTO_BUDGET, Estimate, float_cost, halves_cost, table_cost
from coalitionist.power.indices import choose_plan
from coalitionist.power.linear import compile_rule

EU_PERSONS = [
    83166711, 67320216, 59641488, 47332614, 37958138, 19328838, 17407585, 11522440, 10693939,
    10718565, 10295909, 10327589, 9769526, 8901064, 6951482, 5822763, 5525292, 5457873, 4964440,
    4058165, 2794090, 2095861, 1907675, 1328976, 888005, 626108, 514564,
]  # fmt: skip


def _weighted(n: int, top: int = 100, seed: int = 42) -> Weighted:
    rng = random.Random(seed)
    w = [rng.randint(1, top) for _ in range(n)]
    return Weighted(w, quota=sum(w) // 2 + 1)


def _choice(rule: Weighted | AnyOf, want: tuple[str, ...], forced: bool = False) -> str:
    plan, _, _ = choose_plan(compile_rule(rule), exact=False, want=frozenset(want), forced=forced)
    return "monte_carlo" if plan is None else plan.estimate.algorithm


def test_banzhaf_alone_is_not_charged_the_shapley_cost() -> None:
    alone = float_cost(2000, 101_000, shapley=False)
    both = float_cost(2000, 101_000, shapley=True)
    assert dict(alone.parts).keys() == {"banzhaf"}
    assert both.ops > 50 * alone.ops


@pytest.mark.parametrize("n", [1075, 2000, 5000, 10_000])
def test_banzhaf_is_exact_by_default_to_ten_thousand_players(n: int) -> None:
    """The cliff of issue 17 (Monte Carlo above 1,075 players, weights 1..100) is gone."""
    assert _choice(_weighted(n), ("banzhaf", "banzhaf_absolute")) == "float"


def test_all_six_at_a_thousand_players_are_exact() -> None:
    assert _choice(_weighted(1000), INDEX_NAMES) == "float"


def test_eu_in_persons_is_solved_by_meet_in_the_middle() -> None:
    n = len(EU_PERSONS)
    rule = AnyOf(
        [
            AllOf([Count(n, threshold=Fraction(55, 100)), Weighted(EU_PERSONS, threshold=0.65)]),
            Count(n, quota=24),
        ]
    )
    assert _choice(rule, INDEX_NAMES) == "halves"


def test_small_weights_keep_the_table_and_large_ones_switch() -> None:
    """Same 30 players: weights 1..9 are cheapest by the weight table, weights up to 10⁹ by the halves."""
    assert _choice(_weighted(30, top=9), ("banzhaf",)) == "table"
    assert _choice(_weighted(30, top=10**9), ("banzhaf",)) == "halves"


@pytest.mark.parametrize("n", [10, 20, 30, 40, 50])
@pytest.mark.parametrize("top", [10, 1000, 10**6, 10**9])
def test_exact_is_never_abandoned_where_it_is_cheaper(n: int, top: int) -> None:
    """On a grid of n and weight scales: auto samples only when every exact plan costs more than both
    the budget and Monte Carlo."""
    for want in (("banzhaf",), ("shapley_shubik", "banzhaf"), INDEX_NAMES):
        plan, plans, mc = choose_plan(
            compile_rule(_weighted(n, top)), exact=False, want=frozenset(want), forced=False
        )
        cheapest = min(p.estimate.seconds for p in plans)
        if plan is None:
            assert cheapest > max(AUTO_BUDGET, mc.seconds)
        elif frozenset(want) <= plan.covers:
            covering = [p.estimate.seconds for p in plans if frozenset(want) <= p.covers]
            assert plan.estimate.seconds == min(covering)


def _core(est: Estimate) -> float:
    """Operations without the fixed Python overhead."""
    return sum(v for k, v in est.parts if k != "overhead")


def test_predictions_grow_with_their_drivers() -> None:
    """Tables grow with the quota and not with 2^n; the halves with 2^(n/2) and not with the weights."""
    t1 = _core(table_cost(30, 1000, 30, minimal=True, johnston=True, johnston_cap=1100))
    t2 = _core(table_cost(30, 10**6, 30, minimal=True, johnston=True, johnston_cap=10**6 + 100))
    assert 500 < t2 / t1 < 1100
    h30 = _core(halves_cost(30, 30, minimal=True, johnston=True))
    h40 = _core(halves_cost(40, 40, minimal=True, johnston=True))
    assert 2**5 < h40 / h30 < 2**6 * 2
    assert _core(halves_cost(30, 30, minimal=False, johnston=False)) < h30 / 5
    assert halves_cost(51, 1, minimal=False, johnston=False).ops == float("inf")


def test_the_message_says_what_would_make_it_exact() -> None:
    from coalitionist.power import ExactComputationTooLargeError, power_indices

    rng = random.Random(9)
    w = [rng.randint(10**11, 10**12) for _ in range(80)]
    with pytest.raises(ExactComputationTooLargeError, match="cheapest exact algorithm"):
        power_indices(Weighted(w, quota=sum(w) // 2 + 1), method="exact")
