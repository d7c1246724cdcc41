"""The result object: JSON shape of the issue, plain reading, graceful degenerate rules, options."""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

import pytest

from coalitionist.power import (
    INDEX_NAMES,
    AllOf,
    Count,
    InvalidPowerOptionError,
    Rule,
    Unanimity,
    Veto,
    Weighted,
    describe_power,
    power_indices,
)


def test_to_dict_has_the_issue_shape() -> None:
    r = power_indices(Weighted([9, 9, 7, 3, 1, 1], quota=16), ["a", "b", "c", "d", "e", "f"])
    d = r.to_dict()
    json.dumps(d)  # plain data
    for key in (
        "players",
        "method",
        "indices",
        "veto_players",
        "dummies",
        "minimal_winning_count",
        "minimal_blocking_count",
    ):
        assert key in d
    assert d["players"] == ["a", "b", "c", "d", "e", "f"]
    assert d["method"] == "exact"
    assert tuple(d["indices"]) == INDEX_NAMES
    for vals in d["indices"].values():
        assert list(vals) == d["players"]
        assert all(type(v) is float for v in vals.values())
    assert d["dummies"] == ["d", "e", "f"]
    assert d["veto_players"] == []
    assert d["minimal_winning_count"] == 3
    assert d["minimal_blocking_count"] == 3
    assert d["swings"] == {"a": 16, "b": 16, "c": 16, "d": 0, "e": 0, "f": 0}
    assert d["minimal_winning"] == [["a", "b"], ["a", "c"], ["b", "c"]]
    assert "exact_indices" not in d


def test_exact_result_carries_fraction_strings() -> None:
    r = power_indices(AllOf([Count(15, quota=9), Veto(15, range(5))]), exact=True)
    d = r.to_dict()
    assert d["exact_indices"]["shapley_shubik"]["p1"] == "421/2145"
    assert isinstance(r.values("shapley_shubik")["p1"], Fraction)
    assert d["indices"]["shapley_shubik"]["p1"] == pytest.approx(421 / 2145)


def test_plain_readings() -> None:
    assert describe_power(power_indices(Weighted([5, 1, 1], quota=5))) == (
        "p1 is a dictator: it alone decides; p2 and p3 are dummies (never decisive)."
    )
    unsc = describe_power(power_indices(AllOf([Count(15, quota=9), Veto(15, range(5))])))
    assert "p1, p2, p3, p4 and p5 each have a veto" in unsc
    assert "98.1%" in unsc
    assert "equal power" in describe_power(power_indices(Count(4, quota=3)))


@pytest.mark.parametrize(
    ("rule", "phrase"),
    [
        (Weighted([1, 2, 3], quota=10), "No coalition wins"),
        (Unanimity(3, members=[]), "Every coalition wins"),
    ],
)
def test_degenerate_rules_are_explained_not_crashing(rule: Rule, phrase: str) -> None:
    r = power_indices(rule, exact=True)
    assert any(phrase in note for note in r.notes)
    for name in INDEX_NAMES:
        assert all(v == 0 for v in r.values(name).values())
    assert "nobody has any voting power" in describe_power(r)
    json.dumps(r.to_dict())


def test_improper_rule_is_flagged() -> None:
    r = power_indices(Weighted([1, 1, 1, 1], quota=2))
    assert r.proper is False
    assert any("improper" in note for note in r.notes)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"method": "fast"}, "method"),
        ({"epsilon": 0}, "epsilon"),
        ({"delta": 1.5}, "delta"),
        ({"names": ["a", "b"]}, "names given"),
        ({"names": ["a", "a", "b"]}, "distinct"),
        ({"exact": True, "method": "monte_carlo"}, "cannot be combined"),
        ({"max_list": -1}, "max_list"),
        ({"seed": "x"}, "seed"),
    ],
)
def test_invalid_options(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidPowerOptionError, match=message) as err:
        power_indices(Weighted([1, 1, 1], quota=2), **kwargs)
    assert err.value.exit_code == 2


def test_a_subset_of_indices() -> None:
    rule = AllOf([Count(15, quota=9), Veto(15, range(5))])
    r = power_indices(rule, indices=["banzhaf", "johnston"])
    assert tuple(r.indices) == ("banzhaf", "johnston")
    assert r.values("banzhaf")["p1"] == pytest.approx(848 / (5 * 848 + 10 * 84))
    assert not any("not computed" in note or "too large" in note for note in r.notes)
    assert tuple(r.to_dict()["indices"]) == ("banzhaf", "johnston")
    with pytest.raises(KeyError):
        r.values("holler")
    with pytest.raises(InvalidPowerOptionError, match="unknown index"):
        power_indices(rule, indices=["power"])
    mc = power_indices(rule, method="monte_carlo", indices=["shapley_shubik"], epsilon=0.05, seed=3)
    assert tuple(mc.indices) == ("shapley_shubik",)
    assert any("every Shapley–Shubik value" in note for note in mc.notes)
