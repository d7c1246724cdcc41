"""What to table: the setter's best passable package, exact against brute force and a closed form."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coalitionist.outcome.rule import ternary_rule
from coalitionist.outcome.votes import cast_votes, utility_gain
from coalitionist.power import AllOf, Count, Rule, Veto, Weighted
from coalitionist.process import (
    InvalidProcessInputError,
    PackageProblem,
    PassFunction,
    best_package,
    binary_passes,
    needed_voters,
    plan_packages,
)


# Brute force: every package, one at a time, straight from the outcome engine's vote model and the rule
# (no gain tables, no ordering, no pruning).
def brute_best(problem, free=None):
    """The largest focal gain over every passable package (0 when none beats the status quo)."""
    free = range(problem.k) if free is None else free
    ranges = [
        range(len(problem.options[j])) if j in free else [int(problem.sq_option[j])]
        for j in range(problem.k)
    ]
    best = 0.0
    for choice in itertools.product(*ranges):
        x = np.array([problem.options[j][c] for j, c in enumerate(choice)])
        g = utility_gain(
            problem.positions, problem.salience, x, problem.status_quo, width=problem.width
        )
        codes = cast_votes(g, problem.band)
        if bool(problem.passes(codes[None, :])[0]) and g[problem.focal] > best + 1e-12:
            best = float(g[problem.focal])
    return best


@st.composite
def problems(draw, ternary=False):
    n = draw(st.integers(3, 7))
    k = draw(st.integers(1, 3))
    seed = draw(st.integers(0, 2**31 - 1))
    rng = np.random.default_rng(seed)
    pos = rng.integers(0, 11, (n, k)) * 10.0
    sal = rng.integers(0, 11, (n, k)) / 10.0
    if draw(st.booleans()):  # a focal actor at the extreme, far from most voters
        pos[0] = 100.0
    q = rng.integers(0, 11, k) * 10.0
    opts = [np.unique(rng.integers(0, 11, draw(st.integers(1, 4))) * 10.0) for _ in range(k)]
    weights = rng.integers(1, 4, n).tolist()
    rule: Rule = Weighted(weights, threshold=draw(st.sampled_from([0.5, 0.66, 0.75])), strict=True)
    if ternary and n >= 4:
        rule = AllOf([rule, Veto(n, holders=[1, 2])])
        passes: PassFunction = ternary_rule(rule).passes
    else:
        passes = binary_passes(rule.wins_many)
    band = draw(st.sampled_from([0.0, 0.05, 0.1]))
    return PackageProblem(
        [f"a{i}" for i in range(n)],
        [f"i{j}" for j in range(k)],
        pos,
        sal,
        q,
        np.full(k, 100.0),
        opts,
        0,
        passes,
        band=band,
    )


@settings(max_examples=60, deadline=None)
@given(problems(), st.booleans())
def test_enumeration_and_branch_and_bound_are_exact(problem: PackageProblem, ternary: bool) -> None:
    expected = brute_best(problem)
    for method in ("enumeration", "branch_and_bound"):
        r = best_package(problem, method=method, max_frontier=None)
        assert r.exact
        assert r.value == pytest.approx(expected, abs=1e-9)
        if r.package is not None:
            assert r.package.passes
            assert r.package.focal_gain > 0


@settings(max_examples=40, deadline=None)
@given(problems(ternary=True))
def test_exact_under_a_ternary_rule_with_vetoes(problem: PackageProblem) -> None:
    assert best_package(problem).value == pytest.approx(brute_best(problem), abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(problems(), st.integers(1, 4))
def test_a_capped_frontier_reports_a_true_bound(problem: PackageProblem, cap: int) -> None:
    exact = brute_best(problem)
    r = best_package(problem, method="branch_and_bound", max_frontier=cap)
    assert r.value <= exact + 1e-9
    assert r.upper_bound >= exact - 1e-9
    if r.exact:
        assert r.value == pytest.approx(exact, abs=1e-9)


@settings(max_examples=30, deadline=None)
@given(problems())
def test_issue_by_issue_is_each_issue_alone(problem: PackageProblem) -> None:
    plan = plan_packages(problem)
    for a in plan.alone:
        assert a.focal_gain == pytest.approx(brute_best(problem, free=[a.issue]), abs=1e-9)
    assert plan.seriatim_gain == pytest.approx(sum(a.focal_gain for a in plan.alone))
    assert set(plan.link) | set(plan.keep_apart) == set(range(problem.k))


@pytest.mark.parametrize(
    ("median", "setter", "expected"), [(40, 100, 80), (40, 70, 70), (0, 100, 0)]
)
def test_romer_rosenthal_one_dimension(median: int, setter: int, expected: int) -> None:
    """Romer & Rosenthal (1978): with the status quo at 0 and a median voter at m, the setter gets
    min(its ideal, 2m) — the reflection of the status quo through the median is the edge of the win set.
    (With a median at the status quo nothing passes: the setter gets the status quo.)"""
    grid = np.arange(0, 101, 5.0)
    pr = PackageProblem(
        ["setter", "median", "low"],
        ["x"],
        np.array([[setter], [median], [0.0]], dtype=float),
        np.ones((3, 1)),
        [0.0],
        [100.0],
        [grid],
        0,
        binary_passes(lambda m: m.sum(axis=1) >= 2),
        band=0.0,
    )
    r = best_package(pr)
    got = 0.0 if r.package is None else float(r.package.values[0])
    # 2m itself ties with the status quo for the median (gain 0, not a yes): one step inside
    assert got == (expected if expected in (setter, 0) else expected - 5)


def test_bundling_buys_a_vote_with_a_concession() -> None:
    """The focal actor cares about x, the swing voter about y: decided apart, x fails; bundled with the
    swing voter's y, both pass."""
    pr = PackageProblem(
        ["f", "swing", "other"],
        ["x", "y"],
        [[100, 0], [20, 100], [0, 0]],
        [[0.9, 0.1], [0.2, 0.8], [1.0, 1.0]],
        [0, 0],
        [100, 100],
        [[0, 100], [0, 100]],
        focal=0,
        passes=binary_passes(lambda m: m.sum(axis=1) >= 2),
    )
    plan = plan_packages(pr)
    assert plan.best.package is not None
    assert plan.best.package.values.tolist() == [100.0, 100.0]
    assert plan.alone[0].passes is False
    assert plan.bundle_beats_seriatim
    assert set(plan.link) == {0, 1}
    assert plan.pair_link[0, 1] > 0
    assert [pr.actors[i] for i in plan.carried_by] == ["f", "swing"]
    assert set(needed_voters(pr, plan.best.package)) == {0, 1}


def test_unsc_abstention_is_not_a_veto() -> None:
    """A permanent member that abstains does not block (ternary rule); under the binary reading it would."""
    n = 15
    rule = AllOf([Count(n, quota=9), Veto(n, holders=range(5))])
    pos = np.full((n, 1), 100.0)
    pos[4] = 45.0  # gains 0.45 - 0.55 = -0.1 x salience 0.3 = -0.03: abstains
    sal = np.full((n, 1), 0.3)
    args = (list(map(str, range(n))), ["force"], pos, sal, [0.0], [100.0], [[0.0, 100.0]], 0)
    tern = best_package(PackageProblem(*args, ternary_rule(rule).passes))
    binary = best_package(PackageProblem(*args, binary_passes(rule.wins_many)))
    assert tern.package is not None
    assert tern.package.values.tolist() == [100.0]
    assert binary.package is None


def test_large_space_uses_branch_and_bound_with_a_bound() -> None:
    rng = np.random.default_rng(3)
    n, k = 30, 8
    pos = rng.uniform(0, 100, (n, k))
    pos[0] = 100.0
    sal = rng.uniform(0, 1, (n, k))
    opts = [np.linspace(0, 100, 8)] * k  # 8^8 = 16.8 M packages
    rule = Weighted([1] * n, threshold=0.6, strict=True)
    pr = PackageProblem(
        [f"a{i}" for i in range(n)],
        [f"i{j}" for j in range(k)],
        pos,
        sal,
        np.zeros(k),
        np.full(k, 100.0),
        opts,
        0,
        binary_passes(rule.wins_many),
    )
    r = best_package(pr)
    assert r.method == "branch_and_bound"
    assert r.space == 8**8
    assert r.package is not None
    assert r.package.passes
    assert r.upper_bound >= r.value


def test_bad_shapes_are_located_errors() -> None:
    with pytest.raises(InvalidProcessInputError, match="shape"):
        PackageProblem(
            ["a"],
            ["x"],
            [1.0],
            [1.0],
            [0.0],
            [1.0],
            [[0.0]],
            0,
            lambda c: np.ones(len(c), dtype=bool),
        )
    with pytest.raises(InvalidProcessInputError, match="focal"):
        PackageProblem(
            ["a"],
            ["x"],
            [[1.0]],
            [[1.0]],
            [0.0],
            [1.0],
            [[0.0]],
            3,
            lambda c: np.ones(len(c), dtype=bool),
        )
