"""The examples in the process package's docstrings run and give what they show."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from typing import Any

import pytest

import coalitionist.process as package

MODULES = sorted(
    [package.__name__]
    + [m.name for m in pkgutil.iter_modules(package.__path__, prefix=package.__name__ + ".")]
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: Any) -> None:
    module = importlib.import_module(name)
    failures, _ = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert failures == 0
