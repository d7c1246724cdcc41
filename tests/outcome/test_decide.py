"""The decision on a proposal: pivotal voters, closest flip, blockers and pass probability, checked by
brute force on small random games."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coalitionist.outcome.decide import decide, pass_probability
from coalitionist.outcome.rule import LeafOptions, ternary_rule
from coalitionist.outcome.votes import cast_votes, flip_margins
from coalitionist.power import AllOf, Count, Rule, Veto, Weighted

COL = {1: 0, 0: 1, -1: 2}


@st.composite
def cases(draw):
    n = draw(st.integers(2, 6))
    weights = [draw(st.integers(1, 5)) for _ in range(n)]
    quota = draw(st.integers(1, sum(weights)))
    parts: list[Rule] = [Weighted(weights, quota=quota)]
    if draw(st.booleans()):
        parts.append(Veto(n, holders=sorted(draw(st.sets(st.integers(0, n - 1), min_size=1)))))
    von = draw(st.booleans())
    rule = ternary_rule(
        AllOf(parts) if len(parts) > 1 else parts[0],
        [LeafOptions(), LeafOptions(veto_on_abstain=von)][: len(parts)],
    )
    gain = [
        draw(st.sampled_from([-0.5, -0.2, -0.06, -0.01, 0.0, 0.03, 0.07, 0.3, 0.6]))
        for _ in range(n)
    ]
    return rule, gain


@settings(max_examples=150, deadline=None)
@given(cases())
def test_pivotal_voters_by_brute_force(case):
    rule, gain = case
    d = decide(gain, rule, band=0.05)
    codes = cast_votes(gain, 0.05)
    margins = flip_margins(gain, 0.05)
    base = rule.passes_one(codes)
    assert d.passes == base
    want: dict[int, tuple[int, float]] = {}
    for i in range(rule.n):
        for v in (1, 0, -1):
            if v == codes[i]:
                continue
            alt = codes.copy()
            alt[i] = v
            if rule.passes_one(alt) != base:
                m = margins[i, COL[v]]
                if i not in want or m < want[i][1]:
                    want[i] = (v, m)
    got = {f.actor: (f.flips_to, f.margin) for f in d.pivotal}
    assert set(got) == set(want)
    for i, (_v, m) in want.items():
        assert got[i][1] == pytest.approx(m)
    assert [f.margin for f in d.pivotal] == sorted(f.margin for f in d.pivotal)


@settings(max_examples=150, deadline=None)
@given(cases())
def test_closest_flip_changes_the_result_and_needs_every_move(case):
    rule, gain = case
    d = decide(gain, rule, band=0.05)
    codes = cast_votes(gain, 0.05)
    flipped = codes.copy()
    for f in d.closest_flip:
        flipped[f.actor] = f.flips_to
    if not d.closest_flip:
        # nothing can change the result: every profile reachable in that direction gives the same answer
        extreme = np.full(rule.n, -1 if d.passes else 1, dtype=np.int8)
        assert rule.passes_one(extreme) == d.passes
        return
    assert rule.passes_one(flipped) != d.passes
    for f in d.closest_flip:
        back = flipped.copy()
        back[f.actor] = codes[f.actor]
        assert rule.passes_one(back) == d.passes


@settings(max_examples=150, deadline=None)
@given(cases())
def test_blockers_are_a_minimal_blocking_set(case):
    rule, gain = case
    d = decide(gain, rule, band=0.05)
    codes = cast_votes(gain, 0.05)
    if d.passes:
        assert d.blocked_by == ()
        assert set(d.carried_by) == set(np.flatnonzero(codes == 1).tolist())
        return
    assert d.carried_by == ()
    profile = np.ones(rule.n, dtype=np.int8)
    for i in d.blocked_by:
        profile[i] = codes[i]
    assert not rule.passes_one(profile)
    for i in d.blocked_by:
        release = profile.copy()
        release[i] = 1
        assert rule.passes_one(release)


def test_senate_cloture_54_of_60_fails_and_needs_six():
    # 100 senators, 54 for (gain 0.3), 46 against at increasing distances; 60 needed of all members.
    gain = [0.3] * 54 + [-0.06 - 0.01 * k for k in range(46)]
    d = decide(gain, ternary_rule(Count(100, quota=60)))
    assert not d.passes
    assert d.tally == {"yes": 54.0, "no": 46.0, "abstain": 0.0}
    assert d.pivotal == ()
    # the six closest opponents (indices 54..59) would have to vote yes
    assert sorted(f.actor for f in d.closest_flip) == list(range(54, 60))
    assert all(f.flips_to == 1 for f in d.closest_flip)
    assert len(d.blocked_by) == 41  # 41 of the 46 suffice to block 60


def test_tally_counts_weighted_votes():
    # a bloc casting 49 votes, two others with 26 and 25; majority of 100 votes
    rule = ternary_rule(Weighted([49, 26, 25], threshold=0.5, strict=True))
    d = decide([0.4, -0.4, 0.0], rule)
    assert d.tally == {"yes": 49.0, "no": 26.0, "abstain": 25.0}
    assert not d.passes
    assert d.to_dict()["tally"] == {"yes": 49, "no": 26, "abstain": 25}


def test_pass_probability_matches_counting_draws():
    rng = np.random.default_rng(7)
    rule = ternary_rule(AllOf([Count(5, quota=3), Veto(5, holders=[0])]))
    gains = rng.normal(0.05, 0.2, (400, 5))
    res = pass_probability(gains, rule, band=0.05)
    each = [decide(g, rule, band=0.05) for g in gains]
    assert res.p_pass == pytest.approx(np.mean([d.passes for d in each]))
    for i in range(5):
        assert res.p_pivotal[i] == pytest.approx(
            np.mean([any(f.actor == i for f in d.pivotal) for d in each])
        )
    assert np.allclose(res.vote_shares.sum(axis=1), 1.0)
