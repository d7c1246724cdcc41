"""The trades in words, and which of them matter to the focal actor.

The trade finders (:mod:`~coalitionist.trades.logrolling`, :mod:`~coalitionist.trades.timing`,
:mod:`~coalitionist.trades.contingent`, :mod:`~coalitionist.trades.risk`) return typed :class:`Trade`
objects keyed by ids; this module writes each one as a sentence with the scenario's display names and issue
labels (:func:`trade_sentence`), from the trade's own numbers only (its ``gains``, ``terms`` and
``effect_on_others``), so the brief and the command line never print an id.

**Relevance to the focal actor** (:func:`focal_relevance`, issue 14 point 2): advice is about what the
focal actor can do. A trade the focal actor is party to is always advice. A trade between third parties is
advice only where it *moves a needed actor*: an actor the focal actor needs to win (the bridge passes them:
the members of the minimal winning coalitions that contain the focal actor) gains from it over the
reference agreement, and the focal actor does not lose by it (its effect on the focal actor, when the focal
actor is among those the analysis scores, is ≥ 0). Such a trade is something the focal actor can broker or
endorse to bring that actor on side (Lax & Sebenius 2006, ch. 12: build the coalition with the trades
the parties value). Every other trade between third parties is counted, not shown as advice.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from coalitionist.trades._common import fmt, fmt_signed, issue_list
from coalitionist.trades.result import Trade
from coalitionist.wording import NAMES_LIMIT, names_join

__all__ = [
    "TradeRelevance",
    "explain",
    "focal_relevance",
    "trade_sentence",
    "trade_terms",
    "worded",
]

#: Gains smaller than this are no gain (rounding of exact fractions to floats).
_EPS = 1e-9


@dataclass(frozen=True)
class TradeRelevance:
    """Whether one trade is advice for the focal actor, and why.

    Attributes
    ----------
    trade : Trade
    shown : bool
        The focal actor is a party, or the trade moves a needed actor without costing the focal actor.
    focal_party : bool
        The focal actor is one of the trade's parties.
    moves : tuple of (str, float)
        ``(needed actor, its gain)`` for every needed actor (other than the focal actor) the trade makes
        better off, largest gain first.
    focal_effect : float or None
        The trade's effect on the focal actor when it is not a party and the analysis scores it; None
        otherwise.
    """

    trade: Trade
    shown: bool
    focal_party: bool
    moves: tuple[tuple[str, float], ...] = ()
    focal_effect: float | None = None


def focal_relevance(
    trades: Sequence[Trade], focal: str | None, needed: Collection[str]
) -> tuple[TradeRelevance, ...]:
    """Each trade with whether it is advice for ``focal`` (see the module docstring).

    Without a focal actor every trade is shown (there is nobody to advise in particular).

    Examples
    --------
    >>> t = Trade("priorities", ("b", "c"), {"b": 0.1, "c": 0.2}, 0.3, "ref", "", {}, {"a": -0.1})
    >>> [r.shown for r in focal_relevance([t], "a", {"b"})]
    [False]
    >>> u = Trade("priorities", ("b", "c"), {"b": 0.1, "c": 0.2}, 0.3, "ref", "", {}, {"a": 0.0})
    >>> r = focal_relevance([u], "a", {"b"})[0]
    >>> r.shown, r.moves
    (True, (('b', 0.1),))
    """
    out = []
    for t in trades:
        if focal is None:
            out.append(TradeRelevance(t, True, False))
            continue
        if focal in t.actors:
            out.append(TradeRelevance(t, True, True))
            continue
        gains: dict[str, float] = {a: float(g) for a, g in t.gains.items()}
        gains.update({a: float(g) for a, g in t.effect_on_others.items() if a not in gains})
        moves = tuple(
            sorted(
                ((a, g) for a, g in gains.items() if a in needed and a != focal and g > _EPS),
                key=lambda x: (-x[1], x[0]),
            )
        )
        effect = t.effect_on_others.get(focal)
        effect_f = None if effect is None else float(effect)
        harmless = effect_f is None or effect_f >= -_EPS
        out.append(TradeRelevance(t, bool(moves) and harmless, False, moves, effect_f))
    return tuple(out)


def _gains(t: Trade, nm: Callable[[str], str], reference: str) -> str:
    parts = ", ".join(f"{nm(a)} {fmt_signed(g)}" for a, g in t.gains.items())
    return f"{reference}: {parts} (joint {fmt_signed(t.joint_gain)})."


def explain(
    t: Trade, names: Mapping[str, str] | None = None, issues: Mapping[str, str] | None = None
) -> str:
    """The trade in words, from its own numbers; ids where ``names`` / ``issues`` (id → display name) do
    not name them. With no mapping this is the ``explanation`` of ``coalitionist trades --json``; the
    finders call it, so their ranking code writes no prose.

    Examples
    --------
    >>> t = Trade(
    ...     "priorities", ("uk", "et"), {"uk": 0.033, "et": 0.075}, 0.108, "ref", "",
    ...     {"concessions": {"uk": ["force"], "et": ["timing"]}}, {"usa": -0.1},
    ...     {"weights": {"uk": {"force": 0.667, "timing": 0.333}, "et": {"force": 0.75, "timing": 0.25}}},
    ... )
    >>> explain(t)
    'uk and et both beat the compromise by trading on priorities: uk gives way on force (weight 0.667 for uk, 0.75 for et); et gives way on timing (weight 0.25 for et, 0.333 for uk). Gains over the compromise: uk +0.033, et +0.075 (joint +0.108). Others: usa -0.1.'
    """
    names = names or {}
    issues = issues or {}

    def nm(a: str) -> str:
        return names.get(a, a)

    def iss(k: str) -> str:
        return issues.get(k, k)

    who = [nm(a) for a in t.actors]
    terms = t.terms
    if t.kind in ("priorities", "appearances"):
        conc = terms.get("concessions", {})
        weights = t.cited.get("weights", {})
        parts = []
        for a in t.actors:
            detail = ", ".join(
                iss(k)
                + (
                    f" (weight {fmt(weights[a][k])} for {nm(a)}, "
                    + ", ".join(f"{fmt(weights[b][k])} for {nm(b)}" for b in t.actors if b != a)
                    + ")"
                    if weights
                    else ""
                )
                for k in conc.get(a, [])
            )
            parts.append(f"{nm(a)} gives way on {detail}")
        if t.kind == "appearances":
            lead = f"{who[0]} gets its way on appearances and {who[1]} on substance"
        elif len(who) == 2:
            lead = f"{issue_list(who)} both beat the compromise by trading on priorities"
        else:
            lead = (
                f"{issue_list(who)} all beat the compromise by a {len(who)}-way trade on priorities"
            )
        text = f"{lead}: {'; '.join(parts)}. " + _gains(t, nm, "Gains over the compromise")
        moved = {a: g for a, g in t.effect_on_others.items() if abs(g) > 0}
        if moved:
            if len(moved) > NAMES_LIMIT:  # cut to the largest effects; the JSON has every one
                moved = dict(sorted(moved.items(), key=lambda ag: -abs(ag[1])))
            text += (
                " Others: "
                + names_join([f"{nm(a)} {fmt_signed(g)}" for a, g in moved.items()], last=", ")
                + "."
            )
        return text
    if t.kind == "timing":
        rates = {a: float(r) for a, r in terms.get("discount_rates", {}).items()}
        patient, impatient = sorted(rates, key=lambda a: (rates[a], a))[:2]
        sched = terms.get("schedule", {})
        now = [iss(k) for k, v in sched.items() if v == "now"]
        later = [iss(k) for k, v in sched.items() if v == "later"]
        delay = int(terms.get("delay_periods", 1))
        text = (
            f"{nm(patient)} is more patient than {nm(impatient)} (discount rate"
            f" {fmt(rates[patient])} vs {fmt(rates[impatient])} per period): settle "
            + (issue_list(now) + " now" if now else "nothing now")
            + f" and phase in {issue_list(later)} after {delay} period{'s' if delay != 1 else ''}."
        )
        if t.cited.get("delayed_terms_favour_patient"):
            text += (
                f" The delayed terms favour {nm(patient)}, who loses little by waiting, while "
                f"{nm(impatient)} discounts them heavily."
            )
        return text + " " + _gains(t, nm, "Gains over their best deal without timing")
    if t.kind == "forecasts":
        beliefs = {a: float(p) for a, p in terms.get("beliefs", {}).items()}
        a, b = t.actors[0], t.actors[1]
        believer, doubter = (a, b) if beliefs[a] > beliefs[b] else (b, a)
        yes, no = terms.get("if_true", {}), terms.get("if_false", {})
        diff = [k for k in yes if yes.get(k) != no.get(k)]
        if_true = ", ".join(f"{iss(k)} = {yes[k]}" for k in diff)
        if_false = ", ".join(f"{iss(k)} = {no[k]}" for k in diff)
        return (
            f"{nm(believer)} thinks '{terms.get('event', '')}' is more likely"
            f" ({fmt(max(beliefs.values()))}) than {nm(doubter)} does ({fmt(min(beliefs.values()))}):"
            f" make {issue_list([iss(k) for k in diff])} contingent on it -- if it happens, {if_true};"
            f" if not, {if_false}. Each side gets its way in the world it believes in. "
            + _gains(
                t,
                nm,
                "Expected gains (each by its own beliefs) over their best non-contingent deal",
            )
        )
    if t.kind == "risk":
        shares = {a: float(x) for a, x in terms.get("shares", {}).items()}
        side = {a: float(x) for a, x in terms.get("side_payments", {}).items()}
        order = list(shares)
        tolerant = order[max(range(len(order)), key=lambda i: (shares[order[i]], -i))]
        each = next(iter(t.gains.values()), 0.0)
        return (
            "Share any joint risk in proportion to risk tolerance (Borch's rule): "
            + ", ".join(f"{nm(a)} {fmt(100 * x)}%" for a, x in shares.items())
            + f". {nm(tolerant)}, the most risk-tolerant, carries the largest share. For a joint outcome"
            f" with variance s^2 the total risk premium falls from"
            f" {float(terms.get('risk_premium_equal_shares', 0)):.3g}s^2 (equal shares) to"
            f" {float(terms.get('risk_premium_borch', 0)):.3g}s^2; side payments ("
            + ", ".join(f"{nm(a)} {c:+.3g}s^2" for a, c in side.items())
            + f") leave each of {issue_list(who)} {each:.3g}s^2 better off."
        )
    return t.explanation  # a kind this module does not know: the finder's own words


def worded(t: Trade) -> Trade:
    """The trade with its ``explanation`` written by :func:`explain` (what the finders return)."""
    return dataclasses.replace(t, explanation=explain(t))


def trade_sentence(t: Trade, names: Mapping[str, str], issues: Mapping[str, str]) -> str:
    """The trade in plain words with display names (``names``: id → name; ``issues``: id → label), for
    the brief and the ``trades`` command: :func:`explain` with the names, starting with a capital.

    Examples
    --------
    >>> t = Trade(
    ...     "priorities", ("uk", "et"), {"uk": 0.033, "et": 0.075}, 0.108, "ref", "",
    ...     {"concessions": {"uk": ["force"], "et": ["timing"]}}, {},
    ... )
    >>> trade_sentence(t, {"uk": "the UK", "et": "Ethiopia"}, {"force": "Use of force"})
    'The UK and Ethiopia both beat the compromise by trading on priorities: the UK gives way on Use of force; Ethiopia gives way on timing. Gains over the compromise: the UK +0.033, Ethiopia +0.075 (joint +0.108).'
    """
    text = explain(t, names, issues)
    return text[:1].upper() + text[1:]


def trade_terms(t: Trade, names: Mapping[str, str], issues: Mapping[str, str]) -> str:
    """The trade's terms and gains in a few words, for a table row (the whole sentence is
    :func:`trade_sentence`, which the brief prints for the trade it reads out).

    Examples
    --------
    >>> t = Trade(
    ...     "priorities", ("uk", "et"), {"uk": 0.033, "et": 0.075}, 0.108, "ref", "",
    ...     {"concessions": {"uk": ["force"], "et": ["timing"]}}, {},
    ... )
    >>> trade_terms(t, {"uk": "the UK", "et": "Ethiopia"}, {"force": "Use of force", "timing": "Timing"})
    'the UK gives way on Use of force; Ethiopia on Timing. Gains: the UK +0.033, Ethiopia +0.075.'
    """

    def nm(a: str) -> str:
        return names.get(a, a)

    def iss(k: str) -> str:
        return issues.get(k, k)

    terms = t.terms
    if t.kind in ("priorities", "appearances"):
        conc = terms.get("concessions", {})
        parts = [
            f"{nm(a)}{' gives way' if i == 0 else ''} on {issue_list([iss(k) for k in conc.get(a, [])])}"
            for i, a in enumerate(a for a in t.actors if conc.get(a))
        ]
        head = "; ".join(parts)
    elif t.kind == "timing":
        sched = terms.get("schedule", {})
        now = [iss(k) for k, v in sched.items() if v == "now"]
        later = [iss(k) for k, v in sched.items() if v == "later"]
        head = (
            "settle "
            + (issue_list(now) + " now" if now else "nothing now")
            + (f", phase in {issue_list(later)} later" if later else "")
        )
    elif t.kind == "forecasts":
        yes, no = terms.get("if_true", {}), terms.get("if_false", {})
        diff = [iss(k) for k in yes if yes.get(k) != no.get(k)]
        head = f"{issue_list(diff)} contingent on '{terms.get('event', '')}'"
    elif t.kind == "risk":
        shares = {a: float(x) for a, x in terms.get("shares", {}).items()}
        head = "risk shared " + ", ".join(f"{nm(a)} {fmt(100 * x)}%" for a, x in shares.items())
    else:
        head = explain(t, names, issues).split(". ")[0]
    gains = ", ".join(f"{nm(a)} {fmt_signed(g)}" for a, g in t.gains.items())
    return f"{head}. Gains: {gains}."
