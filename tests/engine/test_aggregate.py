"""Streaming summaries: exact sums, quantiles exact when small, the sketch's accuracy, merging."""

from __future__ import annotations

import math
import random
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coalitionist.engine import EXACT_LIMIT, RELATIVE_ACCURACY, ExactSum, NumberStats, Summary

finite = st.floats(-1e12, 1e12, allow_nan=False, allow_infinity=False)


@given(st.lists(finite, max_size=60))
def test_exact_sum_equals_rational_sum(xs: list[float]) -> None:
    s = ExactSum()
    s.add(xs)
    assert s.fraction() == sum((Fraction(x) for x in xs), Fraction(0))
    assert s.value() == math.fsum(xs)


@given(st.lists(finite, min_size=1, max_size=60), st.randoms(use_true_random=False))
def test_merge_does_not_depend_on_partition_or_order(xs: list[float], rnd: random.Random) -> None:
    whole = NumberStats()
    whole.add(xs)
    parts = []
    i = 0
    while i < len(xs):
        j = i + rnd.randint(1, 7)
        part = NumberStats()
        part.add(xs[i:j])
        parts.append(part)
        i = j
    rnd.shuffle(parts)
    merged = NumberStats()
    for p in parts:
        merged.merge(p)
    assert merged.to_dict() == whole.to_dict()


def test_small_runs_have_numpys_quantiles() -> None:
    x = np.random.default_rng(3).normal(size=999)
    st_ = NumberStats()
    st_.add(x[:500])
    other = NumberStats()
    other.add(x[500:])
    st_.merge(other)
    assert st_.exact
    assert st_.quantiles([0.05, 0.5, 0.95]) == np.quantile(x, [0.05, 0.5, 0.95]).tolist()
    assert st_.mean() == pytest.approx(x.mean(), rel=1e-12)
    assert st_.std() == pytest.approx(x.std(ddof=1), rel=1e-9)


def test_sketch_is_within_its_relative_accuracy_and_partition_free() -> None:
    rng = np.random.default_rng(0)
    x = np.concatenate([rng.lognormal(0, 1, EXACT_LIMIT), -rng.lognormal(2, 0.5, 500), np.zeros(7)])
    whole = NumberStats()
    whole.add(x)
    assert not whole.exact
    halves = NumberStats()
    halves.add(x[: len(x) // 3])
    rest = NumberStats()
    rest.add(x[len(x) // 3 :])
    halves.merge(rest)
    assert halves.to_dict() == whole.to_dict()
    qs = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]
    srt = np.sort(x)
    for q, got in zip(qs, whole.quantiles(qs), strict=True):
        # the sketch returns a value whose rank is that of the q-quantile, to within 2α relative
        want = srt[math.floor(q * (len(x) - 1))]
        assert abs(got - want) <= 2 * RELATIVE_ACCURACY * abs(want) + 1e-12, (q, got, want)


def test_summary_counts_labels_and_failures() -> None:
    s = Summary.of_records(
        [({"x": 1.0}, {"first": "uk"}), None, ({"x": 2.0, "y": float("nan")}, {"first": "uk"})]
    )
    s.merge(Summary.of_records([({"x": 6.0}, {"first": "saudi"})]))
    assert s.samples == 4
    assert s.failed == 1
    assert s.numbers["x"].mean() == 3.0
    assert s.numbers["y"].count == 0  # NaN is missing, not a number
    assert s.shares("first") == {"uk": 2 / 3, "saudi": 1 / 3}
    assert s.probability("first", "saudi") == 1 / 3
