"""Step 6, describe: the coalition analysis in plain words, from its typed result and display names.
Every sentence of the analysis is written here or in :mod:`.evidence` (the per-pair evidence), never in the
ranking steps."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from coalitionist.coalitions import affinity as _affinity
from coalitionist.coalitions.affinity import BASES, BASIS_LABELS
from coalitionist.coalitions.result import CoalitionAnalysis
from coalitionist.wording import names_join, possessive, them

__all__ = [
    "blocking_reading",
    "essential_reason",
    "large_method",
    "possessive",
    "readings",
    "reported_blocking",
]


def large_method(n: int) -> str:
    """How the analysis of more than :data:`~coalitionist.coalitions.affinity.DENSE_BASES_MAX` actors
    differs from the smaller one's."""
    return (
        f"{n:,} actors, more than {_affinity.DENSE_BASES_MAX:,}: the six bases of affinity are computed a block of"
        " rows at a time when read, not kept (only the combined affinity is), and the cohesion of"
        " coalitions adjacent on the main issue is summed by one sweep along it; the same scores up to"
        " rounding in the last digits"
    )


def essential_reason(kind: str, label: str, partners: int = 0, coalitions: int = 0) -> str:
    """Why an actor is essential: it holds a ``veto``, or the ``likely_partners`` (``partners`` actors in
    the top ``coalitions`` likely coalitions) cannot win without it."""
    if kind == "veto":
        return f"{label} holds a veto: no coalition wins without it"
    return (
        f"among the likely partners ({partners} actors in the top"
        f" {coalitions} likely coalitions) no winning coalition forms without"
        f" {label}"
    )


def _names(res: CoalitionAnalysis, ids: Sequence[str]) -> str:
    """The actors' names, capped (:func:`coalitionist.wording.names_join`: the JSON lists them all)."""
    return names_join([res.labels.get(i, i) for i in ids])


def reported_blocking(res: CoalitionAnalysis) -> tuple[str, ...]:
    """The blocking coalition the analysis reports: the one a practitioner means by "who can block".

    Rule (in this order, the first difference decides): among the listed minimal blocking coalitions (and
    the adverse coalition's minimal blocking core, which may lie past a truncated listing) prefer

    1. those without the focal actor;
    2. the fewest members of the focal actor's side (actors who prefer its position to the status quo,
       :mod:`coalitionist.coalitions.adverse`): the side cannot block itself;
    3. the fewest members outside the adverse coalition (undecided actors);
    4. the fewest members;
    5. the most opposed: the lowest sum of the members' stance margins;
    6. the first listed (the power engine's enumeration order).

    Without a focal actor or an adverse coalition rules 2, 3 and 5 are void: the smallest coalition is
    reported. Returns the sorted ids (empty when no blocking coalition is listed).
    """
    ids = res.actors
    cands = [tuple(sorted(ids[i] for i in c)) for c in res.minimal_blocking.coalitions]
    adv = res.adverse
    if adv is not None and adv.can_block and adv.core and tuple(adv.core) not in cands:
        cands.append(tuple(adv.core))
    if not cands:
        return ()
    side = set(adv.focal_side) if adv is not None else set()
    against = set(adv.members) if adv is not None else set()
    margins = adv.margins if adv is not None else {}

    def key(k: int) -> tuple[int, int, int, int, float, int]:
        c = cands[k]
        return (
            int(res.focal in c),
            sum(a in side for a in c),
            sum(a not in against for a in c) if adv is not None else 0,
            len(c),
            round(sum(margins.get(a, 0.0) for a in c), 12),
            k,
        )

    return cands[min(range(len(cands)), key=key)]


def blocking_reading(res: CoalitionAnalysis) -> str:
    """The sentence on who can block, for the coalition :func:`reported_blocking` picks, saying which rule
    picked it: the smallest set of the focal actor's opponents, or, when they cannot block alone, who else
    it takes."""
    mb = res.minimal_blocking
    chosen = reported_blocking(res)
    k = len(chosen)
    names = _names(res, chosen)
    total = (
        f"{'at least ' if mb.truncated else ''}{len(mb.coalitions)} minimal blocking coalition"
        f"{'s' if len(mb.coalitions) != 1 else ''} in all"
    )
    adv = res.adverse
    if res.focal is None or adv is None:
        same = sum(len(c) == k for c in mb.coalitions)
        example = "for example " if same > 1 else ""
        return (
            f"To block, {k} actor{'s' if k != 1 else ''} suffice{'s' if k == 1 else ''}: {example}{names}"
            f" (the smallest; {total})."
        )
    focal = res.labels.get(res.focal, res.focal)
    side = [a for a in chosen if a in adv.focal_side]
    outside = [a for a in chosen if a not in adv.members and a not in adv.focal_side]
    head = f"To block {possessive(focal)} position"
    if not side and not outside:
        return (
            f"{head}, {k} of those who prefer the status quo to it suffice: {names} (the smallest blocking"
            f" set of its opponents; {total})."
        )
    if not side:
        return (
            f"{head}, its opponents need the undecided: {names}, of whom {_names(res, outside)}"
            f" {'is' if len(outside) == 1 else 'are'} undecided (the blocking set with the fewest actors"
            f" outside the opposing side; {total})."
        )
    parts = [f"{focal} itself"] if res.focal in chosen else []
    mine = [a for a in side if a != res.focal]
    if mine:
        parts.append(f"{_names(res, mine)}, on its side")
    return (
        f"{head}, its opponents cannot block without its own side: the blocking set that needs the fewest"
        f" of it is {names}, including {' and '.join(parts)} ({total})."
    )


def readings(res: CoalitionAnalysis) -> list[str]:
    """Plain-language findings a practitioner can act on, from the typed result and its display names."""
    out: list[str] = []
    mw = res.minimal_winning
    if not mw.coalitions:
        out.append("No coalition can win under the decision rule, not even all actors together.")
        return out
    sizes = [len(c) for c in mw.coalitions]
    smallest = mw.coalitions[int(np.argmin(sizes))]
    out.append(
        f"{'At least ' if mw.truncated else ''}{len(mw.coalitions)} minimal winning coalition"
        f"{'s' if len(mw.coalitions) != 1 else ''}"
        f"{' (listing stopped at the limit)' if mw.truncated else ''}; the smallest has {len(smallest)}"
        f" member{'s' if len(smallest) != 1 else ''}: {_names(res, sorted(res.actors[i] for i in smallest))}."
    )
    mb = res.minimal_blocking
    singles = sorted(res.actors[c[0]] for c in mb.coalitions if len(c) == 1)
    if len(singles) > 1:
        # several veto holders: each blocks alone ("1 actor suffices: X" would name only one of them)
        out.append(
            f"Each of {_names(res, singles)} holds a veto and can block alone"
            f" ({'at least ' if mb.truncated else ''}{len(mb.coalitions)} minimal blocking coalitions"
            " in all)."
        )
    elif len(singles) == 1:
        out.append(
            f"{_names(res, singles)} holds a veto and can block alone"
            f" ({'at least ' if mb.truncated else ''}{len(mb.coalitions)} minimal blocking coalition"
            f"{'s' if len(mb.coalitions) != 1 else ''} in all)."
        )
    elif mb.coalitions:
        out.append(blocking_reading(res))
    vetoes = [e.actor for e in res.essential if e.reason == "veto"]
    if vetoes:
        out.append(
            f"Essential: {_names(res, vetoes)} — "
            + (
                "it holds a veto, so every winning coalition needs it."
                if len(vetoes) == 1
                else "each holds a veto, so every winning coalition needs them all."
            )
        )
    practical = [e.actor for e in res.essential if e.reason == "likely_partners"]
    if practical:
        out.append(
            f"Essential among the likely partners: {_names(res, practical)} — none of the likely winning"
            f" coalitions can form without {them(len(practical))}."
        )
    informed = bool(np.abs(res.affinity).max() > 0)
    if res.likely and not informed:
        lc = res.likely[0]
        out.append(
            "No positions or ties are given, so likely coalitions are ranked by size and votes only"
            f" (fewest members, then fewest votes): for example {_names(res, lc.members)}."
        )
    elif res.likely:
        lc = res.likely[0]
        held = ", ".join(BASIS_LABELS[b] for b in lc.held_by) or "no single basis"
        link = lc.weakest_link
        where = (
            f", {'connected' if lc.connected else 'not connected'} on the main issue"
            if res.main_issue is not None
            else ""
        )
        out.append(
            f"Most likely winning coalition: {_names(res, lc.members)} (cohesion {lc.cohesion:.2f}{where});"
            f" held together by {held}"
            + (
                f"; weakest link: {res.labels[link['actor']]} – {res.labels[link['least_attached_to']]}"
                f" ({BASIS_LABELS[link['weakest_basis']]} is lowest)."
                if link
                else "."
            )
        )
    if res.focal is not None:
        allies = [(a, v) for a, v in res.allies_of(res.focal, 3) if v > 0]
        if allies:
            f = res.index(res.focal)
            bits = []
            for a, v in allies:
                j = res.index(a)
                best = max(BASES, key=lambda b: res.bases[b][f, j])
                bits.append(f"{res.labels[a]} ({v:.2f}, mostly {BASIS_LABELS[best]})")
            out.append(
                f"Closest potential allies of {res.labels[res.focal]}: " + "; ".join(bits) + "."
            )
        if res.favorable is not None and (
            not res.likely or res.favorable.members != res.likely[0].members
        ):
            out.append(
                f"Best winning coalition including {res.labels[res.focal]}: {_names(res, res.favorable.members)}"
                f" (cohesion {res.favorable.cohesion:.2f})."
            )
    adv = res.adverse
    if adv is not None:
        can = "can block" if adv.can_block else "cannot block on its own"
        if adv.can_win:
            can = "can win outright"
        against = (
            f" (those who prefer the status quo to {possessive(res.labels.get(res.focal, res.focal))} own"
            " position)"
            if res.focal is not None
            else ""
        )
        out.append(
            f"Adverse coalition{against}: {_names(res, adv.members)}, centred on"
            f" {res.labels.get(adv.centre or '', adv.centre)}; it {can}."
            + (
                f" Its minimal blocking core: {_names(res, adv.core)}."
                if adv.core and adv.can_block
                else ""
            )
        )
        for h in adv.holes[:3]:
            why = "; ".join(h.reasons) if h.reasons else f"peelability {h.peelability:.2f}"
            out.append(
                f"Hole {h.rank}: {res.labels[h.actor]} (impact {h.impact:.2f}, peelability {h.peelability:.2f}) — {why}."
            )
    if not res.bases_held:
        out.append(f"Method: with {large_method(len(res.actors))}.")
    return out
