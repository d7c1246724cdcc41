"""The project's own contracts (issue 12, point 4), checked on the source tree itself.

Every error the library raises on purpose derives from :class:`coalitionist.errors.CoalitionistError`, so a
caller (and the command line's edge) can catch one base class and read an exit status from it. The test reads
every ``raise`` statement under ``src/coalitionist`` and fails on a bare built-in exception, except where a
Python protocol asks for that very exception (listed below with the reason).
"""

from __future__ import annotations

import ast
import builtins
from pathlib import Path

import pytest

from coalitionist import errors

SRC = Path(__file__).resolve().parents[1] / "src" / "coalitionist"

BUILTIN_ERRORS = {
    name
    for name, obj in vars(builtins).items()
    if isinstance(obj, type) and issubclass(obj, BaseException)
} - {"NotImplementedError", "SystemExit", "KeyboardInterrupt", "StopIteration"}

#: (path under src/coalitionist, exception): why the built-in exception is the right one there.
PROTOCOL = {
    # pydantic validators signal a problem with ValueError; pydantic turns it into a located message.
    ("scenario/model.py", "ValueError"): "pydantic field validator",
    ("scenario/values.py", "ValueError"): "pydantic model validator",
    # a read-only mapping refuses assignment as dict does.
    ("scenario/model.py", "TypeError"): "immutable mapping protocol (__setitem__)",
    # lookups of a missing word: the mapping protocol, caught and located by scenario/checks.py.
    ("scenario/words.py", "KeyError"): "mapping lookup, located by scenario/checks.py",
    ("scenario/values.py", "KeyError"): "mapping lookup, located by scenario/checks.py",
    # the YAML constructor's duplicate-key hook: caught in yamlpos and turned into a located problem.
    ("io/yamlpos.py", "ValueError"): "caught by the YAML loader, located",
    # the seeding decorator applied to a function without the named parameter: a bug, at import time.
    ("seeding.py", "TypeError"): "decorator misuse, raised when the module is imported",
    # a LAZY_COMMANDS entry whose module registers no such command: a bug in the table, which
    # tests/cli/test_cli_help.py meets by building every command.
    ("cli/app.py", "LookupError"): "lazy command table out of step with its modules",
    # a module __getattr__ (PEP 562) must raise AttributeError for a name it does not provide.
    ("cli/common.py", "AttributeError"): "module __getattr__ protocol",
    # a module's __getattr__ must raise AttributeError for names it does not have (PEP 562).
    ("scenario/__init__.py", "AttributeError"): "module __getattr__ protocol",
    # the web app's dispatch on a key its route has already checked (owned by the web engineer).
    ("web/analysis.py", "KeyError"): "dispatch on a route-checked key",
    ("web/exchange.py", "KeyError"): "dispatch on a route-checked key",
}


def _bare_raises() -> list[tuple[str, int, str]]:
    out = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Raise) or node.exc is None:
                continue
            exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            name = exc.id if isinstance(exc, ast.Name) else ""
            if name in BUILTIN_ERRORS and (rel, name) not in PROTOCOL:
                out.append((rel, node.lineno, name))
    return out


def test_every_public_error_derives_from_coalitionist_error() -> None:
    assert _bare_raises() == []


def test_the_scan_finds_a_bare_raise(tmp_path: Path) -> None:
    # The check itself can fail: a module with a bare ValueError is reported.
    tree = ast.parse("def f(x):\n    if x < 0:\n        raise ValueError('x < 0')\n")
    found = [
        n.exc.func.id
        for n in ast.walk(tree)
        if isinstance(n, ast.Raise)
        and isinstance(n.exc, ast.Call)
        and isinstance(n.exc.func, ast.Name)
        and n.exc.func.id in BUILTIN_ERRORS
    ]
    assert found == ["ValueError"]


def test_the_protocol_exceptions_are_still_there() -> None:
    # An allowance that no longer matches any raise is stale: remove it from PROTOCOL.
    seen = set()
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and node.exc is not None:
                exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
                if isinstance(exc, ast.Name):
                    seen.add((rel, exc.id))
    assert set(PROTOCOL) <= seen


@pytest.mark.parametrize(
    ("call", "kind"),
    [
        ("coalitionist.trades.risk:borch_shares", ([-1.0],)),
        ("coalitionist.trades.compromise:weighted_median", ([1, 2], [-1, 1])),
        ("coalitionist.trades.frontier:dominated_mask", ([1.0, 2.0],)),
        ("coalitionist.report.figures.palette:hex_to_rgb", ("#fff",)),
    ],
)
def test_argument_errors_are_domain_errors_and_value_errors(
    call: str, kind: tuple[object, ...]
) -> None:
    import importlib

    module, name = call.split(":")
    fn = getattr(importlib.import_module(module), name)
    with pytest.raises(errors.CoalitionistError) as info:
        fn(*kind)
    assert isinstance(info.value, ValueError)  # callers catching ValueError keep working
    assert info.value.exit_code == 2


def test_renderers_and_figures_read_typed_results_not_section_json() -> None:
    # issue 12.3: the report layer formats the sections' typed ``result``; ``section.data`` is the JSON the
    # brief prints, never read back by key (a renamed key would silently blank a figure).
    import re

    pattern = re.compile(r"\.data(\[|\.get\()")
    found = [
        f"{path.relative_to(SRC)}:{n}"
        for path in sorted((SRC / "report").rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert found == []
