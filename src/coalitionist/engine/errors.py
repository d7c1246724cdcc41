"""Errors of the sample engine."""

from __future__ import annotations

from coalitionist.errors import CoalitionistError, UsageError

__all__ = [
    "BackendUnavailableError",
    "EngineError",
    "RunCancelledError",
    "SchedulerUnreachableError",
]


class EngineError(CoalitionistError):
    """The engine could not run the work (a backend failed while running it)."""

    exit_code = 1


class BackendUnavailableError(UsageError):
    """The backend asked for is unknown, or its optional package is not installed."""


class SchedulerUnreachableError(EngineError):
    """No Dask scheduler (or Ray cluster) answered at the address given."""


class RunCancelledError(EngineError):
    """The run was cancelled (its ``cancel`` flag was set) before every chunk had finished."""
