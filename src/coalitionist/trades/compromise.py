"""The issue-by-issue compromise: each issue settled at the weighted median of the actors' positions.

This is the baseline that trading on differences has to beat. Settling each issue on its own at the
weighted median is what a vote issue by issue tends to produce (Black 1948, the median voter; Bueno de
Mesquita's forecasting models use the capability-and-salience-weighted median), and it ignores that actors
care about different issues -- which is exactly the value logrolling recovers (Raiffa 1982, ch. 10-11).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from coalitionist.trades.errors import TradeInputError
from coalitionist.trades.exact import to_fraction
from coalitionist.trades.inputs import TradeInputs

__all__ = ["compromise_choice", "issue_by_issue_compromise", "weighted_median"]


def weighted_median(values: Sequence[Fraction], weights: Sequence[Fraction]) -> Fraction | None:
    """The weighted median of ``values``, exactly.

    The smallest value whose cumulative weight (values sorted ascending) reaches half the total; when the
    cumulative weight equals exactly half at a value, every point up to the next value is a median and
    the midpoint of the two is returned. Zero weights are ignored; ``None`` when all weights are zero.

    Examples
    --------
    >>> F = Fraction
    >>> weighted_median([F(0), F(10), F(30)], [F(1), F(1), F(1)])
    Fraction(10, 1)
    >>> weighted_median([F(0), F(10)], [F(1), F(1)])
    Fraction(5, 1)
    >>> weighted_median([F(0), F(10), F(30)], [F(1), F(1), F(3)])
    Fraction(30, 1)
    """
    if any(w < 0 for w in weights):
        raise TradeInputError("weights must be >= 0")
    merged: dict[Fraction, Fraction] = {}
    for v, w in zip(values, weights, strict=True):
        if w > 0:
            merged[v] = merged.get(v, Fraction(0)) + w
    if not merged:
        return None
    pairs = sorted(merged.items())
    half = sum(merged.values(), Fraction(0)) / 2
    cum = Fraction(0)
    for j, (v, w) in enumerate(pairs):
        cum += w
        if cum > half:
            return v
        if cum == half:
            return (v + pairs[j + 1][0]) / 2 if j + 1 < len(pairs) else v
    return pairs[-1][0]  # pragma: no cover - unreachable: cum reaches the total


def compromise_choice(
    options: Sequence[Sequence[Fraction]],
    positions: Sequence[Sequence[Fraction | None]],
    weights: Sequence[Sequence[Fraction]],
    status_quo: Sequence[Fraction],
) -> tuple[int, ...]:
    """Option index per issue nearest the weighted median of the actors' positions.

    Parameters
    ----------
    options : sequence of sequences
        ``options[k]``: the option values of issue ``k``.
    positions : sequence of sequences
        ``positions[i][k]``: actor ``i``'s position (``None`` where it has none).
    weights : sequence of sequences
        ``weights[i][k] >= 0``: actor ``i``'s weight on issue ``k`` (e.g. capability times salience).
    status_quo : sequence
        Used where nobody has weight on an issue.

    Returns
    -------
    tuple of int
        The option nearest the median on each issue; an exact tie goes to the option nearer the status
        quo, then to the lower value.
    """
    out = []
    for k, opts in enumerate(options):
        vals = [p[k] for p in positions]
        ws = [w[k] if vals[i] is not None else Fraction(0) for i, w in enumerate(weights)]
        median = weighted_median([v if v is not None else Fraction(0) for v in vals], ws)
        target = status_quo[k] if median is None else median
        ranked = sorted((abs(v - target), abs(v - status_quo[k]), v, o) for o, v in enumerate(opts))
        out.append(ranked[0][3])
    return tuple(out)


def issue_by_issue_compromise(inputs: TradeInputs) -> tuple[int, ...]:
    """The compromise package of a scenario: :func:`compromise_choice` with weights capability times
    salience (salience alone when no capability is given), in exact arithmetic."""
    options = [[to_fraction(v) for v in o] for o in inputs.options]
    positions = [[None if np.isnan(p) else to_fraction(p) for p in row] for row in inputs.positions]
    weights = [[to_fraction(s) for s in row] for row in inputs.salience]
    if inputs.capability is not None:
        cap = [to_fraction(c) for c in inputs.capability]
        weights = [[cap[i] * w for w in row] for i, row in enumerate(weights)]
    return compromise_choice(
        options, positions, weights, [to_fraction(v) for v in inputs.status_quo]
    )
