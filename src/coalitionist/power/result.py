"""The result of a voting-power analysis and its plain-language reading."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

from coalitionist.display import FrameMixin, ReprMixin
from coalitionist.power.errors import IndexNotComputedError

#: The indices every analysis reports, in display order.
INDEX_NAMES: tuple[str, ...] = (
    "shapley_shubik",
    "banzhaf",
    "banzhaf_absolute",
    "deegan_packel",
    "holler",
    "johnston",
)

INDEX_LABELS: Mapping[str, str] = {
    "shapley_shubik": "Shapley–Shubik",
    "banzhaf": "Banzhaf",
    "banzhaf_absolute": "Banzhaf (absolute)",
    "deegan_packel": "Deegan–Packel",
    "holler": "Holler",
    "johnston": "Johnston",
}

IndexValue = float | Fraction


@dataclass(frozen=True, repr=False)
class PowerResult(ReprMixin, FrameMixin):
    """Voting power of every player under one decision rule.

    Attributes
    ----------
    players : tuple of str
        Player names, in player order.
    method : str
        ``"exact"`` or ``"monte_carlo"``.
    algorithm : str
        The algorithm used, in words.
    exact : bool
        Index values are :class:`fractions.Fraction` (``exact=True`` was asked for) instead of floats.
    indices : mapping
        ``{index name: {player: value}}`` for the names in :data:`INDEX_NAMES`; an index that could not be
        computed maps to ``None`` (``notes`` says why).
    swings : mapping or None
        Number of coalitions in which each player is decisive (exact methods only).
    veto_players, dummies : tuple of str
        Players in every winning coalition; players never decisive.
    minimal_winning_count, minimal_blocking_count : int or None
        Numbers of minimal winning and minimal blocking coalitions (``None``: not determined).
    minimal_winning, minimal_blocking : tuple of tuple of str, or None
        The coalitions themselves (players in player order), when there are at most ``max_list`` of them.
    winning_count : int or None
        Number of winning coalitions.
    proper : bool or None
        Whether no two disjoint coalitions can both win (``None``: not determined).
    epsilon, delta, samples, seed
        Monte Carlo only: every absolute Banzhaf and Shapley–Shubik estimate is within ``epsilon`` of its
        true value with probability at least ``1 − delta``, from ``samples`` samples per index.
    notes : tuple of str
        Plain-language remarks on the analysis.
    """

    players: tuple[str, ...]
    method: str
    algorithm: str
    exact: bool
    indices: Mapping[str, Mapping[str, IndexValue] | None]
    swings: Mapping[str, int] | None
    veto_players: tuple[str, ...]
    dummies: tuple[str, ...]
    minimal_winning_count: int | None
    minimal_blocking_count: int | None
    minimal_winning: tuple[tuple[str, ...], ...] | None = None
    minimal_blocking: tuple[tuple[str, ...], ...] | None = None
    winning_count: int | None = None
    proper: bool | None = None
    epsilon: float | None = None
    delta: float | None = None
    samples: int | None = None
    seed: int | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def values(self, name: str) -> Mapping[str, IndexValue]:
        """The values of one index (see :data:`INDEX_NAMES`); :class:`IndexNotComputedError` (a ``LookupError``) if it was not computed."""
        vals = self.indices[name]
        if vals is None:
            raise IndexNotComputedError(
                f"the {INDEX_LABELS[name]} index was not computed: " + " ".join(self.notes)
            )
        return vals

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable data: the shape printed by ``coalitionist power --json``.

        Index values are floats (``null`` for an index that could not be computed); when the result is
        exact, ``exact_indices`` repeats them as fraction strings such as ``"421/2145"``.
        """
        out: dict[str, Any] = {
            "players": list(self.players),
            "method": self.method,
            "indices": {
                name: None if vals is None else {p: float(v) for p, v in vals.items()}
                for name, vals in self.indices.items()
            },
            "veto_players": list(self.veto_players),
            "dummies": list(self.dummies),
            "minimal_winning_count": self.minimal_winning_count,
            "minimal_blocking_count": self.minimal_blocking_count,
            "algorithm": self.algorithm,
            "swings": None if self.swings is None else dict(self.swings),
            "minimal_winning": None
            if self.minimal_winning is None
            else [list(c) for c in self.minimal_winning],
            "minimal_blocking": None
            if self.minimal_blocking is None
            else [list(c) for c in self.minimal_blocking],
            "winning_count": self.winning_count,
            "proper": self.proper,
            "notes": list(self.notes),
        }
        if self.exact:
            out["exact_indices"] = {
                name: None if vals is None else {p: _fraction_str(v) for p, v in vals.items()}
                for name, vals in self.indices.items()
            }
        if self.method == "monte_carlo":
            out.update(epsilon=self.epsilon, delta=self.delta, samples=self.samples, seed=self.seed)
        return out


def _fraction_str(v: IndexValue) -> str:
    f = v if isinstance(v, Fraction) else Fraction(v)
    return str(f.numerator) if f.denominator == 1 else f"{f.numerator}/{f.denominator}"


def _names(names: Sequence[str]) -> str:
    names = list(names)
    if len(names) == 1:
        return names[0]
    if len(names) <= 6:
        return ", ".join(names[:-1]) + " and " + names[-1]
    return ", ".join(names[:5]) + f" and {len(names) - 5} others"


def _pct(x: float) -> str:
    return f"{100 * x:.3g}%"


def describe_power(result: PowerResult, labels: Mapping[str, str] | None = None) -> str:
    """One plain sentence reading the result, e.g. for Nassau County 1958 (``[16; 9,9,7,3,1,1]``):
    "p1, p2 and p3 share all the power equally; p4, p5 and p6 are dummies (never decisive)."

    Uses the Shapley–Shubik index (the Banzhaf index when it is missing). ``labels`` maps player names to
    display names (ignored when two players would share one).
    """
    if labels:
        name = {p: labels.get(p, p) for p in result.players}
        if len(set(name.values())) == len(name):
            result = replace(
                result,
                players=tuple(name[p] for p in result.players),
                indices={
                    k: None if v is None else {name[p]: x for p, x in v.items()}
                    for k, v in result.indices.items()
                },
                veto_players=tuple(name[p] for p in result.veto_players),
                dummies=tuple(name[p] for p in result.dummies),
            )
    players = list(result.players)
    n = len(players)
    vals = result.indices.get("shapley_shubik") or result.indices.get("banzhaf")
    approx = " (Monte Carlo estimate)" if result.method == "monte_carlo" else ""
    if vals is None or n == 0:
        return "No power index could be computed for this rule."
    power = {p: float(vals[p]) for p in players}
    total = sum(power.values())
    if total <= 0:
        return "nobody has any voting power under this rule: no vote ever changes the outcome."
    ranked = sorted(players, key=lambda p: (-power[p], players.index(p)))
    dummy_set = set(result.dummies)
    dummies = [p for p in players if p in dummy_set]
    active = [p for p in ranked if p not in dummy_set]
    vetoes = list(result.veto_players)
    tol = 1e-9 * max(1.0, total)

    def equal(group: Sequence[str]) -> bool:
        return max(power[p] for p in group) - min(power[p] for p in group) <= tol

    parts: list[str] = []
    if len(active) == 1 and power[active[0]] >= total - tol:
        parts.append(f"{active[0]} is a dictator: it alone decides")
    elif vetoes:
        share = sum(power[p] for p in vetoes) / total
        if len(vetoes) == 1:
            parts.append(f"{vetoes[0]} has a veto and holds {_pct(share)} of the power")
        else:
            parts.append(
                f"{_names(vetoes)} each have a veto and together hold {_pct(share)} of the power"
            )
        others = [p for p in active if p not in set(vetoes)]
        if others and equal(others):
            each = (
                "the other player has"
                if len(others) == 1
                else f"each of the other {len(others)} has"
            )
            parts.append(f"{each} {_pct(power[others[0]] / total)}")
        elif others:
            parts.append(f"the other {len(others)} share the remaining {_pct(1 - share)}")
    elif dummies:
        verb = "holds" if len(active) == 1 else "share"
        how = " equally" if len(active) > 1 and equal(active) else ""
        parts.append(f"{_names(active)} {verb} all the power{how}")
    elif equal(players):
        parts.append(f"all {n} players have equal power ({_pct(power[ranked[0]] / total)} each)")
    else:
        # Tiers of equal power, strongest first.
        tiers: list[list[str]] = []
        for p in ranked:
            if tiers and abs(power[tiers[-1][0]] - power[p]) <= tol:
                tiers[-1].append(p)
            else:
                tiers.append([p])
        top = tiers[0]
        share = sum(power[p] for p in top) / total
        if len(top) == 1:
            parts.append(f"{top[0]} is the most powerful ({_pct(share)})")
        else:
            parts.append(
                f"{_names(top)} are the most powerful ({_pct(power[top[0]] / total)} each)"
            )
        rest = [p for t in tiers[1:] for p in t]
        if len(tiers) == 2 and len(rest) > 1:
            parts.append(f"each of the other {len(rest)} has {_pct(power[rest[0]] / total)}")
        elif len(tiers) == 2:
            parts.append(f"{rest[0]} has {_pct(power[rest[0]] / total)}")
        else:
            last = tiers[-1]
            who = last[0] if len(last) == 1 else _names(last)
            each = "" if len(last) == 1 else " each"
            parts.append(
                f"{who} {'has' if len(last) == 1 else 'have'} the least ({_pct(power[last[0]] / total)}{each})"
            )
    if dummies:
        verb = "is a dummy" if len(dummies) == 1 else "are dummies"
        parts.append(f"{_names(dummies)} {verb} (never decisive)")
    return "; ".join(parts) + approx + "."
