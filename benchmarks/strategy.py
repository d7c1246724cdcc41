"""Benchmark of the recruitment planner (issue 7, point 6).

Three tables, each against a named peer run in this process:

1. The exact DP (vectorised backward induction over 3^n states) at n = 8, 10, 12, 13 against a plain
   recursive implementation (memoised Python recursion over (joined, refused) states): seconds, peak
   traced memory, the speed ratio, and agreement of the optimal values.
2. The scalable planners at 100, 1,000 and 10,000 candidates with sparse influence ties (3 ties per actor)
   against a "likeliest first" list heuristic (approach in decreasing p until the goal is reached, then
   everyone with a positive standalone net gain): seconds and simulated expected payoff (± standard error).
3. The gap to the exact optimum on random n = 10 instances (default 200): mean and worst, for the index
   policy, rollout on the index policy, and rollout on an exact core of 8 (smaller than the problem).

Besides: the growth of the exact DP from 8 candidates (``--only growth``), and where ``plan(method="auto")``
should stop being exact (``--only threshold``, issue 17.2: exact against rollout at 12-15 candidates).

Run: ``python benchmarks/strategy.py`` (about 15 minutes on 2 cores; ``--only exact|scalable|gap`` runs one
table); ``python benchmarks/strategy.py --quick`` for a smaller run.
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
import tracemalloc
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from bench_timing import growth_line, peak_memory
from bench_timing import measure as measure_cpu
from coalitionist.strategy import Effects, RecruitmentProblem, exact_tables, plan_scalable
from coalitionist.strategy.policy import simulate_policy
from coalitionist.strategy.problem import mask_to_bits


# --------------------------------------------------------------------------------------------- instances
def random_instance(rng: np.random.Generator, m: int) -> RecruitmentProblem:
    """A weighted-threshold goal (quota 40–70 % of the weight), ~15 % join and ~10 % refusal effects."""
    w = rng.integers(1, 10, m).astype(float)
    quota = float(w.sum() * rng.uniform(0.4, 0.7))
    join = np.where(rng.random((m, m)) < 0.15, rng.uniform(-0.1, 0.3, (m, m)), 0.0)
    refuse = np.where(rng.random((m, m)) < 0.1, rng.uniform(-0.2, 0.05, (m, m)), 0.0)

    def goal(masks: NDArray[np.bool_]) -> NDArray[np.bool_]:
        return np.asarray(masks.astype(np.float64) @ w >= quota)

    return RecruitmentProblem(
        tuple(f"c{i}" for i in range(m)),
        rng.uniform(0.1, 0.95, m),
        rng.normal(0.5, 1.5, m),
        rng.uniform(0.5, 3, m),
        rng.uniform(0, 3, m),
        join_effect=join,
        refuse_effect=refuse,
        goal=goal,
        goal_value=float(rng.uniform(10, 40)),
        goal_kind="win",
    )


def sparse_instance(rng: np.random.Generator, m: int, ties: int = 3) -> RecruitmentProblem:
    """Many candidates: log-normal voting weights, majority goal worth 2m, ``ties`` random influence ties
    per actor (join +0.02…0.2, refusal −0…0.1); the weights are passed as the goal's linear surrogate."""
    w = rng.lognormal(0, 1, m)
    quota = 0.5 * w.sum()
    w32 = w.astype(np.float32)
    src = np.repeat(np.arange(m), ties)
    dst = rng.integers(0, m, m * ties)
    keep = src != dst
    src, dst = src[keep], dst[keep]
    order = np.lexsort((dst, src))
    src, dst = src[order], dst[order]
    key = src * m + dst
    _, first = np.unique(key, return_index=True)
    src, dst = src[first], dst[first]
    join = Effects(m, src, dst, rng.uniform(0.02, 0.2, src.size))
    refuse = Effects(m, src.copy(), dst.copy(), -rng.uniform(0.0, 0.1, src.size))

    def goal(masks: NDArray[np.bool_]) -> NDArray[np.bool_]:
        return np.asarray(masks.astype(np.float32) @ w32 >= quota)

    return RecruitmentProblem(
        tuple(f"a{i}" for i in range(m)),
        rng.uniform(0.3, 0.95, m),
        rng.normal(0, 0.2, m),
        rng.uniform(0.1, 1.0, m),
        rng.uniform(0, 0.5, m),
        join_effect=join,
        refuse_effect=refuse,
        goal=goal,
        goal_value=float(2 * m),
        goal_kind="win",
        goal_weights=w,
    )


# --------------------------------------------------------------------------------------------- peers
def recursive_optimum(problem: RecruitmentProblem) -> float:
    """The plain recursive implementation: memoised Python recursion over (joined, refused) bitmasks."""
    m = problem.m
    p0 = problem.p.tolist()
    v, c, f = problem.value.tolist(), problem.cost.tolist(), problem.failure_cost.tolist()
    jd = problem.joins.dense.tolist()
    rd = problem.refusals.dense.tolist()
    table = problem.goal_table
    assert table is not None
    goal = table.tolist()
    gv = problem.goal_value

    @functools.cache
    def value(joined: int, refused: int) -> float:
        best = gv if goal[joined] else 0.0
        for i in range(m):
            bit = 1 << i
            if (joined | refused) & bit:
                continue
            x = p0[i]
            for j in range(m):
                if joined >> j & 1:
                    x += jd[j][i]
                elif refused >> j & 1:
                    x += rd[j][i]
            p = min(1.0, max(0.0, x))
            q = (
                -c[i]
                + p * (v[i] + value(joined | bit, refused))
                + (1 - p) * (-f[i] + value(joined, refused | bit))
            )
            best = max(best, q)
        return best

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    out = value(0, 0)
    value.cache_clear()
    return out


def likeliest_first(problem: RecruitmentProblem) -> Callable[[int, int], int]:
    """Peer heuristic: approach in decreasing p until the goal is reached, then every candidate with a
    positive standalone net gain p·v − c − (1 − p)·f (in decreasing order of it)."""
    order = np.argsort(-problem.p, kind="stable")
    net = problem.p * problem.value - problem.cost - (1 - problem.p) * problem.failure_cost
    after = np.array(
        [i for i in np.argsort(-net, kind="stable").tolist() if net[i] > 0], dtype=np.int64
    )
    reached: dict[int, bool] = {}

    def decide(joined: int, refused: int) -> int:
        if joined not in reached:
            reached[joined] = problem.goal_of(joined)
        lst = after if reached[joined] else order
        free = ~mask_to_bits(joined | refused, problem.m)[lst]
        for k in np.flatnonzero(free).tolist():
            if problem.gate_open(int(lst[k]), joined):
                return int(lst[k])
        return -1

    return decide


def simulate(
    problem: RecruitmentProblem, decide: Callable[[int, int], int], runs: int, seed: int
) -> tuple[float, float]:
    rng = np.random.default_rng(seed)
    pay = np.array(
        [simulate_policy(problem, decide, rng.random(problem.m)).payoff for _ in range(runs)]
    )
    return float(pay.mean()), float(pay.std(ddof=1) / np.sqrt(runs))


# --------------------------------------------------------------------------------------------- tables
def measure(fn: Callable[[], float]) -> tuple[float, float, float]:
    tracemalloc.start()
    t0 = time.perf_counter()
    out = fn()
    dt = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return out, dt, peak / 1e6


def _dp_value(problem: RecruitmentProblem) -> float:
    return float(exact_tables(problem).value[0])


def exact_table(sizes: list[int], peer_max: int) -> None:
    print("\n1. Exact DP vs plain recursive implementation (same instance, same run)")
    print(
        f"{'n':>3} {'states':>10} {'DP s':>8} {'DP MB':>8} {'recursive s':>12} {'rec. MB':>8} {'ratio':>7}  agree"
    )
    for n in sizes:
        problem = random_instance(np.random.default_rng(100 + n), n)
        _ = problem.goal_table  # tabulate the goal outside the timings, for both
        dp, t_dp, mb_dp = measure(functools.partial(_dp_value, problem))
        if n <= peer_max:
            rec, t_rec, mb_rec = measure(functools.partial(recursive_optimum, problem))
            agree = "yes" if abs(rec - dp) < 1e-9 else f"NO ({rec} vs {dp})"
            print(
                f"{n:>3} {3**n:>10,} {t_dp:>8.3f} {mb_dp:>8.1f} {t_rec:>12.2f} {mb_rec:>8.1f} {t_rec / t_dp:>6.0f}x  {agree}"
            )
        else:
            print(
                f"{n:>3} {3**n:>10,} {t_dp:>8.3f} {mb_dp:>8.1f} {'(skipped)':>12} {'':>8} {'':>7}"
            )


def scalable_table(sizes: list[int], runs: int) -> None:
    print("\n2. Scalable planners with sparse ties vs the likeliest-first list heuristic")
    print(
        f"{'m':>6} {'method':>8} {'plan s':>8} {'payoff':>12} {'± se':>8} {'peer payoff':>12} {'± se':>8} {'ratio':>6}"
    )
    for m in sizes:
        problem = sparse_instance(np.random.default_rng(7), m)
        peer = simulate(problem, likeliest_first(problem), runs, seed=11)
        methods = ["greedy", "rollout"] if m <= 1_000 else ["greedy"]
        for method in methods:
            t0 = time.perf_counter()
            result = plan_scalable(problem, method=method, seed=1, payoff_samples=2)
            dt = time.perf_counter() - t0
            own = simulate(problem, result.decide, runs, seed=11)
            print(
                f"{m:>6} {method:>8} {dt:>8.2f} {own[0]:>12.1f} {own[1]:>8.1f} {peer[0]:>12.1f} "
                f"{peer[1]:>8.1f} {own[0] / peer[0]:>6.2f}"
            )


def gap_table(instances: int) -> None:
    print(f"\n3. Gap to the exact optimum on {instances} random n = 10 instances")
    configs: list[tuple[str, dict[str, int]]] = [
        ("greedy (index policy)", {}),
        ("rollout, index base", {"core_size": 0}),
        ("rollout, exact core 8", {"core_size": 8}),
    ]
    print(f"{'method':>24} {'mean gap':>9} {'worst':>8} {'mean % of opt.':>15} {'s/instance':>11}")
    rng = np.random.default_rng(2024)
    problems = [random_instance(rng, 10) for _ in range(instances)]
    for name, options in configs:
        method = "greedy" if name.startswith("greedy") else "rollout"
        gaps, opts = [], []
        t0 = time.perf_counter()
        for k, problem in enumerate(problems):
            result = plan_scalable(problem, method=method, seed=k, **options)  # type: ignore[arg-type]
            assert result.gap_to_optimum is not None
            assert result.optimum is not None
            gaps.append(result.gap_to_optimum)
            opts.append(result.optimum)
        dt = (time.perf_counter() - t0) / instances
        g, o = np.array(gaps), np.array(opts)
        share = 100 * g.sum() / max(o.sum(), 1e-12)
        print(f"{name:>24} {g.mean():>9.3f} {g.max():>8.3f} {share:>14.1f}% {dt:>11.2f}")
    o = np.array([float(exact_tables(p).value[0]) for p in problems])
    print(
        f"{'(optimum)':>24} mean {o.mean():.2f}, {np.mean(o > 1e-12) * 100:.0f}% of instances worth acting on"
    )


# VmHWM (the peak resident set of this process image), not ru_maxrss: Linux carries ru_maxrss over from the
# parent at fork, so a child of a large benchmark process would start at the parent's peak
_RSS_CODE = """
import sys, time
sys.path.insert(0, {here!r})
import numpy as np
from strategy import random_instance
from coalitionist.strategy import plan
def hwm():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
problem = random_instance(np.random.default_rng({m}), {m})
problem.goal_table
base = hwm()
t0 = time.process_time()
plan(problem, method="exact", max_exact={m})
cpu = time.process_time() - t0
print(base, hwm(), cpu)
"""


def _plan_rss(m: int) -> tuple[float, float, float]:
    """The whole exact ``plan()`` on the growth instance of size ``m`` in a fresh process: its peak
    resident set (MiB, interpreter and imports included), the part the plan added to the process's peak
    before it, and its CPU seconds."""
    import subprocess
    from pathlib import Path

    here = str(Path(__file__).resolve().parent)
    out = subprocess.run(
        [sys.executable, "-c", _RSS_CODE.format(here=here, m=m)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    base, peak, cpu = int(out[0]) / 1024, int(out[1]) / 1024, float(out[2])  # VmHWM: KiB
    return peak, peak - base, cpu


def exact_growth(sizes: list[int], rss: bool = True) -> None:
    """The exact DP from 8 candidates up: CPU and wall time, peak traced memory (NumPy included), the
    growth factor per added candidate (exp of the least-squares slope of log time on n) and the log-log
    exponent in the number of states 3^n; with ``rss``, the whole exact ``plan()`` call (the DP, the
    exact evaluation of its policy and the written plan) in a fresh process per size: CPU and peak
    resident memory (issue 17.2: n = 15 within 1 GB)."""
    print("Growth: exact DP (exact_tables) on random instances, one run each")
    head = f"{'n':>3} {'states':>12} {'CPU s':>8} {'wall s':>8} {'peak MiB':>9}"
    if rss:
        head += f" {'plan() CPU s':>12} {'plan() RSS MiB':>14} {'(added)':>8}"
    plan_rows: list[tuple[float, float]] = []
    print(head)
    rows = []
    for m in sizes:
        problem = random_instance(np.random.default_rng(m), m)
        problem.goal_table  # noqa: B018  (tabulate the goal outside the timing)
        t = measure_cpu(
            lambda p=problem, m=m: peak_memory(lambda: exact_tables(p, max_candidates=m)), 1
        )
        peak = t.result[1] / 2**20
        rows.append((m, t.cpu, peak))
        line = f"{m:>3} {3**m:>12,} {t.cpu:>8.2f} {t.wall:>8.2f} {peak:>9.1f}"
        if rss:
            whole, added, plan_cpu = _plan_rss(m)
            plan_rows.append((plan_cpu, added))
            line += f" {plan_cpu:>12.2f} {whole:>14.1f} {added:>8.1f}"
        print(line)
    ns = np.array([r[0] for r in rows], dtype=float)
    cpu = np.array([r[1] for r in rows])
    mem = np.array([r[2] for r in rows])
    per_cpu = float(np.exp(np.polyfit(ns, np.log(cpu), 1)[0]))
    per_mem = float(np.exp(np.polyfit(ns, np.log(mem), 1)[0]))
    print(
        f"growth per added candidate (least squares on log time): CPU ×{per_cpu:.2f},"
        f" peak memory ×{per_mem:.2f} (3^n states: ×3)"
    )
    print(
        growth_line("the exact DP in its number of states 3^n", list(3.0**ns), list(cpu), list(mem))
    )
    if plan_rows:
        big = [
            k for k, r in enumerate(plan_rows) if r[0] >= 0.01 and r[1] >= 1.0
        ]  # measurable points
        pc = np.array([plan_rows[k][0] for k in big])
        pm = np.array([plan_rows[k][1] for k in big])
        pn = ns[big]
        if len(big) >= 2:
            print(
                f"whole exact plan() (untraced, fresh process), n = {int(pn[0])}–{int(pn[-1])}: CPU"
                f" ×{float(np.exp(np.polyfit(pn, np.log(pc), 1)[0])):.2f} and added resident memory"
                f" ×{float(np.exp(np.polyfit(pn, np.log(pm), 1)[0])):.2f} per added candidate"
            )
        print(
            "the CPU s and peak MiB columns are of exact_tables traced by tracemalloc (which slows it);"
            " plan() CPU s is untraced"
        )
    print()


def auto_threshold(sizes: list[int], instances: int) -> None:
    """Issue 17.2: where ``plan(method="auto")`` should stop solving exactly. On random instances whose
    optimum is positive (a zero-payoff instance ends rollout at once and says nothing), the CPU seconds
    of the whole ``plan()`` call with ``method="exact"`` and with ``method="rollout"`` (``seed=0``, every
    default; untraced runs), median over ``instances`` instances per size, the exact plan's peak traced
    memory (tracemalloc, a separate run: Python and NumPy allocations; tracing would slow rollout's
    many small allocations several-fold) and both expected payoffs (exact's is the optimum; rollout's
    is exact up to ``COMPARE_EXACT_MAX`` candidates, a 200-run estimate beyond)."""
    from coalitionist.strategy import plan
    from coalitionist.strategy.planner import AUTO_EXACT_MAX

    print(
        f"plan(): exact vs rollout per size, median of {instances} random instances with a positive"
        f" optimum (auto is exact up to {AUTO_EXACT_MAX} today)"
    )
    print(
        f"{'n':>3} {'exact CPU s':>11} {'rollout CPU s':>13} {'exact peak MiB':>14}"
        f" {'exact payoff':>12} {'rollout payoff':>14}"
    )
    for m in sizes:
        rows: list[tuple[float, float, float, float, float]] = []
        seed = 0
        while len(rows) < instances and seed < 20 * instances:
            seed += 1
            problem = random_instance(np.random.default_rng(1_000 * m + seed), m)
            problem.goal_table  # noqa: B018  (tabulate the goal outside the timing)
            ex = measure_cpu(lambda p=problem: plan(p, method="exact", seed=0), 1)
            if ex.result.expected_payoff <= 0.5:
                continue
            ro = measure_cpu(lambda p=problem: plan(p, method="rollout", seed=0), 1)
            _, peak = peak_memory(lambda p=problem: plan(p, method="exact", seed=0))
            rows.append(
                (ex.cpu, ro.cpu, peak / 2**20, ex.result.expected_payoff, ro.result.expected_payoff)
            )
        med = [float(np.median([r[k] for r in rows])) for k in range(5)]
        print(
            f"{m:>3} {med[0]:>11.2f} {med[1]:>13.2f} {med[2]:>14.1f} {med[3]:>12.3f} {med[4]:>14.3f}"
        )
    print()


def gulf_plan(repeats: int) -> None:
    """CPU of the Gulf War brief's plan step (issue 17.2: under 0.5 s): the recruitment problem built from
    the scenario and ``plan(seed=0)`` as the brief calls them (rollout on an exact core), median of
    ``repeats`` runs (a fresh problem each run: nothing remembered from the one before)."""
    from pathlib import Path

    from coalitionist.analyses.strategy import recruitment_problem
    from coalitionist.io import load_scenario
    from coalitionist.strategy import plan

    path = Path(__file__).resolve().parents[1] / "examples" / "gulf-war-1990.yaml"
    scenario = load_scenario(path)
    setup = recruitment_problem(scenario)
    t = measure_cpu(lambda: plan(recruitment_problem(scenario).problem, seed=0), repeats)
    first = list(t.result.sequence[:3])
    print(
        f"Gulf War 1990 brief's plan step: {setup.problem.m} candidates, method {t.result.method};"
        f" CPU {t.cpu:.3f} s (wall {t.wall:.2f} s), median of {t.runs} runs (goal: under 0.5 s);"
        f" first approaches {', '.join(first)}; expected payoff {t.result.expected_payoff:.3f}"
    )
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes and fewer instances")
    parser.add_argument("--peer-max", type=int, default=13, help="largest n for the recursive peer")
    parser.add_argument("--instances", type=int, default=200)
    tables = ("exact", "growth", "threshold", "gulf", "scalable", "gap")
    parser.add_argument(
        "--only", help=f"comma-separated tables to run, of {', '.join(tables)} (default: all)"
    )
    args = parser.parse_args()
    run = set(args.only.split(",")) if args.only else set(tables)
    if run - set(tables):
        parser.error(f"unknown table(s): {', '.join(sorted(run - set(tables)))}")
    if "gulf" in run:
        gulf_plan(5)
    if "growth" in run:
        exact_growth(list(range(8, 14 if args.quick else 16)))
    if "threshold" in run:
        auto_threshold([12, 13, 14] if args.quick else [12, 13, 14, 15], 2 if args.quick else 3)
    if "exact" in run:
        exact_table([8, 10] if args.quick else [8, 10, 12, 13], peer_max=args.peer_max)
    if "scalable" in run:
        scalable_table(
            [100, 1_000] if args.quick else [100, 1_000, 10_000], runs=20 if args.quick else 50
        )
    if "gap" in run:
        gap_table(min(args.instances, 20) if args.quick else args.instances)


if __name__ == "__main__":
    main()
