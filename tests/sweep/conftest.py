"""A Dask LocalCluster for the sweep tests (two single-threaded worker processes)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from coalitionist.engine import DaskBackend


@pytest.fixture(scope="module")
def dask_cluster() -> Iterator[DaskBackend]:
    """One LocalCluster per module: starting one costs seconds."""
    backend = DaskBackend(workers=2)
    yield backend
    backend.close()
