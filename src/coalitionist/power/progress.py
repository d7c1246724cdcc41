"""Progress of the exact power algorithms, as the fraction of their work done (issue 12.4).

An exact algorithm does its work in steps it can count before it starts: players added to a counting
table, blocks of the ``2^n`` enumeration, sweeps of a meet-in-the-middle count, quadrature nodes. It calls
:meth:`Ticker.at` with the fraction of those steps done; :func:`~coalitionist.power.indices.power_indices`
turns the fractions into ``progress(done, total)`` calls on a scale of :data:`SCALE` (percent), each
call only when the whole percentage has grown, so a bar moves while the work goes on and the callback
costs nothing measurable. An algorithm made of stages gives each stage a span of its own
(:meth:`Ticker.span`), in proportion to the stage's share of the work.

Examples
--------
>>> calls = []
>>> tick = Ticker(lambda done, total: calls.append((done, total)))
>>> first, second = tick.span(0.0, 0.5), tick.span(0.5, 1.0)
>>> for k in range(4):
...     first.at((k + 1) / 4)
>>> second.at(1.0)
>>> calls
[(12, 100), (25, 100), (37, 100), (50, 100), (100, 100)]
"""

from __future__ import annotations

from collections.abc import Callable

#: ``progress(done, total)`` is called with ``total = SCALE``: ``done`` is a percentage.
SCALE = 100


class Ticker:
    """Reports the fraction of an exact computation done as ``progress(done, SCALE)``, never backwards.

    Parameters
    ----------
    progress : callable or None
        ``progress(done, total)``; ``None`` makes every call a no-op.
    lo, hi : float
        The part of the whole computation this ticker covers (``0 … 1``, the whole by default).
    """

    def __init__(
        self, progress: Callable[[int, int], None] | None, lo: float = 0.0, hi: float = 1.0
    ) -> None:
        self._progress = progress
        self._lo = lo
        self._hi = hi
        self._last = [-1]  # shared with the spans: the last percentage reported

    def span(self, lo: float, hi: float) -> Ticker:
        """The ticker of a stage covering the fractions ``lo … hi`` of this ticker's part."""
        child = Ticker(self._progress, self._at(lo), self._at(hi))
        child._last = self._last
        return child

    def _at(self, fraction: float) -> float:
        return self._lo + (self._hi - self._lo) * min(max(fraction, 0.0), 1.0)

    def at(self, fraction: float) -> None:
        """The stage is ``fraction`` done (``0 … 1``); calls ``progress`` if the percentage grew."""
        if self._progress is None:
            return
        done = int(self._at(fraction) * SCALE + 1e-9)
        if done > self._last[0]:
            self._last[0] = done
            self._progress(done, SCALE)

    def start(self) -> None:
        """Report 0 % (a bar learns its total before the work begins)."""
        self.at(0.0)


#: The ticker that reports nothing (an algorithm's default).
SILENT = Ticker(None)

__all__ = ["SCALE", "SILENT", "Ticker"]
