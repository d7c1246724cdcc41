"""The optional Ray backend gives the same sweep as the serial one (runs only where ``ray`` is installed:
the ``[ray]`` extra is not part of ``make test``)."""

from __future__ import annotations

import json

import pytest

from coalitionist.analyses.sweep import run_sweep
from coalitionist.scenario.model import Scenario

ray = pytest.importorskip("ray")

DATA = {
    "title": "two",
    "actors": [{"id": "a", "capability": 1}, {"id": "b", "capability": 3}],
    "issues": [{"id": "x", "scale": [0, 100], "status_quo": 0}],
    "positions": {
        "a": {"x": {"position": {"dist": "uniform", "low": 0, "high": 100}, "salience": 1}},
        "b": {"x": {"position": 40, "salience": 1}},
    },
}


def test_ray_sweep_is_byte_identical_to_serial() -> None:
    from coalitionist.engine import RayBackend

    scenario = Scenario.from_data(DATA)
    serial = run_sweep(scenario, 300, seed=5, what=["forecast"], model="mean", chunk_size=300)
    with RayBackend(workers=2) as backend:
        distributed = run_sweep(
            scenario, 300, seed=5, what=["forecast"], model="mean", backend=backend, chunk_size=7
        )
    assert json.dumps(distributed.to_dict()) == json.dumps(serial.to_dict())
