"""One seeding helper for every stochastic entry point (issue 12, point 4; ``coalitionist.seeding``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from coalitionist.errors import CoalitionistError, InvalidArgumentError
from coalitionist.examples import example_path
from coalitionist.io import load_scenario
from coalitionist.seeding import as_entropy, as_rng, check_seed, seeded


@pytest.mark.parametrize("bad", [-1, True, 1.5, "3", np.int64(-2), [1, 2]])
def test_bad_seeds_are_domain_errors(bad: object) -> None:
    with pytest.raises(InvalidArgumentError, match="seed must be None, an integer ≥ 0"):
        check_seed(bad)


@pytest.mark.parametrize(
    "good", [None, 0, 7, 2**80, np.int64(3), np.random.SeedSequence(1), np.random.default_rng(1)]
)
def test_good_seeds_pass(good: object) -> None:
    assert check_seed(good) is good or check_seed(good) == good


def test_integer_seeds_give_the_numbers_they_always_gave() -> None:
    assert as_rng(11).random(3).tolist() == np.random.default_rng(11).random(3).tolist()
    assert as_entropy(11) == 11
    assert as_entropy(None) is None
    assert as_entropy(np.random.SeedSequence(11)) == 11
    g = np.random.default_rng(4)
    assert as_rng(g) is g


def test_the_decorator_checks_positional_and_keyword_seeds_and_leaves_defaults() -> None:
    @seeded("seed", convert="rng")
    def f(n: int, seed: Any = None) -> Any:
        return seed

    assert f(1) is None  # the function's own default, untouched
    assert isinstance(f(1, 3), np.random.Generator)
    assert isinstance(f(1, seed=3), np.random.Generator)
    with pytest.raises(InvalidArgumentError):
        f(1, -3)


def test_the_decorator_refuses_a_function_without_the_parameter() -> None:
    with pytest.raises(TypeError, match="no parameter seed"):
        seeded()(lambda n: n)


def _gas() -> Any:
    return load_scenario(example_path("russia-china-gas-2014"))


def _clinic() -> Any:
    return load_scenario(example_path("clinic-program"))


def _entry_points() -> dict[str, Callable[[Any], object]]:
    from coalitionist.analyses.forecast import run_forecast
    from coalitionist.analyses.outcome import run_outcome
    from coalitionist.analyses.process import run_process
    from coalitionist.analyses.strategy import run_plan
    from coalitionist.analyses.trades import run_trades, trade_inputs
    from coalitionist.brief import make_brief
    from coalitionist.power import Weighted, power_indices
    from coalitionist.process import lockout_risk, perturbed_draws
    from coalitionist.report import make_brief as report_brief
    from coalitionist.trades import analyze_trades

    return {
        "brief.make_brief": lambda s: make_brief(_gas(), seed=s),
        "report.make_brief": lambda s: report_brief(_gas(), seed=s),
        "run_process": lambda s: run_process(_clinic(), samples=10, seed=s),
        "run_trades": lambda s: run_trades(_gas(), seed=s),
        "analyze_trades": lambda s: analyze_trades(trade_inputs(_gas()), seed=s),
        "run_plan": lambda s: run_plan(_clinic(), seed=s),
        "run_outcome": lambda s: run_outcome(_gas(), samples=10, seed=s),
        "run_forecast": lambda s: run_forecast(_gas(), seed=s),
        "power_indices": lambda s: power_indices(Weighted([2, 1, 1], quota=3), seed=s),
        "perturbed_draws": lambda s: perturbed_draws(
            [[50.0]], [[0.5]], [0.0], [100.0], samples=3, seed=s
        ),
        "lockout_risk": lambda s: lockout_risk(
            np.zeros((2, 3, 1)),
            np.ones((2, 3, 1)),
            [0.0],
            [1.0],
            [1.0],
            0,
            lambda codes: np.ones(len(codes), dtype=bool),
            seed=s,
        ),
    }


@pytest.mark.parametrize("name", sorted(_entry_points()))
def test_every_stochastic_entry_point_refuses_a_negative_seed(name: str) -> None:
    with pytest.raises(CoalitionistError, match="seed must be None, an integer ≥ 0") as info:
        _entry_points()[name](-1)
    assert info.value.exit_code == 2


def test_equal_seeds_give_equal_briefs_whatever_their_form() -> None:
    from coalitionist.brief import make_brief

    def brief_json(seed: object) -> str:
        return json.dumps(make_brief(_gas(), seed=seed).to_dict(), sort_keys=True)  # type: ignore[arg-type]

    default = brief_json(0)
    assert (
        json.dumps(make_brief(_gas()).to_dict(), sort_keys=True) == default
    )  # seed=0 is the default
    assert brief_json(np.random.SeedSequence(0)) == default  # the same entropy
    assert brief_json(np.random.default_rng(5)) == brief_json(np.random.default_rng(5))
