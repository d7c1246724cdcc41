"""Read YAML and JSON keeping where every value stands in the file.

PyYAML composes a node graph whose marks give each node's line and column; we build the Python data and a map
from each field's path to its position in one walk, and reject what a plain ``yaml.safe_load`` would let
through silently or expensively: duplicate keys, alias bombs, recursive aliases, nesting beyond a limit and
YAML 1.1's ``yes``/``no``/``on``/``off`` booleans (only ``true``/``false`` are booleans here, as in YAML 1.2).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from coalitionist.scenario.errors import Path, Problem

#: Largest number of nodes a document may have once aliases are expanded (a guard against YAML bombs).
MAX_EXPANDED_NODES = 1_000_000
#: Deepest nesting accepted.
MAX_DEPTH = 64


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans (so an actor called ``no`` stays a string)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)

_CLoader: Any = getattr(yaml, "CSafeLoader", None)
_FastLoader: Any = None
if _CLoader is not None:  # libyaml's parser, when PyYAML was built with it: about 10× faster

    class _FastLoader(_CLoader):  # type: ignore[no-redef]
        """libyaml's SafeLoader with the same YAML 1.2 booleans as :class:`_Loader`."""

    _FastLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


@dataclass
class Positions:
    """Path → (line, column), 1-based, for keys and for values."""

    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: Path) -> tuple[int | None, int | None]:
        """The position of the deepest existing prefix of ``path`` (its key if it has one)."""
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if prefix in self.keys:
                return self.keys[prefix]
            if prefix in self.values:
                return self.values[prefix]
        return (None, None)


def _mark(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _path_key(value: Any) -> str | int:
    return value if isinstance(value, str) else str(value)


def _distinct_nodes(root: yaml.Node, limit: int) -> int:
    """Number of distinct nodes (aliases counted once), stopping past ``limit``."""
    seen: set[int] = set()
    stack = [root]
    while stack and len(seen) <= limit:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                stack.extend((k, v))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return len(seen)


def _unreadable_scalar(root: yaml.Node, loader: Any) -> tuple[yaml.Node, BaseException] | None:
    """The first scalar node PyYAML cannot construct (an impossible date, ``!!int 0x``, …), if any."""
    stack = [root]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            loader.constructed_objects = {}  # a failed construction leaves state behind
            loader.recursive_objects = {}
            try:
                loader.construct_object(node)
            except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
                return node, exc
        elif isinstance(node, yaml.MappingNode):
            for k, v in reversed(node.value):
                stack.extend((v, k))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
    return None


_TAG_WORDS = {
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:int": "an integer",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true/false",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:binary": "base64 binary",
}


def _construction_problem(exc: BaseException, root: yaml.Node, loader: Any, file: str) -> Problem:
    """A located problem for data PyYAML parsed but could not build into Python values."""
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        mark = exc.problem_mark
        what = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        return Problem((), f"YAML: {what}", file, mark.line + 1, mark.column + 1)
    found = _unreadable_scalar(root, loader)
    if found is None:
        return Problem((), f"YAML: cannot read the data ({type(exc).__name__}: {exc})", file)
    node, err = found
    shown = (
        node.value if len(node.value) <= 40 else f"{node.value[:20]}…({len(node.value)} characters)"
    )
    kind = _TAG_WORDS.get(node.tag, node.tag)
    reason = str(err).split(";")[0]
    line, col = _mark(node)
    return Problem(
        (),
        f"cannot read '{shown}' as {kind} ({reason}); put it in quotes if it is text",
        file,
        line,
        col,
    )


def _expanded_size(root: yaml.Node) -> int:
    """Number of nodes after alias expansion, stopping early past the limit; −1 for a recursive alias."""
    memo: dict[int, int] = {}
    on_stack: set[int] = set()

    def size(node: yaml.Node, depth: int) -> int:
        key = id(node)
        if key in memo:
            return memo[key]
        if key in on_stack:
            return -1
        if depth > MAX_DEPTH:
            return -2
        on_stack.add(key)
        total = 1
        children: list[yaml.Node] = []
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                children.extend((k, v))
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        for child in children:
            got = size(child, depth + 1)
            if got < 0:
                return got
            total += got
            if total > MAX_EXPANDED_NODES:
                break
        on_stack.discard(key)
        memo[key] = total
        return total

    return size(root, 0)


def _walk(
    node: yaml.Node, path: Path, pos: Positions, problems: list[Problem], loader: Any
) -> None:
    pos.values.setdefault(path, _mark(node))
    if isinstance(node, yaml.MappingNode):
        # Keys merged in with ``<<: *anchor`` may be overridden by the mapping's own keys (YAML's merge
        # rule); only the mapping's own keys are checked for duplicates.
        own = {id(k) for k, _ in node.value if k.tag != "tag:yaml.org,2002:merge"}
        loader.flatten_mapping(node)
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            try:
                key = loader.construct_object(key_node, deep=True)
            except yaml.YAMLError:
                continue
            if not isinstance(key, str | int | float | bool) or key is None:
                continue
            child = (*path, _path_key(key))
            if id(key_node) not in own:
                pos.keys.setdefault(child, _mark(key_node))
                _walk(value_node, child, pos, problems, loader)
                continue
            if key in seen:
                problems.append(
                    Problem(
                        child,
                        f"duplicate key '{key}' (first at line {seen[key]}): the later one would"
                        " silently win",
                        line=_mark(key_node)[0],
                        column=_mark(key_node)[1],
                    )
                )
                continue
            seen[key] = _mark(key_node)[0]
            pos.keys[child] = _mark(key_node)
            _walk(value_node, child, pos, problems, loader)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*path, i), pos, problems, loader)


def parse_yaml(text: str, file: str) -> tuple[Any, Positions, list[Problem]]:
    """Parse YAML text into data, positions and problems (syntax problems leave data ``None``).

    A well-formed file is read by libyaml's parser when PyYAML has it (the same nodes and marks, about 10×
    faster: issue 12, point 5); a file with any problem is read again by PyYAML's own parser, whose messages
    (and control-character checks) are the ones reported.
    """
    if _FastLoader is not None and not yaml.reader.Reader.NON_PRINTABLE.search(text):
        try:
            fast = _parse_yaml(text, file, _FastLoader)
        except Exception:
            fast = None
        if fast is not None and not fast[2] and fast[0] is not None:
            return fast
    return _parse_yaml(text, file, _Loader)


def _parse_yaml(text: str, file: str, loader_class: Any) -> tuple[Any, Positions, list[Problem]]:
    pos = Positions()
    try:
        loader = loader_class(text)
    except yaml.reader.ReaderError as exc:
        at_line = text.count("\n", 0, exc.position) + 1
        at_column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        return (
            None,
            pos,
            [
                Problem(
                    (),
                    f"control character U+{ord(char):04X} is not allowed in YAML text",
                    file,
                    at_line,
                    at_column,
                )
            ],
        )
    try:
        try:
            root = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            message = " ".join(str(x) for x in (exc.context, exc.problem) if x) or "invalid YAML"
            line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
            return None, pos, [Problem((), f"YAML syntax: {message}", file, line, col)]
        except yaml.YAMLError as exc:
            return None, pos, [Problem((), f"YAML syntax: {exc}", file)]
        except RecursionError:
            return None, pos, [Problem((), f"nesting deeper than {MAX_DEPTH} levels", file)]
        if root is None:
            return (
                None,
                pos,
                [
                    Problem(
                        (),
                        "the file is empty: a scenario needs at least title and actors",
                        file,
                        1,
                        1,
                    )
                ],
            )
        size = _expanded_size(root)
        if size == -1:
            return (
                None,
                pos,
                [Problem((), "a recursive alias (an anchor that contains itself)", file)],
            )
        if size == -2:
            return None, pos, [Problem((), f"nesting deeper than {MAX_DEPTH} levels", file)]
        if size > MAX_EXPANDED_NODES:
            if _distinct_nodes(root, MAX_EXPANDED_NODES) > MAX_EXPANDED_NODES:
                message = (
                    f"more than {MAX_EXPANDED_NODES:,} keys and values: far larger than a scenario;"
                    " refusing to load"
                )
            else:
                message = (
                    f"more than {MAX_EXPANDED_NODES:,} values once aliases are expanded"
                    " (an alias bomb?): refusing to load"
                )
            return None, pos, [Problem((), message, file)]
        problems: list[Problem] = []
        try:
            _walk(root, (), pos, problems, loader)
            data = loader.construct_document(root)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
            return None, pos, [_construction_problem(exc, root, loader, file)]
        return data, pos, [p.located(file, p.line, p.column) for p in problems]
    finally:
        loader.dispose()


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise ValueError(f"duplicate key '{k}'")
        out[k] = v
    return out


_YAML_ONLY_BREAKS = {0x85: " ", 0x2028: " ", 0x2029: " "}


def parse_json(text: str, file: str) -> tuple[Any, Positions, list[Problem]]:
    """Parse JSON into data, positions (from the YAML composer, JSON being YAML) and problems."""
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        return (
            None,
            Positions(),
            [Problem((), f"JSON syntax: {exc.msg}", file, exc.lineno, exc.colno)],
        )
    except ValueError as exc:
        _, pos, problems = parse_yaml(text.translate(_YAML_ONLY_BREAKS), file)
        dup = [p for p in problems if "duplicate key" in p.message]
        return None, pos, dup or [Problem((), str(exc), file)]
    except RecursionError:
        return None, Positions(), [Problem((), f"nesting deeper than {MAX_DEPTH} levels", file)]
    if data is None:
        return (
            None,
            Positions(),
            [Problem((), "the file holds null: a scenario needs title and actors", file, 1, 1)],
        )
    try:
        # Inside JSON strings (the only place JSON allows them) these are ordinary characters, but YAML
        # counts them as line breaks: blank them (same length) so the positions stay JSON's.
        _, pos, _ = parse_yaml(text.translate(_YAML_ONLY_BREAKS), file)
    except Exception:  # positions are a convenience; JSON that YAML 1.1 cannot read still loads
        pos = Positions()
    return data, pos, []
