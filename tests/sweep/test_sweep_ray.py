"""The optional Ray backend: where ``ray`` is installed it gives the same sweep as the serial one; where it
is not (the ``[ray]`` extra is not part of ``make test``), asking for it is a clear error naming the extra."""

from __future__ import annotations

import json

import pytest

from coalitionist.analyses.sweep import run_sweep
from coalitionist.scenario.model import Scenario

try:
    import ray  # noqa: F401

    HAVE_RAY = True
except ImportError:
    HAVE_RAY = False

DATA = {
    "title": "two",
    "actors": [{"id": "a", "capability": 1}, {"id": "b", "capability": 3}],
    "issues": [{"id": "x", "scale": [0, 100], "status_quo": 0}],
    "positions": {
        "a": {"x": {"position": {"dist": "uniform", "low": 0, "high": 100}, "salience": 1}},
        "b": {"x": {"position": 40, "salience": 1}},
    },
}


def test_ray_sweep_is_byte_identical_to_serial_or_says_what_to_install() -> None:
    from coalitionist.engine import RayBackend

    if not HAVE_RAY:
        from coalitionist.engine.errors import BackendUnavailableError

        with pytest.raises(BackendUnavailableError, match=r"coalitionist\[ray\]"):
            RayBackend(workers=2)
        return

    scenario = Scenario.from_data(DATA)
    serial = run_sweep(scenario, 300, seed=5, what=["forecast"], model="mean", chunk_size=300)
    with RayBackend(workers=2) as backend:
        distributed = run_sweep(
            scenario, 300, seed=5, what=["forecast"], model="mean", backend=backend, chunk_size=7
        )
    assert json.dumps(distributed.to_dict()) == json.dumps(serial.to_dict())
