"""The coalition analysis: possible, essential, likely and adverse coalitions.

:func:`analyze_coalitions` is the façade. It takes the situation's arrays (:class:`CoalitionInputs`, built
from a scenario by :func:`coalitionist.analyses.coalitions.coalition_inputs`) and runs the pure kernels:

1. **Possible** — winning coalitions (counted exactly up to :data:`COUNT_EXACT_MAX` actors, else their share
   estimated from seeded random coalitions), and the minimal winning and minimal blocking coalitions from the
   power engine's lazy enumerations, capped by ``limit``.
2. **Essential** — veto players (in every winning coalition), and any actor without whom the likely partners
   (everyone in the top likely coalitions) cannot form a winning coalition.
3. **Affinity** — the six bases of :mod:`coalitionist.coalitions.affinity`, each with its evidence.
4. **Likely** — winning coalitions ranked by who votes together on the proposal (``votes``), cohesion and
   rivalries, then connectedness and ideological range (:mod:`coalitionist.coalitions.likely`), each with the bases that hold it together and its weakest link.
5. **Adverse** — the coalition opposing the focal actor's position, whether it can block, its centre and its
   holes (:mod:`coalitionist.coalitions.adverse`).

Each step has its module: :mod:`.possible`, :mod:`.essential`, :mod:`.affinity` and :mod:`.evidence`,
:mod:`.likely`, :mod:`.adverse`; the typed results are in :mod:`.result` and every sentence in
:mod:`.describe` (and the per-pair evidence in :mod:`.evidence`).

Shared vulnerability needs the likely coalitions (who is at risk of being left out) and the likely coalitions
need the affinities, so the ranking runs twice: first on the five other bases, then on all six (one pass
over the five bases' rows makes both sums: :func:`~coalitionist.coalitions.affinity.weighted_sums`). When the
analyses bridge passes the lockout analysis's shared exposure (``CoalitionInputs.lockout``), the basis is that
instead: the probability that the two are outvoted by the same early side deal (issue 14 point 3; Lax &
Sebenius 2006, ch. 12: actors at risk of being shut out by the same deal have a reason to stand together).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]
from numpy.typing import NDArray

from coalitionist.coalitions.adverse import adverse_coalition
from coalitionist.coalitions.affinity import (
    BASES,
    AffinityInputs,
    Basis,
    exposure_basis,
    position_bases,
    vulnerability_basis,
    weighted_sums,
)
from coalitionist.coalitions.errors import CoalitionInputError
from coalitionist.coalitions.essential import essential_members
from coalitionist.coalitions.evidence import Evidence, EvidenceContext, pair_ties
from coalitionist.coalitions.inputs import CoalitionInputs
from coalitionist.coalitions.likely import (
    candidates,
    likely_coalitions,
    main_issue,
    minimal_connected_winning,
    rank,
    unique_rows,
)
from coalitionist.coalitions.possible import winning_count
from coalitionist.coalitions.result import (
    AdverseCoalition,
    CoalitionAnalysis,
    Essential,
    Hole,
    LikelyCoalition,
)
from coalitionist.power.game import (
    DEFAULT_LIMIT,
    Enumerated,
    FormalPower,
    formal_power,
    grand_coalition_wins,
    minimal_blocking,
    minimal_winning,
)

if TYPE_CHECKING:
    from coalitionist.power import PowerResult, Rule

__all__ = [
    "AdverseCoalition",
    "CoalitionAnalysis",
    "Essential",
    "Hole",
    "LikelyCoalition",
    "analyze_coalitions",
]


def analyze_coalitions(
    inputs: CoalitionInputs,
    *,
    rule: Rule,
    power: PowerResult | None = None,
    top: int = 5,
    limit: int = DEFAULT_LIMIT,
    weights: Mapping[str, float] | None = None,
    seeds: int = 5,
    tolerance: float = 0.01,
    samples: int = 2048,
    seed: int | None = 0,
    minimal_winning_coalitions: Enumerated | None = None,
    minimal_blocking_coalitions: Enumerated | None = None,
    votes: Mapping[str, str] | None = None,
) -> CoalitionAnalysis:
    """Possible, essential, likely and adverse coalitions.

    Parameters
    ----------
    inputs : CoalitionInputs
        The situation's arrays, ties and names (from a scenario:
        :func:`coalitionist.analyses.coalitions.coalition_inputs`).
    rule : Rule
        The decision rule over the same actors, in row order (from a scenario:
        :func:`coalitionist.analyses.rule.scenario_rule`).
    power : PowerResult, optional
        Power indices already computed for ``rule``.
    top : int
        Number of likely coalitions reported.
    limit : int
        Cap on the minimal winning / blocking coalitions enumerated (and ranked as candidates).
    weights : mapping, optional
        Weight of each basis in the combined affinity (default: equal).
    seeds : int
        Greedy-agglomeration seeds besides the focal actor: the actors with the most formal power.
    tolerance : float
        Preference margin (in [0, 1]) below which an actor counts as undecided about the focal proposal.
    samples : int
        Monte Carlo samples for the blocking impact of large adverse coalitions.
    seed : int or None
        Seed of every random estimate (``numpy.random.default_rng(seed)``).
    minimal_winning_coalitions, minimal_blocking_coalitions : Enumerated, optional
        Enumerations already made, reused as they are.
    votes : mapping, optional
        Actor id → predicted vote on the proposal (``"yes"``, ``"no"`` or ``"abstain"``: the outcome
        section's); coalitions whose members vote alike rank higher. Actors not listed vote alike with
        no one.

    Returns
    -------
    CoalitionAnalysis

    Raises
    ------
    CoalitionInputError
        For an unknown basis in ``weights`` or out-of-range options.
    """
    if top < 1 or limit < 1 or seeds < 0 or not 0 <= tolerance < 1:
        raise CoalitionInputError("top and limit must be ≥ 1, seeds ≥ 0 and tolerance in [0, 1)")
    arrays = inputs.arrays
    ids = arrays.actors
    n = len(ids)
    index = {a: i for i, a in enumerate(ids)}
    labels = dict(inputs.labels)
    issue_labels = dict(inputs.issue_labels)
    fp: FormalPower = formal_power(rule, ids, power, seed=seed)
    count: int | None
    if fp.winning_count is not None:
        count, share, exact = fp.winning_count, fp.winning_count / 2**n, True
    else:
        count, share, exact = winning_count(rule, n, seed)
    mwc = (
        minimal_winning(rule, limit)
        if minimal_winning_coalitions is None
        else minimal_winning_coalitions
    )
    mbc = (
        minimal_blocking(rule, limit)
        if minimal_blocking_coalitions is None
        else minimal_blocking_coalitions
    )
    focal = inputs.focal
    f_idx = index[focal] if focal is not None else None

    edges = inputs.ties
    ties = inputs.matrices
    inp = AffinityInputs.of(
        arrays.positions, arrays.salience, arrays.stated, arrays.low, arrays.high, arrays.status_quo
    )
    cap = np.clip(arrays.capability, 0.0, None)
    forecast = inputs.forecast
    # each basis held as an (n, n) matrix up to DENSE_BASES_MAX actors, else its rows computed when read
    bases: dict[str, Basis] = position_bases(inp, forecast, ties.history, ties.relation)
    w = (
        dict.fromkeys(BASES, 1.0)
        if weights is None
        else {b: float(weights.get(b, 0.0)) for b in BASES}
    )
    if weights is not None and set(weights) - set(BASES):
        raise CoalitionInputError(
            f"unknown affinity bases: {', '.join(sorted(set(weights) - set(BASES)))}"
            f" (known: {', '.join(BASES)})"
        )

    mi = main_issue(inp, cap)
    if mi is not None:
        x = inp.positions[:, mi]
        # actors with no say under the rule are not on the voting dimension: they neither join a connected
        # winning interval nor break one
        placed = inp.stated[:, mi] & ~fp.dummy
        span = float(inp.span[mi])
    else:
        x, placed, span = np.zeros(n), np.zeros(n, dtype=bool), 1.0
    vote_code: NDArray[np.int64] | None = None
    if votes is not None:
        codes = {"yes": 1, "abstain": 0, "no": -1}
        # an actor without a predicted vote gets a code of its own (agrees with nobody)
        vote_code = np.array(
            [codes.get(votes.get(a, ""), 2 + i) for i, a in enumerate(ids)], dtype=np.int64
        )
    relation = sp.csr_matrix(
        ties.relation, dtype=float
    )  # sparse: rivalries and evidence read its ties
    votes_w = np.asarray(arrays.votes, dtype=float)
    wins = grand_coalition_wins(rule)
    mwc_masks = mwc.masks(n)
    mcw_masks = (
        minimal_connected_winning(x, placed, rule.wins_many)
        if wins and mi is not None
        else np.zeros((0, n), bool)
    )
    power_order = np.lexsort((np.arange(n), -fp.banzhaf, -cap))
    seed_list = ([f_idx] if f_idx is not None else []) + [
        int(i) for i in power_order[:seeds] if int(i) != f_idx
    ]

    # pass 1: five bases → likely coalitions → who risks being left out. The same pass over the five
    # bases' rows also sums their part of the final affinity (coefficients w_b / Σ_all w), so that each
    # block of a basis's rows is computed once, not once per pass; shared vulnerability is added to it
    # after pass 1, last, as combined_affinity would add it (the same sums, bit for bit).
    if any(v < 0 for v in w.values()) or sum(w.values()) <= 0:
        raise CoalitionInputError("affinity weights must be non-negative with a positive total")
    five = {b: w[b] for b in bases}
    total_five, total = sum(five.values()), sum(w.values())
    first, affinity = weighted_sums(
        bases,
        [
            {b: v / total_five for b, v in five.items() if v} if total_five > 0 else {},
            {b: v / total for b, v in five.items() if v},
        ],
    )
    cand = (
        candidates(rule, mwc_masks, mcw_masks, first, seed_list, fp.banzhaf)
        if wins
        else np.zeros((0, n), bool)
    )
    if len(cand):
        r1 = rank(cand, first, x, placed, span, votes_w, relation, vote_code)
        top1 = cand[r1.order[:top]]
        inclusion = top1.mean(axis=0)
    else:
        inclusion = np.zeros(n)
    del first  # pass 1 only: the final affinity alone is kept (n × n floats each)
    weakness = 1.0 - np.maximum(
        cap / cap.max() if cap.max() > 0 else np.zeros(n),
        fp.banzhaf / fp.banzhaf.max() if fp.banzhaf.max() > 0 else np.zeros(n),
    )
    exclusion = 1.0 - inclusion
    vulnerability = np.clip(weakness * exclusion, 0.0, 1.0)
    lockout = inputs.lockout
    if lockout is not None and np.shape(lockout.shared) == (n, n):
        bases["shared_vulnerability"] = exposure_basis(lockout.shared)
    else:
        lockout = None
        bases["shared_vulnerability"] = vulnerability_basis(vulnerability)
    if w["shared_vulnerability"]:
        weighted_sums(
            {"shared_vulnerability": bases["shared_vulnerability"]},
            [{"shared_vulnerability": w["shared_vulnerability"] / total}],
            into=[affinity],
        )

    # pass 2: all six bases
    if wins:
        extra = candidates(
            rule, np.zeros((0, n), bool), np.zeros((0, n), bool), affinity, seed_list, fp.banzhaf
        )
        cand = unique_rows(np.concatenate([cand, extra], axis=0)) if len(cand) else extra
    ranked = (
        rank(cand, affinity, x, placed, span, votes_w, relation, vote_code) if len(cand) else None
    )

    ctx = EvidenceContext(
        ids=ids,
        labels=labels,
        issues=arrays.issues,
        issue_labels=issue_labels,
        inp=inp,
        forecast=forecast,
        edges=edges,
        ties=ties,
        relation=relation,
        capability=cap,
        vulnerability=vulnerability,
        exclusion=exclusion,
        weakness=weakness,
        pair_ties=pair_ties(edges),
        lockout=lockout,
    )
    ev = Evidence(ctx, bases)

    likely, favorable = (
        likely_coalitions(
            ranked, bases, affinity, ids, rule, mi, x, placed, f_idx, votes_w, top, ev
        )
        if ranked is not None
        else ([], None)
    )

    essential = essential_members(ids, labels, fp.veto, [lc.members for lc in likely], rule, index)

    adverse = (
        adverse_coalition(rule, ctx, bases, affinity, f_idx, tolerance, samples, seed, ev)
        if f_idx is not None and inp.positions.shape[1] > 0
        else None
    )

    ev.around(f_idx, affinity)

    return CoalitionAnalysis(
        title=inputs.title,
        actors=ids,
        labels=labels,
        focal=focal,
        winning_count=count,
        winning_share=share,
        winning_exact=exact,
        minimal_winning=mwc,
        minimal_blocking=mbc,
        essential=tuple(essential),
        bases=bases,
        weights=w,
        affinity=affinity,
        evidence=ev.found,
        likely=tuple(likely),
        favorable=favorable,
        adverse=adverse,
        main_issue=arrays.issues[mi] if mi is not None else None,
        exhaustive=not mwc.truncated,
        issue_labels=issue_labels,
    )
