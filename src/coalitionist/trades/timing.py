"""Trades on timing: actors who discount the future differently settle some issues now and some later.

Model. Actor ``i`` discounts by ``delta_i = 1 / (1 + r_i)`` per period. Until an issue is settled it stays
at its status quo, so settling issue ``k`` at option ``o`` after ``t`` periods is worth, per unit of the
perpetual flow,

    (1 - delta_i**t) * t_ik(status quo) + delta_i**t * t_ik(o).

An impatient actor (high ``r``) cares most about what happens now; a patient one loses little by waiting.
So the impatient side should get its way *now* and the patient side *later* -- "who gets what now vs
later" (Raiffa 1982, ch. 11; Lax & Sebenius 1986, ch. 5; Rubinstein 1982 for why patience is power).

Algorithm. Each issue becomes a slot with twice the options (each option now, or each option after
``delay`` periods); the pair's exact Pareto frontier over these slots is computed
(:func:`coalitionist.trades._common.subset_frontier`). The timing trade is the point with the largest joint
gain over the pair's best agreement without timing (their Nash bargaining package,
:func:`coalitionist.trades._common.pair_reference`) where both gain strictly and something is delayed.
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

__all__ = ["REFERENCE", "timed_values", "timing_trades"]

REFERENCE = "the pair's best agreement without timing (their Nash bargaining package)"


def timed_values(
    tables: ExactTables, actor: int, rate: Fraction, delay: int
) -> list[list[Fraction]]:
    """Per issue, the actor's value of each option settled now, then of each option after ``delay``."""
    factor = (1 / (1 + rate)) ** delay
    out = []
    for k, vals in enumerate(tables.values[actor]):
        sq = tables.status_quo_values[actor][k]
        out.append(list(vals) + [(1 - factor) * sq + factor * v for v in vals])
    return out


def timing_trades(inputs: TradeInputs, tables: ExactTables, *, delay: int = 1) -> list[Trade]:
    """The best timing trade of every pair of actors with different discount rates, best first.

    Parameters
    ----------
    inputs : TradeInputs
        ``inputs.discount_rate`` must be set (``NaN`` actors are left out).
    tables : ExactTables
    delay : int
        Periods between "now" and "later" (the rates are per period).
    """
    if inputs.discount_rate is None:
        return []
    rates = inputs.discount_rate
    out: list[tuple[Fraction, Trade]] = []
    m = [len(o) for o in inputs.options]
    for i, j in itertools.combinations(range(inputs.n_actors), 2):
        if np.isnan(rates[i]) or np.isnan(rates[j]) or rates[i] == rates[j]:
            continue
        ri, rj = to_fraction(rates[i]), to_fraction(rates[j])
        ref_choice, ref_i, ref_j = pair_reference(tables, i, j)
        choices, utilities = subset_frontier(
            [timed_values(tables, i, ri, delay), timed_values(tables, j, rj, delay)]
        )

        def delays(p: int, choices: list[tuple[int, ...]] = choices) -> bool:
            return any(o >= m[k] for k, o in enumerate(choices[p]))

        p = select_trade(utilities, (ref_i, ref_j), delays)
        if p is None:
            continue
        choice = choices[p]
        package = [o % m[k] for k, o in enumerate(choice)]
        later = [k for k, o in enumerate(choice) if o >= m[k]]
        gi, gj = utilities[p][0] - ref_i, utilities[p][1] - ref_j
        a, b = inputs.actors[i], inputs.actors[j]
        patient, impatient = (i, j) if ri < rj else (j, i)
        sq = tables.status_quo_values
        favours_patient = all(
            tables.values[patient][k][package[k]] > sq[patient][k]
            and tables.values[impatient][k][package[k]] < sq[impatient][k]
            for k in later
        )

        trade = Trade(
            kind="timing",
            actors=(a, b),
            gains={a: float(gi), b: float(gj)},
            joint_gain=float(gi + gj),
            reference=REFERENCE,
            explanation="",
            terms={
                "package": describe(inputs, package),
                "schedule": {
                    inputs.issues[k]: ("later" if k in later else "now")
                    for k in range(inputs.n_issues)
                },
                "delay_periods": delay,
                "discount_rates": {a: float(ri), b: float(rj)},
                "reference_package": None if ref_choice is None else describe(inputs, ref_choice),
            },
            cited={"delayed_terms_favour_patient": bool(favours_patient)},
        )
        out.append((gi + gj, worded(trade)))
    out.sort(key=lambda t: -t[0])
    return [t for _, t in out]
