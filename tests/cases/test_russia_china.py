"""Russia–China 2014 (issue 13.7 and the process bridge): the package agrees with the forecast, and the
US pressure is a counterfactual the model computes.

By hand from examples/russia-china-gas-2014.yaml (linear loss, salience × distance / scale width; status
quo price 450, route 0 (via Kazakhstan), volume 0; indifference band 0.05):
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from coalitionist.analyses.process import run_process
from coalitionist.brief import Brief, make_brief
from coalitionist.examples import example_path
from coalitionist.io import load_scenario

RUSSIA = {"price": (400.0, 0.5, 200.0), "route": (33.0, 0.1, 100.0), "volume": (38.0, 0.3, 60.0)}
CHINA = {"price": (300.0, 0.6, 200.0), "route": (100.0, 0.5, 100.0), "volume": (38.0, 0.2, 60.0)}
SQ = {"price": 450.0, "route": 0.0, "volume": 0.0}


def _loss(actor: dict[str, tuple[float, float, float]], x: dict[str, float]) -> float:
    return sum(s * abs(p - x[k]) / w for k, (p, s, w) in actor.items())


def _gain(actor: dict[str, tuple[float, float, float]], x: dict[str, float]) -> float:
    return _loss(actor, SQ) - _loss(actor, x)


@cache
def _brief() -> Brief:
    return make_brief(load_scenario(example_path("russia-china-gas-2014")), seed=0)


def test_the_package_tabled_is_the_one_china_would_not_refuse_for_the_forecast() -> None:
    forecast = {"price": 310.0, "route": 100.0, "volume": 39.0}
    altai = {"price": 400.0, "route": 33.0, "volume": 38.0}
    east = {"price": 310.0, "route": 100.0, "volume": 38.0}
    # Russia's best against the status quo passes on paper (both gain beyond the band) ...
    assert _gain(RUSSIA, altai) > 0.05
    assert _gain(CHINA, altai) > 0.05
    # ... but China loses 0.60 by it against the forecast: it would refuse it and wait
    assert _gain(CHINA, altai) - _gain(CHINA, forecast) == pytest.approx(-0.6017, abs=1e-3)
    # the eastern package at 310 is one both vote for (Russia +0.06) and China loses nothing by
    assert _gain(RUSSIA, east) == pytest.approx(0.0558, abs=1e-3)
    assert _gain(CHINA, east) - _gain(CHINA, forecast) > -0.05
    res = run_process(load_scenario(example_path("russia-china-gas-2014")), seed=0)
    pkg = res.packaging.best.package
    assert pkg is not None
    assert [float(v) for v in pkg.values] == [310.0, 100.0, 38.0]
    what_to_do = next(s for s in _brief().sections if s.key == "plan")
    first = " ".join(what_to_do.reading[0].split())
    assert first.startswith(
        "Table Contract price: 310 (≈ China's offer); Pipeline route (west to east): Power of"
        " Siberia (eastern route); Annual volume: 38"
    )
    assert (
        "Russia (Gazprom)'s best package against the status quo alone (Contract price: Russia's ask;"
        " Pipeline route (west to east): Altai (western route); Annual volume: 38 bcm per year) passes on paper, but"
        " China (CNPC) prefers the forecast to it (-0.60)" in first
    )
    assert "Table Contract price: Russia's ask" not in " ".join(_brief().summary)


def test_the_us_pressure_is_a_counterfactual_the_model_computes() -> None:
    (line,) = [s for s in _brief().summary if "closes the deal at the edge" in s]
    # the price without the United States is exactly 400.0, the point labelled "Russia's ask" (the
    # re-run's proposal, printed with repr in a probe of fmt_issue_value): on the label, so no "≈"
    m = re.search(
        r"Without United States in the bargaining \(its positions removed, the rest of the file as it"
        r" is\), the forecast would be Contract price (\d+(?:\.\d+)?) \(Russia's ask\); Pipeline route"
        r" \(west to east\) (\d+(?:\.\d+)?)(?: \(between [^;]*\))?; Annual volume (\d+(?:\.\d+)?), and Russia \(Gazprom\) would"
        r" hold out with (\d\.\d\d) to spare before it stops voting yes, instead of 0\.00",
        line,
    )
    assert m is not None, line
    point = {"price": float(m[1]), "route": float(m[2]), "volume": float(m[3])}
    # by hand: Russia's gain at that point over the status quo, less its band, is the margin stated
    assert _gain(RUSSIA, point) - 0.05 == pytest.approx(float(m[4]), abs=0.01)
    # and that margin is real room: at the brief's forecast it is at the edge
    assert _gain(RUSSIA, {"price": 310.0, "route": 100.0, "volume": 39.0}) - 0.05 < 0.01
    # the tie to China alone is not claimed to change anything
    assert "United States' ties alone change nothing" in line


def test_without_the_pressure_the_brief_claims_none(tmp_path: Path) -> None:
    # The same file with the United States' saliences cut to 0.01 (price and volume): it no longer
    # presses, the forecast gives Russia its ask, and no sentence says that anything moved Russia to close
    text = Path(example_path("russia-china-gas-2014")).read_text()
    weak = text.replace(
        "price: {position: 450, salience: 0.2, note", "price: {position: 450, salience: 0.01, note"
    ).replace(
        "volume: {position: 0, salience: 0.4, note", "volume: {position: 0, salience: 0.01, note"
    )
    assert weak.count("salience: 0.01") == 2
    f = tmp_path / "weak-us.yaml"
    f.write_text(weak)
    brief = make_brief(load_scenario(f), seed=0)
    lands = next(s for s in brief.summary if s.startswith("If nothing changes"))
    # the forecast price is exactly 400.0 (probed: the value _value_beside_status_quo receives), the
    # point labelled "Russia's ask": on the label, so no "≈" (the route, 97.21, is near a label and keeps it)
    assert "Contract price 400 (Russia's ask;" in lands
    assert not [s for s in brief.summary if "closes the deal" in s or "pressure is what" in s]
