"""``coalitionist schema``: the JSON Schema of the scenario file (issue 2, point 3)."""

from __future__ import annotations

import copy
import json
import warnings
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from coalitionist.cli import app
from coalitionist.io.load import parse_file
from coalitionist.scenario import Scenario

# The warning itself is a bug pinned by test_the_schema_is_made_without_warnings; elsewhere keep it quiet.
pytestmark = pytest.mark.filterwarnings("ignore::pydantic.json_schema.PydanticJsonSchemaWarning")


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    assert result.stderr == ""
    data = json.loads(result.stdout)  # the whole of stdout is one JSON document
    assert isinstance(data, dict)
    return data


def as_json(data: Any) -> Any:
    """What a JSON editor would see: mapping keys as strings."""
    return json.loads(json.dumps(data))


def test_the_schema_describes_the_scenario_file(schema: dict[str, Any]) -> None:
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "object"
    assert set(schema["properties"]) == set(Scenario.model_fields)
    assert set(schema["required"]) == {"title", "actors"}
    assert schema["additionalProperties"] is False


def _validator(schema: dict[str, Any]) -> Any:
    jsonschema = pytest.importorskip(
        "jsonschema",
        reason="the jsonschema package is not installed (add it to the dev extra to run this check)",
    )
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _errors(validator: Any, path: Path) -> list[str]:
    data, _ = parse_file(path)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(as_json(data))]


def test_every_example_validates_against_the_schema(
    schema: dict[str, Any], example_path: Path
) -> None:
    assert _errors(_validator(schema), example_path) == []


def test_the_full_scenario_validates_against_the_schema(
    schema: dict[str, Any], full_scenario_path: Path
) -> None:
    assert _errors(_validator(schema), full_scenario_path) == []


def test_the_full_scenario_without_shorthands_validates(
    schema: dict[str, Any], full_scenario_path: Path
) -> None:
    data, _ = parse_file(full_scenario_path)
    data["positions"]["bo"]["plan"] = {"position": 40}
    errors = [
        f"{list(e.absolute_path)}: {e.message}"
        for e in _validator(schema).iter_errors(as_json(data))
    ]
    assert errors == []


def test_the_schema_is_made_without_warnings() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Scenario.model_json_schema()


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d.update(colour="red"), "colour"),
        (lambda d: d["actors"][0].update(capabilty=3), "capabilty"),
        (lambda d: d["actors"][0].update(votes="many"), "many"),
        (lambda d: d.pop("title"), "title"),
        (
            lambda d: d["relationships"].append(
                {"source": "ana", "target": "bo", "type": "friend"}
            ),
            "friend",
        ),
        (lambda d: d.update(decision={"kind": "majority"}), "majority"),
        (lambda d: d["actors"][0].update(capability={"dist": "lognormal"}), "lognormal"),
    ],
    ids=[
        "unknown-top-key",
        "unknown-actor-key",
        "wrong-type",
        "missing-title",
        "tie-type",
        "rule-kind",
        "dist",
    ],
)
def test_the_schema_rejects_what_the_loader_rejects(
    schema: dict[str, Any], full_scenario_path: Path, change: Any, where: str
) -> None:
    validator = _validator(schema)
    data, _ = parse_file(full_scenario_path)
    bad = as_json(copy.deepcopy(data))
    change(bad)
    assert list(validator.iter_errors(bad)), f"the schema accepts {where}"
