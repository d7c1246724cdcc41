"""The plan's goal vote, as decided in session 8 (issue 13.4; docs/theory/outcome.md, "The plan's goal reads
the same vote"): a decision maker the file gives no recruitment estimate votes as the outcome section
predicts; one the file gives an estimate counts against until its approach succeeds; a won actor votes yes
(under ``goal: win``) — China included, whose positions abstain.

By hand on Resolution 678 (9 of 15, no permanent member voting no; an abstention is not a veto): the United
States (focal) votes yes, every candidate not joined counts no.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import yaml

from coalitionist.analyses.outcome import outcome_rule, run_outcome
from coalitionist.analyses.strategy import recruitment_problem
from coalitionist.examples import example_path
from coalitionist.io import load_scenario
from coalitionist.scenario.model import Scenario

SEVEN = ("uk", "france", "ussr", "canada", "colombia", "cote_divoire", "ethiopia")


def _goal(scenario: Scenario, joined: set[str]) -> bool:
    problem = recruitment_problem(scenario).problem
    mask = np.array([[c in joined for c in problem.candidates]])
    return bool(problem.goal_many(mask)[0])


def test_a_won_china_is_the_ninth_yes() -> None:
    gulf = load_scenario(example_path("gulf-war-1990"))
    # USA + 7 + China = 9 yes, the 6 others no, no permanent member against: passes only if China's yes counts
    assert _goal(gulf, {*SEVEN, "china"})
    # counted as the abstention its positions give, it would be 8 yes: short of nine
    voters, rule = outcome_rule(gulf)
    yes = {"usa", *SEVEN}
    profile = np.array([[1 if v in yes else -1 for v in voters]], dtype=np.int8)
    profile[0, voters.index("china")] = 0
    assert not bool(rule.passes(profile)[0])
    profile[0, voters.index("china")] = 1
    assert bool(rule.passes(profile)[0])
    # the same seven without China: China counts no, a veto, even with a ninth yes from Finland
    assert not _goal(gulf, {*SEVEN, "finland"})
    # every elected member won but China: 14 yes and China's no: a veto
    everyone = {c for c in recruitment_problem(gulf).problem.candidates if c != "china"}
    assert not _goal(gulf, everyone)


def test_a_voter_without_an_estimate_votes_as_the_outcome_section_predicts() -> None:
    data: dict[str, Any] = yaml.safe_load(example_path("gulf-war-1990").read_text(encoding="utf-8"))
    for who in ("finland", "cuba"):  # no estimate: not a candidate of the file's plan
        del data["recruitment"]["actors"][who]
    s = Scenario.from_data(data)
    setup = recruitment_problem(s)
    assert setup.vote is not None
    outcome = run_outcome(s, samples=0)
    codes = {"yes": 1, "abstain": 0, "no": -1}
    before = dict(zip(setup.vote.voters, setup.vote.fallback, strict=True))
    assert before["finland"] == codes[outcome.decision.votes["finland"]] == 1
    assert before["cuba"] == codes[outcome.decision.votes["cuba"]] == -1
    # with an estimate, Finland (yes on its positions) counts against until won
    with_estimate = recruitment_problem(load_scenario(example_path("gulf-war-1990"))).vote
    assert with_estimate is not None
    assert with_estimate.fallback[with_estimate.voters.index("finland")] == -1
