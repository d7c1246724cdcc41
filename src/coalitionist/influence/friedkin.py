"""The Friedkin–Johnsen model of opinion formation: where each actor's position ends up after influence flows.

Each actor ``i`` repeatedly moves to a mix of the positions of those who influence it and its own initial
position:

    x(t + 1) = Λ W x(t) + (I − Λ) x(0),

with ``W`` row-stochastic (``W[i, j]`` = share of ``i``'s incoming influence that comes from ``j``) and
``Λ = diag(λ)`` the actors' *susceptibility* to influence (``λ_i = 0``: keeps its initial position;
``λ_i = 1``: takes only others' positions). When the process converges its limit is

    x* = (I − ΛW)⁻¹ (I − Λ) x(0) = V x(0),

and ``V = (I − ΛW)⁻¹ (I − Λ)`` is row-stochastic: ``V[i, j]`` is the *total* (direct plus indirect) weight of
``j``'s initial position in ``i``'s final one, so ``x*_i − x_i(0) = Σ_j V[i, j] (x_j(0) − x_i(0))`` splits each
shift into the pulls of the actors behind it.

Default susceptibility (``"share"``)
------------------------------------
``λ_i = s_i / (1 + s_i)`` with ``s_i`` the actor's total incoming influence strength (the sum of its incoming
tie weights, each in [0, 1]). Read the other way, ``i``'s own initial position weighs 1 and each influencer
``j`` weighs its tie strength ``a_ji``, so that ``x_i = (x_i(0) + Σ_j a_ji x_j) / (1 + s_i)``: one tie of
strength 1 makes an actor meet the influencer halfway; an actor nobody influences keeps its position. A
constant ``c`` gives ``λ_i = c`` to every actor with incoming ties (0 to the others), as in many applications
of the model (Friedkin & Johnsen 2011, ch. 3).

References
----------
.. [1] N. E. Friedkin & E. C. Johnsen, "Social influence and opinions", *Journal of Mathematical Sociology*
   15(3–4), 1990, pp. 193–206.
.. [2] N. E. Friedkin & E. C. Johnsen, *Social Influence Network Theory*, Cambridge UP, 2011.
.. [3] A. V. Proskurnikov & R. Tempo, "A tutorial on modeling and analysis of dynamic social networks.
   Part I", *Annual Reviews in Control* 43, 2017, pp. 65–79 (convergence conditions).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]
from numpy.typing import ArrayLike, NDArray
from scipy.sparse.linalg import splu  # type: ignore[import-untyped]

from coalitionist.influence.errors import FriedkinJohnsenSingularError, InfluenceInputError

__all__ = [
    "Susceptibility",
    "friedkin_johnsen",
    "influence_weights",
    "total_influence",
]

#: ``"share"``, a constant in [0, 1] for actors with incoming ties, or one value per actor.
Susceptibility = str | float | ArrayLike

_ROW_TOL = 1e-9


def influence_weights(
    influence: sp.spmatrix | NDArray[np.float64], susceptibility: Susceptibility = "share"
) -> tuple[sp.csr_matrix, NDArray[np.float64]]:
    """Build ``W`` (row-normalised incoming influence) and ``λ`` from an influence matrix.

    Parameters
    ----------
    influence : sparse or dense matrix, shape (n, n)
        ``influence[j, i]``: strength with which ``j`` sways ``i`` (≥ 0). Self-ties are ignored.
    susceptibility : "share", float or array of shape (n,)
        ``"share"``: ``λ_i = s_i / (1 + s_i)`` with ``s_i`` the incoming strength; a float ``c`` in [0, 1]:
        ``λ_i = c`` for actors with incoming ties; an array: ``λ`` itself (set to 0 where nobody influences
        the actor).

    Returns
    -------
    W : scipy.sparse.csr_matrix, shape (n, n)
        ``W[i, j] = influence[j, i] / s_i`` (a zero row where ``s_i = 0``).
    lam : ndarray, shape (n,)

    Raises
    ------
    InfluenceInputError
        For negative or non-finite strengths, an unknown susceptibility word, or values outside [0, 1].
    """
    a = sp.csr_matrix(influence, dtype=float)
    if a.shape[0] != a.shape[1]:
        raise InfluenceInputError(f"the influence matrix must be square, got shape {a.shape}")
    if not np.all(np.isfinite(a.data)) or np.any(a.data < 0):
        raise InfluenceInputError("influence strengths must be finite and non-negative")
    a.setdiag(0.0)
    a.eliminate_zeros()
    n = a.shape[0]
    s_in = np.asarray(a.sum(axis=0)).ravel()
    has_in = s_in > 0
    w = (sp.diags(np.where(has_in, 1.0 / np.where(has_in, s_in, 1.0), 0.0)) @ a.T).tocsr()
    if isinstance(susceptibility, str):
        if susceptibility != "share":
            raise InfluenceInputError(
                f"unknown susceptibility '{susceptibility}': use 'share', a number in [0, 1] or one per actor"
            )
        lam = s_in / (1.0 + s_in)
    else:
        arr = np.asarray(susceptibility, dtype=float)
        if arr.ndim == 0:
            lam = np.full(n, float(arr))
        elif arr.shape == (n,):
            lam = arr.copy()
        else:
            raise InfluenceInputError(
                f"susceptibility must be a number or {n} numbers, got shape {arr.shape}"
            )
        if not np.all(np.isfinite(lam)) or np.any((lam < 0) | (lam > 1)):
            raise InfluenceInputError("susceptibility values must lie in [0, 1]")
    lam = np.where(has_in, lam, 0.0)
    return w, lam


def _check(
    w: sp.spmatrix | NDArray[np.float64], lam: ArrayLike
) -> tuple[sp.csc_matrix, NDArray[np.float64]]:
    ws = sp.csr_matrix(w, dtype=float)
    n = ws.shape[0]
    if ws.shape != (n, n):
        raise InfluenceInputError(f"W must be square, got shape {ws.shape}")
    lv = np.asarray(lam, dtype=float)
    if lv.shape != (n,):
        raise InfluenceInputError(f"λ must have shape ({n},), got {lv.shape}")
    if not np.all(np.isfinite(ws.data)) or np.any(ws.data < 0):
        raise InfluenceInputError("W must be finite and non-negative")
    if not np.all(np.isfinite(lv)) or np.any((lv < 0) | (lv > 1)):
        raise InfluenceInputError("λ must lie in [0, 1]")
    rows = np.asarray(ws.sum(axis=1)).ravel()
    empty = rows <= _ROW_TOL
    if np.any(~empty & (np.abs(rows - 1.0) > 1e-6)):
        raise InfluenceInputError(
            "every non-empty row of W must sum to 1 (row-normalised influence)"
        )
    if np.any(empty & (lv > 0)):
        raise InfluenceInputError("an actor nobody influences (empty row of W) must have λ = 0")
    m = (sp.identity(n, format="csr") - sp.diags(lv) @ ws).tocsc()
    return m, lv


_SINGULAR = (
    "the Friedkin–Johnsen model has no unique equilibrium: I − ΛW is singular (a group of actors with"
    " susceptibility 1 listens only to itself); give some of them a susceptibility below 1"
)


#: Up to this many actors the equilibrium is solved directly (sparse LU). Above it, when the influence
#: contracts (``ρ = ‖ΛW‖_∞ ≤`` :data:`ITERATE_MAX_RHO`, always so for the default susceptibility, under
#: which every ``λ_i < 1``), by the model's own iteration run until its a-priori error bound
#: ``ρ / (1 − ρ) · ‖x(t + 1) − x(t)‖`` is below :data:`ITERATE_TOL` of the solution's size: on random
#: influence networks the LU factors fill in (7 factorisations cost 6–15 s of CPU at 3,000 actors), the
#: iteration costs a few hundred sparse products.
DIRECT_MAX = 2000
#: Largest contraction factor for which the iteration is used instead of the LU factorisation.
ITERATE_MAX_RHO = 0.999
#: Relative error bound at which the iteration stops.
ITERATE_TOL = 1e-13


def _contraction(m: sp.csc_matrix) -> tuple[sp.csr_matrix, float] | None:
    """``(ΛW, ρ = ‖ΛW‖_∞)`` when the iteration is to be used for ``m = I − ΛW``, else None."""
    n = m.shape[0]
    if n <= DIRECT_MAX:
        return None
    lw = (sp.identity(n, format="csr") - m.tocsr()).tocsr()
    lw.eliminate_zeros()
    rho = float(np.asarray(abs(lw).sum(axis=1)).max()) if lw.nnz else 0.0
    return (lw, rho) if rho <= ITERATE_MAX_RHO else None


def _iterate(
    op: sp.csr_matrix, rho: float, b: NDArray[np.float64], axis: int
) -> NDArray[np.float64]:
    """Solve ``x = op x + b`` (``‖op‖ ≤ ρ < 1`` in the norm of ``axis``: 0 for ∞, 1 for 1 per column)."""
    x = b.copy()
    factor = rho / (1.0 - rho)
    while True:
        nxt = op @ x + b
        step = np.abs(nxt - x)
        size = np.abs(nxt)
        if axis == 0:
            err, scale = step.max(axis=0), size.max(axis=0)
        else:
            err, scale = step.sum(axis=0), size.sum(axis=0)
        x = nxt
        if np.all(factor * err <= ITERATE_TOL * np.maximum(scale, 1e-300)):
            return np.asarray(x)


def _factor(m: sp.csc_matrix) -> object:
    try:
        lu = splu(m)
    except RuntimeError as exc:
        raise FriedkinJohnsenSingularError(_SINGULAR) from exc
    diag = np.abs(lu.U.diagonal())
    if diag.size and diag.min() <= 1e-12 * max(1.0, diag.max()):
        raise FriedkinJohnsenSingularError(_SINGULAR)
    return lu


def friedkin_johnsen(
    w: sp.spmatrix | NDArray[np.float64], lam: ArrayLike, x0: ArrayLike
) -> NDArray[np.float64]:
    """Equilibrium positions ``x* = (I − ΛW)⁻¹ (I − Λ) x(0)`` of the Friedkin–Johnsen model.

    Algorithm: one sparse LU factorisation of ``I − ΛW`` (SuperLU), then a solve per column of ``x(0)``;
    above :data:`DIRECT_MAX` actors, when ``‖ΛW‖_∞ ≤`` :data:`ITERATE_MAX_RHO`, the model's own iteration
    to a guaranteed relative error below :data:`ITERATE_TOL` instead.

    Parameters
    ----------
    w : sparse or dense matrix, shape (n, n)
        Row-stochastic influence weights (rows of actors nobody influences may be all zero).
    lam : array of shape (n,)
        Susceptibilities in [0, 1] (0 where the row of ``w`` is empty).
    x0 : array of shape (n,) or (n, k)
        Initial positions (one column per issue).

    Returns
    -------
    ndarray, same shape as ``x0``

    Raises
    ------
    InfluenceInputError
        When the inputs are malformed.
    FriedkinJohnsenSingularError
        When ``I − ΛW`` is singular (a closed group of actors with λ = 1).

    Examples
    --------
    Two actors; ``a`` listens only to ``b`` with λ = 0.5, ``b`` is stubborn: ``a`` ends halfway.

    >>> import numpy as np
    >>> friedkin_johnsen(np.array([[0.0, 1.0], [0.0, 0.0]]), [0.5, 0.0], [0.0, 10.0]).tolist()
    [5.0, 10.0]
    """
    m, lv = _check(w, lam)
    x = np.asarray(x0, dtype=float)
    if x.shape[0] != lv.shape[0] or x.ndim not in (1, 2):
        raise InfluenceInputError(f"x0 must have {lv.shape[0]} rows, got shape {x.shape}")
    if not np.all(np.isfinite(x)):
        raise InfluenceInputError("initial positions must be finite")
    if x.size == 0:
        return x.copy()
    rhs = (1.0 - lv)[:, None] * x.reshape(len(lv), -1)
    it = _contraction(m)
    if it is not None:
        return _iterate(it[0], it[1], rhs, axis=0).reshape(x.shape)
    lu = _factor(m)
    out = np.asarray(lu.solve(rhs))  # type: ignore[attr-defined]
    return out.reshape(x.shape)


def total_influence(
    w: sp.spmatrix | NDArray[np.float64], lam: ArrayLike, rows: Sequence[int] | None = None
) -> NDArray[np.float64]:
    """Rows of ``V = (I − ΛW)⁻¹ (I − Λ)``: the total weight of each actor's initial position in another's
    final one.

    Algorithm: ``V[r, :] = y_rᵀ (I − Λ)`` with ``(I − ΛW)ᵀ y_r = e_r`` (one transposed solve per requested
    row, so asking for a few decision makers costs a few sparse solves, not an inverse; above
    :data:`DIRECT_MAX` actors, when the influence contracts, ``y = e_r + (ΛW)ᵀ y`` iterated to a guaranteed
    relative error in the 1-norm below :data:`ITERATE_TOL`).

    Parameters
    ----------
    w, lam : as for :func:`friedkin_johnsen`.
    rows : sequence of int, optional
        The actors whose final positions to decompose (default: all).

    Returns
    -------
    ndarray, shape (len(rows), n)
        Each row is non-negative and sums to 1 (exactly, up to rounding, when the model converges).
    """
    m, lv = _check(w, lam)
    n = lv.shape[0]
    r = np.arange(n) if rows is None else np.asarray(list(rows), dtype=np.int64)
    if len(r) == 0 or n == 0:
        return np.zeros((len(r), n))
    e = np.zeros((n, len(r)))
    e[r, np.arange(len(r))] = 1.0
    it = _contraction(m)
    if it is not None:
        y = _iterate(it[0].T.tocsr(), it[1], e, axis=1)
    else:
        lu = _factor(m)
        y = np.asarray(lu.solve(e, trans="T"))  # type: ignore[attr-defined]
    return (y * (1.0 - lv)[:, None]).T
