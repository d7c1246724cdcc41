"""The sweep's aggregates against independent computations on the same draws (issue 16.1).

Every draw is redone here by hand: sample ``i``'s estimates come from ``SeedSequence(seed, spawn_key=(i,))``
(as the engine documents), are written into a variant, and then

* the **outcome** is counted with a vote model and a tally written here from the documented rules, not
  with the outcome package: an actor's utility gain from the proposal over the status quo is
  ``Σ_k salience_k (|sq_k − x_i,k| − |p_k − x_i,k|) / width_k``; it votes yes above its indifference band,
  no below minus the band, abstains inside; Resolution 678 passes with nine yes votes of the fifteen
  Council members and no permanent member voting no (an abstention is not a veto). A voter is pivotal when
  changing its vote alone changes the result;
* the **coalitions** are the coalition analysis re-run on each variant as the brief's coalitions section
  runs it (``standalone_coalitions``: the variant's own forecast under the rule, predicted votes and lockout
  exposure, seeded with the draw's analysis seed) -- a brute-force re-run, one call per draw, with the game
  recomputed from the variant rather than shared;
* the **forecast** quantiles are numpy's quantiles of the weighted-median forecast redone per draw.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

import numpy as np
import pytest

from coalitionist.analyses.coalitions import standalone_coalitions
from coalitionist.analyses.forecast import run_forecast
from coalitionist.analyses.sweep import SweepResult, run_sweep, sweep_setup
from coalitionist.analyses.sweep_estimates import apply_estimates, draw_estimates
from coalitionist.engine import analysis_seed, root_entropy, sample_rng
from coalitionist.examples import example_path
from coalitionist.io import load_scenario
from coalitionist.scenario.model import Scenario

SEED = 5
N = 40
#: A wide band (± 40 % of each range), so that Resolution 678 fails in some draws and the counts discriminate.
PERTURB = 40.0
QUOTA = 9  # UN Charter art. 27(3): nine affirmative votes
DEFAULT_BAND = 0.05  # the documented default indifference band (docs/theory/outcome.md)


@cache
def gulf() -> Scenario:
    return load_scenario(example_path("gulf-war-1990"))


@cache
def swept() -> SweepResult:
    return run_sweep(
        gulf(),
        N,
        seed=SEED,
        what=["outcome", "coalitions", "forecast"],
        model="median",
        perturb=PERTURB,
    )


@cache
def variants() -> tuple[Scenario, ...]:
    sc = gulf()
    setup = sweep_setup(sc, ["outcome", "coalitions", "forecast"], model="median", perturb=PERTURB)
    entropy = root_entropy(SEED)
    return tuple(
        apply_estimates(
            sc, setup.estimates, draw_estimates(setup.estimates, sample_rng(entropy, i))
        )
        for i in range(N)
    )


def _votes(variant: Scenario, proposal: dict[str, float]) -> dict[str, int]:
    """+1 yes, −1 no, 0 abstain for every Council member, from the documented vote model."""
    out = {}
    for a in variant.actors:
        if "unsc" not in a.tags:
            continue
        gain = 0.0
        for issue in variant.issues:
            stance = variant.positions.get(a.id, {}).get(issue.id)
            if stance is None:
                continue
            x = float(stance.position)  # type: ignore[arg-type]
            s = float(stance.salience)  # type: ignore[arg-type]
            lo, hi = issue.scale
            sq, p = (
                float(issue.status_quo_value),
                float(proposal.get(issue.id, issue.status_quo_value)),
            )
            gain += s * (abs(sq - x) - abs(p - x)) / (hi - lo)
        band = DEFAULT_BAND if a.indifference is None else float(a.indifference)  # type: ignore[arg-type]
        out[a.id] = 1 if gain > band else -1 if gain < -band else 0
    return out


def _passes(votes: dict[str, int], p5: set[str]) -> bool:
    return sum(v == 1 for v in votes.values()) >= QUOTA and not any(votes[a] == -1 for a in p5)


def test_the_pass_probability_is_a_direct_monte_carlo_on_the_same_draws() -> None:
    sc = gulf()
    assert sc.proposal is not None
    proposal = {k: float(v) for k, v in sc.proposal.items()}
    p5 = {a.id for a in sc.actors if "p5" in a.tags}
    assert len(p5) == 5
    passed, pivotal = [], Counter[str]()
    for v in variants():
        votes = _votes(v, proposal)
        assert len(votes) == 15
        result = _passes(votes, p5)
        passed.append(result)
        for actor in votes:
            for alt in (1, 0, -1):
                if alt != votes[actor] and _passes({**votes, actor: alt}, p5) != result:
                    pivotal[actor] += 1
                    break
    probs = swept().to_dict()["probabilities"]
    assert 0 < np.mean(passed) < 1  # the band is wide enough for the count to discriminate
    assert len(set(pivotal.values()) - {0, N}) > 0  # some voter is pivotal in some draws only
    assert probs["passes"] == pytest.approx(np.mean(passed))
    for a in sc.actors:
        assert probs["pivotal"][a.id] == pytest.approx(pivotal[a.id] / N), a.id
    # the nominal result is the one of the file: 678 passes, and the sweep's sentence says how often
    assert swept().to_dict()["nominal"]["labels"]["outcome.passes"] == "true"
    rec = next(r for r in swept().recommendations if r.key == "outcome.passes")
    assert rec.holds == pytest.approx(np.mean(passed))


def test_the_coalition_shares_are_a_brute_force_rerun_per_draw() -> None:
    likely, adverse, block = Counter[str](), Counter[str](), 0
    entropy = root_entropy(SEED)
    for i, v in enumerate(variants()):
        co = standalone_coalitions(v, seed=analysis_seed(entropy, i)).to_dict()
        top = co.get("likely") or []
        likely["+".join(sorted(top[0]["members"])) if top else "none"] += 1
        adv = co.get("adverse") or {}
        adverse["+".join(sorted(adv.get("members", []))) or "none"] += 1
        block += bool(adv.get("can_block"))
    probs = swept().to_dict()["probabilities"]
    got = {"+".join(sorted(c["members"])) or "none": c["p"] for c in probs["likely_coalition"]}
    assert len(likely) > 1  # the likeliest coalition changes between draws
    assert got == pytest.approx({k: n / N for k, n in likely.items()})
    got_adv = {"+".join(sorted(c["members"])) or "none": c["p"] for c in probs["adverse_coalition"]}
    assert got_adv == pytest.approx({k: n / N for k, n in adverse.items()})
    assert probs["adverse_can_block"] == pytest.approx(block / N)


def test_the_forecast_quantiles_are_numpy_quantiles_of_the_redone_draws() -> None:
    sc = gulf()
    hand = np.array([run_forecast(v, "median").forecast for v in variants()])
    numbers = swept().to_dict()["numbers"]
    for k, issue in enumerate(sc.arrays.issues):
        st = numbers[f"forecast.{issue}"]
        assert st["exact_quantiles"] is True
        want = np.quantile(hand[:, k], [0.05, 0.25, 0.5, 0.75, 0.95])
        assert [st["p05"], st["p25"], st["p50"], st["p75"], st["p95"]] == pytest.approx(
            want.tolist()
        )
        assert st["mean"] == pytest.approx(hand[:, k].mean())
        assert st["sd"] == pytest.approx(hand[:, k].std(ddof=1))
