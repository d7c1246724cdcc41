"""The recruitment plan in plain words where the planner's own explanations stop: the plan in one
sentence, why a candidate is never approached, the blocking coalition to assemble, whether the recruitment
plan also breaks the adverse coalition, a plan that approaches nobody and what would have to change for an
approach to be worth it. Reads the typed :class:`Plan` and :class:`BreakupPlan`; names come from the caller
(``names`` / ``labels``: id → display name); nothing here ranks or plans.

What would have to change (break-even): approaching candidate ``c`` first and then going on as well as
possible is worth ``E = −p·cost − (1 − p)·(cost + failure) + p·W`` in expectation, with ``W`` the value of
going on once ``c`` has joined (and nothing gained after a refusal, since the plan approaches nobody). The
planner reports ``E`` (:attr:`CandidateAnswer.expected_payoff_if_first`) at the current ``p``, so
``W = (E + p·cost + (1 − p)·(cost + failure)) / p``, and the approach breaks even at

    p* = (cost + failure) / (W + failure)        or, at the current p,    cost* = p·W − (1 − p)·failure.

When ``W ≤ 0`` no chance of success makes the approach worth it: its joining is worth too little.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from coalitionist.strategy.breaking import BreakupPlan
from coalitionist.strategy.explain import candidate_note, step_why
from coalitionist.strategy.plan import CandidateAnswer, Plan, PlanStep
from coalitionist.wording import and_join, names_join, percent, possessive, them

__all__ = [
    "NOBODY_NOW",
    "BreakEven",
    "already_there",
    "already_there_sentence",
    "blocking_sentence",
    "break_even",
    "candidate_sentence",
    "fmt_amount",
    "named",
    "never_reason",
    "never_sentence",
    "nobody_sentence",
    "one_plan_sentence",
    "plan_lead",
    "secure_sentence",
    "separate_plan_sentences",
    "veto_until_won_sentence",
]

#: The plan section's lead when the plan approaches nobody.
NOBODY_NOW = "No approach is worth its cost: the best plan is to approach nobody now."


@dataclass(frozen=True)
class BreakEven:
    """What would make approaching ``actor`` first worth its expected cost.

    Attributes
    ----------
    actor : str
    p, cost : float
        The current estimates.
    p_needed : float or None
        The chance at which the approach breaks even (None when no chance suffices or above 1).
    cost_needed : float or None
        The cost at which it breaks even at the current chance (None when no cost suffices).
    stake : float
        ``W``: what going on is worth once it has joined (the goal, when its joining opens the way).
    """

    actor: str
    p: float
    cost: float
    p_needed: float | None
    cost_needed: float | None
    stake: float = 0.0


def break_even(c: CandidateAnswer) -> BreakEven | None:
    """The break-even chance and cost of approaching ``c`` first (module docstring); None without the
    planner's expected payoff for it."""
    e = c.expected_payoff_if_first
    if e is None or c.p <= 0:
        return None
    cost, p = c.cost_of_success, c.p
    fail = c.cost_of_failure - c.cost_of_success  # the extra cost of a refusal
    w = (e + p * cost + (1 - p) * (cost + fail)) / p
    p_needed = (cost + fail) / (w + fail) if w > 0 else None
    cost_needed = p * w - (1 - p) * fail
    return BreakEven(
        c.actor,
        p,
        cost,
        # a break-even point is advice only as a rise in the chance or a fall in the cost: where the
        # approach loses whatever its chance (the goal already reached without it), there is none
        p_needed if p_needed is not None and p < p_needed <= 1 else None,
        cost_needed if 0 < cost_needed < cost else None,
        w,
    )


def _num(x: float) -> str:
    return f"{round(x):d}" if abs(x - round(x)) < 1e-9 else f"{x:.2g}"


def already_there(plan: Plan) -> bool:
    """Whether the goal is reached with no approach at all: the plan approaches nobody and still reaches it
    for certain (the focal and committed actors are enough under the rule)."""
    return not plan.steps and plan.p_goal >= 1.0 - 1e-12 and plan.goal_kind in ("win", "block")


def already_there_sentence(committed: Sequence[str], goal_kind: str) -> str:
    """``The coalition is already there: A and B already vote yes …`` (``committed``: names).

    Examples
    --------
    >>> already_there_sentence(["Bavaria", "Hesse"], "win")
    'The coalition is already there: Bavaria and Hesse already vote yes on the proposal, enough to carry it under the rule, so nobody needs to be won over; keep them on side.'
    """
    vote = "yes" if goal_kind == "win" else "no"
    enough = "to carry it" if goal_kind == "win" else "to block it"
    who = and_join(list(committed)) if committed else "the actors already on side"
    verb = "votes" if len(committed) == 1 else "vote"
    return (
        f"The coalition is already there: {who} already {verb} {vote} on the proposal, enough {enough}"
        f" under the rule, so nobody needs to be won over; keep {them(len(committed)) if committed else 'them'} on side."
    )


def secure_sentence(
    soft: Sequence[tuple[str, float, float]], p_goal: float, draws: int, goal_kind: str
) -> str:
    """What to do when the coalition is already there but the goal is not safe: secure the soft pivotal
    votes, the riskiest first (``soft``: (name, share of draws it does not vote the plan's way, share of
    draws it is pivotal), ranked by their product; ``p_goal``: the share of ``draws`` that reach the goal).

    Examples
    --------
    >>> secure_sentence([("Germany", 0.3, 0.92)], 0.73, 1000, "win")
    'The votes are there, not safe: the proposal passes in only 73% of 1,000 draws of the estimates, so secure the soft pivotal votes, the riskiest first (share of draws it does not vote yes × share in which its vote alone decides): Germany (not yes in 30%, pivotal in 92%).'
    """
    vote = "yes" if goal_kind == "win" else "no"
    verb = "passes" if goal_kind == "win" else "fails"
    head = (
        f"The votes are there, not safe: the proposal {verb} in only {percent(p_goal)} of {draws:,} draws of"
        " the estimates, so "
    )
    if not soft:
        return (
            head
            + "watch the whole side: no single vote on it is both soft and pivotal often enough to"
            " name (each, alone, decides the result in few of the draws in which it wavers)."
        )
    return (
        head + "secure the soft pivotal votes, the riskiest first (share of draws it does not vote"
        f" {vote} × share in which its vote alone decides): "
        + "; ".join(
            f"{name} (not {vote} in {percent(other)}, pivotal in {percent(piv)})"
            for name, other, piv in soft
        )
        + "."
    )


def veto_until_won_sentence(
    vetoes: Sequence[tuple[str, str]], abstention_won: Collection[str] = ()
) -> str:
    """Why the plan approaches a veto holder whose positions predict an abstention, which is no veto
    (``vetoes``: (name, the file's note on its estimate)).

    The plan's goal is the vote under the ternary rule, as the vote section counts it: such an actor's
    abstention does not block. But a candidate the file gives a recruitment estimate counts on the other
    side (no) until its approach succeeds — the estimate is the file's judgment of what an approach wins —
    and its no is a veto. So the plan and the vote section apply the same rule to different votes.

    Examples
    --------
    >>> veto_until_won_sentence([("China", "Success = China abstains rather than vetoes.")])
    "Why the plan approaches China although its positions predict an abstention, which the rule does not count as a veto: the plan counts a voter the file gives a recruitment estimate as voting no until its approach succeeds (the estimate is the file's judgment of what an approach wins: for China, 'Success = China abstains rather than vetoes.'), and its no is a veto. Under the same rule as the vote section, the plan reads a failed approach as the veto it would avert; if the abstention is certain, China needs no approach and the plan is safer than its chance of success reads."
    """
    names = [n for n, _ in vetoes]
    who = and_join(names)
    one = len(names) == 1
    quoted = "; ".join(f"for {n}, '{note}'" for n, note in vetoes if note)
    if names and all(n in abstention_won for n in names):
        # the file says what an approach wins: the abstention itself (vote: abstain)
        return (
            f"The plan approaches {who} to win {'its' if one else 'their'} abstention, which the rule"
            " does not count as a veto (the file's vote: abstain"
            + (f"; {quoted}" if quoted else "")
            + f"): until won it counts {'its' if one else 'their'} vote as a no, a veto, though"
            f" {'its' if one else 'their'} positions predict the abstention; if the abstention is"
            f" certain, {who} {'needs' if one else 'need'} no approach and the plan is safer than its"
            " chance of success reads. Once won, an abstention adds no yes: the others must reach"
            " the quota."
        )
    return (
        f"Why the plan approaches {who} although {'its' if one else 'their'} positions predict an"
        f" abstention, which the rule does not count as a veto: the plan counts a voter the file gives a"
        " recruitment estimate as voting no until its approach succeeds (the estimate is the file's"
        " judgment of what an approach wins" + (f": {quoted}" if quoted else "") + "), and"
        f" {'its' if one else 'each one' + chr(39) + 's'} no is a veto. Under the same rule as the vote section, the"
        " plan reads a failed approach as the veto it would avert; if the abstention is certain,"
        f" {who} {'needs' if one else 'need'} no approach and the plan is safer than its chance of success"
        " reads."
    )


def nobody_sentence(plan: Plan, names: Mapping[str, str]) -> str:
    """``The plan approaches nobody: …; approaching X would be worth it if its chance rose from 0.10 to
    0.35 (or its cost fell from 5 to 1.2).`` — empty when the plan approaches someone."""
    if plan.steps:
        return ""
    head = "The plan approaches nobody: no approach is worth its expected cost"
    ranked = [
        c
        for c in plan.candidates
        if c.approachable and c.expected_payoff_if_first is not None and c.p > 0
    ]
    if not ranked:
        return head + ", and nobody can be approached yet."
    # the candidate with the most at stake: the one whose joining opens the way to the goal
    options = [(b, c) for c in ranked if (b := break_even(c)) is not None]
    if not options:
        return head + "."
    be, best = max(options, key=lambda bc: (bc[0].stake, bc[1].expected_payoff_if_first or 0.0))
    who = names.get(best.actor, best.actor)
    if be.p_needed is None and be.cost_needed is None:
        return (
            head
            + f"; even the best candidate, {who}, adds too little to the goal for any chance of success"
            " to pay for the approach — its value, or the goal's, would have to rise."
        )
    bits = []
    if be.p_needed is not None:
        bits.append(f"its chance rose from {be.p:.2f} to {be.p_needed:.2f}")
    if be.cost_needed is not None:
        bits.append(f"its cost fell from {_num(be.cost)} to {_num(be.cost_needed)}")
    return head + f"; approaching {who} first would be worth it if " + " or ".join(bits) + "."


def fmt_amount(x: float, digits: int = 1) -> str:
    """A payoff or cost for people: ``38.5``, and whole numbers as integers (``40``, not ``40.0``).

    Examples
    --------
    >>> fmt_amount(40.0), fmt_amount(38.47), fmt_amount(-0.04)
    ('40', '38.5', '0')
    """
    text = f"{x:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def plan_lead(
    order: Sequence[str], goal: str, p_goal: float, payoff: float, method: str, shown: int = 6
) -> str:
    """The plan in one sentence: ``Approach A, then B …: the chance of reaching the goal (win) is 32% and
    the expected payoff 38.5 (rollout plan).`` A cut order says how many more steps there are and where.

    Examples
    --------
    >>> plan_lead(["A", "B"], "win", 0.5, 40.0, "exact")
    'Approach A, then B: the chance of reaching the goal (win) is 50% and the expected payoff 40 (exact plan).'
    >>> plan_lead(list("ABCDEFGH"), "win", 0.3, 38.46, "rollout")[:60]
    'Approach A, then B, then C, then D, then E, then F, and 2 mo'
    """
    head = ", then ".join(order[:shown])
    rest = len(order) - shown
    if rest == 1:  # never "and 1 more": name it
        head += f", then {order[shown]}"
    elif rest > 1:
        head += f", and {rest} more steps (all in the plan table)"
    return (
        f"Approach {head}: the chance of reaching the goal ({goal}) is {p_goal:.0%} and the expected"
        f" payoff {fmt_amount(payoff)} ({method} plan)."
    )


def candidate_sentence(c: CandidateAnswer, labels: Mapping[str, str], plan_value: float) -> str:
    """A candidate's place in the plan (``c.note``, written with ids for the planner) with every actor
    named; ``plan_value``: the plan's expected payoff."""
    return candidate_note(
        position=c.plan_position,
        in_policy=c.in_policy,
        approachable=c.approachable,
        waiting_for=[labels.get(a, a) for a in c.waiting_for],
        value=c.value,
        harms=[
            (labels.get(e.actor, e.actor), e.before, e.after)
            for e in c.raises
            if e.after < e.before
        ],
        net_now=c.expected_net_now,
        if_first=c.expected_payoff_if_first,
        plan_value=plan_value,
    )


def step_sentence(
    step: PlanStep,
    labels: Mapping[str, str],
    goal_kind: str,
    abstaining: Collection[str] = (),
) -> str:
    """The sentence explaining a step of the plan's main line, written with the actors' names
    (``abstaining``: the ids of the candidates whose approach wins an abstention, the file's
    ``vote: abstain``).

    The same sentence as ``step.why`` (which is written with ids, for the JSON), built from the step's
    numbers with every actor named: no template word is ever mistaken for an id (an actor with the id
    ``others`` once turned "and changes 5 others" into "and changes 5 <its name>").
    """

    def name(a: str | None) -> str | None:
        return None if a is None else labels.get(a, a)

    return step_why(
        actor=labels.get(step.actor, step.actor),
        position=step.position,
        p=step.p,
        value=step.value,
        cost=step.cost,
        failure_cost=step.failure_cost,
        on_join=[(labels.get(e.actor, e.actor), e.before, e.after) for e in step.raises],
        on_refuse=[(labels.get(e.actor, e.actor), e.before, e.after) for e in step.if_refused],
        reaches_goal=step.reaches_goal,
        goal_lost_on_refusal=step.goal_lost_on_refusal,
        next_on_refusal=name(step.on_refuse),
        score=step.score,
        score_kind=step.score_kind,
        alternative=name(step.alternative),
        alternative_score=step.alternative_score,
        goal_kind=goal_kind,
        joined_before=[labels.get(a, a) for a in step.joined_before],
        wins_abstention=step.actor in abstaining,
    )


def named(text: str, labels: Mapping[str, str]) -> str:
    """A planner sentence with actor ids replaced by their display names (longest ids first).

    One pass with a function as the replacement: a name is inserted literally (a backslash or ``\\g<0>``
    in a name is text, not a regex template) and is never itself searched for ids.

    Examples
    --------
    >>> named("Approach uk first; uk's joining raises usa", {"uk": "United Kingdom", "usa": "USA"})
    "Approach United Kingdom first; United Kingdom's joining raises USA"
    """
    ids = [a for a in sorted(labels, key=len, reverse=True) if labels[a] != a]
    if not ids:
        return text
    pattern = re.compile(rf"(?<![\w-])({'|'.join(re.escape(a) for a in ids)})(?![\w-])('s\b)?")

    def swap(match: re.Match[str]) -> str:
        label = labels[match.group(1)]
        return possessive(label) if match.group(2) else label

    return pattern.sub(swap, text)


def never_reason(
    c: CandidateAnswer, labels: Mapping[str, str], wanted: set[str] | None = None
) -> str:
    """Why the plan never approaches a candidate, from its estimates (a short phrase).

    ``wanted``: the candidates whose joining is worth something (only their lowered chances count).
    """
    lowered = [
        e for e in c.raises if e.after < e.before - 1e-9 and (wanted is None or e.actor in wanted)
    ]
    parts: list[str] = []
    if lowered:
        worst = sorted(lowered, key=lambda e: e.after - e.before)[:3]
        parts.append(
            "its joining would lower "
            + ", ".join(
                f"{possessive(labels.get(e.actor, e.actor))} chance from {e.before:.2f} to {e.after:.2f}"
                for e in worst
            )
        )
    if c.value < 0:
        parts.append(f"its joining is worth {c.value:g} to the goal")
    if not parts and not c.approachable and c.waiting_for:
        parts.append(
            "it can only be approached after " + ", ".join(labels.get(a, a) for a in c.waiting_for)
        )
    if not parts and c.p < 0.2:
        parts.append(f"it joins with probability {c.p:.2f} only")
    if not parts:
        # a refusal costs the approach and this on top
        extra = c.cost_of_failure - c.cost_of_success
        parts.append(
            f"an approach (p {c.p:.2f}, cost {fmt_amount(c.cost_of_success, 2)}"
            + (f", {fmt_amount(extra, 2)} more if it refuses" if extra > 1e-9 else "")
            + ") adds too little to the goal"
        )
    return "; ".join(parts)


def never_sentence(
    never: Sequence[CandidateAnswer],
    labels: Mapping[str, str],
    wanted: set[str] | None = None,
    shown: int = 6,
) -> str:
    """``Never approached: Israel (its joining would lower …); …`` — the first ``shown`` (each with its
    reason, so a long list is cut: never "and 1 more"), and how many more there are and where."""
    if len(never) == shown + 1:
        shown += 1
    return (
        "Never approached: "
        + "; ".join(
            f"{labels.get(c.actor, c.actor)} ({never_reason(c, labels, wanted)})"
            for c in never[:shown]
        )
        + (f"; and {len(never) - shown} more (see the JSON)" if len(never) > shown else "")
        + "."
    )


def blocking_sentence(members: Sequence[str], p_all_join: float, labels: Mapping[str, str]) -> str:
    """``Cheapest blocking coalition to assemble: A, B (all join with probability 98%).``"""
    return (
        "Cheapest blocking coalition to assemble: "
        + names_join([labels.get(a, a) for a in members], last=", ")
        + f" (all join with probability {p_all_join:.0%})."
    )


def one_plan_sentence(
    members: Sequence[str], peeled: Sequence[str], step: int, labels: Mapping[str, str]
) -> str:
    """The recruitment plan and the break plan are one plan: the recruits peel the adverse coalition off
    by ``step``."""
    return (
        "The recruitment plan also breaks the adverse coalition ("
        + ", ".join(labels.get(a, a) for a in members)
        + f"): once {and_join([labels.get(a, a) for a in peeled])} "
        + ("has" if len(peeled) == 1 else "have")
        + f" joined (step {step}), it can no longer block — no separate plan is needed."
    )


def first_hole_sentence(
    hole: str,
    impact: float,
    chance: float,
    peeled: Sequence[str],
    step: int,
    *,
    least_likely: bool,
) -> str:
    """Why the plan breaks the adverse coalition without its first hole (issue 13.4: the break plan and the
    recruitment plan say why they differ). ``hole``, ``peeled``: names.

    Examples
    --------
    >>> first_hole_sentence("Lead", 0.88, 0.1, ["A", "B"], 5, least_likely=True)
    'The holes table ranks Lead first (impact 0.88 × chance 0.10 = 0.09: peeled off alone, it would end the block), yet the plan ends the block without it, by winning A and B by step 5: the plan does not bet on the member least likely to be peeled off, and its order is the one its search found worth most in expectation.'
    """
    bet = (
        "the plan does not bet on the member least likely to be peeled off, and its"
        if least_likely
        else "its"
    )
    return (
        f"The holes table ranks {hole} first (impact {impact:.2f} × chance {chance:.2f} ="
        f" {impact * chance:.2f}: peeled off alone, it would end the block), yet the plan ends the block"
        f" without it, by winning {and_join(list(peeled))} by step {step}: {bet} order is the one its"
        " search found worth most in expectation."
    )


def separate_plan_sentences(breakup: BreakupPlan, labels: Mapping[str, str]) -> list[str]:
    """Why breaking the adverse coalition is a separate plan, and its first move."""
    first = breakup.plan.steps[0]
    return [
        "The recruitment plan does not take away the adverse coalition's power to block, so breaking it"
        " is a separate plan: ",
        f"To break the adverse coalition (it blocks with probability {breakup.p_win:.0%} as it stands),"
        f" approach {labels.get(first.actor, first.actor)} first"
        + (
            ": its defection alone stops it blocking."
            if breakup.holes and breakup.holes[0].actor == first.actor and breakup.holes[0].pivotal
            else "."
        ),
    ]
