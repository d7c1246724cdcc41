"""``benchmarks/run_all.py --only ... --update`` replaces only the sections it ran.

It once dropped a section added to ``docs/benchmarks.md`` by hand (its title is not in ``BENCHMARKS``)
when another section was re-run; and a ``## `` line a benchmark prints inside its output is no section.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

RUN_ALL = Path(__file__).resolve().parents[2] / "benchmarks" / "run_all.py"


def _run_all() -> ModuleType:
    spec = importlib.util.spec_from_file_location("run_all_under_test", RUN_ALL)
    assert spec is not None
    assert spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


PAGE = """# Benchmarks

Run once.

## Power indices

```text
## Voting power (benchmarks/power.py)
old power
```

## Recruitment planner: by hand

```text
hand-made
```

## SMP (KTAB's model)

```text
old smp
```
"""


def test_update_keeps_hand_added_sections_and_replaces_only_what_ran() -> None:
    ra = _run_all()
    fresh = ["## SMP (KTAB's model)", "", "```text", "new smp", "```", ""]
    out = "\n".join(ra._updated(PAGE, fresh, "now"))
    titles = [line for line in out.splitlines() if line.startswith("## ")]
    assert titles == [
        "## Power indices",
        "## Voting power (benchmarks/power.py)",  # inside the fence, kept as text
        "## Recruitment planner: by hand",
        "## SMP (KTAB's model)",
    ]
    assert "hand-made" in out
    assert "old power" in out
    assert "new smp" in out
    assert "old smp" not in out
    assert "Sections re-run on now (`--update`): SMP (KTAB's model)." in out


def test_a_new_section_goes_where_benchmarks_puts_it() -> None:
    ra = _run_all()
    fresh = ["## BDM and Monte Carlo", "", "```text", "bdm", "```", ""]
    out = "\n".join(ra._updated(PAGE, fresh, "now"))
    titles = [
        line[3:] for line in out.splitlines() if line.startswith("## ") and "Voting" not in line
    ]
    assert titles[-1] == "BDM and Monte Carlo"
    assert titles.index("SMP (KTAB's model)") < titles.index("BDM and Monte Carlo")
