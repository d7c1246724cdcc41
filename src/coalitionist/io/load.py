"""Load a scenario from a file (YAML, JSON, or KTAB's SMP CSV) with every problem located.

Errors are collected, not raised one at a time: syntax, then structure (types, ranges, unknown keys, via
pydantic), then cross-references (:mod:`coalitionist.scenario.checks`). Each becomes a
:class:`~coalitionist.scenario.errors.Problem` that prints as ``file:line:column: field.path: message``.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path as FsPath
from typing import Any

from pydantic import BaseModel, ValidationError

from coalitionist.io.yamlpos import Positions, parse_json, parse_yaml
from coalitionist.scenario import model as m
from coalitionist.scenario.checks import check_scenario, raw_reference_problems
from coalitionist.scenario.errors import Path, Problem, ScenarioValidationError
from coalitionist.scenario.model import Scenario
from coalitionist.scenario.values import Uncertain

#: Largest scenario file read (bytes). Real scenarios are kilobytes; this only stops runaway inputs.
MAX_FILE_BYTES = 10 * 1024 * 1024


_FORMAT: tuple[type[BaseModel], ...] = (*m.FORMAT_CLASSES, Uncertain)
_FIELD_NAMES = {name for cls in _FORMAT for name in cls.model_fields}


def read_text(path: str | os.PathLike[str], *, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a text file as UTF-8, refusing huge, binary or undecodable files with a located message."""
    name = os.fspath(path)
    try:
        size = os.path.getsize(name)
        if size > max_bytes:
            raise ScenarioValidationError(
                [
                    Problem(
                        (),
                        f"the file has {size:,} bytes; scenario files are limited to "
                        f"{max_bytes:,} bytes ({max_bytes / 2**20:g} MiB)",
                        name,
                    )
                ]
            )
        with open(name, "rb") as fh:
            raw = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise ScenarioValidationError([Problem((), "no such file", name)]) from None
    except IsADirectoryError:
        raise ScenarioValidationError([Problem((), "is a directory, not a file", name)]) from None
    except PermissionError:
        raise ScenarioValidationError([Problem((), "permission denied", name)]) from None
    except OSError as exc:
        raise ScenarioValidationError([Problem((), exc.strerror or str(exc), name)]) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        raise ScenarioValidationError(
            [Problem((), "binary data (a NUL byte): not a text file", name, line)]
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        start = raw.rfind(b"\n", 0, exc.start) + 1
        col = len(raw[start : exc.start].decode("utf-8", errors="replace")) + 1
        raise ScenarioValidationError(
            [Problem((), f"not UTF-8 text (byte 0x{raw[exc.start]:02x})", name, line, col)]
        ) from None


_RULE_KINDS = frozenset({"weighted", "count", "unanimity", "veto", "all_of", "any_of"})


def _clean_loc(loc: tuple[Any, ...], data: Any) -> Path:
    """Drop pydantic's union-tag elements from ``loc`` by walking the raw data."""
    out: list[str | int] = []
    current = data
    for k, part in enumerate(loc):
        last = k == len(loc) - 1
        if isinstance(current, dict):
            key = part if part in current else str(part) if str(part) in current else None
            if key is None:
                # Not in the data: a missing/unknown field (last) or a union tag (skip it).
                is_tag = part in _RULE_KINDS and current.get("kind") == part
                if last and not is_tag:
                    out.append(str(part))
                continue
            out.append(key if isinstance(key, str) else str(key))
            current = current[key]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            out.append(part)
            current = current[part]
        elif (
            last and not isinstance(part, int) and not str(part).startswith(("function-", "tagged"))
        ):
            out.append(str(part))
    return tuple(out)


def _message(err: dict[str, Any], path: Path) -> str:
    kind = err["type"]
    msg = str(err["msg"]).removeprefix("Value error, ")
    if kind == "extra_forbidden":
        name = str(path[-1]) if path else "?"
        return f"unknown field '{name}'{_did_you_mean(name)}"
    if kind == "missing":
        return f"missing required field '{path[-1]}'" if path else "missing required field"
    if kind == "union_tag_invalid":
        ctx = err.get("ctx", {})
        return f"unknown kind '{ctx.get('tag')}'; use one of {ctx.get('expected_tags')}"
    if kind == "union_tag_not_found":
        return "needs a 'kind' (weighted, count, unanimity, veto, all_of or any_of)"
    if kind == "too_short":
        return f"needs at least {err.get('ctx', {}).get('min_length', 1)} item(s), found none"
    if kind == "string_type":
        return "expected text (put it in quotes if it looks like a number or a date)"
    if kind == "finite_number":
        return "expected a finite number (not .inf or .nan)"
    if kind == "string_pattern_mismatch":
        return "ids use letters, digits, '_', '.' and '-' (no spaces), starting with a letter, digit or '_'"
    return msg


def _did_you_mean(name: str) -> str:
    close = difflib.get_close_matches(name, sorted(_FIELD_NAMES), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _locate(problems: list[Problem], file: str, pos: Positions) -> list[Problem]:
    out = []
    for p in problems:
        if p.line is not None:
            out.append(p.located(file, p.line, p.column))
        else:
            line, col = pos.locate(p.path)
            out.append(p.located(file, line, col))
    return out


def scenario_from_data(
    data: Any, *, source: str = "<data>", positions: Positions | None = None
) -> Scenario:
    """Validate parsed data into a :class:`Scenario`, raising every problem at once, located."""
    pos = positions or Positions()
    if not isinstance(data, dict):
        kind = type(data).__name__ if data is not None else "nothing"
        raise ScenarioValidationError(
            _locate(
                [Problem((), f"a scenario is a mapping (title:, actors:, …), got {kind}")],
                source,
                pos,
            )
        )
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        problems = []
        errors = exc.errors()
        for err in errors:
            loc = tuple(err["loc"])
            if err["type"] == "too_short" and any(
                other is not err
                and tuple(other["loc"])[: len(loc)] == loc
                and len(other["loc"]) > len(loc)
                for other in errors
            ):
                continue  # the items themselves failed: that is the problem to report
            path = _clean_loc(loc, data)
            problems.append(Problem(path, _message(dict(err), path)))
        seen = {p.path for p in problems}
        problems.extend(p for p in raw_reference_problems(data) if p.path not in seen)
        raise ScenarioValidationError(_locate(problems, source, pos)) from None
    problems = check_scenario(scenario)
    if problems:
        raise ScenarioValidationError(_locate(problems, source, pos))
    return scenario


def parse_file(path: str | os.PathLike[str]) -> tuple[Any, Positions]:
    """Parse a YAML or JSON file into raw data and positions (raising located syntax problems)."""
    name = os.fspath(path)
    text = read_text(name)
    if FsPath(name).suffix.lower() == ".json":
        data, pos, problems = parse_json(text, name)
    else:
        data, pos, problems = parse_yaml(text, name)
    if problems:
        raise ScenarioValidationError(problems)
    return data, pos


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Load and validate a scenario file.

    YAML (``.yaml``/``.yml``, or anything else) and JSON (``.json``) hold the scenario format
    (``docs/scenario-format.md``); a ``.csv`` file is read as KTAB's SMP input format.

    Raises
    ------
    ScenarioValidationError
        Every problem found, as ``file:line:column: field.path: message``.
    """
    name = os.fspath(path)
    if FsPath(name).suffix.lower() == ".csv":
        from coalitionist.io.ktab_scenario import load_ktab_scenario

        return load_ktab_scenario(name)
    data, pos = parse_file(name)
    return scenario_from_data(data, source=name, positions=pos)
