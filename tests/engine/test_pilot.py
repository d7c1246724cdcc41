"""The pilot that sizes chunks: a chunk's fixed cost is not counted as its samples' (a fake CPU clock)."""

from __future__ import annotations

import math
from typing import Any

import pytest

import coalitionist.engine.run as engine_run
from coalitionist.engine import Chunk, chunk_size_for


class _Clock:
    """A CPU clock that only the fake task advances: ``fixed`` per chunk plus ``per`` per sample."""

    def __init__(self, fixed: float, per: float) -> None:
        self.now, self.fixed, self.per = 0.0, fixed, per
        self.calls: list[int] = []

    def time(self) -> float:
        return self.now

    def task(self, payload: Any, chunk: Chunk) -> int:
        self.calls.append(len(chunk))
        self.now += self.fixed + self.per * len(chunk)
        return len(chunk)


def test_a_cheap_task_with_a_fixed_chunk_cost(monkeypatch: pytest.MonkeyPatch) -> None:
    # a sweep's chunk costs ~10 ms to summarise besides ~0.6 ms a sample: one sample alone says 10.6 ms
    # (chunks of 24); the pilot of 8 finds 0.6 ms a sample, so a quarter-second chunk holds ~400
    clock = _Clock(fixed=0.010, per=0.0006)
    monkeypatch.setattr(engine_run.time, "thread_time", clock.time)
    cost = engine_run._pilot(clock.task, None, 100_000, 1)
    assert clock.calls == [1, engine_run.PILOT_SAMPLES]
    size = chunk_size_for(100_000, 2, seconds_per_sample=cost)
    # a chunk of that size costs about the target: fixed + size · per ≈ 0.25 s
    assert clock.fixed + size * clock.per == pytest.approx(engine_run.TARGET_SECONDS, rel=0.01)
    naive = chunk_size_for(100_000, 2, seconds_per_sample=clock.fixed + clock.per)
    assert naive == math.ceil(0.25 / 0.0106)
    assert size > 15 * naive


def test_an_expensive_sample_needs_one_pilot(monkeypatch: pytest.MonkeyPatch) -> None:
    # a Gulf War sweep sample costs ~0.1 s: one pilot sample is enough, and its cost is the estimate
    clock = _Clock(fixed=0.001, per=0.1)
    monkeypatch.setattr(engine_run.time, "thread_time", clock.time)
    assert engine_run._pilot(clock.task, None, 1_000, 1) == pytest.approx(0.101)
    assert clock.calls == [1]


def test_few_samples_need_one_pilot(monkeypatch: pytest.MonkeyPatch) -> None:
    # too few samples to spend eight more on a pilot
    clock = _Clock(fixed=0.010, per=0.0006)
    monkeypatch.setattr(engine_run.time, "thread_time", clock.time)
    engine_run._pilot(clock.task, None, 20, 1)
    assert clock.calls == [1]
