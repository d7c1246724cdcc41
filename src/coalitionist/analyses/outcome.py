"""The outcome under the rule for a scenario: the bridge between the scenario and :mod:`coalitionist.outcome`.

:func:`run_outcome` is a pure function of ``(scenario, proposal, samples, seed)``:

1. **The proposal**: the one given (``{issue id: value}``), else the scenario's ``proposal:``, else the
   forecast package (the default bargaining model's forecast on every issue). Issues it does not name stay
   at their status quo.
2. **The voters** are the decision makers (:func:`coalitionist.analyses.rule.decision_makers`): actors
   outside the voting body cast no vote.
3. **Votes**: :func:`coalitionist.outcome.votes.utility_gain` from the point estimates, each actor's
   ``indifference`` band (default 0.05).
4. **The rule**: the scenario's rule (with ``veto: true`` actors' consent) read as a ternary rule, each leaf
   with its ``of`` / ``veto_on_abstain`` option.
5. **The pass probability**: ``samples`` Monte Carlo draws of every uncertain estimate, drawn exactly as the
   forecast's Monte Carlo draws them (:class:`coalitionist.analyses.forecast.ScenarioSampler`, sample ``i``
   from the ``i``-th child of ``SeedSequence(seed)``; a file that states no uncertainty gets the forecast's
   documented default estimation error). Uncertain indifference bands are drawn after the sampler, from the
   same generator. The proposal itself is held fixed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from coalitionist.analyses.forecast import (
    DEFAULT_MODEL,
    DEFAULT_NOISE,
    ScenarioSampler,
    fmt_issue_value,
    has_uncertainty,
    run_forecast,
)
from coalitionist.analyses.reference import BriefForecast
from coalitionist.analyses.rule import decision_makers, scenario_rule
from coalitionist.analyses.scale import ScalePlan
from coalitionist.analyses.section import Section, Table
from coalitionist.coalitions.describe import possessive
from coalitionist.errors import CoalitionistError, UsageError
from coalitionist.forecast.result import ForecastResult
from coalitionist.jsonable import plain
from coalitionist.outcome.decide import Decision, PassProbability, decide, pass_probability
from coalitionist.outcome.errors import InvalidProposalError
from coalitionist.outcome.rule import LeafOptions, TernaryRule, ternary_rule
from coalitionist.outcome.votes import DEFAULT_BAND, VOTE_NAMES, utility_gain
from coalitionist.outcome.winset import PointCheck, check_point, issue_win_intervals, veto_ranges
from coalitionist.scenario.compile import WordTable, resolve
from coalitionist.scenario.model import (
    AllOfRule,
    AnyOfRule,
    CountRule,
    Scenario,
    UnanimityRule,
    VetoRule,
    WeightedRule,
)
from coalitionist.scenario.model import Rule as RuleSpec
from coalitionist.scenario.values import Uncertain
from coalitionist.seeding import seeded
from coalitionist.wording import amount, and_join, names_join, percent

__all__ = [
    "DEFAULT_SAMPLES",
    "RuleForecast",
    "ScenarioOutcome",
    "brief_forecast",
    "build_section",
    "forecast_under_rule",
    "outcome_rule",
    "parse_proposal",
    "reference_sections",
    "rule_forecast_reading",
    "run_outcome",
]

#: Monte Carlo draws for the pass probability unless told otherwise.
DEFAULT_SAMPLES = 1000


def _leaf_options(spec: RuleSpec | None) -> list[LeafOptions]:
    if spec is None:
        return [LeafOptions()]
    if isinstance(spec, AllOfRule | AnyOfRule):
        return [o for part in spec.rules for o in _leaf_options(part)]
    if isinstance(spec, WeightedRule):
        return [LeafOptions(base=spec.of, unit=spec.weight)]
    if isinstance(spec, CountRule):
        return [LeafOptions(base=spec.of)]
    assert isinstance(spec, VetoRule | UnanimityRule)
    return [LeafOptions(veto_on_abstain=spec.veto_on_abstain)]


def outcome_rule(scenario: Scenario) -> tuple[tuple[str, ...], TernaryRule]:
    """The voters (decision makers, file order) and the scenario's rule over them as a ternary rule."""
    voters = decision_makers(scenario)
    binary = scenario_rule(scenario, voters)
    return voters, ternary_rule(binary, _leaf_options(scenario.decision))


def parse_proposal(scenario: Scenario, items: list[str]) -> dict[str, float]:
    """``ISSUE=VALUE`` arguments (issue id or name; value a number or an option label) as a proposal.

    Raises
    ------
    InvalidProposalError
        With the argument and what is allowed.
    """
    out: dict[str, float] = {}
    by_name = {s.label.lower(): s.id for s in scenario.issues}
    for item in items:
        key, sep, text = item.partition("=")
        key, text = key.strip(), text.strip()
        if not sep or not key or not text:
            raise InvalidProposalError(f"--proposal '{item}': write ISSUE=VALUE, e.g. force=100")
        issue_id = key if key in scenario.issue_index else by_name.get(key.lower())
        if issue_id is None:
            known = ", ".join(s.id for s in scenario.issues)
            raise InvalidProposalError(
                f"--proposal '{item}': '{key}' is not an issue (issues: {known})"
            )
        issue = scenario.issue(issue_id)
        try:
            value = float(text)
        except ValueError:
            labels = {issue.option_label(v).lower(): v for v in (issue.option_values or ())}
            labels.update({lab.lower(): v for v, lab in issue.labels.items()})
            if text.lower() not in labels:
                raise InvalidProposalError(
                    f"--proposal '{item}': '{text}' is neither a number nor a label of {issue.label}"
                ) from None
            value = float(labels[text.lower()])
        lo, hi = issue.scale
        if not lo <= value <= hi:
            raise InvalidProposalError(
                f"--proposal '{item}': {value:g} is outside {issue.label}'s scale [{lo:g}, {hi:g}]"
            )
        out[issue_id] = value
    return out


@dataclass(frozen=True)
class ScenarioOutcome:
    """The outcome of a scenario's proposal under its rule.

    Attributes
    ----------
    proposal : dict
        Issue id → value voted (only the issues the proposal changes).
    source : str
        ``"given"``, ``"scenario"`` or ``"forecast"``.
    forecast_model : str or None
        The model whose forecast is the proposal (when ``source == "forecast"``).
    decision : Decision
        At the point estimates.
    probability : PassProbability or None
        Over Monte Carlo draws (``None`` when ``samples == 0``).
    non_voters : tuple of str
        Actors outside the voting body.
    preferences : dict
        Every actor's vote-model stance (``yes``/``abstain``/``no``) at the point estimates, voters or not.
    default_noise : bool
        Whether the draws used the default estimation error (the file states no uncertainty).
    seed : int
    names : dict
        Actor id → display name.
    rule_forecast : RuleForecast or None
        When the proposal is the forecast package: the forecast checked against the rule.
    soft_veto_holders : tuple of str
        Veto holders whose abstention is not a veto.
    unweighted : tuple of str
        Decision makers the rule gives no weight (``votes: 0`` under a weighted rule): their votes are
        tallied at 0 and change no result (:func:`counted_voters`).
    """

    proposal: dict[str, float]
    source: str
    forecast_model: str | None
    decision: Decision
    probability: PassProbability | None
    non_voters: tuple[str, ...]
    preferences: dict[str, str]
    default_noise: bool
    seed: int
    names: dict[str, str]
    rule_forecast: RuleForecast | None = None
    soft_veto_holders: tuple[str, ...] = ()
    unweighted: tuple[str, ...] = ()

    @property
    def passes(self) -> bool:
        """Whether the proposal passes at the point estimates."""
        return self.decision.passes

    @property
    def p_pass(self) -> float:
        """The pass probability (the point result, 0 or 1, without draws)."""
        if self.probability is None:
            return 1.0 if self.decision.passes else 0.0
        return self.probability.p_pass

    def to_dict(self) -> dict[str, Any]:
        """The ``coalitionist outcome --json`` object (keyed by ids)."""
        d = self.decision.to_dict()
        p_piv = (
            dict(zip(self.probability.actors, self.probability.p_pivotal, strict=True))
            if self.probability is not None
            else {}
        )
        pivotal = [{**f, "p_pivotal": p_piv.get(f["actor"])} for f in d["pivotal"]]
        out = {
            "proposal": self.proposal,
            "proposal_source": self.source,
            "forecast_model": self.forecast_model,
            "passes": d["passes"],
            "p_pass": self.p_pass,
            "tally": d["tally"],
            "votes": d["votes"],
            "required": d["required"],
            "pivotal": pivotal,
            "carried_by": d["carried_by"],
            "blocked_by": d["blocked_by"],
            "closest_flip": d["closest_flip"],
            "parts": d["parts"],
            "gain": d["gain"],
            "non_voters": list(self.non_voters),
            "preferences": self.preferences,
            "forecast_check": None if self.rule_forecast is None else self.rule_forecast.to_dict(),
            "monte_carlo": None
            if self.probability is None
            else {
                **self.probability.to_dict(),
                "seed": self.seed,
                "default_noise": DEFAULT_NOISE if self.default_noise else None,
            },
        }
        return plain(out)


def model_name(model: str) -> str:
    """``SMP``, ``BDM``, ``weighted-median``: a forecast model as the brief names it."""
    return "weighted-median" if model == "median" else model.upper()


def brief_forecast(result: ScenarioOutcome, scenario: Scenario) -> BriefForecast:
    """The decision the brief forecasts, from the outcome under the rule.

    * When the proposal is the forecast package, the bargaining forecast as the rule can produce it
      (:attr:`RuleForecast.reported`: the decision makers' cluster if the rule adopts it, else the nearest
      passable point, else the status quo).
    * When the proposal is given (on the command line or in the file), the proposal if it passes at the
      point estimates, else the status quo it fails to replace.
    """
    sq = {s.id: float(s.status_quo_value) for s in scenario.issues}
    rf = result.rule_forecast
    if rf is not None:
        return BriefForecast(
            sq | dict(rf.reported),
            f"{model_name(rf.model)} bargaining, {rf.basis}",
            rf.model,
            rf.result,
        )
    whose = "the scenario's proposal" if result.source == "scenario" else "the proposal"
    if result.passes:
        return BriefForecast(sq | dict(result.proposal), f"{whose}, which passes under the rule")
    return BriefForecast(sq, f"the status quo, which {whose} fails to replace under the rule")


def _bands(scenario: Scenario, table: WordTable, rng: np.random.Generator | None) -> np.ndarray:
    return np.array(
        [
            DEFAULT_BAND
            if a.indifference is None
            else max(0.0, resolve(a.indifference, table, rng=rng))
            for a in scenario.actors
        ]
    )


def _proposal_vector(scenario: Scenario, proposal: Mapping[str, float]) -> np.ndarray:
    x = scenario.arrays.status_quo.copy()
    for issue_id, value in proposal.items():
        x[scenario.issue_index[issue_id]] = value
    return x


@seeded(convert="entropy")
def run_outcome(
    scenario: Scenario,
    proposal: Mapping[str, float] | None = None,
    *,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
    model: str = DEFAULT_MODEL,
) -> ScenarioOutcome:
    """Votes, result, tally, pass probability, pivotal voters and carriers of the scenario's proposal.

    Parameters
    ----------
    scenario : Scenario
    proposal : mapping, optional
        Issue id → value (see :func:`parse_proposal`); default the scenario's, else the forecast package.
    samples : int
        Monte Carlo draws for ``p_pass`` (0: the point result only).
    seed : int
    progress : callable, optional
        ``progress(done, total)`` during the draws.
    model : str
        The bargaining model of the forecast package (when there is no proposal): KTAB's SMP by default;
        the brief passes a cheaper one on large scenarios (:mod:`coalitionist.analyses.scale`).

    Raises
    ------
    coalitionist.errors.UsageError
        When the scenario has no issues (nothing to vote on) or ``samples < 0``.
    """
    if not scenario.issues:
        raise UsageError("the scenario has no issues: there is no proposal to vote on")
    if samples < 0:
        raise UsageError("--samples must be 0 or more")
    bargaining = model
    model_used: str | None = None
    rule_fc: RuleForecast | None = None
    if proposal is not None:
        prop, source = dict(proposal), "given"
        bad = [k for k in prop if k not in scenario.issue_index]
        if bad:
            raise InvalidProposalError(f"the proposal names unknown issues: {', '.join(bad)}")
    elif scenario.proposal is not None:
        prop, source = dict(scenario.proposal), "scenario"
    else:
        model_used = bargaining
        try:
            rule_fc = forecast_under_rule(scenario, model_used, seed=seed)
        except CoalitionistError:  # a model may not apply (SMP needs two actors with salience)
            model_used = "median"
            rule_fc = forecast_under_rule(scenario, model_used, seed=seed)
        # the one forecast the brief uses: the bargaining cluster if the rule can adopt it, else the
        # passable point nearest to it; when nothing passes, the bargaining cluster itself is voted
        prop = dict(
            rule_fc.reported if rule_fc.check.nearest is not None else rule_fc.voters_cluster
        )
        source = "forecast"
    arrays = scenario.arrays
    x = _proposal_vector(scenario, prop)
    width = arrays.high - arrays.low
    table = WordTable.of(scenario)
    bands_all = _bands(scenario, table, None)
    gain_all = utility_gain(arrays.positions, arrays.salience, x, arrays.status_quo, width=width)
    voters, rule = outcome_rule(scenario)
    rows = [scenario.actor_index[v] for v in voters]
    names = {a.id: a.label for a in scenario.actors}
    decision = decide(
        gain_all[rows],
        rule,
        band=bands_all[rows],
        actors=voters,
        names=[names[v] for v in voters],
    )
    preferences = {
        a.id: VOTE_NAMES[int(c)]
        for a, c in zip(
            scenario.actors,
            np.where(gain_all > bands_all, 1, np.where(gain_all < -bands_all, -1, 0)),
            strict=True,
        )
    }
    probability = None
    noise = not has_uncertainty(scenario)
    if samples:
        sampler = ScenarioSampler(scenario, noise)
        entropy = int(np.random.SeedSequence(seed).entropy)  # type: ignore[arg-type]
        uncertain_band = any(isinstance(a.indifference, Uncertain) for a in scenario.actors)
        gains = np.empty((samples, len(rows)))
        bands = np.empty((samples, len(rows)))
        for i in range(samples):
            rng = np.random.default_rng(np.random.SeedSequence(entropy, spawn_key=(i,)))
            _cap, pos, sal = sampler(rng)
            g = utility_gain(pos, sal, x, arrays.status_quo, width=width)
            gains[i] = g[rows]
            bands[i] = (_bands(scenario, table, rng) if uncertain_band else bands_all)[rows]
            if progress is not None and ((i + 1) % 100 == 0 or i + 1 == samples):
                progress(i + 1, samples)
        probability = pass_probability(gains, rule, band=bands, actors=voters)
    return ScenarioOutcome(
        proposal=prop,
        source=source,
        forecast_model=model_used,
        decision=decision,
        probability=probability,
        non_voters=tuple(a.id for a in scenario.actors if a.id not in set(voters)),
        preferences=preferences,
        default_noise=noise and samples > 0,
        seed=seed,
        names=names,
        rule_forecast=rule_fc,
        soft_veto_holders=tuple(
            voters[i]
            for leaf in rule.leaves()
            if leaf.kind == "veto" and not leaf.veto_on_abstain
            for i in leaf.members
        ),
        unweighted=tuple(v for v, c in zip(voters, counted_voters(rule), strict=True) if not c),
    )


# -- words -------------------------------------------------------------------------------------------

_VERB = {"yes": "votes yes", "no": "votes no", "abstain": "abstains"}


def _num(x: float) -> str:
    """A tally or weight for people: ``1,387`` (thousands separated), ``1.5``."""
    return amount(x, digits=3)


def _names(result: ScenarioOutcome, ids: list[str] | tuple[str, ...]) -> str:
    """The voters' names, capped (:func:`coalitionist.wording.names_join`: the JSON lists them all)."""
    return names_join([result.names.get(i, i) for i in ids])


#: A name that already says how it votes, or ends in brackets, cannot take "… against" after it
#: ("Republicans against (41) against").
_VOTE_WORDS = re.compile(r"\b(against|for|yes|no|abstain\w*)\b|\)$", re.IGNORECASE)


def _voting(result: ScenarioOutcome, ids: list[str], after: str, before: str) -> str:
    """``Cuba and Yemen against``; ``voting no: Republicans against (41)`` when a name would clash."""
    labels = [result.names.get(i, i) for i in ids]
    if any(_VOTE_WORDS.search(x) for x in labels):
        return f"{before}: {_names(result, ids)}"
    return f"{_names(result, ids)} {after}"


def proposal_text(result: ScenarioOutcome, scenario: Scenario) -> str:
    """The proposal in words: ``Authorise force = 100 (all necessary means); …``."""
    parts = []
    for issue_id, value in result.proposal.items():
        issue = scenario.issue(issue_id)
        label = issue.option_label(value)
        shown = f"{value:.3g}"
        parts.append(f"{issue.label}: {shown}" + (f" ({label})" if label != f"{value:g}" else ""))
    origin = {
        "given": "as given",
        "scenario": "the scenario's proposal",
        "forecast": (
            f"the forecast package ({(result.forecast_model or '').upper()} bargaining"
            + (
                ""
                if result.rule_forecast is None or result.rule_forecast.check.passes
                else ", moved to the nearest point the rule can adopt"
            )
            + ")"
        ),
    }[result.source]
    return "; ".join(parts) + f" — {origin}"


def _ids(d: Decision, indices: tuple[int, ...]) -> list[str]:
    return [d.actors[i] for i in indices]


def blocked_clause(result: ScenarioOutcome) -> str:
    """What "blocked by" means, precisely: ``; Labour's and the ERG's no votes block it on their own (it
    fails even if every other member votes yes); Labour alone turns it by voting yes``.

    ``blocked_by`` is a minimal blocking set of the opponents (no member can be spared); the voters whose
    change of vote alone turns the result (the pivotal ones) are a different list, named when they exist.
    """
    d = result.decision
    ids = _ids(d, d.blocked_by)
    one = len(ids) == 1
    text = (
        f"; {_names(result, ids)}"
        + (" blocks it on its own" if one else " block it together")
        + (
            " (it fails even if every other member votes yes)"
            if one
            else " (their votes against sink it even if every other member votes yes; none of them"
            " can be spared)"
        )
    )
    single = [f for f in d.pivotal if f.flips_to != d.codes[f.actor]]
    if single:
        turns = [
            (
                result.names.get(d.actors[f.actor], d.actors[f.actor]),
                "by voting yes" if f.flips_to == 1 else "by abstaining",
            )
            for f in single[:3]
        ]
        if len(turns) == 1:
            text += f"; {turns[0][0]} alone turns it {turns[0][1]}"
        else:
            text += "; " + and_join([f"{n} ({how})" for n, how in turns]) + " each turn it alone"
    return text


def summary_line(result: ScenarioOutcome) -> str:
    """One sentence: passes or fails, the tally, who is against or abstains, the probability, blockers."""
    d = result.decision
    t = d.tally
    score = f"{_num(t['yes'])}–{_num(t['no'])}–{_num(t['abstain'])}"
    head = f"The proposal {'passes' if d.passes else 'fails'} {score} (yes–no–abstain)"
    unweighted = set(result.unweighted)  # their votes count for nothing: not named as against
    against = [a for a, v in d.votes.items() if v == "no" and a not in unweighted]
    abstain = [a for a, v in d.votes.items() if v == "abstain" and a not in unweighted]
    bits = []
    if against:
        bits.append(_voting(result, against, "against", "voting no"))
    if abstain:
        text = _voting(result, abstain, "abstaining", "abstaining")
        if any(a in result.soft_veto_holders for a in abstain):
            text += ": not a veto"
        bits.append(text)
    if bits:
        head += " (" + "; ".join(bits) + ")"
    if not d.passes and d.blocked_by:
        head += blocked_clause(result)
    if result.probability is not None:
        n = result.probability.n_draws
        head += (
            f"; it passes in none of {n:,} draws"
            if result.p_pass <= 0
            else f"; it passes in {percent(result.p_pass)} of {n:,} draws"
        ) + (
            " with the default estimation error"
            if result.default_noise
            else " of the uncertain estimates"
        )
    return head + "."


def reading(result: ScenarioOutcome, scenario: Scenario) -> list[str]:
    """The outcome in sentences, names only: summary, proposal, rule, pivotal voters, carriers."""
    d = result.decision
    out = [summary_line(result), "Proposal: " + proposal_text(result, scenario) + "."]
    out.append("The rule requires that " + d.required + ".")
    if d.pivotal:
        items = []
        shown = d.pivotal if len(d.pivotal) <= 6 else d.pivotal[:5]  # never "and 1 more"
        for f in shown:
            who = result.names.get(d.actors[f.actor], d.actors[f.actor])
            now = _VERB[VOTE_NAMES[f.vote]]
            then = _VERB[VOTE_NAMES[f.flips_to]]
            items.append(f"{who} ({now}; {f.margin:.2f} from the point where it {then})")
        more = (
            f" and {len(d.pivotal) - len(shown)} more (all in the votes table)"
            if len(d.pivotal) > len(shown)
            else ""
        )
        out.append(
            "Pivotal — one change of vote reverses the result, closest first: "
            + "; ".join(items)
            + more
            + "."
        )
    elif d.closest_flip:
        who = _names(result, [d.actors[f.actor] for f in d.closest_flip])
        total = sum(f.margin for f in d.closest_flip)
        out.append(
            f"No single vote reverses the result; the closest change needs {amount(len(d.closest_flip))}"
            f" voters ({who}) to move, {total:.2f} in utility together."
        )
    else:
        out.append("No change of votes can reverse the result under this rule.")
    if d.passes:
        out.append(
            f"Carried by {amount(len(d.carried_by))} voters: {_names(result, _ids(d, d.carried_by))}."
        )
    if result.non_voters:
        favour = [a for a in result.non_voters if result.preferences.get(a) == "yes"]
        against = [a for a in result.non_voters if result.preferences.get(a) == "no"]
        n = len(result.non_voters)
        text = (
            f"{n} actors are outside the voting body and cast no vote"
            if n != 1
            else "1 actor is outside the voting body and casts no vote"
        )
        prefs = []
        if favour:
            prefs.append(
                f"{_names(result, favour)} prefer{'s' if len(favour) == 1 else ''} the proposal"
            )
        if against:
            prefs.append(
                f"{_names(result, against)} prefer{'s' if len(against) == 1 else ''} the status quo"
            )
        out.append(text + (" (" + "; ".join(prefs) + ")" if prefs else "") + ".")
    if result.unweighted:
        one = len(result.unweighted) == 1
        out.append(
            f"{_names(result, result.unweighted)} {'is' if one else 'are'} in the voting body with no"
            f" votes under the rule: {'its' if one else 'their'} vote changes no result."
        )
    return out


# -- the forecast under the rule ----------------------------------------------------------------------

#: Actors whose final positions are within this share of every issue's range form one cluster.
CLUSTER_TOLERANCE = 0.05


@dataclass(frozen=True)
class RuleForecast:
    """A bargaining forecast checked against what the rule can adopt.

    Attributes
    ----------
    model : str
        The bargaining model.
    bargaining : dict
        Issue id → the model's own forecast.
    voters_cluster : dict
        Issue id → the forecast the decision makers' cluster gives (the cluster of final positions with the
        most win probability — or capability × salience — among decision makers; actors outside the voting
        body do not choose it).
    cluster_members : tuple of str
        The actors in that cluster.
    chosen_by_non_voters : bool
        Whether the model's own forecast is held by a cluster that the decision makers would not have chosen
        (only when some actors cast no counted vote: otherwise the decision makers are everyone).
    check : PointCheck
        The voters' cluster against the status quo's win set.
    reported : dict
        Issue id → the forecast reported: the voters' cluster when the rule can adopt it, else the nearest
        passable point, else the status quo.
    basis : str
        Which of those ``reported`` is, in words.
    veto_range : dict
        Issue id → ``[low, high]``: the values of that issue, the others held at ``reported``, that no veto
        player vetoes (Tsebelis's veto-player theorem), or ``None``.
    issue_win_sets : dict
        Issue id → intervals of values that pass when only that issue changes.
    """

    model: str
    bargaining: dict[str, float]
    voters_cluster: dict[str, float]
    cluster_members: tuple[str, ...]
    chosen_by_non_voters: bool
    check: PointCheck
    reported: dict[str, float]
    basis: str
    veto_range: dict[str, tuple[float, float] | None]
    issue_win_sets: dict[str, list[tuple[float, float]]]
    #: The bargaining model's own run (its history and final positions), for the forecast section.
    result: ForecastResult | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """Plain data keyed by ids."""
        return plain(
            {
                "model": self.model,
                "bargaining": self.bargaining,
                "voters_cluster": self.voters_cluster,
                "cluster_members": list(self.cluster_members),
                "chosen_by_non_voters": self.chosen_by_non_voters,
                "in_win_set": self.check.passes,
                "check": self.check.to_dict(tuple(self.bargaining)),
                "reported": self.reported,
                "basis": self.basis,
                "veto_range": self.veto_range,
                "issue_win_sets": self.issue_win_sets,
            }
        )


def _clusters(final01: np.ndarray) -> list[list[int]]:
    """Greedy clusters of final positions (max-abs distance in scale shares ≤ the tolerance of a seed)."""
    left = list(range(final01.shape[0]))
    out: list[list[int]] = []
    while left:
        seed = left[0]
        group = [i for i in left if np.abs(final01[i] - final01[seed]).max() <= CLUSTER_TOLERANCE]
        out.append(group)
        left = [i for i in left if i not in group]
    return out


def counted_voters(rule: TernaryRule) -> np.ndarray:
    """Which of the rule's players it counts: a positive weight in some leaf (a quota or share, a veto, a
    unanimity). A decision maker with ``votes: 0`` under a weighted rule is a null player -- no vote of its
    changes any result -- like an actor outside the voting body."""
    out = np.zeros(rule.n, dtype=bool)
    for leaf in rule.leaves():
        out |= np.asarray(leaf.weights, dtype=object) > 0
    return out


def forecast_under_rule(
    scenario: Scenario,
    model: str = DEFAULT_MODEL,
    *,
    seed: int = 0,
    result: ForecastResult | None = None,
) -> RuleForecast:
    """The bargaining forecast, the cluster the decision makers choose, and whether the rule can adopt it.

    Algorithm:

    1. Run the bargaining model (SMP by default) on the point estimates.
    2. Group the actors' final positions into clusters (within 5 % of every issue's range); score each by
       the final win probability of its *decision makers* (capability × mean salience when the model has no
       win probabilities); the best-scoring cluster holding a decision maker is the forecast, at its
       members' capability-weighted mean. Actors outside the voting body, and decision makers the rule
       gives no weight (``votes: 0`` under a weighted rule, :func:`counted_voters`), thus never decide which
       cluster it is.
    3. Check it against the status quo's win set (:func:`coalitionist.outcome.winset.check_point`); if the
       rule cannot adopt it, report the nearest passable point, or the status quo when nothing passes.
    4. The veto players' per-issue range (Tsebelis) and each issue's own win set, for the reading.

    ``result``: the model's run when already made (it is not run again).
    """
    fc = run_forecast(scenario, model, seed=seed) if result is None else result
    arrays = scenario.arrays
    lo, hi = arrays.low, arrays.high
    width = hi - lo
    voters, rule = outcome_rule(scenario)
    rows = [scenario.actor_index[v] for v in voters]
    is_voter = np.zeros(len(scenario.actors), dtype=bool)
    counted = counted_voters(rule)
    is_voter[[r for r, c in zip(rows, counted, strict=True) if c] if counted.any() else rows] = True
    final = np.asarray(fc.final.positions, dtype=float)
    final01 = (final - lo) / width
    wp = fc.final.win_probabilities
    cap = arrays.capability
    strength = np.asarray(wp, dtype=float) if wp is not None else cap * arrays.salience.mean(axis=1)
    groups = [g for g in _clusters(final01) if is_voter[g].any()]
    if groups:
        best = max(groups, key=lambda g: float(strength[[i for i in g if is_voter[i]]].sum()))
        w = cap[best]
        point = (w @ final[best]) / w.sum() if w.sum() > 0 else final[best].mean(axis=0)
    else:
        best, point = [], np.asarray(fc.forecast, dtype=float)
    model_point = np.asarray(fc.forecast, dtype=float)
    # the model's point differs from the decision makers' cluster; that is the work of actors without a
    # counted vote only when there are some (with every actor counted the clusters alone differ from the
    # model's mean, e.g. 2,000 actors spread over the whole scale)
    chosen_by_others = bool(
        not is_voter.all() and np.abs((model_point - point) / width).max() > CLUSTER_TOLERANCE
    )
    table = WordTable.of(scenario)
    bands = _bands(scenario, table, None)[rows]
    pos, sal = arrays.positions[rows], arrays.salience[rows]
    check = check_point(point, pos, sal, arrays.status_quo, rule, lo, hi, band=bands)
    if check.passes:
        reported, basis = point, "the decision makers' bargaining cluster, which the rule can adopt"
    elif check.nearest is not None:
        reported = check.nearest
        basis = (
            "the passable point nearest to the bargaining forecast, which the rule cannot adopt"
            + (" (on the way from the status quo to it)" if check.on_segment else "")
        )
    else:
        reported = arrays.status_quo.copy()
        basis = "the status quo: no point examined can win under the rule against it"
    veto_mask = np.zeros(len(voters), dtype=bool)
    strict = np.zeros(len(voters), dtype=bool)
    for leaf in rule.leaves():
        if leaf.kind in ("veto", "unanimity"):
            veto_mask[list(leaf.members)] = True
            strict[list(leaf.members)] |= leaf.veto_on_abstain
    vr = (
        veto_ranges(
            pos,
            sal,
            arrays.status_quo,
            veto_mask,
            lo,
            hi,
            around=reported,
            band=bands,
            veto_on_abstain=strict,
        )
        if veto_mask.any()
        else []
    )
    ids = arrays.issues
    intervals = issue_win_intervals(pos, sal, arrays.status_quo, rule, lo, hi, band=bands)
    return RuleForecast(
        model=fc.model,
        bargaining=dict(zip(ids, (float(v) for v in model_point), strict=True)),
        voters_cluster=dict(zip(ids, (float(v) for v in point), strict=True)),
        cluster_members=tuple(scenario.actors[i].id for i in best),
        chosen_by_non_voters=chosen_by_others,
        check=check,
        reported=dict(zip(ids, (float(v) for v in reported), strict=True)),
        basis=basis,
        veto_range={s: (vr[k] if vr else None) for k, s in enumerate(ids)},
        issue_win_sets=dict(zip(ids, intervals, strict=True)),
        result=fc,
    )


def rule_forecast_reading(result: RuleForecast, scenario: Scenario) -> list[str]:
    """The forecast under the rule in sentences (names, not ids)."""

    def at(values: Mapping[str, float]) -> str:
        # the issue's own option text beside each value, as the summary writes it
        return "; ".join(
            f"{scenario.issue(k).label} {fmt_issue_value(scenario, k, v)}"
            for k, v in values.items()
        )

    out = []
    if result.chosen_by_non_voters:
        out.append(
            f"The {model_name(result.model)} forecast ({at(result.bargaining)}) is the cluster that actors who cast"
            f" no counted vote (outside the voting body, or without votes) make most likely; among the decision makers the bargaining ends at"
            f" {at(result.voters_cluster)}."
        )
    if result.check.passes:
        out.append(
            f"The bargaining forecast ({at(result.voters_cluster)}) is a decision the rule can adopt: it wins"
            " against the status quo."
        )
    elif result.check.nearest is not None:
        out.append(
            f"The bargaining forecast ({at(result.voters_cluster)}) cannot pass under the rule: no winning"
            f" coalition of decision makers prefers it to the status quo. What can pass instead, nearest to it:"
            f" {at(result.reported)}."
        )
    else:
        out.append(
            f"The bargaining forecast ({at(result.voters_cluster)}) cannot pass, and no alternative examined"
            " wins against the status quo: the status quo stands."
        )
    ranges = [
        f"{scenario.issue(k).label} between {r[0]:.3g} and {r[1]:.3g}"
        for k, r in result.veto_range.items()
        if r is not None and (r[0], r[1]) != tuple(scenario.issue(k).scale)
    ]
    if ranges:
        out.append(
            "Room the veto players leave on each issue, the rest of the forecast held (beyond it one of"
            " them votes no): " + "; ".join(ranges) + "."
        )
    return out


# -- the brief's section ------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutcomeBrief:
    """The typed result of the brief's outcome section: the outcome and the brief's one forecast."""

    outcome: ScenarioOutcome
    brief_forecast: BriefForecast
    #: The sentences the brief's summary opens with (the verdict, why the bargaining forecast cannot pass,
    #: the alternatives third parties care about).
    summary: tuple[str, ...] = ()


def build_section(
    scenario: Scenario,
    sections: Sequence[Section],
    *,
    seed: int | None = 0,
    scale: ScalePlan | None = None,
) -> Section | None:
    """The brief's first section: does the proposal (or the forecast package) pass under the rule?

    ``scale``: the methods of a large scenario (:mod:`coalitionist.analyses.scale`): the forecast's
    bargaining model and the number of draws of the vote, each stated in the reading when switched."""
    if not scenario.issues or not scenario.arrays.stated.any():
        return None
    result = run_outcome(
        scenario,
        samples=DEFAULT_SAMPLES if scale is None else scale.outcome_draws,
        seed=0 if seed is None else seed,
        model=DEFAULT_MODEL if scale is None else scale.forecast_model,
    )
    reading_ = reading(result, scenario)
    switched = scale.method("outcome") if scale is not None else None
    if switched is not None:
        reading_.append(switched.sentence())
    reference = brief_forecast(result, scenario)
    summary = [reading_[0]]
    if result.rule_forecast is not None:
        rf_reading = rule_forecast_reading(result.rule_forecast, scenario)
        reading_ += rf_reading
        if not result.rule_forecast.check.passes:
            summary += [t for t in rf_reading if "cannot pass" in t]
    verdicts = option_verdicts(scenario, reference.point)
    alternatives = option_reading(verdicts, scenario, reference.point)
    reading_ += alternatives
    outside = set(result.non_voters)
    for issue, sentence in zip(
        [i.id for i in scenario.issues if any(v.issue == i.id for v in verdicts)],
        alternatives,
        strict=False,
    ):
        if (
            any(set(v.wanted_by + v.declined_by) & outside for v in verdicts if v.issue == issue)
            and scenario.issue(issue).options
        ):
            summary.append(sentence)
    d = result.decision
    shares = result.probability
    rows = []
    for i, actor_id in enumerate(d.actors):
        row = [
            result.names.get(actor_id, actor_id),
            VOTE_NAMES[int(d.codes[i])],
            f"{d.gain[i]:+.2f}",
        ]
        if shares is not None:
            row += [
                percent(float(shares.vote_shares[i, 0])),
                percent(float(shares.p_pivotal[i])),
            ]
        rows.append(tuple(row))
    columns: tuple[str, ...] = ("voter", "vote", "gain over the status quo")
    if shares is not None:
        columns += ("P(yes)", "P(pivotal)")
    return Section(
        key="outcome",
        title="Does it pass?",
        question="Under the real decision rule, does the proposal pass, by how much, and who could turn it?",
        reading=tuple(reading_),
        tables=(
            Table(
                columns,
                tuple(rows),
                caption="Predicted votes (yes when the gain exceeds the actor's indifference band)",
                align="ll" + "r" * (len(columns) - 2),
            ),
        ),
        data={
            **result.to_dict(),
            "alternatives": [
                {
                    "issue": v.issue,
                    "value": v.value,
                    "wanted_by": list(v.wanted_by),
                    "declined_by": list(v.declined_by),
                    "blocked_by": list(v.blocked_by),
                }
                for v in verdicts
            ],
            "summary": summary,
            "brief_forecast": reference.to_dict(),
            **({"scale": switched.to_dict()} if switched is not None else {}),
        },
        result=OutcomeBrief(result, reference, tuple(summary)),
    )


def reference_sections(
    scenario: Scenario, *, seed: int = 0, model: str = DEFAULT_MODEL
) -> list[Section]:
    """For a command that runs one analysis alone (``coalitionist influence``, ``coalitions``): a section
    holding the brief's one forecast (the outcome at the point estimates, no draws), so that it measures
    against the same forecast as the brief; empty when there is nothing to vote on. ``model``: the
    bargaining model (the brief's choice at this size, :attr:`ScalePlan.forecast_model`)."""
    if not scenario.issues or not scenario.arrays.stated.any():
        return []
    try:
        result = run_outcome(scenario, samples=0, seed=seed, model=model)
    except CoalitionistError:
        return []
    return [
        Section(
            key="outcome",
            title="Does it pass?",
            result=OutcomeBrief(result, brief_forecast(result, scenario)),
        )
    ]


# -- the alternatives on each issue --------------------------------------------------------------------


@dataclass(frozen=True)
class OptionVerdict:
    """One alternative option of an issue, the rest of the reported forecast held.

    Attributes
    ----------
    issue : str
    value : float
        The option.
    wanted_by, declined_by : tuple of str
        Actors (voters first) whose utility rises / falls by more than their band when the forecast's
        value on ``issue`` is replaced by ``value``.
    blocked_by : tuple of str
        Decision makers who decline it and whose votes alone (everyone else for) stop it from replacing
        the forecast under the rule.
    """

    issue: str
    value: float
    wanted_by: tuple[str, ...]
    declined_by: tuple[str, ...]
    blocked_by: tuple[str, ...]


def option_verdicts(scenario: Scenario, forecast: Mapping[str, float]) -> list[OptionVerdict]:
    """For each issue with stated options, each option other than the forecast's: who wants it instead of
    the forecast, who declines it, and which decision makers can block it (the vote model of
    :mod:`coalitionist.outcome.votes` with the forecast as the reference point)."""
    arrays = scenario.arrays
    width = arrays.high - arrays.low
    base = np.array([forecast[s] for s in arrays.issues], dtype=float)
    bands = _bands(scenario, WordTable.of(scenario), None)
    voters, rule = outcome_rule(scenario)
    rows = [scenario.actor_index[v] for v in voters]
    voter_set = set(voters)
    out = []
    for k, issue in enumerate(scenario.issues):
        values = issue.option_values
        if not values:
            continue
        here = min(values, key=lambda v: abs(v - base[k]))
        for value in values:
            if value == here:
                continue
            alt = base.copy()
            alt[k] = value
            gain = utility_gain(arrays.positions, arrays.salience, alt, base, width=width)
            cares = arrays.salience[:, k] > 0
            ids = [a.id for a in scenario.actors]
            order = sorted(range(len(ids)), key=lambda i: (ids[i] not in voter_set, i))
            wanted = tuple(ids[i] for i in order if cares[i] and gain[i] > bands[i])
            declined = tuple(ids[i] for i in order if cares[i] and gain[i] < -bands[i])
            blockers: tuple[str, ...] = ()
            decl_voters = [v for v in voters if v in declined]
            if decl_voters:
                codes = np.ones(len(voters), dtype=np.int8)
                for j, v in enumerate(voters):
                    if v in decl_voters:
                        codes[j] = -1
                if not rule.passes_one(codes):
                    d = decide(gain[rows], rule, band=bands[rows], actors=voters)
                    blockers = tuple(voters[i] for i in d.blocked_by) or tuple(decl_voters)
            out.append(OptionVerdict(issue.id, float(value), wanted, declined, blockers))
    return out


def option_reading(
    verdicts: list[OptionVerdict], scenario: Scenario, forecast: Mapping[str, float]
) -> list[str]:
    """One sentence per issue with options: the forecast's option, and who wants or declines each other."""
    names = {a.id: a.label for a in scenario.actors}

    def who(ids: tuple[str, ...]) -> str:
        labels = [names[i] for i in ids]
        return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]

    out = []
    for issue in scenario.issues:
        mine = [v for v in verdicts if v.issue == issue.id]
        if not mine:
            continue
        values = issue.option_values or ()
        here = min(values, key=lambda v: abs(v - forecast[issue.id]))
        parts = []
        for v in mine:
            bits = []
            if v.wanted_by:
                bits.append(f"{who(v.wanted_by)} {'wants' if len(v.wanted_by) == 1 else 'want'} it")
            if v.blocked_by:
                bits.append(
                    f"{who(v.blocked_by)} {'declines' if len(v.blocked_by) == 1 else 'decline'} it and can block it"
                )
            rest = tuple(a for a in v.declined_by if a not in v.blocked_by)
            if rest:
                bits.append(f"{who(rest)} {'declines' if len(rest) == 1 else 'decline'} it")
            if bits:
                parts.append(f"{issue.option_label(v.value)}: " + "; ".join(bits))
        if parts:
            at = forecast[issue.id]
            where = (
                f"{issue.label} goes to {issue.option_label(here)} in the forecast"
                if abs(at - here) < 1e-9
                else f"{issue.label} is {_num(at)} in the forecast (nearest option:"
                f" {issue.option_label(here)})"
            )
            out.append(f"{where}. Instead — " + ". ".join(parts) + ".")
    return out


# -- why the focal actor closes: the pressure its ties put on it -----------------------------------------

#: The focal actor "closes at the edge of what it accepts" when it is pivotal this close to flipping.
EDGE_MARGIN = 0.05


def closing_sentence(
    scenario: Scenario, result: ScenarioOutcome, point: dict[str, float]
) -> str | None:
    """Why the focal actor closes a deal on terms at the edge of what it accepts, from the file's ties.

    Said when the proposal passes, the focal actor votes yes and is pivotal within :data:`EDGE_MARGIN` of
    flipping (the forecast is the worst it still accepts), and hostile ties press it: the actors with a
    hostile tie to it (weights), those among them with a friendly tie to another decision maker (an
    outside option for the other side; the tie's note quoted), and how much slack that decision maker has
    by comparison. The focal actor's largest concession (salience × distance from its position to the
    forecast) names the terms. None otherwise.
    """
    focal = scenario.focal
    d = result.decision
    if focal is None or focal not in d.actors or not d.passes:
        return None
    from coalitionist.analyses.process import option_text, tie_matrices

    names = result.names
    fi = d.actors.index(focal)
    flips = {f.actor: f for f in d.pivotal}
    mine = flips.get(fi)
    if mine is None or mine.vote != 1 or mine.margin > EDGE_MARGIN:
        return None
    a = scenario.arrays
    f = scenario.actor_index[focal]
    sway, hostile = tie_matrices(scenario)
    rivals = sorted(
        (r for r in range(len(scenario.actors)) if r != f and hostile[r, f] > 0),
        key=lambda r: (-hostile[r, f], scenario.actors[r].id),
    )
    if not rivals:
        return None
    span = a.high - a.low
    cost = [
        (float(a.salience[f, k] * abs(a.positions[f, k] - point[s.id]) / span[k]), k)
        for k, s in enumerate(scenario.issues)
        if a.stated[f, k] and s.id in point
    ]
    if not cost:
        return None
    _, k = max(cost)
    issue = scenario.issues[k]
    me = names.get(focal, focal)
    head = (
        f"{me} closes the deal at the edge of what it accepts ({mine.margin:.2f} from the point where"
        f" it would stop voting yes): {issue.label} {option_text(issue, point[issue.id])} against its"
        f" own {_value_and_label(issue, float(a.positions[f, k]))}"
    )
    press = and_join([f"{scenario.actors[r].label} ({hostile[r, f]:.2f})" for r in rivals[:3]])
    notes = {(t.source, t.target): t.note for t in scenario.relationships if t.note}
    outside: list[str] = []
    slack: list[str] = []
    for r in rivals:
        for c in d.actors:
            ci = scenario.actor_index[c]
            if c == focal or sway[r, ci] <= 0:
                continue
            note = notes.get((scenario.actors[r].id, c), "")
            outside.append(
                f"{scenario.actors[r].label} reaches {names.get(c, c)} (tie {sway[r, ci]:.2f}"
                + (f": {note.rstrip('.')}" if note else "")
                + ")"
            )
            other = flips.get(d.actors.index(c))
            if other is not None and other.margin > mine.margin + EDGE_MARGIN:
                slack.append(f"{names.get(c, c)} has {other.margin:.2f} of slack")
    text = head + f"; the pressure on it: hostile ties from {press}"
    if outside:
        text += ", and " + "; ".join(outside[:2])
    if slack:
        text += f" — {slack[0]}, so it can wait and {me} cannot"
    text += "."
    for r in rivals[:1]:  # the strongest pressure; the others are in the ties
        what_if = _counterfactual(scenario, result, scenario.actors[r].id, mine.margin)
        if what_if:
            text += " " + what_if
    return text


@dataclass(frozen=True)
class _Change:
    """What a counterfactual re-run changes: the issues the forecast moves on (in words), whether the
    deal then fails, or the focal actor's new margin before it stops voting yes."""

    moved: tuple[str, ...] = ()
    fails: bool = False
    margin: float | None = None

    @property
    def any(self) -> bool:
        return self.fails or bool(self.moved) or self.margin is not None


def _without(scenario: Scenario, actor: str, part: str) -> Scenario | None:
    """The scenario with ``actor``'s stated positions (``part == "positions"``: it takes no part in the
    bargaining) or its ties (``"ties"``) removed, everything else as in the file; None if it does not
    validate."""
    from coalitionist.scenario.model import Scenario as Model

    data = scenario.model_dump(mode="python", by_alias=True, exclude_unset=True)
    if part == "positions":
        if actor not in data.get("positions", {}):
            return None
        data["positions"].pop(actor)
    else:
        ties = data.get("relationships", [])
        kept = [t for t in ties if actor not in (t.get("source"), t.get("target"))]
        if len(kept) == len(ties):
            return None
        data["relationships"] = kept
    try:
        return Model.model_validate(data)
    except (ValueError, CoalitionistError):
        return None


def _counterfactual(
    scenario: Scenario, result: ScenarioOutcome, actor: str, margin: float
) -> str | None:
    """What the model computes without ``actor``'s pressure (issue 13.7), or None when nothing changes.

    The outcome is re-run (same proposal source, point estimates, same seed) on the scenario without the
    actor's positions -- it takes no part in the bargaining -- and, separately, without its ties. A change
    is reported when the forecast moves on an issue by more than 1 % of its scale, or the focal actor's
    margin before it stops voting yes changes by more than :data:`EDGE_MARGIN`; when only its positions
    matter, the sentence says that its ties alone change nothing (the forecast reads positions, saliences
    and capabilities, not ties). Never a change the model does not show.
    """
    focal = scenario.focal
    if focal is None or len(scenario.actors) > 200:
        return None
    name = scenario.actor(actor).label
    me = scenario.actor(focal).label
    given = None if result.source == "forecast" else result.proposal

    def rerun(sc: Scenario | None) -> tuple[ScenarioOutcome, float | None] | None:
        if sc is None:
            return None
        try:
            out = run_outcome(sc, given, samples=0, seed=result.seed)
        except CoalitionistError:
            return None
        d = out.decision
        if focal not in d.actors:
            return None
        fi = d.actors.index(focal)
        flip = next((f for f in d.pivotal if f.actor == fi), None)
        return out, (None if flip is None or flip.vote != 1 else flip.margin)

    def changed(found: tuple[ScenarioOutcome, float | None] | None) -> _Change | None:
        """What the re-run changes (None: it could not be re-run)."""
        if found is None:
            return None
        out, m = found
        moved = []
        for issue in scenario.issues:
            k = issue.id
            lo, hi = issue.scale
            a, b = result.proposal.get(k), out.proposal.get(k)
            if a is not None and b is not None and abs(a - b) > 0.01 * (hi - lo):
                moved.append(f"{issue.label} {fmt_issue_value(scenario, k, b)}")
        if not out.decision.passes or m is None:
            return _Change(tuple(moved), fails=True)
        if moved or abs(m - margin) > EDGE_MARGIN:
            return _Change(tuple(moved), margin=m)
        return _Change()

    no_pos = changed(rerun(_without(scenario, actor, "positions")))
    if no_pos is None or not no_pos.any:
        return None
    moved = no_pos.moved
    if no_pos.fails or no_pos.margin is None:
        then = f"{me} would not vote for it: the deal would not close"
    else:
        then = (
            f"{me} would hold out with {no_pos.margin:.2f} to spare before it stops"
            f" voting yes, instead of {margin:.2f}"
        )
    text = (
        f"Without {name} in the bargaining (its positions removed, the rest of the file as it is), the"
        + (f" forecast would be {'; '.join(moved)}, and" if moved else "")
        + f" {then}: in the model, {possessive(name)} pressure is what moves {me} to close at the"
        " edge of what it accepts."
    )
    no_ties = changed(rerun(_without(scenario, actor, "ties")))
    if no_ties is not None and not no_ties.any:
        text += (
            f" {possessive(name)} ties alone change nothing: the forecast reads positions,"
            " saliences and capabilities, not ties."
        )
    return text


def _value_and_label(issue: Any, value: float) -> str:
    """``400 (Russia's ask)``, or just ``400``."""
    label = issue.option_label(value)
    return f"{value:g}" + (f" ({label})" if label != f"{value:g}" else "")
