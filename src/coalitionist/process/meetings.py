"""Meeting design: which conversations are one-on-one, in what order, who carries the message, and when a
plenary meeting is safe.

From the recruitment plan's main line (:mod:`coalitionist.strategy`: whom to approach first, second, …,
each with its chance of joining at that point and what its refusal would do to the others):

1. **One-on-one or group.** Each approach is a one-on-one conversation, where the focal actor can learn,
   adapt and bank support before anyone commits in public (Watkins 2001; Sebenius 1996), unless two
   consecutive approaches can safely be held together: both are likely to say yes (``p ≥ group_p`` at that
   point), a friendly tie runs between them (they reinforce each other), no hostile tie does, and the first
   one's refusal would not lower the second's chance (a refusal in a group is contagious).
2. **The messenger.** Each listener hears the proposal from the actor already on side with the strongest
   friendly tie to it (the focal actor itself when nobody's tie is stronger than its own); nobody with a
   hostile tie to the listener carries the message.
3. **The plenary** comes once the approaches that reach the goal are done. It is *safe* when the supporters
   by then win under the rule and the actors not yet met cannot block; or, if they can, when they
   *acquiesce*: with the supporters voting yes and the others voting as the vote model predicts on the
   package, the profile passes (e.g. a veto holder that abstains). Otherwise the plenary is not yet safe,
   and the actors who could still block it are named.
4. **A goal of blocking** (``goal="block"``: the focal side opposes the decision, ``package_codes`` are the
   votes on the decision it opposes). The one-on-ones build the blocking side; the vote is *safe* when the
   side can block under the rule, or when, with the side voting no and the others as the vote model
   predicts, the decision fails anyway. Otherwise the actors who could still carry it (the others voting
   yes) are named.

References
----------
.. [1] M. Watkins, "Principles of persuasion", *Negotiation Journal* 17 (2001) 115–137.
.. [2] J. K. Sebenius, "Sequencing to build coalitions: with whom should I talk first?", in *Wise Choices*,
   Harvard Business School Press, 1996.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from coalitionist.jsonable import plain
from coalitionist.process.errors import InvalidProcessInputError
from coalitionist.process.packaging import PassFunction
from coalitionist.process.votes import NO, YES

__all__ = ["Approach", "Meeting", "MeetingPlan", "design_meetings"]

#: Both approaches at least this likely (at that point of the plan) to hold them as one group meeting.
DEFAULT_GROUP_P = 0.8


@dataclass(frozen=True)
class Approach:
    """One step of the recruitment plan's main line, in rows of the actor arrays.

    Attributes
    ----------
    actor : int
    p : float
        Chance it joins when approached at that point.
    failure_cost : float
    on_refuse : int or None
        Whom the plan turns to if it refuses (None: stop).
    refusal_lowers : tuple of (int, float, float)
        ``(actor, before, after)`` chances its refusal lowers.
    reaches_goal : bool
        Whether its joining completes the goal.
    """

    actor: int
    p: float
    failure_cost: float = 0.0
    on_refuse: int | None = None
    refusal_lowers: tuple[tuple[int, float, float], ...] = ()
    reaches_goal: bool = False


@dataclass(frozen=True)
class Meeting:
    """One meeting: who, what kind, who speaks, and the numbers behind the choice."""

    order: int
    actors: tuple[int, ...]
    kind: str
    messenger: dict[int, int] = field(default_factory=dict)
    messenger_tie: dict[int, float] = field(default_factory=dict)
    p: dict[int, float] = field(default_factory=dict)
    safe: bool | None = None
    blockers: tuple[int, ...] = ()
    supporters: tuple[int, ...] = ()

    def to_dict(self, actors: Sequence[str], why: str = "") -> dict[str, Any]:
        """Plain data keyed by ids."""
        return plain(
            {
                "order": self.order,
                "actors": [actors[i] for i in self.actors],
                "kind": self.kind,
                "why": why,
                "messenger": {actors[i]: actors[m] for i, m in self.messenger.items()},
                "p": {actors[i]: v for i, v in self.p.items()},
                **(
                    {}
                    if self.safe is None
                    else {
                        "safe": self.safe,
                        "blockers": [actors[i] for i in self.blockers],
                        "supporters": [actors[i] for i in self.supporters],
                    }
                ),
            }
        )


@dataclass(frozen=True)
class MeetingPlan:
    """The meetings in order, ending in the plenary."""

    meetings: tuple[Meeting, ...]
    plenary_safe: bool
    first_hear_in_plenary: tuple[int, ...]
    #: ``"win"``: the side carries the package; ``"block"``: the side stops the decision it opposes.
    goal: str = "win"

    @property
    def last_to_hear(self) -> tuple[int, ...]:
        """Actors who first hear the proposal in the plenary."""
        return self.first_hear_in_plenary


def _messenger(
    listener: int,
    on_side: Sequence[int],
    focal: int,
    sway: NDArray[np.float64],
    hostile: NDArray[np.float64],
) -> tuple[int, float]:
    best, tie = focal, float(sway[focal, listener])
    for m in on_side:
        if m == focal or hostile[m, listener] > 0 or hostile[listener, m] > 0:
            continue
        if sway[m, listener] > tie + 1e-12:
            best, tie = m, float(sway[m, listener])
    return best, tie


def design_meetings(
    steps: Sequence[Approach],
    *,
    n: int,
    focal: int,
    committed: Sequence[int],
    members: Sequence[int],
    package_codes: ArrayLike,
    wins: Callable[[NDArray[np.bool_]], bool],
    blocks: Callable[[NDArray[np.bool_]], bool],
    passes: PassFunction,
    sway: ArrayLike,
    hostile: ArrayLike,
    group_p: float = DEFAULT_GROUP_P,
    goal: str = "win",
) -> MeetingPlan:
    """Turn the plan's main line into meetings (see the module docstring).

    Parameters
    ----------
    steps : sequence of Approach
        The main line of the recruitment plan, in order.
    n : int
        Number of actors (rows).
    focal : int
    committed : sequence of int
        Already on side before any meeting.
    members : sequence of int
        Who sits in the plenary (the decision makers).
    package_codes : array_like, shape (n,)
        The vote model's votes on the package (1 yes, 0 abstain, −1 no).
    wins, blocks : callable(mask) -> bool
        The rule on a boolean mask of actors.
    passes : PassFunction
        The rule on vote profiles.
    sway, hostile : array_like, shape (n, n)
        Friendly tie strength from source to target (how much the source sways the target) and hostile
        tie strength.
    group_p : float
    goal : {"win", "block"}
        Whether the side carries the package or blocks the decision ``package_codes`` are the votes on.

    Examples
    --------
    >>> steps = [Approach(1, 0.75), Approach(2, 0.7, reaches_goal=True)]
    >>> plan = design_meetings(steps, n=4, focal=0, committed=(), members=range(4),
    ...     package_codes=[1, 1, 1, -1], wins=lambda m: m.sum() >= 3, blocks=lambda m: m.sum() >= 2,
    ...     passes=lambda c: (c == 1).sum(axis=1) >= 3, sway=np.zeros((4, 4)), hostile=np.zeros((4, 4)))
    >>> [(m.kind, m.actors) for m in plan.meetings], plan.plenary_safe
    ([('one_on_one', (1,)), ('one_on_one', (2,)), ('plenary', (0, 1, 2, 3))], True)

    Blocking: actor 3 opposes a decision the others would pass (3 of 4 needed); with 2 on its side the vote
    is safe, since the others can no longer carry it.

    >>> block = design_meetings([Approach(2, 0.6, reaches_goal=True)], n=4, focal=3, committed=(),
    ...     members=range(4), package_codes=[1, 1, 1, -1], wins=lambda m: m.sum() >= 3,
    ...     blocks=lambda m: m.sum() >= 2, passes=lambda c: (c == 1).sum(axis=1) >= 3,
    ...     sway=np.zeros((4, 4)), hostile=np.zeros((4, 4)), goal="block")
    >>> block.plenary_safe, block.meetings[-1].blockers
    (True, ())
    """
    if goal not in ("win", "block"):
        raise InvalidProcessInputError(f"goal must be 'win' or 'block', not {goal!r}")
    S = np.asarray(sway, dtype=float)
    H = np.asarray(hostile, dtype=float)
    codes = np.asarray(package_codes, dtype=np.int8)
    if S.shape != (n, n) or H.shape != (n, n) or codes.shape != (n,):
        raise InvalidProcessInputError("sway and hostile must be (n, n) and package_codes (n,)")
    on_side = [focal, *[c for c in committed if c != focal]]
    # the main line up to the approach that reaches the goal (all of it when none does)
    line = list(steps)
    for i, s in enumerate(line):
        if s.reaches_goal:
            line = line[: i + 1]
            break
    meetings: list[Meeting] = []
    i = 0
    while i < len(line):
        s = line[i]
        group = [s]
        if i + 1 < len(line):
            t = line[i + 1]
            friendly = S[s.actor, t.actor] > 0 or S[t.actor, s.actor] > 0
            hostile_pair = H[s.actor, t.actor] > 0 or H[t.actor, s.actor] > 0
            contagious = any(a == t.actor for a, _, _ in s.refusal_lowers)
            if (
                s.p >= group_p
                and t.p >= group_p
                and friendly
                and not hostile_pair
                and not contagious
            ):
                group.append(t)
        messenger: dict[int, int] = {}
        ties: dict[int, float] = {}
        for g in group:
            m, tie = _messenger(g.actor, on_side, focal, S, H)
            messenger[g.actor], ties[g.actor] = m, tie
        meetings.append(
            Meeting(
                order=len(meetings) + 1,
                actors=tuple(g.actor for g in group),
                kind="group" if len(group) > 1 else "one_on_one",
                messenger=messenger,
                messenger_tie=ties,
                p={g.actor: g.p for g in group},
            )
        )
        on_side.extend(g.actor for g in group)
        i += len(group)
    side = np.zeros(n, dtype=bool)
    side[on_side] = True
    mem = sorted(set(members) | set(on_side))
    rest = np.zeros(n, dtype=bool)
    rest[[m for m in mem if not side[m]]] = True
    blockers: tuple[int, ...] = ()
    if goal == "block":
        # the side votes no; the vote is safe when it can block, or the decision fails anyway
        profile = codes.copy()
        profile[side] = NO
        fails = not bool(passes(profile[None, :])[0])
        safe = bool(blocks(side) or fails)
        if not safe:
            blockers = tuple(int(r) for r in np.flatnonzero(rest & (codes == YES)))
    else:
        supported = wins(side)
        can_block = blocks(rest)
        profile = codes.copy()
        profile[side] = YES
        acquiesce = bool(passes(profile[None, :])[0])
        safe = bool(supported and (not can_block or acquiesce))
        if can_block and not acquiesce:
            blockers = tuple(int(r) for r in np.flatnonzero(rest & (codes != YES)))
    first_hear = tuple(int(r) for r in np.flatnonzero(rest))
    meetings.append(
        Meeting(
            order=len(meetings) + 1,
            actors=tuple(mem),
            kind="plenary",
            safe=safe,
            blockers=blockers,
            supporters=tuple(sorted(on_side)),
        )
    )
    return MeetingPlan(tuple(meetings), safe, first_hear, goal)
