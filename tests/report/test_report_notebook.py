"""Notebook display: short readable reprs, HTML views, and data frames whose numbers are the results'."""

from __future__ import annotations

import importlib
import math
import sys
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from report_html_check import check_html

from coalitionist.brief import Brief, Figure, Table
from coalitionist.report.notebook import (
    FigureReprMixin,
    FrameMixin,
    NotTabularError,
    PandasNotInstalledError,
    ReprMixin,
    brief_frames,
    brief_repr,
    brief_repr_html,
    html_repr,
    parse_cell,
    table_tabular,
    tabulate,
    text_repr,
    to_frame,
)
from coalitionist.scenario import Scenario


@pytest.fixture(scope="module")
def results(scenarios: dict[str, Scenario]) -> dict[str, object]:
    from coalitionist.analyses.coalitions import scenario_coalitions
    from coalitionist.analyses.forecast import run_forecast
    from coalitionist.analyses.influence import scenario_influence
    from coalitionist.analyses.power import run_power
    from coalitionist.analyses.trades import run_trades

    s = scenarios["gulf-war-1990"]
    return {
        "power": run_power(s, seed=0),
        "forecast": run_forecast(s),
        "trades": run_trades(s, seed=0),
        "influence": scenario_influence(s),
        "coalitions": scenario_coalitions(s),
    }


@settings(max_examples=100, deadline=None)
@given(st.floats(-1e9, 1e9, allow_nan=False))
def test_formatted_numbers_parse_back(x: float) -> None:
    for text in (f"{x:,.4f}", f"{x:.6g}", f"{x:,.0f}", f"{x:.3e}"):
        value = parse_cell(text)
        assert value is not None, text
        # each format rounds x; parsing gives back that rounding, within the format's precision
        assert value == pytest.approx(x, rel=1e-2, abs=0.51)


def test_parse_cell_words_and_blanks() -> None:
    assert parse_cell("veto") is None
    assert parse_cell("0 – 100") is None
    assert parse_cell("12%") == pytest.approx(0.12)
    assert math.isnan(parse_cell("—") or 0.0)
    assert math.isnan(parse_cell("") or 0.0)
    assert parse_cell("1,234,567") == 1234567


def test_table_columns_become_numbers_only_when_every_cell_is_one() -> None:
    table = Table(("actor", "index", "role"), (("usa", "0.5000", "veto"), ("cuba", "—", "")))
    tab = table_tabular(table)
    assert tab.rows[0] == ("usa", 0.5, "veto")
    assert tab.rows[1][0] == "cuba"
    assert math.isnan(tab.rows[1][1])
    assert tab.rows[1][2] == ""


def test_power_frame_holds_the_indices(results: dict[str, object]) -> None:
    frame = to_frame(results["power"])
    raw = results["power"].to_dict()  # type: ignore[attr-defined]
    assert list(frame.index) == raw["players"]
    for name, values in raw["indices"].items():
        if values is None:
            continue
        for actor, v in values.items():
            assert frame.loc[actor, name] == pytest.approx(v)
    assert frame.loc["usa", "veto"]
    assert frame.loc["kuwait", "dummy"]
    # Shapley–Shubik: 421/2145 for a permanent member (Shapley & Shubik 1954)
    assert frame.loc["usa", "shapley_shubik"] == pytest.approx(421 / 2145)


def test_forecast_frame_starts_from_the_file(
    results: dict[str, object], scenarios: dict[str, Scenario]
) -> None:
    frame = to_frame(results["forecast"])
    scenario = scenarios["gulf-war-1990"]
    for actor, row in scenario.positions.items():
        assert frame.loc[actor, "force initial"] == row["force"].position
        assert frame.loc[actor, "timing initial"] == row["timing"].position


def test_other_result_frames(results: dict[str, object]) -> None:
    trades = results["trades"].to_dict()  # type: ignore[attr-defined]
    frame = to_frame(results["trades"])
    assert len(frame) == len(trades["pareto"]) == trades["pareto_count"]
    influence = to_frame(results["influence"])
    assert list(influence.index) == results["influence"].to_dict()["ranking"]  # type: ignore[attr-defined]
    assert influence["rank"].tolist() == list(range(1, len(influence) + 1))
    coalitions = to_frame(results["coalitions"])
    likely = results["coalitions"].to_dict()["likely"]  # type: ignore[attr-defined]
    assert coalitions["size"].tolist() == [len(c["members"]) for c in likely]


def test_plan_frame() -> None:
    clinic = importlib.import_module("seed_cases").clinic  # tests/strategy's helper

    from coalitionist.strategy import plan

    result = plan(clinic())
    frame = to_frame(result)
    assert frame["actor"].tolist() == list(result.sequence)
    assert frame["p"].tolist() == pytest.approx([s.p for s in result.steps])


def test_section_and_brief_frames(briefs: dict[str, Brief]) -> None:
    brief = briefs["gulf-war-1990"]
    power = to_frame(brief.section("power"))
    assert power["Shapley–Shubik"].dtype.kind == "f"
    frames = brief_frames(brief)
    assert set(frames) == {s.key for s in brief.sections if s.tables}
    with pytest.raises(NotTabularError, match="brief_frames"):
        to_frame(brief)


def test_to_frame_without_pandas_says_how_to_install_it(
    results: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(PandasNotInstalledError, match=r"pip install 'coalitionist\[pandas\]'"):
        to_frame(results["power"])
    assert PandasNotInstalledError.exit_code == 2


def test_reprs_are_short_and_say_what_they_hold(
    briefs: dict[str, Brief], results: dict[str, object]
) -> None:
    brief = briefs["gulf-war-1990"]
    text = brief_repr(brief)
    assert brief.title in text
    assert len(text) < 4000
    for s in brief.sections:
        assert f"[{s.key}] {s.title}" in text
    for name, obj in results.items():
        r = text_repr(obj)
        assert len(r) < 6000, name
        assert r.startswith(f"<{type(obj).__name__}")
    fig = next(f for s in brief.sections for f in s.figures if f.key == "influence_map")
    assert text_repr(fig).startswith("<Figure influence_map: Influence map (")


def test_brief_html_view_is_valid_and_shows_everything(briefs: dict[str, Brief]) -> None:
    brief = briefs["gulf-war-1990"]
    out = brief_repr_html(brief)
    report = check_html(out)
    assert report.problems == []
    assert out.count("<svg") == sum(len(s.figures) for s in brief.sections)
    for s in brief.sections:
        assert s.title in out
    assert out.count("<table>") == sum(len(s.tables) for s in brief.sections)


def test_html_views_of_results_are_valid(results: dict[str, object]) -> None:
    for obj in results.values():
        out = html_repr(obj)
        assert check_html(out).problems == []
        assert "<table>" in out
    assert "<pre>" in html_repr(object())


def test_mixins_give_a_dataclass_its_views() -> None:
    @dataclass(frozen=True, repr=False)
    class Powers(ReprMixin, FrameMixin):
        players: tuple[str, ...]

        def to_dict(self) -> dict[str, object]:
            return {"players": list(self.players), "indices": {"banzhaf": {"a": 0.75, "b": 0.25}}}

    p = Powers(("a", "b"))
    assert repr(p).startswith("<Powers: Voting power")
    assert p.to_frame().loc["a", "banzhaf"] == 0.75
    assert "<table>" in p._repr_html_()

    @dataclass(frozen=True, repr=False)
    class Fig(FigureReprMixin, ReprMixin):
        key: str
        svg: str

    f = Fig("k", "<svg></svg>")
    assert f._repr_svg_() == "<svg></svg>"
    with pytest.raises(NotTabularError):
        tabulate(object())


def test_a_real_figure_repr(briefs: dict[str, Brief]) -> None:
    fig: Figure = next(f for s in briefs["clinic-program"].sections for f in s.figures)
    out = html_repr(fig)
    assert check_html(out).problems == []
    assert fig.caption in out or fig.caption.replace("'", "&#x27;") in out
