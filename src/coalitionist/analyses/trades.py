"""Joint gain for a scenario: the façade over :mod:`coalitionist.trades` and its brief section.

The agreement is bargained among the decision makers: the actors the decision rule counts
(:func:`coalitionist.analyses.rule.decision_makers`; everyone when the rule counts everyone). Third parties
that have no say in the agreement (the USA in a Russia–China contract) shape it through influence and
coalitions, not through the packages' acceptability.

Issues without discrete ``options`` are searched on a grid of :data:`GRID_SIZE` evenly spaced points over their
scale (stated in the result). Compromise weights are capability × salience. An actor's own ``utility`` table
(keyed by option label or value; options it leaves out count 0) replaces the default additive utility.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coalitionist.analyses.rule import decision_makers
from coalitionist.analyses.section import Section, Table
from coalitionist.scenario.compile import WordTable, resolve
from coalitionist.scenario.model import Scenario
from coalitionist.trades import TradeInputs, analyze_trades
from coalitionist.trades.result import TradesResult

#: Points of the grid used for issues without discrete options.
GRID_SIZE = 11


def trade_inputs(
    scenario: Scenario, grid: int = GRID_SIZE, actors: Sequence[str] | None = None
) -> TradeInputs:
    """The scenario as the numeric inputs of the joint-gain analysis, among ``actors`` (default: the
    decision makers)."""
    chosen = set(decision_makers(scenario) if actors is None else actors)
    table = WordTable.of(scenario)
    arrays = scenario.arrays
    issues: dict[str, dict[str, Any]] = {}
    for issue in scenario.issues:
        spec: dict[str, Any] = {
            "scale": issue.scale,
            "status_quo": issue.status_quo_value,
            "kind": issue.kind,
        }
        values = issue.option_values
        if values is not None:
            spec["options"] = list(values)
            spec["labels"] = [issue.option_label(v) for v in values]
        else:
            spec["grid"] = grid
        issues[issue.id] = spec
    positions: dict[str, dict[str, tuple[float, float]]] = {}
    for i, actor in enumerate(scenario.actors):
        if actor.id not in chosen:
            continue
        row = {
            issue.id: (float(arrays.positions[i, k]), float(arrays.salience[i, k]))
            for k, issue in enumerate(scenario.issues)
            if arrays.stated[i, k]
        }
        if row:
            positions[actor.id] = row
    utility_tables: dict[str, dict[str, list[float]]] = {}
    members = [a for a in scenario.actors if a.id in chosen]
    for actor in members:
        if actor.utility is None:
            continue
        per_issue: dict[str, list[float]] = {}
        for issue_id, own in actor.utility.items():
            issue = scenario.issue(issue_id)
            values = issue.option_values or ()
            column = []
            for v in values:
                keys = (issue.option_label(v), f"{v:g}")
                column.append(next((float(own[k]) for k in keys if k in own), 0.0))
            per_issue[issue_id] = column
        utility_tables[actor.id] = per_issue
    discount = {
        a.id: resolve(a.discount_rate, table) for a in members if a.discount_rate is not None
    }
    risk = {a.id: resolve(a.risk_aversion, table) for a in members if a.risk_aversion is not None}
    beliefs: dict[str, dict[str, float]] = {}
    for a in members:
        for event, p in a.beliefs.items():
            beliefs.setdefault(event, {})[a.id] = resolve(p, table)
    return TradeInputs.from_spec(
        [a.id for a in members],
        issues,
        positions,
        utility_tables=utility_tables or None,
        capability={
            a.id: float(arrays.capability[i])
            for i, a in enumerate(scenario.actors)
            if a.id in chosen
        },
        discount_rate=discount or None,
        beliefs=beliefs or None,
        risk_aversion=risk or None,
    )


def run_trades(scenario: Scenario, *, seed: int | None = None) -> TradesResult:
    """The joint-gain analysis of the scenario."""
    return analyze_trades(trade_inputs(scenario), seed=seed)


def trades_dict(scenario: Scenario, result: TradesResult) -> dict[str, Any]:
    """The ``coalitionist trades --json`` object: the analysis plus how each issue's options were made."""
    out = result.to_dict()
    out["options"] = {
        s.id: "given"
        if s.option_values is not None
        else f"grid of {GRID_SIZE} points over the scale"
        for s in scenario.issues
    }
    out["decision_makers"] = list(decision_makers(scenario))
    return out


def _package_row(
    scenario: Scenario, name: str, pkg: dict[str, Any] | None
) -> tuple[str, ...] | None:
    if not pkg:
        return None
    utilities = pkg["utilities"]
    cells = [str(pkg["package"].get(s.id, "")) for s in scenario.issues]
    lowest = min(utilities.values()) if utilities else 0.0
    return (name, *cells, f"{sum(utilities.values()):.3f}", f"{lowest:.3f}")


def build_section(scenario: Scenario, sections: Sequence[Section]) -> Section | None:
    """The brief's joint-gain section: fair packages and trades on differences."""
    if not scenario.issues or not scenario.arrays.stated.any():
        return None
    result = run_trades(scenario, seed=0)
    data = trades_dict(scenario, result)
    rows = []
    for key, name in (
        ("compromise", "issue-by-issue compromise"),
        ("nash", "Nash bargaining"),
        ("kalai_smorodinsky", "Kalai–Smorodinsky"),
        ("egalitarian", "egalitarian (max–min)"),
        ("utilitarian", "utilitarian (max sum)"),
    ):
        row = _package_row(scenario, name, data.get(key))
        if row:
            rows.append(row)
    no_deal = data.get("no_deal", {})
    if no_deal:
        nd = (
            "no deal (status quo)",
            *(s.option_label(s.status_quo_value) for s in scenario.issues),
        )
        rows.insert(0, (*nd, f"{sum(no_deal.values()):.3f}", f"{min(no_deal.values()):.3f}"))
    who = decision_makers(scenario)
    reading = [
        (
            "Among the decision makers ("
            + (", ".join(who) if len(who) <= 8 else f"{len(who)} actors")
            + "): "
            if len(who) < len(scenario.actors)
            else ""
        )
        + f"{data['packages_evaluated']:,} packages evaluated ({data.get('method', '')}); "
        f"{data.get('pareto_count', len(data['pareto'])):,} are Pareto-efficient and "
        f"{data.get('acceptable_count', 0):,} leave every actor at least as well off as no deal."
    ]
    nash = data.get("nash")
    if nash:
        reading.append(
            "The Nash bargaining package: "
            + "; ".join(f"{scenario.issue(k).label} → {v}" for k, v in nash["package"].items())
            + "."
        )
    trade_rows = []
    for trade in data.get("trades", [])[:8]:
        trade_rows.append(
            (
                trade.get("kind", ""),
                ", ".join(trade.get("actors", [])),
                f"{trade.get('joint_gain', 0):.3f}",
                trade.get("explanation", ""),
            )
        )
    if trade_rows:
        reading.append(f"Best trade on differences: {trade_rows[0][3]}")
    for kind, why in (data.get("skipped") or {}).items():
        reading.append(f"Not computed ({kind.replace('_', ' ')}): {why}.")
    tables = [
        Table(
            ("package", *(s.id for s in scenario.issues), "sum of utilities", "lowest utility"),
            tuple(rows),
            caption="Agreements worth considering",
            align="l" + "l" * len(scenario.issues) + "rr",
        )
    ]
    if trade_rows:
        tables.append(
            Table(
                ("kind", "who", "joint gain", "the trade"),
                tuple(trade_rows),
                caption="Trades on differences",
                align="llrl",
            )
        )
    return Section(
        key="trades",
        title="Where joint gain lies",
        question="What agreements create value, and who trades what?",
        reading=tuple(reading),
        tables=tuple(tables),
        data=data,
    )
