"""The result shape shared by every forecast model."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from coalitionist.display import FrameMixin, ReprMixin
from coalitionist.jsonable import plain as _plain


@dataclass(frozen=True)
class ForecastState:
    """Actors' positions (``(n, d)``, in the issues' own units) and, where the model has them, the
    probability that each actor's *position* wins (``(n,)``) at one turn. Actors holding the same
    position show the same, undivided probability (as KTAB reports it), so the values sum to 1 over
    the distinct positions, not over the actors."""

    positions: NDArray[np.float64]
    win_probabilities: NDArray[np.float64] | None = None


@dataclass(frozen=True, repr=False)
class ForecastResult(ReprMixin, FrameMixin):
    """What a forecast model returns.

    Attributes
    ----------
    model : str
        ``"mean"``, ``"median"``, ``"bdm"`` or ``"smp"``.
    actors, dimensions : tuple of str
        Actor ids (rows) and issue/dimension ids (columns) of every position array.
    history : tuple of ForecastState
        ``history[0]`` is the initial state; one more state per turn, so ``turns == len(history) - 1``.
    forecast : ndarray, shape (d,)
        The predicted outcome per dimension, in the issues' units.
    basis : str
        A plain sentence saying which quantity ``forecast`` reports (e.g. "capability-weighted position of
        the converged cluster").
    details : mapping
        Model-specific data (parameters used, BDM offers per round, moves and why), JSON-serialisable.
    """

    model: str
    actors: tuple[str, ...]
    dimensions: tuple[str, ...]
    history: tuple[ForecastState, ...]
    forecast: NDArray[np.float64]
    basis: str = ""
    details: Mapping[str, Any] = field(default_factory=dict)

    @property
    def turns(self) -> int:
        """Number of turns the model ran (0 for the static models)."""
        return len(self.history) - 1

    @property
    def final(self) -> ForecastState:
        """The last state of the history."""
        return self.history[-1]

    def _state_dict(self, state: ForecastState) -> dict[str, Any]:
        out: dict[str, Any] = {
            "positions": {a: _plain(state.positions[i]) for i, a in enumerate(self.actors)}
        }
        if state.win_probabilities is not None:
            out["win_probabilities"] = {
                a: float(state.win_probabilities[i]) for i, a in enumerate(self.actors)
            }
        return out

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape documented in ``docs/cli.md`` (``coalitionist forecast --json``)."""
        return {
            "model": self.model,
            "turns": self.turns,
            "actors": list(self.actors),
            "dimensions": list(self.dimensions),
            "history": [self._state_dict(s) for s in self.history],
            "final": self._state_dict(self.final),
            "forecast": {d: float(self.forecast[k]) for k, d in enumerate(self.dimensions)},
            "basis": self.basis,
            "details": _plain(self.details),
        }
