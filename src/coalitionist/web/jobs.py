"""A small in-process runner for long analyses (Monte Carlo runs): progress, cancel, result stored in the
cache of the revision."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from coalitionist.errors import CoalitionistError


class JobCancelledError(CoalitionistError):
    """The job was cancelled by its user."""


@dataclass
class Job:
    """One background run: who may see it, how far it got, how it ended."""

    id: str
    scenario_id: int
    revision: int
    kind: str
    options: dict[str, Any]
    status: str = "queued"  # queued, running, done, failed, cancelled
    done: int = 0
    total: int = 0
    message: str = ""
    step: str = ""
    cancel: threading.Event = field(default_factory=threading.Event)

    @property
    def fraction(self) -> float:
        """How far the run is, 0–1."""
        if self.status == "done":
            return 1.0
        return self.done / self.total if self.total else 0.0

    @property
    def finished(self) -> bool:
        """Whether the job has ended (whichever way)."""
        return self.status in ("done", "failed", "cancelled")

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the API."""
        return {
            "id": self.id,
            "scenario": self.scenario_id,
            "revision": self.revision,
            "kind": self.kind,
            "options": self.options,
            "status": self.status,
            "done": self.done,
            "total": self.total,
            "fraction": round(self.fraction, 4),
            "message": self.message,
            "step": self.step,
        }


class Reporter:
    """What a job's work is given: call it with ``(done, total)`` to report progress (it raises
    :class:`JobCancelledError` once the job is cancelled); :meth:`step` names what it is doing."""

    def __init__(self, job: Job) -> None:
        self.job = job

    def __call__(self, done: int, total: int) -> None:
        self.job.done, self.job.total = done, total
        if self.job.cancel.is_set():
            raise JobCancelledError("cancelled")

    def step(self, text: str) -> None:
        """Say what the job is doing now (shown beside the progress bar)."""
        self.job.step = text

    def checkpoint(self, _what: str = "") -> None:
        """Raise :class:`JobCancelledError` if the job has been cancelled: the library calls this between
        the steps of a long computation (:func:`coalitionist.brief.make_brief`'s ``checkpoint``)."""
        if self.job.cancel.is_set():
            raise JobCancelledError("cancelled")


class JobRunner:
    """Runs jobs on a small thread pool; a job's progress callback raises :class:`JobCancelledError` once the
    job is cancelled, which stops the library's loop at its next progress report."""

    def __init__(self, workers: int = 2) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="coalitionist-job")
        self._jobs: dict[str, Job] = {}
        self._by_key: dict[tuple[Any, ...], Job] = {}
        self._lock = threading.Lock()

    def submit(
        self,
        scenario_id: int,
        revision: int,
        kind: str,
        options: dict[str, Any],
        work: Callable[[Reporter], None],
        *,
        key: tuple[Any, ...] | None = None,
        again: bool = True,
    ) -> Job:
        """Start ``work(progress)`` in the background.

        With a ``key`` (what the job computes: scenario, revision, kind, options), a job with the same key
        that has not finished is returned instead of starting a second one; so is a cancelled or failed one
        unless ``again`` (someone stopped it: a page view should not silently start it over).
        """
        with self._lock:
            if key is not None:
                last = self._by_key.get(key)
                if last is not None and (
                    not last.finished or (not again and last.status in ("cancelled", "failed"))
                ):
                    return last
            job = Job(secrets.token_urlsafe(12), scenario_id, revision, kind, options)
            self._jobs[job.id] = job
            if key is not None:
                self._by_key[key] = job

        progress = Reporter(job)

        def run() -> None:
            if job.cancel.is_set():
                job.status = "cancelled"
                return
            job.status = "running"
            try:
                work(progress)
            except JobCancelledError:
                job.status, job.message = "cancelled", "cancelled by the user"
            except CoalitionistError as exc:
                job.status, job.message = "failed", exc.format_message()
            except Exception as exc:  # a bug: keep the server up, say what failed
                job.status, job.message = "failed", f"{type(exc).__name__}: {exc}"
            else:
                job.status = "cancelled" if job.cancel.is_set() else "done"

        self._pool.submit(run)
        return job

    def latest(self, key: tuple[Any, ...]) -> Job | None:
        """The last job started for ``key``."""
        with self._lock:
            return self._by_key.get(key)

    def get(self, job_id: str) -> Job | None:
        """The job with this id."""
        with self._lock:
            return self._jobs.get(job_id)

    def cancel(self, job_id: str) -> Job | None:
        """Ask the job to stop."""
        job = self.get(job_id)
        if job is not None:
            job.cancel.set()
            if job.status == "queued":
                job.status = "cancelled"
        return job

    def shutdown(self) -> None:
        """Cancel every job and stop the pool."""
        with self._lock:
            for job in self._jobs.values():
                job.cancel.set()
        self._pool.shutdown(wait=True, cancel_futures=True)
