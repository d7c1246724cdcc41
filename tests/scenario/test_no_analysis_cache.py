"""The frozen Scenario carries no analysis cache (issue 12.3: "shared work (the game, minimal coalitions, the
forecast) is computed once by the brief's pipeline and passed down, not cached on the Scenario").

The issue found a mutable string-keyed ``analysis_cache`` on the frozen model. Making a whole brief may now
leave on the scenario only what the scenario itself derives from its file: its own ``cached_property`` values
(the compiled arrays, the id → row indexes), none of them an analysis's result.
"""

from __future__ import annotations

from functools import cached_property

import pytest

from coalitionist.brief import make_brief
from coalitionist.examples import example_path
from coalitionist.io import load_scenario
from coalitionist.scenario import Scenario
from coalitionist.scenario.compile import ScenarioArrays


def test_the_model_has_no_cache_field() -> None:
    assert not any("cache" in name for name in Scenario.model_fields)
    assert not hasattr(Scenario, "analysis_cache")


@pytest.mark.parametrize("name", ["clinic-program", "un-security-council"])
def test_a_brief_leaves_only_the_compiled_arrays_on_the_scenario(name: str) -> None:
    scenario = load_scenario(example_path(name))
    before = dict(vars(scenario))
    make_brief(scenario, seed=0)
    after = vars(scenario)
    added = {k: v for k, v in after.items() if k not in before}
    own = {k for k, v in vars(Scenario).items() if isinstance(v, cached_property)}
    assert own <= {"arrays", "actor_index", "issue_index", "tags"}  # a new one needs a look here
    assert set(added) <= own, f"the brief left {sorted(set(added) - own)} on the scenario"
    if "arrays" in added:
        assert isinstance(added["arrays"], ScenarioArrays)
    assert all(after[k] is v for k, v in before.items())  # nothing replaced either
    assert scenario.__pydantic_private__ in (None, {})
