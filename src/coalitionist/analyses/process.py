"""Process planning for a scenario: the bridge from the Scenario to :mod:`coalitionist.process`.

What this module decides (everything else is the numeric package's):

* **The rule on votes and the bands** are the outcome engine's (:func:`coalitionist.analyses.outcome.
  outcome_rule`: the decision makers' ternary rule with the file's abstention options; each actor's
  ``indifference`` band, default 0.05).
* **Options per issue.** The issue's ``options`` when the file lists them; else, when at least three points
  of its scale are labelled, those points and the status quo (the file names the alternatives on the
  table); otherwise the status quo, every stated position, every labelled point and the quarter points of
  the scale.
* **Ties.** A friendly tie (alliance, influence, hierarchy, funds, history with a positive sign) lets its
  source sway its target with its weight (both ways when mutual; a dependency lets the depended-on sway the
  dependant); a tie with sign −1 is hostile both ways.
* **Uncertainty.** Monte Carlo draws of the scenario's stated distributions; where the file states none,
  :func:`coalitionist.process.perturbed_draws` (positions ± 10 % of the scale, saliences ± 0.1).
  First movers are weighted by capability.
* **The plan** is the recruitment plan of :mod:`coalitionist.analyses.strategy` (its main line).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from coalitionist.analyses.forecast import has_uncertainty, nearest_point
from coalitionist.analyses.outcome import _bands as outcome_bands
from coalitionist.analyses.outcome import outcome_rule
from coalitionist.analyses.reference import shared_forecast
from coalitionist.analyses.rule import decision_makers, scenario_rule
from coalitionist.analyses.scale import ScalePlan
from coalitionist.analyses.section import Section
from coalitionist.analyses.strategy import PlanningSetup, StrategyResult, default_goal, run_plan
from coalitionist.coalitions import LockoutExposure
from coalitionist.coalitions.describe import possessive
from coalitionist.errors import UsageError
from coalitionist.jsonable import plain
from coalitionist.process import (
    Approach,
    Leverage,
    LockoutResult,
    MeetingPlan,
    Offer,
    PackageChoice,
    PackagePlan,
    PackageProblem,
    Tactic,
    design_meetings,
    early_leverage,
    lockout_risk,
    needed_voters,
    perturbed_draws,
    plan_packages,
    plan_tactics,
    price_offers,
    sticky_package,
)
from coalitionist.process.votes import ABSTAIN, NO, YES, package_gain
from coalitionist.scenario.compile import ArrayDraws, WordTable, resolve
from coalitionist.scenario.model import Scenario
from coalitionist.seeding import seeded
from coalitionist.strategy import Plan
from coalitionist.strategy.plan import PlanStep
from coalitionist.wording import names_join, percent, their, they

__all__ = ["DEFAULT_SAMPLES", "ScenarioProcess", "process_dict", "run_process", "scenario_options"]

#: Monte Carlo samples of the lockout risk by default.
DEFAULT_SAMPLES = 2000

#: An issue with at least this many labelled points has those points (and the status quo) as its options:
#: the file names the alternatives on the table.
LABELLED_OPTIONS = 3

_SWAYS = {"alliance", "influence", "hierarchy", "funds", "history"}


def scenario_options(scenario: Scenario) -> list[NDArray[np.float64]]:
    """The options of each issue (see the module docstring)."""
    a = scenario.arrays
    out = []
    for k, issue in enumerate(scenario.issues):
        if issue.option_values is not None:
            out.append(np.unique(np.array([*issue.option_values, a.status_quo[k]], dtype=float)))
            continue
        lo, hi = issue.scale
        if len(issue.labels) >= LABELLED_OPTIONS:
            pts = {float(a.status_quo[k]), *(float(v) for v in issue.labels)}
            out.append(np.array(sorted(p for p in pts if lo <= p <= hi), dtype=float))
            continue
        pts = {float(a.status_quo[k]), *(lo + (hi - lo) * t for t in (0, 0.25, 0.5, 0.75, 1))}
        pts.update(float(v) for v in issue.labels)
        pts.update(float(a.positions[i, k]) for i in range(len(scenario.actors)) if a.stated[i, k])
        out.append(np.array(sorted(p for p in pts if lo <= p <= hi), dtype=float))
    return out


def option_text(issue: Any, value: float) -> str:
    """The label of a point on an issue; an unlabelled point near a labelled one says so."""
    text = issue.option_label(float(value))
    if text != f"{float(value):g}":
        return str(text)
    nearest = nearest_point(
        issue, float(value)
    )  # the forecast section's rule: "≈" within 5 % of the range
    if nearest is not None:
        label = issue.option_label(nearest)
        if label != f"{nearest:g}":
            return f"{value:g} (≈ {label})"
    return f"{value:g} {scale_words(issue, value)}"


def scale_words(issue: Any, value: float) -> str:
    """What an unlabelled point means on its issue's scale: ``on its 0–100 scale, between 'no agreement
    approved' at 0 and 'the deal as negotiated' at 100`` (the nearest labelled points on either side; the
    scale alone when none is labelled); the issue's unit instead of the scale when it has one (``bcm per
    year``)."""
    lo, hi = issue.scale
    marks = {float(v): str(lab) for v, lab in issue.labels.items()}
    marks.update(
        {
            float(o.value): str(o.label)
            for o in (issue.options or ())
            if not isinstance(o, float | int) and o.label
        }
    )
    below = max((v for v in marks if v < value), default=None)
    above = min((v for v in marks if v > value), default=None)
    scale = str(issue.unit) if issue.unit else f"on its {lo:g}–{hi:g} scale"
    if below is not None and above is not None:
        return f"{scale}, between '{marks[below]}' at {below:g} and '{marks[above]}' at {above:g}"
    if below is not None:
        return f"{scale}, above '{marks[below]}' at {below:g}"
    if above is not None:
        return f"{scale}, below '{marks[above]}' at {above:g}"
    return scale


def tie_matrices(scenario: Scenario) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """``(sway, hostile)``, shape ``(n, n)``: friendly sway from source to target, hostile strength."""
    n = len(scenario.actors)
    sway = np.zeros((n, n))
    hostile = np.zeros((n, n))
    table = WordTable.of(scenario)
    idx = scenario.actor_index
    for tie in scenario.relationships:
        if tie.type == "member_of":
            continue
        w = resolve(tie.weight, table)
        s, t = idx[tie.source], idx[tie.target]
        if tie.effective_sign < 0:
            hostile[s, t] = hostile[t, s] = max(hostile[s, t], w)
            continue
        pairs = [(t, s)] if tie.type == "dependency" else [(s, t)]
        if tie.is_mutual:
            pairs.append(pairs[0][::-1])
        if tie.type in _SWAYS or tie.type == "dependency":
            for a, b in pairs:
                sway[a, b] = max(sway[a, b], w)
    return sway, hostile


@dataclass(frozen=True)
class ScenarioProcess:
    """Everything the process command reports, with the scenario's names for sentences."""

    focal: str
    actors: tuple[str, ...]
    names: dict[str, str]
    issues: tuple[str, ...]
    packaging: PackagePlan
    offers: tuple[Offer, ...]
    lockout: LockoutResult | None
    leverage: tuple[Leverage, ...]
    meetings: MeetingPlan | None
    tactics: tuple[Tactic, ...]
    plan: Plan | None = field(repr=False)
    setup: PlanningSetup | None = field(repr=False)
    sentences: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    #: ``"win"`` (carry a package), ``"block"`` (the focal side opposes the decision) or ``"value"``: the
    #: recruitment plan's goal, which the meetings and tactics follow.
    goal: str = "win"
    #: The brief's one forecast (issue id → value): what happens if nothing changes.
    forecast: dict[str, float] | None = None
    #: Under ``goal == "block"``: the decision the focal side opposes (the proposal, else the forecast).
    opposed: dict[str, float] | None = None
    #: The focal actor's gain from the package it tables over the brief's forecast (None without either).
    gain_over_forecast: float | None = None
    #: Carriers of the package (rows) that prefer the brief's forecast to it beyond their indifference
    #: band, with that loss: the package passes against the status quo, but they can hold out for the
    #: forecast.
    prefer_forecast: tuple[tuple[int, float], ...] = ()
    #: When the setter's best package against the status quo would be voted down by carriers holding out
    #: for the forecast: that package and the holdouts (row, loss against the forecast); the package tabled
    #: is then the best one none of its carriers would refuse for the forecast.
    outbid: tuple[PackageChoice, tuple[tuple[int, float], ...]] | None = None


def _pass_function(scenario: Scenario) -> tuple[Any, Any]:
    """The binary rule over every actor (for meetings: who wins, who can block) and the outcome engine's
    ternary rule on full vote profiles (only the decision makers' columns count)."""
    rule = scenario_rule(scenario)
    voters, tern = outcome_rule(scenario)
    cols = np.array([scenario.actor_index[v] for v in voters], dtype=np.int64)

    def passes(codes: NDArray[np.int8]) -> NDArray[np.bool_]:
        return tern.passes(np.asarray(codes)[:, cols])

    return rule, passes


def _draws(
    scenario: Scenario, samples: int, seed: int | None
) -> tuple[NDArray[np.float64], NDArray[np.float64], bool]:
    a = scenario.arrays
    if has_uncertainty(scenario):
        rng = np.random.default_rng(seed)
        P = np.empty((samples, *a.positions.shape))
        S = np.empty((samples, *a.salience.shape))
        draws = ArrayDraws.of(scenario)  # the numbers of compile_arrays(scenario, rng), listed once
        for s in range(samples):
            _cap, P[s], S[s] = draws.inputs(rng)
        return P, S, False
    P, S = perturbed_draws(a.positions, a.salience, a.low, a.high, samples=samples, seed=seed)
    return P, S, True


@seeded(convert="entropy")
def run_process(
    scenario: Scenario,
    *,
    focal: str | None = None,
    samples: int = DEFAULT_SAMPLES,
    seed: int | None = 0,
    progress: Callable[[int, int], None] | None = None,
    planned: tuple[PlanningSetup, Plan] | None = None,
    forecast: dict[str, float] | None = None,
    scale: ScalePlan | None = None,
) -> ScenarioProcess:
    """Plan the process for ``focal`` (default: the file's focal actor).

    ``planned`` is the recruitment plan already computed for the same focal actor (the brief's strategy
    section), so it is not planned twice. ``forecast`` is the brief's one forecast (issue id → value;
    computed when not given): the package's value is stated against it, and a focal side whose goal is to
    block opposes it when the file has no proposal. ``scale``: the brief's methods for a large scenario
    (:func:`coalitionist.analyses.scale.choose_methods`): the forecast computed here uses its bargaining
    model and the recruitment plan its cap on candidates, as the brief's do.

    The meetings and tactics follow the plan's goal: ``win`` carries the package (or, when nothing the
    focal actor wants passes yet, prepares the votes for its favourite package); ``block`` builds the side
    that stops the decision it opposes (the proposal, else the forecast), and the vote is safe when that side
    can block or the decision fails anyway.

    Raises
    ------
    UsageError
        Without a focal actor, with an unknown one, or without issues.
    """
    who = focal or scenario.focal
    if who is None:
        raise UsageError("no focal actor: add focal: <actor id> to the file, or pass --for ACTOR")
    if who not in scenario.actor_index:
        raise UsageError(f"--for: '{who}' is not an actor of the scenario")
    if not scenario.issues:
        raise UsageError("the scenario has no issues: there is no package to table")
    if samples < 0:
        raise UsageError("--samples must be ≥ 0")
    a = scenario.arrays
    f = scenario.actor_index[who]
    ids = a.actors
    names = {x.id: x.label for x in scenario.actors}
    rule, passes = _pass_function(scenario)
    width = a.high - a.low
    band = outcome_bands(scenario, WordTable.of(scenario), None)
    problem = PackageProblem(
        ids,
        a.issues,
        a.positions,
        a.salience,
        a.status_quo,
        width,
        scenario_options(scenario),
        f,
        passes,
        band=band,
        voters=[scenario.actor_index[m] for m in decision_makers(scenario)],
    )
    packaging = plan_packages(problem)
    notes: list[str] = []
    if forecast is None:
        from coalitionist.analyses.outcome import reference_sections

        ref = shared_forecast(
            reference_sections(
                scenario,
                seed=seed if seed is not None else 0,
                **({"model": scale.forecast_model} if scale is not None else {}),
            )
        )
        forecast = None if ref is None else dict(ref.point)
    setup: PlanningSetup | None = None
    plan: Plan | None = None
    if planned is not None and planned[0].focal == who:
        setup, plan = planned
    else:
        try:
            setup, plan = run_plan(
                scenario,
                focal=who,
                seed=seed if seed is not None else 0,
                forecast=forecast,
                max_candidates=None if scale is None else scale.plan_candidates,
            )
        except UsageError as exc:
            notes.append(f"No recruitment plan: {exc}")
    goal = setup.goal if setup is not None else default_goal(scenario, who, forecast)
    opposed: dict[str, float] | None = None
    if goal == "block":
        x = {s.id: float(s.status_quo_value) for s in scenario.issues}
        x.update(scenario.proposal or forecast or {})
        opposed = x
    committed = [scenario.actor_index[c] for c in (setup.committed if setup else ())]
    outbid: tuple[PackageChoice, tuple[tuple[int, float], ...]] | None = None
    if forecast is not None and goal != "block" and packaging.best.package is not None:
        packaging, outbid = _stick_to_forecast(scenario, packaging, forecast, f)
    offers = price_offers(packaging, committed=committed) if goal != "block" else ()
    pkg = packaging.best.package
    target = pkg.values if pkg is not None else packaging.ideal.values
    sway, hostile = tie_matrices(scenario)
    lock: LockoutResult | None = None
    secure_p = np.full(len(ids), 0.5)
    if setup is not None:
        for c, pc in zip(setup.problem.candidates, setup.problem.p, strict=True):
            secure_p[scenario.actor_index[c]] = float(pc)
        secure_p[committed] = 1.0
    if samples > 0 and len(ids) >= 3:
        P, S, noise = _draws(scenario, samples, seed)
        if noise:
            notes.append(
                "The file states no uncertainty: the lockout risk uses a default estimation error"
                " (positions ± 10 % of the scale, saliences ± 0.1)."
            )
        lock = lockout_risk(
            P,
            S,
            a.status_quo,
            width,
            target,
            f,
            passes,
            band=band,
            mover_weight=np.maximum(a.capability, 0.0),
            ties=sway,
            secured=committed,
            secure_p=secure_p,
            seed=seed,
            progress=progress,
        )
    leverage: tuple[Leverage, ...] = ()
    meetings: MeetingPlan | None = None
    steps: list[Approach] = []
    if setup is not None and plan is not None:
        prob = setup.problem
        rows = [scenario.actor_index[c] for c in prob.candidates]
        lev = early_leverage(prob.p, prob.joins.dense)
        leverage = tuple(
            Leverage(
                rows[x.actor],
                x.p,
                tuple((rows[r], v) for r, v in x.raises),
                x.expected,
            )
            for x in lev
        )
        for s in plan.steps:
            steps.append(
                Approach(
                    scenario.actor_index[s.actor],
                    float(s.p),
                    float(s.failure_cost),
                    None if s.on_refuse is None else scenario.actor_index[s.on_refuse],
                    tuple(
                        (scenario.actor_index[e.actor], float(e.before), float(e.after))
                        for e in s.if_refused
                        if e.after < e.before
                    ),
                    bool(s.reaches_goal),
                )
            )
        codes = pkg.codes if pkg is not None else packaging.ideal.codes
        if opposed is not None:  # the votes on the decision the focal side opposes
            codes = problem.votes(
                package_gain(
                    a.positions,
                    a.salience,
                    np.array([opposed[k] for k in a.issues]),
                    a.status_quo,
                    width,
                )
            )
        members = [scenario.actor_index[m] for m in decision_makers(scenario)]
        meetings = design_meetings(
            steps,
            n=len(ids),
            focal=f,
            committed=committed,
            members=members,
            package_codes=codes,
            wins=lambda m: bool(rule.wins(m)),
            blocks=lambda m: bool(rule.blocks(m)),
            passes=passes,
            sway=sway,
            hostile=hostile,
            goal="block" if goal == "block" else "win",
        )
    tactics: tuple[Tactic, ...] = ()
    if meetings is not None:
        choice = pkg if pkg is not None else packaging.ideal
        members = [scenario.actor_index[m] for m in decision_makers(scenario)]

        # the votes at the plenary: the package's predicted votes, with the plan's main line and the
        # committed actors backing it (not everyone else: a bloc that votes no on it stays no)
        backing = [f, *committed, *(st.actor for st in steps)]

        def can_block(r: int) -> bool:
            prof = np.asarray(choice.codes, dtype=np.int8).copy()
            prof[backing] = YES
            prof[r] = NO
            return not bool(passes(prof[None, :])[0])

        issue_objs = scenario.issues
        tactics = plan_tactics(
            names=[names[i] for i in ids],
            issue_names=[s.label for s in issue_objs],
            option_label=lambda k, v: option_text(issue_objs[k], float(v)),
            focal=f,
            positions=a.positions,
            salience=a.salience,
            status_quo=a.status_quo,
            width=width,
            kinds=[s.kind for s in issue_objs],
            package=choice.values,
            codes=choice.codes,
            gains=choice.gain,
            sway=sway,
            hostile=hostile,
            meetings=meetings,
            steps=steps,
            carried=packaging.carried_by,
            members=members,
            can_block=can_block,
            body_votes=float(sum(scenario.actors[m].votes for m in members)),
            leaders=[*committed, *(st.actor for st in steps)],
        )
        if goal == "block":
            # appeals to unanimity, idea credit and roles on the package are for the side that carries a
            # package; the blocking side keeps the conversations and how to handle a refusal
            tactics = tuple(
                t for t in tactics if t.kind in ("individual_check_in", "group_meeting", "refusal")
            )
    gain_over: float | None = None
    hold_out: list[tuple[int, float]] = []
    if forecast is not None and pkg is not None and goal != "block":
        both = np.array(
            [[float(pkg.values[k]) for k in range(len(a.issues))], [forecast[k] for k in a.issues]]
        )
        at = package_gain(a.positions, a.salience, both, a.status_quo, width)
        gain_over = float(at[0, f] - at[1, f])
        bands = np.broadcast_to(np.asarray(band, dtype=float), (len(ids),))
        for r in packaging.carried_by:
            loss = float(at[0, r] - at[1, r])
            if r != f and loss < -float(bands[r]):
                hold_out.append((int(r), loss))
    return ScenarioProcess(
        who,
        ids,
        names,
        a.issues,
        packaging,
        offers,
        lock,
        leverage,
        meetings,
        tactics,
        plan,
        setup,
        {},
        tuple(notes),
        goal,
        forecast,
        opposed,
        gain_over,
        tuple(hold_out),
        outbid,
    )


def _holdouts(
    problem: PackageProblem, pkg: PackageChoice, reference: NDArray[np.float64], focal: int
) -> tuple[tuple[int, float], ...]:
    """The package's carriers (voting yes, the focal actor aside) that prefer ``reference`` to it beyond
    their indifference band, with that loss."""
    at = package_gain(
        problem.positions,
        problem.salience,
        np.stack([pkg.values, reference]),
        problem.status_quo,
        problem.width,
    )
    return tuple(
        (int(r), float(at[0, r] - at[1, r]))
        for r in pkg.yes(problem.voters)
        if r != focal and float(at[0, r] - at[1, r]) < -float(problem.band[r])
    )


def _stick_to_forecast(
    scenario: Scenario, packaging: PackagePlan, forecast: dict[str, float], focal: int
) -> tuple[PackagePlan, tuple[PackageChoice, tuple[tuple[int, float], ...]] | None]:
    """The package to table, consistent with the brief's forecast (issue 13, Russia–China).

    The setter's best package against the status quo may be one a carrier would vote down to hold out for
    the forecast (China (CNPC) and Russia's ask with the Altai route, in 2014). Then the package tabled is
    :func:`coalitionist.process.packaging.sticky_package`: the focal actor's best passable package that none
    of its carriers would refuse for the forecast; the original and who would hold out are returned for the
    sentence. Unchanged when nobody holds out, or when no package sticks (the sentence then says that the
    holdouts can wait for the forecast).
    """
    problem = packaging.problem
    pkg = packaging.best.package
    assert pkg is not None
    ref = np.array(
        [float(forecast.get(k, problem.status_quo[j])) for j, k in enumerate(problem.issues)]
    )
    held = _holdouts(problem, pkg, ref, focal)
    if not held:
        return packaging, None
    # the forecast itself is a candidate (it passes by construction when it is the passable point), so
    # its values join the options
    problem = PackageProblem(
        problem.actors,
        problem.issues,
        problem.positions,
        problem.salience,
        problem.status_quo,
        problem.width,
        [np.append(o, ref[j]) for j, o in enumerate(problem.options)],
        problem.focal,
        problem.passes,
        band=problem.band,
        voters=problem.voters,
    )
    found = sticky_package(problem, ref)
    if found is None:
        return packaging, None
    packaging = plan_packages(problem)
    link = tuple(j for j in range(problem.k) if int(found.options[j]) != packaging.alone[j].option)
    search = dataclasses.replace(
        packaging.best,
        package=found,
        method="enumeration",
        exact=True,
        upper_bound=found.focal_gain,
        evaluated=problem.space,
        space=problem.space,
    )
    moved = dataclasses.replace(
        packaging,
        best=search,
        carried_by=found.yes(problem.voters),
        needed=needed_voters(problem, found),
        link=link,
        keep_apart=tuple(j for j in range(problem.k) if j not in link),
    )
    return moved, (pkg, held)


#: Monte Carlo samples of the lockout analysis behind the coalitions' shared-vulnerability basis.
EXPOSURE_SAMPLES = 500


@seeded()
def lockout_exposure(
    scenario: Scenario, *, samples: int = EXPOSURE_SAMPLES, seed: int | None = 0
) -> LockoutExposure | None:
    """The lockout analysis's shared exposure for the coalitions bridge: for every pair of actors, the
    probability that both are outvoted by the same early side deal struck without the focal actor (the same
    draws, first movers, partners and vote model as :func:`run_process`'s lockout risk, nobody secured yet).

    None without a focal actor, without issues, with fewer than three actors or ``samples == 0``.
    """
    focal = scenario.focal
    if focal is None or not scenario.issues or len(scenario.actors) < 3 or samples <= 0:
        return None
    a = scenario.arrays
    f = scenario.actor_index[focal]
    _, passes = _pass_function(scenario)
    band = outcome_bands(scenario, WordTable.of(scenario), None)
    sway, _ = tie_matrices(scenario)
    P, S, _ = _draws(scenario, samples, seed)
    lock = lockout_risk(
        P,
        S,
        a.status_quo,
        a.high - a.low,
        a.positions[
            f
        ],  # what a lockout is measured against does not change who is outvoted together
        f,
        passes,
        band=band,
        mover_weight=np.maximum(a.capability, 0.0),
        ties=sway,
        top=0,
        seed=seed,
    )
    return LockoutExposure(lock.shared_vulnerability, lock.outvoted, lock.samples)


# ------------------------------------------------------------------------------------------ sentences


def _n(x: float) -> str:
    return f"{x:.0f}" if float(x).is_integer() else f"{x:.3g}"


def _point_text(scenario: Scenario, point: dict[str, float]) -> str:
    """``Background checks on gun-show and online sales: the amendment`` — the issues a point moves."""
    parts = [
        f"{issue.label}: {option_text(issue, float(f'{float(point[issue.id]):.3g}'))}"
        for issue in scenario.issues
        if issue.id in point and abs(float(point[issue.id]) - issue.status_quo_value) > 1e-9
    ]
    return "; ".join(parts) if parts else "the status quo"


def package_sentence(scenario: Scenario, res: ScenarioProcess) -> str:
    """What to table, in words: the package; or, when nothing the focal actor wants passes yet, what to
    work towards; or, when its goal is to block, the decision it opposes."""
    pp = res.packaging
    pkg = pp.best.package
    names = res.names
    me = names[res.focal]
    if res.goal == "block" and res.opposed is not None:
        what = "the proposal" if scenario.proposal is not None else "the brief's forecast"
        return (
            f"{possessive(me)} goal is to block: it prefers the status quo to {what}"
            f" ({_point_text(scenario, res.opposed)}). Table nothing; hold enough votes against it"
            " that it cannot pass."
        )
    if pkg is None:
        ideal = {k: float(v) for k, v in zip(res.issues, pp.ideal.values, strict=True)}
        return (
            f"No package that {me} prefers to the status quo can pass with today's votes: table"
            " nothing yet, and work on the votes first; once the meetings below have brought them on"
            f" side, table {possessive(me)} package ({_point_text(scenario, ideal)}) in the plenary."
        )
    parts = []
    for k, issue in enumerate(scenario.issues):
        v = float(pkg.values[k])
        if v != float(pp.problem.status_quo[k]):
            parts.append(f"{issue.label}: {option_text(issue, v)}")
    yes = [names[res.actors[i]] for i in pp.carried_by]
    method = (
        f"exact over {pp.best.space:,} packages"
        if pp.best.exact
        else f"{pp.best.method}, within {pp.best.upper_bound - pp.best.value:.3g} of the optimum"
    )
    against = ""
    if res.gain_over_forecast is not None and res.forecast is not None:
        g = res.gain_over_forecast
        against = (
            f" Against the brief's forecast ({_point_text(scenario, res.forecast)}), what happens if"
            f" nothing changes, it is worth {g:+.2f} to {me}"
            + (
                ": tabling it is worth the effort."
                if g >= 0.005  # a gain that shows at two decimals
                else ": no better than letting the forecast happen, so table it only to secure that"
                " outcome."
            )
        )
    hold = ""
    if res.prefer_forecast:
        who = names_join([names[res.actors[r]] for r, _ in res.prefer_forecast])
        losses = (
            f"{res.prefer_forecast[0][1]:+.2f}"
            if len(res.prefer_forecast) == 1
            else names_join(
                [f"{names[res.actors[r]]} {g:+.2f}" for r, g in res.prefer_forecast], last=", "
            )
        )
        hold = (
            f" But {who} {'prefers' if len(res.prefer_forecast) == 1 else 'prefer'} the forecast to"
            f" it ({losses}): tabled as take-it-or-leave-it it passes against the status quo, yet"
            f" {'it' if len(res.prefer_forecast) == 1 else 'they'} can hold out for the forecast, so"
            " expect to settle nearer the forecast unless a concession buys the difference."
        )
    if res.outbid is not None:
        first, held = res.outbid
        first_parts = [
            f"{issue.label}: {option_text(issue, float(first.values[k]))}"
            for k, issue in enumerate(scenario.issues)
            if float(first.values[k]) != float(pp.problem.status_quo[k])
        ]
        who = names_join([names[res.actors[r]] for r, _ in held])
        losses = (
            f"{held[0][1]:+.2f}"
            if len(held) == 1
            else names_join([f"{names[res.actors[r]]} {g:+.2f}" for r, g in held], last=", ")
        )
        return (
            "Table " + "; ".join(parts) + f" — the best package for {me} that the rule passes and"
            f" that none of its carriers would refuse in favour of the brief's forecast (gain"
            f" {pkg.focal_gain:+.2f} over the status quo; exact over {pp.best.space:,} packages). It"
            " is carried by "
            + names_join(yes, last=", ")
            + "."
            + against
            + f" {possessive(me)} best package"
            f" against the status quo alone ({'; '.join(first_parts)}) passes on paper, but {who}"
            f" {'prefers' if len(held) == 1 else 'prefer'} the forecast to it ({losses}) and can"
            " vote it down and wait for the forecast: it is not worth tabling."
        )
    return (
        "Table " + "; ".join(parts) + f" — the best package for {me} that the rule"
        f" passes (gain {pkg.focal_gain:+.2f} over the status quo; {method}). It is carried by "
        + names_join(yes, last=", ")
        + "."
        + against
        + hold
    )


def linkage_sentence(scenario: Scenario, res: ScenarioProcess) -> str:
    """Bundle or decide issue by issue."""
    pp = res.packaging
    labels = [s.label for s in scenario.issues]
    if pp.best.package is None:
        return "Nothing passes bundled or one issue at a time."
    link = [labels[k] for k in pp.link]
    apart = [labels[k] for k in pp.keep_apart]
    head = (
        f"Bundled, the package gives {pp.bundle_gain:+.2f}; decided one issue at a time,"
        f" {pp.seriatim_gain:+.2f}. "
    )
    if not pp.bundle_beats_seriatim:
        return head + "Linking the issues gains nothing: decide them separately."
    return (
        head
        + (f"Link {', '.join(link)}" if link else "")
        + (f"; keep {', '.join(apart)} apart (it lands the same alone)" if apart else "")
        + "."
    )


def offer_sentence(scenario: Scenario, res: ScenarioProcess, o: Offer) -> str:
    """One offer in plain words, with names."""
    names = res.names
    who = names[res.actors[o.actor]]
    iss = scenario.issues
    exch = iss[o.exchange_issue].label if o.exchange_issue is not None else "the package"
    if o.kind == "none_needed":
        return (
            f"{who} needs no concession: it gains {o.gain_with:+.2f} from the package even on your"
            " own terms."
        )
    if o.issue is None:
        return f"{who} is carried by the package as a whole (gain {o.gain_with:+.2f})."
    issue = iss[o.issue]
    assert o.value is not None
    label = option_text(issue, o.value)
    care = f"it cares more about it than you do ({o.actor_salience:.2g} vs {o.focal_salience:.2g})"
    if o.kind == "insurance":
        return (
            f"To buy a margin, offer {who} {label} on {issue.label}: {care}; it would then vote yes"
            f" ({o.gain_without:+.2f} → {o.gain_with:+.2f}) at a cost to you of {o.cost:.2f}."
        )
    vote = "its vote" if o.gain_with > 0.05 else "its abstention"
    text = (
        f"Offer {who} {label} on {issue.label} in exchange for {vote} on {exch}: {care}; without"
        f" it its gain would be {o.gain_without:+.2f} instead of {o.gain_with:+.2f}"
        f", and it costs you {o.cost:.2f}."
    )
    if o.kind == "bundle":
        return (
            f"{who} is carried by the package as a whole; what it values most in it is {label} on"
            f" {issue.label} ({care}; {o.gain_without:+.2f} without it, {o.gain_with:+.2f} with it)."
        )
    return text


def _meeting_sentence(res: ScenarioProcess, m: Any) -> str:
    names = res.names
    nm = [names[res.actors[i]] for i in m.actors]
    if m.kind == "plenary":
        sup = [names[res.actors[i]] for i in m.supporters]
        if res.goal == "block":
            if m.safe:
                return (
                    "Then the vote: it is safe — with "
                    + names_join(sup)
                    + " against it, the decision "
                    + f"{names[res.focal]} opposes cannot pass."
                )
            return (
                "The vote is not yet safe: "
                + (
                    names_join([names[res.actors[i]] for i in m.blockers], last=", ")
                    + " could still carry it"
                    if m.blockers
                    else "the side cannot yet block it"
                )
                + "."
            )
        if m.safe and res.packaging.best.package is None:
            last = [
                names[res.actors[i]]
                for i in (res.meetings.first_hear_in_plenary if res.meetings else ())
            ]
            approached = [s for s in sup if s != names[res.focal]]
            one = len(approached) == 1
            return (
                "Then the plenary, once "
                + names_join(approached)
                + (" has" if one else " have")
                + f" joined: with {'it' if one else 'them'} the rule is met on the package, so table"
                " it there"
                + (
                    f"; {names_join(last, last=', ')} hear{'s' if len(last) == 1 else ''} it last"
                    if last
                    else ""
                )
                + f". Until {they(len(approached))} {'has' if one else 'have'}, it would fail."
            )
        if m.safe:
            last = [
                names[res.actors[i]]
                for i in (res.meetings.first_hear_in_plenary if res.meetings else ())
            ]
            return (
                "Then the plenary: it is safe — "
                + names_join(sup, last=", ")
                + " already back the package and the rule is met"
                + (
                    f"; {names_join(last, last=', ')} hear{'s' if len(last) == 1 else ''} it last"
                    if last
                    else ""
                )
                + "."
            )
        return (
            "Hold no plenary yet: "
            + (
                names_join([names[res.actors[i]] for i in m.blockers], last=", ")
                + " could still block it"
                if m.blockers
                else "the supporters do not yet win under the rule"
            )
            + "."
        )
    parts = []
    for i in m.actors:
        msg = m.messenger.get(i)
        if msg is not None and msg != res.actors.index(res.focal):
            parts.append(
                f"{names[res.actors[i]]} (p {m.p[i]:.2f}), brought by {names[res.actors[msg]]}"
                f" (tie {m.messenger_tie[i]:.2g})"
            )
        else:
            parts.append(f"{names[res.actors[i]]} (p {m.p[i]:.2f})")
    kind = "Group meeting with " if m.kind == "group" else "One-on-one with "
    del nm
    return kind + " and ".join(parts) + "."


def order_price_sentence(
    res: ScenarioProcess, first: PlanStep, lk: LockoutResult, what: str
) -> str:
    """One plan where the lockout advice and the plan start with different actors: reaching the lockout's
    pivot first would lower the risk, but the plan starts elsewhere — and why (the first step's joining
    raises the pivot's chance, from the plan's own effects), so the lockout risk is the price of the
    order. ``first``: the plan's first :class:`~coalitionist.strategy.plan.PlanStep`; ``what``: the offer
    clause (``, offering … on …``) or empty."""
    names = res.names
    assert lk.prevent is not None
    prevent = res.actors[lk.prevent]
    lift = next((e for e in first.raises if e.actor == prevent and e.after > e.before + 1e-9), None)
    row = res.actors.index(first.actor) if first.actor in res.actors else None
    p_first = lk.p_if_secured.get(row) if row is not None else None
    who, pivot = names[first.actor], names[prevent]
    return (
        f"Reaching {pivot} first{what} would lower the lockout risk to"
        f" {percent(lk.p_if_secured[lk.prevent])} (waiting costs {lk.cost_of_waiting:.3f} of expected"
        f" utility), yet the plan reaches {who} first"
        + (
            f": {possessive(who)} joining raises {possessive(pivot)} chance from {lift.before:.2f} to"
            f" {lift.after:.2f}"
            if lift is not None
            else ", for the plan's higher expected payoff"
        )
        + f"; the lockout risk ({percent(lk.p)}"
        + (f", {percent(p_first)} once {who} is on side" if p_first is not None else "")
        + f") until {pivot} is reached is the price of that order."
    )


def lockout_sentences(scenario: Scenario, res: ScenarioProcess) -> list[str]:
    """The lockout warning, the move that prevents it and the early table."""
    names = res.names
    out: list[str] = []
    lk = res.lockout
    if lk is not None:
        if lk.p > 0 and lk.by:
            top = lk.by[:3]
            pairs = []
            for i, _ in top:
                j = lk.partner.get(i)
                pairs.append(
                    names[res.actors[i]]
                    + (f" (with {names[res.actors[j]]})" if j is not None else "")
                )
            out.append(
                f"Lockout risk {percent(lk.p)}: an early side deal could pass without"
                f" {names[res.focal]} or on terms far from it ({lk.samples:,} draws). Most likely"
                " struck by " + ", ".join(pairs) + "."
            )
            # The move that prevents it is advice only where it lowers the risk by at least one
            # percentage point: "would lower the lockout risk to 0%" from "0%" says nothing.
            if lk.prevent is not None and lk.p - lk.p_if_secured[lk.prevent] >= 0.01:
                offer = next(
                    (o for o in res.offers if o.actor == lk.prevent and o.issue is not None), None
                )
                what = ""
                if offer is not None and offer.value is not None:
                    iss = scenario.issues[offer.issue]  # type: ignore[index]
                    what = f", offering {option_text(iss, offer.value)} on {iss.label}"
                first = res.plan.steps[0] if res.plan is not None and res.plan.steps else None
                prevent = res.actors[lk.prevent]
                if first is None or first.actor == prevent:
                    out.append(
                        f"Reach {names[prevent]} first{what}: that lowers the risk to"
                        f" {percent(lk.p_if_secured[lk.prevent])}. Waiting costs"
                        f" {lk.cost_of_waiting:.3f} of expected utility."
                    )
                else:
                    out.append(order_price_sentence(res, first, lk, what))
        else:
            out.append(
                (
                    f"Lockout risk: in none of {lk.samples:,} draws does an early side deal pass without"
                    f" {names[res.focal]} on terms far from it."
                )
                if lk.p <= 0
                else f"Lockout risk {percent(lk.p)}: no early side deal passes without {names[res.focal]}"
                f" on terms far from it ({lk.samples:,} draws)."
            )
    if res.leverage:
        top_l = list(res.leverage[:2])
        lifts = []
        for x in top_l:
            r = ", ".join(f"{names[res.actors[l_]]} +{v:.2f}" for l_, v in x.raises[:3])
            lifts.append(f"{names[res.actors[x.actor]]} (p {x.p:.2f}; raises {r})")
        out.append(
            "A coalition formed without "
            + " and ".join(names[res.actors[x.actor]] for x in top_l)
            + f" early would be harder: {their(len(top_l))} joining raises the others' chances — "
            + "; ".join(lifts)
            + "."
        )
    return out


def process_dict(scenario: Scenario, res: ScenarioProcess) -> dict[str, Any]:
    """The ``coalitionist process --json`` object (``docs/cli.md``)."""
    pp = res.packaging
    ids = res.actors
    pdict = pp.to_dict()
    offers = []
    for o in res.offers:
        d = o.to_dict(pp.problem)
        d["why"] = offer_sentence(scenario, res, o)
        offers.append(d)
    meetings = []
    if res.meetings is not None:
        for m in res.meetings.meetings:
            meetings.append(m.to_dict(ids, _meeting_sentence(res, m)))
    lock: dict[str, Any] | None = None
    if res.lockout is not None:
        lock = res.lockout.to_dict(ids)
        prevent_offer = next(
            (
                o
                for o in res.offers
                if res.lockout.prevent is not None and o.actor == res.lockout.prevent
            ),
            None,
        )
        lock["prevent"]["offer"] = (
            None if prevent_offer is None else prevent_offer.to_dict(pp.problem)
        )
    reach_early = [
        {
            "actor": ids[x.actor],
            "p": x.p,
            "expected_lift": x.expected,
            "raises": {ids[r]: v for r, v in x.raises},
        }
        for x in res.leverage[:5]
    ]
    if lock is not None:
        lock["reach_early"] = [r["actor"] for r in reach_early[:2]]
    return plain(
        {
            "focal": res.focal,
            "goal": res.goal,
            "forecast": res.forecast,
            "opposed": res.opposed,
            "gain_over_forecast": res.gain_over_forecast,
            "prefer_forecast": {ids[r]: g for r, g in res.prefer_forecast},
            "package": pdict["package"],
            "carried_by": pdict["carried_by"],
            "gains": pdict["gains"],
            "packaging": {
                k: v for k, v in pdict.items() if k not in ("package", "carried_by", "gains")
            },
            "offers": offers,
            "lockout": lock,
            "reach_early": reach_early,
            "meetings": meetings,
            "tactics": [t.to_dict(ids, res.issues) for t in res.tactics],
            "reading": reading(scenario, res),
            "notes": list(res.notes),
        }
    )


def reading(scenario: Scenario, res: ScenarioProcess) -> list[str]:
    """The whole answer in sentences: package, linkage, offers, meetings, lockout, tactics."""
    out = [package_sentence(scenario, res)]
    if res.goal != "block":  # a blocking side tables nothing, so there is nothing to link
        out.append(linkage_sentence(scenario, res))
    out.extend(offer_sentence(scenario, res, o) for o in res.offers if o.kind != "none_needed")
    if res.meetings is not None:
        out.extend(_meeting_sentence(res, m) for m in res.meetings.meetings)
    differ = plan_package_sentence(res)
    if differ:
        out.append(differ)
    out.extend(lockout_sentences(scenario, res))
    out.extend(t.why for t in res.tactics if t.kind not in ("refusal",))
    return out


# silence "imported but unused" for names kept for the public signature of this module
_ = (ABSTAIN,)


def meetings_sentence(res: ScenarioProcess) -> str | None:
    """The meeting sequence in one sentence (None without meetings)."""
    if res.meetings is None:
        return None
    names = res.names
    parts = []
    for m in res.meetings.meetings:
        who = " and ".join(names[res.actors[i]] for i in m.actors)
        if m.kind == "one_on_one":
            parts.append(f"one-on-one with {who}")
        elif m.kind == "group":
            parts.append(f"a group meeting with {who}")
    plenary = res.meetings.meetings[-1]
    last = [names[res.actors[i]] for i in res.meetings.first_hear_in_plenary]
    if res.goal == "block":
        end = (
            "then the vote, which the side can block by then"
            if plenary.safe
            else "the vote is not safe until "
            + (
                names_join([names[res.actors[i]] for i in plenary.blockers], last=", ")
                + " can no longer carry it"
                if plenary.blockers
                else "the side can block it"
            )
        )
        return "Meetings, in order: " + "; ".join([*parts, end]) + "."
    if res.packaging.best.package is None and plenary.safe:
        end = "then, and only then, table the package in the plenary" + (
            f" ({names_join(last, last=', ')} hear{'s' if len(last) == 1 else ''} it last)"
            if last
            else ""
        )
        return "Meetings, in order: " + "; ".join([*parts, end]) + "."
    end = (
        "then the plenary, which is safe by then"
        + (
            f" ({names_join(last, last=', ')} hear{'s' if len(last) == 1 else ''} the proposal last)"
            if last
            else ""
        )
        if plenary.safe
        else "hold no plenary until "
        + (
            names_join([names[res.actors[i]] for i in plenary.blockers], last=", ")
            + " can no longer block it"
            if plenary.blockers
            else "the supporters win under the rule"
        )
    )
    if not parts and plenary.safe:
        # nobody to meet first: "then" would follow nothing; "safe" is the predicted votes' verdict, not
        # the draws' (Glyphosate passes in 73 % of them: the plan then says which votes to secure)
        return (
            "Meetings: the plenary alone, which carries it on today's predicted votes"
            + (
                f" ({names_join(last, last=', ')} hear{'s' if len(last) == 1 else ''} the proposal there)"
                if last
                else ""
            )
            + "."
        )
    return "Meetings, in order: " + "; ".join([*parts, end]) + "."


def sequence_sentence(scenario: Scenario, res: ScenarioProcess) -> str | None:
    """The conversations in order, each run of them with the tactic that goes with it, in one sentence
    for the brief's summary: ``In order: one by one, first A, then B; next C and D, the idea presented as
    E's and credited as the package does on <appearance issue>; then F, given the lead on <issue>; G last,
    in the plenary, once the others back the package.`` None without meetings, or when the goal is to block.

    A run of consecutive one-on-ones shares its tactic: *alignment* (the actor is given the lead on an
    issue), else *attribution* (the idea is presented under another's endorsement), else none.
    """
    if res.meetings is None or res.goal == "block":
        return None
    names = res.names
    by_actor: dict[int, dict[str, Any]] = {}
    for t in res.tactics:
        by_actor.setdefault(t.actor, {})[t.kind] = t
    runs: list[tuple[str, list[int]]] = []
    for m in res.meetings.meetings:
        if m.kind == "plenary":
            continue
        for a in m.actors:
            kinds = by_actor.get(a, {})
            cls = (
                "alignment"
                if "goal_alignment" in kinds
                else "attribution"
                if "idea_attribution" in kinds
                else "plain"
            )
            if runs and runs[-1][0] == cls and cls != "alignment":
                runs[-1][1].append(a)
            else:
                runs.append((cls, [a]))
    if not runs:
        return None
    issues = scenario.issues
    parts: list[str] = []
    for k, (cls, who) in enumerate(runs):
        lead = "first" if k == 0 else "next" if k == 1 else "then"
        who_names = [names[res.actors[a]] for a in who]
        if cls == "plain":
            text = (
                f"one by one, {lead} " + ", then ".join(who_names)
                if len(who) > 1
                else f"{lead} {who_names[0]}, one-on-one"
            )
        elif cls == "attribution":
            endorsers: list[str] = []
            credit: list[str] = []
            for a in who:
                t = by_actor[a]["idea_attribution"]
                if t.endorser is not None:
                    e = names[res.actors[t.endorser]]
                    if e not in endorsers:
                        endorsers.append(e)
                for key in t.numbers:
                    if key.startswith("salience_"):
                        j = int(key.split("_", 1)[1])
                        pkg = res.packaging.best.package or res.packaging.ideal
                        c = f"{issues[j].label} {option_text(issues[j], float(pkg.values[j]))}"
                        if c not in credit:
                            credit.append(c)
            text = (
                f"{lead} {names_join(who_names)}, each on its own, the idea presented as "
                + names_join([possessive(e) for e in endorsers])
                + (f" and credited as the package does ({'; '.join(credit)})" if credit else "")
            )
        else:
            t = by_actor[who[0]]["goal_alignment"]
            j = t.issue if t.issue is not None else 0
            pkg = res.packaging.best.package or res.packaging.ideal
            text = (
                f"{lead} {who_names[0]}, given the lead on {issues[j].label}"
                f" ({option_text(issues[j], float(pkg.values[j]))})"
            )
        parts.append(text)
    plenary = res.meetings.meetings[-1]
    last = [names[res.actors[i]] for i in res.meetings.first_hear_in_plenary]
    if plenary.safe and last:
        parts.append(
            f"{names_join(last)} last, in the plenary, once everyone else backs the package"
            if res.packaging.best.package is not None
            else f"{names_join(last)} last, in the plenary, where the package is tabled only once the"
            " others have joined"
        )
    elif not plenary.safe:
        parts.append("no plenary until the rule is met")
    text = "; ".join(parts)
    return "In order: " + text[0].lower() + text[1:] + "."


def adverse_sentence(
    scenario: Scenario, res: ScenarioProcess, members: Sequence[str]
) -> str | None:
    """The adverse coalition against the package that is tabled: which of its members the package wins
    over (they vote yes on it), and whether the rest can still block it under the rule. None when no
    package is tabled, the goal is to block, or the package wins over none of them."""
    pkg = res.packaging.best.package
    if pkg is None or res.goal == "block" or not members:
        return None
    idx = {a: i for i, a in enumerate(res.actors)}
    rows = [idx[m] for m in members if m in idx]
    won = [r for r in rows if int(pkg.codes[r]) == YES]
    if not won:
        return None
    rest = [r for r in rows if r not in won]
    rule = scenario_rule(scenario)
    mask = np.zeros(len(res.actors), dtype=bool)
    mask[rest] = True
    still = bool(rest) and bool(rule.blocks(mask))
    names = res.names
    won_names = names_join([names[res.actors[r]] for r in won])
    gains = names_join(
        [f"{names[res.actors[r]]} {float(pkg.gain[r]):+.2f}" for r in won], last=", "
    )
    head = (
        f"The package to table splits the adverse coalition: {won_names}"
        f" {'votes' if len(won) == 1 else 'vote'} yes on it (gains over the status quo: {gains})"
    )
    if not rest:
        return head + ", so nobody is left to block it."
    rest_names = names_join([names[res.actors[r]] for r in rest])
    return (
        head + f"; {rest_names} " + ("can still block it." if still else "cannot block it alone.")
    )


def plan_package_sentence(res: ScenarioProcess) -> str | None:
    """Why the recruitment plan approaches actors the tabled package does not need, when it does.

    The package is judged on the votes predicted today (yes, no or abstain, counted as the rule counts
    them); the recruitment plan counts a voter with a recruitment estimate from the file for the proposal
    only once it has joined, and the others' votes on the scenario's proposal (which may differ from the
    package; :func:`coalitionist.analyses.strategy.vote_goal`). When
    the plan's main line approaches actors who do not vote yes on the package, the two differ, and the
    brief says so and why instead of leaving a contradiction. None when they agree (or without either).
    """
    pkg = res.packaging.best.package
    if pkg is None or res.plan is None or res.goal != "win" or not res.plan.steps:
        return None
    carried = {res.actors[r] for r in res.packaging.carried_by}
    voters = set(res.packaging.problem.voters) or set(range(len(res.actors)))
    index = {a: i for i, a in enumerate(res.actors)}
    # only voters: an actor outside the voting body is approached for its influence, not its vote
    extra = [s.actor for s in res.plan.steps if s.actor not in carried and index[s.actor] in voters]
    if not extra:
        return None
    names = res.names
    abstain = [
        names.get(res.actors[r], res.actors[r])
        for r in sorted(voters)
        if int(pkg.codes[r]) == ABSTAIN and r != index.get(res.focal, -1)
    ]
    extra_names = names_join([names.get(a, a) for a in extra])
    one = len(extra) == 1
    # an abstainer whose no alone would sink the package: the package relies on its abstention; say how
    # near it is to voting no (gain + band: the distance to the no side of its indifference band)
    band = res.packaging.problem.band
    relied = [
        (names.get(res.actors[r], res.actors[r]), float(pkg.gain[r]) + float(band[r]))
        for r in res.packaging.needed
        if int(pkg.codes[r]) == ABSTAIN and r != index.get(res.focal, -1)
    ]
    relied_text = "; ".join(
        f"{possessive(n)} no alone would sink it, and it is {m:.2f} from casting it"
        for n, m in relied[:3]
    )
    return (
        "The package and the recruitment plan differ on purpose: on today's predicted votes the package"
        f" passes without {extra_names}"
        + (
            f" ({names_join(abstain)} {'abstains' if len(abstain) == 1 else 'abstain'}, which helps it"
            + (f"; {relied_text}" if relied_text else "")
            + ")"
            if abstain
            else ""
        )
        + (
            ", while the plan counts a voter the file gives a recruitment estimate for the proposal"
            " only once its approach succeeds (the estimates win over the positions)"
            if res.setup is not None and res.setup.estimates_from_file
            else ", while the plan is judged on the votes for the scenario's proposal, which are not"
            " the package's"
        )
        + f" — and for that it needs {extra_names}. Approach {'it' if one else 'them'} to make"
        " the result safe"
        + (
            "; the package can be tabled without waiting only if the abstentions hold."
            if abstain
            else "."
        )
    )


def lead_reading(scenario: Scenario, res: ScenarioProcess, *, tactics: int = 6) -> list[str]:
    """What the brief's "What to do" section leads with: the package, the meeting sequence, the lockout
    warning and the tactics (the first ``tactics`` that are not about refusals or check-ins)."""
    out = [package_sentence(scenario, res)]
    out.extend(offer_sentence(scenario, res, o) for o in res.offers if o.kind == "concession")
    m = meetings_sentence(res)
    if m:
        out.append(m)
    differ = plan_package_sentence(res)
    if differ:
        out.append(differ)
    out.extend(lockout_sentences(scenario, res))
    keep = (
        "goal_alignment",
        "idea_attribution",
        "shared_principles",
        "unanimity_norm",
        "social_proof",
        "group_meeting",
    )
    out.extend([t.why for t in res.tactics if t.kind in keep][:tactics])
    return out


#: Monte Carlo samples of the lockout risk in the brief.
BRIEF_SAMPLES = 1000


def build_section(
    scenario: Scenario, sections: Sequence[Section], *, seed: int | None = 0
) -> Section | None:
    """The brief's "What to do" section, led by the process plan: the package to table, the offers, the
    meeting sequence, the lockout warning and the tactics, then the recruitment plan as before.

    Returns the plan section (key ``plan``) with the process plan in front of its reading, its typed
    :class:`ScenarioProcess` as ``result.process`` (the section's :class:`StrategyResult`; figures and
    renderers read it) and the ``coalitionist process --json`` object under ``data["process"]`` (the JSON
    brief); None when there is no plan section or nothing to table (no focal actor, no issue).
    """
    plan_sec = next((s for s in sections if s.key == "plan"), None)
    if plan_sec is None or scenario.focal is None or not scenario.issues:
        return None
    typed = plan_sec.result
    planned = (typed.setup, typed.plan) if isinstance(typed, StrategyResult) else None
    ref = shared_forecast(sections)
    try:
        res = run_process(
            scenario,
            samples=BRIEF_SAMPLES,
            seed=seed,
            planned=planned,
            forecast=None if ref is None else dict(ref.point),
        )
    except UsageError:
        return None
    data = dict(plan_sec.data)
    data["process"] = process_dict(scenario, res)
    result = dataclasses.replace(typed, process=res) if isinstance(typed, StrategyResult) else typed
    return dataclasses.replace(
        plan_sec,
        question=(
            "What to table, in which meetings and with what to say to each person — and whom to"
            " approach first and next?"
        ),
        reading=(*lead_reading(scenario, res), *plan_sec.reading),
        data=data,
        result=result,
    )
