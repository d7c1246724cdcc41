"""Benchmark: the influence analysis and the coalition analysis, each on its own, 300 to 10,000 actors.

The scenarios are :func:`influence.generate`'s (3 issues, about ten ties per actor, majority of votes).
Each (size, step) runs in a fresh interpreter that builds the scenario and its power step
(``scenario_game`` with the Banzhaf index, what both analyses read), then times the step alone —
``scenario_influence``, or ``scenario_coalitions`` plus the result's ``to_dict()`` (what
``coalitionist coalitions --json`` prints) — in CPU seconds (``time.process_time``), wall beside them.
Peak memory is the child's peak resident set (``wait4``), so it includes the interpreter, the scenario
and the power step: it is the figure to hold against issue 17.3's 4 GB. A step that passes
``--timeout`` seconds of wall time is stopped and shown as such. Median of ``--repeat`` runs (one run
above 1,000 actors, said in the table), with the fitted growth exponents over the sizes that finished.

Run: ``python benchmarks/coalitions.py [--sizes 300,1000,3000,10000] [--repeat 3] [--timeout 900]``
(``--quick``: 300 and 1,000 actors, one run each, and the output says what it leaves out).
The script is not a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

from bench_timing import growth_line

CHILD = """
import sys, time
sys.path.insert(0, {bench!r})
from influence import generate
from coalitionist.analyses.power import FORMAL_POWER_INDICES, scenario_game
sc = generate({n}, {seed})
game = scenario_game(sc, indices=FORMAL_POWER_INDICES)
c0, w0 = time.process_time(), time.perf_counter()
if {step!r} == "influence":
    from coalitionist.analyses.influence import scenario_influence
    scenario_influence(sc, game=game)
else:
    from coalitionist.analyses.coalitions import scenario_coalitions
    scenario_coalitions(sc, game=game).to_dict()
print(time.process_time() - c0, time.perf_counter() - w0, game.power.method)
"""


def run(n: int, step: str, seed: int, timeout: float) -> tuple[float, float, float, str] | None:
    """One child run: (CPU s, wall s, peak RSS MiB, power method), or None past ``timeout``."""
    code = CHILD.format(bench=os.path.dirname(os.path.abspath(__file__)), n=n, seed=seed, step=step)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    t0 = time.perf_counter()
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - t0 > timeout:
            proc.kill()
            os.wait4(proc.pid, 0)
            return None
        time.sleep(0.2)
    proc.returncode = os.waitstatus_to_exitcode(status)
    out = proc.stdout.read() if proc.stdout else ""
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark child failed ({proc.returncode}) at n = {n}, {step}")
    cpu, wall, method = out.split()
    return float(cpu), float(wall), usage.ru_maxrss / 1024, method


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="300,1000,3000,10000")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=900.0, help="wall seconds per step run")
    parser.add_argument("--steps", default="influence,coalitions")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="300 and 1,000 actors, one run each (make bench QUICK=1)",
    )
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.repeat = "300,1000", 1
    sizes = [int(s) for s in args.sizes.split(",")]
    steps = args.steps.split(",")
    print(
        "Influence and coalition analysis, each step alone, on generated scenarios (3 issues, ~10 ties"
    )
    print(
        "per actor). CPU seconds of the step (median), wall beside them; MiB: the child's peak resident"
    )
    print(
        "set (interpreter, scenario and power step included). Load average at start:",
        os.getloadavg(),
    )
    print()
    head = (
        f"{'actors':>7} {'step':>10} {'runs':>4} | {'CPU s':>8} {'wall':>8} {'peak MiB':>9} | power"
    )
    print(head)
    print("-" * len(head))
    done: dict[str, list[tuple[int, float, float]]] = {s: [] for s in steps}
    for n in sizes:
        for step in steps:
            reps = args.repeat if n <= 1000 else 1
            runs = [run(n, step, args.seed, args.timeout) for _ in range(reps)]
            if any(r is None for r in runs):
                print(f"{n:>7} {step:>10} {reps:>4} | stopped after {args.timeout:.0f} s wall")
                continue
            ok = [r for r in runs if r is not None]
            cpu = statistics.median(r[0] for r in ok)
            wall = statistics.median(r[1] for r in ok)
            mem = max(r[2] for r in ok)
            print(
                f"{n:>7} {step:>10} {reps:>4} | {cpu:>8.2f} {wall:>8.2f} {mem:>9.0f} | {ok[0][3]}"
            )
            done[step].append((n, cpu, mem))
    if args.quick:
        print(
            "\nQuick run: 3,000 and 10,000 actors and the repeats left out;"
            " `python benchmarks/coalitions.py` runs them (issue 17.3: 10,000 actors under 60 s CPU, 4 GB)."
        )
    print()
    for step, rows in done.items():
        if len(rows) > 1:
            print(
                growth_line(
                    f"the {step} step",
                    [r[0] for r in rows],
                    [r[1] for r in rows],
                    [r[2] for r in rows],
                )
            )


if __name__ == "__main__":
    main()
