"""The scenario's decision rule as a simple game over its actors (players in file order).

This is the one place where actor ids, tags and attributes become the numeric rules of
:mod:`coalitionist.power`:

* no ``decision:`` in the file means a simple majority of votes (more than half of all votes);
* actors marked ``veto: true`` must be in every winning coalition: when the rule does not already name them
  in a top-level ``veto`` rule, the rule becomes ``all_of(rule, veto(those actors))``;
* ``members`` (ids or tags) restrict a rule to those actors; ``weight: votes`` or an attribute name gives the
  weights of a ``weighted`` rule.
"""

from __future__ import annotations

from coalitionist.power import AllOf, AnyOf, Count, Rule, Unanimity, Veto, Weighted
from coalitionist.scenario.model import (
    AllOfRule,
    AnyOfRule,
    CountRule,
    Scenario,
    UnanimityRule,
    VetoRule,
    WeightedRule,
)
from coalitionist.scenario.model import Rule as RuleSpec


def _indices(scenario: Scenario, names: tuple[str, ...] | None) -> list[int] | None:
    if names is None:
        return None
    return [scenario.actor_index[a] for a in scenario.resolve_members(names)]


def _veto_holders(scenario: Scenario, spec: VetoRule) -> list[int]:
    if spec.holders is None:
        return [i for i, a in enumerate(scenario.actors) if a.veto]
    return [scenario.actor_index[a] for a in scenario.resolve_members(spec.holders)]


def compile_rule(spec: RuleSpec, scenario: Scenario) -> Rule:
    """Translate one rule of the file into a numeric rule over all actors."""
    n = len(scenario.actors)
    if isinstance(spec, WeightedRule):
        if spec.weight == "votes":
            weights = [a.votes for a in scenario.actors]
        else:
            weights = [a.attributes.get(spec.weight, 0.0) for a in scenario.actors]
        return Weighted(
            weights,
            quota=spec.quota,
            threshold=spec.threshold,
            strict=spec.strict,
            members=_indices(scenario, spec.members),
        )
    if isinstance(spec, CountRule):
        return Count(
            n,
            quota=spec.quota,
            threshold=spec.threshold,
            strict=spec.strict,
            members=_indices(scenario, spec.members),
        )
    if isinstance(spec, UnanimityRule):
        return Unanimity(n, members=_indices(scenario, spec.members))
    if isinstance(spec, VetoRule):
        return Veto(n, holders=_veto_holders(scenario, spec))
    if isinstance(spec, AllOfRule):
        return AllOf([compile_rule(r, scenario) for r in spec.rules])
    assert isinstance(spec, AnyOfRule)
    return AnyOf([compile_rule(r, scenario) for r in spec.rules])


def _covered_vetoes(spec: RuleSpec | None, scenario: Scenario) -> set[int]:
    if isinstance(spec, VetoRule):
        return set(_veto_holders(scenario, spec))
    if isinstance(spec, AllOfRule):
        out: set[int] = set()
        for part in spec.rules:
            out |= _covered_vetoes(part, scenario)
        return out
    return set()


def decision_makers(scenario: Scenario) -> tuple[str, ...]:
    """Ids of the actors the decision rule counts (members of any of its parts, veto holders included);
    every actor when the rule counts everyone or there is no rule. File order."""
    found: set[str] = set()

    def walk(spec: RuleSpec) -> bool:
        if isinstance(spec, AllOfRule | AnyOfRule):
            return any([walk(r) for r in spec.rules])  # noqa: C419 (walk every part: it collects members)
        if isinstance(spec, VetoRule):
            found.update(scenario.actors[i].id for i in _veto_holders(scenario, spec))
            return False
        if spec.members is None:
            return True
        found.update(scenario.resolve_members(spec.members))
        return False

    if scenario.decision is None or walk(scenario.decision):
        return tuple(a.id for a in scenario.actors)
    found.update(a.id for a in scenario.actors if a.veto)
    return tuple(a.id for a in scenario.actors if a.id in found)


def scenario_rule(scenario: Scenario) -> Rule:
    """The decision rule of ``scenario`` over all its actors, with ``veto: true`` actors' consent required."""
    spec = scenario.decision
    rule: Rule
    if spec is None:
        rule = Weighted([a.votes for a in scenario.actors], threshold=0.5, strict=True)
    else:
        rule = compile_rule(spec, scenario)
    missing = sorted(
        {i for i, a in enumerate(scenario.actors) if a.veto} - _covered_vetoes(spec, scenario)
    )
    if missing:
        rule = AllOf([rule, Veto(len(scenario.actors), holders=missing)])
    return rule
