"""``--address`` against a real cluster (issue 16.3): a ``dask scheduler`` and a ``dask worker`` with two
worker processes, started here as subprocesses exactly as docs/howto/robustness.md starts them, and
``coalitionist sweep --address`` run against them. The JSON must be the serial run's, byte for byte; the
workers must run with the settings the how-to gives them (no profiler, no malloc trim threshold). (An
address nobody answers at: tests/sweep/test_sweep_cli.py.)"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

distributed = pytest.importorskip(
    "distributed", reason="the dask extra (pip install 'coalitionist[dask]') is not installed"
)

from coalitionist.cli import app  # noqa: E402
from coalitionist.examples import example_path  # noqa: E402

HERE = Path(__file__).resolve().parent
SRC = HERE.parents[1] / "src"
CLINIC = str(example_path("clinic-program"))
GULF = str(example_path("gulf-war-1990"))

#: The worker settings of docs/howto/robustness.md §5 (what DASK_LOCAL_CONFIG does for a LocalCluster).
WORKER_ENV = {
    "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED": "False",
    "DASK_DISTRIBUTED__NANNY__PRE_SPAWN_ENVIRON": '{"MALLOC_TRIM_THRESHOLD_": None}',
}


def free_port() -> int:
    """A TCP port nothing listens on now (the OS picks it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _dask_command() -> list[str]:
    """``dask`` beside this Python (the venv's), else ``python -m dask``."""
    exe = Path(sys.executable).with_name("dask")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("dask")
    return [found] if found else [sys.executable, "-m", "dask"]


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """``dask scheduler`` and ``dask worker --nworkers 2 --nthreads 1`` on free ports; their address."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {
        **os.environ,
        # the workers import coalitionist as this test does (a clean checkout: from src/), and the
        # helpers of engine_tasks (beside this file) that the settings test runs on them
        "PYTHONPATH": os.pathsep.join(
            p for p in (str(SRC), str(HERE), os.environ.get("PYTHONPATH")) if p
        ),
        **WORKER_ENV,
    }
    dask = _dask_command()
    started: list[subprocess.Popen[bytes]] = []
    try:
        started.append(
            subprocess.Popen(
                [*dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        started.append(
            subprocess.Popen(
                [*dask, "worker", address, "--nworkers", "2", "--nthreads", "1", "--no-dashboard"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        deadline = time.monotonic() + 120
        while True:  # the scheduler may not listen yet
            try:
                with distributed.Client(address, timeout="5s") as client:
                    client.wait_for_workers(2, timeout=max(1.0, deadline - time.monotonic()))
                break
            except (OSError, TimeoutError):
                if time.monotonic() > deadline or any(p.poll() is not None for p in started):
                    pytest.fail(f"the dask scheduler/worker at {address} did not come up")
                time.sleep(0.5)
        yield address
    finally:
        for proc in reversed(started):  # the worker, then the scheduler
            _stop(proc)


runner = CliRunner()


def _sweep(*args: str) -> str:
    res = runner.invoke(app, ["sweep", *args, "--json"])
    assert res.exit_code == 0, res.output
    return res.stdout


def test_a_sweep_on_a_real_cluster_is_the_serial_sweep_byte_for_byte(cluster: str) -> None:
    # the how-to's commands: the clinic, every analysis, --address only (no --backend)
    serial = _sweep(CLINIC, "-n", "24", "--seed", "5", "--backend", "serial")
    assert _sweep(CLINIC, "-n", "24", "--seed", "5", "--address", cluster) == serial
    assert (
        _sweep(CLINIC, "-n", "24", "--seed", "5", "--address", cluster, "--chunk-size", "5")
        == serial
    )
    # the seed matters (the comparison can fail)
    assert _sweep(CLINIC, "-n", "24", "--seed", "6", "--address", cluster) != serial
    # the Gulf War: 22 candidates, the plan re-decided per variant by the index policy
    gulf = ("-n", "6", "--seed", "1", "--what", "coalitions,plan")
    assert _sweep(GULF, *gulf, "--address", cluster) == _sweep(GULF, *gulf, "--backend", "serial")


def test_the_workers_run_with_the_how_tos_settings(cluster: str) -> None:
    from engine_tasks import worker_settings

    with distributed.Client(cluster, timeout="5s") as client:
        settings = client.run(worker_settings)
    assert len(settings) == 2
    # the profiler off, MALLOC_TRIM_THRESHOLD_ unset, Dask's thread limit kept
    assert set(settings.values()) == {(False, None, "1")}
