"""Trades on risk attitudes: sharing a joint risk by Borch's rule.

Borch (1962): a sharing of a random joint outcome ``X`` among actors with utilities ``v_i`` is
Pareto-optimal exactly when the ratios of marginal utilities ``v_i'(x_i(s)) / v_j'(x_j(s))`` are the same
in every state ``s``. With constant absolute risk aversion ``v_i(x) = -exp(-a_i x)`` that makes every
share linear in ``X``: ``x_i = tau_i / sum_j tau_j * X + c_i``, with risk tolerance ``tau_i = 1 / a_i``
and side payments ``c_i`` summing to zero (Wilson 1968, "The theory of syndicates"). Risk-neutral actors
(``a_i = 0``) bear all the risk between them.

For a normally distributed ``X`` with variance ``sigma^2``, bearing the share ``s_i`` costs actor ``i`` the
risk premium ``a_i s_i^2 sigma^2 / 2`` (certainty-equivalent loss). The Borch shares minimise the total
premium, to ``sigma^2 / (2 sum_j tau_j)``; compared with equal shares the saving is the joint gain, and
side payments can split it so that every actor gains.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from coalitionist.trades.describe import worded
from coalitionist.trades.errors import TradeInputError
from coalitionist.trades.inputs import TradeInputs
from coalitionist.trades.result import Trade

__all__ = ["REFERENCE", "borch_shares", "risk_premia", "risk_sharing_trade"]

REFERENCE = "sharing the risk equally, per unit of the risk's variance"


def borch_shares(risk_aversion: ArrayLike) -> NDArray[np.float64]:
    """Pareto-optimal linear shares of a joint risk under CARA utilities (Borch's rule).

    Parameters
    ----------
    risk_aversion : array_like, shape (m,)
        CARA coefficients ``a_i >= 0``.

    Returns
    -------
    ndarray, shape (m,)
        ``tau_i / sum tau`` with ``tau_i = 1 / a_i``; if some actors are risk neutral (``a_i = 0``)
        they share the risk equally and the others bear none.

    Examples
    --------
    >>> borch_shares([1 / 100, 1 / 300]).round(6).tolist()
    [0.25, 0.75]
    """
    a = np.asarray(risk_aversion, dtype=np.float64)
    if a.ndim != 1 or a.size == 0 or not np.isfinite(a).all() or (a < 0).any():
        raise TradeInputError("risk_aversion must be a non-empty vector of finite numbers >= 0")
    neutral = a == 0
    if neutral.any():
        return neutral / neutral.sum()
    tolerance = 1.0 / a
    out: NDArray[np.float64] = tolerance / tolerance.sum()
    return out


def risk_premia(
    risk_aversion: ArrayLike, shares: ArrayLike, variance: float = 1.0
) -> NDArray[np.float64]:
    """Each actor's risk premium ``a_i s_i^2 variance / 2`` for bearing ``s_i`` of a normal risk."""
    a = np.asarray(risk_aversion, dtype=np.float64)
    s = np.asarray(shares, dtype=np.float64)
    out: NDArray[np.float64] = a * s**2 * variance / 2
    return out


def risk_sharing_trade(inputs: TradeInputs) -> Trade | None:
    """Borch sharing among the actors with a stated risk aversion, against equal shares.

    ``None`` when fewer than two actors state a risk aversion or all state the same one (equal shares
    are then already optimal).
    """
    if inputs.risk_aversion is None:
        return None
    idx = [i for i in range(inputs.n_actors) if not np.isnan(inputs.risk_aversion[i])]
    if len(idx) < 2:
        return None
    a = inputs.risk_aversion[idx]
    if (a == a[0]).all():
        return None
    names = [inputs.actors[i] for i in idx]
    m = len(idx)
    shares = borch_shares(a)
    equal = np.full(m, 1.0 / m)
    prem_equal = risk_premia(a, equal)
    prem_borch = risk_premia(a, shares)
    saving = float(prem_equal.sum() - prem_borch.sum())
    side = saving / m - (prem_equal - prem_borch)  # paid to each actor so all gain saving / m
    gains = dict.fromkeys(names, saving / m)
    return worded(
        Trade(
            kind="risk",
            actors=tuple(names),
            gains=gains,
            joint_gain=saving,
            reference=REFERENCE,
            explanation="",
            terms={
                "shares": {nm: float(s) for nm, s in zip(names, shares, strict=True)},
                "risk_aversion": {nm: float(x) for nm, x in zip(names, a, strict=True)},
                "risk_tolerance": {
                    nm: (None if x == 0 else float(1 / x)) for nm, x in zip(names, a, strict=True)
                },
                "side_payments": {nm: float(c) for nm, c in zip(names, side, strict=True)},
                "risk_premium_equal_shares": float(prem_equal.sum()),
                "risk_premium_borch": float(prem_borch.sum()),
            },
        )
    )
