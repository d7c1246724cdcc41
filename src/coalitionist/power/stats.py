"""The raw quantities every power index is computed from, as produced by one algorithm."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

Value = Fraction | float


@dataclass
class GameStats:
    """Raw counts of a simple game, exact (``int``/``Fraction``) or floating point.

    Attributes
    ----------
    n : int
        Number of players.
    algorithm : str
        Name of the algorithm that produced the numbers.
    exact : bool
        Whether the values are exact integers/fractions (``False``: floats).
    grand_wins, empty_wins : bool
        Whether all players together win, and whether the empty coalition wins.
    winning_count : int or None
        Number of winning coalitions.
    swings : list of int or None
        Number of coalitions ``S`` not containing ``i`` such that ``S ∪ {i}`` wins and ``S`` loses.
    banzhaf_abs : list
        Penrose–Banzhaf absolute index ``swings / 2^(n-1)``.
    shapley : list
        Shapley–Shubik index.
    mwc_count : int or None
        Number of minimal winning coalitions.
    mwc_member : list of int or None
        Number of minimal winning coalitions containing each player (Holler's public good index numerator;
        floats scaled like ``mwc_total`` when ``mwc_count`` is not known exactly).
    dp_raw : list or None
        ``Σ 1/|S|`` over the minimal winning coalitions ``S`` containing each player (Deegan–Packel numerator).
    mwc_total : float or None
        The number of minimal winning coalitions in floating point, scaled by the same power of two as
        ``mwc_member`` and ``dp_raw`` (used when the exact ``mwc_count`` is unknown).
    johnston_raw : list or None
        ``Σ 1/κ(S)`` over winning coalitions in which the player is critical, ``κ(S)`` critical players.
    vulnerable_count : int or None
        Number of winning coalitions with at least one critical member (the sum of ``johnston_raw``).
    mbc_count : int or None
        Number of minimal blocking coalitions.
    veto : list of bool
        Player belongs to every winning coalition (only meaningful when some coalition wins).
    dummy : list of bool or None
        Player is never critical.
    proper : bool or None
        No two disjoint coalitions both win (``None``: not determined).
    notes : list of str
        Plain-language remarks (what could not be computed and why).
    """

    n: int
    algorithm: str
    exact: bool
    grand_wins: bool
    empty_wins: bool
    banzhaf_abs: list[Value]
    shapley: list[Value]
    veto: list[bool]
    winning_count: int | None = None
    swings: list[int] | None = None
    mwc_count: int | None = None
    mwc_member: list[int] | list[float] | None = None
    dp_raw: list[Value] | None = None
    mwc_total: float | None = None
    johnston_raw: list[Value] | None = None
    vulnerable_count: int | None = None
    mbc_count: int | None = None
    dummy: list[bool] | None = None
    proper: bool | None = None
    notes: list[str] = field(default_factory=list)


def shapley_weights(n: int) -> list[Fraction]:
    """``k!(n-k-1)!/n!`` for ``k = 0 … n-1``: the probability that a given player finds exactly a given
    set of ``k`` others before it in a uniformly random order."""
    return [
        Fraction(math.factorial(k) * math.factorial(n - k - 1), math.factorial(n)) for k in range(n)
    ]


def shapley_from_sizes(counts_by_size: Sequence[int], weights: Sequence[Fraction]) -> Fraction:
    """Shapley–Shubik value from swing counts by the size of the coalition joined.

    ``weights`` are :func:`shapley_weights`; they share the denominator ``n!``, so the sum is taken in
    integers and divided once.
    """
    n = len(weights)
    fact = math.factorial(n)
    total = sum(
        int(c) * (w.numerator * (fact // w.denominator))
        for c, w in zip(counts_by_size, weights, strict=False)
        if c
    )
    return Fraction(total, fact)


def harmonic_sum(counts_by_size: Sequence[int], offset: int = 0) -> Fraction:
    """``Σ_k counts[k] / (k + offset)`` exactly (terms with zero count skipped)."""
    terms = [(int(c), k + offset) for k, c in enumerate(counts_by_size) if c]
    if not terms:
        return Fraction(0)
    lcm = math.lcm(*(d for _, d in terms))
    return Fraction(sum(c * (lcm // d) for c, d in terms), lcm)
