"""One-at-a-time swings (a tornado): each input at the two ends of its range, the others at their point.

For output ``y = f(x)`` and input ``i`` with range ``[lo_i, hi_i]``, the bar of ``i`` runs from
``f(x_0 with x_i = lo_i)`` to ``f(x_0 with x_i = hi_i)``; bars are sorted by their length
``|f(hi) − f(lo)|``, the longest on top (Clemen & Reilly, *Making Hard Decisions*, 2001, ch. 5; Howard
1988). A tornado ignores interactions — read it beside the Morris σ or the Sobol total index.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from coalitionist.robustness.errors import SensitivityInputError

__all__ = ["Tornado", "TornadoBar", "tornado"]


@dataclass(frozen=True)
class TornadoBar:
    """One input's swing."""

    name: str
    low_input: float
    high_input: float
    low_output: float
    high_output: float

    @property
    def swing(self) -> float:
        """``|output at high − output at low|``."""
        return abs(self.high_output - self.low_output)

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {
            "input": self.name,
            "low": self.low_input,
            "high": self.high_input,
            "output_at_low": self.low_output,
            "output_at_high": self.high_output,
            "swing": self.swing,
        }


@dataclass(frozen=True)
class Tornado:
    """The bars of one output, longest first, and the output at the point estimates."""

    output: str
    base: float
    bars: tuple[TornadoBar, ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {"output": self.output, "base": self.base, "bars": [b.to_dict() for b in self.bars]}


def tornado(
    output: str,
    base: float,
    names: Sequence[str],
    low_inputs: ArrayLike,
    high_inputs: ArrayLike,
    low_outputs: ArrayLike,
    high_outputs: ArrayLike,
) -> Tornado:
    """Sort one-at-a-time swings into a tornado.

    Examples
    --------
    >>> t = tornado("y", 1.0, ["a", "b"], [0, 0], [1, 1], [0.9, 0.0], [1.1, 3.0])
    >>> [b.name for b in t.bars], round(t.bars[0].swing, 6)
    (['b', 'a'], 3.0)
    """
    arrays = [
        np.asarray(a, dtype=float).ravel()
        for a in (low_inputs, high_inputs, low_outputs, high_outputs)
    ]
    if any(a.size != len(names) for a in arrays):
        raise SensitivityInputError("every input needs a low and high value and an output at each")
    lo_in, hi_in, lo_out, hi_out = arrays
    bars = [
        TornadoBar(str(n), float(lo_in[i]), float(hi_in[i]), float(lo_out[i]), float(hi_out[i]))
        for i, n in enumerate(names)
    ]
    bars.sort(key=lambda b: -b.swing)
    return Tornado(output, float(base), tuple(bars))
