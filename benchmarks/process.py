"""Process-planning benchmark: the package search and the lockout Monte Carlo against brute force, in one run.

Run ``python benchmarks/process.py`` (``--repeat R`` for more repeats, ``--quick`` for smaller sizes).

1. **Best passable package, 6 issues × 8 options × 50 voters** (262,144 packages; the focal actor at one end
   of every issue, a 60 % weighted majority, so its own ideal fails and the search has to go deep):
   :func:`coalitionist.process.best_package` (best-first vectorised enumeration) against a brute force that
   evaluates every package one at a time with the outcome engine's vote model and the rule. Both must find
   the same focal gain (checked).
2. **10^10 packages** (10 issues × 10 options × 50 voters): branch and bound with a capped frontier; the
   report says whether the answer is proven optimal or gives the proven gap to the upper bound. Brute force
   is out of reach; its time is extrapolated from the per-package time measured in 1.
3. **Lockout risk, 10,000 Monte Carlo samples × 100 actors**: :func:`coalitionist.process.lockout_risk`
   (vectorised over draws) against a loop over the same draws and first movers (one deal, one vote, one rule
   call at a time). Both must give the same probability (checked). The full call with the pre-meeting move
   (five actors tried) and the shared-vulnerability matrix is timed too.

4. **Random rules with vetoes** (harder than 1: a weighted majority *and* the consent of two to four veto
   holders, random thresholds between 50 % and 75 %, the focal actor at a random corner): 40 random
   instances of 4 issues × 6 options × 30 voters, and one of 6 × 8 × 50, each checked against the brute force
   (same focal gain), times summed over the instances; and one of 10^10 packages with vetoes (branch and
   bound, optimal or the proven gap).
5. **Linked issues** (bundled versus one issue at a time, and the value of linking each pair of issues):
   :func:`coalitionist.process.plan_packages` against a brute force that enumerates each issue alone and each
   pair of issues with the others at the status quo, on 20 random veto instances of 5 issues × 6 options ×
   30 voters; the seriatim gain and every pair's linking value must agree.

Times are CPU seconds (``time.process_time``) with wall seconds beside them, medians of the same number of
repeats for both sides. The machine is shared (two cores, several users): CPU time is the figure to read.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from coalitionist.outcome.votes import NO, cast_votes, utility_gain
from coalitionist.power import AllOf, Rule, Veto, Weighted
from coalitionist.process import (
    PackageProblem,
    best_package,
    binary_passes,
    lockout_risk,
    perturbed_draws,
    plan_packages,
)


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    cpu, wall, out = [], [], None
    for _ in range(repeat):
        c, w = time.process_time(), time.perf_counter()
        out = fn()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    return statistics.median(cpu), statistics.median(wall), out


def package_case(n: int, k: int, o: int, seed: int) -> tuple[PackageProblem, Weighted]:
    rng = np.random.default_rng(seed)
    pos = rng.uniform(0, 100, (n, k))
    pos[0] = 100.0
    sal = rng.uniform(0.1, 1.0, (n, k))
    opts = [np.linspace(0, 100, o)] * k
    rule = Weighted(rng.integers(1, 10, n).tolist(), threshold=0.6, strict=True)
    problem = PackageProblem(
        [f"a{i}" for i in range(n)],
        [f"i{j}" for j in range(k)],
        pos,
        sal,
        np.zeros(k),
        np.full(k, 100.0),
        opts,
        0,
        binary_passes(rule.wins_many),
    )
    return problem, rule


def veto_case(n: int, k: int, o: int, seed: int) -> tuple[PackageProblem, Rule]:
    """A random weighted majority (threshold 50–75 %) and the consent of 2–4 random veto holders; the focal
    actor at a random corner, the status quo at the opposite one."""
    rng = np.random.default_rng(seed)
    pos = rng.uniform(0, 100, (n, k))
    pos[0] = rng.choice([0.0, 100.0], k)
    sal = rng.uniform(0.1, 1.0, (n, k))
    opts = [np.linspace(0, 100, o)] * k
    holders = rng.choice(np.arange(1, n), size=int(rng.integers(2, 5)), replace=False).tolist()
    rule = AllOf(
        [
            Weighted(rng.integers(1, 10, n).tolist(), threshold=float(rng.uniform(0.5, 0.75))),
            Veto(n, holders),
        ]
    )
    # the status quo at the far end from the focal actor on every issue: it wants change, and every package
    # moves some voters' way and others' not, so the veto holders and the majority bind
    sq = 100.0 - pos[0]
    problem = PackageProblem(
        [f"a{i}" for i in range(n)],
        [f"i{j}" for j in range(k)],
        pos,
        sal,
        sq,
        np.full(k, 100.0),
        opts,
        0,
        binary_passes(rule.wins_many),
    )
    return problem, rule


def brute_package(problem: PackageProblem, rule: Rule, free: list[int] | None = None) -> float:
    """The best focal gain over every package (or every package of the ``free`` issues, the others at the
    status quo), one package at a time: the vote model, then the rule."""
    best = 0.0
    free = list(range(problem.k)) if free is None else free
    ranges = [range(len(problem.options[j])) if j in free else [None] for j in range(problem.k)]
    for choice in itertools.product(*ranges):
        x = np.array(
            [
                problem.status_quo[j] if c is None else problem.options[j][c]
                for j, c in enumerate(choice)
            ]
        )
        g = utility_gain(
            problem.positions, problem.salience, x, problem.status_quo, width=problem.width
        )
        if rule.wins(cast_votes(g, problem.band) == 1) and g[0] > best:
            best = float(g[0])
    return best


def brute_lockout(
    P: np.ndarray,
    S: np.ndarray,
    q: np.ndarray,
    w: np.ndarray,
    xf: np.ndarray,
    rule: Weighted,
    movers: np.ndarray,
    far: float = 0.1,
) -> float:
    """One sampled first mover per draw, as lockout_risk(movers="sample") draws them; loops only."""
    Pm, Sm = P.mean(axis=0), S.mean(axis=0)
    P.shape[1]
    ws = (Sm[:, None, :] + Sm[None, :, :]) / 2
    aff = 1 - (ws * np.abs(Pm[:, None, :] - Pm[None, :, :]) / w).sum(-1) / ws.sum(-1)
    np.fill_diagonal(aff, -np.inf)
    aff[:, 0] = -np.inf
    partner = aff.argmax(axis=1)
    locks = 0
    for s in range(P.shape[0]):
        j = int(movers[s, 0])
        l_ = int(partner[j])
        tot = S[s, j] + S[s, l_]
        deal = np.where(
            tot > 0, (S[s, j] * P[s, j] + S[s, l_] * P[s, l_]) / np.where(tot > 0, tot, 1), q
        )
        g = utility_gain(P[s], S[s], deal, q, width=w)
        codes = cast_votes(g, 0.05)
        codes[0] = NO
        ref = utility_gain(P[s], S[s], xf, q, width=w)[0]
        if rule.wins(codes == 1) and ref - g[0] > far:
            locks += 1
    return locks / P.shape[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="smaller sizes (a smoke run)")
    args = ap.parse_args()
    r = args.repeat

    print("1. Best passable package")
    k, o = (4, 6) if args.quick else (6, 8)
    problem, rule = package_case(50, k, o, seed=11)
    c1, w1, ours = timed(lambda: best_package(problem), r)
    c2, w2, brute = timed(lambda: brute_package(problem, rule), r)
    assert abs(ours.value - brute) < 1e-9, (ours.value, brute)
    per_package = c2 / problem.space
    print(
        f"   {k} issues x {o} options x 50 voters = {problem.space:,} packages;"
        f" focal gain {ours.value:.4f} (both), {ours.evaluated:,} packages put to the rule"
    )
    print(f"   coalitionist best_package ({ours.method}): CPU {c1:.4f} s (wall {w1:.4f} s)")
    print(f"   brute force, one package at a time:      CPU {c2:.3f} s (wall {w2:.3f} s)")
    print(f"   ratio brute / coalitionist (CPU): {c2 / c1:.0f}x   [{r} repeats each, median]")

    print("2. 10^10 packages (10 issues x 10 options x 50 voters)")
    big, _ = package_case(50, 10, 10, seed=12)
    c3, w3, res = timed(lambda: best_package(big), r)
    gap = res.upper_bound - res.value
    print(
        f"   branch and bound, frontier cap 16,384: CPU {c3:.3f} s (wall {w3:.3f} s); focal gain"
        f" {res.value:.4f}, "
        + ("proven optimal" if res.exact else f"proven within {gap:.4g} of the optimum")
        + f"; {res.evaluated:,} nodes evaluated"
    )
    print(
        f"   brute force extrapolated from {per_package * 1e6:.1f} us/package: "
        f"{per_package * big.space / 86400:.0f} CPU days"
    )

    print("3. Lockout risk")
    n_s, n = (2000, 50) if args.quick else (10_000, 100)
    rng = np.random.default_rng(5)
    kk = 3
    pos = rng.uniform(0, 100, (n, kk))
    sal = rng.uniform(0.1, 1, (n, kk))
    lrule = Weighted(rng.integers(1, 10, n).tolist(), threshold=0.5, strict=True)
    P, S = perturbed_draws(pos, sal, np.zeros(kk), np.full(kk, 100.0), samples=n_s, seed=1)
    q, w = np.zeros(kk), np.full(kk, 100.0)
    cap = rng.uniform(1, 10, n)
    lk_args = (P, S, q, w, pos[0], 0, binary_passes(lrule.wins_many))
    weights = cap.copy()
    weights[0] = 0
    movers = np.random.default_rng(3).choice(n, size=(n_s, 1), p=weights / weights.sum())
    c4, w4, fast = timed(
        lambda: lockout_risk(*lk_args, mover_weight=cap, movers="sample", seed=3, top=0), r
    )
    c5, w5, slow = timed(lambda: brute_lockout(P, S, q, w, pos[0], lrule, movers), r)
    assert abs(fast.p - slow) < 1e-12, (fast.p, slow)
    c6, w6, full = timed(
        lambda: lockout_risk(*lk_args, mover_weight=cap, movers="sample", seed=3, top=5), r
    )
    print(f"   {n_s:,} samples x {n} actors x {kk} issues: p = {fast.p:.4f} (both)")
    print(f"   coalitionist lockout_risk (p only):     CPU {c4:.3f} s (wall {w4:.3f} s)")
    print(f"   loop over draws, one deal at a time:    CPU {c5:.3f} s (wall {w5:.3f} s)")
    print(f"   ratio loop / coalitionist (CPU): {c5 / c4:.1f}x   [{r} repeats each, median]")
    print(
        f"   full call (p, who, prevent over 5 actors, shared vulnerability): CPU {c6:.3f} s"
        f" (wall {w6:.3f} s); prevent = a{full.prevent}"
    )

    print("4. Random rules with vetoes")
    cases = [veto_case(30, 4, 6, seed=100 + s) for s in range(10 if args.quick else 40)]
    c7 = c8 = 0.0
    passable = 0
    for prob, vrule in cases:
        ca, _, got = timed(functools.partial(best_package, prob), 1)
        cb, _, want = timed(functools.partial(brute_package, prob, vrule), 1)
        assert abs(got.value - want) < 1e-9, (got.value, want)
        passable += got.package is not None
        c7, c8 = c7 + ca, c8 + cb
    print(
        f"   {len(cases)} random instances, 4 issues x 6 options x 30 voters, weighted majority and 2-4"
        f" vetoes: same focal gain in every one ({passable} with a passable package)"
    )
    print(f"   coalitionist best_package, summed:  CPU {c7:.3f} s")
    print(f"   brute force, summed:                CPU {c8:.3f} s")
    print(f"   ratio brute / coalitionist (CPU): {c8 / c7:.0f}x")
    kb, ob = (4, 6) if args.quick else (6, 8)
    big_v, big_rule = veto_case(50, kb, ob, seed=7)
    c9, w9, got = timed(lambda: best_package(big_v), r)
    c10, w10, want = timed(lambda: brute_package(big_v, big_rule), 1)
    assert abs(got.value - want) < 1e-9, (got.value, want)
    print(
        f"   {kb} issues x {ob} options x 50 voters with vetoes ({big_v.space:,} packages):"
        f" coalitionist CPU {c9:.4f} s (wall {w9:.4f} s), brute force CPU {c10:.3f} s"
        f" (wall {w10:.3f} s), ratio {c10 / c9:.0f}x; focal gain {got.value:.4f} (both)"
    )

    huge_v, _ = veto_case(50, 10, 10, seed=13)
    c13, w13, res = timed(lambda: best_package(huge_v), r)
    print(
        f"   10 issues x 10 options x 50 voters with vetoes ({huge_v.space:.0e} packages), branch and"
        f" bound: CPU {c13:.3f} s (wall {w13:.3f} s); focal gain {res.value:.4f}, "
        + (
            "proven optimal"
            if res.exact
            else f"proven within {res.upper_bound - res.value:.4g} of the optimum"
        )
        + f"; {res.evaluated:,} nodes evaluated"
    )

    print("5. Linked issues: bundled, one issue at a time, and each pair linked")
    cases = [veto_case(30, 5, 6, seed=300 + s) for s in range(5 if args.quick else 20)]
    c11 = c12 = 0.0
    pairs_checked = 0
    for prob, vrule in cases:
        ca, _, plan = timed(functools.partial(plan_packages, prob), 1)
        t0 = time.process_time()
        alone = [brute_package(prob, vrule, [j]) for j in range(prob.k)]
        links = {
            (a, b): brute_package(prob, vrule, [a, b]) - alone[a] - alone[b]
            for a in range(prob.k)
            for b in range(a + 1, prob.k)
        }
        bundle = brute_package(prob, vrule)
        cb = time.process_time() - t0
        assert abs(plan.seriatim_gain - sum(alone)) < 1e-9, (plan.seriatim_gain, sum(alone))
        assert abs(plan.best.value - bundle) < 1e-9, (plan.best.value, bundle)
        for (a, b), v in links.items():
            assert abs(plan.pair_link[a, b] - v) < 1e-9, ((a, b), plan.pair_link[a, b], v)
            pairs_checked += 1
        c11, c12 = c11 + ca, c12 + cb
    print(
        f"   {len(cases)} random veto instances, 5 issues x 6 options x 30 voters: bundle, seriatim gain"
        f" and all {pairs_checked} pair-linking values agree with the brute force"
    )
    print(f"   coalitionist plan_packages, summed: CPU {c11:.3f} s")
    print(f"   brute force, summed:                CPU {c12:.3f} s")
    print(f"   ratio brute / coalitionist (CPU): {c12 / c11:.0f}x")


if __name__ == "__main__":
    main()
