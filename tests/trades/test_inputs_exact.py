"""Inputs validation and exact utilities."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from trades_brute import all_packages, no_deal, pareto_keys, small_inputs

from coalitionist.errors import InvalidInputError
from coalitionist.trades import (
    TradeInputError,
    TradeInputs,
    compile_tables,
    exact_frontier,
    grid_options,
)
from coalitionist.trades.exact import choices_from_index, to_fraction


def _spec(**overrides: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "actors": ("a", "b"),
        "issues": ("x", "y"),
        "options": (np.array([0.0, 50.0, 100.0]), np.array([0.0, 1.0])),
        "lo": np.array([0.0, 0.0]),
        "hi": np.array([100.0, 1.0]),
        "status_quo": np.array([0.0, 1.0]),
        "positions": np.array([[100.0, 0.0], [0.0, 1.0]]),
        "salience": np.array([[0.8, 0.2], [0.3, 0.7]]),
    }
    spec.update(overrides)
    return spec


def test_valid_inputs_and_package_space() -> None:
    inp = TradeInputs(**_spec())
    assert inp.package_space == 6
    assert inp.option_label(0, 1) == 50.0
    labelled = TradeInputs(**_spec(labels=(("none", None, "all"), None)))
    assert [labelled.option_label(0, o) for o in range(3)] == ["none", 50.0, "all"]
    assert labelled.option_label(1, 0) == 0.0
    assert isinstance(inp.positions, np.ndarray)
    assert not inp.positions.flags.writeable


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"actors": ("a", "a")}, "duplicate actor"),
        ({"lo": np.array([0.0, 1.0])}, "lo < hi"),
        ({"status_quo": np.array([200.0, 1.0])}, "status quo 200.0 lies outside"),
        ({"options": (np.array([0.0, 150.0]), np.array([0.0, 1.0]))}, "within the scale"),
        ({"options": (np.array([0.0, 0.0]), np.array([0.0, 1.0]))}, "distinct"),
        ({"options": (np.array([]), np.array([0.0, 1.0]))}, "at least one option"),
        ({"salience": np.array([[-1.0, 0.2], [0.3, 0.7]])}, "actor a, issue x: salience"),
        ({"positions": np.array([[np.nan, 0.0], [0.0, 1.0]])}, "actor a, issue x: position"),
        ({"positions": np.array([[100.0, 0.0]])}, "positions must have shape"),
        ({"labels": (("lo", "hi"), None)}, "2 labels for 3 options"),
        ({"utility_tables": {"c": {}}}, "unknown actor c"),
        ({"utility_tables": {"a": {"z": [1]}}}, "unknown issue z"),
        ({"utility_tables": {"a": {"x": [1, 2]}}}, "needs 3 finite values"),
        ({"discount_rate": np.array([-0.1, 0.1])}, "discount_rate must be >= 0"),
        ({"beliefs": {"e": np.array([0.5, 1.5])}}, r"beliefs\[e\]"),
        ({"risk_aversion": np.array([-1.0, np.nan])}, "risk_aversion must be >= 0"),
        ({"issue_kinds": ("substance", "looks")}, "kind must be one of"),
        ({"capability": np.array([1.0])}, "capability must have shape"),
    ],
)
def test_invalid_inputs_are_rejected_with_a_located_message(
    overrides: dict[str, Any], message: str
) -> None:
    with pytest.raises(TradeInputError, match=message) as err:
        TradeInputs(**_spec(**overrides))
    assert isinstance(err.value, InvalidInputError)
    assert err.value.exit_code == 2


def test_table_needs_status_quo_among_options() -> None:
    spec = _spec(status_quo=np.array([25.0, 1.0]), utility_tables={"a": {"x": [0, 1, 2]}})
    with pytest.raises(TradeInputError, match="status quo"):
        TradeInputs(**spec)


def test_missing_position_allowed_where_salience_is_zero() -> None:
    inp = TradeInputs(
        **_spec(
            positions=np.array([[np.nan, 0.0], [0.0, 1.0]]),
            salience=np.array([[0.0, 0.2], [0.3, 0.7]]),
        )
    )
    tables = compile_tables(inp)
    assert tables.values[0][0] == (Fraction(0),) * 3
    assert tables.values[0][1] == (Fraction(1), Fraction(0))


def test_grid_options_are_the_decimals_written() -> None:
    assert grid_options(0, 1, 11).tolist() == [
        0.0,
        0.1,
        0.2,
        0.3,
        0.4,
        0.5,
        0.6,
        0.7,
        0.8,
        0.9,
        1.0,
    ]
    assert grid_options(-1, 1, 3).tolist() == [-1.0, 0.0, 1.0]
    with pytest.raises(TradeInputError):
        grid_options(0, 1, 1)


def test_to_fraction_reads_the_decimal() -> None:
    assert to_fraction(0.1) == Fraction(1, 10)
    assert to_fraction(np.float64(0.3)) == Fraction(3, 10)
    assert to_fraction(7) == 7
    assert to_fraction(1e-5) == Fraction(1, 100000)
    with pytest.raises(TradeInputError):
        to_fraction(float("nan"))


def test_default_utility_hand_worked() -> None:
    """u_a(x=50, y=0) = 0.8 * (1 - 50/100) + 0.2 * (1 - 0/1) = 0.6;
    u_b(x=50, y=0) = 0.3 * (1 - 50/100) + 0.7 * (1 - 1/1) = 0.15."""
    tables = compile_tables(TradeInputs(**_spec()))
    u = tables.fractions(tables.package_ints(np.array([[1, 0]]))[0])
    assert u == (Fraction(3, 5), Fraction(3, 20))
    # no deal: x = 0, y = 1
    assert tables.no_deal == (Fraction(0), Fraction(1))


@settings(max_examples=60, deadline=None)
@given(small_inputs())
def test_compiled_utilities_match_the_formula(inputs: TradeInputs) -> None:
    tables = compile_tables(inputs)
    packages = all_packages(inputs)
    choices = np.array(list(packages), dtype=np.int64)
    ints = tables.package_ints(choices)
    for row, c in zip(ints, packages, strict=True):
        assert tables.fractions(row) == packages[c]
    assert tables.no_deal == no_deal(inputs)
    # float utilities agree with an independent float computation of the formula
    floats = tables.to_float(ints)
    for f, c in zip(floats, packages, strict=True):
        assert np.allclose(f, [float(u) for u in packages[c]], rtol=1e-12, atol=1e-15)


def test_python_integers_when_int64_could_overflow() -> None:
    """Positions and saliences like 1/3 written as 0.3333333333333333 have 10^16 denominators; with
    salience totals like 1.1567... the integer scale overflows int64, so Python integers are used --
    and the frontier is still exact."""
    third = 1 / 3
    inp = TradeInputs.from_spec(
        ["a", "b", "c"],
        {k: {"scale": (0, 1), "options": [0, 0.5, 1], "status_quo": 0.5} for k in "xyz"},
        {
            "a": {"x": (third, third), "y": (0, 0.123456789012345), "z": (1 / 7, 0.7)},
            "b": {"x": (0, 0.1), "y": (2 / 3, third / 7), "z": (0, 0.2)},
            "c": {"x": (0.5, 0.9), "y": (1, 0.2), "z": (1 / 13, 1 / 11)},
        },
    )
    tables = compile_tables(inp)
    assert not tables.exact_int64
    assert tables.dtype == object
    choices, _ = exact_frontier(tables.int_tables)
    assert {tuple(int(o) for o in r) for r in choices} == pareto_keys(all_packages(inp))


def test_choices_from_index_is_product_order() -> None:
    import itertools

    sizes = [2, 3, 2]
    expected = [list(c) for c in itertools.product(*[range(s) for s in sizes])]
    assert choices_from_index(0, 12, sizes).tolist() == expected
    assert choices_from_index(5, 7, sizes).tolist() == expected[5:7]
