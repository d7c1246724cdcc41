"""Validate parsed data (as read from YAML/JSON) into a :class:`Scenario`, with every problem located.

Errors are collected, not raised one at a time: structure (types, ranges, unknown keys, via pydantic), then
cross-references (:mod:`coalitionist.scenario.checks`). Each becomes a
:class:`~coalitionist.scenario.errors.Problem` that prints as ``file:line:column: field.path: message``; the
file positions come from the parser (:class:`coalitionist.io.yamlpos.Positions`, or any object with a
``locate(path)`` method).
"""

from __future__ import annotations

import difflib
import re
from typing import Any, Protocol

from pydantic import BaseModel, ValidationError

from coalitionist.scenario import model as m
from coalitionist.scenario.checks import check_scenario, raw_reference_problems
from coalitionist.scenario.errors import Path, Problem, ScenarioValidationError
from coalitionist.scenario.model import Scenario
from coalitionist.scenario.values import Uncertain

_FORMAT: tuple[type[BaseModel], ...] = (*m.FORMAT_CLASSES, Uncertain)
_FIELD_NAMES = {name for cls in _FORMAT for name in cls.model_fields}


class Locator(Protocol):
    """Where each field path of the parsed data sits in its file."""

    def locate(self, path: Path) -> tuple[int | None, int | None]:
        """(line, column) of ``path``, or ``None`` for what the parser did not see."""
        ...


class _Nowhere:
    def locate(self, path: Path) -> tuple[int | None, int | None]:
        return None, None


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
    if name in _FIELD_NAMES:
        # A real field, in the wrong place (e.g. `members` on an `any_of`): suggesting the name itself
        # ("did you mean 'members'?") would tell the user nothing.
        return " (it is a field of other parts of the file, not of this one)"
    close = difflib.get_close_matches(name, sorted(_FIELD_NAMES), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _locate(problems: list[Problem], file: str, pos: Locator) -> list[Problem]:
    out = []
    for p in problems:
        if p.line is not None:
            out.append(p.located(file, p.line, p.column))
        else:
            line, col = pos.locate(p.path)
            out.append(p.located(file, line, col))
    return out


#: Control characters refused in every string of a scenario: C0 (U+0000-U+001F) except tab, newline
#: and carriage return (line ends from Windows tools), DEL (U+007F), and C1 (U+0080-U+009F) except
#: U+0085 (next line, a line break in some texts). They are invisible or act on a terminal (ESC starts
#: ANSI/OSC sequences, U+009B is CSI), and a NUL written into a Markdown or CSV output makes it binary.
#: YAML refuses them written raw; this also catches the escaped forms (``"\\e"`` in YAML, ``"\\u0000"``
#: in JSON) and data built by the web forms or the register importer.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")

#: At most this many control-character problems are listed (one per string).
_MAX_CONTROL_PROBLEMS = 20


def control_problems(data: Any) -> list[Problem]:
    """One :class:`Problem` per string (value or mapping key) in ``data`` holding a control character.

    The message names the first such character (``control character U+0000``); the path is the
    field's (``actors[0].name``), so the loader can locate it in the file.

    Examples
    --------
    >>> [str(p) for p in control_problems({"actors": [{"id": "a", "name": "A\\x00"}]})]
    ['<data>: actors[0].name: control character U+0000 (invisible, or acting on a terminal); remove it']
    >>> control_problems({"title": "tab\\tand\\nnewline"})
    []
    """
    problems: list[Problem] = []
    stack: list[tuple[Path, Any]] = [((), data)]
    while stack and len(problems) < _MAX_CONTROL_PROBLEMS:
        path, value = stack.pop()
        if isinstance(value, str):
            found = CONTROL.search(value)
            if found:
                problems.append(Problem(path, _control_message(found.group())))
        elif isinstance(value, dict):
            for key, item in reversed(list(value.items())):
                if isinstance(key, str) and CONTROL.search(key):
                    found = CONTROL.search(key)
                    assert found is not None
                    problems.append(
                        Problem((*path, key), _control_message(found.group(), key=True))
                    )
                    continue
                stack.append(((*path, key if isinstance(key, str | int) else str(key)), item))
        elif isinstance(value, list | tuple):
            stack.extend(((*path, i), item) for i, item in reversed(list(enumerate(value))))
    return problems


def _control_message(char: str, *, key: bool = False) -> str:
    where = " in a key" if key else ""
    return f"control character U+{ord(char):04X}{where} (invisible, or acting on a terminal); remove it"


def scenario_from_data(
    data: Any, *, source: str = "<data>", positions: Locator | None = None
) -> Scenario:
    """Validate parsed data into a :class:`Scenario`, raising every problem at once, located."""
    pos: Locator = positions if positions is not None else _Nowhere()
    if not isinstance(data, dict):
        kind = type(data).__name__ if data is not None else "nothing"
        raise ScenarioValidationError(
            _locate(
                [Problem((), f"a scenario is a mapping (title:, actors:, …), got {kind}")],
                source,
                pos,
            )
        )
    control = control_problems(data)
    if control:
        raise ScenarioValidationError(_locate(control, source, pos))
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


__all__ = ["CONTROL", "Locator", "control_problems", "scenario_from_data"]
