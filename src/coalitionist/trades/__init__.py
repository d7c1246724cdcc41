"""Joint gain: packages, the Pareto frontier, fair agreements and trades on differences.

The façade is :func:`analyze_trades` (inputs: :class:`TradeInputs`; result: :class:`TradesResult`,
whose ``to_dict()`` is the ``coalitionist trades --json`` shape). The algorithms are pure functions in
topic modules: :mod:`~coalitionist.trades.exact` (exact utilities), :mod:`~coalitionist.trades.frontier`
(exact and supported Pareto frontiers), :mod:`~coalitionist.trades.bargaining` (Nash,
Kalai–Smorodinsky, egalitarian, utilitarian), :mod:`~coalitionist.trades.compromise` (the issue-by-issue
baseline), :mod:`~coalitionist.trades.pairs` (the two-party ratio sort), and one module per kind of
difference: :mod:`~coalitionist.trades.logrolling` (priorities, appearances),
:mod:`~coalitionist.trades.timing`, :mod:`~coalitionist.trades.contingent` (forecasts) and
:mod:`~coalitionist.trades.risk`. Theory and references: ``docs/theory/trades.md``.
"""

from coalitionist.trades.analysis import analyze_trades
from coalitionist.trades.compromise import issue_by_issue_compromise
from coalitionist.trades.errors import FrontierTooLargeError, TradeInputError
from coalitionist.trades.exact import ExactTables, compile_tables
from coalitionist.trades.frontier import (
    dominated_mask,
    exact_frontier,
    pareto_mask,
    supported_frontier,
    weighted_sum_optima,
)
from coalitionist.trades.inputs import TradeInputs, grid_options
from coalitionist.trades.pairs import PairFrontier, pair_supported_frontier
from coalitionist.trades.result import TRADE_KINDS, Package, Trade, TradesResult
from coalitionist.trades.risk import borch_shares

__all__ = [
    "TRADE_KINDS",
    "ExactTables",
    "FrontierTooLargeError",
    "Package",
    "PairFrontier",
    "Trade",
    "TradeInputError",
    "TradeInputs",
    "TradesResult",
    "analyze_trades",
    "borch_shares",
    "compile_tables",
    "dominated_mask",
    "exact_frontier",
    "grid_options",
    "issue_by_issue_compromise",
    "pair_supported_frontier",
    "pareto_mask",
    "supported_frontier",
    "weighted_sum_optima",
]
