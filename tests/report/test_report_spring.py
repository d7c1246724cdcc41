"""The influence map's own spring layout is NetworkX's, number for number (issue 12.5: no NetworkX import).

:func:`coalitionist.report.figures.spring.spring_layout` re-writes NetworkX's ``spring_layout`` from its
circular layout (dense Fruchterman–Reingold). Checked against NetworkX itself, the reference: the same
floating-point positions (``==``, not approximately) on every bundled example's influence map graph and on
seeded random weighted graphs of 2 to 60 nodes; and the map's layout through it equals the layout the map
drew through NetworkX before (the old code, kept here as the reference).
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest

from coalitionist.brief import Brief
from coalitionist.report.figures.data import map_data
from coalitionist.report.figures.influence_map import MapActor, MapTie, layout
from coalitionist.report.figures.spring import spring_layout
from coalitionist.scenario import Scenario


def _networkx(
    nodes: list[str], weights: dict[tuple[str, str], float], k: float, iterations: int, seed: int
) -> dict[str, tuple[float, float]]:
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_weighted_edges_from((a, b, w) for (a, b), w in weights.items())
    raw = nx.spring_layout(
        graph, pos=nx.circular_layout(graph), k=k, iterations=iterations, weight="weight", seed=seed
    )
    return {v: (float(raw[v][0]), float(raw[v][1])) for v in nodes}


def _old_layout(
    actors: list[MapActor], ties: list[MapTie], seed: int = 0
) -> dict[str, tuple[float, float]]:
    """The map's layout as it was drawn through NetworkX (main at 3958c52)."""
    ids = [a.id for a in actors]
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(ids)
    for t in ties:
        if t.source == t.target or t.source not in graph or t.target not in graph:
            continue
        w = max(t.weight, 0.05) * (1.0 if t.sign > 0 else 0.15)
        if graph.has_edge(t.source, t.target):
            graph[t.source][t.target]["weight"] += w
        else:
            graph.add_edge(t.source, t.target, weight=w)
    tied = [i for i in ids if graph.degree(i) > 0]
    loose = [i for i in ids if graph.degree(i) == 0]
    pos: dict[str, tuple[float, float]] = {}
    if tied:
        graph.remove_nodes_from(loose)
        n = len(tied)
        raw = nx.spring_layout(
            graph,
            pos=nx.circular_layout(graph),
            k=1.8 / math.sqrt(n),
            iterations=500,
            weight="weight",
            seed=seed,
        )
        xy = np.array([raw[i] for i in tied], dtype=float)
        lo, hi = xy.min(axis=0), xy.max(axis=0)
        span = np.where(hi - lo > 1e-12, hi - lo, 1.0)
        bottom = 0.16 if loose else 0.0
        xy = (xy - lo) / span
        xy[:, 1] = bottom + xy[:, 1] * (1.0 - bottom)
        if n == 1:
            xy[:] = (0.5, (bottom + 1.0) / 2)
        pos.update({i: (float(x), float(y)) for i, (x, y) in zip(tied, xy, strict=True)})
    for j, i in enumerate(loose):
        x = 0.5 if len(loose) == 1 else j / (len(loose) - 1)
        pos[i] = (0.1 + 0.8 * x if len(loose) > 1 else 0.5, 0.0 if tied else 0.5)
    return pos


def test_every_example_map_is_laid_out_as_networkx_did(
    scenarios: dict[str, Scenario], briefs: dict[str, Brief]
) -> None:
    seen = 0
    for name, scenario in scenarios.items():
        data = map_data(scenario, briefs[name].sections)
        if data is None:
            continue
        seen += 1
        actors, ties = list(data.actors), list(data.ties)
        assert layout(actors, ties, seed=0) == _old_layout(actors, ties, seed=0), name
    assert seen >= 2


@pytest.mark.parametrize("n", [2, 3, 7, 20, 60])
def test_random_graphs_get_networkx_positions_exactly(n: int) -> None:
    rng = np.random.default_rng(n)
    nodes = [f"v{i}" for i in range(n)]
    weights = {
        (nodes[i], nodes[j]): float(rng.uniform(0.05, 2.0))
        for i in range(n)
        for j in range(i + 1, n)
        if rng.random() < 0.3 or j == i + 1
    }
    for seed in (0, 3):
        k = 1.8 / math.sqrt(n)
        assert spring_layout(nodes, weights, k=k, iterations=500, seed=seed) == _networkx(
            nodes, weights, k, 500, seed
        )
    # an early stop (few moves left) and a short run
    assert spring_layout(nodes, weights, k=0.3, iterations=7, seed=1) == _networkx(
        nodes, weights, 0.3, 7, 1
    )
