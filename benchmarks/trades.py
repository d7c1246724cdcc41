"""Benchmark: the Pareto frontier of additive utilities, coalitionist vs NegMAS, side by side.

Run ``python benchmarks/trades.py`` (``--quick`` skips NegMAS on the 6 x 8 x 5 case, ~40 s).

Random linear-additive utilities as in the NegMAS measurements of the research notes -- each actor
has random issue weights (3-decimal numbers in (0, 1)) and a random value table per issue (6-decimal
numbers in [0, 1)); u = sum of weight x value; reserved value 0 -- in the shapes of issue 6:
3 parties x 6 issues x 5 options (15,625 packages), 3 x 8 x 5 and 6 x 8 x 5 (390,625), then
3 x 10 x 10 and 6 x 10 x 10 (10^10 packages, beyond enumeration: NegMAS is not run there).

Columns: ``frontier`` is coalitionist's frontier alone (exact utilities + :func:`exact_frontier`, or
the supported frontier when the space is too large); ``analysis`` is the whole
:func:`analyze_trades` (frontier, fair agreements, compromise, pair and three-way trades, counting the
acceptable packages); ``negmas`` is ``negmas.preferences.ops.pareto_frontier`` on the same utilities
(NegMAS is AGPL and only an optional peer: ``pip install negmas``); ``ratio`` = negmas / frontier;
``agree`` says whether both found the same set of packages. Times are CPU seconds (wall beside
them), the median of ``--repeat`` runs on each side; the ratio is of CPU time.
"""

from __future__ import annotations

import argparse
from fractions import Fraction

import numpy as np
from numpy.typing import NDArray

from bench_timing import measure, ratio
from coalitionist.trades import (
    TradeInputs,
    analyze_trades,
    compile_tables,
    exact_frontier,
    supported_frontier,
)
from coalitionist.trades.errors import FrontierTooLargeError

CASES = [(3, 6, 5), (3, 8, 5), (6, 8, 5), (3, 10, 10), (6, 10, 10)]
ENUMERABLE = 10**6


def random_ufuns(n: int, k: int, m: int, seed: int) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Weights ``(n, k)`` in thousandths and value tables ``(n, k, m)`` in millionths."""
    rng = np.random.default_rng(seed)
    return rng.integers(1, 1000, size=(n, k)), rng.integers(0, 10**6, size=(n, k, m))


def to_inputs(weights: NDArray[np.int64], values: NDArray[np.int64]) -> TradeInputs:
    """Utility tables weight x value: exact 9-decimal numbers, stored as the nearest floats."""
    n, k, m = values.shape
    actors = [f"a{i}" for i in range(n)]
    issues = [f"i{j}" for j in range(k)]
    tables = {
        actors[i]: {
            issues[j]: [
                float(Fraction(int(weights[i, j]), 1000) * Fraction(int(v), 10**6))
                for v in values[i, j]
            ]
            for j in range(k)
        }
        for i in range(n)
    }
    return TradeInputs(
        actors=tuple(actors),
        issues=tuple(issues),
        options=tuple(np.arange(m, dtype=np.float64) for _ in range(k)),
        lo=np.zeros(k),
        hi=np.full(k, m - 1.0),
        status_quo=np.zeros(k),
        positions=np.zeros((n, k)),
        salience=np.ones((n, k)),
        utility_tables=tables,
    )


def ours_frontier(inputs: TradeInputs) -> tuple[set[tuple[int, ...]], str]:
    tables = compile_tables(inputs)
    try:
        choices, _ = exact_frontier(tables.int_tables, stop_early=True)
        method = "exact"
    except FrontierTooLargeError:
        choices = supported_frontier(tables, n_weights=20_000, seed=0)
        method = "supported"
    return {tuple(int(o) for o in row) for row in choices}, method


def negmas_frontier(
    weights: NDArray[np.int64], values: NDArray[np.int64]
) -> set[tuple[int, ...]] | None:
    try:
        from negmas import make_issue
        from negmas.outcomes import enumerate_issues
        from negmas.preferences import LinearAdditiveUtilityFunction
        from negmas.preferences.ops import pareto_frontier
    except ImportError:
        return None
    n, k, m = values.shape
    issues = [make_issue(values=m, name=f"i{j}") for j in range(k)]
    ufuns = [
        LinearAdditiveUtilityFunction(
            values={f"i{j}": {o: values[i, j, o] / 10**6 for o in range(m)} for j in range(k)},
            weights={f"i{j}": weights[i, j] / 1000 for j in range(k)},
            issues=issues,
        )
        for i in range(n)
    ]
    _, indices = pareto_frontier(ufuns, issues=issues)
    outcomes = list(enumerate_issues(issues))
    return {tuple(int(v) for v in outcomes[int(i)]) for i in indices}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip NegMAS on 6 x 8 x 5")
    parser.add_argument("--repeat", type=int, default=3, help="runs per side (the median is shown)")
    args = parser.parse_args(argv)
    try:
        import negmas

        peer = f"negmas {negmas.__version__}"
    except ImportError:
        peer = ""
        print("negmas is not installed (pip install negmas): its columns are skipped")
    header = (
        f"{'parties x issues x options':>27} {'packages':>15} {'frontier CPU s':>15} {'wall':>7}"
        f" {'analysis':>9} {'method':>9} {'size':>6} {'negmas CPU s':>13} {'wall':>7} {'size':>6}"
        f" {'ratio (CPU, wall)':>24} {'agree':>6}"
    )
    print(
        f"coalitionist vs {peer or 'no peer'}, in this process; median of {args.repeat} runs on each"
        " side; ratio = negmas / coalitionist"
    )
    print(header)
    print("-" * len(header))
    for seed, (n, k, m) in enumerate(CASES):
        weights, values = random_ufuns(n, k, m, seed)
        inputs = to_inputs(weights, values)
        front = measure(lambda: ours_frontier(inputs), args.repeat)  # noqa: B023
        ours, method = front.result
        t_all = measure(lambda: analyze_trades(inputs), 1)  # noqa: B023  (ours only: one run)
        neg_t = neg_w = neg_size = rat = agree = "-"
        if peer and m**k <= ENUMERABLE and not (args.quick and n * m**k > 2 * 10**6):
            neg = measure(lambda: negmas_frontier(weights, values), args.repeat)  # noqa: B023
            theirs = neg.result
            assert theirs is not None
            neg_t, neg_w, neg_size = f"{neg.cpu:.3f}", f"{neg.wall:.3f}", str(len(theirs))
            rat = ratio(neg, front)
            agree = "yes" if theirs == ours else "NO"
        elif m**k > ENUMERABLE:
            neg_t = "n/a"
        print(
            f"{f'{n} x {k} x {m}':>27} {m**k:>15,} {front.cpu:>15.3f} {front.wall:>7.3f}"
            f" {t_all.cpu:>9.3f} {method:>9} {len(ours):>6} {neg_t:>13} {neg_w:>7} {neg_size:>6}"
            f" {rat:>24} {agree:>6}"
        )
    print(
        "\nn/a: 10^10 packages cannot be enumerated; coalitionist answers with the exact frontier "
        "when pruning by issue keeps it small, else with the supported (weighted-sum) frontier."
    )


if __name__ == "__main__":
    main()
