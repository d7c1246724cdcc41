"""First-order Sobol' indices from one random sample (EASI), with a permutation test of each index.

A Saltelli design costs ``N (D + 2)`` model runs; when every run re-plans a recruitment strategy and ``D``
counts hundreds of estimates, that is out of reach. The *given-data* estimator of Plischke (2010) reads the
first-order index of every input off the plain Monte Carlo sample the robustness check draws anyway:

1. For input ``i``, sort the sample by ``x_i`` and reorder the outputs along a "triangular" path (the odd
   ranks ascending, then the even ranks descending), so that ``E[Y | X_i]`` becomes a smooth periodic
   signal in the sample index.
2. Its low-frequency power — the first ``M`` harmonics of the periodogram of the reordered outputs —
   over the total power estimates ``S_i = Var(E[Y | X_i]) / Var(Y)``.
3. The estimate is biased upwards by about ``2M / N``; Tissot & Prieur's (2012) correction
   ``S ← S − λ / (1 − λ) · (1 − S)``, ``λ = 2M / N``, removes it (the estimator SALib's ``rbd_fast``
   implements; our tests compare the two).
4. With many inputs and few draws, noise alone gives some input a sizeable index. Under "``Y`` does not
   depend on ``X_i``" the reordered outputs are a random permutation of ``Y``, so the null distribution is
   the same for every input: :func:`easi_threshold` is its ``1 − α / D`` quantile over random permutations
   (a Bonferroni bound over the ``D`` inputs; ``α`` = 1 % by default, so a conclusion is said to turn on
   an estimate it does not depend on in at most 1 % of analyses), and only indices above it are read as
   drivers.

Indices are first order: interactions (an estimate that matters only together with another) are not seen,
which is why the robustness check pairs them with one-at-a-time swings.

References
----------
.. [1] E. Plischke, "An effective algorithm for computing global sensitivity indices (EASI)", *Reliability
   Engineering & System Safety* 95(4), 354–360, 2010.
.. [2] J.-Y. Tissot and C. Prieur, "Bias correction for the estimation of sensitivity indices based on
   random balance designs", *Reliability Engineering & System Safety* 107, 205–213, 2012.
.. [3] A. Saltelli et al., *Global Sensitivity Analysis: The Primer*, Wiley, 2008, ch. 4.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from coalitionist.robustness.errors import SensitivityInputError

__all__ = ["HARMONICS", "easi_first_order", "easi_threshold"]

#: Harmonics summed (Plischke 2010 uses 6 for samples of a few hundred).
HARMONICS = 6


def _spectral_share(reordered: NDArray[np.float64], harmonics: int) -> NDArray[np.float64]:
    """Power in harmonics 1 … M over the total (one-sided periodogram, mean removed), per row."""
    n = reordered.shape[-1]
    centred = reordered - reordered.mean(axis=-1, keepdims=True)
    power = np.abs(np.fft.rfft(centred, axis=-1)) ** 2
    # one-sided spectrum: every bin but 0 (and the Nyquist bin of an even n) stands for two
    weight = np.full(power.shape[-1], 2.0)
    weight[0] = 0.0
    if n % 2 == 0:
        weight[-1] = 1.0
    power = power * weight
    total = power.sum(axis=-1)
    low = power[..., 1 : harmonics + 1].sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        share: NDArray[np.float64] = np.where(total > 0, low / total, np.nan)
    return share


def _unskew(s: NDArray[np.float64], harmonics: int, n: int) -> NDArray[np.float64]:
    lam = 2.0 * harmonics / n
    out: NDArray[np.float64] = s - lam / (1.0 - lam) * (1.0 - s)
    return out


def _check(n: int, harmonics: int) -> None:
    if harmonics < 1:
        raise SensitivityInputError(f"harmonics must be at least 1, got {harmonics}")
    if n <= 4 * harmonics:
        raise SensitivityInputError(
            f"{n} draws are too few for {harmonics} harmonics (need more than {4 * harmonics})"
        )


def easi_first_order(
    x: ArrayLike, y: ArrayLike, *, harmonics: int = HARMONICS
) -> NDArray[np.float64]:
    """First-order Sobol' index of every column of ``x`` for output ``y``, from one random sample.

    Parameters
    ----------
    x : array_like, shape (N, D)
        The sampled inputs (any joint sample of independent inputs: plain Monte Carlo will do).
    y : array_like, shape (N,)
        The output of each row (finite).
    harmonics : int
        ``M``, the harmonics read as signal (module docstring).

    Returns
    -------
    ndarray, shape (D,)
        Bias-corrected indices (they may fall slightly below 0 for an input that does not matter); NaN
        for every input when ``y`` does not vary. A column that does not vary gets 0.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = rng.random((2000, 3))
    >>> s = easi_first_order(x, 4 * x[:, 0] + x[:, 1])   # analytic: 16/17, 1/17, 0
    >>> [round(float(v), 2) for v in s]
    [0.94, 0.05, -0.0]
    """
    xa = np.asarray(x, dtype=float)
    ya = np.asarray(y, dtype=float).ravel()
    if xa.ndim != 2 or xa.shape[0] != ya.size:
        raise SensitivityInputError("x must be (N, D) with one output per row")
    if not np.isfinite(ya).all() or not np.isfinite(xa).all():
        raise SensitivityInputError("inputs and outputs must be finite")
    n, d = xa.shape
    _check(n, harmonics)
    if np.ptp(ya) == 0:
        return np.full(d, np.nan)
    order = np.argsort(xa, axis=0, kind="stable")
    path = np.concatenate([order[::2], order[1::2][::-1]], axis=0)  # (N, D)
    shares = _spectral_share(ya[path].T, harmonics)
    out = _unskew(shares, harmonics, n)
    out[np.ptp(xa, axis=0) == 0] = 0.0
    return out


def easi_threshold(
    y: ArrayLike,
    inputs: int,
    *,
    alpha: float = 0.01,
    harmonics: int = HARMONICS,
    permutations: int = 20_000,
    seed: int = 0,
) -> float:
    """The index above which an input is read as a driver of ``y``: the ``1 − α / inputs`` quantile of the
    index under independence, from random permutations of ``y`` (module docstring, step 4).

    With ``permutations`` ``K``, a quantile beyond ``1 − 1 / K`` is taken as the largest of the ``K``.
    NaN when ``y`` does not vary.

    Examples
    --------
    >>> y = np.random.default_rng(1).random(200)
    >>> 0.0 < easi_threshold(y, 50) < 0.3
    True
    """
    ya = np.asarray(y, dtype=float).ravel()
    n = ya.size
    _check(n, harmonics)
    if np.ptp(ya) == 0:
        return float("nan")
    rng = np.random.default_rng(seed)
    shuffled = rng.permuted(np.tile(ya, (permutations, 1)), axis=1)
    null = _unskew(_spectral_share(shuffled, harmonics), harmonics, n)
    q = min(1.0 - alpha / max(inputs, 1), 1.0 - 1.0 / permutations)
    return float(np.quantile(null, q))
