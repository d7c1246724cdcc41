"""SMP at scale (issue 17.3): the fast coalition sums give the same numbers as the plain ones.

The reference here is the definition of a PCE coalition written out directly,
``C[i, j] = 1e-8 + Σ_k max(0, w_k (u[k, i] - u[k, j]))`` (KTAB's ``Model::coalitions`` with the ``Prop``
rule), computed with one (n, m, m) tensor, and a scalar loop for small cases. The library switches to
pairwise distances (``pce._prop_coalitions_pairwise``) from ``PAIRWISE_MIN_OPTIONS`` options on; whole
SMP runs with the reference swapped in must agree with the library to 1e-12.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from coalitionist.forecast import pce as pce_mod
from coalitionist.forecast.smp import run_smp
from coalitionist.forecast.smp_params import VotingRule
from coalitionist.io.ktab import read_ktab_csv

DATA = Path(__file__).resolve().parents[1] / "data" / "ktab"


def dense_prop_coalitions(u: np.ndarray, w: np.ndarray) -> np.ndarray:
    """The definition, one tensor: votes of every actor k for every ordered pair (i, j)."""
    votes = w[..., :, None, None] * (u[..., :, :, None] - u[..., :, None, :])  # (k, i, j)
    c = 1e-8 + np.maximum(votes, 0.0).sum(axis=-3)
    idx = np.arange(u.shape[-1])
    c[..., idx, idx] = 1e-8
    return c


def loop_prop_coalitions(u: list[list[float]], w: list[float]) -> list[list[float]]:
    n_opt = len(u[0])
    c = [[1e-8] * n_opt for _ in range(n_opt)]
    for i in range(n_opt):
        for j in range(n_opt):
            if i != j:
                for k, wk in enumerate(w):
                    v = wk * (u[k][i] - u[k][j])
                    if v > 0:
                        c[i][j] += v
    return c


def test_the_pairwise_path_is_the_one_taken_from_the_threshold_on() -> None:
    assert pce_mod.PAIRWISE_MIN_OPTIONS <= 64
    calls: list[int] = []
    original = pce_mod._prop_coalitions_pairwise

    def spy(u: np.ndarray, w: np.ndarray) -> np.ndarray:
        calls.append(u.shape[-1])
        return original(u, w)

    rng = np.random.default_rng(0)
    m = pce_mod.PAIRWISE_MIN_OPTIONS
    w = rng.uniform(1, 10, 30)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pce_mod, "_prop_coalitions_pairwise", spy)
        pce_mod.coalitions(rng.uniform(0, 1, (30, m)), w, VotingRule.PROP)
        pce_mod.coalitions(rng.uniform(0, 1, (30, m - 1)), w, VotingRule.PROP)
        pce_mod.coalitions(rng.uniform(0, 1, (30, m)), w, VotingRule.CUBIC)
    assert calls == [m]


@pytest.mark.parametrize(("n_act", "m", "seed"), [(7, 64, 1), (50, 70, 2), (200, 90, 3)])
def test_pairwise_coalitions_equal_the_definition(n_act: int, m: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    u = rng.uniform(0.0, 1.0, (n_act, m))
    u[:, 5] = u[:, 4]  # two identical options: no votes either way (exactly 1e-8)
    u[:, 7] = u.max(axis=1) + 0.1  # an option everyone prefers: nobody votes against it
    w = rng.uniform(0.0, 200.0, n_act)
    w[0] = 0.0  # a voter without weight
    ours = pce_mod.coalitions(u, w, VotingRule.PROP)
    ref = dense_prop_coalitions(u, w)
    scale = w.sum()
    assert np.abs(ours - ref).max() <= 1e-14 * scale
    assert ours[5, 4] == ours[4, 5] == 1e-8
    # nobody votes for another option over 7: the halves cancel, clipped so that it never goes below
    assert (ours[:, 7] >= 1e-8).all()
    assert (ours[:, 7] - 1e-8).max() <= 1e-14 * scale
    if n_act * m * m <= 300_000:
        loop = np.asarray(loop_prop_coalitions(u.tolist(), w.tolist()))
        assert np.abs(ours - loop).max() <= 1e-14 * scale


def test_pairwise_coalitions_batch_equals_single() -> None:
    rng = np.random.default_rng(4)
    u = rng.uniform(0, 1, (3, 20, 66))
    w = rng.uniform(1, 10, 20)
    batch = pce_mod.coalitions(u, w, VotingRule.PROP)
    for b in range(3):
        np.testing.assert_array_equal(batch[b], pce_mod.coalitions(u[b], w, VotingRule.PROP))
        assert np.abs(batch[b] - dense_prop_coalitions(u[b], w)).max() <= 1e-14 * w.sum()


def _reference_coalitions(
    utilities: np.ndarray, weights: np.ndarray, rule: VotingRule, *, chunk: int = 0
) -> np.ndarray:
    assert rule is VotingRule.PROP
    return dense_prop_coalitions(np.asarray(utilities), np.asarray(weights))


@pytest.mark.slow
def test_whole_ktab_80_actor_run_agrees_with_the_definition() -> None:
    data = read_ktab_csv(DATA / "dummyData-a080.csv")
    cap, x, sal = data.capability, data.positions / 100.0, data.salience / 100.0
    ours = run_smp(cap, x, sal)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pce_mod, "coalitions", _reference_coalitions)
        ref = run_smp(cap, x, sal)
    assert len(ours.turns) == len(ref.turns) == 17  # KTAB's smpc: 17 turns
    assert np.abs(ours.positions - ref.positions).max() <= 1e-12
    assert np.abs(ours.position_probabilities - ref.position_probabilities).max() <= 1e-12
    assert np.abs(ours.risk - ref.risk).max() <= 1e-12
    for a, b in zip(ours.turns, ref.turns, strict=True):
        assert [(k, i, j, size) for k, i, j, _, size in a.moves] == [
            (k, i, j, size) for k, i, j, _, size in b.moves
        ]
        np.testing.assert_allclose([m[3] for m in a.moves], [m[3] for m in b.moves], atol=1e-12)


@pytest.mark.parametrize("d", [1, 3, 7, 8, 12])
def test_salience_distance_and_position_groups_equal_the_definition(d: int) -> None:
    """The dimension-by-dimension sums (fewer than 8 dimensions) and the (n, m, d) path give the
    salience-weighted distance of the definition, and the same position groups."""
    from coalitionist.forecast.smp_kernels import salience_distance, unique_positions

    rng = np.random.default_rng(d)
    x = rng.random((9, d))
    x[4] = x[1]
    x[6] = x[1] + 1e-4  # within the tolerance below of 1
    s = rng.random((9, d))
    s[2] = 0.0  # an actor without salience: distances 0
    dist = salience_distance(x, x, s)
    for a in range(9):
        den = sum(s[a, k] ** 2 for k in range(d))
        for b in range(9):
            num = sum(((x[a, k] - x[b, k]) * s[a, k]) ** 2 for k in range(d))
            want = (num / den) ** 0.5 if den > 0 else 0.0
            assert abs(dist[a, b] - want) <= 1e-15
    reps, owner = unique_positions(x, 1e-3)
    assert list(reps) == [0, 1, 2, 3, 5, 7, 8]
    assert owner[4] == owner[6] == owner[1]
