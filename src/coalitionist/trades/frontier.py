"""Pareto frontiers of additive package utilities: exact, and supported (weighted-sum) for huge spaces.

Two facts about additive utilities ``u_i(x) = sum_k t_ik[x_k]`` drive everything here.

1. *Pruning by issue.* If a partial package (options on the first ``j`` issues) is strictly dominated by
   another partial package, every completion of it is strictly dominated by the same completion of the
   other. So the frontier of all packages is built issue by issue, keeping after each issue only the
   non-dominated partial packages (a Minkowski-sum Pareto recursion, cf. Nemhauser & Ullmann 1969 for
   knapsacks). Nothing is lost: equal utility vectors are kept, only strict dominance removes a package.
2. *Separation by issue.* For positive weights ``lambda``, ``sum_i lambda_i u_i(x)`` is maximised by
   maximising ``sum_i lambda_i t_ik[o]`` issue by issue, and every maximiser is Pareto-optimal. The
   supported frontier (the points on the convex hull) is therefore reachable without enumerating packages,
   however many there are (Geoffrion 1968 for weighted sums; Ehrgott, *Multicriteria Optimization*, 2005).

Dominance tests work on integer utilities (see :mod:`coalitionist.trades.exact`) compressed to per-actor
dense ranks, with a bitset algorithm: for each actor, the set of points at least as good as a query point
is a prefix of that actor's sorted order, stored as a bitset; a point is dominated when the intersection
over actors, and with "strictly greater rank sum", is not empty.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from coalitionist.seeding import Seed
from coalitionist.trades.errors import FrontierTooLargeError, TradeInputError
from coalitionist.trades.exact import ExactTables, integer_tables

__all__ = [
    "dominated_mask",
    "exact_frontier",
    "fraction_frontier",
    "pareto_mask",
    "supported_frontier",
    "weighted_sum_optima",
]

_CHUNK = 4096
_QBLOCK = 8192


def _dense_ranks(points: NDArray[Any]) -> NDArray[np.int64]:
    """Replace each column by the rank of its value among that column's distinct values."""
    ranks = np.empty(points.shape, dtype=np.int64)
    for j in range(points.shape[1]):
        ranks[:, j] = np.unique(points[:, j], return_inverse=True)[1].reshape(-1)
    return ranks


def _dominated_2d(r: NDArray[np.int64]) -> NDArray[np.bool_]:
    a, b = r[:, 0], r[:, 1]
    order = np.lexsort((-b, -a))  # a descending, then b descending
    aa, bb = a[order], b[order]
    first = np.r_[True, aa[1:] != aa[:-1]]
    group = np.cumsum(first) - 1
    group_max = bb[first]  # the first row of each group has its largest b
    before = np.r_[-1, np.maximum.accumulate(group_max)[:-1]]  # best b among strictly larger a
    dom_sorted = (bb < group_max[group]) | (before[group] >= bb)
    out = np.empty(len(r), dtype=bool)
    out[order] = dom_sorted
    return out


def _dominated_bitset(r: NDArray[np.int64]) -> NDArray[np.bool_]:
    n_points, n = r.shape
    total = r.sum(axis=1)
    order = np.argsort(-total, kind="stable")  # chunks of candidates are bands of rank sum
    s_pts, s_tot = r[order], total[order]
    cols_s = [s_pts[:, j] for j in range(n)] + [s_tot]
    cols_q = [r[:, j] for j in range(n)] + [total]
    out = np.zeros(n_points, dtype=bool)
    for c0 in range(0, n_points, _CHUNK):
        c1 = min(n_points, c0 + _CHUNK)
        size = c1 - c0
        words = (size + 63) // 64
        # only points whose rank sum is below the chunk's best can be dominated by it
        queries = np.flatnonzero(~out & (total < s_tot[c0]))
        if queries.size == 0:
            continue
        ar = np.arange(size)
        onehot = np.zeros((size, words), dtype=np.uint64)
        onehot[ar, ar // 64] = np.left_shift(np.uint64(1), (ar % 64).astype(np.uint64))
        prefixes = []
        for j in range(n + 1):
            v = cols_s[j][c0:c1]
            o = np.argsort(-v, kind="stable")
            pref = np.zeros((size + 1, words), dtype=np.uint64)
            np.bitwise_or.accumulate(onehot[o], axis=0, out=pref[1:])
            prefixes.append((-v[o], pref))  # ascending keys, and "top r" bitsets
        for b0 in range(0, queries.size, _QBLOCK):
            q = queries[b0 : b0 + _QBLOCK]
            acc: NDArray[np.uint64] | None = None
            for j in range(n + 1):
                keys, pref = prefixes[j]
                # j < n: points with rank >= the query's; j == n: rank sum strictly greater
                count = np.searchsorted(keys, -cols_q[j][q], side="left" if j == n else "right")
                rows = pref[count]
                if acc is None:
                    acc = rows
                else:
                    np.bitwise_and(acc, rows, out=acc)
            assert acc is not None
            out[q] |= acc.any(axis=1)
    return out


def dominated_mask(points: NDArray[Any]) -> NDArray[np.bool_]:
    """Which rows are strictly Pareto-dominated by another row.

    Row ``y`` dominates row ``x`` when ``y >= x`` in every column and ``y != x``. Equal rows do not
    dominate each other, so all copies of a non-dominated vector are kept.

    Parameters
    ----------
    points : ndarray, shape (N, n)
        Any exactly comparable values (integers, including Python integers in an object array).

    Returns
    -------
    ndarray of bool, shape (N,)

    Notes
    -----
    Values are first replaced by per-column dense ranks (order-preserving, so dominance is unchanged).
    One column: rows below the maximum. Two columns: one sort and a running maximum, O(N log N).
    More: the bitset method described in the module docstring, O(N^2 n / 64) word operations in the
    worst case, in chunks of bounded memory.

    Examples
    --------
    >>> dominated_mask(np.array([[1, 2], [2, 1], [1, 1], [2, 1]])).tolist()
    [False, False, True, False]
    """
    points = np.asarray(points)
    if points.ndim != 2:
        raise TradeInputError("points must be a 2-D array")
    n_points, n = points.shape
    if n_points == 0:
        return np.zeros(0, dtype=bool)
    if n == 0:
        return np.zeros(n_points, dtype=bool)
    r = _dense_ranks(points)
    if n == 1:
        return np.asarray(r[:, 0] < r[:, 0].max())
    if n == 2:
        return _dominated_2d(r)
    return _dominated_bitset(r)


def pareto_mask(points: NDArray[Any]) -> NDArray[np.bool_]:
    """Which rows are Pareto-optimal (not strictly dominated by any row); see :func:`dominated_mask`."""
    return ~dominated_mask(points)


def exact_frontier(
    int_tables: Sequence[NDArray[Any]], *, max_candidates: int = 400_000, stop_early: bool = False
) -> tuple[NDArray[np.int64], NDArray[Any]]:
    """Every Pareto-optimal package of an additive utility, exactly.

    Algorithm (pruning by issue):

    1. Keep, on each issue, the options whose utility vectors are not strictly dominated.
    2. Start from the empty package; for each issue in turn, extend every kept partial package by every
       kept option of the issue, add the utility vectors, and drop strictly dominated candidates.
    3. After the last issue the survivors are exactly the Pareto-optimal packages (duplicates in utility
       included), because a strictly dominated partial package has only strictly dominated completions.

    Parameters
    ----------
    int_tables : sequence of ndarray
        ``int_tables[k]`` of shape ``(m_k, n)``: each actor's exact integer utility of each option.
    max_candidates : int
        Largest number of candidates allowed at one step.
    stop_early : bool
        Also give up as soon as a step has more than ``max_candidates / 20`` candidates and the last
        step is projected to exceed ``max_candidates`` (frontier size times its latest growth factor
        per remaining issue): for callers with a fallback, to avoid spending seconds on an attempt
        that is likely to fail.

    Returns
    -------
    choices : ndarray of int64, shape (F, k)
        Option index per issue of each frontier package, sorted lexicographically.
    utilities : ndarray, shape (F, n)
        Their exact integer utilities.

    Raises
    ------
    FrontierTooLargeError
        If a step would exceed ``max_candidates``, or is projected to.
    """
    n = int_tables[0].shape[1]
    utilities = np.zeros((1, n), dtype=int_tables[0].dtype)
    choices = np.zeros((1, 0), dtype=np.int64)
    kept = [np.flatnonzero(pareto_mask(table)) for table in int_tables]
    growth = 1.0
    for k, table in enumerate(int_tables):
        keep = kept[k]
        count = utilities.shape[0] * keep.size
        # frontier size before the last issue if it keeps growing at the latest rate
        projected = utilities.shape[0] * growth ** max(len(int_tables) - 1 - k, 0) * kept[-1].size
        doomed = stop_early and count > max_candidates / 20 and projected > max_candidates
        if count > max_candidates or doomed:
            raise FrontierTooLargeError(
                f"the exact frontier needs {count:,} candidates at issue {k + 1} of "
                f"{len(int_tables)}"
                + (
                    ""
                    if count > max_candidates
                    else f" and is growing {growth:.1f}-fold per issue (projected {projected:,.0f})"
                )
                + f"; the limit is {max_candidates:,}"
            )
        before = utilities.shape[0]
        cand = (utilities[:, None, :] + table[keep][None, :, :]).reshape(count, n)
        cand_choices = np.concatenate(
            [np.repeat(choices, keep.size, axis=0), np.tile(keep, utilities.shape[0])[:, None]],
            axis=1,
        )
        mask = pareto_mask(cand)
        utilities, choices = cand[mask], cand_choices[mask]
        growth = max(1.0, utilities.shape[0] / before)
    order = np.lexsort(choices.T[::-1]) if choices.shape[1] else np.arange(len(choices))
    return choices[order], utilities[order]


def fraction_frontier(
    values: Sequence[Sequence[Sequence[Fraction]]], *, max_candidates: int = 400_000
) -> tuple[NDArray[np.int64], list[tuple[Fraction, ...]]]:
    """Every Pareto-optimal choice of one option per slot, for exact rational values.

    Used for a few actors over derived slots (issues settled now or later, issues under each state of
    the world): the values are scaled to integers per actor (:func:`~coalitionist.trades.exact.\
integer_tables`) and passed to :func:`exact_frontier`.

    Parameters
    ----------
    values : nested sequences of Fraction
        ``values[i][s][o]``: actor ``i``'s value of option ``o`` in slot ``s``.
    max_candidates : int
        Budget passed to :func:`exact_frontier`.

    Returns
    -------
    choices : ndarray of int64, shape (F, slots)
    utilities : list of tuple of Fraction
        Each point's exact utilities, one per actor.
    """
    tables, scales = integer_tables(values)
    choices, ints = exact_frontier(tables, max_candidates=max_candidates)
    utilities = [tuple(Fraction(int(v), scales[i]) for i, v in enumerate(row)) for row in ints]
    return choices, utilities


def _representatives(table: NDArray[Any]) -> NDArray[np.int64]:
    """Option indices that are not dominated, one per distinct utility vector (the lowest index)."""
    keep = np.flatnonzero(pareto_mask(table))
    _, first = np.unique(_dense_ranks(table[keep]), axis=0, return_index=True)
    return np.sort(keep[first])


def weighted_sum_optima(
    tables: ExactTables, weights: NDArray[np.float64], actors: Sequence[int] | None = None
) -> NDArray[np.int64]:
    """Packages maximising ``sum_i weights[l, i] * u_i`` exactly, one per weight vector.

    The objective separates by issue, so each issue's option is chosen on its own. Scores are screened
    in floating point; where two options come within rounding error of each other the tie is settled in
    exact rational arithmetic, and an exact tie goes to the lower option index. With strictly positive
    weights every result is Pareto-optimal (among ``actors``).

    Parameters
    ----------
    tables : ExactTables
    weights : ndarray, shape (L, len(actors))
        Non-negative weights on the utilities (utility units, not integer scales).
    actors : sequence of int, optional
        Actors the weights refer to (all by default).

    Returns
    -------
    ndarray of int64, shape (L, k)
    """
    cols = list(range(tables.n_actors)) if actors is None else [int(a) for a in actors]
    col_idx = np.array(cols, dtype=np.int64)
    weights = np.asarray(weights, dtype=np.float64).reshape(-1, len(cols))
    floats = tables.float_tables()
    out = np.empty((weights.shape[0], len(floats)), dtype=np.int64)
    for k, (ft, it) in enumerate(zip(floats, tables.int_tables, strict=True)):
        reps = _representatives(it[:, col_idx])
        f = ft[np.ix_(reps, col_idx)]
        scores = weights @ f.T  # (L, m')
        best = scores.max(axis=1)
        tol = 1e-11 * (weights @ np.abs(f).max(axis=0)) + 1e-300
        near = scores >= (best - tol)[:, None]
        pick = np.argmax(near, axis=1)
        for row in np.flatnonzero(near.sum(axis=1) > 1):
            lam = [Fraction(float(x)) for x in weights[row]]
            scored = [
                (
                    sum(
                        (
                            w * Fraction(int(it[reps[o], c]), tables.scale[c])
                            for w, c in zip(lam, cols, strict=True)
                        ),
                        Fraction(0),
                    ),
                    -int(o),
                )
                for o in np.flatnonzero(near[row])
            ]
            pick[row] = -max(scored)[1]
        out[:, k] = reps[pick]
    return out


def _lexicographic_ideal(tables: ExactTables, actor: int) -> NDArray[np.int64]:
    """The package best for ``actor``, ties broken by the others' total utility: Pareto-optimal."""
    choice = []
    for k in range(len(tables.int_tables)):
        mine = tables.values[actor][k]
        top = max(mine)
        others = [
            (
                sum(
                    (tables.values[j][k][o] for j in range(tables.n_actors) if j != actor),
                    Fraction(0),
                ),
                -o,
            )
            for o in range(len(mine))
            if mine[o] == top
        ]
        choice.append(-max(others)[1])
    return np.array(choice, dtype=np.int64)


def supported_frontier(
    tables: ExactTables, *, n_weights: int = 20_000, seed: Seed = None
) -> NDArray[np.int64]:
    """Supported Pareto-optimal packages found by weighted sums, without enumerating packages.

    Algorithm:

    1. Draw ``n_weights`` weight vectors uniformly on the simplex (Dirichlet(1, ..., 1)), shrink them
       slightly towards the centre so every weight is positive, and add the equal-weight vector.
    2. For each, pick the best option issue by issue (:func:`weighted_sum_optima`); add each actor's
       lexicographic ideal package (its best package, ties broken by the others' total).
    3. Return the distinct packages. Each is Pareto-optimal and on the convex hull of the utility set.

    A supported point whose set of supporting weights is tiny can be missed, and frontier points inside
    the convex hull (unsupported) are never found; the exact method has neither limitation.

    Returns
    -------
    ndarray of int64, shape (P, k)
        Distinct packages (option index per issue), sorted lexicographically.
    """
    rng = np.random.default_rng(seed)
    n = tables.n_actors
    lam = rng.dirichlet(np.ones(n), size=max(n_weights, 1)) if n > 1 else np.ones((1, 1))
    lam = 0.999 * lam + 0.001 / n
    lam = np.vstack([np.full((1, n), 1.0 / n), lam])
    found = weighted_sum_optima(tables, lam)
    ideals = np.array([_lexicographic_ideal(tables, i) for i in range(n)], dtype=np.int64)
    packages: NDArray[np.int64] = np.unique(np.vstack([found, ideals]), axis=0)
    return packages
