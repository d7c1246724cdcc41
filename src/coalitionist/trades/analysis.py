"""The joint-gain analysis in one call: frontier, fair agreements, compromise baseline, trades."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from coalitionist.seeding import Seed, seeded
from coalitionist.trades import contingent, logrolling, risk, timing
from coalitionist.trades._common import SUBSET_EXACT_SPACE, describe
from coalitionist.trades.bargaining import (
    egalitarian_point,
    kalai_smorodinsky_point,
    nash_point,
    utilitarian_point,
)
from coalitionist.trades.compromise import issue_by_issue_compromise
from coalitionist.trades.errors import FrontierTooLargeError, TradeInputError
from coalitionist.trades.exact import ExactTables, choices_from_index, compile_tables
from coalitionist.trades.frontier import exact_frontier, pareto_mask, supported_frontier
from coalitionist.trades.inputs import TradeInputs
from coalitionist.trades.result import Package, Trade, TradesResult

__all__ = ["analyze_trades"]

_EXACT_TEXT = (
    "exact: every Pareto-optimal package, found by building packages issue by issue and discarding "
    "partial packages another one strictly dominates (additive utilities make this lossless); "
    "utilities are compared as exact integers, so ties are never broken by rounding"
)
_SUPPORTED_TEXT = (
    "supported: the package space is too large for the exact method, so the frontier lists the "
    "supported Pareto-optimal packages (those on the convex hull), found as weighted-sum optima; with "
    "additive utilities each weighted sum is maximised issue by issue, without enumerating packages. "
    "{found:,} distinct packages came from {weights:,} weight vectors. Every package listed is "
    "Pareto-optimal, but frontier packages inside the hull are not listed, and the Nash, "
    "Kalai-Smorodinsky and egalitarian packages are the best among those listed"
)
_CHUNK = 1 << 16


def _acceptable_rows(gains: NDArray[Any], active: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """Every actor that cares strictly gains over no deal, and none loses."""
    ok: NDArray[np.bool_] = np.all(gains >= 0, axis=1) & np.all(gains[:, active] > 0, axis=1)
    return ok


def _count_acceptable(tables: ExactTables, active: NDArray[np.bool_], space: int) -> int:
    sizes = tables.sizes
    total = 0
    for start in range(0, space, _CHUNK):
        choices = choices_from_index(start, min(space, start + _CHUNK), sizes)
        gains = tables.package_ints(choices) - tables.int_no_deal
        total += int(_acceptable_rows(gains, active).sum())
    return total


class _Packager:
    """Turns option choices into :class:`Package` objects."""

    def __init__(self, inputs: TradeInputs, tables: ExactTables, compromise: Sequence[int]):
        self.inputs = inputs
        self.tables = tables
        self.comp_ints = tables.package_ints(np.array([compromise]))[0]
        self.active = _active(tables)

    def many(self, choices: NDArray[np.int64], ints: NDArray[Any]) -> list[Package]:
        if len(choices) == 0:
            return []
        t, a = self.tables, self.inputs.actors
        util = t.to_float(ints)
        over = t.to_float(ints - self.comp_ints)
        ok = _acceptable_rows(ints - t.int_no_deal, self.active)
        return [
            Package(
                choice=tuple(int(o) for o in choices[r]),
                package=describe(self.inputs, choices[r]),
                utilities={a[i]: float(util[r, i]) for i in range(len(a))},
                gain_over_compromise={a[i]: float(over[r, i]) for i in range(len(a))},
                acceptable=bool(ok[r]),
            )
            for r in range(len(choices))
        ]

    def one(self, choice: Sequence[int]) -> Package:
        arr = np.array([choice], dtype=np.int64)
        return self.many(arr, self.tables.package_ints(arr))[0]


def _active(tables: ExactTables) -> NDArray[np.bool_]:
    """Actors whose utility is not the same for every package."""
    spread = np.zeros(tables.n_actors, dtype=bool)
    for t in tables.int_tables:
        spread |= np.array([len(set(t[:, i].tolist())) > 1 for i in range(tables.n_actors)])
    return spread


#: Cells (weight vectors x actors x issues) the supported frontier may produce: each weight vector's
#: optimum becomes a listed package, so 50,000 vectors on 10 actors x 50 issues listed 50,000 packages of
#: 50 issues (10 s to build, most of the JSON); the number of weight vectors is lowered to fit.
SUPPORTED_CELLS = 5_000_000


def supported_weights(weight_samples: int, n_actors: int, n_issues: int) -> int:
    """Weight vectors the supported method draws: ``weight_samples``, lowered to fit
    :data:`SUPPORTED_CELLS` (at least 1,000).

    >>> supported_weights(50_000, 3, 10), supported_weights(50_000, 10, 50)
    (50000, 10000)
    """
    cap = SUPPORTED_CELLS // max(1, n_actors * n_issues)
    return max(1, min(weight_samples, max(1_000, cap)))


#: Steps :func:`analyze_trades` reports to its ``progress`` callback: the frontier, the fair agreements and
#: the five kinds of trade.
STEPS = 7


@seeded()
def analyze_trades(
    inputs: TradeInputs,
    *,
    method: Literal["auto", "exact", "supported"] = "auto",
    max_candidates: int = 400_000,
    max_packages: int = 2_000_000,
    weight_samples: int = 50_000,
    delay: int = 1,
    max_trades: int = 5,
    max_group_actors: int = 12,
    seed: Seed = None,
    progress: Callable[[int, int], None] | None = None,
) -> TradesResult:
    """Find the agreements that create value, and who trades what.

    Steps:

    1. Exact utilities of every option for every actor (:func:`~coalitionist.trades.exact.compile_tables`;
       the default utility is ``u_i(x) = sum_k w_ik (1 - |x_k - p_ik| / (hi_k - lo_k))``).
    2. The Pareto frontier: exact (:func:`~coalitionist.trades.frontier.exact_frontier`) unless a step
       would exceed ``max_candidates`` candidates, then the supported frontier by weighted sums
       (:func:`~coalitionist.trades.frontier.supported_frontier`).
    3. On the frontier: the Nash, Kalai–Smorodinsky, egalitarian and utilitarian packages
       (:mod:`~coalitionist.trades.bargaining`); which packages every actor prefers to no deal, and how
       many there are in the whole space (counted when it has at most ``max_packages`` packages).
    4. The issue-by-issue compromise (weighted median per issue) and each package's gain over it.
    5. Trades on differences: priorities (pairs, and groups of three when there are at most
       ``max_group_actors`` actors), substance vs appearances, timing, forecasts and risk -- each only
       when the inputs it needs are present; otherwise ``skipped`` says why.

    Parameters
    ----------
    inputs : TradeInputs
    method : {"auto", "exact", "supported"}
        ``"exact"`` raises :class:`~coalitionist.trades.errors.FrontierTooLargeError` instead of falling
        back.
    max_candidates : int
        Budget of the exact method (candidates at one step).
    max_packages : int
        Largest space whose acceptable packages are counted one by one.
    weight_samples : int
        Weight vectors drawn by the supported method (lowered by :func:`supported_weights` on very
        large scenarios; the method description states the number used).
    delay : int
        Periods between "now" and "later" for timing trades.
    max_trades : int
        Trades reported per kind (and per group size for priorities).
    max_group_actors : int
        Three-way trades are searched only up to this many actors (the number of groups grows as n^3).
    seed : int or Generator, optional
        Seeds the weight vectors of the supported method (the exact method is deterministic).
    progress : callable(done, total), optional
        Called after each of the :data:`STEPS` steps above (the frontier, the fair agreements, then each
        kind of trade), so a caller can show how far the analysis is.

    Returns
    -------
    TradesResult
    """
    if method not in ("auto", "exact", "supported"):
        raise TradeInputError(f"method must be auto, exact or supported, got {method!r}")
    if delay < 1 or int(delay) != delay:
        raise TradeInputError(f"delay must be a whole number of periods >= 1, got {delay}")
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, STEPS)

    tables = compile_tables(inputs)
    space = inputs.package_space
    skipped: dict[str, str] = {}
    not_found: dict[str, str] = {}
    notes: list[str] = []

    # 2. the frontier
    choices: NDArray[np.int64] | None = None
    if method in ("auto", "exact"):
        try:
            choices, ints = exact_frontier(
                tables.int_tables, max_candidates=max_candidates, stop_early=method == "auto"
            )
            used, evaluated, description = "exact", space, _EXACT_TEXT
        except FrontierTooLargeError as err:
            if method == "exact":
                raise
            notes.append(f"exact frontier not attempted in full: {err}")
    if choices is None:
        weight_samples = supported_weights(weight_samples, inputs.n_actors, inputs.n_issues)
        found = supported_frontier(tables, n_weights=weight_samples, seed=seed)
        ints = tables.package_ints(found)
        keep = pareto_mask(ints)
        choices, ints = found[keep], ints[keep]
        used, evaluated = "supported", len(found)
        description = _SUPPORTED_TEXT.format(found=len(found), weights=weight_samples + 1)
    step()

    # 3. fair agreements
    active = _active(tables)
    gains = ints - tables.int_no_deal
    comp = issue_by_issue_compromise(inputs)
    packager = _Packager(inputs, tables, comp)
    pareto = packager.many(choices, ints)
    idle = [inputs.actors[i] for i in np.flatnonzero(~active)]
    if idle:
        notes.append(
            f"indifferent between all packages, left out of the fair-agreement criteria: {', '.join(idle)}"
        )
    losing = [
        inputs.actors[i] for i in np.flatnonzero(~active) if len(gains) and int(gains[0, i]) < 0
    ]
    points: dict[str, int | None] = {"utilitarian": utilitarian_point(gains, tables.scale)}
    if losing:
        reason = f"{', '.join(losing)} prefer(s) no deal to every package"
        for name in ("nash", "kalai_smorodinsky", "egalitarian"):
            points[name] = None
            skipped[name] = reason
    else:
        points["nash"] = nash_point(gains, tables.scale, active)
        points["kalai_smorodinsky"] = kalai_smorodinsky_point(gains, tables.scale, active)
        points["egalitarian"] = egalitarian_point(gains, tables.scale, active)
        if points["nash"] is None:
            skipped["nash"] = "no package gives every actor a strict gain over no deal"
        for name in ("kalai_smorodinsky", "egalitarian"):
            if points[name] is None:
                skipped[name] = "no package leaves every actor at least as well off as no deal"
    if space <= max_packages:
        acceptable_count: int | None = _count_acceptable(tables, active, space)
    else:
        acceptable_count = None
        skipped["acceptable_count"] = (
            f"{space:,} packages is more than max_packages={max_packages:,}; acceptable packages on "
            "the frontier are flagged instead"
        )

    step()

    # 5. trades
    trades: list[Trade] = []
    if inputs.n_actors < 2:
        for kind in ("priorities", "appearances", "timing", "forecasts", "risk"):
            skipped[kind] = "trades need at least two actors"
        for _ in range(5):
            step()
    else:
        trades += _priorities(
            inputs, tables, comp, max_trades, max_group_actors, skipped, not_found, notes
        )
        step()
        trades += _appearances(inputs, tables, comp, max_trades, skipped, not_found)
        step()
        trades += _timing(inputs, tables, delay, max_trades, skipped, not_found)
        step()
        trades += _forecasts(inputs, tables, max_trades, skipped, not_found)
        step()
        trades += _risk(inputs, skipped)
        step()

    def at(name: str) -> Package | None:
        r = points[name]
        return None if r is None else pareto[r]

    return TradesResult(
        actors=inputs.actors,
        issues=inputs.issues,
        method=used,
        method_description=description,
        package_space=space,
        packages_evaluated=evaluated,
        no_deal={a: float(d) for a, d in zip(inputs.actors, tables.no_deal, strict=True)},
        pareto=tuple(pareto),
        acceptable_count=acceptable_count,
        nash=at("nash"),
        kalai_smorodinsky=at("kalai_smorodinsky"),
        egalitarian=at("egalitarian"),
        utilitarian=at("utilitarian"),
        compromise=packager.one(comp),
        trades=tuple(trades),
        skipped=skipped,
        not_found=not_found,
        notes=tuple(notes),
    )


def _priorities(
    inputs: TradeInputs,
    tables: ExactTables,
    comp: Sequence[int],
    max_trades: int,
    max_group_actors: int,
    skipped: dict[str, str],
    not_found: dict[str, str],
    notes: list[str],
) -> list[Trade]:
    if inputs.n_issues < 2:
        skipped["priorities"] = "trading on priorities needs at least two issues"
        return []
    found = logrolling.pair_trades(inputs, tables, comp)[:max_trades]
    if inputs.package_space > SUBSET_EXACT_SPACE:
        notes.append(
            f"pairs' trades are searched on each pair's supported frontier and three-way trades are"
            f" not searched: {inputs.package_space:.3g} packages is more than the exact method's"
            f" {SUBSET_EXACT_SPACE:.0e}"
        )
    elif 3 <= inputs.n_actors <= max_group_actors:
        found += logrolling.group_trades(inputs, tables, comp)[:max_trades]
    elif inputs.n_actors > max_group_actors:
        notes.append(
            f"three-way trades not searched: {inputs.n_actors} actors is more than "
            f"max_group_actors={max_group_actors}"
        )
    if not found:
        not_found["priorities"] = (
            "no pair or group of three can both beat the issue-by-issue compromise with each "
            "conceding on an issue it cares less about"
        )
    return sorted(found, key=lambda t: -Fraction(t.joint_gain))


def _appearances(
    inputs: TradeInputs,
    tables: ExactTables,
    comp: Sequence[int],
    max_trades: int,
    skipped: dict[str, str],
    not_found: dict[str, str],
) -> list[Trade]:
    kinds = inputs.issue_kinds
    if kinds is None or "appearance" not in kinds:
        skipped["appearances"] = "no issue is marked kind: appearance"
        return []
    if "substance" not in kinds:
        skipped["appearances"] = "every issue is marked kind: appearance; no substance to trade for"
        return []
    found = logrolling.appearance_trades(inputs, tables, comp)[:max_trades]
    if not found:
        not_found["appearances"] = (
            "no pair can both beat the compromise with one getting its way on appearances and the "
            "other on substance"
        )
    return found


def _timing(
    inputs: TradeInputs,
    tables: ExactTables,
    delay: int,
    max_trades: int,
    skipped: dict[str, str],
    not_found: dict[str, str],
) -> list[Trade]:
    rates = inputs.discount_rate
    stated = [] if rates is None else [float(r) for r in rates if not np.isnan(r)]
    if len(stated) < 2:
        skipped["timing"] = "fewer than two actors have a discount_rate"
        return []
    if len(set(stated)) == 1:
        skipped["timing"] = (
            "every actor with a discount_rate has the same one: no timing difference"
        )
        return []
    found = timing.timing_trades(inputs, tables, delay=delay)[:max_trades]
    if not found:
        not_found["timing"] = (
            "no pair with different discount rates can both beat their best agreement without "
            "timing by settling some issues later"
        )
    return found


def _forecasts(
    inputs: TradeInputs,
    tables: ExactTables,
    max_trades: int,
    skipped: dict[str, str],
    not_found: dict[str, str],
) -> list[Trade]:
    if not inputs.beliefs:
        skipped["forecasts"] = "no beliefs about uncertain events were given"
        return []
    differ = [
        e for e, p in inputs.beliefs.items() if len({float(x) for x in p if not np.isnan(x)}) > 1
    ]
    if not differ:
        skipped["forecasts"] = "no event on which two actors state different probabilities"
        return []
    found = contingent.contingent_trades(inputs, tables)[:max_trades]
    if not found:
        not_found["forecasts"] = (
            "no pair with different beliefs can both expect more from a contingent agreement than "
            "from their best non-contingent one"
        )
    return found


def _risk(inputs: TradeInputs, skipped: dict[str, str]) -> list[Trade]:
    ra = inputs.risk_aversion
    stated = [] if ra is None else [float(x) for x in ra if not np.isnan(x)]
    if len(stated) < 2:
        skipped["risk"] = "fewer than two actors have a risk_aversion"
        return []
    trade = risk.risk_sharing_trade(inputs)
    if trade is None:
        skipped["risk"] = (
            "every actor with a risk_aversion has the same one: equal shares are optimal"
        )
        return []
    return [trade]
