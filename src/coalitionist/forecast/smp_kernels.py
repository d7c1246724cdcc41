"""Numeric kernels of KTAB's Spatial Model of Politics (pure NumPy functions on the 0..1 scale).

Each function states which part of KTAB's source (``examples/smp/libsrc/smp.cpp``, ``smpbcn.cpp``,
``KTAB/kmodel/libsrc/kmodel.cpp``) it reproduces. Positions ``x`` are ``(n, d)`` on [0, 1], saliences
``s`` are ``(n, d)`` with row sums at most 1, risk attitudes ``r`` are ``(n,)`` in [-1, 1].
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from coalitionist.forecast.pce import estimated_risk, vote
from coalitionist.forecast.smp_params import (
    BigRAdjust,
    InterVecBrgn,
    ThirdPartyCommit,
    VotingRule,
)

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]

#: Floor of the principals' coalition strengths in a challenge (KTAB's ``minCltn``).
MIN_CHALLENGE_COALITION = 1e-10
#: Floor of the interpolation weights (KTAB's ``minW``).
MIN_BARGAIN_WEIGHT = 1e-6


def salience_distance(x_from: FloatArray, x_to: FloatArray, salience: FloatArray) -> FloatArray:
    """Salience-weighted distance from each actor's ideal to positions (``SMPModel::bvDiff``).

    ``D[i, j] = sqrt( Σ_k ((x_from[i, k] - x_to[j, k]) s[i, k])² / Σ_k s[i, k]² )`` — a weighted
    root-mean-square difference, so ``D <= 1`` on the unit cube. An actor with no salience at all
    (KTAB rejects it) is indifferent: its distances are 0.

    Parameters
    ----------
    x_from : ndarray, shape (n, d)
        The judging actors' ideal points.
    x_to : ndarray, shape (m, d)
        The positions judged.
    salience : ndarray, shape (n, d)
        The judging actors' saliences.

    Returns
    -------
    ndarray, shape (n, m)
    """
    s = np.asarray(salience, dtype=np.float64)
    if s.shape[1] < 8:
        # dimension by dimension on (n, m) arrays: the same additions in the same order as NumPy's sum
        # over a last axis shorter than 8, without the (n, m, d) temporaries (3-4x faster at 640 x 3)
        num = np.zeros((x_from.shape[0], x_to.shape[0]))
        for k in range(s.shape[1]):
            t = np.subtract.outer(x_from[:, k], x_to[:, k])
            t *= s[:, k, None]
            t *= t
            num += t
    else:
        ds = (x_from[:, None, :] - x_to[None, :, :]) * s[:, None, :]
        num = (ds * ds).sum(axis=-1)
    den = (s * s).sum(axis=-1)
    safe = np.where(den > 0.0, den, 1.0)
    return np.where(den[:, None] > 0.0, np.sqrt(num / safe[:, None]), 0.0)


def utility(distance: FloatArray, risk: FloatArray | float) -> FloatArray:
    """Utility of a position at salience-weighted distance ``sd`` for risk attitude R (``bsUtil``).

    ``u = (1 - sd)(1 + sd R)`` for ``sd <= 1`` and ``(1 - sd)(1 + R)`` beyond; R = 0 is risk-neutral
    (linear), R > 0 concave (risk-averse), R < 0 convex (risk-acceptant).
    """
    d = np.asarray(distance, dtype=np.float64)
    r = np.asarray(risk, dtype=np.float64)
    return np.asarray(
        np.where(d <= 1.0, (1 - d) * (1 + d * r), (1 - d) * (1 + r)), dtype=np.float64
    )


def challenge(
    h: IntArray,
    k: IntArray,
    i: IntArray,
    j: IntArray,
    *,
    distance: FloatArray,
    risk: FloatArray,
    weight: FloatArray,
    total_salience: FloatArray,
    rule: VotingRule,
    commit: ThirdPartyCommit,
    adjust: BigRAdjust,
    chunk: int = 1_000_000,
) -> tuple[FloatArray, FloatArray]:
    """h's estimate of the probability that i beats j and of k's expected gain if i challenges j.

    Vectorised ``SMPState::probEduChlg`` over arrays of quadruples ``(h, k, i, j)``:

    1. h judges with ``U_h(a, b) = utility(D[a, b], est(r_h, r_a))`` (``estimated_risk``).
    2. The principals contribute ``vote(s_i c_i, U(i,i), U(i,j))`` and ``vote(s_j c_j, U(j,i), U(j,j))``
       to the coalitions for i and for j (each starting at 1e-10).
    3. Each third party n first sizes up the "little" contest of the principals plus itself,
       ``p_in = c'_i / (c'_i + c'_j)``, then votes ``vote(s_n c_n, E[ik > j], E[i > jk])`` where the
       expected state utilities follow the third-party commitment rule (``Actor::thirdPartyVoteSU``).
    4. ``P = C_ij / (C_ij + C_ji)``; the challenge's expected utility to k is
       ``(1 - s_j) 2U(k,i) + s_j (P 2U(k,i) + (1 - P) 2U(k,j))`` (a target with little salience yields
       without a contest); the gain is that minus the status quo ``U(k,i) + U(k,j)``.

    Parameters
    ----------
    h, k, i, j : ndarray of int, shape (q,)
        Estimator, affected actor, initiator, target.
    distance : ndarray, shape (n, n)
        ``salience_distance`` of ideals to positions.
    risk : ndarray, shape (n,)
        Risk attitudes.
    weight : ndarray, shape (n,)
        Capability × total salience of each actor.
    total_salience : ndarray, shape (n,)
        Each actor's total salience.
    rule, commit, adjust :
        Voting rule, third-party commitment, risk-estimate rule.
    chunk : int
        Upper bound on the elements of the (q, n) temporaries (memory control only).

    Returns
    -------
    prob : ndarray, shape (q,)
        Probability that i beats j.
    gain : ndarray, shape (q,)
        Expected change in k's utility from the challenge.
    """
    n = distance.shape[0]
    q = len(i)
    prob = np.empty(q)
    gain = np.empty(q)
    step = max(1, chunk // max(n, 1))
    actors = np.arange(n)
    for start in range(0, q, step):
        sl = slice(start, min(q, start + step))
        hh, kk, ii, jj = h[sl], k[sl], i[sl], j[sl]
        rh = risk[hh]

        def u(a: IntArray, b: IntArray, rh: FloatArray = rh) -> FloatArray:
            return utility(distance[a, b], estimated_risk(rh, risk[a], adjust))

        uii, uij, uji, ujj = u(ii, ii), u(ii, jj), u(jj, ii), u(jj, jj)
        uki, ukj = u(kk, ii), u(kk, jj)
        eu_sq = uki + ukj
        u_vict = uki + uki
        u_loss = ukj + ukj
        ci = vote(rule, weight[ii], uii, uij)
        cj = vote(rule, weight[jj], uji, ujj)
        chij = MIN_CHALLENGE_COALITION + np.maximum(ci, 0.0) + np.maximum(cj, 0.0)
        chji = MIN_CHALLENGE_COALITION + np.maximum(-ci, 0.0) + np.maximum(-cj, 0.0)

        # third parties: rows = quadruples, columns = actors n
        est_n = estimated_risk(rh[:, None], risk[None, :], adjust)
        uni = utility(distance[:, ii].T, est_n)
        unj = utility(distance[:, jj].T, est_n)
        unn = utility(distance[actors, actors][None, :], est_n)
        wn = weight[None, :]
        v0 = vote(rule, wn, uni, unj)
        cni = np.where(v0 > 0, chij[:, None] + v0, chij[:, None])
        cnj = np.where(v0 < 0, chji[:, None] - v0, chji[:, None])
        pin = cni / (cni + cnj)
        pjn = 1.0 - pin
        if commit is ThirdPartyCommit.SEMI_COMMIT:
            u_ik_def_j = uni + uni + unn
            u_j_def_ik = unj + unj + unj
            u_i_def_jk = uni + uni + uni
            u_jk_def_i = unj + unj + unn
        elif commit is ThirdPartyCommit.FULL_COMMIT:
            u_ik_def_j = uni + uni + uni
            u_j_def_ik = unj + unj + unj
            u_i_def_jk = u_ik_def_j
            u_jk_def_i = u_j_def_ik
        else:
            u_ik_def_j = uni + uni + unn
            u_j_def_ik = unj + unj + unn
            u_i_def_jk = u_ik_def_j
            u_jk_def_i = u_j_def_ik
        u_ik_j = (pin * u_ik_def_j) + (pjn * u_j_def_ik)
        u_i_jk = (pin * u_i_def_jk) + (pjn * u_jk_def_i)
        vk = vote(rule, wn, u_ik_j, u_i_jk)
        principal = (actors[None, :] == ii[:, None]) | (actors[None, :] == jj[:, None])
        vk = np.where(principal, 0.0, vk)
        cij = chij + np.maximum(vk, 0.0).sum(axis=1)
        cji = chji + np.maximum(-vk, 0.0).sum(axis=1)
        p = cij / (cij + cji)
        pji = cji / (cij + cji)
        sj = total_salience[jj]
        eu_contest = p * u_vict + pji * u_loss
        eu_chlg = (1 - sj) * u_vict + sj * eu_contest
        prob[sl] = p
        gain[sl] = eu_chlg - eu_sq
    return prob, gain


def own_challenges(
    *,
    distance: FloatArray,
    risk: FloatArray,
    weight: FloatArray,
    total_salience: FloatArray,
    rule: VotingRule,
    commit: ThirdPartyCommit,
    adjust: BigRAdjust,
    chunk: int = 100_000,
) -> tuple[FloatArray, FloatArray]:
    """Every initiator's own estimate of challenging every target: :func:`challenge` for all
    quadruples ``(i, i, i, j)``, organised around the (initiator, third party, target) tensor.

    With ``h = k = i`` the third party n's utility of i's position, ``U_i(n, i)``, depends on (i, n)
    only and ``U_i(n, n) = 1``, so only ``U_i(n, j)`` needs the full tensor. The default
    ``Prop``/``SemiCommit`` case uses the simplified third-party vote
    ``v_n = w_n (p_in (1 - U(n,i)) - (1 - p_in)(1 - U(n,j)))`` (algebraically equal to KTAB's
    ``Actor::thirdPartyVoteSU``) and in-place arithmetic; other options go through :func:`vote`.

    Returns
    -------
    prob, gain : ndarray, shape (n, n)
        ``prob[i, j]`` and ``gain[i, j]`` as :func:`challenge` returns them for ``(i, i, i, j)``;
        the diagonal is 0 and ``-inf``.
    """
    n = distance.shape[0]
    d = np.asarray(distance, dtype=np.float64)
    if not (d <= 1.0).all() or (np.diagonal(d) != 0.0).any():  # ideals off positions: general path
        ii, jj = np.nonzero(~np.eye(n, dtype=bool))
        ii, jj = ii.astype(np.intp), jj.astype(np.intp)
        p, g = challenge(
            ii, ii, ii, jj,
            distance=d, risk=risk, weight=weight, total_salience=total_salience,
            rule=rule, commit=commit, adjust=adjust,
        )  # fmt: skip
        prob, gain = np.zeros((n, n)), np.full((n, n), -np.inf)
        prob[ii, jj], gain[ii, jj] = p, g
        return prob, gain
    one_minus_d = 1.0 - d
    est = estimated_risk(risk[:, None], risk[None, :], adjust)  # est[h, a]: h's view of a's R
    own = one_minus_d * (1.0 + d * np.diagonal(est)[:, None])  # U_i(i, j)
    theirs = one_minus_d.T * (1.0 + d.T * est)  # U_i(j, i) at [i, j]
    ci = vote(rule, weight[:, None], np.ones_like(own), own)
    cj = vote(rule, weight[None, :], theirs, np.ones_like(theirs))
    chij = MIN_CHALLENGE_COALITION + np.maximum(ci, 0.0) + np.maximum(cj, 0.0)
    chji = MIN_CHALLENGE_COALITION + np.maximum(-ci, 0.0) + np.maximum(-cj, 0.0)
    uni_all = theirs  # [i, n] = U_i(n, i), the same expression
    fast = rule is VotingRule.PROP and commit is ThirdPartyCommit.SEMI_COMMIT
    pro = np.empty((n, n))
    con = np.empty((n, n))
    step = max(1, chunk // max(n * n, 1))
    idx = np.arange(n)
    wn = weight[None, :, None]
    for start in range(0, n, step):
        stop = min(n, start + step)
        m = stop - start
        rows = np.arange(m)
        e = est[start:stop, :, None]  # (m, n, 1)
        uni = uni_all[start:stop, :, None]  # (m, n, 1)
        unj = d[None, :, :] * e  # (m, n, n): U_i(n, j)
        unj += 1.0
        unj *= one_minus_d[None, :, :]
        cij = chij[start:stop, None, :]
        cji = chji[start:stop, None, :]
        if fast:
            v0 = uni - unj
            v0 *= wn  # the third party's own vote between i and j
            pin = np.maximum(v0, 0.0)
            pin += cij  # c'_i
            np.negative(v0, out=v0)
            np.maximum(v0, 0.0, out=v0)
            v0 += cji  # c'_j
            v0 += pin
            np.divide(pin, v0, out=pin)  # p_in = c'_i / (c'_i + c'_j)
            q = np.subtract(1.0, unj, out=unj)  # 1 - U(n, j)
            vk = np.add(q, 1.0 - uni, out=v0)
            vk *= pin
            vk -= q
            vk *= wn  # w (p (1 - U(n,i)) - (1 - p)(1 - U(n,j)))
        else:
            unn = 1.0
            v0 = vote(rule, wn, uni, unj)
            cni = np.where(v0 > 0, cij + v0, cij)
            cnj = np.where(v0 < 0, cji - v0, cji)
            pin = cni / (cni + cnj)
            pjn = 1.0 - pin
            if commit is ThirdPartyCommit.SEMI_COMMIT:
                a, b, c, e2 = uni + uni + unn, unj + unj + unj, uni + uni + uni, unj + unj + unn
            elif commit is ThirdPartyCommit.FULL_COMMIT:
                a, b = uni + uni + uni, unj + unj + unj
                c, e2 = a, b
            else:
                a, b = uni + uni + unn, unj + unj + unn
                c, e2 = a, b
            vk = vote(rule, wn, (pin * a) + (pjn * b), (pin * c) + (pjn * e2))
        vk[rows, start + rows, :] = 0.0  # n == i
        vk[:, idx, idx] = 0.0  # n == j
        pro[start:stop] = np.maximum(vk, 0.0).sum(axis=1)
        np.negative(vk, out=vk)
        np.maximum(vk, 0.0, out=vk)
        con[start:stop] = vk.sum(axis=1)
    cij_t = chij + pro
    cji_t = chji + con
    prob = cij_t / (cij_t + cji_t)
    pji = cji_t / (cij_t + cji_t)
    sj = total_salience[None, :]
    u_vict = 2.0  # U_i(i, i) + U_i(i, i)
    eu_chlg = (1 - sj) * u_vict + sj * (prob * u_vict + pji * (own + own))
    gain = eu_chlg - (1.0 + own)
    np.fill_diagonal(gain, -np.inf)
    np.fill_diagonal(prob, 0.0)
    return prob, gain


#: Margin of the partial-sum test in :func:`own_best_challenges`: a target is dropped only when its bound
#: is below the best exact gain by more than this (the rounding of the sums is about 1e-13).
PARTIAL_BOUND_MARGIN = 1e-10
#: The first block of third parties in :func:`own_best_challenges`' partial sums; the blocks double.
FIRST_THIRD_PARTY_BLOCK = 16
#: How many targets per initiator are evaluated exactly after each block, by the estimate of P from the
#: sums so far (a good best so far early prunes the most); one after the later blocks.
LEADS_AFTER_BLOCK = (8, 2)
#: Rungs of the thresholds (four per halving) for the bound on the third parties beyond a block.
REST_LADDER = 48


def _third_party_votes(
    a: IntArray,
    b: IntArray,
    *,
    d_t: FloatArray,
    one_minus_d_t: FloatArray,
    est: FloatArray,
    theirs: FloatArray,
    not_uni: FloatArray,
    weight: FloatArray,
    chij: FloatArray,
    chji: FloatArray,
) -> FloatArray:
    """The third parties' votes ``v_n`` in the challenges ``(a, a, a, b)``, one row per pair, for the
    third parties that are the columns of the given matrices (the principals not yet zeroed).

    ``d_t[j, n] = D[n, j]`` and ``one_minus_d_t`` are rows by target; ``est[i, n]``, ``theirs[i, n] =
    U_i(n, i)`` and ``not_uni = 1 − theirs`` are rows by initiator; ``weight`` holds the columns' weights.
    The vote is ``w (p (1 − U(n,i)) − (1 − p)(1 − U(n,j)))`` with the little contest's
    ``p = c'_i / (c'_i + c'_j)`` (the ``Prop``/``SemiCommit`` case of ``Actor::thirdPartyVoteSU``).
    """
    unj = d_t[b]  # (P, m): D[n, j]
    unj *= est[a]
    unj += 1.0
    unj *= one_minus_d_t[b]  # U_i(n, j)
    cij = chij[a, b][:, None]
    cji = chji[a, b][:, None]
    v0 = theirs[a]
    v0 -= unj
    v0 *= weight  # the third party's own vote between i and j
    pin = np.maximum(v0, 0.0)
    np.subtract(pin, v0, out=v0)  # max(-v0, 0), exactly
    pin += cij  # c'_i
    v0 += cji  # c'_j
    v0 += pin
    np.divide(pin, v0, out=pin)  # p_in = c'_i / (c'_i + c'_j)
    q = np.subtract(1.0, unj, out=unj)  # 1 - U(n, j)
    vk = np.add(q, not_uni[a], out=v0)
    vk *= pin
    vk -= q
    vk *= weight  # w (p (1 - U(n,i)) - (1 - p)(1 - U(n,j)))
    return vk


def own_best_challenges(
    *,
    distance: FloatArray,
    risk: FloatArray,
    weight: FloatArray,
    total_salience: FloatArray,
    rule: VotingRule,
    commit: ThirdPartyCommit,
    adjust: BigRAdjust,
    first: int = 4,
    chunk: int = 262_144,
    partial: bool = True,
) -> tuple[FloatArray, FloatArray]:
    """:func:`own_challenges` where it can hold an initiator's best target, and nowhere else.

    **The gain and the bound B.** With ``h = k = i`` and i's ideal on its position (``U_i(i, i) = 1``),
    the expected utility of the challenge is ``(1 − s_j) 2 + s_j (2P + (1 − P) 2u)`` with
    ``u = U_i(i, j)`` and the status quo is worth ``1 + u``, so the gain is

    ``G = 1 − u − 2 s_j (1 − P)(1 − u) = (1 − u)(1 − 2 s_j (1 − P))``.

    Here ``1 − u >= 0``: ``u = (1 − D)(1 + D R)`` with ``0 <= D <= 1`` and ``|R| <= 1`` gives
    ``1 − u = D (1 − R (1 − D))``, at least ``D²`` for R >= 0 and at least D for R < 0. With
    ``0 <= s_j <= 1`` the gain grows with P, and ``P <= 1`` gives ``G <= B_ij = 1 − U_i(i, j)``, one
    (n, n) array. Late in a run the best gains are small (median 0.06 at 640 actors, turn 40) while B is
    not, and B alone leaves about 213 of 639 targets per initiator to evaluate.

    **A bound on P from partial sums over the third parties.** ``P = (C_i + pro) / (C_i + C_j + pro +
    con)``, with the principals' strengths ``C_i, C_j > 0`` and ``pro = Σ_n max(v_n, 0)``,
    ``con = Σ_n max(−v_n, 0)`` over the third parties n; P grows with pro and falls with con. A third
    party's vote is ``v_n = w_n (p_n a_n − (1 − p_n) b_n)``, ``a_n = 1 − U_i(n, i)``, ``b_n = 1 −
    U_i(n, j)`` (both ``>= 0``), with the little contest's ``p_n = (C_i + max(δ, 0)) / (C_i + C_j + |δ|)``,
    ``δ = w_n (b_n − a_n)``. Over all ``b >= 0`` (every target's position), with ``x = w_n a_n`` and
    ``C = C_i + C_j``: on ``b <= a`` the vote is convex in b, so at most its value at ``b = 0``,
    ``x C_i / (C + x)``, or at ``b = a``, ``x (C_i − C_j) / C``; on ``b >= a`` it is
    ``x − w_n C_j (a + b) / (C + w_n (b − a))``, monotone in b, so at most its value at ``b = a`` or its
    limit ``x − C_j``. Each of these is at most ``g(x) = max(α x, x − C_j)``, ``α = C_i / C``, hence
    ``max(v_n, 0) <= g(x_n)``, which does not depend on the target beyond its strength ``C_j``. The
    third parties are taken in a fixed order (largest ``w_n × mean_j D[n, j]`` first) in blocks of 16,
    16, 32, 64, 128 (doubling edges up to n/2); after the first K of them

    ``P <= P̄_K = (C_i + pro_K + R_K) / (C_i + C_j + pro_K + R_K + con_K)``, ``R_K = Σ_{n beyond K} g(x_n)``,

    where ``pro_K``, ``con_K`` are the sums over the first K (the rest add at most ``R_K`` to pro and at
    least 0 to con). ``g`` is piecewise linear with its kink at ``x = C``, so ``R_K`` of any pair is two
    running totals of i's sorted ``x`` beyond K and one binary search. The gain is then at most
    ``(1 − u)(1 − 2 s_j (1 − P̄_K))``.

    **The search.** Each initiator's target of highest B is evaluated exactly; the first block is summed
    for every pair at once (broadcast over initiator, third party and target), and the pairs whose B
    reaches that best are kept; then, after each block: the targets whose bound is
    below the initiator's best exact gain so far by more than ``PARTIAL_BOUND_MARGIN`` (1e-10; the sums'
    rounding is about 1e-13) are dropped, a few targets per initiator with the highest estimate (the
    partial sums scaled up to all third parties; ``LEADS_AFTER_BLOCK``, at most one in 16 of those left,
    only where the estimate beats the best so far) are evaluated exactly, the bound is applied again, and
    the next block is added for those left. After the last block the targets still in are evaluated
    exactly, over all third parties in their natural order. The best so far never exceeds the true best,
    so a target left out has a gain below the best by more than the margin: it cannot be the best, nor
    tie with it, nor pass the significance threshold (1e-5) when the best does not — the choice of target
    and its win probability are those of the whole matrix. On the benchmark's random 640 × 3 scenario
    at turn 40 about 14 targets per initiator are evaluated exactly (B alone: 235); with the partial
    sums that is about a quarter of the (pair, third party) terms the search by B alone computes.

    The entries computed are those of :func:`own_challenges` up to the order in which NumPy sums the
    third parties' votes (a few units in the last place). Pairs are rows of (pair, third party) arrays
    gathered from row-major matrices, in chunks of about ``chunk`` elements.

    Only the default ``Prop``/``SemiCommit`` rules with ideals on their positions take this path; the
    others return :func:`own_challenges` itself. Below 32 actors, or with ``partial=False``, the search
    uses B alone: targets ranked by B, evaluated in batches (``first``, then twice as many each round)
    while the next bound reaches the best so far (``B + 1e-12 >= max G``); same result.

    Returns
    -------
    prob, gain : ndarray, shape (n, n)
        As :func:`own_challenges` where computed; elsewhere NaN and ``-inf``.
    """
    n = distance.shape[0]
    d = np.asarray(distance, dtype=np.float64)
    fast = rule is VotingRule.PROP and commit is ThirdPartyCommit.SEMI_COMMIT
    if n < 3 or not fast or not (d <= 1.0).all() or (np.diagonal(d) != 0.0).any():
        return own_challenges(
            distance=d, risk=risk, weight=weight, total_salience=total_salience,
            rule=rule, commit=commit, adjust=adjust,
        )  # fmt: skip
    one_minus_d = 1.0 - d
    est = estimated_risk(risk[:, None], risk[None, :], adjust)
    own = one_minus_d * (1.0 + d * np.diagonal(est)[:, None])  # U_i(i, j)
    theirs = one_minus_d.T * (1.0 + d.T * est)  # U_i(j, i) at [i, j]
    ci = vote(rule, weight[:, None], np.ones_like(own), own)
    cj = vote(rule, weight[None, :], theirs, np.ones_like(theirs))
    chij = MIN_CHALLENGE_COALITION + np.maximum(ci, 0.0) + np.maximum(cj, 0.0)
    chji = MIN_CHALLENGE_COALITION + np.maximum(-ci, 0.0) + np.maximum(-cj, 0.0)
    # rows of the (pair, third party) tensors: est[i, n], U_i(n, i) and 1 - U_i(n, i) are rows of
    # (n, n) matrices already; D[n, j] and 1 - D[n, j] are gathered as rows of the transposes
    d_t = np.ascontiguousarray(d.T)
    one_minus_d_t = np.ascontiguousarray(one_minus_d.T)
    not_uni = 1.0 - theirs
    prob = np.full((n, n), np.nan)
    gain = np.full((n, n), -np.inf)
    per = max(1, chunk // n)
    matrices = {
        "d_t": d_t, "one_minus_d_t": one_minus_d_t, "est": est, "theirs": theirs,
        "not_uni": not_uni, "weight": weight, "chij": chij, "chji": chji,
    }  # fmt: skip

    def evaluate(ii: IntArray, jj: IntArray) -> None:
        for lo in range(0, ii.size, per):
            a, b = ii[lo : lo + per], jj[lo : lo + per]
            rows = np.arange(a.size)
            vk = _third_party_votes(a, b, **matrices)
            vk[rows, a] = 0.0  # n == i
            vk[rows, b] = 0.0  # n == j
            up = np.maximum(vk, 0.0)
            pro = up.sum(axis=1)
            np.subtract(up, vk, out=vk)  # max(-vk, 0), exactly
            con = vk.sum(axis=1)
            cij_t = chij[a, b] + pro
            cji_t = chji[a, b] + con
            p = cij_t / (cij_t + cji_t)
            pji = cji_t / (cij_t + cji_t)
            sj = total_salience[b]
            u_ij = own[a, b]
            eu_chlg = (1 - sj) * 2.0 + sj * (p * 2.0 + pji * (u_ij + u_ij))
            prob[a, b] = p
            gain[a, b] = eu_chlg - (1.0 + u_ij)

    # the partial sums: third parties in a fixed order, blocks of columns held contiguous
    edges: list[int] = []
    k = FIRST_THIRD_PARTY_BLOCK
    while partial and k <= n // 2:
        edges.append(k)
        k *= 2
    tp = np.argsort(-(weight * d.mean(axis=1)), kind="stable")
    column = np.empty(n, dtype=np.intp)
    column[tp] = np.arange(n)  # each actor's place in that order
    wa = (weight[None, :] * not_uni)[:, tp]  # w_n a_n = w_n (1 - U_i(n, i)), in that order
    blocks = []
    for k0, k1 in zip([0, *edges], edges, strict=False):
        cols = tp[k0:k1]
        w_cols = weight[cols]
        d_cols = d_t[:, cols]  # D[n, j] at [j, n]
        blocks.append(
            (
                k0,
                k1,
                (
                    d_cols * w_cols,  # w_n D[n, j]
                    (d_cols * one_minus_d_t[:, cols]) * w_cols,  # w_n D (1 - D)
                    np.ascontiguousarray(est[:, cols]),  # e_in
                    np.ascontiguousarray(wa[:, k0:k1]),  # w_n a_n
                ),
                k1,
            )
        )
    # the third parties beyond each block: Σ max(0, x_n − τ) for a ladder of thresholds τ, from each
    # initiator's x_n = w_n a_n sorted once (the blocks' columns masked out level by level)
    span = float((chij + chji).max())
    ladder = np.append(span * 2.0 ** (-np.arange(REST_LADDER) / 4.0), 0.0)  # τ_0 > τ_1 > … > 0
    by_x = np.argsort(wa, axis=1)
    x_sorted = np.take_along_axis(wa, by_x, axis=1)
    cut = np.stack(
        [np.searchsorted(row, ladder, side="right") for row in x_sorted]
    )  # (n, L + 1): how many x_n <= τ
    beyond = []
    rows_n = np.arange(n)[:, None]
    for k1 in edges:
        kept = by_x >= k1  # in the order of the x: third parties beyond the first k1
        vals = np.where(kept, x_sorted, 0.0)
        run_x = np.zeros((n, n + 1))
        np.cumsum(vals, axis=1, out=run_x[:, 1:])
        run_c = np.zeros((n, n + 1))
        np.cumsum(kept, axis=1, out=run_c[:, 1:])
        above_x = run_x[:, n : n + 1] - run_x[rows_n, cut]
        above_c = run_c[:, n : n + 1] - run_c[rows_n, cut]
        beyond.append((run_x[:, n].copy(), above_x - ladder[None, :] * above_c))

    def rest_bound(e: int, ii: IntArray, c_i: FloatArray, c_j: FloatArray) -> FloatArray:
        """``R_K ≥ Σ_{n beyond block e} g(x_n)``, ``g(x) = max(α x, x − C_j) = α x + (1 − α) max(0, x − C)``
        with ``α = C_i / C``, ``C = C_i + C_j``: ``α Σ x + (1 − α) Σ max(0, x − τ)`` for the highest τ of
        the ladder at or below C (a lower threshold only adds)."""
        total, over = beyond[e]
        c = c_i + c_j
        rung = np.ceil(4.0 * np.log2(span / c))
        rung = np.clip(np.nan_to_num(rung, nan=REST_LADDER, posinf=REST_LADDER), 0, REST_LADDER)
        rung = rung.astype(np.intp)
        rung += ladder[rung] > c  # one more step down where the logarithm rounded the wrong way
        np.minimum(rung, REST_LADDER, out=rung)
        alpha = c_i / c
        return alpha * total[ii] + (1.0 - alpha) * over[ii, rung]

    def add_block(
        e: int, ii: IntArray, jj: IntArray, c_i: FloatArray, c_j: FloatArray,
        pro: FloatArray, con: FloatArray,
    ) -> None:  # fmt: skip
        """Add block e's third parties to the sums of the pairs (ii, jj), in place.

        The votes as in :func:`_third_party_votes`, rearranged for fewer passes (the bound's margin
        covers the different rounding): ``w b = w D − e w D (1 − D)``, ``v0 = w b − w a``,
        ``p = (C_i + max(v0, 0)) / (C_i + C_j + |v0|)``, ``v = p (w a + w b) − w b``.
        """
        k0, k1, (wd, wq, e_in, w_a), _ = blocks[e]
        m = k1 - k0
        step = max(1, chunk // m)
        for lo in range(0, ii.size, step):
            sl = slice(lo, lo + step)
            a, b = ii[sl], jj[sl]
            wb = e_in[a]
            wb *= wq[b]
            np.subtract(wd[b], wb, out=wb)  # w b = w (1 - U_i(n, j))
            vk = w_a[a]
            v0 = wb - vk  # the third party's own vote between i and j
            pin = np.maximum(v0, 0.0)
            pin += c_i[sl, None]
            np.abs(v0, out=v0)
            v0 += (c_i[sl] + c_j[sl])[:, None]
            pin /= v0  # p_in
            vk += wb
            vk *= pin
            vk -= wb  # p w a - (1 - p) w b
            for who in (a, b):  # the principals vote as principals, not as third parties
                at = column[who] - k0
                hit = np.flatnonzero((at >= 0) & (at < m))
                vk[hit, at[hit]] = 0.0
            up = np.maximum(vk, 0.0, out=pin).sum(axis=1)
            pro[sl] += up
            con[sl] += up - vk.sum(axis=1)

    def first_block_all() -> tuple[FloatArray, FloatArray]:
        """The first block's sums for every pair, as (n, n) matrices: the votes of :func:`add_block`
        on (initiator, third party, target) arrays, broadcast instead of gathered."""
        _, m, (wd, wq, e_in, w_a), _ = blocks[0]
        wd_t, wq_t = np.ascontiguousarray(wd.T), np.ascontiguousarray(wq.T)  # (m, n): by target
        total = chij + chji
        firsts = tp[:m]
        pro0, con0 = np.empty((n, n)), np.empty((n, n))
        step = max(1, chunk // (m * n))
        for lo in range(0, n, step):
            hi = min(n, lo + step)
            wb = e_in[lo:hi, :, None] * wq_t  # (r, m, n)
            np.subtract(wd_t, wb, out=wb)  # w b
            vk = wb - w_a[lo:hi, :, None]  # v0
            pin = np.maximum(vk, 0.0)
            pin += chij[lo:hi, None, :]
            np.abs(vk, out=vk)
            vk += total[lo:hi, None, :]
            pin /= vk  # p_in
            np.add(w_a[lo:hi, :, None], wb, out=vk)
            vk *= pin
            vk -= wb  # p w a - (1 - p) w b
            at = column[lo:hi]
            hit = np.flatnonzero(at < m)
            vk[hit, at[hit], :] = 0.0  # n == i
            vk[:, np.arange(m), firsts] = 0.0  # n == j
            up = np.maximum(vk, 0.0, out=pin).sum(axis=1)
            pro0[lo:hi] = up
            con0[lo:hi] = up - vk.sum(axis=1)
        return pro0, con0

    bound = 1.0 - own
    np.fill_diagonal(bound, -np.inf)
    best = np.full(n, -np.inf)
    if blocks:
        # each initiator's target of highest B, exactly; every pair whose B reaches that through the
        # first block; then in turn: each initiator's most promising targets by the estimate of P from
        # the sums so far, exactly (a better best so far), the others dropped where their bound falls
        # below it, the next block for those left; at the end the targets whose bound still reaches
        # the best, exactly
        evaluate(np.arange(n), np.argmax(bound, axis=1))
        best = gain.max(axis=1)
        ii, jj = np.nonzero((bound + 1e-12 >= best[:, None]) & np.isneginf(gain))
        ii, jj = ii.astype(np.intp), jj.astype(np.intp)
        flat = ii * n + jj
        c_i, c_j = chij.ravel()[flat], chji.ravel()[flat]
        room = 1.0 - own.ravel()[flat]  # 1 - U_i(i, j) >= 0
        two_s = 2.0 * total_salience[jj]
        pro0, con0 = first_block_all()
        pro, con = pro0.ravel()[flat], con0.ravel()[flat]
        for e in range(len(blocks)):
            if e:
                add_block(e, ii, jj, c_i, c_j, pro, con)
            hi = c_i + pro + rest_bound(e, ii, c_i, c_j)
            g_hi = room * (1.0 - two_s * (1.0 - hi / (hi + c_j + con)))
            scale = (n - 2) / blocks[e][1]
            hi = c_i + scale * pro
            g_est = room * (1.0 - two_s * (1.0 - hi / (hi + c_j + scale * con)))
            hopeful = np.flatnonzero(
                (g_hi + PARTIAL_BOUND_MARGIN >= best[ii]) & (g_est > best[ii])
            )  # still in, and estimated to beat the best so far
            by = hopeful[np.argsort(ii[hopeful] * 4.0 - g_est[hopeful])]  # by initiator, best first
            start = np.ones(by.size, dtype=bool)
            start[1:] = ii[by[1:]] != ii[by[:-1]]
            group = np.flatnonzero(start)
            rank = np.arange(by.size) - np.repeat(group, np.diff(np.append(group, by.size)))
            most = LEADS_AFTER_BLOCK[e] if e < len(LEADS_AFTER_BLOCK) else 1
            many = np.bincount(ii, minlength=n) // 16  # no more than one in 16 of the targets left
            lead = by[rank < np.clip(many, 1, most)[ii[by]]]
            evaluate(ii[lead], jj[lead])
            best = gain.max(axis=1)
            keep = g_hi + PARTIAL_BOUND_MARGIN >= best[ii]
            keep[lead] = False
            ii, jj, c_i, c_j, room, two_s, pro, con = (
                v[keep] for v in (ii, jj, c_i, c_j, room, two_s, pro, con)
            )
            if not ii.size:
                break
        evaluate(ii, jj)
        np.fill_diagonal(prob, 0.0)
        return prob, gain
    order = np.argsort(-bound, axis=1, kind="stable")[
        :, : n - 1
    ]  # the diagonal (-inf) last, dropped
    ranked = (
        np.take_along_axis(bound, order, axis=1) + 1e-12
    )  # ranked[i, r]: i's r-th highest bound
    reached = np.zeros(n, dtype=np.intp)  # ranks below this have been evaluated (or pruned)
    active = np.arange(n)
    batch = max(1, first)
    while active.size:
        ranks = reached[active, None] + np.arange(batch)[None, :]
        inside = ranks < n - 1
        ranks = np.minimum(ranks, n - 2)
        keep = inside & (ranked[active[:, None], ranks] >= best[active, None])
        rows = np.broadcast_to(active[:, None], keep.shape)[keep]
        evaluate(rows.astype(np.intp), order[rows, ranks[keep]].astype(np.intp))
        reached[active] += batch
        best[active] = gain[active].max(axis=1)
        nxt = np.minimum(reached[active], n - 2)
        active = active[(reached[active] < n - 1) & (ranked[active, nxt] >= best[active])]
        batch *= 2
    np.fill_diagonal(prob, 0.0)
    return prob, gain


def _round4(x: FloatArray) -> FloatArray:
    """KTAB's ``round4``: ``(int)(0.5 + 10000 x) / 10000``."""
    return np.trunc(0.5 + x * 10000.0) / 10000.0


def interpolate_bargain(
    t_i: FloatArray,
    s_i: FloatArray,
    p_i: FloatArray,
    t_j: FloatArray,
    s_j: FloatArray,
    p_j: FloatArray,
    method: InterVecBrgn,
) -> tuple[FloatArray, FloatArray]:
    """Bargain positions for initiator i and receiver j (``SMPActor::interpolateBrgn``).

    For ``S1P1``/``S2P2``, per dimension k with weights ``w_i = s_ik^a p_i^b`` (a = b = 1 or 2):
    ``b_i = round4(((w_i + ε) t_i + w_j t_j) / (w_i + ε + w_j))`` and
    ``b_j = round4((w_i t_i + (ε + w_j) t_j) / (w_i + ε + w_j))`` with ε = 1e-6 (so that nobody moves
    when neither side cares). KTAB's notes: weighting by P²S² approximates the Nash bargaining solution
    better than PS. For ``S2PMAX`` the weaker side moves toward the stronger by
    ``Δp s_other² / (Δp s_other² + ε + (1 - Δp) s_own²)`` with ``Δp = max(0, p_other - p_own)``.

    Parameters
    ----------
    t_i, s_i, t_j, s_j : ndarray, shape (b, d)
        Positions and saliences of initiators and receivers.
    p_i, p_j : ndarray, shape (b,)
        The probabilities the bargain is weighted by (i's win probability and its complement).
    method : InterVecBrgn
        Interpolation rule.

    Returns
    -------
    (b_i, b_j) : ndarray, shape (b, d)
    """
    pi = p_i[:, None]
    pj = p_j[:, None]
    if method is InterVecBrgn.S2PMAX:
        di = np.maximum(pj - pi, 0.0)
        dj = np.maximum(pi - pj, 0.0)
        si2, sj2 = s_i * s_i, s_j * s_j
        dik = (di * sj2) / ((di * sj2) + MIN_BARGAIN_WEIGHT + ((1 - di) * si2))
        djk = (dj * si2) / ((dj * si2) + MIN_BARGAIN_WEIGHT + ((1 - dj) * sj2))
        return t_i + dik * (t_j - t_i), t_j + djk * (t_i - t_j)
    if method is InterVecBrgn.S2P2:
        wi = (s_i * s_i) * (pi * pi)
        wj = (s_j * s_j) * (pj * pj)
    else:
        wi = s_i * pi
        wj = s_j * pj
    den = wi + MIN_BARGAIN_WEIGHT + wj
    b_i = _round4(((wi + MIN_BARGAIN_WEIGHT) * t_i + wj * t_j) / den)
    b_j = _round4((wi * t_i + (MIN_BARGAIN_WEIGHT + wj) * t_j) / den)
    return b_i, b_j


def unique_positions(x: FloatArray, tol: float) -> tuple[IntArray, IntArray]:
    """Group equivalent positions as KTAB does (``KBase::ueIndices``, ``State::posProb``).

    Two positions are equivalent when their Euclidean distance is below ``tol`` (or zero, so that
    ``tol = 0`` merges identical positions only). Scanning actors in
    order, an actor not equivalent to any representative so far becomes a new representative. Each
    actor is then assigned, like ``State::posProb``, to the *last* representative it is equivalent to.

    Returns
    -------
    reps : ndarray of int, shape (m,)
        Indices of the representative actors (the unique positions), ascending.
    owner : ndarray of int, shape (n,)
        For each actor, the index into ``reps`` of the unique position it holds.
    """
    if x.shape[1] < 8:  # as in salience_distance: the same sums without (n, n, d) temporaries
        sq = np.zeros((x.shape[0], x.shape[0]))
        for k in range(x.shape[1]):
            t = np.subtract.outer(x[:, k], x[:, k])
            t *= t
            sq += t
        dist = np.sqrt(sq)
    else:
        diff = x[:, None, :] - x[None, :, :]
        dist = np.sqrt((diff * diff).sum(axis=-1))
    eq = (dist < tol) | (dist == 0.0)
    n = x.shape[0]
    reps: list[int] = []
    for a in range(n):
        if not reps or not eq[a, reps].any():
            reps.append(a)
    rep_arr = np.asarray(reps, dtype=np.intp)
    hits = eq[:, rep_arr]
    m = len(reps)
    owner = (m - 1 - np.argmax(hits[:, ::-1], axis=1)).astype(np.intp)
    return rep_arr, owner
