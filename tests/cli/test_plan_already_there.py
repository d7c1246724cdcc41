"""``coalitionist plan`` on a coalition that is already there says what ``analyze`` says (issue 13.4).

On Glyphosate 2017 the derived defaults commit the eighteen member states that vote yes, so the plan
approaches nobody and still reaches the goal. The brief's plan section then advises securing the soft pivotal
votes (Germany first); the ``plan`` command printed instead "approaching ... first would be worth it if its
chance rose from 0.70 to 0.02 or its cost fell from 1.5 to 1e+02" — a break-even computed for an approach
that can only lose, read as a rise that is a fall.
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from coalitionist.brief import make_brief
from coalitionist.cli import app
from coalitionist.io import load_scenario
from coalitionist.strategy.describe import break_even
from coalitionist.strategy.plan import CandidateAnswer

GLYPHOSATE = Path(__file__).resolve().parents[1] / "data" / "eu-glyphosate-2017.yaml"


def _candidate(p: float, cost: float, fail: float, payoff_first: float) -> CandidateAnswer:
    return CandidateAnswer(
        actor="x",
        p=p,
        value=0.0,
        cost_of_success=cost,
        cost_of_failure=cost + fail,
        expected_net_now=0.0,
        raises=(),
        if_refused=(),
        approachable=True,
        waiting_for=(),
        expected_payoff_if_first=payoff_first,
        plan_position=None,
        in_policy=False,
        note="",
    )


def test_break_even_is_a_rise_in_chance_or_a_fall_in_cost() -> None:
    # Goal already reached (worth 100) whatever the approach does: approaching first pays the cost and
    # gains nothing, e = 100 - 1.5 - 0.3 * 0.75 = 98.275. The formula's w = (e + p c + (1-p)(c+f)) / p =
    # 100 / 0.7 puts the break-even chance at (c+f)/(w+f) ≈ 0.0150 (< 0.7) and the cost at
    # p w - (1-p) f = 99.775 (> 1.5): neither is a rise or a fall, so neither is advice.
    be = break_even(_candidate(0.7, 1.5, 0.75, 98.275))
    assert be is not None
    assert be.p_needed is None
    assert be.cost_needed is None
    # A real break-even: value 10 on success, p 0.2, cost 3, refusal 1 more: e = 0.2*10 - 3 - 0.8 = -1.8,
    # w = 10; the chance must rise to (3+1)/(10+1) = 0.364 or the cost fall to 0.2*10 - 0.8*1 = 1.2.
    be = break_even(_candidate(0.2, 3.0, 1.0, -1.8))
    assert be is not None
    assert be.p_needed is not None
    assert abs(be.p_needed - 4 / 11) < 1e-12
    assert be.cost_needed is not None
    assert abs(be.cost_needed - 1.2) < 1e-12


def test_plan_command_secures_the_soft_votes_as_the_brief_does() -> None:
    runner = CliRunner()
    text = runner.invoke(app, ["plan", str(GLYPHOSATE)])
    assert text.exit_code == 0, text.output
    flat = " ".join(text.output.split())
    assert "The coalition is already there" in flat
    assert "secure the soft pivotal votes" in flat
    assert "Germany (not yes in 30%, pivotal in 92%)" in flat
    assert "would be worth it if" not in flat
    out = runner.invoke(app, ["plan", str(GLYPHOSATE), "--json"])
    assert out.exit_code == 0, out.output
    secure = json.loads(out.output)["secure"]
    brief = make_brief(load_scenario(GLYPHOSATE), seed=0)
    plan_data = next(s for s in brief.sections if s.key == "plan").data
    assert secure == plan_data["secure"]
    assert secure["votes"][0]["actor"] == "de"
