"""The scenario model: actors, issues, positions, ties, the decision rule and recruitment estimates."""

from coalitionist.scenario.compile import ScenarioArrays, compile_arrays
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
