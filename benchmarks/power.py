"""Voting-power benchmark: coalitionist against brute force and the ``powerindex`` package, side by side.

Run ``python benchmarks/power.py`` (``--verify-eu`` adds the two brute-force enumerations of the EU
Council's 2^27 coalitions, a few minutes each; ``--quick`` is the short run ``make bench`` uses). Every
timing is the **median of the same number of repeats on both sides**, in **CPU seconds**
(``time.process_time``, what a busy machine does not inflate) with wall-clock seconds beside it; every
ratio is of CPU time. Sections, each printed as a Markdown table:

1. **EU Council** (Lisbon double majority, 27 states): populations in thousands (Eurostat 2024, as in
   ``examples/eu-council.yaml``), the same ×1000 (must be equal fraction for fraction) and in persons
   (Eurostat 1 Jan 2020 as fixed by Annex III of the Council's Rules of Procedure for 2021,
   ``tests/data/eu-council-persons.yaml``): all six indices, exact; with ``--verify-eu`` an independent
   brute force over the 2^27 coalitions of each and the ratio.
2. **Large weights**: weighted games with weights uniform in 1..10^9 at n = 20, 24 (brute force over
   2^n coalitions beside it), 30 and 40 (meet in the middle only: 2^40 coalitions are out of reach).
3. **Banzhaf growth curve**, weights 1..100, n = 10^2 … 10^4: CPU, wall, peak memory (``tracemalloc``)
   and the fitted exponent of CPU time in ``n``; ``powerindex``'s Banzhaf beside it up to ``--peer-max``
   (and its Shapley–Shubik up to ``--peer-ss-max``: it raises OverflowError above 170 players).
4. **All six indices at n = 1,000** through ``power_indices`` (method auto).
5. **Cost model**: predicted operations (:mod:`coalitionist.power.cost`) against measured CPU seconds of
   each algorithm on a grid of n and W: seconds per operation, predicted seconds with the calibrated
   :data:`~coalitionist.power.cost.SECONDS_PER_OP` and the worst factor between prediction and
   measurement.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from fractions import Fraction
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from coalitionist.power import INDEX_NAMES, AllOf, AnyOf, Count, Rule, Weighted, power_indices
from coalitionist.power.cost import SECONDS_PER_OP
from coalitionist.power.indices import choose_plan
from coalitionist.power.linear import compile_rule

try:
    from powerindex import calculate_power_index
except ImportError:  # pragma: no cover - the peer is the optional "bench" extra
    calculate_power_index = None

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "src" / "coalitionist" / "examples" / "eu-council.yaml"
PERSONS = ROOT / "tests" / "data" / "eu-council-persons.yaml"


def _populations(path: Path) -> dict[str, int]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {a["id"]: int(a["attributes"]["population"]) for a in data["actors"]}


def _example_path() -> Path:
    for p in (EXAMPLE, ROOT / "examples" / "eu-council.yaml"):
        if p.exists():
            return p
    raise FileNotFoundError("examples/eu-council.yaml")


def measure(fn: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """Median CPU seconds, median wall seconds and the last result of ``repeat`` runs."""
    cpu, wall, out = [], [], None
    for _ in range(repeat):
        c, w = time.process_time(), time.perf_counter()
        out = fn()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    return statistics.median(cpu), statistics.median(wall), out


def peak_mb(fn: Callable[[], Any]) -> float:
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def table(head: Sequence[str], rows: list[list[str]]) -> str:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---:" for _ in head) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out)


def emit(title: str, head: Sequence[str], rows: list[list[str]], note: str = "") -> str:
    text = f"\n### {title}\n\n{table(head, rows)}\n" + (f"\n{note}\n" if note else "")
    print(text)
    sys.stdout.flush()
    return text


def eu_rule(pops: Sequence[int]) -> Rule:
    n = len(pops)
    return AnyOf(
        [
            AllOf([Count(n, threshold=Fraction(55, 100)), Weighted(list(pops), threshold=0.65)]),
            Count(n, quota=n - 3),
        ]
    )


# ---------------------------------------------------------------- brute force (independent code)


def brute_force(
    weights: Sequence[int], wins: Callable[[np.ndarray, np.ndarray], np.ndarray]
) -> dict[str, list[Fraction]]:
    """All six indices by enumerating the ``2^n`` coalitions in blocks of ``2^20`` (NumPy, int64).

    ``wins(size, weight)`` is the rule, vectorised. Shares no code with coalitionist.
    """
    w = np.asarray(list(weights), dtype=np.int64)
    n = w.size
    low = min(n, 20)
    bits = ((np.arange(1 << low)[:, None] >> np.arange(low)) & 1).astype(bool)
    size_lo = bits.sum(axis=1)
    w_lo = bits @ w[:low]
    crit_by_size = np.zeros((n, n + 1), dtype=np.int64)
    crit_by_kappa = np.zeros((n, n + 1), dtype=np.int64)
    mwc_by_size = np.zeros((n, n + 1), dtype=np.int64)
    mwc_total = 0
    for h in range(1 << (n - low)):
        hb = np.array([(h >> j) & 1 for j in range(n - low)], dtype=bool)
        member = np.concatenate([bits, np.broadcast_to(hb, (bits.shape[0], n - low))], axis=1)
        size = size_lo + int(hb.sum())
        tot = w_lo + int(w[low:][hb].sum())
        win = wins(size, tot)
        crit = member & win[:, None] & ~wins(size[:, None] - 1, tot[:, None] - w[None, :])
        kappa = crit.sum(axis=1)
        minimal = win & (kappa == size)
        mwc_total += int(minimal.sum())
        for i in range(n):
            ci = crit[:, i]
            crit_by_size[i] += np.bincount(size[ci], minlength=n + 1)
            crit_by_kappa[i] += np.bincount(kappa[ci], minlength=n + 1)
            mwc_by_size[i] += np.bincount(size[minimal & member[:, i]], minlength=n + 1)
    fact = [math.factorial(k) for k in range(n + 1)]
    swings = [int(crit_by_size[i].sum()) for i in range(n)]
    ss = [
        Fraction(
            sum(int(crit_by_size[i, k]) * fact[k - 1] * fact[n - k] for k in range(1, n + 1)),
            fact[n],
        )
        for i in range(n)
    ]
    jr = [
        sum((Fraction(int(crit_by_kappa[i, k]), k) for k in range(1, n + 1)), Fraction(0))
        for i in range(n)
    ]
    dpr = [
        sum((Fraction(int(mwc_by_size[i, k]), k) for k in range(1, n + 1)), Fraction(0))
        for i in range(n)
    ]
    mem = [int(mwc_by_size[i].sum()) for i in range(n)]
    return {
        "shapley_shubik": ss,
        "banzhaf": [Fraction(s, sum(swings)) for s in swings],
        "banzhaf_absolute": [Fraction(s, 2 ** (n - 1)) for s in swings],
        "deegan_packel": [d / mwc_total for d in dpr],
        "holler": [Fraction(m, sum(mem)) for m in mem],
        "johnston": [x / sum(jr) for x in jr],
    }


def _eu_wins(pops: Sequence[int]) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    n = len(pops)
    q = math.ceil(Fraction(65, 100) * sum(pops))
    k = math.ceil(Fraction(55, 100) * n)
    return lambda size, pop: ((size >= k) & (pop >= q)) | (size >= n - 3)


def _at_least(size: np.ndarray, tot: np.ndarray, *, q: int) -> np.ndarray:
    return np.asarray(tot >= q)


def _same(result: Any, ref: dict[str, list[Fraction]]) -> bool:
    return all([result.values(k)[p] for p in result.players] == ref[k] for k in INDEX_NAMES)


# ---------------------------------------------------------------- sections


def eu_section(repeat: int, verify: bool) -> str:
    thousands = _populations(_example_path())
    persons = _populations(PERSONS)
    cases = [
        ("thousands (Eurostat 2024)", list(thousands.values())),
        ("thousands ×1000", [x * 1000 for x in thousands.values()]),
        ("persons (Eurostat 2020, Annex III 2021)", list(persons.values())),
    ]
    rows, results = [], {}
    for label, pops in cases:
        rule = eu_rule(pops)
        run = partial(power_indices, rule, exact=True, max_list=0)
        cpu, wall, res = measure(run, repeat)
        results[label] = res
        row = [label, f"{max(pops):,}", f"{cpu:.3f}", f"{wall:.3f}", f"{peak_mb(run):.0f}"]
        if verify:
            b_cpu, b_wall, ref = measure(partial(brute_force, pops, _eu_wins(pops)), 1)
            o_cpu, _, _ = measure(run, 1)  # one run, like the brute force
            row += [f"{b_cpu:.1f}", f"{b_wall:.1f}", f"{b_cpu / o_cpu:.0f}×", str(_same(res, ref))]
        else:
            row += ["—", "—", "—", "not run (--verify-eu)"]
        row.append(res.algorithm.split(":")[0])
        rows.append(row)
    a, b = results[cases[0][0]], results[cases[1][0]]
    equal = all(a.values(k) == b.values(k) for k in INDEX_NAMES)
    return emit(
        "EU Council, Lisbon double majority: all six indices, exact fractions",
        [
            "populations",
            "largest",
            "CPU s",
            "wall s",
            "peak MB",
            "brute CPU s",
            "brute wall s",
            "ratio (CPU)",
            "equal to brute force",
            "algorithm",
        ],
        rows,
        f"Thousands and thousands ×1000 equal fraction for fraction: **{equal}**. Ours: median of "
        f"{repeat} runs; the ratio compares one run of each side.",
    )


def large_weights_section(sizes: Sequence[int], brute_max: int, repeat: int) -> str:
    rows = []
    for n in sizes:
        rng = random.Random(n)
        w = [rng.randint(1, 10**9) for _ in range(n)]
        q = sum(w) // 2 + 1
        rule = Weighted(w, quota=q)
        reps = repeat if n <= 30 else 1
        run = partial(power_indices, rule, exact=True, max_list=0)
        cpu, wall, res = measure(run, reps)
        row = [str(n), f"{cpu:.3f}", f"{wall:.3f}", f"{peak_mb(run):.0f}" if n <= 36 else "—"]
        if n <= brute_max:
            b_cpu, b_wall, ref = measure(partial(brute_force, w, partial(_at_least, q=q)), reps)
            row += [f"{b_cpu:.2f}", f"{b_wall:.2f}", f"{b_cpu / cpu:.0f}×", str(_same(res, ref))]
        else:
            row += ["—", "—", "—", f"not run (2^{n} coalitions)"]
        row.append(res.algorithm.split(":")[0])
        rows.append(row)
    return emit(
        "Weighted games [⌊W/2⌋+1; w], w_i uniform in 1..10⁹: all six indices, exact fractions",
        [
            "n",
            "CPU s",
            "wall s",
            "peak MB",
            "brute CPU s",
            "brute wall s",
            "ratio (CPU)",
            "equal to brute force",
            "algorithm",
        ],
        rows,
        f"Median of {repeat} runs on both sides for n ≤ 30, one run above.",
    )


def _fit_exponent(ns: Sequence[int], ts: Sequence[float]) -> float:
    x = np.log(np.asarray(ns, dtype=float))
    y = np.log(np.maximum(np.asarray(ts, dtype=float), 1e-6))
    return float(np.polyfit(x, y, 1)[0])


def growth_section(sizes: Sequence[int], repeat: int, peer_max: int, peer_ss_max: int) -> str:
    rows = []
    cpus: list[float] = []
    for n in sizes:
        rng = random.Random(42)
        w = [rng.randint(1, 100) for _ in range(n)]
        q = sum(w) // 2 + 1
        rule = Weighted(w, quota=q)
        reps = repeat if n <= 3000 else 1
        run = partial(power_indices, rule, indices=["banzhaf"], max_list=0)
        cpu, wall, res = measure(run, reps)
        cpus.append(cpu)
        row = [
            f"{n:,}",
            f"{sum(w):,}",
            f"{cpu:.4f}",
            f"{wall:.4f}",
            f"{peak_mb(run):.1f}",
            res.method,
        ]
        if calculate_power_index is not None and n <= peer_max:
            p_cpu, p_wall, peer = measure(partial(calculate_power_index, w, q, "b"), reps)
            ours = [float(v) for v in res.values("banzhaf").values()]
            diff = max(abs(a - b) for a, b in zip(ours, peer, strict=True))
            row += [f"{p_cpu:.4f}", f"{p_wall:.4f}", f"{p_cpu / cpu:.0f}×", f"{diff:.1e}"]
        else:
            row += ["—", "—", "—", "not run" if calculate_power_index else "not installed"]
        rows.append(row)
    expo = _fit_exponent(sizes, cpus)
    text = emit(
        "Banzhaf growth curve, weights 1..100, quota ⌊W/2⌋+1 (power_indices, indices=['banzhaf'])",
        [
            "n",
            "W",
            "CPU s",
            "wall s",
            "peak MB",
            "method",
            "powerindex CPU s",
            "powerindex wall s",
            "ratio (CPU)",
            "max abs diff",
        ],
        rows,
        f"Fitted exponent of CPU time in n: **{expo:.2f}** (time ∝ n^{expo:.2f}; W grows with n, so the "
        f"algorithm's O(n·W) is n² here). Medians of {repeat} runs (one above 3,000), same on both sides.",
    )
    rows = []
    for n in [x for x in sizes if x <= peer_ss_max]:
        rng = random.Random(42)
        w = [rng.randint(1, 100) for _ in range(n)]
        q = sum(w) // 2 + 1
        cpu, wall, res = measure(
            partial(power_indices, Weighted(w, quota=q), indices=["shapley_shubik"], max_list=0),
            repeat,
        )
        row = [str(n), f"{cpu:.4f}", f"{wall:.4f}"]
        if calculate_power_index is not None:
            p_cpu, p_wall, peer = measure(partial(calculate_power_index, w, q, "ss"), repeat)
            ours = [float(v) for v in res.values("shapley_shubik").values()]
            diff = max(abs(a - b) for a, b in zip(ours, peer, strict=True))
            row += [f"{p_cpu:.4f}", f"{p_wall:.4f}", f"{p_cpu / cpu:.0f}×", f"{diff:.1e}"]
        rows.append(row)
    if rows:
        text += emit(
            "Shapley–Shubik against powerindex (weights 1..100)",
            [
                "n",
                "CPU s",
                "wall s",
                "powerindex CPU s",
                "powerindex wall s",
                "ratio (CPU)",
                "max abs diff",
            ],
            rows,
            "powerindex computes Shapley–Shubik with float(n!) and raises OverflowError above 170 "
            "players.",
        )
    return text


def all_six_section(n: int) -> str:
    rng = random.Random(42)
    w = [rng.randint(1, 100) for _ in range(n)]
    cpu, wall, res = measure(
        partial(power_indices, Weighted(w, quota=sum(w) // 2 + 1), max_list=0), 1
    )
    missing = [k for k in INDEX_NAMES if res.indices.get(k) is None]
    return emit(
        f"All six indices at n = {n:,} (weights 1..100, power_indices, method auto)",
        ["n", "CPU s", "wall s", "method", "indices missing", "algorithm"],
        [
            [
                f"{n:,}",
                f"{cpu:.2f}",
                f"{wall:.2f}",
                res.method,
                ", ".join(missing) or "none",
                res.algorithm.split(";")[0],
            ]
        ],
    )


def cost_section(max_seconds: float) -> str:
    """Predicted operations against measured CPU seconds of each algorithm, on a grid of n and W."""
    grid: list[tuple[int, int, tuple[str, ...]]] = []
    for n in (14, 20, 26, 30, 34):
        for top in (10, 1000, 10**9):
            grid.append((n, top, INDEX_NAMES))
    for n in (100, 300, 1000, 3000):
        for top in (10, 100):
            grid.append((n, top, ("banzhaf",)))
            if n <= 1000:
                grid.append((n, top, ("banzhaf", "shapley_shubik")))
    rows: list[list[str]] = []
    factors: list[float] = []
    per_algo: dict[str, list[float]] = {}
    for n, top, want in grid:
        rng = random.Random(n * 7 + top)
        w = [rng.randint(1, top) for _ in range(n)]
        game = compile_rule(Weighted(w, quota=sum(w) // 2 + 1))
        _, plans, _ = choose_plan(game, exact=False, want=frozenset(want), forced=True)
        for plan in plans:
            if plan.estimate.seconds > max_seconds or not frozenset(want) <= plan.covers:
                continue
            cpu, _, _ = measure(plan.run, 1)
            per_algo.setdefault(plan.estimate.algorithm, []).append(cpu / plan.estimate.ops)
            factor = max(cpu, 1e-4) / max(plan.estimate.seconds, 1e-4)
            factors.append(factor)
            rows.append(
                [
                    str(n),
                    f"{sum(w):,}",
                    "+".join(x.split("_")[0] for x in want),
                    plan.estimate.algorithm,
                    f"{plan.estimate.ops:.3g}",
                    f"{plan.estimate.seconds:.4f}",
                    f"{cpu:.4f}",
                    f"{factor:.2f}",
                ]
            )
    worst = max(max(factors), 1 / min(factors)) if factors else float("nan")
    calib = ", ".join(
        f"{k} {statistics.median(v) * 1e9:.2f} ns" for k, v in sorted(per_algo.items())
    )
    return emit(
        "Cost model: predicted operations against measured CPU time",
        [
            "n",
            "W",
            "indices",
            "algorithm",
            "predicted ops",
            "predicted s",
            "measured CPU s",
            "measured / predicted",
        ],
        rows,
        f"Predicted seconds use SECONDS_PER_OP = {SECONDS_PER_OP} (cost.py). Worst factor between prediction "
        f"and measurement: **{worst:.1f}×** (times below 0.1 ms counted as 0.1 ms). Measured seconds per "
        f"predicted operation, median by algorithm: {calib}.",
    )


def main(argv: Sequence[str] | None = None) -> str:
    """Run the benchmark, print its Markdown tables and return them (``make bench`` collects them)."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small sizes, one repeat")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--verify-eu", action="store_true", help="brute force over 2^27 coalitions")
    parser.add_argument("--growth", type=int, nargs="+", default=[100, 300, 1000, 3000, 10_000])
    parser.add_argument("--large", type=int, nargs="+", default=[20, 24, 30, 40])
    parser.add_argument("--brute-max", type=int, default=24, help="largest n for brute force")
    parser.add_argument(
        "--peer-max", type=int, default=1000, help="largest n for powerindex's Banzhaf"
    )
    parser.add_argument("--peer-ss-max", type=int, default=100)
    parser.add_argument(
        "--cost-max", type=float, default=3.0, help="largest predicted s to measure"
    )
    parser.add_argument(
        "--sections", default="eu,large,growth,six,cost", help="comma-separated sections to run"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.repeat, args.growth, args.large = 1, [100, 1000, 10_000], [20, 30]
        args.peer_max, args.peer_ss_max, args.cost_max, args.brute_max = 300, 50, 0.5, 20
    out = ["## Voting power (benchmarks/power.py)"]
    if calculate_power_index is None:
        out.append(
            "powerindex is not installed (pip install -e '.[bench]'): peer columns are empty."
        )
        print(out[-1])
    sections = set(args.sections.split(","))
    if "eu" in sections:
        out.append(eu_section(args.repeat, args.verify_eu))
    if "large" in sections:
        out.append(large_weights_section(args.large, args.brute_max, args.repeat))
    if "growth" in sections:
        out.append(growth_section(args.growth, args.repeat, args.peer_max, args.peer_ss_max))
    if "six" in sections:
        out.append(all_six_section(1000))
    if "cost" in sections:
        out.append(cost_section(args.cost_max))
    return "\n".join(out)


if __name__ == "__main__":
    main()  # the tables are printed as they are measured
