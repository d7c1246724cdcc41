"""The recruitment plan for a scenario: the façade over :mod:`coalitionist.strategy` and its brief section.

The scenario's ``recruitment:`` section becomes a :class:`~coalitionist.strategy.RecruitmentProblem`:

* the focal actor and ``committed`` actors are in the coalition from the start; the goal predicate adds them
  to every joined set and asks the decision rule whether the coalition wins (``goal: win``) or can block
  (``goal: block``: its complement cannot win); ``goal: value`` has no goal, only the values;
* ``value: auto`` is the actor's marginal power contribution. Under ``goal: win`` or ``block`` that
  contribution is already counted, exactly, through the goal (the planner knows when each recruit makes the
  coalition win or block), so the actor's own value is 0 and only what it brings beyond the vote (bases,
  money, legitimacy) needs stating. Under ``goal: value`` there is no goal to carry it, and ``auto`` is
  ``goal_value ×`` the actor's Shapley–Shubik index under the decision rule (0 for actors it does not count);
* ``prerequisites`` and ``via`` on the focal or committed actors are met from the start;
* process effects are the file's ``effects`` plus, unless ``derive_effects: false``, effects derived from the
  ties (:func:`derived_effects`).

Without a ``recruitment:`` section (or when planning for an actor other than the file's focal actor, whose
estimates they are), default estimates are derived (a stakeholder register gives none):

* ``p`` = 1 − the salience-weighted distance between the two actors' positions (0.5 when they share no
  issue), ± :data:`TIE_P` × weight for each friendly / hostile tie between them, + :data:`TAG_P` for a shared
  tag, clipped to [0.02, 0.98] (:func:`_default_p`);
* cost from capability, 1 for the smallest actor to 1 + :data:`COST_SPAN` for the largest; failure cost half
  of it (approaching a big bloc is dearer, and so is its refusal);
* a bandwagon effect: each joiner raises every other candidate's ``p`` by :data:`BANDWAGON` × its share of
  the votes × (1 − p), on top of the effects derived from ties (Sebenius 1996: early joiners raise the
  chances of later ones);
* the goal is ``block`` when the planner prefers the status quo to the scenario's proposal (the side that
  opposes), else ``win``; ``value: auto``;
* the voters who already vote the planner's way on the scenario's proposal (yes under ``win``, no under
  ``block``) are committed, not candidates (:func:`already_on_side`): the plan does not spend a move on
  an actor that is already there; their bandwagon effect is applied to the candidates' ``p`` from the
  start, as if they had just joined.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from coalitionist.analyses.power import ScenarioGame, scenario_power, shared_game
from coalitionist.analyses.reference import shared_forecast
from coalitionist.analyses.rule import scenario_rule
from coalitionist.analyses.scale import ScalePlan
from coalitionist.analyses.section import Section, Table
from coalitionist.coalitions import CoalitionAnalysis
from coalitionist.errors import UsageError
from coalitionist.outcome.decide import PassProbability
from coalitionist.power import PowerResult, Rule
from coalitionist.scenario.compile import WordTable, resolve
from coalitionist.scenario.model import Scenario
from coalitionist.seeding import seeded
from coalitionist.strategy import (
    BreakupPlan,
    Plan,
    PlanEvaluation,
    RecruitmentProblem,
    evaluate_plan,
    plan,
    plan_breakup,
    target_coalitions,
)
from coalitionist.strategy.describe import (
    NOBODY_NOW,
    already_there,
    already_there_sentence,
    blocking_sentence,
    candidate_sentence,
    first_hole_sentence,
    never_reason,
    never_sentence,
    one_plan_sentence,
    plan_lead,
    secure_sentence,
    separate_plan_sentences,
    step_sentence,
    veto_until_won_sentence,
)
from coalitionist.strategy.describe import (
    named as named,  # re-exported: the sentence helper the tests and commands use
)
from coalitionist.strategy.evaluate import perturbation_sampler
from coalitionist.strategy.plan import CandidateAnswer

if TYPE_CHECKING:
    from coalitionist.analyses.process import ScenarioProcess

#: Δp of a candidate when an actor with a friendly tie to it (weight w) joins: ``JOIN_EFFECT × w``; a
#: hostile tie (rivalry, or sign −1) lowers it by the same amount.
JOIN_EFFECT = 0.1
#: Δp of a candidate when an actor with a friendly tie to it refuses: ``−REFUSE_EFFECT × w``.
REFUSE_EFFECT = 0.05

#: A goal predicate that reads at most this many candidates is tabulated on its first call: one call of
#: the rule on all 2^k coalitions of those candidates (65,536 at most: a few milliseconds), then a lookup
#: per coalition. The planners ask about a few coalitions at a time, thousands of times (the Gulf War
#: plan: about 2,000 calls), and each call of the rule costs tens of microseconds.
GOAL_LOOKUP_MAX = 16


def _tabulated(
    goal: Callable[[NDArray[np.bool_]], NDArray[np.bool_]], m: int, sel: NDArray[np.int64]
) -> Callable[[NDArray[np.bool_]], NDArray[np.bool_]]:
    """``goal`` over ``(k, m)`` joined masks when it depends on the columns ``sel`` only: the same
    answers, read from a table of all 2^len(sel) coalitions of those candidates built on the first call
    (``goal`` itself when ``sel`` has more than :data:`GOAL_LOOKUP_MAX` columns)."""
    k = int(sel.size)
    if k > GOAL_LOOKUP_MAX:
        return goal
    weights = np.int64(1) << np.arange(k, dtype=np.int64)
    table: list[NDArray[np.bool_]] = []

    def lookup(masks: NDArray[np.bool_]) -> NDArray[np.bool_]:
        masks = np.asarray(masks, dtype=bool)
        if not table:
            codes = np.arange(1 << k, dtype=np.int64)
            every = np.zeros((codes.size, m), dtype=bool)
            every[:, sel] = (codes[:, None] >> np.arange(k, dtype=np.int64)) & 1
            table.append(np.asarray(goal(every), dtype=bool))
        return table[0][masks[:, sel] @ weights]

    return lookup


#: Tie types through which the source sways the target; ``dependency`` runs the other way (the dependent
#: follows whom it depends on); ``member_of`` carries no effect.
_SWAYS = {"alliance", "influence", "hierarchy", "funds", "history"}


def derived_effects(
    scenario: Scenario, candidates: Sequence[str]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Process effects implied by the ties among ``candidates``: (join_effect, refuse_effect), ``[j, i]``.

    For each tie through which ``j`` sways ``i`` with weight ``w`` and sign ``σ`` (both ways for mutual
    ties): when ``j`` joins, ``p_i`` changes by ``JOIN_EFFECT · w · σ``; when ``j`` refuses and the tie is
    friendly, ``p_i`` drops by ``REFUSE_EFFECT · w``.
    """
    index = {c: k for k, c in enumerate(candidates)}
    m = len(candidates)
    join = np.zeros((m, m))
    refuse = np.zeros((m, m))
    table = WordTable.of(scenario)
    for tie in scenario.relationships:
        if tie.type == "member_of":
            continue
        w = resolve(tie.weight, table)
        sign = tie.effective_sign
        pairs = (
            [(tie.target, tie.source)] if tie.type == "dependency" else [(tie.source, tie.target)]
        )
        if tie.is_mutual:
            pairs.append(pairs[0][::-1])
        for src, dst in pairs:
            if (
                src in index
                and dst in index
                and (tie.type in _SWAYS or tie.type == "dependency" or sign < 0)
            ):
                join[index[src], index[dst]] += JOIN_EFFECT * w * sign
                if sign > 0:
                    refuse[index[src], index[dst]] -= REFUSE_EFFECT * w
    return join, refuse


#: Derived defaults (no recruitment estimates): how much one friendly tie of weight 1 between the planner
#: and a candidate adds to p (a hostile one takes it away), and how much a shared tag adds.
TIE_P = 0.2
TAG_P = 0.1
#: p is kept inside [P_FLOOR, 1 − P_FLOOR]: a derived estimate is never certainty either way.
P_FLOOR = 0.02
#: Derived approach cost: 1 for the smallest actor up to 1 + COST_SPAN for the largest (by capability).
COST_SPAN = 4.0
#: Derived bandwagon effect: when a candidate holding a share v of the voting body's votes joins, every
#: other candidate's p rises by BANDWAGON · v · (1 − p) (Sebenius 1996: early joiners make the coalition
#: credible and raise the later ones' chances).
BANDWAGON = 0.2


def _default_p(scenario: Scenario, planner: str, other: str) -> float:
    """The derived chance that ``other`` joins ``planner``: position distance, ties and shared tags.

    ``p = 1 − d`` with ``d`` the salience-weighted distance between the two actors' positions on the issues
    both state (0.5 when they share none), plus ``TIE_P × w`` for each friendly tie of weight ``w`` between
    them (either direction) and minus it for each hostile one (rivalry, or a negative sign), plus ``TAG_P``
    when they share a tag (party, bloc, group), clipped to ``[P_FLOOR, 1 − P_FLOOR]``.
    """
    a = scenario.arrays
    i, j = scenario.actor_index[planner], scenario.actor_index[other]
    both = a.stated[i] & a.stated[j]
    base = 0.5
    if both.any():
        span = a.high - a.low
        distance = np.abs(a.positions[i] - a.positions[j]) / span
        weight = (a.salience[i] + a.salience[j])[both]
        if weight.sum() > 0:
            base = 1.0 - float(np.average(distance[both], weights=weight))
    table = WordTable.of(scenario)
    ties = 0.0
    for tie in scenario.relationships:
        if {tie.source, tie.target} == {planner, other} and tie.type != "member_of":
            ties += TIE_P * resolve(tie.weight, table) * tie.effective_sign
    tags = set(scenario.actor(planner).tags) & set(scenario.actor(other).tags)
    return float(np.clip(base + ties + (TAG_P if tags else 0.0), P_FLOOR, 1.0 - P_FLOOR))


def _default_cost(scenario: Scenario, actor: str) -> float:
    """The derived cost of approaching ``actor``: ``1 + COST_SPAN × capability / largest capability``."""
    cap = np.clip(scenario.arrays.capability, 0.0, None)
    top = float(cap.max()) if cap.size else 0.0
    if top <= 0:
        return 1.0
    return 1.0 + COST_SPAN * float(cap[scenario.actor_index[actor]]) / top


def _bandwagon(
    scenario: Scenario, candidates: Sequence[str], p: NDArray[np.float64]
) -> NDArray[np.float64]:
    """The derived bandwagon effect ``[j, i]``: ``BANDWAGON × votes share of j × (1 − p_i)``."""
    votes = np.array([max(scenario.actor(c).votes, 0.0) for c in candidates], dtype=float)
    total = float(sum(max(a.votes, 0.0) for a in scenario.actors))
    if total <= 0:
        return np.zeros((len(candidates), len(candidates)))
    effect = BANDWAGON * (votes / total)[:, None] * (1.0 - p)[None, :]
    np.fill_diagonal(effect, 0.0)
    return effect


def _committed_bandwagon(
    scenario: Scenario, committed: Sequence[str], p: NDArray[np.float64]
) -> NDArray[np.float64]:
    """The candidates' derived ``p`` once the committed actors are in: each committed actor's bandwagon
    effect (:func:`_bandwagon`) applied in turn, as if it had just joined -- those already on side make
    the coalition credible, as a joiner does (clipped to ``[P_FLOOR, 1 − P_FLOOR]``)."""
    total = float(sum(max(a.votes, 0.0) for a in scenario.actors))
    if total <= 0 or not committed:
        return p
    out = p.copy()
    for actor in committed:
        share = max(scenario.actor(actor).votes, 0.0) / total
        out = out + BANDWAGON * share * (1.0 - out)
    return np.clip(out, P_FLOOR, 1.0 - P_FLOOR)


def default_goal(scenario: Scenario, planner: str, forecast: dict[str, float] | None = None) -> str:
    """``block`` when the planner prefers the status quo to the scenario's proposal (it is the side that
    opposes), else ``win``. Without a proposal, the decision the planner would oppose is the brief's one
    forecast (``forecast``: issue id → value, what happens if nothing changes): ``block`` when it prefers
    the status quo to that."""
    if scenario.proposal is None and forecast is None:
        return "win"
    a = scenario.arrays
    i = scenario.actor_index[planner]
    if not a.stated[i].any():
        return "win"
    x = a.status_quo.copy()
    for issue_id, value in (scenario.proposal or forecast or {}).items():
        if issue_id in scenario.issue_index:
            x[scenario.issue_index[issue_id]] = value
    span = a.high - a.low
    loss = lambda y: float(np.sum(a.salience[i] * np.abs(a.positions[i] - y) / span))  # noqa: E731
    return "block" if loss(x) > loss(a.status_quo) + 1e-12 else "win"


def already_on_side(scenario: Scenario, planner: str, goal: str) -> tuple[str, ...]:
    """The voters who already vote the planner's way on the scenario's proposal (derived defaults).

    Without recruitment estimates, an actor of the voting body whose predicted vote on the scenario's
    ``proposal`` is what the planner's goal needs -- yes under ``goal: win``, no under ``goal: block`` (the
    vote model of :mod:`coalitionist.outcome.votes`: its gain over the status quo beyond its indifference
    band) -- is counted as committed: there is nothing to recruit it to. Empty without a proposal or under
    ``goal: value``; the planner itself is never listed.
    """
    if scenario.proposal is None or goal not in ("win", "block") or not scenario.issues:
        return ()
    from coalitionist.analyses.outcome import _bands, _proposal_vector, outcome_rule
    from coalitionist.outcome.votes import utility_gain

    a = scenario.arrays
    x = _proposal_vector(scenario, scenario.proposal)
    gain = utility_gain(a.positions, a.salience, x, a.status_quo, width=a.high - a.low)
    band = _bands(scenario, WordTable.of(scenario), None)
    voters = set(outcome_rule(scenario)[0])
    out = []
    for actor in scenario.actors:
        if actor.id == planner or actor.id not in voters:
            continue
        k = scenario.actor_index[actor.id]
        if not a.stated[k].any():
            continue
        if (gain[k] > band[k]) if goal == "win" else (gain[k] < -band[k]):
            out.append(actor.id)
    return tuple(out)


def _and(ids: list[str], scenario: Scenario) -> str:
    names = [scenario.actor(i).label for i in ids]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _goal_forecast(scenario: Scenario) -> dict[str, float] | None:
    """The brief's one forecast, computed alone (for a command that plans without the brief)."""
    from coalitionist.analyses.outcome import reference_sections

    ref = shared_forecast(reference_sections(scenario))
    return None if ref is None else dict(ref.point)


@dataclass(frozen=True)
class PlanningSetup:
    """What the planner was given, in scenario terms."""

    problem: RecruitmentProblem
    focal: str
    goal: str
    committed: tuple[str, ...]
    estimates_from_file: bool
    power: PowerResult | None
    notes: tuple[str, ...]
    #: The goal as the vote on the proposal (None: the binary rule on the coalition, as without issues).
    vote: VoteGoal | None = None
    #: Actor id → display name, for every sentence the plan's JSON carries (ids stay the keys).
    names: dict[str, str] | None = None


@dataclass(frozen=True)
class StrategyResult:
    """The typed result of the brief's strategy section: the planning setup, the plan, the plan to break
    the adverse coalition (when the goal is to win), and the decision rule the goal is judged by."""

    setup: PlanningSetup
    plan: Plan
    breakup: BreakupPlan | None = None
    rule: Rule | None = None
    actors: tuple[str, ...] = ()
    #: The process plan (package, offers, lockout, meetings, tactics) the brief's "What to do" section leads
    #: with, set by :func:`coalitionist.analyses.process.build_section`; None before it runs or without one.
    process: ScenarioProcess | None = None
    #: The coalition is already there but not safe: the soft pivotal votes to secure (:func:`securing`).
    secure: Securing | None = None

    def goal_test(self) -> Callable[[frozenset[str]], bool] | None:
        """Whether the focal actor, the committed actors and ``joined`` reach the goal under the rule
        (``win``: they win; ``block``: they can block); None for ``goal: value`` or without a rule."""
        rule = self.rule
        if rule is None or self.setup.goal not in ("win", "block"):
            return None
        problem = self.setup.problem
        if self.setup.vote is not None and problem.goal is not None:
            cand = {c: k for k, c in enumerate(problem.candidates)}

            def voted(joined: frozenset[str]) -> bool:
                mask = np.zeros((1, problem.m), dtype=bool)
                mask[0, [cand[a] for a in joined if a in cand]] = True
                return bool(problem.goal_many(mask)[0])

            return voted
        index = {a: i for i, a in enumerate(self.actors)}
        base = {*self.setup.committed, self.setup.focal}
        win = self.setup.goal == "win"

        def goal(joined: frozenset[str]) -> bool:
            members = [index[a] for a in base | joined if a in index]
            return rule.wins(members) if win else rule.blocks(members)

        return goal


def _goal_predicate(
    rule: Rule, n: int, fixed: NDArray[np.int64], cols: NDArray[np.int64], block: bool
) -> Any:
    def goal(masks: NDArray[np.bool_]) -> NDArray[np.bool_]:
        masks = np.asarray(masks, dtype=bool)
        full = np.zeros((masks.shape[0], n), dtype=bool)
        full[:, fixed] = True
        full[:, cols] = masks
        return rule.blocks_many(full) if block else rule.wins_many(full)

    return _tabulated(goal, cols.size, np.arange(cols.size, dtype=np.int64))


@dataclass(frozen=True)
class VoteGoal:
    """The plan's goal read as the vote on one proposal (:func:`vote_goal`).

    ``voters`` are the decision makers (file order); ``fallback`` is the vote each casts while outside the
    coalition (1 yes, 0 abstain, −1 no), ``predicted`` the vote its positions give it; ``discounted`` the
    candidates whose positions predict a vote other than the other side's but who are counted on the other
    side until they join (the file's estimate wins over the positions).
    """

    proposal: dict[str, float]
    voters: tuple[str, ...]
    predicted: tuple[int, ...]
    fallback: tuple[int, ...]
    discounted: tuple[str, ...]
    counted_abstaining: tuple[str, ...]
    #: The discounted candidates that hold a veto under the rule whose abstention is not one (the UN
    #: Security Council's permanent members): counted as voting no until won, their no is a veto, where the
    #: abstention their positions predict would not be (:func:`~coalitionist.strategy.describe.veto_until_won_sentence`).
    vetoes_until_won: tuple[str, ...] = ()
    #: The candidates whose approach wins an abstention, not the goal's vote (the file's ``vote: abstain``:
    #: China in the Gulf War file, whose abstention is not a veto): once won they abstain.
    wins_abstention: tuple[str, ...] = ()


def vote_goal(
    scenario: Scenario,
    proposal: dict[str, float] | None,
    on_side: Sequence[str],
    candidates: Sequence[str],
    goal_kind: str,
    *,
    from_file: bool,
) -> tuple[VoteGoal, Any] | None:
    """The goal as the vote on ``proposal`` under the rule: the plan and the vote model as one judgment.

    An actor in the coalition (the focal actor, the committed actors and the candidates that have joined)
    votes the planner's way (yes under ``win``, no under ``block``), or abstains once won when the file
    says that is what winning it means (its ``vote: abstain``: under UN Security Council practice a
    permanent member's abstention is not a veto, so winning China's abstention is enough, but China then
    adds no yes to the nine). A candidate the file gives a
    recruitment estimate counts on the other side until it joins, whatever its positions predict: the
    estimate is the file's judgment of how it votes and wins over the positions where given (the Gulf War
    file: China's "success = China abstains rather than vetoes"), so the plan counts on no vote it has not
    won. Every other decision maker -- no estimate in the file, or derived default estimates -- casts the
    vote its positions give it (:func:`coalitionist.outcome.votes.cast_votes`: gain over the status quo
    against its indifference band); one with no stated position counts on the other side. The goal is
    reached when the proposal passes under the ternary rule (``win``) or fails (``block``), so the predicted
    abstentions of those not approached count as the rule counts them.

    Returns the description and the predicate over candidates' joined masks, or None when there is no
    proposal to vote on (no issues) or no decision maker.
    """
    if proposal is None or not scenario.issues or goal_kind not in ("win", "block"):
        return None
    from coalitionist.analyses.outcome import _bands, _proposal_vector, outcome_rule
    from coalitionist.outcome.votes import cast_votes, utility_gain

    voters, rule = outcome_rule(scenario)
    if not voters:
        return None
    a = scenario.arrays
    prop = {k: float(v) for k, v in proposal.items() if k in scenario.issue_index}
    x = _proposal_vector(scenario, prop)
    gain = utility_gain(a.positions, a.salience, x, a.status_quo, width=a.high - a.low)
    band = _bands(scenario, WordTable.of(scenario), None)
    rows = [scenario.actor_index[v] for v in voters]
    predicted = cast_votes(gain[rows], band[rows])
    side, other = (1, -1) if goal_kind == "win" else (-1, 1)
    side_set, cand_set = set(on_side), set(candidates)
    fallback = predicted.copy()
    discounted: list[str] = []
    for k, v in enumerate(voters):
        if v in side_set:
            fallback[k] = side
        elif not a.stated[scenario.actor_index[v]].any():
            fallback[k] = other
        elif v in cand_set and from_file:
            fallback[k] = other
            if int(predicted[k]) != other:
                discounted.append(v)
    position = {v: k for k, v in enumerate(voters)}
    sel = np.array([k for k, c in enumerate(candidates) if c in position], dtype=np.int64)
    cols = np.array([position[c] for c in candidates if c in position], dtype=np.int64)
    base = fallback.astype(np.int8)
    rec = scenario.recruitment
    codes = {"yes": 1, "no": -1, "abstain": 0}
    said = {
        c: codes[rec.actors[c].vote or ""]
        for c in candidates
        if from_file and rec is not None and c in rec.actors and rec.actors[c].vote is not None
    }
    won = np.array(
        [said.get(c, side) for c in candidates if c in position], dtype=np.int8
    )  # the vote each candidate casts once won

    def goal(masks: NDArray[np.bool_]) -> NDArray[np.bool_]:
        masks = np.asarray(masks, dtype=bool)
        prof = np.repeat(base[None, :], masks.shape[0], axis=0)
        if cols.size:
            prof[:, cols] = np.where(masks[:, sel], won[None, :], base[cols][None, :])
        passes = rule.passes(prof)
        return ~passes if goal_kind == "block" else passes

    abstaining = tuple(v for k, v in enumerate(voters) if int(fallback[k]) == 0)
    soft_veto = {
        voters[i]
        for leaf in rule.leaves()
        if leaf.kind == "veto" and not leaf.veto_on_abstain
        for i in leaf.members
    }
    desc = VoteGoal(
        prop,
        tuple(voters),
        tuple(int(c) for c in predicted),
        tuple(int(c) for c in fallback),
        tuple(discounted),
        abstaining,
        tuple(
            v
            for k, v in enumerate(voters)
            if goal_kind == "win" and v in discounted and v in soft_veto and int(predicted[k]) == 0
        ),
        tuple(c for c in candidates if c in position and said.get(c) == 0),
    )
    return desc, _tabulated(goal, len(candidates), sel)


def recruitment_problem(
    scenario: Scenario,
    *,
    focal: str | None = None,
    goal: str | None = None,
    game: ScenarioGame | None = None,
    forecast: dict[str, float] | None = None,
    max_candidates: int | None = None,
) -> PlanningSetup:
    """Build the numeric recruitment problem of the scenario for ``focal`` (default: the file's), on
    ``game`` (the rule and its power indices; computed when not given). ``forecast`` is the brief's one
    forecast, which the default goal is judged against when the file has neither a proposal nor a goal
    (computed when needed and not given). ``max_candidates``: keep at most that many candidates, those
    with the highest chance × voting power (:func:`top_candidates`; the brief's cap on large scenarios,
    :mod:`coalitionist.analyses.scale`)."""

    planner = focal or scenario.focal
    if planner is None:
        raise UsageError("no focal actor: add focal: <actor id> to the file, or pass --for ACTOR")
    if planner not in scenario.actor_index:
        raise UsageError(f"--for: '{planner}' is not an actor of the scenario")
    rec = scenario.recruitment
    from_file = rec is not None and planner == scenario.focal
    notes: list[str] = []
    table = WordTable.of(scenario)
    # the file's goal is its focal actor's; planning for another actor derives one
    against_forecast = goal is None and not from_file and scenario.proposal is None
    if against_forecast and forecast is None:
        forecast = _goal_forecast(scenario)
    goal_kind = goal or (
        rec.goal
        if from_file and rec is not None
        else default_goal(scenario, planner, forecast if against_forecast else None)
    )
    if goal_kind not in ("win", "block", "value"):
        raise UsageError(f"--goal: '{goal_kind}' is not one of win, block, value")
    committed = (
        tuple(rec.committed)
        if from_file and rec is not None
        else already_on_side(scenario, planner, goal_kind)
    )
    on_side = {planner, *committed}
    if from_file and rec is not None:
        candidates = tuple(
            a.id for a in scenario.actors if a.id in rec.actors and a.id not in on_side
        )
        goal_value = resolve(rec.goal_value, table)
    else:
        candidates = tuple(a.id for a in scenario.actors if a.id not in on_side)
        goal_value = 100.0
        notes.append(
            "No recruitment estimates "
            + (
                "in the file"
                if rec is None
                else f"for {planner} (the file's are {scenario.focal}'s)"
            )
            + ": derived defaults — "
            + (
                f"{_and(list(committed), scenario)} already vote"
                f"{'s' if len(committed) == 1 else ''} "
                + ("yes on" if goal_kind == "win" else "no on")
                + " the scenario's proposal and count as committed (their bandwagon effect is in"
                " the others' chances from the start); "
                if committed
                else ""
            )
            + "p = 1 − salience-weighted distance between positions, ± 0.2 per"
            " friendly or hostile tie, + 0.1 for a shared tag; cost from capability (1 for the smallest,"
            " 5 for the largest), failure cost half of it; each joiner raises the others' chances in"
            " proportion to its votes (bandwagon); goal value 100"
            + (
                (
                    "; the goal is to block, since the planner prefers the status quo to the brief's"
                    " forecast."
                    if against_forecast
                    else "; the goal is to block, since the planner prefers the status quo to the"
                    " proposal."
                )
                if goal is None and not from_file and goal_kind == "block"
                else "."
            )
        )
    if not candidates:
        raise UsageError("there is nobody left to recruit")
    if game is not None:
        power: PowerResult | None = game.power
    else:
        power = scenario_power(scenario) if len(scenario.actors) >= 2 else None
    if max_candidates is not None and len(candidates) > max_candidates:
        candidates = top_candidates(
            scenario, planner, candidates, max_candidates, power, rec if from_file else None
        )
    ss = power.indices.get("shapley_shubik") if power is not None else None
    m = len(candidates)
    p = np.zeros(m)
    value = np.zeros(m)
    cost = np.ones(m)
    failure = np.ones(m)
    prereq: list[set[int]] = [set() for _ in range(m)]
    via: list[set[int]] = [set() for _ in range(m)]
    index = {c: k for k, c in enumerate(candidates)}
    for k, actor in enumerate(candidates):
        cand = rec.actors.get(actor) if from_file and rec is not None else None
        auto = cand is None or cand.value_is_auto
        if auto and goal_kind == "value" and ss is not None:
            value[k] = goal_value * float(ss.get(actor, 0.0))
        if cand is None:
            p[k] = _default_p(scenario, planner, actor)
            cost[k] = _default_cost(scenario, actor)
            failure[k] = cost[k] / 2
            continue
        p[k] = resolve(cand.p, table)
        if not auto:
            value[k] = resolve(cand.value, table)
        cost[k] = resolve(cand.cost, table)
        failure[k] = resolve(cand.failure_cost, table)
        prereq[k] = {index[x] for x in cand.prerequisites if x in index}
        needs = [x for x in cand.via if x in index]
        if len(needs) == len(cand.via):  # an intermediary already on side satisfies `via`
            via[k] = {index[x] for x in needs}
    join, refuse = (
        derived_effects(scenario, candidates)
        if rec is None or rec.derive_effects
        else (np.zeros((m, m)), np.zeros((m, m)))
    )
    if not from_file:
        p = _committed_bandwagon(scenario, committed, p)
        join = join + _bandwagon(scenario, candidates, p)
    if from_file and rec is not None:
        for eff in rec.effects:
            if eff.when not in index:
                continue
            for other, dp in eff.then.items():
                if other in index:
                    target = join if eff.joins else refuse
                    target[index[eff.when], index[other]] += resolve(dp, table)
    predicate = None
    voted: VoteGoal | None = None
    if goal_kind != "value":
        proposal = scenario.proposal
        if proposal is None:
            proposal = forecast if forecast is not None else _goal_forecast(scenario)
        found = vote_goal(
            scenario, proposal, sorted(on_side), candidates, goal_kind, from_file=from_file
        )
        if found is not None:
            voted, predicate = found
    if goal_kind != "value" and predicate is None:
        rule = game.rule if game is not None else scenario_rule(scenario)
        n = len(scenario.actors)
        fixed = np.array([scenario.actor_index[a] for a in on_side], dtype=np.int64)
        cols = np.array([scenario.actor_index[c] for c in candidates], dtype=np.int64)
        predicate = _goal_predicate(rule, n, fixed, cols, goal_kind == "block")
    problem = RecruitmentProblem(
        candidates,
        p=p,
        value=value,
        cost=cost,
        failure_cost=failure,
        prerequisites=tuple(frozenset(s) for s in prereq),
        via=tuple(frozenset(s) for s in via),
        join_effect=join,
        refuse_effect=refuse,
        goal=predicate,
        goal_value=goal_value if goal_kind != "value" else 0.0,
        goal_kind=goal_kind,
        focal=planner,
    )
    return PlanningSetup(
        problem,
        planner,
        goal_kind,
        committed,
        from_file,
        power,
        tuple(notes),
        voted,
        {a.id: a.label for a in scenario.actors},
    )


def top_candidates(
    scenario: Scenario,
    planner: str,
    candidates: Sequence[str],
    keep: int,
    power: PowerResult | None,
    recruitment: Any = None,
) -> tuple[str, ...]:
    """The ``keep`` candidates with the highest chance × voting power (in file order; ties: file order).

    The chance is the file's ``p`` (its point estimate) where ``recruitment`` gives one, else the derived
    default (:func:`_default_p`); the voting power is the normalised Banzhaf index of ``power`` (the
    capability share when there is none). The brief plans on these when a scenario has more candidates
    than its cap (:mod:`coalitionist.analyses.scale`).
    """
    table = WordTable.of(scenario)
    banzhaf = power.indices.get("banzhaf") if power is not None else None
    cap = np.clip(scenario.arrays.capability, 0.0, None)
    total = float(cap.sum()) or 1.0

    def key(k: int, actor: str) -> tuple[float, int]:
        cand = recruitment.actors.get(actor) if recruitment is not None else None
        p = resolve(cand.p, table) if cand is not None else _default_p(scenario, planner, actor)
        weight = (
            float(banzhaf.get(actor, 0.0))
            if banzhaf is not None
            else float(cap[scenario.actor_index[actor]]) / total
        )
        return (-p * weight, k)

    ranked = sorted(enumerate(candidates), key=lambda kc: key(*kc))[:keep]
    return tuple(c for _, c in sorted(ranked))


def abstention_won(setup: PlanningSetup) -> tuple[str, ...]:
    """The candidates whose approach wins an abstention (the file's ``vote: abstain``), by id."""
    return setup.vote.wins_abstention if setup.vote is not None else ()


def success_clause(setup: PlanningSetup, p_goal: float) -> str:
    """What the plan's chance of success is a chance of, for the summary's coalition line.

    ``the chance that the proposal passes under the rule on the votes this plan wins is 32%`` when the goal
    is the vote on a proposal (:func:`vote_goal`), else the binary reading of the goal.
    """
    win = setup.goal == "win"
    if setup.vote is None:
        what = "a coalition that wins under the rule" if win else "a coalition that can block"
        return f"the goal, {what}, is reached with probability {p_goal:.0%}"
    return (
        f"the chance that the proposal {'passes' if win else 'fails'} under the rule on the votes this"
        f" plan wins is {p_goal:.0%}"
    )


@seeded(convert="entropy")
def run_plan(
    scenario: Scenario,
    *,
    focal: str | None = None,
    goal: str | None = None,
    method: str = "auto",
    seed: int | None = None,
    game: ScenarioGame | None = None,
    forecast: dict[str, float] | None = None,
    progress: Callable[[int, int], None] | None = None,
    max_candidates: int | None = None,
) -> tuple[PlanningSetup, Plan]:
    """The recruitment plan that maximises the focal actor's expected payoff (``forecast``: the brief's
    one forecast, see :func:`recruitment_problem`; ``progress(done, total)`` as the planner decides its
    states, see :func:`coalitionist.strategy.plan`)."""
    setup = recruitment_problem(
        scenario,
        focal=focal,
        goal=goal,
        game=game,
        forecast=forecast,
        max_candidates=max_candidates,
    )
    return setup, plan(setup.problem, method=method, seed=seed, progress=progress)


def evaluate(
    setup: PlanningSetup,
    result: Plan,
    samples: int,
    seed: int | None,
    progress: Callable[[int, int], None] | None = None,
) -> PlanEvaluation:
    """Monte Carlo evaluation of the plan under uncertain estimates (documented perturbation);
    ``progress(done, total)`` as chunks of samples finish."""
    return evaluate_plan(
        setup.problem,
        result,
        samples=samples,
        seed=seed,
        sampler=perturbation_sampler(setup.problem),
        progress=progress,
    )


def break_adverse(
    scenario: Scenario,
    setup: PlanningSetup,
    *,
    seed: int | None = 0,
    coalitions: CoalitionAnalysis | None = None,
    rule: Rule | None = None,
) -> BreakupPlan | None:
    """Plan to break the adverse coalition found by the coalition analysis, when it can block.

    The adverse coalition "wins" while the members who stay can still block the decision (the decision rule
    says so, everyone else assumed on the focal side); each member's chance to defect when approached is the
    coalition analysis's ``peelability`` (affinity to the coalition, cross-pressure, salience), each approach
    costs 1 and a failed one 1 more; breaking it is worth the goal value (100 when none is stated).

    ``coalitions``: the brief's coalition analysis; without it, the one ``coalitionist coalitions`` runs
    (:func:`~coalitionist.analyses.coalitions.standalone_coalitions`: measured against the brief's forecast,
    the likely coalitions ranked by the outcome's predicted votes), never a second ranking of its own.
    """
    from coalitionist.analyses.coalitions import standalone_coalitions

    if coalitions is None:  # the coalitions section's: the brief's forecast and predicted votes
        coalitions = standalone_coalitions(scenario)
    adverse = coalitions.adverse
    if adverse is None:
        return None
    members = [m for m in adverse.members if m != setup.focal]
    if not members or not adverse.can_block:
        return None
    peel = {h.actor: float(h.peelability) for h in adverse.holes}
    rule = scenario_rule(scenario) if rule is None else rule
    n = len(scenario.actors)
    cols = np.array([scenario.actor_index[a] for a in members], dtype=np.int64)

    def still_blocks(masks: NDArray[np.bool_]) -> NDArray[np.bool_]:
        full = np.zeros((masks.shape[0], n), dtype=bool)
        full[:, cols] = np.asarray(masks, dtype=bool)
        return rule.blocks_many(full)

    value = setup.problem.goal_value or 100.0
    return plan_breakup(
        members,
        still_blocks,
        p_defect=[peel.get(a, 0.0) for a in members],
        cost=np.ones(len(members)),
        failure_cost=np.ones(len(members)),
        goal_value=value,
        focal=setup.focal,
        seed=seed,
    )


#: The pass probability below which a coalition that is already there is not taken for granted: the plan
#: then advises securing its soft pivotal votes (:func:`soft_votes`).
SECURE_BELOW = 0.9
#: A vote whose risk (share of draws it is not cast the plan's way × share of draws it is pivotal) is below
#: this is not named: it holds in practically every draw in which it matters.
SOFT_RISK = 0.01


@dataclass(frozen=True)
class SoftVote:
    """A vote on the plan's side that may not be cast its way (:func:`soft_votes`).

    Attributes
    ----------
    actor : str
    p_other : float
        Share of the outcome's Monte Carlo draws in which it does not vote the plan's way (yes under
        ``win``, no under ``block``).
    p_pivotal : float
        Share of the draws in which its vote alone changes the result.
    """

    actor: str
    p_other: float
    p_pivotal: float

    @property
    def risk(self) -> float:
        """``p_other × p_pivotal``: how likely, roughly, this vote is the one that loses the goal."""
        return self.p_other * self.p_pivotal

    def to_dict(self) -> dict[str, Any]:
        """Plain data (``risk`` included)."""
        return {
            "actor": self.actor,
            "p_other": self.p_other,
            "p_pivotal": self.p_pivotal,
            "risk": self.risk,
        }


def soft_votes(
    probability: PassProbability,
    side: Sequence[str],
    goal_kind: str,
    *,
    min_risk: float = SOFT_RISK,
) -> tuple[SoftVote, ...]:
    """The soft pivotal votes of the plan's side, the riskiest first.

    For each voter in ``side`` (the focal and committed actors that cast a vote), ``p_other`` is the share
    of the outcome's Monte Carlo draws (:func:`coalitionist.outcome.decide.pass_probability`) in which it
    does not vote the plan's way — not yes under ``win``, not no under ``block`` — and ``p_pivotal`` the
    share in which its vote alone changes the result. The votes are ranked by ``p_other × p_pivotal``
    (ties by the order of ``side``), and those below ``min_risk`` are left out: a vote that is soft but never
    decides, or decides but never wavers, needs no securing. The product treats wavering and being pivotal
    as independent; it ranks the votes to secure, it is not the chance of losing through them.
    """
    if goal_kind not in ("win", "block"):
        return ()
    col = 0 if goal_kind == "win" else 2  # vote_shares columns: yes, abstain, no
    where = {a: k for k, a in enumerate(probability.actors)}
    found = [
        SoftVote(
            a,
            float(1.0 - probability.vote_shares[where[a], col]),
            float(probability.p_pivotal[where[a]]),
        )
        for a in side
        if a in where
    ]
    order = sorted(range(len(found)), key=lambda k: (-found[k].risk, k))
    return tuple(found[k] for k in order if found[k].risk >= min_risk)


@dataclass(frozen=True)
class Securing:
    """The advice for a coalition that is already there but not safe (:func:`securing`): the share of the
    outcome's ``draws`` that reach the goal, and the soft pivotal votes to secure, the riskiest first."""

    p_goal: float
    draws: int
    votes: tuple[SoftVote, ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {
            "p_goal": self.p_goal,
            "draws": self.draws,
            "votes": [v.to_dict() for v in self.votes],
        }


def securing(setup: PlanningSetup, sections: Sequence[Section]) -> Securing | None:
    """When the coalition is already there but the outcome's Monte Carlo reaches the goal in fewer than
    :data:`SECURE_BELOW` of its draws: that share, the draws and the soft pivotal votes of the plan's side.

    None when the brief has no outcome section with draws, when the outcome votes a proposal other than
    the one the plan's goal is the vote on, or when the goal is safe enough.
    """
    from coalitionist.analyses.outcome import OutcomeBrief

    found = next((s.result for s in sections if isinstance(s.result, OutcomeBrief)), None)
    if found is None or found.outcome.probability is None or setup.vote is None:
        return None
    outcome = found.outcome
    if {k: round(v, 9) for k, v in outcome.proposal.items()} != {
        k: round(v, 9) for k, v in setup.vote.proposal.items()
    }:
        return None
    probability = outcome.probability
    assert probability is not None
    p_goal = probability.p_pass if setup.goal == "win" else 1.0 - probability.p_pass
    if p_goal >= SECURE_BELOW:
        return None
    side = [setup.focal, *setup.committed]
    return Securing(p_goal, probability.n_draws, soft_votes(probability, side, setup.goal))


def already_there_reading(
    setup: PlanningSetup, secure: Securing | None, labels: dict[str, str]
) -> list[str]:
    """The plan's words when the coalition is already there: who already carries the goal and, when the
    outcome's draws say it is not safe (:func:`securing`), which soft pivotal votes to secure first — the
    same sentences in the brief's plan section and in ``coalitionist plan``."""
    out = [already_there_sentence([labels.get(a, a) for a in setup.committed], setup.goal)]
    if secure is not None:
        out.append(
            secure_sentence(
                [(labels.get(v.actor, v.actor), v.p_other, v.p_pivotal) for v in secure.votes],
                secure.p_goal,
                secure.draws,
                setup.goal,
            )
        )
    return out


def securing_alone(
    scenario: Scenario, setup: PlanningSetup, *, seed: int | None = 0
) -> Securing | None:
    """:func:`securing` outside a brief (``coalitionist plan``): the outcome section is built for it, with
    the brief's draws and seed, so the advice is the brief's."""
    from coalitionist.analyses.outcome import build_section as outcome_section

    section = outcome_section(scenario, [], seed=seed)
    return None if section is None else securing(setup, [section])


def plan_dict(
    setup: PlanningSetup,
    result: Plan,
    evaluation: PlanEvaluation | None = None,
    breakup: BreakupPlan | None = None,
) -> dict[str, Any]:
    """The ``coalitionist plan --json`` object."""
    out = {"focal": setup.focal, "goal": setup.goal, **result.to_dict()}
    if setup.names:
        # the sentences in names (the ids stay in the "actor" fields): the same words as the brief's
        for entry, step in zip(out.get("steps", []), result.steps, strict=False):
            entry["why"] = step_sentence(step, setup.names, setup.goal, abstention_won(setup))
        for entry, cand in zip(out.get("candidates", []), result.candidates, strict=False):
            entry["note"] = candidate_sentence(cand, setup.names, result.expected_payoff)
    out["committed"] = list(setup.committed)
    out["estimates_from_file"] = setup.estimates_from_file
    if setup.vote is not None:
        # what the goal rests on: the vote on this proposal, with these votes before anyone joins
        codes = {1: "yes", 0: "abstain", -1: "no"}
        out["goal_vote"] = {
            "proposal": dict(setup.vote.proposal),
            "votes_before_recruiting": {
                v: codes[c] for v, c in zip(setup.vote.voters, setup.vote.fallback, strict=True)
            },
            "counted_against_until_won": list(setup.vote.discounted),
            "vetoes_until_won": list(setup.vote.vetoes_until_won),
            "wins_abstention": list(setup.vote.wins_abstention),
        }
    out["notes"] = list(setup.notes) + list(out.get("notes", []))
    out["targets"] = [t.to_dict() for t in target_coalitions(setup.problem, top=3)]
    if breakup is not None:
        out["break_adverse"] = breakup.to_dict()
        if setup.names:  # the break plan's sentences in names too (its "actor" fields keep the ids)
            broken = out["break_adverse"].get("plan", {})
            for entry, step in zip(broken.get("steps", []), breakup.plan.steps, strict=False):
                entry["why"] = step_sentence(step, setup.names, "break")
            for entry, cand in zip(
                broken.get("candidates", []), breakup.plan.candidates, strict=False
            ):
                entry["note"] = candidate_sentence(cand, setup.names, breakup.plan.expected_payoff)
    if evaluation is not None:
        out["evaluation"] = evaluation.to_dict()
    return out


def plan_breaks_adverse(
    scenario: Scenario, result: Plan, breakup: BreakupPlan | None
) -> tuple[int, list[str]] | None:
    """The step of the recruitment plan's main line after which the adverse coalition can no longer block,
    and the adverse members recruited by then (``None`` if it still blocks at the end, or there is none)."""
    if breakup is None or not breakup.members or not result.steps:
        return None
    rule = scenario_rule(scenario)
    index = scenario.actor_index
    remaining = set(breakup.members)
    peeled: list[str] = []
    for k, step in enumerate(result.steps, start=1):
        if step.actor in remaining:
            remaining.discard(step.actor)
            peeled.append(step.actor)
            mask = np.zeros(len(scenario.actors), dtype=bool)
            mask[[index[a] for a in remaining]] = True
            if not rule.blocks(mask):
                return k, peeled
    return None


def kept_out(c: CandidateAnswer, wanted: set[str]) -> bool:
    """Whether a candidate the plan never approaches is kept out on purpose: its joining is worth less
    than nothing, or would lower the chance of a candidate whose joining is worth something."""
    return c.value < 0 or any(e.after < e.before - 1e-9 and e.actor in wanted for e in c.raises)


def build_section(
    scenario: Scenario,
    sections: Sequence[Section],
    *,
    seed: int | None = 0,
    scale: ScalePlan | None = None,
) -> Section | None:
    """The brief's strategy section: whom to approach first, and what to do if they refuse.

    ``scale``: the methods of a large scenario (:mod:`coalitionist.analyses.scale`): the cap on the
    planner's candidates, stated in the reading when it applies."""
    if scenario.focal is None or len(scenario.actors) < 2:
        return None
    game = shared_game(scenario, sections)
    ref = shared_forecast(sections)
    try:
        setup, result = run_plan(
            scenario,
            seed=seed,
            game=game,
            forecast=None if ref is None else dict(ref.point),
            max_candidates=None if scale is None else scale.plan_candidates,
        )
    except UsageError:
        return None
    switched = scale.method("plan") if scale is not None else None
    labels = {a.id: a.label for a in scenario.actors}
    coalitions = next((s.result for s in sections if isinstance(s.result, CoalitionAnalysis)), None)
    breakup = (
        break_adverse(scenario, setup, coalitions=coalitions, rule=game.rule)
        if setup.goal == "win"
        else None
    )
    data = plan_dict(setup, result, breakup=breakup)
    reading: list[str] = []
    secure: Securing | None = None
    if result.steps:
        reading.append(
            plan_lead(
                [labels.get(s.actor, s.actor) for s in result.steps],
                setup.goal,
                result.p_goal,
                result.expected_payoff,
                result.method,
            )
        )
        reading.extend(
            step_sentence(step, labels, setup.goal, abstention_won(setup))
            for step in result.steps[:6]
        )
        approached = {s.actor for s in result.steps}
        vetoes = [a for a in (setup.vote.vetoes_until_won if setup.vote else ()) if a in approached]
        if vetoes:
            notes = {
                a: scenario.recruitment.actors[a].note
                for a in vetoes
                if scenario.recruitment is not None and a in scenario.recruitment.actors
            }
            reading.append(
                veto_until_won_sentence(
                    [(labels.get(a, a), notes.get(a, "")) for a in vetoes],
                    [labels.get(a, a) for a in abstention_won(setup)],
                )
            )
    elif already_there(result) and setup.committed:
        secure = securing(setup, sections)
        if secure is not None:
            data["secure"] = secure.to_dict()
        reading.extend(already_there_reading(setup, secure, labels))
    else:
        reading.append(NOBODY_NOW)
    never = [c for c in result.candidates if not in_tree(result, c.actor)]
    wanted = {c.actor for c in result.candidates if c.value >= 0}
    data["never_approached"] = [
        {
            "actor": c.actor,
            "reason": never_reason(c, labels, wanted),
            "kept_out": kept_out(c, wanted),
        }
        for c in never
    ]
    if never:
        reading.append(never_sentence(never, labels, wanted))
    if setup.goal == "block" and data["targets"]:
        t = data["targets"][0]
        reading.append(blocking_sentence(t["members"], t["p_all_join"], labels))
    broken_at = plan_breaks_adverse(scenario, result, breakup)
    if broken_at is not None and breakup is not None:
        k, peeled = broken_at
        data["plan_breaks_adverse_at"] = k
        reading.append(one_plan_sentence(breakup.members, peeled, k, labels))
        # the coalitions section's first hole, ranked as that section ranks them (the file's p first)
        from coalitionist.analyses.coalitions import rank_holes, recruitment_p

        adverse = coalitions.adverse if coalitions is not None else None
        holes = [
            h
            for h in rank_holes(
                [h.to_dict() for h in adverse.holes] if adverse else [], recruitment_p(scenario)
            )
            if h["impact"] > 0
        ]
        if holes and holes[0]["actor"] not in peeled and not holes[0]["still_blocks_without"]:
            first = holes[0]
            chances = {h["actor"]: h["p_peel"] for h in holes}
            reading.append(
                first_hole_sentence(
                    labels.get(first["actor"], first["actor"]),
                    first["impact"],
                    first["p_peel"],
                    [labels.get(a, a) for a in peeled],
                    k,
                    least_likely=all(first["p_peel"] < chances[a] for a in peeled if a in chances),
                )
            )
    elif breakup is not None and breakup.plan.steps:
        reading.extend(separate_plan_sentences(breakup, labels))
    reading.extend(setup.notes)
    if switched is not None:
        reading.append(switched.sentence() + f" The plan's method: {result.method}.")
        data["scale"] = {**switched.to_dict(), "planner": result.method}
    rows = tuple(
        (
            str(s.position),
            labels.get(s.actor, s.actor),
            f"{s.p:.2f}",
            f"{s.value:.3g}",
            f"{s.cost:.3g}",
            f"{s.failure_cost:.3g}",
            labels.get(s.on_refuse, s.on_refuse) if s.on_refuse else "stop",
        )
        for s in result.steps
    )
    tables = [
        Table(
            (
                "step",
                "approach",
                "p at its turn",
                "value",
                "cost",
                "failure cost",
                "if refused, next",
            ),
            rows,
            caption="The plan (the line on which every approach succeeds)",
            align="rlrrrrl",
        )
    ]
    return Section(
        key="plan",
        title="What to do",
        question="Whom to approach first and next, and what to do if they refuse?",
        reading=tuple(reading),
        tables=tuple(tables),
        data=data,
        result=StrategyResult(
            setup, result, breakup, game.rule, scenario.arrays.actors, secure=secure
        ),
    )


def in_tree(result: Plan, actor: str) -> bool:
    stack = [result.policy]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        if node.actor == actor:
            return True
        if not node.truncated:
            stack.extend((node.on_join, node.on_refuse))
    return False
