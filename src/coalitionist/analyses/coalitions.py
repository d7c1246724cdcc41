"""Which coalitions can win or block and which are likely: the façade over :mod:`coalitionist.coalitions`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coalitionist.analyses.power import scenario_game
from coalitionist.brief import Section, Table
from coalitionist.coalitions import CoalitionAnalysis, analyze_coalitions
from coalitionist.scenario.compile import WordTable, resolve
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


#: Readable names of the six bases of coalitions.
_BASIS = {"common_allies_enemies": "common allies or enemies"}


def _recruitment_p(scenario: Scenario) -> dict[str, float]:
    """The focal actor's point estimates of p for its recruitment candidates (empty without estimates)."""
    if scenario.recruitment is None:
        return {}
    table = WordTable.of(scenario)
    return {a: resolve(c.p, table) for a, c in scenario.recruitment.actors.items()}


def rank_holes(holes: list[dict[str, Any]], p: dict[str, float]) -> list[dict[str, Any]]:
    """Holes ranked by expected impact: ``impact × p``, with ``p`` the focal actor's own estimate of peeling
    the member off (its recruitment ``p``) where the file gives one, else the structural peelability.
    A member the focal side gives p = 0.1 is not the easiest to peel, whatever its structural position."""
    out = []
    for h in holes:
        chance = p.get(h["actor"], h["peelability"])
        out.append(
            {
                **h,
                "p_peel": chance,
                "p_from": "estimate" if h["actor"] in p else "peelability",
                "expected_impact": h["impact"] * chance,
            }
        )
    out.sort(key=lambda h: (-h["expected_impact"], -h["impact"]))
    for k, h in enumerate(out, start=1):
        h["rank"] = k
    return out


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
            ", ".join(_BASIS.get(b, b.replace("_", " ")) for b in c.get("held_by", [])[:3]),
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
    readings = list(result.readings())
    if adverse.get("holes"):
        adverse["holes"] = rank_holes(adverse["holes"], _recruitment_p(scenario))
        readings = [r for r in readings if not r.startswith("Hole ")]
        for h in adverse["holes"][:3]:
            source = "your estimate" if h["p_from"] == "estimate" else "structural peelability"
            why = "; ".join(h.get("reasons", [])) or "no structural reason"
            readings.append(
                f"Hole {h['rank']}: {labels.get(h['actor'], h['actor'])} (impact {h['impact']:.2f} × chance of"
                f" peeling it off {h['p_peel']:.2f} ({source}) = {h['expected_impact']:.2f}) — {why}."
            )
    holes = tuple(
        (
            str(h["rank"]),
            labels.get(h["actor"], h["actor"]),
            f"{h['impact']:.2f}",
            f"{h['p_peel']:.2f}",
            f"{h['expected_impact']:.2f}",
            "; ".join(h.get("reasons", [])[:2]),
        )
        for h in adverse.get("holes", [])[:6]
    )
    if holes:
        tables.append(
            Table(
                ("#", "member", "impact", "chance to peel", "expected impact", "why"),
                holes,
                caption="Holes in the adverse coalition (whom to peel off), by impact × chance",
                align="rlrrrl",
            )
        )
    return Section(
        key="coalitions",
        title="Which coalitions can win, block, and are likely",
        question="Which coalitions can win or block under the real rule, who is essential, which are likely?",
        reading=tuple(readings),
        tables=tuple(tables),
        data=data,
    )
