"""The Speaker election of January 2023 (tests/data/house-speaker-2023.yaml): "present" is an abstention
that lowers the bar, and a lockout risk under one percent is not reported as 0 % nor "lowered to 0 %".

By hand from the file and the Clerk's roll call of the fifteenth ballot: McCarthy 1 + the 201 + the 14 =
216 yes; the 212 Democrats no; the six "present". The rule is a strict majority of the votes cast (of:
present_and_voting): 216 > 428 / 2 = 214, so McCarthy is elected; had the six named another candidate
(a no), 216 > 434 / 2 = 217 fails — so the six are pivotal, and their abstention is what elects him.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from coalitionist.analyses.process import lockout_sentences
from coalitionist.analyses.strategy import StrategyResult
from coalitionist.brief import make_brief
from coalitionist.cli import app
from coalitionist.io import load_scenario

CASE = Path(__file__).resolve().parents[1] / "data" / "house-speaker-2023.yaml"


def test_the_fifteenth_ballot_216_212_6_passes_on_the_votes_cast() -> None:
    res = CliRunner().invoke(app, ["outcome", str(CASE), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["tally"] == {"yes": 216, "no": 212, "abstain": 6}
    assert out["passes"] is True
    assert 216 > (216 + 212) / 2
    assert not 216 > (216 + 212 + 6) / 2
    assert out["votes"]["last6"] == "abstain"
    first = out["pivotal"][0]
    assert (first["actor"], first["vote"], first["flips_to"]) == ("last6", "abstain", "no")
    assert set(out["carried_by"]) == {"mccarthy", "gop_loyal", "holdouts14"}


def test_a_lockout_risk_under_one_percent_is_said_so_and_not_lowered_to_zero() -> None:
    scenario = load_scenario(CASE)
    brief = make_brief(scenario, seed=0)
    plan = brief.section("plan")
    assert plan is not None
    assert isinstance(plan.result, StrategyResult)
    process = plan.result.process
    assert process is not None
    assert process.lockout is not None
    lk = process.lockout
    assert 0 < lk.p < 0.005  # the case this test is for: a positive risk that rounds to 0 %
    text = " ".join(lockout_sentences(scenario, process))
    assert "Lockout risk under 1%" in text
    assert not re.search(r"(?<![\d.])0%", text), text
    assert "would lower the lockout risk" not in text
    assert "lowers the risk to" not in text


def test_a_later_step_is_worth_its_number_by_then_not_now() -> None:
    # the third approach (the fourteen) is the last: once Trump and the six have joined, it joins with
    # p 0.60 and wins the goal (100), else costs 4 more: 0.6 x 100 - 6 - 0.4 x 4 = 52.4, the expected
    # payoff from then on -- not the plan's (14.1), and not what approaching the fourteen now is worth
    brief = make_brief(load_scenario(CASE), seed=0)
    plan = brief.section("plan")
    assert plan is not None
    assert isinstance(plan.result, StrategyResult)
    steps = plan.result.plan.steps
    assert [s.actor for s in steps] == ["trump", "last6", "holdouts14"]
    third = steps[2]
    assert third.joined_before == ("trump", "last6")
    assert round(third.p, 2) == 0.60
    assert third.score is not None
    assert abs(third.score - (third.p * 100 - 6 - (1 - third.p) * 4)) < 1e-9
    text = next(
        r for r in plan.reading if r.startswith("Approach Holdouts won by the deal (14) third")
    )
    assert "it joins with probability 0.60 by then" in text, text
    assert (
        "once Donald Trump and The last six (Biggs, Boebert, Crane, Gaetz, Good, Rosendale) have joined,"
        " approaching it is worth 52.4 in expectation from then on"
    ) in text, text
    assert "now is worth 52.4" not in text
    first = next(r for r in plan.reading if r.startswith("Approach Donald Trump first"))
    assert "with probability 0.90 now" in first
    assert "approaching it now is worth 14.13" in first


def test_the_plan_table_gives_each_chance_at_its_turn() -> None:
    # the fourteen's chance is the file's 0.5 now, 0.60 once Trump and the six have joined (their turn):
    # the table's column says which one it shows
    plan = make_brief(load_scenario(CASE), seed=0).section("plan")
    assert plan is not None
    table = plan.tables[0]
    col = table.columns.index("p at its turn")
    row = next(r for r in table.rows if r[1] == "Holdouts won by the deal (14)")
    assert row[col] == "0.60"
    assert "p now" not in table.columns
