"""Compile a scenario into the NumPy arrays the numeric kernels work on.

Words are resolved here (see :mod:`coalitionist.scenario.values`), uncertain values are replaced by their
point estimate, or by a draw when a random generator is given (Monte Carlo runs). The ties are compiled here
too, into parallel arrays (:class:`TieArrays`) that the influence and coalition kernels read.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from coalitionist.scenario.model import Scenario
from coalitionist.scenario.values import Uncertain
from coalitionist.scenario.words import WordTable, resolve


def _frozen(a: NDArray[np.float64]) -> NDArray[np.float64]:
    a.flags.writeable = False
    return a


@dataclass(frozen=True)
class TieArrays:
    """The ties of a scenario as parallel arrays (one entry per tie as written, before mutual expansion).

    Weights are point estimates (words resolved), clipped to [0, 1]; signs and mutuality are the ones given,
    else the tie type's defaults.

    Attributes
    ----------
    n : int
        Number of actors.
    source, target : ndarray of int, shape (m,)
        Actor rows.
    kind : tuple of str
        Tie types.
    weight : ndarray of float, shape (m,)
    sign : ndarray of int, shape (m,)
        +1 or −1.
    mutual : ndarray of bool, shape (m,)
    note : tuple of str
    """

    n: int
    source: NDArray[np.int64]
    target: NDArray[np.int64]
    kind: tuple[str, ...]
    weight: NDArray[np.float64]
    sign: NDArray[np.int64]
    mutual: NDArray[np.bool_]
    note: tuple[str, ...] = ()

    @property
    def m(self) -> int:
        """Number of ties."""
        return len(self.kind)


def compile_ties(scenario: Scenario, table: WordTable | None = None) -> TieArrays:
    """The scenario's relationships as :class:`TieArrays` (weights resolved to point estimates)."""
    table = WordTable.of(scenario) if table is None else table
    idx = scenario.actor_index
    rels = scenario.relationships
    return TieArrays(
        n=len(scenario.actors),
        source=np.array([idx[t.source] for t in rels], dtype=np.int64),
        target=np.array([idx[t.target] for t in rels], dtype=np.int64),
        kind=tuple(t.type for t in rels),
        weight=np.clip(np.array([resolve(t.weight, table) for t in rels], dtype=float), 0.0, 1.0),
        sign=np.array([t.effective_sign for t in rels], dtype=np.int64),
        mutual=np.array([t.is_mutual for t in rels], dtype=bool),
        note=tuple(t.note for t in rels),
    )


@dataclass(frozen=True)
class ScenarioArrays:
    """The scenario as arrays; rows are actors and columns issues, in file order.

    Attributes
    ----------
    actors, issues : tuple of str
        Ids in row/column order.
    capability, votes : ndarray, shape (n,)
    positions : ndarray, shape (n, k)
        Positions in each issue's own units; where an actor states none, the issue's status quo.
    salience : ndarray, shape (n, k)
        Salience on [0, 1] (divided by ``salience_scale``); 0 where an actor states no position.
    stated : ndarray of bool, shape (n, k)
        Whether the actor stated a position on the issue.
    low, high, status_quo : ndarray, shape (k,)
        Each issue's scale and status quo.
    ties : TieArrays
        The relationships (point estimates, also in Monte Carlo draws).
    """

    actors: tuple[str, ...]
    issues: tuple[str, ...]
    capability: NDArray[np.float64]
    votes: NDArray[np.float64]
    positions: NDArray[np.float64]
    salience: NDArray[np.float64]
    stated: NDArray[np.bool_]
    low: NDArray[np.float64]
    high: NDArray[np.float64]
    status_quo: NDArray[np.float64]
    ties: TieArrays

    @property
    def scale(self) -> NDArray[np.float64]:
        """``(k, 2)`` array of [low, high] per issue."""
        return np.stack([self.low, self.high], axis=1)


def compile_arrays(scenario: Scenario, rng: np.random.Generator | None = None) -> ScenarioArrays:
    """Compile ``scenario`` into :class:`ScenarioArrays`.

    Parameters
    ----------
    scenario : Scenario
        A validated scenario (every word resolves).
    rng : numpy.random.Generator, optional
        When given, every uncertain value is drawn from its distribution (positions are clipped to the
        issue's scale, saliences to [0, 1], capabilities to ≥ 0); otherwise point estimates are used.
        Many draws of one scenario are cheaper through :class:`ArrayDraws` (the same numbers).
    """
    if rng is not None:
        return ArrayDraws.of(scenario).draw(rng)
    table = WordTable.of(scenario)
    n, k = len(scenario.actors), len(scenario.issues)
    ss = scenario.salience_scale
    capability = np.array([resolve(a.capability, table) for a in scenario.actors], dtype=float)
    votes = np.array([a.votes for a in scenario.actors], dtype=float)
    low = np.array([s.scale[0] for s in scenario.issues], dtype=float)
    high = np.array([s.scale[1] for s in scenario.issues], dtype=float)
    sq = np.array([s.status_quo_value for s in scenario.issues], dtype=float)
    positions = np.tile(sq, (n, 1)) if k else np.zeros((n, 0))
    salience = np.zeros((n, k))
    stated = np.zeros((n, k), dtype=bool)
    for actor_id, row in scenario.positions.items():
        i = scenario.actor_index[actor_id]
        for issue_id, stance in row.items():
            j = scenario.issue_index[issue_id]
            issue = scenario.issues[j]
            positions[i, j] = resolve(stance.position, table, "position", issue=issue)
            salience[i, j] = (
                1.0
                if stance.salience is None
                else resolve(stance.salience, table, "salience", salience_scale=ss) / ss
            )
            stated[i, j] = True
    stated.flags.writeable = False
    return ScenarioArrays(
        actors=tuple(a.id for a in scenario.actors),
        issues=tuple(s.id for s in scenario.issues),
        capability=_frozen(capability),
        votes=_frozen(votes),
        positions=_frozen(positions),
        salience=_frozen(salience),
        stated=stated,
        low=_frozen(low),
        high=_frozen(high),
        status_quo=_frozen(sq),
        ties=compile_ties(scenario, table),
    )


#: Which array an uncertain value of :class:`ArrayDraws` lands in.
_CAPABILITY, _POSITION, _SALIENCE = 0, 1, 2


@dataclass(frozen=True)
class ArrayDraws:
    """Monte Carlo draws of a scenario's arrays, prepared once for many samples.

    A draw is the scenario's point arrays with each uncertain value replaced by a draw from its
    distribution, then clipped (positions to the issue's scale, saliences to [0, 1], capabilities to ≥ 0).
    The uncertain values are listed once, in the order a full compilation meets them (the capabilities in
    file order, then each actor's stances in file order, position before salience), and each is drawn with
    its own :meth:`Uncertain.sample <coalitionist.scenario.values.Uncertain.sample>` call, so a generator
    gives exactly the numbers that compiling the whole file with it gave, without resolving every word and
    number again for each sample (a Monte Carlo of 1,000 draws did that 1,000 times).

    Attributes
    ----------
    point : ScenarioArrays
        The point estimates (``scenario.arrays``); its low, high, stated and ties are every draw's.
    slots : tuple of (int, int, int, Uncertain, float)
        ``(array, row, column, value, divisor)`` per uncertain value: array 0 capability (column 0),
        1 positions, 2 salience (the draw divided by the scenario's ``salience_scale``).
    """

    point: ScenarioArrays
    slots: tuple[tuple[int, int, int, Uncertain, float], ...]

    @classmethod
    def of(cls, scenario: Scenario) -> ArrayDraws:
        """The draws of ``scenario`` (a validated scenario)."""
        slots: list[tuple[int, int, int, Uncertain, float]] = [
            (_CAPABILITY, i, 0, a.capability, 1.0)
            for i, a in enumerate(scenario.actors)
            if isinstance(a.capability, Uncertain)
        ]
        ss = float(scenario.salience_scale)
        for actor_id, row in scenario.positions.items():
            i = scenario.actor_index[actor_id]
            for issue_id, stance in row.items():
                j = scenario.issue_index[issue_id]
                if isinstance(stance.position, Uncertain):
                    slots.append((_POSITION, i, j, stance.position, 1.0))
                if isinstance(stance.salience, Uncertain):
                    slots.append((_SALIENCE, i, j, stance.salience, ss))
        return cls(scenario.arrays, tuple(slots))

    def inputs(
        self, rng: np.random.Generator
    ) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
        """One draw's capability ``(n,)``, positions ``(n, k)`` and salience ``(n, k)`` (new, writable
        arrays)."""
        a = self.point
        capability, positions, salience = a.capability.copy(), a.positions.copy(), a.salience.copy()
        out = (capability, positions, salience)
        for which, i, j, value, divisor in self.slots:
            drawn = float(value.sample(rng))
            if which == _CAPABILITY:
                capability[i] = drawn
            else:
                out[which][i, j] = drawn / divisor if which == _SALIENCE else drawn
        return (
            np.clip(capability, 0.0, None),
            np.clip(positions, a.low, a.high),
            np.clip(salience, 0.0, 1.0),
        )

    def draw(self, rng: np.random.Generator) -> ScenarioArrays:
        """One draw as :class:`ScenarioArrays` (what ``compile_arrays(scenario, rng)`` returns)."""
        capability, positions, salience = self.inputs(rng)
        return dataclasses.replace(
            self.point,
            capability=_frozen(capability),
            positions=_frozen(positions),
            salience=_frozen(salience),
        )
