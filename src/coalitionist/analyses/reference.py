"""The one forecast a brief measures against: computed once by the outcome section, read by the others.

The brief states one forecast of the decision (the outcome section builds it from the decision rule: see
:func:`coalitionist.analyses.outcome.brief_forecast`) and every later section — who needs influence, who
moves, the coalitions' sides, the plan — measures against that one point, instead of each computing its own
(issue 13, point 3). :func:`shared_forecast` finds it among the sections already built.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from coalitionist.analyses.section import Section
from coalitionist.forecast.result import ForecastResult
from coalitionist.jsonable import plain

__all__ = ["BriefForecast", "shared_forecast"]


@dataclass(frozen=True)
class BriefForecast:
    """The one forecast a brief measures every section against, and why it is that one.

    Attributes
    ----------
    point : dict
        Issue id → value, for every issue.
    basis : str
        Why this is the forecast, in words (``"the scenario's proposal, which passes under the rule"``).
    model : str or None
        The bargaining model behind it, when it comes from one.
    bargaining : ForecastResult or None
        That model's run (history and final positions), so that no later section runs it again.
    """

    point: dict[str, float]
    basis: str
    model: str | None = None
    bargaining: ForecastResult | None = field(default=None, compare=False)

    def vector(self, issues: Sequence[str]) -> np.ndarray:
        """The forecast as an array over ``issues`` (the scenario's issue order)."""
        return np.array([self.point[k] for k in issues], dtype=float)

    def to_dict(self) -> dict[str, Any]:
        """Plain data keyed by ids."""
        return plain({"point": self.point, "basis": self.basis, "model": self.model})


def shared_forecast(sections: Sequence[Section]) -> BriefForecast | None:
    """The brief's one forecast, when a section already built holds it (the outcome section)."""
    for s in sections:
        found = getattr(s.result, "brief_forecast", None)
        if isinstance(found, BriefForecast):
            return found
    return None
