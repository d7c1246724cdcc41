"""``coalitionist process`` through the CLI: the JSON contract, the readable output, usage errors."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from coalitionist.cli import app
from coalitionist.examples import example_path

runner = CliRunner()


def test_json_shape_follows_the_contract() -> None:
    path = example_path("clinic-program")
    result = runner.invoke(app, ["process", str(path), "--samples", "200", "--seed", "3", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data["package"]) == {"program", "credit"}
    assert all(isinstance(v, float) for v in data["package"].values())
    assert "junior" in data["carried_by"]
    for offer in data["offers"]:
        assert {"actor", "issue", "concession", "why"} <= set(offer)
    lock = data["lockout"]
    assert 0.0 <= lock["p"] <= 1.0
    assert isinstance(lock["by"], list)
    assert {"actor", "p_after"} <= set(lock["prevent"])
    kinds = {m["kind"] for m in data["meetings"]}
    assert kinds <= {"one_on_one", "group", "plenary"}
    assert data["meetings"][-1]["kind"] == "plenary"
    for m in data["meetings"]:
        assert {"actors", "kind", "why"} <= set(m)
        assert m["why"]
    for t in data["tactics"]:
        assert {"actor", "kind", "why"} <= set(t)
    # ids in JSON, names in sentences
    assert all("ops_a" not in s for s in data["reading"])


def test_same_seed_same_numbers() -> None:
    path = str(example_path("clinic-program"))
    a = runner.invoke(app, ["process", path, "-n", "150", "--seed", "5", "--json"]).stdout
    b = runner.invoke(app, ["process", path, "-n", "150", "--seed", "5", "--json"]).stdout
    assert json.loads(a)["lockout"]["p"] == json.loads(b)["lockout"]["p"]


def test_text_output_names_the_package_and_the_meetings() -> None:
    result = runner.invoke(app, ["process", str(example_path("clinic-program")), "-n", "100"])
    assert result.exit_code == 0, result.output
    assert "Table Program model: pilot the new model" in result.stdout
    assert "One-on-one with Operations manager" in result.stdout


def test_usage_errors_exit_2_without_a_traceback(tmp_path: Path) -> None:
    path = str(example_path("clinic-program"))
    result = runner.invoke(app, ["process", path, "--for", "nobody"])
    assert result.exit_code == 2
    assert "nobody" in result.output
    assert "Traceback" not in result.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\ntitle: t\nactors: [{id: a}]\nfocal: a\n")
    result = runner.invoke(app, ["process", str(bad), "--json"])
    assert result.exit_code == 2
    assert "no issues" in result.output
    assert result.stdout == "" or not result.stdout.strip().startswith("{")


def test_the_default_sample_count_is_the_librarys() -> None:
    from coalitionist.analyses.process import DEFAULT_SAMPLES
    from coalitionist.cli import process_cmd

    assert process_cmd.DEFAULT_SAMPLES == DEFAULT_SAMPLES
