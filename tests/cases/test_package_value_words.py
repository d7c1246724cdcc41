"""A package value says what it means on its issue (issue 13.5): the Commons case's package read
"The Withdrawal Agreement: 50", a bare number on an unlabelled point of the scale."""

from __future__ import annotations

from pathlib import Path

from coalitionist.analyses.process import option_text
from coalitionist.brief import make_brief
from coalitionist.io import load_scenario
from coalitionist.scenario.model import Issue

DATA = Path(__file__).resolve().parents[1] / "data"


def test_the_commons_package_line_names_the_issue_and_the_scale() -> None:
    brief = make_brief(load_scenario(DATA / "commons-meaningful-vote-2019.yaml"), seed=0)
    plan = brief.section("plan")
    assert plan is not None
    (table,) = [s for s in plan.reading if s.startswith("Table ")]
    # the file: deal on [0, 100], labels 0 'no agreement approved', 100 'the deal as negotiated'
    assert table.startswith(
        "Table The Withdrawal Agreement: 50 on its 0–100 scale, between 'no agreement approved' at 0"
        " and 'the deal as negotiated' at 100;"
    )


def test_option_text_for_unlabelled_points() -> None:
    labelled = Issue(id="x", name="X", scale=(0, 10), labels={0: "none", 4: "some", 10: "all"})
    assert option_text(labelled, 4) == "some"
    assert option_text(labelled, 7) == "7 on its 0–10 scale, between 'some' at 4 and 'all' at 10"
    one_end = Issue(id="y", name="Y", scale=(0, 100), labels={0: "none"})
    assert option_text(one_end, 60) == "60 on its 0–100 scale, above 'none' at 0"
    bare = Issue(id="z", name="Z", scale=(0, 60), unit="bcm per year")
    assert option_text(bare, 38) == "38 bcm per year"
    assert option_text(Issue(id="w", name="W"), 50) == "50 on its 0–100 scale"
