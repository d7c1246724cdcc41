"""KTAB's Spatial Model of Politics (SMP): where a multi-issue decision lands as actors challenge and
bargain, turn by turn.

A re-implementation, vectorised with NumPy, of the SMP in KAPSARC's KTAB (public fork ``lsyaseen/KTAB``,
``examples/smp/libsrc/smp.cpp`` and ``smpbcn.cpp`` on top of ``KTAB/kmodel``). It reproduces KTAB's
reference run of ``dummyData_3Dim.csv`` to the four decimals KTAB prints (every position, every win
probability, the number of turns). See ``docs/theory/smp.md`` for the formulas.

One turn (``SMPState::stepBCN``):

1. Salience-weighted distances ``D`` from each actor's ideal (its position) to every position.
2. Risk-neutral utilities ``1 - D``; a PCE among all positions, votes weighted by capability, gives
   each position's probability; risk attitudes R follow from it (``BigRRange``) and each actor h
   estimates the others' (``BigRAdjust``).
3. Each actor i evaluates challenging every j (:func:`~coalitionist.forecast.smp_kernels.challenge`)
   and picks the j with the largest expected gain above 1e-5.
4. Each challenge yields an interpolated bargain (``InterVecBrgn``, ``BargnModel``), queued for both
   parties next to each actor's status quo.
5. Each actor's queue is ranked by a PCE over the states the bargains would produce; the actor adopts
   the most probable one (``Deterministic``) or one drawn at random (``Stochastic``). All move at once.

The run stops when the total movement of a turn is below 2 % of the first turn's (after at least two
turns) or after ``max_turns``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from coalitionist.errors import InvalidInputError
from coalitionist.forecast.pce import estimated_risk, pce, risk_from_probabilities
from coalitionist.forecast.result import ForecastResult, ForecastState
from coalitionist.forecast.smp_kernels import (
    challenge,
    interpolate_bargain,
    own_best_challenges,
    salience_distance,
    unique_positions,
    utility,
)
from coalitionist.forecast.smp_params import (
    BargnModel,
    BigRAdjust,
    BigRRange,
    InterVecBrgn,
    PCEModel,
    SmpParameters,
    StateTransitions,
    ThirdPartyCommit,
    VictoryProbModel,
    VotingRule,
)

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]

__all__ = [
    "BargnModel",
    "BigRAdjust",
    "BigRRange",
    "InterVecBrgn",
    "PCEModel",
    "SmpForecast",
    "SmpParameters",
    "SmpRun",
    "StateTransitions",
    "ThirdPartyCommit",
    "VictoryProbModel",
    "VotingRule",
    "run_smp",
    "smp",
]

#: A challenge is worth making only if its expected gain exceeds this (KTAB's ``minSigEDU``).
MIN_SIGNIFICANT_GAIN = 1e-5


class SmpForecast(StrEnum):
    """Which quantity :func:`smp` reports as the forecast."""

    CLUSTER = "cluster"
    """Capability-weighted mean final position of the actors clustered around the most probable one."""
    MOST_PROBABLE = "most_probable"
    """The final position with the highest win probability."""


@dataclass(frozen=True)
class SmpTurn:
    """What happened in one turn: challenges made and moves that followed (indices, 0..1 scale)."""

    challenges: tuple[tuple[int, int, float, float], ...]
    """(initiator, target, initiator's estimated win probability, initiator's expected gain)."""
    moves: tuple[tuple[int, int, int, float, int], ...]
    """(actor, bargain initiator, bargain receiver, PCE probability of the chosen bargain, queue size)."""


@dataclass(frozen=True)
class SmpRun:
    """Raw outcome of :func:`run_smp`, on the 0..1 scale.

    Attributes
    ----------
    positions : ndarray, shape (T + 1, n, d)
        Positions at every state; ``positions[0]`` is the input.
    position_probabilities : ndarray, shape (T + 1, n)
        KTAB's "winning probability" of each actor's *position* (actors sharing a position show the
        same number, so a row can sum to more than 1; it sums to 1 over the distinct positions).
    win_shares : ndarray, shape (T + 1, n)
        The same split evenly among the actors sharing a position: a distribution over actors.
    risk : ndarray, shape (T + 1, n)
        Risk attitudes inferred at each state.
    fractional_change : ndarray, shape (T,)
        KTAB's stopping statistic after each turn.
    turns : tuple of SmpTurn
        Challenges and moves of each turn.
    converged : bool
        Whether the stopping rule (rather than ``max_turns``) ended the run.
    """

    positions: FloatArray
    position_probabilities: FloatArray
    win_shares: FloatArray
    risk: FloatArray
    fractional_change: FloatArray
    turns: tuple[SmpTurn, ...]
    converged: bool


@dataclass(frozen=True)
class _Assessment:
    distance: FloatArray  # (n, n) salience-weighted distance ideal_i -> position_j
    risk: FloatArray  # (n,)
    utility: FloatArray  # (n, n) risk-aware utility of position j to actor i (own perspective)
    position_prob: FloatArray  # (n,) probability of each actor's position
    win_share: FloatArray  # (n,) the same split among actors sharing it


def _assess(x: FloatArray, cap: FloatArray, sal: FloatArray, params: SmpParameters) -> _Assessment:
    """Distances, risk attitudes, utilities and win probabilities of one state
    (``SMPState::setAllAUtil`` and ``SMPState::pDist(-1)``)."""
    d = salience_distance(x, x, sal)
    neutral = utility(d, 0.0)
    p_all = pce(
        neutral,
        cap,
        rule=params.voting_rule,
        victory_model=params.victory_prob_model,
        pce_model=params.pce_model,
    )
    r = risk_from_probabilities(p_all, params.big_r_range)
    own = utility(d, estimated_risk(r, r, params.big_r_adjust)[:, None])
    reps, owner = unique_positions(x, params.position_tolerance)
    p_unique = pce(
        own[:, reps],
        cap,
        rule=params.voting_rule,
        victory_model=params.victory_prob_model,
        pce_model=params.pce_model,
    )
    position_prob = p_unique[owner]
    holders = np.bincount(owner, minlength=len(reps))
    win_share = position_prob / holders[owner]
    return _Assessment(d, r, own, position_prob, win_share)


def _step(
    x: FloatArray,
    a: _Assessment,
    cap: FloatArray,
    sal: FloatArray,
    params: SmpParameters,
    rng: np.random.Generator,
) -> tuple[FloatArray, SmpTurn]:
    """One turn of challenges, bargains and moves (``SMPState::doBCN``)."""
    n = x.shape[0]
    s_tot = sal.sum(axis=1)
    weight = cap * s_tot
    kw: dict[str, Any] = {
        "distance": a.distance,
        "risk": a.risk,
        "weight": weight,
        "total_salience": s_tot,
        "rule": params.voting_rule,
        "commit": params.third_party_commit,
        "adjust": params.big_r_adjust,
    }

    # 1. every initiator's best target, from its own perspective (h = k = i)
    prob_m, gain_m = own_best_challenges(**kw)
    valid = gain_m > MIN_SIGNIFICANT_GAIN
    best = np.argmax(np.where(valid, gain_m, -np.inf), axis=1)
    initiators = np.flatnonzero(valid.any(axis=1))
    targets = best[initiators]
    p_init = prob_m[initiators, targets]
    g_init = gain_m[initiators, targets]
    challenges = tuple(
        (int(i), int(j), float(p), float(g))
        for i, j, p, g in zip(initiators, targets, p_init, g_init, strict=True)
    )

    # 2. bargains
    b_init: list[IntArray] = []
    b_rcvr: list[IntArray] = []
    b_pos_i: list[FloatArray] = []
    b_pos_r: list[FloatArray] = []
    if len(initiators):
        ti, tj = x[initiators], x[targets]
        si, sj = sal[initiators], sal[targets]
        iij = interpolate_bargain(ti, si, p_init, tj, sj, 1.0 - p_init, params.inter_vec_brgn)
        if params.bargn_model is BargnModel.INIT_ONLY_INTERP:
            variants = [iij]
        else:
            # KTAB (smpbcn.cpp, ``pjiJ = get<1>(Vjij)``) weights the receiver's interpolation with j's
            # estimate of i's *expected gain*, not of i's win probability; reproduced as KTAB runs it.
            _, g_rcvr = challenge(targets, initiators, initiators, targets, **kw)
            jij = interpolate_bargain(ti, si, g_rcvr, tj, sj, 1.0 - g_rcvr, params.inter_vec_brgn)
            jij = (np.clip(jij[0], 0.0, 1.0), np.clip(jij[1], 0.0, 1.0))
            if params.bargn_model is BargnModel.INIT_RCVR_INTERP:
                variants = [iij, jij]
            else:
                # KTAB weights both perspectives by the *initiator's* capability times each side's
                # total salience (smpbcn.cpp: scj = brgnJIJ->actInit->sCap); kept for compatibility.
                wi = (cap[initiators] * s_tot[initiators])[:, None]
                wj = (cap[initiators] * s_tot[targets])[:, None]
                variants = [
                    (
                        (wi * iij[0] + wj * jij[0]) / (wi + wj),
                        (wi * iij[1] + wj * jij[1]) / (wi + wj),
                    )
                ]
        # order: by initiator, the initiator's interpolation before the receiver's
        order = np.arange(len(initiators))
        for idx in order:
            for pos_i, pos_r in variants:
                b_init.append(initiators[idx])
                b_rcvr.append(targets[idx])
                b_pos_i.append(pos_i[idx])
                b_pos_r.append(pos_r[idx])
    n_b = len(b_init)
    init_arr = np.asarray(b_init, dtype=np.intp)
    rcvr_arr = np.asarray(b_rcvr, dtype=np.intp)

    # 3. every actor's utility of the state each bargain would produce (``brgnUtil``)
    row_sum = a.utility.sum(axis=1)
    u_sq = row_sum / n
    if n_b:
        pos_i_arr = np.asarray(b_pos_i)
        pos_r_arr = np.asarray(b_pos_r)
        r_col = a.risk[:, None]
        u_pi = utility(salience_distance(x, pos_i_arr, sal), r_col)
        u_pr = utility(salience_distance(x, pos_r_arr, sal), r_col)
        others = row_sum[:, None] - a.utility[:, init_arr] - a.utility[:, rcvr_arr]
        u_b = (u_pi + u_pr + others) / n
    else:
        pos_i_arr = pos_r_arr = np.zeros((0, x.shape[1]))
        u_b = np.zeros((n, 0))

    # 4. each actor's queue: status quo first, then bargains involving it
    queues: list[IntArray] = []
    for actor in range(n):
        queues.append(np.flatnonzero((init_arr == actor) | (rcvr_arr == actor)))
    new_x = x.copy()
    moves: list[tuple[int, int, int, float, int]] = []
    sizes = np.array([len(q) for q in queues])
    for size in np.unique(sizes):
        if size == 0:
            continue  # only the status quo: nothing to choose
        members = np.flatnonzero(sizes == size)
        qs = np.stack([queues[k] for k in members])  # (g, size)
        opts = np.concatenate(
            [
                np.broadcast_to(u_sq[None, :, None], (len(members), n, 1)),
                u_b[:, qs].transpose(1, 0, 2),
            ],
            axis=2,
        )  # (g, n_actors, 1 + size)
        probs = pce(
            opts,
            cap,
            rule=params.voting_rule,
            victory_model=params.victory_prob_model,
            pce_model=params.pce_model,
        )
        if params.state_transitions is StateTransitions.DETERMINISTIC:
            chosen = np.argmax(probs, axis=1)
        else:
            chosen = np.array([rng.choice(probs.shape[1], p=pr / pr.sum()) for pr in probs])
        for row, k in enumerate(members):
            c = int(chosen[row])
            if c == 0:
                continue
            b = int(qs[row, c - 1])
            new_pos = pos_i_arr[b] if init_arr[b] == k else pos_r_arr[b]
            new_x[k] = new_pos
            if np.any(new_pos != x[k]):
                moves.append(
                    (
                        int(k),
                        int(init_arr[b]),
                        int(rcvr_arr[b]),
                        float(probs[row, c]),
                        int(size + 1),
                    )
                )
    moves.sort()
    return new_x, SmpTurn(challenges=challenges, moves=tuple(moves))


def run_smp(
    capability: FloatArray,
    positions: FloatArray,
    salience: FloatArray,
    *,
    params: SmpParameters | None = None,
    max_turns: int = 100,
    seed: int | np.random.Generator | None = None,
) -> SmpRun:
    """Run KTAB's SMP on the 0..1 scale (the numeric core of :func:`smp`; inputs are not validated).

    Parameters
    ----------
    capability : ndarray, shape (n,)
        Actors' capabilities (any non-negative scale).
    positions : ndarray, shape (n, d)
        Positions on [0, 1].
    salience : ndarray, shape (n, d)
        Saliences on [0, 1], each row summing to at most 1.
    params : SmpParameters
        Model options (KTAB's defaults).
    max_turns : int
        KTAB's ``maxIter``.
    seed : int or Generator, optional
        Only used by ``StateTransitions.STOCHASTIC``.

    Returns
    -------
    SmpRun
    """
    params = params or SmpParameters()
    rng = np.random.default_rng(seed)
    cap = np.asarray(capability, dtype=np.float64)
    x = np.asarray(positions, dtype=np.float64).copy()
    sal = np.asarray(salience, dtype=np.float64)
    states = [x]
    assessments = [_assess(x, cap, sal, params)]
    turns: list[SmpTurn] = []
    ratios: list[float] = []
    converged = False
    first_move = 0.0
    while len(turns) < max_turns:
        new_x, turn = _step(x, assessments[-1], cap, sal, params, rng)
        turns.append(turn)
        states.append(new_x)
        assessments.append(_assess(new_x, cap, sal, params))
        moved = float(np.sqrt(((new_x - x) ** 2).sum(axis=1)).sum())
        if len(turns) == 1:
            first_move = moved + params.stop_epsilon
        ratio = moved / first_move
        ratios.append(ratio)
        x = new_x
        if len(turns) >= params.min_turns and ratio < params.stop_ratio:
            converged = True
            break
    return SmpRun(
        positions=np.stack(states),
        position_probabilities=np.stack([a.position_prob for a in assessments]),
        win_shares=np.stack([a.win_share for a in assessments]),
        risk=np.stack([a.risk for a in assessments]),
        fractional_change=np.asarray(ratios),
        turns=tuple(turns),
        converged=converged,
    )


def _run_with_bystanders(
    cap: FloatArray,
    x01: FloatArray,
    sal: FloatArray,
    params: SmpParameters,
    max_turns: int,
    seed: int | None,
) -> SmpRun:
    """Run the SMP among the actors who care about something; the others are bystanders.

    KTAB rejects an actor whose saliences are all zero (its salience-weighted distance is 0/0). Here
    such an actor takes no part: its position is not an option, it neither votes nor is challenged,
    it keeps its position and its win probability is 0. So a bystander never changes the outcome.
    """
    n = x01.shape[0]
    active = np.flatnonzero(sal.sum(axis=1) > 0)
    if len(active) == n:
        return run_smp(cap, x01, sal, params=params, max_turns=max_turns, seed=seed)
    if len(active) == 0:
        uniform = np.full((1, n), 1.0 / n)
        return SmpRun(
            x01[None].copy(), uniform, uniform.copy(), np.zeros((1, n)), np.zeros(0), (), True
        )
    sub = run_smp(
        cap[active], x01[active], sal[active], params=params, max_turns=max_turns, seed=seed
    )
    states = sub.positions.shape[0]
    positions = np.repeat(x01[None], states, axis=0)
    positions[:, active] = sub.positions
    full: dict[str, FloatArray] = {}
    for name in ("position_probabilities", "win_shares", "risk"):
        arr = np.zeros((states, n))
        arr[:, active] = getattr(sub, name)
        full[name] = arr
    turns = tuple(
        SmpTurn(
            challenges=tuple((int(active[i]), int(active[j]), p, g) for i, j, p, g in t.challenges),
            moves=tuple(
                (int(active[k]), int(active[bi]), int(active[br]), pb, size)
                for k, bi, br, pb, size in t.moves
            ),
        )
        for t in sub.turns
    )
    return SmpRun(
        positions=positions,
        position_probabilities=full["position_probabilities"],
        win_shares=full["win_shares"],
        risk=full["risk"],
        fractional_change=sub.fractional_change,
        turns=turns,
        converged=sub.converged,
    )


def _validate(
    capability: ArrayLike,
    positions: ArrayLike,
    salience: ArrayLike,
    actors: Sequence[str] | None,
    dimensions: Sequence[str] | None,
    scale: tuple[float, float] | ArrayLike,
    max_turns: int,
    normalize_salience: bool,
) -> tuple[
    FloatArray, FloatArray, FloatArray, FloatArray, FloatArray, tuple[str, ...], tuple[str, ...]
]:
    try:
        cap = np.asarray(capability, dtype=np.float64)
        pos = np.asarray(positions, dtype=np.float64)
        sal = np.asarray(salience, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(f"smp: inputs must be numeric arrays ({exc})") from exc
    if pos.ndim == 1:
        pos = pos[:, None]
    if sal.ndim == 1:
        sal = sal[:, None]
    if cap.ndim != 1:
        raise InvalidInputError(f"capability: expected a 1-D array, got shape {cap.shape}")
    n = cap.shape[0]
    if n < 2:
        raise InvalidInputError(f"capability: SMP needs at least 2 actors, got {n}")
    if pos.ndim != 2 or pos.shape[0] != n or pos.shape[1] < 1:
        raise InvalidInputError(f"positions: expected shape ({n}, d), got {pos.shape}")
    d = pos.shape[1]
    if sal.shape != pos.shape:
        raise InvalidInputError(f"salience: expected shape {pos.shape}, got {sal.shape}")
    for name, arr in (("capability", cap), ("positions", pos), ("salience", sal)):
        bad = np.argwhere(~np.isfinite(arr))
        if len(bad):
            raise InvalidInputError(f"{name}{list(bad[0])}: not a finite number")
    if (cap < 0).any():
        i = int(np.argmax(cap < 0))
        raise InvalidInputError(f"capability[{i}]: must be >= 0, got {cap[i]}")
    if (sal < 0).any() or (sal > 1).any():
        i, k = np.argwhere((sal < 0) | (sal > 1))[0]
        raise InvalidInputError(f"salience[{i}, {k}]: must be within [0, 1], got {sal[i, k]}")
    totals = sal.sum(axis=1)
    if (totals > 1 + 1e-9).any():
        if not normalize_salience:
            i = int(np.argmax(totals > 1 + 1e-9))
            raise InvalidInputError(
                f"salience[{i}]: the saliences of one actor must sum to at most 1 (SMP reads the total "
                f"as the probability that the actor contests), got {totals[i]:.4g}; pass "
                "normalize_salience=True to rescale such rows to sum to 1"
            )
        over = totals > 1
        sal = sal.copy()
        sal[over] = sal[over] / totals[over, None]
    try:
        sc = np.asarray(scale, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(
            f"scale: expected (low, high) or one (low, high) row per dimension ({exc})"
        ) from exc
    if sc.shape == (2,):
        sc = np.tile(sc, (d, 1))
    if sc.shape != (d, 2):
        raise InvalidInputError(
            f"scale: expected (low, high) or shape ({d}, 2) (one row per dimension), got shape {sc.shape}"
        )
    lo, hi = sc[:, 0].copy(), sc[:, 1].copy()
    if not (np.isfinite(lo).all() and np.isfinite(hi).all() and (hi > lo).all()):
        raise InvalidInputError(
            f"scale: need finite low < high for every dimension, got {sc.tolist()}"
        )
    outside = (pos < lo) | (pos > hi)
    if outside.any():
        i, k = np.argwhere(outside)[0]
        raise InvalidInputError(
            f"positions[{i}, {k}]: {pos[i, k]} is outside the scale [{lo[k]}, {hi[k]}]"
        )
    names = tuple(actors) if actors is not None else tuple(f"actor{i}" for i in range(n))
    dims = tuple(dimensions) if dimensions is not None else tuple(f"dim{k}" for k in range(d))
    if len(names) != n or len(set(names)) != n:
        raise InvalidInputError(f"actors: expected {n} distinct names, got {list(names)}")
    if len(dims) != d or len(set(dims)) != d:
        raise InvalidInputError(f"dimensions: expected {d} distinct names, got {list(dims)}")
    if max_turns < 1:
        raise InvalidInputError(f"max_turns: must be >= 1, got {max_turns}")
    return cap, pos, sal, lo, hi, names, dims


def smp(
    capability: ArrayLike,
    positions: ArrayLike,
    salience: ArrayLike,
    *,
    actors: Sequence[str] | None = None,
    dimensions: Sequence[str] | None = None,
    scale: tuple[float, float] | ArrayLike = (0.0, 100.0),
    params: SmpParameters | None = None,
    max_turns: int = 100,
    seed: int | None = None,
    forecast: SmpForecast | str = SmpForecast.CLUSTER,
    cluster_tolerance: float = 0.05,
    normalize_salience: bool = False,
    labels: Sequence[str] | None = None,
) -> ForecastResult:
    """Forecast a multi-issue decision with KTAB's Spatial Model of Politics.

    Parameters
    ----------
    capability : array_like, shape (n,)
        Actors' capabilities ("power"), any non-negative scale.
    positions : array_like, shape (n, d)
        Positions in the issues' units (within ``scale``).
    salience : array_like, shape (n, d)
        Saliences in [0, 1] (KTAB's 0..100 divided by 100); each actor's total must be at most 1,
        as the model reads it as the probability that the actor contests a challenge.
    actors, dimensions : sequence of str, optional
        Ids of the rows and columns.
    scale : (low, high) or array_like, shape (d, 2)
        The issues' scales, one pair for all or one row per dimension; positions are mapped to [0, 1]
        with them.
    params : SmpParameters, optional
        KTAB's model options; the defaults are KTAB's.
    max_turns : int
        Turn limit (KTAB's ``maxIter``, 100).
    seed : int, optional
        Random seed, used by ``StateTransitions.STOCHASTIC`` only; the default model is deterministic.
    forecast : SmpForecast
        ``"cluster"`` (default): capability-weighted mean final position of the actors within
        ``cluster_tolerance`` (a fraction of each issue's range, per dimension) of the most probable
        final position; ``"most_probable"``: that position itself. Both are in ``details``.
    cluster_tolerance : float
        See ``forecast``.
    normalize_salience : bool
        Rescale actors whose saliences sum to more than 1 instead of raising.
    labels : sequence of str, optional
        Names of the rows for the sentences (``basis`` and each move's ``reason``), which a reader sees;
        the data fields keep ``actors``. Default: ``actors``.

    Returns
    -------
    ForecastResult
        ``history[t]`` holds positions (issue units) and ``win_probabilities``: for each actor, the
        probability that its *position* wins the PCE among the distinct positions, as KTAB reports it
        (actors sharing a position show the same, undivided number, so the row sums to 1 over distinct
        positions, not over actors). ``details`` holds the parameters, ``win_shares`` (the same
        probabilities split evenly among the actors sharing each position: a distribution over actors,
        summing to 1), risk attitudes, challenges and moves of each turn.

    Raises
    ------
    InvalidInputError
        On malformed or out-of-range inputs.

    References
    ----------
    KAPSARC Toolkit for Behavioral Analysis (KTAB), SMP: ``examples/smp/libsrc/smp.cpp``,
    ``smpbcn.cpp``; B. Wise, "Probabilistic Condorcet Elections" (KTAB documentation).

    Examples
    --------
    >>> r = smp([100, 50, 80], [[20.0], [80.0], [60.0]], [[0.9], [0.5], [0.7]], seed=0)
    >>> r.model, float(r.history[0].positions[0, 0]), r.turns >= 1
    ('smp', 20.0, True)
    >>> two_share = smp([100, 50, 80], [[20.0], [20.0], [60.0]], [[0.9], [0.9], [0.7]], max_turns=1)
    >>> p = two_share.history[0].win_probabilities  # actors 0 and 1 hold the same position
    >>> bool(p[0] == p[1]), round(float(p[0] + p[2]), 12)
    (True, 1.0)
    >>> [round(float(s), 12) for s in two_share.details["win_shares"][0]] == [
    ...     round(float(p[0] / 2), 12), round(float(p[1] / 2), 12), round(float(p[2]), 12)]
    True
    """
    params = params or SmpParameters()
    try:
        mode = SmpForecast(forecast)
    except ValueError:
        allowed = ", ".join(m.value for m in SmpForecast)
        raise InvalidInputError(
            f"forecast: unknown value {forecast!r}; allowed: {allowed}"
        ) from None
    if not cluster_tolerance >= 0:
        raise InvalidInputError(f"cluster_tolerance: must be >= 0, got {cluster_tolerance}")
    cap, pos, sal, lo, hi, names, dims = _validate(
        capability, positions, salience, actors, dimensions, scale, max_turns, normalize_salience
    )
    span = hi - lo
    x01 = (pos - lo) / span
    run = _run_with_bystanders(cap, x01, sal, params, max_turns, seed)
    to_units = lo + np.clip(run.positions, 0.0, 1.0) * span
    # coordinates that never changed are reported exactly as given (no round trip through 0..1)
    to_units = np.where(run.positions == run.positions[0], pos[None], to_units)
    history = tuple(
        ForecastState(positions=to_units[t], win_probabilities=run.position_probabilities[t])
        for t in range(len(to_units))
    )

    final01 = run.positions[-1]
    top = int(np.argmax(run.position_probabilities[-1]))
    top_pos01 = final01[top]
    same = np.sqrt(((final01 - top_pos01) ** 2).sum(axis=1)) < params.position_tolerance
    same &= sal.sum(axis=1) > 0
    holders = [names[a] for a in np.flatnonzero(same)] or [names[top]]
    say = tuple(labels) if labels is not None and len(labels) == len(names) else names
    said = [say[a] for a in np.flatnonzero(same)] or [say[top]]
    participating = sal.sum(axis=1) > 0
    in_cluster = (np.abs(final01 - top_pos01).max(axis=1) <= cluster_tolerance) & participating
    if not participating.any():  # nobody cares about anything: the capability-weighted mean
        in_cluster[:] = True
    w = cap[in_cluster]
    members = final01[in_cluster]
    cluster01 = (w @ members) / w.sum() if w.sum() > 0 else members.mean(axis=0)
    cluster = lo + cluster01 * span
    most_probable = lo + top_pos01 * span
    if mode is SmpForecast.CLUSTER:
        value = cluster
        basis = (
            "capability-weighted mean final position of the converged cluster: the actors within "
            f"{cluster_tolerance:.0%} of each issue's range of the final position with the highest "
            f"win probability ({run.position_probabilities[-1][top]:.3f}, held by {', '.join(said)})"
        )
    else:
        value = most_probable
        basis = (
            "final position with the highest win probability "
            f"({run.position_probabilities[-1][top]:.3f}, held by {', '.join(said)})"
        )

    def coords(v: FloatArray) -> dict[str, float]:
        return {dims[k]: float(v[k]) for k in range(len(dims))}

    turns_detail = []
    for t, turn in enumerate(run.turns, start=1):
        challenges = [
            {
                "initiator": names[i],
                "target": names[j],
                "win_probability": p,
                "expected_gain": g,
            }
            for i, j, p, g in turn.challenges
        ]
        moves = []
        for k, bi, br, pb, size in turn.moves:
            moves.append(
                {
                    "actor": names[k],
                    "from": [float(v) for v in to_units[t - 1][k]],
                    "to": [float(v) for v in to_units[t][k]],
                    "bargain": {"initiator": names[bi], "receiver": names[br]},
                    "reason": (
                        f"{say[bi]} challenged {say[br]} and proposed a compromise; {say[k]} "
                        f"adopted it as the most likely of {size} outcomes open to it "
                        f"(probability {pb:.3f}, status quo included)"
                        if params.state_transitions is StateTransitions.DETERMINISTIC
                        else f"{say[bi]} challenged {say[br]} and proposed a compromise; "
                        f"{say[k]} adopted it, drawn with probability {pb:.3f} among {size} outcomes"
                    ),
                }
            )
        turns_detail.append(
            {
                "turn": t,
                "fractional_change": float(run.fractional_change[t - 1]),
                "challenges": challenges,
                "moves": moves,
            }
        )

    details: dict[str, Any] = {
        "parameters": {**params.to_dict(), "max_turns": max_turns, "seed": seed},
        "converged": run.converged,
        "stop_reason": (
            f"movement fell below {params.stop_ratio:g} of the first turn's"
            if run.converged
            else f"turn limit {max_turns} reached before the stopping rule was met"
        ),
        "forecast_kind": mode.value,
        "cluster": {
            "position": coords(cluster),
            "actors": [names[a] for a in np.flatnonzero(in_cluster)],
            "tolerance": cluster_tolerance,
        },
        "most_probable_position": {
            "position": coords(most_probable),
            "actors": holders,
            "probability": float(run.position_probabilities[-1][top]),
        },
        "win_shares": run.win_shares.tolist(),
        "risk_attitudes": run.risk.tolist(),
        "turns": turns_detail,
    }
    return ForecastResult(
        model="smp",
        actors=names,
        dimensions=dims,
        history=history,
        forecast=np.asarray(value, dtype=np.float64),
        basis=basis,
        details=details,
    )
