"""Hypothesis strategies for random decision rules (weighted, head counts, vetoes and compositions)."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import strategies as st

from coalitionist.power import AllOf, AnyOf, Count, Rule, Unanimity, Veto, Weighted


@st.composite
def weighted_rules(draw: st.DrawFn, n: int, *, fractional: bool = False) -> Rule:
    if fractional:
        weights: list[int | Fraction] = [
            Fraction(draw(st.integers(0, 40)), draw(st.sampled_from([1, 2, 4, 10])))
            for _ in range(n)
        ]
    else:
        weights = [draw(st.integers(0, 9)) for _ in range(n)]
    members = None
    if draw(st.booleans()) and n > 1:
        members = draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True))
    strict = draw(st.booleans())
    if draw(st.booleans()):
        total = sum(weights) or 1
        quota = draw(st.integers(0 if strict else 1, int(total) + 1))
        return Weighted(weights, quota=quota, strict=strict, members=members)
    num = draw(st.integers(0 if strict else 1, 20))
    return Weighted(weights, threshold=Fraction(num, 20), strict=strict, members=members)


@st.composite
def leaf_rules(draw: st.DrawFn, n: int) -> Rule:
    kind = draw(st.sampled_from(["weighted", "count", "unanimity", "veto"]))
    if kind == "weighted":
        return draw(weighted_rules(n))
    members = draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True))
    if kind == "count":
        strict = draw(st.booleans())
        if draw(st.booleans()):
            return Count(
                n,
                quota=draw(st.integers(0 if strict else 1, len(members) + 1)),
                strict=strict,
                members=members,
            )
        return Count(
            n,
            threshold=Fraction(draw(st.integers(0 if strict else 1, 10)), 10),
            strict=strict,
            members=members,
        )
    if kind == "unanimity":
        return Unanimity(n, members=members)
    return Veto(n, members[: draw(st.integers(0, min(2, len(members))))])


def composite_rules(n: int, max_leaves: int = 4) -> st.SearchStrategy[Rule]:
    return st.recursive(
        leaf_rules(n),
        lambda children: st.one_of(
            st.lists(children, min_size=1, max_size=3).map(AllOf),
            st.lists(children, min_size=1, max_size=3).map(AnyOf),
        ),
        max_leaves=max_leaves,
    )


@st.composite
def any_rule(draw: st.DrawFn, max_n: int = 8) -> Rule:
    n = draw(st.integers(1, max_n))
    return draw(
        st.one_of(weighted_rules(n), weighted_rules(n, fractional=True), composite_rules(n))
    )
