"""Lockout risk: the vectorised Monte Carlo against a loop over draws and first movers."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coalitionist.outcome.votes import NO, cast_votes, utility_gain
from coalitionist.power import Weighted
from coalitionist.process import (
    InvalidProcessInputError,
    binary_passes,
    early_leverage,
    lockout_risk,
    perturbed_draws,
)


def brute_lockout(P, S, q, w, xf, focal, rule, weights, far, out=()):
    """Loop over draws and movers; partner = most similar actor at the mean of the draws."""
    n_s, n, k = P.shape
    Pm, Sm = P.mean(axis=0), S.mean(axis=0)
    excluded = {focal, *out}

    def aff(a, b):
        ws = (Sm[a] + Sm[b]) / 2
        if ws.sum() == 0:
            return 0.5
        return 1 - float((ws * np.abs(Pm[a] - Pm[b]) / w).sum() / ws.sum())

    wt = np.array([0.0 if i == focal else weights[i] for i in range(n)])
    wt = wt / wt.sum()
    wt[list(excluded)] = 0.0  # a secured first mover tables the focal package
    total = 0.0
    for s in range(n_s):
        ref = utility_gain(P[s], S[s], xf, q, width=w)[focal]
        for j in range(n):
            if wt[j] == 0:
                continue
            partners = [b for b in range(n) if b != j and b not in excluded]
            part = max(partners, key=lambda b: (aff(j, b), -b))
            deal = np.empty(k)
            for t in range(k):
                tot = S[s, j, t] + S[s, part, t]
                deal[t] = (
                    q[t]
                    if tot == 0
                    else (S[s, j, t] * P[s, j, t] + S[s, part, t] * P[s, part, t]) / tot
                )
            g = utility_gain(P[s], S[s], deal, q, width=w)
            codes = cast_votes(g, 0.05)
            for e in excluded:
                codes[e] = NO
            if rule.wins(codes == 1) and ref - g[focal] > far:
                total += wt[j]
    return total / n_s


@settings(max_examples=15, deadline=None)
@given(st.integers(4, 6), st.integers(1, 2), st.integers(0, 10_000))
def test_matches_a_loop_over_draws_and_movers(n: int, k: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    pos = rng.uniform(0, 100, (n, k))
    sal = rng.uniform(0.1, 1, (n, k))
    P, S = perturbed_draws(pos, sal, np.zeros(k), np.full(k, 100.0), samples=6, seed=seed)
    rule = Weighted(rng.integers(1, 4, n).tolist(), threshold=0.5, strict=True)
    weights = rng.uniform(0.5, 2, n)
    q, w, xf = np.zeros(k), np.full(k, 100.0), pos[0]
    r = lockout_risk(P, S, q, w, xf, 0, binary_passes(rule.wins_many), mover_weight=weights, top=n)
    assert r.p == pytest.approx(brute_lockout(P, S, q, w, xf, 0, rule, weights, 0.1), abs=1e-9)
    for c, p_c in r.p_if_secured.items():
        assert p_c == pytest.approx(
            brute_lockout(P, S, q, w, xf, 0, rule, weights, 0.1, out=(c,)), abs=1e-9
        )
    assert 0.0 <= r.p <= 1.0
    assert r.cost_of_waiting >= 0.0


def test_a_veto_player_cannot_be_locked_out() -> None:
    n = 5
    pos = np.array([[100.0], [0.0], [5.0], [10.0], [0.0]])
    P, S = perturbed_draws(pos, np.ones((n, 1)), [0.0], [100.0], samples=50, seed=0)

    def passes(codes):  # majority, and actor 0 must not vote no
        return ((codes == 1).sum(axis=1) >= 3) & (codes[:, 0] != NO)

    r = lockout_risk(P, S, [0.0], [100.0], [100.0], 0, passes)
    assert r.p == 0.0
    assert r.prevent is None


def test_securing_the_pivotal_partner_prevents_the_lockout() -> None:
    # actors 1 and 2 agree and, with 3, outvote the focal actor; 3 is the pivotal third vote
    pos = np.array([[100.0], [0.0], [5.0], [20.0]])
    P = np.repeat(pos[None], 4, axis=0)
    S = np.ones_like(P)
    rule = Weighted([1, 1, 1, 1], quota=3)
    r = lockout_risk(P, S, [50.0], [100.0], [100.0], 0, binary_passes(rule.wins_many), top=3)
    assert r.p == 1.0
    assert r.p_if_secured[3] == 0.0
    assert r.prevent is not None
    assert r.p_if_secured[r.prevent] == 0.0


def test_reproducible_and_sampling_agrees_with_all_movers() -> None:
    rng = np.random.default_rng(5)
    n, k = 12, 2
    pos = rng.uniform(0, 100, (n, k))
    P, S = perturbed_draws(
        pos, rng.uniform(0.2, 1, (n, k)), np.zeros(k), np.full(k, 100.0), samples=3000, seed=2
    )
    rule = Weighted([1] * n, threshold=0.5, strict=True)
    args = (P, S, np.zeros(k), np.full(k, 100.0), pos[0], 0, binary_passes(rule.wins_many))
    a = lockout_risk(*args, movers="all", top=0)
    b1 = lockout_risk(*args, movers="sample", seed=7, top=0)
    b2 = lockout_risk(*args, movers="sample", seed=7, top=0)
    assert b1.p == b2.p
    assert b1.p == pytest.approx(a.p, abs=0.04)


def test_early_leverage_ranks_by_expected_lift() -> None:
    lev = early_leverage([0.95, 0.75, 0.5], [[0.0, 0.1, 0.05], [0.0, 0.0, 0.25], [0.0, 0.0, 0.0]])
    assert [x.actor for x in lev] == [1, 0]
    assert lev[0].expected == pytest.approx(0.75 * 0.25)


def test_bad_draws_are_rejected() -> None:
    with pytest.raises(InvalidProcessInputError):
        lockout_risk(
            np.zeros((2, 3)),
            np.zeros((2, 3)),
            [0],
            [1],
            [0],
            0,
            lambda c: np.ones(len(c), dtype=bool),
        )
