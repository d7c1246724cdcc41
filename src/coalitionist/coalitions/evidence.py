"""Step 3b, evidence: for a pair of actors, one plain sentence per basis of affinity saying what the score
rests on (the issues they share, their sides, what they could trade, their history, common friends and
enemies, shared vulnerability). :class:`Evidence` computes each pair once, on demand."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]
from numpy.typing import NDArray

from coalitionist.coalitions.affinity import (
    AffinityInputs,
    Basis,
    deal_sides,
    issue_sides,
    top_pairs,
    trade_gains,
)
from coalitionist.coalitions.inputs import LockoutExposure, TieMatrixSet, Ties
from coalitionist.wording import percent

__all__ = [
    "FOCAL_EVIDENCE",
    "FOCAL_EVIDENCE_ALL",
    "Evidence",
    "EvidenceContext",
    "pair_evidence",
    "pair_ties",
]

#: Up to this many actors the focal actor's affinity to every other actor comes with its evidence; beyond
#: it, only the :data:`FOCAL_EVIDENCE` closest and half as many most distant actors do.
FOCAL_EVIDENCE_ALL = 60
FOCAL_EVIDENCE = 20


@dataclass(frozen=True)
class EvidenceContext:
    """What the evidence sentences read: names, the affinity inputs, ties, weakness and exclusion."""

    ids: tuple[str, ...]
    labels: dict[str, str]
    issues: tuple[str, ...]
    issue_labels: dict[str, str]
    inp: AffinityInputs
    forecast: NDArray[np.float64]
    edges: Ties
    ties: TieMatrixSet
    #: The signed friend / enemy relation (a sparse matrix, or a dense array).
    relation: Any
    capability: NDArray[np.float64]
    vulnerability: NDArray[np.float64]
    exclusion: NDArray[np.float64]
    weakness: NDArray[np.float64]
    pair_ties: dict[tuple[int, int], list[int]]
    #: The lockout analysis's shared exposure, when the bridge passed it (the basis is then that).
    lockout: LockoutExposure | None = None


def _relation_row(relation: Any, i: int) -> NDArray[np.float64]:
    """Row ``i`` of the relation as a dense vector (a sparse matrix is never densified whole)."""
    if sp.issparse(relation):
        return np.asarray(sp.csr_matrix(relation)[i].toarray(), dtype=float).ravel()
    return np.array(relation[i], dtype=float)


def pair_ties(edges: Ties) -> dict[tuple[int, int], list[int]]:
    out: dict[tuple[int, int], list[int]] = {}
    for t, (a, b) in enumerate(zip(edges.source.tolist(), edges.target.tolist(), strict=True)):
        out.setdefault((min(a, b), max(a, b)), []).append(t)
    return out


def pair_evidence(
    ctx: EvidenceContext, bases: Mapping[str, Basis], i: int, j: int
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
    s_i, s_j = _relation_row(ctx.relation, i), _relation_row(ctx.relation, j)
    third = s_i * s_j
    third[[i, j]] = 0.0
    ks = [k for k in np.argsort(-np.abs(third), kind="stable")[:3] if third[k] != 0]
    if ks:
        descr = []
        for k in ks:
            c = lab[ctx.ids[k]]
            if s_i[k] > 0 and s_j[k] > 0:
                descr.append(f"both friendly with {c}")
            elif s_i[k] < 0 and s_j[k] < 0:
                descr.append(f"both hostile to {c}")
            else:
                descr.append(f"{c} is a friend of one and an enemy of the other")
        out["common_allies_enemies"] = "; ".join(descr)
    else:
        out["common_allies_enemies"] = "no common contacts"
    vi, vj = ctx.vulnerability[i], ctx.vulnerability[j]
    if ctx.lockout is not None:
        joint = float(bases["shared_vulnerability"][i, j])
        lk = ctx.lockout
        out["shared_vulnerability"] = (
            f"{a} and {b} would both be outvoted by the same early side deal in {percent(joint)} of the"
            f" {lk.samples:,} draws of the lockout analysis ({a} alone {percent(float(lk.outvoted[i]))}, {b}"
            f" {percent(float(lk.outvoted[j]))})"
            if joint > 0
            else f"no early side deal outvotes both {a} and {b} in the"
            f" {lk.samples:,} draws of the lockout analysis"
        )
    elif vi > 0 and vj > 0:
        out["shared_vulnerability"] = (
            f"{a} (weakness {ctx.weakness[i]:.2f}, left out of {100 * ctx.exclusion[i]:.0f}% of the likely"
            f" coalitions) and {b} (weakness {ctx.weakness[j]:.2f}, left out of {100 * ctx.exclusion[j]:.0f}%)"
        )
    else:
        out["shared_vulnerability"] = "not both weak and at risk of being left out"
    return out


@dataclass
class Evidence:
    """The evidence of the pairs asked for so far, each computed once (``found`` keeps the order asked)."""

    ctx: EvidenceContext
    bases: Mapping[str, Basis]
    found: dict[tuple[int, int], dict[str, str]] = field(default_factory=dict)

    def __call__(self, i: int, j: int) -> dict[str, str]:
        """The evidence of the pair ``{i, j}``."""
        key = (min(i, j), max(i, j))
        if key not in self.found:
            self.found[key] = pair_evidence(self.ctx, self.bases, key[0], key[1])
        return self.found[key]

    def around(self, f_idx: int | None, affinity: NDArray[np.float64]) -> None:
        """Collect the focal actor's pairs (all of them, or the closest and most distant in large games)
        and the ten pairs of highest affinity."""
        n = affinity.shape[0]
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
                self(f_idx, j)
        for i, j in top_pairs(affinity, 10):
            self(i, j)
