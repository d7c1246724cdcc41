"""Helpers shared by the trade finders: exact utilities of one package, wording."""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

from coalitionist.trades.errors import FrontierTooLargeError
from coalitionist.trades.exact import ExactTables
from coalitionist.trades.frontier import fraction_frontier
from coalitionist.trades.inputs import TradeInputs
from coalitionist.trades.pairs import pair_supported_frontier

SUBSET_BUDGET = 200_000
"""Candidate budget of the exact frontier of a pair or group (see :func:`subset_frontier`)."""

SUBSET_EXACT_SPACE = 10**15
"""Largest package space (product of the option counts) on which the exact frontier of a pair or group
is attempted: beyond it the exact method always ran into :data:`SUBSET_BUDGET` after about half a second
per pair (50 issues x 11 options: 45 pairs took 42 s for nothing), so a pair goes straight to its
supported frontier and a larger group is not searched (issue 18.6)."""

__all__ = [
    "describe",
    "fmt",
    "fmt_signed",
    "issue_list",
    "pair_reference",
    "subset_frontier",
    "utility",
]


def utility(tables: ExactTables, actor: int, choice: Sequence[int]) -> Fraction:
    """Actor's exact utility of a package (option index per issue)."""
    return sum((tables.values[actor][k][o] for k, o in enumerate(choice)), Fraction(0))


def describe(inputs: TradeInputs, choice: Sequence[int]) -> dict[str, str | float]:
    """``{issue: option label or value}``."""
    return {
        issue: inputs.option_label(k, int(o))
        for k, (issue, o) in enumerate(zip(inputs.issues, choice, strict=True))
    }


def fmt(x: float | Fraction) -> str:
    """A number for prose: three decimals, no trailing zeros."""
    s = f"{float(x):.3f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def fmt_signed(x: float | Fraction) -> str:
    """Like :func:`fmt` with an explicit sign."""
    s = fmt(x)
    return s if s.startswith("-") or s == "0" else "+" + s


def issue_list(names: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def subset_frontier(
    values: Sequence[Sequence[Sequence[Fraction]]],
) -> tuple[list[tuple[int, ...]], list[tuple[Fraction, ...]]]:
    """All Pareto-optimal points of a few actors over slots (:func:`fraction_frontier`).

    For two actors whose exact frontier would exceed :data:`SUBSET_BUDGET` candidates, or whose package
    space exceeds :data:`SUBSET_EXACT_SPACE`, falls back to their supported frontier (the ratio sort),
    which is never too large; a larger group raises :class:`FrontierTooLargeError` then.

    Returns
    -------
    choices : list of tuple of int
    utilities : list of tuple of Fraction
    """
    space = math.prod(len(slot) for slot in values[0]) if values else 1
    try:
        if space > SUBSET_EXACT_SPACE:
            raise FrontierTooLargeError(
                f"{space:.3g} packages is more than {SUBSET_EXACT_SPACE:.0e}: the exact frontier"
                " of a group is not attempted"
            )
        choices, utilities = fraction_frontier(values, max_candidates=SUBSET_BUDGET)
    except FrontierTooLargeError:
        if len(values) != 2:
            raise
        fr = pair_supported_frontier(values[0], values[1])
        return list(fr.choices), list(zip(fr.a, fr.b, strict=True))
    return [tuple(int(o) for o in row) for row in choices], utilities


def pair_reference(
    tables: ExactTables, i: int, j: int
) -> tuple[tuple[int, ...] | None, Fraction, Fraction]:
    """The two actors' best agreement on their own: their Nash bargaining package.

    Among the pair's Pareto-optimal packages (:func:`subset_frontier` over the issues), the one
    maximising the product of the two gains over no deal, both strictly positive (ties: larger sum, then
    the first). When no package gives both a gain, the reference is no deal itself (choice ``None``).

    Returns
    -------
    choice, u_i, u_j
    """
    choices, utilities = subset_frontier([tables.values[i], tables.values[j]])
    di, dj = tables.no_deal[i], tables.no_deal[j]
    best: tuple[Fraction, Fraction, int] | None = None
    for p, (ua, ub) in enumerate(utilities):
        ga, gb = ua - di, ub - dj
        if ga > 0 and gb > 0:
            key = (ga * gb, ga + gb, -p)
            if best is None or key > best:
                best = key
    if best is None:
        return None, di, dj
    p = -best[2]
    return choices[p], utilities[p][0], utilities[p][1]
