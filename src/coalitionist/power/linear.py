"""The exact linear form of a rule: an AND/OR tree of integer threshold atoms over a few weight vectors.

Every leaf rule is ``w·x ≥ q`` with integer ``w ≥ 0``. Compilation

1. turns trivially true (``q ≤ 0``) and impossible (``q > Σw``) leaves into constants and simplifies the tree;
2. divides each leaf by the gcd of its weights (``q ← ⌈q/g⌉``), so proportional weight vectors coincide;
3. recognises the all-ones vector over every player as the coalition *size* (a head count of everyone);
4. merges leaves on the same vector under the same AND (keep the largest quota) or OR (keep the smallest).

The result, :class:`LinearGame`, says whether a coalition wins from its size and its (capped) totals on the
distinct weight vectors ("dimensions"). A coalition's total on dimension ``d`` only matters up to the
largest quota on ``d`` (its *cap*); the algorithms saturate totals there.

When at most one dimension remains, the game is a *size-threshold game*: a coalition of size ``k`` and
weight ``s`` wins iff ``s ≥ t_k`` for a non-increasing sequence ``t_0 ≥ t_1 ≥ … ≥ t_n`` (``None`` meaning no
coalition of that size wins). Weighted games (``t_k = q``), head counts, unanimity, vetoes, the UN Security
Council and the EU Council's double majority are all of this kind.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from coalitionist.power.errors import InvalidRuleError
from coalitionist.power.rules import AllOf, AnyOf, LinearRule, Rule

#: Dimension index used for atoms on the coalition size.
SIZE = -1

# Tree nodes: ("const", bool) | ("atom", dim, quota) | ("and", tuple) | ("or", tuple)
Node = tuple[Any, ...]


@dataclass(frozen=True)
class LinearGame:
    """A rule in exact linear form.

    Attributes
    ----------
    n : int
        Number of players.
    dims : tuple of tuple of int
        Distinct (gcd-reduced) weight vectors, excluding the all-ones vector (which is the size).
    caps : tuple of int
        Largest quota used on each dimension (totals are saturated there).
    tree : tuple
        ``("const", b)``, ``("atom", d, q)`` (``d = SIZE`` for the size), ``("and", parts)``, ``("or", parts)``.
    """

    n: int
    dims: tuple[tuple[int, ...], ...]
    caps: tuple[int, ...]
    tree: Node

    @property
    def totals(self) -> tuple[int, ...]:
        """Total weight of all players on each dimension."""
        return tuple(sum(d) for d in self.dims)

    @property
    def uses_size(self) -> bool:
        """Whether some atom counts the coalition's size."""
        return _uses_size(self.tree)

    def evaluate(self, size: Any, sums: Sequence[Any]) -> NDArray[np.bool_]:
        """Whether coalitions with the given sizes and totals win (NumPy broadcasting over the inputs)."""
        shape = np.broadcast_shapes(np.shape(size), *(np.shape(s) for s in sums))
        return np.broadcast_to(_eval(self.tree, size, sums, shape), shape)

    def wins_state(self, size: int, sums: Sequence[int]) -> bool:
        """Scalar version of :meth:`evaluate` (plain Python ints)."""
        return _eval_scalar(self.tree, size, sums)

    def size_thresholds(self) -> list[int | None] | None:
        """``t_0 … t_n`` when the game is a size-threshold game (at most one dimension), else ``None``.

        A coalition with ``k`` members and (dimension-0) weight ``s`` wins iff ``t_k`` is not ``None`` and
        ``s ≥ t_k``. With no dimension at all, ``t_k`` is 0 or ``None``.
        """
        if len(self.dims) > 1:
            return None
        cands = sorted({0} | _quotas(self.tree, 0))
        k = np.arange(self.n + 1)[:, None]
        s = np.asarray(cands, dtype=np.int64)[None, :]
        f = self.evaluate(k, [s] if self.dims else [])
        out: list[int | None] = []
        for row in np.broadcast_to(f, (self.n + 1, len(cands))):
            hit = np.flatnonzero(row)
            out.append(int(cands[int(hit[0])]) if hit.size else None)
        return out


def _uses_size(node: Node) -> bool:
    if node[0] == "atom":
        return bool(node[1] == SIZE)
    if node[0] in ("and", "or"):
        return any(_uses_size(c) for c in node[1])
    return False


def _quotas(node: Node, dim: int) -> set[int]:
    if node[0] == "atom":
        return {int(node[2])} if node[1] == dim else set()
    if node[0] in ("and", "or"):
        out: set[int] = set()
        for c in node[1]:
            out |= _quotas(c, dim)
        return out
    return set()


def _eval(node: Node, size: Any, sums: Sequence[Any], shape: tuple[int, ...]) -> Any:
    kind = node[0]
    if kind == "const":
        return np.full(shape, bool(node[1]))
    if kind == "atom":
        d, q = node[1], node[2]
        return np.asarray(size >= q) if d == SIZE else np.asarray(sums[d] >= q)
    parts = [_eval(c, size, sums, shape) for c in node[1]]
    out = parts[0]
    for p in parts[1:]:
        out = (out & p) if kind == "and" else (out | p)
    return out


def _eval_scalar(node: Node, size: int, sums: Sequence[int]) -> bool:
    kind = node[0]
    if kind == "const":
        return bool(node[1])
    if kind == "atom":
        d, q = node[1], node[2]
        return (size if d == SIZE else sums[d]) >= q
    if kind == "and":
        return all(_eval_scalar(c, size, sums) for c in node[1])
    return any(_eval_scalar(c, size, sums) for c in node[1])


def _raw_tree(rule: Rule) -> Node:
    if isinstance(rule, LinearRule):
        return ("leaf", rule.int_weights, rule.int_quota)
    if isinstance(rule, AllOf):
        return ("and", tuple(_raw_tree(r) for r in rule.rules))
    if isinstance(rule, AnyOf):
        return ("or", tuple(_raw_tree(r) for r in rule.rules))
    raise InvalidRuleError(f"cannot compile rule of type {type(rule).__name__}")


def _leaf(weights: tuple[int, ...], quota: int, n: int) -> Node:
    if quota <= 0:
        return ("const", True)
    total = sum(weights)
    if total < quota:
        return ("const", False)
    g = 0
    for w in weights:
        g = math.gcd(g, w)
    reduced = tuple(w // g for w in weights)
    q = -((-quota) // g)
    if reduced == (1,) * n:
        return ("atom", SIZE, q)
    return ("atom", reduced, q)


def _simplify(node: Node, n: int) -> Node:
    kind = node[0]
    if kind == "leaf":
        return _leaf(node[1], node[2], n)
    is_and = kind == "and"
    parts: list[Node] = []
    for c in node[1]:
        sc = _simplify(c, n)
        if sc[0] == "const":
            if sc[1] != is_and:  # False under AND, True under OR decides the node
                return sc
            continue
        if sc[0] == kind:
            parts.extend(sc[1])
        else:
            parts.append(sc)
    # merge atoms on the same vector: AND keeps the largest quota, OR the smallest
    best: dict[Any, int] = {}
    others: list[Node] = []
    for p in parts:
        if p[0] == "atom":
            key = p[1]
            q = int(p[2])
            if key not in best:
                best[key] = q
            else:
                best[key] = max(best[key], q) if is_and else min(best[key], q)
        elif p not in others:
            others.append(p)
    merged: list[Node] = [("atom", k, q) for k, q in best.items()] + others
    if not merged:
        return ("const", is_and)
    if len(merged) == 1:
        return merged[0]
    return (kind, tuple(merged))


def _index_dims(node: Node, dims: dict[tuple[int, ...], int]) -> Node:
    if node[0] == "atom":
        key = node[1]
        if key == SIZE:
            return node
        if key not in dims:
            dims[key] = len(dims)
        return ("atom", dims[key], node[2])
    if node[0] in ("and", "or"):
        return (node[0], tuple(_index_dims(c, dims) for c in node[1]))
    return node


def compile_rule(rule: Rule) -> LinearGame:
    """Compile ``rule`` into its exact :class:`LinearGame`."""
    tree = _simplify(_raw_tree(rule), rule.n)
    dims: dict[tuple[int, ...], int] = {}
    tree = _index_dims(tree, dims)
    vectors = tuple(sorted(dims, key=lambda k: dims[k]))
    caps = tuple(max(_quotas(tree, d)) for d in range(len(vectors)))
    return LinearGame(n=rule.n, dims=vectors, caps=caps, tree=tree)
