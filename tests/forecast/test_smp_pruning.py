"""The pruned challenge search (``smp_kernels.own_best_challenges``) against brute force.

The reference is KTAB's ``SMPState::probEduChlg`` for ``h = k = i`` (the initiator's own estimate) written
out with scalar loops over every initiator, every target and every third party, from the model's
definition (``docs/theory/smp.md``), without the library's kernels. On random small scenarios it checks:

* the cheap bound ``1 - U_i(i, j)`` is never below the true expected gain of any challenge (the proof is in
  ``own_best_challenges``' docstring: the gain is ``(1 - U_i(i, j)) (1 - 2 s_j (1 - P))``);
* every gain the pruned search computes equals the brute-force one to 1e-12;
* every initiator gets the same best target, and the same verdict on whether any target is worth a
  challenge (gain above KTAB's 1e-5), as brute force gives.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

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


@pytest.mark.parametrize("adjust", [BigRAdjust.ONE_THIRD, BigRAdjust.NONE, BigRAdjust.FULL])
@pytest.mark.parametrize(("n", "d", "seed"), CASES)
def test_pruned_search_equals_brute_force(n: int, d: int, seed: int, adjust: BigRAdjust) -> None:
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


def test_the_search_evaluates_what_it_must_and_little_else() -> None:
    """On a 160-actor scenario every challenge whose bound reaches the initiator's true best gain (from
    the whole matrix of the unpruned kernel) is evaluated, as correctness needs, and the search evaluates
    at most twice as many plus the first four per initiator (the batches double), a small part of all."""
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
    _, gain = own_best_challenges(**kw)
    seen = np.isfinite(gain)
    dd, r = c["distance"], c["risk"]
    bound = 1.0 - (1.0 - dd) * (1.0 + dd * r[:, None])
    np.fill_diagonal(bound, -np.inf)
    must = bound + 1e-12 >= gain_full.max(axis=1)[:, None]
    assert seen[must].all()
    assert seen.sum() <= 2 * must.sum() + 4 * n
    assert seen.sum() < 0.25 * n * (n - 1)
