"""Who holds influence and who needs it: the façade over :mod:`coalitionist.influence` and its section."""

from __future__ import annotations

from collections.abc import Sequence

from coalitionist.analyses.power import scenario_game
from coalitionist.brief import Section, Table
from coalitionist.influence import InfluenceAnalysis, analyze_influence
from coalitionist.scenario.model import Scenario


def scenario_influence(scenario: Scenario) -> InfluenceAnalysis:
    """The influence analysis with default options, computed once per scenario (the rule, power and
    minimal coalitions shared with the coalition analysis)."""
    cache = scenario.analysis_cache
    if "influence" not in cache:
        game = scenario_game(scenario)
        cache["influence"] = analyze_influence(
            scenario,
            rule=game.rule,
            power=game.power,
            minimal_winning_coalitions=game.minimal_winning,
            minimal_blocking_coalitions=game.minimal_blocking,
        )
    result: InfluenceAnalysis = cache["influence"]
    return result


def build_section(scenario: Scenario, sections: Sequence[Section]) -> Section | None:
    """The brief's influence section: who holds influence, of what kind, and who needs it."""
    if len(scenario.actors) < 2:
        return None
    result = scenario_influence(scenario)
    data = result.to_dict()
    labels = {a.id: a.label for a in scenario.actors}
    rows = []
    for actor_id in data["ranking"]:
        a = data["actors"][actor_id]
        parts = a["parts"]
        rows.append(
            (
                str(a["rank"]),
                labels.get(actor_id, actor_id),
                f"{a['score']:.2f}",
                f"{parts['resources']:.2f}",
                f"{parts['formal']:.2f}",
                f"{parts['network']:.2f}",
                a["main_source"],
            )
        )
    tables = [
        Table(
            ("rank", "actor", "influence", "resources", "formal power", "network", "mainly from"),
            tuple(rows),
            caption="Who holds influence (each part on 0–1; the score is their mean)",
            align="rlrrrrl",
        )
    ]
    needs = [
        (
            labels.get(n["actor"], n["actor"]),
            f"{n['need']:.2f}",
            "; ".join(
                f"{i['issue']}: wants {i['position']:g}, forecast {i['forecast']:g}"
                for i in n["issues"][:2]
            ),
        )
        for n in data.get("needs", [])[:8]
    ]
    if needs:
        tables.append(
            Table(
                ("actor", "need", "where it loses"),
                tuple(needs),
                caption="Who needs influence (salience × distance from the forecast)",
                align="lrl",
            )
        )
    return Section(
        key="influence",
        title="Who holds influence, and who needs it",
        question="Who holds influence, of what kind and in which direction, and who needs it?",
        reading=tuple(result.readings()),
        tables=tuple(tables),
        data=data,
    )
