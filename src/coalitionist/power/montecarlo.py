"""Monte Carlo estimates of the Banzhaf and Shapley–Shubik indices with an (ε, δ) guarantee.

Banzhaf: draw ``m`` coalitions uniformly (each player in with probability ½). For each sample and each
player ``i``, ``wins(S ∪ {i}) − wins(S ∖ {i})`` is a 0/1 variable whose mean is ``i``'s swing probability
(the absolute Banzhaf index). Shapley–Shubik: draw ``m`` uniformly random orders; ``i`` scores 1 when it
is the player whose arrival first makes the coalition win; the mean is ``i``'s Shapley–Shubik index.

Guarantee (Bachrach, Markakis, Resnick, Procaccia, Rosenschein & Saberi 2010, *JAAMAS* 20): every estimate
is a mean of ``m`` independent variables in [0, 1], so by Hoeffding's inequality
``P(|est − true| ≥ ε) ≤ 2 exp(−2 m ε²)``. With ``m = ⌈ln(4n/δ) / (2ε²)⌉`` samples for each index and a union
bound over the ``2n`` estimates, *all* absolute Banzhaf and Shapley–Shubik estimates are within ``ε`` of the
truth with probability at least ``1 − δ``. The normalised Banzhaf index is the ratio of the estimates (no
separate guarantee). Relative-error guarantees are impossible in general (an index can be exponentially
small), as the same paper shows.

Deegan–Packel, Holler and Johnston come from the same uniform coalitions ``S``: with ``κ(S)`` the number
of critical members of a winning ``S`` (those whose removal makes it lose),

* ``[i critical in S] / κ(S)`` has mean ``r_i / 2^n`` (Johnston's raw score over ``2^n``);
* ``[S minimal winning, i ∈ S]`` has mean ``h_i / 2^n`` (Holler's numerator) and
  ``[S minimal winning, i ∈ S] / |S|`` mean ``d_i / 2^n`` (Deegan–Packel's numerator),

each an unbiased estimator of a [0, 1]-valued mean, so Hoeffding's bound covers them too (the union bound
counts ``n`` more estimates per index). The normalised indices are ratios of these means (consistent,
not unbiased); when minimal winning coalitions are a tiny share of all coalitions, few are seen and the
ratios are unreliable: the number seen is reported.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from coalitionist.errors import InvalidArgumentError
from coalitionist.power.linear import LinearGame
from coalitionist.power.stats import GameStats

_BATCH_CELLS = 1 << 22


def samples_needed(n: int, epsilon: float, delta: float, kinds: int = 2) -> int:
    """Samples per index so that all ``kinds · n`` estimates are ``ε``-accurate with probability ``1 − δ``."""
    return max(1, math.ceil(math.log(2 * kinds * n / delta) / (2 * epsilon**2)))


def _matrix(game: LinearGame) -> tuple[NDArray[Any], bool]:
    """Weight matrix ``(n, d)`` and whether float64 sums are exact."""
    big = max(game.totals, default=0) >= 2**53
    if not game.dims:
        return np.zeros((game.n, 0), dtype=np.int64 if big else np.float64), not big
    mat = np.asarray(game.dims, dtype=np.int64 if big else np.float64).T
    return mat, not big


def _sums(masks: NDArray[np.bool_], mat: NDArray[Any]) -> NDArray[Any]:
    return np.einsum("bn,nd->bd", masks.astype(mat.dtype), mat)


def monte_carlo_stats(
    game: LinearGame,
    *,
    epsilon: float,
    delta: float,
    rng: np.random.Generator,
    banzhaf: bool = True,
    shapley: bool = True,
    minimal: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[GameStats, int]:
    """Estimate swing probabilities, Shapley–Shubik values and (``minimal`` > 0: that many of
    Deegan–Packel, Holler, Johnston) the minimal-coalition numerators; returns ``(stats, samples)``.

    ``progress(done, total)`` is called after each batch: ``total`` counts the coalitions to draw (for the
    swings) plus the orders (for Shapley–Shubik), ``done`` those drawn so far. It changes no number.
    """
    n = game.n
    if max(game.totals, default=0) >= 2**62:
        raise InvalidArgumentError("weights too large for Monte Carlo sums")
    m = samples_needed(n, epsilon, delta, kinds=int(banzhaf) + int(shapley) + minimal or 1)
    mat, _ = _matrix(game)
    d = mat.shape[1]
    batch = max(1, _BATCH_CELLS // max(1, n * max(1, d)))
    swings = np.zeros(n, dtype=np.int64)
    jo = np.zeros(n)
    hol = np.zeros(n, dtype=np.int64)
    dpr = np.zeros(n)
    mwc_seen = 0
    done = 0 if (banzhaf or minimal) else m
    total = (m - done) + (m if shapley else 0)
    while done < m:
        b = min(batch, m - done)
        masks = rng.random((b, n)) < 0.5
        base = _sums(masks, mat)  # (b, d)
        size = masks.sum(axis=1)
        with_sums = [base[:, j, None] + mat[None, :, j] * (~masks) for j in range(d)]
        without_sums = [base[:, j, None] - mat[None, :, j] * masks for j in range(d)]
        with_size = size[:, None] + (~masks)
        without_size = size[:, None] - masks
        win_with = game.evaluate(with_size, with_sums)
        win_without = game.evaluate(without_size, without_sums)
        swings += (win_with & ~win_without).sum(axis=0)
        if minimal:
            win = game.evaluate(size, [base[:, j] for j in range(d)])
            crit = masks & win[:, None] & ~win_without
            kappa = crit.sum(axis=1)
            has = kappa > 0
            jo += (crit[has] / kappa[has, None]).sum(axis=0)
            mwc = win & (kappa == size) & (size > 0)
            mwc_seen += int(mwc.sum())
            hol += masks[mwc].sum(axis=0)
            dpr += (masks[mwc] / size[mwc, None]).sum(axis=0)
        done += b
        if progress is not None:
            progress(done, total)
    first_part = total - (m if shapley else 0)
    pivots = np.zeros(n, dtype=np.int64)
    done = 0 if shapley else m
    batch_p = max(1, _BATCH_CELLS // max(1, n * max(1, d)))
    base_order = np.arange(n)
    while done < m:
        b = min(batch_p, m - done)
        perms = rng.permuted(np.broadcast_to(base_order, (b, n)), axis=1)
        prefix = [np.cumsum(mat[perms, j], axis=1) for j in range(d)]  # after each arrival
        sizes = np.broadcast_to(np.arange(1, n + 1), (b, n))
        win = game.evaluate(sizes, prefix)
        first = np.argmax(win, axis=1)
        has = win[np.arange(b), first]
        if not game.wins_state(0, [0] * d):
            np.add.at(pivots, perms[np.arange(b), first][has], 1)
        done += b
        if progress is not None:
            progress(first_part + done, total)
    totals = game.totals
    grand_wins = game.wins_state(n, list(totals))
    veto = [
        grand_wins
        and not game.wins_state(
            n - 1, [t - int(dim[i]) for t, dim in zip(totals, game.dims, strict=True)]
        )
        for i in range(n)
    ]
    stats = GameStats(
        n=n,
        algorithm="Monte Carlo sampling (uniform coalitions for Banzhaf, uniform orders for Shapley–Shubik)",
        exact=False,
        grand_wins=grand_wins,
        empty_wins=game.wins_state(0, [0] * d),
        banzhaf_abs=(swings / m).tolist(),
        shapley=(pivots / m).tolist(),
        veto=veto,
        dummy=[bool(swings[i] == 0 and pivots[i] == 0) for i in range(n)],
    )
    if minimal and mwc_seen == 0:
        stats.johnston_raw = (jo / m).tolist() if jo.any() else None
        stats.notes.append(
            f"No minimal winning coalition among the {m} sampled coalitions: Deegan–Packel and Holler "
            "cannot be estimated this way (an exact method is needed)."
        )
    elif minimal:
        stats.johnston_raw = (jo / m).tolist()
        stats.mwc_member = (hol / m).tolist()
        stats.dp_raw = (dpr / m).tolist()
        stats.mwc_total = mwc_seen / m
        stats.notes.append(
            f"Deegan–Packel, Holler and Johnston are estimated from the same {m} uniform coalitions "
            f"({mwc_seen} of them minimal winning): unbiased estimates of their numerators over 2^n, "
            "each within the same epsilon with the same probability; the indices are their ratios."
        )
    return stats, m
