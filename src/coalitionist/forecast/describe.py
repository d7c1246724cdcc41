"""The forecast section in plain words, from typed forecast results and display names.

Every sentence of the brief's "where the decision lands" section is written here, none in the models: the
one forecast the brief measures against and why, what each model gives beside it, and how to read the
bargaining model's moves. Values reach these functions already formatted for people (``fmt(issue, value)``),
so this module knows no scenario.

How to read SMP's moves (Wise & Lester's Spatial Model of Politics, as in KTAB): each turn, every actor
compares the challenges it expects to win or lose and moves its *bargaining position* to the best position
it expects to be accepted. A weak actor facing stronger challengers therefore ends the run near the
winners even when it opposes them with high salience: that is a concession within the model's bargaining,
not a change of what the actor wants. The vote model, the influence needs and the coalitions keep reading
the actors' stated positions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from coalitionist.forecast.result import ForecastResult

__all__ = [
    "Move",
    "basis_text",
    "brief_forecast_sentence",
    "landing_sentence",
    "moves",
    "moves_reading",
]

#: A formatter of one issue's value for people: ``fmt(issue_id, value)``.
Formatter = Callable[[str, float], str]

#: Moves smaller than this share of an issue's range are not reported.
MIN_MOVE = 0.01


def _names(labels: Sequence[str]) -> str:
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def brief_forecast_sentence(
    point: Mapping[str, float], basis: str, issue_labels: Mapping[str, str], fmt: Formatter
) -> str:
    """``The brief's forecast — the one every section measures against — is …: <why>.``"""
    where = "; ".join(f"{issue_labels.get(k, k)} {fmt(k, v)}" for k, v in point.items())
    return f"The brief's forecast, which every section measures against: {where} — {basis}."


def landing_sentence(
    issue_label: str, model: str, turns: int, forecast: str, median: str, status_quo: str
) -> str:
    """One issue: what the bargaining model, the weighted median and the status quo say."""
    run = f"{model.upper()} bargaining" + (f" ({turns} turns)" if turns else "")
    return (
        f"{issue_label}: {run} ends at {forecast}; the capability × salience weighted median is "
        f"{median}; the status quo is {status_quo}."
    )


_HELD_BY = re.compile(r"held by ([^)]*)\)")


def basis_text(result: ForecastResult, names: Mapping[str, str]) -> str:
    """The model's own basis, with actors' names instead of ids."""

    def swap(m: re.Match[str]) -> str:
        ids = [i.strip() for i in m.group(1).split(",")]
        return "held by " + _names([names.get(i, i) for i in ids]) + ")"

    return _HELD_BY.sub(swap, result.basis)


@dataclass(frozen=True)
class Move:
    """One actor's bargaining position at the start and at the end of the model's run.

    Attributes
    ----------
    actor : str
    start, end : ndarray, shape (k,)
    largest : int
        The issue (column) on which it moves most, as a share of the range.
    crosses : bool
        Whether on that issue it starts nearer the status quo than the forecast and ends nearer the
        forecast (or the reverse): a move "to the other side".
    """

    actor: str
    start: NDArray[np.float64]
    end: NDArray[np.float64]
    largest: int
    crosses: bool


def moves(
    result: ForecastResult,
    low: NDArray[np.float64],
    high: NDArray[np.float64],
    status_quo: NDArray[np.float64],
    forecast: NDArray[np.float64],
    top: int = 5,
    *,
    stated: NDArray[np.bool_] | None = None,
) -> list[Move]:
    """The ``top`` actors whose bargaining position moves most (share of the range) during the run, on
    the issues where they state a position (``stated``, rows in the result's actor order; default all)."""
    if not result.turns:
        return []
    first = np.asarray(result.history[0].positions, dtype=float)
    last = np.asarray(result.final.positions, dtype=float)
    span = np.where(high > low, high - low, 1.0)
    moved = np.abs(last - first) / span
    if stated is not None:
        moved = np.where(stated, moved, 0.0)
    out = []
    for i in np.argsort(-moved.max(axis=1), kind="stable")[:top]:
        if moved[i].max() <= MIN_MOVE:
            continue
        k = int(np.argmax(moved[i]))
        near_sq = abs(first[i, k] - status_quo[k]) < abs(first[i, k] - forecast[k])
        ends_near_sq = abs(last[i, k] - status_quo[k]) < abs(last[i, k] - forecast[k])
        out.append(Move(result.actors[i], first[i], last[i], k, near_sq != ends_near_sq))
    return out


def moves_reading(
    found: Sequence[Move],
    names: Mapping[str, str],
    issues: Sequence[str],
    issue_labels: Mapping[str, str],
    fmt: Formatter,
    model: str,
) -> list[str]:
    """How to read the moves table: the mechanism, and the actors that end on the other side."""
    if not found:
        return []
    out = [
        f"Who moves in the {model.upper()} run: an actor's bargaining position moves towards the"
        " position it expects to prevail; that is a concession within the model's bargaining,"
        " not a change of what it wants — the votes, the needs and the coalitions read its stated position."
    ]
    across = [m for m in found if m.crosses]
    if across:
        parts = [
            f"{names.get(m.actor, m.actor)} on {issue_labels.get(issues[m.largest], issues[m.largest])}"
            f" from {fmt(issues[m.largest], float(m.start[m.largest]))}"
            f" to {fmt(issues[m.largest], float(m.end[m.largest]))}"
            for m in across
        ]
        out.append(
            "Ending the run on the other side of the question does not mean changing sides: "
            + "; ".join(parts)
            + " — in the model, "
            + ("it gives" if len(across) == 1 else "each gives")
            + " way to stronger challengers rather than fight a contest it expects to lose."
        )
    return out
