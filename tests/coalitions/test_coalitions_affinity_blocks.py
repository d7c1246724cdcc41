"""The shared-interests and valuable-trades bases built a block of rows at a time equal, bit for bit, the
whole-matrix computation they replaced (kept here as the reference), across block boundaries."""

from __future__ import annotations

import numpy as np
import pytest

from coalitionist.coalitions import affinity
from coalitionist.coalitions.affinity import AffinityInputs, shared_interests, valuable_trades


def whole_interests(inp: AffinityInputs) -> np.ndarray:
    n, k = inp.positions.shape
    num = np.zeros((n, n))
    den = np.zeros((n, n))
    for j in range(k):
        s = inp.salience[:, j]
        w = np.sqrt(np.outer(s, s))
        x = inp.positions[:, j]
        c = np.abs(np.subtract.outer(x, x))
        c *= -2.0 / inp.span[j]
        c += 1.0
        c *= w
        num += c
        den += w
    np.divide(num, den, out=num, where=den > 0)
    num[den <= 0] = 0.0
    out = np.clip(num, -1.0, 1.0)
    np.fill_diagonal(out, 0.0)
    return out


def whole_trades(inp: AffinityInputs) -> np.ndarray:
    n, k = inp.positions.shape
    s = inp.salience
    tot = s.sum(axis=1)
    share = np.divide(s, tot[:, None], out=np.zeros_like(s), where=tot[:, None] > 0)
    gain_i = np.zeros((n, n))
    gain_j = np.zeros((n, n))
    for j in range(k):
        st = inp.stated[:, j]
        x = inp.positions[:, j]
        g = np.abs(np.subtract.outer(x, x)) / inp.span[j]
        g[~np.outer(st, st)] = 0.0
        g[np.logical_xor.outer(st, st)] = 1.0
        delta = np.subtract.outer(share[:, j], share[:, j]) * g
        gain_i += np.maximum(delta, 0.0)
        gain_j -= np.minimum(delta, 0.0)
    out = np.clip(np.minimum(gain_i, gain_j), 0.0, 1.0)
    np.fill_diagonal(out, 0.0)
    return out


def random_inputs(n: int, k: int, seed: int) -> AffinityInputs:
    rng = np.random.default_rng(seed)
    stated = rng.random((n, k)) < 0.8
    positions = np.where(stated, rng.integers(0, 101, (n, k)).astype(float), 0.0)
    salience = np.where(stated, rng.choice([0.0, 0.3, 0.5, 1.0], (n, k)), 0.0)
    low, high = np.zeros(k), np.full(k, 100.0)
    return AffinityInputs.of(positions, salience, stated, low, high, rng.integers(0, 101, k))


@pytest.mark.parametrize("block", [1, 7, 50, 2_000_000])
@pytest.mark.parametrize(("n", "k"), [(1, 1), (2, 3), (13, 2), (41, 4)])
def test_row_blocks_bit_identical(
    monkeypatch: pytest.MonkeyPatch, block: int, n: int, k: int
) -> None:
    monkeypatch.setattr(affinity, "_BLOCK_ELEMENTS", block)
    for seed in range(3):
        inp = random_inputs(n, k, seed)
        for got, want in (
            (shared_interests(inp), whole_interests(inp)),
            (valuable_trades(inp), whole_trades(inp)),
        ):
            assert got.shape == (n, n)
            assert np.array_equal(got, want)
            assert np.array_equal(np.signbit(got), np.signbit(want))


@pytest.mark.parametrize("block", [1, 7, 2_000_000])
def test_combined_affinity_by_blocks_bit_identical(
    monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    monkeypatch.setattr(affinity, "_BLOCK_ELEMENTS", block)
    rng = np.random.default_rng(block)
    bases = {b: rng.uniform(-1, 1, (23, 23)) for b in affinity.BASES}
    bases["valuable_trades"][3] = -0.0
    weights = dict(zip(affinity.BASES, [1.0, 0.5, 0.0, 2.0, 1.0, 0.25], strict=True))
    total = sum(weights.values())
    want = np.zeros((23, 23))
    for b, m in bases.items():
        if weights[b]:
            want += (weights[b] / total) * m
    got = affinity.combined_affinity(bases, weights)
    assert np.array_equal(got, want)
    assert np.array_equal(np.signbit(got), np.signbit(want))
