"""Decision rules on three-valued votes: yes, abstain, no (ternary voting games).

A binary rule of :mod:`coalitionist.power` says which *coalitions* win. A vote has three options, and real
rules differ in how an abstention counts (Felsenthal & Machover 1997): the UN Security Council's practice
(since 1946; ICJ *Namibia* advisory opinion, 1971, §22) is that a permanent member's abstention is not a
veto; a share "of members present and voting" leaves abstainers out of the base, whereas a share "of all
members" (EU qualified majority, US Senate cloture) makes an abstention count like a no.

Each leaf of a :mod:`coalitionist.power` rule becomes a :class:`Leaf` with two options:

``base`` (``Weighted`` and ``Count`` leaves given by a ``threshold`` share)
    ``"all_members"`` (default): the yes weight must reach the share of every member's weight — the binary
    rule applied to the yes voters. ``"present_and_voting"``: the yes weight must reach the share of the
    weight of the members voting yes or no (and at least one member votes yes). A ``quota`` (a number of
    votes) is absolute: the yes weight must reach it whatever the abstentions.
``veto_on_abstain`` (``Veto`` and ``Unanimity`` leaves)
    ``False``: the leaf fails only if a holder (member) votes no — an abstention is not a veto (the default
    for ``Veto``). ``True``: every holder must vote yes (the default for ``Unanimity``; the binary reading).

With yes = 1, abstain = 0, no = −1, every leaf (hence every ``all_of`` / ``any_of`` composition) is
monotone: moving a voter from no to abstain to yes never turns a pass into a failure. Abstention counted as
no everywhere gives back the binary rule on the yes voters.

References
----------
.. [1] D. S. Felsenthal and M. Machover, "Ternary voting games", *Int. J. Game Theory* 26 (1997) 335–351.
.. [2] D. S. Felsenthal and M. Machover, *The Measurement of Voting Power*, Edward Elgar, 1998, ch. 8.
.. [3] International Court of Justice, *Legal Consequences … of the Continued Presence of South Africa in
   Namibia*, Advisory Opinion, ICJ Reports 1971, p. 16, §22.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from coalitionist.outcome.errors import InvalidVoteProfileError
from coalitionist.outcome.votes import ABSTAIN, NO, YES
from coalitionist.power.errors import InvalidRuleError
from coalitionist.power.rules import (
    AllOf,
    AnyOf,
    Count,
    LinearRule,
    Rule,
    Unanimity,
    Veto,
    Weighted,
)
from coalitionist.wording import amount

__all__ = [
    "Base",
    "Composite",
    "Leaf",
    "LeafOptions",
    "TernaryRule",
    "as_profiles",
    "ternary_rule",
]

Base = Literal["all_members", "present_and_voting"]


@dataclass(frozen=True)
class LeafOptions:
    """How one leaf of a rule counts abstentions (``None``: the leaf kind's default)."""

    base: Base = "all_members"
    veto_on_abstain: bool | None = None
    #: What a weighted leaf's weights are, in words ("votes", "population"), for its description.
    unit: str = "votes"


def as_profiles(codes: ArrayLike, n: int) -> NDArray[np.int8]:
    """Validate vote profiles: shape ``(m, n)`` (or ``(n,)``) of codes 1 (yes), 0 (abstain), −1 (no)."""
    a = np.asarray(codes)
    if a.ndim == 1:
        a = a[None, :]
    if a.ndim != 2 or a.shape[1] != n:
        raise InvalidVoteProfileError(f"vote profiles must have shape (m, {n}), got {a.shape}")
    if not np.isin(a, (YES, ABSTAIN, NO)).all():
        raise InvalidVoteProfileError("votes must be 1 (yes), 0 (abstain) or -1 (no)")
    return a.astype(np.int8)


def _sums(mask: NDArray[np.bool_], weights: NDArray[Any]) -> NDArray[Any]:
    return np.asarray(mask.astype(weights.dtype) @ weights)


class TernaryRule:
    """A rule over yes / abstain / no votes of players ``0 … n-1``."""

    n: int

    def passes(self, codes: ArrayLike) -> NDArray[np.bool_]:
        """Whether each profile (rows of codes 1 / 0 / −1) meets the rule."""
        return self._passes(as_profiles(codes, self.n))

    def passes_one(self, codes: ArrayLike) -> bool:
        """Whether one profile meets the rule."""
        return bool(self.passes(codes)[0])

    def _passes(self, p: NDArray[np.int8]) -> NDArray[np.bool_]:
        raise NotImplementedError

    def leaves(self) -> tuple[Leaf, ...]:
        """The leaves, depth first."""
        raise NotImplementedError

    def describe(self, names: Sequence[str] | None = None) -> str:
        """What the rule requires, in words (``names`` of the players for veto holders)."""
        raise NotImplementedError


@dataclass(frozen=True)
class Leaf(TernaryRule):
    """One counted requirement: a quota or share of weighted yes votes, a veto, or unanimity.

    Attributes
    ----------
    n : int
    kind : {"weighted", "count", "unanimity", "veto", "linear"}
    members : tuple of int
        Players the leaf counts.
    weights : ndarray, shape (n,)
        Exact integer weights (0 outside ``members``), as in :class:`coalitionist.power.rules.LinearRule`.
    display_weights : tuple of float
        The weights as the rule states them (votes, population), for tallies.
    quota : int or None
        The yes weight must reach this (integer form), for quota rules and the ``all_members`` base.
    threshold : Fraction or None
        The share, for threshold rules.
    strict : bool
    base : str
    veto_on_abstain : bool
    """

    n: int
    kind: str
    members: tuple[int, ...]
    weights: tuple[int, ...]
    display_weights: tuple[float, ...]
    quota: int
    threshold: Fraction | None
    strict: bool
    base: Base
    veto_on_abstain: bool
    stated_quota: float | None = None
    unit: str = "votes"

    def leaves(self) -> tuple[Leaf, ...]:
        return (self,)

    def _w(self) -> NDArray[Any]:
        total = sum(self.weights) * max(
            1,
            self.threshold.numerator if self.threshold is not None else 1,
            self.threshold.denominator if self.threshold is not None else 1,
        )
        dtype: Any = np.int64 if total < 2**62 else object
        return np.asarray(self.weights, dtype=dtype)

    def _passes(self, p: NDArray[np.int8]) -> NDArray[np.bool_]:
        w = self._w()
        yes = p == YES
        no = p == NO
        mem = np.zeros(self.n, dtype=bool)
        mem[list(self.members)] = True
        if self.kind in ("veto", "unanimity"):
            if self.veto_on_abstain:
                return np.asarray((yes | ~mem).all(axis=1), dtype=bool)
            ok = ~(no & mem).any(axis=1)
            if self.kind == "unanimity":  # nobody against, and someone for
                ok &= (yes & mem).any(axis=1)
            return np.asarray(ok, dtype=bool)
        y = _sums(yes, w)
        if self.threshold is not None and self.base == "present_and_voting":
            cast = _sums(yes | no, w)
            lhs = y * self.threshold.denominator
            rhs = cast * self.threshold.numerator
            met = (lhs > rhs) if self.strict else (lhs >= rhs)
            return np.asarray(met & (y > 0), dtype=bool)
        if self.quota <= 0:
            return np.ones(p.shape[0], dtype=bool)
        return np.asarray(y >= self.quota, dtype=bool)

    def tally(self, codes: ArrayLike) -> dict[str, float]:
        """Yes / no / abstain weight among the members, as the rule counts it (one profile)."""
        p = as_profiles(codes, self.n)[0]
        dw = np.asarray(self.display_weights, dtype=float)
        mem = np.zeros(self.n, dtype=bool)
        mem[list(self.members)] = True
        return {
            "yes": float(dw[mem & (p == YES)].sum()),
            "no": float(dw[mem & (p == NO)].sum()),
            "abstain": float(dw[mem & (p == ABSTAIN)].sum()),
        }

    def describe(self, names: Sequence[str] | None = None) -> str:
        m = len(self.members)
        who = [names[i] for i in self.members] if names is not None else None
        if self.kind == "veto":
            holders = ", ".join(who) if who else f"{m} veto holders"
            if self.veto_on_abstain:
                return f"every veto holder votes yes ({holders})"
            return f"no veto holder votes no ({holders}; an abstention is not a veto)"
        if self.kind == "unanimity":
            if self.veto_on_abstain:
                if who is not None and m <= 6:
                    pair = " and ".join(who) if m == 2 else ", ".join(who[:-1]) + " and " + who[-1]
                    return f"{'both' if m == 2 else 'all of'} {pair} vote yes"
                return "both members vote yes" if m == 2 else f"all {m} members vote yes"
            return f"none of the {m} members votes no (abstentions do not block)"
        op = "more than" if self.strict else "at least"
        total = _num(sum(self.display_weights[i] for i in self.members))
        count = self.kind == "count"
        if self.threshold is not None:
            share = f"{float(self.threshold) * 100:.4g} %"
            if self.base == "present_and_voting":
                if count:
                    return f"{op} {share} of the members present and voting vote yes"
                return f"{op} {share} of the votes cast are yes"
            if count:
                return f"{op} {share} of all {total} members vote yes"
            if self.unit != "votes":
                return (
                    f"the members voting yes hold {op} {share} of the {self.unit} ({total} in all)"
                )
            return f"{op} {share} of all {total} votes are yes"
        q = _num(self.stated_quota if self.stated_quota is not None else float(self.quota))
        if count:
            return f"{op} {q} of the {total} members vote yes"
        if self.unit != "votes":
            return f"the members voting yes hold {op} {q} of the {total} {self.unit}"
        return f"{op} {q} of the {total} votes are yes"


def _num(x: float) -> str:
    """A weight total for people: ``511,523,613`` (a population in persons), ``1.5``."""
    return amount(x, digits=4)


@dataclass(frozen=True)
class Composite(TernaryRule):
    """``all_of`` (every part) or ``any_of`` (at least one part)."""

    n: int
    kind: Literal["all_of", "any_of"]
    parts: tuple[TernaryRule, ...]

    def leaves(self) -> tuple[Leaf, ...]:
        return tuple(leaf for part in self.parts for leaf in part.leaves())

    def _passes(self, p: NDArray[np.int8]) -> NDArray[np.bool_]:
        out = self.parts[0]._passes(p)
        for part in self.parts[1:]:
            out = (out & part._passes(p)) if self.kind == "all_of" else (out | part._passes(p))
        return out

    def describe(self, names: Sequence[str] | None = None) -> str:
        texts = [part.describe(names) for part in self.parts]
        joiner = " and " if self.kind == "all_of" else " or "
        if len(texts) == 1:
            return texts[0]
        return joiner.join(
            f"({t})" if isinstance(p, Composite) else t
            for t, p in zip(texts, self.parts, strict=True)
        )


def _leaf(rule: LinearRule, opts: LeafOptions) -> Leaf:
    n = rule.n
    members = rule.members
    if isinstance(rule, Veto | Unanimity):
        kind = "veto" if isinstance(rule, Veto) else "unanimity"
        default = kind == "unanimity"
        von = default if opts.veto_on_abstain is None else opts.veto_on_abstain
        return Leaf(
            n,
            kind,
            members,
            rule.int_weights,
            tuple(1.0 if i in members else 0.0 for i in range(n)),
            rule.int_quota,
            None,
            False,
            "all_members",
            von,
        )
    if opts.veto_on_abstain is not None:
        raise InvalidRuleError("veto_on_abstain applies to veto and unanimity rules only")
    threshold: Fraction | None = None
    strict = False
    stated: float | None = None
    if isinstance(rule, Weighted):
        kind = "weighted"
        display = tuple(float(w) if i in members else 0.0 for i, w in enumerate(rule.weights))
        threshold, strict = rule.threshold, rule.strict
        stated = float(rule.quota) if rule.quota is not None else None
    elif isinstance(rule, Count):
        kind = "count"
        display = tuple(1.0 if i in members else 0.0 for i in range(n))
        threshold, strict = rule.threshold, rule.strict
        stated = float(rule.quota) if rule.quota is not None else None
    else:
        kind = "linear"
        display = tuple(float(w) for w in rule.int_weights)
    return Leaf(
        n,
        kind,
        members,
        rule.int_weights,
        display,
        rule.int_quota,
        threshold,
        strict,
        opts.base,
        False,
        stated,
        opts.unit if kind == "weighted" else "votes",
    )


def ternary_rule(rule: Rule, options: Sequence[LeafOptions] | None = None) -> TernaryRule:
    """The ternary form of a :mod:`coalitionist.power` rule.

    Parameters
    ----------
    rule : coalitionist.power.Rule
    options : sequence of LeafOptions, optional
        One per leaf of ``rule``, depth first (default: every leaf's defaults). A shorter sequence leaves
        the remaining leaves at their defaults (e.g. the veto a scenario adds for ``veto: true`` actors).

    Examples
    --------
    The UN Security Council: 9 of 15 and no permanent member (players 0–4) against.

    >>> from coalitionist.power import AllOf, Count, Veto
    >>> unsc = ternary_rule(AllOf([Count(15, quota=9), Veto(15, holders=range(5))]))
    >>> res_678 = [1, 1, 1, 1, 0] + [1] * 7 + [-1, -1, 1]   # China abstains; Cuba and Yemen vote no
    >>> unsc.passes_one(res_678)
    True
    >>> unsc.passes_one([1, 1, 1, 1, -1] + [1] * 10)       # a permanent member votes no: a veto
    False
    """
    leaves: list[LeafOptions] = list(options or ())
    count = [0]

    def build(r: Rule) -> TernaryRule:
        if isinstance(r, AllOf | AnyOf):
            return Composite(
                r.n,
                "all_of" if isinstance(r, AllOf) else "any_of",
                tuple(build(part) for part in r.rules),
            )
        if not isinstance(r, LinearRule):
            raise InvalidRuleError(f"cannot read {type(r).__name__} as a ternary rule")
        i = count[0]
        count[0] += 1
        return _leaf(r, leaves[i] if i < len(leaves) else LeafOptions())

    out = build(rule)
    if len(leaves) > count[0]:
        raise InvalidRuleError(f"{len(leaves)} leaf options for a rule with {count[0]} leaves")
    return out
