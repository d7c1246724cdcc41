"""The seed cases of issue 14: the clinic and the Gulf War, checked against what the cases teach and, for the
package, against the vote model and the rule evaluated directly."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from coalitionist.analyses.process import process_dict, run_process
from coalitionist.examples import example_path
from coalitionist.io import load_scenario
from coalitionist.outcome.votes import cast_votes, utility_gain


@pytest.fixture(scope="module")
def clinic():
    sc = load_scenario(example_path("clinic-program"))
    return sc, process_dict(sc, run_process(sc, samples=300, seed=0))


@pytest.fixture(scope="module")
def gulf():
    sc = load_scenario(example_path("gulf-war-1990"))
    return sc, process_dict(sc, run_process(sc, samples=300, seed=0))


def _tactics(data, kind):
    return {t["actor"]: t for t in data["tactics"] if t["kind"] == kind}


def test_clinic_checks_in_with_the_two_operations_members_first(
    clinic: tuple[Any, dict[str, Any]],
) -> None:
    _, data = clinic
    first = data["meetings"][:2]
    assert [m["kind"] for m in first] == ["one_on_one", "one_on_one"]
    assert {m["actors"][0] for m in first} == {"ops_a", "ops_b"}
    assert {"ops_a", "ops_b"} <= set(_tactics(data, "individual_check_in"))


def test_clinic_attributes_the_idea_for_the_conservative_members(
    clinic: tuple[Any, dict[str, Any]],
) -> None:
    sc, data = clinic
    attributed = _tactics(data, "idea_attribution")
    assert {"cons_business", "cons_clinical"} <= set(attributed)
    order = [m["actors"][0] for m in data["meetings"][:-1]]
    for who in ("cons_business", "cons_clinical"):
        endorser = attributed[who]["endorser"]
        assert endorser != "junior"  # the idea is presented as someone else's
        assert order.index(endorser) < order.index(who)  # an endorser already on side
        assert sc.actor(endorser).label in attributed[who]["why"]


def test_clinic_financial_expert_leads_the_pilot(clinic: tuple[Any, dict[str, Any]]) -> None:
    _, data = clinic
    assert data["package"]["program"] == 50.0  # labelled "pilot the new model"
    lead = _tactics(data, "goal_alignment")
    assert lead["finance"]["issue"] == "program"
    assert "pilot the new model" in lead["finance"]["why"]


def test_clinic_lead_hears_it_last(clinic: tuple[Any, dict[str, Any]]) -> None:
    _, data = clinic
    assert data["meetings"][-1]["kind"] == "plenary"
    assert data["meetings"][-1]["safe"] is True
    earlier = {a for m in data["meetings"][:-1] for a in m["actors"]}
    assert "clinical_lead" not in earlier
    assert "clinical_lead" in _tactics(data, "unanimity_norm")


def test_clinic_package_passes_by_the_vote_model_directly(
    clinic: tuple[Any, dict[str, Any]],
) -> None:
    sc, data = clinic
    a = sc.arrays
    x = np.array([data["package"][i] for i in a.issues])
    votes = cast_votes(utility_gain(a.positions, a.salience, x, a.status_quo, width=a.high - a.low))
    yes_votes = sum(sc.actor(i).votes for i, v in zip(a.actors, votes, strict=True) if v == 1)
    assert yes_votes >= 6  # the file's rule: 6 of the 9 informal votes
    assert set(data["carried_by"]) == {i for i, v in zip(a.actors, votes, strict=True) if v == 1}


def test_gulf_package_is_force_with_a_deadline_and_carries_the_council(
    gulf: tuple[Any, dict[str, Any]],
) -> None:
    sc, data = gulf
    assert data["package"]["force"] == 100.0  # all necessary means
    assert data["package"]["timing"] == 50.0  # deadline of about two months
    a = sc.arrays
    bands = np.array([0.05 if x.indifference is None else float(x.indifference) for x in sc.actors])
    x = np.array([data["package"][i] for i in a.issues])
    g = utility_gain(a.positions, a.salience, x, a.status_quo, width=a.high - a.low)
    votes = dict(zip(a.actors, cast_votes(g, bands), strict=True))
    council = [x.id for x in sc.actors if "unsc" in x.tags]
    p5 = [x.id for x in sc.actors if "p5" in x.tags]
    assert sum(votes[c] == 1 for c in council) >= 9
    assert all(votes[p] != -1 for p in p5)  # no permanent member votes no (Art. 27(3) practice)
    assert votes["china"] == 0  # China abstains, as on 29 November 1990
    assert set(data["carried_by"]) <= set(council)
    assert "all necessary means" in data["reading"][0]
    assert "deadline of about two months" in data["reading"][0]


def test_gulf_warns_that_without_the_uk_and_saudi_arabia_early_it_is_harder(
    gulf: tuple[Any, dict[str, Any]],
) -> None:
    _, data = gulf
    assert set(data["lockout"]["reach_early"]) == {"uk", "saudi"}
    warning = next(s for s in data["reading"] if "would be harder" in s)
    assert "United Kingdom" in warning
    assert "Saudi Arabia" in warning


def test_gulf_the_deadline_is_what_carries_the_council(gulf: tuple[Any, dict[str, Any]]) -> None:
    """Force with no pause ("immediately") would be vetoed: the deadline is part of the package that passes."""
    sc, data = gulf
    a = sc.arrays
    bands = np.array([0.05 if x.indifference is None else float(x.indifference) for x in sc.actors])
    x = np.array([data["package"][i] for i in a.issues])
    x[a.issues.index("timing")] = 100.0
    g = utility_gain(a.positions, a.salience, x, a.status_quo, width=a.high - a.low)
    votes = dict(zip(a.actors, cast_votes(g, bands), strict=True))
    assert any(votes[p.id] == -1 for p in sc.actors if "p5" in p.tags)


@pytest.mark.parametrize("name", ["clinic-program", "gulf-war-1990"])
def test_the_briefs_what_to_do_leads_with_the_package_meetings_lockout_and_tactics(
    name: str,
) -> None:
    from coalitionist.report import make_brief

    brief = make_brief(load_scenario(example_path(name)))
    (plan,) = [s for s in brief.sections if s.key == "plan"]
    assert plan.title == "What to do"
    assert plan.reading[0].startswith("Table ")
    kinds = [
        next(
            (
                k
                for k, word in (("meetings", "Meetings, in order"), ("lockout", "Lockout risk"))
                if word in r
            ),
            None,
        )
        for r in plan.reading
    ]
    assert kinds.index("meetings") < kinds.index("lockout")
    assert any(
        r.startswith(("Give ", "Present the idea"))
        for r in plan.reading[: kinds.index("lockout") + 6]
    )
    assert plan.data["process"]["package"]
    assert [f.key for f in plan.figures][:1] == ["meetings"]
    # the figure and the sentences come from the typed process result the section holds, not its JSON
    from coalitionist.analyses.process import ScenarioProcess
    from coalitionist.analyses.strategy import StrategyResult

    assert isinstance(plan.result, StrategyResult)
    assert isinstance(plan.result.process, ScenarioProcess)
    assert plan.result.process.meetings is not None
    assert len(plan.data["process"]["meetings"]) == len(plan.result.process.meetings.meetings)
    names = plan.result.process.names
    plenary = plan.result.process.meetings.meetings[-1]
    assert plenary.kind == "plenary"
    for i in plan.result.process.meetings.first_hear_in_plenary:
        assert names[plan.result.process.actors[i]] in plan.figures[0].caption
