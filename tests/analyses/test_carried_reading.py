"""The coalitions section says why the coalition that carries the proposal is not among its winning
coalitions (issue 13.3/13.4: one answer): the coalitions are the binary game's, where everyone outside a
coalition votes against it, but the real rule may not count an abstention as a no.

By hand: Gulf War 1990 — the binary rule needs 9 Council members and all five permanent members; the 12 yes
voters lack China, which abstains (not a veto under Art. 27(3) practice), so they carry Resolution 678
without being a winning coalition. Speaker 2023 — 216 yes of 434 members is not more than half (217), but
216 of the 428 votes cast is: the six "present" votes elect McCarthy. Bundestag 2021 — the traffic light's
yes voters hold a majority of all members, so there is nothing to explain.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coalitionist.brief import make_brief
from coalitionist.examples import example_path
from coalitionist.io import load_scenario

DATA = Path(__file__).resolve().parents[1] / "data"


def _carried(path: Path) -> list[str]:
    brief = make_brief(load_scenario(path), seed=0)
    section = brief.section("coalitions")
    assert section is not None
    return [r for r in section.reading if r.startswith("The proposal is carried by")]


@pytest.mark.parametrize(
    ("path", "abstainer"),
    [
        (Path(example_path("gulf-war-1990")), "China abstains rather than votes no"),
        (
            DATA / "house-speaker-2023.yaml",
            "The last six (Biggs, Boebert, Crane, Gaetz, Good, Rosendale) abstains",
        ),
    ],
)
def test_a_proposal_carried_on_abstentions_says_so(path: Path, abstainer: str) -> None:
    found = _carried(path)
    assert len(found) == 1
    assert "not a winning coalition when every member votes" in found[0]
    assert abstainer in found[0]


def test_gulf_names_all_twelve_carriers() -> None:
    (line,) = _carried(Path(example_path("gulf-war-1990")))
    assert "(12 voters)" in line
    assert "China" not in line.split(", though")[0]


def test_no_such_sentence_when_the_yes_voters_win_outright() -> None:
    assert _carried(DATA / "bundestag-traffic-light-2021.yaml") == []
