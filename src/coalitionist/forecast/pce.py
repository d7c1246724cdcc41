"""Probabilistic Condorcet Elections (PCE): votes → coalitions → victory probabilities → one distribution.

The machinery of KAPSARC's KTAB (``KTAB/kmodel/libsrc/kmodel.cpp``: ``Model::vote``,
``Model::coalitions``, ``Model::vProb``, ``Model::condPCE``, ``Model::markovUniformPCE``,
``Model::markovIncentivePCE``, ``Model::bigRfromProb``, ``Model::estNRA``), written as vectorised NumPy
functions. Every function accepts leading batch dimensions so that many small elections (one per
actor's queue of bargains) run in one call.

References
----------
B. Wise, "Probabilistic Condorcet Elections", KTAB documentation (KAPSARC, 2015-2017);
B. Wise, "Markov Voting with Incentives in KTAB", ``KTAB/kmodel/doc/markov-incentives.tex``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from coalitionist.errors import AnalysisError, InvalidArgumentError
from coalitionist.forecast.smp_params import (
    BigRAdjust,
    BigRRange,
    PCEModel,
    VictoryProbModel,
    VotingRule,
)

FloatArray = NDArray[np.float64]

#: Floor added to every coalition strength (KTAB's ``minC``), so that no probability is 0/0.
MIN_COALITION = 1e-8
#: From this many options on, :func:`coalitions` sums ``Prop`` votes from pairwise distances (O(n m²) in
#: one C loop) instead of actor by actor through (m, m) temporaries: 0.39 → 0.075 ms at 64 options,
#: 0.59 → 0.059 s at 640 (CPU). Below it the per-actor sum is as fast, and its rounding is kept.
PAIRWISE_MIN_OPTIONS = 64
#: Step of KTAB's binary voting response (``sTol``).
_BINARY_STEP = 1e-8


class PCEConvergenceError(AnalysisError):
    """A Markov PCE did not reach its fixed point within the iteration limit."""


def vote(
    rule: VotingRule, weight: FloatArray | float, u1: FloatArray, u2: FloatArray
) -> FloatArray:
    """Vote of an actor with weight ``weight`` for option 1 over option 2 (``Model::vote``).

    Parameters
    ----------
    rule : VotingRule
        The response to the utility difference ``du = u1 - u2``.
    weight : array_like
        The voter's weight (capability, or capability × salience), broadcast against ``u1``.
    u1, u2 : ndarray
        The voter's utilities of the two options.

    Returns
    -------
    ndarray
        Positive for option 1, negative for option 2.
    """
    du = np.asarray(u1, dtype=np.float64) - u2
    if rule is VotingRule.ASYM_PROSP:
        # losses count fully, gains by two thirds
        w, du = np.broadcast_arrays(np.asarray(weight, dtype=np.float64), du)
        return np.where(du < 0.0, w * du, np.where(du > 0.0, (2.0 * w * du) / 3.0, 0.0))
    return np.asarray(weight * _response(rule, du), dtype=np.float64)


def _response(rule: VotingRule, du: FloatArray) -> FloatArray:
    """The unweighted vote of the odd (sign-symmetric) rules: ``vote = weight * _response(du)``."""
    if rule is VotingRule.PROP:
        return du
    if rule is VotingRule.BINARY:
        return np.clip(du / _BINARY_STEP, -1.0, 1.0)
    if rule is VotingRule.PROP_BIN:
        return (1 - 0.2) * du + 0.2 * np.clip(du / _BINARY_STEP, -1.0, 1.0)
    if rule is VotingRule.PROP_CBC:
        return (1 - 0.5) * du + 0.5 * (du * du * du)
    if rule is VotingRule.CUBIC:
        return du * du * du
    raise InvalidArgumentError(f"{rule} is not a sign-symmetric voting rule")


def coalitions(
    utilities: FloatArray, weights: FloatArray, rule: VotingRule, *, chunk: int = 2_000_000
) -> FloatArray:
    """Coalition strengths ``C[i, j]`` supporting option i against option j (``Model::coalitions``).

    ``C[i, j] = 1e-8 + Σ_k max(0, v_k(i, j))`` where ``v_k(i, j)`` is actor k's vote for i over j.
    As in KTAB, votes are cast only for ``i > j`` (lower triangle) and ``C[j, i]`` collects the
    opposite votes ``max(0, -v_k(i, j))``; this matters only for the asymmetric rule ``ASymProsp``.
    For ``Prop`` with at least :data:`PAIRWISE_MIN_OPTIONS` options the sums come from pairwise
    distances (:func:`_prop_coalitions_pairwise`), equal up to rounding.

    Parameters
    ----------
    utilities : ndarray, shape (..., n_actors, n_options)
        ``utilities[..., k, i]`` is actor k's utility of option i.
    weights : ndarray, shape (n_actors,)
        Voting weights.
    rule : VotingRule
        Voting rule.
    chunk : int
        Upper bound on the number of elements of the temporary vote tensor (memory control only).

    Returns
    -------
    ndarray, shape (..., n_options, n_options)
        Coalition strengths; the diagonal is ``1e-8``.
    """
    u = np.asarray(utilities, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    *batch, n_act, m = u.shape
    if rule is VotingRule.PROP and m >= PAIRWISE_MIN_OPTIONS and (w >= 0.0).all():
        return _prop_coalitions_pairwise(u, w)
    pro = np.zeros((*batch, m, m))
    con = np.zeros((*batch, m, m))
    per_actor = max(1, int(np.prod(batch, dtype=np.int64)) * m * m)
    step = max(1, chunk // per_actor)
    symmetric = rule is not VotingRule.ASYM_PROSP
    for start in range(0, n_act, step):
        stop = min(n_act, start + step)
        uk = u[..., start:stop, :]
        if symmetric:
            # w >= 0 and an odd response: max(0, w f(du)) = w max(0, f(du)), and the votes against
            # (i over j) are exactly the votes for (j over i)
            f = _response(rule, uk[..., :, :, None] - uk[..., :, None, :])
            np.maximum(f, 0.0, out=f)
            pro += np.einsum("k,...kij->...ij", w[start:stop], f)
        else:
            wk = w[start:stop].reshape((stop - start, 1, 1))
            v = vote(rule, wk, uk[..., :, :, None], uk[..., :, None, :])
            pro += np.maximum(v, 0.0).sum(axis=-3)
            con += np.maximum(-v, 0.0).sum(axis=-3)
    if symmetric:
        con = np.swapaxes(pro, -1, -2)
    lower = np.tril(np.ones((m, m), dtype=bool), -1)
    c = np.where(lower, pro, np.swapaxes(con, -1, -2))
    c = MIN_COALITION + c
    idx = np.arange(m)
    c[..., idx, idx] = MIN_COALITION
    return c


def _prop_coalitions_pairwise(u: FloatArray, w: FloatArray) -> FloatArray:
    """:func:`coalitions` for the ``Prop`` rule from pairwise distances between the options' columns.

    With ``a_k = u[k, i] - u[k, j]`` and ``w_k >= 0``, ``max(0, w_k a_k) = w_k (a_k + |a_k|) / 2``, so

    ``Σ_k max(0, w_k a_k) = ((w·u)_i - (w·u)_j + Σ_k w_k |u[k, i] - u[k, j]|) / 2``,

    and the last sum is the weighted city-block distance between columns i and j of ``u``
    (``scipy.spatial.distance.pdist``, one C loop over the pairs without the (n, m, m) temporaries of the
    per-actor path). The total of the votes against is the same expression with i and j swapped, which for
    this odd rule is exactly KTAB's ``C[j, i]``. The two halves nearly cancel where i gets almost no
    votes; the result is clipped at 0 there (the exact value is never negative). Rounding differs from
    the per-actor sum by about ``1e-16 × Σ_k w_k`` per entry, and two identical options get exactly no
    votes either way, as actor by actor: that matters because ``C = 1e-8`` there, so an error of 1e-14
    would move their victory probability from 1/2 by 1e-6.
    """
    from scipy.spatial.distance import pdist, squareform  # type: ignore[import-untyped]

    *batch, n_act, m = u.shape
    flat = u.reshape((-1, n_act, m))
    out = np.empty((flat.shape[0], m, m))
    for b in range(flat.shape[0]):
        ub = flat[b]
        # (w·u)_i summed down the rows, the same additions for every column, so that two identical
        # options get identical scores and exactly no votes either way (as actor by actor); centring
        # each actor's utilities (which leaves the differences unchanged) shrinks the rounding
        centred = ub - ub.mean(axis=1, keepdims=True)
        centred *= w[:, None]
        score = centred.sum(axis=0)
        spread = squareform(pdist(np.ascontiguousarray(ub.T), "cityblock", w=w))
        pro = score[:, None] - score[None, :]
        pro += spread
        pro *= 0.5
        np.maximum(pro, 0.0, out=pro)
        pro += MIN_COALITION
        np.fill_diagonal(pro, MIN_COALITION)
        out[b] = pro
    return out.reshape((*batch, m, m))


def victory_probabilities(strengths: FloatArray, model: VictoryProbModel) -> FloatArray:
    """Pairwise probabilities ``p[i, j]`` that option i beats option j (``Model::vProb``).

    ``p[i, j] = x_ij / (x_ij + x_ji)`` with ``x = c`` (Linear), ``c²``, ``c⁴``, ``c⁸``; for Binary a
    10 % advantage gives ``p = 1 / (1 + 1e-6)`` and in between p is linear in ``c_ij / (c_ij + c_ji)``.
    The diagonal is 1/2 and ``p[i, j] + p[j, i] = 1``.
    """
    c = np.asarray(strengths, dtype=np.float64)
    ct = np.swapaxes(c, -1, -2)
    if model is VictoryProbModel.LINEAR:
        x1, x2 = c, ct
    elif model is VictoryProbModel.SQUARE:
        x1, x2 = c * c, ct * ct
    elif model is VictoryProbModel.QUARTIC:
        x1, x2 = (c * c) * (c * c), (ct * ct) * (ct * ct)
    elif model is VictoryProbModel.OCTIC:
        q1, q2 = (c * c) * (c * c), (ct * ct) * (ct * ct)
        x1, x2 = q1 * q1, q2 * q2
    else:
        thresh, min_x = 1.10, 1e-6
        r12 = c / (c + ct)
        p12 = (r12 * (thresh + 1.0) - 1.0) / (thresh - 1.0)
        x1 = np.where(c >= thresh * ct, 1.0, np.where(ct >= thresh * c, min_x, p12))
        x2 = np.where(c >= thresh * ct, min_x, np.where(ct >= thresh * c, 1.0, 1.0 - p12))
    p = x1 / (x1 + x2)
    m = c.shape[-1]
    idx = np.arange(m)
    p[..., idx, idx] = 0.5
    return np.asarray(p, dtype=np.float64)


def conditional_pce(victory: FloatArray) -> FloatArray:
    """Conditional PCE: ``P_i ∝ Π_j p[i, j]``, the probability that i beats every alternative given
    that exactly one option does (``Model::condPCE``). Computed in log space so that hundreds of
    options do not underflow."""
    logs = np.log(np.asarray(victory, dtype=np.float64)).sum(axis=-1)
    logs -= logs.max(axis=-1, keepdims=True)
    p = np.exp(logs)
    return np.asarray(p / p.sum(axis=-1, keepdims=True), dtype=np.float64)


def markov_uniform_pce(
    victory: FloatArray, *, tol: float = 1e-6, max_iter: int = 10_000
) -> FloatArray:
    """Markov PCE with uniformly chosen challengers (``Model::markovUniformPCE``).

    Iterates ``q_i = (1/n) Σ_j p[i, j] (P_i + P_j)``, ``P ← (P + q) / 2`` from the uniform
    distribution until ``max |q - P| <= tol``.
    """
    pv = np.asarray(victory, dtype=np.float64)
    m = pv.shape[-1]
    p = np.full(pv.shape[:-1], 1.0 / m)
    active = np.ones(pv.shape[:-2], dtype=bool)
    for _ in range(max_iter):
        q = ((pv * (p[..., :, None] + p[..., None, :])).sum(axis=-1)) / m
        change = np.abs(q - p).max(axis=-1)
        p = np.where(active[..., None], (p + q) / 2.0, p)
        active &= change > tol
        if not active.any():
            return np.asarray(p, dtype=np.float64)
    raise PCEConvergenceError(f"Markov-uniform PCE did not converge in {max_iter} iterations")


def markov_incentive_pce(
    strengths: FloatArray, model: VictoryProbModel, *, tol: float = 1e-8, max_iter: int = 10_000
) -> FloatArray:
    """Markov PCE where challengers come in proportion to their incentive (``Model::markovIncentivePCE``).

    The incentive of i to challenge incumbent j is ``n_ij = c_ij p_ij`` (plus 1e-10 on the diagonal);
    the challenge probability is ``n_ij / Σ_k n_kj``; the fixed point of the resulting Markov chain is
    found by the averaged iteration ``P ← (P + q) / 2``.
    """
    c = np.asarray(strengths, dtype=np.float64)
    pv = victory_probabilities(c, model)
    m = c.shape[-1]
    inc = c * pv
    idx = np.arange(m)
    inc[..., idx, idx] += 1e-10
    chlg = inc / inc.sum(axis=-2, keepdims=True)  # chlg[i, j] = P[i challenges incumbent j]
    p = np.full(c.shape[:-1], 1.0 / m)
    active = np.ones(c.shape[:-2], dtype=bool)
    for _ in range(max_iter):
        ct = p[..., :, None] * np.swapaxes(chlg, -1, -2)  # ct[i, j] = p_i * chlg[j, i]
        q = (pv * (ct + np.swapaxes(ct, -1, -2))).sum(axis=-1)
        change = np.abs(q - p).max(axis=-1)
        p = np.where(active[..., None], (p + q) / 2.0, p)
        active &= change > tol
        if not active.any():
            return np.asarray(p, dtype=np.float64)
    raise PCEConvergenceError(f"Markov-incentive PCE did not converge in {max_iter} iterations")


def pce(
    utilities: FloatArray,
    weights: FloatArray,
    *,
    rule: VotingRule = VotingRule.PROP,
    victory_model: VictoryProbModel = VictoryProbModel.LINEAR,
    pce_model: PCEModel = PCEModel.CONDITIONAL,
) -> FloatArray:
    """Probability that each option wins a PCE among the actors (``Model::scalarPCE``).

    Parameters
    ----------
    utilities : ndarray, shape (..., n_actors, n_options)
        Actors' utilities of the options.
    weights : ndarray, shape (n_actors,)
        Voting weights (capabilities).
    rule, victory_model, pce_model :
        The voting rule, victory-probability model and PCE model.

    Returns
    -------
    ndarray, shape (..., n_options)
        A probability distribution over the options.
    """
    c = coalitions(utilities, weights, rule)
    if pce_model is PCEModel.MARKOV_INCENTIVE:
        return markov_incentive_pce(c, victory_model)
    pv = victory_probabilities(c, victory_model)
    if pce_model is PCEModel.MARKOV_UNIFORM:
        return markov_uniform_pce(pv)
    return conditional_pce(pv)


def risk_from_probabilities(p: FloatArray, big_r_range: BigRRange) -> FloatArray:
    """Risk attitudes from the probabilities of actors' positions (``Model::bigRfromProb``).

    With ``p_min, p_max`` the extreme probabilities: Min ``(p - p_min)/(p_max - p_min)``, Mid
    ``(3p - p_max - 2 p_min) / (2 (p_max - p_min))``, Max ``(2p - p_max - p_min)/(p_max - p_min)``.
    The actor whose position is most likely to win gets R = +1 (risk-averse). When every probability is
    equal (KTAB divides by zero there) everyone is risk-neutral, R = 0.
    """
    p = np.asarray(p, dtype=np.float64)
    p_min, p_max = float(p.min()), float(p.max())
    if not p_max > p_min:
        return np.zeros_like(p)
    if big_r_range is BigRRange.MIN:
        return (p - p_min) / (p_max - p_min)
    if big_r_range is BigRRange.MID:
        return (3 * p - (p_max + 2 * p_min)) / (2 * (p_max - p_min))
    return (2 * p - (p_max + p_min)) / (p_max - p_min)


def estimated_risk(r_h: FloatArray, r_i: FloatArray, adjust: BigRAdjust) -> FloatArray:
    """Actor h's estimate of actor i's risk attitude (``Model::estNRA``), broadcasting ``r_h, r_i``."""
    rh = np.asarray(r_h, dtype=np.float64)
    ri = np.asarray(r_i, dtype=np.float64)
    if adjust is BigRAdjust.FULL:
        return np.asarray(ri + 0.0 * rh, dtype=np.float64)
    if adjust is BigRAdjust.TWO_THIRDS:
        return np.asarray((rh + (2.0 * ri)) / 3.0, dtype=np.float64)
    if adjust is BigRAdjust.HALF:
        return np.asarray((rh + ri) / 2, dtype=np.float64)
    if adjust is BigRAdjust.ONE_THIRD:
        return np.asarray(((2.0 * rh) + ri) / 3.0, dtype=np.float64)
    return np.asarray(rh + 0.0 * ri, dtype=np.float64)
