"""Each decision maker's vote — yes, no or abstain — on a proposal against the status quo.

The model (spatial voting with abstention from indifference):

1. Actor ``i``'s utility for a point ``x`` is the salience-weighted loss from its ideal point, each issue
   measured in shares of its scale so that issues on different scales are comparable:

   * ``linear`` (default): ``u_i(x) = −Σ_k s_ik |x_k − p_ik| / w_k``
   * ``quadratic``: ``u_i(x) = −Σ_k s_ik ((x_k − p_ik) / w_k)²``

   with ``p_ik`` its position, ``s_ik ∈ [0, 1]`` its salience and ``w_k`` the width of issue ``k``'s scale.
   Both are the single-peaked, symmetric preferences of the spatial model of voting (Black 1948;
   Romer & Rosenthal 1978: a voter compares the proposal with the reversion point, the status quo);
   the linear form is the one the expected-utility bargaining models of :mod:`coalitionist.forecast` use.
2. The gain of the proposal ``x`` over the status quo ``q`` is ``Δ_i = u_i(x) − u_i(q)``; issues the proposal
   leaves at the status quo contribute nothing.
3. The vote is **yes** when ``Δ_i > δ_i``, **no** when ``Δ_i < −δ_i`` and **abstain** otherwise, ``δ_i ≥ 0``
   being the actor's *indifference band*: an actor for which the proposal changes too little abstains
   (abstention from indifference, Hinich & Ordeshook 1969; Enelow & Hinich 1984, ch. 5). The default band is
   :data:`DEFAULT_BAND` = 0.05, i.e. five percentage points of one fully salient issue's scale.

The three-valued vote is the input of a *ternary* voting rule (Felsenthal & Machover 1997), evaluated by
:mod:`coalitionist.outcome.rule`. Votes are coded ``1`` (yes), ``0`` (abstain), ``−1`` (no).

References
----------
.. [1] D. Black, "On the rationale of group decision-making", *J. Political Economy* 56 (1948) 23–34.
.. [2] T. Romer and H. Rosenthal, "Political resource allocation, controlled agendas, and the status quo",
   *Public Choice* 33 (1978) 27–43.
.. [3] M. J. Hinich and P. C. Ordeshook, "Abstentions and equilibrium in the electoral process",
   *Public Choice* 7 (1969) 81–106.
.. [4] J. M. Enelow and M. J. Hinich, *The Spatial Theory of Voting*, Cambridge University Press, 1984.
.. [5] D. S. Felsenthal and M. Machover, "Ternary voting games", *Int. J. Game Theory* 26 (1997) 335–351.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from coalitionist.jsonable import plain
from coalitionist.outcome.errors import InvalidVoteInputError

__all__ = [
    "ABSTAIN",
    "DEFAULT_BAND",
    "NO",
    "VOTE_NAMES",
    "YES",
    "Loss",
    "VoteResult",
    "cast_votes",
    "flip_margins",
    "predict_votes",
    "utility_gain",
]

#: Vote codes.
YES, ABSTAIN, NO = 1, 0, -1
#: Vote code → name.
VOTE_NAMES: dict[int, str] = {YES: "yes", ABSTAIN: "abstain", NO: "no"}
#: Default indifference band: a gain within ±0.05 (share of one fully salient issue's scale) abstains.
DEFAULT_BAND = 0.05

Loss = Literal["linear", "quadratic"]


def _f(x: ArrayLike, what: str) -> NDArray[np.float64]:
    a = np.asarray(x, dtype=float)
    if not np.isfinite(a).all():
        raise InvalidVoteInputError(f"{what} must be finite numbers")
    return a


def utility_gain(
    positions: ArrayLike,
    salience: ArrayLike,
    proposal: ArrayLike,
    status_quo: ArrayLike,
    *,
    width: ArrayLike | None = None,
    loss: Loss = "linear",
) -> NDArray[np.float64]:
    """Each actor's utility gain ``Δ_i = u_i(proposal) − u_i(status quo)`` (see the module docstring).

    Parameters
    ----------
    positions, salience : array_like, shape (..., n, k)
        Ideal points (issues' own units) and saliences in [0, 1]; leading axes (e.g. Monte Carlo draws)
        broadcast.
    proposal, status_quo : array_like, shape (k,) or (..., k)
        The point voted on and the reversion point. An issue the proposal does not change has
        ``proposal == status_quo`` there.
    width : array_like, shape (k,), optional
        Width of each issue's scale (default 1: positions already in shares).
    loss : {"linear", "quadratic"}

    Returns
    -------
    ndarray, shape (..., n)

    Examples
    --------
    >>> utility_gain([[80.0], [20.0]], [[1.0], [0.5]], [100.0], [0.0], width=[100.0]).round(3).tolist()
    [0.6, -0.3]
    """
    p = _f(positions, "positions")
    s = _f(salience, "salience")
    x = _f(proposal, "proposal")
    q = _f(status_quo, "status_quo")
    if p.ndim < 2 or s.shape != p.shape:
        raise InvalidVoteInputError(
            f"positions and salience must have the same shape (..., n, k), got {p.shape} and {s.shape}"
        )
    k = p.shape[-1]
    if x.shape[-1:] != (k,) or q.shape[-1:] != (k,):
        raise InvalidVoteInputError(
            f"proposal and status_quo need {k} entries (one per issue), got {x.shape} and {q.shape}"
        )
    w = np.ones(k) if width is None else _f(width, "width")
    if w.shape != (k,) or (w <= 0).any():
        raise InvalidVoteInputError(f"width must be {k} positive numbers, got {w.tolist()}")
    if ((s < 0) | (s > 1)).any():
        raise InvalidVoteInputError("salience must lie in [0, 1]")
    xb = x[..., None, :]
    qb = q[..., None, :]
    if loss == "linear":
        d = (np.abs(qb - p) - np.abs(xb - p)) / w
    elif loss == "quadratic":
        d = (((qb - p) / w) ** 2) - (((xb - p) / w) ** 2)
    else:
        raise InvalidVoteInputError(f"loss must be 'linear' or 'quadratic', got {loss!r}")
    out: NDArray[np.float64] = (s * d).sum(axis=-1)
    return out


def _bands(band: ArrayLike, shape: tuple[int, ...]) -> NDArray[np.float64]:
    b = _f(band, "band")
    if (b < 0).any():
        raise InvalidVoteInputError("the indifference band must be ≥ 0")
    try:
        return np.broadcast_to(b, shape).astype(float)
    except ValueError:
        raise InvalidVoteInputError(
            f"band must be one number or one per actor (shape {shape}), got shape {b.shape}"
        ) from None


def cast_votes(gain: ArrayLike, band: ArrayLike = DEFAULT_BAND) -> NDArray[np.int8]:
    """Votes from gains: ``1`` (yes) where ``gain > band``, ``−1`` (no) where ``gain < −band``, else ``0``.

    Examples
    --------
    >>> cast_votes([0.2, 0.01, -0.3], 0.05).tolist()
    [1, 0, -1]
    """
    g = _f(gain, "gain")
    b = _bands(band, g.shape)
    return np.where(g > b, YES, np.where(g < -b, NO, ABSTAIN)).astype(np.int8)


def flip_margins(gain: ArrayLike, band: ArrayLike = DEFAULT_BAND) -> NDArray[np.float64]:
    """How far each actor's gain must move for it to cast each vote: shape ``(..., n, 3)``.

    Column order is yes, abstain, no (codes 1, 0, −1). The entry of the vote the actor casts is 0; the
    others are the utility change (≥ 0, in the units of :func:`utility_gain`) that brings the gain to the
    edge of that vote's region (for yes: ``δ − Δ``; for no: ``Δ + δ``; for abstain: ``Δ − δ`` from yes,
    ``−δ − Δ`` from no).

    Examples
    --------
    >>> flip_margins([0.2], 0.05).round(2).tolist()
    [[0.0, 0.15, 0.25]]
    """
    g = _f(gain, "gain")
    b = _bands(band, g.shape)
    to_yes = np.maximum(b - g, 0.0)
    to_no = np.maximum(g + b, 0.0)
    to_abstain = np.where(g > b, g - b, np.where(g < -b, -b - g, 0.0))
    return np.stack([to_yes, to_abstain, to_no], axis=-1)


#: Column of :func:`flip_margins` for each vote code.
MARGIN_COLUMN: dict[int, int] = {YES: 0, ABSTAIN: 1, NO: 2}


@dataclass(frozen=True)
class VoteResult:
    """The predicted votes on one proposal.

    Attributes
    ----------
    actors : tuple of str
        Ids, in row order.
    proposal, status_quo : ndarray, shape (k,)
    gain : ndarray, shape (n,)
        ``u_i(proposal) − u_i(status quo)``.
    band : ndarray, shape (n,)
        Indifference bands used.
    codes : ndarray of int8, shape (n,)
        ``1`` yes, ``0`` abstain, ``−1`` no.
    loss : str
        ``"linear"`` or ``"quadratic"``.
    """

    actors: tuple[str, ...]
    proposal: NDArray[np.float64]
    status_quo: NDArray[np.float64]
    gain: NDArray[np.float64]
    band: NDArray[np.float64]
    codes: NDArray[np.int8]
    loss: str

    @property
    def votes(self) -> dict[str, str]:
        """Actor id → ``"yes"`` / ``"no"`` / ``"abstain"``."""
        return {a: VOTE_NAMES[int(c)] for a, c in zip(self.actors, self.codes, strict=True)}

    def prefers_proposal(self) -> tuple[str, ...]:
        """Ids of the actors that vote yes (prefer the proposal to the status quo beyond their band)."""
        return tuple(a for a, c in zip(self.actors, self.codes, strict=True) if c == YES)

    @property
    def margins(self) -> NDArray[np.float64]:
        """:func:`flip_margins` of every actor, shape ``(n, 3)`` (yes, abstain, no)."""
        return flip_margins(self.gain, self.band)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable data, keyed by actor id."""
        return plain(
            {
                "loss": self.loss,
                "proposal": self.proposal,
                "status_quo": self.status_quo,
                "votes": self.votes,
                "gain": dict(zip(self.actors, self.gain, strict=True)),
                "band": dict(zip(self.actors, self.band, strict=True)),
            }
        )


def predict_votes(
    positions: ArrayLike,
    salience: ArrayLike,
    proposal: ArrayLike,
    status_quo: ArrayLike,
    *,
    width: ArrayLike | None = None,
    band: ArrayLike = DEFAULT_BAND,
    loss: Loss = "linear",
    actors: Sequence[str] | None = None,
) -> VoteResult:
    """Predict every actor's vote on ``proposal`` against ``status_quo`` (see the module docstring).

    Parameters
    ----------
    positions, salience : array_like, shape (n, k)
    proposal, status_quo : array_like, shape (k,)
    width : array_like, shape (k,), optional
        Width of each issue's scale (default 1).
    band : float or array_like, shape (n,)
        Indifference band(s) ``δ_i`` (default :data:`DEFAULT_BAND`).
    loss : {"linear", "quadratic"}
    actors : sequence of str, optional
        Ids (default ``actor1 … actorn``).

    Returns
    -------
    VoteResult

    Examples
    --------
    >>> r = predict_votes([[90.0], [52.0], [10.0]], [[1.0], [1.0], [0.8]], [100.0], [0.0], width=[100.0],
    ...                   actors=["a", "b", "c"])
    >>> r.votes
    {'a': 'yes', 'b': 'abstain', 'c': 'no'}
    """
    p = _f(positions, "positions")
    if p.ndim != 2:
        raise InvalidVoteInputError(f"positions must have shape (n, k), got {p.shape}")
    n = p.shape[0]
    ids = tuple(actors) if actors is not None else tuple(f"actor{i + 1}" for i in range(n))
    if len(ids) != n:
        raise InvalidVoteInputError(f"{len(ids)} actor ids for {n} rows of positions")
    gain = utility_gain(p, salience, proposal, status_quo, width=width, loss=loss)
    bands = _bands(band, (n,)).copy()
    return VoteResult(
        actors=ids,
        proposal=_f(proposal, "proposal").copy(),
        status_quo=_f(status_quo, "status_quo").copy(),
        gain=gain,
        band=bands,
        codes=cast_votes(gain, bands),
        loss=loss,
    )
