"""Gulf War 1990 (issue 13.4): the plan's goal and the vote section read one rule.

The vote section says China abstains and that a permanent member's abstention is no veto; the plan counts
China against until won. Both use the same ternary rule (Art. 27(3) and the practice since 1946): the
difference is the vote counted, and the brief says why — the file's estimate for China is "Success = China
abstains rather than vetoes", so a refused approach is read as China's no, which is a veto.
"""

from __future__ import annotations

import numpy as np

from coalitionist.analyses.outcome import outcome_rule
from coalitionist.analyses.strategy import StrategyResult, run_plan
from coalitionist.brief import make_brief
from coalitionist.examples import example_path
from coalitionist.io import load_scenario


def test_the_plan_counts_chinas_no_as_the_veto_its_abstention_is_not() -> None:
    scenario = load_scenario(example_path("gulf-war-1990"))
    setup, _ = run_plan(scenario, seed=0)
    vote = setup.vote
    assert vote is not None
    assert vote.vetoes_until_won == ("china",)
    voters, rule = outcome_rule(scenario)
    assert voters == vote.voters
    k = voters.index("china")
    assert vote.predicted[k] == 0  # its positions abstain
    assert vote.fallback[k] == -1  # the plan counts it against until won
    # Resolution 678 as voted, by hand: 12 yes, Cuba and Yemen no, China abstaining — passes (9 of 15, no
    # permanent member against); the same profile with China voting no fails: its no is a veto
    codes = dict.fromkeys(voters, 1)
    codes.update(cuba=-1, yemen=-1, china=0)
    profile = np.array([[codes[v] for v in voters]], dtype=np.int8)
    assert bool(rule.passes(profile)[0])
    profile[0, k] = -1
    assert not bool(rule.passes(profile)[0])


def test_the_brief_says_why_the_plan_differs_from_the_vote() -> None:
    brief = make_brief(load_scenario(example_path("gulf-war-1990")), seed=0)
    plan = brief.section("plan")
    assert plan is not None
    assert isinstance(plan.result, StrategyResult)
    assert plan.data["goal_vote"]["vetoes_until_won"] == ["china"]
    (why,) = [s for s in plan.reading if s.startswith("Why the plan approaches China")]
    assert "its positions predict an abstention, which the rule does not count as a veto" in why
    assert "'Success = China abstains rather than vetoes.'" in why
    assert "its no is a veto" in why
    (line,) = [s for s in brief.summary if "until won the plan counts China against" in s]
    assert "a failed approach to China as its no, a veto under the rule" in line
    assert "where its abstention would not be one" in line
    # the vote section's words stand beside it
    outcome = brief.section("outcome")
    assert outcome is not None
    assert any("an abstention is not a veto" in s for s in outcome.reading)
