"""Sampled betweenness: exact up to the documented size, networkx's k-source estimator above it."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp  # type: ignore[import-untyped]

from coalitionist.influence.errors import InfluenceInputError
from coalitionist.influence.position import (
    BETWEENNESS_EXACT_MAX,
    BETWEENNESS_SOURCES,
    betweenness,
    betweenness_sources,
)


def _graph(n: int, seed: int) -> sp.csr_matrix:
    rng = np.random.default_rng(seed)
    rows = np.repeat(np.arange(n), 3)
    cols = rng.integers(0, n, size=len(rows))
    keep = rows != cols
    return sp.csr_matrix((np.ones(keep.sum()), (rows[keep], cols[keep])), shape=(n, n))


def test_default_is_exact_up_to_the_documented_size() -> None:
    assert betweenness_sources(BETWEENNESS_EXACT_MAX) == BETWEENNESS_EXACT_MAX
    assert (
        betweenness_sources(BETWEENNESS_EXACT_MAX + 1)
        == BETWEENNESS_SOURCES
        < BETWEENNESS_EXACT_MAX
    )


@pytest.mark.parametrize("seed", range(3))
def test_sampled_sources_match_networkx_with_the_same_sources(seed: int) -> None:
    n, k = 60, 17
    a = _graph(n, seed)
    ours = betweenness(a, sources=k, seed=seed)
    # the same sources, fed to networkx's own k-source estimator (scaled by n / k)
    chosen = np.sort(np.random.default_rng(seed).choice(n, size=k, replace=False)).tolist()
    g = nx.from_scipy_sparse_array(a, create_using=nx.DiGraph)
    want = nx.betweenness_centrality_subset(g, sources=chosen, targets=list(range(n)))
    scale = n / k / ((n - 1) * (n - 2))
    ref = np.array([want[v] * scale for v in range(n)])
    assert np.allclose(ours, ref, rtol=1e-12, atol=1e-15)


def test_all_sources_is_exact_and_sampling_is_unbiased() -> None:
    n = 40
    a = _graph(n, 7)
    exact = betweenness(a, sources=None)
    ref = nx.betweenness_centrality(nx.from_scipy_sparse_array(a, create_using=nx.DiGraph))
    assert np.allclose(exact, [ref[v] for v in range(n)])
    assert np.array_equal(betweenness(a, sources=n), exact)
    mean = np.mean([betweenness(a, sources=10, seed=s) for s in range(400)], axis=0)
    assert np.abs(mean - exact).max() < 0.15 * exact.max()


def test_seeded_and_rejects_no_sources() -> None:
    a = _graph(50, 1)
    assert np.array_equal(betweenness(a, sources=9, seed=4), betweenness(a, sources=9, seed=4))
    with pytest.raises(InfluenceInputError):
        betweenness(a, sources=0)


def test_the_analysis_states_the_method(monkeypatch: pytest.MonkeyPatch) -> None:
    from coalitionist.analyses.influence import scenario_influence
    from coalitionist.examples import example_path
    from coalitionist.influence import position
    from coalitionist.io import load_scenario

    sc = load_scenario(example_path("clinic-program"))
    exact = scenario_influence(sc)
    n = len(exact.actors)
    assert exact.to_dict()["betweenness"] == {"method": "exact", "sources": n}
    monkeypatch.setattr(position, "BETWEENNESS_EXACT_MAX", 2)
    monkeypatch.setattr(position, "BETWEENNESS_SOURCES", 2)
    sampled = scenario_influence(sc)
    assert sampled.to_dict()["betweenness"] == {"method": "sampled_sources", "sources": 2}
    assert max(a.betweenness for a in sampled.ranking) > 0
    assert any(f"out of 2 of the {n} actors" in r for r in sampled.readings())
