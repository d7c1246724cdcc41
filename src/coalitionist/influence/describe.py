"""The influence analysis in plain words, from its typed result and display names: who holds most
influence and of what kind, veto holders, informal influence, brokers, chains from outside the decision,
projected shifts, hostile pressure, needs, and what weak actors can still swing. Every sentence of the
analysis is written here, none in the kernels."""

from __future__ import annotations

from collections.abc import Sequence

from coalitionist.influence.analysis import InfluenceAnalysis, InfluencePath
from coalitionist.wording import percent, their, they

__all__ = ["readings"]


#: "Weak" is said only of an actor with less than this share of all the resources.
WEAK_RESOURCE_SHARE = 0.10


def clearly_exceeds(power: float, resources: float) -> bool:
    """Whether a power share clearly exceeds a resource share: by half again and by a point at least.

    Examples
    --------
    >>> clearly_exceeds(0.30, 0.13), clearly_exceeds(0.015, 0.012), clearly_exceeds(0.0186, 0.002)
    (True, False, True)
    """
    return power >= 1.5 * resources and power - resources >= 0.01


def _names(res: InfluenceAnalysis, ids: Sequence[str]) -> str:
    names = [res.labels.get(i, i) for i in ids]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _num(x: float) -> str:
    """Whole numbers as integers, else 3 significant digits."""
    return f"{round(x):d}" if abs(x - round(x)) < 1e-9 else f"{x:.3g}"


def readings(res: InfluenceAnalysis) -> list[str]:
    """Plain-language findings a practitioner can act on, from the typed result and its display names."""
    out: list[str] = []
    lab = res.labels
    top = res.ranking[:3]
    if top:
        desc = "; ".join(
            f"{lab[a.actor]} ({a.score:.2f}: resources {a.parts['resources']:.2f}, formal power "
            f"{a.parts['formal']:.2f}, network {a.parts['network']:.2f})"
            for a in top
        )
        out.append(f"Holds most influence: {desc}.")
    vetoes = [a.actor for a in res.ranking if a.veto]
    if vetoes:
        out.append(
            f"{_names(res, vetoes)} can stop any decision alone (veto)."
            if len(vetoes) == 1
            else f"{_names(res, vetoes)} can each stop any decision alone (veto)."
        )
    informal = [a for a in res.ranking if a.dummy and a.parts["resources"] >= 0.3]
    if informal:
        one = len(informal) == 1
        out.append(
            f"{_names(res, [a.actor for a in informal[:4]])} "
            f"{'has' if one else 'have'} no say under the decision rule but large resources:"
            f" {their(len(informal))} influence is informal, through the actors"
            f" {they(len(informal))} {'reaches' if one else 'reach'}."
        )
    brokers = sorted(res.ranking, key=lambda a: -a.betweenness)
    # named only when it lies on at least 1 % of the chains: "lies on 0% of the shortest chains" is no broker
    if brokers and brokers[0].betweenness >= 0.005:
        b = brokers[0]
        out.append(
            f"Best-placed broker: {lab[b.actor]} lies on {100 * b.betweenness:.0f}% of the shortest chains of"
            " influence between other actors; approaching it reaches others indirectly."
            + (
                f" (Estimated from the chains out of {res.betweenness_sources:,} of the"
                f" {len(res.actors):,} actors, drawn at random.)"
                if res.betweenness_sources is not None
                else ""
            )
        )
    dms = set(res.decision_makers)
    outside: dict[str, InfluencePath] = {}
    for p in res.paths:
        if p.source not in dms and (
            p.source not in outside or p.strength > outside[p.source].strength
        ):
            outside[p.source] = p
    if outside:
        parts = []
        for p in sorted(outside.values(), key=lambda p: -p.strength)[:4]:
            via = f" via {_names(res, p.path[1:-1])}" if len(p.path) > 2 else " directly"
            parts.append(
                f"{lab[p.source]} reaches {lab[p.target]}{via} (strength {p.strength:.2f})"
            )
        out.append("Outside the decision itself, " + "; ".join(parts) + ".")
    shifts = []
    for pr in res.projections:
        for k, a in enumerate(pr.actors):
            d = pr.projected[k] - pr.initial[k]
            if a in pr.drivers and abs(d) > 0.01 * pr.span:
                shifts.append((abs(d) / pr.span, pr, a, k))
    shifts.sort(key=lambda t: (-t[0], t[2]))
    for _, pr, a, k in shifts[:3]:
        drivers = [d for d, _ in pr.drivers[a][:2]]
        out.append(
            f"After influence flows (Friedkin–Johnsen), {lab[a]} moves on "
            f"{res.issue_labels.get(pr.issue, pr.issue)} from {_num(pr.initial[k])} to {_num(pr.projected[k])},"
            f" pulled mostly by {_names(res, drivers)}."
        )
    hostile = sorted(res.pressure.items(), key=lambda kv: -sum(w for _, w in kv[1]))[:2]
    for a, srcs in hostile:
        out.append(
            f"{lab[a]} is under hostile pressure from "
            + ", ".join(f"{lab[s]} ({w:.2f})" for s, w in srcs[:3])
            + "."
        )
    for nd in res.needs[:3]:
        if not nd.issues:
            continue
        iss = nd.issues[0]
        out.append(
            f"{lab[nd.actor]} needs influence: on {res.issue_labels.get(str(iss['issue']), str(iss['issue']))}"
            f" it wants {_num(float(iss['position']))} but the forecast is {_num(float(iss['forecast']))}"
            f" (salience {float(iss['salience']):.2f})."
        )
    veto = {a.actor for a in res.ranking if a.veto}
    for pt in [p for p in res.potential if p.actor not in veto][:3]:
        # a veto holder is not weak, whatever its resources: it is named as a veto holder above. Said
        # only when its power clearly exceeds its resources (never "1% of the resources but 1% of the
        # power"), and "weak" only of an actor with a small share of the resources.
        if pt.swing_rate > 0 and clearly_exceeds(pt.banzhaf, pt.capability_share):
            head = (
                "Weak is not powerless"
                if pt.capability_share < WEAK_RESOURCE_SHARE
                else "More power than resources"
            )
            out.append(
                f"{head}: {lab[pt.actor]} has {percent(pt.capability_share)} of the resources"
                f" but {100 * pt.banzhaf:.3g}% of the voting power, and its vote decides in"
                f" {pt.swing_rate:.1%} of the ways the others can line up"
                + (
                    f"; it belongs to {pt.minimal_winning} listed minimal winning coalitions."
                    if pt.minimal_winning
                    else "."
                )
            )
        elif pt.swing_rate >= 0.05 and clearly_exceeds(pt.swing_rate, pt.capability_share):
            # a swing partner only when its vote decides often enough to matter (1 time in 20)
            out.append(
                f"{lab[pt.actor]} is weak in resources ({percent(pt.capability_share)}) yet its vote decides in"
                f" {pt.swing_rate:.1%} of the ways the others can line up: a potential swing partner."
            )
        elif pt.reach > 0:
            out.append(
                f"{lab[pt.actor]} has no say under the decision rule; its leverage is through its ties"
                f" (mean strength {pt.reach:.2f} of its strongest one- or two-step chains to the others)."
            )
    return out
