"""The layers hold where import-linter cannot look: at run time."""

from __future__ import annotations

import subprocess
import sys


def _fresh(code: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return out.stdout.strip()


def test_results_show_plainly_until_the_report_layer_registers_its_views() -> None:
    code = (
        "import sys\n"
        "from coalitionist.power import Weighted, power_indices\n"
        "r = power_indices(Weighted([2, 1, 1], quota=3), ['a', 'b', 'c'])\n"
        "print(repr(r)); print('report' in ' '.join(m for m in sys.modules if m.startswith('coalitionist.')))\n"
        "import coalitionist.report\n"
        "print(repr(r).splitlines()[0])\n"
    )
    before, loaded, after = _fresh(code).splitlines()[:3]
    assert before == "<PowerResult>"
    assert loaded == "False"  # a numeric result does not pull in the renderers
    assert after.startswith("<PowerResult: Voting power")


def test_the_ipython_extension_enables_display() -> None:
    code = (
        "import coalitionist\n"
        "from coalitionist.display import text_repr\n"
        "from coalitionist.brief import Table\n"
        "t = Table(('a',), (('1',),), caption='c')\n"
        "print(text_repr(t) == '<Table>')\n"
        "coalitionist.load_ipython_extension(None)\n"
        "print(text_repr(t).startswith('<Table: c>'))\n"
    )
    assert _fresh(code).splitlines() == ["True", "True"]


def test_the_brief_pipeline_loads_no_renderer() -> None:
    code = (
        "import sys\n"
        "from coalitionist.brief import make_brief\n"
        "from coalitionist.examples import example_path\n"
        "from coalitionist.io import load_scenario\n"
        "b = make_brief(load_scenario(example_path('un-security-council')))\n"
        "print(sorted(m for m in sys.modules if m.startswith('coalitionist.report')))\n"
        "print(all(s.figures == () for s in b.sections))\n"
    )
    assert _fresh(code).splitlines() == ["[]", "True"]
