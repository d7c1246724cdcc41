"""A coalition that is already there but not safe (issue 13.4): the plan secures its soft pivotal votes.

When the votes the plan's side holds are enough on today's predicted votes but the outcome's Monte Carlo
passes the proposal in fewer than 90 % of its draws, "nobody needs to be approached" is not the whole
advice: the votes that waver and decide are to be secured, ranked by P(not the plan's vote) × P(pivotal).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coalitionist.analyses.strategy import SECURE_BELOW, StrategyResult, soft_votes
from coalitionist.brief import make_brief
from coalitionist.io import load_scenario
from coalitionist.outcome.decide import pass_probability
from coalitionist.outcome.rule import ternary_rule
from coalitionist.power import Count

DATA = Path(__file__).resolve().parents[1] / "data"


def test_soft_votes_ranked_by_hand() -> None:
    # Four voters, three yes votes of four needed; gains ±0.2 are yes / no, 0 abstains (band 0.05).
    # By hand, draw by draw (yes voters; who alone would change the result):
    #   d1: A B C yes, D no      → passes; pivotal A, B, C
    #   d2: A C D yes, B no      → passes; pivotal A, C, D
    #   d3: all yes              → passes; nobody pivotal
    #   d4: A D yes, B abstains, C no → fails; pivotal B, C (either to yes makes three)
    # P(not yes): A 0, B 2/4, C 1/4, D 1/4;  P(pivotal): A 2/4, B 2/4, C 3/4, D 1/4
    # risk = product: B 0.25, C 0.1875, D 0.0625, A 0 (never wavers: not named)
    y, n, a = 0.2, -0.2, 0.0
    gains = [[y, y, y, n], [y, n, y, y], [y, y, y, y], [y, a, n, y]]
    prob = pass_probability(gains, ternary_rule(Count(4, quota=3)), actors=list("ABCD"))
    assert prob.p_pass == pytest.approx(0.75)
    found = soft_votes(prob, list("ABCD"), "win")
    assert [v.actor for v in found] == ["B", "C", "D"]
    assert [v.risk for v in found] == pytest.approx([0.25, 0.1875, 0.0625])
    assert [v.p_other for v in found] == pytest.approx([0.5, 0.25, 0.25])
    assert [v.p_pivotal for v in found] == pytest.approx([0.5, 0.75, 0.25])
    # the side that blocks secures no votes: C votes no only in d4, so "not no" in 3/4, pivotal 3/4
    (c,) = soft_votes(prob, ["C"], "block")
    assert (c.p_other, c.p_pivotal) == pytest.approx((0.75, 0.75))
    # only the side's votes are ranked
    assert [v.actor for v in soft_votes(prob, ["D", "A"], "win")] == ["D"]


def test_glyphosate_secures_germany_first() -> None:
    brief = make_brief(load_scenario(DATA / "eu-glyphosate-2017.yaml"), seed=0)
    outcome = brief.section("outcome")
    assert outcome is not None
    p_pass = outcome.data["p_pass"]
    assert p_pass < SECURE_BELOW  # 73 % of the draws: the votes are there, not safe
    plan = brief.section("plan")
    assert plan is not None
    assert isinstance(plan.result, StrategyResult)
    secure = plan.result.secure
    assert secure is not None
    assert secure.votes
    # the ranking read from the outcome's own Monte Carlo: P(not yes) = 1 − P(yes), P(pivotal)
    shares = outcome.data["monte_carlo"]["vote_shares"]
    piv = outcome.data["monte_carlo"]["p_pivotal"]
    side = [a for a in plan.result.setup.committed if a in shares]
    risk = {a: (1 - shares[a]["yes"]) * piv[a] for a in side}
    expected = sorted((a for a in side if risk[a] >= 0.01), key=lambda a: -risk[a])
    assert [v.actor for v in secure.votes] == expected
    assert expected[0] == "de"  # Germany: its split government, pivotal in most draws
    (line,) = [s for s in plan.reading if s.startswith("The votes are there, not safe")]
    assert "passes in only 73% of 1,000 draws" in line
    assert re.search(r": Germany \(not yes in \d+%, pivotal in \d+%\)", line), line
    (summary,) = [s for s in brief.summary if s.startswith("Coalition to build:")]
    assert "secure Germany (not yes in" in summary
    assert "nobody needs to be won over" in summary
    assert "nobody needs to be approached" not in summary
    # the meetings line does not call a 73 % vote safe beside the advice to secure it
    assert not [s for s in plan.reading if "safe already" in s]
    assert any(
        s.startswith("Meetings: the plenary alone, which carries it on today's predicted votes")
        for s in plan.reading
    )
    quick = next(s for s in brief.summary if s.startswith("Robustness, a quick check"))
    assert "the plan wins over nobody new; no swing changes that" in quick


def test_a_safe_coalition_gets_no_securing_advice() -> None:
    # the Bundesrat's twelve yes Länder pass the debt-brake amendment in every draw
    brief = make_brief(load_scenario(DATA / "bundesrat-debt-brake-2025.yaml"), seed=0)
    plan = brief.section("plan")
    assert plan is not None
    assert isinstance(plan.result, StrategyResult)
    assert plan.result.secure is None
    assert "secure" not in plan.data
    assert not [s for s in plan.reading if s.startswith("The votes are there, not safe")]


def test_the_quick_check_table_shows_no_nan() -> None:
    # the plan's first move is not checked when the plan approaches nobody: the table said "nan %"
    brief = make_brief(load_scenario(DATA / "eu-glyphosate-2017.yaml"), seed=0)
    quick = brief.section("robustness")
    assert quick is not None
    cells = [str(cell) for t in quick.tables for row in t.rows for cell in row]
    assert not [c for c in cells if "nan" in c.lower()]
    assert "not checked" in cells
