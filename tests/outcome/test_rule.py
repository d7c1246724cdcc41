"""Ternary rules against a direct reading of their definitions, and against the binary rules of power."""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coalitionist.errors import InvalidInputError
from coalitionist.outcome.rule import LeafOptions, ternary_rule
from coalitionist.power import AllOf, AnyOf, Count, Rule, Unanimity, Veto, Weighted


def ref_leaf(spec, votes):
    """The definitions in rule.py's docstring, written out with exact fractions."""
    kind, weights, members, quota, threshold, strict, base, von = spec
    mem = set(members)
    if kind == "veto":
        if von:
            return all(votes[i] == 1 for i in mem)
        return not any(votes[i] == -1 for i in mem)
    if kind == "unanimity":
        if von:
            return all(votes[i] == 1 for i in mem)
        return not any(votes[i] == -1 for i in mem) and any(votes[i] == 1 for i in mem)
    yes = sum(Fraction(weights[i]) for i in mem if votes[i] == 1)
    if threshold is not None:
        if base == "present_and_voting":
            cast = sum(Fraction(weights[i]) for i in mem if votes[i] != 0)
            bar = Fraction(threshold) * cast
            return (yes > bar if strict else yes >= bar) and yes > 0
        bar = Fraction(threshold) * sum(Fraction(weights[i]) for i in mem)
        return yes > bar if strict else yes >= bar
    return yes > quota if strict else yes >= quota


@st.composite
def leaves(draw, n):
    kind = draw(st.sampled_from(["weighted", "count", "veto", "unanimity"]))
    members = sorted(draw(st.sets(st.integers(0, n - 1), min_size=1)))
    weights = [draw(st.integers(0, 9)) for _ in range(n)]
    strict = draw(st.booleans())
    use_threshold = draw(st.booleans())
    threshold = draw(st.sampled_from([Fraction(1, 2), Fraction(2, 3), Fraction(3, 5)]))
    quota = draw(st.integers(1, 12))
    base = draw(st.sampled_from(["all_members", "present_and_voting"]))
    von = draw(st.booleans())
    spec: tuple[Any, ...] = (
        kind,
        weights,
        members,
        quota,
        threshold if use_threshold else None,
        strict,
        base,
        von,
    )
    rule: Rule
    if kind == "weighted":
        kw = {"threshold": threshold} if use_threshold else {"quota": quota}
        rule = Weighted(weights, strict=strict, members=members, **kw)
        opts = LeafOptions(base=base)
    elif kind == "count":
        kw = {"threshold": threshold} if use_threshold else {"quota": quota}
        rule = Count(n, strict=strict, members=members, **kw)
        spec = (kind, [1] * n, *spec[2:])
        opts = LeafOptions(base=base)
    elif kind == "veto":
        rule = Veto(n, holders=members)
        opts = LeafOptions(veto_on_abstain=von)
    else:
        rule = Unanimity(n, members=members)
        opts = LeafOptions(veto_on_abstain=von)
    return rule, opts, spec


@st.composite
def games(draw):
    n = draw(st.integers(1, 5))
    parts = draw(st.lists(leaves(n), min_size=1, max_size=3))
    kind = draw(st.sampled_from(["all_of", "any_of"]))
    return n, parts, kind


@settings(max_examples=150, deadline=None)
@given(games())
def test_every_profile_matches_the_definition(game):
    n, parts, kind = game
    rules = [p[0] for p in parts]
    power_rule = rules[0] if len(rules) == 1 else (AllOf if kind == "all_of" else AnyOf)(rules)
    rule = ternary_rule(power_rule, [p[1] for p in parts])
    profiles = np.array(list(itertools.product([1, 0, -1], repeat=n)), dtype=np.int8)
    got = rule.passes(profiles)
    for row, votes in zip(got, profiles, strict=True):
        each = [ref_leaf(p[2], votes) for p in parts]
        want = (all(each) if kind == "all_of" else any(each)) if len(each) > 1 else each[0]
        assert bool(row) == want, (votes.tolist(), [p[2] for p in parts])


@settings(max_examples=100, deadline=None)
@given(games())
def test_monotone_in_moving_toward_yes(game):
    n, parts, kind = game
    rules = [p[0] for p in parts]
    power_rule = rules[0] if len(rules) == 1 else (AllOf if kind == "all_of" else AnyOf)(rules)
    rule = ternary_rule(power_rule, [p[1] for p in parts])
    profiles = np.array(list(itertools.product([1, 0, -1], repeat=n)), dtype=np.int8)
    got = rule.passes(profiles)
    index = {tuple(p.tolist()): bool(g) for p, g in zip(profiles, got, strict=True)}
    for p, passed in index.items():
        for i in range(n):
            if p[i] < 1 and passed:
                up = list(p)
                up[i] += 1
                assert index[tuple(up)]


@settings(max_examples=100, deadline=None)
@given(games())
def test_binary_reading_is_the_power_rule(game):
    """With abstention counted as no everywhere, a profile passes iff its yes voters win in power."""
    n, parts, kind = game
    rules = [p[0] for p in parts]
    power_rule = rules[0] if len(rules) == 1 else (AllOf if kind == "all_of" else AnyOf)(rules)
    binary = [
        LeafOptions(veto_on_abstain=True)
        if isinstance(r, Veto | Unanimity)
        else LeafOptions(base="all_members")
        for r in rules
    ]
    rule = ternary_rule(power_rule, binary)
    profiles = np.array(list(itertools.product([1, 0, -1], repeat=n)), dtype=np.int8)
    assert (rule.passes(profiles) == power_rule.wins_many(profiles == 1)).all()


UNSC = AllOf([Count(15, quota=9), Veto(15, holders=range(5))])


def test_unsc_abstention_is_not_a_veto_but_a_no_is():
    rule = ternary_rule(UNSC)
    res_678 = [1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, -1, -1, 1]  # 12-2-1, China (4) abstaining
    assert rule.passes_one(res_678)
    vetoed = list(res_678)
    vetoed[4] = -1
    assert not rule.passes_one(vetoed)
    strict = ternary_rule(UNSC, [LeafOptions(), LeafOptions(veto_on_abstain=True)])
    assert not strict.passes_one(res_678)  # the letter of Art. 27(3) read as "concurring" = yes


def test_eight_yes_is_not_nine():
    rule = ternary_rule(UNSC)
    assert not rule.passes_one([1] * 8 + [0] * 7)


def test_present_and_voting_vs_all_members():
    # A 10-member body, simple majority (more than half). 4 yes, 2 no, 4 abstain.
    votes = [1, 1, 1, 1, -1, -1, 0, 0, 0, 0]
    of_all = ternary_rule(Count(10, threshold=0.5, strict=True))
    present = ternary_rule(
        Count(10, threshold=0.5, strict=True), [LeafOptions(base="present_and_voting")]
    )
    assert not of_all.passes_one(votes)  # 4 of 10 is not more than half
    assert present.passes_one(votes)  # 4 of the 6 voting is
    assert not present.passes_one([0] * 10)  # nobody for: nothing passes


def test_unanimity_with_abstentions_not_blocking():
    # TFEU Art. 238(4): abstentions do not prevent the adoption of acts requiring unanimity.
    eu = ternary_rule(Unanimity(4), [LeafOptions(veto_on_abstain=False)])
    assert eu.passes_one([1, 1, 0, 1])
    assert not eu.passes_one([1, 1, -1, 1])
    assert not ternary_rule(Unanimity(4)).passes_one([1, 1, 0, 1])


def test_descriptions_name_veto_holders():
    names = [f"P{i}" for i in range(15)]
    text = ternary_rule(UNSC).describe(names)
    assert "at least 9 of the 15 members vote yes" in text
    assert "no veto holder votes no (P0, P1, P2, P3, P4; an abstention is not a veto)" in text


def test_bad_options_are_refused():
    with pytest.raises(InvalidInputError, match="leaf options"):
        ternary_rule(Count(3, quota=2), [LeafOptions(), LeafOptions()])
    with pytest.raises(InvalidInputError, match="veto"):
        ternary_rule(Count(3, quota=2), [LeafOptions(veto_on_abstain=True)])
    with pytest.raises(InvalidInputError, match="votes must be"):
        ternary_rule(Count(3, quota=2)).passes([[1, 2, 0]])
