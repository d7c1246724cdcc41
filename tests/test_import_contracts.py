"""The layers are a checked contract (issue 12, point 1): import-linter's contracts in ``pyproject.toml``
hold on the package, and they see an import written inside a function.

``make lint`` runs ``lint-imports`` too; running it here puts the contract in the suite, and the second test
shows that it can fail: a copy of the package with one function-level upward import (``power`` reaching the
report layer) breaks all three: the layers, the numeric packages' and the no-cycles contract.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.skipif(not LINT.exists(), reason="import-linter is not installed")


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    return subprocess.run(
        [str(LINT), "--no-cache"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_the_contracts_hold() -> None:
    proc = _lint(ROOT)
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert "Contracts: 3 kept, 0 broken." in proc.stdout


def test_an_upward_import_inside_a_function_breaks_them(tmp_path: Path) -> None:
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(
        ROOT / "src" / "coalitionist",
        tmp_path / "src" / "coalitionist",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    power = tmp_path / "src" / "coalitionist" / "power" / "__init__.py"
    power.write_text(
        power.read_text(encoding="utf-8")
        + "\n\ndef _upward() -> None:\n    from coalitionist.report import notebook  # noqa: F401\n",
        encoding="utf-8",
    )
    proc = _lint(tmp_path)
    assert proc.returncode != 0
    assert "coalitionist.power -> coalitionist.report" in proc.stdout.replace("\n", " ")
    # the layers, "numeric packages know no report" and, since report imports power, the acyclic one
    assert "Contracts: 0 kept, 3 broken." in proc.stdout
