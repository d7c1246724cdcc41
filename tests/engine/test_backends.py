"""Every backend gives the same numbers, whatever the chunk size; payloads ship once; errors are located."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import engine_tasks as tasks
import pytest

import coalitionist.engine.run as engine_run
from coalitionist.engine import (
    BackendUnavailableError,
    DaskBackend,
    ProcessBackend,
    SchedulerUnreachableError,
    make_backend,
    merge_summaries,
    run_chunks,
)

PAYLOAD = {"mu": 1.0, "sd": 2.0}


@pytest.fixture(scope="module")
def dask_backend() -> Iterator[DaskBackend]:
    """One LocalCluster (two single-threaded worker processes) for the module: starting one costs seconds."""
    backend = DaskBackend(workers=2)
    yield backend
    backend.close()


def _json(backend: object, chunk_size: int | None, n: int = 400) -> str:
    summary = run_chunks(
        tasks.normal_draws,
        PAYLOAD,
        n,
        seed=11,
        backend=backend,  # type: ignore[arg-type]
        chunk_size=chunk_size,
        merge=merge_summaries,
    )
    return json.dumps(tasks.summary_to_json(summary), sort_keys=True)


def test_serial_processes_threads_and_dask_are_byte_identical(dask_backend: DaskBackend) -> None:
    reference = _json("serial", 400)
    with ThreadPoolExecutor(3) as pool:
        assert _json(pool, 7) == reference
    assert _json("processes", 33) == reference
    assert _json("processes", None) == reference
    assert _json(dask_backend, 50) == reference
    assert _json(dask_backend, 1) == reference


def test_raw_draws_in_sample_order_on_every_backend(dask_backend: DaskBackend) -> None:
    want = run_chunks(tasks.raw_draws, None, 50, seed=3, chunk_size=50, merge=tasks.concat)
    for backend, size in (("processes", 4), (dask_backend, 3), ("serial", 1)):
        got = run_chunks(tasks.raw_draws, None, 50, seed=3, backend=backend, chunk_size=size)
        assert [x for chunk in got for x in chunk] == want
    # a different seed gives different numbers
    assert run_chunks(tasks.raw_draws, None, 50, seed=4, chunk_size=50, merge=tasks.concat) != want


def test_progress_reaches_the_total() -> None:
    seen: list[tuple[int, int]] = []
    run_chunks(
        tasks.raw_draws, None, 23, seed=0, chunk_size=5, progress=lambda d, t: seen.append((d, t))
    )
    assert seen == [(5, 23), (10, 23), (15, 23), (20, 23), (23, 23)]
    seen.clear()
    run_chunks(
        tasks.raw_draws,
        None,
        23,
        seed=0,
        backend="processes",
        chunk_size=5,
        progress=lambda d, t: seen.append((d, t)),
    )
    assert sorted(d for d, _ in seen)[-1] == 23
    assert len(seen) == 5


def test_process_pool_installs_the_payload_once_per_worker() -> None:
    with ProcessBackend(2) as backend:
        ids = run_chunks(
            tasks.shared_identity, list(range(1000)), 40, backend=backend, chunk_size=1
        )
    # one payload object per worker process (not one unpickled copy per task)
    assert 1 <= len({i for chunk in ids for i in chunk}) <= 2


def test_a_payload_shared_after_the_pool_started_is_unpickled_once_per_worker() -> None:
    # the second and third runs on a running pool share new payloads: each worker unpickles each once
    # (its chunks share that copy and its caches), instead of one cold copy per chunk
    with ProcessBackend(2) as backend:
        run_chunks(tasks.shared_identity, [0], 4, backend=backend, chunk_size=1)
        for payload in (list(range(1000)), list(range(2000))):
            ids = run_chunks(tasks.shared_identity, payload, 40, backend=backend, chunk_size=1)
            assert 1 <= len({i for chunk in ids for i in chunk}) <= 2
            draws = run_chunks(
                tasks.raw_draws,
                payload,
                12,
                seed=5,
                backend=backend,
                chunk_size=5,
                merge=tasks.concat,
            )
            assert draws == run_chunks(
                tasks.raw_draws, payload, 12, seed=5, chunk_size=3, merge=tasks.concat
            )


def test_dask_workers_hold_one_unpickled_payload_each(dask_backend: DaskBackend) -> None:
    # scattered once: each worker deserialises the payload once and hands that object to every chunk
    # it runs (its caches warm across chunks), instead of a cold copy per task
    seen = run_chunks(
        tasks.unpickle_count,
        tasks.CountedPayload(1000),
        30,
        backend=dask_backend,
        chunk_size=1,
        merge=tasks.concat,
    )
    by_worker: dict[int, set[int]] = {}
    for pid, count in seen:
        by_worker.setdefault(pid, set()).add(count)
    assert len(seen) == 30
    assert 1 <= len(by_worker) <= 2
    assert all(counts == {1} for counts in by_worker.values()), by_worker


def test_a_dask_localcluster_runs_without_the_profiler_or_a_malloc_trim_threshold(
    dask_backend: DaskBackend,
) -> None:
    # DASK_LOCAL_CONFIG (measured in benchmarks/sweep_probe.py): the sampling profiler off, and the
    # nanny's MALLOC_TRIM_THRESHOLD_ left unset; the thread limits of Dask's defaults kept
    settings = dask_backend.client.run(tasks.worker_settings)
    assert len(settings) == 2
    assert set(settings.values()) == {(False, None, "1")}


def test_dask_merges_the_chunk_results_on_the_workers(dask_backend: DaskBackend) -> None:
    # issue 16.3, "results reduced on workers, not gathered whole": every merge of the tree runs in a
    # worker process, and the driver receives the one merged result
    import os

    merged = run_chunks(
        tasks.raw_draws,
        None,
        24,
        seed=3,
        backend=dask_backend,
        chunk_size=3,
        merge=tasks.concat_noting_the_merger,
    )
    where = [m[1] for m in merged if isinstance(m, tuple)]
    assert len(where) == 24 // 3 - 1  # a binary tree over 8 chunks: 7 merges
    assert os.getpid() not in where
    worker_pids = set(dask_backend.client.run(os.getpid).values())
    assert set(where) <= worker_pids
    # and the draws are the serial run's, in sample order
    draws = [m for m in merged if not isinstance(m, tuple)]
    assert draws == run_chunks(tasks.raw_draws, None, 24, seed=3, merge=tasks.concat)


def test_dask_merges_as_the_chunks_finish(dask_backend: DaskBackend) -> None:
    # the tree of merges is submitted with the chunks: while the last chunk is still running (it
    # sleeps 2 s), the merges of the chunks that finished run on the other worker — not all of them
    # after the last chunk, which would add the tree's depth in round trips to every run's end
    merged = run_chunks(
        tasks.finished_at,
        7,
        8,
        seed=3,
        backend=dask_backend,
        chunk_size=1,
        merge=tasks.concat_noting_when,
    )
    ends = {start: at for kind, start, at in merged if kind == "chunk"}
    merges = [at for kind, _, at in merged if kind == "merged"]
    assert sorted(ends) == list(range(8))
    assert len(merges) == 7
    assert min(merges) < ends[7]
    assert [start for kind, start, _ in merged if kind == "chunk"] == list(range(8))


def test_a_local_dask_cluster_leaves_this_processs_environment_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a nanny sets its workers' variables (OMP_NUM_THREADS=1, PYTHONHASHSEED, …) in the process it
    # lives in before spawning them; they must reach the workers, not this process or what it starts
    import os

    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    monkeypatch.delenv("PYTHONHASHSEED", raising=False)
    before = dict(os.environ)
    with DaskBackend(workers=1) as backend:
        assert dict(os.environ) == before
        seen = run_chunks(tasks.environment, None, 1, backend=backend, chunk_size=1)[0][0]
    assert dict(os.environ) == before
    assert seen["OMP_NUM_THREADS"] == "1"
    assert "PYTHONHASHSEED" in seen
    # and a process pool started afterwards gets this process's environment, not the nanny's
    pool_env = run_chunks(tasks.environment, None, 1, backend="processes", chunk_size=1)[0][0]
    assert "OMP_NUM_THREADS" not in pool_env
    assert "PYTHONHASHSEED" not in pool_env


def _note(ticks: list[int], done: int, total: int) -> None:
    ticks.append(done)


def test_the_pilots_samples_are_not_run_again(dask_backend: DaskBackend) -> None:
    # the pilot chunks (sample 0, then samples 1-8 when a sample is cheap) run here to size the chunks;
    # with a merge their results are the run's first, and the workers run only the rest
    import os

    here = os.getpid()
    backends: tuple[str | DaskBackend, ...] = ("processes", dask_backend)
    for backend in backends:
        ticks: list[int] = []
        got = run_chunks(
            tasks.where_run,
            None,
            100,
            seed=2,
            backend=backend,
            merge=tasks.concat,
            progress=functools.partial(_note, ticks),
        )
        assert [i for i, _ in got] == list(range(100))
        ran_here = [i for i, pid in got if pid == here]
        assert ran_here == list(range(1 + engine_run.PILOT_SAMPLES))
        assert ticks[-1] == 100
        # one sample: the pilot is the whole run
        assert run_chunks(tasks.where_run, None, 1, backend=backend, merge=tasks.concat) == [
            (0, here)
        ]
    # without a merge the caller gets the chunks' results, every sample run by a worker
    chunks = run_chunks(tasks.where_run, None, 40, seed=2, backend="processes")
    assert [i for c in chunks for i, _ in c] == list(range(40))
    assert all(pid != here for c in chunks for _, pid in c)


def test_task_errors_propagate(dask_backend: DaskBackend) -> None:
    for backend in ("serial", "processes", dask_backend):
        with pytest.raises(ValueError, match="boom"):
            run_chunks(tasks.failing, None, 4, backend=backend, chunk_size=2)


def test_unknown_backend_and_misplaced_address() -> None:
    with pytest.raises(BackendUnavailableError, match="not one of"):
        make_backend("mpi")
    with pytest.raises(BackendUnavailableError, match="does not apply"):
        make_backend("processes", address="tcp://127.0.0.1:8786")


def test_unreachable_scheduler_is_a_clear_error() -> None:
    with pytest.raises(SchedulerUnreachableError, match="no Dask scheduler"):
        make_backend("dask", address="tcp://127.0.0.1:1")
