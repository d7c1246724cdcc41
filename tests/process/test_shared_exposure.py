"""Shared vulnerability as a coalition basis uses the lockout analysis (issue 14, point 3).

The lockout analysis's shared exposure (the probability that two actors are outvoted by the same early side
deal) is checked against a loop over first movers written from the model's definition, then shown to be the
coalitions' shared-vulnerability basis and evidence when the bridge passes it.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from coalitionist.analyses.coalitions import coalition_inputs, scenario_coalitions
from coalitionist.analyses.process import lockout_exposure
from coalitionist.examples import example_path
from coalitionist.io import load_scenario
from coalitionist.outcome.votes import NO, cast_votes, utility_gain
from coalitionist.process import binary_passes, lockout_risk


def _brute_shared(P, S, q, w, focal, wins, mover_w, band=0.05):
    """Every other actor moves first with its weight, deals with its closest partner (affinity at the
    mean), the deal is the salience-weighted compromise; who votes no while it passes is outvoted."""
    n = P.shape[1]
    Pm, Sm = P.mean(axis=0), S.mean(axis=0)
    aff = np.full((n, n), -np.inf)
    for i, j in itertools.permutations(range(n), 2):
        ws = (Sm[i] + Sm[j]) / 2
        aff[i, j] = 1 - (ws * np.abs(Pm[i] - Pm[j]) / w).sum() / ws.sum()
    aff[:, focal] = -np.inf
    weights = np.array(mover_w, dtype=float)
    weights[focal] = 0
    weights /= weights.sum()
    shared = np.zeros((n, n))
    for s in range(P.shape[0]):
        out = np.zeros(n)
        for j in range(n):
            if weights[j] == 0:
                continue
            part = int(np.argmax(aff[j]))
            tot = S[s, j] + S[s, part]
            deal = (S[s, j] * P[s, j] + S[s, part] * P[s, part]) / tot
            votes = cast_votes(utility_gain(P[s], S[s], deal, q, width=w), band)
            if wins((votes == 1)[None, :])[0]:
                out += weights[j] * (votes == NO)
        shared += np.outer(out, out)
    return shared / P.shape[0]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_shared_exposure_matches_the_loop_over_first_movers(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, k, draws = 6, 2, 4
    P = rng.uniform(0, 100, (draws, n, k))
    S = rng.uniform(0.2, 1.0, (draws, n, k))
    q, w = np.full(k, 50.0), np.full(k, 100.0)
    weights = rng.uniform(1, 5, n)
    wins = lambda m: m.sum(axis=1) >= 4  # noqa: E731
    r = lockout_risk(
        P, S, q, w, P[0, 0], 0, binary_passes(wins), mover_weight=weights, movers="all", top=0
    )
    want = _brute_shared(P, S, q, w, 0, wins, weights)
    np.testing.assert_allclose(r.shared_vulnerability, want, atol=1e-12)


def test_the_coalitions_basis_and_evidence_use_the_exposure() -> None:
    sc = load_scenario(example_path("gulf-war-1990"))
    lk = lockout_exposure(sc, samples=200, seed=4)
    assert lk is not None
    assert lk.samples == 200
    res = scenario_coalitions(sc, lockout=lk)
    basis = res.bases["shared_vulnerability"]
    expected = np.clip((lk.shared + lk.shared.T) / 2, 0, 1)
    np.fill_diagonal(expected, 0)
    np.testing.assert_allclose(basis, expected)
    sentences = [e["shared_vulnerability"] for e in res.evidence.values()]
    assert all("200 draws of the lockout analysis" in s for s in sentences)
    pairs = [(i, j) for (i, j) in res.evidence if expected[i, j] > 0]
    for i, j in pairs:
        names = res.labels[res.actors[i]], res.labels[res.actors[j]]
        assert res.evidence[(i, j)]["shared_vulnerability"].startswith(
            f"{names[0]} and {names[1]} would both be outvoted by the same early side deal"
        )
    # without it, the basis is the structural one (weakness × exclusion), as before
    plain = scenario_coalitions(sc)
    assert not np.allclose(plain.bases["shared_vulnerability"], basis)
    assert coalition_inputs(sc).lockout is None


def test_the_brief_passes_the_exposure_only_with_a_focal_actor() -> None:
    assert (
        lockout_exposure(load_scenario(example_path("eu-council"))) is None
    )  # no focal actor or issues
    from coalitionist.brief import make_brief

    brief = make_brief(load_scenario(example_path("clinic-program")))
    (coal,) = [s for s in brief.sections if s.key == "coalitions"]
    assert any(
        "lockout analysis" in e["shared_vulnerability"] for e in coal.result.evidence.values()
    )
