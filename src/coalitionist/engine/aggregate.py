"""Streaming, mergeable summaries of many samples: counts, exact means, quantiles.

Each chunk of samples is summarised where it runs (:meth:`Summary.of_records`) and summaries are merged
(:meth:`Summary.merge`), on the workers or as chunks come back, so the draws themselves never travel. Every
part of a summary is a function of the *multiset* of values it has seen, so the merged result does not
depend on how the samples were cut into chunks or in which order the chunks were merged — a sweep gives
byte-identical numbers on every backend and every chunk size:

* **counts** of labels (how often the first move was each actor) are integers;
* **sums** are exact: each float is split by :func:`numpy.frexp` into an integer mantissa and a binary
  exponent, and the integer mantissas are added per exponent (arbitrary-precision integers), so the mean
  and the variance are rounded once, at the end, from the exact sums;
* **quantiles** are exact (linear interpolation between order statistics, as :func:`numpy.quantile`) while
  at most :data:`EXACT_LIMIT` values have been seen, and then come from a logarithmic-bucket sketch with
  integer counts and relative accuracy :data:`RELATIVE_ACCURACY` (DDSketch, Masson, Rim & Lee 2019).

References
----------
.. [1] C. Masson, J. E. Rim and H. K. Lee, "DDSketch: a fast and fully-mergeable quantile sketch with
   relative-error guarantees", *PVLDB* 12(12), 2019.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "EXACT_LIMIT",
    "QUANTILES",
    "RELATIVE_ACCURACY",
    "ExactSum",
    "NumberStats",
    "Summary",
]

#: Values kept exactly per quantity before switching to the sketch.
EXACT_LIMIT = 20_000
#: Relative accuracy of a sketched quantile (0.5 %).
RELATIVE_ACCURACY = 0.005
_GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY)
_LOG_GAMMA = math.log(_GAMMA)
#: Values of smaller magnitude than this fall in the sketch's zero bucket.
_TINY = 1e-12
#: Quantiles every number is reported at.
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


@dataclass
class ExactSum:
    """The exact sum of many floats, mergeable: ``{binary exponent: sum of 53-bit integer mantissas}``.

    Examples
    --------
    >>> s = ExactSum()
    >>> s.add([0.1] * 10)
    >>> s.value() == 1.0, sum([0.1] * 10) == 1.0
    (True, False)
    """

    terms: dict[int, int] = field(default_factory=dict)

    def add(self, values: ArrayLike) -> None:
        """Add finite values (vectorised)."""
        x = np.asarray(values, dtype=float).ravel()
        if x.size == 0:
            return
        mantissa, exponent = np.frexp(x)
        m = (mantissa * 2.0**53).astype(np.int64)  # exact: |mantissa| < 1 has 53 bits
        hi, lo = m >> 26, m & ((1 << 26) - 1)  # halves, so int64 sums cannot overflow
        for e in np.unique(exponent).tolist():
            sel = exponent == e
            total = (int(hi[sel].sum()) << 26) + int(lo[sel].sum())
            self.terms[e] = self.terms.get(e, 0) + total

    def merge(self, other: ExactSum) -> None:
        """Add another exact sum into this one."""
        for e, t in other.terms.items():
            self.terms[e] = self.terms.get(e, 0) + t

    def fraction(self) -> Fraction:
        """The sum as an exact rational."""
        if not self.terms:
            return Fraction(0)
        low = min(self.terms)
        scaled = sum(t << (e - low) for e, t in self.terms.items())
        shift = low - 53
        return Fraction(scaled * 2**shift) if shift >= 0 else Fraction(scaled, 2**-shift)

    def value(self) -> float:
        """The sum, correctly rounded to a float."""
        return float(self.fraction())


def _bucket_keys(x: NDArray[np.float64]) -> NDArray[np.int64]:
    """Signed sketch keys: ``±(1 + ceil(log_γ |x|) − k_min)``, 0 for |x| < tiny."""
    a = np.abs(x)
    big = a >= _TINY
    k = np.zeros(x.shape, dtype=np.int64)
    offset = math.floor(math.log(_TINY) / _LOG_GAMMA)
    k[big] = np.ceil(np.log(a[big]) / _LOG_GAMMA).astype(np.int64) - offset + 1
    return np.where(x < 0, -k, k)


def _bucket_value(key: int) -> float:
    """The value a sketch bucket stands for (the midpoint in relative terms)."""
    if key == 0:
        return 0.0
    offset = math.floor(math.log(_TINY) / _LOG_GAMMA)
    k = abs(key) + offset - 1
    v = 2.0 * _GAMMA**k / (_GAMMA + 1.0)
    return v if key > 0 else -v


@dataclass
class NumberStats:
    """Everything reported about one number over the samples (see the module docstring)."""

    count: int = 0
    sum: ExactSum = field(default_factory=ExactSum)
    sumsq: ExactSum = field(default_factory=ExactSum)
    low: float = math.inf
    high: float = -math.inf
    values: list[NDArray[np.float64]] | None = field(default_factory=list)
    sketch: dict[int, int] | None = None

    def add(self, values: ArrayLike) -> None:
        """Add finite values (NaN and infinities are the caller's to count as missing)."""
        x = np.asarray(values, dtype=float).ravel()
        if x.size == 0:
            return
        self.count += int(x.size)
        self.sum.add(x)
        self.sumsq.add(x * x)
        self.low = min(self.low, float(x.min()))
        self.high = max(self.high, float(x.max()))
        if self.values is not None:
            self.values.append(x.copy())
            self._maybe_sketch()
        else:
            self._sketch_add(x)

    def _sketch_add(self, x: NDArray[np.float64]) -> None:
        assert self.sketch is not None
        keys, counts = np.unique(_bucket_keys(x), return_counts=True)
        for k, c in zip(keys.tolist(), counts.tolist(), strict=True):
            self.sketch[k] = self.sketch.get(k, 0) + c

    def _maybe_sketch(self) -> None:
        if self.values is not None and self.count > EXACT_LIMIT:
            kept, self.values, self.sketch = self.values, None, {}
            for x in kept:
                self._sketch_add(x)

    def merge(self, other: NumberStats) -> None:
        """Merge another summary of the same number into this one."""
        if other.count == 0:
            return
        self.count += other.count
        self.sum.merge(other.sum)
        self.sumsq.merge(other.sumsq)
        self.low = min(self.low, other.low)
        self.high = max(self.high, other.high)
        if self.values is not None and other.values is not None:
            self.values.extend(other.values)
            self._maybe_sketch()
            return
        if self.values is not None:
            kept, self.values, self.sketch = self.values, None, {}
            for x in kept:
                self._sketch_add(x)
        assert self.sketch is not None
        if other.values is not None:
            for x in other.values:
                self._sketch_add(x)
        else:
            assert other.sketch is not None
            for k, c in other.sketch.items():
                self.sketch[k] = self.sketch.get(k, 0) + c

    @property
    def exact(self) -> bool:
        """Whether the quantiles are exact order statistics (not sketched)."""
        return self.values is not None

    def mean(self) -> float:
        """The mean, rounded once from the exact sum."""
        return float(self.sum.fraction() / self.count) if self.count else math.nan

    def std(self) -> float:
        """The sample standard deviation (ddof 1), from the exact sums."""
        if self.count < 2:
            return 0.0 if self.count == 1 else math.nan
        n = self.count
        s1, s2 = self.sum.fraction(), self.sumsq.fraction()
        var = (s2 - s1 * s1 / n) / (n - 1)
        return math.sqrt(max(float(var), 0.0))

    def quantiles(self, qs: Iterable[float] = QUANTILES) -> list[float]:
        """Quantiles: exact (linear interpolation) while small, else from the sketch."""
        qs = list(qs)
        if self.count == 0:
            return [math.nan] * len(qs)
        if self.values is not None:
            x = np.sort(np.concatenate(self.values))
            return [float(v) for v in np.quantile(x, qs)]
        assert self.sketch is not None
        keys = sorted(self.sketch, key=_bucket_value)
        cum = np.cumsum([self.sketch[k] for k in keys])
        out = []
        for q in qs:
            rank = q * (self.count - 1)
            j = int(np.searchsorted(cum, rank, side="right"))
            v = _bucket_value(keys[min(j, len(keys) - 1)])
            out.append(float(min(max(v, self.low), self.high)))
        return out

    def to_dict(self) -> dict[str, Any]:
        """``{n, mean, sd, min, max, p05 … p95, exact_quantiles}``."""
        out: dict[str, Any] = {
            "n": self.count,
            "mean": self.mean(),
            "sd": self.std(),
            "min": self.low,
            "max": self.high,
        }
        for q, v in zip(QUANTILES, self.quantiles(), strict=True):
            out[f"p{round(q * 100):02d}"] = v
        out["exact_quantiles"] = self.exact
        return out


@dataclass
class Summary:
    """Numbers and labels over samples, keyed by name; mergeable.

    ``numbers[key]`` summarises a real-valued quantity; ``labels[key]`` counts how often each label (an
    actor id, ``"true"``/``"false"``, a move sequence) occurred; ``samples`` is how many samples were
    summarised and ``failed`` how many raised an analysis error (their keys are missing).

    Examples
    --------
    >>> s = Summary.of_records([({"x": 1.0}, {"first": "uk"}), ({"x": 3.0}, {"first": "saudi"})])
    >>> s.numbers["x"].mean(), s.labels["first"]["uk"]
    (2.0, 1)
    """

    samples: int = 0
    failed: int = 0
    numbers: dict[str, NumberStats] = field(default_factory=dict)
    labels: dict[str, Counter[str]] = field(default_factory=dict)

    @classmethod
    def of_records(
        cls,
        records: Iterable[tuple[Mapping[str, float], Mapping[str, str]] | None],
    ) -> Summary:
        """Summarise records ``(numbers, labels)``; ``None`` is a failed sample."""
        out = cls()
        columns: dict[str, list[float]] = {}
        for rec in records:
            out.samples += 1
            if rec is None:
                out.failed += 1
                continue
            nums, labs = rec
            for k, v in nums.items():
                columns.setdefault(k, []).append(float(v))
            for k, lab in labs.items():
                out.labels.setdefault(k, Counter())[str(lab)] += 1
        for k, col in columns.items():
            x = np.asarray(col, dtype=float)
            stats = NumberStats()
            stats.add(x[np.isfinite(x)])
            out.numbers[k] = stats
        return out

    def merge(self, other: Summary) -> Summary:
        """Merge ``other`` into this summary (and return it)."""
        self.samples += other.samples
        self.failed += other.failed
        for k, st in other.numbers.items():
            if k in self.numbers:
                self.numbers[k].merge(st)
            else:
                self.numbers[k] = st
        for k, c in other.labels.items():
            self.labels.setdefault(k, Counter()).update(c)
        return self

    def probability(self, key: str, label: str = "true") -> float:
        """Share of successful samples in which ``labels[key]`` was ``label``."""
        ok = self.samples - self.failed
        return self.labels.get(key, Counter())[label] / ok if ok else math.nan

    def shares(self, key: str) -> dict[str, float]:
        """Every label of ``key`` with its share of successful samples, most frequent first (ties by name)."""
        ok = self.samples - self.failed
        c = self.labels.get(key, Counter())
        return {lab: n / ok for lab, n in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))}


def merge_summaries(a: Summary, b: Summary) -> Summary:
    """``a.merge(b)`` as a function (what the engine reduces with)."""
    return a.merge(b)
