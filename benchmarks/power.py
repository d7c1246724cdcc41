"""Voting-power benchmark: coalitionist against the ``powerindex`` package, side by side in one process.

Run ``python benchmarks/power.py`` (add ``--verify-eu`` to also check the EU Council result against an
independent brute force over all 2^27 coalitions, which takes a few minutes).

1. Weighted games with random integer weights 1..100 (seed 42) and quota ⌊W/2⌋ + 1 at n = 50 … 1000:
   Banzhaf and Shapley–Shubik times of both packages, their ratio and the largest difference between them.
   ``powerindex`` computes Shapley–Shubik with ``float(n!)`` and an O(n²q) table of Python integers, so it
   fails above 170 players (OverflowError) and needs gigabytes near 200; it is run up to ``--peer-ss-max``.
2. Deegan–Packel, Holler and Johnston of the same games at n = 100 … 1000: the floating-point marked
   sweep (``coalitionist.power.weighted_minimal``) against coalitionist's exact Python-integer tables
   (``threshold.py`` + ``johnston.py``, the only other implementation at this size; run up to
   ``--exact-max``), and the time of all six indices through ``power_indices``.
3. The EU Council's Lisbon double majority (27 states, Eurostat 2024 populations in thousands): all six
   indices. ``powerindex`` has no double-majority rule, so the peer here is brute force (``--verify-eu``).

Times are medians of ``--repeat`` runs; memory is the peak of NumPy/Python allocations (tracemalloc).
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from fractions import Fraction
from functools import partial
from typing import Any

import numpy as np

from coalitionist.power import AllOf, AnyOf, Count, Weighted, power_indices
from coalitionist.power.johnston import johnston_scores
from coalitionist.power.threshold import threshold_stats
from coalitionist.power.weighted_minimal import minimal_float_stats

try:
    from powerindex import calculate_power_index
except ImportError:  # pragma: no cover - the peer is an optional benchmark dependency
    calculate_power_index = None

EU_POP_2024 = {  # Eurostat, population on 1 January 2024 (demo_pjan), thousands
    "de": 83445, "fr": 68402, "it": 58990, "es": 48619, "pl": 36621, "ro": 19064, "nl": 17942,
    "be": 11832, "cz": 10901, "pt": 10639, "se": 10551, "el": 10397, "hu": 9585, "at": 9159,
    "bg": 6445, "dk": 5961, "fi": 5604, "sk": 5425, "ie": 5343, "hr": 3862, "lt": 2886, "si": 2124,
    "lv": 1872, "ee": 1374, "cy": 934, "lu": 672, "mt": 564,
}  # fmt: skip


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def peak_mb(fn: Callable[[], Any]) -> float:
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def weighted_table(sizes: list[int], repeat: int, peer_ss_max: int) -> None:
    print("Weighted games [⌊W/2⌋+1; w], w_i uniform in 1..100 (seed 42)")
    head = (
        f"{'n':>5} {'W':>7} | {'Bz ours':>9} {'Bz peer':>9} {'ratio':>7} {'max|Δ|':>8} | "
        f"{'SS ours':>9} {'SS peer':>9} {'ratio':>7} {'max|Δ|':>8} | {'all six':>9} {'peak MB':>8}"
    )
    print(head)
    print("-" * len(head))
    for n in sizes:
        rng = random.Random(42)
        w = [rng.randint(1, 100) for _ in range(n)]
        q = sum(w) // 2 + 1
        rule = Weighted(w, quota=q)
        reps = repeat if n < 500 else 1
        t_bz, r_bz = timed(partial(power_indices, rule, indices=["banzhaf"], max_list=0), reps)
        t_ss, r_ss = timed(
            partial(power_indices, rule, indices=["shapley_shubik"], max_list=0), reps
        )
        t_all, _ = timed(partial(power_indices, rule), 1)
        mem = peak_mb(partial(power_indices, rule, max_list=0))
        ours_bz = [float(v) for v in r_bz.values("banzhaf").values()]
        ours_ss = [float(v) for v in r_ss.values("shapley_shubik").values()]
        cells = [f"{n:>5} {sum(w):>7} | {t_bz:>9.4f}"]
        if calculate_power_index is not None:
            t_pb, peer_bz = timed(partial(calculate_power_index, w, q, "b"), reps)
            diff = max(abs(a - b) for a, b in zip(ours_bz, peer_bz, strict=True))
            cells.append(f"{t_pb:>9.4f} {t_pb / t_bz:>6.0f}× {diff:>8.1e} | {t_ss:>9.4f}")
        else:
            cells.append(f"{'—':>9} {'—':>7} {'—':>8} | {t_ss:>9.4f}")
        if calculate_power_index is not None and n <= peer_ss_max:
            t_ps, peer_ss = timed(partial(calculate_power_index, w, q, "ss"), reps)
            diff = max(abs(a - b) for a, b in zip(ours_ss, peer_ss, strict=True))
            cells.append(f"{t_ps:>9.4f} {t_ps / t_ss:>6.0f}× {diff:>8.1e} |")
        else:
            why = "n/a*" if n > 170 else "skipped"
            cells.append(f"{why:>9} {'—':>7} {'—':>8} |")
        cells.append(f"{t_all:>9.3f} {mem:>8.1f}")
        print(" ".join(cells))
        sys.stdout.flush()
    print(
        "Bz/SS: one index only (power_indices(..., indices=[...])); 'all six' also computes Deegan–Packel, "
        "Holler and Johnston (exact counts up to ~100 players, the floating-point sweep beyond). *not run: powerindex's Shapley–Shubik "
        "raises OverflowError (float(n!)) above 170 players, after 34 s and 2.3 GB at n = 200 "
        "(shared/notes/power-algorithms.md §2); use --peer-ss-max to try."
    )


def _normalised(values: list[float]) -> list[float]:
    total = math.fsum(values)
    return [v / total for v in values]


def minimal_table(sizes: list[int], exact_max: int) -> None:
    print()
    print("Deegan–Packel, Holler, Johnston of [⌊W/2⌋+1; w], w_i uniform in 1..100 (seed 42)")
    head = (
        f"{'n':>5} | {'sweep':>8} {'exact ints':>10} {'ratio':>7} {'max|Δ|':>8} | "
        f"{'all six':>8} {'DP/H/J computed':>15}"
    )
    print(head)
    print("-" * len(head))
    for n in sizes:
        rng = random.Random(42)
        w = [rng.randint(1, 100) for _ in range(n)]
        q = sum(w) // 2 + 1
        t_sw, got = timed(partial(minimal_float_stats, w, q), 1)
        ours = [
            _normalised(got.dp_raw),
            _normalised(got.mwc_member),
            _normalised(got.johnston_raw),
        ]
        cells = [f"{n:>5} | {t_sw:>8.2f}"]
        if n <= exact_max:

            def exact(w: list[int] = w, q: int = q) -> tuple[Any, list[Any]]:
                thr = [q] * (len(w) + 1)
                return threshold_stats(w, thr), johnston_scores(w, thr, exact=True)

            t_ex, (st, jo) = timed(exact, 1)
            ref = [
                _normalised([float(x) for x in st.dp_raw]),
                _normalised([float(x) for x in st.mwc_member]),
                _normalised([float(x) for x in jo]),
            ]
            diff = max(
                abs(a - b)
                for o, r in zip(ours, ref, strict=True)
                for a, b in zip(o, r, strict=True)
            )
            cells.append(f"{t_ex:>10.2f} {t_ex / t_sw:>6.1f}× {diff:>8.1e} |")
        else:
            cells.append(f"{'skipped':>10} {'—':>7} {'—':>8} |")
        t_all, res = timed(partial(power_indices, Weighted(w, quota=q), max_list=0), 1)
        done = all(res.indices[k] is not None for k in ("deegan_packel", "holler", "johnston"))
        cells.append(f"{t_all:>8.2f} {'yes' if done else 'no':>15}")
        print(" ".join(cells))
        sys.stdout.flush()
    print(
        "sweep: minimal_float_stats alone (floats, relative error ≈ 1e-9); exact ints: the exact integer "
        "tables (threshold_stats + johnston_scores(exact=True)); all six: power_indices(rule), method auto."
    )


def eu_rule() -> AnyOf:
    pops = list(EU_POP_2024.values())
    return AnyOf(
        [AllOf([Count(27, threshold=0.55), Weighted(pops, threshold=0.65)]), Count(27, quota=24)]
    )


def eu_table(repeat: int) -> None:
    print("\nEU Council, Lisbon double majority (27 states, Eurostat 2024 populations)")
    rule = eu_rule()
    t, r = timed(lambda: power_indices(rule, list(EU_POP_2024), max_list=0), repeat)
    mem = peak_mb(lambda: power_indices(rule, list(EU_POP_2024), max_list=0))
    print(
        f"all six indices: {t:.3f} s (median of {repeat}), peak {mem:.0f} MB; algorithm: {r.algorithm}"
    )
    print(f"{'state':>5} {'SS':>8} {'Bz':>8} {'Bz abs':>8} {'DP':>8} {'PGI':>8} {'Johnston':>8}")
    for c in [*list(EU_POP_2024)[:5], "lu", "mt"]:
        vals = [float(r.values(k)[c]) for k in r.indices]
        print(f"{c:>5} " + " ".join(f"{v:>8.5f}" for v in vals))
    print(
        f"winning coalitions {r.winning_count} ({r.winning_count / 2**27:.2%}; Petróczy & Csató 2026: 13.2%), "
        f"minimal winning {r.minimal_winning_count}, minimal blocking {r.minimal_blocking_count}"
    )


def eu_brute_force() -> dict[str, list[Fraction]]:
    """All six indices of the EU rule by enumerating the 2^27 coalitions in blocks (independent code)."""
    pops = np.asarray(list(EU_POP_2024.values()), dtype=np.int64)
    n, total = pops.size, int(pops.sum())
    q_pop = math.ceil(Fraction(65, 100) * total)

    def wins(size: np.ndarray, pop: np.ndarray) -> np.ndarray:
        return ((size >= 15) & (pop >= q_pop)) | (size >= 24)

    low = 20
    bits = ((np.arange(1 << low)[:, None] >> np.arange(low)) & 1).astype(bool)
    size_lo = bits.sum(axis=1)
    pop_lo = bits @ pops[:low]
    crit_by_size = np.zeros((n, n + 1), dtype=np.int64)  # i critical in a winning S of size k
    crit_by_kappa = np.zeros((n, n + 1), dtype=np.int64)  # i critical in S with κ critical members
    mwc_by_size = np.zeros((n, n + 1), dtype=np.int64)
    mwc_total = 0
    for h in range(1 << (n - low)):
        hb = np.array([(h >> j) & 1 for j in range(n - low)], dtype=bool)
        member = np.concatenate([bits, np.broadcast_to(hb, (bits.shape[0], n - low))], axis=1)
        size = size_lo + int(hb.sum())
        pop = pop_lo + int(pops[low:][hb].sum())
        w = wins(size, pop)
        crit = member & w[:, None] & ~wins(size[:, None] - 1, pop[:, None] - pops[None, :])
        kappa = crit.sum(axis=1)
        minimal = w & (kappa == size)
        mwc_total += int(minimal.sum())
        for i in range(n):
            ci = crit[:, i]
            crit_by_size[i] += np.bincount(size[ci], minlength=n + 1)
            crit_by_kappa[i] += np.bincount(kappa[ci], minlength=n + 1)
            mwc_by_size[i] += np.bincount(size[minimal & member[:, i]], minlength=n + 1)
    fact = [math.factorial(k) for k in range(n + 1)]
    swings = [int(crit_by_size[i].sum()) for i in range(n)]
    ss = [
        sum(
            (
                Fraction(int(crit_by_size[i, k]) * fact[k - 1] * fact[n - k], fact[n])
                for k in range(1, n + 1)
            ),
            Fraction(0),
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


def verify_eu() -> None:
    print("\nEU brute force over 2^27 coalitions (independent enumeration) …")
    t0 = time.perf_counter()
    ref = eu_brute_force()
    t_brute = time.perf_counter() - t0
    t1 = time.perf_counter()
    r = power_indices(eu_rule(), list(EU_POP_2024), exact=True, max_list=0)
    t_ours = time.perf_counter() - t1
    for name, vals in ref.items():
        got = [r.values(name)[c] for c in EU_POP_2024]
        same = got == vals
        worst = max(abs(float(a) - float(b)) for a, b in zip(got, vals, strict=True))
        print(f"{name:>17}: exact match {same}  (max |Δ| {worst:.1e})")
    print(
        f"brute force {t_brute:.1f} s, coalitionist exact fractions {t_ours:.2f} s ({t_brute / t_ours:.0f}×)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 100, 200, 500, 1000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--peer-ss-max", type=int, default=100, help="largest n for powerindex's Shapley–Shubik"
    )
    parser.add_argument("--minimal-sizes", type=int, nargs="+", default=[100, 200, 500, 1000])
    parser.add_argument(
        "--exact-max", type=int, default=200, help="largest n for the exact integer tables"
    )
    parser.add_argument(
        "--verify-eu", action="store_true", help="check the EU result against 2^27 brute force"
    )
    args = parser.parse_args()
    if calculate_power_index is None:
        print("powerindex is not installed (pip install powerindex): peer columns are empty")
    weighted_table(args.sizes, args.repeat, args.peer_ss_max)
    minimal_table(args.minimal_sizes, args.exact_max)
    eu_table(args.repeat)
    if args.verify_eu:
        verify_eu()


if __name__ == "__main__":
    main()
