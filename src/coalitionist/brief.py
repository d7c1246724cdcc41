"""The brief: every analysis run on one scenario, as plain data that the report renderers format.

:func:`make_brief` is the façade of the library: it runs the analyses that apply to the scenario in order
(later ones reusing earlier results) and returns a :class:`Brief` made of sections, each with plain-language
readings and tables, and the typed result of its analysis. Renderers (``coalitionist.report``) draw its figures
and turn it into text, Markdown, HTML, PDF or JSON.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from coalitionist.analyses.forecast import fmt_number, issue_value_gloss
from coalitionist.analyses.scale import DEFAULT_BUDGETS, SKIPPED, Budgets, ScalePlan, choose_methods
from coalitionist.analyses.section import Figure, Section, Table
from coalitionist.coalitions.describe import possessive
from coalitionist.display import ReprMixin
from coalitionist.scenario.describe import describe_decision
from coalitionist.scenario.model import Scenario
from coalitionist.scenario.values import Uncertain, Word
from coalitionist.seeding import Seed, seeded
from coalitionist.strategy.describe import already_there, nobody_sentence
from coalitionist.strategy.plan import Plan, PlanStep
from coalitionist.wording import and_join, names_join

if TYPE_CHECKING:
    from coalitionist.analyses.strategy import StrategyResult


@dataclass(frozen=True, repr=False)
class Brief(ReprMixin):
    """The coalition-building brief for one scenario."""

    title: str
    description: str
    focal: str | None
    summary: tuple[str, ...]
    sections: tuple[Section, ...]
    #: The focal actor's name, for people (``focal`` is its id, for programs).
    focal_name: str | None = None
    #: The method each section ran at this size (:mod:`coalitionist.analyses.scale`); in the JSON only
    #: when a section switched.
    scale: ScalePlan | None = None

    def section(self, key: str) -> Section | None:
        """The section with this key, if the brief has it."""
        return next((s for s in self.sections if s.key == key), None)

    def to_dict(self) -> dict[str, Any]:
        """Everything the analyses returned, as plain JSON-serialisable data."""
        out = {
            "title": self.title,
            "description": self.description,
            "focal": self.focal,
            "focal_name": self.focal_name,
            "summary": list(self.summary),
            "sections": {s.key: s.to_dict() for s in self.sections},
        }
        if self.scale is not None and self.scale.switched:
            out["scale"] = self.scale.to_dict()
        return out


def fmt_value(value: float | Uncertain | Word | None, digits: int = 3) -> str:
    """Format a scenario value for a table: numbers, words and distributions as written."""
    if value is None:
        return ""
    if isinstance(value, Uncertain):
        parts = ", ".join(
            f"{k} {v:g}" for k, v in value.model_dump(exclude_none=True).items() if k != "dist"
        )
        return f"{value.dist}({parts})"
    if isinstance(value, Word):
        return str(value)
    return f"{value:.{digits}g}"


def _input_tables(scenario: Scenario) -> list[Table]:
    """The actors, issues and positions as the file gives them (for the inputs section)."""
    arrays = scenario.arrays
    actors = Table(
        ("actor", "name", "capability", "votes", "veto", "tags"),
        tuple(
            (
                a.id,
                a.label,
                fmt_value(a.capability),
                f"{a.votes:g}",
                "yes" if a.veto else "",
                ", ".join(a.tags),
            )
            for a in scenario.actors
        ),
        caption="Actors",
        align="llrrll",
    )
    issues = Table(
        ("issue", "name", "scale", "status quo", "options"),
        tuple(
            (
                s.id,
                s.label,
                f"{s.scale[0]:g} – {s.scale[1]:g}",
                s.option_label(s.status_quo_value),
                ", ".join(s.option_label(v) for v in (s.option_values or ())),
            )
            for s in scenario.issues
        ),
        caption="Issues",
        align="llrll",
    )
    tables = [actors, issues]
    if scenario.issues:
        stance_rows = []
        for i, a in enumerate(scenario.actors):
            cells = []
            for k in range(len(scenario.issues)):
                if arrays.stated[i, k]:
                    cells.append(f"{arrays.positions[i, k]:g} ({arrays.salience[i, k]:.2f})")
                else:
                    cells.append("—")
            stance_rows.append((a.id, *cells))
        tables.append(
            Table(
                ("actor", *(s.id for s in scenario.issues)),
                tuple(stance_rows),
                caption="Positions (salience 0–1 in brackets)",
                align="l" + "r" * len(scenario.issues),
            )
        )
    return tables


def _overview(scenario: Scenario) -> Section:
    counts = scenario.summary_counts()
    by_type: dict[str, int] = {}
    for t in scenario.relationships:
        by_type[t.type] = by_type.get(t.type, 0) + 1
    reading = [
        f"{counts['actors']} actors, {counts['issues']} issue{'s' if counts['issues'] != 1 else ''}, "
        f"{counts['positions']} stated positions and {counts['relationships']} ties"
        + (f" ({', '.join(f'{n} {k}' for k, n in sorted(by_type.items()))})" if by_type else "")
        + ".",
        "Decision: " + describe_decision(scenario) + ".",
    ]
    if scenario.focal:
        reading.append(
            f"Focal actor (whose strategy is planned): {scenario.actor(scenario.focal).label}."
        )
    if scenario.recruitment is not None:
        r = scenario.recruitment
        reading.append(
            f"Recruitment goal: {r.goal}; {len(r.actors)} candidates with estimates"
            + (
                f"; already committed: {', '.join(scenario.actor(a).label for a in r.committed)}"
                if r.committed
                else ""
            )
            + "."
        )
    return Section(
        key="scenario",
        title="The situation",
        question="Who is involved, what is decided, and how?",
        reading=tuple(reading),
        data={
            "counts": counts,
            "decision": describe_decision(scenario),
            "actors": [a.id for a in scenario.actors],
            "issues": [s.id for s in scenario.issues],
        },
    )


def _inputs(
    scenario: Scenario, *, robustness_checked: bool = False, too_large: bool = False
) -> Section:
    def name(actor_id: str) -> str:
        return scenario.actor(actor_id).label if actor_id in scenario.actor_index else actor_id

    rows: list[tuple[str, ...]] = []
    for a in scenario.actors:
        if a.note:
            rows.append((a.label, a.note))
    for s in scenario.issues:
        if s.note:
            rows.append((f"issue: {s.label}", s.note))
    for actor_id, row in scenario.positions.items():
        for issue_id, stance in row.items():
            if stance.note:
                rows.append((f"{name(actor_id)} on {scenario.issue(issue_id).label}", stance.note))
    for t in scenario.relationships:
        if t.note:
            rows.append((f"{t.type}: {name(t.source)} → {name(t.target)}", t.note))
    if scenario.recruitment is not None:
        for actor_id, c in scenario.recruitment.actors.items():
            est = (
                f"p {fmt_value(c.p)}, value {fmt_value(c.value)}, cost {fmt_value(c.cost)}, "
                f"failure cost {fmt_value(c.failure_cost)}"
            )
            rows.append((f"recruiting {name(actor_id)}", est + (f" — {c.note}" if c.note else "")))
        for e in scenario.recruitment.effects:
            change = ", ".join(f"{name(k)} {fmt_value(v)}" for k, v in e.then.items())
            rows.append(
                (
                    f"if {name(e.when)} {'joins' if e.joins else 'refuses'}",
                    change + (f" — {e.note}" if e.note else ""),
                )
            )
    reading = [
        "Every estimate the analysis rests on, with its source or reasoning as given in the file."
    ]
    if scenario.references:
        reading.append("References: " + "; ".join(scenario.references))
    if too_large:
        reading.append(
            "How far the conclusions hold when these estimates vary is not checked in this brief: at"
            " this size the check is skipped (the robustness section says why, and how to run one)."
        )
    elif not robustness_checked:
        reading.append(
            "How far the conclusions hold when these estimates vary is not checked in this brief:"
            " `coalitionist analyze FILE --robustness 200` re-derives them over 200 draws of the"
            " estimates and names the estimates that would change them (it re-runs the forecast and"
            " the plan in each draw, so it takes longer)."
        )
    return Section(
        key="inputs",
        title="Inputs and assumptions",
        question="What does each conclusion rest on?",
        reading=tuple(reading),
        tables=(
            Table(
                ("estimate", "source or reasoning"), tuple(rows), caption="Estimates", align="ll"
            ),
        )
        if rows
        else (),
    )


#: Modules whose ``build_section(scenario, sections)`` adds a section to the brief, in order. Each
#: returns a :class:`Section`, or ``None`` when its analysis does not apply to the scenario; it may reuse the
#: results of the sections built before it.
ANALYSIS_MODULES: tuple[str, ...] = (
    "coalitionist.analyses.outcome",
    "coalitionist.analyses.power",
    "coalitionist.analyses.influence",
    "coalitionist.analyses.forecast",
    "coalitionist.analyses.trades",
    "coalitionist.analyses.coalitions",
    "coalitionist.analyses.strategy",
    "coalitionist.analyses.process",
)


@seeded(convert="entropy")
def make_brief(
    scenario: Scenario,
    *,
    seed: Seed = 0,
    robustness: int = 0,
    backend: Any = "serial",
    progress: Callable[[int, int], None] | None = None,
    checkpoint: Callable[[str], None] | None = None,
    budgets: Budgets = DEFAULT_BUDGETS,
) -> Brief:
    """Run every analysis that applies to ``scenario`` and collect the results into a brief.

    ``seed`` seeds every stochastic analysis (:mod:`coalitionist.seeding`: None, an integer ≥ 0, a
    ``SeedSequence`` or a ``Generator``); the same seed gives the same brief. A bridge whose analysis draws
    random numbers takes it as ``build_section(scenario, sections, *, seed)``.

    Each section holds its analysis's typed ``result`` beside its readings, tables and JSON ``data``; work
    shared between analyses (the game, the minimal coalitions, the weighted-median forecast) is computed
    once and passed down through the sections already built. The brief has no figures: the report layer
    draws them (:func:`coalitionist.report.make_brief` is this brief with its figures).

    Every brief carries the robustness section (:mod:`coalitionist.analyses.robustness`): by default a
    quick check of the brief's cheap conclusions over ``QUICK_DRAWS`` draws of the estimates (drawn from
    ``seed``); ``robustness`` > 0 runs the full study over that many draws instead, on ``backend`` (the
    numbers do not depend on it) with ``progress(done, total)`` — each draw re-runs the forecast and
    re-decides the plan as the brief does (milliseconds to a second per draw).

    ``checkpoint(step)``, when given, is called before each analysis (with its module's name) and between
    the robustness draws (with ``"robustness"``); an exception it raises stops the brief there and
    propagates (the workbench cancels a brief job this way, within the longest single step).

    ``budgets`` (:class:`coalitionist.analyses.scale.Budgets`): the predicted costs above which a section
    runs its method for large scenarios (:func:`coalitionist.analyses.scale.choose_methods`, decided from
    the scenario's size before anything runs); each switched section says which method it ran and why,
    in its reading and under ``scale`` in its JSON. At the bundled examples' sizes nothing switches.
    """
    scale = choose_methods(scenario, budgets)
    sections: list[Section] = [_overview(scenario)]
    for module in ANALYSIS_MODULES:
        if checkpoint is not None:
            checkpoint(module)
        build: Callable[..., Section | None] = importlib.import_module(module).build_section
        params = inspect.signature(build).parameters
        options: dict[str, Any] = {}
        if "seed" in params:
            options["seed"] = seed
        if "scale" in params and scale.switched:
            options["scale"] = scale
        section = build(scenario, sections, **options)
        if section is not None:
            keys = [s.key for s in sections]  # a later analysis may extend an earlier section
            if section.key in keys:
                sections[keys.index(section.key)] = section
            else:
                sections.append(section)
    from coalitionist.analyses.robustness import QUICK_DRAWS
    from coalitionist.analyses.robustness import build_section as robustness_section

    # every brief carries a quick check (QUICK_DRAWS draws); robustness=N runs the full study instead
    reports = progress if robustness else None
    robustness_progress = reports
    if checkpoint is not None:
        checkpoint("robustness")
        stop_here = checkpoint

        def checked_progress(done: int, total: int) -> None:
            stop_here("robustness")
            if reports is not None:
                reports(done, total)

        robustness_progress = checked_progress
    skipped = scale.method("robustness") if not robustness else None
    if skipped is not None and skipped.kind == SKIPPED:
        checked: Section | None = skipped_section(skipped)
    else:
        checked = robustness_section(
            scenario,
            sections,
            draws=robustness or QUICK_DRAWS,
            quick=not robustness,
            seed=seed,
            backend=backend if robustness else "serial",
            progress=robustness_progress,
        )
    if checked is not None:
        sections.append(checked)
    sections.append(
        _inputs(
            scenario,
            robustness_checked=checked is not None and skipped is None,
            too_large=skipped is not None,
        )
    )
    # the brief leads with the answer to "does it pass?"
    sections.sort(key=lambda sec: sec.key != "outcome")
    return Brief(
        title=scenario.title,
        description=scenario.description,
        focal=scenario.focal,
        summary=tuple(_summary(scenario, sections)),
        sections=tuple(sections),
        focal_name=scenario.actor(scenario.focal).label if scenario.focal else None,
        scale=scale,
    )


def skipped_section(method: Any) -> Section:
    """The robustness section of a brief too large for its quick check: why not, and what runs one."""
    return Section(
        key="robustness",
        title="How robust is the advice?",
        question="Which conclusions hold when the estimates vary, and which estimates would change them?",
        reading=(method.sentence(),),
        data={"scale": method.to_dict()},
    )


def _secure_clause(strategy: StrategyResult, labels: Mapping[str, str]) -> str:
    """``; too low to take for granted: secure Germany first (not yes in 30 % of draws, pivotal in 92 %)``
    when the coalition is already there but not safe (empty otherwise)."""
    from coalitionist.wording import percent

    secure = strategy.secure
    if secure is None:
        return ""
    if not secure.votes:
        return "; too low to take for granted, though no single vote is both soft and often pivotal"
    vote = "yes" if strategy.setup.goal == "win" else "no"
    parts = [
        f"{labels.get(v.actor, v.actor)} (not {vote} in {percent(v.p_other)} of draws, pivotal in"
        f" {percent(v.p_pivotal)})"
        for v in secure.votes[:3]
    ]
    more = len(secure.votes) - len(parts)
    return (
        "; too low to take for granted: secure "
        + parts[0]
        + " first"
        + (", then " + and_join(parts[1:]) if parts[1:] else "")
        + (f" and {more} more (in the plan)" if more > 0 else "")
    )


def _raises(step: PlanStep, labels: dict[str, str]) -> str:
    """``: its joining raises Egypt's chance from 0.50 to 0.81`` — the step's largest effect, if any."""
    ups = [e for e in step.raises if f"{e.after:.2f}" > f"{e.before:.2f}"]  # a change one can see
    if not ups:
        return ""
    top = sorted(ups, key=lambda e: e.before - e.after)[:2]
    return "; its joining raises " + " and ".join(
        f"{possessive(labels.get(e.actor, e.actor))} chance from {e.before:.2f} to {e.after:.2f}"
        for e in top
    )


def after_the_vote_sentence(plan: Plan, labels: Mapping[str, str]) -> str:
    """The plan's steps after the one that reaches the goal, which the order of conversations (it ends in
    the plenary, once the goal is reached) does not name: ``After the vote: Germany and Egypt, approached
    for what their joining is worth beyond it (value 8 and 10), not for the vote.`` Empty when none.

    Examples
    --------
    >>> from types import SimpleNamespace as S
    >>> steps = [S(actor="a", reaches_goal=True, value=0.0), S(actor="g", reaches_goal=False, value=8.0)]
    >>> after_the_vote_sentence(S(steps=steps), {"a": "A", "g": "Germany"})  # doctest: +NORMALIZE_WHITESPACE
    'After the vote: Germany, approached for what its joining is worth beyond it (value 8), not for the vote.'
    """
    reached = next((k for k, st in enumerate(plan.steps) if st.reaches_goal), None)
    if reached is None:
        return ""
    later = list(plan.steps[reached + 1 :])
    if not later:
        return ""
    one = len(later) == 1
    return (
        "After the vote: "
        + and_join([labels.get(st.actor, st.actor) for st in later])
        + f", approached for what {'its' if one else 'their'} joining is worth beyond it (value "
        + and_join([fmt_number(st.value) for st in later])
        + "), not for the vote."
    )


def _value_beside_status_quo(scenario: Scenario, issue_id: str, value: float) -> str:
    """``Coal exit 80 (between 'by 2038' at 0 and 'by 2030' at 100; status quo 0, by 2038)``, ``Taxes 0
    (debt brake kept; the status quo)``: the value, what it means in the issue's option text, and the
    status quo beside it, in one parenthesis."""
    issue = scenario.issue(issue_id)
    sq = issue.status_quo_value
    gloss = issue_value_gloss(scenario, issue_id, value)
    parts = [gloss] if gloss else []
    if abs(value - sq) <= 1e-9:
        parts.append("the status quo")
    else:
        sq_label = issue.option_label(sq)
        sq_text = fmt_number(sq) + (f", {sq_label}" if sq_label != f"{sq:g}" else "")
        parts.append(f"status quo {sq_text}")
    return f"{issue.label} {fmt_number(value)} ({'; '.join(parts)})"


def forecast_summary(scenario: Scenario, point: dict[str, float], basis: str) -> str:
    """``If nothing changes, the decision lands at …: <why>; every section measures against it.``"""
    lands = "; ".join(
        _value_beside_status_quo(scenario, k, v)
        for k, v in point.items()
        if k in scenario.issue_index
    )
    return (
        f"If nothing changes, the decision lands at {lands} — {basis}; every section measures against"
        " this forecast."
    )


def _summary(scenario: Scenario, sections: Sequence[Section]) -> list[str]:
    """The one-screen summary: the situation, the forecast, the coalition to build, the first three moves
    and the main risk, each taken from the typed result of the section that computed it."""
    from coalitionist.analyses.coalitions import CoalitionAnalysis, rank_holes, recruitment_p
    from coalitionist.analyses.outcome import OutcomeBrief, closing_sentence
    from coalitionist.analyses.process import adverse_sentence, package_sentence, sequence_sentence
    from coalitionist.analyses.reference import shared_forecast
    from coalitionist.analyses.strategy import (
        StrategyResult,
        in_tree,
        kept_out,
        never_reason,
        plan_breaks_adverse,
        success_clause,
    )
    from coalitionist.wording import percent

    by_key = {s.key: s for s in sections}
    labels = {a.id: a.label for a in scenario.actors}
    out: list[str] = []
    outcome = by_key.get("outcome")
    reference = shared_forecast(sections)
    if outcome is not None and isinstance(outcome.result, OutcomeBrief):
        out.extend(outcome.result.summary or outcome.reading[:1])
        if reference is not None:
            closing = closing_sentence(scenario, outcome.result.outcome, reference.point)
            if closing:
                out.append(closing)
    if scenario.description.strip():
        out.append(scenario.description.strip())
    power = by_key.get("power")
    if power is not None and power.reading:
        out.append("Formal power: " + power.reading[0])
    if reference is not None and reference.point:
        # one forecast everywhere: the one the sections measure against, and why
        out.append(forecast_summary(scenario, reference.point, reference.basis))
    plan = by_key.get("plan")
    typed = plan.result if plan is not None else None
    strategy = typed if isinstance(typed, StrategyResult) else None
    p_vote = (
        float(outcome.result.outcome.probability.p_pass)
        if outcome is not None
        and isinstance(outcome.result, OutcomeBrief)
        and outcome.result.outcome.probability is not None
        else None
    )
    if strategy is not None and already_there(strategy.plan):
        # the committed actors already reach the goal: that is the finding, not "approach nobody"
        committed = [labels.get(a, a) for a in strategy.setup.committed]
        out.append(
            "Coalition to build: "
            + names_join(committed, shown=20, last=", ", rest="all in the plan")
            + " ("
            + ("they already vote " if len(committed) != 1 else "it already votes ")
            + ("yes" if strategy.setup.goal == "win" else "no")
            + " on the proposal, enough for the goal on today's predicted votes, so nobody needs to be"
            " won over"
            + (
                f"; the chance that it {'passes' if strategy.setup.goal == 'win' else 'fails'} is"
                f" the vote forecast's {percent(p_vote if strategy.setup.goal == 'win' else 1 - p_vote)}"
                ", the chance those votes hold"
                if p_vote is not None
                else ""
            )
            + _secure_clause(strategy, labels)
            + ")."
        )
    elif strategy is not None and not strategy.plan.steps:
        # a plan that approaches nobody says so, and what would have to change
        out.append(nobody_sentence(strategy.plan, labels))
    broken_at: int | None = None
    if strategy is not None:
        p = strategy.plan
        abstains = set(strategy.setup.vote.wins_abstention if strategy.setup.vote else ())
        target = [
            labels.get(a, a) + (" (its abstention)" if a in abstains else "") for a in p.target
        ]
        if target:
            out.append(
                "Coalition to build: "
                + names_join(target, shown=10, last=", ", rest="all in the plan")
                + f" ({success_clause(strategy.setup, p.p_goal)})."
            )
        if p.steps:
            out.append(
                "First moves: "
                + "; ".join(
                    f"{k + 1}. {labels.get(st.actor, st.actor)} ("
                    + ("to win its abstention; " if st.actor in abstains else "")
                    + f"p {st.p:.2f}"
                    + _raises(st, labels)
                    + ")"
                    for k, st in enumerate(p.steps[:3])
                )
                + "."
            )
        process = strategy.process
        if process is not None:
            if process.goal == "block" or process.packaging.best.package is None:
                # what (not) to table comes before the order of the conversations
                out.append(package_sentence(scenario, process))
            seq = sequence_sentence(scenario, process)
            if seq and seq.count(";") >= 1:  # a sequence of at least two kinds of conversation
                out.append(seq)
                later = after_the_vote_sentence(p, labels)
                if later:
                    out.append(later)
        wanted = {c.actor for c in p.candidates if c.value >= 0}
        kept = [
            c
            for c in p.candidates
            if not in_tree(p, c.actor) and kept_out(c, wanted) and not already_there(p)
        ]  # nobody is approached when the coalition is already there: "kept out" would say nothing
        if kept:
            out.append(
                "Kept out: "
                + "; ".join(
                    f"{labels.get(c.actor, c.actor)}, as {never_reason(c, labels, wanted)}"
                    for c in kept[:3]
                )
                + "."
            )
        risky = [st for st in p.steps if st.goal_lost_on_refusal]
        if risky:
            worst = min(risky, key=lambda st: st.p)
            out.append(
                # the chance of a refusal, not "p" (the chance an approach succeeds, everywhere else)
                f"Main risk: if {labels.get(worst.actor, worst.actor)} refuses (a {1 - worst.p:.0%}"
                " chance when the plan approaches it), the goal is out of reach."
            )
        at_odds = (
            _estimates_at_odds(strategy, outcome.result, percent)
            if outcome is not None and isinstance(outcome.result, OutcomeBrief)
            else None
        )
        if at_odds:
            out.append(at_odds)
        found = plan_breaks_adverse(scenario, p, strategy.breakup)
        broken_at = found[0] if found is not None and strategy.breakup is not None else None
    coalitions = by_key.get("coalitions")
    analysis = coalitions.result if coalitions is not None else None
    if isinstance(analysis, CoalitionAnalysis) and analysis.adverse is not None:
        adverse = analysis.adverse
        if adverse.members and adverse.can_block:
            holes = rank_holes([h.to_dict() for h in adverse.holes], recruitment_p(scenario))
            if broken_at is not None:
                tail = f"; the recruitment plan takes that away by step {broken_at}."
            elif holes:
                h = holes[0]
                tail = (
                    f"; its weakest point is {labels.get(h['actor'], h['actor'])}"
                    f" (chance to peel it off {h['p_peel']:.2f})."
                )
            else:
                tail = "."
            focal = labels.get(scenario.focal or "", "the focal actor")
            members = list(adverse.members)
            out.append(
                f"Against {possessive(focal)} own position, the adverse coalition ("
                + ", ".join(labels.get(a, a) for a in members[:6])
                + (
                    f" and {len(members) - 6} more, all in the coalitions section"
                    if len(members) > 6
                    else ""
                )
                + ") can block"
                + tail
            )
            if strategy is not None and strategy.process is not None:
                versus = adverse_sentence(scenario, strategy.process, adverse.members)
                if versus:
                    out.append(versus)
    robust = by_key.get("robustness")
    if robust is not None and robust.data.get("summary"):
        out.append(robust.data["summary"])
    return out


__all__ = ["ANALYSIS_MODULES", "Brief", "Figure", "Section", "Table", "fmt_value", "make_brief"]


#: A recruitment estimate and the vote model disagree when the estimate is at most this and the actor votes
#: yes in at least :data:`AT_ODDS_YES` of the outcome's draws (or the estimate is at least ``1 − AT_ODDS_P``
#: and it votes no in at least :data:`AT_ODDS_YES` of them; an abstention is not counted against it, as the
#: plan may need no more than that).
AT_ODDS_P = 0.6
AT_ODDS_YES = 0.9
#: The plan's chance of success and the vote forecast's pass probability are reconciled in a sentence when
#: they differ by at least this much (or when an estimate is at odds with the positions).
GAP = 0.15


def _estimates_at_odds(strategy: Any, outcome: Any, share: Callable[[float], str]) -> str | None:
    """The sentence that makes the plan's chance of success the brief's one chance, or ``None``.

    The plan's goal is the vote on the proposal under the rule (:func:`coalitionist.analyses.strategy.
    vote_goal`): a voter the file gives a recruitment estimate counts for the proposal only once its
    approach succeeds; the others cast the votes their positions predict. The vote forecast reads the
    positions alone. Where the two numbers differ (by :data:`GAP` or more), or where an actor the plan
    approaches has a low chance (at most :data:`AT_ODDS_P`) yet votes yes on the proposal in nearly every
    draw (at least :data:`AT_ODDS_YES`), or a high chance yet almost never votes yes, the sentence says
    which number is the chance of success, what it rests on, and which estimates the positions contradict.
    With derived defaults (they come from the positions themselves) only the case where the plan raises
    the chance above today's vote is said. Only for a plan to win, judged on the vote.
    """
    if outcome.outcome.probability is None:
        return None
    setup = strategy.setup
    if setup.goal != "win" or setup.vote is None:
        return None
    prob = outcome.outcome.probability
    row = {a: i for i, a in enumerate(prob.actors)}
    names = outcome.outcome.names
    low, high = [], []
    for st in strategy.plan.steps if setup.estimates_from_file else ():
        i = row.get(st.actor)
        if i is None:
            continue
        yes, no = float(prob.vote_shares[i, 0]), float(prob.vote_shares[i, 2])
        name = names.get(st.actor, st.actor)
        if st.p <= AT_ODDS_P and yes >= AT_ODDS_YES:
            low.append(f"{name} (p {st.p:.2f}, yet it votes yes in {share(yes)} of the draws)")
        elif st.p >= 1 - AT_ODDS_P and no >= AT_ODDS_YES:
            high.append(f"{name} (p {st.p:.2f}, yet it votes no in {share(no)} of the draws)")
    p_goal, p_pass = float(strategy.plan.p_goal), float(prob.p_pass)
    if not low and not high and p_goal >= p_pass + GAP and strategy.plan.steps:
        # the plan raises the chance: the vote forecast is the proposal as the votes stand today
        return (
            f"The chance of success is the plan's {p_goal:.0%}: the vote forecast's {share(p_pass)} is"
            " the proposal as the votes stand today, before the plan wins anyone over; the plan counts"
            " the votes it wins, at the chances in the plan table"
            + ("" if setup.estimates_from_file else " (derived defaults)")
            + ", and the other voters as their positions vote."
        )
    if not setup.estimates_from_file:
        return None
    if not low and not high and abs(p_goal - p_pass) < GAP:
        return None
    head = (
        f"The chance of success is the plan's {p_goal:.0%}: it counts a voter for the proposal only"
        " once its approach succeeds, as the recruitment estimates have it, and the other voters as their"
        f" positions vote; the vote forecast's {share(p_pass)} reads the positions alone"
    )
    # the plan counts its own side's votes (the focal and committed actors) as certain; the vote does not
    own = [
        f"{names.get(a, a)} (yes in {share(float(prob.vote_shares[row[a], 0]))} of the draws)"
        for a in (setup.focal, *setup.committed)
        if a in row and float(prob.vote_shares[row[a], 0]) < AT_ODDS_YES
    ]
    parts = []
    if low:
        parts.append(
            "the positions are surer than the estimates for "
            + "; ".join(low[:3])
            + (
                f" — if those positions are right, the result is safer than {p_goal:.0%}"
                if p_pass > p_goal + 0.005
                else ""
            )
        )
    if own and p_pass < p_goal:
        parts.append(
            "the vote forecast is lower because the plan counts its own side's votes as certain where"
            " the positions do not: " + "; ".join(own[:3])
        )
    vote = setup.vote
    stepped = {st.actor for st in strategy.plan.steps}
    abstainers = [
        names.get(v, v)
        for v, c in zip(vote.voters, vote.predicted, strict=True)
        if c == 0 and v in set(vote.discounted) and v in stepped
    ]
    if abstainers:
        vetoes = [names.get(v, v) for v in vote.vetoes_until_won if v in stepped]
        one = len(vetoes) == 1
        won = {names.get(v, v) for v in vote.wins_abstention}
        what = (
            f": the file's estimate is the chance of winning {possessive(vetoes[0])} abstention, and"
            " until then the plan reads its vote as a no, a veto under the rule, where the abstention"
            " is not one"
            if one and vetoes[0] in won
            else f": the file reads a failed approach to {and_join(vetoes)} as {'its' if one else 'their'}"
            f" no, a veto under the rule, where {'its' if one else 'their'} abstention would not be"
            " one"
        )
        parts.append(
            f"until won the plan counts {and_join(abstainers[:3])} against, where"
            f" {'its positions abstain' if len(abstainers) == 1 else 'their positions abstain'}"
            " (the estimate wins where given" + (what if vetoes else "") + ")"
        )
    if high:
        parts.append(
            "the positions are less hopeful than the estimates for "
            + "; ".join(high[:3])
            + f" — if those positions are right, {p_goal:.0%} is too hopeful"
        )
    if not parts:
        return head + "."
    return head + ", and " + ", and ".join(parts) + ". Revisit those estimates or positions."
