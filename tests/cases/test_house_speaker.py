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
