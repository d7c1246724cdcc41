"""The summary says when the user's recruitment estimates and the positions disagree (issue 13.4).

Gulf War 1990: the file gives the Soviet Union p 0.45 (raised to 0.55 by the UK's joining), while its
positions make it vote yes on Resolution 678. By hand from the file: force 60 @ 0.5, timing 45 @ 0.6; the
proposal is force 100, timing 50 against a status quo of 0, 0 on 0-100 scales. The salience-weighted
distance is 0.5 * 0.40 + 0.6 * 0.05 = 0.23 to the proposal and 0.5 * 0.60 + 0.6 * 0.45 = 0.57 to the status
quo: a gain of +0.34, far beyond the default indifference band 0.05.
"""

from __future__ import annotations

from coalitionist.brief import make_brief
from coalitionist.examples import example_path
from coalitionist.io import load_scenario


def _gain(pos: dict[str, tuple[float, float]], proposal: dict[str, float]) -> float:
    at_sq = sum(s * abs(p - 0) / 100 for p, s in pos.values())
    at_prop = sum(s * abs(p - proposal[k]) / 100 for k, (p, s) in pos.items())
    return at_sq - at_prop


def test_the_gulf_summary_names_the_soviet_estimate_the_positions_contradict() -> None:
    ussr = {"force": (60.0, 0.5), "timing": (45.0, 0.6)}
    assert abs(_gain(ussr, {"force": 100.0, "timing": 50.0}) - 0.34) < 1e-9
    sc = load_scenario(example_path("gulf-war-1990"))
    assert sc.recruitment is not None
    assert sc.recruitment.actors["ussr"].p == 0.45
    brief = make_brief(sc, seed=0)
    (line,) = [s for s in brief.summary if s.startswith("The chance of success is the plan's")]
    assert "Soviet Union (p 0.55, yet it votes yes in 100% of the draws)" in line
    # the UK (p 0.95) and Saudi Arabia (p 0.75) are not at odds; China abstains, which is no veto
    for name in ("United Kingdom", "Saudi Arabia"):
        assert name not in line
    # China is not an estimate at odds; it is named only as counted against until won (it abstains)
    assert "China (p" not in line


def test_derived_defaults_are_never_said_to_disagree_with_the_positions() -> None:
    # the Commons case has no recruitment estimates: its chances come from the positions themselves
    from pathlib import Path

    case = Path(__file__).resolve().parents[1] / "data" / "commons-meaningful-vote-2019.yaml"
    brief = make_brief(load_scenario(case), seed=0)
    assert not [s for s in brief.summary if "the positions are surer than the estimates" in s]
