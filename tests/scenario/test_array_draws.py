"""Monte Carlo draws of a scenario's arrays, listed once (:class:`ArrayDraws`, issue 12 point 5).

The forecast's Monte Carlo, the outcome section and the process section draw 1,000 samples of one scenario;
the draws are prepared once instead of compiling the whole file for each sample. The numbers must be the ones
the documented draw order gives: the uncertain capabilities in file order, then each actor's stances in
file order (position before salience), each drawn from the same generator, then clipped. The expected draws
below are made by hand from the generator in that order, not by the code under test.
"""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from coalitionist.analyses.forecast import ScenarioSampler
from coalitionist.scenario import Scenario, compile_arrays
from coalitionist.scenario.compile import ArrayDraws

DATA = {
    "title": "Draws",
    "salience_scale": 10,
    "actors": [
        {"id": "a", "capability": {"dist": "normal", "mean": 5, "sd": 20}},  # clipped at 0 often
        {"id": "b", "capability": 3},
        {"id": "c", "capability": {"dist": "uniform", "low": 1, "high": 2}},
    ],
    "issues": [
        {"id": "x", "scale": [0, 100], "status_quo": 10},
        {"id": "y", "scale": [-1, 1], "status_quo": 0},
    ],
    "positions": {
        "a": {
            "x": {"position": {"dist": "triangular", "low": 20, "mode": 30, "high": 60}},
            "y": {
                "position": 0.5,
                "salience": {"dist": "beta", "alpha": 2, "beta": 3, "low": 0, "high": 10},
            },
        },
        "b": {"x": {"position": {"dist": "normal", "mean": 90, "sd": 30}, "salience": 4}},
        "c": {
            "y": {
                "position": {"dist": "triangular", "low": 0.5, "mode": 0.5, "high": 0.5},  # no draw
                "salience": {"dist": "uniform", "low": 2, "high": 8},
            }
        },
    },
}


@pytest.fixture
def scenario() -> Scenario:
    return Scenario.from_data(DATA)


def by_hand(rng: np.random.Generator) -> tuple[list[float], list[list[float]], list[list[float]]]:
    """One draw of DATA in the documented order, written out from the file."""
    cap_a = max(rng.normal(5, 20), 0.0)
    cap_c = rng.uniform(1, 2)
    pos_ax = rng.triangular(20, 30, 60)
    sal_ay = (0 + 10 * rng.beta(2, 3)) / 10  # beta on [0, 10], divided by salience_scale
    pos_bx = min(max(rng.normal(90, 30), 0.0), 100.0)
    sal_cy = rng.uniform(2, 8) / 10  # c's position is a triangular of zero width: no draw
    capability = [cap_a, 3.0, cap_c]
    positions = [[pos_ax, 0.5], [pos_bx, 0.0], [10.0, 0.5]]  # b states nothing on y: the status quo
    salience = [[1.0, sal_ay], [0.4, 0.0], [0.0, sal_cy]]  # a position without salience: full
    return capability, positions, salience


@pytest.mark.parametrize("seed", [0, 1, 2, 7, 123])
def test_a_draw_is_the_documented_draw_order(scenario: Scenario, seed: int) -> None:
    capability, positions, salience = by_hand(np.random.default_rng(seed))
    for draw in (
        ArrayDraws.of(scenario).draw(np.random.default_rng(seed)),
        compile_arrays(scenario, np.random.default_rng(seed)),
    ):
        assert draw.capability.tolist() == capability
        assert draw.positions.tolist() == positions
        assert draw.salience.tolist() == salience
        assert np.array_equal(draw.stated, scenario.arrays.stated)
        assert draw.ties is scenario.arrays.ties
        assert not draw.positions.flags.writeable


def test_successive_draws_continue_the_same_stream(scenario: Scenario) -> None:
    draws = ArrayDraws.of(scenario)
    rng, ref = np.random.default_rng(5), np.random.default_rng(5)
    for _ in range(4):
        capability, positions, salience = draws.inputs(rng)
        c, p, s = by_hand(ref)
        assert (capability.tolist(), positions.tolist(), salience.tolist()) == (c, p, s)
    assert rng.random() == ref.random()  # no draw more, no draw less


def test_inputs_are_fresh_arrays_and_the_point_arrays_do_not_move(scenario: Scenario) -> None:
    draws = ArrayDraws.of(scenario)
    before = scenario.arrays.positions.copy()
    capability, positions, _ = draws.inputs(np.random.default_rng(0))
    positions[0, 0] = -5.0  # the caller's to change
    capability[1] = 99.0
    assert np.array_equal(scenario.arrays.positions, before)
    assert scenario.arrays.capability[1] == 3.0
    assert [slot[:3] for slot in draws.slots] == [
        (0, 0, 0),
        (0, 2, 0),
        (1, 0, 0),
        (2, 0, 1),
        (1, 1, 0),
        (1, 2, 1),
        (2, 2, 1),
    ]


def test_a_scenario_without_uncertainty_draws_nothing() -> None:
    plain = Scenario.from_data(
        {
            "title": "Plain",
            "actors": [{"id": "a", "capability": 2}, {"id": "b"}],
            "issues": [{"id": "x", "scale": [0, 10]}],
            "positions": {"a": {"x": 3}, "b": {"x": {"position": 9, "salience": 0.5}}},
        }
    )
    draws = ArrayDraws.of(plain)
    assert draws.slots == ()
    rng = np.random.default_rng(3)
    capability, positions, salience = draws.inputs(rng)
    assert capability.tolist() == [2.0, 1.0]
    assert positions.tolist() == [[3.0], [9.0]]
    assert salience.tolist() == [[1.0], [0.5]]
    assert rng.random() == np.random.default_rng(3).random()


def test_the_sampler_draws_the_file_then_pickles(scenario: Scenario) -> None:
    sampler = ScenarioSampler(scenario, noise=False)
    capability, positions, salience = sampler(np.random.default_rng(11))
    c, p, s = by_hand(np.random.default_rng(11))
    assert (capability.tolist(), positions.tolist(), salience.tolist()) == (c, p, s)
    again = pickle.loads(pickle.dumps(sampler))  # process pools pickle it, with its prepared draws
    assert [x.tolist() for x in again(np.random.default_rng(11))] == [c, p, s]
