"""The workbench's background Monte Carlo jobs run their samples on the sample engine (issue 16.4: "the
forecast Monte Carlo, the plan evaluation and the web app's background jobs use it — no second way of
running samples in parallel"). A spy on the engine (``coalitionist.engine.run``: the chunk cutter every
run goes through, and the call that runs each chunk) sees a forecast job and a plan job each cut their
samples into chunks and run every chunk through it, with the job's own task and sample count."""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

import pytest

import coalitionist.engine.run as engine_run


@pytest.fixture
def engine_spy(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Record every engine run (samples asked for) and every chunk run in this process (by task)."""
    seen: dict[str, Any] = {"runs": [], "chunks": Counter()}
    make_chunks, call = engine_run.make_chunks, engine_run._call

    def spy_chunks(n: int, size: int, entropy: int) -> Any:
        seen["runs"].append(n)
        return make_chunks(n, size, entropy)

    def spy_call(task: Any, handle: Any, chunk: Any) -> Any:
        seen["chunks"][f"{task.__module__}.{task.__qualname__}"] += len(chunk)
        return call(task, handle, chunk)

    monkeypatch.setattr(engine_run, "make_chunks", spy_chunks)
    monkeypatch.setattr(engine_run, "_call", spy_call)
    return seen


def _finish(alice: Any, job_id: str, timeout: float = 300) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        status: dict[str, Any] = alice.api("GET", f"/api/jobs/{job_id}").json()
        if status["status"] in ("done", "failed", "cancelled"):
            return status
        assert time.monotonic() < deadline, status
        time.sleep(0.05)


@pytest.mark.parametrize(
    ("kind", "example", "samples", "task_module"),
    [
        ("forecast", "russia-china-gas-2014", 60, "coalitionist.forecast.montecarlo"),
        ("plan", "clinic-program", 90, "coalitionist.strategy.evaluate"),
    ],
)
def test_a_background_monte_carlo_job_runs_on_the_engine(
    alice: Any,
    engine_spy: dict[str, Any],
    kind: str,
    example: str,
    samples: int,
    task_module: str,
) -> None:
    sid = alice.new_from_example(example)
    r = alice.api(
        "POST", f"/api/scenarios/{sid}/jobs", json={"kind": kind, "samples": samples, "seed": 3}
    )
    assert r.status_code == 202, r.text
    done = _finish(alice, r.json()["id"])
    assert done["status"] == "done", done.get("message")
    # one engine run of the job's samples (the pilot and the chunks all go through run_chunks) ...
    assert samples in engine_spy["runs"]
    # ... and every one of those samples ran as a chunk of the job's own task, through the engine
    by_task = {t: n for t, n in engine_spy["chunks"].items() if t.startswith(task_module)}
    assert sum(by_task.values()) == samples, engine_spy["chunks"]
