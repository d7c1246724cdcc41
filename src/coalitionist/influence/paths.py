"""The strongest chains of influence from any actor to a given set of actors (the decision makers).

A chain ``s → k₁ → … → t`` carries influence with strength ``Π w`` (the product of its tie strengths, each in
[0, 1]: the chance that every link passes the influence on, as in the independent-cascade reading of tie
weights of Kempe, Kleinberg & Tardos 2003). The strongest chain maximises the product, that is, minimises
``Σ −log w``: a shortest-path problem with non-negative lengths, solved by Dijkstra's algorithm (1959) once
per target on the reversed graph (:func:`scipy.sparse.csgraph.dijkstra`).

References
----------
.. [1] E. W. Dijkstra, "A note on two problems in connexion with graphs", *Numerische Mathematik* 1, 1959.
.. [2] D. Kempe, J. Kleinberg & É. Tardos, "Maximizing the spread of influence through a social network",
   *KDD* 2003.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]
from numpy.typing import NDArray
from scipy.sparse.csgraph import dijkstra  # type: ignore[import-untyped]

from coalitionist.errors import AnalysisError

__all__ = ["StrongestPaths", "strongest_paths"]

#: Added to every link's length so that links of strength 1 (length 0) are still stored edges, and, among
#: equally strong chains, the shorter one wins.
_EPS = 1e-12


@dataclass(frozen=True)
class StrongestPaths:
    """Strongest chains from every actor to each target.

    Attributes
    ----------
    targets : ndarray of int, shape (t,)
    strength : ndarray, shape (t, n)
        ``strength[a, s]``: product of the link strengths on the strongest chain from ``s`` to
        ``targets[a]`` (0 when none; 1 for ``s`` = the target itself).
    next_hop : ndarray of int, shape (t, n)
        The actor after ``s`` on that chain (−1 when none).
    """

    targets: NDArray[np.int64]
    strength: NDArray[np.float64]
    next_hop: NDArray[np.int64]

    def path(self, a: int, source: int) -> list[int]:
        """The chain from ``source`` to ``targets[a]`` as actor indices (empty when there is none)."""
        t = int(self.targets[a])
        if source == t:
            return [t]
        if self.next_hop[a, source] < 0:
            return []
        out = [source]
        while out[-1] != t:
            out.append(int(self.next_hop[a, out[-1]]))
            if len(out) > self.next_hop.shape[1] + 1:  # pragma: no cover - defensive
                raise AnalysisError("broken predecessor chain")
        return out


def strongest_paths(m: sp.spmatrix, targets: Sequence[int]) -> StrongestPaths:
    """The strongest influence chain from every actor to each target.

    Algorithm: give each link ``i → j`` the length ``−log m[i, j]`` (plus a tiny constant), reverse the
    graph, and run Dijkstra from each target; the distance to ``s`` is the length of the best chain
    ``s → … → target``, and the reversed search's predecessor of ``s`` is the next actor on it. The strength
    is ``exp(−distance)``, the product of the weights along the chain (to within ``n·1e-12``, relative).

    Parameters
    ----------
    m : sparse matrix, shape (n, n)
        Influence strengths in [0, 1] (``m[i, j]``: ``i`` sways ``j``).
    targets : sequence of int
        The actors influence should reach (e.g. the decision makers).

    Returns
    -------
    StrongestPaths
    """
    a = sp.csr_matrix(m, dtype=float)
    a.setdiag(0.0)
    a.eliminate_zeros()
    n = a.shape[0]
    tg = np.asarray(list(targets), dtype=np.int64)
    if len(tg) == 0:
        return StrongestPaths(tg, np.zeros((0, n)), np.full((0, n), -1, dtype=np.int64))
    length = a.copy()
    length.data = -np.log(np.clip(length.data, 1e-300, 1.0)) + _EPS
    rev = length.T.tocsr()
    dist, pred = dijkstra(rev, directed=True, indices=tg, return_predecessors=True)
    dist = np.atleast_2d(np.asarray(dist, dtype=float))
    nxt = np.atleast_2d(np.asarray(pred, dtype=np.int64))
    nxt = np.where(nxt < 0, -1, nxt)
    # exp(−Σ(−log w + ε)) = Π w · exp(−ε·hops): within n·1e-12 (relative) of the exact product
    strength = np.where(np.isfinite(dist), np.exp(-np.where(np.isfinite(dist), dist, 0.0)), 0.0)
    strength[np.arange(len(tg)), tg] = 1.0
    nxt[np.arange(len(tg)), tg] = -1
    return StrongestPaths(tg, strength, nxt)
