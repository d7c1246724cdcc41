"""The holes table and the plan say why they differ (issue 13.4: "the break plan and the recruitment plan
are one plan or say explicitly why they differ").

On the clinic case the coalitions section ranks the clinical lead as the adverse coalition's first hole
(impact 0.88 × the file's p 0.10), while the plan approaches the clinical lead last and ends the block by
winning the senior administrator, the senior clinician and the financial expert. The plan section now says
so, and says that the hole it skips is the member least likely to be peeled off — checked here against the
file's own recruitment estimates, not against the brief's numbers.
"""

from __future__ import annotations

import yaml

from coalitionist.brief import make_brief
from coalitionist.examples import example_path
from coalitionist.io import load_scenario
from coalitionist.strategy.describe import first_hole_sentence


def test_clinic_plan_says_why_it_skips_the_first_hole() -> None:
    scenario = load_scenario(example_path("clinic-program"))
    brief = make_brief(scenario, seed=0)
    coal = next(s for s in brief.sections if s.key == "coalitions")
    plan = next(s for s in brief.sections if s.key == "plan")
    holes = coal.data["adverse"]["holes"]
    assert holes[0]["actor"] == "clinical_lead"
    steps = [s["actor"] for s in plan.data["steps"]]
    k = plan.data["plan_breaks_adverse_at"]
    assert "clinical_lead" not in steps[:k]  # the lecture's point: the clinical lead hears it last
    text = " ".join(plan.reading)
    assert "The holes table ranks Clinical lead first" in text
    assert "the plan ends the block without it" in text
    # the file's own estimates: the clinical lead's p is below each of the members the plan wins instead
    raw = yaml.safe_load(example_path("clinic-program").read_text(encoding="utf-8"))
    est = {a: float(v["p"]) for a, v in raw["recruitment"]["actors"].items()}
    assert est["clinical_lead"] == 0.1
    for name, actor in (
        ("Senior administrator", "cons_business"),
        ("Senior clinician", "cons_clinical"),
        ("Financial expert", "finance"),
    ):
        assert name in text
        assert est[actor] > est["clinical_lead"]
    assert "least likely to be peeled off" in text


def test_first_hole_sentence_without_the_bet_clause() -> None:
    s = first_hole_sentence("L", 0.5, 0.6, ["A"], 2, least_likely=False)
    assert "0.5 × chance 0.60 = 0.30" not in s  # impact in two decimals
    assert "impact 0.50 × chance 0.60 = 0.30" in s
    assert "least likely" not in s
    assert "by winning A by step 2" in s
