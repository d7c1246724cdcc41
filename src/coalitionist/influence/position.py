"""Network position of each actor in the influence network: strength, reach, brokerage, structural holes.

Pure functions on sparse ``(n, n)`` matrices (``M[i, j]`` = tie from ``i`` to ``j``); all run in time close to
linear in the number of ties, except betweenness (``O(n·m)``, as Brandes' algorithm).

* :func:`strengths` — weighted out- and in-strength (sum of tie weights), Barrat et al. (2004).
* :func:`two_step_reach` — the share of the other actors reachable in at most two steps, and its weighted
  version: the mean over the others of the strongest path of one or two steps (product of the weights).
* :func:`betweenness` — Freeman's (1977) betweenness on the directed, unweighted graph, by Brandes' (2001)
  algorithm run for all sources at once with sparse matrix products (the "algebraic" form of Kepner & Gilbert
  2011, ch. 6); normalised by ``(n − 1)(n − 2)`` as :func:`networkx.betweenness_centrality` does for directed
  graphs. It measures brokerage: how often an actor lies on the shortest chains of influence between others.
* :func:`burt_constraint` and :func:`effective_size` — Burt's (1992) structural-hole measures on the
  contact network (mutual tie weights, as :func:`networkx.constraint` and :func:`networkx.effective_size`
  compute them). Low constraint / high effective size = the actor bridges otherwise unconnected contacts.

References
----------
.. [1] A. Barrat, M. Barthélemy, R. Pastor-Satorras & A. Vespignani, "The architecture of complex weighted
   networks", *PNAS* 101(11), 2004, pp. 3747–3752.
.. [2] L. C. Freeman, "A set of measures of centrality based on betweenness", *Sociometry* 40, 1977.
.. [3] U. Brandes, "A faster algorithm for betweenness centrality", *J. Math. Sociology* 25(2), 2001.
.. [4] J. Kepner & J. Gilbert (eds.), *Graph Algorithms in the Language of Linear Algebra*, SIAM, 2011.
.. [5] R. S. Burt, *Structural Holes: The Social Structure of Competition*, Harvard UP, 1992.
.. [6] U. Brandes & C. Pich, "Centrality estimation in large networks", *Int. J. Bifurcation and Chaos*
   17(7), 2007, pp. 2303–2318.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]
from numpy.typing import NDArray

from coalitionist.influence.errors import InfluenceInputError

__all__ = [
    "BETWEENNESS_EXACT_MAX",
    "BETWEENNESS_SOURCES",
    "betweenness",
    "betweenness_sources",
    "burt_constraint",
    "effective_size",
    "strengths",
    "two_step_reach",
]

#: Sources processed together in :func:`betweenness` (bounds memory to a few ``batch × n`` arrays).
BETWEENNESS_BATCH = 512

#: Up to this many actors :func:`betweenness` is exact (every actor a source); above it, by default, it is
#: estimated from :data:`BETWEENNESS_SOURCES` sources drawn at random (Brandes & Pich 2007), as
#: ``networkx.betweenness_centrality(k=..., seed=...)`` does. Exact costs about 5 s of CPU at 3,000 actors
#: with ten ties each and grows as ``n · m``.
BETWEENNESS_EXACT_MAX = 3000

#: Sources sampled by :func:`betweenness` above :data:`BETWEENNESS_EXACT_MAX` actors.
BETWEENNESS_SOURCES = 1000


def betweenness_sources(n: int) -> int:
    """How many sources :func:`betweenness` uses by default for ``n`` actors (``n`` means exact)."""
    return n if n <= BETWEENNESS_EXACT_MAX else BETWEENNESS_SOURCES


def _csr(m: sp.spmatrix | NDArray[np.float64]) -> sp.csr_matrix:
    out = sp.csr_matrix(m, dtype=float)
    out.setdiag(0.0)
    out.eliminate_zeros()
    out.sort_indices()
    return out


def strengths(m: sp.spmatrix) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Weighted out-strength (row sums) and in-strength (column sums), self-ties ignored.

    Parameters
    ----------
    m : sparse matrix, shape (n, n)
        ``m[i, j]`` = weight of the tie from ``i`` to ``j``.

    Returns
    -------
    out_strength, in_strength : ndarray, shape (n,)
    """
    a = _csr(m)
    return np.asarray(a.sum(axis=1)).ravel(), np.asarray(a.sum(axis=0)).ravel()


def two_step_reach(m: sp.spmatrix) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """How much of the network each actor reaches in one or two steps.

    Algorithm: join every tie ``i → k`` with every tie ``k → j`` (``j ≠ i``) as a two-step path of strength
    ``w_ik · w_kj``; for each pair keep the strongest of the direct tie and the two-step paths; then average
    over the ``n − 1`` other actors. The work is ``Σ_k in(k)·out(k)``, so it stays linear in the number of
    ties for sparse networks.

    Parameters
    ----------
    m : sparse matrix, shape (n, n)
        Tie strengths in [0, 1].

    Returns
    -------
    reach : ndarray, shape (n,)
        Share of the other actors reachable in at most two steps.
    weighted_reach : ndarray, shape (n,)
        Mean over the other actors of the strongest path of at most two steps (0 when unreachable).
    """
    a = _csr(m)
    n = a.shape[0]
    if n < 2:
        return np.zeros(n), np.zeros(n)
    indptr, indices, data = a.indptr, a.indices, a.data
    rows = np.repeat(np.arange(n), np.diff(indptr))
    outdeg = np.diff(indptr)
    # every (i → k) edge e, expanded once per out-edge of k
    counts = outdeg[indices]
    total = int(counts.sum())
    e_rep = np.repeat(np.arange(len(indices)), counts)
    start = np.repeat(indptr[indices], counts)
    offset = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    second = start + offset
    i2 = rows[e_rep]
    j2 = indices[second]
    w2 = data[e_rep] * data[second]
    ii = np.concatenate([rows, i2])
    jj = np.concatenate([indices, j2])
    ww = np.concatenate([data, w2])
    keep = ii != jj
    ii, jj, ww = ii[keep], jj[keep], ww[keep]
    if len(ii) == 0:
        return np.zeros(n), np.zeros(n)
    key = ii.astype(np.int64) * n + jj
    order = np.lexsort((-ww, key))
    key, ww = key[order], ww[order]
    first = np.ones(len(key), dtype=bool)
    first[1:] = key[1:] != key[:-1]
    best_i = key[first] // n
    best_w = ww[first]
    reach = np.bincount(best_i, minlength=n) / (n - 1)
    weighted = np.bincount(best_i, weights=best_w, minlength=n) / (n - 1)
    return reach.astype(float), weighted


def betweenness(
    m: sp.spmatrix,
    *,
    normalized: bool = True,
    sources: int | None = None,
    seed: int | None = 0,
) -> NDArray[np.float64]:
    """Betweenness centrality on the directed graph of the non-zero entries of ``m`` (weights ignored).

    Algorithm (Brandes 2001, run for a batch of sources at once with sparse products):

    1. Breadth-first search from every source of the batch together: the frontier's path counts ``σ``
       times the adjacency matrix give the path counts of the next level; nodes reached for the first time
       get that level as their distance.
    2. Back-propagate dependencies level by level, deepest first:
       ``δ[s, v] = Σ_{w : v → w, d(s, w) = d(s, v) + 1} σ[s, v] / σ[s, w] · (1 + δ[s, w])``.
    3. The betweenness of ``v`` is ``Σ_{s ≠ v} δ[s, v]``, divided by ``(n − 1)(n − 2)`` when normalised.

    With ``k < n`` sources, only ``k`` sources drawn without replacement (``seed``) are searched and the sum
    is scaled by ``n / k``: an unbiased estimate (Brandes & Pich 2007), the estimator of
    ``networkx.betweenness_centrality(k=k, seed=...)``.

    Parameters
    ----------
    m : sparse matrix, shape (n, n)
        Any non-zero ``m[i, j]`` is an arc ``i → j``.
    normalized : bool
        Divide by ``(n − 1)(n − 2)``, the number of ordered pairs of other actors.
    sources : int, optional
        Number of sources searched; default :func:`betweenness_sources` (all of them, i.e. exact, up to
        :data:`BETWEENNESS_EXACT_MAX` actors). ``sources >= n`` is exact.
    seed : int or None
        Seed of the draw of sources when they are sampled.

    Returns
    -------
    ndarray, shape (n,)
    """
    a = _csr(m)
    n = a.shape[0]
    out = np.zeros(n)
    if n < 3 or a.nnz == 0:
        return out
    adj = a.copy()
    adj.data[:] = 1.0
    adj_t = adj.T.tocsr()
    k = betweenness_sources(n) if sources is None else int(sources)
    if k < 1:
        raise InfluenceInputError(f"betweenness needs at least one source, got {k}")
    if k >= n:
        chosen = np.arange(n)
    else:
        chosen = np.sort(np.random.default_rng(seed).choice(n, size=k, replace=False))
    for lo in range(0, len(chosen), BETWEENNESS_BATCH):
        src = chosen[lo : lo + BETWEENNESS_BATCH]
        b = len(src)
        dist = np.full((b, n), -1, dtype=np.int32)
        sigma = np.zeros((b, n))
        dist[np.arange(b), src] = 0
        sigma[np.arange(b), src] = 1.0
        frontier = np.zeros((b, n))
        frontier[np.arange(b), src] = 1.0
        level = 0
        while True:
            # path counts into each node from the frontier: (A^T @ frontier^T)^T
            nxt = np.asarray(adj_t @ frontier.T).T
            new = (nxt > 0) & (dist < 0)
            if not new.any():
                break
            level += 1
            dist[new] = level
            sigma[new] = nxt[new]
            frontier = np.where(new, sigma, 0.0)
        delta = np.zeros((b, n))
        with np.errstate(divide="ignore", invalid="ignore"):
            for d in range(level, 0, -1):
                at_d = dist == d
                coeff = np.where(at_d, (1.0 + delta) / np.where(sigma > 0, sigma, 1.0), 0.0)
                # Σ_{w: v → w} coeff[s, w]  =  (A @ coeff^T)^T
                back = np.asarray(adj @ coeff.T).T
                prev = dist == d - 1
                delta = np.where(prev, delta + sigma * back, delta)
        delta[np.arange(b), src] = 0.0
        out += delta.sum(axis=0)
    if len(chosen) < n:
        out *= n / len(chosen)
    if normalized:
        out /= (n - 1) * (n - 2)
    return out


def _mutual(m: sp.spmatrix) -> sp.csr_matrix:
    a = _csr(m)
    mw = (a + a.T).tocsr()
    mw.eliminate_zeros()
    return mw


def _row_scale(mw: sp.csr_matrix, scale: NDArray[np.float64]) -> sp.csr_matrix:
    with np.errstate(divide="ignore"):
        inv = np.where(scale > 0, 1.0 / np.where(scale > 0, scale, 1.0), 0.0)
    return (sp.diags(inv) @ mw).tocsr()


def burt_constraint(m: sp.spmatrix) -> NDArray[np.float64]:
    """Burt's constraint of every actor (NaN for isolated actors).

    ``c(i) = Σ_{j ∈ N(i)} (p_ij + Σ_q p_iq p_qj)²`` with ``p_ij`` the mutual weight ``m_ij + m_ji`` divided by
    the sum of ``i``'s mutual weights, ``N(i)`` the actors tied to ``i`` in either direction (Burt 1992, eq. 2.4;
    the definition of :func:`networkx.constraint` with ``weight``).

    Parameters
    ----------
    m : sparse matrix, shape (n, n)
        Non-negative tie weights.

    Returns
    -------
    ndarray, shape (n,)
        From 1/|N(i)| (contacts unconnected to each other) up to above 1 (one dominant contact).
    """
    mw = _mutual(m)
    total = np.asarray(mw.sum(axis=1)).ravel()
    p = _row_scale(mw, total)
    local = (p + p @ p).tocsr()
    # keep only entries where p_ij > 0 (j a contact of i)
    mask = p.copy()
    mask.data[:] = 1.0
    c = np.asarray(mask.multiply(local.multiply(local)).sum(axis=1)).ravel()
    c[total == 0] = np.nan
    return c


def effective_size(m: sp.spmatrix) -> NDArray[np.float64]:
    """Burt's effective size of every actor's network (NaN for isolated actors).

    ``e(i) = Σ_{j ∈ N(i)} (1 − Σ_q p_iq m̂_jq)`` with ``p`` as in :func:`burt_constraint` and ``m̂_jq`` the mutual
    weight of ``j`` and ``q`` divided by ``j``'s largest mutual weight (Burt 1992, p. 52; the weighted form of
    :func:`networkx.effective_size`). It is the number of contacts minus their redundancy.

    Parameters
    ----------
    m : sparse matrix, shape (n, n)
        Non-negative tie weights.

    Returns
    -------
    ndarray, shape (n,)
    """
    mw = _mutual(m)
    total = np.asarray(mw.sum(axis=1)).ravel()
    biggest = np.asarray(mw.max(axis=1).todense()).ravel()
    p = _row_scale(mw, total)
    mhat = _row_scale(mw, biggest)
    redundancy = (p @ mhat.T).tocsr()
    mask = p.copy()
    mask.data[:] = 1.0
    deg = np.asarray(mask.sum(axis=1)).ravel()
    red = np.asarray(mask.multiply(redundancy).sum(axis=1)).ravel()
    e = deg - red
    e[total == 0] = np.nan
    return e
