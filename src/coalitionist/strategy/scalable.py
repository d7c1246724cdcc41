"""Scalable planners for hundreds to thousands of candidates: an adaptive index policy and rollout on it.

The index policy ("greedy")
---------------------------
In a state ``(J, R)`` every approachable candidate ``i`` gets the index

    score_i = p_i·(v_i + γ_i) − c_i − (1 − p_i)·f_i + p_i·Σ_k ΔH_k(i joins) + (1 − p_i)·Σ_k ΔH_k(i refuses),

where ``γ_i`` is ``i``'s goal marginal (:mod:`coalitionist.strategy.marginals`; zero once the goal is reached
or out of reach), and ``H_k(q) = max(0, q·(v_k + γ_k + f_k) − c_k − f_k)`` is what an unasked candidate
``k`` is worth when it joins with probability ``q``, so the last two terms value the process effects (the
change in others' probabilities) one step ahead. The policy approaches the candidate with the highest index
and stops when no index is positive. Without a goal and without effects the index is ``p·v − c − (1−p)·f``
and the policy is optimal (approach every candidate with a positive one). With a monotone submodular goal
and no effects, greedy selection of this kind carries the (1 − 1/e) guarantee of Nemhauser, Wolsey & Fisher
(1978) and, adaptively, of Golovin & Krause (2011); with thresholds (winning) it is a heuristic.

Rollout
-------
Rollout (Bertsekas, Tsitsiklis & Wu 1997) improves the index policy one decision at a time: at a state it
estimates, for stopping and for each shortlisted candidate ``a``,

    Q(a) = −c_a + p_a·(v_a + W(J+a, R)) + (1 − p_a)·(−f_a + W(J, R+a)),

where ``W`` is the payoff of continuing with the index policy, estimated by simulating it on ``samples``
common random scenarios (one uniform per candidate, shared by all alternatives), and picks the best. Rollout
decisions are made for the ``rollout_nodes`` most probable states of the plan; elsewhere the index policy
decides.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from coalitionist.strategy.exact import _row_max
from coalitionist.strategy.marginals import MARGINALS_CELLS, pursuit_marginals
from coalitionist.strategy.policy import Appraisal
from coalitionist.strategy.problem import Effects, RecruitmentProblem, mask_to_bits

#: An index (or estimated gain over stopping) must exceed this to approach.
INDEX_TOLERANCE = 1e-9

#: Up to this many candidates plus effects, :func:`simulate_index_policy` re-indexes every candidate of a
#: scenario after each answer (:meth:`IndexModel.scores_dense`); beyond, only those the answer affects.
#: Both give the same numbers; this is only the cheaper way to get them.
DENSE_SCORES_MAX = 512

#: Up to this many candidates rollout simulates the index policy exactly as defined (goal marginals
#: recomputed in every state); beyond, with the marginals of the rollout state held fixed (vectorised).
EXACT_BASE_MAX = 20


def _seed_entropy(seed: int | None) -> int:
    """A fixed integer entropy: ``seed`` itself or fresh entropy drawn once."""
    if seed is not None:
        return int(seed)
    ent = np.random.SeedSequence().entropy
    return int(ent) if isinstance(ent, int) else 0


def _state_rng(entropy: int, joined: int, refused: int, salt: int) -> np.random.Generator:
    key = hash((joined, refused)) & (2**63 - 1)
    return np.random.default_rng([entropy & (2**63 - 1), key, salt])


class IndexModel:
    """Arrays shared by every evaluation of the index policy (vectorised over ``S`` states)."""

    def __init__(self, problem: RecruitmentProblem) -> None:
        self.problem = problem
        self.m = problem.m
        self.c = problem.cost
        self.v = problem.value
        self.f = problem.failure_cost
        self.jeff = problem.joins
        self.reff = problem.refusals
        pre_src, pre_dst, via_src, via_dst = [], [], [], []
        for i in range(self.m):
            for j in problem.prerequisites[i]:
                pre_src.append(j)
                pre_dst.append(i)
            for j in problem.via[i]:
                via_src.append(j)
                via_dst.append(i)
        self.pre_src = np.array(pre_src, dtype=np.int64)
        self.pre_dst = np.array(pre_dst, dtype=np.int64)
        self.pre_need = np.bincount(self.pre_dst, minlength=self.m)
        self.via_src = np.array(via_src, dtype=np.int64)
        self.via_dst = np.array(via_dst, dtype=np.int64)
        self.via_need = np.bincount(self.via_dst, minlength=self.m) > 0
        src = np.concatenate((self.jeff.src, self.reff.src))
        dst = np.concatenate((self.jeff.dst, self.reff.dst))
        order = np.argsort(dst, kind="stable")
        self.in_src = src[order]
        self.in_ptr = np.concatenate(([0], np.cumsum(np.bincount(dst, minlength=self.m)))).astype(
            np.int64
        )
        self._edge_cache: dict[
            tuple[int, bytes], tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]
        ] = {}

    def influencers(self, changed: NDArray[np.int64]) -> NDArray[np.int64]:
        """``changed`` plus every candidate with a (join or refusal) effect on one of them."""
        if self.in_ptr.size <= 1 or changed.size == 0:
            return np.unique(changed)
        lo, hi = self.in_ptr[changed], self.in_ptr[changed + 1]
        counts = hi - lo
        total = int(counts.sum())
        if total == 0:
            return np.unique(changed)
        start = np.cumsum(np.concatenate(([0], counts[:-1])))
        edge = np.repeat(lo - start, counts) + np.arange(total)
        return np.unique(np.concatenate((changed, self.in_src[edge])))

    def scores_pairs(
        self,
        scen: NDArray[np.int64],
        rows: NDArray[np.int64],
        raw: NDArray[np.float64],
        unasked: NDArray[np.bool_],
        gamma: NDArray[np.float64],
        active: NDArray[np.bool_],
    ) -> NDArray[np.float64]:
        """Index of candidate ``rows[k]`` in scenario ``scen[k]`` (``raw``, ``unasked``: ``(S, m)``;
        ``gamma`` ``(m,)`` counts where ``active[s]``); not masked by approachability."""
        p = np.clip(raw[scen, rows], 0.0, 1.0)
        vg = self.v[rows] + gamma[rows] * active[scen]
        score = p * vg - self.c[rows] - (1.0 - p) * self.f[rows]
        for eff, weight in ((self.jeff, p), (self.reff, 1.0 - p)):
            if eff.nnz == 0:
                continue
            lo, hi = eff.indptr[rows], eff.indptr[rows + 1]
            counts = hi - lo
            total = int(counts.sum())
            if total == 0:
                continue
            start = np.cumsum(np.concatenate(([0], counts[:-1])))
            edge = np.repeat(lo - start, counts) + np.arange(total)
            owner = np.repeat(np.arange(rows.size), counts)
            se = scen[owner]
            dst = eff.dst[edge]
            r = raw[se, dst]
            before = np.clip(r, 0.0, 1.0)
            after = np.clip(r + eff.delta[edge], 0.0, 1.0)
            worth = self.v[dst] + gamma[dst] * active[se] + self.f[dst]
            bar = self.c[dst] + self.f[dst]
            g = np.maximum(0.0, after * worth - bar) - np.maximum(0.0, before * worth - bar)
            g *= unasked[se, dst]
            score += weight * np.bincount(owner, weights=g, minlength=rows.size)
        return score

    def scores_dense(
        self,
        raw: NDArray[np.float64],
        unasked: NDArray[np.bool_],
        gamma: NDArray[np.float64],
        active: NDArray[np.bool_],
        cols: NDArray[np.int64] | None = None,
    ) -> NDArray[np.float64]:
        """The index of candidates ``cols`` (default all) in every row of ``raw``, ``unasked`` ``(S, m)``
        (``active`` ``(S,)``): an ``(S, len(cols))`` array.

        The same arithmetic as :meth:`scores_pairs` on all those pairs, in the same order (each effect's
        term summed per source in edge order by one ``bincount``), so the numbers are identical; without
        the index bookkeeping of a sparse update it is the cheaper way for small problems
        (:data:`DENSE_SCORES_MAX`)."""
        s_n = raw.shape[0]
        cols = np.arange(self.m) if cols is None else cols
        k = cols.size
        p = np.clip(raw[:, cols], 0.0, 1.0)
        ga = gamma[None, :] * active[:, None]
        score = p * (self.v[cols][None, :] + ga[:, cols]) - self.c[cols][None, :]
        score -= (1.0 - p) * self.f[cols][None, :]
        for eff, weight in ((self.jeff, p), (self.reff, 1.0 - p)):
            src, dst, delta = self._edges_from(eff, cols)
            if dst.size == 0:
                continue
            r = raw[:, dst]
            before = np.clip(r, 0.0, 1.0)
            after = np.clip(r + delta[None, :], 0.0, 1.0)
            worth = self.v[dst][None, :] + ga[:, dst] + self.f[dst][None, :]
            bar = (self.c[dst] + self.f[dst])[None, :]
            g = np.maximum(0.0, after * worth - bar) - np.maximum(0.0, before * worth - bar)
            g *= unasked[:, dst]
            cells = (np.arange(s_n)[:, None] * k + src[None, :]).reshape(-1)
            sums = np.bincount(cells, weights=g.reshape(-1), minlength=s_n * k).reshape(s_n, k)
            score += weight * sums
        return score

    def _edges_from(
        self, eff: Effects, cols: NDArray[np.int64]
    ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
        """The effects whose source is in ``cols``, in edge order: (source's position in ``cols``, target,
        Δp)."""
        key = (id(eff), cols.tobytes())
        hit = self._edge_cache.get(key)
        if hit is None:
            where = np.full(self.m, -1, dtype=np.int64)
            where[cols] = np.arange(cols.size)
            keep = where[eff.src] >= 0
            hit = (where[eff.src[keep]], eff.dst[keep], eff.delta[keep])
            self._edge_cache[key] = hit
        return hit

    def scores_rows(
        self,
        rows: NDArray[np.int64],
        raw: NDArray[np.float64],
        unasked: NDArray[np.bool_],
        gamma: NDArray[np.float64],
    ) -> NDArray[np.float64]:
        """The index of the candidates ``rows`` at one state (not masked by approachability)."""
        return self.scores_pairs(
            np.zeros(rows.size, dtype=np.int64),
            rows,
            raw[None, :],
            unasked[None, :],
            gamma,
            np.ones(1, dtype=bool),
        )

    def influencer_pairs(
        self, scen: NDArray[np.int64], changed: NDArray[np.int64]
    ) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """Unique (scenario, candidate) pairs: each changed candidate and everyone with an effect on it."""
        parts_s, parts_r = [scen], [changed]
        if self.in_ptr.size > 1 and changed.size:
            lo, hi = self.in_ptr[changed], self.in_ptr[changed + 1]
            counts = hi - lo
            total = int(counts.sum())
            if total:
                start = np.cumsum(np.concatenate(([0], counts[:-1])))
                edge = np.repeat(lo - start, counts) + np.arange(total)
                parts_s.append(np.repeat(scen, counts))
                parts_r.append(self.in_src[edge])
        all_s, all_r = np.concatenate(parts_s), np.concatenate(parts_r)
        n_rows = int(all_s.max()) + 1 if all_s.size else 0
        if all_s.size * 4 < n_rows * self.m:  # few pairs among many scenarios: sort them
            key = np.unique(all_s * self.m + all_r)
            return key // self.m, key % self.m
        # the same sorted unique pairs, without a sort
        mark = np.zeros((n_rows, self.m), dtype=bool)
        mark[all_s, all_r] = True
        ps, pr = np.nonzero(mark)
        return ps.astype(np.int64), pr.astype(np.int64)

    def _count(
        self, flags: NDArray[np.bool_], src: NDArray[np.int64], dst: NDArray[np.int64]
    ) -> NDArray[np.int64]:
        s = flags.shape[0]
        cells = (np.arange(s)[:, None] * self.m + dst[None, :]).reshape(-1)
        w = flags[:, src].reshape(-1).astype(np.float64)
        return (
            np.bincount(cells, weights=w, minlength=s * self.m).reshape(s, self.m).astype(np.int64)
        )

    def approachable(
        self, joined: NDArray[np.bool_], unasked: NDArray[np.bool_]
    ) -> NDArray[np.bool_]:
        """``(S, m)``: unasked and gates open."""
        ok = unasked.copy()
        if self.pre_src.size:
            ok &= self._count(joined, self.pre_src, self.pre_dst) >= self.pre_need[None, :]
        if self.via_src.size:
            ok &= ~self.via_need[None, :] | (self._count(joined, self.via_src, self.via_dst) > 0)
        return ok


@dataclass
class _StateView:
    """Arrays describing one state, and the index there (kept for a few recent states only)."""

    joined_mask: int
    refused_mask: int
    joined: NDArray[np.bool_]
    refused: NDArray[np.bool_]
    raw: NDArray[np.float64]
    unasked: NDArray[np.bool_]
    approachable: NDArray[np.bool_]
    eligible: NDArray[np.bool_]
    goal_active: bool
    goal_reached: bool
    gamma: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    gamma_tag: int = -1
    score: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))

    def masked_score(self) -> NDArray[np.float64]:
        """The index where the candidate can be approached, −inf elsewhere."""
        return np.where(self.approachable, self.score, -np.inf)


#: Decisions remembered by the index policy (so a revisited state gets the same answer); beyond this many
#: states (long simulations of very large problems) decisions are recomputed.
DECISION_MEMO = 200_000

#: Goal marginals remembered by the index policy (states × candidates) when each state computes its own.
GAMMA_MEMO_CELLS = 4_000_000

#: Number of recent states whose arrays the index policy keeps (for incremental updates).
_SNAPSHOTS = 8


class GreedyOracle:
    """The adaptive index policy, decided state by state (decisions memoised).

    A state reached from a recently evaluated one by a single answer is updated incrementally: only the
    candidates whose probability changed, and those with effects on them, are re-indexed, so following the
    policy costs O(effects touched) per step plus one argmax."""

    def __init__(
        self,
        problem: RecruitmentProblem,
        *,
        seed: int | None = None,
        marginal_cells: int = MARGINALS_CELLS,
        refresh: int | None = None,
    ) -> None:
        self.problem = problem
        self.model = IndexModel(problem)
        self.entropy = _seed_entropy(seed)
        self.marginal_cells = marginal_cells
        if refresh is None:
            refresh = 1 if problem.m <= EXACT_BASE_MAX else max(1, problem.m // 50)
        self.refresh = refresh
        self._decisions: dict[tuple[int, int], int] = {}
        self._views: OrderedDict[tuple[int, int], _StateView] = OrderedDict()
        self._gamma: dict[tuple[int, int], tuple[int, NDArray[np.float64]]] = {}
        self._anchor: tuple[int, int, int, NDArray[np.float64]] | None = None
        self._tags = 0

    # ------------------------------------------------------------------ state arrays
    def _fresh(self, joined: int, refused: int) -> _StateView:
        prob = self.problem
        jb = mask_to_bits(joined, prob.m)
        rb = mask_to_bits(refused, prob.m)
        raw = prob.raw_probabilities(jb, rb)
        unasked = ~(jb | rb)
        appr = self.model.approachable(jb[None, :], unasked[None, :])[0]
        eligible = prob.eventually_approachable_bits(jb, rb) if prob.has_gates else unasked.copy()
        reached = prob.goal_of(joined)
        active = False
        if prob.has_goal and not reached:
            active = bool(prob.goal_many((jb | eligible)[None, :])[0])
        return _StateView(joined, refused, jb, rb, raw, unasked, appr, eligible, active, reached)

    def _child(self, parent: _StateView, a: int, joins: bool) -> _StateView:
        prob = self.problem
        jb, rb = parent.joined.copy(), parent.refused.copy()
        raw = parent.raw.copy()
        eff = prob.joins if joins else prob.refusals
        dst, delta = eff.row(a)
        raw[dst] += delta
        if joins:
            jb[a] = True
        else:
            rb[a] = True
        unasked = parent.unasked.copy()
        unasked[a] = False
        if prob.has_gates:
            appr = self.model.approachable(jb[None, :], unasked[None, :])[0]
            eligible = prob.eventually_approachable_bits(jb, rb)
        else:
            appr = unasked.copy()
            eligible = unasked.copy()
        joined = parent.joined_mask | (1 << a if joins else 0)
        refused = parent.refused_mask | (0 if joins else 1 << a)
        reached = prob.goal_of(joined) if joins else parent.goal_reached
        if not prob.has_goal or reached:
            active = False
        elif joins and not prob.has_gates:
            active = parent.goal_active
        else:
            active = bool(prob.goal_many((jb | eligible)[None, :])[0])
        return _StateView(joined, refused, jb, rb, raw, unasked, appr, eligible, active, reached)

    def _parent_of(self, joined: int, refused: int) -> tuple[_StateView, int, bool] | None:
        for view in reversed(self._views.values()):
            dj = joined ^ view.joined_mask
            dr = refused ^ view.refused_mask
            one_join = dr == 0 and dj and dj & (dj - 1) == 0
            if one_join and not dj & (view.joined_mask | view.refused_mask):
                return view, dj.bit_length() - 1, True
            one_refusal = dj == 0 and dr and dr & (dr - 1) == 0
            if one_refusal and not dr & (view.joined_mask | view.refused_mask):
                return view, dr.bit_length() - 1, False
        return None

    def view(self, joined: int, refused: int) -> _StateView:
        """Arrays (and the index) of one state."""
        key = (joined, refused)
        hit = self._views.get(key)
        if hit is not None:
            self._views.move_to_end(key)
            return hit
        found = self._parent_of(joined, refused)
        if found is not None:
            parent, a, joins = found
            v = self._child(parent, a, joins)
        else:
            parent, a = None, -1
            v = self._fresh(joined, refused)
        v.gamma_tag, v.gamma = self._gamma_for(v)
        if parent is not None and parent.gamma_tag == v.gamma_tag and parent.score.size:
            v.score = parent.score.copy()
            changed = np.concatenate(([a], prob_row_targets(self.problem, a, joins)))
            rows = self.model.influencers(changed)
            v.score[rows] = self.model.scores_rows(rows, v.raw, v.unasked, v.gamma)
        else:
            v.score = self.model.scores_rows(np.arange(self.problem.m), v.raw, v.unasked, v.gamma)
        self._views[key] = v
        if len(self._views) > _SNAPSHOTS:
            self._views.popitem(last=False)
        return v

    def _gamma_for(self, v: _StateView) -> tuple[int, NDArray[np.float64]]:
        """Goal marginals (and a tag identifying their computation) at a state.

        With ``refresh > 1`` the marginals of the last computed state are reused for its descendants that
        asked fewer than ``refresh`` more candidates while the goal stays in play."""
        if not v.goal_active:
            return -1, np.zeros(self.problem.m)
        key = (v.joined_mask, v.refused_mask)
        hit = self._gamma.get(key)
        if hit is not None:
            return hit
        anchor = self._anchor
        if (
            anchor is not None
            and self.refresh > 1
            and anchor[0] & v.joined_mask == anchor[0]
            and anchor[1] & v.refused_mask == anchor[1]
            and (v.joined_mask | v.refused_mask).bit_count() - (anchor[0] | anchor[1]).bit_count()
            < self.refresh
        ):
            return anchor[2], np.where(v.unasked, anchor[3], 0.0)
        out = pursuit_marginals(
            self.problem,
            v.joined,
            v.eligible,
            np.clip(v.raw, 0.0, 1.0),
            rng=_state_rng(self.entropy, v.joined_mask, v.refused_mask, 1),
            cells=self.marginal_cells,
        )
        self._tags += 1
        self._anchor = (v.joined_mask, v.refused_mask, self._tags, out)
        # remembered per state when each state computes its own (refresh 1: the marginals are a function of
        # the state, drawn from the state's own seed), within a bounded number of cells
        if self.problem.m <= EXACT_BASE_MAX or (
            self.refresh == 1 and (len(self._gamma) + 1) * self.problem.m <= GAMMA_MEMO_CELLS
        ):
            self._gamma[key] = (self._tags, out)
        return self._tags, out

    def gamma(
        self, joined: int, refused: int, view: _StateView | None = None
    ) -> NDArray[np.float64]:
        """Goal marginals at a state (zeros when the goal is reached, out of reach or absent)."""
        v = view if view is not None else self.view(joined, refused)
        return v.gamma

    def scores(self, joined: int, refused: int) -> NDArray[np.float64]:
        """The index of every candidate at a state (−inf where it cannot be approached)."""
        return self.view(joined, refused).masked_score()

    def decide(self, joined: int, refused: int) -> int:
        """Highest-index candidate, or −1 when no index is positive."""
        key = (joined, refused)
        hit = self._decisions.get(key)
        if hit is not None:
            return hit
        sc = self.scores(joined, refused)
        a = int(np.argmax(sc)) if sc.size else -1
        if a >= 0 and not sc[a] > INDEX_TOLERANCE:
            a = -1
        if len(self._decisions) < DECISION_MEMO:
            self._decisions[key] = a
        return a

    def appraise(self, joined: int, refused: int) -> Appraisal:
        """The indices (not payoffs) of the candidates at a state."""
        sc = self.scores(joined, refused)
        return Appraisal("index", 0.0, np.where(np.isfinite(sc), sc, np.nan))


def prob_row_targets(problem: RecruitmentProblem, a: int, joins: bool) -> NDArray[np.int64]:
    """Candidates whose probability changes when ``a`` joins (refuses)."""
    eff = problem.joins if joins else problem.refusals
    return eff.row(a)[0]


@dataclass(frozen=True)
class CoreTable:
    """An exactly solved core for :func:`simulate_index_policy`: ``action[state]`` (−1 = the core stops)
    over base-3 core states, the core's members and each candidate's position in it (−1 = outside)."""

    action: NDArray[np.int16]
    members: NDArray[np.int64]
    position: NDArray[np.int64]

    @property
    def pow3(self) -> NDArray[np.int64]:
        """3^k per core position."""
        return np.int64(3) ** np.arange(self.members.size, dtype=np.int64)


def _classes(*rows: NDArray[np.generic]) -> NDArray[np.int64]:
    """An id per row, equal for rows whose arrays are equal byte for byte."""
    n = rows[0].shape[0]
    # boolean rows are packed 8 to a byte (equal rows, equal bytes); a key of at most 8 bytes is
    # compared as one integer, which sorts several times faster than the bytes
    key = np.concatenate(
        [
            np.packbits(np.reshape(r, (n, -1)), axis=1)
            if r.dtype == np.bool_
            else np.ascontiguousarray(r).reshape(n, -1).view(np.uint8)
            for r in rows
        ],
        axis=1,
    )
    flat: NDArray[np.generic]
    if key.shape[1] <= 8:
        wide = np.zeros((n, 8), dtype=np.uint8)
        wide[:, : key.shape[1]] = key
        flat = wide.view(np.uint64).ravel()
    else:
        flat = np.ascontiguousarray(key).view(np.dtype((np.void, key.shape[1]))).ravel()
    return np.unique(flat, return_inverse=True)[1].reshape(-1).astype(np.int64)


def _unique_small(
    keys: NDArray[np.int64], bound: int
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """``np.unique(keys, return_inverse=True)`` for keys in ``[0, bound)``, by marking instead of sorting
    (linear in ``keys.size + bound``; the same two arrays)."""
    mark = np.zeros(bound, dtype=bool)
    mark[keys] = True
    unique = np.flatnonzero(mark)
    rank = np.cumsum(mark, dtype=np.int64) - 1
    return unique.astype(np.int64), rank[keys]


def simulate_index_policy(
    model: IndexModel,
    joined: NDArray[np.bool_],
    refused: NDArray[np.bool_],
    gamma: NDArray[np.float64],
    goal_active: bool | NDArray[np.bool_],
    uniforms: NDArray[np.float64],
    core: CoreTable | None = None,
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Continue with the index policy from one state in ``S`` scenarios at once.

    ``joined``, ``refused`` are one state ``(m,)`` shared by every scenario, or one state per scenario
    ``(S, m)`` (with ``goal_active`` then ``(S,)``): rollout simulates all its branches in one call, since
    every scenario's arithmetic is its own and the batch only shares the NumPy calls' overhead.
    ``uniforms`` ``(S, m)``: candidate ``i`` joins in scenario ``s`` iff ``uniforms[s, i] < p_i`` when
    approached. ``gamma`` is held fixed (switched off in a scenario once its goal is reached or out of
    reach). With a ``core``, each scenario first follows the core's exact decisions and, once the core
    stops, the index policy on the candidates outside it. After each answer only the affected (scenario,
    candidate) indices are recomputed. Returns the
    payoff collected from this state on (approach costs, values, the goal term at the end) and whether the
    goal is reached, per scenario."""
    prob = model.problem
    s_n, m = uniforms.shape
    if joined.ndim == 2:
        jb0, rb0 = joined, refused
    else:
        jb0 = np.repeat(joined[None, :], s_n, axis=0)
        rb0 = np.repeat(refused[None, :], s_n, axis=0)
    act0 = np.broadcast_to(np.asarray(goal_active, dtype=bool) & prob.has_goal, (s_n,))
    # Scenarios share few states: rollout's branches are S copies of a handful of states, and the answers
    # split them slowly (the Gulf War plan: 1.3 million scenario steps, 64,000 distinct histories). So the
    # state is kept once per *class* of scenarios with the same history (same start, same approaches, same
    # answers), whose arrays agree bit for bit; every decision is made per class, and only the answers and
    # payoffs are per scenario. The numbers are those of simulating every scenario on its own.
    start_key = _classes(jb0, rb0, act0)
    _, first, cls = np.unique(start_key, return_index=True, return_inverse=True)
    cls = cls.reshape(-1).astype(np.int64)  # class of each live scenario
    live = np.arange(s_n)  # the scenarios still running (their classes go on)
    jb, rb, active = jb0[first].copy(), rb0[first].copy(), act0[first].copy()
    raw = prob.raw_probabilities(jb, rb)
    unasked = ~(jb | rb)
    appr = model.approachable(jb, unasked)
    payoff = np.zeros(s_n)
    goal_row = np.zeros(s_n, dtype=bool)
    running = np.ones(jb.shape[0], dtype=bool)  # per class
    dense = m + model.jeff.nnz + model.reff.nnz <= DENSE_SCORES_MAX
    score = np.zeros((0, m)) if dense else model.scores_dense(raw, unasked, gamma, active)
    outside = np.ones(m, dtype=bool)
    core_idx = np.zeros(jb.shape[0], dtype=np.int64)
    if core is not None:
        outside[core.members] = False
        pow3 = core.pow3
        core_idx += (jb[:, core.members] * pow3).sum(axis=1) + 2 * (rb[:, core.members] * pow3).sum(
            axis=1
        )
    out_cols = np.flatnonzero(outside)

    def finish(stopped: NDArray[np.int64]) -> None:
        """Record the goal of the scenarios in classes ``stopped``."""
        if not prob.has_goal or stopped.size == 0:
            return
        reached = np.zeros(jb.shape[0], dtype=bool)
        reached[stopped] = prob.goal_many(jb[stopped])
        mark = np.zeros(jb.shape[0], dtype=bool)
        mark[stopped] = True
        sel = mark[cls]
        goal_row[live[sel]] = reached[cls[sel]]

    for _ in range(m):
        idx = np.flatnonzero(running)
        if idx.size == 0:
            break
        ca = core.action[core_idx[idx]].astype(np.int64) if core is not None else None
        if dense:
            # index only the classes the index policy decides (the core stopped or there is none),
            # from their current state: the same numbers as the sparse update keeps
            a = np.zeros(idx.size, dtype=np.int64)
            go = np.zeros(idx.size, dtype=bool)
            ask = np.flatnonzero(ca < 0) if ca is not None else np.arange(idx.size)
            if ask.size and out_cols.size:
                rows = idx[ask]
                sc_rows = model.scores_dense(
                    raw[rows], unasked[rows], gamma, active[rows], out_cols
                )
                masked = np.where(appr[rows][:, out_cols], sc_rows, -np.inf)
                pick, top = _row_max(masked)
                a[ask] = out_cols[pick]
                go[ask] = top > INDEX_TOLERANCE
        else:
            masked = np.where(appr[idx] & outside, score[idx], -np.inf)
            a = np.argmax(masked, axis=1)
            best = masked[np.arange(idx.size), a]
            go = best > INDEX_TOLERANCE
        if core is not None and ca is not None:
            by_core = ca >= 0
            a = np.where(by_core, core.members[np.maximum(ca, 0)], a)
            go |= by_core
        finish(idx[~go])
        idx, a = idx[go], a[go]
        if idx.size == 0:
            running[:] = False
            break
        # the scenarios that go on, their class's approach and their own answer
        action = np.full(jb.shape[0], -1, dtype=np.int64)
        action[idx] = a
        keep = action[cls] >= 0
        live, cls = live[keep], cls[keep]
        ar = action[cls]
        pr = np.clip(raw[cls, ar], 0.0, 1.0)
        yes_r = uniforms[live, ar] < pr
        payoff[live] -= model.c[ar]
        payoff[live] += np.where(yes_r, model.v[ar], -model.f[ar])
        # the children: (class, answer) pairs; each starts as a copy of its parent
        child_key, cls = _unique_small(cls * 2 + yes_r, 2 * jb.shape[0])
        parent = child_key // 2
        yes = (child_key % 2).astype(bool)
        a = action[parent]
        jb, rb, raw = jb[parent], rb[parent], raw[parent]
        unasked, appr, active = unasked[parent], appr[parent], active[parent]
        core_idx = core_idx[parent]
        if not dense:
            score = score[parent]
        k_n = child_key.size
        idx = np.arange(k_n)
        running = np.ones(k_n, dtype=bool)
        jb[idx[yes], a[yes]] = True
        rb[idx[~yes], a[~yes]] = True
        unasked[idx, a] = False
        if core is not None:
            pos = core.position[a]
            in_c = pos >= 0
            core_idx[idx[in_c]] += np.where(yes[in_c], 1, 2) * core.pow3[pos[in_c]]
        changed_s, changed_r = [idx], [a]
        for eff, who in ((model.jeff, yes), (model.reff, ~yes)):
            if eff.nnz == 0 or not who.any():
                continue
            src_rows, src = idx[who], a[who]
            lo, hi = eff.indptr[src], eff.indptr[src + 1]
            counts = hi - lo
            total = int(counts.sum())
            if total == 0:
                continue
            start = np.cumsum(np.concatenate(([0], counts[:-1])))
            edge = np.repeat(lo - start, counts) + np.arange(total)
            rows_e = np.repeat(src_rows, counts)
            np.add.at(raw, (rows_e, eff.dst[edge]), eff.delta[edge])
            changed_s.append(rows_e)
            changed_r.append(eff.dst[edge])
        if model.pre_src.size or model.via_src.size:
            appr = model.approachable(jb, unasked)
        else:
            appr[idx, a] = False
        flipped = np.zeros(0, dtype=np.int64)
        if prob.has_goal:
            check = idx[yes & active]
            if check.size:
                done = check[prob.goal_many(jb[check])]
                active[done] = False
                flipped = np.concatenate((flipped, done))
            check = idx[~yes & active]
            if check.size:
                # out of reach even if every unasked candidate joined (gates ignored: optimistic)
                lost = check[~prob.goal_many(~rb[check])]
                active[lost] = False
                flipped = np.concatenate((flipped, lost))
        if dense:  # indices are computed where they are needed, at the top of the loop
            continue
        ps, pr2 = model.influencer_pairs(np.concatenate(changed_s), np.concatenate(changed_r))
        score[ps, pr2] = model.scores_pairs(ps, pr2, raw, unasked, gamma, active)
        if flipped.size:  # the goal left play in these classes: every index changes
            fs = np.repeat(flipped, m)
            fr = np.tile(np.arange(m), flipped.size)
            score[flipped] = model.scores_pairs(fs, fr, raw, unasked, gamma, active).reshape(-1, m)
    finish(np.flatnonzero(running))
    payoff += prob.goal_value * goal_row
    return payoff, goal_row


def _continue_exactly(
    problem: RecruitmentProblem,
    decide: Callable[[int, int], int],
    joined: int,
    refused: int,
    raw: NDArray[np.float64],
    uniforms: NDArray[np.float64],
) -> float:
    """Payoff collected from a state on when following ``decide`` in one scenario (``raw``: the state's
    unclipped probabilities; modified in place)."""
    payoff = 0.0
    for _ in range(problem.m):
        a = decide(joined, refused)
        if a < 0:
            break
        p = min(1.0, max(0.0, float(raw[a])))
        payoff -= float(problem.cost[a])
        if uniforms[a] < p:
            joined |= 1 << a
            payoff += float(problem.value[a])
            dst, delta = problem.joins.row(a)
        else:
            refused |= 1 << a
            payoff -= float(problem.failure_cost[a])
            dst, delta = problem.refusals.row(a)
        if dst.size:
            raw[dst] += delta
    return payoff + problem.goal_value * float(problem.goal_of(joined))


@dataclass
class _RolloutNode:
    decision: int
    appraisal: Appraisal
    standard_errors: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))


class BasePolicy(Protocol):
    """What rollout needs from its base policy."""

    def decide(self, joined: int, refused: int) -> int:
        """Candidate to approach (−1 = stop)."""
        ...

    def appraise(self, joined: int, refused: int) -> Appraisal:
        """Appraisal of the choices at a state."""
        ...


class RolloutOracle:
    """Rollout on a base policy (the index policy, or an exact core with an index tail) for the first
    ``nodes`` states it is asked about (most probable first when the plan's tree is built); the base
    policy decides elsewhere.

    The base policy is simulated state by state when ``exact_base`` (default: up to ``EXACT_BASE_MAX``
    candidates); otherwise it is simulated vectorised over the scenarios, with the goal marginals of the
    rollout state held fixed in the index part."""

    def __init__(
        self,
        problem: RecruitmentProblem,
        greedy: GreedyOracle,
        *,
        base: BasePolicy | None = None,
        samples: int = 64,
        shortlist: int = 6,
        nodes: int = 32,
        exact_base: bool | None = None,
        margin: float = 1.0,
    ) -> None:
        self.problem = problem
        self.greedy = greedy
        self.base: BasePolicy = greedy if base is None else base
        self.samples = samples
        self.shortlist = shortlist
        self.nodes_left = nodes
        if exact_base is None:
            exact_base = problem.m <= EXACT_BASE_MAX
        self.exact_base = exact_base
        self.margin = margin
        self._nodes: dict[tuple[int, int], _RolloutNode] = {}
        #: ``progress(done, total)`` after each rollout decision (``total``: the budget ``nodes``).
        self.progress: Callable[[int, int], None] | None = None
        self._budget = nodes

    @property
    def rollout_states(self) -> int:
        """Number of states decided by rollout so far."""
        return len(self._nodes)

    def _candidates(self, joined: int, refused: int) -> list[int]:
        sc = self.greedy.scores(joined, refused)
        ok = np.flatnonzero(np.isfinite(sc))
        if ok.size == 0:
            return []
        by_index = ok[np.argsort(-sc[ok], kind="stable")][: self.shortlist]
        chosen = list(dict.fromkeys(int(i) for i in by_index))
        own = self.base.decide(joined, refused)
        if own >= 0 and own not in chosen:
            chosen.insert(0, own)
        # the likeliest joiners and the strongest movers of others are tried too
        p = self.problem.probabilities_at(joined, refused)
        by_p = ok[np.argsort(-p[ok], kind="stable")][:2]
        out_deg = np.zeros(self.problem.m)
        jeff = self.problem.joins
        if jeff.nnz:
            np.add.at(out_deg, jeff.src, np.maximum(jeff.delta, 0.0))
        by_push = ok[np.argsort(-(out_deg[ok] * p[ok]), kind="stable")][:2] if jeff.nnz else ok[:0]
        for i in list(by_p) + list(by_push):
            if int(i) not in chosen:
                chosen.append(int(i))
        return chosen

    def _rollout(self, joined: int, refused: int) -> _RolloutNode:
        prob = self.problem
        view = self.greedy.view(joined, refused)
        stop = prob.goal_value * float(view.goal_reached)
        cands = self._candidates(joined, refused)
        q = np.full(prob.m, np.nan)
        se = np.full(prob.m, np.nan)
        if not cands:
            return _RolloutNode(-1, Appraisal("estimate", stop, q), se)
        rng = _state_rng(self.greedy.entropy, joined, refused, 2)
        uniforms = rng.random((self.samples, prob.m))
        gamma = view.gamma
        runs: dict[int, NDArray[np.float64]] = {}
        p_now = np.clip(view.raw, 0.0, 1.0)
        branches: list[tuple[int, int, NDArray[np.bool_], NDArray[np.bool_]]] = []
        for a in cands:
            pa = float(p_now[a])
            jb = view.joined.copy()
            jb[a] = True
            rb = view.refused.copy()
            rb[a] = True
            if pa > 0.0:
                branches.append((joined | 1 << a, refused, jb, view.refused))
            if pa < 1.0:
                branches.append((joined, refused | 1 << a, view.joined, rb))
        continued = self._continue_all(branches, gamma, view, uniforms)
        for a in cands:
            pa = float(p_now[a])
            w_join, w_ref = np.zeros(self.samples), np.zeros(self.samples)
            if pa > 0.0:
                w_join = continued.pop(0)
            if pa < 1.0:
                w_ref = continued.pop(0)
            per = (
                -prob.cost[a]
                + pa * (prob.value[a] + w_join)
                + (1 - pa) * (-prob.failure_cost[a] + w_ref)
            )
            runs[a] = per
            q[a] = float(per.mean())
            se[a] = float(per.std(ddof=1) / np.sqrt(self.samples)) if self.samples > 1 else 0.0
        # Deviate from the base policy's own choice only when the paired (common random numbers)
        # improvement is larger than `margin` standard errors: noise alone must not change the plan.
        base_choice = self.base.decide(joined, refused)
        base_runs = runs[base_choice] if base_choice >= 0 else np.full(self.samples, stop)
        decision, best_gain = base_choice, 0.0
        for alt, alt_runs in [(-1, np.full(self.samples, stop)), *runs.items()]:
            if alt == base_choice:
                continue
            diff = alt_runs - base_runs
            gain = float(diff.mean())
            noise = float(diff.std(ddof=1) / np.sqrt(self.samples)) if self.samples > 1 else 0.0
            if gain > self.margin * noise + INDEX_TOLERANCE and gain > best_gain:
                decision, best_gain = alt, gain
        return _RolloutNode(decision, Appraisal("estimate", stop, q), se)

    def _continue_all(
        self,
        branches: list[tuple[int, int, NDArray[np.bool_], NDArray[np.bool_]]],
        gamma: NDArray[np.float64],
        view: _StateView,
        uniforms: NDArray[np.float64],
    ) -> list[NDArray[np.float64]]:
        """:meth:`_continue` for several states on the same scenarios; when the base policy is simulated
        vectorised, all of them in one :func:`simulate_index_policy` call (same numbers, one pass)."""
        prob = self.problem
        table = getattr(self.base, "table", None)
        vectorisable = isinstance(self.base, GreedyOracle) or isinstance(table, CoreTable)
        if self.exact_base or not vectorisable or len(branches) <= 1:
            return [
                self._continue(j, r, jb, rb, gamma, view, uniforms) for j, r, jb, rb in branches
            ]
        s_n = uniforms.shape[0]
        jb_all = np.repeat(np.stack([b[2] for b in branches]), s_n, axis=0)
        rb_all = np.repeat(np.stack([b[3] for b in branches]), s_n, axis=0)
        active = np.repeat(
            np.array([view.goal_active and not prob.goal_of(b[0]) for b in branches]), s_n
        )
        w, _ = simulate_index_policy(
            self.greedy.model,
            jb_all,
            rb_all,
            gamma,
            active,
            np.tile(uniforms, (len(branches), 1)),
            table,
        )
        return list(w.reshape(len(branches), s_n))

    def _continue(
        self,
        joined: int,
        refused: int,
        jb: NDArray[np.bool_],
        rb: NDArray[np.bool_],
        gamma: NDArray[np.float64],
        view: _StateView,
        uniforms: NDArray[np.float64],
    ) -> NDArray[np.float64]:
        """Payoff of continuing with the index policy from a state, per scenario."""
        prob = self.problem
        table = getattr(self.base, "table", None)
        vectorisable = isinstance(self.base, GreedyOracle) or isinstance(table, CoreTable)
        if self.exact_base or not vectorisable:
            out = np.empty(uniforms.shape[0])
            raw0 = prob.raw_probabilities(jb, rb)
            for s in range(uniforms.shape[0]):
                out[s] = _continue_exactly(
                    prob, self.base.decide, joined, refused, raw0.copy(), uniforms[s]
                )
            return out
        active = view.goal_active and not prob.goal_of(joined)
        w, _ = simulate_index_policy(self.greedy.model, jb, rb, gamma, active, uniforms, table)
        return w

    def decide(self, joined: int, refused: int) -> int:
        """Rollout decision while the budget lasts, the index policy's afterwards."""
        key = (joined, refused)
        node = self._nodes.get(key)
        if node is not None:
            return node.decision
        if self.nodes_left <= 0:
            return self.base.decide(joined, refused)
        self.nodes_left -= 1
        node = self._rollout(joined, refused)
        self._nodes[key] = node
        if self.progress is not None:
            self.progress(len(self._nodes), self._budget)
        return node.decision

    def appraise(self, joined: int, refused: int) -> Appraisal:
        """Estimated payoffs at rollout states, the index elsewhere."""
        node = self._nodes.get((joined, refused))
        if node is not None:
            return node.appraisal
        return self.base.appraise(joined, refused)
