"""The cost model behind ``method="auto"``: predicted elementary operations per algorithm and per index.

Every algorithm of :mod:`coalitionist.power` gets a deterministic prediction of the number of elementary
array operations (additions, multiplications, comparisons, binary-search steps) it performs for the
indices asked for, from the sizes that drive it: the number of players ``n``, the largest quota ``cap``
(the width of the tables indexed by weight), the total weight ``W``, the number of distinct weights and,
for Monte Carlo, the number of samples its (ε, δ) guarantee needs. An index that is not asked for is not
charged (Banzhaf alone is not charged the Shapley–Shubik FFTs). ``method="auto"`` runs the cheapest
exact algorithm when it fits the budget *or costs less than Monte Carlo*, so exact is never abandoned
for sampling where exact is cheaper.

The predictions are operation counts, not seconds: ``benchmarks/power.py`` measures the seconds per
operation of each algorithm on a grid of ``n`` and ``W``, and prints predicted against measured times with
the worst factor (:data:`SECONDS_PER_OP` is the calibration it reports on this machine). The choice
compares predicted seconds, so each algorithm's own speed per operation counts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: Seconds per predicted operation of each algorithm, calibrated on this project's 2-core test machine by
#: ``benchmarks/power.py`` (section "Cost model"; medians over its grid of n and W, CPU time).
SECONDS_PER_OP: dict[str, float] = {
    "table": 2.0e-9,
    "halves": 3.0e-9,
    "float": 1.1e-9,
    "enumeration": 0.4e-9,
    "grid": 2.0e-9,
    "monte_carlo": 1.1e-9,
}
#: Python-integer (``object``) arrays cost about this many int64 operations per operation.
OBJECT_FACTOR = 10.0
#: Predicted seconds ``method="auto"`` spends on an exact algorithm without comparing with Monte Carlo.
AUTO_BUDGET = 4.0


@dataclass(frozen=True)
class Estimate:
    """Predicted cost of one algorithm for the indices asked for.

    Attributes
    ----------
    algorithm : str
        ``"table"``, ``"halves"``, ``"float"``, ``"enumeration"``, ``"grid"`` or ``"monte_carlo"``.
    ops : float
        Predicted elementary operations (``inf``: the algorithm cannot run on this game).
    parts : tuple of (str, float)
        The operations by component (table build, swings, minimal coalitions, Johnston, …).
    """

    algorithm: str
    ops: float
    parts: tuple[tuple[str, float], ...] = ()

    @property
    def seconds(self) -> float:
        """Predicted CPU seconds with the calibrated :data:`SECONDS_PER_OP` of the algorithm."""
        return self.ops * SECONDS_PER_OP[self.algorithm]


def _estimate(algorithm: str, parts: dict[str, float]) -> Estimate:
    return Estimate(algorithm, float(sum(parts.values())), tuple(parts.items()))


def table_cost(
    n: int,
    cap: int,
    distinct: int,
    *,
    minimal: bool,
    johnston: bool,
    johnston_cap: int,
    exact_johnston: bool = False,
) -> Estimate:
    """Counting tables indexed by weight (:mod:`~coalitionist.power.threshold`, :mod:`~.johnston`).

    Build: ``n`` players added to ``n + 1`` rows of ``cap + 1`` entries (half the rows on average);
    swings: ``n`` alternating sums of ``n`` entries per size and distinct weight; minimal coalitions:
    ``3n³`` look-ups per distinct weight; Johnston: twelve passes over an ``n × (cap + v_max)`` table.
    Integer counts stay in ``int64`` to 62 players, Python integers beyond (:data:`OBJECT_FACTOR`).
    """
    per = 1.0 if n <= 62 else OBJECT_FACTOR
    parts = {
        "table": per * n * n / 2 * (cap + 1),
        "swings": per * 20.0 * n * n * distinct,
        "overhead": 3e5 * n,  # Python-level loops over players and sizes
    }
    if minimal:
        parts["minimal"] = per * 3.0 * n**3 * distinct
    if johnston:
        jper = OBJECT_FACTOR if exact_johnston else 1.0
        parts["johnston"] = jper * 12.0 * n * n / 2 * (johnston_cap + 1)
    return _estimate("table", parts)


def halves_cost(n: int, distinct: int, *, minimal: bool, johnston: bool) -> Estimate:
    """Meet in the middle (:mod:`~coalitionist.power.halves`), independent of the weights' magnitude.

    Each sweep searches the ``2^(n−h)`` subsets of the light half in the ``h + 1`` size classes of the
    heavy half: two binary searches of ``h`` steps and a product with ``n/2`` membership columns each.
    Two sweeps for the swings and properness, two for the minimal coalitions, one per distinct weight
    (Johnston's bands).
    """
    if n > 50:
        return Estimate("halves", math.inf)
    h = n // 2
    side = 2.0 ** (n - h)
    sweep = (h + 1) * side * (2.0 * max(h, 1) + n / 2)
    sweeps = 2.0 + (2.0 if minimal else 0.0) + (float(distinct) if johnston else 0.0)
    parts = {
        "enumerate": side * n,
        "swings": 2.0 * sweep,
        "overhead": 3e3 * sweeps * (h + 1) * (n / 2 + 1),  # Python loops over sizes and groups
    }
    if minimal:
        parts["minimal"] = 2.0 * sweep
    if johnston:
        parts["johnston"] = float(distinct) * sweep
    return _estimate("halves", parts)


def float_cost(
    n: int,
    total: int,
    *,
    shapley: bool,
    minimal_sweep: float | None = None,
) -> Estimate:
    """Floating-point generating functions for large weighted games (:mod:`~.weighted_float`).

    Banzhaf (always: it also finds the dummies): ``n`` shifts of a distribution of ``W + 1`` entries.
    Shapley–Shubik: ``⌈n/2⌉`` quadrature nodes, each one real FFT pair of length ``L ≈ W`` and block sums.
    Deegan–Packel, Holler, Johnston: the marked-member sweep (``minimal_sweep`` operations, from
    :func:`~coalitionist.power.weighted_minimal.sweep_cost`).
    """
    length = total + 1
    parts = {"banzhaf": float(n) * length}
    if shapley:
        nodes = (n + 1) / 2
        parts["shapley_shubik"] = nodes * (6.0 * length * math.log2(max(length, 2)) + 40.0 * length)
        parts["overhead"] = nodes * 2.5e5  # per quadrature node: Python set-up of the block sums
    if minimal_sweep is not None:
        parts["minimal"] = minimal_sweep
    return _estimate("float", parts)


def enumeration_cost(n: int) -> Estimate:
    """All ``2^n`` coalitions (:mod:`~coalitionist.power.enumeration`): about 30 operations each per player."""
    return Estimate("enumeration", 30.0 * n * 2.0 ** min(n, 1000))


def grid_cost(n: int, states: int) -> Estimate:
    """Multi-dimensional counting table (:mod:`~coalitionist.power.grid`): ``3n²`` passes per state."""
    per = 1.0 if n <= 62 else OBJECT_FACTOR
    return Estimate("grid", per * 3.0 * n * n * states)


def monte_carlo_cost(
    n: int, dims: int, *, banzhaf_samples: int, shapley_samples: int, minimal: bool = False
) -> Estimate:
    """Monte Carlo (:mod:`~coalitionist.power.montecarlo`): per sample and player, random draws, the
    coalition's totals with and without the player and two rule evaluations (about 16 operations per
    weight vector for Banzhaf, 30 for a random order and its prefix sums for Shapley–Shubik, 8 more
    for the critical members behind Deegan–Packel, Holler and Johnston)."""
    d = max(1, dims)
    parts = {}
    if banzhaf_samples:
        parts["banzhaf"] = 16.0 * banzhaf_samples * n * d
    if shapley_samples:
        parts["shapley_shubik"] = 30.0 * shapley_samples * n * d
    if minimal:  # critical members, their count and the minimal winning ones, per sample and player
        parts["minimal"] = 8.0 * banzhaf_samples * n * d
    return _estimate("monte_carlo", parts)
