"""Run one fuzz target under atheris (coverage-guided): ``python fuzz/run.py TARGET [libFuzzer options]``.

TARGET is one of :data:`targets.TARGETS`. libFuzzer options pass through (``-runs=100000``,
``-max_total_time=600``, a corpus directory). With no corpus directory given, the target's seeds are
written to a temporary one. A crash prints the input and exits non-zero (libFuzzer writes it to
``crash-<sha1>``); see ``docs/howto/fuzzing.md``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

with atheris.instrument_imports(include=["coalitionist", "yaml", "openpyxl", "csv"]):
    import targets  # type: ignore[import-not-found]  # fuzz/targets.py, beside this script

    import coalitionist.io.ktab
    import coalitionist.io.load
    import coalitionist.io.register  # noqa: F401


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in targets.TARGETS:
        sys.exit(f"usage: python fuzz/run.py {{{','.join(targets.TARGETS)}}} [libFuzzer options]")
    name = sys.argv[1]
    args = [sys.argv[0], *sys.argv[2:]]
    if not any(not a.startswith("-") for a in sys.argv[2:]):
        corpus = Path(tempfile.mkdtemp(prefix=f"fuzz-{name}-"))
        for k, data in enumerate(targets.seeds(name, ROOT)):
            (corpus / f"seed-{k}").write_bytes(data)
        args.append(str(corpus))
    target = targets.TARGETS[name][0]
    atheris.Setup(args, target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
