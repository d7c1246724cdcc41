"""Sobol' variance-based sensitivity indices (first order and total), through SALib.

For a model ``Y = f(X_1 … X_D)`` with independent inputs, the first-order index of ``X_i`` is the share of
``Var(Y)`` explained by ``X_i`` alone, ``S_i = Var(E[Y | X_i]) / Var(Y)``, and the total index
``S_Ti = E[Var(Y | X_~i)] / Var(Y)`` adds every interaction involving ``X_i``. Estimated with Saltelli's
scheme: ``N (D + 2)`` model runs on a scrambled Sobol' sequence, Saltelli (2002) / Jansen (1999)
estimators, bootstrap confidence intervals (SALib ``sample.sobol`` and ``analyze.sobol``).

The design lives on the unit hypercube; the caller maps each column through its input's quantile function,
so any distribution (or a uniform band) can be used.

References
----------
.. [1] I. M. Sobol', "Global sensitivity indices for nonlinear mathematical models and their Monte Carlo
   estimates", *Mathematics and Computers in Simulation* 55, 2001.
.. [2] A. Saltelli et al., *Global Sensitivity Analysis: The Primer*, Wiley, 2008, ch. 4.
.. [3] A. Saltelli et al., "Variance based sensitivity analysis of model output. Design and estimator for
   the total sensitivity index", *Computer Physics Communications* 181, 2010.
.. [4] J. Herman and W. Usher, "SALib: An open-source Python library for Sensitivity Analysis", *JOSS* 2(9),
   2017.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from coalitionist.robustness._salib import salib, unit_problem
from coalitionist.robustness.errors import SensitivityInputError

__all__ = ["SobolIndices", "sobol_design", "sobol_indices"]


@dataclass(frozen=True)
class SobolIndices:
    """First-order and total Sobol' indices of one output.

    Attributes
    ----------
    names : tuple of str
    first, total : ndarray, shape (D,)
    first_conf, total_conf : ndarray, shape (D,)
        Half-widths of the bootstrap confidence intervals.
    variance : float
        ``Var(Y)`` over the design (0: the output does not vary, and every index is 0).
    runs : int
    """

    names: tuple[str, ...]
    first: NDArray[np.float64]
    total: NDArray[np.float64]
    first_conf: NDArray[np.float64]
    total_conf: NDArray[np.float64]
    variance: float
    runs: int

    def ranked(self) -> list[tuple[str, float, float]]:
        """``(name, first, total)`` by total index, largest first."""
        order = np.argsort(-self.total, kind="stable")
        return [(self.names[i], float(self.first[i]), float(self.total[i])) for i in order]

    def to_dict(self) -> dict[str, Any]:
        """Plain data keyed by input name."""
        return {
            "runs": self.runs,
            "variance": self.variance,
            "indices": {
                n: {
                    "first": float(self.first[i]),
                    "first_conf": float(self.first_conf[i]),
                    "total": float(self.total[i]),
                    "total_conf": float(self.total_conf[i]),
                }
                for i, n in enumerate(self.names)
            },
        }


def sobol_design(dimension: int, base_samples: int, *, seed: int | None = 0) -> NDArray[np.float64]:
    """Saltelli's design on ``[0, 1]^D``: ``base_samples × (D + 2)`` rows (no second-order terms).

    ``base_samples`` should be a power of two (the Sobol' sequence's balance properties).

    Examples
    --------
    >>> sobol_design(3, 8, seed=1).shape
    (40, 3)
    """
    if dimension < 1 or base_samples < 2:
        raise SensitivityInputError("a Sobol' design needs at least one input and two base samples")
    problem = unit_problem(tuple(f"x{i}" for i in range(dimension)))
    x: NDArray[np.float64] = salib("sample.sobol").sample(
        problem, base_samples, calc_second_order=False, scramble=True, seed=seed
    )
    return np.clip(x, 0.0, 1.0)


def sobol_indices(
    y: ArrayLike,
    names: Sequence[str],
    *,
    seed: int | None = 0,
    resamples: int = 200,
) -> SobolIndices:
    """Sobol' indices from the outputs of :func:`sobol_design`'s rows (in order).

    Examples
    --------
    >>> x = sobol_design(2, 256, seed=0)
    >>> res = sobol_indices(4 * x[:, 0] + x[:, 1], ["a", "b"])
    >>> [name for name, _, _ in res.ranked()]
    ['a', 'b']
    """
    names = tuple(names)
    y_a = np.asarray(y, dtype=float).ravel()
    d = len(names)
    if y_a.size % (d + 2) or not np.isfinite(y_a).all():
        raise SensitivityInputError(
            f"expected finite outputs for N × {d + 2} design rows, got {y_a.size} values"
        )
    var = float(np.var(y_a))
    if var == 0.0:
        z = np.zeros(d)
        return SobolIndices(names, z, z, z, z, 0.0, int(y_a.size))
    res = salib("analyze.sobol").analyze(
        unit_problem(names),
        y_a,
        calc_second_order=False,
        num_resamples=resamples,
        print_to_console=False,
        seed=seed,
    )
    return SobolIndices(
        names,
        np.asarray(res["S1"], dtype=float),
        np.asarray(res["ST"], dtype=float),
        np.asarray(res["S1_conf"], dtype=float),
        np.asarray(res["ST_conf"], dtype=float),
        var,
        int(y_a.size),
    )
