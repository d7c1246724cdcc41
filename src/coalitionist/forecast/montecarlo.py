"""Monte Carlo forecasts: the distribution of a model's forecast under uncertain inputs.

:func:`monte_carlo` draws ``n_samples`` input sets with a user-supplied ``sampler(rng)``, runs a forecast
model on each, and summarises the forecasts per dimension (median and the 10–90 % band) together with a
sensitivity ranking of the inputs: Spearman's rank correlation of every sampled input with the forecast
(a standard global sensitivity measure for monotone models; Saltelli et al. 2008, §1.2.5).

Reproducibility: sample ``i`` draws from its own generator, ``default_rng(SeedSequence(entropy,
spawn_key=(i,)))`` — the ``i``-th child of ``SeedSequence(seed).spawn`` — so the numbers depend only on
``seed`` and ``i``: not on the executor, the number of workers, the chunk size or the completion order.
Work runs on the sample engine (:mod:`coalitionist.engine`) in chunks of consecutive samples: serially,
on a process pool, a Dask cluster or any :class:`concurrent.futures.Executor`; the model and sampler are
shipped to the workers once.

References
----------
.. [1] A. Saltelli et al., *Global Sensitivity Analysis: The Primer*, Wiley, 2008.
.. [2] NumPy, "Parallel random number generation" (``SeedSequence.spawn``),
   https://numpy.org/doc/stable/reference/random/parallel.html
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from coalitionist.engine import BACKENDS, Backend, Chunk, run_chunks
from coalitionist.errors import AnalysisError, InvalidInputError
from coalitionist.forecast.models import ForecastModel

__all__ = [
    "MonteCarloResult",
    "NoSuccessfulSampleError",
    "Sampler",
    "monte_carlo",
    "rank_columns",
    "spearman_matrix",
]

#: ``sampler(rng) -> (capability (n,), positions (n, d), salience (n, d))``
Sampler = Callable[[np.random.Generator], tuple[ArrayLike, ArrayLike, ArrayLike]]
Progress = Callable[[int, int], None]


class NoSuccessfulSampleError(AnalysisError):
    """Every Monte Carlo sample failed (the model raised an analysis error on each draw)."""


@dataclass(frozen=True)
class MonteCarloResult:
    """The distribution of a model's forecast over sampled inputs.

    Attributes
    ----------
    model : str
        The model's name.
    actors, dimensions : tuple of str
    forecasts : ndarray, shape (k, d)
        The forecast of every successful sample, in sample order.
    median, q10, q90 : ndarray, shape (d,)
        Per-dimension median and 10 % / 90 % quantiles of the forecasts.
    inputs : tuple of str
        Names of the sampled inputs (``capability[a]``, ``position[a][dim]``, ``salience[a][dim]``).
    spearman : ndarray, shape (len(inputs), d)
        Spearman rank correlation of each input with each dimension's forecast (NaN where an input or
        the forecast does not vary).
    n_samples : int
        Samples requested.
    failed : int
        Samples on which the model raised an analysis error (excluded).
    seed_entropy : int
        The root entropy; ``seed=seed_entropy`` reproduces the run.
    """

    model: str
    actors: tuple[str, ...]
    dimensions: tuple[str, ...]
    forecasts: NDArray[np.float64]
    median: NDArray[np.float64]
    q10: NDArray[np.float64]
    q90: NDArray[np.float64]
    inputs: tuple[str, ...]
    spearman: NDArray[np.float64]
    n_samples: int
    failed: int
    seed_entropy: int

    def sensitivity(self, dimension: str, top: int | None = 10) -> list[dict[str, Any]]:
        """Inputs ranked by ``|ρ|`` for one dimension (those with a defined ρ), strongest first."""
        k = self.dimensions.index(dimension)
        rho = self.spearman[:, k]
        ok = np.flatnonzero(np.isfinite(rho))
        ranked = ok[np.argsort(-np.abs(rho[ok]), kind="stable")]
        if top is not None:
            ranked = ranked[:top]
        return [{"input": self.inputs[i], "spearman": float(rho[i])} for i in ranked]

    def to_dict(self, top: int | None = 10) -> dict[str, Any]:
        """Plain JSON-serialisable summary (the ``top`` most influential inputs per dimension)."""
        return {
            "model": self.model,
            "n_samples": self.n_samples,
            "failed": self.failed,
            "seed_entropy": self.seed_entropy,
            "actors": list(self.actors),
            "dimensions": list(self.dimensions),
            "forecast": {
                d: {
                    "median": float(self.median[k]),
                    "q10": float(self.q10[k]),
                    "q90": float(self.q90[k]),
                }
                for k, d in enumerate(self.dimensions)
            },
            "sensitivity": {d: self.sensitivity(d, top) for d in self.dimensions},
        }


def rank_columns(values: ArrayLike) -> NDArray[np.float64]:
    """Ranks (1 … k) of each column, ties given their average rank (as ``scipy.stats.rankdata``).

    Parameters
    ----------
    values : array_like, shape (k, p)

    Returns
    -------
    ndarray, shape (k, p)
    """
    a = np.asarray(values, dtype=float)
    if a.ndim == 1:
        a = a[:, None]
    k = a.shape[0]
    order = np.argsort(a, axis=0, kind="stable")
    srt = np.take_along_axis(a, order, axis=0)
    pos = np.broadcast_to(np.arange(k, dtype=float)[:, None], a.shape)
    starts = np.ones(a.shape, dtype=bool)
    starts[1:] = srt[1:] != srt[:-1]
    ends = np.ones(a.shape, dtype=bool)
    ends[:-1] = starts[1:]
    first = np.maximum.accumulate(np.where(starts, pos, 0.0), axis=0)
    last = np.minimum.accumulate(np.where(ends, pos, float(k - 1))[::-1], axis=0)[::-1]
    ranks = np.empty(a.shape)
    np.put_along_axis(ranks, order, 0.5 * (first + last) + 1.0, axis=0)
    return ranks


def spearman_matrix(inputs: ArrayLike, outputs: ArrayLike) -> NDArray[np.float64]:
    """Spearman rank correlation of every input column with every output column.

    Ranks with ties averaged (:func:`rank_columns`), then the Pearson correlation of the ranks; NaN for a
    column that does not vary.

    Parameters
    ----------
    inputs : array_like, shape (k, p)
    outputs : array_like, shape (k, d)

    Returns
    -------
    ndarray, shape (p, d)
    """
    X = rank_columns(inputs)
    Y = rank_columns(outputs)
    X = X - X.mean(axis=0)
    Y = Y - Y.mean(axis=0)
    nx = np.sqrt((X * X).sum(axis=0))
    ny = np.sqrt((Y * Y).sum(axis=0))
    # a column that does not vary has all ranks equal, hence norm 0
    nx = np.where(nx > 1e-9, nx, np.nan)
    ny = np.where(ny > 1e-9, ny, np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        out: NDArray[np.float64] = (X.T @ Y) / np.outer(nx, ny)
    return np.clip(out, -1.0, 1.0)


@dataclass(frozen=True)
class _Chunk:
    forecasts: NDArray[np.float64]
    inputs: NDArray[np.float64]
    ok: NDArray[np.bool_]
    model: str


@dataclass(frozen=True)
class _Work:
    """What every chunk needs, shipped to the workers once."""

    model: ForecastModel
    sampler: Sampler
    options: dict[str, Any]


def _run_chunk(work: _Work, chunk: Chunk) -> _Chunk:
    """Run the samples of one chunk (module-level so every backend can ship it)."""
    forecasts: list[NDArray[np.float64]] = []
    inputs: list[NDArray[np.float64]] = []
    ok: list[bool] = []
    name = ""
    for _, rng in chunk.rngs():
        c, x, s = work.sampler(rng)
        c_a = np.asarray(c, dtype=float)
        x_a = np.asarray(x, dtype=float)
        s_a = np.asarray(s, dtype=float)
        if x_a.ndim == 1:
            x_a, s_a = x_a[:, None], s_a[:, None]
        inputs.append(np.concatenate([c_a.ravel(), x_a.ravel(), s_a.ravel()]))
        model_seed = int(rng.integers(2**63))
        try:
            res = work.model(c_a, x_a, s_a, seed=model_seed, **work.options)
        except AnalysisError:
            forecasts.append(np.full(x_a.shape[1], np.nan))
            ok.append(False)
            continue
        name = res.model
        forecasts.append(np.asarray(res.forecast, dtype=float))
        ok.append(True)
    return _Chunk(np.array(forecasts), np.array(inputs), np.array(ok, dtype=bool), name)


def _picklable(*objects: Any) -> bool:
    """Whether the objects can be sent to worker processes."""
    try:
        pickle.dumps(objects)
    except Exception:  # pickling raises many types (PicklingError, AttributeError, TypeError)
        return False
    return True


def monte_carlo(
    model: ForecastModel,
    sampler: Sampler,
    n_samples: int,
    *,
    seed: int | None = None,
    executor: Executor | Backend | str | None = "auto",
    chunk_size: int = 64,
    address: str | None = None,
    progress: Progress | None = None,
    actors: Sequence[str] | None = None,
    dimensions: Sequence[str] | None = None,
    **model_options: Any,
) -> MonteCarloResult:
    """Run ``model`` on ``n_samples`` input sets drawn by ``sampler`` and summarise the forecasts.

    Algorithm:

    1. ``root = SeedSequence(seed)``; sample ``i`` uses ``default_rng`` of the ``i``-th spawned child.
    2. The samples are cut into chunks of ``chunk_size`` consecutive indices and submitted to
       ``executor`` (or run in this process); each draws ``sampler(rng)``, then calls
       ``model(capability, positions, salience, seed=<drawn from rng>, actors=…, dimensions=…,
       **model_options)``.
    3. Per dimension: median, 10 % and 90 % quantiles (linear interpolation) of the forecasts, and the
       Spearman rank correlation of each sampled input with the forecast (:func:`spearman_matrix`).

    Parameters
    ----------
    model : callable
        A forecast model with the common signature (e.g. ``MODELS["bdm"]``). For a process pool it and
        ``sampler`` must be picklable (module-level functions or ``functools.partial`` of them).
    sampler : callable
        ``sampler(rng) -> (capability (n,), positions (n, d), salience (n, d))``; the same ``n`` and
        ``d`` on every call.
    n_samples : int
        Number of draws (≥ 1).
    seed : int, optional
        Root seed; ``None`` draws fresh entropy (reported as ``seed_entropy``).
    executor : "auto", a backend name, an engine backend, a concurrent.futures.Executor, or None
        Where to run the chunks, through :func:`coalitionist.engine.run_chunks`. ``"auto"`` (default):
        processes when there is more than one chunk, more than one CPU and the model and sampler can be
        pickled (module-level functions; a lambda typed in a notebook cannot), else this process.
        ``None``/``"serial"``: in this process. ``"processes"``, ``"dask"``, ``"ray"``: that engine
        backend, started and shut down by this call. A given backend or executor is used and left open.
        The result does not depend on this choice.
    chunk_size : int
        Samples per task (default 64); no effect on the numbers.
    address : str, optional
        A running Dask scheduler (``tcp://host:8786``) for ``executor="dask"``.
    progress : callable, optional
        ``progress(done, total)`` called in this process after each chunk (samples done so far).
    actors, dimensions : sequence of str, optional
        Ids, passed to the model and used to name the inputs.
    **model_options
        Passed to the model (e.g. ``scale=…``, ``max_rounds=…``).

    Returns
    -------
    MonteCarloResult

    Raises
    ------
    coalitionist.errors.InvalidInputError
        For ``n_samples < 1`` or ``chunk_size < 1``.
    NoSuccessfulSampleError
        If the model failed on every sample.

    Examples
    --------
    >>> from coalitionist.forecast.central import mean
    >>> def draw(rng):
    ...     return [1.0, 1.0], [[rng.uniform(0, 100)], [50.0]], [[1.0], [1.0]]
    >>> res = monte_carlo(mean, draw, 200, seed=1)
    >>> bool(25 < res.median[0] < 75), res.sensitivity("dim1", top=1)[0]["input"]
    (True, 'position[actor1][dim1]')
    """
    if isinstance(n_samples, bool) or int(n_samples) != n_samples or n_samples < 1:
        raise InvalidInputError(f"n_samples must be a positive integer, got {n_samples!r}")
    if chunk_size < 1:
        raise InvalidInputError(f"chunk_size must be ≥ 1, got {chunk_size!r}")
    n_samples = int(n_samples)
    root = np.random.SeedSequence(seed)
    entropy = int(root.entropy)  # type: ignore[arg-type]
    opts = dict(model_options)
    if actors is not None:
        opts["actors"] = tuple(actors)
    if dimensions is not None:
        opts["dimensions"] = tuple(dimensions)
    work = _Work(model, sampler, opts)
    n_chunks = -(-n_samples // chunk_size)
    if executor == "auto":
        executor = (
            "processes"
            if n_chunks > 1 and (os.cpu_count() or 1) > 1 and _picklable(work)
            else "serial"
        )
    if (
        executor is not None
        and not isinstance(executor, str | Executor)
        and not hasattr(executor, "share")
    ):
        raise InvalidInputError(
            "executor must be a concurrent.futures.Executor, an engine backend or one of"
            f" {', '.join(BACKENDS)}, got {executor!r}"
        )
    if isinstance(executor, str) and executor not in BACKENDS:
        raise InvalidInputError(
            f"executor must be a concurrent.futures.Executor or one of {', '.join(BACKENDS)},"
            f" got {executor!r}"
        )
    parts: list[_Chunk] = run_chunks(
        _run_chunk,
        work,
        n_samples,
        seed=entropy,
        backend=executor,
        address=address,
        chunk_size=chunk_size,
        progress=progress,
    )
    forecasts = np.concatenate([p.forecasts for p in parts])
    inputs = np.concatenate([p.inputs for p in parts])
    ok = np.concatenate([p.ok for p in parts])
    if not ok.any():
        raise NoSuccessfulSampleError(
            f"the model raised an analysis error on all {n_samples} samples"
        )
    name = next(p.model for p in parts if p.model)
    forecasts, inputs = forecasts[ok], inputs[ok]
    d = forecasts.shape[1]
    n = (inputs.shape[1]) // (1 + 2 * d)
    names_a = tuple(actors) if actors is not None else tuple(f"actor{i + 1}" for i in range(n))
    names_d = (
        tuple(dimensions) if dimensions is not None else tuple(f"dim{k + 1}" for k in range(d))
    )
    labels = (
        [f"capability[{a}]" for a in names_a]
        + [f"position[{a}][{dim}]" for a in names_a for dim in names_d]
        + [f"salience[{a}][{dim}]" for a in names_a for dim in names_d]
    )
    q10, med, q90 = np.quantile(forecasts, [0.1, 0.5, 0.9], axis=0)
    rho = spearman_matrix(inputs, forecasts)
    return MonteCarloResult(
        model=name,
        actors=names_a,
        dimensions=names_d,
        forecasts=forecasts,
        median=med,
        q10=q10,
        q90=q90,
        inputs=tuple(labels),
        spearman=rho,
        n_samples=n_samples,
        failed=int((~ok).sum()),
        seed_entropy=entropy,
    )
