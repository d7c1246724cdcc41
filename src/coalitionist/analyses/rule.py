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


class _Players:
    """The players of a game: all actors, or a subset (in file order), and their indices."""

    def __init__(self, scenario: Scenario, actors: tuple[str, ...] | None = None) -> None:
        self.ids = actors if actors is not None else tuple(a.id for a in scenario.actors)
        self.index = {a: i for i, a in enumerate(self.ids)}
        self.actors = [scenario.actor(a) for a in self.ids]

    def of(self, ids: tuple[str, ...]) -> list[int]:
        return [self.index[a] for a in ids if a in self.index]


def _indices(
    scenario: Scenario, names: tuple[str, ...] | None, players: _Players
) -> list[int] | None:
    if names is None:
        return None
    return players.of(scenario.resolve_members(names))


def _veto_ids(scenario: Scenario, spec: VetoRule) -> tuple[str, ...]:
    if spec.holders is None:
        return tuple(a.id for a in scenario.actors if a.veto)
    return scenario.resolve_members(spec.holders)


def _veto_holders(scenario: Scenario, spec: VetoRule) -> list[int]:
    return [scenario.actor_index[a] for a in _veto_ids(scenario, spec)]


def compile_rule(spec: RuleSpec, scenario: Scenario, actors: tuple[str, ...] | None = None) -> Rule:
    """Translate one rule of the file into a numeric rule over all actors (or over ``actors``)."""
    players = _Players(scenario, actors)
    return _compile(spec, scenario, players)


def _compile(spec: RuleSpec, scenario: Scenario, players: _Players) -> Rule:
    n = len(players.ids)
    if isinstance(spec, WeightedRule):
        if spec.weight == "votes":
            weights = [a.votes for a in players.actors]
        else:
            weights = [a.attributes.get(spec.weight, 0.0) for a in players.actors]
        return Weighted(
            weights,
            quota=spec.quota,
            threshold=spec.threshold,
            strict=spec.strict,
            members=_indices(scenario, spec.members, players),
        )
    if isinstance(spec, CountRule):
        return Count(
            n,
            quota=spec.quota,
            threshold=spec.threshold,
            strict=spec.strict,
            members=_indices(scenario, spec.members, players),
        )
    if isinstance(spec, UnanimityRule):
        return Unanimity(n, members=_indices(scenario, spec.members, players))
    if isinstance(spec, VetoRule):
        return Veto(n, holders=players.of(_veto_ids(scenario, spec)))
    if isinstance(spec, AllOfRule):
        return AllOf([_compile(r, scenario, players) for r in spec.rules])
    assert isinstance(spec, AnyOfRule)
    return AnyOf([_compile(r, scenario, players) for r in spec.rules])


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


def scenario_rule(scenario: Scenario, actors: tuple[str, ...] | None = None) -> Rule:
    """The decision rule of ``scenario`` with ``veto: true`` actors' consent required, over all its actors
    (or over ``actors``, e.g. the :func:`decision_makers`: the others are null players)."""
    players = _Players(scenario, actors)
    spec = scenario.decision
    rule: Rule
    if spec is None:
        rule = Weighted([a.votes for a in players.actors], threshold=0.5, strict=True)
    else:
        rule = _compile(spec, scenario, players)
    covered = {scenario.actors[i].id for i in _covered_vetoes(spec, scenario)}
    missing = players.of(tuple(a.id for a in players.actors if a.veto and a.id not in covered))
    if missing:
        rule = AllOf([rule, Veto(len(players.ids), holders=missing)])
    return rule
