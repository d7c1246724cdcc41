"""Bundestag 2021 (issue 13.4/13.5, the lead's findings F2, F3, F5): a lead goes to the coalition being
built; the lockout advice and the plan are one plan; the plan's JSON sentences name the actors.

The brief said "Give The Left the lead on Minimum wage" while the plan never approaches the Left (its
joining lowers the FDP's chance; the traffic light is Greens and FDP). A role on the package is for a
member of the coalition being built or a committed actor.

By hand from tests/data/bundestag-traffic-light-2021.yaml (positions and saliences on Minimum wage, the
package at 100 on 0–100): the score is salience × (1 − |100 − position| / 100) — The Left 0.8 × 1 = 0.8,
Greens 0.5 × 1 = 0.5, FDP 0.3 × 0.1 = 0.03 (and 0.1 close, under the 0.8 an owner needs). Among the
coalition being built (Greens, FDP) the lead on the minimum wage is the Greens'.
"""

from __future__ import annotations

import json
import re
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


def test_the_lockout_advice_and_the_plan_are_one_plan() -> None:
    # F3: the lockout advice said "Reach FDP first" beside a plan that starts with the Greens, with no
    # reason. The file's estimates: FDP p 0.45, and the Greens' joining adds 0.25 to it (effects), so the
    # Greens first lift the FDP to at least 0.70; the lockout risk is the price of that order.
    brief = make_brief(load_scenario(CASE), seed=0)
    plan = brief.section("plan")
    assert plan is not None
    assert isinstance(plan.result, StrategyResult)
    first = plan.result.plan.steps[0]
    assert first.actor == "greens"
    lift = next(e for e in first.raises if e.actor == "fdp")
    assert lift.before == 0.45
    assert lift.after >= 0.45 + 0.25
    text = "\n".join(plan.reading)
    assert "Reach FDP first" not in text
    (line,) = [s for s in plan.reading if s.startswith("Reaching FDP first")]
    assert "would lower the lockout risk to" in line
    assert "yet the plan reaches Greens first: Greens' joining raises FDP's chance from" in line
    assert f"from {lift.before:.2f} to {lift.after:.2f}" in line
    assert "until FDP is reached is the price of that order." in line


def test_plan_json_sentences_use_names() -> None:
    # F5: `plan --json` steps read "its joining raises fdp's chance"; the ids stay in the actor fields
    from typer.testing import CliRunner

    from coalitionist.cli import app

    run = CliRunner().invoke(app, ["plan", str(CASE), "--json"])
    assert run.exit_code == 0, run.output
    data = json.loads(run.output)
    assert [s["actor"] for s in data["steps"]] == ["greens", "fdp"]
    first, second = (s["why"] for s in data["steps"])
    assert first.startswith("Approach Greens first:")
    assert "raises FDP's chance from 0.45 to 0.75" in first
    assert second.startswith("Approach FDP second:")
    assert "The Left's chance" in second
    left = next(c for c in data["candidates"] if c["actor"] == "left")
    assert left["note"] == "not approached: its joining lowers FDP's chance from 0.45 to 0.38"
    ids = ("spd", "union", "greens", "fdp", "afd", "left", "ssw")
    for text in [s["why"] for s in data["steps"]] + [c["note"] for c in data["candidates"]]:
        assert not [i for i in ids if re.search(rf"\b{i}\b", text)], text


def test_the_best_alternative_is_one_that_changes_the_plan() -> None:
    # F6: "0.5 more than the best alternative (approaching SSW)" — SSW's one seat never decides (by brute
    # force below) and its approach moves no one's chance: approaching it first is the plan plus a wasted
    # move (its cost 0.5), not an alternative
    from itertools import combinations

    from coalitionist.analyses.strategy import run_plan
    from coalitionist.strategy.plan import inert_candidates

    seats = {"spd": 206, "union": 197, "greens": 118, "fdp": 92, "afd": 83, "left": 39}
    for k in range(len(seats) + 1):
        for c in combinations(seats.values(), k):
            assert (sum(c) >= 369) == (sum(c) + 1 >= 369)  # SSW's seat never turns a vote
    setup, result = run_plan(load_scenario(CASE), seed=0)
    inert = dict(
        zip(setup.problem.candidates, inert_candidates(setup.problem).tolist(), strict=True)
    )
    assert inert["ssw"]
    assert not inert["fdp"]
    assert not inert["greens"]
    assert all(s.alternative != "ssw" for s in result.steps)
    # at the first step the alternatives are the candidates approached first, at their exact payoffs
    first = result.steps[0]
    others = {
        c.actor: c.expected_payoff_if_first
        for c in result.candidates
        if c.actor not in ("greens", "ssw") and c.expected_payoff_if_first is not None
    }
    best = max(others, key=lambda a: others[a])
    assert first.alternative == best
    assert first.alternative_score is not None
    assert abs(first.alternative_score - others[best]) < 1e-9
