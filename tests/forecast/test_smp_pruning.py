"""The pruned challenge search (``smp_kernels.own_best_challenges``) against brute force.

The reference is KTAB's ``SMPState::probEduChlg`` for ``h = k = i`` (the initiator's own estimate) written
out with scalar loops over every initiator, every target and every third party, from the model's
definition (``docs/theory/smp.md``), without the library's kernels. On random small scenarios it checks:

* the cheap bound ``1 - U_i(i, j)`` is never below the true expected gain of any challenge (the proof is in
  ``own_best_challenges``' docstring: the gain is ``(1 - U_i(i, j)) (1 - 2 s_j (1 - P))``);
* the bound on P from partial sums over the third parties holds for every challenge and every prefix of
  the third parties: each vote's positive part is at most ``max(α x_n, x_n − C_j)`` with ``x_n = w_n (1 −
  U_i(n, i))`` and ``α = C_i / (C_i + C_j)``, whatever the target, so ``P <= P̄_K``;
* every gain the pruned search computes equals the brute-force one to 1e-12 (with the default blocks of
  third parties and with blocks of 2, so that small scenarios take several);
* every initiator gets the same best target, and the same verdict on whether any target is worth a
  challenge (gain above KTAB's 1e-5), as brute force gives.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from coalitionist.forecast import smp_kernels
from coalitionist.forecast.smp import MIN_SIGNIFICANT_GAIN
from coalitionist.forecast.smp_kernels import own_best_challenges
from coalitionist.forecast.smp_params import BigRAdjust, ThirdPartyCommit, VotingRule

#: h's estimate of a's risk attitude, by BigRAdjust (KTAB's ``Model::estNRA``)
EST = {
    BigRAdjust.NONE: lambda rh, ra: rh,
    BigRAdjust.ONE_THIRD: lambda rh, ra: (2 * rh + ra) / 3,
    BigRAdjust.HALF: lambda rh, ra: (rh + ra) / 2,
    BigRAdjust.TWO_THIRDS: lambda rh, ra: (rh + 2 * ra) / 3,
    BigRAdjust.FULL: lambda rh, ra: ra,
}


def brute_gains(
    dist: list[list[float]],
    risk: list[float],
    weight: list[float],
    s_tot: list[float],
    adjust: BigRAdjust,
) -> tuple[list[list[float]], list[list[float]]]:
    """Win probability and expected gain of every challenge (i, j), i's own estimate, scalar loops."""
    n = len(dist)

    def util(sd: float, r: float) -> float:
        return (1 - sd) * (1 + sd * r) if sd <= 1 else (1 - sd) * (1 + r)

    prob = [[0.0] * n for _ in range(n)]
    gain = [[-math.inf] * n for _ in range(n)]
    for i in range(n):

        def u(a: int, b: int, i: int = i) -> float:  # i's estimate of a's utility of b's position
            return util(dist[a][b], EST[adjust](risk[i], risk[a]))

        for j in range(n):
            if j == i:
                continue
            ci = weight[i] * (u(i, i) - u(i, j))
            cj = weight[j] * (u(j, i) - u(j, j))
            chij = 1e-10 + max(ci, 0.0) + max(cj, 0.0)
            chji = 1e-10 + max(-ci, 0.0) + max(-cj, 0.0)
            pro = con = 0.0
            for k in range(n):
                if k in (i, j):
                    continue
                uki, ukj, ukk = u(k, i), u(k, j), u(k, k)
                v0 = weight[k] * (uki - ukj)
                cki, ckj = chij + max(v0, 0.0), chji + max(-v0, 0.0)
                p = cki / (cki + ckj)
                # SemiCommit: k expects to keep its own position only on the side it joins
                u_ik_j = p * (2 * uki + ukk) + (1 - p) * (3 * ukj)
                u_i_jk = p * (3 * uki) + (1 - p) * (2 * ukj + ukk)
                vk = weight[k] * (u_ik_j - u_i_jk)
                pro += max(vk, 0.0)
                con += max(-vk, 0.0)
            pij = (chij + pro) / (chij + pro + chji + con)
            uii, uij = u(i, i), u(i, j)
            sj = s_tot[j]
            eu = (1 - sj) * 2 * uii + sj * (pij * 2 * uii + (1 - pij) * 2 * uij)
            prob[i][j] = pij
            gain[i][j] = eu - (uii + uij)
    return prob, gain


def _case(n: int, d: int, seed: int) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    x = rng.random((n, d))
    if n >= 6:
        x[3] = x[2]  # two actors on one position
    sal = rng.uniform(0.05, 1.0, (n, d))
    sal /= sal.sum(axis=1, keepdims=True) * rng.uniform(1.0, 1.6, (n, 1))
    if n >= 8:
        sal[5] *= 0.05  # a target that hardly cares: it yields without a contest
    # salience-weighted distance from each ideal (its position) to every position, written out
    dist = np.array(
        [
            [
                math.sqrt(
                    sum(((x[a, k] - x[b, k]) * sal[a, k]) ** 2 for k in range(d))
                    / sum(sal[a, k] ** 2 for k in range(d))
                )
                for b in range(n)
            ]
            for a in range(n)
        ]
    )
    return {
        "distance": dist,
        "risk": rng.uniform(-1.0, 1.0, n),
        "weight": rng.uniform(1.0, 200.0, n) * sal.sum(axis=1),
        "total_salience": sal.sum(axis=1),
    }


CASES = [(n, d, seed) for n, d in ((3, 1), (5, 2), (9, 3), (17, 2)) for seed in (0, 1, 2)] + [
    (40, 3, 0)
]


@pytest.mark.parametrize("block", [None, 2])
@pytest.mark.parametrize("adjust", [BigRAdjust.ONE_THIRD, BigRAdjust.NONE, BigRAdjust.FULL])
@pytest.mark.parametrize(("n", "d", "seed"), CASES)
def test_pruned_search_equals_brute_force(
    n: int,
    d: int,
    seed: int,
    adjust: BigRAdjust,
    block: int | None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if block is not None:
        monkeypatch.setattr(smp_kernels, "FIRST_THIRD_PARTY_BLOCK", block)
    c = _case(n, d, seed)
    prob_ref, gain_ref = (
        np.array(m)
        for m in brute_gains(
            c["distance"].tolist(),
            c["risk"].tolist(),
            c["weight"].tolist(),
            c["total_salience"].tolist(),
            adjust,
        )
    )
    off = ~np.eye(n, dtype=bool)

    # the bound 1 - U_i(i, j), from the definition of U, holds for every challenge
    r_own = np.array([EST[adjust](r, r) for r in c["risk"]])
    dd = c["distance"]
    bound = 1.0 - (1.0 - dd) * (1.0 + dd * r_own[:, None])
    assert (bound[off] >= gain_ref[off] - 1e-15).all()

    prob, gain = own_best_challenges(
        **c, rule=VotingRule.PROP, commit=ThirdPartyCommit.SEMI_COMMIT, adjust=adjust
    )
    seen = np.isfinite(gain)
    assert not seen[~off].any()
    np.testing.assert_allclose(gain[seen], gain_ref[seen], rtol=0, atol=1e-12)
    np.testing.assert_allclose(prob[seen], prob_ref[seen], rtol=0, atol=1e-12)

    valid_ref = np.where(off, gain_ref > MIN_SIGNIFICANT_GAIN, False)
    valid = gain > MIN_SIGNIFICANT_GAIN
    assert (valid.any(axis=1) == valid_ref.any(axis=1)).all()
    best_ref = np.argmax(np.where(valid_ref, gain_ref, -np.inf), axis=1)
    best = np.argmax(np.where(valid, gain, -np.inf), axis=1)
    rows = np.flatnonzero(valid_ref.any(axis=1))
    # a different pick is allowed only between targets whose gains tie to rounding
    same = best[rows] == best_ref[rows]
    tie = np.abs(gain_ref[rows, best[rows]] - gain_ref[rows, best_ref[rows]]) < 1e-13
    assert (same | tie).all()
    # and each initiator's best target (its win probability too) is one the search evaluated
    assert seen[rows, best[rows]].all()


def third_party_votes(
    dist: list[list[float]],
    risk: list[float],
    weight: list[float],
    adjust: BigRAdjust,
    i: int,
    j: int,
) -> tuple[float, float, dict[int, float], dict[int, float]]:
    """C_i, C_j, every third party's vote v_n and its x_n = w_n (1 - U_i(n, i)) in the challenge (i, j),
    i's own estimate, scalar loops (as in brute_gains)."""

    def util(sd: float, r: float) -> float:
        return (1 - sd) * (1 + sd * r)

    def u(a: int, b: int) -> float:
        return util(dist[a][b], EST[adjust](risk[i], risk[a]))

    ci = weight[i] * (u(i, i) - u(i, j))
    cj = weight[j] * (u(j, i) - u(j, j))
    chij = 1e-10 + max(ci, 0.0) + max(cj, 0.0)
    chji = 1e-10 + max(-ci, 0.0) + max(-cj, 0.0)
    votes, xs = {}, {}
    for k in range(len(dist)):
        if k in (i, j):
            continue
        uki, ukj, ukk = u(k, i), u(k, j), u(k, k)
        v0 = weight[k] * (uki - ukj)
        cki, ckj = chij + max(v0, 0.0), chji + max(-v0, 0.0)
        p = cki / (cki + ckj)
        votes[k] = weight[k] * (
            p * (2 * uki + ukk) + (1 - p) * 3 * ukj - p * 3 * uki - (1 - p) * (2 * ukj + ukk)
        )
        xs[k] = weight[k] * (1 - uki)
    return chij, chji, votes, xs


@pytest.mark.parametrize("adjust", [BigRAdjust.ONE_THIRD, BigRAdjust.FULL])
@pytest.mark.parametrize(("n", "d", "seed"), [(9, 3, 0), (17, 2, 1), (24, 1, 2)])
def test_the_bound_on_p_from_partial_sums_holds(
    n: int, d: int, seed: int, adjust: BigRAdjust
) -> None:
    """For every challenge, every third party's max(v_n, 0) <= max(α x_n, x_n − C_j) (the supremum of its
    vote over all targets' positions is at most that), and for every order of the third parties and every
    prefix K, P <= (C_i + pro_K + R_K) / (C_i + C_j + pro_K + R_K + con_K) with R_K the sum of that
    bound beyond K: the test own_best_challenges uses to drop a target."""
    c = _case(n, d, seed)
    dist, risk, weight = c["distance"].tolist(), c["risk"].tolist(), c["weight"].tolist()
    rng = np.random.default_rng(seed)
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            chij, chji, votes, xs = third_party_votes(dist, risk, weight, adjust, i, j)
            alpha = chij / (chij + chji)
            cap = {k: max(alpha * xs[k], xs[k] - chji) for k in votes}
            for k, v in votes.items():
                assert max(v, 0.0) <= cap[k] + 1e-12
            pro = sum(max(v, 0.0) for v in votes.values())
            con = sum(max(-v, 0.0) for v in votes.values())
            p_true = (chij + pro) / (chij + chji + pro + con)
            order = list(votes)
            rng.shuffle(order)
            for k_ in range(len(order) + 1):
                head, tail = order[:k_], order[k_:]
                pro_k = sum(max(votes[k], 0.0) for k in head)
                con_k = sum(max(-votes[k], 0.0) for k in head)
                rest = sum(cap[k] for k in tail)
                p_bar = (chij + pro_k + rest) / (chij + chji + pro_k + rest + con_k)
                assert p_true <= p_bar + 1e-12


def test_the_search_evaluates_what_it_must_and_little_else() -> None:
    """On a 160-actor scenario every target whose gain is within 1e-9 of its initiator's best (from the
    whole matrix of the unpruned kernel) is evaluated, as the choice and its ties need. The search by the
    bound B = 1 - U_i(i, j) alone (partial=False) evaluates every challenge whose B reaches the true best
    and at most twice as many plus the first four per initiator (the batches double); with the partial
    sums over the third parties the search evaluates fewer than those."""
    from coalitionist.forecast.smp_kernels import own_challenges

    n = 160
    c = _case(n, 3, 7)
    kw: dict[str, Any] = {
        **c,
        "rule": VotingRule.PROP,
        "commit": ThirdPartyCommit.SEMI_COMMIT,
        "adjust": BigRAdjust.ONE_THIRD,
    }
    _, gain_full = own_challenges(**kw)
    _, gain_b = own_best_challenges(**kw, partial=False)
    _, gain = own_best_challenges(**kw)
    dd, r = c["distance"], c["risk"]
    bound = 1.0 - (1.0 - dd) * (1.0 + dd * r[:, None])
    np.fill_diagonal(bound, -np.inf)
    must = bound + 1e-12 >= gain_full.max(axis=1)[:, None]
    seen_b = np.isfinite(gain_b)
    assert seen_b[must].all()
    assert seen_b.sum() <= 2 * must.sum() + 4 * n
    seen = np.isfinite(gain)
    near = gain_full >= gain_full.max(axis=1)[:, None] - 1e-9
    assert seen[near].all()
    assert seen.sum() < must.sum()


def test_late_in_a_run_the_partial_sums_leave_few_targets() -> None:
    """After 20 turns of a random 160 × 3 run (the benchmark's generator) the best gains are small and
    the bound B reaches them for many targets: the search by B alone evaluates about 76 per initiator,
    the partial sums over the third parties leave fewer than a quarter of that; the chosen targets, the
    verdicts and the gains are those of the whole matrix."""
    import importlib

    from coalitionist.forecast.smp_kernels import own_challenges
    from coalitionist.forecast.smp_params import SmpParameters

    smp_module = importlib.import_module("coalitionist.forecast.smp")
    n = 160
    rng = np.random.default_rng(n)
    cap = rng.uniform(10.0, 200.0, n)
    x = rng.uniform(0.0, 1.0, (n, 3))
    sal = rng.uniform(0.1, 1.0, (n, 3))
    sal *= rng.uniform(0.75, 0.99, (n, 1)) / sal.sum(axis=1, keepdims=True)
    run = smp_module.run_smp(cap, x, sal, max_turns=20)
    params = SmpParameters()
    state = smp_module._assess(run.positions[-1], cap, sal, params)
    kw: dict[str, Any] = {
        "distance": state.distance,
        "risk": state.risk,
        "weight": cap * sal.sum(axis=1),
        "total_salience": sal.sum(axis=1),
        "rule": params.voting_rule,
        "commit": params.third_party_commit,
        "adjust": params.big_r_adjust,
    }
    prob_full, gain_full = own_challenges(**kw)
    _, gain_b = own_best_challenges(**kw, partial=False)
    prob, gain = own_best_challenges(**kw)
    seen = np.isfinite(gain)
    assert seen.sum() < 0.25 * np.isfinite(gain_b).sum()
    np.testing.assert_allclose(gain[seen], gain_full[seen], rtol=0, atol=1e-13)
    np.testing.assert_allclose(prob[seen], prob_full[seen], rtol=0, atol=1e-13)
    valid_f, valid = gain_full > MIN_SIGNIFICANT_GAIN, gain > MIN_SIGNIFICANT_GAIN
    assert (valid_f.any(axis=1) == valid.any(axis=1)).all()
    best_f = np.argmax(np.where(valid_f, gain_full, -np.inf), axis=1)
    best = np.argmax(np.where(valid, gain, -np.inf), axis=1)
    assert (best_f == best).all()
