"""Trades on priorities (logrolling) and on substance versus appearances.

Logrolling (Raiffa 1982, ch. 11; Lax & Sebenius 1986, ch. 5): actors who care about different issues
each concede where they care less, and both end up better off than splitting every issue.

* **Pairs and groups of three.** The members' own Pareto frontier over all issues is computed exactly
  (:func:`coalitionist.trades._common.subset_frontier`). The trade is the frontier package with the
  largest joint gain over the issue-by-issue compromise in which every member gains strictly and every
  member concedes (is worse off than under the compromise) on at least one issue. For two actors the
  supported part of that frontier is the classic ratio sort
  (:func:`coalitionist.trades.pairs.pair_supported_frontier`): each side wins the issues where its weight
  relative to the other's is highest.
* **Substance versus appearances** (Lax & Sebenius 1986; Camp David 1978: Egypt's sovereignty over the
  Sinai, Israel's demilitarisation): one actor may get its way only on issues marked ``appearance``, the
  other only on ``substance`` issues; the same search runs over those restricted options.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction

from coalitionist.trades._common import (
    describe,
    subset_frontier,
    utility,
)
from coalitionist.trades.describe import worded as _worded
from coalitionist.trades.errors import FrontierTooLargeError
from coalitionist.trades.exact import ExactTables
from coalitionist.trades.inputs import TradeInputs
from coalitionist.trades.pairs import select_trade
from coalitionist.trades.result import Trade

__all__ = ["appearance_trades", "group_trades", "pair_trades"]

REFERENCE = "the issue-by-issue compromise (each issue at the weighted median)"


def _concessions(
    tables: ExactTables, actor: int, choice: Sequence[int], baseline: Sequence[int]
) -> list[int]:
    return [
        k
        for k, (o, b) in enumerate(zip(choice, baseline, strict=True))
        if tables.values[actor][k][o] < tables.values[actor][k][b]
    ]


def _trade(
    kind: str,
    inputs: TradeInputs,
    tables: ExactTables,
    members: Sequence[int],
    choice: Sequence[int],
    baseline: Sequence[int],
) -> Trade:
    names = [inputs.actors[i] for i in members]
    gains = {
        inputs.actors[i]: utility(tables, i, choice) - utility(tables, i, baseline) for i in members
    }
    joint = sum(gains.values(), Fraction(0))
    others = {
        a: float(utility(tables, i, choice) - utility(tables, i, baseline))
        for i, a in enumerate(inputs.actors)
        if i not in members
    }
    concessions = {inputs.actors[i]: _concessions(tables, i, choice, baseline) for i in members}
    changes = {
        inputs.issues[k]: {
            "from": inputs.option_label(k, b),
            "to": inputs.option_label(k, o),
        }
        for k, (o, b) in enumerate(zip(choice, baseline, strict=True))
        if o != b
    }
    return _worded(
        Trade(
            kind=kind,
            actors=tuple(names),
            gains={a: float(g) for a, g in gains.items()},
            joint_gain=float(joint),
            reference=REFERENCE,
            explanation="",
            terms={
                "package": describe(inputs, choice),
                "changes": changes,
                "concessions": {a: [inputs.issues[k] for k in ks] for a, ks in concessions.items()},
            },
            effect_on_others=others,
            cited={
                "weights": {
                    inputs.actors[i]: {
                        inputs.issues[k]: float(tables.importance[i, k])
                        for k in range(inputs.n_issues)
                    }
                    for i in members
                }
            },
        )
    )


def _best_for(
    inputs: TradeInputs,
    tables: ExactTables,
    members: Sequence[int],
    baseline: Sequence[int],
    allowed: Sequence[Sequence[int]] | None = None,
) -> tuple[int, ...] | None:
    """The members' frontier package with the largest joint gain over the baseline, every member
    gaining strictly and conceding something; options per issue restricted to ``allowed``."""
    if allowed is None:
        allowed = [list(range(len(o))) for o in inputs.options]
    values = [
        [[tables.values[i][k][o] for o in allowed[k]] for k in range(inputs.n_issues)]
        for i in members
    ]
    try:
        local, utilities = subset_frontier(values)
    except FrontierTooLargeError:
        return None
    choices = [tuple(allowed[k][o] for k, o in enumerate(row)) for row in local]
    reference = [utility(tables, i, baseline) for i in members]

    def everyone_concedes(p: int) -> bool:
        return all(_concessions(tables, i, choices[p], baseline) for i in members)

    p = select_trade(utilities, reference, everyone_concedes)
    return None if p is None else choices[p]


def pair_trades(inputs: TradeInputs, tables: ExactTables, baseline: Sequence[int]) -> list[Trade]:
    """The best logroll of every pair of actors that has one, best joint gain first.

    Parameters
    ----------
    inputs : TradeInputs
    tables : ExactTables
    baseline : sequence of int
        The compromise package (option index per issue).
    """
    return group_trades(inputs, tables, baseline, size=2)


def group_trades(
    inputs: TradeInputs, tables: ExactTables, baseline: Sequence[int], *, size: int = 3
) -> list[Trade]:
    """The best logroll of every group of ``size`` actors that has one, best joint gain first."""
    out: list[tuple[Fraction, Trade]] = []
    for group in itertools.combinations(range(inputs.n_actors), size):
        choice = _best_for(inputs, tables, group, baseline)
        if choice is None:
            continue
        trade = _trade("priorities", inputs, tables, group, choice, baseline)
        out.append((Fraction(trade.joint_gain), trade))
    out.sort(key=lambda t: -t[0])
    return [t for _, t in out]


def appearance_trades(
    inputs: TradeInputs, tables: ExactTables, baseline: Sequence[int]
) -> list[Trade]:
    """Pairs where one side gets its way on appearances and the other on substance.

    For each pair and each direction, issue ``k`` may only move towards the side it is assigned to:
    appearance issues to options the "appearance" side likes at least as much as the compromise,
    substance issues likewise for the other side. The trade is then chosen as for :func:`pair_trades`
    (both gain strictly, each concedes something); the better direction is kept.
    """
    kinds = inputs.issue_kinds or ("substance",) * inputs.n_issues
    out: list[tuple[Fraction, Trade]] = []
    for pair in itertools.combinations(range(inputs.n_actors), 2):
        best: tuple[Fraction, Trade] | None = None
        for i, j in (pair, pair[::-1]):  # i gets appearances, j substance
            allowed: list[list[int]] = []
            for k in range(inputs.n_issues):
                vals = tables.values[i if kinds[k] == "appearance" else j][k]
                allowed.append([o for o in range(len(vals)) if vals[o] >= vals[baseline[k]]])
            choice = _best_for(inputs, tables, (i, j), baseline, allowed)
            if choice is None:
                continue
            trade = _trade("appearances", inputs, tables, (i, j), choice, baseline)
            if best is None or Fraction(trade.joint_gain) > best[0]:
                best = (Fraction(trade.joint_gain), trade)
        if best is not None:
            out.append(best)
    out.sort(key=lambda t: -t[0])
    return [t for _, t in out]
