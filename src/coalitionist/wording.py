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
>>> possessive("Democratic Unionist Party (10)"), possessive("Russia (Gazprom)")
("Democratic Unionist Party's", "Russia (Gazprom)'s")
>>> f"Kuwait is outside: {their(1)} influence is informal, through the actors {they(1)} reaches"
'Kuwait is outside: its influence is informal, through the actors it reaches'
>>> f"keep {them(1)} on side; keep {them(2)} on side"
'keep it on side; keep them on side'
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["amount", "and_join", "percent", "possessive", "their", "them", "they"]


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


#: A count a label carries after the name: "Democratic Unionist Party (10)", "Labour (248)".
_COUNT = re.compile(r"\s*\(\d[\d,]*\)$")


def possessive(name: str) -> str:
    """``Russia's``, ``Greens'``, ``United States'``: the possessive of a name (an apostrophe alone after a
    final s, never ``Greens's``). A label that carries a count after the name takes the possessive on
    the name: ``Democratic Unionist Party's``, never ``Democratic Unionist Party (10)'s`` (the count is
    the label's, said in the tables and the other sentences); a name in parentheses that is not a count
    stays (``Russia (Gazprom)'s``)."""
    name = _COUNT.sub("", name) or name
    return name + ("'" if name.endswith("s") else "'s")


def their(count: int) -> str:
    """The possessive pronoun for ``count`` actors: ``its`` for one (an actor is an it, never
    ``their``), ``their`` for more."""
    return "its" if count == 1 else "their"


def they(count: int) -> str:
    """The subject pronoun for ``count`` actors: ``it`` for one, ``they`` for more."""
    return "it" if count == 1 else "they"


def them(count: int) -> str:
    """The object pronoun for ``count`` actors: ``it`` for one, ``them`` for more."""
    return "it" if count == 1 else "them"
