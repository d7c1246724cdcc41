"""Brute-force references for the joint-gain tests: plain Python, Fractions, every package enumerated.

Written independently of the package code: utilities straight from the formula in the issue, dominance
straight from its definition.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from coalitionist.trades import TradeInputs

Point = tuple[Fraction, ...]


def frac(x: float) -> Fraction:
    """The decimal the float was written as."""
    return Fraction(repr(float(x)))


def option_value(inputs: TradeInputs, i: int, k: int, value: float) -> Fraction:
    """Actor i's utility contribution of value on issue k, straight from the formula."""
    actor = inputs.actors[i]
    table = inputs.utility_tables.get(actor)
    if table is not None:
        if inputs.issues[k] not in table:
            return Fraction(0)
        opts = list(inputs.options[k])
        return frac(np.asarray(table[inputs.issues[k]])[opts.index(value)])
    total = sum((frac(s) for s in inputs.salience[i]), Fraction(0))
    if total == 0 or inputs.salience[i, k] == 0:
        return Fraction(0)
    w = frac(inputs.salience[i, k]) / total
    span = frac(inputs.hi[k]) - frac(inputs.lo[k])
    return w * (1 - abs(frac(value) - frac(inputs.positions[i, k])) / span)


def all_packages(inputs: TradeInputs) -> dict[tuple[int, ...], Point]:
    """Every package (option indices) with every actor's exact utility."""
    out = {}
    for choice in itertools.product(*[range(len(o)) for o in inputs.options]):
        out[choice] = tuple(
            sum(
                (
                    option_value(inputs, i, k, float(inputs.options[k][o]))
                    for k, o in enumerate(choice)
                ),
                Fraction(0),
            )
            for i in range(inputs.n_actors)
        )
    return out


def no_deal(inputs: TradeInputs) -> Point:
    """Every actor's exact utility of the status quo."""
    return tuple(
        sum(
            (
                option_value(inputs, i, k, float(inputs.status_quo[k]))
                for k in range(inputs.n_issues)
            ),
            Fraction(0),
        )
        for i in range(inputs.n_actors)
    )


def dominates(y: Sequence[object], x: Sequence[object]) -> bool:
    """y >= x everywhere and y != x."""
    return all(a >= b for a, b in zip(y, x, strict=True)) and any(  # type: ignore[operator]
        a > b  # type: ignore[operator]
        for a, b in zip(y, x, strict=True)
    )


def pareto_keys(points: dict[tuple[int, ...], Point]) -> set[tuple[int, ...]]:
    """Keys whose point no other point dominates (O(N^2))."""
    items = list(points.items())
    return {k for k, p in items if not any(dominates(q, p) for _, q in items)}


def brute_dominated(rows: Iterable[Sequence[int]]) -> list[bool]:
    """Row-wise: is some other row >= everywhere and different."""
    rows = [tuple(r) for r in rows]
    return [any(dominates(q, p) for q in rows) for p in rows]


@st.composite
def small_inputs(
    draw: st.DrawFn,
    max_actors: int = 4,
    max_issues: int = 3,
    max_options: int = 4,
    tables: bool = True,
) -> TradeInputs:
    """Random small scenarios with coarse numbers, so that exact ties are common."""
    n = draw(st.integers(1, max_actors))
    k = draw(st.integers(1, max_issues))
    grid = [0.0, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0]
    options = []
    for _ in range(k):
        m = draw(st.integers(1, max_options))
        options.append(
            sorted(draw(st.lists(st.sampled_from(grid), min_size=m, max_size=m, unique=True)))
        )
    sq = [draw(st.sampled_from(grid)) for _ in range(k)]
    pos = np.array([[draw(st.sampled_from(grid)) for _ in range(k)] for _ in range(n)])
    sal = np.array(
        [[draw(st.sampled_from([0.0, 0.1, 0.2, 0.3, 1.0])) for _ in range(k)] for _ in range(n)]
    )
    actors = [f"a{i}" for i in range(n)]
    issues = [f"x{j}" for j in range(k)]
    utility_tables = {}
    if tables and n > 1 and draw(st.booleans()):
        # one actor with its own table; the status quo must be an option of the tabled issues
        j = draw(st.integers(0, k - 1))
        sq[j] = options[j][0]
        utility_tables[actors[0]] = {
            issues[j]: [draw(st.sampled_from([0.0, 0.1, 0.2, 0.3, 0.6])) for _ in options[j]]
        }
    return TradeInputs(
        actors=tuple(actors),
        issues=tuple(issues),
        options=tuple(np.array(o) for o in options),
        lo=np.zeros(k),
        hi=np.ones(k),
        status_quo=np.array(sq),
        positions=pos,
        salience=sal,
        utility_tables=utility_tables,
    )


def random_table_pair(
    rng: np.random.Generator, min_issues: int = 1, **fields: object
) -> TradeInputs:
    """Two actors with their own utility tables on 1-3 issues of 2-4 options (status quo: option 0)."""
    k = int(rng.integers(min_issues, 4))
    sizes = [int(rng.integers(2, 5)) for _ in range(k)]
    grid = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.7, 1.0]
    issues = [f"x{j}" for j in range(k)]
    tables = {
        a: {issues[j]: [float(rng.choice(grid)) for _ in range(sizes[j])] for j in range(k)}
        for a in ("a", "b")
    }
    return TradeInputs(
        actors=("a", "b"),
        issues=tuple(issues),
        options=tuple(np.arange(m, dtype=np.float64) for m in sizes),
        lo=np.zeros(k),
        hi=np.array([m - 1.0 for m in sizes]),
        status_quo=np.zeros(k),
        positions=np.zeros((2, k)),
        salience=np.ones((2, k)),
        utility_tables=tables,
        **fields,  # type: ignore[arg-type]
    )


def random_logroll_case(rng: np.random.Generator) -> TradeInputs:
    """Two or three opinionated actors plus central mediators that hold the medians near the middle,
    so that the issue-by-issue compromise leaves room for trades."""
    n_sides = int(rng.integers(2, 4))
    k = int(rng.integers(2, 4))
    options = tuple(
        np.array(sorted({0.5, *rng.choice([0.0, 0.25, 0.75, 1.0], size=2, replace=False)}))
        for _ in range(k)
    )
    pos = [[float(rng.choice([0.0, 0.25, 0.75, 1.0])) for _ in range(k)] for _ in range(n_sides)]
    sal = [[float(rng.choice([0.1, 0.2, 0.3, 0.6, 1.0])) for _ in range(k)] for _ in range(n_sides)]
    pos.append([0.5] * k)
    sal.append([2.0] * k)
    n = n_sides + 1
    return TradeInputs(
        actors=tuple(f"a{i}" for i in range(n)),
        issues=tuple(f"x{j}" for j in range(k)),
        options=options,
        lo=np.zeros(k),
        hi=np.ones(k),
        status_quo=np.full(k, 0.5),
        positions=np.array(pos),
        salience=np.array(sal),
    )
