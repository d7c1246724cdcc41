"""Benchmark: the full influence and coalition analysis on generated scenarios of 30, 300 and 3,000 actors.

Each scenario has three issues, about ten ties per actor (five written per actor, every type, random
weights) and a simple majority of votes. For each size the script prints

* the seconds and peak traced memory (``tracemalloc``) of the full analysis (:func:`analyze_influence` plus
  :func:`analyze_coalitions`, sharing one power computation and one enumeration), and of the power
  computation alone;
* the network part (tie matrices, strengths, two-step reach, betweenness, Burt's constraint and effective
  size, strongest chains into the ten most powerful actors) done by ``coalitionist.influence`` side by side
  with the naive networkx-only computation of the same measures, and their ratio.

Run: ``python benchmarks/influence.py [--sizes 30,300,3000] [--seed 0] [--no-memory]``. Timings are wall
clock on whatever machine runs it; the script is not a test.
"""

from __future__ import annotations

import argparse
import gc
import math
import time
import tracemalloc
from collections.abc import Callable
from functools import partial
from typing import Any

import networkx as nx
import numpy as np

from coalitionist.analyses.coalitions import coalition_inputs
from coalitionist.analyses.influence import influence_inputs
from coalitionist.analyses.rule import scenario_rule
from coalitionist.coalitions.analysis import analyze_coalitions
from coalitionist.influence.analysis import analyze_influence
from coalitionist.influence.paths import strongest_paths
from coalitionist.influence.position import (
    betweenness,
    burt_constraint,
    effective_size,
    strengths,
    two_step_reach,
)
from coalitionist.influence.ties import TieList, tie_matrices
from coalitionist.power import power_indices
from coalitionist.power.game import minimal_blocking, minimal_winning
from coalitionist.scenario.model import Scenario

TYPES = (
    "influence",
    "hierarchy",
    "funds",
    "dependency",
    "member_of",
    "alliance",
    "rivalry",
    "history",
)


def generate(n: int, seed: int) -> Scenario:
    """A random scenario: ``n`` actors, 3 issues, 5 ties written per actor, simple majority of votes."""
    rng = np.random.default_rng(seed)
    ids = [f"a{i:04d}" for i in range(n)]
    actors = [
        {
            "id": a,
            "capability": round(float(rng.lognormal(3.0, 1.0)), 1) + 0.1,
            "votes": int(rng.integers(1, 6)),
        }
        for a in ids
    ]
    issues = [
        {"id": f"i{k}", "scale": [0, 100], "status_quo": int(rng.integers(0, 101))}
        for k in range(3)
    ]
    positions: dict[str, dict[str, Any]] = {}
    for a in ids:
        row = {
            f"i{k}": {
                "position": int(rng.integers(0, 101)),
                "salience": round(float(rng.uniform(0.1, 1)), 2),
            }
            for k in range(3)
            if rng.random() < 0.9
        }
        if row:
            positions[a] = row
    ties = []
    for i in range(n):
        for _ in range(5 if n > 1 else 0):
            j = int(rng.integers(0, n - 1))
            j += j >= i
            ties.append(
                {
                    "source": ids[i],
                    "target": ids[j],
                    "type": TYPES[int(rng.integers(0, len(TYPES)))],
                    "weight": round(float(rng.uniform(0.1, 1.0)), 2),
                }
            )
    return Scenario.from_data(
        {
            "title": f"generated, {n} actors",
            "focal": ids[0],
            "actors": actors,
            "issues": issues,
            "positions": positions,
            "relationships": ties,
            "decision": {"kind": "weighted", "threshold": 0.5, "strict": True},
        }
    )


def measure(fn: Callable[[], Any], memory: bool) -> tuple[float, float | None, Any]:
    """Seconds (untraced run) and peak traced MB (a second, traced run when ``memory``)."""
    gc.collect()
    t = time.perf_counter()
    out = fn()
    secs = time.perf_counter() - t
    peak = None
    if memory:
        gc.collect()
        tracemalloc.start()
        fn()
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return secs, peak, out


def ours_network(scenario: Scenario, targets: list[int]) -> dict[str, Any]:
    t = tie_matrices(scenario.arrays.ties)
    a = t.influence
    out, inn = strengths(a)
    reach, wreach = two_step_reach(a)
    return {
        "out": out,
        "in": inn,
        "reach": reach,
        "wreach": wreach,
        "betweenness": betweenness(a),
        "constraint": burt_constraint(t.contact),
        "effective_size": effective_size(t.contact),
        "paths": strongest_paths(a, targets).strength,
    }


def networkx_network(edges: TieList, targets: list[int]) -> dict[str, Any]:
    """The same measures with networkx only (plain graph building and its own algorithms)."""
    n = edges.n
    g: nx.DiGraph[int] = nx.DiGraph()
    g.add_nodes_from(range(n))
    contact: nx.DiGraph[int] = nx.DiGraph()
    contact.add_nodes_from(range(n))

    def add(graph: nx.DiGraph[int], u: int, v: int, w: float) -> None:
        if u == v or w <= 0:
            return
        old = graph[u][v]["weight"] if graph.has_edge(u, v) else 0.0
        graph.add_edge(u, v, weight=1 - (1 - old) * (1 - w))

    channels = {
        "influence": 1.0,
        "hierarchy": 1.0,
        "funds": 1.0,
        "dependency": 1.0,
        "member_of": 1.0,
        "alliance": 0.5,
    }
    for s, d, k, w, sg, mu in zip(
        edges.source.tolist(),
        edges.target.tolist(),
        edges.kind,
        edges.weight.tolist(),
        edges.sign.tolist(),
        edges.mutual.tolist(),
        strict=True,
    ):
        add(contact, s, d, w)
        if mu:
            add(contact, d, s, w)
        if sg > 0 and k in channels:
            frm, to = (d, s) if k in ("dependency", "member_of") else (s, d)
            add(g, frm, to, w * channels[k])
            if mu:
                add(g, to, frm, w * channels[k])
    out = dict(g.out_degree(weight="weight"))
    inn = dict(g.in_degree(weight="weight"))
    reach = {}
    wreach = {}
    for u in g:
        near = nx.single_source_shortest_path_length(g, u, cutoff=2)
        reach[u] = (len(near) - 1) / (n - 1)
        best: dict[int, float] = {}
        for v, d1 in g[u].items():
            best[v] = max(best.get(v, 0.0), d1["weight"])
            for x, d2 in g[v].items():
                if x != u:
                    best[x] = max(best.get(x, 0.0), d1["weight"] * d2["weight"])
        wreach[u] = sum(best.values()) / (n - 1)
    btw = nx.betweenness_centrality(g, normalized=True)
    con = nx.constraint(contact, weight="weight")
    # per-node path: networkx 3.6's all-nodes sparse path divides by the wrong axis for weighted graphs
    # (networkx/networkx PR #8906, open), so it disagrees with its own per-node definition
    esz = nx.effective_size(contact, nodes=list(contact), weight="weight")
    rev = g.reverse(copy=True)
    for _, _, d in rev.edges(data=True):
        d["len"] = -math.log(d["weight"]) + 1e-12
    paths = {t: nx.single_source_dijkstra_path_length(rev, t, weight="len") for t in targets}
    return {
        "out": out,
        "in": inn,
        "reach": reach,
        "wreach": wreach,
        "betweenness": btw,
        "constraint": con,
        "effective_size": esz,
        "paths": paths,
    }


def agree(ours: dict[str, Any], peer: dict[str, Any], n: int, targets: list[int]) -> bool:
    """Whether both computations give the same numbers (a sanity check printed with the timings)."""
    ok = True
    for key in ("out", "in", "reach", "wreach", "betweenness", "constraint", "effective_size"):
        theirs = np.array([peer[key][i] for i in range(n)], dtype=float)
        ok &= bool(np.allclose(ours[key], theirs, atol=1e-9, equal_nan=True))
    for r, t in enumerate(targets):
        theirs = np.array(
            [math.exp(-peer["paths"][t][s]) if s in peer["paths"][t] else 0.0 for s in range(n)]
        )
        theirs[t] = 1.0
        ok &= bool(np.allclose(ours["paths"][r], theirs, rtol=1e-8, atol=1e-12))
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="30,300,3000")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-memory", action="store_true", help="skip the traced (memory) runs")
    args = parser.parse_args()
    memory = not args.no_memory
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    for n in sizes:
        sc = generate(n, args.seed)
        rule = scenario_rule(sc)
        names = list(sc.arrays.actors)
        try:
            p_secs, p_mb, power = measure(
                partial(power_indices, rule, names, seed=args.seed), memory
            )
        except OverflowError as exc:  # the power engine's exact-cost estimate overflows for huge n
            print(
                f"{n} actors: power_indices(method='auto') failed ({exc}); using method='monte_carlo'"
            )
            p_secs, p_mb, power = measure(
                partial(power_indices, rule, names, method="monte_carlo", seed=args.seed), False
            )

        def full(sc: Scenario = sc, rule: Any = rule, power: Any = power) -> Any:
            mwc = minimal_winning(rule)
            mbc = minimal_blocking(rule)
            inf = analyze_influence(
                influence_inputs(sc),
                rule=rule,
                power=power,
                minimal_winning_coalitions=mwc,
                minimal_blocking_coalitions=mbc,
            )
            co = analyze_coalitions(
                coalition_inputs(sc),
                rule=rule,
                power=power,
                minimal_winning_coalitions=mwc,
                minimal_blocking_coalitions=mbc,
            )
            return inf, co

        f_secs, f_mb, _ = measure(full, memory)
        banzhaf = np.array([float(power.indices["banzhaf"][a]) for a in sc.arrays.actors])
        targets = [int(i) for i in np.argsort(-banzhaf, kind="stable")[:10]]
        o_secs, o_mb, ours = measure(partial(ours_network, sc, targets), memory)
        edges = sc.arrays.ties
        x_secs, x_mb, peer = measure(partial(networkx_network, edges, targets), memory)
        rows.append(
            (
                n,
                len(sc.relationships),
                f_secs,
                f_mb,
                p_secs,
                p_mb,
                o_secs,
                o_mb,
                x_secs,
                x_mb,
                agree(ours, peer, n, targets),
            )
        )

    def mb(x: float | None) -> str:
        return "—" if x is None else f"{x:.1f}"

    print("Full influence + coalition analysis, and the network part against plain networkx")
    print("(seconds: wall clock; MB: peak tracemalloc of a second, traced run)\n")
    head = (
        f"{'actors':>7} {'ties':>6} | {'full s':>7} {'full MB':>8} | {'power s':>8} {'power MB':>8} | "
        f"{'net s':>7} {'net MB':>7} | {'networkx s':>10} {'nx MB':>7} | {'nx/ours':>7} {'same':>5}"
    )
    print(head)
    print("-" * len(head))
    for n, m, fs, fm, ps, pm, os_, om, xs, xm, same in rows:
        print(
            f"{n:>7} {m:>6} | {fs:>7.3f} {mb(fm):>8} | {ps:>8.3f} {mb(pm):>8} | {os_:>7.3f} {mb(om):>7} | "
            f"{xs:>10.3f} {mb(xm):>7} | {xs / os_:>6.1f}x {'yes' if same else 'NO':>5}"
        )
    print(
        "\nfull = analyze_influence + analyze_coalitions given the power result (its own cost is 'power')."
    )


if __name__ == "__main__":
    main()
