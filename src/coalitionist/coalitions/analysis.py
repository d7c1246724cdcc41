"""The coalition analysis: possible, essential, likely and adverse coalitions.

:func:`analyze_coalitions` is the façade. It takes the situation's arrays (:class:`CoalitionInputs`, built
from a scenario by :func:`coalitionist.analyses.coalitions.coalition_inputs`) and runs the pure kernels:

1. **Possible** — winning coalitions (counted exactly up to :data:`COUNT_EXACT_MAX` actors, else their share
   estimated from seeded random coalitions), and the minimal winning and minimal blocking coalitions from the
   power engine's lazy enumerations, capped by ``limit``.
2. **Essential** — veto players (in every winning coalition), and any actor without whom the likely partners
   (everyone in the top likely coalitions) cannot form a winning coalition.
3. **Affinity** — the six bases of :mod:`coalitionist.coalitions.affinity`, each with its evidence.
4. **Likely** — winning coalitions ranked by cohesion, connectedness and ideological range
   (:mod:`coalitionist.coalitions.likely`), each with the bases that hold it together and its weakest link.
5. **Adverse** — the coalition opposing the focal actor's position, whether it can block, its centre and its
   holes (:mod:`coalitionist.coalitions.adverse`).

Shared vulnerability needs the likely coalitions (who is at risk of being left out) and the likely coalitions
need the affinities, so the ranking runs twice: first on the five other bases, then on all six.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from coalitionist.coalitions.adverse import (
    cross_pressure,
    focal_ties,
    peel_impact,
    proposal_of,
    stance_margin,
)
from coalitionist.coalitions.affinity import (
    BASES,
    BASIS_LABELS,
    AffinityInputs,
    combined_affinity,
    common_allies_enemies,
    common_history,
    deal_sides,
    issue_sides,
    shared_interests,
    shared_positions,
    shared_vulnerability,
    trade_gains,
    valuable_trades,
)
from coalitionist.coalitions.errors import CoalitionInputError
from coalitionist.coalitions.inputs import CoalitionInputs, TieMatrixSet, Ties
from coalitionist.coalitions.likely import (
    cohesion,
    gaps,
    grow_winning,
    ideological_range,
    is_minimal,
    likelihood_score,
    minimal_connected_winning,
    minimalize,
)
from coalitionist.display import FrameMixin, ReprMixin
from coalitionist.power.game import (
    DEFAULT_LIMIT,
    Enumerated,
    FormalPower,
    formal_power,
    grand_coalition_wins,
    minimal_blocking,
    minimal_winning,
)

if TYPE_CHECKING:
    from coalitionist.power import PowerResult, Rule

__all__ = [
    "AdverseCoalition",
    "CoalitionAnalysis",
    "Essential",
    "Hole",
    "LikelyCoalition",
    "analyze_coalitions",
]

#: Up to this many actors the winning coalitions are counted exactly (2^n masks, in chunks).
COUNT_EXACT_MAX = 20

#: A basis "holds a coalition together" when its mean pairwise score among the members reaches this.
HOLDS = 0.2

#: Up to this many actors the focal actor's affinity to every other actor comes with its evidence; beyond
#: it, only the :data:`FOCAL_EVIDENCE` closest and half as many most distant actors do.
FOCAL_EVIDENCE_ALL = 60
FOCAL_EVIDENCE = 20

#: Random coalitions drawn to estimate the share of winning coalitions in larger games.
SHARE_SAMPLES = 20_000


def _sorted_ids(ids: Sequence[str], mask: NDArray[np.bool_]) -> list[str]:
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
    """A winning coalition with its likelihood criteria."""

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

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {
            "members": list(self.members),
            "score": self.score,
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
    bases: dict[str, NDArray[np.float64]]
    weights: dict[str, float]
    affinity: NDArray[np.float64]
    evidence: dict[tuple[int, int], dict[str, str]]
    likely: tuple[LikelyCoalition, ...]
    favorable: LikelyCoalition | None
    adverse: AdverseCoalition | None
    main_issue: str | None
    exhaustive: bool
    issue_labels: dict[str, str]

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
        iu = np.triu_indices(n, 1)
        vals = self.affinity[iu]
        order = np.lexsort((iu[1], iu[0], -vals))[:10]
        aff["pairs"] = [
            {
                "actors": sorted([ids[iu[0][t]], ids[iu[1][t]]]),
                "combined": float(vals[t]),
                **{b: float(m[iu[0][t], iu[1][t]]) for b, m in self.bases.items()},
                "evidence": dict(self.evidence.get((int(iu[0][t]), int(iu[1][t])), {})),
            }
            for t in order
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
        """Plain-language findings a practitioner can act on."""
        return _readings(self)


# --------------------------------------------------------------------------------------------------------


def _winning_count(rule: Rule, n: int, seed: int | None) -> tuple[int | None, float, bool]:
    if n <= COUNT_EXACT_MAX:
        total = 0
        chunk = 1 << 16
        cols = np.arange(n)
        for lo in range(0, 1 << n, chunk):
            codes = np.arange(lo, min(1 << n, lo + chunk), dtype=np.int64)
            masks = ((codes[:, None] >> cols) & 1).astype(bool)
            total += int(np.count_nonzero(rule.wins_many(masks)))
        return total, total / float(1 << n), True
    rng = np.random.default_rng(seed)
    hits = 0
    step = max(1, 4_000_000 // n)
    done = 0
    while done < SHARE_SAMPLES:
        b = min(step, SHARE_SAMPLES - done)
        hits += int(np.count_nonzero(rule.wins_many(rng.random((b, n)) < 0.5)))
        done += b
    return None, hits / SHARE_SAMPLES, False


@dataclass(frozen=True)
class _Context:
    ids: tuple[str, ...]
    labels: dict[str, str]
    issues: tuple[str, ...]
    issue_labels: dict[str, str]
    inp: AffinityInputs
    forecast: NDArray[np.float64]
    edges: Ties
    ties: TieMatrixSet
    relation: NDArray[np.float64]
    capability: NDArray[np.float64]
    vulnerability: NDArray[np.float64]
    exclusion: NDArray[np.float64]
    weakness: NDArray[np.float64]
    pair_ties: dict[tuple[int, int], list[int]]


def _pair_ties(edges: Ties) -> dict[tuple[int, int], list[int]]:
    out: dict[tuple[int, int], list[int]] = {}
    for t, (a, b) in enumerate(zip(edges.source.tolist(), edges.target.tolist(), strict=True)):
        out.setdefault((min(a, b), max(a, b)), []).append(t)
    return out


def _evidence(
    ctx: _Context, bases: Mapping[str, NDArray[np.float64]], i: int, j: int
) -> dict[str, str]:
    lab = ctx.labels
    a, b = lab[ctx.ids[i]], lab[ctx.ids[j]]
    inp = ctx.inp
    out: dict[str, str] = {}
    both = np.flatnonzero(inp.stated[i] & inp.stated[j])
    if len(both):
        w = np.sqrt(inp.salience[i, both] * inp.salience[j, both])
        parts = []
        for k in both[np.argsort(-w, kind="stable")][:3]:
            parts.append(
                f"{ctx.issue_labels[ctx.issues[k]]}: {inp.positions[i, k]:.4g} vs {inp.positions[j, k]:.4g}"
            )
        out["shared_interests"] = "; ".join(parts)
    else:
        out["shared_interests"] = "no issue both state a position on"
    side = issue_sides(inp)
    deal = deal_sides(inp, ctx.forecast)
    words = {1: "the deal", -1: "no deal", 0: "indifferent"}
    agree = [ctx.issue_labels[ctx.issues[k]] for k in both if side[i, k] == side[j, k]]
    disagree = [ctx.issue_labels[ctx.issues[k]] for k in both if side[i, k] != side[j, k]]
    bits = []
    if agree:
        bits.append("same side of the status quo on " + ", ".join(agree))
    if disagree:
        bits.append("opposite sides on " + ", ".join(disagree))
    if deal[i] and deal[j]:
        bits.append(
            f"both prefer {words[int(deal[i])]}"
            if deal[i] == deal[j]
            else f"{a} prefers {words[int(deal[i])]}, {b} {words[int(deal[j])]}"
        )
    out["shared_positions"] = "; ".join(bits) if bits else "no comparable positions"
    delta, g = trade_gains(inp, i, j)
    gi, gj = delta * g, -delta * g
    if bases["valuable_trades"][i, j] < 0.05:
        out["valuable_trades"] = (
            "little to trade: their priorities are alike or they agree where they differ"
        )
    elif gi.size and gi.max() > 0 and gj.max() > 0:
        ki, kj = int(np.argmax(gi)), int(np.argmax(gj))
        out["valuable_trades"] = (
            f"{a} cares relatively more about {ctx.issue_labels[ctx.issues[ki]]},"
            f" {b} about {ctx.issue_labels[ctx.issues[kj]]}: each can give way where the other cares more"
        )
    else:
        out["valuable_trades"] = "no complementary priorities"
    e = ctx.edges
    hist = [
        t
        for t in ctx.pair_ties.get((min(i, j), max(i, j)), ())
        if e.kind[t] in ("history", "alliance", "rivalry")
    ]
    out["common_history"] = (
        "; ".join(
            f"{e.kind[t]} {'+' if e.sign[t] > 0 else '−'}{e.weight[t]:.2g}"
            + (f" ({e.note[t]})" if e.note and e.note[t] else "")
            for t in hist
        )
        if hist
        else "no history, alliance or rivalry between them"
    )
    s = ctx.relation
    third = s[i] * s[j]
    third[[i, j]] = 0.0
    ks = [k for k in np.argsort(-np.abs(third), kind="stable")[:3] if third[k] != 0]
    if ks:
        descr = []
        for k in ks:
            c = lab[ctx.ids[k]]
            if s[i, k] > 0 and s[j, k] > 0:
                descr.append(f"both friendly with {c}")
            elif s[i, k] < 0 and s[j, k] < 0:
                descr.append(f"both hostile to {c}")
            else:
                descr.append(f"{c} is a friend of one and an enemy of the other")
        out["common_allies_enemies"] = "; ".join(descr)
    else:
        out["common_allies_enemies"] = "no common contacts"
    vi, vj = ctx.vulnerability[i], ctx.vulnerability[j]
    if vi > 0 and vj > 0:
        out["shared_vulnerability"] = (
            f"{a} (weakness {ctx.weakness[i]:.2f}, left out of {100 * ctx.exclusion[i]:.0f}% of the likely"
            f" coalitions) and {b} (weakness {ctx.weakness[j]:.2f}, left out of {100 * ctx.exclusion[j]:.0f}%)"
        )
    else:
        out["shared_vulnerability"] = "not both weak and at risk of being left out"
    return out


def _main_issue(inp: AffinityInputs, capability: NDArray[np.float64]) -> int | None:
    if inp.positions.shape[1] == 0:
        return None
    weight = (capability[:, None] * inp.salience).sum(axis=0)
    return int(np.argmax(weight)) if weight.max() > 0 else 0


def _candidates(
    rule: Rule,
    mwc_masks: NDArray[np.bool_],
    mcw_masks: NDArray[np.bool_],
    affinity: NDArray[np.float64],
    seeds: Sequence[int],
    priority: NDArray[np.float64],
) -> NDArray[np.bool_]:
    rows = [mwc_masks, mcw_masks]
    n = affinity.shape[0]
    for s in seeds:
        grown = grow_winning(s, affinity, rule.wins_many, priority=priority)
        if grown is None:
            continue
        members = np.flatnonzero(grown)
        # drop the least attached members first (mean affinity to the others), keeping the seed for last
        att = (affinity[np.ix_(members, members)].sum(axis=1)) / max(1, len(members) - 1)
        att[members == s] = np.inf
        order = members[np.lexsort((members, att))]
        rows.append(minimalize(grown, order.tolist(), rule.wins_many)[None, :])
    stacked = np.concatenate([r.reshape(-1, n) for r in rows], axis=0)
    if len(stacked) == 0:
        return stacked
    return np.unique(stacked, axis=0)


@dataclass(frozen=True)
class _Ranked:
    masks: NDArray[np.bool_]
    score: NDArray[np.float64]
    cohesion: NDArray[np.float64]
    gaps: NDArray[np.int64]
    range: NDArray[np.float64]
    order: NDArray[np.int64]


def _rank(
    masks: NDArray[np.bool_],
    affinity: NDArray[np.float64],
    x: NDArray[np.float64],
    placed: NDArray[np.bool_],
    span: float,
    votes: NDArray[np.float64],
) -> _Ranked:
    coh = cohesion(masks, affinity)
    g = gaps(masks, x, placed)
    r = ideological_range(masks, x, placed, span)
    score = likelihood_score(coh, g, r)
    size = masks.sum(axis=1)
    weight = masks.astype(float) @ votes
    order = np.lexsort((weight, size, -np.round(score, 12)))
    return _Ranked(masks, score, coh, g, r, order.astype(np.int64))


def analyze_coalitions(
    inputs: CoalitionInputs,
    *,
    rule: Rule,
    power: PowerResult | None = None,
    top: int = 5,
    limit: int = DEFAULT_LIMIT,
    weights: Mapping[str, float] | None = None,
    seeds: int = 5,
    tolerance: float = 0.01,
    samples: int = 2048,
    seed: int | None = 0,
    minimal_winning_coalitions: Enumerated | None = None,
    minimal_blocking_coalitions: Enumerated | None = None,
) -> CoalitionAnalysis:
    """Possible, essential, likely and adverse coalitions.

    Parameters
    ----------
    inputs : CoalitionInputs
        The situation's arrays, ties and names (from a scenario:
        :func:`coalitionist.analyses.coalitions.coalition_inputs`).
    rule : Rule
        The decision rule over the same actors, in row order (from a scenario:
        :func:`coalitionist.analyses.rule.scenario_rule`).
    power : PowerResult, optional
        Power indices already computed for ``rule``.
    top : int
        Number of likely coalitions reported.
    limit : int
        Cap on the minimal winning / blocking coalitions enumerated (and ranked as candidates).
    weights : mapping, optional
        Weight of each basis in the combined affinity (default: equal).
    seeds : int
        Greedy-agglomeration seeds besides the focal actor: the actors with the most formal power.
    tolerance : float
        Preference margin (in [0, 1]) below which an actor counts as undecided about the focal proposal.
    samples : int
        Monte Carlo samples for the blocking impact of large adverse coalitions.
    seed : int or None
        Seed of every random estimate (``numpy.random.default_rng(seed)``).
    minimal_winning_coalitions, minimal_blocking_coalitions : Enumerated, optional
        Enumerations already made, reused as they are.

    Returns
    -------
    CoalitionAnalysis

    Raises
    ------
    CoalitionInputError
        For an unknown basis in ``weights`` or out-of-range options.
    """
    if top < 1 or limit < 1 or seeds < 0 or not 0 <= tolerance < 1:
        raise CoalitionInputError("top and limit must be ≥ 1, seeds ≥ 0 and tolerance in [0, 1)")
    arrays = inputs.arrays
    ids = arrays.actors
    n = len(ids)
    index = {a: i for i, a in enumerate(ids)}
    labels = dict(inputs.labels)
    issue_labels = dict(inputs.issue_labels)
    fp: FormalPower = formal_power(rule, ids, power, seed=seed)
    count: int | None
    if fp.winning_count is not None:
        count, share, exact = fp.winning_count, fp.winning_count / 2**n, True
    else:
        count, share, exact = _winning_count(rule, n, seed)
    mwc = (
        minimal_winning(rule, limit)
        if minimal_winning_coalitions is None
        else minimal_winning_coalitions
    )
    mbc = (
        minimal_blocking(rule, limit)
        if minimal_blocking_coalitions is None
        else minimal_blocking_coalitions
    )
    focal = inputs.focal
    f_idx = index[focal] if focal is not None else None

    edges = inputs.ties
    ties = inputs.matrices
    inp = AffinityInputs.of(
        arrays.positions, arrays.salience, arrays.stated, arrays.low, arrays.high, arrays.status_quo
    )
    cap = np.clip(arrays.capability, 0.0, None)
    forecast = inputs.forecast
    bases: dict[str, NDArray[np.float64]] = {
        "shared_interests": shared_interests(inp),
        "shared_positions": shared_positions(inp, forecast),
        "valuable_trades": valuable_trades(inp),
        "common_history": common_history(ties.history),
        "common_allies_enemies": common_allies_enemies(ties.relation),
    }
    w = (
        dict.fromkeys(BASES, 1.0)
        if weights is None
        else {b: float(weights.get(b, 0.0)) for b in BASES}
    )
    if weights is not None and set(weights) - set(BASES):
        raise CoalitionInputError(
            f"unknown affinity bases: {', '.join(sorted(set(weights) - set(BASES)))}"
            f" (known: {', '.join(BASES)})"
        )

    mi = _main_issue(inp, cap)
    if mi is not None:
        x = inp.positions[:, mi]
        # actors with no say under the rule are not on the voting dimension: they neither join a connected
        # winning interval nor break one
        placed = inp.stated[:, mi] & ~fp.dummy
        span = float(inp.span[mi])
    else:
        x, placed, span = np.zeros(n), np.zeros(n, dtype=bool), 1.0
    votes = np.asarray(arrays.votes, dtype=float)
    wins = grand_coalition_wins(rule)
    mwc_masks = mwc.masks(n)
    mcw_masks = (
        minimal_connected_winning(x, placed, rule.wins_many)
        if wins and mi is not None
        else np.zeros((0, n), bool)
    )
    power_order = np.lexsort((np.arange(n), -fp.banzhaf, -cap))
    seed_list = ([f_idx] if f_idx is not None else []) + [
        int(i) for i in power_order[:seeds] if int(i) != f_idx
    ]

    # pass 1: five bases → likely coalitions → who risks being left out
    first = (
        combined_affinity(bases, {b: w[b] for b in bases})
        if sum(w[b] for b in bases) > 0
        else np.zeros((n, n))
    )
    cand = (
        _candidates(rule, mwc_masks, mcw_masks, first, seed_list, fp.banzhaf)
        if wins
        else np.zeros((0, n), bool)
    )
    if len(cand):
        r1 = _rank(cand, first, x, placed, span, votes)
        top1 = cand[r1.order[:top]]
        inclusion = top1.mean(axis=0)
    else:
        inclusion = np.zeros(n)
    del first  # only the final affinity is kept (n × n floats each)
    weakness = 1.0 - np.maximum(
        cap / cap.max() if cap.max() > 0 else np.zeros(n),
        fp.banzhaf / fp.banzhaf.max() if fp.banzhaf.max() > 0 else np.zeros(n),
    )
    exclusion = 1.0 - inclusion
    vulnerability = np.clip(weakness * exclusion, 0.0, 1.0)
    bases["shared_vulnerability"] = shared_vulnerability(vulnerability)
    affinity = combined_affinity(bases, w)

    # pass 2: all six bases
    if wins:
        extra = _candidates(
            rule, np.zeros((0, n), bool), np.zeros((0, n), bool), affinity, seed_list, fp.banzhaf
        )
        cand = np.unique(np.concatenate([cand, extra], axis=0), axis=0) if len(cand) else extra
    ranked = _rank(cand, affinity, x, placed, span, votes) if len(cand) else None

    ctx = _Context(
        ids=ids,
        labels=labels,
        issues=arrays.issues,
        issue_labels=issue_labels,
        inp=inp,
        forecast=forecast,
        edges=edges,
        ties=ties,
        relation=ties.relation.toarray(),
        capability=cap,
        vulnerability=vulnerability,
        exclusion=exclusion,
        weakness=weakness,
        pair_ties=_pair_ties(edges),
    )
    evidence: dict[tuple[int, int], dict[str, str]] = {}

    def ev(i: int, j: int) -> dict[str, str]:
        key = (min(i, j), max(i, j))
        if key not in evidence:
            evidence[key] = _evidence(ctx, bases, key[0], key[1])
        return evidence[key]

    likely: list[LikelyCoalition] = []
    favorable: LikelyCoalition | None = None
    if ranked is not None:
        sizes = ranked.masks.sum(axis=1)
        wts = ranked.masks.astype(float) @ votes
        theory_min = {
            "minimum_range": ranked.range.min(),
            "fewest_members": sizes.min(),
            "minimum_resource": wts.min(),
        }

        def build(c: int) -> LikelyCoalition:
            m = ranked.masks[c]
            mem = np.flatnonzero(m)
            per_basis = {b: float(cohesion(m, bases[b])[0]) for b in BASES}
            held = tuple(
                b for b in sorted(BASES, key=lambda b: -per_basis[b]) if per_basis[b] >= HOLDS
            )
            if len(mem) > 1:
                sub = affinity[np.ix_(mem, mem)]
                att = sub.sum(axis=1) / (len(mem) - 1)
                wi = int(np.argmin(att))
                weakest = int(mem[wi])
                row = sub[wi].copy()
                row[wi] = np.inf
                partner = int(mem[int(np.argmin(row))])
                per = {b: float(bases[b][weakest, mem].sum() / (len(mem) - 1)) for b in BASES}
                link = {
                    "actor": ids[weakest],
                    "attachment": float(att[wi]),
                    "least_attached_to": ids[partner],
                    "weakest_basis": min(BASES, key=lambda b: per[b]),
                    "evidence": ev(weakest, partner),
                }
            else:
                link = {}
            theories = []
            if is_minimal(ranked.masks[c], rule.wins_many)[0]:
                theories.append("minimal_winning")
            if mi is not None and ranked.gaps[c] == 0 and placed[mem].sum() > 0:
                theories.append("connected")
            if mi is not None and ranked.range[c] <= theory_min["minimum_range"] + 1e-12:
                theories.append("minimum_range")
            if sizes[c] == theory_min["fewest_members"]:
                theories.append("fewest_members")
            if wts[c] <= theory_min["minimum_resource"] + 1e-12:
                theories.append("minimum_resource")
            outside = np.flatnonzero(~m)
            near = affinity[np.ix_(outside, mem)].mean(axis=1) if len(outside) else np.zeros(0)
            o = np.lexsort((outside, -near))[:3]
            lo_x = x[mem[placed[mem]]] if mi is not None else np.zeros(0)
            between = (
                [
                    i
                    for i in np.flatnonzero(placed & ~m)
                    if lo_x.size and lo_x.min() < x[i] < lo_x.max()
                ]
                if mi is not None
                else []
            )
            return LikelyCoalition(
                members=tuple(sorted(ids[i] for i in mem)),
                score=float(ranked.score[c]),
                cohesion=float(ranked.cohesion[c]),
                connected=bool(ranked.gaps[c] == 0),
                gaps=tuple(sorted(ids[i] for i in between)),
                range=float(ranked.range[c]) if mi is not None else None,
                bases=per_basis,
                held_by=held,
                weakest_link=link,
                theories=tuple(theories),
                includes_focal=bool(f_idx is not None and m[f_idx]),
                closest_outsiders=tuple(
                    (ids[int(outside[t])], float(near[t])) for t in o if near[t] > 0
                ),
            )

        likely = [build(int(c)) for c in ranked.order[:top]]
        if f_idx is not None:
            with_focal = [int(c) for c in ranked.order if ranked.masks[c][f_idx]]
            if with_focal:
                favorable = build(with_focal[0])

    # essential members
    essential: list[Essential] = []
    for i in np.flatnonzero(fp.veto):
        essential.append(
            Essential(
                ids[i], "veto", f"{labels[ids[i]]} holds a veto: no coalition wins without it"
            )
        )
    if ranked is not None and likely:
        union = np.zeros(n, dtype=bool)
        for lc in likely:
            union[[index[a] for a in lc.members]] = True
        members = np.flatnonzero(union & ~fp.veto)
        if len(members):
            trial = np.repeat(union[None, :], len(members), axis=0)
            trial[np.arange(len(members)), members] = False
            fails = ~np.asarray(rule.wins_many(trial), dtype=bool)
            for i in members[fails]:
                essential.append(
                    Essential(
                        ids[i],
                        "likely_partners",
                        f"among the likely partners ({len(np.flatnonzero(union))} actors in the top"
                        f" {len(likely)} likely coalitions) no winning coalition forms without"
                        f" {labels[ids[i]]}",
                    )
                )

    adverse = (
        _adverse(rule, ctx, bases, affinity, f_idx, tolerance, samples, seed, ev)
        if f_idx is not None and inp.positions.shape[1] > 0
        else None
    )

    if f_idx is not None:
        row = affinity[f_idx].copy()
        row[f_idx] = np.nan
        order = [
            int(j)
            for j in np.argsort(-np.nan_to_num(row, nan=-np.inf), kind="stable")
            if j != f_idx
        ]
        for j in (
            order
            if n <= FOCAL_EVIDENCE_ALL
            else order[:FOCAL_EVIDENCE] + order[-FOCAL_EVIDENCE // 2 :]
        ):
            ev(f_idx, j)
    iu = np.triu_indices(n, 1)
    for t in np.argsort(-affinity[iu], kind="stable")[:10]:
        ev(int(iu[0][t]), int(iu[1][t]))

    return CoalitionAnalysis(
        title=inputs.title,
        actors=ids,
        labels=labels,
        focal=focal,
        winning_count=count,
        winning_share=share,
        winning_exact=exact,
        minimal_winning=mwc,
        minimal_blocking=mbc,
        essential=tuple(essential),
        bases=bases,
        weights=w,
        affinity=affinity,
        evidence=evidence,
        likely=tuple(likely),
        favorable=favorable,
        adverse=adverse,
        main_issue=arrays.issues[mi] if mi is not None else None,
        exhaustive=not mwc.truncated,
        issue_labels=issue_labels,
    )


def _adverse(
    rule: Rule,
    ctx: _Context,
    bases: Mapping[str, NDArray[np.float64]],
    affinity: NDArray[np.float64],
    f_idx: int,
    tolerance: float,
    samples: int,
    seed: int | None,
    ev: Any,
) -> AdverseCoalition | None:
    inp = ctx.inp
    ids = ctx.ids
    n = len(ids)
    proposal = proposal_of(inp, f_idx)
    margin = stance_margin(inp, proposal)
    against = margin < -tolerance
    against[f_idx] = False
    focal_side = margin > tolerance
    focal_side[f_idx] = True
    undecided = ~against & ~focal_side
    margins = {ids[i]: float(margin[i]) for i in range(n)}
    if not against.any():
        return None
    c = against
    can_block = bool(rule.blocks_many(c[None, :])[0])
    can_win = bool(rule.wins_many(c[None, :])[0])
    focal_wins = bool(rule.wins_many(focal_side[None, :])[0])
    mem = np.flatnonzero(c)
    influence = ctx.ties.influence
    # centre: strongest ties into the rest of the coalition
    if len(mem) > 1:
        sub_a = influence[mem][:, mem].toarray()
        sub_f = np.maximum(affinity[np.ix_(mem, mem)], 0.0)
        np.fill_diagonal(sub_a, 0.0)
        np.fill_diagonal(sub_f, 0.0)
        pull = (sub_a + sub_f).sum(axis=1)
        centre: str | None = ids[int(mem[int(np.lexsort((mem, -pull))[0])])]
        att = affinity[np.ix_(mem, mem)].sum(axis=1) / (len(mem) - 1)
    else:
        centre = ids[int(mem[0])]
        att = np.zeros(1)
    cross = cross_pressure(c, focal_side, influence, ctx.relation)
    f_rows, f_cols, f_t = focal_ties(c, focal_side, influence, ctx.relation)
    col_of = {int(m): k for k, m in enumerate(f_cols)}
    # salience at stake: mean salience on the issues where the member is closer to the status quo
    closer_sq = inp.stated & (
        np.abs(inp.positions - inp.status_quo) < np.abs(inp.positions - proposal)
    )
    imp = peel_impact(c, rule.blocks_many, seed=seed, samples=samples)
    impact = dict(zip(imp.members.tolist(), imp.impact.tolist(), strict=True))
    core = (
        minimalize(c, mem[np.lexsort((mem, att))].tolist(), rule.blocks_many)
        if can_block
        else np.zeros(n, bool)
    )
    k = len(mem)
    without = np.repeat(c[None, :], k, axis=0)
    without[np.arange(k), mem] = False
    with_f = np.repeat(focal_side[None, :], k, axis=0)
    with_f[np.arange(k), mem] = True
    still_blocks_all = np.asarray(rule.blocks_many(without), dtype=bool)
    still_wins_all = np.asarray(rule.wins_many(without), dtype=bool)
    f_wins_all = np.asarray(rule.wins_many(with_f), dtype=bool)
    holes: list[tuple[float, float, int, Hole]] = []
    for t, m in enumerate(mem):
        sal_k = inp.salience[m][closer_sq[m]]
        sal = (
            float(sal_k.mean())
            if sal_k.size
            else float(inp.salience[m][inp.stated[m]].mean() if inp.stated[m].any() else 0.0)
        )
        peel = ((1.0 - att[t]) / 2.0 + cross[m] + (1.0 - sal)) / 3.0
        still_blocks = bool(still_blocks_all[t])
        still_wins = bool(still_wins_all[t])
        f_wins = bool(f_wins_all[t])
        cross_ids = [ids[int(f)] for f in f_rows[f_t[:, col_of[int(m)]] > 0]]
        reasons = []
        if can_block and not still_blocks:
            reasons.append("without it the adverse coalition can no longer block")
        if can_win and not still_wins:
            reasons.append("without it the adverse coalition can no longer win")
        if f_wins and not focal_wins:
            reasons.append("with it the focal side wins")
        if len(mem) > 1 and att[t] <= float(np.min(att)) + 1e-12:
            reasons.append("the weakest attachment to the rest of the coalition")
        if cross_ids:
            reasons.append(
                "ties into the focal side: " + ", ".join(sorted(ctx.labels[i] for i in cross_ids))
            )
        if sal < 0.34:
            reasons.append(f"cares little about what it opposes (salience {sal:.2f})")
        holes.append(
            (
                -impact[int(m)],
                -peel,
                int(m),
                Hole(
                    actor=ids[m],
                    rank=0,
                    impact=float(impact[int(m)]),
                    peelability=float(peel),
                    attachment=float(att[t]),
                    cross_pressure=float(cross[m]),
                    cross_ties=tuple(sorted(cross_ids)),
                    salience=sal,
                    still_blocks=still_blocks,
                    still_wins=still_wins,
                    focal_side_wins_with=f_wins,
                    reasons=tuple(reasons),
                ),
            )
        )
    holes.sort(key=lambda h: (round(h[0], 12), round(h[1], 12), h[2]))
    ranked_holes = tuple(Hole(**{**h[3].__dict__, "rank": r}) for r, h in enumerate(holes, start=1))
    return AdverseCoalition(
        members=tuple(_sorted_ids(ids, c)),
        can_block=can_block,
        can_win=can_win,
        centre=centre,
        core=tuple(_sorted_ids(ids, core)),
        focal_side=tuple(_sorted_ids(ids, focal_side)),
        undecided=tuple(_sorted_ids(ids, undecided)),
        focal_side_wins=focal_wins,
        holes=ranked_holes,
        impact_exact=imp.exact,
        margins=margins,
    )


# --------------------------------------------------------------------------------------------------------


def _names(res: CoalitionAnalysis, ids: Sequence[str]) -> str:
    names = [res.labels.get(i, i) for i in ids]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _readings(res: CoalitionAnalysis) -> list[str]:
    out: list[str] = []
    mw = res.minimal_winning
    if not mw.coalitions:
        out.append("No coalition can win under the decision rule, not even all actors together.")
        return out
    sizes = [len(c) for c in mw.coalitions]
    smallest = mw.coalitions[int(np.argmin(sizes))]
    out.append(
        f"{'At least ' if mw.truncated else ''}{len(mw.coalitions)} minimal winning coalition"
        f"{'s' if len(mw.coalitions) != 1 else ''}"
        f"{' (listing stopped at the limit)' if mw.truncated else ''}; the smallest has {len(smallest)}"
        f" member{'s' if len(smallest) != 1 else ''}: {_names(res, sorted(res.actors[i] for i in smallest))}."
    )
    mb = res.minimal_blocking
    if mb.coalitions:
        small_b = min(mb.coalitions, key=len)
        out.append(
            f"To block, {len(small_b)} actor{'s' if len(small_b) != 1 else ''} suffice"
            f"{'s' if len(small_b) == 1 else ''}: {_names(res, sorted(res.actors[i] for i in small_b))}"
            f" ({'at least ' if mb.truncated else ''}{len(mb.coalitions)} minimal blocking coalition"
            f"{'s' if len(mb.coalitions) != 1 else ''})."
        )
    vetoes = [e.actor for e in res.essential if e.reason == "veto"]
    if vetoes:
        out.append(
            f"Essential: {_names(res, vetoes)} — "
            + (
                "it holds a veto, so every winning coalition needs it."
                if len(vetoes) == 1
                else "each holds a veto, so every winning coalition needs them all."
            )
        )
    practical = [e.actor for e in res.essential if e.reason == "likely_partners"]
    if practical:
        out.append(
            f"Essential among the likely partners: {_names(res, practical)} — none of the likely winning"
            " coalitions can form without them."
        )
    informed = bool(np.abs(res.affinity).max() > 0)
    if res.likely and not informed:
        lc = res.likely[0]
        out.append(
            "No positions or ties are given, so likely coalitions are ranked by size and votes only"
            f" (fewest members, then fewest votes): for example {_names(res, lc.members)}."
        )
    elif res.likely:
        lc = res.likely[0]
        held = ", ".join(BASIS_LABELS[b] for b in lc.held_by) or "no single basis"
        link = lc.weakest_link
        where = (
            f", {'connected' if lc.connected else 'not connected'} on the main issue"
            if res.main_issue is not None
            else ""
        )
        out.append(
            f"Most likely winning coalition: {_names(res, lc.members)} (cohesion {lc.cohesion:.2f}{where});"
            f" held together by {held}"
            + (
                f"; weakest link: {res.labels[link['actor']]} – {res.labels[link['least_attached_to']]}"
                f" ({BASIS_LABELS[link['weakest_basis']]} is lowest)."
                if link
                else "."
            )
        )
    if res.focal is not None:
        allies = [(a, v) for a, v in res.allies_of(res.focal, 3) if v > 0]
        if allies:
            f = res.index(res.focal)
            bits = []
            for a, v in allies:
                j = res.index(a)
                best = max(BASES, key=lambda b: res.bases[b][f, j])
                bits.append(f"{res.labels[a]} ({v:.2f}, mostly {BASIS_LABELS[best]})")
            out.append(
                f"Closest potential allies of {res.labels[res.focal]}: " + "; ".join(bits) + "."
            )
        if res.favorable is not None and (
            not res.likely or res.favorable.members != res.likely[0].members
        ):
            out.append(
                f"Best winning coalition including {res.labels[res.focal]}: {_names(res, res.favorable.members)}"
                f" (cohesion {res.favorable.cohesion:.2f})."
            )
    adv = res.adverse
    if adv is not None:
        can = "can block" if adv.can_block else "cannot block on its own"
        if adv.can_win:
            can = "can win outright"
        out.append(
            f"Adverse coalition: {_names(res, adv.members)}, centred on {res.labels.get(adv.centre or '', adv.centre)};"
            f" it {can}."
            + (
                f" Its minimal blocking core: {_names(res, adv.core)}."
                if adv.core and adv.can_block
                else ""
            )
        )
        for h in adv.holes[:3]:
            why = "; ".join(h.reasons) if h.reasons else f"peelability {h.peelability:.2f}"
            out.append(
                f"Hole {h.rank}: {res.labels[h.actor]} (impact {h.impact:.2f}, peelability {h.peelability:.2f}) — {why}."
            )
    return out
