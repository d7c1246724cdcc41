"""Fuzz targets for the readers of user files (issue 18, point 3): the YAML/JSON scenario loader, the KTAB
SMP CSV reader, and the stakeholder-register importer (CSV and XLSX).

Each target takes the fuzzer's bytes, writes them to a file with the target's suffix and reads it the
way the command line does. The contract: either a result, or a :class:`~coalitionist.errors.CoalitionistError`
whose exit status is 2 and whose message names the file — anything else (any other exception, exit status
1 "internal error", a message without the file) is a crash and the fuzzer stops on it.

Run with atheris (coverage-guided; ``docs/howto/fuzzing.md``)::

    python fuzz/run.py loader -runs=100000 fuzz/corpus/loader
    python fuzz/run.py register_xlsx -max_total_time=600

``tests/reliability/test_fuzz.py`` runs every target for a bounded number of inputs in the suite, and
every crash found becomes a row of ``tests/reliability/test_bad_inputs.py``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from coalitionist.errors import CoalitionistError


class ContractBrokenError(AssertionError):
    """A reader broke the contract: not a located exit-2 error."""


def _read_as(suffix: str, read: Callable[[str], object]) -> Callable[[bytes], None]:
    def target(data: bytes) -> None:
        fd, name = tempfile.mkstemp(suffix=suffix, prefix="fuzz-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            try:
                read(name)
            except CoalitionistError as exc:
                message = exc.format_message()
                if exc.exit_code != 2:
                    raise ContractBrokenError(
                        f"exit {exc.exit_code} ({type(exc).__name__}): {message}"
                    ) from exc
                if Path(name).name not in message:
                    raise ContractBrokenError(f"message does not name the file: {message}") from exc
        finally:
            os.unlink(name)

    target.__name__ = f"read{suffix.replace('.', '_')}"
    return target


def _load(name: str) -> object:
    from coalitionist.io import load_scenario

    return load_scenario(name)


def _register(name: str) -> object:
    from coalitionist.io.register import import_register

    return import_register(name)


#: name → (target, file suffix, seed files relative to the repository)
TARGETS: dict[str, tuple[Callable[[bytes], None], str, tuple[str, ...]]] = {
    "loader_yaml": (
        _read_as(".yaml", _load),
        ".yaml",
        (
            "examples/clinic-program.yaml",
            "examples/eu-council.yaml",
            "tests/reliability/data/hostile-names.yaml",
        ),
    ),
    "loader_json": (_read_as(".json", _load), ".json", ()),
    "ktab": (_read_as(".csv", _load), ".csv", ("tests/data/ktab/dummyData_3Dim.csv",)),
    "register_csv": (_read_as(".csv", _register), ".csv", ()),
    "register_xlsx": (_read_as(".xlsx", _register), ".xlsx", ()),
}


def seeds(name: str, root: Path) -> list[bytes]:
    """Seed inputs of a target: its files, and for JSON / register targets ones made here."""
    out = [(root / p).read_bytes() for p in TARGETS[name][2] if (root / p).exists()]
    if name == "loader_json":
        import json

        import yaml

        for p in ("examples/clinic-program.yaml", "examples/eu-council.yaml"):
            data = yaml.safe_load((root / p).read_text(encoding="utf-8"))
            out.append(json.dumps(data, default=str).encode())
    if name == "register_csv":
        out.append(
            b"Name,Title/Role,Influence,Interest,Attitude,Current Engagement,Tags\n"
            b"Ana Ruiz,Director,High,High,Supportive,Neutral,board|exec\n"
            b'Ben Ode,CFO,5,2,"Resistant",Resistant,exec\n'
        )
    if name == "register_xlsx":
        out.append(_xlsx())
    return out


def _xlsx() -> bytes:
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Name", "Influence", "Interest", "Position", "Tags"])
    ws.append(["Ana Ruiz", 80, "high", "supportive", "team"])
    ws.append(["Ben Ode", 20, 2, -1, "ops"])
    ties = wb.create_sheet("Ties")
    ties.append(["From", "To", "Type", "Weight"])
    ties.append(["Ana Ruiz", "Ben Ode", "alliance", 0.5])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
