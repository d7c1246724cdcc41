"""Trades advised to the focal actor prefer those that spare the coalition it is building (issue 13, brief
read13 item 2), and a trade that costs its members says so by name."""

from __future__ import annotations

from pathlib import Path

from coalitionist.analyses.trades import _trade_lines, build_section, coalition_partners
from coalitionist.io import load_scenario
from coalitionist.trades.describe import focal_relevance
from coalitionist.trades.result import Trade

BUNDESTAG = Path(__file__).parents[1] / "data" / "bundestag-traffic-light-2021.yaml"


def test_partners_are_those_voting_with_the_focal_actor() -> None:
    # predicted votes on the coalition agreement: SPD, Greens, FDP, Left, SSW yes; CDU/CSU, AfD no
    sc = load_scenario(BUNDESTAG)
    assert set(coalition_partners(sc)) == {"greens", "fdp", "left", "ssw"}


def test_a_trade_sparing_the_partners_comes_first() -> None:
    sc = load_scenario(BUNDESTAG)
    costly = Trade(
        "priorities",
        ("spd", "afd"),
        {"spd": 0.1, "afd": 0.2},
        0.3,
        "the compromise",
        "",
        {},
        {"fdp": -0.4, "greens": 0.0},
    )
    sparing = Trade(
        "priorities",
        ("spd", "greens"),
        {"spd": 0.05, "greens": 0.05},
        0.1,
        "the compromise",
        "",
        {},
        {"fdp": 0.0, "afd": -0.2},
    )
    rel = focal_relevance([costly, sparing], "spd", ())
    rows, notes = _trade_lines(sc, rel, partners=("greens", "fdp"))
    assert [r[1] for r in rows] == ["SPD, Greens", "SPD, AfD"]
    assert "It costs FDP (-0.4), in the coalition SPD is building" in rows[1][4]
    assert "It costs" not in rows[0][4]
    assert not any(n.startswith("No trade shown spares") for n in notes)


def test_bundestag_brief_says_the_best_trade_costs_the_fdp() -> None:
    sc = load_scenario(BUNDESTAG)
    section = build_section(sc, [])
    assert section is not None
    best = next(r for r in section.reading if r.startswith("Best trade on differences"))
    assert "FDP (-0.417)" in best.split("It costs", 1)[1]
    assert best.startswith(
        "Best trade on differences: "
    )  # not "for SPD's coalition": it costs them
    assert any(
        r.startswith("No trade shown spares the coalition SPD is building") for r in section.reading
    )
