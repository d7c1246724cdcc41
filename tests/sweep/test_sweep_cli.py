"""``coalitionist sweep`` through the Typer runner: one JSON object, byte-identical on every backend."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coalitionist.cli import app
from coalitionist.engine import DaskBackend
from coalitionist.examples import example_path

runner = CliRunner()
CLINIC = str(example_path("clinic-program"))
ARGS = ["sweep", CLINIC, "-n", "12", "--seed", "3", "--what", "forecast,coalitions,plan", "--json"]


def _run(*extra: str) -> str:
    res = runner.invoke(app, [*ARGS, *extra])
    assert res.exit_code == 0, res.output
    return res.stdout


def test_json_is_byte_identical_on_serial_processes_and_a_dask_localcluster(
    dask_cluster: DaskBackend,
) -> None:
    serial = _run("--backend", "serial")
    assert _run("--backend", "processes", "--chunk-size", "5") == serial
    assert _run("--backend", "serial", "--chunk-size", "1") == serial
    # an existing scheduler (--address), as a user with a cluster would run it
    address = dask_cluster.address
    assert _run("--backend", "dask", "--address", address, "--chunk-size", "4") == serial
    data = json.loads(serial)
    assert data["samples"] == 12
    assert data["seed"] == 3
    assert data["perturb"] == {"pct": 10.0, "default": True}
    assert set(data["what"]) == {"forecast", "coalitions", "plan"}


def test_dask_backend_starts_its_own_localcluster() -> None:
    out = _run("--backend", "dask", "--workers", "2")
    assert out == _run("--backend", "serial")


def test_seed_reproducible_and_different_seeds_differ() -> None:
    a = _run()
    assert _run() == a
    res = runner.invoke(app, [*ARGS[:5], "4", *ARGS[6:]])
    assert res.exit_code == 0
    assert json.loads(res.stdout)["numbers"] != json.loads(a)["numbers"]


def test_json_shape() -> None:
    data = json.loads(_run("--backend", "serial"))
    probs = data["probabilities"]
    assert abs(sum(probs["first_move"].values()) - 1.0) < 1e-12
    assert abs(sum(c["p"] for c in probs["likely_coalition"]) - 1.0) < 1e-12
    for rec in data["recommendations"]:
        assert 0.0 <= rec["holds"] <= 1.0
        assert rec["text"]
        assert rec["id"]
    # every reported number has its quantiles, in order, and its point value
    for key, d in data["numbers"].items():
        assert d["n"] == 12, key
        assert d["min"] <= d["p05"] <= d["p25"] <= d["p50"] <= d["p75"] <= d["p95"] <= d["max"]
    assert data["numbers"]["forecast.program"]["point"] == pytest.approx(
        data["nominal"]["numbers"]["forecast.program"]
    )
    # the first move's probability is the share of variants whose first move is the nominal one
    first = data["nominal"]["labels"]["plan.first"]
    holds = {r["id"]: r["holds"] for r in data["recommendations"]}
    assert holds["plan.first"] == probs["first_move"].get(first, 0.0)


def test_text_output_names_actors() -> None:
    res = runner.invoke(app, [*ARGS[:-1], "--backend", "serial"])
    assert res.exit_code == 0, res.output
    assert "Operations manager" in res.stdout
    assert "ops_a" not in res.stdout.replace("plan.", "")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--what", "forecast,astrology"], "--what"),
        (["--backend", "gpu"], "--backend"),
        (["--backend", "processes", "--address", "tcp://127.0.0.1:8786"], "--address"),
        (["--perturb", "150"], "perturb"),
        (["--model", "oracle"], "--model"),
    ],
)
def test_bad_options_exit_2_without_traceback(extra: list[str], message: str) -> None:
    res = runner.invoke(app, ["sweep", CLINIC, "-n", "2", *extra])
    assert res.exit_code == 2, res.output
    assert message in res.output
    assert "Traceback" not in res.output


def test_bad_file_is_located(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: x\nactors:\n  - {id: a, capability: lots}\n", encoding="utf-8")
    res = runner.invoke(app, ["sweep", str(bad), "-n", "2"])
    assert res.exit_code == 2
    assert "bad.yaml:" in res.output


def test_unreachable_scheduler_is_a_clear_failure() -> None:
    res = runner.invoke(
        app, ["sweep", CLINIC, "-n", "2", "--backend", "dask", "--address", "tcp://127.0.0.1:1"]
    )
    assert res.exit_code == 1
    assert "no Dask scheduler" in res.output
    assert "Traceback" not in res.output


def test_help_choices_are_the_librarys() -> None:
    from coalitionist.analyses import sweep as bridge
    from coalitionist.cli import sweep_cmd
    from coalitionist.engine import BACKENDS

    assert sweep_cmd.WHAT == bridge.WHAT
    assert sweep_cmd.FIRST_K == bridge.FIRST_K
    assert sweep_cmd.BACKENDS == BACKENDS
