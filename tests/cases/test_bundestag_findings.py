"""Bundestag 2021 (issue 13.4, the lead's finding F2): a lead goes to the coalition being built.

The brief said "Give The Left the lead on Minimum wage" while the plan never approaches the Left (its
joining lowers the FDP's chance; the traffic light is Greens and FDP). A role on the package is for a
member of the coalition being built or a committed actor.

By hand from tests/data/bundestag-traffic-light-2021.yaml (positions and saliences on Minimum wage, the
package at 100 on 0–100): the score is salience × (1 − |100 − position| / 100) — The Left 0.8 × 1 = 0.8,
Greens 0.5 × 1 = 0.5, FDP 0.3 × 0.1 = 0.03 (and 0.1 close, under the 0.8 an owner needs). Among the
coalition being built (Greens, FDP) the lead on the minimum wage is the Greens'.
"""

from __future__ import annotations

from pathlib import Path

from coalitionist.analyses.strategy import StrategyResult
from coalitionist.brief import make_brief
from coalitionist.io import load_scenario

CASE = Path(__file__).resolve().parents[1] / "data" / "bundestag-traffic-light-2021.yaml"


def test_the_lead_on_the_minimum_wage_goes_to_the_greens_not_the_left() -> None:
    brief = make_brief(load_scenario(CASE), seed=0)
    plan = brief.section("plan")
    assert plan is not None
    assert isinstance(plan.result, StrategyResult)
    process = plan.result.process
    assert process is not None
    built = {*plan.result.setup.committed, *(s.actor for s in plan.result.plan.steps)}
    assert built >= {"greens", "fdp"}
    assert "left" not in built
    leads = {
        process.issues[t.issue]: process.actors[t.actor]
        for t in process.tactics
        if t.kind == "goal_alignment" and t.issue is not None
    }
    assert leads["wage"] == "greens"
    assert set(leads.values()) <= built
    text = "\n".join(plan.reading) + "\n".join(brief.summary)
    assert "Give The Left the lead" not in text
    assert "Give Greens the lead on Minimum wage (EUR 12 by law)" in text

