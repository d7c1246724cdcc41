"""Chunks, sample streams and chunk sizes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coalitionist.engine import chunk_size_for, make_chunks, root_entropy, sample_rng
from coalitionist.errors import InvalidInputError


@given(st.integers(1, 500), st.integers(1, 600))
def test_chunks_cover_every_sample_once_in_order(n: int, size: int) -> None:
    chunks = make_chunks(n, size, 0)
    flat = [i for c in chunks for i, _ in c.rngs()]
    assert flat == list(range(n))
    assert all(1 <= len(c) <= size for c in chunks)
    assert [c.index for c in chunks] == list(range(len(chunks)))


def test_sample_stream_is_the_spawned_child() -> None:
    children = np.random.SeedSequence(42).spawn(8)
    for i in range(8):
        assert (
            sample_rng(42, i).random(3).tolist()
            == np.random.default_rng(children[i]).random(3).tolist()
        )


def test_fresh_entropy_when_no_seed() -> None:
    assert root_entropy(None) != root_entropy(None)
    assert root_entropy(5) == 5


@pytest.mark.parametrize("bad", [-1, 1.5, True])
def test_bad_seed(bad: object) -> None:
    with pytest.raises(InvalidInputError):
        root_entropy(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(("n", "size"), [(0, 1), (5, 0), (2.5, 1)])
def test_bad_chunking(n: object, size: int) -> None:
    with pytest.raises(InvalidInputError):
        make_chunks(n, size, 0)  # type: ignore[arg-type]


def test_chunk_size_balances_and_hides_overhead() -> None:
    # four chunks per worker at least
    assert chunk_size_for(1000, 2) == 125
    # a slow sample (1 s) gets chunks of one sample; a fast one fills a quarter second
    assert chunk_size_for(1000, 2, seconds_per_sample=1.0) == 1
    assert chunk_size_for(100_000, 2, seconds_per_sample=1e-3) == 250
    assert chunk_size_for(3, 8) == 1
    assert chunk_size_for(10**9, 1, seconds_per_sample=1e-9) == 10_000


@pytest.mark.parametrize(
    "name",
    [
        "coalitionist.engine.seeds",
        "coalitionist.engine.aggregate",
        "coalitionist.engine.run",
        "coalitionist.engine.backends",
    ],
)
def test_docstring_examples(name: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0
    assert result.failed == 0
