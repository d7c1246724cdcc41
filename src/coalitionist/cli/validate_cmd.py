"""``coalitionist validate``: the checks, and the same command answered without Typer.

:func:`check_files` does the work of the command (it needs neither Typer nor Click): ``cli/app.validate``
prints what it yields, and so does :func:`answer`, which :func:`coalitionist.cli.main` calls first for the
plain forms of the command (``validate FILE …``, with or without ``--json``). Typer, its Click core and
its parameter adapters cost a quarter of ``validate``'s start-up (issue 12, point 5: under 0.3 s of CPU);
the command's output, its exit status and its files do not depend on which path printed them
(``tests/cli/test_startup.py`` compares the two, byte for byte). Any other form (``--help``, an option, a
name starting with ``-``) and any failure other than an invalid scenario go to Typer, which prints them as
every other command does.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

#: Click's green (``typer.style(text, fg="green")``): what ``validate`` prints before a valid file's line.
GREEN = "\x1b[32m"
RESET = "\x1b[0m"


def check_files(files: Sequence[Path]) -> Iterator[tuple[dict[str, Any], bool, str]]:
    """Load and check each file in turn: its entry in the ``--json`` answer, whether it is valid, and the
    line ``validate`` prints for it on stderr (after ``ok`` when valid; the problems otherwise).

    A failure other than an invalid scenario (:class:`ScenarioValidationError`) propagates.
    """
    from coalitionist.io import load_scenario
    from coalitionist.io.safe_text import terminal_safe
    from coalitionist.scenario.errors import ScenarioValidationError

    for path in files:
        try:
            scenario = load_scenario(path)
        except ScenarioValidationError as exc:
            result = {
                "file": str(path),
                "valid": False,
                "problems": [
                    {
                        "file": p.file,
                        "line": p.line,
                        "column": p.column,
                        "path": list(p.path),
                        "message": p.message,
                    }
                    for p in exc.problems
                ],
            }
            # the messages quote the user's own keys and values: shown, never acted on
            yield result, False, terminal_safe(exc.format_message())
            continue
        counts = scenario.summary_counts()
        line = f" {path}: " + ", ".join(
            f"{n} {word}{'' if n == 1 else 's'}"
            for n, word in (
                (counts["actors"], "actor"),
                (counts["issues"], "issue"),
                (counts["positions"], "position"),
                (counts["relationships"], "tie"),
            )
        )
        yield (
            {"file": str(path), "valid": True, "problems": [], "counts": counts},
            True,
            terminal_safe(line),
        )


def _plain_stream(stream: Any) -> bool:
    """Whether Click's ``echo`` would write to ``stream`` unchanged (a UTF-8 text stream, not Windows)."""
    encoding = (getattr(stream, "encoding", "") or "").lower().replace("_", "-")
    return sys.platform != "win32" and encoding in ("utf-8", "utf8")


def answer(args: Sequence[str]) -> int | None:
    """Run ``validate`` with ``args`` (the words after it) and return its exit status, or ``None`` to leave
    the command to Typer: for any form but ``FILE … [--json]``, or when a file fails otherwise than by
    being an invalid scenario (nothing has been printed then)."""
    json_out = "--json" in args
    names = [a for a in args if a != "--json"]
    if not names or any(not a or a.startswith("-") for a in names):
        return None
    if not (_plain_stream(sys.stdout) and _plain_stream(sys.stderr)):
        return None
    try:
        checked = list(check_files([Path(a) for a in names]))
    except Exception:  # a missing file, a bug: Typer's path reports it (BaseException propagates)
        return None
    if json_out:
        from coalitionist.cli.jsonout import print_json

        print_json({"valid": all(ok for _, ok, _ in checked), "files": [r for r, _, _ in checked]})
    else:
        green = sys.stderr.isatty()  # Click keeps colours on a terminal and strips them elsewhere
        for _, ok, line in checked:
            text = ((GREEN + "ok" + RESET) if green else "ok") + line if ok else line
            sys.stderr.write(text + "\n")
            sys.stderr.flush()
    return 0 if all(ok for _, ok, _ in checked) else 2
