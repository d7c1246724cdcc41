"""A Dask LocalCluster shared by the engine tests (two single-threaded worker processes)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from coalitionist.engine import DaskBackend


@pytest.fixture(scope="session")
def dask_backend() -> Iterator[DaskBackend]:
    """One LocalCluster for the session: starting one costs seconds."""
    backend = DaskBackend(workers=2)
    yield backend
    backend.close()
