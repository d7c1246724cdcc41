"""The exact supported frontier of two actors over separable "slots", by the ratio sort.

A slot is anything settled by choosing one option whose value adds to each actor's utility: an issue, an
issue under one state of the world (contingent agreements), or an issue settled now or later (timing).
For two actors with additive utilities the supported frontier has a closed form -- the logrolling rule:

1. On each slot, keep the options on the north-east convex hull of the points ``(a_o, b_o)``, from A's
   best option to B's best. Moving along that hull, A gives up ``a`` at a rate per unit of ``b`` gained
   that only increases.
2. Start with every slot at A's best. Take the hull steps of all slots in increasing order of that rate
   (A's loss per unit of B's gain): A concedes first where it loses least for what B gains.

With two options per slot (A's side, B's side) and the default linear utility, the rate on issue ``k`` is
``w_Ak / w_Bk``: the classic rule "sort issues by the ratio of the two sides' weights; give each side the
issues it cares relatively more about; at most one issue is split" (Raiffa 1982, ch. 11; Lax & Sebenius
1986). Every point produced is Pareto-optimal and on the convex hull; all arithmetic is exact.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

__all__ = ["PairFrontier", "pair_supported_frontier", "select_trade"]


@dataclass(frozen=True)
class PairFrontier:
    """Supported frontier points of two actors, from A's best to B's best.

    Attributes
    ----------
    choices : tuple of tuple of int
        Option index per slot of each point.
    a, b : tuple of Fraction
        The two actors' utilities (sums over slots) at each point.
    rates : tuple of Fraction
        ``rates[p]`` for ``p >= 1``: A's loss per unit of B's gain on the step into point ``p``
        (``rates[0]`` is 0).
    """

    choices: tuple[tuple[int, ...], ...]
    a: tuple[Fraction, ...]
    b: tuple[Fraction, ...]
    rates: tuple[Fraction, ...]


def _hull_chain(a: Sequence[Fraction], b: Sequence[Fraction]) -> list[int]:
    """Option indices on the north-east hull of one slot, from A's best (ties: B's best) to B's best."""
    order = sorted(range(len(a)), key=lambda o: (-a[o], -b[o], o))
    stair: list[int] = []
    for o in order:  # Pareto staircase: a strictly decreasing, b strictly increasing
        if not stair or b[o] > b[stair[-1]]:
            stair.append(o)
    hull: list[int] = []
    for o in stair:
        while len(hull) >= 2:
            h1, h2 = hull[-2], hull[-1]
            cross = (a[h2] - a[h1]) * (b[o] - b[h1]) - (b[h2] - b[h1]) * (a[o] - a[h1])
            if cross < 0:  # h2 lies strictly inside the segment h1 -> o: not supported
                hull.pop()
            else:
                break
        hull.append(o)
    return hull


def pair_supported_frontier(
    a_slots: Sequence[Sequence[Fraction]], b_slots: Sequence[Sequence[Fraction]]
) -> PairFrontier:
    """The two-actor supported frontier over separable slots, by the ratio sort (module docstring).

    Parameters
    ----------
    a_slots, b_slots : sequence of sequences of Fraction
        ``a_slots[s][o]``: actor A's utility of option ``o`` in slot ``s``; likewise for B.

    Returns
    -------
    PairFrontier
        ``1 + sum_s (hull size_s - 1)`` points.

    Examples
    --------
    Two issues, A's weights (3, 1), B's weights (1, 3); option 0 favours A, option 1 favours B. A
    concedes first on the second issue (ratio 1/3), then the first (ratio 3):

    >>> F = Fraction
    >>> fr = pair_supported_frontier([[F(3), F(0)], [F(1), F(0)]], [[F(0), F(1)], [F(0), F(3)]])
    >>> fr.choices
    ((0, 0), (0, 1), (1, 1))
    >>> [str(r) for r in fr.rates[1:]]
    ['1/3', '3']
    """
    chains = [_hull_chain(a, b) for a, b in zip(a_slots, b_slots, strict=True)]
    steps: list[tuple[Fraction, int, int]] = []
    for s, chain in enumerate(chains):
        for t in range(1, len(chain)):
            prev, nxt = chain[t - 1], chain[t]
            rate = (a_slots[s][prev] - a_slots[s][nxt]) / (b_slots[s][nxt] - b_slots[s][prev])
            steps.append((rate, s, t))
    steps.sort()
    choice = [chain[0] for chain in chains]
    ua = sum((a_slots[s][o] for s, o in enumerate(choice)), Fraction(0))
    ub = sum((b_slots[s][o] for s, o in enumerate(choice)), Fraction(0))
    choices, a_vals, b_vals, rates = [tuple(choice)], [ua], [ub], [Fraction(0)]
    for rate, s, t in steps:
        prev, nxt = chains[s][t - 1], chains[s][t]
        ua += a_slots[s][nxt] - a_slots[s][prev]
        ub += b_slots[s][nxt] - b_slots[s][prev]
        choice[s] = nxt
        choices.append(tuple(choice))
        a_vals.append(ua)
        b_vals.append(ub)
        rates.append(rate)
    return PairFrontier(tuple(choices), tuple(a_vals), tuple(b_vals), tuple(rates))


def select_trade(
    utilities: Sequence[Sequence[Fraction]],
    reference: Sequence[Fraction],
    acceptable: Callable[[int], bool] | None = None,
) -> int | None:
    """Index of the point with the largest joint gain over a reference, every party gaining strictly.

    Parameters
    ----------
    utilities : sequence of sequences of Fraction
        ``utilities[p][i]``: party ``i``'s utility at point ``p``.
    reference : sequence of Fraction
        Each party's utility at the reference.
    acceptable : callable, optional
        ``acceptable(p)`` may veto point ``p`` (e.g. require that each party concedes something).

    Returns
    -------
    int or None
        Ties go to the larger smallest gain, then to the earlier point; ``None`` when no point
        qualifies.

    Examples
    --------
    >>> F = Fraction
    >>> select_trade([(F(3), F(0)), (F(2), F(2)), (F(1), F(4))], (F(1), F(1)))
    1
    """
    ranked: list[tuple[Fraction, Fraction, int]] = []
    for p, row in enumerate(utilities):
        gains = [u - r for u, r in zip(row, reference, strict=True)]
        low = min(gains)
        if low > 0:
            ranked.append((sum(gains, Fraction(0)), low, -p))
    ranked.sort(reverse=True)
    for _, _, neg_p in ranked:
        if acceptable is None or acceptable(-neg_p):
            return -neg_p
    return None
