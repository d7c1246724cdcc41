"""Lockout risk and the early table: could a deal be struck without the focal actor, and how to prevent it.

A *lockout* happens when a winning coalition forms without the focal actor, or on terms far from its
position (Sebenius 1996; Lax & Sebenius 2006, ch. 12). The model, under the scenario's uncertainty:

1. **Draws.** Each Monte Carlo draw gives every actor's positions and saliences (the scenario's stated
   distributions, or :func:`perturbed_draws` — a documented estimation error — when it states none).
2. **Early side deals.** Any other actor ``j`` may move first; it strikes a side deal with its closest
   partner ``l`` (highest affinity at the mean of the draws: one minus the salience-weighted distance between
   their positions over each issue's scale, plus the friendly tie strength between them times
   ``tie_weight``). The deal is the
   salience-weighted compromise of their positions on every issue, ``d_k = (s_jk p_jk + s_lk p_lk) /
   (s_jk + s_lk)`` (the status quo where neither cares). The first mover is ``j`` with probability ``w_j``
   (the caller's ``mover_weight``, e.g. proportional to capability). With few actors every first mover is
   evaluated in every draw; with many, one first mover is drawn per sample.
3. **Lockout.** The deal locks the focal actor out when it passes under the rule *with the focal actor voting
   no* (every other vote from the outcome engine's vote model) and it leaves the focal actor more than ``far``
   (utility units of the vote model) below what the focal package would give it. ``p`` is the probability over
   draws and first movers.
4. **Who would shut it out.** Each actor's share of the locking deals it strikes (as first mover or as
   partner), ranked.
5. **The pre-meeting move.** Reaching actor ``c`` first (securing it on the focal side) means it neither
   moves first on a rival deal nor partners one, and votes with the focal actor against rival deals. ``p`` is
   recomputed with each of the ``top`` most involved actors secured; the move is the one with the largest
   expected reduction, ``p_c · (p − p_if_secured_c)`` with ``p_c`` the chance that reaching it succeeds.
6. **The cost of waiting** is the expected focal utility lost to lockouts: ``E[Σ_j w_j 1{lock} (Δ_f(x) −
   Δ_f(d))]``.
7. **Shared vulnerability** (a coalition basis): for every pair of actors, the probability that both are
   outvoted (vote no while a side deal passes) in the same draw.

The early table also needs the recruitment side: :func:`early_leverage` ranks the actors whose early joining
raises the others' chances most (expected process effects, ``p_c · Σ_l max(Δp_cl, 0)``).

References
----------
.. [1] J. K. Sebenius, "Sequencing to build coalitions: with whom should I talk first?", in R. Zeckhauser,
   R. Keeney and J. Sebenius (eds), *Wise Choices*, Harvard Business School Press, 1996.
.. [2] D. A. Lax and J. K. Sebenius, *3-D Negotiation*, Harvard Business School Press, 2006, ch. 12.
.. [3] M. Watkins and S. Rosegrant, *Breakthrough International Negotiation*, Jossey-Bass, 2001.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from coalitionist.jsonable import plain
from coalitionist.outcome.votes import utility_gain
from coalitionist.process.errors import InvalidProcessInputError
from coalitionist.process.packaging import PassFunction
from coalitionist.process.votes import DEFAULT_BAND, NO, cast_votes
from coalitionist.seeding import seeded

__all__ = [
    "DEFAULT_FAR",
    "Leverage",
    "LockoutResult",
    "early_leverage",
    "lockout_risk",
    "perturbed_draws",
]

#: A deal is "far" from the focal actor when it gives it this much less (vote-model utility: a tenth of a
#: fully salient issue's scale) than the focal package would.
DEFAULT_FAR = 0.1
#: Default estimation error when the scenario states none: positions ± this share of the scale (sd).
DEFAULT_POSITION_SD = 0.1
#: Default estimation error of saliences (sd, on [0, 1]).
DEFAULT_SALIENCE_SD = 0.1


@seeded()
def perturbed_draws(
    positions: ArrayLike,
    salience: ArrayLike,
    low: ArrayLike,
    high: ArrayLike,
    *,
    samples: int,
    seed: int | None = 0,
    position_sd: float = DEFAULT_POSITION_SD,
    salience_sd: float = DEFAULT_SALIENCE_SD,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Monte Carlo draws around point estimates: normal errors, clipped to the scale and to [0, 1].

    Returns positions and saliences of shape ``(samples, n, k)``.

    Examples
    --------
    >>> p, s = perturbed_draws([[50.0]], [[0.5]], [0.0], [100.0], samples=3, seed=1)
    >>> p.shape, bool(((p >= 0) & (p <= 100)).all())
    ((3, 1, 1), True)
    """
    p = np.asarray(positions, dtype=float)
    s = np.asarray(salience, dtype=float)
    lo = np.asarray(low, dtype=float)
    hi = np.asarray(high, dtype=float)
    rng = np.random.default_rng(seed)
    dp = rng.normal(0.0, position_sd, (samples, *p.shape)) * (hi - lo)
    ds = rng.normal(0.0, salience_sd, (samples, *s.shape))
    stated = s > 0
    return np.clip(p + dp, lo, hi), np.where(stated, np.clip(s + ds, 0.0, 1.0), 0.0)


@dataclass(frozen=True)
class LockoutResult:
    """The lockout risk and what to do about it.

    Attributes
    ----------
    p : float
        Probability that an early side deal shuts the focal actor out.
    samples : int
    by : tuple of (int, float)
        Actors (rows) and their share of the locking deals (as first mover or partner), highest first.
    partner : dict of int to int
        For each ranked actor, its most frequent partner in locking deals.
    prevent : int or None
        The actor to reach first (None when the risk is 0).
    p_if_secured : dict of int to float
        ``p`` with each examined actor secured first.
    cost_of_waiting : float
        Expected focal utility lost to lockouts.
    far : float
    outvoted : ndarray, shape (n,)
        Each actor's probability of being outvoted by an early side deal.
    shared_vulnerability : ndarray, shape (n, n)
        Probability that both actors are outvoted in the same draw.
    """

    p: float
    samples: int
    by: tuple[tuple[int, float], ...]
    partner: dict[int, int]
    prevent: int | None
    p_if_secured: dict[int, float]
    cost_of_waiting: float
    far: float
    outvoted: NDArray[np.float64]
    shared_vulnerability: NDArray[np.float64]

    def to_dict(self, actors: Sequence[str]) -> dict[str, Any]:
        """Plain data keyed by actor ids."""
        return plain(
            {
                "p": self.p,
                "samples": self.samples,
                "by": [actors[i] for i, _ in self.by],
                "by_share": {actors[i]: s for i, s in self.by},
                "partner": {actors[i]: actors[j] for i, j in self.partner.items()},
                "prevent": {
                    "actor": None if self.prevent is None else actors[self.prevent],
                    "p_after": None
                    if self.prevent is None
                    else self.p_if_secured.get(self.prevent),
                    "p_if_secured": {actors[i]: v for i, v in self.p_if_secured.items()},
                },
                "cost_of_waiting": self.cost_of_waiting,
                "far": self.far,
                "outvoted": dict(zip(actors, self.outvoted, strict=True)),
            }
        )


def _affinity(
    P: NDArray[np.float64], S: NDArray[np.float64], width: NDArray[np.float64]
) -> NDArray[np.float64]:
    """``(n, n)`` affinities: 1 − the salience-weighted mean distance between positions (0.5 without a
    shared issue)."""
    d = np.abs(P[:, None, :] - P[None, :, :]) / width
    w = (S[:, None, :] + S[None, :, :]) / 2.0
    tot = w.sum(axis=-1)
    dist = np.where(tot > 0, (w * d).sum(axis=-1) / np.where(tot > 0, tot, 1.0), 0.5)
    out: NDArray[np.float64] = 1.0 - dist
    return out


#: Up to this many actors every one is taken as first mover in every draw (an exact expectation over first
#: movers); above it one first mover is drawn per sample.
ALL_MOVERS_MAX = 40


@seeded()
def lockout_risk(
    positions: ArrayLike,
    salience: ArrayLike,
    status_quo: ArrayLike,
    width: ArrayLike,
    focal_package: ArrayLike,
    focal: int,
    passes: PassFunction,
    *,
    band: ArrayLike = DEFAULT_BAND,
    mover_weight: ArrayLike | None = None,
    ties: ArrayLike | None = None,
    tie_weight: float = 0.5,
    far: float = DEFAULT_FAR,
    secured: Sequence[int] = (),
    secure_p: ArrayLike | None = None,
    top: int = 5,
    movers: str = "auto",
    seed: int | None = 0,
    chunk: int = 256,
    progress: Callable[[int, int], None] | None = None,
) -> LockoutResult:
    """The probability of being shut out by an early side deal (see the module docstring).

    Partners are chosen by affinity at the mean of the draws (who would naturally deal with whom); the
    deals, the votes on them and the focal actor's loss are evaluated in every draw.

    Parameters
    ----------
    positions, salience : array_like, shape (S, n, k)
        Monte Carlo draws (:func:`perturbed_draws`, or the scenario's distributions).
    status_quo, width : array_like, shape (k,)
    focal_package : array_like, shape (k,)
        The package the focal actor plans to table (what a lockout is measured against).
    focal : int
    passes : PassFunction
    band : float or array_like, shape (n,)
    mover_weight : array_like, shape (n,), optional
        Chance that each actor moves first (normalised over the non-focal actors; default equal).
    ties : array_like, shape (n, n), optional
        Friendly tie strength between actors (symmetrised), added to affinity times ``tie_weight``.
    far : float
    secured : sequence of int
        Actors already on the focal side (they neither strike nor back rival deals).
    secure_p : array_like, shape (n,), optional
        Chance that reaching each actor first succeeds (default 1): the move chosen is the one with the
        largest *expected* reduction ``secure_p_c · (p − p_if_secured_c)``.
    top : int
        How many of the most involved actors to try securing first.
    movers : {"auto", "all", "sample"}
        ``all``: every actor moves first in every draw, weighted (exact over first movers); ``sample``: one
        first mover drawn per sample (with ``seed``); ``auto``: ``all`` up to :data:`ALL_MOVERS_MAX` actors.
    seed : int or None
    chunk : int
        Draws evaluated at once.
    progress : callable(done, total), optional

    Examples
    --------
    Three equal voters, majority: the two others agree with each other and can outvote the focal actor.

    >>> from coalitionist.process.packaging import binary_passes
    >>> P = np.array([[[100.0], [0.0], [10.0]]]); S = np.ones((1, 3, 1))
    >>> r = lockout_risk(P, S, [50.0], [100.0], [100.0], 0,
    ...                  binary_passes(lambda m: m.sum(axis=1) >= 2))
    >>> r.p, r.prevent
    (1.0, 1)
    """
    P = np.asarray(positions, dtype=float)
    Sal = np.asarray(salience, dtype=float)
    if P.ndim != 3 or Sal.shape != P.shape:
        raise InvalidProcessInputError(
            f"positions and salience draws must have shape (S, n, k), got {P.shape} and {Sal.shape}"
        )
    n_s, n, k = P.shape
    q = np.asarray(status_quo, dtype=float).reshape(k)
    w = np.asarray(width, dtype=float).reshape(k)
    xf = np.asarray(focal_package, dtype=float).reshape(k)
    if not 0 <= focal < n:
        raise InvalidProcessInputError(f"focal row {focal} is not one of 0..{n - 1}")
    b = np.broadcast_to(np.asarray(band, dtype=float), (n,))
    mw = np.ones(n) if mover_weight is None else np.asarray(mover_weight, dtype=float).copy()
    if mw.shape != (n,) or (mw < 0).any():
        raise InvalidProcessInputError("mover_weight must be n non-negative numbers")
    tie = np.zeros((n, n)) if ties is None else np.asarray(ties, dtype=float)
    if tie.shape != (n, n):
        raise InvalidProcessInputError(f"ties must have shape ({n}, {n})")
    if movers not in ("auto", "all", "sample"):
        raise InvalidProcessInputError(f"movers must be 'auto', 'all' or 'sample', got {movers!r}")
    base_out = {focal, *secured}
    # the focal actor moving first is its own table, not a lockout; a secured actor that moves first
    # tables the focal package (its share of first moves stays, and never locks the focal actor out)
    weights = mw.copy()
    weights[focal] = 0.0
    if weights.sum() <= 0:
        weights = np.ones(n)
        weights[focal] = 0.0
    weights = weights / weights.sum() if weights.sum() > 0 else weights
    aff = _affinity(P.mean(axis=0), Sal.mean(axis=0), w) + tie_weight * (tie + tie.T) / 2.0
    idx = np.arange(n)
    aff[idx, idx] = -np.inf
    every = movers == "all" or (movers == "auto" and n <= ALL_MOVERS_MAX)
    if every:
        mov = np.tile(np.flatnonzero(weights > 0), (n_s, 1))
        mov_w = np.broadcast_to(weights[mov[0]], mov.shape)
    else:
        rng = np.random.default_rng(seed)
        mov = rng.choice(n, size=(n_s, 1), p=weights)
        mov_w = np.ones((n_s, 1))

    def partners(out_set: set[int]) -> NDArray[np.int64]:
        a = aff.copy()
        a[:, list(out_set)] = -np.inf
        return np.asarray(np.argmax(a, axis=1), dtype=np.int64)

    def run(out_set: set[int], collect: bool) -> tuple[float, dict[str, Any]]:
        part = partners(out_set)
        mw_run = np.where(np.isin(mov, list(out_set)), 0.0, mov_w)
        p_sum = loss = 0.0
        involve = np.zeros(n)
        pair_counts = np.zeros((n, n))
        outv = np.zeros(n)
        shared = np.zeros((n, n))
        for a in range(0, n_s, chunk):
            Pc, Sc = P[a : a + chunk], Sal[a : a + chunk]
            C = Pc.shape[0]
            rows = np.arange(C)[:, None]
            mv = mov[a : a + chunk]
            pt = part[mv]
            wt = mw_run[a : a + chunk]
            sj, sl = Sc[rows, mv], Sc[rows, pt]
            tot = sj + sl
            deals = np.where(
                tot > 0, (sj * Pc[rows, mv] + sl * Pc[rows, pt]) / np.where(tot > 0, tot, 1.0), q
            )
            g = utility_gain(Pc[:, None], Sc[:, None], deals, q, width=w)  # (C, movers, voters)
            real = cast_votes(g, np.broadcast_to(b, g.shape))
            codes = real.copy()
            codes[..., list(out_set)] = NO
            ok = passes(codes.reshape(-1, n)).reshape(mv.shape)
            ref = utility_gain(Pc, Sc, xf, q, width=w)[:, focal]
            shortfall = ref[:, None] - g[..., focal]
            lock = ok & (shortfall > far)
            lw = lock * wt
            p_sum += float(lw.sum())
            loss += float((lw * shortfall).sum())
            if collect:
                np.add.at(involve, mv.reshape(-1), lw.reshape(-1))
                np.add.at(involve, pt.reshape(-1), lw.reshape(-1))
                np.add.at(pair_counts, (mv.reshape(-1), pt.reshape(-1)), lw.reshape(-1))
                real_ok = passes(real.reshape(-1, n)).reshape(mv.shape)
                ow = ((real == NO) & real_ok[..., None]) * wt[..., None]
                per_draw = ow.sum(axis=1)  # (C, n): chance of being outvoted in the draw
                outv += per_draw.sum(axis=0)
                shared += per_draw.T @ per_draw
                if progress is not None:
                    progress(min(a + chunk, n_s), n_s)
        # a mean of per-draw chances, each in [0, 1]: summing them in floating point can overshoot 1 by an
        # ulp (hypothesis found 1.0000000000000002), and a probability above 1 is wrong everywhere it is read
        return min(max(p_sum / n_s, 0.0), 1.0), {
            "involve": involve / n_s,
            "pairs": pair_counts,
            "loss": loss / n_s,
            "outvoted": outv / n_s,
            "shared": shared / n_s,
        }

    p, extra = run(set(base_out), True)
    involve = extra["involve"].copy()
    involve[list(base_out)] = -1.0
    ranked = [int(i) for i in np.argsort(-involve, kind="stable") if involve[i] > 0]
    by = tuple((i, float(involve[i] / p) if p > 0 else 0.0) for i in ranked)
    pairs = extra["pairs"] + extra["pairs"].T
    partner_of = {i: int(np.argmax(pairs[i])) for i in ranked if pairs[i].sum() > 0}
    tried = {c: run({*base_out, c}, False)[0] for c in ranked[:top]}
    sp = np.ones(n) if secure_p is None else np.asarray(secure_p, dtype=float)
    gain_of = {c: float(sp[c]) * (p - tried[c]) for c in tried}
    prevent = (
        max(tried, key=lambda c: (gain_of[c], -ranked.index(c)))
        if tried and max(gain_of.values()) > 0
        else None
    )
    return LockoutResult(
        p=float(p),
        samples=n_s,
        by=by,
        partner=partner_of,
        prevent=prevent,
        p_if_secured=tried,
        cost_of_waiting=float(extra["loss"]),
        far=far,
        outvoted=extra["outvoted"],
        shared_vulnerability=extra["shared"],
    )


@dataclass(frozen=True)
class Leverage:
    """An actor whose early joining raises the others' chances: ``expected = p · Σ_l max(Δp_l, 0)``."""

    actor: int
    p: float
    raises: tuple[tuple[int, float], ...]
    expected: float


def early_leverage(
    p: ArrayLike, join_effect: ArrayLike, *, top: int | None = None
) -> tuple[Leverage, ...]:
    """Rank candidates by the expected lift their early joining gives the others' chances.

    Parameters
    ----------
    p : array_like, shape (m,)
        Each candidate's chance of joining now.
    join_effect : array_like, shape (m, m)
        ``[c, l]``: change in ``l``'s chance when ``c`` joins (the recruitment problem's process effects).

    Examples
    --------
    >>> [x.actor for x in early_leverage([0.9, 0.5, 0.7], [[0, 0.2, 0], [0, 0, 0.1], [0, 0, 0]])]
    [0, 1]
    """
    pv = np.asarray(p, dtype=float)
    J = np.asarray(join_effect, dtype=float)
    out = []
    for c in range(len(pv)):
        lifts = [(int(l_), float(J[c, l_])) for l_ in np.flatnonzero(J[c] > 1e-12) if l_ != c]
        lifts.sort(key=lambda t: -t[1])
        total = sum(v for _, v in lifts)
        if total > 0:
            out.append(Leverage(c, float(pv[c]), tuple(lifts), float(pv[c] * total)))
    out.sort(key=lambda x: (-x.expected, x.actor))
    return tuple(out if top is None else out[:top])
