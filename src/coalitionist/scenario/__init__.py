"""The scenario model: actors, issues, positions, ties, the decision rule and recruitment estimates."""

from typing import TYPE_CHECKING, Any

from coalitionist.scenario.errors import Problem, ScenarioValidationError
from coalitionist.scenario.model import (
    Actor,
    AllOfRule,
    AnyOfRule,
    Candidate,
    CountRule,
    Effect,
    Issue,
    Option,
    Recruitment,
    Relationship,
    Rule,
    Scenario,
    Stance,
    UnanimityRule,
    VetoRule,
    WeightedRule,
)
from coalitionist.scenario.values import Uncertain, Word

if TYPE_CHECKING:
    from coalitionist.scenario.compile import ScenarioArrays, compile_arrays


def __getattr__(name: str) -> Any:
    """The compiled arrays (NumPy) load on first use, so that reading a file does not pay for NumPy."""
    if name in ("ScenarioArrays", "compile_arrays"):
        from coalitionist.scenario import compile as _compile

        return getattr(_compile, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Actor",
    "AllOfRule",
    "AnyOfRule",
    "Candidate",
    "CountRule",
    "Effect",
    "Issue",
    "Option",
    "Problem",
    "Recruitment",
    "Relationship",
    "Rule",
    "Scenario",
    "ScenarioArrays",
    "ScenarioValidationError",
    "Stance",
    "UnanimityRule",
    "Uncertain",
    "VetoRule",
    "WeightedRule",
    "Word",
    "compile_arrays",
]
