"""Decision rules as composable, validated simple games.

Players are ``0 … n-1``. A *coalition* is an iterable of player indices or a boolean mask of length ``n``.
Every rule is monotone (adding a member never turns a winning coalition into a losing one), because weights
are non-negative and compositions only use AND (:class:`AllOf`) and OR (:class:`AnyOf`).

Every leaf rule (:class:`Weighted`, :class:`Count`, :class:`Unanimity`, :class:`Veto`) is, exactly, a
*linear threshold* ``Σ_{i∈S} w_i ≥ q`` with non-negative integer ``w`` and integer ``q``: non-integer weights
(populations, shares) are converted to fractions and brought to a common denominator, and a threshold
(share of the members' total weight) or a strict inequality becomes the smallest integer quota that is
equivalent. The algorithms of :mod:`coalitionist.power` work on that exact integer form, so no result depends
on floating-point rounding of weights.

Floats are read as the decimal number they print as (``83.2`` is 416/5, not the nearest binary fraction),
which is what a user typing ``83.2`` in a file means.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from coalitionist.power.errors import InvalidCoalitionError, InvalidRuleError

Number = int | float | Fraction | Decimal

#: Largest exact integer sum that float64 represents (BLAS matrix products are used below it).
_FLOAT_EXACT = 2**53
_INT64_SAFE = 2**62


def _to_fraction(value: Any, what: str) -> Fraction:
    """Convert a user number to an exact fraction (floats via their shortest decimal representation)."""
    if isinstance(value, bool | np.bool_):
        raise InvalidRuleError(f"{what} must be a number, not a boolean ({value!r})")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int | np.integer):
        return Fraction(int(value))
    if isinstance(value, float | np.floating):
        f = float(value)
        if not math.isfinite(f):
            raise InvalidRuleError(f"{what} must be finite, got {f!r}")
        return Fraction(repr(f))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InvalidRuleError(f"{what} must be finite, got {value!r}")
        return Fraction(value)
    raise InvalidRuleError(f"{what} must be a number, got {value!r}")


def _check_n(n: Any) -> int:
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or int(n) < 1:
        raise InvalidRuleError(f"the number of players must be a positive integer, got {n!r}")
    return int(n)


def _player_list(players: Iterable[Any], n: int, what: str) -> tuple[int, ...]:
    out: set[int] = set()
    for p in players:
        if isinstance(p, bool | np.bool_) or not isinstance(p, int | np.integer):
            raise InvalidRuleError(f"{what} must be player indices (integers), got {p!r}")
        if not 0 <= int(p) < n:
            raise InvalidRuleError(
                f"{what}: player {int(p)} does not exist (players are 0..{n - 1})"
            )
        out.add(int(p))
    return tuple(sorted(out))


def as_mask(coalition: Iterable[Any] | NDArray[Any], n: int) -> NDArray[np.bool_]:
    """Return the boolean mask (length ``n``) of a coalition given as player indices or as a mask.

    A NumPy boolean array, or a sequence of ``n`` Python/NumPy booleans, is taken as a mask; anything else
    must be an iterable of player indices in ``0 … n-1`` (duplicates are ignored).
    """
    if isinstance(coalition, np.ndarray) and coalition.dtype == np.bool_:
        if coalition.shape != (n,):
            raise InvalidCoalitionError(
                f"a coalition mask must have shape ({n},), got {coalition.shape}"
            )
        return coalition.copy()
    items = list(coalition)
    mask = np.zeros(n, dtype=np.bool_)
    if items and all(isinstance(x, bool | np.bool_) for x in items):
        if len(items) != n:
            raise InvalidCoalitionError(f"a coalition mask must have {n} entries, got {len(items)}")
        mask[:] = items
        return mask
    for p in items:
        if isinstance(p, bool | np.bool_) or not isinstance(p, int | np.integer):
            raise InvalidCoalitionError(f"coalition members must be player indices, got {p!r}")
        if not 0 <= int(p) < n:
            raise InvalidCoalitionError(f"player {int(p)} does not exist (players are 0..{n - 1})")
        mask[int(p)] = True
    return mask


def as_masks(masks: Any, n: int) -> NDArray[np.bool_]:
    """Validate a batch of coalition masks: an array of shape ``(m, n)`` (converted to booleans)."""
    arr = np.asarray(masks)
    if arr.ndim == 1 and arr.shape == (n,):
        arr = arr[None, :]
    if arr.ndim != 2 or arr.shape[1] != n:
        raise InvalidCoalitionError(f"masks must have shape (m, {n}), got {arr.shape}")
    if arr.dtype != np.bool_:
        if not np.isin(arr, (0, 1)).all():
            raise InvalidCoalitionError("masks must be booleans (or 0/1)")
        arr = arr.astype(np.bool_)
    return arr


def linear_sums(
    masks: NDArray[np.bool_], weights: Sequence[int], cache: dict[str, Any] | None = None
) -> NDArray[Any]:
    """Exact totals ``masks @ weights`` for non-negative integer weights (float64 while exact).

    ``cache`` keeps the masks' numeric conversions between the leaves of one composite rule.
    """
    cache = {} if cache is None else cache
    total = sum(weights)
    if total < _FLOAT_EXACT:
        if "f8" not in cache:
            cache["f8"] = masks.astype(np.float64)
        return np.einsum("mn,n->m", cache["f8"], np.asarray(weights, dtype=np.float64))
    if total < _INT64_SAFE:
        if "i8" not in cache:
            cache["i8"] = masks.astype(np.int64)
        return np.einsum("mn,n->m", cache["i8"], np.asarray(weights, dtype=np.int64))
    w = np.asarray(list(weights), dtype=object)
    return np.array([int(w[row].sum()) for row in masks], dtype=object)


class Rule(ABC):
    """A monotone decision rule over players ``0 … n-1``.

    Subclasses answer :meth:`wins_many` on a batch of masks; :meth:`wins` and :meth:`blocks` follow.
    A coalition *blocks* when its members can prevent a decision: its complement does not win.
    """

    __slots__ = ("_n",)

    def __init__(self, n: int) -> None:
        self._n = _check_n(n)

    @property
    def n(self) -> int:
        """Number of players."""
        return self._n

    def wins(self, coalition: Iterable[Any] | NDArray[Any]) -> bool:
        """Whether ``coalition`` (player indices or a boolean mask) satisfies the rule."""
        mask = as_mask(coalition, self._n)
        return bool(self._wins(mask[None, :], {})[0])

    def blocks(self, coalition: Iterable[Any] | NDArray[Any]) -> bool:
        """Whether ``coalition`` can block: the players outside it do not win."""
        mask = as_mask(coalition, self._n)
        return not bool(self._wins(~mask[None, :], {})[0])

    def wins_many(self, masks: Any) -> NDArray[np.bool_]:
        """Vectorised :meth:`wins`: ``masks`` has shape ``(m, n)``; returns a boolean array of shape ``(m,)``."""
        return self._wins(as_masks(masks, self._n), {})

    def blocks_many(self, masks: Any) -> NDArray[np.bool_]:
        """Vectorised :meth:`blocks`."""
        return ~self._wins(~as_masks(masks, self._n), {})

    @abstractmethod
    def _wins(self, masks: NDArray[np.bool_], cache: dict[str, Any]) -> NDArray[np.bool_]:
        """Evaluate on validated masks (``cache``: conversions shared by the parts of a composite)."""

    @abstractmethod
    def describe(self) -> str:
        """A short plain-English description of the rule."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self.describe()}>"


class LinearRule(Rule):
    """A leaf rule: ``Σ_{i∈S} w_i ≥ q`` with non-negative integer weights (the exact form of every leaf).

    Attributes
    ----------
    int_weights : tuple of int
        Weights scaled to integers; players outside ``members`` have weight 0.
    int_quota : int
        The coalition wins when its integer weight is at least ``int_quota``.
    members : tuple of int
        Players whose weight counts for this rule.
    """

    __slots__ = ("_int_quota", "_int_weights", "_members")

    def __init__(
        self, n: int, int_weights: Sequence[int], int_quota: int, members: Sequence[int]
    ) -> None:
        super().__init__(n)
        self._int_weights = tuple(int(w) for w in int_weights)
        self._int_quota = int(int_quota)
        self._members = tuple(members)

    @property
    def int_weights(self) -> tuple[int, ...]:
        return self._int_weights

    @property
    def int_quota(self) -> int:
        return self._int_quota

    @property
    def members(self) -> tuple[int, ...]:
        return self._members

    def _wins(self, masks: NDArray[np.bool_], cache: dict[str, Any]) -> NDArray[np.bool_]:
        if self._int_quota <= 0:
            return np.ones(masks.shape[0], dtype=np.bool_)
        sums = linear_sums(masks, self._int_weights, cache)
        return np.asarray(sums >= self._int_quota, dtype=np.bool_)


def _members_arg(members: Sequence[int] | None, n: int) -> tuple[int, ...]:
    if members is None:
        return tuple(range(n))
    if isinstance(members, str | bytes):
        raise InvalidRuleError("members must be a sequence of player indices")
    return _player_list(members, n, "members")


def _integer_quota(
    int_weights: Sequence[int],
    scale: int,
    quota: Fraction | None,
    threshold: Fraction | None,
    strict: bool,
) -> int:
    """Smallest integer ``Q`` such that ``total ≥ Q`` ⇔ the rule (quota/threshold, strict or not) holds."""
    if quota is not None:
        bound = quota * scale
    else:
        assert threshold is not None
        bound = threshold * sum(int_weights)
    if strict:
        return math.floor(bound) + 1
    return math.ceil(bound)


def _quota_threshold(
    quota: Number | None, threshold: Number | None, strict: bool
) -> tuple[Fraction | None, Fraction | None]:
    if (quota is None) == (threshold is None):
        raise InvalidRuleError("give exactly one of quota= or threshold=")
    if not isinstance(strict, bool | np.bool_):
        raise InvalidRuleError(f"strict must be true or false, got {strict!r}")
    q = None if quota is None else _to_fraction(quota, "quota")
    t = None if threshold is None else _to_fraction(threshold, "threshold")
    if q is not None and (q < 0 or (q == 0 and not strict)):
        raise InvalidRuleError(
            f"quota must be positive (or 0 with strict=True), got {q}: a quota of 0 lets every coalition win"
        )
    if t is not None and not (0 <= t <= 1):
        raise InvalidRuleError(
            f"threshold is a share of the members' total and must be in [0, 1], got {t}"
        )
    if t is not None and t == 0 and not strict:
        raise InvalidRuleError(
            "threshold 0 (not strict) lets every coalition win, even the empty one"
        )
    return q, t


def _fmt(x: Fraction) -> str:
    return str(x.numerator) if x.denominator == 1 else f"{float(x):g}"


class Weighted(LinearRule):
    """Weighted vote: the members' total weight in the coalition reaches a quota or a share of their total.

    Parameters
    ----------
    weights : sequence of int, float or Fraction
        One non-negative weight per player (its length is ``n``).
    quota : number, optional
        Winning when the coalition's weight is ``≥ quota`` (``> quota`` when ``strict``).
    threshold : number in [0, 1], optional
        Winning when the coalition's weight is ``≥ threshold × members' total weight`` (``>`` when ``strict``).
    strict : bool
        Use a strict inequality.
    members : sequence of int, optional
        Players whose weight counts (default: all); the others weigh 0 for this rule.

    Examples
    --------
    >>> rule = Weighted([9, 9, 7, 3, 1, 1], quota=16)   # Nassau County 1958
    >>> rule.wins([0, 2]), rule.wins([0, 3, 4, 5])
    (True, False)
    """

    __slots__ = ("_quota", "_strict", "_threshold", "_weights")

    def __init__(
        self,
        weights: Sequence[Number],
        *,
        quota: Number | None = None,
        threshold: Number | None = None,
        strict: bool = False,
        members: Sequence[int] | None = None,
    ) -> None:
        if isinstance(weights, str | bytes):
            raise InvalidRuleError("weights must be a sequence of numbers")
        ws = [_to_fraction(w, f"weight of player {i}") for i, w in enumerate(weights)]
        n = _check_n(len(ws))
        for i, w in enumerate(ws):
            if w < 0:
                raise InvalidRuleError(
                    f"weight of player {i} is negative ({w}); weights must be ≥ 0"
                )
        q, t = _quota_threshold(quota, threshold, strict)
        mem = _members_arg(members, n)
        memset = set(mem)
        eff = [w if i in memset else Fraction(0) for i, w in enumerate(ws)]
        scale = 1
        for x in [*eff, *([q] if q is not None else [])]:
            scale = math.lcm(scale, x.denominator)
        int_w = [int(x * scale) for x in eff]
        int_q = _integer_quota(int_w, scale, q, t, bool(strict))
        super().__init__(n, int_w, int_q, mem)
        self._weights = tuple(ws)
        self._quota = q
        self._threshold = t
        self._strict = bool(strict)

    @property
    def weights(self) -> tuple[Fraction, ...]:
        """The weights as given (exact fractions), non-members included."""
        return self._weights

    @property
    def quota(self) -> Fraction | None:
        return self._quota

    @property
    def threshold(self) -> Fraction | None:
        return self._threshold

    @property
    def strict(self) -> bool:
        return self._strict

    def describe(self) -> str:
        op = ">" if self._strict else "≥"
        who = "" if len(self._members) == self.n else f" among {len(self._members)} members"
        if self._quota is not None:
            return f"weighted vote{who}: weight {op} {_fmt(self._quota)}"
        assert self._threshold is not None
        return f"weighted vote{who}: weight {op} {float(self._threshold):.4g} of the total"


class Count(LinearRule):
    """Head count: the number of members in the coalition reaches a quota or a share of the members.

    Parameters
    ----------
    n : int
        Number of players.
    quota, threshold, strict, members
        As in :class:`Weighted`, with every member weighing 1 (``threshold=0.55`` of 27 members needs 15).
    """

    __slots__ = ("_quota", "_strict", "_threshold")

    def __init__(
        self,
        n: int,
        *,
        quota: Number | None = None,
        threshold: Number | None = None,
        strict: bool = False,
        members: Sequence[int] | None = None,
    ) -> None:
        n = _check_n(n)
        q, t = _quota_threshold(quota, threshold, strict)
        mem = _members_arg(members, n)
        memset = set(mem)
        int_w = [1 if i in memset else 0 for i in range(n)]
        scale = 1 if q is None else q.denominator
        int_w = [w * scale for w in int_w]
        int_q = _integer_quota(int_w, scale, q, t, bool(strict))
        super().__init__(n, int_w, int_q, mem)
        self._quota = q
        self._threshold = t
        self._strict = bool(strict)

    @property
    def quota(self) -> Fraction | None:
        return self._quota

    @property
    def threshold(self) -> Fraction | None:
        return self._threshold

    @property
    def strict(self) -> bool:
        return self._strict

    def describe(self) -> str:
        m = len(self._members)
        op = "more than" if self._strict else "at least"
        if self._quota is not None:
            return f"{op} {_fmt(self._quota)} of {m} members"
        assert self._threshold is not None
        return f"{op} {float(self._threshold):.4g} of {m} members"


class Unanimity(LinearRule):
    """Every member (default: every player) is in the coalition."""

    __slots__ = ()

    def __init__(self, n: int, *, members: Sequence[int] | None = None) -> None:
        n = _check_n(n)
        mem = _members_arg(members, n)
        memset = set(mem)
        super().__init__(n, [1 if i in memset else 0 for i in range(n)], len(mem), mem)

    def describe(self) -> str:
        if len(self._members) == self.n:
            return "unanimity"
        return f"unanimity of {len(self._members)} members"


class Veto(LinearRule):
    """Every veto holder is in the coalition (none of them votes no)."""

    __slots__ = ()

    def __init__(self, n: int, holders: Sequence[int]) -> None:
        n = _check_n(n)
        if holders is None or isinstance(holders, str | bytes):
            raise InvalidRuleError("holders must be a sequence of player indices")
        mem = _player_list(holders, n, "holders")
        memset = set(mem)
        super().__init__(n, [1 if i in memset else 0 for i in range(n)], len(mem), mem)

    @property
    def holders(self) -> tuple[int, ...]:
        return self._members

    def describe(self) -> str:
        return f"consent of all {len(self._members)} veto holders"


class _Composite(Rule):
    __slots__ = ("_rules",)

    def __init__(self, rules: Sequence[Rule]) -> None:
        if isinstance(rules, Rule):
            raise InvalidRuleError(f"{type(self).__name__} takes a sequence of rules")
        parts = list(rules)
        if not parts:
            raise InvalidRuleError(f"{type(self).__name__} needs at least one rule")
        for r in parts:
            if not isinstance(r, Rule):
                raise InvalidRuleError(f"{type(self).__name__} parts must be rules, got {r!r}")
        ns = {r.n for r in parts}
        if len(ns) != 1:
            raise InvalidRuleError(
                f"{type(self).__name__} parts must have the same number of players, got {sorted(ns)}"
            )
        super().__init__(parts[0].n)
        self._rules = tuple(parts)

    @property
    def rules(self) -> tuple[Rule, ...]:
        return self._rules


class AllOf(_Composite):
    """Every part is satisfied (AND)."""

    __slots__ = ()

    def _wins(self, masks: NDArray[np.bool_], cache: dict[str, Any]) -> NDArray[np.bool_]:
        out = self._rules[0]._wins(masks, cache)
        for r in self._rules[1:]:
            out = out & r._wins(masks, cache)
        return out

    def describe(self) -> str:
        return "all of (" + "; ".join(r.describe() for r in self._rules) + ")"


class AnyOf(_Composite):
    """At least one part is satisfied (OR)."""

    __slots__ = ()

    def _wins(self, masks: NDArray[np.bool_], cache: dict[str, Any]) -> NDArray[np.bool_]:
        out = self._rules[0]._wins(masks, cache)
        for r in self._rules[1:]:
            out = out | r._wins(masks, cache)
        return out

    def describe(self) -> str:
        return "any of (" + "; ".join(r.describe() for r in self._rules) + ")"
