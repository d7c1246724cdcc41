"""The influence façade on the seed cases and on every bundled example."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coalitionist.analyses.influence import scenario_influence
from coalitionist.analyses.rule import scenario_rule
from coalitionist.examples import example_path as bundled
from coalitionist.influence.analysis import InfluenceAnalysis
from coalitionist.io import load_scenario
from coalitionist.power import power_indices
from coalitionist.scenario.model import Scenario


@pytest.fixture(scope="module")
def russia_china() -> InfluenceAnalysis:
    return scenario_influence(load_scenario(bundled("russia-china-gas-2014")))


@pytest.fixture(scope="module")
def clinic() -> InfluenceAnalysis:
    return scenario_influence(load_scenario(bundled("clinic-program")))


def test_every_example_gives_plain_json_and_readings(example_path: Path) -> None:
    res = scenario_influence(load_scenario(example_path))
    data = json.loads(json.dumps(res.to_dict()))
    assert set(data["actors"]) == set(res.actors)
    assert data["ranking"] == [a.actor for a in res.ranking]
    assert res.readings()
    for a in res.ranking:
        assert all(0.0 <= v <= 1.0 for v in a.parts.values())
        assert a.score == pytest.approx(sum(a.parts.values()) / 3)
    scores = [a.score for a in res.ranking]
    assert scores == sorted(scores, reverse=True)


def test_third_parties_influence_the_deal_motive_and_route(russia_china: InfluenceAnalysis) -> None:
    # The file's ties: usa → china (influence, LNG), kazakhstan → china (influence), mongolia → russia
    # (lobbying). All three must show up as chains into the two parties who decide.
    assert set(russia_china.decision_makers) == {"russia", "china"}
    sources = {p.source for p in russia_china.paths if p.target in {"russia", "china"}}
    assert {"usa", "kazakhstan", "mongolia"} <= sources
    # motive: the USA pulls China's price position; route: Kazakhstan and Mongolia pull Russia's
    price = russia_china.projection("price")
    assert "usa" in [d for d, _ in price.drivers["china"]]
    route = russia_china.projection("route")
    assert {"kazakhstan", "mongolia"} <= {d for d, _ in route.drivers["russia"]}
    reading = " ".join(russia_china.readings())
    for name in ("United States", "Kazakhstan", "Mongolia"):
        assert name in reading


def test_friedkin_johnsen_price_projection_by_hand(russia_china: InfluenceAnalysis) -> None:
    # Actors stating a price: russia 400, china 300, usa 450. Friendly channels among them:
    # usa → china influence 0.4; russia ↔ china alliance 0.5 at half strength = 0.25 each way (rivalries
    # carry no influence). "share" susceptibility: x_i = (x_i(0) + Σ a_ji x_j) / (1 + s_i):
    #   usa = 450;  russia = (400 + 0.25 china) / 1.25;  china = (300 + 0.4·450 + 0.25 russia) / 1.65
    # → china = 350, russia = 390.
    p = russia_china.projection("price")
    proj = dict(zip(p.actors, p.projected, strict=True))
    assert proj["china"] == pytest.approx(350.0)
    assert proj["russia"] == pytest.approx(390.0)
    assert proj["usa"] == pytest.approx(450.0)
    lam = dict(zip(p.actors, p.susceptibility, strict=True))
    assert lam["china"] == pytest.approx(0.65 / 1.65)
    assert lam["usa"] == 0.0
    # the pulls on China add up to its shift
    assert sum(v for _, v in p.drivers["china"]) == pytest.approx(p.shift("china"))


def test_clinic_forecast_needs_and_weak_actors(clinic: InfluenceAnalysis) -> None:
    # capability × salience on the program: lead 36 at 10, senior clinician 17.5 at 20, administrator 12
    # at 30 … of 111.5 in all: the weighted median is 30. On credit the median is 90.
    assert clinic.forecast == {"program": 30.0, "credit": 90.0}
    junior = next(n for n in clinic.needs if n.actor == "junior")
    assert junior.need == pytest.approx(0.9 * 0.7 + 0.1 * 0.6)
    assert clinic.needs[0].actor == "junior"
    # weak = capability below half the strongest (60): junior 10, ops_a 25, ops_b 25
    assert {p.actor for p in clinic.potential} == {"junior", "ops_a", "ops_b"}
    # formal power from the power engine, as a share of the largest
    sc = load_scenario(bundled("clinic-program"))
    power = power_indices(scenario_rule(sc), list(sc.arrays.actors))
    bz = power.indices["banzhaf"]
    assert bz is not None
    top = max(float(v) for v in bz.values())
    for a in clinic.ranking:
        assert a.parts["formal"] == pytest.approx(float(bz[a.actor]) / top)
        assert a.parts["resources"] == pytest.approx(a.capability / 60.0)


def test_no_susceptibility_means_no_shift() -> None:
    res = scenario_influence(load_scenario(bundled("clinic-program")), susceptibility=0.0)
    for p in res.projections:
        assert p.projected == pytest.approx(p.initial)


def test_scenario_without_ties_or_issues() -> None:
    sc = Scenario.from_data(
        {"title": "t", "actors": [{"id": "a", "votes": 2}, {"id": "b"}, {"id": "c"}]}
    )
    res = scenario_influence(sc)
    assert res.paths == ()
    assert res.projections == ()
    assert res.needs == ()
    # votes 2, 1, 1 and more than half (3) to win: ab, ac, abc win; a swings 3 times, b and c once each
    assert res.actor("a").banzhaf == pytest.approx(3 / 5)
    assert res.actor("a").veto
    assert res.actor("b").swing_rate == pytest.approx(1 / 4)
    assert json.dumps(res.to_dict())
