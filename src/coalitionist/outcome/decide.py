"""Whether a proposal passes under the rule: tally, pivotal voters, the coalition that carries it.

Given the vote model's gains (:mod:`coalitionist.outcome.votes`) and a ternary rule
(:mod:`coalitionist.outcome.rule`):

1. **Votes and result.** Each voter's vote from its gain and band; the rule on that profile.
2. **Tally**, counted as the rule counts: the first leaf that counts votes (a quota or share) gives the
   headline tally (an actor with weight 49 casts 49); every leaf's own tally and whether it is met is kept.
3. **Pivotal voters** (exact): voter ``i`` is pivotal when changing its vote alone, to some other option,
   changes the result; its *margin* is the utility change (:func:`~coalitionist.outcome.votes.flip_margins`)
   that makes it cast that vote, the smallest over the options that change the result. This is the ternary
   swing of Felsenthal & Machover (1997), weighted by how far each voter is from swinging.
4. **Closest flip** (greedy, when no single voter suffices): moves toward the other result are taken in
   order of margin until the result changes, then moves that are not needed are dropped (last first);
   the total margin says how far the decision is from going the other way.
5. **Carried by / blocked by.** A passing proposal is carried by its yes voters; a failing one is blocked
   by a minimal set of its opponents: starting from every non-yes voter, voters are released (set to yes)
   from the least opposed on, as long as the rest still block.
6. **Pass probability** (:func:`pass_probability`): the same on every Monte Carlo draw of the gains;
   ``p_pass`` is the share of draws that pass, with each voter's vote shares and the share of draws in
   which it is pivotal.

References
----------
.. [1] D. S. Felsenthal and M. Machover, "Ternary voting games", *Int. J. Game Theory* 26 (1997) 335–351.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from coalitionist.jsonable import plain
from coalitionist.outcome.errors import InvalidVoteInputError
from coalitionist.outcome.rule import Leaf, TernaryRule
from coalitionist.outcome.votes import (
    ABSTAIN,
    DEFAULT_BAND,
    MARGIN_COLUMN,
    NO,
    VOTE_NAMES,
    YES,
    cast_votes,
    flip_margins,
)

__all__ = [
    "Decision",
    "Flip",
    "PartTally",
    "PassProbability",
    "decide",
    "pass_probability",
    "pivotal_flips",
]

_ORDER = (YES, ABSTAIN, NO)


@dataclass(frozen=True)
class Flip:
    """A voter changing its vote: ``actor`` (index) from ``vote`` to ``flips_to`` after a utility change of
    ``margin``."""

    actor: int
    vote: int
    flips_to: int
    margin: float


@dataclass(frozen=True)
class PartTally:
    """One counted part of the rule on the profile."""

    description: str
    yes: float
    no: float
    abstain: float
    met: bool


@dataclass(frozen=True)
class Decision:
    """The decision on one proposal.

    Attributes
    ----------
    actors : tuple of str
        Voter ids (the players of the rule), in order.
    codes : ndarray of int8, shape (n,)
        Votes: 1 yes, 0 abstain, −1 no.
    gain, band : ndarray, shape (n,)
    passes : bool
    required : str
        What the rule requires, in words.
    tally : dict
        ``{"yes", "no", "abstain"}`` as the rule's main counting part counts them.
    parts : tuple of PartTally
        Every leaf's tally and whether it is met.
    pivotal : tuple of Flip
        Voters whose change alone changes the result, closest first.
    closest_flip : tuple of Flip
        The cheapest set of changes found (greedy) that changes the result.
    carried_by : tuple of int
        Yes voters when it passes (empty otherwise).
    blocked_by : tuple of int
        A minimal blocking set of opponents when it fails (empty otherwise).
    """

    actors: tuple[str, ...]
    codes: NDArray[np.int8]
    gain: NDArray[np.float64]
    band: NDArray[np.float64]
    passes: bool
    required: str
    tally: dict[str, float]
    parts: tuple[PartTally, ...]
    pivotal: tuple[Flip, ...]
    closest_flip: tuple[Flip, ...]
    carried_by: tuple[int, ...]
    blocked_by: tuple[int, ...] = field(default=())

    @property
    def votes(self) -> dict[str, str]:
        """Voter id → ``"yes"`` / ``"abstain"`` / ``"no"``."""
        return {a: VOTE_NAMES[int(c)] for a, c in zip(self.actors, self.codes, strict=True)}

    def to_dict(self) -> dict[str, Any]:
        """Plain data keyed by voter id."""

        def flips(fs: Sequence[Flip]) -> list[dict[str, Any]]:
            return [
                {
                    "actor": self.actors[f.actor],
                    "vote": VOTE_NAMES[f.vote],
                    "flips_to": VOTE_NAMES[f.flips_to],
                    "margin": f.margin,
                }
                for f in fs
            ]

        return plain(
            {
                "passes": self.passes,
                "required": self.required,
                "tally": {k: _int_if_whole(v) for k, v in self.tally.items()},
                "votes": self.votes,
                "parts": [
                    {
                        "rule": p.description,
                        "yes": _int_if_whole(p.yes),
                        "no": _int_if_whole(p.no),
                        "abstain": _int_if_whole(p.abstain),
                        "met": p.met,
                    }
                    for p in self.parts
                ],
                "pivotal": flips(self.pivotal),
                "closest_flip": flips(self.closest_flip),
                "carried_by": [self.actors[i] for i in self.carried_by],
                "blocked_by": [self.actors[i] for i in self.blocked_by],
                "gain": dict(zip(self.actors, self.gain, strict=True)),
            }
        )


def _int_if_whole(x: float) -> float | int:
    return int(x) if float(x).is_integer() else float(x)


def _check(
    gain: ArrayLike, band: ArrayLike, rule: TernaryRule
) -> tuple[NDArray[Any], NDArray[Any]]:
    g = np.asarray(gain, dtype=float)
    if g.ndim != 1 or g.shape[0] != rule.n:
        raise InvalidVoteInputError(
            f"gain must have {rule.n} entries (one per voter), got {g.shape}"
        )
    b = np.broadcast_to(np.asarray(band, dtype=float), g.shape).astype(float)
    return g, b


def pivotal_flips(
    codes: NDArray[np.int8], margins: NDArray[np.float64], rule: TernaryRule
) -> tuple[Flip, ...]:
    """Voters whose change of vote alone changes the result, closest (smallest margin) first.

    ``margins`` is :func:`~coalitionist.outcome.votes.flip_margins` of the voters, shape ``(n, 3)``.
    """
    n = rule.n
    base = bool(rule.passes(codes)[0])
    alts: list[tuple[int, int]] = [(i, v) for i in range(n) for v in _ORDER if v != codes[i]]
    profiles = np.repeat(codes[None, :], len(alts), axis=0)
    for row, (i, v) in enumerate(alts):
        profiles[row, i] = v
    changed = rule.passes(profiles) != base
    best: dict[int, Flip] = {}
    for row, (i, v) in enumerate(alts):
        if changed[row]:
            m = float(margins[i, MARGIN_COLUMN[v]])
            if i not in best or m < best[i].margin:
                best[i] = Flip(i, int(codes[i]), v, m)
    return tuple(sorted(best.values(), key=lambda f: (f.margin, f.actor)))


def _closest_flip(
    codes: NDArray[np.int8], margins: NDArray[np.float64], rule: TernaryRule, passes: bool
) -> tuple[Flip, ...]:
    direction = -1 if passes else 1  # toward no when it passes, toward yes when it fails
    moves = [
        (float(margins[i, MARGIN_COLUMN[v]]), i, v)
        for i in range(rule.n)
        for v in _ORDER
        if (v - codes[i]) * direction > 0
    ]
    moves.sort()
    profile = codes.copy()
    applied: dict[int, tuple[float, int]] = {}
    flipped = False
    for m, i, v in moves:
        if (v - profile[i]) * direction <= 0:
            continue
        profile[i] = v
        applied[i] = (m, v)
        if rule.passes_one(profile) != passes:
            flipped = True
            break
    if not flipped:
        return ()
    for i in sorted(applied, key=lambda j: -applied[j][0]):
        trial = profile.copy()
        trial[i] = codes[i]
        if rule.passes_one(trial) != passes:
            profile = trial
            del applied[i]
            continue
        v_full = applied[i][1]
        for v in _ORDER:  # a smaller step (e.g. yes → abstain instead of no) may do
            if (v - codes[i]) * direction > 0 and abs(v - codes[i]) < abs(v_full - codes[i]):
                trial[i] = v
                if rule.passes_one(trial) != passes:
                    profile = trial
                    applied[i] = (float(margins[i, MARGIN_COLUMN[v]]), v)
    return tuple(
        sorted(
            (Flip(i, int(codes[i]), v, m) for i, (m, v) in applied.items()),
            key=lambda f: (f.margin, f.actor),
        )
    )


def _blocked_by(
    codes: NDArray[np.int8], gain: NDArray[np.float64], rule: TernaryRule
) -> tuple[int, ...]:
    profile = codes.copy()
    opponents = [i for i in range(rule.n) if codes[i] != YES]
    for i in sorted(opponents, key=lambda j: -gain[j]):  # release the least opposed first
        trial = profile.copy()
        trial[i] = YES
        if not rule.passes_one(trial):
            profile = trial
    return tuple(i for i in opponents if profile[i] != YES)


def _main_leaf(rule: TernaryRule) -> Leaf | None:
    for leaf in rule.leaves():
        if leaf.kind in ("weighted", "count", "linear"):
            return leaf
    return None


def decide(
    gain: ArrayLike,
    rule: TernaryRule,
    *,
    band: ArrayLike = DEFAULT_BAND,
    actors: Sequence[str] | None = None,
    names: Sequence[str] | None = None,
) -> Decision:
    """Votes, result, tally, pivotal voters and carriers of one proposal (see the module docstring).

    Parameters
    ----------
    gain : array_like, shape (n,)
        Each voter's utility gain from the proposal over the status quo
        (:func:`~coalitionist.outcome.votes.utility_gain`), in the rule's player order.
    rule : TernaryRule
    band : float or array_like, shape (n,)
        Indifference bands.
    actors : sequence of str, optional
        Voter ids (default ``actor1 …``).
    names : sequence of str, optional
        Display names, for the rule's description.

    Examples
    --------
    A board of five deciding by three votes, the chair (player 0) holding a veto:

    >>> from coalitionist.power import AllOf, Count, Veto
    >>> from coalitionist.outcome.rule import ternary_rule
    >>> board = ternary_rule(AllOf([Count(5, quota=3), Veto(5, holders=[0])]))
    >>> d = decide([-0.2, 0.3, 0.4, 0.5, 0.0], board, actors=list("abcde"))
    >>> d.passes, d.tally, d.blocked_by
    (False, {'yes': 3.0, 'no': 1.0, 'abstain': 1.0}, (0,))
    >>> [(d.actors[f.actor], f.flips_to, round(f.margin, 2)) for f in d.pivotal]
    [('a', 0, 0.15)]
    """
    g, b = _check(gain, band, rule)
    ids = tuple(actors) if actors is not None else tuple(f"actor{i + 1}" for i in range(rule.n))
    if len(ids) != rule.n:
        raise InvalidVoteInputError(f"{len(ids)} actor ids for a rule of {rule.n} voters")
    codes = cast_votes(g, b)
    margins = flip_margins(g, b)
    passes = rule.passes_one(codes)
    parts = tuple(
        PartTally(leaf.describe(names), **leaf.tally(codes), met=leaf.passes_one(codes))
        for leaf in rule.leaves()
    )
    main = _main_leaf(rule)
    if main is not None:
        tally = main.tally(codes)
    else:
        tally = {
            k: float(np.sum(codes == c))
            for k, c in (("yes", YES), ("no", NO), ("abstain", ABSTAIN))
        }
    return Decision(
        actors=ids,
        codes=codes,
        gain=g,
        band=b,
        passes=passes,
        required=rule.describe(names),
        tally=tally,
        parts=parts,
        pivotal=pivotal_flips(codes, margins, rule),
        closest_flip=_closest_flip(codes, margins, rule, passes),
        carried_by=tuple(int(i) for i in np.flatnonzero(codes == YES)) if passes else (),
        blocked_by=() if passes else _blocked_by(codes, g, rule),
    )


@dataclass(frozen=True)
class PassProbability:
    """The decision over Monte Carlo draws.

    Attributes
    ----------
    actors : tuple of str
    n_draws : int
    p_pass : float
        Share of draws in which the rule is met.
    vote_shares : ndarray, shape (n, 3)
        Share of draws each voter votes yes, abstains, no.
    p_pivotal : ndarray, shape (n,)
        Share of draws in which the voter is pivotal (its change alone changes the result).
    """

    actors: tuple[str, ...]
    n_draws: int
    p_pass: float
    vote_shares: NDArray[np.float64]
    p_pivotal: NDArray[np.float64]

    def to_dict(self) -> dict[str, Any]:
        """Plain data keyed by voter id."""
        return plain(
            {
                "n_draws": self.n_draws,
                "p_pass": self.p_pass,
                "vote_shares": {
                    a: {"yes": s[0], "abstain": s[1], "no": s[2]}
                    for a, s in zip(self.actors, self.vote_shares, strict=True)
                },
                "p_pivotal": dict(zip(self.actors, self.p_pivotal, strict=True)),
            }
        )


def pass_probability(
    gains: ArrayLike,
    rule: TernaryRule,
    *,
    band: ArrayLike = DEFAULT_BAND,
    actors: Sequence[str] | None = None,
) -> PassProbability:
    """The share of draws that pass, each voter's vote shares and pivotal share.

    Parameters
    ----------
    gains : array_like, shape (m, n)
        Gains of the ``n`` voters on ``m`` draws.
    band : float or array_like, shape (n,) or (m, n)
    rule : TernaryRule

    Examples
    --------
    >>> from coalitionist.power import Count
    >>> from coalitionist.outcome.rule import ternary_rule
    >>> r = pass_probability([[0.2, 0.2, -0.2], [0.2, -0.2, -0.2]], ternary_rule(Count(3, quota=2)))
    >>> r.p_pass, r.p_pivotal.tolist()
    (0.5, [0.5, 1.0, 0.5])
    """
    g = np.asarray(gains, dtype=float)
    if g.ndim != 2 or g.shape[1] != rule.n:
        raise InvalidVoteInputError(f"gains must have shape (m, {rule.n}), got {g.shape}")
    m, n = g.shape
    b = np.broadcast_to(np.asarray(band, dtype=float), g.shape)
    codes = cast_votes(g, b)
    passed = rule.passes(codes)
    pivotal = np.zeros((m, n), dtype=bool)
    for i in range(n):
        for v in _ORDER:
            alt = codes.copy()
            alt[:, i] = v
            pivotal[:, i] |= (rule.passes(alt) != passed) & (codes[:, i] != v)
    shares = np.stack([(codes == v).mean(axis=0) for v in _ORDER], axis=1)
    ids = tuple(actors) if actors is not None else tuple(f"actor{i + 1}" for i in range(n))
    return PassProbability(ids, m, float(passed.mean()), shares, pivotal.mean(axis=0))
