"""Affinity between actors on the six bases of coalitions, each scored and explained separately.

Lax & Sebenius (1986, 2006) and Sebenius (1996) list what holds coalitions together: shared interests,
shared positions (including a shared preference for no deal), valuable trades, common history, common allies
or enemies, and shared vulnerability. Each basis here is a symmetric ``(n, n)`` matrix with a zero diagonal:

``shared_interests`` ∈ [−1, 1]
    Salience-weighted closeness of positions over the issues both actors state:
    ``Σ_k w_ijk (1 − 2 d_ijk) / Σ_k w_ijk`` with ``d_ijk = |x_ik − x_jk| / (high_k − low_k)`` and
    ``w_ijk = √(s_ik s_jk)`` (an issue counts as much as both care about it). +1 = same position on
    everything both care about, −1 = opposite ends of every scale, 0 = no common issue (or halfway).
``shared_positions`` ∈ [−1, 1]
    Being on the same side of the status quo. Per issue the side is the sign of ``x_ik − sq_k`` (0 = at the
    status quo: "prefer no change"); two actors agree (+1) when their sides are equal and disagree (−1)
    otherwise, averaged with the weights ``w_ijk``. Averaged with the overall *deal* side: does the actor
    prefer the forecast outcome to no deal (the status quo on every issue), by salience-weighted distance?
    Two actors who both prefer no deal agree as much as two who both want the deal.
``valuable_trades`` ∈ [0, 1]
    Complementary priorities, the basis of logrolling (Raiffa 1982, ch. 10): with ``ŝ`` the saliences
    normalised to sum 1 per actor and ``Δ_k = ŝ_ik − ŝ_jk``, the value of trading is
    ``min(Σ_{Δ>0} Δ_k g_k, Σ_{Δ<0} −Δ_k g_k)``: ``i`` gains on the issues it cares relatively more about, ``j``
    on the others, and the trade is worth only what the weaker side gains. ``g_k`` is what there is to trade on
    issue ``k``: the distance ``d_ijk`` when both state a position, 1 when only one does (the other can back it
    at no cost), 0 when neither does.
``common_history`` ∈ [−1, 1]
    The signed weights of the ``history`` ties between the two, plus their alliances and rivalries (a
    standing relationship is shared history), summed and clipped.
``common_allies_enemies`` ∈ [−1, 1]
    Structural balance (Heider 1946; Cartwright & Harary 1956) in the signed friend/enemy network ``S``: a
    common friend or a common enemy pulls two actors together, a friend of one who is the other's enemy pulls
    them apart: ``Σ_k S_ik S_jk / max(1, Σ_k |S_ik S_jk|)`` (so a single weak common contact counts little).
``shared_vulnerability`` ∈ [0, 1]
    ``√(v_i v_j)``, with ``v_i`` the actor's vulnerability: its weakness (1 − its larger relative resource or
    formal power) times its risk of being left out of the likely winning coalitions (1 − the share of them it
    belongs to). Two weak actors at risk of being locked out have a reason to stand together.

The combined affinity is the weighted mean of the six (equal weights by default).

References
----------
.. [1] D. A. Lax & J. K. Sebenius, *The Manager as Negotiator*, Free Press, 1986; and *3-D Negotiation*,
   Harvard Business School Press, 2006, ch. 12.
.. [2] J. K. Sebenius, "Sequencing to build coalitions: with whom should I talk first?", in R. Zeckhauser,
   R. Keeney & J. Sebenius (eds.), *Wise Choices*, Harvard Business School Press, 1996.
.. [3] H. Raiffa, *The Art and Science of Negotiation*, Harvard UP, 1982.
.. [4] F. Heider, "Attitudes and cognitive organization", *Journal of Psychology* 21, 1946, pp. 107–112.
.. [5] D. Cartwright & F. Harary, "Structural balance: a generalization of Heider's theory",
   *Psychological Review* 63(5), 1956, pp. 277–293.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]
from numpy.typing import ArrayLike, NDArray

from coalitionist.coalitions.errors import CoalitionInputError

__all__ = [
    "BASES",
    "BASIS_LABELS",
    "DENSE_BASES_MAX",
    "AffinityInputs",
    "Basis",
    "combined_affinity",
    "common_allies_enemies",
    "common_history",
    "deal_sides",
    "exposure_basis",
    "position_bases",
    "shared_interests",
    "shared_positions",
    "shared_vulnerability",
    "top_pairs",
    "valuable_trades",
    "vulnerability_basis",
    "weighted_sums",
]

#: The six bases, in the order they are reported.
BASES: tuple[str, ...] = (
    "shared_interests",
    "shared_positions",
    "valuable_trades",
    "common_history",
    "common_allies_enemies",
    "shared_vulnerability",
)

#: Plain-language names of the bases.
BASIS_LABELS: dict[str, str] = {
    "shared_interests": "shared interests",
    "shared_positions": "shared positions",
    "valuable_trades": "valuable trades",
    "common_history": "common history",
    "common_allies_enemies": "common allies or enemies",
    "shared_vulnerability": "shared vulnerability",
}

_SIDE_RTOL = 1e-9


@dataclass(frozen=True)
class AffinityInputs:
    """The issue data the position-based bases need (rows are actors, columns issues)."""

    positions: NDArray[np.float64]
    salience: NDArray[np.float64]
    stated: NDArray[np.bool_]
    low: NDArray[np.float64]
    high: NDArray[np.float64]
    status_quo: NDArray[np.float64]

    @classmethod
    def of(
        cls,
        positions: ArrayLike,
        salience: ArrayLike,
        stated: ArrayLike,
        low: ArrayLike,
        high: ArrayLike,
        status_quo: ArrayLike,
    ) -> AffinityInputs:
        """Validate and wrap the arrays.

        Raises
        ------
        CoalitionInputError
            For inconsistent shapes, non-finite numbers, saliences outside [0, 1] or empty scales.
        """
        x = np.asarray(positions, dtype=float)
        s = np.asarray(salience, dtype=float)
        st = np.asarray(stated, dtype=bool)
        lo = np.asarray(low, dtype=float).ravel()
        hi = np.asarray(high, dtype=float).ravel()
        sq = np.asarray(status_quo, dtype=float).ravel()
        if x.ndim != 2 or s.shape != x.shape or st.shape != x.shape:
            raise CoalitionInputError("positions, salience and stated must share one (n, k) shape")
        k = x.shape[1]
        if lo.shape != (k,) or hi.shape != (k,) or sq.shape != (k,):
            raise CoalitionInputError(f"low, high and status_quo must have shape ({k},)")
        if not all(np.all(np.isfinite(a)) for a in (x, s, lo, hi, sq)):
            raise CoalitionInputError("positions, saliences and scales must be finite")
        if np.any((s < 0) | (s > 1)):
            raise CoalitionInputError("saliences must lie in [0, 1]")
        if np.any(hi <= lo):
            raise CoalitionInputError("every issue needs low < high")
        return cls(x, np.where(st, s, 0.0), st, lo, hi, sq)

    @property
    def n(self) -> int:
        """Number of actors."""
        return int(self.positions.shape[0])

    @property
    def span(self) -> NDArray[np.float64]:
        """``high − low`` per issue."""
        return self.high - self.low

    def utility(self, outcome: ArrayLike) -> NDArray[np.float64]:
        """Each actor's salience-weighted linear loss utility of an outcome: ``−Σ_k s_ik |x_ik − y_k| / span_k``."""
        y = np.asarray(outcome, dtype=float)
        return -(self.salience * np.abs(self.positions - y) / self.span).sum(axis=1)


#: Elements of one row block's temporaries (2 MiB of float64): the bases built a block of rows at a time
#: hold a few such blocks besides their (n, n) result instead of four (n, n) temporaries, and the weighted
#: sums of the bases add each block while it is still in cache. Measured at 10,000 actors (the five bases'
#: two sums of the coalition analysis, ``weighted_sums``): 11.1 s of CPU with 2,000,000-element blocks,
#: 9.0 s with these, 9.7 s with half of them.
_BLOCK_ELEMENTS = 262_144

#: Elements of the temporaries a row function works on at a time inside a block (1 MiB of float64, about
#: half a core's L2 cache here): the same elementwise operations on cache-resident operands. Measured on
#: 10,000 actors × 3 issues, CPU s per whole basis (200-row blocks against 13-row ones, with the sides
#: and salience shares computed once per basis instead of once per block): shared interests 3.3 → 1.3,
#: shared positions 5.3 → 1.2, valuable trades 4.5 → 1.2.
_CACHE_ELEMENTS = 131_072


def _row_blocks(n: int) -> list[slice]:
    """Consecutive row slices covering ``0 … n-1``, each about :data:`_BLOCK_ELEMENTS` / n rows."""
    b = max(1, _BLOCK_ELEMENTS // max(n, 1))
    return [slice(r, min(r + b, n)) for r in range(0, n, b)]


#: A selection of rows: a slice or an array of row indices.
Rows = slice | NDArray[np.intp]

#: A row function's block kernel: ``fill(ri, cj, out)`` writes rows ``ri`` × columns ``cj`` into ``out``.
_Fill = Callable[[NDArray[np.intp], NDArray[np.intp], NDArray[np.float64]], None]


def _row_index(n: int, rows: Rows) -> NDArray[np.intp]:
    return (
        np.arange(n)[rows] if isinstance(rows, slice) else np.asarray(rows, dtype=np.intp).ravel()
    )


def _entries(
    n: int, rows: Rows, cols: NDArray[np.intp] | None
) -> tuple[NDArray[np.intp], NDArray[np.intp] | None]:
    """The row indices of ``rows`` and the column indices of ``cols`` (None: every column), the
    selection every row function of a basis takes."""
    return _row_index(n, rows), None if cols is None else np.asarray(cols, dtype=np.intp).ravel()


def _zero_diag_rows(
    block: NDArray[np.float64], ri: NDArray[np.intp], cj: NDArray[np.intp] | None = None
) -> NDArray[np.float64]:
    """Zero the entries on the diagonal of the whole matrix: each row's own column (when it is among
    the columns ``cj``; all columns when None)."""
    if cj is None:
        block[np.arange(len(ri)), ri] = 0.0
    else:
        block[np.equal.outer(ri, cj)] = 0.0
    return block


def _by_cache_blocks(
    n: int, rows: Rows, cols: NDArray[np.intp] | None, fill: _Fill
) -> NDArray[np.float64]:
    """Rows ``rows`` × columns ``cols`` (all when None) of a basis from its kernel, a few rows at a time
    (:data:`_CACHE_ELEMENTS`), diagonal zeroed. Every entry comes from the same elementwise operations
    whatever the split, so the numbers do not depend on it."""
    ri, some = _entries(n, rows, cols)
    cj = np.arange(n) if some is None else some
    out = np.empty((len(ri), len(cj)))
    step = max(1, _CACHE_ELEMENTS // max(len(cj), 1))
    for s in range(0, len(ri), step):
        fill(ri[s : s + step], cj, out[s : s + step])
        _zero_diag_rows(out[s : s + step], ri[s : s + step], some)
    return out


def _assemble(n: int, rows: Callable[[Rows], NDArray[np.float64]]) -> NDArray[np.float64]:
    """The whole ``(n, n)`` matrix from its row function, a block of rows at a time."""
    out = np.empty((n, n))
    for r in _row_blocks(n):
        out[r] = rows(r)
    return out


def shared_interests(inp: AffinityInputs) -> NDArray[np.float64]:
    """Salience-weighted closeness of positions, in [−1, 1] (see the module docstring).

    Returns
    -------
    ndarray, shape (n, n)
    """
    return _assemble(inp.n, partial(shared_interests_rows, inp))


def _issue_weights(
    salience: NDArray[np.float64], j: int, ri: NDArray[np.intp], cj: NDArray[np.intp], w: Any
) -> NDArray[np.float64]:
    """``w_ijk = √(s_ik s_jk)`` for issue ``j`` into ``w``."""
    s = salience[:, j]
    np.multiply.outer(s[ri], s[cj], out=w)
    return np.sqrt(w, out=w)


def shared_interests_rows(
    inp: AffinityInputs, rows: Rows, cols: NDArray[np.intp] | None = None
) -> NDArray[np.float64]:
    """Rows ``rows`` (columns ``cols``, default all) of :func:`shared_interests`: the same numbers,
    computed for those entries only."""
    return _by_cache_blocks(inp.n, rows, cols, partial(_interests_fill, inp))


def _interests_fill(
    inp: AffinityInputs, ri: NDArray[np.intp], cj: NDArray[np.intp], num: NDArray[np.float64]
) -> None:
    k = inp.positions.shape[1]
    span = inp.span
    num.fill(0.0)
    den = np.zeros_like(num)
    w = np.empty_like(num)
    c = np.empty_like(num)
    for j in range(k):
        _issue_weights(inp.salience, j, ri, cj, w)
        x = inp.positions[:, j]
        np.subtract.outer(x[ri], x[cj], out=c)  # closeness 1 − 2d, built in place
        np.abs(c, out=c)
        c *= -2.0 / span[j]
        c += 1.0
        c *= w
        num += c
        den += w
    np.divide(num, den, out=num, where=den > 0)
    num[den <= 0] = 0.0
    np.clip(num, -1.0, 1.0, out=num)


def issue_sides(inp: AffinityInputs) -> NDArray[np.int8]:
    """Side of the status quo per actor and issue: +1 above, −1 below, 0 at it (or not stated)."""
    diff = inp.positions - inp.status_quo
    side = np.sign(np.where(np.abs(diff) <= _SIDE_RTOL * inp.span, 0.0, diff)).astype(np.int8)
    return np.where(inp.stated, side, 0).astype(np.int8)


def deal_sides(inp: AffinityInputs, forecast: ArrayLike) -> NDArray[np.int8]:
    """Whether each actor prefers the forecast outcome (+1) or no deal (−1) or is indifferent (0).

    An actor prefers the outcome it is closer to in salience-weighted distance (:meth:`AffinityInputs.utility`).
    """
    gain = inp.utility(forecast) - inp.utility(inp.status_quo)
    scale = np.maximum(inp.salience.sum(axis=1), 1e-300)
    rel = gain / scale
    return np.sign(np.where(np.abs(rel) <= 1e-9, 0.0, rel)).astype(np.int8)


def shared_positions(inp: AffinityInputs, forecast: ArrayLike) -> NDArray[np.float64]:
    """Same side of the status quo, per issue and on the deal as a whole, in [−1, 1].

    Parameters
    ----------
    inp : AffinityInputs
    forecast : array of shape (k,)
        The outcome the decision is heading to (the "deal").

    Returns
    -------
    ndarray, shape (n, n)
    """
    return _assemble(inp.n, partial(shared_positions_rows, inp, forecast))


def shared_positions_rows(
    inp: AffinityInputs, forecast: ArrayLike, rows: Rows, cols: NDArray[np.intp] | None = None
) -> NDArray[np.float64]:
    """Rows ``rows`` (columns ``cols``, default all) of :func:`shared_positions`: the same numbers,
    computed for those entries only."""
    return _positions_rows(_PositionSides.of(inp, forecast), rows, cols)


@dataclass(frozen=True)
class _PositionSides:
    """What :func:`shared_positions` reads, computed once per basis instead of once per block of rows."""

    salience: NDArray[np.float64]
    side: NDArray[np.int8]  # issue_sides
    deal: NDArray[np.float64]  # deal_sides as floats

    @classmethod
    def of(cls, inp: AffinityInputs, forecast: ArrayLike) -> _PositionSides:
        return cls(inp.salience, issue_sides(inp), deal_sides(inp, forecast).astype(float))


def _positions_rows(
    ps: _PositionSides, rows: Rows, cols: NDArray[np.intp] | None = None
) -> NDArray[np.float64]:
    return _by_cache_blocks(len(ps.deal), rows, cols, partial(_positions_fill, ps))


def _positions_fill(
    ps: _PositionSides, ri: NDArray[np.intp], cj: NDArray[np.intp], num: NDArray[np.float64]
) -> None:
    # Each value is computed with the same operations, in the same order, as the plain formula
    # ``(per_issue·[has_issue] + deal_i deal_j·[has_deal]) / ([has_issue] + [has_deal])``, with
    # ``per_issue = Σ_k w (+1 agree, −1 differ) / Σ_k w`` accumulated as ``+w`` then ``−2w`` where the
    # sides differ (``+(−0.0)`` where they agree: the same sums). Multiplies, no masked assignments.
    num.fill(0.0)
    den = np.zeros_like(num)
    w = np.empty_like(num)
    differ = np.empty(num.shape, dtype=bool)
    for j in range(ps.side.shape[1]):
        _issue_weights(ps.salience, j, ri, cj, w)
        np.not_equal.outer(ps.side[ri, j], ps.side[cj, j], out=differ)
        num += w
        den += w
        # disagreeing pairs count −w: subtract twice what was just added
        np.multiply(w, differ, out=w)
        w *= -2.0
        num += w
    has_issue = den > 0
    np.divide(num, den, out=num, where=has_issue)  # per-issue agreement
    num[~has_issue] = 0.0
    deal_agree = w
    np.multiply.outer(ps.deal[ri], ps.deal[cj], out=deal_agree)  # ±1 both sided, ±0.0 else
    deal_agree += 0.0  # −0.0 → 0.0: the 0 of a pair without both deal sides
    num += deal_agree  # total
    np.copyto(den, has_issue)  # parts = [has_issue] + [has_deal]
    den += deal_agree != 0.0
    has_parts = den > 0
    np.divide(num, den, out=num, where=has_parts)
    num[~has_parts] = 0.0


def trade_gains(
    inp: AffinityInputs, i: int, j: int
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """For one pair: ``Δ_k = ŝ_ik − ŝ_jk`` and ``g_k`` (what there is to trade on each issue)."""
    s = inp.salience
    tot = s.sum(axis=1)
    sh_i = s[i] / tot[i] if tot[i] > 0 else np.zeros_like(s[i])
    sh_j = s[j] / tot[j] if tot[j] > 0 else np.zeros_like(s[j])
    both = inp.stated[i] & inp.stated[j]
    one = inp.stated[i] ^ inp.stated[j]
    d = np.abs(inp.positions[i] - inp.positions[j]) / inp.span
    g = np.where(both, d, np.where(one, 1.0, 0.0))
    return sh_i - sh_j, g


def valuable_trades(inp: AffinityInputs) -> NDArray[np.float64]:
    """Value of logrolling between each pair, in [0, 1] (see the module docstring).

    Returns
    -------
    ndarray, shape (n, n)
    """
    return _assemble(inp.n, partial(valuable_trades_rows, inp))


def valuable_trades_rows(
    inp: AffinityInputs, rows: Rows, cols: NDArray[np.intp] | None = None
) -> NDArray[np.float64]:
    """Rows ``rows`` (columns ``cols``, default all) of :func:`valuable_trades`: the same numbers,
    computed for those entries only."""
    return _trades_rows(inp, _salience_shares(inp), rows, cols)


def _salience_shares(inp: AffinityInputs) -> NDArray[np.float64]:
    """``ŝ``: the saliences normalised to sum 1 per actor (0 for an actor who cares about nothing)."""
    s = inp.salience
    tot = s.sum(axis=1)
    return np.divide(s, tot[:, None], out=np.zeros_like(s), where=tot[:, None] > 0)


def _trades_rows(
    inp: AffinityInputs,
    share: NDArray[np.float64],
    rows: Rows,
    cols: NDArray[np.intp] | None = None,
) -> NDArray[np.float64]:
    return _by_cache_blocks(inp.n, rows, cols, partial(_trades_fill, inp, share))


def _trades_fill(
    inp: AffinityInputs,
    share: NDArray[np.float64],
    ri: NDArray[np.intp],
    cj: NDArray[np.intp],
    gain_i: NDArray[np.float64],
) -> None:
    span = inp.span
    gain_i.fill(0.0)
    gain_j = np.zeros_like(gain_i)
    g = np.empty_like(gain_i)
    delta = np.empty_like(gain_i)
    for j in range(inp.positions.shape[1]):
        st = inp.stated[:, j]
        x = inp.positions[:, j]
        np.subtract.outer(x[ri], x[cj], out=g)
        np.abs(g, out=g)
        g /= span[j]
        # what there is to trade: d where both state a position, 1 where one does, 0 where neither
        # (set on the few rows and columns without a position instead of two masks over the block)
        row_st, col_st = st[ri], st[cj]
        unstated_cols = np.flatnonzero(~col_st)
        if len(unstated_cols):
            g[np.ix_(np.flatnonzero(row_st), unstated_cols)] = 1.0
        unstated_rows = np.flatnonzero(~row_st)
        if len(unstated_rows):
            g[unstated_rows] = col_st
        np.subtract.outer(share[ri, j], share[cj, j], out=delta)
        delta *= g
        gain_i += np.maximum(delta, 0.0, out=g)
        np.minimum(delta, 0.0, out=delta)
        gain_j -= delta
    np.minimum(gain_i, gain_j, out=gain_i)
    np.clip(gain_i, 0.0, 1.0, out=gain_i)


def common_history(history: sp.spmatrix | NDArray[np.float64]) -> NDArray[np.float64]:
    """The signed history matrix as a dense array: symmetrised (mean with its transpose), clipped to
    [−1, 1], zero diagonal."""
    h = sp.csr_matrix(history, dtype=float)
    return _assemble(h.shape[0], partial(_history_rows, h, h.T.tocsr()))


def _sparse_block(
    m: sp.csr_matrix, ri: NDArray[np.intp], cols: NDArray[np.intp] | None
) -> NDArray[np.float64]:
    sub = m[ri]
    return np.asarray((sub if cols is None else sub[:, cols]).toarray(), dtype=float)


def _history_rows(
    h: sp.csr_matrix, ht: sp.csr_matrix, rows: Rows, cols: NDArray[np.intp] | None = None
) -> NDArray[np.float64]:
    ri, cj = _entries(h.shape[0], rows, cols)
    out = _sparse_block(h, ri, cj)
    out += _sparse_block(ht, ri, cj)
    out /= 2.0
    return _zero_diag_rows(np.clip(out, -1.0, 1.0, out=out), ri, cj)


def common_allies_enemies(relation: sp.spmatrix | NDArray[np.float64]) -> NDArray[np.float64]:
    """Structural balance through third parties, in [−1, 1] (see the module docstring).

    Parameters
    ----------
    relation : sparse or dense matrix, shape (n, n)
        Symmetric friend (+) / enemy (−) relation ``S`` in [−1, 1].

    Returns
    -------
    ndarray, shape (n, n)
    """
    p, q = _balance_products(relation)
    return _assemble(p.shape[0], partial(_balance_rows, p, q))


def _balance_products(
    relation: sp.spmatrix | NDArray[np.float64],
) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """``S Sᵀ`` and ``|S| |S|ᵀ`` as sparse matrices (few third parties per pair: few entries)."""
    s = sp.csr_matrix(relation, dtype=float)
    s.setdiag(0.0)
    s.eliminate_zeros()
    a = abs(s)
    return sp.csr_matrix(s @ s.T), sp.csr_matrix(a @ a.T)


def _balance_rows(
    p: sp.csr_matrix, q: sp.csr_matrix, rows: Rows, cols: NDArray[np.intp] | None = None
) -> NDArray[np.float64]:
    ri, cj = _entries(p.shape[0], rows, cols)
    num = _sparse_block(p, ri, cj)
    den = _sparse_block(q, ri, cj)
    np.maximum(1.0, den, out=den)
    np.divide(num, den, out=num)
    del den
    return _zero_diag_rows(np.clip(num, -1.0, 1.0, out=num), ri, cj)


def shared_vulnerability(vulnerability: ArrayLike) -> NDArray[np.float64]:
    """``√(v_i v_j)`` for per-actor vulnerabilities ``v`` in [0, 1].

    Raises
    ------
    CoalitionInputError
        When a vulnerability lies outside [0, 1].
    """
    v = _vulnerabilities(vulnerability)
    return _assemble(len(v), partial(_vulnerability_rows, v))


def _vulnerabilities(vulnerability: ArrayLike) -> NDArray[np.float64]:
    v = np.asarray(vulnerability, dtype=float)
    if v.ndim != 1 or not np.all(np.isfinite(v)) or np.any((v < 0) | (v > 1)):
        raise CoalitionInputError("vulnerabilities must be one number in [0, 1] per actor")
    return v


def _vulnerability_rows(
    v: NDArray[np.float64], rows: Rows, cols: NDArray[np.intp] | None = None
) -> NDArray[np.float64]:
    ri, cj = _entries(len(v), rows, cols)
    m = np.outer(v[ri], v if cj is None else v[cj])
    return _zero_diag_rows(np.sqrt(m, out=m), ri, cj)


def _exposure_rows(
    shared: NDArray[np.float64], rows: Rows, cols: NDArray[np.intp] | None = None
) -> NDArray[np.float64]:
    ri, cj = _entries(shared.shape[0], rows, cols)
    out = np.clip(shared[ri] if cj is None else shared[np.ix_(ri, cj)], 0.0, 1.0)
    out += np.clip((shared[:, ri] if cj is None else shared[np.ix_(cj, ri)]).T, 0.0, 1.0)
    out /= 2.0
    return _zero_diag_rows(out, ri, cj)


def position_bases(
    inp: AffinityInputs,
    forecast: ArrayLike,
    history: sp.spmatrix | NDArray[np.float64],
    relation: sp.spmatrix | NDArray[np.float64],
) -> dict[str, Basis]:
    """The five bases other than shared vulnerability, in :data:`BASES` order, as :class:`Basis` objects
    (held up to :data:`DENSE_BASES_MAX` actors, else computed by rows when read; what every block of
    rows reads — sides, salience shares — is computed here once)."""
    n = inp.n
    h = sp.csr_matrix(history, dtype=float)
    return {
        "shared_interests": Basis(n, partial(shared_interests_rows, inp)),
        "shared_positions": Basis(n, partial(_positions_rows, _PositionSides.of(inp, forecast))),
        "valuable_trades": Basis(n, partial(_trades_rows, inp, _salience_shares(inp))),
        "common_history": Basis(n, partial(_history_rows, h, h.T.tocsr())),
        "common_allies_enemies": Basis(n, partial(_balance_rows, *_balance_products(relation))),
    }


def vulnerability_basis(vulnerability: ArrayLike) -> Basis:
    """:func:`shared_vulnerability` as a :class:`Basis`."""
    v = _vulnerabilities(vulnerability)
    return Basis(len(v), partial(_vulnerability_rows, v))


def exposure_basis(shared: ArrayLike) -> Basis:
    """The lockout analysis's shared exposure as the shared-vulnerability :class:`Basis`: clipped to
    [0, 1], symmetrised (mean with its transpose), zero diagonal."""
    m = np.asarray(shared, dtype=float)
    return Basis(m.shape[0], partial(_exposure_rows, m))


def _dense_rows(
    m: NDArray[np.float64], rows: Rows, cols: NDArray[np.intp] | None = None
) -> NDArray[np.float64]:
    return m[rows] if cols is None else m[np.ix_(_row_index(m.shape[0], rows), cols)]


#: Up to this many actors the analysis holds each basis as an ``(n, n)`` matrix (8 n² bytes each); above
#: it a basis is never held whole: its rows are computed when read (:class:`Basis`), the same numbers.
DENSE_BASES_MAX = 2000


class Basis:
    """One basis of affinity, an ``(n, n)`` matrix read by rows.

    Up to :data:`DENSE_BASES_MAX` actors (or with ``hold=True``) the matrix is computed once and held;
    above, only the recipe is kept and each read computes the rows it needs (the last row read is kept:
    the per-pair reads of one actor's row cost one row). Either way the numbers are those of the basis
    function: the row computations are the same elementwise operations.

    Supports ``basis[rows]``, ``basis[i, j]``, ``basis[i, cols]``, ``basis[np.ix_(rows, cols)]``,
    :meth:`rows`, :meth:`block` and ``np.asarray(basis)`` (the whole matrix). The recipe is called as
    ``rows(rows)`` or ``rows(rows, cols)`` (the entries of those columns only).
    """

    __slots__ = ("_cache", "_dense", "_rows", "n")

    def __init__(
        self, n: int, rows: Callable[..., NDArray[np.float64]], *, hold: bool | None = None
    ):
        self.n = int(n)
        self._rows = rows
        self._cache: tuple[int, NDArray[np.float64]] | None = None
        keep = self.n <= DENSE_BASES_MAX if hold is None else hold
        self._dense: NDArray[np.float64] | None = _assemble(self.n, rows) if keep else None

    @classmethod
    def of(cls, matrix: ArrayLike) -> Basis:
        """A held basis from a matrix already computed."""
        m = np.asarray(matrix, dtype=float)
        out = cls(m.shape[0], partial(_dense_rows, m), hold=False)
        out._dense = m
        return out

    @property
    def held(self) -> bool:
        """Whether the whole matrix is held."""
        return self._dense is not None

    @property
    def shape(self) -> tuple[int, int]:
        return (self.n, self.n)

    @property
    def ndim(self) -> int:
        return 2

    def rows(self, rows: Rows) -> NDArray[np.float64]:
        """The rows ``rows`` (a slice or an index array), shape ``(len(rows), n)``."""
        if self._dense is not None:
            return self._dense[rows]
        return self._rows(rows)

    def block(self, rows: Rows, cols: NDArray[np.intp]) -> NDArray[np.float64]:
        """The entries of rows ``rows`` × columns ``cols``, shape ``(len(rows), len(cols))``; a basis not
        held computes only those entries."""
        c = np.asarray(cols, dtype=np.intp).ravel()
        if self._dense is not None:
            return self._dense[np.ix_(_row_index(self.n, rows), c)]
        return self._rows(rows, c)

    def _row(self, i: int) -> NDArray[np.float64]:
        if self._dense is not None:
            return self._dense[i]
        if self._cache is None or self._cache[0] != i:
            self._cache = (i, self._rows(np.array([i], dtype=np.intp))[0])
        return self._cache[1]

    def __getitem__(self, key: Any) -> Any:
        if self._dense is not None:
            return self._dense[key]
        if isinstance(key, tuple):
            r, c = key
            if isinstance(r, int | np.integer):
                return self._row(int(r))[c]
            ri = np.asarray(r)
            if ri.ndim == 2:  # np.ix_(rows, cols)
                return self.block(ri.ravel(), np.asarray(c).ravel())
            return self._rows(ri)[:, c] if not isinstance(r, slice) else self._rows(r)[:, c]
        if isinstance(key, int | np.integer):
            return self._row(int(key))
        return self._rows(key)

    def __array__(self, dtype: Any = None, copy: Any = None) -> NDArray[np.float64]:
        m = self._dense if self._dense is not None else _assemble(self.n, self._rows)
        return m if dtype is None else m.astype(dtype)


def combined_affinity(
    bases: Mapping[str, NDArray[np.float64]] | Mapping[str, Basis],
    weights: Mapping[str, float] | None = None,
) -> NDArray[np.float64]:
    """Weighted mean of the basis matrices (equal weights by default), in [−1, 1].

    Raises
    ------
    CoalitionInputError
        For an unknown basis, negative weights, or weights summing to 0.
    """
    w = dict.fromkeys(bases, 1.0) if weights is None else dict(weights)
    unknown = set(w) - set(bases)
    if unknown:
        raise CoalitionInputError(f"unknown affinity bases: {', '.join(sorted(unknown))}")
    if any(v < 0 for v in w.values()) or sum(w.values()) <= 0:
        raise CoalitionInputError("affinity weights must be non-negative with a positive total")
    total = sum(w.values())
    first: Any = next(iter(bases.values()))
    if first.ndim == 2:
        return weighted_sums(bases, [{b: w[b] / total for b in bases if w.get(b, 0.0)}])[0]
    out = np.zeros_like(first)
    term = np.empty_like(out)
    for b, m in bases.items():
        if w.get(b, 0.0):
            np.multiply(w[b] / total, m, out=term)
            out += term
    return out


def weighted_sums(
    bases: Mapping[str, NDArray[np.float64]] | Mapping[str, Basis],
    coefficients: Sequence[Mapping[str, float]],
    into: Sequence[NDArray[np.float64]] | None = None,
) -> list[NDArray[np.float64]]:
    """``Σ_b c_b B_b`` for each mapping ``c`` of coefficients, in one pass over the rows: each block of a
    basis's rows is computed (or read) once for every sum that uses it.

    Each sum runs in the bases' order and skips the bases without a coefficient (or with 0), from zero
    or added to the matching matrix of ``into``; with the coefficients ``w_b / Σ w`` it is
    :func:`combined_affinity`, bit for bit (the same products added in the same order).

    Returns
    -------
    list of ndarray, shape (n, n)
        The sums (``into``'s matrices, updated in place, when given).
    """
    first: Any = next(iter(bases.values()))
    n = first.shape[0]
    outs = [np.zeros((n, n)) for _ in coefficients] if into is None else list(into)
    for r in _row_blocks(n):
        term = np.empty_like(outs[0][r]) if outs else np.empty((0, n))
        for b, m in bases.items():
            use = [(o, c[b]) for o, c in zip(outs, coefficients, strict=True) if c.get(b, 0.0)]
            if not use:
                continue
            rows = _rows_of(m, r)
            for o, c in use:
                # a block of rows at a time: one small temporary instead of a second (n, n) matrix
                np.multiply(c, rows, out=term)
                o[r] += term
    return outs


def _rows_of(m: Any, r: slice) -> NDArray[np.float64]:
    return m.rows(r) if isinstance(m, Basis) else np.asarray(m)[r]


def top_pairs(affinity: NDArray[np.float64], k: int = 10) -> list[tuple[int, int]]:
    """The ``k`` pairs ``i < j`` of highest ``affinity[i, j]``, ties in row-major order of the pairs.

    The same pairs, in the same order, as a stable sort of the whole upper triangle
    (``np.lexsort((j, i, -values))[:k]``), without building it: each row keeps only its entries at least
    its own ``k``-th largest (so a tie at the cut is kept whole), and the survivors — at most a few
    ``k`` per row — are sorted. Memory O(n) per row instead of the triangle's ``n(n-1)/2`` values and
    indices (1.2 GB at 10,000 actors); a matrix with NaN goes through the full sort (NaN last).
    """
    a = np.asarray(affinity)
    n = a.shape[0]
    if n < 2 or k < 1:
        return []
    if np.isnan(a).any():
        iu = np.triu_indices(n, 1)
        vals = a[iu]
        order = np.lexsort((iu[1], iu[0], -vals))[:k]
        return [(int(iu[0][t]), int(iu[1][t])) for t in order]
    rows: list[NDArray[np.intp]] = []
    cols: list[NDArray[np.intp]] = []
    for i in range(n - 1):
        row = a[i, i + 1 :]
        if len(row) > k:
            cut = np.partition(row, len(row) - k)[len(row) - k]
            keep = np.flatnonzero(row >= cut)
        else:
            keep = np.arange(len(row))
        rows.append(np.full(len(keep), i, dtype=np.intp))
        cols.append(keep + i + 1)
    ii = np.concatenate(rows)
    jj = np.concatenate(cols)
    order = np.lexsort((jj, ii, -a[ii, jj]))[:k]
    return [(int(ii[t]), int(jj[t])) for t in order]
