"""Tactics per actor, each computed from the numbers and citing them.

For the package to table and the meeting plan (:mod:`coalitionist.process.meetings`):

``goal_alignment``
    For every substantive issue the package moves, the supporter in the coalition being built (a
    committed actor or one the plan approaches: ``leaders``) whose position the package comes closest
    to, weighted by how much it cares (``s_jk · (1 − |x_k − p_jk| / w_k)``, at least :data:`OWNER_CLOSENESS`
    close): give it the lead (a role) on that issue — it owns the part of the package it wants most.
``idea_attribution``
    For an actor that is *conservative* on the focal actor's main issue (its position is nearer the status
    quo than the focal actor's), present the idea under the endorsement of the actor already on side that it
    is closest to (friendly tie strength plus affinity, no hostile tie), and credit the change as the package
    does on any *appearance* issue it cares about.
``individual_check_in`` / ``group_meeting``
    Why each conversation is held alone or together: its chance at that point, what its refusal would do
    to the others, the ties between those met together.
``shared_principles``
    Where the adverse bloc (the members voting no) agrees on one issue only (spread of positions at most
    :data:`COHESIVE_SPREAD` of the scale) and splits on the others (spread above :data:`SPLIT_SPREAD`), it is
    held together by a narrow claim: appeal to the principles its members share with the package, starting
    with the member that loses least.
``unanimity_norm`` / ``social_proof`` / ``isolate``
    An actor that first hears the proposal in the plenary, does not support it and cannot block it: when it
    loses little (at most :data:`MILD_LOSS`), appeal to the norm of unanimous action once everyone else backs
    it, in a body small enough to hold such a norm (at most :data:`CONSENSUS_BODY_VOTES` votes: a team, a
    board, a committee, the Security Council) [1]_; in a larger assembly that decides by division (a
    parliament) no such norm binds, and the appeal is to social proof, the majority already behind the
    package [3]_. When it loses more, isolate it (no concessions: it stands alone in the plenary).
``refusal``
    How to handle a refusal: what the failed approach costs, whose chance it lowers, whom to turn to next.

References
----------
.. [1] M. Watkins, "Principles of persuasion", *Negotiation Journal* 17 (2001) 115–137.
.. [2] D. A. Lax and J. K. Sebenius, *3-D Negotiation*, Harvard Business School Press, 2006, ch. 12.
.. [3] R. B. Cialdini, *Influence: Science and Practice*, 4th ed., Allyn & Bacon, 2001 (social proof,
   commitment).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from coalitionist.jsonable import plain
from coalitionist.process.meetings import Approach, MeetingPlan
from coalitionist.process.votes import NO, YES
from coalitionist.wording import possessive

__all__ = ["Tactic", "plan_tactics"]

#: A supporter owns an issue when ``1 − |x − p| / w`` is at least this (within a fifth of the scale).
OWNER_CLOSENESS = 0.8
#: An actor that first hears the proposal in the plenary and loses at most this much is appealed to with the
#: norm of unanimous action; one that loses more is isolated.
MILD_LOSS = 0.15
#: The largest body (in votes) where a norm of unanimous action can be invoked: boards, teams and committees
#: are well below it, the 15-member Security Council and the 27-member EU Council too; a parliament's
#: hundreds of votes are far above it.
CONSENSUS_BODY_VOTES = 30.0
#: The adverse bloc agrees on an issue when its positions spread over at most this share of the scale …
COHESIVE_SPREAD = 0.15
#: … and splits on one when they spread over more than this.
SPLIT_SPREAD = 0.3


@dataclass(frozen=True)
class Tactic:
    """One tactic for one actor: the kind, the sentence, and the numbers it rests on."""

    actor: int
    kind: str
    why: str
    issue: int | None = None
    endorser: int | None = None
    numbers: dict[str, float] = field(default_factory=dict)

    def to_dict(self, actors: Sequence[str], issues: Sequence[str]) -> dict[str, Any]:
        """Plain data keyed by ids."""
        out: dict[str, Any] = {"actor": actors[self.actor], "kind": self.kind, "why": self.why}
        if self.issue is not None:
            out["issue"] = issues[self.issue]
        if self.endorser is not None:
            out["endorser"] = actors[self.endorser]
        out["numbers"] = plain(self.numbers)
        return out


def _num(x: float) -> str:
    return f"{x:.0f}" if float(x).is_integer() else f"{x:.3g}"


def _affinity(
    positions: NDArray[np.float64],
    salience: NDArray[np.float64],
    width: NDArray[np.float64],
    a: int,
    b: int,
) -> float:
    w = (salience[a] + salience[b]) / 2
    if w.sum() <= 0:
        return 0.5
    d = np.abs(positions[a] - positions[b]) / width
    return float(1.0 - (w * d).sum() / w.sum())


def plan_tactics(
    *,
    names: Sequence[str],
    issue_names: Sequence[str],
    option_label: Callable[[int, float], str],
    focal: int,
    positions: ArrayLike,
    salience: ArrayLike,
    status_quo: ArrayLike,
    width: ArrayLike,
    kinds: Sequence[str],
    package: ArrayLike,
    codes: ArrayLike,
    gains: ArrayLike,
    sway: ArrayLike,
    hostile: ArrayLike,
    meetings: MeetingPlan,
    steps: Sequence[Approach],
    carried: Sequence[int],
    members: Sequence[int],
    can_block: Callable[[int], bool],
    body_votes: float | None = None,
    leaders: Sequence[int] | None = None,
) -> tuple[Tactic, ...]:
    """The tactics for every actor the plan meets (see the module docstring).

    Parameters
    ----------
    names, issue_names : sequence of str
        Display names, for the sentences.
    option_label : callable(issue, value) -> str
        The label of a value on an issue ("pilot the new model").
    focal : int
    positions, salience : array_like, shape (n, k)
    status_quo, width : array_like, shape (k,)
    kinds : sequence of str
        ``"substance"`` or ``"appearance"`` per issue.
    package : array_like, shape (k,)
        The package to table.
    codes, gains : array_like, shape (n,)
        Votes and gains on the package.
    sway, hostile : array_like, shape (n, n)
    meetings : MeetingPlan
    steps : sequence of Approach
        The plan's main line.
    carried : sequence of int
        The package's yes voters.
    members : sequence of int
        The decision makers.
    can_block : callable(row) -> bool
        Whether that actor alone, voting no, can block the package once the plan's coalition backs it
        (the plan's main line and the package's yes voters vote yes, the others as predicted).
    body_votes : float, optional
        The decision makers' votes in all; above :data:`CONSENSUS_BODY_VOTES` the plenary appeal is to
        social proof, not to a norm of unanimous action (``None``: a small body).
    leaders : sequence of int, optional
        Who may be given the lead on an issue: the coalition being built (the committed actors and the
        plan's main line). A yes voter the plan never approaches is not handed a lead it was never asked
        to take (``None``: any of the package's yes voters).
    """
    P = np.asarray(positions, dtype=float)
    Sal = np.asarray(salience, dtype=float)
    q = np.asarray(status_quo, dtype=float)
    w = np.asarray(width, dtype=float)
    x = np.asarray(package, dtype=float)
    c = np.asarray(codes)
    g = np.asarray(gains, dtype=float)
    S = np.asarray(sway, dtype=float)
    H = np.asarray(hostile, dtype=float)
    k = P.shape[1]
    out: list[Tactic] = []
    met_order: list[int] = []
    before: dict[int, list[int]] = {}
    for m in meetings.meetings:
        if m.kind == "plenary":
            continue
        for a in m.actors:
            before[a] = [focal, *met_order]
        met_order.extend(m.actors)
    carried_set = set(carried) - {focal}
    lead_set = carried_set if leaders is None else carried_set & set(leaders)

    # goal alignment: the owner of each substantive issue the package moves, among the coalition built
    for j in range(k):
        if kinds[j] != "substance" or abs(x[j] - q[j]) < 1e-12 or not lead_set:
            continue
        close = {a: 1.0 - abs(x[j] - P[a, j]) / w[j] for a in lead_set}
        score = {a: Sal[a, j] * close[a] for a in lead_set}
        owner = max(sorted(score), key=lambda a: score[a])
        if close[owner] < OWNER_CLOSENESS or Sal[owner, j] <= 0:
            continue
        top_issue = int(np.argmax(Sal[owner]))
        out.append(
            Tactic(
                owner,
                "goal_alignment",
                f"Give {names[owner]} the lead on {issue_names[j]} ({option_label(j, x[j])}): the"
                f" package's {_num(x[j])} is {_num(abs(x[j] - P[owner, j]))} points from its position"
                f" {_num(P[owner, j])} and it cares {Sal[owner, j]:.2g} about the issue"
                + (
                    " (its most salient)"
                    if top_issue == j
                    else f" (more than any other supporter weighted by closeness: {score[owner]:.2f})"
                )
                + ".",
                issue=j,
                numbers={
                    "position": float(P[owner, j]),
                    "package": float(x[j]),
                    "salience": float(Sal[owner, j]),
                    "score": float(score[owner]),
                },
            )
        )

    # idea attribution for the conservative members
    main = int(np.argmax(Sal[focal])) if k else 0
    appearance = [j for j in range(k) if kinds[j] == "appearance" and abs(x[j] - q[j]) > 1e-12]
    for a in met_order:
        if a == focal or not k:
            continue
        to_sq = abs(P[a, main] - q[main])
        to_focal = abs(P[a, main] - P[focal, main])
        if to_sq >= to_focal:
            continue
        cands = [e for e in before.get(a, []) if e != focal and H[e, a] <= 0 and H[a, e] <= 0]
        if not cands:
            continue
        score = {e: S[e, a] + _affinity(P, Sal, w, e, a) for e in cands}
        e = max(cands, key=lambda e: (score[e], -cands.index(e)))
        credit = ""
        nums = {
            "position": float(P[a, main]),
            "status_quo": float(q[main]),
            "focal_position": float(P[focal, main]),
            "endorser_tie": float(S[e, a]),
            "affinity": float(_affinity(P, Sal, w, e, a)),
        }
        for j in appearance:
            if Sal[a, j] > Sal[focal, j] and abs(x[j] - P[a, j]) < abs(q[j] - P[a, j]):
                credit = (
                    f"; credit the change as the package does on {issue_names[j]}"
                    f" ({option_label(j, x[j])}), which it cares about more than you"
                    f" ({Sal[a, j]:.2g} vs {Sal[focal, j]:.2g})"
                )
                nums[f"salience_{j}"] = float(Sal[a, j])
                break
        tie_txt = (
            f"{possessive(names[e])} tie to it is {S[e, a]:.2g} and their affinity"
            f" {_affinity(P, Sal, w, e, a):.2f}"
            if S[e, a] > 0
            else f"their affinity is {_affinity(P, Sal, w, e, a):.2f}, the highest among those on side"
        )
        out.append(
            Tactic(
                a,
                "idea_attribution",
                f"Present the idea to {names[a]} as {possessive(names[e])}: on {issue_names[main]} its position"
                f" {_num(P[a, main])} is nearer the status quo ({_num(q[main])}) than yours"
                f" ({_num(P[focal, main])}); {tie_txt}{credit}.",
                issue=main,
                endorser=e,
                numbers=nums,
            )
        )

    # one-on-one or group, and refusals
    step_of = {s.actor: s for s in steps}
    for m in meetings.meetings:
        if m.kind == "plenary":
            continue
        if m.kind == "group":
            a, b = m.actors[0], m.actors[1]
            tie = max(S[a, b], S[b, a])
            for r in m.actors:
                out.append(
                    Tactic(
                        r,
                        "group_meeting",
                        f"Meet {names[a]} and {names[b]} together: both are likely to agree"
                        f" ({m.p[a]:.2f}, {m.p[b]:.2f}) and their tie ({tie:.2g}) makes each one's yes"
                        " reinforce the other's.",
                        numbers={"p": float(m.p[r]), "tie": float(tie)},
                    )
                )
            continue
        a = m.actors[0]
        s = step_of.get(a)
        if s is None:
            continue
        reasons = [f"its chance of agreeing at this point is {s.p:.2f}"]
        if s.refusal_lowers:
            who, b0, b1 = s.refusal_lowers[0]
            reasons.append(
                f"a refusal in front of others would spread (it lowers {possessive(names[who])} chance from"
                f" {b0:.2f} to {b1:.2f})"
            )
        if s.failure_cost > 0:
            reasons.append(f"a failed approach costs {_num(s.failure_cost)}")
        out.append(
            Tactic(
                a,
                "individual_check_in",
                f"Check in with {names[a]} individually, "
                + (
                    f"brought by {names[m.messenger[a]]} (tie {m.messenger_tie[a]:.2g}), "
                    if m.messenger.get(a, focal) != focal
                    else ""
                )
                + "before any group meeting: "
                + "; ".join(reasons)
                + ".",
                numbers={"p": float(s.p), "failure_cost": float(s.failure_cost)},
            )
        )
        nxt = (
            f"turn to {names[s.on_refuse]} next"
            if s.on_refuse is not None
            else "stop and rethink the package before approaching anyone else"
        )
        lowered = ", ".join(f"{names[r]} {b0:.2f} → {b1:.2f}" for r, b0, b1 in s.refusal_lowers[:3])
        out.append(
            Tactic(
                a,
                "refusal",
                f"If {names[a]} refuses, do not press it (a failed approach costs"
                f" {_num(s.failure_cost)})"
                + (f"; its refusal lowers {lowered}" if lowered else "")
                + f"; {nxt}.",
                numbers={"failure_cost": float(s.failure_cost)},
            )
        )

    # the adverse bloc held by a narrow claim
    bloc = [a for a in members if a != focal and c[a] == NO]
    if len(bloc) >= 2 and k >= 2:
        spread = np.array([(P[bloc, j].max() - P[bloc, j].min()) / w[j] for j in range(k)])
        cohesive = [j for j in range(k) if spread[j] <= COHESIVE_SPREAD]
        split = [j for j in range(k) if spread[j] > SPLIT_SPREAD]
        if len(cohesive) == 1 and split:
            j0, j1 = cohesive[0], split[0]
            target = max(bloc, key=lambda a: (g[a], -a))
            out.append(
                Tactic(
                    target,
                    "shared_principles",
                    f"The bloc against it ({', '.join(names[b] for b in bloc)}) agrees only on"
                    f" {issue_names[j0]} (positions spread over {spread[j0]:.0%} of the scale) and splits"
                    f" on {issue_names[j1]} ({spread[j1]:.0%}): appeal to the principles {names[target]}"
                    f" shares with the package, as it loses least by it ({g[target]:+.2f}).",
                    issue=j0,
                    numbers={
                        "spread_cohesive": float(spread[j0]),
                        "spread_split": float(spread[j1]),
                        "gain": float(g[target]),
                    },
                )
            )

    # the plenary: those who hear it last, do not support it and cannot block
    for a in meetings.first_hear_in_plenary:
        if a == focal or c[a] == YES or a not in set(members):
            continue
        if can_block(a):
            continue
        if g[a] < -MILD_LOSS:
            out.append(
                Tactic(
                    a,
                    "isolate",
                    f"{names[a]} is against the package ({g[a]:+.2f}) but cannot block it alone once the"
                    " plan's coalition backs it: do not spend concessions on it; let it hear the proposal in the"
                    " plenary, where it stands alone.",
                    numbers={"gain": float(g[a])},
                )
            )
            continue
        consensus = body_votes is None or body_votes <= CONSENSUS_BODY_VOTES
        appeal = (
            "appeal to the norm of unanimous action"
            if consensus
            else "point to the majority already behind it (social proof)"
        )
        out.append(
            Tactic(
                a,
                "unanimity_norm" if consensus else "social_proof",
                f"{names[a]} hears the proposal last, in the plenary, when the plan's coalition already"
                " backs it:"
                f" it gains {g[a]:+.2f} from the package (it would "
                + ("abstain" if c[a] != NO else "vote no")
                + f") and then cannot block it alone, so {appeal} rather than bargain.",
                numbers={"gain": float(g[a])}
                | ({} if consensus else {"body_votes": float(body_votes or 0.0)}),
            )
        )
    return tuple(out)
