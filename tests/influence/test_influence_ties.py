"""Tie compilation: which types carry influence, in which direction, and how channels combine."""

from __future__ import annotations

import numpy as np
import pytest

from coalitionist.influence.errors import InfluenceInputError
from coalitionist.influence.ties import EdgeList, tie_matrices
from coalitionist.scenario.model import Scenario


def edges(n: int, ties: list[tuple[int, int, str, float, int, bool]]) -> EdgeList:
    return EdgeList(
        n=n,
        source=np.array([t[0] for t in ties], dtype=np.int64),
        target=np.array([t[1] for t in ties], dtype=np.int64),
        kind=tuple(t[2] for t in ties),
        weight=np.array([t[3] for t in ties], dtype=float),
        sign=np.array([t[4] for t in ties], dtype=np.int64),
        mutual=np.array([t[5] for t in ties], dtype=bool),
    )


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("influence", {(0, 1): 0.6}),
        ("hierarchy", {(0, 1): 0.6}),
        ("funds", {(0, 1): 0.6}),
        ("dependency", {(1, 0): 0.6}),  # 0 depends on 1: 1 sways 0
        ("member_of", {(1, 0): 0.6}),  # 0 is a member of 1: 1 sways 0
        ("alliance", {(0, 1): 0.3}),  # half strength (one direction here: mutual=False)
        ("history", {}),
        ("rivalry", {}),
    ],
)
def test_each_type_carries_influence_in_its_documented_direction(
    kind: str, expected: dict[tuple[int, int], float]
) -> None:
    m = tie_matrices(edges(2, [(0, 1, kind, 0.6, 1, False)])).influence.toarray()
    want = np.zeros((2, 2))
    for (i, j), v in expected.items():
        want[i, j] = v
    np.testing.assert_allclose(m, want)


def test_mutual_ties_run_both_ways_and_hostile_ties_carry_no_influence() -> None:
    t = tie_matrices(
        edges(3, [(0, 1, "alliance", 0.8, 1, True), (2, 0, "influence", 0.9, -1, False)])
    )
    a = t.influence.toarray()
    assert a[0, 1] == pytest.approx(0.4)
    assert a[1, 0] == pytest.approx(0.4)
    assert a[2, 0] == 0.0
    assert t.pressure.toarray()[2, 0] == pytest.approx(0.9)
    assert t.pressure.toarray()[0, 2] == 0.0


def test_channels_between_one_pair_combine_as_noisy_or() -> None:
    t = tie_matrices(edges(2, [(0, 1, "influence", 0.5, 1, False), (0, 1, "funds", 0.4, 1, False)]))
    # 1 − (1 − 0.5)(1 − 0.4) = 0.7
    assert t.influence.toarray()[0, 1] == pytest.approx(0.7)


def test_relation_and_history_are_symmetric_signed_and_clipped() -> None:
    t = tie_matrices(
        edges(
            3,
            [
                (0, 1, "alliance", 0.9, 1, True),
                (1, 0, "history", 0.8, 1, True),
                (0, 2, "rivalry", 0.7, -1, True),
                (2, 1, "influence", 0.6, 1, False),
            ],
        )
    )
    s = t.relation.toarray()
    np.testing.assert_allclose(s, s.T)
    assert s[0, 1] == 1.0  # 0.9 + 0.8 clipped
    assert s[0, 2] == pytest.approx(-0.7)
    assert s[1, 2] == pytest.approx(0.3)  # influence counts half
    h = t.history.toarray()
    assert h[0, 1] == 1.0
    assert h[0, 2] == pytest.approx(-0.7)
    assert h[1, 2] == 0.0  # influence is not history


def test_contact_matrix_counts_every_tie() -> None:
    t = tie_matrices(edges(3, [(0, 1, "rivalry", 0.5, -1, True), (1, 2, "history", 0.2, 1, False)]))
    c = t.contact.toarray()
    assert c[0, 1] == pytest.approx(0.5)
    assert c[1, 0] == pytest.approx(0.5)
    assert c[1, 2] == pytest.approx(0.2)
    assert c[2, 1] == 0.0


def test_self_ties_are_ignored() -> None:
    t = tie_matrices(edges(2, [(0, 0, "influence", 0.5, 1, False)]))
    assert t.influence.nnz == 0
    assert t.relation.nnz == 0


@pytest.mark.parametrize(
    "bad",
    [
        [(0, 2, "influence", 0.5, 1, False)],
        [(0, 1, "influence", 1.5, 1, False)],
        [(0, 1, "influence", float("nan"), 1, False)],
    ],
)
def test_bad_edges_are_rejected(bad: list[tuple[int, int, str, float, int, bool]]) -> None:
    with pytest.raises(InfluenceInputError):
        tie_matrices(edges(2, bad))


def test_edge_list_reads_words_signs_and_mutual_defaults_from_a_scenario() -> None:
    sc = Scenario.from_data(
        {
            "title": "t",
            "actors": [{"id": "a"}, {"id": "b"}],
            "relationships": [
                {"source": "a", "target": "b", "type": "alliance", "weight": "high"},
                {"source": "b", "target": "a", "type": "influence", "weight": 0.3, "sign": -1},
            ],
        }
    )
    e = sc.arrays.ties
    assert e.kind == ("alliance", "influence")
    np.testing.assert_allclose(e.weight, [0.75, 0.3])
    assert e.sign.tolist() == [1, -1]
    assert e.mutual.tolist() == [True, False]
