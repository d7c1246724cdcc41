"""Every docstring example in the package runs and shows what it says (issue 12, point 4).

The equivalent of ``pytest --doctest-modules src``, as one test per module that has examples, so the suite
(``make test``) runs them without collecting ``src`` itself. A module without examples is listed too: the
count of examples can only grow by adding them, and a module that stops importing fails here.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import coalitionist

#: Modules that cannot be imported on their own: Alembic's migration environment runs only under Alembic.
NOT_IMPORTABLE = {"coalitionist.web.migrations.env", "coalitionist.__main__"}

MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(coalitionist.__path__, "coalitionist.")
    if m.name not in NOT_IMPORTABLE and ".migrations.versions." not in m.name
)

FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    for test in finder.find(module, name):
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed"


def test_the_package_has_examples_to_run() -> None:
    finder = doctest.DocTestFinder(exclude_empty=True)
    total = sum(
        len(t.examples) for n in MODULES for t in finder.find(importlib.import_module(n), n)
    )
    assert total >= 180  # 183 when this test was written: examples are added, not lost
