"""What the coalition analysis reads about a situation: arrays, ties, names (no scenario).

:class:`CoalitionInputs` is built from a scenario by :func:`coalitionist.analyses.coalitions.coalition_inputs`:
the scenario's compiled arrays and ties, the tie matrices of :func:`coalitionist.influence.tie_matrices` and the
capability × salience weighted-median forecast, each computed once by the bridge. The protocols below say
which fields are read, so any object with them will do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

__all__ = ["CoalitionArrays", "CoalitionInputs", "TieMatrixSet", "Ties"]


class CoalitionArrays(Protocol):
    """Actor × issue arrays (a scenario's compiled ``arrays`` has them)."""

    @property
    def actors(self) -> tuple[str, ...]:
        """Actor ids in row order."""
        ...

    @property
    def issues(self) -> tuple[str, ...]:
        """Issue ids in column order."""
        ...

    @property
    def capability(self) -> NDArray[np.float64]:
        """``(n,)`` capabilities."""
        ...

    @property
    def votes(self) -> NDArray[np.float64]:
        """``(n,)`` votes in the decision rule."""
        ...

    @property
    def positions(self) -> NDArray[np.float64]:
        """``(n, k)`` positions (the status quo where none is stated)."""
        ...

    @property
    def salience(self) -> NDArray[np.float64]:
        """``(n, k)`` saliences on [0, 1]."""
        ...

    @property
    def stated(self) -> NDArray[np.bool_]:
        """``(n, k)`` whether a position is stated."""
        ...

    @property
    def low(self) -> NDArray[np.float64]:
        """``(k,)`` low ends of the scales."""
        ...

    @property
    def high(self) -> NDArray[np.float64]:
        """``(k,)`` high ends of the scales."""
        ...

    @property
    def status_quo(self) -> NDArray[np.float64]:
        """``(k,)`` status quo per issue."""
        ...


class Ties(Protocol):
    """The ties as written (for the evidence of common history)."""

    @property
    def source(self) -> NDArray[np.int64]:
        """Source rows."""
        ...

    @property
    def target(self) -> NDArray[np.int64]:
        """Target rows."""
        ...

    @property
    def kind(self) -> tuple[str, ...]:
        """Tie types."""
        ...

    @property
    def weight(self) -> NDArray[np.float64]:
        """Strengths in [0, 1]."""
        ...

    @property
    def sign(self) -> NDArray[np.int64]:
        """+1 or −1."""
        ...

    @property
    def note(self) -> tuple[str, ...]:
        """The file's note on each tie."""
        ...


class TieMatrixSet(Protocol):
    """Sparse ``(n, n)`` tie matrices (:class:`coalitionist.influence.TieMatrices` has them)."""

    @property
    def influence(self) -> Any:
        """``A[i, j]``: how strongly ``i`` sways ``j``."""
        ...

    @property
    def relation(self) -> Any:
        """Symmetric friend (+) / enemy (−) relation in [−1, 1]."""
        ...

    @property
    def history(self) -> Any:
        """Symmetric signed shared history in [−1, 1]."""
        ...


@dataclass(frozen=True)
class LockoutExposure:
    """What the lockout analysis (:func:`coalitionist.process.lockout_risk`) found about early side deals,
    passed in by the analyses bridge as plain arrays (this package does not import ``process``).

    Attributes
    ----------
    shared : ndarray, shape (n, n)
        ``[i, j]``: the probability that ``i`` and ``j`` are both outvoted by the same early side deal (they
        vote no while it passes), over the lockout analysis's draws and first movers.
    outvoted : ndarray, shape (n,)
        Each actor's probability of being outvoted by an early side deal.
    samples : int
        Monte Carlo draws behind the estimates.
    """

    shared: NDArray[np.float64]
    outvoted: NDArray[np.float64]
    samples: int


@dataclass(frozen=True)
class CoalitionInputs:
    """Everything :func:`coalitionist.coalitions.analyze_coalitions` reads.

    Attributes
    ----------
    arrays : CoalitionArrays
    ties : Ties
    matrices : TieMatrixSet
        The ties compiled into influence, relation and history matrices.
    forecast : ndarray, shape (k,)
        Where each issue lands if nothing changes (capability × salience weighted median), the reference of
        the "prefer no deal" side of the shared-positions basis.
    labels, issue_labels : dict of str to str
        Display names (the readings use names, the results ids).
    focal : str or None
        The actor whose side the adverse coalition opposes.
    title : str
    lockout : LockoutExposure or None
        The lockout analysis's shared exposure; when given, the shared-vulnerability basis is the
        probability that both are shut out by the same early side deal (else ``√(v_i v_j)``).
    """

    arrays: CoalitionArrays
    ties: Ties
    matrices: TieMatrixSet
    forecast: NDArray[np.float64]
    labels: dict[str, str]
    issue_labels: dict[str, str]
    focal: str | None = None
    title: str = ""
    lockout: LockoutExposure | None = None
