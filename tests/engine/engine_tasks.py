"""Module-level tasks for the engine tests (importable by worker processes)."""

from __future__ import annotations

from typing import Any

import numpy as np

from coalitionist.engine import Chunk, Summary


def normal_draws(payload: dict[str, float], chunk: Chunk) -> Summary:
    """Summaries of draws x ~ N(mu, sd), y = x², a label "high" when x > mu."""
    records = []
    for _, rng in chunk.rngs():
        x = float(rng.normal(payload["mu"], payload["sd"]))
        records.append(({"x": x, "y": x * x}, {"high": str(x > payload["mu"]).lower()}))
    return Summary.of_records(records)


def raw_draws(payload: Any, chunk: Chunk) -> list[float]:
    """Each sample's first uniform, in sample order."""
    return [float(rng.random()) for _, rng in chunk.rngs()]


def concat(a: list[Any], b: list[Any]) -> list[Any]:
    return a + b


def failing(payload: Any, chunk: Chunk) -> None:
    raise ValueError("boom")


def shared_identity(payload: Any, chunk: Chunk) -> list[int]:
    """The id of the payload object seen by the worker, once per chunk."""
    return [id(payload)]


def summary_to_json(s: Summary) -> dict[str, Any]:
    return {
        "samples": s.samples,
        "numbers": {k: v.to_dict() for k, v in sorted(s.numbers.items())},
        "labels": {k: dict(sorted(c.items())) for k, c in sorted(s.labels.items())},
    }


__all__ = ["concat", "failing", "normal_draws", "np", "raw_draws", "summary_to_json"]


def uniform_sample(scale: float, i: int, rng: np.random.Generator) -> tuple[int, float]:
    """``run_samples`` task: the sample index and a scaled uniform of its own stream."""
    return i, scale * float(rng.random())


def random_inputs(n: int, rng: np.random.Generator) -> tuple[Any, Any, Any]:
    """A forecast Monte Carlo sampler: ``n`` actors, two issues, every input uniform."""
    return rng.uniform(10, 100, n), rng.uniform(0, 100, (n, 2)), rng.uniform(0.2, 1.0, (n, 2))


#: How many times this worker process has unpickled a :class:`CountedPayload`.
UNPICKLED = [0]


class CountedPayload:
    """A payload that counts, in each process, how often it is unpickled (a cold copy per task would
    count once per task)."""

    def __init__(self, size: int) -> None:
        self.data = list(range(size))

    def __setstate__(self, state: dict[str, Any]) -> None:
        UNPICKLED[0] += 1
        self.__dict__.update(state)


def unpickle_count(payload: CountedPayload, chunk: Chunk) -> list[tuple[int, int]]:
    """(this worker's pid, how many payloads it has unpickled so far), once per chunk."""
    import os

    return [(os.getpid(), UNPICKLED[0])]


def worker_settings() -> tuple[object, object, object]:
    """What a Dask worker runs with: its profiler setting, MALLOC_TRIM_THRESHOLD_, OMP_NUM_THREADS."""
    import os

    import dask

    return (
        dask.config.get("distributed.worker.profile.enabled"),
        os.environ.get("MALLOC_TRIM_THRESHOLD_"),
        os.environ.get("OMP_NUM_THREADS"),
    )


def concat_noting_the_merger(a: list[Any], b: list[Any]) -> list[Any]:
    """``a + b`` and, last, ("merged in", the pid of the process that merged them)."""
    import os

    return [*a, *b, ("merged in", os.getpid())]


def finished_at(last: int, chunk: Chunk) -> list[tuple[str, int, float]]:
    """("chunk", its first sample, when it ended); the chunk that starts at ``last`` first sleeps 2 s."""
    import time

    if chunk.start == last:
        time.sleep(2.0)
    return [("chunk", chunk.start, time.time())]


def concat_noting_when(a: list[Any], b: list[Any]) -> list[Any]:
    """``a + b`` and, last, ("merged", the first sample of ``b``, when)."""
    import time

    return [*a, *b, ("merged", b[0][1], time.time())]


def environment(payload: Any, chunk: Chunk) -> list[dict[str, str]]:
    """This process's environment, once per chunk."""
    import os

    return [dict(os.environ)]


def where_run(payload: Any, chunk: Chunk) -> list[tuple[int, int]]:
    """(sample index, the pid of the process that ran it) for each sample of the chunk."""
    import os

    return [(i, os.getpid()) for i in range(chunk.start, chunk.stop)]
