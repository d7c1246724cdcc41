"""A simple game as the coalition and influence analyses use it: capped lists of minimal coalitions, veto
players and a summary of formal power.

Everything here goes through the rest of :mod:`coalitionist.power` (rules, power indices, lazy enumeration of
minimal winning and blocking coalitions); nothing is re-implemented. Enumerations are always capped by a
``limit`` so that a 27-member council never expands its 2²⁷ coalitions. (The scenario's own rule is compiled
by :func:`coalitionist.analyses.rule.scenario_rule`.)
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
from numpy.typing import NDArray

from coalitionist.errors import AnalysisError

if TYPE_CHECKING:
    from coalitionist.power import PowerResult, Rule

__all__ = [
    "DEFAULT_LIMIT",
    "Enumerated",
    "FormalPower",
    "Game",
    "formal_power",
    "grand_coalition_wins",
    "minimal_blocking",
    "minimal_winning",
    "veto_players",
]

#: Default cap on the number of minimal winning / blocking coalitions listed.
DEFAULT_LIMIT = 250


class Game(Protocol):
    """What the analyses need from a rule: its number of players and vectorised tests."""

    @property
    def n(self) -> int:
        """Number of players."""
        ...

    def wins_many(self, masks: Any) -> NDArray[np.bool_]:
        """``(m, n)`` masks → ``(m,)`` booleans."""
        ...

    def blocks_many(self, masks: Any) -> NDArray[np.bool_]:
        """``(m, n)`` masks → ``(m,)`` booleans: the complement does not win."""
        ...


def grand_coalition_wins(game: Game) -> bool:
    """Whether all players together win (otherwise no coalition can)."""
    return bool(game.wins_many(np.ones((1, game.n), dtype=bool))[0])


def veto_players(game: Game) -> NDArray[np.bool_]:
    """Players in every winning coalition: all players but ``i`` lose (none when the grand coalition loses)."""
    n = game.n
    if not grand_coalition_wins(game):
        return np.zeros(n, dtype=bool)
    return ~np.asarray(game.wins_many(~np.eye(n, dtype=bool)), dtype=bool)


@dataclass(frozen=True)
class Enumerated:
    """The first coalitions of a lazy enumeration, and whether it stopped at the limit."""

    coalitions: tuple[tuple[int, ...], ...]
    truncated: bool
    limit: int

    def masks(self, n: int) -> NDArray[np.bool_]:
        """The coalitions as a ``(c, n)`` boolean array."""
        out = np.zeros((len(self.coalitions), n), dtype=bool)
        for r, c in enumerate(self.coalitions):
            out[r, list(c)] = True
        return out


def _take(it: Iterator[Sequence[int]], limit: int) -> Enumerated:
    got = [tuple(sorted(int(i) for i in c)) for c in itertools.islice(it, limit + 1)]
    return Enumerated(tuple(got[:limit]), len(got) > limit, limit)


def minimal_winning(rule: Rule, limit: int = DEFAULT_LIMIT) -> Enumerated:
    """Up to ``limit`` minimal winning coalitions (index tuples), from the power engine's lazy iterator."""
    from coalitionist.power import minimal_winning_coalitions

    return _take(iter(minimal_winning_coalitions(rule, limit=limit + 1)), limit)


def minimal_blocking(rule: Rule, limit: int = DEFAULT_LIMIT) -> Enumerated:
    """Up to ``limit`` minimal blocking coalitions (index tuples), from the power engine's lazy iterator."""
    from coalitionist.power import minimal_blocking_coalitions

    return _take(iter(minimal_blocking_coalitions(rule, limit=limit + 1)), limit)


@dataclass(frozen=True)
class FormalPower:
    """Each actor's formal power under the decision rule.

    Attributes
    ----------
    actors : tuple of str
    banzhaf : ndarray, shape (n,)
        Normalised Banzhaf index (shares summing to 1).
    swing_rate : ndarray, shape (n,)
        Absolute Banzhaf index: the share of the other actors' coalitions in which the actor's vote decides
        (``swings / 2^(n−1)``). By complementation it is also the share of coalitions the actor turns from
        non-blocking into blocking, so it measures winning and blocking potential at once.
    veto : bool ndarray, shape (n,)
    dummy : bool ndarray, shape (n,)
        Never decisive (no swing).
    winning_count : int or None
        Number of winning coalitions, when the power engine determined it.
    """

    actors: tuple[str, ...]
    banzhaf: NDArray[np.float64]
    swing_rate: NDArray[np.float64]
    veto: NDArray[np.bool_]
    dummy: NDArray[np.bool_]
    winning_count: int | None = None


def formal_power(
    rule: Rule, actors: Sequence[str], power: PowerResult | None = None, *, seed: int | None = 0
) -> FormalPower:
    """Banzhaf indices, swing rates, veto players and dummies, from :func:`coalitionist.power.power_indices`.

    Parameters
    ----------
    rule : Rule
    actors : sequence of str
        Actor ids in player order.
    power : PowerResult, optional
        A result already computed for this rule (reused as is).
    seed : int or None
        Seed of the power engine's Monte Carlo estimate, when the game is too large to be exact.
    """
    names = list(actors)
    if power is None:
        from coalitionist.power import power_indices

        power = power_indices(rule, names, seed=seed)
    banzhaf_idx = power.indices["banzhaf"]
    absolute = power.indices["banzhaf_absolute"]
    if (
        banzhaf_idx is None or absolute is None
    ):  # pragma: no cover - the engine always gives Banzhaf
        raise AnalysisError("the power engine returned no Banzhaf index for this rule")
    banzhaf = np.array([float(banzhaf_idx[a]) for a in names], dtype=np.float64)
    rate = np.array([float(absolute[a]) for a in names], dtype=np.float64)
    dummies = set(power.dummies)
    dummy = np.array([a in dummies for a in names], dtype=bool)
    count = power.winning_count
    return FormalPower(
        tuple(names),
        banzhaf,
        rate,
        veto_players(rule),
        dummy,
        None if count is None else int(count),
    )
