"""Step 6, describe: the coalition analysis in plain words, from its typed result and display names.
Every sentence of the analysis is written here or in :mod:`.evidence` (the per-pair evidence), never in the
ranking steps."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from coalitionist.coalitions import affinity as _affinity
from coalitionist.coalitions.affinity import BASES, BASIS_LABELS
from coalitionist.coalitions.result import CoalitionAnalysis
from coalitionist.wording import possessive

__all__ = ["essential_reason", "large_method", "possessive", "readings"]


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
    names = [res.labels.get(i, i) for i in ids]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


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
        small_b = min(mb.coalitions, key=len)
        out.append(
            f"To block, {len(small_b)} actor{'s' if len(small_b) != 1 else ''} suffice"
            f"{'s' if len(small_b) == 1 else ''}: {_names(res, sorted(res.actors[i] for i in small_b))}"
            f" ({'at least ' if mb.truncated else ''}{len(mb.coalitions)} minimal blocking coalition"
            f"{'s' if len(mb.coalitions) != 1 else ''})."
        )
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
            " coalitions can form without them."
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
