"""The bounded fuzz run (issue 18, point 3): every reader of user files under atheris, coverage-guided,
for a few seconds each (about 45 s of CPU in all); the nightly-sized run (10^5 inputs per target) is in
``docs/howto/fuzzing.md``. A crash is an input that breaks the contract "a result, or a located exit-2
error": the run fails and libFuzzer writes the input (``crash-*``) for the table of bad inputs.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("atheris")

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "fuzz"))

targets = importlib.import_module("targets")  # fuzz/targets.py (not a package: run as a script)

#: Seconds of fuzzing per target in the suite.
SECONDS = 8


@pytest.mark.parametrize("name", sorted(targets.TARGETS))
def test_a_bounded_fuzz_run_finds_no_crash(name: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for k, data in enumerate(targets.seeds(name, ROOT)):
        (corpus / f"seed-{k}").write_bytes(data)
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "fuzz" / "run.py"),
            name,
            "-runs=100000",
            f"-max_total_time={SECONDS}",
            "-seed=1",
            f"-artifact_prefix={tmp_path}/",
            str(corpus),
        ],
        capture_output=True,
        text=True,
        timeout=10 * SECONDS + 60,
        cwd=tmp_path,
    )
    crashes = list(tmp_path.glob("crash-*"))
    assert not crashes, run.stderr[-3000:]
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Done" in run.stderr


def test_the_targets_accept_their_seeds_and_flag_an_internal_error() -> None:
    for name, (target, _, _) in targets.TARGETS.items():
        for data in targets.seeds(name, ROOT):
            target(data)  # a seed is read (or refused with exit 2) without breaking the contract
    # a contract break is reported as one: an error with exit status 1 is not accepted
    from coalitionist.errors import AnalysisError

    def broken(path: str) -> object:
        raise AnalysisError(f"{path}: boom")

    with pytest.raises(targets.ContractBrokenError, match="exit 1"):
        targets._read_as(".yaml", broken)(b"x")
