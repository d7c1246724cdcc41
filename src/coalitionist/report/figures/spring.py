"""The influence map's spring layout without importing NetworkX (about a tenth of a second of the PDF).

:func:`spring_layout` is NetworkX's ``spring_layout(G, pos=circular_layout(G), k=k, iterations=…,
weight="weight", seed=seed)`` for a graph of fewer than :data:`DENSE_MAX` nodes: the circular start, the
dense Fruchterman–Reingold iteration (Fruchterman & Reingold 1991) and the final rescaling, written with
the same NumPy operations in the same order, so that the positions are the same floating-point numbers
(tested against NetworkX on every bundled example and on random graphs). From :data:`DENSE_MAX` nodes on,
NetworkX switches to its sparse, energy-based method; this module then calls NetworkX itself.

Adapted from NetworkX 3.6 (``networkx/drawing/layout.py``: ``circular_layout``, ``spring_layout``,
``_fruchterman_reingold``, ``rescale_layout``), © 2004–2025 NetworkX Developers, BSD 3-Clause licence
(``LICENSE.networkx`` beside this file).

References
----------
T. M. J. Fruchterman and E. M. Reingold, "Graph drawing by force-directed placement", *Software: Practice
and Experience* 21(11), 1991, 1129–1164.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

#: From this many nodes NetworkX lays out with its sparse energy method (``method="auto"``).
DENSE_MAX = 500


def _rescale(pos: NDArray[np.float64]) -> NDArray[np.float64]:
    """NetworkX's ``rescale_layout(pos, scale=1)``: centred, the largest coordinate ±1 (in place)."""
    pos -= pos.mean(axis=0)
    lim = np.abs(pos).max()
    if lim > 0:
        pos *= 1 / lim
    return pos


def circular_start(n: int) -> NDArray[np.float64]:
    """NetworkX's ``circular_layout`` of ``n`` ≥ 2 nodes (as an ``(n, 2)`` array, in node order)."""
    theta = np.linspace(0, 1, n + 1)[:-1] * 2 * np.pi
    theta = theta.astype(np.float32)
    pos = np.column_stack([np.cos(theta), np.sin(theta), np.zeros((n, 0))])
    return _rescale(pos) + np.zeros(2)


def fruchterman_reingold(
    adjacency: NDArray[np.float64],
    start: NDArray[np.float64],
    k: float,
    iterations: int,
    threshold: float = 1e-4,
) -> NDArray[np.float64]:
    """NetworkX's dense ``_fruchterman_reingold`` from ``start`` (no fixed nodes): ``iterations`` steps of
    the repulsive ``k² / d`` and attractive ``A·d² / k`` forces, each move capped by a temperature cooling
    linearly from a tenth of the layout's extent; stops early when the mean move falls below ``threshold``.
    """
    pos = start.astype(adjacency.dtype)
    nnodes = pos.shape[0]
    t = max(max(pos.T[0]) - min(pos.T[0]), max(pos.T[1]) - min(pos.T[1])) * 0.1
    dt = t / (iterations + 1)
    for _ in range(iterations):
        delta = pos[:, np.newaxis, :] - pos[np.newaxis, :, :]
        distance = np.linalg.norm(delta, axis=-1)
        np.clip(distance, 0.01, None, out=distance)
        displacement = np.einsum(
            "ijk,ij->ik", delta, (k * k / distance**2 - adjacency * distance / k)
        )
        length = np.linalg.norm(displacement, axis=-1)
        length = np.clip(length, a_min=0.01, a_max=None)
        delta_pos = np.einsum("ij,i->ij", displacement, t / length)
        pos += delta_pos
        t -= dt
        if (np.linalg.norm(delta_pos) / nnodes) < threshold:
            break
    return pos


def spring_layout(
    nodes: Sequence[str],
    weights: Mapping[tuple[str, str], float],
    *,
    k: float,
    iterations: int,
    seed: int,
) -> dict[str, tuple[float, float]]:
    """Positions of ``nodes`` (in this order, two or more) joined by the undirected edges ``weights``
    (``(a, b)`` → weight, each pair once, no loops), as NetworkX's ``spring_layout`` from the circular
    layout places them (module docstring).

    Examples
    --------
    >>> pos = spring_layout(["a", "b", "c"], {("a", "b"): 1.0, ("b", "c"): 0.5}, k=1.0, iterations=50, seed=0)
    >>> sorted(pos)
    ['a', 'b', 'c']
    >>> max(abs(c) for xy in pos.values() for c in xy)
    1.0
    """
    n = len(nodes)
    if n < 2:
        return dict.fromkeys(nodes, (0.0, 0.0))  # NetworkX: the centre
    if n >= DENSE_MAX:
        import networkx as nx

        graph: nx.Graph[str] = nx.Graph()
        graph.add_nodes_from(nodes)
        graph.add_weighted_edges_from((a, b, w) for (a, b), w in weights.items())
        raw = nx.spring_layout(
            graph,
            pos=nx.circular_layout(graph),
            k=k,
            iterations=iterations,
            weight="weight",
            seed=seed,
        )
        return {v: (float(raw[v][0]), float(raw[v][1])) for v in nodes}
    index = {v: i for i, v in enumerate(nodes)}
    adjacency = np.zeros((n, n))
    for (a, b), w in weights.items():
        adjacency[index[a], index[b]] = adjacency[index[b], index[a]] = w
    xy = _rescale(fruchterman_reingold(adjacency, circular_start(n), k, iterations)) + np.zeros(2)
    return {v: (float(x), float(y)) for v, (x, y) in zip(nodes, xy, strict=True)}


__all__ = ["DENSE_MAX", "circular_start", "fruchterman_reingold", "spring_layout"]
