"""The numeric recruitment problem (issue 7's reference model) and the operations every planner shares.

The model
---------
The focal actor approaches candidates one at a time. Approaching candidate ``i`` when the set ``J`` has joined
and the set ``R`` has refused costs ``cost[i]`` and succeeds with probability

    p_i(J, R) = clip(p[i] + Σ_{j∈J} join_effect[j, i] + Σ_{r∈R} refuse_effect[r, i], 0, 1).

A refusal costs ``failure_cost[i]`` on top of ``cost[i]``, and a refused candidate cannot be approached again.
A candidate can be approached only once all of its ``prerequisites`` and, when it has any, at least one of its
``via`` intermediaries have joined. The focal actor may stop at any time; the payoff is

    goal_value · [goal(J)] + Σ_{i∈J} value[i] − Σ costs − Σ failure costs,

where ``goal`` says whether the joined set (the caller adds the focal and committed actors) reaches the goal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from coalitionist.strategy.errors import GoalPredicateError, InvalidRecruitmentProblemError

GoalPredicate = Callable[[NDArray[np.bool_]], ArrayLike]
"""``goal(masks)`` with ``masks`` of shape ``(k, m)`` (True = joined) returns ``(k,)`` booleans."""

GOAL_KINDS = ("win", "block", "value", "break")

#: Largest number of candidates for which the goal is tabulated over all 2^m joined sets.
GOAL_TABLE_MAX = 20

#: Boolean cells (coalitions × candidates) passed to one call of the goal predicate.
GOAL_CHUNK_CELLS = 4_000_000

#: :meth:`RecruitmentProblem.goal_many` remembers its answers for calls of at most this many coalitions
#: (the planners' one-at-a-time questions), up to ``GOAL_MEMO_MAX`` coalitions.
GOAL_MEMO_ROWS = 2
GOAL_MEMO_MAX = 1 << 16


@dataclass(frozen=True)
class Effects:
    """Process effects as a sparse edge list sorted by source: when ``src[k]`` joins (or refuses), the
    probability of ``dst[k]`` changes by ``delta[k]``. Self-effects are dropped."""

    m: int
    src: NDArray[np.int64]
    dst: NDArray[np.int64]
    delta: NDArray[np.float64]

    @property
    def nnz(self) -> int:
        """Number of non-zero effects."""
        return int(self.delta.size)

    @cached_property
    def dense(self) -> NDArray[np.float64]:
        """The effects as an ``(m, m)`` matrix ``[source, target]``."""
        out = np.zeros((self.m, self.m))
        np.add.at(out, (self.src, self.dst), self.delta)
        return out

    @cached_property
    def indptr(self) -> NDArray[np.int64]:
        """CSR row pointer: the effects of source ``i`` are ``[indptr[i], indptr[i + 1])``."""
        counts = np.bincount(self.src, minlength=self.m)
        return np.concatenate(([0], np.cumsum(counts))).astype(np.int64)

    def row(self, i: int) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
        """Targets and Δp of source ``i``."""
        lo, hi = self.indptr[i], self.indptr[i + 1]
        return self.dst[lo:hi], self.delta[lo:hi]


def _to_effects(raw: Any, m: int, name: str) -> Effects:
    """Normalise a dense ``(m, m)`` array, anything with ``.tocoo()`` (SciPy sparse) or ``None``."""
    if raw is None:
        empty_i = np.zeros(0, dtype=np.int64)
        return Effects(m, empty_i, empty_i.copy(), np.zeros(0))
    if isinstance(raw, Effects):
        if raw.m != m:
            raise InvalidRecruitmentProblemError(
                f"{name}: effects are for {raw.m} candidates, not {m}"
            )
        return raw
    if hasattr(raw, "tocoo"):
        coo = raw.tocoo()
        shape = tuple(coo.shape)
        src = np.asarray(coo.row, dtype=np.int64)
        dst = np.asarray(coo.col, dtype=np.int64)
        delta = np.asarray(coo.data, dtype=np.float64)
    else:
        arr = np.asarray(raw, dtype=np.float64)
        shape = arr.shape
        if arr.ndim != 2:
            raise InvalidRecruitmentProblemError(
                f"{name}: expected an (m, m) matrix, got shape {shape}"
            )
        src, dst = np.nonzero(arr)
        src, dst = src.astype(np.int64), dst.astype(np.int64)
        delta = arr[src, dst]
    if shape != (m, m):
        raise InvalidRecruitmentProblemError(f"{name}: expected shape ({m}, {m}), got {shape}")
    if not np.all(np.isfinite(delta)):
        raise InvalidRecruitmentProblemError(f"{name}: every Δp must be a finite number")
    keep = (src != dst) & (delta != 0.0)
    src, dst, delta = src[keep], dst[keep], delta[keep]
    order = np.lexsort((dst, src))
    src, dst, delta = src[order], dst[order], delta[order]
    if src.size:  # merge duplicates (possible in COO input)
        key = src * m + dst
        uniq, start = np.unique(key, return_index=True)
        if uniq.size != key.size:
            delta = np.add.reduceat(delta, start)
            src, dst = src[start], dst[start]
            keep = delta != 0.0
            src, dst, delta = src[keep], dst[keep], delta[keep]
    return Effects(m, src, dst, delta)


def _vector(raw: ArrayLike, m: int, name: str) -> NDArray[np.float64]:
    arr = np.array(raw, dtype=np.float64, copy=True).reshape(-1)
    if arr.shape != (m,):
        raise InvalidRecruitmentProblemError(f"{name}: expected {m} numbers, got {arr.size}")
    if not np.all(np.isfinite(arr)):
        raise InvalidRecruitmentProblemError(f"{name}: every entry must be a finite number")
    arr.setflags(write=False)
    return arr


def _index_sets(raw: Sequence[Any], m: int, name: str) -> tuple[frozenset[int], ...]:
    if len(raw) == 0:
        return tuple(frozenset() for _ in range(m))
    if len(raw) != m:
        raise InvalidRecruitmentProblemError(
            f"{name}: expected one set per candidate ({m}), got {len(raw)}"
        )
    out = []
    for i, items in enumerate(raw):
        s = frozenset(int(j) for j in items)
        bad = [j for j in s if not 0 <= j < m]
        if bad:
            raise InvalidRecruitmentProblemError(
                f"{name}[{i}]: candidate index {bad[0]} out of range"
            )
        if i in s:
            raise InvalidRecruitmentProblemError(
                f"{name}[{i}]: a candidate cannot depend on itself"
            )
        out.append(s)
    return tuple(out)


def _check_acyclic(prereq: tuple[frozenset[int], ...], via: tuple[frozenset[int], ...]) -> None:
    """Reject cycles in the 'must have joined before' graph (a cycle makes its members unreachable).

    Prerequisites always count; a ``via`` set counts only when it has a single intermediary (with several,
    one of them may lie outside the cycle)."""
    m = len(prereq)
    deps = [sorted(set(prereq[i]) | (set(via[i]) if len(via[i]) == 1 else set())) for i in range(m)]
    state = [0] * m  # 0 new, 1 on the stack, 2 done
    for root in range(m):
        if state[root]:
            continue
        stack: list[tuple[int, list[int]]] = [(root, list(deps[root]))]
        state[root] = 1
        while stack:
            node, todo = stack[-1]
            if todo:
                nxt = todo.pop()
                if state[nxt] == 1:
                    raise InvalidRecruitmentProblemError(
                        f"prerequisites: candidate {nxt} depends on itself through a cycle"
                    )
                if state[nxt] == 0:
                    state[nxt] = 1
                    stack.append((nxt, list(deps[nxt])))
            else:
                state[node] = 2
                stack.pop()


def bits_to_mask(bits: NDArray[np.bool_]) -> int:
    """Boolean vector → Python int bitset (bit i = candidate i)."""
    packed = np.packbits(np.asarray(bits, dtype=bool), bitorder="little")
    return int.from_bytes(packed.tobytes(), "little")


def mask_to_bits(mask: int, m: int) -> NDArray[np.bool_]:
    """Python int bitset → boolean vector of length ``m``."""
    raw = mask.to_bytes(max(1, (m + 7) // 8), "little")
    return np.unpackbits(np.frombuffer(raw, dtype=np.uint8), bitorder="little")[:m].astype(bool)


def mask_members(mask: int) -> list[int]:
    """Indices of the set bits, ascending."""
    out = []
    i = 0
    while mask:
        low = mask & -mask
        i = low.bit_length() - 1
        out.append(i)
        mask ^= low
    return out


@dataclass(frozen=True, init=False, eq=False)
class RecruitmentProblem:
    """The focal actor's recruitment estimates as arrays (one entry per candidate).

    Parameters
    ----------
    candidates : tuple of str
        Candidate ids (``m`` of them); the focal and committed actors are *not* candidates.
    p : array, shape (m,)
        Probability that an approach *now* succeeds, in [0, 1].
    value : array, shape (m,)
        Value of the candidate joining (may be negative: a toxic ally).
    cost : array, shape (m,)
        Cost of an approach, paid whatever the outcome (≥ 0).
    failure_cost : array, shape (m,)
        Extra cost when the approach fails (≥ 0).
    prerequisites : tuple of frozenset of int
        ``prerequisites[i]``: candidates that must all have joined before ``i`` can be approached
        (``()`` = none for anybody).
    via : tuple of frozenset of int
        ``via[i]``: intermediaries; when non-empty, at least one must have joined before ``i`` can be
        approached (``()`` = none for anybody).
    join_effect, refuse_effect : (m, m) array, SciPy sparse matrix, :class:`Effects` or None
        ``[j, i]`` = Δp of candidate ``i`` once ``j`` has joined (refused). The diagonal is ignored.
    goal : callable or None
        ``goal(masks)``: masks ``(k, m)`` of joined candidates → ``(k,)`` booleans, True where the joined set
        (plus the focal and committed actors, which the caller adds) reaches the goal. The exact planner
        accepts any predicate; the scalable planners assume it is monotone (adding members never loses it),
        which holds for winning and for blocking.
    goal_value : float
        Payoff of reaching the goal.
    goal_kind : str
        ``"win"``, ``"block"``, ``"value"`` (no goal) or ``"break"`` (the adverse coalition stops winning);
        used in explanations.
    focal : str or None
        Whose plan this is (used in explanations only).
    goal_weights : array (m,) or None
        Optional hint for large problems: the candidates' weights in a linear surrogate of the goal (for
        example their votes under a weighted or count rule). The scalable planners then estimate goal
        marginals by a normal approximation instead of sampling when many candidates are in play. The goal
        predicate stays the authority on whether the goal is reached.
    """

    candidates: tuple[str, ...]
    p: NDArray[np.float64]
    value: NDArray[np.float64]
    cost: NDArray[np.float64]
    failure_cost: NDArray[np.float64]
    prerequisites: tuple[frozenset[int], ...] = ()
    via: tuple[frozenset[int], ...] = ()
    join_effect: Any = None
    refuse_effect: Any = None
    goal: GoalPredicate | None = field(default=None, compare=False)
    goal_value: float = 0.0
    goal_kind: str = "value"
    focal: str | None = None
    goal_weights: NDArray[np.float64] | None = None

    def __init__(
        self,
        candidates: Sequence[str],
        p: ArrayLike,
        value: ArrayLike,
        cost: ArrayLike,
        failure_cost: ArrayLike,
        prerequisites: Sequence[Iterable[int]] = (),
        via: Sequence[Iterable[int]] = (),
        join_effect: Any = None,
        refuse_effect: Any = None,
        goal: GoalPredicate | None = None,
        goal_value: float = 0.0,
        goal_kind: str = "value",
        focal: str | None = None,
        goal_weights: ArrayLike | None = None,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "goal", goal)
        set_(self, "goal_kind", goal_kind)
        set_(self, "focal", focal)
        cands = tuple(str(c) for c in candidates)
        m = len(cands)
        if len(set(cands)) != m:
            dup = next(c for c in cands if cands.count(c) > 1)
            raise InvalidRecruitmentProblemError(f"candidates: {dup!r} appears more than once")
        set_(self, "candidates", cands)
        for name, raw in (
            ("p", p),
            ("value", value),
            ("cost", cost),
            ("failure_cost", failure_cost),
        ):
            set_(self, name, _vector(raw, m, name))
        bad_p = (self.p < 0) | (self.p > 1)
        if np.any(bad_p):
            i = int(np.flatnonzero(bad_p)[0])
            raise InvalidRecruitmentProblemError(f"p[{cands[i]}]: {self.p[i]} is not in [0, 1]")
        for name in ("cost", "failure_cost"):
            arr = getattr(self, name)
            if np.any(arr < 0):
                i = int(np.flatnonzero(arr < 0)[0])
                raise InvalidRecruitmentProblemError(f"{name}[{cands[i]}]: {arr[i]} is negative")
        set_(self, "prerequisites", _index_sets(prerequisites, m, "prerequisites"))
        set_(self, "via", _index_sets(via, m, "via"))
        _check_acyclic(self.prerequisites, self.via)
        set_(self, "join_effect", _to_effects(join_effect, m, "join_effect"))
        set_(self, "refuse_effect", _to_effects(refuse_effect, m, "refuse_effect"))
        gv = float(goal_value)
        if not np.isfinite(gv):
            raise InvalidRecruitmentProblemError("goal_value: must be a finite number")
        set_(self, "goal_value", gv)
        set_(self, "goal_weights", None)
        if goal_weights is not None:
            gw = _vector(goal_weights, m, "goal_weights")
            if np.any(gw < 0):
                raise InvalidRecruitmentProblemError("goal_weights: weights must be non-negative")
            set_(self, "goal_weights", gw)
        if self.goal_kind not in GOAL_KINDS:
            raise InvalidRecruitmentProblemError(
                f"goal_kind: {self.goal_kind!r} is not one of {', '.join(GOAL_KINDS)}"
            )

    # ------------------------------------------------------------------ basic views
    @property
    def m(self) -> int:
        """Number of candidates."""
        return len(self.candidates)

    @property
    def joins(self) -> Effects:
        """Join effects as a sparse edge list."""
        eff: Effects = self.join_effect
        return eff

    @property
    def refusals(self) -> Effects:
        """Refusal effects as a sparse edge list."""
        eff: Effects = self.refuse_effect
        return eff

    @property
    def has_goal(self) -> bool:
        """Whether a goal term is part of the payoff."""
        return self.goal is not None and self.goal_value != 0.0

    @property
    def has_effects(self) -> bool:
        """Whether any process effect exists."""
        return self.joins.nnz > 0 or self.refusals.nnz > 0

    def index(self, candidate: str) -> int:
        """Index of a candidate id."""
        try:
            return self.candidates.index(candidate)
        except ValueError:
            raise InvalidRecruitmentProblemError(f"{candidate!r} is not a candidate") from None

    @cached_property
    def prerequisite_masks(self) -> tuple[int, ...]:
        """``prerequisites`` as Python int bitsets."""
        return tuple(sum(1 << j for j in s) for s in self.prerequisites)

    @cached_property
    def via_masks(self) -> tuple[int, ...]:
        """``via`` as Python int bitsets (0 = no intermediary needed)."""
        return tuple(sum(1 << j for j in s) for s in self.via)

    @cached_property
    def has_gates(self) -> bool:
        """Whether any candidate has prerequisites or intermediaries."""
        return any(self.prerequisite_masks) or any(self.via_masks)

    # ------------------------------------------------------------------ goal
    def goal_many(self, masks: NDArray[np.bool_]) -> NDArray[np.bool_]:
        """Evaluate the goal on ``(k, m)`` joined masks; all False when there is no goal."""
        masks = np.asarray(masks, dtype=bool)
        if masks.ndim != 2 or masks.shape[1] != self.m:
            raise InvalidRecruitmentProblemError(f"goal masks must have shape (k, {self.m})")
        k = masks.shape[0]
        if self.goal is None:
            return np.zeros(k, dtype=bool)
        if k <= GOAL_MEMO_ROWS:
            # planners ask about one coalition at a time, often the same one again: remember the answers
            # (the goal is a pure function of the joined set)
            memo = self._goal_memo
            keys = [np.packbits(row, bitorder="little").tobytes() for row in masks]
            if all(key in memo for key in keys):
                return np.array([memo[key] for key in keys], dtype=bool)
            out = self._goal_chunks(masks)
            if len(memo) < GOAL_MEMO_MAX:
                memo.update(zip(keys, (bool(x) for x in out), strict=True))
            return out
        return self._goal_chunks(masks)

    @cached_property
    def _goal_memo(self) -> dict[bytes, bool]:
        return {}

    def _goal_chunks(self, masks: NDArray[np.bool_]) -> NDArray[np.bool_]:
        """The goal predicate on ``masks``, called in chunks of at most ``GOAL_CHUNK_CELLS`` cells."""
        assert self.goal is not None
        k = masks.shape[0]
        rows = max(1, GOAL_CHUNK_CELLS // max(1, self.m))
        parts = []
        for lo in range(0, k, rows):
            chunk = masks[lo : lo + rows]
            out = np.asarray(self.goal(chunk))
            if out.shape != (chunk.shape[0],):
                raise GoalPredicateError(
                    f"goal returned shape {out.shape} for {chunk.shape[0]} coalitions; "
                    f"expected ({chunk.shape[0]},)"
                )
            parts.append(out.astype(bool))
        return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)

    @cached_property
    def goal_table(self) -> NDArray[np.bool_] | None:
        """``goal`` over all 2^m joined sets, indexed by bitmask (only for m ≤ GOAL_TABLE_MAX)."""
        if self.m > GOAL_TABLE_MAX:
            return None
        n = 1 << self.m
        if self.goal is None:
            table = np.zeros(n, dtype=bool)
        else:
            idx = np.arange(n, dtype=np.int64)
            bits = ((idx[:, None] >> np.arange(self.m, dtype=np.int64)) & 1).astype(bool)
            table = self.goal_many(bits)
        table.setflags(write=False)
        return table

    def goal_of(self, joined: int) -> bool:
        """Whether the joined set (a bitmask) reaches the goal."""
        if self.goal is None:
            return False
        table = self.goal_table
        if table is not None:
            return bool(table[joined])
        return bool(self.goal_many(mask_to_bits(joined, self.m)[None, :])[0])

    # ------------------------------------------------------------------ probabilities
    def raw_probabilities(
        self, joined: NDArray[np.bool_], refused: NDArray[np.bool_]
    ) -> NDArray[np.float64]:
        """Unclipped ``p + Σ join effects + Σ refusal effects`` for ``(m,)`` or ``(S, m)`` states."""
        joined = np.asarray(joined, dtype=bool)
        refused = np.asarray(refused, dtype=bool)
        two_d = joined.ndim == 2
        jj = joined if two_d else joined[None, :]
        rr = refused if two_d else refused[None, :]
        n_rows = jj.shape[0]
        raw = np.repeat(self.p[None, :], n_rows, axis=0)
        for eff, who in ((self.joins, jj), (self.refusals, rr)):
            if eff.nnz == 0:
                continue
            contrib = who[:, eff.src] * eff.delta  # (S, nnz)
            cells = (np.arange(n_rows)[:, None] * self.m + eff.dst[None, :]).reshape(-1)
            raw += np.bincount(
                cells, weights=contrib.reshape(-1), minlength=n_rows * self.m
            ).reshape(n_rows, self.m)
        return raw if two_d else raw[0]

    def probabilities(
        self, joined: NDArray[np.bool_], refused: NDArray[np.bool_]
    ) -> NDArray[np.float64]:
        """``p_i(J, R)`` for every candidate (clipped to [0, 1])."""
        return np.clip(self.raw_probabilities(joined, refused), 0.0, 1.0)

    def probabilities_at(self, joined: int, refused: int) -> NDArray[np.float64]:
        """``p_i(J, R)`` for bitmask states."""
        return self.probabilities(mask_to_bits(joined, self.m), mask_to_bits(refused, self.m))

    def gate_open(self, i: int, joined: int) -> bool:
        """Whether candidate ``i``'s prerequisites and intermediary condition hold for ``joined``."""
        pre = self.prerequisite_masks[i]
        if pre & joined != pre:
            return False
        via = self.via_masks[i]
        return not via or bool(via & joined)

    def approachable_at(self, joined: int, refused: int) -> list[int]:
        """Candidates that may be approached now: not yet asked, prerequisites and intermediary met."""
        asked = joined | refused
        return [i for i in range(self.m) if not asked >> i & 1 and self.gate_open(i, joined)]

    def unmet_gates(self, i: int, joined: int) -> list[int]:
        """Candidates ``i`` still waits for (unmet prerequisites, or its intermediaries if none joined)."""
        out = [j for j in sorted(self.prerequisites[i]) if not joined >> j & 1]
        via = self.via_masks[i]
        if via and not via & joined:
            out.extend(sorted(self.via[i]))
        return out

    @cached_property
    def _gate_edges(
        self,
    ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
        pre = [(j, i) for i in range(self.m) for j in self.prerequisites[i]]
        via = [(j, i) for i in range(self.m) for j in self.via[i]]
        pre_a = np.array(pre, dtype=np.int64).reshape(-1, 2)
        via_a = np.array(via, dtype=np.int64).reshape(-1, 2)
        return pre_a[:, 0], pre_a[:, 1], via_a[:, 0], via_a[:, 1]

    def eventually_approachable_bits(
        self, joined: NDArray[np.bool_], refused: NDArray[np.bool_]
    ) -> NDArray[np.bool_]:
        """Vectorised :meth:`eventually_approachable_at` on boolean vectors."""
        alive = ~(joined | refused)
        if not self.has_gates:
            return alive
        pre_s, pre_d, via_s, via_d = self._gate_edges
        need_pre = np.bincount(pre_d, minlength=self.m)
        need_via = np.bincount(via_d, minlength=self.m) > 0
        while True:
            ok = (joined | alive).astype(np.float64)
            pre_ok = np.bincount(pre_d, weights=ok[pre_s], minlength=self.m) >= need_pre
            via_ok = ~need_via | (np.bincount(via_d, weights=ok[via_s], minlength=self.m) > 0)
            nxt = alive & pre_ok & via_ok
            if np.array_equal(nxt, alive):
                return alive
            alive = nxt

    def eventually_approachable_at(self, joined: int, refused: int) -> int:
        """Bitmask of unasked candidates that could still be approached later (gates not closed)."""
        alive = ((1 << self.m) - 1) & ~(joined | refused)
        if not self.has_gates:
            return alive
        changed = True
        while changed:
            changed = False
            ok = joined | alive
            for i in mask_members(alive):
                if not self.gate_open(i, ok):
                    alive &= ~(1 << i)
                    changed = True
        return alive
