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

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from coalitionist.analyses.forecast import fmt_issue_value
from coalitionist.analyses.rule import decision_makers, scenario_rule
from coalitionist.analyses.scale import ScalePlan, top_trade_actors
from coalitionist.analyses.section import Section, Table
from coalitionist.scenario.compile import WordTable, resolve
from coalitionist.scenario.model import Scenario
from coalitionist.seeding import Seed, seeded
from coalitionist.trades import TradeInputs, analyze_trades
from coalitionist.trades._common import fmt_signed, issue_list
from coalitionist.trades.describe import (
    TradeRelevance,
    explain,
    focal_relevance,
    trade_sentence,
    trade_terms,
)
from coalitionist.trades.result import Package, TradesResult
from coalitionist.wording import names_join

#: Points of the grid used for issues without discrete options.
GRID_SIZE = 11


def no_deal_point(scenario: Scenario, forecast: dict[str, float] | None) -> dict[str, float]:
    """The trades' no-deal point: the brief's one forecast (what happens if nothing is agreed), each issue
    with listed ``options`` at the option nearest to it (ties: the lower) and each other issue at the
    forecast as the brief prints it (3 significant digits); the status quo without a forecast.

    Examples
    --------
    >>> from coalitionist.examples import example_path
    >>> from coalitionist.io import load_scenario
    >>> gas = load_scenario(example_path("russia-china-gas-2014"))
    >>> no_deal_point(gas, {"price": 310.4, "route": 100.0, "volume": 39.2})
    {'price': 310.0, 'route': 100.0, 'volume': 38.0}
    >>> no_deal_point(gas, None)["price"]
    450.0
    """
    out: dict[str, float] = {}
    for issue in scenario.issues:
        sq = float(issue.status_quo_value)
        v = sq if forecast is None else float(forecast.get(issue.id, sq))
        values = issue.option_values
        if values is not None:
            v = float(min(values, key=lambda o: (abs(float(o) - v), float(o))))
        else:
            v = float(f"{v:.3g}")
        out[issue.id] = v
    return out


def trade_inputs(
    scenario: Scenario,
    grid: int = GRID_SIZE,
    actors: Sequence[str] | None = None,
    *,
    no_deal: dict[str, float] | None = None,
) -> TradeInputs:
    """The scenario as the numeric inputs of the joint-gain analysis, among ``actors`` (default: the
    decision makers), with ``no_deal`` (issue id → value, :func:`no_deal_point`) as the point every
    package is measured against (default: the status quo)."""
    chosen = set(decision_makers(scenario) if actors is None else actors)
    table = WordTable.of(scenario)
    arrays = scenario.arrays
    issues: dict[str, dict[str, Any]] = {}
    for issue in scenario.issues:
        spec: dict[str, Any] = {
            "scale": issue.scale,
            "status_quo": issue.status_quo_value
            if no_deal is None
            else no_deal.get(issue.id, issue.status_quo_value),
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


@seeded()
def run_trades(
    scenario: Scenario,
    *,
    seed: Seed = None,
    progress: Callable[[int, int], None] | None = None,
    no_deal: dict[str, float] | None = None,
) -> TradesResult:
    """The joint-gain analysis of the scenario (``progress``: :func:`coalitionist.trades.analyze_trades`'s
    step callback), every package measured against ``no_deal`` (default: the status quo)."""
    return analyze_trades(trade_inputs(scenario, no_deal=no_deal), seed=seed, progress=progress)


def brief_no_deal(scenario: Scenario, sections: Sequence[Section] = ()) -> dict[str, float]:
    """The no-deal point the brief's trades measure against: the brief's one forecast
    (:func:`coalitionist.analyses.reference.shared_forecast`, from ``sections``, or computed alone as the
    ``trades`` command does), placed on the issues' options by :func:`no_deal_point`."""
    from coalitionist.analyses.outcome import reference_sections
    from coalitionist.analyses.reference import shared_forecast

    ref = shared_forecast(sections) if sections else shared_forecast(reference_sections(scenario))
    return no_deal_point(scenario, None if ref is None else ref.point)


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
    # the sentences in names, as the brief writes them (the "actors" and "gains" fields keep the ids)
    names = {a.id: a.label for a in scenario.actors}
    issues = {s.id: s.label for s in scenario.issues}
    for entry, trade in zip(out.get("trades", []), result.trades, strict=False):
        entry["explanation"] = explain(trade, names, issues)
    return out


#: Packages enumerated exactly for the two-actor frontier; larger spaces are sampled.
MAX_PACKAGES = 200_000
#: Packages drawn when the space is larger than :data:`MAX_PACKAGES`.
SAMPLE_PACKAGES = 20_000


@dataclass(frozen=True)
class PairFrontier:
    """Two decision makers' utilities over the packages (all of them, or a seeded random sample): what the
    Pareto figure draws.

    Attributes
    ----------
    actor_a, actor_b : str
        The pair (:func:`choose_pair`).
    points : ndarray, shape (m, 2)
        Each evaluated package's utilities to the two, in evaluation order (duplicates kept).
    no_deal : (float, float)
        Their utilities of no deal (the brief's forecast, :func:`no_deal_point`).
    nash_pair : (float, float) or None
        The utilities of the pair's own Nash bargaining package: the package maximising the product of
        both gains over no deal among those better for both (ties: the larger sum, then the first);
        ``None`` when no package is better for both.
    nash_pair_package : dict
        That package, ``{issue: option label}``.
    sampled : bool
        Whether ``points`` is a sample of :data:`SAMPLE_PACKAGES` packages (the space exceeds
        :data:`MAX_PACKAGES`).
    space : int
        Number of packages in the space.
    """

    actor_a: str
    actor_b: str
    points: NDArray[np.float64]
    no_deal: tuple[float, float]
    nash_pair: tuple[float, float] | None
    nash_pair_package: dict[str, str | float]
    sampled: bool
    space: int


def choose_pair(scenario: Scenario, candidates: Sequence[str]) -> tuple[str, str] | None:
    """The two actors whose frontier to draw, among ``candidates`` (the decision makers).

    With a focal actor among them: the focal actor and its main counterpart, the candidate with the most at
    stake against it (capability × Σ salience × distance from the focal actor's position, over issues).
    Otherwise the two candidates with the largest capability × Σ salience.
    """
    if len(candidates) < 2:
        return None
    arrays = scenario.arrays
    span = np.where(arrays.high > arrays.low, arrays.high - arrays.low, 1.0)
    weight = {
        a: float(arrays.capability[scenario.actor_index[a]])
        * float(arrays.salience[scenario.actor_index[a]].sum())
        for a in candidates
    }
    focal = scenario.focal
    if focal is not None and focal in candidates:
        f = scenario.actor_index[focal]

        def stake(a: str) -> float:
            i = scenario.actor_index[a]
            both = arrays.stated[i] & arrays.stated[f]
            gap = np.abs(arrays.positions[i] - arrays.positions[f]) / span
            return float(arrays.capability[i] * np.sum(arrays.salience[i] * gap * both))

        others = [a for a in candidates if a != focal]
        best = max(others, key=lambda a: (stake(a), weight[a], a))
        return focal, best
    top = sorted(candidates, key=lambda a: (-weight[a], a))[:2]
    return top[0], top[1]


def pair_frontier(
    scenario: Scenario,
    candidates: Sequence[str],
    *,
    seed: int | None = 0,
    no_deal: dict[str, float] | None = None,
) -> PairFrontier | None:
    """The utilities of every package (or a seeded sample of them) to the pair :func:`choose_pair` picks
    among ``candidates``, measured against ``no_deal`` (default: the status quo); None without two of
    them."""
    from coalitionist.trades import compile_tables

    pair = choose_pair(scenario, [a for a in candidates if a in scenario.actor_index])
    if pair is None:
        return None
    a, b = pair
    inputs = trade_inputs(scenario, actors=[a, b], no_deal=no_deal)
    if len(inputs.actors) < 2:
        return None
    ia, ib = inputs.actors.index(a), inputs.actors.index(b)
    tables = compile_tables(inputs)
    per_issue = tables.float_tables()  # (m_k, n) per issue
    sizes = [t.shape[0] for t in per_issue]
    space = int(np.prod(sizes, dtype=object))
    sampled = space > MAX_PACKAGES
    if sampled:
        rng = np.random.default_rng(seed)
        choices = np.stack([rng.integers(0, m, SAMPLE_PACKAGES) for m in sizes], axis=1)
    else:
        choices = np.indices(sizes).reshape(len(sizes), -1).T
    utils = np.zeros((choices.shape[0], 2))
    for k, t in enumerate(per_issue):
        utils[:, 0] += t[choices[:, k], ia]
        utils[:, 1] += t[choices[:, k], ib]
    d = (float(tables.no_deal[ia]), float(tables.no_deal[ib]))
    gains = (utils[:, 0] - d[0]) * (utils[:, 1] - d[1])
    both = (utils[:, 0] > d[0] + 1e-12) & (utils[:, 1] > d[1] + 1e-12)
    nash: tuple[float, float] | None = None
    package: dict[str, str | float] = {}
    if both.any():
        score = np.where(both, gains, -np.inf)
        best = float(score.max())
        ties = np.flatnonzero(score >= best - 1e-12)
        r = int(ties[np.argmax(utils[ties].sum(axis=1))])
        nash = (float(utils[r, 0]), float(utils[r, 1]))
        package = {
            inputs.issues[k]: inputs.option_label(k, int(choices[r, k])) for k in range(len(sizes))
        }
    return PairFrontier(
        a,
        b,
        utils,
        d,
        nash,
        package,
        sampled,
        space,
    )


@dataclass(frozen=True)
class TradesBrief:
    """The typed result of the brief's trades section: the joint-gain analysis, the frontier of the two
    decision makers the figure shows, and each trade's relevance to the focal actor (in the order of
    ``result.trades``; every trade shown when there is no focal actor)."""

    result: TradesResult
    pair: PairFrontier | None = None
    relevance: tuple[TradeRelevance, ...] = ()
    needed: tuple[str, ...] = ()


def needed_actors(scenario: Scenario, sections: Sequence[Section] = ()) -> tuple[str, ...]:
    """The actors the focal actor needs to win: the members (other than it) of the minimal winning
    coalitions that contain it, from the power section's enumeration when the brief has one (else enumerated
    now, up to the power engine's limit); empty without a focal actor. When no enumerated minimal winning
    coalition contains the focal actor (it is not a decision maker), the members of all of them."""
    focal = scenario.focal
    if focal is None or focal not in scenario.actor_index:
        return ()
    from coalitionist.analyses.power import ScenarioGame
    from coalitionist.power.game import minimal_winning

    game = next(
        (s.result for s in sections if s.key == "power" and isinstance(s.result, ScenarioGame)),
        None,
    )
    mwc = game.minimal_winning if game is not None else minimal_winning(scenario_rule(scenario))
    f = scenario.actor_index[focal]
    with_focal = [c for c in mwc.coalitions if f in c] or list(mwc.coalitions)
    rows = sorted({i for c in with_focal for i in c} - {f})
    return tuple(scenario.actors[i].id for i in rows)


def coalition_partners(scenario: Scenario, sections: Sequence[Section] = ()) -> tuple[str, ...]:
    """The coalition the focal actor is building: the actors predicted to cast its vote on the proposal
    (the outcome section's votes; computed at the point estimates when no outcome section ran), without
    it; empty without a focal actor or a vote."""
    focal = scenario.focal
    if focal is None:
        return ()
    from coalitionist.analyses.coalitions import shared_votes
    from coalitionist.analyses.outcome import reference_sections

    votes = shared_votes(sections)
    if votes is None:
        votes = shared_votes(reference_sections(scenario))
    if not votes or focal not in votes:
        return ()
    return tuple(a.id for a in scenario.actors if a.id != focal and votes.get(a.id) == votes[focal])


def _partner_cost(r: TradeRelevance, partners: Sequence[str]) -> list[tuple[str, float]]:
    """The coalition partners a trade leaves worse off, with their losses (parties gain by definition)."""
    t = r.trade
    out = []
    for a in partners:
        g = t.gains.get(a, t.effect_on_others.get(a))
        if g is not None and float(g) < -1e-9:
            out.append((a, float(g)))
    return out


def _trade_lines(
    scenario: Scenario,
    relevance: Sequence[TradeRelevance],
    limit: int = 8,
    partners: Sequence[str] = (),
) -> tuple[list[tuple[str, ...]], list[str]]:
    """The table rows of the trades shown as advice (names, not ids) and the sentences about the rest.

    Each row is ``(kind, who, joint gain, terms in a few words, the whole sentence)``: the table shows the
    first four, the brief reads out the whole sentence of the first. Trades that cost none of the focal
    actor's coalition ``partners`` come first (in their order of joint gain); a trade that costs them says
    so, by name and amount."""
    names = {a.id: a.label for a in scenario.actors}
    issues = {s.id: s.label for s in scenario.issues}
    focal = scenario.focal
    rows: list[tuple[str, ...]] = []
    shown = [r for r in relevance if r.shown]
    costs = {id(r): _partner_cost(r, partners) for r in shown}
    shown.sort(key=lambda r: bool(costs[id(r)]))  # stable: joint-gain order within each group
    for r in shown:
        if len(rows) >= limit:
            break
        text = trade_sentence(r.trade, names, issues)
        short = trade_terms(r.trade, names, issues)
        if not r.focal_party and focal is not None and r.moves:
            moved = issue_list([f"{names.get(a, a)} ({fmt_signed(g)})" for a, g in r.moves[:3]])
            cost = (
                ""
                if r.focal_effect is None
                else f", and it leaves {names[focal]} at {fmt_signed(r.focal_effect)}"
            )
            text += (
                f" Why it matters to {names[focal]}: it moves {moved}, whom {names[focal]} needs"
                f" to win{cost}."
            )
        hurt = costs[id(r)]
        if hurt and focal is not None:
            text += (
                " It costs "
                + names_join([f"{names.get(a, a)} ({fmt_signed(g)})" for a, g in hurt])
                + f", in the coalition {names[focal]} is building (those who vote with it on the"
                " proposal)."
            )
        rows.append(
            (
                r.trade.kind,
                ", ".join(names.get(a, a) for a in r.trade.actors),
                f"{float(r.trade.joint_gain):.3f}",
                short,
                text,
            )
        )
    notes: list[str] = []
    if shown and focal is not None and all(costs[id(r)] for r in shown):
        notes.append(
            f"No trade shown spares the coalition {names[focal]} is building: each costs at least one of "
            + names_join(sorted({names.get(a, a) for r in shown for a, _ in costs[id(r)]}))
            + "."
        )
    hidden = [r for r in relevance if not r.shown]
    if hidden and focal is not None:
        me = names[focal]
        costly = sum(r.focal_effect is not None and r.focal_effect < 0 for r in hidden)
        idle = len(hidden) - costly
        parts = []
        if costly:
            parts.append(f"{costly} would cost {me}")
        if idle:
            parts.append(f"{idle} {'move' if idle != 1 else 'moves'} no actor {me} needs")
        notes.append(
            f"{len(hidden)} trade{'s' if len(hidden) != 1 else ''} between other actors"
            f" {'are' if len(hidden) != 1 else 'is'} not advice for {me}: "
            + " and ".join(parts)
            + " (every trade: `coalitionist trades FILE --json`)."
        )
    return rows, notes


#: What the trades on differences are measured against, said beside the no-deal point (they improve on the
#: issue-by-issue compromise, not on no deal: "every gain below" was not true of them).
TRADES_BASE = (
    "; a trade on differences is measured against the issue-by-issue compromise it improves on."
)


def no_deal_sentence(scenario: Scenario, point: dict[str, float]) -> str:
    """What "no deal" means in this section, in words: the brief's forecast or the status quo; the
    packages are measured against it, the trades on differences against the compromise."""
    if all(abs(point[s.id] - float(s.status_quo_value)) < 1e-9 for s in scenario.issues):
        return (
            "No deal is the status quo, which is also the brief's forecast: every package below is"
            " measured against it" + TRADES_BASE
        )
    where = "; ".join(
        f"{s.label} {fmt_issue_value(scenario, s.id, point[s.id])}" for s in scenario.issues
    )
    return (
        f"No deal means the brief's forecast ({where}), not the status quo: what the parties get if"
        " they agree nothing more, so every package below is measured against it" + TRADES_BASE
    )


def _cell(value: object) -> str:
    """A package's option for a table cell: its label, or the number for people (``390``, not ``390.0``)."""
    if isinstance(value, float | int) and not isinstance(value, bool):
        return f"{float(value):g}"
    return str(value)


def _package_row(scenario: Scenario, name: str, pkg: Package | None) -> tuple[str, ...] | None:
    if pkg is None:
        return None
    utilities = [float(u) for u in pkg.utilities.values()]
    cells = [_cell(pkg.package.get(s.id, "")) for s in scenario.issues]
    lowest = min(utilities) if utilities else 0.0
    return (name, *cells, f"{sum(utilities):.3f}", f"{lowest:.3f}")


def build_section(
    scenario: Scenario,
    sections: Sequence[Section],
    *,
    seed: int | None = 0,
    result: TradesResult | None = None,
    no_deal: dict[str, float] | None = None,
    scale: ScalePlan | None = None,
) -> Section | None:
    """The brief's joint-gain section: fair packages and trades on differences.

    With a focal actor, the trades shown are those it is party to and those between third parties that
    move an actor it needs (:func:`coalitionist.trades.describe.focal_relevance`, :func:`needed_actors`);
    the others are counted in one sentence. ``data`` (the JSON) keeps every trade. ``result`` is the
    analysis already run (the ``trades`` command runs it under its progress bar) against ``no_deal``
    (default: :func:`brief_no_deal`, the brief's one forecast). ``scale``: the methods of a large scenario
    (:mod:`coalitionist.analyses.scale`): when it keeps only some decision makers, the analysis runs among
    those (:func:`coalitionist.analyses.scale.top_trade_actors`) and the reading says how many are left out.
    """
    if not scenario.issues or not scenario.arrays.stated.any():
        return None
    point = brief_no_deal(scenario, sections) if no_deal is None else no_deal
    switched = scale.method("trades") if scale is not None else None
    kept: tuple[str, ...] | None = None
    if result is None and scale is not None and scale.trades_actors is not None:
        kept = top_trade_actors(scenario, decision_makers(scenario), scale.trades_actors)
        result = analyze_trades(trade_inputs(scenario, actors=kept, no_deal=point), seed=seed)
    result = run_trades(scenario, seed=seed, no_deal=point) if result is None else result
    data = trades_dict(scenario, result)
    data["no_deal_point"] = point
    rows = []
    for pkg, name in (
        (result.compromise, "issue-by-issue compromise"),
        (result.nash, "Nash bargaining"),
        (result.kalai_smorodinsky, "Kalai–Smorodinsky"),
        (result.egalitarian, "egalitarian (max–min)"),
        (result.utilitarian, "utilitarian (max sum)"),
    ):
        row = _package_row(scenario, name, pkg)
        if row:
            rows.append(row)
    no_deal_utils = [float(u) for u in result.no_deal.values()]
    if no_deal_utils:
        at_sq = all(abs(point[s.id] - float(s.status_quo_value)) < 1e-9 for s in scenario.issues)
        nd = (
            "no deal (the status quo)" if at_sq else "no deal (the brief's forecast)",
            *(s.option_label(point[s.id]) for s in scenario.issues),
        )
        rows.insert(0, (*nd, f"{sum(no_deal_utils):.3f}", f"{min(no_deal_utils):.3f}"))
    who = decision_makers(scenario)
    reading = [
        (
            f"Among the {len(kept):,} decision makers with the largest capability × salience: "
            if kept is not None
            else "Among the decision makers ("
            + (
                ", ".join(scenario.actor(a).label for a in who)
                if len(who) <= 8
                else f"{len(who)} actors"
            )
            + "): "
            if len(who) < len(scenario.actors)
            else ""
        )
        + f"{int(result.packages_evaluated):,} packages evaluated ({result.method}); "
        f"{len(result.pareto):,} are Pareto-efficient and "
        + (
            f"{result.acceptable_count:,} leave{'s' if result.acceptable_count == 1 else ''}"
            if result.acceptable_count
            else "none leaves"
        )
        + " every actor at least as well off as no deal."
    ]
    if switched is not None:
        reading.append(switched.sentence())
        data["scale"] = {**switched.to_dict(), "actors": list(kept or ())}
    reading.append(no_deal_sentence(scenario, point))
    nash = result.nash
    if nash is None and not all(
        abs(point[s.id] - float(s.status_quo_value)) < 1e-9 for s in scenario.issues
    ):
        reading.append(
            "No package on the options is better for every decision maker than the forecast: the"
            " bargaining has no joint gain left for all of them together"
            + ("; what remains is in the trades on differences below." if result.trades else ".")
        )
    if nash is not None:
        reading.append(
            "The Nash bargaining package: "
            + "; ".join(f"{scenario.issue(k).label} → {_cell(v)}" for k, v in nash.package.items())
            + "."
        )
    needed = needed_actors(scenario, sections)
    relevance = focal_relevance(result.trades, scenario.focal, needed)
    partners = coalition_partners(scenario, sections)
    trade_rows, trade_notes = _trade_lines(scenario, relevance, partners=partners)
    if trade_rows:
        spares = not any(n.startswith("No trade shown spares") for n in trade_notes)
        best = "Best trade on differences"
        if partners and spares and scenario.focal is not None:
            best += f" for {scenario.actor(scenario.focal).label}'s coalition"
        reading.append(f"{best}: {trade_rows[0][4]}")
    reading.extend(trade_notes)
    for kind, why in result.skipped.items():
        reading.append(f"Not computed ({kind.replace('_', ' ')}): {why}.")
    tables = [
        Table(
            ("package", *(s.label for s in scenario.issues), "sum of utilities", "lowest utility"),
            tuple(rows),
            caption="Agreements worth considering",
            align="l" + "l" * len(scenario.issues) + "rr",
        )
    ]
    if trade_rows:
        tables.append(
            Table(
                ("kind", "who", "joint gain", "the trade"),
                tuple(row[:4] for row in trade_rows),
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
        result=TradesBrief(
            result,
            pair_frontier(scenario, result.actors, seed=seed, no_deal=point),
            relevance,
            needed,
        ),
    )
