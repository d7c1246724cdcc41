"""Exact utilities: every package's utility as an integer, so no package is lost to a float tie.

Every number the user wrote (options, scales, positions, salience, table entries) is read as the shortest
decimal that round-trips to its float -- ``0.1`` is the rational ``1/10``, not the binary float nearest to
it -- and the default utility

    u_i(x) = sum_k w_ik * (1 - |x_k - p_ik| / (hi_k - lo_k)),   w_ik = s_ik / sum_l s_il,

is evaluated in exact rational arithmetic, option by option. Each actor's per-option values are then
multiplied by the least common multiple ``D_i`` of their denominators, which turns them into integers
without changing that actor's preference order. Package utilities are sums of these integers: exact in
``int64`` when the sums provably fit (checked), otherwise in Python integers (``dtype=object``). Ties are
therefore real ties: two packages compare equal exactly when their rational utilities are equal.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from coalitionist.trades.errors import TradeInputError
from coalitionist.trades.inputs import TradeInputs

__all__ = ["ExactTables", "choices_from_index", "compile_tables", "integer_tables", "to_fraction"]

_INT64_BOUND = 2**62


def to_fraction(x: Any) -> Fraction:
    """Read a number as the exact rational it denotes.

    Integers and fractions are kept; a float is read as the shortest decimal that round-trips to it
    (``repr``), i.e. what was typed in the scenario file.

    Examples
    --------
    >>> to_fraction(0.1) + to_fraction(0.2) == to_fraction(0.3)
    True
    """
    if isinstance(x, Fraction):
        return x
    if isinstance(x, int | np.integer):
        return Fraction(int(x))
    f = float(x)
    if not math.isfinite(f):
        raise TradeInputError(f"expected a finite number, got {x!r}")
    return Fraction(repr(f))


def _int_array(values: Sequence[int], exact64: bool) -> NDArray[Any]:
    if exact64:
        return np.array(values, dtype=np.int64)
    out = np.empty(len(values), dtype=object)
    out[:] = [int(v) for v in values]
    return out


@dataclass(frozen=True)
class ExactTables:
    """Per-actor, per-issue, per-option utilities in exact form.

    Attributes
    ----------
    values : tuple
        ``values[i][k][o]``: actor ``i``'s utility contribution of option ``o`` on issue ``k`` (Fraction).
    status_quo_values : tuple
        ``status_quo_values[i][k]``: the same at issue ``k``'s status quo (which may not be an option).
    no_deal : tuple of Fraction
        ``no_deal[i] = sum_k status_quo_values[i][k]``.
    scale : tuple of int
        ``D_i``: multiplying actor ``i``'s values by it makes them all integers.
    int_tables : tuple of ndarray
        ``int_tables[k]`` has shape ``(m_k, n)``: ``values[i][k][o] * D_i`` (``int64`` or Python ints).
    int_no_deal : ndarray, shape (n,)
        ``no_deal[i] * D_i``.
    int_status_quo : ndarray, shape (k, n)
        ``status_quo_values[i][k] * D_i``.
    exact_int64 : bool
        Whether every sum of one option per issue (and their differences) fits in ``int64``.
    importance : ndarray, shape (n, k)
        Share of each actor's utility at stake on each issue, for explanations: its normalised salience
        ``w_ik`` under the default utility, else the issue's utility range over the sum of ranges.
    default_utility : tuple of bool
        Whether actor ``i`` uses the default utility (no table of its own).
    """

    values: tuple[tuple[tuple[Fraction, ...], ...], ...]
    status_quo_values: tuple[tuple[Fraction, ...], ...]
    no_deal: tuple[Fraction, ...]
    scale: tuple[int, ...]
    int_tables: tuple[NDArray[Any], ...]
    int_no_deal: NDArray[Any]
    int_status_quo: NDArray[Any]
    exact_int64: bool
    importance: NDArray[np.float64]
    default_utility: tuple[bool, ...]

    @property
    def n_actors(self) -> int:
        """Number of actors."""
        return len(self.scale)

    @property
    def sizes(self) -> tuple[int, ...]:
        """Number of options per issue."""
        return tuple(t.shape[0] for t in self.int_tables)

    @property
    def dtype(self) -> np.dtype[Any]:
        """``int64`` when sums fit, else ``object`` (Python integers)."""
        return self.int_tables[0].dtype

    def float_tables(self) -> list[NDArray[np.float64]]:
        """Per issue, ``(m_k, n)`` utilities as floats (for screening; exact values decide)."""
        d = np.array([float(x) for x in self.scale])
        return [t.astype(np.float64) / d for t in self.int_tables]

    def package_ints(self, choices: NDArray[np.int64]) -> NDArray[Any]:
        """Exact integer utilities ``(P, n)`` of packages given as option indices ``(P, k)``."""
        choices = np.asarray(choices, dtype=np.int64).reshape(-1, len(self.int_tables))
        out = np.zeros((choices.shape[0], self.n_actors), dtype=self.dtype)
        for k, table in enumerate(self.int_tables):
            out = out + table[choices[:, k]]
        return out

    def to_float(self, ints: NDArray[Any]) -> NDArray[np.float64]:
        """Integer utilities (``(..., n)``, in each actor's scale) to float utilities."""
        ints = np.asarray(ints)
        if ints.dtype == object:
            flat = ints.reshape(-1, self.n_actors)
            vals = [
                [float(Fraction(int(v), self.scale[i])) for i, v in enumerate(row)] for row in flat
            ]
            return np.array(vals, dtype=np.float64).reshape(ints.shape)
        return ints.astype(np.float64) / np.array([float(x) for x in self.scale])

    def fractions(self, ints: Sequence[Any]) -> tuple[Fraction, ...]:
        """One package's integer utilities as exact fractions."""
        return tuple(Fraction(int(v), self.scale[i]) for i, v in enumerate(ints))


def _default_values(
    option_values: Sequence[Fraction], weight: Fraction, position: Fraction | None, span: Fraction
) -> list[Fraction]:
    if weight == 0 or position is None:
        return [Fraction(0)] * len(option_values)
    return [weight * (1 - abs(v - position) / span) for v in option_values]


def compile_tables(inputs: TradeInputs) -> ExactTables:
    """Compute every actor's exact utility of every option (see the module docstring).

    Parameters
    ----------
    inputs : TradeInputs

    Returns
    -------
    ExactTables
    """
    n, k = inputs.n_actors, inputs.n_issues
    opts = [[to_fraction(v) for v in o] for o in inputs.options]
    sq = [to_fraction(v) for v in inputs.status_quo]
    span = [to_fraction(inputs.hi[j]) - to_fraction(inputs.lo[j]) for j in range(k)]
    values: list[tuple[tuple[Fraction, ...], ...]] = []
    sq_values: list[tuple[Fraction, ...]] = []
    importance = np.zeros((n, k))
    default: list[bool] = []
    for i, actor in enumerate(inputs.actors):
        table = inputs.utility_tables.get(actor)
        rows: list[tuple[Fraction, ...]] = []
        sq_row: list[Fraction] = []
        if table is None:
            sal = [to_fraction(s) for s in inputs.salience[i]]
            total = sum(sal, Fraction(0))
            for j in range(k):
                w = sal[j] / total if total else Fraction(0)
                p = (
                    None
                    if np.isnan(inputs.positions[i, j])
                    else to_fraction(inputs.positions[i, j])
                )
                rows.append(tuple(_default_values(opts[j], w, p, span[j])))
                sq_row.append(_default_values([sq[j]], w, p, span[j])[0])
                importance[i, j] = float(w)
            default.append(True)
        else:
            ranges = []
            for j, issue in enumerate(inputs.issues):
                raw = table.get(issue)
                vals = (
                    tuple(to_fraction(v) for v in np.asarray(raw, dtype=np.float64))
                    if raw is not None
                    else (Fraction(0),) * len(opts[j])
                )
                rows.append(vals)
                sq_row.append(vals[opts[j].index(sq[j])] if raw is not None else Fraction(0))
                ranges.append(float(max(vals) - min(vals)))
            total_range = sum(ranges)
            importance[i] = [r / total_range if total_range else 0.0 for r in ranges]
            default.append(False)
        values.append(tuple(rows))
        sq_values.append(tuple(sq_row))

    scale: list[int] = []
    for i in range(n):
        dens = [v.denominator for row in values[i] for v in row]
        dens += [v.denominator for v in sq_values[i]]
        scale.append(math.lcm(*dens))
    no_deal = tuple(sum(sq_values[i], Fraction(0)) for i in range(n))

    ints = [[[int(v * scale[i]) for v in values[i][j]] for j in range(k)] for i in range(n)]
    sq_ints = [[int(v * scale[i]) for v in sq_values[i]] for i in range(n)]
    nd_ints = [int(no_deal[i] * scale[i]) for i in range(n)]
    bound = max(
        sum(max(abs(v) for v in ints[i][j]) for j in range(k))
        + abs(nd_ints[i])
        + sum(abs(v) for v in sq_ints[i])
        for i in range(n)
    )
    exact64 = bound < _INT64_BOUND
    int_tables = []
    for j in range(k):
        cols = [_int_array(ints[i][j], exact64) for i in range(n)]
        int_tables.append(np.stack(cols, axis=1))
    int_sq = np.stack([_int_array([sq_ints[i][j] for i in range(n)], exact64) for j in range(k)])
    importance.setflags(write=False)
    return ExactTables(
        values=tuple(values),
        status_quo_values=tuple(sq_values),
        no_deal=no_deal,
        scale=tuple(scale),
        int_tables=tuple(int_tables),
        int_no_deal=_int_array(nd_ints, exact64),
        int_status_quo=int_sq,
        exact_int64=exact64,
        importance=importance,
        default_utility=tuple(default),
    )


def integer_tables(
    values: Sequence[Sequence[Sequence[Fraction]]],
) -> tuple[list[NDArray[Any]], list[int]]:
    """Scale exact per-option values to integers, one scale per actor.

    Parameters
    ----------
    values : nested sequences of Fraction
        ``values[i][s][o]``: actor ``i``'s value of option ``o`` in slot ``s``.

    Returns
    -------
    tables : list of ndarray
        ``tables[s]`` of shape ``(m_s, n)``; ``int64`` when every sum of one option per slot fits,
        else Python integers.
    scales : list of int
        ``D_i``, the least common multiple of actor ``i``'s denominators.
    """
    n = len(values)
    scales = [math.lcm(*[v.denominator for row in values[i] for v in row]) for i in range(n)]
    ints = [[[int(v * scales[i]) for v in row] for row in values[i]] for i in range(n)]
    bound = max(sum(max(abs(v) for v in row) for row in ints[i]) for i in range(n))
    exact64 = bound < _INT64_BOUND
    tables = [
        np.stack([_int_array(ints[i][s], exact64) for i in range(n)], axis=1)
        for s in range(len(values[0]))
    ]
    return tables, scales


def choices_from_index(start: int, stop: int, sizes: Sequence[int]) -> NDArray[np.int64]:
    """Option indices of packages ``start..stop-1`` in ``itertools.product`` order (last issue fastest).

    Examples
    --------
    >>> choices_from_index(0, 4, [2, 2]).tolist()
    [[0, 0], [0, 1], [1, 0], [1, 1]]
    """
    idx = np.arange(start, stop, dtype=np.int64)
    out = np.empty((idx.size, len(sizes)), dtype=np.int64)
    for j in range(len(sizes) - 1, -1, -1):
        out[:, j] = idx % sizes[j]
        idx //= sizes[j]
    return out
