"""The one vote model the process planner uses: an adapter over :mod:`coalitionist.outcome.votes`.

Process planning asks, for very many candidate packages at once, which actors prefer a package to the status
quo. It does not keep a vote model of its own: every gain and every vote comes from the outcome engine's
:func:`~coalitionist.outcome.votes.utility_gain` and :func:`~coalitionist.outcome.votes.cast_votes`
(salience-weighted distance over each issue's scale, yes / abstain / no from an indifference band).

Because that utility is a sum over issues, the gain of a package is the sum of the gains of its issues moved
one at a time from the status quo. :func:`option_gains` asks the outcome engine for those per-issue tables
once; the package search adds table rows instead of re-evaluating the model per package.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from coalitionist.outcome.votes import ABSTAIN, DEFAULT_BAND, NO, YES, cast_votes, utility_gain

__all__ = [
    "ABSTAIN",
    "DEFAULT_BAND",
    "NO",
    "YES",
    "cast_votes",
    "option_gains",
    "package_gain",
]


def option_gains(
    positions: NDArray[np.float64],
    salience: NDArray[np.float64],
    options: Sequence[NDArray[np.float64]],
    status_quo: NDArray[np.float64],
    width: NDArray[np.float64],
) -> tuple[NDArray[np.float64], ...]:
    """Per-issue gain tables: ``tables[k][o, i]`` = actor ``i``'s gain when issue ``k`` alone moves to
    option ``o`` (every other issue at the status quo), from the outcome engine's vote model.

    Parameters
    ----------
    positions, salience : ndarray, shape (n, k)
    options : sequence of k arrays
        The options of each issue, in the issue's own units.
    status_quo, width : ndarray, shape (k,)

    Examples
    --------
    >>> t = option_gains(np.array([[80.0], [20.0]]), np.array([[1.0], [0.5]]), [np.array([0.0, 100.0])],
    ...                  np.array([0.0]), np.array([100.0]))
    >>> t[0].round(2).tolist()
    [[0.0, 0.0], [0.6, -0.3]]
    """
    tables = []
    for k, opts in enumerate(options):
        proposals = np.tile(status_quo, (len(opts), 1))
        proposals[:, k] = opts
        tables.append(utility_gain(positions, salience, proposals, status_quo, width=width))
    return tuple(tables)


def package_gain(
    positions: ArrayLike,
    salience: ArrayLike,
    package: ArrayLike,
    status_quo: ArrayLike,
    width: ArrayLike,
) -> NDArray[np.float64]:
    """Every actor's gain from one package (or a batch of packages, shape ``(m, k)``) over the status quo."""
    return utility_gain(positions, salience, package, status_quo, width=width)
