"""The façade: :func:`power_indices` picks an algorithm, runs it and assembles a :class:`PowerResult`.

Algorithm choice (``method="auto"``), from the rule's exact linear form (:mod:`coalitionist.power.linear`):

* **size-threshold games** (one weight vector, possibly with head counts: weighted votes, UN Security
  Council, EU double majority): exact counting tables with alternating-sum player removal
  (:mod:`~coalitionist.power.threshold`) for all indices but Johnston, and a backward sweep
  (:mod:`~coalitionist.power.johnston`) for Johnston; integer arithmetic, ``n ≤ 62`` in ``int64``;
* plain **weighted games with more than 62 players**: probability generating functions in floating
  point (:mod:`~coalitionist.power.weighted_float`) for Banzhaf and Shapley–Shubik, exact dummies, and
  one forward/backward sweep with marked members (:mod:`~coalitionist.power.weighted_minimal`) for
  Deegan–Packel, Holler and Johnston;
* **other compositions** (several weight vectors): enumeration of all coalitions for ``n ≤ 22``, else the
  multi-dimensional counting table (:mod:`~coalitionist.power.grid`) for Banzhaf and Shapley–Shubik;
* anything whose exact cost exceeds the budget: **Monte Carlo** with an (ε, δ) guarantee
  (:mod:`~coalitionist.power.montecarlo`).

``method="exact"`` never falls back to sampling (it raises :class:`ExactComputationTooLargeError` instead);
``exact=True`` returns :class:`fractions.Fraction` values.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import partial
from typing import Any

import numpy as np

from coalitionist.power.cost import (
    AUTO_BUDGET,
    Estimate,
    enumeration_cost,
    float_cost,
    grid_cost,
    halves_cost,
    monte_carlo_cost,
    table_cost,
)
from coalitionist.power.enumeration import enumerate_stats
from coalitionist.power.errors import ExactComputationTooLargeError, InvalidPowerOptionError
from coalitionist.power.grid import grid_size, grid_stats
from coalitionist.power.halves import MAX_TOTAL as HALVES_MAX_TOTAL
from coalitionist.power.halves import halves_stats
from coalitionist.power.johnston import FLOAT_EXACT_PLAYERS, johnston_scores
from coalitionist.power.linear import LinearGame, compile_rule
from coalitionist.power.minimal import SearchBudgetExceededError, minimal_coalitions
from coalitionist.power.montecarlo import monte_carlo_stats, samples_needed
from coalitionist.power.progress import SILENT, Ticker
from coalitionist.power.result import INDEX_NAMES, PowerResult
from coalitionist.power.rules import Rule
from coalitionist.power.stats import GameStats, Value
from coalitionist.power.threshold import INT64_MAX_PLAYERS, threshold_stats
from coalitionist.power.weighted_float import banzhaf_swing_probabilities, shapley_shubik_float
from coalitionist.power.weighted_minimal import minimal_float_stats, sweep_cost
from coalitionist.seeding import seeded
from coalitionist.wording import and_join

#: Work budgets in predicted elementary operations (:mod:`coalitionist.power.cost`).
#: ``method="auto"`` allows the floating-point minimal-coalition sweep more: nothing else (not even Monte
#: Carlo) gives the Deegan–Packel, Holler and Johnston indices of large weighted games.
MINIMAL_AUTO_BUDGET = 4 * AUTO_BUDGET
EXACT_BUDGET = 100 * AUTO_BUDGET
_ENUM_AUTO_MAX = 22
_ENUM_MAX = 25
_LIST_NODES = 50_000

_METHODS = {"auto": "auto", "exact": "exact", "monte_carlo": "monte_carlo", "mc": "monte_carlo"}


def _check_names(names: Sequence[str] | None, n: int) -> tuple[str, ...]:
    if names is None:
        return tuple(f"p{i + 1}" for i in range(n))
    if isinstance(names, str):
        raise InvalidPowerOptionError("names must be a sequence of strings, not one string")
    out = tuple(names)
    if len(out) != n:
        raise InvalidPowerOptionError(f"{len(out)} names given for {n} players")
    if not all(isinstance(x, str) and x for x in out):
        raise InvalidPowerOptionError("names must be non-empty strings")
    if len(set(out)) != n:
        dup = sorted({x for x in out if out.count(x) > 1})
        raise InvalidPowerOptionError(f"names must be distinct; repeated: {', '.join(dup)}")
    return out


@dataclass(frozen=True)
class _Plan:
    """One way to compute the indices: its predicted cost, the indices it gives and how to run it."""

    estimate: Estimate
    covers: frozenset[str]
    #: ``run(tick=…)``: the algorithm, telling the :class:`~coalitionist.power.progress.Ticker` how far it is
    run: Callable[..., GameStats]


_SAMPLED = frozenset({"banzhaf", "banzhaf_absolute", "shapley_shubik"})
_MINIMAL = frozenset({"deegan_packel", "holler", "johnston"})
_EVERY = frozenset(INDEX_NAMES)


def _plans(game: LinearGame, *, exact: bool, want: frozenset[str], forced: bool) -> list[_Plan]:
    """Every exact algorithm that applies to ``game``, with its predicted cost for the indices in ``want``."""
    n = game.n
    need_minimal = bool(want & {"deegan_packel", "holler"})
    need_johnston = "johnston" in want
    out: list[_Plan] = []
    if n <= (_ENUM_MAX if forced else _ENUM_AUTO_MAX):
        out.append(_Plan(enumeration_cost(n), _EVERY, partial(enumerate_stats, game)))
    thresholds = game.size_thresholds()
    if thresholds is None:
        out.append(
            _Plan(grid_cost(n, grid_size(game)), _EVERY - _MINIMAL, partial(grid_stats, game))
        )
        return out
    weights = list(game.dims[0]) if game.dims else [0] * n
    total = sum(weights)
    cap = max((x for x in thresholds if x is not None), default=0)
    distinct = len(set(weights))
    if total < HALVES_MAX_TOTAL:
        cost = halves_cost(n, distinct, minimal=need_minimal, johnston=need_johnston)
        run = partial(
            halves_stats, weights, thresholds, minimal=need_minimal, johnston=need_johnston
        )
        out.append(_Plan(cost, _EVERY, run))
    float_johnston = not exact and n <= FLOAT_EXACT_PLAYERS
    cost = table_cost(
        n,
        cap,
        distinct,
        minimal=need_minimal,
        johnston=need_johnston,
        johnston_cap=cap + max(weights, default=0),
        exact_johnston=not float_johnston,
    )
    run = partial(
        _table_stats,
        weights,
        thresholds,
        minimal=need_minimal,
        johnston=need_johnston,
        float_johnston=float_johnston,
    )
    out.append(_Plan(cost, _EVERY, run))
    pure = bool(game.dims) and not game.uses_size
    if pure and n > INT64_MAX_PLAYERS and not exact:
        q = thresholds[0]
        assert q is not None
        shapley = "shapley_shubik" in want
        if (need_minimal or need_johnston) and 1 <= q <= total:
            cost = float_cost(n, total, shapley=shapley, minimal_sweep=sweep_cost(weights, q))
            run = partial(
                _float_weighted_stats,
                weights,
                q,
                shapley=shapley,
                minimal=True,
                johnston=need_johnston,
            )
            out.append(_Plan(cost, _EVERY, run))
        cost = float_cost(n, total, shapley=shapley)
        out.append(
            _Plan(
                cost, _EVERY - _MINIMAL, partial(_float_weighted_stats, weights, q, shapley=shapley)
            )
        )
    return out


def _table_stats(
    weights: list[int],
    thresholds: list[int | None],
    *,
    minimal: bool,
    johnston: bool,
    float_johnston: bool,
    tick: Ticker = SILENT,
) -> GameStats:
    # Johnston's forward and backward tables cost about as much as the counting table
    split = 0.5 if johnston else 1.0
    stats = threshold_stats(weights, thresholds, minimal=minimal, tick=tick.span(0.0, split))
    if johnston:
        raw = johnston_scores(
            weights, thresholds, exact=not float_johnston, tick=tick.span(split, 1.0)
        )
        stats.johnston_raw = raw
        stats.vulnerable_count = round(sum(raw))
    return stats


def monte_carlo_estimate(
    n: int, dims: int, want: frozenset[str], epsilon: float, delta: float
) -> Estimate:
    """Predicted cost of :func:`~coalitionist.power.montecarlo.monte_carlo_stats` for ``want``."""
    banzhaf = bool(want & {"banzhaf", "banzhaf_absolute"})
    shapley = "shapley_shubik" in want
    minimal = len(want & _MINIMAL)
    m = samples_needed(n, epsilon, delta, kinds=int(banzhaf) + int(shapley) + minimal or 1)
    return monte_carlo_cost(
        n,
        dims,
        banzhaf_samples=m if banzhaf or minimal else 0,
        shapley_samples=m if shapley else 0,
        minimal=minimal > 0,
    )


def choose_plan(
    game: LinearGame,
    *,
    exact: bool,
    want: frozenset[str],
    forced: bool,
    epsilon: float = 0.005,
    delta: float = 0.01,
) -> tuple[_Plan | None, list[_Plan], Estimate]:
    """The exact plan :func:`power_indices` runs (``None``: Monte Carlo), every plan considered, and the
    predicted cost of Monte Carlo for the same indices.

    An exact plan that gives every index asked for is taken when its predicted cost is within
    :data:`~coalitionist.power.cost.AUTO_BUDGET` (:data:`EXACT_BUDGET` when exact is required) or below
    the cost of Monte Carlo for the same indices (so exact is never abandoned where it is cheaper); the
    minimal-coalition indices, which Monte Carlo estimates poorly when minimal winning coalitions are
    rare, may use up to
    :data:`MINIMAL_AUTO_BUDGET`. Failing that, the cheapest plan that gives the sampled indices
    (Banzhaf, Shapley–Shubik) under the same rule; failing that, Monte Carlo.
    """
    mc = monte_carlo_estimate(game.n, len(game.dims), want, epsilon, delta)
    budget = EXACT_BUDGET if forced else AUTO_BUDGET
    plans = sorted(
        _plans(game, exact=exact, want=want, forced=forced), key=lambda p: p.estimate.seconds
    )
    sampled = want & _SAMPLED
    limit = max(budget, mc.seconds if sampled and not forced else 0.0)
    for p in plans:
        extra = MINIMAL_AUTO_BUDGET if want & _MINIMAL and not forced else 0.0
        if want <= p.covers and p.estimate.seconds <= max(limit, extra):
            return p, plans, mc
    for p in plans:
        if sampled and sampled <= p.covers and p.estimate.seconds <= limit:
            return p, plans, mc
    return None, plans, mc


def _relative_accuracy(stats: GameStats, want: frozenset[str], epsilon: float) -> list[str]:
    """What the absolute (ε, δ) guarantee of Monte Carlo means relative to the values a user reads.

    With ``|v̂ − v| ≤ ε`` the relative error of an estimate ``v̂ > ε`` is at most ``ε / (v̂ − ε)``. The
    normalised Banzhaf index ``β_i / Σβ`` adds the relative error of the sum, at most ``nε / (Σβ̂ − nε)``
    (the same event bounds every player). Reported for the five largest values, and for how many
    players the bound is 10 % or better; where the bound does not exist, the note says so.
    """
    out: list[str] = []

    def rel(v: float, e: float) -> float:
        return e / (v - e) if v > e else math.inf

    def say(label: str, bounds: list[float]) -> None:
        top = sorted(bounds)[:5]
        good = sum(1 for b in bounds if b <= 0.1)
        if not math.isfinite(top[-1]):
            out.append(
                f"Relative error of the {label} estimates: not bounded even for the largest values "
                f"(the absolute bound {epsilon:g} exceeds them); a smaller epsilon or an exact method "
                "is needed for relative accuracy."
            )
            return
        out.append(
            f"Relative error of the {label} estimates (same probability): at most {top[-1]:.1%} for "
            f"the {len(top)} largest values; 10 % or better for {good} of {len(bounds)} players."
        )

    n = stats.n
    if "shapley_shubik" in want:
        say("Shapley–Shubik", [rel(float(v), epsilon) for v in stats.shapley])
    if want & {"banzhaf", "banzhaf_absolute"}:
        beta = [float(v) for v in stats.banzhaf_abs]
        if "banzhaf_absolute" in want:
            say("absolute Banzhaf", [rel(v, epsilon) for v in beta])
        if "banzhaf" in want:
            total = math.fsum(beta)
            of_sum = rel(total, n * epsilon)
            say("Banzhaf", [rel(v, epsilon) + of_sum + rel(v, epsilon) * of_sum for v in beta])
    return out


def _what_would_make_it_exact(plans: list[_Plan], n: int) -> str:
    """A sentence naming the cheapest exact algorithm, its predicted time and what drives its cost."""
    if not plans:
        return "No exact algorithm applies to this rule."
    best = min(plans, key=lambda p: p.estimate.seconds)
    if not math.isfinite(best.estimate.ops):
        return "No exact algorithm applies to this rule at this size."
    driver = {
        "table": "it grows with the quota (the weights' magnitude: divide them by a common factor)",
        "halves": "it grows with 2^(n/2) (fewer players)",
        "float": "it grows with the total weight (smaller integer weights)",
        "enumeration": "it grows with 2^n",
        "grid": "it grows with the product of the quotas of the weight vectors",
    }[best.estimate.algorithm]
    return (
        f"The cheapest exact algorithm ({_ALGORITHM_NAMES[best.estimate.algorithm]}) would need about "
        f"{best.estimate.seconds:.3g} s for {n} players; {driver}. Pass method='exact' to run it anyway."
    )


_ALGORITHM_NAMES = {
    "table": "counting tables indexed by weight",
    "halves": "meet in the middle",
    "float": "floating-point generating functions",
    "enumeration": "enumeration of all coalitions",
    "grid": "multi-dimensional counting table",
}


def _proper_weighted(weights: Sequence[int], q: int) -> bool | None:
    """Whether no two disjoint coalitions of ``[q; w]`` both win: no subset sum lies in ``[q, W − q]``."""
    total = sum(weights)
    if total > 5_000_000:
        return None
    if 2 * q > total:
        return True
    reach = 1
    mask = (1 << (total + 1)) - 1
    for w in weights:
        reach = (reach | (reach << w)) & mask
    window = ((1 << (total - q + 1)) - 1) ^ ((1 << q) - 1)
    return not bool(reach & window)


def _float_weighted_stats(
    weights: list[int],
    q: int,
    *,
    shapley: bool,
    minimal: bool = False,
    johnston: bool = False,
    tick: Ticker = SILENT,
) -> GameStats:
    n = len(weights)
    beta, dummy = banzhaf_swing_probabilities(weights, q)
    # the quadrature (one FFT pair per node) is most of the work; the minimal sweep the rest
    quad = 0.7 if minimal else 1.0
    tick.at(0.1 * quad)
    ss: list[Value] = (
        list(shapley_shubik_float(weights, q, dummy, tick=tick.span(0.1 * quad, quad)))
        if shapley
        else [0.0] * n
    )
    tick.at(quad)
    total = sum(weights)
    algorithm = (
        "probability generating functions: Banzhaf by alternating block sums at p = 1/2, "
        "Shapley–Shubik by exact-degree Gauss–Legendre quadrature with FFT"
    )
    extra: dict[str, Any] = {}
    if minimal:
        m = minimal_float_stats(weights, q, johnston=johnston)
        algorithm += (
            "; Deegan–Packel, Holler"
            + (" and Johnston" if johnston else "")
            + " by a forward/backward sweep with marked members and an exponential-sum kernel for 1/size"
        )
        extra = {"mwc_member": m.mwc_member, "dp_raw": m.dp_raw, "mwc_total": m.mwc_total}
        tick.at(1.0)
        if johnston:
            extra["johnston_raw"] = m.johnston_raw
    stats = GameStats(
        n=n,
        algorithm=algorithm,
        exact=False,
        grand_wins=total >= q,
        empty_wins=False,
        banzhaf_abs=list(beta),
        shapley=ss,
        veto=[total >= q and total - w < q for w in weights],
        dummy=dummy,
        proper=_proper_weighted(weights, q),
        **extra,
    )
    if minimal:
        stats.notes.append(
            "Deegan–Packel, Holler"
            + (" and Johnston" if johnston else "")
            + " are computed in floating point (relative error about 1e-9); the numbers of minimal "
            "winning and blocking coalitions are not counted exactly for this many players."
        )
    return stats


def _normalise(values: Sequence[Value] | None, exact: bool) -> list[Value] | None:
    if values is None:
        return None
    if exact:
        total_f = sum((Fraction(v) for v in values), Fraction(0))
        if total_f == 0:
            return [Fraction(0)] * len(values)
        return [Fraction(v) / total_f for v in values]
    total = math.fsum(float(v) for v in values)
    if total <= 0:
        return [0.0] * len(values)
    return [float(v) / total for v in values]


def _sampled(want: frozenset[str]) -> str:
    kinds = []
    if want & {"banzhaf", "banzhaf_absolute"}:
        kinds.append("absolute Banzhaf")
    if "shapley_shubik" in want:
        kinds.append("Shapley–Shubik")
    return " and ".join(kinds) if kinds else "sampled"


def _listing(
    game: LinearGame, count: int | None, dual: bool, max_list: int
) -> tuple[tuple[tuple[int, ...], ...] | None, int | None]:
    """The coalitions when at most ``max_list`` (and the count, found by listing when it was unknown)."""
    if max_list <= 0 or (count is not None and count > max_list):
        return None, count
    found: list[tuple[int, ...]] = []
    budget = _LIST_NODES if count is None else 10_000 + 20 * (game.n + 1) * (count + 1)
    try:
        for c in minimal_coalitions(game, dual=dual, max_nodes=budget):
            found.append(c)
            if len(found) > max_list:
                return None, count
    except SearchBudgetExceededError:
        return None, count
    return tuple(sorted(found)), len(found)


@seeded(convert="entropy", error=InvalidPowerOptionError)
def power_indices(
    rule: Rule,
    names: Sequence[str] | None = None,
    *,
    method: str = "auto",
    exact: bool = False,
    epsilon: float = 0.005,
    delta: float = 0.01,
    seed: int | None = None,
    max_list: int = 1000,
    indices: Sequence[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> PowerResult:
    """Voting power of every player under ``rule``.

    Parameters
    ----------
    rule : Rule
        The decision rule (players ``0 … n-1``).
    names : sequence of str, optional
        Player names (default ``p1 … pn``).
    method : {"auto", "exact", "monte_carlo"}
        ``"auto"`` uses an exact algorithm when its cost is within budget, else Monte Carlo; ``"exact"``
        raises :class:`ExactComputationTooLargeError` rather than sample; ``"monte_carlo"`` (or ``"mc"``)
        always samples.
    exact : bool
        Return index values as :class:`fractions.Fraction` (requires an exact method).
    epsilon, delta : float
        Monte Carlo accuracy: every absolute Banzhaf and Shapley–Shubik estimate is within ``epsilon`` of
        the truth with probability at least ``1 − delta``.
    seed : int, optional
        Seed of the Monte Carlo generator (:func:`numpy.random.default_rng`).
    max_list : int
        List the minimal winning/blocking coalitions when there are at most this many.
    indices : sequence of str, optional
        Compute only these indices (names from :data:`INDEX_NAMES`; default: all six). Skipping the
        minimal-coalition indices (Deegan–Packel, Holler, Johnston) saves most of the time on large games.
    progress : callable, optional
        ``progress(done, total)``, called as the work advances: after each batch of Monte Carlo samples
        (``total`` the samples to draw), or, for an exact algorithm, as it goes (``total`` = 100: the
        percentage done, from ``(0, 100)`` before it starts to ``(100, 100)`` once the coalitions are
        listed; :mod:`coalitionist.power.progress`). It changes no number; the command line draws it as a
        progress bar for large games.

    Returns
    -------
    PowerResult
        Shapley–Shubik, Banzhaf (normalised and absolute), Deegan–Packel, Holler and Johnston indices,
        swing counts, veto players, dummies and minimal winning/blocking coalitions.

    Examples
    --------
    >>> from coalitionist.power import Weighted
    >>> r = power_indices(Weighted([9, 9, 7, 3, 1, 1], quota=16), exact=True)
    >>> r.indices["shapley_shubik"]["p1"], r.dummies
    (Fraction(1, 3), ('p4', 'p5', 'p6'))
    """
    if not isinstance(rule, Rule):
        raise InvalidPowerOptionError(f"power_indices needs a Rule, got {type(rule).__name__}")
    n = rule.n
    players = _check_names(names, n)
    if method not in _METHODS:
        raise InvalidPowerOptionError(
            f"method must be one of auto, exact, monte_carlo; got {method!r}"
        )
    how = _METHODS[method]
    if not isinstance(exact, bool):
        raise InvalidPowerOptionError("exact must be true or false")
    if exact and how == "monte_carlo":
        raise InvalidPowerOptionError("exact=True cannot be combined with method='monte_carlo'")
    for label, x in (("epsilon", epsilon), ("delta", delta)):
        if not isinstance(x, int | float) or isinstance(x, bool) or not 0 < float(x) < 1:
            raise InvalidPowerOptionError(
                f"{label} must be a number strictly between 0 and 1, got {x!r}"
            )
    if isinstance(max_list, bool) or not isinstance(max_list, int) or max_list < 0:
        raise InvalidPowerOptionError(f"max_list must be a non-negative integer, got {max_list!r}")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int | np.integer)):
        raise InvalidPowerOptionError(f"seed must be an integer, got {seed!r}")
    if progress is not None and not callable(progress):
        raise InvalidPowerOptionError(
            f"progress must be a callable progress(done, total), got {progress!r}"
        )
    if indices is None:
        want = frozenset(INDEX_NAMES)
    else:
        if isinstance(indices, str):
            indices = [indices]
        unknown = [x for x in indices if x not in INDEX_NAMES]
        if unknown or not indices:
            raise InvalidPowerOptionError(
                f"unknown index {', '.join(map(repr, unknown)) or '(none given)'}; choose from {', '.join(INDEX_NAMES)}"
            )
        want = frozenset(indices)

    game = compile_rule(rule)
    notes: list[str] = []
    stats: GameStats | None = None
    samples: int | None = None
    if how != "monte_carlo":
        forced = how == "exact" or exact
        plan, plans, _ = choose_plan(
            game, exact=exact, want=want, forced=forced, epsilon=float(epsilon), delta=float(delta)
        )
        if plan is None and forced:
            raise ExactComputationTooLargeError(
                f"every exact algorithm is too large for this rule ({n} players). "
                + _what_would_make_it_exact(plans, n)
                + " Use method='monte_carlo' for estimates with a stated accuracy."
            )
        if plan is not None:
            tick = Ticker(progress)
            tick.start()
            # the algorithm is most of the work; listing the minimal coalitions (_assemble) the rest
            stats = plan.run(tick=tick.span(0.0, 0.95))
        if stats is not None and exact and not stats.exact:
            raise ExactComputationTooLargeError(
                "no exact-arithmetic algorithm fits this rule's size"
            )
        if stats is None:
            notes.append(
                "Exact algorithms would take longer than sampling for this rule; the indices are "
                "Monte Carlo estimates. " + _what_would_make_it_exact(plans, n)
            )
    if stats is None:
        stats, samples = monte_carlo_stats(
            game,
            epsilon=float(epsilon),
            delta=float(delta),
            rng=np.random.default_rng(seed),
            banzhaf=bool(want & {"banzhaf", "banzhaf_absolute"}),
            shapley="shapley_shubik" in want,
            minimal=len(want & _MINIMAL),
            progress=progress,
        )
        notes.append(
            f"Monte Carlo: with probability at least {1 - float(delta):g}, every {_sampled(want)} value is "
            f"within {float(epsilon):g} of the exact value ({samples} samples each)."
        )
        notes.extend(_relative_accuracy(stats, want, float(epsilon)))
        notes.append(
            "Under Monte Carlo, 'dummies' are the players never seen to be decisive in the samples."
        )
    result = _assemble(
        game,
        stats,
        players,
        exact=exact,
        notes=notes,
        max_list=max_list,
        samples=samples,
        epsilon=float(epsilon),
        delta=float(delta),
        seed=None if seed is None else int(seed),
        want=want,
    )
    if samples is None and progress is not None:  # an exact algorithm: done
        Ticker(progress).at(1.0)
    return result


def _assemble(
    game: LinearGame,
    stats: GameStats,
    players: tuple[str, ...],
    *,
    exact: bool,
    notes: list[str],
    max_list: int,
    samples: int | None,
    epsilon: float,
    delta: float,
    seed: int | None,
    want: frozenset[str],
) -> PowerResult:
    n = game.n
    notes = [*notes, *stats.notes]

    def conv(vals: Sequence[Value] | None) -> dict[str, Any] | None:
        if vals is None:
            return None
        return {p: (Fraction(v) if exact else float(v)) for p, v in zip(players, vals, strict=True)}

    if not stats.grand_wins:
        notes.insert(
            0, "No coalition wins under this rule, not even all players together: every index is 0."
        )
    elif stats.empty_wins:
        notes.insert(
            0,
            "Every coalition wins, even the empty one: no player is ever decisive, every index is 0.",
        )
    if stats.proper is False:
        notes.append("The rule is improper: two disjoint coalitions can both win.")

    banzhaf: list[Value]
    if stats.swings is not None:
        banzhaf = _normalise([Fraction(c) for c in stats.swings], True) or []
    else:
        banzhaf = _normalise(stats.banzhaf_abs, False) or []
    mwc_list, mwc_count = _listing(game, stats.mwc_count, False, max_list)
    mbc_list, mbc_count = _listing(game, stats.mbc_count, True, max_list)
    mwc_member, dp_raw = stats.mwc_member, stats.dp_raw
    if (mwc_member is None or dp_raw is None) and mwc_list is not None:
        mwc_member = [sum(1 for c in mwc_list if i in c) for i in range(n)]
        dp_raw = [
            sum((Fraction(1, len(c)) for c in mwc_list if i in c), Fraction(0)) for i in range(n)
        ]
        notes.append(
            "The Deegan–Packel and Holler indices come from the listed minimal winning coalitions."
        )
    deegan: list[Value] | None = None
    holler: list[Value] | None = None
    if (
        dp_raw is not None
        and mwc_member is not None
        and mwc_count is not None
        and stats.mwc_total is None
    ):
        deegan = [Fraction(0) if mwc_count == 0 else Fraction(d) / mwc_count for d in dp_raw]
        holler = _normalise([Fraction(c) for c in mwc_member], True)
    elif dp_raw is not None and mwc_member is not None and stats.mwc_total is not None:
        scaled = stats.mwc_total
        deegan = [0.0 if scaled <= 0 else float(d) / scaled for d in dp_raw]
        holler = _normalise([float(c) for c in mwc_member], False)
    johnston: list[Value] | None = None
    if stats.johnston_raw is not None:
        is_exact = all(isinstance(v, Fraction) for v in stats.johnston_raw)
        johnston = _normalise(stats.johnston_raw, is_exact)
        if exact and not is_exact:
            johnston = None
    missing = [
        label
        for label, key, v in (
            ("Deegan–Packel", "deegan_packel", deegan),
            ("Holler", "holler", holler),
            ("Johnston", "johnston", johnston),
        )
        if v is None and key in want
    ]
    if missing:
        reason = (
            "not estimated by Monte Carlo"
            if samples is not None
            else "not computed: the exact computation would take too long for this rule"
        )
        notes.append(
            f"{and_join(missing)} {'index is' if len(missing) == 1 else 'indices are'} {reason}."
        )
    values: dict[str, Any] = {
        "shapley_shubik": conv(stats.shapley),
        "banzhaf": conv(banzhaf),
        "banzhaf_absolute": conv(stats.banzhaf_abs),
        "deegan_packel": conv(deegan),
        "holler": conv(holler),
        "johnston": conv(johnston),
    }
    assert tuple(values) == INDEX_NAMES
    values = {k: v for k, v in values.items() if k in want}
    dummies = stats.dummy if stats.dummy is not None else [False] * n
    return PowerResult(
        players=players,
        method="monte_carlo" if samples is not None else "exact",
        algorithm=stats.algorithm,
        exact=exact,
        indices=values,
        swings=None if stats.swings is None else dict(zip(players, stats.swings, strict=True)),
        veto_players=tuple(p for p, v in zip(players, stats.veto, strict=True) if v),
        dummies=tuple(p for p, d in zip(players, dummies, strict=True) if d),
        minimal_winning_count=mwc_count,
        minimal_blocking_count=mbc_count,
        minimal_winning=None
        if mwc_list is None
        else tuple(tuple(players[i] for i in c) for c in mwc_list),
        minimal_blocking=None
        if mbc_list is None
        else tuple(tuple(players[i] for i in c) for c in mbc_list),
        winning_count=stats.winning_count,
        proper=stats.proper,
        epsilon=epsilon if samples is not None else None,
        delta=delta if samples is not None else None,
        samples=samples,
        seed=seed if samples is not None else None,
        notes=tuple(dict.fromkeys(notes)),
    )
