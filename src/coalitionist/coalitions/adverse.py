"""The adverse coalition: who opposes the focal actor's position, whether they can block, and their holes.

Sides
-----
The focal actor's *proposal* is its own position on every issue it states (the status quo elsewhere). Each
actor compares the proposal with the status quo by its salience-weighted distance (linear loss):

    margin_i = (u_i(proposal) − u_i(status quo)) / Σ_k s_ik,   u_i(y) = −Σ_k s_ik |x_ik − y_k| / span_k,

in [−1, 1]. Actors with ``margin > tol`` are the focal side (with the focal actor), those with
``margin < −tol`` the opposing side, the rest undecided. The **adverse coalition** is the opposing side: the
most likely coalition against the proposal is the one made of everyone who would vote against it.

Holes
-----
For each member ``m`` of the adverse coalition ``C``:

* ``attachment`` — its mean combined affinity to the other members (low = weakly held);
* ``cross_pressure`` — the strength of its ties into the focal side, ``1 − Π_f (1 − t_fm)`` over focal-side
  actors ``f`` with ``t_fm`` the largest of the influence ties either way and the friendly relation;
* ``salience`` — how much it cares about the issues on which it opposes the proposal;
* ``impact`` — how much peeling it off changes what ``C`` can do: its Banzhaf swing share in ``C``'s blocking
  power, ``#{T ⊆ C∖{m} : T ∪ {m} blocks, T does not} / 2^{|C|−1}`` (exact for small coalitions, a seeded
  Monte Carlo estimate otherwise), with the plain facts: does ``C∖{m}`` still block, still win, and does the
  focal side win once ``m`` joins it?

Holes are ranked by impact, then by *peelability* ``((1 − attachment) / 2 + cross_pressure + (1 − salience)) / 3``.
The adverse coalition's **centre** is the member with the strongest ties into the rest of it
(``Σ_{j∈C} (A_mj + max(affinity_mj, 0))``: influence it exerts on, and affinity with, the other members).

References
----------
.. [1] D. A. Lax & J. K. Sebenius, *3-D Negotiation*, Harvard Business School Press, 2006, ch. 12 (blocking
   coalitions and how to break them).
.. [2] J. F. Banzhaf, "Weighted voting doesn't work: a mathematical analysis", *Rutgers Law Review* 19, 1965.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]
from numpy.typing import ArrayLike, NDArray

from coalitionist.coalitions.affinity import AffinityInputs, Basis
from coalitionist.coalitions.errors import CoalitionInputError
from coalitionist.coalitions.evidence import EvidenceContext
from coalitionist.coalitions.likely import MaskTest, minimalize
from coalitionist.coalitions.result import AdverseCoalition, Hole, sorted_ids

if TYPE_CHECKING:
    from coalitionist.power import Rule

__all__ = [
    "EXACT_MAX_MEMBERS",
    "PeelImpact",
    "adverse_coalition",
    "cross_pressure",
    "focal_ties",
    "peel_impact",
    "proposal_of",
    "stance_margin",
]

#: Largest adverse coalition whose blocking swings are counted exactly (2^(size−1) sub-coalitions).
EXACT_MAX_MEMBERS = 14

#: Boolean cells (coalitions × actors) tested per call in the Monte Carlo estimate.
_CELLS = 4_000_000


def proposal_of(inp: AffinityInputs, focal: int) -> NDArray[np.float64]:
    """The focal actor's proposal: its position on the issues it states, the status quo elsewhere."""
    return np.where(inp.stated[focal], inp.positions[focal], inp.status_quo)


def stance_margin(inp: AffinityInputs, proposal: ArrayLike) -> NDArray[np.float64]:
    """Each actor's preference for ``proposal`` over the status quo, in [−1, 1] (0 for actors who state
    nothing)."""
    gain = inp.utility(proposal) - inp.utility(inp.status_quo)
    tot = inp.salience.sum(axis=1)
    return np.divide(gain, tot, out=np.zeros_like(gain), where=tot > 0)


def _block(m: Any, rows: NDArray[np.int64], cols: NDArray[np.int64]) -> NDArray[np.float64]:
    """``m[rows][:, cols]`` as a dense array, for a dense or scipy sparse ``m``."""
    if sp.issparse(m):
        return np.asarray(sp.csr_matrix(m)[rows][:, cols].toarray(), dtype=float)
    return np.asarray(m, dtype=float)[np.ix_(rows, cols)]


def focal_ties(
    members: ArrayLike, focal_side: ArrayLike, influence: Any, relation: Any
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
    """The tie strengths ``t[f, m]`` between focal-side actors ``f`` and the other ``members`` ``m``: the
    largest of the influence ties either way and the friendly relation (dense or sparse inputs).

    Returns
    -------
    rows, cols : ndarray of int
        Indices of the focal-side actors and of the members.
    t : ndarray, shape (len(rows), len(cols))
    """
    mem = np.asarray(members, dtype=bool)
    fs = np.asarray(focal_side, dtype=bool)
    rows = np.flatnonzero(fs)
    cols = np.flatnonzero(mem & ~fs)
    a_fm = _block(influence, rows, cols)
    a_mf = _block(influence, cols, rows).T
    s_fm = _block(relation, rows, cols)
    t = np.clip(np.maximum(np.maximum(a_fm, a_mf), s_fm), 0.0, 1.0)
    return rows, cols, t


def cross_pressure(
    members: ArrayLike, focal_side: ArrayLike, influence: Any, relation: Any
) -> NDArray[np.float64]:
    """Strength of each actor's ties into the focal side: ``1 − Π_f (1 − t_f)`` (see the module docstring).

    Parameters
    ----------
    members : bool array of shape (n,)
        Actors to evaluate (others get 0).
    focal_side : bool array of shape (n,)
    influence : array or sparse matrix of shape (n, n)
        ``A[i, j]``: ``i`` sways ``j``.
    relation : array or sparse matrix of shape (n, n)
        Symmetric friend/enemy relation.

    Returns
    -------
    ndarray, shape (n,)
    """
    n = len(np.asarray(members))
    _, cols, t = focal_ties(members, focal_side, influence, relation)
    out = np.zeros(n)
    out[cols] = 1.0 - np.prod(1.0 - t, axis=0)
    return out


@dataclass(frozen=True)
class PeelImpact:
    """Blocking swing shares of a coalition's members (see :func:`peel_impact`)."""

    members: NDArray[np.int64]
    impact: NDArray[np.float64]
    exact: bool
    samples: int


def peel_impact(
    coalition: ArrayLike,
    blocks: MaskTest,
    *,
    seed: int | None = 0,
    samples: int = 2048,
) -> PeelImpact:
    """Each member's share of the coalition's blocking power: its Banzhaf swing rate inside the coalition.

    For a member ``m`` of ``C``: the share of the sub-coalitions ``T ⊆ C∖{m}`` such that ``T ∪ {m}`` blocks and
    ``T`` does not (everyone outside ``C`` assumed to be against ``C``). It is the drop in the share of ``C``'s
    sub-coalitions that block when ``m`` is peeled off, times two (Banzhaf 1965, restricted to ``C``).

    Algorithm: when ``|C| ≤ EXACT_MAX_MEMBERS`` enumerate all ``2^|C|`` sub-coalitions once and count swings
    by flipping each member's bit; otherwise draw ``samples`` uniformly random sub-coalitions (with
    ``numpy.random.default_rng(seed)``) and count, for each member, whether adding it turns a non-blocking
    sample into a blocking one (an unbiased estimate).

    Parameters
    ----------
    coalition : bool array of shape (n,)
    blocks : callable
        ``blocks_many`` of the rule.
    seed : int or None
        Seed of the Monte Carlo estimate.
    samples : int
        Number of random sub-coalitions for large coalitions (reduced for very large ones to bound memory).

    Returns
    -------
    PeelImpact
    """
    c = np.asarray(coalition, dtype=bool)
    if c.ndim != 1:
        raise CoalitionInputError("the coalition must be one mask of shape (n,)")
    if samples < 1:
        raise CoalitionInputError("samples must be at least 1")
    n = len(c)
    mem = np.flatnonzero(c)
    k = len(mem)
    if k == 0:
        return PeelImpact(mem, np.zeros(0), True, 0)
    if k <= EXACT_MAX_MEMBERS and 2**k * n <= 5 * _CELLS:
        codes = np.arange(2**k, dtype=np.int64)
        bits = ((codes[:, None] >> np.arange(k)) & 1).astype(bool)
        masks = np.zeros((2**k, n), dtype=bool)
        masks[:, mem] = bits
        blk = np.asarray(blocks(masks), dtype=bool)
        impact = np.zeros(k)
        for b in range(k):
            without = codes[~bits[:, b]]
            impact[b] = np.count_nonzero(blk[without | (1 << b)] & ~blk[without]) / 2 ** (k - 1)
        return PeelImpact(mem, impact, True, 0)
    rng = np.random.default_rng(seed)
    per_sample = 2 * k * n
    s = int(max(16, min(samples, _CELLS * 4 // max(per_sample, 1))))
    swings = np.zeros(k)
    step = max(1, _CELLS // per_sample)
    done = 0
    while done < s:
        b = min(step, s - done)
        sub = rng.random((b, k)) < 0.5
        # for each sample and member: T ∪ {m} and T ∖ {m}
        with_m = np.repeat(sub[:, None, :], k, axis=1)
        without = with_m.copy()
        diag = np.arange(k)
        with_m[:, diag, diag] = True
        without[:, diag, diag] = False
        full_with = np.zeros((b * k, n), dtype=bool)
        full_without = np.zeros((b * k, n), dtype=bool)
        full_with[:, mem] = with_m.reshape(b * k, k)
        full_without[:, mem] = without.reshape(b * k, k)
        bw = np.asarray(blocks(full_with), dtype=bool).reshape(b, k)
        bo = np.asarray(blocks(full_without), dtype=bool).reshape(b, k)
        swings += (bw & ~bo).sum(axis=0)
        done += b
    return PeelImpact(mem, swings / s, False, s)


def adverse_coalition(
    rule: Rule,
    ctx: EvidenceContext,
    bases: Mapping[str, Basis],
    affinity: NDArray[np.float64],
    f_idx: int,
    tolerance: float,
    samples: int,
    seed: int | None,
    ev: Any,
) -> AdverseCoalition | None:
    """Step 5, the adverse coalition: the actors against the focal actor's proposal (margin below
    ``-tolerance``), whether they can block or win, their centre and core, and their holes ranked by the
    blocking impact of peeling each off (exact, or Monte Carlo with ``samples`` draws and ``seed``);
    None when nobody opposes the proposal."""
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
    imp = peel_impact(c, rule.blocks_many, seed=seed, samples=samples)
    impact = dict(zip(imp.members.tolist(), imp.impact.tolist(), strict=True))
    # centre: the side's real holder, the member most pivotal to its blocking power (largest peel
    # impact: the share of the side's blocking sub-coalitions it is decisive in, a Banzhaf-style
    # measure within the side), ties broken by the strongest ties into the rest of the coalition
    if len(mem) > 1:
        sub_a = influence[mem][:, mem].toarray()
        sub_f = np.maximum(affinity[np.ix_(mem, mem)], 0.0)
        np.fill_diagonal(sub_a, 0.0)
        np.fill_diagonal(sub_f, 0.0)
        pull = (sub_a + sub_f).sum(axis=1)
        weight = np.array([round(impact[int(m)], 9) for m in mem])
        centre: str | None = ids[int(mem[int(np.lexsort((mem, -pull, -weight))[0])])]
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
        lost = [
            what
            for what, lose in (
                ("win", can_win and not still_wins),
                ("block", can_block and not still_blocks),
            )
            if lose
        ]
        if len(lost) == 2:
            reasons.append("without it the adverse coalition can neither win nor block")
        elif lost:
            reasons.append(f"without it the adverse coalition can no longer {lost[0]}")
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
        members=tuple(sorted_ids(ids, c)),
        can_block=can_block,
        can_win=can_win,
        centre=centre,
        core=tuple(sorted_ids(ids, core)),
        focal_side=tuple(sorted_ids(ids, focal_side)),
        undecided=tuple(sorted_ids(ids, undecided)),
        focal_side_wins=focal_wins,
        holes=ranked_holes,
        impact_exact=imp.exact,
        margins=margins,
    )
