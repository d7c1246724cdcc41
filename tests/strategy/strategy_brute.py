"""Independent references for the recruitment planner, in plain Python (no NumPy, no code from the package).

``Instance`` holds the model's numbers as lists; ``best_value`` is expectimax over the game tree (the
maximum over all adaptive policies, written as a plain recursion without memoisation); ``all_policies``
enumerates every deterministic adaptive policy explicitly (for n ≤ 3) so the recursion itself is checked.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

Goal = Callable[[frozenset[int]], bool]


@dataclass
class Instance:
    p: list[float]
    value: list[float]
    cost: list[float]
    failure: list[float]
    join: list[list[float]]  # join[j][i]: Δp of i once j joined
    refuse: list[list[float]]
    goal: Goal
    goal_value: float
    prereq: list[set[int]] = field(default_factory=list)
    via: list[set[int]] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.p)

    def prob(self, i: int, joined: frozenset[int], refused: frozenset[int]) -> float:
        x = (
            self.p[i]
            + sum(self.join[j][i] for j in joined)
            + sum(self.refuse[r][i] for r in refused)
        )
        return min(1.0, max(0.0, x))

    def allowed(self, i: int, joined: frozenset[int], refused: frozenset[int]) -> bool:
        if i in joined or i in refused:
            return False
        if self.prereq and not self.prereq[i] <= joined:
            return False
        return not (self.via and self.via[i] and not self.via[i] & joined)

    def terminal(self, joined: frozenset[int]) -> float:
        return self.goal_value if self.goal(joined) else 0.0


def q_value(inst: Instance, i: int, joined: frozenset[int], refused: frozenset[int]) -> float:
    """Expected payoff of approaching ``i`` now and playing optimally afterwards."""
    p = inst.prob(i, joined, refused)
    out = -inst.cost[i]
    if p > 0:
        out += p * (inst.value[i] + best_value(inst, joined | {i}, refused))
    if p < 1:
        out += (1 - p) * (-inst.failure[i] + best_value(inst, joined, refused | {i}))
    return out


def best_value(
    inst: Instance, joined: frozenset[int] = frozenset(), refused: frozenset[int] = frozenset()
) -> float:
    """max(stop, max_i Q_i) by plain recursion over the game tree."""
    best = inst.terminal(joined)
    for i in range(inst.n):
        if inst.allowed(i, joined, refused):
            best = max(best, q_value(inst, i, joined, refused))
    return best


def policy_value(
    inst: Instance,
    tree: object,
    joined: frozenset[int] = frozenset(),
    refused: frozenset[int] = frozenset(),
) -> float:
    """Expected payoff of an explicit decision tree: None = stop, (i, on_join, on_refuse) = approach i."""
    if tree is None:
        return inst.terminal(joined)
    assert isinstance(tree, tuple)
    i, on_join, on_refuse = tree
    p = inst.prob(i, joined, refused)
    out = -inst.cost[i]
    out += p * (inst.value[i] + policy_value(inst, on_join, joined | {i}, refused))
    out += (1 - p) * (-inst.failure[i] + policy_value(inst, on_refuse, joined, refused | {i}))
    return out


def all_policies(
    inst: Instance, joined: frozenset[int] = frozenset(), refused: frozenset[int] = frozenset()
) -> Iterator[object]:
    """Every deterministic adaptive policy from a state, as explicit trees."""
    yield None
    for i in range(inst.n):
        if not inst.allowed(i, joined, refused):
            continue
        subs_join = list(all_policies(inst, joined | {i}, refused))
        subs_ref = list(all_policies(inst, joined, refused | {i}))
        for a, b in itertools.product(subs_join, subs_ref):
            yield (i, a, b)


def order_cost(p: list[float], cost: list[float], order: tuple[int, ...]) -> float:
    """Expected cost of asking in ``order`` and stopping at the first refusal (independent answers)."""
    total, reach = 0.0, 1.0
    for i in order:
        total += reach * cost[i]
        reach *= p[i]
    return total


def random_instance(
    rng: random.Random, n: int, *, effects: bool = True, gates: bool = True
) -> Instance:
    """Random instance: a weighted threshold goal (sometimes none, sometimes non-monotone), effects, gates."""
    p = [rng.random() for _ in range(n)]
    value = [rng.uniform(-3, 4) for _ in range(n)]
    cost = [rng.uniform(0, 2) for _ in range(n)]
    failure = [rng.uniform(0, 2) for _ in range(n)]

    def mat(lo: float, hi: float) -> list[list[float]]:
        return [
            [
                rng.uniform(lo, hi) if effects and j != i and rng.random() < 0.3 else 0.0
                for i in range(n)
            ]
            for j in range(n)
        ]

    join, refuse = mat(-0.3, 0.5), mat(-0.5, 0.2)
    kind = rng.choice(["threshold", "threshold", "none", "parity"])
    weights = [rng.randint(1, 5) for _ in range(n)]
    quota = rng.randint(1, max(1, sum(weights)))
    if kind == "threshold":

        def goal(s: frozenset[int]) -> bool:
            return sum(weights[i] for i in s) >= quota

    elif kind == "parity":  # not monotone: the exact planner must not care

        def goal(s: frozenset[int]) -> bool:
            return len(s) % 2 == 1

    else:

        def goal(s: frozenset[int]) -> bool:
            return False

    prereq: list[set[int]] = [set() for _ in range(n)]
    via: list[set[int]] = [set() for _ in range(n)]
    if gates and n > 1:
        for i in range(1, n):
            if rng.random() < 0.25:
                prereq[i].add(rng.randrange(i))
            if rng.random() < 0.2:
                via[i].update(rng.sample(range(i), min(i, 2)))
    return Instance(p, value, cost, failure, join, refuse, goal, rng.uniform(0, 15), prereq, via)
