"""The trades in words (names, not ids) and which trades are advice for the focal actor (issue 14.2)."""

from __future__ import annotations

import re

import pytest

from coalitionist.analyses.trades import build_section, needed_actors
from coalitionist.examples import example_path
from coalitionist.io import load_scenario
from coalitionist.trades import TradeInputs, compile_tables
from coalitionist.trades.compromise import issue_by_issue_compromise
from coalitionist.trades.contingent import contingent_trades
from coalitionist.trades.describe import focal_relevance, trade_sentence
from coalitionist.trades.logrolling import pair_trades
from coalitionist.trades.result import Trade
from coalitionist.trades.risk import risk_sharing_trade
from coalitionist.trades.timing import timing_trades

NAMES = {"a": "Alba", "b": "Brno", "c": "Cork"}
ISSUES = {"x": "Exports", "y": "Yards"}


def _no_ids(text: str) -> None:
    words = set(re.findall(r"\b\w+\b", text))
    ids = (set(NAMES) | set(ISSUES)) - {"a"}  # "a" is also the article ("a joint outcome")
    assert not words & ids, text
    assert not re.search(r"\ba [+-]?\d", text), text  # but never "a +0.3"


def test_logroll_in_words_names_who_gives_way_on_what() -> None:
    inputs = TradeInputs.from_spec(
        ["a", "b", "c"],
        {k: {"scale": (0, 100), "options": [0, 50, 100], "status_quo": 0} for k in ("x", "y")},
        {
            "a": {"x": (100, 0.8), "y": (100, 0.2)},
            "b": {"x": (0, 0.2), "y": (0, 0.8)},
            "c": {"x": (50, 1.0), "y": (50, 1.0)},
        },
    )
    trades = pair_trades(inputs, compile_tables(inputs), issue_by_issue_compromise(inputs))
    ab = next(t for t in trades if t.actors == ("a", "b"))
    text = trade_sentence(ab, NAMES, ISSUES)
    assert text.startswith("Alba and Brno both beat the compromise by trading on priorities")
    # a concedes y, b concedes x; each with the weights that make it worth it
    assert (
        "Alba gives way on Yards (weight 0.2 for Alba, 0.8 for Brno); Brno gives way on Exports"
        " (weight 0.2 for Brno, 0.8 for Alba)" in text
    )
    assert "Others: Cork -0.5." in text
    assert "Alba +0.3, Brno +0.3 (joint +0.6)" in text
    _no_ids(text)


def test_timing_forecast_and_risk_in_words() -> None:
    timing = TradeInputs.from_spec(
        ["a", "b"],
        {
            "x": {"options": [0, 1, 2, 3], "status_quo": 0},
            "y": {"options": [0, 1], "status_quo": 0},
        },
        {},
        utility_tables={
            "a": {"x": [0, 0.5, 0.75, 1], "y": [1, 0.4]},
            "b": {"x": [1, 0.75, 0.625, 0.5], "y": [0, 1]},
        },
        discount_rate={"a": 1.0, "b": 0.0},
    )
    (t,) = timing_trades(timing, compile_tables(timing))
    text = trade_sentence(t, NAMES, ISSUES)
    assert text.startswith("Brno is more patient than Alba (discount rate 0 vs 1 per period)")
    assert "settle Exports now and phase in Yards after 1 period" in text
    _no_ids(text)

    bet = TradeInputs.from_spec(
        ["a", "b"],
        {"x": {"scale": (0, 1), "options": [0, 1], "status_quo": 0.5}},
        {"a": {"x": (1, 1.0)}, "b": {"x": (0, 1.0)}},
        beliefs={"rain": {"a": 0.8, "b": 0.3}},
    )
    (f,) = contingent_trades(bet, compile_tables(bet))
    text = trade_sentence(f, NAMES, ISSUES)
    assert "Alba thinks 'rain' is more likely (0.8) than Brno does (0.3)" in text
    assert "if it happens, Exports = 1" in text
    _no_ids(text)

    risky = TradeInputs.from_spec(
        ["a", "b"],
        {"x": {"scale": (0, 1), "options": [0, 1], "status_quo": 0}},
        {"a": {"x": (1, 1.0)}, "b": {"x": (0, 1.0)}},
        risk_aversion={"a": 1 / 100, "b": 1 / 300},
    )
    r = risk_sharing_trade(risky)
    assert r is not None
    text = trade_sentence(r, NAMES, ISSUES)
    assert "Alba 25%, Brno 75%" in text
    assert "Brno, the most risk-tolerant" in text
    _no_ids(text)


def _trade(actors: tuple[str, ...], gains: dict[str, float], others: dict[str, float]) -> Trade:
    return Trade("priorities", actors, gains, sum(gains.values()), "ref", "", {}, others)


@pytest.mark.parametrize(
    ("trade", "shown", "moves"),
    [
        # the focal actor is a party: always advice
        (_trade(("f", "b"), {"f": 0.1, "b": 0.1}, {"c": -1.0}), True, ()),
        # third parties, a needed actor gains, the focal actor is unaffected: advice, with the actor moved
        (_trade(("b", "c"), {"b": 0.2, "c": 0.1}, {"f": 0.0}), True, (("b", 0.2),)),
        # a needed bystander gains: advice too
        (_trade(("c", "d"), {"c": 0.2, "d": 0.1}, {"f": 0.05, "b": 0.3}), True, (("b", 0.3),)),
        # a needed actor gains but the focal actor loses: not advice
        (_trade(("b", "c"), {"b": 0.2, "c": 0.1}, {"f": -0.01}), False, (("b", 0.2),)),
        # nobody the focal actor needs gains: not advice
        (_trade(("c", "d"), {"c": 0.2, "d": 0.1}, {"f": 0.1, "b": -0.2}), False, ()),
    ],
)
def test_relevance_rule(trade: Trade, shown: bool, moves: tuple[tuple[str, float], ...]) -> None:
    (r,) = focal_relevance([trade], "f", {"b"})
    assert r.shown is shown
    assert r.moves == moves


def test_without_a_focal_actor_every_trade_is_shown() -> None:
    t = _trade(("b", "c"), {"b": 0.2, "c": 0.1}, {"f": -1.0})
    assert [r.shown for r in focal_relevance([t], None, ())] == [True]


def test_gulf_war_trades_between_third_parties_that_cost_the_usa_are_not_advice() -> None:
    sc = load_scenario(example_path("gulf-war-1990"))
    section = build_section(sc, [])
    assert section is not None
    brief = section.result
    needed = set(needed_actors(sc))
    assert "uk" in needed
    assert "usa" not in needed
    names = {a.id: a.label for a in sc.actors}
    text = " ".join(section.reading)
    (table,) = [t for t in section.tables if t.caption == "Trades on differences"]
    for r in brief.relevance:
        t = r.trade
        if "usa" in t.actors:
            assert r.shown
            continue
        # independent check of the rule from the trade's own numbers
        gainers = {a for a, g in {**t.effect_on_others, **t.gains}.items() if g > 1e-9} & needed
        assert r.shown == (bool(gainers) and t.effect_on_others.get("usa", 0.0) >= 0)
        if not r.shown:
            who = ", ".join(names[a] for a in t.actors)
            assert all(row[1] != who for row in table.rows)
    hidden = sum(not r.shown for r in brief.relevance)
    assert hidden >= 1  # the UK–Ethiopia logroll costs the United States
    assert f"{hidden} trades between other actors are not advice for United States" in text
    for row in table.rows:
        _no_id_of(sc, row[3])
    assert len(section.data["trades"]) == len(brief.result.trades)  # the JSON keeps every trade


def _no_id_of(sc: object, text: str) -> None:
    ids = {a.id for a in sc.actors if a.id != a.label.lower()}  # type: ignore[attr-defined]
    words = set(re.findall(r"\b[a-z_]+\b", text))
    assert not words & ids, text


def test_the_trades_table_gives_terms_in_a_few_words_and_the_reading_the_whole_sentence() -> None:
    # A table row once repeated the whole paragraph (weights, others' gains, why it matters) for every
    # trade; the row now names who gives way on what and the parties' gains, from the trade's own terms.
    sc = load_scenario(example_path("gulf-war-1990"))
    section = build_section(sc, [])
    assert section is not None
    names = {a.id: a.label for a in sc.actors}
    issues = {s.id: s.label for s in sc.issues}
    (table,) = [t for t in section.tables if t.caption == "Trades on differences"]
    shown = [r.trade for r in section.result.relevance if r.shown]
    assert len(table.rows) == min(len(shown), 8) > 0
    for row, t in zip(table.rows, shown, strict=False):
        cell = row[3]
        assert "weight" not in cell
        assert "Why it matters" not in cell
        from coalitionist.trades._common import fmt_signed

        for a, g in t.gains.items():
            assert f"{names[a]} {fmt_signed(g)}" in cell
        if t.kind == "priorities":
            for a, conceded in t.terms["concessions"].items():
                for k in conceded:
                    assert issues[k] in cell
                assert names[a] in cell
    best = next(line for line in section.reading if line.startswith("Best trade on differences: "))
    assert len(best) > len(table.rows[0][3])
