"""The examples in the trades docstrings run and give what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "coalitionist.trades.inputs",
    "coalitionist.trades.exact",
    "coalitionist.trades.frontier",
    "coalitionist.trades.compromise",
    "coalitionist.trades.pairs",
    "coalitionist.trades.risk",
    "coalitionist.trades.describe",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0
    assert result.failed == 0
