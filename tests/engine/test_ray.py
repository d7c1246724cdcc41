"""The optional Ray backend against a real local Ray instance (runs where ``ray`` is importable: the
``[ray]`` extra, not part of the project's required packages; skipped elsewhere).

The same contract as the Dask backend's: the numbers of the serial run whatever the chunk size, the
chunk results merged by a tree of tasks in Ray's worker processes (submitted with the chunks), and a
task's error raised in the caller.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from typing import Any

import engine_tasks as tasks
import pytest

from coalitionist.engine import merge_summaries, run_chunks

ray = pytest.importorskip(
    "ray", reason="the ray extra (pip install 'coalitionist[ray]') is not installed"
)


@pytest.fixture(scope="module")
def ray_backend() -> Iterator[Any]:
    """A local Ray instance of two CPUs whose workers can import this directory's task module."""
    from coalitionist.engine import RayBackend

    saved = os.environ.get("PYTHONPATH")
    # Ray's worker processes take the environment of the raylet, started by ray.init from this one
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    try:
        backend = RayBackend(workers=2)
    finally:
        if saved is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = saved
    yield backend
    backend.close()


def _json(backend: Any, chunk_size: int) -> str:
    summary = run_chunks(
        tasks.normal_draws,
        {"mu": 1.0, "sd": 2.0},
        200,
        seed=11,
        backend=backend,
        chunk_size=chunk_size,
        merge=merge_summaries,
    )
    return json.dumps(tasks.summary_to_json(summary), sort_keys=True)


def test_ray_summaries_are_byte_identical_to_serial(ray_backend: Any) -> None:
    reference = _json("serial", 200)
    assert _json(ray_backend, 7) == reference
    assert _json(ray_backend, 1) == reference


def test_ray_merges_in_its_worker_processes_in_chunk_order(ray_backend: Any) -> None:
    merged = run_chunks(
        tasks.raw_draws,
        None,
        24,
        seed=3,
        backend=ray_backend,
        chunk_size=3,
        merge=tasks.concat_noting_the_merger,
    )
    where = [m[1] for m in merged if isinstance(m, tuple)]
    assert len(where) == 24 // 3 - 1  # a binary tree over 8 chunks
    assert os.getpid() not in where
    draws = [m for m in merged if not isinstance(m, tuple)]
    assert draws == run_chunks(tasks.raw_draws, None, 24, seed=3, merge=tasks.concat)


def test_ray_raw_results_in_sample_order_and_errors_raised(ray_backend: Any) -> None:
    got = run_chunks(tasks.raw_draws, None, 30, seed=4, backend=ray_backend, chunk_size=4)
    assert [x for chunk in got for x in chunk] == run_chunks(
        tasks.raw_draws, None, 30, seed=4, merge=tasks.concat
    )
    with pytest.raises(ValueError, match="boom"):
        run_chunks(tasks.failing, None, 4, backend=ray_backend, chunk_size=2)
