"""The given-data first-order Sobol' estimator (EASI) against SALib's rbd_fast, analytic indices and the
permutation threshold's false-positive rate."""

from __future__ import annotations

import doctest
import math

import numpy as np
import pytest

from coalitionist.robustness import (
    SensitivityInputError,
    easi_first_order,
    easi_threshold,
    given_data,
)


def test_doctests() -> None:
    assert doctest.testmod(given_data).failed == 0


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("harmonics", [6, 10])
def test_equals_salib_rbd_fast_on_the_same_sample(seed: int, harmonics: int) -> None:
    rbd_fast = pytest.importorskip("SALib.analyze.rbd_fast")
    rng = np.random.default_rng(seed)
    x = rng.random((301, 5))
    y = np.sin(6 * x[:, 0]) + x[:, 1] ** 2 + 0.3 * x[:, 2] * x[:, 3] + 0.05 * rng.random(301)
    problem = {"num_vars": 5, "names": list("abcde"), "bounds": [[0.0, 1.0]] * 5}
    ref = rbd_fast.analyze(problem, x, y, M=harmonics, num_resamples=2, seed=0)["S1"]
    np.testing.assert_allclose(easi_first_order(x, y, harmonics=harmonics), ref, atol=1e-12)


def test_linear_model_matches_the_analytic_indices() -> None:
    # y = sum a_i x_i, x_i ~ U(0, 1) independent: S_i = a_i^2 / sum a^2 (Saltelli et al. 2008, §1.2.5)
    a = np.array([3.0, 2.0, 1.0, 0.0])
    x = np.random.default_rng(5).random((4000, 4))
    s = easi_first_order(x, x @ a)
    np.testing.assert_allclose(s, a**2 / (a**2).sum(), atol=0.03)


def test_ishigami_first_order_indices() -> None:
    # analytic: S1 = 0.3139, S2 = 0.4424, S3 = 0 (Saltelli et al. 2008, §4.9)
    u = np.random.default_rng(3).random((8000, 3))
    x = -math.pi + 2 * math.pi * u
    y = np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])
    np.testing.assert_allclose(easi_first_order(u, y), [0.3139, 0.4424, 0.0], atol=0.04)


def test_the_threshold_keeps_false_drivers_rare() -> None:
    # y independent of all 40 inputs: with the Bonferroni threshold at alpha = 0.05, some input should pass
    # it in about 5 % of the runs (at most); a naive cut at 0.05 would flag one in nearly every run
    runs, flagged, naive = 30, 0, 0
    for seed in range(runs):
        rng = np.random.default_rng(100 + seed)
        x, y = rng.random((200, 40)), rng.random(200)
        s = easi_first_order(x, y)
        flagged += bool((s > easi_threshold(y, 40, seed=seed, permutations=2000)).any())
        naive += bool((s > 0.05).any())
    assert flagged <= 5
    assert naive > 20


def test_a_strong_driver_passes_the_threshold_among_many_inputs() -> None:
    rng = np.random.default_rng(9)
    x = rng.random((200, 200))
    y = (x[:, 17] > 0.3).astype(float)  # a yes/no conclusion that turns on one estimate
    s = easi_first_order(x, y)
    above = np.flatnonzero(s > easi_threshold(y, 200))
    assert above.tolist() == [17]


def test_constant_output_and_constant_inputs() -> None:
    x = np.random.default_rng(0).random((50, 3))
    assert np.isnan(easi_first_order(x, np.ones(50))).all()
    assert math.isnan(easi_threshold(np.ones(50), 3))
    x[:, 1] = 0.5
    assert easi_first_order(x, x[:, 0])[1] == 0.0


@pytest.mark.parametrize(
    ("x", "y"),
    [
        (np.zeros((20, 2)), np.arange(20.0)),  # too few draws for 6 harmonics
        (np.zeros((50, 2)), np.arange(49.0)),  # lengths differ
        (np.zeros((50, 2)), np.full(50, np.nan)),
    ],
)
def test_bad_input(x: np.ndarray, y: np.ndarray) -> None:
    with pytest.raises(SensitivityInputError):
        easi_first_order(x, y)
