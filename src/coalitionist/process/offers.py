"""What to offer whom: the concessions in the tabled package that buy each needed vote.

Vote buying with concessions on issues (Snyder 1991 for one buyer; Groseclose & Snyder 1996 on buying
supermajorities). The focal actor would like to table its own ideal package ``a``; the best passable package
``x*`` (:mod:`coalitionist.process.packaging`) differs from it on some issues: those differences are the
concessions. For every actor the coalition still *needs* (its switch to no would sink ``x*``; the focal
actor and actors already committed excluded):

1. **No concession needed** when the actor already votes for the focal ideal ``a``'s terms on its own
   (it supports ``x*`` with every concession reverted).
2. Otherwise the **concession that buys it**: the issues ``k`` on which ``x*`` departs from ``a`` and the
   actor cares more than the focal actor (``s_jk > s_fk``, the trade on differences in priorities), such that
   reverting ``k`` to ``a_k`` alone would lose the actor's vote. Among them the cheapest for the focal actor
   (the focal gain lost by the concession, ``Δ_f(x* with k = a_k) − Δ_f(x*)``). The offer is "the option
   ``x*_k`` on ``k`` in exchange for its vote on the issue the focal actor gains most on".
3. When no single concession is decisive, the actor is bought by the bundle as a whole; the offer names the
   concession worth most to it.

**Insurance** (Groseclose & Snyder: the first mover should often buy more than a minimal winning coalition,
so a rival cannot buy back one vote and sink the package): for actors voting no or abstaining on ``x*``, the
cheapest single change of ``x*`` on an issue they care about more than the focal actor that turns them to yes
while every current yes vote stays and the package still passes.

References
----------
.. [1] J. M. Snyder, "On buying legislatures", *Economics and Politics* 3 (1991) 93–109.
.. [2] T. Groseclose and J. M. Snyder, "Buying supermajorities", *American Political Science Review* 90
   (1996) 303–315.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from coalitionist.jsonable import plain
from coalitionist.process.packaging import TOL, PackagePlan, PackageProblem
from coalitionist.process.votes import YES

__all__ = ["Offer", "price_offers"]


@dataclass(frozen=True)
class Offer:
    """One offer to one actor.

    Attributes
    ----------
    actor : int
        Row of the actor.
    kind : str
        ``"concession"`` (a concession in the package buys the vote), ``"bundle"`` (the package as a whole
        does), ``"none_needed"`` (it supports the focal terms already) or ``"insurance"`` (a vote beyond
        the minimum, à la Groseclose & Snyder).
    issue : int or None
        The issue of the concession.
    value : float or None
        The option offered on ``issue``.
    focal_value : float or None
        What the focal actor would have wanted there (its ideal).
    cost : float
        Focal gain given up by the concession (vote-model utility units).
    actor_salience, focal_salience : float
        Both sides' salience on ``issue``.
    gain_with, gain_without : float
        The actor's gain from the package with and without the concession.
    exchange_issue : int or None
        The issue the focal actor gains most on (the vote it gets in exchange).
    """

    actor: int
    kind: str
    issue: int | None
    value: float | None
    focal_value: float | None
    cost: float
    actor_salience: float
    focal_salience: float
    gain_with: float
    gain_without: float
    exchange_issue: int | None

    def to_dict(self, problem: PackageProblem) -> dict[str, Any]:
        """Plain data keyed by ids: ``{"actor", "kind", "issue", "concession", ...}``."""
        return plain(
            {
                "actor": problem.actors[self.actor],
                "kind": self.kind,
                "issue": None if self.issue is None else problem.issues[self.issue],
                "concession": self.value,
                "focal_wants": self.focal_value,
                "cost": self.cost,
                "actor_salience": self.actor_salience,
                "focal_salience": self.focal_salience,
                "gain_with": self.gain_with,
                "gain_without": self.gain_without,
                "in_exchange_for": None
                if self.exchange_issue is None
                else problem.issues[self.exchange_issue],
            }
        )


def _exchange_issue(problem: PackageProblem, options: np.ndarray) -> int | None:
    f = problem.focal
    gains = [problem.tables[k][int(options[k]), f] for k in range(problem.k)]
    k = int(np.argmax(gains))
    return k if gains[k] > TOL else None


def price_offers(
    plan: PackagePlan, *, committed: Iterable[int] = (), insurance: int = 3
) -> tuple[Offer, ...]:
    """The offers that carry the tabled package (see the module docstring).

    Parameters
    ----------
    plan : PackagePlan
    committed : iterable of int
        Rows already on the focal side (no offer is made to them).
    insurance : int
        How many insurance offers to list at most (cheapest first).

    Examples
    --------
    Two issues; the focal actor cares about ``x``, the swing voter about ``y``. The package concedes ``y``
    to buy the swing vote, the concession the swing voter values more than the focal actor does.

    >>> from coalitionist.process.packaging import PackageProblem, binary_passes, plan_packages
    >>> pr = PackageProblem(["f", "swing", "other"], ["x", "y"],
    ...                     [[100, 0], [20, 100], [0, 0]], [[0.9, 0.1], [0.2, 0.8], [1, 1]],
    ...                     [0, 0], [100, 100], [[0, 100], [0, 100]], focal=0,
    ...                     passes=binary_passes(lambda m: m.sum(axis=1) >= 2))
    >>> [(o.kind, pr.issues[o.issue], o.value) for o in price_offers(plan_packages(pr))]
    [('concession', 'y', 100.0)]
    """
    pr = plan.problem
    pkg = plan.best.package
    if pkg is None:
        return ()
    f = pr.focal
    skip = {f, *committed}
    ideal = plan.ideal.options
    xs = pkg.options
    exchange = _exchange_issue(pr, xs)
    conceded = [k for k in range(pr.k) if int(xs[k]) != int(ideal[k])]
    out: list[Offer] = []
    for j in plan.needed:
        if j in skip:
            continue
        # every concession reverted: does it still support?
        g_ideal_all = pr.gains(ideal)
        g_ideal = float(g_ideal_all[j])
        if not conceded or pr.votes(g_ideal_all[None, :])[0, j] >= pkg.codes[j]:
            out.append(
                Offer(
                    j,
                    "none_needed",
                    None,
                    None,
                    None,
                    0.0,
                    0.0,
                    0.0,
                    float(pkg.gain[j]),
                    g_ideal,
                    exchange,
                )
            )
            continue
        best: Offer | None = None
        fallback: Offer | None = None
        for k in conceded:
            rev = xs.copy()
            rev[k] = ideal[k]
            g_rev = pr.gains(rev)
            cost = float(g_rev[f] - pkg.gain[f])
            sj, sf = float(pr.salience[j, k]), float(pr.salience[f, k])
            offer = Offer(
                j,
                "concession",
                k,
                float(pr.options[k][int(xs[k])]),
                float(pr.options[k][int(ideal[k])]),
                cost,
                sj,
                sf,
                float(pkg.gain[j]),
                float(g_rev[j]),
                exchange,
            )
            lost = pr.votes(g_rev[None, :])[0, j] < pkg.codes[j]
            if lost and sj > sf + TOL and (best is None or cost < best.cost - TOL):
                best = offer
            worth = float(pkg.gain[j] - g_rev[j])
            if (
                sj > sf + TOL
                and worth > TOL
                and (fallback is None or worth > fallback.gain_with - fallback.gain_without)
            ):
                fallback = offer
        if best is not None:
            out.append(best)
        elif fallback is not None:
            out.append(
                Offer(
                    fallback.actor,
                    "bundle",
                    fallback.issue,
                    fallback.value,
                    fallback.focal_value,
                    fallback.cost,
                    fallback.actor_salience,
                    fallback.focal_salience,
                    fallback.gain_with,
                    fallback.gain_without,
                    exchange,
                )
            )
        else:
            out.append(
                Offer(
                    j,
                    "bundle",
                    None,
                    None,
                    None,
                    0.0,
                    0.0,
                    0.0,
                    float(pkg.gain[j]),
                    g_ideal,
                    exchange,
                )
            )
    out.extend(_insurance(plan, skip, exchange)[:insurance])
    return tuple(out)


def _insurance(plan: PackagePlan, skip: set[int], exchange: int | None) -> list[Offer]:
    pr = plan.problem
    pkg = plan.best.package
    assert pkg is not None
    f = pr.focal
    yes = pkg.codes == YES
    found: list[Offer] = []
    for j in range(pr.n):
        if j in skip or yes[j]:
            continue
        best: Offer | None = None
        for k in range(pr.k):
            sj, sf = float(pr.salience[j, k]), float(pr.salience[f, k])
            if sj <= sf + TOL:
                continue
            for o in range(len(pr.options[k])):
                if o == int(pkg.options[k]):
                    continue
                alt = pkg.options.copy()
                alt[k] = o
                g = pr.gains(alt)
                codes = pr.votes(g[None, :])[0]
                if codes[j] != YES or (codes[yes] != YES).any():
                    continue
                if not bool(pr.passes(codes[None, :])[0]):
                    continue
                cost = float(pkg.gain[f] - g[f])
                if best is None or cost < best.cost - TOL:
                    best = Offer(
                        j,
                        "insurance",
                        k,
                        float(pr.options[k][o]),
                        float(pr.options[k][int(pkg.options[k])]),
                        cost,
                        sj,
                        sf,
                        float(g[j]),
                        float(pkg.gain[j]),
                        exchange,
                    )
        if best is not None:
            found.append(best)
    found.sort(key=lambda o: (o.cost, o.actor))
    return found
