"""The issue's seed cases: Gulf War 1990 (UK and Saudi Arabia first, Israel never) and the clinic
(the two business/operations members first, the clinical lead last)."""

from __future__ import annotations

import pytest
from seed_cases import clinic, gulf_war

from coalitionist.strategy import PolicyNode, evaluate_plan, plan


@pytest.fixture(scope="module")
def gulf_plan():  # type: ignore[no-untyped-def]
    return plan(gulf_war(), seed=0)


def test_gulf_war_uk_and_saudi_first(gulf_plan) -> None:  # type: ignore[no-untyped-def]
    assert gulf_plan.method == "rollout"  # 22 candidates: beyond the exact planner
    assert set(gulf_plan.sequence[:2]) == {"uk", "saudi"}
    assert gulf_plan.reaches_goal  # the main line passes the resolution
    saudi = next(s for s in gulf_plan.steps if s.actor == "saudi")
    assert "raises egypt's chance from 0.50 to 0.75" in saudi.why


def test_gulf_war_israel_is_never_approached(gulf_plan) -> None:  # type: ignore[no-untyped-def]
    israel = next(c for c in gulf_plan.candidates if c.actor == "israel")
    assert israel.plan_position is None
    assert not israel.in_policy
    assert israel.note.startswith("not approached")
    run = evaluate_plan(gulf_war(), gulf_plan, samples=300, seed=1)
    assert run.approached["israel"] == 0.0
    assert run.approached["uk"] == 1.0  # everybody's first or second call


def test_gulf_war_plan_is_reproducible(gulf_plan) -> None:  # type: ignore[no-untyped-def]
    again = plan(gulf_war(), seed=0)
    assert again.to_dict() == gulf_plan.to_dict()


def _paths(node: PolicyNode | None, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    if node is None:
        return [prefix]
    path = (*prefix, node.actor)
    return _paths(node.on_join, path) + _paths(node.on_refuse, path)


def test_clinic_business_members_first_clinical_lead_last() -> None:
    result = plan(clinic())
    assert result.method == "exact"
    assert set(result.sequence[:2]) == {"ops_a", "ops_b"}
    # on every branch of the optimal policy the clinical lead hears the proposal after everyone else
    paths = _paths(result.policy)
    assert any("clinical_lead" in p for p in paths)
    for path in paths:
        if "clinical_lead" in path:
            assert path[-1] == "clinical_lead"
            assert set(path) == set(clinic().candidates)
