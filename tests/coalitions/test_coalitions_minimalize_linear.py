"""The integer fast path of ``minimalize`` makes exactly the decisions of the batched rule-call search.

The reference is an independent one-at-a-time greedy written here (drop a member when the rule, asked
directly, still says yes without it), compared on random small weighted, AND and OR rules, for both the
winning and the blocking test, and with the batched search forced by wrapping the test in a lambda.
"""

from __future__ import annotations

import numpy as np
import pytest

from coalitionist.coalitions.likely import minimalize
from coalitionist.power.rules import AllOf, AnyOf, Rule, Weighted


def _greedy(mask: np.ndarray, order: list[int], ok) -> np.ndarray:
    cur = mask.copy()
    for i in order:
        if cur[i]:
            cur[i] = False
            if not ok(cur):
                cur[i] = True
    return cur


def _random_rule(rng: np.random.Generator, n: int) -> Rule:
    def leaf() -> Weighted:
        w = rng.integers(0, 12, size=n).tolist()
        return Weighted(w, quota=int(rng.integers(1, max(2, sum(w)))))

    kind = rng.integers(0, 3)
    if kind == 0:
        return leaf()
    parts = [leaf() for _ in range(int(rng.integers(2, 4)))]
    return AllOf(parts) if kind == 1 else AnyOf(parts)


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("blocking", [False, True])
def test_fast_path_equals_greedy_and_batched(seed: int, blocking: bool) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 14))
    rule = _random_rule(rng, n)
    test = rule.blocks_many if blocking else rule.wins_many
    single = rule.blocks if blocking else rule.wins
    checked = 0
    for t in range(30):
        # the first trial is everyone, who wins (and blocks) since every quota lies in 1..W
        mask = np.ones(n, bool) if t == 0 else rng.random(n) < rng.uniform(0.3, 1.0)
        if not single(np.flatnonzero(mask).tolist()):
            continue
        checked += 1
        members = np.flatnonzero(mask)
        order = rng.permutation(members).tolist()[: int(rng.integers(0, len(members) + 1))]
        want = _greedy(mask, order, lambda m: single(np.flatnonzero(m).tolist()))
        fast = minimalize(mask, order, test)
        slow = minimalize(mask, order, lambda m: test(m), batch=int(rng.integers(1, 5)))
        assert np.array_equal(fast, want)
        assert np.array_equal(slow, want)
        assert single(np.flatnonzero(fast).tolist())
    assert checked >= 1


def test_fast_path_handles_large_weights_exactly() -> None:
    # totals above 2**53: float arithmetic would lose the one unit that decides
    big = 2**60
    rule = Weighted([big, big, 1, 1], quota=2 * big + 1)
    out = minimalize(np.ones(4, bool), [2, 3, 0, 1], rule.wins_many)
    assert out.tolist() == [True, True, False, True]


def test_cohesion_ignores_the_diagonal_without_changing_the_input() -> None:
    from coalitionist.coalitions.likely import cohesion

    a = np.array([[5.0, 0.5, -1.0], [0.5, 7.0, 0.25], [-1.0, 0.25, 9.0]])
    kept = a.copy()
    masks = np.array([[True, True, False], [True, True, True], [False, False, True]])
    # by hand: {0,1}: 0.5; {0,1,2}: 2 (0.5 − 1 + 0.25) / 6; a single member: 1
    assert cohesion(masks, a).tolist() == pytest.approx([0.5, 2 * (0.5 - 1.0 + 0.25) / 6, 1.0])
    assert np.array_equal(a, kept)
