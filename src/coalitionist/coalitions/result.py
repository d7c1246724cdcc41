"""The typed results of the coalition analysis: essential members, likely coalitions, the adverse coalition
and its holes, and :class:`CoalitionAnalysis` that holds them all (frozen dataclasses with ``to_dict()``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from coalitionist.coalitions.affinity import Basis, top_pairs
from coalitionist.display import FrameMixin, ReprMixin
from coalitionist.power.game import Enumerated

__all__ = [
    "AdverseCoalition",
    "CoalitionAnalysis",
    "Essential",
    "Hole",
    "LikelyCoalition",
    "sorted_ids",
]


def sorted_ids(ids: Sequence[str], mask: NDArray[np.bool_]) -> list[str]:
    """The ids where ``mask`` is true, sorted."""
    return sorted(ids[int(i)] for i in np.flatnonzero(mask))


@dataclass(frozen=True)
class Essential:
    """An actor every (likely) winning coalition needs."""

    actor: str
    reason: str  # "veto" or "likely_partners"
    explanation: str

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {"actor": self.actor, "reason": self.reason, "explanation": self.explanation}


@dataclass(frozen=True)
class LikelyCoalition:
    """A winning coalition with its likelihood criteria (:mod:`coalitionist.coalitions.likely`): the score
    and every criterion it weighs -- ``vote_agreement`` (the share of member pairs casting the same
    predicted vote on the proposal; None without predicted votes), ``rivalry`` (the strongest rivalry tie
    between two members, 0 without one), ``cohesion``, ``gaps`` (connectedness) and ``range``."""

    members: tuple[str, ...]
    score: float
    cohesion: float
    connected: bool
    gaps: tuple[str, ...]
    range: float | None
    bases: dict[str, float]
    held_by: tuple[str, ...]
    weakest_link: dict[str, Any]
    theories: tuple[str, ...]
    includes_focal: bool
    closest_outsiders: tuple[tuple[str, float], ...]
    vote_agreement: float | None = None
    rivalry: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {
            "members": list(self.members),
            "score": self.score,
            "vote_agreement": self.vote_agreement,
            "rivalry": self.rivalry,
            "cohesion": self.cohesion,
            "connected": self.connected,
            "gaps": list(self.gaps),
            "range": self.range,
            "bases": dict(self.bases),
            "held_by": list(self.held_by),
            "weakest_link": dict(self.weakest_link),
            "theories": list(self.theories),
            "includes_focal": self.includes_focal,
            "closest_outsiders": [{"actor": a, "affinity": v} for a, v in self.closest_outsiders],
        }


@dataclass(frozen=True)
class Hole:
    """A member of the adverse coalition and how much peeling it off would change."""

    actor: str
    rank: int
    impact: float
    peelability: float
    attachment: float
    cross_pressure: float
    cross_ties: tuple[str, ...]
    salience: float
    still_blocks: bool
    still_wins: bool
    focal_side_wins_with: bool
    reasons: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {
            "actor": self.actor,
            "rank": self.rank,
            "impact": self.impact,
            "peelability": self.peelability,
            "attachment": self.attachment,
            "cross_pressure": self.cross_pressure,
            "cross_ties": list(self.cross_ties),
            "salience": self.salience,
            "still_blocks_without": self.still_blocks,
            "still_wins_without": self.still_wins,
            "focal_side_wins_with": self.focal_side_wins_with,
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True)
class AdverseCoalition:
    """The coalition opposing the focal actor's position."""

    members: tuple[str, ...]
    can_block: bool
    can_win: bool
    centre: str | None
    core: tuple[str, ...]
    focal_side: tuple[str, ...]
    undecided: tuple[str, ...]
    focal_side_wins: bool
    holes: tuple[Hole, ...]
    impact_exact: bool
    margins: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {
            "members": list(self.members),
            "can_block": self.can_block,
            "can_win": self.can_win,
            "centre": self.centre,
            "core": list(self.core),
            "focal_side": list(self.focal_side),
            "undecided": list(self.undecided),
            "focal_side_wins": self.focal_side_wins,
            "holes": [h.to_dict() for h in self.holes],
            "impact_exact": self.impact_exact,
            "stance": dict(self.margins),
        }


@dataclass(frozen=True, repr=False)
class CoalitionAnalysis(ReprMixin, FrameMixin):
    """Result of :func:`analyze_coalitions`."""

    title: str
    actors: tuple[str, ...]
    labels: dict[str, str]
    focal: str | None
    winning_count: int | None
    winning_share: float
    winning_exact: bool
    minimal_winning: Enumerated
    minimal_blocking: Enumerated
    essential: tuple[Essential, ...]
    bases: dict[str, Basis]
    weights: dict[str, float]
    affinity: NDArray[np.float64]
    evidence: dict[tuple[int, int], dict[str, str]]
    likely: tuple[LikelyCoalition, ...]
    favorable: LikelyCoalition | None
    adverse: AdverseCoalition | None
    main_issue: str | None
    exhaustive: bool
    issue_labels: dict[str, str]

    @property
    def bases_held(self) -> bool:
        """Whether the six basis matrices are held whole (up to
        :data:`~coalitionist.coalitions.affinity.DENSE_BASES_MAX` actors); else they are computed by rows
        when read, and the cohesion of runs along the main issue is summed by a sweep."""
        return all(b.held for b in self.bases.values())

    def index(self, actor: str) -> int:
        """Row of an actor in the affinity matrices."""
        return self.actors.index(actor)

    def pair(self, a: str, b: str) -> dict[str, float]:
        """Per-basis and combined affinity of two actors."""
        i, j = self.index(a), self.index(b)
        out = {basis: float(m[i, j]) for basis, m in self.bases.items()}
        out["combined"] = float(self.affinity[i, j])
        return out

    def allies_of(self, actor: str, k: int | None = None) -> list[tuple[str, float]]:
        """Other actors by decreasing combined affinity to ``actor``."""
        i = self.index(actor)
        row = self.affinity[i].copy()
        order = [j for j in np.lexsort((np.arange(len(row)), -row)) if j != i]
        return [(self.actors[j], float(row[j])) for j in order[:k]]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable data (the shape documented in ``docs/theory/coalitions.md``)."""
        ids = self.actors
        n = len(ids)

        def enum(e: Enumerated) -> dict[str, Any]:
            return {
                "coalitions": [sorted(ids[i] for i in c) for c in e.coalitions],
                "listed": len(e.coalitions),
                "truncated": e.truncated,
                "limit": e.limit,
            }

        aff: dict[str, Any] = {
            "bases": list(self.bases),
            "weights": dict(self.weights),
            "closest": {},
        }
        if not self.bases_held:  # the method above the size threshold, said where it applies
            from coalitionist.coalitions.describe import large_method

            aff["bases_held"] = False
            aff["method"] = large_method(n)
        for i, a in enumerate(ids):
            row = self.affinity[i].copy()
            row[i] = -np.inf
            if n > 1:
                j = int(np.argmax(row))
                aff["closest"][a] = {"partner": ids[j], "affinity": float(row[j])}
        if self.focal is not None:
            f = self.index(self.focal)
            aff["focal"] = {
                ids[j]: {
                    **{b: float(m[f, j]) for b, m in self.bases.items()},
                    "combined": float(self.affinity[f, j]),
                    "evidence": dict(self.evidence.get((min(f, j), max(f, j)), {})),
                }
                for j in range(n)
                if j != f
            }
        aff["pairs"] = [
            {
                "actors": sorted([ids[i], ids[j]]),
                "combined": float(self.affinity[i, j]),
                **{b: float(m[i, j]) for b, m in self.bases.items()},
                "evidence": dict(self.evidence.get((i, j), {})),
            }
            for i, j in top_pairs(self.affinity, 10)
        ]
        return {
            "focal": self.focal,
            "main_issue": self.main_issue,
            "winning": {
                "count": self.winning_count,
                "share": self.winning_share,
                "exact": self.winning_exact,
            },
            "minimal_winning": enum(self.minimal_winning),
            "minimal_blocking": enum(self.minimal_blocking),
            "essential": [e.to_dict() for e in self.essential],
            "affinity": aff,
            "likely": [c.to_dict() for c in self.likely],
            "favorable": None if self.favorable is None else self.favorable.to_dict(),
            "adverse": None if self.adverse is None else self.adverse.to_dict(),
            "exhaustive": self.exhaustive,
        }

    def readings(self) -> list[str]:
        """Plain-language findings a practitioner can act on (:mod:`coalitionist.coalitions.describe`)."""
        from coalitionist.coalitions.describe import readings

        return readings(self)
