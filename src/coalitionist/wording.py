"""Small pieces of English shared by every describe layer (no dependencies: any layer may use them).

Examples
--------
>>> and_join(["Russia", "China"])
'Russia and China'
>>> and_join(["the UK", "France", "China"])
'the UK, France and China'
>>> amount(511523613), amount(1.5)
('511,523,613', '1.5')
>>> percent(0.001), percent(0.146)
('under 1%', '15%')
>>> possessive("Russia"), possessive("Greens")
("Russia's", "Greens'")
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["amount", "and_join", "percent", "possessive"]


def and_join(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c`` (no Oxford comma; ``""`` for none)."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def amount(x: float, digits: int = 6) -> str:
    """A count or weight for people: ``511,523,613`` persons (never ``5.11524e+08``), ``1.5`` votes."""
    return f"{int(x):,}" if float(x).is_integer() else f"{x:,.{digits}g}"


def percent(x: float) -> str:
    """A share or probability for people, the one way every output writes it: ``15%``; ``under 1%`` for a
    positive share that would round to 0, ``over 99%`` for one short of 1 that would round to 100 (never
    ``0%`` or ``100%`` for a share that is not exact).

    Examples
    --------
    >>> [percent(x) for x in (0.0, 0.003, 0.15, 0.996, 1.0)]
    ['0%', 'under 1%', '15%', 'over 99%', '100%']
    """
    if 0 < x < 0.005:
        return "under 1%"
    if 0.995 <= x < 1:
        return "over 99%"
    return f"{100 * x:.0f}%"


def possessive(name: str) -> str:
    """``Russia's``, ``Greens'``, ``United States'``: the possessive of a name (an apostrophe alone after a
    final s, never ``Greens's``)."""
    return name + ("'" if name.endswith("s") else "'s")
