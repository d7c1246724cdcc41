"""``benchmarks/run_all.py`` makes every section ``docs/benchmarks.md`` shows (none is written by hand any
more), and a section whose title changed is replaced in its place by ``--update``."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def _run_all() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "run_all_sections", ROOT / "benchmarks" / "run_all.py"
    )
    assert spec is not None
    assert spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_every_section_of_the_page_is_made_by_run_all() -> None:
    ra = _run_all()
    _, _, titles = ra._sections((ROOT / "docs" / "benchmarks.md").read_text("utf-8").splitlines())
    made = [title for _, title, _, _ in ra.BENCHMARKS]
    assert titles
    assert [t for t in titles if t not in made] == []
    assert len(set(made)) == len(made)
    # each script it names exists, and the coalition and influence growth curves reach 10,000 actors
    assert all((ROOT / "benchmarks" / script).exists() for script, _, _, _ in ra.BENCHMARKS)
    full = {script: args for script, _, args, _ in ra.BENCHMARKS}
    assert "10000" in full["coalitions.py"][full["coalitions.py"].index("--sizes") + 1].split(",")
    assert "10000" in full["influence.py"][full["influence.py"].index("--sizes") + 1].split(",")


def test_a_renamed_section_is_replaced_in_its_place() -> None:
    ra = _run_all()
    (was, now), *_ = ra.RENAMED.items()
    page = f"# Benchmarks\n\n## Power indices\n\nold power\n\n## {was}\n\nold rows\n\n## Figures\n\nfigs\n"
    fresh = [f"## {now}", "", "new rows", ""]
    out = "\n".join(ra._updated(page, fresh, "now"))
    titles = [line[3:] for line in out.splitlines() if line.startswith("## ")]
    assert titles == ["Power indices", now, "Figures"]
    assert "old rows" not in out
    assert "new rows" in out
