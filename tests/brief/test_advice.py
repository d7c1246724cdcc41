"""Advice that agrees with itself (issue 13, point 4): veto holders described as such, actors outside the
voting body never called dummies, "weak is not powerless" only for the weak, the adverse coalition said to
be measured against the focal actor's own position, and rule descriptions in names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from coalitionist.brief import make_brief
from coalitionist.examples import example_path
from coalitionist.io import load_scenario
from coalitionist.scenario.describe import describe_decision

BOARD = Path(__file__).parents[1] / "outcome" / "data" / "board-veto.yaml"
VETO_1990 = ["United States", "United Kingdom", "France", "Soviet Union", "China"]


@pytest.fixture(scope="module")
def gulf() -> Any:
    return make_brief(load_scenario(example_path("gulf-war-1990")))


@pytest.fixture(scope="module")
def gas() -> Any:
    return make_brief(load_scenario(example_path("russia-china-gas-2014")))


def text(brief: Any) -> str:
    return " ".join([*brief.summary, *(r for s in brief.sections for r in s.reading)])


def test_five_veto_holders_each_block_alone(gulf: Any) -> None:
    readings = gulf.section("coalitions").reading
    assert not [r for r in readings if "1 actor suffices" in r]
    line = next(r for r in readings if "holds a veto and can block alone" in r)
    assert line.startswith("Each of ")
    for name in VETO_1990:
        assert name in line


def test_one_veto_holder_is_named_as_such() -> None:
    brief: Any = make_brief(load_scenario(BOARD))
    readings = brief.section("coalitions").reading
    assert not [r for r in readings if "1 actor suffices" in r]
    assert any("holds a veto and can block alone" in r for r in readings)


def test_non_members_are_outside_the_voting_body_not_dummies(gas: Any, gulf: Any) -> None:
    # USA, EU, Kazakhstan and Mongolia are recruited for their influence: no vote, not "never decisive"
    power = gas.section("power")
    assert "dummies" not in power.reading[0]
    assert (
        "United States, European Union, Kazakhstan and Mongolia are outside the voting body"
        in power.reading[0]
    )
    roles = {row[0]: row[-1] for row in power.tables[0].rows}  # the table names actors
    assert roles["United States"] == "no vote"
    assert roles["Russia (Gazprom)"] == "veto"
    assert "dummies" not in text(gas)
    # a cut list says how many more and where to see them
    assert "and 5 more (all in the power table)" in gulf.section("power").reading[0]


def test_weak_is_not_powerless_is_never_said_of_veto_holders(gulf: Any) -> None:
    unsc = make_brief(load_scenario(example_path("un-security-council")))
    for brief, vetoes in ((gulf, VETO_1990), (unsc, ["United States", "Russia", "China"])):
        for line in (r for s in brief.sections for r in s.reading):
            if line.startswith("Weak is not powerless"):
                for name in vetoes:
                    assert f" {name} " not in f" {line} ", line


def test_the_adverse_coalition_says_what_it_opposes(gulf: Any) -> None:
    line = next(s for s in gulf.summary if "adverse coalition" in s)
    assert line.startswith("Against United States' own position, the adverse coalition (")
    readings = gulf.section("coalitions").reading
    assert any(
        r.startswith(
            "Adverse coalition (those who prefer the status quo to United States' own position)"
        )
        for r in readings
    )


def test_holes_that_change_nothing_are_not_advice(gas: Any) -> None:
    # EU and USA cannot block a Russia–China contract: peeling either changes nothing under the rule
    readings = gas.section("coalitions").reading
    assert not [r for r in readings if r.startswith("Hole ")]
    assert any("it cannot block anyway" in r for r in readings)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "russia-china-gas-2014",
            "a coalition wins with both Russia (Gazprom) and China (CNPC) in favour",
        ),
        (
            "gulf-war-1990",
            'a coalition wins with at least 9 of the 15 actors tagged "unsc"; and with United States,'
            " United Kingdom, France, Soviet Union and China in favour or abstaining (each holds a veto: its no"
            " alone blocks; an abstention is not a veto)",
        ),
    ],
)
def test_rules_are_described_in_names(name: str, expected: str) -> None:
    assert describe_decision(load_scenario(example_path(name))) == expected


def gas_with_china(tmp_path: Path, p: float, cost: float) -> Path:
    text = Path(example_path("russia-china-gas-2014")).read_text(encoding="utf-8")
    old = "china: {p: 0.5, cost: 5, failure_cost: 10"
    assert old in text
    out = tmp_path / f"gas-{p}-{cost}.yaml"
    out.write_text(text.replace(old, f"china: {{p: {p}, cost: {cost}, failure_cost: 10"), "utf-8")
    return out


def test_a_plan_that_approaches_nobody_says_what_would_change(tmp_path: Path) -> None:
    # China at p 0.1 and cost 30: no approach pays. The summary says so and names the break-even chance
    # (cost + failure) / (W + failure) = 40 / 110 with W = the goal's 100 — checked by planning again
    # just above and just below it, and at the break-even cost.
    from coalitionist.analyses.strategy import run_plan

    brief = make_brief(load_scenario(gas_with_china(tmp_path, 0.1, 30)))
    line = next(s for s in brief.summary if s.startswith("The plan approaches nobody"))
    assert (
        "approaching China (CNPC) first would be worth it if its chance rose from 0.10 to 0.36"
        in line
    )
    assert "or its cost fell from 30 to 1" in line
    p_star = 40 / 110

    def steps(p: float, cost: float) -> list[str]:
        _, plan = run_plan(load_scenario(gas_with_china(tmp_path, p, cost)), seed=0)
        return [s.actor for s in plan.steps]

    assert steps(round(p_star + 0.03, 2), 30)[:1] == ["china"]
    assert steps(round(p_star - 0.03, 2), 30) == []
    assert steps(0.1, 0.8)[:1] == ["china"]
    assert steps(0.1, 1.2) == []
