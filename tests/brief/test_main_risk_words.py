"""The summary's main risk gives the chance of a refusal in words, never as "p" (issue 13.4: advice that
agrees with itself). "p" is the chance an approach succeeds everywhere else in the brief; "Soviet Union
refuses (p 0.45)" beside "Soviet Union (p 0.55 …)" in the same summary read as two estimates of one thing.
"""

from __future__ import annotations

import re

from coalitionist.brief import make_brief
from coalitionist.examples import example_path
from coalitionist.io import load_scenario


def test_the_main_risk_is_one_minus_the_plans_chance_for_that_step() -> None:
    brief = make_brief(load_scenario(example_path("gulf-war-1990")))
    (line,) = [s for s in brief.summary if s.startswith("Main risk:")]
    found = re.fullmatch(
        r"Main risk: if (.+) refuses \(a (\d+)% chance when the plan approaches it\), the goal is out of"
        r" reach\.",
        line,
    )
    assert found is not None, line
    plan = brief.section("plan")
    assert plan is not None
    (row,) = [r for r in plan.tables[0].rows if r[1] == found.group(1)]
    assert int(found.group(2)) == round(100 * (1 - float(row[2])))  # the table's "p now"
    assert not re.search(r"refuses \(p ", " ".join(brief.summary))
