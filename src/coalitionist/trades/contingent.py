"""Trades on forecasts: contingent agreements between actors who believe different things.

Model (Lax & Sebenius 1986, ch. 5; Bazerman & Gillespie, "Betting on the future", HBR 1999). Actors
disagree about an uncertain event ``E``: actor ``i`` gives it probability ``p_i``. A contingent agreement
fixes now one package for the case ``E`` happens and another for the case it does not. Each actor values it
by its own beliefs:

    EU_i = p_i * u_i(x_if_true) + (1 - p_i) * u_i(x_if_false).

Each side gets its way in the world it believes in, so when beliefs differ both can expect more than from
any single package.

Algorithm. ``EU_i`` is additive over the ``2k`` slots "issue ``k`` if ``E``" (values ``p_i * t_ik``) and
"issue ``k`` if not ``E``" (values ``(1 - p_i) * t_ik``), so the pair's exact Pareto frontier over those
slots is computed like any other (:func:`coalitionist.trades._common.subset_frontier`). The trade is the
point with the largest joint expected gain over the pair's best non-contingent agreement (their Nash
bargaining package) where both expect a strict gain and the two packages differ.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np

from coalitionist.trades._common import (
    describe,
    pair_reference,
    subset_frontier,
)
from coalitionist.trades.describe import worded
from coalitionist.trades.exact import ExactTables, to_fraction
from coalitionist.trades.inputs import TradeInputs
from coalitionist.trades.pairs import select_trade
from coalitionist.trades.result import Trade

__all__ = ["REFERENCE", "contingent_trades", "contingent_values"]

REFERENCE = "the pair's best non-contingent agreement (their Nash bargaining package)"


def contingent_values(tables: ExactTables, actor: int, p: Fraction) -> list[list[Fraction]]:
    """Slots ``issue k if E`` (``k < n_issues``) then ``issue k if not E``, valued by ``p``."""
    vals = tables.values[actor]
    return [[p * v for v in row] for row in vals] + [[(1 - p) * v for v in row] for row in vals]


def contingent_trades(inputs: TradeInputs, tables: ExactTables) -> list[Trade]:
    """The best contingent agreement of every pair with different beliefs about an event, best first.

    Parameters
    ----------
    inputs : TradeInputs
        ``inputs.beliefs`` maps events to per-actor probabilities (``NaN``: not stated).
    tables : ExactTables
    """
    out: list[tuple[Fraction, Trade]] = []
    k = inputs.n_issues
    for event, probs in inputs.beliefs.items():
        for i, j in itertools.combinations(range(inputs.n_actors), 2):
            if np.isnan(probs[i]) or np.isnan(probs[j]) or probs[i] == probs[j]:
                continue
            pi, pj = to_fraction(probs[i]), to_fraction(probs[j])
            ref_choice, ref_i, ref_j = pair_reference(tables, i, j)
            choices, utilities = subset_frontier(
                [contingent_values(tables, i, pi), contingent_values(tables, j, pj)]
            )

            def differs(p: int, choices: list[tuple[int, ...]] = choices) -> bool:
                return choices[p][:k] != choices[p][k:]

            p = select_trade(utilities, (ref_i, ref_j), differs)
            if p is None:
                continue
            choice = choices[p]
            yes, no = choice[:k], choice[k:]
            gi, gj = utilities[p][0] - ref_i, utilities[p][1] - ref_j
            a, b = inputs.actors[i], inputs.actors[j]
            trade = Trade(
                kind="forecasts",
                actors=(a, b),
                gains={a: float(gi), b: float(gj)},
                joint_gain=float(gi + gj),
                reference=REFERENCE,
                explanation="",
                terms={
                    "event": event,
                    "beliefs": {a: float(pi), b: float(pj)},
                    "if_true": describe(inputs, yes),
                    "if_false": describe(inputs, no),
                    "reference_package": None
                    if ref_choice is None
                    else describe(inputs, ref_choice),
                },
            )
            out.append((gi + gj, worded(trade)))
    out.sort(key=lambda t: -t[0])
    return [t for _, t in out]
