"""The shared-interests, shared-positions and valuable-trades bases built a block of rows at a time (and,
inside a block, a few cache-sized rows at a time) equal, bit for bit, the whole-matrix computations they
replaced (kept here as the reference, masked assignments and all), across block boundaries; so do the
entries of any rows × columns computed alone."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp  # type: ignore[import-untyped]

from coalitionist.coalitions import affinity
from coalitionist.coalitions.affinity import (
    AffinityInputs,
    Basis,
    deal_sides,
    issue_sides,
    shared_interests,
    shared_positions,
    valuable_trades,
)


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


def whole_positions(inp: AffinityInputs, forecast: np.ndarray) -> np.ndarray:
    n, k = inp.positions.shape
    side = issue_sides(inp)
    num = np.zeros((n, n))
    den = np.zeros((n, n))
    for j in range(k):
        w = np.sqrt(np.outer(inp.salience[:, j], inp.salience[:, j]))
        differ = np.not_equal.outer(side[:, j], side[:, j])
        num += w
        den += w
        w[differ] *= -2.0
        w[~differ] = 0.0
        num += w
    has_issue = den > 0
    per_issue = np.where(has_issue, num / np.where(has_issue, den, 1.0), 0.0)
    deal = deal_sides(inp, forecast).astype(float)
    has_deal = (deal[:, None] != 0) & (deal[None, :] != 0)
    deal_agree = np.where(has_deal, np.outer(deal, deal), 0.0)
    parts = has_issue.astype(float) + has_deal
    total = per_issue + deal_agree
    out = np.where(parts > 0, total / np.where(parts > 0, parts, 1.0), 0.0)
    np.fill_diagonal(out, 0.0)
    return out


def random_inputs(n: int, k: int, seed: int) -> AffinityInputs:
    rng = np.random.default_rng(seed)
    stated = rng.random((n, k)) < 0.8
    positions = np.where(stated, rng.integers(0, 101, (n, k)).astype(float), 0.0)
    salience = np.where(stated, rng.choice([0.0, 0.3, 0.5, 1.0], (n, k)), 0.0)
    low, high = np.zeros(k), np.full(k, 100.0)
    return AffinityInputs.of(positions, salience, stated, low, high, rng.integers(0, 101, k))


@pytest.mark.parametrize(("block", "cache"), [(1, 1), (7, 3), (50, 131_072), (2_000_000, 40)])
@pytest.mark.parametrize(("n", "k"), [(1, 1), (2, 3), (13, 2), (41, 4)])
def test_row_blocks_bit_identical(
    monkeypatch: pytest.MonkeyPatch, block: int, cache: int, n: int, k: int
) -> None:
    monkeypatch.setattr(affinity, "_BLOCK_ELEMENTS", block)
    monkeypatch.setattr(affinity, "_CACHE_ELEMENTS", cache)
    for seed in range(3):
        inp = random_inputs(n, k, seed)
        forecast = np.random.default_rng(seed).integers(0, 101, k).astype(float)
        for got, want in (
            (shared_interests(inp), whole_interests(inp)),
            (shared_positions(inp, forecast), whole_positions(inp, forecast)),
            (shared_positions(inp, inp.status_quo), whole_positions(inp, inp.status_quo)),
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


@pytest.mark.parametrize("cache", [1, 5, 131_072])
def test_entries_of_some_rows_and_columns_alone_are_the_whole_matrix_s(
    monkeypatch: pytest.MonkeyPatch, cache: int
) -> None:
    """``Basis.block(rows, cols)`` on a basis not held computes only those entries: they are the whole
    matrix's, bit for bit, diagonal zero where a row meets its own column (rows and columns in any
    order, repeated or not)."""
    monkeypatch.setattr(affinity, "_CACHE_ELEMENTS", cache)
    rng = np.random.default_rng(cache)
    n = 37
    inp = random_inputs(n, 3, cache)
    forecast = np.array([10.0, 55.0, 90.0])
    history = sp.random(n, n, density=0.1, random_state=1) * 2
    history = history - sp.random(n, n, density=0.05, random_state=2)
    relation = sp.random(n, n, density=0.1, random_state=3)
    relation = (relation + relation.T) / 2
    held = affinity.position_bases(inp, forecast, history, relation)
    held["shared_vulnerability"] = affinity.vulnerability_basis(rng.uniform(0, 1, n))
    exposure = rng.uniform(-0.2, 1.2, (n, n))
    held["exposure"] = affinity.exposure_basis(exposure)
    for name, basis in held.items():
        assert basis.held
        whole = np.asarray(basis)
        lazy = Basis(n, basis._rows, hold=False)
        for rows, cols in (
            (rng.permutation(n)[:20], rng.permutation(n)[:9]),
            (np.arange(n), np.arange(n)),
            (np.array([4, 4, 30]), np.array([30, 4, 0, 4])),
        ):
            got = lazy.block(rows, cols)
            want = whole[np.ix_(rows, cols)]
            assert np.array_equal(got, want), name
            assert np.array_equal(np.signbit(got), np.signbit(want)), name
            assert np.array_equal(basis.block(rows, cols), want), name
            assert np.array_equal(lazy[np.ix_(rows, cols)], want), name
        assert not np.diagonal(whole).any()
