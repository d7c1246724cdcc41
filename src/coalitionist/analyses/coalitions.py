"""Which coalitions can win or block and which are likely: the façade over :mod:`coalitionist.coalitions`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from coalitionist.analyses.influence import scenario_median
from coalitionist.analyses.power import (
    FORMAL_POWER_INDICES,
    ScenarioGame,
    scenario_game,
    shared_game,
)
from coalitionist.analyses.reference import shared_forecast
from coalitionist.analyses.section import Section, Table
from coalitionist.coalitions import (
    CoalitionAnalysis,
    CoalitionInputs,
    LockoutExposure,
    analyze_coalitions,
)
from coalitionist.influence import InfluenceAnalysis, tie_matrices
from coalitionist.power.rules import Rule
from coalitionist.scenario.compile import WordTable, resolve
from coalitionist.scenario.model import Scenario
from coalitionist.wording import names_join


def coalition_inputs(
    scenario: Scenario,
    forecast: NDArray[np.float64] | None = None,
    lockout: LockoutExposure | None = None,
) -> CoalitionInputs:
    """What :func:`coalitionist.coalitions.analyze_coalitions` reads, from the scenario's compiled arrays
    and ties (``forecast``: the weighted-median forecast when already computed; ``lockout``: the lockout
    analysis's shared exposure, the shared-vulnerability basis when given)."""
    arrays = scenario.arrays
    return CoalitionInputs(
        arrays=arrays,
        ties=arrays.ties,
        matrices=tie_matrices(arrays.ties),
        forecast=scenario_median(scenario) if forecast is None else forecast,
        labels={a.id: a.label for a in scenario.actors},
        issue_labels={s.id: s.label for s in scenario.issues},
        focal=scenario.focal,
        title=scenario.title,
        lockout=lockout,
    )


def scenario_coalitions(
    scenario: Scenario,
    top: int = 5,
    *,
    game: ScenarioGame | None = None,
    forecast: NDArray[np.float64] | None = None,
    lockout: LockoutExposure | None = None,
    **options: Any,
) -> CoalitionAnalysis:
    """The coalition analysis of a scenario (options of :func:`coalitionist.coalitions.analyze_coalitions`),
    on ``game`` (the rule, power and minimal coalitions; computed when not given, with the Banzhaf
    index only: :data:`~coalitionist.analyses.power.FORMAL_POWER_INDICES`)."""
    game = scenario_game(scenario, indices=FORMAL_POWER_INDICES) if game is None else game
    shared: dict[str, Any] = (
        {}
        if "limit" in options
        else {
            "minimal_winning_coalitions": game.minimal_winning,
            "minimal_blocking_coalitions": game.minimal_blocking,
        }
    )
    return analyze_coalitions(
        coalition_inputs(scenario, forecast, lockout),
        rule=game.rule,
        power=game.power,
        top=top,
        **shared,
        **options,
    )


def shared_reference(scenario: Scenario, sections: Sequence[Section]) -> NDArray[np.float64] | None:
    """The brief's one forecast (the outcome section's), else the weighted-median forecast the influence
    section computed, if either ran."""
    reference = shared_forecast(sections)
    if reference is not None:
        return reference.vector(scenario.arrays.issues)
    for s in sections:
        if s.key == "influence" and isinstance(s.result, InfluenceAnalysis):
            return np.array([s.result.forecast[k] for k in scenario.arrays.issues], dtype=float)
    return None


def shared_votes(sections: Sequence[Section]) -> dict[str, str] | None:
    """Each actor's predicted vote on the proposal (``yes`` / ``no`` / ``abstain``, voters or not) from the
    brief's outcome section, if it ran: the likely coalitions rank those whose members vote alike first."""
    from coalitionist.analyses.outcome import OutcomeBrief

    for s in sections:
        if s.key == "outcome" and isinstance(s.result, OutcomeBrief):
            return dict(s.result.outcome.preferences)
    return None


#: Readable names of the six bases of coalitions.
_BASIS = {"common_allies_enemies": "common allies or enemies"}


def recruitment_p(scenario: Scenario) -> dict[str, float]:
    """The focal actor's point estimates of p for its recruitment candidates (empty without estimates)."""
    if scenario.recruitment is None:
        return {}
    table = WordTable.of(scenario)
    return {a: resolve(c.p, table) for a, c in scenario.recruitment.actors.items()}


def rank_holes(holes: list[dict[str, Any]], p: dict[str, float]) -> list[dict[str, Any]]:
    """Holes ranked by expected impact: ``impact × p``, with ``p`` the focal actor's own estimate of peeling
    the member off (its recruitment ``p``) where the file gives one, else the structural peelability.
    A member the focal side gives p = 0.1 is not the easiest to peel, whatever its structural position."""
    out = []
    for h in holes:
        chance = p.get(h["actor"], h["peelability"])
        out.append(
            {
                **h,
                "p_peel": chance,
                "p_from": "estimate" if h["actor"] in p else "peelability",
                "expected_impact": h["impact"] * chance,
            }
        )
    out.sort(key=lambda h: (-h["expected_impact"], -h["impact"]))
    for k, h in enumerate(out, start=1):
        h["rank"] = k
    return out


def _names(ids: Sequence[str], labels: dict[str, str], limit: int = 8) -> str:
    # never "and 1 more": a list one over the limit is named whole
    return names_join([labels.get(a, a) for a in ids], limit=limit + 1, shown=limit)


def vote_split(members: Sequence[str], votes: dict[str, str] | None) -> str:
    """How a coalition's members vote on the proposal, for people: ``"all yes"``, ``"2 yes, 1 no"``
    (empty without predicted votes)."""
    if votes is None:
        return ""
    counts = {v: sum(1 for a in members if votes.get(a) == v) for v in ("yes", "no", "abstain")}
    present = [(v, k) for v, k in counts.items() if k]
    if len(present) == 1 and present[0][1] == len(members):
        return f"all {present[0][0]}" if len(members) > 1 else present[0][0]
    return ", ".join(f"{k} {v}" for v, k in present)


def carried_reading(
    scenario: Scenario, sections: Sequence[Section], rule: Rule, labels: dict[str, str]
) -> str | None:
    """Why the coalition that carries the proposal need not be among the winning coalitions.

    The coalitions here are those of the binary game, in which everyone outside a coalition votes
    against it. Under the real rule an abstention need not count as a no (a permanent member's abstention
    is not a veto; a share of the votes cast): the outcome section's yes voters can then carry the
    proposal although they are not a winning coalition — and they do so because the abstainers abstain
    rather than vote no. Returns that sentence, or ``None`` when the yes voters win in the binary game too
    (or there is no outcome section, or the proposal fails)."""
    from coalitionist.analyses.outcome import OutcomeBrief

    ob = next(
        (s.result for s in sections if s.key == "outcome" and isinstance(s.result, OutcomeBrief)),
        None,
    )
    if ob is None:
        return None
    decision = ob.outcome.decision
    ids = [a.id for a in scenario.actors]
    if not decision.passes or not decision.carried_by or rule.n != len(ids):
        return None
    yes = [decision.actors[i] for i in decision.carried_by]
    abstain = [a for a, v in decision.votes.items() if v == "abstain"]
    if not abstain or rule.wins([ids.index(a) for a in yes]):
        return None
    verb = "abstains rather than votes" if len(abstain) == 1 else "abstain rather than vote"
    who = f"{_names(yes, labels, limit=len(yes))}" + (
        f" ({len(yes)} voters)" if len(yes) > 6 else ""
    )
    return (
        f"The proposal is carried by {who}, though they are not a winning coalition when every member"
        f" votes: it passes because {_names(abstain, labels)} {verb} no, and the rule does not count"
        " an abstention against it."
    )


def standalone_coalitions(
    scenario: Scenario, top: int = 5, *, seed: int | None = 0
) -> CoalitionAnalysis:
    """The coalition analysis as ``coalitionist coalitions --json``, the workbench and the break plan run it
    alone: the brief's coalitions section's analysis (:func:`build_section`) -- its sides measured against
    the brief's one forecast, the likely coalitions ranked by the outcome's predicted votes, shared
    vulnerability from the lockout analysis seeded with ``seed`` -- so that every place ranks the
    coalitions as the brief does."""
    from coalitionist.analyses.outcome import reference_sections
    from coalitionist.analyses.process import lockout_exposure

    sections = reference_sections(scenario)
    return scenario_coalitions(
        scenario,
        top,
        forecast=shared_reference(scenario, sections),
        lockout=lockout_exposure(scenario, seed=seed),
        votes=shared_votes(sections),
    )


def build_section(
    scenario: Scenario, sections: Sequence[Section], top: int = 5, *, seed: int | None = 0
) -> Section | None:
    """The brief's coalitions section: who can win or block, the likely coalitions, the adverse one.

    With a focal actor, shared vulnerability is the lockout analysis's shared exposure
    (:func:`coalitionist.analyses.process.lockout_exposure`, seeded with ``seed``)."""
    if len(scenario.actors) < 2:
        return None
    from coalitionist.analyses.process import lockout_exposure

    game = shared_game(scenario, sections)
    result = scenario_coalitions(
        scenario,
        top,
        game=game,
        forecast=shared_reference(scenario, sections),
        lockout=lockout_exposure(scenario, seed=seed),
        votes=shared_votes(sections),
    )
    data = result.to_dict()
    labels = {a.id: a.label for a in scenario.actors}
    votes = shared_votes(sections)
    likely_rows = tuple(
        (
            str(k + 1),
            _names(c["members"], labels),
            *((vote_split(c["members"], votes),) if votes is not None else ()),
            f"{c['cohesion']:.2f}",
            "yes" if c.get("connected") else "no",
            ", ".join(_BASIS.get(b, b.replace("_", " ")) for b in c.get("held_by", [])[:3]),
            labels.get(c["weakest_link"]["actor"], c["weakest_link"]["actor"])
            if c.get("weakest_link")
            else "",
        )
        for k, c in enumerate(data.get("likely", [])[:top])
    )
    tables = []
    if likely_rows:
        vote_head = ("vote on the proposal",) if votes is not None else ()
        tables.append(
            Table(
                (
                    "#",
                    "coalition",
                    *vote_head,
                    "cohesion",
                    "connected",
                    "held together by",
                    "weakest link",
                ),
                likely_rows,
                caption="Likely winning coalitions, by who votes together, cohesion and rivalries",
                align="rl" + "l" * len(vote_head) + "rlll",
            )
        )
    adverse = data.get("adverse") or {}
    readings = list(result.readings())
    likely = data.get("likely", [])
    if (
        votes is not None
        and likely
        and not any(vote_split(c["members"], votes).startswith("all ") for c in likely)
    ):
        split = {
            v: [a for a in likely[0]["members"] if votes.get(a) == v]
            for v in ("yes", "no", "abstain")
        }
        verbs = {
            "yes": ("votes yes", "vote yes"),
            "no": ("votes no", "vote no"),
            "abstain": ("abstains", "abstain"),
        }
        parts = [
            f"{_names(ids, labels)} {verbs[v][len(ids) > 1]}" for v, ids in split.items() if ids
        ]
        readings.append(
            "No likely winning coalition votes as one on the proposal; in the most likely, "
            + "; ".join(parts)
            + "."
        )
    carried = carried_reading(scenario, sections, game.rule, labels)
    if carried is not None:
        readings.append(carried)
    if adverse.get("holes"):
        adverse["holes"] = rank_holes(adverse["holes"], recruitment_p(scenario))
        readings = [r for r in readings if not r.startswith("Hole ")]
        if not any(h["impact"] > 0 for h in adverse["holes"]):
            readings.append(
                "Peeling off any one member changes nothing the adverse coalition can do under the rule"
                + (": it cannot block anyway." if not adverse.get("can_block") else ".")
            )
        for h in [h for h in adverse["holes"] if h["impact"] > 0][:3]:
            source = "your estimate" if h["p_from"] == "estimate" else "structural peelability"
            why = "; ".join(h.get("reasons", [])) or "no structural reason"
            readings.append(
                f"Hole {h['rank']}: {labels.get(h['actor'], h['actor'])} (impact {h['impact']:.2f} × chance of"
                f" peeling it off {h['p_peel']:.2f} ({source}) = {h['expected_impact']:.2f}) — {why}."
            )
    holes = tuple(
        (
            str(h["rank"]),
            labels.get(h["actor"], h["actor"]),
            f"{h['impact']:.2f}",
            f"{h['p_peel']:.2f}",
            f"{h['expected_impact']:.2f}",
            "; ".join(h.get("reasons", [])[:2]),
        )
        for h in adverse.get("holes", [])[:6]
    )
    if holes:
        tables.append(
            Table(
                ("#", "member", "impact", "chance to peel", "expected impact", "why"),
                holes,
                caption="Holes in the adverse coalition (whom to peel off), by impact × chance",
                align="rlrrrl",
            )
        )
    return Section(
        key="coalitions",
        title="Which coalitions can win, block, and are likely",
        question="Which coalitions can win or block under the real rule, who is essential, which are likely?",
        reading=tuple(readings),
        tables=tuple(tables),
        data=data,
        result=result,
    )
