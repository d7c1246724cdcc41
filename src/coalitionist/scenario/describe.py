"""Plain-language descriptions of scenario parts (used by the CLI and the brief)."""

from __future__ import annotations

from coalitionist.scenario.model import (
    AllOfRule,
    AnyOfRule,
    CountRule,
    Rule,
    Scenario,
    UnanimityRule,
    VetoRule,
    WeightedRule,
)


def _members(scenario: Scenario, names: tuple[str, ...] | None) -> str:
    if names is None:
        return f"all {len(scenario.actors)} actors"
    ids = scenario.resolve_members(names)
    if any(n in scenario.tags for n in names):
        label = ", ".join(names)
        return f"{label} ({len(ids)} actors)"
    return ", ".join(scenario.actor(i).label for i in ids)


def describe_rule(rule: Rule, scenario: Scenario) -> str:
    """One sentence saying when a coalition wins under ``rule``."""
    if isinstance(rule, WeightedRule):
        ids = scenario.resolve_members(rule.members)
        total = sum(
            scenario.actor(i).votes
            if rule.weight == "votes"
            else scenario.actor(i).attributes.get(rule.weight, 0.0)
            for i in ids
        )
        what = "votes" if rule.weight == "votes" else rule.weight
        cmp = "more than" if rule.strict else "at least"
        if rule.quota is not None:
            bar = f"{cmp} {rule.quota:g} of the {total:g} {what}"
        else:
            bar = f"{cmp} {100 * (rule.threshold or 0):g}% of the {what} ({total:g} in all)"
        return f"{bar} of {_members(scenario, rule.members)}"
    if isinstance(rule, CountRule):
        n = len(scenario.resolve_members(rule.members))
        cmp = "more than" if rule.strict else "at least"
        if rule.quota is not None:
            return f"{cmp} {rule.quota} of the {n} members of {_members(scenario, rule.members)}"
        return f"{cmp} {100 * (rule.threshold or 0):g}% of the {n} members of {_members(scenario, rule.members)}"
    if isinstance(rule, UnanimityRule):
        return f"all of {_members(scenario, rule.members)}"
    if isinstance(rule, VetoRule):
        holders = (
            scenario.resolve_members(rule.holders)
            if rule.holders is not None
            else tuple(a.id for a in scenario.actors if a.veto)
        )
        return (
            f"with {', '.join(scenario.actor(h).label for h in holders)} all in favour"
            " (each holds a veto)"
        )
    if isinstance(rule, AllOfRule):
        return "; and ".join(describe_rule(r, scenario) for r in rule.rules)
    assert isinstance(rule, AnyOfRule)
    return " — or — ".join(f"({describe_rule(r, scenario)})" for r in rule.rules)


def describe_decision(scenario: Scenario) -> str:
    """How the decision is taken, including veto holders marked on actors."""
    vetoes = [a.label for a in scenario.actors if a.veto]
    if scenario.decision is None:
        text = "no decision rule given: a simple majority of votes (more than half)"
    else:
        text = "a coalition wins with " + describe_rule(scenario.decision, scenario)
    if vetoes and not _has_veto_rule(scenario.decision):
        text += f"; {', '.join(vetoes)} {'holds' if len(vetoes) == 1 else 'hold'} a veto"
    return text


def _has_veto_rule(spec: Rule | None) -> bool:
    if isinstance(spec, VetoRule):
        return True
    if isinstance(spec, AllOfRule | AnyOfRule):
        return any(_has_veto_rule(r) for r in spec.rules)
    return False
