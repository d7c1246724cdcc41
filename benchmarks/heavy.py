"""Heavy but legitimate scenarios (issue 18, point 6): the full ``coalitionist analyze`` of N actors × 2 issues.

Run ``python benchmarks/heavy.py`` (default sizes 500, 1000, 2000; ``--sizes 2000`` for one). For each size a
random scenario (capabilities 1-100, positions 0-100, saliences 0-1, one vote each, a simple weighted
majority, actor ``a0`` focal — :func:`coalitionist.scenario.synthetic.heavy_scenario`, which
``tests/reliability/test_limits.py`` runs too) is written to a temporary file and ``coalitionist analyze FILE --json
-o OUT --max-seconds 0`` runs in a child process. Reported per size: the child's CPU seconds (user +
system, from ``wait4``), wall seconds, peak resident memory, the exit status, the methods the brief chose
(its JSON ``scale``: which sections switched and why) and the predicted CPU seconds it started from.

The goal (issue 18.6): 2,000 × 2 under 5 minutes of CPU and 4 GB, the methods stated. ``--max-seconds 0``
lifts the wall-clock limit only, because on a shared machine wall time is not the brief's cost; CPU time is
the figure to read, with the load average printed beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from coalitionist.scenario.synthetic import heavy_scenario


def run(n: int, issues: int, workdir: Path) -> dict[str, object]:
    """One ``analyze`` of ``n`` × ``issues`` in a child process: CPU, wall, peak RSS, the chosen methods."""
    path = workdir / f"heavy-{n}x{issues}.yaml"
    out = workdir / f"brief-{n}x{issues}.json"
    path.write_text(yaml.safe_dump(heavy_scenario(n, issues), sort_keys=False), encoding="utf-8")
    cmd = [sys.executable, "-m", "coalitionist", "analyze", str(path), "--json", "-o", str(out)]
    cmd += ["--force", "--max-seconds", "0"]
    start = time.monotonic()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.monotonic() - start
    stderr = child.stderr.read().decode("utf-8", "replace") if child.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    scale = json.loads(out.read_text(encoding="utf-8")).get("scale") if code == 0 else None
    return {
        "actors": n,
        "issues": issues,
        "exit": code,
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
        "wall_seconds": round(wall, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024),  # kilobytes on Linux
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "scale": scale,
        "stderr": stderr.strip()[-500:],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,1000,2000", help="actor counts, comma-separated")
    parser.add_argument("--issues", type=int, default=2)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            r = run(n, args.issues, Path(tmp))
            results.append(r)
            if not args.json:
                print(
                    f"{n:>6,} actors × {args.issues}: exit {r['exit']}, CPU {r['cpu_seconds']} s,"
                    f" wall {r['wall_seconds']} s, peak RSS {r['peak_rss_mb']} MB,"
                    f" load {r['load_average']}",
                    flush=True,
                )
                scale = r["scale"]
                if isinstance(scale, dict):
                    print(f"        predicted CPU {scale['predicted_cpu_seconds']} s; switched:")
                    for key, m in scale["sections"].items():
                        print(f"          {key}: {m['kind']} — {m['method']}")
                elif r["exit"] != 0:
                    print(f"        {r['stderr']}")
    if args.json:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
