"""Which coalitions can win or block and which are likely: the façade over :mod:`coalitionist.coalitions`."""

from __future__ import annotations

from collections.abc import Sequence

from coalitionist.analyses.power import scenario_game
from coalitionist.brief import Section, Table
from coalitionist.coalitions import CoalitionAnalysis, analyze_coalitions
from coalitionist.scenario.model import Scenario


def scenario_coalitions(scenario: Scenario, top: int = 5) -> CoalitionAnalysis:
    """The coalition analysis, computed once per scenario and ``top`` (the rule, power and minimal
    coalitions shared with the influence analysis)."""
    cache = scenario.analysis_cache
    key = f"coalitions:{top}"
    if key not in cache:
        game = scenario_game(scenario)
        cache[key] = analyze_coalitions(
            scenario,
            rule=game.rule,
            power=game.power,
            top=top,
            minimal_winning_coalitions=game.minimal_winning,
            minimal_blocking_coalitions=game.minimal_blocking,
        )
    result: CoalitionAnalysis = cache[key]
    return result


def _names(ids: Sequence[str], labels: dict[str, str], limit: int = 8) -> str:
    shown = [labels.get(a, a) for a in ids[:limit]]
    return ", ".join(shown) + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def build_section(scenario: Scenario, sections: Sequence[Section], top: int = 5) -> Section | None:
    """The brief's coalitions section: who can win or block, the likely coalitions, the adverse one."""
    if len(scenario.actors) < 2:
        return None
    result = scenario_coalitions(scenario, top)
    data = result.to_dict()
    labels = {a.id: a.label for a in scenario.actors}
    likely_rows = tuple(
        (
            str(k + 1),
            _names(c["members"], labels),
            f"{c['cohesion']:.2f}",
            "yes" if c.get("connected") else "no",
            ", ".join(b.replace("_", " ") for b in c.get("held_by", [])[:3]),
            labels.get(c["weakest_link"]["actor"], c["weakest_link"]["actor"])
            if c.get("weakest_link")
            else "",
        )
        for k, c in enumerate(data.get("likely", [])[:top])
    )
    tables = []
    if likely_rows:
        tables.append(
            Table(
                ("#", "coalition", "cohesion", "connected", "held together by", "weakest link"),
                likely_rows,
                caption="Likely winning coalitions",
                align="rlrlll",
            )
        )
    adverse = data.get("adverse") or {}
    holes = tuple(
        (
            str(h["rank"]),
            labels.get(h["actor"], h["actor"]),
            f"{h['impact']:.2f}",
            f"{h['peelability']:.2f}",
            "; ".join(h.get("reasons", [])[:2]),
        )
        for h in adverse.get("holes", [])[:6]
    )
    if holes:
        tables.append(
            Table(
                ("#", "member", "impact", "peelability", "why"),
                holes,
                caption="Holes in the adverse coalition (whom to peel off)",
                align="rlrrl",
            )
        )
    return Section(
        key="coalitions",
        title="Which coalitions can win, block, and are likely",
        question="Which coalitions can win or block under the real rule, who is essential, which are likely?",
        reading=tuple(result.readings()),
        tables=tuple(tables),
        data=data,
    )
