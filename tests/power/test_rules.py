"""Decision rules: validation, exact conversion of weights and thresholds, coalition forms."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

from coalitionist.errors import InvalidInputError
from coalitionist.power import (
    AllOf,
    AnyOf,
    Count,
    InvalidCoalitionError,
    InvalidRuleError,
    Unanimity,
    Veto,
    Weighted,
)
from coalitionist.power.linear import SIZE, compile_rule


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Weighted([1, -2], quota=1), "negative"),
        (lambda: Weighted([1, 2]), "exactly one"),
        (lambda: Weighted([1, 2], quota=1, threshold=0.5), "exactly one"),
        (lambda: Weighted([1, 2], threshold=1.5), r"\[0, 1\]"),
        (lambda: Weighted([1, 2], quota=0), "positive"),
        (lambda: Weighted([1, 2], threshold=0), "every coalition"),
        (lambda: Weighted([1, float("nan")], quota=1), "finite"),
        (lambda: Weighted([1, "2"], quota=1), "number"),  # type: ignore[list-item]
        (lambda: Weighted([True, 1], quota=1), "boolean"),
        (lambda: Weighted([], quota=1), "positive integer"),
        (lambda: Weighted([1, 2], quota=1, members=[5]), "does not exist"),
        (lambda: Count(0, quota=1), "positive integer"),
        (lambda: Count(3, quota=-1), "positive"),
        (lambda: Veto(3, [3]), "does not exist"),
        (lambda: AllOf([]), "at least one"),
        (lambda: AnyOf([Count(3, quota=1), Count(4, quota=1)]), "same number of players"),
        (lambda: AllOf([Count(3, quota=1), "x"]), "must be rules"),  # type: ignore[list-item]
    ],
)
def test_invalid_rules_raise_located_errors(make: Callable[[], object], message: str) -> None:
    with pytest.raises(InvalidRuleError, match=message) as err:
        make()
    assert isinstance(err.value, InvalidInputError)
    assert err.value.exit_code == 2


def test_thresholds_and_strictness_become_exact_integer_quotas() -> None:
    # 55 % of 27 members is 14.85: 15 are needed
    c = Count(27, threshold=0.55)
    assert c.wins(range(15))
    assert not c.wins(range(14))
    # strictly more than half of 4 votes: 3 needed; at least half: 2
    assert Weighted([1, 1, 1, 1], threshold=0.5, strict=True).int_quota == 3
    assert Weighted([1, 1, 1, 1], threshold=0.5).int_quota == 2
    # floats are read as the decimals they print as: 0.1 + 0.2 reaches a quota of 0.3 exactly
    w = Weighted([0.1, 0.2, 0.4], quota=0.3)
    assert w.wins([0, 1])
    assert not w.wins([0])
    assert w.weights == (Fraction(1, 10), Fraction(1, 5), Fraction(2, 5))
    assert Weighted([Decimal("1.5"), 2], quota=Fraction(7, 2)).wins([0, 1])
    # threshold is a share of the members' total only
    m = Weighted([10, 1, 1, 1], threshold=0.5, members=[1, 2, 3])
    assert m.wins([1, 2])
    assert not m.wins([0, 1])


def test_coalitions_as_indices_or_masks() -> None:
    rule = Weighted([9, 9, 7, 3, 1, 1], quota=16)
    assert rule.wins([0, 2]) is True
    assert rule.wins(np.array([True, False, True, False, False, False])) is True
    assert rule.wins([True, False, True, False, False, False]) is True
    assert rule.wins([]) is False
    assert rule.blocks([0, 1])
    assert not rule.blocks([3, 4, 5])
    with pytest.raises(InvalidCoalitionError):
        rule.wins([6])
    with pytest.raises(InvalidCoalitionError):
        rule.wins([True, False])
    with pytest.raises(InvalidCoalitionError):
        rule.wins_many(np.zeros((2, 5), dtype=bool))
    out = rule.wins_many([[1, 0, 1, 0, 0, 0], [0, 0, 0, 1, 1, 1]])
    assert out.dtype == np.bool_
    assert out.tolist() == [True, False]
    assert rule.blocks_many(np.array([[True, True, False, False, False, False]])).tolist() == [True]


def test_huge_weights_stay_exact() -> None:
    big = 10**30
    rule = Weighted([big, big, 1], quota=2 * big + 1)
    assert rule.wins([0, 1, 2])
    assert not rule.wins([0, 1])
    assert rule.wins_many(np.array([[True, True, True], [True, True, False]])).tolist() == [
        True,
        False,
    ]


def test_unanimity_veto_and_empty_lists() -> None:
    assert Unanimity(3).wins([0, 1, 2])
    assert not Unanimity(3).wins([0, 1])
    assert Unanimity(3, members=[]).wins([])  # vacuous: always satisfied
    v = Veto(4, [1, 3])
    assert v.holders == (1, 3)
    assert v.wins([1, 3])
    assert not v.wins([0, 1, 2])
    assert v.blocks([1])
    assert Veto(4, []).wins([])
    for rule in (
        v,
        Count(4, quota=2),
        Weighted([1, 2, 3, 4], threshold=0.5),
        AllOf([v]),
        AnyOf([v]),
    ):
        assert isinstance(rule.describe(), str)
        assert rule.describe()
        assert rule.describe() in repr(rule)


def test_compilation_recognises_size_and_merges_quotas() -> None:
    # the all-ones vector over everyone is the coalition size; AND of two quotas on one vector keeps the max
    game = compile_rule(AllOf([Weighted([2, 2, 2], quota=3), Weighted([1, 1, 1], quota=1)]))
    assert game.dims == ()
    assert game.tree == ("atom", SIZE, 2)
    game = compile_rule(AllOf([Weighted([3, 1], quota=2), Weighted([6, 2], quota=5)]))
    assert game.dims == ((3, 1),)
    assert game.tree == ("atom", 0, 3)
    # impossible and trivial parts vanish
    assert compile_rule(AnyOf([Weighted([1, 1], quota=5), Unanimity(2, members=[])])).tree == (
        "const",
        True,
    )
    assert compile_rule(AllOf([Weighted([1, 1], quota=5), Count(2, quota=1)])).tree == (
        "const",
        False,
    )
