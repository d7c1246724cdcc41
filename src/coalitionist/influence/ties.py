"""Typed, signed, weighted, directed ties compiled into the matrices the influence kernels work on.

A scenario's ``relationships`` are typed (``influence``, ``hierarchy``, ``funds``, ``dependency``,
``member_of``, ``alliance``, ``rivalry``, ``history``), signed (+1 friendly, −1 hostile), weighted in [0, 1]
and directed from ``source`` to ``target`` (and back when the tie is mutual). This module turns them into

* the **influence** matrix ``A`` (``A[i, j]`` = strength with which ``i`` sways ``j``, in [0, 1]): friendly ties
  of the *channel* types of :data:`INFLUENCE_CHANNELS`, each scaled by its channel factor and oriented from
  the influencer to the influenced; several channels between one ordered pair combine as a noisy-OR,
  ``1 − Π(1 − w)`` (the chance that at least one channel works), so strengths stay in [0, 1];
* the **pressure** matrix (hostile ties, any type, oriented source → target, noisy-OR): who pushes against whom;
* the **contact** matrix (every tie, friendly or hostile, noisy-OR of the weights, source → target and back
  when mutual): the network of contacts Burt's structural-hole measures are computed on;
* the **relation** matrix ``S`` (symmetric, in [−1, 1]): friendship (+) or enmity (−) between two actors,
  the sum of ``sign × weight × factor`` over all ties between them (either direction) clipped to [−1, 1], with
  the factors of :data:`RELATION_FACTORS` (alliances, rivalries and history count fully; working ties such as
  influence or funds count half: they imply some goodwill but are not friendship);
* the **history** matrix (symmetric, in [−1, 1]): ``history`` ties plus the alliances and rivalries between the
  two (a standing relationship is shared history), signed, summed and clipped.

Which tie types carry influence, and in which direction
-------------------------------------------------------
``influence``, ``hierarchy`` (superior → subordinate) and ``funds`` (funder → funded) carry influence from
source to target. ``dependency`` and ``member_of`` are reversed: a tie "``a`` depends on ``b``" (or "``a`` is a
member of ``b``") means ``b`` sways ``a``. ``alliance`` carries influence both ways at half strength (allies
listen to each other, but an alliance is not a channel of persuasion). ``history`` and ``rivalry`` carry no
influence (they feed the affinity bases and the hostile-pressure matrix). A tie with sign −1 never carries
influence, whatever its type.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]
from numpy.typing import NDArray

from coalitionist.influence.errors import InfluenceInputError

__all__ = [
    "INFLUENCE_CHANNELS",
    "RELATION_FACTORS",
    "EdgeList",
    "TieList",
    "TieMatrices",
    "tie_matrices",
]

#: Tie type → (factor, reversed): how strongly a friendly tie of that type carries influence, and whether it
#: runs from target to source (``dependency``, ``member_of``: the dependent party is the one influenced).
INFLUENCE_CHANNELS: dict[str, tuple[float, bool]] = {
    "influence": (1.0, False),
    "hierarchy": (1.0, False),
    "funds": (1.0, False),
    "dependency": (1.0, True),
    "member_of": (1.0, True),
    "alliance": (0.5, False),
}

#: Tie type → weight in the friend/enemy relation (structural balance).
RELATION_FACTORS: dict[str, float] = {
    "alliance": 1.0,
    "rivalry": 1.0,
    "history": 1.0,
    "influence": 0.5,
    "hierarchy": 0.5,
    "funds": 0.5,
    "dependency": 0.5,
    "member_of": 0.5,
}

#: Tie types that make up the common-history basis.
HISTORY_TYPES = frozenset({"history", "alliance", "rivalry"})

_W_MAX = 1.0 - 1e-15


class TieList(Protocol):
    """What the kernels read from a list of ties: :class:`EdgeList`, or a scenario's compiled
    ``arrays.ties`` (:class:`coalitionist.scenario.compile.TieArrays`), which has the same fields."""

    @property
    def n(self) -> int:
        """Number of actors."""
        ...

    @property
    def source(self) -> NDArray[np.int64]:
        """Source rows."""
        ...

    @property
    def target(self) -> NDArray[np.int64]:
        """Target rows."""
        ...

    @property
    def kind(self) -> tuple[str, ...]:
        """Tie types."""
        ...

    @property
    def weight(self) -> NDArray[np.float64]:
        """Strengths in [0, 1]."""
        ...

    @property
    def sign(self) -> NDArray[np.int64]:
        """+1 or −1."""
        ...

    @property
    def mutual(self) -> NDArray[np.bool_]:
        """Whether the tie also runs back."""
        ...

    @property
    def note(self) -> tuple[str, ...]:
        """The file's note on each tie."""
        ...


@dataclass(frozen=True)
class EdgeList:
    """The ties of a scenario as parallel arrays (one entry per tie as written, before mutual expansion).

    Attributes
    ----------
    n : int
        Number of actors.
    source, target : ndarray of int, shape (m,)
    kind : tuple of str
        Tie types.
    weight : ndarray of float, shape (m,)
        Strengths in [0, 1].
    sign : ndarray of int, shape (m,)
        +1 or −1.
    mutual : ndarray of bool, shape (m,)
    note : tuple of str
    """

    n: int
    source: NDArray[np.int64]
    target: NDArray[np.int64]
    kind: tuple[str, ...]
    weight: NDArray[np.float64]
    sign: NDArray[np.int64]
    mutual: NDArray[np.bool_]
    note: tuple[str, ...] = ()

    @property
    def m(self) -> int:
        """Number of ties."""
        return len(self.kind)


@dataclass(frozen=True)
class TieMatrices:
    """Sparse ``(n, n)`` CSR matrices compiled from the ties (see the module docstring).

    Attributes
    ----------
    influence : scipy.sparse.csr_matrix
        ``A[i, j]``: how strongly ``i`` sways ``j`` (friendly channel ties), in [0, 1].
    pressure : scipy.sparse.csr_matrix
        ``P[i, j]``: hostile ties from ``i`` to ``j``, in [0, 1].
    contact : scipy.sparse.csr_matrix
        ``C[i, j]``: any tie from ``i`` to ``j``, in [0, 1].
    relation : scipy.sparse.csr_matrix
        Symmetric friend (+) / enemy (−) relation, in [−1, 1].
    history : scipy.sparse.csr_matrix
        Symmetric signed history (history, alliance and rivalry ties), in [−1, 1].
    """

    n: int
    influence: sp.csr_matrix
    pressure: sp.csr_matrix
    contact: sp.csr_matrix
    relation: sp.csr_matrix
    history: sp.csr_matrix


def _noisy_or(
    n: int, rows: NDArray[np.int64], cols: NDArray[np.int64], w: NDArray[np.float64]
) -> sp.csr_matrix:
    """``1 − Π(1 − w)`` over duplicate (row, col) entries, dropping self-ties and zero weights."""
    keep = (rows != cols) & (w > 0)
    logs = np.log1p(-np.minimum(w[keep], _W_MAX))
    m = sp.coo_matrix((logs, (rows[keep], cols[keep])), shape=(n, n)).tocsr()
    m.sum_duplicates()
    m.data = -np.expm1(m.data)
    m.eliminate_zeros()
    return m


def _signed_sum(
    n: int, rows: NDArray[np.int64], cols: NDArray[np.int64], v: NDArray[np.float64]
) -> sp.csr_matrix:
    """Symmetric sum of ``v`` over ties between each unordered pair, clipped to [−1, 1]."""
    keep = (rows != cols) & (v != 0)
    r, c, x = rows[keep], cols[keep], v[keep]
    m = sp.coo_matrix(
        (np.concatenate([x, x]), (np.concatenate([r, c]), np.concatenate([c, r]))), shape=(n, n)
    ).tocsr()
    m.sum_duplicates()
    m.data = np.clip(m.data, -1.0, 1.0)
    m.eliminate_zeros()
    return m


def tie_matrices(
    edges: TieList,
    *,
    channels: Mapping[str, tuple[float, bool]] | None = None,
    relation_factors: Mapping[str, float] | None = None,
) -> TieMatrices:
    """Compile an edge list into the influence, pressure, contact, relation and history matrices.

    Parameters
    ----------
    edges : TieList
        An :class:`EdgeList` or a scenario's compiled ``arrays.ties``.
    channels : mapping, optional
        Tie type → (factor, reversed); default :data:`INFLUENCE_CHANNELS`. Types not listed carry no
        influence.
    relation_factors : mapping, optional
        Tie type → factor in the friend/enemy relation; default :data:`RELATION_FACTORS`.

    Returns
    -------
    TieMatrices

    Raises
    ------
    InfluenceInputError
        When an index is out of range or a weight is outside [0, 1] or not finite.
    """
    n = edges.n
    channels = INFLUENCE_CHANNELS if channels is None else channels
    factors = RELATION_FACTORS if relation_factors is None else relation_factors
    src, dst, w = edges.source, edges.target, edges.weight
    if len(src) and (src.min() < 0 or dst.min() < 0 or src.max() >= n or dst.max() >= n):
        raise InfluenceInputError(f"tie endpoints must be actor indices in 0..{n - 1}")
    if not np.all(np.isfinite(w)) or np.any((w < 0) | (w > 1)):
        raise InfluenceInputError("tie weights must be finite numbers in [0, 1]")
    mutual = edges.mutual
    friendly = edges.sign > 0

    # Influence: friendly channel ties, oriented influencer → influenced, plus the reverse when mutual.
    fac = np.array([channels.get(k, (0.0, False))[0] for k in edges.kind], dtype=float)
    rev = np.array([channels.get(k, (0.0, False))[1] for k in edges.kind], dtype=bool)
    use = friendly & (fac > 0)
    frm = np.where(rev, dst, src)
    to = np.where(rev, src, dst)
    r_inf = np.concatenate([frm[use], to[use & mutual]])
    c_inf = np.concatenate([to[use], frm[use & mutual]])
    w_inf = np.concatenate([(w * fac)[use], (w * fac)[use & mutual]])
    influence = _noisy_or(n, r_inf, c_inf, w_inf)

    hostile = ~friendly
    pressure = _noisy_or(
        n,
        np.concatenate([src[hostile], dst[hostile & mutual]]),
        np.concatenate([dst[hostile], src[hostile & mutual]]),
        np.concatenate([w[hostile], w[hostile & mutual]]),
    )
    contact = _noisy_or(
        n,
        np.concatenate([src, dst[mutual]]),
        np.concatenate([dst, src[mutual]]),
        np.concatenate([w, w[mutual]]),
    )
    rf = np.array([factors.get(k, 0.0) for k in edges.kind], dtype=float)
    relation = _signed_sum(n, src, dst, edges.sign * w * rf)
    is_hist = np.array([k in HISTORY_TYPES for k in edges.kind], dtype=bool)
    history = _signed_sum(n, src[is_hist], dst[is_hist], (edges.sign * w)[is_hist])
    return TieMatrices(n, influence, pressure, contact, relation, history)


def ties_between(edges: TieList, i: int, j: int) -> Sequence[int]:
    """Indices of the ties joining actors ``i`` and ``j`` (either direction)."""
    hit = ((edges.source == i) & (edges.target == j)) | ((edges.source == j) & (edges.target == i))
    return [int(t) for t in np.flatnonzero(hit)]
