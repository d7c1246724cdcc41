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

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from coalitionist.trades._common import fmt, fmt_signed, issue_list
from coalitionist.trades.result import Trade

__all__ = ["TradeRelevance", "focal_relevance", "trade_sentence"]

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


def _names(actors: Sequence[str], names: Mapping[str, str]) -> list[str]:
    return [names.get(a, a) for a in actors]


def _issue(issue: str, issues: Mapping[str, str]) -> str:
    return issues.get(issue, issue)


def _gains(t: Trade, names: Mapping[str, str], reference: str) -> str:
    parts = ", ".join(f"{names.get(a, a)} {fmt_signed(g)}" for a, g in t.gains.items())
    return f"Gains over {reference}: {parts} (joint {fmt_signed(t.joint_gain)})."


def _package(pkg: Mapping[str, Any], issues: Mapping[str, str]) -> str:
    return ", ".join(f"{_issue(k, issues)} = {v}" for k, v in pkg.items())


def trade_sentence(t: Trade, names: Mapping[str, str], issues: Mapping[str, str]) -> str:
    """The trade in plain words, with display names (``names``: id → name; ``issues``: id → label).

    Examples
    --------
    >>> t = Trade(
    ...     "priorities", ("uk", "et"), {"uk": 0.033, "et": 0.075}, 0.108, "ref", "",
    ...     {"concessions": {"uk": ["force"], "et": ["timing"]}}, {},
    ... )
    >>> trade_sentence(t, {"uk": "the UK", "et": "Ethiopia"}, {"force": "Use of force"})
    'The UK and Ethiopia both beat the compromise by trading on priorities: the UK gives way on Use of force; Ethiopia gives way on timing. Gains over the compromise: the UK +0.033, Ethiopia +0.075 (joint +0.108).'
    """
    who = _names(t.actors, names)
    terms = t.terms
    if t.kind in ("priorities", "appearances"):
        conc = terms.get("concessions", {})
        gives = "; ".join(
            f"{names.get(a, a)} gives way on {issue_list([_issue(k, issues) for k in conc.get(a, [])])}"
            for a in t.actors
            if conc.get(a)
        )
        if t.kind == "appearances":
            lead = f"{who[0]} gets its way on appearances and {who[1]} on substance"
        elif len(who) == 2:
            lead = f"{issue_list(who)} both beat the compromise by trading on priorities"
        else:
            lead = (
                f"{issue_list(who)} all beat the compromise by a {len(who)}-way trade on priorities"
            )
        text = f"{lead}: {gives}. " if gives else f"{lead}. "
        text += _gains(t, names, "the compromise")
    elif t.kind == "timing":
        rates = {a: float(r) for a, r in terms.get("discount_rates", {}).items()}
        patient, impatient = sorted(rates, key=lambda a: (rates[a], a))[:2]
        sched = terms.get("schedule", {})
        now = [_issue(k, issues) for k, v in sched.items() if v == "now"]
        later = [_issue(k, issues) for k, v in sched.items() if v == "later"]
        delay = int(terms.get("delay_periods", 1))
        text = (
            f"{names.get(patient, patient)} is more patient than {names.get(impatient, impatient)}"
            f" (discount rate {fmt(rates[patient])} vs {fmt(rates[impatient])} per period): settle "
            + (issue_list(now) + " now" if now else "nothing now")
            + f" and phase in {issue_list(later)} after {delay} period{'s' if delay != 1 else ''}. "
            + _gains(t, names, "their best deal without timing")
        )
    elif t.kind == "forecasts":
        beliefs = {a: float(p) for a, p in terms.get("beliefs", {}).items()}
        believer, doubter = sorted(beliefs, key=lambda a: (-beliefs[a], a))[:2]
        yes, no = terms.get("if_true", {}), terms.get("if_false", {})
        diff = [k for k in yes if yes.get(k) != no.get(k)]
        text = (
            f"{names.get(believer, believer)} thinks '{terms.get('event', '')}' is more likely"
            f" ({fmt(beliefs[believer])}) than {names.get(doubter, doubter)} does"
            f" ({fmt(beliefs[doubter])}): make {issue_list([_issue(k, issues) for k in diff])}"
            f" contingent on it — if it happens, {_package({k: yes[k] for k in diff}, issues)}; if"
            f" not, {_package({k: no[k] for k in diff}, issues)}. Each side gets its way in the world"
            " it believes in. "
            + _gains(t, names, "their best non-contingent deal (each by its own beliefs)")
        )
    elif t.kind == "risk":
        shares = {a: float(s) for a, s in terms.get("shares", {}).items()}
        tolerant = max(shares, key=lambda a: (shares[a], a)) if shares else t.actors[0]
        text = (
            "Share any joint risk in proportion to risk tolerance (Borch's rule): "
            + ", ".join(f"{names.get(a, a)} {fmt(100 * s)}%" for a, s in shares.items())
            + f". {names.get(tolerant, tolerant)}, the most risk-tolerant, carries the largest share;"
            f" the total risk premium falls from {float(terms.get('risk_premium_equal_shares', 0)):.3g}s²"
            f" (equal shares) to {float(terms.get('risk_premium_borch', 0)):.3g}s², leaving each of"
            f" {issue_list(who)} {t.joint_gain / max(1, len(who)):.3g}s² better off after side payments."
        )
    else:  # a kind this module does not know yet: the finder's own words
        text = t.explanation
    return text[:1].upper() + text[1:]
