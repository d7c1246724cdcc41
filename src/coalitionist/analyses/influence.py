"""Who holds influence and who needs it: the façade over :mod:`coalitionist.influence` and its section."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from coalitionist.analyses.power import (
    FORMAL_POWER_INDICES,
    ScenarioGame,
    scenario_game,
    shared_game,
)
from coalitionist.analyses.reference import shared_forecast
from coalitionist.analyses.section import Section, Table
from coalitionist.influence import InfluenceAnalysis, InfluenceInputs, analyze_influence
from coalitionist.influence.needs import median_forecast
from coalitionist.scenario.compile import WordTable, resolve
from coalitionist.scenario.model import Scenario


def scenario_median(scenario: Scenario) -> NDArray[np.float64]:
    """The capability × salience weighted-median forecast of each issue (negative capabilities as 0), the
    reference of the influence needs and of the coalitions' "prefer no deal" side."""
    a = scenario.arrays
    cap = np.clip(a.capability, 0.0, None)
    return median_forecast(cap, a.positions, a.salience, a.stated, a.status_quo)


def influence_inputs(
    scenario: Scenario, forecast: NDArray[np.float64] | None = None
) -> InfluenceInputs:
    """What :func:`coalitionist.influence.analyze_influence` reads, from the scenario's compiled arrays."""
    table = WordTable.of(scenario)
    return InfluenceInputs(
        arrays=scenario.arrays,
        ties=scenario.arrays.ties,
        labels={a.id: a.label for a in scenario.actors},
        issue_labels={s.id: s.label for s in scenario.issues},
        breakdown=tuple(
            {k: resolve(v, table) for k, v in a.resources.items()} for a in scenario.actors
        ),
        title=scenario.title,
        forecast=forecast,
        forecast_model="weighted_median" if forecast is None else "brief",
    )


def scenario_influence(
    scenario: Scenario,
    *,
    game: ScenarioGame | None = None,
    forecast: NDArray[np.float64] | None = None,
    **options: Any,
) -> InfluenceAnalysis:
    """The influence analysis of a scenario (options of :func:`coalitionist.influence.analyze_influence`),
    on ``game`` (the rule, power and minimal coalitions; computed when not given, with the Banzhaf
    index only: :data:`~coalitionist.analyses.power.FORMAL_POWER_INDICES`), measuring needs against
    ``forecast`` (the brief's one forecast; default the capability × salience weighted median)."""
    game = scenario_game(scenario, indices=FORMAL_POWER_INDICES) if game is None else game
    shared: dict[str, Any] = (
        {}
        if "limit" in options
        else {
            "minimal_winning_coalitions": game.minimal_winning,
            "minimal_blocking_coalitions": game.minimal_blocking,
        }
    )
    return analyze_influence(
        influence_inputs(scenario, forecast),
        rule=game.rule,
        power=game.power,
        **shared,
        **options,
    )


def build_section(scenario: Scenario, sections: Sequence[Section]) -> Section | None:
    """The brief's influence section: who holds influence, of what kind, and who needs it."""
    if len(scenario.actors) < 2:
        return None
    reference = shared_forecast(sections)
    result = scenario_influence(
        scenario,
        game=shared_game(scenario, sections),
        forecast=None if reference is None else reference.vector(scenario.arrays.issues),
    )
    data = result.to_dict()
    labels = {a.id: a.label for a in scenario.actors}
    rows = [
        (
            str(a.rank),
            labels.get(a.actor, a.actor),
            f"{a.score:.2f}",
            f"{a.parts['resources']:.2f}",
            f"{a.parts['formal']:.2f}",
            f"{a.parts['network']:.2f}",
            a.main_source,
        )
        for a in result.ranking
    ]
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
            labels.get(n.actor, n.actor),
            f"{n.need:.2f}",
            "; ".join(
                f"{i['issue']}: wants {float(i['position']):g}, forecast {float(i['forecast']):g}"
                for i in n.issues[:2]
            ),
        )
        for n in result.needs[:8]
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
        result=result,
    )
