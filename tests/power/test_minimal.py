"""Lazy enumeration of minimal winning and minimal blocking coalitions."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from power_brute import brute_force
from power_strategies import any_rule

from coalitionist.power import (
    Count,
    Rule,
    Weighted,
    minimal_blocking_coalitions,
    minimal_winning_coalitions,
    power_indices,
)


@settings(max_examples=80, deadline=None)
@given(any_rule(max_n=8))
def test_iterators_match_brute_force(rule: Rule) -> None:
    ref = brute_force(rule)
    mwc = list(minimal_winning_coalitions(rule))
    mbc = list(minimal_blocking_coalitions(rule))
    assert len(mwc) == len(set(mwc))
    assert len(mbc) == len(set(mbc))
    assert {frozenset(c) for c in mwc} == set(ref.mwc)
    assert {frozenset(c) for c in mbc} == set(ref.mbc)
    assert all(list(c) == sorted(c) for c in mwc + mbc)


def test_limit_and_laziness() -> None:
    """A 200-player majority has astronomically many minimal winning coalitions; the first few come at once."""
    rule = Count(200, quota=101)
    first = list(itertools.islice(minimal_winning_coalitions(rule), 3))
    assert len(first) == 3
    assert all(len(c) == 101 for c in first)
    assert len(list(minimal_blocking_coalitions(rule, limit=5))) == 5
    assert list(minimal_winning_coalitions(rule, limit=0)) == []


def test_result_lists_only_up_to_max_list() -> None:
    rule = Weighted([5, 4, 3, 2, 1, 1, 1], quota=9)
    full = power_indices(rule, max_list=1000)
    assert full.minimal_winning is not None
    assert len(full.minimal_winning) == full.minimal_winning_count
    short = power_indices(rule, max_list=2)
    assert short.minimal_winning is None
    assert short.minimal_winning_count == full.minimal_winning_count
    none = power_indices(rule, max_list=0)
    assert none.minimal_winning is None
    assert none.minimal_blocking is None
