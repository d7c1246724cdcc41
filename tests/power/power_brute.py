"""Independent brute-force reference for the power tests.

Nothing here uses the engine's compiled integer form: a rule is re-interpreted from its public attributes
(weights as given, quota/threshold as fractions) with exact ``Fraction`` arithmetic, and every index is
computed from its textbook definition by looping over all ``2^n`` coalitions in plain Python.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction

from coalitionist.power import AllOf, AnyOf, Count, Rule, Unanimity, Veto, Weighted


def _share(threshold: Fraction | None) -> Fraction:
    assert threshold is not None
    return threshold


def reference_wins(rule: Rule, members: frozenset[int]) -> bool:
    """Whether ``members`` wins, straight from the rule's definition."""
    if isinstance(rule, Weighted):
        mem = set(rule.members)
        total = sum((rule.weights[i] for i in mem), Fraction(0))
        got = sum((rule.weights[i] for i in members if i in mem), Fraction(0))
        bound = rule.quota if rule.quota is not None else _share(rule.threshold) * total
        return got > bound if rule.strict else got >= bound
    if isinstance(rule, Count):
        mem = set(rule.members)
        count = Fraction(len(members & mem))
        limit = rule.quota if rule.quota is not None else _share(rule.threshold) * len(mem)
        return count > limit if rule.strict else count >= limit
    if isinstance(rule, Unanimity | Veto):
        return set(rule.members) <= members
    if isinstance(rule, AllOf):
        return all(reference_wins(r, members) for r in rule.rules)
    if isinstance(rule, AnyOf):
        return any(reference_wins(r, members) for r in rule.rules)
    raise TypeError(rule)


@dataclass
class Brute:
    n: int
    win: dict[frozenset[int], bool]
    swings: list[int]
    shapley: list[Fraction]
    mwc: list[frozenset[int]]
    mbc: list[frozenset[int]]
    johnston_raw: list[Fraction]
    vulnerable: int
    winning: int
    veto: list[bool]
    proper: bool

    @property
    def banzhaf(self) -> list[Fraction]:
        total = sum(self.swings)
        return [Fraction(s, total) if total else Fraction(0) for s in self.swings]

    @property
    def banzhaf_absolute(self) -> list[Fraction]:
        return [Fraction(s, 2 ** (self.n - 1)) for s in self.swings]

    @property
    def deegan_packel(self) -> list[Fraction]:
        if not self.mwc:
            return [Fraction(0)] * self.n
        return [
            sum((Fraction(1, len(s)) for s in self.mwc if i in s), Fraction(0)) / len(self.mwc)
            for i in range(self.n)
        ]

    @property
    def holler(self) -> list[Fraction]:
        counts = [sum(1 for s in self.mwc if i in s) for i in range(self.n)]
        total = sum(counts)
        return [Fraction(c, total) if total else Fraction(0) for c in counts]

    @property
    def johnston(self) -> list[Fraction]:
        total = sum(self.johnston_raw)
        return [x / total if total else Fraction(0) for x in self.johnston_raw]

    def index(self, name: str) -> list[Fraction]:
        return {
            "shapley_shubik": self.shapley,
            "banzhaf": self.banzhaf,
            "banzhaf_absolute": self.banzhaf_absolute,
            "deegan_packel": self.deegan_packel,
            "holler": self.holler,
            "johnston": self.johnston,
        }[name]


def brute_force(rule: Rule) -> Brute:
    """Every quantity of ``rule`` by exhaustive enumeration (definitions of Felsenthal & Machover 1998)."""
    n = rule.n
    everyone = frozenset(range(n))
    subsets = [frozenset(c) for k in range(n + 1) for c in itertools.combinations(range(n), k)]
    win = {s: reference_wins(rule, s) for s in subsets}
    swings = [0] * n
    shapley = [Fraction(0)] * n
    for s in subsets:
        if win[s]:
            continue
        weight = (
            Fraction(math.factorial(len(s)) * math.factorial(n - len(s) - 1), math.factorial(n))
            if len(s) < n
            else 0
        )
        for i in everyone - s:
            if win[s | {i}]:
                swings[i] += 1
                shapley[i] += weight
    mwc, vulnerable, johnston = [], 0, [Fraction(0)] * n
    for s in subsets:
        if not win[s]:
            continue
        critical = [i for i in s if not win[s - {i}]]
        if len(critical) == len(s):
            mwc.append(s)
        if critical:
            vulnerable += 1
            for i in critical:
                johnston[i] += Fraction(1, len(critical))
    mbc = []
    for b in subsets:
        blocks = not win[everyone - b]
        if blocks and all(win[everyone - (b - {i})] for i in b):
            mbc.append(b)
    return Brute(
        n=n,
        win=win,
        swings=swings,
        shapley=shapley,
        mwc=mwc,
        mbc=mbc,
        johnston_raw=johnston,
        vulnerable=vulnerable,
        winning=sum(win.values()),
        veto=[win[everyone] and not win[everyone - {i}] for i in range(n)],
        proper=not any(win[s] and win[everyone - s] for s in subsets),
    )


def shapley_by_permutations(rule: Rule) -> list[Fraction]:
    """Shapley–Shubik by counting pivots over all ``n!`` orders (tiny ``n`` only)."""
    n = rule.n
    pivots = [0] * n
    for order in itertools.permutations(range(n)):
        members: frozenset[int] = frozenset()
        was = reference_wins(rule, members)
        for p in order:
            members = members | {p}
            now = reference_wins(rule, members)
            if now and not was:
                pivots[p] += 1
                break
            was = now
    return [Fraction(c, math.factorial(n)) for c in pivots]
