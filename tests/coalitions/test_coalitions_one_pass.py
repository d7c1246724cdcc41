"""Passes 1 and 2 of the coalition analysis share one pass over the five bases' rows
(``affinity.weighted_sums``): the affinity is still the weighted mean ``combined_affinity`` makes, bit
for bit, whatever the weights, and each block of a basis's rows is computed once for both sums."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from coalitionist.analyses.coalitions import scenario_coalitions
from coalitionist.coalitions import affinity
from coalitionist.coalitions.affinity import BASES, Basis, combined_affinity, weighted_sums
from coalitionist.coalitions.errors import CoalitionInputError
from coalitionist.io import load_scenario

EXAMPLES = sorted((Path(__file__).parents[2] / "examples").glob("*.yaml"))

WEIGHTS: list[dict[str, float] | None] = [
    None,
    {"shared_interests": 2.0, "common_history": 0.5, "shared_vulnerability": 1.0},
    {"shared_vulnerability": 1.0},  # the five others weigh nothing: pass 1 on a zero affinity
    {"valuable_trades": 1.0, "shared_positions": 3.0},  # no shared vulnerability at all
]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("weights", WEIGHTS)
def test_affinity_is_the_weighted_mean_of_the_bases(
    path: Path, weights: dict[str, float] | None
) -> None:
    res = scenario_coalitions(load_scenario(path), weights=weights)
    want = combined_affinity(res.bases, weights)
    assert np.array_equal(res.affinity, want)
    assert np.array_equal(np.signbit(res.affinity), np.signbit(want))


def test_bad_weights_are_refused() -> None:
    sc = load_scenario(EXAMPLES[0])
    with pytest.raises(CoalitionInputError, match="non-negative"):
        scenario_coalitions(sc, weights={"shared_interests": -1.0, "common_history": 2.0})
    with pytest.raises(CoalitionInputError, match="positive total"):
        scenario_coalitions(sc, weights=dict.fromkeys(BASES, 0.0))


def test_weighted_sums_is_combined_affinity_and_reads_each_block_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(affinity, "_BLOCK_ELEMENTS", 40)  # 3 rows a block: 5 blocks
    rng = np.random.default_rng(7)
    n = 13
    mats = {b: rng.uniform(-1, 1, (n, n)) for b in BASES[:5]}
    mats["valuable_trades"][2] = -0.0
    calls: list[Any] = []

    def recipe(m: np.ndarray, rows: Any, cols: Any = None) -> np.ndarray:
        calls.append(rows)
        return m[rows]

    lazy = {
        b: Basis(n, lambda r, c=None, m=m: recipe(m, r, c), hold=False) for b, m in mats.items()
    }
    w1 = {"shared_interests": 1.0, "shared_positions": 0.0, "common_history": 2.5}
    w2 = dict.fromkeys(mats, 1.0)
    s1, s2 = weighted_sums(lazy, [{b: v / 3.5 for b, v in w1.items() if v}, dict.fromkeys(w2, 0.2)])
    assert np.array_equal(s1, combined_affinity(mats, w1))
    assert np.array_equal(s2, combined_affinity(mats, w2))
    assert np.array_equal(np.signbit(s2), np.signbit(combined_affinity(mats, w2)))
    assert len(affinity._row_blocks(n)) == 5
    assert len(calls) == 5 * 5  # every basis used by some sum, each of its 5 blocks once
    # adding a sixth basis into a sum already made: the same as combining the six at once
    six = {**mats, "shared_vulnerability": rng.uniform(0, 1, (n, n))}
    w6 = {**w2, "shared_vulnerability": 1.0}
    part = weighted_sums(mats, [dict.fromkeys(mats, 1.0 / 6.0)])[0]
    weighted_sums(
        {"shared_vulnerability": six["shared_vulnerability"]},
        [{"shared_vulnerability": 1.0 / 6.0}],
        into=[part],
    )
    assert np.array_equal(part, combined_affinity(six, w6))
