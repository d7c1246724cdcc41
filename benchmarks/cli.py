"""Whole-process timings of the command line (issue 12, point 5).

Each command runs as a fresh child process (``python -c "from coalitionist.cli import main; main()" ...``,
through the running interpreter) ``--repeats`` times; the figure is the median over runs of the child's CPU
time (user + system, from ``getrusage(RUSAGE_CHILDREN)``) with its median wall time beside it. CPU time is
what a busy shared machine inflates least; the wall time is what a user waits.

Bytecode: an installed package runs from cached bytecode (``pip`` compiles it), but a development
environment with ``PYTHONDONTWRITEBYTECODE=1`` (as this project's agents' machine has) recompiles every
``coalitionist`` module on every run. By default the children therefore run with ``PYTHONDONTWRITEBYTECODE``
unset and ``PYTHONPYCACHEPREFIX`` pointing into a temporary directory, after one untimed warm-up run of each
command (nothing is written into the source tree); ``--no-bytecode-cache`` measures the old way.
``--src DIR`` puts ``DIR`` first on the children's ``PYTHONPATH`` (to time another checkout the same way).

The "before" column holds the figures measured with this script on main at commit ``e665c24``
(2 December 2026, before the start-up and planner work of issue 12.5 / 17.2), 5 runs each, on the same
2-core machine, without the bytecode cache. They are recorded, not measured in the run, and labelled so.

Run: ``python benchmarks/cli.py`` (about a minute); ``--quick`` runs each command 3 times; ``--startup`` times
only the start-up rows (``--help`` and ``validate``) beside the bare interpreter (``python -c pass``, the floor
no import work can go below), with more runs (``--repeats``, default 5).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GULF = ROOT / "examples" / "gulf-war-1990.yaml"

#: Recorded on main e665c24 (2026-12-02, before this work) with this script: (CPU s, wall s), median of 5.
BEFORE: dict[str, tuple[float, float]] = {
    "--help": (1.24, 2.66),
    "validate": (1.55, 2.83),
    "analyze (text)": (7.26, 16.90),
    "analyze -f pdf": (13.63, 22.87),
    "analyze --json": (8.15, 15.56),
}

#: The goals of issue 12.5 (CPU seconds).
GOAL: dict[str, float] = {
    "--help": 0.3,
    "validate": 0.3,
    "analyze (text)": 2.0,
    "analyze -f pdf": 5.0,
}


def commands(out: Path) -> dict[str, list[str]]:
    """The timed command lines (arguments after ``coalitionist``)."""
    return {
        "--help": ["--help"],
        "validate": ["validate", str(GULF)],
        "analyze (text)": ["analyze", str(GULF)],
        "analyze -f pdf": [
            "analyze",
            str(GULF),
            "-f",
            "pdf",
            "-o",
            str(out / "brief.pdf"),
            "--force",  # every run after the first replaces the same file
        ],
        "analyze --json": ["analyze", str(GULF), "--json"],
    }


def time_child(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """CPU (user + sys) and wall seconds of one child process running ``argv``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False, env=env
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(
            f"{' '.join(argv)} failed ({proc.returncode}): {proc.stderr.decode()[-500:]}"
        )
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


#: The start-up rows (issue 12.5).
STARTUP = ("--help", "validate")


def child_env(tmp: Path, *, cache: bool, src: Path | None) -> dict[str, str]:
    """The children's environment: bytecode cached under ``tmp`` (unless ``cache`` is false), ``src``
    first on ``PYTHONPATH``."""
    env = dict(os.environ)
    if cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(src), env.get("PYTHONPATH", "")) if p)
    return env


def measure(
    repeats: int,
    only: tuple[str, ...] | None = None,
    *,
    cache: bool = True,
    src: Path | None = None,
) -> dict[str, tuple[float, float]]:
    """Median CPU and wall seconds of every command (or of those in ``only``) over ``repeats`` fresh
    processes."""
    exe = [sys.executable, "-c", "from coalitionist.cli import main; main()"]
    results: dict[str, tuple[float, float]] = {}
    env_note = os.environ.get("COALITIONIST_BENCH_NOTE")
    if env_note:
        print(env_note)
    with tempfile.TemporaryDirectory() as tmp:
        env = child_env(Path(tmp), cache=cache, src=src)
        if only is not None:
            runs = [time_child([sys.executable, "-c", "pass"], env) for _ in range(repeats)]
            results["(python -c pass)"] = (
                statistics.median(c for c, _ in runs),
                statistics.median(w for _, w in runs),
            )
        for name, args in commands(Path(tmp)).items():
            if only is not None and name not in only:
                continue
            if cache:  # the warm-up run writes the bytecode
                time_child([*exe, *args], env)
            runs = [time_child([*exe, *args], env) for _ in range(repeats)]
            results[name] = (
                statistics.median(c for c, _ in runs),
                statistics.median(w for _, w in runs),
            )
    return results


def table(results: dict[str, tuple[float, float]], repeats: int, *, cache: bool = True) -> str:
    """The Markdown table: now, before (recorded), goal."""
    lines = [
        f"Whole-process timings of `coalitionist` on the Gulf War example, median of {repeats} runs"
        " (CPU = user + system of the child process; "
        + ("bytecode cached, as installed" if cache else "no bytecode cache: every module compiled")
        + ").",
        "",
        "| command | CPU s | wall s | before: CPU s (recorded) | before: wall s (recorded) | goal: CPU s |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, (cpu, wall) in results.items():
        if name not in BEFORE:  # the interpreter floor
            lines.append(f"| `{name.strip('()')}` (floor) | {cpu:.2f} | {wall:.2f} | — | — | — |")
            continue
        b_cpu, b_wall = BEFORE[name]
        goal = GOAL.get(name)
        lines.append(
            f"| `coalitionist {name}` | {cpu:.2f} | {wall:.2f} | {b_cpu:.2f} | {b_wall:.2f} |"
            f" {'< ' + format(goal, '.1f') if goal else '—'} |"
        )
    lines.append("")
    lines.append(
        "Before: main at e665c24 (2 December 2026), measured with this script on this machine (2 cores),"
        " without the bytecode cache."
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> str:
    """Run the benchmark, print the table and return it (for ``benchmarks/run_all.py``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="3 runs per command")
    parser.add_argument(
        "--startup", action="store_true", help="only --help and validate, beside python -c pass"
    )
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="recompile every module on every run (PYTHONDONTWRITEBYTECODE as inherited)",
    )
    parser.add_argument("--src", type=Path, help="put this source directory first on PYTHONPATH")
    args = parser.parse_args(argv)
    repeats = 3 if args.quick else args.repeats
    cache = not args.no_bytecode_cache
    results = measure(repeats, STARTUP if args.startup else None, cache=cache, src=args.src)
    text = table(results, repeats, cache=cache)
    print(text)
    return text


if __name__ == "__main__":
    main()
