"""Synthetic scenarios of any size, for the limits tests and benchmarks (issue 18, point 6).

:func:`heavy_scenario` is the "heavy but legitimate" scenario of ``tests/reliability/test_limits.py`` and
``benchmarks/heavy.py``: ``n_actors`` actors (capabilities 1-100), ``n_issues`` issues on [0, 100] with the
status quo at 0, every actor's position (0-100) and salience (0-1, two decimals) drawn uniformly from
Python's :class:`random.Random` seeded with ``seed``, one vote each under a simple weighted majority
(quota ``n_actors // 2 + 1``), actor ``a0`` focal. The data is plain (a scenario file's mapping), so it can
be written to YAML for the command line or validated with ``Scenario.model_validate``.

Examples
--------
>>> data = heavy_scenario(3, 2)
>>> [a["name"] for a in data["actors"]], data["decision"]
(['Actor 0', 'Actor 1', 'Actor 2'], {'kind': 'weighted', 'quota': 2})
>>> heavy_scenario(50, 2) == heavy_scenario(50, 2)  # the same seed, the same scenario
True
"""

from __future__ import annotations

import random

__all__ = ["heavy_scenario"]


def heavy_scenario(n_actors: int, n_issues: int, seed: int = 1) -> dict[str, object]:
    """A random scenario of ``n_actors`` × ``n_issues`` as a scenario file's data (module docstring).

    Parameters
    ----------
    n_actors, n_issues : int
        The size.
    seed : int
        Seed of the :class:`random.Random` that draws the capabilities, positions and saliences (in that
        order: every actor's capability, then each actor's position and salience on each issue).

    Returns
    -------
    dict
        ``schema_version``, ``title``, ``focal`` (``a0``), ``actors``, ``issues``, ``positions`` and
        ``decision`` (a weighted majority of one vote each).
    """
    r = random.Random(seed)
    actors = [
        {"id": f"a{i}", "name": f"Actor {i}", "capability": r.randint(1, 100)}
        for i in range(n_actors)
    ]
    issues = [
        {"id": f"i{j}", "name": f"Issue {j}", "scale": [0, 100], "status_quo": 0}
        for j in range(n_issues)
    ]
    positions = {
        a["id"]: {
            i["id"]: {"position": r.randint(0, 100), "salience": round(r.random(), 2)}
            for i in issues
        }
        for a in actors
    }
    return {
        "schema_version": 1,
        "title": f"Heavy {n_actors} x {n_issues}",
        "focal": "a0",
        "actors": actors,
        "issues": issues,
        "positions": positions,
        "decision": {"kind": "weighted", "quota": n_actors // 2 + 1},
    }
