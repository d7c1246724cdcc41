"""The numeric inputs of the joint-gain analysis, validated once.

:class:`TradeInputs` is what the scenario model compiles to: plain arrays indexed by actor (rows) and issue
(columns), plus the optional fields each "trade on differences" needs. Missing optional data is ``None``
(or ``NaN`` for one actor), and the analysis that needs it is skipped with a reason.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from coalitionist.trades.errors import TradeInputError

__all__ = ["ISSUE_KINDS", "TradeInputs", "grid_options"]

ISSUE_KINDS = ("substance", "appearance")
"""Allowed values of an issue's ``kind``."""


def grid_options(lo: float, hi: float, size: int) -> NDArray[np.float64]:
    """Return ``size`` evenly spaced option values from ``lo`` to ``hi`` inclusive.

    The values are computed as exact fractions ``lo + (hi - lo) * j / (size - 1)`` and rounded once to
    float, so a scale of ``[0, 1]`` with 11 points gives ``0.1``, ``0.3``... exactly as written in decimal
    (``numpy.linspace`` would give ``0.30000000000000004``).

    Parameters
    ----------
    lo, hi : float
        The ends of the issue's scale, ``lo < hi``.
    size : int
        Number of grid points, at least 2.

    Returns
    -------
    ndarray, shape (size,)

    Examples
    --------
    >>> grid_options(0, 1, 5).tolist()
    [0.0, 0.25, 0.5, 0.75, 1.0]
    """
    if size < 2:
        raise TradeInputError(f"a grid needs at least 2 points, got {size}")
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise TradeInputError(f"a grid needs finite lo < hi, got [{lo}, {hi}]")
    a = Fraction(repr(float(lo)))
    b = Fraction(repr(float(hi)))
    return np.array([float(a + (b - a) * j / (size - 1)) for j in range(size)], dtype=np.float64)


def _vector(
    name: str, value: ArrayLike, length: int, *, allow_nan: bool = False
) -> NDArray[np.float64]:
    arr = np.array(value, dtype=np.float64)
    if arr.shape != (length,):
        raise TradeInputError(f"{name} must have shape ({length},), got {arr.shape}")
    bad = ~np.isfinite(arr) & ~(np.isnan(arr) if allow_nan else np.zeros(length, bool))
    if bad.any():
        raise TradeInputError(f"{name} must be finite{' or NaN (not stated)' if allow_nan else ''}")
    arr.setflags(write=False)
    return arr


def _matrix(name: str, value: ArrayLike, shape: tuple[int, int]) -> NDArray[np.float64]:
    arr = np.array(value, dtype=np.float64)
    if arr.shape != shape:
        raise TradeInputError(f"{name} must have shape {shape}, got {arr.shape}")
    arr.setflags(write=False)
    return arr


@dataclass(frozen=True)
class TradeInputs:
    """Actors' preferences over negotiated issues, as arrays.

    Attributes
    ----------
    actors : tuple of str
        Actor ids, one per row of ``positions`` and ``salience``.
    issues : tuple of str
        Issue ids, one per column.
    options : tuple of ndarray
        ``options[k]`` holds the distinct numeric values issue ``k`` can be settled at (within
        ``[lo[k], hi[k]]``). A package picks one option per issue. Use :func:`grid_options` for a scale.
    lo, hi : ndarray, shape (k,)
        Ends of each issue's scale (``lo < hi``); ``hi - lo`` normalises distances in the default utility.
    status_quo : ndarray, shape (k,)
        Where each issue stays if there is no deal (need not be one of the options).
    positions : ndarray, shape (n, k)
        Actor ``i``'s preferred value on issue ``k``; ``NaN`` is allowed where its salience is 0.
    salience : ndarray, shape (n, k)
        How much actor ``i`` cares about issue ``k`` (any non-negative scale; normalised per actor).
    labels : tuple of (tuple of (str or None)) or None, optional
        Display labels of each issue's options (same order as ``options``); an option without a label
        (``None``) is shown by its value.
    utility_tables : mapping, optional
        ``{actor: {issue: values}}``: an actor listed here does not use the default utility; its utility
        is the sum over issues of ``values[option]`` (issues it omits count 0). No deal is worth the
        table's value at the status quo, so a table is allowed only for issues whose status quo is one of
        the options.
    capability : ndarray, shape (n,), optional
        Actors' clout; the issue-by-issue compromise weighs positions by ``capability * salience``
        (salience alone when absent).
    discount_rate : ndarray, shape (n,), optional
        Per-period discount rate ``r >= 0`` of each actor (``NaN``: not stated); discount factor
        ``1 / (1 + r)``. Enables timing trades.
    beliefs : mapping of str to ndarray, optional
        ``{event: p}`` with ``p[i]`` actor ``i``'s probability that the event happens (``NaN``: not
        stated). Enables contingent agreements.
    risk_aversion : ndarray, shape (n,), optional
        Constant absolute risk aversion coefficient ``a >= 0`` (risk tolerance ``1 / a``; ``NaN``: not
        stated). Enables risk sharing.
    issue_kinds : tuple of str, optional
        ``"substance"`` or ``"appearance"`` per issue. Enables substance-for-appearance trades.
    """

    actors: tuple[str, ...]
    issues: tuple[str, ...]
    options: tuple[NDArray[np.float64], ...]
    lo: NDArray[np.float64]
    hi: NDArray[np.float64]
    status_quo: NDArray[np.float64]
    positions: NDArray[np.float64]
    salience: NDArray[np.float64]
    labels: tuple[tuple[str | None, ...] | None, ...] | None = None
    utility_tables: Mapping[str, Mapping[str, ArrayLike]] = field(default_factory=dict)
    capability: NDArray[np.float64] | None = None
    discount_rate: NDArray[np.float64] | None = None
    beliefs: Mapping[str, NDArray[np.float64]] = field(default_factory=dict)
    risk_aversion: NDArray[np.float64] | None = None
    issue_kinds: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        actors = tuple(str(a) for a in self.actors)
        issues = tuple(str(k) for k in self.issues)
        set_(self, "actors", actors)
        set_(self, "issues", issues)
        n, k = len(actors), len(issues)
        if n == 0 or k == 0:
            raise TradeInputError("the joint-gain analysis needs at least one actor and one issue")
        for what, ids in (("actor", actors), ("issue", issues)):
            dup = sorted({x for x in ids if ids.count(x) > 1})
            if dup:
                raise TradeInputError(f"duplicate {what} id(s): {', '.join(dup)}")

        lo = _vector("lo", self.lo, k)
        hi = _vector("hi", self.hi, k)
        sq = _vector("status_quo", self.status_quo, k)
        set_(self, "lo", lo)
        set_(self, "hi", hi)
        set_(self, "status_quo", sq)
        for j, issue in enumerate(issues):
            if not lo[j] < hi[j]:
                raise TradeInputError(
                    f"issue {issue}: the scale needs lo < hi, got [{lo[j]}, {hi[j]}]"
                )
            if not lo[j] <= sq[j] <= hi[j]:
                raise TradeInputError(
                    f"issue {issue}: status quo {sq[j]} lies outside the scale [{lo[j]}, {hi[j]}]"
                )

        if len(self.options) != k:
            raise TradeInputError(
                f"options must list one array per issue ({k}), got {len(self.options)}"
            )
        options: list[NDArray[np.float64]] = []
        for j, (issue, raw) in enumerate(zip(issues, self.options, strict=True)):
            arr = np.array(raw, dtype=np.float64).reshape(-1)
            if arr.size == 0:
                raise TradeInputError(f"issue {issue}: needs at least one option")
            if not np.isfinite(arr).all():
                raise TradeInputError(f"issue {issue}: option values must be finite numbers")
            if len(np.unique(arr)) != arr.size:
                raise TradeInputError(f"issue {issue}: option values must be distinct")
            if (arr < lo[j]).any() or (arr > hi[j]).any():
                raise TradeInputError(
                    f"issue {issue}: options must lie within the scale [{lo[j]}, {hi[j]}]"
                )
            arr.setflags(write=False)
            options.append(arr)
        set_(self, "options", tuple(options))

        pos = _matrix("positions", self.positions, (n, k))
        sal = _matrix("salience", self.salience, (n, k))
        set_(self, "positions", pos)
        set_(self, "salience", sal)
        if not np.isfinite(sal).all() or (sal < 0).any():
            i, j = np.argwhere(~np.isfinite(sal) | (sal < 0))[0]
            raise TradeInputError(
                f"actor {actors[i]}, issue {issues[j]}: salience must be a finite number >= 0"
            )
        for i, j in np.argwhere(~np.isfinite(pos)):
            if not (np.isnan(pos[i, j]) and sal[i, j] == 0):
                raise TradeInputError(
                    f"actor {actors[i]}, issue {issues[j]}: position must be a finite number "
                    "(it may be missing only where the actor's salience is 0)"
                )
        for i, j in np.argwhere(np.isfinite(pos)):
            if not lo[j] <= pos[i, j] <= hi[j]:
                raise TradeInputError(
                    f"actor {actors[i]}, issue {issues[j]}: position {pos[i, j]} lies outside the "
                    f"scale [{lo[j]}, {hi[j]}]"
                )

        if self.labels is not None:
            labels = tuple(
                None if lab is None else tuple(None if x is None else str(x) for x in lab)
                for lab in self.labels
            )
            if len(labels) != k:
                raise TradeInputError(f"labels must have one entry per issue ({k})")
            for j, lab in enumerate(labels):
                if lab is not None and len(lab) != len(options[j]):
                    raise TradeInputError(
                        f"issue {issues[j]}: {len(lab)} labels for {len(options[j])} options"
                    )
            set_(self, "labels", labels)

        tables: dict[str, dict[str, NDArray[np.float64]]] = {}
        for actor, per_issue in dict(self.utility_tables).items():
            if actor not in actors:
                raise TradeInputError(f"utility table for unknown actor {actor}")
            tables[actor] = {}
            for issue, values in dict(per_issue).items():
                if issue not in issues:
                    raise TradeInputError(
                        f"actor {actor}: utility table names unknown issue {issue}"
                    )
                arr = np.array(values, dtype=np.float64).reshape(-1)
                m = len(options[issues.index(issue)])
                if arr.size != m or not np.isfinite(arr).all():
                    raise TradeInputError(
                        f"actor {actor}, issue {issue}: the utility table needs {m} finite values, "
                        "one per option"
                    )
                if not (options[issues.index(issue)] == sq[issues.index(issue)]).any():
                    raise TradeInputError(
                        f"actor {actor}, issue {issue}: a utility table needs the status quo "
                        f"({sq[issues.index(issue)]}) among the issue's options, to value no deal"
                    )
                arr.setflags(write=False)
                tables[actor][issue] = arr
        set_(self, "utility_tables", tables)

        if self.capability is not None:
            cap = _vector("capability", self.capability, n)
            if (cap < 0).any():
                raise TradeInputError("capability must be >= 0")
            set_(self, "capability", cap)
        if self.discount_rate is not None:
            rate = _vector("discount_rate", self.discount_rate, n, allow_nan=True)
            if (rate[~np.isnan(rate)] < 0).any():
                raise TradeInputError("discount_rate must be >= 0 (a rate per period, e.g. 0.05)")
            set_(self, "discount_rate", rate)
        beliefs: dict[str, NDArray[np.float64]] = {}
        for event, probs in dict(self.beliefs).items():
            p = _vector(f"beliefs[{event}]", probs, n, allow_nan=True)
            given = p[~np.isnan(p)]
            if ((given < 0) | (given > 1)).any():
                raise TradeInputError(f"beliefs[{event}]: probabilities must lie in [0, 1]")
            beliefs[str(event)] = p
        set_(self, "beliefs", beliefs)
        if self.risk_aversion is not None:
            ra = _vector("risk_aversion", self.risk_aversion, n, allow_nan=True)
            if (ra[~np.isnan(ra)] < 0).any():
                raise TradeInputError(
                    "risk_aversion must be >= 0 (a constant absolute risk aversion coefficient; "
                    "0 means risk neutral)"
                )
            set_(self, "risk_aversion", ra)
        if self.issue_kinds is not None:
            kinds = tuple(str(x) for x in self.issue_kinds)
            if len(kinds) != k:
                raise TradeInputError(f"issue_kinds must have one entry per issue ({k})")
            for j, kind in enumerate(kinds):
                if kind not in ISSUE_KINDS:
                    raise TradeInputError(
                        f"issue {issues[j]}: kind must be one of {', '.join(ISSUE_KINDS)}, got {kind}"
                    )
            set_(self, "issue_kinds", kinds)

    @property
    def n_actors(self) -> int:
        """Number of actors."""
        return len(self.actors)

    @property
    def n_issues(self) -> int:
        """Number of issues."""
        return len(self.issues)

    @property
    def package_space(self) -> int:
        """Number of packages (one option per issue), as an exact integer."""
        return math.prod(len(o) for o in self.options)

    def option_label(self, issue: int, option: int) -> str | float:
        """The label of an option if it has one, else its numeric value."""
        if self.labels is not None:
            labels = self.labels[issue]
            if labels is not None and labels[option] is not None:
                return str(labels[option])
        return float(self.options[issue][option])

    @classmethod
    def from_spec(
        cls,
        actors: Sequence[str],
        issues: Mapping[str, Mapping[str, Any]],
        positions: Mapping[str, Mapping[str, tuple[float, float]]],
        *,
        utility_tables: Mapping[str, Mapping[str, Sequence[float]]] | None = None,
        capability: Mapping[str, float] | None = None,
        discount_rate: Mapping[str, float] | None = None,
        beliefs: Mapping[str, Mapping[str, float]] | None = None,
        risk_aversion: Mapping[str, float] | None = None,
    ) -> TradeInputs:
        """Build inputs from plain, readable mappings (tests, notebooks, examples).

        Parameters
        ----------
        actors : sequence of str
        issues : mapping
            ``{issue: {"scale": (lo, hi), "options": [...] | "grid": size, "status_quo": v,
            "labels": [...], "kind": "substance" | "appearance"}}``. ``scale`` defaults to the range
            of the options; ``options`` defaults to an 11-point grid over the scale.
        positions : mapping
            ``{actor: {issue: (position, salience)}}``; pairs left out mean salience 0.
        utility_tables, capability, discount_rate, beliefs, risk_aversion : mapping, optional
            Keyed by actor id (``beliefs`` by event, then actor); actors left out are "not stated".

        Examples
        --------
        >>> inp = TradeInputs.from_spec(
        ...     ["a", "b"],
        ...     {"x": {"scale": (0, 1), "options": [0, 1], "status_quo": 0}},
        ...     {"a": {"x": (1, 1.0)}, "b": {"x": (0, 1.0)}},
        ... )
        >>> inp.package_space
        2
        """
        ids = list(issues)
        opts: list[NDArray[np.float64]] = []
        lo: list[float] = []
        hi: list[float] = []
        sq: list[float] = []
        labels: list[tuple[str | None, ...] | None] = []
        kinds: list[str] = []
        for issue in ids:
            spec = issues[issue]
            scale = spec.get("scale")
            if "options" in spec:
                values = np.array(spec["options"], dtype=np.float64)
                a, b = (float(values.min()), float(values.max())) if scale is None else scale
            else:
                if scale is None:
                    raise TradeInputError(f"issue {issue}: give options or a scale")
                a, b = scale
                values = grid_options(float(a), float(b), int(spec.get("grid", 11)))
            opts.append(values)
            lo.append(float(a))
            hi.append(float(b))
            sq.append(float(spec.get("status_quo", a)))
            lab = spec.get("labels")
            labels.append(
                None if lab is None else tuple(None if x is None else str(x) for x in lab)
            )
            kinds.append(str(spec.get("kind", "substance")))
        n, k = len(actors), len(ids)
        pos = np.full((n, k), np.nan)
        sal = np.zeros((n, k))
        for i, actor in enumerate(actors):
            for issue, (p, s) in positions.get(actor, {}).items():
                if issue not in ids:
                    raise TradeInputError(f"actor {actor}: position on unknown issue {issue}")
                pos[i, ids.index(issue)] = p
                sal[i, ids.index(issue)] = s

        def per_actor(values: Mapping[str, float] | None) -> NDArray[np.float64] | None:
            if values is None:
                return None
            unknown = set(values) - set(actors)
            if unknown:
                raise TradeInputError(f"unknown actor(s): {', '.join(sorted(unknown))}")
            return np.array([values.get(a, np.nan) for a in actors], dtype=np.float64)

        return cls(
            actors=tuple(actors),
            issues=tuple(ids),
            options=tuple(opts),
            lo=np.array(lo),
            hi=np.array(hi),
            status_quo=np.array(sq),
            positions=pos,
            salience=sal,
            labels=None if all(lab is None for lab in labels) else tuple(labels),
            utility_tables={
                a: {i: np.array(v, dtype=np.float64) for i, v in t.items()}
                for a, t in (utility_tables or {}).items()
            },
            capability=per_actor(capability),
            discount_rate=per_actor(discount_rate),
            beliefs={e: per_actor(p) for e, p in (beliefs or {}).items()},  # type: ignore[misc]
            risk_aversion=per_actor(risk_aversion),
            issue_kinds=tuple(kinds) if any(x != "substance" for x in kinds) else None,
        )
