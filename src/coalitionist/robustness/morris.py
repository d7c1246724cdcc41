"""Morris elementary-effects screening, through SALib.

``r`` random trajectories through a ``p``-level grid on the unit hypercube each move one input at a time
by ``Δ = p / (2 (p − 1))``; the elementary effect of input ``i`` on a trajectory is
``(f(x + Δ e_i) − f(x)) / Δ``. Over the trajectories, ``μ*`` (the mean absolute effect) ranks how much an
input matters and ``σ`` (their spread) flags non-linearity or interactions: ``r (D + 1)`` model runs, a
cheap first pass before variance-based indices (SALib ``sample.morris`` and ``analyze.morris``).

References
----------
.. [1] M. D. Morris, "Factorial sampling plans for preliminary computational experiments",
   *Technometrics* 33(2), 1991.
.. [2] F. Campolongo, J. Cariboni and A. Saltelli, "An effective screening design for sensitivity analysis
   of large models", *Environmental Modelling & Software* 22, 2007 (μ*).
.. [3] A. Saltelli et al., *Global Sensitivity Analysis: The Primer*, Wiley, 2008, ch. 3.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from coalitionist.robustness._salib import salib, unit_problem
from coalitionist.robustness.errors import SensitivityInputError

__all__ = ["MorrisScreening", "morris_design", "morris_screening"]

#: Grid levels of the design.
LEVELS = 4


@dataclass(frozen=True)
class MorrisScreening:
    """Elementary-effect statistics of one output (effects per unit of the input's quantile range).

    Attributes
    ----------
    names : tuple of str
    mu, mu_star, sigma, mu_star_conf : ndarray, shape (D,)
    runs : int
    """

    names: tuple[str, ...]
    mu: NDArray[np.float64]
    mu_star: NDArray[np.float64]
    sigma: NDArray[np.float64]
    mu_star_conf: NDArray[np.float64]
    runs: int

    def ranked(self, top: int | None = None) -> list[tuple[str, float, float]]:
        """``(name, μ*, σ)`` by μ*, largest first (inputs with μ* = 0 left out)."""
        order = [i for i in np.argsort(-self.mu_star, kind="stable") if self.mu_star[i] > 0]
        if top is not None:
            order = order[:top]
        return [(self.names[i], float(self.mu_star[i]), float(self.sigma[i])) for i in order]

    def to_dict(self, top: int | None = None) -> dict[str, Any]:
        """Plain data: the ranked inputs."""
        return {
            "runs": self.runs,
            "ranked": [{"input": n, "mu_star": m, "sigma": s} for n, m, s in self.ranked(top)],
        }


def morris_design(
    dimension: int, trajectories: int, *, seed: int | None = 0, levels: int = LEVELS
) -> NDArray[np.float64]:
    """``trajectories × (D + 1)`` rows on the ``levels``-grid of ``[0, 1]^D``.

    Examples
    --------
    >>> morris_design(3, 5, seed=0).shape
    (20, 3)
    """
    if dimension < 1 or trajectories < 2:
        raise SensitivityInputError(
            "Morris screening needs at least one input and two trajectories"
        )
    problem = unit_problem(tuple(f"x{i}" for i in range(dimension)))
    x: NDArray[np.float64] = salib("sample.morris").sample(
        problem, trajectories, num_levels=levels, seed=seed
    )
    return x


def morris_screening(
    x: ArrayLike,
    y: ArrayLike,
    names: Sequence[str],
    *,
    seed: int | None = 0,
    levels: int = LEVELS,
    resamples: int = 200,
) -> MorrisScreening:
    """μ*, σ of every input from a :func:`morris_design` and its outputs (row by row).

    Examples
    --------
    >>> x = morris_design(3, 10, seed=1)
    >>> res = morris_screening(x, 5 * x[:, 2] + x[:, 0], ["a", "b", "c"])
    >>> [name for name, _, _ in res.ranked()]
    ['c', 'a']
    """
    names = tuple(names)
    x_a = np.asarray(x, dtype=float)
    y_a = np.asarray(y, dtype=float).ravel()
    if x_a.shape != (y_a.size, len(names)) or not np.isfinite(y_a).all():
        raise SensitivityInputError(
            f"expected finite outputs for {x_a.shape[0]} design rows of {len(names)} inputs,"
            f" got {y_a.size} values"
        )
    res = salib("analyze.morris").analyze(
        unit_problem(names),
        x_a,
        y_a,
        num_levels=levels,
        num_resamples=resamples,
        print_to_console=False,
        seed=seed,
    )
    return MorrisScreening(
        names,
        np.asarray(res["mu"], dtype=float),
        np.nan_to_num(np.asarray(res["mu_star"], dtype=float)),
        np.nan_to_num(np.asarray(res["sigma"], dtype=float)),
        np.nan_to_num(np.asarray(res["mu_star_conf"], dtype=float)),
        int(y_a.size),
    )
