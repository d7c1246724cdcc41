"""Our SALib wrapper against published answers: the Ishigami function's analytic Sobol' indices, and
Morris screening's ranking of a function whose elementary effects are known exactly."""

from __future__ import annotations

import doctest
import importlib
import math

import numpy as np
import pytest

from coalitionist.robustness import (
    SensitivityInputError,
    morris_design,
    morris_screening,
    sobol_design,
    sobol_indices,
    tornado,
)

A, B = 7.0, 0.1


def ishigami(u: np.ndarray) -> np.ndarray:
    """Ishigami & Homma (1990) on X_i ~ U(−π, π), mapped from the unit cube (written here, not SALib's)."""
    x = -math.pi + 2 * math.pi * u
    return np.sin(x[:, 0]) + A * np.sin(x[:, 1]) ** 2 + B * x[:, 2] ** 4 * np.sin(x[:, 0])


def ishigami_analytic() -> tuple[list[float], list[float]]:
    """Analytic indices (Saltelli et al. 2008, §4.9; Sobol' & Levitan 1999)."""
    v1 = 0.5 * (1 + B * math.pi**4 / 5) ** 2
    v2 = A**2 / 8
    v13 = B**2 * math.pi**8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    return [v1 / v, v2 / v, 0.0], [(v1 + v13) / v, v2 / v, v13 / v]


def test_analytic_values_are_the_published_ones() -> None:
    first, total = ishigami_analytic()
    # published to four places: S = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437)
    assert first[:2] == pytest.approx([0.3139, 0.4424], abs=1e-4)
    assert total == pytest.approx([0.5576, 0.4424, 0.2437], abs=1e-4)


def test_sobol_indices_of_ishigami() -> None:
    x = sobol_design(3, 2**13, seed=1)
    res = sobol_indices(ishigami(x), ["x1", "x2", "x3"], seed=1)
    first, total = ishigami_analytic()
    assert res.first.tolist() == pytest.approx(first, abs=0.03)
    assert res.total.tolist() == pytest.approx(total, abs=0.03)
    assert [n for n, _, _ in res.ranked()] == ["x1", "x2", "x3"]
    assert res.runs == 2**13 * 5


def test_morris_ranks_by_exact_elementary_effects() -> None:
    # y = 10 u0 + 3 u1 + 0 u2 + u3²: μ* of a linear term is its coefficient; u2 has no effect
    x = morris_design(4, 20, seed=2)
    y = 10 * x[:, 0] + 3 * x[:, 1] + x[:, 3] ** 2
    res = morris_screening(x, y, ["a", "b", "c", "d"], seed=2)
    assert res.mu_star[0] == pytest.approx(10.0)
    assert res.mu_star[1] == pytest.approx(3.0)
    assert res.mu_star[2] == 0.0
    assert res.sigma[0] == pytest.approx(0.0, abs=1e-9)  # linear: every effect the same
    assert [n for n, _, _ in res.ranked()] == ["a", "b", "d"]


def test_morris_screens_ishigami_like_published_studies() -> None:
    # x3 acts only through its interaction with x1: μ* clearly above 0 with a large σ
    x = morris_design(3, 60, seed=3)
    res = morris_screening(x, ishigami(x), ["x1", "x2", "x3"], seed=3)
    assert min(res.mu_star) > 0
    assert res.sigma[2] > 0.5 * res.mu_star[2]


def test_constant_output_has_zero_indices() -> None:
    x = sobol_design(2, 16)
    res = sobol_indices(np.ones(len(x)), ["a", "b"])
    assert res.first.tolist() == [0.0, 0.0]
    assert res.total.tolist() == [0.0, 0.0]


def test_wrong_output_length_is_an_error() -> None:
    with pytest.raises(SensitivityInputError):
        sobol_indices(np.ones(7), ["a", "b"])
    x = morris_design(2, 4)
    with pytest.raises(SensitivityInputError):
        morris_screening(x, np.ones(len(x) - 1), ["a", "b"])
    with pytest.raises(SensitivityInputError):
        tornado("y", 0.0, ["a"], [0, 1], [1], [0], [1])


def test_tornado_sorts_by_swing() -> None:
    t = tornado("y", 5.0, ["a", "b", "c"], [0, 0, 0], [1, 1, 1], [5, 2, 4], [5, 9, 7])
    assert [b.name for b in t.bars] == ["b", "c", "a"]
    assert [b.swing for b in t.bars] == [7.0, 3.0, 0.0]


@pytest.mark.parametrize(
    "name",
    [
        "coalitionist.robustness.sobol",
        "coalitionist.robustness.morris",
        "coalitionist.robustness.tornado",
    ],
)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0
    assert result.failed == 0
