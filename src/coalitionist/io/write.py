"""Write scenarios (YAML/JSON) and any output file atomically."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Literal

import yaml

from coalitionist.errors import CoalitionistError
from coalitionist.scenario.model import Scenario


class OutputError(CoalitionistError):
    """An output file could not be written (nothing was changed)."""

    exit_code = 1


def _tidy(value: Any) -> Any:
    """Whole floats as ints (``100`` rather than ``100.0``), recursively."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    if isinstance(value, dict):
        return {k: _tidy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_tidy(v) for v in value]
    return value


def scenario_data(scenario: Scenario) -> dict[str, Any]:
    """The scenario as plain data in the file format, without fields left at their defaults."""
    data = _tidy(scenario.model_dump(mode="json", exclude_defaults=True))
    return {"schema_version": scenario.schema_version, **data}


class _Dumper(yaml.SafeDumper):
    pass


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if any(c in value for c in "\x85\u2028\u2029") or any(
        ord(c) < 32 and c not in "\n\t" for c in value
    ):
        style: str | None = '"'  # YAML would read these as line breaks: keep them escaped
    else:
        style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _list_presenter(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    flow = len(value) <= 12 and all(isinstance(v, str | int | float) for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(str, _str_presenter)
_Dumper.add_representer(list, _list_presenter)


def dump_scenario(scenario: Scenario, fmt: Literal["yaml", "json"] = "yaml") -> str:
    """Serialise a scenario; loading the text again gives an equal scenario."""
    data = scenario_data(scenario)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def write_atomic(path: str | os.PathLike[str], content: str | bytes) -> Path:
    """Write ``content`` to ``path`` through a temporary file renamed into place.

    Either the whole new file is there afterwards or, on any error, the earlier file (if any) is untouched
    and no temporary file is left behind.
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write here: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def write_scenario(scenario: Scenario, path: str | os.PathLike[str]) -> Path:
    """Write a scenario to ``path`` (JSON for ``.json``, else YAML), atomically."""
    fmt: Literal["yaml", "json"] = "json" if str(path).lower().endswith(".json") else "yaml"
    return write_atomic(path, dump_scenario(scenario, fmt))
