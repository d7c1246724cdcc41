"""Voting power in a scenario: the façade over :mod:`coalitionist.power` and its brief section."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from coalitionist.analyses.rule import decision_makers, scenario_rule
from coalitionist.analyses.scale import APPROXIMATE, EXACT, ScalePlan, SectionMethod
from coalitionist.analyses.section import Section, Table
from coalitionist.errors import CoalitionistError
from coalitionist.influence.describe import clearly_exceeds
from coalitionist.power import PowerResult, Rule, describe_power, power_indices
from coalitionist.power.game import Enumerated, minimal_blocking, minimal_winning
from coalitionist.scenario.describe import describe_decision
from coalitionist.scenario.model import Scenario
from coalitionist.wording import and_join, names_join, percent, their


def run_power(scenario: Scenario, **options: Any) -> PowerResult:
    """Power indices of every actor under the scenario's decision rule (options of
    :func:`coalitionist.power.power_indices`).

    Actors the rule does not count (outside every ``members`` list, no veto) are null players: the game is
    solved over the decision makers only and the others are added back as dummies. Every index of the
    decision makers is unchanged by null players; swing and winning-coalition counts double with each.
    """
    everyone = tuple(a.id for a in scenario.actors)
    makers = decision_makers(scenario)
    result = power_indices(scenario_rule(scenario, makers), list(makers), **options)
    if len(makers) == len(everyone):
        return result
    return _with_null_players(result, everyone)


@dataclass(frozen=True)
class ScenarioGame:
    """The scenario's decision rule, its power indices and its first minimal winning and blocking
    coalitions: the typed result of the power section, which the influence, coalition and strategy analyses
    reuse (the brief computes it once)."""

    rule: Rule
    power: PowerResult
    minimal_winning: Enumerated
    minimal_blocking: Enumerated


#: What the influence and coalition analyses read from the power engine (through
#: :func:`coalitionist.power.game.formal_power`): the Banzhaf index and swing rate.
FORMAL_POWER_INDICES: tuple[str, ...] = ("banzhaf", "banzhaf_absolute")


def scenario_game(
    scenario: Scenario, *, seed: int | None = 0, indices: Sequence[str] | None = None
) -> ScenarioGame:
    """:class:`ScenarioGame` of the scenario: its rule, :func:`scenario_power` (Monte Carlo, where it is
    used, seeded with ``seed``) and the first minimal winning and blocking coalitions.

    ``indices`` limits the power computation to those indices (and lists no minimal coalitions in the
    power result): the analyses that read only the Banzhaf index ask for :data:`FORMAL_POWER_INDICES`,
    which on large games is far cheaper than all six (issue 17.3)."""
    rule = scenario_rule(scenario)
    power = (
        scenario_power(scenario, seed=seed)
        if indices is None
        else run_power(scenario, seed=seed, indices=list(indices), max_list=0)
    )
    return ScenarioGame(rule, power, minimal_winning(rule), minimal_blocking(rule))


def shared_game(scenario: Scenario, sections: Sequence[Section]) -> ScenarioGame:
    """The game the brief's power section computed (its ``result``), else computed now."""
    for s in sections:
        if s.key == "power" and isinstance(s.result, ScenarioGame):
            return s.result
    return scenario_game(scenario)


def scenario_power(scenario: Scenario, *, seed: int | None = 0) -> PowerResult:
    """:func:`run_power` with default options (seed 0 unless given)."""
    return run_power(scenario, seed=seed)


def _with_null_players(result: PowerResult, everyone: tuple[str, ...]) -> PowerResult:
    extra = [a for a in everyone if a not in result.players]
    factor = 2 ** len(extra)
    zero: Any = Fraction(0) if result.exact else 0.0
    indices = {
        name: None if values is None else {a: values.get(a, zero) for a in everyone}
        for name, values in result.indices.items()
    }
    in_order = {a: i for i, a in enumerate(everyone)}
    return replace(
        result,
        players=everyone,
        indices=indices,
        swings=None
        if result.swings is None
        else {a: result.swings.get(a, 0) * factor for a in everyone},
        dummies=tuple(sorted({*result.dummies, *extra}, key=in_order.__getitem__)),
        winning_count=None if result.winning_count is None else result.winning_count * factor,
        notes=(
            *result.notes,
            f"{len(extra)} actors are outside the voting body: no vote, so no formal power; what"
            " influence they have is informal (see who holds influence)."
            if len(extra) != 1
            else "1 actor is outside the voting body: no vote, so no formal power; what influence it"
            " has is informal (see who holds influence).",
        ),
    )


def _fmt(x: Any) -> str:
    return "—" if x is None else f"{float(x):.4f}"


def _index(result: PowerResult, name: str) -> dict[str, Any]:
    values = result.indices.get(name)
    return dict(values) if values is not None else dict.fromkeys(result.players)


def power_table(
    result: PowerResult,
    labels: dict[str, str] | None = None,
    outside: Sequence[str] = (),
) -> Table:
    """The power table, sorted by Shapley–Shubik index (then Banzhaf); actors ``outside`` the voting body
    have the role "no vote", not "dummy" (they are not members who are never decisive).

    The actor column shows the name (``labels``), never the id: ids are for the JSON output only (issue 13,
    point 5: names in every table of every format)."""
    out_set = set(outside)
    ss = _index(result, "shapley_shubik")
    bz = _index(result, "banzhaf")
    order = sorted(result.players, key=lambda p: (-float(ss[p] or 0), -float(bz[p] or 0), p))
    swings = result.swings or {}
    rows = []
    for p in order:
        role = (
            "veto"
            if p in result.veto_players
            else "no vote"
            if p in out_set
            else "dummy"
            if p in result.dummies
            else ""
        )
        rows.append(
            (
                (labels or {}).get(p, p),
                _fmt(ss[p]),
                _fmt(bz[p]),
                _fmt(_index(result, "banzhaf_absolute")[p]),
                _fmt(_index(result, "deegan_packel")[p]),
                _fmt(_index(result, "holler")[p]),
                _fmt(_index(result, "johnston")[p]),
                f"{swings[p]:,}" if p in swings else "",
                role,
            )
        )
    return Table(
        (
            "actor",
            "Shapley–Shubik",
            "Banzhaf",
            "Banzhaf (abs.)",
            "Deegan–Packel",
            "Holler",
            "Johnston",
            "swings",
            "role",
        ),
        tuple(rows),
        caption=f"Voting power ({result.method})",
        align="lrrrrrrrl",
    )


def power_sentence(result: PowerResult, labels: dict[str, str], outside: Sequence[str]) -> str:
    """Who holds formal power, in one sentence: the power index's description over the members of the
    voting body, then the actors outside it named as such (never as "dummies": they have no vote)."""
    out_set = set(outside)
    members_only = replace(
        result,
        players=tuple(p for p in result.players if p not in out_set),
        indices={
            k: None if v is None else {p: x for p, x in v.items() if p not in out_set}
            for k, v in result.indices.items()
        },
        dummies=tuple(d for d in result.dummies if d not in out_set),
    )
    text = describe_power(members_only, labels)
    if not outside:
        return text
    names = [labels.get(a, a) for a in outside]
    shown = names_join(names, limit=6, shown=5, rest="all in the power table")
    verb = "is" if len(names) == 1 else "are"
    return (
        text.rstrip(".")
        + f"; {shown} {verb} outside the voting body: no vote, {their(len(names))} influence is"
        " informal."
    )


def essential_sentence(scenario: Scenario, result: PowerResult, labels: dict[str, str]) -> str:
    """The essential voters, read under the rule as the vote section counts it (ternary voting).

    The power indices are computed on the simple game, where a voter is in a coalition (yes) or not
    (no): its essential players are in every winning coalition. Under the rule with abstention
    (:func:`coalitionist.analyses.outcome.outcome_rule`) the same voters are those whose no alone blocks a
    proposal everyone else votes for; whether an abstention blocks too is the rule's (the UN Security
    Council's practice: a permanent member's abstention is not a veto). The sentence names them in those
    words, and says which game the indices come from when an abstention does not block.

    Examples
    --------
    On the Gulf War file: ``Essential under the rule: United States, …, Soviet Union and China — each
    one's no alone blocks a proposal all the others vote for; an abstention does not. (In the power
    indices, which count yes and no only, each is in every winning coalition.)``
    """
    import numpy as np

    from coalitionist.analyses.outcome import outcome_rule

    names = [labels.get(p, p) for p in result.veto_players]
    try:
        voters, rule = outcome_rule(scenario)
    except CoalitionistError:  # the sentence falls back to the simple game's words
        voters, rule = (), None
    if rule is None or not set(result.veto_players) <= set(voters):
        return "Essential (in every winning coalition of the simple game): " + and_join(names) + "."
    col = {v: k for k, v in enumerate(voters)}
    rows = [col[p] for p in result.veto_players]
    base = np.ones((len(rows), len(voters)), dtype=np.int8)
    no, abstain = base.copy(), base.copy()
    for r, k in enumerate(rows):
        no[r, k], abstain[r, k] = -1, 0
    blocks_no = ~rule.passes(no)
    blocks_abstain = ~rule.passes(abstain)
    one = len(names) == 1
    whose = "its" if one else "each one's"
    if blocks_no.all() and blocks_abstain.all():
        return (
            f"Essential under the rule: {and_join(names)} — {whose} no or abstention alone blocks a"
            f" proposal all the others vote for (in every winning coalition)."
        )
    if blocks_no.all() and not blocks_abstain.any():
        return (
            f"Essential under the rule: {and_join(names)} — {whose} no alone blocks a proposal all the"
            f" others vote for; an abstention does not. (In the power indices, which count yes and no"
            f" only, {'it is' if one else 'each is'} in every winning coalition.)"
        )
    return "Essential (in every winning coalition of the simple game): " + and_join(names) + "."


def power_method(result: PowerResult) -> SectionMethod:
    """What the power engine's automatic method picked, stated for a large scenario's brief."""
    n = len(result.players)
    if result.method == "exact":
        return SectionMethod(
            "power",
            EXACT,
            f"{result.algorithm} (exact)",
            f"the power engine's automatic method picks it for {n:,} players: it fits its budget.",
        )
    accuracy = (
        f", each index within ±{result.epsilon:g} with probability {1 - result.delta:.0%}"
        f"; {result.samples:,} samples per index"
        if result.epsilon is not None and result.delta is not None and result.samples
        else ""
    )
    return SectionMethod(
        "power",
        APPROXIMATE,
        f"{result.algorithm} ({'' if 'Monte Carlo' in result.algorithm else 'Monte Carlo, '}"
        f"{accuracy.removeprefix(', ')})"
        if accuracy
        else result.algorithm,
        f"the power engine's automatic method picks it for {n:,} players: no exact algorithm fits"
        " its budget.",
    )


def build_section(
    scenario: Scenario,
    sections: Sequence[Section],
    *,
    seed: int | None = 0,
    scale: ScalePlan | None = None,
) -> Section | None:
    """The brief's voting-power section: who holds formal power, who is essential, who can swing.

    ``scale`` (given for a large scenario, :mod:`coalitionist.analyses.scale`): the reading states the
    method the power engine picked."""
    if len(scenario.actors) < 2:
        return None
    game = scenario_game(scenario, seed=seed)
    result = game.power
    stated = power_method(result) if scale is not None else None
    labels = {a.id: a.label for a in scenario.actors}
    voters = set(decision_makers(scenario))
    outside = [a.id for a in scenario.actors if a.id not in voters]
    reading = [
        power_sentence(result, labels, outside),
        "Rule: " + describe_decision(scenario) + ".",
    ]
    if result.veto_players:
        reading.append(essential_sentence(scenario, result, labels))
    if result.minimal_winning_count is not None and result.minimal_blocking_count is not None:
        reading.append(
            f"{result.minimal_winning_count:,} minimal winning coalition"
            f"{'' if result.minimal_winning_count == 1 else 's'} and "
            f"{result.minimal_blocking_count:,} minimal blocking coalition"
            f"{'' if result.minimal_blocking_count == 1 else 's'}."
        )
    reading.extend(result.notes)
    # Weak is not powerless: small actors whose vote still decides some outcomes. The absolute Banzhaf
    # index is the share of the ways the others can line up in which the actor's vote decides.
    capability = dict(zip(scenario.arrays.actors, scenario.arrays.capability, strict=True))
    ranked = sorted(capability, key=lambda a: capability[a])
    absolute = result.indices.get("banzhaf_absolute") or {}
    # a veto holder is never "weak", and equal resources make nobody weak
    spread = max(capability.values()) > min(capability.values()) if capability else False
    total_cap = float(sum(max(c, 0.0) for c in capability.values()))
    share = {
        a: max(float(c), 0.0) / total_cap if total_cap > 0 else 0.0 for a, c in capability.items()
    }
    normalised = result.indices.get("banzhaf") or {}
    # only when the actor's voting power clearly exceeds its share of the resources (never "1% of the
    # resources but 1% of the power"): by half again and by a point at least
    weak = [
        a
        for a in ranked[: max(1, len(ranked) // 3)]
        if spread
        and a not in result.dummies
        and a not in result.veto_players
        and float(absolute.get(a, 0.0)) > 0
        and clearly_exceeds(float(normalised.get(a, 0.0)), share[a])
    ]
    if weak:
        groups: dict[tuple[float, float], list[str]] = {}
        for a in weak:
            groups.setdefault((round(float(absolute[a]), 12), round(share[a], 2)), []).append(a)
        blocking = result.minimal_blocking or ()
        parts = []
        for (decides, _rounded), members in list(groups.items())[:3]:
            names = and_join([labels[a] for a in members])
            resources = share[
                members[0]
            ]  # the group's share unrounded: 0.1 % is "under 1", not "0"
            one = len(members) == 1
            text = (
                f"{names} {'has' if one else 'each have'} {percent(resources)} of the resources but"
                f" {100 * float(normalised.get(members[0], 0.0)):.3g}% of the voting power (Banzhaf),"
                f" and {'decides' if one else 'each decide'} the outcome in "
                f"{decides:.1%} of the ways the others can vote"
            )
            inside = sum(1 for b in blocking if members[0] in b)
            if inside:
                text += f" and {'sits' if one else 'sit'} in {inside} of the {len(blocking)} minimal blocking coalitions"
            parts.append(text)
        reading.append("Weak is not powerless: " + "; ".join(parts) + ".")
    data = result.to_dict()
    if stated is not None:
        reading.append(stated.sentence())
        data["scale"] = stated.to_dict()
    return Section(
        key="power",
        title="Who holds formal power",
        question="Under the real decision rule, who can win, who can block, who is decisive?",
        reading=tuple(reading),
        tables=(power_table(result, labels, outside),),
        data=data,
        result=game,
    )
