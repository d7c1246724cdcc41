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
from coalitionist.wording import amount, and_join, names_join


def _members(scenario: Scenario, names: tuple[str, ...] | None) -> str:
    """The body a rule counts, by name: ``Russia (Gazprom) and China (CNPC)``; a large tagged group as
    ``the 15 actors tagged "unsc"`` (a tag is the file's word, not an id of an actor); never a bare tag."""
    if names is None:
        return f"all {len(scenario.actors)} actors"
    ids = scenario.resolve_members(names)
    labels = [scenario.actor(i).label for i in ids]
    if len(labels) <= 8:
        return and_join(labels)
    tags = [n for n in names if n in scenario.tags]
    if len(tags) == 1 and len(names) == 1:
        return f'the {len(ids)} actors tagged "{tags[0]}"'
    return names_join(labels, limit=8, shown=6, rest="")


def _count_body(scenario: Scenario, names: tuple[str, ...] | None, n: int, what: str) -> str:
    """``the 15 members (…)`` / ``the 27 members``: the count's base, by name."""
    if names is None:
        return f"the {n} {what}"
    body = _members(scenario, names)
    return body if body.startswith("the ") else f"the {n} {what} ({body})"


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
            bar = f"{cmp} {amount(rule.quota)} of the {amount(total)} {what}"
        else:
            bar = f"{cmp} {100 * (rule.threshold or 0):g}% of the {what} ({amount(total)} in all)"
        if rule.members is None:
            return f"{bar} of all {len(ids)} actors"
        return f"{bar} of {_members(scenario, rule.members)}"
    if isinstance(rule, CountRule):
        n = len(scenario.resolve_members(rule.members))
        cmp = "more than" if rule.strict else "at least"
        body = _count_body(scenario, rule.members, n, "members")
        if rule.quota is not None:
            return f"{cmp} {rule.quota} of {body}"
        return f"{cmp} {100 * (rule.threshold or 0):g}% of {body}"
    if isinstance(rule, UnanimityRule):
        ids = scenario.resolve_members(rule.members) if rule.members is not None else ()
        if rule.members is None:
            return f"all {len(scenario.actors)} actors in favour"
        tail = "" if rule.veto_on_abstain else " or abstaining (only a no blocks)"
        if len(ids) == 2:
            return f"both {_members(scenario, rule.members)} in favour{tail}"
        return f"all of {_members(scenario, rule.members)} in favour{tail}"
    if isinstance(rule, VetoRule):
        holders = (
            scenario.resolve_members(rule.holders)
            if rule.holders is not None
            else tuple(a.id for a in scenario.actors if a.veto)
        )
        names = [scenario.actor(h).label for h in holders]
        one = len(names) == 1
        who, holds = (
            (names[0], "it holds a veto") if one else (and_join(names), "each holds a veto")
        )
        if rule.veto_on_abstain:
            return f"with {who} {'' if one else 'all '}in favour ({holds}; an abstention counts as one)"
        # The default (the UN Security Council's practice under Art. 27(3)): only a no vetoes, so the words
        # must say what the vote model counts — the outcome section reads "an abstention is not a veto".
        tail = "" if one else "; an abstention is not a veto"
        return f"with {who} in favour or abstaining ({holds}: its no alone blocks{tail})"
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
        rule = describe_rule(scenario.decision, scenario)  # a veto's own sentence starts "with …"
        text = "a coalition wins " + (rule if rule.startswith("with ") else "with " + rule)
    if vetoes and not _has_veto_rule(scenario.decision):
        text += f"; {', '.join(vetoes)} {'holds' if len(vetoes) == 1 else 'hold'} a veto"
    return text


def _has_veto_rule(spec: Rule | None) -> bool:
    if isinstance(spec, VetoRule):
        return True
    if isinstance(spec, AllOfRule | AnyOfRule):
        return any(_has_veto_rule(r) for r in spec.rules)
    return False
