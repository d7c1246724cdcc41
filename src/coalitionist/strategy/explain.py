"""Plain-sentence explanations of a plan's steps ("why this actor now")."""

from __future__ import annotations

from collections.abc import Sequence

from coalitionist.wording import and_join, possessive

_ORDINALS = (
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
)

#: At most this many process effects are named in one sentence.
MAX_EFFECTS_NAMED = 3

_GOAL_PHRASE = {
    "win": "the coalition wins",
    "block": "the coalition can block",
    "break": "the adverse coalition no longer wins",
    "value": "the goal is reached",
}


def ordinal(k: int) -> str:
    """1 → "first", …, 10 → "tenth", 11 → "11th", 22 → "22nd"."""
    if 1 <= k <= len(_ORDINALS):
        return _ORDINALS[k - 1]
    suffix = "th" if 10 <= k % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th")
    return f"{k}{suffix}"


def fmt_p(x: float) -> str:
    """A probability with two decimals."""
    return f"{x:.2f}"


def fmt_num(x: float) -> str:
    """A payoff-scale number: at most two decimals, no trailing zeros."""
    s = f"{x:,.2f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def goal_phrase(goal_kind: str) -> str:
    """What reaching the goal means, as a clause."""
    return _GOAL_PHRASE.get(goal_kind, _GOAL_PHRASE["value"])


def visible_changes(
    changes: Sequence[tuple[str, float, float]],
) -> list[tuple[str, float, float]]:
    """The changes a reader can see: those whose two probabilities differ as printed (two decimals).

    Examples
    --------
    >>> visible_changes([("a", 0.281, 0.284), ("b", 0.20, 0.25)])
    [('b', 0.2, 0.25)]
    """
    return [c for c in changes if fmt_p(c[1]) != fmt_p(c[2])]


def _effects_clause(
    changes: Sequence[tuple[str, float, float]], verb_up: str, verb_down: str
) -> str:
    """``raises A's chance from 0.20 to 0.25 and …`` over the visible changes; "" when none is visible.

    Changes that round to nothing are left out (never "from 0.28 to 0.28"); past
    :data:`MAX_EFFECTS_NAMED`, the rest are counted ("and the chances of N more, by less").
    """
    shown = visible_changes(changes)
    if not shown:
        return ""
    parts = []
    for actor, before, after in shown[:MAX_EFFECTS_NAMED]:
        verb = verb_up if after > before else verb_down
        parts.append(f"{verb} {possessive(actor)} chance from {fmt_p(before)} to {fmt_p(after)}")
    more = len(shown) - MAX_EFFECTS_NAMED
    text = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
    if more > 0:
        text += f" (and the chance{'s' if more > 1 else ''} of {more} more, by less)"
    return text


def step_why(
    *,
    actor: str,
    position: int,
    p: float,
    value: float,
    cost: float,
    failure_cost: float,
    on_join: Sequence[tuple[str, float, float]],
    on_refuse: Sequence[tuple[str, float, float]],
    reaches_goal: bool,
    goal_lost_on_refusal: bool,
    next_on_refusal: str | None,
    score: float | None,
    score_kind: str,
    alternative: str | None,
    alternative_score: float | None,
    goal_kind: str,
    joined_before: Sequence[str] = (),
    wins_abstention: bool = False,
) -> str:
    """The sentence explaining one step of the plan's main line.

    ``on_join`` / ``on_refuse`` list ``(actor, p_before, p_after)`` for the other candidates whose chance
    changes; ``score`` is the expected payoff of approaching at that point (or the heuristic index when
    ``score_kind == "index"``) and ``alternative`` the best other choice (None = stopping).
    ``joined_before`` names the actors of the earlier steps: the step's chance and worth hold once they
    have joined (the main line), so the sentence says "by then" and "once … have joined", and the worth is
    the expected payoff from then on (what is already spent is not counted), never the plan's.
    ``wins_abstention``: what the approach wins is the actor's abstention, not its vote (the file's
    ``vote: abstain``), and the sentence says so ("to win its abstention").

    Examples
    --------
    >>> step_why(actor="C", position=2, p=0.6, value=0, cost=6, failure_cost=4, on_join=[],
    ...     on_refuse=[], reaches_goal=True, goal_lost_on_refusal=False, next_on_refusal=None,
    ...     score=52.4, score_kind="exact", alternative=None, alternative_score=None, goal_kind="win",
    ...     joined_before=["A"]).split("; ")[-1]
    'once A has joined, approaching it is worth 52.4 in expectation from then on.'
    """
    when = "by then" if joined_before else "now"
    if wins_abstention:
        parts = [
            f"Approach {actor} {ordinal(position)}, to win its abstention: it agrees to abstain with"
            f" probability {fmt_p(p)} {when}"
        ]
    else:
        parts = [
            f"Approach {actor} {ordinal(position)}: it joins with probability {fmt_p(p)} {when}"
        ]
    money = f"value {fmt_num(value)}, cost {fmt_num(cost)}"
    if failure_cost:
        money += f", {fmt_num(failure_cost)} more if it refuses"
    parts[0] += f" ({money})"
    if joining := _effects_clause(on_join, "raises", "lowers"):
        parts.append(("its abstention " if wins_abstention else "its joining ") + joining)
    if reaches_goal:
        parts.append(f"with it {goal_phrase(goal_kind)}")
    consequences = []
    if refusing := _effects_clause(on_refuse, "that raises", "that lowers"):
        consequences.append(refusing)
    if goal_lost_on_refusal:
        consequences.append("the goal is out of reach")
    if next_on_refusal is None:
        next_step = "the plan stops there"
    elif goal_lost_on_refusal:
        # The objective is goal_value·[goal] + Σ value − costs: with the goal gone, a further approach
        # can only be for what that actor's joining is worth on its own.
        next_step = (
            f"the plan then approaches {next_on_refusal} only for what its joining is worth on its own,"
            " not for the goal"
        )
    else:
        next_step = f"the plan turns to {next_on_refusal} next"
    if consequences:
        refusal = "if it refuses, " + ", ".join(consequences) + ", and " + next_step
    else:
        refusal = "if it refuses, " + next_step
    parts.append(refusal)
    if score is not None:
        what = "in expectation" if score_kind != "index" else "by the planner's index"
        alt = f"approaching {alternative}" if alternative is not None else "stopping"
        if joined_before:
            joined = and_join(list(joined_before))
            worth = (
                f"once {joined} {'has' if len(joined_before) == 1 else 'have'} joined, approaching it is"
                f" worth {fmt_num(score)} {what} from then on"
            )
            then = " then"
        else:
            worth = f"approaching it now is worth {fmt_num(score)} {what}"
            then = ""
        if alternative_score is not None and score >= alternative_score:
            parts.append(
                f"{worth}, {fmt_num(score - alternative_score)} more than the best alternative{then} ({alt})"
            )
        elif alternative_score is not None:
            # Rollout keeps its base policy's choice unless an alternative is better by more than the
            # simulation's noise; say so rather than print a negative margin.
            parts.append(
                f"{worth}, within the simulation's noise of the best alternative{then} ({alt}, estimated"
                f" at {fmt_num(alternative_score)})"
            )
        else:
            parts.append(worth)
    return "; ".join(parts) + "."


def candidate_note(
    *,
    position: int | None,
    in_policy: bool,
    approachable: bool,
    waiting_for: Sequence[str],
    value: float,
    harms: Sequence[tuple[str, float, float]],
    net_now: float,
    if_first: float | None,
    plan_value: float | None,
) -> str:
    """One sentence on a candidate's place in the plan (the lecture's verdict)."""
    if position is not None:
        return f"approached {ordinal(position)} on the main line"
    if in_policy:
        return "approached only on a branch where an earlier approach fails"
    reasons = []
    if not approachable and waiting_for:
        reasons.append("it can be approached only after " + ", ".join(waiting_for) + " joined")
    if value < 0:
        reasons.append(f"its joining is worth {fmt_num(value)}")
    if harming := _effects_clause(harms, "raises", "lowers"):
        reasons.append("its joining " + harming)
    if if_first is not None and plan_value is not None and not reasons:
        reasons.append(
            f"approaching it first is worth {fmt_num(if_first)} against {fmt_num(plan_value)} for the plan"
        )
    if not reasons:
        reasons.append(f"its expected net gain now is {fmt_num(net_now)}")
    return "not approached: " + "; ".join(reasons)
