"""Result objects of the joint-gain analysis; ``to_dict()`` gives the ``coalitionist trades --json`` shape."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from coalitionist.display import FrameMixin, ReprMixin
from coalitionist.jsonable import plain as _plain

__all__ = ["TRADE_KINDS", "Package", "Trade", "TradesResult"]

TRADE_KINDS = ("priorities", "appearances", "timing", "forecasts", "risk")
"""Kinds of trade on differences, in the order they are reported."""


@dataclass(frozen=True)
class Package:
    """One option per issue, with what it is worth to each actor.

    Attributes
    ----------
    choice : tuple of int
        Option index per issue (into ``TradeInputs.options``).
    package : mapping
        ``{issue: option}``: the option's label if labels were given, else its value.
    utilities : mapping
        ``{actor: u}``.
    gain_over_compromise : mapping
        ``{actor: u - u(compromise)}``.
    acceptable : bool
        Every actor strictly prefers the package to no deal.
    """

    choice: tuple[int, ...]
    package: Mapping[str, str | float]
    utilities: Mapping[str, float]
    gain_over_compromise: Mapping[str, float]
    acceptable: bool

    def to_dict(self) -> dict[str, Any]:
        """``{"package", "utilities", "gain_over_compromise", "acceptable"}``."""
        return {
            "package": _plain(dict(self.package)),
            "utilities": {a: float(u) for a, u in self.utilities.items()},
            "gain_over_compromise": {a: float(u) for a, u in self.gain_over_compromise.items()},
            "acceptable": bool(self.acceptable),
        }


@dataclass(frozen=True)
class Trade:
    """A trade on differences: who gives what, and what each gains.

    Attributes
    ----------
    kind : str
        One of :data:`TRADE_KINDS`.
    actors : tuple of str
        The parties to the trade.
    gains : mapping
        ``{actor: gain}`` over ``reference`` (expected gain, by the actor's own beliefs, for forecasts;
        certainty-equivalent gain per unit of variance for risk).
    joint_gain : float
        Sum of ``gains``.
    reference : str
        What the gains are measured against, in words.
    explanation : str
        The trade in plain words.
    terms : mapping
        Kind-specific terms (``package``, ``concessions``, ``schedule``, ``if_true``/``if_false``,
        ``shares``...), JSON-serialisable.
    effect_on_others : mapping
        ``{actor: change}`` for actors outside the trade, where it applies.
    cited : mapping
        Numbers the sentence cites that ``terms`` does not carry (each party's weight on the issues it
        concedes; whom delayed terms favour), for :mod:`~coalitionist.trades.describe`; not in ``to_dict``.
    """

    kind: str
    actors: tuple[str, ...]
    gains: Mapping[str, float]
    joint_gain: float
    reference: str
    explanation: str
    terms: Mapping[str, Any] = field(default_factory=dict)
    effect_on_others: Mapping[str, float] = field(default_factory=dict)
    cited: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """``{"kind", "actors", "gains", "joint_gain", "reference", <terms>, "effect_on_others",
        "explanation"}``."""
        out: dict[str, Any] = {
            "kind": self.kind,
            "actors": list(self.actors),
            "gains": {a: float(g) for a, g in self.gains.items()},
            "joint_gain": float(self.joint_gain),
            "reference": self.reference,
        }
        out.update(_plain(dict(self.terms)))
        out["effect_on_others"] = {a: float(g) for a, g in self.effect_on_others.items()}
        out["explanation"] = self.explanation
        return out


@dataclass(frozen=True, repr=False)
class TradesResult(ReprMixin, FrameMixin):
    """Everything the joint-gain analysis found.

    Attributes
    ----------
    actors, issues : tuple of str
    method : str
        ``"exact"`` (every Pareto-optimal package, found by pruning issue by issue) or ``"supported"``
        (the supported frontier by weighted sums, for spaces too large for the exact method).
    method_description : str
        The method in words, with its limits.
    package_space : int
        Number of packages (one option per issue).
    packages_evaluated : int
        Packages the analysis accounts for exactly: all of them with the exact method (dominated ones are
        discarded in groups, never lost); the distinct packages scored with the supported method.
    no_deal : mapping
        ``{actor: u}`` with every issue at its status quo.
    pareto : tuple of Package
        The frontier (all Pareto-optimal packages, or the supported ones), sorted by option indices.
    acceptable_count : int or None
        Number of packages in the whole space every actor strictly prefers to no deal (``None`` when
        the space is too large to count; see ``skipped``).
    nash, kalai_smorodinsky, egalitarian, utilitarian : Package or None
        The fair agreements (``None`` with a reason in ``skipped`` when undefined).
    compromise : Package
        The issue-by-issue compromise (weighted median per issue): the baseline.
    trades : tuple of Trade
        Trades on differences, grouped by kind (:data:`TRADE_KINDS` order), best first within a kind.
    skipped : mapping
        ``{analysis: reason}`` for analyses that were not run or have no answer.
    not_found : mapping
        ``{kind: reason}`` for trade kinds that ran but found no trade.
    notes : tuple of str
        Other remarks (e.g. actors indifferent between all packages).
    """

    actors: tuple[str, ...]
    issues: tuple[str, ...]
    method: str
    method_description: str
    package_space: int
    packages_evaluated: int
    no_deal: Mapping[str, float]
    pareto: tuple[Package, ...]
    acceptable_count: int | None
    nash: Package | None
    kalai_smorodinsky: Package | None
    egalitarian: Package | None
    utilitarian: Package | None
    compromise: Package
    trades: tuple[Trade, ...]
    skipped: Mapping[str, str] = field(default_factory=dict)
    not_found: Mapping[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``coalitionist trades --json`` (documented in ``docs/theory/trades.md``)."""

        def pkg(p: Package | None) -> dict[str, Any] | None:
            return None if p is None else p.to_dict()

        return {
            "packages_evaluated": int(self.packages_evaluated),
            "package_space": int(self.package_space),
            "method": self.method,
            "method_description": self.method_description,
            "actors": list(self.actors),
            "issues": list(self.issues),
            "no_deal": {a: float(u) for a, u in self.no_deal.items()},
            "pareto": [p.to_dict() for p in self.pareto],
            "pareto_count": len(self.pareto),
            "acceptable_count": self.acceptable_count,
            "nash": pkg(self.nash),
            "kalai_smorodinsky": pkg(self.kalai_smorodinsky),
            "egalitarian": pkg(self.egalitarian),
            "utilitarian": pkg(self.utilitarian),
            "compromise": pkg(self.compromise),
            "trades": [t.to_dict() for t in self.trades],
            "skipped": dict(self.skipped),
            "not_found": dict(self.not_found),
            "notes": list(self.notes),
        }
