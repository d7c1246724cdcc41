"""Benchmark: the influence and coalition analysis on generated scenarios of 30 to 10,000 actors.

Each scenario has three issues, about ten ties per actor (five written per actor, every type, random
weights) and a simple majority of votes. For each size the script prints

* the CPU seconds (wall beside them) and peak traced memory (``tracemalloc``) of the power step the two
  analyses share (:func:`scenario_game` asking for the Banzhaf index only, what they read) and of the
  analysis itself (:func:`scenario_influence` plus :func:`scenario_coalitions` on that game), with the
  fitted growth exponents over the sizes run;
* the network part (tie matrices, strengths, two-step reach, betweenness, Burt's constraint and effective
  size, strongest chains into the ten most powerful actors) done by ``coalitionist.influence`` side by side
  with the naive networkx-only computation of the same measures (same number of runs, median), the ratio
  of their CPU times and whether they agree.

Run: ``python benchmarks/influence.py [--sizes 30,300,3000] [--repeat 3] [--networkx-max 3000]
[--memory-max 3000] [--no-memory]``. Sizes above 1,000 actors are run once; above ``--memory-max`` the
traced (memory) runs are left out, and the output says so (``benchmarks/coalitions.py`` gives each step's
peak resident set at 10,000 actors). The script is not a test.
"""

from __future__ import annotations

import argparse
import math
from functools import partial
from typing import Any

import networkx as nx
import numpy as np

from bench_timing import growth_line, measure, peak_memory
from coalitionist.analyses.coalitions import scenario_coalitions
from coalitionist.analyses.influence import scenario_influence
from coalitionist.analyses.power import FORMAL_POWER_INDICES, scenario_game
from coalitionist.influence.paths import strongest_paths
from coalitionist.influence.position import (
    betweenness,
    burt_constraint,
    effective_size,
    strengths,
    two_step_reach,
)
from coalitionist.influence.ties import TieList, tie_matrices
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
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median shown)")
    parser.add_argument(
        "--networkx-max", type=int, default=3000, help="largest size the networkx side runs at"
    )
    parser.add_argument("--no-memory", action="store_true", help="skip the traced (memory) runs")
    parser.add_argument(
        "--memory-max",
        type=int,
        default=3000,
        help="largest size with the traced (memory) runs (tracemalloc doubles a run's time)",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows: list[tuple[Any, ...]] = []
    for n in sizes:
        memory = not args.no_memory and n <= args.memory_max
        sc = generate(n, args.seed)
        # runs above 1,000 actors take long: one run each (said in the table)
        reps = args.repeat if n <= 1000 else 1
        game_t = measure(partial(scenario_game, sc, indices=FORMAL_POWER_INDICES), reps)
        game = game_t.result

        def full(sc: Scenario = sc, game: Any = game) -> Any:
            return scenario_influence(sc, game=game), scenario_coalitions(sc, game=game)

        full_t = measure(full, reps)
        full_mb = peak_memory(full)[1] / 2**20 if memory else math.nan
        game_mb = (
            peak_memory(partial(scenario_game, sc, indices=FORMAL_POWER_INDICES))[1] / 2**20
            if memory
            else math.nan
        )
        power = game.power
        banzhaf = np.array([float(power.indices["banzhaf"][a]) for a in sc.arrays.actors])
        targets = [int(i) for i in np.argsort(-banzhaf, kind="stable")[:10]]
        ours_t = measure(partial(ours_network, sc, targets), reps)
        peer_t = None
        same = None
        if n <= args.networkx_max:
            peer_t = measure(partial(networkx_network, sc.arrays.ties, targets), reps)
            same = agree(ours_t.result, peer_t.result, n, targets)
        rows.append(
            (
                n,
                len(sc.relationships),
                reps,
                game_t,
                game_mb,
                full_t,
                full_mb,
                power,
                ours_t,
                peer_t,
                same,
            )
        )

    def mb(x: float) -> str:
        return "—" if math.isnan(x) else f"{x:.0f}"

    print(
        "Influence + coalition analysis of generated scenarios (3 issues, ~10 ties per actor, majority"
    )
    print(
        "of votes), and the network part against plain networkx. CPU seconds (user + system) with wall"
    )
    print(
        "seconds beside them, median of the runs shown; MB: peak tracemalloc of a separate traced run."
    )
    print(
        "The machine (2 cores) was shared with other work while this ran: CPU time is the figure to read.\n"
    )
    head = (
        f"{'actors':>7} {'ties':>6} {'runs':>4} | {'power CPU s':>11} {'wall':>7} {'MB':>5} |"
        f" {'analysis CPU s':>14} {'wall':>7} {'MB':>6} | {'network CPU s':>13} {'networkx CPU s':>14}"
        f" {'nx/ours (CPU)':>13} {'same':>4}"
    )
    print(head)
    print("-" * len(head))
    for n, m, reps, gt, gmb, ft, fmb, _power, ot, pt, same in rows:
        peer = "—" if pt is None else f"{pt.cpu:.3f}"
        rat = "—" if pt is None else f"{pt.cpu / ot.cpu:.1f}×"
        print(
            f"{n:>7} {m:>6} {reps:>4} | {gt.cpu:>11.2f} {gt.wall:>7.2f} {mb(gmb):>5} |"
            f" {ft.cpu:>14.2f} {ft.wall:>7.2f} {mb(fmb):>6} | {ot.cpu:>13.3f} {peer:>14}"
            f" {rat:>13} {'—' if same is None else 'yes' if same else 'NO':>4}"
        )
    untraced = [r[0] for r in rows if math.isnan(r[6])]
    if untraced and not args.no_memory:
        print(
            f"\nMB —: no traced run at {', '.join(f'{n:,}' for n in untraced)} actors (above"
            f" --memory-max {args.memory_max:,}); `python benchmarks/coalitions.py` gives each step's"
            " peak resident set there."
        )
    print()
    for r in rows:
        print(f"{r[0]} actors: power by {r[7].method} ({r[7].algorithm})")
    print(
        "\npower = scenario_game(indices=['banzhaf', 'banzhaf_absolute']), what the influence and coalition"
        " analyses read; analysis = scenario_influence + scenario_coalitions on that game."
    )
    if len(rows) > 1:
        ns = [r[0] for r in rows]
        print(
            growth_line(
                "the influence + coalition analysis",
                ns,
                [r[5].cpu for r in rows],
                [r[6] for r in rows],
            )
        )
        print(
            growth_line(
                "the power step (Banzhaf)", ns, [r[3].cpu for r in rows], [r[4] for r in rows]
            )
        )


if __name__ == "__main__":
    main()
