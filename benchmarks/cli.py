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
``--src DIR`` puts ``DIR`` first on the children's ``PYTHONPATH`` (to time another checkout the same way);
``--against DIR`` times that other checkout side by side with this one, run for run in alternation (A, B,
A, B, … with the same repeats), and prints both with the ratio of their CPU medians: on a shared machine
whose load changes from minute to minute, the ratio is the figure to trust, the absolute seconds are not.
``--only NAME …`` times only some commands (``analyze-text``, ``analyze-pdf``, …: the names without
``coalitionist`` and with ``-`` for spaces).

The "before" column holds the figures measured with this script on main at commit ``e665c24``
(2 December 2026, before the start-up and planner work of issue 12.5 / 17.2), 5 runs each, on the same
2-core machine, without the bytecode cache. They are recorded, not measured in the run, and labelled so.
:data:`SESSION_START` holds those of main at ``193200f`` (2 December 2026, 18:40 UTC, before the last
start-up and brief-pipeline work of issue 12.5), measured with ``--against`` beside this script's checkout,
bytecode cached, under the load stated there; :data:`AT_2D5004D` those of main at ``2d5004d`` (3 December
2026, the start of session 7), measured the same way.

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

#: Measured on main 193200f (the start of session 5's issue-12 work) with ``--against``: (CPU s, wall s),
#: median of 3, bytecode cached, load average 2–6 on the 2 cores (see docs/benchmarks.md for the ratio).
SESSION_START: dict[str, tuple[float, float]] = {
    "--help": (0.04, 0.06),
    "validate": (0.36, 0.69),
    "analyze (text)": (3.13, 6.80),
    "analyze -f pdf": (9.38, 10.51),
    "analyze --json": (4.50, 4.66),
}

#: Measured on main 2d5004d (the start of session 7's issue-12 work) with ``--quick --against`` beside main
#: d9e140d (validate without Typer), 3 December 2026 11:38 UTC: (CPU s, wall s), median of 3, bytecode
#: cached, load average 0.6-2.3 (d9e140d: 0.04, 0.26, 2.32, 7.03, 4.16 CPU s in the same runs).
AT_2D5004D: dict[str, tuple[float, float]] = {
    "--help": (0.04, 0.04),
    "validate": (0.28, 0.28),
    "analyze (text)": (2.31, 3.38),
    "analyze -f pdf": (7.08, 7.20),
    "analyze --json": (4.23, 4.24),
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
        # absolute: a relative entry (``--src src``) made the child ~7 % slower than the same sources
        # given by an absolute path (2.30 vs 2.30 s CPU absolute / absolute, 1.07-1.08x relative /
        # absolute, text brief, 5 alternating runs each, 4 December 2026)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(Path(src).resolve()), env.get("PYTHONPATH", "")) if p
        )
    return env


def slug(name: str) -> str:
    """``analyze (text)`` → ``analyze-text``: a command's name on the command line of this script."""
    return "-".join(t.strip("-()") for t in name.split())


def measure(
    repeats: int,
    only: tuple[str, ...] | None = None,
    *,
    cache: bool = True,
    src: Path | None = None,
    against: Path | None = None,
    floor: bool = False,
) -> tuple[dict[str, tuple[float, float]], dict[str, tuple[float, float]]]:
    """Median CPU and wall seconds of every command (or of those in ``only``) over ``repeats`` fresh
    processes; with ``against``, the same for that checkout, its runs alternating with this one's (its
    results second, empty without it). ``floor`` adds the bare interpreter's row."""
    exe = [sys.executable, "-c", "from coalitionist.cli import main; main()"]
    results: dict[str, tuple[float, float]] = {}
    other: dict[str, tuple[float, float]] = {}
    env_note = os.environ.get("COALITIONIST_BENCH_NOTE")
    if env_note:
        print(env_note)

    def med(runs: list[tuple[float, float]]) -> tuple[float, float]:
        return statistics.median(c for c, _ in runs), statistics.median(w for _, w in runs)

    with tempfile.TemporaryDirectory() as tmp:
        env = child_env(Path(tmp), cache=cache, src=src)
        env_b = child_env(Path(tmp), cache=cache, src=against) if against is not None else None
        if floor:
            results["(python -c pass)"] = med(
                [time_child([sys.executable, "-c", "pass"], env) for _ in range(repeats)]
            )
        for name, args in commands(Path(tmp)).items():
            if only is not None and name not in only:
                continue
            envs = [env] if env_b is None else [env, env_b]
            if cache:  # the warm-up run writes the bytecode
                for e in envs:
                    time_child([*exe, *args], e)
            runs: list[list[tuple[float, float]]] = [[] for _ in envs]
            for _ in range(repeats):
                for k, e in enumerate(envs):
                    runs[k].append(time_child([*exe, *args], e))
            results[name] = med(runs[0])
            if env_b is not None:
                other[name] = med(runs[1])
    return results, other


def table(
    results: dict[str, tuple[float, float]],
    repeats: int,
    *,
    cache: bool = True,
    other: dict[str, tuple[float, float]] | None = None,
    against: str = "",
) -> str:
    """The Markdown table: now, (the other checkout, measured beside it,) before (recorded), goal."""
    other = other or {}
    lines = [
        f"Whole-process timings of `coalitionist` on the Gulf War example, median of {repeats} runs"
        " (CPU = user + system of the child process; "
        + ("bytecode cached, as installed" if cache else "no bytecode cache: every module compiled")
        + ").",
        "",
    ]
    head = "| command | CPU s | wall s |"
    rule = "|---|---:|---:|"
    if other:
        head += f" {against}: CPU s | {against}: wall s | CPU ratio (this / {against}) |"
        rule += "---:|---:|---:|"
    head += (
        " 2d5004d: CPU s (recorded) | session start 193200f: CPU s (recorded)"
        " | before e665c24: CPU s (recorded) | goal: CPU s |"
    )
    rule += "---:|---:|---:|---:|"
    lines += [head, rule]
    for name, (cpu, wall) in results.items():
        if name not in BEFORE:  # the interpreter floor
            lines.append(f"| `{name.strip('()')}` (floor) | {cpu:.2f} | {wall:.2f} |" + " — |" * 4)
            continue
        row = f"| `coalitionist {name}` | {cpu:.2f} | {wall:.2f} |"
        if other:
            o_cpu, o_wall = other[name]
            row += f" {o_cpu:.2f} | {o_wall:.2f} | {cpu / o_cpu:.2f} |" if o_cpu else " — | — | — |"
        goal = GOAL.get(name)
        row += (
            f" {AT_2D5004D[name][0]:.2f} | {SESSION_START[name][0]:.2f} | {BEFORE[name][0]:.2f} |"
            f" {'< ' + format(goal, '.1f') if goal else '—'} |"
        )
        lines.append(row)
    lines.append("")
    lines.append(
        "Recorded columns: main at 2d5004d (3 December 2026, 11:38 UTC, bytecode cached, load 0.6–2.3),"
        " at 193200f (2 December 2026, 18:40 UTC, bytecode cached, load 2–6) and at e665c24 (2 December 2026, no bytecode cache), all measured with this script on this machine"
        " (2 cores)."
    )
    return "\n".join(lines)


def load_line(before: tuple[float, float, float], after: tuple[float, float, float]) -> str:
    """The machine's load averages at the start and the end of the run (CPU figures inflate with it)."""

    def fmt(load: tuple[float, float, float]) -> str:
        return " / ".join(f"{x:.1f}" for x in load)

    return (
        f"Load average (1 / 5 / 15 min) on {os.cpu_count()} cores: {fmt(before)} at the start,"
        f" {fmt(after)} at the end."
    )


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
    parser.add_argument(
        "--against",
        type=Path,
        help="also time this source directory, run for run in alternation, and print the ratio",
    )
    parser.add_argument(
        "--only",
        nargs="+",
        choices=[slug(n) for n in BEFORE],
        help="time only these commands",
    )
    args = parser.parse_args(argv)
    repeats = 3 if args.quick else args.repeats
    cache = not args.no_bytecode_cache
    only: tuple[str, ...] | None = STARTUP if args.startup else None
    if args.only:
        only = tuple(n for n in BEFORE if slug(n) in args.only)
    load_before = os.getloadavg()
    results, other = measure(
        repeats, only, cache=cache, src=args.src, against=args.against, floor=args.startup
    )
    text = table(
        results,
        repeats,
        cache=cache,
        other=other,
        against=str(args.against) if args.against else "",
    )
    text += "\n\n" + load_line(load_before, os.getloadavg())
    print(text)
    return text


if __name__ == "__main__":
    main()
