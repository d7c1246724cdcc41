"""Banzhaf and Shapley–Shubik indices of large weighted games ``[q; w_1 … w_n]`` in floating point.

For hundreds or thousands of players exact counts are numbers like ``2^1000``; these algorithms work with
probabilities instead (no ``n!`` or ``2^n`` is ever formed), so they never overflow.

Banzhaf (one distribution, all players)
---------------------------------------
Let ``F`` be the distribution of the total weight when every player joins with probability ``½``
(``n`` steps of ``F ← (F + shift_w(F)) / 2``; all terms positive, so every entry has relative error
``≤ n·u``). Removing a player of weight ``x`` divides the generating function by ``(1 + z^x)/2``; summing the
quotient over the swing window ``[q − x, q − 1]`` telescopes into an alternating sum of block sums of ``F``:

    β_x = 2 Σ_j (−1)^j Σ_{s ∈ [q−(j+1)x, q−1−jx]} F[s]   (blocks going down from q − 1),

or, equivalently, of blocks going up from ``q``. This is the formal-power-series identity of Kakimura &
Terai (2025) evaluated at ``p = ½``; each player costs ``O(q / x)``. The side with less probability mass is
used and an error bound is kept; any value not certified to relative error ``10⁻⁶`` (and every candidate
dummy) is recomputed by a direct positive recursion over the other players, so dummies are exact.

Shapley–Shubik (Gauss–Legendre over the joining probability)
-------------------------------------------------------------
``SS_i = ∫₀¹ β_i(p) dp`` where ``β_i(p)`` is the probability that ``i`` swings when every other player joins
with probability ``p`` (Owen's multilinear extension, 1972). ``β_i(p)`` is a polynomial of degree ``n − 1``,
so Gauss–Legendre quadrature with ``⌈n/2⌉`` nodes is *exact* (up to rounding). At each node the
distribution of the total is obtained by FFT from ``∏_c (1 − p + p z^{x_c})^{m_c}`` (one complex logarithm
table per node, gathered per distinct weight ``x_c``), and the swing probability of a player of weight ``x``
is ``(1/(1−p)) Σ_j (−r)^j B_j`` with ``r = p/(1−p) ≤ 1`` and ``B_j`` the same blocks as above: the
deconvolution runs in its stable direction. The mirror node ``1 − p`` reuses the same distribution
reflected (``F_{1−p}[s] = F_p[W − s]``). Cost ``O(n · (L log L + C · L))`` for ``C`` distinct weights and
``L ≈ Σw``; absolute error typically below ``10⁻¹²``.

References: Owen (1972), *Management Science* 18; Leech (2003), *Annals of OR* 109 (ipgenf/ipmmle);
Kakimura & Terai (2025), arXiv 2511.14995; Uno (2012), ISAAC, LNCS 7676.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from coalitionist.power.progress import SILENT, Ticker

# scipy.fft and scipy.special are imported where they are used: importing them costs about a tenth of a
# second (scipy.special's array-API wrappers), which every command paid at start-up through
# coalitionist.power although only the float Shapley–Shubik method below needs them (issue 12.5).

_U = 2.0**-53
_CERTIFY = 1e-6


def _distribution_half(weights: Sequence[int], total: int) -> NDArray[np.float64]:
    """Distribution of the total weight when each player joins with probability ½."""
    F = np.zeros(total + 1)
    F[0] = 1.0
    top = 0
    for x in weights:
        if x == 0:
            continue
        top += x
        F[x : top + 1] += F[: top + 1 - x]
        F[: top + 1] *= 0.5
    return F


def _blocks_down(start: int, x: int, stop: int = 0) -> NDArray[np.int64]:
    """Starts of blocks ``[s−x+1, s], [s−2x+1, s−x], …`` from ``start`` down to ``stop`` (ascending)."""
    count = (start - stop) // x + 1
    lows = start - (np.arange(count, dtype=np.int64) + 1) * x + 1
    lows[-1] = max(int(lows[-1]), stop)
    return lows[::-1]


def _swing_probability_direct(weights: Sequence[int], skip: int, q: int) -> float:
    """Probability that the player at index ``skip`` swings: positive recursion over the others."""
    x = int(weights[skip])
    F = np.zeros(q)
    F[0] = 1.0
    exponent = 0  # F holds counts × 2^-exponent
    for j, w in enumerate(weights):
        if j == skip or w >= q:
            continue  # with a member of weight ≥ q the total leaves the window for good: factor 1
        if w:
            F[w:] += F[: q - w]
        else:
            F *= 2.0
        if float(F.max()) > 2.0**500:
            F *= 2.0**-500
            exponent += 500
    window = float(F[max(q - x, 0) : q].sum())
    if window == 0.0:
        return 0.0
    return math.ldexp(window, exponent - (len(weights) - 1))


def banzhaf_swing_probabilities(weights: Sequence[int], q: int) -> tuple[list[float], list[bool]]:
    """Absolute Banzhaf index (swing probability) of every player of ``[q; weights]`` and exact dummies.

    ``q ≥ 1``. Returns ``(beta, dummy)``.
    """
    n = len(weights)
    w = [int(x) for x in weights]
    total = sum(w)
    if q > total:
        return [0.0] * n, [True] * n
    F = _distribution_half(w, total)
    mass_lo = float(math.fsum(F[:q]))
    mass_hi = float(math.fsum(F[q:]))
    by_w: dict[int, list[int]] = {}
    for i, x in enumerate(w):
        by_w.setdefault(x, []).append(i)
    beta = [0.0] * n
    dummy = [False] * n
    for x, players in by_w.items():
        if x == 0:
            for i in players:
                dummy[i] = True
            continue
        if mass_lo <= mass_hi:
            starts = _blocks_down(q - 1, x)
            sums = np.add.reduceat(F[:q], starts)[::-1]  # block j = 0 is the one ending at q - 1
            side = mass_lo
        else:
            ups = np.arange(q, total + 1, x, dtype=np.int64)
            sums = np.add.reduceat(F, ups)  # the last start is within x of the end
            side = mass_hi
        signs = np.where(np.arange(sums.size) % 2 == 0, 1.0, -1.0)
        value = 2.0 * float(math.fsum(sums * signs))
        bound = 2.0 * _U * side * (n + 2 + x + sums.size)
        if value < bound / _CERTIFY:
            value = _swing_probability_direct(w, players[0], q)
            if value == 0.0:
                for i in players:
                    dummy[i] = True
        for i in players:
            beta[i] = max(value, 0.0)
    return beta, dummy


def shapley_shubik_float(
    weights: Sequence[int], q: int, dummy: Sequence[bool], *, tick: Ticker = SILENT
) -> list[float]:
    """Shapley–Shubik index of ``[q; weights]`` by exact-degree Gauss–Legendre quadrature (see module doc);
    ``tick`` is told the fraction of the quadrature nodes done."""
    n = len(weights)
    w = [int(x) for x in weights]
    total = sum(w)
    if q > total:
        return [0.0] * n
    classes: dict[int, int] = {}
    for x in w:
        if x:
            classes[x] = classes.get(x, 0) + 1
    xs = sorted(classes)
    if not xs:
        return [0.0] * n
    xs_arr = np.asarray(xs, dtype=np.int64)
    mult = np.asarray([classes[x] for x in xs], dtype=np.float64)
    import scipy.fft  # type: ignore[import-untyped]
    from scipy.special import roots_legendre  # type: ignore[import-untyped]

    length = scipy.fft.next_fast_len(total + 1, real=True)

    def edges(
        start: int,
    ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
        """Blocks of width x_c going down from ``start``: (hi, lo, block index j, class) for every class."""
        his, los, powers, owner = [], [], [], []
        for c, x in enumerate(xs):
            j = np.arange((start // x) + 1, dtype=np.int64)
            hi = start - j * x
            his.append(hi)
            los.append(np.maximum(hi - x + 1, 0))
            powers.append(j)
            owner.append(np.full(j.size, c))
        return (
            np.concatenate(his),
            np.concatenate(los),
            np.concatenate(powers),
            np.concatenate(owner),
        )

    direct = edges(q - 1)
    mirror = edges(total - q)
    max_power = int(max(direct[2].max(), mirror[2].max())) + 1
    nodes, wts = roots_legendre((n + 1) // 2)
    ss = np.zeros(len(xs))
    for k, (node, wt) in enumerate(
        zip(((nodes + 1.0) / 2.0).tolist(), (wts / 2.0).tolist(), strict=True)
    ):
        tick.at(k / len(nodes))
        p = float(node)
        if p > 0.5:
            continue  # handled as the mirror of 1 - p
        lam = _log_generating_function(p, xs_arr, mult, length)
        F = scipy.fft.irfft(np.exp(lam), n=length)[: total + 1]
        cf = np.concatenate([[0.0], np.cumsum(F.astype(np.longdouble))])
        r = p / (1.0 - p)
        powers = np.power(-r, np.arange(max_power, dtype=np.float64))
        for (hi, lo, powj, owner), use in ((direct, True), (mirror, p < 0.5)):
            if not use:
                continue
            blocks = (cf[hi + 1] - cf[lo]).astype(np.float64)
            per_class = np.bincount(owner, weights=blocks * powers[powj], minlength=len(xs))
            ss += wt / (1.0 - p) * per_class
    value = dict(zip(xs, ss.tolist(), strict=True))
    tick.at(1.0)
    return [0.0 if (dummy[i] or w[i] == 0) else max(value[w[i]], 0.0) for i in range(n)]


def _log_generating_function(
    p: float, xs: NDArray[np.int64], mult: NDArray[np.float64], length: int
) -> NDArray[np.complex128]:
    """``Λ_j = Σ_c m_c log(1 − p + p z_j^{x_c})`` at ``z_j = e^{−2πij/L}``, ``j = 0 … L/2``.

    For ``p < ½``, ``log(1 − p + p z^x) = log(1 − p) + Σ_{t ≥ 1} (−1)^{t+1} r^t z^{tx} / t`` with
    ``r = p/(1−p) < 1``; the exponents ``t·x`` are folded modulo ``L`` (exact on ``L``-th roots of unity), so
    ``Λ`` is one real FFT of a sparse coefficient vector. At ``p = ½`` the logarithm table is gathered.
    """
    half = length // 2 + 1
    if p >= 0.5:
        theta = -2.0 * np.pi * np.arange(length) / length
        logs = np.log1p(p * np.expm1(1j * theta))
        freq = np.arange(half, dtype=np.int64)
        lam = np.zeros(half, dtype=np.complex128)
        for x, m in zip(xs.tolist(), mult.tolist(), strict=True):
            lam += m * logs[(freq * x) % length]
        return lam
    r = p / (1.0 - p)
    terms = max(1, math.ceil(math.log(1e-18) / math.log(r))) if r > 0 else 1
    t = np.arange(1, terms + 1, dtype=np.float64)
    coef = np.where(t % 2 == 1, 1.0, -1.0) * np.exp(t * math.log(r)) / t
    exps = (np.arange(1, terms + 1, dtype=np.int64)[None, :] * xs[:, None]) % length
    vals = mult[:, None] * coef[None, :]
    a = np.bincount(exps.ravel(), weights=vals.ravel(), minlength=length)
    a[0] += float(mult.sum()) * math.log1p(-p)
    import scipy.fft

    return scipy.fft.rfft(a)
