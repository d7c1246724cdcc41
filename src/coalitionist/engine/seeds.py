"""Work split into chunks of consecutive samples, each sample with its own random stream.

Sample ``i`` of a run with root entropy ``e`` draws from ``default_rng(SeedSequence(e, spawn_key=(i,)))``,
the ``i``-th child that ``SeedSequence(e).spawn`` would give. Streams are keyed by the *sample* index, so a
chunk only names a range ``[start, stop)``: the numbers depend on the seed and the sample index alone, never
on the backend, the number of workers, the chunk size or the order in which chunks finish.

A sample that runs an analysis with randomness of its own (a rollout planner, a Monte Carlo inside the
analysis) seeds it with :func:`analysis_seed` ``(e, i)``: 32 bits of the first child of sample ``i``'s
sequence (``SeedSequence(e, spawn_key=(i, 0))``), a stream independent of the one its estimates are drawn
from, derived from the run's seed — so a brief with seed 7 and one with seed 8 differ in both, and the same
seed gives the same analyses.

References
----------
.. [1] NumPy, "Parallel random number generation" (``SeedSequence.spawn``),
   https://numpy.org/doc/stable/reference/random/parallel.html
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from coalitionist.errors import InvalidInputError

__all__ = [
    "Chunk",
    "analysis_seed",
    "chunk_size_for",
    "make_chunks",
    "root_entropy",
    "sample_rng",
]


def root_entropy(seed: int | None) -> int:
    """The root entropy of a run: ``seed`` itself, or fresh entropy when ``seed`` is None.

    Examples
    --------
    >>> root_entropy(7)
    7
    """
    if seed is not None and (isinstance(seed, bool) or int(seed) != seed or seed < 0):
        raise InvalidInputError(f"seed must be a non-negative integer, got {seed!r}")
    return int(np.random.SeedSequence(seed).entropy)  # type: ignore[arg-type]


def sample_rng(entropy: int, index: int) -> np.random.Generator:
    """The generator of sample ``index``: ``default_rng(SeedSequence(entropy, spawn_key=(index,)))``.

    Examples
    --------
    >>> a = sample_rng(1, 5).random()
    >>> b = np.random.default_rng(np.random.SeedSequence(1).spawn(6)[5]).random()
    >>> a == b
    True
    """
    return np.random.default_rng(np.random.SeedSequence(entropy, spawn_key=(index,)))


def analysis_seed(entropy: int, index: int) -> int:
    """The seed of sample ``index``'s own analyses: 32 bits of ``SeedSequence(entropy, spawn_key=(index, 0))``.

    Independent of :func:`sample_rng` ``(entropy, index)`` (a child of it, not the same stream), and a
    function of the run's entropy and the sample index only.

    Examples
    --------
    >>> analysis_seed(7, 3) == analysis_seed(7, 3), analysis_seed(7, 3) != analysis_seed(8, 3)
    (True, True)
    >>> s = np.random.SeedSequence(7, spawn_key=(3,)).spawn(1)[0]
    >>> analysis_seed(7, 3) == int(s.generate_state(1, np.uint32)[0])
    True
    """
    child = np.random.SeedSequence(entropy, spawn_key=(index, 0))
    return int(child.generate_state(1, np.uint32)[0])


@dataclass(frozen=True)
class Chunk:
    """Samples ``start … stop − 1`` of a run with root entropy ``entropy``; ``index`` is its place."""

    index: int
    start: int
    stop: int
    entropy: int

    def __len__(self) -> int:
        return self.stop - self.start

    def rngs(self) -> Iterator[tuple[int, np.random.Generator]]:
        """``(sample index, its generator)`` for every sample of the chunk, in order."""
        for i in range(self.start, self.stop):
            yield i, sample_rng(self.entropy, i)


def make_chunks(n_samples: int, chunk_size: int, entropy: int) -> list[Chunk]:
    """Cut ``n_samples`` into chunks of ``chunk_size`` consecutive samples (the last may be shorter).

    Examples
    --------
    >>> [(c.start, c.stop) for c in make_chunks(5, 2, 0)]
    [(0, 2), (2, 4), (4, 5)]
    """
    if isinstance(n_samples, bool) or int(n_samples) != n_samples or n_samples < 1:
        raise InvalidInputError(
            f"the number of samples must be a positive integer, got {n_samples!r}"
        )
    if isinstance(chunk_size, bool) or int(chunk_size) != chunk_size or chunk_size < 1:
        raise InvalidInputError(f"chunk_size must be a positive integer, got {chunk_size!r}")
    n, size = int(n_samples), int(chunk_size)
    return [Chunk(k, a, min(a + size, n), entropy) for k, a in enumerate(range(0, n, size))]


def chunk_size_for(
    n_samples: int,
    workers: int,
    seconds_per_sample: float | None = None,
    *,
    target_seconds: float = 0.25,
    per_worker: int = 4,
    largest: int = 10_000,
) -> int:
    """A chunk size that keeps every worker busy and makes each task long enough to hide the scheduler.

    The size is the smaller of (a) ``n_samples / (workers × per_worker)`` rounded up — at least
    ``per_worker`` chunks per worker, so the last chunks balance the load — and (b) when the time of one
    sample is known, enough samples for ``target_seconds`` of work per task (a Dask task costs about 1 ms
    of scheduling; a quarter of a second keeps that under 1 %), never more than ``largest``.

    Examples
    --------
    >>> chunk_size_for(10_000, 2)
    1250
    >>> chunk_size_for(10_000, 2, seconds_per_sample=0.01)
    25
    """
    balance = math.ceil(n_samples / max(1, workers * per_worker))
    size = balance
    if seconds_per_sample is not None and seconds_per_sample > 0:
        size = min(size, math.ceil(target_seconds / seconds_per_sample))
    return max(1, min(size, largest))
