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
>>> names_join([f"Actor {i}" for i in range(1, 1388)], shown=3)
'Actor 1, Actor 2, Actor 3 and 1,384 more (all in the JSON)'
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = [
    "NAMES_LIMIT",
    "NAMES_SHOWN",
    "amount",
    "and_join",
    "names_join",
    "percent",
    "possessive",
    "their",
    "them",
    "they",
]

#: The most names a sentence lists in full (:func:`names_join`); a longer list is cut to
#: :data:`NAMES_SHOWN` names and a count. Above every bundled example's list (at most 27 actors), so
#: their sentences name everyone; a 2,000-actor scenario's sentences stay readable.
NAMES_LIMIT = 30
#: How many names a cut list keeps.
NAMES_SHOWN = 10


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


def names_join(
    items: Sequence[str],
    *,
    limit: int | None = None,
    shown: int | None = None,
    rest: str = "all in the JSON",
    last: str = " and ",
) -> str:
    """:func:`and_join` of at most ``limit`` names; a longer list is cut to its first ``shown``:
    ``A, B, C and 1,384 more (all in the JSON)``.

    The one place a sentence caps the actors it names (issue 18: a 2,000-actor brief must not list hundreds
    of names in a sentence). ``limit`` defaults to :data:`NAMES_LIMIT` and ``shown`` to
    :data:`NAMES_SHOWN` (``shown`` never exceeds ``limit``; ``shown`` alone sets both, as the older
    "first k and N more" lists did); ``rest`` says where the whole list is (empty: nothing is said); ``last`` joins the last name of a
    list shown whole (``", "`` for the lists that never had an "and").

    >>> names_join(["Russia", "China"])
    'Russia and China'
    >>> names_join(list("ABCDEFG"), limit=5, shown=2, rest="")
    'A, B and 5 more'
    >>> names_join(["Iraq", "Iran", "Syria"], last=", ")
    'Iraq, Iran, Syria'
    """
    items = list(items)
    if limit is None:
        limit = NAMES_LIMIT if shown is None else shown
    if len(items) <= limit:
        return (
            and_join(items)
            if last == " and " or len(items) < 2
            else ", ".join(items[:-1]) + last + items[-1]
        )
    keep = max(1, min(limit, NAMES_SHOWN if shown is None else shown))
    return (
        ", ".join(items[:keep])
        + f" and {amount(len(items) - keep)} more"
        + (f" ({rest})" if rest else "")
    )
