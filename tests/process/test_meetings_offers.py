"""Meeting design and offers on small cases whose answers can be read off by hand."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coalitionist.outcome.votes import cast_votes, utility_gain
from coalitionist.process import (
    Approach,
    PackageProblem,
    binary_passes,
    design_meetings,
    plan_packages,
    price_offers,
)


def _meet(steps, sway, hostile, codes, quota=3, n=4):
    return design_meetings(
        steps,
        n=n,
        focal=0,
        committed=(),
        members=range(n),
        package_codes=codes,
        wins=lambda m: m.sum() >= quota,
        blocks=lambda m: (~m).sum() < quota,
        passes=lambda c: (c == 1).sum(axis=1) >= quota,
        sway=sway,
        hostile=hostile,
    )


def test_likely_allies_are_met_together_and_others_alone() -> None:
    sway = np.zeros((4, 4))
    sway[1, 2] = 0.7
    steps = [Approach(1, 0.9), Approach(2, 0.85, reaches_goal=True)]
    plan = _meet(steps, sway, np.zeros((4, 4)), [1, 1, 1, -1])
    assert [(m.kind, m.actors) for m in plan.meetings][:1] == [("group", (1, 2))]
    # a hostile tie, or a chance below 0.8, keeps them apart
    hostile = np.zeros((4, 4))
    hostile[1, 2] = 0.4
    assert _meet(steps, sway, hostile, [1, 1, 1, -1]).meetings[0].kind == "one_on_one"
    low = [Approach(1, 0.7), Approach(2, 0.85, reaches_goal=True)]
    assert _meet(low, sway, np.zeros((4, 4)), [1, 1, 1, -1]).meetings[0].kind == "one_on_one"


def test_the_messenger_is_the_strongest_friendly_tie_on_side() -> None:
    sway = np.zeros((4, 4))
    sway[0, 2] = 0.2  # focal's own tie to 2
    sway[1, 2] = 0.6  # 1 (already on side) has a stronger one
    steps = [Approach(1, 0.6), Approach(2, 0.6, reaches_goal=True)]
    plan = _meet(steps, sway, np.zeros((4, 4)), [1, 1, 1, -1])
    assert plan.meetings[1].messenger[2] == 1
    hostile = np.zeros((4, 4))
    hostile[2, 1] = 0.5
    assert _meet(steps, sway, hostile, [1, 1, 1, -1]).meetings[1].messenger[2] == 0


def test_plenary_is_unsafe_while_the_rest_can_block() -> None:
    steps = [Approach(1, 0.6, reaches_goal=True)]
    # quota 3 of 4, only 0 and 1 on side: the rule is not met; 2 and 3 vote no
    plan = _meet(steps, np.zeros((4, 4)), np.zeros((4, 4)), [1, 1, -1, -1])
    assert plan.plenary_safe is False
    assert set(plan.meetings[-1].blockers) == {2, 3}
    assert plan.meetings[-1].kind == "plenary"


def test_offer_is_the_cheapest_decisive_concession_on_an_issue_it_cares_more_about() -> None:
    # the swing voter can be bought on y (cheap for the focal actor) or z (dearer): y is offered
    pr = PackageProblem(
        ["f", "swing", "no"],
        ["x", "y", "z"],
        [[100, 0, 0], [30, 100, 100], [0, 0, 0]],
        [[0.9, 0.05, 0.3], [0.3, 0.5, 0.6], [1.0, 1.0, 1.0]],
        [0, 0, 0],
        [100, 100, 100],
        [[0, 100]] * 3,
        focal=0,
        passes=binary_passes(lambda m: m.sum(axis=1) >= 2),
    )
    plan = plan_packages(pr)
    offers = price_offers(plan)
    (o,) = [o for o in offers if o.kind == "concession"]
    assert o.issue is not None
    assert pr.actors[o.actor] == "swing"
    assert pr.issues[o.issue] == "y"
    assert o.cost == pytest.approx(0.05)
    assert o.actor_salience > o.focal_salience
    assert o.gain_without < 0.05 < o.gain_with


def test_no_offer_to_a_voter_that_backs_the_focal_terms() -> None:
    pr = PackageProblem(
        ["f", "ally", "no"],
        ["x"],
        [[100], [90], [0]],
        [[1], [1], [1]],
        [0],
        [100],
        [[0, 100]],
        focal=0,
        passes=binary_passes(lambda m: m.sum(axis=1) >= 2),
    )
    offers = price_offers(plan_packages(pr))
    assert [(pr.actors[o.actor], o.kind) for o in offers] == [("ally", "none_needed")]


@st.composite
def bundles(draw: st.DrawFn) -> PackageProblem:
    n = draw(st.integers(3, 6))
    k = draw(st.integers(2, 3))
    rng = np.random.default_rng(draw(st.integers(0, 2**31 - 1)))
    pos = rng.integers(0, 11, (n, k)) * 10.0
    pos[0] = 100.0
    sal = rng.integers(0, 11, (n, k)) / 10.0
    opts = [np.array([0.0, 50.0, 100.0])] * k
    return PackageProblem(
        [f"a{i}" for i in range(n)],
        [f"i{j}" for j in range(k)],
        pos,
        sal,
        np.zeros(k),
        np.full(k, 100.0),
        opts,
        0,
        binary_passes(lambda m: m.sum(axis=1) * 2 > n),
    )


@settings(max_examples=60, deadline=None)
@given(bundles())
def test_every_concession_is_decisive_priced_and_on_an_issue_the_actor_cares_more_about(
    pr: PackageProblem,
) -> None:
    plan = plan_packages(pr)
    pkg = plan.best.package
    for o in price_offers(plan):
        assert o.actor != pr.focal
        if o.kind != "concession":
            continue
        assert pkg is not None
        assert o.issue is not None
        assert o.actor_salience > o.focal_salience
        reverted = pkg.options.copy()
        reverted[o.issue] = plan.ideal.options[o.issue]
        g = utility_gain(
            pr.positions, pr.salience, pr.values(reverted), pr.status_quo, width=pr.width
        )
        assert o.cost == pytest.approx(g[pr.focal] - pkg.focal_gain, abs=1e-12)
        assert cast_votes(g, pr.band)[o.actor] < pkg.codes[o.actor]  # reverting it loses the vote
        assert o.actor in plan.needed
