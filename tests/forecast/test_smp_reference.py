"""The vectorised SMP against a plain loop-by-loop transcription of KTAB's C++.

``ref_*`` below follow KTAB's source statement by statement (``kmodel.cpp``: ``Model::vote``,
``coalitions``, ``vProb``, ``condPCE``, ``markovUniformPCE``, ``markovIncentivePCE``, ``bigRfromProb``,
``estNRA``, ``Actor::vProbLittle``, ``Actor::thirdPartyVoteSU``; ``smp.cpp``/``smpbcn.cpp``: ``bvDiff``,
``bsUtil``, ``probEduChlg``, ``bestChallenge``, ``interpBrgnSnPm``, ``interpBrgnS2PMax``, ``doBCN``,
``updateBestBrgnPositions``, ``smpStopFn``), with scalar loops and no NumPy vectorisation, so they
check the vectorised kernels under every model option, including the ones the reference log does not
exercise.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coalitionist.forecast import pce as vec
from coalitionist.forecast.smp import run_smp
from coalitionist.forecast.smp_kernels import (
    challenge,
    interpolate_bargain,
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
    ThirdPartyCommit,
    VictoryProbModel,
    VotingRule,
)

# --------------------------------------------------------------------------------------------------
# scalar transcription of KTAB


def ref_vote(vr: VotingRule, w: float, uij: float, uik: float) -> float:
    du = uij - uik
    r_bin = max(-1.0, min(1.0, du / 1e-8))
    if vr is VotingRule.BINARY:
        return w * r_bin
    if vr is VotingRule.PROP_BIN:
        return w * ((1 - 0.2) * du + 0.2 * r_bin)
    if vr is VotingRule.PROP:
        return w * du
    if vr is VotingRule.PROP_CBC:
        return w * ((1 - 0.5) * du + 0.5 * du * du * du)
    if vr is VotingRule.CUBIC:
        return w * du * du * du
    v = 0.0
    if du < 0:
        v = w * du
    if du > 0:
        v = (2.0 * w * du) / 3.0
    return v


def ref_coalitions(u: list[list[float]], w: list[float], vr: VotingRule) -> list[list[float]]:
    n_act, n_opt = len(u), len(u[0])
    c = [[0.0] * n_opt for _ in range(n_opt)]
    for i in range(n_opt):
        for j in range(i):
            cij = cji = 1e-8
            for k in range(n_act):
                v = ref_vote(vr, w[k], u[k][i], u[k][j])
                if v > 0:
                    cij += v
                if v < 0:
                    cji -= v
            c[i][j], c[j][i] = cij, cji
        c[i][i] = 1e-8
    return c


def ref_vprob_pair(vpm: VictoryProbModel, s1: float, s2: float) -> tuple[float, float]:
    if vpm is VictoryProbModel.LINEAR:
        x1, x2 = s1, s2
    elif vpm is VictoryProbModel.SQUARE:
        x1, x2 = s1**2, s2**2
    elif vpm is VictoryProbModel.QUARTIC:
        x1, x2 = s1**4, s2**4
    elif vpm is VictoryProbModel.OCTIC:
        x1, x2 = s1**8, s2**8
    else:
        t = 1.10
        if s1 >= t * s2:
            x1, x2 = 1.0, 1e-6
        elif s2 >= t * s1:
            x1, x2 = 1e-6, 1.0
        else:
            r12 = s1 / (s1 + s2)
            p12 = (r12 * (t + 1.0) - 1.0) / (t - 1.0)
            x1, x2 = p12, 1 - p12
    return x1 / (x1 + x2), x2 / (x1 + x2)


def ref_vprob(vpm: VictoryProbModel, c: list[list[float]]) -> list[list[float]]:
    n = len(c)
    p = [[0.5] * n for _ in range(n)]
    for i in range(n):
        for j in range(i):
            p[i][j], p[j][i] = ref_vprob_pair(vpm, c[i][j], c[j][i])
    return p


def ref_pce(
    u: list[list[float]], w: list[float], vr: VotingRule, vpm: VictoryProbModel, pcem: PCEModel
) -> list[float]:
    c = ref_coalitions(u, w, vr)
    pv = ref_vprob(vpm, c)
    n = len(pv)
    if pcem is PCEModel.CONDITIONAL:
        p = [math.prod(pv[i]) for i in range(n)]
        total = sum(p)
        return [x / total for x in p]
    p = [1.0 / n] * n
    if pcem is PCEModel.MARKOV_UNIFORM:
        change = 1.0
        while change > 1e-6:
            q = [sum(pv[i][j] * (p[i] + p[j]) for j in range(n)) / n for i in range(n)]
            change = max(abs(q[i] - p[i]) for i in range(n))
            p = [(p[i] + q[i]) / 2 for i in range(n)]
        return p
    inc = [[c[i][j] * pv[i][j] + (1e-10 if i == j else 0.0) for j in range(n)] for i in range(n)]
    chlg = [[inc[i][j] / sum(inc[k][j] for k in range(n)) for j in range(n)] for i in range(n)]
    change = 1.0
    while change > 1e-8:
        ct = [[p[i] * chlg[j][i] for j in range(n)] for i in range(n)]
        q = [sum(pv[i][j] * (ct[i][j] + ct[j][i]) for j in range(n)) for i in range(n)]
        change = max(abs(q[i] - p[i]) for i in range(n))
        p = [(p[i] + q[i]) / 2 for i in range(n)]
    return p


def ref_big_r(p: list[float], rr: BigRRange) -> list[float]:
    lo, hi = min(p), max(p)
    if hi == lo:  # KTAB divides by zero here; we define everyone as risk-neutral
        return [0.0] * len(p)
    if rr is BigRRange.MIN:
        return [(x - lo) / (hi - lo) for x in p]
    if rr is BigRRange.MID:
        return [(3 * x - (hi + 2 * lo)) / (2 * (hi - lo)) for x in p]
    return [(2 * x - (hi + lo)) / (hi - lo) for x in p]


def ref_est(rh: float, ri: float, ra: BigRAdjust) -> float:
    return {
        BigRAdjust.FULL: ri,
        BigRAdjust.TWO_THIRDS: (rh + 2.0 * ri) / 3.0,
        BigRAdjust.HALF: (rh + ri) / 2,
        BigRAdjust.ONE_THIRD: (2.0 * rh + ri) / 3.0,
        BigRAdjust.NONE: rh,
    }[ra]


def ref_bvdiff(vd: list[float], vs: list[float]) -> float:
    ds = sum((d * s) ** 2 for d, s in zip(vd, vs, strict=True))
    ss = sum(s * s for s in vs)
    return math.sqrt(ds / ss)


def ref_bsutil(sd: float, r: float) -> float:
    return (1 - sd) * (1 + sd * r) if sd <= 1 else (1 - sd) * (1 + r)


class RefState:
    """One SMP state, with every perspective's utility matrix (``aUtil[h]``) stored in full."""

    def __init__(
        self, x: list[list[float]], cap: list[float], sal: list[list[float]], par: SmpParameters
    ):
        n = len(x)
        self.x, self.cap, self.sal, self.par, self.n = x, cap, sal, par, n
        self.vdiff = [
            [ref_bvdiff([a - b for a, b in zip(x[i], x[j], strict=True)], sal[i]) for j in range(n)]
            for i in range(n)
        ]
        rn = [[ref_bsutil(self.vdiff[i][j], 0.0) for j in range(n)] for i in range(n)]
        p = ref_pce(rn, cap, par.voting_rule, par.victory_prob_model, par.pce_model)
        self.r = ref_big_r(p, par.big_r_range)
        self.a_util = [
            [
                [
                    ref_bsutil(self.vdiff[i][j], ref_est(self.r[h], self.r[i], par.big_r_adjust))
                    for j in range(n)
                ]
                for i in range(n)
            ]
            for h in range(n)
        ]

    def prob_edu_chlg(self, h: int, k: int, i: int, j: int) -> tuple[float, float]:
        u, par = self.a_util[h], self.par
        vr, tpc = par.voting_rule, par.third_party_commit
        eu_sq = u[k][i] + u[k][j]
        uhkij = u[k][i] + u[k][i]
        uhkji = u[k][j] + u[k][j]
        si, sj = sum(self.sal[i]), sum(self.sal[j])
        ci = ref_vote(vr, si * self.cap[i], u[i][i], u[i][j])
        cj = ref_vote(vr, sj * self.cap[j], u[j][i], u[j][j])
        chij = chji = 1e-10
        if ci > 0:
            chij += ci
        if ci < 0:
            chji -= ci
        if cj > 0:
            chij += cj
        if cj < 0:
            chji -= cj
        pi_c, pj_c = chij, chji
        for n in range(self.n):
            if n in (i, j):
                continue
            wn = sum(self.sal[n]) * self.cap[n]
            uni, unj, unn = u[n][i], u[n][j], u[n][n]
            v0 = ref_vote(vr, wn, uni, unj)
            cni = pi_c + v0 if v0 > 0 else pi_c
            cnj = pj_c - v0 if v0 < 0 else pj_c
            pin = cni / (cni + cnj)
            pjn = 1.0 - pin
            if tpc is ThirdPartyCommit.FULL_COMMIT:
                a, b, c, d = 3 * uni, 3 * unj, 3 * uni, 3 * unj
            elif tpc is ThirdPartyCommit.SEMI_COMMIT:
                a, b, c, d = uni + uni + unn, unj + unj + unj, uni + uni + uni, unj + unj + unn
            else:
                a, b, c, d = uni + uni + unn, unj + unj + unn, uni + uni + unn, unj + unj + unn
            vk = ref_vote(vr, wn, pin * a + pjn * b, pin * c + pjn * d)
            if vk > 0:
                chij += vk
            if vk < 0:
                chji -= vk
        phij = chij / (chij + chji)
        phji = chji / (chij + chji)
        eu_chlg = (1 - sj) * uhkij + sj * (phij * uhkij + phji * uhkji)
        return phij, eu_chlg - eu_sq

    def pos_util(self, a: int, pos: list[float]) -> float:
        vd = [p - q for p, q in zip(self.x[a], pos, strict=True)]
        return ref_bsutil(ref_bvdiff(vd, self.sal[a]), self.r[a])


def ref_interp(
    ivb: InterVecBrgn,
    ti: list[float],
    si: list[float],
    pi: float,
    tj: list[float],
    sj: list[float],
    pj: float,
) -> tuple[list[float], list[float]]:
    def round4(v: float) -> float:
        return int(0.5 + v * 10000.0) / 10000.0

    bi, bj = [], []
    for tik, sik, tjk, sjk in zip(ti, si, tj, sj, strict=True):
        if ivb is InterVecBrgn.S2PMAX:
            di = max(0.0, pj - pi)
            dj = max(0.0, pi - pj)
            dik = di * sjk**2 / (di * sjk**2 + 1e-6 + (1 - di) * sik**2)
            djk = dj * sik**2 / (dj * sik**2 + 1e-6 + (1 - dj) * sjk**2)
            bi.append(tik + dik * (tjk - tik))
            bj.append(tjk + djk * (tik - tjk))
            continue
        e = 1 if ivb is InterVecBrgn.S1P1 else 2
        wik = sik**e * pi**e
        wjk = sjk**e * pj**e
        bi.append(round4(((wik + 1e-6) * tik + wjk * tjk) / (wik + 1e-6 + wjk)))
        bj.append(round4((wik * tik + (1e-6 + wjk) * tjk) / (wik + 1e-6 + wjk)))
    return bi, bj


def ref_turn(s: RefState) -> list[list[float]]:
    """One ``doBCN``: challenges, bargains, queues, scalar PCE per queue (deterministic)."""
    par, n = s.par, s.n
    queues: list[list[tuple[int, int, list[float], list[float]]]] = [
        [(k, k, s.x[k], s.x[k])] for k in range(n)
    ]
    for i in range(n):
        best_j, p_ij, best = -1, 0.0, -1.0
        for j in range(n):
            if j == i:
                continue
            p, edu = s.prob_edu_chlg(i, i, i, j)
            if edu > 1e-5 and best < edu:
                best_j, p_ij, best = j, p, edu
        if best_j < 0:
            continue
        j = best_j
        iij = ref_interp(par.inter_vec_brgn, s.x[i], s.sal[i], p_ij, s.x[j], s.sal[j], 1 - p_ij)
        g_ji = s.prob_edu_chlg(j, i, i, j)[1]
        jij = ref_interp(par.inter_vec_brgn, s.x[i], s.sal[i], g_ji, s.x[j], s.sal[j], 1 - g_ji)
        jij = ([min(1.0, max(0.0, v)) for v in jij[0]], [min(1.0, max(0.0, v)) for v in jij[1]])
        if par.bargn_model is BargnModel.INIT_ONLY_INTERP:
            made = [iij]
        elif par.bargn_model is BargnModel.INIT_RCVR_INTERP:
            made = [iij, jij]
        else:
            wi = s.cap[i] * sum(s.sal[i])
            wj = s.cap[i] * sum(s.sal[j])
            comp = [
                [(wi * a + wj * b) / (wi + wj) for a, b in zip(iij[side], jij[side], strict=True)]
                for side in (0, 1)
            ]
            made = [(comp[0], comp[1])]
        for pos_i, pos_j in made:
            queues[i].append((i, j, pos_i, pos_j))
            queues[j].append((i, j, pos_i, pos_j))
    new_x = [list(p) for p in s.x]
    for k in range(n):
        if len(queues[k]) == 1:
            continue
        u_im = []
        for a in range(n):
            row = []
            for init, rcvr, pos_i, pos_r in queues[k]:
                if init == rcvr:
                    row.append(sum(s.a_util[a][a][m] for m in range(n)) / n)
                else:
                    total = s.pos_util(a, pos_i) + s.pos_util(a, pos_r)
                    total += sum(s.a_util[a][a][m] for m in range(n) if m not in (init, rcvr))
                    row.append(total / n)
            u_im.append(row)
        pk = ref_pce(u_im, s.cap, par.voting_rule, par.victory_prob_model, par.pce_model)
        best = max(range(len(pk)), key=lambda m: (pk[m], -m))
        init, rcvr, pos_i, pos_r = queues[k][best]
        if init != rcvr:
            new_x[k] = list(pos_i if init == k else pos_r)
    return new_x


def ref_run(
    x0: np.ndarray, cap: np.ndarray, sal: np.ndarray, par: SmpParameters, max_turns: int
) -> list[list[list[float]]]:
    xs = [x0.tolist()]
    c, s = cap.tolist(), sal.tolist()
    d01 = 0.0
    for it in range(1, max_turns + 1):
        xs.append(ref_turn(RefState(xs[-1], c, s, par)))
        dist = sum(math.dist(a, b) for a, b in zip(xs[-1], xs[-2], strict=True))
        if it == 1:
            d01 = dist + par.stop_epsilon
        if it >= par.min_turns and dist / d01 < par.stop_ratio:
            break
    return xs


# --------------------------------------------------------------------------------------------------
# kernels


def _random_case(seed: int, n: int, d: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    cap = rng.uniform(1.0, 200.0, n)
    x = np.round(rng.uniform(0.0, 1.0, (n, d)), 4)
    sal = rng.uniform(0.05, 1.0, (n, d))
    sal *= rng.uniform(0.5, 1.0, (n, 1)) / sal.sum(axis=1, keepdims=True)
    return cap, x, sal


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n_act=st.integers(1, 6),
    n_opt=st.integers(1, 6),
    vr=st.sampled_from(VotingRule),
    vpm=st.sampled_from(VictoryProbModel),
    pcem=st.sampled_from(PCEModel),
)
def test_pce_matches_the_loop_transcription(
    seed: int, n_act: int, n_opt: int, vr: VotingRule, vpm: VictoryProbModel, pcem: PCEModel
) -> None:
    rng = np.random.default_rng(seed)
    u = rng.uniform(0.0, 1.0, (n_act, n_opt))
    w = rng.uniform(0.1, 100.0, n_act)
    ours = vec.pce(u, w, rule=vr, victory_model=vpm, pce_model=pcem)
    ref = ref_pce(u.tolist(), w.tolist(), vr, vpm, pcem)
    np.testing.assert_allclose(ours, ref, rtol=1e-7, atol=1e-10)
    np.testing.assert_allclose(
        vec.coalitions(u, w, vr), ref_coalitions(u.tolist(), w.tolist(), vr), rtol=1e-12
    )


def test_pce_batches_equal_single_runs() -> None:
    rng = np.random.default_rng(5)
    u = rng.uniform(0, 1, (4, 6, 3))
    w = rng.uniform(1, 10, 6)
    for model in PCEModel:
        batch = vec.pce(u, w, pce_model=model)
        single = np.stack([vec.pce(u[b], w, pce_model=model) for b in range(4)])
        np.testing.assert_allclose(batch, single, rtol=1e-12, atol=1e-15)


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(2, 6),
    d=st.integers(1, 3),
    vr=st.sampled_from(VotingRule),
    tpc=st.sampled_from(ThirdPartyCommit),
    ra=st.sampled_from(BigRAdjust),
    rr=st.sampled_from(BigRRange),
)
def test_challenge_matches_prob_edu_chlg(
    seed: int, n: int, d: int, vr: VotingRule, tpc: ThirdPartyCommit, ra: BigRAdjust, rr: BigRRange
) -> None:
    cap, x, sal = _random_case(seed, n, d)
    x[-1] = x[0]  # a shared position
    par = SmpParameters(voting_rule=vr, third_party_commit=tpc, big_r_adjust=ra, big_r_range=rr)
    ref = RefState(x.tolist(), cap.tolist(), sal.tolist(), par)
    dist = salience_distance(x, x, sal)
    np.testing.assert_allclose(dist, ref.vdiff, rtol=1e-12, atol=1e-15)
    quads = np.array(
        [
            (h, k, i, j)
            for h in range(n)
            for k in range(n)
            for i in range(n)
            for j in range(n)
            if i != j
        ]
    )
    p, g = challenge(
        *quads.T,
        distance=dist,
        risk=np.asarray(ref.r),
        weight=cap * sal.sum(axis=1),
        total_salience=sal.sum(axis=1),
        rule=vr,
        commit=tpc,
        adjust=ra,
        chunk=50,  # several chunks
    )
    expected = np.array([ref.prob_edu_chlg(*q) for q in quads])
    np.testing.assert_allclose(p, expected[:, 0], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(g, expected[:, 1], rtol=1e-9, atol=1e-12)


@settings(max_examples=50, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    d=st.integers(1, 4),
    ivb=st.sampled_from(InterVecBrgn),
)
def test_interpolate_bargain_matches_ktab(seed: int, d: int, ivb: InterVecBrgn) -> None:
    rng = np.random.default_rng(seed)
    ti, tj = rng.uniform(0, 1, (2, 1, d))
    si, sj = rng.uniform(0, 0.5, (2, 1, d))
    pi = rng.uniform(0, 1, 1)
    bi, bj = interpolate_bargain(ti, si, pi, tj, sj, 1 - pi, ivb)
    ri, rj = ref_interp(
        ivb,
        ti[0].tolist(),
        si[0].tolist(),
        float(pi[0]),
        tj[0].tolist(),
        sj[0].tolist(),
        float(1 - pi[0]),
    )
    np.testing.assert_allclose(bi[0], ri, atol=1e-12)
    np.testing.assert_allclose(bj[0], rj, atol=1e-12)
    # a bargain lies between the two positions (up to the 4-decimal rounding)
    lo, hi = np.minimum(ti, tj) - 5e-5, np.maximum(ti, tj) + 5e-5
    assert ((bi >= lo) & (bi <= hi) & (bj >= lo) & (bj <= hi)).all()


def test_closed_forms() -> None:
    # two options: both PCEs give option 1 exactly its pairwise victory probability
    pv = np.array([[0.5, 0.8], [0.2, 0.5]])
    np.testing.assert_allclose(vec.conditional_pce(pv), [0.8, 0.2])
    np.testing.assert_allclose(vec.markov_uniform_pce(pv), [0.8, 0.2], atol=1e-5)
    # utility: risk-neutral is linear, and the curve passes through (0, 1) and (1, 0) for any R
    d = np.linspace(0, 1, 11)
    np.testing.assert_allclose(utility(d, 0.0), 1 - d)
    for r in (-1.0, -0.5, 0.5, 1.0):
        assert utility(np.array(0.0), r) == 1.0
        assert utility(np.array(1.0), r) == 0.0
        # risk-averse (R > 0) is concave: above the line; risk-acceptant below
        assert ((utility(d, r) >= 1 - d) if r > 0 else (utility(d, r) <= 1 - d)).all()
    # one dimension: the salience-weighted distance is the plain distance
    x = np.array([[0.1], [0.4], [0.9]])
    np.testing.assert_allclose(salience_distance(x, x, np.full((3, 1), 0.7)), np.abs(x - x.T))
    # no salience at all: indifferent
    assert (salience_distance(x, x, np.zeros((3, 1))) == 0).all()
    # Mid range: most likely position R = +1, least likely R = -1/2
    risk = vec.risk_from_probabilities(np.array([0.1, 0.6, 0.3]), BigRRange.MID)
    np.testing.assert_allclose(risk, [-0.5, 1.0, 0.1])  # (0.9 - 0.8) / 1.0


def test_unique_positions_follows_ktab_ueindices_example() -> None:
    # the example in KTAB's kutils.h: items equivalent when they differ by 3 or less
    items = np.array([10, 11, 20, 12, 30, 9, 23, 29, 40, 22, 43], dtype=float)[:, None]
    reps, owner = unique_positions(items, tol=3.5)
    assert reps.tolist() == [0, 2, 4, 8]
    assert owner.tolist() == [0, 0, 1, 0, 2, 0, 1, 2, 3, 1, 3]


# --------------------------------------------------------------------------------------------------
# whole runs


OPTION_SETS = [
    SmpParameters(),
    SmpParameters(bargn_model=BargnModel.INIT_RCVR_INTERP),
    SmpParameters(bargn_model=BargnModel.PW_COMP_INTERP, inter_vec_brgn=InterVecBrgn.S1P1),
    SmpParameters(inter_vec_brgn=InterVecBrgn.S2PMAX, big_r_range=BigRRange.MAX),
    SmpParameters(pce_model=PCEModel.MARKOV_UNIFORM, victory_prob_model=VictoryProbModel.SQUARE),
    SmpParameters(pce_model=PCEModel.MARKOV_INCENTIVE, voting_rule=VotingRule.PROP_CBC),
    SmpParameters(victory_prob_model=VictoryProbModel.BINARY, big_r_adjust=BigRAdjust.FULL),
    SmpParameters(third_party_commit=ThirdPartyCommit.NO_COMMIT, big_r_range=BigRRange.MIN),
    SmpParameters(
        voting_rule=VotingRule.ASYM_PROSP, third_party_commit=ThirdPartyCommit.FULL_COMMIT
    ),
]


@pytest.mark.parametrize(
    "par", OPTION_SETS, ids=lambda p: "-".join(str(v) for v in p.to_dict().values())[:60]
)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_whole_run_matches_loop_transcription(par: SmpParameters, seed: int) -> None:
    n, d = 3 + seed, 1 + seed % 3
    cap, x, sal = _random_case(100 + seed, n, d)
    ours = run_smp(cap, x, sal, params=par, max_turns=12)
    ref = np.asarray(ref_run(x, cap, sal, par, max_turns=12))
    assert sum(len(t.moves) for t in ours.turns) > 0  # a run where something happens
    assert ours.positions.shape == ref.shape
    np.testing.assert_allclose(ours.positions, ref, atol=1e-9)
