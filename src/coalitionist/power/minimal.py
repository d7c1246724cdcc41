"""Lazy enumeration of minimal winning and minimal blocking coalitions.

A coalition is *minimal winning* when it wins and loses as soon as any member leaves; *minimal blocking*
when its members can stop every decision (the others do not win) and no member is superfluous. Minimal
blocking coalitions are the minimal winning coalitions of the dual rule ``B ↦ not wins(N ∖ B)``.

Algorithm: depth-first search over the players in decreasing order of weight (the sum of their shares of
each weight vector), choosing "in" before "out". A branch stops as soon as its coalition wins (supersets
of a winning coalition are never minimal) and is pruned when even all remaining players cannot make it
win. In weighted and other size-threshold games the first winning coalition on a branch is minimal (its
last member is its lightest, and the lightest member of a winning coalition is critical iff all are), so
the search does ``O(n)`` work per coalition found; for other rules each candidate is checked member by
member. Coalitions come out as sorted tuples of player indices, in search order.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from coalitionist.power.linear import LinearGame, compile_rule
from coalitionist.power.rules import Rule


def _order(game: LinearGame) -> list[int]:
    totals = game.totals

    def key(i: int) -> tuple[Fraction, int]:
        share = sum(
            (Fraction(d[i], t) for d, t in zip(game.dims, totals, strict=True) if t), Fraction(0)
        )
        return (-share, i)

    return sorted(range(game.n), key=key)


def minimal_coalitions(
    game: LinearGame, *, dual: bool = False, max_nodes: int | None = None
) -> Iterator[tuple[int, ...]]:
    """Minimal winning (``dual=False``) or minimal blocking (``dual=True``) coalitions of ``game``.

    ``max_nodes`` bounds the number of search nodes; when it is exceeded the iterator raises
    :class:`SearchBudgetExceededError` (used internally to give up listing).
    """
    n = game.n
    dims = game.dims
    totals = game.totals
    order = _order(game)
    w = [tuple(d[p] for d in dims) for p in order]
    suffix = [[0] * len(dims) for _ in range(n + 1)]
    for pos in range(n - 1, -1, -1):
        suffix[pos] = [a + b for a, b in zip(suffix[pos + 1], w[pos], strict=True)]

    def wins(size: int, sums: list[int]) -> bool:
        if dual:
            return not game.wins_state(n - size, [t - s for t, s in zip(totals, sums, strict=True)])
        return game.wins_state(size, sums)

    zero = [0] * len(dims)
    stack: list[tuple[int, tuple[int, ...], list[int], int]] = [(0, (), zero, 0)]
    nodes = 0
    while stack:
        nodes += 1
        if max_nodes is not None and nodes > max_nodes:
            raise SearchBudgetExceededError
        pos, members, sums, size = stack.pop()
        if wins(size, sums):
            if all(
                not wins(size - 1, [s - x for s, x in zip(sums, w[m], strict=True)])
                for m in members
            ):
                yield tuple(sorted(order[m] for m in members))
            continue
        if pos == n:
            continue
        if not wins(size + n - pos, [s + x for s, x in zip(sums, suffix[pos], strict=True)]):
            continue
        stack.append((pos + 1, members, sums, size))
        stack.append(
            (pos + 1, (*members, pos), [s + x for s, x in zip(sums, w[pos], strict=True)], size + 1)
        )


class SearchBudgetExceededError(Exception):
    """Internal: the enumeration of minimal coalitions was stopped at its node budget."""


def minimal_winning_coalitions(rule: Rule, limit: int | None = None) -> Iterator[tuple[int, ...]]:
    """Lazily yield the minimal winning coalitions of ``rule`` (sorted tuples of player indices).

    Parameters
    ----------
    rule : Rule
        The decision rule.
    limit : int, optional
        Stop after this many coalitions.

    Examples
    --------
    >>> from coalitionist.power import Weighted
    >>> sorted(minimal_winning_coalitions(Weighted([9, 9, 7, 3, 1, 1], quota=16)))
    [(0, 1), (0, 2), (1, 2)]
    """
    yield from _limited(minimal_coalitions(compile_rule(rule)), limit)


def minimal_blocking_coalitions(rule: Rule, limit: int | None = None) -> Iterator[tuple[int, ...]]:
    """Lazily yield the minimal blocking coalitions of ``rule``: sets whose members, by voting no, stop
    every decision, with no superfluous member (sorted tuples of player indices).

    Examples
    --------
    >>> from coalitionist.power import Weighted
    >>> sorted(minimal_blocking_coalitions(Weighted([9, 9, 7, 3, 1, 1], quota=16)))
    [(0, 1), (0, 2), (1, 2)]
    """
    yield from _limited(minimal_coalitions(compile_rule(rule), dual=True), limit)


def _limited(it: Iterator[tuple[int, ...]], limit: int | None) -> Iterator[tuple[int, ...]]:
    if limit is not None and limit <= 0:
        return
    for count, c in enumerate(it, start=1):
        yield c
        if limit is not None and count >= limit:
            return
